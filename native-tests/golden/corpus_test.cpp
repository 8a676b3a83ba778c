// Properties of the IL corpus as a whole: opcode coverage and print/parse round trips.
#include "il/parser.hpp"
#include "il/printer.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>
#include <filesystem>
#include <set>

namespace viper::test {
namespace {

// A golden program whose expected result is a compile error: its .err sidecar holds the
// diagnostic ("file:line:col: error: message").
bool isCompileErrorGolden(const std::filesystem::path &p) {
  std::filesystem::path err = p;
  err.replace_extension(".err");
  return std::filesystem::exists(err) && readText(err).find(": error: ") != std::string::npos;
}

TEST(Corpus, HasAtLeastFortyPrograms) { EXPECT_GE(listFiles("golden/il", ".il").size(), 40u); }

// Every one of the 84 opcodes of spec/il.md is executed by some golden program.
TEST(Corpus, CoversEveryOpcode) {
  std::set<il::Opcode> seen;
  for (const auto &p : listFiles("golden/il", ".il")) {
    Compiled c = compileText(readText(p), p.filename().string());
    ASSERT_TRUE(c.module) << p << "\n" << c.diagnostics;
    for (const auto &f : c.module->functions)
      for (const auto &b : f.blocks)
        for (const auto &in : b.instrs) seen.insert(in.op);
  }
  std::string missing;
  for (unsigned i = 0; i < il::kOpcodeCount; ++i)
    if (!seen.count(static_cast<il::Opcode>(i))) missing += " " + std::string(il::mnemonic(static_cast<il::Opcode>(i)));
  EXPECT_EQ(missing, "") << "opcodes no golden program uses";
  EXPECT_EQ(seen.size(), il::kOpcodeCount);
}

// print(parse(x)) is a fixed point, and the printed form verifies and runs the same.
TEST(Corpus, PrintParseRoundTrip) {
  // Hand-written IL and the BASIC and Zia front ends' output alike: `viper il` prints text that
  // parses back to the same module.
  auto files = listFiles("golden/il", ".il");
  for (const auto &p : listFiles("golden/basic", ".bas")) files.push_back(p);
  for (const auto &p : listFiles("golden/zia", ".zia")) files.push_back(p);
  for (const auto &p : files) {
    Compiled a = compileText(readText(p), p.filename().string());
    if (!a.module && isCompileErrorGolden(p)) continue;  // nothing to print
    ASSERT_TRUE(a.module) << p;
    std::string once = il::printModule(*a.module);
    Compiled b = compileText(once, "printed.il");
    ASSERT_TRUE(b.module) << p << "\n" << b.diagnostics << once;
    EXPECT_EQ(il::printModule(*b.module), once) << p;
  }
}

} // namespace
} // namespace viper::test
