// The string heap (runtime/context.hpp StringHeap, runtime/rt_string.cpp): the live-handle
// check against forged and released handles, chunk reuse, Concat's in-place append and the
// memory budget's accounting of strings.
#include "runtime/rt_string.hpp"
#include <cstdint>
#include <cstring>
#include <gtest/gtest.h>
#include <vector>

namespace viper::test {
namespace {

struct Heap {
  rt::StringSink out;
  rt::StringSource in;
  rt::Context ctx{out, in};
};

TEST(StringHeap, ForgedHandlesAreNotStrings) {
  Heap h;
  rt::Str s = rt::strNew(h.ctx, "hello");
  ASSERT_TRUE(h.ctx.isString(s));
  const auto a = reinterpret_cast<uintptr_t>(s);
  // Inside the string's own chunk but not a block start, inside its bytes, and integers a
  // program could forge: none is a string, and none of these checks reads the address.
  for (uintptr_t forged : {a + 1, a + 8, a + 24, a - 8, a + 4096, a - 4096, uintptr_t{8}, uintptr_t{4096},
                           uintptr_t{0xdeadbeef}, ~uintptr_t{0}, ~uintptr_t{0} - 7, a & ~uintptr_t{0xFFFF}})
    EXPECT_FALSE(h.ctx.isString(reinterpret_cast<void *>(forged))) << std::hex << forged;
  // A fake header written inside a string's bytes is not a block start either.
  rt::Str big = rt::strAlloc(h.ctx, 200);
  ASSERT_NE(big, nullptr);
  const int64_t fake[3] = {1, 1 << 30, 0};
  std::memcpy(big->bytes() + 8, fake, sizeof fake);
  EXPECT_FALSE(h.ctx.isString(big->bytes() + 8));
  rt::strRelease(h.ctx, s);
  rt::strRelease(h.ctx, big);
  EXPECT_EQ(h.ctx.liveStrings, 0);
}

TEST(StringHeap, ReleasedHandlesAreNotStringsUntilReused) {
  Heap h;
  std::vector<rt::Str> v;
  for (int i = 0; i < 5000; ++i) v.push_back(rt::strNew(h.ctx, "x" + std::to_string(i)));  // several chunks
  for (size_t i = 0; i < v.size(); i += 2) rt::strRelease(h.ctx, v[i]);
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(h.ctx.isString(v[i]), i % 2 == 1) << i;
  // A second release of a released handle is ignored (no double free, no count change).
  const int64_t live = h.ctx.liveStrings;
  rt::strRelease(h.ctx, v[0]);
  EXPECT_EQ(h.ctx.liveStrings, live);
  for (size_t i = 1; i < v.size(); i += 2) {
    EXPECT_EQ(rt::strView(v[i]), "x" + std::to_string(i));
    rt::strRelease(h.ctx, v[i]);
  }
  EXPECT_EQ(h.ctx.liveStrings, 0);
  EXPECT_EQ(h.ctx.memoryInUse(), 0u);
}

// Concat's releases skip the second heap lookup (its arguments were checked live), but
// x + x with x's only reference frees x at the first release: the second must not touch it
// (a long string is freed to malloc, so ASan would report a use after free).
TEST(StringHeap, ConcatOfAStringWithItselfConsumesOnlyWhatIsThere) {
  Heap h;
  for (int64_t len : {5, 3000}) {
    rt::Str x = rt::strAlloc(h.ctx, len);
    ASSERT_NE(x, nullptr);
    std::memset(x->bytes(), 'a', static_cast<size_t>(len));
    rt::Str xx = rt::strConcatConsume(h.ctx, x, x);
    ASSERT_NE(xx, nullptr);
    EXPECT_EQ(rt::strLen(xx), 2 * len);
    EXPECT_FALSE(h.ctx.isString(x) && x != xx);
    EXPECT_EQ(h.ctx.liveStrings, 1) << len;
    rt::strRelease(h.ctx, xx);
    EXPECT_EQ(h.ctx.liveStrings, 0) << len;
  }
  // With a third reference, y + y consumes two and leaves y as it was.
  rt::Str y = rt::strNew(h.ctx, "yz");
  rt::strRetain(y);
  rt::strRetain(y);
  rt::Str yy = rt::strConcatConsume(h.ctx, y, y);
  EXPECT_EQ(rt::strView(yy), "yzyz");
  EXPECT_EQ(rt::strView(y), "yz");
  EXPECT_EQ(y->refs, 1);
  EXPECT_EQ(h.ctx.liveStrings, 2);
  rt::strRelease(h.ctx, y);
  rt::strRelease(h.ctx, yy);
  EXPECT_EQ(h.ctx.memoryInUse(), 0u);
}

TEST(StringHeap, EverySizeClassAndLongStrings) {
  Heap h;
  std::vector<rt::Str> v;
  for (int64_t len : {0, 1, 7, 8, 9, 39, 40, 41, 100, 1000, 2000, 2023, 2024, 2025, 4096, 100000}) {
    rt::Str s = rt::strAlloc(h.ctx, len);
    ASSERT_NE(s, nullptr) << len;
    std::memset(s->bytes(), 'a', static_cast<size_t>(len));
    EXPECT_EQ(s->bytes()[len], '\0');
    EXPECT_TRUE(h.ctx.isString(s));
    EXPECT_FALSE(h.ctx.isString(reinterpret_cast<char *>(s) + 16));
    v.push_back(s);
  }
  for (rt::Str s : v) rt::strRelease(h.ctx, s);
  for (rt::Str s : v) EXPECT_FALSE(h.ctx.isString(s));
  EXPECT_EQ(h.ctx.memoryInUse(), 0u);
}

// The heap remembers the last two long or immortal handles it found, for loops that pass
// the same ones on every call; a handle released or forgotten is not remembered.
TEST(StringHeap, RecentlyCheckedLongStringsAreForgottenWhenFreed) {
  Heap h;
  rt::Str lit = rt::strNewImmortal("lit");
  h.ctx.noteString(lit);
  rt::Str a = rt::strAlloc(h.ctx, 5000), b = rt::strAlloc(h.ctx, 6000);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(h.ctx.isString(a));
    EXPECT_TRUE(h.ctx.isString(lit));
    EXPECT_TRUE(h.ctx.isString(b));
  }
  rt::strRelease(h.ctx, b);  // b and lit are the two remembered ones
  EXPECT_FALSE(h.ctx.isString(b));
  h.ctx.forgetString(lit);
  EXPECT_FALSE(h.ctx.isString(lit));
  EXPECT_TRUE(h.ctx.isString(a));
  rt::strRelease(h.ctx, a);
  EXPECT_FALSE(h.ctx.isString(a));
  rt::strFreeImmortal(lit);
  EXPECT_EQ(h.ctx.liveStrings, 0);
}

TEST(StringHeap, ImmortalsAreStringsWhileNoted) {
  Heap h;
  rt::Str lit = rt::strNewImmortal("lit");
  EXPECT_FALSE(h.ctx.isString(lit));
  h.ctx.noteString(lit);
  EXPECT_TRUE(h.ctx.isString(lit));
  rt::strRelease(h.ctx, lit);  // never freed
  EXPECT_TRUE(h.ctx.isString(lit));
  h.ctx.forgetString(lit);
  EXPECT_FALSE(h.ctx.isString(lit));
  rt::strFreeImmortal(lit);
}

TEST(StringHeap, ConcatAppendsInPlaceOnlyToAnUnsharedLeftOperand) {
  Heap h;
  rt::Str x = rt::strNew(h.ctx, "ab");
  rt::Str y = rt::strNew(h.ctx, "cd");
  rt::Str r = rt::strConcatConsume(h.ctx, x, y);
  EXPECT_EQ(r, x);  // x was the only reference: appended where it was
  EXPECT_EQ(rt::strView(r), "abcd");
  EXPECT_FALSE(h.ctx.isString(y));
  // A shared left operand is copied; the other reference still reads the old text.
  rt::strRetain(r);
  rt::Str lit = rt::strNewImmortal("!");
  h.ctx.noteString(lit);
  rt::Str r2 = rt::strConcatConsume(h.ctx, r, lit);
  EXPECT_NE(r2, r);
  EXPECT_EQ(rt::strView(r2), "abcd!");
  EXPECT_EQ(rt::strView(r), "abcd");
  // One held by an array is copied too.
  rt::strHold(r);
  rt::Str r3 = rt::strConcatConsume(h.ctx, r, lit);
  EXPECT_NE(r3, r);
  EXPECT_EQ(rt::strView(r), "abcd");
  rt::strDrop(h.ctx, r);
  rt::strRelease(h.ctx, r2);
  rt::strRelease(h.ctx, r3);
  h.ctx.forgetString(lit);
  rt::strFreeImmortal(lit);
  EXPECT_EQ(h.ctx.liveStrings, 0);
  EXPECT_EQ(h.ctx.memoryInUse(), 0u);
}

TEST(StringHeap, RepeatedAppendIsLinearAndCharged) {
  Heap h;
  rt::Str lit = rt::strNewImmortal("item,");
  h.ctx.noteString(lit);
  rt::Str s = rt::strNew(h.ctx, "");
  int moves = 0;
  for (int i = 0; i < 100000; ++i) {
    rt::Str next = rt::strConcatConsume(h.ctx, s, lit);
    ASSERT_NE(next, nullptr);
    moves += next != s;
    s = next;
  }
  EXPECT_EQ(rt::strLen(s), 500000);
  EXPECT_LT(moves, 60);  // geometric growth
  EXPECT_GE(h.ctx.memoryInUse(), 500000u);
  rt::strRelease(h.ctx, s);
  EXPECT_EQ(h.ctx.memoryInUse(), 0u);
  EXPECT_EQ(h.ctx.liveStrings, 0);
  h.ctx.forgetString(lit);
  rt::strFreeImmortal(lit);
}

TEST(StringHeap, AppendRespectsTheLimits) {
  Heap h;
  h.ctx.maxStringLength = 10;
  rt::Str lit = rt::strNewImmortal("abcd");
  h.ctx.noteString(lit);
  rt::Str s = rt::strNew(h.ctx, "abcd");
  s = rt::strConcatConsume(h.ctx, s, lit);
  EXPECT_EQ(rt::strLen(s), 8);
  rt::Str t = rt::strConcatConsume(h.ctx, s, lit);  // 12 > 10: the usual trap
  EXPECT_EQ(t, nullptr);
  EXPECT_TRUE(h.ctx.trap().active);
  EXPECT_EQ(h.ctx.liveStrings, 0);
  h.ctx.forgetString(lit);
  rt::strFreeImmortal(lit);
}

TEST(StringHeap, TheContextFreesWhatIsLeft) {
  Heap h;
  for (int i = 0; i < 3000; ++i) (void)rt::strNew(h.ctx, std::string(static_cast<size_t>(i % 3000), 'z'));
  EXPECT_EQ(h.ctx.liveStrings, 3000);
  rt::strFreeRemaining(h.ctx);
  EXPECT_EQ(h.ctx.liveStrings, 0);
  EXPECT_EQ(h.ctx.memoryInUse(), 0u);
}

} // namespace
} // namespace viper::test
