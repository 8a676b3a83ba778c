// Shared facts and edits for the optimizer passes (vm/passes): what an instruction may do
// (trap, touch memory, call), constant evaluation with the engines' exact semantics, and
// CFG edits that keep block indices consistent.
#pragma once
#include "il/module.hpp"
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <optional>
#include <vector>

namespace viper::passes {

/// Functions with exception handling (eh.push, handlers, resume.*, err.*) are left alone by
/// every optimizer pass: a handler may resume at any faulting instruction and read its
/// index (err.get_ip), so their instructions must stay exactly where they are.
bool hasExceptionHandling(const il::Function &fn);

/// Computes a value from its operands only, never traps, has no effect: may be removed
/// when unused, merged with an equal one, hoisted or speculated.
bool isPureNoTrap(il::Opcode op);
/// Computes a value from its operands only but may trap (checked arithmetic, division,
/// idx.chk, checked casts): may be merged with an equal dominating one, never removed
/// unless its operands prove it cannot trap.
bool isPureMayTrap(il::Opcode op);

/// A trapping-kind operation whose constant operands show it cannot trap (a division by
/// a constant other than 0 and -1): removable when unused.
bool cannotTrap(const il::Instr &in);
/// ptr and str values take part in the verifier's use-after-release check (a value passed
/// as the first argument of a releasing call may not be used later in that block), so
/// passes that rename or move them are careful with them.
inline bool isHandle(il::Type t) { return t == il::Type::Ptr || t == il::Type::Str; }

/// The verifier's use-after-release rule for one block, step by step: after a call that
/// releases its first argument (runtime ref effects), that value may not be used again in
/// the block unless the block retained it before. Passes that join or split blocks replay
/// it so their output still verifies. `resolve` maps a temp to its final name.
class ReleaseCheck {
public:
  /// False if `in` breaks the rule given what this block did before it.
  bool step(const il::Instr &in, const std::function<uint32_t(uint32_t)> &resolve = {});
  /// A point to roll back to: steps after it can be undone in time proportional to them.
  size_t mark() const { return journal_.size(); }
  void rollback(size_t mark);
private:
  enum class Did : uint8_t { Retained, Unretained, Released };
  std::unordered_map<uint32_t, int> extra_;
  std::unordered_set<uint32_t> released_;
  std::vector<std::pair<Did, uint32_t>> journal_;  ///< every change step made, in order
};

/// Whether `fn` calls a runtime function that releases its first argument: without such
/// a call ReleaseCheck::step can never fail, so passes may skip replaying it.
bool hasReleasingCall(const il::Function &fn);

unsigned bitsOf(il::Type t);

/// A constant scalar: an integer (i1/i16/i32/i64, sign-extended) or an f64.
struct Const {
  bool isFloat = false;
  int64_t i = 0;
  double f = 0;
  bool sameAs(const Const &o) const;
};
std::optional<Const> constOf(const il::Value &v);
/// Whether two operands are the same value: one temp, or equal literals (floats by their
/// bits: -0.0 and 0.0, NaN payloads differ).
bool sameValue(const il::Value &a, const il::Value &b);
/// The literal for constant `c` typed `t` (i1 -> true/false).
il::Value literal(const Const &c, il::Type t);
/// Evaluates `in` on constant operands exactly as both engines do; nullopt when it would
/// trap, is not a pure value, or the result does not fit its type.
std::optional<Const> evaluate(const il::Instr &in, const std::vector<Const> &ops);
/// A runtime call that its literal operand decides and that has no other effect: a null
/// test of `null` (what is left of a release helper inlined at a variable's first
/// assignment). Its result, or nothing.
std::optional<Const> foldedCall(const il::Instr &in);

/// Calls f(value) for every operand and branch argument of `in`.
void forEachUse(il::Instr &in, const std::function<void(il::Value &, bool isCallArg)> &f);
void forEachUse(const il::Instr &in, const std::function<void(const il::Value &)> &f);

/// Whether a literal may replace a temp of type `t` at a use: call arguments are exact
/// (an integer literal is i64), everywhere else literals adapt to the expected width.
bool literalAllowed(il::Type t, const il::Value &lit, bool isCallArg);

/// Replaces uses of temps by the map's values (following chains); where a literal is not
/// allowed (a narrow integer call argument) the temp is kept. Returns uses replaced.
size_t substitute(il::Function &fn, std::vector<std::optional<il::Value>> &map);

/// Deletes the blocks with keep[b] false (never the entry) and renumbers every target.
void removeBlocks(il::Function &fn, const std::vector<bool> &keep);
/// Blocks reachable from the entry over terminators.
std::vector<bool> reachableBlocks(const il::Function &fn);
/// Inserts `blocks` before index `at` and renumbers every existing target (targets inside
/// the new blocks must already use the final numbering).
void insertBlocks(il::Function &fn, size_t at, std::vector<il::Block> blocks);

/// Number of incoming edges per block (one per terminator target).
std::vector<uint32_t> predecessorCounts(const il::Function &fn);

/// A fresh temp of type t named `name` (the printer makes repeated names unique).
uint32_t newTemp(il::Function &fn, const std::string &name, il::Type t);

size_t instructionCount(const il::Module &m);

} // namespace viper::passes
