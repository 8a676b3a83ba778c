// The Zia front end as one call: source file -> verified Viper IL.
#pragma once
#include "il/module.hpp"
#include "support/diag.hpp"
#include <optional>

namespace viper::zia {

/// Lexes, parses, checks and lowers file `fileId`. Returns nullopt with every error in
/// `diags` (file:line:col, several per run). The IL is unoptimised (locals in frame
/// slots, checked arithmetic only); the driver verifies it and runs the passes.
std::optional<il::Module> compile(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags);

} // namespace viper::zia
