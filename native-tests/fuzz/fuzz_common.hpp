// What every fuzz target does with one input: compile it as a program of `name`'s
// language and, if it compiles, run it on both engines under a step budget. Any crash,
// sanitizer report or engine disagreement is a finding; diagnostics and traps are not.
#pragma once
#include "driver/pipeline.hpp"
#include "interpreters/common/trap.hpp"
#include "runtime/context.hpp"
#include <cstdint>
#include <cstdlib>
#include <string>

namespace viper::fuzz {

struct Outcome {
  std::string out;
  int status = 0;
  bool stepLimit = false;
};

inline Outcome runOn(const il::Module &m, driver::Engine engine) {
  rt::StringSink out;
  rt::StringSource in("1\n2\nthree\n");
  Outcome o;
  driver::RunOutcome r;
  {
    rt::Context ctx(out, in);
    ctx.maxStringLength = 1 << 20;  // keep each input's memory small
    driver::RunOptions opts;
    opts.engine = engine;
    // Units differ per engine (instructions vs. backward jumps and calls): the budget only
    // bounds time; results are compared when neither run hit it.
    opts.maxSteps = engine == driver::Engine::IL ? 200000 : 20000;
    r = driver::runModule(m, ctx, opts);
  }
  o.out = out.text;
  o.status = r.exitStatus();
  o.stepLimit = r.stepLimitHit;
  return o;
}

inline void compileAndRun(const uint8_t *data, size_t size, const char *name, bool execute) {
  SourceManager sm;
  uint32_t id = sm.add(name, std::string(reinterpret_cast<const char *>(data), size));
  DiagnosticEngine diags;
  auto m = driver::compileSource(sm, id, diags);
  (void)diags.render(sm);  // rendering carets must cope with any input too
  if (!m || !execute) return;
  Outcome a = runOn(*m, driver::Engine::IL), b = runOn(*m, driver::Engine::BC);
  if (!a.stepLimit && !b.stepLimit && (a.out != b.out || a.status != b.status)) std::abort();
}

} // namespace viper::fuzz
