// Internal: the Zia parser (parser.cpp: statements and token helpers; parser_decl.cpp:
// declarations; parser_expr.cpp: expressions and types).
#pragma once
#include "frontends/zia/parser.hpp"

namespace viper::zia {

class Parser {
public:
  /// Blocks and expressions nest at most this deep, then "nesting too deep" (the parser
  /// recurses per level, so this bounds its stack).
  static constexpr int kMaxNesting = 200;

  Parser(std::vector<Token> t, DiagnosticEngine &d, int depth = 0) : t_(std::move(t)), diags_(d), depth_(depth) {}
  Program program();
  /// The whole token list as one expression (an interpolated `${...}`).
  ExprP soleExpression();

private:
  // Tokens
  const Token &peek(size_t k = 0) const { return t_[std::min(p_ + k, t_.size() - 1)]; }
  const Token &next() { const Token &t = peek(); if (p_ < t_.size() - 1) ++p_; return t; }
  bool atEof() const { return peek().kind == Tok::Eof; }
  bool at(const char *s, size_t k = 0) const {
    const Token &t = peek(k);
    return (t.kind == Tok::Punct || t.kind == Tok::Keyword) && t.text == s;
  }
  bool accept(const char *s) { if (!at(s)) return false; next(); return true; }
  bool expect(const char *s, const char *context);
  bool atIdent(size_t k = 0) const { return peek(k).kind == Tok::Ident; }
  std::string expectIdent(const char *what);
  void error(SourceLoc loc, std::string msg);
  static std::string describe(const Token &t);
  /// Skips to just after the next `;` or up to a `}` at this brace level.
  void sync();
  /// Enters a nesting level; false (after one "nesting too deep") past kMaxNesting, and
  /// then the parse stops: everything after is inside the too-deep construct.
  bool enter(SourceLoc loc);
  void leave() { --depth_; }
  bool stopped() const { return aborted_ || diags_.full(); }

  // Declarations and statements (parser.cpp)
  void decls(Program &p, const std::string &ns);
  void bindDecl(Program &p);
  bool funcDecl(FuncDecl &f, bool bodyless = false);
  bool typeParams(std::vector<TypeParam> &out);
  void propertyDecl(ClassDecl &c, bool exposed);
  void classDecl(Program &p);
  void enumDecl(Program &p);
  bool pattern(Pattern &out);
  bool patternAlt(Pattern &out);
  bool matchArms(std::vector<MatchArm> &arms, bool statements);
  bool block(Body &out);
  /// A `{ }` block or one statement (if/while/for bodies).
  bool body(Body &out);
  StmtP statement();
  StmtP varDecl(bool isFinal);
  StmtP simple(bool needSemi);
  StmtP ifStmt();
  StmtP forStmt();

  // Expressions and types (parser_expr.cpp)
  bool typeRef(TypeRef &out);
  ExprP expr();
  /// An expression where `{` opens a body (if/while/for-in/match/guard): no struct literal.
  ExprP condExpr();
  ExprP structLiteral();
  ExprP ternary();
  ExprP range();
  ExprP binaryLevel(int level);
  ExprP unary();
  ExprP postfix();
  ExprP primary();
  ExprP interpolated(const Token &t);
  /// At `(a, b: T) =>` or `x =>`: a lambda's parameter list.
  bool atLambda() const;
  ExprP lambda();
  bool lambdaBlock(Body &out);
  bool callArgs(std::vector<ExprP> &out, std::vector<std::string> *names = nullptr);

  std::vector<Token> t_;
  size_t p_ = 0;
  DiagnosticEngine &diags_;
  int depth_ = 0;
  bool aborted_ = false;
  bool noStructLit_ = false;  ///< parsing a statement condition (condExpr)
  bool panic_ = false;  ///< an error was reported in this statement: stay quiet until sync
};

} // namespace viper::zia
