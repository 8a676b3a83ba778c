// Viper IL value types.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace viper::il {

enum class Type : uint8_t { Void, I1, I16, I32, I64, F64, Ptr, Str, Error, ResumeTok };

/// Canonical spelling, as the printer writes it.
std::string_view typeName(Type t);
/// Accepts every spelling of spec/il.md §3 (`Error`/`error`, `resume_tok`/`ResumeTok`/`resumetok`).
std::optional<Type> parseType(std::string_view s);

inline bool isInteger(Type t) { return t == Type::I1 || t == Type::I16 || t == Type::I32 || t == Type::I64; }
inline bool isWideInteger(Type t) { return t == Type::I16 || t == Type::I32 || t == Type::I64; }
/// Bytes a load/store of this type touches (also its alignment).
unsigned typeSize(Type t);
/// Signed range of an integer type, for literal fitting and checked arithmetic.
int64_t typeMin(Type t);
int64_t typeMax(Type t);

} // namespace viper::il
