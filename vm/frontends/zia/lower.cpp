// Zia declarations -> IL functions: classes and their layout, function signatures, the
// entry point, frame slots and scopes (spec/zia.md §2, §6, §9).
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;

void Lowerer::error(SourceLoc loc, std::string msg) { diags_.error(loc, std::move(msg)); }

Type Lowerer::resolve(const TypeRef &t) {
  const std::string &n = t.name;
  if (auto b = typeBindings_.find(n); b != typeBindings_.end() && t.args.empty()) return b->second;
  auto noArgs = [&](Type ty) {
    if (!t.args.empty()) { error(t.loc, "type '" + n + "' takes no type arguments"); return errorType(); }
    return ty;
  };
  if (n == "Integer" || n == "int" || n == "Int" || n == "integer" || n == "Byte" || n == "byte") return noArgs(Type::of(Type::K::Int));
  if (n == "Number" || n == "double" || n == "Double" || n == "float" || n == "Float") return noArgs(Type::of(Type::K::Num));
  if (n == "Boolean" || n == "bool" || n == "Bool" || n == "boolean") return noArgs(Type::of(Type::K::Bool));
  if (n == "String" || n == "string") return noArgs(Type::of(Type::K::Str));
  if (n == "List") {
    if (t.args.size() != 1) { error(t.loc, "List takes one type argument: List[T]"); return errorType(); }
    Type e = resolve(t.args[0]);
    return e.isError() ? e : Type::list(e);
  }
  if (n == "__func") {
    std::vector<Type> ps;
    for (size_t i = 0; i + 1 < t.args.size(); ++i) {
      ps.push_back(resolve(t.args[i]));
      if (ps.back().isError()) return errorType();
    }
    Type r = t.args.back().name == "Void" ? Type::of(Type::K::Void) : resolve(t.args.back());
    if (r.isError()) return r;
    return Type::func(std::move(ps), r);
  }
  if (n == "Map") {
    if (t.args.size() != 2) { error(t.loc, "Map takes two type arguments: Map[K, V]"); return errorType(); }
    Type k = resolve(t.args[0]), v = resolve(t.args[1]);
    if (k.isError() || v.isError()) return errorType();
    if (!k.is(Type::K::Str) && !k.is(Type::K::Int) && !k.is(Type::K::Enum)) { error(t.args[0].loc, "a Map's keys must be String or Integer, not " + name(k)); return errorType(); }
    return Type::map(k, v);
  }
  if (n == "Set") {
    if (t.args.size() != 1) { error(t.loc, "Set takes one type argument: Set[T]"); return errorType(); }
    Type e = resolve(t.args[0]);
    if (e.isError()) return e;
    if (e.isRef()) { error(t.args[0].loc, "a Set holds Integer, Number, Boolean or String values, not " + name(e)); return errorType(); }
    return Type::set(e);
  }
  if (auto g = genericClasses_.find(scoped(n, [&](const std::string &q) { return genericClasses_.count(q) > 0; })); g != genericClasses_.end())
    return instantiateClass(*g->second, t);
  if (auto it = classIndex_.find(scoped(n, [&](const std::string &q) { return classIndex_.count(q) > 0; })); it != classIndex_.end())
    return noArgs(Type::klass(it->second));
  if (auto it = enumIndex_.find(scoped(n, [&](const std::string &q) { return enumIndex_.count(q) > 0; })); it != enumIndex_.end())
    return noArgs(Type::enumOf(it->second));
  if (!n.empty() && n.back() == '?') {
    TypeRef inner = t;
    inner.name.pop_back();
    Type e = resolve(inner);
    if (e.isError()) return e;
    if (e.is(Type::K::Opt)) { error(t.loc, "'" + n + "' is already optional"); return errorType(); }
    return Type::opt(e);
  }
  std::vector<std::string> cands = {"Integer", "Number", "Boolean", "String", "List"};
  for (const auto &c : classNames_) cands.push_back(c);
  for (const auto &c : enumNames_) cands.push_back(c);
  std::string near = closestName(n, cands);
  error(t.loc, "unknown type '" + n + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
  return errorType();
}

void Lowerer::declareFunctions() {
  for (const FuncDecl &d : prog_.funcs) {
    if (funcs_.count(d.name)) { error(d.loc, "function '" + d.name + "' is already defined"); continue; }
    if (classIndex_.count(d.name)) { error(d.loc, "'" + d.name + "' is already the name of a class"); continue; }
    if (enumIndex_.count(d.name)) { error(d.loc, "'" + d.name + "' is already the name of an enum"); continue; }
    FuncInfo f;
    f.name = d.name;
    // IL names: start() is @main; a user `main` or `rt_*` must not meet those.
    f.il = d.name == "start" ? "main" : (d.name == "main" || d.name.rfind("rt_", 0) == 0) ? "zia_" + d.name : d.name;
    f.decl = &d;
    declNs_ = &d.ns;  // its signature names the types of its namespace
    if (!d.typeParams.empty()) {
      // Generic: its signature is resolved per instance (lower_generic.cpp).
      for (const auto &tp : d.typeParams)
        if (!tp.constraint.empty() && (!classIndex_.count(tp.constraint) || !classes_[classIndex_[tp.constraint]].isInterface))
          error(tp.loc, "the constraint of '" + tp.name + "' must be an interface, not '" + tp.constraint + "'");
      funcs_.emplace(d.name, std::move(f));
      continue;
    }
    for (const Param &p : d.params) f.params.push_back(resolve(p.type));
    if (d.hasRet) f.ret = resolve(d.ret);
    if (d.name == "start" && (!d.params.empty() || (d.hasRet && !f.ret.is(Type::K::Void))))
      error(d.loc, "start() takes no parameters and returns nothing");
    funcs_.emplace(d.name, std::move(f));
  }
  declNs_ = nullptr;
  for (const auto &g : prog_.globals) {
    if (funcs_.count(g->name) || classIndex_.count(g->name) || globals_.count(g->name)) {
      error(g->loc, "'" + g->name + "' is already defined");
      continue;
    }
    GlobalInfo gi;
    gi.isFinal = g->isFinal;
    gi.ty = g->hasType ? resolve(g->type) : errorType();
    globals_.emplace(g->name, gi);
  }
}

Local *Lowerer::findLocal(const std::string &n) {
  for (auto s = scopes_.rbegin(); s != scopes_.rend(); ++s)
    for (auto it = s->rbegin(); it != s->rend(); ++it)  // newest first: a narrowed optional shadows its declaration
      if (it->first == n) return &it->second;
  return nullptr;
}

il::Value Lowerer::newSlot(const Type &t) {
  uint32_t cur = b_.block();
  SourceLoc loc = b_.loc();
  b_.setBlock(entry_);
  il::Value slot = b_.alloca(8);
  switch (t.k) {
  case Type::K::Int: case Type::K::Enum: b_.store(il::Type::I64, slot, IRBuilder::i64(0)); break;
  case Type::K::Num: b_.store(il::Type::F64, slot, IRBuilder::f64(0)); break;
  case Type::K::Bool: b_.store(il::Type::I1, slot, IRBuilder::boolean(false)); break;
  case Type::K::Str:
    b_.store(il::Type::Str, slot, IRBuilder::str(""));
    strSlots_.push_back(slot);
    break;
  default:
    b_.store(il::Type::Ptr, slot, il::Value::null());
    if (counted(t)) {  // given back when overwritten and at the exit (lower_release.cpp)
      refSlots_.emplace(slot.id, t);
      refSlotOrder_.emplace_back(slot.id, t);
    }
    break;
  }
  b_.setBlock(cur);
  b_.setLoc(loc);
  return slot;
}

Local &Lowerer::declareLocal(const std::string &n, const Type &t, bool isFinal, SourceLoc loc) {
  for (auto &[name, l] : scopes_.back())
    if (name == n) {
      error(loc, "'" + n + "' is already declared in this scope");
      return l;
    }
  Local l;
  l.ty = t;
  l.isFinal = isFinal;
  l.slot = newSlot(t);
  scopes_.back().emplace_back(n, l);
  return scopes_.back().back().second;
}

std::vector<std::string> Lowerer::visibleNames() const {
  std::vector<std::string> out;
  for (const auto &s : scopes_)
    for (const auto &[n, l] : s) out.push_back(n);
  if (curClass_ >= 0) {
    for (const auto &f : classes_[curClass_].fields) out.push_back(f.name);
    for (const auto &[n, m] : classes_[curClass_].methods) out.push_back(n);
  }
  for (const auto &[n, g] : globals_) out.push_back(n);
  for (const auto &[n, f] : funcs_) out.push_back(n);
  return out;
}

// Module variables live in the runtime's named storage (spec/zia.md §7 Globals).
il::Value Lowerer::globalAddr(const std::string &n, const Type &t) {
  const rt::RtFn fn = t.is(Type::K::Str) ? RtFn::modvarStr : RtFn::modvarI64;
  return *b_.call(fn, {IRBuilder::str("zia." + n)});
}

bool Lowerer::alwaysReturns(const Body &b) const {
  for (const auto &s : b) {
    if (s->kind == Stmt::K::Return || s->kind == Stmt::K::Throw) return true;
    if (s->kind == Stmt::K::Try) {
      bool all = alwaysReturns(s->body) || (s->hasFinally && alwaysReturns(s->elseBody));
      for (const auto &c : s->catches) all = all && alwaysReturns(c.body);
      if (all || (s->hasFinally && alwaysReturns(s->elseBody))) return true;
    }
    if (s->kind == Stmt::K::Block && alwaysReturns(s->body)) return true;
    if (s->kind == Stmt::K::Match &&
        std::find(exhaustiveMatches_.begin(), exhaustiveMatches_.end(), s.get()) != exhaustiveMatches_.end()) {
      bool all = !s->arms.empty();
      for (const auto &a : s->arms) all = all && alwaysReturns(a.body);
      if (all) return true;
    }
    if (s->kind == Stmt::K::If && !s->elseBody.empty() && alwaysReturns(s->body) && alwaysReturns(s->elseBody)) return true;
    // `while true { ... }` with no break leaves only through a return.
    if (s->kind == Stmt::K::While && s->cond->kind == Expr::K::Bool && s->cond->ival) {
      bool hasBreak = false;
      std::vector<const Body *> todo = {&s->body};
      while (!todo.empty()) {
        const Body *cur = todo.back();
        todo.pop_back();
        for (const auto &t : *cur) {
          if (t->kind == Stmt::K::Break) hasBreak = true;
          if (t->kind == Stmt::K::If || t->kind == Stmt::K::Block) {
            todo.push_back(&t->body);
            todo.push_back(&t->elseBody);
          }
        }
      }
      if (!hasBreak) return true;
    }
  }
  return false;
}

// Frame layout: an entry block of slots, then the body; every return stores its value
// and branches to one exit block that releases the function's strings.
void Lowerer::beginBody(const FuncInfo &f) {
  fn_ = &f;
  curClass_ = f.cls;
  std::vector<std::pair<std::string, il::Type>> params;
  if (f.closure >= 0) params.emplace_back("env", il::Type::Ptr);
  else if (f.cls >= 0) params.emplace_back("self", il::Type::Ptr);
  for (size_t i = 0; i < f.params.size(); ++i) params.emplace_back(f.decl->params[i].name, ilType(f.params[i]));
  b_.beginFunction(f.il, ilType(f.ret), params, "entry_0");
  b_.setLoc(f.decl->loc);
  entry_ = b_.block();
  strSlots_.clear();
  refSlots_.clear();
  refSlotOrder_.clear();
  borrowedSlots_.clear();
  borrowNames_ = {};
  if (f.closure < 0 && f.decl) {
    std::unordered_set<std::string> properties;
    for (const ClassDecl &c : prog_.classes)
      for (const FuncDecl &m : c.methods)
        if (!m.property.empty()) properties.insert(m.property);
    borrowNames_ = borrowedLocals(*f.decl, properties);
  }
  loops_.clear();
  scopes_.clear();
  tries_.reset();
  catchCtx_.clear();
  retSlot_.reset();
  pushScope();
  body_ = b_.newBlock("body");
  exit_ = b_.newBlock("exit");
  b_.setBlock(body_);
  size_t k = 0;
  if (f.closure >= 0) ++k;  // the environment: lowerClosures reads it
  else if (f.cls >= 0) self_ = b_.param(k++);
  if (!f.ret.is(Type::K::Void)) retSlot_ = newSlot(f.ret);
  for (size_t i = 0; i < f.params.size(); ++i) {
    Local &l = declareLocal(f.decl->params[i].name, f.params[i], false, f.decl->params[i].loc);
    uint32_t cur = b_.block();
    b_.setBlock(entry_);
    if (heldPtr(f.params[i])) {
      // A parameter borrows the caller's reference (the caller keeps it for the call):
      // not retained, and not released at the exit.
      forget(l.slot);
      b_.store(il::Type::Ptr, l.slot, b_.param(k++));
    } else {
      storeTo(l.slot, f.params[i], Val{b_.param(k++), f.params[i], false});
    }
    b_.setBlock(cur);
  }
}

void Lowerer::endBody(const FuncInfo &f) {
  if (!b_.terminated()) {
    if (!f.ret.is(Type::K::Void) && !alwaysReturns(f.decl->body) && !f.ret.isError())
      error(f.decl->loc, "missing return in function '" + f.name + "' returning " + name(f.ret));
    b_.br(exit_);
  }
  b_.setLoc(f.decl->loc);  // the frame's own code belongs to the function's line
  b_.setBlock(entry_);
  b_.br(body_);
  b_.setBlock(exit_);
  b_.moveBlockToEnd(exit_);
  std::optional<il::Value> rv;
  if (retSlot_) rv = b_.load(ilType(f.ret), *retSlot_);
  for (const il::Value &s : strSlots_) {
    if (retSlot_ && s.id == retSlot_->id) continue;  // the caller takes this reference
    b_.call(RtFn::strReleaseMaybe, {b_.load(il::Type::Str, s)});
  }
  for (const auto &[id, t] : refSlotOrder_) {
    if (retSlot_ && id == retSlot_->id) continue;  // the caller takes this reference
    releaseRef(b_.load(il::Type::Ptr, il::Value::temp(id)), t);
  }
  b_.ret(rv);
  popScope();
  borrowNames_ = {};
  borrowedSlots_.clear();
  fn_ = nullptr;
  curClass_ = -1;
}

void Lowerer::lowerFunction(const FuncInfo &f) {
  beginBody(f);
  block(f.decl->body);
  endBody(f);
}

// @main: the globals' initialisers in order, then start()'s body.
void Lowerer::lowerMain() {
  auto it = funcs_.find("start");
  if (it == funcs_.end()) {
    error({fileId_, 1, 1}, "missing entry point: func start()");
    return;
  }
  const FuncInfo &f = it->second;
  beginBody(f);
  for (const auto &g : prog_.globals) {
    GlobalInfo &gi = globals_[g->name];
    b_.setLoc(g->loc);
    if (g->value) {
      Val v = expr(*g->value, g->hasType ? &gi.ty : nullptr);
      if (!g->hasType) {
        gi.ty = v.ty;
        if (v.ty.is(Type::K::Null) || v.ty.is(Type::K::Void)) {
          error(g->value->loc, "cannot infer the type of '" + g->name + "' from " + name(v.ty));
          gi.ty = errorType();
        }
      }
      il::Value conv = convert(v, gi.ty, g->value->loc, "assign");
      if (!gi.ty.isError()) {
        il::Value addr = globalAddr(g->name, gi.ty);
        storeTo(addr, gi.ty, carried(v, conv, gi.ty), true);
      }
    } else if (gi.ty.is(Type::K::Str)) {
      b_.store(il::Type::Str, globalAddr(g->name, gi.ty), IRBuilder::str(""));
    } else if (isStructType(gi.ty)) {
      il::Value obj = newObject(gi.ty.cls);
      il::Value addr = globalAddr(g->name, gi.ty);
      b_.store(il::Type::Ptr, addr, obj);
    }
    gi.ready = true;
    flush();
  }
  block(f.decl->body);
  endBody(f);
}

std::optional<il::Module> Lowerer::run() {
  declareEnums();
  declareClasses();
  declareFunctions();
  if (diags_.hasErrors()) return std::nullopt;
  lowerMain();
  for (const auto &[n, f] : funcs_)
    if (n != "start" && f.decl->typeParams.empty()) lowerFunction(f);
  // Lowering may make generic class instances, lambdas and generic function instances;
  // each may make more.
  do {
    lowerClassMethods();
    lowerClosures();
    lowerGenerics();
  } while (classesLowered_ < classes_.size());
  lowerStructCopies();
  lowerReleases();
  if (diags_.hasErrors()) return std::nullopt;
  return std::move(m_);
}

} // namespace viper::zia
