#include "frontends/zia/frontend.hpp"
#include "frontends/zia/lower_impl.hpp"
#include "frontends/zia/modules.hpp"
#include <algorithm>

namespace viper::zia {

// The driver's finishing pipeline (driver/languages.cpp) verifies the result (checked
// arithmetic only), runs mem2reg and constant folding, and verifies again.
std::optional<il::Module> compile(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  Program prog = loadProgram(sm, fileId, diags);
  if (diags.hasErrors()) return std::nullopt;
  // Lowering visits start() first (it initialises the globals), so its errors are put
  // back in source order before they are reported.
  DiagnosticEngine lowering;
  std::optional<il::Module> m = Lowerer(prog, lowering, fileId).run();
  std::vector<Diagnostic> found = lowering.all();
  std::stable_sort(found.begin(), found.end(), [](const Diagnostic &a, const Diagnostic &b) {
    if (a.loc.file != b.loc.file) return a.loc.file < b.loc.file;
    return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.col < b.loc.col;
  });
  for (const Diagnostic &d : found) {
    if (d.severity == Severity::Error) diags.error(d.loc, d.message);
    else diags.warning(d.loc, d.message);
  }
  if (diags.hasErrors()) return std::nullopt;
  return m;
}

} // namespace viper::zia
