// Zia tokens -> syntax tree. Errors go to `diags` with recovery at the next statement.
#pragma once
#include "frontends/zia/ast.hpp"
#include "frontends/zia/lexer.hpp"

namespace viper::zia {

Program parse(std::vector<Token> tokens, DiagnosticEngine &diags);

} // namespace viper::zia
