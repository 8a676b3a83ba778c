#include "driver/languages.hpp"
#include "frontends/basic/frontend.hpp"
#include "frontends/zia/frontend.hpp"
#include "il/parser.hpp"
#include "il/verifier.hpp"
#include "passes/constfold.hpp"
#include "passes/mem2reg.hpp"
#include "runtime/registry.hpp"
#include <cctype>
#include <chrono>

namespace viper::driver {
namespace {

il::SignatureLookup runtimeLookup() {
  return [](std::string_view name) { return rt::runtimeSignature(name); };
}

bool verify(const il::Module &m, DiagnosticEngine &diags, bool checkedOnly = false) {
  il::VerifyOptions opts;
  opts.allowUncheckedOps = !checkedOnly;
  opts.refEffects = rt::runtimeRefEffect;
  return il::verifyModule(m, diags, runtimeLookup(), opts);
}

std::optional<il::Module> parseIL(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  il::Module m = il::parseModule(sm, fileId, diags, runtimeLookup());
  if (diags.hasErrors()) return std::nullopt;
  return m;
}

bool endsWithNoCase(std::string_view s, std::string_view ext) {
  if (s.size() < ext.size()) return false;
  for (size_t i = 0; i < ext.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - ext.size() + i])) != ext[i]) return false;
  return true;
}

} // namespace

const std::vector<Language> &languages() {
  static const std::vector<Language> kLanguages = {
      {"il", {".il"}, parseIL, false, false},
      {"basic", {".bas"}, basic::compile, true, true},
      {"zia", {".zia"}, zia::compile, true, true},
  };
  return kLanguages;
}

const Language *findLanguage(std::string_view name) {
  for (const auto &l : languages())
    if (l.name == name) return &l;
  return nullptr;
}

const Language &languageForPath(std::string_view path) {
  for (const auto &l : languages())
    for (auto ext : l.extensions)
      if (endsWithNoCase(path, ext)) return l;
  return *findLanguage("il");
}

namespace {

// Verify, passes, verify again. A front end's output must verify before and after the
// passes; if it does not, that is a compiler bug, reported as one rather than as the
// user's error.
std::optional<il::Module> finish(const Language &lang, uint32_t fileId, il::Module m, DiagnosticEngine &diags) {
  if (!lang.optimize) {
    // Hand-written IL: its verifier errors are the user's, with their positions.
    if (!verify(m, diags)) return std::nullopt;
    return m;
  }
  auto internal = [&](const char *stage, DiagnosticEngine &d) {
    diags.error({fileId, 1, 1}, std::string("internal compiler error: IL is invalid ") + stage + " (" +
                                    (d.all().empty() ? std::string() : d.all().front().message) + ")");
  };
  if (DiagnosticEngine before; !verify(m, before, lang.checkedArithmeticOnly)) {
    internal("from the front end", before);
    return std::nullopt;
  }
  // Front ends keep variables in frame slots; most become SSA values here, and then the
  // constants they carried fold.
  passes::promoteSlots(m);
  passes::foldConstants(m);
  if (DiagnosticEngine after; !verify(m, after)) {
    internal("after mem2reg", after);
    return std::nullopt;
  }
  return m;
}

} // namespace

std::optional<il::Module> compileWith(const Language &lang, const SourceManager &sm, uint32_t fileId,
                                      DiagnosticEngine &diags, StageTimes *times) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const auto t0 = Clock::now();
  auto m = lang.frontEnd(sm, fileId, diags);
  const auto t1 = Clock::now();
  std::optional<il::Module> out;
  if (m && !diags.hasErrors()) out = finish(lang, fileId, std::move(*m), diags);
  if (times) *times = {ms(t0, t1), ms(t1, Clock::now())};
  return out;
}

} // namespace viper::driver
