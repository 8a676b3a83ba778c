#include "driver/session.hpp"
#include "bytecode/compiler.hpp"
#include "bytecode/disasm.hpp"
#include "driver/languages.hpp"
#include "driver/profile_text.hpp"
#include "il/printer.hpp"
#include "interpreters/bcvm/vm.hpp"
#include "interpreters/ilinterp/interpreter.hpp"
#include "runtime/context.hpp"
#include <cctype>
#include <chrono>
#include <optional>

#ifndef VIPER_VERSION
#define VIPER_VERSION "dev"
#endif

namespace viper::driver {

/// Everything a run needs from a compile, immutable once built, so any number of
/// sessions may run one program.
class Program {
public:
  SourceManager sm;
  std::vector<std::string> fileNames;  ///< by file id - 1 (for trap lines)
  il::Module module;
  std::optional<bc::Module> code;      ///< unset when the bytecode compiler refused
  std::string codeError;
};

const char *version() { return VIPER_VERSION; }

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

// A diagnostic points at a column; editors want a range. Cover the word (identifier or
// number) or the quoted string that starts there, else one character.
uint32_t endColumn(std::string_view line, uint32_t col) {
  if (col == 0 || col > line.size()) return col + 1;
  size_t i = col - 1;
  auto word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c == '%' || c == '.'; };
  if (line[i] == '"') {
    size_t j = line.find('"', i + 1);
    return static_cast<uint32_t>((j == std::string_view::npos ? line.size() : j + 1) + 1);
  }
  size_t j = i;
  while (j < line.size() && word(static_cast<unsigned char>(line[j]))) ++j;
  return static_cast<uint32_t>((j > i ? j : i + 1) + 1);
}

DiagnosticData toData(const SourceManager &sm, const Diagnostic &d) {
  DiagnosticData out;
  if (d.loc.file > 0 && d.loc.file <= sm.count()) out.file = sm.path(d.loc.file);
  out.line = d.loc.line;
  out.col = d.loc.col;
  out.endLine = d.loc.line;
  out.endCol = d.loc.line ? endColumn(sm.line(d.loc.file, d.loc.line), d.loc.col) : 0;
  out.severity = severityName(d.severity);
  out.message = d.message;
  return out;
}

/// IL line (1-based) of each instruction of `m`, from the printer's line origins.
using IlLines = std::vector<std::vector<std::vector<uint32_t>>>;  // [fn][block][instr]

IlLines indexIlLines(const il::Module &m, const std::vector<il::InstrRef> &origins) {
  IlLines lines(m.functions.size());
  for (size_t f = 0; f < m.functions.size(); ++f) {
    lines[f].resize(m.functions[f].blocks.size());
    for (size_t b = 0; b < m.functions[f].blocks.size(); ++b) lines[f][b].assign(m.functions[f].blocks[b].instrs.size(), 0);
  }
  // The instruction's own line is the last one that names it (a `.loc` line comes first).
  for (size_t i = 0; i < origins.size(); ++i)
    if (const il::InstrRef &o = origins[i]; o.known()) lines[o.function][o.block][o.instr] = static_cast<uint32_t>(i + 1);
  return lines;
}

LineOrigin originOf(const Program &p, const il::InstrRef &o) {
  LineOrigin lo;
  if (!o.known()) return lo;
  const SourceLoc &loc = p.module.functions[o.function].blocks[o.block].instrs[o.instr].loc;
  if (!loc.known() || loc.file == 0 || loc.file > p.fileNames.size()) return lo;
  lo.file = p.fileNames[loc.file - 1];
  lo.line = loc.line;
  lo.col = loc.col;
  return lo;
}

void describeTexts(const Program &p, CompileResult &r) {
  std::vector<il::InstrRef> ilOrigins;
  r.il = il::printModule(p.module, &ilOrigins);
  for (const auto &o : ilOrigins) r.ilMap.push_back(originOf(p, o));
  if (!p.code) return;
  std::vector<il::InstrRef> bcOrigins;
  r.bytecode = bc::disassemble(*p.code, p.module, &bcOrigins);
  const IlLines ilLines = indexIlLines(p.module, ilOrigins);
  for (const auto &o : bcOrigins) {
    LineOrigin lo = originOf(p, o);
    if (o.known()) lo.ilLine = ilLines[o.function][o.block][o.instr];
    r.bytecodeMap.push_back(lo);
  }
}

} // namespace

CompileResult compile(const CompileRequest &req) {
  CompileResult r;
  auto prog = std::make_shared<Program>();
  uint32_t mainId = 0;
  for (const auto &[name, text] : req.sources) {
    uint32_t id = prog->sm.add(name, text);
    prog->fileNames.push_back(name);
    if (name == req.mainFile || (req.mainFile.empty() && mainId == 0)) mainId = id;
  }
  auto fail = [&](std::string message) {
    r.diagnostics.push_back({req.mainFile, 0, 0, 0, 0, "error", message});
    r.diagnosticsText = "viper: error: " + message + "\n";
    return r;
  };
  const Language *lang = findLanguage(req.language);
  if (!lang) {
    std::string names;
    for (const auto &l : languages()) names += (names.empty() ? "" : ", ") + std::string(l.name);
    return fail("unknown language '" + req.language + "' (available: " + names + ")");
  }
  if (mainId == 0) return fail(req.sources.empty() ? "no source files" : "no source file named '" + req.mainFile + "'");

  DiagnosticEngine diags;
  StageTimes times;
  OptOptions opt;
  opt.level = req.optLevel;
  opt.passes = req.passes;
  opt.verifyEach = req.verifyEachPass;
  std::optional<il::Module> m = compileWith(*lang, prog->sm, mainId, diags, &times, opt);
  r.stats.frontEndMs = times.frontEndMs;
  r.stats.passesMs = times.finishMs;
  for (const auto &d : diags.all()) r.diagnostics.push_back(toData(prog->sm, d));
  r.diagnosticsText = diags.render(prog->sm);
  if (!m) {
    r.diagnosticsText += std::to_string(diags.errorCount()) + " error(s)\n";
    return r;
  }
  prog->module = std::move(*m);
  const auto tb = Clock::now();
  if (auto code = bc::compileModule(prog->module)) prog->code = std::move(*code);
  else prog->codeError = code.error().message;
  r.stats.bytecodeMs = msSince(tb);

  r.ok = true;
  r.bytecodeError = prog->codeError;
  r.stats.functions = prog->module.functions.size();
  for (const auto &f : prog->module.functions)
    for (const auto &b : f.blocks) r.stats.ilInstructions += b.instrs.size();
  if (prog->code) {
    r.stats.bytecodeWords = prog->code->code.size();
    r.stats.constants = prog->code->constants.size();
  }
  if (req.wantTexts) describeTexts(*prog, r);
  r.program = std::move(prog);
  return r;
}

const char *statusName(SliceResult::Status s) {
  switch (s) {
  case SliceResult::Status::Done: return "done";
  case SliceResult::Status::Running: return "running";
  case SliceResult::Status::Input: return "input";
  case SliceResult::Status::Trap: return "trap";
  case SliceResult::Status::StepLimit: return "stepLimit";
  case SliceResult::Status::Error: return "error";
  }
  return "error";
}

namespace {

/// Output since the host last asked.
class BufferSink final : public rt::OutputSink {
public:
  void write(std::string_view bytes) override {
    text.append(bytes);
    if (forward && text.size() >= (64u << 10)) flush();
  }
  void flush() override {
    if (forward && !text.empty()) {
      forward(text);
      text.clear();
    }
  }
  std::string text;
  std::function<void(std::string_view)> forward;  ///< StartOptions::output
};

/// Lines the host pushes between slices; with nothing queued and the input still open,
/// an input function pauses the run instead of seeing end of input.
class QueuedInput final : public rt::InputSource {
public:
  bool readLine(std::string &line) override {
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string::npos) nl = text_.size();
    line.assign(text_, pos_, nl - pos_);
    pos_ = nl + 1;
    if (pos_ >= text_.size()) { text_.clear(); pos_ = 0; }
    return true;
  }
  bool wouldBlock() const override { return !closed_ && pos_ >= text_.size(); }
  void push(const std::string &t) {
    text_ += t;
    if (t.empty() || t.back() != '\n') text_ += '\n';
  }
  void close() { closed_ = true; }

private:
  std::string text_;
  size_t pos_ = 0;
  bool closed_ = false;
};

} // namespace

class RunSession::Impl {
public:
  Impl(std::shared_ptr<const Program> p, const StartOptions &o) : program(std::move(p)), opts(o), ctx(out, in) {}

  std::shared_ptr<const Program> program;
  StartOptions opts;
  BufferSink out;
  QueuedInput in;
  rt::Context ctx;
  std::unique_ptr<ilinterp::Interpreter> reference;
  std::unique_ptr<bcvm::VM> vm;
  std::string startError;
  uint64_t unitsSpent = 0;
  std::optional<SliceResult> final;  ///< once ended, what every later resume returns

  exec::RunResult runEngine(uint64_t budget) { return vm ? vm->run(budget) : reference->run(budget); }
  SliceResult end(SliceResult r) {
    final = r;
    final->output.clear();
    final->steps = 0;
    return r;
  }
  TrapData describe(const exec::TrapInfo &t) const {
    TrapData d;
    d.kind = std::string(rt::trapKindName(t.kind));
    d.code = t.code;
    d.message = t.message;
    d.function = t.function;
    if (t.loc.file > 0 && t.loc.file <= program->fileNames.size()) d.file = program->fileNames[t.loc.file - 1];
    d.line = t.loc.line;
    d.col = t.loc.col;
    d.backtrace = t.backtrace;
    d.text = exec::formatTrap(t, program->fileNames);
    return d;
  }
};

RunSession::RunSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RunSession::~RunSession() = default;

std::unique_ptr<RunSession> RunSession::start(std::shared_ptr<const Program> program, const StartOptions &opts) {
  auto impl = std::make_unique<Impl>(std::move(program), opts);
  Impl &s = *impl;
  if (opts.maxMemory) s.ctx.memoryLimit = opts.maxMemory;
  s.ctx.args = opts.args;
  s.ctx.environment = opts.environment;
  s.out.forward = opts.output;
  if (!opts.stdinText.empty()) s.in.push(opts.stdinText);
  if (opts.stdinClosed) s.in.close();
  const Program &p = *s.program;
  if (opts.engine == EngineKind::Reference) {
    if (auto interp = ilinterp::Interpreter::create(p.module, s.ctx)) s.reference = std::move(*interp);
    else s.startError = interp.error().message;
  } else if (!p.code) {
    s.startError = p.codeError;
  } else {
    bcvm::Options vo;
    vo.profile = opts.profile;
    vo.trace = opts.trace;
    if (auto vm = bcvm::VM::create(*p.code, p.module, s.ctx, vo)) s.vm = std::move(*vm);
    else s.startError = vm.error().message;
  }
  return std::unique_ptr<RunSession>(new RunSession(std::move(impl)));
}

SliceResult RunSession::resume(uint64_t budget) {
  Impl &s = *impl_;
  if (s.final) return *s.final;
  SliceResult r;
  if (!s.startError.empty()) {
    r.status = SliceResult::Status::Error;
    r.exitCode = 1;
    r.error = s.startError;
    return s.end(r);
  }
  const uint64_t left = s.opts.maxSteps - s.unitsSpent;
  if (left == 0) {
    r.status = SliceResult::Status::StepLimit;
    r.exitCode = 1;
    return s.end(r);
  }
  if (budget == 0) {  // no work asked for (the VM's loop reads 0 as "no budget at all")
    r.status = SliceResult::Status::Running;
    return r;
  }
  const bool capped = budget >= left;
  exec::RunResult rr = s.runEngine(capped ? left : budget);
  s.unitsSpent += rr.units;
  r.steps = rr.units;
  s.ctx.out().flush();
  r.output = std::move(s.out.text);
  s.out.text.clear();
  switch (rr.status) {
  case exec::RunResult::Status::Finished:
    r.status = SliceResult::Status::Done;
    r.exitCode = static_cast<int>(rr.exitCode & 0xFF);
    return s.end(r);
  case exec::RunResult::Status::Trapped:
    r.status = SliceResult::Status::Trap;
    r.exitCode = 1;
    r.trap = s.describe(rr.trap);
    return s.end(r);
  case exec::RunResult::Status::Paused:
    if (rr.wantsInput) {
      r.status = SliceResult::Status::Input;
      return r;
    }
    if (capped && s.opts.maxSteps != UINT64_MAX) {
      r.status = SliceResult::Status::StepLimit;
      r.exitCode = 1;
      return s.end(r);
    }
    r.status = SliceResult::Status::Running;
    return r;
  }
  return r;
}

void RunSession::pushInput(const std::string &text) { impl_->in.push(text); }
void RunSession::closeInput() { impl_->in.close(); }

std::string RunSession::profileText() const { return impl_->vm ? formatProfile(impl_->vm->profile()) : std::string(); }

} // namespace viper::driver
