#include "bytecode/parallel_move.hpp"
#include <algorithm>

namespace viper::bc {

std::vector<Move> sequentializeMoves(std::vector<Move> moves, uint32_t scratch) {
  std::vector<Move> out;
  std::erase_if(moves, [](const Move &m) { return !m.srcIsConst && m.src == m.dst; });
  // Constants read no slot: do them last, after every slot they might overwrite was read.
  std::vector<Move> consts;
  for (const Move &m : moves) if (m.srcIsConst) consts.push_back(m);
  std::erase_if(moves, [](const Move &m) { return m.srcIsConst; });

  auto isSource = [&](uint32_t slot) {
    return std::any_of(moves.begin(), moves.end(), [&](const Move &m) { return m.src == slot; });
  };
  while (!moves.empty()) {
    // A move whose destination nobody still needs to read can go now.
    auto ready = std::find_if(moves.begin(), moves.end(), [&](const Move &m) { return !isSource(m.dst); });
    if (ready != moves.end()) {
      out.push_back(*ready);
      moves.erase(ready);
      continue;
    }
    // Only cycles are left: save one destination's old value and read it from scratch.
    uint32_t saved = moves.front().dst;
    out.push_back({scratch, saved, false});
    for (Move &m : moves) if (m.src == saved) m.src = scratch;
  }
  out.insert(out.end(), consts.begin(), consts.end());
  return out;
}

} // namespace viper::bc
