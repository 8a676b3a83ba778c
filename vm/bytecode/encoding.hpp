// Instruction words <-> a decoded instruction. The compiler builds Insns, the encoder
// packs them by the opcode's format, and the verifier, disassembler and tests decode them.
#pragma once
#include "bytecode/bytecode.hpp"
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace viper::bc {

/// One decoded instruction. Field values follow the format: registers and U8 as unsigned,
/// S8/SImm/Jump24 as signed; `bx` holds Bx (or sJ), `ext` the extension word.
struct Insn {
  Op op = Op::RETV;
  uint32_t a = 0, b = 0, c = 0;
  int32_t bx = 0;
  uint32_t ext = 0;
  bool operator==(const Insn &o) const = default;
};

/// True if every field of `in` fits its format (registers < 256, immediates in range).
bool fitsFormat(const Insn &in);
/// Appends the words of `in` (which must fit its format).
void encode(const Insn &in, std::vector<uint32_t> &out);
/// Decodes the instruction at words[0..avail); nullopt if the opcode is unknown or the
/// extension word is missing.
std::optional<Insn> decode(const uint32_t *words, size_t avail);

inline uint32_t packSlots(uint32_t window, uint32_t dest) { return window | (dest << 16); }
inline uint32_t slotsWindow(uint32_t ext) { return ext & 0xFFFF; }
inline uint32_t slotsDest(uint32_t ext) { return ext >> 16; }

} // namespace viper::bc
