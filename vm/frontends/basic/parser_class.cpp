// BASIC CLASS and INTERFACE blocks (spec/basic.md Tier 2; reference "OOP Semantics").
#include "frontends/basic/parser_impl.hpp"

namespace viper::basic {

// CLASS Name [: Base] [IMPLEMENTS I, ...] / [PUBLIC|PRIVATE] field AS type, SUB/FUNCTION methods, SUB NEW / END CLASS.
void Parser::classDecl(SourceLoc loc, bool isAbstract, bool isFinal) {
  if (inProc_ || !ns_.empty()) { error(loc, "CLASS belongs at the top level"); skipLine(); return; }
  if (!at(Tok::Ident)) { error(peek().loc, "expected a name after CLASS"); skipLine(); return; }
  ClassDecl c;
  c.loc = loc;
  c.name = next().text;
  c.isAbstract = isAbstract;
  c.isFinal = isFinal;
  for (const ClassDecl &o : prog_.classes)
    if (o.name == c.name) error(loc, "CLASS " + c.name + " is defined twice");
  if (at(Tok::Colon) && peek(1).kind == Tok::Ident && !(peek(2).kind == Tok::Ident && peek(2).text == "AS")) {
    next();
    c.base = next().text;
  }
  if (acceptWord("IMPLEMENTS")) {
    do {
      if (!at(Tok::Ident)) { error(peek().loc, "expected an INTERFACE name after IMPLEMENTS"); skipLine(); break; }
      const Token &t = next();
      c.implements.push_back({t.text, t.loc});
    } while (accept(Tok::Comma));
  }
  cls_ = c.name;
  for (;;) {
    while (at(Tok::Newline) || at(Tok::Colon)) next();
    if (at(Tok::Eof) || diags_.full()) { error(loc, "CLASS " + c.name + " without END CLASS"); break; }
    if (atWord("END") && atWord("CLASS", 1)) { next(); next(); break; }
    mods_ = Mods{};
    for (;;) {
      if (acceptWord("PRIVATE")) mods_.isPrivate = true;
      else if (acceptWord("PUBLIC")) mods_.isPrivate = false;
      else if (acceptWord("VIRTUAL")) mods_.isVirtual = true;
      else if (acceptWord("OVERRIDE")) mods_.isOverride = true;
      else if (acceptWord("STATIC")) mods_.isStatic = true;
      else if (acceptWord("ABSTRACT")) mods_.isAbstract = true;
      else if (acceptWord("FINAL")) mods_.isFinal = true;
      else break;
    }
    const SourceLoc at0 = peek().loc;
    if (atWord("SUB") || atWord("FUNCTION")) {
      const bool fn = next().text == "FUNCTION";
      procedure(fn, at0);
      continue;
    }
    if (acceptWord("PROPERTY")) { propertyDecl(at0); continue; }
    if (acceptWord("DESTRUCTOR")) { destructorDecl(at0); continue; }
    if (mods_.isVirtual || mods_.isOverride || mods_.isAbstract || mods_.isFinal) {
      error(at0, "VIRTUAL, OVERRIDE, ABSTRACT and FINAL belong to methods, not fields");
      skipLine();
      continue;
    }
    acceptWord("DIM");
    if (!at(Tok::Ident)) { error(peek().loc, "expected a field or a method in CLASS " + c.name + ", found '" + peek().text + "'"); skipLine(); continue; }
    Token f = next();
    ClassDecl::Field fl;
    fl.name = f.text;
    fl.loc = f.loc;
    fl.isPrivate = mods_.isPrivate;
    fl.isStatic = mods_.isStatic;
    fl.type = suffixType(f.text, Ty::Int);
    if (acceptWord("AS")) {
      if (!typeName(fl.type)) { skipLine(); continue; }
      if (fl.type == Ty::Obj) fl.cls = lastCls_;
    } else if (suffixType(f.text, Ty::Void) == Ty::Void) {
      error(peek().loc, "expected AS and the field's type after " + f.text);
      skipLine();
      continue;
    }
    bool dup = false;
    for (auto &o : c.fields) dup |= o.name == fl.name;
    if (dup) error(f.loc, "CLASS " + c.name + " has the field " + fl.name + " twice");
    else c.fields.push_back(fl);
    if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "' after the field"); skipLine(); }
  }
  cls_.clear();
  mods_ = Mods{};
  prog_.classes.push_back(std::move(c));
}

// A member's procedure (a method, a property accessor, the destructor): its class and
// the modifiers read before it.
void Parser::asMember(Proc &p, const std::string &method) {
  p.cls = cls_;
  // STATIC SUB NEW: the class's static constructor, a method of its own (not a BASIC name).
  p.method = method == "NEW" && mods_.isStatic ? std::string(kStaticNew) : method;
  p.name = cls_ + "." + p.method;
  p.isPrivate = mods_.isPrivate;
  p.isVirtual = mods_.isVirtual;
  p.isOverride = mods_.isOverride;
  p.isStatic = mods_.isStatic;
  p.isAbstract = mods_.isAbstract;
  p.isFinal = mods_.isFinal;
}

// PROPERTY Name AS T / [PRIVATE] GET ... END GET / [PRIVATE] SET(v [AS T]) ... END SET /
// END PROPERTY: methods GET_NAME (a FUNCTION whose result variable is Name) and SET_NAME.
// `x.Name` reads through GET_NAME, `x.Name = v` writes through SET_NAME.
void Parser::propertyDecl(SourceLoc loc) {
  if (!at(Tok::Ident)) { error(peek().loc, "expected a name after PROPERTY"); skipLine(); return; }
  const std::string name = next().text;
  Ty ty = suffixType(name, Ty::Int);
  std::string cls;
  if (acceptWord("AS")) {
    if (!typeName(ty)) { skipLine(); return; }
    if (ty == Ty::Obj) cls = lastCls_;
  } else if (suffixType(name, Ty::Void) == Ty::Void) {
    error(peek().loc, "expected AS and the property's type after " + name);
    skipLine();
    return;
  }
  if (mods_.isAbstract || mods_.isFinal) error(loc, "a PROPERTY cannot be ABSTRACT or FINAL");
  const Mods outer = mods_;
  bool sawGet = false, sawSet = false;
  const bool wasInProc = inProc_;
  for (;;) {
    while (at(Tok::Newline) || at(Tok::Colon)) next();
    if (at(Tok::Eof) || diags_.full()) { error(loc, "PROPERTY " + name + " without END PROPERTY"); break; }
    if (atWord("END") && atWord("PROPERTY", 1)) { next(); next(); break; }
    mods_ = outer;
    if (acceptWord("PRIVATE")) mods_.isPrivate = true;
    else if (acceptWord("PUBLIC")) mods_.isPrivate = false;
    const SourceLoc at0 = peek().loc;
    const bool get = atWord("GET");
    if (!get && !atWord("SET")) { error(at0, "a PROPERTY holds GET and SET, not '" + peek().text + "'"); skipLine(); continue; }
    next();
    if (get ? sawGet : sawSet) error(at0, "PROPERTY " + name + " has two " + (get ? "GET" : "SET") + " blocks");
    (get ? sawGet : sawSet) = true;
    Proc p;
    p.loc = at0;
    p.isFunction = get;
    asMember(p, (get ? "GET_" : "SET_") + name);
    p.propName = name;
    if (get) {
      p.ret = ty;
      p.retCls = cls;
    } else {
      Param par;
      const bool paren = accept(Tok::LParen);
      if (!at(Tok::Ident)) { error(peek().loc, "expected the SET parameter's name, as in SET(v AS T)"); skipLine(); continue; }
      par.loc = peek().loc;
      par.name = next().text;
      par.type = ty;
      par.cls = cls;
      if (acceptWord("AS")) {
        Ty pt = ty;
        if (!typeName(pt)) { skipLine(); continue; }
        if (pt != ty || (pt == Ty::Obj && lastCls_ != cls)) error(par.loc, "the SET parameter of PROPERTY " + name + " must have the property's type");
      }
      if (paren && !expect(Tok::RParen, "')' after the SET parameter")) { skipLine(); continue; }
      p.params.push_back(std::move(par));
    }
    inProc_ = true;
    const char *end = get ? "END GET" : "END SET";
    std::string which = block(p.body, {end});
    inProc_ = wasInProc;
    if (which.empty()) { error(at0, std::string(get ? "GET" : "SET") + " without " + end); break; }
    next();
    next();
    prog_.procs.push_back(std::move(p));
  }
  if (!sawGet && !sawSet) error(loc, "PROPERTY " + name + " has neither GET nor SET");
}

// DESTRUCTOR / END DESTRUCTOR: run by DELETE, the derived class's first, then its base's.
// STATIC DESTRUCTOR: a STATIC method (no ME) run once when main ends.
void Parser::destructorDecl(SourceLoc loc) {
  const bool isStatic = mods_.isStatic;
  if (mods_.isVirtual || mods_.isOverride || mods_.isAbstract || mods_.isFinal || mods_.isPrivate)
    error(loc, "a DESTRUCTOR takes no modifiers");
  mods_ = Mods{};
  mods_.isStatic = isStatic;
  Proc p;
  p.loc = loc;
  asMember(p, isStatic ? kStaticDestructor : "DESTRUCTOR");
  mods_ = Mods{};
  if (accept(Tok::LParen) && !expect(Tok::RParen, "')': a DESTRUCTOR has no parameters")) { skipLine(); return; }
  inProc_ = true;
  std::string which = block(p.body, {"END DESTRUCTOR"});
  inProc_ = false;
  if (which.empty()) { error(loc, "DESTRUCTOR without END DESTRUCTOR"); return; }
  next();
  next();
  prog_.procs.push_back(std::move(p));
}


// INTERFACE Name / SUB and FUNCTION headers (no bodies, no END SUB) / END INTERFACE. The
// members are Procs with `cls` set to the interface; classes implement them by name.
void Parser::interfaceDecl(SourceLoc loc) {
  if (inProc_ || !ns_.empty()) { error(loc, "INTERFACE belongs at the top level"); skipLine(); return; }
  if (!at(Tok::Ident)) { error(peek().loc, "expected a name after INTERFACE"); skipLine(); return; }
  InterfaceDecl d;
  d.loc = loc;
  d.name = next().text;
  for (const InterfaceDecl &o : prog_.interfaces)
    if (o.name == d.name) error(loc, "INTERFACE " + d.name + " is defined twice");
  if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "' after INTERFACE " + d.name); skipLine(); }
  for (;;) {
    while (at(Tok::Newline) || at(Tok::Colon)) next();
    if (at(Tok::Eof) || diags_.full()) { error(loc, "INTERFACE " + d.name + " without END INTERFACE"); break; }
    if (atWord("END") && atWord("INTERFACE", 1)) { next(); next(); break; }
    const SourceLoc at0 = peek().loc;
    if (!atWord("SUB") && !atWord("FUNCTION")) {
      error(at0, "an INTERFACE holds SUB and FUNCTION headers, not '" + peek().text + "'");
      skipLine();
      continue;
    }
    const bool fn = next().text == "FUNCTION";
    Proc p;
    if (!procHeader(fn, at0, p)) continue;
    p.cls = d.name;
    p.method = p.name;
    p.name = d.name + "." + p.method;
    if (p.method == "NEW") error(at0, "an INTERFACE has no constructor");
    bool dup = false;
    for (const Proc &o : d.methods) dup |= o.method == p.method;
    if (dup) error(at0, "INTERFACE " + d.name + " has " + p.method + " twice");
    else d.methods.push_back(std::move(p));
    if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "' after the INTERFACE member"); skipLine(); }
  }
  prog_.interfaces.push_back(std::move(d));
}

} // namespace viper::basic
