// The front-end registry: every source language the toolchain compiles, by name, and the
// one finishing pipeline (verify, passes, verify again) that all of them share.
#pragma once
#include "il/module.hpp"
#include "support/diag.hpp"
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace viper::driver {

/// Lowers file `fileId` (other files of `sm` may be imported by it) to IL. Returns
/// nullopt with errors in `diags`. The IL need not have been through any pass.
using FrontEndFn = std::optional<il::Module> (*)(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags);
/// The other files a source file brings into its program (Zia's `bind "./x"`), as the
/// paths a host should add to the compile's sources; nullptr for single-file languages.
using ImportsFn = std::vector<std::string> (*)(const std::string &path, std::string_view text);

struct Language {
  std::string_view name;                      ///< "il", "basic", "zia"
  std::vector<std::string_view> extensions;   ///< lower case, with the dot: ".bas"
  FrontEndFn frontEnd;
  /// Whether the finishing pipeline runs mem2reg and constant folding. Hand-written IL
  /// is run as written, so `viper il` shows the user's own program back.
  bool optimize;
  /// The front end promises to emit only trapping integer arithmetic (iadd.ovf, sdiv.chk0
  /// ...); the first verify holds it to that.
  bool checkedArithmeticOnly;
  ImportsFn imports;
};

const std::vector<Language> &languages();
/// nullptr for a name no front end has.
const Language *findLanguage(std::string_view name);
/// The language a file name's extension selects (the CLI's and the test runners' rule;
/// the session API always takes an explicit language). IL for unknown extensions.
const Language &languageForPath(std::string_view path);

/// Front end, then the shared finish: verify (a front end's IL that fails is reported as
/// an internal compiler error at the file's first line), passes, verify again.
/// `times`, if given, gets the milliseconds spent in the front end and in the rest.
struct StageTimes {
  double frontEndMs = 0, finishMs = 0;
};

/// The optimizer's settings (vm/passes/optimizer.hpp). Level 1 (the default) runs the
/// optimizer after the front end's finish (for hand-written IL too); level 0 is the
/// pipeline without it (hand-written IL as written; front ends' IL after mem2reg and
/// constant folding). A non-empty `passes` runs exactly those passes instead of the
/// level's list. `verifyEach` runs the verifier after every pass; a failure is reported
/// as an internal compiler error naming the pass.
struct OptOptions {
  int level = 1;
  std::vector<std::string> passes;
  bool verifyEach = false;
};
/// Parses "a,b,c" into pass names; false (with the bad name in `error`) if one is unknown.
bool parsePassList(std::string_view list, std::vector<std::string> &out, std::string &error);

/// The default here is the unoptimized pipeline (what compileSource gives the tests and
/// tools that inspect the front ends' IL); hosts go through the session API, whose
/// CompileRequest asks for -O1 unless told otherwise.
std::optional<il::Module> compileWith(const Language &lang, const SourceManager &sm, uint32_t fileId,
                                      DiagnosticEngine &diags, StageTimes *times = nullptr,
                                      const OptOptions &opt = OptOptions{0, {}, false});

} // namespace viper::driver
