// Zia semantic types (spec/zia.md §3): what lowering checks and infers, their IL
// representation and their names as a user writes them (for diagnostics).
#pragma once
#include "frontends/zia/ast.hpp"
#include "il/types.hpp"
#include <memory>
#include <string>
#include <vector>

namespace viper::zia {

struct Type {
  /// Error: already reported; anything goes with it (no cascades). ErrRec: a caught error
  /// (`catch (e)`: e.kind, e.message, e.code, e.line).
  enum class K : uint8_t { Error, Void, Int, Num, Bool, Str, Null, List, Class, Enum, Opt, ErrRec, Map, Set, Func };
  K k = K::Error;
  std::shared_ptr<const Type> elem;  ///< List/Set element; Opt: the type inside; Map: the key
  std::shared_ptr<const Type> val;   ///< Map: the value; Func: the result
  std::shared_ptr<const std::vector<Type>> fparams;  ///< Func: the parameters
  int cls = -1;                      ///< Class index; Enum: enum index

  static Type of(K k) { Type t; t.k = k; return t; }
  static Type list(const Type &e) { Type t; t.k = K::List; t.elem = std::make_shared<Type>(e); return t; }
  static Type klass(int c) { Type t; t.k = K::Class; t.cls = c; return t; }
  static Type map(const Type &k, const Type &v) { Type t; t.k = K::Map; t.elem = std::make_shared<Type>(k); t.val = std::make_shared<Type>(v); return t; }
  static Type set(const Type &e) { Type t; t.k = K::Set; t.elem = std::make_shared<Type>(e); return t; }
  /// `(A, B) -> R`: a closure {function at 16, environment at 24}.
  static Type func(std::vector<Type> ps, const Type &r) { Type t; t.k = K::Func; t.fparams = std::make_shared<std::vector<Type>>(std::move(ps)); t.val = std::make_shared<Type>(r); return t; }
  static Type enumOf(int e) { Type t; t.k = K::Enum; t.cls = e; return t; }
  /// `T?`: a reference type's own pointer (null = absent); other types boxed.
  static Type opt(const Type &e) { Type t; t.k = K::Opt; t.elem = std::make_shared<Type>(e); return t; }
  bool is(K kind) const { return k == kind; }
  bool isError() const { return k == K::Error; }
  bool isNumeric() const { return k == K::Int || k == K::Num; }
  bool isRef() const { return k == K::List || k == K::Class || k == K::Null || k == K::Opt || k == K::Map || k == K::Set || k == K::Func; }
  /// An optional whose value is boxed (its inner type is not a reference).
  bool isBoxedOpt() const { return k == K::Opt && elem && !elem->isRef(); }
};

bool sameType(const Type &a, const Type &b);
/// A value of type `from` may be stored where `to` is expected: equal types, Integer ->
/// Number widening, null -> any reference type; Error matches everything. `supers[c]`
/// (when given) lists every base class and interface of class c: a class value may go
/// where one of those is expected.
bool assignable(const Type &from, const Type &to, const std::vector<std::vector<int>> *supers = nullptr);
il::Type ilType(const Type &t);
/// The name a user writes: Integer, List[String], Counter. `classNames` names classes.
std::string typeName(const Type &t, const std::vector<std::string> &classNames,
                     const std::vector<std::string> *enumNames = nullptr);

/// The closest of `candidates` to `name` within a small edit distance, or "".
std::string closestName(const std::string &name, const std::vector<std::string> &candidates);

} // namespace viper::zia
