// Internal: the BASIC lowering (lower.cpp: program, procedures, variables; lower_modvars.cpp:
// module variables; lower_infer.cpp: type inference;
// lower_stmt.cpp: statements; lower_jumps.cpp: EXIT, GOTO, GOSUB, RETURN, TRY;
// lower_expr.cpp: expressions and built-in functions; lower_class.cpp: classes and methods;
// lower_iface.cpp: interfaces, IS/AS; lower_member.cpp: properties, STATIC, ABSTRACT/FINAL,
// destructors; lower_objarray.cpp: arrays of objects; lower_rtclass.cpp: Viper.* runtime
// procedures and classes).
#pragma once
#include "frontends/basic/lower.hpp"
#include "frontends/common/il_builder.hpp"
#include "frontends/common/runtime_lowering.hpp"
#include "frontends/common/try_scopes.hpp"
#include "runtime/registry.hpp"
#include <functional>
#include <map>
#include <set>

namespace viper::basic {

using rt::RtFn;

/// A lowered expression. Strings are `owned` when this code must release them (results
/// of runtime calls) and borrowed otherwise (literals, variables).
struct Val {
  il::Value v;
  Ty ty = Ty::Int;
  bool owned = false;
  bool ok = true;
  std::string cls;         ///< Obj: its class ("" for NOTHING)
};

struct Var {
  Ty ty = Ty::Int;         ///< scalar type, or element type of an array
  il::Value slot;          ///< 8-byte frame slot (the array handle for arrays)
  bool isArray = false;
  il::Value cols;          ///< 2-D arrays: slot holding the second extent (n2 + 1)
  bool isConst = false;
  bool borrowed = false;   ///< an array or BYREF parameter: the caller owns what it holds
  bool module = false;     ///< a module cell (main's variables procedures use, SHARED, STATIC)
  std::string cls;         ///< Obj: its class
};

struct ProcSig {
  std::string ilName;
  Ty ret = Ty::Void;
  std::vector<Ty> params;
  std::vector<bool> arrayParam, byRefParam;
  bool isFunction = false;
  SourceLoc loc;
  std::vector<std::string> paramCls;  ///< Obj parameters: their class
  std::string retCls;
  const Proc *proc = nullptr;         ///< methods: cls, method name, PRIVATE, VIRTUAL
};

/// The signature of procedure `p` under the IL name `ilName` (its parameters' types,
/// classes and passing modes as declared). Shared by SUBs/FUNCTIONs, methods and
/// interface methods.
ProcSig procSigOf(const Proc &p, std::string ilName);

/// A CLASS: id (from 1), fields with their payload offsets (inherited first, from 16).
struct ClassInfo {
  const ClassDecl *decl = nullptr;
  int64_t id = 0;
  std::string base;
  struct Field { std::string name; Ty ty; std::string cls; int64_t offset; bool isPrivate; std::string owner; };
  std::vector<Field> fields;
  int64_t size() const { return 16 + 8 * static_cast<int64_t>(fields.size()); }
};

struct Loop {
  std::string kind;        ///< FOR, DO, WHILE
  uint32_t exit = 0;
  int tryDepth = 0;        ///< TRY blocks open where the loop starts
};

il::Type ilType(Ty t);
/// The runtime array family for a BASIC element type (booleans are stored as 0/1 i64).
fe::ArrayElem arrayElem(Ty t);
/// A FUNCTION's result variable: its name without the NAMESPACE.
std::string resultName(const Proc &p);
/// The type a name's suffix gives ($ STRING, # ! DOUBLE, % & INTEGER), else `fallback`.
Ty suffixOf(const std::string &name, Ty fallback);
/// Whether `pred` holds for a statement in `stmts` or in any body nested in them.
bool anyStmt(const Body &stmts, bool (*pred)(const Stmt &));
/// The hidden index variable of a FOR EACH loop.
std::string eachIndexName(const Stmt &s);

class Lowerer {
public:
  explicit Lowerer(DiagnosticEngine &d) : diags_(d), b_(mod_), temps_(b_) {}
  std::optional<il::Module> run(const Program &prog);

private:
  // lower.cpp
  void error(SourceLoc loc, std::string msg);
  void declareProcs(const Program &prog);
  void collectShared(const Body &body);
  void scanProcs(const Program &prog);
  void declareShared();
  il::Value moduleCell(const std::string &cell, Ty ty, bool isArray, Var &v);
  void lowerFunction(const Proc *proc, const Body &body);
  void collectVars(const Body &body);
  void declareVar(const std::string &name, Ty ty, bool isArray, SourceLoc loc, const std::string &cls = "");
  void collectLabels(const Body &body);
  Ty inferType(const Expr &e);
  std::string inferCls(const Expr &e);

  // lower_class.cpp
  void declareClasses(const Program &prog);
  bool isSubclass(const std::string &c, const std::string &base) const;
  const ClassInfo::Field *findField(const std::string &cls, const std::string &name) const;
  const ProcSig *findMethod(const std::string &cls, const std::string &name) const;
  /// "A.B.C" with A an object variable: loads A and the fields before the last name.
  /// false when the head is not an object variable; `failed` after a reported error.
  bool objPrefix(const std::string &text, SourceLoc loc, Val &obj, std::string &last, bool &failed);
  /// Types of "A.B.C" without emitting code (field, or method result).
  bool pathType(const std::string &text, Ty &ty, std::string &cls);
  size_t staticObjectHead(const std::vector<std::string> &parts);
  Val loadField(const Val &obj, const std::string &name, SourceLoc loc);
  void storeField(const Val &obj, const std::string &name, Val v, SourceLoc loc);
  Val callMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, bool direct = false);
  Val newObject(const Expr &e);
  void deleteStmt(const Stmt &s);
  void emitClassHelpers();
  /// One arm of a dispatcher: objects of class `classId` call `impl`.
  struct DispatchArm {
    std::string className;
    int64_t classId;
    const ProcSig *impl;
  };
  /// A dispatcher function `ilName` with `sig`'s signature: switch on the receiver's class
  /// id to each arm's implementation; every other id calls `fallback` (null: traps) in the
  /// block named `fallbackBlock`. Shared by virtual methods and interface methods.
  void emitDispatcher(const std::string &ilName, const ProcSig &sig, const std::vector<DispatchArm> &arms,
                      const ProcSig *fallback, const std::string &fallbackBlock);
  bool isVirtualMethod(const ProcSig &sig) const;
  std::vector<std::pair<std::string, il::Type>> ilParams(const ProcSig &sig) const;
  /// Virtual call dispatchers (`C.M$v`) to emit at the end: static class and method.
  std::map<std::string, std::pair<std::string, const ProcSig *>> dispatchers_;
  bool lastDirect_ = false;  ///< objPrefix read BASE.M: a call without dispatch
  bool checkObj(const Val &v, const std::string &cls, SourceLoc loc, const char *what);
  bool usedDelete_ = false;
  std::map<std::string, ClassInfo> classes_;

  const ProcSig *methodTarget(const Val &obj, const std::string &name, SourceLoc loc, bool statement, bool direct, ProcSig &disp);

  // lower_member.cpp
  bool checkMemberModifiers(const Proc &p);
  void declareStaticFields(const Program &prog);
  std::map<std::string, std::string> privateStatics_;  ///< PRIVATE STATIC field cells -> their class
  bool staticVisible(const std::string &cell) const;
  std::string abstractMember(const std::string &cls) const;
  bool hasProperty(const std::string &cls, const std::string &name) const;
  Val getProperty(const Val &obj, const std::string &name, SourceLoc loc);
  void setProperty(const Val &obj, const std::string &name, Val v, SourceLoc loc);
  const ProcSig *findStaticMethod(const std::string &name) const;
  bool ownMethod(const std::string &name) const;
  Val callOwnMethod(const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement);
  void emitDestructors(const std::string &cls, il::Value o);
  void runStaticConstructors();
  void runStaticDestructors();
  const rt::RuntimeFunction *stringMemberFn(const std::string &text, bool call);
  const rt::RuntimeFunction *stringMethodFn(const std::string &member, bool call);
  Ty stringMethodType(const std::string &member, bool call);
  Val stringMethod(const Val &s, const std::string &member, const std::vector<ExprP> &args, SourceLoc loc);
  bool stringOfCall(const Expr &e, const ProcSig **sig, Var **arr, std::string &member);
  bool stringOfCallValue(const Expr &e, Val &out);
  bool stringMember(const Expr &e, Val &out);
  bool hasDestructor(const std::string &cls) const;

  // lower_objarray.cpp
  Var *objArrayHead(const std::string &text);
  Val objElement(const Var &v, const Expr &indices);
  void objElementStore(const Var &v, const Expr &target, Val x, SourceLoc loc);
  bool walkMembers(Val &obj, const std::string &path, std::string &last, SourceLoc loc);
  Val objArrayMember(const Var &v, const Expr &e);
  void objArrayMemberStore(const Var &v, const Expr &target, Val x, SourceLoc loc);
  Val memberCall(const Expr &e, bool statement);
  bool memberType(std::string cls, const std::string &path, Ty &ty, std::string &outCls);

  // lower_rtclass.cpp
  static bool isRuntimeClass(const std::string &cls);
  static std::string runtimeClassOf(const rt::RuntimeFunction &fn);
  const rt::RuntimeFunction *runtimeMember(const std::string &cls, const std::string &name);
  Val newRuntimeObject(const Expr &e);
  Val callRuntimeMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement);
  bool runtimeMemberType(const std::string &cls, const std::string &name, Ty &ty, std::string &outCls);

  // lower_collections.cpp
  static const std::string kElementCls;  ///< what List.Get and Map.Get return: a Viper.Core.Box
  std::optional<il::Value> elementArg(const Expr &e, bool consumed, bool &release);
  Val unboxElement(const Val &v, Ty to, SourceLoc loc);
  bool collectionMemberType(const std::string &cls, const std::string &name, Ty &ty, std::string &outCls);
  bool collectionMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out);
  bool listMethod(const Val &l, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out);
  bool listReshape(const Val &l, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out);
  /// Elements this statement owns (List.Pop's result): released by flush().
  std::vector<il::Value> boxTemps_;
  bool mapMethod(const Val &m, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement, Val &out);
  il::Value mapFind(il::Value m, const Expr &k, bool &ok);
  bool arity(const std::string &what, const std::vector<ExprP> &args, size_t n, SourceLoc loc);
  void listEach(const Stmt &s, Var &v, Var &idx, const Var &l);
  void printElement(const Val &e, SourceLoc loc);

  // lower_iface.cpp
  struct IfaceInfo {
    const InterfaceDecl *decl = nullptr;
    std::map<std::string, ProcSig> methods;  ///< by method name; ilName is the dispatcher `I.M$i`
  };
  std::map<std::string, IfaceInfo> ifaces_;
  /// Interface dispatchers to emit at the end: interface and member.
  std::map<std::string, std::pair<std::string, const ProcSig *>> ifaceDispatchers_;
  void declareInterfaces(const Program &prog);
  void checkImplements(const Program &prog);
  bool sameSignature(const ProcSig &a, const ProcSig &b) const;
  /// Some interface the class (or a base) IMPLEMENTS has a member of this name.
  bool implementsMember(const std::string &cls, const std::string &method) const;
  /// The class or one of its bases names the interface in IMPLEMENTS.
  bool implements(const std::string &cls, const std::string &iface) const;
  const ProcSig *findIfaceMethod(const std::string &iface, const std::string &name) const;
  Val callIfaceMethod(const Val &obj, const std::string &name, const std::vector<ExprP> &args, SourceLoc loc, bool statement);
  void emitIfaceHelpers();
  /// obj IS T / obj AS T (T a class or an interface).
  Val rtti(const Expr &e, const Val &a);
  Ty nameType(const std::string &name) const;
  Var *findVar(const std::string &name);
  void ensureOpen();
  void releaseAtExit();

  // lower_stmt.cpp
  void body(const Body &stmts);
  void stmt(const Stmt &s);
  void print(const Stmt &s);
  struct Const { Ty ty = Ty::Int; int64_t i = 0; double f = 0; std::string s; };
  std::optional<Const> fold(const Expr &e, int depth);
  void input(const Stmt &s);
  void let(const Stmt &s);
  bool appendInPlace(const Stmt &s);
  bool tailPassesVar(const Expr &e, const std::string &name);
  bool catches_ = false;  ///< the program has a TRY or an ON ERROR somewhere
  void assign(const Expr &target, Val v, SourceLoc loc);
  void dim(const Stmt &s);
  il::Value resizeObjArray(il::Value old, il::Value len);
  void ifStmt(const Stmt &s);
  void forStmt(const Stmt &s);
  void forEach(const Stmt &s);
  void forLoopBody(const Stmt &s, uint32_t done, uint32_t next);
  void whileStmt(const Stmt &s);
  void doStmt(const Stmt &s);
  void selectStmt(const Stmt &s);
  void exitStmt(const Stmt &s);
  void gotoStmt(const Stmt &s);
  void gosub(const Stmt &s);
  void returnStmt(const Stmt &s);
  void callSub(const Stmt &s);
  void swap(const Stmt &s);
  void tryStmt(const Stmt &s);
  void stmtBody(const Stmt &s);
  void beginOnError(const Body &stmts);
  void finishOnError();
  void onErrorStmt(const Stmt &s);
  void resumeStmt(const Stmt &s);

  // lower_expr.cpp
  Val expr(const Expr &e);
  Val binary(const Expr &e);
  Val binaryStep(const Expr &e, Val a);
  bool mayRunCode(const Expr &e);
  bool constantZero(const Expr &divisor);
  Val unary(const Expr &e);
  Val apply(const Expr &e);
  Val builtin(const Expr &e, bool &handled);
  /// A procedure by the name written at a call: exact, then in the enclosing NAMESPACEs,
  /// then through USING (and aliases); nullptr if none. `qualified` receives the full name.
  const ProcSig *findProc(const std::string &name, std::string *qualified = nullptr);
  /// A Viper.* runtime function by its BASIC (upper-case) name, directly or through USING.
  const rt::RuntimeFunction *findRuntime(const std::string &name);
  /// `receiver`: a string method's object, the runtime function's first argument.
  Val callRuntime(const rt::RuntimeFunction &fn, const std::vector<ExprP> &args, SourceLoc loc, const std::string &name, bool statement,
                  const Val *receiver = nullptr);
  Val callProc(const ProcSig &sig, const std::vector<ExprP> &args, SourceLoc loc, const std::string &name, const il::Value *self = nullptr);
  Val loadVar(const Expr &e);
  il::Value elementIndex(const Var &v, const Expr &e);
  il::Value toInt(const Val &v, SourceLoc loc);
  il::Value toFloat(const Val &v, SourceLoc loc);
  il::Value toBool(const Val &v, SourceLoc loc, const char *what);
  il::Value convert(const Val &v, Ty to, SourceLoc loc, const char *what);
  il::Value use(const Val &v);      ///< a string's value for a borrowing call; owned ones are released at flush()
  il::Value owned(const Val &v);    ///< a reference the callee will consume (retains borrowed strings)
  void flush();                      ///< releases the statement's owned temporaries
  il::Value rt(rt::RtFn name, Ty ret, std::vector<il::Value> args);
  void rtVoid(rt::RtFn name, std::vector<il::Value> args);
  Val bad() { Val v; v.ok = false; v.v = il::Value::integer(0); return v; }

  DiagnosticEngine &diags_;
  il::Module mod_;
  fe::IRBuilder b_;
  fe::StringTemps temps_;
  std::map<std::string, ProcSig> procs_;
  const Program *prog_ = nullptr;
  std::map<std::string, const RecordType *> records_;   ///< TYPEs by name
  std::map<std::string, const RecordType *> recordVars_; ///< this function's record variables and arrays
  bool recordAssign(const Expr &target, const Expr &value, SourceLoc loc);
  struct Shared { Ty ty; bool isArray; SourceLoc loc; bool isConst = false; std::string cls; };
  std::map<std::string, Shared> shared_;   ///< module variables (DIM SHARED, SHARED, main's used by procedures), by name
  /// Names some procedure uses without declaring its own: main's variables of these names
  /// become module cells (the rest stay frame slots, which mem2reg promotes).
  std::set<std::string> procUses_;
  struct ProcScope {
    std::set<std::string> locals;        ///< parameters, the result, DIM (not SHARED), CATCH variables
    std::map<std::string, Shared> statics;
  };
  std::map<std::string, ProcScope> scopes_;
  // Per function being lowered.
  const Proc *proc_ = nullptr;
  std::map<std::string, Var> vars_;
  std::map<std::string, uint32_t> labels_;
  std::vector<Loop> loops_;
  std::set<std::string> forVars_;
  uint32_t exit_ = 0;
  il::Value result_;
  il::Value gosubStack_, gosubDepth_;
  std::vector<uint32_t> gosubReturns_;
  std::vector<uint32_t> returnDispatches_;
  /// ON ERROR GOTO in this function: one handler installed at entry for the whole body;
  /// every statement records its number so RESUME [NEXT] can go back to it (or past it).
  struct OnErr {
    bool active = false;
    uint32_t handler = 0;
    std::vector<uint32_t> starts, nexts;             ///< per statement: its first block, the block after it
    std::vector<uint32_t> targets;                   ///< ON ERROR GOTO targets (handler id k + 1)
    std::vector<std::pair<uint32_t, bool>> resumes;  ///< RESUME (false) / RESUME NEXT (true) dispatch blocks
    int64_t lineNumber = -1;                         ///< the last numbered line lowered (ERL)
    int inCatch = 0;                                 ///< CATCH bodies being lowered (no RESUME targets)
  } onErr_;
  /// TRY blocks open at this point of the lowering; an early exit runs their FINALLYs.
  fe::TryScopes<Body> tries_{b_, [this](const Body &fin) {
                               body(fin);
                               flush();
                               ensureOpen();
                             }};
};

} // namespace viper::basic
