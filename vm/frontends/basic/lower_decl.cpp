// BASIC declarations that shape data: DIM/REDIM of arrays (and arrays of records), whole-
// record assignment (TYPE, spec/basic.md §5), and compile-time constants for PRINT zones.
#include "frontends/basic/lower_impl.hpp"
#include <climits>
#include <cmath>

namespace viper::basic {

using il::Opcode;
using fe::IRBuilder;

void Lowerer::dim(const Stmt &s) {
  if (s.isStatic || (s.shared && proc_)) return;  // declarations only
  for (const DimDecl &d : s.decls) {
    if (d.dims.empty()) continue;
    std::vector<std::string> names{d.name};
    if (auto r = recordVars_.find(d.name); r != recordVars_.end() && !d.record.empty()) {
      names.clear();
      for (const auto &f : r->second->fields) names.push_back(d.name + "." + f.first);  // one array per field
    }
    std::vector<il::Value> ext;
    for (const auto &e : d.dims) {
      il::Value n = toInt(expr(*e), e->loc);
      ext.push_back(b_.emit(Opcode::IAddOvf, il::Type::I64, {n, IRBuilder::i64(1)}));  // DIM A(n) has n + 1 elements
    }
    il::Value len = ext[0];
    if (ext.size() == 2) len = b_.emit(Opcode::IMulOvf, il::Type::I64, {ext[0], ext[1]});
    for (const std::string &name : names) {
      Var *v = findVar(name);
      if (!v || !v->isArray) continue;
      if (v->borrowed && !v->module) { error(d.loc, d.name + " belongs to the caller (a parameter or a SHARED array); it cannot be re-dimensioned here"); break; }
      if (ext.size() == 2) b_.store(il::Type::I64, v->cols, ext[1]);
      il::Value old = b_.load(il::Type::Ptr, v->slot);
      il::Value h;
      if (s.kind == Stmt::K::Redim && s.preserve) {
        h = v->ty == Ty::Obj ? resizeObjArray(old, len) : fe::arrayResize(b_, arrayElem(v->ty), old, len);
      } else {
        fe::arrayRelease(b_, arrayElem(v->ty), old);
        // Objects: a plain reference array (rt_arr_obj, elements NOTHING); lower_objarray.cpp.
        h = v->ty == Ty::Obj ? *b_.call(RtFn::arrObjNew, {len}) : fe::arrayNew(b_, arrayElem(v->ty), len);
      }
      b_.store(il::Type::Ptr, v->slot, h);
    }
  }
}

// REDIM PRESERVE of an object array: a new array of `len` NOTHINGs, the first
// min(old length, len) references copied into it (elements are plain references, so
// nothing is retained or released per element), then the old array released. An array
// never DIMmed (null) keeps nothing.
il::Value Lowerer::resizeObjArray(il::Value old, il::Value len) {
  il::Value fresh = b_.callValue(RtFn::arrObjNew, {len});
  uint32_t some = b_.newBlock("redim_obj_old"), head = b_.newBlock("redim_obj_copy", {il::Type::I64}),
           step = b_.newBlock("redim_obj_elem"), drop = b_.newBlock("redim_obj_release"), done = b_.newBlock("redim_obj_end");
  b_.cbr(b_.callValue(RtFn::objIsNull, {old}), done, some);
  b_.setBlock(some);
  il::Value n = fe::arrayLength(b_, old);
  il::Value keep = b_.select(il::Type::I64, b_.emit(Opcode::SCmpLT, il::Type::I1, {n, len}), n, len);
  b_.br(head, {IRBuilder::i64(0)});
  b_.setBlock(head);
  il::Value k = b_.blockParam(head, 0);
  b_.cbr(b_.emit(Opcode::SCmpLT, il::Type::I1, {k, keep}), step, drop);
  b_.setBlock(step);
  b_.call(RtFn::arrObjPut, {fresh, k, b_.callValue(RtFn::arrObjGet, {old, k})});
  b_.br(head, {b_.emit(Opcode::IAddOvf, il::Type::I64, {k, IRBuilder::i64(1)})});
  b_.setBlock(drop);
  fe::arrayRelease(b_, fe::ArrayElem::I64, old);
  b_.br(done);
  b_.setBlock(done);
  return fresh;
}

namespace {
// A copy of an expression tree, with a loop (a left-deep index expression may be long).
ExprP cloneExpr(const Expr &root) {
  auto copy = [](const Expr &e) {
    auto c = std::make_unique<Expr>();
    c->kind = e.kind;
    c->loc = e.loc;
    c->ival = e.ival;
    c->fval = e.fval;
    c->text = e.text;
    return c;
  };
  ExprP out = copy(root);
  std::vector<std::pair<const Expr *, Expr *>> work{{&root, out.get()}};
  while (!work.empty()) {
    auto [src, dst] = work.back();
    work.pop_back();
    for (const auto &a : src->args) {
      dst->args.push_back(a ? copy(*a) : nullptr);
      if (a) work.push_back({a.get(), dst->args.back().get()});
    }
  }
  return out;
}
} // namespace

// Whole-record assignment, field by field: `q = p`, `pts(i) = p`, `p = pts(i)`. False when
// neither side is a record (an ordinary assignment).
bool Lowerer::recordAssign(const Expr &target, const Expr &value, SourceLoc loc) {
  auto recordOf = [&](const Expr &e) -> const RecordType * {
    if (e.kind != Expr::K::Name && e.kind != Expr::K::Apply) return nullptr;
    auto it = recordVars_.find(e.text);
    return it == recordVars_.end() ? nullptr : it->second;
  };
  const RecordType *t = recordOf(target), *v = recordOf(value);
  if (!t && !v) return false;
  if (t != v) {
    error(loc, "type mismatch: " + (t ? target.text + " is a " + t->name : target.text + " is not a record") + ", " +
                   (v ? value.text + " is a " + v->name : value.text + " is not a record"));
    return true;
  }
  for (const auto &f : t->fields) {
    ExprP src = cloneExpr(value), dst = cloneExpr(target);
    src->text += "." + f.first;
    dst->text += "." + f.first;
    Val x = expr(*src);
    if (!x.ok) return true;
    assign(*dst, x, loc);
  }
  return true;
}

// The value of an expression that is a constant (literals, unary minus, integer + - *,
// /, string +, ABS/INT/FIX/SGN of constants), for PRINT's zone padding; nullopt otherwise
// (or when folding would trap or the tree is deep).
std::optional<Lowerer::Const> Lowerer::fold(const Expr &e, int depth) {
  if (depth > 32) return std::nullopt;
  Const c;
  switch (e.kind) {
  case Expr::K::Int: c.i = e.ival; return c;
  case Expr::K::Float: c.ty = Ty::Float; c.f = e.fval; return c;
  case Expr::K::Str: c.ty = Ty::Str; c.s = e.text; return c;
  case Expr::K::Bool: c.ty = Ty::Bool; c.i = e.ival ? -1 : 0; return c;
  case Expr::K::Unary: {
    auto a = fold(*e.args[0], depth + 1);
    if (!a || e.text != "-") return std::nullopt;
    if (a->ty == Ty::Float) { a->f = -a->f; return a; }
    if (a->ty != Ty::Int || a->i == INT64_MIN) return std::nullopt;
    a->i = -a->i;
    return a;
  }
  case Expr::K::Binary: {
    auto a = fold(*e.args[0], depth + 1), b = fold(*e.args[1], depth + 1);
    if (!a || !b || a->ty == Ty::Bool || b->ty == Ty::Bool) return std::nullopt;
    if (a->ty == Ty::Str || b->ty == Ty::Str) {
      if (a->ty != Ty::Str || b->ty != Ty::Str || e.text != "+") return std::nullopt;
      a->s += b->s;
      return a;
    }
    const bool fl = a->ty == Ty::Float || b->ty == Ty::Float || e.text == "/";
    if (fl) {
      double x = a->ty == Ty::Float ? a->f : static_cast<double>(a->i), y = b->ty == Ty::Float ? b->f : static_cast<double>(b->i);
      Const r;
      r.ty = Ty::Float;
      if (e.text == "+") r.f = x + y;
      else if (e.text == "-") r.f = x - y;
      else if (e.text == "*") r.f = x * y;
      else if (e.text == "/") r.f = x / y;
      else return std::nullopt;
      return r;
    }
    Const r;
    bool ovf = true;
    if (e.text == "+") ovf = __builtin_add_overflow(a->i, b->i, &r.i);
    else if (e.text == "-") ovf = __builtin_sub_overflow(a->i, b->i, &r.i);
    else if (e.text == "*") ovf = __builtin_mul_overflow(a->i, b->i, &r.i);
    if (ovf) return std::nullopt;
    return r;
  }
  case Expr::K::Apply: {
    if (e.args.size() != 1 || findVar(e.text) || procs_.count(e.text)) return std::nullopt;
    const std::string &n = e.text;
    if (n != "ABS" && n != "INT" && n != "FIX" && n != "SGN") return std::nullopt;
    auto a = fold(*e.args[0], depth + 1);
    if (!a || (a->ty != Ty::Int && a->ty != Ty::Float)) return std::nullopt;
    if (n == "FIX") {
      Const r;
      r.ty = Ty::Float;
      r.f = a->ty == Ty::Float ? std::trunc(a->f) : static_cast<double>(a->i);
      return r;
    }
    if (a->ty == Ty::Float) {
      if (n == "ABS") a->f = std::fabs(a->f);
      else if (n == "INT") a->f = std::floor(a->f);
      else return std::nullopt;  // SGN of a float: leave it to the run time
      return a;
    }
    if (n == "ABS") { if (a->i == INT64_MIN) return std::nullopt; a->i = a->i < 0 ? -a->i : a->i; }
    else if (n == "SGN") a->i = (a->i > 0) - (a->i < 0);
    return a;
  }
  default: return std::nullopt;
  }
}

} // namespace viper::basic
