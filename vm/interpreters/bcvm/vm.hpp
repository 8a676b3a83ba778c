// The bytecode VM: runs a verified bytecode module (bytecode/compiler.hpp) with the same
// observable behaviour as the reference IL interpreter, much faster. One instance per
// program run; instances share nothing.
#pragma once
#include "bytecode/bytecode.hpp"
#include "il/module.hpp"
#include "interpreters/common/trap.hpp"
#include "runtime/context.hpp"
#include "support/result.hpp"
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace viper::bcvm {

struct Options {
  uint32_t maxCallDepth = 100000;
  size_t stackBytes = 64u << 20;        ///< alloca space shared by all frames
  size_t maxSlots = 32u << 20;          ///< register stack limit (slots of 8 bytes)
  bool profile = false;                 ///< count executed opcodes and opcode pairs
  std::function<void(const std::string &)> trace;  ///< if set: one line per executed instruction
};

/// Executed-opcode counts (profile mode).
struct Profile {
  std::vector<uint64_t> ops;            ///< per opcode
  std::vector<uint64_t> pairs;          ///< [previous * kNumOps + current]
};

class VM {
public:
  /// `code` must have come from compiling `src`; it is verified here. Both modules and
  /// `ctx` must outlive the VM.
  static Result<std::unique_ptr<VM>> create(const bc::Module &code, const il::Module &src, rt::Context &ctx,
                                             Options opts = {});
  ~VM();

  /// Runs until main returns, a trap goes unhandled, or `budget` units are spent (a unit
  /// is one backward jump or one call; then Paused, and the next run continues exactly
  /// where this one stopped).
  exec::RunResult run(uint64_t budget = UINT64_MAX);

  const Profile &profile() const;

  class Impl;

private:
  explicit VM(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace viper::bcvm
