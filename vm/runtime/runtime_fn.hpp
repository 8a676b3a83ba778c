// Typed handles for runtime functions, one per row of runtime.def. Front ends name the
// function they call as RtFn::strConcat rather than by a string, so a misspelt or
// removed function is a C++ compile error instead of IL the verifier rejects later.
#pragma once
#include <cstdint>

namespace viper::rt {

enum class RtFn : uint16_t {
#define RT_FN(Impl, Sig, Names) Impl,
#include "runtime/runtime.def"
#undef RT_FN
};

} // namespace viper::rt
