// Copy propagation and peepholes. A block parameter that every incoming edge gives the
// same value (or itself) is that value. An instruction that is an exact identity of the
// IL's semantics is replaced by its operand: x+0, x-0, x*1, x/1, x|0, x^0, x&-1, shifts by
// 0 (checked forms too: these cannot overflow), x-x and x^x = 0, x&x = x|x = x, compares
// of a value with itself, select c, x, x = x, select c, true, false = c, trunc1(zext1 c) = c,
// icmp_ne(zext1 c, 0) = icmp_eq(zext1 c, 1) = c. Float identities are not used: x*1.0
// and x-0.0 may change a NaN's bits, x+0.0 turns -0.0 into 0.0. A retain or release of a
// string literal or of null is dropped. A cbr on a negated condition (icmp_eq(zext1 c, 0),
// xor c, true) tests c with its targets swapped.
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include "runtime/registry.hpp"

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

bool isInt(const Value &v, int64_t k) { return (v.kind == ValueKind::Int || v.kind == ValueKind::Bool) && v.i == k; }
bool sameTemp(const Value &a, const Value &b) { return a.kind == ValueKind::Temp && b.kind == ValueKind::Temp && a.id == b.id; }

// Retaining or releasing a string literal (immortal) or null does nothing.
bool countsNothing(const il::Instr &in) {
  if (in.op != Opcode::Call || in.operands.size() != 1) return false;
  const ValueKind k = in.operands[0].kind;
  if (k != ValueKind::Str && k != ValueKind::Null) return false;
  const rt::RuntimeFunction *f = rt::findRuntimeFunction(in.callee);
  return f == &rt::runtimeFunction(rt::RtFn::strRetainMaybe) || f == &rt::runtimeFunction(rt::RtFn::strReleaseMaybe);
}

struct Peep {
  il::Function &fn;
  std::vector<const il::Instr *> def;  ///< defining instruction of each result

  const il::Instr *defOf(const Value &v) const {
    return v.kind == ValueKind::Temp && v.id < def.size() ? def[v.id] : nullptr;
  }
  bool isZext(const Value &v) const { const il::Instr *d = defOf(v); return d && d->op == Opcode::Zext1; }

  /// c when v is `not c` as front ends write it: icmp_eq(zext1 c, 0), icmp_ne(zext1 c, 1)
  /// or xor c, true.
  std::optional<Value> negated(const Value &v) const {
    const il::Instr *d = defOf(v);
    if (!d || d->operands.size() != 2) return std::nullopt;
    const auto &o = d->operands;
    if ((d->op == Opcode::ICmpEq && isZext(o[0]) && isInt(o[1], 0)) || (d->op == Opcode::ICmpNe && isZext(o[0]) && isInt(o[1], 1)))
      return defOf(o[0])->operands[0];
    if (d->op == Opcode::Xor && d->type == Type::I1 && isInt(o[1], 1)) return o[0];
    return std::nullopt;
  }

  /// The value `in` always equals, if it is one of the identities.
  std::optional<Value> identity(const il::Instr &in) const {
    if (in.result < 0) return std::nullopt;
    const auto &o = in.operands;
    const Type t = in.type;
    auto zero = [&]() -> std::optional<Value> {
      // A literal result: only where a literal may stand anywhere (i64, i1).
      if (t == Type::I1) return Value::boolean(false);
      if (t == Type::I64) return Value::integer(0);
      return std::nullopt;
    };
    auto boolean = [&](bool b) -> std::optional<Value> { return Value::boolean(b); };
    const int64_t allOnes = t == Type::I1 ? 1 : -1;
    switch (in.op) {
    case Opcode::Add: case Opcode::IAddOvf: case Opcode::Or: case Opcode::Xor:
      if (isInt(o[1], 0)) return o[0];
      if (isInt(o[0], 0)) return o[1];
      if (in.op == Opcode::Or && sameTemp(o[0], o[1])) return o[0];
      if (in.op == Opcode::Xor && sameTemp(o[0], o[1])) return zero();
      break;
    case Opcode::Sub: case Opcode::ISubOvf:
      if (isInt(o[1], 0)) return o[0];
      if (sameTemp(o[0], o[1])) return zero();
      break;
    case Opcode::Shl: case Opcode::LShr: case Opcode::AShr:
      if (isInt(o[1], 0)) return o[0];
      break;
    case Opcode::Mul: case Opcode::IMulOvf:
      if (isInt(o[1], 1)) return o[0];
      if (isInt(o[0], 1)) return o[1];
      break;
    case Opcode::SDiv: case Opcode::SDivChk0: case Opcode::UDiv: case Opcode::UDivChk0:
      if (isInt(o[1], 1)) return o[0];
      break;
    case Opcode::SRem: case Opcode::SRemChk0: case Opcode::URem: case Opcode::URemChk0:
      if (isInt(o[1], 1)) return zero();
      break;
    case Opcode::And:
      if (isInt(o[1], allOnes)) return o[0];
      if (isInt(o[0], allOnes)) return o[1];
      if (sameTemp(o[0], o[1])) return o[0];
      break;
    case Opcode::ICmpEq: case Opcode::SCmpLE: case Opcode::SCmpGE: case Opcode::UCmpLE: case Opcode::UCmpGE:
      if (sameTemp(o[0], o[1])) return boolean(true);
      if (in.op == Opcode::ICmpEq && isZext(o[0]) && isInt(o[1], 1)) return defOf(o[0])->operands[0];
      break;
    case Opcode::ICmpNe: case Opcode::SCmpLT: case Opcode::SCmpGT: case Opcode::UCmpLT: case Opcode::UCmpGT:
      if (sameTemp(o[0], o[1])) return boolean(false);
      if (in.op == Opcode::ICmpNe && isZext(o[0]) && isInt(o[1], 0)) return defOf(o[0])->operands[0];
      break;
    case Opcode::Trunc1:
      if (isZext(o[0])) return defOf(o[0])->operands[0];
      break;
    case Opcode::Select:
      if (o[0].kind == ValueKind::Bool || o[0].kind == ValueKind::Int) return (o[0].i & 1) ? o[1] : o[2];
      if (sameTemp(o[1], o[2])) return o[1];
      if (in.memType == Type::I1 && isInt(o[1], 1) && isInt(o[2], 0) && o[1].kind == ValueKind::Bool) return o[0];
      break;
    default: break;
    }
    return std::nullopt;
  }

  size_t run() {
    size_t changes = 0;
    def.assign(fn.temps.size(), nullptr);
    std::vector<int32_t> defBlock(fn.temps.size(), -1);
    for (size_t b = 0; b < fn.blocks.size(); ++b) {
      for (const auto &p : fn.blocks[b].params) defBlock[p.temp] = static_cast<int32_t>(b);
      for (const auto &in : fn.blocks[b].instrs)
        if (in.result >= 0) { def[static_cast<size_t>(in.result)] = &in; defBlock[static_cast<size_t>(in.result)] = static_cast<int32_t>(b); }
    }
    std::vector<std::optional<Value>> map(fn.temps.size());
    // Block parameters every edge gives one value.
    {
      std::vector<std::vector<const il::Target *>> incoming(fn.blocks.size());
      for (const auto &b : fn.blocks)
        for (const auto &in : b.instrs)
          for (const auto &t : in.targets)
            if (t.block >= 0) incoming[static_cast<size_t>(t.block)].push_back(&t);
      for (size_t b = 1; b < fn.blocks.size(); ++b) {
        const il::Block &blk = fn.blocks[b];
        if (blk.isHandler() || incoming[b].empty()) continue;
        for (size_t p = 0; p < blk.params.size(); ++p) {
          const uint32_t self = blk.params[p].temp;
          if (isHandle(blk.params[p].type)) continue;
          std::optional<Value> only;
          bool ok = true;
          for (const il::Target *t : incoming[b]) {
            if (p >= t->args.size()) { ok = false; break; }
            const Value &a = t->args[p];
            if (a.kind == ValueKind::Temp && a.id == self) continue;
            if (a.kind != ValueKind::Temp) { ok = false; break; }  // constants are SCCP's
            if (!only) only = a;
            else if (!sameTemp(*only, a)) { ok = false; break; }
          }
          if (!ok || !only || defBlock[only->id] == static_cast<int32_t>(b)) continue;
          map[self] = *only;
          ++changes;
        }
      }
    }
    // Identities: the result becomes the operand and the instruction goes.
    std::vector<std::vector<bool>> drop(fn.blocks.size());
    for (size_t b = 0; b < fn.blocks.size(); ++b) {
      drop[b].assign(fn.blocks[b].instrs.size(), false);
      for (size_t i = 0; i < fn.blocks[b].instrs.size(); ++i) {
        const il::Instr &in = fn.blocks[b].instrs[i];
        if (countsNothing(in)) { drop[b][i] = true; ++changes; continue; }
        if (in.result < 0 || isHandle(fn.temps[static_cast<size_t>(in.result)].type)) continue;
        bool anyTemp = false;
        for (const auto &v : in.operands) anyTemp = anyTemp || v.kind == ValueKind::Temp;
        if (!anyTemp) continue;  // all constants: SCCP's job
        auto v = identity(in);
        if (!v) continue;
        if (v->kind != ValueKind::Temp) {
          // A constant result: rewrite in place as `or K, 0` (no trap); SCCP then puts
          // the literal wherever one may stand.
          il::Instr k;
          k.result = in.result;
          k.op = Opcode::Or;
          k.type = fn.temps[static_cast<size_t>(in.result)].type;
          k.typeAnnotated = true;
          k.operands = {*v, k.type == Type::I1 ? Value::boolean(false) : Value::integer(0)};
          k.loc = in.loc;
          k.textLoc = in.textLoc;
          fn.blocks[b].instrs[i] = std::move(k);
          ++changes;
          continue;
        }
        map[static_cast<size_t>(in.result)] = *v;
        drop[b][i] = true;
        ++changes;
      }
    }
    // A branch on a negated condition branches on the condition with its targets swapped.
    for (auto &b : fn.blocks) {
      if (b.instrs.empty() || b.instrs.back().op != Opcode::Cbr || b.instrs.back().targets.size() != 2) continue;
      il::Instr &br = b.instrs.back();
      for (int guard = 0; guard < 4; ++guard) {
        auto c = negated(br.operands[0]);
        if (!c) break;
        br.operands[0] = *c;
        std::swap(br.targets[0], br.targets[1]);
        ++changes;
      }
    }
    if (!changes) return 0;
    for (size_t b = 0; b < fn.blocks.size(); ++b) {
      auto &instrs = fn.blocks[b].instrs;
      std::vector<il::Instr> kept;
      kept.reserve(instrs.size());
      for (size_t i = 0; i < instrs.size(); ++i) if (!drop[b][i]) kept.push_back(std::move(instrs[i]));
      instrs = std::move(kept);
    }
    def.clear();
    substitute(fn, map);
    return changes;
  }
};

} // namespace

size_t peephole(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (!fn.blocks.empty() && !hasExceptionHandling(fn)) changes += Peep{fn, {}}.run();
  return changes;
}

} // namespace viper::passes
