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

struct RunResult {
  enum class Status { Finished, Paused, Trapped };
  Status status = Status::Finished;
  int64_t exitCode = 0;  ///< main's return value (Finished)
  TrapInfo trap;         ///< (Trapped)
};

/// The stderr line for an unhandled trap:
///   Trap @FUNC:BLOCK#IP (FILE:LINE:COL): KIND (code=C): MESSAGE
/// `fileNames[id-1]` names .loc file ids; an id without a name prints as "line L".
std::string formatTrap(const TrapInfo &t, const std::vector<std::string> &fileNames);

} // namespace viper::exec
