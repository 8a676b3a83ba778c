#include "il/types.hpp"
#include <limits>

namespace viper::il {

std::string_view typeName(Type t) {
  switch (t) {
  case Type::Void: return "void";
  case Type::I1: return "i1";
  case Type::I16: return "i16";
  case Type::I32: return "i32";
  case Type::I64: return "i64";
  case Type::F64: return "f64";
  case Type::Ptr: return "ptr";
  case Type::Str: return "str";
  case Type::Error: return "error";
  case Type::ResumeTok: return "resume_tok";
  }
  return "?";
}

std::optional<Type> parseType(std::string_view s) {
  if (s == "void") return Type::Void;
  if (s == "i1") return Type::I1;
  if (s == "i16") return Type::I16;
  if (s == "i32") return Type::I32;
  if (s == "i64") return Type::I64;
  if (s == "f64") return Type::F64;
  if (s == "ptr") return Type::Ptr;
  if (s == "str") return Type::Str;
  if (s == "error" || s == "Error") return Type::Error;
  if (s == "resume_tok" || s == "ResumeTok" || s == "resumetok") return Type::ResumeTok;
  return std::nullopt;
}

unsigned typeSize(Type t) {
  switch (t) {
  case Type::I1: return 1;
  case Type::I16: return 2;
  case Type::I32: return 4;
  case Type::Void: return 0;
  default: return 8;
  }
}

int64_t typeMin(Type t) {
  switch (t) {
  case Type::I1: return 0;
  case Type::I16: return std::numeric_limits<int16_t>::min();
  case Type::I32: return std::numeric_limits<int32_t>::min();
  default: return std::numeric_limits<int64_t>::min();
  }
}

int64_t typeMax(Type t) {
  switch (t) {
  case Type::I1: return 1;
  case Type::I16: return std::numeric_limits<int16_t>::max();
  case Type::I32: return std::numeric_limits<int32_t>::max();
  default: return std::numeric_limits<int64_t>::max();
  }
}

} // namespace viper::il
