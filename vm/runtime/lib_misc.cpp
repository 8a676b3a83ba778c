// StringBuilder, diagnostics, error helpers and BASIC module variables (spec/runtime.md §4, §10).
#include "runtime/format.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"
#include <algorithm>
#include <cstring>

namespace viper::rt::lib {
namespace {

std::string_view V(const Slot *a, int i) { return strView(static_cast<Str>(a[i].p)); }

using Builder = Context::StringBuilder;

Builder *builder(Context &ctx, void *p) {
  if (p && p == ctx.lastBuilder) return ctx.lastBuilder;
  auto it = ctx.builders.find(p);
  if (it == ctx.builders.end()) { ctx.raise(TrapKind::InvalidOperation, "StringBuilder: invalid or null builder"); return nullptr; }
  return ctx.lastBuilder = it->second.get();
}

// A builder never grows past the longest string ToString could make (ctx.maxStringLength).
bool append(Context &ctx, Builder &b, std::string_view s, bool newline) {
  const size_t add = s.size() + (newline ? 1 : 0);
  if (!strLengthOk(ctx, static_cast<int64_t>(b.size + add))) return false;
  if (b.size + add > b.capacity) {
    // Doubling, but never past the longest string the builder may hold.
    const size_t limit = static_cast<size_t>(ctx.maxStringLength);
    const size_t cap = std::max(b.size + add, std::min(b.capacity < 16 ? 32 : b.capacity * 2, limit));
    std::unique_ptr<char[]> grown(new char[cap]);  // not zeroed: only [0, size) is read
    if (b.size) std::memcpy(grown.get(), b.bytes.get(), b.size);
    b.bytes = std::move(grown);
    b.capacity = cap;
  }
  if (!s.empty()) std::memcpy(b.bytes.get() + b.size, s.data(), s.size());
  b.size += s.size();
  if (newline) b.bytes[b.size++] = '\n';
  return true;
}

} // namespace

RT_IMPL(sbNew) {
  auto b = std::make_unique<Builder>();
  void *handle = b.get();
  ctx.builders.emplace(handle, std::move(b));
  r->p = handle;
}
RT_IMPL(sbAppend) {
  if (auto *b = builder(ctx, a[0].p)) append(ctx, *b, V(a, 1), false);
  r->p = a[0].p;
}
RT_IMPL(sbAppendLine) {
  if (auto *b = builder(ctx, a[0].p)) append(ctx, *b, V(a, 1), true);
  r->p = a[0].p;
}
RT_IMPL(sbToString) {
  if (auto *b = builder(ctx, a[0].p)) r->p = strNew(ctx, b->view());
}
RT_IMPL(sbLength) {
  if (auto *b = builder(ctx, a[0].p)) r->i = static_cast<int64_t>(b->size);
}
RT_IMPL(sbClear) {
  if (auto *b = builder(ctx, a[0].p)) b->size = 0;
}
RT_IMPL(sbRelease) {
  if (a[0].p == ctx.lastBuilder) ctx.lastBuilder = nullptr;
  ctx.builders.erase(a[0].p);
}

RT_IMPL(diagTrap) { ctx.raise(TrapKind::RuntimeError, std::string(V(a, 0))); }
RT_IMPL(diagAssert) {
  if (!(a[0].i & 1)) ctx.raise(TrapKind::RuntimeError, V(a, 1).empty() ? "Assertion failed" : std::string(V(a, 1)));
}
RT_IMPL(diagAssertEq) {
  if (a[0].i != a[1].i)
    ctx.raise(TrapKind::RuntimeError, "AssertEq failed: expected " + formatI64(a[0].i) + ", got " + formatI64(a[1].i) +
                                          (V(a, 2).empty() ? "" : ": " + std::string(V(a, 2))));
}
RT_IMPL(errKindName) { r->p = strNew(ctx, trapKindName(static_cast<TrapKind>(static_cast<int32_t>(a[0].i)))); }
RT_IMPL(errMessage) {
  if (!ctx.throwMessage.empty()) { r->p = strNew(ctx, ctx.throwMessage); return; }
  switch (static_cast<TrapKind>(static_cast<int32_t>(a[0].i))) {
  case TrapKind::DivideByZero: r->p = strNew(ctx, "Division by zero"); break;
  case TrapKind::Overflow: r->p = strNew(ctx, "Numeric overflow"); break;
  case TrapKind::Bounds: r->p = strNew(ctx, "Index out of bounds"); break;
  case TrapKind::InvalidCast: r->p = strNew(ctx, "Invalid cast"); break;
  default: r->p = strNew(ctx, std::string(trapKindName(static_cast<TrapKind>(static_cast<int32_t>(a[0].i)))) + " error"); break;
  }
}
RT_IMPL(setThrowMsg) { ctx.throwMessage = std::string(V(a, 0)); }
RT_IMPL(clearThrowMsg) { ctx.throwMessage.clear(); }
RT_IMPL(raiseKind) {
  auto kind = static_cast<TrapKind>(static_cast<int32_t>(a[0].i));
  ctx.raise(kind, ctx.throwMessage, static_cast<int32_t>(a[1].i));
}
RT_IMPL(modvarI64) { r->p = ctx.moduleVar(std::string(V(a, 0)), false); }
RT_IMPL(modvarStr) { r->p = ctx.moduleVar(std::string(V(a, 0)), true); }

} // namespace viper::rt::lib
