// A growable array of trivially copyable records that starts out all zero bytes. It comes
// from calloc, so a large one is fresh zero pages the kernel maps in on first touch: a VM
// that reserves room for 100,000 frames or 65,536 registers pays for the ones it uses,
// not for writing zeros through all of them at start-up.
#pragma once
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace viper::exec {

template <class T> class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T>, "records are moved with realloc");

public:
  ZeroedArray() = default;
  ZeroedArray(const ZeroedArray &) = delete;
  ZeroedArray &operator=(const ZeroedArray &) = delete;
  ~ZeroedArray() { std::free(data_); }

  /// n zeroed records, dropping the old ones; false (and empty) if there is no memory.
  bool reset(size_t n) {
    std::free(data_);
    data_ = static_cast<T *>(std::calloc(n, sizeof(T)));
    size_ = data_ ? n : 0;
    return data_ != nullptr;
  }
  /// Grows to n records (n >= size()), the new ones zeroed; false (unchanged) if there
  /// is no memory.
  bool grow(size_t n) {
    if (n <= size_) return true;
    void *p = std::realloc(data_, n * sizeof(T));
    if (!p) return false;
    data_ = static_cast<T *>(p);
    std::memset(static_cast<void *>(data_ + size_), 0, (n - size_) * sizeof(T));
    size_ = n;
    return true;
  }

  T *data() const { return data_; }
  size_t size() const { return size_; }
  T &operator[](size_t i) const { return data_[i]; }

private:
  T *data_ = nullptr;
  size_t size_ = 0;
};

} // namespace viper::exec
