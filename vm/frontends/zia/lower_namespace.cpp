// Zia namespaces (spec/zia.md §7 Modules/namespaces): `namespace A.B { ... }` names its
// declarations `A.B.name` (the parser does that); these are the lookups. Inside the
// namespace a short name is tried in the innermost namespace first, then outwards, then
// as written; from anywhere the full dotted name works.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

std::string Lowerer::curNs() const {
  if (declNs_) return *declNs_;
  if (curClass_ >= 0 && classes_[curClass_].decl) return classes_[curClass_].decl->ns;
  if (fn_ && fn_->decl) return fn_->decl->ns;
  return "";
}

std::string Lowerer::scoped(const std::string &n, const std::function<bool(const std::string &)> &has) const {
  // A class's static members (`C.n`, then its bases'), inside its methods and its static
  // methods.
  int cls = curClass_;
  if (cls < 0 && !declNs_ && fn_ && fn_->decl && !fn_->decl->staticOf.empty())
    if (auto it = classIndex_.find(fn_->decl->staticOf); it != classIndex_.end()) cls = it->second;
  for (int c = cls; c >= 0; c = classes_[c].base) {
    std::string q = classes_[c].name + "." + n;
    if (has(q)) return q;
  }
  std::string ns = curNs();
  while (!ns.empty()) {
    std::string q = ns + "." + n;
    if (has(q)) return q;
    const size_t dot = ns.rfind('.');
    ns = dot == std::string::npos ? "" : ns.substr(0, dot);
  }
  return n;
}

std::string Lowerer::scopedFunc(const std::string &n) const {
  return scoped(n, [&](const std::string &q) { return funcs_.count(q) > 0; });
}

std::string Lowerer::scopedGlobal(const std::string &n) const {
  return scoped(n, [&](const std::string &q) { return globals_.count(q) > 0; });
}

std::optional<std::string> Lowerer::dottedName(const Expr &e) {
  std::vector<const std::string *> parts;
  const Expr *cur = &e;
  while (cur->kind == Expr::K::Member && cur->op != "?.") {
    parts.push_back(&cur->name);
    cur = cur->args[0].get();
  }
  if (cur->kind != Expr::K::Name || parts.empty()) return std::nullopt;
  const std::string &root = cur->name;
  if (findLocal(root) || globals_.count(scopedGlobal(root)) || (curClass_ >= 0 && classes_[curClass_].field(root))) return std::nullopt;
  std::string out = root;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += "." + **it;
  return out;
}

} // namespace viper::zia
