#include "passes/mem2reg.hpp"
#include "il/cfg.hpp"
#include "passes/ir_util.hpp"
#include "runtime/registry.hpp"
#include <algorithm>
#include <optional>
#include <unordered_map>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

Value zeroOf(Type t) {
  switch (t) {
  case Type::F64: return Value::real(0);
  case Type::I1: return Value::boolean(false);
  case Type::Ptr: case Type::Str: return Value::null();
  default: return Value::integer(0);
  }
}

// Cytron et al.'s construction for all slots at once: block parameters at the iterated
// dominance frontiers of each slot's stores, then one walk down the dominator tree that
// renames loads, then a worklist that drops trivial and dead parameters. Every step is
// linear in the function (plus the parameters placed), so 10,000 variables cost no more
// per instruction than ten.
class Promoter {
public:
  Promoter(il::Function &fn, bool strings)
      : fn_(fn), firstNewTemp_(static_cast<uint32_t>(fn.temps.size())), strings_(strings) {}

  /// Whether a string slot was promoted (its stores became retain and release calls).
  bool promotedStrings() const { return std::find(slotType_.begin(), slotType_.end(), Type::Str) != slotType_.end(); }

  void run(Mem2RegStats &stats) {
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs)
        if (in.op == Opcode::EhPush) return;  // resume re-executes instructions: keep memory
    const size_t nb = fn_.blocks.size();
    if (nb == 0) return;
    slots_ = candidates();
    if (slots_.empty()) return;
    stats.promoted += slots_.size();
    il::DominatorTree dom(fn_);
    inEdges_.assign(nb, {});
    for (size_t b = 0; b < nb; ++b) {
      if (fn_.blocks[b].instrs.empty()) continue;
      const auto &targets = fn_.blocks[b].instrs.back().targets;
      if (!il::isTerminator(fn_.blocks[b].instrs.back().op)) continue;
      for (size_t t = 0; t < targets.size(); ++t)
        if (targets[t].block >= 0) inEdges_[static_cast<size_t>(targets[t].block)].push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(t)});
    }
    origParams_.resize(nb);
    for (size_t b = 0; b < nb; ++b) origParams_[b] = fn_.blocks[b].params.size();
    placeParams(dom);
    rename(dom);
    simplify();
    compact();
    applySubstitution();
    for (const auto &b : fn_.blocks) stats.blockParams += b.params.size();
  }

private:
  struct Phi {
    uint32_t block, k, temp, slot;  ///< block, parameter index there, its temp, slot index
    bool removed = false;
  };
  struct Edge {
    uint32_t pred, target;  ///< predecessor block and index of the target in its terminator
  };

  // Entry-block allocas used only as load/store addresses, all with one promotable type.
  // A string slot may also be cleared with `store ptr, p, null` (a front end moving the
  // string out before consuming it), which is a plain write: no reference changes.
  std::vector<uint32_t> candidates() {
    const size_t nt = fn_.temps.size();
    slotOf_.assign(nt, -1);
    std::vector<char> ok(nt, 0), typed(nt, 0), nullStored(nt, 0);
    std::vector<Type> type(nt, Type::I64);
    for (const auto &in : fn_.blocks[0].instrs)
      if (in.op == Opcode::Alloca && in.result >= 0 && in.operands[0].kind == ValueKind::Int && in.operands[0].i == 8)
        ok[static_cast<size_t>(in.result)] = 1;
    auto note = [&](uint32_t t, Type ty) {
      if (!typed[t]) typed[t] = 1, type[t] = ty;
      else if (type[t] != ty) ok[t] = 0;
    };
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs) {
        for (size_t k = 0; k < in.operands.size(); ++k) {
          const Value &v = in.operands[k];
          if (v.kind != ValueKind::Temp || v.id >= nt || !ok[v.id]) continue;
          const bool address = k == 0 && (in.op == Opcode::Load || in.op == Opcode::Store);
          const bool promotable = in.memType == Type::I64 || in.memType == Type::F64 || in.memType == Type::I1 ||
                                  in.memType == Type::Ptr || (strings_ && in.memType == Type::Str);
          if (!address || !promotable) ok[v.id] = 0;
          else if (in.op == Opcode::Store && in.memType == Type::Ptr && in.operands[1].kind == ValueKind::Null) nullStored[v.id] = 1;
          else note(v.id, in.memType);
        }
        for (const auto &t : in.targets)
          for (const auto &v : t.args)
            if (v.kind == ValueKind::Temp && v.id < nt) ok[v.id] = 0;
      }
    std::vector<uint32_t> out;
    for (const auto &in : fn_.blocks[0].instrs)
      if (in.op == Opcode::Alloca && in.result >= 0 && ok[static_cast<size_t>(in.result)]) {
        uint32_t t = static_cast<uint32_t>(in.result);
        if (nullStored[t] && !typed[t]) typed[t] = 1, type[t] = Type::Ptr;
        if (nullStored[t] && type[t] != Type::Ptr && type[t] != Type::Str) continue;
        slotOf_[t] = static_cast<int32_t>(out.size());
        out.push_back(t);
        slotType_.push_back(typed[t] ? type[t] : Type::I64);
      }
    return out;
  }

  int32_t slotIndex(const Value &v) const {
    return v.kind == ValueKind::Temp && v.id < slotOf_.size() ? slotOf_[v.id] : -1;
  }

  uint32_t newTemp(Type t) {
    uint32_t id = static_cast<uint32_t>(fn_.temps.size());
    fn_.temps.push_back({"m" + std::to_string(id), t, true});
    return id;
  }

  // Minimal SSA: a slot needs a parameter where two of its definitions meet, i.e. on the
  // iterated dominance frontier of the blocks that store it (the entry's zero counts as a
  // definition, but the entry has no frontier). Parameters nobody reads go in simplify().
  void placeParams(const il::DominatorTree &dom) {
    const size_t nb = fn_.blocks.size();
    std::vector<std::vector<uint32_t>> df(nb);
    for (size_t b = 0; b < nb; ++b) {
      if (!dom.reachable(b)) continue;
      size_t reachablePreds = 0;
      for (const Edge &e : inEdges_[b]) reachablePreds += dom.reachable(e.pred);
      if (reachablePreds < 2) continue;
      const int32_t stop = dom.idom(b);
      for (const Edge &e : inEdges_[b]) {
        if (!dom.reachable(e.pred)) continue;
        for (int32_t r = static_cast<int32_t>(e.pred); r != stop;) {
          auto &f = df[static_cast<size_t>(r)];
          // Reached by an earlier predecessor's walk: so is everything above it up to
          // idom(b) (this keeps a 20,000-way join linear).
          if (!f.empty() && f.back() == b) break;
          f.push_back(static_cast<uint32_t>(b));
          const int32_t up = dom.idom(static_cast<size_t>(r));
          if (up == r) break;  // the entry
          r = up;
        }
      }
    }
    std::vector<std::vector<uint32_t>> defs(slots_.size());
    for (size_t b = 0; b < nb; ++b) {
      if (!dom.reachable(b)) continue;
      for (const auto &in : fn_.blocks[b].instrs)
        if (in.op == Opcode::Store)
          if (int32_t s = slotIndex(in.operands[0]); s >= 0) {
            auto &d = defs[static_cast<size_t>(s)];
            if (d.empty() || d.back() != b) d.push_back(static_cast<uint32_t>(b));
          }
    }
    phisAt_.assign(nb, {});
    std::vector<int32_t> hasPhi(nb, -1), queued(nb, -1);
    std::vector<uint32_t> work;
    for (size_t s = 0; s < slots_.size(); ++s) {
      const auto si = static_cast<int32_t>(s);
      work.clear();
      for (uint32_t b : defs[s]) if (queued[b] != si) queued[b] = si, work.push_back(b);
      while (!work.empty()) {
        const uint32_t x = work.back();
        work.pop_back();
        for (uint32_t y : df[x]) {
          if (hasPhi[y] == si) continue;
          hasPhi[y] = si;
          il::Param p;
          p.type = slotType_[s];
          p.temp = newTemp(p.type);
          p.name = fn_.temps[p.temp].name;
          auto &params = fn_.blocks[y].params;
          phisAt_[y].push_back(static_cast<uint32_t>(phis_.size()));
          phis_.push_back({y, static_cast<uint32_t>(params.size()), p.temp, static_cast<uint32_t>(s)});
          params.push_back(std::move(p));
          if (queued[y] != si) queued[y] = si, work.push_back(y);
        }
      }
    }
  }

  // `store str, p, v` retains v and releases what p held; as values that is two calls,
  // each left out where it does nothing (a literal or null). A store directly followed by
  // the release of the stored value (a front end handing its reference to the variable)
  // keeps that reference: neither the retain nor the release is emitted. Returns how many
  // of the instructions after the store it consumed.
  size_t storeString(const std::vector<il::Instr> &instrs, size_t i, const Value &old, std::vector<il::Instr> &out) {
    const il::Instr &st = instrs[i];
    const Value &v = st.operands[1];
    const bool hands = v.kind == ValueKind::Temp && i + 1 < instrs.size() && isCallOn(instrs[i + 1], rt::RtFn::strReleaseMaybe, v);
    auto call = [&](rt::RtFn f, const Value &arg) {
      if (arg.kind == ValueKind::Str || arg.kind == ValueKind::Null) return;  // immortal or nothing
      il::Instr c;
      c.op = Opcode::Call;
      c.type = Type::Void;
      c.callee = std::string(rt::runtimeFunction(f).canonicalName);
      c.operands = {arg};
      c.loc = st.loc;
      out.push_back(std::move(c));
      used_.push_back(f);
    };
    if (!hands) call(rt::RtFn::strRetainMaybe, v);
    call(rt::RtFn::strReleaseMaybe, old);
    return hands ? 1 : 0;
  }

  static bool isCallOn(const il::Instr &in, rt::RtFn f, const Value &arg) {
    return in.op == Opcode::Call && in.operands.size() == 1 && sameValue(in.operands[0], arg) &&
           rt::findRuntimeFunction(in.callee) == &rt::runtimeFunction(f);
  }

  // Rewrites one block: loads become the slot's current value, stores set it, the
  // allocas go; then every edge out of it passes the current values to the target's
  // new parameters.
  void rewriteBlock(size_t b, std::vector<Value> &cur, std::vector<std::pair<uint32_t, Value>> *undo, bool reachable) {
    for (uint32_t pi : phisAt_[b]) {
      const Phi &ph = phis_[pi];
      if (undo) undo->push_back({ph.slot, cur[ph.slot]});
      cur[ph.slot] = Value::temp(ph.temp);
    }
    auto &instrs = fn_.blocks[b].instrs;
    std::vector<il::Instr> out;
    out.reserve(instrs.size());
    for (size_t i = 0; i < instrs.size(); ++i) {
      il::Instr &in = instrs[i];
      if (in.op == Opcode::Store || in.op == Opcode::Load || in.op == Opcode::Alloca) {
        const int32_t s = in.op == Opcode::Alloca ? (in.result >= 0 ? slotOf_[static_cast<size_t>(in.result)] : -1)
                                                  : slotIndex(in.operands[0]);
        if (s >= 0) {
          Value &slot = cur[static_cast<size_t>(s)];
          if (in.op == Opcode::Store) {
            if (reachable) {
              if (undo) undo->push_back({static_cast<uint32_t>(s), slot});
              if (slotType_[static_cast<size_t>(s)] == Type::Str && in.memType == Type::Str)
                i += storeString(instrs, i, slot, out);
              slot = in.operands[1];
            }
          } else if (in.op == Opcode::Load) {
            subst_[static_cast<uint32_t>(in.result)] = reachable ? slot : zeroOf(slotType_[static_cast<size_t>(s)]);
          }
          continue;  // dropped
        }
      }
      out.push_back(std::move(in));
    }
    instrs = std::move(out);
    if (instrs.empty() || !il::isTerminator(instrs.back().op)) return;
    for (auto &t : instrs.back().targets) {
      if (t.block < 0) continue;
      const size_t dst = static_cast<size_t>(t.block);
      if (phisAt_[dst].empty()) continue;
      if (t.args.size() < origParams_[dst]) t.args.resize(origParams_[dst], Value::integer(0));  // (the verifier reports it)
      t.args.resize(origParams_[dst]);
      for (uint32_t pi : phisAt_[dst]) {
        const Phi &ph = phis_[pi];
        t.args.push_back(reachable ? cur[ph.slot] : zeroOf(slotType_[ph.slot]));
      }
    }
  }

  // Down the dominator tree with an undo log (no recursion: the tree may be 100,000 deep).
  void rename(const il::DominatorTree &dom) {
    const size_t nb = fn_.blocks.size();
    std::vector<std::vector<uint32_t>> kids(nb);
    for (int32_t b : dom.reversePostorder())
      if (b != 0) kids[static_cast<size_t>(dom.idom(static_cast<size_t>(b)))].push_back(static_cast<uint32_t>(b));
    std::vector<Value> cur;
    cur.reserve(slots_.size());
    for (Type t : slotType_) cur.push_back(zeroOf(t));
    std::vector<std::pair<uint32_t, Value>> undo;
    struct Frame { uint32_t block; size_t kid, undoMark; };
    std::vector<Frame> stack;
    auto enter = [&](uint32_t b) {
      const size_t mark = undo.size();
      rewriteBlock(b, cur, &undo, true);
      stack.push_back({b, 0, mark});
    };
    enter(0);
    while (!stack.empty()) {
      Frame &f = stack.back();
      if (f.kid < kids[f.block].size()) {
        enter(kids[f.block][f.kid++]);
        continue;
      }
      for (size_t u = undo.size(); u-- > f.undoMark;) cur[undo[u].first] = std::move(undo[u].second);
      undo.resize(f.undoMark);
      stack.pop_back();
    }
    // Unreachable blocks: their loads read zero; their stores go nowhere.
    for (size_t b = 0; b < nb; ++b)
      if (!dom.reachable(b)) rewriteBlock(b, cur, nullptr, false);
  }

  // Follows substitutions to the final value, shortening the chain it walked.
  Value resolve(const Value &v) {
    if (v.kind != ValueKind::Temp) return v;
    Value r = v;
    for (auto it = subst_.find(r.id); it != subst_.end() && r.kind == ValueKind::Temp; it = subst_.find(r.id)) r = it->second;
    for (Value x = v; x.kind == ValueKind::Temp;) {
      auto it = subst_.find(x.id);
      if (it == subst_.end()) break;
      Value nextV = it->second;
      if (!sameValue(nextV, r)) it->second = r;
      x = std::move(nextV);
    }
    return r;
  }

  int32_t phiOf(uint32_t temp) const {
    return temp >= firstNewTemp_ && temp - firstNewTemp_ < phis_.size() ? static_cast<int32_t>(temp - firstNewTemp_) : -1;
  }

  /// Counts every read of each temp (after substitution); an argument feeding its own
  /// parameter does not count.
  void countUses() {
    uses_.assign(fn_.temps.size(), 0);
    for (auto &b : fn_.blocks)
      for (auto &in : b.instrs) {
        for (const auto &v : in.operands)
          if (v.kind == ValueKind::Temp) { Value r = resolve(v); if (r.kind == ValueKind::Temp) ++uses_[r.id]; }
        for (const auto &t : in.targets) {
          if (t.block < 0) continue;
          const il::Block &dst = fn_.blocks[static_cast<size_t>(t.block)];
          for (size_t k = 0; k < t.args.size(); ++k) {
            if (t.args[k].kind != ValueKind::Temp) continue;
            if (k < dst.params.size()) {
              const int32_t ph = phiOf(dst.params[k].temp);
              if (ph >= 0 && phis_[static_cast<size_t>(ph)].removed) continue;
            }
            Value r = resolve(t.args[k]);
            if (r.kind == ValueKind::Temp && !(k < dst.params.size() && dst.params[k].temp == r.id)) ++uses_[r.id];
          }
        }
      }
  }

  template <class F> void forEachIncoming(const Phi &ph, F f) {
    for (const Edge &e : inEdges_[ph.block]) {
      auto &args = fn_.blocks[e.pred].instrs.back().targets[e.target].args;
      if (ph.k < args.size()) f(args[ph.k]);
    }
  }

  // A parameter whose every argument is one value (or itself) is that value; a parameter
  // nobody reads is dropped. A worklist revisits only the parameters a change can affect
  // (those fed by a replaced parameter, or read only by a dropped one); a recount then
  // catches what the incremental counts missed, until nothing changes.
  void simplify() {
    std::vector<std::vector<uint32_t>> feeds(fn_.temps.size());  // temp -> phis it is an argument of
    for (uint32_t pi = 0; pi < phis_.size(); ++pi)
      forEachIncoming(phis_[pi], [&](const Value &a) {
        if (a.kind != ValueKind::Temp) return;
        Value r = resolve(a);
        if (r.kind == ValueKind::Temp && (feeds[r.id].empty() || feeds[r.id].back() != pi)) feeds[r.id].push_back(pi);
      });
    std::vector<uint32_t> work;
    for (uint32_t pi = static_cast<uint32_t>(phis_.size()); pi-- > 0;) work.push_back(pi);
    for (bool changed = true; changed;) {
      changed = false;
      countUses();
      if (work.empty())
        for (uint32_t pi = 0; pi < phis_.size(); ++pi) if (!phis_[pi].removed && uses_[phis_[pi].temp] == 0) work.push_back(pi);
      while (!work.empty()) {
        const uint32_t pi = work.back();
        work.pop_back();
        Phi &ph = phis_[pi];
        if (ph.removed) continue;
        std::optional<Value> only;
        bool trivial = true;
        std::vector<uint32_t> argTemps;
        forEachIncoming(ph, [&](const Value &raw) {
          Value a = resolve(raw);
          if (a.kind == ValueKind::Temp && a.id == ph.temp) return;
          if (a.kind == ValueKind::Temp) argTemps.push_back(a.id);
          if (!only) only = a;
          else if (!sameValue(*only, a)) trivial = false;
        });
        const bool dead = uses_[ph.temp] == 0;
        if (!trivial && !dead) continue;
        ph.removed = true;
        changed = true;
        for (uint32_t t : argTemps)
          if (uses_[t] > 0 && --uses_[t] == 0)
            if (int32_t q = phiOf(t); q >= 0) work.push_back(static_cast<uint32_t>(q));
        if (dead) continue;
        const Value to = only ? *only : zeroOf(slotType_[ph.slot]);
        subst_[ph.temp] = to;
        if (to.kind == ValueKind::Temp) {
          uses_[to.id] += uses_[ph.temp];
          auto moved = std::move(feeds[ph.temp]);
          for (uint32_t q : moved) feeds[to.id].push_back(q);
          for (uint32_t q : moved) work.push_back(q);
        } else {
          for (uint32_t q : feeds[ph.temp]) work.push_back(q);
        }
        uses_[ph.temp] = 0;
      }
    }
  }

  // Drops the removed parameters and their arguments, one pass per affected block.
  void compact() {
    for (size_t b = 0; b < fn_.blocks.size(); ++b) {
      bool any = false;
      for (uint32_t pi : phisAt_[b]) any |= phis_[pi].removed;
      if (!any) continue;
      auto &params = fn_.blocks[b].params;
      std::vector<char> drop(params.size(), 0);
      for (uint32_t pi : phisAt_[b]) if (phis_[pi].removed) drop[phis_[pi].k] = 1;
      auto filter = [&](auto &vec) {
        size_t w = 0;
        for (size_t r = 0; r < vec.size(); ++r)
          if (r >= drop.size() || !drop[r]) {
            if (w != r) vec[w] = std::move(vec[r]);
            ++w;
          }
        vec.resize(w);
      };
      for (const Edge &e : inEdges_[b]) filter(fn_.blocks[e.pred].instrs.back().targets[e.target].args);
      filter(params);
    }
  }

  void applySubstitution() {
    if (subst_.empty()) return;
    for (auto &b : fn_.blocks)
      for (auto &in : b.instrs) {
        for (auto &v : in.operands) if (v.kind == ValueKind::Temp) v = withLoc(resolve(v), v.loc);
        for (auto &t : in.targets)
          for (auto &v : t.args) if (v.kind == ValueKind::Temp) v = withLoc(resolve(v), v.loc);
      }
  }

  static Value withLoc(Value v, SourceLoc loc) {
    v.loc = loc;
    return v;
  }

  il::Function &fn_;
  const uint32_t firstNewTemp_;       ///< temps from here on are the new parameters, in phis_ order
  const bool strings_;                ///< whether string slots are candidates
  std::vector<uint32_t> slots_;       ///< promoted allocas' temps
  std::vector<Type> slotType_;        ///< per slot index
  std::vector<int32_t> slotOf_;       ///< per temp: slot index or -1
  std::vector<std::vector<Edge>> inEdges_;
  std::vector<size_t> origParams_;
  std::vector<Phi> phis_;
  std::vector<std::vector<uint32_t>> phisAt_;
  std::vector<uint32_t> uses_;
  std::unordered_map<uint32_t, Value> subst_;

public:
  std::vector<rt::RtFn> used_;        ///< runtime functions the string stores became calls of
};

// The verifier's use-after-release rule is per block: a string read from a variable, the
// variable then assigned (its old string released) and the read value used again in that
// block is fine in memory when an earlier block retained the value, but breaks the rule
// once the assignment is a visible release. Such functions keep their string slots.
bool followsReleaseRule(const il::Function &fn) {
  for (const auto &b : fn.blocks) {
    ReleaseCheck check;
    for (const auto &in : b.instrs)
      if (!check.step(in)) return false;
  }
  return true;
}

bool storesStrings(const il::Function &fn) {
  for (const auto &b : fn.blocks)
    for (const auto &in : b.instrs)
      if (in.op == Opcode::Store && in.memType == Type::Str) return true;
  return false;
}

void declare(il::Module &m, rt::RtFn f) {
  const auto &row = rt::runtimeFunction(f);
  for (const auto &e : m.externs)
    if (rt::findRuntimeFunction(e.name) == &row) return;
  il::Extern e;
  e.name = std::string(row.canonicalName);
  e.sig = row.signature;
  m.externs.push_back(std::move(e));
}

} // namespace

Mem2RegStats promoteSlots(il::Module &m) {
  Mem2RegStats stats;
  std::vector<rt::RtFn> used;
  for (auto &fn : m.functions) {
    std::optional<il::Function> before;
    Mem2RegStats s;
    {
      Promoter p(fn, true);
      if (storesStrings(fn)) before = fn;  // promotion may turn a store into a release
      p.run(s);
      if (p.promotedStrings() && before && !followsReleaseRule(fn)) {
        fn = std::move(*before);
        s = {};
      } else {
        used.insert(used.end(), p.used_.begin(), p.used_.end());
        before.reset();
      }
    }
    if (before) Promoter(fn, false).run(s);
    stats.promoted += s.promoted;
    stats.blockParams += s.blockParams;
  }
  for (rt::RtFn f : {rt::RtFn::strRetainMaybe, rt::RtFn::strReleaseMaybe})
    if (std::find(used.begin(), used.end(), f) != used.end()) declare(m, f);
  return stats;
}

} // namespace viper::passes
