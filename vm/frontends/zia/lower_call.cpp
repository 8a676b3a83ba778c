// Zia calls and objects -> IL: user functions and methods, runtime functions through
// `bind` or a qualified name, string methods (Viper.String.* with the receiver first),
// list literals and methods in lower_list.cpp, classes (rt_obj_new_i64,
// fields at 16 + 8*i, methods as @Class.m(self, ...)) (spec/zia.md §4, §6).
#include "frontends/zia/lower_impl.hpp"
#include "runtime/registry.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

namespace {
std::string joinPath(const std::vector<std::string> &p) {
  std::string s;
  for (const auto &x : p) s += (s.empty() ? "" : ".") + x;
  return s;
}
} // namespace

std::optional<std::string> Lowerer::runtimeName(const std::string &n) const {
  for (const Bind &b : prog_.binds) {
    if (b.isFile || !b.alias.empty()) continue;
    if (!b.only.empty()) {
      std::string plain = n.rfind("get_", 0) == 0 ? n.substr(4) : n;
      if (std::find(b.only.begin(), b.only.end(), plain) == b.only.end()) continue;
    }
    std::string cand = joinPath(b.path) + "." + n;
    if (rt::findRuntimeFunction(cand)) return cand;
  }
  return std::nullopt;
}

std::optional<std::string> Lowerer::qualifiedName(const Expr &e) {
  std::vector<std::string> parts;
  const Expr *cur = &e;
  while (cur->kind == Expr::K::Member) {
    parts.push_back(cur->name);
    cur = cur->args[0].get();
  }
  if (cur->kind != Expr::K::Name || parts.empty()) return std::nullopt;
  const std::string &root = cur->name;
  if (findLocal(root) || globals_.count(root) || (curClass_ >= 0 && classes_[curClass_].field(root))) return std::nullopt;
  std::string prefix = root;
  for (const Bind &b : prog_.binds)
    if (!b.alias.empty() && b.alias == root) prefix = joinPath(b.path);
  if (prefix == root && root != "Viper") return std::nullopt;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) prefix += "." + *it;
  return prefix;
}

Val Lowerer::call(const Expr &e) {
  const Expr &callee = *e.args[0];
  std::vector<const Expr *> args;
  for (size_t i = 1; i < e.args.size(); ++i) args.push_back(e.args[i].get());
  std::vector<std::string> names;
  for (size_t i = 1; i < e.argNames.size(); ++i) names.push_back(e.argNames[i]);
  auto evalArgs = [&] {
    std::vector<Val> vs;
    for (const Expr *a : args) vs.push_back(expr(*a));
    return vs;
  };
  if (callee.kind == Expr::K::Name) {
    const std::string &n = callee.name;
    if (Local *l = findLocal(n); l && l->ty.is(Type::K::Func)) return closureCall(Val{b_.load(il::Type::Ptr, l->slot), l->ty, false}, args, e.loc);
    if (curClass_ >= 0)
      if (const FieldInfo *f = classes_[curClass_].field(n); f && f->ty.is(Type::K::Func))
        return closureCall(Val{b_.load(il::Type::Ptr, fieldAddr(self_, *f)), f->ty, false}, args, e.loc);
    if (auto g = globals_.find(n); g != globals_.end() && g->second.ready && g->second.ty.is(Type::K::Func))
      return closureCall(Val{b_.load(il::Type::Ptr, globalAddr(n, g->second.ty)), g->second.ty, false}, args, e.loc);
    if (findLocal(n) || globals_.count(n) || (curClass_ >= 0 && classes_[curClass_].field(n))) {
      error(callee.loc, "'" + n + "' is not a function");
      return bad();
    }
    if (curClass_ >= 0)
      if (const FuncInfo *m = findMethod(curClass_, n)) {
        if (n == "init") { error(callee.loc, "init is called by 'new' (or as super.init(...)), not directly"); return bad(); }
        if (!arrangeArgs(*m, args, &names, e.loc)) return bad();
        return callMethod(curClass_, *m, self_, args, e.loc);
      }
    if (auto f = funcs_.find(scopedFunc(n)); f != funcs_.end()) {
      if (n == "start") { error(callee.loc, "start() is the entry point and cannot be called"); return bad(); }
      if (!f->second.decl->typeParams.empty()) return genericCall(f->second, args, e.loc);
      if (!arrangeArgs(f->second, args, &names, e.loc)) return bad();
      return callUser(f->second, std::nullopt, args, e.loc);
    }
    if (classIndex_.count(n)) {
      error(callee.loc, "use 'new " + n + "(...)' to create a " + n);
      return bad();
    }
    if (auto rn = runtimeName(n)) return callRuntime(*rn, evalArgs(), e.loc, n);
    std::vector<std::string> cands;
    for (const auto &[fn, f] : funcs_) cands.push_back(fn);
    if (curClass_ >= 0)
      for (const auto &[mn, m] : classes_[curClass_].methods) cands.push_back(mn);
    std::string near = closestName(n, cands);
    bool hasTerminal = false;
    for (const Bind &b : prog_.binds) hasTerminal = hasTerminal || joinPath(b.path) == "Viper.Terminal";
    std::string hint = near.empty() && !hasTerminal && rt::findRuntimeFunction("Viper.Terminal." + n)
                           ? " (add 'bind Viper.Terminal;')"
                           : "";
    error(callee.loc, "undefined function '" + n + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?") + hint);
    return bad();
  }
  if (callee.kind == Expr::K::Super) return superCall("init", args, e.loc);
  if (callee.kind == Expr::K::Member && callee.args[0]->kind == Expr::K::Super) return superCall(callee.name, args, e.loc);
  if (callee.kind == Expr::K::Member) {
    if (auto d = dottedName(callee)) {  // `A.B.f(...)`: a function of namespace A.B
      if (auto f = funcs_.find(*d); f != funcs_.end()) {
        if (!f->second.decl->typeParams.empty()) return genericCall(f->second, args, e.loc);
        if (!arrangeArgs(f->second, args, &names, e.loc)) return bad();
        return callUser(f->second, std::nullopt, args, e.loc);
      }
    }
    if (auto q = qualifiedName(callee)) {
      if (rt::findRuntimeFunction(*q)) return callRuntime(*q, evalArgs(), e.loc, *q);
      error(callee.loc, "unknown runtime function '" + *q + "'");
      return bad();
    }
    if (callee.op == "?.") return optChain(callee, &args);
    return methodCall(*callee.args[0], callee.name, args, e.loc, &names);
  }
  error(callee.loc, "this expression cannot be called");
  return bad();
}

Val Lowerer::callUser(const FuncInfo &f, std::optional<il::Value> self, const std::vector<const Expr *> &args, SourceLoc loc) {
  std::vector<il::Value> ilArgs;
  if (self) ilArgs.push_back(*self);
  if (!callArgs(f, args, loc, ilArgs)) return bad();
  b_.setLoc(loc);
  auto r = b_.call(f.il, ilType(f.ret), std::move(ilArgs));
  releaseArgRefs();
  if (f.ret.is(Type::K::Void)) return Val{IRBuilder::i64(0), kVoid, false};
  // A String result is the caller's reference, and so is a counted one (lower_release.cpp).
  return Val{*r, f.ret, f.ret.is(Type::K::Str), counted(f.ret)};
}

bool Lowerer::callArgs(const FuncInfo &f, const std::vector<const Expr *> &args, SourceLoc loc, std::vector<il::Value> &ilArgs) {
  const char *what = f.cls >= 0 ? "method" : "function";
  argMarks_.push_back(argRefs_.size());  // releaseArgRefs() after the call gives these back
  if (f.decl && !f.params.empty() && f.decl->params.size() == f.params.size() && f.decl->params.back().variadic)
    return variadicArgs(f, args, loc, ilArgs);
  bool ok = true;
  if (args.size() != f.params.size()) {
    error(loc, std::string(what) + " " + f.name + " expects " + plural(f.params.size(), "argument") + ", got " +
                   std::to_string(args.size()));
    ok = false;
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const Type *pt = i < f.params.size() ? &f.params[i] : nullptr;
    Val v = expr(*args[i], pt);
    if (!pt || v.ty.isError() || pt->isError()) { ok = ok && pt && !v.ty.isError() && !pt->isError(); use(v); continue; }
    if (!assignable(v.ty, *pt)) {
      error(args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + f.name + "' must be " + name(*pt) + ", not " + name(v.ty));
      ok = false;
      use(v);
      continue;
    }
    il::Value c = convert(v, *pt, args[i]->loc, "pass");
    ilArgs.push_back(use(Val{c, *pt, v.owned}));
    if (v.plus && counted(v.ty)) argRefs_.emplace_back(v.v, v.ty);  // the callee borrows it
  }
  return ok;
}

Val Lowerer::callRuntime(const std::string &fnName, std::vector<Val> args, SourceLoc loc, const std::string &shown) {
  std::string fn = fnName;
  // Integer overloads of the Number math functions.
  static const std::pair<const char *, const char *> kIntForms[] = {
      {"Viper.Math.Abs", "Viper.Math.AbsInt"}, {"Viper.Math.Min", "Viper.Math.MinInt"}, {"Viper.Math.Max", "Viper.Math.MaxInt"},
      {"Viper.Math.Clamp", "Viper.Math.ClampInt"}, {"Viper.Math.Sign", "Viper.Math.SignInt"}};
  bool allInt = !args.empty();
  for (const Val &a : args) allInt = allInt && a.ty.is(Type::K::Int);
  if (allInt)
    for (const auto &[from, to] : kIntForms)
      if (fn == from) fn = to;
  const rt::RuntimeFunction *rf = rt::findRuntimeFunction(fn);
  if (!rf) { error(loc, "unknown runtime function '" + fn + "'"); return bad(); }
  const il::Signature &sig = rf->signature;
  bool ok = true;
  for (const Val &a : args) ok = ok && !a.ty.isError();
  if (args.size() != sig.params.size()) {
    error(loc, "function " + shown + " expects " + plural(sig.params.size(), "argument") + ", got " + std::to_string(args.size()));
    for (const Val &a : args) use(a);
    return bad();
  }
  std::vector<il::Value> ilArgs;
  for (size_t i = 0; i < args.size() && ok; ++i) {
    const Val &a = args[i];
    il::Type pt = sig.params[i];
    auto wrong = [&](const char *want) {
      error(loc, "argument " + std::to_string(i + 1) + " of '" + shown + "' must be " + want + ", not " + name(a.ty));
      ok = false;
    };
    switch (pt) {
    case il::Type::Str: {
      Val t = toText(a, loc);  // any value is text where a String is expected
      if (t.ty.isError()) { ok = false; break; }
      ilArgs.push_back(use(t));
      break;
    }
    case il::Type::F64:
      if (!a.ty.isNumeric()) wrong("Number");
      else ilArgs.push_back(toNum(a));
      break;
    case il::Type::I64:
      if (!a.ty.is(Type::K::Int)) wrong("Integer");
      else ilArgs.push_back(a.v);
      break;
    case il::Type::I1:
      if (!a.ty.is(Type::K::Bool)) wrong("Boolean");
      else ilArgs.push_back(a.v);
      break;
    case il::Type::Ptr:
      if (!a.ty.isRef()) wrong("an object");
      else ilArgs.push_back(a.v);
      break;
    default:
      error(loc, "runtime function '" + fn + "' cannot be called from Zia (parameter type " + std::string(il::typeName(pt)) + ")");
      ok = false;
    }
  }
  if (!ok) {
    for (const Val &a : args) use(a);
    return bad();
  }
  Type ret;
  switch (sig.ret) {
  case il::Type::Void: ret = kVoid; break;
  case il::Type::I64: ret = kInt; break;
  case il::Type::F64: ret = kNum; break;
  case il::Type::I1: ret = kBool; break;
  case il::Type::Str: ret = kStr; break;
  case il::Type::Ptr:
    if (rf->canonicalName == "Viper.String.Split") { ret = Type::list(kStr); break; }
    [[fallthrough]];
  default:
    error(loc, "runtime function '" + fn + "' cannot be called from Zia (it returns " + std::string(il::typeName(sig.ret)) + ")");
    return bad();
  }
  b_.setLoc(loc);
  auto r = b_.call(fn, sig.ret, std::move(ilArgs));
  if (ret.is(Type::K::Void)) return Val{IRBuilder::i64(0), kVoid, false};
  return Val{*r, ret, ret.is(Type::K::Str), ret.is(Type::K::List)};  // Split's list is new
}

Val Lowerer::methodCall(const Expr &recv, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc,
                        const std::vector<std::string> *names) {
  return methodOn(expr(recv), m, args, loc, names);
}

bool Lowerer::arrangeArgs(const FuncInfo &f, std::vector<const Expr *> &args, const std::vector<std::string> *names, SourceLoc loc) {
  bool named = false;
  if (names)
    for (const auto &n : *names) named = named || !n.empty();
  const size_t np = f.params.size();
  bool defaults = args.size() < np;
  if (!named && !defaults) return true;
  std::vector<const Expr *> out(np, nullptr);
  for (size_t k = 0; k < args.size(); ++k) {
    const std::string n = names && k < names->size() ? (*names)[k] : "";
    size_t at = k;
    if (n.empty()) {
      if (k >= np) return true;  // too many: callArgs reports it
    } else {
      at = np;
      for (size_t i = 0; i < np; ++i)
        if (f.decl->params[i].name == n) at = i;
      if (at == np) { error(args[k]->loc, "'" + f.name + "' has no parameter '" + n + "'"); return false; }
    }
    if (out[at]) { error(args[k]->loc, "argument '" + f.decl->params[at].name + "' of '" + f.name + "' is given twice"); return false; }
    out[at] = args[k];
  }
  for (size_t i = 0; i < np; ++i) {
    if (out[i]) continue;
    if (!f.decl->params[i].def) {
      if (!named) return true;  // positional only: callArgs reports the count
      error(loc, "missing argument '" + f.decl->params[i].name + "' of '" + f.name + "'");
      return false;
    }
    out[i] = f.decl->params[i].def.get();
  }
  args = std::move(out);
  return true;
}

Val Lowerer::methodOn(const Val &obj, const std::string &m, const std::vector<const Expr *> &argsIn, SourceLoc loc,
                      const std::vector<std::string> *names) {
  std::vector<const Expr *> args = argsIn;
  if (obj.ty.isError()) return bad();
  if (obj.ty.is(Type::K::Opt)) {
    error(loc, "cannot call '" + m + "' on " + name(obj.ty) + ", which may be null; use ?." + m + "(...) or unwrap it with !");
    use(obj);
    return bad();
  }
  if (obj.ty.is(Type::K::Str)) return stringMethod(obj, m, args, loc, true);
  if (obj.ty.is(Type::K::List)) return listMethod(obj, m, args, loc, true);
  if (obj.ty.is(Type::K::Map)) return mapMethod(obj, m, args, loc, true);
  if (obj.ty.is(Type::K::Set)) return setMethod(obj, m, args, loc, true);
  if (obj.ty.is(Type::K::Class)) {
    const ClassInfo &c = classes_[obj.ty.cls];
    const FuncInfo *fm = findMethod(obj.ty.cls, m);
    const char *kind = c.isInterface ? "interface" : "class";
    if (const FieldInfo *ff = c.field(m); !fm && ff && ff->ty.is(Type::K::Func) && canSee(ff->owner, ff->exposed))
      return closureCall(Val{b_.load(il::Type::Ptr, fieldAddr(obj.v, *ff)), ff->ty, false}, args, loc);
    if (!fm) {
      std::vector<std::string> cands;
      for (int k = obj.ty.cls; k >= 0; k = classes_[k].base)
        for (const auto &[n, f] : classes_[k].methods) cands.push_back(n);
      std::string near = closestName(m, cands);
      error(loc, (c.field(m) ? "'" + m + "' is a field of class '" + c.name + "', not a method"
                             : std::string(kind) + " '" + c.name + "' has no method '" + m + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?")));
      return bad();
    }
    if (m == "init") { error(loc, "init is called by 'new', not directly"); return bad(); }
    if (!canSee(fm->cls, fm->exposed)) { error(loc, "method '" + m + "' of class '" + classes_[fm->cls].name + "' is hidden"); return bad(); }
    if (!arrangeArgs(*fm, args, names, loc)) return bad();
    return callMethod(obj.ty.cls, *fm, obj.v, args, loc);
  }
  error(loc, name(obj.ty) + " has no method '" + m + "'");
  return bad();
}

Val Lowerer::stringMethod(const Val &s, const std::string &mIn, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall) {
  std::string m = mIn;
  if (!m.empty() && std::islower(static_cast<unsigned char>(m[0]))) m[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(m[0])));
  std::string fn;
  bool property = false;
  if (m == "Length" || m == "IsEmpty") {
    fn = "Viper.String.get_" + m;
    property = true;
  } else if (rt::findRuntimeFunction("Viper.String." + m)) {
    fn = "Viper.String." + m;
  }
  if (fn.empty()) {
    error(loc, "String has no method '" + mIn + "'");
    use(s);
    return bad();
  }
  if (!isCall && !property) {
    error(loc, "'" + mIn + "' is a method; call it with " + mIn + "(...)");
    use(s);
    return bad();
  }
  std::vector<Val> vs{s};
  for (const Expr *a : args) vs.push_back(expr(*a));
  return callRuntime(fn, std::move(vs), loc, mIn);
}

Val Lowerer::member(const Expr &e) {
  if (auto d = dottedName(e)) {  // `A.B.g`: a global of namespace A.B
    if (auto g = globals_.find(*d); g != globals_.end()) {
      if (!g->second.ready) { error(e.loc, "'" + *d + "' is used before its declaration"); return bad(); }
      if (g->second.ty.isError()) return bad();
      return Val{b_.load(ilType(g->second.ty), globalAddr(*d, g->second.ty)), g->second.ty, false};
    }
  }
  if (auto v = enumVariant(e)) return *v;
  if (auto q = qualifiedName(e)) {
    size_t dot = q->rfind('.');
    std::string getter = q->substr(0, dot) + ".get_" + q->substr(dot + 1);
    if (rt::findRuntimeFunction(getter)) return callRuntime(getter, {}, e.loc, *q);
    error(e.loc, "unknown runtime name '" + *q + "'");
    return bad();
  }
  if (e.op == "?.") return optChain(e, nullptr);
  return memberOn(expr(*e.args[0]), e);
}

Val Lowerer::memberOn(const Val &obj, const Expr &e) {
  if (obj.ty.isError()) return bad();
  if (obj.ty.is(Type::K::Opt)) {
    error(e.loc, "cannot read '" + e.name + "' of " + name(obj.ty) + ", which may be null; use ?." + e.name + " or unwrap it with !");
    use(obj);
    return bad();
  }
  if (obj.ty.is(Type::K::Str)) return stringMethod(obj, e.name, {}, e.loc, false);
  if (obj.ty.is(Type::K::List)) return listMethod(obj, e.name, {}, e.loc, false);
  if (obj.ty.is(Type::K::ErrRec)) return errMember(obj, e);
  if (obj.ty.is(Type::K::Map)) return mapMethod(obj, e.name, {}, e.loc, false);
  if (obj.ty.is(Type::K::Set)) return setMethod(obj, e.name, {}, e.loc, false);
  if (obj.ty.is(Type::K::Class)) {
    const ClassInfo &c = classes_[obj.ty.cls];
    const FieldInfo *f = c.field(e.name);
    if (!f && hasProperty(obj.ty.cls, e.name)) return propertyGet(obj, e.name, e.loc);
    if (!f) {
      std::vector<std::string> cands;
      for (const auto &fi : c.fields) cands.push_back(fi.name);
      std::string near = closestName(e.name, cands);
      error(e.loc, findMethod(obj.ty.cls, e.name) ? "'" + e.name + "' is a method; call it with " + e.name + "(...)"
                                           : std::string(c.kind()) + " '" + c.name + "' has no field '" + e.name + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
      return bad();
    }
    if (!canSee(f->owner, f->exposed)) { error(e.loc, "field '" + e.name + "' of class '" + c.name + "' is hidden"); return bad(); }
    if (f->ty.isError()) return bad();
    b_.setLoc(e.loc);
    return Val{b_.load(ilType(f->ty), fieldAddr(obj.v, *f)), f->ty, false};
  }
  error(e.loc, name(obj.ty) + " has no member '" + e.name + "'");
  return bad();
}

Val Lowerer::index(const Expr &e) {
  Val obj = expr(*e.args[0]);
  if (obj.ty.is(Type::K::Map)) return mapIndex(obj, *e.args[1], e.loc);
  Val i = expr(*e.args[1]);
  if (obj.ty.isError() || i.ty.isError()) { use(obj); return bad(); }
  if (!i.ty.is(Type::K::Int)) {
    error(e.args[1]->loc, "an index must be Integer, not " + name(i.ty));
    use(obj);
    return bad();
  }
  b_.setLoc(e.loc);
  if (obj.ty.is(Type::K::List)) return listGet(obj.v, i.v, *obj.ty.elem);
  if (obj.ty.is(Type::K::Str)) {
    il::Value s = use(obj);
    return Val{*b_.call(RtFn::strSubstring, {s, i.v, IRBuilder::i64(1)}), kStr, true};
  }
  error(e.loc, "cannot index " + name(obj.ty));
  return bad();
}

il::Value Lowerer::fieldAddr(il::Value obj, const FieldInfo &f) {
  return b_.emit(Opcode::Gep, il::Type::Ptr, {obj, IRBuilder::i64(f.offset)});
}

Val Lowerer::newExpr(const Expr &e) {
  Type t = resolve(e.type);
  if (t.isError()) return bad();
  b_.setLoc(e.loc);
  if (t.is(Type::K::List) || t.is(Type::K::Map) || t.is(Type::K::Set)) {
    if (!e.args.empty()) { error(e.loc, "new " + name(t) + "() takes no arguments"); return bad(); }
    return Val{t.is(Type::K::Map) ? newMap() : *b_.call(RtFn::listNew, {}), t, false, true};
  }
  if (!t.is(Type::K::Class)) {
    error(e.loc, "cannot create a " + name(t) + " with 'new'");
    return bad();
  }
  const ClassInfo &c = classes_[t.cls];
  if (c.isInterface) { error(e.loc, "cannot create an instance of interface '" + c.name + "'; create a class that implements it"); return bad(); }
  const FuncInfo *init = findClassMethod(t.cls, "init");
  if (c.isStruct && !init) return newStructByFields(t.cls, e);
  il::Value obj = newObject(t.cls);
  std::vector<const Expr *> args;
  for (const auto &a : e.args) args.push_back(a.get());
  if (init) {
    if (!arrangeArgs(*init, args, &e.argNames, e.loc)) return bad();
    Val r = callUser(*init, obj, args, e.loc);
    if (r.ty.isError()) return bad();
  } else if (!args.empty()) {
    error(e.loc, "class '" + c.name + "' has no init, so new " + c.name + "() takes no arguments, got " + std::to_string(args.size()));
    return bad();
  }
  return Val{obj, t, false, counted(t)};  // the new block's own reference
}

} // namespace viper::zia
