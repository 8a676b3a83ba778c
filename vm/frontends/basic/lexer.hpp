// BASIC tokens (spec/basic.md §1). Keywords are identifiers the parser recognises by
// their upper-case spelling, so `print`, `Print` and `PRINT` are one word.
#pragma once
#include "support/diag.hpp"
#include <cstdint>
#include <string>
#include <vector>

namespace viper::basic {

enum class Tok : uint8_t {
  Ident, Int, Float, String, Newline, Eof,
  Plus, Minus, Star, Slash, Backslash, Caret, Eq, Ne, Lt, Le, Gt, Ge,
  LParen, RParen, Comma, Semicolon, Colon, Hash, Dot
};

struct Token {
  Tok kind = Tok::Eof;
  std::string text;     ///< identifiers: upper-cased, suffix included; strings: the bytes
  SourceLoc loc;
  int64_t ival = 0;
  double fval = 0;
};

/// Splits the file into tokens; bad characters and malformed literals are reported and
/// skipped. A REM or ' comment runs to the end of the line.
std::vector<Token> lex(const std::string &text, uint32_t fileId, DiagnosticEngine &diags);

} // namespace viper::basic
