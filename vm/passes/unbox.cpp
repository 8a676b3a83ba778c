// Boxes that only cross a join. Zia's `?.` on an Integer, Number or Boolean member makes a
// box on the non-null path and passes null on the other; the `??` or null test right after
// the join asks "null?" and unboxes. When every edge into a join passes one ptr parameter
// either null or a box made there by Box.I64 / Box.F64 / Box.I1, and the parameter is only
// tested with IsNull and read with the matching Box.To* where a test said it is not null,
// the join gets the two facts as parameters of their own (is-null: i1; the value) and the
// tests and reads use them. A box that then has no use left is not made at all.
//
// Traps: a read stays exactly as safe as before, since only reads on the test's non-null
// side are replaced (there the box is one this function made, so unboxing could not fail).
#include "il/cfg.hpp"
#include "passes/ir_util.hpp"
#include "passes/loops.hpp"
#include "passes/optimizer.hpp"
#include "runtime/registry.hpp"
#include <algorithm>

namespace viper::passes {

using il::Opcode;
using il::Value;
using il::ValueKind;

namespace {

struct BoxKind {
  rt::RtFn make, read;
  il::Type type;
  Value zero;
};

const BoxKind *boxKindMade(const il::Instr &in) {
  static const BoxKind kinds[] = {
      {rt::RtFn::boxI64, rt::RtFn::boxToI64, il::Type::I64, Value::integer(0)},
      {rt::RtFn::boxF64, rt::RtFn::boxToF64, il::Type::F64, Value::real(0.0)},
      {rt::RtFn::boxI1, rt::RtFn::boxToI1, il::Type::I1, Value::boolean(false)},
  };
  if (in.op != Opcode::Call || in.result < 0 || in.operands.size() != 1) return nullptr;
  const rt::RuntimeFunction *f = rt::findRuntimeFunction(in.callee);
  for (const auto &k : kinds)
    if (f == &rt::runtimeFunction(k.make)) return &k;
  return nullptr;
}

bool isCallOf(const il::Instr &in, rt::RtFn fn, uint32_t arg) {
  return in.op == Opcode::Call && in.result >= 0 && in.operands.size() == 1 && in.operands[0].kind == ValueKind::Temp &&
         in.operands[0].id == arg && rt::findRuntimeFunction(in.callee) == &rt::runtimeFunction(fn);
}

struct Where { uint32_t block, instr; };

// Unboxes one join parameter (the first that qualifies); false when none does.
bool unboxOne(il::Function &fn) {
  const size_t nb = fn.blocks.size();
  std::vector<std::optional<Where>> def(fn.temps.size());
  std::vector<uint32_t> uses(fn.temps.size(), 0);
  for (uint32_t b = 0; b < nb; ++b)
    for (uint32_t i = 0; i < fn.blocks[b].instrs.size(); ++i) {
      const il::Instr &in = fn.blocks[b].instrs[i];
      if (in.result >= 0) def[static_cast<size_t>(in.result)] = Where{b, i};
      forEachUse(in, [&](const Value &v) { if (v.kind == ValueKind::Temp && v.id < uses.size()) ++uses[v.id]; });
    }
  const il::DominatorTree dom(fn);
  const auto preds = predecessors(fn);
  for (uint32_t j = 1; j < nb; ++j) {
    il::Block &join = fn.blocks[j];
    if (join.isHandler()) continue;
    for (size_t k = 0; k < join.params.size(); ++k) {
      if (join.params[k].type != il::Type::Ptr) continue;
      const uint32_t p = join.params[k].temp;
      // Every edge in passes null or a box of one kind.
      const BoxKind *kind = nullptr;
      bool ok = true, anyBox = false;
      for (uint32_t pb : preds[j])
        for (const auto &t : fn.blocks[pb].instrs.back().targets) {
          if (t.block != static_cast<int32_t>(j) || !ok) continue;
          if (k >= t.args.size()) { ok = false; continue; }
          const Value &a = t.args[k];
          if (a.kind == ValueKind::Null) continue;
          const BoxKind *made = nullptr;
          if (a.kind == ValueKind::Temp && a.id < def.size() && def[a.id])
            made = boxKindMade(fn.blocks[def[a.id]->block].instrs[def[a.id]->instr]);
          if (!made || (kind && made != kind)) { ok = false; continue; }
          kind = made;
          anyBox = true;
        }
      if (!ok || !anyBox) continue;
      // Its only uses: IsNull tests, and reads on a test's non-null side.
      std::vector<Where> tests, reads;
      uint32_t seen = 0;
      for (uint32_t b = 0; b < nb && ok; ++b)
        for (uint32_t i = 0; i < fn.blocks[b].instrs.size(); ++i) {
          const il::Instr &in = fn.blocks[b].instrs[i];
          if (isCallOf(in, rt::RtFn::objIsNull, p)) tests.push_back({b, i}), ++seen;
          else if (isCallOf(in, kind->read, p)) reads.push_back({b, i}), ++seen;
        }
      if (seen != uses[p] || tests.empty()) continue;
      auto nonNullSide = [&](uint32_t u) {
        for (const Where &w : tests) {
          const il::Instr &br = fn.blocks[w.block].instrs.back();
          const int32_t z = fn.blocks[w.block].instrs[w.instr].result;
          if (br.op != Opcode::Cbr || br.operands[0].kind != ValueKind::Temp || br.operands[0].id != static_cast<uint32_t>(z))
            continue;
          const int32_t f = br.targets[1].block;
          if (f < 0 || f == br.targets[0].block || preds[static_cast<size_t>(f)].size() != 1) continue;
          if (dom.reachable(u) && dom.dominates(static_cast<size_t>(f), u)) return true;
        }
        return false;
      };
      for (const Where &r : reads) ok = ok && nonNullSide(r.block);
      if (!ok) continue;

      // The join's new parameters, and what each edge passes for them.
      const std::string base = fn.temps[p].name;
      il::Param isNull, value;
      isNull.type = il::Type::I1;
      isNull.temp = newTemp(fn, base + ".null", isNull.type);
      isNull.name = fn.temps[isNull.temp].name;
      value.type = kind->type;
      value.temp = newTemp(fn, base + ".val", value.type);
      value.name = fn.temps[value.temp].name;
      fn.blocks[j].params.push_back(isNull);
      fn.blocks[j].params.push_back(value);
      std::vector<uint32_t> boxes;
      for (uint32_t pb : preds[j])
        for (auto &t : fn.blocks[pb].instrs.back().targets) {
          if (t.block != static_cast<int32_t>(j) || t.args.size() != fn.blocks[j].params.size() - 2) continue;
          const Value a = t.args[k];
          if (a.kind == ValueKind::Null) {
            t.args.push_back(Value::boolean(true));
            t.args.push_back(kind->zero);
          } else {
            const il::Instr &mk = fn.blocks[def[a.id]->block].instrs[def[a.id]->instr];
            t.args.push_back(Value::boolean(false));
            t.args.push_back(mk.operands[0]);
            boxes.push_back(a.id);
          }
        }
      // Tests and reads become the parameters; their calls go.
      std::vector<std::optional<Value>> map(fn.temps.size());
      std::vector<std::vector<bool>> drop(nb);
      for (uint32_t b = 0; b < nb; ++b) drop[b].assign(fn.blocks[b].instrs.size(), false);
      for (const Where &w : tests) {
        map[static_cast<size_t>(fn.blocks[w.block].instrs[w.instr].result)] = Value::temp(isNull.temp);
        drop[w.block][w.instr] = true;
      }
      for (const Where &w : reads) {
        map[static_cast<size_t>(fn.blocks[w.block].instrs[w.instr].result)] = Value::temp(value.temp);
        drop[w.block][w.instr] = true;
      }
      // A box whose every use was an argument for p is not needed any more: those
      // arguments become null (p is now unused; dce removes it) and the box is not made.
      std::sort(boxes.begin(), boxes.end());
      boxes.erase(std::unique(boxes.begin(), boxes.end()), boxes.end());
      for (uint32_t bx : boxes) {
        uint32_t asArg = 0;
        for (uint32_t pb : preds[j])
          for (const auto &t : fn.blocks[pb].instrs.back().targets)
            if (t.block == static_cast<int32_t>(j) && t.args[k].kind == ValueKind::Temp && t.args[k].id == bx) ++asArg;
        if (asArg != uses[bx]) continue;
        for (uint32_t pb : preds[j])
          for (auto &t : fn.blocks[pb].instrs.back().targets)
            if (t.block == static_cast<int32_t>(j) && t.args[k].kind == ValueKind::Temp && t.args[k].id == bx)
              t.args[k] = Value::null();
        drop[def[bx]->block][def[bx]->instr] = true;
      }
      for (uint32_t b = 0; b < nb; ++b) {
        auto &instrs = fn.blocks[b].instrs;
        size_t out = 0;
        for (size_t i = 0; i < instrs.size(); ++i)
          if (!drop[b][i]) {
            if (out != i) instrs[out] = std::move(instrs[i]);
            ++out;
          }
        instrs.erase(instrs.begin() + static_cast<std::ptrdiff_t>(out), instrs.end());
      }
      substitute(fn, map);
      return true;
    }
  }
  return false;
}

} // namespace

size_t unboxJoins(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions) {
    if (fn.blocks.empty() || hasExceptionHandling(fn)) continue;
    // Each change adds two temps and may make the next possible; a bound keeps a
    // pathological function from making the pass quadratic for long.
    for (int n = 0; n < 64 && unboxOne(fn); ++n) ++changes;
  }
  return changes;
}

} // namespace viper::passes
