// The toolchain as one call each: source -> verified IL, and IL -> run on an engine.
// Shared by the CLI, the tests and (later) the WASM bindings.
#pragma once
#include "il/module.hpp"
#include "interpreters/common/trap.hpp"
#include "runtime/context.hpp"
#include "support/diag.hpp"
#include <optional>
#include <string>

namespace viper::driver {

enum class Engine { IL };

/// Parses and verifies file `fileId`. Returns the module, or nullopt with errors in `diags`.
std::optional<il::Module> compileIL(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags);

struct RunOptions {
  Engine engine = Engine::IL;
  uint64_t maxSteps = UINT64_MAX;  ///< stop with an error after this many instructions
};

struct RunOutcome {
  exec::RunResult result;
  std::string loadError;  ///< set when the program could not start (missing main, unknown runtime function)
  bool stepLimitHit = false;
  /// Process exit status as spec/il.md §7 defines it.
  int exitStatus() const;
};

RunOutcome runModule(const il::Module &m, rt::Context &ctx, const RunOptions &opts);

} // namespace viper::driver
