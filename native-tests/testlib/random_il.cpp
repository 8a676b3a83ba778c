#include "testlib/random_il.hpp"
#include <algorithm>
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
  template <class T> void shuffle(std::vector<T> &v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[next() % i]);
  }

private:
  uint64_t s_;
};

// Names the generated code gives parameters. Instruction results are always %vN, which
// none of these is, so a parameter never collides with a result (that would be an SSA
// redefinition); parameters may reuse each other's names freely.
const std::vector<std::vector<std::string>> kSigStyles = {
    {"%p0", "%p1", "%p2"},   // the generator's old form
    {"%x", "%y", "%z"},
    {"%a", "%b", "%c"},
    {"%t0", "%t1", "%t2"},   // Zia's names
    {"%X#", "%N", "%S$"},    // BASIC-like names
    {"%i", "%acc", "%j"},    // the names the loop blocks reuse
};
const std::vector<std::string> kBlockParamNames = {"%i", "%acc", "%x", "%j", "%t", "%e", "%n", "%a", "%k", "%r", "%p0", "%t1"};
// Labels that are also keywords, opcodes, types or literals, the first block's prefix,
// and numbers: all are ordinary labels.
const std::vector<std::string> kOddLabels = {
    "ret",    "br",      "cbr",      "call",        "loop",   "handler", "label", "body",   "done",
    "exit",   "join",    "switch.i32", "trap",      "eh.push", "eh.entry", "eh.pop", "resume.next", "select",
    "i64",    "str",     "null",     "true",        "il",     "extern",  "global", "target", "entry_x",
    "entry_2", "entry_main", "7",        "0",           "42",     "iadd.ovf", "idx.chk", "L1",   "Error"};

/// Which name refers to what, as the parser sees it: a name means its newest textual
/// binding (block parameters are scoped to their block; a later block may re-declare a
/// name), and that binding is usable only where its block dominates the use.
class Scope {
public:
  struct Binding {
    std::string name;
    int block = 0;
    bool counter = false;  // holds the loop counter of the current trip
    int pos = -1;          // for function/entry parameters: which argument
  };
  /// Binds `name` (a parameter name may be bound again; the newest binding wins).
  void define(const std::string &name, int block, bool counter = false, int pos = -1) {
    for (auto &b : all_)
      if (b.name == name) {
        b.block = block, b.counter = counter, b.pos = pos;
        ++version_;
        return;
      }
    defineNew(name, block, counter, pos);
  }
  /// Binds a name that has never been bound (an instruction result).
  void defineNew(const std::string &name, int block, bool counter = false, int pos = -1) {
    all_.push_back({name, block, counter, pos});
    ++version_;
  }
  /// The newest binding of every name, in first-definition order (deterministic).
  const std::vector<Binding> &all() const { return all_; }
  uint64_t version() const { return version_; }

private:
  std::vector<Binding> all_;
  uint64_t version_ = 0;
};

struct BlockPlan {
  std::string label;
  int idom = -1;  // immediate dominator; -1 for the entry; -2 for a handler (dominates nothing here)
  std::vector<std::string> params;
  std::vector<bool> carrier;  // params that receive the loop counter on every incoming edge
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
  void line(const std::string &s) {
    out_ += "  ";
    out_ += s;
    out_ += '\n';
  }

  // ---- blocks, scopes and dominance ----

  bool dominates(int a, int b) const {
    for (; b >= 0; b = blocks_[static_cast<size_t>(b)].idom)
      if (a == b) return true;
    return false;
  }
  /// The names usable in block b now: their newest binding's block dominates b. Cached
  /// while only b's own results are added.
  const std::vector<std::string> &pool(int b) {
    if (b != poolBlock_ || scope_.version() != poolVersion_) {
      poolCache_.clear();
      for (const auto &x : scope_.all())
        if (dominates(x.block, b)) poolCache_.push_back(x.name);
      poolBlock_ = b;
      poolVersion_ = scope_.version();
    }
    return poolCache_;
  }
  void defineResult(const std::string &r, int b) {
    const bool cached = b == poolBlock_ && scope_.version() == poolVersion_;
    scope_.defineNew(r, b);
    if (cached) poolCache_.push_back(r), poolVersion_ = scope_.version();
  }
  std::vector<std::string> counters(int b) const {
    std::vector<std::string> v;
    for (const auto &x : scope_.all())
      if (x.counter && dominates(x.block, b)) v.push_back(x.name);
    return v;
  }

  int addBlock(const std::string &role, int idom) {
    BlockPlan b;
    b.label = label(role);
    b.idom = idom;
    blocks_.push_back(std::move(b));
    return static_cast<int>(blocks_.size()) - 1;
  }
  /// A label for a block: usually its role's name, often a keyword-like one; unique.
  std::string label(const std::string &role) {
    std::string l = rng_.chance(45) ? role : rng_.pick(kOddLabels);
    for (int tries = 0; taken(l); ++tries) l = tries < 4 ? rng_.pick(kOddLabels) : role + "_" + std::to_string(tries);
    labels_.push_back(l);
    return l;
  }
  bool taken(const std::string &l) const { return std::find(labels_.begin(), labels_.end(), l) != labels_.end(); }
  /// A reference to a label: plain, `^L`, or the legacy `label L`.
  std::string ref(int b) {
    const std::string &l = blocks_[static_cast<size_t>(b)].label;
    const int r = rng_.range(0, 99);
    return r < 60 ? l : r < 85 ? "^" + l : "label " + l;
  }
  std::string paramDecl(const std::string &name, const std::string &type) {
    return name + (rng_.chance(50) ? ":" : ": ") + type;
  }
  /// A label line, with its parameters (all i64) declared and bound in the scope.
  void openBlock(int b) {
    const BlockPlan &p = blocks_[static_cast<size_t>(b)];
    std::string s = p.label;
    if (!p.params.empty()) {
      s += "(";
      for (size_t i = 0; i < p.params.size(); ++i) s += (i ? ", " : "") + paramDecl(p.params[i], "i64");
      s += ")";
    }
    out_ += s + ":\n";
    for (size_t i = 0; i < p.params.size(); ++i) scope_.define(p.params[i], b, p.carrier[i]);
  }
  /// `T(args)`: carrier parameters get a value holding the counter, the rest anything.
  std::string target(int from, int to) {
    const BlockPlan &t = blocks_[static_cast<size_t>(to)];
    std::string s = ref(to);
    if (t.params.empty()) return s;
    const std::vector<std::string> &p = pool(from);
    const std::vector<std::string> c = t.carrier.empty() ? std::vector<std::string>() : counters(from);
    auto has = [](const std::vector<std::string> &v, const std::string &n) { return std::find(v.begin(), v.end(), n) != v.end(); };
    s += "(";
    for (size_t i = 0; i < t.params.size(); ++i) {
      // Often the value of the same name here (`body(%i, %acc)` gets `(%i, %acc)`).
      const std::string &n = t.params[i];
      const bool same = rng_.chance(50);
      std::string a = t.carrier[i] ? (same && has(c, n) ? n : rng_.pick(c)) : (same && has(p, n) ? n : operand(p));
      s += (i ? ", " : "") + a;
    }
    return s + ")";
  }
  /// `n` distinct block-parameter names (from the shared set and the function's own).
  std::vector<std::string> paramNames(int n, const std::vector<std::string> &extra) {
    const size_t shared = kBlockParamNames.size(), all = shared + extra.size();
    std::vector<std::string> v;
    while (static_cast<int>(v.size()) < n) {
      const size_t i = rng_.next() % all;
      const std::string &c = i < shared ? kBlockParamNames[i] : extra[i - shared];
      if (std::find(v.begin(), v.end(), c) == v.end()) v.push_back(c);
    }
    return v;
  }
  /// Decides which of block b's parameters carry the counter (at least one, unless an
  /// inherited name already does), given the text order and the flags of b's dominators.
  void planCarriers(int b, const std::vector<int> &textOrder) {
    BlockPlan &p = blocks_[static_cast<size_t>(b)];
    p.carrier.assign(p.params.size(), false);
    for (size_t i = 0; i < p.params.size(); ++i) p.carrier[i] = rng_.chance(35);
    if (!inheritsCounter(b, textOrder)) p.carrier[static_cast<size_t>(rng_.range(0, static_cast<int>(p.params.size()) - 1))] = true;
  }
  /// Whether some name at b's label line (results never shadow; function parameters never
  /// carry) means a carrier parameter of a block dominating b (b included).
  bool inheritsCounter(int b, const std::vector<int> &textOrder) const {
    const size_t end = static_cast<size_t>(std::find(textOrder.begin(), textOrder.end(), b) - textOrder.begin());
    for (size_t xi = 0; xi <= end; ++xi) {
      const BlockPlan &x = blocks_[static_cast<size_t>(textOrder[xi])];
      if (!dominates(textOrder[xi], b)) continue;
      for (size_t i = 0; i < x.params.size(); ++i) {
        if (i >= x.carrier.size() || !x.carrier[i]) continue;
        bool shadowed = false;
        for (size_t yi = xi + 1; yi <= end && !shadowed; ++yi) {
          const auto &ps = blocks_[static_cast<size_t>(textOrder[yi])].params;
          shadowed = std::find(ps.begin(), ps.end(), x.params[i]) != ps.end();
        }
        if (!shadowed) return true;
      }
    }
    return false;
  }

  // ---- instructions ----

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

  /// Emits `count` random i64 computations in block b; helpers below `callable` may be called.
  void ops(int b, int count, int callable) {
    static const std::vector<std::string> kBin = {"iadd.ovf", "isub.ovf", "imul.ovf", "iadd.ovf", "and", "or", "xor", "shl", "ashr", "lshr"};
    for (int n = 0; n < count; ++n) {
      const std::vector<std::string> &pool = this->pool(b);
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
        const std::string a = fresh(), c = fresh();
        line(a + ":i32 = cast.si_narrow.chk " + operand(pool));
        line(c + ":i32 = iadd.ovf " + a + ", " + std::to_string(rng_.range(-3, 3)));
        line("call @rt_println_i32(" + c + ")");
        continue;
      } else if (kind == 10) {
        const std::string x = fresh();
        line(x + " = idx.chk " + operand(pool) + ", 0, " + std::to_string(rng_.range(1, 30)));
        line(r + " = iadd.ovf " + x + ", 1");
      } else {
        line(r + " = iadd.ovf " + operand(pool) + ", " + std::to_string(rng_.range(-3, 3)));
      }
      defineResult(r, b);
    }
  }

  // ---- functions ----

  void startFunction() {
    blocks_.clear();
    labels_.clear();
    scope_ = Scope();
    poolBlock_ = -3;
  }

  /// Entry-parameter forms (spec/il.md §2): entry parameter i is the function's parameter
  /// i whatever either is called, and both names refer to it where they differ.
  enum class EntryForm { Same, Renamed, Swapped, Mixed, Legacy };

  /// A helper @fk: a counted loop whose body has an if/else diamond. The forms vary by seed:
  /// how the entry block (re)names the parameters, which blocks re-declare which parameter
  /// names, the blocks' labels and their textual order.
  void helper(int k) {
    startFunction();
    const EntryForm form = static_cast<EntryForm>(rng_.range(0, 4));
    const int np = form == EntryForm::Swapped ? rng_.range(2, 3) : rng_.range(1, 3);
    arity_.push_back(np);
    const std::vector<std::string> &style = rng_.pick(kSigStyles);
    std::vector<std::string> sigNames(style.begin(), style.begin() + np), entryNames;
    if (form == EntryForm::Same) {
      entryNames = sigNames;
    } else if (form == EntryForm::Renamed) {
      const bool zia = rng_.chance(50);
      for (int i = 0; i < np; ++i) entryNames.push_back(zia ? "%t" + std::to_string(np + i + 3) : sigNames[static_cast<size_t>(i)] + "0");
    } else if (form == EntryForm::Swapped) {
      entryNames = sigNames;
      while (entryNames == sigNames) rng_.shuffle(entryNames);
    } else if (form == EntryForm::Mixed) {
      // Each position: its own name, another parameter's name, or a new one.
      std::vector<std::string> cand = sigNames;
      for (int i = 0; i < np; ++i) cand.push_back("%in" + std::to_string(i));
      while (static_cast<int>(entryNames.size()) < np) {
        const std::string &c = rng_.pick(cand);
        if (std::find(entryNames.begin(), entryNames.end(), c) == entryNames.end()) entryNames.push_back(c);
      }
    }
    std::string sig;
    for (int i = 0; i < np; ++i) {
      const std::string &n = sigNames[static_cast<size_t>(i)];
      sig += (i ? ", " : "") + (rng_.chance(25) ? paramDecl(n, "i64") : "i64 " + n);  // legacy `%x: T` or `T %x`
    }
    out_ += "func @f" + std::to_string(k) + "(" + sig + ") -> i64 {\n";

    // Plan the blocks. The entry: its label and parameters; every name refers to an argument.
    static const std::vector<std::string> kEntryLabels = {"entry", "entry", "entry_0", "entry_F", "entry_x", "entry_body"};
    BlockPlan entry;
    entry.label = rng_.pick(kEntryLabels);
    entry.params = entryNames;
    entry.carrier.assign(entryNames.size(), false);
    labels_.push_back(entry.label);
    blocks_.push_back(entry);
    Scope fnParams;  // the function's and the entry block's names
    for (int i = 0; i < np; ++i) fnParams.define(sigNames[static_cast<size_t>(i)], 0, false, i);
    for (int i = 0; i < static_cast<int>(entryNames.size()); ++i) fnParams.define(entryNames[static_cast<size_t>(i)], 0, false, i);
    // Two names of one argument (the renamed and mixed forms): the program checks they agree.
    std::vector<std::pair<std::string, std::string>> aliases;
    const auto &fp = fnParams.all();
    for (size_t a = 0; a < fp.size(); ++a)
      for (size_t b = a + 1; b < fp.size(); ++b)
        if (fp[a].pos == fp[b].pos) aliases.emplace_back(fp[a].name, fp[b].name);
    const bool check = !aliases.empty() && rng_.chance(60);
    const int ok = check ? addBlock("ok", 0) : 0;
    std::vector<std::string> own = sigNames;
    own.insert(own.end(), entryNames.begin(), entryNames.end());
    const int loop = addBlock("loop", ok);
    blocks_[static_cast<size_t>(loop)].params = paramNames(2, own);
    const int counterIdx = rng_.range(0, 1);
    blocks_[static_cast<size_t>(loop)].carrier = {counterIdx == 0, counterIdx == 1};
    const bool hasBody = rng_.chance(50);
    const int body = hasBody ? addBlock("body", loop) : -1;
    const int split = hasBody ? body : loop;  // where the diamond starts
    const int left = addBlock("left", split), right = addBlock("right", split);
    const int join = addBlock("join", split);
    const int exit = addBlock("exit", join);
    // The counter must reach `trips` exactly: checked at the exit (a wrongly bound counter
    // name would show here, and both engines could agree on it).
    const bool countCheck = rng_.chance(50);
    const int fin = countCheck ? addBlock("done", exit) : -1;
    const int bad = check || countCheck ? addBlock("bad", 0) : -1;
    const std::string i2 = fresh();  // the next counter, defined in the join (maybe used before it in the text)
    if (hasBody) {
      // Often the loop's names again, maybe in another order (positional binding).
      auto names = blocks_[static_cast<size_t>(loop)].params;
      if (rng_.chance(60)) rng_.shuffle(names);
      else names = paramNames(rng_.range(1, 3), own);
      blocks_[static_cast<size_t>(body)].params = names;
    }
    // The two arms often declare the same names (each its own values).
    blocks_[static_cast<size_t>(left)].params = paramNames(rng_.range(1, 2), own);
    blocks_[static_cast<size_t>(right)].params =
        rng_.chance(50) ? blocks_[static_cast<size_t>(left)].params : paramNames(rng_.range(1, 2), own);
    blocks_[static_cast<size_t>(join)].params = paramNames(rng_.range(1, 2), own);
    blocks_[static_cast<size_t>(exit)].params = paramNames(rng_.range(1, 2), own);
    blocks_[static_cast<size_t>(exit)].carrier.assign(blocks_[static_cast<size_t>(exit)].params.size(), false);
    // Text order: the entry first, the rest as laid out or shuffled.
    std::vector<int> textOrder;
    for (int b = 1; b < static_cast<int>(blocks_.size()); ++b) textOrder.push_back(b);
    if (rng_.chance(40)) rng_.shuffle(textOrder);
    textOrder.insert(textOrder.begin(), 0);
    // Carriers, in an order where every block's dominators come first.
    for (int b : {body, left, right, join})
      if (b >= 0) planCarriers(b, textOrder);

    // Emit, in text order.
    const int trips = rng_.range(1, 12);
    for (int b : textOrder) {
      if (b == 0) {
        out_ += entry.label;
        if (!entryNames.empty()) {
          out_ += "(";
          for (size_t i = 0; i < entryNames.size(); ++i) out_ += (i ? ", " : "") + paramDecl(entryNames[i], "i64");
          out_ += ")";
        }
        out_ += ":\n";
        for (int i = 0; i < np; ++i) scope_.define(sigNames[static_cast<size_t>(i)], 0);
        for (const auto &n : entryNames) scope_.define(n, 0);
        ops(0, rng_.range(0, check ? 2 : 3), k);
        if (check) {
          const auto &[x, y] = rng_.pick(aliases);
          const std::string c = fresh();
          line(c + " = icmp_eq " + x + ", " + y);
          line("cbr " + c + ", " + target(0, ok) + ", " + target(0, bad));
        } else {
          line("br " + loopEntry(0, loop, counterIdx));
        }
        continue;
      }
      openBlock(b);
      if (b == bad) {
        line("call @Viper.Terminal.Say(\"BAD-BINDING in @f" + std::to_string(k) + ": two names of one argument differ, or the counter missed " +
             std::to_string(trips) + "\")");
        line("ret -1");
      } else if (b == ok) {
        ops(ok, rng_.range(0, 1), k);
        line("br " + loopEntry(ok, loop, counterIdx));
      } else if (b == loop || b == body) {
        ops(b, rng_.range(b == loop ? 1 : 0, hasBody ? 2 : 4), k);
        if (b == loop && hasBody) {
          line("br " + target(loop, body));
        } else {
          static const std::vector<std::string> kCmp = {"scmp_lt", "scmp_gt", "icmp_eq", "icmp_ne", "scmp_le"};
          const std::vector<std::string> &p = pool(b);
          const std::string c = fresh();
          line(c + " = " + rng_.pick(kCmp) + " " + rng_.pick(p) + ", " + operand(p));
          line("cbr " + c + ", " + target(b, left) + ", " + target(b, right));
        }
      } else if (b == left || b == right) {
        ops(b, rng_.range(0, 2), k);
        line("br " + target(b, join));
      } else if (b == join) {
        ops(join, rng_.range(0, 2), k);
        static const std::vector<std::string> kAcc = {"iadd.ovf", "isub.ovf", "xor", "imul.ovf"};
        const std::vector<std::string> &p = pool(join);
        const std::vector<std::string> c = counters(join);
        const std::string acc = fresh(), more = fresh();
        line(acc + " = " + rng_.pick(kAcc) + " " + rng_.pick(p) + ", " + rng_.pick(p));
        line(i2 + " = iadd.ovf " + rng_.pick(c) + ", 1");
        line(more + " = scmp_lt " + i2 + ", " + std::to_string(trips));
        std::string back = ref(loop) + "(" + (counterIdx == 0 ? i2 + ", " + acc : acc + ", " + i2) + ")";
        std::string out = ref(exit) + "(" + acc;
        for (size_t i = 1; i < blocks_[static_cast<size_t>(exit)].params.size(); ++i) out += ", " + operand(p);
        line("cbr " + more + ", " + back + ", " + out + ")");
      } else if (b == exit && countCheck) {
        const std::string c = fresh();
        line(c + " = icmp_eq " + i2 + ", " + std::to_string(trips));
        line("cbr " + c + ", " + target(exit, fin) + ", " + target(exit, bad));
      } else if (b == exit || b == fin) {
        const std::vector<std::string> &p = pool(b);
        const std::string &r = blocks_[static_cast<size_t>(exit)].params[0];
        line("ret " + (rng_.chance(70) && std::find(p.begin(), p.end(), r) != p.end() ? r : operand(p)));
      }
    }
    out_ += "}\n";
  }
  /// `loop(0, x)` or `loop(x, 0)`: the counter starts at 0.
  std::string loopEntry(int from, int loop, int counterIdx) {
    const std::string x = operand(pool(from));
    return ref(loop) + "(" + (counterIdx == 0 ? "0, " + x : x + ", 0") + ")";
  }

  /// @main calls every helper, prints, may branch to a tail block, and sometimes has a
  /// handler that resumes after faults (with the handler header written in any of its forms).
  void mainFunction(int nfn) {
    startFunction();
    BlockPlan entry;
    entry.label = rng_.chance(70) ? "entry" : "entry_main";
    labels_.push_back(entry.label);
    blocks_.push_back(entry);
    const bool eh = rng_.chance(30);
    const bool tail = rng_.chance(50);
    int h = -1, t = -1;
    if (eh) {
      // The handler is often called `handler`, with or without the cosmetic prefix.
      BlockPlan hb;
      hb.label = rng_.chance(35) ? "handler" : label("h");
      if (!taken(hb.label)) labels_.push_back(hb.label);
      hb.idom = -2;
      blocks_.push_back(hb);
      h = static_cast<int>(blocks_.size()) - 1;
    }
    if (tail) {
      // An ordinary block, often named `handler` (it does not start with eh.entry).
      BlockPlan tb;
      tb.label = !taken("handler") && rng_.chance(50) ? "handler" : label("tail");
      if (!taken(tb.label)) labels_.push_back(tb.label);
      tb.idom = 0;
      tb.params = paramNames(rng_.range(1, 2), {"%err", "%tok"});
      tb.carrier.assign(tb.params.size(), false);
      blocks_.push_back(tb);
      t = static_cast<int>(blocks_.size()) - 1;
    }
    out_ += "func @main() -> i64 {\n" + entry.label + ":\n";
    if (eh) line("eh.push " + ref(h));
    for (int k = 0; k < nfn; ++k) {
      const std::vector<std::string> &pool = this->pool(0);
      std::string args;
      for (int a = 0; a < arity_[static_cast<size_t>(k)]; ++a) args += (a ? ", " : "") + operand(pool);
      const std::string r = fresh();
      line(r + " = call @f" + std::to_string(k) + "(" + args + ")");
      line("call @Viper.Terminal.SayInt(" + r + ")");
      defineResult(r, 0);
      if (rng_.chance(40)) {
        const std::string s = fresh(), u = fresh(), n = fresh();
        line(s + " = call @Viper.Core.Convert.ToStringInt(" + r + ")");
        line(u + " = call @Viper.String.Concat(" + s + ", \" units\")");
        line(n + " = call @Viper.String.get_Length(" + u + ")");
        line("call @Viper.Terminal.Say(" + u + ")");
        line("call @Viper.String.ReleaseMaybe(" + u + ")");
        line("call @Viper.Terminal.SayInt(" + n + ")");
      }
    }
    auto finish = [&](int b) {
      ops(b, rng_.range(0, 3), nfn);
      line("call @Viper.Terminal.SayInt(" + operand(pool(b)) + ")");
      if (eh) line("eh.pop");
      line("ret 0");
    };
    if (tail) {
      ops(0, rng_.range(0, 1), nfn);
      line("br " + target(0, t));
    } else {
      finish(0);
    }
    std::vector<int> rest;
    if (eh) rest.push_back(h);
    if (tail) rest.push_back(t);
    if (rng_.chance(50)) std::reverse(rest.begin(), rest.end());
    for (int b : rest) {
      if (b == t) {
        openBlock(t);
        finish(t);
        continue;
      }
      static const std::vector<std::string> kPrefix = {"handler ^", "handler ", "^", ""};
      static const std::vector<std::string> kErr = {"Error", "error"}, kTok = {"ResumeTok", "resume_tok", "resumetok"};
      static const std::vector<std::pair<std::string, std::string>> kNames = {
          {"%err", "%tok"}, {"%err", "%tok"}, {"%e", "%t"}, {"%t1", "%t2"}, {"%i", "%acc"}, {"%tok", "%err"}};
      const auto &[err, tok] = rng_.pick(kNames);
      out_ += rng_.pick(kPrefix) + blocks_[static_cast<size_t>(h)].label + "(" + paramDecl(err, rng_.pick(kErr)) + ", " +
              paramDecl(tok, rng_.pick(kTok)) + "):\n";
      scope_.define(err, h);
      scope_.define(tok, h);
      line("eh.entry");
      const std::string kind = fresh(), ip = fresh();
      line(kind + " = trap.kind " + err);
      line(ip + " = err.get_ip " + err);
      line("call @Viper.Terminal.SayInt(" + kind + ")");
      line("call @Viper.Terminal.SayInt(" + ip + ")");
      line("resume.next " + tok);
    }
    out_ += "}\n";
  }

  Rng rng_;
  std::string out_;
  std::vector<int> arity_;
  int next_ = 0;
  std::vector<BlockPlan> blocks_;
  std::vector<std::string> labels_;
  Scope scope_;
  std::vector<std::string> poolCache_;
  int poolBlock_ = -3;
  uint64_t poolVersion_ = 0;
};

} // namespace

std::string randomProgram(uint64_t seed) { return Generator(seed).program(); }

} // namespace viper::test
