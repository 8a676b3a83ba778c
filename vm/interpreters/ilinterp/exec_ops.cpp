// The semantics of every IL opcode (spec/il.md §4), as the reference interpreter runs them.
#include "interpreters/common/arith.hpp"
#include "interpreters/ilinterp/interp_impl.hpp"
#include <cstring>

namespace viper::ilinterp {

using il::Opcode;
using rt::Slot;
using rt::TrapKind;
using exec::Fault;

namespace {

unsigned bitsOf(il::Type t) {
  switch (t) {
  case il::Type::I1: return 1;
  case il::Type::I16: return 16;
  case il::Type::I32: return 32;
  default: return 64;
  }
}

} // namespace

Slot Interpreter::Impl::eval(const Frame &f, const il::Value &v) {
  switch (v.kind) {
  case il::ValueKind::Temp: return f.regs[v.id];
  case il::ValueKind::Int: case il::ValueKind::Bool: return rt::slotI(v.i);
  case il::ValueKind::Float: return rt::slotF(v.f);
  case il::ValueKind::Null: return rt::slotI(0);
  case il::ValueKind::Str: return rt::slotP(mem_.literal(v.s));
  case il::ValueKind::Global: {
    auto it = fnIndex_.find(v.s);
    return it == fnIndex_.end() ? rt::slotI(0) : rt::slotP(const_cast<void *>(mem_.functionPointer(it->second)));
  }
  }
  return rt::slotI(0);
}

Flow Interpreter::Impl::raise(exec::Fault fault, const il::Instr &in, int64_t x, int64_t y, int64_t z, std::string_view callee) {
  exec::FaultTrap t = exec::describeFault(fault, in, x, y, z, callee);
  return raise(t.kind, 0, std::move(t.message));
}

// A load or store may touch only the live alloca area, globals, or runtime heap blocks.
void *Interpreter::Impl::checkAddress(const il::Instr &in, Slot p, unsigned size, Flow &flow) {
  flow = Flow::Next;
  const exec::Fault fault = exec::checkAccess(stack_, stackTop_, ctx_, p.p, size);
  if (fault == exec::Fault::None) return p.p;
  flow = raise(fault, in);
  return nullptr;
}

Flow Interpreter::Impl::doResume(Frame &f, const il::Instr &in) {
  Slot tok = eval(f, in.operands[0]);
  if (!f.faultActive || tok.i != f.token)
    return raise(Fault::BadToken, in);
  f.faultActive = false;
  spendUnit();
  // The handler serves again (unless it popped itself first).
  if (f.faultHandler < f.handlers.size()) f.handlers[f.faultHandler].serving = false;
  if (in.op == Opcode::ResumeLabel) return enterBlock(f, in.targets[0], /*countBackEdge=*/false);
  const il::Block &fb = f.fn->blocks[f.faultBlock];
  size_t ip = f.faultIp;
  if (in.op == Opcode::ResumeNext) {
    const il::Instr &faulted = fb.instrs[ip];
    if (il::isTerminator(faulted.op))
      return raise(Fault::ResumeAfterTerminator, in);
    // The faulting instruction produced nothing; its result reads as 0 (spec/il.md §8).
    if (faulted.result >= 0) f.regs[static_cast<size_t>(faulted.result)] = rt::slotI(0);
    ++ip;
  }
  f.block = f.faultBlock;
  f.ip = ip;
  return Flow::Jumped;
}

Flow Interpreter::Impl::step(Frame &f, const il::Instr &in) {
  auto set = [&](Slot v) {
    if (in.result >= 0) f.regs[static_cast<size_t>(in.result)] = v;
    return Flow::Next;
  };
  auto I = [&](size_t k) { return eval(f, in.operands[k]).i; };
  auto F = [&](size_t k) { return eval(f, in.operands[k]).f; };
  const unsigned bits = bitsOf(in.type);
  int64_t r = 0;
  TrapKind kind = TrapKind::Overflow;

  switch (in.op) {
  // --- integer arithmetic ---
  case Opcode::Add: return set(rt::slotI(static_cast<int64_t>(static_cast<uint64_t>(I(0)) + static_cast<uint64_t>(I(1)))));
  case Opcode::Sub: return set(rt::slotI(static_cast<int64_t>(static_cast<uint64_t>(I(0)) - static_cast<uint64_t>(I(1)))));
  case Opcode::Mul: return set(rt::slotI(static_cast<int64_t>(static_cast<uint64_t>(I(0)) * static_cast<uint64_t>(I(1)))));
  case Opcode::IAddOvf:
    if (!exec::checkedAdd(I(0), I(1), bits, r)) return raise(Fault::Overflow, in);
    return set(rt::slotI(r));
  case Opcode::ISubOvf:
    if (!exec::checkedSub(I(0), I(1), bits, r)) return raise(Fault::Overflow, in);
    return set(rt::slotI(r));
  case Opcode::IMulOvf:
    if (!exec::checkedMul(I(0), I(1), bits, r)) return raise(Fault::Overflow, in);
    return set(rt::slotI(r));
  case Opcode::SDiv: case Opcode::SDivChk0:
    if (!exec::signedDiv(I(0), I(1), in.op == Opcode::SDiv ? 64 : bits, r, kind))
      return raise(kind == TrapKind::DivideByZero ? Fault::DivZero : Fault::Overflow, in);
    return set(rt::slotI(r));
  case Opcode::SRem: case Opcode::SRemChk0:
    if (!exec::signedRem(I(0), I(1), r, kind)) return raise(Fault::DivZero, in);
    return set(rt::slotI(r));
  case Opcode::UDiv: case Opcode::UDivChk0:
    if (!exec::unsignedDiv(I(0), I(1), r, kind)) return raise(Fault::DivZero, in);
    return set(rt::slotI(in.op == Opcode::UDiv ? r : exec::narrowTo(r, bits)));
  case Opcode::URem: case Opcode::URemChk0:
    if (!exec::unsignedRem(I(0), I(1), r, kind)) return raise(Fault::DivZero, in);
    return set(rt::slotI(in.op == Opcode::URem ? r : exec::narrowTo(r, bits)));
  case Opcode::IdxChk: {
    int64_t idx = I(0), lo = I(1), hi = I(2);
    if (!exec::indexCheck(idx, lo, hi, r))
      return raise(Fault::Bounds, in, idx, lo, hi);
    return set(rt::slotI(r));
  }
  case Opcode::And: return set(rt::slotI(I(0) & I(1)));
  case Opcode::Or: return set(rt::slotI(I(0) | I(1)));
  case Opcode::Xor: return set(rt::slotI(exec::narrowTo(I(0) ^ I(1), bits)));
  case Opcode::Shl: return set(rt::slotI(static_cast<int64_t>(static_cast<uint64_t>(I(0)) << (I(1) & 63))));
  case Opcode::LShr: return set(rt::slotI(static_cast<int64_t>(static_cast<uint64_t>(I(0)) >> (I(1) & 63))));
  case Opcode::AShr: return set(rt::slotI(I(0) >> (I(1) & 63)));

  // --- floating point ---
  case Opcode::FAdd: return set(rt::slotF(F(0) + F(1)));
  case Opcode::FSub: return set(rt::slotF(F(0) - F(1)));
  case Opcode::FMul: return set(rt::slotF(F(0) * F(1)));
  case Opcode::FDiv: return set(rt::slotF(F(0) / F(1)));

  // --- comparisons (narrow values are sign-extended, so 64-bit compares are exact) ---
  case Opcode::ICmpEq: return set(rt::slotI(I(0) == I(1)));
  case Opcode::ICmpNe: return set(rt::slotI(I(0) != I(1)));
  case Opcode::SCmpLT: return set(rt::slotI(I(0) < I(1)));
  case Opcode::SCmpLE: return set(rt::slotI(I(0) <= I(1)));
  case Opcode::SCmpGT: return set(rt::slotI(I(0) > I(1)));
  case Opcode::SCmpGE: return set(rt::slotI(I(0) >= I(1)));
  case Opcode::UCmpLT: return set(rt::slotI(static_cast<uint64_t>(I(0)) < static_cast<uint64_t>(I(1))));
  case Opcode::UCmpLE: return set(rt::slotI(static_cast<uint64_t>(I(0)) <= static_cast<uint64_t>(I(1))));
  case Opcode::UCmpGT: return set(rt::slotI(static_cast<uint64_t>(I(0)) > static_cast<uint64_t>(I(1))));
  case Opcode::UCmpGE: return set(rt::slotI(static_cast<uint64_t>(I(0)) >= static_cast<uint64_t>(I(1))));
  case Opcode::FCmpEQ: return set(rt::slotI(F(0) == F(1)));
  case Opcode::FCmpNE: return set(rt::slotI(!(F(0) == F(1))));
  case Opcode::FCmpLT: return set(rt::slotI(F(0) < F(1)));
  case Opcode::FCmpLE: return set(rt::slotI(F(0) <= F(1)));
  case Opcode::FCmpGT: return set(rt::slotI(F(0) > F(1)));
  case Opcode::FCmpGE: return set(rt::slotI(F(0) >= F(1)));
  case Opcode::FCmpOrd: return set(rt::slotI(!std::isnan(F(0)) && !std::isnan(F(1))));
  case Opcode::FCmpUno: return set(rt::slotI(std::isnan(F(0)) || std::isnan(F(1))));

  // --- conversions ---
  case Opcode::Sitofp: case Opcode::CastSiToFp: return set(rt::slotF(static_cast<double>(I(0))));
  case Opcode::CastUiToFp: return set(rt::slotF(static_cast<double>(static_cast<uint64_t>(I(0)))));
  case Opcode::Fptosi:
    if (!exec::fpTrunc(F(0), r, kind)) return raise(kind == TrapKind::InvalidCast ? Fault::CastInvalid : Fault::CastOverflow, in);
    return set(rt::slotI(r));
  case Opcode::CastFpToSiRteChk:
    if (!exec::fpToSi(F(0), bits, r, kind)) return raise(kind == TrapKind::InvalidCast ? Fault::CastInvalid : Fault::CastOverflow, in);
    return set(rt::slotI(r));
  case Opcode::CastFpToUiRteChk:
    if (!exec::fpToUi(F(0), bits, r, kind)) return raise(kind == TrapKind::InvalidCast ? Fault::CastInvalid : Fault::CastOverflow, in);
    return set(rt::slotI(r));
  case Opcode::CastSiNarrowChk:
    if (!exec::siNarrow(I(0), bits, r)) return raise(Fault::NarrowRange, in, I(0));
    return set(rt::slotI(r));
  case Opcode::CastUiNarrowChk:
    if (!exec::uiNarrow(I(0), bits, r)) return raise(Fault::NarrowRange, in, I(0));
    return set(rt::slotI(r));
  case Opcode::Zext1: case Opcode::Trunc1: return set(rt::slotI(I(0) & 1));

  // --- memory ---
  case Opcode::Alloca: {
    void *p = nullptr;
    const Fault fault = exec::allocate(stack_, stackTop_, I(0), p);
    if (fault != Fault::None) return raise(fault, in, I(0));
    return set(rt::slotP(p));
  }
  case Opcode::Gep: return set(rt::slotP(exec::offsetAddress(eval(f, in.operands[0]).p, I(1))));
  case Opcode::Load: {
    Flow flow;
    unsigned size = il::typeSize(in.memType);
    void *a = checkAddress(in, eval(f, in.operands[0]), size, flow);
    if (!a) return flow;
    Slot v = rt::slotI(0);
    switch (in.memType) {
    case il::Type::I1: v.i = *static_cast<uint8_t *>(a) & 1; break;
    case il::Type::I16: { int16_t x; std::memcpy(&x, a, 2); v.i = x; break; }
    case il::Type::I32: { int32_t x; std::memcpy(&x, a, 4); v.i = x; break; }
    default: std::memcpy(&v, a, 8); break;
    }
    if (in.memType == il::Type::Str && exec::loadString(ctx_, a, v.p) != Fault::None) return raise(Fault::LoadNotString, in);
    if (in.memType == il::Type::Error || in.memType == il::Type::ResumeTok)
      return raise(Fault::LoadOpaque, in);
    return set(v);
  }
  case Opcode::Store: {
    Flow flow;
    unsigned size = il::typeSize(in.memType);
    void *a = checkAddress(in, eval(f, in.operands[0]), size, flow);
    if (!a) return flow;
    Slot v = eval(f, in.operands[1]);
    switch (in.memType) {
    case il::Type::I1: *static_cast<uint8_t *>(a) = static_cast<uint8_t>(v.i & 1); break;
    case il::Type::I16: { auto x = static_cast<int16_t>(v.i); std::memcpy(a, &x, 2); break; }
    case il::Type::I32: { auto x = static_cast<int32_t>(v.i); std::memcpy(a, &x, 4); break; }
    case il::Type::Str:
      if (exec::storeString(ctx_, a, v.p) != Fault::None) return raise(Fault::StoreNotString, in);
      break;
    default: std::memcpy(a, &v, 8); break;
    }
    return Flow::Next;
  }
  case Opcode::AddrOf: return set(rt::slotP(mem_.stringGlobal(in.operands[0].s)->bytes()));
  case Opcode::ConstStr: return set(rt::slotP(mem_.stringGlobal(in.operands[0].s)));
  case Opcode::GAddr: return set(rt::slotP(mem_.scalarAddress(in.operands[0].s)));
  case Opcode::ConstNull: return set(rt::slotI(0));
  case Opcode::ConstF64:
    return set(in.operands[0].kind == il::ValueKind::Int ? rt::slotF(static_cast<double>(in.operands[0].i)) : rt::slotF(in.operands[0].f));

  // --- calls ---
  case Opcode::Call: {
    auto it = callFn_.find(&in);
    if (it != callFn_.end()) return callFunction(f, in, 0, it->second);
    return callRuntime(f, in, callRt_.at(&in));
  }
  case Opcode::CallIndirect: {
    int64_t idx = mem_.functionIndex(eval(f, in.operands[0]).p);
    if (idx < 0) return raise(Fault::BadFnPtr, in);
    const il::Function &callee = m_.functions[static_cast<size_t>(idx)];
    if (!exec::indirectCallFits(callee, in.operands.size() - 1, in.hasIndirectSig ? &in.indirectSig : nullptr))
      return raise(Fault::SigMismatch, in, 0, 0, 0, callee.name);
    return callFunction(f, in, 1, idx);
  }

  // --- control flow ---
  case Opcode::Br: return enterBlock(f, in.targets[0]);
  case Opcode::Cbr: return enterBlock(f, in.targets[(I(0) & 1) ? 0 : 1]);
  case Opcode::SwitchI32: {
    int64_t v = I(0);
    for (size_t k = 0; k < in.caseValues.size(); ++k)
      if (in.caseValues[k] == v) return enterBlock(f, in.targets[k + 1]);
    return enterBlock(f, in.targets[0]);
  }
  case Opcode::Ret:
    return in.operands.empty() ? doReturn(rt::slotI(0), false) : doReturn(eval(f, in.operands[0]), true);
  case Opcode::Select: return set(I(0) & 1 ? eval(f, in.operands[1]) : eval(f, in.operands[2]));

  // --- errors and exception handling ---
  case Opcode::Trap: return raise(Fault::UserTrap, in);
  case Opcode::TrapFromErr: {
    int64_t code = I(0);
    return raise(rt::trapKindFromErrorCode(code), static_cast<int32_t>(code), ctx_.throwMessage);
  }
  case Opcode::TrapErr: {
    ErrorRecord *e = newError(f);
    e->code = static_cast<int32_t>(I(0));
    e->kind = rt::trapKindFromErrorCode(e->code);
    e->message = std::string(rt::strView(static_cast<rt::Str>(eval(f, in.operands[1]).p)));
    return set(rt::slotP(e));
  }
  case Opcode::TrapKind: case Opcode::ErrGetKind: case Opcode::ErrGetCode: case Opcode::ErrGetIp:
  case Opcode::ErrGetLine: case Opcode::ErrGetMsg: {
    const ErrorRecord *e = in.operands.empty() ? f.lastError : static_cast<const ErrorRecord *>(eval(f, in.operands[0]).p);
    if (!e) {
      if (!in.operands.empty()) return raise(Fault::NullError, in);
      e = &exec::noError();
    }
    exec::ErrorField field = exec::ErrorField::Kind;
    switch (in.op) {
    case Opcode::ErrGetCode: field = exec::ErrorField::Code; break;
    case Opcode::ErrGetIp: field = exec::ErrorField::Ip; break;
    case Opcode::ErrGetLine: field = exec::ErrorField::Line; break;
    case Opcode::ErrGetMsg: field = exec::ErrorField::Message; break;
    default: break;
    }
    if (field == exec::ErrorField::Message && in.result < 0) return Flow::Next;  // nothing would own it
    return set(exec::errorField(ctx_, *e, field));
  }
  case Opcode::EhPush: f.handlers.push_back({in.targets[0].block, false}); return Flow::Next;
  case Opcode::EhPop: if (!f.handlers.empty()) f.handlers.pop_back(); return Flow::Next;
  case Opcode::EhEntry: return Flow::Next;
  case Opcode::ResumeSame: case Opcode::ResumeNext: case Opcode::ResumeLabel: return doResume(f, in);
  }
  return raise(TrapKind::RuntimeError, 0, "unknown opcode");
}

} // namespace viper::ilinterp
