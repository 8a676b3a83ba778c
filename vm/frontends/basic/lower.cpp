// BASIC lowering: the program, procedures, variables and their types.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

il::Type ilType(Ty t) {
  switch (t) {
  case Ty::Int: return il::Type::I64;
  case Ty::Float: return il::Type::F64;
  case Ty::Str: return il::Type::Str;
  case Ty::Bool: return il::Type::I1;
  case Ty::Void: return il::Type::Void;
  case Ty::Obj: return il::Type::Ptr;
  }
  return il::Type::I64;
}

std::optional<il::Module> lower(const Program &prog, DiagnosticEngine &diags) { return Lowerer(diags).run(prog); }

void Lowerer::error(SourceLoc loc, std::string msg) { diags_.error(loc, std::move(msg)); }

ProcSig procSigOf(const Proc &p, std::string ilName) {
  ProcSig sig;
  sig.ilName = std::move(ilName);
  sig.ret = p.ret;
  sig.isFunction = p.isFunction;
  sig.loc = p.loc;
  sig.retCls = p.retCls;
  sig.proc = &p;
  for (const Param &par : p.params) {
    sig.paramCls.push_back(par.cls);
    sig.params.push_back(par.type);
    sig.arrayParam.push_back(par.isArray);
    sig.byRefParam.push_back(par.byRef && !par.isArray);
  }
  return sig;
}

namespace {
/// IL names allow letters, digits and _ . $ # %; BASIC's ! and & suffixes are spelled out.
std::string ilName(const std::string &basicName) {
  std::string s;
  for (char c : basicName) {
    if (c == '!') s += "_sng";
    else if (c == '&') s += "_lng";
    else s += c;
  }
  return s;
}

} // namespace

std::string resultName(const Proc &p) {
  if (!p.propName.empty()) return p.propName;  // PROPERTY ... GET: `Name = v` sets the result
  if (!p.cls.empty()) return p.method;
  return p.ns.empty() ? p.name : p.name.substr(p.ns.size() + 1);
}

std::string eachIndexName(const Stmt &s) {
  // Not a valid BASIC name, so it cannot clash with the program's variables.
  return "#each" + std::to_string(s.loc.line) + "_" + std::to_string(s.loc.col);
}

namespace {

Ty suffixOf(const std::string &name, Ty fallback) {
  switch (name.empty() ? ' ' : name.back()) {
  case '$': return Ty::Str;
  case '#': case '!': return Ty::Float;
  case '%': case '&': return Ty::Int;
  default: return fallback;
  }
}
} // namespace

std::optional<il::Module> Lowerer::run(const Program &prog) {
  prog_ = &prog;
  declareProcs(prog);
  declareInterfaces(prog);
  declareClasses(prog);
  checkImplements(prog);
  declareStaticFields(prog);
  for (const RecordType &r : prog.records) records_[r.name] = &r;
  collectShared(prog.main);
  scanProcs(prog);
  // main first, so the program reads top-down in `viper il`.
  lowerFunction(nullptr, prog.main);
  for (const Proc &p : prog.procs)
    if (!p.isAbstract) lowerFunction(&p, p.body);
  emitClassHelpers();
  emitIfaceHelpers();
  if (diags_.hasErrors()) return std::nullopt;
  return std::move(mod_);
}

void Lowerer::declareProcs(const Program &prog) {
  for (const Proc &p : prog.procs) {
    if (procs_.count(p.name)) {
      error(p.loc, (p.isFunction ? "FUNCTION " : "SUB ") + p.name + " is defined twice");
      continue;
    }
    ProcSig sig = procSigOf(p, ilName(p.name));
    if (sig.ilName == "main") sig.ilName = "main_";
    procs_.emplace(p.name, sig);
  }
}

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

Ty Lowerer::nameType(const std::string &name) const {
  auto it = vars_.find(name);
  return it != vars_.end() ? it->second.ty : suffixOf(name, Ty::Int);
}

Var *Lowerer::findVar(const std::string &name) {
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : &it->second;
}

namespace {
Ty binaryType(const std::string &op, Ty a, Ty b) {
  if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=" || op == "ANDALSO" || op == "ORELSE" || op == "IS") return Ty::Bool;
  if (op == "AS") return Ty::Obj;
  if (op == "/" || op == "^") return Ty::Float;
  if (op == "\\" || op == "MOD") return Ty::Int;
  if (op == "AND" || op == "OR") return a == Ty::Bool && b == Ty::Bool ? Ty::Bool : Ty::Int;
  if (op == "+" && (a == Ty::Str || b == Ty::Str)) return Ty::Str;
  return a == Ty::Float || b == Ty::Float ? Ty::Float : Ty::Int;
}
} // namespace

// The type an expression will have, for "first assignment decides" inference. It
// follows the lowering's rules without emitting anything.
Ty Lowerer::inferType(const Expr &e) {
  switch (e.kind) {
  case Expr::K::Int: return Ty::Int;
  case Expr::K::Float: return Ty::Float;
  case Expr::K::Str: return Ty::Str;
  case Expr::K::Bool: return Ty::Bool;
  case Expr::K::New: return Ty::Obj;
  case Expr::K::Member: {
    Ty t; std::string c;
    if (e.text.find('.') == std::string::npos && inferType(*e.obj) == Ty::Str) return stringMethodType(e.text, e.ival != 0);
    if (memberType(inferCls(*e.obj), e.text, t, c)) return t;
    return Ty::Int;
  }
  case Expr::K::Name: {
    if (e.text == "NOTHING" && !findVar(e.text)) return Ty::Obj;
    Ty t; std::string c;
    if (!findVar(e.text) && pathType(e.text, t, c)) return t;
    if (const rt::RuntimeFunction *rf = findVar(e.text) ? nullptr : stringMemberFn(e.text, false))  // s.Length
      return rf->signature.ret == il::Type::Str ? Ty::Str : rf->signature.ret == il::Type::I1 ? Ty::Bool : Ty::Int;
    return (e.text == "TIMER" || e.text == "ERR" || e.text == "ERL") && !findVar(e.text) ? Ty::Int : nameType(e.text);
  }
  case Expr::K::Apply: {
    if (Var *v = findVar(e.text); v && v->isArray) return v->ty;
    { Ty t; std::string c; if (pathType(e.text, t, c)) return t; }
    if (const ProcSig *sig = findProc(e.text)) return sig->ret;
    {
      const ProcSig *sig = nullptr;
      Var *arr = nullptr;
      std::string member;
      if (stringOfCall(e, &sig, &arr, member)) return stringMethodType(member, false);  // F$(x).Length
    }
    const rt::RuntimeFunction *rf = findRuntime(e.text);
    if (!rf) rf = stringMemberFn(e.text, true);  // s.Substring(i, n)
    if (rf) {
      switch (rf->signature.ret) {
      case il::Type::F64: return Ty::Float;
      case il::Type::Str: return Ty::Str;
      case il::Type::I1: return Ty::Bool;
      default: return Ty::Int;
      }
    }
    static const std::set<std::string> kFloat = {"VAL", "SQR", "SIN", "COS", "TAN", "ATN", "EXP", "LOG", "FIX", "ROUND",
                                                 "FLOOR", "CEIL", "POW", "CSNG", "CDBL", "RND"};
    if (kFloat.count(e.text)) return Ty::Float;
    if ((e.text == "INT" || e.text == "ABS") && !e.args.empty()) return inferType(*e.args[0]) == Ty::Float ? Ty::Float : Ty::Int;
    if (!e.text.empty() && e.text.back() == '$') return Ty::Str;
    return Ty::Int;
  }
  case Expr::K::Unary: {
    Ty t = inferType(*e.args[0]);
    if (e.text == "NOT") return t == Ty::Bool ? Ty::Bool : Ty::Int;
    return t == Ty::Bool ? Ty::Int : t;
  }
  case Expr::K::Binary: {
    // A loop over the left spine, as the lowering does (chains of 100,000 terms).
    const LeftSpine spine = leftSpine(e);
    Ty a = inferType(*spine.leftmost);
    for (size_t i = spine.ops.size(); i-- > 0;) a = binaryType(spine.ops[i]->text, a, inferType(*spine.ops[i]->args[1]));
    return a;
  }
  }
  return Ty::Int;
}

std::string Lowerer::inferCls(const Expr &e) {
  Ty t; std::string c;
  switch (e.kind) {
  case Expr::K::New: return e.text;
  case Expr::K::Binary: return e.text == "AS" ? e.args[1]->text : "";
  case Expr::K::Member:
    if (memberType(inferCls(*e.obj), e.text, t, c)) return c;
    return "";
  case Expr::K::Name:
    if (Var *v = findVar(e.text)) return v->cls;
    if (pathType(e.text, t, c)) return c;
    if (const ProcSig *sig = findProc(e.text)) return sig->retCls;
    return "";
  case Expr::K::Apply:
    if (Var *v = findVar(e.text); v && v->isArray) return v->cls;
    if (pathType(e.text, t, c)) return c;
    if (const ProcSig *sig = findProc(e.text)) return sig->retCls;
    return "";
  default: return "";
  }
}

void Lowerer::declareVar(const std::string &name, Ty ty, bool isArray, SourceLoc loc, const std::string &cls) {
  if (Var *v = findVar(name)) {
    if (v->isArray != isArray) error(loc, name + " is already declared as " + (v->isArray ? "an array" : "a variable"));
    return;
  }
  if (procs_.count(name) && !(proc_ && resultName(*proc_) == name)) {
    error(loc, name + " is the name of a " + (procs_[name].isFunction ? "FUNCTION" : "SUB"));
    return;
  }
  Var v;
  if (!proc_ && procUses_.count(name) && name[0] != '#') {
    // A procedure uses it: a module variable.
    moduleCell(name, ty, isArray, v);
    v.cls = cls;
    shared_[name] = {ty, isArray, loc, false, cls};
    vars_.emplace(name, v);
    return;
  }
  v.ty = ty;
  v.cls = cls;
  v.isArray = isArray;
  v.slot = b_.alloca(8);
  if (isArray) {
    b_.store(il::Type::Ptr, v.slot, il::Value::null());
    v.cols = b_.alloca(8);
    b_.store(il::Type::I64, v.cols, fe::IRBuilder::i64(1));
  } else {
    switch (ty) {
    case Ty::Int: b_.store(il::Type::I64, v.slot, fe::IRBuilder::i64(0)); break;
    case Ty::Float: b_.store(il::Type::F64, v.slot, fe::IRBuilder::f64(0)); break;
    case Ty::Str: b_.store(il::Type::Str, v.slot, fe::IRBuilder::str("")); break;
    case Ty::Bool: b_.store(il::Type::I1, v.slot, fe::IRBuilder::boolean(false)); break;
    case Ty::Obj: b_.store(il::Type::Ptr, v.slot, il::Value::null()); break;
    case Ty::Void: break;
    }
  }
  vars_.emplace(name, v);
}

// Every variable gets its slot in the entry block, in source order, so its type is
// settled before any statement is lowered (spec/basic.md §2: suffix, DIM, else the type
// of the first assignment).
void Lowerer::collectVars(const Body &stmts) {
  for (const auto &sp : stmts) {
    const Stmt &s = *sp;
    switch (s.kind) {
    case Stmt::K::Dim: case Stmt::K::Redim:
      if (proc_ && (s.shared || s.isStatic)) break;  // declared by declareShared
      for (const DimDecl &d : s.decls) {
        if (!d.record.empty()) {
          // A record is its fields: NAME.FIELD variables (or arrays).
          if (findVar(d.name) || recordVars_.count(d.name)) { error(d.loc, d.name + " is already declared"); continue; }
          const RecordType *r = records_.at(d.record);
          recordVars_[d.name] = r;
          for (const auto &[f, fty] : r->fields) declareVar(d.name + "." + f, fty, !d.dims.empty(), d.loc);
          continue;
        }
        Ty ty = d.hasType ? d.type : suffixOf(d.name, Ty::Int);
        if (d.hasType && suffixOf(d.name, ty) != ty) error(d.loc, d.name + " has a type suffix that contradicts AS " + tyName(d.type));
        declareVar(d.name, ty, !d.dims.empty(), d.loc, d.cls);
      }
      break;
    case Stmt::K::Let:
      if (s.target->kind == Expr::K::Name && !findVar(s.target->text)) {
        Ty t; std::string c;
        if (pathType(s.target->text, t, c)) break;  // a field of an object
        if (auto dot = s.target->text.find('.'); dot != std::string::npos && classes_.count(s.target->text.substr(0, dot))) break;  // CLASS.FIELD: STATIC or an error
        const Ty ty = suffixOf(s.target->text, inferType(*s.value));
        declareVar(s.target->text, ty, false, s.loc, ty == Ty::Obj ? inferCls(*s.value) : "");
      }
      break;
    case Stmt::K::Const:
      if (!findVar(s.word)) {
        declareVar(s.word, suffixOf(s.word, inferType(*s.value)), false, s.loc);
        vars_[s.word].isConst = true;
        if (!proc_ && shared_.count(s.word)) shared_[s.word].isConst = true;
      } else {
        error(s.loc, s.word + " is already defined");
      }
      break;
    case Stmt::K::For:
      if (s.word == "EACH") {
        Var *arr = s.from->kind == Expr::K::Name ? findVar(s.from->text) : nullptr;
        if (!findVar(s.var)) declareVar(s.var, suffixOf(s.var, arr && arr->isArray ? arr->ty : Ty::Int), false, s.loc);
        declareVar(eachIndexName(s), Ty::Int, false, s.loc);
      } else if (!findVar(s.var)) {
        declareVar(s.var, suffixOf(s.var, Ty::Int), false, s.loc);
      }
      break;
    case Stmt::K::Try:
      // ERR() reads the code of the last caught error (0 until then).
      if (!findVar("#ERR")) declareVar("#ERR", Ty::Int, false, s.loc);
      if (!s.var.empty() && !findVar(s.var)) declareVar(s.var, Ty::Int, false, s.loc);
      break;
    case Stmt::K::Input: case Stmt::K::LineInput:
      for (const auto &t : s.targets)
        if (t->kind == Expr::K::Name && !findVar(t->text))
          declareVar(t->text, suffixOf(t->text, s.kind == Stmt::K::LineInput ? Ty::Str : Ty::Int), false, t->loc);
      break;
    default: break;
    }
    for (const auto &arm : s.arms) collectVars(arm.second);
    collectVars(s.elseBody);
    collectVars(s.body);
    collectVars(s.finallyBody);
    for (const auto &c : s.cases) collectVars(c.body);
  }
}

void Lowerer::collectLabels(const Body &stmts) {
  for (const auto &sp : stmts) {
    const Stmt &s = *sp;
    if (s.kind == Stmt::K::Label) {
      if (labels_.count(s.word)) error(s.loc, "label " + s.word + " is defined twice");
      else labels_.emplace(s.word, b_.newBlock(std::isdigit(static_cast<unsigned char>(s.word[0])) ? "L" + s.word : "L_" + s.word));
    }
    for (const auto &arm : s.arms) collectLabels(arm.second);
    collectLabels(s.elseBody);
    collectLabels(s.body);
    collectLabels(s.finallyBody);
    for (const auto &c : s.cases) collectLabels(c.body);
  }
}

void Lowerer::ensureOpen() {
  if (b_.terminated()) b_.setBlock(b_.newBlock("after"));
}

// Strings and arrays the function owns are released on its way out.
void Lowerer::releaseAtExit() {
  for (auto &[name, v] : vars_) {
    if (v.borrowed || (v.module && proc_)) continue;
    if (v.isArray) {
      fe::arrayRelease(b_, arrayElem(v.ty), b_.load(il::Type::Ptr, v.slot));
    } else if (v.ty == Ty::Str) {
      rtVoid(RtFn::strReleaseMaybe, {b_.load(il::Type::Str, v.slot)});
    }
  }
}

void Lowerer::lowerFunction(const Proc *proc, const Body &stmts) {
  proc_ = proc;
  vars_.clear();
  recordVars_.clear();
  labels_.clear();
  loops_.clear();
  forVars_.clear();
  temps_.clear();
  boxTemps_.clear();
  gosubReturns_.clear();
  returnDispatches_.clear();
  gosubStack_ = gosubDepth_ = il::Value::null();
  tries_.reset();
  std::vector<std::pair<std::string, il::Type>> params;
  std::vector<size_t> paramIndex;  // IL parameter of each BASIC one (an array also passes its second extent next)
  const bool hasMe = proc && !proc->cls.empty() && !proc->isStatic;
  if (hasMe) params.push_back({"ME", il::Type::Ptr});
  if (proc)
    for (const Param &p : proc->params) {
      paramIndex.push_back(params.size());
      params.push_back({"p_" + ilName(p.name), p.isArray || p.byRef ? il::Type::Ptr : ilType(p.type)});
      if (p.isArray) params.push_back({"p_" + ilName(p.name) + "_cols", il::Type::I64});
    }
  const std::string name = proc ? procs_[proc->name].ilName : "main";
  const il::Type ret = proc ? (proc->isFunction ? ilType(proc->ret) : il::Type::Void) : il::Type::I64;
  b_.beginFunction(name, ret, params, proc ? "entry_" + name : "entry");
  b_.setLoc(proc ? proc->loc : SourceLoc{0, 0, 0});
  if (hasMe) {
    Var me;
    me.ty = Ty::Obj;
    me.cls = proc->cls;
    me.isConst = true;
    me.slot = b_.alloca(8);
    b_.store(il::Type::Ptr, me.slot, b_.param(0));
    vars_.emplace("ME", me);
  }
  if (proc) {
    for (size_t i = 0; i < proc->params.size(); ++i) {
      const Param &p = proc->params[i];
      if (findVar(p.name)) { error(p.loc, "parameter " + p.name + " is listed twice"); continue; }
      if (p.byRef && !p.isArray) {
        // BYREF: the parameter is the address of the caller's variable.
        Var v;
        v.ty = p.type;
        v.slot = b_.param(paramIndex[i]);
        v.borrowed = true;
        vars_.emplace(p.name, v);
        continue;
      }
      declareVar(p.name, p.type, p.isArray, p.loc, p.cls);
      Var &v = vars_[p.name];
      if (p.isArray) {
        // The caller's array handle and second extent; the caller keeps ownership.
        b_.store(il::Type::Ptr, v.slot, b_.param(paramIndex[i]));
        b_.store(il::Type::I64, v.cols, b_.param(paramIndex[i] + 1));
        v.borrowed = true;
      } else {
        b_.store(ilType(p.type), v.slot, b_.param(paramIndex[i]));
      }
    }
    if (proc->isFunction) declareVar(resultName(*proc), proc->ret, false, proc->loc, proc->retCls);
  }
  declareShared();
  if (!proc) runStaticConstructors();
  collectVars(stmts);
  if (proc && proc->isFunction) result_ = vars_[resultName(*proc)].slot;
  exit_ = b_.newBlock(proc ? "ret_" + name : "exit");
  collectLabels(stmts);
  beginOnError(stmts);
  body(stmts);
  flush();
  if (!b_.terminated()) b_.br(exit_);
  finishOnError();
  // RETURN (from GOSUB) sites jump to a dispatch block that switches on the saved id.
  for (uint32_t d : returnDispatches_) {
    b_.setBlock(d);
    il::Value depth = b_.load(il::Type::I64, gosubDepth_);
    il::Value empty = b_.emit(Opcode::ICmpEq, il::Type::I1, {depth, fe::IRBuilder::i64(0)});
    uint32_t fail = b_.newBlock("gosub_empty"), pop = b_.newBlock("gosub_pop");
    b_.cbr(empty, fail, pop);
    b_.setBlock(fail);
    rtVoid(RtFn::diagTrap, {fe::IRBuilder::str("gosub: empty return stack")});
    b_.br(exit_);
    b_.setBlock(pop);
    il::Value d1 = b_.emit(Opcode::ISubOvf, il::Type::I64, {depth, fe::IRBuilder::i64(1)});
    b_.store(il::Type::I64, gosubDepth_, d1);
    il::Value off = b_.emit(Opcode::IMulOvf, il::Type::I64, {d1, fe::IRBuilder::i64(8)});
    il::Value at = b_.emit(Opcode::Gep, il::Type::Ptr, {gosubStack_, off});
    il::Value id = b_.load(il::Type::I64, at);
    il::Value id32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {id});
    std::vector<std::pair<int64_t, uint32_t>> cases;
    for (size_t k = 0; k < gosubReturns_.size(); ++k) cases.push_back({static_cast<int64_t>(k), gosubReturns_[k]});
    b_.switchI32(id32, exit_, cases);
  }
  b_.setBlock(exit_);
  std::optional<il::Value> rv;
  if (proc && proc->isFunction) {
    rv = b_.load(ilType(proc->ret), result_);
    if (proc->ret == Ty::Str) rtVoid(RtFn::strRetainMaybe, {*rv});  // the caller owns the result
  }
  if (!proc) runStaticDestructors();
  releaseAtExit();
  if (onErr_.active) b_.ehPop();
  onErr_ = OnErr{};
  if (!proc) rv = fe::IRBuilder::i64(0);
  b_.ret(rv);
  b_.moveBlockToEnd(exit_);  // created first (everything jumps there), laid out last
  proc_ = nullptr;
}

} // namespace viper::basic
