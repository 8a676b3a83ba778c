// Zia's Map[K, V] (Viper.Collections.Map.New and the rt_map_* helpers): an
// insertion-ordered hash map of keys to values, each a word or a box (see kBoxed).
//
// A map handle is an object block {live, used, cap, keyKind, valKind, keys, vals, icap,
// index}: `keys` and `vals` are object blocks of `cap` 8-byte words or element handles in
// insertion order, the first `used` of them filled (a removed entry is a tombstone: key
// null, or its live flag 0 for word keys); `index` is an open-addressing table of `icap`
// (a power of two) slots {hash, ref}, ref 0 (empty), -1 (deleted) or entry+1. The hash in
// the slot lets a probe skip other keys without reading their entries; an Integer key's
// hash is the key itself, so for word keys a probe reads nothing but the index. Integer
// keys that are close together land in nearby slots, as in CPython and Lua; the probe
// sequence (CPython's: 5s + 1 + perturb) folds the high bits in after a collision, so
// keys that differ only there (multiples of the table size) do not pile up.
// Keys compare and hash as List.Find compares them (lib_list.cpp coll::same: content for
// boxed Integer/Number/Boolean/String, identity otherwise). Like a list, the map owns the
// boxes handed to it and frees them when they are removed or overwritten; every block is
// a runtime object block, so the Context accounts for them and frees them when it dies.
// Entry positions (rt_map_find) are stable until the next Set/Remove/Clear.
#include "runtime/array_access.hpp"
#include "runtime/block_header.hpp"
#include "runtime/box.hpp"
#include "runtime/lib.hpp"
#include <cstring>

namespace viper::rt::lib {
namespace coll {
int64_t boxTagOf(Context &ctx, void *p);
void drop(Context &ctx, void *p);
bool same(Context &ctx, void *x, void *y);
uint64_t hash(Context &ctx, void *p);
/// hash and same for a boxed String key without the box (str: a live string).
uint64_t hashStr(Context &ctx, void *str);
bool isStr(Context &ctx, void *p, void *str);
void *copy(Context &ctx, void *p);
void *newObj(Context &ctx, int64_t tag, int64_t bytes);
void freeObj(Context &ctx, void *p);
void *newList(Context &ctx);
void append(Context &ctx, void *list, void *e);
void appendCopy(Context &ctx, void *list, void *e);
/// Appends an Integer (f64: Number) word to a list of words.
void appendWord(Context &ctx, void *list, bool f64, Slot w);
/// A new box of `tag` holding `w`, or null after an out-of-memory trap.
void *boxWord(Context &ctx, int64_t tag, Slot w);
} // namespace coll

namespace {

constexpr int64_t kMapTag = -120, kMapData = -121;

// What a map's keys and values are stored as (MapHeader::keyKind and valKind). Zia's
// Integer keys and Integer/Boolean/enum/Number values are words, so a Map[Integer,
// Integer] makes no box per entry; everything else is a box the map owns. An empty map
// takes the kinds of the first row that puts an entry into it (as an empty list does).
enum : int64_t { kBoxed = 0, kWordI64 = 1, kWordF64 = 2 };

struct MapHeader {
  int64_t live;     // entries present
  int64_t used;     // entries filled, tombstones included
  int64_t cap;      // room in keys/vals
  int64_t keyKind;  // kBoxed or kWordI64
  int64_t valKind;  // kBoxed, kWordI64 or kWordF64
  // 8-byte slots on every target (a box handle in .p): a word key or value needs all 8.
  Slot *keys;       // boxes, or words followed by one live flag byte per entry (keySlots)
  Slot *vals;
  int64_t icap;     // index slots (0 or a power of two)
  MapIndexSlot *index;
};

// The index slots and their probe sequence are array_access.hpp's, shared with the engines.
constexpr int64_t kIndexSlotWords = sizeof(MapIndexSlot) / 8;

// The keys block's size in slots: word keys have no null to mark a removed entry, so a
// flag byte per entry follows them.
int64_t keySlots(int64_t keyKind, int64_t cap) { return keyKind == kWordI64 ? cap + (cap + 7) / 8 : cap; }

// 0 <= live <= used <= cap, used <= icap, icap 0 or a power of two, known kinds (as
// unsigned compares: a negative count is a huge one).
[[gnu::always_inline]] inline bool sizesOk(const MapHeader *h) {
  const auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
  return u(h->live) <= u(h->used) && u(h->used) <= u(h->cap) && u(h->cap) <= u(INT64_MAX / 2) && u(h->used) <= u(h->icap) &&
         u(h->icap) <= u(INT64_MAX) && (h->icap & (h->icap - 1)) == 0 && u(h->keyKind) <= u(kWordI64) &&
         u(h->valKind) <= u(kWordF64);
}

// sizesOk for a header whose capacities and kinds are the ones checked last time: only the
// counts can have changed.
[[gnu::always_inline]] inline bool countsOk(const MapHeader *h) {
  const auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
  return u(h->live) <= u(h->used) && u(h->used) <= u(h->cap) && u(h->used) <= u(h->icap);
}

// The full check of the handle and its three blocks: what is wrong, or nullptr (and the
// map remembered in ctx.lastMap).
[[gnu::noinline]] const char *mapProblem(Context &ctx, void *p) {
  if (!p) return "null map";
  if (!isObjectOf(ctx, p, kMapTag, sizeof(MapHeader) / 8)) return "not a valid map";
  auto *h = static_cast<MapHeader *>(p);
  if (!sizesOk(h)) return "corrupt map";
  if (h->cap > 0 && (!isObjectOf(ctx, h->keys, kMapData, keySlots(h->keyKind, h->cap)) ||
                     !isObjectOf(ctx, h->vals, kMapData, h->cap)))
    return "corrupt map";
  if (h->icap > 0 && !isObjectOf(ctx, h->index, kMapData, h->icap * kIndexSlotWords))
    return "corrupt map";
  ctx.lastMap = {p, h->keys, h->vals, h->index, h->cap, h->icap, h->keyKind, h->valKind, ctx.memory.watchEpoch()};
  ctx.memory.watch(p, h->keys, h->vals, h->index);
  return nullptr;
}

[[gnu::noinline]] MapHeader *checkMap(Context &ctx, void *p, const char *what) {
  if (const char *why = mapProblem(ctx, p)) {
    ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": " + why);
    return nullptr;
  }
  return static_cast<MapHeader *>(p);
}

// The cached check map() starts with: p is the map checked last and nothing about it
// that the check covered has changed.
inline bool sameAsChecked(const Context &ctx, void *p) {
  const Context::CheckedMap &last = ctx.lastMap;
  auto *h = static_cast<MapHeader *>(p);
  return p && p == last.handle && last.epoch == ctx.memory.watchEpoch() && h->keys == last.keys &&
         h->vals == last.vals && h->index == last.index && h->cap == last.cap && h->icap == last.icap &&
         h->keyKind == last.keyKind && h->valKind == last.valKind && countsOk(h);
}

// The map behind a handle, or nullptr with an InvalidOperation trap raised. The header is
// program-writable memory, so its counts are checked on every call; its blocks are looked
// up again only when they are not the ones checked last time: while the map's four blocks
// stay registered (memory.watchEpoch() unchanged), the same pointers and sizes are still
// good. (The header is read only once the handle is known to be that live map block.)
inline MapHeader *map(Context &ctx, void *p, const char *what) {
  return sameAsChecked(ctx, p) ? static_cast<MapHeader *>(p) : checkMap(ctx, p, what);
}

// An object block comes zeroed (rt_obj_new's blocks do: a large one is calloc's fresh
// pages, which are not written through again here).
void *block(Context &ctx, int64_t slots) { return coll::newObj(ctx, kMapData, slots * 8); }

bool wordKeys(const MapHeader *h) { return h->keyKind == kWordI64; }
uint8_t *liveFlags(const MapHeader *h) { return reinterpret_cast<uint8_t *>(h->keys + h->cap); }
bool alive(const MapHeader *h, int64_t e) { return wordKeys(h) ? liveFlags(h)[e] != 0 : h->keys[e].p != nullptr; }
uint64_t entryHash(Context &ctx, const MapHeader *h, int64_t e) {
  return wordKeys(h) ? keyHashI64(h->keys[e].i) : coll::hash(ctx, h->keys[e].p);
}

// The map, with keys and values stored as `keyKind` / `valKind`: an empty map takes them
// (dropping blocks laid out for other keys), one holding other entries is an
// InvalidOperation trap (IL that mixes the rows), as for lists.
MapHeader *mapOf(Context &ctx, void *p, int64_t keyKind, int64_t valKind, const char *what) {
  MapHeader *h = map(ctx, p, what);
  if (!h || (h->keyKind == keyKind && h->valKind == valKind)) return h;
  if (h->used != 0) {
    ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": the map holds entries of another type");
    return nullptr;
  }
  if (h->keyKind != keyKind) {
    if (h->cap > 0) { coll::freeObj(ctx, h->keys); coll::freeObj(ctx, h->vals); }
    if (h->icap > 0) coll::freeObj(ctx, h->index);
    h->keys = h->vals = nullptr;
    h->index = nullptr;
    h->cap = h->icap = 0;
  }
  h->keyKind = keyKind;
  h->valKind = valKind;
  return h;
}

// The index slot of the entry with hash `hk` that `same` (given an entry position)
// accepts; or (when absent) -1 with `ins` the slot to insert at. At most half the slots
// are ever filled (used <= cap = icap / 2), so a probe meets an empty one; the bound only
// stops a walk through an index the program has overwritten (the probe sequence reaches
// every slot once perturb is 0, after at most 13 steps).
template <class Same> int64_t probeWith(const MapHeader *h, uint64_t hk, int64_t *ins, Same same) {
  if (ins) *ins = -1;
  if (h->icap == 0) return -1;
  MapProbe q(hk, static_cast<uint64_t>(h->icap) - 1);
  for (int64_t n = 0; n < h->icap + 64; ++n, q.next()) {
    const MapIndexSlot &x = h->index[q.s];
    if (x.ref == 0) {
      if (ins && *ins < 0) *ins = static_cast<int64_t>(q.s);
      return -1;
    }
    if (x.ref < 0) {
      if (ins && *ins < 0) *ins = static_cast<int64_t>(q.s);
      continue;
    }
    if (x.hash != hk) continue;
    if (x.ref - 1 >= h->used) return -1;  // corrupt index: treat as absent
    if (same(x.ref - 1)) return static_cast<int64_t>(q.s);
  }
  return -1;
}

// Probes for an Integer key (word keys, or boxed Integer keys).
int64_t probeI64(Context &ctx, const MapHeader *h, int64_t k, int64_t *ins) {
  // The hash is the key, so a slot whose hash matches holds this key.
  static_assert(keyHashI64(-7) == static_cast<uint64_t>(-7));
  if (wordKeys(h)) {
    if (!ins) return h->icap == 0 ? -1 : mapFindWordKey(h->index, static_cast<uint64_t>(h->icap) - 1, h->used, k);
    return probeWith(h, keyHashI64(k), ins, [](int64_t) { return true; });
  }
  return probeWith(h, keyHashI64(k), ins, [&](int64_t e) {
    void *ek = h->keys[e].p;
    return ek && boxTag(ctx, ek) == kBoxI64 && boxPayload(ek).i == k;
  });
}

// Probes a map of boxed keys for a key box whose hash is hk.
int64_t probeBoxed(Context &ctx, const MapHeader *h, void *k, uint64_t hk, int64_t *ins) {
  return probeWith(h, hk, ins, [&](int64_t e) { return h->keys[e].p && coll::same(ctx, h->keys[e].p, k); });
}

// Probes for a key box (the caller's: it is compared, not kept).
int64_t probe(Context &ctx, const MapHeader *h, void *k, int64_t *ins) {
  if (wordKeys(h)) {
    if (ins) *ins = -1;
    return boxTag(ctx, k) == kBoxI64 ? probeI64(ctx, h, boxPayload(k).i, ins) : -1;
  }
  return probeBoxed(ctx, h, k, coll::hash(ctx, k), ins);
}

// The index slot of the live entry at position e (from rt_map_find), or -1.
int64_t slotOfEntry(Context &ctx, const MapHeader *h, int64_t e) {
  if (e < 0 || e >= h->used || !alive(h, e)) return -1;
  int64_t s = wordKeys(h) ? probeI64(ctx, h, h->keys[e].i, nullptr) : probe(ctx, h, h->keys[e].p, nullptr);
  return s >= 0 && h->index[s].ref - 1 == e ? s : -1;
}

// Puts every entry (there are no tombstones) into the map's index, which is all empty.
void indexEntries(Context &ctx, MapHeader *h) {
  const uint64_t mask = static_cast<uint64_t>(h->icap) - 1;
  for (int64_t e = 0; e < h->used; ++e) {
    const uint64_t hk = entryHash(ctx, h, e);
    MapProbe q(hk, mask);
    while (h->index[q.s].ref != 0) q.next();
    h->index[q.s] = {hk, e + 1};
  }
}

// Copies the live entries (dropping tombstones) into new blocks of room for cap entries
// and indexes them: for a map's first blocks, and for one that shrinks.
bool rebuildFresh(Context &ctx, MapHeader *h, int64_t cap) {
  const int64_t icap = cap * 2;
  auto *keys = static_cast<Slot *>(block(ctx, keySlots(h->keyKind, cap)));
  auto *vals = keys ? static_cast<Slot *>(block(ctx, cap)) : nullptr;
  auto *index = vals ? static_cast<MapIndexSlot *>(block(ctx, icap * kIndexSlotWords)) : nullptr;
  if (!index) {
    if (keys) coll::freeObj(ctx, keys);
    if (vals) coll::freeObj(ctx, vals);
    return false;
  }
  int64_t n = 0;
  for (int64_t i = 0; i < h->used; ++i) {
    if (!alive(h, i)) continue;
    keys[n] = h->keys[i];
    vals[n] = h->vals[i];
    if (wordKeys(h)) reinterpret_cast<uint8_t *>(keys + cap)[n] = 1;
    ++n;
  }
  if (h->cap > 0) { coll::freeObj(ctx, h->keys); coll::freeObj(ctx, h->vals); }
  if (h->icap > 0) coll::freeObj(ctx, h->index);
  h->keys = keys;
  h->vals = vals;
  h->index = index;
  h->cap = cap;
  h->icap = icap;
  h->used = h->live = n;
  indexEntries(ctx, h);
  return true;
}

// Moves the live entries down over the tombstones, keeping their order, and clears the
// positions that frees.
void compactEntries(MapHeader *h) {
  const bool words = wordKeys(h);
  uint8_t *live = words ? liveFlags(h) : nullptr;
  int64_t n = 0;
  for (int64_t i = 0; i < h->used; ++i) {
    if (!alive(h, i)) continue;
    if (n != i) {
      h->keys[n] = h->keys[i];
      h->vals[n] = h->vals[i];
      if (words) live[n] = 1;
    }
    ++n;
  }
  for (int64_t i = n; i < h->used; ++i) {
    h->keys[i] = h->vals[i] = slotI(0);
    if (words) live[i] = 0;
  }
  h->used = h->live = n;
}

// Rebuilds the entries (dropping tombstones) and the index with room for `want` entries.
// A map that keeps or grows its room keeps its blocks: the entries are compacted where
// they are and the entry blocks grown with realloc, so a map growing to a million entries
// does not fault in and copy a fresh set of blocks at every doubling (nor at every
// compaction). The index grows the same way and is then cleared and refilled: every key
// moves in it, but its old pages are already mapped (a fresh page costs a fault, about
// 1.2 us here, more than the whole lookup).
bool rebuild(Context &ctx, MapHeader *h, int64_t want) {
  int64_t cap = 8;
  while (cap < want) cap *= 2;
  if (cap > (int64_t{1} << 27)) { ctx.raise(TrapKind::RuntimeError, "map: out of memory"); return false; }
  if (h->cap == 0 || cap < h->cap) return rebuildFresh(ctx, h, cap);
  const int64_t icap = cap * 2;
  MapIndexSlot *index = h->index;
  if (cap > h->cap) {
    // Each grown block is still a good block for the old room, so a failure part way
    // leaves a map that is whole.
    void *grown = growObject(ctx, h->index, icap * kIndexSlotWords * 8, "map");
    if (!grown) return false;
    h->index = index = static_cast<MapIndexSlot *>(grown);
    if (!(grown = growObject(ctx, h->vals, cap * 8, "map"))) return false;
    h->vals = static_cast<Slot *>(grown);
    if (!(grown = growObject(ctx, h->keys, keySlots(h->keyKind, cap) * 8, "map"))) return false;
    h->keys = static_cast<Slot *>(grown);
  }
  compactEntries(h);
  if (cap > h->cap) {
    if (wordKeys(h)) {
      // The live flags follow the keys: move them past the new room (no overlap, as cap
      // is at least twice the old room) and clear where they were.
      auto *bytes = reinterpret_cast<uint8_t *>(h->keys);
      std::memcpy(bytes + cap * 8, bytes + h->cap * 8, static_cast<size_t>(h->cap));
      std::memset(bytes + h->cap * 8, 0, static_cast<size_t>(h->cap));
    }
    h->cap = cap;
    h->icap = icap;
  }
  std::memset(index, 0, static_cast<size_t>(icap) * sizeof(MapIndexSlot));
  indexEntries(ctx, h);
  return true;
}

// Lets go of entry e's key and value (dropping the boxes the map owns); e is then dead.
void clearEntry(Context &ctx, MapHeader *h, int64_t e) {
  if (wordKeys(h)) liveFlags(h)[e] = 0;
  else coll::drop(ctx, h->keys[e].p);
  if (h->valKind == kBoxed) coll::drop(ctx, h->vals[e].p);
  h->keys[e] = h->vals[e] = slotI(0);
}

void removeSlot(Context &ctx, MapHeader *h, int64_t s) {
  clearEntry(ctx, h, h->index[s].ref - 1);
  h->index[s].ref = -1;
  --h->live;
  if (h->live == 0) {  // nothing left: start the entries over
    std::memset(h->index, 0, static_cast<size_t>(h->icap) * sizeof(MapIndexSlot));
    h->used = 0;
  }
}

// The entry position of a live slot.
int64_t entryOf(const MapHeader *h, int64_t s) { return s < 0 ? -1 : h->index[s].ref - 1; }

// A key or value handed to a set row that did not take it: a box is the map's to free.
void dropArg(Context &ctx, int64_t kind, Slot w) {
  if (kind == kBoxed) coll::drop(ctx, w.p);
}

// Set(m, key, value) for keys and values of the given kinds: the map takes a key or value
// box; on an existing key the new key box is freed and the old value replaced (a box of
// it freed).
void set(Context &ctx, const Slot *a, int64_t keyKind, int64_t valKind, const char *what) {
  const Slot k = a[1], v = a[2];
  MapHeader *h = mapOf(ctx, a[0].p, keyKind, valKind, what);
  if (!h) { dropArg(ctx, keyKind, k); dropArg(ctx, valKind, v); return; }
  int64_t ins = -1;
  const uint64_t hk = keyKind == kWordI64 ? keyHashI64(k.i) : coll::hash(ctx, k.p);
  auto probeKey = [&] { return keyKind == kWordI64 ? probeI64(ctx, h, k.i, &ins) : probeBoxed(ctx, h, k.p, hk, &ins); };
  int64_t s = probeKey();
  if (s >= 0) {
    int64_t e = entryOf(h, s);
    if (keyKind == kBoxed && k.p != h->keys[e].p) coll::drop(ctx, k.p);
    if (valKind == kBoxed && v.p != h->vals[e].p) coll::drop(ctx, h->vals[e].p);
    h->vals[e] = v;
    return;
  }
  if (h->used == h->cap || ins < 0) {
    // Full: compact when tombstones are at least half, else grow.
    if (!rebuild(ctx, h, h->live * 2 >= h->used ? h->used + 1 : h->live * 2 + 1)) {
      dropArg(ctx, keyKind, k);
      dropArg(ctx, valKind, v);
      return;
    }
    probeKey();
  }
  h->keys[h->used] = k;
  if (keyKind == kWordI64) liveFlags(h)[h->used] = 1;
  h->vals[h->used] = v;
  h->index[ins] = {hk, ++h->used};
  ++h->live;
}

// The live entry at position e (from rt_map_find), or false with a DomainError raised.
[[gnu::noinline]] bool noEntry(Context &ctx, int64_t e, const char *what) {
  ctx.raise(TrapKind::DomainError, std::string(what) + ": no entry at " + std::to_string(e));
  return false;
}
inline bool entryOk(Context &ctx, const MapHeader *h, int64_t e, const char *what) {
  return (e >= 0 && e < h->used && alive(h, e)) || noEntry(ctx, e, what);
}

[[gnu::noinline]] bool otherKind(Context &ctx, const char *what, const char *part) {
  ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": the map's " + part + " are stored as another type");
  return false;
}
inline bool kindIs(Context &ctx, int64_t kind, int64_t want, const char *what, const char *part) {
  return kind == want || otherKind(ctx, what, part);
}

// Compacts a map with tombstones, so that position i is the i-th entry (rt_map_key_at).
bool compacted(Context &ctx, MapHeader *h) { return h->live == h->used || rebuild(ctx, h, h->cap); }

} // namespace

RT_IMPL(mapNew) {
  r->p = coll::newObj(ctx, kMapTag, sizeof(MapHeader));  // zeroed: an empty map
}
RT_IMPL(mapCount) {
  if (auto *h = map(ctx, a[0].p, "rt_map_count")) r->i = h->live;
}
// The set rows, by what the key and the value are: a box, an i64 word or an f64 word.
RT_IMPL(mapSet) { set(ctx, a, kBoxed, kBoxed, "rt_map_set"); }
RT_IMPL(mapSetI64I64) { set(ctx, a, kWordI64, kWordI64, "rt_map_set_i64_i64"); }
RT_IMPL(mapSetI64F64) { set(ctx, a, kWordI64, kWordF64, "rt_map_set_i64_f64"); }
RT_IMPL(mapSetI64Ptr) { set(ctx, a, kWordI64, kBoxed, "rt_map_set_i64_ptr"); }
RT_IMPL(mapSetPtrI64) { set(ctx, a, kBoxed, kWordI64, "rt_map_set_ptr_i64"); }
RT_IMPL(mapSetPtrF64) { set(ctx, a, kBoxed, kWordF64, "rt_map_set_ptr_f64"); }
// The entry position of the key (-1 when absent); the key box stays the caller's.
RT_IMPL(mapFind) {
  r->i = -1;
  if (auto *h = map(ctx, a[0].p, "rt_map_find")) r->i = entryOf(h, probe(ctx, h, a[1].p, nullptr));
}
// Find with an Integer or a String key, no box: what Zia's Map[Integer, V] and
// Map[String, V] lookups call. The string stays the caller's.
RT_IMPL(mapFindI64) {
  r->i = -1;
  if (auto *h = map(ctx, a[0].p, "rt_map_find_i64")) r->i = entryOf(h, probeI64(ctx, h, a[1].i, nullptr));
}
RT_IMPL(mapFindStr) {
  r->i = -1;
  void *k = a[1].p;
  if (!ctx.isString(k)) { ctx.raise(TrapKind::InvalidOperation, "rt_map_find_str: not a live string"); return; }
  auto *h = map(ctx, a[0].p, "rt_map_find_str");
  if (h && !wordKeys(h))
    r->i = entryOf(h, probeWith(h, coll::hashStr(ctx, k), nullptr, [&](int64_t e) { return h->keys[e].p && coll::isStr(ctx, h->keys[e].p, k); }));
}
RT_IMPL(mapHas) {
  r->i = 0;
  if (auto *h = map(ctx, a[0].p, "rt_map_has")) r->i = probe(ctx, h, a[1].p, nullptr) >= 0;
}
// The value at an entry position from rt_map_find: a box (borrowed) or a word.
RT_IMPL(mapValueAt) {
  r->p = nullptr;
  auto *h = map(ctx, a[0].p, "rt_map_value_at");
  if (h && kindIs(ctx, h->valKind, kBoxed, "rt_map_value_at", "values") && entryOk(ctx, h, a[1].i, "rt_map_value_at"))
    r->p = h->vals[a[1].i].p;
}
RT_IMPL(mapValueAtI64) {
  r->i = 0;
  auto *h = map(ctx, a[0].p, "rt_map_value_at_i64");
  if (h && kindIs(ctx, h->valKind, kWordI64, "rt_map_value_at_i64", "values") && entryOk(ctx, h, a[1].i, "rt_map_value_at_i64"))
    *r = h->vals[a[1].i];
}
RT_IMPL(mapValueAtF64) {
  r->f = 0;
  auto *h = map(ctx, a[0].p, "rt_map_value_at_f64");
  if (h && kindIs(ctx, h->valKind, kWordF64, "rt_map_value_at_f64", "values") && entryOk(ctx, h, a[1].i, "rt_map_value_at_f64"))
    *r = h->vals[a[1].i];
}
// KeyAt(m, i): the key of the i-th entry in insertion order (the map's own box, or the
// Integer), for `for k in m`. A map with tombstones is compacted first (same order), so
// `i` is also the entry position rt_map_value_at reads, and a loop over an unchanged map
// compacts at most once; a loop whose body removes entries sees the later ones move down,
// as a list would.
RT_IMPL(mapKeyAt) {
  r->p = nullptr;
  auto *h = map(ctx, a[0].p, "rt_map_key_at");
  if (h && kindIs(ctx, h->keyKind, kBoxed, "rt_map_key_at", "keys") && compacted(ctx, h) && entryOk(ctx, h, a[1].i, "rt_map_key_at"))
    r->p = h->keys[a[1].i].p;
}
RT_IMPL(mapKeyAtI64) {
  r->i = 0;
  auto *h = map(ctx, a[0].p, "rt_map_key_at_i64");
  if (h && kindIs(ctx, h->keyKind, kWordI64, "rt_map_key_at_i64", "keys") && compacted(ctx, h) &&
      entryOk(ctx, h, a[1].i, "rt_map_key_at_i64"))
    *r = h->keys[a[1].i];
}
// Remove(m, key) -> true when the key was there; the key box stays the caller's.
RT_IMPL(mapRemove) {
  r->i = 0;
  auto *h = map(ctx, a[0].p, "rt_map_remove");
  if (!h) return;
  int64_t s = probe(ctx, h, a[1].p, nullptr);
  if (s < 0) return;
  removeSlot(ctx, h, s);
  r->i = 1;
}
// RemoveAt(m, pos): removes the entry at a position from rt_map_find.
RT_IMPL(mapRemoveAt) {
  auto *h = map(ctx, a[0].p, "rt_map_remove_at");
  if (!h) return;
  int64_t s = slotOfEntry(ctx, h, a[1].i);
  if (s >= 0) removeSlot(ctx, h, s);
  else noEntry(ctx, a[1].i, "rt_map_remove_at");
}
RT_IMPL(mapClear) {
  auto *h = map(ctx, a[0].p, "rt_map_clear");
  if (!h) return;
  for (int64_t i = 0; i < h->used; ++i)
    if (alive(h, i)) clearEntry(ctx, h, i);
  if (h->icap > 0) std::memset(h->index, 0, static_cast<size_t>(h->icap) * sizeof(MapIndexSlot));
  h->used = h->live = 0;
}
// As rt_list_free: the key and value boxes, the data blocks, the map.
RT_IMPL(mapFree) {
  auto *h = map(ctx, a[0].p, "rt_map_free");
  if (!h) return;
  for (int64_t i = 0; i < h->used; ++i)
    if (alive(h, i)) clearEntry(ctx, h, i);
  if (h->cap > 0) { coll::freeObj(ctx, h->keys); coll::freeObj(ctx, h->vals); }
  if (h->icap > 0) coll::freeObj(ctx, h->index);
  coll::freeObj(ctx, a[0].p);
}
namespace {
void snapshot(Context &ctx, const Slot *a, Slot *r, bool values, bool words, const char *what) {
  auto *h = map(ctx, a[0].p, what);
  if (!h) return;
  void *l = coll::newList(ctx);
  if (!l) return;
  const int64_t kind = values ? h->valKind : h->keyKind;
  for (int64_t i = 0; i < h->used && !ctx.trap().active; ++i) {
    if (!alive(h, i)) continue;
    const Slot *from = values ? h->vals : h->keys;
    if (kind != kBoxed) {  // a word: as it is, or in a fresh box
      const Slot w = from[i];
      if (words) { coll::appendWord(ctx, l, kind == kWordF64, w); continue; }
      void *e = coll::boxWord(ctx, kind == kWordF64 ? kBoxF64 : kBoxI64, w);
      if (!e) break;
      coll::append(ctx, l, e);
      continue;
    }
    void *src = from[i].p;
    if (words) { coll::appendCopy(ctx, l, src); continue; }
    void *e = coll::copy(ctx, src);
    if (!e && src) break;
    coll::append(ctx, l, e);
  }
  r->p = l;
}
} // namespace
// Keys(m) / Values(m): a new list of copies (fresh boxes) in insertion order; the _words
// forms (Zia's List[Integer] etc.) a list of the unboxed values.
RT_IMPL(mapKeys) { snapshot(ctx, a, r, false, false, "rt_map_keys"); }
RT_IMPL(mapKeysWords) { snapshot(ctx, a, r, false, true, "rt_map_keys"); }
RT_IMPL(mapValuesWords) { snapshot(ctx, a, r, true, true, "rt_map_values"); }
RT_IMPL(mapValues) { snapshot(ctx, a, r, true, false, "rt_map_values"); }

} // namespace viper::rt::lib

namespace viper::rt {

bool mapWords(Context &ctx, void *p, MapWords &out) {
  using namespace lib;
  if (!sameAsChecked(ctx, p) && mapProblem(ctx, p)) return false;
  auto *h = static_cast<MapHeader *>(p);
  if (!wordKeys(h) || h->icap == 0) return false;
  out = {p, h->index, static_cast<uint64_t>(h->icap) - 1, h->used, liveFlags(h), h->vals, h->valKind == kWordI64};
  return true;
}

} // namespace viper::rt
