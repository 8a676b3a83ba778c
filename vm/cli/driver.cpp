#include "cli/driver.hpp"
#include "cli/stdio_adapters.hpp"
#include "driver/pipeline.hpp"
#include "il/printer.hpp"
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>  // environ
#include <vector>

#ifndef VIPER_VERSION
#define VIPER_VERSION "dev"
#endif

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
    "  --max-steps N           stop with an error after N units of work (il: instructions;\n"
    "                          bc: backward jumps and calls)\n"
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
  bool stats = false, trace = false;
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
    if (s == "--version") { std::printf("viper %s\n", VIPER_VERSION); return 0; }
    if (s.rfind("--engine=", 0) == 0) { a.engine = s.substr(9); continue; }
    if (s == "--stats") { a.stats = true; continue; }
    if (s == "--trace") { a.trace = true; continue; }
    if (s == "--max-steps" && i + 1 < argc) {
      char *end = nullptr;
      a.maxSteps = std::strtoull(argv[++i], &end, 10);
      if (!end || *end) { std::fprintf(stderr, "viper: --max-steps needs a number\n"); return 2; }
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

void printStats(const bcvm::Profile &p) {
  uint64_t total = 0;
  std::vector<std::pair<uint64_t, unsigned>> ops;
  for (unsigned i = 0; i < p.ops.size(); ++i)
    if (p.ops[i]) { ops.push_back({p.ops[i], i}); total += p.ops[i]; }
  std::sort(ops.rbegin(), ops.rend());
  std::fprintf(stderr, "-- executed bytecode: %llu instructions --\n", static_cast<unsigned long long>(total));
  for (auto [n, op] : ops)
    std::fprintf(stderr, "%-10s %14llu  %5.1f%%\n", std::string(bc::opInfo(static_cast<bc::Op>(op)).name).c_str(),
                 static_cast<unsigned long long>(n), 100.0 * static_cast<double>(n) / static_cast<double>(total));
  std::vector<std::pair<uint64_t, unsigned>> pairs;
  for (unsigned i = 0; i < p.pairs.size(); ++i) if (p.pairs[i]) pairs.push_back({p.pairs[i], i});
  std::sort(pairs.rbegin(), pairs.rend());
  std::fprintf(stderr, "-- most frequent opcode pairs (superinstruction candidates) --\n");
  for (size_t k = 0; k < pairs.size() && k < 20; ++k) {
    auto [n, idx] = pairs[k];
    std::string pair = std::string(bc::opInfo(static_cast<bc::Op>(idx / bc::kNumOps)).name) + " > " +
                       std::string(bc::opInfo(static_cast<bc::Op>(idx % bc::kNumOps)).name);
    std::fprintf(stderr, "%-22s %14llu  %5.1f%%\n", pair.c_str(), static_cast<unsigned long long>(n),
                 100.0 * static_cast<double>(n) / static_cast<double>(total));
  }
}

} // namespace

int runCli(int argc, char **argv) {
  Args a;
  if (int rc = parseArgs(argc, argv, a); rc >= 0) return rc;
  std::string text;
  if (!readFile(a.file, text)) {
    std::fprintf(stderr, "viper: cannot read '%s'\n", a.file.c_str());
    return 1;
  }
  SourceManager sm;
  uint32_t id = sm.add(a.file, std::move(text));
  DiagnosticEngine diags;
  auto module = driver::compileSource(sm, id, diags);
  std::fputs(diags.render(sm).c_str(), stderr);
  if (!module) {
    std::fprintf(stderr, "%zu error(s)\n", diags.errorCount());
    return 1;
  }
  if (a.command == "check") return 0;
  if (a.command == "il") {
    std::fputs(il::printModule(*module).c_str(), stdout);
    return 0;
  }
  if (a.command == "bc") {
    auto code = driver::compileBytecode(*module);
    if (!code) {
      std::fprintf(stderr, "%s: error: %s\n", a.file.c_str(), code.error().message.c_str());
      return 1;
    }
    std::fputs(driver::disassemble(*code, *module).c_str(), stdout);
    return 0;
  }
  StdoutSink out;
  StdinSource in;
  rt::Context ctx(out, in);
  // The program sees the words after `--` (GetArgument(0) is the first of them) and a
  // copy of this process's environment; SetVariable changes only the copy.
  ctx.args = a.programArgs;
  for (char **e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == 0 || eq == std::string_view::npos) continue;
    ctx.environment.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  driver::RunOptions opts;
  opts.maxSteps = a.maxSteps;
  opts.engine = a.engine == "il" ? driver::Engine::IL : driver::Engine::BC;
  opts.profile = a.stats;
  if (a.trace) opts.trace = [](const std::string &line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto outcome = driver::runModule(*module, ctx, opts);
  out.flush();
  if (!outcome.loadError.empty()) {
    std::fprintf(stderr, "%s: error: %s\n", a.file.c_str(), outcome.loadError.c_str());
  } else if (outcome.stepLimitHit) {
    std::fprintf(stderr, "viper: step limit of %llu reached\n", static_cast<unsigned long long>(a.maxSteps));
  } else if (outcome.result.status == exec::RunResult::Status::Trapped) {
    std::vector<std::string> files{a.file};
    std::fprintf(stderr, "%s\n", exec::formatTrap(outcome.result.trap, files).c_str());
  }
  if (a.stats) printStats(outcome.profile);
  return outcome.exitStatus();
}

} // namespace viper::cli
