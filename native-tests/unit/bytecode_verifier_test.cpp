// The bytecode verifier's budget rule: JMPE, the edge-stub jump that spends no budget,
// must never close a loop. Compiled code passes; forged stubs and JMPEs are rejected,
// including fuzz_bc's finding (native-tests/fuzz/regressions/).
#include "bytecode/compiler.hpp"
#include "bytecode/encoding.hpp"
#include "bytecode/verify.hpp"
#include "interpreters/bcvm/vm.hpp"
#include "testlib/test_support.hpp"
#include <gtest/gtest.h>
#include <cstring>

namespace viper::test {
namespace {

using bc::Op;

// A loop whose header leaves with a block argument along a forward edge that is not laid
// out next: the compiler puts its moves in an edge stub after the blocks, ending in JMPE.
constexpr const char *kStubProgram = R"(il 0.3.0
extern @Viper.Terminal.SayInt(i64) -> void
func @main() -> i64 {
entry:
  br loop(0, 0)
loop(%i:i64, %s:i64):
  %c = scmp_lt %i, 10
  cbr %c, body, done(7)
body:
  %s2 = iadd.ovf %s, %i
  %i2 = iadd.ovf %i, 1
  br loop(%i2, %s2)
done(%r:i64):
  call @Viper.Terminal.SayInt(%r)
  ret %s
}
)";

struct Program {
  Compiled src;
  bc::Module code;
};

Program compileProgram(const std::string &text) {
  Program p;
  p.src = compileText(text);
  EXPECT_TRUE(p.src.module) << p.src.diagnostics;
  auto r = bc::compileModule(*p.src.module);
  EXPECT_TRUE(r.ok());
  if (r.ok()) p.code = std::move(*r);
  return p;
}

const bc::Function &mainOf(const bc::Module &m) { return m.functions[m.mainIndex]; }

uint32_t stubStart(const bc::Function &f) { return f.instrPc.back().back(); }

// Every instruction start of f, in order.
std::vector<uint32_t> starts(const bc::Module &m, const bc::Function &f) {
  std::vector<uint32_t> out;
  for (uint32_t pc = f.entry; pc < f.end;) {
    out.push_back(pc);
    auto in = bc::decode(&m.code[pc], f.end - pc);
    if (!in) break;
    pc += bc::formatOf(in->op).words();
  }
  return out;
}

uint32_t firstOp(const bc::Module &m, const bc::Function &f, Op op, uint32_t from = 0) {
  for (uint32_t pc : starts(m, f))
    if (pc >= from && bc::opOf(m.code[pc]) == op) return pc;
  ADD_FAILURE() << "no " << bc::opInfo(op).name;
  return f.entry;
}

uint32_t jumpWord(Op op, int32_t off) { return static_cast<uint32_t>(op) | (static_cast<uint32_t>(off) << 8); }

// The pc of the (one) jump whose offset lands on `target`.
uint32_t jumpTo(const bc::Module &m, const bc::Function &f, uint32_t target) {
  for (uint32_t pc : starts(m, f)) {
    auto in = bc::decode(&m.code[pc], f.end - pc);
    const bc::FormatInfo &fi = bc::formatOf(in->op);
    if (fi.bx == bc::BxKind::Jump24 && pc + static_cast<uint32_t>(in->bx) == target) return pc;
    if (fi.ext == bc::ExtKind::Jump && pc + in->ext == target) return pc;
  }
  ADD_FAILURE() << "no jump to pc " << target;
  return f.entry;
}

void expectRejected(const bc::Module &m, const char *why, const char *expectText = nullptr) {
  auto r = bc::verifyModule(m);
  ASSERT_FALSE(r.ok()) << why;
  if (expectText) {
    EXPECT_NE(r.error().message.find(expectText), std::string::npos) << r.error().message;
  }
}

TEST(BytecodeVerifierBudget, TheStubProgramHasAJmpeStubAndRunsVerified) {
  Program p = compileProgram(kStubProgram);
  const bc::Function &f = mainOf(p.code);
  ASSERT_LT(stubStart(f), f.end) << "no edge stubs";
  uint32_t j = firstOp(p.code, f, Op::JMPE);
  EXPECT_GE(j, stubStart(f));
  EXPECT_TRUE(bc::verifyModule(p.code).ok());
  rt::StringSink out;
  rt::StringSource in("");
  rt::Context ctx(out, in);
  auto vm = bcvm::VM::create(p.code, *p.src.module, ctx);
  ASSERT_TRUE(vm.ok());
  EXPECT_EQ((*vm)->run().status, exec::RunResult::Status::Finished);
  EXPECT_EQ(out.text, "7\n");
}

// The forged loop: the stub's JMPE goes back to the jump that reaches the stub, so
// "jump forward to the stub, JMPE back" repeats without a unit of budget.
TEST(BytecodeVerifierBudget, RejectsAJmpeBackToTheJumpThatReachesItsStub) {
  Program p = compileProgram(kStubProgram);
  const bc::Function &f = mainOf(p.code);
  const uint32_t j = firstOp(p.code, f, Op::JMPE);
  uint32_t first = stubStart(f);  // the stub's first instruction: after the stub before it
  for (uint32_t pc : starts(p.code, f)) {
    const Op op = bc::opOf(p.code.code[pc]);
    if (pc >= stubStart(f) && pc < j && (op == Op::JMP || op == Op::JMPE)) first = pc + 1;
  }
  const uint32_t from = jumpTo(p.code, f, first);
  ASSERT_LT(from, stubStart(f));
  {
    bc::Module m = p.code;
    m.code[j] = jumpWord(Op::JMPE, static_cast<int32_t>(from) - static_cast<int32_t>(j));
    expectRejected(m, "JMPE back to the jump into its stub", "spends no budget");
  }
  {
    bc::Module m = p.code;  // further back, to the function's entry
    m.code[j] = jumpWord(Op::JMPE, static_cast<int32_t>(f.entry) - static_cast<int32_t>(j));
    expectRejected(m, "JMPE back to the entry", "spends no budget");
  }
  {
    bc::Module m = p.code;  // to itself
    m.code[j] = jumpWord(Op::JMPE, 0);
    expectRejected(m, "JMPE to itself");
  }
  {
    bc::Module m = p.code;  // the same backward jump as JMP spends a unit each time: fine
    m.code[j] = jumpWord(Op::JMP, static_cast<int32_t>(from) - static_cast<int32_t>(j));
    EXPECT_TRUE(bc::verifyModule(m).ok());
  }
}

TEST(BytecodeVerifierBudget, RejectsAJmpeAmongTheBlocks) {
  Program p = compileProgram(kStubProgram);
  const bc::Function &f = mainOf(p.code);
  // entry's `br loop(0, 0)` ends in a jump over nothing or into the loop; any JMP in
  // the blocks turned into a JMPE is rejected, whichever way it goes.
  bool found = false;
  for (uint32_t pc : starts(p.code, f)) {
    if (pc >= stubStart(f) || bc::opOf(p.code.code[pc]) != Op::JMP) continue;
    bc::Module m = p.code;
    m.code[pc] = (m.code[pc] & ~0xFFu) | static_cast<uint32_t>(Op::JMPE);
    expectRejected(m, "JMPE in the blocks", "JMPE outside the edge stubs");
    found = true;
  }
  {
    bc::Module m = p.code;  // a JMPE to itself as the blocks' first instruction
    m.code[f.entry] = jumpWord(Op::JMPE, 0);
    expectRejected(m, "JMPE loop at the entry", "JMPE outside the edge stubs");
    found = true;
  }
  EXPECT_TRUE(found);
}

TEST(BytecodeVerifierBudget, RejectsMalformedStubAreas) {
  Program p = compileProgram(kStubProgram);
  const bc::Function &f = mainOf(p.code);
  const uint32_t s = stubStart(f);
  const std::vector<uint32_t> pcs = starts(p.code, f);
  uint32_t lastBlockInsn = f.entry;
  for (uint32_t pc : pcs) if (pc < s) lastBlockInsn = pc;
  {
    // fuzz_bc's finding had this shape: the blocks' last jump turned into a no-op, so
    // the code falls through into a stub whose JMPE goes back.
    bc::Module m = p.code;
    m.code[lastBlockInsn] = static_cast<uint32_t>(Op::MOV);
    if (bc::formatOf(bc::opOf(p.code.code[lastBlockInsn])).words() == 1) {
      expectRejected(m, "fall-through into the stubs", "falls through");
    }
  }
  {
    bc::Module m = p.code;  // a stub holding something other than moves
    m.code[s] = static_cast<uint32_t>(Op::EHPOP);
    expectRejected(m, "EHPOP in a stub", "edge stub holds");
  }
  {
    bc::Module m = p.code;  // a stub's jump into the stubs (to itself)
    const uint32_t j = firstOp(p.code, f, Op::JMPE);
    m.code[j] = jumpWord(Op::JMP, static_cast<int32_t>(s) - static_cast<int32_t>(j));
    expectRejected(m, "stub to stub", "into the edge stubs");
  }
  {
    bc::Module m = p.code;  // a jump into the middle of a stub
    const uint32_t j = firstOp(p.code, f, Op::JMPE);
    if (j > s) {
      const uint32_t from = jumpTo(p.code, f, s);
      auto in = bc::decode(&m.code[from], f.end - from);
      const int32_t off = static_cast<int32_t>(j) - static_cast<int32_t>(from);
      if (bc::formatOf(in->op).ext == bc::ExtKind::Jump) m.code[from + 1] = static_cast<uint32_t>(off);
      else m.code[from] = jumpWord(in->op, off);
      expectRejected(m, "jump into the middle of a stub", "middle of an edge stub");
    }
  }
  {
    bc::Module m = p.code;  // an edge-stub area that does not start at an instruction
    m.functions[m.mainIndex].instrPc.back().back() = f.end + 1;
    expectRejected(m, "stub area past the end", "edge-stub area");
  }
}

// fuzz_bc's input format (2 bytes choose the program, then 8-byte patches) applied to the
// golden IL corpus in the order fuzz_bc loads it (sorted by name). A file named
// fuzz_bc-WHAT--PROGRAM names its program (golden/il/PROGRAM.il), so it still picks the
// same one when programs are added to the corpus.
std::optional<bc::Module> applyFuzzBcInput(const std::vector<uint8_t> &data, std::vector<Program> &corpus,
                                           const std::vector<std::string> &names, const std::string &fileName,
                                           size_t *which) {
  if (corpus.empty() || data.size() < 2) return std::nullopt;
  *which = (data[0] | data[1] << 8) % corpus.size();
  if (auto at = fileName.rfind("--"); at != std::string::npos)
    for (size_t k = 0; k < names.size(); ++k)
      if (names[k] == fileName.substr(at + 2)) *which = k;
  bc::Module code = corpus[*which].code;
  for (size_t at = 2; at + 8 <= data.size() && !code.code.empty(); at += 8) {
    uint32_t index = 0, word = 0;
    std::memcpy(&index, data.data() + at, 4);
    std::memcpy(&word, data.data() + at + 4, 4);
    code.code[index % code.code.size()] = word;
  }
  return code;
}

TEST(BytecodeVerifierBudget, FuzzBcRegressionsAreRejectedOrRunCleanly) {
  std::vector<Program> corpus;
  std::vector<std::string> names;
  for (const auto &path : listFiles("golden/il", ".il")) {
    Compiled c = compileText(readText(path), path.filename().string());
    if (!c.module) continue;
    auto code = bc::compileModule(*c.module);
    if (!code.ok()) continue;
    corpus.push_back({std::move(c), std::move(*code)});
    names.push_back(path.stem().string());
  }
  ASSERT_FALSE(corpus.empty());
  for (const Program &p : corpus) EXPECT_TRUE(bc::verifyModule(p.code).ok());
  size_t files = 0;
  for (const auto &path : listFiles("fuzz/regressions", "")) {
    if (path.filename().string().rfind("fuzz_bc-", 0) != 0) continue;
    ++files;
    const std::string bytes = readText(path);
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    size_t which = 0;
    auto code = applyFuzzBcInput(data, corpus, names, path.filename().string(), &which);
    ASSERT_TRUE(code);
    auto verdict = bc::verifyModule(*code);
    // The JMPE findings must be rejected; anything else accepted must stop on the budget.
    if (path.filename().string().find("jmpe") != std::string::npos) {
      EXPECT_FALSE(verdict.ok()) << path;
      continue;
    }
    if (!verdict.ok()) continue;
    rt::StringSink out;
    rt::StringSource in("1\n2\nthree\n");
    rt::Context ctx(out, in);
    ctx.maxStringLength = 1 << 20;
    ctx.memoryLimit = 64u << 20;
    auto vm = bcvm::VM::create(*code, *corpus[which].src.module, ctx);
    if (vm.ok()) (*vm)->run(5000);
  }
  EXPECT_GT(files, 0u);
}

} // namespace
} // namespace viper::test
