#include "passes/optimizer.hpp"
#include "passes/ir_util.hpp"
#include <chrono>

namespace viper::passes {

const std::vector<PassInfo> &optimizerPasses() {
  static const std::vector<PassInfo> kPasses = {
      {"sccp", "sparse conditional constant propagation (never folds a trap away)", sccp},
      {"dce", "dead pure instructions, unused block parameters, unreachable blocks", deadCode},
      {"simplifycfg", "merge straight-line blocks, thread jumps through empty blocks", simplifyCfg},
      {"splitcond", "a branch on and/or of two conditions becomes two branches", splitConditions},
      {"thread", "an edge whose argument decides its target block's test skips that block", threadDecidedTests},
      {"peephole", "copy propagation and exact algebraic identities", peephole},
      {"gvn", "value numbering of pure operations within dominator scopes", valueNumbering},
      {"licm", "hoist loop-invariant pure, non-trapping operations into a preheader", hoistInvariants},
      {"unswitch", "copy a small loop that tests one invariant condition, once per outcome", unswitchLoops},
      {"inline", "inline small non-recursive functions", inlineCalls},
      {"unbox", "a join's null-or-box parameter becomes an is-null flag and the value", unboxJoins},
      {"layout", "place each block's successor after it, keeping forward edges forward", layoutBlocks},
  };
  return kPasses;
}

const PassInfo *findPass(std::string_view name) {
  for (const auto &p : optimizerPasses())
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string> pipelineFor(int level) {
  if (level <= 0) return {};
  return {"sccp", "dce", "simplifycfg", "splitcond", "thread", "dce", "peephole", "gvn", "licm", "unswitch", "dce", "inline",
          "sccp", "dce", "simplifycfg", "unbox", "peephole", "gvn", "licm", "unswitch", "dce", "simplifycfg", "layout"};
}

std::vector<std::string> cleanupRound() {
  return {"sccp", "dce", "simplifycfg", "peephole", "gvn", "licm", "dce", "simplifycfg"};
}

PipelineResult runPasses(il::Module &m, const std::vector<std::string> &names,
                         const std::function<bool(const il::Module &)> &verify) {
  PipelineResult r;
  for (const auto &n : names)
    if (!findPass(n)) { r.unknownPass = n; return r; }
  for (const auto &n : names) {
    const PassInfo *p = findPass(n);
    const auto start = std::chrono::steady_clock::now();
    size_t changes = p->run(m);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    r.runs.push_back({n, changes, instructionCount(m), took.count()});
    if (verify && !verify(m)) { r.failedAfter = n; return r; }
  }
  return r;
}

PipelineResult optimizeModule(il::Module &m, int level, const std::function<bool(const il::Module &)> &verify) {
  PipelineResult r = runPasses(m, pipelineFor(level), verify);
  if (!r.failedAfter.empty() || level <= 0) return r;
  // Repeat the cleanup round until no pass changes anything (a few rounds at most), so
  // optimizing optimized IL again gives the same IL. Each pass counts its own changes;
  // comparing printed modules instead cost ~13% of optimizing time on large programs.
  for (int round = 0; round < 4; ++round) {
    PipelineResult more = runPasses(m, cleanupRound(), verify);
    size_t changes = 0;
    for (auto &x : more.runs) { changes += x.changes; r.runs.push_back(std::move(x)); }
    if (!more.failedAfter.empty()) { r.failedAfter = more.failedAfter; return r; }
    if (changes == 0) break;
  }
  return r;
}

} // namespace viper::passes
