// The optimizer against the unoptimized pipeline on generated programs
// (testlib/random_il.cpp): for each seed, -O1 must print the same, exit the same way and
// report the same trap (kind, message and source position; the function/block/index part
// of a trap line names the optimized code) as -O0, on both engines, with the verifier run
// after every pass. CI runs a few hundred seeds; more by hand:
//   VIPER_OPT_SEEDS=5000 VIPER_OPT_FIRST=1000 viper_passes_tests --gtest_filter='OptRandom.*'
// Also the optimizer's scaling on one generated 50,000-instruction function (and twice
// that): the times are printed, only the results are asserted.
#include "driver/languages.hpp"
#include "driver/session.hpp"
#include "testlib/random_il.hpp"
#include "testlib/test_support.hpp"
#include <chrono>
#include <cstdlib>
#include <gtest/gtest.h>

namespace viper::test {
namespace {

uint64_t envOr(const char *name, uint64_t fallback) {
  const char *v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

struct Outcome {
  std::string out, trap, error;
  int exit = 0;
  double compileMs = 0;
  uint64_t ilInstructions = 0;
};

std::string trapTail(const std::string &t) {
  size_t at = t.find('@');
  size_t p = at == std::string::npos ? std::string::npos : t.find(' ', at);
  return p == std::string::npos ? t : t.substr(p);
}

Outcome run(const std::string &text, int level, driver::EngineKind engine, uint64_t budget = UINT64_MAX) {
  driver::CompileRequest req;
  req.sources["random.il"] = text;
  req.language = "il";
  req.wantTexts = false;
  req.optLevel = level;
  req.verifyEachPass = true;
  auto t0 = std::chrono::steady_clock::now();
  auto c = driver::compile(req);
  Outcome o;
  o.compileMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!c.ok) { o.error = c.diagnosticsText; o.exit = -1; return o; }
  o.ilInstructions = c.stats.ilInstructions;
  driver::StartOptions so;
  so.engine = engine;
  so.stdinClosed = true;
  so.maxSteps = budget;
  auto s = driver::RunSession::start(c.program, so);
  auto r = s->resume();
  o.out = r.output;
  o.exit = r.exitCode;
  if (r.status == driver::SliceResult::Status::Trap) o.trap = trapTail(r.trap.text);
  else if (r.status == driver::SliceResult::Status::Error) o.error = r.error;
  else if (r.status == driver::SliceResult::Status::StepLimit) o.error = "step limit";
  return o;
}

TEST(OptRandom, O1AgreesWithO0OnBothEngines) {
  const uint64_t first = envOr("VIPER_OPT_FIRST", 1), count = envOr("VIPER_OPT_SEEDS", 300);
  uint64_t before = 0, after = 0;
  int trapped = 0;
  for (uint64_t seed = first; seed < first + count; ++seed) {
    const std::string text = randomProgram(seed);
    for (auto e : {driver::EngineKind::Reference, driver::EngineKind::Bytecode}) {
      Outcome a = run(text, 0, e), b = run(text, 1, e);
      ASSERT_EQ(b.error, a.error) << "seed " << seed << "\n" << text;
      ASSERT_EQ(b.out, a.out) << "seed " << seed << "\n" << text;
      ASSERT_EQ(b.exit, a.exit) << "seed " << seed << "\n" << text;
      ASSERT_EQ(b.trap, a.trap) << "seed " << seed << "\n" << text;
      if (e == driver::EngineKind::Reference) {
        before += a.ilInstructions;
        after += b.ilInstructions;
        trapped += !a.trap.empty();
      }
    }
  }
  // No assertion on the counts: inlining makes some programs bigger.
  std::printf("%llu seeds (%d trapped): IL instructions %llu at -O0, %llu at -O1\n",
              static_cast<unsigned long long>(count), trapped, static_cast<unsigned long long>(before),
              static_cast<unsigned long long>(after));
}

// The two engines agree on the optimized code under every budget, as they do on the
// unoptimized (golden/budget_test.cpp); -O0 and -O1 step counts are not compared (the
// optimized program may spend fewer units).
TEST(OptRandom, EnginesAgreeUnderABudgetAtO1) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const std::string text = randomProgram(seed);
    for (uint64_t budget : {1, 3, 10, 50}) {
      Outcome a = run(text, 1, driver::EngineKind::Reference, budget), b = run(text, 1, driver::EngineKind::Bytecode, budget);
      ASSERT_EQ(b.out, a.out) << "seed " << seed << " budget " << budget;
      ASSERT_EQ(b.error, a.error) << "seed " << seed << " budget " << budget;
      ASSERT_EQ(b.trap, a.trap) << "seed " << seed << " budget " << budget;
    }
  }
}

/// One function of about `units` * 10 instructions: chains of checked arithmetic with
/// constants, identities, diamonds joined by block parameters, redundant expressions and
/// a loop with an invariant every 50 units.
std::string bigFunction(int units) {
  std::string s = "il 0.3.0\nextern @Viper.Terminal.SayInt(i64) -> void\nfunc @main() -> i64 {\nentry:\n  br b0(1)\n";
  for (int k = 0; k < units; ++k) {
    const std::string K = std::to_string(k), N = std::to_string(k + 1);
    s += "b" + K + "(%x" + K + ":i64):\n";
    s += "  %a" + K + " = iadd.ovf %x" + K + ", 3\n";
    s += "  %b" + K + " = imul.ovf %a" + K + ", 1\n";
    s += "  %c" + K + " = iadd.ovf 2, 5\n";
    s += "  %d" + K + " = iadd.ovf %b" + K + ", %c" + K + "\n";
    s += "  %e" + K + " = scmp_lt %d" + K + ", 1000\n";
    s += "  cbr %e" + K + ", l" + K + ", r" + K + "\n";
    s += "l" + K + ":\n  %f" + K + " = iadd.ovf %d" + K + ", %a" + K + "\n  br j" + K + "(%f" + K + ")\n";
    s += "r" + K + ":\n  %g" + K + " = srem.chk0 %d" + K + ", 997\n  br j" + K + "(%g" + K + ")\n";
    s += "j" + K + "(%y" + K + ":i64):\n  %h" + K + " = iadd.ovf %x" + K + ", 3\n  %m" + K + " = srem.chk0 %y" + K + ", 1000\n";
    if (k % 50 == 0) {
      s += "  br lh" + K + "(0, %m" + K + ")\nlh" + K + "(%i" + K + ":i64, %s" + K + ":i64):\n";
      s += "  %ld" + K + " = scmp_ge %i" + K + ", 3\n  cbr %ld" + K + ", lx" + K + "(%s" + K + "), lb" + K + "\n";
      s += "lb" + K + ":\n  %inv" + K + " = mul %h" + K + ", 2\n  %ls" + K + " = add %s" + K + ", %inv" + K + "\n";
      s += "  %lr" + K + " = srem.chk0 %ls" + K + ", 1000\n  %li" + K + " = iadd.ovf %i" + K + ", 1\n";
      s += "  br lh" + K + "(%li" + K + ", %lr" + K + ")\nlx" + K + "(%q" + K + ":i64):\n  br b" + N + "(%q" + K + ")\n";
    } else {
      s += "  br b" + N + "(%m" + K + ")\n";
    }
  }
  const std::string L = std::to_string(units);
  s += "b" + L + "(%x" + L + ":i64):\n  call @Viper.Terminal.SayInt(%x" + L + ")\n  ret 0\n}\n";
  return s;
}

TEST(OptScaling, FiftyThousandInstructionFunction) {
  for (int units : {5000, 10000}) {
    const std::string text = bigFunction(units);
    Outcome a = run(text, 0, driver::EngineKind::Bytecode), b = run(text, 1, driver::EngineKind::Bytecode);
    ASSERT_EQ(a.error, "");
    ASSERT_EQ(b.error, "");
    EXPECT_EQ(b.out, a.out);
    EXPECT_LT(b.ilInstructions, a.ilInstructions);
    std::printf("%llu IL instructions: compile %.1f ms at -O0, %.1f ms at -O1 (verify after every pass), %llu after\n",
                static_cast<unsigned long long>(a.ilInstructions), a.compileMs, b.compileMs,
                static_cast<unsigned long long>(b.ilInstructions));
  }
}

} // namespace
} // namespace viper::test
