// Zia variadic parameters (spec/zia.md §4 Calls): `func sum(label: String, xs: ...Integer)`
// takes any number of trailing arguments, which the caller collects into a new
// List[Integer] (elements as any list's, lower_list.cpp) passed as the last parameter.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

bool Lowerer::variadicArgs(const FuncInfo &f, const std::vector<const Expr *> &args, SourceLoc loc, std::vector<il::Value> &ilArgs) {
  const char *what = f.cls >= 0 ? "method" : "function";
  const size_t fixed = f.params.size() - 1;
  bool ok = true;
  if (args.size() < fixed) {
    error(loc, std::string(what) + " " + f.name + " expects at least " + std::to_string(fixed) + " argument" + (fixed == 1 ? "" : "s") +
                   ", got " + std::to_string(args.size()));
    ok = false;
  }
  // The fixed arguments first, as an ordinary call takes them.
  for (size_t i = 0; i < args.size() && i < fixed; ++i) {
    const Type &pt = f.params[i];
    Val v = expr(*args[i], &pt);
    if (v.ty.isError() || pt.isError()) { ok = false; use(v); continue; }
    if (!assignable(v.ty, pt)) {
      error(args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + f.name + "' must be " + name(pt) + ", not " + name(v.ty));
      ok = false;
      use(v);
      continue;
    }
    il::Value c = convert(v, pt, args[i]->loc, "pass");
    ilArgs.push_back(use(Val{c, pt, v.owned}));
  }
  const Type &lt = f.params.back();
  if (lt.isError() || !lt.elem) return false;
  const Type et = *lt.elem;
  b_.setLoc(loc);
  il::Value list = *b_.call(RtFn::listNew, {});
  for (size_t i = fixed; i < args.size(); ++i) {
    Val v = expr(*args[i], &et);
    if (v.ty.isError()) { ok = false; continue; }
    if (!assignable(v.ty, et)) {
      error(args[i]->loc, "argument " + std::to_string(i + 1) + " of '" + f.name + "' must be " + name(et) + " (the variadic '" +
                              f.decl->params.back().name + "'), not " + name(v.ty));
      ok = false;
      use(v);
      continue;
    }
    il::Value c = convert(v, et, args[i]->loc, "pass");
    b_.call(listFn(ListOp::Push, et), {list, toElem(carried(v, c, et), et, args[i]->loc, true, true)});
  }
  ilArgs.push_back(list);
  return ok;
}

} // namespace viper::zia
