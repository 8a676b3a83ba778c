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
  /// Error: already reported; anything goes with it (no cascades).
  enum class K : uint8_t { Error, Void, Int, Num, Bool, Str, Null, List, Class };
  K k = K::Error;
  std::shared_ptr<const Type> elem;  ///< List element
  int cls = -1;                      ///< Class index

  static Type of(K k) { Type t; t.k = k; return t; }
  static Type list(const Type &e) { Type t; t.k = K::List; t.elem = std::make_shared<Type>(e); return t; }
  static Type klass(int c) { Type t; t.k = K::Class; t.cls = c; return t; }
  bool is(K kind) const { return k == kind; }
  bool isError() const { return k == K::Error; }
  bool isNumeric() const { return k == K::Int || k == K::Num; }
  bool isRef() const { return k == K::List || k == K::Class || k == K::Null; }
};

bool sameType(const Type &a, const Type &b);
/// A value of type `from` may be stored where `to` is expected: equal types, Integer ->
/// Number widening, null -> any reference type; Error matches everything.
bool assignable(const Type &from, const Type &to);
il::Type ilType(const Type &t);
/// The name a user writes: Integer, List[String], Counter. `classNames` names classes.
std::string typeName(const Type &t, const std::vector<std::string> &classNames);

/// The closest of `candidates` to `name` within a small edit distance, or "".
std::string closestName(const std::string &name, const std::vector<std::string> &candidates);

} // namespace viper::zia
