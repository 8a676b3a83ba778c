#include "bytecode/disasm.hpp"
#include "il/printer.hpp"
#include "runtime/registry.hpp"
#include <cstdio>

namespace viper::bc {

namespace {

std::string pcText(int64_t pc) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(pc));
  return buf;
}

std::string constText(const Module &m, uint32_t k) {
  if (k >= m.constants.size()) return "K?";
  const Constant &c = m.constants[k];
  switch (c.kind) {
  case Constant::Kind::Bits: return "K" + std::to_string(k) + "=" + std::to_string(static_cast<int64_t>(c.bits));
  case Constant::Kind::Str: return "K" + std::to_string(k) + "=" + il::quoteString(c.text);
  case Constant::Kind::FuncPtr:
    return "K" + std::to_string(k) + "=&@" + (c.bits < m.functions.size() ? m.functions[c.bits].name : "?");
  case Constant::Kind::GlobalAddr: return "K" + std::to_string(k) + "=gaddr @" + c.text;
  case Constant::Kind::StrGlobal: return "K" + std::to_string(k) + "=const_str @" + c.text;
  case Constant::Kind::StrGlobalBytes: return "K" + std::to_string(k) + "=addr_of @" + c.text;
  }
  return "K?";
}

std::string field(Field f, uint32_t v) {
  if (f == Field::Reg) return "r" + std::to_string(v);
  return std::to_string(f == Field::S8 ? static_cast<int32_t>(v) : static_cast<int64_t>(v));
}

} // namespace

std::string formatInsn(const Module &m, uint32_t pc, const Insn &in) {
  const OpInfo &oi = opInfo(in.op);
  const FormatInfo &f = formatInfo(oi.format);
  std::string s(oi.name);
  s.resize(std::max<size_t>(s.size(), 9), ' ');
  std::vector<std::string> parts;
  if (f.a != Field::No) parts.push_back(field(f.a, in.a));
  if (f.bx == BxKind::None) {
    if (f.b != Field::No) parts.push_back(field(f.b, in.b));
    if (f.c != Field::No) parts.push_back(field(f.c, in.c));
  }
  const uint32_t bx = static_cast<uint32_t>(in.bx);
  switch (f.bx) {
  case BxKind::None: break;
  case BxKind::SImm: parts.push_back(std::to_string(in.bx)); break;
  case BxKind::Const: parts.push_back(constText(m, bx)); break;
  case BxKind::Slot: parts.push_back("r" + std::to_string(bx)); break;
  case BxKind::Table: parts.push_back("table" + std::to_string(bx)); break;
  case BxKind::Handler:
    parts.push_back("handler -> " + (bx < m.handlers.size() ? pcText(m.handlers[bx].pc) : std::string("?")));
    break;
  case BxKind::Fault: parts.push_back("fault" + std::to_string(bx)); break;
  case BxKind::Jump24: parts.push_back("-> " + pcText(static_cast<int64_t>(pc) + in.bx)); break;
  case BxKind::Func: parts.push_back("@" + (bx < m.functions.size() ? m.functions[bx].name : std::string("?"))); break;
  case BxKind::Runtime:
    parts.push_back("@" + (bx < m.runtime.size() && m.runtime[bx].fn ? std::string(m.runtime[bx].fn->canonicalName) : std::string("?")));
    break;
  case BxKind::Sig: parts.push_back("sig" + std::to_string(bx)); break;
  }
  switch (f.ext) {
  case ExtKind::None: break;
  case ExtKind::Jump: parts.push_back("-> " + pcText(static_cast<int64_t>(pc) + static_cast<int32_t>(in.ext))); break;
  case ExtKind::Reg16: parts.push_back("r" + std::to_string(in.ext)); break;
  case ExtKind::Slots:
    parts.push_back("window r" + std::to_string(slotsWindow(in.ext)));
    if (slotsDest(in.ext) != kNoSlot) parts.push_back("-> r" + std::to_string(slotsDest(in.ext)));
    break;
  }
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? ", " : " ") + parts[i];
  return s;
}

std::string disassemble(const Module &m, const il::Module &src, std::vector<il::InstrRef> *lineOrigins) {
  std::string out;
  auto note = [&](int32_t fn, int32_t block, int32_t instr) {
    if (lineOrigins) lineOrigins->push_back({fn, block, instr});
  };
  for (size_t fi = 0; fi < m.functions.size(); ++fi) {
    const Function &f = m.functions[fi];
    if (!f.defined) continue;
    const il::Function &ilf = src.functions[fi];
    const il::InstrPrinter printInstr(src, ilf);
    out += "func @" + f.name + "  ; " + std::to_string(f.numParams) + " params, frame " + std::to_string(f.frameSize) +
           " slots, call window at r" + std::to_string(f.window) + (f.reuseSlots ? "" : ", one slot per value (EH)") + "\n";
    note(-1, -1, -1);
    const auto fn = static_cast<int32_t>(fi);
    int64_t lastBlock = -1;
    uint32_t nextInstr = 0;
    for (size_t k = 0; k < f.pcMap.size(); ++k) {
      const PcEntry &e = f.pcMap[k];
      const uint32_t endPc = k + 1 < f.pcMap.size() ? f.pcMap[k + 1].pc : f.end;
      const il::Block &blk = ilf.blocks[e.block];
      if (static_cast<int64_t>(e.block) != lastBlock && f.instrPc[e.block][0] == e.pc) {
        out += blk.label + ":\n";
        note(-1, -1, -1);
        lastBlock = e.block;
        nextInstr = 0;
      }
      bool stub = f.instrPc[e.block][e.instr] != e.pc;
      // Instructions that became no code of their own (a compare fused into the branch
      // after it, eh.entry) are listed where they stand.
      if (!stub && static_cast<int64_t>(e.block) == lastBlock)
        for (; nextInstr < e.instr; ++nextInstr) {
          out += "  ; " + printInstr(blk.instrs[nextInstr]) + "   (no code of its own)\n";
          note(fn, static_cast<int32_t>(e.block), static_cast<int32_t>(nextInstr));
        }
      if (!stub) nextInstr = e.instr + 1;
      out += "  ; " + std::string(stub ? "(edge of) " : "") + printInstr(blk.instrs[e.instr]) + "\n";
      note(fn, static_cast<int32_t>(e.block), static_cast<int32_t>(e.instr));
      for (uint32_t pc = e.pc; pc < endPc;) {
        auto in = decode(&m.code[pc], endPc - pc);
        note(fn, static_cast<int32_t>(e.block), static_cast<int32_t>(e.instr));
        if (!in) { out += "    " + pcText(pc) + "  <bad word>\n"; ++pc; continue; }
        out += "    " + pcText(pc) + "  " + formatInsn(m, pc, *in) + "\n";
        pc += formatOf(in->op).words();
      }
    }
    out += "\n";
    note(-1, -1, -1);
  }
  return out;
}

} // namespace viper::bc
