// Bad input never crashes, aborts or hangs: each malformed program yields a diagnostic
// with line:col. Files in bad/il/ and bad/basic/ state an expected error on line 1:
//   # expect-error: LINE:COL: message text      (IL)
//   ' expect-error: LINE:COL: message text      (BASIC)
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

class BadFile : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(BadFile, ReportsExpectedDiagnostic) {
  std::string text = readText(GetParam());
  const std::string tag = GetParam().extension() == ".bas" ? "' expect-error: " : "# expect-error: ";
  ASSERT_EQ(text.rfind(tag, 0), 0u) << "first line must be '" << tag << "L:C: message'";
  std::string spec = text.substr(tag.size(), text.find('\n') - tag.size());
  unsigned line = 0, col = 0;
  ASSERT_EQ(std::sscanf(spec.c_str(), "%u:%u:", &line, &col), 2);
  std::string message = spec.substr(spec.find(": ") + 2);
  Compiled c = compileText(text, GetParam().filename().string());
  ASSERT_FALSE(c.module) << "expected a compile error";
  bool found = false;
  for (const auto &d : c.diags)
    if (d.loc.line == line && d.loc.col == col && d.message.find(message) != std::string::npos) found = true;
  EXPECT_TRUE(found) << "expected " << spec << "\ngot:\n" << c.diagnostics;
}

std::vector<std::filesystem::path> badFiles() {
  auto files = listFiles("bad/il", ".il");
  for (const auto &p : listFiles("bad/basic", ".bas")) files.push_back(p);
  return files;
}

INSTANTIATE_TEST_SUITE_P(Files, BadFile, ::testing::ValuesIn(badFiles()), [](const auto &info) {
  return info.param.parent_path().filename().string() + "_" + info.param.stem().string();
});

TEST(BadInput, AtLeastTwentyFiveCases) {
  EXPECT_GE(listFiles("bad/il", ".il").size(), 25u);
  EXPECT_GE(listFiles("bad/basic", ".bas").size(), 25u);
}

// Generated inputs too large or odd to keep as files.
void expectDiagnosed(const std::string &text) {
  Compiled c = compileText(text);
  ASSERT_FALSE(c.module);
  ASSERT_FALSE(c.diags.empty());
  for (const auto &d : c.diags) EXPECT_GT(d.loc.line, 0u) << d.message;
}

TEST(BadInput, EmptyFile) { expectDiagnosed(""); }
TEST(BadInput, OnlyVersionHasNoMain) {
  Ran r = runText("il 0.3.0\n");
  EXPECT_EQ(r.exitStatus, 1);
  EXPECT_EQ(r.err, "missing main");
}

TEST(BadInput, OneMegabyteLine) {
  std::string text = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %x = iadd.ovf " + std::string(1 << 20, '7') + ", 1\n  ret 0\n}\n";
  expectDiagnosed(text);
  std::string garbage = "il 0.3.0\n" + std::string(1 << 20, 'x') + "\n";
  expectDiagnosed(garbage);
}

TEST(BadInput, DeepNesting) {
  // The IL has no nesting: 10,000 parentheses are simply a syntax error on one line.
  std::string text = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  ret " + std::string(10000, '(') + "1" +
                     std::string(10000, ')') + "\n}\n";
  expectDiagnosed(text);
}

TEST(BadInput, TruncatedFiles) {
  // Every prefix of a real program either compiles or is diagnosed.
  std::string full = readText(testsDir() / "golden/il/eh_across_calls.il");
  for (size_t n = 0; n < full.size(); n += 7) {
    Compiled c = compileText(full.substr(0, n));
    if (!c.module) {
      EXPECT_FALSE(c.diags.empty());
    }
  }
}

TEST(BadInput, RandomBytes) {
  uint64_t s = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string text = round % 2 ? "il 0.3.0\n" : "";
    for (int i = 0; i < 400; ++i) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      text.push_back(static_cast<char>(s >> 56));
    }
    compileText(text);  // must return, whatever it says
  }
  SUCCEED();
}

TEST(BadInput, ManyErrorsAreAllReported) {
  Compiled c = compileText(readText(testsDir() / "bad/il/several_errors.il"));
  EXPECT_GE(c.diags.size(), 3u) << c.diagnostics;
}

} // namespace
} // namespace viper::test

namespace viper::test {
namespace {

// BASIC: generated inputs (spec: never crash or hang; a clear error instead).
void expectBasicDiagnosed(const std::string &text, const std::string &wantInMessage = "") {
  Compiled c = compileText(text, "bad.bas");
  ASSERT_FALSE(c.module);
  ASSERT_FALSE(c.diags.empty());
  bool found = wantInMessage.empty();
  for (const auto &d : c.diags) {
    EXPECT_GT(d.loc.line, 0u) << d.message;
    if (!wantInMessage.empty() && d.message.find(wantInMessage) != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "expected a diagnostic containing '" << wantInMessage << "'\n" << c.diagnostics;
}

TEST(BadBasic, ReportsEveryErrorOnceWithoutCascades) {
  // Three independent mistakes, three diagnostics: recovery does not invent follow-ons.
  Compiled syntax = compileText("IF 1 PRINT 2\nPRINT (3\nFOR = 1\nPRINT \"fine\"\n", "three.bas");
  EXPECT_EQ(syntax.diags.size(), 3u) << syntax.diagnostics;
  Compiled semantic = compileText("PRINT A1\nPRINT B2 + 1\nS$ = 5\nPRINT \"fine\"\n", "three.bas");
  EXPECT_EQ(semantic.diags.size(), 3u) << semantic.diagnostics;
}

TEST(BadBasic, TenThousandNestedParentheses) {
  expectBasicDiagnosed("PRINT " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n", "nesting too deep");
}

TEST(BadBasic, TenThousandNestedIfs) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "IF 1 THEN\n";
  text += "PRINT 1\n";
  for (int i = 0; i < 10000; ++i) text += "END IF\n";
  expectBasicDiagnosed(text, "nesting too deep");
}

TEST(BadBasic, OneMegabyteLine) {
  expectBasicDiagnosed("PRINT " + std::string(1 << 20, '7') + " +\n");
  expectBasicDiagnosed(std::string(1 << 20, 'x') + " y\n");
}

TEST(BadBasic, UnterminatedStringAndOnlyKeywords) {
  expectBasicDiagnosed("PRINT \"abc\n", "unterminated string");
  expectBasicDiagnosed("IF THEN ELSE END FOR NEXT WHILE WEND DO LOOP SELECT CASE\n");
}

TEST(BadBasic, RandomBytesNeverCrash) {
  uint64_t s = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = static_cast<int>(s % 400);
    for (int i = 0; i < n; ++i) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      text += static_cast<char>(s >> 56);
    }
    Compiled c = compileText(text, "random.bas");  // must return, error or not
    if (!c.module) { EXPECT_FALSE(c.diags.empty()); }
  }
}

TEST(BadBasic, EveryPrefixOfAProgramIsHandled) {
  const std::string prog = "FUNCTION F(n)\n  IF n < 2 THEN\n    F = n\n  ELSE\n    F = F(n - 1) + F(n - 2)\n  END IF\nEND FUNCTION\n"
                           "FOR i = 1 TO 5\n  SELECT CASE i\n  CASE 1 TO 2\n    PRINT \"lo\"\n  CASE ELSE\n    PRINT F(i)\n  END SELECT\nNEXT i\n";
  for (size_t k = 0; k <= prog.size(); ++k) (void)compileText(prog.substr(0, k), "prefix.bas");
}

} // namespace
} // namespace viper::test
