#include "bytecode/parallel_move.hpp"
#include <unordered_map>
#include <algorithm>

namespace viper::bc {

// Linear in the number of moves (an edge may bind 100,000 parameters): a move goes once
// nobody still reads its destination; when only cycles remain, one destination's old
// value is saved to scratch and its readers read that instead.
std::vector<Move> sequentializeMoves(std::vector<Move> moves, uint32_t scratch) {
  std::vector<Move> out;
  std::erase_if(moves, [](const Move &m) { return !m.srcIsConst && m.src == m.dst; });
  // Constants read no slot: do them last, after every slot they might overwrite was read.
  std::vector<Move> consts;
  for (const Move &m : moves) if (m.srcIsConst) consts.push_back(m);
  std::erase_if(moves, [](const Move &m) { return m.srcIsConst; });

  std::unordered_map<uint32_t, uint32_t> readers;               // slot -> pending moves reading it
  std::unordered_map<uint32_t, std::vector<size_t>> readersOf;  // slot -> those moves
  std::unordered_map<uint32_t, size_t> writer;                  // slot -> the move writing it
  for (size_t k = 0; k < moves.size(); ++k) {
    ++readers[moves[k].src];
    readersOf[moves[k].src].push_back(k);
    writer[moves[k].dst] = k;
  }
  std::vector<char> done(moves.size(), 0);
  std::vector<size_t> ready;
  for (size_t k = moves.size(); k-- > 0;)
    if (!readers.count(moves[k].dst)) ready.push_back(k);
  size_t pending = moves.size(), cursor = 0;
  while (pending > 0) {
    while (!ready.empty()) {
      const size_t k = ready.back();
      ready.pop_back();
      if (done[k]) continue;
      done[k] = 1;
      --pending;
      out.push_back(moves[k]);
      const uint32_t src = moves[k].src;
      if (src == scratch) continue;
      if (--readers[src] == 0)
        if (auto w = writer.find(src); w != writer.end() && !done[w->second]) ready.push_back(w->second);
    }
    if (pending == 0) break;
    // Only cycles are left: save one destination's old value and read it from scratch.
    while (done[cursor]) ++cursor;
    const uint32_t saved = moves[cursor].dst;
    out.push_back({scratch, saved, false});
    for (size_t r : readersOf[saved])
      if (!done[r] && moves[r].src == saved) moves[r].src = scratch;
    readers[saved] = 0;
    ready.push_back(cursor);
  }
  out.insert(out.end(), consts.begin(), consts.end());
  return out;
}

} // namespace viper::bc
