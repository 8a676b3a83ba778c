#include "runtime/region_table.hpp"
#include <initializer_list>

namespace viper::rt {

const SmallRegionTable::Entry *SmallRegionTable::find(uintptr_t a, size_t n) const {
  if (!slots_) return nullptr;
  for (uintptr_t g : {granule(a), granule(a) - 1}) {
    for (size_t i = home(g); slots_[i].base; i = (i + 1) & mask_) {
      const Entry &e = slots_[i];
      if (granule(e.base) != g) continue;
      const uintptr_t off = a - e.base;  // wraps to a huge value when a < base
      if (off <= e.size && e.size - off >= n) return &e;
    }
  }
  return nullptr;
}

const SmallRegionTable::Entry *SmallRegionTable::exact(uintptr_t base) const {
  if (!slots_ || base == 0) return nullptr;
  for (size_t i = home(granule(base)); slots_[i].base; i = (i + 1) & mask_)
    if (slots_[i].base == base) return &slots_[i];
  return nullptr;
}

int64_t SmallRegionTable::insert(uintptr_t base, size_t size, bool heap) {
  if ((count_ + 1) * 2 > (slots_ ? mask_ + 1 : 0)) grow();
  const Entry e{base, static_cast<uint32_t>(size), heap ? 1u : 0u};
  size_t i = home(granule(base));
  for (; slots_[i].base; i = (i + 1) & mask_)
    if (slots_[i].base == base) {
      const int64_t old = slots_[i].size;
      slots_[i] = e;
      return old;
    }
  slots_[i] = e;
  ++count_;
  return -1;
}

int64_t SmallRegionTable::erase(uintptr_t base) {
  if (!slots_ || base == 0) return -1;
  size_t i = home(granule(base));
  while (slots_[i].base != base) {
    if (slots_[i].base == 0) return -1;
    i = (i + 1) & mask_;
  }
  const int64_t size = slots_[i].size;
  // Backward-shift deletion: an entry later in the run moves into the hole when its home
  // slot is not between the hole and where it sits, so every run stays unbroken.
  for (size_t j = (i + 1) & mask_; slots_[j].base; j = (j + 1) & mask_) {
    const size_t h = home(granule(slots_[j].base));
    if (((j - h) & mask_) >= ((j - i) & mask_)) {
      slots_[i] = slots_[j];
      i = j;
    }
  }
  slots_[i] = Entry{};
  --count_;
  return size;
}

void SmallRegionTable::grow() {
  const size_t oldCap = slots_ ? mask_ + 1 : 0;
  const size_t cap = oldCap ? oldCap * 2 : 64;
  Entry *old = slots_;
  slots_ = new Entry[cap]();
  mask_ = cap - 1;
  shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(cap));
  count_ = 0;
  for (size_t i = 0; i < oldCap; ++i)
    if (old[i].base) insert(old[i].base, old[i].size, old[i].heap != 0);
  delete[] old;
}

} // namespace viper::rt
