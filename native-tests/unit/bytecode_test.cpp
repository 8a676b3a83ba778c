// The bytecode stage as a specification: instruction encoding, parallel moves, slot
// allocation, the bytecode verifier, and the VM's budget (pause and resume).
#include "bytecode/compiler.hpp"
#include "bytecode/encoding.hpp"
#include "bytecode/parallel_move.hpp"
#include "bytecode/slot_alloc.hpp"
#include "bytecode/verify.hpp"
#include "interpreters/bcvm/vm.hpp"
#include "interpreters/ilinterp/interpreter.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>
#include <functional>
#include <map>
#include <random>

namespace viper::test {
namespace {

using bc::Insn;
using bc::Move;
using bc::Op;

// --- encoding ---

Insn sampleFor(Op op, int variant) {
  const bc::FormatInfo &f = bc::formatOf(op);
  auto field = [&](bc::Field k) -> uint32_t {
    switch (k) {
    case bc::Field::No: return 0;
    case bc::Field::Reg: case bc::Field::U8: return variant ? 255u : 7u;
    case bc::Field::S8: return static_cast<uint32_t>(variant ? -128 : 127);
    }
    return 0;
  };
  Insn in;
  in.op = op;
  in.a = field(f.a);
  if (f.bx == bc::BxKind::None) {
    in.b = field(f.b);
    in.c = field(f.c);
  } else if (f.bx == bc::BxKind::SImm) {
    in.bx = variant ? -32768 : 32767;
  } else if (f.bx == bc::BxKind::Jump24) {
    in.bx = variant ? -(1 << 23) : (1 << 23) - 1;
  } else {
    in.bx = variant ? 65535 : 3;
  }
  if (f.ext != bc::ExtKind::None) in.ext = variant ? 0xFFFFFFFFu : 12345u;
  if (f.ext == bc::ExtKind::Reg16) in.ext = variant ? 0xFFFFu : 300u;
  return in;
}

TEST(Encoding, EveryOpcodeRoundTripsAtItsFieldLimits) {
  for (unsigned k = 0; k < bc::kNumOps; ++k) {
    for (int variant = 0; variant < 2; ++variant) {
      Insn in = sampleFor(static_cast<Op>(k), variant);
      ASSERT_TRUE(bc::fitsFormat(in)) << bc::opInfo(in.op).name;
      std::vector<uint32_t> words;
      bc::encode(in, words);
      EXPECT_EQ(words.size(), bc::formatOf(in.op).words());
      auto back = bc::decode(words.data(), words.size());
      ASSERT_TRUE(back.has_value());
      EXPECT_EQ(*back, in) << bc::opInfo(in.op).name << " variant " << variant;
    }
  }
}

TEST(Encoding, RejectsFieldsThatDoNotFit) {
  EXPECT_FALSE(bc::fitsFormat({Op::ADD, 256, 0, 0, 0, 0}));
  EXPECT_FALSE(bc::fitsFormat({Op::ADDI, 1, 2, static_cast<uint32_t>(200), 0, 0}));
  EXPECT_FALSE(bc::fitsFormat({Op::LOADI, 1, 0, 0, 40000, 0}));
  EXPECT_FALSE(bc::fitsFormat({Op::JMP, 0, 0, 0, 1 << 23, 0}));
  EXPECT_FALSE(bc::decode(nullptr, 0).has_value());
  uint32_t bad = 0xFF;  // no opcode 255
  EXPECT_FALSE(bc::decode(&bad, 1).has_value());
  std::vector<uint32_t> w;
  bc::encode({Op::JT, 1, 0, 0, 0, 5}, w);
  EXPECT_FALSE(bc::decode(w.data(), 1).has_value()) << "extension word missing";
}

// --- parallel moves ---

/// Applies the sequence to a register file where slot s holds s (constants: 1000 + index).
std::map<uint32_t, int64_t> applyMoves(const std::vector<Move> &seq, std::map<uint32_t, int64_t> regs) {
  for (const Move &m : seq) regs[m.dst] = m.srcIsConst ? 1000 + m.src : regs[m.src];
  return regs;
}

void expectParallel(const std::vector<Move> &moves, uint32_t scratch) {
  std::map<uint32_t, int64_t> init;
  for (uint32_t s = 0; s < 32; ++s) init[s] = s;
  auto want = init;
  for (const Move &m : moves) want[m.dst] = m.srcIsConst ? 1000 + m.src : init[m.src];
  auto got = applyMoves(bc::sequentializeMoves(moves, scratch), init);
  for (uint32_t s = 0; s < 32; ++s)
    if (s != scratch) { EXPECT_EQ(got[s], want[s]) << "slot " << s; }
}

TEST(ParallelMoves, SwapUsesTheScratchSlotOnce) {
  auto seq = bc::sequentializeMoves({{1, 2, false}, {2, 1, false}}, 9);
  EXPECT_EQ(seq.size(), 3u);
  expectParallel({{1, 2, false}, {2, 1, false}}, 9);
}

TEST(ParallelMoves, ChainsNeedNoScratch) {
  auto seq = bc::sequentializeMoves({{1, 2, false}, {2, 3, false}, {3, 4, false}}, 9);
  EXPECT_EQ(seq.size(), 3u);
  for (const Move &m : seq) EXPECT_NE(m.dst, 9u);
  expectParallel({{1, 2, false}, {2, 3, false}, {3, 4, false}}, 9);
}

TEST(ParallelMoves, SelfMovesVanishAndConstantsComeLast) {
  EXPECT_TRUE(bc::sequentializeMoves({{4, 4, false}}, 9).empty());
  auto seq = bc::sequentializeMoves({{1, 0, true}, {2, 1, false}}, 9);
  ASSERT_EQ(seq.size(), 2u);
  EXPECT_TRUE(seq.back().srcIsConst);
  expectParallel({{1, 0, true}, {2, 1, false}}, 9);
}

TEST(ParallelMoves, RandomPermutationsWithFanOutAndCycles) {
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    const unsigned n = 1 + rng() % 10;
    std::vector<uint32_t> dsts(20);
    for (uint32_t i = 0; i < 20; ++i) dsts[i] = i;
    std::shuffle(dsts.begin(), dsts.end(), rng);
    std::vector<Move> moves;
    for (unsigned i = 0; i < n; ++i) {
      Move m;
      m.dst = dsts[i];
      m.srcIsConst = rng() % 6 == 0;
      m.src = m.srcIsConst ? i : rng() % 20;
      moves.push_back(m);
    }
    expectParallel(moves, 25);
  }
}

// --- slot allocation ---

const il::Function &only(const Compiled &c, const char *name) {
  const il::Function *f = c.module->findFunction(name);
  EXPECT_NE(f, nullptr);
  return *f;
}

TEST(SlotAllocation, DeadValuesGiveTheirSlotToLaterOnes) {
  Compiled c = compileText(R"(il 0.3.0
func @f(i64 %x) -> i64 {
entry(%x:i64):
  %a = iadd.ovf %x, 1
  %b = imul.ovf %a, 3
  %c = iadd.ovf %b, %x
  %d = imul.ovf %c, %c
  ret %d
}
func @main() -> i64 {
entry:
  ret 0
}
)");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const il::Function &f = only(c, "f");
  bc::SlotRequest req;
  req.firstFree = 1 + bc::kScratch;
  auto sa = bc::assignSlots(f, req);
  auto slot = [&](const char *name) {
    for (size_t t = 0; t < f.temps.size(); ++t) if (f.temps[t].name == name) return sa.slot[t];
    return -2;
  };
  // %a dies where %b is made: they share. %x and %b die where %c is made, and %c takes
  // the lowest of the freed slots (%x's); %d then takes %c's.
  EXPECT_EQ(slot("x"), 0);
  EXPECT_EQ(slot("a"), slot("b"));
  EXPECT_EQ(slot("c"), 0);
  EXPECT_EQ(slot("d"), 0);
  // %x is still live when %a..%c are: they must not take its slot.
  EXPECT_NE(slot("a"), slot("x"));
  EXPECT_EQ(sa.window, req.firstFree + 1);
}

TEST(SlotAllocation, WithoutReuseEveryValueHasItsOwnSlot) {
  Compiled c = compileText("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %a = iadd.ovf 1, 2\n  %b = iadd.ovf %a, 1\n  ret %b\n}\n");
  ASSERT_TRUE(c.module);
  bc::SlotRequest req;
  req.reuse = false;
  req.firstFree = bc::kScratch;
  auto sa = bc::assignSlots(only(c, "main"), req);
  EXPECT_NE(sa.slot[0], sa.slot[1]);
}

std::string disasmOf(const std::string &il) {
  Compiled c = compileText(il);
  EXPECT_TRUE(c.module) << c.diagnostics;
  auto code = driver::compileBytecode(*c.module);
  EXPECT_TRUE(code.ok());
  return driver::disassemble(*code, *c.module);
}

TEST(SlotAllocation, LoopCarriedValuesKeepTheirSlotsSoBackEdgesMoveNothing) {
  std::string d = disasmOf(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  br loop(0, 0)
loop(%i:i64, %s:i64):
  %s2 = iadd.ovf %s, %i
  %i2 = iadd.ovf %i, 1
  %more = scmp_lt %i2, 1000
  cbr %more, loop(%i2, %s2), done(%s2)
done(%r:i64):
  call @Viper.Terminal.SayInt(%r)
  ret 0
}
)");
  const std::string loop = d.substr(d.find("loop:"), d.find("done:") - d.find("loop:"));
  EXPECT_EQ(loop.find("MOV "), std::string::npos) << d;
  EXPECT_NE(loop.find("INCLT"), std::string::npos) << d;
}

// "FOR I = a TO n [STEP s]": the inclusive test fuses with the increment like "<" does,
// and an increment that overflows still traps at the add, on both engines.
TEST(SlotAllocation, InclusiveCountingLoopsAreOneInstructionAndStillTrapOnOverflow) {
  auto loop = [](const std::string &step, const std::string &limit, const std::string &st = "3") {
    return "il 0.3.0\nextern @Viper.Terminal.SayInt(i64) -> void\n"
           "func @count(i64 %n, i64 %st) -> i64 {\nentry(%n:i64, %st:i64):\n  br loop(0, 0)\n"
           "loop(%i:i64, %s:i64):\n  %s2 = iadd.ovf %s, 1\n  .loc 1 7 3\n  %i2 = iadd.ovf %i, " + step +
           "\n  %more = scmp_le %i2, %n\n  cbr %more, loop(%i2, %s2), done(%s2)\n"
           "done(%r:i64):\n  ret %r\n}\nfunc @main() -> i64 {\nentry:\n"
           "  %a = call @count(" + limit + ", " + st + ")\n  call @Viper.Terminal.SayInt(%a)\n  ret 0\n}\n";
  };
  const std::string byOne = loop("1", "10"), byStep = loop("%st", "10");
  EXPECT_NE(disasmOf(byOne).find("INCLE"), std::string::npos) << disasmOf(byOne);
  EXPECT_NE(disasmOf(byStep).find("ADDLE"), std::string::npos) << disasmOf(byStep);
  for (const auto &text : {byOne, byStep}) {
    Ran ref = runText(text, driver::Engine::IL), vm = runText(text, driver::Engine::BC);
    EXPECT_EQ(vm.out, ref.out);
  }
  EXPECT_EQ(runText(byOne, driver::Engine::BC).out, "11\n");
  EXPECT_EQ(runText(byStep, driver::Engine::BC).out, "4\n");
  // i <= INT64_MAX is always true: the loop ends by overflowing the add.
  for (const auto &text : {loop("4611686018427387904", "9223372036854775807"),
                           loop("%st", "9223372036854775807", "4611686018427387904")}) {
    Ran ref = runText(text, driver::Engine::IL), vm = runText(text, driver::Engine::BC);
    EXPECT_NE(vm.err.find("Overflow"), std::string::npos) << vm.err;
    EXPECT_NE(vm.err.find(":7:3"), std::string::npos) << vm.err;
    EXPECT_EQ(vm.err, ref.err);
  }
}

// Object.IsNull and Object.RefEquals compare pointer bits and cannot trap: a test that
// only feeds a branch is one compare-and-jump, any other is an EQ, and no runtime call
// is made. Both engines agree on every pairing (same object, two objects, null on
// either side).
TEST(PointerEquality, NullTestsAndReferenceComparesAreInstructionsNotCalls) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @Viper.Core.Object.IsNull(ptr) -> i1
extern @Viper.Core.Object.RefEquals(ptr, ptr) -> i1
extern @rt_obj_new_i64(i64, i64) -> ptr
func @classify(ptr %a, ptr %b) -> i64 {
entry(%a:ptr, %b:ptr):
  %n = call @Viper.Core.Object.IsNull(%a)
  cbr %n, isnull, notnull
isnull:
  ret 100
notnull:
  %same = call @Viper.Core.Object.RefEquals(%a, %b)
  %z = zext1 %same
  %bnull = call @Viper.Core.Object.RefEquals(null, %b)
  %bz = zext1 %bnull
  %tens = imul.ovf %bz, 10
  %r = iadd.ovf %z, %tens
  ret %r
}
func @main() -> i64 {
entry:
  %x = call @rt_obj_new_i64(1, 16)
  %y = call @rt_obj_new_i64(1, 16)
  %r1 = call @classify(null, %x)
  %r2 = call @classify(%x, %x)
  %r3 = call @classify(%x, %y)
  %r4 = call @classify(%x, null)
  call @Viper.Terminal.SayInt(%r1)
  call @Viper.Terminal.SayInt(%r2)
  call @Viper.Terminal.SayInt(%r3)
  call @Viper.Terminal.SayInt(%r4)
  ret 0
}
)";
  const std::string d = disasmOf(text);
  const std::string classify = d.substr(d.find("func @classify"), d.find("func @main") - d.find("func @classify"));
  EXPECT_EQ(classify.find("CALLRT"), std::string::npos) << classify;
  EXPECT_NE(classify.find("JNEI"), std::string::npos) << classify;
  EXPECT_NE(classify.find("EQ "), std::string::npos) << classify;
  Ran ref = runText(text, driver::Engine::IL), vm = runText(text, driver::Engine::BC);
  EXPECT_EQ(ref.out, "100\n1\n0\n10\n");
  EXPECT_EQ(vm.out, ref.out);
}

// A loop whose way out was laid out before its header (the join block of an enclosing
// if, as the Zia front end emits a while inside an if) is still rotated: the latch ends
// in a copy of the header's test jumping back, not in a jump to the header.
TEST(LoopRotation, AnExitBlockBeforeTheHeaderStillRotates) {
  std::string d = disasmOf(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  br head(0, 0)
join(%s:i64):
  call @Viper.Terminal.SayInt(%s)
  ret 0
head(%j:i64, %acc:i64):
  %m = scmp_lt %j, 100
  cbr %m, body(%j, %acc), join(%acc)
body(%k:i64, %a:i64):
  %a2 = iadd.ovf %a, %k
  %k2 = iadd.ovf %k, 1
  br head(%k2, %a2)
}
)");
  const std::string body = d.substr(d.find("body:"));
  EXPECT_NE(body.find("JLTI      r5, 100, -> 0010"), std::string::npos) << d;
  EXPECT_EQ(body.find("-> 0008"), std::string::npos) << d;
}

// A loop whose way out is laid out between its header and its latch (the Zia front end
// puts a loop's exit block right after the header) is rotated too: the latch ends in the
// header's test jumping back into the body, then a backward jump out. Each engine spends
// one unit per iteration, so slices of any size stop both at the same output.
TEST(LoopRotation, AnExitBlockBetweenHeaderAndLatchStillRotates) {
  const std::string text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  br head(0, 0)
head(%j:i64, %acc:i64):
  %m = scmp_lt %j, 20
  cbr %m, body, done
done:
  call @Viper.Terminal.SayInt(%acc)
  ret 0
body:
  %big = scmp_gt %j, 10
  cbr %big, high, latch(%acc)
high:
  call @Viper.Terminal.SayInt(%j)
  %a1 = iadd.ovf %acc, %j
  br latch(%a1)
latch(%a:i64):
  %k2 = iadd.ovf %j, 1
  br head(%k2, %a)
}
)";
  std::string d = disasmOf(text);
  const std::string latch = d.substr(d.find("latch:"));
  EXPECT_NE(latch.find("JLTI      r4, 20, -> 0009"), std::string::npos) << d;  // into the body
  EXPECT_NE(latch.find("JMP       -> 0004"), std::string::npos) << d;          // out, to done
  EXPECT_EQ(latch.find("-> 0002"), std::string::npos) << d;  // never back to the header's test
  Compiled c = compileText(text);
  ASSERT_TRUE(c.module);
  auto code = bc::compileModule(*c.module);
  ASSERT_TRUE(code.ok());
  for (uint64_t slice : {1u, 2u, 3u, 7u}) {
    rt::StringSink out1, out2;
    rt::StringSource in("");
    rt::Context ctx1(out1, in), ctx2(out2, in);
    auto vm = bcvm::VM::create(*code, *c.module, ctx1);
    ASSERT_TRUE(vm.ok());
    auto interp = ilinterp::Interpreter::create(*c.module, ctx2);
    ASSERT_TRUE(interp);
    int slices = 0;
    for (;;) {
      auto a = (*vm)->run(slice), b = (*interp)->run(slice);
      ASSERT_EQ(a.status, b.status) << "slice " << slice << " #" << slices;
      ASSERT_EQ(out1.text, out2.text) << "slice " << slice << " #" << slices;
      if (a.status != exec::RunResult::Status::Paused) break;
      ++slices;
    }
    EXPECT_EQ(slices, static_cast<int>(20 / slice)) << slice;  // one unit per back edge
  }
}

// Element access to lists of i64 and f64 words is done by the VM itself (LGET ... LPUSHF);
// the golden programs list_words, list_word_traps, list_word_kind and list_header_forged
// show the results and traps are the runtime rows' own on both engines.
TEST(Intrinsics, WordListRowsBecomeInstructionsWithNoCallInTheLoop) {
  std::string d = disasmOf(R"(il 0.3.0
extern @Viper.Collections.List.New() -> ptr
extern @rt_list_push_i64(ptr, i64) -> void
extern @rt_list_get_i64(ptr, i64) -> i64
extern @rt_list_set_i64(ptr, i64, i64) -> void
extern @rt_list_push_f64(ptr, f64) -> void
extern @rt_list_get_f64(ptr, i64) -> f64
extern @rt_list_set_f64(ptr, i64, f64) -> void
func @main() -> i64 {
entry:
  %l = call @Viper.Collections.List.New()
  %f = call @Viper.Collections.List.New()
  br loop(0)
loop(%i:i64):
  call @rt_list_push_i64(%l, %i)
  %x = call @rt_list_get_i64(%l, %i)
  call @rt_list_set_i64(%l, %i, %x)
  call @rt_list_push_f64(%f, 1.5)
  %y = call @rt_list_get_f64(%f, %i)
  call @rt_list_set_f64(%f, %i, %y)
  %i2 = iadd.ovf %i, 1
  %more = scmp_lt %i2, 10
  cbr %more, loop(%i2), done
done:
  ret 0
}
)");
  const std::string loop = d.substr(d.find("loop:"), d.find("done:") - d.find("loop:"));
  for (const char *op : {"LPUSH ", "LGET ", "LSET ", "LPUSHF", "LGETF", "LSETF"})
    EXPECT_NE(loop.find(op), std::string::npos) << op << "\n" << d;
  EXPECT_EQ(loop.find("CALLRT"), std::string::npos) << d;
}

// Lookups of Integer keys (find, then the entry's i64 value) are instructions too; the
// golden programs map_find_inline, map_value_at_removed, map_header_forged_cached and
// map_find_null show their results and traps are the rows' own on both engines.
TEST(Intrinsics, IntegerKeyMapLookupsAreInstructionsWithNoCallInTheLoop) {
  const std::string il = R"(il 0.3.0
extern @Viper.Collections.Map.New() -> ptr
extern @rt_map_set_i64_i64(ptr, i64, i64) -> void
extern @rt_map_find_i64(ptr, i64) -> i64
extern @rt_map_value_at_i64(ptr, i64) -> i64
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  %m = call @Viper.Collections.Map.New()
  call @rt_map_set_i64_i64(%m, 4, 40)
  call @rt_map_set_i64_i64(%m, 9, 90)
  br loop(0, 0)
loop(%i:i64, %sum:i64):
  %e = call @rt_map_find_i64(%m, %i)
  %hit = scmp_ge %e, 0
  cbr %hit, found, next(%sum)
found:
  %v = call @rt_map_value_at_i64(%m, %e)
  %s2 = iadd.ovf %sum, %v
  br next(%s2)
next(%s:i64):
  %i2 = iadd.ovf %i, 1
  %more = scmp_lt %i2, 12
  cbr %more, loop(%i2, %s), done
done:
  call @Viper.Terminal.SayInt(%s)
  ret 0
}
)";
  const std::string d = disasmOf(il);
  const std::string loop = d.substr(d.find("loop:"), d.find("done:") - d.find("loop:"));
  EXPECT_NE(loop.find("MAPFIND"), std::string::npos) << d;
  EXPECT_NE(loop.find("MAPVALI"), std::string::npos) << d;
  EXPECT_EQ(loop.find("CALLRT"), std::string::npos) << d;
  EXPECT_EQ(runText(il, driver::Engine::BC).out, "130\n");
  EXPECT_EQ(runText(il, driver::Engine::IL).out, "130\n");
}

// A virtual or interface call reads the receiver's class id: one inline CLASSID, not a
// CALLRT. On a non-object it still traps as the row does (golden trap_iface_nothing.bas).
TEST(Intrinsics, ReadingAClassIdIsAnInstruction) {
  const std::string il = R"(il 0.3.0
extern @rt_obj_new_i64(i64, i64) -> ptr
extern @rt_obj_class_id(ptr) -> i64
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  %o = call @rt_obj_new_i64(7, 16)
  %id = call @rt_obj_class_id(%o)
  call @Viper.Terminal.SayInt(%id)
  ret 0
}
)";
  const std::string d = disasmOf(il);
  EXPECT_NE(d.find("CLASSID"), std::string::npos) << d;
  EXPECT_EQ(d.find("@rt_obj_class_id, window"), std::string::npos) << d;
  EXPECT_EQ(runText(il, driver::Engine::BC).out, "7\n");
}

// zext1 of a value that is 0 or 1 by construction (a compare, trunc1) needs no masking;
// of anything else (an i1 parameter) it still masks.
TEST(Intrinsics, ZeroExtendingACompareIsACopy) {
  std::string d = disasmOf(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @f(i1 %p, i64 %x) -> i64 {
entry(%p:i1, %x:i64):
  %t = trunc1 %x
  %z = zext1 %t
  %w = zext1 %p
  %s = iadd.ovf %z, %w
  ret %s
}
func @main() -> i64 {
entry:
  %r = call @f(true, 3)
  call @Viper.Terminal.SayInt(%r)
  ret 0
}
)");
  const std::string f = d.substr(d.find("func @f"), d.find("func @main") - d.find("func @f"));
  size_t bits = 0;
  for (size_t at = f.find("BIT "); at != std::string::npos; at = f.find("BIT ", at + 1)) ++bits;
  EXPECT_EQ(bits, 2u) << d;  // trunc1 and zext1 of the parameter; not zext1 of the trunc1
}

// A new string stored into a variable and then released by its maker (`store str` then
// `release_maybe` of the same value, as the front ends append) is one STSTRT: the slot
// takes that reference. A store whose value is released later stays a STSTR. Both engines
// print the same and leave no string alive.
TEST(Intrinsics, StoringANewStringThenReleasingItIsOneInstruction) {
  const std::string il = R"(il 0.3.0
extern @Viper.Terminal.Say(str) -> void
extern @Viper.String.Concat(str, str) -> str
extern @Viper.String.ReleaseMaybe(str) -> void
func @main() -> i64 {
entry:
  %slot = alloca 8
  %copy = alloca 8
  store str, %slot, ""
  br loop(0)
loop(%i:i64):
  %cur = load str, %slot
  store ptr, %slot, null
  %s = call @Viper.String.Concat(%cur, "ab")
  store str, %slot, %s
  call @Viper.String.ReleaseMaybe(%s)
  %i2 = iadd.ovf %i, 1
  %more = scmp_lt %i2, 3
  cbr %more, loop(%i2), done
done:
  %t = load str, %slot
  %k = call @Viper.String.Concat(%t, "!")
  store ptr, %slot, null
  store str, %copy, %k
  call @Viper.Terminal.Say(%k)
  call @Viper.String.ReleaseMaybe(%k)
  %c = load str, %copy
  call @Viper.Terminal.Say(%c)
  store str, %copy, ""
  ret 0
}
)";
  const std::string d = disasmOf(il);
  auto count = [&](const std::string &what) {
    size_t n = 0;
    for (size_t at = d.find(what); at != std::string::npos; at = d.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("STSTRT"), 1u) << d;
  EXPECT_EQ(count("STSTR "), 3u) << d;  // the initial "", the copy (released after a Say), the final ""
  EXPECT_EQ(count("@Viper.String.ReleaseMaybe, window"), 1u) << d;  // a CALLRT, not the IL shown as comments
  for (driver::Engine e : {driver::Engine::IL, driver::Engine::BC}) {
    Compiled c = compileText(il);
    ASSERT_TRUE(c.module) << c.diagnostics;
    rt::StringSink out;
    rt::StringSource in("");
    rt::Context ctx(out, in);
    driver::RunOptions opts;
    opts.engine = e;
    driver::runModule(*c.module, ctx, opts);
    EXPECT_EQ(out.text, "ababab!\nababab!\n");
    EXPECT_EQ(ctx.liveStrings, 0);
  }
}

// --- the bytecode verifier ---

struct Fixture {
  Compiled src;
  bc::Module code;
};

Fixture compiled() {
  Fixture f;
  f.src = compileText(R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @twice(i64 %x) -> i64 {
entry(%x:i64):
  %r = imul.ovf %x, 2
  ret %r
}
func @main() -> i64 {
entry:
  %a = call @twice(21)
  %c = scmp_gt %a, 40
  cbr %c, yes, no
yes:
  call @Viper.Terminal.SayInt(%a)
  ret 0
no:
  ret 1
}
)");
  auto r = bc::compileModule(*f.src.module);
  f.code = std::move(*r);
  return f;
}

uint32_t findOp(const bc::Module &m, Op op) {
  for (uint32_t pc = 0; pc < m.code.size();) {
    auto in = bc::decode(&m.code[pc], m.code.size() - pc);
    if (in->op == op) return pc;
    pc += bc::formatOf(in->op).words();
  }
  ADD_FAILURE() << "no " << bc::opInfo(op).name;
  return 0;
}

TEST(BytecodeVerifier, AcceptsCompiledCode) {
  Fixture f = compiled();
  EXPECT_TRUE(bc::verifyModule(f.code).ok());
}

TEST(BytecodeVerifier, RejectsMalformedCode) {
  auto expectRejected = [](bc::Module m, const char *why) {
    auto r = bc::verifyModule(m);
    EXPECT_FALSE(r.ok()) << why;
  };
  {
    Fixture f = compiled();  // a slot beyond the frame
    uint32_t pc = findOp(f.code, Op::MULO);
    f.code.code[pc] = (f.code.code[pc] & 0xFFFF00FFu) | (200u << 8);
    expectRejected(f.code, "slot outside the frame");
  }
  {
    Fixture f = compiled();  // a jump into the middle of a two-word instruction
    uint32_t pc = findOp(f.code, Op::CALL);
    uint32_t j = findOp(f.code, Op::JLEI) ;
    f.code.code[j + 1] = static_cast<uint32_t>(static_cast<int32_t>(pc + 1) - static_cast<int32_t>(j));
    expectRejected(f.code, "jump to a non-instruction");
  }
  {
    Fixture f = compiled();  // a jump out of the function
    uint32_t j = findOp(f.code, Op::JLEI);
    f.code.code[j + 1] = 100000;
    expectRejected(f.code, "jump outside");
  }
  {
    Fixture f = compiled();  // code that falls off the end
    bc::Function &fn = f.code.functions[0];
    fn.end -= 1;
    expectRejected(f.code, "falls off the end");
  }
  {
    Fixture f = compiled();  // an unknown opcode
    f.code.code[f.code.functions[1].entry] = 0xFE;
    expectRejected(f.code, "unknown opcode");
  }
  {
    Fixture f = compiled();  // a call to a function index that does not exist
    uint32_t pc = findOp(f.code, Op::CALL);
    f.code.code[pc] = (f.code.code[pc] & 0xFFFFu) | (99u << 16);
    expectRejected(f.code, "bad function index");
  }
  {
    Fixture f = compiled();  // a call window that does not fit the frame
    uint32_t pc = findOp(f.code, Op::CALL);
    f.code.code[pc + 1] = bc::packSlots(f.code.functions[1].frameSize, bc::kNoSlot);
    expectRejected(f.code, "window outside the frame");
  }
  {
    Fixture f = compiled();  // a constant index past the pool
    uint32_t pc = findOp(f.code, Op::CALL);
    (void)pc;
    f.code.constants.clear();
    bool hasLoadK = false;
    for (uint32_t p = 0; p < f.code.code.size(); ++p) hasLoadK |= bc::opOf(f.code.code[p]) == Op::LOADK;
    if (!hasLoadK) {
      std::vector<uint32_t> w;
      bc::encode({Op::LOADK, 4, 0, 0, 0, 0}, w);
      f.code.code[f.code.functions[1].entry] = w[0];
    }
    expectRejected(f.code, "constant index out of range");
  }
}

// --- the VM's budget ---

TEST(Budget, PausedRunsResumeExactlyWhereTheyStopped) {
  const std::string text = readText(testsDir() / "golden/il/fib.il");
  Compiled c = compileText(text);
  ASSERT_TRUE(c.module);
  auto code = bc::compileModule(*c.module);
  ASSERT_TRUE(code.ok());
  std::string whole;
  {
    rt::StringSink out;
    rt::StringSource in("");
    rt::Context ctx(out, in);
    auto vm = bcvm::VM::create(*code, *c.module, ctx);
    ASSERT_TRUE(vm.ok());
    EXPECT_EQ((*vm)->run().status, exec::RunResult::Status::Finished);
    whole = out.text;
  }
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  auto vm = bcvm::VM::create(*code, *c.module, ctx);
  ASSERT_TRUE(vm.ok());
  int pauses = 0;
  exec::RunResult r;
  while ((r = (*vm)->run(3)).status == exec::RunResult::Status::Paused) ++pauses;
  EXPECT_EQ(r.status, exec::RunResult::Status::Finished);
  EXPECT_GT(pauses, 10);
  EXPECT_EQ(out.text, whole);
}

TEST(Budget, AnEndlessLoopPausesAndCanBeResumed) {
  Compiled c = compileText("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  br spin(0)\nspin(%i:i64):\n  %j = iadd.ovf %i, 0\n  br spin(%j)\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  auto code = bc::compileModule(*c.module);
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  auto vm = bcvm::VM::create(*code, *c.module, ctx);
  ASSERT_TRUE(vm.ok());
  for (int k = 0; k < 5; ++k) EXPECT_EQ((*vm)->run(100000).status, exec::RunResult::Status::Paused);
}

// A handler stays installed after it takes a trap, so one that resumes into the same fault
// (or re-pushes itself and traps) loops without a backward jump: each trap taken and each
// resume spends budget, so the run still pauses on both engines (a red-team hang).
TEST(Budget, HandlerLoopsWithoutJumpsStillPause) {
  const char *programs[] = {
      "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  eh.push ^h\n  %q = sdiv.chk0 1, 0\n  eh.pop\n  ret %q\n"
      "handler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  resume.same %t\n}\n",
      "il 0.3.0\nfunc @main() -> i64 {\nentry:\n  eh.push ^h\n  trap\n"
      "handler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  eh.pop\n  eh.push ^h\n  trap\n}\n"};
  for (const char *text : programs) {
    Compiled c = compileText(text);
    ASSERT_TRUE(c.module) << c.diagnostics;
    auto code = bc::compileModule(*c.module);
    ASSERT_TRUE(code.ok());
    rt::StringSink out;
    rt::StringSource in("");
    rt::Context ctx(out, in), ctx2(out, in);
    auto vm = bcvm::VM::create(*code, *c.module, ctx);
    ASSERT_TRUE(vm.ok());
    auto interp = ilinterp::Interpreter::create(*c.module, ctx2);
    ASSERT_TRUE(interp);
    for (int k = 0; k < 3; ++k) {
      EXPECT_EQ((*vm)->run(10000).status, exec::RunResult::Status::Paused) << text;
      EXPECT_EQ((*interp)->run(10000).status, exec::RunResult::Status::Paused) << text;
    }
  }
}

TEST(Budget, ExitEndsAPausedRunWithItsStatusOnBothEngines) {
  // Exit from a callee inside a protected region, reached after many paused slices.
  Compiled c = compileText(
      "il 0.3.0\nextern @Viper.Terminal.SayInt(i64) -> void\nextern @Viper.System.Environment.Exit(i64) -> void\n"
      "func @stop(i64 %v) -> void {\nentry(%v:i64):\n  call @Viper.Terminal.SayInt(%v)\n"
      "  call @Viper.System.Environment.Exit(9)\n  call @Viper.Terminal.SayInt(0)\n  ret\n}\n"
      "func @main() -> i64 {\nentry:\n  br loop(0, 0)\nloop(%i:i64, %s:i64):\n  %s2 = iadd.ovf %s, %i\n"
      "  %i2 = iadd.ovf %i, 1\n  %c = scmp_lt %i2, 100\n  cbr %c, loop(%i2, %s2), done\ndone:\n  eh.push ^h\n"
      "  call @stop(%s2)\n  eh.pop\n  ret 0\nhandler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  ret 1\n}\n");
  ASSERT_TRUE(c.module) << c.diagnostics;
  auto code = bc::compileModule(*c.module);
  ASSERT_TRUE(code.ok());
  for (bool il : {true, false}) {
    rt::StringSink out;
    rt::StringSource in("");
    rt::Context ctx(out, in);
    std::function<exec::RunResult(uint64_t)> run;
    std::unique_ptr<ilinterp::Interpreter> interp;
    std::unique_ptr<bcvm::VM> vm;
    if (il) {
      auto made = ilinterp::Interpreter::create(*c.module, ctx);
      ASSERT_TRUE(made.ok());
      interp = std::move(*made);
      run = [&](uint64_t n) { return interp->run(n); };
    } else {
      auto made = bcvm::VM::create(*code, *c.module, ctx);
      ASSERT_TRUE(made.ok());
      vm = std::move(*made);
      run = [&](uint64_t n) { return vm->run(n); };
    }
    int pauses = 0;
    exec::RunResult r;
    while ((r = run(3)).status == exec::RunResult::Status::Paused) ++pauses;
    EXPECT_GT(pauses, 10) << (il ? "il" : "bc");
    EXPECT_EQ(r.status, exec::RunResult::Status::Finished) << (il ? "il" : "bc");
    EXPECT_EQ(r.exitCode, 9) << (il ? "il" : "bc");
    EXPECT_EQ(out.text, "4950\n") << (il ? "il" : "bc");
    EXPECT_FALSE(ctx.trap().active);
    // A finished run stays finished.
    EXPECT_EQ(run(3).exitCode, 9);
  }
}

// --- frames wider than 8-bit slot fields ---

TEST(WideFrames, ThreeHundredLiveValuesRunTheSameOnBothEngines) {
  std::string il = "il 0.3.0\nextern @Viper.Terminal.SayInt(i64) -> void\nfunc @main() -> i64 {\nentry:\n";
  for (int i = 0; i < 300; ++i) il += "  %v" + std::to_string(i) + " = iadd.ovf " + std::to_string(i) + ", 1\n";
  std::string acc = "%v0";
  for (int i = 1; i < 300; ++i) {
    il += "  %s" + std::to_string(i) + " = iadd.ovf " + acc + ", %v" + std::to_string(i) + "\n";
    acc = "%s" + std::to_string(i);
  }
  il += "  call @Viper.Terminal.SayInt(" + acc + ")\n  ret 0\n}\n";
  Ran ref = runText(il, driver::Engine::IL);
  Ran vm = runText(il, driver::Engine::BC);
  EXPECT_EQ(ref.out, "45150\n");
  EXPECT_EQ(vm.out, ref.out) << vm.err;
  EXPECT_NE(disasmOf(il).find("MOVW"), std::string::npos) << "the test should reach slots above 255";
}

TEST(CallDepth, DeepRecursionIsAStackOverflowTrapOnBothEngines) {
  const std::string il = "il 0.3.0\nfunc @down(i64 %n) -> i64 {\nentry(%n:i64):\n  %m = iadd.ovf %n, 1\n"
                         "  %r = call @down(%m)\n  ret %r\n}\nfunc @main() -> i64 {\nentry:\n  %x = call @down(0)\n  ret %x\n}\n";
  Ran ref = runText(il, driver::Engine::IL);
  Ran vm = runText(il, driver::Engine::BC);
  EXPECT_NE(vm.err.find("Overflow"), std::string::npos) << vm.err;
  EXPECT_NE(vm.err.find("stack overflow"), std::string::npos) << vm.err;
  EXPECT_EQ(vm.err, ref.err);
  EXPECT_EQ(vm.exitStatus, 1);
}

} // namespace
} // namespace viper::test
