// The load-time bytecode verifier: after it accepts a module, the VM's loop trusts every
// slot, constant, table and jump index it reads.
#pragma once
#include "bytecode/bytecode.hpp"
#include "support/result.hpp"

namespace viper::bc {

/// Checks every function: each word decodes, register fields are inside the frame,
/// indices are inside their tables, jumps land on instruction starts inside the function,
/// call windows fit the frame, and code never falls off the end. JMPE (the edge-stub jump
/// that spends no budget) is accepted only at the end of an edge stub after the blocks,
/// jumping past every jump that reaches the stub, so no loop can run without spending.
Result<bool> verifyModule(const Module &m);

} // namespace viper::bc
