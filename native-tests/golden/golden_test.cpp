// The golden corpus as a specification: every program under golden/<lang>/ runs on every
// engine and must produce exactly NAME.out on stdout, exit with NAME.exit (default 0) and,
// where NAME.err exists, report a trap containing that text. NAME.in feeds stdin and
// NAME.args gives the program's arguments, one per line.
// Adding a language or an engine extends the lists below; the runner stays the same.
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

struct EngineInfo {
  const char *name;
  driver::Engine engine;
};
const EngineInfo kEngines[] = {{"il", driver::Engine::IL}, {"bc", driver::Engine::BC}};

struct Language {
  const char *dir;
  const char *ext;
};
const Language kLanguages[] = {{"golden/il", ".il"}, {"golden/basic", ".bas"}};

struct GoldenCase {
  std::filesystem::path program;
  EngineInfo engine;
};

std::vector<GoldenCase> allCases() {
  std::vector<GoldenCase> cases;
  for (const auto &lang : kLanguages)
    for (const auto &p : listFiles(lang.dir, lang.ext))
      for (const auto &e : kEngines) cases.push_back({p, e});
  return cases;
}

std::string sidecar(const std::filesystem::path &p, const char *ext, const std::string &fallback) {
  auto s = p;
  s.replace_extension(ext);
  return std::filesystem::exists(s) ? readText(s) : fallback;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesExpectedOutput) {
  const GoldenCase &c = GetParam();
  Ran r = runText(readText(c.program), c.engine.engine, sidecar(c.program, ".in", ""), c.program.filename().string(),
                  programArgs(c.program));
  EXPECT_EQ(r.out, sidecar(c.program, ".out", "")) << "stderr: " << r.err;
  EXPECT_EQ(r.exitStatus, std::stoi(sidecar(c.program, ".exit", "0"))) << "stderr: " << r.err;
  std::string err = sidecar(c.program, ".err", "");
  while (!err.empty() && err.back() == '\n') err.pop_back();
  if (!err.empty()) EXPECT_NE(r.err.find(err), std::string::npos) << "expected in stderr: " << err << "\nstderr: " << r.err;
  else EXPECT_EQ(r.err, "");
}

INSTANTIATE_TEST_SUITE_P(Corpus, Golden, ::testing::ValuesIn(allCases()), [](const auto &info) {
  std::string n = info.param.program.parent_path().filename().string() + "_" + info.param.program.stem().string() + "_" +
                  info.param.engine.name;
  for (char &ch : n) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

} // namespace
} // namespace viper::test
