// The Zia front end through the driver: every golden/zia program on both engines (NAME.out/.exit/.err/.in as golden_test.cpp),
// every bad/zia program's expected diagnostic (first line `// expect-error: L:C: msg`),
// and generated hostile input that must be diagnosed without crashing or hanging.
// `viper_zia_tests --run FILE [--il]` compiles and runs one file (a development aid).
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>
#include <iostream>
#include <cstdlib>
#include <random>
#include <sstream>

namespace viper::test {
namespace {

// Through the driver, as the CLI compiles a .zia file: front end, verify, passes, verify.
Compiled compileZia(const std::string &text, const std::string &name) { return compileText(text, name); }

Ran runZia(const std::string &text, driver::Engine engine, const std::string &input, const std::string &name) {
  return runText(text, engine, input, name);
}

std::string sidecar(const std::filesystem::path &p, const char *ext, const std::string &fallback) {
  auto s = p;
  s.replace_extension(ext);
  return std::filesystem::exists(s) ? readText(s) : fallback;
}

struct Case {
  std::filesystem::path program;
  driver::Engine engine;
};

class ZiaGolden : public ::testing::TestWithParam<Case> {};

TEST_P(ZiaGolden, MatchesExpectedOutput) {
  const Case &c = GetParam();
  Ran r = runZia(readText(c.program), c.engine, sidecar(c.program, ".in", ""), c.program.filename().string());
  EXPECT_EQ(r.out, sidecar(c.program, ".out", "")) << "stderr: " << r.err;
  EXPECT_EQ(r.exitStatus, std::stoi(sidecar(c.program, ".exit", "0"))) << "stderr: " << r.err;
  std::string err = sidecar(c.program, ".err", "");
  while (!err.empty() && err.back() == '\n') err.pop_back();
  if (!err.empty()) EXPECT_NE(r.err.find(err), std::string::npos) << "expected in stderr: " << err << "\nstderr: " << r.err;
  else EXPECT_EQ(r.err, "");
}

std::vector<Case> goldenCases() {
  std::vector<Case> out;
  for (const auto &p : listFiles("golden/zia", ".zia"))
    for (auto e : {driver::Engine::IL, driver::Engine::BC}) out.push_back({p, e});
  return out;
}

INSTANTIATE_TEST_SUITE_P(Corpus, ZiaGolden, ::testing::ValuesIn(goldenCases()), [](const auto &info) {
  std::string n = info.param.program.stem().string() + (info.param.engine == driver::Engine::IL ? "_il" : "_bc");
  for (char &ch : n) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

class ZiaBad : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(ZiaBad, ReportsExpectedDiagnostic) {
  std::string text = readText(GetParam());
  const std::string tag = "// expect-error: ";
  ASSERT_EQ(text.rfind(tag, 0), 0u) << "first line must be '" << tag << "L:C: message'";
  std::string spec = text.substr(tag.size(), text.find('\n') - tag.size());
  unsigned line = 0, col = 0;
  ASSERT_EQ(std::sscanf(spec.c_str(), "%u:%u:", &line, &col), 2);
  std::string message = spec.substr(spec.find(": ") + 2);
  Compiled c = compileZia(text, GetParam().filename().string());
  ASSERT_FALSE(c.module) << "expected a compile error";
  bool found = false;
  for (const auto &d : c.diags)
    if (d.loc.line == line && d.loc.col == col && d.message.find(message) != std::string::npos) found = true;
  EXPECT_TRUE(found) << "expected " << spec << "\ngot:\n" << c.diagnostics;
  EXPECT_EQ(c.diagnostics.find("internal compiler error"), std::string::npos) << c.diagnostics;
}

INSTANTIATE_TEST_SUITE_P(Files, ZiaBad, ::testing::ValuesIn(listFiles("bad/zia", ".zia")),
                         [](const auto &info) { return info.param.stem().string(); });

// String reference counting: a program that keeps no strings in globals, objects or lists
// ends with none alive (every temporary and local released exactly once). The run's
// Context frees the rest either way; this catches lowering that forgets a release.
TEST(ZiaCorpus, NoStringLeaks) {
  for (const auto &p : listFiles("golden/zia", ".zia")) {
    std::string text = readText(p);
    if (std::filesystem::exists(std::filesystem::path(p).replace_extension(".err"))) continue;
    if (text.find("class ") != std::string::npos || text.find("List") != std::string::npos ||
        text.find("[") != std::string::npos || text.find("Split") != std::string::npos) continue;
    bool stringGlobal = false;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
      if ((line.rfind("var ", 0) == 0 || line.rfind("final ", 0) == 0 || line.rfind("let ", 0) == 0) &&
          (line.find('"') != std::string::npos || line.find("String") != std::string::npos)) stringGlobal = true;
    if (stringGlobal) continue;
    Compiled c = compileText(text, p.filename().string());
    ASSERT_TRUE(c.module) << p << c.diagnostics;
    rt::StringSink out;
    rt::StringSource in(sidecar(p, ".in", ""));
    rt::Context ctx(out, in);
    driver::RunOptions opts;
    driver::RunOutcome r = driver::runModule(*c.module, ctx, opts);
    EXPECT_EQ(ctx.liveStrings, 0) << p.filename();
  }
}

// Object reference counting: count the heap blocks (objects, lists, maps, boxes) each
// golden program leaves alive at the end of its run. The rc_* programs, which keep their
// blocks only in locals, parameters, fields and list/map elements, must end with none;
// every program is printed with its count when VIPER_ZIA_LIVE_BLOCKS is set.
TEST(ZiaCorpus, LiveBlocksAtExit) {
  const bool show = std::getenv("VIPER_ZIA_LIVE_BLOCKS") != nullptr;
  for (const auto &p : listFiles("golden/zia", ".zia")) {
    const std::string stem = p.stem().string();
    if (std::filesystem::exists(std::filesystem::path(p).replace_extension(".err"))) continue;
    if (!show && stem.rfind("rc_", 0) != 0) continue;
    Compiled c = compileText(readText(p), p.filename().string());
    ASSERT_TRUE(c.module) << p << c.diagnostics;
    rt::StringSink out;
    rt::StringSource in(sidecar(p, ".in", ""));
    rt::Context ctx(out, in);
    driver::RunOptions opts;
    driver::runModule(*c.module, ctx, opts);
    const size_t live = ctx.memory.heapBlocks().size();
    if (show) std::printf("live blocks %6zu  %s\n", live, stem.c_str());
    if (stem.rfind("rc_", 0) == 0 && stem != "rc_aliasing") {
      EXPECT_EQ(live, 0u) << p.filename();
    }
  }
}

// An optional Integer? is a box its variables share; a list keeps it alive by a reference
// (not a copy), so reading optional elements in a loop allocates nothing per read.
TEST(ZiaMemory, ReadingOptionalElementsAllocatesNothingPerRead) {
  const std::string text =
      "bind Viper.Terminal;\n"
      "func start() {\n"
      "    var xs: List[Integer?] = [1, null, 3];\n"
      "    var m: Map[String, Integer?] = new Map[String, Integer?]();\n"
      "    m[\"k\"] = 4;\n"
      "    var total = 0;\n"
      "    for i in 0..10000 {\n"
      "        var a = xs[i % 3];\n"
      "        for x in xs { total = total + (x ?? 10); }\n"
      "        total = total + (a ?? 0) + (m[\"k\"] ?? 0);\n"
      "    }\n"
      "    SayInt(total);\n"
      "}\n";
  Compiled c = compileText(text, "opt_reads.zia");
  ASSERT_TRUE(c.module) << c.diagnostics;
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  driver::RunOptions opts;
  driver::runModule(*c.module, ctx, opts);
  EXPECT_EQ(out.text, "193333\n");  // 13,333 + 140,000 + 40,000
  EXPECT_LT(ctx.memory.heapBlocks().size(), 100u) << "a block per read";
}

// Unboxed list elements: four kept 250,000-element List[Boolean]s fit in a 32 MB budget
// (8 MB of words); with a box per element they needed ~120 MB and ran out of memory.
TEST(ZiaMemory, UnboxedListsFitWhereBoxesDidNot) {
  const std::filesystem::path p = testsDir() / "golden/zia/list_bool_rounds.zia";
  Compiled c = compileText(readText(p), p.filename().string());
  ASSERT_TRUE(c.module) << c.diagnostics;
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  ctx.memoryLimit = 32u << 20;
  driver::RunOptions opts;
  driver::RunOutcome r = driver::runModule(*c.module, ctx, opts);
  EXPECT_EQ(r.exitStatus(), 0) << r.result.trap.message;
  EXPECT_EQ(out.text, readText(std::filesystem::path(p).replace_extension(".out")));
}

TEST(ZiaCorpus, Sizes) {
  EXPECT_GE(listFiles("golden/zia", ".zia").size(), 80u);
  EXPECT_GE(listFiles("bad/zia", ".zia").size(), 25u);
}

// Several independent mistakes: each reported once, at its own line:col, nothing more.
TEST(ZiaDiagnostics, SeveralErrorsWithoutCascades) {
  struct Case {
    const char *text;
    std::vector<std::string> expected;  ///< "L:C: message start", in order
  };
  const Case cases[] = {
      {"bind Viper.Terminal;\n"
       "func start() {\n"
       "    var a: Integer = \"x\";\n"
       "    a = a + undefinedThing;\n"
       "    SayInt(undefinedThing);\n"
       "    var b = a.Length;\n"
       "    Say(1 + true);\n"
       "}\n",
       {"3:22: cannot assign String to Integer", "4:13: undefined name 'undefinedThing'",
        "6:15: Integer has no member 'Length'", "7:11: operator '+' cannot be applied to Integer and Boolean"}},
      {"bind Viper.Terminal;\n"
       "func f(x: Integer) -> Integer { return x; }\n"
       "func start() {\n"
       "    var x = 1 +;\n"
       "    var y = 2;\n"
       "    if y { }\n"
       "    while (y < 3 { }\n"
       "    Say(\"ok\");\n"
       "}\n",
       {"4:16: expected an expression, got ';'", "7:18: expected ')' to close the parenthesis, got '{'"}},
      {"bind Viper.Terminal;\n"
       "class P { expose Integer x; }\n"
       "func g() -> Integer { }\n"
       "func start() {\n"
       "    var p = new P();\n"
       "    p.y = 3;\n"
       "    SayInt(g(1));\n"
       "    final k = 2;\n"
       "    k = 3;\n"
       "}\n",
       {"3:1: missing return in function 'g' returning Integer", "6:7: class 'P' has no field 'y'",
        "7:12: function g expects 0 arguments, got 1", "9:5: 'k' is final and cannot be assigned"}},
  };
  for (const Case &c : cases) {
    Compiled r = compileText(c.text, "multi.zia");
    ASSERT_FALSE(r.module);
    std::vector<std::string> got;
    for (const auto &d : r.diags) got.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message);
    ASSERT_EQ(got.size(), c.expected.size()) << r.diagnostics;
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].rfind(c.expected[i], 0), 0u) << got[i] << "\n" << r.diagnostics;
  }
}

// Hostile input: a diagnostic (never a crash, an internal error or a hang).
void expectDiagnosed(const std::string &text, const std::string &needle = "") {
  Compiled c = compileZia(text, "gen.zia");
  EXPECT_FALSE(c.module);
  EXPECT_FALSE(c.diags.empty());
  EXPECT_EQ(c.diagnostics.find("internal compiler error"), std::string::npos) << c.diagnostics.substr(0, 500);
  if (!needle.empty()) {
    EXPECT_NE(c.diagnostics.find(needle), std::string::npos) << c.diagnostics.substr(0, 500);
  }
}

TEST(ZiaHostile, RandomBytes) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 200; ++round) {
    std::string s(static_cast<size_t>(rng() % 2000), ' ');
    for (char &ch : s) ch = static_cast<char>(rng() & 0xFF);
    Compiled c = compileZia(s, "rand.zia");
    EXPECT_EQ(c.diagnostics.find("internal compiler error"), std::string::npos);
  }
}

TEST(ZiaHostile, RandomTokens) {
  const char *words[] = {"func", "start", "(", ")", "{", "}", "var", "x", "=", "1", ";", "if", "else", "while", "for",
                         "in", "..", "..=", "+", "*", "\"s${x}\"", "class", "C", "new", ".", "[", "]", "return", ",",
                         ":", "Integer", "String", "List", "bind", "Viper", "Terminal", "Say", "break", "self", "->"};
  std::mt19937 rng(777);
  for (int round = 0; round < 300; ++round) {
    std::string s = "bind Viper.Terminal;\nfunc start() {\n";
    int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) s += std::string(words[rng() % (sizeof(words) / sizeof(*words))]) + " ";
    s += "\n}\n";
    Compiled c = compileZia(s, "tok.zia");
    EXPECT_EQ(c.diagnostics.find("internal compiler error"), std::string::npos) << s << "\n" << c.diagnostics;
  }
}

// Every golden program, damaged at random (a byte dropped, doubled or replaced, a line
// duplicated or dropped): diagnosed or compiled, never an internal error or a crash.
// VIPER_ZIA_MUTATIONS raises the number of rounds for a longer local run.
TEST(ZiaHostile, MutatedCorpus) {
  const char *env = std::getenv("VIPER_ZIA_MUTATIONS");
  const int rounds = env ? std::atoi(env) : 3;
  std::mt19937 rng(4242);
  const std::string alphabet = "{}()[];:.,=+-*/<>!&|\"$ \nabcxyz019_";
  for (const auto &p : listFiles("golden/zia", ".zia")) {
    const std::string orig = readText(p);
    for (int round = 0; round < rounds; ++round) {
      std::string s = orig;
      int edits = 1 + static_cast<int>(rng() % 4);
      for (int k = 0; k < edits && !s.empty(); ++k) {
        size_t at = rng() % s.size();
        switch (rng() % 5) {
        case 0: s.erase(at, 1); break;
        case 1: s.insert(at, 1, s[at]); break;
        case 2: s[at] = alphabet[rng() % alphabet.size()]; break;
        case 3: {
          size_t b = s.rfind('\n', at), e = s.find('\n', at);
          b = b == std::string::npos ? 0 : b + 1;
          if (e == std::string::npos) e = s.size();
          s.insert(b, s.substr(b, e - b) + "\n");
          break;
        }
        default: {
          size_t b = s.rfind('\n', at), e = s.find('\n', at);
          b = b == std::string::npos ? 0 : b + 1;
          if (e == std::string::npos) e = s.size();
          s.erase(b, e - b);
        }
        }
      }
      Compiled c = compileText(s, "mutated.zia");
      ASSERT_EQ(c.diagnostics.find("internal compiler error"), std::string::npos) << p << "\n" << s << "\n" << c.diagnostics;
      if (!c.module) continue;
      // What still compiles also runs (under a budget: a damaged loop may never end).
      rt::StringSink out;
      rt::StringSource in;
      rt::Context ctx(out, in);
      driver::RunOptions opts;
      opts.maxSteps = 200000;
      driver::runModule(*c.module, ctx, opts);
    }
  }
}

TEST(ZiaHostile, OneMegabyteLine) {
  expectDiagnosed("func start() { var x = " + std::string(1 << 20, 'a') + " }");
  expectDiagnosed(std::string(1 << 20, '('));
  expectDiagnosed("func start() { var s = \"" + std::string(1 << 20, 'x'));
}

TEST(ZiaHostile, DeepNesting) {
  std::string blocks = "func start() {";
  for (int i = 0; i < 10000; ++i) blocks += "{";
  expectDiagnosed(blocks, "nesting too deep");
  std::string parens = "func start() { var x = ";
  for (int i = 0; i < 10000; ++i) parens += "(";
  expectDiagnosed(parens + "1", "nesting too deep");
  std::string ifs = "func start() {";
  for (int i = 0; i < 10000; ++i) ifs += "if true {";
  expectDiagnosed(ifs, "nesting too deep");
  std::string neg = "func start() { var x = ";
  for (int i = 0; i < 10000; ++i) neg += "-";
  expectDiagnosed(neg + "1; }", "nesting too deep");
  std::string lists = "func start() { var x = ";
  for (int i = 0; i < 10000; ++i) lists += "[";
  expectDiagnosed(lists, "nesting too deep");
  std::string interp = "func start() { var s = ";
  for (int i = 0; i < 300; ++i) interp += "\"${";
  expectDiagnosed(interp, "");
  std::string members = "func start() { var x = a";
  for (int i = 0; i < 10000; ++i) members += ".b";
  expectDiagnosed(members + "; }", "nesting too deep");
}

TEST(ZiaHostile, Unterminated) {
  expectDiagnosed("func start() { var s = \"abc", "unterminated string");
  expectDiagnosed("func start() { /* never closed", "unterminated block comment");
  expectDiagnosed("func start() { /* /* nested */ still open", "unterminated block comment");
  expectDiagnosed("func start() { var s = \"a ${1 + \"; }", "");
}

TEST(ZiaHostile, OnlyKeywords) {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "if while for var func class return else ";
  expectDiagnosed(s);
}

// Long operator chains are loops in the parser, type checking and lowering, and they run.
TEST(ZiaHostile, LongChains) {
  for (const char *op : {"+", "*", "-", "==", "&&", "<"}) {
    std::string e = "1";
    for (int i = 0; i < 10000; ++i) e += std::string(" ") + op + " 1";
    Compiled c = compileZia("bind Viper.Terminal;\nfunc start() { var x = " + e + "; }\n", "chain.zia");
    // `1 == 1 == ...` and `1 < 1 < ...` compare a Boolean with an Integer: a type error
    // (reported once), never a crash.
    EXPECT_EQ(c.diagnostics.find("internal compiler error"), std::string::npos);
    if (std::string(op) == "+" || std::string(op) == "*" || std::string(op) == "-") {
      EXPECT_TRUE(c.module) << c.diagnostics.substr(0, 300);
    }
  }
  std::string e = "1";
  for (int i = 0; i < 10000; ++i) e += " + 1";
  Ran r = runZia("bind Viper.Terminal;\nfunc start() { SayInt(" + e + "); }\n", driver::Engine::BC, "", "chain.zia");
  EXPECT_EQ(r.out, "10001\n") << r.err;
  std::string s = "\"a\"";
  for (int i = 0; i < 10000; ++i) s += " + \"a\"";
  r = runZia("bind Viper.Terminal;\nfunc start() { Say((" + s + ").Length); }\n", driver::Engine::BC, "", "chain.zia");
  EXPECT_EQ(r.out, "10001\n") << r.err;
}

} // namespace
} // namespace viper::test

int main(int argc, char **argv) {
  if (argc >= 3 && std::string(argv[1]) == "--run") {
    std::string text = viper::test::readText(argv[2]);
    bool il = argc >= 4 && std::string(argv[3]) == "--il";
    bool dump = argc >= 4 && std::string(argv[3]) == "--dump";
    if (dump) {
      auto c = viper::test::compileZia(text, std::filesystem::path(argv[2]).filename().string());
      std::cerr << c.diagnostics;
      return c.module ? 0 : 1;
    }
    std::string input;
    if (std::filesystem::exists(std::string(argv[2]).substr(0, std::string(argv[2]).size() - 4) + ".in"))
      input = viper::test::readText(std::string(argv[2]).substr(0, std::string(argv[2]).size() - 4) + ".in");
    auto r = viper::test::runZia(text, il ? viper::driver::Engine::IL : viper::driver::Engine::BC, input,
                                 std::filesystem::path(argv[2]).filename().string());
    std::cout << r.out;
    std::cerr << r.err;
    return r.exitStatus;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
