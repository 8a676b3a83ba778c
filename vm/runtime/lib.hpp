// Internal: declarations of every runtime implementation named in runtime.def.
#pragma once
#include "runtime/context.hpp"

namespace viper::rt::lib {
#define RT_FN(Impl, Sig, Names) void Impl(Context &ctx, const Slot *a, Slot *r);
#include "runtime/runtime.def"
#undef RT_FN
/// Frees every heap block (arrays, objects, rt_alloc) still registered on `ctx`.
void freeAllHeapBlocks(Context &ctx);
/// Grows object block `p` (from rt_obj_new_i64; only its owner refers to it, as a list's
/// element block) to `bytes`, keeping its contents and zeroing the rest. Returns the block,
/// which may have moved, or null after an out-of-memory trap (then `p` is unchanged).
void *growObject(Context &ctx, void *p, int64_t bytes, const char *what);
} // namespace viper::rt::lib

/// Defines a runtime implementation; `ctx`, `a` (arguments) and `r` (result) may go unused.
#define RT_IMPL(Impl) \
  void Impl([[maybe_unused]] Context &ctx, [[maybe_unused]] const Slot *a, [[maybe_unused]] Slot *r)
