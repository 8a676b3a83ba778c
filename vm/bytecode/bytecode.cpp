#include "bytecode/bytecode.hpp"
#include <algorithm>

namespace viper::bc {

namespace {
constexpr OpInfo kOps[] = {
#define BC_OP(Name, Fmt, Flags, Doc) {#Name, Format::Fmt, Flags, Doc},
#include "bytecode/opcodes.def"
#undef BC_OP
};
constexpr FormatInfo kFormats[] = {
#define BC_FORMAT(Name, A, B, C, Bx, Ext) {Field::A, Field::B, Field::C, BxKind::Bx, ExtKind::Ext},
#include "bytecode/formats.def"
#undef BC_FORMAT
};
} // namespace

const OpInfo &opInfo(Op op) { return kOps[static_cast<unsigned>(op)]; }
const FormatInfo &formatInfo(Format f) { return kFormats[static_cast<unsigned>(f)]; }

const Function *Module::functionAt(uint32_t pc) const {
  for (const auto &f : functions)
    if (f.defined && pc >= f.entry && pc < f.end) return &f;
  return nullptr;
}

const PcEntry *Module::origin(const Function &f, uint32_t pc) const {
  auto it = std::upper_bound(f.pcMap.begin(), f.pcMap.end(), pc,
                             [](uint32_t p, const PcEntry &e) { return p < e.pc; });
  if (it == f.pcMap.begin()) return nullptr;
  return &*(it - 1);
}

} // namespace viper::bc
