// BASIC SUB and FUNCTION definitions: the header (also an INTERFACE member) and the body.
#include "frontends/basic/parser_impl.hpp"

namespace viper::basic {

// The header SUB/FUNCTION name [(params)] [AS type]: also an INTERFACE member's whole text.
bool Parser::procHeader(bool isFunction, SourceLoc loc, Proc &p) {
  p.isFunction = isFunction;
  p.loc = loc;
  if (!at(Tok::Ident)) { error(peek().loc, std::string("expected a name after ") + (isFunction ? "FUNCTION" : "SUB")); skipLine(); return false; }
  p.name = next().text;
  if (p.name.rfind("VIPER.", 0) == 0 || p.name == "VIPER") error(loc, "the Viper namespace is reserved for the runtime");
  p.ns = ns_;
  sawCode_ = true;
  if (!ns_.empty()) p.name = ns_ + "." + p.name;
  p.ret = isFunction ? suffixType(p.name, Ty::Int) : Ty::Void;
  if (accept(Tok::LParen) && !accept(Tok::RParen)) {
    do {
      Param par;
      if (acceptWord("BYREF")) par.byRef = true;
      else acceptWord("BYVAL");
      if (!at(Tok::Ident)) { error(peek().loc, "expected a parameter name"); skipLine(); return false; }
      par.loc = peek().loc;
      par.name = next().text;
      par.type = suffixType(par.name, Ty::Int);
      if (accept(Tok::LParen)) {
        if (!expect(Tok::RParen, "')' after an array parameter's name")) { skipLine(); return false; }
        par.isArray = true;
      }
      if (acceptWord("AS")) {
        if (!typeName(par.type)) { skipLine(); return false; }
        if (par.type == Ty::Obj) par.cls = lastCls_;
        // An array of objects `a() AS C` is passed by reference like any array.
        if (par.type == Ty::Obj && par.byRef && !par.isArray) { error(par.loc, "an object parameter is passed by value (no BYREF)"); skipLine(); return false; }
      }
      p.params.push_back(std::move(par));
    } while (accept(Tok::Comma));
    if (!expect(Tok::RParen, "')' after the parameters")) { skipLine(); return false; }
  }
  if (isFunction && acceptWord("AS")) {
    if (!typeName(p.ret)) { skipLine(); return false; }
    if (p.ret == Ty::Obj) p.retCls = lastCls_;
  }
  return true;
}

void Parser::procedure(bool isFunction, SourceLoc loc) {
  Proc p;
  if (!procHeader(isFunction, loc, p)) return;
  if (!cls_.empty()) {
    asMember(p, p.name);
    if (p.method == "NEW" && isFunction) error(loc, "the constructor NEW is a SUB");
    if (p.isAbstract) {
      // ABSTRACT SUB M(...): a header only; a non-abstract descendant supplies the body.
      if (!atEndOfStatement()) { error(peek().loc, "unexpected '" + peek().text + "' after the ABSTRACT method's header"); skipLine(); }
      prog_.procs.push_back(std::move(p));
      return;
    }
  }
  if (inProc_) error(loc, "a SUB or FUNCTION cannot be defined inside another one");
  const bool outer = inProc_;
  inProc_ = true;
  const char *end = isFunction ? "END FUNCTION" : "END SUB";
  std::string which = block(p.body, {end});
  inProc_ = outer;
  if (which.empty()) error(loc, std::string(isFunction ? "FUNCTION" : "SUB") + " " + p.name + " without " + end);
  else { next(); next(); }
  if (!outer) prog_.procs.push_back(std::move(p));
}

} // namespace viper::basic
