// Zia enums and match -> IL (spec/zia.md §7): an enum's variants are Integer constants
// (`enum Color { Red, Green = 5, Blue }`: Blue = 6) of a type of their own; `match`
// (statement or expression) stores its scrutinee in a slot and tests the arms in order,
// each a chain of compares and branches (literals, variants, ranges, `|`, bindings,
// guards); an expression's arms join with one block parameter. A match that no arm can
// miss ends in `trap` (unreachable); a match expression, and any match on an enum, must
// be exhaustive.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

void Lowerer::declareEnums() {
  for (const EnumDecl &d : prog_.enums) {
    bool clash = enumIndex_.count(d.name) > 0;
    for (const ClassDecl &c : prog_.classes) clash = clash || c.name == d.name;
    if (clash) { error(d.loc, "'" + d.name + "' is already defined"); continue; }
    EnumInfo ei;
    ei.name = d.name;
    ei.decl = &d;
    for (const auto &v : d.variants) {
      if (ei.variant(v.name)) { error(v.loc, "variant '" + v.name + "' is already defined in enum '" + d.name + "'"); continue; }
      ei.variants.emplace_back(v.name, v.value);
    }
    if (ei.variants.empty() && d.variants.empty()) error(d.loc, "enum '" + d.name + "' has no variants");
    enumIndex_[d.name] = static_cast<int>(enums_.size());
    enums_.push_back(std::move(ei));
    enumNames_.push_back(d.name);
  }
}

std::optional<Val> Lowerer::enumVariant(const Expr &e) {
  if (e.kind != Expr::K::Member || e.args[0]->kind != Expr::K::Name) return std::nullopt;
  const std::string &root = e.args[0]->name;
  auto it = enumIndex_.find(root);
  if (it == enumIndex_.end() || findLocal(root) || globals_.count(root)) return std::nullopt;
  const EnumInfo &en = enums_[it->second];
  if (const auto *v = en.variant(e.name)) return Val{IRBuilder::i64(v->second), Type::enumOf(it->second), false};
  std::vector<std::string> cands;
  for (const auto &v : en.variants) cands.push_back(v.first);
  std::string near = closestName(e.name, cands);
  error(e.loc, "enum '" + en.name + "' has no variant '" + e.name + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
  return bad();
}

bool Lowerer::checkPattern(const Pattern &p, const Type &t, bool topLevel) {
  switch (p.kind) {
  case Pattern::K::Wild: case Pattern::K::Bind: case Pattern::K::Lit: return true;
  case Pattern::K::Range:
    if (!t.is(Type::K::Int) && !t.isError()) { error(p.loc, "a range pattern needs an Integer value, not " + name(t)); return false; }
    return true;
  case Pattern::K::Or: {
    bool ok = true;
    for (const Pattern &s : p.subs) {
      if (s.kind == Pattern::K::Bind) { error(s.loc, "a '|' pattern cannot bind names ('" + s.name + "')"); ok = false; continue; }
      ok = checkPattern(s, t, false) && ok;
    }
    return ok;
  }
  case Pattern::K::Some: case Pattern::K::None:
    if (t.isError()) return true;
    if (!t.is(Type::K::Opt)) {
      error(p.loc, std::string(p.kind == Pattern::K::Some ? "Some(...)" : "None") + " patterns need an optional value, not " + name(t));
      return false;
    }
    return p.kind == Pattern::K::None || checkPattern(p.subs[0], *t.elem, false);
  }
  (void)topLevel;
  return true;
}

namespace {
bool irrefutable(const Pattern &p) {
  if (p.kind == Pattern::K::Wild || p.kind == Pattern::K::Bind) return true;
  if (p.kind == Pattern::K::Or)
    for (const Pattern &s : p.subs)
      if (irrefutable(s)) return true;
  return false;
}

void literals(const Pattern &p, std::vector<const Expr *> &out) {
  if (p.kind == Pattern::K::Lit) out.push_back(p.value.get());
  if (p.kind == Pattern::K::Or)
    for (const Pattern &s : p.subs) literals(s, out);
}
} // namespace

bool Lowerer::checkExhaustive(const std::vector<MatchArm> &arms, const Type &t, SourceLoc loc, bool required) {
  if (t.isError()) return true;
  std::vector<const Expr *> lits;
  for (const MatchArm &a : arms) {
    if (a.guard) continue;  // a guard may say no
    if (irrefutable(a.pat)) return true;
    literals(a.pat, lits);
  }
  if (t.is(Type::K::Enum)) {
    const EnumInfo &en = enums_[t.cls];
    std::string missing;
    for (const auto &[vn, val] : en.variants) {
      bool covered = false;
      for (const Expr *x : lits)
        covered = covered || (x->kind == Expr::K::Member && x->args[0]->kind == Expr::K::Name &&
                              x->args[0]->name == en.name && x->name == vn);
      if (!covered) missing += (missing.empty() ? "" : ", ") + en.name + "." + vn;
    }
    if (missing.empty()) return true;
    error(loc, "non-exhaustive match on " + en.name + ": missing " + missing + " (add them or a '_' arm)");
    return false;
  }
  if (t.is(Type::K::Opt)) {
    bool some = false, none = false;
    for (const MatchArm &a : arms) {
      if (a.guard) continue;
      if (a.pat.kind == Pattern::K::Some && irrefutable(a.pat.subs[0])) some = true;
      if (a.pat.kind == Pattern::K::None || (a.pat.kind == Pattern::K::Lit && a.pat.value->kind == Expr::K::Null)) none = true;
    }
    if (some && none) return true;
    if (required) error(loc, "non-exhaustive match on " + name(t) + ": add " + std::string(some ? "a None" : "a Some(x)") + " arm or a '_' arm");
    return false;
  }
  if (t.is(Type::K::Bool)) {
    bool yes = false, no = false;
    for (const Expr *x : lits)
      if (x->kind == Expr::K::Bool) (x->ival ? yes : no) = true;
    if (yes && no) return true;
  }
  if (required) error(loc, "non-exhaustive match on " + name(t) + ": add a '_' arm");
  return false;
}

void Lowerer::testPattern(const Pattern &p, const Val &v, uint32_t yes, uint32_t no) {
  switch (p.kind) {
  case Pattern::K::Wild: b_.br(yes); return;
  case Pattern::K::Bind: {
    Local &l = declareLocal(p.name, v.ty, false, p.loc);
    storeTo(l.slot, v.ty, Val{v.v, v.ty, false});
    b_.br(yes);
    return;
  }
  case Pattern::K::Lit: {
    Val lit = expr(*p.value, &v.ty);
    if (lit.ty.isError()) { b_.br(no); return; }
    if (!assignable(lit.ty, v.ty) && !(lit.ty.isNumeric() && v.ty.isNumeric())) {
      error(p.loc, "a pattern of type " + name(lit.ty) + " cannot match a value of type " + name(v.ty));
      use(lit);
      b_.br(no);
      return;
    }
    Val c = compare("==", v, lit, p.loc);
    if (c.ty.isError()) { b_.br(no); return; }
    b_.cbr(c.v, yes, no);
    return;
  }
  case Pattern::K::Range: {
    Val lo = expr(*p.value), hi = expr(*p.hi);
    if (lo.ty.isError() || hi.ty.isError()) { b_.br(no); return; }
    if (!lo.ty.is(Type::K::Int) || !hi.ty.is(Type::K::Int)) {
      error(p.loc, "a range pattern's bounds must be Integer, not " + name(lo.ty.is(Type::K::Int) ? hi.ty : lo.ty));
      b_.br(no);
      return;
    }
    uint32_t mid = b_.newBlock("match_range");
    b_.cbr(b_.emit(Opcode::SCmpGE, il::Type::I1, {v.v, lo.v}), mid, no);
    b_.setBlock(mid);
    b_.cbr(b_.emit(p.inclusive ? Opcode::SCmpLE : Opcode::SCmpLT, il::Type::I1, {v.v, hi.v}), yes, no);
    return;
  }
  case Pattern::K::Or:
    for (size_t i = 0; i < p.subs.size(); ++i) {
      if (i + 1 == p.subs.size()) { testPattern(p.subs[i], v, yes, no); return; }
      uint32_t alt = b_.newBlock("match_alt");
      testPattern(p.subs[i], v, yes, alt);
      b_.setBlock(alt);
    }
    b_.br(no);
    return;
  case Pattern::K::None:
    b_.cbr(*b_.call(RtFn::objIsNull, {v.v}), yes, no);
    return;
  case Pattern::K::Some: {
    uint32_t mid = b_.newBlock("match_some");
    b_.cbr(*b_.call(RtFn::objIsNull, {v.v}), no, mid);
    b_.setBlock(mid);
    Val in = unwrapValue(v.v, v.ty);
    if (in.owned) {  // an unboxed String: kept in a slot of its own (released at the function's end)
      il::Value slot = newSlot(in.ty);
      b_.store(il::Type::Str, slot, in.v);
      b_.call(RtFn::strReleaseMaybe, {in.v});
      in = Val{b_.load(il::Type::Str, slot), in.ty, false};
    }
    testPattern(p.subs[0], in, yes, no);
    return;
  }
  }
}

void Lowerer::matchStmt(const Stmt &s) {
  Val v = expr(*s.value);
  if (v.ty.is(Type::K::Void)) { error(s.value->loc, "cannot match on a call that returns nothing"); return; }
  bool ok = !v.ty.isError();
  for (const MatchArm &a : s.arms) ok = checkPattern(a.pat, v.ty, true) && ok;
  const bool exhaustive = checkExhaustive(s.arms, v.ty, s.loc, v.ty.is(Type::K::Enum)) && ok;
  if (!ok) return;
  const Type t = v.ty;
  il::Value slot = newSlot(t);
  storeTo(slot, t, v);
  flush();
  if (exhaustive) exhaustiveMatches_.push_back(&s);
  uint32_t end = b_.newBlock("match_end");
  for (const MatchArm &a : s.arms) {
    uint32_t next = b_.newBlock("match_next"), body = b_.newBlock("match_arm");
    uint32_t guardB = a.guard ? b_.newBlock("match_guard") : body;
    pushScope();
    b_.setLoc(a.loc);
    testPattern(a.pat, Val{b_.load(ilType(t), slot), t, false}, guardB, next);
    if (a.guard) {
      b_.setBlock(guardB);
      il::Value g = cond(*a.guard, "match guard");
      flush();
      b_.cbr(g, body, next);
    }
    b_.setBlock(body);
    block(a.body);
    if (!b_.terminated()) b_.br(end);
    popScope();
    b_.setBlock(next);
  }
  b_.setLoc(s.loc);
  if (exhaustive) b_.emitVoid(Opcode::Trap, {});  // no arm matched: cannot happen
  else b_.br(end);
  b_.setBlock(end);
}

// Each arm's value ends in its own block with its own temporaries; once every arm's type
// is known they are converted to the shared type and join (as the ternary does).
Val Lowerer::matchExpr(const Expr &e, const Type *expected) {
  Val v = expr(*e.args[0]);
  if (v.ty.is(Type::K::Void)) { error(e.args[0]->loc, "cannot match on a call that returns nothing"); return bad(); }
  bool ok = !v.ty.isError();
  for (const MatchArm &a : e.arms) ok = checkPattern(a.pat, v.ty, true) && ok;
  if (e.arms.empty()) { error(e.loc, "a match expression needs at least one arm"); ok = false; }
  ok = checkExhaustive(e.arms, v.ty, e.loc, true) && ok;
  if (!ok) { use(v); return bad(); }
  const Type t = v.ty;
  il::Value slot = newSlot(t);
  storeTo(slot, t, v);
  struct Out {
    Val v;
    uint32_t end;
    std::unique_ptr<fe::StringTemps> temps;
    const Expr *x;
  };
  std::vector<Out> outs;
  fe::StringTemps *outer = temps_;
  for (const MatchArm &a : e.arms) {
    uint32_t next = b_.newBlock("match_next"), body = b_.newBlock("match_arm");
    uint32_t guardB = a.guard ? b_.newBlock("match_guard") : body;
    pushScope();
    testPattern(a.pat, Val{b_.load(ilType(t), slot), t, false}, guardB, next);
    if (a.guard) {
      b_.setBlock(guardB);
      fe::StringTemps g(b_);
      temps_ = &g;
      il::Value c = cond(*a.guard, "match guard");
      g.release();
      temps_ = outer;
      b_.cbr(c, body, next);
    }
    b_.setBlock(body);
    auto tmp = std::make_unique<fe::StringTemps>(b_);
    temps_ = tmp.get();
    Val r = expr(*a.value, expected);
    temps_ = outer;
    outs.push_back(Out{r, b_.block(), std::move(tmp), a.value.get()});
    popScope();
    b_.setBlock(next);
  }
  b_.emitVoid(Opcode::Trap, {});  // exhaustive: no arm matched cannot happen
  Type rt = errorType();
  bool fits = expected && !expected->isError();
  for (const Out &o : outs) fits = fits && assignable(o.v.ty, *expected);
  if (fits) {
    rt = *expected;
  } else {
    bool any = false;
    for (const Out &o : outs) {
      if (o.v.ty.isError()) { any = false; rt = errorType(); break; }
      rt = any ? joinTypes(rt, o.v.ty, o.x->loc) : o.v.ty;
      any = true;
      if (rt.isError()) break;
    }
  }
  if (rt.is(Type::K::Void)) { error(e.loc, "a match expression's arms must have a value"); rt = errorType(); }
  if (rt.is(Type::K::Null)) { error(e.loc, "cannot infer the type of a match whose arms are all null"); rt = errorType(); }
  uint32_t join = b_.newBlock("match_end", {rt.isError() ? il::Type::I64 : ilType(rt)});
  for (Out &o : outs) {
    b_.setBlock(o.end);
    temps_ = o.temps.get();
    il::Value cv = convert(o.v, rt, o.x->loc, "use");
    if (rt.is(Type::K::Str)) cv = keep(Val{cv, rt, o.v.owned});
    else use(o.v);
    o.temps->release();
    temps_ = outer;
    b_.br(join, {rt.isError() ? IRBuilder::i64(0) : cv});
  }
  b_.setBlock(join);
  if (rt.isError()) return bad();
  return Val{b_.blockParam(join, 0), rt, rt.is(Type::K::Str)};
}

} // namespace viper::zia
