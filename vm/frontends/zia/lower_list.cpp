// Zia List[T] -> IL (spec/zia.md §7): list literals, list methods, and the element
// traffic every list use goes through (literals, methods, indexing, for-in, combinators,
// sets, variadics). Elements travel unboxed: an Integer, enum or Boolean (as 0/1) is an
// i64 word, a Number an f64, a String a str the list holds (runtime/lib_list.cpp's typed
// rows rt_list_*_i64/_f64/_str); everything else (classes, lists, maps, optionals,
// struct copies) is a ptr through the untyped rows, stored as a reference as before.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

namespace {
enum class Word { Ref, I64, F64, Str };
Word wordOf(const Type &et) {
  switch (et.k) {
  case Type::K::Int: case Type::K::Enum: case Type::K::Bool: return Word::I64;
  case Type::K::Num: return Word::F64;
  case Type::K::Str: return Word::Str;
  default: return Word::Ref;
  }
}
} // namespace

// The runtime row of `op` for a list of `et`.
rt::RtFn Lowerer::listFn(ListOp op, const Type &et) {
  using F = rt::RtFn;
  static constexpr F rows[4][7] = {
      {F::listPush, F::listGet, F::listSet, F::listInsert, F::listHas, F::listIndexOf, F::listRemove},
      {F::listPushI64, F::listGetI64, F::listSetI64, F::listInsertI64, F::listHasI64, F::listIndexOfI64, F::listRemoveI64},
      {F::listPushF64, F::listGetF64, F::listSetF64, F::listInsertF64, F::listHasF64, F::listIndexOfF64, F::listRemoveF64},
      {F::listPushStr, F::listGetStr, F::listSetStr, F::listInsertStr, F::listHasStr, F::listIndexOfStr, F::listRemoveStr}};
  return rows[static_cast<int>(wordOf(et))][static_cast<int>(op)];
}

// `v` (already of type `et`) as the element argument of listFn(op, et): a Boolean widens
// to an i64 0/1; a String is passed as is (the list takes a hold of its own, so an owned
// temporary is still released at the end of the statement); a struct is copied (an
// element is a value of its own) by box(). A `held` element (one the list keeps, not a
// search probe) of a counted type takes a reference: the value's own when `take` and it
// carries one, else a retain (lower_release.cpp's boxHeld).
il::Value Lowerer::toElem(const Val &v, const Type &et, SourceLoc loc, bool held, bool take) {
  switch (wordOf(et)) {
  case Word::I64: return et.is(Type::K::Bool) ? b_.emit(Opcode::Zext1, il::Type::I64, {v.v}) : v.v;
  case Word::F64: return v.v;
  case Word::Str: return use(v);
  default: return held ? boxHeld(v, et, loc, take) : box(v, et, loc);
  }
}

// Element i of list `l` (of `et`); a String is the caller's own reference.
Val Lowerer::listGet(il::Value l, il::Value i, const Type &et) {
  il::Value w = *b_.call(listFn(ListOp::Get, et), {l, i});
  switch (wordOf(et)) {
  case Word::I64: return Val{et.is(Type::K::Bool) ? b_.emit(Opcode::Trunc1, il::Type::I1, {w}) : w, et, false};
  case Word::F64: return Val{w, et, false};
  case Word::Str: return Val{w, et, true};
  default: return unbox(w, et);
  }
}

// Keys/values snapshots of a map as a List[T]: unboxed words for the word types.
il::Value Lowerer::mapSnapshot(il::Value m, const Type &et, bool values) {
  bool words = wordOf(et) != Word::Ref;
  return *b_.call(values ? (words ? RtFn::mapValuesWords : RtFn::mapValues) : (words ? RtFn::mapKeysWords : RtFn::mapKeys), {m});
}

Val Lowerer::listMethod(const Val &l, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall) {
  const Type et = *l.ty.elem;
  auto is = [&](std::initializer_list<const char *> names) {
    for (const char *n : names)
      if (m == n) return true;
    return false;
  };
  auto arity = [&](size_t n) {
    if (args.size() == n) return true;
    error(loc, "method " + m + " expects " + plural(n, "argument") + ", got " + std::to_string(args.size()));
    return false;
  };
  auto intArg = [&](size_t i, il::Value &out) {
    Val v = expr(*args[i]);
    if (v.ty.isError()) return false;
    if (!v.ty.is(Type::K::Int)) { error(args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + m + "' must be Integer, not " + name(v.ty)); return false; }
    out = v.v;
    return true;
  };
  // A stored element keeps a reference (`held`); a search probe borrows.
  auto elemArg = [&](size_t i, il::Value &out, const char *verb, bool held) {
    Val v = expr(*args[i], &et);
    if (v.ty.isError() || et.isError()) return false;
    if (!assignable(v.ty, et)) { error(args[i]->loc, std::string("cannot ") + verb + " " + name(v.ty) + " to " + name(l.ty)); use(v); return false; }
    il::Value c = convert(v, et, args[i]->loc, verb);
    out = held ? toElem(carried(v, c, et), et, args[i]->loc, true, true) : toElem(Val{c, et, v.owned}, et, args[i]->loc);
    return true;
  };
  if (isCall && isCombinator(m)) return combinator(l, m, args, loc);
  if (is({"count", "Count", "Length", "length", "size", "Size", "Len", "len"})) {
    if (isCall && !arity(0)) return bad();
    b_.setLoc(loc);
    return Val{*b_.call(RtFn::listCount, {l.v}), kInt, false};
  }
  if (is({"isEmpty", "IsEmpty"})) {
    if (isCall && !arity(0)) return bad();
    il::Value n = *b_.call(RtFn::listCount, {l.v});
    return Val{b_.emit(Opcode::ICmpEq, il::Type::I1, {n, IRBuilder::i64(0)}), kBool, false};
  }
  if (!isCall) {
    error(loc, "List has no property '" + m + "'");
    return bad();
  }
  il::Value a0, a1;
  if (is({"add", "Add", "push", "Push"})) {
    if (!arity(1) || !elemArg(0, a0, "add", true)) return bad();
    b_.setLoc(loc);
    b_.call(listFn(ListOp::Push, et), {l.v, a0});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"get", "Get"})) {
    if (!arity(1) || !intArg(0, a0)) return bad();
    b_.setLoc(loc);
    return listGet(l.v, a0, et);
  }
  if (is({"set", "Set", "insert", "Insert"})) {
    if (!arity(2) || !intArg(0, a0) || !elemArg(1, a1, "assign", true)) return bad();
    b_.setLoc(loc);
    b_.call(listFn(m[0] == 's' || m[0] == 'S' ? ListOp::Set : ListOp::Insert, et), {l.v, a0, a1});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"removeAt", "RemoveAt"})) {
    if (!arity(1) || !intArg(0, a0)) return bad();
    b_.setLoc(loc);
    b_.call(RtFn::listRemoveAt, {l.v, a0});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"sort", "Sort", "sortDesc", "SortDesc"})) {
    if (!arity(0)) return bad();
    if (!(et.isNumeric() || et.is(Type::K::Str) || et.is(Type::K::Bool))) {
      error(loc, "cannot sort " + name(l.ty) + ": its elements have no order");
      return bad();
    }
    b_.setLoc(loc);
    b_.call(m.size() > 4 ? RtFn::listSortDesc : RtFn::listSort, {l.v});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"sum", "Sum"})) {
    if (!arity(0)) return bad();
    if (!et.isNumeric()) {
      error(loc, "sum() needs a List[Integer] or List[Number], not " + name(l.ty));
      return bad();
    }
    b_.setLoc(loc);
    bool ints = et.is(Type::K::Int);
    return Val{*b_.call(ints ? RtFn::listSumI64 : RtFn::listSumF64, {l.v}), et, false};
  }
  if (is({"clear", "Clear"})) {
    if (!arity(0)) return bad();
    b_.setLoc(loc);
    b_.call(RtFn::listClear, {l.v});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  struct Search { std::initializer_list<const char *> names; ListOp op; il::Type ret; };
  const Search searches[] = {{{"has", "Has", "contains", "Contains"}, ListOp::Has, il::Type::I1},
                             {{"remove", "Remove"}, ListOp::Remove, il::Type::I1},
                             {{"indexOf", "IndexOf", "find", "Find"}, ListOp::IndexOf, il::Type::I64}};
  for (const Search &s : searches)
    for (const char *n : s.names)
      if (m == n) {
        if (!arity(1) || !elemArg(0, a0, "search for", false)) return bad();
        b_.setLoc(loc);
        il::Value r = *b_.call(listFn(s.op, et), {l.v, a0});  // the probe is no box: nothing to free
        return Val{r, s.ret == il::Type::I1 ? kBool : kInt, false};
      }
  error(loc, name(l.ty) + " has no method '" + m + "'");
  return bad();
}

Val Lowerer::listLiteral(const Expr &e, const Type *expected) {
  Type et = errorType();
  if (expected && expected->is(Type::K::List)) et = *expected->elem;
  std::vector<Val> vals;
  for (const auto &x : e.args) vals.push_back(expr(*x, et.isError() ? nullptr : &et));
  if (!expected || !expected->is(Type::K::List)) {
    for (const Val &v : vals) {
      if (v.ty.isError()) continue;
      if (et.isError()) et = v.ty;
      else if (et.isNumeric() && v.ty.isNumeric() && !sameType(et, v.ty)) et = kNum;
      else if (et.is(Type::K::Null) && v.ty.isRef()) et = v.ty;
      else if (et.is(Type::K::Class) && v.ty.is(Type::K::Class) && !commonClass(et, v.ty).isError()) et = commonClass(et, v.ty);
    }
  }
  for (const Val &v : vals)
    if (v.ty.isError()) return bad();
  if (et.is(Type::K::Void) || et.is(Type::K::Null)) {
    error(e.loc, "cannot make a list of " + name(et));
    return bad();
  }
  b_.setLoc(e.loc);
  il::Value h = *b_.call(RtFn::listNew, {});
  bool ok = true;
  for (size_t i = 0; i < vals.size(); ++i) {
    if (!assignable(vals[i].ty, et)) {
      error(e.args[i]->loc, "list element " + std::to_string(i + 1) + " is " + name(vals[i].ty) + ", expected " + name(et));
      ok = false;
      continue;
    }
    il::Value c = convert(vals[i], et, e.args[i]->loc, "use");
    b_.call(listFn(ListOp::Push, et), {h, toElem(carried(vals[i], c, et), et, e.loc, true, true)});
  }
  if (!ok) return bad();
  return Val{h, Type::list(et), false, true};  // the new list's own reference
}

} // namespace viper::zia
