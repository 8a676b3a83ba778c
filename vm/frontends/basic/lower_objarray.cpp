// BASIC arrays of objects: DIM a(n) AS Class is a runtime object array (rt_arr_obj_*,
// plain references: objects are not reference-counted, DELETE frees them), elements start
// as NOTHING. `a(i)`, `a(i) = o`, `a(i).field`, `a(i).field = v`, `a(i).M(args)`.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

namespace {
std::pair<std::string, std::string> splitHead(const std::string &s) {
  auto dot = s.find('.');
  if (dot == std::string::npos) return {s, ""};
  return {s.substr(0, dot), s.substr(dot + 1)};
}
} // namespace

Var *Lowerer::objArrayHead(const std::string &text) {
  auto [head, rest] = splitHead(text);
  if (rest.empty()) return nullptr;
  Var *v = findVar(head);
  return v && v->isArray && v->ty == Ty::Obj ? v : nullptr;
}

Val Lowerer::objElement(const Var &v, const Expr &indices) {
  il::Value idx = elementIndex(v, indices);
  il::Value h = b_.load(il::Type::Ptr, v.slot);
  Val o;
  o.ty = Ty::Obj;
  o.cls = v.cls;
  o.v = *b_.call(RtFn::arrObjGet, {h, idx});
  return o;
}

void Lowerer::objElementStore(const Var &v, const Expr &target, Val x, SourceLoc loc) {
  if (!checkObj(x, v.cls, loc, "assign")) return;
  il::Value idx = elementIndex(v, target);
  il::Value h = b_.load(il::Type::Ptr, v.slot);
  b_.call(RtFn::arrObjPut, {h, idx, x.v});
}

// Walks "F.G" from obj through fields (or GET properties) up to, not including, the last
// name; false after a reported error.
bool Lowerer::walkMembers(Val &obj, const std::string &path, std::string &last, SourceLoc loc) {
  std::string rest = path;
  for (;;) {
    auto [name, tail] = splitHead(rest);
    if (tail.empty()) { last = name; return true; }
    if (obj.ty != Ty::Obj) { error(loc, "not an object, so it has no member " + name); return false; }
    Val f = loadField(obj, name, loc);
    if (!f.ok) return false;
    if (f.ty == Ty::Str && splitHead(tail).second.empty()) { obj = f; rest = tail; continue; }  // a(i).Name.Length
    if (f.ty != Ty::Obj) { error(loc, name + " is not an object, so it has no member " + splitHead(tail).first); return false; }
    obj = f;
    rest = tail;
  }
}

// a(i).F.G (no call parentheses): a field, a property or a method without arguments.
Val Lowerer::objArrayMember(const Var &v, const Expr &e) {
  Val obj = objElement(v, e);
  std::string last;
  if (!walkMembers(obj, splitHead(e.text).second, last, e.loc)) return bad();
  if (findField(obj.cls, last) || hasProperty(obj.cls, last)) return loadField(obj, last, e.loc);
  static const std::vector<ExprP> none;
  return callMethod(obj, last, none, e.loc, false);
}

void Lowerer::objArrayMemberStore(const Var &v, const Expr &target, Val x, SourceLoc loc) {
  Val obj = objElement(v, target);
  std::string last;
  if (!walkMembers(obj, splitHead(target.text).second, last, loc)) return;
  storeField(obj, last, x, loc);
}

// obj.M(args) where obj is an array element or a call's result (Expr::K::Member).
Val Lowerer::memberCall(const Expr &e, bool statement) {
  const Expr &o = *e.obj;
  Var *v = o.kind == Expr::K::Apply ? findVar(o.text) : nullptr;
  Val obj;
  if (v && v->isArray && v->ty == Ty::Obj) {
    obj = objElement(*v, o);
  } else {
    // F(args).M(...): a FUNCTION's object result, or a(i).F's object.
    obj = expr(o);
    if (!obj.ok) return bad();
    if (obj.ty == Ty::Str && e.text.find('.') == std::string::npos) return stringMethod(obj, e.text, e.args, e.loc);  // F$(x).Length
    if (obj.ty != Ty::Obj) { error(e.loc, o.text + "(...) is not an object, so it has no method " + e.text); return bad(); }
  }
  std::string last;
  if (!walkMembers(obj, e.text, last, e.loc)) return bad();
  if (obj.ty == Ty::Str) return stringMethod(obj, last, e.args, e.loc);
  if (obj.ty != Ty::Obj) { error(e.loc, "not an object, so it has no method " + last); return bad(); }
  if (!e.ival && (findField(obj.cls, last) || hasProperty(obj.cls, last))) return loadField(obj, last, e.loc);  // f(x).field
  return callMethod(obj, last, e.args, e.loc, statement);
}

// Types of a path of members from a class, without emitting code.
bool Lowerer::memberType(std::string cls, const std::string &path, Ty &ty, std::string &outCls) {
  ty = Ty::Int;
  outCls.clear();
  std::string rest = path;
  while (!rest.empty()) {
    auto [name, tail] = splitHead(rest);
    if (ty == Ty::Str && cls.empty() && tail.empty() && rest != path) { ty = stringMethodType(name, false); return true; }
    if (const ClassInfo::Field *f = findField(cls, name)) { ty = f->ty; cls = outCls = f->cls; }
    else if (const ProcSig *g = findMethod(cls, "GET_" + name)) { ty = g->ret; cls = outCls = g->retCls; }
    else if (const ProcSig *m = findMethod(cls, name); m && tail.empty()) { ty = m->isFunction ? m->ret : Ty::Void; outCls = m->retCls; }
    else return false;
    rest = tail;
  }
  return true;
}

} // namespace viper::basic
