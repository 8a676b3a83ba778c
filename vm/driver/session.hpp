// The toolchain as a host sees it (the CLI, the WASM module, the tests): compile a set of
// in-memory sources in a named language to data, then run the result in slices.
// Nothing here touches the file system, the process's stdio or its environment.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace viper::driver {

/// A diagnostic as data. Lines and columns are 1-based; the end is exclusive and on the
/// same line for a token-sized range.
struct DiagnosticData {
  std::string file;
  uint32_t line = 0, col = 0, endLine = 0, endCol = 0;
  std::string severity;  ///< "error", "warning", "note"
  std::string message;
};

/// Where a line of the IL or bytecode text came from; 0 = no source line (labels,
/// headers, compiler-made code). `file` names an entry of CompileRequest::sources.
struct LineOrigin {
  uint32_t ilLine = 0;      ///< 1-based line of the IL text (bytecode lines only)
  std::string file;         ///< empty when the line has no source position
  uint32_t line = 0, col = 0;
};

struct CompileStats {
  double frontEndMs = 0, passesMs = 0, bytecodeMs = 0;  ///< wall time per stage
  uint64_t ilInstructions = 0, bytecodeWords = 0, constants = 0, functions = 0;
};

struct CompileRequest {
  std::map<std::string, std::string> sources;  ///< file name -> text
  std::string language;                        ///< "il", "basic", "zia"
  std::string mainFile;                        ///< empty: the only file, or the first by name
  bool wantTexts = true;                       ///< produce the IL/bytecode texts and maps
  int optLevel = 1;                            ///< 0: no optimizer; 1: the -O1 passes
  std::vector<std::string> passes;             ///< non-empty: run exactly these passes
  bool verifyEachPass = false;                 ///< verify the IL after every pass
};

class Program;  ///< a compiled program: what RunSession runs (opaque)

struct CompileResult {
  bool ok = false;
  std::vector<DiagnosticData> diagnostics;
  std::string diagnosticsText;  ///< rendered exactly as the CLI prints them (source line, caret)
  std::string il;               ///< as `viper il` prints it
  std::string bytecode;         ///< as `viper bc` prints it
  /// Set when the bytecode compiler refused the program (a limit): the reference engine
  /// can still run it; `viper bc` prints this as `FILE: error: ...`.
  std::string bytecodeError;
  std::vector<LineOrigin> ilMap;        ///< one per line of `il`
  std::vector<LineOrigin> bytecodeMap;  ///< one per line of `bytecode`
  CompileStats stats;
  std::shared_ptr<const Program> program;  ///< set when ok
};

CompileResult compile(const CompileRequest &req);

enum class EngineKind { Bytecode, Reference };

struct StartOptions {
  EngineKind engine = EngineKind::Bytecode;
  std::vector<std::string> args;                     ///< Viper.System.Environment arguments
  std::map<std::string, std::string> environment;   ///< the program's environment copy
  std::string stdinText;      ///< input given up front
  bool stdinClosed = false;   ///< true: past stdinText the program sees end of input
                              ///< instead of a request for more (the CLI with a pipe)
  uint64_t maxSteps = UINT64_MAX;  ///< total budget of the run: then status StepLimit
  uint64_t maxMemory = 0;          ///< bytes a program may allocate; 0 = the default (1 GiB)
  bool profile = false;            ///< bytecode engine: count opcodes (profileText)
  /// Bytecode engine, native hosts: called with one line per executed instruction.
  std::function<void(const std::string &)> trace;
  /// Native hosts: if set, output goes here as the program writes it (in chunks) instead
  /// of into SliceResult::output, so a long slice need not hold it all.
  std::function<void(std::string_view)> output;
};

struct TrapData {
  std::string kind;     ///< e.g. "Overflow", "DivideByZero", "Bounds"
  int32_t code = 0;
  std::string message;
  std::string function, file;  ///< file empty when the IL has no .loc for the fault
  uint32_t line = 0, col = 0;
  std::vector<std::string> backtrace;  ///< innermost first
  std::string text;                    ///< the CLI's stderr line for it
};

struct SliceResult {
  /// done: finished (exitCode). running: this slice's budget is spent; resume continues
  /// exactly. input: the program waits for a line; pushInput, then resume. trap: an
  /// unhandled trap ended the run. stepLimit: StartOptions::maxSteps is spent (ended).
  /// error: the program could not start (no @main, a limit of the bytecode compiler).
  enum class Status { Done, Running, Input, Trap, StepLimit, Error };
  Status status = Status::Done;
  int exitCode = 0;        ///< the process exit status the CLI would give
  std::string output;      ///< program output since the previous call
  TrapData trap;           ///< Status::Trap
  std::string error;       ///< Status::Error
  uint64_t steps = 0;      ///< units of work spent in this slice
};

/// One run of a compiled program. It owns everything the run touches (runtime context,
/// engine, input queue, output buffer), so runs share nothing and a host may keep many.
class RunSession {
public:
  static std::unique_ptr<RunSession> start(std::shared_ptr<const Program> program, const StartOptions &opts);
  ~RunSession();
  /// Runs until done, a trap, a request for input, or `budget` units of work (a call, a
  /// jump back to the same or an earlier block, a trap a handler takes, a resume: the same
  /// count on both engines). A finished session keeps returning its final status.
  SliceResult resume(uint64_t budget = UINT64_MAX);
  /// Queues text: lines separated by '\n'; a last line without one is a whole line, so
  /// "" queues one empty line.
  void pushInput(const std::string &text);
  /// After the queue drains the program sees end of input.
  void closeInput();
  /// Opcode counts when run with the bytecode engine (`viper run --stats`), as text.
  std::string profileText() const;

  class Impl;

private:
  explicit RunSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

const char *statusName(SliceResult::Status s);
/// The toolchain's version string.
const char *version();

} // namespace viper::driver
