// A generator of random, well-typed Viper IL programs for differential testing: helper
// functions with counted loops, block parameters, if/else diamonds, calls to earlier
// helpers, checked arithmetic that may trap (overflow, division by zero, bad casts),
// float round trips, narrow integers, strings, and sometimes a handler in main that
// resumes after faults. Every program terminates. The same seed gives the same program
// on every machine.
#pragma once
#include <cstdint>
#include <string>

namespace viper::test {

std::string randomProgram(uint64_t seed);

} // namespace viper::test
