// Internal: per-function verification state shared by verifier.cpp and verifier_instr.cpp.
#pragma once
#include "il/cfg.hpp"
#include "il/symbols.hpp"
#include "il/verifier.hpp"
#include <string>

namespace viper::il::detail {

class FunctionVerifier {
public:
  FunctionVerifier(const SymbolIndex &m, const Function &fn, DiagnosticEngine &diags, const SignatureLookup &lookup,
                   VerifyOptions opts)
      : m_(m), fn_(fn), diags_(diags), lookup_(lookup), opts_(opts) {}
  void run();

private:
  // verifier_instr.cpp
  void checkInstr(const Block &b, size_t index, const Instr &in);
  bool checkValue(const Instr &in, const Value &v, Type expected, const std::string &what);
  std::optional<Type> valueType(const Value &v) const;
  void checkTargetArgs(const Instr &in, const Target &t);
  void checkCall(const Instr &in);
  void checkConvert(const Instr &in);
  void checkEh(const Instr &in, const Block &b, size_t index);

  // verifier.cpp
  void checkSsa();
  void checkEhBalance();
  void checkUseAfterRelease(const Block &b);
  void error(SourceLoc loc, const std::string &msg);
  SourceLoc locOf(const Instr &in) const { return in.textLoc; }

  const SymbolIndex &m_;  ///< the module's declarations by name
  const Function &fn_;
  DiagnosticEngine &diags_;
  const SignatureLookup &lookup_;
  VerifyOptions opts_;
};

} // namespace viper::il::detail
