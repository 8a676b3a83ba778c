#include "frontends/basic/frontend.hpp"
#include "frontends/basic/lower.hpp"
#include "frontends/basic/parser.hpp"

namespace viper::basic {

// The driver's finishing pipeline verifies what this returns (driver/languages.cpp).
std::optional<il::Module> compile(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  Program prog;
  {
    // The tokens (72 bytes each, ~7 a line) are dead once the tree exists: freeing them
    // before lowering lowers the peak, which is the tree and the IL together.
    std::vector<Token> tokens = lex(sm.text(fileId), fileId, diags);
    prog = parse(tokens, diags);
  }
  if (diags.hasErrors()) return std::nullopt;
  return lower(prog, diags);
}

} // namespace viper::basic
