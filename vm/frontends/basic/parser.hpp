// BASIC tokens -> syntax tree (spec/basic.md §3, §4). Errors are reported with their
// line and column; the parser skips to the next line and keeps going.
#pragma once
#include "frontends/basic/ast.hpp"

namespace viper::basic {

Program parse(const std::vector<Token> &tokens, DiagnosticEngine &diags);

} // namespace viper::basic
