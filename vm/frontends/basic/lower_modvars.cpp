// BASIC module variables (DEVELOPERS.md "BASIC", Module variables): which of main's
// names procedures share, DIM SHARED / SHARED / STATIC, and the runtime cells (rt_modvar_addr_*)
// that hold them.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

void Lowerer::collectShared(const Body &stmts) {
  for (const auto &sp : stmts) {
    const Stmt &s = *sp;
    if (s.kind == Stmt::K::Dim && s.shared)
      for (const DimDecl &d : s.decls) {
        if (shared_.count(d.name)) { error(d.loc, d.name + " is declared SHARED twice"); continue; }
        shared_[d.name] = {d.hasType ? d.type : suffixOf(d.name, Ty::Int), !d.dims.empty(), d.loc, false, d.cls};
      }
    for (const auto &arm : s.arms) collectShared(arm.second);
    collectShared(s.elseBody);
    collectShared(s.body);
    for (const auto &c : s.cases) collectShared(c.body);
  }
}

namespace {
/// Every name an expression tree mentions (variables, arrays, calls), with a loop:
/// left-deep chains are long.
void exprNames(const Expr *root, std::set<std::string> &out) {
  std::vector<const Expr *> stack{root};
  while (!stack.empty()) {
    const Expr *e = stack.back();
    stack.pop_back();
    if (!e) continue;
    if (e->kind == Expr::K::Name || e->kind == Expr::K::Apply) out.insert(e->text);
    for (const auto &a : e->args) stack.push_back(a.get());
    if (e->obj) stack.push_back(e->obj.get());
  }
}

/// The names a procedure body uses, and the ones it declares for itself.
void bodyNames(const Body &stmts, std::set<std::string> &used, std::set<std::string> &locals,
               std::vector<const DimDecl *> &shared, std::vector<const DimDecl *> &statics) {
  for (const auto &sp : stmts) {
    const Stmt &s = *sp;
    for (const auto &e : s.items) exprNames(e.get(), used);
    for (const auto &e : s.targets) exprNames(e.get(), used);
    for (const ExprP *e : {&s.target, &s.value, &s.from, &s.to, &s.step, &s.cond, &s.selector}) exprNames(e->get(), used);
    for (const DimDecl &d : s.decls) {
      for (const auto &e : d.dims) exprNames(e.get(), used);
      if (s.kind == Stmt::K::Redim) used.insert(d.name);
      else if (s.shared) shared.push_back(&d);
      else if (s.isStatic) statics.push_back(&d);
      else {
        locals.insert(d.name);
        if (!d.record.empty()) locals.insert(d.name + ".");  // marks a record: its fields are locals
      }
    }
    if (s.kind == Stmt::K::For) used.insert(s.var);
    if (s.kind == Stmt::K::Try && !s.var.empty()) locals.insert(s.var);
    for (const auto &arm : s.arms) {
      exprNames(arm.first.get(), used);
      bodyNames(arm.second, used, locals, shared, statics);
    }
    bodyNames(s.elseBody, used, locals, shared, statics);
    bodyNames(s.body, used, locals, shared, statics);
    bodyNames(s.finallyBody, used, locals, shared, statics);
    for (const auto &c : s.cases) {
      for (const auto &it : c.items) { exprNames(it.a.get(), used); exprNames(it.b.get(), used); }
      bodyNames(c.body, used, locals, shared, statics);
    }
  }
}
} // namespace

// Module variables (spec/basic.md §5; DEVELOPERS.md "BASIC"): what main declares or assigns
// is shared with every procedure that uses the name without a DIM, parameter or STATIC of
// its own. Only the names some procedure uses become module cells, so main's other
// variables stay frame slots.
void Lowerer::scanProcs(const Program &prog) {
  for (const Proc &p : prog.procs) {
    ProcScope &sc = scopes_[p.name];
    std::set<std::string> used;
    std::vector<const DimDecl *> shared, statics;
    bodyNames(p.body, used, sc.locals, shared, statics);
    for (const Param &par : p.params) sc.locals.insert(par.name);
    if (!p.cls.empty() && !p.isStatic) sc.locals.insert("ME");
    if (p.isFunction) sc.locals.insert(resultName(p));
    for (const DimDecl *d : shared) {
      Ty ty = d->hasType ? d->type : suffixOf(d->name, Ty::Int);
      if (sc.locals.count(d->name)) { error(d->loc, d->name + " is SHARED and also a local of " + p.name); continue; }
      auto it = shared_.find(d->name);
      if (it == shared_.end()) shared_[d->name] = {ty, !d->dims.empty(), d->loc, false, d->cls};
      used.insert(d->name);
    }
    for (const DimDecl *d : statics) {
      Ty ty = d->hasType ? d->type : suffixOf(d->name, Ty::Int);
      if (sc.locals.count(d->name) || sc.statics.count(d->name)) { error(d->loc, d->name + " is declared twice in " + p.name); continue; }
      if (ty == Ty::Obj) { error(d->loc, "STATIC objects are not supported (" + d->name + ")"); continue; }
      sc.statics[d->name] = {ty, false, d->loc, false, ""};
    }
    for (const std::string &n : used) {
      // A field of a local record (`p.X` after DIM p AS T) is local too.
      auto dot = n.find('.');
      if (dot != std::string::npos && sc.locals.count(n.substr(0, dot + 1))) { sc.locals.insert(n); continue; }
      // `o.F` / `o.M()`: the object variable o is used.
      if (dot != std::string::npos && !sc.locals.count(n.substr(0, dot)) && !sc.statics.count(n.substr(0, dot))) procUses_.insert(n.substr(0, dot));
      if (!sc.locals.count(n) && !sc.statics.count(n)) procUses_.insert(n);
    }
  }
}

// A module cell from the runtime (rt_modvar_addr_*): main and every procedure reach the
// same storage. Main initialises strings and 2-D extents; strings in cells are released by
// the runtime when the program ends, arrays by main's exit.
il::Value Lowerer::moduleCell(const std::string &cell, Ty ty, bool isArray, Var &v) {
  v.ty = ty;
  v.isArray = isArray;
  v.module = true;
  const bool str = ty == Ty::Str && !isArray;
  v.slot = *b_.call(str ? RtFn::modvarStr : RtFn::modvarI64, {IRBuilder::str(cell)});
  v.borrowed = str || proc_ != nullptr;
  if (isArray) v.cols = *b_.call(RtFn::modvarI64, {IRBuilder::str(cell + "#cols")});
  if (!proc_) {
    if (str) b_.store(il::Type::Str, v.slot, IRBuilder::str(""));
    if (isArray) b_.store(il::Type::I64, v.cols, IRBuilder::i64(1));
  }
  return v.slot;
}

namespace {
std::string staticCell(const std::string &proc, const std::string &name) { return "#static." + proc + "." + name; }
} // namespace

void Lowerer::declareShared() {
  const ProcScope *sc = proc_ ? &scopes_[proc_->name] : nullptr;
  for (const auto &[name, sh] : shared_) {
    if (sc && (sc->locals.count(name) || sc->statics.count(name))) continue;  // its own DIM, parameter or result hides it
    if (!staticVisible(name)) continue;  // a PRIVATE STATIC field outside its class
    Var v;
    moduleCell(name, sh.ty, sh.isArray, v);
    v.isConst = sh.isConst;
    v.cls = sh.cls;
    vars_.emplace(name, v);
  }
  if (sc) {
    for (const auto &[name, st] : sc->statics) {
      Var v;
      moduleCell(staticCell(proc_->name, name), st.ty, false, v);
      vars_.emplace(name, v);
    }
  } else {
    // STATIC strings start as "" (the runtime's cells start as null).
    for (const auto &[pname, psc] : scopes_)
      for (const auto &[name, st] : psc.statics)
        if (st.ty == Ty::Str) b_.store(il::Type::Str, *b_.call(RtFn::modvarStr, {IRBuilder::str(staticCell(pname, name))}), IRBuilder::str(""));
  }
}

} // namespace viper::basic
