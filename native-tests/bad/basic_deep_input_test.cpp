// BASIC: generated deep inputs. A long left-deep chain of a binary operator is ordinary
// BASIC and compiles (the parser and the lowering walk it with loops); genuinely nested
// constructs (a right-associative ^ chain, unary minus / NOT chains, IF ... THEN IF ...
// prefixes on one line, nested blocks, nested calls) get "nesting too deep" at a
// file:line:col past 200 levels. Nothing recurses once per term, so nothing overflows
// the stack.
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

std::string chain(const std::string &term, const std::string &op, int n) {
  std::string s = term;
  s.reserve((term.size() + op.size() + 2) * static_cast<size_t>(n));
  for (int i = 1; i < n; ++i) s += " " + op + " " + term;
  return s;
}

void expectCompiles(const std::string &text) {
  Compiled c = compileText(text, "deep.bas");
  EXPECT_TRUE(c.module) << c.diagnostics.substr(0, 500);
}

void expectTooDeep(const std::string &text) {
  Compiled c = compileText(text, "deep.bas");
  ASSERT_FALSE(c.module);
  bool found = false;
  for (const auto &d : c.diags) {
    EXPECT_GT(d.loc.line, 0u) << d.message;
    EXPECT_GT(d.loc.col, 0u) << d.message;
    if (d.message.find("nesting too deep") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << c.diagnostics.substr(0, 500);
  // One clear error, not a cascade of unmatched END/NEXT/LOOP lines.
  EXPECT_LE(c.diags.size(), 2u) << c.diagnostics.substr(0, 500);
}

struct OpCase { const char *name, *term, *op; };
const OpCase kOps[] = {
    {"add", "1", "+"},      {"sub", "1", "-"},        {"mul", "1", "*"},       {"div", "1", "/"},
    {"idiv", "1", "\\"},    {"mod", "7", "MOD"},      {"eq", "1", "="},        {"ne", "1", "<>"},
    {"lt", "1", "<"},       {"le", "1", "<="},        {"gt", "1", ">"},        {"ge", "1", ">="},
    {"and", "1", "AND"},    {"or", "1", "OR"},        {"andalso", "TRUE", "ANDALSO"},
    {"orelse", "FALSE", "ORELSE"}, {"concat", "\"a\"", "+"},
};

class DeepChain : public ::testing::TestWithParam<OpCase> {};

// Every left-associative operator: 10,000 terms compile.
TEST_P(DeepChain, TenThousandTermsCompile) {
  const OpCase &c = GetParam();
  expectCompiles("PRINT " + chain(c.term, c.op, 10000) + "\n");
  // Also as an assignment, which infers the variable's type from the chain.
  expectCompiles("X = " + chain(c.term, c.op, 10000) + "\nPRINT X\n");
}

INSTANTIATE_TEST_SUITE_P(Ops, DeepChain, ::testing::ValuesIn(kOps), [](const auto &info) { return std::string(info.param.name); });

TEST(DeepBasic, HundredThousandTermsCompile) {
  expectCompiles("PRINT " + chain("1", "+", 100000) + "\n");
}

TEST(DeepBasic, HundredThousandStringTermsCompile) {
  expectCompiles("PRINT LEN(" + chain("\"a\"", "+", 100000) + ")\n");
}

TEST(DeepBasic, LongChainsRunCorrectly) {
  Ran sum = runText("PRINT " + chain("1", "+", 10000) + "\n", driver::Engine::IL, "", "deep.bas");
  EXPECT_EQ(sum.out, "10000\n") << sum.err;
  Ran diff = runText("PRINT " + chain("1", "-", 10000) + "\n", driver::Engine::BC, "", "deep.bas");
  EXPECT_EQ(diff.out, "-9998\n") << diff.err;
  Ran cat = runText("PRINT LEN(" + chain("\"ab\"", "+", 5000) + ")\n", driver::Engine::BC, "", "deep.bas");
  EXPECT_EQ(cat.out, "10000\n") << cat.err;
  Ran logic = runText("PRINT " + chain("TRUE", "ANDALSO", 2000) + " ORELSE FALSE\n", driver::Engine::BC, "", "deep.bas");
  EXPECT_EQ(logic.out, "-1\n") << logic.err;
}

// ^ is right-associative: each term nests one level deeper.
TEST(DeepBasic, PowerChainIsTooDeep) {
  expectTooDeep("PRINT " + chain("1", "^", 10000) + "\n");
  expectCompiles("PRINT " + chain("1", "^", 100) + "\n");
}

TEST(DeepBasic, UnaryChainsAreTooDeep) {
  std::string minus, nots;
  for (int i = 0; i < 10000; ++i) minus += "- ";
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  expectTooDeep("PRINT " + minus + "1\n");
  expectTooDeep("PRINT " + nots + "1\n");
  expectCompiles("PRINT " + minus.substr(0, 2 * 100) + "1\n");
}

TEST(DeepBasic, NestedCallsAreTooDeep) {
  std::string open, close;
  for (int i = 0; i < 10000; ++i) { open += "ABS("; close += ")"; }
  expectTooDeep("PRINT " + open + "1" + close + "\n");
}

TEST(DeepBasic, TwentyThousandIfThenPrefixesAreTooDeep) {
  std::string line;
  for (int i = 0; i < 20000; ++i) line += "IF X THEN ";
  Compiled c = compileText("X = 1\n" + line + "PRINT 1\n", "deep.bas");
  ASSERT_FALSE(c.module);
  ASSERT_FALSE(c.diags.empty());
  EXPECT_NE(c.diags[0].message.find("nesting too deep"), std::string::npos) << c.diagnostics.substr(0, 300);
  EXPECT_EQ(c.diags[0].loc.line, 2u);
  EXPECT_GT(c.diags[0].loc.col, 1000u);  // around the 200th IF
  EXPECT_LE(c.diags.size(), 2u) << c.diagnostics.substr(0, 300);
  // 150 levels are fine, and ELSE branches nest the same way.
  std::string ok, okElse;
  for (int i = 0; i < 150; ++i) ok += "IF X THEN ";
  for (int i = 0; i < 150; ++i) okElse += "IF X = 0 THEN PRINT 0 ELSE ";
  expectCompiles("X = 1\n" + ok + "PRINT 1\n");
  expectCompiles("X = 1\n" + okElse + "PRINT 1\n");
  std::string deepElse;
  for (int i = 0; i < 20000; ++i) deepElse += "IF X = 0 THEN PRINT 0 ELSE ";
  expectTooDeep("X = 1\n" + deepElse + "PRINT 1\n");
}

// Each block statement nested 10,000 deep.
struct BlockCase { const char *name, *open, *close; };
const BlockCase kBlocks[] = {
    {"if", "IF X THEN", "END IF"},
    {"if_else", "IF X THEN\nPRINT 0\nELSE", "END IF"},
    {"for", "FOR I = 1 TO 1", "NEXT"},
    {"for_each", "FOR EACH E IN A", "NEXT"},
    {"while", "WHILE X", "WEND"},
    {"do", "DO", "LOOP"},
    {"do_while", "DO WHILE X", "LOOP"},
    {"select", "SELECT CASE X\nCASE 1", "END SELECT"},
    {"select_else", "SELECT CASE X\nCASE ELSE", "END SELECT"},
    {"try_finally", "TRY", "FINALLY\nEND TRY"},  // a TRY needs a CATCH or a FINALLY
    {"catch", "TRY\nCATCH", "END TRY"},
};

class DeepBlock : public ::testing::TestWithParam<BlockCase> {};

TEST_P(DeepBlock, TenThousandDeepIsTooDeep) {
  const BlockCase &b = GetParam();
  std::string text = "DIM A(3)\nX = 0\n";
  for (int i = 0; i < 10000; ++i) text += std::string(b.open) + "\n";
  text += "PRINT 1\n";
  for (int i = 0; i < 10000; ++i) text += std::string(b.close) + "\n";
  expectTooDeep(text);
}

TEST_P(DeepBlock, HundredDeepCompiles) {
  const BlockCase &b = GetParam();
  std::string text = "DIM A(3)\nX = 0\n";
  for (int i = 0; i < 100; ++i) text += std::string(b.open) + "\n";
  text += "PRINT 1\n";
  for (int i = 0; i < 100; ++i) text += std::string(b.close) + "\n";
  expectCompiles(text);
}

INSTANTIATE_TEST_SUITE_P(Blocks, DeepBlock, ::testing::ValuesIn(kBlocks), [](const auto &info) { return std::string(info.param.name); });

TEST(DeepBasic, NestingInsideAProcedureIsTooDeep) {
  std::string text = "SUB S\n";
  for (int i = 0; i < 10000; ++i) text += "WHILE 0\n";
  for (int i = 0; i < 10000; ++i) text += "WEND\n";
  text += "END SUB\nS\n";
  expectTooDeep(text);
}

} // namespace
} // namespace viper::test
