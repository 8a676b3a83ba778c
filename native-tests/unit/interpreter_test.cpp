// Reference interpreter: semantics not easily shown by golden files (pausing, isolation,
// leak-free strings, trap locations).
#include "interpreters/ilinterp/interpreter.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

const char kCounter[] =
    "il 0.3.0\nextern @Viper.Terminal.SayInt(i64) -> void\nglobal i64 @g = 0\n"
    "func @main() -> i64 {\nentry:\n  br loop(0)\nloop(%i:i64):\n  %p = gaddr @g\n  %v = load i64, %p\n"
    "  %v2 = iadd.ovf %v, %i\n  store i64, %p, %v2\n  %i2 = iadd.ovf %i, 1\n  %c = scmp_lt %i2, 100\n"
    "  cbr %c, loop(%i2), done\ndone:\n  %r = load i64, %p\n  call @Viper.Terminal.SayInt(%r)\n  ret 0\n}\n";

TEST(Interpreter, PausesAndResumesExactly) {
  Compiled c = compileText(kCounter);
  ASSERT_TRUE(c.module);
  rt::StringSink out;
  rt::StringSource in;
  rt::Context ctx(out, in);
  auto interp = ilinterp::Interpreter::create(*c.module, ctx);
  ASSERT_TRUE(interp);
  int pauses = 0;
  exec::RunResult r;
  // 100 loop iterations, each one unit (its back edge): 3 units a run is 33 pauses.
  while ((r = (*interp)->run(3)).status == exec::RunResult::Status::Paused) ++pauses;
  EXPECT_EQ(pauses, 33);
  EXPECT_EQ(r.status, exec::RunResult::Status::Finished);
  EXPECT_EQ(out.text, "4950\n");
}

TEST(Interpreter, TwoVmsDoNotShareGlobals) {
  Compiled c = compileText(kCounter);
  ASSERT_TRUE(c.module);
  rt::StringSink o1, o2;
  rt::StringSource in;
  rt::Context c1(o1, in), c2(o2, in);
  auto a = ilinterp::Interpreter::create(*c.module, c1);
  auto b = ilinterp::Interpreter::create(*c.module, c2);
  (*a)->run(50);   // interleave the two runs
  (*b)->run();
  (*a)->run();
  EXPECT_EQ(o1.text, "4950\n");
  EXPECT_EQ(o2.text, "4950\n");
}

TEST(Interpreter, StringsDoNotLeak) {
  for (const char *name : {"strings_basic", "string_build", "string_convert", "arrays"}) {
    Compiled c = compileText(readText(testsDir() / "golden/il" / (std::string(name) + ".il")));
    ASSERT_TRUE(c.module);
    rt::StringSink out;
    rt::StringSource in;
    int64_t live;
    {
      rt::Context ctx(out, in);
      auto interp = ilinterp::Interpreter::create(*c.module, ctx);
      (*interp)->run();
      interp.value().reset();
      live = ctx.liveStrings;
    }
    EXPECT_EQ(live, 0) << name;
  }
}

TEST(Interpreter, TrapReportsSourceLocationAndBacktrace) {
  Ran r = runText(readText(testsDir() / "golden/il/trap_overflow.il"), driver::Engine::IL, "", "prog.il");
  EXPECT_EQ(r.err, "Trap @main:entry#1 (prog.il:3:7): Overflow (code=0): integer overflow in iadd.ovf");
}

TEST(Interpreter, MissingRuntimeFunctionIsALoadError) {
  Ran r = runText("il 0.3.0\nextern @Viper.Graphics.Draw(i64) -> void\nfunc @main() -> i64 {\nentry:\n"
                  "  call @Viper.Graphics.Draw(1)\n  ret 0\n}\n");
  EXPECT_EQ(r.exitStatus, 1);
  EXPECT_NE(r.err.find("Viper.Graphics.Draw"), std::string::npos);
}

TEST(Interpreter, MainReturnValueIsTheExitStatus) {
  EXPECT_EQ(runText("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  ret 300\n}\n").exitStatus, 300 & 0xFF);
  EXPECT_EQ(runText("il 0.3.0\nfunc @main() -> i32 {\nentry:\n  ret 5\n}\n").exitStatus, 5);
}

} // namespace
} // namespace viper::test
