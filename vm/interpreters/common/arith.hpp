// Semantics of the IL's checked arithmetic and conversions, shared by both engines so
// the reference interpreter and the bytecode VM cannot disagree. Each returns false (and
// names the trap kind) when the IL says the operation traps.
#pragma once
#include "runtime/format.hpp"
#include "runtime/value.hpp"
#include <cmath>
#include <cstdint>

namespace viper::exec {

/// Sign-extends the low `bits` of v (bits = 1, 16, 32 or 64; i1 is kept as 0/1).
inline int64_t narrowTo(int64_t v, unsigned bits) {
  switch (bits) {
  case 1: return v & 1;
  case 16: return static_cast<int16_t>(v);
  case 32: return static_cast<int32_t>(v);
  default: return v;
  }
}

inline bool fitsSigned(int64_t v, unsigned bits) {
  switch (bits) {
  case 1: return v == 0 || v == 1;
  case 16: return v >= INT16_MIN && v <= INT16_MAX;
  case 32: return v >= INT32_MIN && v <= INT32_MAX;
  default: return true;
  }
}

/// a + b and a - b with overflow check (true = overflowed). WebAssembly has no overflow
/// flag: LLVM lowers __builtin_add_overflow to two signed compares whose results are
/// compared, which V8 turns into nine instructions; the sign test of the xors is six.
inline bool addOverflows(int64_t a, int64_t b, int64_t *r) {
#if defined(__wasm__)
  const uint64_t s = static_cast<uint64_t>(a) + static_cast<uint64_t>(b);
  *r = static_cast<int64_t>(s);
  return static_cast<int64_t>((static_cast<uint64_t>(a) ^ s) & (static_cast<uint64_t>(b) ^ s)) < 0;
#else
  return __builtin_add_overflow(a, b, r);
#endif
}
inline bool subOverflows(int64_t a, int64_t b, int64_t *r) {
#if defined(__wasm__)
  const uint64_t s = static_cast<uint64_t>(a) - static_cast<uint64_t>(b);
  *r = static_cast<int64_t>(s);
  return static_cast<int64_t>((static_cast<uint64_t>(a) ^ static_cast<uint64_t>(b)) & (static_cast<uint64_t>(a) ^ s)) < 0;
#else
  return __builtin_sub_overflow(a, b, r);
#endif
}

/// a * b with overflow check (true = overflowed). On wasm32, __builtin_mul_overflow on
/// int64 calls compiler-rt's 128-bit multiply; operands that fit in 32 bits (nearly every
/// multiply a program does) cannot overflow 64 bits, so they take a plain multiply.
inline bool mulOverflows(int64_t a, int64_t b, int64_t *r) {
#if defined(__wasm__)
  if (a == static_cast<int32_t>(a) && b == static_cast<int32_t>(b)) {
    *r = a * b;
    return false;
  }
#endif
  return __builtin_mul_overflow(a, b, r);
}

inline bool checkedAdd(int64_t a, int64_t b, unsigned bits, int64_t &r) {
  if (addOverflows(a, b, &r)) return false;
  return fitsSigned(r, bits);
}
inline bool checkedSub(int64_t a, int64_t b, unsigned bits, int64_t &r) {
  if (subOverflows(a, b, &r)) return false;
  return fitsSigned(r, bits);
}
inline bool checkedMul(int64_t a, int64_t b, unsigned bits, int64_t &r) {
  if (mulOverflows(a, b, &r)) return false;
  return fitsSigned(r, bits);
}

inline int64_t minOf(unsigned bits) { return bits == 16 ? INT16_MIN : bits == 32 ? INT32_MIN : INT64_MIN; }

/// sdiv.chk0 / sdiv: DivideByZero on 0, Overflow on MIN(T) / -1.
inline bool signedDiv(int64_t a, int64_t b, unsigned bits, int64_t &r, rt::TrapKind &kind) {
  if (b == 0) { kind = rt::TrapKind::DivideByZero; return false; }
  if (b == -1 && a == minOf(bits)) { kind = rt::TrapKind::Overflow; return false; }
  r = a / b;
  return true;
}
/// srem.chk0 / srem: DivideByZero on 0; MIN % -1 is 0.
inline bool signedRem(int64_t a, int64_t b, int64_t &r, rt::TrapKind &kind) {
  if (b == 0) { kind = rt::TrapKind::DivideByZero; return false; }
  r = b == -1 ? 0 : a % b;
  return true;
}
inline bool unsignedDiv(int64_t a, int64_t b, int64_t &r, rt::TrapKind &kind) {
  if (b == 0) { kind = rt::TrapKind::DivideByZero; return false; }
  r = static_cast<int64_t>(static_cast<uint64_t>(a) / static_cast<uint64_t>(b));
  return true;
}
inline bool unsignedRem(int64_t a, int64_t b, int64_t &r, rt::TrapKind &kind) {
  if (b == 0) { kind = rt::TrapKind::DivideByZero; return false; }
  r = static_cast<int64_t>(static_cast<uint64_t>(a) % static_cast<uint64_t>(b));
  return true;
}

/// idx.chk: idx - lo, Bounds unless lo <= idx < hi.
inline bool indexCheck(int64_t idx, int64_t lo, int64_t hi, int64_t &r) {
  if (idx < lo || idx >= hi) return false;
  // A range wider than i64 (lo near MIN, idx near MAX) has no representable offset.
  return !__builtin_sub_overflow(idx, lo, &r);
}

/// cast.fp_to_si.rte.chk: round half to even; InvalidCast on NaN/Inf, Overflow outside T.
inline bool fpToSi(double v, unsigned bits, int64_t &r, rt::TrapKind &kind) {
  if (!std::isfinite(v)) { kind = rt::TrapKind::InvalidCast; return false; }
  double x = rt::roundHalfEven(v);
  if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) { kind = rt::TrapKind::Overflow; return false; }
  r = static_cast<int64_t>(x);
  if (!fitsSigned(r, bits)) { kind = rt::TrapKind::Overflow; return false; }
  return true;
}
/// cast.fp_to_ui.rte.chk: InvalidCast on NaN/Inf/negative, Overflow at >= 2^bits.
inline bool fpToUi(double v, unsigned bits, int64_t &r, rt::TrapKind &kind) {
  if (!std::isfinite(v)) { kind = rt::TrapKind::InvalidCast; return false; }
  double x = rt::roundHalfEven(v);
  if (x < 0) { kind = rt::TrapKind::InvalidCast; return false; }
  double limit = bits >= 64 ? 18446744073709551616.0 : std::ldexp(1.0, static_cast<int>(bits));
  if (x >= limit) { kind = rt::TrapKind::Overflow; return false; }
  r = narrowTo(static_cast<int64_t>(static_cast<uint64_t>(x)), bits);
  return true;
}
/// fptosi: truncate; InvalidCast on NaN/Inf, Overflow out of i64 range.
inline bool fpTrunc(double v, int64_t &r, rt::TrapKind &kind) {
  if (!std::isfinite(v)) { kind = rt::TrapKind::InvalidCast; return false; }
  if (!(v > -9223372036854777856.0 && v < 9223372036854775808.0)) { kind = rt::TrapKind::Overflow; return false; }
  r = static_cast<int64_t>(v);
  return true;
}
inline bool siNarrow(int64_t v, unsigned bits, int64_t &r) {
  if (!fitsSigned(v, bits)) return false;
  r = v;
  return true;
}
inline bool uiNarrow(int64_t v, unsigned bits, int64_t &r) {
  uint64_t u = static_cast<uint64_t>(v);
  if (bits < 64 && u > ((uint64_t{1} << bits) - 1)) return false;
  r = narrowTo(v, bits);
  return true;
}

} // namespace viper::exec
