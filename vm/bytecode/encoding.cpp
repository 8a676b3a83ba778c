#include "bytecode/encoding.hpp"

namespace viper::bc {

namespace {

bool fieldFits(Field f, uint32_t v) {
  switch (f) {
  case Field::No: return v == 0;
  case Field::Reg: case Field::U8: return v <= 0xFF;
  case Field::S8: return static_cast<int32_t>(v) >= -128 && static_cast<int32_t>(v) <= 127;
  }
  return false;
}

uint32_t fieldBits(Field f, uint32_t v) { return f == Field::S8 ? (v & 0xFF) : v; }

uint32_t readField(Field f, uint32_t byte) {
  if (f == Field::No) return 0;
  if (f == Field::S8) return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(byte)));
  return byte;
}

} // namespace

bool fitsFormat(const Insn &in) {
  if (static_cast<unsigned>(in.op) >= kNumOps) return false;
  const FormatInfo &f = formatOf(in.op);
  if (!fieldFits(f.a, in.a)) return false;
  switch (f.bx) {
  case BxKind::None:
    if (!fieldFits(f.b, in.b) || !fieldFits(f.c, in.c) || in.bx != 0) return false;
    break;
  case BxKind::SImm: if (in.bx < INT16_MIN || in.bx > INT16_MAX) return false; break;
  case BxKind::Jump24: if (in.bx < -(1 << 23) || in.bx >= (1 << 23) || in.a != 0) return false; break;
  default: if (in.bx < 0 || in.bx > 0xFFFF) return false; break;
  }
  if (f.bx != BxKind::None && (in.b != 0 || in.c != 0)) return false;
  if (f.ext == ExtKind::None && in.ext != 0) return false;
  if (f.ext == ExtKind::Reg16 && in.ext > 0xFFFF) return false;
  return true;
}

void encode(const Insn &in, std::vector<uint32_t> &out) {
  const FormatInfo &f = formatOf(in.op);
  uint32_t w = static_cast<uint32_t>(in.op);
  if (f.bx == BxKind::Jump24) {
    w |= static_cast<uint32_t>(in.bx) << 8;
  } else {
    w |= fieldBits(f.a, in.a) << 8;
    if (f.bx != BxKind::None) w |= (static_cast<uint32_t>(in.bx) & 0xFFFF) << 16;
    else w |= fieldBits(f.b, in.b) << 16 | fieldBits(f.c, in.c) << 24;
  }
  out.push_back(w);
  if (f.ext != ExtKind::None) out.push_back(in.ext);
}

std::optional<Insn> decode(const uint32_t *words, size_t avail) {
  if (avail == 0) return std::nullopt;
  uint32_t w = words[0];
  if ((w & 0xFF) >= kNumOps) return std::nullopt;
  Insn in;
  in.op = opOf(w);
  const FormatInfo &f = formatOf(in.op);
  if (f.bx == BxKind::Jump24) {
    in.bx = fieldSJ(w);
  } else {
    in.a = readField(f.a, fieldA(w));
    if (f.bx == BxKind::SImm) in.bx = fieldSBx(w);
    else if (f.bx != BxKind::None) in.bx = static_cast<int32_t>(fieldBx(w));
    else {
      in.b = readField(f.b, fieldB(w));
      in.c = readField(f.c, fieldC(w));
    }
  }
  if (f.ext != ExtKind::None) {
    if (avail < 2) return std::nullopt;
    in.ext = words[1];
  }
  return in;
}

} // namespace viper::bc
