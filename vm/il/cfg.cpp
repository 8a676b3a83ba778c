#include "il/cfg.hpp"

namespace viper::il {

std::vector<int32_t> successors(const Block &b) {
  std::vector<int32_t> out;
  if (b.instrs.empty()) return out;
  const Instr &t = b.instrs.back();
  if (t.op == Opcode::Br || t.op == Opcode::Cbr || t.op == Opcode::SwitchI32 || t.op == Opcode::ResumeLabel)
    for (const auto &tg : t.targets)
      if (tg.block >= 0) out.push_back(tg.block);
  return out;
}

// Cooper, Harvey & Kennedy's iterative algorithm over reverse postorder. Handler blocks
// are entered by traps, so each eh.push also counts as an edge to its handler.
DominatorTree::DominatorTree(const Function &fn) {
  const size_t n = fn.blocks.size();
  idom_.assign(n, -1);
  rpoIndex_.assign(n, -1);
  if (n == 0) return;
  std::vector<std::vector<int32_t>> succ(n), pred(n);
  for (size_t i = 0; i < n; ++i) {
    succ[i] = successors(fn.blocks[i]);
    for (const auto &in : fn.blocks[i].instrs)
      if (in.op == Opcode::EhPush && in.targets[0].block >= 0) succ[i].push_back(in.targets[0].block);
    for (int32_t s : succ[i]) pred[static_cast<size_t>(s)].push_back(static_cast<int32_t>(i));
  }
  // Iterative DFS for postorder (no recursion: functions may have many blocks).
  std::vector<int32_t> post;
  std::vector<char> seen(n, 0);
  std::vector<std::pair<int32_t, size_t>> stack{{0, 0}};
  seen[0] = 1;
  while (!stack.empty()) {
    auto &[b, k] = stack.back();
    if (k < succ[static_cast<size_t>(b)].size()) {
      int32_t s = succ[static_cast<size_t>(b)][k++];
      if (!seen[static_cast<size_t>(s)]) { seen[static_cast<size_t>(s)] = 1; stack.push_back({s, 0}); }
    } else {
      post.push_back(b);
      stack.pop_back();
    }
  }
  rpo_.assign(post.rbegin(), post.rend());
  for (size_t i = 0; i < rpo_.size(); ++i) rpoIndex_[static_cast<size_t>(rpo_[i])] = static_cast<int32_t>(i);
  idom_[0] = 0;
  auto intersect = [&](int32_t a, int32_t b) {
    while (a != b) {
      while (rpoIndex_[static_cast<size_t>(a)] > rpoIndex_[static_cast<size_t>(b)]) a = idom_[static_cast<size_t>(a)];
      while (rpoIndex_[static_cast<size_t>(b)] > rpoIndex_[static_cast<size_t>(a)]) b = idom_[static_cast<size_t>(b)];
    }
    return a;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 1; i < rpo_.size(); ++i) {
      int32_t b = rpo_[i];
      int32_t nd = -1;
      for (int32_t p : pred[static_cast<size_t>(b)]) {
        if (idom_[static_cast<size_t>(p)] < 0) continue;
        nd = nd < 0 ? p : intersect(p, nd);
      }
      if (nd >= 0 && idom_[static_cast<size_t>(b)] != nd) { idom_[static_cast<size_t>(b)] = nd; changed = true; }
    }
  }
  // Preorder intervals of the dominator tree (iteratively: the tree may be 100,000 deep).
  std::vector<std::vector<int32_t>> kids(n);
  for (int32_t b : rpo_)
    if (b != 0) kids[static_cast<size_t>(idom_[static_cast<size_t>(b)])].push_back(b);
  pre_.assign(n, -1);
  last_.assign(n, -1);
  int32_t counter = 0;
  std::vector<std::pair<int32_t, size_t>> walk{{0, 0}};
  pre_[0] = counter++;
  while (!walk.empty()) {
    auto &[b, k] = walk.back();
    const auto &ks = kids[static_cast<size_t>(b)];
    if (k < ks.size()) {
      int32_t c = ks[k++];
      pre_[static_cast<size_t>(c)] = counter++;
      walk.push_back({c, 0});
    } else {
      last_[static_cast<size_t>(b)] = counter - 1;
      walk.pop_back();
    }
  }
}

bool DominatorTree::dominates(size_t a, size_t b) const {
  if (idom_[a] < 0 || idom_[b] < 0) return false;
  return pre_[a] <= pre_[b] && pre_[b] <= last_[a];
}

} // namespace viper::il
