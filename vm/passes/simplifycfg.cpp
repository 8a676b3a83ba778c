// CFG simplification: a cbr/switch.i32 whose targets are all the same edge becomes a br;
// an edge into an empty block (only `br T(args)`) is threaded straight to T; a block
// reached only by its predecessor's `br` is merged into that predecessor (its parameters
// become the branch's arguments). Blocks left unreached are removed. Instructions keep
// their .loc; blocks keep their relative order, so a loop still has its back edge.
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include <unordered_set>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

bool sameEdge(const il::Target &a, const il::Target &b) {
  if (a.block != b.block || a.args.size() != b.args.size()) return false;
  for (size_t k = 0; k < a.args.size(); ++k) if (!sameValue(a.args[k], b.args[k])) return false;
  return true;
}

size_t foldSameTargets(il::Function &fn) {
  size_t n = 0;
  for (auto &b : fn.blocks) {
    if (b.instrs.empty()) continue;
    il::Instr &in = b.instrs.back();
    if ((in.op != Opcode::Cbr && in.op != Opcode::SwitchI32) || in.targets.empty()) continue;
    bool same = true;
    for (size_t t = 1; t < in.targets.size(); ++t) same = same && sameEdge(in.targets[0], in.targets[t]);
    if (!same) continue;
    il::Target t = std::move(in.targets[0]);
    in.op = Opcode::Br;
    in.operands.clear();
    in.caseValues.clear();
    in.targets.clear();
    in.targets.push_back(std::move(t));
    ++n;
  }
  return n;
}

// The parameter index of every block-parameter temp (-1 for other temps): each temp is
// the parameter of one block, so "is v parameter p of block e" is paramIndex[v] == p
// once v is known to be one of e's, without scanning e's parameter list per use.
std::vector<int32_t> paramIndexes(const il::Function &fn) {
  std::vector<int32_t> index(fn.temps.size(), -1);
  for (const auto &b : fn.blocks)
    for (size_t p = 0; p < b.params.size(); ++p)
      if (b.params[p].temp < index.size()) index[b.params[p].temp] = static_cast<int32_t>(p);
  return index;
}

// Parameter p of block `blk` when temp `id` is one, else -1.
int32_t paramOf(const il::Block &blk, const std::vector<int32_t> &index, uint32_t id) {
  if (id >= index.size() || index[id] < 0) return -1;
  const auto p = static_cast<size_t>(index[id]);
  return p < blk.params.size() && blk.params[p].temp == id ? index[id] : -1;
}

size_t threadJumps(il::Function &fn) {
  const size_t nb = fn.blocks.size();
  const std::vector<int32_t> pindex = paramIndexes(fn);
  // Uses of each value outside its own block's terminator decide whether an empty block's
  // parameters may disappear.
  std::vector<uint32_t> uses(fn.temps.size(), 0);
  for (const auto &b : fn.blocks)
    for (const auto &in : b.instrs)
      forEachUse(in, [&](const Value &v) { if (v.kind == ValueKind::Temp && v.id < uses.size()) ++uses[v.id]; });
  // forward[e]: the empty block e only branches on, or -1.
  std::vector<int32_t> forward(nb, -1);
  for (size_t e = 1; e < nb; ++e) {
    const il::Block &b = fn.blocks[e];
    if (b.instrs.size() != 1 || b.instrs[0].op != Opcode::Br || b.isHandler()) continue;
    const il::Target &t = b.instrs[0].targets[0];
    if (t.block < 0 || static_cast<size_t>(t.block) == e) continue;
    // Each parameter may be used only by the br itself (then it vanishes with the block).
    std::vector<uint32_t> inBr(b.params.size(), 0);
    for (const auto &v : t.args)
      if (v.kind == ValueKind::Temp)
        if (int32_t p = paramOf(b, pindex, v.id); p >= 0) ++inBr[static_cast<size_t>(p)];
    bool ok = true;
    for (size_t p = 0; p < b.params.size(); ++p)
      if (uses[b.params[p].temp] != inBr[p]) ok = false;
    if (ok) forward[e] = t.block;
  }
  size_t n = 0;
  for (size_t b = 0; b < nb; ++b) {
    for (auto &in : fn.blocks[b].instrs)
      for (auto &t : in.targets) {
        // Follow a chain of empty blocks (at most a few steps; a cycle of them stops).
        for (int hop = 0; hop < 8 && t.block >= 0 && forward[static_cast<size_t>(t.block)] >= 0 &&
                          static_cast<size_t>(t.block) != b;
             ++hop) {
          const il::Block &e = fn.blocks[static_cast<size_t>(t.block)];
          const il::Target &next = e.instrs[0].targets[0];
          std::vector<Value> args;
          args.reserve(next.args.size());
          for (const auto &v : next.args) {
            Value a = v;
            if (v.kind == ValueKind::Temp)
              if (int32_t p = paramOf(e, pindex, v.id); p >= 0) {
                a = static_cast<size_t>(p) < t.args.size() ? t.args[static_cast<size_t>(p)] : v;
                a.loc = v.loc;
              }
            // A narrow literal may pass to a narrow parameter (branch arguments adapt).
            args.push_back(std::move(a));
          }
          t.block = next.block;
          t.label = next.label;
          t.args = std::move(args);
          ++n;
        }
      }
  }
  if (n) {
    auto keep = reachableBlocks(fn);
    removeBlocks(fn, keep);
  }
  return n;
}

// Materialises a literal branch argument as an instruction defining the parameter's temp
// (a literal could not replace the parameter everywhere: a narrow integer call argument,
// an alloca size, a load address). false for literals with no such form (strings, @f).
bool materialise(const il::Param &p, const Value &arg, il::Instr &out) {
  out = il::Instr();
  out.result = static_cast<int32_t>(p.temp);
  out.type = p.type;
  out.typeAnnotated = true;
  out.loc = SourceLoc{};
  switch (arg.kind) {
  case ValueKind::Int: case ValueKind::Bool:
    if (!il::isInteger(p.type)) return false;
    out.op = Opcode::Or;
    out.operands = {arg, p.type == Type::I1 ? Value::boolean(false) : Value::integer(0)};
    return true;
  case ValueKind::Float:
    out.op = Opcode::ConstF64;
    out.typeAnnotated = false;
    out.operands = {arg};
    return true;
  case ValueKind::Null:
    if (p.type != Type::Ptr && p.type != Type::Str) return false;
    out.op = Opcode::ConstNull;
    return true;
  default: return false;
  }
}

size_t mergeBlocks(il::Function &fn) {
  const size_t nb = fn.blocks.size();
  auto preds = predecessorCounts(fn);
  const std::vector<int32_t> pindex = paramIndexes(fn);
  // Only a releasing call can make the use-after-release rule fail: without one the
  // replay below is skipped (most functions, and every one the scaling shapes make).
  const bool releases = hasReleasingCall(fn);
  std::vector<bool> keep(nb, true);
  std::vector<std::optional<Value>> map(fn.temps.size());
  auto resolve = [&](uint32_t id) {
    for (int guard = 0; guard < 64 && id < map.size() && map[id] && map[id]->kind == ValueKind::Temp; ++guard) id = map[id]->id;
    return id;
  };
  // The verifier's use-after-release rule on the block being grown.
  std::function<uint32_t(uint32_t)> res = resolve;
  size_t n = 0;
  for (size_t b = 0; b < nb; ++b) {
    if (!keep[b]) continue;
    ReleaseCheck check;
    if (releases)
      for (const auto &in : fn.blocks[b].instrs) check.step(in, res);
    for (;;) {
      il::Block &blk = fn.blocks[b];
      if (blk.instrs.empty() || blk.instrs.back().op != Opcode::Br) break;
      const il::Target &t = blk.instrs.back().targets[0];
      if (t.block <= 0) break;
      const size_t c = static_cast<size_t>(t.block);
      if (c == b || !keep[c] || preds[c] != 1 || fn.blocks[c].isHandler()) break;
      il::Block &succ = fn.blocks[c];
      if (succ.params.size() != t.args.size()) break;
      std::vector<il::Instr> defs;
      bool ok = true;
      for (size_t p = 0; p < succ.params.size() && ok; ++p)
        if (t.args[p].kind != ValueKind::Temp) {
          il::Instr d;
          ok = materialise(succ.params[p], t.args[p], d);
          defs.push_back(std::move(d));
        }
      if (!ok) break;
      {
        // Replay the successor after this block (its parameters named by the arguments).
        std::function<uint32_t(uint32_t)> inSucc = [&](uint32_t id) {
          if (int32_t p = paramOf(succ, pindex, id); p >= 0 && t.args[static_cast<size_t>(p)].kind == ValueKind::Temp)
            id = t.args[static_cast<size_t>(p)].id;
          return resolve(id);
        };
        // A trial on the grown block's state, undone if the successor breaks the rule
        // (rolling back costs the successor's size; a copy would cost the whole block's).
        const size_t mark = check.mark();
        if (releases)
          for (const auto &in : succ.instrs) ok = check.step(in, inSucc) && ok;
        if (!ok) { check.rollback(mark); break; }
      }
      for (size_t p = 0; p < succ.params.size(); ++p)
        if (t.args[p].kind == ValueKind::Temp) map[succ.params[p].temp] = t.args[p];
      il::Instr br = std::move(blk.instrs.back());
      blk.instrs.pop_back();
      for (auto &d : defs) { d.loc = br.loc; d.textLoc = br.textLoc; blk.instrs.push_back(std::move(d)); }
      for (auto &in : succ.instrs) blk.instrs.push_back(std::move(in));
      succ.instrs.clear();
      succ.params.clear();
      keep[c] = false;
      ++n;
    }
  }
  if (n) {
    substitute(fn, map);
    removeBlocks(fn, keep);
  }
  return n;
}

} // namespace

size_t simplifyCfg(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions) {
    if (fn.blocks.empty() || hasExceptionHandling(fn)) continue;
    for (int round = 0; round < 4; ++round) {
      size_t n = foldSameTargets(fn) + threadJumps(fn) + mergeBlocks(fn);
      changes += n;
      if (!n) break;
    }
  }
  return changes;
}

} // namespace viper::passes
