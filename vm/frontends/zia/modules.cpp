// Zia multi-file programs: resolving `bind "./file"` and merging the files' declarations.
#include "frontends/zia/modules.hpp"
#include "frontends/zia/lexer.hpp"
#include "frontends/zia/parser.hpp"
#include <algorithm>

namespace viper::zia {

namespace {

// Upstream's limit on nested binds (zia-reference.md, Circular Bind Protection).
constexpr size_t kMaxBindDepth = 50;

std::string normalize(const std::string &path) {
  const bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string part = path.substr(i, j - i);
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back(part);
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < parts.size(); ++k) out += (k ? "/" : "") + parts[k];
  return out;
}

struct Loader {
  const SourceManager &sm;
  DiagnosticEngine &diags;
  Program out;
  std::vector<uint32_t> stack;  ///< the files being loaded, outermost first
  std::vector<uint32_t> done;

  uint32_t find(const std::string &path) const {
    for (uint32_t id = 1; id <= sm.count(); ++id)
      if (normalize(sm.path(id)) == path) return id;
    return 0;
  }

  static std::string shortName(const std::string &p) {
    const size_t slash = p.rfind('/');
    return slash == std::string::npos ? p : p.substr(slash + 1);
  }

  void load(uint32_t id) {
    stack.push_back(id);
    Program p = parse(lex(sm.text(id), id, diags), diags);
    for (const Bind &b : p.binds) {
      if (!b.isFile) continue;
      const std::string target = bindTarget(sm.path(id), b.path[0]);
      const uint32_t t = find(target);
      if (t == 0) {
        diags.error(b.loc, "cannot find the bound file '" + b.path[0] + "' (" + target + ")");
        continue;
      }
      if (std::find(stack.begin(), stack.end(), t) != stack.end()) {
        std::string chain;
        for (auto it = std::find(stack.begin(), stack.end(), t); it != stack.end(); ++it) chain += shortName(sm.path(*it)) + " -> ";
        diags.error(b.loc, "bind cycle: " + chain + shortName(sm.path(t)));
        continue;
      }
      if (std::find(done.begin(), done.end(), t) != done.end()) continue;  // bound already (a diamond)
      if (stack.size() >= kMaxBindDepth) {
        diags.error(b.loc, "binds nest more than " + std::to_string(kMaxBindDepth) + " files deep");
        continue;
      }
      load(t);
    }
    stack.pop_back();
    done.push_back(id);
    // The entry file's module name is the program's; runtime binds apply to the whole
    // program (one name space for all files).
    if (stack.empty()) out.module = p.module;
    for (auto &b : p.binds)
      if (!b.isFile) out.binds.push_back(std::move(b));
    for (auto &f : p.funcs) out.funcs.push_back(std::move(f));
    for (auto &c : p.classes) out.classes.push_back(std::move(c));
    for (auto &g : p.globals) out.globals.push_back(std::move(g));
    for (auto &e : p.enums) out.enums.push_back(std::move(e));
  }
};

} // namespace

std::string bindTarget(const std::string &importer, const std::string &spec) {
  const size_t slash = importer.rfind('/');
  std::string dir = slash == std::string::npos ? "" : importer.substr(0, slash + 1);
  std::string path = !spec.empty() && spec[0] == '/' ? spec : dir + spec;
  const size_t last = path.rfind('/');
  const std::string base = last == std::string::npos ? path : path.substr(last + 1);
  if (base.find('.') == std::string::npos || base == "." || base == "..") path += ".zia";
  return normalize(path);
}

std::vector<std::string> fileBinds(const std::string &path, std::string_view text) {
  DiagnosticEngine ignored;  // the compile reports these errors
  std::vector<Token> toks = lex(text, 1, ignored);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < toks.size(); ++i)
    if (toks[i].kind == Tok::Keyword && toks[i].text == "bind" && toks[i + 1].kind == Tok::Str)
      out.push_back(bindTarget(path, toks[i + 1].text));
  return out;
}

Program loadProgram(const SourceManager &sm, uint32_t fileId, DiagnosticEngine &diags) {
  Loader l{sm, diags, {}, {}, {}};
  l.load(fileId);
  return std::move(l.out);
}

} // namespace viper::zia
