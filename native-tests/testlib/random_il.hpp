// A generator of random, well-typed Viper IL programs for differential testing: helper
// functions with counted loops, block parameters, if/else diamonds, calls to earlier
// helpers, checked arithmetic that may trap (overflow, division by zero, bad casts),
// float round trips, narrow integers, strings, and sometimes a handler in main that
// resumes after faults. Every program terminates. The same seed gives the same program
// on every machine.
//
// The programs also use every parameter and label form the IL allows (spec/il.md §2),
// chosen by seed: signatures with `T %x` and legacy `%x: T` params; entry blocks that
// repeat the signature's names, rename them, swap them (entry parameter i is argument i
// whatever it is called), mix those, or declare none (the body uses the signature's
// names); block parameter names reused by other blocks (each block's are new values; a
// use means the newest textual binding, and the generator only writes uses where that
// binding dominates); labels that are keywords, opcodes, types or numbers (`ret:`,
// `br:`, `handler(%e: i64):`, `7:`), `entry_*` first labels, `^L` and `label L`
// references, blocks laid out in shuffled text order (so some uses precede their
// definition in the text), and handler headers with and without the `handler`/`^`
// prefix and every spelling of the Error/ResumeTok types. Name resolution is the
// parser's, shared by both engines, so the programs check it themselves: where two names
// denote one argument they must be equal, and a loop's counter (carried through blocks
// under changing names) must reach its trip count; otherwise they print "BAD-BINDING".
#pragma once
#include <cstdint>
#include <string>

namespace viper::test {

std::string randomProgram(uint64_t seed);

} // namespace viper::test
