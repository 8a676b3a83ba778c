// Control-flow facts over a function's blocks: successors, reachability, dominators.
#pragma once
#include "il/module.hpp"
#include <vector>

namespace viper::il {

/// Successor block indices of a block's terminator (eh.push handlers are not successors).
std::vector<int32_t> successors(const Block &b);

class DominatorTree {
public:
  explicit DominatorTree(const Function &fn);
  bool reachable(size_t block) const { return idom_[block] >= 0; }
  /// True if block a dominates block b (both reachable). O(1): dominator-tree
  /// preorder intervals, so a use far below its definition costs no walk up the tree.
  bool dominates(size_t a, size_t b) const;
  /// The immediate dominator (the entry is its own), -1 if unreachable.
  int32_t idom(size_t block) const { return idom_[block]; }
  const std::vector<int32_t> &reversePostorder() const { return rpo_; }

private:
  std::vector<int32_t> idom_;   ///< -1 for unreachable blocks; entry is its own idom
  std::vector<int32_t> rpoIndex_;
  std::vector<int32_t> rpo_;
  std::vector<int32_t> pre_, last_;  ///< dominator-tree preorder number, and the largest in its subtree
};

} // namespace viper::il
