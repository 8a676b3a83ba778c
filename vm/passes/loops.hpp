// Natural loops for the loop passes (licm, unswitch): found from back edges (an edge to
// a block that dominates its source), with the predecessor lists and defining blocks
// those passes ask about.
#pragma once
#include "il/cfg.hpp"
#include "il/module.hpp"
#include <algorithm>
#include <vector>

namespace viper::passes {

// Membership is a sorted block list searched by bisection, not a flag per block of the
// function: a function with thousands of loops would otherwise spend O(blocks) on each
// loop just to clear and scan its flags.
struct Loop {
  uint32_t header;
  std::vector<uint32_t> blocks;  ///< sorted
  bool contains(size_t b) const { return std::binary_search(blocks.begin(), blocks.end(), static_cast<uint32_t>(b)); }
};

/// Each block's predecessors, one entry per terminator target.
std::vector<std::vector<uint32_t>> predecessors(const il::Function &fn);
/// Every natural loop, one per header (all its back edges together), by header index.
std::vector<Loop> findLoops(const il::Function &fn, const il::DominatorTree &dom,
                            const std::vector<std::vector<uint32_t>> &preds);
/// The block outside the loop that branches only to its header with a `br`, or -1.
int32_t preheaderOf(const il::Function &fn, const Loop &l, const std::vector<std::vector<uint32_t>> &preds);
/// The block defining each temp (a parameter's block or an instruction's), -1 if none.
std::vector<int32_t> definingBlocks(const il::Function &fn);

} // namespace viper::passes
