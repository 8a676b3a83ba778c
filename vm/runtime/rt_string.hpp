// Reference-counted immutable byte strings: the `str` IL type.
//
// A handle points at a StrHeader; the bytes follow it. Immortal strings (const_str
// literals) have refs == kImmortal and are never counted or freed. A null handle reads
// as "" everywhere it is legal. Owned strings live in their Context's StringHeap
// (context.hpp), which is also what tells a live handle from a forged or released one.
#pragma once
#include "runtime/context.hpp"
#include <string>
#include <string_view>

namespace viper::rt {

struct StrHeader {
  int64_t refs;  // every reference, the arrays' included
  int64_t len;
  /// How many of `refs` belong to runtime containers (string array slots). A program
  /// release never takes one of these: a string an array holds stays alive (and its
  /// slot valid) until the array lets go, even if the program releases it once too often.
  int64_t held;
  char *bytes() { return reinterpret_cast<char *>(this + 1); }
  const char *bytes() const { return reinterpret_cast<const char *>(this + 1); }
};
using Str = StrHeader *;

inline constexpr int64_t kImmortal = INT64_MIN / 2;

/// A new owned string (+1) holding `bytes`.
Str strNew(Context &ctx, std::string_view bytes);
/// An uninitialised owned string of `len` bytes for the caller to fill. On failure (out of
/// memory, negative length, longer than ctx.maxStringLength) it raises a DomainError trap
/// on `ctx` and returns null, which reads as "".
Str strAlloc(Context &ctx, int64_t len);
/// True if a string of `len` bytes may be created; otherwise raises strAlloc's trap. For
/// callers that build a result elsewhere first (`len` may be a saturated estimate).
/// Inline because every append asks; the trap's message building stays out of line.
bool strLengthTrap(Context &ctx, int64_t len);
inline bool strLengthOk(Context &ctx, int64_t len) {
  return (len >= 0 && len <= ctx.maxStringLength) || strLengthTrap(ctx, len);
}
/// Concat's work: x + y, consuming one reference to each. When x is the only reference
/// (refs 1, no array holds it) the result is x itself, appended in place if its block has
/// room (else moved to one with room to grow): a string built by appends is linear.
/// x and y are live or null: `str` parameters, which the engines check before the call.
Str strConcatConsume(Context &ctx, Str x, Str y);
/// An immortal string (for const_str); freed with strFreeImmortal by its owner.
Str strNewImmortal(std::string_view bytes);
void strFreeImmortal(Str s);

void strRetain(Str s);
/// Drops one of the program's references; frees the string at zero. A handle that is not
/// a live string (released, forged) is ignored, and so is a release that would take a
/// reference an array holds (see StrHeader::held): the string stays alive.
void strRelease(Context &ctx, Str s);
/// strRelease for a handle known to be live or null: a `str` parameter of a runtime
/// function, which the engines check before the call, so it is not looked up again.
void strReleaseLive(Context &ctx, Str s);
/// True if `s` (live or null, as for strReleaseLive) is null, immortal, or has a reference
/// of the program's own (not only arrays' references): what a program release may drop.
bool strProgramOwned(Str s);
/// A container (string array slot) takes a reference to live string `s` / gives it back.
/// The caller has checked ctx.isString(s); strDrop ignores anything not live.
void strHold(Str s);
void strDrop(Context &ctx, Str s);
/// Frees every owned string still live on `ctx` whatever its count: the Context's end,
/// after a run that stopped with strings in its frames (an Exit or a trap from a callee).
void strFreeRemaining(Context &ctx);
inline std::string_view strView(Str s) { return s ? std::string_view(s->bytes(), static_cast<size_t>(s->len)) : std::string_view(); }
inline int64_t strLen(Str s) { return s ? s->len : 0; }

} // namespace viper::rt
