// Lowering helpers every front end needs around the runtime ABI (spec/runtime.md):
// string reference counting for temporaries, and the runtime's arrays.
#pragma once
#include "frontends/common/il_builder.hpp"
#include <cstdint>
#include <string_view>
#include <vector>

namespace viper::fe {

/// A string value is owned (this code must release it: results of runtime calls) or
/// borrowed (literals, loads of variables). Owned temporaries are collected while an
/// expression is lowered and released at the end of the statement or before a branch.
class StringTemps {
public:
  explicit StringTemps(IRBuilder &b) : b_(b) {}
  /// The value for a call that only reads it; an owned one is released later.
  il::Value borrow(il::Value v, bool owned);
  /// The value for a call that takes ownership (Viper.String.Concat): borrowed ones are
  /// retained first.
  il::Value consume(il::Value v, bool owned);
  /// Releases the collected temporaries (nothing if the block already ended).
  void release();
  void clear() { pending_.clear(); }

private:
  IRBuilder &b_;
  std::vector<il::Value> pending_;
};

/// String comparison: BASIC's `=`/`<>` and Zia's `==`/`!=` are the same relation.
enum class Relation : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
/// The relation an operator spells in either language ("=" or "==", "<>" or "!=", ...).
Relation relationOf(std::string_view op);
/// `a op c` on two (borrowed) strings, as an i1.
il::Value stringCompare(IRBuilder &b, Relation r, il::Value a, il::Value c);

/// The runtime's arrays by element type; handles are `ptr`, indices `i64`, bounds are
/// checked by the runtime.
enum class ArrayElem { I64, F64, Str };
il::Value arrayNew(IRBuilder &b, ArrayElem e, il::Value len);
il::Value arrayResize(IRBuilder &b, ArrayElem e, il::Value handle, il::Value len);
il::Value arrayLength(IRBuilder &b, il::Value handle);
/// Element i. A string element comes back owned (the runtime retains it).
il::Value arrayGet(IRBuilder &b, ArrayElem e, il::Value handle, il::Value i);
/// Element i = v (a string element is retained by the runtime).
void arraySet(IRBuilder &b, ArrayElem e, il::Value handle, il::Value i, il::Value v);
/// Drops this reference to the array (null is ignored).
void arrayRelease(IRBuilder &b, ArrayElem e, il::Value handle);

} // namespace viper::fe
