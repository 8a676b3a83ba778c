// mem2reg: frame slots that are only loaded and stored become SSA values, with block
// parameters where control flow merges. Front ends lower variables to slots (simple and
// always correct); this pass turns them into the registers the VM is fast with.
#pragma once
#include "il/module.hpp"

namespace viper::passes {

struct Mem2RegStats {
  size_t promoted = 0;        ///< slots turned into values
  size_t blockParams = 0;     ///< block parameters that remained after simplification
};

/// Promotes, in every function without exception handling, each `alloca` of the entry
/// block whose address is used only as the address of loads and stores of one numeric or
/// pointer type, or of `str` (a string store becomes explicit retain and release calls).
Mem2RegStats promoteSlots(il::Module &m);

} // namespace viper::passes
