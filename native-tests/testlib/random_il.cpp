#include "testlib/random_il.hpp"
#include <vector>

namespace viper::test {
namespace {

/// splitmix64: tiny, and the same everywhere (std distributions are not).
class Rng {
public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return range(1, 100) <= percent; }
  template <class T> const T &pick(const std::vector<T> &v) { return v[next() % v.size()]; }

private:
  uint64_t s_;
};

class Generator {
public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  std::string program() {
    out_ = "il 0.3.0\n# random program (seed-generated)\n";
    out_ += "extern @Viper.Terminal.SayInt(i64) -> void\n"
            "extern @Viper.Terminal.Say(str) -> void\n"
            "extern @Viper.Core.Convert.ToStringInt(i64) -> str\n"
            "extern @Viper.String.Concat(str, str) -> str\n"
            "extern @Viper.String.get_Length(str) -> i64\n"
            "extern @Viper.String.ReleaseMaybe(str) -> void\n"
            "extern @rt_println_i32(i32) -> void\n";
    const int nfn = rng_.range(1, 4);
    for (int k = 0; k < nfn; ++k) helper(k);
    mainFunction(nfn);
    return out_;
  }

private:
  std::string fresh() { return "%v" + std::to_string(next_++); }
  void line(const std::string &s) { out_ += "  " + s + "\n"; }

  std::string constant() {
    // Mostly small values, so most programs run to the end; now and then one that
    // overflows or does not fit a narrow type.
    const int r = rng_.range(0, 99);
    if (r == 0) return "9223372036854775807";
    if (r == 1) return "-9223372036854775807";
    if (r < 5) return std::to_string(rng_.range(1000000, 2000000000));
    return std::to_string(rng_.range(-5, 20));
  }
  std::string operand(const std::vector<std::string> &pool) {
    return pool.empty() || rng_.chance(25) ? constant() : rng_.pick(pool);
  }

  /// Appends `count` random i64 computations to `pool`; helpers below `callable` may be called.
  void ops(std::vector<std::string> &pool, int count, int callable) {
    static const std::vector<std::string> kBin = {"iadd.ovf", "isub.ovf", "imul.ovf", "iadd.ovf", "and", "or", "xor", "shl", "ashr", "lshr"};
    for (int n = 0; n < count; ++n) {
      const std::string r = fresh();
      const int kind = rng_.range(0, 11);
      if (kind <= 4) {
        line(r + " = " + rng_.pick(kBin) + " " + operand(pool) + ", " + operand(pool));
      } else if (kind == 5) {
        // Usually a safe divisor; sometimes whatever is around (maybe 0, maybe -1).
        std::string d = rng_.chance(93) ? std::to_string(rng_.range(1, 9)) : operand(pool);
        line(r + " = " + (rng_.chance(50) ? "sdiv.chk0 " : "srem.chk0 ") + operand(pool) + ", " + d);
      } else if (kind == 6) {
        static const std::vector<std::string> kCmp = {"icmp_eq", "icmp_ne", "scmp_lt", "scmp_le", "scmp_gt", "scmp_ge", "ucmp_lt", "ucmp_ge"};
        const std::string c = fresh();
        line(c + " = " + rng_.pick(kCmp) + " " + operand(pool) + ", " + operand(pool));
        line(r + " = select i64, " + c + ", " + operand(pool) + ", " + operand(pool));
      } else if (kind == 7 && callable > 0) {
        const int f = rng_.range(0, callable - 1);
        std::string args;
        for (int a = 0; a < arity_[static_cast<size_t>(f)]; ++a) args += (a ? ", " : "") + operand(pool);
        line(r + " = call @f" + std::to_string(f) + "(" + args + ")");
      } else if (kind == 8) {
        const std::string f = fresh(), g = fresh();
        line(f + " = sitofp " + operand(pool));
        line(g + " = fmul " + f + ", " + (rng_.chance(50) ? "1.5" : "-0.25"));
        line(r + " = cast.fp_to_si.rte.chk " + g);
      } else if (kind == 9) {
        const std::string a = fresh(), b = fresh();
        line(a + ":i32 = cast.si_narrow.chk " + operand(pool));
        line(b + ":i32 = iadd.ovf " + a + ", " + std::to_string(rng_.range(-3, 3)));
        line("call @rt_println_i32(" + b + ")");
        continue;
      } else if (kind == 10) {
        const std::string x = fresh();
        line(x + " = idx.chk " + operand(pool) + ", 0, " + std::to_string(rng_.range(1, 30)));
        line(r + " = iadd.ovf " + x + ", 1");
      } else {
        line(r + " = iadd.ovf " + operand(pool) + ", " + std::to_string(rng_.range(-3, 3)));
      }
      pool.push_back(r);
    }
  }

  void helper(int k) {
    const int np = rng_.range(1, 3);
    arity_.push_back(np);
    std::vector<std::string> params;
    std::string sig, entryParams;
    for (int i = 0; i < np; ++i) {
      params.push_back("%p" + std::to_string(i));
      sig += (i ? ", " : "") + std::string("i64 %p") + std::to_string(i);
      entryParams += (i ? ", " : "") + std::string("%p") + std::to_string(i) + ":i64";
    }
    out_ += "func @f" + std::to_string(k) + "(" + sig + ") -> i64 {\nentry(" + entryParams + "):\n";
    std::vector<std::string> pool = params;
    ops(pool, rng_.range(0, 3), k);
    const int trips = rng_.range(1, 12);
    line("br loop(0, " + operand(pool) + ")");
    out_ += "loop(%i:i64, %acc:i64):\n";
    std::vector<std::string> loopPool = pool;
    loopPool.push_back("%i");
    loopPool.push_back("%acc");
    ops(loopPool, rng_.range(1, 4), k);
    static const std::vector<std::string> kCmp = {"scmp_lt", "scmp_gt", "icmp_eq", "icmp_ne", "scmp_le"};
    const std::string c = fresh();
    line(c + " = " + rng_.pick(kCmp) + " " + rng_.pick(loopPool) + ", " + operand(loopPool));
    line("cbr " + c + ", left(" + operand(loopPool) + "), right(" + operand(loopPool) + ")");
    for (const char *side : {"left", "right"}) {
      out_ += std::string(side) + "(%" + side + "0:i64):\n";
      std::vector<std::string> sidePool = loopPool;
      sidePool.push_back(std::string("%") + side + "0");
      ops(sidePool, rng_.range(0, 3), k);
      line("br join(" + rng_.pick(sidePool) + ")");
    }
    out_ += "join(%j:i64):\n";
    std::vector<std::string> joinPool = loopPool;
    joinPool.push_back("%j");
    ops(joinPool, rng_.range(0, 2), k);
    static const std::vector<std::string> kAcc = {"iadd.ovf", "isub.ovf", "xor", "imul.ovf"};
    line("%acc2 = " + rng_.pick(kAcc) + " %acc, " + rng_.pick(joinPool));
    line("%i2 = iadd.ovf %i, 1");
    line("%more = scmp_lt %i2, " + std::to_string(trips));
    line("cbr %more, loop(%i2, %acc2), exit(%acc2)");
    out_ += "exit(%r:i64):\n";
    line("ret %r");
    out_ += "}\n";
  }

  void mainFunction(int nfn) {
    out_ += "func @main() -> i64 {\nentry:\n";
    const bool eh = rng_.chance(30);
    if (eh) line("eh.push ^h");
    std::vector<std::string> pool;
    for (int k = 0; k < nfn; ++k) {
      std::string args;
      for (int a = 0; a < arity_[static_cast<size_t>(k)]; ++a) args += (a ? ", " : "") + operand(pool);
      const std::string r = fresh();
      line(r + " = call @f" + std::to_string(k) + "(" + args + ")");
      line("call @Viper.Terminal.SayInt(" + r + ")");
      pool.push_back(r);
      if (rng_.chance(40)) {
        const std::string s = fresh(), t = fresh(), n = fresh();
        line(s + " = call @Viper.Core.Convert.ToStringInt(" + r + ")");
        line(t + " = call @Viper.String.Concat(" + s + ", \" units\")");
        line(n + " = call @Viper.String.get_Length(" + t + ")");
        line("call @Viper.Terminal.Say(" + t + ")");
        line("call @Viper.String.ReleaseMaybe(" + t + ")");
        line("call @Viper.Terminal.SayInt(" + n + ")");
      }
    }
    ops(pool, rng_.range(0, 3), nfn);
    line("call @Viper.Terminal.SayInt(" + operand(pool) + ")");
    if (eh) line("eh.pop");
    line("ret 0");
    if (eh) {
      out_ += "handler ^h(%err:Error, %tok:ResumeTok):\n";
      line("eh.entry");
      line("%kind = trap.kind %err");
      line("%ip = err.get_ip %err");
      line("call @Viper.Terminal.SayInt(%kind)");
      line("call @Viper.Terminal.SayInt(%ip)");
      line("resume.next %tok");
    }
    out_ += "}\n";
  }

  Rng rng_;
  std::string out_;
  std::vector<int> arity_;
  int next_ = 0;
};

} // namespace

std::string randomProgram(uint64_t seed) { return Generator(seed).program(); }

} // namespace viper::test
