// libFuzzer target: IL programs that compile are run on both engines under a step budget
// and must agree; then the same program optimized (-O1, the verifier after every pass)
// must compile too, its engines must agree with each other, and where neither run was
// cut short by the budget (optimized code may spend fewer units) or by memory, it must
// print the same, exit the same way and end with the same trap message as unoptimized.
#include "driver/languages.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace viper;
  fuzz::compileAndRun(data, size, "fuzz.il", true);
  SourceManager sm;
  uint32_t id = sm.add("fuzz.il", std::string(reinterpret_cast<const char *>(data), size));
  DiagnosticEngine d0, d1;
  const driver::Language &lang = driver::languageForPath("fuzz.il");
  auto m0 = driver::compileWith(lang, sm, id, d0, nullptr, driver::OptOptions{0, {}, false});
  if (!m0) return 0;
  auto m1 = driver::compileWith(lang, sm, id, d1, nullptr, driver::OptOptions{1, {}, true});
  if (!m1) std::abort();  // the optimizer broke a valid program (or the verifier caught it)
  fuzz::Outcome a = fuzz::runOn(*m0, driver::Engine::IL);
  fuzz::Outcome b = fuzz::runOn(*m1, driver::Engine::IL), c = fuzz::runOn(*m1, driver::Engine::BC);
  auto memory = [](const fuzz::Outcome &o) { return o.trap.find("out of memory") != std::string::npos; };
  if (!memory(b) && !memory(c) && (b.stepLimit != c.stepLimit || b.out != c.out || b.status != c.status)) std::abort();
  if (!a.stepLimit && !b.stepLimit && !memory(a) && !memory(b) &&
      (a.out != b.out || a.status != b.status || a.trap != b.trap))
    std::abort();
  return 0;
}
