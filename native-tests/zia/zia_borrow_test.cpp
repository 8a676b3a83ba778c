// Borrowed locals (vm/frontends/zia/lower_borrow.cpp): the IL of a local that only
// borrows has no retain or release; one that must own its values keeps both. Behaviour
// (no early free, nothing leaked) is golden/zia/rc_borrowed_locals.zia's.
#include "il/printer.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>

namespace viper::test {
namespace {

const char *kProgram =
    "bind Viper.Terminal;\n"
    "class Node {\n"
    "    expose var value: Integer;\n"
    "    expose var next: Node?;\n"
    "    func init(v: Integer) { value = v; }\n"
    "}\n"
    "func walk(head: Node?) -> Integer {\n"
    "    var total = 0;\n"
    "    var cur = head;\n"
    "    while cur != null {\n"
    "        total = total + cur.value;\n"
    "        cur = cur.next;\n"
    "    }\n"
    "    return total;\n"
    "}\n"
    "func elements(xs: List[Node]) -> Integer {\n"
    "    var total = 0;\n"
    "    for i in 0..xs.count() {\n"
    "        var x = xs[i];\n"
    "        total = total + x.value;\n"
    "    }\n"
    "    return total;\n"
    "}\n"
    "func each(xs: List[Node]) -> Integer {\n"
    "    var total = 0;\n"
    "    for x in xs { total = total + x.value; }\n"
    "    return total;\n"
    "}\n"
    "func owned() -> Integer {\n"
    "    var a = new Node(1);\n"
    "    var c = a;\n"
    "    a = new Node(2);\n"
    "    return c.value + a.value;\n"
    "}\n"
    "func start() {\n"
    "    var a = new Node(1);\n"
    "    var b = new Node(2);\n"
    "    a.next = b;\n"
    "    SayInt(walk(a) + elements([a, b]) + each([a, b]) + owned());\n"
    "}\n";

// The printed IL of function `name` (its `func @name(` line to its closing brace).
std::string functionText(const std::string &module, const std::string &name) {
  const size_t at = module.find("func @" + name + "(");
  if (at == std::string::npos) return "";
  const size_t end = module.find("\n}", at);
  return module.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string compiled() {
  Compiled c = compileText(kProgram, "borrow.zia");
  if (!c.module) return "";
  return il::printModule(*c.module);
}

TEST(ZiaBorrow, WalkingLocalsKeepNoReference) {
  const std::string il = compiled();
  ASSERT_FALSE(il.empty());
  for (const char *fn : {"walk", "elements"}) {
    const std::string body = functionText(il, fn);
    ASSERT_FALSE(body.empty()) << fn << " not found in\n" << il;
    EXPECT_EQ(body.find("rt_obj_retain"), std::string::npos) << body;
    EXPECT_EQ(body.find("rt_obj_release_check0"), std::string::npos) << body;
    EXPECT_EQ(body.find("__zia_release"), std::string::npos) << body;
  }
}

// A for-in element variable: the loop's own slot retains the list once (and releases it
// at the exit); the elements are not retained one by one.
TEST(ZiaBorrow, LoopVariableKeepsNoReference) {
  const std::string body = functionText(compiled(), "each");
  ASSERT_FALSE(body.empty());
  size_t retains = 0;
  for (size_t at = body.find("rt_obj_retain"); at != std::string::npos; at = body.find("rt_obj_retain", at + 1)) ++retains;
  EXPECT_EQ(retains, 1u) << body;
  EXPECT_EQ(body.find("@__zia_release("), std::string::npos) << body;  // no element released
}

// The control: an alias of a local that gives its value back must own a reference.
TEST(ZiaBorrow, AliasOfAnOwningLocalIsRetained) {
  const std::string body = functionText(compiled(), "owned");
  ASSERT_FALSE(body.empty());
  EXPECT_NE(body.find("rt_obj_retain"), std::string::npos) << body;
}

TEST(ZiaBorrow, ProgramRuns) {
  Ran r = runText(kProgram, driver::Engine::IL, "", "borrow.zia");
  EXPECT_EQ(r.out, "12\n") << r.err;  // 3 + 3 + 3 + 3
}

// Appending to a String local hands the variable's reference to Concat (which grows a
// string nobody else holds in place) instead of retaining it, so a loop that builds a
// string is linear; golden/zia/string_append_in_place.zia shows other holders keep theirs.
TEST(ZiaBorrow, AppendingToAStringLocalMovesItsReferenceIntoConcat) {
  Compiled c = compileText("func build(n: Integer) -> String {\n"
                           "    var s = \"\";\n"
                           "    for i in 0..n { s += \"ab\"; s = s + i; }\n"
                           "    return s;\n"
                           "}\n"
                           "func start() { Viper.Terminal.Say(build(3)); }\n",
                           "append.zia");
  ASSERT_TRUE(c.module) << c.diagnostics;
  const std::string body = functionText(il::printModule(*c.module), "build");
  size_t concats = 0, moves = 0;
  for (size_t at = body.find("String.Concat"); at != std::string::npos; at = body.find("String.Concat", at + 1)) ++concats;
  for (size_t at = body.find("store ptr"); at != std::string::npos; at = body.find("store ptr", at + 1)) ++moves;
  EXPECT_EQ(concats, 2u) << body;
  EXPECT_EQ(moves, 2u) << body;  // each Concat takes the slot's reference
  EXPECT_EQ(body.find("RetainMaybe(%t"), std::string::npos) << body;  // nothing loaded is retained
  Ran r = runText("func start() { var s = \"a\"; var t = s; s += \"b\"; Viper.Terminal.Say(s + t); }", driver::Engine::BC, "", "alias.zia");
  EXPECT_EQ(r.out, "aba\n") << r.err;
}

} // namespace
} // namespace viper::test
