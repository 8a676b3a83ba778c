#include "passes/loops.hpp"

namespace viper::passes {

std::vector<std::vector<uint32_t>> predecessors(const il::Function &fn) {
  std::vector<std::vector<uint32_t>> p(fn.blocks.size());
  for (uint32_t b = 0; b < fn.blocks.size(); ++b) {
    if (fn.blocks[b].instrs.empty()) continue;
    for (const auto &t : fn.blocks[b].instrs.back().targets)
      if (t.block >= 0) p[static_cast<size_t>(t.block)].push_back(b);
  }
  return p;
}

std::vector<Loop> findLoops(const il::Function &fn, const il::DominatorTree &dom,
                            const std::vector<std::vector<uint32_t>> &preds) {
  const size_t nb = fn.blocks.size();
  std::vector<std::vector<uint32_t>> latches(nb);
  for (uint32_t b = 0; b < nb; ++b) {
    if (!dom.reachable(b) || fn.blocks[b].instrs.empty()) continue;
    for (const auto &t : fn.blocks[b].instrs.back().targets)
      if (t.block >= 0 && dom.reachable(static_cast<size_t>(t.block)) && dom.dominates(static_cast<size_t>(t.block), b))
        latches[static_cast<size_t>(t.block)].push_back(b);
  }
  std::vector<Loop> loops;
  // seen[b] == the current loop's stamp: b is already in it (one array for all loops).
  std::vector<uint32_t> seen(nb, 0);
  uint32_t stamp = 0;
  for (uint32_t h = 0; h < nb; ++h) {
    if (latches[h].empty()) continue;
    Loop l;
    l.header = h;
    ++stamp;
    seen[h] = stamp;
    l.blocks.push_back(h);
    std::vector<uint32_t> work;
    for (uint32_t x : latches[h]) if (seen[x] != stamp) { seen[x] = stamp; l.blocks.push_back(x); work.push_back(x); }
    while (!work.empty()) {
      uint32_t x = work.back();
      work.pop_back();
      for (uint32_t p : preds[x])
        if (seen[p] != stamp && dom.reachable(p)) { seen[p] = stamp; l.blocks.push_back(p); work.push_back(p); }
    }
    std::sort(l.blocks.begin(), l.blocks.end());
    loops.push_back(std::move(l));
  }
  return loops;
}

int32_t preheaderOf(const il::Function &fn, const Loop &l, const std::vector<std::vector<uint32_t>> &preds) {
  int32_t only = -1;
  for (uint32_t p : preds[l.header]) {
    if (l.contains(p)) continue;
    if (only >= 0 && static_cast<uint32_t>(only) != p) return -1;
    only = static_cast<int32_t>(p);
  }
  if (only < 0) return -1;
  const il::Instr &term = fn.blocks[static_cast<size_t>(only)].instrs.back();
  return term.op == il::Opcode::Br ? only : -1;
}

std::vector<int32_t> definingBlocks(const il::Function &fn) {
  std::vector<int32_t> defBlock(fn.temps.size(), -1);
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    for (const auto &p : fn.blocks[b].params) defBlock[p.temp] = static_cast<int32_t>(b);
    for (const auto &in : fn.blocks[b].instrs)
      if (in.result >= 0) defBlock[static_cast<size_t>(in.result)] = static_cast<int32_t>(b);
  }
  return defBlock;
}

} // namespace viper::passes
