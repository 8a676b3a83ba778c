// Zia statements and the parser's token helpers (spec/zia.md §5); declarations are in parser_decl.cpp.
#include "frontends/zia/parser_impl.hpp"

namespace viper::zia {

Program parse(std::vector<Token> tokens, DiagnosticEngine &diags) { return Parser(std::move(tokens), diags).program(); }

void Parser::error(SourceLoc loc, std::string msg) {
  if (panic_) return;  // one error per statement: the rest would be consequences
  panic_ = true;
  // Nor after an earlier error on this line or the previous token's (a bad character, an
  // unterminated string), or at the end of input that an unterminated comment swallowed.
  const uint32_t prevLine = p_ > 0 ? t_[p_ - 1].loc.line : 0;
  for (const Diagnostic &d : diags_.all())
    if (d.loc.line == loc.line || d.loc.line == prevLine || peek().kind == Tok::Eof) return;
  diags_.error(loc, std::move(msg));
}

std::string Parser::describe(const Token &t) {
  switch (t.kind) {
  case Tok::Eof: return "end of input";
  case Tok::Int: case Tok::Num: return "a number";
  case Tok::Str: case Tok::Interp: return "a string";
  default: return "'" + t.text + "'";
  }
}

bool Parser::expect(const char *s, const char *context) {
  if (accept(s)) return true;
  error(peek().loc, std::string("expected '") + s + "' " + context + ", got " + describe(peek()));
  return false;
}

std::string Parser::expectIdent(const char *what) {
  if (atIdent()) return next().text;
  error(peek().loc, std::string("expected ") + what + ", got " + describe(peek()));
  return {};
}

void Parser::sync() {
  int braces = 0;
  while (!atEof()) {
    if (at("{")) ++braces;
    else if (at("}")) {
      if (braces == 0) break;
      --braces;
    } else if (at(";") && braces == 0) {
      next();
      break;
    }
    next();
  }
  panic_ = false;
}

bool Parser::enter(SourceLoc loc) {
  if (aborted_) return false;
  if (depth_ >= kMaxNesting) {
    panic_ = false;
    error(loc, "nesting too deep (more than " + std::to_string(kMaxNesting) + " levels)");
    aborted_ = true;
    return false;
  }
  ++depth_;
  return true;
}

bool Parser::pattern(Pattern &out) {
  Pattern first;
  if (!patternAlt(first)) return false;
  if (!at("|")) {
    out = std::move(first);
    return true;
  }
  out.kind = Pattern::K::Or;
  out.loc = first.loc;
  out.subs.push_back(std::move(first));
  while (accept("|")) {
    Pattern alt;
    if (!patternAlt(alt)) return false;
    out.subs.push_back(std::move(alt));
  }
  return true;
}

bool Parser::patternAlt(Pattern &out) {
  out.loc = peek().loc;
  if (atIdent() && peek().text == "_") {
    next();
    out.kind = Pattern::K::Wild;
    return true;
  }
  if (atIdent() && peek().text == "None" && !at(".", 1)) {
    next();
    out.kind = Pattern::K::None;
    return true;
  }
  if (atIdent() && peek().text == "Some" && at("(", 1)) {
    next();
    next();
    if (!enter(out.loc)) return false;
    out.kind = Pattern::K::Some;
    out.subs.emplace_back();
    bool ok = pattern(out.subs.back());
    leave();
    return ok && expect(")", "after the Some pattern");
  }
  if (atIdent() && !at(".", 1)) {
    out.kind = Pattern::K::Bind;
    out.name = next().text;
    return true;
  }
  // A literal (optionally negative), an enum variant `E.V`, or a range `lo..hi`.
  out.kind = Pattern::K::Lit;
  out.value = unary();
  if (!out.value) return false;
  if (at("..") || at("..=")) {
    out.kind = Pattern::K::Range;
    out.inclusive = next().text == "..=";
    out.hi = unary();
    if (!out.hi) return false;
  }
  return true;
}

// `{ pattern [if guard] => body ... }`; a statement arm's body is a block or one
// statement, an expression arm's an expression; arms may end with ';' or ','.
bool Parser::matchArms(std::vector<MatchArm> &arms, bool statements) {
  if (!expect("{", "to open the match arms")) return false;
  if (!enter(peek().loc)) return false;
  bool ok = true;
  while (!at("}") && !atEof() && !stopped()) {
    MatchArm a;
    a.loc = peek().loc;
    if (!pattern(a.pat)) { ok = false; break; }
    if (accept("if")) {
      a.guard = expr();
      if (!a.guard) { ok = false; break; }
    }
    if (!expect("=>", "after the match pattern")) { ok = false; break; }
    if (statements) {
      if (at("{")) {
        if (!block(a.body)) { ok = false; break; }
      } else if (at("return") || at("break") || at("continue") || at("var") || at("final") || at("let") ||
                 at("if") || at("while") || at("for") || at("match")) {
        StmtP st = statement();
        if (!st) { ok = false; break; }
        a.body.push_back(std::move(st));
      } else {
        StmtP st = simple(false);
        if (!st) { ok = false; break; }
        a.body.push_back(std::move(st));
        if (!accept(";") && !accept(",") && !at("}")) {
          error(peek().loc, "expected ';' after the match arm, got " + describe(peek()));
          ok = false;
          break;
        }
      }
      accept(",");
    } else {
      a.value = expr();
      if (!a.value) { ok = false; break; }
      if (!accept(";") && !accept(",") && !at("}")) {
        error(peek().loc, "expected ',' or ';' after the match arm, got " + describe(peek()));
        ok = false;
        break;
      }
    }
    arms.push_back(std::move(a));
  }
  leave();
  if (!ok || stopped()) return false;
  return expect("}", "to close the match");
}

bool Parser::block(Body &out) {
  SourceLoc loc = peek().loc;
  if (!expect("{", "to open a block")) return false;
  if (!enter(loc)) return false;
  while (!at("}") && !atEof() && !stopped()) {
    size_t before = p_;
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
  return expect("}", "to close the block");
}

bool Parser::body(Body &out) {
  if (at("{")) return block(out);
  if (!enter(peek().loc)) return false;
  StmtP s = statement();
  leave();
  if (!s) return false;
  out.push_back(std::move(s));
  return true;
}

StmtP Parser::statement() {
  SourceLoc loc = peek().loc;
  if (at("{")) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Block;
    s->loc = loc;
    block(s->body);
    return s;
  }
  if (at("var") || at("final") || at("let")) {
    bool fin = !at("var");
    next();
    return varDecl(fin);
  }
  if (at("if")) return ifStmt();
  if (at("while")) {
    next();
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::While;
    s->loc = loc;
    s->cond = condExpr();
    if (!s->cond) return nullptr;
    body(s->body);
    return s;
  }
  if (at("for")) return forStmt();
  if (at("break") || at("continue")) {
    auto s = std::make_unique<Stmt>();
    s->kind = at("break") ? Stmt::K::Break : Stmt::K::Continue;
    s->loc = next().loc;
    expect(";", s->kind == Stmt::K::Break ? "after break" : "after continue");
    return s;
  }
  if (at("return")) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Return;
    s->loc = next().loc;
    if (!at(";") && !at("}")) s->value = expr();
    expect(";", "after return");
    return s;
  }
  if (at("try")) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Try;
    s->loc = next().loc;
    if (!block(s->body)) return nullptr;
    while (at("catch")) {
      Stmt::Catch c;
      c.loc = next().loc;
      bool paren = accept("(");
      if (atIdent()) {
        c.name = next().text;
        if (accept(":")) {
          c.typeLoc = peek().loc;
          c.type = expectIdent("an error kind after ':'");
          if (c.type.empty()) return nullptr;
        }
      }
      if (paren && !expect(")", "after the catch variable")) return nullptr;
      if (!block(c.body)) return nullptr;
      s->catches.push_back(std::move(c));
    }
    if (accept("finally")) {
      s->hasFinally = true;
      if (!block(s->elseBody)) return nullptr;
    }
    if (s->catches.empty() && !s->hasFinally) {
      error(peek().loc, "expected 'catch' or 'finally' after the try block, got " + describe(peek()));
      return nullptr;
    }
    return s;
  }
  if (at("defer")) {  // defer stmt; / defer { ... }: body runs when the block is left
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Defer;
    s->loc = next().loc;
    if (at("{")) {
      if (!block(s->body)) return nullptr;
    } else {
      StmtP one = statement();
      if (!one) return nullptr;
      s->body.push_back(std::move(one));
    }
    return s;
  }
  if (at("guard")) {  // guard cond else { must leave }
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Guard;
    s->loc = next().loc;
    s->cond = condExpr();
    if (!s->cond || !expect("else", "after the guard condition")) return nullptr;
    if (!block(s->elseBody)) return nullptr;
    return s;
  }
  if (at("throw")) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Throw;
    s->loc = next().loc;
    if (!at(";")) {
      s->value = expr();
      if (!s->value) return nullptr;
    }
    expect(";", "after throw");
    return s;
  }
  if (at("match")) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::K::Match;
    s->loc = next().loc;
    s->value = condExpr();
    if (!s->value || !matchArms(s->arms, true)) return nullptr;
    accept(";");
    return s;
  }
  if (at("func") || at("class") || at("struct") || at("enum") || at("interface")) {
    error(loc, "'" + peek().text + "' declarations are only allowed at the top level");
    return nullptr;
  }
  return simple(true);
}

StmtP Parser::varDecl(bool isFinal) {
  auto s = std::make_unique<Stmt>();
  s->kind = Stmt::K::Var;
  s->isFinal = isFinal;
  s->loc = peek().loc;
  s->name = expectIdent("a variable name");
  if (s->name.empty()) return nullptr;
  if (accept(":")) {
    s->hasType = true;
    if (!typeRef(s->type)) return nullptr;
  }
  if (accept("=")) {
    s->value = expr();
    if (!s->value) return nullptr;
  } else if (!s->hasType) {
    error(peek().loc, "variable '" + s->name + "' needs a type or an initial value");
    return nullptr;
  } else if (isFinal) {
    error(peek().loc, "final '" + s->name + "' needs an initial value");
    return nullptr;
  }
  if (!expect(";", "after the variable declaration")) return nullptr;
  return s;
}

// An expression statement or assignment; `needSemi` is false inside `for (...)`.
StmtP Parser::simple(bool needSemi) {
  SourceLoc loc = peek().loc;
  ExprP e = expr();
  if (!e) return nullptr;
  auto s = std::make_unique<Stmt>();
  s->loc = loc;
  static const char *kAssign[] = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="};
  bool isAssign = false;
  for (const char *op : kAssign)
    if (at(op)) { isAssign = true; s->op = op; }
  if (isAssign) {
    s->kind = Stmt::K::Assign;
    s->loc = next().loc;
    s->target = std::move(e);
    s->value = expr();
    if (!s->value) return nullptr;
  } else {
    s->kind = Stmt::K::Expr;
    s->value = std::move(e);
  }
  if (needSemi && !expect(";", isAssign ? "after the assignment" : "after the expression")) return nullptr;
  return s;
}

StmtP Parser::ifStmt() {
  auto s = std::make_unique<Stmt>();
  s->kind = Stmt::K::If;
  s->loc = next().loc;
  s->cond = condExpr();
  if (!s->cond) return nullptr;
  if (!body(s->body)) return s;
  if (accept("else")) {
    if (at("if")) {
      // else-if chains nest one level each (bounded like any block).
      if (!enter(peek().loc)) return s;
      if (StmtP e = ifStmt()) s->elseBody.push_back(std::move(e));
      leave();
    } else {
      body(s->elseBody);
    }
  }
  return s;
}

StmtP Parser::forStmt() {
  auto s = std::make_unique<Stmt>();
  s->loc = next().loc;
  bool paren = at("(");
  // `for x in e`, `for i, x in e`, also written in parentheses.
  size_t k = paren ? 1 : 0;
  if (atIdent(k) && (at("in", k + 1) || (at(",", k + 1) && atIdent(k + 2) && at("in", k + 3)))) {
    if (paren) next();
    s->kind = Stmt::K::ForIn;
    s->name = next().text;
    if (accept(",")) s->name2 = next().text;
    next();  // in
    s->value = condExpr();
    if (!s->value) return nullptr;
    if (paren && !expect(")", "after the for-in header")) return nullptr;
    body(s->body);
    return s;
  }
  s->kind = Stmt::K::For;
  if (!expect("(", "after for")) return nullptr;
  if (!at(";")) {
    if (at("var") || at("final") || at("let")) {
      bool fin = !at("var");
      next();
      s->init = varDecl(fin);  // consumes the ';'
      if (!s->init) return nullptr;
    } else {
      s->init = simple(false);
      if (!s->init || !expect(";", "after the for initialiser")) return nullptr;
    }
  } else {
    next();
  }
  if (!at(";")) s->cond = expr();
  if (!expect(";", "after the for condition")) return nullptr;
  if (!at(")")) {
    s->update = simple(false);
    if (!s->update) return nullptr;
  }
  if (!expect(")", "after the for header")) return nullptr;
  body(s->body);
  return s;
}

} // namespace viper::zia
