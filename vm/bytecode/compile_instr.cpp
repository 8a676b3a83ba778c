// One lowering per IL opcode (spec/il.md §4) into bytecode (opcodes.def).
#include "bytecode/compiler_impl.hpp"
#include <algorithm>
#include <cmath>
#include <cstring>

namespace viper::bc {

using il::Opcode;
using il::ValueKind;

namespace {

uint32_t bitsOf(il::Type t) {
  switch (t) {
  case il::Type::I1: return 1;
  case il::Type::I16: return 16;
  case il::Type::I32: return 32;
  default: return 64;
  }
}

bool isInt(const il::Value &v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; }
bool fitsS8(int64_t x) { return x >= -128 && x <= 127; }


/// The "jump if" form of a compare: {op, swap operands}. Greater-than forms swap.
struct JumpForm { Op op; bool swap; };
JumpForm jumpForm(Opcode cmp, bool negate) {
  switch (cmp) {
  case Opcode::ICmpEq: return {negate ? Op::JNE : Op::JEQ, false};
  case Opcode::ICmpNe: return {negate ? Op::JEQ : Op::JNE, false};
  case Opcode::SCmpLT: return negate ? JumpForm{Op::JLE, true} : JumpForm{Op::JLT, false};
  case Opcode::SCmpLE: return negate ? JumpForm{Op::JLT, true} : JumpForm{Op::JLE, false};
  case Opcode::SCmpGT: return negate ? JumpForm{Op::JLE, false} : JumpForm{Op::JLT, true};
  case Opcode::SCmpGE: return negate ? JumpForm{Op::JLT, false} : JumpForm{Op::JLE, true};
  case Opcode::UCmpLT: return negate ? JumpForm{Op::JULE, true} : JumpForm{Op::JULT, false};
  case Opcode::UCmpLE: return negate ? JumpForm{Op::JULT, true} : JumpForm{Op::JULE, false};
  case Opcode::UCmpGT: return negate ? JumpForm{Op::JULE, false} : JumpForm{Op::JULT, true};
  case Opcode::UCmpGE: return negate ? JumpForm{Op::JULT, false} : JumpForm{Op::JULE, true};
  // Float negations keep NaN semantics: !(a < b) is JFNLT, not a >= b.
  case Opcode::FCmpEQ: return {negate ? Op::JFNE : Op::JFEQ, false};
  case Opcode::FCmpNE: return {negate ? Op::JFEQ : Op::JFNE, false};
  case Opcode::FCmpLT: return {negate ? Op::JFNLT : Op::JFLT, false};
  case Opcode::FCmpLE: return {negate ? Op::JFNLE : Op::JFLE, false};
  case Opcode::FCmpGT: return {negate ? Op::JFNLT : Op::JFLT, true};
  case Opcode::FCmpGE: return {negate ? Op::JFNLE : Op::JFLE, true};
  default: return {Op::JT, false};
  }
}

/// Compare-with-immediate forms (signed and equality compares only).
std::optional<Op> immediateForm(Opcode cmp, bool negate, bool mirrored) {
  // mirrored: the constant was the left operand, so `c < x` is `x > c`.
  Opcode c = cmp;
  if (mirrored) {
    switch (cmp) {
    case Opcode::SCmpLT: c = Opcode::SCmpGT; break;
    case Opcode::SCmpLE: c = Opcode::SCmpGE; break;
    case Opcode::SCmpGT: c = Opcode::SCmpLT; break;
    case Opcode::SCmpGE: c = Opcode::SCmpLE; break;
    default: break;
    }
  }
  if (negate) {
    switch (c) {
    case Opcode::ICmpEq: c = Opcode::ICmpNe; break;
    case Opcode::ICmpNe: c = Opcode::ICmpEq; break;
    case Opcode::SCmpLT: c = Opcode::SCmpGE; break;
    case Opcode::SCmpLE: c = Opcode::SCmpGT; break;
    case Opcode::SCmpGT: c = Opcode::SCmpLE; break;
    case Opcode::SCmpGE: c = Opcode::SCmpLT; break;
    default: return std::nullopt;
    }
  }
  switch (c) {
  case Opcode::ICmpEq: return Op::JEQI;
  case Opcode::ICmpNe: return Op::JNEI;
  case Opcode::SCmpLT: return Op::JLTI;
  case Opcode::SCmpLE: return Op::JLEI;
  case Opcode::SCmpGT: return Op::JGTI;
  case Opcode::SCmpGE: return Op::JGEI;
  default: return std::nullopt;
  }
}

} // namespace

bool FunctionCompiler::isFusedCompare(uint32_t b, uint32_t i) const {
  return b < fusedCmp_.size() && fusedCmp_[b] == static_cast<int32_t>(i);
}

// Runtime rows with instructions of their own: element access to arrays and word lists
// is common enough in loops that a call per element would dominate them. Each instruction
// does the fast case inline and falls back to its row for anything else.
namespace {
struct Intrinsic {
  rt::RtFn fn;
  Op op;
};
constexpr Intrinsic kIntrinsics[] = {
    {rt::RtFn::arrI64Get, Op::AGET},       {rt::RtFn::arrF64Get, Op::AGETF},
    {rt::RtFn::arrI64Set, Op::ASET},       {rt::RtFn::arrF64Set, Op::ASETF},
    {rt::RtFn::listGetI64, Op::LGET},      {rt::RtFn::listGetF64, Op::LGETF},
    {rt::RtFn::listGet, Op::LGETR},  // an object list's element: every `for s in shapes`
    {rt::RtFn::listSetI64, Op::LSET},      {rt::RtFn::listSetF64, Op::LSETF},
    {rt::RtFn::listPushI64, Op::LPUSH},    {rt::RtFn::listPushF64, Op::LPUSHF},
    {rt::RtFn::objClassId, Op::CLASSID},  // every virtual and interface call reads one
    {rt::RtFn::mapFindI64, Op::MAPFIND},  // m[k], m.has(k), m.getOr(k, d) with an Integer key
    {rt::RtFn::mapValueAtI64, Op::MAPVALI},
    {rt::RtFn::objRefEquals, Op::EQ},     {rt::RtFn::objIsNull, Op::EQ},  // see pointerEquality
};
// A register compare looks at all 8 bytes: the VM writes every pointer as a whole slot,
// zero-extended where a pointer is narrower (wasm32), so that is the pointer compare.
} // namespace

std::optional<Op> FunctionCompiler::intrinsicOp(const il::Instr &in) {
  if (in.op != Opcode::Call) return std::nullopt;
  const rt::RuntimeFunction *rf = rt::findRuntimeFunction(in.callee);
  if (!rf) return std::nullopt;
  for (const Intrinsic &k : kIntrinsics)
    if (&rt::runtimeFunction(k.fn) == rf) return k.op;
  return std::nullopt;
}

std::optional<std::pair<il::Value, il::Value>> FunctionCompiler::pointerEquality(const il::Instr &in) {
  if (in.op != Opcode::Call) return std::nullopt;
  const rt::RuntimeFunction *rf = rt::findRuntimeFunction(in.callee);
  if (rf == &rt::runtimeFunction(rt::RtFn::objRefEquals) && in.operands.size() == 2)
    return std::pair{in.operands[0], in.operands[1]};
  if (rf == &rt::runtimeFunction(rt::RtFn::objIsNull) && in.operands.size() == 1)
    return std::pair{in.operands[0], il::Value::null()};
  return std::nullopt;
}

// Emits "if cond == sense goto target" for the cbr of block b, doing the compare that
// produced cond there if it was fused.
void FunctionCompiler::jumpIf(uint32_t blk, const il::Value &cond, bool sense, Label target) {
  const il::Instr *cmp = fusedCmp_[blk] >= 0 ? &fn_.blocks[blk].instrs[static_cast<size_t>(fusedCmp_[blk])] : nullptr;
  if (!cmp) {
    if (cond.kind != ValueKind::Temp) {
      if (((cond.i & 1) != 0) == sense) emitGoto(target);
      return;
    }
    emitJump({sense ? Op::JT : Op::JF, slotOf(cond), 0, 0, 0, 0}, target);
    return;
  }
  if (cmp->op == Opcode::Trunc1) {
    emitJump({sense ? Op::JT : Op::JF, slotOf(cmp->operands[0]), 0, 0, 0, 0}, target);
    return;
  }
  if (auto eq = pointerEquality(*cmp)) {
    // x == null is a jump on x == 0; two pointers compare as integers.
    const il::Value &x = eq->first, &y = eq->second;
    const bool yNull = y.kind == ValueKind::Null && x.kind == ValueKind::Temp;
    const bool xNull = x.kind == ValueKind::Null && y.kind == ValueKind::Temp;
    if (yNull || xNull) {
      if (auto op = immediateForm(Opcode::ICmpEq, !sense, false)) {
        emitJump({*op, slotOf(yNull ? x : y), 0, 0, 0, 0}, target);
        return;
      }
    }
    JumpForm jf = jumpForm(Opcode::ICmpEq, !sense);
    uint32_t a = reg(x, 1), b = reg(y, 2);
    if (jf.swap) std::swap(a, b);
    emitJump({jf.op, a, b, 0, 0, 0}, target);
    return;
  }
  const il::Value &x = cmp->operands[0], &y = cmp->operands[1];
  if (il::shape(cmp->op) == il::OpShape::ICmp) {
    const bool yImm = isInt(y) && fitsS8(y.i) && x.kind == ValueKind::Temp;
    const bool xImm = isInt(x) && fitsS8(x.i) && y.kind == ValueKind::Temp;
    if (yImm || xImm) {
      if (auto op = immediateForm(cmp->op, !sense, xImm && !yImm)) {
        const il::Value &r = yImm ? x : y;
        const int64_t imm = yImm ? y.i : x.i;
        emitJump({*op, slotOf(r), static_cast<uint32_t>(static_cast<int32_t>(imm)), 0, 0, 0}, target);
        return;
      }
    }
  }
  JumpForm jf = jumpForm(cmp->op, !sense);
  uint32_t a = reg(x, 1), b = reg(y, 2);
  if (jf.swap) std::swap(a, b);
  emitJump({jf.op, a, b, 0, 0, 0}, target);
}

// A backward br into a block that only tests and branches (a loop header) copies that
// test instead of jumping to it: one dispatch less per iteration. The IL spends one unit
// on the back edge, plus one if the header's edge goes back again. The copy's conditional
// jump goes to a target laid out after the header and not after here, so it is a backward
// jump and spends that one unit too (lowerRotatedCbr). The loop's exit may lie anywhere:
// also between the header and here (a front end that places a loop's exit block right
// after its header), where a plain backward jump spends the unit.
bool FunctionCompiler::rotatesInto(const il::Target &t) const {
  const uint32_t h = static_cast<uint32_t>(t.block);
  const il::Block &blk = fn_.blocks[h];
  if (!(h <= curBlock_ && blk.instrs.size() == 2 && isFusedCompare(h, 0) && blk.instrs[1].op == Opcode::Cbr)) return false;
  return inRotatedLoop(h, blk.instrs[1].targets[0]) || inRotatedLoop(h, blk.instrs[1].targets[1]);
}

bool FunctionCompiler::inRotatedLoop(uint32_t h, const il::Target &e) const {
  return static_cast<uint32_t>(e.block) > h && static_cast<uint32_t>(e.block) <= curBlock_;
}

// The header's test at the end of a latch: a backward jump into the loop, then the other
// edge: a backward jump if it too lies between the header and here, else TICK (the back
// edge's unit) and that edge inline.
void FunctionCompiler::lowerRotatedCbr(uint32_t h) {
  const il::Instr &in = fn_.blocks[h].instrs.back();
  const bool backOnTrue = inRotatedLoop(h, in.targets[0]);
  const il::Target &back = in.targets[backOnTrue ? 0 : 1], &other = in.targets[backOnTrue ? 1 : 0];
  jumpIf(h, in.operands[0], backOnTrue, edgeLabel(back));
  if (!inRotatedLoop(h, other)) emit({Op::TICK, 0, 0, 0, 0, 0});
  emitEdge(other);
}

// cbr: one conditional jump, then the other edge inline. Prefer falling through into the
// block laid out next; an edge that binds parameters gets its moves inline or in a stub.
// `b` is the block whose cbr this is (the current block, or a rotated loop header).
void FunctionCompiler::lowerCbr(uint32_t b) {
  const il::Instr &in = fn_.blocks[b].instrs.back();
  const il::Value &c = in.operands[0];
  const il::Target &t = in.targets[0], &f = in.targets[1];
  const uint32_t next = curBlock_ + 1;
  const bool tMoves = !edgeMoves(t).empty(), fMoves = !edgeMoves(f).empty();
  if (static_cast<uint32_t>(t.block) == next && !tMoves) {
    jumpIf(b, c, false, edgeLabel(f));
  } else if (static_cast<uint32_t>(f.block) == next && !fMoves) {
    jumpIf(b, c, true, edgeLabel(t));
  } else if (!fMoves) {
    jumpIf(b, c, false, static_cast<Label>(f.block));
    emitEdge(t);
  } else {
    jumpIf(b, c, true, edgeLabel(t));
    emitEdge(f);
  }
}

void FunctionCompiler::lowerSwitch(const il::Instr &in) {
  const uint32_t v = reg(in.operands[0], 1);
  const uint32_t tableIdx = static_cast<uint32_t>(mb_.out.switches.size());
  mb_.out.switches.emplace_back();
  std::vector<std::pair<int64_t, size_t>> cases;  // value -> target index
  for (size_t k = 0; k < in.caseValues.size(); ++k) cases.push_back({in.caseValues[k], k + 1});
  // The first of equal case values wins, as in the IL's linear search.
  std::stable_sort(cases.begin(), cases.end(), [](auto &x, auto &y) { return x.first < y.first; });
  cases.erase(std::unique(cases.begin(), cases.end(), [](auto &x, auto &y) { return x.first == y.first; }), cases.end());
  const uint32_t at = emit({Op::SWITCH, v, 0, 0, static_cast<int32_t>(tableIdx), 0});
  SwitchTable tab;
  std::vector<std::pair<uint32_t, size_t>> slots;  // table position -> target index
  if (!cases.empty()) {
    const int64_t lo = cases.front().first, hi = cases.back().first;
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
    tab.dense = span <= 4096 && span <= 2 * cases.size() + 8;
    if (tab.dense) {
      tab.min = lo;
      tab.offsets.assign(span, 0);
      std::vector<bool> filled(span, false);
      for (auto &[val, ti] : cases) {
        slots.push_back({static_cast<uint32_t>(val - lo), ti});
        filled[static_cast<size_t>(val - lo)] = true;
      }
      for (uint32_t k = 0; k < span; ++k) if (!filled[k]) slots.push_back({k, 0});
    } else {
      for (size_t k = 0; k < cases.size(); ++k) {
        tab.values.push_back(cases[k].first);
        slots.push_back({static_cast<uint32_t>(k), cases[k].second});
      }
      tab.offsets.assign(cases.size(), 0);
    }
  }
  mb_.out.switches[tableIdx] = std::move(tab);
  std::vector<Label> targetLabel;
  for (const auto &t : in.targets) targetLabel.push_back(edgeLabel(t));
  for (auto &[pos, ti] : slots) fixups_.push_back({FixKind::SwitchCase, pos, at, targetLabel[ti], tableIdx});
  fixups_.push_back({FixKind::SwitchDefault, 0, at, targetLabel[0], tableIdx});
}

void FunctionCompiler::lowerCall(const il::Instr &in) {
  const bool indirect = in.op == Opcode::CallIndirect;
  const size_t first = indirect ? 1 : 0;
  if (const std::optional<Op> op = intrinsicOp(in)) {
    // Operands in the row's order: a getter writes A from (B, C); a setter or an append
    // stores its operands as A, B[, C].
    const uint32_t dst = in.result >= 0 ? static_cast<uint32_t>(slot_[static_cast<size_t>(in.result)]) : scratch(0);
    if (auto eq = pointerEquality(in)) {
      emit({Op::EQ, dst, reg(eq->first, 1), reg(eq->second, 2), 0, 0});
    } else if (bc::opInfo(*op).flags & bc::WA) {
      emit({*op, dst, reg(in.operands[0], 1), in.operands.size() > 1 ? reg(in.operands[1], 2) : 0, 0, 0});
    } else if (in.operands.size() == 3) {
      emit({*op, reg(in.operands[0], 0), reg(in.operands[1], 1), reg(in.operands[2], 2), 0, 0});
    } else {
      emit({*op, reg(in.operands[0], 0), reg(in.operands[1], 1), 0, 0, 0});
    }
    return;
  }
  if (!indirect && in.operands.size() == 1 &&
      (in.operands[0].kind == ValueKind::Str || in.operands[0].kind == ValueKind::Null)) {
    // Retaining or releasing a literal (immortal) or null string does nothing and cannot
    // trap: the front ends emit these for every borrowed literal operand of Concat.
    static const rt::RuntimeFunction *const kRetain = rt::findRuntimeFunction("rt_str_retain_maybe"),
                                            *const kRelease = rt::findRuntimeFunction("rt_str_release_maybe");
    const rt::RuntimeFunction *rf = rt::findRuntimeFunction(in.callee);
    if (rf && (rf == kRetain || rf == kRelease)) return;
  }
  for (size_t k = first; k < in.operands.size(); ++k) {
    const uint32_t dst = window_ + static_cast<uint32_t>(k - first);
    const il::Value &v = in.operands[k];
    if (v.kind == ValueKind::Temp && slotOf(v) == dst) continue;  // computed in place
    loadInto(dst, v);
  }
  const uint32_t dest = in.result >= 0 ? static_cast<uint32_t>(slot_[static_cast<size_t>(in.result)]) : kNoSlot;
  const uint32_t slots = packSlots(window_, dest);
  if (indirect) {
    IndirectSig sig;
    sig.sig = in.indirectSig;
    sig.checked = in.hasIndirectSig;
    sig.nargs = static_cast<uint32_t>(in.operands.size() - 1);
    const uint32_t si = static_cast<uint32_t>(mb_.out.sigs.size());
    mb_.out.sigs.push_back(sig);
    emit({Op::CALLIND, reg(in.operands[0], 0), 0, 0, static_cast<int32_t>(si), slots});
    return;
  }
  const int32_t fi = mb_.functionIndex(in.callee);
  if (fi >= 0) {
    emit({Op::CALL, 0, 0, 0, fi, slots});
    return;
  }
  const rt::RuntimeFunction *rf = rt::findRuntimeFunction(in.callee);
  if (!rf) {
    fail("call to @" + in.callee + ", which the runtime does not provide");
    return;
  }
  emit({Op::CALLRT, 0, 0, 0, static_cast<int32_t>(mb_.runtimeRef(rf, in.operands.size())), slots});
}

// A front end that moves a new string into a variable stores it (a retain) and then
// releases its own reference: `store str, p, %v` directly followed by
// `call release_maybe(%v)`. Together that is a store that takes %v's reference, so the
// pair becomes one STSTRT and the call is not emitted.
bool FunctionCompiler::takesReference(uint32_t b, uint32_t i) {
  const auto &instrs = fn_.blocks[b].instrs;
  if (i + 1 >= instrs.size()) return false;
  const il::Instr &st = instrs[i], &next = instrs[i + 1];
  if (next.op != Opcode::Call || next.operands.size() != 1 || st.operands[1].kind != ValueKind::Temp ||
      next.operands[0].kind != ValueKind::Temp || next.operands[0].id != st.operands[1].id)
    return false;
  if (rt::findRuntimeFunction(next.callee) != &rt::runtimeFunction(rt::RtFn::strReleaseMaybe)) return false;
  releaseTaken_ = std::pair{b, i + 1};
  return true;
}

void FunctionCompiler::lowerInstr(uint32_t b, uint32_t i) {
  const il::Instr &in = fn_.blocks[b].instrs[i];
  if (isFusedCompare(b, i)) return;  // the cbr that follows does the comparison
  if (releaseTaken_ == std::pair{b, i}) return;  // done by the STSTRT before it
  const uint32_t bits = bitsOf(in.type);
  const uint32_t dst = in.result >= 0 ? static_cast<uint32_t>(slot_[static_cast<size_t>(in.result)]) : scratch(0);
  auto opnd = [&](size_t k) { return reg(in.operands[k], static_cast<unsigned>(k + 1)); };
  auto bin = [&](Op op) { emit({op, dst, opnd(0), opnd(1), 0, 0}); };
  auto unary = [&](Op op) { emit({op, dst, opnd(0), 0, 0, 0}); };
  auto withBits = [&](Op op) { emit({op, dst, opnd(0), bits, 0, 0}); };
  auto swapped = [&](Op op) { emit({op, dst, opnd(1), opnd(0), 0, 0}); };
  auto constant = [&](Constant::Kind kind, const std::string &name) {
    emit({Op::LOADK, dst, 0, 0, static_cast<int32_t>(mb_.constant({kind, 0, name})), 0});
  };
  // x + imm when the IL adds (or subtracts) a small constant.
  auto addImm = [&](Op immOp, bool negate) -> bool {
    const il::Value &x = in.operands[0], &y = in.operands[1];
    if (x.kind != ValueKind::Temp || !isInt(y)) return false;
    if (negate && y.i == INT64_MIN) return false;
    const int64_t imm = negate ? -y.i : y.i;
    if (!fitsS8(imm)) return false;
    emit({immOp, dst, slotOf(x), static_cast<uint32_t>(static_cast<int32_t>(imm)), 0, 0});
    return true;
  };
  // x op K for float add/mul with a pooled constant below 256.
  auto floatK = [&](Op kOp, size_t constOperand, bool negate) -> bool {
    const il::Value &k = in.operands[constOperand], &x = in.operands[1 - constOperand];
    if (k.kind != ValueKind::Float || x.kind != ValueKind::Temp || std::isnan(k.f)) return false;
    double f = negate ? -k.f : k.f;
    uint64_t fb;
    std::memcpy(&fb, &f, 8);
    uint32_t ki = mb_.constant({Constant::Kind::Bits, fb, {}});
    if (ki > 0xFF) return false;
    emit({kOp, dst, slotOf(x), ki, 0, 0});
    return true;
  };
  auto checked = [&](Op op, Op immOp, bool negImm) {
    if (bits == 64 && immOp != op && addImm(immOp, negImm)) return;
    bin(op);
    if (bits < 64) emit({Op::CHKFIT, dst, dst, bits, 0, 0});
  };

  switch (in.op) {
  case Opcode::Add: if (!addImm(Op::ADDI, false)) bin(Op::ADD); return;
  case Opcode::Sub: if (!addImm(Op::ADDI, true)) bin(Op::SUB); return;
  case Opcode::Mul: bin(Op::MUL); return;
  case Opcode::IAddOvf: checked(Op::ADDO, Op::ADDIO, false); return;
  case Opcode::ISubOvf: checked(Op::SUBO, Op::ADDIO, true); return;
  case Opcode::IMulOvf: checked(Op::MULO, Op::MULO, false); return;
  case Opcode::SDiv: bin(Op::SDIV); return;
  case Opcode::SDivChk0: checked(Op::SDIV, Op::SDIV, false); return;
  case Opcode::SRem: case Opcode::SRemChk0: bin(Op::SREM); return;
  case Opcode::UDiv: bin(Op::UDIV); return;
  case Opcode::URem: bin(Op::UREM); return;
  case Opcode::UDivChk0: case Opcode::URemChk0:
    bin(in.op == Opcode::UDivChk0 ? Op::UDIV : Op::UREM);
    if (bits < 64) emit({Op::SEXT, dst, dst, bits, 0, 0});
    return;
  case Opcode::IdxChk:
    emit({Op::IDXCHK, dst, opnd(0), opnd(1), 0, reg(in.operands[2], 3)});
    return;
  case Opcode::And: bin(Op::AND); return;
  case Opcode::Or: bin(Op::OR); return;
  case Opcode::Xor:
    bin(Op::XOR);
    if (bits < 64) emit({Op::SEXT, dst, dst, bits, 0, 0});
    return;
  case Opcode::Shl: bin(Op::SHL); return;
  case Opcode::LShr: bin(Op::LSHR); return;
  case Opcode::AShr: bin(Op::ASHR); return;
  case Opcode::FAdd: if (!floatK(Op::FADDK, 1, false) && !floatK(Op::FADDK, 0, false)) bin(Op::FADD); return;
  case Opcode::FSub: if (!floatK(Op::FADDK, 1, true)) bin(Op::FSUB); return;
  case Opcode::FMul: if (!floatK(Op::FMULK, 1, false) && !floatK(Op::FMULK, 0, false)) bin(Op::FMUL); return;
  case Opcode::FDiv: bin(Op::FDIV); return;
  case Opcode::ICmpEq: bin(Op::EQ); return;
  case Opcode::ICmpNe: bin(Op::NE); return;
  case Opcode::SCmpLT: bin(Op::LT); return;
  case Opcode::SCmpLE: bin(Op::LE); return;
  case Opcode::SCmpGT: swapped(Op::LT); return;
  case Opcode::SCmpGE: swapped(Op::LE); return;
  case Opcode::UCmpLT: bin(Op::ULT); return;
  case Opcode::UCmpLE: bin(Op::ULE); return;
  case Opcode::UCmpGT: swapped(Op::ULT); return;
  case Opcode::UCmpGE: swapped(Op::ULE); return;
  case Opcode::FCmpEQ: bin(Op::FEQ); return;
  case Opcode::FCmpNE: bin(Op::FNE); return;
  case Opcode::FCmpLT: bin(Op::FLT); return;
  case Opcode::FCmpLE: bin(Op::FLE); return;
  case Opcode::FCmpGT: swapped(Op::FLT); return;
  case Opcode::FCmpGE: swapped(Op::FLE); return;
  case Opcode::FCmpOrd: bin(Op::FORD); return;
  case Opcode::FCmpUno: bin(Op::FUNO); return;
  case Opcode::Sitofp: case Opcode::CastSiToFp: unary(Op::SITOF); return;
  case Opcode::CastUiToFp: unary(Op::UITOF); return;
  case Opcode::Fptosi: unary(Op::FTOSI); return;
  case Opcode::CastFpToSiRteChk: withBits(Op::FTOSIR); return;
  case Opcode::CastFpToUiRteChk: withBits(Op::FTOUIR); return;
  case Opcode::CastSiNarrowChk: withBits(Op::NARROWS); return;
  case Opcode::CastUiNarrowChk: withBits(Op::NARROWU); return;
  case Opcode::Zext1:
    if (in.operands[0].kind == ValueKind::Temp && zeroOrOne_[in.operands[0].id]) { loadInto(dst, in.operands[0]); return; }
    unary(Op::BIT);
    return;
  case Opcode::Trunc1: unary(Op::BIT); return;
  case Opcode::Alloca: unary(Op::ALLOCA); return;
  case Opcode::Gep: bin(Op::GEP); return;
  case Opcode::Load:
    switch (in.memType) {
    case il::Type::I1: unary(Op::LD1); return;
    case il::Type::I16: unary(Op::LD16); return;
    case il::Type::I32: unary(Op::LD32); return;
    case il::Type::Str: unary(Op::LDSTR); return;
    case il::Type::Error: case il::Type::ResumeTok:
      // The address is checked first (as the IL interpreter does), then the type.
      unary(Op::LD64);
      emit({Op::FAULT, 0, 0, 0, static_cast<int32_t>(Fault::LoadOpaque), 0});
      return;
    default: emitFieldAccess(Op::LD64, in.operands[0], opnd(0), dst); return;
    }
  case Opcode::Store: {
    Op op = Op::ST64;
    switch (in.memType) {
    case il::Type::I1: op = Op::ST1; break;
    case il::Type::I16: op = Op::ST16; break;
    case il::Type::I32: op = Op::ST32; break;
    case il::Type::Str: op = takesReference(b, i) ? Op::STSTRT : Op::STSTR; break;
    default: {
      const uint32_t addr = opnd(0);
      emitFieldAccess(Op::ST64, in.operands[0], addr, opnd(1));
      return;
    }
    }
    emit({op, opnd(0), opnd(1), 0, 0, 0});
    return;
  }
  case Opcode::AddrOf: constant(Constant::Kind::StrGlobalBytes, in.operands[0].s); return;
  case Opcode::ConstStr: constant(Constant::Kind::StrGlobal, in.operands[0].s); return;
  case Opcode::GAddr: constant(Constant::Kind::GlobalAddr, in.operands[0].s); return;
  case Opcode::ConstNull: emit({Op::LOADI, dst, 0, 0, 0, 0}); return;
  case Opcode::ConstF64: {
    double f = in.operands[0].kind == ValueKind::Int ? static_cast<double>(in.operands[0].i) : in.operands[0].f;
    loadInto(dst, il::Value::real(f));
    return;
  }
  case Opcode::Call: case Opcode::CallIndirect: lowerCall(in); return;
  case Opcode::SwitchI32: lowerSwitch(in); return;
  case Opcode::Br:
    if (!usesEh_ && rotatesInto(in.targets[0])) {
      emitMoves(in.targets[0]);
      lowerRotatedCbr(static_cast<uint32_t>(in.targets[0].block));
      return;
    }
    emitEdge(in.targets[0]);
    return;
  case Opcode::Cbr: lowerCbr(b); return;
  case Opcode::Ret:
    if (in.operands.empty()) emit({Op::RETV, 0, 0, 0, 0, 0});
    else emit({Op::RET, reg(in.operands[0], 0), 0, 0, 0, 0});
    return;
  case Opcode::Select:
    emit({Op::SELECT, dst, opnd(0), opnd(1), 0, reg(in.operands[2], 3)});
    return;
  case Opcode::Trap: emit({Op::TRAP, 0, 0, 0, 0, 0}); return;
  case Opcode::TrapFromErr: emit({Op::TRAPERR, opnd(0), 0, 0, 0, 0}); return;
  case Opcode::TrapErr: bin(Op::MKERR); return;
  case Opcode::TrapKind: case Opcode::ErrGetKind: case Opcode::ErrGetCode: case Opcode::ErrGetIp:
  case Opcode::ErrGetLine: case Opcode::ErrGetMsg: {
    uint32_t field = 0;
    switch (in.op) {
    case Opcode::ErrGetCode: field = 1; break;
    case Opcode::ErrGetIp: field = 2; break;
    case Opcode::ErrGetLine: field = 3; break;
    case Opcode::ErrGetMsg: field = in.result >= 0 ? 4 : 5; break;  // 5: check only
    default: break;
    }
    if (in.operands.empty()) emit({Op::ERRCUR, dst, 0, field, 0, 0});
    else emit({Op::ERRGET, dst, opnd(0), field, 0, 0});
    return;
  }
  case Opcode::EhPush: {
    const il::Block &h = fn_.blocks[static_cast<size_t>(in.targets[0].block)];
    HandlerDesc d;
    d.block = static_cast<uint32_t>(in.targets[0].block);
    d.errSlot = static_cast<uint32_t>(slot_[h.params[0].temp]);
    d.tokSlot = static_cast<uint32_t>(slot_[h.params[1].temp]);
    const uint32_t hi = static_cast<uint32_t>(mb_.out.handlers.size());
    mb_.out.handlers.push_back(d);
    fixups_.push_back({FixKind::Handler, 0, 0, static_cast<Label>(in.targets[0].block), hi});
    emit({Op::EHPUSH, 0, 0, 0, static_cast<int32_t>(hi), 0});
    return;
  }
  case Opcode::EhPop: emit({Op::EHPOP, 0, 0, 0, 0, 0}); return;
  case Opcode::EhEntry: return;
  case Opcode::ResumeSame: emit({Op::RESSAME, opnd(0), 0, 0, 0, 0}); return;
  case Opcode::ResumeNext: emit({Op::RESNEXT, opnd(0), 0, 0, 0, 0}); return;
  case Opcode::ResumeLabel: emitJump({Op::RESLABEL, opnd(0), 0, 0, 0, 0}, edgeLabel(in.targets[0])); return;
  }
}

} // namespace viper::bc
