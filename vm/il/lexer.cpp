#include "il/lexer.hpp"
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace viper::il {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Characters that end a bare word (spec/il.md §1: names exclude these and whitespace).
bool endsWord(char c) {
  return isSpace(c) || std::strchr("@^(){}[],:;\"\\=", c) != nullptr || c == '\0';
}

bool isTempStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '.'; }
bool isTempChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_.$#%", c) != nullptr;
}

bool ieq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool looksNumeric(std::string_view w) {
  size_t i = 0;
  if (i < w.size() && (w[i] == '+' || w[i] == '-')) ++i;
  if (i >= w.size()) return false;
  if (std::isdigit(static_cast<unsigned char>(w[i]))) return true;
  if (w[i] == '.' && i + 1 < w.size() && std::isdigit(static_cast<unsigned char>(w[i + 1]))) return true;
  std::string_view rest = w.substr(i);
  return ieq(rest, "nan") || ieq(rest, "inf");
}

} // namespace

std::string_view stripComment(std::string_view line, bool semicolonComments) {
  bool inString = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (inString) {
      if (c == '\\') ++i;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') { inString = true; continue; }
    bool atBoundary = i == 0 || isSpace(line[i - 1]);
    if (atBoundary && (c == '#' || (c == '/' && i + 1 < line.size() && line[i + 1] == '/')))
      return line.substr(0, i);
    if (c == ';' && semicolonComments) return line.substr(0, i);
  }
  return line;
}

bool parseIntLiteral(std::string_view text, int64_t &out) {
  bool neg = false;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
  unsigned base = 10;
  if (i + 1 < text.size() && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) base = 16, i += 2;
  else if (i + 1 < text.size() && text[i] == '0' && (text[i + 1] == 'b' || text[i + 1] == 'B')) base = 2, i += 2;
  else if (i + 1 < text.size() && text[i] == '0') base = 8, i += 1;
  if (i >= text.size()) return false;
  // Accumulate the magnitude in unsigned arithmetic so -9223372036854775808 fits.
  uint64_t mag = 0;
  const uint64_t limit = neg ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
  bool lastWasDigit = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      if (!lastWasDigit || i + 1 >= text.size() || text[i + 1] == '_') return false;
      lastWasDigit = false;
      continue;
    }
    int d = hexDigit(c);
    if (d < 0 || static_cast<unsigned>(d) >= base) return false;
    if (mag > (limit - static_cast<uint64_t>(d)) / base) return false;
    mag = mag * base + static_cast<uint64_t>(d);
    lastWasDigit = true;
  }
  if (!lastWasDigit) return false;
  out = neg ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
  return true;
}

namespace {

bool parseFloatLiteral(std::string_view text, double &out) {
  size_t i = 0;
  bool neg = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
  std::string_view rest = text.substr(i);
  if (ieq(rest, "nan")) { out = neg ? -std::nan("") : std::nan(""); return true; }
  if (ieq(rest, "inf")) { out = neg ? -HUGE_VAL : HUGE_VAL; return true; }
  for (char c : rest)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
      return false;
  // strtod honours the C locale; the tools never call setlocale, so '.' is the separator.
  std::string buf(text);
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (std::isinf(v)) return false;  // finite overflow such as 1e999
  out = v;
  return true;
}

} // namespace

bool tokenizeLine(std::string_view line, uint32_t file, uint32_t lineNo, DiagnosticEngine &diags,
                  std::vector<Token> &out) {
  out.clear();
  auto fail = [&](size_t col, std::string msg) {
    diags.error({file, lineNo, static_cast<uint32_t>(col + 1)}, std::move(msg));
    return false;
  };
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (isSpace(c)) { ++i; continue; }
    Token t;
    t.col = static_cast<uint32_t>(i + 1);
    auto punct = [&](Tok k, size_t len) { t.kind = k; out.push_back(std::move(t)); i += len; };
    switch (c) {
    case '(': punct(Tok::LParen, 1); continue;
    case ')': punct(Tok::RParen, 1); continue;
    case '[': punct(Tok::LBracket, 1); continue;
    case ']': punct(Tok::RBracket, 1); continue;
    case '{': punct(Tok::LBrace, 1); continue;
    case '}': punct(Tok::RBrace, 1); continue;
    case ',': punct(Tok::Comma, 1); continue;
    case ':': punct(Tok::Colon, 1); continue;
    case '=': punct(Tok::Equals, 1); continue;
    case '^': punct(Tok::Caret, 1); continue;
    default: break;
    }
    if (c == '-' && i + 1 < line.size() && line[i + 1] == '>') { punct(Tok::Arrow, 2); continue; }
    if (c == '.' && line.substr(i, 3) == "...") { punct(Tok::Ellipsis, 3); continue; }
    if (c == '"') {
      std::string bytes;
      size_t j = i + 1;
      bool closed = false;
      while (j < line.size()) {
        char d = line[j];
        if (d == '"') { closed = true; ++j; break; }
        if (d != '\\') { bytes += d; ++j; continue; }
        if (j + 1 >= line.size()) break;
        char e = line[j + 1];
        switch (e) {
        case '\\': bytes += '\\'; j += 2; break;
        case '"': bytes += '"'; j += 2; break;
        case 'n': bytes += '\n'; j += 2; break;
        case 'r': bytes += '\r'; j += 2; break;
        case 't': bytes += '\t'; j += 2; break;
        case '0': bytes += '\0'; j += 2; break;
        case 'x': {
          int h1 = j + 2 < line.size() ? hexDigit(line[j + 2]) : -1;
          int h2 = j + 3 < line.size() ? hexDigit(line[j + 3]) : -1;
          if (h1 < 0 || h2 < 0) return fail(j, "invalid \\x escape: expected two hex digits");
          bytes += static_cast<char>(h1 * 16 + h2);
          j += 4;
          break;
        }
        default:
          return fail(j, std::string("unknown escape sequence '\\") + e + "' in string");
        }
      }
      if (!closed) return fail(i, "unterminated string literal");
      t.kind = Tok::String;
      t.text = std::move(bytes);
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    if (c == '%' || c == '@') {
      size_t j = i + 1;
      if (c == '%') {
        if (j >= line.size() || !isTempStart(line[j])) return fail(i, "expected a name after '%'");
        while (j < line.size() && isTempChar(line[j])) ++j;
      } else {
        while (j < line.size() && !endsWord(line[j]) && !(line[j] == '-' && j + 1 < line.size() && line[j + 1] == '>')) ++j;
        if (j == i + 1) return fail(i, "expected a name after '@'");
      }
      t.kind = c == '%' ? Tok::Temp : Tok::Symbol;
      t.text = std::string(line.substr(i + 1, j - i - 1));
      out.push_back(std::move(t));
      i = j;
      continue;
    }
    if (endsWord(c)) {
      char shown[8];
      if (std::isprint(static_cast<unsigned char>(c))) std::snprintf(shown, sizeof shown, "%c", c);
      else std::snprintf(shown, sizeof shown, "\\x%02X", static_cast<unsigned char>(c));
      return fail(i, std::string("unexpected character '") + shown + "'");
    }
    size_t j = i;
    while (j < line.size() && !endsWord(line[j]) && !(line[j] == '-' && j + 1 < line.size() && line[j + 1] == '>')) {
      // A sign may start a number; '-' inside a word would swallow "->" handled above.
      ++j;
    }
    std::string_view word = line.substr(i, j - i);
    if (looksNumeric(word)) {
      bool isFloat = false;
      std::string_view digits = word;
      if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
      bool hex = digits.size() > 1 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
      if (ieq(digits, "nan") || ieq(digits, "inf")) isFloat = true;
      else if (!hex)
        for (char d : digits)
          if (d == '.' || d == 'e' || d == 'E') isFloat = true;
      if (isFloat) {
        if (!parseFloatLiteral(word, t.f)) return fail(i, "invalid float literal '" + std::string(word.substr(0, 64)) + "'");
        t.kind = Tok::Float;
      } else {
        if (!parseIntLiteral(word, t.i)) return fail(i, "invalid integer literal '" + std::string(word.substr(0, 64)) + "' (or out of 64-bit range)");
        t.kind = Tok::Int;
      }
      t.text = std::string(word);
    } else {
      t.kind = Tok::Word;
      t.text = std::string(word);
    }
    out.push_back(std::move(t));
    i = j;
  }
  Token end;
  end.kind = Tok::End;
  end.col = static_cast<uint32_t>(line.size() + 1);
  out.push_back(end);
  return true;
}

} // namespace viper::il
