// A budget means the same on both engines (exec::RunResult's unit of work): every golden
// program, stopped after N units, has printed the same and ends the same way on each.
// Both engines run the same code: unoptimized (-O0) and optimized (-O1). Optimized code
// may spend fewer units (an inlined call, a merged loop), so -O0 and -O1 step counts are
// never compared with each other.
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

TEST(Budget, BothEnginesStopAtTheSamePointOnEveryGoldenProgram) {
  std::vector<std::filesystem::path> files = listFiles("golden/il", ".il");
  for (const auto &p : listFiles("golden/basic", ".bas")) files.push_back(p);
  for (const auto &p : listFiles("golden/zia", ".zia")) files.push_back(p);
  ASSERT_GT(files.size(), 100u);
  for (const auto &p : files) {
    auto in = p;
    in.replace_extension(".in");
    const std::string input = std::filesystem::exists(in) ? readText(in) : "";
    const std::string text = readText(p);
    for (int opt : {0, 1})
      for (uint64_t budget : {1, 2, 3, 5, 10, 50, 200}) {
        Ran ref = runText(text, driver::Engine::IL, input, p.filename().string(), programArgs(p), budget, opt);
        Ran vm = runText(text, driver::Engine::BC, input, p.filename().string(), programArgs(p), budget, opt);
        EXPECT_EQ(vm.out, ref.out) << p << " -O" << opt << " budget " << budget;
        EXPECT_EQ(vm.err, ref.err) << p << " -O" << opt << " budget " << budget;
        EXPECT_EQ(vm.exitStatus, ref.exitStatus) << p << " -O" << opt << " budget " << budget;
        if (ref.err != "step limit") break;  // ran to the end: larger budgets change nothing
      }
  }
}

} // namespace
} // namespace viper::test
