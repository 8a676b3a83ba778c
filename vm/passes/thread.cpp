// Jump threading over a decided test: a block that only compares one of its parameters
// with a constant and branches (`B(%p): %c = scmp_lt %p, 0; cbr %c, T, F`) is skipped by
// an incoming edge whose argument for %p the path already decided: a literal, or a value
// that a dominating branch tested the same way (`cbr (scmp_lt %x, 0), S, ...` where S,
// entered only from there, dominates the edge's source). The edge then goes straight to
// T or F with B's parameters replaced by the edge's arguments. BASIC's flag loops
// (`WHILE ... AND L < 0 ... IF L < 0 THEN`) test the same fact twice per trip.
//
// Units of work: a new edge P->T goes back only if P->B or B->T did, so no path costs
// more; and every cycle still has an edge going back.
#include "il/cfg.hpp"
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include <algorithm>
#include <optional>

namespace viper::passes {

using il::Opcode;
using il::Value;
using il::ValueKind;

namespace {

// The compare as (opcode, tested temp, constant) when `in` compares a temp with an integer
// literal (literal on the right; a literal on the left is swapped into place).
struct Test {
  Opcode op;
  uint32_t x;
  int64_t k;
};

std::optional<Opcode> swapped(Opcode op) {
  switch (op) {
  case Opcode::ICmpEq: return Opcode::ICmpEq;
  case Opcode::ICmpNe: return Opcode::ICmpNe;
  case Opcode::SCmpLT: return Opcode::SCmpGT;
  case Opcode::SCmpLE: return Opcode::SCmpGE;
  case Opcode::SCmpGT: return Opcode::SCmpLT;
  case Opcode::SCmpGE: return Opcode::SCmpLE;
  default: return std::nullopt;
  }
}

std::optional<Opcode> negation(Opcode op) {
  switch (op) {
  case Opcode::ICmpEq: return Opcode::ICmpNe;
  case Opcode::ICmpNe: return Opcode::ICmpEq;
  case Opcode::SCmpLT: return Opcode::SCmpGE;
  case Opcode::SCmpLE: return Opcode::SCmpGT;
  case Opcode::SCmpGT: return Opcode::SCmpLE;
  case Opcode::SCmpGE: return Opcode::SCmpLT;
  default: return std::nullopt;
  }
}

bool isIntLit(const Value &v) { return v.kind == ValueKind::Int; }

std::optional<Test> testOf(const il::Instr &in) {
  if (in.operands.size() != 2 || !swapped(in.op)) return std::nullopt;
  const Value &a = in.operands[0], &b = in.operands[1];
  if (a.kind == ValueKind::Temp && isIntLit(b)) return Test{in.op, a.id, b.i};
  if (b.kind == ValueKind::Temp && isIntLit(a)) return Test{*swapped(in.op), b.id, a.i};
  return std::nullopt;
}

bool holds(Opcode op, int64_t x, int64_t k) {
  switch (op) {
  case Opcode::ICmpEq: return x == k;
  case Opcode::ICmpNe: return x != k;
  case Opcode::SCmpLT: return x < k;
  case Opcode::SCmpLE: return x <= k;
  case Opcode::SCmpGT: return x > k;
  default: return x >= k;
  }
}

// Values of block e (its parameters, its compare) may be read outside it only through the
// arguments of its own branch once an edge skips it. Blocks that read them must all lie
// under target `side`, entered only from e: that target then gets a parameter for each
// such value, e passes the value, and the reads use the parameter. False when the reads
// are elsewhere or are of handles (ptr/str values keep their names, as everywhere).
bool passOnValuesOfBlock(il::Function &fn, const il::DominatorTree &dom, const std::vector<uint32_t> &preds, size_t e,
                         size_t side) {
  il::Block &blk = fn.blocks[e];
  std::vector<uint32_t> own;
  for (const auto &pr : blk.params) own.push_back(pr.temp);
  own.push_back(static_cast<uint32_t>(blk.instrs[0].result));
  auto isOwn = [&](const Value &v) {
    return v.kind == ValueKind::Temp && std::find(own.begin(), own.end(), v.id) != own.end();
  };
  std::vector<uint32_t> used;
  bool elsewhere = false;
  const size_t target = static_cast<size_t>(blk.instrs[1].targets[side].block);
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    if (b == e) continue;
    for (const auto &in : fn.blocks[b].instrs)
      forEachUse(in, [&](const Value &v) {
        if (!isOwn(v)) return;
        if (!dom.reachable(b) || !dom.dominates(target, b)) elsewhere = true;
        if (std::find(used.begin(), used.end(), v.id) == used.end()) used.push_back(v.id);
      });
  }
  if (used.empty()) return true;
  if (elsewhere || preds[target] != 1) return false;
  for (uint32_t v : used)
    if (isHandle(fn.temps[v].type)) return false;
  std::vector<std::optional<Value>> rename(fn.temps.size());
  for (uint32_t v : used) {
    il::Param np;
    np.type = fn.temps[v].type;
    np.temp = newTemp(fn, fn.temps[v].name, np.type);
    np.name = fn.temps[np.temp].name;
    rename.resize(fn.temps.size());
    rename[v] = Value::temp(np.temp);
    fn.blocks[target].params.push_back(np);
    fn.blocks[e].instrs[1].targets[side].args.push_back(Value::temp(v));
  }
  for (size_t b = 0; b < fn.blocks.size(); ++b) {
    if (b == e || !dom.reachable(b) || !dom.dominates(target, b)) continue;
    for (auto &in : fn.blocks[b].instrs)
      forEachUse(in, [&](Value &v, bool) {
        if (v.kind == ValueKind::Temp && v.id < rename.size() && rename[v.id]) { SourceLoc l = v.loc; v = *rename[v.id]; v.loc = l; }
      });
  }
  return true;
}

// Threads one edge (the first it finds) and returns true, or returns false. A threaded
// edge changes the CFG, so what dominates what (and which facts hold where) is worked out
// again before the next.
bool threadOne(il::Function &fn) {
  const size_t nb = fn.blocks.size();
  il::DominatorTree dom(fn);
  // The fact each block starts with: entered only by one edge of a cbr on a test, it
  // knows that test's outcome (and so does every block it dominates).
  std::vector<uint32_t> preds(nb, 0);
  for (const auto &b : fn.blocks)
    if (!b.instrs.empty())
      for (const auto &t : b.instrs.back().targets)
        if (t.block >= 0) ++preds[static_cast<size_t>(t.block)];
  struct Fact { Test test; bool outcome; };
  std::vector<std::optional<Fact>> fact(nb);
  for (size_t h = 0; h < nb; ++h) {
    const auto &instrs = fn.blocks[h].instrs;
    if (instrs.size() < 2 || instrs.back().op != Opcode::Cbr || instrs.back().targets.size() != 2) continue;
    const il::Instr &br = instrs.back();
    if (br.operands[0].kind != ValueKind::Temp || br.targets[0].block == br.targets[1].block) continue;
    for (const auto &in : instrs)
      if (in.result == static_cast<int32_t>(br.operands[0].id))
        if (auto t = testOf(in))
          for (int side = 0; side < 2; ++side) {
            const int32_t s = br.targets[static_cast<size_t>(side)].block;
            if (s > 0 && preds[static_cast<size_t>(s)] == 1) fact[static_cast<size_t>(s)] = Fact{*t, side == 0};
          }
  }
  // What the path to `from` knows about `x OP k`, walking up its dominators.
  auto known = [&](size_t from, const Test &want) -> std::optional<bool> {
    size_t b = from;
    for (int depth = 0; depth < 64 && dom.reachable(b); ++depth) {
      if (const auto &f = fact[b]; f && f->test.x == want.x && f->test.k == want.k) {
        if (f->test.op == want.op) return f->outcome;
        if (negation(f->test.op) == want.op) return !f->outcome;
      }
      const int32_t up = dom.idom(b);
      if (up < 0 || static_cast<size_t>(up) == b) break;
      b = static_cast<size_t>(up);
    }
    return std::nullopt;
  };
  for (size_t e = 1; e < nb; ++e) {
    il::Block &blk = fn.blocks[e];
    if (blk.isHandler() || blk.instrs.size() != 2 || blk.instrs[1].op != Opcode::Cbr) continue;
    const il::Instr &cmp = blk.instrs[0];
    il::Instr &br = blk.instrs[1];
    if (cmp.result < 0 || br.operands[0].kind != ValueKind::Temp || br.operands[0].id != static_cast<uint32_t>(cmp.result)) continue;
    const auto test = testOf(cmp);
    if (!test) continue;
    int32_t param = -1;
    for (size_t k = 0; k < blk.params.size(); ++k)
      if (blk.params[k].temp == test->x) param = static_cast<int32_t>(k);
    if (param < 0) continue;
    for (size_t p = 0; p < nb; ++p) {
      if (p == e || fn.blocks[p].instrs.empty() || !dom.reachable(p)) continue;
      auto &targets = fn.blocks[p].instrs.back().targets;
      for (size_t ti = 0; ti < targets.size(); ++ti) {
        const il::Target &t = targets[ti];
        if (t.block != static_cast<int32_t>(e) || static_cast<size_t>(param) >= t.args.size()) continue;
        const Value &arg = t.args[static_cast<size_t>(param)];
        std::optional<bool> outcome;
        // (A literal is judged as an i64; a narrower parameter would wrap it first.)
        if (isIntLit(arg) && fn.temps[test->x].type == il::Type::I64) outcome = holds(test->op, arg.i, test->k);
        else if (arg.kind == ValueKind::Temp) outcome = known(p, Test{test->op, arg.id, test->k});
        if (!outcome) continue;
        const size_t side = *outcome ? 0 : 1;
        if (br.targets[side].block == static_cast<int32_t>(e) || br.targets[side].block < 0) continue;
        if (!passOnValuesOfBlock(fn, dom, preds, e, side)) continue;
        il::Target next = br.targets[side];
        for (auto &a : next.args) {
          if (a.kind != ValueKind::Temp) continue;
          if (a.id == static_cast<uint32_t>(cmp.result)) { a = Value::boolean(*outcome); continue; }
          for (size_t k = 0; k < blk.params.size(); ++k)
            if (blk.params[k].temp == a.id && k < t.args.size()) {
              SourceLoc l = a.loc;
              a = t.args[k];
              a.loc = l;
              break;
            }
        }
        next.loc = t.loc;
        targets[ti] = std::move(next);
        return true;
      }
    }
  }
  return false;
}

size_t threadFunction(il::Function &fn) {
  constexpr size_t kMaxPerFunction = 32;  // each costs a dominator tree: keep it linear
  size_t changes = 0;
  while (changes < kMaxPerFunction && threadOne(fn)) ++changes;
  return changes;
}

} // namespace

size_t threadDecidedTests(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (fn.blocks.size() > 2 && !hasExceptionHandling(fn)) changes += threadFunction(fn);
  return changes;
}

} // namespace viper::passes
