// Dead code elimination: marks what the function needs (every instruction that may trap,
// touch memory, call or branch, and transitively their operands and the block arguments
// of the parameters they use), then removes unmarked pure instructions, unused block
// parameters (with the arguments every predecessor passes them) and blocks no path from
// the entry reaches. Nothing that may trap or has an effect is ever removed.
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"

namespace viper::passes {

using il::Value;
using il::ValueKind;

namespace {

size_t dceFunction(il::Function &fn) {
  size_t changes = 0;
  // Unreachable blocks first: their uses would keep values alive.
  {
    auto keep = reachableBlocks(fn);
    for (size_t b = 1; b < keep.size(); ++b) if (!keep[b]) ++changes;
    removeBlocks(fn, keep);
  }
  const size_t nt = fn.temps.size();
  // Where each value is defined: an instruction (block, index) or a block parameter.
  struct Def { int32_t block = -1, instr = -1, param = -1; };
  std::vector<Def> def(nt);
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    auto &blk = fn.blocks[b];
    for (size_t p = 0; p < blk.params.size(); ++p) def[blk.params[p].temp] = {static_cast<int32_t>(b), -1, static_cast<int32_t>(p)};
    for (size_t i = 0; i < blk.instrs.size(); ++i)
      if (blk.instrs[i].result >= 0) def[static_cast<size_t>(blk.instrs[i].result)] = {static_cast<int32_t>(b), static_cast<int32_t>(i), -1};
  }
  // Incoming edges per block, to reach the arguments of a live parameter.
  struct Edge { uint32_t block, instr, target; };
  std::vector<std::vector<Edge>> preds(fn.blocks.size());
  for (uint32_t b = 0; b < fn.blocks.size(); ++b)
    for (uint32_t i = 0; i < fn.blocks[b].instrs.size(); ++i)
      for (uint32_t t = 0; t < fn.blocks[b].instrs[i].targets.size(); ++t) {
        int32_t d = fn.blocks[b].instrs[i].targets[t].block;
        if (d >= 0) preds[static_cast<size_t>(d)].push_back({b, i, t});
      }
  std::vector<bool> live(nt, false);
  std::vector<uint32_t> work;
  auto need = [&](const Value &v) {
    if (v.kind == ValueKind::Temp && v.id < nt && !live[v.id]) { live[v.id] = true; work.push_back(v.id); }
  };
  std::vector<std::vector<bool>> liveInstr(fn.blocks.size());
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    auto &blk = fn.blocks[b];
    liveInstr[b].assign(blk.instrs.size(), false);
    for (size_t i = 0; i < blk.instrs.size(); ++i) {
      const auto &in = blk.instrs[i];
      if (in.result >= 0 && (isPureNoTrap(in.op) || (isPureMayTrap(in.op) && cannotTrap(in)))) continue;
      liveInstr[b][i] = true;
      // Operands are needed; branch arguments only for parameters that are needed.
      for (const auto &v : in.operands) need(v);
    }
  }
  for (const auto &p : fn.blocks[0].params) need(Value::temp(p.temp));
  while (!work.empty()) {
    uint32_t t = work.back();
    work.pop_back();
    const Def &d = def[t];
    if (d.block < 0) continue;
    if (d.instr >= 0) {
      liveInstr[static_cast<size_t>(d.block)][static_cast<size_t>(d.instr)] = true;
      for (const auto &v : fn.blocks[static_cast<size_t>(d.block)].instrs[static_cast<size_t>(d.instr)].operands) need(v);
    } else {
      for (const Edge &e : preds[static_cast<size_t>(d.block)]) {
        const auto &args = fn.blocks[e.block].instrs[e.instr].targets[e.target].args;
        if (static_cast<size_t>(d.param) < args.size()) need(args[static_cast<size_t>(d.param)]);
      }
    }
  }
  // Unused parameters of blocks other than the entry (whose parameters are the function's)
  // and handlers go, with their arguments.
  std::vector<std::vector<bool>> dropParam(fn.blocks.size());
  for (size_t b = 1; b < fn.blocks.size(); ++b) {
    auto &blk = fn.blocks[b];
    if (blk.isHandler()) continue;
    // Left empty when every parameter stays, so edges into the block are not touched.
    for (size_t p = 0; p < blk.params.size(); ++p)
      if (!live[blk.params[p].temp]) {
        if (dropParam[b].empty()) dropParam[b].assign(blk.params.size(), false);
        dropParam[b][p] = true;
      }
  }
  // Compaction in place: a later run that finds nothing dead moves nothing.
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    auto &instrs = fn.blocks[b].instrs;
    size_t out = 0;
    for (size_t i = 0; i < instrs.size(); ++i) {
      if (!liveInstr[b][i]) { ++changes; continue; }
      il::Instr &in = instrs[i];
      for (auto &t : in.targets) {
        if (t.block < 0 || dropParam[static_cast<size_t>(t.block)].empty()) continue;
        const auto &drop = dropParam[static_cast<size_t>(t.block)];
        size_t kept = 0;
        for (size_t k = 0; k < t.args.size(); ++k)
          if (k >= drop.size() || !drop[k]) { if (kept != k) t.args[kept] = std::move(t.args[k]); ++kept; }
        t.args.erase(t.args.begin() + static_cast<std::ptrdiff_t>(kept), t.args.end());
      }
      if (out != i) instrs[out] = std::move(in);
      ++out;
    }
    instrs.erase(instrs.begin() + static_cast<std::ptrdiff_t>(out), instrs.end());
  }
  for (size_t b = 1; b < fn.blocks.size(); ++b) {
    if (dropParam[b].empty()) continue;
    auto &ps = fn.blocks[b].params;
    std::vector<il::Param> keptParams;
    for (size_t p = 0; p < ps.size(); ++p) {
      if (dropParam[b][p]) ++changes;
      else keptParams.push_back(std::move(ps[p]));
    }
    ps = std::move(keptParams);
  }
  return changes;
}

} // namespace

size_t deadCode(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (!fn.blocks.empty() && !hasExceptionHandling(fn)) changes += dceFunction(fn);
  return changes;
}

} // namespace viper::passes
