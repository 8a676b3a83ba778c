#include "passes/ir_util.hpp"
#include "interpreters/common/arith.hpp"
#include "runtime/registry.hpp"
#include <cmath>
#include <cstring>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

bool hasExceptionHandling(const il::Function &fn) {
  for (const auto &b : fn.blocks)
    for (const auto &in : b.instrs)
      switch (in.op) {
      case Opcode::EhPush: case Opcode::EhPop: case Opcode::EhEntry: case Opcode::ResumeSame:
      case Opcode::ResumeNext: case Opcode::ResumeLabel: case Opcode::TrapKind: case Opcode::TrapErr:
      case Opcode::ErrGetKind: case Opcode::ErrGetCode: case Opcode::ErrGetIp: case Opcode::ErrGetLine:
      case Opcode::ErrGetMsg:
        return true;
      default: break;
      }
  return false;
}

bool isPureNoTrap(Opcode op) {
  switch (op) {
  case Opcode::Add: case Opcode::Sub: case Opcode::Mul:
  case Opcode::And: case Opcode::Or: case Opcode::Xor: case Opcode::Shl: case Opcode::LShr: case Opcode::AShr:
  case Opcode::FAdd: case Opcode::FSub: case Opcode::FMul: case Opcode::FDiv:
  case Opcode::ICmpEq: case Opcode::ICmpNe: case Opcode::SCmpLT: case Opcode::SCmpLE: case Opcode::SCmpGT:
  case Opcode::SCmpGE: case Opcode::UCmpLT: case Opcode::UCmpLE: case Opcode::UCmpGT: case Opcode::UCmpGE:
  case Opcode::FCmpEQ: case Opcode::FCmpNE: case Opcode::FCmpLT: case Opcode::FCmpLE: case Opcode::FCmpGT:
  case Opcode::FCmpGE: case Opcode::FCmpOrd: case Opcode::FCmpUno:
  case Opcode::Sitofp: case Opcode::CastSiToFp: case Opcode::CastUiToFp: case Opcode::Zext1: case Opcode::Trunc1:
  case Opcode::Gep: case Opcode::AddrOf: case Opcode::ConstStr: case Opcode::GAddr: case Opcode::ConstNull:
  case Opcode::ConstF64: case Opcode::Select:
    return true;
  default: return false;
  }
}

bool cannotTrap(const il::Instr &in) {
  if (in.operands.size() < 2) return false;
  const Value &d = in.operands[1];
  if (d.kind != ValueKind::Int) return false;
  switch (in.op) {
  case Opcode::SDiv: case Opcode::SDivChk0: return d.i != 0 && d.i != -1;  // MIN / -1 overflows
  case Opcode::SRem: case Opcode::SRemChk0: case Opcode::UDiv: case Opcode::UDivChk0:
  case Opcode::URem: case Opcode::URemChk0:
    return d.i != 0;
  default: return false;
  }
}

bool isPureMayTrap(Opcode op) {
  switch (op) {
  case Opcode::IAddOvf: case Opcode::ISubOvf: case Opcode::IMulOvf:
  case Opcode::SDiv: case Opcode::UDiv: case Opcode::SRem: case Opcode::URem:
  case Opcode::SDivChk0: case Opcode::UDivChk0: case Opcode::SRemChk0: case Opcode::URemChk0:
  case Opcode::IdxChk: case Opcode::Fptosi: case Opcode::CastFpToSiRteChk: case Opcode::CastFpToUiRteChk:
  case Opcode::CastSiNarrowChk: case Opcode::CastUiNarrowChk:
    return true;
  default: return false;
  }
}

bool ReleaseCheck::step(const il::Instr &in, const std::function<uint32_t(uint32_t)> &resolve) {
  auto id = [&](const Value &v) { return resolve ? resolve(v.id) : v.id; };
  bool ok = true;
  forEachUse(in, [&](const Value &v) { if (v.kind == ValueKind::Temp && released_.count(id(v))) ok = false; });
  if (in.op == Opcode::Call && !in.operands.empty() && in.operands[0].kind == ValueKind::Temp) {
    il::RefEffect e = rt::runtimeRefEffect(in.callee);
    const uint32_t t = id(in.operands[0]);
    if (e == il::RefEffect::Retain) { ++extra_[t]; journal_.push_back({Did::Retained, t}); }
    else if (e == il::RefEffect::Release) {
      auto it = extra_.find(t);
      if (it != extra_.end() && it->second > 0) { --it->second; journal_.push_back({Did::Unretained, t}); }
      else if (released_.insert(t).second) journal_.push_back({Did::Released, t});
    }
  }
  return ok;
}

void ReleaseCheck::rollback(size_t mark) {
  while (journal_.size() > mark) {
    auto [did, t] = journal_.back();
    journal_.pop_back();
    switch (did) {
    case Did::Retained: --extra_[t]; break;
    case Did::Unretained: ++extra_[t]; break;
    case Did::Released: released_.erase(t); break;
    }
  }
}

std::optional<Const> foldedCall(const il::Instr &in) {
  if (in.op != Opcode::Call || in.result < 0 || in.operands.size() != 1 || in.operands[0].kind != ValueKind::Null)
    return std::nullopt;
  if (rt::findRuntimeFunction(in.callee) != &rt::runtimeFunction(rt::RtFn::objIsNull)) return std::nullopt;
  return Const{false, 1, 0};
}

bool hasReleasingCall(const il::Function &fn) {
  for (const auto &b : fn.blocks)
    for (const auto &in : b.instrs)
      if (in.op == Opcode::Call && rt::runtimeRefEffect(in.callee) == il::RefEffect::Release) return true;
  return false;
}

unsigned bitsOf(Type t) {
  switch (t) {
  case Type::I1: return 1;
  case Type::I16: return 16;
  case Type::I32: return 32;
  default: return 64;
  }
}

bool Const::sameAs(const Const &o) const {
  if (isFloat != o.isFloat) return false;
  if (!isFloat) return i == o.i;
  return std::memcmp(&f, &o.f, sizeof f) == 0;  // -0.0 and NaN payloads are distinct values
}

std::optional<Const> constOf(const Value &v) {
  if (v.kind == ValueKind::Int || v.kind == ValueKind::Bool) return Const{false, v.i, 0};
  if (v.kind == ValueKind::Float) return Const{true, 0, v.f};
  return std::nullopt;
}

bool sameValue(const Value &a, const Value &b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
  case ValueKind::Temp: return a.id == b.id;
  case ValueKind::Int: case ValueKind::Bool: return a.i == b.i;
  case ValueKind::Float: return std::memcmp(&a.f, &b.f, sizeof a.f) == 0;
  case ValueKind::Null: return true;
  case ValueKind::Str: case ValueKind::Global: return a.s == b.s;
  }
  return false;
}

Value literal(const Const &c, Type t) {
  if (c.isFloat) return Value::real(c.f);
  if (t == Type::I1) return Value::boolean((c.i & 1) != 0);
  return Value::integer(c.i);
}

std::optional<Const> evaluate(const il::Instr &in, const std::vector<Const> &o) {
  const unsigned bits = bitsOf(in.type);
  auto I = [&](size_t k) { return o[k].i; };
  auto F = [&](size_t k) { return o[k].f; };
  auto U = [&](size_t k) { return static_cast<uint64_t>(o[k].i); };
  for (size_t k = 0; k < o.size(); ++k) {
    // Operand kinds must match what the opcode reads (a float where an integer is read
    // cannot happen in verified IL, but be safe).
    (void)k;
  }
  int64_t r = 0;
  rt::TrapKind kind{};
  auto ival = [&](int64_t v) -> std::optional<Const> {
    if (in.result >= 0 && !exec::fitsSigned(v, bits)) return std::nullopt;
    return Const{false, v, 0};
  };
  auto fval = [](double v) -> std::optional<Const> { return Const{true, 0, v}; };
  auto anyFloat = [&] { for (const auto &c : o) if (c.isFloat) return true; return false; };
  auto allFloat = [&] { for (const auto &c : o) if (!c.isFloat) return false; return true; };
  switch (in.op) {
  case Opcode::Add: case Opcode::Sub: case Opcode::Mul: case Opcode::IAddOvf: case Opcode::ISubOvf:
  case Opcode::IMulOvf: case Opcode::SDiv: case Opcode::UDiv: case Opcode::SRem: case Opcode::URem:
  case Opcode::SDivChk0: case Opcode::UDivChk0: case Opcode::SRemChk0: case Opcode::URemChk0: case Opcode::IdxChk:
  case Opcode::And: case Opcode::Or: case Opcode::Xor: case Opcode::Shl: case Opcode::LShr: case Opcode::AShr:
  case Opcode::ICmpEq: case Opcode::ICmpNe: case Opcode::SCmpLT: case Opcode::SCmpLE: case Opcode::SCmpGT:
  case Opcode::SCmpGE: case Opcode::UCmpLT: case Opcode::UCmpLE: case Opcode::UCmpGT: case Opcode::UCmpGE:
  case Opcode::Sitofp: case Opcode::CastSiToFp: case Opcode::CastUiToFp: case Opcode::Zext1: case Opcode::Trunc1:
  case Opcode::CastSiNarrowChk: case Opcode::CastUiNarrowChk:
    if (anyFloat()) return std::nullopt;
    break;
  case Opcode::FAdd: case Opcode::FSub: case Opcode::FMul: case Opcode::FDiv: case Opcode::FCmpEQ:
  case Opcode::FCmpNE: case Opcode::FCmpLT: case Opcode::FCmpLE: case Opcode::FCmpGT: case Opcode::FCmpGE:
  case Opcode::FCmpOrd: case Opcode::FCmpUno:
    if (!allFloat()) return std::nullopt;
    break;
  default: break;
  }
  switch (in.op) {
  case Opcode::Add: return ival(static_cast<int64_t>(U(0) + U(1)));
  case Opcode::Sub: return ival(static_cast<int64_t>(U(0) - U(1)));
  case Opcode::Mul: return ival(static_cast<int64_t>(U(0) * U(1)));
  case Opcode::IAddOvf: if (!exec::checkedAdd(I(0), I(1), bits, r)) return std::nullopt; return ival(r);
  case Opcode::ISubOvf: if (!exec::checkedSub(I(0), I(1), bits, r)) return std::nullopt; return ival(r);
  case Opcode::IMulOvf: if (!exec::checkedMul(I(0), I(1), bits, r)) return std::nullopt; return ival(r);
  case Opcode::SDiv: case Opcode::SDivChk0:
    if (!exec::signedDiv(I(0), I(1), in.op == Opcode::SDiv ? 64 : bits, r, kind)) return std::nullopt;
    return ival(r);
  case Opcode::SRem: case Opcode::SRemChk0:
    if (!exec::signedRem(I(0), I(1), r, kind)) return std::nullopt;
    return ival(r);
  case Opcode::UDiv: case Opcode::UDivChk0:
    if (!exec::unsignedDiv(I(0), I(1), r, kind)) return std::nullopt;
    return ival(in.op == Opcode::UDiv ? r : exec::narrowTo(r, bits));
  case Opcode::URem: case Opcode::URemChk0:
    if (!exec::unsignedRem(I(0), I(1), r, kind)) return std::nullopt;
    return ival(in.op == Opcode::URem ? r : exec::narrowTo(r, bits));
  case Opcode::IdxChk: if (!exec::indexCheck(I(0), I(1), I(2), r)) return std::nullopt; return ival(r);
  case Opcode::And: return ival(I(0) & I(1));
  case Opcode::Or: return ival(I(0) | I(1));
  case Opcode::Xor: return ival(exec::narrowTo(I(0) ^ I(1), bits));
  case Opcode::Shl: return ival(static_cast<int64_t>(U(0) << (I(1) & 63)));
  case Opcode::LShr: return ival(static_cast<int64_t>(U(0) >> (I(1) & 63)));
  case Opcode::AShr: return ival(I(0) >> (I(1) & 63));
  case Opcode::FAdd: return fval(F(0) + F(1));
  case Opcode::FSub: return fval(F(0) - F(1));
  case Opcode::FMul: return fval(F(0) * F(1));
  case Opcode::FDiv: return fval(F(0) / F(1));
  case Opcode::ICmpEq: return ival(I(0) == I(1));
  case Opcode::ICmpNe: return ival(I(0) != I(1));
  case Opcode::SCmpLT: return ival(I(0) < I(1));
  case Opcode::SCmpLE: return ival(I(0) <= I(1));
  case Opcode::SCmpGT: return ival(I(0) > I(1));
  case Opcode::SCmpGE: return ival(I(0) >= I(1));
  case Opcode::UCmpLT: return ival(U(0) < U(1));
  case Opcode::UCmpLE: return ival(U(0) <= U(1));
  case Opcode::UCmpGT: return ival(U(0) > U(1));
  case Opcode::UCmpGE: return ival(U(0) >= U(1));
  case Opcode::FCmpEQ: return ival(F(0) == F(1));
  case Opcode::FCmpNE: return ival(!(F(0) == F(1)));
  case Opcode::FCmpLT: return ival(F(0) < F(1));
  case Opcode::FCmpLE: return ival(F(0) <= F(1));
  case Opcode::FCmpGT: return ival(F(0) > F(1));
  case Opcode::FCmpGE: return ival(F(0) >= F(1));
  case Opcode::FCmpOrd: return ival(!std::isnan(F(0)) && !std::isnan(F(1)));
  case Opcode::FCmpUno: return ival(std::isnan(F(0)) || std::isnan(F(1)));
  case Opcode::Sitofp: case Opcode::CastSiToFp: return fval(static_cast<double>(I(0)));
  case Opcode::CastUiToFp: return fval(static_cast<double>(U(0)));
  case Opcode::Zext1: case Opcode::Trunc1: return ival(I(0) & 1);
  case Opcode::CastSiNarrowChk: if (!exec::siNarrow(I(0), bits, r)) return std::nullopt; return ival(r);
  case Opcode::CastUiNarrowChk: if (!exec::uiNarrow(I(0), bits, r)) return std::nullopt; return ival(r);
  case Opcode::ConstF64: if (!o[0].isFloat) return std::nullopt; return fval(F(0));
  case Opcode::Fptosi: if (!o[0].isFloat || !exec::fpTrunc(F(0), r, kind)) return std::nullopt; return ival(r);
  case Opcode::CastFpToSiRteChk: if (!o[0].isFloat || !exec::fpToSi(F(0), bits, r, kind)) return std::nullopt; return ival(r);
  case Opcode::CastFpToUiRteChk: if (!o[0].isFloat || !exec::fpToUi(F(0), bits, r, kind)) return std::nullopt; return ival(r);
  default: return std::nullopt;  // memory, calls
  }
}

void forEachUse(il::Instr &in, const std::function<void(Value &, bool)> &f) {
  const bool call = in.op == Opcode::Call || in.op == Opcode::CallIndirect;
  for (size_t k = 0; k < in.operands.size(); ++k) f(in.operands[k], call && (in.op == Opcode::Call || k > 0));
  for (auto &t : in.targets) for (auto &v : t.args) f(v, false);
}

void forEachUse(const il::Instr &in, const std::function<void(const Value &)> &f) {
  for (const auto &v : in.operands) f(v);
  for (const auto &t : in.targets) for (const auto &v : t.args) f(v);
}

bool literalAllowed(Type t, const Value &lit, bool isCallArg) {
  if (lit.kind == ValueKind::Temp) return true;
  if (isCallArg && lit.kind == ValueKind::Int && t != Type::I64) return false;
  return true;
}

size_t substitute(il::Function &fn, std::vector<std::optional<Value>> &map) {
  map.resize(fn.temps.size());
  auto resolve = [&](const Value &v) {
    Value cur = v;
    for (size_t guard = 0; cur.kind == ValueKind::Temp && cur.id < map.size() && map[cur.id] && guard < 64; ++guard)
      cur = *map[cur.id];
    return cur;
  };
  size_t n = 0;
  for (auto &b : fn.blocks)
    for (auto &in : b.instrs)
      forEachUse(in, [&](Value &v, bool callArg) {
        if (v.kind != ValueKind::Temp || v.id >= map.size() || !map[v.id]) return;
        Value r = resolve(v);
        if (!literalAllowed(fn.temps[v.id].type, r, callArg)) return;
        // The verifier rejects a literal negative alloca size (it would trap: keep the temp).
        if (in.op == Opcode::Alloca && r.kind == ValueKind::Int && r.i < 0) return;
        // Load/store addresses must be temps.
        if ((in.op == Opcode::Load || in.op == Opcode::Store) && &v == &in.operands[0] && r.kind != ValueKind::Temp) return;
        r.loc = v.loc;
        v = r;
        ++n;
      });
  return n;
}

namespace {
void renumber(il::Function &fn, const std::vector<int32_t> &newIndex, size_t from, size_t to) {
  for (size_t b = from; b < to; ++b)
    for (auto &in : fn.blocks[b].instrs)
      for (auto &t : in.targets)
        if (t.block >= 0 && static_cast<size_t>(t.block) < newIndex.size()) t.block = newIndex[static_cast<size_t>(t.block)];
}
} // namespace

void removeBlocks(il::Function &fn, const std::vector<bool> &keep) {
  std::vector<int32_t> newIndex(fn.blocks.size(), -1);
  std::vector<il::Block> kept;
  for (size_t b = 0; b < fn.blocks.size(); ++b)
    if (b == 0 || keep[b]) {
      newIndex[b] = static_cast<int32_t>(kept.size());
      kept.push_back(std::move(fn.blocks[b]));
    }
  if (kept.size() == fn.blocks.size()) { fn.blocks = std::move(kept); return; }
  fn.blocks = std::move(kept);
  renumber(fn, newIndex, 0, fn.blocks.size());
}

std::vector<bool> reachableBlocks(const il::Function &fn) {
  std::vector<bool> seen(fn.blocks.size(), false);
  if (fn.blocks.empty()) return seen;
  std::vector<int32_t> stack{0};
  seen[0] = true;
  while (!stack.empty()) {
    int32_t b = stack.back();
    stack.pop_back();
    for (const auto &in : fn.blocks[static_cast<size_t>(b)].instrs)
      for (const auto &t : in.targets)
        if (t.block >= 0 && !seen[static_cast<size_t>(t.block)]) { seen[static_cast<size_t>(t.block)] = true; stack.push_back(t.block); }
  }
  return seen;
}

void insertBlocks(il::Function &fn, size_t at, std::vector<il::Block> blocks) {
  const size_t n = blocks.size();
  std::vector<int32_t> newIndex(fn.blocks.size());
  for (size_t b = 0; b < fn.blocks.size(); ++b) newIndex[b] = static_cast<int32_t>(b < at ? b : b + n);
  renumber(fn, newIndex, 0, fn.blocks.size());
  fn.blocks.insert(fn.blocks.begin() + static_cast<std::ptrdiff_t>(at), std::make_move_iterator(blocks.begin()),
                   std::make_move_iterator(blocks.end()));
}

std::vector<uint32_t> predecessorCounts(const il::Function &fn) {
  std::vector<uint32_t> n(fn.blocks.size(), 0);
  for (const auto &b : fn.blocks)
    for (const auto &in : b.instrs)
      for (const auto &t : in.targets)
        if (t.block >= 0) ++n[static_cast<size_t>(t.block)];
  return n;
}

uint32_t newTemp(il::Function &fn, const std::string &name, Type t) {
  il::TempInfo ti;
  ti.name = name;
  ti.type = t;
  ti.defined = true;
  fn.temps.push_back(std::move(ti));
  return static_cast<uint32_t>(fn.temps.size() - 1);
}

size_t instructionCount(const il::Module &m) {
  size_t n = 0;
  for (const auto &f : m.functions)
    for (const auto &b : f.blocks) n += b.instrs.size();
  return n;
}

} // namespace viper::passes
