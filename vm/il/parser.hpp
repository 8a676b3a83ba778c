// Text IL -> Module. Reports every error of a file as a diagnostic and keeps going.
#pragma once
#include "il/module.hpp"
#include "support/diag.hpp"
#include <functional>
#include <optional>
#include <string_view>

namespace viper::il {

/// Signatures of functions the module calls without declaring (the runtime catalog).
using SignatureLookup = std::function<std::optional<Signature>(std::string_view)>;

/// Parses file `fileId` of `sm`. The returned module is complete only when `diags` has no
/// errors; with errors it holds whatever could be recovered.
Module parseModule(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags,
                   const SignatureLookup &lookup = {});

} // namespace viper::il
