// A budget means the same on both engines (exec::RunResult's unit of work): every golden
// program, stopped after N units, has printed the same and ends the same way on each.
// Both engines run the same code: unoptimized (-O0) and optimized (-O1). Optimized code
// may spend fewer units (an inlined call, a merged loop), so -O0 and -O1 step counts are
// never compared with each other.
#include "driver/languages.hpp"
#include "driver/session.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

Ran runAt(const std::string &text, driver::EngineKind engine, const std::string &input, const std::string &name,
          const std::vector<std::string> &args, uint64_t budget, int optLevel) {
  driver::CompileRequest req;
  req.sources[name] = text;
  req.language = std::string(driver::languageForPath(name).name);
  req.wantTexts = false;
  req.optLevel = optLevel;
  driver::CompileResult c = driver::compile(req);
  Ran r;
  if (!c.ok) {
    r.err = c.diagnosticsText;
    r.exitStatus = 1;
    return r;
  }
  driver::StartOptions so;
  so.engine = engine;
  so.args = args;
  so.stdinText = input;
  so.stdinClosed = true;
  so.maxSteps = budget;
  auto session = driver::RunSession::start(c.program, so);
  driver::SliceResult s = session->resume();
  r.out = s.output;
  r.exitStatus = s.exitCode;
  if (s.status == driver::SliceResult::Status::Error) r.err = s.error;
  else if (s.status == driver::SliceResult::Status::Trap) r.err = s.trap.text;
  else if (s.status == driver::SliceResult::Status::StepLimit) r.err = "step limit";
  return r;
}

TEST(Budget, BothEnginesStopAtTheSamePointOnEveryGoldenProgram) {
  std::vector<std::filesystem::path> files = listFiles("golden/il", ".il");
  for (const auto &p : listFiles("golden/basic", ".bas")) files.push_back(p);
  for (const auto &p : listFiles("golden/zia", ".zia")) files.push_back(p);
  ASSERT_GT(files.size(), 100u);
  for (const auto &p : files) {
    auto in = p;
    in.replace_extension(".in");
    const std::string input = std::filesystem::exists(in) ? readText(in) : "";
    const std::string text = readText(p);
    for (int opt : {0, 1})
      for (uint64_t budget : {1, 2, 3, 5, 10, 50, 200}) {
        Ran ref = runAt(text, driver::EngineKind::Reference, input, p.filename().string(), programArgs(p), budget, opt);
        Ran vm = runAt(text, driver::EngineKind::Bytecode, input, p.filename().string(), programArgs(p), budget, opt);
        EXPECT_EQ(vm.out, ref.out) << p << " -O" << opt << " budget " << budget;
        EXPECT_EQ(vm.err, ref.err) << p << " -O" << opt << " budget " << budget;
        EXPECT_EQ(vm.exitStatus, ref.exitStatus) << p << " -O" << opt << " budget " << budget;
        if (ref.err != "step limit") break;  // ran to the end: larger budgets change nothing
      }
  }
}

} // namespace
} // namespace viper::test
