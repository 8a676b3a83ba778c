// Internal state of the reference interpreter (shared by interpreter.cpp and exec_ops.cpp).
#pragma once
#include "interpreters/common/rules.hpp"
#include "il/module.hpp"
#include "interpreters/common/program.hpp"
#include "interpreters/ilinterp/interpreter.hpp"
#include "runtime/registry.hpp"
#include <array>
#include <unordered_map>

namespace viper::ilinterp {

using exec::ErrorRecord;

/// An installed handler. It stays installed after taking a trap (only eh.pop removes it)
/// but does not take traps raised while it is serving one: those go to the next handler.
struct HandlerRecord {
  int32_t block = -1;
  bool serving = false;
};

struct Frame {
  const il::Function *fn = nullptr;
  size_t fnIndex = 0;
  std::vector<rt::Slot> regs;      ///< one slot per temp
  size_t block = 0, ip = 0;        ///< next instruction to execute (a call stays put until it returns)
  size_t allocaMark = 0;           ///< stack top at entry; restored on exit
  std::vector<HandlerRecord> handlers;  ///< eh.push stack
  // The fault a handler is serving (resume.* returns here).
  bool faultActive = false;
  size_t faultBlock = 0, faultIp = 0;
  size_t faultHandler = 0;         ///< index in `handlers` of the record that took the fault
  int64_t token = 0;               ///< the live resume token's value
  std::array<ErrorRecord, 4> errors;  ///< small ring: a handler rarely keeps more alive
  size_t nextError = 0;
  ErrorRecord *lastError = nullptr;
};

enum class Flow { Next, Jumped, Called, Returned, Trapped, Exited, WaitInput };

class Interpreter::Impl {
public:
  Impl(const il::Module &m, rt::Context &ctx, Options opts);
  ~Impl();
  Result<bool> prepare();
  exec::RunResult run(uint64_t budget);

  uint64_t steps = 0;       ///< instructions executed
  uint64_t budgetLeft = 0;  ///< units of work the current run() may still spend
  uint64_t unitsSpent = 0;  ///< by the current run()
  void spendUnit() { --budgetLeft; ++unitsSpent; }

private:
  friend class Interpreter;
  // interpreter.cpp: frames, calls, traps
  void pushFrame(size_t fnIndex, const std::vector<rt::Slot> &args);
  static uint64_t frameBytes(const il::Function &fn);
  Flow enterBlock(Frame &f, const il::Target &t, bool countBackEdge = true);
  Flow doReturn(rt::Slot value, bool hasValue);
  Flow raise(rt::TrapKind kind, int32_t code, std::string message);
  /// Raises one of the shared faults (kinds and messages from interpreters/common/rules).
  Flow raise(exec::Fault fault, const il::Instr &in, int64_t x = 0, int64_t y = 0, int64_t z = 0,
             std::string_view callee = {});
  Flow callFunction(Frame &f, const il::Instr &in, size_t firstArg, int64_t fnIndex);
  Flow callRuntime(Frame &f, const il::Instr &in, const rt::RuntimeFunction *rf);
  ErrorRecord *newError(Frame &f);
  exec::TrapInfo describe(const Frame &f, rt::TrapKind kind, int32_t code, std::string message) const;

  // exec_ops.cpp: the semantics of each opcode
  Flow step(Frame &f, const il::Instr &in);
  rt::Slot eval(const Frame &f, const il::Value &v);
  void *checkAddress(const il::Instr &in, rt::Slot p, unsigned size, Flow &flow);
  Flow doResume(Frame &f, const il::Instr &in);

  const il::Module &m_;
  rt::Context &ctx_;
  Options opts_;
  exec::ModuleMemory mem_;
  std::vector<Frame> frames_;
  exec::AllocaStack stack_;       ///< alloca region
  size_t stackTop_ = 0;
  std::unordered_map<const il::Instr *, int64_t> callFn_;   ///< call -> function index
  std::unordered_map<const il::Instr *, const rt::RuntimeFunction *> callRt_;
  std::unordered_map<std::string, size_t> fnIndex_;
  size_t mainIndex_ = 0;
  bool started_ = false, finished_ = false;
  exec::RunResult final_;
  int64_t nextToken_ = 1;
  std::vector<rt::Slot> argBuf_;
};

} // namespace viper::ilinterp
