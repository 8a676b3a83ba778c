// The Zia syntax tree (spec/zia.md §2, §4, §5): what the parser builds and lowering reads.
#pragma once
#include "frontends/common/left_spine.hpp"
#include "support/source.hpp"
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace viper::zia {

/// A type as written: `Integer`, `List[String]`, `Counter`.
struct TypeRef {
  std::string name;
  std::vector<TypeRef> args;
  SourceLoc loc;
};

struct Expr;
using ExprP = std::unique_ptr<Expr>;
struct Stmt;
using StmtP = std::unique_ptr<Stmt>;
using Body = std::vector<StmtP>;

/// A match pattern (spec/zia.md §7 match).
struct Pattern {
  enum class K : uint8_t {
    Wild,   ///< _
    Bind,   ///< name
    Lit,    ///< value (a literal or an enum variant `Color.Red`)
    Range,  ///< value .. hi / value ..= hi
    Or,     ///< subs[0] | subs[1] | ...
    Some,   ///< Some(subs[0])
    None,   ///< None
  };
  K kind = K::Wild;
  SourceLoc loc;
  std::string name;
  ExprP value, hi;
  bool inclusive = false;
  std::vector<Pattern> subs;
};

struct MatchArm {
  Pattern pat;
  ExprP guard;  ///< `if cond`, may be null
  ExprP value;  ///< a match expression's arm
  Body body;    ///< a match statement's arm
  SourceLoc loc;
};

struct Expr {
  enum class K : uint8_t {
    Int, Num, Str, Interp, Bool, Null, Self, Name,
    Unary,    ///< op args[0]
    Binary,   ///< args[0] op args[1] (also `..`, `..=`, `&&`, `||`)
    Call,     ///< args[0](args[1..]); args[0] is a Name or Member
    Member,   ///< args[0].name
    Index,    ///< args[0][args[1]]
    List,     ///< [args...]
    New,      ///< new type(args...)
    As,       ///< args[0] as type
    Ternary,  ///< args[0] ? args[1] : args[2]
    Lambda,   ///< (params) => args[0] or => { lamBody }; params in `pieces`, their types in `paramTypes`
    Super,    ///< `super` (only as `super.m(...)` or `super(...)`)
    Is,       ///< args[0] is type
    Match,    ///< match args[0] { arms }
    Unwrap,   ///< args[0]!
    MapLit,   ///< {k0: v0, k1: v1, ...}: keys and values alternate in args
    FuncRef,  ///< &name
    StructLit,  ///< name { argNames[i] = args[i], ... }; argLocs: where each field is named
  };
  K kind = K::Int;
  SourceLoc loc;
  std::string op;    ///< Unary/Binary operator; Member: "?." for optional chaining
  std::string name;  ///< Name, Member; Str: the bytes
  int64_t ival = 0;
  double fval = 0;
  std::vector<ExprP> args;
  /// Interp: literal pieces and expressions alternate as written; isExpr says which.
  std::vector<std::string> pieces;
  std::vector<bool> pieceIsExpr;  ///< Interp: piece i is args[k] (the k-th expression) or pieces[i]
  TypeRef type;                   ///< New, As
  std::vector<TypeRef> paramTypes;  ///< Lambda: a parameter's type, or an empty name if inferred
  std::vector<std::string> argNames;  ///< Call: the name of each argument (`f(x: 1)`), "" if positional
  std::vector<SourceLoc> argLocs;     ///< StructLit: where each field is named
  std::vector<MatchArm> arms;       ///< Match
  bool blockBody = false;           ///< Lambda: `=> { statements }` (in lamBody; args empty)
  Body lamBody;

  Expr() = default;
  Expr(K k, SourceLoc l) : kind(k), loc(l) {}
  /// Frees a left-deep chain (`1+1+...+1`, 100,000 terms) with a loop, not recursion.
  ~Expr();
};

using LeftSpine = fe::LeftSpine<Expr>;
using fe::leftSpine;

struct Stmt {
  enum class K : uint8_t { Var, Assign, Expr, If, While, For, ForIn, Break, Continue, Return, Block, Match, Try, Throw, Guard, Defer };
  K kind = K::Expr;
  SourceLoc loc;
  // Var: name, hasType/type, value (may be null), isFinal
  std::string name, name2;  ///< ForIn: the variable(s): `for x in` or `for i, x in`
  bool hasType = false, isFinal = false;
  TypeRef type;
  std::string op;  ///< Assign: "=", "+=", ...
  ExprP target, value, cond;
  StmtP init, update;  ///< For
  Body body, elseBody;
  std::vector<MatchArm> arms;  ///< Match: `match value { arms }`
  /// Try: `try { body } catch (name: type) { ... } ... finally { elseBody }`; Throw: value
  /// (null for a rethrow `throw;`).
  struct Catch {
    std::string name, type;  ///< either may be empty (`catch { }`, `catch (e)`)
    SourceLoc loc, typeLoc;
    Body body;
  };
  std::vector<Catch> catches;
  bool hasFinally = false;
};

inline Expr::~Expr() {
  std::vector<ExprP> stack;
  for (auto &a : args) stack.push_back(std::move(a));
  while (!stack.empty()) {
    ExprP e = std::move(stack.back());
    stack.pop_back();
    if (!e) continue;
    for (auto &a : e->args) stack.push_back(std::move(a));
  }
}

struct Param {
  std::string name;
  TypeRef type;
  SourceLoc loc;
  ExprP def;  ///< a default value (`y: Integer = 10`), may be null
  bool variadic = false;  ///< `xs: ...T`: the rest of the arguments as a List[T] (type is List[T])
};

struct TypeParam {
  std::string name;
  std::string constraint;  ///< `T: Shape` ("" if none)
  SourceLoc loc;
};

struct FuncDecl {
  std::string name;
  std::vector<TypeParam> typeParams;  ///< `func id[T](x: T) -> T`
  std::vector<Param> params;
  bool hasRet = false;
  TypeRef ret;
  Body body;
  bool exposed = false;
  bool isOverride = false;
  bool hasBody = true;  ///< false: an interface method without a default body
  std::string ns;       ///< the namespace it is declared in (`A.B`; name is then `A.B.f`)
  std::string property;  ///< an accessor (`get_p`/`set_p`) of this property, else ""
  std::string staticOf;  ///< a static method of this class (then named `Class.m`), else ""
  SourceLoc loc;
};

struct FieldDecl {
  std::string name;
  TypeRef type;
  ExprP init;
  bool exposed = false;
  bool isFinal = false;
  SourceLoc loc;
};

struct ClassDecl {
  std::string name;
  bool isInterface = false;
  bool isStruct = false;                ///< `struct`: a value type (copied on assignment)
  std::string base;                     ///< `extends Base` ("" if none)
  SourceLoc baseLoc;
  std::vector<std::string> interfaces;  ///< `implements A, B`
  std::vector<SourceLoc> interfaceLocs;
  std::vector<FieldDecl> fields;
  std::vector<FuncDecl> methods;  ///< `init` included
  std::string ns;                 ///< the namespace it is declared in (name is then `ns.Name`)
  std::vector<TypeParam> typeParams;  ///< `class Box[T]`: a generic class (instantiated per use)
  SourceLoc loc;
};

struct EnumDecl {
  struct Variant {
    std::string name;
    int64_t value = 0;
    SourceLoc loc;
  };
  std::string name;
  std::vector<Variant> variants;
  SourceLoc loc;
};

struct Bind {
  std::vector<std::string> path;  ///< Viper.Terminal
  std::string alias;              ///< `as M`
  std::vector<std::string> only;  ///< `{ Say, SayInt }`
  bool isFile = false;
  SourceLoc loc;
};

struct Program {
  std::string module = "Main";
  std::vector<Bind> binds;
  std::vector<FuncDecl> funcs;
  std::vector<ClassDecl> classes;  ///< classes and interfaces, in declaration order
  std::vector<StmtP> globals;  ///< Var statements, in order
  std::vector<EnumDecl> enums;
};

} // namespace viper::zia
