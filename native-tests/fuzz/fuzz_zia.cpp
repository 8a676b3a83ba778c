// libFuzzer target: Zia source through the front end, mem2reg, constfold and verifier.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  viper::fuzz::compileAndRun(data, size, "fuzz.zia", false);
  return 0;
}
