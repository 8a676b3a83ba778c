// Internal: the BASIC parser (parser.cpp: lines, blocks, statements; parser_expr.cpp:
// expressions; parser_proc.cpp: SUB/FUNCTION; parser_decl.cpp: SHARED/STATIC, ENUM, TYPE,
// NAMESPACE, USING; parser_class.cpp: CLASS, INTERFACE, PROPERTY, DESTRUCTOR).
#pragma once
#include "frontends/basic/parser.hpp"
#include <initializer_list>
#include <set>

namespace viper::basic {

/// A statement node of kind `k` at `loc` (every statement parser starts with one).
inline StmtP make(Stmt::K k, SourceLoc loc) {
  auto s = std::make_unique<Stmt>();
  s->kind = k;
  s->loc = loc;
  return s;
}

class Parser {
public:
  Parser(const std::vector<Token> &t, DiagnosticEngine &d) : t_(t), diags_(d) {}
  Program program();

private:
  // Tokens
  const Token &peek(size_t k = 0) const { return t_[std::min(p_ + k, t_.size() - 1)]; }
  const Token &next() { const Token &t = peek(); if (p_ < t_.size() - 1) ++p_; return t; }
  bool at(Tok k) const { return peek().kind == k; }
  bool atWord(const char *w, size_t k = 0) const { return peek(k).kind == Tok::Ident && peek(k).text == w; }
  bool accept(Tok k) { if (!at(k)) return false; next(); return true; }
  bool acceptWord(const char *w) { if (!atWord(w)) return false; next(); return true; }
  bool expect(Tok k, const char *what);
  bool expectWord(const char *w, const char *context);
  bool atEndOfStatement() const { return at(Tok::Newline) || at(Tok::Colon) || at(Tok::Eof); }
  void error(SourceLoc loc, std::string msg);
  void skipLine();
  /// Enters one nesting level (a block, or a single-line IF's branch); false past
  /// kMaxNesting, after reporting "nesting too deep" once. A block that is too deep
  /// abandons the rest of the input (everything after it is inside it).
  bool deeper(SourceLoc loc, bool block);

  // Structure (parser.cpp)
  /// Parses statements until one of `ends` starts a statement (returned) or input ends.
  std::string block(Body &out, std::initializer_list<const char *> ends);
  bool atBlockEnd(std::initializer_list<const char *> ends, std::string &which);
  bool lineStart(Body &out);
  StmtP statement();
  StmtP printStmt(SourceLoc loc);
  StmtP inputStmt(SourceLoc loc, bool lineInput);
  StmtP dimStmt(SourceLoc loc, bool redim);
  StmtP ifStmt(SourceLoc loc);
  StmtP forStmt(SourceLoc loc);
  StmtP whileStmt(SourceLoc loc);
  StmtP doStmt(SourceLoc loc);
  StmtP selectStmt(SourceLoc loc);
  StmtP tryStmt(SourceLoc loc);
  StmtP assignOrCall(SourceLoc loc);
  void procedure(bool isFunction, SourceLoc loc);
  bool typeName(Ty &out);
  /// A type after AS: a built-in one, or a TYPE's name (`record` set) when allowed.
  bool typeOrRecord(Ty &out, std::string &record);
  StmtP sharedOrStatic(SourceLoc loc);
  StmtP errorStmt(SourceLoc loc);
  void namespaceDecl(SourceLoc loc);
  void usingDecl(SourceLoc loc);
  bool dottedName(std::string &out, const char *what);
  std::string ns_;          ///< the NAMESPACE being parsed ("" at file scope)
  bool sawCode_ = false;    ///< a statement or declaration came before (USING must not follow one)
  void enumDecl(SourceLoc loc);
  void typeDecl(SourceLoc loc);
  void classDecl(SourceLoc loc, bool isAbstract = false, bool isFinal = false);  // parser_class.cpp
  void interfaceDecl(SourceLoc loc);
  bool procHeader(bool isFunction, SourceLoc loc, Proc &p);
  std::set<std::string> classNames_;  ///< every CLASS and INTERFACE of the file (found before parsing)
  std::string lastCls_;               ///< the class typeName() read last (type Obj)
  std::string cls_;                   ///< the CLASS being parsed
  /// Modifiers read before a CLASS member.
  struct Mods { bool isPrivate = false, isVirtual = false, isOverride = false, isStatic = false, isAbstract = false, isFinal = false; };
  Mods mods_;
  void asMember(Proc &p, const std::string &method);
  void propertyDecl(SourceLoc loc);
  void destructorDecl(SourceLoc loc);
  Body prelude_;   ///< ENUM constants, lowered before the rest of main
  Ty suffixType(const std::string &name, Ty fallback) const;

  // Expressions (parser_expr.cpp)
  ExprP expr();
  ExprP orExpr();
  ExprP andAlsoExpr();
  ExprP compare();
  ExprP additive();
  ExprP multiplicative();
  ExprP unary();
  ExprP power();
  ExprP primary();
  ExprP binary(std::string op, ExprP a, ExprP b, SourceLoc loc);
  bool args(std::vector<ExprP> &out);

  const std::vector<Token> &t_;
  DiagnosticEngine &diags_;
  size_t p_ = 0;
  int depth_ = 0;        ///< block nesting (and single-line IF prefixes), bounded
  int exprDepth_ = 0;    ///< expression nesting (parentheses, calls, unary operators, ^), bounded
  bool deepReported_ = false;
  bool abandoned_ = false; ///< too deep a block: the rest of the input is not parsed
  Program prog_;
  bool inProc_ = false;
};

/// Nesting bound for expressions and blocks; deeper input gets "nesting too deep".
constexpr int kMaxNesting = 200;

} // namespace viper::basic
