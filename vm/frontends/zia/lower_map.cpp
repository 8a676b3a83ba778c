// Zia Map[K, V] and Set[T] -> IL (spec/zia.md §7, §8). A map is the runtime's
// insertion-ordered hash map (runtime/lib_map.cpp, rt_map_*): an Integer key and an
// Integer, enum, Boolean (0/1) or Number value is stored as a word, anything else as a
// box the map owns; `for k, v in m` walks the map itself by entry
// position (lower_stmt.cpp), keys() and values() return lists of copies, all in insertion
// order. A set is still a list of distinct
// elements searched linearly (lower_list.cpp's element rows, unboxed as in any list). get returns V? (a fresh box),
// m[k] traps on a missing key.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

// Snapshots: new lists of copies of the keys / values, in insertion order.
il::Value Lowerer::mapKeys(il::Value m, const Type &kt) { return mapSnapshot(m, kt, false); }
il::Value Lowerer::mapValues(il::Value m, const Type &vt) { return mapSnapshot(m, vt, true); }

il::Value Lowerer::newMap() { return *b_.call(RtFn::mapNew, {}); }

namespace {
enum class Stored { Box, I64, F64 };
Stored storedAs(const Type &t, bool isKey) {
  if (isKey) return t.is(Type::K::Int) ? Stored::I64 : Stored::Box;
  switch (t.k) {
  case Type::K::Int: case Type::K::Enum: case Type::K::Bool: return Stored::I64;
  case Type::K::Num: return Stored::F64;
  default: return Stored::Box;
  }
}
} // namespace

il::Value Lowerer::mapElem(const Val &v, const Type &t, bool isKey, SourceLoc loc, bool take) {
  switch (storedAs(t, isKey)) {
  case Stored::I64: return t.is(Type::K::Bool) ? b_.emit(Opcode::Zext1, il::Type::I64, {v.v}) : v.v;
  case Stored::F64: return v.v;
  default: return boxHeld(v, t, loc, take);
  }
}

// The set row for the map's key and value kinds; the map takes a box (on an existing key
// it frees the new key box and the old value).
void Lowerer::mapPut(il::Value m, const Type &mt, il::Value key, il::Value val) {
  using F = RtFn;
  static constexpr F rows[2][3] = {{F::mapSet, F::mapSetPtrI64, F::mapSetPtrF64},
                                   {F::mapSetI64Ptr, F::mapSetI64I64, F::mapSetI64F64}};
  b_.call(rows[static_cast<int>(storedAs(*mt.elem, true))][static_cast<int>(storedAs(*mt.val, false))], {m, key, val});
}

// The value / key at entry position i (from rt_map_find or a walk); a box stays the map's.
Val Lowerer::mapValueAt(il::Value m, il::Value i, const Type &vt) {
  switch (storedAs(vt, false)) {
  case Stored::I64: {
    il::Value w = *b_.call(RtFn::mapValueAtI64, {m, i});
    return Val{vt.is(Type::K::Bool) ? b_.emit(Opcode::Trunc1, il::Type::I1, {w}) : w, vt, false};
  }
  case Stored::F64: return Val{*b_.call(RtFn::mapValueAtF64, {m, i}), vt, false};
  default: return unbox(*b_.call(RtFn::mapValueAt, {m, i}), vt);
  }
}
Val Lowerer::mapKeyAt(il::Value m, il::Value i, const Type &kt) {
  if (storedAs(kt, true) == Stored::I64) return Val{*b_.call(RtFn::mapKeyAtI64, {m, i}), kt, false};
  return unbox(*b_.call(RtFn::mapKeyAt, {m, i}), kt);
}

// The entry position of key `k` in map `m` (-1 if absent; good until the map changes);
// the probe box is freed. An Integer or String key needs no box.
il::Value Lowerer::mapFind(il::Value m, const Type &mt, const Expr &k, bool &ok) {
  const Type &kt = *mt.elem;
  Val kv = expr(k, &kt);
  ok = !kv.ty.isError();
  if (!ok) return IRBuilder::i64(-1);
  if (!assignable(kv.ty, kt)) {
    error(k.loc, "a key of " + name(mt) + " must be " + name(kt) + ", not " + name(kv.ty));
    use(kv);
    ok = false;
    return IRBuilder::i64(-1);
  }
  // Integer and String keys need no probe box.
  if (kt.is(Type::K::Int)) return *b_.call(RtFn::mapFindI64, {m, convert(kv, kt, k.loc, "use")});
  if (kt.is(Type::K::Str)) return *b_.call(RtFn::mapFindStr, {m, use(Val{convert(kv, kt, k.loc, "use"), kt, kv.owned})});
  il::Value kb = box(Val{convert(kv, kt, k.loc, "use"), kt, kv.owned}, kt, k.loc);
  il::Value i = *b_.call(RtFn::mapFind, {m, kb});
  b_.call(RtFn::boxRelease, {kb});
  return i;
}

il::Value Lowerer::copyList(il::Value l, const Type &et) {
  il::Value out = *b_.call(RtFn::listNew, {});
  uint32_t exit = b_.newBlock("copy_end");
  forEachElement(Val{l, Type::list(et), false}, et, exit, [&](il::Value, const Val &elem) {
    b_.call(listFn(ListOp::Push, et), {out, toElem(elem, et, b_.loc(), true)});
  });
  b_.setBlock(exit);
  return out;
}

Val Lowerer::mapMethod(const Val &mv, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall) {
  const Type &kt = *mv.ty.elem, &vt = *mv.ty.val;
  auto is = [&](std::initializer_list<const char *> names) {
    for (const char *n : names)
      if (m == n) return true;
    return false;
  };
  auto arity = [&](size_t n) {
    if (args.size() == n) return true;
    error(loc, "method " + m + " expects " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + ", got " + std::to_string(args.size()));
    return false;
  };
  b_.setLoc(loc);
  if (is({"count", "Count", "Length", "length", "size", "Size", "Len", "len"})) {
    if (isCall && !arity(0)) return bad();
    return Val{*b_.call(RtFn::mapCount, {mv.v}), kInt, false};
  }
  if (is({"isEmpty", "IsEmpty"})) {
    if (isCall && !arity(0)) return bad();
    il::Value n = *b_.call(RtFn::mapCount, {mv.v});
    return Val{b_.emit(Opcode::ICmpEq, il::Type::I1, {n, IRBuilder::i64(0)}), kBool, false};
  }
  if (!isCall) { error(loc, name(mv.ty) + " has no property '" + m + "'"); return bad(); }
  bool ok = true;
  if (is({"set", "Set", "put", "Put"})) {
    if (!arity(2)) return bad();
    Val k = expr(*args[0], &kt), v = expr(*args[1], &vt);
    if (k.ty.isError() || v.ty.isError()) return bad();
    if (!assignable(k.ty, kt)) { error(args[0]->loc, "a key of " + name(mv.ty) + " must be " + name(kt) + ", not " + name(k.ty)); return bad(); }
    if (!assignable(v.ty, vt)) { error(args[1]->loc, "a value of " + name(mv.ty) + " must be " + name(vt) + ", not " + name(v.ty)); return bad(); }
    il::Value kb = mapElem(carried(k, convert(k, kt, args[0]->loc, "use"), kt), kt, true, loc, true);
    il::Value vb = mapElem(carried(v, convert(v, vt, args[1]->loc, "assign"), vt), vt, false, loc, true);
    mapPut(mv.v, mv.ty, kb, vb);
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"has", "Has", "containsKey", "ContainsKey", "contains", "Contains"})) {
    if (!arity(1)) return bad();
    il::Value i = mapFind(mv.v, mv.ty, *args[0], ok);
    if (!ok) return bad();
    return Val{b_.emit(Opcode::SCmpGE, il::Type::I1, {i, IRBuilder::i64(0)}), kBool, false};
  }
  if (is({"remove", "Remove"})) {
    if (!arity(1)) return bad();
    il::Value i = mapFind(mv.v, mv.ty, *args[0], ok);
    if (!ok) return bad();
    il::Value found = b_.emit(Opcode::SCmpGE, il::Type::I1, {i, IRBuilder::i64(0)});
    uint32_t del = b_.newBlock("map_remove"), end = b_.newBlock("map_remove_end");
    b_.cbr(found, del, end);
    b_.setBlock(del);
    b_.call(RtFn::mapRemoveAt, {mv.v, i});
    b_.br(end);
    b_.setBlock(end);
    return Val{found, kBool, false};
  }
  if (is({"clear", "Clear"})) {
    if (!arity(0)) return bad();
    b_.call(RtFn::mapClear, {mv.v});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"keys", "Keys"})) {
    if (!arity(0)) return bad();
    return Val{retainElements(mapKeys(mv.v, kt), kt), Type::list(kt), false, true};
  }
  if (is({"values", "Values"})) {
    if (!arity(0)) return bad();
    return Val{retainElements(mapValues(mv.v, vt), vt), Type::list(vt), false, true};
  }
  if (is({"get", "Get", "getOr", "GetOr", "getOrDefault"})) {
    const bool withDefault = m != "get" && m != "Get";
    if (!arity(withDefault ? 2 : 1)) return bad();
    il::Value i = mapFind(mv.v, mv.ty, *args[0], ok);
    if (!ok) return bad();
    const Type rt = withDefault ? vt : (vt.is(Type::K::Opt) ? vt : Type::opt(vt));
    uint32_t hit = b_.newBlock("map_hit"), miss = b_.newBlock("map_miss");
    b_.cbr(b_.emit(Opcode::SCmpGE, il::Type::I1, {i, IRBuilder::i64(0)}), hit, miss);
    fe::StringTemps *outer = temps_;
    fe::StringTemps ht(b_), mt(b_);
    b_.setBlock(hit);
    temps_ = &ht;
    Val v = mapValueAt(mv.v, i, vt);
    il::Value hv = withDefault ? (rt.is(Type::K::Str) ? keep(v) : v.v) : (vt.is(Type::K::Opt) ? v.v : wrapOpt(v, rt, loc));
    ht.release();
    temps_ = outer;
    uint32_t hitEnd = b_.block();
    b_.setBlock(miss);
    il::Value mvv = il::Value::null();
    if (withDefault) {
      temps_ = &mt;
      Val d = expr(*args[1], &vt);
      if (d.ty.isError() || !assignable(d.ty, vt)) {
        if (!d.ty.isError()) error(args[1]->loc, "the default of " + m + " must be " + name(vt) + ", not " + name(d.ty));
        temps_ = outer;
        b_.emitVoid(Opcode::Trap, {});
        b_.setBlock(hitEnd);
        b_.emitVoid(Opcode::Trap, {});
        b_.setBlock(b_.newBlock("map_get_bad"));
        return bad();
      }
      mvv = convert(d, vt, args[1]->loc, "use");
      if (vt.is(Type::K::Str)) mvv = keep(Val{mvv, vt, d.owned});
      else use(d);
      mt.release();
      temps_ = outer;
    }
    uint32_t join = b_.newBlock("map_get_end", {ilType(rt)});
    b_.br(join, {mvv});
    b_.setBlock(hitEnd);
    b_.br(join, {hv});
    b_.setBlock(join);
    return Val{b_.blockParam(join, 0), rt, rt.is(Type::K::Str)};
  }
  error(loc, name(mv.ty) + " has no method '" + m + "'");
  return bad();
}

// m[k]: the value, or a trap when the key is missing.
Val Lowerer::mapIndex(const Val &mv, const Expr &key, SourceLoc loc) {
  bool ok = true;
  il::Value i = mapFind(mv.v, mv.ty, key, ok);
  if (!ok) return bad();
  b_.setLoc(loc);
  uint32_t missing = b_.newBlock("map_missing"), found = b_.newBlock("map_found");
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {i, IRBuilder::i64(0)}), missing, found);
  b_.setBlock(missing);
  b_.call(RtFn::diagTrap, {IRBuilder::str("Map: key not found")});
  b_.br(found);
  b_.setBlock(found);
  return mapValueAt(mv.v, i, *mv.ty.val);
}

Val Lowerer::setMethod(const Val &sv, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall) {
  const Type &et = *sv.ty.elem;
  auto is = [&](std::initializer_list<const char *> names) {
    for (const char *n : names)
      if (m == n) return true;
    return false;
  };
  b_.setLoc(loc);
  if (is({"count", "Count", "Length", "length", "size", "Size", "Len", "len"})) {
    if (isCall && !args.empty()) { error(loc, "method " + m + " expects 0 arguments, got " + std::to_string(args.size())); return bad(); }
    return Val{*b_.call(RtFn::listCount, {sv.v}), kInt, false};
  }
  if (!isCall) { error(loc, name(sv.ty) + " has no property '" + m + "'"); return bad(); }
  if (is({"clear", "Clear"}) && args.empty()) {
    b_.call(RtFn::listClear, {sv.v});
    return Val{IRBuilder::i64(0), kVoid, false};
  }
  if (is({"toList", "ToList", "values", "Values", "items", "Items"}) && args.empty())
    return Val{copyList(sv.v, et), Type::list(et), false, true};
  if (!is({"add", "Add", "put", "Put", "has", "Has", "contains", "Contains", "remove", "Remove"})) {
    error(loc, name(sv.ty) + " has no method '" + m + "'");
    return bad();
  }
  if (args.size() != 1) { error(loc, "method " + m + " expects 1 argument, got " + std::to_string(args.size())); return bad(); }
  Val v = expr(*args[0], &et);
  if (v.ty.isError()) return bad();
  if (!assignable(v.ty, et)) { error(args[0]->loc, "an element of " + name(sv.ty) + " must be " + name(et) + ", not " + name(v.ty)); use(v); return bad(); }
  // The element as the list rows take it (a word, a string the list holds if it keeps it,
  // or a reference, retained: a probe's retain is a leak, never an early free).
  il::Value eb = toElem(Val{convert(v, et, args[0]->loc, "use"), et, v.owned}, et, loc, true);
  if (is({"has", "Has", "contains", "Contains", "remove", "Remove"})) {
    il::Value r = *b_.call(listFn(m[0] == 'r' || m[0] == 'R' ? ListOp::Remove : ListOp::Has, et), {sv.v, eb});
    return Val{r, kBool, false};
  }
  // add: true when the element was new.
  il::Value had = *b_.call(listFn(ListOp::Has, et), {sv.v, eb});
  uint32_t push = b_.newBlock("set_add"), end = b_.newBlock("set_add_end");
  b_.cbr(had, end, push);
  b_.setBlock(push);
  b_.call(listFn(ListOp::Push, et), {sv.v, eb});
  b_.br(end);
  b_.setBlock(end);
  return Val{notBool(had), kBool, false};
}

// `{k: v, ...}` (a Map; `{}` takes its types from where it goes).
Val Lowerer::mapLiteral(const Expr &e, const Type *expected) {
  Type kt = errorType(), vt = errorType();
  if (expected && expected->is(Type::K::Map)) { kt = *expected->elem; vt = *expected->val; }
  std::vector<Val> vals;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const Type &want = i % 2 == 0 ? kt : vt;
    vals.push_back(expr(*e.args[i], want.isError() ? nullptr : &want));
  }
  for (const Val &v : vals)
    if (v.ty.isError()) return bad();
  if (kt.isError() && !vals.empty()) { kt = vals[0].ty; vt = vals[1].ty; }
  if (vals.empty() && kt.isError()) return Val{newMap(), Type::map(errorType(), errorType()), false};
  if (!kt.is(Type::K::Str) && !kt.is(Type::K::Int) && !kt.is(Type::K::Enum)) {
    error(e.loc, "a Map's keys must be String or Integer, not " + name(kt));
    return bad();
  }
  for (size_t i = 1; i < vals.size(); i += 2)
    if (vt.isNumeric() && vals[i].ty.isNumeric() && !sameType(vt, vals[i].ty) && !(expected && expected->is(Type::K::Map))) vt = Type::of(Type::K::Num);
  b_.setLoc(e.loc);
  const Type mt = Type::map(kt, vt);
  il::Value m = newMap();
  for (size_t i = 0; i + 1 < vals.size(); i += 2) {
    if (!assignable(vals[i].ty, kt) || !assignable(vals[i + 1].ty, vt)) {
      const bool keyBad = !assignable(vals[i].ty, kt);
      error(e.args[keyBad ? i : i + 1]->loc, std::string(keyBad ? "key" : "value") + " " + std::to_string(i / 2 + 1) + " is " +
                                                 name(vals[keyBad ? i : i + 1].ty) + ", expected " + name(keyBad ? kt : vt));
      return bad();
    }
    il::Value kb = mapElem(carried(vals[i], convert(vals[i], kt, e.args[i]->loc, "use"), kt), kt, true, e.loc, true);
    il::Value vb = mapElem(carried(vals[i + 1], convert(vals[i + 1], vt, e.args[i + 1]->loc, "use"), vt), vt, false, e.loc, true);
    mapPut(m, mt, kb, vb);
  }
  return Val{m, mt, false, true};
}

} // namespace viper::zia
