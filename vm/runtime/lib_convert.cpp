// Conversion and parsing (spec/runtime.md §5).
#include "runtime/format.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace viper::rt::lib {
namespace {

std::string_view V(const Slot *a, int i) { return strView(static_cast<Str>(a[i].p)); }

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Whole-string integer parse; false on garbage or overflow (overflow sets `overflow`).
bool parseInt(std::string_view text, int64_t &out, bool &overflow) {
  overflow = false;
  std::string s(trimSpaces(text));
  if (s.empty()) return false;
  char *end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (end != s.c_str() + s.size()) return false;
  if (errno == ERANGE) { overflow = true; return false; }
  out = v;
  return true;
}

bool parseDouble(std::string_view text, double &out) {
  std::string s(trimSpaces(text));
  if (s.empty()) return false;
  std::string_view t = s;
  bool neg = !t.empty() && t[0] == '-';
  std::string_view mag = (t[0] == '-' || t[0] == '+') ? t.substr(1) : t;
  if (mag == "NaN" || mag == "nan") { out = std::nan(""); return true; }
  if (mag == "Inf" || mag == "inf" || mag == "Infinity") { out = neg ? -HUGE_VAL : HUGE_VAL; return true; }
  for (char c : mag)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return false;
  char *end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

// BASIC VAL grammar: leading blanks, sign, digits[.digits][e[sign]digits]; stop at the
// first character that does not fit; no number gives 0.
double valPrefix(std::string_view s, bool &ok) {
  ok = true;
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  size_t start = i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
      i = j;
    }
  }
  std::string num(s.substr(start, i - start));
  double v = std::strtod(num.c_str(), nullptr);
  if (std::isinf(v)) ok = false;
  return v;
}

void writeOk(Context &ctx, void *okPtr, bool ok) {
  if (okPtr && ctx.memory.contains(okPtr, 1)) *static_cast<uint8_t *>(okPtr) = ok ? 1 : 0;
}

} // namespace

RT_IMPL(toInt64) {
  int64_t v;
  bool overflow;
  if (!parseInt(V(a, 0), v, overflow)) {
    ctx.raise(TrapKind::InvalidCast, overflow ? "INPUT: numeric overflow" : "INPUT: expected numeric value");
    return;
  }
  r->i = v;
}
RT_IMPL(toDouble) {
  double v;
  if (!parseDouble(V(a, 0), v)) { ctx.raise(TrapKind::InvalidCast, "INPUT: expected numeric value"); return; }
  r->f = v;
}
RT_IMPL(intToStr) {
  // Straight into the new string: no buffer to copy from.
  const size_t n = decimalLength(a[0].i);
  Str s = strAlloc(ctx, static_cast<int64_t>(n));
  if (s) writeDecimal(s->bytes(), n, a[0].i);
  r->p = s;
}
RT_IMPL(f64ToStr) { r->p = strNew(ctx, formatF64Shortest(a[0].f)); }
RT_IMPL(numToInt) {
  double f = a[0].f;
  if (std::isnan(f)) r->i = 0;
  else if (f >= 9223372036854775807.0) r->i = INT64_MAX;
  else if (f <= -9223372036854775808.0) r->i = INT64_MIN;
  else r->i = static_cast<int64_t>(f);
}
RT_IMPL(val) {
  bool ok;
  double v = valPrefix(V(a, 0), ok);
  if (!ok) { ctx.raise(TrapKind::Overflow, "VAL: numeric overflow"); return; }
  r->f = v;
}
RT_IMPL(parseIntOr) {
  int64_t v;
  bool overflow;
  r->i = parseInt(V(a, 0), v, overflow) ? v : a[1].i;
}
RT_IMPL(parseDoubleOr) {
  double v;
  r->f = parseDouble(V(a, 0), v) ? v : a[1].f;
}
RT_IMPL(parseIsInt) {
  int64_t v;
  bool overflow;
  r->i = parseInt(V(a, 0), v, overflow);
}
RT_IMPL(parseIsNum) {
  double v;
  r->i = parseDouble(V(a, 0), v);
}
RT_IMPL(intFloor) { r->f = std::floor(a[0].f); }
RT_IMPL(fixTrunc) { r->f = std::trunc(a[0].f); }
RT_IMPL(roundEven) {
  int32_t nd = static_cast<int32_t>(a[1].i);
  double scale = std::pow(10.0, nd);
  double x = a[0].f * scale;
  r->f = std::isfinite(x) ? roundHalfEven(x) / scale : a[0].f;
}
RT_IMPL(cdbl) { r->f = a[0].f; }

static void checkedRound(Context &ctx, const Slot *a, Slot *r, double lo, double hi) {
  double v = roundHalfEven(a[0].f);
  bool ok = std::isfinite(v) && v >= lo && v <= hi;
  writeOk(ctx, a[1].p, ok);
  r->i = ok ? static_cast<int64_t>(v) : 0;
}
RT_IMPL(cintFromDouble) { checkedRound(ctx, a, r, -32768.0, 32767.0); }
RT_IMPL(clngFromDouble) { checkedRound(ctx, a, r, -2147483648.0, 2147483647.0); }
RT_IMPL(csngFromDouble) {
  float f = static_cast<float>(a[0].f);
  bool ok = !std::isfinite(a[0].f) || std::isfinite(f);
  writeOk(ctx, a[1].p, ok);
  r->f = static_cast<double>(f);
}

} // namespace viper::rt::lib
