// Verifier: each rule of spec/il.md §9, accepted and rejected.
#include "il/verifier.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

struct Case {
  const char *name;
  const char *body;    ///< functions/declarations after the version line
  const char *error;   ///< expected message substring, or nullptr if it must verify
};

const Case kCases[] = {
    {"ok_minimal", "func @main() -> i64 {\nentry:\n  ret 0\n}", nullptr},
    {"dup_symbol", "global i64 @x\nfunc @x() -> void {\nentry:\n  ret\n}", "redefinition of function @x"},
    {"extern_sig_mismatch", "extern @f(i64) -> i64\nfunc @f(f64 %a) -> i64 {\nentry(%a:f64):\n  ret 0\n}", "does not match the signature"},
    {"extern_same_sig_ok", "extern @f(i64) -> i64\nfunc @f(i64 %a) -> i64 {\nentry(%a:i64):\n  ret %a\n}", nullptr},
    {"first_label", "func @f() -> void {\nbody:\n  ret\n}", "first block must be named"},
    {"dup_label", "func @f() -> void {\nentry:\n  br a\na:\n  ret\na:\n  ret\n}", "duplicate block label"},
    {"branch_to_entry", "func @f() -> void {\nentry:\n  br entry\n}", "branch to the entry block"},
    {"checked_width", "func @f() -> void {\nentry:\n  %a:i16 = iadd.ovf 1, 40000\n  ret\n}", "operand 2 must be i16"},
    {"checked_i1", "func @f() -> void {\nentry:\n  %a:i1 = iadd.ovf 1, 0\n  ret\n}", "instruction type must be i16, i32 or i64"},
    {"fadd_int_literal", "func @f() -> void {\nentry:\n  %a = fadd 1, 2.5\n  ret\n}", "left operand must be f64"},
    {"icmp_width_ok", "func @f(i32 %a) -> i1 {\nentry(%a:i32):\n  %c = icmp_eq %a, 3\n  ret %c\n}", nullptr},
    {"icmp_float", "func @f() -> void {\nentry:\n  %c = scmp_lt 1.0, 2\n  ret\n}", "must be i64"},
    {"cbr_i64", "func @f(i64 %a) -> void {\nentry(%a:i64):\n  cbr %a, x, x\nx:\n  ret\n}", "cbr condition must be i1"},
    {"zext_from_i64", "func @f() -> void {\nentry:\n  %z = zext1 5\n  ret\n}", "operand must be i1"},
    {"narrow_result", "func @f() -> void {\nentry:\n  %z:f64 = cast.si_narrow.chk 5\n  ret\n}", "result type must be an integer"},
    {"fp_to_si_i1", "func @f() -> void {\nentry:\n  %z:i1 = cast.fp_to_si.rte.chk 5.0\n  ret\n}", "result type must be i16, i32 or i64"},
    {"alloca_negative", "func @f() -> void {\nentry:\n  %p = alloca -1\n  ret\n}", "alloca size must be >= 0"},
    {"gep_base", "func @f() -> void {\nentry:\n  %p = gep 1, 2\n  ret\n}", "gep base must be ptr"},
    {"store_type", "func @f() -> void {\nentry:\n  %p = alloca 8\n  store f64, %p, 1\n  ret\n}", "stored value must be f64"},
    {"const_str_scalar", "global i64 @g\nfunc @f() -> void {\nentry:\n  %s = const_str @g\n  ret\n}", "needs a str global"},
    {"gaddr_string", "global const str @s = \"x\"\nfunc @f() -> void {\nentry:\n  %s = gaddr @s\n  ret\n}", "gaddr needs a scalar global"},
    {"unknown_global", "func @f() -> void {\nentry:\n  %s = gaddr @missing\n  ret\n}", "unknown global @missing"},
    {"const_null_i64", "func @f() -> void {\nentry:\n  %n:i64 = const_null\n  ret\n}", "const_null type must be"},
    {"ret_void_value", "func @f() -> void {\nentry:\n  ret 1\n}", "ret with a value in a void function"},
    {"ret_type", "func @f() -> f64 {\nentry:\n  ret 1\n}", "return value must be f64"},
    {"call_arg_exact", "func @g(i32 %a) -> void {\nentry(%a:i32):\n  ret\n}\nfunc @f() -> void {\nentry:\n  call @g(1)\n  ret\n}", "got an integer literal (i64)"},
    {"call_void_result", "func @g() -> void {\nentry:\n  ret\n}\nfunc @f() -> void {\nentry:\n  %r = call @g()\n  ret\n}", "void function has no result"},
    {"call_runtime_undeclared_ok", "func @f() -> void {\nentry:\n  call @Viper.Terminal.SayInt(1)\n  ret\n}", nullptr},
    {"runtime_obj_accepts_str", "extern @rt_obj_retain_maybe(ptr) -> void\nfunc @f() -> void {\nentry:\n  call @rt_obj_retain_maybe(\"s\")\n  ret\n}", nullptr},
    {"indirect_needs_sig", "func @f(ptr %p) -> void {\nentry(%p:ptr):\n  call.indirect %p()\n  ret\n}", "needs a signature"},
    {"indirect_direct_ok", "func @g() -> void {\nentry:\n  ret\n}\nfunc @f() -> void {\nentry:\n  call.indirect @g()\n  ret\n}", nullptr},
    {"switch_dup_case", "func @f() -> void {\nentry:\n  %k:i32 = cast.si_narrow.chk 1\n  switch.i32 %k, ^a, 1 -> ^a, 1 -> ^a\na:\n  ret\n}", "duplicate case value"},
    {"switch_case_range", "func @f() -> void {\nentry:\n  %k:i32 = cast.si_narrow.chk 1\n  switch.i32 %k, ^a, 4294967296 -> ^a\na:\n  ret\n}", "does not fit i32"},
    {"branch_arg_count", "func @f() -> void {\nentry:\n  br a(1, 2)\na(%x:i64):\n  ret\n}", "passes 2 argument(s)"},
    {"branch_literal_adapts", "func @f() -> void {\nentry:\n  br a(7)\na(%x:i16):\n  ret\n}", nullptr},
    {"ssa_dominance", "func @f() -> i64 {\nentry:\n  cbr true, a, b\na:\n  %x = iadd.ovf 1, 1\n  br b\nb:\n  ret %x\n}", "does not dominate"},
    {"ssa_loop_ok", "func @f() -> i64 {\nentry:\n  br h(0)\nh(%i:i64):\n  %n = iadd.ovf %i, 1\n  %c = scmp_lt %n, 5\n  cbr %c, h(%n), e\ne:\n  ret %n\n}", nullptr},
    {"entry_alloca_anywhere", "func @f() -> i64 {\nentry:\n  %p = alloca 8\n  br b\nb:\n  %v = load i64, %p\n  ret %v\n}", nullptr},
    {"eh_entry_not_first", "func @f() -> void {\nentry:\n  br b\nb:\n  %x = iadd.ovf 1, 1\n  eh.entry\n  ret\n}", "eh.entry must be the first"},
    {"handler_types", "func @f() -> void {\nentry:\n  eh.push ^h\n  eh.pop\n  ret\nhandler ^h(%a:i64, %b:i64):\n  eh.entry\n  ret\n}", "must take exactly"},
    {"handler_names_free", "func @f() -> void {\nentry:\n  eh.push ^h\n  eh.pop\n  ret\nhandler ^h(%t1:Error, %t2:ResumeTok):\n  eh.entry\n  resume.next %t2\n}", nullptr},
    {"eh_ret_with_handler", "func @f() -> void {\nentry:\n  eh.push ^h\n  ret\nhandler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  ret\n}", "still pushed"},
    {"eh_join_mismatch", "func @f() -> void {\nentry:\n  cbr true, a, b\na:\n  eh.push ^h\n  br b\nb:\n  ret\nhandler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  ret\n}", "active exception handlers"},
    {"resume_label_to_handler", "func @f() -> void {\nentry:\n  eh.push ^h\n  eh.pop\n  ret\nhandler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  resume.label %t, ^h\n}", "cannot target the handler"},
    {"resume_needs_token", "func @f() -> void {\nentry:\n  eh.push ^h\n  eh.pop\n  ret\nhandler ^h(%e:Error, %t:ResumeTok):\n  eh.entry\n  resume.next 1\n}", "resume token must be resume_tok"},
    {"trap_from_err_type", "func @f() -> void {\nentry:\n  trap.from_err i64 1\n}", "takes an i32 code"},
    {"select_types", "func @f() -> void {\nentry:\n  %s = select i64, true, 1, 2.0\n  ret\n}", "select false value must be i64"},
    {"err_query_type", "func @f() -> void {\nentry:\n  %k = err.get_kind 1\n  ret\n}", "error operand must be error"},
    {"result_on_store", "func @f() -> void {\nentry:\n  %p = alloca 8\n  %x = store i64, %p, 1\n  ret\n}", "produces no value"},
    {"global_init_range", "global i16 @g = 70000\nfunc @f() -> void {\nentry:\n  ret\n}", "does not fit type i16"},
    {"str_global_needs_init", "global str @s\nfunc @f() -> void {\nentry:\n  ret\n}", "needs an initializer"},
    {"entry_params_mismatch", "func @f(i64 %a) -> void {\nentry(%b:f64):\n  ret\n}", "entry parameter 1 has type f64"},
};

class VerifierRule : public ::testing::TestWithParam<Case> {};

TEST_P(VerifierRule, AcceptsOrRejects) {
  const Case &c = GetParam();
  Compiled r = compileText(std::string("il 0.3.0\n") + c.body + "\n");
  if (!c.error) {
    EXPECT_TRUE(r.module) << r.diagnostics;
  } else {
    ASSERT_FALSE(r.module) << "expected: " << c.error;
    EXPECT_NE(r.diagnostics.find(c.error), std::string::npos) << "expected: " << c.error << "\ngot:\n" << r.diagnostics;
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, VerifierRule, ::testing::ValuesIn(kCases), [](const auto &info) { return std::string(info.param.name); });

TEST(Verifier, FrontEndModeRejectsUncheckedOps) {
  SourceManager sm;
  uint32_t id = sm.add("f.il", "il 0.3.0\nfunc @f() -> i64 {\nentry:\n  %a = add 1, 2\n  %b = fptosi 1.5\n  ret %a\n}\n");
  DiagnosticEngine d;
  il::Module m = il::parseModule(sm, id, d);
  ASSERT_FALSE(d.hasErrors());
  EXPECT_TRUE(il::verifyModule(m, d));
  il::VerifyOptions strict;
  strict.allowUncheckedOps = false;
  EXPECT_FALSE(il::verifyModule(m, d, {}, strict));
  EXPECT_EQ(d.errorCount(), 2u) << d.render(sm);
}

} // namespace
} // namespace viper::test
