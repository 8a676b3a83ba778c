#include "frontends/zia/types.hpp"
#include <algorithm>

namespace viper::zia {

bool sameType(const Type &a, const Type &b) {
  if (a.k != b.k) return false;
  if (a.k == Type::K::List || a.k == Type::K::Opt || a.k == Type::K::Set) return a.elem && b.elem && sameType(*a.elem, *b.elem);
  if (a.k == Type::K::Func) {
    if (!a.fparams || !b.fparams || a.fparams->size() != b.fparams->size() || !sameType(*a.val, *b.val)) return false;
    for (size_t i = 0; i < a.fparams->size(); ++i)
      if (!sameType((*a.fparams)[i], (*b.fparams)[i])) return false;
    return true;
  }
  if (a.k == Type::K::Map) return a.elem && b.elem && a.val && b.val && sameType(*a.elem, *b.elem) && sameType(*a.val, *b.val);
  if (a.k == Type::K::Class || a.k == Type::K::Enum) return a.cls == b.cls;
  return true;
}

bool assignable(const Type &from, const Type &to, const std::vector<std::vector<int>> *supers) {
  if (from.isError() || to.isError()) return true;
  if (sameType(from, to)) return true;
  if (supers && from.is(Type::K::Class) && to.is(Type::K::Class) && from.cls >= 0 &&
      static_cast<size_t>(from.cls) < supers->size()) {
    for (int s : (*supers)[from.cls])
      if (s == to.cls) return true;
  }
  if (from.is(Type::K::Int) && to.is(Type::K::Num)) return true;
  if (from.is(Type::K::Null) && to.isRef()) return true;
  // T -> T? (wrapping), T? -> U? when T -> U keeps the representation.
  if (to.is(Type::K::Opt) && to.elem) {
    if (from.is(Type::K::Opt) && from.elem) return from.elem->isRef() && to.elem->isRef() && assignable(*from.elem, *to.elem, supers);
    return assignable(from, *to.elem, supers) && (from.isRef() == to.elem->isRef());
  }
  // An empty list literal `[]` takes its element type from where it goes.
  if (from.is(Type::K::List) && to.is(Type::K::List) && from.elem && from.elem->isError()) return true;
  if (from.is(Type::K::Map) && to.is(Type::K::Map) && from.elem && from.elem->isError()) return true;  // `{}`
  return false;
}

il::Type ilType(const Type &t) {
  switch (t.k) {
  case Type::K::Int: case Type::K::Enum: return il::Type::I64;
  case Type::K::Num: return il::Type::F64;
  case Type::K::Bool: return il::Type::I1;
  case Type::K::Str: return il::Type::Str;
  case Type::K::Void: return il::Type::Void;
  default: return il::Type::Ptr;
  }
}

std::string typeName(const Type &t, const std::vector<std::string> &classNames, const std::vector<std::string> *enumNames) {
  switch (t.k) {
  case Type::K::Error: return "<error>";
  case Type::K::Void: return "Void";
  case Type::K::Int: return "Integer";
  case Type::K::Num: return "Number";
  case Type::K::Bool: return "Boolean";
  case Type::K::Str: return "String";
  case Type::K::Null: return "null";
  case Type::K::List: return "List[" + (t.elem ? typeName(*t.elem, classNames, enumNames) : std::string("?")) + "]";
  case Type::K::ErrRec: return "Error";
  case Type::K::Func: {
    std::string s = "(";
    if (t.fparams)
      for (size_t i = 0; i < t.fparams->size(); ++i) s += (i ? ", " : "") + typeName((*t.fparams)[i], classNames, enumNames);
    return s + ") -> " + (t.val ? typeName(*t.val, classNames, enumNames) : std::string("?"));
  }
  case Type::K::Set: return "Set[" + (t.elem ? typeName(*t.elem, classNames, enumNames) : std::string("?")) + "]";
  case Type::K::Map:
    return "Map[" + (t.elem ? typeName(*t.elem, classNames, enumNames) : std::string("?")) + ", " +
           (t.val ? typeName(*t.val, classNames, enumNames) : std::string("?")) + "]";
  case Type::K::Opt: return (t.elem ? typeName(*t.elem, classNames, enumNames) : std::string("?")) + "?";
  case Type::K::Enum:
    return enumNames && t.cls >= 0 && static_cast<size_t>(t.cls) < enumNames->size() ? (*enumNames)[t.cls] : std::string("<enum>");
  case Type::K::Class:
    return t.cls >= 0 && static_cast<size_t>(t.cls) < classNames.size() ? classNames[t.cls] : std::string("<class>");
  }
  return "?";
}

namespace {
size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      // A swap of two neighbours (`bakr` for `bark`) is one edit.
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
} // namespace

std::string closestName(const std::string &name, const std::vector<std::string> &candidates) {
  if (name.size() > 64) return {};
  std::string best;
  size_t bestD = std::max<size_t>(1, std::min<size_t>(2, name.size() / 3));
  bestD += 1;
  for (const auto &c : candidates) {
    if (c.size() > 64 || c == name) continue;
    size_t d = editDistance(name, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  return best;
}

} // namespace viper::zia
