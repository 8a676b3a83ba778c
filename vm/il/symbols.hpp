// Name -> declaration lookups over a module, built once: a stage that resolves every call
// and global reference (parser, verifier, printer) would otherwise scan the module's
// lists per reference, quadratic in a module with 40,000 globals or functions.
#pragma once
#include "il/module.hpp"
#include <string_view>
#include <unordered_map>

namespace viper::il {

/// Valid while the module's function, extern and global lists and names are unchanged.
/// The first declaration of a name wins, as Module::find* do.
class SymbolIndex {
public:
  explicit SymbolIndex(const Module &m) {
    functions_.reserve(m.functions.size());
    for (const auto &f : m.functions) functions_.emplace(f.name, &f);
    externs_.reserve(m.externs.size());
    for (const auto &e : m.externs) externs_.emplace(e.name, &e);
    globals_.reserve(m.globals.size());
    for (const auto &g : m.globals) globals_.emplace(g.name, &g);
  }
  const Function *function(std::string_view name) const { return find(functions_, name); }
  const Extern *externDecl(std::string_view name) const { return find(externs_, name); }
  const Global *global(std::string_view name) const { return find(globals_, name); }

private:
  template <class T> static const T *find(const std::unordered_map<std::string_view, const T *> &map, std::string_view name) {
    auto it = map.find(name);
    return it == map.end() ? nullptr : it->second;
  }
  std::unordered_map<std::string_view, const Function *> functions_;
  std::unordered_map<std::string_view, const Extern *> externs_;
  std::unordered_map<std::string_view, const Global *> globals_;
};

} // namespace viper::il
