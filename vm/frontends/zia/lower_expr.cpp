// Zia expressions -> IL (spec/zia.md §3, §4): literals, names, operators (checked Integer
// arithmetic, Number widening, string concatenation and comparison, short-circuit
// logic), interpolation, conditionals and `as` conversions.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

Val Lowerer::expr(const Expr &e, const Type *expected) {
  SourceLoc saved = b_.loc();
  Val v = exprInner(e, expected);
  b_.setLoc(saved);
  return v;
}

Val Lowerer::exprInner(const Expr &e, const Type *expected) {
  switch (e.kind) {
  case Expr::K::Int: return Val{IRBuilder::i64(e.ival), kInt, false};
  case Expr::K::Num: return Val{IRBuilder::f64(e.fval), kNum, false};
  case Expr::K::Str: return literalStr(e.name);
  case Expr::K::Bool: return Val{IRBuilder::boolean(e.ival != 0), kBool, false};
  case Expr::K::Null: return Val{il::Value::null(), Type::of(Type::K::Null), false};
  case Expr::K::Self:
    if (curClass_ < 0) { error(e.loc, "'self' is only available inside a class method"); return bad(); }
    return Val{self_, Type::klass(curClass_), false};
  case Expr::K::Name: return nameExpr(e);
  case Expr::K::Interp: return interp(e);
  case Expr::K::Unary: return unary(e);
  case Expr::K::Binary:
    if (e.op == ".." || e.op == "..=") {
      error(e.loc, "a range can only be used in a for-in loop");
      return bad();
    }
    return binary(e);
  case Expr::K::Call: return call(e);
  case Expr::K::Member: return member(e);
  case Expr::K::Index: return index(e);
  case Expr::K::List: return listLiteral(e, expected);
  case Expr::K::New: return newExpr(e);
  case Expr::K::As: return asExpr(e);
  case Expr::K::Ternary: return ternary(e, expected);
  case Expr::K::Super:
    error(e.loc, "'super' must be followed by a method call: super.m(...) or super(...)");
    return bad();
  case Expr::K::Is: return isExpr(e);
  case Expr::K::Match: return matchExpr(e, expected);
  case Expr::K::Unwrap: return unwrapExpr(e);
  case Expr::K::MapLit: return mapLiteral(e, expected);
  case Expr::K::StructLit: return structLiteral(e);
  case Expr::K::Lambda: return lambdaValue(e, expected);
  case Expr::K::FuncRef: return funcRef(e, expected);
  }
  return bad();
}

il::Value Lowerer::convert(const Val &v, const Type &to, SourceLoc loc, const std::string &what) {
  if (v.ty.isError() || to.isError() || sameType(v.ty, to)) return v.v;
  if (v.ty.is(Type::K::Int) && to.is(Type::K::Num)) return b_.emit(Opcode::Sitofp, il::Type::F64, {v.v});
  if (to.is(Type::K::Opt) && !v.ty.is(Type::K::Opt) && !v.ty.is(Type::K::Null) && assignable(v.ty, to)) return wrapOpt(v, to, loc);
  if (assignable(v.ty, to)) {
    // A struct seen as an interface is a value of its own (later changes to the
    // original do not show through it).
    if (isStructType(v.ty) && !isStructType(to)) return copyStruct(v.v, v.ty.cls);
    return v.v;
  }
  if (what == "return")
    error(loc, "cannot return " + name(v.ty) + " from function '" + (fn_ ? fn_->name : "") + "' returning " + name(to));
  else
    error(loc, "cannot " + what + " " + name(v.ty) + " to " + name(to));
  return v.v;
}

il::Value Lowerer::notBool(il::Value b) {
  il::Value z = b_.emit(Opcode::Zext1, il::Type::I64, {b});
  return b_.emit(Opcode::ICmpEq, il::Type::I1, {z, IRBuilder::i64(0)});
}

il::Value Lowerer::toNum(const Val &v) {
  if (v.ty.is(Type::K::Int)) return b_.emit(Opcode::Sitofp, il::Type::F64, {v.v});
  return v.v;
}

Val Lowerer::toText(const Val &v, SourceLoc loc) {
  switch (v.ty.k) {
  case Type::K::Str: case Type::K::Error: return v;
  case Type::K::Int: case Type::K::Enum: return Val{*b_.call(RtFn::intToStr, {v.v}), kStr, true};
  case Type::K::Num: return Val{*b_.call(RtFn::f64ToStr, {v.v}), kStr, true};
  case Type::K::Bool: return Val{*b_.call(RtFn::fmtBool, {v.v}), kStr, true};
  default:
    error(loc, "cannot convert " + name(v.ty) + " to String");
    return bad();
  }
}

Val Lowerer::nameExpr(const Expr &e) {
  const std::string &n = e.name;
  if (Local *l = findLocal(n)) {
    if (l->ty.isError()) return bad();
    return Val{b_.load(ilType(l->ty), l->slot), l->ty, false};
  }
  if (curClass_ >= 0)
    if (const FieldInfo *f = classes_[curClass_].field(n)) {
      if (f->ty.isError()) return bad();
      return Val{b_.load(ilType(f->ty), fieldAddr(self_, *f)), f->ty, false};
    }
  if (curClass_ >= 0 && hasProperty(curClass_, n)) return propertyGet(Val{self_, Type::klass(curClass_), false}, n, e.loc);
  if (auto g = globals_.find(scopedGlobal(n)); g != globals_.end()) {
    if (!g->second.ready) { error(e.loc, "'" + n + "' is used before its declaration"); return bad(); }
    if (g->second.ty.isError()) return bad();
    return Val{b_.load(ilType(g->second.ty), globalAddr(g->first, g->second.ty)), g->second.ty, false};
  }
  if (funcs_.count(n) || (curClass_ >= 0 && classes_[curClass_].methods.count(n))) {
    error(e.loc, "'" + n + "' is a function; call it with " + n + "(...)");
    return bad();
  }
  if (auto rn = runtimeName("get_" + n)) return callRuntime(*rn, {}, e.loc, n);
  std::string near = closestName(n, visibleNames());
  error(e.loc, "undefined name '" + n + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
  // Later uses of the same name in this function stay quiet (one error, not one per use).
  if (!scopes_.empty()) scopes_.front().emplace_back(n, Local{errorType(), IRBuilder::i64(0), false, std::nullopt});
  return bad();
}

Val Lowerer::interp(const Expr &e) {
  std::optional<Val> acc;
  size_t k = 0;
  for (size_t i = 0; i < e.pieceIsExpr.size(); ++i) {
    Val piece;
    if (e.pieceIsExpr[i]) {
      const Expr &x = *e.args[k++];
      piece = toText(expr(x), x.loc);
      if (piece.ty.isError()) return bad();
    } else {
      if (e.pieces[i].empty()) continue;  // "" adds nothing (and "${x}" is x as text)
      piece = literalStr(e.pieces[i]);
    }
    if (!acc) { acc = piece; continue; }
    b_.setLoc(e.loc);
    il::Value a = keep(*acc), b = keep(piece);
    acc = Val{*b_.call(RtFn::strConcat, {a, b}), kStr, true};
  }
  return acc ? *acc : literalStr("");
}

Val Lowerer::unary(const Expr &e) {
  Val x = expr(*e.args[0]);
  if (x.ty.isError()) return bad();
  b_.setLoc(e.loc);
  if (e.op == "-") {
    if (x.ty.is(Type::K::Int)) return Val{b_.emit(Opcode::ISubOvf, il::Type::I64, {IRBuilder::i64(0), x.v}), kInt, false};
    if (x.ty.is(Type::K::Num)) return Val{b_.emit(Opcode::FSub, il::Type::F64, {IRBuilder::f64(0), x.v}), kNum, false};
  } else if (e.op == "!") {
    if (x.ty.is(Type::K::Bool)) return Val{notBool(x.v), kBool, false};
  } else if (e.op == "~") {
    if (x.ty.is(Type::K::Int)) return Val{b_.emit(Opcode::Xor, il::Type::I64, {x.v, IRBuilder::i64(-1)}), kInt, false};
  }
  error(e.loc, "operator '" + e.op + "' cannot be applied to " + name(x.ty));
  use(x);
  return bad();
}

// A left-deep chain is walked with a loop: `1+1+...+1` (any length) never recurses.
Val Lowerer::binary(const Expr &e) {
  LeftSpine s = leftSpine(e);
  Val acc = expr(*s.leftmost);
  for (auto it = s.ops.rbegin(); it != s.ops.rend(); ++it) {
    if ((*it)->op == ".." || (*it)->op == "..=") {
      error((*it)->loc, "a range can only be used in a for-in loop");
      return bad();
    }
    acc = binaryStep(**it, acc);
  }
  return acc;
}

Val Lowerer::binaryStep(const Expr &node, Val lhs) {
  const std::string &op = node.op;
  if (op == "&&" || op == "||") {
    if (!lhs.ty.isError() && !lhs.ty.is(Type::K::Bool)) {
      error(node.args[0]->loc, "operator '" + op + "' needs Boolean operands, not " + name(lhs.ty));
      lhs = bad();
    }
    uint32_t rhsB = b_.newBlock(op == "&&" ? "and_rhs" : "or_rhs");
    uint32_t join = b_.newBlock(op == "&&" ? "and_end" : "or_end", {il::Type::I1});
    b_.setLoc(node.loc);
    il::Value lv = lhs.ty.isError() ? IRBuilder::boolean(false) : lhs.v;
    if (op == "&&") b_.cbr(lv, rhsB, join, {}, {IRBuilder::boolean(false)});
    else b_.cbr(lv, join, rhsB, {IRBuilder::boolean(true)}, {});
    b_.setBlock(rhsB);
    fe::StringTemps inner(b_);
    fe::StringTemps *outer = temps_;
    temps_ = &inner;
    Val r = expr(*node.args[1]);
    bool ok = !lhs.ty.isError() && !r.ty.isError();
    if (!r.ty.isError() && !r.ty.is(Type::K::Bool)) {
      error(node.args[1]->loc, "operator '" + op + "' needs Boolean operands, not " + name(r.ty));
      ok = false;
    }
    use(r);
    inner.release();
    temps_ = outer;
    b_.br(join, {r.ty.is(Type::K::Bool) ? r.v : IRBuilder::boolean(false)});
    b_.setBlock(join);
    if (!ok) return bad();
    return Val{b_.blockParam(join, 0), kBool, false};
  }
  if (op == "??") return coalesce(node, lhs);
  Val rhs = expr(*node.args[1]);
  if (lhs.ty.isError() || rhs.ty.isError()) {
    use(lhs);
    use(rhs);
    return bad();
  }
  if (op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=") return compare(op, lhs, rhs, node.loc);
  return arith(op, lhs, rhs, node.loc, node.args[1].get());
}

Val Lowerer::arith(const std::string &op, const Val &l, const Val &r, SourceLoc loc, const Expr *rhsExpr) {
  if (l.ty.isError() || r.ty.isError()) return bad();
  b_.setLoc(loc);
  if (op == "+" && (l.ty.is(Type::K::Str) || r.ty.is(Type::K::Str))) {
    Val a = toText(l, loc), b = toText(r, loc);
    if (a.ty.isError() || b.ty.isError()) return bad();
    il::Value av = keep(a), bv = keep(b);
    return Val{*b_.call(RtFn::strConcat, {av, bv}), kStr, true};
  }
  auto mismatch = [&] {
    error(loc, "operator '" + op + "' cannot be applied to " + name(l.ty) + " and " + name(r.ty));
    use(l);
    use(r);
    return bad();
  };
  if (!l.ty.isNumeric() || !r.ty.isNumeric()) return mismatch();
  const bool ints = l.ty.is(Type::K::Int) && r.ty.is(Type::K::Int);
  if ((op == "/" || op == "%") && rhsExpr &&
      ((rhsExpr->kind == Expr::K::Int && rhsExpr->ival == 0) || (rhsExpr->kind == Expr::K::Num && rhsExpr->fval == 0))) {
    error(rhsExpr->loc, "division by zero");
    return bad();
  }
  if (op == "<<" || op == ">>" || op == "&" || op == "|" || op == "^") {
    if (!ints) return mismatch();
    Opcode o = op == "<<" ? Opcode::Shl : op == ">>" ? Opcode::AShr : op == "&" ? Opcode::And : op == "|" ? Opcode::Or : Opcode::Xor;
    return Val{b_.emit(o, il::Type::I64, {l.v, r.v}), kInt, false};
  }
  if (ints) {
    Opcode o = op == "+" ? Opcode::IAddOvf : op == "-" ? Opcode::ISubOvf : op == "*" ? Opcode::IMulOvf
             : op == "/" ? Opcode::SDivChk0 : Opcode::SRemChk0;
    return Val{b_.emit(o, il::Type::I64, {l.v, r.v}), kInt, false};
  }
  il::Value a = toNum(l), b = toNum(r);
  if (op == "%") return Val{*b_.call(RtFn::mathFMod, {a, b}), kNum, false};
  Opcode o = op == "+" ? Opcode::FAdd : op == "-" ? Opcode::FSub : op == "*" ? Opcode::FMul : Opcode::FDiv;
  return Val{b_.emit(o, il::Type::F64, {a, b}), kNum, false};
}

Val Lowerer::compare(const std::string &op, const Val &l, const Val &r, SourceLoc loc) {
  b_.setLoc(loc);
  const bool eq = op == "==" || op == "!=";
  if (l.ty.isNumeric() && r.ty.isNumeric()) {
    if (l.ty.is(Type::K::Int) && r.ty.is(Type::K::Int)) {
      Opcode o = op == "==" ? Opcode::ICmpEq : op == "!=" ? Opcode::ICmpNe : op == "<" ? Opcode::SCmpLT
               : op == "<=" ? Opcode::SCmpLE : op == ">" ? Opcode::SCmpGT : Opcode::SCmpGE;
      return Val{b_.emit(o, il::Type::I1, {l.v, r.v}), kBool, false};
    }
    Opcode o = op == "==" ? Opcode::FCmpEQ : op == "!=" ? Opcode::FCmpNE : op == "<" ? Opcode::FCmpLT
             : op == "<=" ? Opcode::FCmpLE : op == ">" ? Opcode::FCmpGT : Opcode::FCmpGE;
    return Val{b_.emit(o, il::Type::I1, {toNum(l), toNum(r)}), kBool, false};
  }
  if (l.ty.is(Type::K::Enum) && sameType(l.ty, r.ty)) {
    Opcode o = op == "==" ? Opcode::ICmpEq : op == "!=" ? Opcode::ICmpNe : op == "<" ? Opcode::SCmpLT
             : op == "<=" ? Opcode::SCmpLE : op == ">" ? Opcode::SCmpGT : Opcode::SCmpGE;
    return Val{b_.emit(o, il::Type::I1, {l.v, r.v}), kBool, false};
  }
  if (l.ty.is(Type::K::Str) && r.ty.is(Type::K::Str)) {
    il::Value a = use(l), b = use(r);
    return Val{fe::stringCompare(b_, fe::relationOf(op), a, b), kBool, false};
  }
  if (eq && l.ty.is(Type::K::Bool) && r.ty.is(Type::K::Bool)) {
    il::Value a = b_.emit(Opcode::Zext1, il::Type::I64, {l.v}), b = b_.emit(Opcode::Zext1, il::Type::I64, {r.v});
    return Val{b_.emit(op == "==" ? Opcode::ICmpEq : Opcode::ICmpNe, il::Type::I1, {a, b}), kBool, false};
  }
  if (eq && (l.ty.isBoxedOpt() || r.ty.isBoxedOpt()) && !l.ty.is(Type::K::Null) && !r.ty.is(Type::K::Null)) {
    error(loc, "cannot compare " + name(l.ty) + " and " + name(r.ty) + " with '" + op + "': compare an optional with null, or unwrap it with ! or ??");
    return bad();
  }
  if (eq && (isStructType(l.ty) || isStructType(r.ty))) {
    error(loc, "cannot compare " + name(l.ty) + " and " + name(r.ty) + " with '" + op + "': structs are values; compare their fields");
    return bad();
  }
  if (eq && l.ty.isRef() && r.ty.isRef() && (assignable(l.ty, r.ty) || assignable(r.ty, l.ty))) {
    il::Value v = *b_.call(RtFn::objRefEquals, {l.v, r.v});
    return Val{op == "==" ? v : notBool(v), kBool, false};
  }
  error(loc, "cannot compare " + name(l.ty) + " and " + name(r.ty) + " with '" + op + "'");
  use(l);
  use(r);
  return bad();
}

Type Lowerer::joinTypes(const Type &a, const Type &b, SourceLoc loc) {
  if (a.isError() || b.isError()) return errorType();
  if (sameType(a, b)) return a;
  if (a.isNumeric() && b.isNumeric()) return kNum;
  if (a.is(Type::K::Null) && b.isRef()) return b;
  if (b.is(Type::K::Null) && a.isRef()) return a;
  if (a.is(Type::K::Null) && !b.is(Type::K::Void)) return Type::opt(b);
  if (b.is(Type::K::Null) && !a.is(Type::K::Void)) return Type::opt(a);
  if (a.is(Type::K::Opt) && assignable(b, a)) return a;
  if (b.is(Type::K::Opt) && assignable(a, b)) return b;
  if (Type c = commonClass(a, b); !c.isError()) return c;
  error(loc, "the branches of this conditional have different types: " + name(a) + " and " + name(b));
  return errorType();
}

// `c ? a : b`: each arm ends in its own block; once both types are known the arms are
// converted to the shared type and join with one block parameter. A string result is a
// reference of the expression's own.
Val Lowerer::ternary(const Expr &e, const Type *expected) {
  il::Value c = cond(*e.args[0], "conditional");
  uint32_t thenB = b_.newBlock("ternary_then"), elseB = b_.newBlock("ternary_else");
  b_.cbr(c, thenB, elseB);
  auto arm = [&](uint32_t blk, const Expr &x, fe::StringTemps &t) {
    b_.setBlock(blk);
    temps_ = &t;
    Val v = expr(x, expected);
    return std::make_pair(v, b_.block());
  };
  fe::StringTemps *outer = temps_;
  fe::StringTemps ta(b_), tb(b_);
  auto [a, aEnd] = arm(thenB, *e.args[1], ta);
  auto [bv, bEnd] = arm(elseB, *e.args[2], tb);
  temps_ = outer;
  Type t = expected && !expected->isError() && assignable(a.ty, *expected) && assignable(bv.ty, *expected) ? *expected
                                                                                                      : joinTypes(a.ty, bv.ty, e.loc);
  if (t.is(Type::K::Void)) { error(e.loc, "a conditional's branches must have a value"); t = errorType(); }
  uint32_t join = b_.newBlock("ternary_end", {t.isError() ? il::Type::I64 : ilType(t)});
  auto finish = [&](const Val &v, uint32_t end, fe::StringTemps &tmp, const Expr &x) {
    b_.setBlock(end);
    temps_ = &tmp;
    il::Value cv = convert(v, t, x.loc, "use");
    if (t.is(Type::K::Str)) cv = keep(Val{cv, t, v.owned});
    else use(v);
    tmp.release();
    temps_ = outer;
    b_.br(join, {t.isError() ? IRBuilder::i64(0) : cv});
  };
  finish(a, aEnd, ta, *e.args[1]);
  finish(bv, bEnd, tb, *e.args[2]);
  b_.setBlock(join);
  if (t.isError()) return bad();
  return Val{b_.blockParam(join, 0), t, t.is(Type::K::Str)};
}

Val Lowerer::asExpr(const Expr &e) {
  Val x = expr(*e.args[0]);
  Type to = resolve(e.type);
  if (x.ty.isError() || to.isError()) return bad();
  b_.setLoc(e.loc);
  if (sameType(x.ty, to)) return x;
  if (x.ty.is(Type::K::Num) && to.is(Type::K::Int))
    return Val{b_.emit(Opcode::CastFpToSiRteChk, il::Type::I64, {x.v}), kInt, false};  // half to even; NaN/range trap
  if (x.ty.is(Type::K::Int) && to.is(Type::K::Num)) return Val{toNum(x), kNum, false};
  if (to.is(Type::K::Str)) return toText(x, e.loc);
  if ((x.ty.is(Type::K::Enum) && to.is(Type::K::Int)) || (x.ty.is(Type::K::Int) && to.is(Type::K::Enum)))
    return Val{x.v, to, false};
  if (x.ty.is(Type::K::Bool) && to.is(Type::K::Int))
    return Val{b_.emit(Opcode::Zext1, il::Type::I64, {x.v}), kInt, false};
  if (x.ty.is(Type::K::Class) && to.is(Type::K::Class)) {
    if (assignable(x.ty, to)) return Val{x.v, to, false};
    // A downcast: checked (null stays null).
    uint32_t ok = b_.newBlock("cast_ok"), badB = b_.newBlock("cast_bad");
    uint32_t test = b_.newBlock("cast_test");
    b_.cbr(*b_.call(RtFn::objIsNull, {x.v}), ok, test);
    b_.setBlock(test);
    b_.cbr(classTest(x.v, to.cls), ok, badB);
    b_.setBlock(badB);
    b_.call(RtFn::diagTrap, {IRBuilder::str("invalid cast from " + name(x.ty) + " to " + name(to))});
    b_.br(ok);
    b_.setBlock(ok);
    return Val{x.v, to, false};
  }
  error(e.loc, "cannot convert " + name(x.ty) + " to " + name(to) + " with 'as'");
  use(x);
  return bad();
}

} // namespace viper::zia
