// Boxes, lists and the list-making string helpers Zia needs (Viper.Core.Box.*,
// Viper.Collections.List.*, Viper.String.Split, Viper.Text.Fmt.Bool).
//
// Boxes and lists are runtime object blocks (rt_obj_new_i64) with negative class ids, so
// they need no state of their own on the Context: the Context frees them with every other
// heap block, and a handle is trusted only after isBlockStart and its class id say what it
// is (a bad handle is an InvalidOperation trap, never a dereference). A box's 8-byte
// payload is the value; a string box holds its string the way string arrays do
// (strHold/strDrop). Lists store their elements unboxed (see ListHeader below); boxes
// remain for optionals, maps and IL that pushes them.
#include "runtime/array_access.hpp"
#include "runtime/block_header.hpp"
#include "runtime/box.hpp"
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"
#include <algorithm>
#include <cstring>

namespace viper::rt::lib {
namespace {

constexpr int64_t kListTag = -110, kListData = -111;

void *newBox(Context &ctx, int64_t tag, Slot v) {
  Slot args[2] = {slotI(tag), slotI(8)};
  Slot r = slotP(nullptr);
  objNew(ctx, args, &r);
  if (r.p) std::memcpy(r.p, &v, 8);
  return r.p;
}

Slot payload(void *p) { return boxPayload(p); }

// Gives back the list's reference to a box, freeing it if that was the last (anything that
// is not a box is left alone). A box is usually the list's alone; an optional Integer?/
// Number?/Boolean?/String? is a box its variables share, which Zia retains when it puts
// one into a container or takes one out, so the container letting go does not free it.
void dropElement(Context &ctx, void *p) {
  int64_t tag = boxTag(ctx, p);
  if (!tag) return;
  Slot a[1] = {slotP(p)};
  Slot r = slotI(0);
  objReleaseCheck0(ctx, a, &r);
  if (!r.i) return;
  if (tag == kBoxStr) strDrop(ctx, static_cast<Str>(payload(p).p));
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

// A list handle is an object block {count, capacity, data, kind}; data is an object block
// of `capacity` 8-byte words. Both are program-writable memory (IL may store into any
// heap block), so every field is checked before it is trusted, and a word is checked
// again (isString, boxTag) before it is followed.
//
// `kind` says what the words are. Integer/Boolean (0/1) and Number elements are the raw
// value, so a List[Boolean] of a million flags is one 8 MB block and no boxes; String
// elements are string handles the list holds (strHold); kRef words are references:
// objects, lists, maps, and the boxes of optionals or of IL that pushes Box.* values
// (the untyped rt_list_* rows), which the list owns as before. The typed rows
// (rt_list_get_i64, ...) are the front end's; each checks the list's kind, so a word is
// never read as a handle it is not. An empty list takes the kind of the first element it
// is given (a list literal `[]`, Split and Map.Keys need not say what they will hold).
enum ElemKind : int64_t { kEmpty = 0, kRef = 1, kI64 = 2, kF64 = 3, kStr = 4 };

using ListHeader = ListWords;  // runtime/array_access.hpp: engines read it too

// Why `p` is not a list whose fields can be trusted; nullptr when it is one. Every list row
// starts here, so it reads the two block headers inline (two hash probes, no calls).
const char *listFault(Context &ctx, void *p) {
  if (!p) return "null list";
  if (!isObjectOf(ctx, p, kListTag, sizeof(ListHeader) / 8)) return "not a valid list";
  auto *h = static_cast<ListHeader *>(p);
  if (h->cap < 0 || h->count < 0 || h->count > h->cap || h->kind < kEmpty || h->kind > kStr) return "corrupt list";
  if (h->cap > 0 && !isObjectOf(ctx, h->data, kListData, h->cap)) return "corrupt list";
  return nullptr;
}

ListHeader *list(Context &ctx, void *p, const char *what) {
  if (const char *why = listFault(ctx, p)) {
    ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": " + why);
    return nullptr;
  }
  return static_cast<ListHeader *>(p);
}

// A list the caller will treat as holding `kind` words: an empty one takes that kind,
// one holding other elements is an InvalidOperation trap (IL that mixes the rows).
ListHeader *listOf(Context &ctx, void *p, int64_t kind, const char *what) {
  auto *h = list(ctx, p, what);
  if (!h) return nullptr;
  if (h->count == 0) h->kind = kind;
  if (h->kind == kind) return h;
  ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": the list holds elements of another type");
  return nullptr;
}

// What a list does with an element it stops holding (removed, overwritten, cleared):
// the one place that gives an element back. A string loses the list's hold; a box (kRef)
// is freed; numbers and references to objects/lists/maps are left as they are.
void releaseElement(Context &ctx, int64_t kind, Slot w) {
  if (kind == kStr) strDrop(ctx, static_cast<Str>(w.p));
  else if (kind == kRef) dropElement(ctx, w.p);
}

// Gives back every element (clearing or freeing a list); a list of numbers holds nothing,
// so a million-flag List[Boolean] is freed without a walk.
void releaseAll(Context &ctx, const ListHeader *h) {
  if (h->kind != kStr && h->kind != kRef) return;
  for (int64_t i = 0; i < h->count; ++i) releaseElement(ctx, h->kind, h->data[i]);
}

// The list takes element `w` of `kind`: a string gets the list's hold (a handle that is
// not a live string is refused with a trap); a box passes to the list. False after a trap.
bool takeElement(Context &ctx, int64_t kind, Slot w, const char *what) {
  if (kind != kStr) return true;
  Str s = static_cast<Str>(w.p);
  if (!ctx.isString(s)) { ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": not a live string"); return false; }
  strHold(s);
  return true;
}

// An argument the call could not store: a box handed over is freed (the untyped rows
// always consumed their box); strings and numbers were never taken.
void refuseElement(Context &ctx, int64_t kind, Slot w) {
  if (kind == kRef) dropElement(ctx, w.p);
}

bool sameWord(Context &ctx, int64_t kind, Slot x, Slot y) {
  switch (kind) {
  case kI64: return x.i == y.i;
  case kF64: return x.f == y.f;
  case kStr:
    if (!ctx.isString(x.p) || !ctx.isString(y.p)) return false;
    return strView(static_cast<Str>(x.p)) == strView(static_cast<Str>(y.p));
  default: return sameElement(ctx, x.p, y.p);
  }
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
  void *d = h->cap > 0 ? growObject(ctx, h->data, cap * 8, "list") : newObject(ctx, kListData, cap * 8);
  if (!d) return false;
  h->data = static_cast<Slot *>(d);
  h->cap = cap;
  return true;
}

// Appends a word the list has already taken (push's and Split's/Keys' common tail).
void pushWord(Context &ctx, ListHeader *h, Slot w) {
  if (reserve(ctx, h)) h->data[h->count++] = w;
  else releaseElement(ctx, h->kind, w);
}

// Upstream's wording: `rt_list_get: index out of bounds (index=5, count=2)`, DomainError.
bool inRange(Context &ctx, const ListHeader *h, int64_t i, int64_t limit, const char *what) {
  if (i >= 0 && i < limit) return true;
  ctx.raise(TrapKind::DomainError, std::string(what) + ": index out of bounds (index=" + std::to_string(i) +
                                       ", count=" + std::to_string(h->count) + ")");
  return false;
}

void removeAt(Context &ctx, ListHeader *h, int64_t i) {
  releaseElement(ctx, h->kind, h->data[i]);
  std::memmove(h->data + i, h->data + i + 1, static_cast<size_t>(h->count - i - 1) * 8);
  --h->count;
}

void *makeList(Context &ctx) {
  void *p = newObject(ctx, kListTag, sizeof(ListHeader));
  if (p) std::memset(p, 0, sizeof(ListHeader));
  return p;
}

// The bodies of the element rows, one per operation for every kind: a[0] is the list,
// then the index and/or the element word as the row's signature says.
void pushOf(Context &ctx, const Slot *a, int64_t kind) {
  auto *h = listOf(ctx, a[0].p, kind, "rt_list_push");
  if (!h) { refuseElement(ctx, kind, a[1]); return; }
  if (takeElement(ctx, kind, a[1], "rt_list_push")) pushWord(ctx, h, a[1]);
}
void getOf(Context &ctx, const Slot *a, Slot *r, int64_t kind) {
  auto *h = listOf(ctx, a[0].p, kind, "rt_list_get");
  if (!h || !inRange(ctx, h, a[1].i, h->count, "rt_list_get")) return;
  Slot w = h->data[a[1].i];
  if (kind == kStr) {  // the caller's own reference, like every string result
    if (!ctx.isString(w.p)) { ctx.raise(TrapKind::InvalidOperation, "rt_list_get: the list holds no live string there"); return; }
    strRetain(static_cast<Str>(w.p));
  }
  *r = w;
}
void setOf(Context &ctx, const Slot *a, int64_t kind) {
  auto *h = listOf(ctx, a[0].p, kind, "rt_list_set");
  if (!h || !inRange(ctx, h, a[1].i, h->count, "rt_list_set")) { refuseElement(ctx, kind, a[2]); return; }
  Slot &slot = h->data[a[1].i];
  if (kind == kRef && slot.p == a[2].p) return;  // the box it already owns
  if (!takeElement(ctx, kind, a[2], "rt_list_set")) return;
  releaseElement(ctx, kind, slot);
  slot = a[2];
}
void insertOf(Context &ctx, const Slot *a, int64_t kind) {
  auto *h = listOf(ctx, a[0].p, kind, "rt_list_insert");
  if (!h || !inRange(ctx, h, a[1].i, h->count + 1, "rt_list_insert") || !reserve(ctx, h)) { refuseElement(ctx, kind, a[2]); return; }
  if (!takeElement(ctx, kind, a[2], "rt_list_insert")) return;
  int64_t i = a[1].i;
  std::memmove(h->data + i + 1, h->data + i, static_cast<size_t>(h->count - i) * 8);
  h->data[i] = a[2];
  ++h->count;
}
// The first position holding a value equal to a[1] (the probe stays the caller's), or -1.
int64_t findOf(Context &ctx, ListHeader *h, Slot probe) {
  for (int64_t i = 0; i < h->count; ++i)
    if (sameWord(ctx, h->kind, h->data[i], probe)) return i;
  return -1;
}
void indexOfOf(Context &ctx, const Slot *a, Slot *r, int64_t kind) {
  r->i = -1;
  if (auto *h = listOf(ctx, a[0].p, kind, "rt_list_find")) r->i = findOf(ctx, h, a[1]);
}
void hasOf(Context &ctx, const Slot *a, Slot *r, int64_t kind) {
  r->i = 0;
  if (auto *h = listOf(ctx, a[0].p, kind, "rt_list_has")) r->i = findOf(ctx, h, a[1]) >= 0;
}
void removeOf(Context &ctx, const Slot *a, Slot *r, int64_t kind) {
  r->i = 0;
  auto *h = listOf(ctx, a[0].p, kind, "rt_list_remove");
  if (!h) return;
  int64_t i = findOf(ctx, h, a[1]);
  if (i >= 0) { removeAt(ctx, h, i); r->i = 1; }
}

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
RT_IMPL(listRemoveAt) {
  auto *h = list(ctx, a[0].p, "rt_list_remove_at");
  if (h && inRange(ctx, h, a[1].i, h->count, "rt_list_remove_at")) removeAt(ctx, h, a[1].i);
}
RT_IMPL(listClear) {
  if (auto *h = list(ctx, a[0].p, "rt_list_clear")) {
    releaseAll(ctx, h);
    h->count = 0;
  }
}
// The element rows: untyped (ptr elements: references and boxes) and one set per word type.
#define VIPER_LIST_ROWS(Sfx, Kind)                                         \
  RT_IMPL(listPush##Sfx) { pushOf(ctx, a, Kind); }                        \
  RT_IMPL(listGet##Sfx) { getOf(ctx, a, r, Kind); }                       \
  RT_IMPL(listSet##Sfx) { setOf(ctx, a, Kind); }                          \
  RT_IMPL(listInsert##Sfx) { insertOf(ctx, a, Kind); }                    \
  RT_IMPL(listIndexOf##Sfx) { indexOfOf(ctx, a, r, Kind); }               \
  RT_IMPL(listHas##Sfx) { hasOf(ctx, a, r, Kind); }                       \
  RT_IMPL(listRemove##Sfx) { removeOf(ctx, a, r, Kind); }
VIPER_LIST_ROWS(, kRef)
VIPER_LIST_ROWS(I64, kI64)
VIPER_LIST_ROWS(F64, kF64)
VIPER_LIST_ROWS(Str, kStr)
#undef VIPER_LIST_ROWS
// Freeing a list whose last reference went: its elements are released as clearing them
// would (strings and boxes go; reference elements are left to the Zia lowering, which
// released them before calling this through its per-type release functions).
RT_IMPL(listFree) {
  auto *h = list(ctx, a[0].p, "rt_list_free");
  if (!h) return;
  releaseAll(ctx, h);
  if (h->cap > 0) freeObject(ctx, h->data);
  freeObject(ctx, a[0].p);
}

// Sorting compares values of one kind (Integer, Number, Boolean or String bytes; in a
// kRef list, boxes of one type); anything else (objects, lists, mixed boxes) is not
// comparable: InvalidOperation.
namespace {
bool sortList(Context &ctx, void *p, bool descending, const char *what) {
  auto *h = list(ctx, p, what);
  if (!h) return false;
  auto notComparable = [&] {
    ctx.raise(TrapKind::InvalidOperation, std::string(what) + ": the elements are not comparable values");
    return false;
  };
  int64_t kind = h->kind, tag = 0;
  if (kind == kRef) {  // boxes: compare their payloads as the word kinds do
    tag = h->count ? boxTag(ctx, h->data[0].p) : 0;
    for (int64_t i = 0; i < h->count; ++i)
      if (!tag || boxTag(ctx, h->data[i].p) != tag || (tag == kBoxStr && !ctx.isString(payload(h->data[i].p).p)))
        return notComparable();
    kind = tag == kBoxF64 ? kF64 : tag == kBoxStr ? kStr : kI64;
  } else if (kind == kStr) {
    for (int64_t i = 0; i < h->count; ++i)
      if (!ctx.isString(h->data[i].p)) return notComparable();
  }
  auto value = [&](Slot w) { return tag ? payload(w.p) : w; };
  auto less = [&](Slot x, Slot y) {
    Slot a = value(x), b = value(y);
    switch (kind) {
    case kF64: return a.f < b.f;
    case kStr: return strView(static_cast<Str>(a.p)) < strView(static_cast<Str>(b.p));
    default: return a.i < b.i;
    }
  };
  std::stable_sort(h->data, h->data + h->count, [&](Slot x, Slot y) { return descending ? less(y, x) : less(x, y); });
  return true;
}
} // namespace

RT_IMPL(listSort) { sortList(ctx, a[0].p, false, "rt_list_sort"); }
RT_IMPL(listSortDesc) { sortList(ctx, a[0].p, true, "rt_list_sort_desc"); }

// Sums of a List[Integer] (checked: Overflow as iadd.ovf) or a List[Number]: words of
// the list's kind, or (untyped IL lists) boxes of that type.
namespace {
bool summand(Context &ctx, const ListHeader *h, int64_t i, int64_t kind, int64_t tag, Slot *out, const char *what) {
  if (h->kind == kind) { *out = h->data[i]; return true; }
  if (h->kind == kRef && boxTag(ctx, h->data[i].p) == tag) { *out = payload(h->data[i].p); return true; }
  ctx.raise(TrapKind::InvalidCast, std::string(what) + ": not a box of the expected type");
  return false;
}
} // namespace
RT_IMPL(listSumI64) {
  r->i = 0;
  auto *h = list(ctx, a[0].p, "rt_list_sum_i64");
  if (!h) return;
  int64_t total = 0;
  for (int64_t i = 0; i < h->count; ++i) {
    Slot v;
    if (!summand(ctx, h, i, kI64, kBoxI64, &v, "rt_list_sum_i64")) return;
    if (__builtin_add_overflow(total, v.i, &total)) { ctx.raise(TrapKind::Overflow, "integer overflow in rt_list_sum_i64"); return; }
  }
  r->i = total;
}
RT_IMPL(listSumF64) {
  r->f = 0;
  auto *h = list(ctx, a[0].p, "rt_list_sum_f64");
  if (!h) return;
  double total = 0;
  for (int64_t i = 0; i < h->count; ++i) {
    Slot v;
    if (!summand(ctx, h, i, kF64, kBoxF64, &v, "rt_list_sum_f64")) return;
    total += v.f;
  }
  r->f = total;
}

// Split(s, sep) -> a List[String] (the list holds each piece); an empty separator splits
// into bytes.
RT_IMPL(strSplit) {
  std::string_view s = strView(static_cast<Str>(a[0].p)), sep = strView(static_cast<Str>(a[1].p));
  void *handle = makeList(ctx);
  if (!handle) return;
  auto *h = static_cast<ListHeader *>(handle);
  h->kind = kStr;
  auto add = [&](std::string_view piece) {
    Str part = strNew(ctx, piece);
    if (!part) return;
    strHold(part);
    strRelease(ctx, part);  // the list's hold keeps it
    pushWord(ctx, h, slotP(part));
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
uint64_t mixHash(uint64_t h) { return keyHashMix(h); }
uint64_t tagged(uint64_t h, int64_t tag) { return keyHashTagged(h, tag); }
uint64_t hashStr(Context &ctx, void *str);
uint64_t hash(Context &ctx, void *p) {
  int64_t tag = boxTag(ctx, p);
  if (!tag) return mixHash(reinterpret_cast<uintptr_t>(p));
  Slot s = payload(p);
  uint64_t h;
  if (tag == kBoxF64) {
    double d = s.f == 0 ? 0.0 : s.f;  // -0.0 == 0.0
    std::memcpy(&h, &d, 8);
  } else if (tag == kBoxStr) {
    return hashStr(ctx, s.p);
  } else if (tag == kBoxI64) {
    return keyHashI64(s.i);
  } else {
    h = static_cast<uint64_t>(s.i);
  }
  return tagged(h, tag);
}
uint64_t hashStr(Context &ctx, void *str) {
  uint64_t h = 1469598103934665603ull;
  if (ctx.isString(str))
    for (unsigned char c : strView(static_cast<Str>(str))) h = (h ^ c) * 1099511628211ull;
  return tagged(h, kBoxStr);
}
bool isStr(Context &ctx, void *p, void *str) {
  if (boxTag(ctx, p) != kBoxStr) return false;
  void *held = payload(p).p;
  return ctx.isString(held) && strView(static_cast<Str>(held)) == strView(static_cast<Str>(str));
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
void *newList(Context &ctx) { return makeList(ctx); }
// Appends map element `e` (a box the map owns, for a key or value type the front end
// stores unboxed in lists) as a word: its Integer/Boolean/Number value, or its string,
// which the list holds.
void append(Context &ctx, void *list, void *e) {
  auto *h = static_cast<ListHeader *>(list);  // a new list from newList: references and boxes
  h->kind = kRef;
  pushWord(ctx, h, slotP(e));
}
void appendCopy(Context &ctx, void *list, void *e) {
  auto *h = static_cast<ListHeader *>(list);
  int64_t tag = boxTag(ctx, e);
  int64_t kind = tag == kBoxF64 ? kF64 : tag == kBoxStr ? kStr : kI64;
  if (h->count == 0) h->kind = kind;
  if (!tag || h->kind != kind) { ctx.raise(TrapKind::InvalidCast, "rt_map_keys: not a box of the expected type"); return; }
  Slot w = payload(e);
  if (kind == kStr && !takeElement(ctx, kind, w, "rt_map_keys")) return;
  pushWord(ctx, h, w);
}
void appendWord(Context &ctx, void *list, bool f64, Slot w) {
  auto *h = static_cast<ListHeader *>(list);
  const int64_t kind = f64 ? kF64 : kI64;
  if (h->count == 0) h->kind = kind;
  if (h->kind != kind) { ctx.raise(TrapKind::InvalidCast, "rt_map_keys: not a word of the list's type"); return; }
  pushWord(ctx, h, w);
}
void *boxWord(Context &ctx, int64_t tag, Slot w) { return newBox(ctx, tag, w); }
} // namespace viper::rt::lib::coll

namespace viper::rt {

ListWords *listWords(Context &ctx, void *p, ListRow row) {
  if (lib::listFault(ctx, p)) return nullptr;
  auto *h = static_cast<ListWords *>(p);
  return h->kind == (row == ListRow::I64 ? lib::kI64 : row == ListRow::F64 ? lib::kF64 : lib::kRef) ? h : nullptr;
}

} // namespace viper::rt
