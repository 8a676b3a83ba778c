// Loop unswitching. A small loop that tests one loop-invariant condition, in a `cbr` or a
// `select` (BASIC's `FOR J = A TO B STEP S` with a variable S tests the sign of S in
// every iteration), is copied: the preheader branches on the condition once, into the
// original loop where it is known true or into the copy where it is known false, and
// sccp then folds the test away in each. Only for loops of at most kMaxLoopInstrs
// instructions with exactly one such condition (so the copies have none left, and
// optimizing the result again changes nothing), at most kMaxPerFunction times per
// function.
//
// The unit of work: the copy is placed right after the loop's last block, so an edge
// inside it has the direction of the edge it copies. A loop is left alone when that
// would turn a copied edge around: a forward edge out of the loop to a block laid out
// before the loop's end, or a preheader between the header and the loop's end.
// Values made inside the loop must not be used outside it (the exit's predecessors would
// not all define them); front ends pass such values as block arguments.
#include "passes/ir_util.hpp"
#include "passes/loops.hpp"
#include "passes/optimizer.hpp"
#include <set>

namespace viper::passes {

using il::Opcode;
using il::Value;
using il::ValueKind;

namespace {

constexpr size_t kMaxLoopInstrs = 48;
constexpr int kMaxPerFunction = 4;

bool isBranchOrSelect(const il::Instr &in) {
  return (in.op == Opcode::Cbr || in.op == Opcode::Select) && !in.operands.empty();
}

// The loop-invariant temp the loop's cbr and select instructions test, if they test
// exactly one (conditions made inside the loop do not count).
std::optional<uint32_t> invariantCondition(const il::Function &fn, const Loop &l, const std::vector<int32_t> &defBlock) {
  std::optional<uint32_t> cond;
  for (uint32_t b : l.blocks)
    for (const auto &in : fn.blocks[b].instrs) {
      if (!isBranchOrSelect(in) || in.operands[0].kind != ValueKind::Temp) continue;
      const uint32_t c = in.operands[0].id;
      if (c >= defBlock.size() || defBlock[c] < 0 || l.contains(static_cast<size_t>(defBlock[c]))) continue;
      if (cond && *cond != c) return std::nullopt;
      cond = c;
    }
  return cond;
}

// Whether copying `l` after its last block keeps every edge's direction and every value's
// definition dominating its uses (see the file comment).
bool copyable(const il::Function &fn, const Loop &l, int32_t preheader,
              const std::vector<std::vector<uint32_t>> &usingBlocks) {
  const uint32_t last = l.blocks.back();
  size_t size = 0;
  for (uint32_t b : l.blocks) {
    const il::Block &blk = fn.blocks[b];
    if (blk.isHandler()) return false;
    size += blk.instrs.size();
    if (blk.instrs.empty()) return false;
    for (const auto &t : blk.instrs.back().targets) {
      if (t.block < 0) return false;
      const uint32_t o = static_cast<uint32_t>(t.block);
      if (!l.contains(o) && o > b && o < last) return false;
    }
  }
  if (size > kMaxLoopInstrs) return false;
  const uint32_t ph = static_cast<uint32_t>(preheader);
  if (ph > l.header && ph < last) return false;
  // Only the loop's own definitions are looked at, so many small loops cost their size,
  // not the function's.
  auto usedOutside = [&](uint32_t t) {
    for (uint32_t u : usingBlocks[t])
      if (!l.contains(u)) return true;
    return false;
  };
  for (uint32_t b : l.blocks) {
    for (const auto &p : fn.blocks[b].params)
      if (usedOutside(p.temp)) return false;
    for (const auto &in : fn.blocks[b].instrs)
      if (in.result >= 0 && usedOutside(static_cast<uint32_t>(in.result))) return false;
  }
  return true;
}

// The blocks using each temp (a block once per use).
std::vector<std::vector<uint32_t>> usingBlocksOf(const il::Function &fn) {
  std::vector<std::vector<uint32_t>> users(fn.temps.size());
  for (uint32_t b = 0; b < fn.blocks.size(); ++b)
    for (const auto &in : fn.blocks[b].instrs)
      forEachUse(in, [&](const Value &v) {
        if (v.kind == ValueKind::Temp && v.id < users.size()) users[v.id].push_back(b);
      });
  return users;
}

// Replaces the condition `cond` by `known` in the loop's (or its copy's) tests.
void specialise(il::Block &blk, uint32_t cond, bool known) {
  for (auto &in : blk.instrs)
    if (isBranchOrSelect(in) && in.operands[0].kind == ValueKind::Temp && in.operands[0].id == cond)
      in.operands[0] = Value::boolean(known);
}

void unswitch(il::Function &fn, const Loop &l, uint32_t preheader, uint32_t cond) {
  const uint32_t last = l.blocks.back();
  const size_t k = l.blocks.size();
  // Final numbering: blocks after the loop's end move down by k; the copy of the loop's
  // j-th block is last + 1 + j.
  std::vector<int32_t> copyOf(fn.blocks.size(), -1);
  for (size_t j = 0; j < k; ++j) copyOf[l.blocks[j]] = static_cast<int32_t>(last + 1 + j);
  auto finalIndex = [&](int32_t b) { return b > static_cast<int32_t>(last) ? b + static_cast<int32_t>(k) : b; };
  std::vector<std::optional<uint32_t>> rename(fn.temps.size());
  auto fresh = [&](uint32_t t) {
    il::TempInfo info = fn.temps[t];
    fn.temps.push_back(std::move(info));
    rename[t] = static_cast<uint32_t>(fn.temps.size() - 1);
  };
  for (uint32_t b : l.blocks) {
    for (const auto &p : fn.blocks[b].params) fresh(p.temp);
    for (const auto &in : fn.blocks[b].instrs)
      if (in.result >= 0) fresh(static_cast<uint32_t>(in.result));
  }
  std::set<std::string> labels;
  for (const auto &b : fn.blocks) labels.insert(b.label);
  std::vector<il::Block> copies;
  copies.reserve(k);
  for (uint32_t b : l.blocks) {
    il::Block c = fn.blocks[b];
    std::string label = "us." + c.label;
    for (int n = 1; labels.count(label); ++n) label = "us" + std::to_string(n) + "." + c.label;
    labels.insert(label);
    c.label = label;
    for (auto &p : c.params) p.temp = *rename[p.temp];
    for (auto &in : c.instrs) {
      if (in.result >= 0) in.result = static_cast<int32_t>(*rename[static_cast<size_t>(in.result)]);
      forEachUse(in, [&](Value &v, bool) {
        if (v.kind == ValueKind::Temp && v.id < rename.size() && rename[v.id]) v.id = *rename[v.id];
      });
      for (auto &t : in.targets)
        t.block = copyOf[static_cast<size_t>(t.block)] >= 0 ? copyOf[static_cast<size_t>(t.block)] : finalIndex(t.block);
    }
    specialise(c, cond, false);
    copies.push_back(std::move(c));
  }
  for (uint32_t b : l.blocks) specialise(fn.blocks[b], cond, true);
  insertBlocks(fn, last + 1, std::move(copies));
  // The preheader tests the condition once (its index is final: it lies before the copy
  // or, moved down, after it).
  il::Instr &br = fn.blocks[static_cast<size_t>(finalIndex(static_cast<int32_t>(preheader)))].instrs.back();
  il::Target intoCopy = br.targets[0];
  intoCopy.block = copyOf[l.header];
  br.op = Opcode::Cbr;
  br.operands = {Value::temp(cond)};
  br.targets.push_back(std::move(intoCopy));
  for (auto &b : fn.blocks)
    for (auto &in : b.instrs)
      for (auto &t : in.targets)
        if (t.block >= 0) t.label = fn.blocks[static_cast<size_t>(t.block)].label;
}

size_t unswitchFunction(il::Function &fn) {
  size_t changes = 0;
  for (int round = 0; round < kMaxPerFunction; ++round) {
    il::DominatorTree dom(fn);
    const auto preds = predecessors(fn);
    auto loops = findLoops(fn, dom, preds);
    std::sort(loops.begin(), loops.end(), [](const Loop &a, const Loop &b) { return a.blocks.size() < b.blocks.size(); });
    const std::vector<int32_t> defBlock = definingBlocks(fn);
    const auto usingBlocks = usingBlocksOf(fn);
    bool done = false;
    for (const auto &l : loops) {
      const int32_t ph = preheaderOf(fn, l, preds);
      if (ph < 0) continue;
      const auto cond = invariantCondition(fn, l, defBlock);
      if (!cond || !copyable(fn, l, ph, usingBlocks)) continue;
      unswitch(fn, l, static_cast<uint32_t>(ph), *cond);
      ++changes;
      done = true;
      break;  // block indices moved: find the loops again
    }
    if (!done) break;
  }
  return changes;
}

} // namespace

size_t unswitchLoops(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (fn.blocks.size() > 1 && !hasExceptionHandling(fn)) changes += unswitchFunction(fn);
  return changes;
}

} // namespace viper::passes
