// The Viper bytecode: instruction set (from opcodes.def), instruction words and a compiled
// module. A module is produced by the compiler (compiler.hpp) from verified IL, checked by
// the bytecode verifier (verify.hpp) and run by the bytecode VM (interpreters/bcvm).
#pragma once
#include "il/module.hpp"
#include "il/types.hpp"
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace viper::rt { struct RuntimeFunction; }

namespace viper::bc {

enum class Op : uint8_t {
#define BC_OP(Name, Format, Flags, Doc) Name,
#include "bytecode/opcodes.def"
#undef BC_OP
};
constexpr unsigned kNumOps = 0
#define BC_OP(Name, Format, Flags, Doc) + 1
#include "bytecode/opcodes.def"
#undef BC_OP
    ;
static_assert(kNumOps <= 256, "an opcode is 8 bits");

enum class Format : uint8_t {
#define BC_FORMAT(Name, A, B, C, Bx, Ext) Name,
#include "bytecode/formats.def"
#undef BC_FORMAT
};

enum class Field : uint8_t { No, Reg, S8, U8 };
enum class BxKind : uint8_t { None, SImm, Const, Slot, Table, Handler, Fault, Jump24, Func, Runtime, Sig };
enum class ExtKind : uint8_t { None, Jump, Slots, Reg16 };

struct FormatInfo {
  Field a, b, c;
  BxKind bx;
  ExtKind ext;
  unsigned words() const { return ext == ExtKind::None ? 1 : 2; }
};

enum OpFlags : uint8_t { WA = 1, END = 2, BR = 4 };

struct OpInfo {
  std::string_view name;
  Format format;
  uint8_t flags;
  std::string_view doc;
};

const OpInfo &opInfo(Op op);
const FormatInfo &formatInfo(Format f);
inline const FormatInfo &formatOf(Op op) { return formatInfo(opInfo(op).format); }

/// Field accessors for an instruction word.
inline Op opOf(uint32_t w) { return static_cast<Op>(w & 0xFF); }
inline uint32_t fieldA(uint32_t w) { return (w >> 8) & 0xFF; }
inline uint32_t fieldB(uint32_t w) { return (w >> 16) & 0xFF; }
inline uint32_t fieldC(uint32_t w) { return w >> 24; }
inline int32_t fieldSB(uint32_t w) { return static_cast<int8_t>((w >> 16) & 0xFF); }
inline int32_t fieldSC(uint32_t w) { return static_cast<int8_t>(w >> 24); }
inline uint32_t fieldBx(uint32_t w) { return w >> 16; }
inline int32_t fieldSBx(uint32_t w) { return static_cast<int16_t>(w >> 16); }
inline int32_t fieldSJ(uint32_t w) { return static_cast<int32_t>(w) >> 8; }

/// Statically known faults (FAULT Bx): operations the compiler can see must trap.
enum class Fault : uint16_t { LoadOpaque, Count };

constexpr uint32_t kNoSlot = 0xFFFF;   ///< "no result" in a call's Slots word
constexpr uint32_t kMaxSlots = 0xFFFF; ///< slots per frame (16-bit slot numbers)
constexpr unsigned kScratch = 4;       ///< per-frame scratch slots, right after the parameters

/// A module constant; the VM turns each into one 64-bit slot when it loads the module
/// (strings and addresses are per VM instance).
struct Constant {
  enum class Kind : uint8_t { Bits, Str, FuncPtr, GlobalAddr, StrGlobal, StrGlobalBytes };
  Kind kind = Kind::Bits;
  uint64_t bits = 0;      ///< Bits: the raw value (i64 or f64); FuncPtr: function index
  std::string text;       ///< Str: bytes; Global*: global name
  bool operator==(const Constant &o) const { return kind == o.kind && bits == o.bits && text == o.text; }
};

/// switch.i32: a dense table (min + offsets) or a sorted case list; offsets are relative
/// to the SWITCH instruction.
struct SwitchTable {
  bool dense = false;
  int64_t min = 0;
  std::vector<int64_t> values;   ///< sparse: sorted case values
  std::vector<int32_t> offsets;  ///< dense: one per value from min; sparse: one per value
  int32_t defaultOffset = 0;
};

/// An eh.push target: the handler block and where the VM puts the error and the token.
struct HandlerDesc {
  uint32_t pc = 0;               ///< absolute pc of the handler block
  uint32_t block = 0;            ///< IL block index
  uint32_t errSlot = 0, tokSlot = 0;
};

/// A call.indirect signature: the callee must have exactly these parameter/return types.
struct IndirectSig {
  il::Signature sig;
  bool checked = false;          ///< false: the call has no [sig]; only the arity is checked
  uint32_t nargs = 0;
};

/// Where a run of bytecode came from: pcs from `pc` up to the next entry belong to IL
/// instruction `instr` of block `block`.
struct PcEntry {
  uint32_t pc = 0;
  uint32_t block = 0;
  uint32_t instr = 0;
};

struct Function {
  std::string name;
  bool defined = false;          ///< false for imported declarations (not callable)
  uint32_t entry = 0, end = 0;   ///< code range [entry, end)
  uint32_t numParams = 0;
  uint32_t frameSize = 0;        ///< slots, including the call window
  uint32_t window = 0;           ///< first slot of the call window
  il::Type ret = il::Type::Void;
  bool reuseSlots = true;        ///< false when the function uses EH (one slot per temp)
  std::vector<PcEntry> pcMap;    ///< sorted by pc
  std::vector<std::vector<uint32_t>> instrPc;  ///< [block][instr] -> first pc (one extra per block: end)
  std::vector<int32_t> tempSlot; ///< IL temp id -> slot (-1 if it has none)
};

struct RuntimeRef {
  const rt::RuntimeFunction *fn = nullptr;
  uint32_t strArgs = 0;          ///< bit i: argument i must be a live string
  uint32_t nargs = 0;
};

struct Module {
  std::vector<uint32_t> code;
  std::vector<Function> functions;  ///< same indices as the IL module's functions
  std::vector<Constant> constants;
  std::vector<SwitchTable> switches;
  std::vector<HandlerDesc> handlers;
  std::vector<IndirectSig> sigs;
  std::vector<RuntimeRef> runtime;
  uint32_t mainIndex = 0;

  /// The function whose code contains `pc`, or nullptr.
  const Function *functionAt(uint32_t pc) const;
  /// The IL (block, instr) that produced the word at `pc` in `f`.
  const PcEntry *origin(const Function &f, uint32_t pc) const;
};

} // namespace viper::bc
