// Checks every rule of spec/il.md §9; reports all violations, not just the first.
#pragma once
#include "il/module.hpp"
#include "il/parser.hpp"
#include "support/diag.hpp"
#include <functional>
#include <string_view>

namespace viper::il {

/// What a runtime call does to its first argument's reference count, for the static
/// use-after-release rule. The runtime registry answers; the IL library names no function.
enum class RefEffect { None, Retain, Release };
using RefEffectLookup = std::function<RefEffect(std::string_view)>;

struct VerifyOptions {
  /// Plain add/sub/mul/sdiv/udiv/srem/urem and fptosi are optimizer/hand-written IL; a
  /// front end's output is verified with this off (spec/il.md §4 "rej").
  bool allowUncheckedOps = true;
  /// When set, a value released by a call and then used again in the same block (with no
  /// retain of it in between) is an error, as upstream's verifier rejects it.
  RefEffectLookup refEffects;
};

/// Returns true when the module is valid. Runtime functions called without an extern are
/// resolved through `lookup`.
bool verifyModule(const Module &m, DiagnosticEngine &diags, const SignatureLookup &lookup = {},
                  VerifyOptions opts = {});

} // namespace viper::il
