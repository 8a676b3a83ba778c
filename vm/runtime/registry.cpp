#include "runtime/registry.hpp"
#include "runtime/lib.hpp"
#include <unordered_map>
#include <vector>

namespace viper::rt {
namespace {

struct Row {
  const char *sig;
  const char *names;
  RuntimeFn fn;
};

constexpr Row kRows[] = {
#define RT_FN(Impl, Sig, Names) {Sig, Names, &lib::Impl},
#include "runtime/runtime.def"
#undef RT_FN
};

il::Signature parseSig(std::string_view s) {
  il::Signature sig;
  size_t lp = s.find('(');
  sig.ret = *il::parseType(s.substr(0, lp));
  std::string_view params = s.substr(lp + 1, s.size() - lp - 2);
  while (!params.empty()) {
    size_t c = params.find(',');
    sig.params.push_back(*il::parseType(params.substr(0, c)));
    params = c == std::string_view::npos ? std::string_view() : params.substr(c + 1);
  }
  return sig;
}

// Built once on first use and never modified afterwards (immutable shared data, not state).
struct Table {
  std::vector<RuntimeFunction> functions;
  std::unordered_map<std::string_view, size_t> byName;
  Table() {
    functions.reserve(std::size(kRows));
    for (const Row &row : kRows) {
      std::string_view names = row.names;
      size_t bar = names.find('|');
      functions.push_back({names.substr(0, bar), parseSig(row.sig), row.fn});
      while (!names.empty()) {
        size_t b = names.find('|');
        byName.emplace(names.substr(0, b), functions.size() - 1);
        names = b == std::string_view::npos ? std::string_view() : names.substr(b + 1);
      }
    }
  }
};

const Table &table() {
  static const Table t;
  return t;
}

} // namespace

const RuntimeFunction *findRuntimeFunction(std::string_view name) {
  const Table &t = table();
  auto it = t.byName.find(name);
  return it == t.byName.end() ? nullptr : &t.functions[it->second];
}

std::optional<il::Signature> runtimeSignature(std::string_view name) {
  if (auto *f = findRuntimeFunction(name)) return f->signature;
  return std::nullopt;
}

il::RefEffect runtimeRefEffect(std::string_view name) {
  const RuntimeFunction *f = findRuntimeFunction(name);
  if (!f) return il::RefEffect::None;
  if (f->fn == &lib::strRetainMaybe || f->fn == &lib::arrRetain || f->fn == &lib::objRetain) return il::RefEffect::Retain;
  if (f->fn == &lib::strReleaseMaybe || f->fn == &lib::arrRelease) return il::RefEffect::Release;
  return il::RefEffect::None;
}

size_t runtimeFunctionCount() { return table().functions.size(); }
const RuntimeFunction &runtimeFunctionAt(size_t i) { return table().functions[i]; }
// RtFn is generated from the same rows in the same order, so its value is the row index.
const RuntimeFunction &runtimeFunction(RtFn fn) { return table().functions[static_cast<size_t>(fn)]; }

} // namespace viper::rt
