#include "frontends/common/runtime_lowering.hpp"

namespace viper::fe {

using rt::RtFn;

using il::Type;
using il::Value;

Value StringTemps::borrow(Value v, bool owned) {
  if (owned) pending_.push_back(v);
  return v;
}

Value StringTemps::consume(Value v, bool owned) {
  if (!owned) b_.call(RtFn::strRetainMaybe, {v});
  return v;
}

void StringTemps::release() {
  if (!b_.terminated())
    for (const Value &s : pending_) b_.call(RtFn::strReleaseMaybe, {s});
  pending_.clear();
}

Relation relationOf(std::string_view op) {
  if (op == "=" || op == "==") return Relation::Eq;
  if (op == "<>" || op == "!=") return Relation::Ne;
  if (op == "<") return Relation::Lt;
  if (op == "<=") return Relation::Le;
  if (op == ">") return Relation::Gt;
  return Relation::Ge;
}

Value stringCompare(IRBuilder &b, Relation r, Value a, Value c) {
  if (r == Relation::Eq || r == Relation::Ne) {
    Value eq = b.callValue(RtFn::strEquals, {std::move(a), std::move(c)});
    return r == Relation::Eq ? eq : b.emit(il::Opcode::Xor, Type::I1, {eq, Value::boolean(true)});
  }
  // The ordering functions return an i64 truth value (0 or 1), as upstream's do.
  const RtFn fn = r == Relation::Lt ? RtFn::strLt : r == Relation::Le ? RtFn::strLe : r == Relation::Gt ? RtFn::strGt : RtFn::strGe;
  Value v = b.callValue(fn, {std::move(a), std::move(c)});
  return b.emit(il::Opcode::ICmpNe, Type::I1, {v, Value::integer(0)});
}

Value arrayNew(IRBuilder &b, ArrayElem e, Value len) {
  const rt::RtFn fn = e == ArrayElem::Str ? RtFn::arrStrAlloc : e == ArrayElem::F64 ? RtFn::arrF64New : RtFn::arrI64New;
  return *b.call(fn, {std::move(len)});
}

Value arrayResize(IRBuilder &b, ArrayElem e, Value handle, Value len) {
  const rt::RtFn fn = e == ArrayElem::Str ? RtFn::arrStrResize : e == ArrayElem::F64 ? RtFn::arrF64Resize : RtFn::arrI64Resize;
  return *b.call(fn, {std::move(handle), std::move(len)});
}

Value arrayLength(IRBuilder &b, Value handle) { return *b.call(RtFn::arrLen, {std::move(handle)}); }

Value arrayGet(IRBuilder &b, ArrayElem e, Value handle, Value i) {
  switch (e) {
  case ArrayElem::F64: return *b.call(RtFn::arrF64Get, {std::move(handle), std::move(i)});
  case ArrayElem::Str: return *b.call(RtFn::arrStrGet, {std::move(handle), std::move(i)});
  default: return *b.call(RtFn::arrI64Get, {std::move(handle), std::move(i)});
  }
}

void arraySet(IRBuilder &b, ArrayElem e, Value handle, Value i, Value v) {
  const rt::RtFn fn = e == ArrayElem::Str ? RtFn::arrStrPut : e == ArrayElem::F64 ? RtFn::arrF64Set : RtFn::arrI64Set;
  b.call(fn, {std::move(handle), std::move(i), std::move(v)});
}

void arrayRelease(IRBuilder &b, ArrayElem e, Value handle) {
  if (e == ArrayElem::Str) b.call(RtFn::arrStrRelease, {std::move(handle), Value::integer(0)});
  else b.call(RtFn::arrRelease, {std::move(handle)});
}

} // namespace viper::fe
