// Frame slots for SSA values. Liveness over the IL's control flow gives every value its
// live segments (per block, in layout order); values joined by block-parameter edges are
// merged when their segments never overlap, so most edges need no move; then each group
// takes the lowest slot whose occupants it never overlaps. Parameters arrive in slots
// 0..n-1 (the caller's call window).
#pragma once
#include "il/module.hpp"
#include <cstdint>
#include <vector>

namespace viper::bc {

struct SlotRequest {
  bool reuse = true;                  ///< false: every value gets its own slot (EH functions)
  uint32_t firstFree = 0;             ///< slots below this (params, scratch) are reserved
  /// Per temp: -1 to allocate, or k >= 0 to place the value in call-window slot k (the
  /// caller computes it straight into the callee's argument position).
  std::vector<int32_t> windowArg;
  uint32_t extraSlots = 0;            ///< slots to reserve between the values and the window
  /// Per block: index of a compare the block's cbr performs itself (fused), or -1. Its
  /// operands are read at the cbr and its result needs no slot.
  std::vector<int32_t> fusedCompare;
};

struct SlotAssignment {
  std::vector<int32_t> slot;          ///< per temp: frame slot, or -1 if the temp never appears
  uint32_t extraBase = 0;             ///< first of the SlotRequest::extraSlots
  uint32_t window = 0;                ///< first call-window slot (one past everything else)
};

/// A stretch of layout positions where a value is live (inclusive). Each block has a
/// start position and one per instruction; operands are read at 2*pos and results
/// written at 2*pos+1, so a value may hand its slot to the result of its last user.
struct Segment {
  int32_t lo, hi;
};

/// Live segments of every temp, sorted and disjoint.
std::vector<std::vector<Segment>> liveSegments(const il::Function &fn, const std::vector<int32_t> &fusedCompare = {});

SlotAssignment assignSlots(const il::Function &fn, const SlotRequest &req);

} // namespace viper::bc
