#include "driver/pipeline.hpp"
#include "bytecode/compiler.hpp"
#include <cctype>
#include "bytecode/disasm.hpp"
#include "frontends/basic/frontend.hpp"
#include "il/parser.hpp"
#include "passes/constfold.hpp"
#include "passes/mem2reg.hpp"
#include "il/verifier.hpp"
#include "interpreters/ilinterp/interpreter.hpp"
#include "runtime/registry.hpp"

namespace viper::driver {

std::optional<il::Module> compileIL(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  il::SignatureLookup lookup = [](std::string_view name) { return rt::runtimeSignature(name); };
  il::Module m = il::parseModule(sm, fileId, diags, lookup);
  if (diags.hasErrors()) return std::nullopt;
  il::VerifyOptions opts;
  opts.refEffects = rt::runtimeRefEffect;
  if (!il::verifyModule(m, diags, lookup, opts)) return std::nullopt;
  return m;
}

std::optional<il::Module> compileSource(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  const std::string &path = sm.path(fileId);
  auto endsWith = [&](const char *ext) {
    std::string e(ext);
    if (path.size() < e.size()) return false;
    for (size_t i = 0; i < e.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(path[path.size() - e.size() + i])) != e[i]) return false;
    return true;
  };
  if (endsWith(".bas")) {
    auto m = basic::compile(sm, fileId, diags);
    if (!m) return m;
    // BASIC keeps variables in frame slots; most become SSA values here, and then the
    // constants they carried fold.
    passes::promoteSlots(*m);
    passes::foldConstants(*m);
    il::SignatureLookup lookup = [](std::string_view name) { return rt::runtimeSignature(name); };
    DiagnosticEngine passDiags;
    il::VerifyOptions opts;
    opts.refEffects = rt::runtimeRefEffect;
    if (!il::verifyModule(*m, passDiags, lookup, opts)) {
      diags.error({fileId, 1, 1}, "internal compiler error: IL is invalid after mem2reg (" +
                                      (passDiags.all().empty() ? std::string() : passDiags.all().front().message) + ")");
      return std::nullopt;
    }
    return m;
  }
  return compileIL(sm, fileId, diags);
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
