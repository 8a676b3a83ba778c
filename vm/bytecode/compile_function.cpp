// Compiling one function: slots, layout, labels, block-parameter edges, and the module
// driver. Per-opcode lowering is in compile_instr.cpp.
#include "bytecode/compiler_impl.hpp"
#include "bytecode/slot_alloc.hpp"
#include <cstring>

namespace viper::bc {

ModuleBuilder::ModuleBuilder(const il::Module &m) : il(m) {
  for (size_t i = 0; i < m.functions.size(); ++i)
    if (m.functions[i].linkage != il::Linkage::Import) fnIndex_.emplace(m.functions[i].name, static_cast<int32_t>(i));
}

uint32_t ModuleBuilder::constant(Constant c) {
  auto key = std::make_tuple(static_cast<int>(c.kind), c.bits, c.text);
  auto it = constIndex_.find(key);
  if (it != constIndex_.end()) return it->second;
  if (out.constants.size() > 0xFFFF) {
    if (error.empty()) error = "more than 65536 distinct constants";
    return 0;
  }
  uint32_t idx = static_cast<uint32_t>(out.constants.size());
  out.constants.push_back(std::move(c));
  constIndex_.emplace(std::move(key), idx);
  return idx;
}

uint32_t ModuleBuilder::runtimeRef(const rt::RuntimeFunction *rf, size_t nargs) {
  auto it = rtIndex_.find(rf);
  if (it != rtIndex_.end()) return it->second;
  RuntimeRef ref;
  ref.fn = rf;
  ref.nargs = static_cast<uint32_t>(nargs);
  for (size_t i = 0; i < rf->signature.params.size() && i < 32; ++i)
    if (rf->signature.params[i] == il::Type::Str) ref.strArgs |= 1u << i;
  uint32_t idx = static_cast<uint32_t>(out.runtime.size());
  out.runtime.push_back(ref);
  rtIndex_.emplace(rf, idx);
  return idx;
}

int32_t ModuleBuilder::functionIndex(const std::string &name) const {
  auto it = fnIndex_.find(name);
  return it == fnIndex_.end() ? -1 : it->second;
}

FunctionCompiler::FunctionCompiler(ModuleBuilder &mb, uint32_t index)
    : mb_(mb), fn_(mb.il.functions[index]), out_(mb.out.functions[index]), code_(mb.out.code), index_(index) {}

void FunctionCompiler::fail(const std::string &msg) {
  if (!failed_ && mb_.error.empty()) mb_.error = "@" + fn_.name + ": " + msg;
  failed_ = true;
}

// Decides where every value lives. A value whose only use is as argument k of a call
// later in the same block, with no call in between, is computed straight into window
// slot k: the call then moves nothing. EH functions keep one slot per value, because a
// handler can resume at any faulting instruction with every value still in place.
void FunctionCompiler::planSlots() {
  const size_t nt = fn_.temps.size();
  uses_.assign(nt, 0);
  for (const auto &b : fn_.blocks)
    for (const auto &in : b.instrs) {
      if (in.op == il::Opcode::EhPush) usesEh_ = true;
      for (const auto &v : in.operands) if (v.kind == il::ValueKind::Temp) ++uses_[v.id];
      for (const auto &t : in.targets)
        for (const auto &v : t.args) if (v.kind == il::ValueKind::Temp) ++uses_[v.id];
    }
  // Temps that hold 0 or 1 by construction (a compare's or trunc1's result): zext1 of one
  // is a copy. Other i1 values (parameters, loads, call results) are not relied on.
  zeroOrOne_.assign(nt, false);
  for (const auto &b : fn_.blocks)
    for (const auto &in : b.instrs)
      if (in.result >= 0 && (in.op == il::Opcode::Trunc1 || il::shape(in.op) == il::OpShape::ICmp ||
                             il::shape(in.op) == il::OpShape::FCmp || pointerEquality(in)))
        zeroOrOne_[static_cast<size_t>(in.result)] = true;
  // A compare whose only use is its block's cbr is done by the branch itself.
  fusedCmp_.assign(fn_.blocks.size(), -1);
  for (size_t b = 0; b < fn_.blocks.size(); ++b) {
    const auto &instrs = fn_.blocks[b].instrs;
    if (instrs.empty() || instrs.back().op != il::Opcode::Cbr) continue;
    const il::Value &c = instrs.back().operands[0];
    if (c.kind != il::ValueKind::Temp || uses_[c.id] != 1) continue;
    for (size_t i = 0; i + 1 < instrs.size(); ++i) {
      const il::Instr &in = instrs[i];
      const il::OpShape sh = il::shape(in.op);
      // trunc1 too: JT/JF test bit 0 themselves (a List[Boolean] flag read, `if flags[i]`).
      const bool fusable = sh == il::OpShape::ICmp || pointerEquality(in) ||
                           (sh == il::OpShape::FCmp && in.op != il::Opcode::FCmpOrd && in.op != il::Opcode::FCmpUno) ||
                           (in.op == il::Opcode::Trunc1 && in.operands[0].kind == il::ValueKind::Temp);
      if (fusable && in.result == static_cast<int32_t>(c.id)) fusedCmp_[b] = static_cast<int32_t>(i);
    }
  }
  SlotRequest req;
  req.reuse = !usesEh_;
  req.fusedCompare = fusedCmp_;
  scratchBase_ = static_cast<uint32_t>(fn_.params.size());
  req.firstFree = scratchBase_ + kScratch;
  req.windowArg.assign(nt, -1);
  for (const auto &b : fn_.blocks) {
    std::unordered_map<uint32_t, size_t> defAt;  // temp -> instr index in this block
    size_t lastCall = SIZE_MAX;
    for (size_t j = 0; j < b.instrs.size(); ++j) {
      const il::Instr &in = b.instrs[j];
      const bool isCall = (in.op == il::Opcode::Call || in.op == il::Opcode::CallIndirect) && !intrinsicOp(in);
      if (isCall) {
        size_t first = in.op == il::Opcode::CallIndirect ? 1 : 0;
        maxArgs_ = std::max(maxArgs_, static_cast<uint32_t>(in.operands.size() - first));
        if (!usesEh_) {
          for (size_t k = first; k < in.operands.size(); ++k) {
            const il::Value &v = in.operands[k];
            if (v.kind != il::ValueKind::Temp || uses_[v.id] != 1) continue;
            auto d = defAt.find(v.id);
            if (d == defAt.end() || (lastCall != SIZE_MAX && lastCall > d->second)) continue;
            req.windowArg[v.id] = static_cast<int32_t>(k - first);
          }
        }
        lastCall = j;
      }
      if (in.result >= 0) defAt[static_cast<uint32_t>(in.result)] = j;
    }
  }
  planHoisting(req);
  SlotAssignment sa = assignSlots(fn_, req);
  slot_ = std::move(sa.slot);
  window_ = sa.window;
  for (auto &[key, k] : hoisted_) k += sa.extraBase;
}

std::optional<std::tuple<int, uint64_t, std::string>> FunctionCompiler::constKey(const il::Value &v) {
  switch (v.kind) {
  case il::ValueKind::Int: case il::ValueKind::Bool:
    return std::make_tuple(0, static_cast<uint64_t>(v.i), std::string());
  case il::ValueKind::Float: {
    uint64_t bits;
    std::memcpy(&bits, &v.f, 8);
    return std::make_tuple(1, bits, std::string());
  }
  case il::ValueKind::Str: return std::make_tuple(2, 0, v.s);
  case il::ValueKind::Global: return std::make_tuple(3, 0, v.s);
  default: return std::nullopt;
  }
}

// A block lies in a loop when some edge at or after it in the layout jumps back to or
// before it. Constant operands of computations in such blocks get a slot of their own,
// loaded once in the prologue, instead of a load before every use.
void FunctionCompiler::planHoisting(SlotRequest &req) {
  const size_t nb = fn_.blocks.size();
  // Each back edge covers a layout range; a difference array marks them all in one pass.
  std::vector<int32_t> cover(nb + 1, 0);
  for (size_t b = 0; b < nb; ++b)
    for (const auto &in : fn_.blocks[b].instrs)
      for (const auto &t : in.targets)
        if (t.block >= 0 && static_cast<size_t>(t.block) <= b) ++cover[static_cast<size_t>(t.block)], --cover[b + 1];
  std::vector<bool> inLoop(nb, false);
  for (int32_t k = 0, depth = 0; k < static_cast<int32_t>(nb); ++k) inLoop[static_cast<size_t>(k)] = (depth += cover[static_cast<size_t>(k)]) > 0;
  constexpr size_t kMaxHoisted = 32;
  for (size_t b = 0; b < nb; ++b) {
    if (!inLoop[b]) continue;
    const auto &instrs = fn_.blocks[b].instrs;
    for (uint32_t i = 0; i < instrs.size(); ++i) {
      const il::Instr &in = instrs[i];
      if (il::isTerminator(in.op) || in.op == il::Opcode::CallIndirect) continue;
      if (in.op == il::Opcode::Call && !intrinsicOp(in)) continue;
      if (in.op == il::Opcode::ConstF64 || il::shape(in.op) == il::OpShape::GlobalRef) continue;
      // Small integers are immediates in add/sub and in fused compares.
      const bool smallIsImmediate = in.op == il::Opcode::Add || in.op == il::Opcode::Sub || in.op == il::Opcode::IAddOvf ||
                                    in.op == il::Opcode::ISubOvf || isFusedCompare(static_cast<uint32_t>(b), i);
      for (const auto &v : in.operands) {
        if ((v.kind == il::ValueKind::Int || v.kind == il::ValueKind::Bool) && smallIsImmediate && v.i >= -128 && v.i <= 127)
          continue;
        auto key = constKey(v);
        if (!key || hoisted_.count(*key) || hoisted_.size() >= kMaxHoisted) continue;
        hoisted_.emplace(*key, static_cast<uint32_t>(hoistedValues_.size()));
        hoistedValues_.push_back(&v);
      }
    }
  }
  req.extraSlots = static_cast<uint32_t>(hoistedValues_.size());
}

void FunctionCompiler::emitPrologue() {
  for (const il::Value *v : hoistedValues_) loadInto(hoisted_.at(*constKey(*v)), *v);
}

FunctionCompiler::Label FunctionCompiler::newLabel() {
  labelPc_.push_back(-1);
  return static_cast<Label>(labelPc_.size() - 1);
}

void FunctionCompiler::bind(Label l) {
  labelPc_[l] = pc();
  lastBound_ = pc();
}

void FunctionCompiler::mark(uint32_t block, uint32_t instr) {
  curBlock_ = block;
  curInstr_ = instr;
  out_.instrPc[block][instr] = pc();
  if (!out_.pcMap.empty() && out_.pcMap.back().pc == pc()) out_.pcMap.back() = {pc(), block, instr};
  else out_.pcMap.push_back({pc(), block, instr});
}

// Appends one instruction. Slots above 255 do not fit a field: sources are first copied
// to this field's scratch slot (MOVW), a destination is written there and copied out.
uint32_t FunctionCompiler::emit(Insn in) {
  const FormatInfo &f = formatOf(in.op);
  const bool writesA = opInfo(in.op).flags & WA;
  uint32_t spillTo = UINT32_MAX;
  auto legalize = [&](Field kind, uint32_t &v, unsigned k, bool isDest) {
    if (kind != Field::Reg || v <= 0xFF) return;
    if (isDest) spillTo = v;
    else encode({Op::MOVW, scratch(k), 0, 0, static_cast<int32_t>(v), 0}, code_);
    v = scratch(k);
  };
  legalize(f.a, in.a, 0, writesA);
  legalize(f.b, in.b, 1, false);
  legalize(f.c, in.c, 2, false);
  const uint32_t at = pc();
  lastInsn_ = at;
  encode(in, code_);
  if (spillTo != UINT32_MAX) {
    lastInsn_ = pc();
    encode({Op::MOVWS, scratch(0), 0, 0, static_cast<int32_t>(spillTo), 0}, code_);
  }
  return at;
}

void FunctionCompiler::emitJump(Insn in, Label target) {
  // Counting loops: "i += step; if i < n goto loop" (or <=, every BASIC FOR) becomes one
  // instruction. Not in EH functions, where resume needs every IL instruction to start at
  // its own pc.
  const bool lt = in.op == Op::JLT;
  if ((lt || in.op == Op::JLE) && !usesEh_ && lastInsn_ + 1 == pc() && lastInsn_ >= out_.entry &&
      lastBound_ != pc()) {
    auto prev = decode(&code_[lastInsn_], 1);
    if (prev && (prev->op == Op::ADDIO || prev->op == Op::ADDO) && prev->a == in.a && in.a <= 0xFF && in.b <= 0xFF) {
      const Op inc = lt ? Op::INCLT : Op::INCLE, add = lt ? Op::ADDLT : Op::ADDLE;
      Insn fused;
      if (prev->op == Op::ADDIO && prev->b == prev->a) fused = {inc, in.a, in.b, prev->c, 0, 0};
      else if (prev->op == Op::ADDO && prev->b == prev->a) fused = {add, in.a, in.b, prev->c, 0, 0};
      else if (prev->op == Op::ADDO && prev->c == prev->a) fused = {add, in.a, in.b, prev->b, 0, 0};
      if (fused.op != Op::RETV) {
        code_.pop_back();
        // The fused instruction reports overflow as the add; the branch has no pc of its own.
        while (!out_.pcMap.empty() && out_.pcMap.back().pc > pc()) out_.pcMap.pop_back();
        in = fused;
      }
    }
  }
  uint32_t at = emit(in);
  fixups_.push_back({FixKind::Ext, at + 1, at, target, 0});
}

// An object field access (a gep, then a load or an 8-byte store through its result) is
// one LDX64 or STX64 when the address is read nowhere else: the gep's result is used only
// here, or (a load) it lives in the load's own destination slot. Not across a label, and
// not in EH functions (resume needs a pc per IL instruction). The fused word takes the
// load's or store's place in the pc map, since a bad address is its trap.
//   LD64: R[a] = 8 bytes at R[addrSlot];  ST64: 8 bytes at R[addrSlot] = R[a].
void FunctionCompiler::emitFieldAccess(Op op, const il::Value &addr, uint32_t addrSlot, uint32_t a) {
  const bool load = op == Op::LD64;
  const bool addrDead = addr.kind == il::ValueKind::Temp && (uses_[addr.id] == 1 || (load && addrSlot == a));
  if (addrDead && !usesEh_ && lastInsn_ + 1 == pc() && lastInsn_ >= out_.entry && lastBound_ != pc()) {
    auto prev = decode(&code_[lastInsn_], 1);
    if (prev && prev->op == Op::GEP && prev->a == addrSlot && (load || a != addrSlot)) {
      const uint32_t at = lastInsn_;
      code_.pop_back();
      while (!out_.pcMap.empty() && out_.pcMap.back().pc >= at) out_.pcMap.pop_back();
      out_.instrPc[curBlock_][curInstr_] = at;
      out_.pcMap.push_back({at, curBlock_, curInstr_});
      if (load) emit({Op::LDX64, a, prev->b, prev->c, 0, 0});
      else emit({Op::STX64, prev->b, prev->c, a, 0, 0});
      return;
    }
  }
  if (load) emit({Op::LD64, a, addrSlot, 0, 0, 0});
  else emit({Op::ST64, addrSlot, a, 0, 0, 0});
}

void FunctionCompiler::emitGoto(Label target, bool forwardEdge) {
  uint32_t at = emit({forwardEdge ? Op::JMPE : Op::JMP, 0, 0, 0, 0, 0});
  fixups_.push_back({FixKind::Jump24, at, at, target, 0});
}

uint32_t FunctionCompiler::slotOf(const il::Value &v) const { return static_cast<uint32_t>(slot_[v.id]); }

// dst = v for any operand: a slot, a small integer, or a pooled constant.
void FunctionCompiler::loadInto(uint32_t dst, const il::Value &v) {
  switch (v.kind) {
  case il::ValueKind::Temp:
    if (slotOf(v) != dst) emit({Op::MOV, dst, slotOf(v), 0, 0, 0});
    return;
  case il::ValueKind::Int: case il::ValueKind::Bool: case il::ValueKind::Null: {
    int64_t x = v.kind == il::ValueKind::Null ? 0 : v.i;
    if (x >= INT16_MIN && x <= INT16_MAX) emit({Op::LOADI, dst, 0, 0, static_cast<int32_t>(x), 0});
    else emit({Op::LOADK, dst, 0, 0, static_cast<int32_t>(mb_.intConstant(x)), 0});
    return;
  }
  case il::ValueKind::Float: {
    uint64_t bits;
    std::memcpy(&bits, &v.f, 8);
    emit({Op::LOADK, dst, 0, 0, static_cast<int32_t>(mb_.constant({Constant::Kind::Bits, bits, {}})), 0});
    return;
  }
  case il::ValueKind::Str:
    emit({Op::LOADK, dst, 0, 0, static_cast<int32_t>(mb_.constant({Constant::Kind::Str, 0, v.s})), 0});
    return;
  case il::ValueKind::Global: {
    int32_t fi = mb_.functionIndex(v.s);
    Constant c = fi >= 0 ? Constant{Constant::Kind::FuncPtr, static_cast<uint64_t>(fi), {}} : Constant{Constant::Kind::Bits, 0, {}};
    emit({Op::LOADK, dst, 0, 0, static_cast<int32_t>(mb_.constant(c)), 0});
    return;
  }
  }
}

uint32_t FunctionCompiler::reg(const il::Value &v, unsigned scratchIdx) {
  if (v.kind == il::ValueKind::Temp) return slotOf(v);
  if (!hoisted_.empty())
    if (auto key = constKey(v); key)
      if (auto it = hoisted_.find(*key); it != hoisted_.end()) return it->second;
  loadInto(scratch(scratchIdx), v);
  return scratch(scratchIdx);
}

std::vector<Move> FunctionCompiler::edgeMoves(const il::Target &t) const {
  const il::Block &dst = fn_.blocks[static_cast<size_t>(t.block)];
  std::vector<Move> moves;
  for (size_t i = 0; i < dst.params.size() && i < t.args.size(); ++i) {
    const il::Value &v = t.args[i];
    uint32_t d = static_cast<uint32_t>(slot_[dst.params[i].temp]);
    if (slot_[dst.params[i].temp] < 0) continue;  // never read: nothing to bind
    if (v.kind == il::ValueKind::Temp) moves.push_back({d, slotOf(v), false});
    else moves.push_back({d, static_cast<uint32_t>(i), true});
  }
  return sequentializeMoves(std::move(moves), scratch(3));
}

void FunctionCompiler::emitMoves(const il::Target &t) {
  for (const Move &m : edgeMoves(t)) {
    if (m.srcIsConst) loadInto(m.dst, t.args[m.src]);
    else emit({Op::MOV, m.dst, m.src, 0, 0, 0});
  }
}

// Where a jump along edge `t` should go: the block itself when the edge binds nothing,
// else a stub (placed after the function's blocks) that binds the parameters first.
FunctionCompiler::Label FunctionCompiler::edgeLabel(const il::Target &t) {
  if (edgeMoves(t).empty()) return static_cast<Label>(t.block);
  Label l = newLabel();
  stubs_.push_back({l, &t, curBlock_, curInstr_});
  return l;
}

void FunctionCompiler::emitEdge(const il::Target &t) {
  emitMoves(t);
  if (static_cast<uint32_t>(t.block) != curBlock_ + 1) emitGoto(static_cast<Label>(t.block));
}

bool FunctionCompiler::resolveFixups() {
  for (const Fixup &f : fixups_) {
    int64_t target = labelPc_[f.label];
    if (target < 0) { fail("internal error: unbound label"); return false; }
    int64_t off = target - static_cast<int64_t>(f.insnPc);
    switch (f.kind) {
    case FixKind::Ext: code_[f.at] = static_cast<uint32_t>(static_cast<int32_t>(off)); break;
    case FixKind::Jump24:
      if (off < -(1 << 23) || off >= (1 << 23)) { fail("function too large (jump beyond 8M words)"); return false; }
      code_[f.at] = (code_[f.at] & 0xFF) | (static_cast<uint32_t>(off) << 8);
      break;
    case FixKind::SwitchCase: {
      SwitchTable &t = mb_.out.switches[f.index];
      t.offsets[f.at] = static_cast<int32_t>(off);
      break;
    }
    case FixKind::SwitchDefault: mb_.out.switches[f.index].defaultOffset = static_cast<int32_t>(off); break;
    case FixKind::Handler: mb_.out.handlers[f.index].pc = static_cast<uint32_t>(target); break;
    }
  }
  return true;
}

bool FunctionCompiler::compile() {
  out_.name = fn_.name;
  out_.ret = fn_.sig.ret;
  out_.numParams = static_cast<uint32_t>(fn_.params.size());
  if (fn_.linkage == il::Linkage::Import || fn_.blocks.empty()) return true;
  out_.defined = true;
  if (fn_.params.size() + kScratch > 0xFF) { fail("more than 251 parameters"); return false; }
  planSlots();
  out_.reuseSlots = !usesEh_;
  out_.window = window_;
  out_.frameSize = window_ + maxArgs_;
  if (out_.frameSize >= kMaxSlots) { fail("needs more than 65534 frame slots"); return false; }
  out_.tempSlot = slot_;
  out_.entry = pc();
  out_.instrPc.resize(fn_.blocks.size());
  for (size_t b = 0; b < fn_.blocks.size(); ++b) {
    newLabel();
    out_.instrPc[b].assign(fn_.blocks[b].instrs.size() + 1, 0);
  }
  if (!hoistedValues_.empty()) {
    mark(0, 0);
    emitPrologue();
  }
  for (uint32_t b = 0; b < fn_.blocks.size(); ++b) {
    bind(b);
    const auto &instrs = fn_.blocks[b].instrs;
    for (uint32_t i = 0; i < instrs.size(); ++i) {
      mark(b, i);
      lowerInstr(b, i);
      if (!mb_.error.empty() && !failed_) {
        // A module-wide limit (the constant pool) hit here: say where, even without a .loc.
        const il::Instr &in = instrs[i];
        const SourceLoc at = in.loc.known() ? in.loc : in.textLoc;
        mb_.error = "@" + fn_.name + ": " + mb_.error + " (the first one over is in block '" + fn_.blocks[b].label +
                    "', " + (in.loc.known() ? "source" : "IL") + " line " + std::to_string(at.line) + ")";
        failed_ = true;
        return false;
      }
    }
    out_.instrPc[b][instrs.size()] = pc();
  }
  // Edge stubs: bind the target's parameters, then jump to it.
  for (size_t k = 0; k < stubs_.size(); ++k) {
    Stub s = stubs_[k];
    bind(s.label);
    out_.pcMap.push_back({pc(), s.block, s.instr});  // a stub belongs to its terminator
    emitMoves(*s.target);
    // The stub's jump spends budget only for an IL back edge; a resume.label has spent
    // its unit already.
    const bool free = static_cast<uint32_t>(s.target->block) > s.block ||
                      fn_.blocks[s.block].instrs[s.instr].op == il::Opcode::ResumeLabel;
    emitGoto(static_cast<Label>(s.target->block), free);
  }
  out_.end = pc();
  return resolveFixups() && !failed_;
}

Result<Module> compileModule(const il::Module &m) {
  ModuleBuilder mb(m);
  mb.out.functions.resize(m.functions.size());
  for (uint32_t i = 0; i < m.functions.size(); ++i) {
    FunctionCompiler fc(mb, i);
    if (!fc.compile()) return Error{mb.error};
    if (!mb.error.empty()) return Error{mb.error};
  }
  int32_t main = mb.functionIndex("main");
  if (main < 0) return Error{"missing main"};
  if (!m.functions[static_cast<size_t>(main)].params.empty()) return Error{"@main must take no parameters"};
  mb.out.mainIndex = static_cast<uint32_t>(main);
  return std::move(mb.out);
}

} // namespace viper::bc
