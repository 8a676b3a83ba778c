#include "runtime/format.hpp"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace viper::rt {

size_t decimalLength(int64_t v) {
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  size_t n = v < 0 ? 2 : 1;
  for (; u >= 10; u /= 10) ++n;
  return n;
}

void writeDecimal(char *dst, size_t n, int64_t v) {
  // Two digits per division, from the end, rather than std::to_chars: in WebAssembly that
  // is a chain of small out-of-line calls into the prebuilt libc++ (7% of a
  // string-building benchmark's time).
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  char *p = dst + n;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  while (u >= 100) {
    const unsigned pair = static_cast<unsigned>(u % 100) * 2;
    u /= 100;
    *--p = kPairs[pair + 1];
    *--p = kPairs[pair];
  }
  if (u >= 10) {
    *--p = kPairs[u * 2 + 1];
    *--p = kPairs[u * 2];
  } else {
    *--p = static_cast<char>('0' + u);
  }
  if (v < 0) *--p = '-';
}

size_t formatI64To(char (&buf)[20], int64_t v) {
  const size_t n = decimalLength(v);
  writeDecimal(buf, n, v);
  return n;
}
std::string formatI64(int64_t v) {
  char buf[20];
  return std::string(buf, formatI64To(buf, v));
}

static const char *special(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Inf" : "Inf";
  return nullptr;
}

std::string formatF64Print(double v) {
  if (const char *s = special(v)) return s;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string formatF64Shortest(double v) {
  if (const char *s = special(v)) return s;
  // Shortest round-trip text; on equal length the plain form beats the exponent form
  // (100.0 is "100", not "1e+02").
  std::string best;
  bool bestExp = true;
  char buf[40];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    if (std::strtod(buf, nullptr) != v) continue;
    bool exp = std::strchr(buf, 'e') != nullptr;
    size_t len = std::strlen(buf);
    if (best.empty() || len < best.size() || (len == best.size() && bestExp && !exp)) {
      best = buf;
      bestExp = exp;
    }
  }
  return best;
}

double roundHalfEven(double v) {
  if (!std::isfinite(v)) return v;
  double r = std::round(v);  // halves away from zero
  if (std::fabs(v - std::trunc(v)) == 0.5) r = 2.0 * std::round(v / 2.0);
  return r;
}

} // namespace viper::rt
