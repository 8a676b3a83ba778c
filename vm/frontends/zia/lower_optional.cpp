// Zia optionals -> IL (spec/zia.md §3, §7): `T?` is T's own pointer when T is a reference
// type (a class or a list) and a box (Viper.Core.Box.*) otherwise; null is absent.
// `a ?? b`, `a!` (a DomainError trap on null), `a?.m` / `a?.m(...)` (null when a is null)
// test with rt_obj_is_null and branch. A condition `x != null` (or `x == null` with an
// early return) lets the branch use x as a T: a shadow of the same slot.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

il::Value Lowerer::wrapOpt(const Val &v, const Type &opt, SourceLoc loc) {
  const Type &inner = *opt.elem;
  il::Value c = convert(v, inner, loc, "assign");
  if (!opt.isBoxedOpt()) return c;
  return box(Val{c, inner, v.owned}, inner, loc);
}

Val Lowerer::unwrapValue(il::Value p, const Type &opt) {
  const Type &inner = *opt.elem;
  if (!opt.isBoxedOpt()) return Val{p, inner, false};
  return unbox(p, inner);
}

Val Lowerer::unwrapExpr(const Expr &e) {
  Val x = expr(*e.args[0]);
  if (x.ty.isError()) return bad();
  if (!x.ty.is(Type::K::Opt)) {
    if (x.ty.isRef() && !x.ty.is(Type::K::Null)) return x;  // a class value may be null too: `!` checks nothing here
    error(e.loc, "'!' unwraps an optional, not " + name(x.ty));
    use(x);
    return bad();
  }
  b_.setLoc(e.loc);
  uint32_t nullB = b_.newBlock("unwrap_null"), okB = b_.newBlock("unwrap_ok");
  b_.cbr(*b_.call(RtFn::objIsNull, {x.v}), nullB, okB);
  b_.setBlock(nullB);
  b_.call(RtFn::diagTrap, {IRBuilder::str("unwrapped a null " + name(x.ty))});
  b_.br(okB);
  b_.setBlock(okB);
  return unwrapValue(x.v, x.ty);
}

// `a ?? b`: a's value when it is not null, else b (which may itself be optional).
Val Lowerer::coalesce(const Expr &node, const Val &lhs) {
  if (lhs.ty.isError()) { Val r = expr(*node.args[1]); use(r); return bad(); }
  if (!lhs.ty.isRef() || lhs.ty.is(Type::K::Null)) {
    error(node.loc, "the left side of '?" "?' must be optional, not " + name(lhs.ty));
    return bad();
  }
  const Type inner = lhs.ty.is(Type::K::Opt) ? *lhs.ty.elem : lhs.ty;
  b_.setLoc(node.loc);
  uint32_t rhsB = b_.newBlock("coalesce_rhs"), lhsB = b_.newBlock("coalesce_lhs");
  b_.cbr(*b_.call(RtFn::objIsNull, {lhs.v}), rhsB, lhsB);
  fe::StringTemps *outer = temps_;
  fe::StringTemps rt(b_), lt(b_);
  b_.setBlock(rhsB);
  temps_ = &rt;
  Val r = expr(*node.args[1], &inner);
  temps_ = outer;
  uint32_t rEnd = b_.block();
  Type result = inner;
  if (r.ty.is(Type::K::Opt) && assignable(lhs.ty, r.ty)) result = r.ty;
  else if (!r.ty.isError() && !assignable(r.ty, inner)) {
    error(node.args[1]->loc, "the right side of '?" "?' must be " + name(inner) + ", not " + name(r.ty));
    result = errorType();
  }
  if (r.ty.isError()) result = errorType();
  const il::Type it = result.isError() ? il::Type::I64 : ilType(result);
  uint32_t join = b_.newBlock("coalesce_end", {it});
  // The right side, converted, as a reference of its own if a String.
  b_.setBlock(rEnd);
  temps_ = &rt;
  il::Value rv = IRBuilder::i64(0);
  if (!result.isError()) {
    rv = convert(r, result, node.args[1]->loc, "use");
    if (result.is(Type::K::Str)) rv = keep(Val{rv, result, r.owned});
    else use(r);
  }
  rt.release();
  temps_ = outer;
  b_.br(join, {rv});
  b_.setBlock(lhsB);
  il::Value lv = IRBuilder::i64(0);
  if (!result.isError()) {
    if (result.is(Type::K::Opt) || !lhs.ty.is(Type::K::Opt)) {
      lv = lhs.v;
    } else {
      temps_ = &lt;
      Val u = unwrapValue(lhs.v, lhs.ty);
      lv = result.is(Type::K::Str) ? keep(u) : u.v;
      lt.release();
      temps_ = outer;
    }
  }
  b_.br(join, {lv});
  b_.setBlock(join);
  if (result.isError()) return bad();
  return Val{b_.blockParam(join, 0), result, result.is(Type::K::Str)};
}

// `a?.m` / `a?.m(args)`: the member of a non-null `a`, as an optional (null otherwise).
Val Lowerer::optChain(const Expr &member, const std::vector<const Expr *> *args) {
  Val obj = expr(*member.args[0]);
  if (obj.ty.isError()) return bad();
  if (!obj.ty.isRef() || obj.ty.is(Type::K::Null)) {
    error(member.loc, "'?.' needs an optional or object value, not " + name(obj.ty));
    use(obj);
    return bad();
  }
  b_.setLoc(member.loc);
  uint32_t nullB = b_.newBlock("chain_null"), okB = b_.newBlock("chain_ok");
  b_.cbr(*b_.call(RtFn::objIsNull, {obj.v}), nullB, okB);
  b_.setBlock(okB);
  fe::StringTemps *outer = temps_;
  fe::StringTemps inner(b_);
  temps_ = &inner;
  Val in = obj.ty.is(Type::K::Opt) ? unwrapValue(obj.v, obj.ty) : Val{obj.v, obj.ty, false};
  if (in.owned) { use(in); in.owned = false; }  // an unboxed String lives until this branch ends
  Val r = args ? methodOn(in, member.name, *args, member.loc) : memberOn(in, member);
  Type result = r.ty.isError() || r.ty.is(Type::K::Void) || r.ty.is(Type::K::Opt) ? r.ty : Type::opt(r.ty);
  il::Value rv = IRBuilder::i64(0);
  if (!result.isError() && !result.is(Type::K::Void)) rv = r.ty.is(Type::K::Opt) ? r.v : wrapOpt(r, result, member.loc);
  else use(r);
  inner.release();
  temps_ = outer;
  std::vector<il::Type> params;
  if (!result.isError() && !result.is(Type::K::Void)) params.push_back(il::Type::Ptr);
  uint32_t join = b_.newBlock("chain_end", params);
  if (params.empty()) b_.br(join);
  else b_.br(join, {rv});
  b_.setBlock(nullB);
  if (params.empty()) b_.br(join);
  else b_.br(join, {il::Value::null()});
  b_.setBlock(join);
  if (result.isError()) return bad();
  if (result.is(Type::K::Void)) return Val{IRBuilder::i64(0), result, false};
  return Val{b_.blockParam(join, 0), result, false};
}

std::vector<std::string> Lowerer::nonNullNames(const Expr &c, bool whenTrue) {
  std::vector<std::string> out;
  if (c.kind != Expr::K::Binary) return out;
  if (c.op == (whenTrue ? "&&" : "||")) {
    // `a != null && b != null`: both hold in the then-branch (`a == null || ...` in the else).
    std::vector<const Expr *> todo = {&c};
    while (!todo.empty()) {
      const Expr *x = todo.back();
      todo.pop_back();
      if (x->kind == Expr::K::Binary && x->op == c.op) {
        todo.push_back(x->args[0].get());
        todo.push_back(x->args[1].get());
        continue;
      }
      for (auto &n : nonNullNames(*x, whenTrue)) out.push_back(n);
    }
    return out;
  }
  if (c.op != (whenTrue ? "!=" : "==")) return out;
  const Expr *a = c.args[0].get(), *b = c.args[1].get();
  if (a->kind == Expr::K::Null) std::swap(a, b);
  if (a->kind == Expr::K::Name && b->kind == Expr::K::Null) out.push_back(a->name);
  return out;
}

void Lowerer::narrow(const std::vector<std::string> &names) {
  for (const std::string &n : names) {
    Local *l = findLocal(n);
    if (!l || !l->ty.is(Type::K::Opt) || l->ty.isBoxedOpt()) continue;  // a box would need unboxing
    Local shadow = *l;
    shadow.declared = l->declared ? *l->declared : l->ty;
    shadow.ty = *l->ty.elem;
    scopes_.back().emplace_back(n, shadow);
  }
}

} // namespace viper::zia
