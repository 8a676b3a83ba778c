// Sparse conditional constant propagation (Wegman & Zadeck) over block parameters: a value
// is undefined (not yet seen), a constant, or varying; a block is executable once an
// executable edge reaches it, and a branch on a constant makes only one edge executable.
// Instructions are evaluated with the engines' own arithmetic (passes/ir_util.hpp): one
// that would trap (an overflowing iadd.ovf, a division by zero, a failing idx.chk or
// checked cast) is varying, so it stays in the code and traps at its line.
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"

namespace viper::passes {

using il::Opcode;
using il::Value;
using il::ValueKind;

namespace {

enum class Lat : uint8_t { Top, Const, Bottom };
struct Cell {
  Lat lat = Lat::Top;
  Const c;
};

// A use of a temp: an operand of instruction `instr` (target < 0), or argument `arg` of
// its target `target`. A branch argument that changes lowers only the one parameter it
// feeds, so a block with P parameters costs O(P) per change, not a revisit of the whole
// terminator (O(P) each time, O(P^2) in all).
struct Use {
  uint32_t block, instr;
  int32_t target = -1;
  uint32_t arg = 0;
};

class Sccp {
public:
  explicit Sccp(il::Function &fn) : fn_(fn) {}

  size_t run() {
    const size_t nb = fn_.blocks.size();
    cells_.assign(fn_.temps.size(), Cell{});
    edgeExec_.assign(nb, {});
    execBlock_.assign(nb, false);
    // Use lists in one array (counted, then filled: compressed rows), not a vector per
    // temp: one allocation per run instead of one per used value.
    const size_t nt = fn_.temps.size();
    useStart_.assign(nt + 1, 0);
    auto eachUse = [&](auto &&f) {
      for (uint32_t b = 0; b < nb; ++b) {
        const auto &blk = fn_.blocks[b];
        for (uint32_t i = 0; i < blk.instrs.size(); ++i) {
          const auto &in = blk.instrs[i];
          for (const auto &v : in.operands)
            if (v.kind == ValueKind::Temp && v.id < nt) f(v.id, Use{b, i, -1, 0});
          const bool term = il::isTerminator(in.op);
          for (uint32_t t = 0; t < in.targets.size(); ++t)
            for (uint32_t k = 0; k < in.targets[t].args.size(); ++k) {
              const Value &v = in.targets[t].args[k];
              if (v.kind == ValueKind::Temp && v.id < nt) f(v.id, Use{b, i, term ? static_cast<int32_t>(t) : -1, k});
            }
        }
      }
    };
    eachUse([&](uint32_t id, const Use &) { ++useStart_[id + 1]; });
    for (size_t t = 0; t < nt; ++t) useStart_[t + 1] += useStart_[t];
    uses_.resize(useStart_[nt]);
    {
      std::vector<uint32_t> fill(useStart_.begin(), useStart_.end() - 1);
      eachUse([&](uint32_t id, const Use &u) { uses_[fill[id]++] = u; });
    }
    for (uint32_t b = 0; b < nb; ++b) {
      const auto &instrs = fn_.blocks[b].instrs;
      if (!instrs.empty() && il::isTerminator(instrs.back().op)) edgeExec_[b].assign(instrs.back().targets.size(), false);
    }
    // Function parameters (the entry block's) are unknown.
    for (const auto &p : fn_.blocks[0].params) lower(p.temp, Cell{Lat::Bottom, {}});
    for (const auto &p : fn_.params) lower(p.temp, Cell{Lat::Bottom, {}});
    markBlock(0);
    while (!blockWork_.empty() || !instrWork_.empty()) {
      if (!blockWork_.empty()) {
        uint32_t b = blockWork_.back();
        blockWork_.pop_back();
        for (uint32_t i = 0; i < fn_.blocks[b].instrs.size(); ++i) visit(b, i);
        continue;
      }
      Use u = instrWork_.back();
      instrWork_.pop_back();
      if (!execBlock_[u.block]) continue;
      if (u.target < 0) { visit(u.block, u.instr); continue; }
      // A branch argument: only an executable edge passes it on (markEdge does all of an
      // edge's arguments when it first becomes executable).
      if (edgeExec_[u.block][static_cast<size_t>(u.target)]) passArg(u.block, u.instr, static_cast<uint32_t>(u.target), u.arg);
    }
    return rewrite();
  }

private:
  Cell valueOf(const Value &v) const {
    if (v.kind == ValueKind::Temp) return v.id < cells_.size() ? cells_[v.id] : Cell{Lat::Bottom, {}};
    if (auto c = constOf(v)) return Cell{Lat::Const, *c};
    return Cell{Lat::Bottom, {}};
  }

  static Cell meet(const Cell &a, const Cell &b) {
    if (a.lat == Lat::Top) return b;
    if (b.lat == Lat::Top) return a;
    if (a.lat == Lat::Bottom || b.lat == Lat::Bottom) return Cell{Lat::Bottom, {}};
    return a.c.sameAs(b.c) ? a : Cell{Lat::Bottom, {}};
  }

  // Lowers temp t's cell to meet(old, c); queues its users when it changed.
  void lower(uint32_t t, const Cell &c) {
    Cell &cur = cells_[t];
    Cell m = meet(cur, c);
    if (m.lat == cur.lat && (m.lat != Lat::Const || m.c.sameAs(cur.c))) return;
    cur = m;
    for (uint32_t k = useStart_[t]; k < useStart_[t + 1]; ++k) instrWork_.push_back(uses_[k]);
  }

  void markBlock(uint32_t b) {
    if (execBlock_[b]) return;
    execBlock_[b] = true;
    blockWork_.push_back(b);
  }

  void markEdge(uint32_t b, uint32_t t) {
    const il::Target &tg = fn_.blocks[b].instrs.back().targets[t];
    if (tg.block < 0 || edgeExec_[b][t]) return;
    edgeExec_[b][t] = true;
    // The target's parameters meet the arguments of every executable edge into it; later
    // changes to an argument reach its parameter through the argument's use (passArg).
    auto &dst = fn_.blocks[static_cast<size_t>(tg.block)];
    for (size_t k = 0; k < dst.params.size() && k < tg.args.size(); ++k) lower(dst.params[k].temp, valueOf(tg.args[k]));
    markBlock(static_cast<uint32_t>(tg.block));
  }

  void passArg(uint32_t b, uint32_t i, uint32_t t, uint32_t k) {
    const il::Target &tg = fn_.blocks[b].instrs[i].targets[t];
    const auto &dst = fn_.blocks[static_cast<size_t>(tg.block)];
    if (k < dst.params.size() && k < tg.args.size()) lower(dst.params[k].temp, valueOf(tg.args[k]));
  }

  void visit(uint32_t b, uint32_t i) {
    const il::Instr &in = fn_.blocks[b].instrs[i];
    if (il::isTerminator(in.op)) {
      const size_t n = in.targets.size();
      if (in.op == Opcode::Cbr) {
        Cell c = valueOf(in.operands[0]);
        if (c.lat == Lat::Top) return;
        if (c.lat == Lat::Const) { markEdge(b, (c.c.i & 1) ? 0 : 1); return; }
      } else if (in.op == Opcode::SwitchI32) {
        Cell c = valueOf(in.operands[0]);
        if (c.lat == Lat::Top) return;
        if (c.lat == Lat::Const) {
          uint32_t pick = 0;
          for (size_t k = 0; k < in.caseValues.size(); ++k)
            if (in.caseValues[k] == c.c.i) { pick = static_cast<uint32_t>(k + 1); break; }
          markEdge(b, pick);
          return;
        }
      }
      for (uint32_t t = 0; t < n; ++t) markEdge(b, t);
      return;
    }
    if (in.result < 0) return;
    const uint32_t r = static_cast<uint32_t>(in.result);
    if (in.op == Opcode::Select) {
      Cell c = valueOf(in.operands[0]);
      if (c.lat == Lat::Top) return;
      if (c.lat == Lat::Const) { lower(r, valueOf(in.operands[(c.c.i & 1) ? 1 : 2])); return; }
      lower(r, meet(valueOf(in.operands[1]), valueOf(in.operands[2])));
      return;
    }
    if (auto c = foldedCall(in)) { lower(r, Cell{Lat::Const, *c}); return; }
    if (!isPureNoTrap(in.op) && !isPureMayTrap(in.op)) { lower(r, Cell{Lat::Bottom, {}}); return; }
    std::vector<Const> &ops = ops_;  // reused: no allocation per visit
    ops.clear();
    bool top = false, bottom = false;
    for (const auto &v : in.operands) {
      Cell c = valueOf(v);
      if (c.lat == Lat::Top) top = true;
      else if (c.lat == Lat::Bottom) bottom = true;
      else ops.push_back(c.c);
    }
    if (bottom) {
      // x & 0, x * 0 (a checked multiply by 0 never overflows) are 0 whatever x is.
      if ((in.op == Opcode::And || in.op == Opcode::Mul || in.op == Opcode::IMulOvf) && in.operands.size() == 2)
        for (const auto &v : in.operands) {
          Cell c = valueOf(v);
          if (c.lat == Lat::Const && !c.c.isFloat && c.c.i == 0) { lower(r, c); return; }
        }
      lower(r, Cell{Lat::Bottom, {}});
      return;
    }
    if (top) return;
    if (auto c = evaluate(in, ops)) lower(r, Cell{Lat::Const, *c});
    else lower(r, Cell{Lat::Bottom, {}});  // it would trap (or cannot be folded): it runs
  }

  size_t rewrite() {
    size_t changes = 0;
    std::vector<std::optional<Value>> map(fn_.temps.size());
    for (uint32_t t = 0; t < cells_.size(); ++t)
      if (cells_[t].lat == Lat::Const) map[t] = literal(cells_[t].c, fn_.temps[t].type);
    changes += substitute(fn_, map);
    // Drop instructions whose value is a known constant and whose every use was replaced
    // (a constant result means the operation did not trap).
    std::vector<uint32_t> remaining(fn_.temps.size(), 0);
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs)
        forEachUse(in, [&](const Value &v) { if (v.kind == ValueKind::Temp && v.id < remaining.size()) ++remaining[v.id]; });
    for (uint32_t b = 0; b < fn_.blocks.size(); ++b) {
      if (!execBlock_[b]) continue;
      // Compacted in place (nothing is moved in a block that keeps every instruction).
      auto &instrs = fn_.blocks[b].instrs;
      size_t out = 0;
      for (auto &in : instrs) {
        if (in.result >= 0 && cells_[static_cast<size_t>(in.result)].lat == Lat::Const &&
            (isPureNoTrap(in.op) || isPureMayTrap(in.op) || foldedCall(in))) {
          if (remaining[static_cast<size_t>(in.result)] == 0) { ++changes; continue; }
          if (isPureMayTrap(in.op) || in.op == Opcode::Select) {
            // A narrow constant still named by a call argument: materialise it without a
            // trap check (`or K, 0` is exact at every integer width).
            il::Instr k;
            k.result = in.result;
            k.op = Opcode::Or;
            k.type = fn_.temps[static_cast<size_t>(in.result)].type;
            k.typeAnnotated = true;
            k.operands = {literal(cells_[static_cast<size_t>(in.result)].c, k.type), Value::integer(0)};
            k.loc = in.loc;
            k.textLoc = in.textLoc;
            in = std::move(k);
            ++changes;
          }
        }
        if (in.op == Opcode::Cbr || in.op == Opcode::SwitchI32) {
          const auto &ex = edgeExec_[b];
          int live = -1, count = 0;
          for (size_t t = 0; t < ex.size(); ++t) if (ex[t]) { live = static_cast<int>(t); ++count; }
          if (count == 1) {
            il::Target taken = std::move(in.targets[static_cast<size_t>(live)]);
            in.op = Opcode::Br;
            in.operands.clear();
            in.caseValues.clear();
            in.targets.clear();
            in.targets.push_back(std::move(taken));
            ++changes;
          }
        }
        if (&instrs[out] != &in) instrs[out] = std::move(in);
        ++out;
      }
      instrs.erase(instrs.begin() + static_cast<std::ptrdiff_t>(out), instrs.end());
    }
    std::vector<bool> keep(execBlock_.begin(), execBlock_.end());
    for (bool k : keep) if (!k) ++changes;
    removeBlocks(fn_, keep);
    return changes;
  }

  il::Function &fn_;
  std::vector<Cell> cells_;
  std::vector<uint32_t> useStart_;  ///< temp t's uses are uses_[useStart_[t] .. useStart_[t + 1])
  std::vector<Use> uses_;
  std::vector<Const> ops_;
  std::vector<bool> execBlock_;
  std::vector<std::vector<bool>> edgeExec_;
  std::vector<uint32_t> blockWork_;
  std::vector<Use> instrWork_;
};

} // namespace

size_t sccp(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (!fn.blocks.empty() && !hasExceptionHandling(fn)) changes += Sccp(fn).run();
  return changes;
}

} // namespace viper::passes
