// Internal: Zia syntax tree -> IL with type checking and inference (spec/zia.md §3-6, §9).
// lower.cpp: declarations, functions, classes, scopes; lower_stmt.cpp: statements;
// lower_expr.cpp: operators, names, conversions; lower_call.cpp: calls, runtime
// functions, string and list methods, objects.
#pragma once
#include "frontends/common/il_builder.hpp"
#include "frontends/common/runtime_lowering.hpp"
#include "frontends/common/try_scopes.hpp"
#include "frontends/zia/ast.hpp"
#include "frontends/zia/types.hpp"
#include "support/diag.hpp"
#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace viper::zia {

using rt::RtFn;

// The primitive types the lowering files name most (immutable, shared by all of them).
inline const Type kInt = Type::of(Type::K::Int);
inline const Type kNum = Type::of(Type::K::Num);
inline const Type kBool = Type::of(Type::K::Bool);
inline const Type kStr = Type::of(Type::K::Str);
inline const Type kVoid = Type::of(Type::K::Void);

/// The locals of a function whose slots borrow their values (lower_borrow.cpp): never
/// retained, never released.
struct Borrowed {
  std::unordered_set<std::string> vars;      ///< `var` names
  std::unordered_set<std::string> loopVars;  ///< for-in element variables (over a list)
};
/// `properties`: every property name in the program (reading one calls its getter).
Borrowed borrowedLocals(const FuncDecl &f, const std::unordered_set<std::string> &properties);

/// "1 argument", "2 arguments": for diagnostics.
inline std::string plural(size_t n, const char *w) { return std::to_string(n) + " " + w + (n == 1 ? "" : "s"); }

/// A lowered expression. Owned strings are released at the end of the statement.
struct Val {
  il::Value v;
  Type ty;
  bool owned = false;
  /// A class object, list or map carrying a reference of its own (a new block, a user
  /// function's result): a place may take it instead of retaining (lower_release.cpp).
  bool plus = false;
};

struct Local {
  Type ty;
  il::Value slot;
  bool isFinal = false;
  std::optional<Type> declared;  ///< a narrowed optional (`if x != null`): what assignments take
  bool captured = false;  ///< a lambda's copy of an enclosing variable (assigning it is an error)
};

struct FuncInfo {
  std::string name;  ///< as written
  std::string il;    ///< IL function name
  std::vector<Type> params;
  Type ret = Type::of(Type::K::Void);
  const FuncDecl *decl = nullptr;
  int cls = -1;  ///< method of this class (self is IL parameter 0)
  bool exposed = true;
  bool hasBody = true;  ///< false: an interface method without a default body
  int closure = -1;     ///< a lambda's index in lambdas_ (IL parameter 0 is its environment)
};

struct FieldInfo {
  std::string name;
  Type ty;
  int64_t offset = 0;
  bool exposed = false;
  bool isFinal = false;
  int owner = -1;  ///< the class that declares it (a base class for inherited fields)
  const FieldDecl *decl = nullptr;
};

struct ClassInfo {
  std::string name;
  int64_t id = 0;
  std::vector<FieldInfo> fields;
  std::map<std::string, FuncInfo> methods;  ///< its own (inherited ones: findMethod)
  const ClassDecl *decl = nullptr;
  bool isInterface = false;
  bool isStruct = false;      ///< a value type: copied on assignment, passing, storing
  std::string il;             ///< the prefix of its IL names (`Box__Integer` for `Box[Integer]`)
  std::map<std::string, Type> bindings;  ///< an instance of a generic class: its type arguments
  int base = -1;              ///< `extends`
  std::vector<int> ifaces;    ///< `implements`, as written
  std::vector<int> supers;    ///< every base class (nearest first), then every interface
  int64_t size() const { return 16 + 8 * static_cast<int64_t>(fields.size()); }
  const char *kind() const { return isInterface ? "interface" : isStruct ? "struct" : "class"; }
  const FieldInfo *field(const std::string &n) const {
    for (const auto &f : fields)
      if (f.name == n) return &f;
    return nullptr;
  }
};

struct EnumInfo {
  std::string name;
  std::vector<std::pair<std::string, int64_t>> variants;
  const EnumDecl *decl = nullptr;
  const std::pair<std::string, int64_t> *variant(const std::string &n) const {
    for (const auto &v : variants)
      if (v.first == n) return &v;
    return nullptr;
  }
};

struct GlobalInfo {
  Type ty;
  bool isFinal = false;
  bool ready = false;  ///< its declaration has been lowered (later uses see its type)
};

class Lowerer {
public:
  Lowerer(const Program &p, DiagnosticEngine &d, uint32_t fileId)
      : prog_(p), diags_(d), fileId_(fileId), b_(m_), tempsStore_(b_), tries_(b_, [this](const Body &body) { block(body); }) {}
  std::optional<il::Module> run();

  // Diagnostics and types (lower.cpp)
  void error(SourceLoc loc, std::string msg);
  std::string name(const Type &t) const { return typeName(t, classNames_, &enumNames_); }
  Type resolve(const TypeRef &t);
  static Type errorType() { return Type::of(Type::K::Error); }

private:
  // Classes, inheritance, interfaces, virtual dispatch (lower_class.cpp)
  void declareClasses();
  /// Signatures of class `c`'s own methods (with its type arguments bound).
  void declareMethods(int c);
  // Generic classes (lower_generic_class.cpp): `Box[Integer]` is a class of its own,
  // made the first time a type names it; its methods are lowered with T bound.
  Type instantiateClass(const ClassDecl &d, const TypeRef &t);
  void lowerClassMethods();
  std::map<std::string, const ClassDecl *> genericClasses_;
  size_t classesLowered_ = 0;
  void layoutClass(int c, std::vector<int> &state);
  void checkClass(int c);
  /// The method `m` a value of class `c` runs: its own, a base class's, then an
  /// interface's default body (then an interface's abstract one); null if none.
  const FuncInfo *findMethod(int c, const std::string &m) const;
  const FuncInfo *findClassMethod(int c, const std::string &m) const;
  bool isSubclass(int c, int of) const;
  std::string signatureText(const FuncInfo &f) const;
  /// Calls method `f` (found on static type `cls`) on `self`: a direct call if every
  /// class that value can be runs the same body, else a switch over class ids.
  Val callMethod(int cls, const FuncInfo &f, il::Value self, const std::vector<const Expr *> &args, SourceLoc loc);
  Val superCall(const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc);
  Val isExpr(const Expr &e);
  /// `v is class t` as an i1 (null is no class).
  il::Value classTest(il::Value v, int cls);
  /// A struct is never null (only a `Point?` is).
  bool assignable(const Type &from, const Type &to) const { return !(from.is(Type::K::Null) && isStructType(to)) && zia::assignable(from, to, &supers_); }
  /// The nearest type both classes can be stored as, or Error.
  Type commonClass(const Type &a, const Type &b) const;

  // Structs (lower_struct.cpp): a struct value is a pointer to its own object block;
  // every place that keeps a value (a slot, a field, a list or map element, a parameter,
  // a return value, an interface-typed value) takes a copy.
  bool isStructType(const Type &t) const { return t.is(Type::K::Class) && t.cls >= 0 && classes_[t.cls].isStruct; }
  /// The struct inside `t` (a struct or an optional struct), or -1.
  int structOf(const Type &t) const;
  /// A fresh copy of struct value `v` (null stays null): `@__zia_copy.NAME`.
  il::Value copyStruct(il::Value v, int cls);
  /// A new object of class `c` with its fields at their defaults and initialisers (a
  /// struct field of struct type is a new struct); `given` fields are left to the caller.
  il::Value newObject(int c, const std::vector<std::string> &given = {});
  Val structLiteral(const Expr &e);
  /// `new S(a, b)` for a struct without init: the arguments are the fields in order.
  Val newStructByFields(int c, const Expr &e);
  /// Reports a struct that contains itself (not through an optional).
  void checkStructCycles();
  void lowerStructCopies();

  // Reference counting (lower_release.cpp): class objects, lists, maps and sets held in
  // local slots are released when the slot is overwritten and at the function's exit;
  // freeing one releases its fields or elements. Every other place keeps a reference.
  /// A type whose values are counted blocks we free: classes (not structs or interfaces),
  /// List, Map, Set, and an optional of one of those.
  bool counted(const Type &t) const;
  /// A pointer a place keeps a reference to (retained when stored, maybe never released).
  bool heldPtr(const Type &t) const;
  /// `v` for a place that keeps it: its own reference if `take` and it carries one, else
  /// retained.
  il::Value keepRef(const Val &v, bool take);
  /// box() for a container that keeps the element (a reference element is kept).
  il::Value boxHeld(const Val &v, const Type &elem, SourceLoc loc, bool take = false);
  /// Drops one reference to `v` (of counted type `t`), freeing it at zero.
  void releaseRef(il::Value v, const Type &t);
  /// `v` converted to `c` of type `t`, still carrying `v`'s reference if both are counted.
  Val carried(const Val &v, il::Value c, const Type &t) const {
    return Val{c, t, v.owned, v.plus && counted(t) && counted(v.ty)};
  }
  std::string releaseFn(const Type &t);
  /// New blocks passed as arguments (callArgs): the callee borrows them, retaining what it
  /// keeps; the call's lowering gives them back right after the call (releaseArgRefs).
  std::vector<std::pair<il::Value, Type>> argRefs_;
  std::vector<size_t> argMarks_;
  void releaseArgRefs();
  /// A list the runtime filled with the map's own reference elements (keys(), values())
  /// takes a reference to each, as every list does; returns `l`.
  il::Value retainElements(il::Value l, const Type &et);
  /// Makes slot `s` a borrowed local's: storeTo neither retains into it nor releases it.
  void borrowSlot(il::Value s) {
    forget(s);
    borrowedSlots_.insert(s.id);
  }
  /// Takes slot `s` out of the released ones: what it holds is borrowed (a parameter,
  /// a combinator's list).
  void forget(il::Value s) {
    refSlots_.erase(s.id);
    std::erase_if(refSlotOrder_, [&](const auto &r) { return r.first == s.id; });
  }
  void lowerReleases();
  Borrowed borrowNames_;  ///< borrowedLocals() of the function being lowered
  std::unordered_set<uint32_t> borrowedSlots_;   ///< their slots by temp id (storeTo keeps no reference)
  std::unordered_map<uint32_t, Type> refSlots_;  ///< counted local slots by temp id
  std::vector<std::pair<uint32_t, Type>> refSlotOrder_;
  std::map<std::string, std::pair<std::string, Type>> releaseFns_;  ///< type name -> (IL name, type)
  std::vector<std::string> releaseQueue_;
  bool objReleaseUsed_ = false;

  // Properties (lower_property.cpp): `obj.p` calls `get_p`, `obj.p = v` calls `set_p`.
  /// The accessor `get_p`/`set_p` of property `p` of class `cls` (or a base), or null.
  const FuncInfo *accessor(int cls, const std::string &p, bool get) const;
  /// Whether class `cls` has a property `p` (either accessor).
  bool hasProperty(int cls, const std::string &p) const { return accessor(cls, p, true) || accessor(cls, p, false); }
  Val propertyGet(const Val &obj, const std::string &p, SourceLoc loc);
  /// `target = value` (or `target op= value`) for property `p` of `obj`.
  void propertySet(const Val &obj, const std::string &p, const Stmt &s);

  // Map[K, V] and Set[T] (lower_map.cpp)
  il::Value mapKeys(il::Value m, const Type &kt);
  il::Value mapValues(il::Value m, const Type &vt);
  il::Value newMap();
  /// A key or value as map `mt`'s set row takes it: an Integer key or an Integer/enum/
  /// Boolean/Number value is a word, anything else a box the map keeps (boxHeld).
  il::Value mapElem(const Val &v, const Type &t, bool isKey, SourceLoc loc, bool take);
  void mapPut(il::Value m, const Type &mt, il::Value key, il::Value val);
  Val mapValueAt(il::Value m, il::Value i, const Type &vt);
  Val mapKeyAt(il::Value m, il::Value i, const Type &kt);
  il::Value mapFind(il::Value m, const Type &mt, const Expr &k, bool &ok);
  il::Value copyList(il::Value l, const Type &et);
  Val mapMethod(const Val &mv, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall);
  Val setMethod(const Val &sv, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall);
  Val mapIndex(const Val &mv, const Expr &key, SourceLoc loc);
  Val mapLiteral(const Expr &e, const Type *expected);

  // Generic functions (lower_generic.cpp): one instance per list of type arguments,
  // inferred from the arguments at each call, lowered after the other functions.
  Val genericCall(const FuncInfo &f, const std::vector<const Expr *> &args, SourceLoc loc);
  /// Matches parameter type `p` (as written) against `actual`, binding type parameters.
  bool unify(const TypeRef &p, const Type &actual, std::map<std::string, Type> &b, const std::vector<TypeParam> &tps);
  void lowerGenerics();
  std::map<std::string, Type> typeBindings_;  ///< the type parameters of the instance being lowered
  struct Instance {
    FuncInfo info;
    std::map<std::string, Type> bindings;
  };
  std::map<std::string, Instance> instances_;  ///< by IL name
  std::vector<std::string> instanceQueue_;

  // Lambdas as values and &func (lower_closure.cpp)
  Val lambdaValue(const Expr &e, const Type *expected);
  Val funcRef(const Expr &e, const Type *expected);
  /// Calls closure `clo` of function type `ft` with `args`.
  Val closureCall(const Val &clo, const std::vector<const Expr *> &args, SourceLoc loc);
  /// call.indirect of closure `clo` (type `ft`) with converted arguments `args`.
  Val indirectCall(const Val &clo, const std::vector<il::Value> &args, SourceLoc loc);
  /// While a block lambda's result type is inferred (lambdaValue), each `return` notes its
  /// value's type and location here instead of storing it.
  struct LambdaReturns {
    const Type *want = nullptr;  ///< the result type the context expects, if any
    std::vector<std::pair<Type, SourceLoc>> seen;
  };
  LambdaReturns *lambdaRets_ = nullptr;
  std::optional<Type> blockLambdaResult(const Expr &e, const LambdaReturns &rets, const Type *want);
  /// Lowers the lambdas and function-reference thunks made so far (they may make more).
  void lowerClosures();
  struct Capture {
    std::string name;
    Type ty;
  };
  struct LambdaInfo {
    const Expr *lam = nullptr;      ///< null for a &func thunk
    std::string target;             ///< &func: the IL function it calls
    std::vector<Capture> captures;  ///< copied into the environment at 16 + 8*i
    int selfClass = -1;             ///< captures self (after the others) in a method
    FuncInfo info;
    FuncDecl decl;                  ///< parameter names and location for beginBody
  };
  std::deque<LambdaInfo> lambdas_;
  size_t lambdasDone_ = 0;

  // try/catch/finally and throw (lower_try.cpp)
  void tryStmt(const Stmt &s);
  /// try { lowerBody() } catches finally { *finallyBody } (null: none), at `loc`.
  void tryLowered(const std::function<void()> &lowerBody, const std::vector<Stmt::Catch> &catches,
                  const Body *finallyBody, SourceLoc loc);
  void throwStmt(const Stmt &s);
  Val errMember(const Val &obj, const Expr &e);

  // Enums and match (lower_match.cpp)
  void declareEnums();
  /// `Color.Red` when `e` names a variant of an enum (nullopt if `e` is not `Enum.X`).
  std::optional<Val> enumVariant(const Expr &e);
  void matchStmt(const Stmt &s);
  Val matchExpr(const Expr &e, const Type *expected);
  /// Branches to `yes` (after binding the pattern's names in the current scope) or `no`.
  void testPattern(const Pattern &p, const Val &v, uint32_t yes, uint32_t no);
  /// Checks a pattern against the scrutinee's type; false after reporting.
  bool checkPattern(const Pattern &p, const Type &t, bool topLevel);
  /// Reports a match that can fall through every arm (false then).
  bool checkExhaustive(const std::vector<MatchArm> &arms, const Type &t, SourceLoc loc, bool required);
  std::vector<const Stmt *> exhaustiveMatches_;  ///< match statements that always run an arm

  // Namespaces (lower_namespace.cpp): inside `namespace A.B`, a short name means `A.B.n`,
  // then `A.n`, then `n`; from anywhere, `A.B.n` names it in full.
  std::string curNs() const;
  /// The namespace of the declaration whose signature is being resolved (no function is
  /// being lowered then), or null.
  const std::string *declNs_ = nullptr;
  /// `n` as the current namespace sees it, among the names `has` accepts (else `n`).
  std::string scoped(const std::string &n, const std::function<bool(const std::string &)> &has) const;
  std::string scopedFunc(const std::string &n) const;
  std::string scopedGlobal(const std::string &n) const;
  /// "A.B.n" for the member chain `A.B.n` when its root is not a local, field or global.
  std::optional<std::string> dottedName(const Expr &e);

  // Declarations (lower.cpp)
  void declareFunctions();
  void lowerMain();
  void lowerFunction(const FuncInfo &f);
  void beginBody(const FuncInfo &f);
  void endBody(const FuncInfo &f);
  bool alwaysReturns(const Body &b) const;

  // Scopes (lower.cpp)
  void pushScope() { scopes_.emplace_back(); }
  void popScope() { scopes_.pop_back(); }
  Local *findLocal(const std::string &n);
  /// A new frame slot holding the type's default (declared in the entry block).
  il::Value newSlot(const Type &t);
  Local &declareLocal(const std::string &n, const Type &t, bool isFinal, SourceLoc loc);
  std::vector<std::string> visibleNames() const;
  il::Value globalAddr(const std::string &n, const Type &t);

  // Statements (lower_stmt.cpp)
  void block(const Body &b);
  /// Statements from..end of a block: a `defer` makes the rest a try whose finally is the
  /// deferred body, so it runs on every way out (end, return, break, continue, a throw)
  /// in nesting order with the finally blocks around it.
  void blockFrom(const Body &b, size_t from);
  void stmt(const Stmt &s);
  void varStmt(const Stmt &s);
  void assignStmt(const Stmt &s);
  static const Expr *appendedTo(const Stmt &s, const std::string &n);
  void appendInPlace(il::Value slot, const Expr &tail, SourceLoc loc);
  void ifStmt(const Stmt &s);
  void whileStmt(const Stmt &s);
  void forStmt(const Stmt &s);
  void forInStmt(const Stmt &s);
  void returnStmt(const Stmt &s);
  void ensureOpen();
  /// Stores `v` (already converted to `t`) into a slot, retaining strings.
  void storeTo(il::Value slot, const Type &t, const Val &v, bool take = false);

  // Expressions (lower_expr.cpp)
public:
  Val expr(const Expr &e, const Type *expected = nullptr);
private:
  Val exprInner(const Expr &e, const Type *expected);
  Val binary(const Expr &e);
  Val binaryStep(const Expr &node, Val lhs);
  Val arith(const std::string &op, const Val &l, const Val &r, SourceLoc loc, const Expr *rhsExpr);
  Val compare(const std::string &op, const Val &l, const Val &r, SourceLoc loc);
  Val unary(const Expr &e);
  Val nameExpr(const Expr &e);
  Val interp(const Expr &e);
  Val ternary(const Expr &e, const Type *expected);
  Val asExpr(const Expr &e);
  /// `v` as type `to` (widening Integer -> Number), or an error naming `what`.
  il::Value convert(const Val &v, const Type &to, SourceLoc loc, const std::string &what);
  il::Value notBool(il::Value b);
  /// The type both arms of a conditional share, or Error after reporting.
  Type joinTypes(const Type &a, const Type &b, SourceLoc loc);
  /// Any value as text (spec/zia.md §3): the result is owned unless `v` was a String.
  Val toText(const Val &v, SourceLoc loc);
  il::Value toNum(const Val &v);
  il::Value cond(const Expr &e, const char *what);
  il::Value use(const Val &v) { return temps_->borrow(v.v, v.ty.is(Type::K::Str) && v.owned); }
  /// A string value the caller keeps (a reference of its own: retained if borrowed).
  il::Value keep(const Val &v) { return temps_->consume(v.v, v.owned); }
  void flush() { temps_->release(); }
  Val bad() { return Val{fe::IRBuilder::i64(0), errorType(), false}; }
  Val literalStr(std::string s) { return Val{fe::IRBuilder::str(std::move(s)), Type::of(Type::K::Str), false}; }

  // Calls, methods, objects (lower_call.cpp)
  Val call(const Expr &e);
  Val callUser(const FuncInfo &f, std::optional<il::Value> self, const std::vector<const Expr *> &args, SourceLoc loc);
  std::optional<std::string> runtimeName(const std::string &n) const;
  /// "Viper.Math.Sqrt" for `Viper.Math.Sqrt` or `M.Sqrt` (bind alias); nullopt otherwise.
  std::optional<std::string> qualifiedName(const Expr &e);
  Val callRuntime(const std::string &fn, std::vector<Val> args, SourceLoc loc, const std::string &shown);
  Val methodCall(const Expr &recv, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc,
                 const std::vector<std::string> *names = nullptr);
  Val stringMethod(const Val &s, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall);
  Val listMethod(const Val &l, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc, bool isCall);
  Val member(const Expr &e);
  Val memberOn(const Val &obj, const Expr &e);
  Val methodOn(const Val &obj, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc,
               const std::vector<std::string> *names = nullptr);
  /// Puts named arguments (`f(y: 2, x: 1)`) in parameter order and fills defaults; false
  /// after reporting. `names[k]` names args[k] ("" if positional); may be null.
  bool arrangeArgs(const FuncInfo &f, std::vector<const Expr *> &args, const std::vector<std::string> *names, SourceLoc loc);
  void guardStmt(const Stmt &s);
  // Optionals (lower_optional.cpp)
  /// `a?.m` (args null) or `a?.m(args)`: null when a is null, else the member, optional.
  Val optChain(const Expr &member, const std::vector<const Expr *> *args);
  Val unwrapExpr(const Expr &e);
  Val coalesce(const Expr &node, const Val &lhs);
  /// The value inside a non-null optional `p` (unboxed if boxed).
  Val unwrapValue(il::Value p, const Type &opt);
  /// `v` (of `T`) as a `T?` (boxed if T is not a reference type).
  il::Value wrapOpt(const Val &v, const Type &opt, SourceLoc loc);
  /// Names that condition `c` proves non-null when it is `whenTrue` (`x != null && ...`).
  std::vector<std::string> nonNullNames(const Expr &c, bool whenTrue);
  /// Those names as their inner types in the current scope (the same slots).
  void narrow(const std::vector<std::string> &names);
  // List combinators with a lambda argument (lower_lambda.cpp)
  bool isCombinator(const std::string &m) const;
  Val combinator(const Val &l, const std::string &m, const std::vector<const Expr *> &args, SourceLoc loc);
  /// A loop over the elements of list `l` (element type `et`); `body(i, elem)` lowers one
  /// element's work with its own string temporaries; it may branch to `exit` (which the
  /// loop also reaches when the elements run out).
  void forEachElement(const Val &l, const Type &et, uint32_t exit,
                      const std::function<void(il::Value, const Val &)> &body);
  /// A counted loop `for i in 0..count` in plain IL (a head block whose parameter is the
  /// index, no slots or scopes, so it also serves generated functions such as the release
  /// walks); blocks are named `<tag>_head`, `<tag>_elem`, `<tag>_end`. `body(i)` must
  /// fall through (not terminate its block).
  void forEachIndex(il::Value count, const std::string &tag, const std::function<void(il::Value)> &body);
  bool paramMatches(const Expr &lam, size_t i, const Type &t);
  /// Binds lambda parameter `i` of `lam` to `v` (type `t`) in the current scope.
  bool bindParam(const Expr &lam, size_t i, const Type &t, const Val &v);
  Val index(const Expr &e);
  Val listLiteral(const Expr &e, const Type *expected);
  Val newExpr(const Expr &e);
  il::Value fieldAddr(il::Value obj, const FieldInfo &f);
  bool canSee(int owner, bool exposed) const { return exposed || curClass_ == owner || (curClass_ >= 0 && isSubclass(curClass_, owner)); }
  /// callArgs for `f(a, xs: ...T)`: the arguments past the fixed ones become a new List[T]
  /// (lower_variadic.cpp).
  bool variadicArgs(const FuncInfo &f, const std::vector<const Expr *> &args, SourceLoc loc, std::vector<il::Value> &ilArgs);
  /// Lowers (callUser) or checks the arguments of a call to `f`; false after an error.
  bool callArgs(const FuncInfo &f, const std::vector<const Expr *> &args, SourceLoc loc, std::vector<il::Value> &ilArgs);
public:
  // List elements (lower_list.cpp): the runtime row of an operation for the element
  // type, an element as that row takes it, element i as a value of the element type.
  enum class ListOp { Push, Get, Set, Insert, Has, IndexOf, Remove };
  rt::RtFn listFn(ListOp op, const Type &et);
  il::Value toElem(const Val &v, const Type &et, SourceLoc loc, bool held = false, bool take = false);
  Val listGet(il::Value l, il::Value i, const Type &et);
  il::Value mapSnapshot(il::Value m, const Type &et, bool values);
  il::Value box(const Val &v, const Type &elem, SourceLoc loc);
  Val unbox(il::Value p, const Type &elem);
private:

  const Program &prog_;
  DiagnosticEngine &diags_;
  uint32_t fileId_;
  il::Module m_;
  fe::IRBuilder b_;
  fe::StringTemps tempsStore_;
  /// Where owned temporaries are collected: the statement's, or a branch's own (the right
  /// side of && / ||, a ternary arm), released before that branch joins.
  fe::StringTemps *temps_ = &tempsStore_;

  /// A deque: generic class instances are added while lowering, and references to the
  /// others stay valid.
  std::deque<ClassInfo> classes_;
  std::vector<std::string> classNames_;
  std::vector<EnumInfo> enums_;
  std::vector<std::string> enumNames_;
  std::unordered_map<std::string, int> enumIndex_;
  std::vector<std::vector<int>> supers_;  ///< ClassInfo::supers of each class (for assignable)
  std::unordered_map<std::string, int> classIndex_;
  std::map<std::string, FuncInfo> funcs_;
  std::map<std::string, GlobalInfo> globals_;

  // The function being lowered
  const FuncInfo *fn_ = nullptr;
  int curClass_ = -1;
  il::Value self_;
  uint32_t entry_ = 0, body_ = 0, exit_ = 0;
  std::optional<il::Value> retSlot_;
  std::vector<il::Value> strSlots_;  ///< every string slot: released on the way out
  struct Loop {
    uint32_t brk, cont;
    int tryDepth;  ///< try blocks open outside the loop (an exit leaves the ones inside)
  };
  std::vector<Loop> loops_;
  std::vector<std::vector<std::pair<std::string, Local>>> scopes_;
  fe::TryScopes<Body> tries_;
  struct CatchCtx {
    il::Value kind, code, msgSlot;  ///< the error a catch body handles (for `throw;`)
  };
  std::vector<CatchCtx> catchCtx_;
};

} // namespace viper::zia
