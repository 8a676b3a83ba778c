// Direct element access for execution engines (the bytecode VM inlines array get/set, the
// word rows of lists: get, set and append within capacity, and Integer-key map lookups).
#pragma once
#include "runtime/context.hpp"

namespace viper::rt {

/// Element data of a live i64 (f64 = false) or f64 array handle, with its length in
/// `len`; nullptr if `p` is not such an array (the engine then calls the runtime
/// function, which reports the exact trap). The result stays valid until the next
/// runtime call, which may free or resize the array.
void *arrayElements(Context &ctx, void *p, bool f64, int64_t &len);

/// A list handle's block: `count` elements in `data`, room for `cap`; `kind` says what the
/// words are (lib_list.cpp's ElemKind). The runtime's own definition, not a copy.
struct ListWords {
  int64_t count;
  int64_t cap;
  Slot *data;
  int64_t kind;
};

/// The rows an engine inlines: i64 and f64 word lists (get, set, append), and reference
/// lists (get only: rt_list_get hands out the word, borrowed; setting or appending one
/// changes who owns what, which is the runtime's business).
enum class ListRow : uint8_t { I64, F64, Ref };

/// The header of a live list whose words are of `row`'s kind, already checked the way
/// every list row checks it (list block, data block of `cap` words, that kind); nullptr
/// otherwise (the engine then calls the row, which reports the exact trap). The header is
/// program-writable memory and a runtime call may reallocate `data`, so the result is
/// trusted only until the next runtime call or program store. An engine may read
/// elements below `count`; in a word list (which owns nothing through its words) it may
/// also overwrite them and append while count < cap.
ListWords *listWords(Context &ctx, void *p, ListRow row);

/// One slot of a map's open-addressing index (lib_map.cpp): the key's hash (an Integer
/// key's is the key itself) and ref 0 (empty), -1 (deleted) or entry position + 1.
struct MapIndexSlot {
  uint64_t hash;
  int64_t ref;
};

/// The slots a key with hash `hk` probes, in order (CPython's sequence: the first is the
/// home slot, then 5s + 1 + perturb folds the hash's high bits in).
struct MapProbe {
  uint64_t mask, s, perturb;
  MapProbe(uint64_t hk, uint64_t mask) : mask(mask), s(hk & mask), perturb(hk) {}
  void next() {
    perturb >>= 5;
    s = (5 * s + 1 + perturb) & mask;
  }
};

/// The index slot of Integer key k in a word-keyed map's index of mask + 1 slots whose
/// entries below `used` are filled, or -1. At most half of a map's slots are ever
/// filled, so a probe meets an empty one; the bound only ends a walk through an index the
/// program has overwritten (every slot is reached once perturb is 0, within 13 steps).
/// The runtime's find and an engine's inline find are this one function.
inline int64_t mapFindWordKey(const MapIndexSlot *index, uint64_t mask, int64_t used, int64_t k) {
  const uint64_t hk = static_cast<uint64_t>(k);
  MapProbe q(hk, mask);
  for (uint64_t n = 0; n <= mask + 64; ++n, q.next()) {
    const MapIndexSlot &x = index[q.s];
    if (x.ref == 0) return -1;
    if (x.ref < 0 || x.hash != hk) continue;
    return x.ref - 1 < used ? static_cast<int64_t>(q.s) : -1;  // else a corrupt index: absent
  }
  return -1;
}

/// What an engine needs to look up Integer keys of a live map with word keys, checked the
/// way every map row checks the map. Like ListWords, trusted only until the next runtime
/// call or program store: the header is program-writable, and Set or Remove may rebuild
/// the blocks. `live[e]` says whether entry e is present; `valsI64` says whether `vals`
/// holds i64 words (rt_map_value_at_i64 reads them).
struct MapWords {
  const void *handle = nullptr;
  const MapIndexSlot *index = nullptr;
  uint64_t mask = 0;
  int64_t used = 0;
  const uint8_t *live = nullptr;
  const Slot *vals = nullptr;
  bool valsI64 = false;
};

/// Fills `out` for a live map with word (Integer) keys and a non-empty index; false
/// otherwise (the engine then calls the row, which reports any trap itself).
bool mapWords(Context &ctx, void *p, MapWords &out);

} // namespace viper::rt
