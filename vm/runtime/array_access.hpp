// Direct element access for execution engines (the bytecode VM inlines array get/set and
// the word rows of lists: get, set and append within capacity).
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

} // namespace viper::rt
