#include "bytecode/slot_alloc.hpp"
#include <algorithm>
#include <iterator>
#include <map>
#include <queue>
#include <set>

namespace viper::bc {

namespace {

template <class F> void forEachUse(const il::Instr &in, F f) {
  for (const auto &v : in.operands) if (v.kind == il::ValueKind::Temp) f(v.id);
  for (const auto &t : in.targets)
    for (const auto &v : t.args) if (v.kind == il::ValueKind::Temp) f(v.id);
}

using Segs = std::vector<Segment>;

/// Per block, the ids live there (compressed rows: block b's are ids[start[b]..start[b+1])).
struct LiveSets {
  std::vector<uint32_t> start, ids;
  template <class F> void forEach(size_t b, F f) const {
    for (uint32_t i = start[b]; i < start[b + 1]; ++i) f(ids[i]);
  }
};

/// The disjoint live segments of a group of values: a sorted vector while small, a tree
/// once big, so merging a small group into a big one (a variable that flows through
/// thousands of blocks) costs the small group's size, not the big one's.
class IntervalSet {
public:
  explicit IntervalSet(Segs s = {}) : small_(std::move(s)) {}
  size_t size() const { return tree_.empty() ? small_.size() : tree_.size(); }
  bool empty() const { return size() == 0; }
  int32_t firstLo() const { return tree_.empty() ? small_.front().lo : tree_.begin()->first; }
  int32_t lastHi() const { return tree_.empty() ? small_.back().hi : std::prev(tree_.end())->second; }
  template <class F> void forEach(F f) const {
    if (tree_.empty()) for (const Segment &x : small_) f(x);
    else for (const auto &[lo, hi] : tree_) f(Segment{lo, hi});
  }
  bool intersects(const Segment &x) const {
    if (tree_.empty()) {
      auto it = std::upper_bound(small_.begin(), small_.end(), x.hi, [](int32_t v, const Segment &y) { return v < y.lo; });
      return it != small_.begin() && std::prev(it)->hi >= x.lo;
    }
    auto it = tree_.upper_bound(x.hi);  // first segment starting after x
    return it != tree_.begin() && std::prev(it)->second >= x.lo;
  }
  /// True if any segment of `a` meets one of `b`; probes the smaller into the larger.
  static bool overlaps(const IntervalSet &a, const IntervalSet &b) {
    const IntervalSet &probe = a.size() <= b.size() ? a : b, &into = &probe == &a ? b : a;
    bool hit = false;
    probe.forEach([&](const Segment &x) { hit = hit || into.intersects(x); });
    return hit;
  }
  /// Adds disjoint segments (the caller checked they do not overlap).
  void absorb(const IntervalSet &other) {
    if (tree_.empty() && small_.size() + other.size() <= kSmall) {
      Segs merged;
      merged.reserve(small_.size() + other.size());
      other.forEach([&](const Segment &x) { merged.push_back(x); });
      Segs out(small_.size() + merged.size());
      std::merge(small_.begin(), small_.end(), merged.begin(), merged.end(), out.begin(),
                 [](const Segment &x, const Segment &y) { return x.lo < y.lo; });
      small_ = std::move(out);
      return;
    }
    if (tree_.empty()) {
      for (const Segment &x : small_) tree_.emplace_hint(tree_.end(), x.lo, x.hi);
      small_.clear();
    }
    other.forEach([&](const Segment &x) { tree_.emplace(x.lo, x.hi); });
  }
  void clear() { small_.clear(); tree_.clear(); }

private:
  static constexpr size_t kSmall = 16;
  Segs small_;
  std::map<int32_t, int32_t> tree_;
};

/// Groups of values that share a slot (union-find with the group's live segments).
struct Groups {
  std::vector<uint32_t> parent;
  std::vector<IntervalSet> segs;
  explicit Groups(std::vector<Segs> s) : parent(s.size()) {
    segs.reserve(s.size());
    for (auto &x : s) segs.emplace_back(std::move(x));
    for (size_t i = 0; i < parent.size(); ++i) parent[i] = static_cast<uint32_t>(i);
  }
  uint32_t find(uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  /// Merges the groups of a and b unless their values are ever live at the same time.
  bool tryUnite(uint32_t a, uint32_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    if (IntervalSet::overlaps(segs[a], segs[b])) return false;
    if (segs[a].size() > segs[b].size()) std::swap(a, b);  // the smaller joins the larger
    parent[a] = b;
    segs[b].absorb(segs[a]);
    segs[a].clear();
    return true;
  }
};

} // namespace

std::vector<Segs> liveSegments(const il::Function &fn, const std::vector<int32_t> &fusedCompare) {
  const size_t nt = fn.temps.size(), nb = fn.blocks.size();
  // Only values used outside their defining block need the dataflow; the rest (most of
  // them) live from their definition to their last use in one block. The bit sets are
  // over these "global" values only, so big functions stay cheap.
  std::vector<int32_t> defBlock(nt, -1);
  for (size_t b = 0; b < nb; ++b) {
    if (b == 0) for (const auto &p : fn.params) defBlock[p.temp] = 0;
    for (const auto &p : fn.blocks[b].params) defBlock[p.temp] = static_cast<int32_t>(b);
    for (const auto &ins : fn.blocks[b].instrs)
      if (ins.result >= 0) defBlock[static_cast<size_t>(ins.result)] = static_cast<int32_t>(b);
  }
  std::vector<int32_t> gid(nt, -1);
  uint32_t ng = 0;
  for (size_t b = 0; b < nb; ++b)
    for (const auto &ins : fn.blocks[b].instrs)
      forEachUse(ins, [&](uint32_t t) {
        if (gid[t] < 0 && defBlock[t] != static_cast<int32_t>(b)) gid[t] = static_cast<int32_t>(ng++);
      });
  std::vector<uint32_t> globals(ng);
  for (uint32_t t = 0; t < nt; ++t) if (gid[t] >= 0) globals[static_cast<size_t>(gid[t])] = t;

  // Liveness by path exploration (SSA): from each use outside the defining block, walk
  // predecessors back to the definition, marking the value live into and out of every
  // block on the way. The work and memory are the live (block, value) pairs themselves;
  // dense per-block bit sets over all cross-block values grow as blocks x values, which
  // is quadratic in a long main program.
  // Flat arrays throughout (predecessors, and the live pairs recorded in visit order and
  // then bucketed by block): the walk touches millions of pairs in a long program.
  std::vector<uint32_t> predStart(nb + 1, 0), preds;
  for (size_t b = 0; b < nb; ++b)
    if (!fn.blocks[b].instrs.empty())
      for (const auto &t : fn.blocks[b].instrs.back().targets)
        if (t.block >= 0) ++predStart[static_cast<size_t>(t.block) + 1];
  for (size_t b = 0; b < nb; ++b) predStart[b + 1] += predStart[b];
  preds.resize(predStart[nb]);
  {
    std::vector<uint32_t> fill(predStart.begin(), predStart.end() - 1);
    for (size_t b = 0; b < nb; ++b)
      if (!fn.blocks[b].instrs.empty())
        for (const auto &t : fn.blocks[b].instrs.back().targets)
          if (t.block >= 0) preds[fill[static_cast<size_t>(t.block)]++] = static_cast<uint32_t>(b);
  }
  auto bucket = [&](const std::vector<std::pair<uint32_t, uint32_t>> &pairs) {
    LiveSets ls;
    ls.start.assign(nb + 1, 0);
    for (const auto &pr : pairs) ++ls.start[pr.first + 1];
    for (size_t b = 0; b < nb; ++b) ls.start[b + 1] += ls.start[b];
    ls.ids.resize(pairs.size());
    std::vector<uint32_t> fill(ls.start.begin(), ls.start.end() - 1);
    for (const auto &pr : pairs) ls.ids[fill[pr.first]++] = pr.second;
    return ls;
  };
  LiveSets in, out;
  {
    std::vector<std::vector<uint32_t>> useBlocks(ng);  // per global: blocks (not its own) that read it
    for (size_t b = 0; b < nb; ++b)
      for (const auto &ins : fn.blocks[b].instrs)
        forEachUse(ins, [&](uint32_t t) {
          if (gid[t] < 0 || defBlock[t] == static_cast<int32_t>(b)) return;
          auto &ub = useBlocks[static_cast<size_t>(gid[t])];
          if (ub.empty() || ub.back() != b) ub.push_back(static_cast<uint32_t>(b));
        });
    std::vector<std::pair<uint32_t, uint32_t>> inPairs, outPairs;  // (block, global id)
    std::vector<uint32_t> inStamp(nb, UINT32_MAX), outStamp(nb, UINT32_MAX), work;
    for (uint32_t k = 0; k < ng; ++k) {
      const int32_t d = defBlock[globals[k]];
      for (uint32_t b : useBlocks[k])
        if (inStamp[b] != k) { inStamp[b] = k; inPairs.push_back({b, k}); work.push_back(b); }
      while (!work.empty()) {
        const uint32_t x = work.back();
        work.pop_back();
        for (uint32_t i = predStart[x]; i < predStart[x + 1]; ++i) {
          const uint32_t p = preds[i];
          if (outStamp[p] != k) { outStamp[p] = k; outPairs.push_back({p, k}); }
          if (static_cast<int32_t>(p) != d && inStamp[p] != k) { inStamp[p] = k; inPairs.push_back({p, k}); work.push_back(p); }
        }
      }
    }
    in = bucket(inPairs);
    std::vector<std::pair<uint32_t, uint32_t>>().swap(inPairs);
    out = bucket(outPairs);
  }
  // Within a block a value lives from its definition (or the block start, if live-in) to
  // its last use (or the block end, if live-out).
  std::vector<Segs> segs(nt);
  std::vector<int32_t> lo(nt, -1), hi(nt, -1);
  std::vector<uint32_t> touched;
  int32_t pos = 0;
  for (size_t b = 0; b < nb; ++b) {
    const il::Block &blk = fn.blocks[b];
    const int32_t start = 2 * pos++;
    touched.clear();
    auto open = [&](uint32_t t, int32_t at) {
      if (lo[t] < 0) { lo[t] = at; touched.push_back(t); }
      hi[t] = std::max(hi[t], at);
    };
    if (b == 0) for (const auto &p : fn.params) open(p.temp, start);
    for (const auto &p : blk.params) open(p.temp, start);
    in.forEach(b, [&](uint32_t k) { open(globals[k], start); });
    const int32_t fused = b < fusedCompare.size() ? fusedCompare[b] : -1;
    for (size_t k = 0; k < blk.instrs.size(); ++k) {
      const il::Instr &ins = blk.instrs[k];
      const int32_t at = 2 * pos++;
      if (static_cast<int32_t>(k) == fused) continue;
      if (fused >= 0 && k + 1 == blk.instrs.size()) {
        // The cbr compares the fused compare's operands; its condition has no slot.
        forEachUse(blk.instrs[static_cast<size_t>(fused)], [&](uint32_t t) { open(t, at); });
        for (const auto &t : ins.targets)
          for (const auto &v : t.args) if (v.kind == il::ValueKind::Temp) open(v.id, at);
        continue;
      }
      forEachUse(ins, [&](uint32_t t) { open(t, at); });
      if (ins.result >= 0) open(static_cast<uint32_t>(ins.result), at + 1);
    }
    const int32_t end = 2 * (pos - 1) + 1;
    out.forEach(b, [&](uint32_t k) { open(globals[k], end); });
    // A value live across a block boundary continues its previous segment, so one that
    // stays live through 50,000 blocks is one segment, not 50,000.
    for (uint32_t t : touched) {
      if (!segs[t].empty() && segs[t].back().hi + 1 >= lo[t]) segs[t].back().hi = std::max(segs[t].back().hi, hi[t]);
      else segs[t].push_back({lo[t], hi[t]});
      lo[t] = hi[t] = -1;
    }
  }
  return segs;
}

SlotAssignment assignSlots(const il::Function &fn, const SlotRequest &req) {
  const size_t nt = fn.temps.size(), nb = fn.blocks.size();
  SlotAssignment res;
  res.slot.assign(nt, -1);
  auto isWindow = [&](uint32_t t) { return t < req.windowArg.size() && req.windowArg[t] >= 0; };
  std::vector<Segs> segs = liveSegments(fn, req.fusedCompare);
  std::vector<bool> present(nt);
  for (uint32_t t = 0; t < nt; ++t) present[t] = !segs[t].empty();
  Groups g(std::move(segs));

  // Function parameter i and entry-block parameter i are one value in slot i.
  for (size_t i = 0; i < fn.params.size() && nb && i < fn.blocks[0].params.size(); ++i)
    g.tryUnite(fn.blocks[0].params[i].temp, fn.params[i].temp);
  if (req.reuse) {
    // Coalesce along every block-parameter edge whose two values never overlap: the
    // edge's move disappears. Back edges first: loop-carried values matter most.
    std::vector<std::pair<uint32_t, uint32_t>> edges, backEdges;
    for (size_t b = 0; b < nb; ++b) {
      if (fn.blocks[b].instrs.empty()) continue;
      for (const auto &t : fn.blocks[b].instrs.back().targets) {
        if (t.block < 0) continue;
        const il::Block &dst = fn.blocks[static_cast<size_t>(t.block)];
        for (size_t i = 0; i < dst.params.size() && i < t.args.size(); ++i) {
          const il::Value &v = t.args[i];
          if (v.kind != il::ValueKind::Temp || isWindow(v.id)) continue;
          (static_cast<size_t>(t.block) <= b ? backEdges : edges).push_back({dst.params[i].temp, v.id});
        }
      }
    }
    for (auto [p, a] : backEdges) g.tryUnite(p, a);
    for (auto [p, a] : edges) g.tryUnite(p, a);
  }

  // Slots: parameters are fixed; every other group, in order of its first segment, takes
  // a slot none of whose occupants it overlaps: a slot whose occupants all ended before
  // the group starts (the lowest such), or one with a hole that fits among the lowest
  // few still in use. Bounding that probe keeps 20,000 simultaneously live values linear.
  std::vector<int32_t> gslot(nt, -1);
  // Per slot, the segments of the values it holds (disjoint; lo -> hi), searched in log time.
  std::vector<std::map<int32_t, int32_t>> occupied;
  std::vector<int32_t> maxEnd;  // per slot: the last position any occupant is live
  std::set<uint32_t> idle, busy;  // slots by index: every occupant ended / someone may still be live
  std::priority_queue<std::pair<int32_t, uint32_t>, std::vector<std::pair<int32_t, uint32_t>>, std::greater<>> ends;
  auto occupy = [&](uint32_t s, const IntervalSet &sg) {
    if (occupied.size() <= s) occupied.resize(s + 1), maxEnd.resize(s + 1, -1);
    sg.forEach([&](const Segment &x) { occupied[s].emplace(x.lo, x.hi); });
    maxEnd[s] = std::max(maxEnd[s], sg.lastHi());
    idle.erase(s);
    busy.insert(s);
    ends.push({maxEnd[s], s});
  };
  auto clashes = [&](uint32_t s, const IntervalSet &sg) {
    if (s >= occupied.size()) return false;
    const auto &occ = occupied[s];
    bool hit = false;
    sg.forEach([&](const Segment &x) {
      if (hit) return;
      auto it = occ.upper_bound(x.hi);  // first occupant starting after x
      hit = it != occ.begin() && std::prev(it)->second >= x.lo;
    });
    return hit;
  };
  for (size_t i = 0; i < fn.params.size(); ++i) {
    uint32_t c = g.find(fn.params[i].temp);
    gslot[c] = static_cast<int32_t>(i);
    if (!g.segs[c].empty()) occupy(static_cast<uint32_t>(i), g.segs[c]);
    else idle.insert(static_cast<uint32_t>(i));
  }
  std::vector<uint32_t> order;
  for (uint32_t t = 0; t < nt; ++t)
    if (present[t] && !isWindow(t) && g.find(t) == t && gslot[t] < 0 && !g.segs[t].empty()) order.push_back(t);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return g.segs[x].firstLo() < g.segs[y].firstLo(); });
  constexpr size_t kHoleProbes = 16;
  uint32_t next = req.firstFree;
  for (uint32_t c : order) {
    uint32_t s = next;
    if (req.reuse) {
      const int32_t lo = g.segs[c].firstLo();
      while (!ends.empty() && ends.top().first < lo) {
        auto [end, k] = ends.top();
        ends.pop();
        if (end == maxEnd[k] && busy.erase(k)) idle.insert(k);
      }
      const uint32_t firstIdle = idle.empty() ? next : *idle.begin();
      s = firstIdle;
      size_t probes = 0;
      for (auto it = busy.begin(); it != busy.end() && *it < firstIdle && probes < kHoleProbes; ++it, ++probes)
        if (!clashes(*it, g.segs[c])) { s = *it; break; }
    }
    if (s == next) ++next;
    gslot[c] = static_cast<int32_t>(s);
    occupy(s, g.segs[c]);
  }
  res.extraBase = next;
  res.window = next + req.extraSlots;
  for (uint32_t t = 0; t < nt; ++t) {
    if (isWindow(t)) res.slot[t] = static_cast<int32_t>(res.window) + req.windowArg[t];
    else if (present[t]) res.slot[t] = gslot[g.find(t)];
  }
  return res;
}

} // namespace viper::bc
