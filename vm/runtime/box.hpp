// Boxes (Viper.Core.Box.*): runtime object blocks of 8 bytes whose negative class id says
// what the payload is. Inline because a map compares its key boxes on every probe.
#pragma once
#include "runtime/block_header.hpp"
#include <cstring>

namespace viper::rt {

enum BoxTag : int64_t { kBoxI64 = -101, kBoxF64 = -102, kBoxI1 = -103, kBoxStr = -104 };

/// The tag of a live box, or 0 if `p` is not one (a forged handle is never read).
inline int64_t boxTag(const Context &ctx, void *p) {
  const BlockHeader *b = liveBlock(ctx, p);
  if (!b || b->kind != BlockKind::Object || b->len < 8) return 0;
  return b->classId <= kBoxI64 && b->classId >= kBoxStr ? b->classId : 0;
}

inline Slot boxPayload(const void *p) {
  Slot s;
  std::memcpy(&s, p, 8);
  return s;
}

// The finishing mix of every map key hash, and a key's hash from its payload and tag.
inline uint64_t keyHashMix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}
inline uint64_t keyHashTagged(uint64_t h, int64_t tag) { return keyHashMix(h ^ static_cast<uint64_t>(tag) * 0x9e3779b97f4a7c15ull); }
/// The hash of an Integer key (boxed or not): the key itself, so that nearby keys share
/// cache lines of a map's index (lib_map.cpp's probe sequence copes with the collisions).
constexpr uint64_t keyHashI64(int64_t v) { return static_cast<uint64_t>(v); }

} // namespace viper::rt
