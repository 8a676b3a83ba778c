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
  // Lengauer-Tarjan (simple version, iterative path compression): O(E log N). The
  // iterative intersection scheme is quadratic when one block has thousands of
  // predecessors along a chain (a 20,000-case SELECT's exit).
  std::vector<int32_t> dfn(n, -1), vertex, parent(n, -1), semi(n, 0), label(n), ancestor(n, -1), idom(n, -1);
  {
    std::vector<std::pair<int32_t, size_t>> st{{0, 0}};
    dfn[0] = 0;
    vertex.push_back(0);
    while (!st.empty()) {
      auto &[b, k] = st.back();
      const auto &ss = succ[static_cast<size_t>(b)];
      if (k < ss.size()) {
        const int32_t c = ss[k++];
        if (dfn[static_cast<size_t>(c)] < 0) {
          dfn[static_cast<size_t>(c)] = static_cast<int32_t>(vertex.size());
          vertex.push_back(c);
          parent[static_cast<size_t>(c)] = b;
          st.push_back({c, 0});
        }
      } else {
        st.pop_back();
      }
    }
  }
  for (size_t v = 0; v < n; ++v) semi[v] = dfn[v], label[v] = static_cast<int32_t>(v);
  std::vector<int32_t> path;
  auto eval = [&](int32_t v) {
    if (ancestor[static_cast<size_t>(v)] < 0) return v;
    path.clear();
    for (int32_t x = v; ancestor[static_cast<size_t>(ancestor[static_cast<size_t>(x)])] >= 0; x = ancestor[static_cast<size_t>(x)])
      path.push_back(x);
    for (size_t i = path.size(); i-- > 0;) {
      const auto x = static_cast<size_t>(path[i]);
      const auto a = static_cast<size_t>(ancestor[x]);
      if (semi[static_cast<size_t>(label[a])] < semi[static_cast<size_t>(label[x])]) label[x] = label[a];
      ancestor[x] = ancestor[a];
    }
    return label[static_cast<size_t>(v)];
  };
  std::vector<std::vector<int32_t>> bucket(n);
  for (size_t i = vertex.size(); i-- > 1;) {
    const int32_t w = vertex[i];
    const auto wi = static_cast<size_t>(w);
    for (int32_t v : pred[wi]) {
      if (dfn[static_cast<size_t>(v)] < 0) continue;
      const int32_t u = eval(v);
      if (semi[static_cast<size_t>(u)] < semi[wi]) semi[wi] = semi[static_cast<size_t>(u)];
    }
    bucket[static_cast<size_t>(vertex[static_cast<size_t>(semi[wi])])].push_back(w);
    const int32_t pw = parent[wi];
    ancestor[wi] = pw;
    for (int32_t v : bucket[static_cast<size_t>(pw)]) {
      const int32_t u = eval(v);
      idom[static_cast<size_t>(v)] = semi[static_cast<size_t>(u)] < semi[static_cast<size_t>(v)] ? u : pw;
    }
    bucket[static_cast<size_t>(pw)].clear();
  }
  for (size_t i = 1; i < vertex.size(); ++i) {
    const auto w = static_cast<size_t>(vertex[i]);
    if (idom[w] != vertex[static_cast<size_t>(semi[w])]) idom[w] = idom[static_cast<size_t>(idom[w])];
  }
  idom[0] = 0;
  idom_ = std::move(idom);
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
