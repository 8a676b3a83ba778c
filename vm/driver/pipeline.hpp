// The toolchain on modules: source -> verified IL, and an il::Module run on an engine, for
// tests and fuzzers that build or transform IL themselves. Hosts (the CLI, WASM) use the
// session API, driver/session.hpp.
#pragma once
#include "il/module.hpp"
#include "bytecode/bytecode.hpp"
#include "interpreters/bcvm/vm.hpp"
#include "interpreters/common/trap.hpp"
#include "runtime/context.hpp"
#include "support/diag.hpp"
#include <functional>
#include <optional>
#include <string>

namespace viper::driver {

/// IL: the reference interpreter (the oracle). BC: compile to bytecode and run the VM.
enum class Engine { IL, BC };

/// File `fileId` in the language its extension names (driver/languages.hpp), through the
/// finishing pipeline. Returns the module, or nullopt with errors in `diags`.
std::optional<il::Module> compileSource(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags);

struct RunOptions {
  Engine engine = Engine::BC;
  /// Stop after this many units of work (exec::RunResult: the same unit on both engines).
  uint64_t maxSteps = UINT64_MAX;
  bool profile = false;            ///< BC: count executed opcodes (RunOutcome::profile)
  std::function<void(const std::string &)> trace;  ///< BC: one line per executed instruction
};

struct RunOutcome {
  exec::RunResult result;
  std::string loadError;  ///< set when the program could not start (missing main, unknown runtime function)
  bool stepLimitHit = false;
  bcvm::Profile profile;  ///< BC with RunOptions::profile
  /// Process exit status as spec/il.md §7 defines it.
  int exitStatus() const;
};

/// IL -> bytecode (for `viper bc` and the playground); errors only on limits.
Result<bc::Module> compileBytecode(const il::Module &m);
/// Text of the bytecode with each IL instruction beside what it became.
std::string disassemble(const bc::Module &code, const il::Module &m);

RunOutcome runModule(const il::Module &m, rt::Context &ctx, const RunOptions &opts);

} // namespace viper::driver
