// Viper.* runtime procedures (findRuntime, callRuntime) and runtime classes used from
// BASIC (reference "Runtime Classes Usage Examples"):
// `DIM sb AS Viper.Text.StringBuilder`, `NEW Viper.Text.StringBuilder()`, `sb.Append(s)`,
// `sb.Length`, `sb.ToString()`. A member M of class C is the runtime function C.M (a
// property C.get_M) with the object as its first argument. The runtime owns these
// objects (no DELETE); they are never BASIC CLASS objects, nor the other way round.
#include "frontends/basic/lower_impl.hpp"
#include <cctype>

namespace viper::basic {

using fe::IRBuilder;

bool Lowerer::isRuntimeClass(const std::string &cls) { return cls.rfind("VIPER.", 0) == 0; }

namespace {
std::string upper(std::string_view s) {
  std::string u(s);
  for (char &c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}
} // namespace

// The class a runtime function returning an object belongs to: its name without the last
// part (Viper.Text.StringBuilder.Append -> VIPER.TEXT.STRINGBUILDER).
std::string Lowerer::runtimeClassOf(const rt::RuntimeFunction &fn) {
  const std::string n = upper(fn.canonicalName);
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
  if (Val r; collectionMethod(obj, name, args, loc, statement, r)) return r;
  const rt::RuntimeFunction *f = runtimeMember(obj.cls, name);
  if (!f) { error(loc, obj.cls + " has no member " + name); return bad(); }
  b_.setLoc(loc);
  return callRuntime(*f, args, loc, obj.cls + "." + name, statement, &obj);
}

bool Lowerer::runtimeMemberType(const std::string &cls, const std::string &name, Ty &ty, std::string &outCls) {
  if (collectionMemberType(cls, name, ty, outCls)) return true;
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

// BASIC names are case-insensitive: the runtime's canonical names, upper-cased.
const rt::RuntimeFunction *Lowerer::findRuntime(const std::string &name) {
  static const std::map<std::string, const rt::RuntimeFunction *> byUpper = [] {
    std::map<std::string, const rt::RuntimeFunction *> m;
    for (size_t i = 0; i < rt::runtimeFunctionCount(); ++i) {
      const rt::RuntimeFunction &f = rt::runtimeFunctionAt(i);
      // Reference counting and the unsafe helpers are the compiler's business, not the program's.
      if (f.canonicalName.rfind("Viper.", 0) != 0 || f.canonicalName.rfind("Viper.Runtime.", 0) == 0 ||
          f.canonicalName.find("RetainMaybe") != std::string_view::npos || f.canonicalName.find("ReleaseMaybe") != std::string_view::npos)
        continue;
      m.emplace(upper(f.canonicalName), &f);
    }
    return m;
  }();
  auto hit = [&](const std::string &n) -> const rt::RuntimeFunction * {
    if (n.rfind("VIPER.", 0) != 0) return nullptr;
    auto it = byUpper.find(n);
    if (it == byUpper.end()) {
      // A property is its getter: Viper.String.Length(s) is get_Length.
      auto dot = n.rfind('.');
      it = byUpper.find(n.substr(0, dot + 1) + "GET_" + n.substr(dot + 1));
    }
    return it == byUpper.end() ? nullptr : it->second;
  };
  if (auto *f = hit(name)) return f;
  for (const auto &u : prog_->usings) {
    if (u.alias.empty()) {
      if (auto *f = hit(u.ns + "." + name)) return f;
    } else if (name.size() > u.alias.size() && name.compare(0, u.alias.size() + 1, u.alias + ".") == 0) {
      if (auto *f = hit(u.ns + name.substr(u.alias.size()))) return f;
    }
  }
  return nullptr;
}

// A Viper.* runtime procedure called from BASIC: numbers convert to the parameter types
// as in an assignment; strings must be strings; objects are not supported yet.
Val Lowerer::callRuntime(const rt::RuntimeFunction &fn, const std::vector<ExprP> &args, SourceLoc loc, const std::string &name, bool statement,
                         const Val *receiver) {
  const il::Signature &sig = fn.signature;
  const size_t first = receiver ? 1 : 0;
  if (args.size() + first != sig.params.size()) {
    error(loc, "wrong number of arguments to " + name + ": expected " + std::to_string(sig.params.size() - first) + ", got " + std::to_string(args.size()));
    return bad();
  }
  std::vector<il::Value> ops;
  if (receiver) ops.push_back(&fn == &rt::runtimeFunction(RtFn::strConcat) ? owned(*receiver) : use(*receiver));
  for (size_t i = 0; i < args.size(); ++i) {
    Val a = expr(*args[i]);
    if (!a.ok) return bad();
    switch (sig.params[i + first]) {
    case il::Type::I64: ops.push_back(convert(a, Ty::Int, args[i]->loc, "pass")); break;
    case il::Type::F64: ops.push_back(convert(a, Ty::Float, args[i]->loc, "pass")); break;
    case il::Type::I1: ops.push_back(toBool(a, args[i]->loc, "argument")); break;
    case il::Type::Str:
      if (a.ty != Ty::Str) { error(args[i]->loc, "argument " + std::to_string(i + 1) + " of " + name + " must be a STRING, not " + tyName(a.ty)); return bad(); }
      // Concat consumes its operands (a borrowed one is retained first); the rest borrow.
      ops.push_back(&fn == &rt::runtimeFunction(RtFn::strConcat) ? owned(a) : use(a));
      break;
    case il::Type::I32: ops.push_back(b_.emit(il::Opcode::CastSiNarrowChk, il::Type::I32, {convert(a, Ty::Int, args[i]->loc, "pass")})); break;
    case il::Type::Ptr:
      // A runtime object of the function's own class (StringBuilder.Append takes a
      // StringBuilder), never a BASIC CLASS object nor another runtime class's handle (the
      // runtime checks its handles, not what another class's handle is); NOTHING only as
      // the object the function works on.
      if (a.ty != Ty::Obj || (a.cls.empty() ? i + first != 0 : a.cls != runtimeClassOf(fn))) {
        error(args[i]->loc, "argument " + std::to_string(i + 1) + " of " + name + " must be a " + runtimeClassOf(fn));
        return bad();
      }
      ops.push_back(a.v);
      break;
    default: error(args[i]->loc, name + " takes an object argument, which BASIC cannot pass yet"); return bad();
    }
  }
  Val r;
  switch (sig.ret) {
  case il::Type::Void:
    if (!statement) { error(loc, name + " has no value"); return bad(); }
    r.ty = Ty::Void;
    break;
  case il::Type::I64: r.ty = Ty::Int; break;
  case il::Type::I32: r.ty = Ty::Int; break;
  case il::Type::F64: r.ty = Ty::Float; break;
  case il::Type::Str: r.ty = Ty::Str; r.owned = true; break;
  case il::Type::I1: r.ty = Ty::Bool; break;
  case il::Type::Ptr: r.ty = Ty::Obj; r.cls = runtimeClassOf(fn); break;
  default: error(loc, name + " returns a value BASIC cannot use"); return bad();
  }
  std::optional<il::Value> v = b_.call(std::string(fn.canonicalName), sig.ret, ops);
  if (sig.ret == il::Type::I32) v = b_.emit(il::Opcode::CastSiNarrowChk, il::Type::I64, {*v});
  r.v = v ? *v : IRBuilder::i64(0);
  return r;
}

} // namespace viper::basic
