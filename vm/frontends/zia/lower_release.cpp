// Reference counting of Zia class objects, lists, maps and sets (the string discipline
// extended to counted blocks).
//
// The one rule: a block is freed only when every reference to it has been given back, and
// only places whose every store took a reference give one back. So:
// - Every place that keeps a pointer takes a reference (storeTo, boxHeld, closure
//   environments): the new block's own one when the value carries it (Val::plus: `new`,
//   a list or map literal, a user function's result, used once), else a retain.
// - Only two kinds of place give theirs back: local slots of a counted type (when
//   overwritten, and at the function's exit: endBody) and the fields and elements of a
//   block being freed. Parameters borrow the caller's reference (the caller's slot or
//   temporary outlives the call) and are not released; fields, globals, closure
//   environments, optionals, interface values and container elements keep theirs (an
//   overwritten field, a removed element leaks its old value rather than risk freeing a
//   block a caller still borrows).
// - Temporaries that carry a reference and are not stored leak it (not released at the
//   end of the statement yet).
// Freeing runs IL code the runtime cannot: @__zia_release (any class object: dispatches on
// the class id, releases string and counted fields, walks the last class-typed field as a
// loop so a long chain does not recurse), @__zia_release.N (a list, set or map of one
// element type: releases counted elements, then rt_list_free / rt_map_free drop the boxes).
#include "frontends/zia/lower_impl.hpp"

namespace viper::zia {

using fe::IRBuilder;
using il::Opcode;

bool Lowerer::counted(const Type &t) const {
  switch (t.k) {
  case Type::K::List: case Type::K::Map: case Type::K::Set: return true;
  case Type::K::Class: return t.cls >= 0 && !classes_[t.cls].isStruct && !classes_[t.cls].isInterface;
  case Type::K::Opt: return t.elem && (t.elem->is(Type::K::Class) || t.elem->is(Type::K::List) || t.elem->is(Type::K::Map) ||
                                        t.elem->is(Type::K::Set)) && counted(*t.elem);  // the same pointer, null for none
  default: return false;
  }
}

bool Lowerer::heldPtr(const Type &t) const {
  return !t.isError() && !t.is(Type::K::Str) && !t.is(Type::K::Void) && ilType(t) == il::Type::Ptr && structOf(t) < 0;
}

il::Value Lowerer::keepRef(const Val &v, bool take) {
  if (!(take && v.plus)) b_.call(RtFn::objRetain, {v.v});  // null and non-blocks are ignored
  return v.v;
}

namespace {
// An optional whose value is a box (Integer?, Number?, Boolean?, String?, an enum?): its
// variables share the box (optionals are not counted), so one crossing into or out of a
// container is retained: the container's release then never frees a box a variable still
// holds (such a box is never freed: a leak, not an early free).
bool boxedOptional(const Type &t) {
  return t.is(Type::K::Opt) && t.elem &&
         (t.elem->is(Type::K::Int) || t.elem->is(Type::K::Enum) || t.elem->is(Type::K::Num) ||
          t.elem->is(Type::K::Bool) || t.elem->is(Type::K::Str));
}
} // namespace

// A container element: Integer, Number, Boolean and String values are boxed (the
// container owns its boxes); a struct is a copy of its own; anything else is the pointer.
il::Value Lowerer::box(const Val &v, const Type &elem, SourceLoc) {
  switch (elem.k) {
  case Type::K::Int: case Type::K::Enum: return *b_.call(RtFn::boxI64, {v.v});
  case Type::K::Num: return *b_.call(RtFn::boxF64, {v.v});
  case Type::K::Bool: return *b_.call(RtFn::boxI1, {v.v});
  case Type::K::Str: return *b_.call(RtFn::boxStr, {use(v)});
  default:
    if (boxedOptional(elem)) {
      b_.call(RtFn::objRetain, {v.v});  // null is ignored
      return v.v;
    }
    if (int s = structOf(elem); s >= 0) return copyStruct(v.v, s);  // an element is a value of its own
    return v.v;
  }
}

Val Lowerer::unbox(il::Value p, const Type &elem) {
  switch (elem.k) {
  case Type::K::Int: case Type::K::Enum: return Val{*b_.call(RtFn::boxToI64, {p}), elem, false};
  case Type::K::Num: return Val{*b_.call(RtFn::boxToF64, {p}), elem, false};
  case Type::K::Bool: return Val{*b_.call(RtFn::boxToI1, {p}), elem, false};
  case Type::K::Str: return Val{*b_.call(RtFn::boxToStr, {p}), elem, true};
  default:
    if (boxedOptional(elem)) b_.call(RtFn::objRetain, {p});
    return Val{p, elem, false};
  }
}

il::Value Lowerer::boxHeld(const Val &v, const Type &elem, SourceLoc loc, bool take) {
  il::Value b = box(v, elem, loc);
  if (heldPtr(elem)) keepRef(Val{b, elem, false, v.plus}, take);  // a reference element is the value itself
  return b;
}

void Lowerer::releaseRef(il::Value v, const Type &t) {
  if (t.is(Type::K::Opt)) return releaseRef(v, *t.elem);
  if (t.is(Type::K::Class)) {
    objReleaseUsed_ = true;
    b_.call("__zia_release", il::Type::Void, {v});
    return;
  }
  b_.call(releaseFn(t), il::Type::Void, {v});
}

std::string Lowerer::releaseFn(const Type &t) {
  std::string key = name(t);
  if (auto it = releaseFns_.find(key); it != releaseFns_.end()) return it->second.first;
  std::string fn = "__zia_release." + std::to_string(releaseFns_.size());
  releaseFns_.emplace(key, std::make_pair(fn, t));
  releaseQueue_.push_back(key);
  return fn;
}

void Lowerer::releaseArgRefs() {
  if (argMarks_.empty()) return;
  const size_t mark = argMarks_.back();
  argMarks_.pop_back();
  if (!b_.terminated())
    for (size_t i = mark; i < argRefs_.size(); ++i) releaseRef(argRefs_[i].first, argRefs_[i].second);
  argRefs_.resize(mark);
}

il::Value Lowerer::retainElements(il::Value l, const Type &et) {
  if (!heldPtr(et)) return l;
  forEachIndex(*b_.call(RtFn::listCount, {l}), "keep",
               [&](il::Value i) { b_.call(RtFn::objRetain, {*b_.call(RtFn::listGet, {l, i})}); });
  return l;
}

namespace {
// The first two blocks of every release function: null and a reference that is not the
// last go to `done`; returns the block that frees.
uint32_t lastReference(IRBuilder &b, il::Value p, uint32_t done) {
  uint32_t live = b.newBlock("rel_live"), drop = b.newBlock("rel_free");
  b.cbr(*b.call(rt::RtFn::objIsNull, {p}), done, live);
  b.setBlock(live);
  b.cbr(*b.call(rt::RtFn::objReleaseCheck0, {p}), drop, done);
  b.setBlock(drop);
  return drop;
}
} // namespace

void Lowerer::lowerReleases() {
  size_t next = 0;
  bool objDone = false;
  while (next < releaseQueue_.size() || (objReleaseUsed_ && !objDone)) {
    if (objReleaseUsed_ && !objDone) {
      objDone = true;
      // @__zia_release(p): a loop over p, then the last class-typed field of each block
      // freed (a linked chain is freed without recursion; other fields recurse).
      b_.beginFunction("__zia_release", il::Type::Void, {{"p", il::Type::Ptr}}, "entry_0");
      uint32_t loop = b_.newBlock("rel_loop", {il::Type::Ptr}), done = b_.newBlock("rel_done");
      b_.br(loop, {b_.param(0)});
      b_.setBlock(loop);
      il::Value q = b_.blockParam(loop, 0);
      lastReference(b_, q, done);
      il::Value id32 = b_.emit(Opcode::CastSiNarrowChk, il::Type::I32, {*b_.call(RtFn::objClassId, {q})});
      std::vector<std::pair<int64_t, uint32_t>> cases;
      std::vector<size_t> which;
      for (size_t c = 0; c < classes_.size(); ++c) {
        if (!counted(Type::klass(static_cast<int>(c)))) continue;
        cases.emplace_back(classes_[c].id, b_.newBlock("rel_" + classes_[c].il));
        which.push_back(c);
      }
      b_.switchI32(id32, done, cases);  // anything else (a struct block) is never freed
      for (size_t k = 0; k < which.size(); ++k) {
        b_.setBlock(cases[k].second);
        const ClassInfo &c = classes_[which[k]];
        const FieldInfo *tail = nullptr;
        for (const FieldInfo &f : c.fields)
          if (counted(f.ty) && (f.ty.is(Type::K::Class) || f.ty.elem->is(Type::K::Class))) tail = &f;
        il::Value nextObj = il::Value::null();
        for (const FieldInfo &f : c.fields) {
          if (f.ty.is(Type::K::Str)) b_.call(RtFn::strReleaseMaybe, {b_.load(il::Type::Str, fieldAddr(q, f))});
          else if (&f == tail) nextObj = b_.load(il::Type::Ptr, fieldAddr(q, f));
          else if (counted(f.ty)) releaseRef(b_.load(il::Type::Ptr, fieldAddr(q, f)), f.ty);
        }
        b_.call(RtFn::objFree, {q});
        b_.br(loop, {nextObj});
      }
      b_.setBlock(done);
      b_.ret(std::nullopt);
      continue;
    }
    const auto [fn, t] = releaseFns_.at(releaseQueue_[next++]);
    b_.beginFunction(fn, il::Type::Void, {{"p", il::Type::Ptr}}, "entry_0");
    il::Value p = b_.param(0);
    uint32_t done = b_.newBlock("rel_done");
    lastReference(b_, p, done);
    const bool isMap = t.is(Type::K::Map);
    const Type &key = *t.elem;
    const Type val = isMap ? *t.val : Type();
    if (counted(key) || (isMap && counted(val))) {
      // Each element's reference goes back before the container's boxes are dropped.
      forEachIndex(*b_.call(isMap ? RtFn::mapCount : RtFn::listCount, {p}), "rel", [&](il::Value i) {
        // rt_map_key_at first: it compacts removed entries away, so value i is there too.
        // A counted key or value is a box (the map's own: no unbox, no retain); an
        // Integer key is a word, read only for the compaction.
        il::Value k = !isMap ? *b_.call(RtFn::listGet, {p, i})
                      : key.is(Type::K::Int) ? mapKeyAt(p, i, key).v
                                             : *b_.call(RtFn::mapKeyAt, {p, i});
        if (counted(key)) releaseRef(k, key);
        if (isMap && counted(val)) releaseRef(*b_.call(RtFn::mapValueAt, {p, i}), val);
      });
    }
    b_.call(isMap ? RtFn::mapFree : RtFn::listFree, {p});
    b_.br(done);
    b_.setBlock(done);
    b_.ret(std::nullopt);
  }
}

} // namespace viper::zia
