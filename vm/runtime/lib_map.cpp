// Zia's Map[K, V] (Viper.Collections.Map.New and the rt_map_* helpers): an
// insertion-ordered hash map of boxed keys to boxed values.
//
// A map handle is an object block {live, used, cap, keys, vals, icap, index}: `keys` and
// `vals` are object blocks of `cap` element handles in insertion order, the first `used`
// of them filled (a removed entry is a tombstone: key null); `index` is an open-addressing
// table of `icap` (a power of two) i64 slots, each 0 (empty), -1 (deleted) or entry+1.
// Keys compare and hash as List.Find compares them (lib_list.cpp coll::same: content for
// boxed Integer/Number/Boolean/String, identity otherwise). Like a list, the map owns the
// boxes handed to it and frees them when they are removed or overwritten; every block is
// a runtime object block, so the Context accounts for them and frees them when it dies.
// Entry positions (rt_map_find) are stable until the next Set/Remove/Clear.
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
} // namespace coll

namespace {

constexpr int64_t kMapTag = -120, kMapData = -121;

struct MapHeader {
  int64_t live;   // entries present
  int64_t used;   // entries filled, tombstones included
  int64_t cap;    // room in keys/vals
  void **keys;
  void **vals;
  int64_t icap;   // index slots (0 or a power of two)
  int64_t *index;
};

// 0 <= live <= used <= cap, used <= icap, icap 0 or a power of two (as unsigned compares:
// a negative count is a huge one).
[[gnu::always_inline]] inline bool sizesOk(const MapHeader *h) {
  const auto u = [](int64_t v) { return static_cast<uint64_t>(v); };
  return u(h->live) <= u(h->used) && u(h->used) <= u(h->cap) && u(h->cap) <= u(INT64_MAX) && u(h->used) <= u(h->icap) &&
         u(h->icap) <= u(INT64_MAX) && (h->icap & (h->icap - 1)) == 0;
}

// The full check: the handle and its three blocks, then remembered in ctx.lastMap.
[[gnu::noinline]] MapHeader *checkMap(Context &ctx, void *p, const char *what) {
  auto bad = [&](const char *why) {
    ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": " + why);
    return nullptr;
  };
  if (!p) return bad("null map");
  if (!isObjectOf(ctx, p, kMapTag, sizeof(MapHeader) / 8)) return bad("not a valid map");
  auto *h = static_cast<MapHeader *>(p);
  if (!sizesOk(h)) return bad("corrupt map");
  if (h->cap > 0 && (!isObjectOf(ctx, h->keys, kMapData, h->cap) || !isObjectOf(ctx, h->vals, kMapData, h->cap)))
    return bad("corrupt map");
  if (h->icap > 0 && !isObjectOf(ctx, h->index, kMapData, h->icap))
    return bad("corrupt map");
  ctx.lastMap = {p, h->keys, h->vals, h->index, h->cap, h->icap, ctx.memory.watchEpoch()};
  ctx.memory.watch(p, h->keys, h->vals, h->index);
  return h;
}

// The map behind a handle, or nullptr with an InvalidOperation trap raised. The header is
// program-writable memory, so its counts are checked on every call; its blocks are looked
// up again only when they are not the ones checked last time: while the map's four blocks
// stay registered (memory.watchEpoch() unchanged), the same pointers and sizes are still
// good. (The header is read only once the handle is known to be that live map block.)
inline MapHeader *map(Context &ctx, void *p, const char *what) {
  const Context::CheckedMap &last = ctx.lastMap;
  auto *h = static_cast<MapHeader *>(p);
  if (p && p == last.handle && last.epoch == ctx.memory.watchEpoch() && h->keys == last.keys &&
      h->vals == last.vals && h->index == last.index && h->cap == last.cap && h->icap == last.icap && sizesOk(h))
    return h;
  return checkMap(ctx, p, what);
}

void *block(Context &ctx, int64_t slots) {
  void *p = coll::newObj(ctx, kMapData, slots * 8);
  if (p) std::memset(p, 0, static_cast<size_t>(slots) * 8);
  return p;
}

// The index slot holding the key that `same` accepts (its hash is `hk`), or (when absent)
// -1 with `ins` the slot to insert at.
template <class Same> int64_t probeWith(MapHeader *h, uint64_t hk, int64_t *ins, Same same) {
  if (ins) *ins = -1;
  if (h->icap == 0) return -1;
  const uint64_t mask = static_cast<uint64_t>(h->icap) - 1;
  uint64_t s = hk & mask;
  for (int64_t n = 0; n < h->icap; ++n, s = (s + 1) & mask) {
    int64_t e = h->index[s];
    if (e == 0) {
      if (ins && *ins < 0) *ins = static_cast<int64_t>(s);
      return -1;
    }
    if (e < 0) {
      if (ins && *ins < 0) *ins = static_cast<int64_t>(s);
      continue;
    }
    if (e - 1 >= h->used) return -1;  // corrupt index: treat as absent
    void *ek = h->keys[e - 1];
    if (ek && same(ek)) return static_cast<int64_t>(s);
  }
  return -1;
}

int64_t probe(Context &ctx, MapHeader *h, void *k, uint64_t hk, int64_t *ins) {
  return probeWith(h, hk, ins, [&](void *ek) { return coll::same(ctx, ek, k); });
}

// Rebuilds the entries (dropping tombstones) and the index with room for `want` entries.
bool rebuild(Context &ctx, MapHeader *h, int64_t want) {
  int64_t cap = 8;
  while (cap < want) cap *= 2;
  if (cap > (int64_t{1} << 27)) { ctx.raise(TrapKind::RuntimeError, "map: out of memory"); return false; }
  int64_t icap = cap * 2;
  auto *keys = static_cast<void **>(block(ctx, cap));
  auto *vals = keys ? static_cast<void **>(block(ctx, cap)) : nullptr;
  auto *index = vals ? static_cast<int64_t *>(block(ctx, icap)) : nullptr;
  if (!index) {
    if (keys) coll::freeObj(ctx, keys);
    if (vals) coll::freeObj(ctx, vals);
    return false;
  }
  int64_t n = 0;
  const uint64_t mask = static_cast<uint64_t>(icap) - 1;
  for (int64_t i = 0; i < h->used; ++i) {
    if (!h->keys[i]) continue;
    keys[n] = h->keys[i];
    vals[n] = h->vals[i];
    uint64_t s = coll::hash(ctx, keys[n]) & mask;
    while (index[s] != 0) s = (s + 1) & mask;
    index[s] = n + 1;
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
  return true;
}

void removeSlot(Context &ctx, MapHeader *h, int64_t s) {
  int64_t e = h->index[s] - 1;
  coll::drop(ctx, h->keys[e]);
  coll::drop(ctx, h->vals[e]);
  h->keys[e] = h->vals[e] = nullptr;
  h->index[s] = -1;
  --h->live;
  if (h->live == 0) {  // nothing left: start the entries over
    std::memset(h->index, 0, static_cast<size_t>(h->icap) * 8);
    h->used = 0;
  }
}

// The entry position of a live slot.
int64_t entryOf(const MapHeader *h, int64_t s) { return s < 0 ? -1 : h->index[s] - 1; }

} // namespace

RT_IMPL(mapNew) {
  void *p = coll::newObj(ctx, kMapTag, sizeof(MapHeader));
  if (p) std::memset(p, 0, sizeof(MapHeader));
  r->p = p;
}
RT_IMPL(mapCount) {
  if (auto *h = map(ctx, a[0].p, "rt_map_count")) r->i = h->live;
}
// Set(m, key, value): the map takes both boxes; on an existing key the new key box is
// freed and the old value replaced (freed).
RT_IMPL(mapSet) {
  void *k = a[1].p, *v = a[2].p;
  auto *h = map(ctx, a[0].p, "rt_map_set");
  if (!h) { coll::drop(ctx, k); coll::drop(ctx, v); return; }
  uint64_t hk = coll::hash(ctx, k);
  int64_t ins = -1;
  int64_t s = probe(ctx, h, k, hk, &ins);
  if (s >= 0) {
    int64_t e = entryOf(h, s);
    if (k != h->keys[e]) coll::drop(ctx, k);
    if (v != h->vals[e]) coll::drop(ctx, h->vals[e]);
    h->vals[e] = v;
    return;
  }
  if (h->used == h->cap || ins < 0) {
    // Full: compact when tombstones are at least half, else grow.
    if (!rebuild(ctx, h, h->live * 2 >= h->used ? h->used + 1 : h->live * 2 + 1)) { coll::drop(ctx, k); coll::drop(ctx, v); return; }
    probe(ctx, h, k, hk, &ins);
  }
  h->keys[h->used] = k;
  h->vals[h->used] = v;
  h->index[ins] = ++h->used;
  ++h->live;
}
// The entry position of the key (-1 when absent); the key box stays the caller's.
RT_IMPL(mapFind) {
  r->i = -1;
  if (auto *h = map(ctx, a[0].p, "rt_map_find")) r->i = entryOf(h, probe(ctx, h, a[1].p, coll::hash(ctx, a[1].p), nullptr));
}
// Find with an Integer or a String key, no box: what Zia's Map[Integer, V] and
// Map[String, V] lookups call. The string stays the caller's.
RT_IMPL(mapFindI64) {
  r->i = -1;
  const int64_t k = a[1].i;
  if (auto *h = map(ctx, a[0].p, "rt_map_find_i64"))
    r->i = entryOf(h, probeWith(h, keyHashI64(k), nullptr,
                                [&](void *ek) { return boxTag(ctx, ek) == kBoxI64 && boxPayload(ek).i == k; }));
}
RT_IMPL(mapFindStr) {
  r->i = -1;
  void *k = a[1].p;
  if (!ctx.isString(k)) { ctx.raise(TrapKind::InvalidOperation, "rt_map_find_str: not a live string"); return; }
  if (auto *h = map(ctx, a[0].p, "rt_map_find_str"))
    r->i = entryOf(h, probeWith(h, coll::hashStr(ctx, k), nullptr, [&](void *ek) { return coll::isStr(ctx, ek, k); }));
}
RT_IMPL(mapHas) {
  r->i = 0;
  if (auto *h = map(ctx, a[0].p, "rt_map_has")) r->i = probe(ctx, h, a[1].p, coll::hash(ctx, a[1].p), nullptr) >= 0;
}
// The value at an entry position from rt_map_find (borrowed).
RT_IMPL(mapValueAt) {
  r->p = nullptr;
  auto *h = map(ctx, a[0].p, "rt_map_value_at");
  if (!h) return;
  if (a[1].i < 0 || a[1].i >= h->used || !h->keys[a[1].i]) {
    ctx.raise(TrapKind::DomainError, "rt_map_value_at: no entry at " + std::to_string(a[1].i));
    return;
  }
  r->p = h->vals[a[1].i];
}
// Remove(m, key) -> true when the key was there; the key box stays the caller's.
// KeyAt(m, i): the key box of the i-th entry in insertion order (the map's own box), for
// `for k in m`. A map with tombstones is compacted first (same order), so `i` is also the
// entry position rt_map_value_at reads, and a loop over an unchanged map compacts at most
// once; a loop whose body removes entries sees the later ones move down, as a list would.
RT_IMPL(mapKeyAt) {
  r->p = nullptr;
  auto *h = map(ctx, a[0].p, "rt_map_key_at");
  if (!h) return;
  if (h->live != h->used && !rebuild(ctx, h, h->cap)) return;
  if (a[1].i < 0 || a[1].i >= h->used) {
    ctx.raise(TrapKind::DomainError, "rt_map_key_at: no entry at " + std::to_string(a[1].i));
    return;
  }
  r->p = h->keys[a[1].i];
}
RT_IMPL(mapRemove) {
  r->i = 0;
  auto *h = map(ctx, a[0].p, "rt_map_remove");
  if (!h) return;
  int64_t s = probe(ctx, h, a[1].p, coll::hash(ctx, a[1].p), nullptr);
  if (s < 0) return;
  removeSlot(ctx, h, s);
  r->i = 1;
}
// RemoveAt(m, pos): removes the entry at a position from rt_map_find.
RT_IMPL(mapRemoveAt) {
  auto *h = map(ctx, a[0].p, "rt_map_remove_at");
  if (!h) return;
  int64_t e = a[1].i;
  int64_t s = e >= 0 && e < h->used && h->keys[e] ? probe(ctx, h, h->keys[e], coll::hash(ctx, h->keys[e]), nullptr) : -1;
  if (s < 0 || entryOf(h, s) != e) {
    ctx.raise(TrapKind::DomainError, "rt_map_remove_at: no entry at " + std::to_string(e));
    return;
  }
  removeSlot(ctx, h, s);
}
RT_IMPL(mapClear) {
  auto *h = map(ctx, a[0].p, "rt_map_clear");
  if (!h) return;
  for (int64_t i = 0; i < h->used; ++i) {
    if (!h->keys[i]) continue;
    coll::drop(ctx, h->keys[i]);
    coll::drop(ctx, h->vals[i]);
    h->keys[i] = h->vals[i] = nullptr;
  }
  if (h->icap > 0) std::memset(h->index, 0, static_cast<size_t>(h->icap) * 8);
  h->used = h->live = 0;
}
// As rt_list_free: the key and value boxes, the data blocks, the map.
RT_IMPL(mapFree) {
  auto *h = map(ctx, a[0].p, "rt_map_free");
  if (!h) return;
  for (int64_t i = 0; i < h->used; ++i) {
    if (!h->keys[i]) continue;
    coll::drop(ctx, h->keys[i]);
    coll::drop(ctx, h->vals[i]);
  }
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
  for (int64_t i = 0; i < h->used && !ctx.trap().active; ++i) {
    if (!h->keys[i]) continue;
    void *src = values ? h->vals[i] : h->keys[i];
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
