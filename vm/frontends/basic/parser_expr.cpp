// BASIC expressions, lowest precedence first (spec/basic.md §3): AND OR; ANDALSO ORELSE;
// comparisons; + -; * / \ MOD; unary - NOT; ^ (right-associative); primaries.
#include "frontends/basic/parser_impl.hpp"

namespace viper::basic {

namespace {

/// Guards recursion: past kMaxNesting the parser reports once and stops descending.
struct Depth {
  int &d;
  explicit Depth(int &x) : d(x) { ++d; }
  ~Depth() { --d; }
};

ExprP leaf(Expr::K k, SourceLoc loc) {
  auto e = std::make_unique<Expr>();
  e->kind = k;
  e->loc = loc;
  return e;
}

} // namespace

ExprP Parser::binary(std::string op, ExprP a, ExprP b, SourceLoc loc) {
  auto e = leaf(Expr::K::Binary, loc);
  e->text = std::move(op);
  e->args.push_back(std::move(a));
  e->args.push_back(std::move(b));
  return e;
}

ExprP Parser::expr() {
  Depth guard(exprDepth_);
  if (exprDepth_ > kMaxNesting) {
    if (!deepReported_) error(peek().loc, "nesting too deep (more than 200 levels)");
    deepReported_ = true;
    return nullptr;
  }
  return orExpr();
}

ExprP Parser::orExpr() {
  ExprP a = andAlsoExpr();
  while (a && (atWord("AND") || atWord("OR"))) {
    Token op = next();
    ExprP b = andAlsoExpr();
    if (!b) return nullptr;
    a = binary(op.text, std::move(a), std::move(b), op.loc);
  }
  return a;
}

ExprP Parser::andAlsoExpr() {
  ExprP a = compare();
  while (a && (atWord("ANDALSO") || atWord("ORELSE"))) {
    Token op = next();
    ExprP b = compare();
    if (!b) return nullptr;
    a = binary(op.text, std::move(a), std::move(b), op.loc);
  }
  return a;
}

ExprP Parser::compare() {
  ExprP a = additive();
  while (a && (at(Tok::Eq) || at(Tok::Ne) || at(Tok::Lt) || at(Tok::Le) || at(Tok::Gt) || at(Tok::Ge) || atWord("IS") ||
               (atWord("AS") && peek(1).kind == Tok::Ident && classNames_.count(peek(1).text)))) {
    Token op = next();
    if (op.text == "IS" || op.text == "AS") {
      // obj IS ClassName, obj AS ClassName
      if (!at(Tok::Ident)) { error(peek().loc, "expected a class name after IS"); return nullptr; }
      auto t = leaf(Expr::K::Name, peek().loc);
      t->text = next().text;
      a = binary(op.text, std::move(a), std::move(t), op.loc);
      continue;
    }
    ExprP b = additive();
    if (!b) return nullptr;
    a = binary(op.text, std::move(a), std::move(b), op.loc);
  }
  return a;
}

ExprP Parser::additive() {
  ExprP a = multiplicative();
  while (a && (at(Tok::Plus) || at(Tok::Minus))) {
    Token op = next();
    ExprP b = multiplicative();
    if (!b) return nullptr;
    a = binary(op.text, std::move(a), std::move(b), op.loc);
  }
  return a;
}

ExprP Parser::multiplicative() {
  ExprP a = unary();
  while (a && (at(Tok::Star) || at(Tok::Slash) || at(Tok::Backslash) || atWord("MOD"))) {
    Token op = next();
    ExprP b = unary();
    if (!b) return nullptr;
    a = binary(op.text, std::move(a), std::move(b), op.loc);
  }
  return a;
}

ExprP Parser::unary() {
  Depth guard(exprDepth_);
  if (exprDepth_ > kMaxNesting) {
    if (!deepReported_) error(peek().loc, "nesting too deep (more than 200 levels)");
    deepReported_ = true;
    return nullptr;
  }
  if (at(Tok::Minus) || atWord("NOT") || at(Tok::Plus)) {
    Token op = next();
    ExprP a = unary();
    if (!a) return nullptr;
    if (op.kind == Tok::Plus) return a;
    auto e = leaf(Expr::K::Unary, op.loc);
    e->text = op.kind == Tok::Minus ? "-" : "NOT";
    e->args.push_back(std::move(a));
    return e;
  }
  return power();
}

ExprP Parser::power() {
  ExprP base = primary();
  if (base && at(Tok::Caret)) {
    Token op = next();
    ExprP exp = unary();  // right-associative, and 2 ^ -1 is allowed
    if (!exp) return nullptr;
    return binary("^", std::move(base), std::move(exp), op.loc);
  }
  return base;
}

bool Parser::args(std::vector<ExprP> &out) {
  if (accept(Tok::RParen)) return true;
  for (;;) {
    ExprP a = expr();
    if (!a) return false;
    out.push_back(std::move(a));
    if (accept(Tok::RParen)) return true;
    if (!expect(Tok::Comma, "',' or ')' in the argument list")) return false;
  }
}

ExprP Parser::primary() {
  const Token &t = peek();
  switch (t.kind) {
  case Tok::Int: { next(); auto e = leaf(Expr::K::Int, t.loc); e->ival = t.ival; return e; }
  case Tok::Float: { next(); auto e = leaf(Expr::K::Float, t.loc); e->fval = t.fval; return e; }
  case Tok::String: { next(); auto e = leaf(Expr::K::Str, t.loc); e->text = t.text; return e; }
  case Tok::LParen: {
    next();
    ExprP e = expr();
    if (!e) return nullptr;
    if (!expect(Tok::RParen, "')'")) return nullptr;
    return e;
  }
  case Tok::Ident: {
    if (t.text == "TRUE" || t.text == "FALSE") {
      next();
      auto e = leaf(Expr::K::Bool, t.loc);
      e->ival = t.text == "TRUE";
      return e;
    }
    static const char *kReserved[] = {"THEN", "ELSE", "TO", "STEP", "AND", "OR", "MOD", "NOT", "ANDALSO", "ORELSE",
                                      "END", "IF", "FOR", "NEXT", "WEND", "LOOP", "PRINT", "DIM", "AS"};
    for (const char *r : kReserved)
      if (t.text == r) {
        error(t.loc, "expected an expression, found " + t.text);
        return nullptr;
      }
    if (t.text == "NEW" && peek(1).kind == Tok::Ident) {
      next();
      auto e = leaf(Expr::K::New, t.loc);
      e->text = next().text;
      while (e->text.rfind("VIPER", 0) == 0 && at(Tok::Dot) && peek(1).kind == Tok::Ident) {  // NEW Viper.Text.StringBuilder()
        next();
        e->text += "." + next().text;
      }
      if (accept(Tok::LParen) && !args(e->args)) return nullptr;
      return e;
    }
    next();
    // Qualified names are one name: `Direction.NORTH`, `p.X`, `Viper.Terminal.PrintI64`.
    std::string name = t.text;
    while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
      next();
      name += "." + next().text;
    }
    if (accept(Tok::LParen)) {
      auto e = leaf(Expr::K::Apply, t.loc);
      e->text = name;
      if (!args(e->args)) return nullptr;
      // A field of a record array element, `pts(i).X`, is element i of the field's array
      // (also a member of an object array's element, told apart while lowering).
      std::string member;
      while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
        next();
        member += (member.empty() ? "" : ".") + next().text;
      }
      if (member.empty() || !at(Tok::LParen)) {
        if (!member.empty()) e->text += "." + member;
        return e;
      }
      // a(i).M(args), f(x).M(args).N: members of an object array's element or of a call's
      // result; each link a Member on the one before.
      ExprP cur = std::move(e);
      while (!member.empty()) {
        auto m = leaf(Expr::K::Member, t.loc);
        m->text = member;
        m->obj = std::move(cur);
        if (accept(Tok::LParen)) {
          m->ival = 1;
          if (!args(m->args)) return nullptr;
        }
        cur = std::move(m);
        member.clear();
        if (cur->ival)
          while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
            next();
            member += (member.empty() ? "" : ".") + next().text;
          }
      }
      return cur;
    }
    auto e = leaf(Expr::K::Name, t.loc);
    e->text = name;
    return e;
  }
  case Tok::Newline: case Tok::Eof: case Tok::Colon:
    error(t.loc, "expected an expression at the end of the statement");
    return nullptr;
  default:
    error(t.loc, "expected an expression, found '" + t.text + "'");
    return nullptr;
  }
}

} // namespace viper::basic
