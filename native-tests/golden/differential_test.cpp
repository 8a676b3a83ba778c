// The bytecode VM against the reference interpreter on the whole golden corpus: same
// stdout, same exit status and the same trap line, character for character (including
// the IL location of the fault). Covers every program added to golden/ automatically.
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

std::vector<std::filesystem::path> corpus() {
  std::vector<std::filesystem::path> all;
  for (const auto &p : listFiles("golden/il", ".il")) all.push_back(p);
  for (const auto &p : listFiles("golden/basic", ".bas")) all.push_back(p);
  for (const auto &p : listFiles("golden/zia", ".zia")) all.push_back(p);
  return all;
}

TEST(Differential, BytecodeVMMatchesReferenceOnEveryGoldenProgram) {
  auto files = corpus();
  ASSERT_FALSE(files.empty());
  for (const auto &p : files) {
    auto in = p;
    in.replace_extension(".in");
    const std::string input = std::filesystem::exists(in) ? readText(in) : "";
    const std::string text = readText(p);
    const auto args = programArgs(p);
    Ran ref = runText(text, driver::Engine::IL, input, p.filename().string(), args);
    Ran vm = runText(text, driver::Engine::BC, input, p.filename().string(), args);
    EXPECT_EQ(vm.out, ref.out) << p;
    EXPECT_EQ(vm.exitStatus, ref.exitStatus) << p;
    EXPECT_EQ(vm.err, ref.err) << p;
  }
}

} // namespace
} // namespace viper::test
