// Constant folding: instructions whose operands are all constants and that cannot trap
// become those constants; a cbr on a constant becomes a br. Instructions that would trap
// (an overflowing iadd.ovf, a division by zero) are kept, so the trap still happens, at
// run time and at its source line.
#pragma once
#include "il/module.hpp"

namespace viper::passes {

/// Returns how many instructions were folded away.
size_t foldConstants(il::Module &m);

} // namespace viper::passes
