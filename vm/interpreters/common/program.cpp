#include "interpreters/common/program.hpp"
#include <cstring>

namespace viper::exec {

ModuleMemory::ModuleMemory(const il::Module &m, rt::Context &ctx) : ctx_(ctx) {
  size_t nScalars = 0;
  for (const auto &g : m.globals) if (g.type != il::Type::Str) ++nScalars;
  scalars_.assign(nScalars ? nScalars : 1, 0);
  for (const auto &g : m.globals) {
    if (g.type == il::Type::Str) {
      rt::Str s = rt::strNewImmortal(g.init.s);
      ctx.noteString(s);
      strings_.emplace(g.name, s);
      ctx.memory.add(s->bytes(), static_cast<size_t>(s->len) + 1);
      continue;
    }
    size_t idx = scalarIndex_.size();
    scalarIndex_.emplace(g.name, idx);
    uint64_t bits = 0;
    if (g.hasInit) {
      if (g.init.kind == il::ValueKind::Float) std::memcpy(&bits, &g.init.f, 8);
      else if (g.init.kind == il::ValueKind::Int || g.init.kind == il::ValueKind::Bool) bits = static_cast<uint64_t>(g.init.i);
    }
    scalars_[idx] = bits;
  }
  ctx.memory.add(scalars_.data(), scalars_.size() * sizeof(uint64_t));
  fnTable_.assign(m.functions.size() + 1, 0);
  // `global ptr @p = @x` holds an address: a str global's bytes (as addr_of gives them),
  // a scalar global's cell, or a function pointer. Resolved once every global has one.
  for (const auto &g : m.globals) {
    if (g.type == il::Type::Str || !g.hasInit || g.init.kind != il::ValueKind::Global) continue;
    const void *target = nullptr;
    if (auto it = strings_.find(g.init.s); it != strings_.end()) target = it->second->bytes();
    else if (void *cell = scalarAddress(g.init.s)) target = cell;
    else
      for (size_t i = 0; i < m.functions.size(); ++i)
        if (m.functions[i].name == g.init.s) target = functionPointer(i);
    std::memcpy(&scalars_[scalarIndex_.at(g.name)], &target, sizeof target);
  }
}

ModuleMemory::~ModuleMemory() {
  ctx_.memory.remove(scalars_.data());
  for (auto &[name, s] : strings_) {
    ctx_.memory.remove(s->bytes());
    ctx_.forgetString(s);
    rt::strFreeImmortal(s);
  }
  for (auto &[bytes, s] : literals_) {
    ctx_.forgetString(s);
    rt::strFreeImmortal(s);
  }
}

void *ModuleMemory::scalarAddress(const std::string &name) const {
  auto it = scalarIndex_.find(name);
  return it == scalarIndex_.end() ? nullptr : const_cast<uint64_t *>(&scalars_[it->second]);
}

rt::Str ModuleMemory::stringGlobal(const std::string &name) const {
  auto it = strings_.find(name);
  return it == strings_.end() ? nullptr : it->second;
}

rt::Str ModuleMemory::literal(const std::string &bytes) {
  auto it = literals_.find(bytes);
  if (it != literals_.end()) return it->second;
  rt::Str s = rt::strNewImmortal(bytes);
  ctx_.noteString(s);
  literals_.emplace(bytes, s);
  return s;
}

int64_t ModuleMemory::functionIndex(const void *p) const {
  auto *b = static_cast<const uint8_t *>(p);
  if (b < fnTable_.data() || b >= fnTable_.data() + fnTable_.size() - 1) return -1;
  return b - fnTable_.data();
}

} // namespace viper::exec
