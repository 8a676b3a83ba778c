#include "passes/constfold.hpp"
#include <optional>
#include <unordered_map>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

bool isIntConst(const Value &v) { return v.kind == ValueKind::Int || v.kind == ValueKind::Bool; }

/// The folded value of `in` (operands already constant), or nullopt if it must run.
std::optional<Value> fold(const il::Instr &in) {
  const auto &o = in.operands;
  auto I = [&](size_t k) { return o[k].i; };
  auto F = [&](size_t k) { return o[k].f; };
  auto allInt = [&] { for (const auto &v : o) if (!isIntConst(v)) return false; return !o.empty(); };
  auto allFloat = [&] { for (const auto &v : o) if (v.kind != ValueKind::Float) return false; return !o.empty(); };
  int64_t r = 0;
  switch (in.op) {
  case Opcode::IAddOvf: case Opcode::ISubOvf: case Opcode::IMulOvf:
    if (in.type != Type::I64 || !allInt()) return std::nullopt;
    if (in.op == Opcode::IAddOvf ? __builtin_add_overflow(I(0), I(1), &r)
        : in.op == Opcode::ISubOvf ? __builtin_sub_overflow(I(0), I(1), &r)
                                   : __builtin_mul_overflow(I(0), I(1), &r))
      return std::nullopt;  // overflows: keep it, so it traps when it runs
    return Value::integer(r);
  case Opcode::SDivChk0: case Opcode::SRemChk0:
    if (in.type != Type::I64 || !allInt() || I(1) == 0 || (I(1) == -1 && I(0) == INT64_MIN)) return std::nullopt;
    return Value::integer(in.op == Opcode::SDivChk0 ? I(0) / I(1) : I(0) % I(1));
  case Opcode::And: case Opcode::Or: case Opcode::Xor:
    if (!allInt() || (in.type != Type::I64 && in.type != Type::I1)) return std::nullopt;
    r = in.op == Opcode::And ? (I(0) & I(1)) : in.op == Opcode::Or ? (I(0) | I(1)) : (I(0) ^ I(1));
    return in.type == Type::I1 ? Value::boolean((r & 1) != 0) : Value::integer(r);
  case Opcode::ICmpEq: case Opcode::ICmpNe: case Opcode::SCmpLT: case Opcode::SCmpLE: case Opcode::SCmpGT: case Opcode::SCmpGE: {
    if (!allInt()) return std::nullopt;
    const int64_t a = I(0), b = I(1);
    bool c = in.op == Opcode::ICmpEq ? a == b : in.op == Opcode::ICmpNe ? a != b : in.op == Opcode::SCmpLT ? a < b
           : in.op == Opcode::SCmpLE ? a <= b : in.op == Opcode::SCmpGT ? a > b : a >= b;
    return Value::boolean(c);
  }
  case Opcode::FAdd: case Opcode::FSub: case Opcode::FMul: case Opcode::FDiv:
    if (!allFloat()) return std::nullopt;
    return Value::real(in.op == Opcode::FAdd ? F(0) + F(1) : in.op == Opcode::FSub ? F(0) - F(1) : in.op == Opcode::FMul ? F(0) * F(1) : F(0) / F(1));
  case Opcode::FCmpEQ: case Opcode::FCmpNE: case Opcode::FCmpLT: case Opcode::FCmpLE: case Opcode::FCmpGT: case Opcode::FCmpGE: {
    if (!allFloat()) return std::nullopt;
    const double a = F(0), b = F(1);
    bool c = in.op == Opcode::FCmpEQ ? a == b : in.op == Opcode::FCmpNE ? !(a == b) : in.op == Opcode::FCmpLT ? a < b
           : in.op == Opcode::FCmpLE ? a <= b : in.op == Opcode::FCmpGT ? a > b : a >= b;
    return Value::boolean(c);
  }
  case Opcode::Sitofp: case Opcode::CastSiToFp:
    if (!allInt()) return std::nullopt;
    return Value::real(static_cast<double>(I(0)));
  case Opcode::Zext1:
    if (!allInt()) return std::nullopt;
    return Value::integer(I(0) & 1);
  case Opcode::Select:
    if (!isIntConst(o[0])) return std::nullopt;
    return (o[0].i & 1) ? o[1] : o[2];
  default: return std::nullopt;
  }
}

} // namespace

size_t foldConstants(il::Module &m) {
  size_t folded = 0;
  for (auto &fn : m.functions) {
    std::unordered_map<uint32_t, Value> subst;
    // Follows chains (a select folded to a temp that was itself folded later).
    auto resolve = [&](Value &v) {
      const SourceLoc loc = v.loc;
      for (size_t guard = 0; v.kind == ValueKind::Temp && guard <= subst.size(); ++guard) {
        auto it = subst.find(v.id);
        if (it == subst.end()) break;
        v = it->second;
      }
      v.loc = loc;
    };
    // Two sweeps settle values folded in a later block but used in an earlier one.
    for (int sweep = 0; sweep < 2; ++sweep) {
      for (auto &b : fn.blocks) {
        std::vector<il::Instr> kept;
        kept.reserve(b.instrs.size());
        for (auto &in : b.instrs) {
          for (auto &v : in.operands) resolve(v);
          for (auto &t : in.targets) for (auto &v : t.args) resolve(v);
          if (in.result >= 0) {
            if (auto c = fold(in)) {
              subst[static_cast<uint32_t>(in.result)] = *c;
              ++folded;
              continue;
            }
          }
          if (in.op == Opcode::Cbr && isIntConst(in.operands[0])) {
            // A decided branch: keep only the taken edge.
            il::Target taken = in.targets[(in.operands[0].i & 1) ? 0 : 1];
            in.op = Opcode::Br;
            in.operands.clear();
            in.targets = {std::move(taken)};
          }
          kept.push_back(std::move(in));
        }
        b.instrs = std::move(kept);
      }
    }
    // A value folded late in the last sweep may still be named by an earlier block.
    for (auto &b : fn.blocks)
      for (auto &in : b.instrs) {
        for (auto &v : in.operands) resolve(v);
        for (auto &t : in.targets) for (auto &v : t.args) resolve(v);
      }
  }
  return folded;
}

} // namespace viper::passes
