// Frame slots for SSA values: liveness over the IL's control flow, one live interval per
// value over the blocks in layout order, and a linear scan that gives slots of dead values
// to new ones. Parameters arrive in slots 0..n-1 (the caller's call window).
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
};

struct SlotAssignment {
  std::vector<int32_t> slot;          ///< per temp: frame slot, or -1 if the temp never appears
  uint32_t window = 0;                ///< first call-window slot (one past every allocated slot)
};

/// Live interval of every temp over the layout positions (block start, then one position
/// per instruction): {lo, hi}, or {-1, -1} for a temp that is never defined or used.
std::vector<std::pair<int32_t, int32_t>> liveIntervals(const il::Function &fn);

SlotAssignment assignSlots(const il::Function &fn, const SlotRequest &req);

} // namespace viper::bc
