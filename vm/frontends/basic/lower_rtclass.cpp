// Viper.* runtime classes used from BASIC (reference "Runtime Classes Usage Examples"):
// `DIM sb AS Viper.Text.StringBuilder`, `NEW Viper.Text.StringBuilder()`, `sb.Append(s)`,
// `sb.Length`, `sb.ToString()`. A member M of class C is the runtime function C.M (a
// property C.get_M) with the object as its first argument. The runtime owns these
// objects (no DELETE); they are never BASIC CLASS objects, nor the other way round.
#include "frontends/basic/lower_impl.hpp"
#include <cctype>

namespace viper::basic {

bool Lowerer::isRuntimeClass(const std::string &cls) { return cls.rfind("VIPER.", 0) == 0; }

namespace {
std::string upperName(std::string_view s) {
  std::string u(s);
  for (char &c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}
} // namespace

// The class a runtime function returning an object belongs to: its name without the last
// part (Viper.Text.StringBuilder.Append -> VIPER.TEXT.STRINGBUILDER).
std::string Lowerer::runtimeClassOf(const rt::RuntimeFunction &fn) {
  const std::string n = upperName(fn.canonicalName);
  return n.substr(0, n.rfind('.'));
}

const rt::RuntimeFunction *Lowerer::runtimeMember(const std::string &cls, const std::string &name) {
  const rt::RuntimeFunction *f = findRuntime(cls + "." + name);
  if (!f || f->signature.params.empty() || f->signature.params[0] != il::Type::Ptr) return nullptr;
  return f;
}

Val Lowerer::newRuntimeObject(const Expr &e) {
  const rt::RuntimeFunction *f = findRuntime(e.text + ".NEW");
  if (!f || f->signature.ret != il::Type::Ptr) { error(e.loc, "unknown class " + e.text); return bad(); }
  Val r = callRuntime(*f, e.args, e.loc, e.text + ".NEW", false);
  if (r.ok) r.cls = e.text;
  return r;
}

Val Lowerer::callRuntimeMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement) {
  const rt::RuntimeFunction *f = runtimeMember(obj.cls, name);
  if (!f) { error(loc, obj.cls + " has no member " + name); return bad(); }
  b_.setLoc(loc);
  return callRuntime(*f, args, loc, obj.cls + "." + name, statement, &obj);
}

bool Lowerer::runtimeMemberType(const std::string &cls, const std::string &name, Ty &ty, std::string &outCls) {
  const rt::RuntimeFunction *f = runtimeMember(cls, name);
  if (!f) return false;
  switch (f->signature.ret) {
  case il::Type::F64: ty = Ty::Float; break;
  case il::Type::Str: ty = Ty::Str; break;
  case il::Type::I1: ty = Ty::Bool; break;
  case il::Type::Ptr: ty = Ty::Obj; outCls = runtimeClassOf(*f); break;
  case il::Type::Void: ty = Ty::Void; break;
  default: ty = Ty::Int; break;
  }
  return true;
}

} // namespace viper::basic
