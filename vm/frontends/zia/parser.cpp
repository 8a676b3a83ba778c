// Zia declarations and statements (spec/zia.md §2, §5).
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

Program Parser::program() {
  Program p;
  decls(p, "");
  return p;
}

// Top-level declarations, or those of `namespace ns { ... }` (up to its `}`): a
// declaration inside is named `ns.name` and records `ns` for the lookups in its body.
void Parser::decls(Program &p, const std::string &ns) {
  const bool inNs = !ns.empty();
  while (!atEof() && !stopped() && !(inNs && at("}"))) {
    size_t before = p_;
    bool exposed = false;
    while (at("expose") || at("export") || at("public") || at("hide") || at("private")) {
      exposed = at("expose") || at("export") || at("public");
      next();
    }
    (void)exposed;
    bool nested = false;  // a namespace inside: its decls() named its declarations
    const size_t nFuncs = p.funcs.size(), nClasses = p.classes.size(), nGlobals = p.globals.size(), nEnums = p.enums.size();
    if (!inNs && accept("module")) {
      p.module = expectIdent("a module name");
      expect(";", "after the module name");
    } else if (!inNs && at("bind")) {
      bindDecl(p);
    } else if (at("namespace")) {
      nested = true;
      SourceLoc loc = next().loc;
      std::string name = expectIdent("a namespace name");
      while (!name.empty() && accept(".")) name += "." + expectIdent("a name after '.'");
      if (name == "Viper" || name.rfind("Viper.", 0) == 0) error(loc, "the namespace 'Viper' is reserved for the runtime");
      if (!name.empty() && expect("{", "to open the namespace")) {
        if (!enter(loc)) return;
        decls(p, inNs ? ns + "." + name : name);
        leave();
        expect("}", "to close the namespace");
      }
    } else if (at("func")) {
      FuncDecl f;
      if (funcDecl(f)) p.funcs.push_back(std::move(f));
    } else if (at("class") || at("interface") || at("struct")) {
      classDecl(p);
    } else if (at("enum")) {
      enumDecl(p);
    } else if (at("var") || at("final") || at("let")) {
      bool fin = !at("var");
      next();
      if (StmtP s = varDecl(fin)) p.globals.push_back(std::move(s));
    } else {
      error(peek().loc, "expected a declaration (func, class, struct, var, final, bind), got " + describe(peek()));
    }
    if (inNs && !nested) {
      for (size_t i = nFuncs; i < p.funcs.size(); ++i) {
        p.funcs[i].ns = ns;
        p.funcs[i].name = ns + "." + p.funcs[i].name;
        if (!p.funcs[i].staticOf.empty()) p.funcs[i].staticOf = ns + "." + p.funcs[i].staticOf;
      }
      for (size_t i = nClasses; i < p.classes.size(); ++i) { p.classes[i].ns = ns; p.classes[i].name = ns + "." + p.classes[i].name; }
      for (size_t i = nGlobals; i < p.globals.size(); ++i) p.globals[i]->name = ns + "." + p.globals[i]->name;
      for (size_t i = nEnums; i < p.enums.size(); ++i) p.enums[i].name = ns + "." + p.enums[i].name;
    }
    if (panic_ || p_ == before) {
      if (p_ == before && !panic_) error(peek().loc, "unexpected " + describe(peek()));
      // Recover at the next top-level declaration keyword (or the namespace's end).
      while (!atEof() && !(inNs && at("}")) && !(at("func") || at("class") || at("struct") || at("interface") || at("enum") || at("var") || at("final") || at("bind") || at("namespace"))) next();
      panic_ = false;
    }
  }
}

void Parser::bindDecl(Program &p) {
  Bind b;
  b.loc = next().loc;
  if (peek().kind == Tok::Str) {
    b.isFile = true;
    b.path.push_back(next().text);
  } else {
    b.path.push_back(expectIdent("a namespace after bind"));
    while (accept(".")) b.path.push_back(expectIdent("a name after '.'"));
    if (accept("as")) b.alias = expectIdent("an alias after 'as'");
    if (accept("{")) {
      do {
        if (at("}")) break;
        b.only.push_back(expectIdent("a name in the bind list"));
      } while (accept(","));
      expect("}", "to close the bind list");
    }
  }
  if (expect(";", "after bind")) p.binds.push_back(std::move(b));
}

// `property p: T { get { ... } set(v) { ... } }`: methods `get_p() -> T` and
// `set_p(v: T)` marked as p's accessors (either may be left out).
void Parser::propertyDecl(ClassDecl &c, bool exposed) {
  next();  // property
  std::string name = expectIdent("a property name");
  TypeRef type;
  if (name.empty() || !expect(":", "after the property name") || !typeRef(type) || !expect("{", "to open the property")) return;
  while (!at("}") && !atEof() && !stopped()) {
    const bool isGet = atIdent() && peek().text == "get", isSet = atIdent() && peek().text == "set";
    if (!isGet && !isSet) { error(peek().loc, "expected 'get' or 'set' in property '" + name + "', got " + describe(peek())); return; }
    FuncDecl f;
    f.loc = next().loc;
    f.exposed = exposed;
    f.property = name;
    f.name = (isGet ? "get_" : "set_") + name;
    if (isGet) {
      f.hasRet = true;
      f.ret = type;
    } else {
      Param p;
      if (!expect("(", "after set")) return;
      p.loc = peek().loc;
      p.name = expectIdent("the setter's parameter name");
      p.type = type;
      if (p.name.empty() || !expect(")", "after the setter's parameter")) return;
      f.params.push_back(std::move(p));
    }
    if (!at("{")) { error(peek().loc, "expected '{' to start the body of " + std::string(isGet ? "get" : "set") + ", got " + describe(peek())); return; }
    if (!block(f.body)) return;
    c.methods.push_back(std::move(f));
  }
  expect("}", "to close the property");
}

// `[T, U: Shape]` after a function or class name (nothing if no `[`).
bool Parser::typeParams(std::vector<TypeParam> &out) {
  if (!accept("[")) return true;
  do {
    TypeParam tp;
    tp.loc = peek().loc;
    tp.name = expectIdent("a type parameter name");
    if (tp.name.empty()) return false;
    if (accept(":")) tp.constraint = expectIdent("an interface after ':'");
    out.push_back(std::move(tp));
  } while (accept(","));
  return expect("]", "after the type parameters");
}

bool Parser::funcDecl(FuncDecl &f, bool bodyless) {
  f.loc = next().loc;  // func
  f.name = expectIdent("a function name");
  if (!typeParams(f.typeParams)) return false;
  if (!expect("(", "after the function name")) return false;
  if (!at(")")) {
    do {
      Param prm;
      prm.loc = peek().loc;
      prm.name = expectIdent("a parameter name");
      if (!expect(":", "after the parameter name")) return false;
      if (accept("...")) {  // `xs: ...T` is a List[T] of the remaining arguments
        prm.variadic = true;
        TypeRef elem;
        if (!typeRef(elem)) return false;
        prm.type.name = "List";
        prm.type.loc = elem.loc;
        prm.type.args.push_back(std::move(elem));
      } else if (!typeRef(prm.type)) {
        return false;
      }
      if (!f.params.empty() && f.params.back().variadic) {
        error(f.params.back().loc, "only the last parameter can be variadic (...T)");
        return false;
      }
      if (accept("=")) {
        prm.def = expr();
        if (!prm.def) return false;
      }
      f.params.push_back(std::move(prm));
    } while (accept(","));
  }
  if (!expect(")", "after the parameters")) return false;
  if (accept("->")) {
    f.hasRet = true;
    if (!typeRef(f.ret)) return false;
  }
  if (at("=") && !bodyless) {  // func f(x: Integer) -> Integer = x * 2;
    auto r = std::make_unique<Stmt>();
    r->kind = Stmt::K::Return;
    r->loc = next().loc;
    r->value = expr();
    if (!r->value || !expect(";", "after the function's expression")) return false;
    if (!f.hasRet) r->kind = Stmt::K::Expr;
    f.body.push_back(std::move(r));
    return !stopped();
  }
  if (bodyless && accept(";")) {
    f.hasBody = false;
    return true;
  }
  if (!at("{")) {
    error(peek().loc, "expected '{' to start the body of '" + f.name + "', got " + describe(peek()));
    return false;
  }
  return block(f.body) && !stopped();
}

void Parser::classDecl(Program &p) {
  ClassDecl c;
  c.isInterface = at("interface");
  c.isStruct = at("struct");
  c.loc = next().loc;
  c.name = expectIdent(c.isInterface ? "an interface name" : c.isStruct ? "a struct name" : "a class name");
  if (!c.isInterface && !typeParams(c.typeParams)) return;
  if (!c.isInterface && !c.isStruct && accept("extends")) {
    c.baseLoc = peek().loc;
    c.base = expectIdent("a base class name after 'extends'");
  }
  if (c.isStruct && at("extends")) {
    error(peek().loc, "struct '" + c.name + "' cannot extend another type (structs have no inheritance)");
    return;
  }
  if (!c.isInterface && accept("implements")) {
    do {
      c.interfaceLocs.push_back(peek().loc);
      c.interfaces.push_back(expectIdent("an interface name after 'implements'"));
    } while (accept(","));
  }
  const char *what = c.isInterface ? "interface" : c.isStruct ? "struct" : "class";
  if (!expect("{", c.isInterface ? "to open the interface body" : c.isStruct ? "to open the struct body" : "to open the class body")) return;
  while (!at("}") && !atEof() && !stopped()) {
    size_t before = p_;
    // Interface and struct members are public unless hidden.
    bool exposed = c.isInterface || c.isStruct, isOverride = false;
    bool isStatic = false;
    while (at("expose") || at("export") || at("public") || at("hide") || at("private") || at("override") || at("static")) {
      if (at("override")) isOverride = true;
      else if (at("static")) isStatic = true;
      else exposed = at("expose") || at("export") || at("public");
      next();
    }
    if (isStatic && c.isInterface) error(peek().loc, "an interface cannot have static members");
    const size_t nMethods = c.methods.size(), nFields = c.fields.size();
    if (at("func")) {
      FuncDecl f;
      f.exposed = exposed;
      f.isOverride = isOverride;
      if (funcDecl(f, c.isInterface)) c.methods.push_back(std::move(f));
    } else if (at("property") && !c.isInterface) {
      propertyDecl(c, exposed);
    } else if (c.isInterface) {
      error(peek().loc, "expected a method in interface '" + c.name + "', got " + describe(peek()));
    } else if (at("var") || at("final") || at("let")) {
      FieldDecl fd;
      fd.isFinal = !at("var");
      next();
      fd.exposed = exposed;
      fd.loc = peek().loc;
      fd.name = expectIdent("a field name");
      if (isStatic && at("=")) {  // `static final PI = 3.14;`: typed by its value
        next();
        fd.init = expr();
        if (fd.init && expect(";", "after the field")) c.fields.push_back(std::move(fd));
      } else if (expect(":", "after the field name") && typeRef(fd.type)) {
        if (accept("=")) fd.init = expr();
        if (expect(";", "after the field")) c.fields.push_back(std::move(fd));
      }
    } else if ((atIdent() && (atIdent(1) || at("[", 1) || at("?", 1))) || at("(")) {
      // `Integer count;` (the type first)
      FieldDecl fd;
      fd.exposed = exposed;
      if (typeRef(fd.type)) {
        fd.loc = peek().loc;
        fd.name = expectIdent("a field name");
        if (accept("=")) fd.init = expr();
        if (expect(";", "after the field")) c.fields.push_back(std::move(fd));
      }
    } else {
      error(peek().loc, std::string("expected a field or method in ") + what + " '" + c.name + "', got " + describe(peek()));
    }
    if (isStatic) {
      // A static method is a function `C.m` and a static field a global `C.f`: they
      // belong to the class's name, not to its objects (lower_namespace.cpp looks
      // them up by their short names inside the class).
      for (size_t i = nMethods; i < c.methods.size(); ++i) {
        FuncDecl f = std::move(c.methods[i]);
        f.staticOf = c.name;
        f.name = c.name + "." + f.name;
        p.funcs.push_back(std::move(f));
      }
      c.methods.resize(nMethods);
      for (size_t i = nFields; i < c.fields.size(); ++i) {
        FieldDecl &fd = c.fields[i];
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::K::Var;
        s->loc = fd.loc;
        s->name = c.name + "." + fd.name;
        s->hasType = !fd.type.name.empty();
        s->type = fd.type;
        s->value = std::move(fd.init);
        s->isFinal = fd.isFinal;
        p.globals.push_back(std::move(s));
      }
      c.fields.resize(nFields);
    }
    if (panic_ || p_ == before) {
      if (p_ == before) next();
      sync();
    }
  }
  expect("}", c.isInterface ? "to close the interface body" : c.isStruct ? "to close the struct body" : "to close the class body");
  p.classes.push_back(std::move(c));
}

void Parser::enumDecl(Program &p) {
  EnumDecl e;
  e.loc = next().loc;
  e.name = expectIdent("an enum name");
  if (!expect("{", "to open the enum body")) return;
  int64_t nextValue = 0;
  while (!at("}") && !atEof() && !stopped()) {
    EnumDecl::Variant v;
    v.loc = peek().loc;
    v.name = expectIdent("a variant name");
    if (v.name.empty()) break;
    v.value = nextValue;
    if (accept("=")) {
      bool neg = accept("-");
      if (peek().kind != Tok::Int) { error(peek().loc, "expected an integer value for variant '" + v.name + "', got " + describe(peek())); break; }
      int64_t x = next().ival;
      if (neg && x == INT64_MIN) { error(v.loc, "variant value out of range"); break; }
      v.value = neg ? -x : x;
    }
    if (v.value == INT64_MAX && (at(",", 0) && atIdent(1))) { error(v.loc, "the next variant's value would not fit in Integer"); break; }
    nextValue = v.value == INT64_MAX ? v.value : v.value + 1;
    e.variants.push_back(std::move(v));
    if (!accept(",")) break;
  }
  if (!expect("}", "to close the enum body")) return;
  accept(";");
  p.enums.push_back(std::move(e));
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
