// Bytecode -> text: each IL instruction followed by the bytecode it became.
#pragma once
#include "bytecode/bytecode.hpp"
#include "bytecode/encoding.hpp"
#include "il/module.hpp"
#include <string>

namespace viper::bc {

/// One instruction, e.g. "ADDIO r5, r0, -1" or "JLTI r0, 2 -> 12" (absolute target pc).
std::string formatInsn(const Module &m, uint32_t pc, const Insn &in);
/// Every defined function of `m`, annotated with the IL module it was compiled from.
std::string disassemble(const Module &m, const il::Module &src);

} // namespace viper::bc
