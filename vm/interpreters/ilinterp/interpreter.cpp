// The reference interpreter's machinery: preparation, the run loop, frames, calls and
// trap dispatch (spec/il.md §7, §8). Opcode semantics live in exec_ops.cpp.
#include "interpreters/ilinterp/interp_impl.hpp"

namespace viper::ilinterp {

using exec::RunResult;
using rt::Slot;
using rt::TrapKind;

Result<std::unique_ptr<Interpreter>> Interpreter::create(const il::Module &m, rt::Context &ctx, Options opts) {
  auto impl = std::make_unique<Impl>(m, ctx, opts);
  auto ok = impl->prepare();
  if (!ok) return ok.error();
  return std::unique_ptr<Interpreter>(new Interpreter(std::move(impl)));
}

Interpreter::Interpreter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Interpreter::~Interpreter() = default;
RunResult Interpreter::run(uint64_t budget) { return impl_->run(budget); }
uint64_t Interpreter::steps() const { return impl_->steps; }

Interpreter::Impl::Impl(const il::Module &m, rt::Context &ctx, Options opts)
    : m_(m), ctx_(ctx), opts_(opts), mem_(m, ctx) {}

Interpreter::Impl::~Impl() {
  if (!stack_.empty()) ctx_.memory.remove(stack_.data());
  for (const Frame &f : frames_) ctx_.uncharge(frameBytes(*f.fn));
}

// What a frame costs the run's memory budget: deep recursion through a function with
// many values is bounded by it, not only by the call depth.
uint64_t Interpreter::Impl::frameBytes(const il::Function &fn) { return sizeof(Frame) + fn.temps.size() * sizeof(Slot); }

// Resolves every call once, so running never looks a name up.
Result<bool> Interpreter::Impl::prepare() {
  for (size_t i = 0; i < m_.functions.size(); ++i) fnIndex_.emplace(m_.functions[i].name, i);
  auto main = fnIndex_.find("main");
  if (main == fnIndex_.end() || m_.functions[main->second].linkage == il::Linkage::Import)
    return Error{"missing main"};
  if (!m_.functions[main->second].params.empty()) return Error{"@main must take no parameters"};
  mainIndex_ = main->second;
  for (const auto &fn : m_.functions) {
    for (const auto &b : fn.blocks) {
      for (const auto &in : b.instrs) {
        if (in.op != il::Opcode::Call) continue;
        auto it = fnIndex_.find(in.callee);
        if (it != fnIndex_.end() && m_.functions[it->second].linkage != il::Linkage::Import) {
          callFn_.emplace(&in, static_cast<int64_t>(it->second));
          continue;
        }
        const rt::RuntimeFunction *rf = rt::findRuntimeFunction(in.callee);
        if (!rf) return Error{"@" + fn.name + ": call to @" + in.callee + ", which the runtime does not provide"};
        callRt_.emplace(&in, rf);
      }
    }
  }
  stack_.reset(opts_.stackBytes);
  ctx_.memory.add(stack_.data(), stack_.size());
  return true;
}

exec::TrapInfo Interpreter::Impl::describe(const Frame &f, TrapKind kind, int32_t code, std::string message) const {
  exec::TrapInfo t;
  t.kind = kind;
  t.code = code;
  t.message = std::move(message);
  t.function = f.fn->name;
  t.block = f.fn->blocks[f.block].label;
  t.ip = static_cast<uint32_t>(f.ip);
  if (f.ip < f.fn->blocks[f.block].instrs.size()) t.loc = f.fn->blocks[f.block].instrs[f.ip].loc;
  for (size_t k = frames_.size(); k-- > 0;) {
    const Frame &g = frames_[k];
    t.backtrace.push_back("@" + g.fn->name + ":" + g.fn->blocks[g.block].label + "#" + std::to_string(g.ip));
    if (t.backtrace.size() >= 32) { t.backtrace.push_back("..."); break; }
  }
  return t;
}

RunResult Interpreter::Impl::run(uint64_t budget) {
  if (finished_) return final_;
  if (!started_) {
    started_ = true;
    pushFrame(mainIndex_, {});
  }
  budgetLeft = budget;
  unitsSpent = 0;
  while (!frames_.empty()) {
    if (budgetLeft == 0) {
      RunResult paused;
      paused.status = RunResult::Status::Paused;
      paused.units = unitsSpent;
      return paused;
    }
    Frame &f = frames_.back();
    const il::Instr &in = f.fn->blocks[f.block].instrs[f.ip];
    ++steps;
    Flow flow = step(f, in);
    if (flow == Flow::Next) frames_.back().ip++;
    else if (flow == Flow::WaitInput) {  // the call stays put: the next run repeats it
      RunResult paused;
      paused.status = RunResult::Status::Paused;
      paused.wantsInput = true;
      paused.units = unitsSpent;
      return paused;
    } else if (flow == Flow::Trapped || flow == Flow::Exited) break;
  }
  finished_ = true;
  final_.units = unitsSpent;
  ctx_.out().flush();
  return final_;
}

void Interpreter::Impl::pushFrame(size_t fnIndex, const std::vector<Slot> &args) {
  const il::Function &fn = m_.functions[fnIndex];
  Frame f;
  f.fn = &fn;
  f.fnIndex = fnIndex;
  f.regs.assign(fn.temps.size(), rt::slotI(0));
  for (size_t i = 0; i < fn.params.size() && i < args.size(); ++i) f.regs[fn.params[i].temp] = args[i];
  const il::Block &entry = fn.blocks.front();
  for (size_t i = 0; i < entry.params.size() && i < args.size(); ++i) f.regs[entry.params[i].temp] = args[i];
  f.allocaMark = stackTop_;
  ctx_.tryCharge(frameBytes(fn));  // callers checked that it fits (main's frame is tiny)
  frames_.push_back(std::move(f));
}

Flow Interpreter::Impl::enterBlock(Frame &f, const il::Target &t, bool countBackEdge) {
  const il::Block &dst = f.fn->blocks[static_cast<size_t>(t.block)];
  if (countBackEdge && static_cast<size_t>(t.block) <= f.block) spendUnit();
  // Evaluate every argument before assigning any: block parameters bind in parallel.
  argBuf_.clear();
  for (const auto &v : t.args) argBuf_.push_back(eval(f, v));
  for (size_t i = 0; i < dst.params.size(); ++i) f.regs[dst.params[i].temp] = argBuf_[i];
  f.block = static_cast<size_t>(t.block);
  f.ip = 0;
  return Flow::Jumped;
}

Flow Interpreter::Impl::callFunction(Frame &f, const il::Instr &in, size_t firstArg, int64_t fnIndex) {
  if (frames_.size() >= opts_.maxCallDepth)
    return raise(exec::Fault::CallDepth, in, static_cast<int64_t>(opts_.maxCallDepth));
  const il::Function &callee = m_.functions[static_cast<size_t>(fnIndex)];
  if (frameBytes(callee) > ctx_.memoryLimit - ctx_.memoryInUse())
    return raise(TrapKind::DomainError, 0, "out of memory: a frame of @" + callee.name + " does not fit in the run's memory limit of " +
                                               std::to_string(ctx_.memoryLimit) + " bytes");
  std::vector<Slot> args;
  args.reserve(in.operands.size() - firstArg);
  for (size_t i = firstArg; i < in.operands.size(); ++i) args.push_back(eval(f, in.operands[i]));
  pushFrame(static_cast<size_t>(fnIndex), args);  // invalidates f
  spendUnit();
  return Flow::Called;
}

Flow Interpreter::Impl::callRuntime(Frame &f, const il::Instr &in, const rt::RuntimeFunction *rf) {
  Slot args[16];
  std::vector<Slot> many;
  Slot *argv = args;
  if (in.operands.size() > 16) { many.resize(in.operands.size()); argv = many.data(); }
  for (size_t i = 0; i < in.operands.size(); ++i) {
    argv[i] = eval(f, in.operands[i]);
    if (i < rf->signature.params.size() && rf->signature.params[i] == il::Type::Str && !ctx_.isString(argv[i].p))
      return raise(exec::Fault::RtNotString, in, static_cast<int64_t>(i), 0, 0, in.callee);
  }
  Slot r = rt::slotI(0);
  rf->fn(ctx_, argv, &r);
  rt::PendingTrap &pt = ctx_.trap();
  if (pt.active) {
    pt.active = false;
    if (pt.needInput) {
      pt.needInput = false;
      return Flow::WaitInput;
    }
    if (pt.exit) {  // Viper.System.Environment.Exit: the run ends here; no handler sees it
      pt.exit = false;
      final_.status = RunResult::Status::Finished;
      final_.exitCode = pt.exitCode;
      return Flow::Exited;
    }
    return raise(pt.kind, pt.code, std::move(pt.message));
  }
  if (in.result >= 0) f.regs[static_cast<size_t>(in.result)] = r;
  return Flow::Next;
}

Flow Interpreter::Impl::doReturn(Slot value, bool hasValue) {
  stackTop_ = frames_.back().allocaMark;
  const il::Function *fn = frames_.back().fn;
  ctx_.uncharge(frameBytes(*fn));
  frames_.pop_back();
  if (frames_.empty()) {
    final_.status = RunResult::Status::Finished;
    final_.exitCode = hasValue && fn->sig.ret != il::Type::F64 ? value.i : 0;
    return Flow::Returned;
  }
  Frame &caller = frames_.back();
  const il::Instr &call = caller.fn->blocks[caller.block].instrs[caller.ip];
  if (call.result >= 0) caller.regs[static_cast<size_t>(call.result)] = value;
  caller.ip++;
  return Flow::Returned;
}

ErrorRecord *Interpreter::Impl::newError(Frame &f) {
  ErrorRecord *e = &f.errors[f.nextError];
  f.nextError = (f.nextError + 1) % f.errors.size();
  *e = ErrorRecord{};
  return e;
}

// Trap dispatch (spec/il.md §8, upstream's errors spec): the innermost handler that is not
// already serving a trap takes it; frames above its owner are dropped, and so are the
// handlers its frame pushed after it. The handler stays installed (only eh.pop removes it)
// but serves until a resume.*, so a trap inside the handler goes to the next one out.
static bool takesTraps(const Frame &f, size_t &index) {
  for (size_t i = f.handlers.size(); i-- > 0;)
    if (!f.handlers[i].serving) { index = i; return true; }
  return false;
}

Flow Interpreter::Impl::raise(TrapKind kind, int32_t code, std::string message) {
  size_t k = frames_.size(), hi = 0;
  while (k > 0 && !takesTraps(frames_[k - 1], hi)) --k;
  const Frame &fault = frames_.back();
  const il::Instr &faultIn = fault.fn->blocks[fault.block].instrs[fault.ip];
  int32_t line = faultIn.loc.known() ? static_cast<int32_t>(faultIn.loc.line) : -1;
  if (k == 0) {
    final_.status = RunResult::Status::Trapped;
    final_.trap = describe(fault, kind, code, std::move(message));
    return Flow::Trapped;
  }
  if (k < frames_.size()) {
    stackTop_ = frames_[k].allocaMark;
    for (size_t d = k; d < frames_.size(); ++d) ctx_.uncharge(frameBytes(*frames_[d].fn));
    frames_.resize(k);
  }
  Frame &h = frames_.back();
  h.handlers.resize(hi + 1);
  h.handlers[hi].serving = true;
  int32_t hb = h.handlers[hi].block;
  ErrorRecord *e = newError(h);
  e->kind = kind;
  e->code = code;
  e->ip = static_cast<int64_t>(h.ip);
  e->line = line;
  e->message = std::move(message);
  h.lastError = e;
  h.faultActive = true;
  h.faultBlock = h.block;
  h.faultIp = h.ip;
  h.faultHandler = hi;
  h.token = nextToken_++;
  const il::Block &hblock = h.fn->blocks[static_cast<size_t>(hb)];
  h.regs[hblock.params[0].temp] = rt::slotP(e);
  h.regs[hblock.params[1].temp] = rt::slotI(h.token);
  h.block = static_cast<size_t>(hb);
  h.ip = 0;
  spendUnit();
  return Flow::Jumped;
}

} // namespace viper::ilinterp
