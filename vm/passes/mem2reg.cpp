#include "passes/mem2reg.hpp"
#include "il/cfg.hpp"
#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

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

Value zeroOf(Type t) {
  switch (t) {
  case Type::F64: return Value::real(0);
  case Type::I1: return Value::boolean(false);
  case Type::Ptr: return Value::null();
  default: return Value::integer(0);
  }
}

class Promoter {
public:
  explicit Promoter(il::Function &fn) : fn_(fn) {}

  void run(Mem2RegStats &stats) {
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs)
        if (in.op == Opcode::EhPush) return;  // resume re-executes instructions: keep memory
    const size_t nb = fn_.blocks.size();
    preds_.assign(nb, {});
    for (size_t b = 0; b < nb; ++b)
      for (int32_t s : il::successors(fn_.blocks[b])) {
        auto &ps = preds_[static_cast<size_t>(s)];
        if (std::find(ps.begin(), ps.end(), static_cast<uint32_t>(b)) == ps.end()) ps.push_back(static_cast<uint32_t>(b));
      }
    il::DominatorTree dom(fn_);
    rpo_ = dom.reversePostorder();
    std::vector<bool> reachable(nb, false);
    for (int32_t b : rpo_) reachable[static_cast<size_t>(b)] = true;
    reachable_ = std::move(reachable);

    for (uint32_t slot : candidates()) {
      promote(slot);
      ++stats.promoted;
    }
    simplify();
    applySubstitution();
    for (const auto &b : fn_.blocks) stats.blockParams += b.params.size();
  }

private:
  // Entry-block allocas used only as load/store addresses, all with one promotable type.
  std::vector<uint32_t> candidates() {
    std::unordered_map<uint32_t, Type> type;
    std::unordered_map<uint32_t, bool> ok;
    if (fn_.blocks.empty()) return {};
    for (const auto &in : fn_.blocks[0].instrs)
      if (in.op == Opcode::Alloca && in.result >= 0 && in.operands[0].kind == ValueKind::Int && in.operands[0].i == 8)
        ok[static_cast<uint32_t>(in.result)] = true;
    auto note = [&](uint32_t t, Type ty) {
      auto it = type.find(t);
      if (it == type.end()) type[t] = ty;
      else if (it->second != ty) ok[t] = false;
    };
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs) {
        for (size_t k = 0; k < in.operands.size(); ++k) {
          const Value &v = in.operands[k];
          if (v.kind != ValueKind::Temp || !ok.count(v.id)) continue;
          const bool address = k == 0 && (in.op == Opcode::Load || in.op == Opcode::Store);
          const bool promotable = in.memType == Type::I64 || in.memType == Type::F64 || in.memType == Type::I1 || in.memType == Type::Ptr;
          if (!address || !promotable) ok[v.id] = false;
          else note(v.id, in.memType);
        }
        for (const auto &t : in.targets)
          for (const auto &v : t.args)
            if (v.kind == ValueKind::Temp && ok.count(v.id)) ok[v.id] = false;
      }
    std::vector<uint32_t> out;
    for (const auto &in : fn_.blocks[0].instrs)
      if (in.op == Opcode::Alloca && in.result >= 0 && ok.count(static_cast<uint32_t>(in.result)) && ok[static_cast<uint32_t>(in.result)]) {
        uint32_t t = static_cast<uint32_t>(in.result);
        out.push_back(t);
        slotType_[t] = type.count(t) ? type[t] : Type::I64;
      }
    return out;
  }

  bool isSlot(const Value &v, uint32_t slot) const { return v.kind == ValueKind::Temp && v.id == slot; }

  uint32_t newTemp(Type t) {
    uint32_t id = static_cast<uint32_t>(fn_.temps.size());
    fn_.temps.push_back({"m" + std::to_string(id), t, true});
    return id;
  }

  // One slot: walk blocks in reverse postorder; a block's value on entry comes from its
  // only (already visited) predecessor, or from a new block parameter whose arguments are
  // filled in once every block's value on exit is known.
  void promote(uint32_t slot) {
    const Type ty = slotType_[slot];
    const size_t nb = fn_.blocks.size();
    std::vector<Value> atEnd(nb), atEntry(nb);
    std::vector<bool> done(nb, false);
    std::vector<std::pair<uint32_t, uint32_t>> params;  // (block, param index)
    for (int32_t bi : rpo_) {
      const size_t b = static_cast<size_t>(bi);
      Value cur;
      if (b == 0) cur = zeroOf(ty);
      else if (preds_[b].size() == 1 && done[preds_[b][0]]) cur = atEnd[preds_[b][0]];
      else {
        il::Param p;
        p.type = ty;
        p.temp = newTemp(ty);
        p.name = fn_.temps[p.temp].name;
        fn_.blocks[b].params.push_back(p);
        params.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(fn_.blocks[b].params.size() - 1)});
        cur = Value::temp(p.temp);
      }
      atEntry[b] = cur;
      auto &instrs = fn_.blocks[b].instrs;
      std::vector<il::Instr> kept;
      kept.reserve(instrs.size());
      for (auto &in : instrs) {
        if (in.op == Opcode::Store && isSlot(in.operands[0], slot)) { cur = in.operands[1]; continue; }
        if (in.op == Opcode::Load && isSlot(in.operands[0], slot)) { subst_[static_cast<uint32_t>(in.result)] = cur; continue; }
        if (in.op == Opcode::Alloca && in.result == static_cast<int32_t>(slot)) continue;
        kept.push_back(std::move(in));
      }
      instrs = std::move(kept);
      atEnd[b] = cur;
      done[b] = true;
    }
    // Unreachable blocks: their loads read zero; their stores go nowhere.
    for (size_t b = 0; b < nb; ++b) {
      if (reachable_[b]) continue;
      auto &instrs = fn_.blocks[b].instrs;
      std::vector<il::Instr> kept;
      for (auto &in : instrs) {
        if (in.op == Opcode::Store && isSlot(in.operands[0], slot)) continue;
        if (in.op == Opcode::Load && isSlot(in.operands[0], slot)) { subst_[static_cast<uint32_t>(in.result)] = zeroOf(ty); continue; }
        kept.push_back(std::move(in));
      }
      instrs = std::move(kept);
      atEnd[b] = zeroOf(ty);
    }
    // Each new parameter gets, on every incoming edge, the predecessor's value on exit.
    for (auto [b, pi] : params) {
      for (uint32_t p : preds_[b]) {
        il::Instr &term = fn_.blocks[p].instrs.back();
        for (auto &t : term.targets)
          if (t.block == static_cast<int32_t>(b)) {
            if (t.args.size() < pi) t.args.resize(pi, zeroOf(ty));  // (cannot happen: params are appended in order)
            t.args.insert(t.args.begin() + pi, atEnd[p]);
          }
      }
    }
  }

  Value resolve(Value v) const {
    for (int guard = 0; v.kind == ValueKind::Temp && guard < 1000000; ++guard) {
      auto it = subst_.find(v.id);
      if (it == subst_.end()) break;
      v = it->second;
    }
    return v;
  }

  // A parameter whose every argument is one value (or itself) is that value; a parameter
  // nobody reads is dropped. Repeat until nothing changes.
  void simplify() {
    for (bool changed = true; changed;) {
      changed = false;
      std::unordered_map<uint32_t, size_t> uses;
      for (const auto &b : fn_.blocks)
        for (const auto &in : b.instrs) {
          for (const auto &v : in.operands) { Value r = resolve(v); if (r.kind == ValueKind::Temp) ++uses[r.id]; }
          for (const auto &t : in.targets)
            for (size_t k = 0; k < t.args.size(); ++k) {
              Value r = resolve(t.args[k]);
              // An argument feeding its own parameter does not keep it alive.
              const il::Block &dst = fn_.blocks[static_cast<size_t>(t.block)];
              if (r.kind == ValueKind::Temp && !(k < dst.params.size() && dst.params[k].temp == r.id)) ++uses[r.id];
            }
        }
      for (size_t b = 1; b < fn_.blocks.size(); ++b) {
        auto &params = fn_.blocks[b].params;
        for (size_t k = params.size(); k-- > 0;) {
          const uint32_t self = params[k].temp;
          if (!isPromotedParam(self)) continue;
          std::optional<Value> only;
          bool trivial = true;
          for (uint32_t p : preds_[b])
            for (const auto &t : fn_.blocks[p].instrs.back().targets) {
              if (t.block != static_cast<int32_t>(b) || k >= t.args.size()) continue;
              Value a = resolve(t.args[k]);
              if (a.kind == ValueKind::Temp && a.id == self) continue;
              if (!only) only = a;
              else if (!sameValue(*only, a)) trivial = false;
            }
          const bool dead = uses[self] == 0;
          if (!trivial && !dead) continue;
          if (!dead) subst_[self] = only ? *only : zeroOf(params[k].type);
          removeParam(static_cast<uint32_t>(b), k);
          changed = true;
        }
      }
    }
  }

  bool isPromotedParam(uint32_t temp) const { return fn_.temps[temp].name.rfind("m", 0) == 0 && temp >= firstNewTemp_; }

  void removeParam(uint32_t b, size_t k) {
    fn_.blocks[b].params.erase(fn_.blocks[b].params.begin() + static_cast<long>(k));
    for (uint32_t p : preds_[b])
      for (auto &t : fn_.blocks[p].instrs.back().targets)
        if (t.block == static_cast<int32_t>(b) && k < t.args.size()) t.args.erase(t.args.begin() + static_cast<long>(k));
  }

  void applySubstitution() {
    for (auto &b : fn_.blocks)
      for (auto &in : b.instrs) {
        for (auto &v : in.operands) v = withLoc(resolve(v), v.loc);
        for (auto &t : in.targets)
          for (auto &v : t.args) v = withLoc(resolve(v), v.loc);
      }
  }

  static Value withLoc(Value v, SourceLoc loc) {
    v.loc = loc;
    return v;
  }

  il::Function &fn_;
  std::vector<std::vector<uint32_t>> preds_;
  std::vector<int32_t> rpo_;
  std::vector<bool> reachable_;
  std::unordered_map<uint32_t, Type> slotType_;
  std::unordered_map<uint32_t, Value> subst_;

public:
  uint32_t firstNewTemp_ = 0;
};

} // namespace

Mem2RegStats promoteSlots(il::Module &m) {
  Mem2RegStats stats;
  for (auto &fn : m.functions) {
    Promoter p(fn);
    p.firstNewTemp_ = static_cast<uint32_t>(fn.temps.size());
    p.run(stats);
  }
  return stats;
}

} // namespace viper::passes
