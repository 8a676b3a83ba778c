// Branch splitting: a cbr on `and a, b` or `or a, b` of two i1 values, where the and/or
// has no other use, becomes two branches: `cbr a, N, F` and, in a new block N right after,
// `cbr b, T, F` (for or: `cbr a, T, N`). BASIC's AND/OR evaluate both sides; when b is a
// pure compute used only by the and/or it moves into N, so it runs only when it decides
// something. Each branch then tests one compare, which the bytecode compiler fuses into a
// single compare-and-jump instruction. Nested conditions split one level per round.
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include <optional>
#include <set>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

struct Split {
  uint32_t block;  ///< the block whose cbr splits
  bool isAnd;
  Value a, b;
  int32_t moveB;   ///< index in the block of b's definition to move into N, or -1
};

std::vector<uint32_t> useCounts(const il::Function &fn) {
  std::vector<uint32_t> uses(fn.temps.size(), 0);
  for (const auto &b : fn.blocks)
    for (const auto &in : b.instrs)
      forEachUse(in, [&](const Value &v) { if (v.kind == ValueKind::Temp && v.id < uses.size()) ++uses[v.id]; });
  return uses;
}

std::optional<Split> splitOf(const il::Function &fn, uint32_t bi, const std::vector<uint32_t> &uses) {
  const il::Block &blk = fn.blocks[bi];
  if (blk.instrs.size() < 2 || blk.isHandler()) return std::nullopt;
  const il::Instr &br = blk.instrs.back();
  if (br.op != Opcode::Cbr || br.targets.size() != 2 || br.operands[0].kind != ValueKind::Temp) return std::nullopt;
  const uint32_t c = br.operands[0].id;
  if (c >= uses.size() || uses[c] != 1) return std::nullopt;
  int32_t def = -1;
  for (size_t i = 0; i + 1 < blk.instrs.size(); ++i)
    if (blk.instrs[i].result == static_cast<int32_t>(c)) def = static_cast<int32_t>(i);
  if (def < 0) return std::nullopt;
  const il::Instr &in = blk.instrs[static_cast<size_t>(def)];
  if ((in.op != Opcode::And && in.op != Opcode::Or) || in.type != Type::I1) return std::nullopt;
  const Value &a = in.operands[0], &b = in.operands[1];
  if (a.kind != ValueKind::Temp || b.kind != ValueKind::Temp || a.id == b.id) return std::nullopt;
  Split s{bi, in.op == Opcode::And, a, b, -1};
  if (uses[b.id] == 1)
    for (size_t i = 0; i < static_cast<size_t>(def); ++i)
      if (blk.instrs[i].result == static_cast<int32_t>(b.id) && isPureNoTrap(blk.instrs[i].op)) s.moveB = static_cast<int32_t>(i);
  return s;
}

// One level of splits over the whole function: the blocks are rebuilt once, each new block
// placed right after the block it came from.
size_t splitRound(il::Function &fn, std::set<std::string> &labels) {
  const auto uses = useCounts(fn);
  std::vector<std::optional<Split>> splits(fn.blocks.size());
  size_t count = 0;
  for (uint32_t b = 0; b < fn.blocks.size(); ++b)
    if ((splits[b] = splitOf(fn, b, uses))) ++count;
  if (!count) return 0;
  std::vector<int32_t> newIndex(fn.blocks.size());
  int32_t next = 0;
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    newIndex[b] = next++;
    if (splits[b]) ++next;
  }
  std::vector<il::Block> out;
  out.reserve(static_cast<size_t>(next));
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    il::Block blk = std::move(fn.blocks[b]);
    for (auto &in : blk.instrs)
      for (auto &t : in.targets)
        if (t.block >= 0) t.block = newIndex[static_cast<size_t>(t.block)];
    if (!splits[b]) { out.push_back(std::move(blk)); continue; }
    const Split &s = *splits[b];
    il::Instr br = std::move(blk.instrs.back());
    blk.instrs.pop_back();
    il::Block second;
    const std::string base = blk.label + (s.isAnd ? ".and" : ".or");
    second.label = base;
    for (int k = 1; labels.count(second.label); ++k) second.label = base + std::to_string(k);
    labels.insert(second.label);
    second.loc = br.loc;
    // Drop the and/or (the cbr's condition) and, when it moves, b's definition.
    std::vector<il::Instr> kept;
    kept.reserve(blk.instrs.size());
    for (size_t i = 0; i < blk.instrs.size(); ++i) {
      il::Instr &in = blk.instrs[i];
      if (in.result == static_cast<int32_t>(br.operands[0].id)) continue;
      if (static_cast<int32_t>(i) == s.moveB) { second.instrs.push_back(std::move(in)); continue; }
      kept.push_back(std::move(in));
    }
    blk.instrs = std::move(kept);
    il::Instr inner = br;  // cbr b, T, F
    inner.operands = {s.b};
    const int32_t secondIndex = newIndex[b] + 1;
    il::Instr outer = std::move(br);
    outer.operands = {s.a};
    il::Target toSecond;
    toSecond.block = secondIndex;
    toSecond.label = second.label;
    outer.targets[s.isAnd ? 0 : 1] = std::move(toSecond);
    blk.instrs.push_back(std::move(outer));
    second.instrs.push_back(std::move(inner));
    out.push_back(std::move(blk));
    out.push_back(std::move(second));
  }
  fn.blocks = std::move(out);
  return count;
}

} // namespace

size_t splitConditions(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions) {
    if (fn.blocks.empty() || hasExceptionHandling(fn)) continue;
    std::set<std::string> labels;
    for (const auto &b : fn.blocks) labels.insert(b.label);
    for (int round = 0; round < 8; ++round) {
      const size_t n = splitRound(fn, labels);
      if (!n) break;
      changes += n;
    }
  }
  return changes;
}

} // namespace viper::passes
