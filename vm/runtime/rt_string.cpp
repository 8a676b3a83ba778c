#include "runtime/rt_string.hpp"
#include <cstdlib>
#include <cstring>

namespace viper::rt {

Str strAlloc(Context &ctx, int64_t len) {
  constexpr int64_t kMaxLen = int64_t{1} << 31;
  auto *s = len >= 0 && len <= kMaxLen ? static_cast<StrHeader *>(std::malloc(sizeof(StrHeader) + static_cast<size_t>(len) + 1)) : nullptr;
  if (!s) {
    ctx.raise(TrapKind::RuntimeError, "out of memory: cannot allocate a string of " + std::to_string(len) + " bytes");
    return nullptr;
  }
  s->refs = 1;
  s->len = len;
  s->bytes()[len] = '\0';
  ++ctx.liveStrings;
  ctx.noteString(s);
  return s;
}

Str strNew(Context &ctx, std::string_view bytes) {
  Str s = strAlloc(ctx, static_cast<int64_t>(bytes.size()));
  if (s && !bytes.empty()) std::memcpy(s->bytes(), bytes.data(), bytes.size());
  return s;
}

Str strNewImmortal(std::string_view bytes) {
  auto *s = static_cast<StrHeader *>(std::malloc(sizeof(StrHeader) + bytes.size() + 1));
  if (!s) std::abort();  // load time only: a module's literals always fit
  s->refs = kImmortal;
  s->len = static_cast<int64_t>(bytes.size());
  if (!bytes.empty()) std::memcpy(s->bytes(), bytes.data(), bytes.size());
  s->bytes()[bytes.size()] = '\0';
  return s;
}

void strFreeImmortal(Str s) { std::free(s); }

void strRetain(Str s) {
  if (s && s->refs > 0) ++s->refs;
}

void strRelease(Context &ctx, Str s) {
  // Null and immortal strings are never freed; an unknown handle (double release) is ignored.
  if (!s || !ctx.isString(s) || s->refs <= 0) return;
  if (--s->refs == 0) {
    --ctx.liveStrings;
    ctx.forgetString(s);
    std::free(s);
  }
}

void strFreeRemaining(Context &ctx) {
  // The engines forget their immortal literals when they go, so what is left is owned.
  for (const void *p : ctx.liveStringHandles()) {
    auto *s = static_cast<StrHeader *>(const_cast<void *>(p));
    if (s->refs <= 0) continue;
    --ctx.liveStrings;
    ctx.forgetString(s);
    std::free(s);
  }
}

} // namespace viper::rt
