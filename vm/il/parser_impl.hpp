// Internal state of the IL parser, shared by parser.cpp (module structure) and
// parser_instr.cpp (instruction operands). Not part of the public interface.
#pragma once
#include "il/lexer.hpp"
#include "il/parser.hpp"
#include <unordered_map>
#include <unordered_set>

namespace viper::il::detail {

class Parser {
public:
  Parser(const SourceManager &sm, uint32_t file, DiagnosticEngine &diags, const SignatureLookup &lookup)
      : sm_(sm), file_(file), diags_(diags), lookup_(lookup) {}
  Module run();

private:
  // --- token cursor over the current line ---
  const Token &peek(size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  const Token &next() { const Token &t = toks_[pos_]; if (pos_ + 1 < toks_.size()) ++pos_; return t; }
  bool accept(Tok k) { if (peek().kind == k) { next(); return true; } return false; }
  bool atEnd() const { return peek().kind == Tok::End; }
  SourceLoc here() const { return {file_, line_, peek().col}; }
  SourceLoc locOf(const Token &t) const { return {file_, line_, t.col}; }
  /// Reports an error at the current token; returns false so callers can `return fail(...)`.
  bool fail(const std::string &msg) { diags_.error(here(), msg); return false; }
  bool expect(Tok k, const char *what);
  bool expectEnd();
  bool parseTypeTok(Type &out, bool allowVoid);

  // --- declarations (parser.cpp) ---
  void parseTopLevel();
  void parseVersionLine(std::string_view line);
  bool parseExtern();
  bool parseGlobal();
  bool parseFuncHeader();
  bool parseParamList(Signature &sig, std::vector<Param> *params, bool namesRequired);
  void parseBodyLine();
  bool parseLabelLine();
  bool parseLoc();
  void finishFunction();
  void resolveTypes();

  // --- instructions (parser_instr.cpp) ---
  bool parseInstr();
  bool parseOperands(Instr &in);
  bool parseValue(Value &out);
  bool parseTarget(Target &out, bool allowArgs = true);
  bool parseCallArgs(Instr &in);
  bool parseAttrs(std::vector<std::string> &attrs);

  // --- SSA names ---
  uint32_t useTemp(const std::string &name, SourceLoc loc);
  bool defineTemp(const std::string &name, Type type, SourceLoc loc, uint32_t &id);
  void bindEntryParams(Block &entry);
  void defineBlockParam(Param &p);

  const SourceManager &sm_;
  uint32_t file_;
  DiagnosticEngine &diags_;
  const SignatureLookup &lookup_;
  Module mod_;

  std::vector<Token> toks_;
  size_t pos_ = 0;
  uint32_t line_ = 0;
  bool sawVersion_ = false;
  bool reportedMissingVersion_ = false;
  bool inBodyOrDecls_ = false;  // a declaration has been seen (the version must precede it)

  // Function being parsed (inBody_ true between its header and '}').
  bool inBody_ = false;
  Function *fn_ = nullptr;
  std::unordered_map<std::string, uint32_t> tempIds_;
  std::unordered_set<std::string> labels_;  // the function's block labels so far
  std::vector<SourceLoc> tempFirstUse_;
  std::vector<bool> tempIsParam_;  // defined as a function or block parameter
  SourceLoc curLoc_;             // from the last .loc directive
  bool blockTerminated_ = false;
};

} // namespace viper::il::detail
