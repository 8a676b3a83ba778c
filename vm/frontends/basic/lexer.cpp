#include "frontends/basic/lexer.hpp"
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace viper::basic {

namespace {

class Lexer {
public:
  Lexer(const std::string &t, uint32_t file, DiagnosticEngine &d) : s_(t), file_(file), diags_(d) {}

  std::vector<Token> run() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '\n') { add(Tok::Newline, "\n"); ++i_; ++line_; lineStart_ = i_; continue; }
      if (c == '\r' || c == ' ' || c == '\t') { ++i_; continue; }
      if (c == '\'') { skipComment(); continue; }
      if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])))) {
        number();
        continue;
      }
      if (c == '&' && i_ + 1 < s_.size() && (std::toupper(s_[i_ + 1]) == 'H' || std::toupper(s_[i_ + 1]) == 'B')) { radix(); continue; }
      if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') { ident(); continue; }
      if (c == '"') { string(); continue; }
      if (!punct()) {
        diags_.error(here(), std::string("unexpected character '") + (std::isprint(static_cast<unsigned char>(c)) ? std::string(1, c) : "\\x" + hex(c)) + "'");
        ++i_;
      }
      if (diags_.full()) break;
    }
    add(Tok::Newline, "\n");
    add(Tok::Eof, "");
    return std::move(out_);
  }

private:
  static std::string hex(char c) {
    const char *d = "0123456789abcdef";
    auto u = static_cast<unsigned char>(c);
    return std::string{d[u >> 4], d[u & 15]};
  }
  SourceLoc here() const { return {file_, line_, static_cast<uint32_t>(i_ - lineStart_ + 1)}; }
  SourceLoc at(size_t pos) const { return {file_, line_, static_cast<uint32_t>(pos - lineStart_ + 1)}; }
  Token &add(Tok k, std::string text) { return addAt(k, std::move(text), i_); }
  Token &addAt(Tok k, std::string text, size_t pos) {
    Token t;
    t.kind = k;
    t.text = std::move(text);
    t.loc = at(pos);
    out_.push_back(std::move(t));
    return out_.back();
  }
  void skipComment() { while (i_ < s_.size() && s_[i_] != '\n') ++i_; }

  void number() {
    size_t start = i_;
    bool isFloat = false;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    if (i_ < s_.size() && s_[i_] == '.') { isFloat = true; ++i_; while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_; }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      size_t save = i_++;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
        isFloat = true;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      } else {
        i_ = save;  // not an exponent: `2E` is 2 followed by E
      }
    }
    // 0x2A / 0b101
    if (!isFloat && i_ - start == 1 && s_[start] == '0' && i_ < s_.size() && (s_[i_] == 'x' || s_[i_] == 'X' || s_[i_] == 'b' || s_[i_] == 'B')) {
      int base = (s_[i_] == 'x' || s_[i_] == 'X') ? 16 : 2;
      ++i_;
      digits(start, base);
      return;
    }
    std::string text = s_.substr(start, i_ - start);
    if (i_ < s_.size() && (s_[i_] == '#' || s_[i_] == '!')) { isFloat = true; ++i_; }
    else if (i_ < s_.size() && (s_[i_] == '%' || s_[i_] == '&')) ++i_;
    if (isFloat) {
      Token &t = addAt(Tok::Float, text, start);
      t.fval = std::strtod(text.c_str(), nullptr);
      return;
    }
    errno = 0;
    unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
    if (errno == ERANGE || v > 9223372036854775807ull) {
      // Too big for an integer: BASIC reads it as a float, as QBasic does.
      Token &t = addAt(Tok::Float, text, start);
      t.fval = std::strtod(text.c_str(), nullptr);
      return;
    }
    Token &t = addAt(Tok::Int, text, start);
    t.ival = static_cast<int64_t>(v);
  }

  void radix() {
    size_t start = i_;
    int base = std::toupper(s_[i_ + 1]) == 'H' ? 16 : 2;
    i_ += 2;
    digits(start, base);
  }

  void digits(size_t start, int base) {
    size_t d0 = i_;
    uint64_t v = 0;
    bool overflow = false;
    while (i_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_]))) {
      int d = std::isdigit(static_cast<unsigned char>(s_[i_])) ? s_[i_] - '0' : std::toupper(s_[i_]) - 'A' + 10;
      if (d >= base) break;
      if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) overflow = true;
      v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
      ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == '%' || s_[i_] == '&')) ++i_;
    if (i_ == d0) diags_.error(at(start), "expected digits after the number prefix");
    if (overflow) diags_.error(at(start), "number is too large");
    Token &t = addAt(Tok::Int, s_.substr(start, i_ - start), start);
    t.ival = static_cast<int64_t>(v);
  }

  void ident() {
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    std::string up;
    for (size_t k = start; k < i_; ++k) up += static_cast<char>(std::toupper(static_cast<unsigned char>(s_[k])));
    if (up == "REM") { skipComment(); return; }
    if (i_ < s_.size() && (s_[i_] == '$' || s_[i_] == '#' || s_[i_] == '!' || s_[i_] == '%' || s_[i_] == '&')) {
      // `&` after a name is a suffix only when not followed by H/B digits (an operand).
      up += s_[i_++];
    }
    addAt(Tok::Ident, up, start);
  }

  void string() {
    size_t start = i_++;
    std::string bytes;
    for (;;) {
      if (i_ >= s_.size() || s_[i_] == '\n') {
        diags_.error(at(start), "unterminated string literal");
        break;
      }
      if (s_[i_] == '"') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') { bytes += '"'; i_ += 2; continue; }
        ++i_;
        break;
      }
      bytes += s_[i_++];
    }
    addAt(Tok::String, bytes, start);
  }

  bool punct() {
    char c = s_[i_];
    char n = i_ + 1 < s_.size() ? s_[i_ + 1] : '\0';
    auto one = [&](Tok k) { add(k, std::string(1, c)); ++i_; return true; };
    auto two = [&](Tok k) { add(k, s_.substr(i_, 2)); i_ += 2; return true; };
    switch (c) {
    case '+': return one(Tok::Plus);
    case '-': return one(Tok::Minus);
    case '*': return one(Tok::Star);
    case '/': return one(Tok::Slash);
    case '\\': return one(Tok::Backslash);
    case '^': return one(Tok::Caret);
    case '=': return one(Tok::Eq);
    case '<': return n == '>' ? two(Tok::Ne) : n == '=' ? two(Tok::Le) : one(Tok::Lt);
    case '>': return n == '=' ? two(Tok::Ge) : one(Tok::Gt);
    case '(': return one(Tok::LParen);
    case ')': return one(Tok::RParen);
    case ',': return one(Tok::Comma);
    case ';': return one(Tok::Semicolon);
    case ':': return one(Tok::Colon);
    case '#': return one(Tok::Hash);
    case '.': return one(Tok::Dot);
    default: return false;
    }
  }

  const std::string &s_;
  uint32_t file_;
  DiagnosticEngine &diags_;
  size_t i_ = 0, lineStart_ = 0;
  uint32_t line_ = 1;
  std::vector<Token> out_;
};

} // namespace

std::vector<Token> lex(const std::string &text, uint32_t fileId, DiagnosticEngine &diags) {
  return Lexer(text, fileId, diags).run();
}

} // namespace viper::basic
