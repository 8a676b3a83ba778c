// Internal state of the bytecode VM (vm.cpp: loading, traps, EH; vm_loop.cpp: the loop).
#pragma once
#include "interpreters/common/rules.hpp"
#include "bytecode/encoding.hpp"
#include "interpreters/bcvm/vm.hpp"
#include "interpreters/common/program.hpp"
#include "interpreters/common/zeroed_array.hpp"
#include "runtime/array_access.hpp"
#include "runtime/block_header.hpp"
#include "runtime/registry.hpp"
#include <array>
#include <cstddef>
#include <memory>

namespace viper::bcvm {

/// Why the loop left its fast path with a trap: the shared fault list, whose kinds and
/// messages interpreters/common/rules.cpp gives both engines.
using Why = exec::Fault;

using exec::ErrorRecord;

/// One activation. The caller's slots are frames_[i-1].base onwards; a callee's base is
/// the caller's call window, so arguments are already in place when it starts.
struct FrameRec {
  uint32_t base = 0;
  uint32_t retPc = 0;        ///< where the caller continues
  uint32_t dest = bc::kNoSlot;  ///< caller slot for the result
  uint32_t allocaMark = 0;   ///< alloca stack top at entry (valid with kAllocaMarked)
  uint32_t ehState = 0;      ///< kHasFaultState | kAllocaMarked, or 0; always 0 in records
                             ///< above the top (a CALL does not write it)
};

/// FrameRec::ehState bits. A frame's first alloca records the stack top, so calls and
/// returns of frames that never allocate (nearly all) neither save nor restore it.
enum : uint32_t { kHasFaultState = 1, kAllocaMarked = 2 };

/// The frame records: one allocation sized for the call-depth limit (the loop checks the
/// depth before every push, so a push never reallocates or checks capacity). Records above
/// the top are zero bytes until a push writes them (ehState 0, as FrameRec requires).
class FrameStack {
public:
  bool reserve(size_t n) { return data_.reset(n); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  FrameRec &back() { return data_[size_ - 1]; }
  FrameRec &operator[](size_t i) { return data_[i]; }
  const FrameRec &operator[](size_t i) const { return data_[i]; }
  void push_back(const FrameRec &f) { data_[size_++] = f; }
  void pop_back() { --size_; }
  void resize(size_t n) { size_ = n; }
  /// The loop keeps a pointer to the top record in a local and writes it back with
  /// setTop before anything that reads the stack (slow paths, pauses).
  FrameRec *data() { return data_.data(); }
  void setTop(const FrameRec *top) { size_ = static_cast<size_t>(top - data_.data()) + 1; }

private:
  exec::ZeroedArray<FrameRec> data_;
  size_t size_ = 0;
};

/// A frame's exception-handling state (created on first use).
struct FaultState {
  bool active = false;       ///< a handler is serving a fault of this frame
  uint32_t faultPc = 0;      ///< first pc of the faulting IL instruction
  uint32_t block = 0, instr = 0;
  uint32_t handler = 0;      ///< index in handlers_ of the record serving this fault
  int64_t token = 0;
  std::array<ErrorRecord, 4> errors;
  size_t nextError = 0;
  ErrorRecord *last = nullptr;
};

/// An installed handler. It stays installed after taking a trap (only eh.pop removes it)
/// but does not take traps raised while it is serving one: those go to the next handler.
struct HandlerEntry {
  uint32_t depth;            ///< frame index
  uint32_t desc;             ///< bc::Module::handlers index
  bool serving = false;
};

/// Per function, what a call needs in one cache line.
struct CallInfo {
  uint32_t entry = 0;
  uint32_t frameSize = 0;
};

class VM::Impl {
public:
  Impl(const bc::Module &code, const il::Module &src, rt::Context &ctx, Options opts);
  ~Impl();
  Result<bool> prepare();
  exec::RunResult run(uint64_t budget);

  Profile profile;

private:
  template <bool kSlow> exec::RunResult loop(uint64_t budget);

  // vm.cpp: the slow paths. Each returns the pc to continue at (a handler), or nullptr
  // when the run is over (final_ says why).
  const uint32_t *raise(const uint32_t *pc, Why why, int64_t x = 0, int64_t y = 0, int64_t z = 0);
  const uint32_t *dispatchTrap(const uint32_t *pc, rt::TrapKind kind, int32_t code, std::string message);
  const uint32_t *resume(const uint32_t *pc, bc::Op op, int64_t token);
  bool growRegisters(size_t needed);
  const uint32_t *arraySlow(const uint32_t *pc, rt::Slot *R);
  const uint32_t *listSlow(const uint32_t *pc, rt::Slot *R);
  const uint32_t *classIdSlow(const uint32_t *pc, rt::Slot *R);
  const uint32_t *mapSlow(const uint32_t *pc, rt::Slot *R);
  void *checkAddress(void *p, unsigned size, Why &why) const;
  FaultState &faultState(size_t depth);
  ErrorRecord *newError(size_t depth);
  bool isLiveError(const ErrorRecord *e, size_t depth) const;
  void popFrameState(size_t depth);
  void finish(rt::Slot value);
  void onInstruction(const uint32_t *pc);
  exec::TrapInfo describe(uint32_t pc, rt::TrapKind kind, int32_t code, std::string message) const;
  const il::Instr &ilInstrAt(uint32_t pc) const;

  const bc::Module &code_;
  const il::Module &src_;
  rt::Context &ctx_;
  Options opts_;
  exec::ModuleMemory mem_;
  std::vector<rt::Slot> consts_;
  std::vector<CallInfo> calls_;
  exec::ZeroedArray<rt::Slot> regs_;
  FrameStack frames_;
  FrameRec *top_ = nullptr;  ///< WebAssembly: the loop's frame top lives here, not in a local
  std::vector<HandlerEntry> handlers_;
  std::vector<std::unique_ptr<FaultState>> faults_;
  exec::AllocaStack stack_;       ///< alloca region
  size_t stackTop_ = 0;
  uint32_t pc_ = 0;                ///< where a paused run continues
  bool trapTaken_ = false;
  /// A trap the loop is about to raise: raise()'s arguments (vm_loop.cpp's THROW).
  struct PendingFault { Why why = Why::None; int64_t x = 0, y = 0, z = 0; };
  PendingFault fault_;
  size_t chargedSlots_ = 0;        ///< register slots charged to the memory budget         ///< set by dispatchTrap: the loop spends a unit for it
  bool started_ = false, finished_ = false;
  exec::RunResult final_;
  int64_t nextToken_ = 1;
  uint32_t prevOp_ = 0;            ///< profile: previous opcode
  /// The last i64 [0] and f64 [1] array seen by AGET/ASET: elements and length. Any
  /// runtime call may free or resize arrays, so CALLRT forgets them.
  struct ArrayCache { void *data = nullptr; uint64_t len = 0; };
  ArrayCache arrays_[2];
  const rt::RuntimeFunction *arrayFns_[4] = {};  ///< i64 get, f64 get, i64 set, f64 set
  /// The last i64 [0] and f64 [1] word list seen by LGET/LSET/LPUSH and the last
  /// reference list [2] seen by LGETR (indexed by rt::ListRow), checked by
  /// rt::listWords. A runtime call may reallocate or free a list and a program store to
  /// the heap may rewrite its header, so CALLRT and heap stores forget them.
  /// "No list" is `noList_`, not nullptr: a null handle must not match it, and its zero
  /// count and capacity fail every fast case, so the fast paths need no null test.
  rt::ListWords noList_{0, 0, nullptr, 0};
  rt::ListWords *lists_[3] = {&noList_, &noList_, &noList_};
  /// The last Integer-keyed map seen by MAPFIND/MAPVALI, checked by rt::mapWords; like the
  /// lists, forgotten by CALLRT and heap stores. As with the lists, `map_` points at the
  /// checked view or at "no map": a view of the VM's own empty one-slot index with that
  /// index as its handle. A null handle does not match it, and even a handle forged to
  /// equal it reads only that zeroed slot (a miss) and fails MAPVALI's test, never a
  /// forgotten map's freed blocks.
  const rt::MapIndexSlot noMapIndex_[1] = {};
  const rt::MapWords noMap_{noMapIndex_, noMapIndex_};
  rt::MapWords checkedMap_;
  const rt::MapWords *map_ = &noMap_;
  void forgetMap() { map_ = &noMap_; }
  void forgetHeaderViews() {
    lists_[0] = lists_[1] = lists_[2] = &noList_;
    forgetMap();
  }
  /// The heap region the last 8-byte load or store or CLASSID found (an object's fields,
  /// mostly): an aligned 8-byte access at a is inside it when a - objBase_ <= objLimit_
  /// (its size - 8). objBlock_ is that region's handle when CLASSID saw it as a live object
  /// block, so the next CLASSID of it reads the header without the block-set probe. Only
  /// runtime calls free or move regions, so CALLRT forgets it (a store does not). "None"
  /// is base 1 (no aligned address is inside) and as the block the VM's own zeroed
  /// stand-in (a handle forged to equal it reads class id 0 from its zeroed header).
  struct NoObject {
    rt::BlockHeader header{};
    uint64_t word = 0;
  };
  static_assert(offsetof(NoObject, word) == sizeof(rt::BlockHeader), "the stand-in's header sits where blockHeader looks");
  const NoObject noObject_;
  uintptr_t objBase_ = 1, objLimit_ = 0;
  const void *objBlock_ = &noObject_.word;
  void forgetObjectView() {
    objBase_ = 1, objLimit_ = 0;
    objBlock_ = &noObject_.word;
  }
  void forgetElementCaches() {
    arrays_[0].len = arrays_[1].len = 0;
    forgetHeaderViews();
    forgetObjectView();
  }
  void cacheList(rt::ListRow row, void *p) {
    rt::ListWords *h = rt::listWords(ctx_, p, row);
    lists_[static_cast<int>(row)] = h ? h : &noList_;
  }
  void cacheMap(void *p) {
    map_ = rt::mapWords(ctx_, p, checkedMap_) ? &checkedMap_ : &noMap_;
  }
};

} // namespace viper::bcvm
