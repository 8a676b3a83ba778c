// Small address ranges, found from any address inside them in a few probes: the part of
// MemoryRegions that every box, small object and string literal lands in. An ordered map
// costs a tree walk and a node allocation per block; this is one flat array.
#pragma once
#include <cstddef>
#include <cstdint>

namespace viper::rt {

/// Ranges of at most kMaxSize bytes, in an open-addressing table keyed by the 256-byte
/// granule a range starts in. A range that small covers at most two granules, so the one
/// holding an address starts in that address's granule or the one before: two probe runs.
/// Several ranges may share a granule; linear probing keeps them in one run.
class SmallRegionTable {
public:
  static constexpr unsigned kGranuleShift = 8;
  static constexpr size_t kMaxSize = size_t{1} << kGranuleShift;
  struct Entry {
    uintptr_t base = 0;  ///< 0 = empty slot
    uint32_t size = 0;
    uint32_t heap = 0;   ///< a runtime heap block (MemoryRegions::add's heapBlock)
  };

  SmallRegionTable() = default;
  SmallRegionTable(const SmallRegionTable &) = delete;
  SmallRegionTable &operator=(const SmallRegionTable &) = delete;
  ~SmallRegionTable() { delete[] slots_; }

  /// The range holding [a, a+n) (n = 0: a may be one past its end), or nullptr.
  const Entry *find(uintptr_t a, size_t n) const;
  /// The range starting exactly at base, or nullptr.
  const Entry *exact(uintptr_t base) const;
  /// Adds the range at base (nonzero; size at most kMaxSize), replacing one that starts
  /// there; returns the replaced range's size, or -1.
  int64_t insert(uintptr_t base, size_t size, bool heap);
  /// Removes the range starting at base; returns its size, or -1 if there is none.
  int64_t erase(uintptr_t base);
  size_t size() const { return count_; }
  /// Calls f(entry) for every range (the table must not change meanwhile).
  template <class F> void forEach(F f) const {
    for (size_t i = 0; slots_ && i <= mask_; ++i)
      if (slots_[i].base) f(slots_[i]);
  }

private:
  static uintptr_t granule(uintptr_t a) { return a >> kGranuleShift; }
  size_t home(uintptr_t g) const { return static_cast<size_t>((g * 0x9E3779B97F4A7C15ull) >> shift_); }
  void grow();

  Entry *slots_ = nullptr;
  size_t mask_ = 0, count_ = 0;
  unsigned shift_ = 64;
};

} // namespace viper::rt
