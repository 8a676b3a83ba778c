// Direct element access for execution engines (the bytecode VM inlines array get/set).
#pragma once
#include "runtime/context.hpp"

namespace viper::rt {

/// Element data of a live i64 (f64 = false) or f64 array handle, with its length in
/// `len`; nullptr if `p` is not such an array (the engine then calls the runtime
/// function, which reports the exact trap). The result stays valid until the next
/// runtime call, which may free or resize the array.
void *arrayElements(Context &ctx, void *p, bool f64, int64_t &len);

} // namespace viper::rt
