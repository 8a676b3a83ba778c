// The in-memory model of a Viper IL module (spec/il.md §2, §5).
//
// Names are resolved by the parser: a temp operand carries its per-function id, a branch
// target its block index. Later stages (verifier, interpreters, bytecode compiler) never
// look a name up again.
#pragma once
#include "il/opcodes.hpp"
#include "il/types.hpp"
#include "support/source.hpp"
#include <cstdint>
#include <string>
#include <vector>

namespace viper::il {

enum class ValueKind : uint8_t {
  Temp,   ///< %name: an SSA value; `id` indexes Function::temps
  Int,    ///< integer literal (typed by context; i64 by default)
  Bool,   ///< true/false
  Float,  ///< float literal
  Null,   ///< null
  Str,    ///< inline "string" literal: a str constant
  Global  ///< @name used as a value: a function pointer, or a global for *addr ops
};

struct Value {
  ValueKind kind = ValueKind::Int;
  uint32_t id = 0;     ///< Temp id
  int64_t i = 0;       ///< Int / Bool
  double f = 0;        ///< Float
  std::string s;       ///< Str bytes or Global name
  SourceLoc loc;       ///< where the operand is written in the IL text

  static Value temp(uint32_t id) { Value v; v.kind = ValueKind::Temp; v.id = id; return v; }
  static Value integer(int64_t x) { Value v; v.kind = ValueKind::Int; v.i = x; return v; }
  static Value boolean(bool b) { Value v; v.kind = ValueKind::Bool; v.i = b; return v; }
  static Value real(double x) { Value v; v.kind = ValueKind::Float; v.f = x; return v; }
  static Value null() { Value v; v.kind = ValueKind::Null; return v; }
  static Value str(std::string s) { Value v; v.kind = ValueKind::Str; v.s = std::move(s); return v; }
  static Value global(std::string name) { Value v; v.kind = ValueKind::Global; v.s = std::move(name); return v; }
};

/// A branch target with its arguments (br, cbr, switch.i32, resume.label, eh.push).
struct Target {
  std::string label;
  int32_t block = -1;
  std::vector<Value> args;
  SourceLoc loc;
};

// Members are ordered to leave no padding: a BASIC line becomes several instructions and
// the instruction list is most of a big compile's memory.
struct Signature {
  std::vector<Type> params;
  Type ret = Type::Void;
  bool variadic = false;
};

struct Instr {
  int32_t result = -1;          ///< temp id of the result, -1 if none
  Opcode op = Opcode::Trap;
  Type type = Type::I64;        ///< result / instruction type (T in the opcode table)
  Type memType = Type::I64;     ///< the type word of load/store/select
  bool typeAnnotated = false;   ///< written as %r:T
  std::vector<Value> operands;
  std::vector<Target> targets;  ///< switch: default first, then one per case
  std::vector<int64_t> caseValues;
  std::string callee;           ///< call: function name
  Signature indirectSig;        ///< call.indirect [R(P...)]
  std::vector<std::string> attrs;
  SourceLoc loc;                ///< source location from the last .loc (0 if none)
  SourceLoc textLoc;            ///< where the instruction is written in the IL file
  bool hasIndirectSig = false;
};

struct Param {
  std::string name;
  Type type = Type::I64;
  uint32_t temp = 0;            ///< temp id
  SourceLoc loc;
};

struct Block {
  std::string label;
  std::vector<Param> params;
  std::vector<Instr> instrs;
  bool handlerPrefix = false;   ///< written as `handler ^X(...)`
  SourceLoc loc;
  /// A handler block begins with eh.entry (spec/il.md §8).
  bool isHandler() const { return !instrs.empty() && instrs.front().op == Opcode::EhEntry; }
};

enum class Linkage : uint8_t { Internal, Export, Import };

struct TempInfo {
  std::string name;
  Type type = Type::I64;
  bool defined = false;
};

struct Function {
  std::string name;
  Linkage linkage = Linkage::Internal;
  Signature sig;
  std::vector<Param> params;
  std::vector<std::string> attrs;
  std::vector<Block> blocks;
  std::vector<TempInfo> temps;  ///< indexed by temp id
  SourceLoc loc;
};

struct Extern {
  std::string name;
  Signature sig;
  std::vector<std::string> attrs;
  SourceLoc loc;
};

struct Global {
  std::string name;
  Linkage linkage = Linkage::Internal;
  bool isConst = false;
  Type type = Type::I64;
  bool hasInit = false;
  Value init;                   ///< Int/Bool/Float/Null, or Str for str globals
  SourceLoc loc;
};

struct Module {
  std::string version = "0.3.0";
  std::string target;
  bool hasTarget = false;
  std::vector<Extern> externs;
  std::vector<Global> globals;
  std::vector<Function> functions;

  const Function *findFunction(std::string_view name) const;
  const Extern *findExtern(std::string_view name) const;
  const Global *findGlobal(std::string_view name) const;
};

} // namespace viper::il
