// Module -> canonical IL text (spec/il.md §11). parse(print(m)) == m.
#pragma once
#include "il/module.hpp"
#include <string>

namespace viper::il {

std::string printModule(const Module &m);
/// One instruction without indentation or newline (used by disassemblers and traces).
std::string printInstr(const Module &m, const Function &fn, const Instr &in);
/// Float literal in canonical form: 17 significant digits, at least one '.', NaN/Inf spelled out.
std::string formatFloatLiteral(double v);
std::string quoteString(const std::string &bytes);

} // namespace viper::il
