// Module structure: version, target, externs, globals, function headers, labels, .loc.
#include "il/parser_impl.hpp"
#include <algorithm>

namespace viper::il {

const Function *Module::findFunction(std::string_view name) const {
  for (const auto &f : functions) if (f.name == name) return &f;
  return nullptr;
}
const Extern *Module::findExtern(std::string_view name) const {
  for (const auto &e : externs) if (e.name == name) return &e;
  return nullptr;
}
const Global *Module::findGlobal(std::string_view name) const {
  for (const auto &g : globals) if (g.name == name) return &g;
  return nullptr;
}

Module parseModule(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags, const SignatureLookup &lookup) {
  detail::Parser p(sm, fileId, diags, lookup);
  return p.run();
}

namespace detail {
namespace {

std::string_view firstWord(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  size_t j = i;
  while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '@' && line[j] != '"') ++j;
  return line.substr(i, j - i);
}

} // namespace

bool Parser::expect(Tok k, const char *what) {
  if (accept(k)) return true;
  if (atEnd()) return fail(std::string("expected ") + what + " before end of line");
  return fail(std::string("expected ") + what + ", found '" + peek().text.substr(0, 40) + "'");
}

bool Parser::expectEnd() {
  if (atEnd()) return true;
  return fail("unexpected '" + (peek().text.empty() ? std::string("token") : peek().text.substr(0, 40)) + "' at end of line");
}

bool Parser::parseTypeTok(Type &out, bool allowVoid) {
  if (peek().kind != Tok::Word) return fail("expected a type");
  auto t = parseType(peek().text);
  if (!t) return fail("unknown type '" + peek().text.substr(0, 40) + "'");
  if (!allowVoid && *t == Type::Void) return fail("'void' is not allowed here");
  next();
  out = *t;
  return true;
}

Module Parser::run() {
  const std::string &text = sm_.text(file_);
  size_t start = 0;
  line_ = 0;
  while (start <= text.size() && !diags_.full()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl;
    std::string_view raw(text.data() + start, end - start);
    ++line_;
    if (line_ == 1 && raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    std::string_view w = firstWord(raw);
    // `;` starts a comment on declaration lines, function headers included (upstream
    // accepts `func @f() -> i64 { ; note` and `func import @g(...) -> i64 ; note`); inside
    // bodies it does not, as upstream.
    bool semi = !inBody_ && (w == "il" || w == "target" || w == "extern" || w == "global" || w == "func");
    std::string_view body = stripComment(raw, semi);
    if (w == "il" && !inBody_) {
      parseVersionLine(body);
    } else if (tokenizeLine(body, file_, line_, diags_, toks_)) {
      pos_ = 0;
      if (!atEnd()) {
        if (inBody_) parseBodyLine();
        else parseTopLevel();
      }
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (inBody_) {
    diags_.error({file_, line_, 1}, "unexpected end of file: function @" + fn_->name + " is missing '}'");
    finishFunction();
  }
  if (!sawVersion_ && !reportedMissingVersion_)
    diags_.error({file_, 1, 1}, "missing 'il' version line (e.g. 'il 0.3.0')");
  resolveTypes();
  return std::move(mod_);
}

// `il VERSION`: the version is kept verbatim and never validated (spec/il.md §2), so it is
// read as a plain word rather than tokenized as a number (0.3.0 is not a float).
void Parser::parseVersionLine(std::string_view line) {
  size_t i = line.find("il") + 2;
  auto skip = [&] { while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i; };
  skip();
  size_t start = i;
  while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
  std::string_view version = line.substr(start, i - start);
  skip();
  SourceLoc loc{file_, line_, static_cast<uint32_t>(start + 1)};
  if (sawVersion_) { diags_.error({file_, line_, 1}, "duplicate 'il' version line"); return; }
  if (inBodyOrDecls_) diags_.error({file_, line_, 1}, "the 'il' version line must come first");
  sawVersion_ = true;
  if (version.empty()) { diags_.error(loc, "expected a version after 'il' (e.g. 'il 0.3.0')"); return; }
  if (i < line.size()) diags_.error({file_, line_, static_cast<uint32_t>(i + 1)}, "unexpected text after the version");
  mod_.version = std::string(version);
}

void Parser::parseTopLevel() {
  const Token &t = peek();
  inBodyOrDecls_ = true;
  if (!sawVersion_ && !reportedMissingVersion_) {
    reportedMissingVersion_ = true;
    fail("missing 'il' version line: the file must start with e.g. 'il 0.3.0'");
  }
  if (t.kind == Tok::Word && t.text == "target") {
    next();
    if (mod_.hasTarget) { fail("duplicate 'target' line"); return; }
    if (peek().kind != Tok::String) { fail("expected a string after 'target'"); return; }
    mod_.target = next().text;
    mod_.hasTarget = true;
    expectEnd();
    return;
  }
  if (t.kind == Tok::Word && t.text == "extern") { parseExtern(); return; }
  if (t.kind == Tok::Word && t.text == "global") { parseGlobal(); return; }
  if (t.kind == Tok::Word && t.text == "func") { parseFuncHeader(); return; }
  fail("expected 'extern', 'global' or 'func' at top level, found '" + t.text.substr(0, 40) + "'");
}

bool Parser::parseAttrs(std::vector<std::string> &attrs) {
  if (!accept(Tok::LBracket)) return true;
  while (true) {
    if (peek().kind != Tok::Word) return fail("expected an attribute name");
    attrs.push_back(next().text);
    if (accept(Tok::RBracket)) return true;
    if (!expect(Tok::Comma, "',' or ']'")) return false;
  }
}

bool Parser::parseParamList(Signature &sig, std::vector<Param> *params, bool namesRequired) {
  if (!expect(Tok::LParen, "'('")) return false;
  if (accept(Tok::RParen)) return true;
  while (true) {
    if (accept(Tok::Ellipsis)) {
      sig.variadic = true;
      return expect(Tok::RParen, "')' after '...'");
    }
    Param p;
    p.loc = here();
    if (peek().kind == Tok::Temp) {
      // Legacy `%name: T`.
      p.name = next().text;
      if (!expect(Tok::Colon, "':' after parameter name")) return false;
      if (!parseTypeTok(p.type, false)) return false;
    } else {
      if (!parseTypeTok(p.type, false)) return false;
      if (peek().kind == Tok::Temp) p.name = next().text;
      else if (namesRequired) return fail("expected a parameter name like %x");
    }
    if (p.type == Type::Error || p.type == Type::ResumeTok) {
      if (!params) { diags_.error(p.loc, "extern parameters may not have type " + std::string(typeName(p.type))); }
    }
    sig.params.push_back(p.type);
    if (params) params->push_back(std::move(p));
    if (accept(Tok::RParen)) return true;
    if (!expect(Tok::Comma, "',' or ')' in parameter list")) return false;
  }
}

bool Parser::parseExtern() {
  next();
  Extern e;
  e.loc = here();
  if (peek().kind != Tok::Symbol) return fail("expected @name after 'extern'");
  e.name = next().text;
  if (!parseParamList(e.sig, nullptr, false)) return false;
  if (!expect(Tok::Arrow, "'->' and a return type")) return false;
  if (!parseTypeTok(e.sig.ret, true)) return false;
  if (!parseAttrs(e.attrs)) return false;
  if (!expectEnd()) return false;
  mod_.externs.push_back(std::move(e));
  return true;
}

bool Parser::parseGlobal() {
  next();
  Global g;
  g.loc = here();
  if (peek().kind == Tok::Word && (peek().text == "export" || peek().text == "import")) {
    g.linkage = next().text == "export" ? Linkage::Export : Linkage::Import;
  }
  if (peek().kind == Tok::Word && peek().text == "const") { next(); g.isConst = true; }
  if (!parseTypeTok(g.type, false)) return false;
  if (peek().kind != Tok::Symbol) return fail("expected @name in global declaration");
  g.loc = here();
  g.name = next().text;
  if (accept(Tok::Equals)) {
    g.hasInit = true;
    const Token &v = peek();
    g.init.loc = here();
    if (v.kind == Tok::String) g.init = Value::str(v.text);
    else if (v.kind == Tok::Int) g.init = Value::integer(v.i);
    else if (v.kind == Tok::Float) g.init = Value::real(v.f);
    else if (v.kind == Tok::Word && v.text == "null") g.init = Value::null();
    else if (v.kind == Tok::Word && (v.text == "true" || v.text == "false")) g.init = Value::boolean(v.text == "true");
    else if (v.kind == Tok::Symbol) g.init = Value::global(v.text);  // an address: upstream's `ginit ::= SYMBOL`
    else return fail("expected an initializer literal");
    next();
  }
  if (!expectEnd()) return false;
  mod_.globals.push_back(std::move(g));
  return true;
}

bool Parser::parseFuncHeader() {
  next();
  mod_.functions.emplace_back();
  fn_ = &mod_.functions.back();
  inBody_ = true;  // even a malformed header opens a body, so its lines are not read as top level
  tempIds_.clear();
  labels_.clear();
  tempFirstUse_.clear();
  tempIsParam_.clear();
  curLoc_ = {};
  blockTerminated_ = false;
  fn_->loc = here();
  if (peek().kind == Tok::Word && (peek().text == "export" || peek().text == "import"))
    fn_->linkage = next().text == "export" ? Linkage::Export : Linkage::Import;
  if (peek().kind != Tok::Symbol) return fail("expected @name after 'func'");
  fn_->loc = here();
  fn_->name = next().text;
  if (!parseParamList(fn_->sig, &fn_->params, true)) return false;
  if (!expect(Tok::Arrow, "'->' and a return type")) return false;
  if (!parseTypeTok(fn_->sig.ret, true)) return false;
  if (!parseAttrs(fn_->attrs)) return false;
  for (auto &p : fn_->params) {
    if (!defineTemp(p.name, p.type, p.loc, p.temp)) continue;
    tempIsParam_[p.temp] = true;
  }
  if (fn_->linkage == Linkage::Import) {
    inBody_ = false;
    if (peek().kind == Tok::LBrace) return fail("an import function has no body");
    return expectEnd();
  }
  if (!expect(Tok::LBrace, "'{' at the end of the function header")) return false;
  return expectEnd();
}

void Parser::parseBodyLine() {
  const Token &t = peek();
  if (t.kind == Tok::RBrace) {
    next();
    expectEnd();
    finishFunction();
    return;
  }
  if (t.kind == Tok::Word && t.text == "func") {
    fail("missing '}' before the next function");
    finishFunction();
    parseFuncHeader();
    return;
  }
  if (t.kind == Tok::Word && t.text == ".loc") { parseLoc(); return; }
  // A label line ends with ':' (instructions never do).
  if (toks_.size() >= 2 && toks_[toks_.size() - 2].kind == Tok::Colon && t.kind != Tok::Temp) {
    parseLabelLine();
    return;
  }
  if (fn_->blocks.empty()) { fail("instruction before the first block label"); return; }
  if (blockTerminated_) {
    fail("instruction after the block's terminator (every block ends with exactly one terminator)");
    return;
  }
  parseInstr();
}

bool Parser::parseLoc() {
  next();
  int64_t v[3];
  for (int k = 0; k < 3; ++k) {
    if (peek().kind != Tok::Int || peek().i < 0 || peek().i > 0xFFFFFFFF) return fail(".loc expects three unsigned integers: FILE LINE COL");
    v[k] = next().i;
  }
  if (!expectEnd()) return false;
  curLoc_ = {static_cast<uint32_t>(v[0]), static_cast<uint32_t>(v[1]), static_cast<uint32_t>(v[2])};
  return true;
}

bool Parser::parseLabelLine() {
  Block b;
  // `handler` is a prefix only when a label follows it; `handler(...)`/`handler:` name a
  // block "handler" (both appear in upstream files).
  if (peek().kind == Tok::Word && peek().text == "handler" &&
      (peek(1).kind == Tok::Caret || peek(1).kind == Tok::Word || peek(1).kind == Tok::Int)) {
    next();
    b.handlerPrefix = true;
  }
  accept(Tok::Caret);
  b.loc = here();
  if (peek().kind != Tok::Word && peek().kind != Tok::Int) return fail("expected a block label");
  b.label = next().text;
  if (fn_->blocks.empty() && b.label != "entry" && b.label.rfind("entry_", 0) != 0)
    diags_.error(b.loc, "the first block must be named 'entry' or 'entry_*', not '" + b.label + "'");
  if (!labels_.insert(b.label).second) diags_.error(b.loc, "duplicate block label '" + b.label + "'");
  if (!blockTerminated_ && !fn_->blocks.empty())
    diags_.error(fn_->blocks.back().loc, "block '" + fn_->blocks.back().label + "' does not end with a terminator");
  bool isEntry = fn_->blocks.empty();
  if (accept(Tok::LParen) && !accept(Tok::RParen)) {
    std::unordered_set<std::string> names;  // (a block may take 100,000 parameters)
    while (true) {
      Param p;
      p.loc = here();
      if (peek().kind != Tok::Temp) return fail("expected a block parameter like %x:i64");
      p.name = next().text;
      if (!expect(Tok::Colon, "':' after block parameter name")) return false;
      if (!parseTypeTok(p.type, false)) return false;
      if (!names.insert(p.name).second) diags_.error(p.loc, "duplicate parameter %" + p.name + " in block '" + b.label + "'");
      b.params.push_back(std::move(p));
      if (accept(Tok::RParen)) break;
      if (!expect(Tok::Comma, "',' or ')'")) return false;
    }
  }
  if (!expect(Tok::Colon, "':' after block label")) return false;
  if (!expectEnd()) return false;
  if (isEntry) bindEntryParams(b);
  else
    for (auto &p : b.params) defineBlockParam(p);
  fn_->blocks.push_back(std::move(b));
  blockTerminated_ = false;
  return true;
}

// The function's parameters are one set of values (spec/il.md §2): entry parameter i *is*
// function parameter i, whatever either is called, so the caller's arguments bind to it in
// every engine and the bytecode compiler without a copy. Both names refer to it; the entry
// name wins where they differ (it is the one the body is written against).
void Parser::bindEntryParams(Block &entry) {
  std::vector<std::pair<std::string, uint32_t>> rebind;
  for (size_t i = 0; i < entry.params.size(); ++i) {
    Param &p = entry.params[i];
    // (A header that failed to parse may leave parameters without values.)
    if (i < fn_->params.size() && fn_->params[i].type == p.type && fn_->params[i].temp < fn_->temps.size() &&
        fn_->temps[fn_->params[i].temp].defined) {
      p.temp = fn_->params[i].temp;
      fn_->temps[p.temp].name = p.name;
      rebind.emplace_back(p.name, p.temp);
      continue;
    }
    // A count or type mismatch: a value of its own, which the verifier reports.
    auto it = tempIds_.find(p.name);
    if (it != tempIds_.end() && fn_->temps[it->second].defined) tempIds_.erase(it);
    defineTemp(p.name, p.type, p.loc, p.temp);
    tempIsParam_[p.temp] = true;
  }
  for (auto &[name, id] : rebind) tempIds_[name] = id;
}

// Block parameter names are scoped to their block: a parameter may reuse the name of an
// earlier block's (or the function's) parameter and is a new value; later text refers to
// the newest one. Instruction results stay function-wide SSA names.
void Parser::defineBlockParam(Param &p) {
  auto it = tempIds_.find(p.name);
  if (it != tempIds_.end() && fn_->temps[it->second].defined && tempIsParam_[it->second]) tempIds_.erase(it);
  defineTemp(p.name, p.type, p.loc, p.temp);
  tempIsParam_[p.temp] = true;
}

uint32_t Parser::useTemp(const std::string &name, SourceLoc loc) {
  auto it = tempIds_.find(name);
  if (it != tempIds_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(fn_->temps.size());
  fn_->temps.push_back({name, Type::I64, false});
  tempFirstUse_.push_back(loc);
  tempIsParam_.push_back(false);
  tempIds_.emplace(name, id);
  return id;
}

bool Parser::defineTemp(const std::string &name, Type type, SourceLoc loc, uint32_t &id) {
  id = useTemp(name, loc);
  TempInfo &t = fn_->temps[id];
  if (t.defined) {
    diags_.error(loc, "redefinition of %" + name + " (SSA values are defined once)");
    return false;
  }
  t.defined = true;
  t.type = type;
  return true;
}

void Parser::finishFunction() {
  inBody_ = false;
  if (!fn_) return;
  if (fn_->linkage != Linkage::Import && fn_->blocks.empty())
    diags_.error(fn_->loc, "function @" + fn_->name + " has no blocks");
  if (!fn_->blocks.empty() && !blockTerminated_)
    diags_.error(fn_->blocks.back().loc, "block '" + fn_->blocks.back().label + "' does not end with a terminator");
  // Resolve branch labels to block indices.
  std::unordered_map<std::string, int32_t> labels;
  for (size_t i = 0; i < fn_->blocks.size(); ++i) labels.emplace(fn_->blocks[i].label, static_cast<int32_t>(i));
  for (auto &b : fn_->blocks)
    for (auto &in : b.instrs)
      for (auto &t : in.targets) {
        auto it = labels.find(t.label);
        if (it == labels.end()) diags_.error(t.loc, "unknown block label '" + t.label + "'");
        else t.block = it->second;
      }
  for (size_t i = 0; i < fn_->temps.size(); ++i)
    if (!fn_->temps[i].defined)
      diags_.error(tempFirstUse_[i], "use of undefined value %" + fn_->temps[i].name);
  fn_ = nullptr;
}

} // namespace detail
} // namespace viper::il
