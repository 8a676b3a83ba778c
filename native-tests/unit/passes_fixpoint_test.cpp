// -O1 ends at a fixed point of its cleanup round: running that round again on a golden
// program's optimized IL changes nothing. The optimizer stops repeating the round when no
// pass reports a change, so this also checks that passes report exactly the changes they
// make (two passes undoing each other would show as changes every round). Optimizing
// twice with the whole pipeline may still inline more: functions shrink under -O1.
#include "il/printer.hpp"
#include "passes/optimizer.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

TEST(OptimizerFixpoint, CleanupRoundLeavesOptimizedGoldenProgramsAlone) {
  auto files = listFiles("golden/il", ".il");
  for (const auto &p : listFiles("golden/basic", ".bas")) files.push_back(p);
  for (const auto &p : listFiles("golden/zia", ".zia")) files.push_back(p);
  size_t checked = 0;
  for (const auto &p : files) {
    Compiled c = compileText(readText(p), p.filename().string());
    if (!c.module) continue;  // a compile-error golden
    il::Module m = std::move(*c.module);
    passes::optimizeModule(m, 1);
    const std::string once = il::printModule(m);
    passes::PipelineResult again = passes::runPasses(m, passes::cleanupRound());
    EXPECT_EQ(il::printModule(m), once) << p << ": the cleanup round changes -O1 output";
    size_t changes = 0;
    std::string which;
    for (const auto &r : again.runs)
      if (r.changes) { changes += r.changes; which += " " + r.name + "(" + std::to_string(r.changes) + ")"; }
    EXPECT_EQ(changes, 0u) << p << ": passes reported changes on already optimized IL:" << which;
    ++checked;
  }
  EXPECT_GT(checked, 300u);
}

} // namespace
} // namespace viper::test
