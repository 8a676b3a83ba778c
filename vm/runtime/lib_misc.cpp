// StringBuilder, diagnostics, error helpers and BASIC module variables (spec/runtime.md §4, §10).
#include "runtime/format.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"

namespace viper::rt::lib {
namespace {

std::string_view V(const Slot *a, int i) { return strView(static_cast<Str>(a[i].p)); }

std::string *builder(Context &ctx, void *p) {
  auto it = ctx.builders.find(p);
  if (it == ctx.builders.end()) { ctx.raise(TrapKind::InvalidOperation, "StringBuilder: invalid or null builder"); return nullptr; }
  return it->second.get();
}

} // namespace

RT_IMPL(sbNew) {
  auto s = std::make_unique<std::string>();
  void *handle = s.get();
  ctx.builders.emplace(handle, std::move(s));
  r->p = handle;
}
// A builder never grows past the longest string ToString could make (ctx.maxStringLength).
RT_IMPL(sbAppend) {
  if (auto *s = builder(ctx, a[0].p); s && strLengthOk(ctx, static_cast<int64_t>(s->size() + V(a, 1).size()))) s->append(V(a, 1));
  r->p = a[0].p;
}
RT_IMPL(sbAppendLine) {
  if (auto *s = builder(ctx, a[0].p); s && strLengthOk(ctx, static_cast<int64_t>(s->size() + V(a, 1).size() + 1)))
    s->append(V(a, 1)).push_back('\n');
  r->p = a[0].p;
}
RT_IMPL(sbToString) {
  if (auto *s = builder(ctx, a[0].p)) r->p = strNew(ctx, *s);
}
RT_IMPL(sbLength) {
  if (auto *s = builder(ctx, a[0].p)) r->i = static_cast<int64_t>(s->size());
}
RT_IMPL(sbClear) {
  if (auto *s = builder(ctx, a[0].p)) s->clear();
}
RT_IMPL(sbRelease) { ctx.builders.erase(a[0].p); }

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
