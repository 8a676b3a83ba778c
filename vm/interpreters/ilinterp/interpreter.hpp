// The reference IL interpreter: walks verified IL directly. It is the oracle the bytecode
// VM is tested against, so it favours clarity over speed: operands are evaluated from the
// IL values each time, every memory access is validated, and frames live on an explicit
// stack (user recursion never grows the native stack).
#pragma once
#include "il/module.hpp"
#include "interpreters/common/trap.hpp"
#include "runtime/context.hpp"
#include "support/result.hpp"
#include <cstdint>
#include <memory>

namespace viper::ilinterp {

struct Options {
  uint32_t maxCallDepth = 100000;
  size_t stackBytes = 64u << 20;  ///< alloca space shared by all frames
};

class Interpreter {
public:
  /// Prepares `m` (which must verify) to run; fails if a called runtime function is
  /// missing or @main is absent. `m` and `ctx` must outlive the interpreter.
  static Result<std::unique_ptr<Interpreter>> create(const il::Module &m, rt::Context &ctx, Options opts = {});
  ~Interpreter();

  /// Runs until main returns, a trap is unhandled, or `budget` units of work (see
  /// exec::RunResult) are spent (then Paused; calling run again continues exactly where
  /// it stopped).
  exec::RunResult run(uint64_t budget = UINT64_MAX);

  /// Instructions executed so far.
  uint64_t steps() const;

  class Impl;

private:
  explicit Interpreter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace viper::ilinterp
