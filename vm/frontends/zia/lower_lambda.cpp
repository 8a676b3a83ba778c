// List combinators over lambdas (upstream's map/filter/reduce/any/all): a lambda passed
// straight to one is inlined as the body of a loop over the list, so it needs no closure
// object. It runs before the call returns and its body is an expression (it cannot
// assign), so reading the enclosing variables in place is the same as capturing their
// values. A block-bodied lambda is a closure (lower_closure.cpp) called for each element.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

bool Lowerer::isCombinator(const std::string &m) const {
  return m == "map" || m == "filter" || m == "reduce" || m == "any" || m == "all";
}

// A parameter written with a type must have the type the combinator passes.
bool Lowerer::paramMatches(const Expr &lam, size_t i, const Type &t) {
  if (lam.paramTypes[i].name.empty()) return true;
  Type declared = resolve(lam.paramTypes[i]);
  if (declared.isError()) return false;
  if (!sameType(declared, t)) {
    error(lam.paramTypes[i].loc, "lambda parameter '" + lam.pieces[i] + "' is " + name(t) + " here, not " + name(declared));
    return false;
  }
  return true;
}

bool Lowerer::bindParam(const Expr &lam, size_t i, const Type &t, const Val &v) {
  const std::string &n = lam.pieces[i];
  if (!paramMatches(lam, i, t)) return false;
  Local &l = declareLocal(n, t, true, lam.loc);
  storeTo(l.slot, t, v);
  return true;
}

void Lowerer::forEachElement(const Val &l, const Type &et, uint32_t exit,
                             const std::function<void(il::Value, const Val &)> &body) {
  il::Value listSlot = newSlot(l.ty), cursor = newSlot(kInt);
  forget(listSlot);  // borrows the list the combinator was called on
  b_.store(il::Type::Ptr, listSlot, l.v);
  b_.store(il::Type::I64, cursor, IRBuilder::i64(0));
  uint32_t condB = b_.newBlock("each_cond"), bodyB = b_.newBlock("each_body");
  SourceLoc loc = b_.loc();
  b_.br(condB);
  b_.setBlock(condB);
  il::Value i = b_.load(il::Type::I64, cursor);
  il::Value n = *b_.call(RtFn::listCount, {b_.load(il::Type::Ptr, listSlot)});
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {i, n}), bodyB, exit);
  b_.setBlock(bodyB);
  fe::StringTemps inner(b_);
  fe::StringTemps *outer = temps_;
  temps_ = &inner;
  pushScope();
  il::Value cur = b_.load(il::Type::I64, cursor);
  Val elem = listGet(b_.load(il::Type::Ptr, listSlot), cur, et);
  // A String element (our own reference) is released once, with this element's other temporaries; the body
  // may use it several times.
  if (elem.owned) {
    use(elem);
    elem.owned = false;
  }
  body(cur, elem);
  popScope();
  if (!b_.terminated()) {
    inner.release();
    b_.setLoc(loc);
    il::Value iv = b_.load(il::Type::I64, cursor);
    b_.store(il::Type::I64, cursor, b_.emit(Opcode::IAddOvf, il::Type::I64, {iv, IRBuilder::i64(1)}));
    b_.br(condB);
  }
  inner.clear();
  temps_ = outer;
}

void Lowerer::forEachIndex(il::Value count, const std::string &tag, const std::function<void(il::Value)> &body) {
  uint32_t head = b_.newBlock(tag + "_head", {il::Type::I64}), elem = b_.newBlock(tag + "_elem"),
           fin = b_.newBlock(tag + "_end");
  b_.br(head, {IRBuilder::i64(0)});
  b_.setBlock(head);
  il::Value i = b_.blockParam(head, 0);
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {i, count}), elem, fin);
  b_.setBlock(elem);
  body(i);
  b_.br(head, {b_.emit(Opcode::IAddOvf, il::Type::I64, {i, IRBuilder::i64(1)})});
  b_.setBlock(fin);
}

Val Lowerer::combinator(const Val &l, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc) {
  const Type et = *l.ty.elem;
  const size_t want = m == "reduce" ? 2 : 1;
  const size_t lamParams = m == "reduce" ? 2 : 1;
  if (args.size() != want) {
    error(loc, "method " + m + " expects " + std::to_string(want) + " argument" + (want == 1 ? "" : "s") + ", got " +
                   std::to_string(args.size()));
    return bad();
  }
  const Expr &lam = *args.back();
  if (lam.kind != Expr::K::Lambda) {
    error(lam.loc, m + " expects a lambda such as (x) => x * 2");
    return bad();
  }
  if (lam.pieces.size() != lamParams) {
    error(lam.loc, "the lambda passed to " + m + " takes " + std::to_string(lamParams) + " parameter" +
                       (lamParams == 1 ? "" : "s") + ", got " + std::to_string(lam.pieces.size()));
    return bad();
  }
  if (et.isError()) return bad();
  b_.setLoc(loc);
  // A block-bodied lambda's returns need a function to leave: it becomes a closure, made
  // once here and called for each element; an expression body is inlined.
  std::optional<Val> clo;
  auto makeClosure = [&](std::vector<Type> ps, const Type &r) {
    if (!lam.blockBody) return true;
    for (size_t i = 0; i < ps.size(); ++i)
      if (!paramMatches(lam, i, ps[i])) return false;
    Type hint = Type::func(std::move(ps), r);
    Val c = lambdaValue(lam, &hint);
    if (c.ty.isError()) return false;
    clo = c;
    return true;
  };
  auto apply = [&](const std::vector<Val> &in, const std::vector<Type> &ts, const Type *want) {
    if (clo) {
      std::vector<il::Value> vs;
      for (const Val &v : in) vs.push_back(v.v);
      return indirectCall(*clo, vs, loc);
    }
    for (size_t i = 0; i < in.size(); ++i)
      if (!bindParam(lam, i, ts[i], in[i])) return bad();
    return expr(*lam.args[0], want);
  };
  const SourceLoc bodyLoc = lam.blockBody ? lam.loc : lam.args[0]->loc;
  if (m != "reduce" && !makeClosure({et}, m == "map" ? Type::of(Type::K::Error) : kBool)) return bad();
  uint32_t exit = b_.newBlock(m + "_end");
  bool ok = true;

  if (m == "map" || m == "filter") {
    il::Value out = *b_.call(RtFn::listNew, {});
    std::optional<Type> resultElem;
    if (m == "filter") resultElem = et;
    forEachElement(l, et, exit, [&](il::Value, const Val &elem) {
      Val v = apply({elem}, {et}, nullptr);
      if (v.ty.isError()) { ok = false; return; }
      if (m == "map") {
        if (v.ty.is(Type::K::Void) || v.ty.is(Type::K::Null)) {
          error(bodyLoc, "the lambda passed to map must give a value, not " + name(v.ty));
          ok = false;
          return;
        }
        resultElem = v.ty;
        b_.call(listFn(ListOp::Push, v.ty), {out, toElem(v, v.ty, loc, true, true)});
        return;
      }
      if (!v.ty.is(Type::K::Bool)) {
        error(bodyLoc, "the lambda passed to filter must give a Boolean, not " + name(v.ty));
        ok = false;
        return;
      }
      uint32_t keepB = b_.newBlock("filter_keep"), nextB = b_.newBlock("filter_next");
      b_.cbr(v.v, keepB, nextB);
      b_.setBlock(keepB);
      // The kept element is the new list's own (a hold on a String, a copy of a struct, a
      // retain of a reference).
      b_.call(listFn(ListOp::Push, et), {out, toElem(elem, et, loc, true)});
      b_.br(nextB);
      b_.setBlock(nextB);
    });
    b_.setBlock(exit);
    if (!ok || !resultElem) return bad();
    return Val{out, Type::list(*resultElem), false, true};  // a new list
  }

  if (m == "any" || m == "all") {
    // any: true at the first match; all: false at the first miss (both stop there).
    const bool isAny = m == "any";
    il::Value result = newSlot(kBool);
    b_.store(il::Type::I1, result, IRBuilder::boolean(!isAny));
    forEachElement(l, et, exit, [&](il::Value, const Val &elem) {
      Val v = apply({elem}, {et}, nullptr);
      if (v.ty.isError()) { ok = false; return; }
      if (!v.ty.is(Type::K::Bool)) {
        error(bodyLoc, "the lambda passed to " + m + " must give a Boolean, not " + name(v.ty));
        ok = false;
        return;
      }
      uint32_t decided = b_.newBlock(m + "_decided"), nextB = b_.newBlock(m + "_next");
      temps_->release();
      if (isAny) b_.cbr(v.v, decided, nextB);
      else b_.cbr(v.v, nextB, decided);
      b_.setBlock(decided);
      b_.store(il::Type::I1, result, IRBuilder::boolean(isAny));
      b_.br(exit);
      b_.setBlock(nextB);
    });
    b_.setBlock(exit);
    if (!ok) return bad();
    return Val{b_.load(il::Type::I1, result), kBool, false};
  }

  // reduce(init, (acc, x) => ...): the accumulator has the initial value's type.
  Val init = expr(*args[0]);
  if (init.ty.isError()) return bad();
  if (init.ty.is(Type::K::Void) || init.ty.is(Type::K::Null)) {
    error(args[0]->loc, "reduce needs an initial value, not " + name(init.ty));
    return bad();
  }
  Type at = init.ty;
  if (!makeClosure({at, et}, at)) return bad();
  il::Value acc = newSlot(at);
  storeTo(acc, at, init);
  forEachElement(l, et, exit, [&](il::Value, const Val &elem) {
    Val accV{b_.load(ilType(at), acc), at, false};
    Val v = apply({accV, elem}, {at, et}, &at);
    if (v.ty.isError()) { ok = false; return; }
    if (!assignable(v.ty, at)) {
      error(bodyLoc, "the lambda passed to reduce must give " + name(at) + " (the initial value's type), not " + name(v.ty));
      ok = false;
      return;
    }
    storeTo(acc, at, Val{convert(v, at, bodyLoc, "use"), at, v.owned});
  });
  b_.setBlock(exit);
  if (!ok) return bad();
  return Val{b_.load(ilType(at), acc), at, false};
}

} // namespace viper::zia
