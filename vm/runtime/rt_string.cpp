#include "runtime/rt_string.hpp"
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace viper::rt {

// --- AddressSet ---

void AddressSet::insert(uintptr_t key) {
  if (key == 0 || contains(key)) return;
  if ((count_ + 1) * 2 > (slots_ ? mask_ + 1 : 0)) {
    const size_t cap = slots_ ? (mask_ + 1) * 2 : 16;
    uintptr_t *old = slots_;
    const size_t oldCap = slots_ ? mask_ + 1 : 0;
    slots_ = new uintptr_t[cap]();
    mask_ = cap - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(cap));
    count_ = 0;
    for (size_t i = 0; i < oldCap; ++i)
      if (old[i]) insert(old[i]);
    delete[] old;
  }
  size_t i = home(key);
  while (slots_[i]) i = (i + 1) & mask_;
  slots_[i] = key;
  ++count_;
}

void AddressSet::erase(uintptr_t key) {
  if (!slots_ || key == 0) return;
  size_t i = home(key);
  while (slots_[i] != key) {
    if (slots_[i] == 0) return;
    i = (i + 1) & mask_;
  }
  // Backward-shift deletion: pull later entries of the probe run into the hole when the
  // hole is no farther from their home slot than where they are.
  for (size_t j = (i + 1) & mask_; slots_[j]; j = (j + 1) & mask_) {
    const size_t h = home(slots_[j]);
    if (((j - h) & mask_) >= ((j - i) & mask_)) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = 0;
  --count_;
}

// --- StringHeap: the chunks of small strings ---

namespace {
constexpr uint32_t kChunkHeader = 64;  // StrChunk, rounded up
static_assert(sizeof(StrChunk) <= kChunkHeader);
static_assert(sizeof(StrHeader) == 24, "the memory budget counts a 24-byte header (golden messages)");

int classOf(size_t blockBytes) {
  if (blockBytes <= (size_t{1} << StringHeap::kMinShift)) return 0;
  return (64 - __builtin_clzll(blockBytes - 1)) - StringHeap::kMinShift;
}
StrHeader *nextFree(const StrHeader *s) {
  StrHeader *n;
  std::memcpy(&n, &s->len, sizeof n);
  return n;
}
void setNextFree(StrHeader *s, StrHeader *n) {
  s->len = 0;
  std::memcpy(&s->len, &n, sizeof n);
}
} // namespace

StringHeap::~StringHeap() {
  std::vector<uintptr_t> bases;
  chunks_.forEach([&](uintptr_t b) { bases.push_back(b); });
  for (uintptr_t b : bases) std::free(reinterpret_cast<void *>(b));
}

StrChunk *StringHeap::newChunk(int cls) {
  void *mem = std::aligned_alloc(kChunkBytes, kChunkBytes);
  if (!mem) return nullptr;
  auto *c = new (mem) StrChunk;
  const uint32_t block = uint32_t{1} << (kMinShift + cls);
  c->mask = block - 1;
  c->first = block > kChunkHeader ? block : kChunkHeader;
  c->bump = c->first;
  c->live = 0;
  c->cls = cls;
  chunks_.insert(reinterpret_cast<uintptr_t>(mem));
  return c;
}

void StringHeap::releaseChunk(StrChunk *c) {
  chunks_.erase(reinterpret_cast<uintptr_t>(c));
  c->~StrChunk();
  std::free(c);
}

namespace {
void unlink(StrChunk *&head, StrChunk *c) {
  if (c->prev) c->prev->next = c->next;
  else head = c->next;
  if (c->next) c->next->prev = c->prev;
  c->next = c->prev = nullptr;
  c->listed = false;
}
void pushFront(StrChunk *&head, StrChunk *c) {
  c->prev = nullptr;
  c->next = head;
  if (head) head->prev = c;
  head = c;
  c->listed = true;
}
} // namespace

StrHeader *StringHeap::takeSmall(size_t blockBytes) {
  const int cls = classOf(blockBytes);
  StrChunk *c = partial_[cls];
  if (!c) {
    if (!(c = newChunk(cls))) return nullptr;
    pushFront(partial_[cls], c);
  }
  if (c->live == 0) spare_[cls] = false;  // the kept empty chunk is in use again
  StrHeader *s;
  if (c->free) {
    s = c->free;
    c->free = nextFree(s);
  } else {
    s = reinterpret_cast<StrHeader *>(reinterpret_cast<char *>(c) + c->bump);
    c->bump += c->mask + 1;
  }
  ++c->live;
  if (!c->free && c->bump >= kChunkBytes) unlink(partial_[cls], c);
  return s;
}

void StringHeap::giveSmall(StrHeader *s) {
  auto *c = reinterpret_cast<StrChunk *>(reinterpret_cast<uintptr_t>(s) & ~(kChunkBytes - 1));
  s->refs = 0;  // what isLive reads: not a string any more
  setNextFree(s, c->free);
  c->free = s;
  if (!c->listed) pushFront(partial_[c->cls], c);
  if (--c->live == 0) {
    // Keep one empty chunk per size (a loop that makes and drops one string must not
    // allocate a chunk each time); give the others back to the system.
    if (!spare_[c->cls]) spare_[c->cls] = true;
    else {
      unlink(partial_[c->cls], c);
      releaseChunk(c);
    }
  }
}

size_t StringHeap::smallCapacity(const StrHeader *s) {
  const auto *c = reinterpret_cast<const StrChunk *>(reinterpret_cast<uintptr_t>(s) & ~(kChunkBytes - 1));
  return c->mask + 1 - sizeof(StrHeader);
}

template <class F> void StringHeap::drainSmall(F f) {
  std::vector<uintptr_t> bases;
  chunks_.forEach([&](uintptr_t b) { bases.push_back(b); });
  for (uintptr_t b : bases) {
    auto *c = reinterpret_cast<StrChunk *>(b);
    for (uint32_t off = c->first; off < c->bump; off += c->mask + 1) {
      auto *s = reinterpret_cast<StrHeader *>(b + off);
      if (s->refs != 0) f(s);
    }
    releaseChunk(c);
  }
  for (auto &p : partial_) p = nullptr;
  for (auto &sp : spare_) sp = false;
}

// --- strings ---

bool strLengthTrap(Context &ctx, int64_t len) {
  ctx.raise(TrapKind::DomainError, len < 0 ? "out of memory: negative string length " + std::to_string(len)
                                           : "out of memory: a string of " + std::to_string(len) +
                                                 " bytes is over the limit of " + std::to_string(ctx.maxStringLength) + " bytes");
  return false;
}

namespace {
// What the memory budget counts for a string of `len` bytes (header, bytes, NUL).
uint64_t footprint(int64_t len) { return sizeof(StrHeader) + static_cast<uint64_t>(len) + 1; }
constexpr size_t kSmallMax = size_t{1} << StringHeap::kMaxShift;
constexpr size_t kPrefix = 8;  // a long string's block starts with its capacity

int64_t &longCapacity(Str s) { return *reinterpret_cast<int64_t *>(reinterpret_cast<char *>(s) - kPrefix); }

// A block for `len` bytes with room for `cap` (>= len); the caller has charged it. Null,
// and nothing raised, if the system has no memory. Small strings are charged for their
// length, long ones for their capacity (their length unless Concat gave them room).
Str allocBlock(Context &ctx, int64_t len, int64_t cap) {
  const size_t block = sizeof(StrHeader) + static_cast<size_t>(cap) + 1;
  StringHeap &heap = ctx.stringHeap();
  Str s;
  if (block <= kSmallMax) {
    s = heap.takeSmall(block);
    if (!s) return nullptr;
  } else {
    auto *mem = static_cast<char *>(std::malloc(kPrefix + block));
    if (!mem) return nullptr;
    s = reinterpret_cast<Str>(mem + kPrefix);
    longCapacity(s) = cap;
    heap.noteExact(s);
  }
  s->refs = 1;
  s->len = len;
  s->held = 0;
  s->bytes()[len] = '\0';
  ++ctx.liveStrings;
  return s;
}

void freeString(Context &ctx, Str s) {
  --ctx.liveStrings;
  StringHeap &heap = ctx.stringHeap();
  if (heap.inChunk(s)) {
    ctx.uncharge(footprint(s->len));
    heap.giveSmall(s);
  } else {
    ctx.uncharge(footprint(longCapacity(s)));
    heap.forgetExact(s);
    std::free(reinterpret_cast<char *>(s) - kPrefix);
  }
}
} // namespace

Str strAlloc(Context &ctx, int64_t len) {
  if (!strLengthOk(ctx, len) || !ctx.charge(footprint(len), "a string")) return nullptr;
  Str s = allocBlock(ctx, len, len);
  if (!s) {
    ctx.uncharge(footprint(len));
    ctx.raise(TrapKind::DomainError, "out of memory: cannot allocate a string of " + std::to_string(len) + " bytes");
  }
  return s;
}

// memcpy for the short pieces strings are mostly made of: fixed-size moves that may overlap,
// instead of a call (in WebAssembly, memory.copy is a call out of the module in V8).
static inline void copyBytes(char *dst, const char *src, size_t n) {
  if (n >= 16) {
    std::memcpy(dst, src, n);
  } else if (n >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else if (n > 0) {
    dst[0] = src[0];
    dst[n / 2] = src[n / 2];
    dst[n - 1] = src[n - 1];
  }
}

Str strNew(Context &ctx, std::string_view bytes) {
  Str s = strAlloc(ctx, static_cast<int64_t>(bytes.size()));
  if (s) copyBytes(s->bytes(), bytes.data(), bytes.size());
  return s;
}

Str strConcatConsume(Context &ctx, Str x, Str y) {
  const int64_t lx = strLen(x), ly = strLen(y);
  int64_t total;
  if (__builtin_add_overflow(lx, ly, &total)) total = INT64_MAX;
  // x is the caller's only reference (no array, no other value holds it): append in
  // place when its block has room, else move it to a block with room to grow, so a
  // string built by repeated appends costs amortised linear time.
  if (x && x != y && x->refs == 1 && x->held == 0 && ly > 0 && total <= ctx.maxStringLength) {
    const bool small = ctx.stringHeap().inChunk(x);
    const int64_t cap = small ? static_cast<int64_t>(StringHeap::smallCapacity(x)) - 1 : longCapacity(x);
    if (total <= cap && (!small || ctx.tryCharge(static_cast<uint64_t>(ly)))) {
      copyBytes(x->bytes() + lx, y->bytes(), static_cast<size_t>(ly));
      x->len = total;
      x->bytes()[total] = '\0';
      strReleaseLive(ctx, y);
      return x;
    }
    // Room for half as much again (long strings; short ones round up to their block).
    int64_t want = total + total / 2;
    if (want > ctx.maxStringLength) want = ctx.maxStringLength;
    if (sizeof(StrHeader) + static_cast<uint64_t>(want) + 1 > kSmallMax && ctx.tryCharge(footprint(want))) {
      if (Str out = allocBlock(ctx, total, want)) {
        std::memcpy(out->bytes(), x->bytes(), static_cast<size_t>(lx));
        std::memcpy(out->bytes() + lx, y->bytes(), static_cast<size_t>(ly));
        strReleaseLive(ctx, x);
        strReleaseLive(ctx, y);
        return out;
      }
      ctx.uncharge(footprint(want));
    }
  }
  Str out = strAlloc(ctx, total);
  if (out) {
    if (lx) copyBytes(out->bytes(), x->bytes(), static_cast<size_t>(lx));  // x or y may be null
    if (ly) copyBytes(out->bytes() + lx, y->bytes(), static_cast<size_t>(ly));
  }
  strReleaseLive(ctx, x);
  // x + x consumes two references to one string: the first release may have freed it.
  if (y != x) strReleaseLive(ctx, y);
  else strRelease(ctx, y);
  return out;
}

Str strNewImmortal(std::string_view bytes) {
  auto *s = static_cast<StrHeader *>(std::malloc(sizeof(StrHeader) + bytes.size() + 1));
  if (!s) std::abort();  // load time only: a module's literals always fit
  s->refs = kImmortal;
  s->len = static_cast<int64_t>(bytes.size());
  s->held = 0;
  if (!bytes.empty()) std::memcpy(s->bytes(), bytes.data(), bytes.size());
  s->bytes()[bytes.size()] = '\0';
  return s;
}

void strFreeImmortal(Str s) { std::free(s); }

void strRetain(Str s) {
  if (s && s->refs > 0) ++s->refs;
}

void strReleaseLive(Context &ctx, Str s) {
  // Null and immortal strings are never freed.
  if (!s || s->refs <= 0) return;
  if (s->refs <= s->held) return;  // only arrays hold it: this release is one too many
  if (--s->refs == 0) freeString(ctx, s);
}

void strRelease(Context &ctx, Str s) {
  // An unknown handle (double release, forged) is ignored.
  if (s && ctx.isString(s)) strReleaseLive(ctx, s);
}

bool strProgramOwned(Str s) { return !s || s->refs <= 0 || s->refs > s->held; }

void strHold(Str s) {
  if (s && s->refs > 0) {
    ++s->refs;
    ++s->held;
  }
}

void strDrop(Context &ctx, Str s) {
  if (!s || !ctx.isString(s) || s->refs <= 0) return;
  if (s->held > 0) --s->held;  // a slot filled by `store str` holds a plain reference
  if (--s->refs == 0) freeString(ctx, s);
}

void strFreeRemaining(Context &ctx) {
  // The engines forget their immortal literals when they go, so what is left is owned.
  StringHeap &heap = ctx.stringHeap();
  std::vector<Str> longs;
  heap.exact().forEach([&](uintptr_t p) {
    auto *s = reinterpret_cast<Str>(p);
    if (s->refs > 0) longs.push_back(s);
  });
  for (Str s : longs) freeString(ctx, s);
  heap.drainSmall([&](Str s) {
    --ctx.liveStrings;
    ctx.uncharge(footprint(s->len));
  });
}

} // namespace viper::rt
