#include "frontends/zia/frontend.hpp"
#include "frontends/zia/lower_impl.hpp"
#include "frontends/zia/parser.hpp"

namespace viper::zia {

// The driver's finishing pipeline (driver/languages.cpp) verifies the result (checked
// arithmetic only), runs mem2reg and constant folding, and verifies again.
std::optional<il::Module> compile(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  Program prog = parse(lex(sm.text(fileId), fileId, diags), diags);
  if (diags.hasErrors()) return std::nullopt;
  return Lowerer(prog, diags, fileId).run();
}

} // namespace viper::zia
