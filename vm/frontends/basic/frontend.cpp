#include "frontends/basic/frontend.hpp"
#include "frontends/basic/lower.hpp"
#include "frontends/basic/parser.hpp"
#include "il/verifier.hpp"
#include "runtime/registry.hpp"

namespace viper::basic {

std::optional<il::Module> compile(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  std::vector<Token> tokens = lex(sm.text(fileId), fileId, diags);
  Program prog = parse(tokens, diags);
  if (diags.hasErrors()) return std::nullopt;
  std::optional<il::Module> m = lower(prog, diags);
  if (!m) return std::nullopt;
  DiagnosticEngine ilDiags;
  il::VerifyOptions opts;
  opts.allowUncheckedOps = false;
  if (!il::verifyModule(*m, ilDiags, [](std::string_view n) { return rt::runtimeSignature(n); }, opts)) {
    std::string first = ilDiags.all().empty() ? "" : ilDiags.all().front().message;
    diags.error({fileId, 1, 1}, "internal compiler error: the generated IL does not verify (" + first + ")");
    return std::nullopt;
  }
  return m;
}

} // namespace viper::basic
