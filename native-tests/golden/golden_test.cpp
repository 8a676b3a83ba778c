// The golden corpus as a specification: every program under golden/<lang>/ runs on every
// engine and must produce exactly NAME.out on stdout, exit with NAME.exit (default 0) and,
// where NAME.err exists, report a trap containing that text. NAME.in feeds stdin and
// NAME.args gives the program's arguments, one per line.
// The languages, engines, sidecars and how each is compared live in golden/rules.json,
// which the WebAssembly runner (wasm-tests/golden.test.mjs) reads too: add a language or
// an engine there; this file implements the comparisons the rules name.
#include "driver/languages.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>
#include <cctype>
#include <map>
#include <sstream>

namespace viper::test {
namespace {

// --- a reader for the JSON shape of rules.json (objects, arrays, strings, numbers) -------
struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  std::string text;  ///< String; Number and Bool keep their spelling
  std::vector<Json> items;
  // An object's members as two parallel lists: a vector<pair<string, Json>> inside Json
  // does not compile with clang 14 and libstdc++ 12 (pair needs Json complete).
  std::vector<std::string> keys;
  std::vector<Json> values;
  const Json &operator[](const std::string &key) const {
    static const Json none;
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] == key) return values[i];
    return none;
  }
};

class JsonReader {
public:
  explicit JsonReader(std::string s) : s_(std::move(s)) {}
  Json parse() {
    Json v = value();
    space();
    if (i_ != s_.size()) fail("text after the value");
    return v;
  }
  std::string error;

private:
  void fail(const char *what) { if (error.empty()) error = std::string(what) + " at byte " + std::to_string(i_); i_ = s_.size(); }
  void space() { while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_; }
  bool eat(char c) { space(); if (i_ < s_.size() && s_[i_] == c) { ++i_; return true; } return false; }
  std::string string() {
    std::string out;
    if (!eat('"')) { fail("expected a string"); return out; }
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c == '\\' && i_ < s_.size()) {
        char e = s_[i_++];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;  // \" \\ \/ as themselves; rules.json needs no \u
      } else {
        out += c;
      }
    }
    if (!eat('"')) fail("unterminated string");
    return out;
  }
  Json value() {
    Json v;
    space();
    if (i_ >= s_.size()) { fail("expected a value"); return v; }
    char c = s_[i_];
    if (c == '{') {
      v.kind = Json::Object;
      ++i_;
      if (eat('}')) return v;
      do {
        std::string k = string();
        if (!eat(':')) { fail("expected ':'"); return v; }
        v.keys.push_back(std::move(k));
        v.values.push_back(value());
      } while (eat(','));
      if (!eat('}')) fail("expected '}'");
    } else if (c == '[') {
      v.kind = Json::Array;
      ++i_;
      if (eat(']')) return v;
      do v.items.push_back(value()); while (eat(','));
      if (!eat(']')) fail("expected ']'");
    } else if (c == '"') {
      v.kind = Json::String;
      v.text = string();
    } else {
      size_t start = i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' || s_[i_] == '.' || s_[i_] == '+')) ++i_;
      v.text = s_.substr(start, i_ - start);
      if (v.text == "true" || v.text == "false") v.kind = Json::Bool;
      else if (v.text == "null") v.kind = Json::Null;
      else if (!v.text.empty()) v.kind = Json::Number;
      else fail("expected a value");
    }
    return v;
  }
  std::string s_;
  size_t i_ = 0;
};

// --- the rules ---------------------------------------------------------------------------
struct Sidecar {
  std::string ext, absent, how;  ///< how: the "compare" or "use" rule name
};
struct Language {
  std::string language, dir, ext;
};
struct Rules {
  std::vector<Language> languages;
  std::vector<std::string> engines;
  std::map<std::string, Sidecar> sidecars;  ///< by role: stdout, exit, stderr, stdin, args
  std::string multiFileMain;                ///< a directory holding this + ext is one program
  std::string error;
};

const Rules &rules() {
  static const Rules r = [] {
    Rules r;
    JsonReader reader(readText(testsDir() / "golden" / "rules.json"));
    Json j = reader.parse();
    r.error = reader.error;
    for (const auto &l : j["languages"].items) r.languages.push_back({l["language"].text, "golden/" + l["dir"].text, l["ext"].text});
    for (const auto &e : j["engines"].items) r.engines.push_back(e.text);
    r.multiFileMain = j["multiFile"]["main"].text;
    const Json &sidecars = j["sidecars"];
    for (size_t m = 0; m < sidecars.keys.size(); ++m) {
      const std::string &role = sidecars.keys[m];
      const Json &s = sidecars.values[m];
      const Json &how = s["compare"].kind == Json::String ? s["compare"] : s["use"];
      r.sidecars[role] = {s["ext"].text, s["absent"].text, how.text};
    }
    return r;
  }();
  return r;
}

// The comparisons and uses rules.json may name; anything else fails RulesAreKnown.
const std::map<std::string, std::string> kKnownRules = {
    {"stdout", "equal"}, {"exit", "integer"}, {"stderr", "contains-trimmed"}, {"stdin", "text-then-eof"}, {"args", "lines"}};

std::optional<driver::Engine> engineNamed(const std::string &name) {
  if (name == "il") return driver::Engine::IL;
  if (name == "bc") return driver::Engine::BC;
  return std::nullopt;
}

TEST(GoldenRules, AreKnown) {
  const Rules &r = rules();
  ASSERT_EQ(r.error, "") << "golden/rules.json";
  EXPECT_FALSE(r.languages.empty());
  EXPECT_FALSE(r.engines.empty());
  EXPECT_FALSE(r.multiFileMain.empty()) << "rules.json has no multiFile.main";
  for (const auto &e : r.engines) EXPECT_TRUE(engineNamed(e)) << "unknown engine in rules.json: " << e;
  EXPECT_EQ(r.sidecars.size(), kKnownRules.size());
  for (const auto &[role, how] : kKnownRules) {
    auto it = r.sidecars.find(role);
    ASSERT_NE(it, r.sidecars.end()) << "rules.json has no sidecar for " << role;
    EXPECT_EQ(it->second.how, how) << "this runner implements only '" << how << "' for " << role;
    EXPECT_FALSE(it->second.ext.empty()) << role;
  }
  // The runner picks the language by extension (driver::languageForPath, as the CLI does);
  // rules.json names it for runners that must say it (the WASM API): both must agree.
  for (const auto &l : r.languages)
    EXPECT_EQ(std::string(driver::languageForPath("x" + l.ext).name), l.language) << l.ext;
}

// Every program runs unoptimized (-O0) and optimized (-O1, the verifier after every
// pass): both must give the expected output, exit status and trap text.
struct GoldenCase {
  std::filesystem::path program;  ///< the file that runs (DIR/NAME/main.zia for several files)
  bool multiFile = false;
  std::string engine;
  int optLevel = 1;
};

// Without this gtest prints a case as its raw bytes, padding included, which valgrind
// (valgrind_golden_bc_*) reports as a read of uninitialised memory.
void PrintTo(const GoldenCase &c, std::ostream *os) { *os << c.program.generic_string() << ' ' << c.engine << " -O" << c.optLevel; }

std::vector<GoldenCase> allCases() {
  std::vector<GoldenCase> cases;
  for (const auto &lang : rules().languages)
  {
    for (const auto &p : listFiles(lang.dir, lang.ext))
      for (const auto &e : rules().engines)
        for (int opt : {0, 1}) cases.push_back({p, false, e, opt});
    for (const auto &d : listDirs(lang.dir)) {
      const auto main = d / (rules().multiFileMain + lang.ext);
      if (!std::filesystem::exists(main)) continue;
      for (const auto &e : rules().engines)
        for (int opt : {0, 1}) cases.push_back({main, true, e, opt});
    }
  }
  return cases;
}

// A case's sources: the program file by its name, or every file of a multi-file
// program's directory by its path relative to the directory.
std::map<std::string, std::string> sourcesOf(const GoldenCase &c, const std::string &ext) {
  std::map<std::string, std::string> out;
  if (!c.multiFile) {
    out[c.program.filename().string()] = readText(c.program);
    return out;
  }
  const auto dir = c.program.parent_path();
  for (const auto &e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext)
      out[std::filesystem::relative(e.path(), dir).generic_string()] = readText(e.path());
  return out;
}

std::string sidecar(const std::filesystem::path &p, const std::string &role) {
  const Sidecar &s = rules().sidecars.at(role);
  auto f = p;
  f.replace_extension(s.ext);
  return std::filesystem::exists(f) ? readText(f) : s.absent;
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesExpectedOutput) {
  const GoldenCase &c = GetParam();
  auto engine = engineNamed(c.engine);
  ASSERT_TRUE(engine) << c.engine;
  // Verified after every pass: a pass that breaks the IL fails here, naming the pass.
  Ran r = runSources(sourcesOf(c, c.program.extension().string()), c.program.filename().string(), *engine,
                     sidecar(c.program, "stdin"), lines(sidecar(c.program, "args")), UINT64_MAX, c.optLevel,
                     /*verifyEachPass=*/true);
  EXPECT_EQ(r.out, sidecar(c.program, "stdout")) << "stderr: " << r.err;
  EXPECT_EQ(r.exitStatus, std::stoi(sidecar(c.program, "exit"))) << "stderr: " << r.err;
  std::string err = sidecar(c.program, "stderr");
  while (!err.empty() && err.back() == '\n') err.pop_back();
  if (!err.empty()) EXPECT_NE(r.err.find(err), std::string::npos) << "expected in stderr: " << err << "\nstderr: " << r.err;
  else EXPECT_EQ(r.err, "");
}

INSTANTIATE_TEST_SUITE_P(Corpus, Golden, ::testing::ValuesIn(allCases()), [](const auto &info) {
  // DIR_NAME for one file, DIR_NAME_main for a directory NAME of several.
  const auto &p = info.param.program;
  std::string n = (info.param.multiFile ? p.parent_path().parent_path().filename().string() + "_" + p.parent_path().filename().string()
                                        : p.parent_path().filename().string()) +
                  "_" + p.stem().string() + "_" + info.param.engine + "_O" + std::to_string(info.param.optLevel);
  for (char &ch : n) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

} // namespace
} // namespace viper::test
