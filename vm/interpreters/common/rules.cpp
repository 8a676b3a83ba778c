#include "interpreters/common/rules.hpp"
#include "runtime/rt_string.hpp"
#include <cstring>

namespace viper::exec {

using rt::TrapKind;

FaultTrap describeFault(Fault fault, const il::Instr &in, int64_t x, int64_t y, int64_t z, std::string_view callee) {
  const std::string op(il::mnemonic(in.op));
  const std::string access = in.op == il::Opcode::Store ? "store" : "load";
  switch (fault) {
  case Fault::None: break;
  case Fault::Overflow: return {TrapKind::Overflow, "integer overflow in " + op};
  case Fault::DivZero: return {TrapKind::DivideByZero, "division by zero in " + op};
  case Fault::Bounds:
    return {TrapKind::Bounds, "index " + std::to_string(x) + " out of bounds [" + std::to_string(y) + ", " + std::to_string(z) + ")"};
  case Fault::CastInvalid: return {TrapKind::InvalidCast, "invalid cast in " + op};
  case Fault::CastOverflow: return {TrapKind::Overflow, "overflow in " + op};
  case Fault::NarrowRange: return {TrapKind::InvalidCast, "value " + std::to_string(x) + " out of range in " + op};
  case Fault::NullAddr: return {TrapKind::InvalidOperation, "null pointer in " + access};
  case Fault::Misaligned: return {TrapKind::InvalidOperation, "misaligned address in " + access};
  case Fault::BadAddr: return {TrapKind::InvalidOperation, "invalid address in " + access};
  case Fault::LoadNotString: return {TrapKind::InvalidOperation, "load str: the memory does not hold a live string"};
  case Fault::StoreNotString: return {TrapKind::InvalidOperation, "store str: the value is not a live string"};
  case Fault::LoadOpaque: return {TrapKind::InvalidOperation, "load: error records and resume tokens cannot come from memory"};
  case Fault::AllocaNegative: return {TrapKind::DomainError, "negative alloca size " + std::to_string(x)};
  case Fault::AllocaFull: return {TrapKind::Overflow, "stack overflow in alloca"};
  case Fault::CallDepth: return {TrapKind::Overflow, "stack overflow: call depth exceeds " + std::to_string(x)};
  case Fault::BadFnPtr: return {TrapKind::InvalidOperation, "call.indirect through an invalid function pointer"};
  case Fault::SigMismatch:
    return {TrapKind::InvalidOperation, "call.indirect: @" + std::string(callee) + " does not match the call's signature"};
  case Fault::BadToken: return {TrapKind::InvalidOperation, "invalid resume token (" + op + ")"};
  case Fault::ResumeAfterTerminator: return {TrapKind::InvalidOperation, "resume.next after a terminator"};
  case Fault::NullError: return {TrapKind::InvalidOperation, "null error record in " + op};
  case Fault::BadError: return {TrapKind::InvalidOperation, "invalid error record in " + op};
  case Fault::UserTrap: return {TrapKind::DomainError, ""};
  case Fault::RtNotString:
    return {TrapKind::InvalidOperation, "@" + std::string(callee) + ": argument " + std::to_string(x + 1) + " is not a live string"};
  case Fault::RegisterStack: return describeFault(Fault::CallDepth, in, x);
  case Fault::FromErr: case Fault::Runtime: break;  // the engine knows these
  }
  return {TrapKind::RuntimeError, "unknown fault"};
}

bool indirectCallFits(const il::Function &callee, size_t nargs, const il::Signature *declared) {
  if (callee.linkage == il::Linkage::Import) return false;
  const size_t fixed = callee.sig.params.size();
  if (callee.sig.variadic ? nargs < fixed : nargs != fixed) return false;
  return !declared || (declared->params == callee.sig.params && declared->ret == callee.sig.ret);
}

Fault allocate(AllocaStack &stack, size_t &top, int64_t size, void *&out) {
  if (size < 0) return Fault::AllocaNegative;
  const size_t start = (top + 15) & ~size_t{15};
  if (start > stack.size() || static_cast<uint64_t>(size) > stack.size() - start) return Fault::AllocaFull;
  std::memset(stack.data() + start, 0, static_cast<size_t>(size));
  top = start + (size == 0 ? 1 : static_cast<size_t>(size));
  out = stack.data() + start;
  return Fault::None;
}

Fault storeString(rt::Context &ctx, void *slot, void *value) {
  if (!ctx.isString(value)) return Fault::StoreNotString;
  rt::Str old;
  std::memcpy(&old, slot, sizeof old);
  rt::strRetain(static_cast<rt::Str>(value));
  std::memcpy(slot, &value, sizeof value);
  rt::strRelease(ctx, old);
  return Fault::None;
}

Fault storeStringTaking(rt::Context &ctx, void *slot, void *value) {
  if (!ctx.isString(value)) return Fault::StoreNotString;
  rt::Str old;
  std::memcpy(&old, slot, sizeof old);
  std::memcpy(slot, &value, sizeof value);
  rt::strRelease(ctx, old);
  return Fault::None;
}

Fault loadString(const rt::Context &ctx, const void *slot, void *&out) {
  std::memcpy(&out, slot, sizeof out);
  return ctx.isString(out) ? Fault::None : Fault::LoadNotString;
}

const ErrorRecord &noError() {
  static const ErrorRecord none{};
  return none;
}

rt::Slot errorField(rt::Context &ctx, const ErrorRecord &e, ErrorField field) {
  switch (field) {
  case ErrorField::Kind: return rt::slotI(static_cast<int64_t>(e.kind));
  case ErrorField::Code: return rt::slotI(e.code);
  case ErrorField::Ip: return rt::slotI(e.ip);
  case ErrorField::Line: return rt::slotI(e.line);
  case ErrorField::Message: return rt::slotP(rt::strNew(ctx, e.message));
  }
  return rt::slotI(0);
}

} // namespace viper::exec
