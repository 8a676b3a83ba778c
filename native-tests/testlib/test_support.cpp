#include "testlib/test_support.hpp"
#include "driver/languages.hpp"
#include "driver/session.hpp"
#include "interpreters/common/trap.hpp"
#include <algorithm>
#include <fstream>
#include <sstream>

namespace viper::test {

std::filesystem::path testsDir() { return VIPER_TESTS_DIR; }

std::vector<std::filesystem::path> listFiles(const std::string &sub, const std::string &ext) {
  std::vector<std::filesystem::path> out;
  std::filesystem::path dir = testsDir() / sub;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::filesystem::path> listDirs(const std::string &sub) {
  std::vector<std::filesystem::path> out;
  std::filesystem::path dir = testsDir() / sub;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto &e : std::filesystem::directory_iterator(dir))
    if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string readText(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Compiled compileText(const std::string &text, const std::string &name) {
  SourceManager sm;
  uint32_t id = sm.add(name, text);
  DiagnosticEngine diags;
  Compiled c;
  c.module = driver::compileSource(sm, id, diags);
  c.diagnostics = diags.render(sm);
  c.diags = diags.all();
  return c;
}

std::vector<std::string> programArgs(const std::filesystem::path &program) {
  auto p = program;
  p.replace_extension(".args");
  std::vector<std::string> args;
  if (!std::filesystem::exists(p)) return args;
  std::istringstream in(readText(p));
  for (std::string line; std::getline(in, line);) args.push_back(line);
  return args;
}

Ran runText(const std::string &text, driver::Engine engine, const std::string &input, const std::string &name,
            const std::vector<std::string> &args, uint64_t maxSteps, int optLevel, bool verifyEachPass) {
  return runSources({{name, text}}, name, engine, input, args, maxSteps, optLevel, verifyEachPass);
}

driver::CompileResult compileSources(const std::map<std::string, std::string> &sources, const std::string &mainFile,
                                     int optLevel, bool verifyEachPass) {
  driver::CompileRequest req;
  req.sources = sources;
  req.mainFile = mainFile;
  req.language = std::string(driver::languageForPath(mainFile).name);
  req.wantTexts = false;
  req.optLevel = optLevel;
  req.verifyEachPass = verifyEachPass;
  return driver::compile(req);
}

Ran runCompiled(const driver::CompileResult &c, driver::Engine engine, const std::string &input,
                const std::vector<std::string> &args, uint64_t maxSteps) {
  Ran r;
  if (!c.ok) {
    r.err = c.diagnosticsText;
    r.exitStatus = 1;
    return r;
  }
  driver::StartOptions so;
  so.engine = engine == driver::Engine::IL ? driver::EngineKind::Reference : driver::EngineKind::Bytecode;
  so.args = args;
  so.stdinText = input;
  so.stdinClosed = true;
  so.maxSteps = maxSteps;
  auto session = driver::RunSession::start(c.program, so);
  driver::SliceResult s = session->resume();
  r.out = s.output;
  r.exitStatus = s.exitCode;
  if (s.status == driver::SliceResult::Status::Error) r.err = s.error;
  else if (s.status == driver::SliceResult::Status::Trap) r.err = s.trap.text;
  else if (s.status == driver::SliceResult::Status::StepLimit) r.err = "step limit";
  return r;
}

Ran runSources(const std::map<std::string, std::string> &sources, const std::string &mainFile, driver::Engine engine,
               const std::string &input, const std::vector<std::string> &args, uint64_t maxSteps, int optLevel,
               bool verifyEachPass) {
  // Through the session API, as the CLI and the WASM module run programs.
  return runCompiled(compileSources(sources, mainFile, optLevel, verifyEachPass), engine, input, args, maxSteps);
}

} // namespace viper::test
