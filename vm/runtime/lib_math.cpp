// Math, PRNG and time (spec/runtime.md §6).
#include "runtime/lib.hpp"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace viper::rt::lib {

RT_IMPL(absF64) { r->f = std::fabs(a[0].f); }
RT_IMPL(absI64) {
  if (a[0].i == INT64_MIN) { ctx.raise(TrapKind::Overflow, "AbsInt: overflow"); return; }
  r->i = a[0].i < 0 ? -a[0].i : a[0].i;
}
RT_IMPL(mathSqrt) { r->f = std::sqrt(a[0].f); }
RT_IMPL(mathSin) { r->f = std::sin(a[0].f); }
RT_IMPL(mathCos) { r->f = std::cos(a[0].f); }
RT_IMPL(mathTan) { r->f = std::tan(a[0].f); }
RT_IMPL(mathAsin) { r->f = std::asin(a[0].f); }
RT_IMPL(mathAcos) { r->f = std::acos(a[0].f); }
RT_IMPL(mathAtan) { r->f = std::atan(a[0].f); }
RT_IMPL(mathSinh) { r->f = std::sinh(a[0].f); }
RT_IMPL(mathCosh) { r->f = std::cosh(a[0].f); }
RT_IMPL(mathTanh) { r->f = std::tanh(a[0].f); }
RT_IMPL(mathExp) { r->f = std::exp(a[0].f); }
RT_IMPL(mathLog) { r->f = std::log(a[0].f); }
RT_IMPL(mathFloor) { r->f = std::floor(a[0].f); }
RT_IMPL(mathCeil) { r->f = std::ceil(a[0].f); }
RT_IMPL(mathRound) { r->f = std::round(a[0].f); }
RT_IMPL(mathTrunc) { r->f = std::trunc(a[0].f); }
RT_IMPL(mathAtan2) { r->f = std::atan2(a[0].f, a[1].f); }
RT_IMPL(mathPow) { r->f = std::pow(a[0].f, a[1].f); }
RT_IMPL(mathFMod) { r->f = std::fmod(a[0].f, a[1].f); }
RT_IMPL(mathHypot) { r->f = std::hypot(a[0].f, a[1].f); }
RT_IMPL(mathMin) { r->f = std::fmin(a[0].f, a[1].f); }
RT_IMPL(mathMax) { r->f = std::fmax(a[0].f, a[1].f); }
RT_IMPL(mathMinInt) { r->i = std::min(a[0].i, a[1].i); }
RT_IMPL(mathMaxInt) { r->i = std::max(a[0].i, a[1].i); }
RT_IMPL(mathClamp) { r->f = std::fmin(std::fmax(a[0].f, a[1].f), a[2].f); }
RT_IMPL(mathClampInt) { r->i = std::min(std::max(a[0].i, a[1].i), a[2].i); }
RT_IMPL(mathLerp) { r->f = a[0].f + (a[1].f - a[0].f) * a[2].f; }
RT_IMPL(mathSign) { r->f = a[0].f > 0 ? 1.0 : a[0].f < 0 ? -1.0 : 0.0; }
RT_IMPL(mathSignInt) { r->i = (a[0].i > 0) - (a[0].i < 0); }
RT_IMPL(mathDeg) { r->f = a[0].f * (180.0 / M_PI); }
RT_IMPL(mathRad) { r->f = a[0].f * (M_PI / 180.0); }
RT_IMPL(mathPi) { r->f = M_PI; }
RT_IMPL(mathE) { r->f = M_E; }
RT_IMPL(mathTau) { r->f = 2 * M_PI; }

RT_IMPL(powChkDom) {
  double b = a[0].f, e = a[1].f;
  if (b < 0 && std::trunc(e) != e) { ctx.raise(TrapKind::DomainError, "power: negative base with fractional exponent"); return; }
  double v = std::pow(b, e);
  if (!std::isfinite(v) && std::isfinite(b) && std::isfinite(e)) { ctx.raise(TrapKind::Overflow, "power: result out of range"); return; }
  r->f = v;
}

// The specified 64-bit LCG (spec/runtime.md §6): results are reproducible across engines.
static uint64_t step(Context &ctx) {
  ctx.rngState = ctx.rngState * 6364136223846793005ull + 1ull;
  return ctx.rngState;
}
RT_IMPL(randomize) { ctx.rngState = static_cast<uint64_t>(a[0].i); }
RT_IMPL(rnd) { r->f = static_cast<double>((step(ctx) >> 11) & ((uint64_t{1} << 53) - 1)) / 9007199254740992.0; }
static int64_t nextBelow(Context &ctx, uint64_t max) {
  // Rejection sampling removes modulo bias: reject x below (2^64 - max) mod max.
  uint64_t threshold = (0 - max) % max;
  uint64_t x;
  do x = step(ctx); while (x < threshold);
  return static_cast<int64_t>(x % max);
}
RT_IMPL(randNextInt) { r->i = a[0].i <= 0 ? 0 : nextBelow(ctx, static_cast<uint64_t>(a[0].i)); }
RT_IMPL(randRange) {
  int64_t lo = a[0].i, hi = a[1].i;
  if (hi < lo) std::swap(lo, hi);
  uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  r->i = span == 0 ? static_cast<int64_t>(step(ctx)) : static_cast<int64_t>(static_cast<uint64_t>(lo) + static_cast<uint64_t>(nextBelow(ctx, span)));
}

RT_IMPL(nowMs) {
  using namespace std::chrono;
  r->i = duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
RT_IMPL(nowMicros) {
  using namespace std::chrono;
  r->i = duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}
RT_IMPL(sleepMs) {
#ifndef __EMSCRIPTEN__
  if (a[0].i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min<int64_t>(a[0].i, 60000)));
#endif
}

} // namespace viper::rt::lib
