// Compile-time scaling: each case is generated in memory (the shapes of
// scripts/gen_scaling.py) at a size that compiles in well under a second when every stage
// is near-linear and would take minutes if one went quadratic again, so a regression
// shows as a CI timeout. The assertions are about outcomes only (a clean compile, or the
// documented diagnostic), never about time.
#include "bytecode/compiler.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>
#include <string>

namespace viper::test {
namespace {

/// Front end, verifier and passes, then the bytecode compiler: the whole `viper check`.
struct Outcome {
  bool compiled = false;      ///< front end + verifier + passes succeeded
  std::string diagnostics;
  std::string bytecodeError;  ///< empty when the bytecode compiler accepted it
};

Outcome compileAll(const std::string &text, const std::string &name) {
  Outcome o;
  Compiled c = compileText(text, name);
  o.diagnostics = c.diagnostics;
  if (!c.module) return o;
  o.compiled = true;
  auto bc = bc::compileModule(*c.module);
  if (!bc) o.bytecodeError = bc.error().message;
  return o;
}

void expectClean(const std::string &text, const std::string &name) {
  Outcome o = compileAll(text, name);
  ASSERT_TRUE(o.compiled) << o.diagnostics.substr(0, 2000);
  EXPECT_EQ(o.bytecodeError, "");
}

TEST(Scaling, BasicTenThousandVariables) {
  const int n = 5000;
  std::string s;
  for (int i = 0; i < n; ++i) s += "V" + std::to_string(i) + " = " + std::to_string(i) + "\n";
  for (int i = 0; i < n; ++i) s += "IF V" + std::to_string(i) + " > 3 THEN V" + std::to_string(i) + " = V" + std::to_string(i) + " - 1\n";
  s += "PRINT V1 + V2 + V" + std::to_string(n - 1) + "\n";
  expectClean(s, "vars.bas");
}

TEST(Scaling, BasicSelectCaseWithManyCases) {
  std::string s = "X = 7\nSELECT CASE X\n";
  for (int i = 0; i < 10000; ++i) s += "CASE " + std::to_string(i) + "\n  PRINT " + std::to_string(i) + "\n";
  s += "CASE ELSE\n  PRINT -1\nEND SELECT\n";
  expectClean(s, "select.bas");
}

TEST(Scaling, BasicRealisticMix) {
  std::string main, procs;
  for (int j = 0; j < 600; ++j) {
    const std::string J = std::to_string(j), W = "W" + std::to_string(j % 50);
    procs += "SUB P" + J + "(A, B$)\n  DIM T" + J + "(10)\n  FOR I = 0 TO 10\n    T" + J + "(I) = I * A\n  NEXT I\n"
             "  IF T" + J + "(3) > 5 THEN\n    PRINT B$\n  END IF\nEND SUB\n"
             "FUNCTION F" + J + "(X)\n  S = 0\n  WHILE X > 0\n    S = S + X MOD 7\n    X = X - 1\n  WEND\n  F" + J + " = S\nEND FUNCTION\n";
    main += "N = F" + J + "(" + std::to_string(j % 13) + ")\nM$ = \"item\" + STR$(N)\nIF N > 10 THEN P" + J + "(N, M$) ELSE PRINT M$\n"
            "FOR K = 1 TO 3\n  " + W + " = " + W + " + K * 2\nNEXT K\nSELECT CASE " + W + " MOD 4\nCASE 0\n  PRINT " + W +
            "\nCASE ELSE\n  T = T + LEN(M$)\nEND SELECT\n";
  }
  expectClean(main + procs, "mix.bas");
}

TEST(Scaling, IlChainedBlocks) {
  const int n = 40000;
  std::string s = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %v0 = iadd.ovf 0, 1\n  br b1(%v0)\n";
  for (int i = 1; i <= n; ++i) {
    const std::string I = std::to_string(i);
    s += "b" + I + "(%x" + I + ":i64):\n  %v" + I + " = iadd.ovf %x" + I + ", %v0\n";
    s += i < n ? "  br b" + std::to_string(i + 1) + "(%v" + I + ")\n" : "  ret %v" + I + "\n";
  }
  s += "}\n";
  expectClean(s, "blocks.il");
}

TEST(Scaling, IlStringGlobals) {
  const int n = 40000;
  std::string s = "il 0.3.0\n";
  for (int i = 0; i < n; ++i) s += "global const str @.s" + std::to_string(i) + " = \"string " + std::to_string(i) + "\"\n";
  s += "func @main() -> i64 {\nentry:\n";
  for (int i = 0; i < n; ++i) s += "  %s" + std::to_string(i) + " = const_str @.s" + std::to_string(i) + "\n";
  s += "  ret 0\n}\n";
  expectClean(s, "globals.il");
}

TEST(Scaling, IlManySimultaneouslyLiveValues) {
  // 20,000 values live at once fit the frame; 70,000 get the documented slot limit.
  for (int n : {20000, 70000}) {
    std::string s = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n";
    for (int i = 0; i < n; ++i) s += "  %v" + std::to_string(i) + " = iadd.ovf " + std::to_string(i % 1000) + ", 1\n";
    s += "  %a" + std::to_string(n) + " = iadd.ovf 0, 0\n";
    for (int i = n - 1; i >= 0; --i)
      s += "  %a" + std::to_string(i) + " = iadd.ovf %a" + std::to_string(i + 1) + ", %v" + std::to_string(i) + "\n";
    s += "  ret %a0\n}\n";
    Outcome o = compileAll(s, "live.il");
    ASSERT_TRUE(o.compiled) << o.diagnostics.substr(0, 2000);
    if (n <= 20000) EXPECT_EQ(o.bytecodeError, "");
    else EXPECT_NE(o.bytecodeError.find("65534 frame slots"), std::string::npos) << o.bytecodeError;
  }
}

TEST(Scaling, IlManyBlockParameters) {
  const int n = 40000;
  std::string s = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  br loop(0";
  for (int i = 0; i < n; ++i) s += ", " + std::to_string(i % 1000);
  s += ")\nloop(%i:i64";
  for (int i = 0; i < n; ++i) s += ", %p" + std::to_string(i) + ":i64";
  s += "):\n  %j = iadd.ovf %i, 1\n  %c = scmp_lt %j, 2\n  cbr %c, loop(%j";
  for (int i = 0; i < n; ++i) s += ", %p" + std::to_string((i + 1) % n);
  s += "), done\ndone:\n  ret %p0\n}\n";
  expectClean(s, "params.il");
}

TEST(Scaling, IlMoreConstantsThanTheBytecodeIndexNamesTheFunction) {
  // No .loc anywhere: the diagnostic still says which function and which IL line.
  const int n = 70000;
  std::string s = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %a0 = iadd.ovf 0, 0\n";
  for (int i = 0; i < n; ++i)
    s += "  %a" + std::to_string(i + 1) + " = xor %a" + std::to_string(i) + ", " + std::to_string(1000003 + i) + "\n";
  s += "  %r = and %a" + std::to_string(n) + ", 255\n  ret %r\n}\n";
  Outcome o = compileAll(s, "consts.il");
  ASSERT_TRUE(o.compiled) << o.diagnostics.substr(0, 2000);
  if (!o.bytecodeError.empty()) {
    EXPECT_NE(o.bytecodeError.find("@main"), std::string::npos) << o.bytecodeError;
    EXPECT_NE(o.bytecodeError.find("65536"), std::string::npos) << o.bytecodeError;
    EXPECT_NE(o.bytecodeError.find("line"), std::string::npos) << o.bytecodeError;
  }
}

// Long left-deep chains of every BASIC binary operator: a diagnostic or a clean compile,
// never a crash (the parser, type inference and lowering loop over the spine).
TEST(Scaling, BasicLongChainsOfEveryBinaryOperator) {
  const char *ops[] = {"+", "-", "*", "/", "\\", "MOD", "^", "AND", "OR", "ANDALSO", "ORELSE",
                       "=", "<>", "<", "<=", ">", ">=", "&"};
  for (const char *op : ops) {
    std::string s = "X = 1";
    for (int i = 0; i < 20000; ++i) s += std::string(" ") + op + " 1";
    s += "\nPRINT X\n";
    Outcome o = compileAll(s, "chain.bas");
    EXPECT_TRUE(o.compiled || !o.diagnostics.empty()) << op;
    if (o.compiled) { EXPECT_EQ(o.bytecodeError, "") << op; }
  }
  std::string s = "S$ = \"a\"";
  for (int i = 0; i < 20000; ++i) s += " + \"b\"";
  s += "\nPRINT LEN(S$)\n";
  expectClean(s, "strchain.bas");
}

// IL-level long chains: one dependency chain of 100,000 checked adds, and 100,000
// comparisons feeding one boolean chain.
TEST(Scaling, IlLongChains) {
  const int n = 100000;
  std::string s = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %a0 = iadd.ovf 0, 0\n";
  for (int i = 0; i < n; ++i) s += "  %a" + std::to_string(i + 1) + " = iadd.ovf %a" + std::to_string(i) + ", 1\n";
  s += "  ret %a" + std::to_string(n) + "\n}\n";
  expectClean(s, "chain.il");
  std::string b = "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %b0 = icmp_eq 0, 0\n";
  for (int i = 0; i < n; ++i) {
    const std::string I = std::to_string(i), J = std::to_string(i + 1);
    b += "  %c" + I + " = icmp_ne %b" + I + ", 0\n  %b" + J + " = and %c" + I + ", %b" + I + "\n";
  }
  b += "  %r = zext1 %b" + std::to_string(n) + "\n  ret %r\n}\n";
  Outcome o = compileAll(b, "bools.il");
  EXPECT_TRUE(o.compiled || !o.diagnostics.empty());
}

} // namespace
} // namespace viper::test
