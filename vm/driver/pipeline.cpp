#include "driver/pipeline.hpp"
#include "il/parser.hpp"
#include "il/verifier.hpp"
#include "interpreters/ilinterp/interpreter.hpp"
#include "runtime/registry.hpp"

namespace viper::driver {

std::optional<il::Module> compileIL(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  il::SignatureLookup lookup = [](std::string_view name) { return rt::runtimeSignature(name); };
  il::Module m = il::parseModule(sm, fileId, diags, lookup);
  if (diags.hasErrors()) return std::nullopt;
  if (!il::verifyModule(m, diags, lookup)) return std::nullopt;
  return m;
}

int RunOutcome::exitStatus() const {
  if (!loadError.empty() || stepLimitHit) return 1;
  if (result.status == exec::RunResult::Status::Trapped) return 1;
  return static_cast<int>(result.exitCode & 0xFF);
}

RunOutcome runModule(const il::Module &m, rt::Context &ctx, const RunOptions &opts) {
  RunOutcome out;
  auto interp = ilinterp::Interpreter::create(m, ctx);
  if (!interp) {
    out.loadError = interp.error().message;
    return out;
  }
  out.result = (*interp)->run(opts.maxSteps);
  if (out.result.status == exec::RunResult::Status::Paused) out.stepLimitHit = true;
  ctx.out().flush();
  return out;
}

} // namespace viper::driver
