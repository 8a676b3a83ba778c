// BASIC lowering: the program, procedures, and each function's variables (slots, labels);
// module variables are in lower_modvars.cpp, type inference in lower_infer.cpp.
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

Ty suffixOf(const std::string &name, Ty fallback) {
  switch (name.empty() ? ' ' : name.back()) {
  case '$': return Ty::Str;
  case '#': case '!': return Ty::Float;
  case '%': case '&': return Ty::Int;
  default: return fallback;
  }
}

bool anyStmt(const Body &stmts, bool (*pred)(const Stmt &)) {
  for (const auto &sp : stmts) {
    const Stmt &s = *sp;
    if (pred(s)) return true;
    for (const auto &arm : s.arms)
      if (anyStmt(arm.second, pred)) return true;
    if (anyStmt(s.elseBody, pred) || anyStmt(s.body, pred) || anyStmt(s.finallyBody, pred)) return true;
    for (const auto &c : s.cases)
      if (anyStmt(c.body, pred)) return true;
  }
  return false;
}

namespace {
// A TRY or an ON ERROR in these statements: a trap could then be caught and the program
// go on to read its variables (appendInPlace in lower_stmt.cpp).
bool hasHandler(const Body &stmts) {
  return anyStmt(stmts, [](const Stmt &s) { return s.kind == Stmt::K::Try || s.kind == Stmt::K::OnError; });
}
} // namespace

std::optional<il::Module> Lowerer::run(const Program &prog) {
  prog_ = &prog;
  catches_ = hasHandler(prog.main);
  for (const Proc &p : prog.procs) catches_ = catches_ || hasHandler(p.body);
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


Ty Lowerer::nameType(const std::string &name) const {
  auto it = vars_.find(name);
  return it != vars_.end() ? it->second.ty : suffixOf(name, Ty::Int);
}

Var *Lowerer::findVar(const std::string &name) {
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : &it->second;
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
