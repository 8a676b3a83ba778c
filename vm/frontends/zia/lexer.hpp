// Zia tokens (spec/zia.md §1). Keywords and punctuation keep their spelling in `text`,
// so the parser compares words, not an enum per symbol.
#pragma once
#include "support/diag.hpp"
#include <cstdint>
#include <string>
#include <vector>

namespace viper::zia {

enum class Tok : uint8_t { Ident, Keyword, Int, Num, Str, Interp, Punct, Eof };

/// One piece of an interpolated string: literal bytes, or the source of a `${...}`
/// expression (lexed and parsed again by the parser, starting at `loc`).
struct StrPart {
  bool isExpr = false;
  std::string text;
  SourceLoc loc;
};

struct Token {
  Tok kind = Tok::Eof;
  std::string text;  ///< identifiers, keywords, punctuation; Str: the decoded bytes
  SourceLoc loc;
  int64_t ival = 0;
  double fval = 0;
  std::vector<StrPart> parts;  ///< Interp only
};

/// Splits `text` into tokens, starting at line:col (1:1 for a file; an interpolated
/// expression starts where it is written). Bad characters, malformed literals and
/// unterminated strings or comments are reported and skipped; the last token is Eof.
std::vector<Token> lex(std::string_view text, uint32_t fileId, DiagnosticEngine &diags, uint32_t line = 1,
                       uint32_t col = 1);

bool isKeyword(std::string_view word);

} // namespace viper::zia
