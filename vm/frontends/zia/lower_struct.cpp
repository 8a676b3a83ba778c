// Zia structs (spec/zia.md §7 Structs): value types with fields and methods.
//
// A struct value is a pointer to an object block laid out like a class's (fields from
// offset 16), but no two places ever share a block: every place that keeps a value
// (storeTo: locals, fields, globals, parameters on entry, the return slot, loop
// variables; box: list and map elements; convert: a struct seen as an interface) takes a
// copy made by `@__zia_copy.NAME`, one small function per struct. A temporary (a call's
// result, a literal) is thus copied once more than strictly needed; blocks are freed
// with the run's Context like every object, so the extra copy costs memory, not
// correctness. Code that reaches into a place without storing (`p.x = 1`,
// `line.a.x = 1`, `list[i].x = 1`, a method call on `p`) changes that place's own value.
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

int Lowerer::structOf(const Type &t) const {
  if (isStructType(t)) return t.cls;
  if (t.is(Type::K::Opt) && t.elem && isStructType(*t.elem)) return t.elem->cls;
  return -1;
}

il::Value Lowerer::copyStruct(il::Value v, int cls) {
  return *b_.call("__zia_copy." + classes_[cls].il, il::Type::Ptr, {v});
}

il::Value Lowerer::newObject(int cls, const std::vector<std::string> &given) {
  const ClassInfo &c = classes_[cls];
  il::Value obj = *b_.call(RtFn::objNew, {IRBuilder::i64(c.id), IRBuilder::i64(c.size())});
  // Fields start at their defaults ("" for strings, so string methods never see null; a
  // new value for a struct), then their initialisers.
  for (const FieldInfo &f : c.fields) {
    if (f.ty.isError()) continue;
    il::Value addr = fieldAddr(obj, f);
    if (std::find(given.begin(), given.end(), f.name) != given.end()) {
      if (f.ty.is(Type::K::Str)) b_.store(il::Type::Str, addr, IRBuilder::str(""));
      continue;
    }
    if (f.decl->init) {
      // An initialiser sees globals and functions, never the locals or fields of the
      // code that happens to say `new`.
      auto savedScopes = std::move(scopes_);
      int savedClass = curClass_;
      scopes_.assign(1, {});
      curClass_ = -1;
      Val v = expr(*f.decl->init, &f.ty);
      scopes_ = std::move(savedScopes);
      curClass_ = savedClass;
      il::Value cv = convert(v, f.ty, f.decl->init->loc, "assign");
      if (f.ty.is(Type::K::Str)) b_.store(il::Type::Str, addr, IRBuilder::str(""));
      storeTo(addr, f.ty, Val{cv, f.ty, v.owned});
    } else if (f.ty.is(Type::K::Str)) {
      b_.store(il::Type::Str, addr, IRBuilder::str(""));
    } else if (isStructType(f.ty)) {
      il::Value inner = newObject(f.ty.cls);  // no cycle: checkStructCycles
      b_.store(il::Type::Ptr, addr, inner);
    }
  }
  return obj;
}

// `Point { x = 1, y: 2 }`: each field at most once; the others as `new` would leave them.
Val Lowerer::structLiteral(const Expr &e) {
  auto it = classIndex_.find(e.name);
  if (it == classIndex_.end()) {
    std::string near = closestName(e.name, classNames_);
    error(e.loc, "unknown struct '" + e.name + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
    return bad();
  }
  const int cls = it->second;
  const ClassInfo &c = classes_[cls];
  if (!c.isStruct) {
    error(e.loc, std::string(c.kind()) + " '" + c.name + "' is not a struct; create it with new " + c.name + "(...)");
    return bad();
  }
  for (size_t i = 0; i < e.argNames.size(); ++i) {
    const FieldInfo *f = c.field(e.argNames[i]);
    if (!f) {
      std::vector<std::string> names;
      for (const auto &fi : c.fields) names.push_back(fi.name);
      std::string near = closestName(e.argNames[i], names);
      error(e.argLocs[i], "struct '" + c.name + "' has no field '" + e.argNames[i] + "'" + (near.empty() ? "" : "; did you mean '" + near + "'?"));
      return bad();
    }
    for (size_t j = 0; j < i; ++j)
      if (e.argNames[j] == e.argNames[i]) { error(e.argLocs[i], "field '" + e.argNames[i] + "' is given twice"); return bad(); }
    if (!canSee(f->owner, f->exposed)) { error(e.argLocs[i], "field '" + e.argNames[i] + "' of struct '" + c.name + "' is hidden"); return bad(); }
  }
  b_.setLoc(e.loc);
  il::Value obj = newObject(cls, e.argNames);
  for (size_t i = 0; i < e.args.size(); ++i) {
    const FieldInfo &f = *c.field(e.argNames[i]);
    Val v = expr(*e.args[i], &f.ty);
    il::Value cv = convert(v, f.ty, e.args[i]->loc, "assign");
    il::Value addr = fieldAddr(obj, f);
    storeTo(addr, f.ty, Val{cv, f.ty, v.owned});
  }
  return Val{obj, Type::klass(cls), false};
}

Val Lowerer::newStructByFields(int cls, const Expr &e) {
  const ClassInfo &c = classes_[cls];
  if (!e.args.empty() && e.args.size() != c.fields.size()) {
    std::string names;
    for (const auto &f : c.fields) names += (names.empty() ? "" : ", ") + f.name;
    error(e.loc, "struct '" + c.name + "' has no init, so new " + c.name + "(...) takes its " +
                     std::to_string(c.fields.size()) + " field" + (c.fields.size() == 1 ? "" : "s") +
                     (names.empty() ? "" : " (" + names + ")") + " in order, got " + std::to_string(e.args.size()));
    return bad();
  }
  for (const auto &n : e.argNames)
    if (!n.empty()) { error(e.loc, "new " + c.name + "(...) takes its fields in order, not by name; write " + c.name + " { " + n + " = ... }"); return bad(); }
  std::vector<std::string> given;
  if (!e.args.empty())
    for (const auto &f : c.fields) given.push_back(f.name);
  il::Value obj = newObject(cls, given);
  for (size_t i = 0; i < e.args.size(); ++i) {
    const FieldInfo &f = c.fields[i];
    Val v = expr(*e.args[i], &f.ty);
    il::Value cv = convert(v, f.ty, e.args[i]->loc, "assign");
    il::Value addr = fieldAddr(obj, f);
    storeTo(addr, f.ty, Val{cv, f.ty, v.owned});
  }
  return Val{obj, Type::klass(cls), false};
}

void Lowerer::checkStructCycles() {
  // state: 0 unvisited, 1 on the path, 2 done. A struct can only hold itself through an
  // optional (null ends the chain); a plain field would make an endless default value.
  std::vector<int> state(classes_.size(), 0);
  std::function<bool(int)> visit = [&](int c) {
    state[c] = 1;
    for (const FieldInfo &f : classes_[c].fields) {
      if (!isStructType(f.ty)) continue;
      if (state[f.ty.cls] == 1) {
        error(f.decl->loc, "struct '" + classes_[c].name + "' cannot contain itself through field '" + f.name +
                               "' (make it optional: " + classes_[f.ty.cls].name + "?)");
        return false;
      }
      if (state[f.ty.cls] == 0 && !visit(f.ty.cls)) return false;
    }
    state[c] = 2;
    return true;
  };
  for (size_t c = 0; c < classes_.size(); ++c)
    if (classes_[c].isStruct && state[c] == 0 && !visit(static_cast<int>(c))) return;
}

// `@__zia_copy.NAME(ptr src) -> ptr`: null for null, else a new block with each field
// copied (strings retained by `store str`, struct fields copied in turn).
void Lowerer::lowerStructCopies() {
  for (const ClassInfo &c : classes_) {
    if (!c.isStruct) continue;
    b_.setLoc(c.decl->loc);
    b_.beginFunction("__zia_copy." + c.il, il::Type::Ptr, {{"src", il::Type::Ptr}}, "entry_0");
    il::Value src = b_.param(0);
    uint32_t none = b_.newBlock("copy_null"), body = b_.newBlock("copy_body");
    il::Value isNull = *b_.call(RtFn::objIsNull, {src});
    b_.cbr(isNull, none, body);
    b_.setBlock(none);
    b_.ret(il::Value::null());
    b_.setBlock(body);
    il::Value obj = *b_.call(RtFn::objNew, {IRBuilder::i64(c.id), IRBuilder::i64(c.size())});
    for (const FieldInfo &f : c.fields) {
      if (f.ty.isError()) continue;
      const il::Type t = ilType(f.ty);
      il::Value from = fieldAddr(src, f);
      il::Value v = b_.load(t, from);
      if (int s = structOf(f.ty); s >= 0) v = copyStruct(v, s);
      il::Value to = fieldAddr(obj, f);
      b_.store(t, to, v);
    }
    b_.ret(obj);
  }
}

} // namespace viper::zia
