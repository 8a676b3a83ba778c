// Printer: canonical forms of spec/il.md §11.
#include "il/printer.hpp"
#include "testlib/test_support.hpp"
#include <cmath>
#include <gtest/gtest.h>

namespace viper::test {
namespace {

TEST(Printer, FloatLiterals) {
  EXPECT_EQ(il::formatFloatLiteral(3.5), "3.5");
  EXPECT_EQ(il::formatFloatLiteral(2.0), "2.0");
  EXPECT_EQ(il::formatFloatLiteral(-0.0), "-0.0");
  EXPECT_EQ(il::formatFloatLiteral(0.1), "0.10000000000000001");
  EXPECT_EQ(il::formatFloatLiteral(1e20), "1e+20");
  EXPECT_EQ(il::formatFloatLiteral(std::nan("")), "NaN");
  EXPECT_EQ(il::formatFloatLiteral(-HUGE_VAL), "-Inf");
}

TEST(Printer, StringEscapes) {
  EXPECT_EQ(il::quoteString(std::string("a\"b\\c\n\x7f\xc3\xa9", 9)), "\"a\\\"b\\\\c\\x0A\\x7F\\xC3\\xA9\"");
}

TEST(Printer, CanonicalModule) {
  Compiled c = compileText(
      "il 0.1\nextern @rt_print_i64(i64) -> void\nfunc @f(%n: i64) -> i64 {\nentry:\n  %c = scmp_gt %n, 0\n"
      "  cbr %c, label a, label b\na:\n  eh.push ^h\n  eh.pop\n  %k:i32 = cast.si_narrow.chk 1\n  br ^b\nb:\n  ret 0\n"
      "c:\n  eh.pop\n  ret 1\nhandler ^h(%err:error, %tok:resume_tok):\n  eh.entry\n  resume.label %tok, ^c\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  EXPECT_EQ(il::printModule(*c.module),
            "il 0.3.0\n\nextern @rt_print_i64(i64) -> void\n\nfunc @f(i64 %n) -> i64 {\nentry:\n"
            "  %c = scmp_gt %n, 0\n  cbr %c, a, b\na:\n  eh.push ^h\n  eh.pop\n  %k:i32 = cast.si_narrow.chk 1\n  br b\nb:\n"
            "  ret 0\nc:\n  eh.pop\n  ret 1\nhandler ^h(%err:Error, %tok:ResumeTok):\n  eh.entry\n  resume.label %tok, ^c\n}\n");
}

} // namespace
} // namespace viper::test
