// Left-deep chains of binary operators (`1+1+...+1`, `a & b & ...`) are as deep as they
// are long; both front ends walk them with a loop over the spine instead of recursing,
// so a 100,000-term expression cannot overflow the C++ stack.
#pragma once
#include <vector>

namespace viper::fe {

/// The binary nodes along a chain's left spine, outermost first, and its leftmost operand.
template <class Expr> struct LeftSpine {
  std::vector<const Expr *> ops;
  const Expr *leftmost = nullptr;
};

/// Expr is a syntax-tree node with `kind` (an enum with `Binary`) and `args[0]` its left
/// operand, as in both front ends' ast.hpp.
template <class Expr> LeftSpine<Expr> leftSpine(const Expr &e) {
  LeftSpine<Expr> s;
  const Expr *left = &e;
  while (left->kind == Expr::K::Binary) {
    s.ops.push_back(left);
    left = left->args[0].get();
  }
  s.leftmost = left;
  return s;
}

} // namespace viper::fe
