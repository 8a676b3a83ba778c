#include "driver/pipeline.hpp"
#include "bytecode/compiler.hpp"
#include "bytecode/disasm.hpp"
#include "driver/languages.hpp"
#include "interpreters/ilinterp/interpreter.hpp"

namespace viper::driver {

std::optional<il::Module> compileSource(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  return compileWith(languageForPath(sm.path(fileId)), sm, fileId, diags);
}

int RunOutcome::exitStatus() const {
  if (!loadError.empty() || stepLimitHit) return 1;
  if (result.status == exec::RunResult::Status::Trapped) return 1;
  return static_cast<int>(result.exitCode & 0xFF);
}

Result<bc::Module> compileBytecode(const il::Module &m) { return bc::compileModule(m); }

std::string disassemble(const bc::Module &code, const il::Module &m) { return bc::disassemble(code, m); }

namespace {

RunOutcome runOnInterpreter(const il::Module &m, rt::Context &ctx, const RunOptions &opts) {
  RunOutcome out;
  auto interp = ilinterp::Interpreter::create(m, ctx);
  if (!interp) {
    out.loadError = interp.error().message;
    return out;
  }
  out.result = (*interp)->run(opts.maxSteps);
  return out;
}

RunOutcome runOnVM(const il::Module &m, rt::Context &ctx, const RunOptions &opts) {
  RunOutcome out;
  auto code = bc::compileModule(m);
  if (!code) {
    out.loadError = code.error().message;
    return out;
  }
  bcvm::Options vo;
  vo.profile = opts.profile;
  vo.trace = opts.trace;
  auto vm = bcvm::VM::create(*code, m, ctx, vo);
  if (!vm) {
    out.loadError = vm.error().message;
    return out;
  }
  out.result = (*vm)->run(opts.maxSteps);
  if (opts.profile) out.profile = (*vm)->profile();
  return out;
}

} // namespace

RunOutcome runModule(const il::Module &m, rt::Context &ctx, const RunOptions &opts) {
  RunOutcome out = opts.engine == Engine::IL ? runOnInterpreter(m, ctx, opts) : runOnVM(m, ctx, opts);
  if (out.result.status == exec::RunResult::Status::Paused) out.stepLimitHit = true;
  ctx.out().flush();
  return out;
}

} // namespace viper::driver
