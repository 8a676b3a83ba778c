#include "runtime/rt_string.hpp"
#include <cstdlib>
#include <cstring>

namespace viper::rt {

bool strLengthOk(Context &ctx, int64_t len) {
  if (len >= 0 && len <= ctx.maxStringLength) return true;
  ctx.raise(TrapKind::DomainError, len < 0 ? "out of memory: negative string length " + std::to_string(len)
                                           : "out of memory: a string of " + std::to_string(len) +
                                                 " bytes is over the limit of " + std::to_string(ctx.maxStringLength) + " bytes");
  return false;
}

namespace {
uint64_t footprint(int64_t len) { return sizeof(StrHeader) + static_cast<uint64_t>(len) + 1; }
} // namespace

Str strAlloc(Context &ctx, int64_t len) {
  if (!strLengthOk(ctx, len) || !ctx.charge(footprint(len), "a string")) return nullptr;
  auto *s = static_cast<StrHeader *>(std::malloc(sizeof(StrHeader) + static_cast<size_t>(len) + 1));
  if (!s) {
    ctx.uncharge(footprint(len));
    ctx.raise(TrapKind::DomainError, "out of memory: cannot allocate a string of " + std::to_string(len) + " bytes");
    return nullptr;
  }
  s->refs = 1;
  s->len = len;
  s->held = 0;
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
  s->held = 0;
  if (!bytes.empty()) std::memcpy(s->bytes(), bytes.data(), bytes.size());
  s->bytes()[bytes.size()] = '\0';
  return s;
}

void strFreeImmortal(Str s) { std::free(s); }

void strRetain(Str s) {
  if (s && s->refs > 0) ++s->refs;
}

namespace {
void freeString(Context &ctx, Str s) {
  --ctx.liveStrings;
  ctx.uncharge(footprint(s->len));
  ctx.forgetString(s);
  std::free(s);
}
} // namespace

void strRelease(Context &ctx, Str s) {
  // Null and immortal strings are never freed; an unknown handle (double release) is ignored.
  if (!s || !ctx.isString(s) || s->refs <= 0) return;
  if (s->refs <= s->held) return;  // only arrays hold it: this release is one too many
  if (--s->refs == 0) freeString(ctx, s);
}

bool strProgramOwned(const Context &ctx, Str s) {
  return !s || (ctx.isString(s) && (s->refs <= 0 || s->refs > s->held));
}

void strHold(Str s) {
  if (s && s->refs > 0) {
    ++s->refs;
    ++s->held;
  }
}

void strDrop(Context &ctx, Str s) {
  if (!s || !ctx.isString(s) || s->refs <= 0) return;
  if (s->held > 0) --s->held;  // a slot filled by `store str` holds a plain reference
  if (--s->refs == 0) freeString(ctx, s);
}

void strFreeRemaining(Context &ctx) {
  // The engines forget their immortal literals when they go, so what is left is owned.
  for (const void *p : ctx.liveStringHandles()) {
    auto *s = static_cast<StrHeader *>(const_cast<void *>(p));
    if (s->refs <= 0) continue;
    freeString(ctx, s);
  }
}

} // namespace viper::rt
