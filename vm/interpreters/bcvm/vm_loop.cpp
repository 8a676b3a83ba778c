// The bytecode VM's loop: one handler per opcode of bytecode/opcodes.def. Natively on
// GCC/Clang it can dispatch with computed goto (VIPER_COMPUTED_GOTO); otherwise, and in
// WebAssembly, it is a portable switch. Handlers read operands before writing their
// result (the slot allocator relies on it) and leave through out-of-line slow paths
// (raise, resume, growRegisters), so the loop keeps few live values and never throws.
#include "interpreters/bcvm/vm_impl.hpp"
#include "interpreters/common/arith.hpp"
#include "runtime/block_header.hpp"
#include <cmath>
#include <cstring>

namespace viper::bcvm {

using bc::Op;
using exec::RunResult;
using rt::Slot;

#if defined(VIPER_COMPUTED_GOTO) && (defined(__GNUC__) || defined(__clang__))
#define VM_THREADED 1
#else
#define VM_THREADED 0
#endif

// Operand access for the current instruction word `insn`.
#define RA R[(insn >> 8) & 0xFF]
#define RB R[(insn >> 16) & 0xFF]
#define RC R[insn >> 24]
#define UC (insn >> 24)
#define SB static_cast<int64_t>(static_cast<int8_t>(insn >> 16))
#define SC static_cast<int64_t>(static_cast<int8_t>(insn >> 24))
#define BX (insn >> 16)
#define SBX static_cast<int64_t>(static_cast<int16_t>(insn >> 16))
#define EXT (pc[1])

#if VM_THREADED
#define CASE(name) L_##name:
#define FALLS_INTO
#define DISPATCH()                                  \
  {                                                 \
    insn = *pc;                                     \
    if constexpr (kSlow) onInstruction(pc);         \
    goto *kLabels[insn & 0xFF];                     \
  }
#else
#define CASE(name) case Op::name:
#define FALLS_INTO [[fallthrough]];
#define DISPATCH() continue
#endif

// A taken jump; backward jumps spend budget, so an endless loop can be paused.
#define JUMP(off)                                   \
  {                                                 \
    const int32_t o_ = (off);                       \
    pc += o_;                                       \
    if (o_ <= 0 && --budget == 0) goto paused;      \
    DISPATCH();                                     \
  }

// (These macros are plain blocks, not do/while(0): in the switch build DISPATCH is
// `continue`, which must reach the dispatch loop.)
// Leave the fast path through a slow path that may raise a trap: continue where it
// returns (the handler, if one took a trap), or stop. A trap a handler takes spends one
// unit of budget (dispatchTrap sets trapTaken_): a handler that resumes into the same
// fault, or re-pushes itself and traps, has no backward jump.
// The frame stack's top lives in `fp` and, natively, the register stack in `regs`/
// `regsCap` (REGS/REGS_CAP): write the top back before a slow path (which may read or cut
// the frames, or grow registers) and reload them after it. In WebAssembly REGS/REGS_CAP
// read regs_, and fp is a reference to the member top_, where a call or return needs them
// instead (fp: wasm run time -2.6%, geomean of 8 benchmarks): V8 has no callee-saved registers,
// so each value carried around the dispatch loop costs a spill and a reload on every
// dispatch (benchmarks: fib -6%, redundant -18% in wasm), while natively the locals save
// the loads (callgrind: fib +2.9% instructions without them).
#if defined(__EMSCRIPTEN__)
#define REGS regs_.data()
#define REGS_CAP regs_.size()
#define LOAD_REGS()
#else
#define REGS regs
#define REGS_CAP regsCap
#define LOAD_REGS() { regs = regs_.data(); regsCap = regs_.size(); }
#endif
#define SYNC_FRAMES() frames_.setTop(fp)
#define RELOAD_FRAMES()                             \
  {                                                 \
    fp = &frames_.back();                           \
    LOAD_REGS();                                    \
    R = REGS + fp->base;                            \
  }
#define SLOW(expr)                                  \
  {                                                 \
    SYNC_FRAMES();                                  \
    pc = (expr);                                    \
    if (!pc) goto stopped;                          \
    RELOAD_FRAMES();                                \
    if (trapTaken_) {                               \
      trapTaken_ = false;                           \
      if (--budget == 0) goto paused;               \
    }                                               \
    DISPATCH();                                     \
  }
// A resume.* spends one unit of budget, also when it faults into a handler instead (the
// reference interpreter counts that trap, not the resume): one unit either way.
#define SLOW_COUNTED(expr)                          \
  {                                                 \
    SYNC_FRAMES();                                  \
    pc = (expr);                                    \
    if (!pc) goto stopped;                          \
    RELOAD_FRAMES();                                \
    trapTaken_ = false;                             \
    if (--budget == 0) goto paused;                 \
    DISPATCH();                                     \
  }
// Every trap leaves through one shared exit (raise_fault): its arguments wait in fault_,
// so the loop holds one call to raise instead of one per trap site. In WebAssembly that
// makes the loop function a third smaller, which V8 compiles to optimised code sooner.
#define THROW(...)                                  \
  {                                                 \
    fault_ = PendingFault{__VA_ARGS__};             \
    goto raise_fault;                               \
  }

// Integer binary op with a trap test, e.g. checked add.
#define BINOP(expr) { RA.i = (expr); pc += 1; DISPATCH(); }
#define FBINOP(expr) { RA.f = (expr); pc += 1; DISPATCH(); }
#define CMPOP(expr) { RA.i = (expr) ? 1 : 0; pc += 1; DISPATCH(); }
#define CJUMP(cond) { if (cond) JUMP(static_cast<int32_t>(EXT)); pc += 2; DISPATCH(); }

template <bool kSlow> RunResult VM::Impl::loop(uint64_t budget) {
  const uint64_t initialBudget = budget;
  forgetElementCaches();  // nothing cached survives a pause: the host may start another run
  const uint32_t *const code = code_.code.data();
  const Slot *const K = consts_.data();
  const uint32_t *pc = code + pc_;
  const CallInfo *const calls = calls_.data();
  const bc::RuntimeRef *const runtime = code_.runtime.data();
  rt::Context &ctx = ctx_;
  FrameRec *const frameBase = frames_.data();
  // A CALL from this frame would go past the depth limit.
  FrameRec *const frameLimit = frameBase + (opts_.maxCallDepth ? opts_.maxCallDepth - 1 : 0);
#if defined(__EMSCRIPTEN__)
  FrameRec *&fp = top_;  // in memory, as REGS (see above): V8 moved it through a register at every dispatch
  fp = &frames_.back();
#else
  FrameRec *fp = &frames_.back();
#endif
#if !defined(__EMSCRIPTEN__)
  Slot *regs = regs_.data();
  size_t regsCap = regs_.size();
#endif
  Slot *R = REGS + fp->base;
  uint32_t insn;
  Slot retval = rt::slotI(0);

#if VM_THREADED
  static const void *const kLabels[256] = {
#define BC_OP(Name, Format, Flags, Doc) &&L_##Name,
#include "bytecode/opcodes.def"
#undef BC_OP
  };
  DISPATCH();
#else
  for (;;) {
    insn = *pc;
    if constexpr (kSlow) onInstruction(pc);
    switch (static_cast<Op>(insn & 0xFF)) {
#endif

  // --- moves and constants ---
  CASE(MOV) { RA = RB; pc += 1; DISPATCH(); }
  CASE(LOADI) { RA.i = SBX; pc += 1; DISPATCH(); }
  CASE(LOADK) { RA = K[BX]; pc += 1; DISPATCH(); }
  CASE(MOVW) { RA = R[BX]; pc += 1; DISPATCH(); }
  CASE(MOVWS) { R[BX] = RA; pc += 1; DISPATCH(); }

  // --- integer arithmetic ---
  CASE(ADD) BINOP(static_cast<int64_t>(static_cast<uint64_t>(RB.i) + static_cast<uint64_t>(RC.i)))
  CASE(SUB) BINOP(static_cast<int64_t>(static_cast<uint64_t>(RB.i) - static_cast<uint64_t>(RC.i)))
  CASE(MUL) BINOP(static_cast<int64_t>(static_cast<uint64_t>(RB.i) * static_cast<uint64_t>(RC.i)))
  CASE(ADDI) BINOP(static_cast<int64_t>(static_cast<uint64_t>(RB.i) + static_cast<uint64_t>(SC)))
  CASE(ADDO) {
    int64_t r = 0;
    if (exec::addOverflows(RB.i, RC.i, &r)) THROW(Why::Overflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(SUBO) {
    int64_t r = 0;
    if (exec::subOverflows(RB.i, RC.i, &r)) THROW(Why::Overflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(MULO) {
    int64_t r = 0;
    if (exec::mulOverflows(RB.i, RC.i, &r)) THROW(Why::Overflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(ADDIO) {
    int64_t r = 0;
    if (exec::addOverflows(RB.i, SC, &r)) THROW(Why::Overflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(CHKFIT) {
    const int64_t v = RB.i;
    if (!exec::fitsSigned(v, UC)) THROW(Why::Overflow);
    RA.i = v; pc += 1; DISPATCH();
  }
  CASE(SEXT) BINOP(exec::narrowTo(RB.i, UC))
  CASE(SDIV) {
    const int64_t a = RB.i, b = RC.i;
    if (b == 0) THROW(Why::DivZero);
    if (b == -1 && a == INT64_MIN) THROW(Why::Overflow);
    RA.i = a / b; pc += 1; DISPATCH();
  }
  CASE(SREM) {
    const int64_t a = RB.i, b = RC.i;
    if (b == 0) THROW(Why::DivZero);
    RA.i = b == -1 ? 0 : a % b; pc += 1; DISPATCH();
  }
  CASE(UDIV) {
    const uint64_t a = static_cast<uint64_t>(RB.i), b = static_cast<uint64_t>(RC.i);
    if (b == 0) THROW(Why::DivZero);
    RA.i = static_cast<int64_t>(a / b); pc += 1; DISPATCH();
  }
  CASE(UREM) {
    const uint64_t a = static_cast<uint64_t>(RB.i), b = static_cast<uint64_t>(RC.i);
    if (b == 0) THROW(Why::DivZero);
    RA.i = static_cast<int64_t>(a % b); pc += 1; DISPATCH();
  }
  CASE(IDXCHK) {
    const int64_t idx = RB.i, lo = RC.i, hi = R[EXT].i;
    int64_t r = 0;
    if (!exec::indexCheck(idx, lo, hi, r)) THROW(Why::Bounds, idx, lo, hi);
    RA.i = r; pc += 2; DISPATCH();
  }
  CASE(AND) BINOP(RB.i & RC.i)
  CASE(OR) BINOP(RB.i | RC.i)
  CASE(XOR) BINOP(RB.i ^ RC.i)
  CASE(SHL) BINOP(static_cast<int64_t>(static_cast<uint64_t>(RB.i) << (RC.i & 63)))
  CASE(LSHR) BINOP(static_cast<int64_t>(static_cast<uint64_t>(RB.i) >> (RC.i & 63)))
  CASE(ASHR) BINOP(RB.i >> (RC.i & 63))
  CASE(BIT) BINOP(RB.i & 1)

  // --- floating point ---
  CASE(FADD) FBINOP(RB.f + RC.f)
  CASE(FSUB) FBINOP(RB.f - RC.f)
  CASE(FMUL) FBINOP(RB.f * RC.f)
  CASE(FDIV) FBINOP(RB.f / RC.f)
  CASE(FADDK) FBINOP(RB.f + K[UC].f)
  CASE(FMULK) FBINOP(RB.f * K[UC].f)

  // --- comparisons ---
  CASE(EQ) CMPOP(RB.i == RC.i)
  CASE(NE) CMPOP(RB.i != RC.i)
  CASE(LT) CMPOP(RB.i < RC.i)
  CASE(LE) CMPOP(RB.i <= RC.i)
  CASE(ULT) CMPOP(static_cast<uint64_t>(RB.i) < static_cast<uint64_t>(RC.i))
  CASE(ULE) CMPOP(static_cast<uint64_t>(RB.i) <= static_cast<uint64_t>(RC.i))
  CASE(FEQ) CMPOP(RB.f == RC.f)
  CASE(FNE) CMPOP(!(RB.f == RC.f))
  CASE(FLT) CMPOP(RB.f < RC.f)
  CASE(FLE) CMPOP(RB.f <= RC.f)
  CASE(FORD) CMPOP(!std::isnan(RB.f) && !std::isnan(RC.f))
  CASE(FUNO) CMPOP(std::isnan(RB.f) || std::isnan(RC.f))

  // --- conversions ---
  CASE(SITOF) FBINOP(static_cast<double>(RB.i))
  CASE(UITOF) FBINOP(static_cast<double>(static_cast<uint64_t>(RB.i)))
  CASE(FTOSI) {
    int64_t r = 0;
    rt::TrapKind k;
    if (!exec::fpTrunc(RB.f, r, k)) THROW(k == rt::TrapKind::InvalidCast ? Why::CastInvalid : Why::CastOverflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(FTOSIR) {
    int64_t r = 0;
    rt::TrapKind k;
    if (!exec::fpToSi(RB.f, UC, r, k)) THROW(k == rt::TrapKind::InvalidCast ? Why::CastInvalid : Why::CastOverflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(FTOUIR) {
    int64_t r = 0;
    rt::TrapKind k;
    if (!exec::fpToUi(RB.f, UC, r, k)) THROW(k == rt::TrapKind::InvalidCast ? Why::CastInvalid : Why::CastOverflow);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(NARROWS) {
    int64_t r = 0;
    if (!exec::siNarrow(RB.i, UC, r)) THROW(Why::NarrowRange, RB.i);
    RA.i = r; pc += 1; DISPATCH();
  }
  CASE(NARROWU) {
    int64_t r = 0;
    if (!exec::uiNarrow(RB.i, UC, r)) THROW(Why::NarrowRange, RB.i);
    RA.i = r; pc += 1; DISPATCH();
  }

  // --- memory ---
  CASE(ALLOCA) {
    if (!(fp->ehState & kAllocaMarked)) {
      fp->allocaMark = static_cast<uint32_t>(stackTop_);
      fp->ehState |= kAllocaMarked;
    }
    void *p = nullptr;
    const Why why = exec::allocate(stack_, stackTop_, RB.i, p);
    if (why != Why::None) THROW(why, RB.i);
    RA = rt::slotP(p);
    pc += 1; DISPATCH();
  }
  // Pointers are written as whole slots (slotP zero-extends where a pointer is narrower
  // than 8 bytes), so a register compare of two pointers (EQ, JEQ: Object.RefEquals and
  // IsNull) never sees an integer's stale high bytes.
  CASE(GEP) { RA = rt::slotP(exec::offsetAddress(RB.p, RC.i)); pc += 1; DISPATCH(); }

// The common cases inline, as integers: aligned and inside the live alloca region, or
// aligned and inside a heap region the memory map's cache already knows (an object's
// fields); anything else goes through the shared rule.
#define ADDRESS_THEN(ptr, size, out, onHeap)                                             \
  void *out = (ptr);                                                                     \
  if (!(reinterpret_cast<uintptr_t>(out) % (size) == 0 && stackTop_ >= (size) &&        \
        reinterpret_cast<uintptr_t>(out) - reinterpret_cast<uintptr_t>(stack_.data()) <= \
            stackTop_ - (size))) {                                                       \
    if (!((size) == 8 && reinterpret_cast<uintptr_t>(out) % 8 == 0 &&                   \
          reinterpret_cast<uintptr_t>(out) - objBase_ <= objLimit_)) {                   \
      uintptr_t base_ = 0;                                                               \
      size_t span_ = 0;                                                                  \
      if (reinterpret_cast<uintptr_t>(out) % (size) == 0 &&                              \
          ctx_.memory.cachedRegion(out, (size), base_, span_)) {                         \
        if ((size) == 8) objBase_ = base_, objLimit_ = span_ - 8, objBlock_ = &noObject_.word;\
      } else {                                                                           \
        Why why_ = Why::BadAddr;                                                         \
        out = checkAddress(out, (size), why_);                                           \
        if (!out) THROW(why_);                                                           \
      }                                                                                  \
    }                                                                                    \
    onHeap;                                                                              \
  }
#define ADDRESS(ptr, size, out) ADDRESS_THEN(ptr, size, out, (void)0)
// A store outside the alloca region may rewrite a cached list's header.
#define STORE_ADDRESS(ptr, size, out) ADDRESS_THEN(ptr, size, out, forgetHeaderViews())

  CASE(LD1) { ADDRESS(RB.p, 1, a); RA.i = *static_cast<uint8_t *>(a) & 1; pc += 1; DISPATCH(); }
  CASE(LD16) { ADDRESS(RB.p, 2, a); int16_t x; std::memcpy(&x, a, 2); RA.i = x; pc += 1; DISPATCH(); }
  CASE(LD32) { ADDRESS(RB.p, 4, a); int32_t x; std::memcpy(&x, a, 4); RA.i = x; pc += 1; DISPATCH(); }
  CASE(LD64) { ADDRESS(RB.p, 8, a); std::memcpy(&RA, a, 8); pc += 1; DISPATCH(); }
  CASE(LDX64) { ADDRESS(exec::offsetAddress(RB.p, RC.i), 8, a); std::memcpy(&RA, a, 8); pc += 1; DISPATCH(); }
  CASE(LDSTR) {
    ADDRESS(RB.p, 8, a);
    void *s = nullptr;
    if (exec::loadString(ctx_, a, s) != Why::None) THROW(Why::LoadNotString);
    RA = rt::slotP(s); pc += 1; DISPATCH();
  }
  CASE(ST1) { STORE_ADDRESS(RA.p, 1, a); *static_cast<uint8_t *>(a) = static_cast<uint8_t>(RB.i & 1); pc += 1; DISPATCH(); }
  CASE(ST16) { STORE_ADDRESS(RA.p, 2, a); auto x = static_cast<int16_t>(RB.i); std::memcpy(a, &x, 2); pc += 1; DISPATCH(); }
  CASE(ST32) { STORE_ADDRESS(RA.p, 4, a); auto x = static_cast<int32_t>(RB.i); std::memcpy(a, &x, 4); pc += 1; DISPATCH(); }
  CASE(ST64) { STORE_ADDRESS(RA.p, 8, a); std::memcpy(a, &RB, 8); pc += 1; DISPATCH(); }
  CASE(STX64) { STORE_ADDRESS(exec::offsetAddress(RA.p, RB.i), 8, a); std::memcpy(a, &RC, 8); pc += 1; DISPATCH(); }
  CASE(STSTR) {
    STORE_ADDRESS(RA.p, 8, a);
    if (exec::storeString(ctx_, a, RB.p) != Why::None) THROW(Why::StoreNotString);
    pc += 1; DISPATCH();
  }
  CASE(STSTRT) {
    STORE_ADDRESS(RA.p, 8, a);
    if (exec::storeStringTaking(ctx_, a, RB.p) != Why::None) THROW(Why::StoreNotString);
    pc += 1; DISPATCH();
  }
#undef ADDRESS
#undef STORE_ADDRESS
#undef ADDRESS_THEN
  CASE(AGET) {
    const ArrayCache &c = arrays_[0];
    if (RB.p == c.data && static_cast<uint64_t>(RC.i) < c.len) { RA = static_cast<Slot *>(c.data)[RC.i]; pc += 1; DISPATCH(); }
    SLOW(arraySlow(pc, R));
  }
  CASE(AGETF) {
    const ArrayCache &c = arrays_[1];
    if (RB.p == c.data && static_cast<uint64_t>(RC.i) < c.len) { RA = static_cast<Slot *>(c.data)[RC.i]; pc += 1; DISPATCH(); }
    SLOW(arraySlow(pc, R));
  }
  CASE(ASET) {
    const ArrayCache &c = arrays_[0];
    if (RA.p == c.data && static_cast<uint64_t>(RB.i) < c.len) { static_cast<Slot *>(c.data)[RB.i] = RC; pc += 1; DISPATCH(); }
    SLOW(arraySlow(pc, R));
  }
  CASE(ASETF) {
    const ArrayCache &c = arrays_[1];
    if (RA.p == c.data && static_cast<uint64_t>(RB.i) < c.len) { static_cast<Slot *>(c.data)[RB.i] = RC; pc += 1; DISPATCH(); }
    SLOW(arraySlow(pc, R));
  }
  // A cached list was checked with its kind, and only runtime calls change a kind, so
  // the fast cases compare the handle and the index (or the capacity) alone.
  CASE(LGET) {
    if (const rt::ListWords *h = lists_[0]; RB.p == h && static_cast<uint64_t>(RC.i) < static_cast<uint64_t>(h->count)) { RA = h->data[RC.i]; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(LGETF) {
    if (const rt::ListWords *h = lists_[1]; RB.p == h && static_cast<uint64_t>(RC.i) < static_cast<uint64_t>(h->count)) { RA = h->data[RC.i]; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(LGETR) {
    if (const rt::ListWords *h = lists_[2]; RB.p == h && static_cast<uint64_t>(RC.i) < static_cast<uint64_t>(h->count)) { RA = h->data[RC.i]; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(LSET) {
    if (rt::ListWords *h = lists_[0]; RA.p == h && static_cast<uint64_t>(RB.i) < static_cast<uint64_t>(h->count)) { h->data[RB.i] = RC; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(LSETF) {
    if (rt::ListWords *h = lists_[1]; RA.p == h && static_cast<uint64_t>(RB.i) < static_cast<uint64_t>(h->count)) { h->data[RB.i] = RC; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(LPUSH) {
    if (rt::ListWords *h = lists_[0]; RA.p == h && h->count < h->cap) { h->data[h->count++] = RB; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(LPUSHF) {
    if (rt::ListWords *h = lists_[1]; RA.p == h && h->count < h->cap) { h->data[h->count++] = RB; pc += 1; DISPATCH(); }
    SLOW(listSlow(pc, R));
  }
  CASE(MAPFIND) {
    if (const rt::MapWords *m = map_; RB.p == m->handle) {
      const int64_t s = rt::mapFindWordKey(m->index, m->mask, m->used, RC.i);
      RA.i = s < 0 ? -1 : m->index[s].ref - 1;
      pc += 1;
      DISPATCH();
    }
    SLOW(mapSlow(pc, R));
  }
  CASE(MAPVALI) {
    if (const rt::MapWords *m = map_; RB.p == m->handle && m->valsI64 && static_cast<uint64_t>(RC.i) < static_cast<uint64_t>(m->used) && m->live[RC.i]) {
      RA = m->vals[RC.i];
      pc += 1;
      DISPATCH();
    }
    SLOW(mapSlow(pc, R));
  }
  CASE(CLASSID) {
    if (RB.p == objBlock_) { RA.i = rt::blockHeader(RB.p)->classId; pc += 1; DISPATCH(); }
    if (const rt::BlockHeader *h = rt::liveBlock(ctx_, RB.p)) {
      if (h->kind == rt::BlockKind::Object && h->len >= 8) {
        objBlock_ = RB.p;
        objBase_ = reinterpret_cast<uintptr_t>(RB.p), objLimit_ = static_cast<uintptr_t>(h->len) - 8;
      }
      RA.i = h->classId; pc += 1; DISPATCH();
    }
    SLOW(classIdSlow(pc, R));
  }
  CASE(SELECT) { RA = (RB.i & 1) ? RC : R[EXT]; pc += 2; DISPATCH(); }

  // --- control flow ---
  CASE(JMP) JUMP(static_cast<int32_t>(insn) >> 8);
  CASE(TICK) {
    pc += 1;
    if (--budget == 0) goto paused;
    DISPATCH();
  }
  CASE(JMPE) { pc += static_cast<int32_t>(insn) >> 8; DISPATCH(); }
  CASE(JT) CJUMP(RA.i & 1)
  CASE(JF) CJUMP(!(RA.i & 1))
  CASE(JEQ) CJUMP(RA.i == RB.i)
  CASE(JNE) CJUMP(RA.i != RB.i)
  CASE(JLT) CJUMP(RA.i < RB.i)
  CASE(JLE) CJUMP(RA.i <= RB.i)
  CASE(JULT) CJUMP(static_cast<uint64_t>(RA.i) < static_cast<uint64_t>(RB.i))
  CASE(JULE) CJUMP(static_cast<uint64_t>(RA.i) <= static_cast<uint64_t>(RB.i))
  CASE(JEQI) CJUMP(RA.i == SB)
  CASE(JNEI) CJUMP(RA.i != SB)
  CASE(JLTI) CJUMP(RA.i < SB)
  CASE(JLEI) CJUMP(RA.i <= SB)
  CASE(JGTI) CJUMP(RA.i > SB)
  CASE(JGEI) CJUMP(RA.i >= SB)
  CASE(JFEQ) CJUMP(RA.f == RB.f)
  CASE(JFNE) CJUMP(!(RA.f == RB.f))
  CASE(JFLT) CJUMP(RA.f < RB.f)
  CASE(JFLE) CJUMP(RA.f <= RB.f)
  CASE(JFNLT) CJUMP(!(RA.f < RB.f))
  CASE(JFNLE) CJUMP(!(RA.f <= RB.f))
  CASE(INCLT) {
    int64_t r = 0;
    if (exec::addOverflows(RA.i, SC, &r)) THROW(Why::Overflow);
    RA.i = r;
    CJUMP(r < RB.i)
  }
  CASE(ADDLT) {
    int64_t r = 0;
    if (exec::addOverflows(RA.i, RC.i, &r)) THROW(Why::Overflow);
    RA.i = r;
    CJUMP(r < RB.i)
  }
  CASE(INCLE) {
    int64_t r = 0;
    if (exec::addOverflows(RA.i, SC, &r)) THROW(Why::Overflow);
    RA.i = r;
    CJUMP(r <= RB.i)
  }
  CASE(ADDLE) {
    int64_t r = 0;
    if (exec::addOverflows(RA.i, RC.i, &r)) THROW(Why::Overflow);
    RA.i = r;
    CJUMP(r <= RB.i)
  }
  CASE(SWITCH) {
    const bc::SwitchTable &t = code_.switches[BX];
    const int64_t v = RA.i;
    int32_t off = t.defaultOffset;
    if (t.dense) {
      const uint64_t k = static_cast<uint64_t>(v) - static_cast<uint64_t>(t.min);
      if (k < t.offsets.size()) off = t.offsets[k];
    } else {
      size_t lo = 0, hi = t.values.size();
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t.values[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      if (lo < t.values.size() && t.values[lo] == v) off = t.offsets[lo];
    }
    JUMP(off);
  }
  CASE(CALL) {
    const CallInfo callee = calls[BX];
    const uint32_t ext = EXT;
    if (fp >= frameLimit) THROW(Why::CallDepth);
    const uint32_t nb = fp->base + bc::slotsWindow(ext);
    if (nb + callee.frameSize > REGS_CAP) [[unlikely]] {
      SYNC_FRAMES();
      if (!growRegisters(nb + callee.frameSize)) THROW(Why::RegisterStack);
      LOAD_REGS();
    }
    ++fp;  // its ehState is already 0
    fp->base = nb;
    fp->retPc = static_cast<uint32_t>(pc + 2 - code);
    fp->dest = bc::slotsDest(ext);
    R = REGS + nb;
    pc = code + callee.entry;
    if (--budget == 0) goto paused;
    DISPATCH();
  }
  CASE(CALLIND) {
    const bc::IndirectSig &sig = code_.sigs[BX];
    const int64_t fi = mem_.functionIndex(RA.p);
    if (fi < 0) THROW(Why::BadFnPtr);
    const bc::Function &f = code_.functions[static_cast<size_t>(fi)];
    const il::Function &ilf = src_.functions[static_cast<size_t>(fi)];
    if (!f.defined || !exec::indirectCallFits(ilf, sig.nargs, sig.checked ? &sig.sig : nullptr))
      THROW(Why::SigMismatch, fi);
    const uint32_t ext = EXT;
    if (fp >= frameLimit) THROW(Why::CallDepth);
    const uint32_t nb = fp->base + bc::slotsWindow(ext);
    if (nb + f.frameSize > REGS_CAP) {
      SYNC_FRAMES();
      if (!growRegisters(nb + f.frameSize)) THROW(Why::RegisterStack);
      LOAD_REGS();
    }
    ++fp;
    fp->base = nb;
    fp->retPc = static_cast<uint32_t>(pc + 2 - code);
    fp->dest = bc::slotsDest(ext);
    R = REGS + nb;
    pc = code + f.entry;
    if (--budget == 0) goto paused;
    DISPATCH();
  }
  CASE(CALLRT) {
    const bc::RuntimeRef &rr = runtime[BX];
    const uint32_t ext = EXT;
    Slot *args = R + bc::slotsWindow(ext);
    bool strsOk = true;  // (no THROW inside the loop: the switch build's DISPATCH is `continue`)
    for (uint32_t m = rr.strArgs; m; m &= m - 1)
      if (!ctx.isString(args[__builtin_ctz(m)].p)) { strsOk = false; break; }
    if (!strsOk) [[unlikely]] {
      uint32_t bad = 0;
      while (!((rr.strArgs >> bad) & 1) || ctx.isString(args[bad].p)) ++bad;
      THROW(Why::RtNotString, bad);
    }
    Slot res;
    res.i = 0;
    forgetElementCaches();  // the call may free or resize any array or list
    rr.fn->fn(ctx, args, &res);
    if (ctx.trap().active) [[unlikely]] {
      if (ctx.trap().needInput) goto wants_input;
      THROW(Why::Runtime);
    }
    if (bc::slotsDest(ext) != bc::kNoSlot) R[bc::slotsDest(ext)] = res;
    pc += 2; DISPATCH();
  }
  CASE(RET) { retval = RA; goto do_return; }
  CASE(RETV) { retval.i = 0; goto do_return; }

  // --- errors and exception handling ---
  CASE(TRAP) THROW(Why::UserTrap);
  CASE(TRAPERR) THROW(Why::FromErr, RA.i);
  CASE(FAULT) THROW(Why::LoadOpaque);
  CASE(MKERR) {
    ErrorRecord *e = newError(static_cast<size_t>(fp - frameBase));
    e->code = static_cast<int32_t>(RB.i);
    e->kind = rt::trapKindFromErrorCode(e->code);
    e->message = std::string(rt::strView(static_cast<rt::Str>(RC.p)));
    RA = rt::slotP(e); pc += 1; DISPATCH();
  }
  CASE(ERRGET) FALLS_INTO
  CASE(ERRCUR) {
    const ErrorRecord *e;
    if (static_cast<Op>(insn & 0xFF) == Op::ERRGET) {
      e = static_cast<const ErrorRecord *>(RB.p);
      if (!e) THROW(Why::NullError);
      if (!isLiveError(e, static_cast<size_t>(fp - frameBase))) THROW(Why::BadError);
    } else {
      const size_t d = static_cast<size_t>(fp - frameBase);
      e = d < faults_.size() && faults_[d] ? faults_[d]->last : nullptr;
    }
    if (!e) e = &exec::noError();
    if (UC <= static_cast<uint32_t>(exec::ErrorField::Message)) RA = exec::errorField(ctx_, *e, static_cast<exec::ErrorField>(UC));
    pc += 1; DISPATCH();
  }
  CASE(EHPUSH) {
    handlers_.push_back({static_cast<uint32_t>(fp - frameBase), BX, false});
    fp->ehState |= kHasFaultState;
    pc += 1; DISPATCH();
  }
  CASE(EHPOP) {
    if (!handlers_.empty() && handlers_.back().depth == static_cast<size_t>(fp - frameBase)) handlers_.pop_back();
    pc += 1; DISPATCH();
  }
  CASE(RESSAME) FALLS_INTO
  CASE(RESNEXT) FALLS_INTO
  CASE(RESLABEL) {
    SLOW_COUNTED(resume(pc, static_cast<Op>(insn & 0xFF), RA.i));
  }

#if !VM_THREADED
    }
#endif

  // Shared tails of RET/RETV and of the traps (inside the loop, so the portable DISPATCH
  // continues them).
  do_return: {
    if (fp->ehState) [[unlikely]] {
      if (fp->ehState & kHasFaultState) popFrameState(static_cast<size_t>(fp - frameBase));
      if (fp->ehState & kAllocaMarked) stackTop_ = fp->allocaMark;
      fp->ehState = 0;
    }
    const uint32_t dest = fp->dest, retPc = fp->retPc;
    if (fp == frameBase) [[unlikely]] {
      frames_.resize(0);
      finish(retval);
      final_.units = initialBudget - budget;
      return final_;
    }
    --fp;
    R = REGS + fp->base;
    if (dest != bc::kNoSlot) R[dest] = retval;
    pc = code + retPc;
    DISPATCH();
  }
  raise_fault: SLOW(raise(pc, fault_.why, fault_.x, fault_.y, fault_.z))
#if !VM_THREADED
  }
#endif

paused: {
  SYNC_FRAMES();
  pc_ = static_cast<uint32_t>(pc - code);
  RunResult r;
  r.status = RunResult::Status::Paused;
  r.units = initialBudget - budget;
  return r;
}
wants_input: {  // pc is still at the CALLRT: the next run repeats it
  SYNC_FRAMES();
  ctx_.trap().active = ctx_.trap().needInput = false;
  pc_ = static_cast<uint32_t>(pc - code);
  RunResult r;
  r.status = RunResult::Status::Paused;
  r.wantsInput = true;
  r.units = initialBudget - budget;
  return r;
}
stopped:
  final_.units = initialBudget - budget;
  return final_;
}

template RunResult VM::Impl::loop<false>(uint64_t);
template RunResult VM::Impl::loop<true>(uint64_t);

} // namespace viper::bcvm
