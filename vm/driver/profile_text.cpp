#include "driver/profile_text.hpp"
#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

namespace viper::driver {
namespace {

std::string row(const char *fmt, const std::string &name, uint64_t n, uint64_t total) {
  char buf[128];
  std::snprintf(buf, sizeof buf, fmt, name.c_str(), static_cast<unsigned long long>(n),
                total ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : 0.0);
  return buf;
}

} // namespace

std::string formatProfile(const bcvm::Profile &p) {
  uint64_t total = 0;
  std::vector<std::pair<uint64_t, unsigned>> ops;
  for (unsigned i = 0; i < p.ops.size(); ++i)
    if (p.ops[i]) { ops.push_back({p.ops[i], i}); total += p.ops[i]; }
  std::sort(ops.rbegin(), ops.rend());
  std::string s = "-- executed bytecode: " + std::to_string(total) + " instructions --\n";
  auto name = [](unsigned op) { return std::string(bc::opInfo(static_cast<bc::Op>(op)).name); };
  for (auto [n, op] : ops) s += row("%-10s %14llu  %5.1f%%\n", name(op), n, total);
  std::vector<std::pair<uint64_t, unsigned>> pairs;
  for (unsigned i = 0; i < p.pairs.size(); ++i)
    if (p.pairs[i]) pairs.push_back({p.pairs[i], i});
  std::sort(pairs.rbegin(), pairs.rend());
  s += "-- most frequent opcode pairs (superinstruction candidates) --\n";
  for (size_t k = 0; k < pairs.size() && k < 20; ++k) {
    auto [n, idx] = pairs[k];
    s += row("%-22s %14llu  %5.1f%%\n", name(idx / bc::kNumOps) + " > " + name(idx % bc::kNumOps), n, total);
  }
  return s;
}

} // namespace viper::driver
