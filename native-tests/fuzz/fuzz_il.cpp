// libFuzzer target: IL text through the parser, verifier and bytecode compiler.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  viper::fuzz::compileAndRun(data, size, "fuzz.il", false);
  return 0;
}
