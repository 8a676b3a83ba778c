// BASIC statements -> IL (spec/basic.md §4).
#include "frontends/basic/lower_impl.hpp"
#include "runtime/format.hpp"
#include <cmath>
#include <climits>

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

void Lowerer::body(const Body &stmts) {
  for (const auto &s : stmts) {
    if (diags_.full()) return;
    stmt(*s);
  }
}

void Lowerer::stmt(const Stmt &s) {
  if (!onErr_.active || s.kind == Stmt::K::Label || s.kind == Stmt::K::Resume) { stmtBody(s); return; }
  // Under ON ERROR every statement starts a block and records its number (RESUME goes
  // back to that block, RESUME NEXT to the one after the statement) and its line (ERL).
  flush();
  uint32_t start = b_.newBlock("stmt");
  if (!b_.terminated()) b_.br(start);
  b_.setBlock(start);
  b_.setLoc(s.loc);
  // Statements in TRY and CATCH bodies are not RESUME targets: they keep the number of the
  // TRY statement around them, so RESUME NEXT continues after its END TRY.
  const bool inTry = tries_.depth() > 0 || onErr_.inCatch > 0;
  const size_t id = onErr_.starts.size();
  onErr_.starts.push_back(start);
  onErr_.nexts.push_back(0);
  if (!inTry) b_.store(il::Type::I64, findVar("#STMT")->slot, IRBuilder::i64(static_cast<int64_t>(id)));
  b_.store(il::Type::I64, findVar("#ERLAT")->slot, IRBuilder::i64(onErr_.lineNumber >= 0 ? onErr_.lineNumber : s.loc.line));
  stmtBody(s);
  flush();
  uint32_t after = b_.newBlock("stmt_next");
  if (!b_.terminated()) b_.br(after);
  b_.setBlock(after);
  if (!inTry) onErr_.nexts[id] = after;  // RESUME targets: statements outside TRY bodies
}

void Lowerer::stmtBody(const Stmt &s) {
  if (s.kind == Stmt::K::Label) {
    if (std::isdigit(static_cast<unsigned char>(s.word[0]))) onErr_.lineNumber = std::strtoll(s.word.c_str(), nullptr, 10);
    auto it = labels_.find(s.word);
    if (it == labels_.end()) return;
    flush();
    if (!b_.terminated()) b_.br(it->second);
    b_.setBlock(it->second);
    return;
  }
  ensureOpen();
  b_.setLoc(s.loc);
  switch (s.kind) {
  case Stmt::K::Print: print(s); break;
  case Stmt::K::Input: case Stmt::K::LineInput: input(s); break;
  case Stmt::K::Let: let(s); break;
  case Stmt::K::Dim: case Stmt::K::Redim: dim(s); break;
  case Stmt::K::If: ifStmt(s); break;
  case Stmt::K::For: forStmt(s); break;
  case Stmt::K::While: whileStmt(s); break;
  case Stmt::K::Do: doStmt(s); break;
  case Stmt::K::Select: selectStmt(s); break;
  case Stmt::K::Exit: exitStmt(s); break;
  case Stmt::K::Goto: gotoStmt(s); break;
  case Stmt::K::Gosub: gosub(s); break;
  case Stmt::K::Return: returnStmt(s); break;
  case Stmt::K::End:
    if (proc_) error(s.loc, "END inside a SUB or FUNCTION is not supported; use EXIT SUB or EXIT FUNCTION");
    else b_.br(exit_);
    break;
  case Stmt::K::CallSub: callSub(s); break;
  case Stmt::K::Const: {
    Var *v = findVar(s.word);
    if (!v) break;
    Val x = expr(*s.value);
    if (x.ok) b_.store(ilType(v->ty), v->slot, convert(x, v->ty, s.loc, "assign"));
    break;
  }
  case Stmt::K::Swap: swap(s); break;
  case Stmt::K::Try: tryStmt(s); break;
  case Stmt::K::OnError: onErrorStmt(s); break;
  case Stmt::K::Resume: resumeStmt(s); break;
  case Stmt::K::Randomize: {
    il::Value seed = s.value ? toInt(expr(*s.value), s.loc) : rt(RtFn::nowMicros, Ty::Int, {});
    rtVoid(RtFn::randomize, {seed});
    break;
  }
  case Stmt::K::Sleep: {
    il::Value ms = s.value ? toInt(expr(*s.value), s.loc) : IRBuilder::i64(0);
    rtVoid(RtFn::sleepMs, {ms});
    break;
  }
  case Stmt::K::Cls: rtVoid(RtFn::termNoop, {}); break;
  case Stmt::K::Nop:
    for (const auto &e : s.items) (void)toInt(expr(*e), e->loc);
    break;
  case Stmt::K::Label: break;
  case Stmt::K::Delete: deleteStmt(s); break;
  }
  flush();
}

// PRINT: one print call per item; ',' pads to the next 14-column zone, computed at compile
// time while every item so far on the line is a constant (spec/basic.md §4).
void Lowerer::print(const Stmt &s) {
  bool literalLine = true;
  size_t col = 0;  // 0-based column while literalLine holds
  for (size_t k = 0; k < s.items.size(); ++k) {
    if (const Expr *e = s.items[k].get()) {
      Val v = expr(*e);
      if (!v.ok) return;
      switch (v.ty) {
      case Ty::Str: rtVoid(RtFn::printStr, {use(v)}); break;
      case Ty::Float: rtVoid(RtFn::printF64, {v.v}); break;
      case Ty::Int: case Ty::Bool: rtVoid(RtFn::printI64, {toInt(v, e->loc)}); break;
      case Ty::Obj:
        if (v.cls == kElementCls) printElement(v, e->loc);
        else error(e->loc, "cannot PRINT an object (print one of its fields)");
        break;
      case Ty::Void: break;
      }
      if (literalLine) {
        auto c = fold(*e, 0);
        if (!c || c->ty != v.ty) literalLine = false;
        else if (c->ty == Ty::Str) col += c->s.size();
        else if (c->ty == Ty::Float) col += rt::formatF64Print(c->f).size();
        else col += rt::formatI64(c->i).size();
      }
    }
    if (s.seps[k] == ',') {
      size_t pad = literalLine ? 14 - col % 14 : 14;
      rtVoid(RtFn::printStr, {IRBuilder::str(std::string(pad, ' '))});
      col += pad;
    }
  }
  if (s.items.empty() || s.seps.back() != ';') rtVoid(RtFn::printStr, {IRBuilder::str("\n")});
}

void Lowerer::input(const Stmt &s) {
  if (s.hasPrompt) rtVoid(RtFn::printStr, {IRBuilder::str(s.prompt)});
  Val line;
  line.ty = Ty::Str;
  line.owned = true;
  line.v = rt(RtFn::readLine, Ty::Str, {});
  if (s.kind == Stmt::K::LineInput || s.targets.size() == 1) {
    const Expr &t = *s.targets[0];
    Ty want = t.kind == Expr::K::Name ? nameType(t.text) : Ty::Int;
    if (Var *v = findVar(t.text); v && v->isArray) want = v->ty;
    if (s.kind == Stmt::K::LineInput && want != Ty::Str) {
      error(t.loc, "LINE INPUT needs a string variable");
      use(line);
      return;
    }
    if (want == Ty::Str) {
      assign(t, line, s.loc);  // one variable: the whole line, as typed
      return;
    }
    Val num;
    num.ty = want == Ty::Float ? Ty::Float : Ty::Int;
    num.v = rt(want == Ty::Float ? RtFn::toDouble : RtFn::toInt64, num.ty, {use(line)});
    assign(t, num, s.loc);
    return;
  }
  // Several variables: comma-separated fields, trimmed.
  il::Value rest = owned(line);
  for (size_t k = 0; k < s.targets.size(); ++k) {
    const Expr &t = *s.targets[k];
    il::Value field;
    if (k + 1 < s.targets.size()) {
      il::Value comma = rt(RtFn::strIndexOf, Ty::Int, {rest, IRBuilder::str(",")});
      // No comma: the field is the rest and later fields are empty.
      il::Value none = b_.emit(Opcode::ICmpEq, il::Type::I1, {comma, IRBuilder::i64(0)});
      il::Value len = rt(RtFn::strLength, Ty::Int, {rest});
      il::Value len1 = b_.emit(Opcode::IAddOvf, il::Type::I64, {len, IRBuilder::i64(1)});
      il::Value cut = b_.select(il::Type::I64, none, len1, comma);
      il::Value flen = b_.emit(Opcode::ISubOvf, il::Type::I64, {cut, IRBuilder::i64(1)});
      field = rt(RtFn::strLeft, Ty::Str, {rest, flen});
      il::Value next = rt(RtFn::strMid, Ty::Str, {rest, b_.select(il::Type::I64, none, len1, b_.emit(Opcode::IAddOvf, il::Type::I64, {cut, IRBuilder::i64(1)}))});
      rtVoid(RtFn::strReleaseMaybe, {rest});
      rest = next;
    } else {
      field = rest;
    }
    Val fv;
    fv.ty = Ty::Str;
    fv.owned = true;
    fv.v = rt(RtFn::strTrim, Ty::Str, {field});
    rtVoid(RtFn::strReleaseMaybe, {field});
    Ty want = t.kind == Expr::K::Name ? nameType(t.text) : Ty::Int;
    if (want == Ty::Str) { assign(t, fv, s.loc); continue; }
    Val num;
    num.ty = want == Ty::Float ? Ty::Float : Ty::Int;
    num.v = rt(want == Ty::Float ? RtFn::toDouble : RtFn::toInt64, num.ty, {use(fv)});
    assign(t, num, s.loc);
  }
}

// Whether `e` hands the variable `name` to a call (which could take it BYREF and assign it).
bool Lowerer::tailPassesVar(const Expr &e, const std::string &name) {
  const bool call = e.kind == Expr::K::New || e.kind == Expr::K::Member ||
                    (e.kind == Expr::K::Apply && !(findVar(e.text) && findVar(e.text)->isArray));
  for (const auto &a : e.args) {
    if (call && a->kind == Expr::K::Name && a->text == name) return true;
    if (tailPassesVar(*a, name)) return true;
  }
  return e.obj && tailPassesVar(*e.obj, name);
}

// `V$ = V$ + tail` for a STRING variable V$. The usual lowering (load V$, retain it,
// Concat, store, release) leaves the variable holding a reference while Concat runs, so
// Concat always copies and a loop building a string is quadratic. Here the tail is
// evaluated first, then the variable's reference moves into Concat (a plain pointer
// store of null forgets it without a release), so a string only V$ holds grows in place.
// Evaluating the tail first is the same as left to right only when the tail cannot assign
// V$: a local is assigned by nothing in the tail unless passed to a call (BYREF); a module
// variable or a BYREF parameter could be assigned by any procedure, so the tail may then
// only read variables and call built-ins. While Concat runs the variable holds null, which
// a trap in Concat (a string over the limit) would leave behind: only where no handler
// could go on to read it (for a local, none in this function; otherwise none anywhere).
// Anything else takes the usual path (false: nothing emitted).
bool Lowerer::appendInPlace(const Stmt &s) {
  const Expr &target = *s.target, &value = *s.value;
  if (target.kind != Expr::K::Name || value.kind != Expr::K::Binary || value.text != "+") return false;
  const Expr &head = *value.args[0], &tail = *value.args[1];
  if (head.kind != Expr::K::Name || head.text != target.text) return false;
  Var *var = findVar(target.text);
  if (!var || var->isArray || var->isConst || var->ty != Ty::Str || forVars_.count(target.text)) return false;
  if (inferType(tail) != Ty::Str) return false;
  if (!var->module && !var->borrowed) {
    if (onErr_.active || tries_.depth() > 0 || onErr_.inCatch > 0 || tailPassesVar(tail, target.text)) return false;
  } else if (catches_ || mayRunCode(tail)) {
    return false;
  }
  Val r = expr(tail);
  if (!r.ok) return true;
  if (r.ty != Ty::Str) {
    error(value.loc, std::string("type mismatch: cannot use + on STRING and ") + tyName(r.ty));
    return true;
  }
  // Concat consumes the tail: a literal is not counted, a variable's value is retained.
  il::Value appended = tail.kind == Expr::K::Str ? r.v : owned(r);
  b_.setLoc(s.loc);
  il::Value cur = b_.load(il::Type::Str, var->slot);
  b_.store(il::Type::Ptr, var->slot, il::Value::null());
  il::Value joined = rt(RtFn::strConcat, Ty::Str, {cur, appended});
  b_.store(il::Type::Str, var->slot, joined);  // retains its own reference
  rtVoid(RtFn::strReleaseMaybe, {joined});
  return true;
}

void Lowerer::let(const Stmt &s) {
  if (recordAssign(*s.target, *s.value, s.loc)) return;
  if (appendInPlace(s)) return;
  Val v = expr(*s.value);
  if (!v.ok) return;
  assign(*s.target, v, s.loc);
}

void Lowerer::assign(const Expr &target, Val v, SourceLoc loc) {
  if (target.kind == Expr::K::Name) {
    Var *var = findVar(target.text);
    if (!var) {
      Val obj;
      std::string last;
      bool failed = false;
      if (objPrefix(target.text, target.loc, obj, last, failed)) {
        if (!failed) storeField(obj, last, v, loc);
        return;
      }
    }
    if (!var) { error(target.loc, privateStatics_.count(target.text) ? target.text + " is PRIVATE" : "undefined variable " + target.text); return; }
    if (var->isArray) { error(target.loc, target.text + " is an array; assign to an element, e.g. " + target.text + "(0) = ..."); return; }
    if (var->isConst) { error(target.loc, "cannot assign to the constant " + target.text); return; }
    if (forVars_.count(target.text)) { error(target.loc, "cannot assign to the FOR loop variable " + target.text + " inside its loop"); return; }
    if (var->ty == Ty::Obj && v.owned && v.cls == kElementCls) {
      // List.Pop's element is this statement's, released at its end: keep its value instead.
      error(loc, "the element List.Pop returns lasts only for its statement: assign it to an INTEGER, DOUBLE, BOOLEAN or STRING variable");
      return;
    }
    if (var->ty == Ty::Obj && !checkObj(v, var->cls, loc, "assign")) return;
    il::Value x = convert(v, var->ty, loc, "assign");
    b_.store(ilType(var->ty), var->slot, x);
    if (var->ty == Ty::Str) use(v);  // the slot retained its own reference
    return;
  }
  if (target.kind != Expr::K::Apply) { error(target.loc, "cannot assign to this expression"); return; }
  Var *var = findVar(target.text);
  if (var && var->isArray && var->ty == Ty::Obj) { objElementStore(*var, target, v, loc); return; }
  if (!var)
    if (Var *head = objArrayHead(target.text)) { objArrayMemberStore(*head, target, v, loc); return; }
  if (!var || !var->isArray) {
    error(target.loc, target.text + (procs_.count(target.text) ? " is a procedure, not an array" : " is not an array (declare it with DIM " + target.text + "(size))"));
    return;
  }
  il::Value x = convert(v, var->ty, loc, "assign");
  il::Value idx = elementIndex(*var, target);
  il::Value h = b_.load(il::Type::Ptr, var->slot);
  if (var->ty == Ty::Bool) x = b_.emit(Opcode::Zext1, il::Type::I64, {x});
  fe::arraySet(b_, arrayElem(var->ty), h, idx, x);
  if (var->ty == Ty::Str) use(v);  // the array retained its own reference
}

void Lowerer::ifStmt(const Stmt &s) {
  uint32_t done = b_.newBlock("endif");
  for (const auto &[cond, armBody] : s.arms) {
    Val c = expr(*cond);
    il::Value test = c.ok ? toBool(c, cond->loc, "IF") : IRBuilder::boolean(false);
    flush();
    uint32_t then = b_.newBlock("then"), other = b_.newBlock("else");
    b_.cbr(test, then, other);
    b_.setBlock(then);
    body(armBody);
    flush();
    if (!b_.terminated()) b_.br(done);
    b_.setBlock(other);
  }
  body(s.elseBody);
  flush();
  if (!b_.terminated()) b_.br(done);
  b_.setBlock(done);
}

// FOR v = a TO b [STEP s]: the bound and step are evaluated once; the test is v <= b for
// a non-negative step and v >= b otherwise, before every iteration; v is incremented with
// overflow checking after the body.
// The body of a FOR or FOR EACH (EXIT FOR leaves to `done`; the loop variable may not be
// assigned), then the `next` block where the increment goes, on the FOR line.
void Lowerer::forLoopBody(const Stmt &s, uint32_t done, uint32_t next) {
  loops_.push_back({"FOR", done, tries_.depth()});
  const bool fresh = forVars_.insert(s.var).second;
  body(s.body);
  if (fresh) forVars_.erase(s.var);
  loops_.pop_back();
  flush();
  if (!b_.terminated()) b_.br(next);
  b_.setBlock(next);
  b_.setLoc(s.loc);  // the increment belongs to the FOR line
}

void Lowerer::forEach(const Stmt &s) {
  Var *v = findVar(s.var);
  Var *arr = s.from->kind == Expr::K::Name ? findVar(s.from->text) : nullptr;
  Var *idx = findVar(eachIndexName(s));
  if (!v || !idx) return;
  if (arr && !arr->isArray && arr->ty == Ty::Obj) { listEach(s, *v, *idx, *arr); return; }
  if (!arr || !arr->isArray) { error(s.from->loc, "FOR EACH needs an array or a Viper.Collections.List after IN"); return; }
  if (v->isArray || v->ty != arr->ty) {
    error(s.loc, std::string("the FOR EACH variable ") + s.var + " must be " + tyName(arr->ty) + " like the elements of " + s.from->text);
    return;
  }
  if (v->ty == Ty::Obj) {
    // An object array's elements go into the variable as an assignment would: the
    // element class must convert to the variable's class (or interface).
    Val elem;
    elem.ty = Ty::Obj;
    elem.cls = arr->cls;
    if (!checkObj(elem, v->cls, s.loc, "assign")) return;
  }
  b_.store(il::Type::I64, idx->slot, IRBuilder::i64(0));
  uint32_t head = b_.newBlock("each_head"), loopBody = b_.newBlock("each_body"), next = b_.newBlock("each_next"), done = b_.newBlock("each_end");
  b_.br(head);
  b_.setBlock(head);
  il::Value h = b_.load(il::Type::Ptr, arr->slot);
  il::Value len = fe::arrayLength(b_, h);
  il::Value i = b_.load(il::Type::I64, idx->slot);
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {i, len}), loopBody, done);
  b_.setBlock(loopBody);
  Expr element;
  element.kind = Expr::K::Apply;
  element.text = s.from->text;
  element.loc = s.loc;
  auto ix = std::make_unique<Expr>();
  ix->kind = Expr::K::Name;
  ix->text = eachIndexName(s);
  ix->loc = s.loc;
  element.args.push_back(std::move(ix));
  Val e = apply(element);
  if (e.ok) {
    b_.store(ilType(v->ty), v->slot, e.v);
    use(e);
  }
  flush();
  forLoopBody(s, done, next);
  il::Value now = b_.load(il::Type::I64, idx->slot);
  b_.store(il::Type::I64, idx->slot, b_.emit(Opcode::IAddOvf, il::Type::I64, {now, IRBuilder::i64(1)}));
  b_.br(head);
  b_.setBlock(done);
}

void Lowerer::forStmt(const Stmt &s) {
  if (s.word == "EACH") { forEach(s); return; }
  Var *v = findVar(s.var);
  if (!v) return;
  if (v->isArray || v->ty == Ty::Str || v->ty == Ty::Bool) { error(s.loc, "the FOR variable " + s.var + " must be a number"); return; }
  const bool isFloat = v->ty == Ty::Float;
  const Ty ty = isFloat ? Ty::Float : Ty::Int;
  il::Value start = convert(expr(*s.from), ty, s.from->loc, "assign");
  il::Value limit = convert(expr(*s.to), ty, s.to->loc, "assign");
  il::Value step = s.step ? convert(expr(*s.step), ty, s.step->loc, "assign") : (isFloat ? IRBuilder::f64(1) : IRBuilder::i64(1));
  flush();
  b_.store(ilType(ty), v->slot, start);
  uint32_t head = b_.newBlock("for_head"), loopBody = b_.newBlock("for_body"), next = b_.newBlock("for_next"), done = b_.newBlock("for_end");
  b_.br(head);
  b_.setBlock(head);
  il::Value cur = b_.load(ilType(ty), v->slot);
  il::Value test;
  const bool constStep = !s.step || s.step->kind == Expr::K::Int || s.step->kind == Expr::K::Float ||
                         (s.step->kind == Expr::K::Unary && s.step->text == "-" && (s.step->args[0]->kind == Expr::K::Int || s.step->args[0]->kind == Expr::K::Float));
  if (constStep) {
    bool negative = s.step && s.step->kind == Expr::K::Unary;
    if (s.step && s.step->kind == Expr::K::Int) negative = s.step->ival < 0;
    if (isFloat) test = b_.emit(negative ? Opcode::FCmpGE : Opcode::FCmpLE, il::Type::I1, {cur, limit});
    else test = b_.emit(negative ? Opcode::SCmpGE : Opcode::SCmpLE, il::Type::I1, {cur, limit});
  } else {
    il::Value up = isFloat ? b_.emit(Opcode::FCmpGE, il::Type::I1, {step, IRBuilder::f64(0)})
                           : b_.emit(Opcode::SCmpGE, il::Type::I1, {step, IRBuilder::i64(0)});
    il::Value le = b_.emit(isFloat ? Opcode::FCmpLE : Opcode::SCmpLE, il::Type::I1, {cur, limit});
    il::Value ge = b_.emit(isFloat ? Opcode::FCmpGE : Opcode::SCmpGE, il::Type::I1, {cur, limit});
    test = b_.select(il::Type::I1, up, le, ge);
  }
  b_.cbr(test, loopBody, done);
  b_.setBlock(loopBody);
  forLoopBody(s, done, next);
  il::Value now = b_.load(ilType(ty), v->slot);
  il::Value inc = isFloat ? b_.emit(Opcode::FAdd, il::Type::F64, {now, step}) : b_.emit(Opcode::IAddOvf, il::Type::I64, {now, step});
  b_.store(ilType(ty), v->slot, inc);
  b_.br(head);
  b_.setBlock(done);
}

void Lowerer::whileStmt(const Stmt &s) {
  uint32_t head = b_.newBlock("while_head"), loopBody = b_.newBlock("while_body"), done = b_.newBlock("while_end");
  b_.br(head);
  b_.setBlock(head);
  Val c = expr(*s.cond);
  il::Value test = c.ok ? toBool(c, s.cond->loc, "WHILE") : IRBuilder::boolean(false);
  flush();
  b_.cbr(test, loopBody, done);
  b_.setBlock(loopBody);
  loops_.push_back({"WHILE", done, tries_.depth()});
  body(s.body);
  loops_.pop_back();
  flush();
  if (!b_.terminated()) b_.br(head);
  b_.setBlock(done);
}

void Lowerer::doStmt(const Stmt &s) {
  using T = Stmt::DoTest;
  uint32_t head = b_.newBlock("do_head"), loopBody = b_.newBlock("do_body"), tail = b_.newBlock("do_tail"), done = b_.newBlock("do_end");
  b_.br(head);
  b_.setBlock(head);
  auto test = [&](bool wantTrue, uint32_t onPass, uint32_t onFail) {
    Val c = expr(*s.cond);
    il::Value t = c.ok ? toBool(c, s.cond->loc, "DO") : IRBuilder::boolean(false);
    flush();
    if (wantTrue) b_.cbr(t, onPass, onFail);
    else b_.cbr(t, onFail, onPass);
  };
  if (s.doTest == T::PreWhile || s.doTest == T::PreUntil) test(s.doTest == T::PreWhile, loopBody, done);
  else b_.br(loopBody);
  b_.setBlock(loopBody);
  loops_.push_back({"DO", done, tries_.depth()});
  body(s.body);
  loops_.pop_back();
  flush();
  if (!b_.terminated()) b_.br(tail);
  b_.setBlock(tail);
  b_.setLoc(s.loc);
  if (s.doTest == T::PostWhile || s.doTest == T::PostUntil) test(s.doTest == T::PostWhile, head, done);
  else b_.br(head);
  b_.setBlock(done);
}

// SELECT CASE: the selector is evaluated once; arms are tested in order with compare
// chains; the first match runs and control continues after END SELECT.
void Lowerer::selectStmt(const Stmt &s) {
  body(s.body);  // line numbers before the first CASE
  ensureOpen();
  b_.setLoc(s.loc);
  Val sel = expr(*s.selector);
  if (!sel.ok) return;
  const bool isStr = sel.ty == Ty::Str;
  const bool isFloat = sel.ty == Ty::Float;
  il::Value sv = isStr ? use(sel) : isFloat ? sel.v : toInt(sel, s.selector->loc);
  uint32_t done = b_.newBlock("select_end");
  auto cmp = [&](const std::string &op, const Expr &rhs) -> il::Value {
    Val r = expr(rhs);
    if (!r.ok) return IRBuilder::boolean(false);
    if (isStr) {
      if (r.ty != Ty::Str) { error(rhs.loc, std::string("type mismatch: CASE value is ") + tyName(r.ty) + " but the selector is STRING"); return IRBuilder::boolean(false); }
      il::Value rv = use(r);
      return fe::stringCompare(b_, fe::relationOf(op), sv, rv);
    }
    if (r.ty == Ty::Str) { error(rhs.loc, std::string("type mismatch: CASE value is STRING but the selector is ") + tyName(sel.ty)); return IRBuilder::boolean(false); }
    const bool f = isFloat || r.ty == Ty::Float;
    il::Value a = f ? (isFloat ? sv : b_.emit(Opcode::Sitofp, il::Type::F64, {sv})) : sv;
    il::Value bv = f ? toFloat(r, rhs.loc) : toInt(r, rhs.loc);
    Opcode o;
    if (op == "=") o = f ? Opcode::FCmpEQ : Opcode::ICmpEq;
    else if (op == "<>") o = f ? Opcode::FCmpNE : Opcode::ICmpNe;
    else if (op == "<") o = f ? Opcode::FCmpLT : Opcode::SCmpLT;
    else if (op == "<=") o = f ? Opcode::FCmpLE : Opcode::SCmpLE;
    else if (op == ">") o = f ? Opcode::FCmpGT : Opcode::SCmpGT;
    else o = f ? Opcode::FCmpGE : Opcode::SCmpGE;
    return b_.emit(o, il::Type::I1, {a, bv});
  };
  bool sawElse = false;
  for (const CaseArm &arm : s.cases) {
    b_.setLoc(arm.loc);
    uint32_t armBody = b_.newBlock("case"), nextArm = b_.newBlock("case_next");
    if (arm.items.empty()) {
      if (sawElse) error(arm.loc, "CASE ELSE appears twice");
      sawElse = true;
      b_.br(armBody);
    } else {
      for (size_t k = 0; k < arm.items.size(); ++k) {
        const CaseArm::Item &item = arm.items[k];
        il::Value hit;
        if (item.kind == CaseArm::Item::K::Value) hit = cmp("=", *item.a);
        else if (item.kind == CaseArm::Item::K::Is) hit = cmp(item.relop, *item.a);
        else hit = b_.emit(Opcode::And, il::Type::I1, {cmp(">=", *item.a), cmp("<=", *item.b)});
        uint32_t more = k + 1 < arm.items.size() ? b_.newBlock("case_or") : nextArm;
        b_.cbr(hit, armBody, more);
        if (more != nextArm) b_.setBlock(more);
      }
    }
    b_.setBlock(armBody);
    body(arm.body);
    flush();
    if (!b_.terminated()) b_.br(done);
    b_.setBlock(nextArm);
  }
  b_.br(done);
  b_.setBlock(done);
  flush();
}

void Lowerer::callSub(const Stmt &s) {
  if (!findVar(s.word)) {
    Val obj;
    std::string last;
    bool failed = false;
    if (objPrefix(s.word, s.loc, obj, last, failed)) {
      if (failed) return;
      Val r = callMethod(obj, last, s.items, s.loc, true);
      if (r.ok && r.ty == Ty::Str) use(r);
      return;
    }
  }
  if (s.target && s.target->kind == Expr::K::Member) {
    Val r = memberCall(*s.target, true);
    if (r.ok && r.ty == Ty::Str) use(r);
    return;
  }
  if (ownMethod(s.word)) {
    Val r = callOwnMethod(s.word, s.items, s.loc, true);
    if (r.ok && r.ty == Ty::Str) use(r);
    return;
  }
  const ProcSig *sig = findProc(s.word);
  if (!sig) {
    if (const rt::RuntimeFunction *rf = findRuntime(s.word)) {
      Val r = callRuntime(*rf, s.items, s.loc, s.word, true);
      if (r.ok && r.ty == Ty::Str) use(r);
      return;
    }
    if (Var *v = findVar(s.word)) { error(s.loc, "expected '=' after " + s.word + " (" + s.word + (v->isArray ? " is an array)" : " is a variable)")); return; }
    error(s.loc, "unknown statement or SUB " + s.word);
    return;
  }
  Val r = callProc(*sig, s.items, s.loc, s.word);
  if (r.ok && r.ty == Ty::Str) use(r);
}

void Lowerer::swap(const Stmt &s) {
  const Expr &a = *s.targets[0], &bx = *s.targets[1];
  Val va = expr(a), vb = expr(bx);
  if (!va.ok || !vb.ok) return;
  if (va.ty != vb.ty) { error(s.loc, std::string("SWAP needs two values of one type, not ") + tyName(va.ty) + " and " + tyName(vb.ty)); return; }
  if (va.ty == Ty::Str) {
    // Keep both strings alive while the slots trade references.
    il::Value x = owned(va), y = owned(vb);
    Val ox{x, Ty::Str, true, true, ""}, oy{y, Ty::Str, true, true, ""};
    assign(a, oy, s.loc);
    assign(bx, ox, s.loc);
    return;
  }
  assign(a, vb, s.loc);
  assign(bx, va, s.loc);
}

} // namespace viper::basic
