// The session API (driver/session.hpp) as hosts use it: diagnostics as data, the IL and
// bytecode texts with their line maps, slices that resume exactly, input on demand.
#include "driver/session.hpp"
#include <gtest/gtest.h>
#include <sstream>

namespace viper::test {
namespace {

using driver::SliceResult;
using Status = driver::SliceResult::Status;

driver::CompileResult compileOne(const std::string &name, const std::string &text, const std::string &lang) {
  driver::CompileRequest req;
  req.sources[name] = text;
  req.language = lang;
  return driver::compile(req);
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// Runs to the end in slices of `slice` units; returns all output and the final result.
SliceResult runSliced(const driver::CompileResult &c, uint64_t slice, std::string &output,
                      driver::EngineKind engine = driver::EngineKind::Bytecode) {
  driver::StartOptions so;
  so.engine = engine;
  auto s = driver::RunSession::start(c.program, so);
  SliceResult r;
  do {
    r = s->resume(slice);
    output += r.output;
  } while (r.status == Status::Running);
  return r;
}

const char kLoops[] =
    "DIM I AS INTEGER\n"
    "DIM J AS INTEGER\n"
    "FOR I = 1 TO 30\n"
    "  FOR J = 1 TO I\n"
    "    IF J MOD 7 = 0 THEN PRINT I * J;\n"
    "  NEXT J\n"
    "NEXT I\n"
    "PRINT\n";

TEST(Session, DiagnosticsAreDataWithPositionsAndRanges) {
  auto c = compileOne("bad.bas", "PRINT 1\nIF X > 2 PRINT \"big\"\n", "basic");
  ASSERT_FALSE(c.ok);
  ASSERT_FALSE(c.diagnostics.empty());
  const auto &d = c.diagnostics.front();
  EXPECT_EQ(d.file, "bad.bas");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.col, 10u);
  EXPECT_EQ(d.endLine, 2u);
  EXPECT_EQ(d.endCol, 15u);  // the word PRINT
  EXPECT_EQ(d.severity, "error");
  EXPECT_NE(d.message.find("THEN"), std::string::npos);
  EXPECT_NE(c.diagnosticsText.find("bad.bas:2:10: error:"), std::string::npos);
  EXPECT_NE(c.diagnosticsText.find("error(s)\n"), std::string::npos);
  EXPECT_FALSE(c.program);
}

TEST(Session, UnknownLanguageAndMissingFilesAreDiagnostics) {
  auto c = compileOne("x.cob", "DISPLAY 'HI'.", "cobol");
  ASSERT_FALSE(c.ok);
  EXPECT_NE(c.diagnostics.at(0).message.find("unknown language 'cobol'"), std::string::npos);
  driver::CompileRequest none;
  none.language = "basic";
  EXPECT_FALSE(driver::compile(none).ok);
  driver::CompileRequest wrongMain;
  wrongMain.language = "basic";
  wrongMain.sources["a.bas"] = "PRINT 1\n";
  wrongMain.mainFile = "b.bas";
  EXPECT_FALSE(driver::compile(wrongMain).ok);
}

TEST(Session, EveryMappedIlAndBytecodeLineComesFromItsSourceLine) {
  auto c = compileOne("loops.bas", kLoops, "basic");
  ASSERT_TRUE(c.ok) << c.diagnosticsText;
  const auto src = lines(kLoops), il = lines(c.il), bc = lines(c.bytecode);
  ASSERT_EQ(c.ilMap.size(), il.size());
  ASSERT_EQ(c.bytecodeMap.size(), bc.size());
  size_t mappedIl = 0, mappedBc = 0;
  for (size_t i = 0; i < il.size(); ++i) {
    const auto &o = c.ilMap[i];
    if (!o.line) continue;
    ++mappedIl;
    EXPECT_EQ(o.file, "loops.bas");
    ASSERT_LE(o.line, src.size());
    // A .loc line names the source line it maps to.
    if (il[i].find(".loc") != std::string::npos) {
      EXPECT_NE(il[i].find(" " + std::to_string(o.line) + " "), std::string::npos) << il[i];
    }
  }
  for (size_t i = 0; i < bc.size(); ++i) {
    const auto &o = c.bytecodeMap[i];
    if (!o.ilLine) continue;
    ++mappedBc;
    ASSERT_LE(o.ilLine, il.size());
    // The bytecode line came from that IL line, and both come from the same source line.
    EXPECT_EQ(c.ilMap[o.ilLine - 1].line, o.line) << bc[i];
    if (bc[i].rfind("  ; ", 0) == 0 && bc[i].find("(edge of)") == std::string::npos &&
        bc[i].find("(no code of its own)") == std::string::npos) {
      EXPECT_EQ(bc[i].substr(4), il[o.ilLine - 1].substr(2)) << "bytecode line " << i + 1;
    }
  }
  EXPECT_GT(mappedIl, 10u);
  EXPECT_GT(mappedBc, 10u);
  // The multiplication on source line 5 appears in both texts, mapped to line 5.
  bool mulMapped = false;
  for (size_t i = 0; i < il.size(); ++i)
    if (il[i].find("imul.ovf") != std::string::npos) mulMapped = c.ilMap[i].line == 5;
  EXPECT_TRUE(mulMapped);
}

TEST(Session, StatsCountWhatWasBuilt) {
  auto c = compileOne("loops.bas", kLoops, "basic");
  ASSERT_TRUE(c.ok);
  EXPECT_GT(c.stats.ilInstructions, 10u);
  EXPECT_GT(c.stats.bytecodeWords, 10u);
  EXPECT_EQ(c.stats.functions, 1u);
  EXPECT_GE(c.stats.frontEndMs, 0.0);
}

TEST(Session, SlicesOfAnySizeGiveTheOutputOfOneRun) {
  auto c = compileOne("loops.bas", kLoops, "basic");
  ASSERT_TRUE(c.ok);
  for (auto engine : {driver::EngineKind::Bytecode, driver::EngineKind::Reference}) {
    std::string whole;
    SliceResult one = runSliced(c, UINT64_MAX, whole, engine);
    ASSERT_EQ(one.status, Status::Done);
    EXPECT_FALSE(whole.empty());
    for (uint64_t slice : {1, 7, 1000, 1000000}) {
      std::string out;
      SliceResult r = runSliced(c, slice, out, engine);
      EXPECT_EQ(r.status, Status::Done);
      EXPECT_EQ(out, whole) << "slice " << slice;
    }
  }
}

TEST(Session, ASliceSpendsAtMostItsBudget) {
  auto c = compileOne("loop.bas", "DO\nLOOP\n", "basic");
  ASSERT_TRUE(c.ok);
  auto s = driver::RunSession::start(c.program, {});
  EXPECT_EQ(s->resume(0).status, Status::Running);  // a zero budget does nothing, at once
  EXPECT_EQ(s->resume(0).steps, 0u);
  for (int i = 0; i < 5; ++i) {
    SliceResult r = s->resume(1000);
    ASSERT_EQ(r.status, Status::Running);
    EXPECT_EQ(r.steps, 1000u);
  }
}

TEST(Session, TheLastSliceCountsItsUnitsToo) {
  for (int level : {0, 1}) {
    driver::CompileRequest req;
    req.sources["loop.bas"] = "FOR I = 1 TO 2500\nNEXT I\n";
    req.language = "basic";
    req.optLevel = level;
    auto c = driver::compile(req);
    ASSERT_TRUE(c.ok);
    for (auto engine : {driver::EngineKind::Bytecode, driver::EngineKind::Reference}) {
      driver::StartOptions so;
      so.engine = engine;
      auto s = driver::RunSession::start(c.program, so);
      uint64_t spent = 0;
      SliceResult r;
      do {
        r = s->resume(1000);
        spent += r.steps;
      } while (r.status == Status::Running);
      EXPECT_EQ(r.status, Status::Done);
      const uint64_t whole = driver::RunSession::start(c.program, so)->resume().steps;
      EXPECT_EQ(spent, whole);
      // One back edge per iteration; at -O1 the first trip is entered straight from the
      // loop's start (its test is decided there), so one fewer.
      EXPECT_EQ(whole, level == 0 ? 2500u : 2499u) << "level " << level;
    }
  }
}

TEST(Session, MaxStepsEndsTheRunOnBothEngines) {
  auto c = compileOne("loop.bas", "PRINT \"a\"\nDO\nLOOP\n", "basic");
  ASSERT_TRUE(c.ok);
  for (auto engine : {driver::EngineKind::Bytecode, driver::EngineKind::Reference}) {
    driver::StartOptions so;
    so.engine = engine;
    so.maxSteps = 2500;
    auto s = driver::RunSession::start(c.program, so);
    std::string out;
    SliceResult r;
    uint64_t spent = 0;
    do {
      r = s->resume(1000);
      out += r.output;
      spent += r.steps;
    } while (r.status == Status::Running);
    EXPECT_EQ(r.status, Status::StepLimit);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(spent, 2500u);
    EXPECT_EQ(out, "a\n");
    EXPECT_EQ(s->resume(10).status, Status::StepLimit);  // an ended run stays ended
  }
}

TEST(Session, InputIsAskedForAndResumedWhereTheProgramWaited) {
  auto c = compileOne("ask.bas", "PRINT \"name?\"\nINPUT N$\nPRINT \"hi \"; N$\nINPUT M$\nPRINT \"bye \"; M$\n", "basic");
  ASSERT_TRUE(c.ok) << c.diagnosticsText;
  for (auto engine : {driver::EngineKind::Bytecode, driver::EngineKind::Reference}) {
    driver::StartOptions so;
    so.engine = engine;
    auto s = driver::RunSession::start(c.program, so);
    SliceResult r = s->resume();
    ASSERT_EQ(r.status, Status::Input);
    EXPECT_EQ(r.output, "name?\n");
    EXPECT_EQ(s->resume().status, Status::Input);  // still nothing queued: asks again
    s->pushInput("Ada");
    r = s->resume();
    ASSERT_EQ(r.status, Status::Input);
    EXPECT_EQ(r.output, "hi Ada\n");
    s->pushInput("");  // an empty line
    r = s->resume();
    EXPECT_EQ(r.status, Status::Done);
    EXPECT_EQ(r.output, "bye \n");
  }
}

TEST(Session, InputGivenUpFrontOrClosedNeedsNoRequest) {
  auto c = compileOne("ask.bas", "INPUT N$\nPRINT \"[\"; N$; \"]\"\nINPUT M$\nPRINT \"[\"; M$; \"]\"\n", "basic");
  ASSERT_TRUE(c.ok);
  driver::StartOptions so;
  so.stdinText = "one\n";
  so.stdinClosed = true;
  auto s = driver::RunSession::start(c.program, so);
  SliceResult r = s->resume();
  EXPECT_EQ(r.status, Status::Done);
  EXPECT_EQ(r.output, "[one]\n[]\n");
}

TEST(Session, ATrapIsDataWithTheSourcePosition) {
  auto c = compileOne("ovf.bas", "DIM X AS INTEGER\nX = 9223372036854775807\nX = X + 1\nPRINT X\n", "basic");
  ASSERT_TRUE(c.ok);
  for (auto engine : {driver::EngineKind::Bytecode, driver::EngineKind::Reference}) {
    driver::StartOptions so;
    so.engine = engine;
    auto s = driver::RunSession::start(c.program, so);
    SliceResult r = s->resume();
    ASSERT_EQ(r.status, Status::Trap);
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(r.trap.kind, "Overflow");
    EXPECT_EQ(r.trap.file, "ovf.bas");
    EXPECT_EQ(r.trap.line, 3u);
    EXPECT_GT(r.trap.col, 0u);
    EXPECT_EQ(r.trap.function, "main");
    EXPECT_NE(r.trap.text.find("(ovf.bas:3:"), std::string::npos) << r.trap.text;
    EXPECT_FALSE(r.trap.backtrace.empty());
  }
}

TEST(Session, ExitStatusArgumentsAndEnvironmentBelongToTheRun) {
  const char *prog =
      "il 0.3.0\n"
      "extern @Viper.System.Environment.GetArgumentCount() -> i64\n"
      "func @main() -> i64 {\nentry:\n  %n = call @Viper.System.Environment.GetArgumentCount()\n  ret %n\n}\n";
  auto c = compileOne("args.il", prog, "il");
  ASSERT_TRUE(c.ok) << c.diagnosticsText;
  driver::StartOptions so;
  so.args = {"a", "b", "c"};
  EXPECT_EQ(driver::RunSession::start(c.program, so)->resume().exitCode, 3);
  EXPECT_EQ(driver::RunSession::start(c.program, {})->resume().exitCode, 0);
}

TEST(Session, AProgramThatCannotStartIsAnError) {
  auto c = compileOne("nomain.il", "il 0.3.0\nfunc @f() -> void {\nentry:\n  ret\n}\n", "il");
  if (!c.ok) GTEST_SKIP() << "the verifier rejects it already";
  SliceResult r = driver::RunSession::start(c.program, {})->resume();
  EXPECT_EQ(r.status, Status::Error);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_FALSE(r.error.empty());
}

TEST(Session, ManySessionsShareOneProgramAndNothingElse) {
  auto c = compileOne("loops.bas", kLoops, "basic");
  ASSERT_TRUE(c.ok);
  auto a = driver::RunSession::start(c.program, {});
  auto b = driver::RunSession::start(c.program, {});
  std::string outA, outB;
  SliceResult ra, rb;
  do {  // interleaved
    ra = a->resume(3);
    outA += ra.output;
    rb = b->resume(5);
    outB += rb.output;
  } while (ra.status == Status::Running || rb.status == Status::Running);
  EXPECT_EQ(outA, outB);
  EXPECT_FALSE(outA.empty());
}

} // namespace
} // namespace viper::test
