// Zia generic functions -> IL (spec/zia.md §7 Generics): `func id[T](x: T) -> T` is
// instantiated once per list of type arguments, inferred from the argument types at each
// call (`T`, `List[T]`, `Map[K, V]`, `T?` in a parameter bind them), checked against the
// parameter's interface constraint (`[T: Shape]`), and lowered after the other functions
// as `@id[Integer]`-like functions with the type parameters bound.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;

bool Lowerer::unify(const TypeRef &p, const Type &actual, std::map<std::string, Type> &b, const std::vector<TypeParam> &tps) {
  if (actual.isError()) return true;
  const std::string &n = p.name;
  for (const auto &tp : tps)
    if (tp.name == n && p.args.empty()) {
      auto it = b.find(n);
      if (it == b.end()) { b[n] = actual; return true; }
      if (sameType(it->second, actual) || assignable(actual, it->second)) return true;
      if (assignable(it->second, actual)) { it->second = actual; return true; }  // Integer then Number: Number
      return false;
    }
  if (!n.empty() && n.back() == '?') {
    TypeRef inner = p;
    inner.name.pop_back();
    return unify(inner, actual.is(Type::K::Opt) ? *actual.elem : actual, b, tps);
  }
  if ((n == "List" || n == "Set") && p.args.size() == 1 && (actual.is(Type::K::List) || actual.is(Type::K::Set)))
    return unify(p.args[0], *actual.elem, b, tps);
  if (n == "__func" && actual.is(Type::K::Func) && p.args.size() == actual.fparams->size() + 1) {
    for (size_t i = 0; i < actual.fparams->size(); ++i)
      if (!unify(p.args[i], (*actual.fparams)[i], b, tps)) return false;
    return unify(p.args.back(), *actual.val, b, tps);
  }
  if (n == "Map" && p.args.size() == 2 && actual.is(Type::K::Map))
    return unify(p.args[0], *actual.elem, b, tps) && unify(p.args[1], *actual.val, b, tps);
  return true;  // a concrete type: the argument check says whether it fits
}

Val Lowerer::genericCall(const FuncInfo &f, const std::vector<const Expr *> &args, SourceLoc loc) {
  const FuncDecl &d = *f.decl;
  std::vector<Val> vals;
  bool ok = true;
  for (const Expr *a : args) {
    vals.push_back(expr(*a));
    ok = ok && !vals.back().ty.isError();
  }
  auto fail = [&] {
    for (const Val &v : vals) use(v);
    return bad();
  };
  if (!ok) return fail();
  if (args.size() != d.params.size()) {
    error(loc, "function " + f.name + " expects " + std::to_string(d.params.size()) + " argument" + (d.params.size() == 1 ? "" : "s") +
                   ", got " + std::to_string(args.size()));
    return fail();
  }
  std::map<std::string, Type> bind;
  for (size_t i = 0; i < args.size(); ++i)
    if (!unify(d.params[i].type, vals[i].ty, bind, d.typeParams)) {
      error(args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + f.name + "' is " + name(vals[i].ty) +
                              ", which does not agree with the other arguments for its type parameter");
      return fail();
    }
  std::string suffix;
  for (const auto &tp : d.typeParams) {
    auto it = bind.find(tp.name);
    if (it == bind.end()) {
      error(loc, "cannot infer type parameter '" + tp.name + "' of '" + f.name + "' from the arguments");
      return fail();
    }
    if (it->second.is(Type::K::Null) || it->second.is(Type::K::Void)) {
      error(loc, "type parameter '" + tp.name + "' of '" + f.name + "' cannot be " + name(it->second));
      return fail();
    }
    if (!tp.constraint.empty()) {
      Type want = Type::klass(classIndex_[tp.constraint]);
      if (!assignable(it->second, want) || it->second.is(Type::K::Null)) {
        error(loc, "type " + name(it->second) + " does not meet the constraint " + tp.constraint + " of type parameter '" + tp.name +
                       "' of '" + f.name + "'");
        return fail();
      }
    }
    suffix += (suffix.empty() ? "" : ",") + name(it->second);
  }
  std::string il = f.il + "__" + suffix;  // id__Integer, pair__String_List_Integer_
  for (size_t i = f.il.size(); i < il.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(il[i]))) il[i] = '_';
  auto inst = instances_.find(il);
  if (inst == instances_.end()) {
    Instance in;
    in.info = f;
    in.info.il = il;
    in.bindings = bind;
    auto saved = std::move(typeBindings_);
    typeBindings_ = bind;
    in.info.params.clear();
    for (const Param &p : d.params) in.info.params.push_back(resolve(p.type));
    in.info.ret = d.hasRet ? resolve(d.ret) : Type::of(Type::K::Void);
    typeBindings_ = std::move(saved);
    inst = instances_.emplace(il, std::move(in)).first;
    instanceQueue_.push_back(il);
  }
  const FuncInfo &fi = inst->second.info;
  std::vector<il::Value> ilArgs;
  for (size_t i = 0; i < args.size(); ++i) {
    const Type &pt = fi.params[i];
    if (pt.isError()) return fail();
    if (!assignable(vals[i].ty, pt)) {
      error(args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + f.name + "' must be " + name(pt) + ", not " + name(vals[i].ty));
      return fail();
    }
    ilArgs.push_back(use(Val{convert(vals[i], pt, args[i]->loc, "pass"), pt, vals[i].owned}));
  }
  b_.setLoc(loc);
  auto r = b_.call(fi.il, ilType(fi.ret), std::move(ilArgs));
  if (fi.ret.is(Type::K::Void)) return Val{IRBuilder::i64(0), fi.ret, false};
  return Val{*r, fi.ret, fi.ret.is(Type::K::Str), counted(fi.ret)};
}

void Lowerer::lowerGenerics() {
  while (!instanceQueue_.empty() || lambdasDone_ < lambdas_.size()) {
    lowerClosures();
    if (instanceQueue_.empty()) continue;
    std::string il = instanceQueue_.front();
    instanceQueue_.erase(instanceQueue_.begin());
    Instance &in = instances_.at(il);
    typeBindings_ = in.bindings;
    lowerFunction(in.info);
    typeBindings_.clear();
  }
}

} // namespace viper::zia
