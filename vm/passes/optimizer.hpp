// The IL optimizer's pass manager: a list of named passes over a module and one function
// that runs a chosen sequence, optionally verifying after each pass. Every pass leaves
// functions with exception handling untouched (passes/ir_util.hpp) and keeps each
// instruction's .loc, so a trap still names its source line.
#pragma once
#include "il/module.hpp"
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace viper::passes {

struct PassInfo {
  std::string_view name;
  std::string_view summary;
  size_t (*run)(il::Module &m);  ///< returns how many changes it made (0: nothing to do)
};

/// Every optimizer pass, in the order of the -O1 pipeline's first round.
const std::vector<PassInfo> &optimizerPasses();
const PassInfo *findPass(std::string_view name);
/// The pass names -O`level` runs (empty for 0).
std::vector<std::string> pipelineFor(int level);
/// The passes -O1 repeats after its pipeline until none of them changes anything.
std::vector<std::string> cleanupRound();

struct PassRun {
  std::string name;
  size_t changes = 0;
  size_t instructionsAfter = 0;
  double seconds = 0;  ///< wall time of this run (for scripts/opt_scaling.py's timer)
};
struct PipelineResult {
  std::vector<PassRun> runs;
  std::string failedAfter;  ///< set when `verify` rejected the module after that pass
  std::string unknownPass;  ///< set when a name is not a pass (nothing ran)
};

/// Runs `names` in order. With `verify` set, calls it after every pass and stops at the
/// first module it rejects.
PipelineResult runPasses(il::Module &m, const std::vector<std::string> &names,
                         const std::function<bool(const il::Module &)> &verify = {});

/// The -O`level` pipeline, then its cleanup round repeated until no pass changes anything
/// (at most 4 more rounds): the cleanup round leaves optimized IL as it is.
PipelineResult optimizeModule(il::Module &m, int level, const std::function<bool(const il::Module &)> &verify = {});

// The passes (each in its own file).
size_t sccp(il::Module &m);              ///< sccp.cpp
size_t deadCode(il::Module &m);          ///< dce.cpp
size_t simplifyCfg(il::Module &m);       ///< simplifycfg.cpp
size_t peephole(il::Module &m);          ///< peephole.cpp
size_t valueNumbering(il::Module &m);    ///< gvn.cpp
size_t hoistInvariants(il::Module &m);   ///< licm.cpp
size_t unswitchLoops(il::Module &m);     ///< unswitch.cpp
size_t inlineCalls(il::Module &m);       ///< inline.cpp
size_t splitConditions(il::Module &m);   ///< splitcond.cpp
size_t layoutBlocks(il::Module &m);      ///< layout.cpp
size_t threadDecidedTests(il::Module &m);       ///< thread.cpp
size_t unboxJoins(il::Module &m);               ///< unbox.cpp

} // namespace viper::passes
