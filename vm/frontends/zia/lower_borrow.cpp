// Borrowed locals: the `var` slots of a function that need no reference of their own.
//
// A counted local normally retains every value stored into it and releases the old one
// (lower_release.cpp). That is wasted work for a variable such as `cur` in
//     var cur = head; while cur != null { ...; cur = cur.next; }
// whose every value is reachable from something that outlives the call anyway. Why such
// a value cannot be freed while the local holds it:
// - Only two things ever give a reference back: a counted local slot (overwritten, or at
//   the function's exit) and the freeing of the block that holds it in a field or
//   element. An overwritten field or global and a removed list or map element leak their
//   old value (never released), and containers only ever free boxes of their own.
// - So a block held in a field or element of a live block stays alive while that block
//   does, and a global's value stays alive for ever.
// - The roots here: parameters and `self` (the caller keeps them alive for the call: its
//   slots cannot change while it waits, an argument it made is released after the call),
//   globals and fields of self (bare names bound by nothing in the function), and a
//   `stable` local: declared once, by a `var` directly in the function's body (so it runs
//   at most once), and never assigned: its slot keeps its block until the exit.
// A local is borrowed when it is declared once, by `var`, and every value given to it (the
// initialiser and each `name = value`) is null, a root, another borrowed local, or a
// member or element reached from one of those (a field, a `?.` chain, `x[i]`), never
// by a name that is a property anywhere in the program (a getter's result is a reference
// of its own, which a borrowed local would keep and leak: storeTo). Values it passes on are retained by
// the place that keeps them, as any borrowed value is (fields, elements, the return slot).
// A for-in element variable over a list is borrowed when no assignment in the function
// names it: the loop's hidden slot holds the list for the whole loop.
// Functions with a lambda, and closures' bodies, are left alone: a lambda's body runs in a
// frame of its own whose names this walk does not follow.
#include "frontends/zia/lower_impl.hpp"

#include <unordered_set>

namespace viper::zia {
namespace {

struct Names {
  std::unordered_map<std::string, int> varDecls;  ///< `var` declarations per name
  std::unordered_set<std::string> otherBinds;     ///< for-in, catch and match bindings
  std::unordered_set<std::string> assigned;       ///< targets of `name = ...` / `name op= ...`
  std::unordered_set<std::string> topVars;        ///< `var`s directly in the function's body
  std::unordered_set<std::string> loopVars;       ///< for-in element variables
  std::vector<std::pair<std::string, const Expr *>> sources;  ///< (name, value) per `var`/`=`; null: none
  std::unordered_set<std::string> compound;  ///< `name op= ...`: a value computed from the old one
  bool lambda = false;
};

void walkExpr(const Expr *e, Names &n);
void walkBody(const Body &b, Names &n);

void walkPattern(const Pattern &p, Names &n) {
  if (p.kind == Pattern::K::Bind) n.otherBinds.insert(p.name);
  walkExpr(p.value.get(), n);
  walkExpr(p.hi.get(), n);
  for (const Pattern &s : p.subs) walkPattern(s, n);
}

void walkArms(const std::vector<MatchArm> &arms, Names &n) {
  for (const MatchArm &a : arms) {
    walkPattern(a.pat, n);
    walkExpr(a.guard.get(), n);
    walkExpr(a.value.get(), n);
    walkBody(a.body, n);
  }
}

void walkExpr(const Expr *e, Names &n) {
  // Iterative over args: a 10,000-term chain must not recurse once per term.
  std::vector<const Expr *> todo{e};
  while (!todo.empty()) {
    const Expr *x = todo.back();
    todo.pop_back();
    if (!x) continue;
    if (x->kind == Expr::K::Lambda) n.lambda = true;
    walkArms(x->arms, n);
    walkBody(x->lamBody, n);
    for (const ExprP &a : x->args) todo.push_back(a.get());
  }
}

void walkStmt(const Stmt &s, Names &n) {
  switch (s.kind) {
  case Stmt::K::Var:
    ++n.varDecls[s.name];
    n.sources.emplace_back(s.name, s.value.get());
    break;
  case Stmt::K::Assign:
    if (s.target && s.target->kind == Expr::K::Name) {
      n.assigned.insert(s.target->name);
      if (s.op == "=") n.sources.emplace_back(s.target->name, s.value.get());
      else n.compound.insert(s.target->name);
    }
    break;
  case Stmt::K::ForIn:
    n.otherBinds.insert(s.name);
    if (!s.name2.empty()) n.otherBinds.insert(s.name2);
    n.loopVars.insert(s.name2.empty() ? s.name : s.name2);
    break;
  default: break;
  }
  for (const Stmt::Catch &c : s.catches) {
    if (!c.name.empty()) n.otherBinds.insert(c.name);
    walkBody(c.body, n);
  }
  walkExpr(s.target.get(), n);
  walkExpr(s.value.get(), n);
  walkExpr(s.cond.get(), n);
  if (s.init) walkStmt(*s.init, n);
  if (s.update) walkStmt(*s.update, n);
  walkBody(s.body, n);
  walkBody(s.elseBody, n);
  walkArms(s.arms, n);
}

void walkBody(const Body &b, Names &n) {
  for (const StmtP &s : b)
    if (s) walkStmt(*s, n);
}

} // namespace

Borrowed borrowedLocals(const FuncDecl &f, const std::unordered_set<std::string> &properties) {
  Names n;
  walkBody(f.body, n);
  for (const StmtP &s : f.body)
    if (s && s->kind == Stmt::K::Var) n.topVars.insert(s->name);
  if (n.lambda) return {};
  Borrowed out;
  // A for-in element variable never assigned holds only elements of the list the loop's
  // hidden slot keeps (and gives back only when the loop statement runs again, before
  // the variable is next read).
  for (const std::string &name : n.loopVars)
    if (!n.assigned.count(name) && !n.compound.count(name)) out.loopVars.insert(name);
  std::unordered_set<std::string> params;
  for (const Param &p : f.params) params.insert(p.name);
  auto bindsOnce = [&](const std::string &name) {
    auto it = n.varDecls.find(name);
    return it != n.varDecls.end() && it->second == 1 && !n.otherBinds.count(name) && !params.count(name);
  };
  // Candidates first, then struck out until every remaining one's sources are rooted.
  std::unordered_set<std::string> cand;
  for (const auto &[name, count] : n.varDecls)
    if (bindsOnce(name) && !n.compound.count(name)) cand.insert(name);
  auto stable = [&](const std::string &name) { return bindsOnce(name) && n.topVars.count(name) && !n.assigned.count(name); };
  // A bare name: a parameter, a borrowed or stable local, or bound by nothing here (a
  // global, a field of self, a function), never a local that gives its values back.
  auto rootName = [&](const std::string &name) {
    if (params.count(name) || cand.count(name) || stable(name)) return true;
    return !n.varDecls.count(name) && !n.otherBinds.count(name);
  };
  std::function<bool(const Expr *)> rooted = [&](const Expr *e) -> bool {
    for (;;) {
      if (!e) return false;
      switch (e->kind) {
      case Expr::K::Null: case Expr::K::Self: return true;
      case Expr::K::Name: return !properties.count(e->name) && rootName(e->name);
      case Expr::K::Member:
        if (properties.count(e->name)) return false;
        e = e->args.empty() ? nullptr : e->args[0].get();
        break;
      case Expr::K::Unwrap: e = e->args.empty() ? nullptr : e->args[0].get(); break;
      case Expr::K::Index: e = e->args.empty() ? nullptr : e->args[0].get(); break;
      default: return false;
      }
    }
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto &[name, value] : n.sources) {
      if (!cand.count(name) || !value || rooted(value)) continue;  // no initialiser: null
      cand.erase(name);
      changed = true;
    }
  }
  out.vars = std::move(cand);
  return out;
}

} // namespace viper::zia
