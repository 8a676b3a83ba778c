// BASIC type inference without lowering: the type and class an expression will have,
// for "the first assignment decides" (spec/basic.md §2) before any statement is lowered.
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

namespace {
Ty binaryType(const std::string &op, Ty a, Ty b) {
  if (op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=" || op == "ANDALSO" || op == "ORELSE" || op == "IS") return Ty::Bool;
  if (op == "AS") return Ty::Obj;
  if (op == "/" || op == "^") return Ty::Float;
  if (op == "\\" || op == "MOD") return Ty::Int;
  if (op == "AND" || op == "OR") return a == Ty::Bool && b == Ty::Bool ? Ty::Bool : Ty::Int;
  if (op == "+" && (a == Ty::Str || b == Ty::Str)) return Ty::Str;
  return a == Ty::Float || b == Ty::Float ? Ty::Float : Ty::Int;
}
} // namespace

// The type an expression will have, for "first assignment decides" inference. It
// follows the lowering's rules without emitting anything.
Ty Lowerer::inferType(const Expr &e) {
  switch (e.kind) {
  case Expr::K::Int: return Ty::Int;
  case Expr::K::Float: return Ty::Float;
  case Expr::K::Str: return Ty::Str;
  case Expr::K::Bool: return Ty::Bool;
  case Expr::K::New: return Ty::Obj;
  case Expr::K::Member: {
    Ty t; std::string c;
    if (e.text.find('.') == std::string::npos && inferType(*e.obj) == Ty::Str) return stringMethodType(e.text, e.ival != 0);
    if (memberType(inferCls(*e.obj), e.text, t, c)) return t;
    return Ty::Int;
  }
  case Expr::K::Name: {
    if (e.text == "NOTHING" && !findVar(e.text)) return Ty::Obj;
    Ty t; std::string c;
    if (!findVar(e.text) && pathType(e.text, t, c)) return t;
    if (const rt::RuntimeFunction *rf = findVar(e.text) ? nullptr : stringMemberFn(e.text, false))  // s.Length
      return rf->signature.ret == il::Type::Str ? Ty::Str : rf->signature.ret == il::Type::I1 ? Ty::Bool : Ty::Int;
    return (e.text == "TIMER" || e.text == "ERR" || e.text == "ERL") && !findVar(e.text) ? Ty::Int : nameType(e.text);
  }
  case Expr::K::Apply: {
    if (Var *v = findVar(e.text); v && v->isArray) return v->ty;
    { Ty t; std::string c; if (pathType(e.text, t, c)) return t; }
    if (const ProcSig *sig = findProc(e.text)) return sig->ret;
    {
      const ProcSig *sig = nullptr;
      Var *arr = nullptr;
      std::string member;
      if (stringOfCall(e, &sig, &arr, member)) return stringMethodType(member, false);  // F$(x).Length
    }
    const rt::RuntimeFunction *rf = findRuntime(e.text);
    if (!rf) rf = stringMemberFn(e.text, true);  // s.Substring(i, n)
    if (rf) {
      switch (rf->signature.ret) {
      case il::Type::F64: return Ty::Float;
      case il::Type::Str: return Ty::Str;
      case il::Type::I1: return Ty::Bool;
      default: return Ty::Int;
      }
    }
    static const std::set<std::string> kFloat = {"VAL", "SQR", "SIN", "COS", "TAN", "ATN", "EXP", "LOG", "FIX", "ROUND",
                                                 "FLOOR", "CEIL", "POW", "CSNG", "CDBL", "RND"};
    if (kFloat.count(e.text)) return Ty::Float;
    if ((e.text == "INT" || e.text == "ABS") && !e.args.empty()) return inferType(*e.args[0]) == Ty::Float ? Ty::Float : Ty::Int;
    if (!e.text.empty() && e.text.back() == '$') return Ty::Str;
    return Ty::Int;
  }
  case Expr::K::Unary: {
    Ty t = inferType(*e.args[0]);
    if (e.text == "NOT") return t == Ty::Bool ? Ty::Bool : Ty::Int;
    return t == Ty::Bool ? Ty::Int : t;
  }
  case Expr::K::Binary: {
    // A loop over the left spine, as the lowering does (chains of 100,000 terms).
    const LeftSpine spine = leftSpine(e);
    Ty a = inferType(*spine.leftmost);
    for (size_t i = spine.ops.size(); i-- > 0;) a = binaryType(spine.ops[i]->text, a, inferType(*spine.ops[i]->args[1]));
    return a;
  }
  }
  return Ty::Int;
}

std::string Lowerer::inferCls(const Expr &e) {
  Ty t; std::string c;
  switch (e.kind) {
  case Expr::K::New: return e.text;
  case Expr::K::Binary: return e.text == "AS" ? e.args[1]->text : "";
  case Expr::K::Member:
    if (memberType(inferCls(*e.obj), e.text, t, c)) return c;
    return "";
  case Expr::K::Name:
    if (Var *v = findVar(e.text)) return v->cls;
    if (pathType(e.text, t, c)) return c;
    if (const ProcSig *sig = findProc(e.text)) return sig->retCls;
    return "";
  case Expr::K::Apply:
    if (Var *v = findVar(e.text); v && v->isArray) return v->cls;
    if (pathType(e.text, t, c)) return c;
    if (const ProcSig *sig = findProc(e.text)) return sig->retCls;
    return "";
  default: return "";
  }
}

} // namespace viper::basic
