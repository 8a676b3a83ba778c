// viper_pass_timer: parses and verifies one IL file, runs the -O1 pipeline (or the
// --passes= list) on it and prints the wall time each pass took, summed over its runs,
// plus the parse, verify and print times around it. A developer tool for
// scripts/opt_scaling.py: the CLI's own output stays free of timings.
//
//   viper_pass_timer [--passes=a,b] FILE.il
#include "il/parser.hpp"
#include "il/verifier.hpp"
#include "passes/ir_util.hpp"
#include "passes/optimizer.hpp"
#include "runtime/registry.hpp"
#include "support/diag.hpp"
#include "support/source.hpp"
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool verify(const viper::il::Module &m) {
  viper::DiagnosticEngine d;
  viper::il::VerifyOptions opts;
  opts.refEffects = viper::rt::runtimeRefEffect;
  return viper::il::verifyModule(m, d, [](std::string_view n) { return viper::rt::runtimeSignature(n); }, opts);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> passes;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--passes=", 0) == 0) {
      std::stringstream ss(a.substr(9));
      for (std::string p; std::getline(ss, p, ',');) if (!p.empty()) passes.push_back(p);
    } else {
      file = a;
    }
  }
  if (file.empty()) { std::fprintf(stderr, "usage: viper_pass_timer [--passes=a,b] FILE.il\n"); return 2; }
  std::ifstream in(file, std::ios::binary);
  if (!in) { std::fprintf(stderr, "cannot read %s\n", file.c_str()); return 2; }
  std::stringstream text;
  text << in.rdbuf();
  viper::SourceManager sm;
  const uint32_t id = sm.add(file, text.str());
  viper::DiagnosticEngine diags;
  auto t = Clock::now();
  viper::il::Module m = viper::il::parseModule(sm, id, diags, [](std::string_view n) { return viper::rt::runtimeSignature(n); });
  const double parse = since(t);
  if (diags.hasErrors()) { std::fprintf(stderr, "%s: parse errors\n", file.c_str()); return 1; }
  t = Clock::now();
  if (!verify(m)) { std::fprintf(stderr, "%s: does not verify\n", file.c_str()); return 1; }
  const double verifyIn = since(t);
  const size_t before = viper::passes::instructionCount(m);
  t = Clock::now();
  viper::passes::PipelineResult r = passes.empty() ? viper::passes::optimizeModule(m, 1) : viper::passes::runPasses(m, passes);
  const double total = since(t);
  if (!r.unknownPass.empty()) { std::fprintf(stderr, "unknown pass %s\n", r.unknownPass.c_str()); return 2; }
  t = Clock::now();
  const bool ok = verify(m);
  const double verifyOut = since(t);
  // Per pass: runs, seconds summed over its runs, in first-run order.
  std::vector<std::string> order;
  std::map<std::string, std::pair<int, double>> per;
  for (const auto &run : r.runs) {
    if (!per.count(run.name)) order.push_back(run.name);
    auto &e = per[run.name];
    ++e.first;
    e.second += run.seconds;
  }
  std::printf("instructions\t%zu\t%zu\n", before, viper::passes::instructionCount(m));
  std::printf("parse\t1\t%.4f\n", parse);
  std::printf("verify\t2\t%.4f\n", verifyIn + verifyOut);
  for (const auto &n : order) std::printf("%s\t%d\t%.4f\n", n.c_str(), per[n].first, per[n].second);
  std::printf("optimizer\t%zu\t%.4f\n", r.runs.size(), total);
  if (!ok) { std::fprintf(stderr, "%s: invalid after the optimizer\n", file.c_str()); return 1; }
  return 0;
}
