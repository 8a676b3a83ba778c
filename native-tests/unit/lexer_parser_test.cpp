// Lexer and parser: every literal form, both comment styles, legacy spellings, errors.
#include "il/lexer.hpp"
#include "il/parser.hpp"
#include "testlib/test_support.hpp"
#include <cmath>
#include <gtest/gtest.h>

namespace viper::test {
namespace {

std::vector<il::Token> lex(const std::string &line) {
  DiagnosticEngine d;
  std::vector<il::Token> toks;
  EXPECT_TRUE(il::tokenizeLine(line, 1, 1, d, toks)) << line;
  return toks;
}

TEST(Lexer, IntegerLiterals) {
  int64_t v;
  EXPECT_TRUE(il::parseIntLiteral("42", v)); EXPECT_EQ(v, 42);
  EXPECT_TRUE(il::parseIntLiteral("-0x1F", v)); EXPECT_EQ(v, -31);
  EXPECT_TRUE(il::parseIntLiteral("0b101", v)); EXPECT_EQ(v, 5);
  EXPECT_TRUE(il::parseIntLiteral("010", v)); EXPECT_EQ(v, 8);
  EXPECT_TRUE(il::parseIntLiteral("1_000_000", v)); EXPECT_EQ(v, 1000000);
  EXPECT_TRUE(il::parseIntLiteral("-9223372036854775808", v)); EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(il::parseIntLiteral("9223372036854775808", v));
  EXPECT_FALSE(il::parseIntLiteral("1__0", v));
  EXPECT_FALSE(il::parseIntLiteral("_1", v));
  EXPECT_FALSE(il::parseIntLiteral("08", v));
}

TEST(Lexer, FloatLiterals) {
  auto t = lex("3.5 -0.0 1e-3 2. NaN -Inf +inf");
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[0].f, 3.5);
  EXPECT_TRUE(std::signbit(t[1].f));
  EXPECT_EQ(t[2].f, 1e-3);
  EXPECT_EQ(t[3].f, 2.0);
  EXPECT_TRUE(std::isnan(t[4].f));
  EXPECT_EQ(t[5].f, -HUGE_VAL);
  EXPECT_EQ(t[6].f, HUGE_VAL);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(t[static_cast<size_t>(i)].kind, il::Tok::Float);
}

TEST(Lexer, StringEscapes) {
  auto t = lex(R"("a\\b\"c\n\r\t\0\x41")");
  ASSERT_EQ(t[0].kind, il::Tok::String);
  EXPECT_EQ(t[0].text, std::string("a\\b\"c\n\r\t\0A", 10));
  DiagnosticEngine d;
  std::vector<il::Token> toks;
  EXPECT_FALSE(il::tokenizeLine(R"("\q")", 1, 1, d, toks));
  EXPECT_FALSE(il::tokenizeLine(R"("\x4")", 1, 1, d, toks));
}

TEST(Lexer, TempAndSymbolNames) {
  auto t = lex("%x# %name$ %.t1 @Viper.Terminal.PrintI64 @.L0 @__mod_init$oop");
  EXPECT_EQ(t[0].text, "x#");
  EXPECT_EQ(t[1].text, "name$");
  EXPECT_EQ(t[2].text, ".t1");
  EXPECT_EQ(t[3].text, "Viper.Terminal.PrintI64");
  EXPECT_EQ(t[4].text, ".L0");
  EXPECT_EQ(t[5].text, "__mod_init$oop");
}

TEST(Lexer, Comments) {
  EXPECT_EQ(il::stripComment("  ret 0 # done", false), "  ret 0 ");
  EXPECT_EQ(il::stripComment("  ret 0 // done", false), "  ret 0 ");
  EXPECT_EQ(il::stripComment("%x# = add", false), "%x# = add");  // '#' inside a name
  EXPECT_EQ(il::stripComment("call @f(\"# not\")", false), "call @f(\"# not\")");
  EXPECT_EQ(il::stripComment("il 0.1 ; // File", true), "il 0.1 ");
  EXPECT_EQ(il::stripComment("x ; y", false), "x ; y");
}

TEST(Parser, VersionsAreKeptVerbatim) {
  for (const char *v : {"0.1", "0.1.2", "0.2.0", "0.3.0", "9.9"}) {
    Compiled c = compileText(std::string("il ") + v + "\nfunc @main() -> i64 {\nentry:\n  ret 0\n}\n");
    ASSERT_TRUE(c.module) << c.diagnostics;
    EXPECT_EQ(c.module->version, v);
  }
}

TEST(Parser, BomAndBlankLines) {
  Compiled c = compileText("\xEF\xBB\xBFil 0.3.0\n\n\nfunc @main() -> i64 {\n\nentry:\n  ret 0\n}\n");
  EXPECT_TRUE(c.module) << c.diagnostics;
}

TEST(Parser, ModuleStructure) {
  Compiled c = compileText(
      "il 0.3.0\ntarget \"x86_64\"\nextern @Viper.Terminal.SayInt(i64) -> void [nothrow]\n"
      "global export const i64 @g = 5\nglobal const str @.s = \"hi\"\n"
      "func export @main() -> i64 [pure] {\nentry:\n  .loc 1 7 3\n  ret 0\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const il::Module &m = *c.module;
  EXPECT_EQ(m.target, "x86_64");
  ASSERT_EQ(m.externs.size(), 1u);
  EXPECT_EQ(m.externs[0].attrs, std::vector<std::string>{"nothrow"});
  ASSERT_EQ(m.globals.size(), 2u);
  EXPECT_EQ(m.globals[0].linkage, il::Linkage::Export);
  EXPECT_TRUE(m.globals[0].isConst);
  EXPECT_EQ(m.globals[1].init.s, "hi");
  EXPECT_EQ(m.functions[0].blocks[0].instrs[0].loc.line, 7u);
}

TEST(Parser, ResultTypesAreInferred) {
  Compiled c = compileText(
      "il 0.3.0\nfunc @f() -> str {\nentry:\n  %s = const_str @.s\n  ret %s\n}\n"
      "global const str @.s = \"x\"\nfunc @main() -> i64 {\nentry:\n  %a = call @f()\n  %b:i32 = cast.si_narrow.chk 1\n"
      "  %c = iadd.ovf %b, 2\n  %d = fcmp_lt 1.0, 2.0\n  %e = alloca 8\n  %n = const_null\n  ret 0\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const auto &fn = c.module->functions[1];
  auto typeOf = [&](const char *name) {
    for (const auto &t : fn.temps) if (t.name == name) return t.type;
    return il::Type::Void;
  };
  EXPECT_EQ(typeOf("a"), il::Type::Str);
  EXPECT_EQ(typeOf("b"), il::Type::I32);
  EXPECT_EQ(typeOf("c"), il::Type::I32);
  EXPECT_EQ(typeOf("d"), il::Type::I1);
  EXPECT_EQ(typeOf("e"), il::Type::Ptr);
  EXPECT_EQ(typeOf("n"), il::Type::Ptr);
}

TEST(Parser, EntryParamsAliasFunctionParams) {
  // BASIC style: the entry block repeats the function's parameter names.
  Compiled c = compileText("il 0.3.0\nfunc @F(i64 %X) -> i64 {\nentry_F(%X:i64):\n  ret %X\n}\n"
                           "func @main() -> i64 {\nentry:\n  %r = call @F(3)\n  ret %r\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(runText("il 0.3.0\nfunc @F(i64 %X) -> i64 {\nentry_F(%X:i64):\n  ret %X\n}\n"
                    "func @main() -> i64 {\nentry:\n  %r = call @F(3)\n  ret %r\n}\n").exitStatus, 3);
}

TEST(Parser, ForwardReferences) {
  Compiled c = compileText("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  br later(1)\nlater(%x:i64):\n"
                           "  %y = call @helper(%x)\n  ret %y\n}\nfunc @helper(i64 %a) -> i64 {\nentry(%a:i64):\n  ret %a\n}\n");
  EXPECT_TRUE(c.module) << c.diagnostics;
}

TEST(Parser, ErrorsCarryLineAndColumn) {
  Compiled c = compileText("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %x = nope 1\n  ret 0\n}\n", "f.il");
  ASSERT_FALSE(c.module);
  ASSERT_EQ(c.diags.size(), 1u);
  EXPECT_EQ(c.diags[0].loc.line, 4u);
  EXPECT_EQ(c.diags[0].loc.col, 8u);
  EXPECT_NE(c.diagnostics.find("f.il:4:8: error: unknown opcode 'nope'\n    %x = nope 1\n         ^"), std::string::npos)
      << c.diagnostics;
}

TEST(Parser, RecoversAndReportsEveryError) {
  Compiled c = compileText("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %a = bad1\n  %b = bad2\n  %c = bad3\n  ret 0\n}\n");
  EXPECT_EQ(c.diags.size(), 3u) << c.diagnostics;
}

} // namespace
} // namespace viper::test
