// Loop-invariant code motion. Natural loops are found from back edges (an edge to a block
// that dominates its source); a loop whose header has no single `br` predecessor outside
// the loop gets a preheader, placed just before the header in block order (so the
// forward/backward character of every existing edge, which the unit of work counts, is
// unchanged). Then, innermost loops first, every pure instruction that cannot trap (by
// its opcode, or a division by a constant that is neither 0 nor -1) whose operands are
// all defined outside the loop moves to the end of the preheader. Operations that may
// trap stay where they are: hoisting one could trap in a run that never entered the
// loop. Hoisted instructions keep their .loc.
#include "il/cfg.hpp"
#include "passes/ir_util.hpp"
#include "passes/loops.hpp"
#include "passes/optimizer.hpp"
#include <algorithm>
#include <optional>
#include <set>

namespace viper::passes {

using il::Opcode;
using il::Value;
using il::ValueKind;

namespace {

// The dominator tree, predecessors and natural loops of a function: computed once per
// run, and again only when preheaders were inserted (block indices changed).
struct Analysis {
  il::DominatorTree dom;
  std::vector<std::vector<uint32_t>> preds;
  std::vector<Loop> loops;
  explicit Analysis(const il::Function &fn) : dom(fn), preds(predecessors(fn)), loops(findLoops(fn, dom, preds)) {}
};

// Pure and unable to trap: always, or (a division or remainder by a constant other than
// 0 and -1, `pass % 4`) for these operands. Only those may run where the loop would not.
bool hoistable(const il::Instr &in) { return isPureNoTrap(in.op) || (isPureMayTrap(in.op) && cannotTrap(in)); }

// Whether some pure, non-trapping instruction of the loop takes only values made outside
// it: only then is a preheader worth making. An empty one would be merged away again by
// simplifycfg, and the two passes would undo each other every round.
bool hasHoistCandidate(const il::Function &fn, const Loop &l, const std::vector<int32_t> &defBlock) {
  for (uint32_t b : l.blocks)
    for (const auto &in : fn.blocks[b].instrs) {
      if (in.result < 0 || !hoistable(in)) continue;
      bool outside = true;
      for (const auto &v : in.operands)
        if (v.kind == ValueKind::Temp &&
            (v.id >= defBlock.size() || defBlock[v.id] < 0 || l.contains(static_cast<size_t>(defBlock[v.id]))))
          outside = false;
      if (outside) return true;
    }
  return false;
}

// Gives every loop without one that has something to hoist a preheader; returns how many
// were made.
size_t makePreheaders(il::Function &fn, const Analysis &a) {
  const auto &preds = a.preds;
  const auto &loops = a.loops;
  const size_t nb = fn.blocks.size();
  std::vector<const Loop *> need(nb, nullptr);
  size_t made = 0;
  const std::vector<int32_t> defBlock = definingBlocks(fn);
  for (const auto &l : loops)
    if (preheaderOf(fn, l, preds) < 0 && hasHoistCandidate(fn, l, defBlock)) { need[l.header] = &l; ++made; }
  if (!made) return 0;
  std::set<std::string> labels;
  for (const auto &b : fn.blocks) labels.insert(b.label);
  std::vector<int32_t> newIndex(nb);
  {
    int32_t k = 0;
    for (size_t b = 0; b < nb; ++b) { if (need[b]) ++k; newIndex[b] = k++; }
  }
  // Outside edges into a header that gets a preheader go to the preheader instead.
  for (uint32_t b = 0; b < nb; ++b)
    for (auto &in : fn.blocks[b].instrs)
      for (auto &t : in.targets) {
        if (t.block < 0) continue;
        const size_t d = static_cast<size_t>(t.block);
        if (need[d] && !need[d]->contains(b)) {
          t.block = newIndex[d] - 1;
          t.label.clear();  // set below
        } else {
          t.block = newIndex[d];
        }
      }
  std::vector<il::Block> out;
  out.reserve(nb + made);
  std::vector<std::string> phLabel(nb);
  for (size_t b = 0; b < nb; ++b) {
    if (need[b]) {
      il::Block ph;
      // A letter first: a label such as `7` must not become the number-like `7.ph`.
      std::string label = "ph." + fn.blocks[b].label;
      for (int n = 1; labels.count(label); ++n) label = "ph" + std::to_string(n) + "." + fn.blocks[b].label;
      labels.insert(label);
      phLabel[b] = label;
      ph.label = label;
      ph.loc = fn.blocks[b].loc;
      il::Instr br;
      br.op = Opcode::Br;
      il::Target t;
      t.block = newIndex[b];
      t.label = fn.blocks[b].label;
      for (const auto &p : fn.blocks[b].params) {
        il::Param q;
        q.name = fn.temps[p.temp].name;
        q.type = p.type;
        q.temp = newTemp(fn, q.name, p.type);
        t.args.push_back(Value::temp(q.temp));
        ph.params.push_back(std::move(q));
      }
      br.targets.push_back(std::move(t));
      if (!fn.blocks[b].instrs.empty()) br.loc = fn.blocks[b].instrs.front().loc;
      ph.instrs.push_back(std::move(br));
      out.push_back(std::move(ph));
    }
    out.push_back(std::move(fn.blocks[b]));
  }
  fn.blocks = std::move(out);
  for (auto &b : fn.blocks)
    for (auto &in : b.instrs)
      for (auto &t : in.targets)
        if (t.block >= 0) t.label = fn.blocks[static_cast<size_t>(t.block)].label;
  return made;
}

size_t licmFunction(il::Function &fn) {
  std::optional<Analysis> a(std::in_place, fn);
  size_t changes = makePreheaders(fn, *a);
  if (changes) a.emplace(fn);
  const il::DominatorTree &dom = a->dom;
  const auto &preds = a->preds;
  auto &loops = a->loops;
  std::sort(loops.begin(), loops.end(), [](const Loop &a, const Loop &b) { return a.blocks.size() < b.blocks.size(); });
  std::vector<int32_t> defBlock = definingBlocks(fn);
  // Loop blocks in reverse postorder, so a value is seen hoisted before its users.
  std::vector<int32_t> rpoPos(fn.blocks.size(), -1);
  for (size_t k = 0; k < dom.reversePostorder().size(); ++k) rpoPos[static_cast<size_t>(dom.reversePostorder()[k])] = static_cast<int32_t>(k);
  for (auto &l : loops) {
    int32_t ph = preheaderOf(fn, l, preds);
    if (ph < 0) continue;
    std::vector<uint32_t> order = l.blocks;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return rpoPos[a] < rpoPos[b]; });
    // Values the preheader passes as a call's first argument (a release, perhaps) may not
    // be used after that call in the preheader (the verifier's use-after-release rule).
    std::set<uint32_t> calledWith;
    for (const auto &in : fn.blocks[static_cast<size_t>(ph)].instrs)
      if ((in.op == Opcode::Call || in.op == Opcode::CallIndirect) && !in.operands.empty() &&
          in.operands[0].kind == ValueKind::Temp)
        calledWith.insert(in.operands[0].id);
    std::vector<il::Instr> hoisted;
    for (uint32_t b : order) {
      auto &instrs = fn.blocks[b].instrs;
      std::vector<il::Instr> kept;
      kept.reserve(instrs.size());
      for (auto &in : instrs) {
        bool invariant = in.result >= 0 && hoistable(in);
        if (invariant)
          for (const auto &v : in.operands)
            if (v.kind == ValueKind::Temp && (v.id >= defBlock.size() || defBlock[v.id] < 0 ||
                                              l.contains(static_cast<size_t>(defBlock[v.id])) || calledWith.count(v.id)))
              invariant = false;
        if (invariant) {
          defBlock[static_cast<size_t>(in.result)] = ph;
          hoisted.push_back(std::move(in));
        } else {
          kept.push_back(std::move(in));
        }
      }
      instrs = std::move(kept);
    }
    if (hoisted.empty()) continue;
    changes += hoisted.size();
    auto &pins = fn.blocks[static_cast<size_t>(ph)].instrs;
    il::Instr term = std::move(pins.back());
    pins.pop_back();
    for (auto &in : hoisted) pins.push_back(std::move(in));
    pins.push_back(std::move(term));
  }
  return changes;
}

} // namespace

size_t hoistInvariants(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (fn.blocks.size() > 1 && !hasExceptionHandling(fn)) changes += licmFunction(fn);
  return changes;
}

} // namespace viper::passes
