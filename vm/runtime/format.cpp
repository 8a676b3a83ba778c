#include "runtime/format.hpp"
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace viper::rt {

size_t formatI64To(char (&buf)[20], int64_t v) {
  // 20 bytes: INT64_MIN is a sign and 19 digits.
  return static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf);
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
