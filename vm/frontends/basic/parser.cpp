// BASIC lines, blocks and simple statements (spec/basic.md §4); the control-flow statements
// are in parser_control.cpp.
#include "frontends/basic/parser_impl.hpp"
#include <climits>
#include <set>

namespace viper::basic {

const char *tyName(Ty t) {
  switch (t) {
  case Ty::Int: return "INTEGER";
  case Ty::Float: return "DOUBLE";
  case Ty::Str: return "STRING";
  case Ty::Bool: return "BOOLEAN";
  case Ty::Void: return "nothing";
  case Ty::Obj: return "an object";
  }
  return "?";
}

Program parse(const std::vector<Token> &tokens, DiagnosticEngine &diags) { return Parser(tokens, diags).program(); }

void Parser::error(SourceLoc loc, std::string msg) {
  if (!abandoned_) diags_.error(loc, std::move(msg));
}

bool Parser::deeper(SourceLoc loc, bool block) {
  if (++depth_ <= kMaxNesting) return true;
  --depth_;
  if (!deepReported_) error(loc, "nesting too deep (more than 200 levels)");
  deepReported_ = true;
  if (block) {
    // The rest of the file is inside this block: stop here rather than report every
    // END, NEXT and LOOP below as unmatched.
    abandoned_ = true;
    p_ = t_.size() - 1;
  }
  return false;
}

bool Parser::expect(Tok k, const char *what) {
  if (accept(k)) return true;
  const Token &t = peek();
  error(t.loc, std::string("expected ") + what + (t.kind == Tok::Newline || t.kind == Tok::Eof ? " before the end of the line" : ", found '" + t.text + "'"));
  return false;
}

bool Parser::expectWord(const char *w, const char *context) {
  if (acceptWord(w)) return true;
  error(peek().loc, std::string("expected ") + w + " " + context);
  return false;
}

void Parser::skipLine() {
  while (!at(Tok::Newline) && !at(Tok::Eof)) next();
}

Ty Parser::suffixType(const std::string &name, Ty fallback) const {
  switch (name.empty() ? ' ' : name.back()) {
  case '$': return Ty::Str;
  case '#': case '!': return Ty::Float;
  case '%': case '&': return Ty::Int;
  default: return fallback;
  }
}

bool Parser::typeName(Ty &out) {
  const Token &t = peek();
  if (t.kind != Tok::Ident) { error(t.loc, "expected a type name (INTEGER, DOUBLE, STRING or BOOLEAN)"); return false; }
  const std::string &w = t.text;
  if (w == "INTEGER" || w == "INT" || w == "LONG") out = Ty::Int;
  else if (w == "DOUBLE" || w == "SINGLE" || w == "FLOAT") out = Ty::Float;
  else if (w == "STRING") out = Ty::Str;
  else if (w == "BOOLEAN" || w == "BOOL") out = Ty::Bool;
  else if (classNames_.count(w)) { out = Ty::Obj; lastCls_ = w; }
  else if (w == "VIPER" && peek(1).kind == Tok::Dot && peek(2).kind == Tok::Ident) {
    // A runtime class, `Viper.Text.StringBuilder` (checked while lowering).
    lastCls_ = next().text;
    while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
      next();
      lastCls_ += "." + next().text;
    }
    out = Ty::Obj;
    return true;
  }
  else { error(t.loc, "unknown type " + w + " (expected INTEGER, DOUBLE, STRING or BOOLEAN)"); return false; }
  next();
  return true;
}

Program Parser::program() {
  // Class and interface names are types everywhere in the file, also before their CLASS block.
  for (size_t i = 0; i + 1 < t_.size(); ++i)
    if (t_[i].kind == Tok::Ident && (t_[i].text == "CLASS" || t_[i].text == "INTERFACE") && t_[i + 1].kind == Tok::Ident &&
        (i == 0 || t_[i - 1].kind == Tok::Newline || t_[i - 1].kind == Tok::Colon || t_[i - 1].kind == Tok::Int ||
         (t_[i - 1].kind == Tok::Ident && (t_[i - 1].text == "ABSTRACT" || t_[i - 1].text == "FINAL"))))
      classNames_.insert(t_[i + 1].text);
  // block() returns at the end of input, or early once the error limit is reached.
  (void)block(prog_.main, {});
  if (!prelude_.empty()) {
    for (auto &s : prog_.main) prelude_.push_back(std::move(s));
    prog_.main = std::move(prelude_);
  }
  return std::move(prog_);
}

bool Parser::atBlockEnd(std::initializer_list<const char *> ends, std::string &which) {
  for (const char *e : ends) {
    std::string w(e);
    auto space = w.find(' ');
    bool match = space == std::string::npos ? atWord(e) : atWord(w.substr(0, space).c_str()) && atWord(w.substr(space + 1).c_str(), 1);
    if (match) { which = w; return true; }
  }
  return false;
}

// A line may start with a line number and/or a `Name:` label.
bool Parser::lineStart(Body &out) {
  if (at(Tok::Int)) {
    Token t = next();
    auto s = make(Stmt::K::Label, t.loc);
    s->word = std::to_string(t.ival);
    out.push_back(std::move(s));
  }
  if (at(Tok::Ident) && peek(1).kind == Tok::Colon) {
    static const char *kWords[] = {"PRINT", "CLS", "BEEP", "END", "RETURN", "ELSE", "NEXT", "WEND", "LOOP", "RANDOMIZE", "DO"};
    bool keyword = false;
    for (const char *k : kWords) keyword |= peek().text == k;
    if (!keyword) {
      Token t = next();
      next();  // ':'
      auto s = make(Stmt::K::Label, t.loc);
      s->word = t.text;
      out.push_back(std::move(s));
    }
  }
  return true;
}

std::string Parser::block(Body &out, std::initializer_list<const char *> ends) {
  bool bol = p_ == 0 || t_[p_ - 1].kind == Tok::Newline;
  for (;;) {
    if (at(Tok::Eof) || diags_.full()) return "";
    if (at(Tok::Newline)) { next(); bol = true; continue; }
    if (at(Tok::Colon)) { next(); continue; }
    if (bol) {
      lineStart(out);
      bol = false;
      if (at(Tok::Newline) || at(Tok::Eof)) continue;
    }
    std::string which;
    if (atBlockEnd(ends, which)) return which;
    StmtP s = statement();
    if (s) out.push_back(std::move(s));
    if (!atEndOfStatement()) {
      const Token &t = peek();
      if (s) error(t.loc, "unexpected '" + t.text + "' after the statement");
      skipLine();
    }
  }
}

StmtP Parser::statement() {
  const Token &t = peek();
  const SourceLoc loc = t.loc;
  if (t.kind != Tok::Ident) {
    error(loc, "expected a statement, found '" + (t.kind == Tok::String ? "\"" + t.text + "\"" : t.text) + "'");
    skipLine();
    return nullptr;
  }
  const std::string w = t.text;
  if (w != "USING") sawCode_ = true;
  if (w == "PRINT" ) { next(); return printStmt(loc); }
  if (w == "INPUT") { next(); return inputStmt(loc, false); }
  if (w == "LINE" && atWord("INPUT", 1)) { next(); next(); return inputStmt(loc, true); }
  if (w == "LET") { next(); return assignOrCall(loc); }
  if (w == "DIM") { next(); return dimStmt(loc, false); }
  if (w == "REDIM") { next(); return dimStmt(loc, true); }
  if (w == "SHARED" || w == "STATIC") return sharedOrStatic(loc);
  if (w == "IF") { next(); return ifStmt(loc); }
  if (w == "FOR") { next(); return forStmt(loc); }
  if (w == "WHILE") { next(); return whileStmt(loc); }
  if (w == "DO") { next(); return doStmt(loc); }
  if (w == "SELECT") { next(); return selectStmt(loc); }
  if (w == "TRY") { next(); return tryStmt(loc); }
  if (w == "EXIT") {
    next();
    auto s = make(Stmt::K::Exit, loc);
    if (atWord("FOR") || atWord("DO") || atWord("WHILE") || atWord("SUB") || atWord("FUNCTION")) s->word = next().text;
    else s->word = "WHILE";  // bare EXIT leaves the innermost WHILE (spec/basic.md §4)
    return s;
  }
  if (w == "GOTO" || w == "GOSUB") {
    next();
    auto s = make(w == "GOTO" ? Stmt::K::Goto : Stmt::K::Gosub, loc);
    if (at(Tok::Int)) s->word = std::to_string(next().ival);
    else if (at(Tok::Ident)) s->word = next().text;
    else { error(peek().loc, "expected a line number or label after " + w); return nullptr; }
    return s;
  }
  if ((w == "ON" && atWord("ERROR", 1)) || w == "RESUME") return errorStmt(loc);
  if (w == "RETURN") {
    next();
    auto s = make(Stmt::K::Return, loc);
    if (!atEndOfStatement() && !atWord("ELSE")) s->value = expr();
    return s;
  }
  if (w == "END") {
    if (atWord("IF", 1) || atWord("SELECT", 1) || atWord("SUB", 1) || atWord("FUNCTION", 1) || atWord("TRY", 1) || atWord("ENUM", 1) || atWord("TYPE", 1) || atWord("NAMESPACE", 1) || atWord("CLASS", 1) || atWord("INTERFACE", 1)) {
      error(loc, "END " + peek(1).text + " without a matching " + peek(1).text);
      next();
      next();
      return nullptr;
    }
    next();
    return make(Stmt::K::End, loc);
  }
  if (w == "SUB" || w == "FUNCTION") {
    next();
    procedure(w == "FUNCTION", loc);
    return nullptr;
  }
  if (w == "NAMESPACE") { next(); namespaceDecl(loc); return nullptr; }
  if (w == "USING") { next(); usingDecl(loc); return nullptr; }
  if (w == "ENUM") { next(); enumDecl(loc); return nullptr; }
  if (w == "TYPE") { next(); typeDecl(loc); return nullptr; }
  if (w == "CLASS") { next(); classDecl(loc); return nullptr; }
  if ((w == "ABSTRACT" || w == "FINAL") && atWord("CLASS", 1)) {
    next();
    next();
    classDecl(loc, w == "ABSTRACT", w == "FINAL");
    return nullptr;
  }
  if (w == "INTERFACE") { next(); interfaceDecl(loc); return nullptr; }
  if (w == "DELETE") {
    next();
    auto s = make(Stmt::K::Delete, loc);
    s->target = expr();
    return s->target ? std::move(s) : nullptr;
  }
  if (w == "CONST") {
    next();
    auto s = make(Stmt::K::Const, loc);
    if (!at(Tok::Ident)) { error(peek().loc, "expected a name after CONST"); return nullptr; }
    s->word = next().text;
    if (!expect(Tok::Eq, "'=' after the constant's name")) return nullptr;
    s->value = expr();
    return s->value ? std::move(s) : nullptr;
  }
  if (w == "SWAP") {
    next();
    auto s = make(Stmt::K::Swap, loc);
    ExprP a = primary();
    if (!a || !expect(Tok::Comma, "',' between the two variables of SWAP")) return nullptr;
    ExprP b = primary();
    if (!b) return nullptr;
    s->targets.push_back(std::move(a));
    s->targets.push_back(std::move(b));
    return s;
  }
  if (w == "RANDOMIZE") {
    next();
    auto s = make(Stmt::K::Randomize, loc);
    if (!atEndOfStatement()) s->value = expr();
    return s;
  }
  if (w == "SLEEP") {
    next();
    auto s = make(Stmt::K::Sleep, loc);
    if (!atEndOfStatement()) s->value = expr();
    return s;
  }
  if (w == "CLS") { next(); return make(Stmt::K::Cls, loc); }
  if (w == "BEEP") { next(); return make(Stmt::K::Nop, loc); }
  if (w == "COLOR" || w == "LOCATE") {
    // Terminal attributes: accepted and evaluated, with no effect on plain output.
    next();
    auto s = make(Stmt::K::Nop, loc);
    while (!atEndOfStatement()) {
      if (accept(Tok::Comma)) continue;
      ExprP e = expr();
      if (!e) return nullptr;
      s->items.push_back(std::move(e));
    }
    return s;
  }
  static const char *kStray[][2] = {{"NEXT", "FOR"}, {"WEND", "WHILE"}, {"LOOP", "DO"}, {"ELSE", "IF"}, {"ELSEIF", "IF"},
                                    {"CASE", "SELECT CASE"}, {"CATCH", "TRY"}, {"FINALLY", "TRY"}};
  for (auto &st : kStray)
    if (w == st[0]) {
      error(loc, std::string(st[0]) + " without " + st[1]);
      skipLine();
      return nullptr;
    }
  if (w == "CALL") {
    error(loc, "there is no CALL statement: call a SUB by its name, e.g. Greet(\"Ada\")");
    skipLine();
    return nullptr;
  }
  return assignOrCall(loc);
}

StmtP Parser::printStmt(SourceLoc loc) {
  auto s = make(Stmt::K::Print, loc);
  while (!atEndOfStatement() && !atWord("ELSE")) {
    if (at(Tok::Semicolon) || at(Tok::Comma)) {
      // A separator with no item before it (PRINT , "x"): an empty item.
      s->items.push_back(nullptr);
      s->seps.push_back(next().kind == Tok::Comma ? ',' : ';');
      continue;
    }
    ExprP e = expr();
    if (!e) { skipLine(); return nullptr; }
    s->items.push_back(std::move(e));
    if (at(Tok::Semicolon) || at(Tok::Comma)) s->seps.push_back(next().kind == Tok::Comma ? ',' : ';');
    else { s->seps.push_back('\0'); break; }
  }
  return s;
}

StmtP Parser::inputStmt(SourceLoc loc, bool lineInput) {
  auto s = make(lineInput ? Stmt::K::LineInput : Stmt::K::Input, loc);
  if (at(Tok::String)) {
    s->prompt = next().text;
    s->hasPrompt = true;
    if (at(Tok::Semicolon)) {
      error(peek().loc, "use ',' after the INPUT prompt, not ';'");
      return nullptr;
    }
    if (!expect(Tok::Comma, "',' after the INPUT prompt")) return nullptr;
  }
  do {
    ExprP target = primary();
    if (!target) return nullptr;
    if (target->kind != Expr::K::Name && target->kind != Expr::K::Apply) {
      error(target->loc, "INPUT needs a variable to read into");
      return nullptr;
    }
    s->targets.push_back(std::move(target));
  } while (!lineInput && accept(Tok::Comma));
  return s;
}

StmtP Parser::dimStmt(SourceLoc loc, bool redim) {
  auto s = make(redim ? Stmt::K::Redim : Stmt::K::Dim, loc);
  if (redim && acceptWord("PRESERVE")) s->preserve = true;
  if (!redim && acceptWord("SHARED")) {
    if (inProc_) { error(loc, "DIM SHARED belongs at the top level of the program, not inside a SUB or FUNCTION (use SHARED)"); skipLine(); return nullptr; }
    s->shared = true;
  }
  do {
    if (!at(Tok::Ident)) { error(peek().loc, "expected a variable name"); return nullptr; }
    DimDecl d;
    d.loc = peek().loc;
    d.name = next().text;
    if (accept(Tok::LParen)) {
      if (!args(d.dims)) return nullptr;
      if (d.dims.empty() || d.dims.size() > 2) { error(d.loc, "an array has one or two dimensions"); return nullptr; }
    } else if (redim) {
      error(d.loc, "REDIM needs the new size, e.g. REDIM A(20)");
      return nullptr;
    }
    if (acceptWord("AS")) {
      if (!typeOrRecord(d.type, d.record)) return nullptr;
      d.hasType = d.record.empty();
      if (d.hasType && d.type == Ty::Obj) {
        d.cls = lastCls_;
      }
      if (!d.record.empty() && redim) { error(d.loc, "REDIM of an array of records is not supported"); return nullptr; }
    }
    s->decls.push_back(std::move(d));
  } while (accept(Tok::Comma));
  return s;
}

StmtP Parser::assignOrCall(SourceLoc loc) {
  if (!at(Tok::Ident)) { error(peek().loc, "expected a variable name"); skipLine(); return nullptr; }
  ExprP target = primary();
  if (!target) { skipLine(); return nullptr; }
  if (accept(Tok::Eq)) {
    auto s = make(Stmt::K::Let, loc);
    s->target = std::move(target);
    s->value = expr();
    if (!s->value) { skipLine(); return nullptr; }
    return s;
  }
  if (target->kind == Expr::K::Member) {
    auto s = make(Stmt::K::CallSub, loc);
    s->target = std::move(target);
    return s;
  }
  if (target->kind == Expr::K::Apply || (target->kind == Expr::K::Name && atEndOfStatement())) {
    auto s = make(Stmt::K::CallSub, loc);
    s->word = target->text;
    for (auto &a : target->args) s->items.push_back(std::move(a));
    return s;
  }
  error(peek().loc, "expected '=' after " + target->text + " (or is " + target->text + " a misspelled keyword?)");
  skipLine();
  return nullptr;
}

} // namespace viper::basic
