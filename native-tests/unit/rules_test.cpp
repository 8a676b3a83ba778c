// interpreters/common/rules: the run-time rules both engines share, stated once.
#include "interpreters/common/rules.hpp"
#include "runtime/rt_string.hpp"
#include <cstring>
#include <gtest/gtest.h>

namespace viper::test {
namespace {

using exec::Fault;

struct RulesFixture : ::testing::Test {
  rt::StringSink out;
  rt::StringSource in;
  rt::Context ctx{out, in};
  exec::AllocaStack stack;
  size_t top = 0;
  void SetUp() override { stack.reset(4096); }
};

TEST_F(RulesFixture, AllocaIsZeroedAlignedAndBounded) {
  void *a = nullptr, *b = nullptr, *c = nullptr;
  ASSERT_EQ(exec::allocate(stack, top, 3, a), Fault::None);
  ASSERT_EQ(exec::allocate(stack, top, 0, b), Fault::None);
  ASSERT_EQ(exec::allocate(stack, top, 0, c), Fault::None);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 16, 0u);
  EXPECT_NE(b, c);  // a zero-byte alloca still has its own address
  EXPECT_EQ(static_cast<uint8_t *>(a)[2], 0);
  void *d = nullptr;
  EXPECT_EQ(exec::allocate(stack, top, -1, d), Fault::AllocaNegative);
  EXPECT_EQ(exec::allocate(stack, top, 1 << 20, d), Fault::AllocaFull);
  EXPECT_EQ(exec::allocate(stack, top, INT64_MAX, d), Fault::AllocaFull);
}

TEST_F(RulesFixture, AccessMustBeAlignedAndInsideLiveMemory) {
  void *a = nullptr;
  ASSERT_EQ(exec::allocate(stack, top, 16, a), Fault::None);
  auto *p = static_cast<uint8_t *>(a);
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, p, 8), Fault::None);
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, p + 8, 8), Fault::None);
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, p + 16, 8), Fault::BadAddr);  // past the live top
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, p + 4, 8), Fault::Misaligned);
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, nullptr, 8), Fault::NullAddr);
  // Wild addresses (gep on null, offset -2^63) are compared, never dereferenced.
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, exec::offsetAddress(nullptr, 4096), 8), Fault::BadAddr);
  EXPECT_EQ(exec::checkAccess(stack, top, ctx, exec::offsetAddress(p, INT64_MIN), 8), Fault::BadAddr);
}

TEST_F(RulesFixture, StoreStrOwnsItsValue) {
  void *slot = nullptr;
  ASSERT_EQ(exec::allocate(stack, top, 8, slot), Fault::None);
  rt::Str s = rt::strNew(ctx, "kept");
  ASSERT_EQ(exec::storeString(ctx, slot, s), Fault::None);
  rt::strRelease(ctx, s);  // the slot's reference keeps it alive
  void *back = nullptr;
  ASSERT_EQ(exec::loadString(ctx, slot, back), Fault::None);
  EXPECT_EQ(rt::strView(static_cast<rt::Str>(back)), "kept");
  ASSERT_EQ(exec::storeString(ctx, slot, nullptr), Fault::None);  // releases "kept"
  EXPECT_FALSE(ctx.isString(back));
  int64_t forged = 4096;
  EXPECT_EQ(exec::storeString(ctx, slot, &forged), Fault::StoreNotString);
  std::memcpy(slot, &forged, 8);
  EXPECT_EQ(exec::loadString(ctx, slot, back), Fault::LoadNotString);
}

TEST_F(RulesFixture, ErrorRecordFields) {
  exec::ErrorRecord e{rt::TrapKind::Bounds, 7, 3, 12, "boom"};
  EXPECT_EQ(exec::errorField(ctx, e, exec::ErrorField::Kind).i, static_cast<int64_t>(rt::TrapKind::Bounds));
  EXPECT_EQ(exec::errorField(ctx, e, exec::ErrorField::Code).i, 7);
  EXPECT_EQ(exec::errorField(ctx, e, exec::ErrorField::Ip).i, 3);
  EXPECT_EQ(exec::errorField(ctx, e, exec::ErrorField::Line).i, 12);
  rt::Str msg = static_cast<rt::Str>(exec::errorField(ctx, e, exec::ErrorField::Message).p);
  EXPECT_EQ(rt::strView(msg), "boom");
  rt::strRelease(ctx, msg);
  EXPECT_EQ(exec::noError().line, -1);
}

TEST(Rules, FaultMessagesNameTheInstruction) {
  il::Instr in;
  in.op = il::Opcode::IAddOvf;
  EXPECT_EQ(exec::describeFault(Fault::Overflow, in).message, "integer overflow in iadd.ovf");
  in.op = il::Opcode::Store;
  exec::FaultTrap t = exec::describeFault(Fault::NullAddr, in);
  EXPECT_EQ(t.kind, rt::TrapKind::InvalidOperation);
  EXPECT_EQ(t.message, "null pointer in store");
  in.op = il::Opcode::IdxChk;
  t = exec::describeFault(Fault::Bounds, in, 5, 0, 5);
  EXPECT_EQ(t.kind, rt::TrapKind::Bounds);
  EXPECT_EQ(t.message, "index 5 out of bounds [0, 5)");
  EXPECT_EQ(exec::describeFault(Fault::RtNotString, in, 1, 0, 0, "Viper.Terminal.Say").message,
            "@Viper.Terminal.Say: argument 2 is not a live string");
}

} // namespace
} // namespace viper::test
