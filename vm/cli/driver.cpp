#include "cli/driver.hpp"
#include "cli/stdio_adapters.hpp"
#include "driver/languages.hpp"
#include "driver/session.hpp"
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>  // environ
#include <vector>

namespace viper::cli {
namespace {

const char kUsage[] =
    "usage: viper <command> [options] FILE\n"
    "\n"
    "commands:\n"
    "  run FILE [-- ARGS...]   compile and run a program (.bas BASIC, or .il)\n"
    "  check FILE              parse and verify; report every error\n"
    "  il FILE                 print the program as normalized IL\n"
    "  bc FILE                 print the bytecode, each IL instruction beside what it became\n"
    "\n"
    "options:\n"
    "  --engine=bc|il          execution engine: bc = bytecode VM (default),\n"
    "                          il = reference IL interpreter\n"
    "  --max-steps N           stop with an error after N units of work (calls, jumps back\n"
    "                          to a loop's start, traps handled, resumes: the same on both\n"
    "                          engines)\n"
    "  --max-memory N[K|M|G]   the program's memory budget (strings, arrays, frames);\n"
    "                          past it an allocation is an out-of-memory trap (default 1G)\n"
    "  -O0 | -O1               optimizer off | on (default -O1: SCCP, dead code, CFG\n"
    "                          simplification, peepholes, value numbering, loop-invariant\n"
    "                          hoisting, inlining); -O0 is the plain pipeline\n"
    "  --passes=a,b,c          run exactly these optimizer passes, in order (sccp, dce,\n"
    "                          simplifycfg, peephole, gvn, licm, inline)\n"
    "  --verify-each           verify the IL after every optimizer pass\n"
    "  --stats                 (bc) print executed counts per opcode and the top opcode pairs\n"
    "  --trace                 (bc) print every executed instruction to stderr\n"
    "  --help                  show this help\n"
    "  --version               show the version\n"
    "\n"
    "The program reads ARGS with Viper.System.Environment.GetArgument (index 0 is the\n"
    "first word after --) and a copy of the environment (SetVariable changes only the copy).\n"
    "\n"
    "exit status: main's return value or the code given to Viper.System.Environment.Exit;\n"
    "1 on compile errors or an unhandled trap.\n";

struct Args {
  std::string command;
  std::string file;
  std::string engine = "bc";
  uint64_t maxSteps = UINT64_MAX;
  uint64_t maxMemory = 0;
  bool stats = false, trace = false;
  int optLevel = 1;
  std::vector<std::string> passes;
  bool verifyEach = false;
  std::vector<std::string> programArgs;
};

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

int parseArgs(int argc, char **argv, Args &a) {
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--") {
      for (++i; i < argc; ++i) a.programArgs.push_back(argv[i]);
      break;
    }
    if (s == "--help" || s == "-h") { std::fputs(kUsage, stdout); return 0; }
    if (s == "--version") { std::printf("viper %s\n", driver::version()); return 0; }
    if (s.rfind("--engine=", 0) == 0) { a.engine = s.substr(9); continue; }
    if (s == "--stats") { a.stats = true; continue; }
    if (s == "-O0" || s == "-O1") { a.optLevel = s[2] - '0'; continue; }
    if (s == "--verify-each") { a.verifyEach = true; continue; }
    if (s.rfind("--passes=", 0) == 0) {
      std::string err;
      if (!driver::parsePassList(s.substr(9), a.passes, err)) { std::fprintf(stderr, "viper: %s\n", err.c_str()); return 2; }
      continue;
    }
    if (s == "--trace") { a.trace = true; continue; }
    if (s == "--max-steps" && i + 1 < argc) {
      char *end = nullptr;
      a.maxSteps = std::strtoull(argv[++i], &end, 10);
      if (!end || *end) { std::fprintf(stderr, "viper: --max-steps needs a number\n"); return 2; }
      continue;
    }
    if (s == "--max-memory" && i + 1 < argc) {
      char *end = nullptr;
      const char *v = argv[++i];
      uint64_t n = std::strtoull(v, &end, 10);
      int shift = 0;
      if (end && *end && !end[1]) shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' || *end == 'm' ? 20 : *end == 'G' || *end == 'g' ? 30 : -1;
      if (!end || end == v || shift < 0 || (*end && end[1]) || n == 0 || n > (UINT64_MAX >> shift)) {
        std::fprintf(stderr, "viper: --max-memory needs a size such as 64M or 2G\n");
        return 2;
      }
      a.maxMemory = n << shift;
      continue;
    }
    if (s.size() > 1 && s[0] == '-') { std::fprintf(stderr, "viper: unknown option '%s'\n%s", s.c_str(), kUsage); return 2; }
    if (a.command.empty()) a.command = s;
    else if (a.file.empty()) a.file = s;
    else { std::fprintf(stderr, "viper: unexpected argument '%s'\n", s.c_str()); return 2; }
  }
  if (a.command.empty() || a.file.empty()) { std::fputs(kUsage, stderr); return 2; }
  if (a.command != "run" && a.command != "check" && a.command != "il" && a.command != "bc") {
    std::fprintf(stderr, "viper: unknown command '%s'\n%s", a.command.c_str(), kUsage);
    return 2;
  }
  if (a.engine != "il" && a.engine != "bc") {
    std::fprintf(stderr, "viper: unknown engine '%s' (available: bc, il)\n", a.engine.c_str());
    return 2;
  }
  if ((a.stats || a.trace) && a.engine != "bc") {
    std::fprintf(stderr, "viper: --stats and --trace need --engine=bc\n");
    return 2;
  }
  return -1;
}

std::map<std::string, std::string> hostEnvironment() {
  std::map<std::string, std::string> env;
  for (char **e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == 0 || eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

// Runs to the end, streaming output; stdin is read a line at a time when the program asks.
int runProgram(const Args &a, const driver::CompileResult &compiled) {
  StdoutSink out;
  driver::StartOptions so;
  so.engine = a.engine == "il" ? driver::EngineKind::Reference : driver::EngineKind::Bytecode;
  so.maxSteps = a.maxSteps;
  so.maxMemory = a.maxMemory;
  so.profile = a.stats;
  // The program sees the words after `--` (GetArgument(0) is the first of them) and a
  // copy of this process's environment; SetVariable changes only the copy.
  so.args = a.programArgs;
  so.environment = hostEnvironment();
  so.output = [&](std::string_view text) { out.write(text); };
  if (a.trace) so.trace = [](const std::string &line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto session = driver::RunSession::start(compiled.program, so);
  StdinSource in;
  driver::SliceResult r;
  for (;;) {
    r = session->resume();
    if (r.status != driver::SliceResult::Status::Input) break;
    out.flush();  // the prompt must be visible before we wait
    std::string line;
    if (in.readLine(line)) session->pushInput(line + "\n");
    else session->closeInput();
  }
  out.flush();
  switch (r.status) {
  case driver::SliceResult::Status::Error:
    std::fprintf(stderr, "%s: error: %s\n", a.file.c_str(), r.error.c_str());
    break;
  case driver::SliceResult::Status::StepLimit:
    std::fprintf(stderr, "viper: step limit of %llu reached\n", static_cast<unsigned long long>(a.maxSteps));
    break;
  case driver::SliceResult::Status::Trap: std::fprintf(stderr, "%s\n", r.trap.text.c_str()); break;
  default: break;
  }
  if (a.stats) std::fputs(session->profileText().c_str(), stderr);
  return r.exitCode;
}

} // namespace

int runCli(int argc, char **argv) {
  Args a;
  if (int rc = parseArgs(argc, argv, a); rc >= 0) return rc;
  driver::CompileRequest req;
  if (!readFile(a.file, req.sources[a.file])) {
    std::fprintf(stderr, "viper: cannot read '%s'\n", a.file.c_str());
    return 1;
  }
  const driver::Language &lang = driver::languageForPath(a.file);
  req.language = std::string(lang.name);
  // The files the program binds, read from disk relative to the one that binds them
  // (breadth first, each once); one that cannot be read is left to the front end, which
  // reports it at the bind.
  if (lang.imports) {
    req.mainFile = a.file;
    std::vector<std::string> todo = {a.file};
    for (size_t i = 0; i < todo.size(); ++i)
      for (const std::string &dep : lang.imports(todo[i], req.sources[todo[i]])) {
        if (req.sources.count(dep)) continue;
        std::string text;
        if (!readFile(dep, text)) continue;
        req.sources[dep] = std::move(text);
        todo.push_back(dep);
      }
  }
  req.wantTexts = a.command == "il" || a.command == "bc";
  req.optLevel = a.optLevel;
  req.passes = a.passes;
  req.verifyEachPass = a.verifyEach;
  driver::CompileResult compiled = driver::compile(req);
  std::fputs(compiled.diagnosticsText.c_str(), stderr);
  if (!compiled.ok) return 1;
  if (a.command == "check") return 0;
  if (a.command == "il") {
    std::fputs(compiled.il.c_str(), stdout);
    return 0;
  }
  if (a.command == "bc") {
    if (!compiled.bytecodeError.empty()) {
      std::fprintf(stderr, "%s: error: %s\n", a.file.c_str(), compiled.bytecodeError.c_str());
      return 1;
    }
    std::fputs(compiled.bytecode.c_str(), stdout);
    return 0;
  }
  return runProgram(a, compiled);
}

} // namespace viper::cli
