// The optimizer's passes as a specification: IL text in, the pass (or pipeline), the
// printed IL out; and every program means the same at -O0 and -O1 on both engines (same
// output, exit status and trap kind/message/source line).
#include "driver/languages.hpp"
#include "driver/session.hpp"
#include "il/parser.hpp"
#include "il/printer.hpp"
#include "il/verifier.hpp"
#include "passes/optimizer.hpp"
#include "runtime/registry.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

il::SignatureLookup lookup() {
  return [](std::string_view name) { return rt::runtimeSignature(name); };
}

bool verifies(const il::Module &m, std::string *why = nullptr) {
  DiagnosticEngine d;
  il::VerifyOptions o;
  o.refEffects = rt::runtimeRefEffect;
  bool ok = il::verifyModule(m, d, lookup(), o);
  if (!ok && why && !d.all().empty()) *why = d.all().front().message;
  return ok;
}

/// Parses `text`, runs `passes` (verifying after each) and returns the printed module
/// without its `il` line.
std::string opt(const std::string &input, const std::vector<std::string> &passes) {
  // A module needs a @main() (tests of a function with parameters call it @f).
  const std::string kMain = "\nfunc @main() -> i64 {\nentry:\n  ret 0\n}\n";
  const bool addMain = input.find("func @main(") == std::string::npos;
  const std::string text = addMain ? input + kMain.substr(1) : input;
  SourceManager sm;
  uint32_t id = sm.add("t.il", text);
  DiagnosticEngine d;
  il::Module m = il::parseModule(sm, id, d, lookup());
  EXPECT_FALSE(d.hasErrors()) << d.render(sm);
  std::string why;
  EXPECT_TRUE(verifies(m, &why)) << why;
  auto r = passes::runPasses(m, passes, [&](const il::Module &x) { return verifies(x, &why); });
  EXPECT_EQ(r.failedAfter, "") << why;
  std::string s = il::printModule(m);
  if (addMain && s.size() >= kMain.size() && s.compare(s.size() - kMain.size(), kMain.size(), kMain) == 0)
    s.resize(s.size() - kMain.size());
  return s.substr(s.find('\n') + 1);
}

struct Outcome {
  std::string out, trap;
  int exit = 0;
};

Outcome run(const std::string &text, const std::string &name, int level, driver::EngineKind engine) {
  driver::CompileRequest req;
  req.sources[name] = text;
  req.language = std::string(driver::languageForPath(name).name);
  req.wantTexts = false;
  req.optLevel = level;
  req.verifyEachPass = true;
  auto c = driver::compile(req);
  Outcome o;
  if (!c.ok) { o.trap = c.diagnosticsText; o.exit = -1; return o; }
  driver::StartOptions so;
  so.engine = engine;
  so.stdinClosed = true;
  auto s = driver::RunSession::start(c.program, so);
  auto r = s->resume();
  o.out = r.output;
  o.exit = r.exitCode;
  if (r.status == driver::SliceResult::Status::Trap) {
    // The kind, message and source position; the function/block/index part names
    // optimized code.
    const std::string &t = r.trap.text;
    size_t p = t.find(' ', t.find('@'));
    o.trap = p == std::string::npos ? t : t.substr(p);
  }
  return o;
}

void expectSameAtBothLevels(const std::string &text, const std::string &name = "t.il") {
  for (auto e : {driver::EngineKind::Reference, driver::EngineKind::Bytecode}) {
    Outcome a = run(text, name, 0, e), b = run(text, name, 1, e);
    EXPECT_EQ(a.exit, b.exit) << b.trap;
    EXPECT_EQ(a.out, b.out);
    EXPECT_EQ(a.trap, b.trap);
  }
}

// ---- SCCP ---------------------------------------------------------------------------

TEST(Sccp, FoldsThroughBlockParametersAndDecidedBranches) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  br next(2, 3)
next(%a:i64, %b:i64):
  %s = iadd.ovf %a, %b
  %c = scmp_gt %s, 4
  cbr %c, yes(%s), no
yes(%v:i64):
  %w = imul.ovf %v, 10
  call @Viper.Terminal.SayInt(%w)
  ret %w
no:
  call @Viper.Terminal.SayInt(0)
  ret 0
}
)";
  EXPECT_EQ(opt(text, {"sccp"}), R"(
extern @Viper.Terminal.SayInt(i64) -> void

func @main() -> i64 {
entry:
  br next(2, 3)
next(%a:i64, %b:i64):
  br yes(5)
yes(%v:i64):
  call @Viper.Terminal.SayInt(50)
  ret 50
}
)");
  expectSameAtBothLevels(text);
}

TEST(Sccp, LoopCarriedValuesAreNotConstant) {
  const char *text = R"(il 0.3.0
func @main() -> i64 {
entry:
  br head(0, 7)
head(%i:i64, %k:i64):
  %d = scmp_ge %i, 5
  cbr %d, out(%k), body
body:
  %i2 = iadd.ovf %i, 1
  br head(%i2, %k)
out(%r:i64):
  ret %r
}
)";
  EXPECT_EQ(opt(text, {"sccp"}), R"(
func @main() -> i64 {
entry:
  br head(0, 7)
head(%i:i64, %k:i64):
  %d = scmp_ge %i, 5
  cbr %d, out(7), body
body:
  %i2 = iadd.ovf %i, 1
  br head(%i2, 7)
out(%r:i64):
  ret 7
}
)");
}

// An overflow, a division by zero, a failing idx.chk and a failing checked cast all stay,
// at their lines, and still trap there.
TEST(Sccp, NeverFoldsATrapAway) {
  const char *ops[] = {"iadd.ovf 9223372036854775807, %one", "sdiv.chk0 %one, 0", "idx.chk %one, 2, 5",
                       "cast.si_narrow.chk 100000"};
  const char *types[] = {"", "", "", ":i16"};
  for (int k = 0; k < 4; ++k) {
    std::string text = std::string("il 0.3.0\nfunc @main() -> i64 {\nentry:\n  %one = iadd.ovf 0, 1\n  .loc 1 7 3\n  %t") +
                       types[k] + " = " + ops[k] + "\n  ret 0\n}\n";
    std::string out = opt(text, {"sccp", "dce", "simplifycfg", "peephole", "gvn", "licm"});
    EXPECT_NE(out.find(".loc 1 7 3\n  %t"), std::string::npos) << out;
    Outcome o = run(text, "t.il", 1, driver::EngineKind::Bytecode);
    EXPECT_EQ(o.exit, 1) << text;
    EXPECT_NE(o.trap.find("(t.il:7:3)"), std::string::npos) << o.trap;
    expectSameAtBothLevels(text);
  }
}

TEST(Sccp, NarrowConstantsStayTypedInCalls) {
  const char *text = R"(il 0.3.0
extern @rt_println_i32(i32) -> void
func @main() -> i64 {
entry:
  %a:i32 = iadd.ovf 40000, 2
  call @rt_println_i32(%a)
  ret 0
}
)";
  EXPECT_EQ(opt(text, {"sccp", "dce"}), R"(
extern @rt_println_i32(i32) -> void

func @main() -> i64 {
entry:
  %a:i32 = or 40002, 0
  call @rt_println_i32(%a)
  ret 0
}
)");
  expectSameAtBothLevels(text);
}

// ---- DCE ----------------------------------------------------------------------------

TEST(Dce, RemovesPureDeadCodeKeepsTrapsAndEffects) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @f(i64 %x) -> i64 {
entry(%x:i64):
  %dead = add %x, 1
  %dead2 = scmp_lt %dead, 3
  %mayTrap = iadd.ovf %x, 1
  %div = sdiv.chk0 %x, 7
  call @Viper.Terminal.SayInt(%x)
  br next(%x, %dead)
next(%a:i64, %unused:i64):
  ret %a
gone:
  ret 1
}
)";
  EXPECT_EQ(opt(text, {"dce"}), R"(
extern @Viper.Terminal.SayInt(i64) -> void

func @f(i64 %x) -> i64 {
entry(%x:i64):
  %mayTrap = iadd.ovf %x, 1
  call @Viper.Terminal.SayInt(%x)
  br next(%x)
next(%a:i64):
  ret %a
}
)");
}

// ---- CFG simplification --------------------------------------------------------------

TEST(SimplifyCfg, MergesChainsAndThreadsEmptyBlocks) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @f(i64 %x) -> i64 {
entry(%x:i64):
  %c = scmp_lt %x, 3
  cbr %c, hop(%x), other
hop(%h:i64):
  br join(%h)
other:
  br join(5)
join(%j:i64):
  call @Viper.Terminal.SayInt(%j)
  br tail
tail:
  .loc 1 4 1
  %k = iadd.ovf %j, 1
  ret %k
}
)";
  EXPECT_EQ(opt(text, {"simplifycfg"}), R"(
extern @Viper.Terminal.SayInt(i64) -> void

func @f(i64 %x) -> i64 {
entry(%x:i64):
  %c = scmp_lt %x, 3
  cbr %c, join(%x), join(5)
join(%j:i64):
  call @Viper.Terminal.SayInt(%j)
  .loc 1 4 1
  %k = iadd.ovf %j, 1
  ret %k
}
)");
}

// ---- copy propagation and peepholes --------------------------------------------------

TEST(Peephole, ExactIdentitiesOnly) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @Viper.Terminal.SayNum(f64) -> void
func @f(i64 %x, f64 %f) -> i64 {
entry(%x:i64, %f:f64):
  %a = iadd.ovf %x, 0
  %b = imul.ovf %a, 1
  %c = sdiv.chk0 %b, 1
  %d = isub.ovf %c, %c
  %g = fmul %f, 1.0
  %h = fadd %f, 0.0
  call @Viper.Terminal.SayInt(%c)
  call @Viper.Terminal.SayInt(%d)
  call @Viper.Terminal.SayNum(%g)
  call @Viper.Terminal.SayNum(%h)
  br same(%c)
same(%p:i64):
  ret %p
}
)";
  EXPECT_EQ(opt(text, {"peephole", "sccp", "dce"}), R"(
extern @Viper.Terminal.SayInt(i64) -> void
extern @Viper.Terminal.SayNum(f64) -> void

func @f(i64 %x, f64 %f) -> i64 {
entry(%x:i64, %f:f64):
  %g = fmul %f, 1.0
  %h = fadd %f, 0.0
  call @Viper.Terminal.SayInt(%x)
  call @Viper.Terminal.SayInt(0)
  call @Viper.Terminal.SayNum(%g)
  call @Viper.Terminal.SayNum(%h)
  br same
same:
  ret %x
}
)");
}

// Literals are immortal and null is nothing: counting their references does nothing. A
// retain of a string that may be a fresh one stays.
TEST(Peephole, DropsRetainAndReleaseOfLiteralsAndNullOnly) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.Say(str) -> void
extern @Viper.String.RetainMaybe(str) -> void
extern @Viper.String.ReleaseMaybe(str) -> void
func @f(str %s) -> void {
entry(%s:str):
  call @Viper.String.RetainMaybe("ab")
  call @Viper.String.ReleaseMaybe(null)
  call @Viper.String.RetainMaybe(%s)
  call @Viper.Terminal.Say(%s)
  call @Viper.String.ReleaseMaybe(%s)
  call @Viper.String.ReleaseMaybe("ab")
  ret
}
)";
  EXPECT_EQ(opt(text, {"peephole"}), R"(
extern @Viper.Terminal.Say(str) -> void
extern @Viper.String.RetainMaybe(str) -> void
extern @Viper.String.ReleaseMaybe(str) -> void

func @f(str %s) -> void {
entry(%s:str):
  call @Viper.String.RetainMaybe(%s)
  call @Viper.Terminal.Say(%s)
  call @Viper.String.ReleaseMaybe(%s)
  ret
}
)");
}

// A field read twice (`s.side * s.side`) is read once; a store or a call between two
// reads, a different offset or a pointer-typed load keeps both.
TEST(Gvn, MergesRepeatedLoadsOfOneAddressWithinABlockOnly) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @rt_obj_new_i64(i64, i64) -> ptr
func @f(ptr %o) -> i64 {
entry(%o:ptr):
  %a1 = gep %o, 16
  %v1 = load i64, %a1
  %a2 = gep %o, 16
  %v2 = load i64, %a2
  %sq = imul.ovf %v1, %v2
  %b1 = gep %o, 24
  %w1 = load i64, %b1
  store i64, %a1, 5
  %v3 = load i64, %a2
  call @Viper.Terminal.SayInt(%v3)
  %v4 = load i64, %a1
  %p1 = load ptr, %b1
  %p2 = load ptr, %b1
  %t = iadd.ovf %sq, %w1
  %t2 = iadd.ovf %t, %v4
  ret %t2
}
func @main() -> i64 {
entry:
  %o = call @rt_obj_new_i64(1, 32)
  %a = gep %o, 16
  store i64, %a, 7
  %b = gep %o, 24
  store i64, %b, 100
  %r = call @f(%o)
  call @Viper.Terminal.SayInt(%r)
  ret 0
}
)";
  std::string out = opt(text, {"gvn"});
  EXPECT_EQ(out.substr(out.find("func @f"), out.find("func @main") - out.find("func @f")), R"(func @f(ptr %o) -> i64 {
entry(%o:ptr):
  %a1 = gep %o, 16
  %v1 = load i64, %a1
  %a2 = gep %o, 16
  %sq = imul.ovf %v1, %v1
  %b1 = gep %o, 24
  %w1 = load i64, %b1
  store i64, %a1, 5
  %v3 = load i64, %a2
  call @Viper.Terminal.SayInt(%v3)
  %v4 = load i64, %a1
  %p1 = load ptr, %b1
  %p2 = load ptr, %b1
  %t = iadd.ovf %sq, %w1
  %t2 = iadd.ovf %t, %v4
  ret %t2
}

)");
  Outcome o = run(text, "t.il", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "5\n154\n");
  expectSameAtBothLevels(text);
}

// A block entered only from its dominator starts with the loads that dominator ended with
// (`if x > hi { return hi }` reads hi once); a join entered from two blocks does not, nor
// does a block after a call.
TEST(Gvn, CarriesLoadsIntoABlockWhoseOnlyWayInIsItsDominator) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @rt_obj_new_i64(i64, i64) -> ptr
func @clamp(ptr %o, i64 %x) -> i64 {
entry(%o:ptr, %x:i64):
  %a = gep %o, 16
  %hi = load i64, %a
  %big = scmp_gt %x, %hi
  cbr %big, high, low
high:
  %hi2 = load i64, %a
  br join(%hi2)
low:
  call @Viper.Terminal.SayInt(%x)
  %hi3 = load i64, %a
  br join(%hi3)
join(%j:i64):
  %hi4 = load i64, %a
  %s = iadd.ovf %j, %hi4
  ret %s
}
func @main() -> i64 {
entry:
  %o = call @rt_obj_new_i64(1, 32)
  %a = gep %o, 16
  store i64, %a, 10
  %r1 = call @clamp(%o, 50)
  call @Viper.Terminal.SayInt(%r1)
  %r2 = call @clamp(%o, 3)
  call @Viper.Terminal.SayInt(%r2)
  ret 0
}
)";
  std::string out = opt(text, {"gvn"});
  EXPECT_EQ(out.substr(out.find("func @clamp"), out.find("func @main") - out.find("func @clamp")), R"(func @clamp(ptr %o, i64 %x) -> i64 {
entry(%o:ptr, %x:i64):
  %a = gep %o, 16
  %hi = load i64, %a
  %big = scmp_gt %x, %hi
  cbr %big, high, low
high:
  br join(%hi)
low:
  call @Viper.Terminal.SayInt(%x)
  %hi3 = load i64, %a
  br join(%hi3)
join(%j:i64):
  %hi4 = load i64, %a
  %s = iadd.ovf %j, %hi4
  ret %s
}

)");
  Outcome o = run(text, "t.il", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "20\n3\n20\n");
  expectSameAtBothLevels(text);
}

// ---- unboxing at joins -----------------------------------------------------------------

// `o?.value ?? 7` as Zia lowers it: a box on the non-null path, null on the other, tested
// and unboxed after the join. The join gets an is-null flag and the value instead, and
// the box is not made.
const char *kOptionalChainCoalesce = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @rt_obj_new_i64(i64, i64) -> ptr
extern @Viper.Core.Object.IsNull(ptr) -> i1
extern @Viper.Core.Box.I64(i64) -> ptr
extern @Viper.Core.Box.ToI64(ptr) -> i64
func @f(ptr %o) -> i64 {
entry(%o:ptr):
  %n = call @Viper.Core.Object.IsNull(%o)
  cbr %n, chain_end(null), chain_ok
chain_ok:
  %a = gep %o, 16
  %v = load i64, %a
  %b = call @Viper.Core.Box.I64(%v)
  br chain_end(%b)
chain_end(%p:ptr):
  %z = call @Viper.Core.Object.IsNull(%p)
  cbr %z, done(7), some
some:
  %x = call @Viper.Core.Box.ToI64(%p)
  br done(%x)
done(%r:i64):
  ret %r
}
func @main() -> i64 {
entry:
  %o = call @rt_obj_new_i64(1, 32)
  %a = gep %o, 16
  store i64, %a, 42
  %r1 = call @f(%o)
  call @Viper.Terminal.SayInt(%r1)
  %r2 = call @f(null)
  call @Viper.Terminal.SayInt(%r2)
  ret 0
}
)";

TEST(Unbox, AJoinOfNullOrABoxGetsAFlagAndTheValue) {
  std::string out = opt(kOptionalChainCoalesce, {"unbox", "dce"});
  EXPECT_EQ(out.substr(out.find("func @f"), out.find("func @main") - out.find("func @f")), R"(func @f(ptr %o) -> i64 {
entry(%o:ptr):
  %n = call @Viper.Core.Object.IsNull(%o)
  cbr %n, chain_end(true, 0), chain_ok
chain_ok:
  %a = gep %o, 16
  %v = load i64, %a
  br chain_end(false, %v)
chain_end(%p.null:i1, %p.val:i64):
  cbr %p.null, done(7), some
some:
  br done(%p.val)
done(%r:i64):
  ret %r
}

)");
  Outcome o = run(kOptionalChainCoalesce, "t.il", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "42\n7\n");
  expectSameAtBothLevels(kOptionalChainCoalesce);
}

// Left alone: a read that a null would reach (it must still trap there), and a parameter
// with another use (here passed on to a call). A box used elsewhere too is still made.
TEST(Unbox, LeavesReadsANullReachesAndOtherUsesAlone) {
  std::string reachable = kOptionalChainCoalesce;
  const std::string test = "  %z = call @Viper.Core.Object.IsNull(%p)\n  cbr %z, done(7), some\n";
  ASSERT_NE(reachable.find(test), std::string::npos);
  reachable.replace(reachable.find(test), test.size(), "  br some\n");
  EXPECT_EQ(opt(reachable, {"unbox"}), opt(reachable, {}));
  std::string passedOn = kOptionalChainCoalesce;
  const std::string read = "  %x = call @Viper.Core.Box.ToI64(%p)\n";
  passedOn.replace(passedOn.find(read), read.size(), read + "  %again = call @Viper.Core.Object.IsNull(%p)\n  call @g(%p)\n");
  passedOn.replace(passedOn.find("func @main"), 0, "func @g(ptr %q) -> void {\nentry(%q:ptr):\n  ret\n}\n");
  EXPECT_EQ(opt(passedOn, {"unbox"}), opt(passedOn, {}));
  std::string boxUsed = kOptionalChainCoalesce;
  const std::string box = "  %b = call @Viper.Core.Box.I64(%v)\n";
  boxUsed.replace(boxUsed.find(box), box.size(), box + "  call @Viper.Core.Object.IsNull(%b)\n");
  const std::string out = opt(boxUsed, {"unbox"});
  EXPECT_NE(out.find("call @Viper.Core.Box.I64(%v)"), std::string::npos);
  EXPECT_NE(out.find("chain_end(%p:ptr, %p.null:i1, %p.val:i64)"), std::string::npos) << out;
  EXPECT_EQ(run(boxUsed, "t.il", 1, driver::EngineKind::Bytecode).out, "42\n7\n");
  expectSameAtBothLevels(boxUsed);
}

// ---- branch splitting ----------------------------------------------------------------

// `IF a AND b` (BASIC evaluates both): the and becomes two branches, the second compare
// moves into the new block (it is pure and only the and used it), nested and/or split one
// level per round; an and that something else also reads stays.
TEST(SplitCond, AndOrBecomeBranchesAndTheSecondTestRunsOnlyWhenItDecides) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @f(i64 %x, i64 %y) -> i64 {
entry(%x:i64, %y:i64):
  %a = scmp_gt %x, 0
  %b = scmp_lt %y, 10
  %c = icmp_ne %x, %y
  %ab = and %a, %b
  %abc = or %ab, %c
  cbr %abc, yes, no
yes:
  %k = icmp_eq %x, 3
  %kept = and %k, %a
  %z = zext1 %kept
  cbr %kept, three, no
three:
  ret %z
no:
  ret 0
}
func @main() -> i64 {
entry:
  %r1 = call @f(3, 20)
  %r2 = call @f(0, 5)
  %r3 = call @f(4, 4)
  %r4 = call @f(-1, -1)
  call @Viper.Terminal.SayInt(%r1)
  call @Viper.Terminal.SayInt(%r2)
  call @Viper.Terminal.SayInt(%r3)
  call @Viper.Terminal.SayInt(%r4)
  ret 0
}
)";
  std::string out = opt(text, {"splitcond"});
  EXPECT_EQ(out.substr(out.find("func @f"), out.find("func @main") - out.find("func @f")), R"(func @f(i64 %x, i64 %y) -> i64 {
entry(%x:i64, %y:i64):
  %a = scmp_gt %x, 0
  cbr %a, entry.and, entry.or
entry.and:
  %b = scmp_lt %y, 10
  cbr %b, yes, entry.or
entry.or:
  %c = icmp_ne %x, %y
  cbr %c, yes, no
yes:
  %k = icmp_eq %x, 3
  %kept = and %k, %a
  %z = zext1 %kept
  cbr %kept, three, no
three:
  ret %z
no:
  ret 0
}

)");
  Outcome o = run(text, "t.il", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "1\n0\n0\n0\n");
  expectSameAtBothLevels(text);
}

// `while cur != null` in Zia is a branch on icmp_eq(zext1 (RefEquals cur, null), 0): it
// becomes a branch on the compare itself with the targets swapped, as does one on
// `xor c, true`.
TEST(Peephole, BranchesOnANegatedConditionTestTheConditionWithTargetsSwapped) {
  const char *text = R"(il 0.3.0
func @f(i64 %x) -> i64 {
entry(%x:i64):
  %c = scmp_lt %x, 10
  %z = zext1 %c
  %n = icmp_eq %z, 0
  cbr %n, big, small
big:
  %d = icmp_eq %x, 20
  %nd = xor %d, true
  cbr %nd, other, twenty
twenty:
  ret 2
other:
  ret 1
small:
  ret 0
}
)";
  EXPECT_EQ(opt(text, {"peephole", "dce"}), R"(
func @f(i64 %x) -> i64 {
entry(%x:i64):
  %c = scmp_lt %x, 10
  cbr %c, small, big
big:
  %d = icmp_eq %x, 20
  cbr %d, twenty, other
twenty:
  ret 2
other:
  ret 1
small:
  ret 0
}
)");
  expectSameAtBothLevels(text);
}

// ---- value numbering -----------------------------------------------------------------

TEST(Gvn, MergesDominatedDuplicatesOnly) {
  const char *text = R"(il 0.3.0
func @f(i64 %x, i64 %y) -> i64 {
entry(%x:i64, %y:i64):
  %a = iadd.ovf %x, %y
  %c = scmp_lt %a, 10
  cbr %c, left, right
left:
  %b = iadd.ovf %y, %x
  %l = imul.ovf %b, 3
  br join(%l)
right:
  %r = imul.ovf %a, 3
  br join(%r)
join(%j:i64):
  %z = imul.ovf %a, 3
  %s = iadd.ovf %z, %j
  ret %s
}
)";
  EXPECT_EQ(opt(text, {"gvn"}), R"(
func @f(i64 %x, i64 %y) -> i64 {
entry(%x:i64, %y:i64):
  %a = iadd.ovf %x, %y
  %c = scmp_lt %a, 10
  cbr %c, left, right
left:
  %l = imul.ovf %a, 3
  br join(%l)
right:
  %r = imul.ovf %a, 3
  br join(%r)
join(%j:i64):
  %z = imul.ovf %a, 3
  %s = iadd.ovf %z, %j
  ret %s
}
)");
}

// ---- loop-invariant code motion -------------------------------------------------------

TEST(Licm, HoistsPureNonTrappingIntoANewPreheader) {
  const char *text = R"(il 0.3.0
func @f(i64 %n, i64 %k) -> i64 {
entry(%n:i64, %k:i64):
  %e = scmp_lt %n, 0
  cbr %e, head(0, 0), head(1, 0)
head(%i:i64, %s:i64):
  %d = scmp_ge %i, %n
  cbr %d, out, body
body:
  %inv = mul %k, 3
  %sh = shl %inv, 2
  %q = sdiv.chk0 %n, %k
  %t = add %s, %sh
  %t2 = iadd.ovf %t, %q
  %i2 = iadd.ovf %i, 1
  br head(%i2, %t2)
out:
  ret %s
}
)";
  EXPECT_EQ(opt(text, {"licm"}), R"(
func @f(i64 %n, i64 %k) -> i64 {
entry(%n:i64, %k:i64):
  %e = scmp_lt %n, 0
  cbr %e, ph.head(0, 0), ph.head(1, 0)
ph.head(%i.1:i64, %s.1:i64):
  %inv = mul %k, 3
  %sh = shl %inv, 2
  br head(%i.1, %s.1)
head(%i:i64, %s:i64):
  %d = scmp_ge %i, %n
  cbr %d, out, body
body:
  %q = sdiv.chk0 %n, %k
  %t = add %s, %sh
  %t2 = iadd.ovf %t, %q
  %i2 = iadd.ovf %i, 1
  br head(%i2, %t2)
out:
  ret %s
}
)");
}

// A remainder or quotient by a constant that is neither 0 nor -1 cannot trap, so it is
// hoisted (`pass % 4` in a method-dispatch loop); by -1 (MIN / -1 overflows) or by a
// variable it stays in the loop.
TEST(Licm, HoistsDivisionByASafeConstantOnly) {
  const char *text = R"(il 0.3.0
func @f(i64 %n, i64 %p) -> i64 {
entry(%n:i64, %p:i64):
  %e = scmp_lt %n, 0
  cbr %e, head(0, 0), head(1, 0)
head(%i:i64, %s:i64):
  %d = scmp_ge %i, %n
  cbr %d, out, body
body:
  %r = srem.chk0 %p, 4
  %q = sdiv.chk0 %p, -1
  %v = srem.chk0 %p, %n
  %t = add %s, %r
  %t2 = add %t, %q
  %t3 = add %t2, %v
  %i2 = iadd.ovf %i, 1
  br head(%i2, %t3)
out:
  ret %s
}
)";
  EXPECT_EQ(opt(text, {"licm"}), R"(
func @f(i64 %n, i64 %p) -> i64 {
entry(%n:i64, %p:i64):
  %e = scmp_lt %n, 0
  cbr %e, ph.head(0, 0), ph.head(1, 0)
ph.head(%i.1:i64, %s.1:i64):
  %r = srem.chk0 %p, 4
  br head(%i.1, %s.1)
head(%i:i64, %s:i64):
  %d = scmp_ge %i, %n
  cbr %d, out, body
body:
  %q = sdiv.chk0 %p, -1
  %v = srem.chk0 %p, %n
  %t = add %s, %r
  %t2 = add %t, %q
  %t3 = add %t2, %v
  %i2 = iadd.ovf %i, 1
  br head(%i2, %t3)
out:
  ret %s
}
)");
}

// ---- loop unswitching ------------------------------------------------------------------

// A FOR loop with a variable STEP, as BASIC lowers it: the loop test selects between
// `j <= limit` and `j >= limit` by the sign of the step, decided before the loop.
const char *kVariableStepLoop = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @f(i64 %from, i64 %limit, i64 %step) -> i64 {
entry(%from:i64, %limit:i64, %step:i64):
  %up = scmp_ge %step, 0
  br head(%from, 0)
head(%j:i64, %s:i64):
  %le = scmp_le %j, %limit
  %ge = scmp_ge %j, %limit
  %go = select i1, %up, %le, %ge
  cbr %go, body, out(%s)
body:
  %s2 = iadd.ovf %s, %j
  %j2 = iadd.ovf %j, %step
  br head(%j2, %s2)
out(%r:i64):
  ret %r
}
func @main() -> i64 {
entry:
  %a = call @f(1, 10, 3)
  call @Viper.Terminal.SayInt(%a)
  %b = call @f(10, 1, -4)
  call @Viper.Terminal.SayInt(%b)
  %c = call @f(5, 5, 1)
  call @Viper.Terminal.SayInt(%c)
  ret 0
}
)";

TEST(Unswitch, CopiesALoopOncePerOutcomeOfItsInvariantTest) {
  std::string out = opt(kVariableStepLoop, {"unswitch", "peephole", "dce"});
  const size_t at = out.find("func @f");
  const std::string f = out.substr(at, out.find("func @main") - at);
  EXPECT_EQ(f, R"(func @f(i64 %from, i64 %limit, i64 %step) -> i64 {
entry(%from:i64, %limit:i64, %step:i64):
  %up = scmp_ge %step, 0
  cbr %up, head(%from, 0), us.head(%from, 0)
head(%j:i64, %s:i64):
  %le = scmp_le %j, %limit
  cbr %le, body, out(%s)
body:
  %s2 = iadd.ovf %s, %j
  %j2 = iadd.ovf %j, %step
  br head(%j2, %s2)
us.head(%j.1:i64, %s.1:i64):
  %ge.1 = scmp_ge %j.1, %limit
  cbr %ge.1, us.body, out(%s.1)
us.body:
  %s2.1 = iadd.ovf %s.1, %j.1
  %j2.1 = iadd.ovf %j.1, %step
  br us.head(%j2.1, %s2.1)
out(%r:i64):
  ret %r
}

)") << out;
}

TEST(Unswitch, MeansTheSameAtO0AndO1AndSpendsNoMoreUnits) {
  expectSameAtBothLevels(kVariableStepLoop);
  // A budget that just suffices at -O0 suffices at -O1 (the copy keeps every edge's
  // direction, so no iteration costs more).
  for (int level : {0, 1}) {
    driver::CompileRequest req;
    req.sources["t.il"] = kVariableStepLoop;
    req.language = "il";
    req.optLevel = level;
    req.verifyEachPass = true;
    auto c = driver::compile(req);
    ASSERT_TRUE(c.ok) << c.diagnosticsText;
    for (auto e : {driver::EngineKind::Reference, driver::EngineKind::Bytecode}) {
      driver::StartOptions so;
      so.engine = e;
      so.stdinClosed = true;
      auto s = driver::RunSession::start(c.program, so);
      uint64_t slices = 0;
      driver::SliceResult r;
      std::string out;
      while ((r = s->resume(1)).status == driver::SliceResult::Status::Running) {
        out += r.output;
        ++slices;
      }
      out += r.output;
      EXPECT_EQ(out, "22\n18\n5\n");
      // 3 calls of @f, 4 + 3 + 1 back edges.
      EXPECT_LE(slices, 3u + 8u) << "level " << level;
    }
  }
}

TEST(Unswitch, LeavesLoopsWithTwoInvariantTestsOrValuesUsedAfterThem) {
  // Two different invariant conditions: copying for one would leave the other, and
  // optimizing the result again would copy again.
  const char *two = R"(il 0.3.0
func @f(i64 %n, i1 %a, i1 %b) -> i64 {
entry(%n:i64, %a:i1, %b:i1):
  br head(0)
head(%i:i64):
  %x = select i64, %a, 1, 2
  %y = select i64, %b, %x, 3
  %i2 = iadd.ovf %i, %y
  %m = scmp_lt %i2, %n
  cbr %m, head(%i2), out
out:
  ret %i
}
)";
  EXPECT_EQ(opt(two, {"unswitch"}), opt(two, {}));
  // %i2 is made in the loop and read after it without a block argument.
  const char *escapes = R"(il 0.3.0
func @f(i64 %n, i1 %a) -> i64 {
entry(%n:i64, %a:i1):
  br head(0)
head(%i:i64):
  %y = select i64, %a, 1, 2
  %i2 = iadd.ovf %i, %y
  %m = scmp_lt %i2, %n
  cbr %m, head(%i2), out
out:
  ret %i2
}
)";
  EXPECT_EQ(opt(escapes, {"unswitch"}), opt(escapes, {}));
}

// ---- inlining ---------------------------------------------------------------------------

TEST(Inline, SmallFunctionsNotRecursiveOnes) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @sq(i64 %v) -> i64 {
entry(%v:i64):
  .loc 1 2 1
  %r = imul.ovf %v, %v
  ret %r
}
func @fact(i64 %n) -> i64 {
entry(%n:i64):
  %z = scmp_le %n, 1
  cbr %z, base, rec
base:
  ret 1
rec:
  %m = isub.ovf %n, 1
  %f = call @fact(%m)
  %p = imul.ovf %n, %f
  ret %p
}
func @main() -> i64 {
entry:
  %a = call @sq(7)
  %b = call @fact(5)
  %c = iadd.ovf %a, %b
  call @Viper.Terminal.SayInt(%c)
  %big = call @sq(4000000000)
  ret 0
}
)";
  std::string out = opt(text, {"inline"});
  EXPECT_EQ(out.substr(out.find("func @main")), R"(func @main() -> i64 {
entry:
  br inl1.sq.entry
inl1.sq.entry:
  .loc 1 2 1
  %r = imul.ovf 7, 7
  br ret1.entry(%r)
ret1.entry(%a:i64):
  %b = call @fact(5)
  %c = iadd.ovf %a, %b
  call @Viper.Terminal.SayInt(%c)
  br inl2.sq.entry
inl2.sq.entry:
  %r.1 = imul.ovf 4000000000, 4000000000
  br ret2.ret1.entry(%r.1)
ret2.ret1.entry(%big:i64):
  ret 0
}
)");
  // After the cleanup the overflow in the inlined square still traps at sq's line 2.
  Outcome o = run(text, "t.il", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "169\n");
  EXPECT_NE(o.trap.find("(t.il:2:1)"), std::string::npos) << o.trap;
  expectSameAtBothLevels(text);
}

// A variable's release helper called on `null` (a slot's old value at its first
// assignment) inlines, and its null test then decides the branch: nothing is left. A
// helper that reads through its parameter is not given a literal null.
TEST(Inline, NullArgumentsPassWhereTheParameterIsNoAddressAndTheNullTestFolds) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
extern @Viper.Core.Object.IsNull(ptr) -> i1
extern @rt_obj_release_check0(ptr) -> i1
extern @rt_obj_free(ptr) -> void
func @release(ptr %p) -> void {
entry(%p:ptr):
  %z = call @Viper.Core.Object.IsNull(%p)
  cbr %z, done, live
live:
  %last = call @rt_obj_release_check0(%p)
  cbr %last, free, done
free:
  call @rt_obj_free(%p)
  br done
done:
  ret
}
func @first(ptr %p) -> i64 {
entry(%p:ptr):
  %v = load i64, %p
  ret %v
}
func @main() -> i64 {
entry:
  call @release(null)
  call @Viper.Terminal.SayInt(7)
  ret 0
}
)";
  std::string out = opt(text, {"inline", "sccp", "dce", "simplifycfg"});
  EXPECT_EQ(out.substr(out.find("func @main")), R"(func @main() -> i64 {
entry:
  call @Viper.Terminal.SayInt(7)
  ret 0
}
)");
  expectSameAtBothLevels(text);
  const char *loads = R"(il 0.3.0
func @first(ptr %p) -> i64 {
entry(%p:ptr):
  %v = load i64, %p
  ret %v
}
func @main() -> i64 {
entry:
  %v = call @first(null)
  ret %v
}
)";
  out = opt(loads, {"inline"});
  EXPECT_NE(out.find("call @first(null)"), std::string::npos) << out;
}

// ---- jump threading --------------------------------------------------------------------

// A flag loop. The entry passes the flag as the literal -1, so `head`'s test is decided
// on that edge; and `step`, entered only when `check` found its flag negative, passes
// that flag on, so `head`'s test is decided there too: both edges go straight to `body`,
// which reads head's parameters and so gets parameters of its own. The edge from
// `found` (its value unknown) still goes through `check`.
TEST(Thread, AnEdgeWhoseArgumentTheDominatingTestDecidedSkipsTheRetest) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @f(i64 %n) -> i64 {
entry(%n:i64):
  br head(%n, 0, -1)
head(%m:i64, %s:i64, %l:i64):
  %neg = scmp_lt %l, 0
  cbr %neg, body, done(%s)
body:
  %big = scmp_gt %m, 100
  cbr %big, check(%l), found
found:
  %hit = isub.ovf %s, 3
  br check(%hit)
check(%c:i64):
  %still = scmp_lt %c, 0
  cbr %still, step, done(%c)
step:
  %m2 = isub.ovf %m, 1
  %s2 = iadd.ovf %s, 1
  br head(%m2, %s2, %c)
done(%r:i64):
  ret %r
}
func @main() -> i64 {
entry:
  %a = call @f(103)
  %b = call @f(50)
  %c = call @f(105)
  call @Viper.Terminal.SayInt(%a)
  call @Viper.Terminal.SayInt(%b)
  call @Viper.Terminal.SayInt(%c)
  ret 0
}
)";
  std::string out = opt(text, {"thread"});
  EXPECT_NE(out.find("  br body(%n, -1, 0)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("body(%m.1:i64, %l.1:i64, %s.1:i64):"), std::string::npos) << out;
  EXPECT_NE(out.find("  br body(%m2, %c, %s2)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("  br check(%hit)\n"), std::string::npos) << out;
  Outcome o = run(text, "t.il", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "0\n0\n2\n");
  expectSameAtBothLevels(text);
}

// ---- block layout ----------------------------------------------------------------------

// Output, status and the number of budget-1 slices (units of work) of `text` after
// exactly `passes`, on one engine.
struct Sliced { std::string out; uint64_t slices = 0; };
Sliced slicedRun(const std::string &text, const std::vector<std::string> &passes, driver::EngineKind engine) {
  driver::CompileRequest req;
  req.sources["t.il"] = text;
  req.language = "il";
  req.passes = passes;
  req.verifyEachPass = true;
  auto c = driver::compile(req);
  EXPECT_TRUE(c.ok) << c.diagnosticsText;
  Sliced r;
  if (!c.ok) return r;
  driver::StartOptions so;
  so.engine = engine;
  so.stdinClosed = true;
  auto s = driver::RunSession::start(c.program, so);
  driver::SliceResult sr;
  while ((sr = s->resume(1)).status == driver::SliceResult::Status::Running) { r.out += sr.output; ++r.slices; }
  r.out += sr.output;
  return r;
}

// A loop whose exit block was laid out before its header: the header moves up behind the
// entry (its only predecessor so far), then the body (the successor that stays in the
// loop, though the exit has the lower number), then the exit. The exit edge, which went
// back, now goes forward, so it no longer spends a unit; the body's back edge still does,
// once per trip, on both engines.
TEST(Layout, SuccessorsFollowTheirBlockAndForwardEdgesStayForward) {
  const char *text = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  br head(0, 0)
done(%r:i64):
  call @Viper.Terminal.SayInt(%r)
  ret 0
head(%i:i64, %s:i64):
  %c = scmp_lt %i, 6
  cbr %c, body(%i, %s), done(%s)
body(%bi:i64, %bs:i64):
  %s2 = iadd.ovf %bs, %bi
  %i2 = iadd.ovf %bi, 1
  br head(%i2, %s2)
}
)";
  EXPECT_EQ(opt(text, {"layout"}), R"(
extern @Viper.Terminal.SayInt(i64) -> void

func @main() -> i64 {
entry:
  br head(0, 0)
head(%i:i64, %s:i64):
  %c = scmp_lt %i, 6
  cbr %c, body(%i, %s), done(%s)
body(%bi:i64, %bs:i64):
  %s2 = iadd.ovf %bs, %bi
  %i2 = iadd.ovf %bi, 1
  br head(%i2, %s2)
done(%r:i64):
  call @Viper.Terminal.SayInt(%r)
  ret 0
}
)");
  for (auto e : {driver::EngineKind::Reference, driver::EngineKind::Bytecode}) {
    Sliced before = slicedRun(text, {"dce"}, e), after = slicedRun(text, {"layout"}, e);
    EXPECT_EQ(before.out, "15\n");
    EXPECT_EQ(after.out, before.out);
    EXPECT_EQ(before.slices, 7u) << "six trips and the way out";
    EXPECT_EQ(after.slices, 6u) << "six trips";
  }
  expectSameAtBothLevels(text);
}

// ---- the pipeline --------------------------------------------------------------------

TEST(Pipeline, NamesAndLevels) {
  EXPECT_TRUE(passes::pipelineFor(0).empty());
  for (const auto &n : passes::pipelineFor(1)) EXPECT_NE(passes::findPass(n), nullptr) << n;
  std::vector<std::string> names;
  std::string err;
  EXPECT_TRUE(driver::parsePassList("sccp,dce", names, err));
  EXPECT_EQ(names, (std::vector<std::string>{"sccp", "dce"}));
  EXPECT_FALSE(driver::parsePassList("sccp,nope", names, err));
  EXPECT_NE(err.find("nope"), std::string::npos);
}

TEST(Pipeline, BasicTrapKeepsItsLineAtO1) {
  const std::string text = "X = 9223372036854775807\nY = 1\nPRINT 5\nZ = X + Y\nPRINT Z\n";
  expectSameAtBothLevels(text, "p.bas");
  Outcome o = run(text, "p.bas", 1, driver::EngineKind::Bytecode);
  EXPECT_EQ(o.out, "5\n");
  EXPECT_NE(o.trap.find("(p.bas:4:"), std::string::npos) << o.trap;
}

TEST(Pipeline, OptimizedIlOptimizesToItself) {
  for (const auto &p : listFiles("golden/il", ".il")) {
    SourceManager sm;
    uint32_t id = sm.add(p.filename().string(), readText(p));
    DiagnosticEngine d;
    auto m = driver::compileWith(driver::languageForPath(p.string()), sm, id, d, nullptr, driver::OptOptions{});
    if (!m) continue;
    std::string once = il::printModule(*m);
    SourceManager sm2;
    uint32_t id2 = sm2.add("again.il", once);
    DiagnosticEngine d2;
    auto m2 = driver::compileWith(driver::languageForPath("again.il"), sm2, id2, d2, nullptr, driver::OptOptions{});
    ASSERT_TRUE(m2.has_value()) << p << d2.render(sm2);
    EXPECT_EQ(il::printModule(*m2), once) << p;
  }
}

} // namespace
} // namespace viper::test
