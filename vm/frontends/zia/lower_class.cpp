// Zia classes with inheritance and interfaces -> IL (spec/zia.md §6, §7): class ids and
// layout (inherited fields first, from offset 16), method resolution, `override` and
// interface checks, virtual calls (rt_obj_class_id, then switch.i32 over the class ids
// whose body differs, each arm a direct call), `super` calls and `is`.
//
// Interface calls use the same switch as class calls (the whole program is known, so the
// classes implementing an interface are too) instead of upstream's runtime interface
// tables: the result is the same dispatch without a registry in the runtime.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

// Classes first (so every signature can name any class), then their layout, then their
// methods, then the rules between them.
void Lowerer::declareClasses() {
  for (const ClassDecl &c : prog_.classes) {
    if (classIndex_.count(c.name) || genericClasses_.count(c.name)) {
      error(c.loc, std::string(c.isInterface ? "interface" : c.isStruct ? "struct" : "class") + " '" + c.name + "' is already defined");
      continue;
    }
    if (!c.typeParams.empty()) {
      if (!c.base.empty() || !c.interfaces.empty())
        error(c.loc, "generic class '" + c.name + "' cannot extend a class or implement an interface (not supported yet)");
      genericClasses_[c.name] = &c;  // instantiated per use (lower_generic_class.cpp)
      continue;
    }
    classIndex_[c.name] = static_cast<int>(classes_.size());
    ClassInfo ci;
    ci.name = c.name;
    ci.il = c.name;
    ci.id = static_cast<int64_t>(classes_.size()) + 1;
    ci.decl = &c;
    ci.isInterface = c.isInterface;
    ci.isStruct = c.isStruct;
    classes_.push_back(std::move(ci));
    classNames_.push_back(c.name);
  }
  for (ClassInfo &ci : classes_) {
    const ClassDecl &c = *ci.decl;
    declNs_ = &c.ns;
    auto hasClass = [&](const std::string &q) { return classIndex_.count(q) > 0; };
    if (!c.base.empty()) {
      auto it = classIndex_.find(scoped(c.base, hasClass));
      if (it == classIndex_.end()) error(c.baseLoc, "unknown base class '" + c.base + "'");
      else if (classes_[it->second].isInterface)
        error(c.baseLoc, "'" + c.base + "' is an interface; write 'implements " + c.base + "'");
      else ci.base = it->second;
    }
    for (size_t i = 0; i < c.interfaces.size(); ++i) {
      auto it = classIndex_.find(scoped(c.interfaces[i], hasClass));
      if (it == classIndex_.end()) error(c.interfaceLocs[i], "unknown interface '" + c.interfaces[i] + "'");
      else if (!classes_[it->second].isInterface)
        error(c.interfaceLocs[i], "'" + c.interfaces[i] + "' is a class, not an interface; write 'extends " + c.interfaces[i] + "'");
      else ci.ifaces.push_back(it->second);
    }
  }
  std::vector<int> state(classes_.size(), 0);
  for (size_t i = 0; i < classes_.size(); ++i) layoutClass(static_cast<int>(i), state);
  declNs_ = nullptr;
  supers_.clear();
  for (const ClassInfo &ci : classes_) supers_.push_back(ci.supers);
  for (size_t i = 0; i < classes_.size(); ++i) declareMethods(static_cast<int>(i));
  declNs_ = nullptr;
  checkStructCycles();
  if (diags_.hasErrors()) return;
  for (size_t i = 0; i < classes_.size(); ++i) checkClass(static_cast<int>(i));
}

void Lowerer::declareMethods(int idx) {
  ClassInfo &ci = classes_[idx];
  const ClassDecl &c = *ci.decl;
  declNs_ = &c.ns;  // its members' types are looked up in its namespace
  for (const FuncDecl &m : c.methods) {
    if (ci.methods.count(m.name) || ci.field(m.name)) { error(m.loc, "'" + m.name + "' is already defined in " + std::string(ci.kind()) + " '" + ci.name + "'"); continue; }
    FuncInfo f;
    f.name = m.name;
    f.il = ci.il + "." + m.name;
    f.decl = &m;
    f.cls = idx;
    f.exposed = m.exposed || m.name == "init";
    f.hasBody = m.hasBody;
    for (const Param &p : m.params) f.params.push_back(resolve(p.type));
    if (m.hasRet) f.ret = resolve(m.ret);
    if (m.name == "init" && m.hasRet) error(m.loc, "init cannot return a value");
    if (m.name == "init" && ci.isInterface) error(m.loc, "an interface has no init");
    ci.methods.emplace(m.name, std::move(f));
  }
  declNs_ = nullptr;
}

// Fields: the base class's first (same offsets), then its own. `supers`: base classes
// nearest first, then every interface of the class and its bases.
void Lowerer::layoutClass(int c, std::vector<int> &state) {
  if (state[c] == 2) return;
  ClassInfo &ci = classes_[c];
  if (state[c] == 1) {
    error(ci.decl->baseLoc, "class '" + ci.name + "' inherits from itself");
    ci.base = -1;
    return;
  }
  state[c] = 1;
  if (ci.base >= 0) layoutClass(ci.base, state);
  state[c] = 2;
  std::vector<int> ifs;
  if (ci.base >= 0) {
    const ClassInfo &b = classes_[ci.base];
    ci.fields = b.fields;
    ci.supers.push_back(ci.base);
    for (int s : b.supers) {
      if (classes_[s].isInterface) ifs.push_back(s);
      else ci.supers.push_back(s);
    }
  }
  for (int i : ci.ifaces)
    if (std::find(ifs.begin(), ifs.end(), i) == ifs.end()) ifs.push_back(i);
  ci.supers.insert(ci.supers.end(), ifs.begin(), ifs.end());
  declNs_ = &ci.decl->ns;  // (a base's layout may have set its own)
  for (const FieldDecl &f : ci.decl->fields) {
    if (const FieldInfo *old = ci.field(f.name)) {
      error(f.loc, "field '" + f.name + "' is already defined in " + (old->owner == c ? "class '" + ci.name + "'" : "base class '" + classes_[old->owner].name + "'"));
      continue;
    }
    FieldInfo fi;
    fi.name = f.name;
    fi.ty = resolve(f.type);
    fi.offset = 16 + 8 * static_cast<int64_t>(ci.fields.size());
    fi.exposed = f.exposed;
    fi.isFinal = f.isFinal;
    fi.owner = c;
    fi.decl = &f;
    ci.fields.push_back(std::move(fi));
  }
}

bool Lowerer::isSubclass(int c, int of) const {
  if (c == of) return true;
  if (c < 0 || static_cast<size_t>(c) >= classes_.size()) return false;
  for (int s : classes_[c].supers)
    if (s == of) return true;
  return false;
}

const FuncInfo *Lowerer::findClassMethod(int c, const std::string &m) const {
  for (int k = c; k >= 0; k = classes_[k].base)
    if (auto it = classes_[k].methods.find(m); it != classes_[k].methods.end()) return &it->second;
  return nullptr;
}

const FuncInfo *Lowerer::findMethod(int c, const std::string &m) const {
  if (c < 0) return nullptr;
  if (const FuncInfo *f = findClassMethod(c, m)) return f;
  const FuncInfo *abstract = nullptr;
  for (int s : classes_[c].supers) {
    if (!classes_[s].isInterface) continue;
    auto it = classes_[s].methods.find(m);
    if (it == classes_[s].methods.end()) continue;
    if (it->second.hasBody) return &it->second;
    if (!abstract) abstract = &it->second;
  }
  return abstract;
}

std::string Lowerer::signatureText(const FuncInfo &f) const {
  std::string s = "func " + f.name + "(";
  for (size_t i = 0; i < f.params.size(); ++i) s += (i ? ", " : "") + f.decl->params[i].name + ": " + name(f.params[i]);
  s += ")";
  if (!f.ret.is(Type::K::Void)) s += " -> " + name(f.ret);
  return s;
}

namespace {
bool sameSignature(const FuncInfo &a, const FuncInfo &b) {
  if (a.params.size() != b.params.size() || !sameType(a.ret, b.ret)) return false;
  for (size_t i = 0; i < a.params.size(); ++i)
    if (!sameType(a.params[i], b.params[i])) return false;
  return true;
}
} // namespace

// `override` is required exactly where a base class has the method, with its signature;
// every method of every interface a class implements must be there (its own, inherited,
// or the interface's default), exposed and with the interface's signature.
void Lowerer::checkClass(int c) {
  const ClassInfo &ci = classes_[c];
  if (ci.isInterface) {
    for (const auto &[n, f] : ci.methods)
      if (f.decl->isOverride) error(f.decl->loc, "'override' is not allowed in an interface");
    return;
  }
  for (const auto &[n, f] : ci.methods) {
    if (n == "init") {
      if (f.decl->isOverride) error(f.decl->loc, "init cannot be marked 'override'");
      continue;
    }
    const FuncInfo *inherited = ci.base >= 0 ? findClassMethod(ci.base, n) : nullptr;
    if (inherited) {
      const std::string where = classes_[inherited->cls].name + "." + n;
      if (!f.decl->isOverride)
        error(f.decl->loc, "method '" + n + "' of class '" + ci.name + "' overrides " + where + "; mark it 'override'");
      else if (!sameSignature(f, *inherited))
        error(f.decl->loc, "method '" + n + "' of class '" + ci.name + "' must have the signature of " + where + ": " + signatureText(*inherited));
      continue;
    }
    bool inIface = false;
    for (int s : ci.supers)
      if (classes_[s].isInterface && classes_[s].methods.count(n)) inIface = true;
    if (f.decl->isOverride && !inIface)
      error(f.decl->loc, "method '" + n + "' of class '" + ci.name + "' is marked 'override' but no base class or interface of '" + ci.name + "' has it");
  }
  for (size_t k = 0; k < ci.ifaces.size(); ++k) {
    const ClassInfo &iface = classes_[ci.ifaces[k]];
    SourceLoc at = ci.decl->interfaceLocs.size() > k ? ci.decl->interfaceLocs[k] : ci.decl->loc;
    for (const auto &[n, want] : iface.methods) {
      const FuncInfo *impl = findClassMethod(c, n);
      if (!impl) {
        if (!want.hasBody)
          error(at, "class '" + ci.name + "' does not implement method '" + n + "' of interface '" + iface.name + "': " + signatureText(want));
        continue;
      }
      SourceLoc mloc = impl->cls == c ? impl->decl->loc : at;
      if (!sameSignature(*impl, want))
        error(mloc, "method '" + n + "' of class '" + classes_[impl->cls].name + "' does not match interface '" + iface.name + "': expected " + signatureText(want));
      else if (!impl->exposed)
        error(mloc, "method '" + n + "' of class '" + classes_[impl->cls].name + "' implements interface '" + iface.name + "' and must be exposed");
    }
  }
}

Type Lowerer::commonClass(const Type &a, const Type &b) const {
  if (!a.is(Type::K::Class) || !b.is(Type::K::Class)) return errorType();
  if (isSubclass(b.cls, a.cls)) return a;
  if (isSubclass(a.cls, b.cls)) return b;
  for (int s : classes_[a.cls].supers)
    if (isSubclass(b.cls, s)) return Type::klass(s);
  return errorType();
}

Val Lowerer::callMethod(int cls, const FuncInfo &f, il::Value self, const std::vector<const Expr *> &args, SourceLoc loc) {
  std::vector<il::Value> ilArgs{self};
  if (!callArgs(f, args, loc, ilArgs)) return bad();
  // What each class a `cls` value can be runs; arms only where that differs from the default.
  const FuncInfo *dflt = classes_[cls].isInterface ? nullptr : findMethod(cls, f.name);
  std::vector<std::pair<int64_t, const FuncInfo *>> arms;
  for (size_t d = 0; d < classes_.size(); ++d) {
    if (classes_[d].isInterface || !isSubclass(static_cast<int>(d), cls)) continue;
    const FuncInfo *impl = findMethod(static_cast<int>(d), f.name);
    if (!impl || !impl->hasBody) continue;
    if (!dflt) dflt = impl;
    if (impl != dflt) arms.emplace_back(classes_[d].id, impl);
  }
  b_.setLoc(loc);
  const il::Type rt = ilType(f.ret);
  auto result = [&](std::optional<il::Value> r) -> Val {
    releaseArgRefs();  // after the call(s)
    if (f.ret.is(Type::K::Void)) return Val{IRBuilder::i64(0), Type::of(Type::K::Void), false};
    return Val{*r, f.ret, f.ret.is(Type::K::Str), counted(f.ret)};  // a String or counted result is the caller's reference
  };
  if (!dflt || !dflt->hasBody) {
    // No class implements it: only null can be here, and rt_obj_class_id traps on it.
    b_.call(RtFn::objClassId, {self});
    uint32_t dead = b_.newBlock("vdispatch_none");
    b_.emitVoid(Opcode::Trap, {});
    b_.setBlock(dead);
    return result(rt == il::Type::Void ? std::nullopt : std::optional<il::Value>(rt == il::Type::Str ? IRBuilder::str("") : rt == il::Type::F64 ? IRBuilder::f64(0) : rt == il::Type::I1 ? IRBuilder::boolean(false) : rt == il::Type::Ptr ? il::Value::null() : IRBuilder::i64(0)));
  }
  if (arms.empty()) return result(b_.call(dflt->il, rt, std::move(ilArgs)));
  il::Value id = *b_.call(RtFn::objClassId, {self});
  il::Value id32 = b_.emit(Opcode::CastUiNarrowChk, il::Type::I32, {id});
  std::vector<il::Type> joinParams;
  if (rt != il::Type::Void) joinParams.push_back(rt);
  uint32_t join = b_.newBlock("vdispatch_end", joinParams);
  uint32_t dBlock = b_.newBlock("vdispatch_call");
  std::vector<std::pair<int64_t, uint32_t>> cases;
  std::vector<uint32_t> armBlocks;
  for (const auto &[cid, impl] : arms) {
    armBlocks.push_back(b_.newBlock("vdispatch_call"));
    cases.emplace_back(cid, armBlocks.back());
  }
  b_.switchI32(id32, dBlock, cases);
  auto arm = [&](uint32_t blk, const FuncInfo &impl) {
    b_.setBlock(blk);
    auto r = b_.call(impl.il, rt, ilArgs);
    if (rt == il::Type::Void) b_.br(join);
    else b_.br(join, {*r});
  };
  arm(dBlock, *dflt);
  for (size_t i = 0; i < arms.size(); ++i) arm(armBlocks[i], *arms[i].second);
  b_.setBlock(join);
  return result(rt == il::Type::Void ? std::nullopt : std::optional<il::Value>(b_.blockParam(join, 0)));
}

// `super.m(args)`: the base class's body, called directly; `super(args)` is super.init.
Val Lowerer::superCall(const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc) {
  if (curClass_ < 0 || classes_[curClass_].isInterface) { error(loc, "'super' is only available inside a class method"); return bad(); }
  const ClassInfo &c = classes_[curClass_];
  if (c.base < 0) { error(loc, "class '" + c.name + "' has no base class, so 'super' means nothing here"); return bad(); }
  const FuncInfo *f = findMethod(c.base, m);
  if (!f || !f->hasBody) {
    if (m == "init" && args.empty()) return Val{IRBuilder::i64(0), Type::of(Type::K::Void), false};
    error(loc, "base class '" + classes_[c.base].name + "' has no method '" + m + "'");
    return bad();
  }
  std::vector<il::Value> ilArgs{self_};
  if (!callArgs(*f, args, loc, ilArgs)) return bad();
  b_.setLoc(loc);
  auto r = b_.call(f->il, ilType(f->ret), std::move(ilArgs));
  releaseArgRefs();
  if (f->ret.is(Type::K::Void)) return Val{IRBuilder::i64(0), Type::of(Type::K::Void), false};
  return Val{*r, f->ret, f->ret.is(Type::K::Str), counted(f->ret)};
}

il::Value Lowerer::classTest(il::Value v, int cls) {
  uint32_t notNull = b_.newBlock("is_obj"), yes = b_.newBlock("is_yes"), join = b_.newBlock("is_end", {il::Type::I1});
  b_.cbr(*b_.call(RtFn::objIsNull, {v}), join, notNull, {IRBuilder::boolean(false)}, {});
  b_.setBlock(notNull);
  il::Value id32 = b_.emit(Opcode::CastUiNarrowChk, il::Type::I32, {*b_.call(RtFn::objClassId, {v})});
  std::vector<std::pair<int64_t, uint32_t>> cases;
  for (size_t d = 0; d < classes_.size(); ++d)
    if (!classes_[d].isInterface && isSubclass(static_cast<int>(d), cls)) cases.emplace_back(classes_[d].id, yes);
  uint32_t no = b_.newBlock("is_no");
  b_.switchI32(id32, no, cases);
  b_.setBlock(no);
  b_.br(join, {IRBuilder::boolean(false)});
  b_.setBlock(yes);
  b_.br(join, {IRBuilder::boolean(true)});
  b_.setBlock(join);
  return b_.blockParam(join, 0);
}

Val Lowerer::isExpr(const Expr &e) {
  Val x = expr(*e.args[0]);
  Type to = resolve(e.type);
  if (x.ty.isError() || to.isError()) { use(x); return bad(); }
  b_.setLoc(e.loc);
  if (!to.is(Type::K::Class) || !x.ty.is(Type::K::Class)) {
    error(e.loc, "'is' tests an object against a class or interface, not " + name(x.ty) + " against " + name(to));
    return bad();
  }
  return Val{classTest(x.v, to.cls), Type::of(Type::K::Bool), false};
}

} // namespace viper::zia
