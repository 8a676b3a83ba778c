// BASIC declarations: SHARED / STATIC inside procedures, ENUM and TYPE blocks
// (spec/basic.md §5).
#include "frontends/basic/parser_impl.hpp"
#include <climits>
#include <set>

namespace viper::basic {

// SHARED x [AS T], a(): the procedure uses the module variable (visible anyway unless the
// procedure DIMs its own); STATIC x [AS T]: a procedure local kept across calls.
StmtP Parser::sharedOrStatic(SourceLoc loc) {
  const std::string w = peek().text;
  if (!inProc_) { error(loc, w + " belongs inside a SUB or FUNCTION" + (w == "SHARED" ? std::string(" (use DIM SHARED at the top level)") : std::string())); skipLine(); return nullptr; }
  next();
  auto s = make(Stmt::K::Dim, loc);
  (w == "SHARED" ? s->shared : s->isStatic) = true;
  do {
    if (!at(Tok::Ident)) { error(peek().loc, "expected a variable name after " + w); skipLine(); return nullptr; }
    DimDecl d;
    d.loc = peek().loc;
    d.name = next().text;
    if (accept(Tok::LParen)) {
      if (w == "STATIC" || !accept(Tok::RParen)) { error(d.loc, w == "STATIC" ? "STATIC arrays are not supported (" + d.name + ")" : "SHARED names an array as " + d.name + "(), without a size"); skipLine(); return nullptr; }
      d.dims.push_back(nullptr);  // an array, size unknown here
    }
    if (acceptWord("AS")) {
      if (!typeName(d.type)) { skipLine(); return nullptr; }
      d.hasType = true;
      if (d.type == Ty::Obj) d.cls = lastCls_;
    }
    s->decls.push_back(std::move(d));
  } while (accept(Tok::Comma));
  return s;
}

// ON ERROR GOTO label | ON ERROR GOTO 0; RESUME [NEXT | label] (spec/basic.md §5).
StmtP Parser::errorStmt(SourceLoc loc) {
  if (acceptWord("RESUME")) {
    auto s = make(Stmt::K::Resume, loc);
    if (at(Tok::Int)) s->word = std::to_string(next().ival);
    else if (at(Tok::Ident) && !atWord("ELSE")) s->word = next().text;
    if (s->word == "0") s->word.clear();  // RESUME 0 is RESUME
    return s;
  }
  next();  // ON
  next();  // ERROR
  if (!expectWord("GOTO", "after ON ERROR")) { skipLine(); return nullptr; }
  auto s = make(Stmt::K::OnError, loc);
  if (at(Tok::Int)) s->word = std::to_string(next().ival);
  else if (at(Tok::Ident)) s->word = next().text;
  else { error(peek().loc, "expected a label, a line number or 0 after ON ERROR GOTO"); skipLine(); return nullptr; }
  return s;
}

bool Parser::typeOrRecord(Ty &out, std::string &record) {
  const Token &t = peek();
  if (t.kind == Tok::Ident)
    for (const RecordType &r : prog_.records)
      if (r.name == t.text) {
        next();
        record = r.name;
        return true;
      }
  return typeName(out);
}

// ENUM Name / MEMBER [= [-]integer] ... / END ENUM: integer constants Name.MEMBER,
// numbered from 0, each one more than the last unless it gives its value.
void Parser::enumDecl(SourceLoc loc) {
  if (inProc_) { error(loc, "ENUM belongs at the top level, not inside a SUB or FUNCTION"); skipLine(); return; }
  if (!at(Tok::Ident)) { error(peek().loc, "expected a name after ENUM"); skipLine(); return; }
  const std::string name = next().text;
  int64_t value = 0;
  std::set<std::string> seen;
  for (;;) {
    while (at(Tok::Newline) || at(Tok::Colon)) next();
    if (at(Tok::Eof) || diags_.full()) { error(loc, "ENUM " + name + " without END ENUM"); return; }
    if (atWord("END") && atWord("ENUM", 1)) { next(); next(); return; }
    if (!at(Tok::Ident)) { error(peek().loc, "expected an ENUM member name, found '" + peek().text + "'"); skipLine(); continue; }
    Token m = next();
    if (accept(Tok::Eq)) {
      const bool neg = accept(Tok::Minus);
      if (!at(Tok::Int)) { error(peek().loc, "an ENUM value must be an integer literal"); skipLine(); continue; }
      value = neg ? -next().ival : next().ival;
    }
    if (!seen.insert(m.text).second) error(m.loc, "ENUM " + name + " has " + m.text + " twice");
    auto s = make(Stmt::K::Const, m.loc);
    s->word = name + "." + m.text;
    s->value = std::make_unique<Expr>();
    s->value->kind = Expr::K::Int;
    s->value->ival = value;
    s->value->loc = m.loc;
    prelude_.push_back(std::move(s));
    if (value < INT64_MAX) ++value;
    if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "' after the ENUM member"); skipLine(); }
  }
}

// TYPE Name / field AS type ... / END TYPE.
void Parser::typeDecl(SourceLoc loc) {
  if (inProc_) { error(loc, "TYPE belongs at the top level, not inside a SUB or FUNCTION"); skipLine(); return; }
  if (!at(Tok::Ident)) { error(peek().loc, "expected a name after TYPE"); skipLine(); return; }
  RecordType r;
  r.loc = loc;
  r.name = next().text;
  for (const RecordType &o : prog_.records)
    if (o.name == r.name) error(loc, "TYPE " + r.name + " is defined twice");
  for (;;) {
    while (at(Tok::Newline) || at(Tok::Colon)) next();
    if (at(Tok::Eof) || diags_.full()) { error(loc, "TYPE " + r.name + " without END TYPE"); break; }
    if (atWord("END") && atWord("TYPE", 1)) { next(); next(); break; }
    if (!at(Tok::Ident)) { error(peek().loc, "expected a field name, found '" + peek().text + "'"); skipLine(); continue; }
    Token f = next();
    Ty ty = suffixType(f.text, Ty::Int);
    if (acceptWord("AS")) {
      if (!typeName(ty)) { skipLine(); continue; }
      if (ty == Ty::Obj) { error(f.loc, "a TYPE field cannot be an object (use a CLASS)"); skipLine(); continue; }
    } else if (ty == Ty::Int && suffixType(f.text, Ty::Void) == Ty::Void) {
      error(peek().loc, "expected AS and the field's type after " + f.text);
      skipLine();
      continue;
    }
    bool dup = false;
    for (auto &fl : r.fields) dup |= fl.first == f.text;
    if (dup) error(f.loc, "TYPE " + r.name + " has the field " + f.text + " twice");
    else r.fields.push_back({f.text, ty});
    if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "' after the field"); skipLine(); }
  }
  prog_.records.push_back(std::move(r));
}

bool Parser::dottedName(std::string &out, const char *what) {
  if (!at(Tok::Ident)) { error(peek().loc, std::string("expected a name after ") + what); skipLine(); return false; }
  out = next().text;
  while (at(Tok::Dot) && peek(1).kind == Tok::Ident) {
    next();
    out += "." + next().text;
  }
  return true;
}

// NAMESPACE A.B ... END NAMESPACE: procedures (and nested namespaces) named A.B.NAME.
void Parser::namespaceDecl(SourceLoc loc) {
  if (inProc_) { error(loc, "NAMESPACE belongs at the top level, not inside a SUB or FUNCTION"); skipLine(); return; }
  std::string name;
  if (!dottedName(name, "NAMESPACE")) return;
  if (name == "VIPER" || name.rfind("VIPER.", 0) == 0) error(loc, "the Viper namespace is reserved for the runtime");
  if (!deeper(loc, true)) return;
  const std::string outer = ns_;
  ns_ = outer.empty() ? name : outer + "." + name;
  for (;;) {
    while (at(Tok::Newline) || at(Tok::Colon)) next();
    if (at(Tok::Eof) || diags_.full()) { error(loc, "NAMESPACE " + name + " without END NAMESPACE"); break; }
    if (atWord("END") && atWord("NAMESPACE", 1)) { next(); next(); break; }
    const SourceLoc at0 = peek().loc;
    if (atWord("SUB") || atWord("FUNCTION") || atWord("NAMESPACE")) {
      StmtP s = statement();
      (void)s;
    } else {
      error(at0, "a NAMESPACE holds SUBs, FUNCTIONs and NAMESPACEs, not '" + peek().text + "'");
      skipLine();
      continue;
    }
    if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "'"); skipLine(); }
  }
  ns_ = outer;
  --depth_;
}

// USING N / USING A = N: file scope, before any other statement or declaration.
void Parser::usingDecl(SourceLoc loc) {
  if (inProc_ || !ns_.empty() || sawCode_) {
    error(loc, "USING belongs at the top of the file, before any other statement or declaration");
    skipLine();
    return;
  }
  Program::Using u;
  u.loc = loc;
  std::string first;
  if (!dottedName(first, "USING")) return;
  if (accept(Tok::Eq)) {
    if (first.find('.') != std::string::npos) { error(loc, "a USING alias is one name"); skipLine(); return; }
    u.alias = first;
    if (!dottedName(u.ns, "USING ... =")) return;
  } else {
    u.ns = first;
  }
  prog_.usings.push_back(std::move(u));
}

} // namespace viper::basic
