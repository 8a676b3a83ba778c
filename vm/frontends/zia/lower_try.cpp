// Zia try/catch/finally and throw -> IL (spec/zia.md §7, spec/il.md §8), on the shared
// TryScopes: the try body runs under a handler; the handler reads the error record
// (err.get_kind/code/line/msg), picks the first catch whose kind matches (`catch (e)` and
// `catch (e: Error)` take any), and resumes at the finally block. A catch body runs under
// a second handler, so an error thrown in it (or `throw;`) still runs the finally; an
// error no catch took is kept in slots and raised again after the finally
// (Viper.Runtime.Unsafe.SetThrowMsg + RaiseKind), as is one thrown by a catch body.
// `throw x` is RuntimeError (code 9) with x as text for its message. A caught error `e` is
// a block {kind, code, line, message} at offsets 16..40: e.kind is the kind's name.
// `defer` uses the same lowering (tryLowered, no catches): see Lowerer::blockFrom.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

namespace {
struct KindName {
  const char *name;
  int64_t kind;
};
constexpr KindName kKinds[] = {{"DivideByZero", 0}, {"Overflow", 1},  {"InvalidCast", 2},      {"DomainError", 3},
                               {"Bounds", 4},       {"FileNotFound", 5}, {"EOF", 6},           {"IOError", 7},
                               {"InvalidOperation", 8}, {"RuntimeError", 9}, {"Interrupt", 10}, {"NetworkError", 11}};

int64_t kindOf(const std::string &n) {
  for (const auto &k : kKinds)
    if (n == k.name) return k.kind;
  return -1;
}
} // namespace

// An i32 constant (IL literals are i64; the narrowing of a constant folds away).
#define I32(n) b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {IRBuilder::i64(n)})

void Lowerer::tryStmt(const Stmt &s) {
  bool ok = true;
  for (const auto &c : s.catches) {
    if (c.type.empty() || c.type == "Error" || kindOf(c.type) >= 0) continue;
    std::vector<std::string> names = {"Error"};
    for (const auto &k : kKinds) names.push_back(k.name);
    std::string near = closestName(c.type, names);
    error(c.typeLoc, "unknown error kind '" + c.type + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    ok = false;
  }
  if (!ok) return;
  tryLowered([&] { block(s.body); }, s.catches, s.hasFinally ? &s.elseBody : nullptr, s.loc);
}

void Lowerer::tryLowered(const std::function<void()> &lowerBody, const std::vector<Stmt::Catch> &catches,
                         const Body *finallyBody, SourceLoc loc) {
  flush();
  // What the finally must raise again afterwards (nothing: pending = 0).
  il::Value pending = newSlot(kInt), pKind = newSlot(kInt), pCode = newSlot(kInt), pMsg = newSlot(kStr);
  b_.store(il::Type::I64, pending, IRBuilder::i64(0));
  auto keepError = [&](il::Value err) {
    b_.store(il::Type::I64, pending, IRBuilder::i64(1));
    b_.store(il::Type::I64, pKind, b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {b_.emit(Opcode::ErrGetKind, il::Type::I32, {err})}));
    b_.store(il::Type::I64, pCode, b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {b_.emit(Opcode::ErrGetCode, il::Type::I32, {err})}));
    il::Value m = b_.emit(Opcode::ErrGetMsg, il::Type::Str, {err});
    b_.store(il::Type::Str, pMsg, m);
    b_.call(RtFn::strReleaseMaybe, {m});
  };
  const auto t = tries_.begin(finallyBody);
  lowerBody();
  flush();
  tries_.endBody(t);
  b_.setLoc(loc);
  const auto [err, tok] = tries_.enterHandler(t);
  il::Value kind = b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {b_.emit(Opcode::ErrGetKind, il::Type::I32, {err})});
  il::Value code = b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {b_.emit(Opcode::ErrGetCode, il::Type::I32, {err})});
  il::Value line = b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {b_.emit(Opcode::ErrGetLine, il::Type::I32, {err})});
  il::Value msgSlot = newSlot(kStr);
  {
    il::Value m = b_.emit(Opcode::ErrGetMsg, il::Type::Str, {err});
    b_.store(il::Type::Str, msgSlot, m);
    b_.call(RtFn::strReleaseMaybe, {m});
  }
  b_.call(RtFn::clearThrowMsg, {});
  for (const auto &c : catches) {
    uint32_t bodyB = b_.newBlock("catch_body");
    uint32_t next = 0;
    if (!c.type.empty() && c.type != "Error") {
      next = b_.newBlock("catch_next");
      b_.cbr(b_.emit(Opcode::ICmpEq, il::Type::I1, {kind, IRBuilder::i64(kindOf(c.type))}), bodyB, next);
    } else {
      b_.br(bodyB);
    }
    b_.setBlock(bodyB);
    b_.setLoc(c.loc);
    pushScope();
    const auto t2 = tries_.begin(nullptr);
    il::Value obj;
    if (!c.name.empty()) {
      obj = *b_.call(RtFn::objNew, {IRBuilder::i64(0), IRBuilder::i64(48)});
      auto field = [&](int64_t off) { return b_.emit(Opcode::Gep, il::Type::Ptr, {obj, IRBuilder::i64(off)}); };
      b_.store(il::Type::I64, field(16), kind);
      b_.store(il::Type::I64, field(24), code);
      b_.store(il::Type::I64, field(32), line);
      const il::Value msg = b_.load(il::Type::Str, msgSlot);  // before the gep: argument order is unspecified
      b_.store(il::Type::Str, field(40), msg);
      Local &l = declareLocal(c.name, Type::of(Type::K::ErrRec), true, c.loc);
      b_.store(il::Type::Ptr, l.slot, obj);
    }
    catchCtx_.push_back({kind, code, msgSlot});
    block(c.body);
    flush();
    catchCtx_.pop_back();
    if (!c.name.empty() && !b_.terminated())  // the message goes with the catch
      b_.store(il::Type::Str, b_.emit(Opcode::Gep, il::Type::Ptr, {obj, IRBuilder::i64(40)}), IRBuilder::str(""));
    tries_.endBody(t2);
    // An error in the catch body: the finally runs, then it goes on outwards.
    b_.setLoc(c.loc);
    const auto [err2, tok2] = tries_.enterHandler(t2);
    keepError(err2);
    b_.resumeLabel(tok2, t.finally);
    tries_.endHandler(t2, tok2);
    b_.resumeLabel(tok, t.finally);  // the catch body ended normally
    tries_.end(t2);
    b_.emitVoid(Opcode::Trap, {});  // not reached (t2's after block)
    popScope();
    if (!next) break;  // a catch-all: later catches cannot run
    b_.setBlock(next);
  }
  if (!b_.terminated()) {
    // No catch took it: the finally runs, then it goes on outwards.
    b_.setLoc(loc);
    b_.store(il::Type::I64, pending, IRBuilder::i64(1));
    b_.store(il::Type::I64, pKind, kind);
    b_.store(il::Type::I64, pCode, code);
    b_.store(il::Type::Str, pMsg, b_.load(il::Type::Str, msgSlot));
    b_.resumeLabel(tok, t.finally);
  }
  tries_.endHandler(t, tok);
  if (finallyBody) block(*finallyBody);
  flush();
  if (!b_.terminated()) {
    b_.setLoc(loc);
    uint32_t again = b_.newBlock("finally_raise"), done = b_.newBlock("finally_done");
    b_.cbr(b_.emit(Opcode::ICmpNe, il::Type::I1, {b_.load(il::Type::I64, pending), IRBuilder::i64(0)}), again, done);
    b_.setBlock(again);
    b_.call(RtFn::setThrowMsg, {b_.load(il::Type::Str, pMsg)});
    il::Value k32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, pKind)});
    il::Value c32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, pCode)});
    b_.call(RtFn::raiseKind, {k32, c32, I32(0)});
    b_.br(done);  // not reached: the call raised
    b_.setBlock(done);
  }
  tries_.end(t);
}

void Lowerer::throwStmt(const Stmt &s) {
  if (!s.value) {
    if (catchCtx_.empty()) { error(s.loc, "'throw;' rethrows the error a catch is handling, and there is none here"); return; }
    const CatchCtx &c = catchCtx_.back();
    b_.call(RtFn::setThrowMsg, {b_.load(il::Type::Str, c.msgSlot)});
    il::Value k32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {c.kind});
    il::Value c32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {c.code});
    b_.call(RtFn::raiseKind, {k32, c32, I32(0)});
    b_.emitVoid(Opcode::Trap, {});  // not reached: the call raised
    return;
  }
  Val v = expr(*s.value);
  if (v.ty.isError()) return;
  if (v.ty.is(Type::K::ErrRec)) {
    // `throw e;`: the caught error again.
    auto field = [&](int64_t off) { return b_.emit(Opcode::Gep, il::Type::Ptr, {v.v, IRBuilder::i64(off)}); };
    b_.call(RtFn::setThrowMsg, {b_.load(il::Type::Str, field(40))});
    il::Value k32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, field(16))});
    il::Value c32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, field(24))});
    b_.call(RtFn::raiseKind, {k32, c32, I32(0)});
    b_.emitVoid(Opcode::Trap, {});  // not reached: the call raised
    return;
  }
  Val text = toText(v, s.value->loc);
  if (text.ty.isError()) return;
  b_.setLoc(s.loc);
  b_.call(RtFn::setThrowMsg, {use(text)});
  flush();
  b_.call(RtFn::raiseKind, {I32(9), I32(9), I32(0)});
  b_.emitVoid(Opcode::Trap, {});  // not reached: the call raised
}

Val Lowerer::errMember(const Val &obj, const Expr &e) {
  auto field = [&](int64_t off) { return b_.emit(Opcode::Gep, il::Type::Ptr, {obj.v, IRBuilder::i64(off)}); };
  b_.setLoc(e.loc);
  const std::string &m = e.name;
  if (m == "kind" || m == "type") {
    il::Value k32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, field(16))});
    return Val{*b_.call(RtFn::errKindName, {k32}), kStr, true};
  }
  if (m == "code") return Val{b_.load(il::Type::I64, field(24)), kInt, false};
  if (m == "line") return Val{b_.load(il::Type::I64, field(32)), kInt, false};
  if (m == "message") return Val{b_.load(il::Type::Str, field(40)), kStr, false};
  error(e.loc, "an Error has kind, message, code and line, not '" + m + "'");
  return bad();
}

} // namespace viper::zia
