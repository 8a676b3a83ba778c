// The BASIC syntax tree: what the parser produces and the lowering consumes.
#pragma once
#include "frontends/common/left_spine.hpp"
#include "frontends/basic/lexer.hpp"
#include <memory>
#include <string>
#include <vector>

namespace viper::basic {

/// BASIC value types (spec/basic.md §2).
enum class Ty : uint8_t { Int, Float, Str, Bool, Void, Obj };  ///< Obj: a CLASS reference (its class by name beside it)
const char *tyName(Ty t);

struct Expr;
using ExprP = std::unique_ptr<Expr>;

struct Expr {
  /// New: NEW text(args); Member: obj.text(args), a method call on an array element `a(i).M(...)`
  enum class K : uint8_t { Int, Float, Str, Bool, Name, Apply, Unary, Binary, New, Member };
  K kind = K::Int;
  SourceLoc loc;
  int64_t ival = 0;
  double fval = 0;
  std::string text;       ///< Str: bytes; Name/Apply: upper-case name; Unary/Binary: operator spelling
  std::vector<ExprP> args;  ///< Apply: arguments or indices; Unary: 1; Binary: 2; Member: the call's arguments
  ExprP obj;                ///< Member: the object (an array element or call, Apply; or a Member); ival 1: with (args)

  Expr() = default;
  Expr(const Expr &) = delete;
  Expr &operator=(const Expr &) = delete;
  /// Frees the subtree with a loop: a left-deep chain (1+1+...+1, 100,000 terms) would
  /// otherwise recurse once per node.
  ~Expr() {
    if (obj) args.push_back(std::move(obj));
    if (args.empty()) return;
    std::vector<ExprP> stack = std::move(args);
    while (!stack.empty()) {
      ExprP x = std::move(stack.back());
      stack.pop_back();
      if (!x) continue;
      for (auto &a : x->args) stack.push_back(std::move(a));
      x->args.clear();
      if (x->obj) stack.push_back(std::move(x->obj));
    }
  }
};

using LeftSpine = fe::LeftSpine<Expr>;
using fe::leftSpine;

struct Stmt;
using StmtP = std::unique_ptr<Stmt>;
using Body = std::vector<StmtP>;

struct CaseArm {
  struct Item {
    enum class K : uint8_t { Value, Range, Is } kind = K::Value;
    std::string relop;    ///< Is: "=", "<>", "<", "<=", ">", ">="
    ExprP a, b;
  };
  std::vector<Item> items;  ///< empty: CASE ELSE
  Body body;
  SourceLoc loc;
};

struct DimDecl {
  std::string name;
  SourceLoc loc;
  std::vector<ExprP> dims;  ///< empty for a scalar
  bool hasType = false;
  Ty type = Ty::Int;
  std::string record;       ///< AS a TYPE name (then `type` is unused)
  std::string cls;          ///< AS a CLASS name (type is Obj)
};

/// TYPE ... END TYPE: a record of scalar fields. A record variable is its fields, each a
/// variable named `VAR.FIELD` (an array of records: one array per field).
struct RecordType {
  std::string name;
  std::vector<std::pair<std::string, Ty>> fields;
  SourceLoc loc;
};

struct Stmt {
  enum class K : uint8_t {
    Print, Input, LineInput, Let, Dim, Redim, If, For, While, Do, Exit, Select, Goto, Gosub, Return,
    End, CallSub, Const, Swap, Randomize, Cls, Sleep, Nop, Label, Try, OnError, Resume, Delete
  };
  K kind = K::Nop;
  SourceLoc loc;
  // Print: items with separators (';' ',' or '\0' after the last item).
  std::vector<ExprP> items;
  std::vector<char> seps;
  // Let / Swap / Input targets; Let / Const / Randomize / Sleep / Return values.
  ExprP target, value;
  std::vector<ExprP> targets;
  std::string prompt;
  bool hasPrompt = false;
  // Dim / Redim
  std::vector<DimDecl> decls;
  bool preserve = false;
  bool shared = false;      ///< DIM SHARED / SHARED: module variables every procedure sees
  bool isStatic = false;    ///< STATIC in a procedure: a local whose value is kept across calls
  // If: arms (condition + body), then the ELSE body.
  std::vector<std::pair<ExprP, Body>> arms;
  Body elseBody;
  bool hasElse = false;
  // For: variable, bounds, step; While / Do: condition.
  std::string var;
  ExprP from, to, step, cond;
  Body body;
  enum class DoTest : uint8_t { None, PreWhile, PreUntil, PostWhile, PostUntil } doTest = DoTest::None;
  // Exit: FOR / DO / WHILE / SUB / FUNCTION; Goto / Gosub / Label: label name; CallSub / Const: name;
  // OnError: the handler's label ("0": none); Resume: "" (RESUME), "NEXT", or a label.
  std::string word;
  // Try: body, CATCH body in elseBody (hasElse), optional CATCH variable in var, FINALLY.
  Body finallyBody;
  bool hasFinally = false;
  SourceLoc endLoc;         ///< Try: where END TRY is
  // Select
  ExprP selector;
  std::vector<CaseArm> cases;
};

/// The method name of a class's STATIC SUB NEW (not a valid BASIC name, so no clash).
inline constexpr const char *kStaticNew = "#STATIC_NEW";
inline constexpr const char *kStaticDestructor = "#STATIC_DESTRUCTOR";

struct Param {
  std::string name;
  Ty type = Ty::Int;
  bool isArray = false;   ///< `a()`: the caller's array, by reference
  bool byRef = false;     ///< BYREF: the caller's variable itself
  std::string cls;        ///< AS a CLASS (type Obj)
  SourceLoc loc;
};

struct Proc {
  bool isFunction = false;
  std::string name;       ///< qualified with its NAMESPACE (`A.B.NAME`)
  std::string ns;         ///< the NAMESPACE it is in ("" at file scope)
  Ty ret = Ty::Void;
  std::string retCls;     ///< a FUNCTION ... AS ClassName
  std::vector<Param> params;
  Body body;
  SourceLoc loc;
  std::string cls;        ///< a method of this CLASS (hidden first parameter ME); NEW is the constructor
  std::string method;     ///< the method's own name
  bool isPrivate = false;
  bool isVirtual = false, isOverride = false;
  bool isStatic = false;  ///< STATIC method: no ME, called as CLASS.METHOD(...)
  bool isAbstract = false, isFinal = false;  ///< ABSTRACT: no body; FINAL: no OVERRIDE below
  std::string propName;   ///< a PROPERTY accessor (GET_NAME, SET_NAME): the property; a GET's result variable
};

/// CLASS Name ... END CLASS: fields (8 bytes each from payload offset 16) and methods
/// (Procs with `cls` set, named CLASS.METHOD).
struct ClassDecl {
  std::string name;
  struct Field { std::string name; Ty type = Ty::Int; std::string cls; bool isPrivate = false; bool isStatic = false; SourceLoc loc; };
  std::vector<Field> fields;
  std::string base;       ///< CLASS B : A (step 2)
  std::vector<std::pair<std::string, SourceLoc>> implements;  ///< IMPLEMENTS I, J
  bool isAbstract = false;  ///< ABSTRACT CLASS: no NEW (also a class with an ABSTRACT method not overridden)
  bool isFinal = false;     ///< FINAL CLASS: no class derives from it
  SourceLoc loc;
};

/// INTERFACE Name ... END INTERFACE: method headers (Procs without bodies, `cls` the
/// interface, named INTERFACE.METHOD).
struct InterfaceDecl {
  std::string name;
  std::vector<Proc> methods;
  SourceLoc loc;
};

struct Program {
  Body main;
  std::vector<InterfaceDecl> interfaces;
  std::vector<RecordType> records;
  std::vector<ClassDecl> classes;
  /// USING N (alias "") and USING A = N, in order; names upper-case.
  struct Using { std::string alias, ns; SourceLoc loc; };
  std::vector<Using> usings;
  std::vector<Proc> procs;
};

} // namespace viper::basic
