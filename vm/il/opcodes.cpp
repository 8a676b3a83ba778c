#include "il/opcodes.hpp"
#include <array>

namespace viper::il {
namespace {

struct OpInfo {
  std::string_view name;
  OpShape shape;
  bool terminator;
};

constexpr std::array<OpInfo, kOpcodeCount> kInfo = {{
#define IL_OPCODE(E, M, S, T) {M, OpShape::S, T},
#include "il/opcodes.def"
#undef IL_OPCODE
}};

} // namespace

std::string_view mnemonic(Opcode op) { return kInfo[static_cast<size_t>(op)].name; }
OpShape shape(Opcode op) { return kInfo[static_cast<size_t>(op)].shape; }
bool isTerminator(Opcode op) { return kInfo[static_cast<size_t>(op)].terminator; }

std::optional<Opcode> parseOpcode(std::string_view m) {
  for (size_t i = 0; i < kInfo.size(); ++i)
    if (kInfo[i].name == m) return static_cast<Opcode>(i);
  return std::nullopt;
}

} // namespace viper::il
