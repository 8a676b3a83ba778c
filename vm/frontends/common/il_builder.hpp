// Building Viper IL in memory, for front ends (BASIC now, Zia next): functions, blocks
// with parameters, typed temps, instructions stamped with the current source location,
// and calls to the runtime that declare their extern on first use.
#pragma once
#include "il/module.hpp"
#include "runtime/runtime_fn.hpp"
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace viper::fe {

class IRBuilder {
public:
  explicit IRBuilder(il::Module &m) : m_(m) {}

  /// Starts a function; its entry block (named `entryLabel`) becomes current. Parameter
  /// i is temp paramTemp(i).
  void beginFunction(const std::string &name, il::Type ret, const std::vector<std::pair<std::string, il::Type>> &params,
                     const std::string &entryLabel = "entry");
  il::Value param(size_t i) const;
  il::Function &function() { return m_.functions[fn_]; }

  /// A new block (not current). Labels are made unique by appending a number if needed.
  uint32_t newBlock(const std::string &label, const std::vector<il::Type> &params = {});
  il::Value blockParam(uint32_t block, size_t i) const;
  void setBlock(uint32_t block) { block_ = block; }
  /// Moves a finished block to the end of the function (the layout the printer and the
  /// bytecode compiler follow); every branch to any block is renumbered.
  void moveBlockToEnd(uint32_t block);
  uint32_t block() const { return block_; }
  /// True once the current block ends in a terminator; instructions after it would be dead.
  bool terminated() const;

  void setLoc(SourceLoc loc) { loc_ = loc; }
  SourceLoc loc() const { return loc_; }

  /// An instruction with a result of type `type`.
  il::Value emit(il::Opcode op, il::Type type, std::vector<il::Value> operands);
  /// An instruction without a result.
  void emitVoid(il::Opcode op, std::vector<il::Value> operands);
  il::Value alloca(int64_t bytes);
  il::Value load(il::Type t, il::Value ptr);
  void store(il::Type t, il::Value ptr, il::Value v);
  il::Value select(il::Type t, il::Value cond, il::Value a, il::Value b);
  /// A call to a module function or a runtime function (declared as an extern on first
  /// use, with the registry's signature). Void calls return nullopt.
  std::optional<il::Value> call(const std::string &callee, il::Type ret, std::vector<il::Value> args);
  /// A call to a runtime function by handle; its result type is the registry's.
  std::optional<il::Value> call(rt::RtFn fn, std::vector<il::Value> args);
  /// The same for a function that returns a value.
  il::Value callValue(rt::RtFn fn, std::vector<il::Value> args);

  void br(uint32_t target, std::vector<il::Value> args = {});
  void cbr(il::Value cond, uint32_t t, uint32_t f, std::vector<il::Value> targs = {}, std::vector<il::Value> fargs = {});
  void switchI32(il::Value v, uint32_t dflt, const std::vector<std::pair<int64_t, uint32_t>> &cases);
  void ret(std::optional<il::Value> v);
  /// Exception handling (spec/il.md §8): handler blocks take (Error, ResumeTok).
  uint32_t newHandlerBlock(const std::string &label);
  void ehPush(uint32_t handler);
  void ehPop();
  void resumeLabel(il::Value token, uint32_t target);

  static il::Value i64(int64_t v) { return il::Value::integer(v); }
  static il::Value f64(double v) { return il::Value::real(v); }
  static il::Value boolean(bool b) { return il::Value::boolean(b); }
  static il::Value str(std::string s) { return il::Value::str(std::move(s)); }

private:
  uint32_t newTemp(il::Type t);
  il::Instr &push(il::Instr in);
  il::Target target(uint32_t block, std::vector<il::Value> args) const;

  il::Module &m_;
  size_t fn_ = 0;
  uint32_t block_ = 0;
  SourceLoc loc_;
  std::unordered_set<std::string> labels_;
  std::unordered_map<std::string, int> labelCount_;
  std::unordered_set<std::string> declared_;
  std::unordered_set<std::string> defined_;  ///< functions begun here (a call needs no extern)
};

} // namespace viper::fe
