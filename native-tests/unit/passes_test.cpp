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

std::string runModule(const il::Module &m, driver::Engine engine) {
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  driver::RunOptions o;
  o.engine = engine;
  auto r = driver::runModule(m, ctx, o);
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

TEST(Mem2Reg, KeepsStringSlotsEscapingSlotsAndEhFunctions) {
  Compiled c = compileText(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @strings() -> void {
entry:
  %p = alloca 8
  store str, %p, "x"
  ret
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
  call @strings()
  %a = call @escapes()
  %b = call @handles()
  ret 0
}
)");
  ASSERT_TRUE(c.module) << c.diagnostics;
  il::Module m = *c.module;
  auto stats = passes::promoteSlots(m);
  EXPECT_EQ(stats.promoted, 0u);
  EXPECT_EQ(count(m, il::Opcode::Alloca), 3u);
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
