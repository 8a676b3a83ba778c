// BASIC interfaces (spec/basic.md Tier 2; reference "Interfaces and RTTI"): INTERFACE
// blocks, CLASS ... IMPLEMENTS, and calls through interface-typed values. A call I.M goes
// to a dispatcher `I.M$i` that switches on the object's class id (like the VIRTUAL
// dispatchers of lower_class.cpp) and calls the implementation of that exact class.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

bool Lowerer::sameSignature(const ProcSig &a, const ProcSig &b) const {
  return a.isFunction == b.isFunction && a.ret == b.ret && a.retCls == b.retCls && a.params == b.params &&
         a.paramCls == b.paramCls && a.arrayParam == b.arrayParam && a.byRefParam == b.byRefParam;
}

void Lowerer::declareInterfaces(const Program &prog) {
  std::set<std::string> classNames;
  for (const ClassDecl &c : prog.classes) classNames.insert(c.name);
  for (const InterfaceDecl &d : prog.interfaces) {
    if (classNames.count(d.name)) { error(d.loc, d.name + " is both a CLASS and an INTERFACE"); continue; }
    if (ifaces_.count(d.name)) continue;  // the parser reported the second definition
    IfaceInfo &info = ifaces_[d.name];
    info.decl = &d;
    for (const Proc &p : d.methods) {
      info.methods.emplace(p.method, procSigOf(p, d.name + "." + p.method + "$i"));
    }
  }
}

// Every interface a class names must exist, and every member must have a PUBLIC method of
// the same name and signature in the class or one of its bases.
void Lowerer::checkImplements(const Program &prog) {
  for (const ClassDecl &c : prog.classes) {
    std::set<std::string> seen;
    for (const auto &[iname, loc] : c.implements) {
      auto it = ifaces_.find(iname);
      if (it == ifaces_.end()) { error(loc, "CLASS " + c.name + " IMPLEMENTS " + iname + ", which is not an INTERFACE"); continue; }
      if (!seen.insert(iname).second) { error(loc, "CLASS " + c.name + " names INTERFACE " + iname + " twice"); continue; }
      for (const Proc &m : it->second.decl->methods) {
        const ProcSig *impl = findMethod(c.name, m.method);
        const std::string what = iname + "." + m.method;
        if (!impl || impl->proc->method == "NEW") { error(c.loc, "CLASS " + c.name + " does not implement " + what); continue; }
        if (impl->proc->isPrivate) { error(impl->loc, impl->proc->cls + "." + m.method + " implements " + what + " and must be PUBLIC"); continue; }
        if (!sameSignature(*impl, it->second.methods.at(m.method)))
          error(impl->loc, impl->proc->cls + "." + m.method + " must have the same parameters and result as " + what);
      }
    }
  }
}

bool Lowerer::implementsMember(const std::string &cls, const std::string &method) const {
  for (std::string k = cls; !k.empty();) {
    auto it = classes_.find(k);
    if (it == classes_.end()) return false;
    for (const auto &[iname, loc] : it->second.decl->implements) {
      auto f = ifaces_.find(iname);
      if (f != ifaces_.end() && f->second.methods.count(method)) return true;
    }
    k = it->second.base;
  }
  return false;
}

bool Lowerer::implements(const std::string &cls, const std::string &iface) const {
  for (std::string k = cls; !k.empty();) {
    auto it = classes_.find(k);
    if (it == classes_.end()) return false;
    for (const auto &[iname, loc] : it->second.decl->implements)
      if (iname == iface) return true;
    k = it->second.base;
  }
  return false;
}

const ProcSig *Lowerer::findIfaceMethod(const std::string &iface, const std::string &name) const {
  auto it = ifaces_.find(iface);
  if (it == ifaces_.end()) return nullptr;
  auto m = it->second.methods.find(name);
  return m == it->second.methods.end() ? nullptr : &m->second;
}

Val Lowerer::callIfaceMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement) {
  const ProcSig *sig = findIfaceMethod(obj.cls, name);
  if (!sig) { error(loc, "INTERFACE " + obj.cls + " has no method " + name); return bad(); }
  if (!statement && !sig->isFunction) { error(loc, obj.cls + "." + name + " is a SUB and has no value"); return bad(); }
  b_.setLoc(loc);
  // A NOTHING receiver traps here, at the call's line, like a class method call.
  b_.call(RtFn::objClassId, {obj.v});
  ifaceDispatchers_[sig->ilName] = {obj.cls, sig};
  return callProc(*sig, args, loc, obj.cls + "." + name, &obj.v);
}

// obj IS T: not NOTHING, and its class is T, derives from it or implements it.
// obj AS T: the object when obj IS T, otherwise NOTHING (reference "Interfaces and RTTI").
Val Lowerer::rtti(const Expr &e, const Val &a) {
  const std::string &op = e.text;
  if (!a.ok) return a;
  const std::string &t = e.args[1]->text;
  if (a.ty != Ty::Obj) { error(e.args[0]->loc, op + " needs an object on its left, not " + tyName(a.ty)); return bad(); }
  if (!classes_.count(t) && !ifaces_.count(t)) { error(e.args[1]->loc, "unknown class " + t); return bad(); }
  b_.setLoc(e.loc);
  uint32_t notNull = b_.newBlock("is_obj"), join = b_.newBlock("is_end", {il::Type::I1});
  il::Value isNull = b_.callValue(RtFn::objIsNull, {a.v});
  b_.cbr(isNull, join, notNull, {IRBuilder::boolean(false)}, {});
  b_.setBlock(notNull);
  il::Value id = b_.callValue(RtFn::objClassId, {a.v});
  il::Value r = IRBuilder::boolean(false);
  for (const auto &[cname, ci] : classes_) {
    if (!isSubclass(cname, t)) continue;
    il::Value eq = b_.emit(Opcode::ICmpEq, il::Type::I1, {id, IRBuilder::i64(ci.id)});
    r = b_.select(il::Type::I1, eq, IRBuilder::boolean(true), r);
  }
  b_.br(join, {r});
  b_.setBlock(join);
  Val v;
  v.ty = Ty::Bool;
  v.v = b_.blockParam(join, 0);
  if (op == "IS") return v;
  Val o;
  o.ty = Ty::Obj;
  o.cls = t;
  o.v = b_.select(il::Type::Ptr, v.v, a.v, il::Value::null());
  return o;
}

void Lowerer::emitIfaceHelpers() {
  for (const auto &[ilName, what] : ifaceDispatchers_) {
    const auto &[iface, sig] = what;
    std::vector<DispatchArm> arms;
    for (const auto &[cname, ci] : classes_) {
      if (!implements(cname, iface)) continue;
      const ProcSig *impl = findMethod(cname, sig->proc->method);
      if (!impl || impl->proc->isAbstract) continue;  // reported by checkImplements / never created
      arms.push_back({cname, ci.id, impl});
    }
    // Only objects of implementing classes reach an interface-typed value.
    emitDispatcher(ilName, *sig, arms, nullptr, "unreachable");
  }
}

} // namespace viper::basic
