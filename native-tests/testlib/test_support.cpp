#include "testlib/test_support.hpp"
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
            const std::vector<std::string> &args) {
  Ran r;
  Compiled c = compileText(text, name);
  if (!c.module) {
    r.err = c.diagnostics;
    r.exitStatus = 1;
    return r;
  }
  rt::StringSink out;
  rt::StringSource in(input);
  driver::RunOutcome outcome;
  {
    rt::Context ctx(out, in);
    ctx.args = args;
    driver::RunOptions opts;
    opts.engine = engine;
    outcome = driver::runModule(*c.module, ctx, opts);
  }
  r.out = out.text;
  r.exitStatus = outcome.exitStatus();
  if (!outcome.loadError.empty()) r.err = outcome.loadError;
  else if (outcome.result.status == exec::RunResult::Status::Trapped) r.err = exec::formatTrap(outcome.result.trap, {name});
  return r;
}

} // namespace viper::test
