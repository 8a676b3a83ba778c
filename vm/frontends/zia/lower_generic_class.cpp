// Zia generic classes (spec/zia.md §7 Generics): `class Box[T] { ... }`, `Box[Integer]`.
// Each list of type arguments is a class of its own (own id, layout, methods, IL names
// `Box__Integer.get`), made the first time a type names it; its fields and signatures
// are resolved, and its methods lowered, with the type parameters bound. A type
// parameter may carry one interface constraint (`[T: Shape]`), checked at that point.
#include "frontends/zia/lower_impl.hpp"
#include <cctype>

namespace viper::zia {

Type Lowerer::instantiateClass(const ClassDecl &d, const TypeRef &t) {
  std::string params;
  for (const auto &tp : d.typeParams) params += (params.empty() ? "" : ", ") + tp.name;
  if (t.args.empty()) {
    // Inside Box[T]'s own body, a bare `Box` is the instance being lowered.
    if (curClass_ >= 0 && classes_[curClass_].decl == &d) return Type::klass(curClass_);
    error(t.loc, "class '" + d.name + "' takes type arguments: " + d.name + "[" + params + "]");
    return errorType();
  }
  if (t.args.size() != d.typeParams.size()) {
    error(t.loc, "class '" + d.name + "' takes " + std::to_string(d.typeParams.size()) + " type argument" +
                     (d.typeParams.size() == 1 ? "" : "s") + " (" + d.name + "[" + params + "]), got " + std::to_string(t.args.size()));
    return errorType();
  }
  std::map<std::string, Type> bindings;
  std::string shown = d.name + "[", suffix;
  for (size_t i = 0; i < t.args.size(); ++i) {
    Type a = resolve(t.args[i]);
    if (a.isError()) return a;
    if (a.is(Type::K::Void) || a.is(Type::K::Null)) { error(t.args[i].loc, "a type argument cannot be " + name(a)); return errorType(); }
    const TypeParam &tp = d.typeParams[i];
    if (!tp.constraint.empty()) {
      const std::string inNs = d.ns.empty() ? tp.constraint : d.ns + "." + tp.constraint;
      auto it = classIndex_.find(classIndex_.count(inNs) ? inNs : tp.constraint);
      if (it == classIndex_.end() || !classes_[it->second].isInterface) {
        error(tp.loc, "the constraint of '" + tp.name + "' must be an interface, not '" + tp.constraint + "'");
        return errorType();
      }
      if (!assignable(a, Type::klass(it->second))) {
        error(t.args[i].loc, "type " + name(a) + " does not meet the constraint " + tp.constraint + " of type parameter '" + tp.name +
                                 "' of class '" + d.name + "'");
        return errorType();
      }
    }
    bindings[tp.name] = a;
    shown += (i ? ", " : "") + name(a);
    suffix += (i ? "," : "") + name(a);
  }
  shown += "]";
  if (auto it = classIndex_.find(shown); it != classIndex_.end()) return Type::klass(it->second);

  std::string il = d.name + "__" + suffix;  // Box__Integer, Pair__String_List_Integer_
  for (size_t i = d.name.size(); i < il.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(il[i]))) il[i] = '_';
  const int idx = static_cast<int>(classes_.size());
  ClassInfo ci;
  ci.name = shown;
  ci.il = il;
  ci.id = idx + 1;
  ci.decl = &d;
  ci.isStruct = d.isStruct;
  ci.bindings = bindings;
  classes_.push_back(std::move(ci));
  classIndex_[shown] = idx;
  classNames_.push_back(shown);

  // Its layout and signatures with the parameters bound (whatever was being resolved or
  // lowered when the type was first named is put back afterwards).
  auto savedBindings = std::move(typeBindings_);
  const std::string *savedNs = declNs_;
  typeBindings_ = bindings;
  std::vector<int> state(classes_.size(), 0);
  layoutClass(idx, state);
  supers_.resize(classes_.size());
  supers_[idx] = classes_[idx].supers;
  declareMethods(idx);
  typeBindings_ = std::move(savedBindings);
  declNs_ = savedNs;
  return Type::klass(idx);
}

void Lowerer::lowerClassMethods() {
  for (; classesLowered_ < classes_.size(); ++classesLowered_) {
    const ClassInfo &c = classes_[classesLowered_];
    typeBindings_ = c.bindings;
    for (const auto &[n, m] : c.methods)
      if (m.hasBody) lowerFunction(m);
    typeBindings_.clear();
  }
}

} // namespace viper::zia
