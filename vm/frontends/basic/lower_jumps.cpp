// BASIC statements that leave the straight line: EXIT, GOTO, GOSUB/RETURN, RETURN from a
// procedure, and TRY/CATCH/FINALLY (spec/basic.md §4, §5).
#include "frontends/basic/lower_impl.hpp"

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

void Lowerer::exitStmt(const Stmt &s) {
  if (s.word == "SUB" || s.word == "FUNCTION") {
    if (!proc_ || proc_->isFunction != (s.word == "FUNCTION")) { error(s.loc, "EXIT " + s.word + " outside a " + s.word); return; }
    flush();
    tries_.leaveTo(0);
    b_.br(exit_);
    return;
  }
  for (auto it = loops_.rbegin(); it != loops_.rend(); ++it)
    if (it->kind == s.word) {
      flush();
      tries_.leaveTo(it->tryDepth);
      b_.br(it->exit);
      return;
    }
  error(s.loc, "EXIT " + s.word + " outside a " + s.word + " loop");
}

void Lowerer::gotoStmt(const Stmt &s) {
  if (tries_.depth() > 0) { error(s.loc, "GOTO inside a TRY block is not supported"); return; }
  auto it = labels_.find(s.word);
  if (it == labels_.end()) { error(s.loc, "unknown label " + s.word); return; }
  flush();
  b_.br(it->second);
}

// GOSUB pushes a return id on a small stack in the frame and jumps; RETURN pops it and
// switches back to the statement after that GOSUB.
void Lowerer::gosub(const Stmt &s) {
  if (tries_.depth() > 0) { error(s.loc, "GOSUB inside a TRY block is not supported"); return; }
  auto it = labels_.find(s.word);
  if (it == labels_.end()) { error(s.loc, "unknown label " + s.word); return; }
  if (gosubStack_.kind == il::ValueKind::Null) {
    // The stack lives in the entry block so every GOSUB and RETURN can reach it.
    uint32_t here = b_.block();
    b_.setBlock(0);
    auto &entry = b_.function().blocks[0].instrs;
    std::vector<il::Instr> tail;
    // Insert before the entry block's terminator, if it already has one.
    if (!entry.empty() && il::isTerminator(entry.back().op)) { tail.push_back(entry.back()); entry.pop_back(); }
    gosubStack_ = b_.alloca(8 * 128);
    gosubDepth_ = b_.alloca(8);
    b_.store(il::Type::I64, gosubDepth_, IRBuilder::i64(0));
    for (auto &t : tail) entry.push_back(t);
    b_.setBlock(here);
  }
  il::Value depth = b_.load(il::Type::I64, gosubDepth_);
  il::Value full = b_.emit(Opcode::SCmpGE, il::Type::I1, {depth, IRBuilder::i64(128)});
  uint32_t overflow = b_.newBlock("gosub_full"), push = b_.newBlock("gosub_push"), back = b_.newBlock("gosub_return");
  b_.cbr(full, overflow, push);
  b_.setBlock(overflow);
  rtVoid(RtFn::diagTrap, {IRBuilder::str("gosub: stack overflow")});
  b_.br(exit_);
  b_.setBlock(push);
  il::Value off = b_.emit(Opcode::IMulOvf, il::Type::I64, {depth, IRBuilder::i64(8)});
  il::Value at = b_.emit(Opcode::Gep, il::Type::Ptr, {gosubStack_, off});
  b_.store(il::Type::I64, at, IRBuilder::i64(static_cast<int64_t>(gosubReturns_.size())));
  b_.store(il::Type::I64, gosubDepth_, b_.emit(Opcode::IAddOvf, il::Type::I64, {depth, IRBuilder::i64(1)}));
  gosubReturns_.push_back(back);
  b_.br(it->second);
  b_.setBlock(back);
}

void Lowerer::returnStmt(const Stmt &s) {
  if (proc_) {
    if (s.value) {
      if (!proc_->isFunction) { error(s.loc, "RETURN with a value is only allowed in a FUNCTION"); return; }
      Val v = expr(*s.value);
      if (!v.ok) return;
      if (proc_->ret == Ty::Obj && !checkObj(v, proc_->retCls, s.value->loc, "return")) return;
      b_.store(ilType(proc_->ret), result_, convert(v, proc_->ret, s.value->loc, "return"));
      if (proc_->ret == Ty::Str) use(v);
    }
    flush();
    tries_.leaveTo(0);
    b_.br(exit_);
    return;
  }
  if (s.value) { error(s.loc, "RETURN with a value outside a FUNCTION"); return; }
  if (tries_.depth() > 0) { error(s.loc, "RETURN inside a TRY block is not supported"); return; }
  if (gosubStack_.kind == il::ValueKind::Null) { error(s.loc, "RETURN without GOSUB"); return; }
  uint32_t d = b_.newBlock("return_dispatch");
  returnDispatches_.push_back(d);
  b_.br(d);
}

// TRY: the body runs under a handler; a trap in it (or in anything it calls) enters the
// CATCH body with ERR() set, and both paths continue through FINALLY to after END TRY.
void Lowerer::tryStmt(const Stmt &s) {
  flush();
  const auto t = tries_.begin(s.finallyBody.empty() ? nullptr : &s.finallyBody);
  body(s.body);
  flush();
  // After the body's own errors, so those come first.
  if (!s.hasElse && !s.hasFinally) error(s.endLoc, "TRY without CATCH or FINALLY");
  tries_.endBody(t);
  b_.setLoc(s.loc);
  const auto [err, tok] = tries_.enterHandler(t);
  il::Value code32 = b_.emit(Opcode::ErrGetCode, il::Type::I32, {err});
  il::Value code = b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {code32});  // i32 -> i64 always fits
  b_.store(il::Type::I64, findVar("#ERR")->slot, code);
  if (!s.var.empty()) {
    if (Var *v = findVar(s.var); v && !v->isArray && v->ty == Ty::Int) b_.store(il::Type::I64, v->slot, code);
    else error(s.loc, "the CATCH variable " + s.var + " must be an integer");
  }
  ++onErr_.inCatch;  // the CATCH runs on its handler's token: no RESUME from or into it
  body(s.elseBody);
  --onErr_.inCatch;
  flush();
  tries_.endHandler(t, tok);
  body(s.finallyBody);
  flush();
  tries_.end(t);
}

} // namespace viper::basic

namespace viper::basic {

namespace {
bool hasOnError(const Body &stmts) {
  return anyStmt(stmts, [](const Stmt &s) { return s.kind == Stmt::K::OnError; });
}
} // namespace

// ON ERROR GOTO (spec/basic.md §5, DEVELOPERS.md "BASIC"): a function that has one installs
// a single IL handler at entry for its whole body. The handler takes the trap when an
// ON ERROR target is set and no error is being handled, and resumes at that target;
// otherwise it raises the same trap again for the caller's handlers.
void Lowerer::beginOnError(const Body &stmts) {
  onErr_ = OnErr{};
  if (!hasOnError(stmts)) return;
  for (const char *n : {"#ERR", "#ONERR", "#STMT", "#ERRSTMT", "#ERLAT", "#ERL", "#INERR"})
    if (!findVar(n)) declareVar(n, Ty::Int, false, proc_ ? proc_->loc : SourceLoc{});
  onErr_.active = true;
  onErr_.handler = b_.newHandlerBlock("on_error");
  b_.ehPush(onErr_.handler);
}

void Lowerer::finishOnError() {
  if (!onErr_.active) return;
  auto slot = [&](const char *n) { return findVar(n)->slot; };
  b_.setLoc(proc_ ? proc_->loc : SourceLoc{0, 0, 0});
  b_.setBlock(onErr_.handler);
  il::Value err = b_.blockParam(onErr_.handler, 0), tok = b_.blockParam(onErr_.handler, 1);
  il::Value busy = b_.emit(Opcode::ICmpNe, il::Type::I1, {b_.load(il::Type::I64, slot("#INERR")), IRBuilder::i64(0)});
  il::Value id = b_.load(il::Type::I64, slot("#ONERR"));
  il::Value none = b_.emit(Opcode::ICmpEq, il::Type::I1, {id, IRBuilder::i64(0)});
  uint32_t again = b_.newBlock("on_error_raise"), take = b_.newBlock("on_error_take"), go = b_.newBlock("on_error_goto");
  b_.cbr(b_.emit(Opcode::Or, il::Type::I1, {busy, none}), again, take);
  // No target, or an error inside the handler: the same trap again, for the callers.
  b_.setBlock(again);
  rtVoid(RtFn::setThrowMsg, {b_.emit(Opcode::ErrGetMsg, il::Type::Str, {err})});
  rtVoid(RtFn::raiseKind, {b_.emit(Opcode::ErrGetKind, il::Type::I32, {err}), b_.emit(Opcode::ErrGetCode, il::Type::I32, {err}),
                            b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {IRBuilder::i64(0)})});
  b_.br(exit_);  // not reached: the call raised
  b_.setBlock(take);
  il::Value code = b_.emit(Opcode::CastSiNarrowChk, il::Type::I64, {b_.emit(Opcode::ErrGetCode, il::Type::I32, {err})});
  b_.store(il::Type::I64, slot("#ERR"), code);
  b_.store(il::Type::I64, slot("#ERL"), b_.load(il::Type::I64, slot("#ERLAT")));
  b_.store(il::Type::I64, slot("#ERRSTMT"), b_.load(il::Type::I64, slot("#STMT")));
  b_.store(il::Type::I64, slot("#INERR"), IRBuilder::i64(1));
  b_.resumeLabel(tok, go);
  b_.setBlock(go);
  std::vector<std::pair<int64_t, uint32_t>> cases;
  for (size_t k = 0; k < onErr_.targets.size(); ++k) cases.push_back({static_cast<int64_t>(k + 1), onErr_.targets[k]});
  b_.switchI32(b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, slot("#ONERR"))}), exit_, cases);
  // RESUME / RESUME NEXT: back to the failed statement, or to what follows it.
  for (const auto &[blk, next] : onErr_.resumes) {
    b_.setBlock(blk);
    std::vector<std::pair<int64_t, uint32_t>> to;
    for (size_t k = 0; k < onErr_.starts.size(); ++k)
      if (onErr_.nexts[k]) to.push_back({static_cast<int64_t>(k), next ? onErr_.nexts[k] : onErr_.starts[k]});
    b_.switchI32(b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {b_.load(il::Type::I64, slot("#ERRSTMT"))}), exit_, to);
  }
}

void Lowerer::onErrorStmt(const Stmt &s) {
  if (!onErr_.active) return;
  int64_t id = 0;
  if (s.word != "0") {
    auto it = labels_.find(s.word);
    if (it == labels_.end()) { error(s.loc, "unknown label " + s.word); return; }
    size_t k = 0;
    while (k < onErr_.targets.size() && onErr_.targets[k] != it->second) ++k;
    if (k == onErr_.targets.size()) onErr_.targets.push_back(it->second);
    id = static_cast<int64_t>(k + 1);
  }
  b_.store(il::Type::I64, findVar("#ONERR")->slot, IRBuilder::i64(id));
}

void Lowerer::resumeStmt(const Stmt &s) {
  if (!onErr_.active) { error(s.loc, "RESUME without ON ERROR GOTO in this " + std::string(proc_ ? (proc_->isFunction ? "FUNCTION" : "SUB") : "program")); return; }
  if (tries_.depth() > 0 || onErr_.inCatch > 0) { error(s.loc, "RESUME inside a TRY block is not supported"); return; }
  uint32_t target = 0;
  if (!s.word.empty() && s.word != "NEXT") {
    auto it = labels_.find(s.word);
    if (it == labels_.end()) { error(s.loc, "unknown label " + s.word); return; }
    target = it->second;
  }
  flush();
  Var *inerr = findVar("#INERR");
  il::Value busy = b_.emit(Opcode::ICmpNe, il::Type::I1, {b_.load(il::Type::I64, inerr->slot), IRBuilder::i64(0)});
  uint32_t ok = b_.newBlock("resume"), fail = b_.newBlock("resume_without_error");
  b_.cbr(busy, ok, fail);
  b_.setBlock(fail);
  rtVoid(RtFn::diagTrap, {IRBuilder::str("RESUME without an error")});
  b_.br(exit_);
  b_.setBlock(ok);
  b_.store(il::Type::I64, inerr->slot, IRBuilder::i64(0));
  if (target) { b_.br(target); return; }
  uint32_t d = b_.newBlock(s.word == "NEXT" ? "resume_next" : "resume_same");
  onErr_.resumes.push_back({d, s.word == "NEXT"});
  b_.br(d);
}

} // namespace viper::basic
