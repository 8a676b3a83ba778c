// A budget means the same on both engines (exec::RunResult's unit of work): every golden
// program, stopped after N units, has printed the same and ends the same way on each.
// Both engines run the same code: unoptimized (-O0) and optimized (-O1). Optimized code
// may spend fewer units (an inlined call, a merged loop), so -O0 and -O1 step counts are
// never compared with each other.
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

// One test per language, so ctest runs them side by side; each program is compiled once
// per optimization level and run under each budget.
void enginesStopTogetherOn(const std::string &dir, const std::string &ext, size_t atLeast) {
  const std::vector<std::filesystem::path> files = listFiles(dir, ext);
  ASSERT_GE(files.size(), atLeast) << dir;
  for (const auto &p : files) {
    auto in = p;
    in.replace_extension(".in");
    const std::string input = std::filesystem::exists(in) ? readText(in) : "";
    const std::string text = readText(p);
    const auto args = programArgs(p);
    for (int opt : {0, 1}) {
      const driver::CompileResult c = compileSources({{p.filename().string(), text}}, p.filename().string(), opt);
      for (uint64_t budget : {1, 2, 3, 5, 10, 50, 200}) {
        Ran ref = runCompiled(c, driver::Engine::IL, input, args, budget);
        Ran vm = runCompiled(c, driver::Engine::BC, input, args, budget);
        EXPECT_EQ(vm.out, ref.out) << p << " -O" << opt << " budget " << budget;
        EXPECT_EQ(vm.err, ref.err) << p << " -O" << opt << " budget " << budget;
        EXPECT_EQ(vm.exitStatus, ref.exitStatus) << p << " -O" << opt << " budget " << budget;
        if (ref.err != "step limit") break;  // ran to the end: larger budgets change nothing
      }
    }
  }
}

TEST(Budget, BothEnginesStopAtTheSamePointOnEveryIlGoldenProgram) { enginesStopTogetherOn("golden/il", ".il", 50); }
TEST(Budget, BothEnginesStopAtTheSamePointOnEveryBasicGoldenProgram) { enginesStopTogetherOn("golden/basic", ".bas", 50); }
TEST(Budget, BothEnginesStopAtTheSamePointOnEveryZiaGoldenProgram) { enginesStopTogetherOn("golden/zia", ".zia", 50); }

} // namespace
} // namespace viper::test
