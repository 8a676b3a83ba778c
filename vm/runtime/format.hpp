// Number -> text, exactly as spec/runtime.md §2 prescribes (golden outputs depend on it).
#pragma once
#include <cstdint>
#include <string>

namespace viper::rt {

std::string formatI64(int64_t v);
/// formatI64's digits written into `buf` (no allocation); returns how many.
size_t formatI64To(char (&buf)[20], int64_t v);
/// The length of v in decimal (with its sign), and its digits written into dst[0, n).
size_t decimalLength(int64_t v);
void writeDecimal(char *dst, size_t n, int64_t v);
/// PRINT / PrintF64 / SayNum: C "%.15g", with NaN, Inf, -Inf spelled out.
std::string formatF64Print(double v);
/// STR$ / ToStringDouble: the shortest "%.{p}g" (p = 1..17) that reads back to the same bits.
std::string formatF64Shortest(double v);
/// Round half to even (float -> integer conversions, ROUND).
double roundHalfEven(double v);

} // namespace viper::rt
