// Bytecode -> text: each IL instruction followed by the bytecode it became.
#pragma once
#include "bytecode/bytecode.hpp"
#include "bytecode/encoding.hpp"
#include "il/module.hpp"
#include "il/printer.hpp"
#include <string>

namespace viper::bc {

/// One instruction, e.g. "ADDIO r5, r0, -1" or "JLTI r0, 2 -> 12" (absolute target pc).
std::string formatInsn(const Module &m, uint32_t pc, const Insn &in);
/// Every defined function of `m`, annotated with the IL module it was compiled from.
/// `lineOrigins`, if given, gets one entry per line of the text: the IL instruction the
/// line shows or was compiled from.
std::string disassemble(const Module &m, const il::Module &src, std::vector<il::InstrRef> *lineOrigins = nullptr);

} // namespace viper::bc
