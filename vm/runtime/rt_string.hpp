// Reference-counted immutable byte strings: the `str` IL type.
//
// A handle points at a StrHeader; the bytes follow it. Immortal strings (const_str
// literals) have refs == kImmortal and are never counted or freed. A null handle reads
// as "" everywhere it is legal.
#pragma once
#include "runtime/context.hpp"
#include <string>
#include <string_view>

namespace viper::rt {

struct StrHeader {
  int64_t refs;
  int64_t len;
  char *bytes() { return reinterpret_cast<char *>(this + 1); }
  const char *bytes() const { return reinterpret_cast<const char *>(this + 1); }
};
using Str = StrHeader *;

inline constexpr int64_t kImmortal = INT64_MIN / 2;

/// A new owned string (+1) holding `bytes`.
Str strNew(Context &ctx, std::string_view bytes);
/// An uninitialised owned string of `len` bytes for the caller to fill. On failure (out of
/// memory, absurd length) it raises a trap on `ctx` and returns null, which reads as "".
Str strAlloc(Context &ctx, int64_t len);
/// An immortal string (for const_str); freed with strFreeImmortal by its owner.
Str strNewImmortal(std::string_view bytes);
void strFreeImmortal(Str s);

void strRetain(Str s);
void strRelease(Context &ctx, Str s);
/// Frees every owned string still live on `ctx` whatever its count: the Context's end,
/// after a run that stopped with strings in its frames (an Exit or a trap from a callee).
void strFreeRemaining(Context &ctx);
inline std::string_view strView(Str s) { return s ? std::string_view(s->bytes(), static_cast<size_t>(s->len)) : std::string_view(); }
inline int64_t strLen(Str s) { return s ? s->len : 0; }

} // namespace viper::rt
