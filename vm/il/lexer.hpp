// Tokenizer for one line of IL text (the format is line oriented, spec/il.md §1).
#pragma once
#include "support/diag.hpp"
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace viper::il {

enum class Tok : uint8_t {
  Word,     ///< bare name: keyword, mnemonic, type, label
  Temp,     ///< %name (text excludes the %)
  Symbol,   ///< @name (text excludes the @)
  Int,
  Float,
  String,   ///< text holds the unescaped bytes
  LParen, RParen, LBracket, RBracket, LBrace, RBrace,
  Comma, Colon, Equals, Arrow, Caret, Ellipsis,
  End
};

struct Token {
  Tok kind = Tok::End;
  std::string text;
  int64_t i = 0;
  double f = 0;
  uint32_t col = 1;  ///< 1-based column of the token's first byte
};

/// Cuts a trailing comment: `#` or `//` at line start or after whitespace; `;` as well
/// when `semicolonComments` (directive and declaration lines). Strings are respected.
std::string_view stripComment(std::string_view line, bool semicolonComments);

/// Splits one comment-free line into tokens. Lexical errors are reported at
/// (file, line, column) and the function returns false.
bool tokenizeLine(std::string_view line, uint32_t file, uint32_t lineNo, DiagnosticEngine &diags,
                  std::vector<Token> &out);

/// Parses an IL integer literal (decimal, 0x, 0b, leading-0 octal, `_` separators).
bool parseIntLiteral(std::string_view text, int64_t &out);

} // namespace viper::il
