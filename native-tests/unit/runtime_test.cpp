// Runtime: registry, formatting, strings and ownership, PRNG, arrays, isolation of VMs.
#include "runtime/format.hpp"
#include "runtime/registry.hpp"
#include "runtime/rt_string.hpp"
#include "testlib/test_support.hpp"
#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>
#include <algorithm>

namespace viper::test {
namespace {

using rt::Slot;

struct Rt {
  rt::StringSink out;
  rt::StringSource in{"line one\r\nsecond\n"};
  rt::Context ctx{out, in};
  Slot call(const char *name, std::initializer_list<Slot> args) {
    const rt::RuntimeFunction *f = rt::findRuntimeFunction(name);
    EXPECT_NE(f, nullptr) << name;
    std::vector<Slot> a(args);
    Slot r = rt::slotI(0);
    if (f) f->fn(ctx, a.data(), &r);
    return r;
  }
  std::string take(Slot s) {
    std::string v(rt::strView(static_cast<rt::Str>(s.p)));
    rt::strRelease(ctx, static_cast<rt::Str>(s.p));
    return v;
  }
  Slot str(const char *s) { return rt::slotP(rt::strNew(ctx, s)); }
};

TEST(Registry, AliasesResolveToOneFunction) {
  EXPECT_EQ(rt::findRuntimeFunction("Viper.Terminal.PrintI64"), rt::findRuntimeFunction("rt_print_i64"));
  EXPECT_EQ(rt::findRuntimeFunction("Viper.Console.PrintI64"), rt::findRuntimeFunction("rt_print_i64"));
  EXPECT_EQ(rt::findRuntimeFunction("rt_instr2"), rt::findRuntimeFunction("Viper.String.IndexOf"));
  EXPECT_EQ(rt::findRuntimeFunction("Viper.Graphics.Nope"), nullptr);
  auto sig = rt::runtimeSignature("Viper.String.MidLen");
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->ret, il::Type::Str);
  EXPECT_EQ(sig->params, (std::vector<il::Type>{il::Type::Str, il::Type::I64, il::Type::I64}));
  EXPECT_GT(rt::runtimeFunctionCount(), 150u);
}

TEST(Format, IntegersAtEveryDigitCountAndBothEnds) {
  std::vector<int64_t> values = {0, 1, -1, 9, 10, 99, 100, -100, 101, 999, 1000, INT64_MAX, INT64_MIN, INT64_MIN + 1};
  for (int64_t p = 1; p <= INT64_MAX / 10; p *= 10)
    for (int64_t v : {p - 1, p, p + 1, 7 * p + 3}) { values.push_back(v); values.push_back(-v); }
  for (int64_t v : values) EXPECT_EQ(rt::formatI64(v), std::to_string(v)) << v;
  EXPECT_EQ(rt::formatI64(INT64_MIN), "-9223372036854775808");
}

TEST(Format, PrintAndShortestForms) {
  EXPECT_EQ(rt::formatF64Print(0.1 + 0.2), "0.3");
  EXPECT_EQ(rt::formatF64Print(1e15), "1e+15");
  EXPECT_EQ(rt::formatF64Print(100.0), "100");
  EXPECT_EQ(rt::formatF64Print(-0.0), "-0");
  EXPECT_EQ(rt::formatF64Print(1.0 / 7), "0.142857142857143");
  EXPECT_EQ(rt::formatF64Shortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(rt::formatF64Shortest(100.0), "100");
  EXPECT_EQ(rt::formatF64Shortest(1e20), "1e+20");
  EXPECT_EQ(rt::formatF64Shortest(-HUGE_VAL), "-Inf");
  EXPECT_EQ(rt::formatF64Shortest(std::nan("")), "NaN");
}

TEST(Format, RoundHalfEven) {
  EXPECT_EQ(rt::roundHalfEven(2.5), 2.0);
  EXPECT_EQ(rt::roundHalfEven(3.5), 4.0);
  EXPECT_EQ(rt::roundHalfEven(-2.5), -2.0);
  EXPECT_EQ(rt::roundHalfEven(2.4999), 2.0);
}

TEST(Strings, ConcatConsumesOperandsAndCountsBalance) {
  Rt r;
  Slot a = r.str("ab"), b = r.str("cd");
  EXPECT_EQ(r.ctx.liveStrings, 2);
  EXPECT_EQ(r.take(r.call("Viper.String.Concat", {a, b})), "abcd");
  EXPECT_EQ(r.ctx.liveStrings, 0);
}

TEST(Strings, ImmortalAndNullAreSafe) {
  Rt r;
  rt::Str imm = rt::strNewImmortal("lit");
  rt::strRelease(r.ctx, imm);
  rt::strRetain(imm);
  rt::strRelease(r.ctx, nullptr);
  EXPECT_EQ(rt::strView(imm), "lit");
  EXPECT_EQ(r.call("Viper.String.get_Length", {rt::slotP(nullptr)}).i, 0);
  rt::strFreeImmortal(imm);
}

TEST(Strings, HelpersTrapWithMessages) {
  Rt r;
  Slot s = r.str("abc");
  r.call("Viper.String.Mid", {s, rt::slotI(0)});
  EXPECT_TRUE(r.ctx.trap().active);
  EXPECT_EQ(r.ctx.trap().kind, rt::TrapKind::DomainError);
  EXPECT_EQ(r.ctx.trap().message, "MID$: start must be >= 1 (got 0)");
  r.ctx.trap().active = false;
  r.call("Viper.String.Chr", {rt::slotI(300)});
  EXPECT_EQ(r.ctx.trap().message, "CHR$: code must be 0-255 (got 300)");
  r.take(s);
}

TEST(Strings, MidCountsCodePoints) {
  Rt r;
  Slot s = r.str("h\xC3\xA9llo");
  EXPECT_EQ(r.take(r.call("Viper.String.MidLen", {s, rt::slotI(2), rt::slotI(2)})), "\xC3\xA9l");
  r.take(s);
}

TEST(Console, ReadLineStripsNewlineAndReturnsNullAtEof) {
  Rt r;
  EXPECT_EQ(r.take(r.call("Viper.Terminal.ReadLine", {})), "line one");
  EXPECT_EQ(r.take(r.call("Viper.Terminal.ReadLine", {})), "second");
  EXPECT_EQ(r.call("Viper.Terminal.ReadLine", {}).p, nullptr);
}

TEST(Console, PrintFormats) {
  Rt r;
  r.call("Viper.Terminal.PrintI64", {rt::slotI(-5)});
  r.call("Viper.Terminal.PrintF64", {rt::slotF(2.5)});
  r.call("Viper.Terminal.SayBool", {rt::slotI(1)});
  EXPECT_EQ(r.out.text, "-52.5true\n");
}

TEST(Convert, ToInt64Traps) {
  Rt r;
  Slot bad = r.str("12x");
  r.call("Viper.Core.Convert.ToInt64", {bad});
  EXPECT_TRUE(r.ctx.trap().active);
  EXPECT_EQ(r.ctx.trap().message, "INPUT: expected numeric value");
  r.take(bad);
}

TEST(Random, SpecifiedSequence) {
  Rt r;
  r.call("Viper.Math.Randomize", {rt::slotI(42)});
  EXPECT_EQ(rt::formatF64Print(r.call("Viper.Math.Rnd", {}).f), "0.490021671765614");
  EXPECT_EQ(rt::formatF64Print(r.call("rt_rnd", {}).f), "0.468765184645378");
}

TEST(Random, EachContextHasItsOwnGenerator) {
  Rt a, b;
  a.call("Viper.Math.Randomize", {rt::slotI(1)});
  b.call("Viper.Math.Randomize", {rt::slotI(1)});
  double a1 = a.call("Viper.Math.Rnd", {}).f;
  a.call("Viper.Math.Rnd", {});  // advancing a must not disturb b
  EXPECT_EQ(b.call("Viper.Math.Rnd", {}).f, a1);
}

TEST(Arrays, BoundsAndHandleValidation) {
  Rt r;
  Slot arr = r.call("rt_arr_i64_new", {rt::slotI(3)});
  r.call("rt_arr_i64_set", {arr, rt::slotI(2), rt::slotI(9)});
  EXPECT_EQ(r.call("rt_arr_i64_get", {arr, rt::slotI(2)}).i, 9);
  r.call("rt_arr_i64_get", {arr, rt::slotI(3)});
  EXPECT_TRUE(r.ctx.trap().active);
  r.ctx.trap().active = false;
  int64_t local = 0;
  r.call("rt_arr_i64_get", {rt::slotP(&local), rt::slotI(0)});
  EXPECT_EQ(r.ctx.trap().kind, rt::TrapKind::InvalidOperation);
  r.call("rt_arr_i64_release", {arr});
}

TEST(Memory, RegionsValidateRanges) {
  rt::MemoryRegions m;
  char block[32] = {};
  char *buf = block + 8;  // registered: block[8..24)
  m.add(buf, 16);
  EXPECT_TRUE(m.contains(buf, 16));
  EXPECT_TRUE(m.contains(buf + 8, 8));
  EXPECT_FALSE(m.contains(buf + 9, 8));
  EXPECT_FALSE(m.contains(block + 7, 1));
  m.remove(buf);
  EXPECT_FALSE(m.contains(buf, 1));
}

// contains() caches the regions it found; removing or resizing one region must forget it
// (and only it), whatever its size.
TEST(Memory, RegionCacheForgetsRemovedAndResizedRegions) {
  rt::MemoryRegions m;
  alignas(64) static char arena[1 << 20];  // the test's own bytes, never accessed
  char *a = arena, *b = arena + 128, *big = arena + 4096;
  m.add(a, 64);
  m.add(b, 64);
  m.add(big, 600000);  // more granules than the cache has entries
  EXPECT_TRUE(m.contains(a + 8, 8));
  EXPECT_TRUE(m.contains(b + 8, 8));
  EXPECT_TRUE(m.contains(big + 300000, 8));
  m.remove(a);  // freeing one object
  EXPECT_FALSE(m.contains(a + 8, 8));
  EXPECT_FALSE(m.contains(a, 1));
  EXPECT_TRUE(m.contains(b + 8, 8));
  m.add(b, 16);  // re-registered smaller
  EXPECT_FALSE(m.contains(b + 32, 8));
  EXPECT_TRUE(m.contains(b + 8, 8));
  m.remove(big);
  EXPECT_FALSE(m.contains(big + 300000, 8));
  EXPECT_FALSE(m.contains(big, 8));
  EXPECT_TRUE(m.contains(b, 16));
  // Many frees of small regions at the same addresses: each one forgotten.
  for (int i = 0; i < 100000; ++i) {
    m.add(a, 32);
    EXPECT_TRUE(m.contains(a + 24, 8));
    m.remove(a);
    ASSERT_FALSE(m.contains(a + 24, 8)) << i;
  }
}

// The map rows trust their last map's blocks while watchEpoch() stands still: removing or
// re-registering a watched block must move it, and other blocks must not.
TEST(Memory, WatchEpochMovesOnlyForWatchedBlocks) {
  rt::MemoryRegions m;
  alignas(64) static char arena[4096];
  char *h = arena, *keys = arena + 256, *other = arena + 512, *big = arena + 1024;
  m.add(h, 56, true);
  m.add(keys, 64, true);
  m.add(other, 16, true);
  m.add(big, 2048, true);
  m.watch(h, keys, nullptr, big);
  const uint64_t e0 = m.watchEpoch();
  m.remove(other);  // a box freed elsewhere
  m.add(other, 16, true);
  EXPECT_EQ(m.watchEpoch(), e0);
  m.remove(keys);  // the keys block freed
  const uint64_t e1 = m.watchEpoch();
  EXPECT_NE(e1, e0);
  m.add(keys, 64, true);  // a new block at the same address is not the one checked
  m.add(h, 32, true);     // re-registered (resized) in place
  EXPECT_NE(m.watchEpoch(), e1);
  const uint64_t e2 = m.watchEpoch();
  m.remove(big);  // a large region
  EXPECT_NE(m.watchEpoch(), e2);
}

// Small regions live in a granule-keyed hash table, large ones in an ordered map. Against
// a plain list of ranges, random adds (small, large, straddling granule boundaries, many
// in one granule, re-adds that change a region's size class) and removes must answer
// every contains, bytesAvailable, isBlockStart and heapBlocks question the same way.
TEST(Memory, RegionsAgreeWithAListOfRangesUnderRandomAddsAndRemoves) {
  struct Range { uintptr_t base; size_t size; bool heap; };
  alignas(256) static char arena[1 << 16];
  const auto lo = reinterpret_cast<uintptr_t>(arena);
  rt::MemoryRegions m;
  std::vector<Range> model;
  uint64_t seed = 12345;
  auto next = [&](uint64_t n) { seed = seed * 6364136223846793005ull + 1442695040888963407ull; return (seed >> 33) % n; };
  auto overlaps = [&](uintptr_t b, size_t n) {  // regions may touch (one ends where one starts)
    for (const auto &r : model)
      if (r.base != b && b < r.base + r.size && r.base < b + n) return true;
    return false;
  };
  for (int step = 0; step < 20000; ++step) {
    const uint64_t what = next(10);
    if (what < 4 || model.empty()) {
      // Sizes in whole words half the time, so regions often end exactly where another starts.
      const size_t size = next(4) == 0 ? 256 + next(3000) : next(2) ? 8 * next(33) : next(257);
      const uintptr_t base = lo + 8 * next((sizeof arena - 4096) / 8);
      if (overlaps(base, size)) continue;  // the runtime's regions never overlap
      const bool heap = next(2) == 0;
      m.add(reinterpret_cast<void *>(base), size, heap);
      auto it = std::find_if(model.begin(), model.end(), [&](const Range &r) { return r.base == base; });
      if (it != model.end()) *it = {base, size, heap};
      else model.push_back({base, size, heap});
    } else if (what < 6) {
      const size_t k = next(model.size());
      m.remove(reinterpret_cast<void *>(model[k].base));
      model.erase(model.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      // Often a region's first or last byte or its end, where neighbours meet.
      uintptr_t a = lo + next(sizeof arena - 64);
      if (next(2)) {
        const Range &r = model[next(model.size())];
        a = r.base + (next(3) == 0 ? 0 : next(2) ? r.size : (r.size ? r.size - 1 : 0));
      }
      const size_t n = next(17);
      bool want = false, start = false, startsHere = false;
      size_t avail = 0;
      for (const auto &r : model) {
        if (a >= r.base && a - r.base <= r.size && r.size - (a - r.base) >= n) want = true;
        // bytesAvailable: a region starting at a, else one holding a or ending there.
        if (a == r.base) avail = r.size, startsHere = true;
        else if (!startsHere && a > r.base && a - r.base <= r.size) avail = r.size - (a - r.base);
        if (a == r.base && r.heap) start = true;
      }
      ASSERT_EQ(m.contains(reinterpret_cast<void *>(a), n), want) << "step " << step;
      ASSERT_EQ(m.bytesAvailable(reinterpret_cast<void *>(a)), avail) << "step " << step;
      ASSERT_EQ(m.isBlockStart(reinterpret_cast<void *>(a)), start) << "step " << step;
    }
  }
  std::vector<void *> heap = m.heapBlocks(), want;
  for (const auto &r : model) if (r.heap) want.push_back(reinterpret_cast<void *>(r.base));
  std::sort(heap.begin(), heap.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(heap, want);
}

TEST(Environment, VariablesBelongToTheContextNotTheProcess) {
  Rt a, b;
  Slot name = a.str("VIPER_UNIT_ENV_ONLY_HERE"), one = a.str("1"), nameB = b.str("VIPER_UNIT_ENV_ONLY_HERE");
  a.call("Viper.System.Environment.SetVariable", {name, one});
  EXPECT_EQ(a.call("Viper.System.Environment.HasVariable", {name}).i, 1);
  EXPECT_EQ(a.take(a.call("Viper.System.Environment.GetVariable", {name})), "1");
  EXPECT_EQ(b.call("Viper.System.Environment.HasVariable", {nameB}).i, 0);
  EXPECT_EQ(std::getenv("VIPER_UNIT_ENV_ONLY_HERE"), nullptr);
  Slot nul = rt::slotP(rt::strNew(a.ctx, std::string_view("A\0B", 3)));
  a.call("Viper.System.Environment.GetVariable", {nul});
  EXPECT_TRUE(a.ctx.trap().active);
  EXPECT_EQ(a.ctx.trap().kind, rt::TrapKind::DomainError);
  EXPECT_EQ(a.ctx.trap().message, "Viper.System.Environment.GetVariable: variable name contains a NUL byte");
  for (Slot s : {name, one, nul}) a.take(s);
  b.take(nameB);
  EXPECT_EQ(a.ctx.liveStrings, 0);
}

TEST(Environment, ArgumentsComeFromTheContext) {
  Rt r;
  r.ctx.args = {"one", "two three"};
  EXPECT_EQ(r.call("Viper.System.Environment.GetArgumentCount", {}).i, 2);
  EXPECT_EQ(r.take(r.call("Viper.System.Environment.GetArgument", {rt::slotI(1)})), "two three");
  EXPECT_EQ(r.take(r.call("Viper.System.Environment.GetCommandLine", {})), "one two three");
  r.call("Viper.System.Environment.GetArgument", {rt::slotI(2)});
  EXPECT_EQ(r.ctx.trap().kind, rt::TrapKind::DomainError);
  EXPECT_EQ(r.ctx.trap().message, "Viper.System.Environment.GetArgument: index 2 out of range (argument count 2)");
}

TEST(Environment, ExitIsAPendingRequestNotATrap) {
  Rt r;
  r.call("Viper.System.Environment.Exit", {rt::slotI(9)});
  EXPECT_TRUE(r.ctx.trap().active);
  EXPECT_TRUE(r.ctx.trap().exit);
  EXPECT_EQ(r.ctx.trap().exitCode, 9);
  r.ctx.raise(rt::TrapKind::Overflow, "later");  // the pending exit wins
  EXPECT_TRUE(r.ctx.trap().exit);
  EXPECT_EQ(r.ctx.trap().message, "");
}

// rt_map_*: boxed keys by content (as List.Find), insertion order through removals and
// re-insertions, ownership (an overwritten value and a duplicate key box are freed).
TEST(Maps, HashMapKeepsInsertionOrderAndBoxEquality) {
  Rt r;
  auto box = [&](int64_t v) { return r.call("rt_box_i64", {rt::slotI(v)}); };
  Slot m = r.call("Viper.Collections.Map.New", {});
  ASSERT_NE(m.p, nullptr);
  const size_t blocks0 = r.ctx.memory.heapBlocks().size();
  for (int64_t i = 0; i < 1000; ++i) r.call("rt_map_set", {m, box(i), box(i * 10)});
  EXPECT_EQ(r.call("rt_map_count", {m}).i, 1000);
  for (int64_t i = 0; i < 1000; i += 2) {
    Slot k = box(i);
    EXPECT_TRUE(r.call("rt_map_remove", {m, k}).i & 1);
    EXPECT_FALSE(r.call("rt_map_remove", {m, k}).i & 1);
    r.call("rt_box_release", {k});
  }
  EXPECT_EQ(r.call("rt_map_count", {m}).i, 500);
  r.call("rt_map_set", {m, box(0), box(-1)});  // re-inserted: now last
  r.call("rt_map_set", {m, box(1), box(-2)});  // overwritten: keeps its place
  Slot k = box(1);
  Slot pos = r.call("rt_map_find", {m, k});
  ASSERT_GE(pos.i, 0);
  EXPECT_EQ(r.call("rt_unbox_i64", {r.call("rt_map_value_at", {m, pos})}).i, -2);
  Slot b = r.call("rt_box_i1", {rt::slotI(1)});  // a Boolean box is not the Integer 1
  EXPECT_FALSE(r.call("rt_map_has", {m, b}).i & 1);
  r.call("rt_box_release", {b});
  r.call("rt_box_release", {k});
  Slot keys = r.call("rt_map_keys", {m});
  ASSERT_EQ(r.call("rt_list_count", {keys}).i, 501);
  EXPECT_EQ(r.call("rt_unbox_i64", {r.call("rt_list_get", {keys, rt::slotI(0)})}).i, 1);
  EXPECT_EQ(r.call("rt_unbox_i64", {r.call("rt_list_get", {keys, rt::slotI(1)})}).i, 3);
  EXPECT_EQ(r.call("rt_unbox_i64", {r.call("rt_list_get", {keys, rt::slotI(500)})}).i, 0);
  r.call("rt_list_clear", {keys});
  Slot s = r.call("Viper.Collections.Map.New", {});
  r.call("rt_map_set", {s, r.call("rt_box_str", {r.str("ab")}), box(1)});
  Slot probe = r.call("rt_box_str", {r.str("ab")});
  EXPECT_TRUE(r.call("rt_map_has", {s, probe}).i & 1);
  r.call("rt_box_release", {probe});
  r.call("rt_map_clear", {m});
  r.call("rt_map_clear", {s});
  EXPECT_EQ(r.call("rt_map_count", {m}).i, 0);
  EXPECT_EQ(r.ctx.trap().message, "");
  // Only the maps' own blocks and the (emptied) keys list are left.
  EXPECT_LE(r.ctx.memory.heapBlocks().size(), blocks0 + 12);
  r.call("rt_map_count", {rt::slotP(nullptr)});
  EXPECT_NE(r.ctx.trap().message.find("rt_map_count"), std::string::npos);
}

} // namespace
} // namespace viper::test
