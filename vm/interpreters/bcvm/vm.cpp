// The bytecode VM's slow side: loading a module, traps and their messages, exception
// handling, frame bookkeeping. The loop itself is in vm_loop.cpp.
#include "bytecode/disasm.hpp"
#include "bytecode/verify.hpp"
#include "interpreters/bcvm/vm_impl.hpp"
#include "runtime/array_access.hpp"
#include <algorithm>

namespace viper::bcvm {

using exec::RunResult;
using rt::Slot;
using rt::TrapKind;

Result<std::unique_ptr<VM>> VM::create(const bc::Module &code, const il::Module &src, rt::Context &ctx, Options opts) {
  if (code.functions.size() != src.functions.size()) return Error{"bytecode does not match its IL module"};
  auto ok = bc::verifyModule(code);
  if (!ok) return ok.error();
  auto impl = std::make_unique<Impl>(code, src, ctx, std::move(opts));
  auto ready = impl->prepare();
  if (!ready) return ready.error();
  return std::unique_ptr<VM>(new VM(std::move(impl)));
}

VM::VM(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VM::~VM() = default;
RunResult VM::run(uint64_t budget) { return impl_->run(budget); }
const Profile &VM::profile() const { return impl_->profile; }

VM::Impl::Impl(const bc::Module &code, const il::Module &src, rt::Context &ctx, Options opts)
    : code_(code), src_(src), ctx_(ctx), opts_(std::move(opts)), mem_(src, ctx) {}

VM::Impl::~Impl() {
  ctx_.uncharge(chargedSlots_ * sizeof(Slot));
  if (!stack_.empty()) ctx_.memory.remove(stack_.data());
}

// Turns the module's constants into this VM's slots (strings and addresses are per VM).
Result<bool> VM::Impl::prepare() {
  for (const bc::Constant &c : code_.constants) {
    Slot s = rt::slotI(0);
    switch (c.kind) {
    case bc::Constant::Kind::Bits: s.i = static_cast<int64_t>(c.bits); break;
    case bc::Constant::Kind::Str: s = rt::slotP(mem_.literal(c.text)); break;
    case bc::Constant::Kind::FuncPtr:
      if (c.bits >= src_.functions.size()) return Error{"bytecode: bad function constant"};
      s = rt::slotP(const_cast<void *>(mem_.functionPointer(c.bits)));
      break;
    case bc::Constant::Kind::GlobalAddr: s = rt::slotP(mem_.scalarAddress(c.text)); break;
    case bc::Constant::Kind::StrGlobal: s = rt::slotP(mem_.stringGlobal(c.text)); break;
    case bc::Constant::Kind::StrGlobalBytes: {
      rt::Str g = mem_.stringGlobal(c.text);
      s = rt::slotP(g ? g->bytes() : nullptr);
      break;
    }
    }
    consts_.push_back(s);
  }
  for (const bc::Function &f : code_.functions) calls_.push_back({f.entry, f.frameSize});
  const char *arrayNames[4] = {"rt_arr_i64_get", "rt_arr_f64_get", "rt_arr_i64_set", "rt_arr_f64_set"};
  for (int i = 0; i < 4; ++i) arrayFns_[i] = rt::findRuntimeFunction(arrayNames[i]);
  if (opts_.profile) {
    profile.ops.assign(bc::kNumOps, 0);
    profile.pairs.assign(bc::kNumOps * bc::kNumOps, 0);
  }
  if (!regs_.reset(std::max<size_t>(code_.functions[code_.mainIndex].frameSize, 1u << 16)) ||
      !frames_.reserve(static_cast<size_t>(opts_.maxCallDepth) + 1))
    return Error{"bytecode VM: no memory for the register and frame stacks"};
  stack_.reset(opts_.stackBytes);
  ctx_.memory.add(stack_.data(), stack_.size());
  return true;
}

RunResult VM::Impl::run(uint64_t budget) {
  if (finished_) return final_;
  if (!started_) {
    started_ = true;
    frames_.push_back({0, 0, bc::kNoSlot, 0, 0});
    pc_ = code_.functions[code_.mainIndex].entry;
  }
  RunResult r = (opts_.profile || opts_.trace) ? loop<true>(budget) : loop<false>(budget);
  if (r.status != RunResult::Status::Paused) ctx_.out().flush();
  return r;
}

// The register stack is charged to the run's memory budget as it grows (it never shrinks).
bool VM::Impl::growRegisters(size_t needed) {
  if (needed > opts_.maxSlots) return false;
  const size_t size = std::max(needed, std::min(regs_.size() * 2, opts_.maxSlots));
  if (!ctx_.tryCharge((size - regs_.size()) * sizeof(Slot))) return false;
  const size_t added = size - regs_.size();
  if (!regs_.grow(size)) {
    ctx_.uncharge(added * sizeof(Slot));
    return false;
  }
  chargedSlots_ += added;
  return true;
}

// AGET/ASET outside the cached array: validate and cache it, or let the runtime function
// itself report the trap (so the message is exactly the runtime's).
const uint32_t *VM::Impl::arraySlow(const uint32_t *pc, Slot *R) {
  const uint32_t w = *pc;
  const bc::Op op = bc::opOf(w);
  const bool isSet = op == bc::Op::ASET || op == bc::Op::ASETF;
  const bool f64 = op == bc::Op::AGETF || op == bc::Op::ASETF;
  Slot &arr = isSet ? R[bc::fieldA(w)] : R[bc::fieldB(w)];
  const int64_t idx = isSet ? R[bc::fieldB(w)].i : R[bc::fieldC(w)].i;
  int64_t len = 0;
  if (void *data = rt::arrayElements(ctx_, arr.p, f64, len); data && idx >= 0 && idx < len) {
    arrays_[f64] = {data, static_cast<uint64_t>(len)};
    if (isSet) static_cast<Slot *>(data)[idx] = R[bc::fieldC(w)];
    else R[bc::fieldA(w)] = static_cast<Slot *>(data)[idx];
    return pc + 1;
  }
  Slot args[3] = {arr, rt::slotI(idx), isSet ? R[bc::fieldC(w)] : rt::slotI(0)};
  Slot res = rt::slotI(0);
  arrayFns_[(isSet ? 2 : 0) + f64]->fn(ctx_, args, &res);
  if (ctx_.trap().active) return raise(pc, Why::Runtime);
  if (!isSet) R[bc::fieldA(w)] = res;
  return pc + 1;
}

// LGET/LSET/LPUSH outside the cached list (or past its count or capacity): the list row
// itself does the work and reports any trap in its own words; then the list is checked
// and cached, so a loop over one list calls the row once (and an append loop once per
// growth of the capacity).
const uint32_t *VM::Impl::listSlow(const uint32_t *pc, Slot *R) {
  const uint32_t w = *pc;
  const bc::Op op = bc::opOf(w);
  const rt::ListRow kind = op == bc::Op::LGETR                                              ? rt::ListRow::Ref
                           : op == bc::Op::LGETF || op == bc::Op::LSETF || op == bc::Op::LPUSHF ? rt::ListRow::F64
                                                                                                : rt::ListRow::I64;
  const bool get = op == bc::Op::LGET || op == bc::Op::LGETF || op == bc::Op::LGETR;
  const bool set = op == bc::Op::LSET || op == bc::Op::LSETF;
  // Reference lists have a get row only (LGETR); its set and append are never inlined.
  static constexpr rt::RtFn kRows[3][3] = {{rt::RtFn::listGetI64, rt::RtFn::listSetI64, rt::RtFn::listPushI64},
                                           {rt::RtFn::listGetF64, rt::RtFn::listSetF64, rt::RtFn::listPushF64},
                                           {rt::RtFn::listGet, rt::RtFn::listSet, rt::RtFn::listPush}};
  const rt::RuntimeFunction &row = rt::runtimeFunction(kRows[static_cast<int>(kind)][get ? 0 : set ? 1 : 2]);
  Slot args[3] = {get ? R[bc::fieldB(w)] : R[bc::fieldA(w)], get ? R[bc::fieldC(w)] : R[bc::fieldB(w)],
                  set ? R[bc::fieldC(w)] : rt::slotI(0)};
  Slot res = rt::slotI(0);
  forgetElementCaches();  // a push may reallocate the list's words
  row.fn(ctx_, args, &res);
  if (ctx_.trap().active) return raise(pc, Why::Runtime);
  if (get) R[bc::fieldA(w)] = res;
  cacheList(kind, args[0].p);
  return pc + 1;
}

// MAPFIND/MAPVALI on a map other than the cached one: the row does the work (and reports
// any trap); then the map is cached. Neither row changes anything, so other caches stay.
const uint32_t *VM::Impl::mapSlow(const uint32_t *pc, Slot *R) {
  const uint32_t w = *pc;
  const rt::RtFn fn = bc::opOf(w) == bc::Op::MAPFIND ? rt::RtFn::mapFindI64 : rt::RtFn::mapValueAtI64;
  Slot args[2] = {R[bc::fieldB(w)], R[bc::fieldC(w)]}, res = rt::slotI(0);
  rt::runtimeFunction(fn).fn(ctx_, args, &res);
  if (ctx_.trap().active) return raise(pc, Why::Runtime);
  R[bc::fieldA(w)] = res;
  cacheMap(args[0].p);
  return pc + 1;
}

// CLASSID on anything but a live block: the row reports the trap in its own words.
const uint32_t *VM::Impl::classIdSlow(const uint32_t *pc, Slot *R) {
  Slot arg = R[bc::fieldB(*pc)], res = rt::slotI(0);
  rt::runtimeFunction(rt::RtFn::objClassId).fn(ctx_, &arg, &res);
  if (ctx_.trap().active) return raise(pc, Why::Runtime);
  R[bc::fieldA(*pc)] = res;
  return pc + 1;
}

void *VM::Impl::checkAddress(void *p, unsigned size, Why &why) const {
  why = exec::checkAccess(stack_, stackTop_, ctx_, p, size);
  return why == Why::None ? p : nullptr;
}

FaultState &VM::Impl::faultState(size_t depth) {
  if (faults_.size() <= depth) faults_.resize(depth + 1);
  if (!faults_[depth]) faults_[depth] = std::make_unique<FaultState>();
  frames_[depth].ehState |= kHasFaultState;
  return *faults_[depth];
}

ErrorRecord *VM::Impl::newError(size_t depth) {
  FaultState &fs = faultState(depth);
  ErrorRecord *e = &fs.errors[fs.nextError];
  fs.nextError = (fs.nextError + 1) % fs.errors.size();
  *e = ErrorRecord{};
  return e;
}

// Bytecode registers are untyped, so an ERRGET operand may be any word; only a record of
// frame `depth` or a caller (a handler passes its error down as an argument) is live.
// Searched from the current frame, where the record almost always is.
bool VM::Impl::isLiveError(const ErrorRecord *e, size_t depth) const {
  for (size_t d = std::min(depth + 1, faults_.size()); d-- > 0;) {
    const FaultState *fs = faults_[d].get();
    if (fs && e >= fs->errors.data() && e < fs->errors.data() + fs->errors.size()) return true;
  }
  return false;
}

// A frame is going away: its handlers and error records go with it.
void VM::Impl::popFrameState(size_t depth) {
  while (!handlers_.empty() && handlers_.back().depth >= depth) handlers_.pop_back();
  if (depth < faults_.size()) faults_[depth].reset();
}

void VM::Impl::finish(Slot value) {
  final_.status = RunResult::Status::Finished;
  final_.exitCode = code_.functions[code_.mainIndex].ret != il::Type::F64 ? value.i : 0;
  finished_ = true;
}

const il::Instr &VM::Impl::ilInstrAt(uint32_t pc) const {
  const bc::Function *f = code_.functionAt(pc);
  const bc::PcEntry *o = code_.origin(*f, pc);
  return src_.functions[static_cast<size_t>(f - code_.functions.data())].blocks[o->block].instrs[o->instr];
}

exec::TrapInfo VM::Impl::describe(uint32_t pc, TrapKind kind, int32_t code, std::string message) const {
  exec::TrapInfo t;
  t.kind = kind;
  t.code = code;
  t.message = std::move(message);
  auto where = [&](uint32_t at, std::string *fn, std::string *block, uint32_t *ip) {
    const bc::Function *f = code_.functionAt(at);
    const bc::PcEntry *o = f ? code_.origin(*f, at) : nullptr;
    if (!o) return;
    const il::Function &ilf = src_.functions[static_cast<size_t>(f - code_.functions.data())];
    *fn = ilf.name;
    *block = ilf.blocks[o->block].label;
    *ip = o->instr;
  };
  where(pc, &t.function, &t.block, &t.ip);
  t.loc = ilInstrAt(pc).loc;
  for (size_t k = frames_.size(); k-- > 0;) {
    uint32_t at = k + 1 == frames_.size() ? pc : frames_[k + 1].retPc - 2;
    std::string fn, block;
    uint32_t ip = 0;
    where(at, &fn, &block, &ip);
    t.backtrace.push_back("@" + fn + ":" + block + "#" + std::to_string(ip));
    if (t.backtrace.size() >= 32) { t.backtrace.push_back("..."); break; }
  }
  return t;
}

// The same kinds and messages as the reference interpreter (exec_ops.cpp).
const uint32_t *VM::Impl::raise(const uint32_t *pcp, Why why, int64_t x, int64_t y, int64_t z) {
  const uint32_t pc = static_cast<uint32_t>(pcp - code_.code.data());
  const il::Instr &in = ilInstrAt(pc);
  auto go = [&](TrapKind k, std::string msg, int32_t code = 0) { return dispatchTrap(pcp, k, code, std::move(msg)); };
  switch (why) {
  case Why::FromErr: return go(rt::trapKindFromErrorCode(x), ctx_.throwMessage, static_cast<int32_t>(x));
  case Why::Runtime: {
    rt::PendingTrap &pt = ctx_.trap();
    pt.active = false;
    if (pt.exit) {  // Viper.System.Environment.Exit: the run ends here; no handler sees it
      pt.exit = false;
      final_.status = RunResult::Status::Finished;
      final_.exitCode = pt.exitCode;
      finished_ = true;
      return nullptr;
    }
    return go(pt.kind, std::move(pt.message), pt.code);
  }
  case Why::CallDepth: x = static_cast<int64_t>(opts_.maxCallDepth); break;
  case Why::RegisterStack: x = static_cast<int64_t>(frames_.size()); break;
  default: break;
  }
  const std::string callee = why == Why::SigMismatch ? src_.functions[static_cast<size_t>(x)].name : in.callee;
  exec::FaultTrap t = exec::describeFault(why, in, x, y, z, callee);
  return go(t.kind, std::move(t.message));
}

// Trap dispatch (spec/il.md §8), as the reference interpreter does it: the innermost
// handler not already serving a trap takes it, frames above its owner and the handlers
// pushed after it are dropped, and the handler block gets an error record and a fresh
// resume token. The handler stays installed; resume.* makes it take traps again.
const uint32_t *VM::Impl::dispatchTrap(const uint32_t *pcp, TrapKind kind, int32_t code, std::string message) {
  const uint32_t pc = static_cast<uint32_t>(pcp - code_.code.data());
  const il::Instr &faultIn = ilInstrAt(pc);
  const int32_t line = faultIn.loc.known() ? static_cast<int32_t>(faultIn.loc.line) : -1;
  size_t hi = handlers_.size();
  while (hi > 0 && handlers_[hi - 1].serving) --hi;
  if (hi == 0) {
    final_.status = RunResult::Status::Trapped;
    final_.trap = describe(pc, kind, code, std::move(message));
    finished_ = true;
    return nullptr;
  }
  handlers_.resize(hi--);
  handlers_[hi].serving = true;
  trapTaken_ = true;
  const HandlerEntry h = handlers_[hi];
  const size_t k = h.depth;
  const uint32_t at = k + 1 == frames_.size() ? pc : frames_[k + 1].retPc - 2;
  if (k + 1 < frames_.size()) {
    // The alloca top when frame k+1 was entered: the mark of the lowest frame above k
    // that allocated (the ones below it did not move the top), else the top now.
    for (size_t d = k + 1; d < frames_.size(); ++d)
      if (frames_[d].ehState & kAllocaMarked) {
        stackTop_ = frames_[d].allocaMark;
        break;
      }
    for (size_t d = frames_.size(); d-- > k + 1;) {
      popFrameState(d);
      frames_[d].ehState = 0;
    }
    frames_.resize(k + 1);
  }
  const bc::Function *f = code_.functionAt(at);
  const bc::PcEntry *o = code_.origin(*f, at);
  ErrorRecord *e = newError(k);
  e->kind = kind;
  e->code = code;
  e->ip = o->instr;
  e->line = line;
  e->message = std::move(message);
  FaultState &fs = faultState(k);
  fs.last = e;
  fs.active = true;
  fs.block = o->block;
  fs.instr = o->instr;
  fs.faultPc = f->instrPc[o->block][o->instr];
  fs.handler = static_cast<uint32_t>(hi);
  fs.token = nextToken_++;
  const bc::HandlerDesc &d = code_.handlers[h.desc];
  Slot *R = regs_.data() + frames_[k].base;
  R[d.errSlot] = rt::slotP(e);
  R[d.tokSlot] = rt::slotI(fs.token);
  return code_.code.data() + d.pc;
}

const uint32_t *VM::Impl::resume(const uint32_t *pcp, bc::Op op, int64_t token) {
  const size_t depth = frames_.size() - 1;
  FaultState *fs = depth < faults_.size() ? faults_[depth].get() : nullptr;
  if (!fs || !fs->active || token != fs->token) return raise(pcp, Why::BadToken);
  fs->active = false;
  // The handler takes traps again (unless it popped itself first).
  if (fs->handler < handlers_.size() && handlers_[fs->handler].depth == depth) handlers_[fs->handler].serving = false;
  if (op == bc::Op::RESLABEL) return pcp + static_cast<int32_t>(pcp[1]);
  const bc::Function *f = code_.functionAt(static_cast<uint32_t>(pcp - code_.code.data()));
  const il::Function &ilf = src_.functions[static_cast<size_t>(f - code_.functions.data())];
  uint32_t target = fs->faultPc;
  if (op == bc::Op::RESNEXT) {
    const il::Instr &faulted = ilf.blocks[fs->block].instrs[fs->instr];
    if (il::isTerminator(faulted.op)) return raise(pcp, Why::ResumeAfterTerminator);
    // The faulting instruction produced nothing; its result reads as 0 (spec/il.md §8).
    if (faulted.result >= 0) regs_[frames_[depth].base + static_cast<uint32_t>(f->tempSlot[static_cast<size_t>(faulted.result)])] = rt::slotI(0);
    target = f->instrPc[fs->block][fs->instr + 1];
  }
  return code_.code.data() + target;
}

void VM::Impl::onInstruction(const uint32_t *pc) {
  const uint32_t op = *pc & 0xFF;
  if (opts_.profile) {
    ++profile.ops[op];
    ++profile.pairs[prevOp_ * bc::kNumOps + op];
    prevOp_ = op;
  }
  if (opts_.trace) {
    const uint32_t at = static_cast<uint32_t>(pc - code_.code.data());
    auto in = bc::decode(pc, code_.code.size() - at);
    const bc::Function *f = code_.functionAt(at);
    opts_.trace("@" + (f ? f->name : std::string("?")) + " " + std::to_string(at) + "  " +
                (in ? bc::formatInsn(code_, at, *in) : std::string("?")));
  }
}

} // namespace viper::bcvm
