// Viper.Collections.List and Viper.Collections.Map used from BASIC (viperlib
// collections/sequential.md, maps-sets.md): `DIM l AS Viper.Collections.List`,
// `l = NEW Viper.Collections.List()`, `l.Push(x)`, `l.Get(i)`, `m.Set("k", x)`, ...
//
// Elements are the runtime's boxes: a value passed as an element is boxed by its BASIC
// type (INTEGER, DOUBLE, BOOLEAN, STRING); a CLASS object or a runtime object goes in as
// a reference (the collection does not own it; DELETE still frees it). What comes out
// (Get, First, Last, GetOr) is an element: a `Viper.Core.Box` value that converts to a
// number, BOOLEAN or STRING where one is needed (`n = l.Get(0)`, `Viper.Core.Box.ToI64`
// explicitly) and traps InvalidCast at that line when the element holds another
// kind; a CLASS object comes back through `AS C` (NOTHING if it is not a C).
//
// Our runtime's map takes boxed keys (Zia's Map[K, V]); upstream's BASIC map has STRING
// keys, so each key is boxed here and the lookup's box released after the call. Getters
// of a missing key give NOTHING (Get), 0 / 0.0 / FALSE / "" (GetInt, GetFloat, GetBool,
// GetStr) or the default (Get...Or), as upstream documents.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

namespace {
const std::string kList = "VIPER.COLLECTIONS.LIST", kMap = "VIPER.COLLECTIONS.MAP";
bool isFreshBoxFn(const rt::RuntimeFunction *f) {
  return f == &rt::runtimeFunction(RtFn::boxI64) || f == &rt::runtimeFunction(RtFn::boxF64) ||
         f == &rt::runtimeFunction(RtFn::boxI1) || f == &rt::runtimeFunction(RtFn::boxStr);
}
} // namespace

const std::string Lowerer::kElementCls = "VIPER.CORE.BOX";

// An element value for the runtime: a fresh box of a scalar, or an object reference.
// `consumed`: the collection keeps it (Push, Set, ...); otherwise (Has, Find, Remove)
// `release` says the caller must drop the box it made after the call.
std::optional<il::Value> Lowerer::elementArg(const Expr &e, bool consumed, bool &release) {
  release = false;
  Val a = expr(e);
  if (!a.ok) return std::nullopt;
  b_.setLoc(e.loc);
  switch (a.ty) {
  case Ty::Int: release = !consumed; return b_.callValue(RtFn::boxI64, {a.v});
  case Ty::Float: release = !consumed; return b_.callValue(RtFn::boxF64, {a.v});
  case Ty::Bool: release = !consumed; return b_.callValue(RtFn::boxI1, {a.v});
  case Ty::Str: release = !consumed; return b_.callValue(RtFn::boxStr, {use(a)});
  case Ty::Obj:
    if (a.cls == kElementCls) {
      // A box the program made (Viper.Core.Box.I64(5)) is new; an element read from a
      // collection belongs to it, and two collections must not own one box.
      const rt::RuntimeFunction *f = e.kind == Expr::K::Apply ? findRuntime(e.text) : nullptr;
      if (isFreshBoxFn(f)) { release = !consumed; return a.v; }
      if (consumed) { error(e.loc, "an element of a collection cannot be stored again: assign it to a typed variable first"); return std::nullopt; }
    }
    return a.v;
  default: error(e.loc, "this value cannot be a collection element"); return std::nullopt;
  }
}

Val Lowerer::unboxElement(const Val &v, Ty to, SourceLoc loc) {
  b_.setLoc(loc);
  Val r;
  r.ty = to;
  switch (to) {
  case Ty::Int: r.v = b_.callValue(RtFn::boxToI64, {v.v}); break;
  case Ty::Float: r.v = b_.callValue(RtFn::boxToF64, {v.v}); break;
  case Ty::Bool: r.v = b_.callValue(RtFn::boxToI1, {v.v}); break;
  default: r.v = b_.callValue(RtFn::boxToStr, {v.v}); r.owned = true; break;
  }
  return r;
}

bool Lowerer::collectionMemberType(const std::string &cls, const std::string &name, Ty &ty, std::string &outCls) {
  outCls.clear();
  if (cls == kList) {
    if (name == "GET" || name == "GET_ITEM" || name == "FIRST" || name == "LAST") { ty = Ty::Obj; outCls = kElementCls; return true; }
    if (name == "POP") { ty = Ty::Obj; outCls = kElementCls; return true; }
    if (name == "CLONE" || name == "SLICE") { ty = Ty::Obj; outCls = kList; return true; }
    if (name == "REVERSE") { ty = Ty::Void; return true; }
    if (name == "ISEMPTY") { ty = Ty::Bool; return true; }
    if (name == "LEN") { ty = Ty::Int; return true; }
    return false;
  }
  if (cls != kMap) return false;
  static const std::map<std::string, Ty> kTypes = {
      {"COUNT", Ty::Int},      {"LEN", Ty::Int},         {"ISEMPTY", Ty::Bool},     {"HAS", Ty::Bool},       {"REMOVE", Ty::Bool},
      {"SETIFMISSING", Ty::Bool}, {"GETINT", Ty::Int},   {"GETINTOR", Ty::Int},     {"GETFLOAT", Ty::Float}, {"GETFLOATOR", Ty::Float},
      {"GETBOOL", Ty::Bool},   {"GETBOOLOR", Ty::Bool},  {"GETSTR", Ty::Str},       {"GETSTROR", Ty::Str},   {"SET", Ty::Void},
      {"SETINT", Ty::Void},    {"SETFLOAT", Ty::Void},   {"SETBOOL", Ty::Void},     {"SETSTR", Ty::Void},    {"CLEAR", Ty::Void}};
  if (name == "GET" || name == "GETOR") { ty = Ty::Obj; outCls = kElementCls; return true; }
  if (name == "KEYS" || name == "VALUES") { ty = Ty::Obj; outCls = kList; return true; }
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return false;
  ty = it->second;
  return true;
}

bool Lowerer::collectionMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out) {
  if (obj.cls == kList) return listMethod(obj, name, args, loc, statement, out);
  if (obj.cls == kMap) return mapMethod(obj, name, args, loc, statement, out);
  return false;
}

namespace {
Val value(il::Value v, Ty ty, std::string cls = "", bool owned = false) {
  Val r;
  r.v = v;
  r.ty = ty;
  r.cls = std::move(cls);
  r.owned = owned;
  return r;
}
} // namespace

bool Lowerer::arity(const std::string &what, const std::vector<ExprP> &args, size_t n, SourceLoc loc) {
  if (args.size() == n) return true;
  error(loc, "wrong number of arguments to " + what + ": expected " + std::to_string(n) + ", got " + std::to_string(args.size()));
  return false;
}

bool Lowerer::listMethod(const Val &l, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out) {
  const std::string what = "Viper.Collections.List." + name;
  // Element arguments: which one (after the receiver) and whether the list keeps it.
  struct ElemFn { RtFn fn; size_t elem; bool consumed; };
  static const std::map<std::string, ElemFn> kElem = {
      {"PUSH", {RtFn::listPush, 0, true}},     {"ADD", {RtFn::listPush, 0, true}},         {"SET", {RtFn::listSet, 1, true}},
      {"SET_ITEM", {RtFn::listSet, 1, true}},  {"INSERT", {RtFn::listInsert, 1, true}},    {"HAS", {RtFn::listHas, 0, false}},
      {"CONTAINS", {RtFn::listHas, 0, false}}, {"FIND", {RtFn::listIndexOf, 0, false}},   {"INDEXOF", {RtFn::listIndexOf, 0, false}},
      {"REMOVE", {RtFn::listRemove, 0, false}}};
  if (auto it = kElem.find(name); it != kElem.end()) {
    const ElemFn &ef = it->second;
    const il::Signature &sig = rt::runtimeFunction(ef.fn).signature;
    if (!arity(what, args, sig.params.size() - 1, loc)) { out = bad(); return true; }
    std::vector<il::Value> ops{l.v};
    bool release = false;
    for (size_t i = 0; i < args.size(); ++i) {
      if (i == ef.elem) {
        std::optional<il::Value> e = elementArg(*args[i], ef.consumed, release);
        if (!e) { out = bad(); return true; }
        ops.push_back(*e);
      } else {
        ops.push_back(toInt(expr(*args[i]), args[i]->loc));
      }
    }
    if (sig.ret == il::Type::Void && !statement) { error(loc, what + " has no value"); out = bad(); return true; }
    b_.setLoc(loc);
    std::optional<il::Value> r = b_.call(ef.fn, ops);
    if (release) rtVoid(RtFn::boxRelease, {ops[1 + ef.elem]});
    out = sig.ret == il::Type::Void ? value(IRBuilder::i64(0), Ty::Void) : value(*r, sig.ret == il::Type::I1 ? Ty::Bool : Ty::Int);
    return true;
  }
  if (name == "LEN" || name == "ISEMPTY") {
    if (!arity(what, args, 0, loc)) { out = bad(); return true; }
    b_.setLoc(loc);
    il::Value n = b_.callValue(RtFn::listCount, {l.v});
    out = name == "LEN" ? value(n, Ty::Int) : value(b_.emit(Opcode::ICmpEq, il::Type::I1, {n, IRBuilder::i64(0)}), Ty::Bool);
    return true;
  }
  if (name == "FIRST" || name == "LAST") {
    // NOTHING when the list is empty (upstream), else element 0 / Count - 1.
    if (!arity(what, args, 0, loc)) { out = bad(); return true; }
    b_.setLoc(loc);
    il::Value n = b_.callValue(RtFn::listCount, {l.v});
    uint32_t some = b_.newBlock("list_elem"), join = b_.newBlock("list_elem_end", {il::Type::Ptr});
    // no flush: the statement's temporaries dominate the join
    b_.cbr(b_.emit(Opcode::ICmpEq, il::Type::I1, {n, IRBuilder::i64(0)}), join, some, {il::Value::null()}, {});
    b_.setBlock(some);
    il::Value i = name == "FIRST" ? IRBuilder::i64(0) : b_.emit(Opcode::ISubOvf, il::Type::I64, {n, IRBuilder::i64(1)});
    b_.br(join, {b_.callValue(RtFn::listGet, {l.v, i})});
    b_.setBlock(join);
    out = value(b_.blockParam(join, 0), Ty::Obj, kElementCls);
    return true;
  }
  if (name == "GET" || name == "GET_ITEM") {
    if (!arity(what, args, 1, loc)) { out = bad(); return true; }
    il::Value i = toInt(expr(*args[0]), args[0]->loc);
    b_.setLoc(loc);
    out = value(b_.callValue(RtFn::listGet, {l.v, i}), Ty::Obj, kElementCls);
    return true;
  }
  if (name == "POP" || name == "REVERSE" || name == "CLONE" || name == "SLICE") return listReshape(l, name, args, loc, statement, out);
  return false;  // Count, Clear, RemoveAt, Sort, SortDesc: the runtime functions as they are
}

// Pop, Reverse, Clone and Slice (documented for List in viperlib sequential.md) built from
// Count/Get/Set/Push/RemoveAt. A box is reference-counted: an element that ends up in two
// places (a clone, a swap's moment in between) is retained first, so each list gives back
// its own reference. CLASS objects are not counted (DELETE frees them), so their retain is
// harmless.
bool Lowerer::listReshape(const Val &l, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out) {
  const std::string what = "Viper.Collections.List." + name;
  out = bad();
  if (!arity(what, args, name == "SLICE" ? 2 : 0, loc)) return true;
  if (name == "REVERSE" && !statement) { error(loc, what + " has no value"); return true; }
  il::Value from = IRBuilder::i64(0), to;
  if (name == "SLICE") {
    from = toInt(expr(*args[0]), args[0]->loc);
    to = toInt(expr(*args[1]), args[1]->loc);
  }
  b_.setLoc(loc);
  il::Value n = b_.callValue(RtFn::listCount, {l.v});
  if (name == "POP") {
    // The last element, handed to this statement (released at its end); an empty list
    // traps in Get (index -1), as upstream's Pop traps.
    il::Value last = b_.emit(Opcode::ISubOvf, il::Type::I64, {n, IRBuilder::i64(1)});
    il::Value e = b_.callValue(RtFn::listGet, {l.v, last});
    rtVoid(RtFn::objRetain, {e});
    rtVoid(RtFn::listRemoveAt, {l.v, last});
    boxTemps_.push_back(e);
    out = value(e, Ty::Obj, kElementCls, true);
    return true;
  }
  if (name == "REVERSE") {
    uint32_t head = b_.newBlock("list_rev", {il::Type::I64, il::Type::I64}), swap = b_.newBlock("list_rev_swap"), done = b_.newBlock("list_rev_end");
    b_.br(head, {IRBuilder::i64(0), b_.emit(Opcode::ISubOvf, il::Type::I64, {n, IRBuilder::i64(1)})});
    b_.setBlock(head);
    il::Value i = b_.blockParam(head, 0), j = b_.blockParam(head, 1);
    b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {i, j}), swap, done);
    b_.setBlock(swap);
    il::Value a = b_.callValue(RtFn::listGet, {l.v, i}), c = b_.callValue(RtFn::listGet, {l.v, j});
    rtVoid(RtFn::objRetain, {a});
    rtVoid(RtFn::objRetain, {c});
    rtVoid(RtFn::listSet, {l.v, i, c});
    rtVoid(RtFn::listSet, {l.v, j, a});
    b_.br(head, {b_.emit(Opcode::IAddOvf, il::Type::I64, {i, IRBuilder::i64(1)}), b_.emit(Opcode::ISubOvf, il::Type::I64, {j, IRBuilder::i64(1)})});
    b_.setBlock(done);
    out = value(IRBuilder::i64(0), Ty::Void);
    return true;
  }
  // Clone: elements 0..Count-1; Slice(start, end): start..end-1 (an index outside the
  // list traps in Get; start >= end gives an empty list).
  if (name == "CLONE") to = n;
  il::Value copy = b_.callValue(RtFn::listNew, {});
  uint32_t head = b_.newBlock("list_copy", {il::Type::I64}), step = b_.newBlock("list_copy_elem"), done = b_.newBlock("list_copy_end");
  b_.br(head, {from});
  b_.setBlock(head);
  il::Value k = b_.blockParam(head, 0);
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {k, to}), step, done);
  b_.setBlock(step);
  il::Value e = b_.callValue(RtFn::listGet, {l.v, k});
  rtVoid(RtFn::objRetain, {e});
  rtVoid(RtFn::listPush, {copy, e});
  b_.br(head, {b_.emit(Opcode::IAddOvf, il::Type::I64, {k, IRBuilder::i64(1)})});
  b_.setBlock(done);
  out = value(copy, Ty::Obj, kList);
  return true;
}

// FOR EACH x IN l (l a Viper.Collections.List variable): x takes element 0, 1, ... in
// turn, converted to x's type as `x = l.Get(i)` would (InvalidCast at the FOR line when an
// element holds another kind). The count is read before each iteration, so a body that
// removes elements ends the loop early instead of reading past the end.
void Lowerer::listEach(const Stmt &s, Var &v, Var &idx, const Var &l) {
  if (l.cls != kList) { error(s.from->loc, "FOR EACH needs an array or a Viper.Collections.List after IN"); return; }
  if (v.isArray || v.ty == Ty::Obj) {
    error(s.loc, "the FOR EACH variable " + s.var + " over a list must be INTEGER, DOUBLE, BOOLEAN or STRING");
    return;
  }
  b_.store(il::Type::I64, idx.slot, IRBuilder::i64(0));
  uint32_t head = b_.newBlock("each_head"), loopBody = b_.newBlock("each_body"), next = b_.newBlock("each_next"), done = b_.newBlock("each_end");
  b_.br(head);
  b_.setBlock(head);
  il::Value list = b_.load(il::Type::Ptr, l.slot);
  il::Value n = b_.callValue(RtFn::listCount, {list});
  il::Value i = b_.load(il::Type::I64, idx.slot);
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {i, n}), loopBody, done);
  b_.setBlock(loopBody);
  Val x = unboxElement(value(b_.callValue(RtFn::listGet, {list, i}), Ty::Obj, kElementCls), v.ty, s.loc);
  b_.store(ilType(v.ty), v.slot, x.v);
  use(x);
  flush();
  forLoopBody(s, done, next);
  il::Value now = b_.load(il::Type::I64, idx.slot);
  b_.store(il::Type::I64, idx.slot, b_.emit(Opcode::IAddOvf, il::Type::I64, {now, IRBuilder::i64(1)}));
  b_.br(head);
  b_.setBlock(done);
}

// PRINT of an element (`PRINT l.Get(0)`, as the reference's List example does): printed
// as the value its box holds, as PRINT prints that type (a BOOLEAN as -1/0). The kind is
// the box's class id (lib_list.cpp's box tags); anything that is not an INTEGER, DOUBLE or
// BOOLEAN box goes to Box.ToStr, which traps InvalidCast at this line for an object, and
// NOTHING (First of an empty list) traps in the class-id read.
void Lowerer::printElement(const Val &e, SourceLoc loc) {
  b_.setLoc(loc);
  il::Value id = b_.callValue(RtFn::objClassId, {e.v});
  struct Arm { int64_t tag; RtFn unbox; };
  static const Arm kArms[] = {{-101, RtFn::boxToI64}, {-102, RtFn::boxToF64}, {-103, RtFn::boxToI1}};
  uint32_t join = b_.newBlock("print_elem_end");
  for (const Arm &a : kArms) {
    uint32_t hit = b_.newBlock("print_elem"), miss = b_.newBlock("print_elem_next");
    b_.cbr(b_.emit(Opcode::ICmpEq, il::Type::I1, {id, IRBuilder::i64(a.tag)}), hit, miss);
    b_.setBlock(hit);
    il::Value x = b_.callValue(a.unbox, {e.v});
    if (a.unbox == RtFn::boxToF64) rtVoid(RtFn::printF64, {x});
    else if (a.unbox == RtFn::boxToI64) rtVoid(RtFn::printI64, {x});
    else rtVoid(RtFn::printI64, {b_.select(il::Type::I64, x, IRBuilder::i64(-1), IRBuilder::i64(0))});
    b_.br(join);
    b_.setBlock(miss);
  }
  il::Value str = b_.callValue(RtFn::boxToStr, {e.v});
  rtVoid(RtFn::printStr, {str});
  rtVoid(RtFn::strReleaseMaybe, {str});
  b_.br(join);
  b_.setBlock(join);
}

// The entry position of STRING key `k` in map `m` (-1 when absent).
il::Value Lowerer::mapFind(il::Value m, const Expr &k, bool &ok) {
  Val key = expr(k);
  ok = key.ok;
  if (!ok) return IRBuilder::i64(-1);
  if (key.ty != Ty::Str) { error(k.loc, "a Viper.Collections.Map key is a STRING, not " + std::string(tyName(key.ty))); ok = false; return IRBuilder::i64(-1); }
  b_.setLoc(k.loc);
  il::Value kb = b_.callValue(RtFn::boxStr, {use(key)});
  il::Value pos = b_.callValue(RtFn::mapFind, {m, kb});
  rtVoid(RtFn::boxRelease, {kb});
  return pos;
}

bool Lowerer::mapMethod(const Val &m, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out) {
  const std::string what = "Viper.Collections.Map." + name;
  Ty ty;
  std::string cls;
  if (!collectionMemberType(kMap, name, ty, cls)) return false;  // New, and unknown names: reported by the caller
  out = bad();
  if (ty == Ty::Void && !statement) { error(loc, what + " has no value"); return true; }
  auto keyBox = [&](const Expr &k, bool &ok) {
    Val key = expr(k);
    ok = key.ok && key.ty == Ty::Str;
    if (key.ok && !ok) error(k.loc, "a Viper.Collections.Map key is a STRING, not " + std::string(tyName(key.ty)));
    b_.setLoc(k.loc);
    return ok ? b_.callValue(RtFn::boxStr, {use(key)}) : il::Value::null();
  };
  bool ok = true;
  if (name == "COUNT" || name == "LEN" || name == "ISEMPTY" || name == "CLEAR" || name == "KEYS" || name == "VALUES") {
    if (!arity(what, args, 0, loc)) return true;
    b_.setLoc(loc);
    if (name == "CLEAR") { rtVoid(RtFn::mapClear, {m.v}); out = value(IRBuilder::i64(0), Ty::Void); return true; }
    if (name == "KEYS" || name == "VALUES") { out = value(b_.callValue(name == "KEYS" ? RtFn::mapKeys : RtFn::mapValues, {m.v}), Ty::Obj, kList); return true; }
    il::Value n = b_.callValue(RtFn::mapCount, {m.v});
    out = name == "ISEMPTY" ? value(b_.emit(Opcode::ICmpEq, il::Type::I1, {n, IRBuilder::i64(0)}), Ty::Bool) : value(n, Ty::Int);
    return true;
  }
  if (name == "SET" || name == "SETINT" || name == "SETFLOAT" || name == "SETBOOL" || name == "SETSTR" || name == "SETIFMISSING") {
    if (!arity(what, args, 2, loc)) return true;
    il::Value kb = keyBox(*args[0], ok);
    if (!ok) return true;
    // Typed setters convert first (SetInt("k", 2.5) stores 2), then box.
    std::optional<il::Value> vb;
    bool release = false;
    if (name == "SET" || name == "SETIFMISSING") {
      vb = elementArg(*args[1], true, release);
    } else {
      const Ty t = name == "SETINT" ? Ty::Int : name == "SETFLOAT" ? Ty::Float : name == "SETBOOL" ? Ty::Bool : Ty::Str;
      Val v = expr(*args[1]);
      if (v.ok) {
        il::Value x = convert(v, t, args[1]->loc, "pass");
        b_.setLoc(args[1]->loc);
        vb = b_.callValue(t == Ty::Int ? RtFn::boxI64 : t == Ty::Float ? RtFn::boxF64 : t == Ty::Bool ? RtFn::boxI1 : RtFn::boxStr,
                          {t == Ty::Str ? use(v) : x});
      }
    }
    if (!vb) { rtVoid(RtFn::boxRelease, {kb}); return true; }
    b_.setLoc(loc);
    if (name != "SETIFMISSING") {
      rtVoid(RtFn::mapSet, {m.v, kb, *vb});
      out = value(IRBuilder::i64(0), Ty::Void);
      return true;
    }
    // Inserted only when missing; otherwise both new boxes are dropped.
    il::Value has = b_.callValue(RtFn::mapHas, {m.v, kb});
    uint32_t ins = b_.newBlock("map_insert"), drop = b_.newBlock("map_keep"), join = b_.newBlock("map_set_end", {il::Type::I1});
    // no flush: the statement's temporaries dominate the join
    b_.cbr(has, drop, ins);
    b_.setBlock(ins);
    rtVoid(RtFn::mapSet, {m.v, kb, *vb});
    b_.br(join, {IRBuilder::boolean(true)});
    b_.setBlock(drop);
    rtVoid(RtFn::boxRelease, {kb});
    rtVoid(RtFn::boxRelease, {*vb});
    b_.br(join, {IRBuilder::boolean(false)});
    b_.setBlock(join);
    out = value(b_.blockParam(join, 0), Ty::Bool);
    return true;
  }
  if (name == "HAS" || name == "REMOVE") {
    if (!arity(what, args, 1, loc)) return true;
    il::Value kb = keyBox(*args[0], ok);
    if (!ok) return true;
    b_.setLoc(loc);
    il::Value r = b_.callValue(name == "HAS" ? RtFn::mapHas : RtFn::mapRemove, {m.v, kb});
    rtVoid(RtFn::boxRelease, {kb});
    out = value(r, Ty::Bool);
    return true;
  }
  // The getters: Get, GetOr, GetInt[Or], GetFloat[Or], GetBool[Or], GetStr[Or].
  const bool withDefault = name.size() > 2 && name.compare(name.size() - 2, 2, "OR") == 0;
  if (!arity(what, args, withDefault ? 2 : 1, loc)) return true;
  il::Value pos = mapFind(m.v, *args[0], ok);
  if (!ok) return true;
  il::Value dflt;
  if (withDefault) {
    if (ty == Ty::Obj) {
      bool release = false;
      std::optional<il::Value> d = elementArg(*args[1], false, release);
      if (!d) return true;
      if (release) { error(args[1]->loc, "the default of Map.GetOr is an object (use GetIntOr, GetStrOr, ... for values)"); return true; }
      dflt = *d;
    } else {
      Val d = expr(*args[1]);
      if (!d.ok) return true;
      // A STRING default is retained so both arms hand over an owned string.
      dflt = ty == Ty::Str ? (d.ty == Ty::Str ? owned(d) : convert(d, ty, args[1]->loc, "pass")) : convert(d, ty, args[1]->loc, "pass");
    }
  } else {
    dflt = ty == Ty::Obj ? il::Value::null() : ty == Ty::Float ? IRBuilder::f64(0) : ty == Ty::Bool ? IRBuilder::boolean(false)
         : ty == Ty::Int ? IRBuilder::i64(0) : b_.callValue(RtFn::strEmpty, {});
  }
  b_.setLoc(loc);
  uint32_t found = b_.newBlock("map_found"), join = b_.newBlock("map_get_end", {ilType(ty)});
  // no flush: the statement's temporaries dominate the join
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {pos, IRBuilder::i64(0)}), join, found, {dflt}, {});
  b_.setBlock(found);
  Val elem = value(b_.callValue(RtFn::mapValueAt, {m.v, pos}), Ty::Obj, kElementCls);
  b_.br(join, {ty == Ty::Obj ? elem.v : unboxElement(elem, ty, loc).v});
  b_.setBlock(join);
  // STRING getters: both arms hand over an owned string.
  out = value(b_.blockParam(join, 0), ty, ty == Ty::Obj ? kElementCls : "", ty == Ty::Str);
  return true;
}

} // namespace viper::basic
