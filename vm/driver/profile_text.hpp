// `viper run --stats`: the bytecode VM's executed-opcode counts as a table.
#pragma once
#include "interpreters/bcvm/vm.hpp"
#include <string>

namespace viper::driver {

/// Counts per opcode, most frequent first, then the 20 most frequent opcode pairs.
std::string formatProfile(const bcvm::Profile &p);

} // namespace viper::driver
