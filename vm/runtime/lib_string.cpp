// String functions (spec/runtime.md §4). Arguments are borrowed; results are owned (+1),
// except Concat, which consumes both operands.
#include "runtime/format.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"
#include <algorithm>
#include <cstring>

namespace viper::rt::lib {
namespace {

Str S(const Slot *a, int i) { return static_cast<Str>(a[i].p); }
std::string_view V(const Slot *a, int i) { return strView(S(a, i)); }
void ret(Context &ctx, Slot *r, std::string_view s) { r->p = strNew(ctx, s); }
bool isTrimSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Byte offset of the 1-based code point `cp` in UTF-8 text (size() if past the end).
size_t codePointOffset(std::string_view s, int64_t cp) {
  size_t i = 0;
  for (int64_t n = 1; n < cp && i < s.size(); ++n) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// Saturating arithmetic for result lengths (compared against ctx.maxStringLength).
int64_t satAdd(int64_t x, int64_t y) {
  int64_t out;
  return __builtin_add_overflow(x, y, &out) ? INT64_MAX : out;
}
int64_t satMul(int64_t x, int64_t y) {
  int64_t out;
  return __builtin_mul_overflow(x, y, &out) ? INT64_MAX : out;
}

int64_t cmpBytes(std::string_view x, std::string_view y) {
  int c = x.compare(y);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

} // namespace

RT_IMPL(strLength) { r->i = strLen(S(a, 0)); }
RT_IMPL(strIsEmpty) { r->i = strLen(S(a, 0)) == 0; }

RT_IMPL(strConcat) { r->p = strConcatConsume(ctx, S(a, 0), S(a, 1)); }

RT_IMPL(strSubstring) {
  if (!S(a, 0)) { ctx.raise(TrapKind::InvalidOperation, "Substring: null string"); return; }
  std::string_view s = V(a, 0);
  int64_t n = static_cast<int64_t>(s.size());
  int64_t start = std::clamp<int64_t>(a[1].i, 0, n);
  int64_t len = std::clamp<int64_t>(a[2].i, 0, n - start);
  ret(ctx, r, s.substr(static_cast<size_t>(start), static_cast<size_t>(len)));
}

RT_IMPL(strLeft) {
  if (a[1].i < 0) { ctx.raise(TrapKind::DomainError, "LEFT$: len must be >= 0 (got " + std::to_string(a[1].i) + ")"); return; }
  std::string_view s = V(a, 0);
  ret(ctx, r, s.substr(0, static_cast<size_t>(std::min<int64_t>(a[1].i, static_cast<int64_t>(s.size())))));
}

RT_IMPL(strRight) {
  if (a[1].i < 0) { ctx.raise(TrapKind::DomainError, "RIGHT$: len must be >= 0 (got " + std::to_string(a[1].i) + ")"); return; }
  std::string_view s = V(a, 0);
  size_t n = static_cast<size_t>(std::min<int64_t>(a[1].i, static_cast<int64_t>(s.size())));
  ret(ctx, r, s.substr(s.size() - n));
}

RT_IMPL(strMid) {
  if (a[1].i < 1) { ctx.raise(TrapKind::DomainError, "MID$: start must be >= 1 (got " + std::to_string(a[1].i) + ")"); return; }
  std::string_view s = V(a, 0);
  ret(ctx, r, s.substr(codePointOffset(s, a[1].i)));
}

RT_IMPL(strMidLen) {
  if (a[1].i < 1) { ctx.raise(TrapKind::DomainError, "MID$: start must be >= 1 (got " + std::to_string(a[1].i) + ")"); return; }
  if (a[2].i < 0) { ctx.raise(TrapKind::DomainError, "MID$: len must be >= 0 (got " + std::to_string(a[2].i) + ")"); return; }
  std::string_view s = V(a, 0);
  size_t from = codePointOffset(s, a[1].i);
  std::string_view rest = s.substr(from);
  // A code point is at least one byte, so a length past the bytes left takes them all
  // (and len + 1 below cannot overflow).
  if (a[2].i >= static_cast<int64_t>(rest.size())) { ret(ctx, r, rest); return; }
  ret(ctx, r, rest.substr(0, codePointOffset(rest, a[2].i + 1)));
}

static int64_t indexFrom(std::string_view hay, int64_t start, std::string_view needle) {
  if (start < 1) start = 1;
  if (static_cast<size_t>(start - 1) > hay.size()) return 0;
  size_t p = hay.find(needle, static_cast<size_t>(start - 1));
  return p == std::string_view::npos ? 0 : static_cast<int64_t>(p) + 1;
}

RT_IMPL(strIndexOf) { r->i = indexFrom(V(a, 0), 1, V(a, 1)); }
RT_IMPL(strIndexOfFrom) { r->i = indexFrom(V(a, 0), a[1].i, V(a, 2)); }
RT_IMPL(strInstr3) { r->i = indexFrom(V(a, 1), a[0].i, V(a, 2)); }
RT_IMPL(strLastIndexOf) {
  size_t p = V(a, 0).rfind(V(a, 1));
  r->i = p == std::string_view::npos ? 0 : static_cast<int64_t>(p) + 1;
}
RT_IMPL(strContains) { r->i = V(a, 0).find(V(a, 1)) != std::string_view::npos; }
RT_IMPL(strStartsWith) { r->i = V(a, 0).substr(0, V(a, 1).size()) == V(a, 1); }
RT_IMPL(strEndsWith) {
  std::string_view s = V(a, 0), t = V(a, 1);
  r->i = s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
}
RT_IMPL(strCount) {
  std::string_view s = V(a, 0), t = V(a, 1);
  int64_t n = 0;
  if (!t.empty())
    for (size_t p = s.find(t); p != std::string_view::npos; p = s.find(t, p + t.size())) ++n;
  r->i = n;
}
RT_IMPL(strEquals) { r->i = S(a, 0) && S(a, 1) && V(a, 0) == V(a, 1); }
RT_IMPL(strCompare) {
  if (!S(a, 0) || !S(a, 1)) { r->i = (S(a, 0) != nullptr) - (S(a, 1) != nullptr); return; }
  r->i = cmpBytes(V(a, 0), V(a, 1));
}
RT_IMPL(strCompareNoCase) {
  auto fold = [](std::string_view s) {
    std::string o(s);
    for (char &c : o) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return o;
  };
  r->i = cmpBytes(fold(V(a, 0)), fold(V(a, 1)));
}
RT_IMPL(strLt) { r->i = S(a, 0) && S(a, 1) && V(a, 0) < V(a, 1); }
RT_IMPL(strLe) { r->i = S(a, 0) && S(a, 1) && V(a, 0) <= V(a, 1); }
RT_IMPL(strGt) { r->i = S(a, 0) && S(a, 1) && V(a, 0) > V(a, 1); }
RT_IMPL(strGe) { r->i = S(a, 0) && S(a, 1) && V(a, 0) >= V(a, 1); }

RT_IMPL(strUpper) {
  std::string s(V(a, 0));
  for (char &c : s) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  ret(ctx, r, s);
}
RT_IMPL(strLower) {
  std::string s(V(a, 0));
  for (char &c : s) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  ret(ctx, r, s);
}
RT_IMPL(strTrim) {
  std::string_view s = V(a, 0);
  while (!s.empty() && isTrimSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isTrimSpace(s.back())) s.remove_suffix(1);
  ret(ctx, r, s);
}
RT_IMPL(strTrimStart) {
  std::string_view s = V(a, 0);
  while (!s.empty() && isTrimSpace(s.front())) s.remove_prefix(1);
  ret(ctx, r, s);
}
RT_IMPL(strTrimEnd) {
  std::string_view s = V(a, 0);
  while (!s.empty() && isTrimSpace(s.back())) s.remove_suffix(1);
  ret(ctx, r, s);
}
RT_IMPL(strChr) {
  if (a[0].i < 0 || a[0].i > 255) { ctx.raise(TrapKind::DomainError, "CHR$: code must be 0-255 (got " + std::to_string(a[0].i) + ")"); return; }
  char c = static_cast<char>(a[0].i);
  ret(ctx, r, std::string_view(&c, 1));
}
RT_IMPL(strAsc) {
  if (!S(a, 0)) { ctx.raise(TrapKind::InvalidOperation, "ASC: null string"); return; }
  std::string_view s = V(a, 0);
  r->i = s.empty() ? 0 : static_cast<unsigned char>(s[0]);
}
RT_IMPL(strRepeat) {
  std::string_view s = V(a, 0);
  int64_t n = a[1].i;
  if (n <= 0 || s.empty()) { ret(ctx, r, ""); return; }
  Str out = strAlloc(ctx, satMul(n, static_cast<int64_t>(s.size())));  // traps over the limit
  if (!out) return;
  for (int64_t i = 0; i < n; ++i) std::memcpy(out->bytes() + static_cast<size_t>(i) * s.size(), s.data(), s.size());
  r->p = out;
}
RT_IMPL(strReplace) {
  std::string_view s = V(a, 0), find = V(a, 1), repl = V(a, 2);
  if (find.empty()) { ret(ctx, r, s); return; }
  int64_t hits = 0;
  for (size_t p = s.find(find); p != std::string_view::npos; p = s.find(find, p + find.size())) ++hits;
  const int64_t grow = static_cast<int64_t>(repl.size()) - static_cast<int64_t>(find.size());
  if (grow > 0 && !strLengthOk(ctx, satAdd(static_cast<int64_t>(s.size()), satMul(hits, grow)))) return;
  std::string o;
  size_t i = 0;
  for (size_t p = s.find(find); p != std::string_view::npos; p = s.find(find, i)) {
    o.append(s.substr(i, p - i));
    o.append(repl);
    i = p + find.size();
  }
  o.append(s.substr(i));
  ret(ctx, r, o);
}
static void pad(Context &ctx, const Slot *a, Slot *r, bool left) {
  std::string_view s = V(a, 0), p = V(a, 2);
  if (p.size() != 1) { ctx.raise(TrapKind::DomainError, "Pad: pad must be a single character"); return; }
  int64_t width = a[1].i;
  if (width <= static_cast<int64_t>(s.size())) { ret(ctx, r, s); return; }
  if (!strLengthOk(ctx, width)) return;
  std::string fill(static_cast<size_t>(width) - s.size(), p[0]);
  ret(ctx, r, left ? fill + std::string(s) : std::string(s) + fill);
}
RT_IMPL(strPadLeft) { pad(ctx, a, r, true); }
RT_IMPL(strPadRight) { pad(ctx, a, r, false); }
RT_IMPL(strReverse) {
  std::string s(V(a, 0));
  std::reverse(s.begin(), s.end());
  ret(ctx, r, s);
}
RT_IMPL(strFromI16) { ret(ctx, r, formatI64(static_cast<int16_t>(a[0].i))); }
RT_IMPL(strFromI32) { ret(ctx, r, formatI64(static_cast<int32_t>(a[0].i))); }
RT_IMPL(strFromSingle) { ret(ctx, r, formatF64Print(static_cast<double>(static_cast<float>(a[0].f)))); }
RT_IMPL(strRetainMaybe) { strRetain(S(a, 0)); }
RT_IMPL(strReleaseMaybe) {
  // The engine checked the handle is live; a string only arrays still hold has no
  // reference of the program's left to release.
  if (!strProgramOwned(S(a, 0))) {
    ctx.raise(TrapKind::InvalidOperation, "ReleaseMaybe: the string is not a live reference of the program (released "
                                          "again; only arrays still hold it)");
    return;
  }
  strReleaseLive(ctx, S(a, 0));
}
RT_IMPL(strEmpty) { ret(ctx, r, ""); }

} // namespace viper::rt::lib
