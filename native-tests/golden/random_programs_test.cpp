// Differential testing on generated programs: for each seed, the bytecode VM and the
// reference interpreter must print the same output, exit the same way and report the
// same trap. CI runs a few hundred fixed seeds; scripts/fuzz_engines.sh runs many more:
//   VIPER_RANDOM_SEEDS=100000 VIPER_RANDOM_FIRST=5000 viper_golden_tests --gtest_filter='RandomPrograms.*'
#include "il/printer.hpp"
#include "testlib/random_il.hpp"
#include "testlib/test_support.hpp"
#include <cstdlib>
#include <gtest/gtest.h>

namespace viper::test {
namespace {

uint64_t envOr(const char *name, uint64_t fallback) {
  const char *v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

TEST(RandomPrograms, GeneratorMakesValidPrograms) {
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    Compiled c = compileText(randomProgram(seed), "random.il");
    ASSERT_TRUE(c.module.has_value()) << "seed " << seed << "\n" << c.diagnostics << randomProgram(seed);
  }
}

// `viper il` output is IL too: printing a generated program (names reused across blocks,
// entry parameters renamed) and running the print must give the same result.
TEST(RandomPrograms, PrintedProgramMeansTheSame) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    const std::string text = randomProgram(seed);
    Compiled c = compileText(text, "random.il");
    ASSERT_TRUE(c.module.has_value()) << "seed " << seed << "\n" << c.diagnostics << text;
    const std::string printed = il::printModule(*c.module);
    Ran a = runText(text, driver::Engine::IL, "", "random.il");
    Ran b = runText(printed, driver::Engine::IL, "", "random.il");
    ASSERT_EQ(b.out, a.out) << "seed " << seed << "\n" << printed;
    ASSERT_EQ(b.exitStatus, a.exitStatus) << "seed " << seed << "\n" << printed;
  }
}

TEST(RandomPrograms, BothEnginesAgree) {
  const uint64_t first = envOr("VIPER_RANDOM_FIRST", 1), count = envOr("VIPER_RANDOM_SEEDS", 300);
  int trapped = 0, finished = 0;
  for (uint64_t seed = first; seed < first + count; ++seed) {
    const std::string text = randomProgram(seed);
    Ran ref = runText(text, driver::Engine::IL, "", "random.il");
    Ran vm = runText(text, driver::Engine::BC, "", "random.il");
    // The programs check their own name bindings (two names of one argument agree, a
    // counter renamed through blocks reaches its trip count) and say so if not.
    ASSERT_EQ(ref.out.find("BAD-BINDING"), std::string::npos) << "seed " << seed << "\n" << text;
    // A program that does not compile would "agree" with itself: it must load and run.
    ASSERT_TRUE(ref.err.empty() || ref.err.rfind("Trap ", 0) == 0) << "seed " << seed << "\n" << ref.err << text;
    ASSERT_EQ(vm.out, ref.out) << "seed " << seed << "\n" << text;
    ASSERT_EQ(vm.exitStatus, ref.exitStatus) << "seed " << seed << "\n" << text;
    ASSERT_EQ(vm.err, ref.err) << "seed " << seed << "\n" << text;
    (ref.err.empty() ? finished : trapped)++;
  }
  // The generator must exercise both paths, or the test proves little.
  EXPECT_GT(finished, 0);
  EXPECT_GT(trapped, 0);
  std::printf("%d programs finished, %d trapped\n", finished, trapped);
}

} // namespace
} // namespace viper::test
