// The load-time bytecode verifier: after it accepts a module, the VM's loop trusts every
// slot, constant, table and jump index it reads.
#pragma once
#include "bytecode/bytecode.hpp"
#include "support/result.hpp"

namespace viper::bc {

/// Checks every function: each word decodes, register fields are inside the frame,
/// indices are inside their tables, jumps land on instruction starts inside the function,
/// call windows fit the frame, and code never falls off the end.
Result<bool> verifyModule(const Module &m);

} // namespace viper::bc
