#include "support/diag.hpp"

namespace viper {

void DiagnosticEngine::error(SourceLoc loc, std::string message) {
  if (errorCount_ >= kMaxErrors) return;
  ++errorCount_;
  diags_.push_back({Severity::Error, loc, std::move(message)});
  if (errorCount_ == kMaxErrors)
    diags_.push_back({Severity::Note, loc, "too many errors; stopping"});
}

void DiagnosticEngine::warning(SourceLoc loc, std::string message) {
  if (diags_.size() > 4 * kMaxErrors) return;
  diags_.push_back({Severity::Warning, loc, std::move(message)});
}

std::string DiagnosticEngine::render(const SourceManager &sm, const Diagnostic &d) {
  std::string out;
  const std::string &path = sm.path(d.loc.file);
  out += path.empty() ? "<input>" : path;
  if (d.loc.line) {
    out += ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col ? d.loc.col : 1);
  }
  out += d.severity == Severity::Error ? ": error: " : d.severity == Severity::Warning ? ": warning: " : ": note: ";
  out += d.message;
  out += '\n';
  std::string_view line = sm.line(d.loc.file, d.loc.line);
  if (!line.empty()) {
    // Long lines (a 1 MB line of garbage) are clipped around the column.
    constexpr size_t kWidth = 160;
    size_t col = d.loc.col ? d.loc.col - 1 : 0;
    size_t start = col > kWidth / 2 ? col - kWidth / 2 : 0;
    if (start > line.size()) start = line.size();
    std::string_view shown = line.substr(start, kWidth);
    out += "  ";
    for (char c : shown) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    out += "\n  ";
    for (size_t i = start; i < col && i - start < kWidth; ++i) out += (line[i] == '\t' ? '\t' : ' ');
    out += "^\n";
  }
  return out;
}

std::string DiagnosticEngine::render(const SourceManager &sm) const {
  std::string out;
  for (const auto &d : diags_) out += render(sm, d);
  return out;
}

} // namespace viper
