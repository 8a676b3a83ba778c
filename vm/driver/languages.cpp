#include "driver/languages.hpp"
#include "frontends/basic/frontend.hpp"
#include "frontends/zia/frontend.hpp"
#include "frontends/zia/modules.hpp"
#include "il/parser.hpp"
#include "il/verifier.hpp"
#include "passes/constfold.hpp"
#include "passes/mem2reg.hpp"
#include "passes/optimizer.hpp"
#include "runtime/registry.hpp"
#include <cctype>
#include <chrono>
#include <functional>

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
      {"il", {".il"}, parseIL, false, false, nullptr},
      {"basic", {".bas"}, basic::compile, true, true, nullptr},
      {"zia", {".zia"}, zia::compile, true, true, zia::fileBinds},
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
std::optional<il::Module> finish(const Language &lang, uint32_t fileId, il::Module m, DiagnosticEngine &diags,
                                 const OptOptions &opt) {
  auto internal = [&](const std::string &stage, DiagnosticEngine &d) {
    diags.error({fileId, 1, 1}, std::string("internal compiler error: IL is invalid ") + stage + " (" +
                                    (d.all().empty() ? std::string() : d.all().front().message) + ")");
  };
  // The optimizer (-O1, or an explicit --passes list) after everything else.
  auto optimize = [&](il::Module &mod) {
    if (opt.passes.empty() && opt.level <= 0) return true;
    DiagnosticEngine failed;
    std::function<bool(const il::Module &)> check;
    if (opt.verifyEach) check = [&](const il::Module &x) { failed = DiagnosticEngine(); return verify(x, failed); };
    passes::PipelineResult r = opt.passes.empty() ? passes::optimizeModule(mod, opt.level, check)
                                                  : passes::runPasses(mod, opt.passes, check);
    if (!r.unknownPass.empty()) {
      diags.error({fileId, 1, 1}, "unknown optimizer pass '" + r.unknownPass + "'");
      return false;
    }
    if (!r.failedAfter.empty()) { internal("after the " + r.failedAfter + " pass", failed); return false; }
    if (!opt.verifyEach) {
      if (DiagnosticEngine after; !verify(mod, after)) { internal("after the optimizer", after); return false; }
    }
    return true;
  };
  if (!lang.optimize) {
    // Hand-written IL: its verifier errors are the user's, with their positions.
    if (!verify(m, diags)) return std::nullopt;
    if (!optimize(m)) return std::nullopt;
    return m;
  }
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
  if (!optimize(m)) return std::nullopt;
  return m;
}

} // namespace

std::optional<il::Module> compileWith(const Language &lang, const SourceManager &sm, uint32_t fileId,
                                      DiagnosticEngine &diags, StageTimes *times, const OptOptions &opt) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  const auto t0 = Clock::now();
  auto m = lang.frontEnd(sm, fileId, diags);
  const auto t1 = Clock::now();
  std::optional<il::Module> out;
  if (m && !diags.hasErrors()) out = finish(lang, fileId, std::move(*m), diags, opt);
  if (times) *times = {ms(t0, t1), ms(t1, Clock::now())};
  return out;
}

bool parsePassList(std::string_view list, std::vector<std::string> &out, std::string &error) {
  out.clear();
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string name(list.substr(start, comma - start));
    if (!name.empty()) {
      if (!passes::findPass(name)) {
        error = "unknown optimizer pass '" + name + "' (available:";
        for (const auto &p : passes::optimizerPasses()) error += " " + std::string(p.name);
        error += ")";
        return false;
      }
      out.push_back(std::move(name));
    }
    start = comma + 1;
  }
  return true;
}

} // namespace viper::driver
