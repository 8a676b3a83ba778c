// Module -> canonical IL text (spec/il.md §11). parse(print(m)) == m.
#pragma once
#include <memory>
#include "il/module.hpp"
#include <string>
#include <vector>

namespace viper::il {

/// An instruction of a module by position; all -1 when a printed line is not one (a
/// header, a label). The session API joins these to source lines.
struct InstrRef {
  int32_t function = -1, block = -1, instr = -1;
  bool known() const { return instr >= 0; }
};

/// `lineOrigins`, if given, gets one entry per line of the text: the instruction the line
/// prints (a `.loc` line counts as the instruction after it).
std::string printModule(const Module &m, std::vector<InstrRef> *lineOrigins = nullptr);
/// One instruction without indentation or newline (used by disassemblers and traces).
std::string printInstr(const Module &m, const Function &fn, const Instr &in);

/// printInstr for many instructions of one function: the function's value names are
/// worked out once, not per instruction (a disassembly of 40,000 values).
class InstrPrinter {
public:
  InstrPrinter(const Module &m, const Function &fn);
  ~InstrPrinter();
  InstrPrinter(const InstrPrinter &) = delete;
  InstrPrinter &operator=(const InstrPrinter &) = delete;
  std::string operator()(const Instr &in) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
/// Float literal in canonical form: 17 significant digits, at least one '.', NaN/Inf spelled out.
std::string formatFloatLiteral(double v);
std::string quoteString(const std::string &bytes);

} // namespace viper::il
