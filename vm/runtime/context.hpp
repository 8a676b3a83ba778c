// Per-VM runtime state: I/O endpoints, PRNG, pending trap, memory regions, module vars.
// Nothing here is global: two VMs in one process each own a Context.
#pragma once
#include "runtime/value.hpp"
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace viper::rt {

/// Where program output goes (native: buffered stdout; WASM: captured for the page).
class OutputSink {
public:
  virtual ~OutputSink() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual void flush() {}
};

/// Where INPUT / ReadLine come from. Returns false at end of input.
class InputSource {
public:
  virtual ~InputSource() = default;
  virtual bool readLine(std::string &line) = 0;
  /// True when no line is ready yet but more may come (a host feeding input between run
  /// slices): the input function then asks the engine to pause instead of reading.
  virtual bool wouldBlock() const { return false; }
};

/// Captures output in memory (tests, WASM).
class StringSink final : public OutputSink {
public:
  void write(std::string_view bytes) override { text.append(bytes); }
  std::string text;
};

/// Serves input lines from a string (tests, WASM).
class StringSource final : public InputSource {
public:
  explicit StringSource(std::string text = {}) : text_(std::move(text)) {}
  bool readLine(std::string &line) override;

private:
  std::string text_;
  size_t pos_ = 0;
};

/// What a runtime function asks of the engine when it returns: raise a trap, or end the
/// run (Viper.System.Environment.Exit). The engine checks `active` after every runtime
/// call, so both cost the hot path one test; it then clears `active` (and `exit`).
struct PendingTrap {
  bool active = false;
  TrapKind kind = TrapKind::RuntimeError;
  int32_t code = 0;
  std::string message;
  /// Not a trap: the program asked to end with `exitCode`. The engine finishes the run
  /// as a `ret` from @main would (status Finished), from any depth; no handler sees it.
  bool exit = false;
  int64_t exitCode = 0;
  /// Not a trap: the program wants a line the host has not given yet (InputSource::
  /// wouldBlock). The engine pauses with the call not yet done, to repeat it on resume.
  bool needInput = false;
};

/// Address ranges a program may load from and store to: heap blocks, arrays, objects and
/// globals. Engines check these (besides their own stack region) so a wild pointer becomes
/// an InvalidOperation trap instead of a crash.
class MemoryRegions {
public:
  /// `heapBlock` marks runtime-allocated blocks (arrays, objects, rt_alloc): their handles
  /// are validated with isBlockStart and they are freed when the Context dies.
  void add(const void *base, size_t size, bool heapBlock = false);
  void remove(const void *base);
  /// True if [p, p+n) lies inside one registered region.
  bool contains(const void *p, size_t n) const;
  bool isBlockStart(const void *p) const;
  /// Bytes from p to the end of its region (0 if p is in none).
  size_t bytesAvailable(const void *p) const;
  std::vector<void *> heapBlocks() const;

private:
  struct Region {
    size_t size;
    bool heap;
  };
  std::map<uintptr_t, Region> regions_;
};

class Context {
public:
  Context(OutputSink &out, InputSource &in) : out_(out), in_(in) {}
  ~Context();
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;

  OutputSink &out() { return out_; }
  InputSource &in() { return in_; }

  /// Records a trap for the engine to raise when the runtime function returns.
  void raise(TrapKind kind, std::string message, int32_t code = 0);
  /// Asks the engine to end the run with `code` when the runtime function returns.
  void requestExit(int64_t code);
  /// Asks the engine to pause and repeat this runtime call once input has arrived.
  void requestInput() { trap_.active = true; trap_.needInput = true; }
  PendingTrap &trap() { return trap_; }

  uint64_t rngState = 0xDEADBEEFCAFEBABEull;
  MemoryRegions memory;
  /// Zia `throw "msg"` stores its message here before raising (Viper.Runtime.Unsafe.*).
  std::string throwMessage;
  /// Live string count: a leak check for tests (every owned string released at exit).
  int64_t liveStrings = 0;
  /// The longest string (in bytes) the runtime creates for this VM; a longer result
  /// (Concat, Repeat, PadLeft, StringBuilder...) is a DomainError "out of memory" trap
  /// instead of an allocation that could take the host down. Hosts may change it.
  static constexpr int64_t kDefaultMaxStringLength = int64_t{256} << 20;  // 256 MiB
  int64_t maxStringLength = kDefaultMaxStringLength;

  /// The memory budget of a run: bytes of strings, arrays and engine frames the program
  /// may hold at once. Past it, the allocation that would not fit is an out-of-memory
  /// trap (DomainError), so a program cannot take its host (a browser tab, a CLI on a
  /// shared machine) down with it. Hosts may change it before the run starts.
  static constexpr uint64_t kDefaultMemoryLimit = uint64_t{1} << 30;  // 1 GiB
  uint64_t memoryLimit = kDefaultMemoryLimit;
  /// Charges `bytes` to the budget. Over it: raises the trap (naming `what`) and returns
  /// false, charging nothing.
  bool charge(uint64_t bytes, const char *what);
  /// Charges without raising: for engines, which report the trap their own way.
  bool tryCharge(uint64_t bytes) {
    if (bytes > memoryLimit - memoryInUse_) return false;
    memoryInUse_ += bytes;
    if (memoryInUse_ > memoryPeak_) memoryPeak_ = memoryInUse_;
    return true;
  }
  void uncharge(uint64_t bytes) { memoryInUse_ -= bytes < memoryInUse_ ? bytes : memoryInUse_; }
  uint64_t memoryInUse() const { return memoryInUse_; }
  uint64_t memoryPeak() const { return memoryPeak_; }

private:
  uint64_t memoryInUse_ = 0, memoryPeak_ = 0;

public:
  /// Every string handle this VM may legitimately see (owned and immortal). Engines check
  /// handles that come out of memory or go into the runtime, so a forged or released
  /// handle is an InvalidOperation trap instead of a crash.
  bool isString(const void *p) const { return p == nullptr || strings_.count(p) != 0; }
  void noteString(const void *p) { strings_.insert(p); }
  /// This run's immortal "" (what an unassigned string-array element reads as); created on
  /// first use, freed with the Context.
  void *emptyString();
  void forgetString(const void *p) { strings_.erase(p); }
  /// A copy of every handle isString accepts (for strFreeRemaining).
  std::vector<const void *> liveStringHandles() const { return {strings_.begin(), strings_.end()}; }

private:
  void *empty_ = nullptr;

public:

  /// BASIC module-level variables by name (rt_modvar_addr_*): 8 zeroed bytes each.
  /// String variables are released when the Context dies.
  void *moduleVar(const std::string &name, bool holdsString);

  /// Program arguments (Viper.System.Environment.GetArgument*): what the host passes; the
  /// CLI gives the words after `--`, so index 0 is the first user argument (as upstream).
  std::vector<std::string> args;
  /// The program's environment variables (Viper.System.Environment.*Variable). It belongs
  /// to this run, never to the process: VMs sharing a process must not see each other's
  /// SetVariable, and the WASM build has no environment. Empty unless the host fills it
  /// (the CLI copies the host environment in).
  std::map<std::string, std::string> environment;

  /// StringBuilder objects by handle (Viper.Text.StringBuilder.*).
  std::unordered_map<void *, std::unique_ptr<std::string>> builders;

private:
  OutputSink &out_;
  InputSource &in_;
  PendingTrap trap_;
  std::unordered_map<std::string, std::unique_ptr<uint64_t>> moduleVars_;
  std::unordered_set<const void *> strings_;
  std::vector<std::string> stringVars_;
};

} // namespace viper::rt
