// Boxes, lists and the list-making string helpers Zia needs (Viper.Core.Box.*,
// Viper.Collections.List.*, Viper.String.Split, Viper.Text.Fmt.Bool).
//
// Boxes and lists are runtime object blocks (rt_obj_new_i64) with negative class ids, so
// they need no state of their own on the Context: the Context frees them with every other
// heap block, and a handle is trusted only after isBlockStart and its class id say what it
// is (a bad handle is an InvalidOperation trap, never a dereference). A box's 8-byte
// payload is the value; a string box holds its string the way string arrays do
// (strHold/strDrop). A list owns the boxes pushed into it and frees them when they are
// removed or overwritten; other elements (objects, lists) are references it does not own.
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"
#include <algorithm>
#include <cstring>

namespace viper::rt::lib {
namespace {

enum BoxTag : int64_t { kBoxI64 = -101, kBoxF64 = -102, kBoxI1 = -103, kBoxStr = -104 };
constexpr int64_t kListTag = -110, kListData = -111;
// lib_array.cpp's element kind of rt_obj_new_i64 blocks (arrayHeaderView().kind).
constexpr int32_t kObjectKind = 6;

int64_t classIdRaw(Context &ctx, void *p) {
  Slot a[1] = {slotP(p)};
  Slot r = slotI(0);
  objClassId(ctx, a, &r);
  return r.i;
}

void *newBox(Context &ctx, int64_t tag, Slot v) {
  Slot args[2] = {slotI(tag), slotI(8)};
  Slot r = slotP(nullptr);
  objNew(ctx, args, &r);
  if (r.p) std::memcpy(r.p, &v, 8);
  return r.p;
}

// The tag of a live box, or 0 if `p` is not one.
int64_t boxTag(Context &ctx, void *p) {
  if (!p || !ctx.memory.isBlockStart(p) || arrayHeaderView(p).kind != kObjectKind || arrayHeaderView(p).len < 8) return 0;
  int64_t id = classIdRaw(ctx, p);
  return id <= kBoxI64 && id >= kBoxStr ? id : 0;
}

Slot payload(void *p) {
  Slot s;
  std::memcpy(&s, p, 8);
  return s;
}

// Frees a box the list owned (anything that is not a box is left alone).
void dropElement(Context &ctx, void *p) {
  int64_t tag = boxTag(ctx, p);
  if (!tag) return;
  if (tag == kBoxStr) strDrop(ctx, static_cast<Str>(payload(p).p));
  Slot a[1] = {slotP(p)};
  Slot r = slotI(0);
  objFree(ctx, a, &r);
}

bool sameElement(Context &ctx, void *x, void *y) {
  int64_t tx = boxTag(ctx, x), ty = boxTag(ctx, y);
  if (!tx || !ty) return x == y;
  if (tx != ty) return false;
  Slot a = payload(x), b = payload(y);
  switch (tx) {
  case kBoxF64: return a.f == b.f;
  case kBoxStr:
    if (!ctx.isString(a.p) || !ctx.isString(b.p)) return false;
    return strView(static_cast<Str>(a.p)) == strView(static_cast<Str>(b.p));
  default: return a.i == b.i;
  }
}

void *unbox(Context &ctx, void *p, int64_t tag, const char *what) {
  if (boxTag(ctx, p) != tag) {
    ctx.raise(TrapKind::InvalidCast, std::string(what) + ": not a box of the expected type");
    return nullptr;
  }
  return p;
}

// A list handle is an object block {count, capacity, data}; data is an object block of
// `capacity` element handles. Both are program-writable memory (IL may store into any
// heap block), so every field is checked before it is trusted.
struct ListHeader {
  int64_t count;
  int64_t cap;
  void **data;
};

int64_t classIdOf(Context &ctx, void *p) {
  if (!p || !ctx.memory.isBlockStart(p)) return 0;
  return arrayHeaderView(p).kind == kObjectKind ? classIdRaw(ctx, p) : 0;
}

ListHeader *list(Context &ctx, void *p, const char *what) {
  auto bad = [&](const char *why) {
    ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": " + why);
    return nullptr;
  };
  if (!p) return bad("null list");
  if (classIdOf(ctx, p) != kListTag || arrayHeaderView(p).len < static_cast<int64_t>(sizeof(ListHeader)))
    return bad("not a valid list");
  auto *h = static_cast<ListHeader *>(p);
  if (h->cap < 0 || h->count < 0 || h->count > h->cap) return bad("corrupt list");
  if (h->cap > 0 && (classIdOf(ctx, h->data) != kListData || arrayHeaderView(h->data).len / 8 < h->cap))
    return bad("corrupt list");
  return h;
}

void *newObject(Context &ctx, int64_t tag, int64_t bytes) {
  Slot args[2] = {slotI(tag), slotI(bytes)};
  Slot r = slotP(nullptr);
  objNew(ctx, args, &r);
  return r.p;
}

void freeObject(Context &ctx, void *p) {
  Slot a[1] = {slotP(p)};
  Slot r = slotI(0);
  objFree(ctx, a, &r);
}

// Room for one more element (doubling); false after a trap.
bool reserve(Context &ctx, ListHeader *h) {
  if (h->count < h->cap) return true;
  int64_t cap = h->cap < 4 ? 4 : h->cap * 2;
  if (cap > (int64_t{1} << 28)) { ctx.raise(TrapKind::RuntimeError, "list: out of memory"); return false; }
  void *d = newObject(ctx, kListData, cap * 8);
  if (!d) return false;
  if (h->count) std::memcpy(d, h->data, static_cast<size_t>(h->count) * 8);
  if (h->cap > 0) freeObject(ctx, h->data);
  h->data = static_cast<void **>(d);
  h->cap = cap;
  return true;
}

void push(Context &ctx, ListHeader *h, void *e) {
  if (reserve(ctx, h)) h->data[h->count++] = e;
  else dropElement(ctx, e);
}

// Upstream's wording: `rt_list_get: index out of bounds (index=5, count=2)`, DomainError.
bool inRange(Context &ctx, const ListHeader *h, int64_t i, int64_t limit, const char *what) {
  if (i >= 0 && i < limit) return true;
  ctx.raise(TrapKind::DomainError, std::string(what) + ": index out of bounds (index=" + std::to_string(i) +
                                       ", count=" + std::to_string(h->count) + ")");
  return false;
}

void removeAt(Context &ctx, ListHeader *h, int64_t i) {
  dropElement(ctx, h->data[i]);
  std::memmove(h->data + i, h->data + i + 1, static_cast<size_t>(h->count - i - 1) * 8);
  --h->count;
}

void *makeList(Context &ctx) { return newObject(ctx, kListTag, sizeof(ListHeader)); }

} // namespace

RT_IMPL(boxI64) { r->p = newBox(ctx, kBoxI64, a[0]); }
RT_IMPL(boxF64) { r->p = newBox(ctx, kBoxF64, a[0]); }
RT_IMPL(boxI1) { r->p = newBox(ctx, kBoxI1, slotI(a[0].i & 1)); }
RT_IMPL(boxStr) {
  Str s = static_cast<Str>(a[0].p);
  if (!ctx.isString(s)) { ctx.raise(TrapKind::InvalidOperation, "Box.Str: not a live string"); return; }
  if (s) strHold(s);
  r->p = newBox(ctx, kBoxStr, slotP(s));
  if (!r->p && s) strDrop(ctx, s);
}
RT_IMPL(boxToI64) { if (void *p = unbox(ctx, a[0].p, kBoxI64, "Box.ToI64")) r->i = payload(p).i; }
RT_IMPL(boxToF64) { if (void *p = unbox(ctx, a[0].p, kBoxF64, "Box.ToF64")) r->f = payload(p).f; }
RT_IMPL(boxToI1) { if (void *p = unbox(ctx, a[0].p, kBoxI1, "Box.ToI1")) r->i = payload(p).i & 1; }
// The result is the caller's own reference (+1), like every string result.
RT_IMPL(boxToStr) {
  void *p = unbox(ctx, a[0].p, kBoxStr, "Box.ToStr");
  if (!p) return;
  Str s = static_cast<Str>(payload(p).p);
  if (!ctx.isString(s)) { ctx.raise(TrapKind::InvalidOperation, "Box.ToStr: the box holds no live string"); return; }
  r->p = strNew(ctx, strView(s));
}
RT_IMPL(boxRelease) { dropElement(ctx, a[0].p); }

RT_IMPL(listNew) { r->p = makeList(ctx); }
RT_IMPL(listCount) {
  if (auto *h = list(ctx, a[0].p, "rt_list_count")) r->i = h->count;
}
RT_IMPL(listPush) {
  if (auto *h = list(ctx, a[0].p, "rt_list_push")) push(ctx, h, a[1].p);
  else dropElement(ctx, a[1].p);
}
RT_IMPL(listGet) {
  auto *h = list(ctx, a[0].p, "rt_list_get");
  if (h && inRange(ctx, h, a[1].i, h->count, "rt_list_get")) r->p = h->data[a[1].i];
}
RT_IMPL(listSet) {
  auto *h = list(ctx, a[0].p, "rt_list_set");
  if (!h || !inRange(ctx, h, a[1].i, h->count, "rt_list_set")) { dropElement(ctx, a[2].p); return; }
  void *&slot = h->data[a[1].i];
  if (slot != a[2].p) dropElement(ctx, slot);
  slot = a[2].p;
}
RT_IMPL(listInsert) {
  auto *h = list(ctx, a[0].p, "rt_list_insert");
  if (!h || !inRange(ctx, h, a[1].i, h->count + 1, "rt_list_insert") || !reserve(ctx, h)) { dropElement(ctx, a[2].p); return; }
  int64_t i = a[1].i;
  std::memmove(h->data + i + 1, h->data + i, static_cast<size_t>(h->count - i) * 8);
  h->data[i] = a[2].p;
  ++h->count;
}
RT_IMPL(listRemoveAt) {
  auto *h = list(ctx, a[0].p, "rt_list_remove_at");
  if (h && inRange(ctx, h, a[1].i, h->count, "rt_list_remove_at")) removeAt(ctx, h, a[1].i);
}
RT_IMPL(listIndexOf) {
  r->i = -1;
  if (auto *h = list(ctx, a[0].p, "rt_list_find"))
    for (int64_t i = 0; i < h->count; ++i)
      if (sameElement(ctx, h->data[i], a[1].p)) { r->i = i; return; }
}
RT_IMPL(listHas) {
  r->i = 0;
  if (auto *h = list(ctx, a[0].p, "rt_list_has"))
    for (int64_t i = 0; i < h->count; ++i)
      if (sameElement(ctx, h->data[i], a[1].p)) { r->i = 1; return; }
}
RT_IMPL(listRemove) {
  r->i = 0;
  if (auto *h = list(ctx, a[0].p, "rt_list_remove"))
    for (int64_t i = 0; i < h->count; ++i)
      if (sameElement(ctx, h->data[i], a[1].p)) { removeAt(ctx, h, i); r->i = 1; return; }
}
RT_IMPL(listClear) {
  if (auto *h = list(ctx, a[0].p, "rt_list_clear")) {
    for (int64_t i = 0; i < h->count; ++i) dropElement(ctx, h->data[i]);
    h->count = 0;
  }
}
// Releasing a list's elements is this one function (the unboxed-elements change touches
// only dropElement): the boxes go, reference elements are left to the Zia lowering, which
// released them before calling this (its per-type release functions).
RT_IMPL(listFree) {
  auto *h = list(ctx, a[0].p, "rt_list_free");
  if (!h) return;
  for (int64_t i = 0; i < h->count; ++i) dropElement(ctx, h->data[i]);
  if (h->cap > 0) freeObject(ctx, h->data);
  freeObject(ctx, a[0].p);
}

// Sorting compares boxed values of one kind (Integer, Number, Boolean or String bytes);
// anything else (objects, lists, mixed boxes) is not comparable: InvalidOperation.
namespace {
bool sortList(Context &ctx, void *p, bool descending, const char *what) {
  auto *h = list(ctx, p, what);
  if (!h) return false;
  int64_t tag = h->count ? boxTag(ctx, h->data[0]) : 0;
  for (int64_t i = 0; i < h->count; ++i) {
    if (!tag || boxTag(ctx, h->data[i]) != tag ||
        (tag == kBoxStr && !ctx.isString(payload(h->data[i]).p))) {
      ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": the elements are not comparable values");
      return false;
    }
  }
  auto less = [&](void *x, void *y) {
    Slot a = payload(x), b = payload(y);
    switch (tag) {
    case kBoxF64: return a.f < b.f;
    case kBoxStr: return strView(static_cast<Str>(a.p)) < strView(static_cast<Str>(b.p));
    default: return a.i < b.i;
    }
  };
  std::stable_sort(h->data, h->data + h->count, [&](void *x, void *y) { return descending ? less(y, x) : less(x, y); });
  return true;
}
} // namespace

RT_IMPL(listSort) { sortList(ctx, a[0].p, false, "rt_list_sort"); }
RT_IMPL(listSortDesc) { sortList(ctx, a[0].p, true, "rt_list_sort_desc"); }

// Sums of a List[Integer] (checked: Overflow as iadd.ovf) or a List[Number].
RT_IMPL(listSumI64) {
  r->i = 0;
  auto *h = list(ctx, a[0].p, "rt_list_sum_i64");
  if (!h) return;
  int64_t total = 0;
  for (int64_t i = 0; i < h->count; ++i) {
    if (boxTag(ctx, h->data[i]) != kBoxI64) { ctx.raise(TrapKind::InvalidCast, "rt_list_sum_i64: not a box of the expected type"); return; }
    if (__builtin_add_overflow(total, payload(h->data[i]).i, &total)) { ctx.raise(TrapKind::Overflow, "integer overflow in rt_list_sum_i64"); return; }
  }
  r->i = total;
}
RT_IMPL(listSumF64) {
  r->f = 0;
  auto *h = list(ctx, a[0].p, "rt_list_sum_f64");
  if (!h) return;
  double total = 0;
  for (int64_t i = 0; i < h->count; ++i) {
    if (boxTag(ctx, h->data[i]) != kBoxF64) { ctx.raise(TrapKind::InvalidCast, "rt_list_sum_f64: not a box of the expected type"); return; }
    total += payload(h->data[i]).f;
  }
  r->f = total;
}

// Split(s, sep) -> a list of boxed strings; an empty separator splits into bytes.
RT_IMPL(strSplit) {
  std::string_view s = strView(static_cast<Str>(a[0].p)), sep = strView(static_cast<Str>(a[1].p));
  void *handle = makeList(ctx);
  if (!handle) return;
  auto *h = static_cast<ListHeader *>(handle);
  auto add = [&](std::string_view piece) {
    Str part = strNew(ctx, piece);
    if (!part) return;
    strHold(part);
    strRelease(ctx, part);  // the box's hold keeps it
    if (void *b = newBox(ctx, kBoxStr, slotP(part))) push(ctx, h, b);
    else strDrop(ctx, part);
  };
  if (sep.empty()) {
    for (size_t i = 0; i < s.size() && !ctx.trap().active; ++i) add(s.substr(i, 1));
  } else {
    size_t start = 0;
    while (true) {
      size_t p = s.find(sep, start);
      if (p == std::string_view::npos || ctx.trap().active) { add(s.substr(start)); break; }
      add(s.substr(start, p - start));
      start = p + sep.size();
    }
  }
  r->p = handle;
}

RT_IMPL(fmtBool) { r->p = strNew(ctx, (a[0].i & 1) ? "true" : "false"); }

} // namespace viper::rt::lib

// The element helpers lib_map.cpp shares (the same box equality as List.Find).
namespace viper::rt::lib::coll {
int64_t boxTagOf(Context &ctx, void *p) { return boxTag(ctx, p); }
int64_t boxPayload(void *p) { return payload(p).i; }
void drop(Context &ctx, void *p) { dropElement(ctx, p); }
bool same(Context &ctx, void *x, void *y) { return sameElement(ctx, x, y); }
uint64_t hash(Context &ctx, void *p) {
  int64_t tag = boxTag(ctx, p);
  uint64_t h;
  if (!tag) {
    h = reinterpret_cast<uintptr_t>(p);
  } else {
    Slot s = payload(p);
    if (tag == kBoxF64) {
      double d = s.f == 0 ? 0.0 : s.f;  // -0.0 == 0.0
      std::memcpy(&h, &d, 8);
    } else if (tag == kBoxStr) {
      h = 1469598103934665603ull;
      if (ctx.isString(s.p))
        for (unsigned char c : strView(static_cast<Str>(s.p))) h = (h ^ c) * 1099511628211ull;
    } else {
      h = static_cast<uint64_t>(s.i);
    }
    h ^= static_cast<uint64_t>(tag) * 0x9e3779b97f4a7c15ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}
// A fresh box with the same value (a non-box element is a reference: itself).
void *copy(Context &ctx, void *p) {
  int64_t tag = boxTag(ctx, p);
  if (!tag) return p;
  Slot s = payload(p);
  if (tag == kBoxStr && s.p) strHold(static_cast<Str>(s.p));
  void *b = newBox(ctx, tag, s);
  if (!b && tag == kBoxStr && s.p) strDrop(ctx, static_cast<Str>(s.p));
  return b;
}
void *newObj(Context &ctx, int64_t tag, int64_t bytes) { return newObject(ctx, tag, bytes); }
void freeObj(Context &ctx, void *p) { freeObject(ctx, p); }
int64_t classOf(Context &ctx, void *p) { return classIdOf(ctx, p); }
void *newList(Context &ctx) { return makeList(ctx); }
void append(Context &ctx, void *list, void *e) { push(ctx, static_cast<ListHeader *>(list), e); }
} // namespace viper::rt::lib::coll
