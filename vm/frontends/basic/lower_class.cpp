// BASIC classes (spec/basic.md Tier 2 CLASS; DEVELOPERS.md "BASIC"): layout, field access,
// methods with a hidden ME, NEW, DELETE, single inheritance with VIRTUAL/OVERRIDE
// (dispatch on rt_obj_class_id), BASE.M(), obj IS T.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

namespace {
std::vector<std::string> splitDots(const std::string &s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    auto d = s.find('.', start);
    out.push_back(s.substr(start, d == std::string::npos ? std::string::npos : d - start));
    if (d == std::string::npos) return out;
    start = d + 1;
  }
}
} // namespace

void Lowerer::declareClasses(const Program &prog) {
  int64_t id = 1;
  for (const ClassDecl &c : prog.classes) {
    ClassInfo ci;
    ci.decl = &c;
    ci.id = id++;
    ci.base = c.base;
    classes_.emplace(c.name, ci);
  }
  // Bases must exist and not form a cycle; fields: the base's first (same offsets).
  std::set<std::string> done;
  std::function<bool(const std::string &, int)> layout = [&](const std::string &name, int depth) -> bool {
    ClassInfo &ci = classes_.at(name);
    if (done.count(name)) return true;
    if (depth > static_cast<int>(classes_.size())) { error(ci.decl->loc, "CLASS " + name + " inherits from itself"); return false; }
    if (!ci.base.empty()) {
      if (!classes_.count(ci.base)) { error(ci.decl->loc, "CLASS " + name + ": unknown base class " + ci.base); ci.base.clear(); }
      else if (classes_.at(ci.base).decl->isFinal) { error(ci.decl->loc, "CLASS " + name + " cannot derive from FINAL CLASS " + ci.base); ci.base.clear(); }
      else if (!layout(ci.base, depth + 1)) { ci.base.clear(); }
      else ci.fields = classes_.at(ci.base).fields;
    }
    for (const auto &f : ci.decl->fields) {
      if (f.isStatic) continue;  // a module cell CLASS.FIELD (declareStaticFields)
      bool clash = false;
      for (const auto &g : ci.fields) clash |= g.name == f.name;
      if (clash) { error(f.loc, "CLASS " + name + ": field " + f.name + " is already a field of a base class"); continue; }
      ci.fields.push_back({f.name, f.type, f.cls, 16 + 8 * static_cast<int64_t>(ci.fields.size()), f.isPrivate, name});
    }
    done.insert(name);
    return true;
  };
  for (const ClassDecl &c : prog.classes) layout(c.name, 0);
  // Overrides: OVERRIDE needs a VIRTUAL (or OVERRIDE) base method of the same signature.
  for (const Proc &p : prog.procs) {
    if (p.cls.empty()) continue;
    const ClassInfo &ci = classes_.at(p.cls);
    if (findField(p.cls, p.method)) error(p.loc, "CLASS " + p.cls + " has a field and a method named " + p.method);
    if (!p.propName.empty() && findField(p.cls, p.propName)) error(p.loc, "CLASS " + p.cls + " has a field and a PROPERTY named " + p.propName);
    if (!checkMemberModifiers(p)) continue;
    if (p.method == "DESTRUCTOR") continue;  // each class's runs in turn (DELETE), no dispatch
    if (p.method == kStaticNew) {
      if (!p.params.empty() || p.isVirtual || p.isOverride || p.isAbstract || p.isFinal || p.isPrivate)
        error(p.loc, "the STATIC SUB NEW of " + p.cls + " takes no parameters and no other modifiers");
      continue;
    }
    if (p.method == "NEW") {
      if (p.isVirtual || p.isOverride || p.isAbstract || p.isFinal || p.isStatic) error(p.loc, "the constructor NEW cannot be VIRTUAL, OVERRIDE, ABSTRACT, FINAL or STATIC");
      continue;
    }
    const ProcSig *baseM = ci.base.empty() ? nullptr : findMethod(ci.base, p.method);
    if (!baseM) {
      // OVERRIDE also marks the implementation of an interface member (reference example).
      if (p.isOverride && !implementsMember(p.cls, p.method)) error(p.loc, "OVERRIDE " + p.cls + "." + p.method + ": no base class has a method " + p.method);
      continue;
    }
    const std::string bname = baseM->proc->cls + "." + p.method;
    if (baseM->proc->isFinal) { error(p.loc, p.cls + "." + p.method + " cannot override the FINAL " + bname); continue; }
    if (p.isStatic || baseM->proc->isStatic) { error(p.loc, p.cls + "." + p.method + " hides " + bname + " (a STATIC method is not overridden)"); continue; }
    if (p.isAbstract) { error(p.loc, "ABSTRACT " + p.cls + "." + p.method + " hides " + bname); continue; }
    if (!isVirtualMethod(*baseM)) { error(p.loc, p.cls + "." + p.method + " hides " + bname + ", which is not VIRTUAL"); continue; }
    if (!p.isOverride) { error(p.loc, p.cls + "." + p.method + " overrides the VIRTUAL " + bname + ": mark it OVERRIDE"); continue; }
    const ProcSig &mine = procs_.at(p.name);
    if (!sameSignature(mine, *baseM))
      error(p.loc, p.cls + "." + p.method + " must have the same parameters and result as " + bname);
  }
}

bool Lowerer::isVirtualMethod(const ProcSig &sig) const { return sig.proc && (sig.proc->isVirtual || sig.proc->isOverride || sig.proc->isAbstract); }

bool Lowerer::isSubclass(const std::string &c, const std::string &base) const {
  if (c != base && ifaces_.count(base)) return implements(c, base);
  for (std::string k = c; !k.empty();) {
    if (k == base) return true;
    auto it = classes_.find(k);
    if (it == classes_.end()) return false;
    k = it->second.base;
  }
  return false;
}

const ClassInfo::Field *Lowerer::findField(const std::string &cls, const std::string &name) const {
  auto it = classes_.find(cls);
  if (it == classes_.end()) return nullptr;
  for (const auto &f : it->second.fields)
    if (f.name == name) return &f;
  return nullptr;
}

const ProcSig *Lowerer::findMethod(const std::string &cls, const std::string &name) const {
  if (ifaces_.count(cls)) return findIfaceMethod(cls, name);
  for (std::string k = cls; !k.empty();) {
    auto p = procs_.find(k + "." + name);
    if (p != procs_.end() && p->second.proc && p->second.proc->cls == k) return &p->second;
    auto it = classes_.find(k);
    if (it == classes_.end()) return nullptr;
    k = it->second.base;
  }
  return nullptr;
}

bool Lowerer::checkObj(const Val &v, const std::string &cls, SourceLoc loc, const char *what) {
  if (!v.ok) return false;
  if (v.ty != Ty::Obj) {
    error(loc, std::string("type mismatch: expected ") + cls + ", got " + tyName(v.ty));
    return false;
  }
  if (v.cls.empty() || isSubclass(v.cls, cls)) return true;
  if (v.cls == kElementCls && classes_.count(cls)) {
    error(loc, "a collection element is not known to be a " + cls + ": convert it with AS " + cls);
    return false;
  }
  if (std::string(what) == "assign") error(loc, "type mismatch: cannot assign " + v.cls + " to " + cls);
  else error(loc, "type mismatch: expected " + cls + ", got " + v.cls);
  return false;
}

bool Lowerer::objPrefix(const std::string &text, SourceLoc loc, Val &obj, std::string &last, bool &failed) {
  lastDirect_ = false;
  if (text.find('.') == std::string::npos) return false;
  const std::vector<std::string> parts = splitDots(text);
  if (parts[0] == "BASE" && !findVar("BASE") && proc_ && !proc_->cls.empty()) {
    const ClassInfo &ci = classes_.at(proc_->cls);
    if (ci.base.empty()) { error(loc, "BASE in CLASS " + proc_->cls + ", which has no base class"); failed = true; return true; }
    if (parts.size() != 2) { error(loc, "BASE.M(...) calls a method of the base class"); failed = true; return true; }
    obj.ty = Ty::Obj;
    obj.cls = ci.base;
    obj.v = b_.load(il::Type::Ptr, vars_.at("ME").slot);
    lastDirect_ = true;
    last = parts[1];
    return true;
  }
  const size_t head = staticObjectHead(parts);
  Var *v = findVar(head == 2 ? parts[0] + "." + parts[1] : parts[0]);
  if (!v || v->ty != Ty::Obj || v->isArray) return false;
  obj = Val{};
  obj.ty = Ty::Obj;
  obj.cls = v->cls;
  obj.v = b_.load(il::Type::Ptr, v->slot);
  static const std::vector<ExprP> none;
  for (size_t i = head; i + 1 < parts.size(); ++i) {
    // `o.M().Length` reaches here as the name O.M.LENGTH: a FUNCTION method in the middle
    // of the path is called without arguments.
    const bool method = obj.ty == Ty::Obj && !findField(obj.cls, parts[i]) && !hasProperty(obj.cls, parts[i]) && findMethod(obj.cls, parts[i]);
    Val f = method ? callMethod(obj, parts[i], none, loc, false) : loadField(obj, parts[i], loc);
    if (!f.ok) { failed = true; return true; }
    if (f.ty == Ty::Str && i + 2 == parts.size()) { obj = f; break; }  // o.Name.Length
    if (f.ty != Ty::Obj) { error(loc, parts[i] + " is not an object, so it has no member " + parts[i + 1]); failed = true; return true; }
    obj = f;
  }
  last = parts.back();
  return true;
}

// `Class.field.F...`: a STATIC object field's cell is the variable "CLASS.FIELD", so the
// head of the path is two names (2) when that is a variable and the first name is not; else 1.
size_t Lowerer::staticObjectHead(const std::vector<std::string> &parts) {
  if (parts.size() < 3 || findVar(parts[0])) return 1;
  Var *v = findVar(parts[0] + "." + parts[1]);
  return v && v->ty == Ty::Obj && !v->isArray ? 2 : 1;
}

bool Lowerer::pathType(const std::string &text, Ty &ty, std::string &cls) {
  if (text.find('.') == std::string::npos) return false;
  const std::vector<std::string> parts = splitDots(text);
  std::string c;
  if (parts[0] == "BASE" && !findVar("BASE") && proc_ && !proc_->cls.empty()) c = classes_.at(proc_->cls).base;
  const size_t head = c.empty() ? staticObjectHead(parts) : 1;
  if (c.empty()) {
    Var *v = findVar(head == 2 ? parts[0] + "." + parts[1] : parts[0]);
    if (!v || v->ty != Ty::Obj) return false;  // an object array: a(i).F.G
    c = v->cls;
  }
  ty = Ty::Int;
  cls.clear();
  if (isRuntimeClass(c) && parts.size() == head + 1) return runtimeMemberType(c, parts[head], ty, cls);
  for (size_t i = head; i < parts.size(); ++i) {
    if (i > head && ty == Ty::Str) {  // o.Name.Length: a member of the STRING field
      ty = stringMethodType(parts[i], false);
      return true;
    }
    if (const ClassInfo::Field *f = findField(c, parts[i])) {
      ty = f->ty;
      c = cls = f->cls;
      continue;
    }
    if (const ProcSig *g = findMethod(c, "GET_" + parts[i])) {
      ty = g->ret;
      c = cls = g->retCls;
      continue;
    }
    if (const ProcSig *m = findMethod(c, parts[i])) {
      ty = m->isFunction ? m->ret : Ty::Void;
      c = cls = m->retCls;
      if (i + 1 < parts.size()) continue;  // o.M().Length
    }
    return true;
  }
  return true;
}

namespace {
bool visible(const Proc *inside, const std::string &owner) { return inside && inside->cls == owner; }
} // namespace

Val Lowerer::loadField(const Val &obj, const std::string &name, SourceLoc loc) {
  static const std::vector<ExprP> none;
  if (obj.ty == Ty::Str) return stringMethod(obj, name, none, loc);
  const ClassInfo::Field *f = findField(obj.cls, name);
  if (!f && hasProperty(obj.cls, name)) return getProperty(obj, name, loc);
  if (!f) { error(loc, (ifaces_.count(obj.cls) ? "INTERFACE " : "CLASS ") + obj.cls + " has no field " + name); return bad(); }
  if (f->isPrivate && !visible(proc_, f->owner)) { error(loc, f->owner + "." + name + " is PRIVATE"); return bad(); }
  b_.setLoc(loc);
  il::Value addr = b_.emit(Opcode::Gep, il::Type::Ptr, {obj.v, IRBuilder::i64(f->offset)});
  Val v;
  v.ty = f->ty;
  v.cls = f->cls;
  v.v = b_.load(ilType(f->ty), addr);  // a null object traps here, at this line
  return v;
}

void Lowerer::storeField(const Val &obj, const std::string &name, Val v, SourceLoc loc) {
  if (obj.ty == Ty::Str) { error(loc, "cannot assign to the STRING member " + name); return; }
  const ClassInfo::Field *f = findField(obj.cls, name);
  if (!f && hasProperty(obj.cls, name)) { setProperty(obj, name, v, loc); return; }
  if (!f) { error(loc, (ifaces_.count(obj.cls) ? "INTERFACE " : "CLASS ") + obj.cls + " has no field " + name); return; }
  if (f->isPrivate && !visible(proc_, f->owner)) { error(loc, f->owner + "." + name + " is PRIVATE"); return; }
  if (f->ty == Ty::Obj && !checkObj(v, f->cls, loc, "assign")) return;
  il::Value x = convert(v, f->ty, loc, "assign");
  b_.setLoc(loc);
  il::Value addr = b_.emit(Opcode::Gep, il::Type::Ptr, {obj.v, IRBuilder::i64(f->offset)});
  b_.store(ilType(f->ty), addr, x);
  if (f->ty == Ty::Str) use(v);  // the field retained its own reference
}

std::vector<std::pair<std::string, il::Type>> Lowerer::ilParams(const ProcSig &sig) const {
  std::vector<std::pair<std::string, il::Type>> ps{{"ME", il::Type::Ptr}};
  for (size_t i = 0; i < sig.params.size(); ++i) {
    const std::string n = "a" + std::to_string(i);
    if (sig.arrayParam[i]) { ps.push_back({n, il::Type::Ptr}); ps.push_back({n + "_cols", il::Type::I64}); }
    else ps.push_back({n, sig.byRefParam[i] ? il::Type::Ptr : ilType(sig.params[i])});
  }
  return ps;
}

const ProcSig *Lowerer::methodTarget(const Val &obj, const std::string &name, SourceLoc loc, bool statement, bool direct, ProcSig &disp) {
  const ProcSig *sig = findMethod(obj.cls, name);
  if (!sig) { error(loc, "CLASS " + obj.cls + " has no method or field " + name); return nullptr; }
  if (name == "NEW") { error(loc, "the constructor runs through NEW " + obj.cls + "(...)"); return nullptr; }
  if (name == "DESTRUCTOR") { error(loc, "the DESTRUCTOR runs through DELETE"); return nullptr; }
  if (sig->proc->isStatic) { error(loc, "STATIC " + sig->proc->cls + "." + name + " is called through its class: " + sig->proc->cls + "." + name + "(...)"); return nullptr; }
  if (sig->proc->isPrivate && !visible(proc_, sig->proc->cls)) { error(loc, sig->proc->cls + "." + name + " is PRIVATE"); return nullptr; }
  if (!statement && !sig->isFunction) { error(loc, obj.cls + "." + name + " is a SUB and has no value"); return nullptr; }
  if (direct && sig->proc->isAbstract) { error(loc, sig->proc->cls + "." + name + " is ABSTRACT"); return nullptr; }
  b_.setLoc(loc);
  // A null object traps here, at the call's line (rt_obj_class_id), not inside the method.
  b_.call(RtFn::objClassId, {obj.v});
  if (direct || !isVirtualMethod(*sig)) return sig;
  bool overridden = sig->proc->isAbstract;  // no body of its own: always dispatched
  for (const auto &[cname, ci] : classes_)
    if (cname != obj.cls && isSubclass(cname, obj.cls) && findMethod(cname, name) != sig) overridden = true;
  if (!overridden) return sig;
  disp = *sig;
  disp.ilName = obj.cls + "." + name + "$v";
  dispatchers_[disp.ilName] = {obj.cls, sig};
  return &disp;
}

Val Lowerer::callMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, bool direct) {
  direct = direct || lastDirect_;
  lastDirect_ = false;
  if (obj.ty == Ty::Str) return stringMethod(obj, name, args, loc);
  if (ifaces_.count(obj.cls)) return callIfaceMethod(obj, name, args, loc, statement);
  if (isRuntimeClass(obj.cls)) return callRuntimeMethod(obj, name, args, loc, statement);
  ProcSig disp;
  const ProcSig *target = methodTarget(obj, name, loc, statement, direct, disp);
  if (!target) return bad();
  return callProc(*target, args, loc, obj.cls + "." + name, &obj.v);
}

Val Lowerer::newObject(const Expr &e) {
  if (isRuntimeClass(e.text)) return newRuntimeObject(e);
  auto it = classes_.find(e.text);
  if (it == classes_.end()) { error(e.loc, ifaces_.count(e.text) ? "cannot create an object of INTERFACE " + e.text : "unknown class " + e.text); return bad(); }
  if (it->second.decl->isAbstract) { error(e.loc, "cannot create an object of ABSTRACT CLASS " + e.text); return bad(); }
  if (std::string m = abstractMember(e.text); !m.empty()) { error(e.loc, "cannot create an object of CLASS " + e.text + ": its method " + m + " is ABSTRACT"); return bad(); }
  b_.setLoc(e.loc);
  Val o;
  o.ty = Ty::Obj;
  o.cls = e.text;
  o.v = b_.callValue(RtFn::objNew, {IRBuilder::i64(it->second.id), IRBuilder::i64(it->second.size())});
  const ProcSig *ctor = findMethod(e.text, "NEW");
  if (!ctor) {
    if (!e.args.empty()) { error(e.loc, "CLASS " + e.text + " has no constructor SUB NEW taking arguments"); return bad(); }
    return o;
  }
  if (ctor->proc->isPrivate && !visible(proc_, ctor->proc->cls)) { error(e.loc, ctor->proc->cls + ".NEW is PRIVATE"); return bad(); }
  Val r = callProc(*ctor, e.args, e.loc, e.text + ".NEW", &o.v);
  if (!r.ok) return bad();
  return o;
}

// DELETE o: releases the object's string fields and frees it (NOTHING: nothing happens);
// a variable named there becomes NOTHING.
void Lowerer::deleteStmt(const Stmt &s) {
  Val v = expr(*s.target);
  if (!v.ok) return;
  if (v.ty != Ty::Obj) { error(s.target->loc, std::string("DELETE needs an object, not ") + tyName(v.ty)); return; }
  if (isRuntimeClass(v.cls)) { error(s.target->loc, "DELETE frees CLASS objects; the runtime owns a " + v.cls); return; }
  usedDelete_ = true;
  b_.setLoc(s.loc);
  b_.call("__basic_delete", il::Type::Void, {v.v});
  if (s.target->kind == Expr::K::Name) {
    if (Var *var = findVar(s.target->text); var && !var->isConst) b_.store(il::Type::Ptr, var->slot, il::Value::null());
    else if (!var) {
      Val obj;
      std::string last;
      bool failed = false;
      if (objPrefix(s.target->text, s.loc, obj, last, failed) && !failed) {
        Val nothing;
        nothing.ty = Ty::Obj;
        nothing.v = il::Value::null();
        storeField(obj, last, nothing, s.loc);
      }
    }
  }
}

void Lowerer::emitDispatcher(const std::string &ilName, const ProcSig &sig, const std::vector<DispatchArm> &arms,
                             const ProcSig *fallback, const std::string &fallbackBlock) {
  const auto ps = ilParams(sig);
  const il::Type rt = sig.isFunction ? ilType(sig.ret) : il::Type::Void;
  b_.beginFunction(ilName, rt, ps, "entry");
  b_.setLoc(sig.loc);
  std::vector<il::Value> fwd;
  for (size_t i = 0; i < ps.size(); ++i) fwd.push_back(b_.param(i));
  il::Value id = b_.callValue(RtFn::objClassId, {b_.param(0)});
  il::Value id32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {id});
  auto call = [&](const ProcSig &impl) {
    auto r = b_.call(impl.ilName, rt, fwd);
    b_.ret(rt == il::Type::Void ? std::nullopt : r);
  };
  std::vector<std::pair<int64_t, uint32_t>> cases;
  std::vector<uint32_t> blocks;
  for (const DispatchArm &arm : arms) {
    blocks.push_back(b_.newBlock("call_" + arm.className));
    cases.push_back({arm.classId, blocks.back()});
  }
  uint32_t dflt = b_.newBlock(fallbackBlock);
  b_.switchI32(id32, dflt, cases);
  b_.setBlock(dflt);
  if (fallback) call(*fallback);
  else b_.emitVoid(Opcode::Trap, {});
  for (size_t i = 0; i < arms.size(); ++i) {
    b_.setBlock(blocks[i]);
    call(*arms[i].impl);
  }
}

void Lowerer::emitClassHelpers() {
  for (const auto &[ilName, what] : dispatchers_) {
    const auto &[cls, sig] = what;
    std::vector<DispatchArm> arms;
    for (const auto &[cname, ci] : classes_) {
      if (cname == cls || !isSubclass(cname, cls)) continue;
      const ProcSig *impl = findMethod(cname, sig->proc->method);
      if (impl == sig || impl->proc->isAbstract) continue;
      arms.push_back({cname, ci.id, impl});
    }
    // An abstract method's own class never has objects: its arm traps.
    emitDispatcher(ilName, *sig, arms, sig->proc->isAbstract ? nullptr : sig, "call_" + cls);
  }
  if (!usedDelete_) return;
  // __basic_delete(o): string fields released by the object's own class, then freed.
  b_.beginFunction("__basic_delete", il::Type::Void, {{"o", il::Type::Ptr}}, "entry");
  b_.setLoc(SourceLoc{0, 0, 0});
  il::Value o = b_.param(0);
  uint32_t done = b_.newBlock("done"), body = b_.newBlock("obj"), freeB = b_.newBlock("free");
  b_.cbr(b_.callValue(RtFn::objIsNull, {o}), done, body);
  b_.setBlock(body);
  il::Value id32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.callValue(RtFn::objClassId, {o})});
  std::vector<std::pair<int64_t, uint32_t>> cases;
  std::vector<std::pair<uint32_t, const ClassInfo *>> blocks;
  for (const auto &[cname, ci] : classes_) {
    bool strs = false;
    for (const auto &f : ci.fields) strs |= f.ty == Ty::Str;
    if (!strs && !hasDestructor(cname)) continue;
    uint32_t blk = b_.newBlock("release_" + cname);
    cases.push_back({ci.id, blk});
    blocks.push_back({blk, &ci});
  }
  b_.switchI32(id32, freeB, cases);
  for (const auto &[blk, ci] : blocks) {
    b_.setBlock(blk);
    emitDestructors(ci->decl->name, o);
    for (const auto &f : ci->fields)
      if (f.ty == Ty::Str) {
        il::Value addr = b_.emit(Opcode::Gep, il::Type::Ptr, {o, IRBuilder::i64(f.offset)});
        b_.call(RtFn::strReleaseMaybe, {b_.load(il::Type::Str, addr)});
      }
    b_.br(freeB);
  }
  b_.setBlock(freeB);
  b_.call(RtFn::objFree, {o});
  b_.br(done);
  b_.setBlock(done);
  b_.ret(std::nullopt);
}

} // namespace viper::basic
