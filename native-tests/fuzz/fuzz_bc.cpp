// libFuzzer target: the bytecode verifier against random words. The VM trusts every
// module the verifier accepts, so the property is: patch random words into real compiled
// programs (the golden IL corpus); whatever the verifier accepts must run, under a step
// and memory budget, without a crash or a sanitizer report.
// Input: 2 bytes choose the program, then 8-byte patches (u32 word index, u32 new word).
#include "bytecode/compiler.hpp"
#include "driver/pipeline.hpp"
#include "interpreters/bcvm/vm.hpp"
#include "runtime/context.hpp"
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

struct Compiled {
  viper::il::Module il;
  viper::bc::Module code;
};

// Sorted by name, so a finding picks the same program on every machine (the unit test
// BytecodeVerifierBudget.FuzzBcRegressionsAreRejectedOrRunCleanly loads them the same way).
std::vector<Compiled> loadCorpus() {
  std::vector<std::filesystem::path> paths;
  for (const auto &e : std::filesystem::directory_iterator(VIPER_GOLDEN_IL))
    if (e.is_regular_file() && e.path().extension() == ".il") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Compiled> out;
  for (const auto &path : paths) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    viper::SourceManager sm;
    uint32_t id = sm.add(path.filename().string(), ss.str());
    viper::DiagnosticEngine diags;
    auto m = viper::driver::compileSource(sm, id, diags);
    if (!m) continue;
    auto code = viper::bc::compileModule(*m);
    if (code) out.push_back({std::move(*m), std::move(*code)});
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const std::vector<Compiled> corpus = loadCorpus();
  if (corpus.empty() || size < 2) return 0;
  const Compiled &base = corpus[(data[0] | data[1] << 8) % corpus.size()];
  viper::bc::Module code = base.code;
  for (size_t at = 2; at + 8 <= size && !code.code.empty(); at += 8) {
    uint32_t index = 0, word = 0;
    std::memcpy(&index, data + at, 4);
    std::memcpy(&word, data + at + 4, 4);
    code.code[index % code.code.size()] = word;
  }
  viper::rt::StringSink out;
  viper::rt::StringSource in("1\n2\nthree\n");
  viper::rt::Context ctx(out, in);
  ctx.maxStringLength = 1 << 20;
  ctx.memoryLimit = 64u << 20;
  auto vm = viper::bcvm::VM::create(code, base.il, ctx);  // verifies
  if (vm) (*vm)->run(5000);
  return 0;
}
