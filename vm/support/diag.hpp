// Diagnostics: every stage reports errors as values collected here, never by throwing.
#pragma once
#include "support/source.hpp"
#include <string>
#include <vector>

namespace viper {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string message;
};

/// Collects the diagnostics of one compilation. A stage keeps going after an error
/// where it can, so a user sees all the problems of a file at once.
class DiagnosticEngine {
public:
  /// Stop recording after this many errors: a binary file would otherwise yield millions.
  static constexpr size_t kMaxErrors = 100;

  void error(SourceLoc loc, std::string message);
  void warning(SourceLoc loc, std::string message);
  bool hasErrors() const { return errorCount_ > 0; }
  size_t errorCount() const { return errorCount_; }
  bool full() const { return errorCount_ >= kMaxErrors; }
  const std::vector<Diagnostic> &all() const { return diags_; }

  /// Renders `file:line:col: error: message`, the source line and a caret under the column.
  std::string render(const SourceManager &sm) const;
  static std::string render(const SourceManager &sm, const Diagnostic &d);

private:
  std::vector<Diagnostic> diags_;
  size_t errorCount_ = 0;
};

} // namespace viper
