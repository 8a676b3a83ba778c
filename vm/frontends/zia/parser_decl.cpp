// Zia declarations (spec/zia.md §2, §7): the program's top level, namespaces, binds,
// functions, classes/structs/interfaces with their properties and static members, enums.
#include "frontends/zia/parser_impl.hpp"

namespace viper::zia {

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
    } else if (inNs && (at("bind") || at("module"))) {
      error(peek().loc, "'" + peek().text + "' belongs at the top level of a file, not inside namespace '" + ns + "'");
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
      // Step over the token that stopped the declaration: it may be a keyword the loop
      // below stops at (`bind` inside a namespace), which would never be consumed.
      if (p_ == before && !atEof() && !(inNs && at("}"))) next();
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

} // namespace viper::zia
