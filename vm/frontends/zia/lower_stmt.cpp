// Zia statements -> IL (spec/zia.md §5): declarations, assignment, if/while/for/for-in,
// break/continue/return. Every statement stamps its instructions with its .loc and
// releases its string temporaries at its end.
#include "frontends/zia/lower_impl.hpp"
#include <cstdint>

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

void Lowerer::ensureOpen() {
  if (b_.terminated()) b_.setBlock(b_.newBlock("after"));
}

void Lowerer::block(const Body &b) {
  pushScope();
  blockFrom(b, 0);
  popScope();
}

// `{ A; defer D; B }` is `{ A; try { B } finally { D } }`: later defers nest inside earlier
// ones, so they run latest first, and every exit leaves them with the try machinery
// (a return or break inside D does not run D again; an error in D replaces the one
// leaving, as in a finally).
void Lowerer::blockFrom(const Body &b, size_t from) {
  for (size_t i = from; i < b.size(); ++i) {
    if (diags_.full()) break;
    if (b[i]->kind == Stmt::K::Defer) {
      ensureOpen();
      b_.setLoc(b[i]->loc);
      tryLowered([&] { blockFrom(b, i + 1); }, {}, &b[i]->body, b[i]->loc);
      return;
    }
    stmt(*b[i]);
  }
}

// `store str` retains the new string and releases the old; an owned temporary is then
// released with the statement's others.
void Lowerer::storeTo(il::Value slot, const Type &t, const Val &v, bool take) {
  if (t.isError()) return;
  if (int sc = structOf(t); sc >= 0) {
    il::Value copy = copyStruct(v.v, sc);  // the slot's own value (lower_struct.cpp)
    b_.store(il::Type::Ptr, slot, copy);
    return;
  }
  if (borrowedSlots_.count(slot.id)) {
    // A borrowed local (lower_borrow.cpp): a value with a reference of its own (a getter's
    // result) is kept, and leaks; any other outlives the slot and is not retained.
    b_.store(il::Type::Ptr, slot, v.plus ? keepRef(v, take) : v.v);
    return;
  }
  if (heldPtr(t)) {
    // The new value's reference first, then the old one given back (it may be the same
    // block, or own the new one).
    il::Value nv = keepRef(v, take);
    auto reg = refSlots_.find(slot.id);
    if (reg == refSlots_.end()) {
      b_.store(il::Type::Ptr, slot, nv);
      return;
    }
    Type rt = reg->second;
    il::Value old = b_.load(il::Type::Ptr, slot);
    b_.store(il::Type::Ptr, slot, nv);
    releaseRef(old, rt);
    return;
  }
  b_.store(ilType(t), slot, v.v);
  if (t.is(Type::K::Str)) use(v);
}

void Lowerer::stmt(const Stmt &s) {
  ensureOpen();
  b_.setLoc(s.loc);
  switch (s.kind) {
  case Stmt::K::Var: varStmt(s); break;
  case Stmt::K::Assign: assignStmt(s); break;
  case Stmt::K::Expr: {
    const Expr &e = *s.value;
    if (e.kind != Expr::K::Call) {
      Val v = expr(e);
      if (!v.ty.isError()) error(e.loc, "this expression does nothing (only calls may stand alone)");
    } else {
      use(expr(e));  // a discarded String result is still released
    }
    break;
  }
  case Stmt::K::If: ifStmt(s); break;
  case Stmt::K::While: whileStmt(s); break;
  case Stmt::K::For: forStmt(s); break;
  case Stmt::K::ForIn: forInStmt(s); break;
  case Stmt::K::Break: case Stmt::K::Continue:
    if (loops_.empty()) {
      error(s.loc, std::string("'") + (s.kind == Stmt::K::Break ? "break" : "continue") + "' outside a loop");
      break;
    }
    flush();
    tries_.leaveTo(loops_.back().tryDepth);
    b_.br(s.kind == Stmt::K::Break ? loops_.back().brk : loops_.back().cont);
    break;
  case Stmt::K::Return: returnStmt(s); break;
  case Stmt::K::Block: block(s.body); break;
  case Stmt::K::Match: matchStmt(s); break;
  case Stmt::K::Try: tryStmt(s); break;
  case Stmt::K::Throw: throwStmt(s); break;
  case Stmt::K::Guard: guardStmt(s); break;
  case Stmt::K::Defer: error(s.loc, "'defer' must be inside a block"); break;  // blockFrom lowers it
  }
  flush();
}

void Lowerer::varStmt(const Stmt &s) {
  Type t = s.hasType ? resolve(s.type) : errorType();
  if (findLocal(s.name) && !scopes_.empty()) {
    for (auto &[n, l] : scopes_.back())
      if (n == s.name) { error(s.loc, "'" + s.name + "' is already declared in this scope"); return; }
  }
  Val v;
  bool hasValue = s.value != nullptr;
  if (hasValue) {
    v = expr(*s.value, s.hasType ? &t : nullptr);
    if (!s.hasType) {
      t = v.ty;
      if (t.is(Type::K::Null) || t.is(Type::K::Void)) {
        error(s.value->loc, "cannot infer the type of '" + s.name + "' from " + (t.is(Type::K::Void) ? std::string("a call that returns nothing") : name(t)));
        t = errorType();
      } else if (t.is(Type::K::List) && t.elem && t.elem->isError() && !v.ty.isError() && s.value->kind == Expr::K::List) {
        error(s.value->loc, "cannot infer the element type of an empty list; write var " + s.name + ": List[T] = []");
        t = errorType();
      }
    }
  }
  // Declared after its initialiser: `var x = x + 1` reads an outer x.
  il::Value conv;
  if (hasValue) conv = convert(v, t, s.value->loc, "assign");
  Local &l = declareLocal(s.name, t, s.isFinal, s.loc);
  if (counted(t) && borrowNames_.vars.count(s.name)) borrowSlot(l.slot);  // its values outlive it (lower_borrow.cpp)
  if (hasValue) {
    storeTo(l.slot, t, carried(v, conv, t), true);
  } else if (isStructType(t)) {
    // `var p: Point;` is a Point with its fields at their defaults, new each time.
    il::Value obj = newObject(t.cls);
    b_.store(il::Type::Ptr, l.slot, obj);
  }
}

// `s = s + e` and `s += e`: what is appended to variable `n` (e), else nullptr.
const Expr *Lowerer::appendedTo(const Stmt &s, const std::string &n) {
  if (s.op == "+=") return s.value.get();
  const Expr &v = *s.value;
  if (s.op == "=" && v.kind == Expr::K::Binary && v.op == "+" && v.args[0]->kind == Expr::K::Name && v.args[0]->name == n)
    return v.args[1].get();
  return nullptr;
}

// Appending to a String local. Read the usual way (load, retain, Concat, store), the slot
// still holds a reference, so Concat always copies: a loop building a string is
// quadratic. Here the slot's reference moves into Concat instead (a plain pointer store
// of null forgets it without a release), so a string only this variable holds grows in
// place. The appended value is evaluated first; it cannot change the local (a lambda
// has its own copy), and reading the local in it (`s += s`) only takes another reference.
void Lowerer::appendInPlace(il::Value slot, const Expr &tail, SourceLoc loc) {
  Val r = expr(tail);
  if (r.ty.isError()) { use(r); return; }
  Val text = toText(r, tail.loc);
  if (text.ty.isError()) return;
  il::Value appended = keep(text);
  b_.setLoc(loc);
  il::Value cur = b_.load(il::Type::Str, slot);
  b_.store(il::Type::Ptr, slot, il::Value::null());
  il::Value joined = *b_.call(RtFn::strConcat, {cur, appended});
  b_.store(il::Type::Str, slot, joined);
  b_.call(RtFn::strReleaseMaybe, {joined});
}

void Lowerer::assignStmt(const Stmt &s) {
  const Expr &target = *s.target;
  // `a op= b` is `a = a op b` (spec/zia.md §4).
  auto rhs = [&](const Type &t) -> Val {
    if (s.op == "=") return expr(*s.value, &t);
    Val cur = expr(target);
    Val r = expr(*s.value);
    std::string op = s.op.substr(0, s.op.size() - 1);
    if (op == "+" && (cur.ty.is(Type::K::Str) || r.ty.is(Type::K::Str))) return arith(op, cur, r, s.loc, s.value.get());
    if (op == "<<" || op == ">>" || op == "&" || op == "|" || op == "^") return arith(op, cur, r, s.loc, s.value.get());
    return arith(op, cur, r, s.loc, s.value.get());
  };
  switch (target.kind) {
  case Expr::K::Name: {
    const std::string &n = target.name;
    if (Local *l = findLocal(n)) {
      if (l->captured) { error(target.loc, "cannot assign to captured '" + n + "' (a lambda has its own copy)"); return; }
      if (l->isFinal) { error(target.loc, "'" + n + "' is final and cannot be assigned"); return; }
      Type t = l->declared ? *l->declared : l->ty;
      il::Value slot = l->slot;
      if (const Expr *tail = appendedTo(s, n); tail && t.is(Type::K::Str) && !borrowedSlots_.count(slot.id)) {
        appendInPlace(slot, *tail, s.loc);
        return;
      }
      Val v = rhs(t);
      il::Value c = convert(v, t, s.value->loc, "assign");
      storeTo(slot, t, carried(v, c, t), true);
      return;
    }
    if (curClass_ >= 0) {
      if (const FieldInfo *f = classes_[curClass_].field(n)) {
        if (f->isFinal && fn_->name != "init") { error(target.loc, "'" + n + "' is final and cannot be assigned"); return; }
        Type t = f->ty;
        Val v = rhs(t);
        il::Value c = convert(v, t, s.value->loc, "assign");
        if (!t.isError()) storeTo(fieldAddr(self_, *f), t, carried(v, c, t), true);
        return;
      }
    }
    if (curClass_ >= 0 && hasProperty(curClass_, n)) {  // implicit self.p
      propertySet(Val{self_, Type::klass(curClass_), false}, n, s);
      return;
    }
    if (auto g = globals_.find(scopedGlobal(n)); g != globals_.end()) {
      if (g->second.isFinal) { error(target.loc, "'" + n + "' is final and cannot be assigned"); return; }
      Type t = g->second.ty;
      Val v = rhs(t);
      il::Value c = convert(v, t, s.value->loc, "assign");
      if (!t.isError()) storeTo(globalAddr(g->first, t), t, carried(v, c, t), true);
      return;
    }
    Val v = nameExpr(target);  // reports the undefined name
    (void)v;
    return;
  }
  case Expr::K::Member: {
    if (auto d = dottedName(target)) {  // `A.B.g = v`: a global of namespace A.B
      if (auto g = globals_.find(*d); g != globals_.end()) {
        if (g->second.isFinal) { error(target.loc, "'" + *d + "' is final and cannot be assigned"); return; }
        Type t = g->second.ty;
        Val v = rhs(t);
        il::Value c = convert(v, t, s.value->loc, "assign");
        if (!t.isError()) storeTo(globalAddr(*d, t), t, carried(v, c, t), true);
        return;
      }
    }
    Val obj = expr(*target.args[0]);
    if (obj.ty.isError()) return;
    if (!obj.ty.is(Type::K::Class)) {
      error(target.loc, "cannot assign to '" + target.name + "' of " + name(obj.ty));
      return;
    }
    const ClassInfo &c = classes_[obj.ty.cls];
    const FieldInfo *f = c.field(target.name);
    if (!f && hasProperty(obj.ty.cls, target.name)) { propertySet(obj, target.name, s); return; }
    if (!f) { error(target.loc, "class '" + c.name + "' has no field '" + target.name + "'"); return; }
    if (!canSee(f->owner, f->exposed)) { error(target.loc, "field '" + target.name + "' of class '" + c.name + "' is hidden"); return; }
    if (f->isFinal && !(curClass_ == obj.ty.cls && fn_->name == "init")) { error(target.loc, "'" + target.name + "' is final and cannot be assigned"); return; }
    Type t = f->ty;
    Val v = rhs(t);
    il::Value cv = convert(v, t, s.value->loc, "assign");
    if (!t.isError()) storeTo(fieldAddr(obj.v, *f), t, carried(v, cv, t), true);
    return;
  }
  case Expr::K::Index: {
    Val l = expr(*target.args[0]);
    if (l.ty.isError()) return;
    if (l.ty.is(Type::K::Map)) {
      const Type kt = *l.ty.elem, vt = *l.ty.val;
      Val k = expr(*target.args[1], &kt);
      if (k.ty.isError()) return;
      if (!assignable(k.ty, kt)) { error(target.args[1]->loc, "a key of " + name(l.ty) + " must be " + name(kt) + ", not " + name(k.ty)); return; }
      Val v = rhs(vt);
      if (v.ty.isError()) return;
      il::Value cv = convert(v, vt, s.value->loc, "assign");
      b_.setLoc(target.loc);
      il::Value kb = mapElem(Val{convert(k, kt, target.args[1]->loc, "use"), kt, k.owned}, kt, true, target.loc, false);
      mapPut(l.v, l.ty, kb, mapElem(carried(v, cv, vt), vt, false, target.loc, true));
      return;
    }
    if (!l.ty.is(Type::K::List)) {
      error(target.loc, "cannot assign to an element of " + name(l.ty));
      return;
    }
    Val i = expr(*target.args[1]);
    il::Value iv = convert(i, Type::of(Type::K::Int), target.args[1]->loc, "index with");
    Type et = *l.ty.elem;
    Val v = rhs(et);
    il::Value cv = convert(v, et, s.value->loc, "assign");
    if (et.isError()) return;
    b_.setLoc(target.loc);
    b_.call(listFn(ListOp::Set, et), {l.v, iv, toElem(carried(v, cv, et), et, target.loc, true, true)});
    return;
  }
  default:
    error(target.loc, "cannot assign to this expression");
    return;
  }
}

il::Value Lowerer::cond(const Expr &e, const char *what) {
  Val v = expr(e);
  if (v.ty.isError()) return IRBuilder::boolean(false);
  if (!v.ty.is(Type::K::Bool)) {
    error(e.loc, std::string(what) + " condition must be Boolean, not " + name(v.ty));
    return IRBuilder::boolean(false);
  }
  return v.v;
}

void Lowerer::ifStmt(const Stmt &s) {
  il::Value c = cond(*s.cond, "if");
  flush();
  uint32_t thenB = b_.newBlock("if_then"), endB = b_.newBlock("if_end");
  uint32_t elseB = s.elseBody.empty() ? endB : b_.newBlock("if_else");
  b_.cbr(c, thenB, elseB);
  b_.setBlock(thenB);
  pushScope();
  narrow(nonNullNames(*s.cond, true));
  block(s.body);
  popScope();
  if (!b_.terminated()) b_.br(endB);
  if (!s.elseBody.empty()) {
    b_.setBlock(elseB);
    pushScope();
    narrow(nonNullNames(*s.cond, false));
    block(s.elseBody);
    popScope();
    if (!b_.terminated()) b_.br(endB);
  }
  b_.setBlock(endB);
  // `if x == null { return; }`: x is not null after it.
  if (s.elseBody.empty() && alwaysReturns(s.body)) narrow(nonNullNames(*s.cond, false));
}

void Lowerer::whileStmt(const Stmt &s) {
  uint32_t condB = b_.newBlock("while_cond"), bodyB = b_.newBlock("while_body"), endB = b_.newBlock("while_end");
  b_.br(condB);
  b_.setBlock(condB);
  il::Value c = cond(*s.cond, "while");
  flush();
  b_.cbr(c, bodyB, endB);
  b_.setBlock(bodyB);
  loops_.push_back({endB, condB, tries_.depth()});
  pushScope();
  narrow(nonNullNames(*s.cond, true));
  block(s.body);
  popScope();
  loops_.pop_back();
  if (!b_.terminated()) b_.br(condB);
  b_.setBlock(endB);
}

void Lowerer::forStmt(const Stmt &s) {
  pushScope();
  if (s.init) stmt(*s.init);
  uint32_t condB = b_.newBlock("for_cond"), bodyB = b_.newBlock("for_body"), updB = b_.newBlock("for_update"),
           endB = b_.newBlock("for_end");
  b_.br(condB);
  b_.setBlock(condB);
  b_.setLoc(s.loc);
  if (s.cond) {
    il::Value c = cond(*s.cond, "for");
    flush();
    b_.cbr(c, bodyB, endB);
  } else {
    b_.br(bodyB);
  }
  b_.setBlock(bodyB);
  loops_.push_back({endB, updB, tries_.depth()});
  block(s.body);
  loops_.pop_back();
  if (!b_.terminated()) b_.br(updB);
  b_.setBlock(updB);
  if (s.update) stmt(*s.update);
  if (!b_.terminated()) b_.br(condB);
  b_.setBlock(endB);
  popScope();
}

// `for i in a..b` / `a..=b`: a hidden cursor runs from a; the variable is a fresh copy
// each iteration. The inclusive update stops at the end before adding, so `..=` up to the
// largest Integer never overflows. Lists and strings are walked by index.
void Lowerer::forInStmt(const Stmt &s) {
  const Expr &src = *s.value;
  pushScope();
  uint32_t condB = b_.newBlock("forin_cond"), bodyB = b_.newBlock("forin_body"), updB = b_.newBlock("forin_update"),
           endB = b_.newBlock("forin_end");
  Type intT = Type::of(Type::K::Int);
  il::Value cursor = newSlot(intT), endSlot = newSlot(intT);
  bool inclusive = false;
  Type elemT = errorType();
  std::optional<Val> seq;
  il::Value seqSlot;
  Type mapVal = errorType();
  bool isMap = false;
  Type mapType;
  // `(a..b).rev()`, `(a..b).step(k)`, `(a..b).rev().step(k)`: peeled off the range.
  const Expr *range = &src;
  const Expr *stepE = nullptr;
  bool reverse = false, badShape = false;
  auto peel = [&](const Expr *e, const char *m) -> const Expr * {
    if (e->kind != Expr::K::Call || e->args[0]->kind != Expr::K::Member || e->args[0]->name != m) return nullptr;
    return e->args[0]->args[0].get();
  };
  auto isRange = [](const Expr *e) { return e->kind == Expr::K::Binary && (e->op == ".." || e->op == "..="); };
  if (const Expr *inner = peel(range, "step"); inner && (isRange(inner) || peel(inner, "rev"))) {
    if (range->args.size() != 2) { error(range->loc, "step expects 1 argument, got " + std::to_string(range->args.size() - 1)); badShape = true; }
    else stepE = range->args[1].get();
    range = inner;
  }
  if (const Expr *inner = peel(range, "rev"); inner && (isRange(inner) || peel(inner, "step"))) {
    if (range->args.size() != 1) { error(range->loc, "rev expects 0 arguments, got " + std::to_string(range->args.size() - 1)); badShape = true; }
    reverse = true;
    range = inner;
    if (peel(range, "step")) { error(range->loc, "write .rev().step(k): a step before rev is ambiguous"); badShape = true; }
  }
  bool general = false;  // a step or a reversal: the update guards against overflow
  il::Value stepSlot;
  if (isRange(range) && !badShape) {
    inclusive = range->op == "..=";
    Val a = expr(*range->args[0]), e = expr(*range->args[1]);
    il::Value av = convert(a, intT, range->args[0]->loc, "use as a range start");
    il::Value ev = convert(e, intT, range->args[1]->loc, "use as a range end");
    // Forward: the cursor runs up to the end. Reversed: it runs down to the start; an
    // exclusive reversed range keeps the cursor one above the value (b-1 would overflow
    // for an empty range ending at the smallest Integer).
    b_.store(il::Type::I64, cursor, reverse ? ev : av);
    b_.store(il::Type::I64, endSlot, reverse ? av : ev);
    elemT = intT;
    if (!s.name2.empty()) error(s.loc, "a range gives one value per iteration: for " + s.name + " in ...");
    general = reverse || stepE;
    stepSlot = newSlot(intT);
    b_.store(il::Type::I64, stepSlot, IRBuilder::i64(1));
    if (stepE) {
      Val k = expr(*stepE);
      il::Value kv = convert(k, intT, stepE->loc, "use as a range step");
      if (stepE->kind == Expr::K::Int && stepE->ival <= 0) error(stepE->loc, "a range step must be positive");
      b_.store(il::Type::I64, stepSlot, kv);
      uint32_t okB = b_.newBlock("forin_step_ok"), badB = b_.newBlock("forin_step_bad");
      b_.cbr(b_.emit(Opcode::SCmpGT, il::Type::I1, {kv, IRBuilder::i64(0)}), okB, badB);
      b_.setBlock(badB);
      b_.call(RtFn::diagTrap, {IRBuilder::str("range step must be positive")});
      b_.br(endB);
      b_.setBlock(okB);
    }
  } else if (badShape) {
    elemT = errorType();
  } else {
    Val v = expr(src);
    if (v.ty.is(Type::K::Set)) v.ty = Type::list(*v.ty.elem);  // a set is a list of distinct elements
    if (v.ty.is(Type::K::Map)) {
      // `for k in m` / `for k, v in m`: the map itself, walked by entry position in
      // insertion order (rt_map_key_at / rt_map_value_at; the count is read again each
      // step, as for a list). Nothing is copied, so a loop allocates nothing.
      mapVal = *v.ty.val;
      isMap = true;
      mapType = v.ty;
      v = Val{v.v, Type::list(*v.ty.elem), false};  // the seq slot holds the map handle
    }
    if (!v.ty.isError() && !v.ty.is(Type::K::List) && !v.ty.is(Type::K::Str)) {
      error(src.loc, "cannot iterate over " + name(v.ty) + " (expected a range, a List or a String)");
    } else if (!v.ty.isError()) {
      seqSlot = newSlot(v.ty);
      if (isMap) {  // released as the map it is
        forget(seqSlot);
        refSlots_.emplace(seqSlot.id, mapType);
        refSlotOrder_.emplace_back(seqSlot.id, mapType);
      }
      storeTo(seqSlot, v.ty, v);
      seq = Val{seqSlot, v.ty, false};
      elemT = v.ty.is(Type::K::Str) ? Type::of(Type::K::Str) : *v.ty.elem;
    }
    b_.store(il::Type::I64, cursor, IRBuilder::i64(0));
  }
  flush();
  b_.br(condB);
  b_.setBlock(condB);
  b_.setLoc(s.loc);
  il::Value i = b_.load(il::Type::I64, cursor);
  il::Value c;
  if (seq) {
    il::Value h = b_.load(ilType(seq->ty), seqSlot);
    il::Value n = seq->ty.is(Type::K::Str) ? *b_.call(RtFn::strLength, {h})
                  : isMap                  ? *b_.call(RtFn::mapCount, {h})
                                           : *b_.call(RtFn::listCount, {h});
    c = b_.emit(Opcode::SCmpLT, il::Type::I1, {i, n});
  } else {
    il::Value bound = b_.load(il::Type::I64, endSlot);
    Opcode o = reverse ? (inclusive ? Opcode::SCmpGE : Opcode::SCmpGT) : (inclusive ? Opcode::SCmpLE : Opcode::SCmpLT);
    c = b_.emit(o, il::Type::I1, {i, bound});
  }
  b_.cbr(c, bodyB, endB);
  b_.setBlock(bodyB);
  pushScope();
  if (isMap) {
    il::Value cur = b_.load(il::Type::I64, cursor);
    il::Value h = b_.load(il::Type::Ptr, seqSlot);
    Local &kl = declareLocal(s.name, elemT, false, s.loc);
    Val k = mapKeyAt(h, cur, elemT);
    storeTo(kl.slot, elemT, Val{k.v, elemT, false});
    if (k.owned && elemT.is(Type::K::Str)) b_.call(RtFn::strReleaseMaybe, {k.v});
    if (!s.name2.empty()) {
      Local &vl = declareLocal(s.name2, mapVal, false, s.loc);
      Val v = mapValueAt(h, cur, mapVal);
      storeTo(vl.slot, mapVal, Val{v.v, mapVal, false});
      if (v.owned && mapVal.is(Type::K::Str)) b_.call(RtFn::strReleaseMaybe, {v.v});
    }
  }
  if (!s.name2.empty() && !isMap) {
    Local &idx = declareLocal(s.name, intT, false, s.loc);
    b_.store(il::Type::I64, idx.slot, b_.load(il::Type::I64, cursor));
  }
  Local &var = isMap ? *findLocal(s.name) : declareLocal(s.name2.empty() ? s.name : s.name2, elemT, false, s.loc);
  if (seq && !isMap && counted(elemT) && borrowNames_.loopVars.count(s.name2.empty() ? s.name : s.name2))
    borrowSlot(var.slot);  // an element of the list seqSlot holds (lower_borrow.cpp)
  il::Value cur = b_.load(il::Type::I64, cursor);
  if (!seq) {
    if (reverse && !inclusive) cur = b_.emit(Opcode::ISubOvf, il::Type::I64, {cur, IRBuilder::i64(1)});  // cursor > start
    b_.store(il::Type::I64, var.slot, cur);
  } else if (!elemT.isError() && !isMap) {
    il::Value h = b_.load(ilType(seq->ty), seqSlot);
    if (seq->ty.is(Type::K::Str)) {
      il::Value ch = *b_.call(RtFn::strSubstring, {h, cur, IRBuilder::i64(1)});
      b_.store(il::Type::Str, var.slot, ch);
      b_.call(RtFn::strReleaseMaybe, {ch});
    } else {
      Val e = listGet(h, cur, elemT);
      storeTo(var.slot, elemT, Val{e.v, elemT, false});
      if (e.owned && elemT.is(Type::K::Str)) b_.call(RtFn::strReleaseMaybe, {e.v});
    }
  }
  loops_.push_back({endB, updB, tries_.depth()});
  blockFrom(s.body, 0);  // the body is a block in the loop variable's scope
  loops_.pop_back();
  popScope();
  if (!b_.terminated()) b_.br(updB);
  b_.setBlock(updB);
  b_.setLoc(s.loc);
  il::Value iv = b_.load(il::Type::I64, cursor);
  if (general) {
    // Stop before the step would pass the largest (or smallest) Integer: the loop would
    // end there anyway, and the checked add/sub must never trap.
    il::Value k = b_.load(il::Type::I64, stepSlot);
    uint32_t stepB = b_.newBlock("forin_step");
    if (reverse) {
      il::Value floor = b_.emit(Opcode::IAddOvf, il::Type::I64, {IRBuilder::i64(INT64_MIN), k});
      b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {iv, floor}), endB, stepB);
      b_.setBlock(stepB);
      b_.store(il::Type::I64, cursor, b_.emit(Opcode::ISubOvf, il::Type::I64, {iv, k}));
    } else {
      il::Value ceiling = b_.emit(Opcode::ISubOvf, il::Type::I64, {IRBuilder::i64(INT64_MAX), k});
      b_.cbr(b_.emit(Opcode::SCmpGT, il::Type::I1, {iv, ceiling}), endB, stepB);
      b_.setBlock(stepB);
      b_.store(il::Type::I64, cursor, b_.emit(Opcode::IAddOvf, il::Type::I64, {iv, k}));
    }
    b_.br(condB);
    b_.setBlock(endB);
    popScope();
    return;
  }
  if (inclusive) {
    uint32_t stepB = b_.newBlock("forin_step");
    b_.cbr(b_.emit(Opcode::ICmpEq, il::Type::I1, {iv, b_.load(il::Type::I64, endSlot)}), endB, stepB);
    b_.setBlock(stepB);
  }
  b_.store(il::Type::I64, cursor, b_.emit(Opcode::IAddOvf, il::Type::I64, {iv, IRBuilder::i64(1)}));
  b_.br(condB);
  b_.setBlock(endB);
  popScope();
}

// `guard c else { ... }`: the else block must leave; after it, c holds (and the names
// it proves non-null are narrowed).
void Lowerer::guardStmt(const Stmt &s) {
  il::Value c = cond(*s.cond, "guard");
  flush();
  uint32_t okB = b_.newBlock("guard_ok"), elseB = b_.newBlock("guard_else");
  b_.cbr(c, okB, elseB);
  b_.setBlock(elseB);
  block(s.elseBody);
  if (!b_.terminated()) {
    error(s.loc, "the else block of a guard must leave (return, break, continue or throw)");
    b_.br(okB);
  }
  b_.setBlock(okB);
  narrow(nonNullNames(*s.cond, true));
}

void Lowerer::returnStmt(const Stmt &s) {
  if (lambdaRets_) {
    // Inferring a block lambda's result type (lower_closure.cpp): note it, go nowhere.
    Type t = Type::of(Type::K::Void);
    if (s.value) {
      Val v = expr(*s.value, lambdaRets_->want);
      t = v.ty;
      use(v);
    }
    lambdaRets_->seen.emplace_back(t, s.value ? s.value->loc : s.loc);
    flush();
    if (!b_.terminated()) b_.emitVoid(Opcode::Trap, {});
    return;
  }
  const Type &rt = fn_->ret;
  if (s.value) {
    if (rt.is(Type::K::Void)) {
      Val v = expr(*s.value);
      (void)v;
      error(s.value->loc, "function '" + fn_->name + "' returns nothing; it cannot return a value");
      return;
    }
    Val v = expr(*s.value, &rt);
    il::Value c = convert(v, rt, s.value->loc, "return");
    if (retSlot_ && !rt.isError()) storeTo(*retSlot_, rt, carried(v, c, rt), true);
  } else if (!rt.is(Type::K::Void) && !rt.isError()) {
    error(s.loc, "function '" + fn_->name + "' must return " + name(rt));
    return;
  }
  flush();
  tries_.leaveTo(0);  // finally and deferred bodies, innermost first
  b_.br(exit_);
}

} // namespace viper::zia
