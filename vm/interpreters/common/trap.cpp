#include "interpreters/common/trap.hpp"

namespace viper::exec {

std::string formatTrap(const TrapInfo &t, const std::vector<std::string> &fileNames) {
  std::string s = "Trap @" + t.function + ":" + t.block + "#" + std::to_string(t.ip);
  if (t.loc.known()) {
    if (t.loc.file >= 1 && t.loc.file <= fileNames.size())
      s += " (" + fileNames[t.loc.file - 1] + ":" + std::to_string(t.loc.line) + ":" + std::to_string(t.loc.col) + ")";
    else
      s += " line " + std::to_string(t.loc.line);
  }
  s += ": " + std::string(rt::trapKindName(t.kind)) + " (code=" + std::to_string(t.code) + ")";
  if (!t.message.empty()) s += ": " + t.message;
  return s;
}

} // namespace viper::exec
