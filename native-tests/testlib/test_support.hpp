// Helpers shared by the test binaries: compile text, run it on an engine, find corpus files.
#pragma once
#include "driver/pipeline.hpp"
#include "driver/session.hpp"
#include "il/module.hpp"
#include <filesystem>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace viper::test {

/// The native-tests/ directory.
std::filesystem::path testsDir();

/// Every file under native-tests/<sub> ending in `ext`, sorted.
std::vector<std::filesystem::path> listFiles(const std::string &sub, const std::string &ext);
/// The directories directly inside testsDir()/sub, sorted.
std::vector<std::filesystem::path> listDirs(const std::string &sub);

std::string readText(const std::filesystem::path &p);

struct Compiled {
  std::optional<il::Module> module;
  std::string diagnostics;  ///< rendered, as the CLI prints them
  std::vector<Diagnostic> diags;
};
Compiled compileText(const std::string &text, const std::string &name = "test.il");

struct Ran {
  std::string out;
  std::string err;  ///< load error, step limit or the trap line
  int exitStatus = 0;
};
/// Compiles (the language from `name`'s extension) and runs through the session API; a
/// compile error yields exitStatus 1 and the diagnostics in err. `args` are the program's
/// arguments (Viper.System.Environment.GetArgument); `maxSteps` the budget of the run
/// (err "step limit" when spent); `optLevel` the optimizer level (the CLI's default, -O1)
/// and `verifyEachPass` whether the IL is verified after every pass (a pass that breaks it
/// is then a compile error naming that pass).
Ran runText(const std::string &text, driver::Engine engine = driver::Engine::IL, const std::string &input = "",
            const std::string &name = "test.il", const std::vector<std::string> &args = {},
            uint64_t maxSteps = UINT64_MAX, int optLevel = 1, bool verifyEachPass = false);
/// The same for a program of several files (name -> text), started from `mainFile`.
Ran runSources(const std::map<std::string, std::string> &sources, const std::string &mainFile,
               driver::Engine engine = driver::Engine::IL, const std::string &input = "",
               const std::vector<std::string> &args = {}, uint64_t maxSteps = UINT64_MAX, int optLevel = 1,
               bool verifyEachPass = false);

/// The two halves of runSources, for a test that runs one compiled program many times.
driver::CompileResult compileSources(const std::map<std::string, std::string> &sources, const std::string &mainFile,
                                     int optLevel = 1, bool verifyEachPass = false);
Ran runCompiled(const driver::CompileResult &c, driver::Engine engine, const std::string &input = "",
                const std::vector<std::string> &args = {}, uint64_t maxSteps = UINT64_MAX);

/// A golden program's NAME.args sidecar: one argument per line (none without the file).
std::vector<std::string> programArgs(const std::filesystem::path &program);

} // namespace viper::test
