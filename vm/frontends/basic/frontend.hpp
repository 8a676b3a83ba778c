// The BASIC front end as one call: source file -> verified Viper IL.
#pragma once
#include "il/module.hpp"
#include "support/diag.hpp"
#include <optional>

namespace viper::basic {

/// Lexes, parses, checks and lowers file `fileId`. Returns nullopt with every error in
/// `diags` (file:line:col, several per run). The IL it produces must verify with checked
/// arithmetic only; the driver's finishing pipeline checks that.
std::optional<il::Module> compile(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags);

} // namespace viper::basic
