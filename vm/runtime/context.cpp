#include "runtime/context.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"

namespace viper::rt {

std::string_view trapKindName(TrapKind k) {
  switch (k) {
  case TrapKind::DivideByZero: return "DivideByZero";
  case TrapKind::Overflow: return "Overflow";
  case TrapKind::InvalidCast: return "InvalidCast";
  case TrapKind::DomainError: return "DomainError";
  case TrapKind::Bounds: return "Bounds";
  case TrapKind::FileNotFound: return "FileNotFound";
  case TrapKind::EndOfFile: return "EOF";
  case TrapKind::IOError: return "IOError";
  case TrapKind::InvalidOperation: return "InvalidOperation";
  case TrapKind::RuntimeError: return "RuntimeError";
  case TrapKind::Interrupt: return "Interrupt";
  case TrapKind::NetworkError: return "NetworkError";
  }
  return "RuntimeError";
}

TrapKind trapKindFromErrorCode(int64_t code) {
  switch (code) {
  case 1: return TrapKind::FileNotFound;
  case 2: return TrapKind::EndOfFile;
  case 3: return TrapKind::IOError;
  case 4: return TrapKind::Overflow;
  case 5: return TrapKind::InvalidCast;
  case 6: return TrapKind::DomainError;
  case 7: return TrapKind::Bounds;
  case 8: return TrapKind::InvalidOperation;
  case 9: return TrapKind::RuntimeError;
  default: return code >= 10 && code <= 19 ? TrapKind::NetworkError : TrapKind::RuntimeError;
  }
}

bool Context::chargeFailed(uint64_t bytes, const char *what) {
  // (Not the bytes in use: the engines' own frames count too, so that differs by engine.)
  raise(TrapKind::DomainError, std::string("out of memory: ") + what + " needs " + std::to_string(bytes) +
                                   " bytes; the run's memory limit is " + std::to_string(memoryLimit) + " bytes");
  return false;
}

bool StringSource::readLine(std::string &line) {
  if (pos_ >= text_.size()) return false;
  size_t nl = text_.find('\n', pos_);
  size_t end = nl == std::string::npos ? text_.size() : nl;
  line.assign(text_, pos_, end - pos_);
  pos_ = nl == std::string::npos ? text_.size() : nl + 1;
  return true;
}

void MemoryRegions::add(const void *base, size_t size, bool heapBlock) {
  const uintptr_t key = reinterpret_cast<uintptr_t>(base);
  // A region already at `key` is replaced; its cached size may be stale.
  auto dropLarge = [&] {
    if (regions_.empty()) return;
    if (auto it = regions_.find(key); it != regions_.end()) {
      forget(key, it->second.size);
      regions_.erase(it);
    }
  };
  if (key != 0 && size <= SmallRegionTable::kMaxSize) {
    if (int64_t old = small_.insert(key, size, heapBlock); old >= 0) forget(key, static_cast<size_t>(old));
    else dropLarge();
  } else {
    if (int64_t old = small_.erase(key); old >= 0) forget(key, static_cast<size_t>(old));
    dropLarge();
    regions_.emplace(key, Region{size, heapBlock});
  }
  if (heapBlock) heapStarts_.insert(key);
  else heapStarts_.erase(key);
}
void MemoryRegions::remove(const void *base) {
  const uintptr_t key = reinterpret_cast<uintptr_t>(base);
  if (int64_t old = small_.erase(key); old >= 0) {
    forget(key, static_cast<size_t>(old));
  } else if (auto it = regions_.find(key); it != regions_.end()) {
    forget(key, it->second.size);
    regions_.erase(it);
  }
  heapStarts_.erase(key);
}

void MemoryRegions::forget(uintptr_t base, size_t size) {
  if (base == watched_[0] || base == watched_[1] || base == watched_[2] || base == watched_[3]) ++watchEpoch_;
  if (!cache_) return;
  const uintptr_t first = base >> kCacheShift, last = (base + size) >> kCacheShift;
  if (last - first + 1 >= kCacheEntries) {
    if (++generation_ == 0) {  // wrapped: old entries would look current again
      for (size_t i = 0; i < kCacheEntries * kWays; ++i) cache_[i] = CacheEntry{};
      generation_ = 1;
    }
    return;
  }
  for (uintptr_t g = first; g <= last; ++g) {
    CacheEntry *set = &cache_[(g & (kCacheEntries - 1)) * kWays];
    for (size_t w = 0; w < kWays; ++w)
      if (set[w].base == base) set[w].generation = 0;
  }
}

bool MemoryRegions::containsSlow(uintptr_t a, size_t n) const {
  if (const auto *e = small_.find(a, n)) {
    cacheRegion(a, e->base, e->size);
    return true;
  }
  auto it = regions_.upper_bound(a);
  if (it == regions_.begin()) return false;
  --it;
  const size_t off = a - it->first;
  if (off > it->second.size || it->second.size - off < n) return false;
  if (it->second.size <= UINT32_MAX) cacheRegion(a, it->first, it->second.size);
  return true;
}

void MemoryRegions::cacheRegion(uintptr_t a, uintptr_t base, size_t size) const {
  if (!cache_) cache_ = std::make_unique<CacheEntry[]>(kCacheEntries * kWays);
  CacheEntry *set = &cache_[((a >> kCacheShift) & (kCacheEntries - 1)) * kWays];
  set[1] = set[0];  // the older way is the one given up
  set[0] = {base, static_cast<uint32_t>(size), generation_};
}

size_t MemoryRegions::bytesAvailable(const void *p) const {
  // Only a region holding the byte at p has bytes to give; one that ends at p has none,
  // and must not hide a neighbour that starts there.
  uintptr_t a = reinterpret_cast<uintptr_t>(p);
  if (const auto *e = small_.find(a, 1)) return e->size - (a - e->base);
  auto it = regions_.upper_bound(a);
  if (it == regions_.begin()) return 0;
  --it;
  size_t off = a - it->first;
  return off < it->second.size ? it->second.size - off : 0;
}

std::vector<void *> MemoryRegions::heapBlocks() const {
  std::vector<void *> out;
  small_.forEach([&](const SmallRegionTable::Entry &e) { if (e.heap) out.push_back(reinterpret_cast<void *>(e.base)); });
  for (const auto &[base, r] : regions_)
    if (r.heap) out.push_back(reinterpret_cast<void *>(base));
  return out;
}

Context::~Context() {
  for (const auto &name : stringVars_) strRelease(*this, *reinterpret_cast<Str *>(moduleVars_[name].get()));
  lib::freeAllHeapBlocks(*this);
  strFreeRemaining(*this);  // after the arrays, which release the strings they hold
  if (empty_) {
    forgetString(empty_);
    strFreeImmortal(static_cast<Str>(empty_));
  }
}

void *Context::emptyString() {
  if (!empty_) {
    empty_ = strNewImmortal("");
    noteString(empty_);
  }
  return empty_;
}

void Context::raise(TrapKind kind, std::string message, int32_t code) {
  if (trap_.active) return;  // the first failure wins
  trap_.active = true;
  trap_.kind = kind;
  trap_.code = code;
  trap_.message = std::move(message);
}

void Context::requestExit(int64_t code) {
  if (trap_.active) return;  // a failure already pending wins
  trap_.active = true;
  trap_.exit = true;
  trap_.exitCode = code;
}

void *Context::moduleVar(const std::string &name, bool holdsString) {
  auto &slot = moduleVars_[name];
  if (!slot) {
    slot = std::make_unique<uint64_t>(0);
    memory.add(slot.get(), sizeof(uint64_t));
    if (holdsString) stringVars_.push_back(name);
  }
  return slot.get();
}

} // namespace viper::rt
