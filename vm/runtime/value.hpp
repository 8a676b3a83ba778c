// Run-time values shared by the runtime library and both execution engines.
#pragma once
#include <cstdint>
#include <string_view>

namespace viper::rt {

/// One 64-bit register/argument slot. The IL is statically typed, so a slot carries no tag:
/// the instruction that reads it knows what it holds. Narrow integers are sign-extended.
union Slot {
  int64_t i;
  double f;
  void *p;
};
static_assert(sizeof(Slot) == 8);

inline Slot slotI(int64_t v) { Slot s; s.i = v; return s; }
inline Slot slotF(double v) { Slot s; s.f = v; return s; }
inline Slot slotP(void *v) { Slot s; s.i = 0; s.p = v; return s; }

/// Trap kinds and their numbers (spec/il.md §8).
enum class TrapKind : int32_t {
  DivideByZero = 0, Overflow = 1, InvalidCast = 2, DomainError = 3, Bounds = 4, FileNotFound = 5,
  EndOfFile = 6, IOError = 7, InvalidOperation = 8, RuntimeError = 9, Interrupt = 10, NetworkError = 11,
};

std::string_view trapKindName(TrapKind k);
/// Maps a runtime error code (trap.from_err, trap.err) to a trap kind (spec/il.md §8).
TrapKind trapKindFromErrorCode(int64_t code);

} // namespace viper::rt
