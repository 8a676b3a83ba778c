// IL -> bytecode. The module must have passed the IL verifier.
#pragma once
#include "bytecode/bytecode.hpp"
#include "il/module.hpp"
#include "support/result.hpp"

namespace viper::bc {

/// Compiles every function of `m`. Fails only on limits (a frame over 65535 slots, more
/// than 65536 constants) or on a call to a function neither the module nor the runtime has.
Result<Module> compileModule(const il::Module &m);

} // namespace viper::bc
