#include "bytecode/slot_alloc.hpp"
#include <algorithm>
#include <functional>
#include <queue>

namespace viper::bc {

namespace {

/// A dense bit set over temp ids.
struct Bits {
  std::vector<uint64_t> w;
  explicit Bits(size_t n = 0) : w((n + 63) / 64, 0) {}
  void set(uint32_t i) { w[i / 64] |= uint64_t{1} << (i % 64); }
  bool test(uint32_t i) const { return (w[i / 64] >> (i % 64)) & 1; }
  template <class F> void forEach(F f) const {
    for (size_t k = 0; k < w.size(); ++k)
      for (uint64_t x = w[k]; x; x &= x - 1) f(static_cast<uint32_t>(k * 64 + static_cast<unsigned>(__builtin_ctzll(x))));
  }
};

template <class F> void forEachUse(const il::Instr &in, F f) {
  for (const auto &v : in.operands) if (v.kind == il::ValueKind::Temp) f(v.id);
  for (const auto &t : in.targets)
    for (const auto &v : t.args) if (v.kind == il::ValueKind::Temp) f(v.id);
}

std::vector<int32_t> successors(const il::Block &b) {
  std::vector<int32_t> s;
  if (b.instrs.empty()) return s;
  const il::Instr &term = b.instrs.back();
  if (term.op == il::Opcode::EhPush) return s;
  for (const auto &t : term.targets) if (t.block >= 0) s.push_back(t.block);
  return s;
}

} // namespace

std::vector<std::pair<int32_t, int32_t>> liveIntervals(const il::Function &fn) {
  const size_t nt = fn.temps.size(), nb = fn.blocks.size();
  std::vector<Bits> use(nb, Bits(nt)), def(nb, Bits(nt)), in(nb, Bits(nt)), out(nb, Bits(nt));
  for (size_t b = 0; b < nb; ++b) {
    const il::Block &blk = fn.blocks[b];
    if (b == 0) for (const auto &p : fn.params) def[b].set(p.temp);
    for (const auto &p : blk.params) def[b].set(p.temp);
    for (const auto &ins : blk.instrs) {
      forEachUse(ins, [&](uint32_t t) { if (!def[b].test(t)) use[b].set(t); });
      if (ins.result >= 0) def[b].set(static_cast<uint32_t>(ins.result));
    }
  }
  std::vector<std::vector<int32_t>> succ(nb);
  for (size_t b = 0; b < nb; ++b) succ[b] = successors(fn.blocks[b]);
  // Backward dataflow to a fixed point; reverse layout order converges fast.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t b = nb; b-- > 0;) {
      Bits o(nt);
      for (int32_t s : succ[b])
        for (size_t k = 0; k < o.w.size(); ++k) o.w[k] |= in[static_cast<size_t>(s)].w[k];
      Bits i(nt);
      for (size_t k = 0; k < i.w.size(); ++k) i.w[k] = use[b].w[k] | (o.w[k] & ~def[b].w[k]);
      if (i.w != in[b].w || o.w != out[b].w) {
        in[b] = std::move(i);
        out[b] = std::move(o);
        changed = true;
      }
    }
  }
  std::vector<std::pair<int32_t, int32_t>> iv(nt, {-1, -1});
  auto extend = [&](uint32_t t, int32_t p) {
    auto &[lo, hi] = iv[t];
    if (lo < 0 || p < lo) lo = p;
    if (p > hi) hi = p;
  };
  int32_t pos = 0;
  for (size_t b = 0; b < nb; ++b) {
    const il::Block &blk = fn.blocks[b];
    const int32_t start = pos++;
    if (b == 0) for (const auto &p : fn.params) extend(p.temp, start);
    for (const auto &p : blk.params) extend(p.temp, start);
    in[b].forEach([&](uint32_t t) { extend(t, start); });
    for (const auto &ins : blk.instrs) {
      const int32_t at = pos++;
      forEachUse(ins, [&](uint32_t t) { extend(t, at); });
      if (ins.result >= 0) extend(static_cast<uint32_t>(ins.result), at);
    }
    out[b].forEach([&](uint32_t t) { extend(t, pos - 1); });
  }
  return iv;
}

SlotAssignment assignSlots(const il::Function &fn, const SlotRequest &req) {
  const size_t nt = fn.temps.size();
  SlotAssignment res;
  res.slot.assign(nt, -1);
  auto iv = liveIntervals(fn);

  // Parameters: slot i holds function parameter i and entry-block parameter i (the same
  // value, possibly under two names), so the slot lives as long as either does.
  std::vector<bool> blockParam(nt, false);
  for (const auto &b : fn.blocks) for (const auto &p : b.params) blockParam[p.temp] = true;
  struct Fixed { int32_t hi; uint32_t slot; };
  std::vector<Fixed> paramLife;
  for (size_t i = 0; i < fn.params.size(); ++i) {
    int32_t hi = iv[fn.params[i].temp].second;
    res.slot[fn.params[i].temp] = static_cast<int32_t>(i);
    if (!fn.blocks.empty() && i < fn.blocks[0].params.size()) {
      uint32_t e = fn.blocks[0].params[i].temp;
      res.slot[e] = static_cast<int32_t>(i);
      hi = std::max(hi, iv[e].second);
    }
    paramLife.push_back({hi, static_cast<uint32_t>(i)});
  }

  std::vector<uint32_t> order;
  for (uint32_t t = 0; t < nt; ++t) {
    if (res.slot[t] >= 0 || iv[t].first < 0) continue;
    if (t < req.windowArg.size() && req.windowArg[t] >= 0) continue;
    order.push_back(t);
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return iv[x].first < iv[y].first; });

  uint32_t next = req.firstFree;
  if (!req.reuse) {
    for (uint32_t t : order) res.slot[t] = static_cast<int32_t>(next++);
  } else {
    using Active = std::pair<int32_t, uint32_t>;  // (hi, slot)
    std::priority_queue<Active, std::vector<Active>, std::greater<>> active;
    std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> free;
    for (const Fixed &f : paramLife) active.push({f.hi, f.slot});
    for (uint32_t t : order) {
      const int32_t lo = iv[t].first;
      // An instruction reads its operands before it writes its result, so a value whose
      // last use is this instruction can hand its slot over. Block parameters are all
      // written together on entry, so they never share with each other.
      const int32_t limit = blockParam[t] ? lo - 1 : lo;
      while (!active.empty() && active.top().first <= limit) {
        free.push(active.top().second);
        active.pop();
      }
      uint32_t s;
      if (!free.empty()) { s = free.top(); free.pop(); }
      else s = next++;
      res.slot[t] = static_cast<int32_t>(s);
      active.push({iv[t].second, s});
    }
  }
  res.window = next;
  for (uint32_t t = 0; t < nt && t < req.windowArg.size(); ++t)
    if (req.windowArg[t] >= 0) res.slot[t] = static_cast<int32_t>(res.window) + req.windowArg[t];
  return res;
}

} // namespace viper::bc
