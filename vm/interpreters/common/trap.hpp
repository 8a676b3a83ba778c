// What an execution engine reports: finished, paused (budget spent) or trapped.
#pragma once
#include "runtime/value.hpp"
#include "support/source.hpp"
#include <cstdint>
#include <string>
#include <vector>

namespace viper::exec {

struct TrapInfo {
  rt::TrapKind kind = rt::TrapKind::RuntimeError;
  int32_t code = 0;
  std::string message;
  std::string function;  ///< IL function of the faulting instruction
  std::string block;     ///< its block label
  uint32_t ip = 0;       ///< instruction index within the block
  SourceLoc loc;         ///< from .loc (file id, line, col); unknown if the IL has none
  std::vector<std::string> backtrace;  ///< innermost first: "@fn:block#ip"
};

/// An error record (the IL `error` type): handlers receive a pointer to one. Both engines
/// keep a small ring of them per frame.
struct ErrorRecord {
  rt::TrapKind kind = rt::TrapKind::RuntimeError;
  int32_t code = 0;
  int64_t ip = 0;       ///< instruction index within the faulting block
  int32_t line = -1;    ///< source line from .loc, -1 if unknown
  std::string message;
};

/// The unit of work both engines count, so a budget means the same on each: a call of an
/// IL function, a branch to the same or an earlier block of the function (a loop's back
/// edge; bytecode keeps the IL's block order, so that is a jump to a lower pc), a trap a
/// handler takes, and a resume.*. Straight-line code is free: it cannot run for long.
struct RunResult {
  enum class Status { Finished, Paused, Trapped };
  Status status = Status::Finished;
  int64_t exitCode = 0;  ///< main's return value (Finished)
  TrapInfo trap;         ///< (Trapped)
  uint64_t units = 0;    ///< units of work this call of run() spent
  /// (Paused) not for the budget: an input function found no line queued and the input
  /// not closed. The next run() repeats that call.
  bool wantsInput = false;
};

/// The stderr line for an unhandled trap:
///   Trap @FUNC:BLOCK#IP (FILE:LINE:COL): KIND (code=C): MESSAGE
/// `fileNames[id-1]` names .loc file ids; an id without a name prints as "line L".
std::string formatTrap(const TrapInfo &t, const std::vector<std::string> &fileNames);

} // namespace viper::exec
