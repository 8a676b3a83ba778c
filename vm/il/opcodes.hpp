// The IL opcode enum and per-opcode facts, generated from opcodes.def.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace viper::il {

/// Operand syntax and typing family of an opcode.
enum class OpShape : uint8_t {
  WrapBin, CheckedBin, IdxChk, BitBin, FloatBin, ICmp, FCmp, Convert, Alloca, Gep, Load, Store,
  GlobalRef, NoOperand, ConstF64, Call, CallIndirect, Switch, Br, Cbr, Ret, ErrQuery,
  TrapFromErr, TrapErr, EhPush, Resume, ResumeLabel, Select
};

enum class Opcode : uint8_t {
#define IL_OPCODE(E, M, S, T) E,
#include "il/opcodes.def"
#undef IL_OPCODE
};

inline constexpr unsigned kOpcodeCount = 0
#define IL_OPCODE(E, M, S, T) +1
#include "il/opcodes.def"
#undef IL_OPCODE
    ;
static_assert(kOpcodeCount == 84, "spec/il.md defines 84 opcodes");

std::string_view mnemonic(Opcode op);
OpShape shape(Opcode op);
bool isTerminator(Opcode op);
std::optional<Opcode> parseOpcode(std::string_view mnemonic);

} // namespace viper::il
