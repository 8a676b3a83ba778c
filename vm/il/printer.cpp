#include "il/printer.hpp"
#include <algorithm>
#include <unordered_set>
#include <cmath>
#include <cstdio>

namespace viper::il {
namespace {

std::string joinAttrs(const std::vector<std::string> &attrs) {
  if (attrs.empty()) return "";
  std::string s = " [";
  for (size_t i = 0; i < attrs.size(); ++i) s += (i ? ", " : "") + attrs[i];
  return s + "]";
}

std::string sigParams(const Signature &sig) {
  std::string s = "(";
  for (size_t i = 0; i < sig.params.size(); ++i) s += (i ? ", " : "") + std::string(typeName(sig.params[i]));
  if (sig.variadic) s += sig.params.empty() ? "..." : ", ...";
  return s + ")";
}

// One printed name per value. Block parameters may reuse a name (each is a new value,
// scoped to its block), so the second and later values of a name get a suffix: the text
// then means the same program whatever order a reader resolves names in.
std::vector<std::string> uniqueNames(const Function &fn) {
  std::vector<std::string> names;
  names.reserve(fn.temps.size());
  std::unordered_set<std::string> taken;
  for (const auto &t : fn.temps) {
    std::string n = t.name;
    for (int k = 1; !taken.insert(n).second; ++k) n = t.name + "." + std::to_string(k);
    names.push_back(std::move(n));
  }
  return names;
}

class Printer {
public:
  Printer(const Module &m, const Function &fn) : m_(m), fn_(fn), names_(uniqueNames(fn)) {}

  std::string value(const Value &v) const {
    switch (v.kind) {
    case ValueKind::Temp: return "%" + names_[v.id];
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Bool: return v.i ? "true" : "false";
    case ValueKind::Float: return formatFloatLiteral(v.f);
    case ValueKind::Null: return "null";
    case ValueKind::Str: return quoteString(v.s);
    case ValueKind::Global: return "@" + v.s;
    }
    return "?";
  }

  std::string target(const Target &t, bool caret) const {
    std::string s = (caret ? "^" : "") + t.label;
    if (!t.args.empty()) {
      s += "(";
      for (size_t i = 0; i < t.args.size(); ++i) s += (i ? ", " : "") + value(t.args[i]);
      s += ")";
    }
    return s;
  }

  // The result type the parser infers without an annotation; the printer annotates only
  // when the actual type differs, so output stays minimal and round-trips.
  Type defaultType(const Instr &in) const {
    switch (shape(in.op)) {
    case OpShape::CheckedBin: case OpShape::IdxChk: case OpShape::BitBin:
      for (const auto &v : in.operands) if (v.kind == ValueKind::Temp) return fn_.temps[v.id].type;
      return Type::I64;
    case OpShape::Convert:
      return (in.op == Opcode::Sitofp || in.op == Opcode::CastSiToFp || in.op == Opcode::CastUiToFp) ? Type::F64
             : in.op == Opcode::Trunc1 ? Type::I1 : Type::I64;
    case OpShape::NoOperand: return Type::Ptr;
    case OpShape::Call:
      if (auto *f = m_.findFunction(in.callee)) return f->sig.ret;
      if (auto *e = m_.findExtern(in.callee)) return e->sig.ret;
      return Type::Void;  // unknown callee: always annotate
    case OpShape::CallIndirect: return in.hasIndirectSig ? in.indirectSig.ret : Type::I64;
    default: return in.type;
    }
  }

  std::string instr(const Instr &in) const {
    std::string s;
    if (in.result >= 0) {
      s += "%" + names_[static_cast<size_t>(in.result)];
      if (in.type != defaultType(in)) s += ":" + std::string(typeName(in.type));
      s += " = ";
    }
    s += mnemonic(in.op);
    auto ops = [&](size_t from) {
      std::string r;
      for (size_t i = from; i < in.operands.size(); ++i) r += (i > from ? ", " : " ") + value(in.operands[i]);
      return r;
    };
    switch (shape(in.op)) {
    case OpShape::Load: case OpShape::Store: case OpShape::Select:
      s += " " + std::string(typeName(in.memType));
      for (const auto &v : in.operands) s += ", " + value(v);
      break;
    case OpShape::TrapFromErr: case OpShape::TrapErr:
      s += " " + std::string(typeName(in.memType)) + ops(0);
      break;
    case OpShape::Call: {
      s += " @" + in.callee + "(";
      for (size_t i = 0; i < in.operands.size(); ++i) s += (i ? ", " : "") + value(in.operands[i]);
      s += ")" + joinAttrs(in.attrs);
      break;
    }
    case OpShape::CallIndirect: {
      s += " ";
      if (in.hasIndirectSig) s += "[" + std::string(typeName(in.indirectSig.ret)) + sigParams(in.indirectSig) + "] ";
      s += value(in.operands[0]) + "(";
      for (size_t i = 1; i < in.operands.size(); ++i) s += (i > 1 ? ", " : "") + value(in.operands[i]);
      s += ")" + joinAttrs(in.attrs);
      break;
    }
    case OpShape::Switch:
      s += ops(0) + ", " + target(in.targets[0], true);
      for (size_t i = 0; i < in.caseValues.size(); ++i)
        s += ", " + std::to_string(in.caseValues[i]) + " -> " + target(in.targets[i + 1], true);
      break;
    case OpShape::Br: s += " " + target(in.targets[0], false); break;
    case OpShape::Cbr:
      s += ops(0) + ", " + target(in.targets[0], false) + ", " + target(in.targets[1], false);
      break;
    case OpShape::EhPush: s += " " + target(in.targets[0], true); break;
    case OpShape::ResumeLabel: s += ops(0) + ", " + target(in.targets[0], true); break;
    default: s += ops(0); break;
    }
    return s;
  }

  std::string function(std::vector<InstrRef> *origins = nullptr, int32_t fnIndex = -1) const {
    auto note = [&](int32_t block, int32_t instr) {
      if (origins) origins->push_back({instr >= 0 ? fnIndex : -1, block, instr});
    };
    std::string s = "func ";
    if (fn_.linkage == Linkage::Export) s += "export ";
    if (fn_.linkage == Linkage::Import) s += "import ";
    s += "@" + fn_.name + "(";
    for (size_t i = 0; i < fn_.params.size(); ++i)
      s += (i ? ", " : "") + std::string(typeName(fn_.params[i].type)) + " %" + names_[fn_.params[i].temp];
    if (fn_.sig.variadic) s += fn_.params.empty() ? "..." : ", ...";
    s += ") -> " + std::string(typeName(fn_.sig.ret)) + joinAttrs(fn_.attrs);
    if (fn_.linkage == Linkage::Import) { note(-1, -1); return s + "\n"; }
    s += " {\n";
    note(-1, -1);
    SourceLoc last;
    for (size_t bi = 0; bi < fn_.blocks.size(); ++bi) {
      const Block &b = fn_.blocks[bi];
      if (b.isHandler()) s += "handler ^";
      s += b.label;
      if (!b.params.empty()) {
        s += "(";
        for (size_t i = 0; i < b.params.size(); ++i) {
          Type t = b.params[i].type;
          std::string tn = b.isHandler() && t == Type::Error ? "Error"
                           : b.isHandler() && t == Type::ResumeTok ? "ResumeTok" : std::string(typeName(t));
          s += (i ? ", " : "") + ("%" + names_[b.params[i].temp]) + ":" + tn;
        }
        s += ")";
      }
      s += ":\n";
      note(-1, -1);
      for (size_t ii = 0; ii < b.instrs.size(); ++ii) {
        const Instr &in = b.instrs[ii];
        if (in.loc.known() && (in.loc.file != last.file || in.loc.line != last.line || in.loc.col != last.col)) {
          s += "  .loc " + std::to_string(in.loc.file) + " " + std::to_string(in.loc.line) + " " + std::to_string(in.loc.col) + "\n";
          note(static_cast<int32_t>(bi), static_cast<int32_t>(ii));
          last = in.loc;
        }
        s += "  " + instr(in) + "\n";
        note(static_cast<int32_t>(bi), static_cast<int32_t>(ii));
      }
    }
    note(-1, -1);
    return s + "}\n";
  }

private:
  const Module &m_;
  const Function &fn_;
  std::vector<std::string> names_;
};

} // namespace

std::string formatFloatLiteral(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-Inf" : "Inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

std::string quoteString(const std::string &bytes) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string s = "\"";
  for (unsigned char c : bytes) {
    if (c == '\\') s += "\\\\";
    else if (c == '"') s += "\\\"";
    else if (c < 0x20 || c == 0x7F || c >= 0x80) { s += "\\x"; s += kHex[c >> 4]; s += kHex[c & 15]; }
    else s += static_cast<char>(c);
  }
  return s + "\"";
}

std::string printInstr(const Module &m, const Function &fn, const Instr &in) { return Printer(m, fn).instr(in); }

struct InstrPrinter::Impl {
  Printer p;
};
InstrPrinter::InstrPrinter(const Module &m, const Function &fn) : impl_(new Impl{Printer(m, fn)}) {}
InstrPrinter::~InstrPrinter() = default;
std::string InstrPrinter::operator()(const Instr &in) const { return impl_->p.instr(in); }

std::string printModule(const Module &m, std::vector<InstrRef> *lineOrigins) {
  std::string s = "il 0.3.0\n";
  if (m.hasTarget) s += "target " + quoteString(m.target) + "\n";
  if (!m.externs.empty()) s += "\n";
  for (const auto &e : m.externs)
    s += "extern @" + e.name + sigParams(e.sig) + " -> " + std::string(typeName(e.sig.ret)) + joinAttrs(e.attrs) + "\n";
  if (!m.globals.empty()) s += "\n";
  Function none;
  for (const auto &g : m.globals) {
    s += "global ";
    if (g.linkage == Linkage::Export) s += "export ";
    if (g.linkage == Linkage::Import) s += "import ";
    if (g.isConst) s += "const ";
    s += std::string(typeName(g.type)) + " @" + g.name;
    if (g.hasInit) s += " = " + Printer(m, none).value(g.init);
    s += "\n";
  }
  // Lines before each function have no instruction: pad the origins to them.
  size_t counted = 0, lines = 0;  // newlines in s[0, counted): each character is counted once
  auto padOrigins = [&] {
    if (!lineOrigins) return;
    lines += static_cast<size_t>(std::count(s.begin() + static_cast<std::ptrdiff_t>(counted), s.end(), '\n'));
    counted = s.size();
    lineOrigins->resize(lines);
  };
  for (size_t fi = 0; fi < m.functions.size(); ++fi) {
    s += "\n";
    padOrigins();
    s += Printer(m, m.functions[fi]).function(lineOrigins, static_cast<int32_t>(fi));
  }
  padOrigins();
  return s;
}

} // namespace viper::il
