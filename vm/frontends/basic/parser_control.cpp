// BASIC control-flow statements (spec/basic.md §4, §5): IF (block and single-line), FOR and
// FOR EACH, WHILE, DO, SELECT CASE and TRY. Each parses its header, then its blocks
// through Parser::block, up to the words that close it.
#include "frontends/basic/parser_impl.hpp"

namespace viper::basic {

StmtP Parser::ifStmt(SourceLoc loc) {
  auto s = make(Stmt::K::If, loc);
  ExprP cond = expr();
  if (!cond) { skipLine(); return nullptr; }
  if (!acceptWord("THEN")) {
    error(peek().loc, "expected THEN after IF condition");
    skipLine();
    return nullptr;
  }
  if (!atEndOfStatement()) {
    // Single-line IF: exactly one statement per branch.
    if (at(Tok::Int)) {
      error(peek().loc, "THEN needs a statement; to jump to a line write THEN GOTO " + peek().text);
      skipLine();
      return nullptr;
    }
    // IF a THEN IF b THEN ... nests one level per IF, all on one line.
    if (!deeper(loc, false)) { skipLine(); return nullptr; }
    Body thenBody;
    if (StmtP st = statement()) thenBody.push_back(std::move(st));
    s->arms.push_back({std::move(cond), std::move(thenBody)});
    if (acceptWord("ELSE")) {
      s->hasElse = true;
      if (StmtP st = statement()) s->elseBody.push_back(std::move(st));
    }
    --depth_;
    return s;
  }
  if (!deeper(loc, true)) return nullptr;
  Body body;
  std::string which = block(body, {"ELSEIF", "ELSE", "END IF"});
  s->arms.push_back({std::move(cond), std::move(body)});
  for (;;) {
    if (which.empty()) { error(loc, "IF without END IF"); break; }
    if (which == "END IF") { next(); next(); break; }
    if (which == "ELSEIF" || (which == "ELSE" && atWord("IF", 1))) {
      next();
      if (which == "ELSE") next();
      ExprP c = expr();
      if (!c) { skipLine(); }
      else if (!acceptWord("THEN")) { error(peek().loc, "expected THEN after ELSEIF condition"); skipLine(); }
      Body b;
      which = block(b, {"ELSEIF", "ELSE", "END IF"});
      if (c) s->arms.push_back({std::move(c), std::move(b)});
      continue;
    }
    next();  // ELSE
    s->hasElse = true;
    which = block(s->elseBody, {"END IF", "ELSE", "ELSEIF"});
    if (which == "ELSE" || which == "ELSEIF") {
      error(peek().loc, which + " after ELSE");
      skipLine();
      which = block(s->elseBody, {"END IF"});
    }
  }
  --depth_;
  return s;
}

StmtP Parser::forStmt(SourceLoc loc) {
  auto s = make(Stmt::K::For, loc);
  if (acceptWord("EACH")) {
    // FOR EACH x IN arr ... NEXT: the elements of a one-dimensional array, in order.
    if (!at(Tok::Ident)) { error(peek().loc, "expected the loop variable after FOR EACH"); skipLine(); return nullptr; }
    s->var = next().text;
    s->word = "EACH";
    if (!expectWord("IN", "after the FOR EACH variable")) { skipLine(); return nullptr; }
    if (!at(Tok::Ident)) { error(peek().loc, "expected an array after IN"); skipLine(); return nullptr; }
    s->from = primary();
    if (!s->from) { skipLine(); return nullptr; }
  } else {
  if (!at(Tok::Ident)) { error(peek().loc, "expected the loop variable after FOR"); skipLine(); return nullptr; }
  s->var = next().text;
  if (!expect(Tok::Eq, "'=' after the FOR variable")) { skipLine(); return nullptr; }
  s->from = expr();
  if (!s->from || !expectWord("TO", "in the FOR statement")) { skipLine(); return nullptr; }
  s->to = expr();
  if (!s->to) { skipLine(); return nullptr; }
  if (acceptWord("STEP")) {
    s->step = expr();
    if (!s->step) { skipLine(); return nullptr; }
  }
  }
  if (!deeper(loc, true)) return nullptr;
  std::string which = block(s->body, {"NEXT"});
  --depth_;
  if (which.empty()) { error(loc, "FOR without NEXT"); return s; }
  next();  // NEXT
  if (at(Tok::Ident)) {
    Token v = next();
    if (v.text != s->var) error(v.loc, "NEXT " + v.text + " does not match FOR " + s->var);
  }
  return s;
}

StmtP Parser::whileStmt(SourceLoc loc) {
  auto s = make(Stmt::K::While, loc);
  s->cond = expr();
  if (!s->cond) { skipLine(); return nullptr; }
  if (!deeper(loc, true)) return nullptr;
  std::string which = block(s->body, {"WEND"});
  --depth_;
  if (which.empty()) { error(loc, "WHILE without WEND"); return s; }
  next();
  return s;
}

StmtP Parser::doStmt(SourceLoc loc) {
  auto s = make(Stmt::K::Do, loc);
  if (atWord("WHILE") || atWord("UNTIL")) {
    s->doTest = next().text == "WHILE" ? Stmt::DoTest::PreWhile : Stmt::DoTest::PreUntil;
    s->cond = expr();
    if (!s->cond) { skipLine(); return nullptr; }
  }
  if (!deeper(loc, true)) return nullptr;
  std::string which = block(s->body, {"LOOP", "WEND"});
  --depth_;
  if (which.empty()) { error(loc, "DO without LOOP"); return s; }
  next();
  if (atWord("WHILE") || atWord("UNTIL")) {
    if (s->doTest != Stmt::DoTest::None) { error(peek().loc, "a DO loop has its test at the top or at the bottom, not both"); skipLine(); return s; }
    s->doTest = next().text == "WHILE" ? Stmt::DoTest::PostWhile : Stmt::DoTest::PostUntil;
    s->cond = expr();
    if (!s->cond) skipLine();
  }
  return s;
}

StmtP Parser::selectStmt(SourceLoc loc) {
  auto s = make(Stmt::K::Select, loc);
  if (!expectWord("CASE", "after SELECT")) { skipLine(); return nullptr; }
  s->selector = expr();
  if (!s->selector) { skipLine(); return nullptr; }
  Body stray;
  std::string which = block(stray, {"CASE", "END SELECT"});
  // Lines between SELECT CASE and the first CASE may carry line numbers (labels), nothing else.
  for (auto &st : stray) {
    if (st->kind != Stmt::K::Label) { error(st->loc, "statements between SELECT CASE and the first CASE"); break; }
    s->body.push_back(std::move(st));
  }
  while (which == "CASE") {
    CaseArm arm;
    arm.loc = next().loc;
    if (acceptWord("ELSE")) {
      // CASE ELSE: no items
    } else {
      do {
        CaseArm::Item item;
        bool is = acceptWord("IS");
        if (is || at(Tok::Eq) || at(Tok::Ne) || at(Tok::Lt) || at(Tok::Le) || at(Tok::Gt) || at(Tok::Ge)) {
          if (!(at(Tok::Eq) || at(Tok::Ne) || at(Tok::Lt) || at(Tok::Le) || at(Tok::Gt) || at(Tok::Ge))) {
            error(peek().loc, "expected a comparison after CASE IS");
            skipLine();
            return nullptr;
          }
          item.kind = CaseArm::Item::K::Is;
          item.relop = next().text;
          item.a = additive();
        } else {
          item.a = additive();
          if (item.a && acceptWord("TO")) {
            item.kind = CaseArm::Item::K::Range;
            item.b = additive();
            if (!item.b) { skipLine(); return nullptr; }
          }
        }
        if (!item.a) { skipLine(); return nullptr; }
        arm.items.push_back(std::move(item));
      } while (accept(Tok::Comma));
      if (arm.items.empty()) { error(arm.loc, "expected a value after CASE"); }
    }
    if (!deeper(arm.loc, true)) return nullptr;
    which = block(arm.body, {"CASE", "END SELECT"});
    --depth_;
    s->cases.push_back(std::move(arm));
  }
  if (which.empty()) { error(loc, "SELECT CASE without END SELECT"); return s; }
  next();
  next();
  return s;
}

// TRY ... [CATCH [e]] ... [FINALLY] ... END TRY (spec/basic.md §5).
StmtP Parser::tryStmt(SourceLoc loc) {
  auto s = make(Stmt::K::Try, loc);
  if (!deeper(loc, true)) return nullptr;
  std::string which = block(s->body, {"CATCH", "FINALLY", "END TRY"});
  if (which == "CATCH") {
    next();
    s->hasElse = true;
    if (at(Tok::Ident) && !atEndOfStatement()) s->var = next().text;
    which = block(s->elseBody, {"FINALLY", "END TRY"});
  }
  const bool hasFinally = which == "FINALLY";
  if (hasFinally) {
    next();
    which = block(s->finallyBody, {"END TRY"});
  }
  --depth_;
  if (which.empty()) { error(loc, "TRY without END TRY"); return s; }
  s->hasFinally = hasFinally;
  s->endLoc = peek().loc;  // END TRY
  next();
  next();
  return s;
}

} // namespace viper::basic
