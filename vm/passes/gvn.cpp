// Value numbering of pure operations within dominator scopes ("GVN-lite"): walking the
// dominator tree, an operation equal to one in a dominating position (same opcode, types
// and operands; commutative operands in a canonical order) is replaced by that earlier
// value. Trapping operations (iadd.ovf, sdiv.chk0, idx.chk...) take part too: the
// dominating copy ran first, so had it trapped the program would not be here. Calls do
// not, nor ptr/str values (the verifier's use-after-release check tells handles apart by
// name). A load of a number is merged with an earlier load of the same address in its
// block, or in the dominator that is its block's only way in, when no store or call comes
// between (`s.side * s.side` reads the field once); addresses compare by base and
// constant gep offset, since geps are ptr values.
#include "il/cfg.hpp"
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include <cstring>
#include <string>
#include <unordered_map>

namespace viper::passes {

using il::Opcode;
using il::Value;
using il::ValueKind;

namespace {

bool commutative(Opcode op) {
  switch (op) {
  case Opcode::Add: case Opcode::Mul: case Opcode::And: case Opcode::Or: case Opcode::Xor:
  case Opcode::IAddOvf: case Opcode::IMulOvf: case Opcode::ICmpEq: case Opcode::ICmpNe:
    return true;
  default: return false;
  }
}

void encode(std::string &k, const Value &v) {
  k += static_cast<char>(v.kind);
  switch (v.kind) {
  case ValueKind::Temp: k.append(reinterpret_cast<const char *>(&v.id), sizeof v.id); break;
  case ValueKind::Int: case ValueKind::Bool: k.append(reinterpret_cast<const char *>(&v.i), sizeof v.i); break;
  case ValueKind::Float: k.append(reinterpret_cast<const char *>(&v.f), sizeof v.f); break;
  case ValueKind::Null: break;
  case ValueKind::Str: case ValueKind::Global:
    k += std::to_string(v.s.size());
    k += ':';
    k += v.s;
    break;
  }
}

std::string keyOf(const il::Instr &in) {
  std::string k;
  k += static_cast<char>(in.op);
  k += static_cast<char>(in.type);
  k += static_cast<char>(in.memType);
  if (commutative(in.op) && in.operands.size() == 2) {
    std::string a, b;
    encode(a, in.operands[0]);
    encode(b, in.operands[1]);
    if (b < a) std::swap(a, b);
    k += a;
    k += '|';
    k += b;
  } else {
    for (const auto &v : in.operands) { encode(k, v); k += '|'; }
  }
  return k;
}

size_t gvnFunction(il::Function &fn) {
  const size_t nb = fn.blocks.size();
  il::DominatorTree dom(fn);
  std::vector<std::vector<uint32_t>> children(nb);
  for (size_t b = 1; b < nb; ++b)
    if (dom.reachable(b) && dom.idom(b) >= 0 && static_cast<size_t>(dom.idom(b)) != b)
      children[static_cast<size_t>(dom.idom(b))].push_back(static_cast<uint32_t>(b));
  std::vector<std::optional<Value>> map(fn.temps.size());
  std::unordered_map<std::string, uint32_t> table;
  std::vector<std::string> undo;
  struct Frame { uint32_t block; size_t undoMark; size_t next; };
  std::vector<Frame> stack;
  size_t changes = 0;
  // The key of a load's address: a gep by a constant is its base and offset. Worked out
  // before the walk moves instructions (geps are ptr values, which it never replaces).
  std::vector<std::string> gepKey(fn.temps.size());
  for (const auto &blk : fn.blocks)
    for (const auto &in : blk.instrs)
      if (in.op == Opcode::Gep && in.result >= 0 && in.operands.size() == 2 && in.operands[1].kind == ValueKind::Int) {
        std::string &k = gepKey[static_cast<size_t>(in.result)];
        encode(k, in.operands[0]);
        k += '+';
        encode(k, in.operands[1]);
      }
  auto addressKey = [&](const Value &a) {
    if (a.kind == ValueKind::Temp && a.id < gepKey.size() && !gepKey[a.id].empty()) return gepKey[a.id];
    std::string k;
    encode(k, a);
    return k;
  };
  // Loads since the last store or call on the way into this block: its own, and those its
  // idom ended with when the idom is its one way in (an `if` inside a field read: `if
  // x > hi { return hi }` reads hi once). Any other block starts with none.
  std::vector<uint32_t> preds(nb, 0);
  for (const auto &blk : fn.blocks)
    if (!blk.instrs.empty())
      for (const auto &t : blk.instrs.back().targets)
        if (t.block >= 0) ++preds[static_cast<size_t>(t.block)];
  std::vector<std::unordered_map<std::string, uint32_t>> endLoads(nb);
  std::unordered_map<std::string, uint32_t> loads;
  auto enter = [&](uint32_t b) {
    stack.push_back({b, undo.size(), 0});
    auto &instrs = fn.blocks[b].instrs;
    const int32_t up = b == 0 ? -1 : dom.idom(b);
    bool onlyFromIdom = false;
    if (up >= 0 && static_cast<uint32_t>(up) != b && preds[b] == 1)
      for (const auto &t : fn.blocks[static_cast<size_t>(up)].instrs.back().targets)
        if (t.block == static_cast<int32_t>(b)) onlyFromIdom = true;
    if (onlyFromIdom) loads = endLoads[static_cast<size_t>(up)];
    else loads.clear();
    size_t out = 0;  // compacted in place
    for (auto &in : instrs) {
      for (auto &v : in.operands)
        if (v.kind == ValueKind::Temp && v.id < map.size() && map[v.id]) { SourceLoc l = v.loc; v = *map[v.id]; v.loc = l; }
      for (auto &t : in.targets)
        for (auto &v : t.args)
          if (v.kind == ValueKind::Temp && v.id < map.size() && map[v.id]) { SourceLoc l = v.loc; v = *map[v.id]; v.loc = l; }
      if (in.result >= 0 && (isPureNoTrap(in.op) || isPureMayTrap(in.op)) &&
          !isHandle(fn.temps[static_cast<size_t>(in.result)].type)) {
        std::string k = keyOf(in);
        auto it = table.find(k);
        if (it != table.end()) {
          map[static_cast<size_t>(in.result)] = Value::temp(it->second);
          ++changes;
          continue;
        }
        table.emplace(k, static_cast<uint32_t>(in.result));
        undo.push_back(std::move(k));
      } else if (in.op == Opcode::Load && in.result >= 0 && !isHandle(in.memType) &&
                 !isHandle(fn.temps[static_cast<size_t>(in.result)].type)) {
        std::string k = std::to_string(static_cast<int>(in.memType)) + ':' + addressKey(in.operands[0]);
        auto [it, fresh] = loads.emplace(std::move(k), static_cast<uint32_t>(in.result));
        if (!fresh) {
          map[static_cast<size_t>(in.result)] = Value::temp(it->second);
          ++changes;
          continue;
        }
      } else if (in.op == Opcode::Store || in.op == Opcode::Call || in.op == Opcode::CallIndirect) {
        loads.clear();
      }
      if (&instrs[out] != &in) instrs[out] = std::move(in);
      ++out;
    }
    instrs.erase(instrs.begin() + static_cast<std::ptrdiff_t>(out), instrs.end());
    if (!children[b].empty()) endLoads[b] = loads;
  };
  enter(0);
  while (!stack.empty()) {
    Frame &f = stack.back();
    if (f.next < children[f.block].size()) {
      uint32_t c = children[f.block][f.next++];
      enter(c);
      continue;
    }
    while (undo.size() > f.undoMark) { table.erase(undo.back()); undo.pop_back(); }
    stack.pop_back();
  }
  if (changes) substitute(fn, map);
  return changes;
}

} // namespace

size_t valueNumbering(il::Module &m) {
  size_t changes = 0;
  for (auto &fn : m.functions)
    if (!fn.blocks.empty() && !hasExceptionHandling(fn)) changes += gvnFunction(fn);
  return changes;
}

} // namespace viper::passes
