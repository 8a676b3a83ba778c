// Zia expressions and types (spec/zia.md §3, §4). Binary levels are loops (a long chain
// `1+1+...` is built without recursion); nesting (parentheses, unary operators, calls)
// recurses and is bounded by enter().
#include "frontends/zia/parser_impl.hpp"

namespace viper::zia {

bool Parser::typeRef(TypeRef &out) {
  out.loc = peek().loc;
  if (at("(")) {  // (A, B) -> R: a function type; args are the parameters, then the result
    next();
    out.name = "__func";
    if (!enter(out.loc)) return false;
    while (!at(")")) {
      TypeRef a;
      if (!typeRef(a)) { leave(); return false; }
      out.args.push_back(std::move(a));
      if (!accept(",")) break;
    }
    leave();
    if (!expect(")", "after the parameter types") || !expect("->", "in the function type")) return false;
    TypeRef r;
    if (at("(") && at(")", 1) && !at("->", 2)) { next(); next(); r.name = "Void"; r.loc = out.loc; }
    else if (!typeRef(r)) return false;
    out.args.push_back(std::move(r));
    return true;
  }
  if (at("[")) {  // [T] is List[T]
    next();
    out.name = "List";
    TypeRef elem;
    if (!typeRef(elem)) return false;
    out.args.push_back(std::move(elem));
    return expect("]", "after the list element type");
  }
  if (!atIdent()) {
    error(peek().loc, "expected a type, got " + describe(peek()));
    return false;
  }
  out.name = next().text;
  while (accept(".")) out.name += "." + expectIdent("a type name");
  if (accept("[")) {
    if (!enter(out.loc)) return false;
    do {
      TypeRef a;
      if (!typeRef(a)) { leave(); return false; }
      out.args.push_back(std::move(a));
    } while (accept(","));
    leave();
    if (!expect("]", "after the type arguments")) return false;
  }
  if (accept("?")) out.name += "?";
  return true;
}

ExprP Parser::soleExpression() {
  ExprP e = expr();
  if (e && !atEof()) {
    error(peek().loc, "unexpected " + describe(peek()) + " in interpolation");
    return nullptr;
  }
  return e;
}

ExprP Parser::expr() {
  if (stopped()) return nullptr;
  return ternary();
}

ExprP Parser::ternary() {
  ExprP c = range();
  if (!c || !at("?")) return c;
  SourceLoc loc = next().loc;
  if (!enter(loc)) return nullptr;
  auto e = std::make_unique<Expr>(Expr::K::Ternary, loc);
  e->args.push_back(std::move(c));
  ExprP a = ternary();
  ExprP b;
  if (a && expect(":", "in the conditional expression")) b = ternary();
  leave();
  if (!a || !b) return nullptr;
  e->args.push_back(std::move(a));
  e->args.push_back(std::move(b));
  return e;
}

ExprP Parser::range() {
  ExprP a = binaryLevel(0);
  if (!a || !(at("..") || at("..="))) return a;
  auto e = std::make_unique<Expr>(Expr::K::Binary, peek().loc);
  e->op = next().text;
  ExprP b = binaryLevel(0);
  if (!b) return nullptr;
  e->args.push_back(std::move(a));
  e->args.push_back(std::move(b));
  return e;
}

namespace {
// Binary operator levels, lowest first (spec/zia.md §4).
const std::vector<std::vector<const char *>> kLevels = {
    {"??"}, {"||", "or"}, {"&&", "and"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", "<=", ">", ">="},
    {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"}};
} // namespace

ExprP Parser::binaryLevel(int level) {
  if (level == static_cast<int>(kLevels.size())) return unary();
  ExprP lhs = binaryLevel(level + 1);
  while (lhs) {
    const char *op = nullptr;
    for (const char *o : kLevels[level])
      if (at(o)) op = o;
    if (!op) break;
    auto e = std::make_unique<Expr>(Expr::K::Binary, peek().loc);
    next();
    e->op = op == std::string("or") ? "||" : op == std::string("and") ? "&&" : op;
    ExprP rhs = binaryLevel(level + 1);
    if (!rhs) return nullptr;
    e->args.push_back(std::move(lhs));
    e->args.push_back(std::move(rhs));
    lhs = std::move(e);
  }
  return lhs;
}

ExprP Parser::unary() {
  if (at("&") && atIdent(1)) {  // &func: a function reference
    auto e = std::make_unique<Expr>(Expr::K::FuncRef, next().loc);
    e->name = next().text;
    return e;
  }
  if (at("-") || at("!") || at("not") || at("~") || at("+")) {
    SourceLoc loc = peek().loc;
    std::string op = next().text;
    if (op == "not") op = "!";
    if (!enter(loc)) return nullptr;
    ExprP x = unary();
    leave();
    if (!x) return nullptr;
    if (op == "+") return x;
    auto e = std::make_unique<Expr>(Expr::K::Unary, loc);
    e->op = op;
    e->args.push_back(std::move(x));
    return e;
  }
  return postfix();
}

bool Parser::callArgs(std::vector<ExprP> &out, std::vector<std::string> *names) {
  // '(' already consumed
  if (accept(")")) return true;
  do {
    std::string argName;
    if (atIdent() && at(":", 1)) {
      argName = next().text;
      next();
    }
    ExprP a = expr();
    if (!a) return false;
    out.push_back(std::move(a));
    if (names) {
      names->resize(out.size() - 1);
      names->push_back(argName);
    } else if (!argName.empty()) {
      error(out.back()->loc, "named arguments are only for calls of functions and methods");
      return false;
    }
  } while (accept(","));
  return expect(")", "after the arguments");
}

ExprP Parser::postfix() {
  ExprP e = primary();
  int steps = 0;
  while (e) {
    // A chain `a.b.c...` deepens the tree on the left, so it counts as nesting.
    if (++steps > kMaxNesting) {
      panic_ = false;
      error(peek().loc, "nesting too deep (more than " + std::to_string(kMaxNesting) + " levels)");
      aborted_ = true;
      return nullptr;
    }
    SourceLoc loc = peek().loc;
    if (at("(")) {
      next();
      auto c = std::make_unique<Expr>(Expr::K::Call, e->loc);
      c->args.push_back(std::move(e));
      if (!enter(loc)) return nullptr;
      bool ok = callArgs(c->args, &c->argNames);
      leave();
      if (!ok) return nullptr;
      e = std::move(c);
    } else if (at("!") && !(peek(1).kind == Tok::Ident || peek(1).kind == Tok::Int || at("(", 1))) {
      next();
      auto u = std::make_unique<Expr>(Expr::K::Unwrap, loc);
      u->args.push_back(std::move(e));
      e = std::move(u);
    } else if (at(".") || at("?.")) {
      bool chain = next().text == "?.";
      // The member's position is its name's: "field 'x' is hidden" points at x.
      auto m = std::make_unique<Expr>(Expr::K::Member, peek().loc);
      if (chain) m->op = "?.";
      m->name = expectIdent("a member name after '.'");
      if (m->name.empty()) return nullptr;
      m->args.push_back(std::move(e));
      e = std::move(m);
    } else if (at("[")) {
      next();
      auto ix = std::make_unique<Expr>(Expr::K::Index, loc);
      if (!enter(loc)) return nullptr;
      ExprP i = expr();
      leave();
      if (!i || !expect("]", "after the index")) return nullptr;
      ix->args.push_back(std::move(e));
      ix->args.push_back(std::move(i));
      e = std::move(ix);
    } else if (at("as") || at("is")) {
      auto a = std::make_unique<Expr>(at("as") ? Expr::K::As : Expr::K::Is, loc);
      next();
      if (!typeRef(a->type)) return nullptr;
      a->args.push_back(std::move(e));
      e = std::move(a);
    } else {
      break;
    }
  }
  return e;
}

ExprP Parser::interpolated(const Token &t) {
  auto e = std::make_unique<Expr>(Expr::K::Interp, t.loc);
  for (const StrPart &part : t.parts) {
    e->pieceIsExpr.push_back(part.isExpr);
    if (!part.isExpr) {
      e->pieces.push_back(part.text);
      continue;
    }
    e->pieces.emplace_back();
    std::vector<Token> toks = lex(part.text, part.loc.file, diags_, part.loc.line, part.loc.col);
    if (toks.size() == 1) {
      error(part.loc, "empty interpolation '${}'");
      return nullptr;
    }
    Parser sub(std::move(toks), diags_, depth_ + 1);
    if (depth_ + 1 > kMaxNesting) {
      error(t.loc, "nesting too deep (more than " + std::to_string(kMaxNesting) + " levels)");
      aborted_ = true;
      return nullptr;
    }
    ExprP x = sub.soleExpression();
    if (sub.aborted_) aborted_ = true;
    if (!x) { panic_ = true; return nullptr; }
    e->args.push_back(std::move(x));
  }
  return e;
}

bool Parser::atLambda() const {
  if (atIdent() && at("=>", 1)) return true;
  if (!at("(")) return false;
  size_t k = 1;
  if (at(")", k)) return at("=>", k + 1);
  while (true) {
    if (!atIdent(k)) return false;
    ++k;
    if (at(":", k)) {
      ++k;
      // A type: a name, dotted, with bracketed arguments (bounded: a lambda header is short).
      int brackets = 0;
      for (int guard = 0; guard < 64; ++guard, ++k) {
        if (at("[", k)) ++brackets;
        else if (at("]", k)) { if (brackets == 0) return false; --brackets; }
        else if (brackets == 0 && (at(",", k) || at(")", k))) break;
        else if (peek(k).kind == Tok::Eof) return false;
      }
    }
    if (at(")", k)) return at("=>", k + 1);
    if (!at(",", k)) return false;
    ++k;
  }
}

ExprP Parser::lambda() {
  auto e = std::make_unique<Expr>(Expr::K::Lambda, peek().loc);
  auto param = [&] {
    e->pieces.push_back(next().text);
    TypeRef t;
    if (accept(":") && !typeRef(t)) return false;
    e->paramTypes.push_back(std::move(t));
    return true;
  };
  if (atIdent()) {
    param();
  } else {
    next();  // (
    while (!at(")")) {
      if (!param()) return nullptr;
      if (!accept(",")) break;
    }
    if (!expect(")", "after the lambda parameters")) return nullptr;
  }
  SourceLoc arrow = peek().loc;
  if (!expect("=>", "in the lambda")) return nullptr;
  if (!enter(arrow)) return nullptr;
  if (at("{")) {
    // A block body: statements with `return`s (a bare `{expr}` after => is a block too).
    e->blockBody = true;
    bool ok = lambdaBlock(e->lamBody);
    leave();
    if (!ok) return nullptr;
    return e;
  }
  ExprP body = expr();
  leave();
  if (!body) return nullptr;
  e->args.push_back(std::move(body));
  return e;
}

// A lambda's `{ ... }` body: statements, the last of which may be an expression without
// `;` (a block expression) giving the value, read as `return expr;`. A statement that
// starts like an expression is first read as one; unless `}` follows, it is read again as
// a statement (an error found the first time stays reported once: panic_ is still set).
bool Parser::lambdaBlock(Body &out) {
  SourceLoc loc = peek().loc;
  if (!expect("{", "to open the lambda body")) return false;
  if (!enter(loc)) return false;
  while (!at("}") && !atEof() && !stopped()) {
    size_t before = p_;
    const bool exprStart = peek().kind != Tok::Keyword || at("true") || at("false") || at("null") || at("self") ||
                           at("new") || at("super") || at("not");
    if (exprStart && !at("{")) {
      ExprP x = expr();
      if (x && !panic_ && at("}")) {
        auto r = std::make_unique<Stmt>();
        r->kind = Stmt::K::Return;
        r->loc = x->loc;
        r->value = std::move(x);
        out.push_back(std::move(r));
        continue;
      }
      p_ = before;
    }
    StmtP s = statement();
    if (s) out.push_back(std::move(s));
    if (panic_ || p_ == before) {
      if (p_ == before && !at("}")) {
        error(peek().loc, "unexpected " + describe(peek()));
        next();
      }
      sync();
    }
  }
  leave();
  if (stopped()) return false;
  return expect("}", "to close the lambda body");
}

ExprP Parser::condExpr() {
  bool saved = noStructLit_;
  noStructLit_ = true;
  ExprP e = expr();
  noStructLit_ = saved;
  return e;
}

ExprP Parser::structLiteral() {
  auto e = std::make_unique<Expr>(Expr::K::StructLit, peek().loc);
  e->name = next().text;
  next();  // {
  if (!enter(e->loc)) return nullptr;
  // Field values are ordinary expressions again (a literal may nest).
  bool saved = noStructLit_;
  noStructLit_ = false;
  bool ok = true;
  while (ok && !at("}")) {
    SourceLoc floc = peek().loc;
    std::string field = expectIdent("a field name in the struct literal");
    if (field.empty() || !(accept("=") || expect(":", "after the field name"))) { ok = false; break; }
    ExprP v = expr();
    if (!v) { ok = false; break; }
    e->argNames.push_back(field);
    e->argLocs.push_back(floc);
    e->args.push_back(std::move(v));
    if (!accept(",")) break;
  }
  noStructLit_ = saved;
  leave();
  if (!ok || !expect("}", "to close the struct literal")) return nullptr;
  return e;
}

ExprP Parser::primary() {
  if (atLambda()) return lambda();
  const Token &t = peek();
  SourceLoc loc = t.loc;
  switch (t.kind) {
  case Tok::Int: { auto e = std::make_unique<Expr>(Expr::K::Int, loc); e->ival = next().ival; return e; }
  case Tok::Num: { auto e = std::make_unique<Expr>(Expr::K::Num, loc); e->fval = next().fval; return e; }
  case Tok::Str: { auto e = std::make_unique<Expr>(Expr::K::Str, loc); e->name = next().text; return e; }
  case Tok::Interp: { Token tok = next(); return interpolated(tok); }
  case Tok::Ident:
    // `Point { x = 1, y: 2 }` (not in a statement condition, whose `{` opens the body).
    if (!noStructLit_ && at("{", 1) && (at("}", 2) || (atIdent(2) && (at("=", 3) || at(":", 3))))) return structLiteral();
    { auto e = std::make_unique<Expr>(Expr::K::Name, loc); e->name = next().text; return e; }
  default: break;
  }
  if (at("true") || at("false")) {
    auto e = std::make_unique<Expr>(Expr::K::Bool, loc);
    e->ival = next().text == "true";
    return e;
  }
  if (accept("null")) return std::make_unique<Expr>(Expr::K::Null, loc);
  if (accept("self")) return std::make_unique<Expr>(Expr::K::Self, loc);
  if (at("match")) {
    auto e = std::make_unique<Expr>(Expr::K::Match, next().loc);
    if (!enter(loc)) return nullptr;
    ExprP v = condExpr();
    bool ok = v && matchArms(e->arms, false);
    leave();
    if (!ok) return nullptr;
    e->args.push_back(std::move(v));
    return e;
  }
  if (accept("super")) return std::make_unique<Expr>(Expr::K::Super, loc);
  if (at("(")) {
    next();
    if (!enter(loc)) return nullptr;
    ExprP e = expr();
    leave();
    if (!e || !expect(")", "to close the parenthesis")) return nullptr;
    return e;
  }
  if (at("[")) {
    next();
    auto e = std::make_unique<Expr>(Expr::K::List, loc);
    if (!enter(loc)) return nullptr;
    if (!at("]")) {
      do {
        if (at("]")) break;  // trailing comma
        ExprP x = expr();
        if (!x) { leave(); return nullptr; }
        e->args.push_back(std::move(x));
      } while (accept(","));
    }
    leave();
    if (!expect("]", "to close the list")) return nullptr;
    return e;
  }
  if (at("{")) {
    next();
    auto e = std::make_unique<Expr>(Expr::K::MapLit, loc);
    if (!enter(loc)) return nullptr;
    while (!at("}")) {
      ExprP k = expr();
      if (!k || !expect(":", "after a map key")) { leave(); return nullptr; }
      ExprP v = expr();
      if (!v) { leave(); return nullptr; }
      e->args.push_back(std::move(k));
      e->args.push_back(std::move(v));
      if (!accept(",")) break;
    }
    leave();
    if (!expect("}", "to close the map")) return nullptr;
    return e;
  }
  if (at("new")) {
    next();
    auto e = std::make_unique<Expr>(Expr::K::New, loc);
    if (!typeRef(e->type)) return nullptr;
    if (!expect("(", "after the type in 'new'")) return nullptr;
    if (!enter(loc)) return nullptr;
    bool ok = callArgs(e->args, &e->argNames);
    leave();
    if (!ok) return nullptr;
    return e;
  }
  error(loc, "expected an expression, got " + describe(t));
  return nullptr;
}

} // namespace viper::zia
