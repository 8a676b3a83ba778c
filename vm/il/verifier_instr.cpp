// Per-instruction typing rules (spec/il.md §4 and §9 rules 5-8, 10, 12).
#include "il/verifier_impl.hpp"
#include <set>

namespace viper::il::detail {
namespace {

std::string tn(Type t) { return std::string(typeName(t)); }

bool producesValue(Opcode op) {
  switch (shape(op)) {
  case OpShape::Store: case OpShape::Switch: case OpShape::Br: case OpShape::Cbr: case OpShape::Ret:
  case OpShape::TrapFromErr: case OpShape::EhPush: case OpShape::Resume: case OpShape::ResumeLabel:
    return false;
  case OpShape::NoOperand: return op == Opcode::ConstNull;
  default: return true;
  }
}

} // namespace

std::optional<Type> FunctionVerifier::valueType(const Value &v) const {
  switch (v.kind) {
  case ValueKind::Temp: return v.id < fn_.temps.size() ? std::optional<Type>(fn_.temps[v.id].type) : std::nullopt;
  case ValueKind::Int: return Type::I64;
  case ValueKind::Bool: return Type::I1;
  case ValueKind::Float: return Type::F64;
  case ValueKind::Null: return Type::Ptr;
  case ValueKind::Str: return Type::Str;
  case ValueKind::Global: return Type::Ptr;
  }
  return std::nullopt;
}

// Literal adaptation (spec/il.md §3): integer literals fit any integer width they fit in
// (i1 takes 0/1), true/false are i1, null is a ptr (or str) and @function is a ptr.
bool FunctionVerifier::checkValue(const Instr &in, const Value &v, Type expected, const std::string &what) {
  SourceLoc loc = v.loc.known() ? v.loc : in.textLoc;
  bool ok = false;
  switch (v.kind) {
  case ValueKind::Temp: ok = fn_.temps[v.id].type == expected; break;
  case ValueKind::Int: ok = isInteger(expected) && v.i >= typeMin(expected) && v.i <= typeMax(expected); break;
  case ValueKind::Bool: ok = expected == Type::I1; break;
  case ValueKind::Float: ok = expected == Type::F64; break;
  case ValueKind::Null: ok = expected == Type::Ptr || expected == Type::Str; break;
  case ValueKind::Str: ok = expected == Type::Str; break;
  case ValueKind::Global:
    if (!m_.function(v.s) && !m_.externDecl(v.s)) {
      error(loc, what + ": @" + v.s + " is not a function (use gaddr/addr_of/const_str for globals)");
      return false;
    }
    ok = expected == Type::Ptr;
    break;
  }
  if (!ok) {
    auto t = valueType(v);
    std::string got = v.kind == ValueKind::Int ? "integer literal " + std::to_string(v.i) : t ? tn(*t) : "?";
    error(loc, what + " must be " + tn(expected) + ", got " + got);
  }
  return ok;
}

void FunctionVerifier::checkTargetArgs(const Instr &in, const Target &t) {
  if (t.block < 0) return;
  const Block &dst = fn_.blocks[static_cast<size_t>(t.block)];
  if (dst.params.size() != t.args.size()) {
    error(t.loc.known() ? t.loc : in.textLoc, "branch to '" + dst.label + "' passes " + std::to_string(t.args.size()) +
                                                  " argument(s) but the block takes " + std::to_string(dst.params.size()));
    return;
  }
  for (size_t i = 0; i < t.args.size(); ++i)
    checkValue(in, t.args[i], dst.params[i].type, "argument " + std::to_string(i + 1) + " to '" + dst.label + "'");
}

void FunctionVerifier::checkCall(const Instr &in) {
  Signature sig;
  bool runtime = false;
  size_t firstArg = 0;
  if (in.op == Opcode::Call) {
    if (auto *f = m_.function(in.callee)) sig = f->sig;
    else if (auto *e = m_.externDecl(in.callee)) {
      sig = e->sig, runtime = true;
      // An extern is a runtime function (modules are not linked): one the runtime does not
      // have would only fail when the program runs.
      if (lookup_ && !lookup_(in.callee))
        error(in.textLoc, "@" + in.callee + " is not a function of the Viper runtime (declared at line " +
                              std::to_string(e->loc.line) + ")");
    }
    else if (auto s = lookup_ ? lookup_(in.callee) : std::nullopt) sig = *s, runtime = true;
    else { error(in.textLoc, "call to unknown function @" + in.callee); return; }
  } else {
    firstArg = 1;
    const Value &callee = in.operands[0];
    if (callee.kind == ValueKind::Global) {
      if (auto *f = m_.function(callee.s)) sig = f->sig;
      else { error(in.textLoc, "call.indirect target @" + callee.s + " is not a function"); return; }
      if (in.hasIndirectSig && (in.indirectSig.ret != sig.ret || in.indirectSig.params != sig.params))
        error(in.textLoc, "call.indirect signature does not match @" + callee.s);
    } else {
      if (!checkValue(in, callee, Type::Ptr, "call.indirect callee")) return;
      if (!in.hasIndirectSig) { error(in.textLoc, "call.indirect through a pointer needs a signature [R(P...)]"); return; }
      sig = in.indirectSig;
    }
  }
  size_t nargs = in.operands.size() - firstArg;
  if (nargs < sig.params.size() || (!sig.variadic && nargs != sig.params.size())) {
    error(in.textLoc, "call passes " + std::to_string(nargs) + " argument(s), callee expects " +
                          (sig.variadic ? "at least " : "") + std::to_string(sig.params.size()));
    return;
  }
  for (size_t i = 0; i < sig.params.size(); ++i) {
    const Value &v = in.operands[firstArg + i];
    // Runtime parameters typed `obj` are ptr in IL and also accept a str.
    if (runtime && sig.params[i] == Type::Ptr && valueType(v) == Type::Str) continue;
    // Call arguments are exact: an integer literal is i64.
    if (v.kind == ValueKind::Int && sig.params[i] != Type::I64) {
      error(v.loc.known() ? v.loc : in.textLoc, "argument " + std::to_string(i + 1) + " must be " + tn(sig.params[i]) +
                                                    ", got an integer literal (i64)");
      continue;
    }
    checkValue(in, v, sig.params[i], "argument " + std::to_string(i + 1));
  }
  if (in.result >= 0 && sig.ret == Type::Void) error(in.textLoc, "a call to a void function has no result");
  if (in.result >= 0 && in.type != sig.ret)
    error(in.textLoc, "result annotated " + tn(in.type) + " but the callee returns " + tn(sig.ret));
}

void FunctionVerifier::checkConvert(const Instr &in) {
  const Value &v = in.operands[0];
  Type t = in.type;
  switch (in.op) {
  case Opcode::Sitofp: case Opcode::CastSiToFp: case Opcode::CastUiToFp:
    checkValue(in, v, Type::I64, "operand"); break;
  case Opcode::Fptosi:
    if (!opts_.allowUncheckedOps) error(in.textLoc, "fptosi is not allowed here; use cast.fp_to_si.rte.chk");
    checkValue(in, v, Type::F64, "operand"); break;
  case Opcode::CastFpToSiRteChk: case Opcode::CastFpToUiRteChk:
    checkValue(in, v, Type::F64, "operand");
    if (!isWideInteger(t)) error(in.textLoc, "result type must be i16, i32 or i64, not " + tn(t));
    break;
  case Opcode::CastSiNarrowChk: case Opcode::CastUiNarrowChk: {
    auto vt = valueType(v);
    if (!vt || !isInteger(*vt)) error(in.textLoc, "operand must be an integer");
    if (!isInteger(t)) error(in.textLoc, "result type must be an integer type, not " + tn(t));
    break;
  }
  case Opcode::Zext1: checkValue(in, v, Type::I1, "operand"); break;
  case Opcode::Trunc1: checkValue(in, v, Type::I64, "operand"); break;
  default: break;
  }
}

void FunctionVerifier::checkEh(const Instr &in, const Block &b, size_t index) {
  switch (in.op) {
  case Opcode::EhEntry:
    if (index != 0) error(in.textLoc, "eh.entry must be the first instruction of a handler block");
    else if (b.params.size() != 2 || b.params[0].type != Type::Error || b.params[1].type != Type::ResumeTok)
      error(b.loc, "handler block '" + b.label + "' must take exactly (%err:Error, %tok:ResumeTok)");
    break;
  case Opcode::EhPush: {
    const Target &t = in.targets[0];
    if (t.block >= 0 && !fn_.blocks[static_cast<size_t>(t.block)].isHandler())
      error(t.loc, "eh.push target '" + t.label + "' is not a handler block (its first instruction must be eh.entry)");
    break;
  }
  case Opcode::ResumeSame: case Opcode::ResumeNext:
    checkValue(in, in.operands[0], Type::ResumeTok, "resume token");
    break;
  case Opcode::ResumeLabel: {
    checkValue(in, in.operands[0], Type::ResumeTok, "resume token");
    const Target &t = in.targets[0];
    if (t.block >= 0 && fn_.blocks[static_cast<size_t>(t.block)].isHandler())
      error(t.loc, "resume.label cannot target the handler block '" + t.label + "'");
    checkTargetArgs(in, t);
    break;
  }
  default: break;
  }
}

void FunctionVerifier::checkInstr(const Block &b, size_t index, const Instr &in) {
  if (in.result >= 0 && !producesValue(in.op)) error(in.textLoc, std::string(mnemonic(in.op)) + " produces no value");
  if (in.result >= 0 && in.type == Type::Void) error(in.textLoc, "a result cannot have type void");
  auto reject = [&] {
    if (!opts_.allowUncheckedOps)
      error(in.textLoc, std::string(mnemonic(in.op)) + " is not allowed here; use the checked form (.ovf / .chk0)");
  };
  const auto &ops = in.operands;
  switch (shape(in.op)) {
  case OpShape::WrapBin:
    if (in.op != Opcode::Shl && in.op != Opcode::LShr && in.op != Opcode::AShr) reject();
    checkValue(in, ops[0], Type::I64, "left operand");
    checkValue(in, ops[1], Type::I64, "right operand");
    break;
  case OpShape::CheckedBin: case OpShape::IdxChk:
    if (!isWideInteger(in.type)) { error(in.textLoc, "instruction type must be i16, i32 or i64, not " + tn(in.type)); break; }
    for (size_t i = 0; i < ops.size(); ++i) checkValue(in, ops[i], in.type, "operand " + std::to_string(i + 1));
    break;
  case OpShape::BitBin:
    if (!isInteger(in.type)) { error(in.textLoc, "instruction type must be an integer, not " + tn(in.type)); break; }
    for (size_t i = 0; i < ops.size(); ++i) checkValue(in, ops[i], in.type, "operand " + std::to_string(i + 1));
    break;
  case OpShape::FloatBin: case OpShape::FCmp:
    checkValue(in, ops[0], Type::F64, "left operand");
    checkValue(in, ops[1], Type::F64, "right operand");
    break;
  case OpShape::ICmp: {
    // Operands share one integer width; a literal adapts to the other operand's width.
    Type w = Type::I64;
    for (const auto &v : ops) if (v.kind == ValueKind::Temp) { w = fn_.temps[v.id].type; break; }
    if (!isInteger(w)) { error(in.textLoc, "integer comparison of " + tn(w) + " values"); break; }
    checkValue(in, ops[0], w, "left operand");
    checkValue(in, ops[1], w, "right operand");
    break;
  }
  case OpShape::Convert: checkConvert(in); break;
  case OpShape::Alloca:
    checkValue(in, ops[0], Type::I64, "alloca size");
    if (ops[0].kind == ValueKind::Int && ops[0].i < 0) error(in.textLoc, "alloca size must be >= 0");
    break;
  case OpShape::Gep:
    checkValue(in, ops[0], Type::Ptr, "gep base");
    checkValue(in, ops[1], Type::I64, "gep offset");
    break;
  case OpShape::Load: case OpShape::Store:
    if (in.memType == Type::Void) error(in.textLoc, "memory access type cannot be void");
    if (ops[0].kind != ValueKind::Temp) error(in.textLoc, "the address must be a ptr value (use gaddr for globals)");
    else checkValue(in, ops[0], Type::Ptr, "address");
    if (in.op == Opcode::Store) checkValue(in, ops[1], in.memType, "stored value");
    break;
  case OpShape::GlobalRef: {
    const Global *g = m_.global(ops[0].s);
    if (!g) { error(in.textLoc, "unknown global @" + ops[0].s); break; }
    bool wantStr = in.op != Opcode::GAddr;
    if (wantStr && g->type != Type::Str) error(in.textLoc, std::string(mnemonic(in.op)) + " needs a str global; @" + g->name + " is " + tn(g->type));
    if (!wantStr && g->type == Type::Str) error(in.textLoc, "gaddr needs a scalar global; use addr_of/const_str for str globals");
    break;
  }
  case OpShape::NoOperand:
    if (in.op == Opcode::ConstNull && in.type != Type::Ptr && in.type != Type::Str && in.type != Type::Error && in.type != Type::ResumeTok)
      error(in.textLoc, "const_null type must be ptr, str, error or resume_tok");
    checkEh(in, b, index);
    break;
  case OpShape::ConstF64:
    if (ops[0].kind != ValueKind::Float && ops[0].kind != ValueKind::Int) error(in.textLoc, "const.f64 needs a numeric literal");
    break;
  case OpShape::Call: case OpShape::CallIndirect: checkCall(in); break;
  case OpShape::Switch: {
    checkValue(in, ops[0], Type::I32, "switch.i32 scrutinee");
    std::set<int64_t> seen;
    for (int64_t v : in.caseValues) {
      if (v < typeMin(Type::I32) || v > typeMax(Type::I32)) error(in.textLoc, "case value " + std::to_string(v) + " does not fit i32");
      if (!seen.insert(v).second) error(in.textLoc, "duplicate case value " + std::to_string(v));
    }
    for (const auto &t : in.targets) checkTargetArgs(in, t);
    break;
  }
  case OpShape::Br: checkTargetArgs(in, in.targets[0]); break;
  case OpShape::Cbr:
    checkValue(in, ops[0], Type::I1, "cbr condition");
    for (const auto &t : in.targets) checkTargetArgs(in, t);
    break;
  case OpShape::Ret:
    if (fn_.sig.ret == Type::Void && !ops.empty()) error(in.textLoc, "ret with a value in a void function");
    else if (fn_.sig.ret != Type::Void && ops.empty()) error(in.textLoc, "ret needs a value of type " + tn(fn_.sig.ret));
    else if (!ops.empty()) checkValue(in, ops[0], fn_.sig.ret, "return value");
    break;
  case OpShape::ErrQuery:
    if (!ops.empty()) checkValue(in, ops[0], Type::Error, "error operand");
    break;
  case OpShape::TrapFromErr:
    if (in.memType != Type::I32) error(in.textLoc, "trap.from_err takes an i32 code");
    checkValue(in, ops[0], Type::I32, "error code");
    break;
  case OpShape::TrapErr:
    checkValue(in, ops[0], Type::I32, "error code");
    checkValue(in, ops[1], Type::Str, "error message");
    break;
  case OpShape::EhPush: case OpShape::Resume: case OpShape::ResumeLabel: checkEh(in, b, index); break;
  case OpShape::Select:
    checkValue(in, ops[0], Type::I1, "select condition");
    checkValue(in, ops[1], in.memType, "select true value");
    checkValue(in, ops[2], in.memType, "select false value");
    break;
  }
}

} // namespace viper::il::detail
