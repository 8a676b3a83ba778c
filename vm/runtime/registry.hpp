// Lookup into the runtime registry (runtime.def): name -> signature + implementation.
#pragma once
#include "il/module.hpp"
#include "il/verifier.hpp"
#include "runtime/context.hpp"
#include "runtime/runtime_fn.hpp"
#include <optional>
#include <string_view>

namespace viper::rt {

using RuntimeFn = void (*)(Context &ctx, const Slot *args, Slot *ret);

struct RuntimeFunction {
  std::string_view canonicalName;
  il::Signature signature;
  RuntimeFn fn;
};

/// Resolves a canonical name or any alias; nullptr if the runtime has no such function.
const RuntimeFunction *findRuntimeFunction(std::string_view name);
/// The row a handle names: its canonical name (what front ends emit) and signature.
const RuntimeFunction &runtimeFunction(RtFn fn);
/// The registry as a parser/verifier signature lookup.
std::optional<il::Signature> runtimeSignature(std::string_view name);
/// Retain/release helpers (strings, arrays, objects) for the verifier's use-after-release rule.
il::RefEffect runtimeRefEffect(std::string_view name);
/// Every row, for coverage tests and documentation.
size_t runtimeFunctionCount();
const RuntimeFunction &runtimeFunctionAt(size_t i);

} // namespace viper::rt
