// BASIC syntax tree -> Viper IL (spec/basic.md §8): variables live in frame slots
// (alloca), strings are reference-counted exactly, every instruction carries the .loc of
// its statement so runtime traps name the BASIC line.
#pragma once
#include "frontends/basic/ast.hpp"
#include "il/module.hpp"
#include <optional>

namespace viper::basic {

/// Type-checks and lowers `prog`; nullopt (with errors in `diags`) if the program is wrong.
std::optional<il::Module> lower(const Program &prog, DiagnosticEngine &diags);

} // namespace viper::basic
