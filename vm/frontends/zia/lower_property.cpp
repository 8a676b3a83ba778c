// Zia properties (zia-reference.md, Properties): `property p: T { get { } set(v) { } }`
// is two methods, `get_p() -> T` and `set_p(v: T)` (the parser makes them); reading
// `obj.p` (or `p` inside the class) calls the getter, assigning calls the setter. A
// property cannot be overridden, so the calls are direct.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

const FuncInfo *Lowerer::accessor(int cls, const std::string &p, bool get) const {
  const FuncInfo *f = findClassMethod(cls, (get ? "get_" : "set_") + p);
  return f && f->decl && f->decl->property == p ? f : nullptr;
}

Val Lowerer::propertyGet(const Val &obj, const std::string &p, SourceLoc loc) {
  const int cls = obj.ty.cls;
  const FuncInfo *g = accessor(cls, p, true);
  if (!g) {
    error(loc, "property '" + p + "' of " + classes_[cls].kind() + " '" + classes_[cls].name + "' has no get (it is write-only)");
    return bad();
  }
  if (!canSee(g->cls, g->exposed)) {
    error(loc, "property '" + p + "' of " + classes_[cls].kind() + " '" + classes_[cls].name + "' is hidden");
    return bad();
  }
  if (g->ret.isError()) return bad();
  b_.setLoc(loc);
  il::Value r = *b_.call(g->il, ilType(g->ret), {obj.v});
  return Val{r, g->ret, g->ret.is(Type::K::Str)};  // a String result is the caller's reference
}

void Lowerer::propertySet(const Val &obj, const std::string &p, const Stmt &s) {
  const int cls = obj.ty.cls;
  const FuncInfo *set = accessor(cls, p, false);
  if (!set) {
    error(s.target->loc, "property '" + p + "' of " + classes_[cls].kind() + " '" + classes_[cls].name + "' is read-only (it has no set)");
    return;
  }
  if (!canSee(set->cls, set->exposed)) {
    error(s.target->loc, "property '" + p + "' of " + classes_[cls].kind() + " '" + classes_[cls].name + "' is hidden");
    return;
  }
  const Type t = set->params[0];
  if (t.isError()) return;
  Val v;
  if (s.op == "=") {
    v = expr(*s.value, &t);
  } else {  // `p op= x` is `p = p op x`
    Val cur = propertyGet(obj, p, s.target->loc);
    if (cur.ty.isError()) return;
    Val r = expr(*s.value);
    v = arith(s.op.substr(0, s.op.size() - 1), cur, r, s.loc, s.value.get());
  }
  if (v.ty.isError()) return;
  il::Value c = convert(v, t, s.value->loc, "assign");
  if (t.is(Type::K::Str)) c = use(Val{c, t, v.owned});
  b_.setLoc(s.loc);
  b_.call(set->il, il::Type::Void, {obj.v, c});
}

} // namespace viper::zia
