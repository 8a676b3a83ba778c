// The header in front of every runtime heap block (arrays, objects, rt_alloc), for the
// runtime's own files and the engines' inline fast paths. A handle points at element 0;
// the header sits just before it. Read it only after ctx.memory.isBlockStart(p) said the
// handle is a live block: a forged handle's "header" is not ours to read.
#pragma once
#include "runtime/context.hpp"
#include <cstdint>

namespace viper::rt {

enum class BlockKind : int32_t { I64, F64, I32, Str, Obj, Raw, Object };

struct alignas(16) BlockHeader {
  int64_t refs;
  int64_t len;  // elements (bytes for Raw/Object)
  BlockKind kind;
  int32_t classId;
};
static_assert(sizeof(BlockHeader) % 16 == 0, "element 0 must stay 16-byte aligned");

inline BlockHeader *blockHeader(void *p) { return static_cast<BlockHeader *>(p) - 1; }

/// The header of `p` if it is a live heap block, else nullptr. Inline because every
/// object, list and map row starts with it: one hash probe, no call.
inline BlockHeader *liveBlock(const Context &ctx, void *p) {
  return p && ctx.memory.isBlockStart(p) ? blockHeader(p) : nullptr;
}

/// True if `p` is a live object block (rt_obj_new_i64) of class `classId` with room for at
/// least `words` 8-byte words. The runtime's own collections (lists, maps) check their
/// blocks with it; a forged word count cannot overflow a division.
inline bool isObjectOf(const Context &ctx, void *p, int64_t classId, int64_t words) {
  const BlockHeader *h = liveBlock(ctx, p);
  return h && h->kind == BlockKind::Object && h->classId == classId && h->len / 8 >= words;
}

} // namespace viper::rt
