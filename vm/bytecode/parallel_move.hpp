// Block parameters bind in parallel: `br L(%b, %a)` into L(%a, %b) is a swap. This turns
// a set of simultaneous slot assignments into a sequence that has the same effect.
#pragma once
#include <cstdint>
#include <vector>

namespace viper::bc {

/// dst = src, where src is a slot, or (srcIsConst) an index the caller gives meaning to.
struct Move {
  uint32_t dst = 0;
  uint32_t src = 0;
  bool srcIsConst = false;
  bool operator==(const Move &) const = default;
};

/// Orders `moves` (distinct destinations, applied simultaneously) into a sequence of
/// ordinary assignments. A cycle is broken through `scratch`, which must not be any
/// move's destination or source. Moves onto themselves are dropped.
std::vector<Move> sequentializeMoves(std::vector<Move> moves, uint32_t scratch);

} // namespace viper::bc
