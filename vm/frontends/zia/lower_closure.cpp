// Zia lambdas as values and function references -> IL (spec/zia.md §7 Lambdas): a
// closure is an object block {function at 16, environment at 24}; the environment holds
// the captured variables' values at 16 + 8*i (capture by value, when the lambda is made),
// then self inside a method. A lambda becomes @__lambda_N(ptr env, params...) -> R, lowered
// after the functions; `&f` is a closure over a thunk @__ref_f(ptr env, params...) that
// calls @f. A call `f(x)` on a closure loads both and is `call.indirect`.
//
// The lambda's result type is found by lowering its body once where it is written, in a
// block nothing reaches (the passes remove it), so inference sees the enclosing scope.
// A block body (`=> { ... }`) is lowered the same way with its returns only noting their
// types (LambdaReturns); a missing, bare or mismatched return is reported there.
#include "frontends/zia/lower_impl.hpp"
#include <set>

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

namespace {
// Every name the lambda's body reads (an expression, or a block body's statements; nested
// lambdas included).
void namesIn(const Expr *root, const Body *rootBody, std::vector<std::string> &out) {
  std::vector<const Expr *> todo;
  std::vector<const Stmt *> stmts;
  if (root) todo.push_back(root);
  auto addBody = [&](const Body &b) {
    for (const auto &st : b)
      if (st) stmts.push_back(st.get());
  };
  if (rootBody) addBody(*rootBody);
  while (!todo.empty() || !stmts.empty()) {
    if (!stmts.empty()) {
      const Stmt *s = stmts.back();
      stmts.pop_back();
      for (const Expr *x : {s->target.get(), s->value.get(), s->cond.get()})
        if (x) todo.push_back(x);
      for (const Stmt *x : {s->init.get(), s->update.get()})
        if (x) stmts.push_back(x);
      addBody(s->body);
      addBody(s->elseBody);
      for (const auto &c : s->catches) addBody(c.body);
      for (const auto &arm : s->arms) {
        if (arm.guard) todo.push_back(arm.guard.get());
        if (arm.value) todo.push_back(arm.value.get());
        if (arm.pat.value) todo.push_back(arm.pat.value.get());
        addBody(arm.body);
      }
      continue;
    }
    const Expr *x = todo.back();
    todo.pop_back();
    if (x->kind == Expr::K::Name) out.push_back(x->name);
    for (const auto &a : x->args)
      if (a) todo.push_back(a.get());
    addBody(x->lamBody);
    for (const auto &arm : x->arms) {
      if (arm.guard) todo.push_back(arm.guard.get());
      if (arm.value) todo.push_back(arm.value.get());
      if (arm.pat.value) todo.push_back(arm.pat.value.get());
    }
  }
}

il::Value field(fe::IRBuilder &b, il::Value obj, int64_t off) { return b.emit(Opcode::Gep, il::Type::Ptr, {obj, IRBuilder::i64(off)}); }
} // namespace

Val Lowerer::lambdaValue(const Expr &e, const Type *expected) {
  const Type *want = expected && expected->is(Type::K::Func) ? expected : nullptr;
  const size_t n = e.pieces.size();
  if (want && want->fparams->size() != n) {
    error(e.loc, "this lambda takes " + std::to_string(n) + " parameter" + (n == 1 ? "" : "s") + " but " + name(*want) +
                     " takes " + std::to_string(want->fparams->size()));
    return bad();
  }
  std::vector<Type> ps;
  for (size_t i = 0; i < n; ++i) {
    if (!e.paramTypes[i].name.empty()) {
      Type t = resolve(e.paramTypes[i]);
      if (t.isError()) return bad();
      if (want && !sameType(t, (*want->fparams)[i])) {
        error(e.paramTypes[i].loc, "lambda parameter '" + e.pieces[i] + "' is " + name(t) + ", but " + name(*want) + " passes " + name((*want->fparams)[i]));
        return bad();
      }
      ps.push_back(t);
    } else if (want) {
      ps.push_back((*want->fparams)[i]);
    } else {
      error(e.loc, "cannot infer the type of lambda parameter '" + e.pieces[i] + "'; write (" + e.pieces[i] + ": Integer) => ...");
      return bad();
    }
  }
  // Captures: the enclosing locals its body names (not shadowed by its parameters).
  std::vector<std::string> names;
  namesIn(e.blockBody ? nullptr : e.args[0].get(), &e.lamBody, names);
  std::vector<Capture> caps;
  std::set<std::string> seen(e.pieces.begin(), e.pieces.end());
  for (const std::string &nm : names) {
    if (seen.count(nm)) continue;
    seen.insert(nm);
    if (Local *l = findLocal(nm); l && !l->ty.isError()) caps.push_back({nm, l->ty});
  }
  // The result type: the body lowered once, unreachable.
  const size_t errorsBefore = diags_.all().size();
  uint32_t cur = b_.block();
  SourceLoc loc = b_.loc();
  uint32_t dead = b_.newBlock("lambda_type");
  b_.setBlock(dead);
  fe::StringTemps *outer = temps_;
  fe::StringTemps tmp(b_);
  temps_ = &tmp;
  pushScope();
  auto savedLoops = std::move(loops_);
  loops_.clear();
  // A Func whose result is Error (combinators' map) gives the parameters only.
  const bool wantsResult = want && !want->val->isError();
  const Type *wantRet = wantsResult && !want->val->is(Type::K::Void) ? want->val.get() : nullptr;
  Val body;
  LambdaReturns rets;
  if (e.blockBody) {
    // As lowerClosures will see it: parameters, then copies of the captures.
    for (size_t i = 0; i < n; ++i) declareLocal(e.pieces[i], ps[i], false, e.loc);
    for (const Capture &c : caps) {
      il::Value v = b_.load(ilType(c.ty), findLocal(c.name)->slot);
      Local &l = declareLocal(c.name, c.ty, true, e.loc);
      l.captured = true;
      storeTo(l.slot, c.ty, Val{v, c.ty, false});
    }
    LambdaReturns *savedRets = lambdaRets_;
    rets.want = wantRet;
    lambdaRets_ = &rets;
    block(e.lamBody);
    lambdaRets_ = savedRets;
    body = Val{IRBuilder::i64(0), Type::of(Type::K::Void), false};
  } else {
    for (size_t i = 0; i < n; ++i) declareLocal(e.pieces[i], ps[i], true, e.loc);
    body = expr(*e.args[0], wantRet);
  }
  loops_ = std::move(savedLoops);
  popScope();
  tmp.clear();
  temps_ = outer;
  if (!b_.terminated()) b_.emitVoid(Opcode::Trap, {});
  b_.setBlock(cur);
  b_.setLoc(loc);
  if (body.ty.isError() || diags_.all().size() != errorsBefore) return bad();
  Type ret = body.ty;
  if (e.blockBody) {
    std::optional<Type> r = blockLambdaResult(e, rets, wantsResult ? want->val.get() : nullptr);
    if (!r) return bad();
    ret = *r;
  } else if (wantsResult) {
    if (want->val->is(Type::K::Void)) ret = *want->val;
    else if (assignable(body.ty, *want->val)) ret = *want->val;
    else {
      error(e.args[0]->loc, "this lambda gives " + name(body.ty) + " but " + name(*want) + " must give " + name(*want->val));
      return bad();
    }
  }
  if (ret.is(Type::K::Null)) { error(e.blockBody ? e.loc : e.args[0]->loc, "cannot infer a lambda's result type from null"); return bad(); }
  LambdaInfo &li = lambdas_.emplace_back();
  li.lam = &e;
  li.captures = caps;
  li.selfClass = curClass_;
  li.decl.loc = e.loc;
  li.decl.ns = curNs();  // its body sees the enclosing namespace's names
  for (size_t i = 0; i < n; ++i) li.decl.params.push_back(Param{e.pieces[i], TypeRef{}, e.loc, nullptr});
  li.info.name = "lambda";
  li.info.il = "__lambda_" + std::to_string(lambdas_.size());
  li.info.params = ps;
  li.info.ret = ret;
  li.info.decl = &li.decl;
  li.info.closure = static_cast<int>(lambdas_.size() - 1);
  // The environment and the closure.
  const int64_t envSize = 16 + 8 * static_cast<int64_t>(caps.size() + (curClass_ >= 0 ? 1 : 0));
  il::Value env = *b_.call(RtFn::objNew, {IRBuilder::i64(0), IRBuilder::i64(envSize)});
  for (size_t i = 0; i < caps.size(); ++i) {
    Local *l = findLocal(caps[i].name);
    // One emitting call per statement (argument order differs between compilers).
    il::Value addr = field(b_, env, 16 + 8 * static_cast<int64_t>(i));
    il::Value v = b_.load(ilType(caps[i].ty), l->slot);
    if (int sc = structOf(caps[i].ty); sc >= 0) v = copyStruct(v, sc);  // captured by value
    else if (heldPtr(caps[i].ty)) keepRef(Val{v, caps[i].ty, false}, false);  // the environment's (never given back)
    b_.store(ilType(caps[i].ty), addr, v);
  }
  if (curClass_ >= 0) {
    keepRef(Val{self_, Type::klass(curClass_), false}, false);
    b_.store(il::Type::Ptr, field(b_, env, 16 + 8 * static_cast<int64_t>(caps.size())), self_);
  }
  il::Value clo = *b_.call(RtFn::objNew, {IRBuilder::i64(0), IRBuilder::i64(32)});
  b_.store(il::Type::Ptr, field(b_, clo, 16), il::Value::global(li.info.il));
  b_.store(il::Type::Ptr, field(b_, clo, 24), env);
  return Val{clo, Type::func(ps, ret), false};
}

// A block lambda's result: the context's type (every return must give one), else the type
// of the returns (Number if Integer and Number mix), else Void when none gives a value.
std::optional<Type> Lowerer::blockLambdaResult(const Expr &e, const LambdaReturns &rets, const Type *want) {
  std::optional<Type> ret;
  if (want) ret = *want;
  for (const auto &[t, loc] : rets.seen) {
    if (ret || t.is(Type::K::Void)) continue;
    ret = t;
  }
  if (!ret) return Type::of(Type::K::Void);
  if (!want && ret->is(Type::K::Int))
    for (const auto &[t, loc] : rets.seen)
      if (t.is(Type::K::Num)) ret = t;
  if (ret->is(Type::K::Null)) { error(e.loc, "cannot infer a lambda's result type from null"); return std::nullopt; }
  for (const auto &[t, loc] : rets.seen) {
    if (ret->is(Type::K::Void) && !t.is(Type::K::Void)) {
      error(loc, "this lambda returns a value where none is expected");
      return std::nullopt;
    }
    if (!ret->is(Type::K::Void) && t.is(Type::K::Void)) {
      error(loc, "this lambda must return " + name(*ret) + " here");
      return std::nullopt;
    }
    if (!assignable(t, *ret)) {
      if (want) error(loc, "this lambda must return " + name(*ret) + ", not " + name(t));
      else error(loc, "this lambda returns " + name(t) + " here but " + name(*ret) + " elsewhere");
      return std::nullopt;
    }
  }
  if (!ret->is(Type::K::Void) && !alwaysReturns(e.lamBody)) {
    error(e.loc, "this lambda must return " + name(*ret) + " on every path");
    return std::nullopt;
  }
  return ret;
}

Val Lowerer::funcRef(const Expr &e, const Type *expected) {
  auto it = funcs_.find(e.name);
  if (it == funcs_.end() || e.name == "start") {
    error(e.loc, "'&" + e.name + "' needs the name of a function" + (e.name == "start" ? " other than start" : ""));
    return bad();
  }
  const FuncInfo &f = it->second;
  if (!f.decl->typeParams.empty()) { error(e.loc, "'&" + e.name + "' is generic; wrap it in a lambda with the types it should take"); return bad(); }
  for (const Type &p : f.params)
    if (p.isError()) return bad();
  Type ft = Type::func(f.params, f.ret);
  if (expected && expected->is(Type::K::Func) && !sameType(ft, *expected)) {
    error(e.loc, "&" + e.name + " is " + name(ft) + ", not " + name(*expected));
    return bad();
  }
  std::string thunk = "__ref_" + f.il;
  bool made = false;
  for (const LambdaInfo &l : lambdas_) made = made || (!l.lam && l.info.il == thunk);
  if (!made) {
    LambdaInfo &li = lambdas_.emplace_back();
    li.target = f.il;
    li.info.name = e.name;
    li.info.il = thunk;
    li.info.params = f.params;
    li.info.ret = f.ret;
  }
  b_.setLoc(e.loc);
  il::Value clo = *b_.call(RtFn::objNew, {IRBuilder::i64(0), IRBuilder::i64(32)});
  b_.store(il::Type::Ptr, field(b_, clo, 16), il::Value::global(thunk));
  b_.store(il::Type::Ptr, field(b_, clo, 24), il::Value::null());
  return Val{clo, ft, false};
}

Val Lowerer::closureCall(const Val &clo, const std::vector<const Expr *> &args, SourceLoc loc) {
  const Type &ft = clo.ty;
  const std::vector<Type> &ps = *ft.fparams;
  if (args.size() != ps.size()) {
    error(loc, "this " + name(ft) + " takes " + std::to_string(ps.size()) + " argument" + (ps.size() == 1 ? "" : "s") + ", got " +
                   std::to_string(args.size()));
    return bad();
  }
  std::vector<il::Value> ops;
  bool ok = true;
  for (size_t i = 0; i < args.size(); ++i) {
    Val v = expr(*args[i], &ps[i]);
    if (v.ty.isError()) { ok = false; continue; }
    if (!assignable(v.ty, ps[i])) {
      error(args[i]->loc, "argument " + std::to_string(i + 1) + " must be " + name(ps[i]) + ", not " + name(v.ty));
      use(v);
      ok = false;
      continue;
    }
    ops.push_back(use(Val{convert(v, ps[i], args[i]->loc, "pass"), ps[i], v.owned}));
  }
  if (!ok) return bad();
  return indirectCall(clo, ops, loc);
}

Val Lowerer::indirectCall(const Val &clo, const std::vector<il::Value> &args, SourceLoc loc) {
  const Type &ft = clo.ty;
  const std::vector<Type> &ps = *ft.fparams;
  b_.setLoc(loc);
  il::Value fn = b_.load(il::Type::Ptr, field(b_, clo.v, 16));
  il::Value env = b_.load(il::Type::Ptr, field(b_, clo.v, 24));
  std::vector<il::Value> ops{fn, env};
  ops.insert(ops.end(), args.begin(), args.end());
  const il::Type rt = ilType(*ft.val);
  il::Value r;
  if (rt == il::Type::Void) b_.emitVoid(Opcode::CallIndirect, ops);
  else r = b_.emit(Opcode::CallIndirect, rt, ops);
  il::Instr &in = b_.function().blocks[b_.block()].instrs.back();
  in.hasIndirectSig = true;
  in.indirectSig.ret = rt;
  in.indirectSig.params.push_back(il::Type::Ptr);
  for (const Type &p : ps) in.indirectSig.params.push_back(ilType(p));
  if (rt == il::Type::Void) return Val{IRBuilder::i64(0), Type::of(Type::K::Void), false};
  return Val{r, *ft.val, ft.val->is(Type::K::Str)};
}

void Lowerer::lowerClosures() {
  while (lambdasDone_ < lambdas_.size()) {
    LambdaInfo &li = lambdas_[lambdasDone_++];
    if (!li.lam) {
      // &f: call f with the parameters (the environment is unused).
      std::vector<std::pair<std::string, il::Type>> params{{"env", il::Type::Ptr}};
      for (size_t i = 0; i < li.info.params.size(); ++i) params.emplace_back("a" + std::to_string(i), ilType(li.info.params[i]));
      b_.beginFunction(li.info.il, ilType(li.info.ret), params, "entry_0");
      std::vector<il::Value> args;
      for (size_t i = 0; i < li.info.params.size(); ++i) args.push_back(b_.param(i + 1));
      auto r = b_.call(li.target, ilType(li.info.ret), args);
      b_.ret(li.info.ret.is(Type::K::Void) ? std::nullopt : r);
      continue;
    }
    const FuncInfo &f = li.info;
    beginBody(f);
    il::Value env = b_.param(0);
    for (size_t i = 0; i < li.captures.size(); ++i) {
      const Capture &c = li.captures[i];
      Local &l = declareLocal(c.name, c.ty, true, li.decl.loc);
      l.captured = true;
      il::Value v = b_.load(ilType(c.ty), field(b_, env, 16 + 8 * static_cast<int64_t>(i)));
      storeTo(l.slot, c.ty, Val{v, c.ty, false});
    }
    if (li.selfClass >= 0) {
      curClass_ = li.selfClass;
      self_ = b_.load(il::Type::Ptr, field(b_, env, 16 + 8 * static_cast<int64_t>(li.captures.size())));
    }
    if (li.lam->blockBody) {
      // Its returns store the result and leave (lambdaValue checked every path returns).
      block(li.lam->lamBody);
      if (!b_.terminated()) {
        flush();
        b_.br(exit_);
      }
      endBody(f);
      continue;
    }
    const Expr &body = *li.lam->args[0];
    b_.setLoc(body.loc);
    Val v = expr(body, f.ret.is(Type::K::Void) ? nullptr : &f.ret);
    if (retSlot_ && !v.ty.isError()) {
      il::Value c = convert(v, f.ret, body.loc, "return");
      storeTo(*retSlot_, f.ret, Val{c, f.ret, v.owned});
    } else {
      use(v);
    }
    flush();
    b_.br(exit_);
    endBody(f);
  }
}

} // namespace viper::zia
