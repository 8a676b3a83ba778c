// libFuzzer target: Zia programs that compile are run on both engines under a step
// budget and must agree.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  viper::fuzz::compileAndRun(data, size, "fuzz.zia", true);
  return 0;
}
