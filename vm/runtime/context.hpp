// Per-VM runtime state: I/O endpoints, PRNG, pending trap, memory regions, module vars.
// Nothing here is global: two VMs in one process each own a Context.
#pragma once
#include "runtime/region_table.hpp"
#include "runtime/value.hpp"
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
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

/// A set of nonzero addresses: open addressing with linear probing (no node per entry,
/// one multiply per lookup). For StringHeap's chunk bases and exact handles.
class AddressSet {
public:
  AddressSet() = default;
  AddressSet(const AddressSet &) = delete;
  AddressSet &operator=(const AddressSet &) = delete;
  ~AddressSet() { delete[] slots_; }
  bool contains(uintptr_t key) const {
    if (!slots_ || key == 0) return false;  // 0 marks an empty slot
    for (size_t i = home(key);; i = (i + 1) & mask_) {
      if (slots_[i] == key) return true;
      if (slots_[i] == 0) return false;
    }
  }
  void insert(uintptr_t key);
  void erase(uintptr_t key);
  size_t size() const { return count_; }
  /// Calls f(key) for every key (the set must not change meanwhile).
  template <class F> void forEach(F f) const {
    for (size_t i = 0; slots_ && i <= mask_; ++i)
      if (slots_[i]) f(slots_[i]);
  }

private:
  size_t home(uintptr_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_); }
  uintptr_t *slots_ = nullptr;  // 0 = empty
  size_t mask_ = 0, count_ = 0;
  unsigned shift_ = 64;
};

/// Address ranges a program may load from and store to: heap blocks, arrays, objects and
/// globals. Engines check these (besides their own stack region) so a wild pointer becomes
/// an InvalidOperation trap instead of a crash.
///
/// Every object field access and every handle a runtime function takes is checked here, so
/// both checks avoid the ordered map on their fast path: block starts are a hash set, and
/// contains() first asks a small direct-mapped cache of regions it found before (keyed by
/// address bits, so the fields of one object share an entry). A cached region is a fact
/// that stays true until that region is removed or resized: then the entries it can occupy
/// (those of the 64-byte granules it covers) are emptied, so freeing one object leaves the
/// rest of the cache warm; a region too large for that bumps `generation_`, which empties
/// the whole cache at once. Only positive answers are cached.
class MemoryRegions {
public:
  /// `heapBlock` marks runtime-allocated blocks (arrays, objects, rt_alloc): their handles
  /// are validated with isBlockStart and they are freed when the Context dies.
  void add(const void *base, size_t size, bool heapBlock = false);
  void remove(const void *base);
  /// True if [p, p+n) lies inside one registered region.
  bool contains(const void *p, size_t n) const { return containsCached(p, n) || containsSlow(reinterpret_cast<uintptr_t>(p), n); }
  /// contains() answered from the cache alone: true means inside a region, false means
  /// "ask contains()". Inline in the engines' load/store fast paths, where an out-of-line
  /// call per object field access cost about 45 instructions.
  bool containsCached(const void *p, size_t n) const {
    uintptr_t base;
    size_t size;
    return cachedRegion(p, n, base, size);
  }
  /// containsCached, and on a hit the bounds of the region the cache knows p in.
  bool cachedRegion(const void *p, size_t n, uintptr_t &base, size_t &size) const {
    const uintptr_t a = reinterpret_cast<uintptr_t>(p);
    if (!cache_) return false;
    const CacheEntry *set = &cache_[((a >> kCacheShift) & (kCacheEntries - 1)) * kWays];
    const CacheEntry *e = hit(set[0], a, n) ? &set[0] : hit(set[1], a, n) ? &set[1] : nullptr;
    if (e) base = e->base, size = e->size;
    return e != nullptr;
  }
  bool isBlockStart(const void *p) const { return heapStarts_.contains(reinterpret_cast<uintptr_t>(p)); }
  /// Bytes from p to the end of its region (0 if p is in none).
  size_t bytesAvailable(const void *p) const;
  std::vector<void *> heapBlocks() const;
  /// Up to four blocks a runtime function validated and trusts again without probing (the
  /// map the rt_map_* rows used last): removing or replacing any of them bumps
  /// watchEpoch(), which voids that trust. Other blocks come and go without touching it.
  void watch(const void *a, const void *b, const void *c, const void *d) {
    watched_[0] = reinterpret_cast<uintptr_t>(a), watched_[1] = reinterpret_cast<uintptr_t>(b);
    watched_[2] = reinterpret_cast<uintptr_t>(c), watched_[3] = reinterpret_cast<uintptr_t>(d);
  }
  uint64_t watchEpoch() const { return watchEpoch_; }

private:
  struct Region {
    size_t size;
    bool heap;
  };
  struct CacheEntry {
    uintptr_t base = 0;
    uint32_t size = 0;        // regions of 4 GiB or more are not cached
    uint32_t generation = 0;  // 0: empty (generation_ is never 0)
  };
  // 4096 sets of granules of 64 bytes: a 256 KiB window, enough for a few thousand small
  // objects with the allocator's and the region map's own blocks between them (1024 missed
  // ~17% of the field accesses of a loop over 1,000 objects). Two ways per set, the newest
  // first: objects malloc scattered 256 KiB apart (after a big compile freed its memory)
  // shared one entry and evicted each other on every access (virtual_calls.zia: 493k
  // misses of ~170 instructions each with one way).
  static constexpr unsigned kCacheShift = 6;
  static constexpr size_t kCacheEntries = 4096, kWays = 2;
  bool hit(const CacheEntry &e, uintptr_t a, size_t n) const {
    return e.generation == generation_ && a - e.base <= e.size && e.size - (a - e.base) >= n;
  }
  void forget(uintptr_t base, size_t size);
  bool containsSlow(uintptr_t a, size_t n) const;
  void cacheRegion(uintptr_t a, uintptr_t base, size_t size) const;
  SmallRegionTable small_;              // regions of at most SmallRegionTable::kMaxSize bytes
  std::map<uintptr_t, Region> regions_;  // the larger ones (stacks, big arrays)
  AddressSet heapStarts_;
  mutable std::unique_ptr<CacheEntry[]> cache_;  // allocated on the first miss
  uint32_t generation_ = 1;
  uintptr_t watched_[4] = {};
  uint64_t watchEpoch_ = 1;
};

struct StrHeader;
struct StrChunk;

/// The string heap of one Context. Strings whose block (header + bytes + NUL) fits in
/// 2 KiB come from 64 KiB chunks aligned to their size, one power-of-two block size per
/// chunk; longer ones are single allocations, as are the engines' immortal literals.
/// isLive() answers "is this one of our live strings?" for any integer a program can
/// forge, without touching memory that is not ours: the pointer's chunk base must be a
/// registered chunk (a hash probe on the base, no dereference before it), the offset must
/// be a block start among the blocks handed out so far, and the block's count nonzero;
/// anything else must be an exact registered handle. A freed block keeps a zero count
/// until it is reused (so a released handle fails the check until its block holds a new
/// string, as with malloc's reuse before).
class StringHeap {
public:
  static constexpr uintptr_t kChunkBytes = uintptr_t{1} << 16;
  static constexpr int kMinShift = 5, kMaxShift = 11;  // 32 .. 2048-byte blocks
  static constexpr int kClasses = kMaxShift - kMinShift + 1;

  StringHeap() = default;
  StringHeap(const StringHeap &) = delete;
  StringHeap &operator=(const StringHeap &) = delete;
  ~StringHeap();

  inline bool isLive(const void *p) const;
  void noteExact(const void *p) { exact_.insert(reinterpret_cast<uintptr_t>(p)); }
  void forgetExact(const void *p) {
    const uintptr_t a = reinterpret_cast<uintptr_t>(p);
    for (uintptr_t &r : recent_)
      if (r == a) r = 0;
    exact_.erase(a);
  }
  bool inChunk(const void *p) const { return chunks_.contains(reinterpret_cast<uintptr_t>(p) & ~(kChunkBytes - 1)); }

  // rt_string.cpp: blocks for StrHeaders. `blockBytes` counts header, bytes and NUL.
  /// A block of at least `blockBytes` (<= 2 KiB) from a chunk; null if the system has no memory.
  StrHeader *takeSmall(size_t blockBytes);
  void giveSmall(StrHeader *s);
  /// Usable bytes of the block `s` lives in (header excluded).
  static size_t smallCapacity(const StrHeader *s);
  /// Calls f(s) for every block handed out and not given back (then the heap is emptied).
  template <class F> void drainSmall(F f);
  AddressSet &exact() { return exact_; }

private:
  StrChunk *newChunk(int cls);
  void releaseChunk(StrChunk *c);
  AddressSet chunks_;  // bases of the chunks
  AddressSet exact_;   // long owned strings and immortal ones
  // The last two handles found in exact_ (each still in it: forgetExact clears it here):
  // a loop appending a literal to a long string passes those two on every call.
  mutable uintptr_t recent_[2] = {};
  mutable unsigned recentNext_ = 0;
  StrChunk *partial_[kClasses] = {};  // per block size, the chunks with a free block
  bool spare_[kClasses] = {};         // one empty chunk per size is kept
};

/// At the base of every chunk (its first block(s) are not handed out).
struct StrChunk {
  uint32_t mask;     // block size - 1
  uint32_t first;    // offset of the first block
  uint32_t bump;     // blocks below this offset have been handed out at least once
  uint32_t live;     // blocks handed out now
  int32_t cls;
  bool listed = false;  // in the partial list
  StrHeader *free = nullptr;  // given-back blocks, linked through StrHeader::len
  StrChunk *next = nullptr, *prev = nullptr;
};

inline bool StringHeap::isLive(const void *p) const {
  const uintptr_t a = reinterpret_cast<uintptr_t>(p), base = a & ~(kChunkBytes - 1);
  if (a != 0 && (a == recent_[0] || a == recent_[1])) return true;
  if (base != 0 && chunks_.contains(base)) {
    const StrChunk *c = reinterpret_cast<const StrChunk *>(base);
    const uintptr_t off = a - base;
    // The first field of a StrHeader is its count: zero in a given-back block.
    return (off & c->mask) == 0 && off >= c->first && off < c->bump && *static_cast<const int64_t *>(p) != 0;
  }
  if (!exact_.contains(a)) return false;
  recentNext_ ^= 1;
  recent_[recentNext_] = a;
  return true;
}

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
  bool charge(uint64_t bytes, const char *what) { return tryCharge(bytes) || chargeFailed(bytes, what); }
  bool chargeFailed(uint64_t bytes, const char *what);  // raises charge's trap, returns false
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
  /// handle is an InvalidOperation trap instead of a crash (see StringHeap::isLive).
  bool isString(const void *p) const { return p == nullptr || strings_.isLive(p); }
  /// Immortal strings made elsewhere (the engines' literals and str globals) are
  /// registered here while they exist.
  void noteString(const void *p) { strings_.noteExact(p); }
  void forgetString(const void *p) { strings_.forgetExact(p); }
  /// This run's immortal "" (what an unassigned string-array element reads as); created on
  /// first use, freed with the Context.
  void *emptyString();
  /// Where this run's owned strings live (runtime/rt_string.cpp allocates from it).
  StringHeap &stringHeap() { return strings_; }

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

  /// StringBuilder objects by handle (Viper.Text.StringBuilder.*). A program appends to
  /// one builder many times in a row, so the last one found is remembered (sbRelease
  /// forgets it) and the hash lookup is skipped.
  struct StringBuilder {
    std::unique_ptr<char[]> bytes;
    size_t size = 0, capacity = 0;
    std::string_view view() const { return {bytes.get(), size}; }
  };
  std::unordered_map<void *, std::unique_ptr<StringBuilder>> builders;  // handle = its address
  StringBuilder *lastBuilder = nullptr;

  /// The map the rt_map_* rows validated last (lib_map.cpp) and the header fields that
  /// validation covered. A map is used many times in a row, and its full check costs four
  /// block lookups; while the four blocks stay registered (memory.watchEpoch() unchanged)
  /// and the program has not stored other blocks or sizes into its header, it still holds.
  struct CheckedMap {
    const void *handle = nullptr, *keys = nullptr, *vals = nullptr, *index = nullptr;
    int64_t cap = 0, icap = 0, keyKind = 0, valKind = 0;
    uint64_t epoch = 0;
  };
  CheckedMap lastMap;

  /// Freed blocks of at most kSmallBlockBytes (boxes, mostly), kept for the next small
  /// allocation: a Zia program making and dropping a box per map operation would
  /// otherwise spend a third of its time in malloc and free. Linked through their first
  /// word, at most kMaxSpareBlocks of them (lib_array.cpp).
  static constexpr size_t kSmallBlockBytes = 48;  // a block header (32 bytes) and 16 more
  static constexpr int kMaxSpareBlocks = 4096;
  void *spareBlocks = nullptr;
  int spareCount = 0;

private:
  OutputSink &out_;
  InputSource &in_;
  PendingTrap trap_;
  std::unordered_map<std::string, std::unique_ptr<uint64_t>> moduleVars_;
  StringHeap strings_;
  std::vector<std::string> stringVars_;
};

} // namespace viper::rt
