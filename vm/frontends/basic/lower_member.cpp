// BASIC class members beyond fields and plain methods (reference "OOP Semantics"):
// PROPERTY accessors, STATIC fields and methods, ABSTRACT and FINAL, DESTRUCTOR chains.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

bool Lowerer::checkMemberModifiers(const Proc &p) {
  const std::string what = p.cls + "." + p.method;
  if (p.isStatic && (p.isVirtual || p.isOverride || p.isAbstract || p.isFinal)) {
    error(p.loc, "STATIC " + what + " cannot be VIRTUAL, OVERRIDE, ABSTRACT or FINAL");
    return false;
  }
  if (p.isAbstract && (p.isFinal || p.isPrivate || p.isOverride)) {
    error(p.loc, "ABSTRACT " + what + " cannot be FINAL, PRIVATE or OVERRIDE");
    return false;
  }
  return true;
}

// STATIC fields are module cells named CLASS.FIELD (like DIM SHARED), so main and every
// procedure reach them as `Class.field` (an object one also as `Class.field.F`, starting
// as NOTHING); a PRIVATE one only inside its class's methods.
void Lowerer::declareStaticFields(const Program &prog) {
  for (const ClassDecl &c : prog.classes)
    for (const auto &f : c.fields) {
      if (!f.isStatic) continue;
      const std::string cell = c.name + "." + f.name;
      shared_[cell] = {f.type, false, f.loc, false, f.cls};
      if (f.isPrivate) privateStatics_[cell] = c.name;
    }
}

bool Lowerer::staticVisible(const std::string &cell) const {
  auto it = privateStatics_.find(cell);
  return it == privateStatics_.end() || (proc_ && proc_->cls == it->second);
}

// The first method (by name) that is still ABSTRACT for objects of this class, or "".
std::string Lowerer::abstractMember(const std::string &cls) const {
  for (std::string k = cls; !k.empty();) {
    auto it = classes_.find(k);
    if (it == classes_.end()) break;
    for (const auto &[name, sig] : procs_)
      if (sig.proc && sig.proc->cls == k && sig.proc->isAbstract) {
        const ProcSig *impl = findMethod(cls, sig.proc->method);
        if (impl && impl->proc->isAbstract) return impl->proc->method;
      }
    k = it->second.base;
  }
  return "";
}

bool Lowerer::hasProperty(const std::string &cls, const std::string &name) const {
  return findMethod(cls, "GET_" + name) || findMethod(cls, "SET_" + name);
}

Val Lowerer::getProperty(const Val &obj, const std::string &name, SourceLoc loc) {
  if (!findMethod(obj.cls, "GET_" + name)) { error(loc, "PROPERTY " + obj.cls + "." + name + " has no GET"); return bad(); }
  static const std::vector<ExprP> none;
  return callMethod(obj, "GET_" + name, none, loc, false);
}

void Lowerer::setProperty(const Val &obj, const std::string &name, Val v, SourceLoc loc) {
  if (!findMethod(obj.cls, "SET_" + name)) { error(loc, "PROPERTY " + obj.cls + "." + name + " has no SET"); return; }
  ProcSig disp;
  const ProcSig *target = methodTarget(obj, "SET_" + name, loc, true, false, disp);
  if (!target) return;
  const Ty ty = target->params[0];
  if (ty == Ty::Obj && !checkObj(v, target->paramCls[0], loc, "assign")) return;
  if (v.ty == Ty::Obj && ty != Ty::Obj) { error(loc, std::string("type mismatch: expected ") + tyName(ty) + ", got an object"); return; }
  il::Value x = convert(v, ty, loc, "assign");
  b_.setLoc(loc);
  b_.call(target->ilName, il::Type::Void, {obj.v, x});
  if (ty == Ty::Str) use(v);  // the setter copies what it keeps
}

// ClassName.M(...) for a STATIC method; inside a class also a bare M(...) of its own.
const ProcSig *Lowerer::findStaticMethod(const std::string &name) const {
  auto it = procs_.find(name);
  if (it != procs_.end() && it->second.proc && it->second.proc->isStatic) return &it->second;
  if (proc_ && !proc_->cls.empty() && name.find('.') == std::string::npos)
    if (const ProcSig *m = findMethod(proc_->cls, name); m && m->proc->isStatic) return m;
  return nullptr;
}

// A bare M(...) inside a method: the class's own (or inherited) method on ME.
bool Lowerer::ownMethod(const std::string &name) const {
  if (!proc_ || proc_->cls.empty() || proc_->isStatic || name.find('.') != std::string::npos) return false;
  const ProcSig *m = findMethod(proc_->cls, name);
  return m && !m->proc->isStatic && m->proc->method != "NEW" && m->proc->method != "DESTRUCTOR";
}

Val Lowerer::callOwnMethod(const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement) {
  Val me;
  me.ty = Ty::Obj;
  me.cls = proc_->cls;
  me.v = b_.load(il::Type::Ptr, vars_.at("ME").slot);
  return callMethod(me, name, args, loc, statement);
}

// s.Length, s.Substring(i, n), ... on a STRING: the runtime's Viper.String members with
// the string as the first argument (reference "Runtime Classes"; STRING is Viper.String).
// Without parentheses (or arguments) a property (get_M) comes first.
const rt::RuntimeFunction *Lowerer::stringMethodFn(const std::string &member, bool call) {
  if (!call)
    if (const rt::RuntimeFunction *f = findRuntime("VIPER.STRING.GET_" + member)) return f;
  const rt::RuntimeFunction *f = findRuntime("VIPER.STRING." + member);
  return f && !f->signature.params.empty() && f->signature.params[0] == il::Type::Str ? f : nullptr;
}

Ty Lowerer::stringMethodType(const std::string &member, bool call) {
  const rt::RuntimeFunction *f = stringMethodFn(member, call);
  if (!f) return Ty::Int;
  switch (f->signature.ret) {
  case il::Type::Str: return Ty::Str;
  case il::Type::I1: return Ty::Bool;
  case il::Type::F64: return Ty::Float;
  default: return Ty::Int;
  }
}

// A member of any STRING value: a variable, a field (o.Name.Length), an array element or a
// call's result (F$(x).Substring(0, 2)); an owned string is released with the statement.
Val Lowerer::stringMethod(const Val &s, const std::string &member, const std::vector<ExprP> &args, SourceLoc loc) {
  const rt::RuntimeFunction *f = stringMethodFn(member, !args.empty());
  if (!f) { error(loc, "STRING has no member " + member); return bad(); }
  return callRuntime(*f, args, loc, "Viper.String." + member, false, &s);
}

const rt::RuntimeFunction *Lowerer::stringMemberFn(const std::string &text, bool call) {
  auto dot = text.find('.');
  if (dot == std::string::npos || text.find('.', dot + 1) != std::string::npos) return nullptr;
  Var *v = findVar(text.substr(0, dot));
  if (!v || v->isArray || v->ty != Ty::Str) return nullptr;
  return stringMethodFn(text.substr(dot + 1), call);
}

bool Lowerer::stringMember(const Expr &e, Val &out) {
  const rt::RuntimeFunction *f = stringMemberFn(e.text, e.kind == Expr::K::Apply);
  if (!f) return false;
  const std::string head = e.text.substr(0, e.text.find('.'));
  Val s;
  s.ty = Ty::Str;
  s.v = b_.load(il::Type::Str, findVar(head)->slot);
  static const std::vector<ExprP> none;
  out = callRuntime(*f, e.kind == Expr::K::Apply ? e.args : none, e.loc, e.text, false, &s);
  return true;
}

// `F(x).Length`, `a$(i).Length`: the parser spells a member after a call's or element's
// parentheses as the dotted name "F.LENGTH" with F's arguments (the way `a(i).F` of an
// object array is spelled). A STRING FUNCTION or STRING array head makes it a member of
// that STRING. `head`: the head's FUNCTION or array, nullptr if it is neither.
bool Lowerer::stringOfCall(const Expr &e, const ProcSig **sig, Var **arr, std::string &member) {
  auto dot = e.text.find('.');
  if (e.kind != Expr::K::Apply || dot == std::string::npos || e.text.find('.', dot + 1) != std::string::npos) return false;
  const std::string head = e.text.substr(0, dot);
  member = e.text.substr(dot + 1);
  *sig = nullptr;
  *arr = findVar(head);
  if (*arr && (*arr)->isArray && (*arr)->ty == Ty::Str) return true;
  *arr = nullptr;
  if (findVar(head) || findProc(e.text) || findRuntime(e.text)) return false;
  *sig = findProc(head);
  return *sig && (*sig)->isFunction && (*sig)->ret == Ty::Str;
}

bool Lowerer::stringOfCallValue(const Expr &e, Val &out) {
  const ProcSig *sig = nullptr;
  Var *arr = nullptr;
  std::string member;
  if (!stringOfCall(e, &sig, &arr, member)) return false;
  Val s;
  if (arr) {
    il::Value idx = elementIndex(*arr, e);
    s.ty = Ty::Str;
    s.v = fe::arrayGet(b_, fe::ArrayElem::Str, b_.load(il::Type::Ptr, arr->slot), idx);
    s.owned = true;
  } else {
    s = callProc(*sig, e.args, e.loc, e.text.substr(0, e.text.find('.')));
    if (!s.ok) { out = s; return true; }
  }
  static const std::vector<ExprP> none;
  out = stringMethod(s, member, none, e.loc);
  return true;
}

// Main's first statements: each class's STATIC SUB NEW, in declaration order (reference
// "Static members": once per class, before user code).
void Lowerer::runStaticConstructors() {
  for (const ClassDecl &c : prog_->classes) {
    auto it = procs_.find(c.name + "." + kStaticNew);
    if (it == procs_.end() || !it->second.params.empty()) continue;
    b_.setLoc(it->second.loc);
    b_.call(it->second.ilName, il::Type::Void, {});
  }
}

// Main's way out (its end, END): each class's STATIC DESTRUCTOR, in declaration order
// (reference "Destructors and disposal": at program shutdown).
void Lowerer::runStaticDestructors() {
  for (const ClassDecl &c : prog_->classes) {
    auto it = procs_.find(c.name + "." + kStaticDestructor);
    if (it == procs_.end()) continue;
    b_.setLoc(it->second.loc);
    b_.call(it->second.ilName, il::Type::Void, {});
  }
}

// DELETE runs the object's class's DESTRUCTOR, then each base class's, derived first.
void Lowerer::emitDestructors(const std::string &cls, il::Value o) {
  for (std::string k = cls; !k.empty();) {
    auto p = procs_.find(k + ".DESTRUCTOR");
    if (p != procs_.end() && p->second.proc && p->second.proc->cls == k) b_.call(p->second.ilName, il::Type::Void, {o});
    auto it = classes_.find(k);
    if (it == classes_.end()) break;
    k = it->second.base;
  }
}

bool Lowerer::hasDestructor(const std::string &cls) const {
  for (std::string k = cls; !k.empty();) {
    auto p = procs_.find(k + ".DESTRUCTOR");
    if (p != procs_.end() && p->second.proc && p->second.proc->cls == k) return true;
    auto it = classes_.find(k);
    if (it == classes_.end()) break;
    k = it->second.base;
  }
  return false;
}

} // namespace viper::basic
