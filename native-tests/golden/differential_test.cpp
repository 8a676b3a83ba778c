// The bytecode VM against the reference interpreter on the whole golden corpus: same
// stdout, same exit status and the same trap line, character for character (including
// the IL location of the fault). Covers every program added to golden/ automatically.
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

// One test per language, so ctest runs them side by side. Each program is compiled once
// and run on both engines.
void enginesAgreeOn(const std::string &dir, const std::string &ext) {
  const auto files = listFiles(dir, ext);
  ASSERT_FALSE(files.empty()) << dir;
  for (const auto &p : files) {
    auto in = p;
    in.replace_extension(".in");
    const std::string input = std::filesystem::exists(in) ? readText(in) : "";
    const auto args = programArgs(p);
    const driver::CompileResult c = compileSources({{p.filename().string(), readText(p)}}, p.filename().string());
    Ran ref = runCompiled(c, driver::Engine::IL, input, args);
    Ran vm = runCompiled(c, driver::Engine::BC, input, args);
    EXPECT_EQ(vm.out, ref.out) << p;
    EXPECT_EQ(vm.exitStatus, ref.exitStatus) << p;
    EXPECT_EQ(vm.err, ref.err) << p;
  }
}

TEST(Differential, BytecodeVMMatchesReferenceOnEveryIlGoldenProgram) { enginesAgreeOn("golden/il", ".il"); }
TEST(Differential, BytecodeVMMatchesReferenceOnEveryBasicGoldenProgram) { enginesAgreeOn("golden/basic", ".bas"); }
TEST(Differential, BytecodeVMMatchesReferenceOnEveryZiaGoldenProgram) { enginesAgreeOn("golden/zia", ".zia"); }

} // namespace
} // namespace viper::test
