// Console output and input (spec/runtime.md §3).
#include "runtime/format.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"

namespace viper::rt::lib {
namespace {
Str arg(const Slot *a, int i) { return static_cast<Str>(a[i].p); }
void line(Context &ctx, std::string_view s) {
  ctx.out().write(s);
  ctx.out().write("\n");
}
// Callers check this first: a call that must wait is repeated whole, so it may not have
// done anything yet (Ask's prompt would print twice).
bool mustWait(Context &ctx) {
  if (!ctx.in().wouldBlock()) return false;
  ctx.out().flush();
  ctx.requestInput();
  return true;
}
Str readInput(Context &ctx) {
  ctx.out().flush();  // a prompt must be visible before the program waits
  std::string l;
  if (!ctx.in().readLine(l)) return nullptr;
  if (!l.empty() && l.back() == '\r') l.pop_back();
  return strNew(ctx, l);
}
} // namespace

RT_IMPL(printStr) { ctx.out().write(strView(arg(a, 0))); }
RT_IMPL(printI64) { ctx.out().write(formatI64(a[0].i)); }
RT_IMPL(printF64) { ctx.out().write(formatF64Print(a[0].f)); }
RT_IMPL(printBool) { ctx.out().write(a[0].i & 1 ? "true" : "false"); }
RT_IMPL(say) { line(ctx, strView(arg(a, 0))); }
RT_IMPL(sayInt) { line(ctx, formatI64(a[0].i)); }
RT_IMPL(sayNum) { line(ctx, formatF64Print(a[0].f)); }
RT_IMPL(sayBool) { line(ctx, a[0].i & 1 ? "true" : "false"); }
RT_IMPL(printlnI32) { line(ctx, formatI64(static_cast<int32_t>(a[0].i))); }
RT_IMPL(printlnCStr) {
  // A C string inside VM memory (addr_of); the scan never leaves its region.
  auto *p = static_cast<const char *>(a[0].p);
  size_t avail = p ? ctx.memory.bytesAvailable(p) : 0;
  if (!avail) { ctx.raise(TrapKind::InvalidOperation, "rt_println_str: invalid pointer"); return; }
  size_t n = 0;
  while (n < avail && p[n]) ++n;
  line(ctx, std::string_view(p, n));
}
RT_IMPL(readLine) {
  if (mustWait(ctx)) return;
  r->p = readInput(ctx);
}
RT_IMPL(ask) {
  if (mustWait(ctx)) return;
  ctx.out().write(strView(arg(a, 0)));
  r->p = readInput(ctx);
}
RT_IMPL(termFlush) { ctx.out().flush(); }
RT_IMPL(termNoop) {}

} // namespace viper::rt::lib
