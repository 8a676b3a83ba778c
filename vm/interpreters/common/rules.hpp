// The run-time rules both engines apply: which faults an instruction can raise, the trap
// kind and message each gives, which addresses a load/store may touch, how alloca carves
// its region, what `store str` does to ownership, and the fields of an error record.
// The reference interpreter and the bytecode VM call these instead of restating them, so
// the two cannot drift (the differential tests remain the net, not the only guard).
#pragma once
#include "il/module.hpp"
#include "interpreters/common/program.hpp"
#include "interpreters/common/trap.hpp"
#include "runtime/context.hpp"
#include <cstdint>
#include <string>
#include <string_view>

namespace viper::exec {

/// Why an instruction traps. The last three carry a kind and message the engine supplies:
/// FromErr (trap.from_err: the kind follows the code), Runtime (a runtime function's
/// pending trap) and RegisterStack (the VM's register stack is full: a CallDepth).
enum class Fault : uint8_t {
  None, Overflow, DivZero, Bounds, CastInvalid, CastOverflow, NarrowRange,
  NullAddr, Misaligned, BadAddr, LoadNotString, StoreNotString, LoadOpaque,
  AllocaNegative, AllocaFull, CallDepth, BadFnPtr, SigMismatch, BadToken,
  ResumeAfterTerminator, NullError, BadError, UserTrap, RtNotString,
  FromErr, Runtime, RegisterStack
};

struct FaultTrap {
  rt::TrapKind kind;
  std::string message;
};

/// Kind and message of `fault` raised by `in`. `x, y, z` are the values the message names
/// (Bounds: index, low, high; NarrowRange: the value; AllocaNegative: the size; CallDepth:
/// the limit; RtNotString: the 0-based argument); `callee` names the function of a
/// SigMismatch or RtNotString.
FaultTrap describeFault(Fault fault, const il::Instr &in, int64_t x = 0, int64_t y = 0, int64_t z = 0,
                        std::string_view callee = {});

/// call.indirect reaches `callee` with `nargs` arguments: a defined function taking that
/// many (a variadic one at least its fixed ones) and, if the call states a signature
/// (`declared`), the same parameter types and return type.
bool indirectCallFits(const il::Function &callee, size_t nargs, const il::Signature *declared);

/// `gep`: plain address arithmetic, wrapping, never undefined behaviour (a null or wild
/// base is only an error when something loads or stores through the result).
inline void *offsetAddress(void *base, int64_t offset) {
  return reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(base) + static_cast<uintptr_t>(offset));
}

/// A load/store of `size` bytes at `p` must be aligned and fall inside the live part of the
/// alloca region (below `top`), a global, a string global's bytes or a runtime heap block.
/// Inline: every object field access of both engines goes through it, and the common
/// answers (the alloca region, a cached heap region) take a few instructions.
inline Fault checkAccess(const AllocaStack &stack, size_t top, const rt::Context &ctx, const void *p, unsigned size) {
  const auto a = reinterpret_cast<uintptr_t>(p);
  if (a == 0) return Fault::NullAddr;
  if ((a & (size - 1)) != 0) return Fault::Misaligned;  // sizes are 1, 2, 4 or 8: no division
  // Compared as integers: a wild pointer is not an object we may do arithmetic on.
  const auto lo = reinterpret_cast<uintptr_t>(stack.data());
  if (a >= lo && a - lo <= top && top - (a - lo) >= size) return Fault::None;
  return ctx.memory.contains(p, size) ? Fault::None : Fault::BadAddr;
}

/// alloca: `size` zeroed bytes, 16-byte aligned, from `top` (which moves past them). A
/// zero-byte alloca still yields a distinct address.
Fault allocate(AllocaStack &stack, size_t &top, int64_t size, void *&out);

/// `store str`: the slot owns its string, so the new one is retained and the old released.
Fault storeString(rt::Context &ctx, void *slot, void *value);
/// `store str` followed by a release of the stored value: the slot takes the caller's
/// reference instead of a new one (no retain, and no release after).
Fault storeStringTaking(rt::Context &ctx, void *slot, void *value);
/// `load str`: the slot must hold a live string (memory written as another type does not).
Fault loadString(const rt::Context &ctx, const void *slot, void *&out);

/// The fields of an error record, in the order the bytecode's ERRGET numbers them.
enum class ErrorField : uint8_t { Kind, Code, Ip, Line, Message };
/// The record a handler reads when no error is current (trap.kind / err.* with no operand).
const ErrorRecord &noError();
/// A field's value; Message is a new string the caller owns.
rt::Slot errorField(rt::Context &ctx, const ErrorRecord &e, ErrorField field);

} // namespace viper::exec
