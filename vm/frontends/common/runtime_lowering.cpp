#include "frontends/common/runtime_lowering.hpp"

namespace viper::fe {

using il::Type;
using il::Value;

Value StringTemps::borrow(Value v, bool owned) {
  if (owned) pending_.push_back(v);
  return v;
}

Value StringTemps::consume(Value v, bool owned) {
  if (!owned) b_.call("Viper.String.RetainMaybe", Type::Void, {v});
  return v;
}

void StringTemps::release() {
  if (!b_.terminated())
    for (const Value &s : pending_) b_.call("Viper.String.ReleaseMaybe", Type::Void, {s});
  pending_.clear();
}

Value arrayNew(IRBuilder &b, ArrayElem e, Value len) {
  const char *fn = e == ArrayElem::Str ? "rt_arr_str_alloc" : e == ArrayElem::F64 ? "rt_arr_f64_new" : "rt_arr_i64_new";
  return *b.call(fn, Type::Ptr, {std::move(len)});
}

Value arrayResize(IRBuilder &b, ArrayElem e, Value handle, Value len) {
  const char *fn = e == ArrayElem::Str ? "rt_arr_str_resize" : e == ArrayElem::F64 ? "rt_arr_f64_resize" : "rt_arr_i64_resize";
  return *b.call(fn, Type::Ptr, {std::move(handle), std::move(len)});
}

Value arrayLength(IRBuilder &b, Value handle) { return *b.call("rt_arr_i64_len", Type::I64, {std::move(handle)}); }

Value arrayGet(IRBuilder &b, ArrayElem e, Value handle, Value i) {
  switch (e) {
  case ArrayElem::F64: return *b.call("rt_arr_f64_get", Type::F64, {std::move(handle), std::move(i)});
  case ArrayElem::Str: return *b.call("rt_arr_str_get", Type::Str, {std::move(handle), std::move(i)});
  default: return *b.call("rt_arr_i64_get", Type::I64, {std::move(handle), std::move(i)});
  }
}

void arraySet(IRBuilder &b, ArrayElem e, Value handle, Value i, Value v) {
  const char *fn = e == ArrayElem::Str ? "rt_arr_str_put" : e == ArrayElem::F64 ? "rt_arr_f64_set" : "rt_arr_i64_set";
  b.call(fn, Type::Void, {std::move(handle), std::move(i), std::move(v)});
}

void arrayRelease(IRBuilder &b, ArrayElem e, Value handle) {
  if (e == ArrayElem::Str) b.call("rt_arr_str_release", Type::Void, {std::move(handle), Value::integer(0)});
  else b.call("rt_arr_i64_release", Type::Void, {std::move(handle)});
}

} // namespace viper::fe
