#include "support/source.hpp"

namespace viper {

const std::string SourceManager::kEmpty;

uint32_t SourceManager::add(std::string path, std::string text) {
  File f{std::move(path), std::move(text), {0}};
  for (size_t i = 0; i < f.text.size(); ++i)
    if (f.text[i] == '\n') f.lineStarts.push_back(i + 1);
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size());
}

const std::string &SourceManager::path(uint32_t id) const {
  return id >= 1 && id <= files_.size() ? files_[id - 1].path : kEmpty;
}

const std::string &SourceManager::text(uint32_t id) const {
  return id >= 1 && id <= files_.size() ? files_[id - 1].text : kEmpty;
}

std::string_view SourceManager::line(uint32_t id, uint32_t line) const {
  if (id < 1 || id > files_.size() || line == 0) return {};
  const File &f = files_[id - 1];
  if (line > f.lineStarts.size()) return {};
  size_t start = f.lineStarts[line - 1];
  size_t end = line < f.lineStarts.size() ? f.lineStarts[line] - 1 : f.text.size();
  if (start > f.text.size()) return {};
  std::string_view v(f.text.data() + start, end - start);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

} // namespace viper
