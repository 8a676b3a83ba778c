// Per-VM storage a module needs at run time: scalar globals, immortal strings for str
// globals and inline literals, and the table that gives functions stable addresses for
// function pointers. Both engines build one per VM instance (globals are mutable state).
#pragma once
#include "il/module.hpp"
#include "runtime/context.hpp"
#include "runtime/rt_string.hpp"
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace viper::exec {

/// The region alloca carves frames' memory from. Its bytes are not touched until alloca
/// hands them out (zeroed), so a large reservation costs nothing at start-up.
class AllocaStack {
public:
  void reset(size_t bytes) { bytes_.reset(new uint8_t[bytes]); size_ = bytes; }
  uint8_t *data() const { return bytes_.get(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

private:
  std::unique_ptr<uint8_t[]> bytes_;
  size_t size_ = 0;
};

class ModuleMemory {
public:
  ModuleMemory(const il::Module &m, rt::Context &ctx);
  ~ModuleMemory();
  ModuleMemory(const ModuleMemory &) = delete;
  ModuleMemory &operator=(const ModuleMemory &) = delete;

  /// Address of a scalar global's 8-byte cell (gaddr); nullptr if unknown.
  void *scalarAddress(const std::string &name) const;
  /// Immortal handle of a str global (const_str); its bytes serve addr_of.
  rt::Str stringGlobal(const std::string &name) const;
  /// Immortal handle for an inline "literal" operand, shared by equal literals.
  rt::Str literal(const std::string &bytes);

  /// Function pointers are addresses of entries of this table (index = function index).
  const void *functionPointer(size_t index) const { return &fnTable_[index]; }
  /// Function index of a pointer, or -1 if the pointer is not a function.
  int64_t functionIndex(const void *p) const;

private:
  rt::Context &ctx_;
  std::vector<uint64_t> scalars_;
  std::unordered_map<std::string, size_t> scalarIndex_;
  std::unordered_map<std::string, rt::Str> strings_;
  std::unordered_map<std::string, rt::Str> literals_;
  std::vector<uint8_t> fnTable_;
};

} // namespace viper::exec
