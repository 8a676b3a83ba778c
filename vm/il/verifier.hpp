// Checks every rule of spec/il.md §9; reports all violations, not just the first.
#pragma once
#include "il/module.hpp"
#include "il/parser.hpp"
#include "support/diag.hpp"

namespace viper::il {

struct VerifyOptions {
  /// Plain add/sub/mul/sdiv/udiv/srem/urem and fptosi are optimizer/hand-written IL; a
  /// front end's output is verified with this off (spec/il.md §4 "rej").
  bool allowUncheckedOps = true;
};

/// Returns true when the module is valid. Runtime functions called without an extern are
/// resolved through `lookup`.
bool verifyModule(const Module &m, DiagnosticEngine &diags, const SignatureLookup &lookup = {},
                  VerifyOptions opts = {});

} // namespace viper::il
