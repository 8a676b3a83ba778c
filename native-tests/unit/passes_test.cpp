// mem2reg as a specification: which slots become values, which stay, and that programs
// mean the same afterwards.
#include "il/printer.hpp"
#include "il/verifier.hpp"
#include "passes/constfold.hpp"
#include "passes/mem2reg.hpp"
#include "runtime/registry.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

size_t count(const il::Module &m, il::Opcode op) {
  size_t n = 0;
  for (const auto &f : m.functions)
    for (const auto &b : f.blocks)
      for (const auto &in : b.instrs) n += in.op == op;
  return n;
}

/// Output and exit status; `liveStrings` receives the strings still alive at the end.
std::string runModule(const il::Module &m, driver::Engine engine, int64_t *liveStrings = nullptr) {
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  driver::RunOptions o;
  o.engine = engine;
  auto r = driver::runModule(m, ctx, o);
  if (liveStrings) *liveStrings = ctx.liveStrings;
  return out.text + "|" + std::to_string(r.exitStatus());
}

const char *kLoop = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  %i = alloca 8
  %s = alloca 8
  store i64, %i, 0
  store i64, %s, 0
  br head
head:
  %iv = load i64, %i
  %c = scmp_lt %iv, 10
  cbr %c, body, done
body:
  %sv = load i64, %s
  %iv2 = load i64, %i
  %s2 = iadd.ovf %sv, %iv2
  store i64, %s, %s2
  %i2 = iadd.ovf %iv2, 1
  store i64, %i, %i2
  br head
done:
  %r = load i64, %s
  call @Viper.Terminal.SayInt(%r)
  ret 0
}
)";

TEST(Mem2Reg, NumericSlotsBecomeValuesAndTheProgramMeansTheSame) {
  Compiled c = compileText(kLoop);
  ASSERT_TRUE(c.module) << c.diagnostics;
  il::Module m = *c.module;
  const std::string before = runModule(m, driver::Engine::IL);
  auto stats = passes::promoteSlots(m);
  EXPECT_EQ(stats.promoted, 2u);
  EXPECT_EQ(count(m, il::Opcode::Alloca), 0u);
  EXPECT_EQ(count(m, il::Opcode::Load), 0u);
  EXPECT_EQ(count(m, il::Opcode::Store), 0u);
  EXPECT_EQ(stats.blockParams, 2u) << "the loop header carries i and s:\n" << il::printModule(m);
  DiagnosticEngine d;
  EXPECT_TRUE(il::verifyModule(m, d, [](std::string_view n) { return rt::runtimeSignature(n); })) << d.all().front().message;
  EXPECT_EQ(before, "45\n|0");
  EXPECT_EQ(runModule(m, driver::Engine::IL), before);
  EXPECT_EQ(runModule(m, driver::Engine::BC), before);
}

TEST(Mem2Reg, KeepsEscapingSlotsEhFunctionsAndStringSlotsTheReleaseRuleWouldReject) {
  Compiled c = compileText(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @Viper.String.get_Length(str) -> i64
func @strings(str %a) -> i64 {
entry:
  %p = alloca 8
  store str, %p, %a
  br next
next:
  %v = load str, %p
  store str, %p, "y"
  %n = call @Viper.String.get_Length(%v)
  ret %n
}
func @escapes() -> i64 {
entry:
  %p = alloca 8
  store i64, %p, 5
  %q = gep %p, 0
  %v = load i64, %q
  ret %v
}
func @handles() -> i64 {
entry:
  %p = alloca 8
  store i64, %p, 5
  eh.push ^h
  %v = load i64, %p
  eh.pop
  ret %v
handler ^h(%e:Error, %t:ResumeTok):
  eh.entry
  ret 0
}
func @main() -> i64 {
entry:
  %s = call @strings("x")
  %a = call @escapes()
  %b = call @handles()
  ret 0
}
)");
  ASSERT_TRUE(c.module) << c.diagnostics;
  il::Module m = *c.module;
  auto stats = passes::promoteSlots(m);
  // @strings: in memory the slot's release of "x" leaves the caller's reference, but as
  // values the read %v would be used after a visible release in its block.
  EXPECT_EQ(stats.promoted, 0u) << il::printModule(m);
  EXPECT_EQ(count(m, il::Opcode::Alloca), 3u);
}

// A string variable built up in a loop, the way both front ends lower `s = s + "ab"`:
// the string is moved out of the slot (store ptr null), consumed by Concat, and the new
// one handed to the slot (store str, then the release of the stored value). As values
// the loop carries the string in a block parameter with no reference counting at all;
// a plain copy into a second variable keeps its retain and its release.
TEST(Mem2Reg, StringSlotsBecomeValuesWithExplicitRetainAndRelease) {
  const char *src = R"(il 0.3.0
extern @Viper.Terminal.Say(str) -> void
extern @Viper.String.Concat(str, str) -> str
extern @Viper.String.ReleaseMaybe(str) -> void
func @main() -> i64 {
entry:
  %p = alloca 8
  %q = alloca 8
  store str, %p, ""
  br head(0)
head(%i:i64):
  %c = scmp_lt %i, 3
  cbr %c, body, done
body:
  %s = load str, %p
  store ptr, %p, null
  %t = call @Viper.String.Concat(%s, "ab")
  store str, %p, %t
  call @Viper.String.ReleaseMaybe(%t)
  %j = iadd.ovf %i, 1
  br head(%j)
done:
  %r = load str, %p
  store str, %q, %r
  store str, %p, "z"
  %r2 = load str, %q
  call @Viper.Terminal.Say(%r2)
  %z = load str, %p
  call @Viper.Terminal.Say(%z)
  %last = load str, %q
  call @Viper.String.ReleaseMaybe(%last)
  ret 0
}
)";
  Compiled c = compileText(src);
  ASSERT_TRUE(c.module) << c.diagnostics;
  il::Module m = *c.module;
  auto stats = passes::promoteSlots(m);
  EXPECT_EQ(stats.promoted, 2u);
  EXPECT_EQ(il::printModule(m), R"(il 0.3.0

extern @Viper.Terminal.Say(str) -> void
extern @Viper.String.Concat(str, str) -> str
extern @Viper.String.ReleaseMaybe(str) -> void
extern @Viper.String.RetainMaybe(str) -> void

func @main() -> i64 {
entry:
  br head(0, "")
head(%i:i64, %m11:str):
  %c = scmp_lt %i, 3
  cbr %c, body, done
body:
  %t = call @Viper.String.Concat(%m11, "ab")
  %j = iadd.ovf %i, 1
  br head(%j, %t)
done:
  call @Viper.String.RetainMaybe(%m11)
  call @Viper.String.ReleaseMaybe(%m11)
  call @Viper.Terminal.Say(%m11)
  call @Viper.Terminal.Say("z")
  call @Viper.String.ReleaseMaybe(%m11)
  ret 0
}
)");
  DiagnosticEngine d;
  EXPECT_TRUE(il::verifyModule(m, d, [](std::string_view n) { return rt::runtimeSignature(n); }));
  for (driver::Engine e : {driver::Engine::IL, driver::Engine::BC}) {
    for (const il::Module *mod : {&*c.module, &m}) {
      int64_t live = -1;
      EXPECT_EQ(runModule(*mod, e, &live), "ababab\nz\n|0");
      EXPECT_EQ(live, 0) << "every string released, as before promotion";
    }
  }
}

TEST(Mem2Reg, BasicProgramsLoseTheirNumericSlots) {
  Compiled c = compileText("S = 0\nFOR I = 1 TO 10\n  S = S + I\nNEXT\nPRINT S\n", "sum.bas");
  ASSERT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(count(*c.module, il::Opcode::Alloca), 0u) << il::printModule(*c.module);
  Ran r = runText("S = 0\nFOR I = 1 TO 10\n  S = S + I\nNEXT\nPRINT S\n", driver::Engine::BC, "", "sum.bas");
  EXPECT_EQ(r.out, "55\n");
}

} // namespace
} // namespace viper::test

namespace viper::test {
namespace {

TEST(ConstFold, FoldsWhatCannotTrapAndKeepsWhatMust) {
  Compiled c = compileText(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  %a = iadd.ovf 40, 2
  %b = imul.ovf %a, 2
  %big = iadd.ovf 9223372036854775807, 1
  %z = sdiv.chk0 %b, 0
  %c = scmp_lt %a, 100
  cbr %c, yes, no
yes:
  call @Viper.Terminal.SayInt(%b)
  ret 0
no:
  ret 1
}
)");
  ASSERT_TRUE(c.module) << c.diagnostics;
  il::Module m = *c.module;
  EXPECT_EQ(passes::foldConstants(m), 3u);  // %a, %b, %c
  const il::Function &f = m.functions[0];
  ASSERT_EQ(f.blocks[0].instrs.size(), 3u) << il::printModule(m);
  EXPECT_EQ(f.blocks[0].instrs[0].op, il::Opcode::IAddOvf);  // the overflow stays, to trap
  EXPECT_EQ(f.blocks[0].instrs[1].op, il::Opcode::SDivChk0);  // so does the division by zero
  EXPECT_EQ(f.blocks[0].instrs[2].op, il::Opcode::Br);        // the decided branch
  EXPECT_EQ(f.blocks[0].instrs[1].operands[0].i, 84);
  DiagnosticEngine d;
  EXPECT_TRUE(il::verifyModule(m, d, [](std::string_view n) { return rt::runtimeSignature(n); }));
}

} // namespace
} // namespace viper::test
