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
  std::string trap;  ///< the trap's message, if one ended the run
};

inline Outcome runOn(const il::Module &m, driver::Engine engine) {
  rt::StringSink out;
  rt::StringSource in("1\n2\nthree\n");
  Outcome o;
  driver::RunOutcome r;
  {
    rt::Context ctx(out, in);
    ctx.maxStringLength = 1 << 20;  // keep each input's memory small
    ctx.memoryLimit = 64u << 20;
    driver::RunOptions opts;
    opts.engine = engine;
    // The unit of work is the same on both engines, so they stop at the same point.
    opts.maxSteps = 20000;
    r = driver::runModule(m, ctx, opts);
  }
  o.out = out.text;
  o.status = r.exitStatus();
  o.stepLimit = r.stepLimitHit;
  if (r.result.status == exec::RunResult::Status::Trapped) o.trap = r.result.trap.message;
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
  // Frames cost each engine differently, so a run that ran out of memory may stop at a
  // different depth; everything else must agree, including where a budget ran out.
  const bool memory = a.trap.find("out of memory") != std::string::npos || b.trap.find("out of memory") != std::string::npos;
  if (!memory && (a.stepLimit != b.stepLimit || a.out != b.out || a.status != b.status)) std::abort();
}

} // namespace viper::fuzz
