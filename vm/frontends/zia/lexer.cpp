#include "frontends/zia/lexer.hpp"
#include <array>
#include <cmath>
#include <cstdlib>

namespace viper::zia {
namespace {

constexpr std::array<const char *, 60> kKeywords = {
    "and", "as", "async", "await", "bind", "break", "catch", "class", "continue", "defer", "deinit", "else", "enum",
    "expose", "extends", "false", "final", "finally", "for", "foreign", "func", "guard", "hide", "if", "implements",
    "in", "interface", "is", "let", "match", "module", "namespace", "new", "not", "null", "or", "override", "property",
    "private", "public", "return", "self", "static", "struct", "super", "throw", "true", "try", "type", "var", "weak",
    "while", "export", "", "", "", "", "", "", ""};

// Longest first, so `..=` wins over `..` and `<<=` over `<<`.
constexpr std::array<const char *, 28> kPunct3and2 = {
    "..=", "...", "<<=", ">>=", "..", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=",
    "-=",  "*=",  "/=",  "%=",  "&=", "|=", "^=", "<<", ">>", "??", "?.", "::", "",   ""};
constexpr std::string_view kPunct1 = "+-*/%<>=!&|^~?:;,.(){}[]@#";

class Lexer {
public:
  Lexer(std::string_view s, uint32_t file, DiagnosticEngine &d, uint32_t line, uint32_t col)
      : s_(s), file_(file), diags_(d), line_(line), col_(col) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    while (true) {
      skipSpaceAndComments();
      if (p_ >= s_.size()) break;
      if (diags_.full()) break;
      Token t;
      t.loc = here();
      if (token(t)) out.push_back(std::move(t));
    }
    Token eof;
    eof.loc = here();
    out.push_back(eof);
    return out;
  }

private:
  SourceLoc here() const { return {file_, line_, col_}; }
  char cur(size_t k = 0) const { return p_ + k < s_.size() ? s_[p_ + k] : '\0'; }
  void adv() {
    if (p_ >= s_.size()) return;
    if (s_[p_] == '\n') { ++line_; col_ = 1; } else { ++col_; }
    ++p_;
  }
  void error(SourceLoc l, std::string m) { diags_.error(l, std::move(m)); }

  void skipSpaceAndComments() {
    while (p_ < s_.size()) {
      char c = cur();
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { adv(); continue; }
      if (c == '/' && cur(1) == '/') { while (p_ < s_.size() && cur() != '\n') adv(); continue; }
      if (c == '/' && cur(1) == '*') { blockComment(); continue; }
      break;
    }
  }

  // Block comments nest (spec/zia.md §1); a counter, not recursion.
  void blockComment() {
    SourceLoc start = here();
    adv(); adv();
    int depth = 1;
    while (p_ < s_.size() && depth > 0) {
      if (cur() == '/' && cur(1) == '*') { adv(); adv(); ++depth; }
      else if (cur() == '*' && cur(1) == '/') { adv(); adv(); --depth; }
      else adv();
    }
    if (depth > 0) error(start, "unterminated block comment");
  }

  static bool identStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
  static bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

  bool token(Token &t) {
    char c = cur();
    if (identStart(c)) {
      size_t b = p_;
      while (identChar(cur())) adv();
      t.text = std::string(s_.substr(b, p_ - b));
      t.kind = isKeyword(t.text) ? Tok::Keyword : Tok::Ident;
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) return number(t);
    if (c == '"') return string(t);
    for (const char *p : kPunct3and2) {
      std::string_view w(p);
      if (!w.empty() && s_.substr(p_, w.size()) == w) {
        for (size_t i = 0; i < w.size(); ++i) adv();
        t.kind = Tok::Punct;
        t.text = std::string(w);
        return true;
      }
    }
    if (kPunct1.find(c) != std::string_view::npos) {
      adv();
      t.kind = Tok::Punct;
      t.text = std::string(1, c);
      return true;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) error(t.loc, std::string("unexpected character '") + c + "'");
    else error(t.loc, "unexpected byte 0x" + hex2(u));
    adv();
    return false;
  }

  static std::string hex2(unsigned char u) {
    const char *d = "0123456789ABCDEF";
    return {d[u >> 4], d[u & 15]};
  }

  static int digitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
  }

  bool number(Token &t) {
    int base = 10;
    if (cur() == '0' && (cur(1) == 'x' || cur(1) == 'X')) base = 16;
    else if (cur() == '0' && (cur(1) == 'o' || cur(1) == 'O')) base = 8;
    else if (cur() == '0' && (cur(1) == 'b' || cur(1) == 'B')) base = 2;
    if (base != 10) {
      adv(); adv();
      uint64_t v = 0;
      bool any = false, over = false;
      while (identChar(cur())) {
        if (cur() == '_') { adv(); continue; }
        int d = digitValue(cur());
        if (d >= base) { error(here(), std::string("invalid digit '") + cur() + "' in number"); adv(); continue; }
        int bits = base == 16 ? 4 : base == 8 ? 3 : 1;
        if (v >> (64 - bits)) over = true;
        v = (v << bits) | static_cast<uint64_t>(d);
        any = true;
        adv();
      }
      if (!any) error(t.loc, "number has no digits");
      if (over) error(t.loc, "integer literal does not fit in 64 bits");
      t.kind = Tok::Int;
      t.ival = static_cast<int64_t>(v);
      return true;
    }
    std::string digits;
    bool isNum = false;
    auto run = [&] {
      while (std::isdigit(static_cast<unsigned char>(cur())) || (cur() == '_' && std::isdigit(static_cast<unsigned char>(cur(1))))) {
        if (cur() != '_') digits += cur();
        adv();
      }
    };
    run();
    // `0..10` is a range: a '.' is a decimal point only when a digit follows.
    if (cur() == '.' && std::isdigit(static_cast<unsigned char>(cur(1)))) {
      isNum = true;
      digits += '.';
      adv();
      run();
    }
    if ((cur() == 'e' || cur() == 'E') &&
        (std::isdigit(static_cast<unsigned char>(cur(1))) ||
         ((cur(1) == '+' || cur(1) == '-') && std::isdigit(static_cast<unsigned char>(cur(2)))))) {
      isNum = true;
      digits += 'e';
      adv();
      if (cur() == '+' || cur() == '-') { digits += cur(); adv(); }
      run();
    }
    if (identChar(cur())) {
      error(here(), "invalid character in number");
      while (identChar(cur())) adv();
    }
    if (isNum) {
      t.kind = Tok::Num;
      t.fval = std::strtod(digits.c_str(), nullptr);
      return true;
    }
    t.kind = Tok::Int;
    uint64_t v = 0;
    bool over = false;
    for (char d : digits) {
      if (v > (static_cast<uint64_t>(INT64_MAX) - static_cast<uint64_t>(d - '0')) / 10) over = true;
      else v = v * 10 + static_cast<uint64_t>(d - '0');
    }
    if (over) error(t.loc, "integer literal " + digits + " does not fit in Integer");
    t.ival = over ? 0 : static_cast<int64_t>(v);
    return true;
  }

  static void appendUtf8(std::string &out, uint32_t cp) {
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // After a backslash: decodes one escape into `out`.
  void escape(std::string &out) {
    SourceLoc at = here();
    adv();  // the backslash
    char e = cur();
    if (p_ >= s_.size()) return;
    adv();
    switch (e) {
    case 'n': out += '\n'; return;
    case 't': out += '\t'; return;
    case 'r': out += '\r'; return;
    case '0': out += '\0'; return;
    case '\\': out += '\\'; return;
    case '"': out += '"'; return;
    case '\'': out += '\''; return;
    case '$': out += '$'; return;
    case 'x': case 'u': {
      int n = e == 'x' ? 2 : 4;
      uint32_t v = 0;
      for (int i = 0; i < n; ++i) {
        int d = digitValue(cur());
        if (d >= 16) { error(at, std::string("invalid \\") + e + " escape"); return; }
        v = v * 16 + static_cast<uint32_t>(d);
        adv();
      }
      if (e == 'x') out += static_cast<char>(v);
      else appendUtf8(out, v);
      return;
    }
    default: error(at, std::string("unknown escape '\\") + e + "'"); return;
    }
  }

  bool string(Token &t) {
    if (cur(1) == '"' && cur(2) == '"') return tripleString(t);
    adv();
    t.kind = Tok::Str;
    std::string lit;
    bool interp = false;
    while (true) {
      if (p_ >= s_.size() || cur() == '\n') { error(t.loc, "unterminated string"); break; }
      char c = cur();
      if (c == '"') { adv(); break; }
      if (c == '\\') { escape(lit); continue; }
      if (c == '$' && cur(1) == '{') {
        interp = true;
        if (!lit.empty() || t.parts.empty()) t.parts.push_back({false, lit, {}});
        lit.clear();
        adv(); adv();
        StrPart part;
        part.isExpr = true;
        part.loc = here();
        if (!interpolation(part.text)) { error(t.loc, "unterminated interpolation in string"); break; }
        t.parts.push_back(std::move(part));
        continue;
      }
      lit += c;
      adv();
    }
    if (interp) {
      if (!lit.empty()) t.parts.push_back({false, lit, {}});
      t.kind = Tok::Interp;
    } else {
      t.text = std::move(lit);
    }
    return true;
  }

  // The source of a `${...}` up to its matching brace (braces and strings inside it
  // nest); the closing brace is consumed. False at end of line/input.
  bool interpolation(std::string &src) {
    int depth = 0;
    size_t b = p_;
    while (p_ < s_.size() && cur() != '\n') {
      char c = cur();
      if (c == '"') {
        adv();
        while (p_ < s_.size() && cur() != '\n' && cur() != '"') {
          if (cur() == '\\') adv();
          adv();
        }
        if (cur() != '"') return false;
        adv();
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}') {
        if (depth == 0) {
          src = std::string(s_.substr(b, p_ - b));
          adv();
          return true;
        }
        --depth;
      }
      adv();
    }
    return false;
  }

  bool tripleString(Token &t) {
    adv(); adv(); adv();
    t.kind = Tok::Str;
    while (true) {
      if (p_ >= s_.size()) { error(t.loc, "unterminated string"); break; }
      if (cur() == '"' && cur(1) == '"' && cur(2) == '"') { adv(); adv(); adv(); break; }
      if (cur() == '\\') { escape(t.text); continue; }
      t.text += cur();
      adv();
    }
    return true;
  }

  std::string_view s_;
  uint32_t file_;
  DiagnosticEngine &diags_;
  uint32_t line_, col_;
  size_t p_ = 0;
};

} // namespace

bool isKeyword(std::string_view word) {
  for (const char *k : kKeywords)
    if (*k && word == k) return true;
  return false;
}

std::vector<Token> lex(std::string_view text, uint32_t fileId, DiagnosticEngine &diags, uint32_t line, uint32_t col) {
  return Lexer(text, fileId, diags, line, col).run();
}

} // namespace viper::zia
