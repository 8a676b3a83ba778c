// Inlining of small functions. A direct call to a function with a body of at most
// kMaxCalleeSize instructions is replaced by a copy of that body when the callee cannot
// reach itself through direct calls (no recursion), is not variadic, makes no alloca
// (frame memory lives until its activation returns; inlined into a loop it would grow)
// and neither it nor the caller uses exception handling (handlers see fault sites by
// frame and instruction index). The copies are placed right after the calling block and
// the rest of that block follows them, taking the result as a block parameter, so every
// existing edge keeps its direction in block order. Copied instructions keep the callee's
// .loc, so a trap inside still names the callee's source line (the trap line's function
// and block are then the caller's). A call that is inlined no longer spends a unit of
// work. Growth is capped per caller.
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include <set>
#include <unordered_map>

namespace viper::passes {

using il::Opcode;
using il::Type;
using il::Value;
using il::ValueKind;

namespace {

constexpr size_t kMaxCalleeSize = 24;
constexpr size_t kMaxCallerSize = 20000;
/// Each inlined call moves the rest of its block: at most this many per caller keeps a
/// huge block with thousands of calls linear.
constexpr size_t kMaxInlinesPerCaller = 256;

size_t sizeOf(const il::Function &f) {
  size_t n = 0;
  for (const auto &b : f.blocks) n += b.instrs.size();
  return n;
}

bool hasAlloca(const il::Function &f) {
  for (const auto &b : f.blocks)
    for (const auto &in : b.instrs)
      if (in.op == Opcode::Alloca) return true;
  return false;
}

class Inliner {
public:
  explicit Inliner(il::Module &m) : m_(m) {
    for (size_t i = 0; i < m.functions.size(); ++i) index_[m.functions[i].name] = i;
    callees_.resize(m.functions.size());
    for (size_t i = 0; i < m.functions.size(); ++i)
      for (const auto &b : m.functions[i].blocks)
        for (const auto &in : b.instrs)
          if (in.op == Opcode::Call) {
            auto it = index_.find(in.callee);
            if (it != index_.end()) callees_[i].push_back(it->second);
          } else if (in.op == Opcode::CallIndirect || in.op == Opcode::EhPush) {
            // A function pointer may lead anywhere: treat as reaching every function.
          }
    candidate_.assign(m.functions.size(), false);
    for (size_t i = 0; i < m.functions.size(); ++i) {
      const il::Function &f = m.functions[i];
      candidate_[i] = !f.blocks.empty() && f.linkage != il::Linkage::Import && !f.sig.variadic &&
                      sizeOf(f) <= kMaxCalleeSize && !hasExceptionHandling(f) && !hasAlloca(f) && !usesPointers(f) &&
                      !reachesItself(i);
    }
  }

  size_t run() {
    size_t changes = 0;
    for (size_t fi = 0; fi < m_.functions.size(); ++fi) {
      il::Function &caller = m_.functions[fi];
      if (caller.blocks.empty() || hasExceptionHandling(caller)) continue;
      size_t size = sizeOf(caller), inlined = 0;
      const size_t limit = std::min(kMaxCallerSize, 2 * size + 200);
      labels_.clear();
      for (const auto &blk : caller.blocks) labels_.insert(blk.label);
      for (size_t b = 0; b < caller.blocks.size(); ++b) {
        for (size_t i = 0; i < caller.blocks[b].instrs.size(); ++i) {
          const il::Instr &in = caller.blocks[b].instrs[i];
          if (in.op != Opcode::Call) continue;
          auto it = index_.find(in.callee);
          if (it == index_.end() || it->second == fi || !candidate_[it->second]) continue;
          const il::Function &callee = m_.functions[it->second];
          // The budget first: splitsHandleCalls scans the rest of the block, which for
          // every call of a huge block past the cap would make the scan quadratic.
          const size_t add = sizeOf(callee);
          if (size + add > limit || inlined >= kMaxInlinesPerCaller) continue;
          if (!argsInlinable(in, callee) || splitsHandleCalls(caller.blocks[b], i)) continue;
          inlineAt(caller, b, i, callee);
          ++inlined;
          size += add;
          ++changes;
          break;  // the rest of the block moved to the continuation; the scan reaches it
        }
      }
    }
    return changes;
  }

private:
  // Pointer literals (null, @f, string literals) cannot stand where the callee uses its
  // parameter as a load/store or gep address, so those pass only to a parameter that is
  // never one; temps, integers, booleans and floats always pass.
  // The same handle passed twice would become one name in the callee's body, which the
  // verifier's use-after-release check could then reject.
  static bool argsInlinable(const il::Instr &call, const il::Function &callee) {
    if (call.operands.size() != callee.params.size()) return false;
    std::set<uint32_t> temps;
    for (size_t k = 0; k < call.operands.size(); ++k) {
      const Value &v = call.operands[k];
      if (v.kind == ValueKind::Str || v.kind == ValueKind::Global) return false;
      if (v.kind == ValueKind::Null && usedAsAddress(callee, callee.params[k].temp)) return false;
      if (v.kind == ValueKind::Temp && !temps.insert(v.id).second) return false;
    }
    return true;
  }

  static bool usedAsAddress(const il::Function &f, uint32_t temp) {
    for (const auto &b : f.blocks)
      for (const auto &in : b.instrs) {
        if (in.op != Opcode::Load && in.op != Opcode::Store && in.op != Opcode::Gep) continue;
        if (!in.operands.empty() && in.operands[0].kind == ValueKind::Temp && in.operands[0].id == temp) return true;
      }
    return false;
  }

  // Splitting a block at a call moves what follows into another block. The verifier
  // checks retains and releases block by block (a retain before, a release after would
  // become a release without its retain), so the rest must pass the check on its own.
  static bool splitsHandleCalls(const il::Block &b, size_t at) {
    ReleaseCheck check;
    for (size_t k = at + 1; k < b.instrs.size(); ++k)
      if (!check.step(b.instrs[k])) return true;
    return false;
  }

  // Functions whose address is taken are called indirectly from anywhere; keep it simple:
  // a callee that makes indirect calls is not inlined (its cycle cannot be seen).
  static bool usesPointers(const il::Function &f) {
    for (const auto &b : f.blocks)
      for (const auto &in : b.instrs)
        if (in.op == Opcode::CallIndirect) return true;
    return false;
  }

  bool reachesItself(size_t f) const {
    std::vector<bool> seen(m_.functions.size(), false);
    std::vector<size_t> work(callees_[f].begin(), callees_[f].end());
    while (!work.empty()) {
      size_t g = work.back();
      work.pop_back();
      if (g == f) return true;
      if (seen[g]) continue;
      seen[g] = true;
      for (size_t h : callees_[g]) work.push_back(h);
    }
    return false;
  }

  void inlineAt(il::Function &caller, size_t b, size_t i, const il::Function &callee) {
    const size_t n = callee.blocks.size();
    const size_t serial = ++serial_;
    auto &labels = labels_;
    auto unique = [&](std::string base) {
      std::string l = base;
      for (int k = 1; labels.count(l); ++k) l = base + "." + std::to_string(k);
      labels.insert(l);
      return l;
    };
    il::Instr call = std::move(caller.blocks[b].instrs[i]);
    // Callee values -> caller values: parameters are the arguments, the rest fresh temps.
    std::vector<std::optional<Value>> vmap(callee.temps.size());
    for (size_t k = 0; k < callee.params.size(); ++k) {
      vmap[callee.params[k].temp] = call.operands[k];
      if (k < callee.blocks[0].params.size()) vmap[callee.blocks[0].params[k].temp] = call.operands[k];
    }
    for (size_t t = 0; t < callee.temps.size(); ++t)
      if (!vmap[t]) vmap[t] = Value::temp(newTemp(caller, callee.temps[t].name, callee.temps[t].type));
    auto mapValue = [&](Value &v) {
      if (v.kind != ValueKind::Temp || v.id >= vmap.size()) return;
      SourceLoc l = v.loc;
      v = *vmap[v.id];
      v.loc = l;
    };
    std::vector<std::string> newLabel(n);
    // Labels start with a letter: `7` + ".x" would read as a number.
    for (size_t k = 0; k < n; ++k) newLabel[k] = unique("inl" + std::to_string(serial) + "." + callee.name + "." + callee.blocks[k].label);
    const std::string contLabel = unique("ret" + std::to_string(serial) + "." + caller.blocks[b].label);
    const int32_t base = static_cast<int32_t>(b + 1), cont = static_cast<int32_t>(b + 1 + n);
    std::vector<il::Block> blocks;
    blocks.reserve(n + 1);
    for (size_t k = 0; k < n; ++k) {
      const il::Block &src = callee.blocks[k];
      il::Block nb;
      nb.label = newLabel[k];
      nb.loc = src.loc;
      if (k > 0)
        for (const auto &p : src.params) {
          il::Param q = p;
          q.temp = vmap[p.temp]->id;
          nb.params.push_back(std::move(q));
        }
      for (const auto &sin : src.instrs) {
        il::Instr in = sin;
        if (in.result >= 0) in.result = static_cast<int32_t>(vmap[static_cast<size_t>(in.result)]->id);
        for (auto &v : in.operands) mapValue(v);
        for (auto &t : in.targets) {
          for (auto &v : t.args) mapValue(v);
          if (t.block >= 0) { t.label = newLabel[static_cast<size_t>(t.block)]; t.block = base + t.block; }
        }
        if (in.op == Opcode::Ret) {
          il::Instr br;
          br.op = Opcode::Br;
          br.loc = in.loc;
          br.textLoc = in.textLoc;
          il::Target t;
          t.block = cont;
          t.label = contLabel;
          if (call.result >= 0 && !in.operands.empty()) t.args.push_back(in.operands[0]);
          br.targets.push_back(std::move(t));
          in = std::move(br);
        }
        nb.instrs.push_back(std::move(in));
      }
      blocks.push_back(std::move(nb));
    }
    // The continuation: the calling block's remaining instructions, with the result.
    il::Block rest;
    rest.label = contLabel;
    rest.loc = call.loc;
    if (call.result >= 0) {
      il::Param p;
      p.temp = static_cast<uint32_t>(call.result);
      p.name = caller.temps[p.temp].name;
      p.type = caller.temps[p.temp].type;
      rest.params.push_back(std::move(p));
    }
    auto &instrs = caller.blocks[b].instrs;
    for (size_t k = i + 1; k < instrs.size(); ++k) {
      il::Instr in = std::move(instrs[k]);
      for (auto &t : in.targets)
        if (t.block > static_cast<int32_t>(b)) t.block += static_cast<int32_t>(n + 1);
      rest.instrs.push_back(std::move(in));
    }
    blocks.push_back(std::move(rest));
    instrs.resize(i);
    il::Instr br;
    br.op = Opcode::Br;
    br.loc = call.loc;
    br.textLoc = call.textLoc;
    il::Target t;
    t.block = base;
    t.label = newLabel[0];
    br.targets.push_back(std::move(t));
    instrs.push_back(std::move(br));
    // Existing blocks (the calling block now ends in the br above, already numbered).
    insertBlocksAfterCall(caller, b, std::move(blocks));
  }

  // Like insertBlocks, but the calling block's new br already uses final numbering.
  static void insertBlocksAfterCall(il::Function &fn, size_t b, std::vector<il::Block> blocks) {
    const int32_t shift = static_cast<int32_t>(blocks.size());
    for (size_t x = 0; x < fn.blocks.size(); ++x) {
      for (auto &in : fn.blocks[x].instrs) {
        if (x == b && &in == &fn.blocks[x].instrs.back()) continue;
        for (auto &t : in.targets)
          if (t.block > static_cast<int32_t>(b)) t.block += shift;
      }
    }
    fn.blocks.insert(fn.blocks.begin() + static_cast<std::ptrdiff_t>(b + 1), std::make_move_iterator(blocks.begin()),
                     std::make_move_iterator(blocks.end()));
  }

  il::Module &m_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::vector<size_t>> callees_;
  std::vector<bool> candidate_;
  size_t serial_ = 0;
  std::set<std::string> labels_;  ///< the current caller's labels
};

} // namespace

size_t inlineCalls(il::Module &m) { return Inliner(m).run(); }

} // namespace viper::passes
