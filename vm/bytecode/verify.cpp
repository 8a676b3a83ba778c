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
    uint32_t pc = f_.entry;
    Op last = Op::RETV;
    while (pc < f_.end) {
      auto in = decode(&m_.code[pc], f_.end - pc);
      if (!in) return fail(pc, "undecodable instruction");
      starts_[pc - f_.entry] = true;
      if (!checkInsn(pc, *in)) return false;
      last = in->op;
      pc += formatOf(in->op).words();
    }
    if (!(opInfo(last).flags & END)) return fail(pc, "code falls off the end of the function");
    for (auto [from, to] : jumps_)
      if (to < f_.entry || to >= f_.end || !starts_[to - f_.entry]) return fail(from, "jump to a non-instruction");
    return true;
  }

  std::string error;

private:
  bool fail(uint32_t pc, const std::string &msg) {
    error = "@" + f_.name + " pc " + std::to_string(pc) + ": " + msg;
    return false;
  }
  bool reg(uint32_t v) const { return v < f_.frameSize; }
  void jump(uint32_t from, int64_t off) { jumps_.push_back({from, static_cast<uint32_t>(static_cast<int64_t>(from) + off)}); }

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
      jump(pc, static_cast<int64_t>(h.pc) - pc);
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
    return true;
  }

  const Module &m_;
  const Function &f_;
  std::vector<bool> starts_;
  std::vector<std::pair<uint32_t, uint32_t>> jumps_;
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
