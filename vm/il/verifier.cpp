// Module-level rules, SSA dominance, and EH balance (spec/il.md §9 rules 1-4, 9, 11).
#include "il/verifier_impl.hpp"
#include <unordered_map>
#include <unordered_set>

namespace viper::il {
namespace detail {

void FunctionVerifier::error(SourceLoc loc, const std::string &msg) {
  diags_.error(loc, "@" + fn_.name + ": " + msg);
}

void FunctionVerifier::run() {
  // Error records and resume tokens live in their handler's frame; they cannot cross calls.
  auto ehType = [](Type t) { return t == Type::Error || t == Type::ResumeTok; };
  if (ehType(fn_.sig.ret)) error(fn_.loc, "a function cannot return " + std::string(typeName(fn_.sig.ret)));
  for (const auto &p : fn_.params)
    if (ehType(p.type)) error(p.loc, "a function parameter cannot have type " + std::string(typeName(p.type)));
  if (fn_.linkage == Linkage::Import) return;
  for (const auto &b : fn_.blocks)
    for (size_t i = 0; i < b.instrs.size(); ++i) checkInstr(b, i, b.instrs[i]);
  for (const auto &b : fn_.blocks) {
    if (b.instrs.empty() || !isTerminator(b.instrs.back().op))
      error(b.loc, "block '" + b.label + "' does not end with a terminator");
    if (&b == &fn_.blocks.front() && b.isHandler()) error(b.loc, "the entry block cannot be a handler");
  }
  // Entry-block parameters receive the arguments: when declared they must match the
  // function's parameters one for one.
  if (!fn_.blocks.empty()) {
    const Block &entry = fn_.blocks.front();
    if (!entry.params.empty()) {
      if (entry.params.size() != fn_.params.size())
        error(entry.loc, "entry block declares " + std::to_string(entry.params.size()) + " parameters but the function has " +
                             std::to_string(fn_.params.size()));
      else
        for (size_t i = 0; i < entry.params.size(); ++i)
          if (entry.params[i].type == fn_.params[i].type && entry.params[i].temp != fn_.params[i].temp)
            error(entry.params[i].loc, "entry parameter " + std::to_string(i + 1) + " is not the function's parameter " +
                                           std::to_string(i + 1) + " (the module was built inconsistently)");
          else if (entry.params[i].type != fn_.params[i].type)
            error(entry.params[i].loc, "entry parameter " + std::to_string(i + 1) + " has type " +
                                           std::string(typeName(entry.params[i].type)) + ", function parameter has " +
                                           std::string(typeName(fn_.params[i].type)));
    }
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs)
        for (const auto &t : in.targets)
          if (t.block == 0) error(t.loc, "branch to the entry block is not allowed");
  }
  checkSsa();
  checkEhBalance();
  if (opts_.refEffects)
    for (const auto &b : fn_.blocks) checkUseAfterRelease(b);
}

// Within one block the IL shows it statically: after `call @release(%v)` the value is
// dead unless the block retained it before (a retain makes the release drop only that
// extra reference). A later use, or a second release, is an error.
void FunctionVerifier::checkUseAfterRelease(const Block &b) {
  std::unordered_map<uint32_t, int> extraRefs;    // retains seen in this block, per temp
  std::unordered_map<uint32_t, SourceLoc> released;
  auto use = [&](const Value &v, SourceLoc at) {
    if (v.kind != ValueKind::Temp) return;
    auto it = released.find(v.id);
    if (it == released.end()) return;
    error(at.known() ? at : v.loc, "%" + fn_.temps[v.id].name + " is used after it was released (line " +
                                       std::to_string(it->second.line) + ")");
    released.erase(it);  // one report per release
  };
  for (const auto &in : b.instrs) {
    RefEffect effect = RefEffect::None;
    if (in.op == Opcode::Call && !in.operands.empty() && in.operands[0].kind == ValueKind::Temp)
      effect = opts_.refEffects(in.callee);
    for (size_t k = 0; k < in.operands.size(); ++k) use(in.operands[k], in.operands[k].loc);
    for (const auto &t : in.targets)
      for (const auto &v : t.args) use(v, v.loc);
    if (effect == RefEffect::None) continue;
    const uint32_t id = in.operands[0].id;
    int &extra = extraRefs[id];
    if (effect == RefEffect::Retain) ++extra;
    else if (extra > 0) --extra;
    else released[id] = in.textLoc;
  }
}

// Every use must be dominated by its definition. Uses in unreachable blocks are only
// checked for order within their own block (a dominator tree does not cover them).
void FunctionVerifier::checkSsa() {
  DominatorTree dom(fn_);
  const size_t nt = fn_.temps.size();
  // Definition site of each temp: block index and instruction index (-1 = block start).
  std::vector<int32_t> defBlock(nt, -1), defIndex(nt, -1);
  std::vector<bool> entryAlloca(nt, false);
  for (const auto &p : fn_.params) defBlock[p.temp] = 0, defIndex[p.temp] = -1;
  for (size_t bi = 0; bi < fn_.blocks.size(); ++bi) {
    const Block &b = fn_.blocks[bi];
    for (const auto &p : b.params) defBlock[p.temp] = static_cast<int32_t>(bi), defIndex[p.temp] = -1;
    for (size_t ii = 0; ii < b.instrs.size(); ++ii) {
      const Instr &in = b.instrs[ii];
      if (in.result < 0) continue;
      defBlock[static_cast<size_t>(in.result)] = static_cast<int32_t>(bi);
      defIndex[static_cast<size_t>(in.result)] = static_cast<int32_t>(ii);
      if (bi == 0 && in.op == Opcode::Alloca) entryAlloca[static_cast<size_t>(in.result)] = true;
    }
  }
  auto checkUse = [&](const Value &v, size_t bi, int32_t ii, SourceLoc loc) {
    if (v.kind != ValueKind::Temp || v.id >= nt) return;
    int32_t db = defBlock[v.id];
    if (db < 0) return;  // undefined: already reported by the parser
    if (entryAlloca[v.id]) return;
    bool ok;
    if (static_cast<size_t>(db) == bi) ok = defIndex[v.id] < ii;
    else if (!dom.reachable(bi)) ok = true;
    else ok = dom.dominates(static_cast<size_t>(db), bi);
    if (!ok)
      error(loc.known() ? loc : v.loc, "%" + fn_.temps[v.id].name + " is used where its definition does not dominate the use");
  };
  for (size_t bi = 0; bi < fn_.blocks.size(); ++bi) {
    const Block &b = fn_.blocks[bi];
    for (size_t ii = 0; ii < b.instrs.size(); ++ii) {
      const Instr &in = b.instrs[ii];
      for (const auto &v : in.operands) checkUse(v, bi, static_cast<int32_t>(ii), v.loc);
      for (const auto &t : in.targets)
        for (const auto &v : t.args) checkUse(v, bi, static_cast<int32_t>(ii), v.loc);
    }
  }
}

// Handler depth dataflow along every CFG path, resume edges included: eh.push +1, eh.pop
// -1. A handler stays installed while it serves a trap (upstream's errors spec: only
// eh.pop removes it), so it starts at the depth after its eh.push, and resume.label
// continues at that depth (the resumed-to code pops it). resume.same/next return into the
// protected region, whose depth is the handler's. Every path must agree on a block's
// depth and never pop an empty stack. A path that never went through a handler must return
// with no handler pushed (a forgotten eh.pop); code reached from a handler, by br or by
// resume.label, may return with it installed, as the spec's own example does (the frame
// and its handlers end together).
void FunctionVerifier::checkEhBalance() {
  const size_t n = fn_.blocks.size();
  if (n == 0) return;
  std::vector<char> inHandler(n, 0);  // reachable from a handler block
  {
    std::vector<size_t> work;
    for (const auto &b : fn_.blocks)
      for (const auto &in : b.instrs)
        if (in.op == Opcode::EhPush && in.targets[0].block >= 0 && !inHandler[static_cast<size_t>(in.targets[0].block)])
          inHandler[static_cast<size_t>(in.targets[0].block)] = 1, work.push_back(static_cast<size_t>(in.targets[0].block));
    while (!work.empty()) {
      size_t bi = work.back();
      work.pop_back();
      const auto &instrs = fn_.blocks[bi].instrs;
      if (instrs.empty()) continue;
      for (const auto &t : instrs.back().targets)
        if (t.block >= 0 && !inHandler[static_cast<size_t>(t.block)])
          inHandler[static_cast<size_t>(t.block)] = 1, work.push_back(static_cast<size_t>(t.block));
    }
  }
  std::vector<int> depth(n, -1);
  std::vector<size_t> work{0};
  depth[0] = 0;
  std::vector<char> reported(n, 0);
  auto flow = [&](int32_t to, int d, SourceLoc loc) {
    if (to < 0) return;
    size_t t = static_cast<size_t>(to);
    if (depth[t] < 0) { depth[t] = d; work.push_back(t); }
    else if (depth[t] != d && !reported[t]) {
      reported[t] = 1;
      error(loc, "block '" + fn_.blocks[t].label + "' is reached with " + std::to_string(depth[t]) + " and with " +
                     std::to_string(d) + " active exception handlers");
    }
  };
  while (!work.empty()) {
    size_t bi = work.back();
    work.pop_back();
    int d = depth[bi];
    for (const auto &in : fn_.blocks[bi].instrs) {
      switch (in.op) {
      case Opcode::EhPush: ++d; flow(in.targets[0].block, d, in.textLoc); break;
      case Opcode::EhPop:
        if (d == 0) error(in.textLoc, "eh.pop without a matching eh.push");
        else --d;
        break;
      case Opcode::Ret:
        if (d > 0 && !inHandler[bi])
          error(in.textLoc, "ret with " + std::to_string(d) + " exception handler(s) still pushed (missing eh.pop)");
        break;
      case Opcode::Br: case Opcode::Cbr: case Opcode::SwitchI32: case Opcode::ResumeLabel:
        for (const auto &t : in.targets) flow(t.block, d, in.textLoc);
        break;
      default: break;
      }
    }
  }
}

} // namespace detail

bool verifyModule(const Module &m, DiagnosticEngine &diags, const SignatureLookup &lookup, VerifyOptions opts) {
  size_t before = diags.errorCount();
  const SymbolIndex symbols(m);
  std::unordered_map<std::string, SourceLoc> names;
  auto declare = [&](const std::string &name, SourceLoc loc, const char *what) {
    auto [it, fresh] = names.emplace(name, loc);
    if (!fresh) diags.error(loc, std::string("redefinition of ") + what + " @" + name);
  };
  for (const auto &e : m.externs) declare(e.name, e.loc, "extern");
  for (const auto &g : m.globals) {
    declare(g.name, g.loc, "global");
    if (g.type == Type::Str) {
      if (g.hasInit && g.init.kind != ValueKind::Str) diags.error(g.loc, "str global @" + g.name + " needs a string initializer");
      if (!g.hasInit && g.linkage != Linkage::Import) diags.error(g.loc, "str global @" + g.name + " needs an initializer");
    } else if (g.hasInit) {
      bool ok = (g.type == Type::F64 && (g.init.kind == ValueKind::Float)) ||
                (isInteger(g.type) && (g.init.kind == ValueKind::Int || g.init.kind == ValueKind::Bool) &&
                 g.init.i >= typeMin(g.type) && g.init.i <= typeMax(g.type)) ||
                (g.type == Type::Ptr && g.init.kind == ValueKind::Null) ||
                (g.type == Type::Ptr && g.init.kind == ValueKind::Global &&
                 (symbols.global(g.init.s) || symbols.function(g.init.s)));
      if (!ok) diags.error(g.loc, "initializer of @" + g.name + " does not fit type " + std::string(typeName(g.type)));
    }
    if (g.type == Type::Error || g.type == Type::ResumeTok || g.type == Type::Void)
      diags.error(g.loc, "a global cannot have type " + std::string(typeName(g.type)));
  }
  for (const auto &f : m.functions) {
    if (auto *e = symbols.externDecl(f.name)) {
      // A definition may restate an extern, but only with the same signature.
      if (e->sig.ret != f.sig.ret || e->sig.params != f.sig.params || e->sig.variadic != f.sig.variadic)
        diags.error(f.loc, "function @" + f.name + " does not match the signature of its extern declaration");
    } else {
      declare(f.name, f.loc, "function");
    }
  }
  // The exit status comes from main's value: only integers (or nothing) make one, and the
  // engines call it with no arguments.
  if (const Function *main = symbols.function("main"); main && main->linkage != Linkage::Import) {
    if (!main->params.empty()) diags.error(main->loc, "@main must take no parameters");
    if (main->sig.ret != Type::Void && !isInteger(main->sig.ret))
      diags.error(main->loc, "@main must return an integer type or void, not " + std::string(typeName(main->sig.ret)));
  }
  for (const auto &f : m.functions) detail::FunctionVerifier(symbols, f, diags, lookup, opts).run();
  return diags.errorCount() == before;
}

} // namespace viper::il
