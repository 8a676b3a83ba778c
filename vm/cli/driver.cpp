#include "cli/driver.hpp"
#include "cli/stdio_adapters.hpp"
#include "driver/pipeline.hpp"
#include "il/printer.hpp"
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
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
    "  run FILE [-- ARGS...]   compile and run a program (.il)\n"
    "  check FILE              parse and verify; report every error\n"
    "  il FILE                 print the program as normalized IL\n"
    "\n"
    "options:\n"
    "  --engine=il             execution engine (il: reference interpreter)\n"
    "  --max-steps N           stop with an error after N executed instructions\n"
    "  --help                  show this help\n"
    "  --version               show the version\n"
    "\n"
    "exit status: main's return value; 1 on compile errors or an unhandled trap.\n";

struct Args {
  std::string command;
  std::string file;
  std::string engine = "il";
  uint64_t maxSteps = UINT64_MAX;
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
  if (a.command != "run" && a.command != "check" && a.command != "il") {
    std::fprintf(stderr, "viper: unknown command '%s'\n%s", a.command.c_str(), kUsage);
    return 2;
  }
  if (a.engine != "il") { std::fprintf(stderr, "viper: unknown engine '%s' (available: il)\n", a.engine.c_str()); return 2; }
  return -1;
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
  auto module = driver::compileIL(sm, id, diags);
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
  StdoutSink out;
  StdinSource in;
  rt::Context ctx(out, in);
  driver::RunOptions opts;
  opts.maxSteps = a.maxSteps;
  auto outcome = driver::runModule(*module, ctx, opts);
  out.flush();
  if (!outcome.loadError.empty()) {
    std::fprintf(stderr, "%s: error: %s\n", a.file.c_str(), outcome.loadError.c_str());
  } else if (outcome.stepLimitHit) {
    std::fprintf(stderr, "viper: step limit of %llu instructions reached\n", static_cast<unsigned long long>(a.maxSteps));
  } else if (outcome.result.status == exec::RunResult::Status::Trapped) {
    std::vector<std::string> files{a.file};
    std::fprintf(stderr, "%s\n", exec::formatTrap(outcome.result.trap, files).c_str());
  }
  return outcome.exitStatus();
}

} // namespace viper::cli
