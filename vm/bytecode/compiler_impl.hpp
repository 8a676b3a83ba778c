// Internal: the state of compiling one IL function (compile_function.cpp: layout, slots,
// edges, labels; compile_instr.cpp: one lowering per IL opcode).
#pragma once
#include "bytecode/compiler.hpp"
#include "bytecode/encoding.hpp"
#include "bytecode/parallel_move.hpp"
#include "bytecode/slot_alloc.hpp"
#include "runtime/registry.hpp"
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace viper::bc {

/// Module-wide tables shared by every function: constants, runtime entries, call targets.
class ModuleBuilder {
public:
  explicit ModuleBuilder(const il::Module &m);
  uint32_t constant(Constant c);
  uint32_t intConstant(int64_t v) { return constant({Constant::Kind::Bits, static_cast<uint64_t>(v), {}}); }
  uint32_t runtimeRef(const rt::RuntimeFunction *rf, size_t nargs);
  /// Index of a callable function defined in the module, or -1.
  int32_t functionIndex(const std::string &name) const;

  const il::Module &il;
  Module out;
  std::string error;  ///< first limit hit

private:
  std::map<std::tuple<int, uint64_t, std::string>, uint32_t> constIndex_;
  std::unordered_map<const rt::RuntimeFunction *, uint32_t> rtIndex_;
  std::unordered_map<std::string, int32_t> fnIndex_;
};

class FunctionCompiler {
public:
  FunctionCompiler(ModuleBuilder &mb, uint32_t index);
  /// Compiles the function into mb.out; false (with mb.error set) on a limit.
  bool compile();

private:
  using Label = uint32_t;
  enum class FixKind : uint8_t { Ext, Jump24, SwitchCase, SwitchDefault, Handler };
  struct Fixup { FixKind kind; uint32_t at; uint32_t insnPc; Label label; uint32_t index; };
  struct Stub { Label label; const il::Target *target; uint32_t block, instr; };

  // compile_function.cpp
  void planSlots();
  void planHoisting(SlotRequest &req);
  void emitPrologue();
  static std::optional<std::tuple<int, uint64_t, std::string>> constKey(const il::Value &v);
  Label newLabel();
  void bind(Label l);
  uint32_t pc() const { return static_cast<uint32_t>(code_.size()); }
  void mark(uint32_t block, uint32_t instr);
  uint32_t emit(Insn in);
  void emitFieldAccess(Op op, const il::Value &addr, uint32_t addrSlot, uint32_t a);
  void emitJump(Insn in, Label target);
  /// `forwardEdge`: the jump ends an edge stub whose IL edge goes forward; it jumps back
  /// in the code only because stubs follow the blocks, so it must not spend budget.
  void emitGoto(Label target, bool forwardEdge = false);
  void lowerRotatedCbr(uint32_t header);
  uint32_t slotOf(const il::Value &v) const;
  uint32_t scratch(unsigned k) const { return scratchBase_ + k; }
  void loadInto(uint32_t dst, const il::Value &v);
  uint32_t reg(const il::Value &v, unsigned scratchIdx);
  std::vector<Move> edgeMoves(const il::Target &t) const;
  void emitMoves(const il::Target &t);
  Label edgeLabel(const il::Target &t);
  void emitEdge(const il::Target &t);  ///< moves, then a jump unless the target comes next
  bool resolveFixups();
  void fail(const std::string &msg);

  // compile_instr.cpp
  void lowerInstr(uint32_t b, uint32_t i);
  void lowerCall(const il::Instr &in);
  void lowerCbr(uint32_t b);
  void lowerSwitch(const il::Instr &in);
  void jumpIf(uint32_t b, const il::Value &cond, bool sense, Label target);
  bool isFusedCompare(uint32_t b, uint32_t i) const;
  bool takesReference(uint32_t b, uint32_t i);
  bool rotatesInto(const il::Target &t) const;
  bool inRotatedLoop(uint32_t header, const il::Target &e) const;
  /// The instruction that does this runtime call inline (AGET, LPUSH, ...), if any.
  static std::optional<Op> intrinsicOp(const il::Instr &in);
  /// Object.RefEquals(x, y) / Object.IsNull(x) (as x == null): the two pointers they
  /// compare bit for bit, so the call is an integer equality (EQ, or a fused jump).
  static std::optional<std::pair<il::Value, il::Value>> pointerEquality(const il::Instr &in);

  ModuleBuilder &mb_;
  const il::Function &fn_;
  Function &out_;
  std::vector<uint32_t> &code_;
  uint32_t index_;
  std::vector<int32_t> slot_;        ///< per temp
  std::vector<uint32_t> uses_;       ///< per temp: how many times it is read
  std::vector<bool> zeroOrOne_;      ///< per temp: a compare or trunc1 result (0 or 1)
  std::vector<int32_t> fusedCmp_;    ///< per block: the compare its cbr performs, or -1
  /// Constants used inside loops live in their own slots, loaded once on entry.
  std::map<std::tuple<int, uint64_t, std::string>, uint32_t> hoisted_;
  std::vector<const il::Value *> hoistedValues_;
  uint32_t scratchBase_ = 0;
  uint32_t window_ = 0, maxArgs_ = 0;
  bool usesEh_ = false;
  uint32_t curBlock_ = 0, curInstr_ = 0;
  std::optional<std::pair<uint32_t, uint32_t>> releaseTaken_;  ///< the release_maybe (block, instr) a STSTRT did
  std::vector<int64_t> labelPc_;
  std::vector<Fixup> fixups_;
  std::vector<Stub> stubs_;
  bool failed_ = false;
  uint32_t lastBound_ = UINT32_MAX;  ///< pc of the most recent label (no fusing across it)
  uint32_t lastInsn_ = UINT32_MAX;   ///< pc of the last instruction emitted
};

} // namespace viper::bc
