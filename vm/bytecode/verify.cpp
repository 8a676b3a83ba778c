#include "bytecode/verify.hpp"
#include "bytecode/encoding.hpp"
#include <string>

namespace viper::bc {

namespace {

class FunctionVerifier {
public:
  FunctionVerifier(const Module &m, const Function &f) : m_(m), f_(f) {}

  bool run() {
    if (f_.entry >= f_.end || f_.end > m_.code.size()) return fail(f_.entry, "bad code range");
    if (f_.frameSize >= kMaxSlots || f_.frameSize < f_.numParams + kScratch || f_.window > f_.frameSize)
      return fail(f_.entry, "bad frame size");
    starts_.assign(f_.end - f_.entry, false);
    ops_.assign(f_.end - f_.entry, Op::RETV);
    uint32_t pc = f_.entry;
    Op last = Op::RETV;
    while (pc < f_.end) {
      auto in = decode(&m_.code[pc], f_.end - pc);
      if (!in) return fail(pc, "undecodable instruction");
      starts_[pc - f_.entry] = true;
      ops_[pc - f_.entry] = in->op;
      if (!checkInsn(pc, *in)) return false;
      last = in->op;
      pc += formatOf(in->op).words();
    }
    if (!(opInfo(last).flags & END)) return fail(pc, "code falls off the end of the function");
    for (const Jump &j : jumps_)
      if (j.to < f_.entry || j.to >= f_.end || !starts_[j.to - f_.entry]) return fail(j.from, "jump to a non-instruction");
    return checkStubs();
  }

  std::string error;

private:
  bool fail(uint32_t pc, const std::string &msg) {
    error = "@" + f_.name + " pc " + std::to_string(pc) + ": " + msg;
    return false;
  }
  bool reg(uint32_t v) const { return v < f_.frameSize; }
  void jump(uint32_t from, int64_t off, bool handler = false) {
    jumps_.push_back({from, static_cast<uint32_t>(static_cast<int64_t>(from) + off), handler});
  }
  Op opAt(uint32_t pc) const { return ops_[pc - f_.entry]; }
  static bool isStubMove(Op op) {
    return op == Op::MOV || op == Op::LOADI || op == Op::LOADK || op == Op::MOVW || op == Op::MOVWS;
  }

  // JMPE spends no budget, whichever way it jumps, so it must never close a loop on its
  // own. The compiler puts every JMPE at the end of an edge stub: after the last block
  // (stubStart, the end of the last block in instrPc), a run of moves ending in JMP or
  // JMPE back into the blocks. The rules, which hold for any stubStart:
  //   - JMPE only in the stub area, which holds nothing but stubs (moves, then JMP/JMPE),
  //     and is not reached by falling through from the blocks;
  //   - a jump into the stub area comes from the blocks (not from a stub), lands on a
  //     stub's first instruction, and is not a handler; each stub's jump goes to a block;
  //   - a JMPE's target lies after every jump that reaches its stub, except a RESLABEL
  //     (which spends a unit itself).
  // Then, leaving out the steps that spend, the way through a stub goes from a jump in the
  // blocks to a later pc in the blocks, and every other free step (falling through, a
  // forward jump) goes forward too: a run that spends nothing ends.
  bool checkStubs() {
    uint32_t stubStart = f_.end;
    if (!f_.instrPc.empty() && !f_.instrPc.back().empty()) stubStart = f_.instrPc.back().back();
    if (stubStart <= f_.entry || stubStart > f_.end || (stubStart < f_.end && !starts_[stubStart - f_.entry]))
      return fail(f_.entry, "bad edge-stub area");
    // The stubs: for each first pc, the pc of its jump.
    std::vector<uint32_t> stubJump(f_.end - stubStart, UINT32_MAX);
    uint32_t first = stubStart;
    for (uint32_t pc = stubStart; pc < f_.end; pc += formatOf(opAt(pc)).words()) {
      const Op op = opAt(pc);
      if (op == Op::JMP || op == Op::JMPE) {
        stubJump[first - stubStart] = pc;
        first = pc + 1;
      } else if (!isStubMove(op)) {
        return fail(pc, "edge stub holds something other than moves and a jump");
      }
    }
    if (stubStart < f_.end) {
      uint32_t prev = f_.entry;
      for (uint32_t pc = f_.entry; pc < stubStart; pc += formatOf(opAt(pc)).words()) prev = pc;
      if (!(opInfo(opAt(prev)).flags & END)) return fail(prev, "code falls through into the edge stubs");
    }
    for (uint32_t pc = f_.entry; pc < stubStart; pc += formatOf(opAt(pc)).words())
      if (opAt(pc) == Op::JMPE) return fail(pc, "JMPE outside the edge stubs");
    for (const Jump &j : jumps_) {
      if (j.to < stubStart) continue;
      if (j.handler) return fail(j.from, "handler in the edge stubs");
      if (j.from >= stubStart) return fail(j.from, "edge stub jumps into the edge stubs");
      const uint32_t at = stubJump[j.to - stubStart];
      if (at == UINT32_MAX) return fail(j.from, "jump into the middle of an edge stub");
      if (opAt(at) != Op::JMPE || opAt(j.from) == Op::RESLABEL) continue;
      const uint32_t target = at + static_cast<uint32_t>(fieldSJ(m_.code[at]));
      if (target <= j.from)
        return fail(at, "JMPE to pc " + std::to_string(target) + ", not after the jump at pc " +
                            std::to_string(j.from) + " that reaches its stub (a loop that spends no budget)");
    }
    return true;
  }

  bool checkWindow(uint32_t pc, uint32_t ext, uint32_t nargs) {
    uint32_t w = slotsWindow(ext), d = slotsDest(ext);
    if (w + nargs > f_.frameSize) return fail(pc, "call window outside the frame");
    if (d != kNoSlot && !reg(d)) return fail(pc, "call result slot outside the frame");
    return true;
  }

  bool checkInsn(uint32_t pc, const Insn &in) {
    const FormatInfo &f = formatOf(in.op);
    if ((f.a == Field::Reg && !reg(in.a)) || (f.b == Field::Reg && !reg(in.b)) || (f.c == Field::Reg && !reg(in.c)))
      return fail(pc, "slot outside the frame");
    const uint32_t bx = static_cast<uint32_t>(in.bx);
    switch (f.bx) {
    case BxKind::None: case BxKind::SImm: break;
    case BxKind::Const: if (bx >= m_.constants.size()) return fail(pc, "constant index out of range"); break;
    case BxKind::Slot: if (!reg(bx)) return fail(pc, "slot outside the frame"); break;
    case BxKind::Fault: if (bx >= static_cast<uint32_t>(Fault::Count)) return fail(pc, "unknown fault"); break;
    case BxKind::Jump24: jump(pc, in.bx); break;
    case BxKind::Table: {
      if (bx >= m_.switches.size()) return fail(pc, "switch table out of range");
      const SwitchTable &t = m_.switches[bx];
      if (!t.dense && t.values.size() != t.offsets.size()) return fail(pc, "malformed switch table");
      for (int32_t off : t.offsets) jump(pc, off);
      jump(pc, t.defaultOffset);
      break;
    }
    case BxKind::Handler: {
      if (bx >= m_.handlers.size()) return fail(pc, "handler index out of range");
      const HandlerDesc &h = m_.handlers[bx];
      if (!reg(h.errSlot) || !reg(h.tokSlot)) return fail(pc, "handler slots outside the frame");
      jump(pc, static_cast<int64_t>(h.pc) - pc, true);
      break;
    }
    case BxKind::Func: {
      if (bx >= m_.functions.size() || !m_.functions[bx].defined) return fail(pc, "call to an undefined function");
      if (!checkWindow(pc, in.ext, m_.functions[bx].numParams)) return false;
      break;
    }
    case BxKind::Runtime:
      if (bx >= m_.runtime.size() || !m_.runtime[bx].fn) return fail(pc, "runtime index out of range");
      if (!checkWindow(pc, in.ext, m_.runtime[bx].nargs)) return false;
      break;
    case BxKind::Sig:
      if (bx >= m_.sigs.size()) return fail(pc, "signature index out of range");
      if (!checkWindow(pc, in.ext, m_.sigs[bx].nargs)) return false;
      break;
    }
    if (f.ext == ExtKind::Reg16 && !reg(in.ext)) return fail(pc, "slot outside the frame");
    if (f.ext == ExtKind::Jump) jump(pc, static_cast<int32_t>(in.ext));
    if ((in.op == Op::ERRGET || in.op == Op::ERRCUR) && in.c > 5) return fail(pc, "unknown error field");
    // FADDK/FMULK name a constant in their U8 field C (fuzz_bc: an empty pool read K[C]).
    if ((in.op == Op::FADDK || in.op == Op::FMULK) && in.c >= m_.constants.size()) return fail(pc, "constant index out of range");
    return true;
  }

  const Module &m_;
  const Function &f_;
  struct Jump {
    uint32_t from, to;
    bool handler;  ///< an eh.push handler's pc (reached by a trap, not from `from`)
  };
  std::vector<bool> starts_;
  std::vector<Op> ops_;  ///< the opcode at each instruction start
  std::vector<Jump> jumps_;
};

} // namespace

Result<bool> verifyModule(const Module &m) {
  if (m.mainIndex >= m.functions.size() || !m.functions[m.mainIndex].defined) return Error{"bytecode: no callable main"};
  for (const auto &f : m.functions) {
    if (!f.defined) continue;
    FunctionVerifier v(m, f);
    if (!v.run()) return Error{"bytecode verifier: " + v.error};
  }
  return true;
}

} // namespace viper::bc
