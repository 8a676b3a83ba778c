// Source files held in memory, with line lookup for diagnostics.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace viper {

/// A position in a source file. Lines and columns are 1-based; 0 means unknown.
struct SourceLoc {
  uint32_t file = 0;
  uint32_t line = 0;
  uint32_t col = 0;
  bool known() const { return line != 0; }
};

/// Owns the text of every file a compilation reads, so diagnostics can quote lines.
class SourceManager {
public:
  /// Adds a file and returns its id (ids start at 1; 0 is "no file").
  uint32_t add(std::string path, std::string text);
  const std::string &path(uint32_t id) const;
  const std::string &text(uint32_t id) const;
  /// The text of a 1-based line without its newline; empty if out of range.
  std::string_view line(uint32_t id, uint32_t line) const;
  size_t count() const { return files_.size(); }

private:
  struct File {
    std::string path;
    std::string text;
    std::vector<size_t> lineStarts;
  };
  std::vector<File> files_;
  static const std::string kEmpty;
};

} // namespace viper
