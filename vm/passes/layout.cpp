// Block layout: places a block's successor right after it where that is allowed, so the
// bytecode falls through instead of jumping. The engines charge a unit of work for each
// branch to the same or an earlier block, so the new order must keep every forward edge
// forward: it is a topological order of the forward edges (Kahn's algorithm), which the
// old order also was. Back edges may only stay back edges or become forward, and every
// cycle still has one going back, so a loop still costs at least a unit per trip and no
// path costs more than before. Among the blocks whose forward predecessors are all
// placed, the next one is the last block's successor, else the lowest-numbered: the old
// order where there is no reason to change it. Of a cbr's two successors, the one that
// stays in the innermost loop holding the block goes first (a search loop's `if found
// { return }` would otherwise put the return path in the loop's straight line and the
// next-iteration block after the function's exit, a jump per trip); else the
// lower-numbered (front ends put a loop's body before its exit).
#include "passes/loops.hpp"
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include <optional>
#include <set>

namespace viper::passes {

namespace {

size_t layoutFunction(il::Function &fn) {
  const size_t nb = fn.blocks.size();
  if (nb < 3) return 0;
  std::vector<uint32_t> pending(nb, 0);  // forward edges into each block not yet placed
  for (size_t b = 0; b < nb; ++b)
    for (const auto &in : fn.blocks[b].instrs)
      for (const auto &t : in.targets)
        if (t.block > static_cast<int32_t>(b)) ++pending[static_cast<size_t>(t.block)];
  std::set<uint32_t> ready;
  for (uint32_t b = 1; b < nb; ++b)
    if (pending[b] == 0) ready.insert(b);
  // The innermost natural loop of each block (the smallest holding it), if any.
  const il::DominatorTree dom(fn);
  const std::vector<Loop> loops = findLoops(fn, dom, predecessors(fn));
  std::vector<const Loop *> inner(nb, nullptr);
  for (const auto &l : loops)
    for (uint32_t b : l.blocks)
      if (b < nb && (!inner[b] || inner[b]->blocks.size() > l.blocks.size())) inner[b] = &l;
  std::vector<uint32_t> order;
  order.reserve(nb);
  for (uint32_t cur = 0;;) {
    order.push_back(cur);
    std::optional<uint32_t> next;
    const auto &instrs = fn.blocks[cur].instrs;
    for (const auto &in : instrs)
      for (const auto &t : in.targets)
        if (t.block > static_cast<int32_t>(cur) && --pending[static_cast<size_t>(t.block)] == 0)
          ready.insert(static_cast<uint32_t>(t.block));
    if (!instrs.empty() && il::isTerminator(instrs.back().op)) {
      const Loop *loop = inner[cur];
      auto stays = [&](uint32_t b) { return loop && loop->contains(b); };
      for (const auto &t : instrs.back().targets) {
        if (t.block < 0 || !ready.count(static_cast<uint32_t>(t.block))) continue;
        const auto b = static_cast<uint32_t>(t.block);
        if (!next || (stays(b) && !stays(*next)) || (stays(b) == stays(*next) && b < *next)) next = b;
      }
    }
    if (!next) {
      if (ready.empty()) break;
      next = *ready.begin();
    }
    ready.erase(*next);
    cur = *next;
  }
  if (order.size() != nb) return 0;  // cannot happen: the old order is a topological one
  size_t moved = 0;
  std::vector<int32_t> newIndex(nb);
  for (size_t k = 0; k < nb; ++k) {
    newIndex[order[k]] = static_cast<int32_t>(k);
    moved += order[k] != k;
  }
  if (!moved) return 0;
  std::vector<il::Block> blocks;
  blocks.reserve(nb);
  for (uint32_t b : order) blocks.push_back(std::move(fn.blocks[b]));
  for (auto &blk : blocks)
    for (auto &in : blk.instrs)
      for (auto &t : in.targets)
        if (t.block >= 0) t.block = newIndex[static_cast<size_t>(t.block)];
  fn.blocks = std::move(blocks);
  return moved;
}

} // namespace

size_t layoutBlocks(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (!fn.blocks.empty() && !hasExceptionHandling(fn)) changes += layoutFunction(fn);
  return changes;
}

} // namespace viper::passes
