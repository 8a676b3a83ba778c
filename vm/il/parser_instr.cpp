// Instruction lines: `[%res[:T] =] mnemonic operands [attrs]`, and result-type inference.
#include "il/parser_impl.hpp"
#include "il/symbols.hpp"

namespace viper::il::detail {

bool Parser::parseValue(Value &out) {
  const Token &t = peek();
  SourceLoc loc = here();
  switch (t.kind) {
  case Tok::Temp: out = Value::temp(useTemp(t.text, loc)); break;
  case Tok::Int: out = Value::integer(t.i); break;
  case Tok::Float: out = Value::real(t.f); break;
  case Tok::String: out = Value::str(t.text); break;
  case Tok::Symbol: out = Value::global(t.text); break;
  case Tok::Word:
    if (t.text == "true" || t.text == "TRUE" || t.text == "True") out = Value::boolean(true);
    else if (t.text == "false" || t.text == "FALSE" || t.text == "False") out = Value::boolean(false);
    else if (t.text == "null") out = Value::null();
    else return fail("expected a value (%temp, @global or literal), found '" + t.text.substr(0, 40) + "'");
    break;
  case Tok::End: return fail("expected a value before end of line");
  default: return fail("expected a value (%temp, @global or literal)");
  }
  next();
  out.loc = loc;
  return true;
}

bool Parser::parseTarget(Target &out, bool allowArgs) {
  if (peek().kind == Tok::Word && peek().text == "label" && peek(1).kind != Tok::LParen &&
      peek(1).kind != Tok::Comma && peek(1).kind != Tok::End)
    next();  // legacy `br label X`
  accept(Tok::Caret);
  out.loc = here();
  if (peek().kind != Tok::Word && peek().kind != Tok::Int) return fail("expected a block label");
  out.label = next().text;
  if (peek().kind == Tok::LParen) {
    if (!allowArgs) return fail("this label takes no arguments");
    next();
    if (accept(Tok::RParen)) return true;
    while (true) {
      Value v;
      if (!parseValue(v)) return false;
      out.args.push_back(std::move(v));
      if (accept(Tok::RParen)) return true;
      if (!expect(Tok::Comma, "',' or ')' in branch arguments")) return false;
    }
  }
  return true;
}

bool Parser::parseCallArgs(Instr &in) {
  if (!expect(Tok::LParen, "'(' before call arguments")) return false;
  if (accept(Tok::RParen)) return true;
  while (true) {
    Value v;
    if (!parseValue(v)) return false;
    in.operands.push_back(std::move(v));
    if (accept(Tok::RParen)) return true;
    if (!expect(Tok::Comma, "',' or ')' in call arguments")) return false;
  }
}

bool Parser::parseOperands(Instr &in) {
  auto values = [&](size_t n) {
    for (size_t k = 0; k < n; ++k) {
      if (k && !expect(Tok::Comma, "','")) return false;
      Value v;
      if (!parseValue(v)) return false;
      in.operands.push_back(std::move(v));
    }
    return true;
  };
  switch (shape(in.op)) {
  case OpShape::WrapBin: case OpShape::CheckedBin: case OpShape::BitBin: case OpShape::FloatBin:
  case OpShape::ICmp: case OpShape::FCmp: case OpShape::Gep:
    return values(2);
  case OpShape::IdxChk: return values(3);
  case OpShape::Convert: case OpShape::Alloca: case OpShape::ConstF64: case OpShape::Resume:
    return values(1);
  case OpShape::Load:
    if (!parseTypeTok(in.memType, false) || !expect(Tok::Comma, "','")) return false;
    return values(1);
  case OpShape::Store:
    if (!parseTypeTok(in.memType, false) || !expect(Tok::Comma, "','")) return false;
    return values(2);
  case OpShape::Select:
    if (!parseTypeTok(in.memType, false) || !expect(Tok::Comma, "','")) return false;
    return values(3);
  case OpShape::GlobalRef:
    if (peek().kind != Tok::Symbol) return fail("expected @global");
    return values(1);
  case OpShape::NoOperand: return true;
  case OpShape::ErrQuery:
    return atEnd() ? true : values(1);
  case OpShape::Ret:
    return atEnd() ? true : values(1);
  case OpShape::Call:
    if (peek().kind != Tok::Symbol) return fail("expected @function after 'call'");
    in.callee = next().text;
    if (!parseCallArgs(in)) return false;
    return parseAttrs(in.attrs);
  case OpShape::CallIndirect: {
    if (accept(Tok::LBracket)) {
      in.hasIndirectSig = true;
      if (!parseTypeTok(in.indirectSig.ret, true)) return false;
      if (!parseParamList(in.indirectSig, nullptr, false)) return false;
      if (!expect(Tok::RBracket, "']' after the signature")) return false;
    }
    Value callee;
    if (!parseValue(callee)) return false;
    in.operands.push_back(std::move(callee));
    if (!parseCallArgs(in)) return false;
    return parseAttrs(in.attrs);
  }
  case OpShape::Switch: {
    if (!values(1) || !expect(Tok::Comma, "',' and a default target")) return false;
    Target dflt;
    if (!parseTarget(dflt)) return false;
    in.targets.push_back(std::move(dflt));
    while (accept(Tok::Comma)) {
      if (peek().kind != Tok::Int) return fail("expected a case value");
      int64_t v = next().i;
      if (!expect(Tok::Arrow, "'->' after the case value")) return false;
      Target t;
      if (!parseTarget(t)) return false;
      in.caseValues.push_back(v);
      in.targets.push_back(std::move(t));
    }
    return true;
  }
  case OpShape::Br: {
    Target t;
    if (!parseTarget(t)) return false;
    in.targets.push_back(std::move(t));
    return true;
  }
  case OpShape::Cbr: {
    Target a, b;
    if (!values(1) || !expect(Tok::Comma, "','") || !parseTarget(a) || !expect(Tok::Comma, "','") || !parseTarget(b))
      return false;
    in.targets.push_back(std::move(a));
    in.targets.push_back(std::move(b));
    return true;
  }
  case OpShape::TrapFromErr:
    // `trap.from_err i32 CODE`; the type word is required by the spec but tolerated if absent.
    if (peek().kind == Tok::Word && parseType(peek().text)) { if (!parseTypeTok(in.memType, false)) return false; }
    else in.memType = Type::I32;
    return values(1);
  case OpShape::TrapErr:
    if (peek().kind == Tok::Word && parseType(peek().text)) { if (!parseTypeTok(in.memType, false)) return false; }
    else in.memType = Type::I32;
    return values(2);
  case OpShape::EhPush: {
    Target t;
    if (!parseTarget(t, false)) return false;
    in.targets.push_back(std::move(t));
    return true;
  }
  case OpShape::ResumeLabel: {
    Target t;
    if (!values(1) || !expect(Tok::Comma, "','") || !parseTarget(t)) return false;
    in.targets.push_back(std::move(t));
    return true;
  }
  }
  return fail("internal: unhandled operand shape");
}

bool Parser::parseInstr() {
  Instr in;
  in.textLoc = here();
  in.loc = curLoc_;
  std::string resultName;
  SourceLoc resultLoc;
  if (peek().kind == Tok::Temp) {
    resultLoc = here();
    resultName = next().text;
    if (accept(Tok::Colon)) {
      if (!parseTypeTok(in.type, false)) return false;
      in.typeAnnotated = true;
    }
    if (!expect(Tok::Equals, "'=' after the result name")) return false;
  }
  if (peek().kind != Tok::Word) return fail("expected an opcode");
  SourceLoc opLoc = here();
  auto op = parseOpcode(peek().text);
  if (!op) return fail("unknown opcode '" + peek().text.substr(0, 40) + "'");
  next();
  in.op = *op;
  in.textLoc = opLoc;
  if (!parseOperands(in)) return false;
  if (!expectEnd()) return false;
  if (!resultName.empty()) {
    uint32_t id;
    // The type is provisional; resolveTypes() fills it in once callees are known.
    if (defineTemp(resultName, in.type, resultLoc, id)) in.result = static_cast<int32_t>(id);
  }
  if (isTerminator(in.op)) blockTerminated_ = true;
  fn_->blocks.back().instrs.push_back(std::move(in));
  return true;
}

// Result types (spec/il.md §4 "Res"): fixed per opcode, the %r:T annotation, the callee's
// return type, or inferred from typed operands. Runs after every function is parsed so
// calls to later functions and forward temp references resolve.
void Parser::resolveTypes() {
  const SymbolIndex symbols(mod_);
  for (auto &fn : mod_.functions) {
    auto operandType = [&](const Instr &in) -> std::optional<Type> {
      for (const auto &v : in.operands)
        if (v.kind == ValueKind::Temp && v.id < fn.temps.size()) return fn.temps[v.id].type;
      return std::nullopt;
    };
    // Two passes settle chains like %a = iadd.ovf %b, 1 where %b is defined later in text.
    for (int pass = 0; pass < 2; ++pass) {
      for (auto &b : fn.blocks) {
        for (auto &in : b.instrs) {
          if (in.result < 0) continue;
          Type t = Type::I64;
          switch (shape(in.op)) {
          case OpShape::WrapBin: t = Type::I64; break;
          case OpShape::CheckedBin: case OpShape::IdxChk: case OpShape::BitBin:
            t = in.typeAnnotated ? in.type : operandType(in).value_or(Type::I64);
            break;
          case OpShape::FloatBin: case OpShape::ConstF64: t = Type::F64; break;
          case OpShape::ICmp: case OpShape::FCmp: t = Type::I1; break;
          case OpShape::Convert:
            switch (in.op) {
            case Opcode::Sitofp: case Opcode::CastSiToFp: case Opcode::CastUiToFp: t = Type::F64; break;
            case Opcode::Zext1: case Opcode::Fptosi: t = Type::I64; break;
            case Opcode::Trunc1: t = Type::I1; break;
            default: t = in.typeAnnotated ? in.type : Type::I64; break;
            }
            break;
          case OpShape::Alloca: case OpShape::Gep: t = Type::Ptr; break;
          case OpShape::GlobalRef: t = in.op == Opcode::ConstStr ? Type::Str : Type::Ptr; break;
          case OpShape::NoOperand: t = in.typeAnnotated ? in.type : Type::Ptr; break;
          case OpShape::Load: case OpShape::Select: t = in.memType; break;
          case OpShape::Call:
            if (auto *f = symbols.function(in.callee)) t = f->sig.ret;
            else if (auto *e = symbols.externDecl(in.callee)) t = e->sig.ret;
            else if (in.typeAnnotated) t = in.type;
            else if (lookup_) { if (auto s = lookup_(in.callee)) t = s->ret; }
            break;
          case OpShape::CallIndirect: t = in.hasIndirectSig ? in.indirectSig.ret : (in.typeAnnotated ? in.type : Type::I64); break;
          case OpShape::ErrQuery:
            t = (in.op == Opcode::TrapKind || in.op == Opcode::ErrGetIp) ? Type::I64
                : in.op == Opcode::ErrGetMsg ? Type::Str : Type::I32;
            break;
          case OpShape::TrapErr: t = Type::Error; break;
          default: t = in.type; break;
          }
          in.type = t;
          fn.temps[static_cast<size_t>(in.result)].type = t;
        }
      }
    }
  }
}

} // namespace viper::il::detail
