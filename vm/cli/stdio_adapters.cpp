#include "cli/stdio_adapters.hpp"
#include <cstdio>

namespace viper::cli {

void StdoutSink::write(std::string_view bytes) {
  buf_.append(bytes);
  if (buf_.size() >= 1 << 16) flush();
}

void StdoutSink::flush() {
  if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), stdout);
  buf_.clear();
  std::fflush(stdout);
}

bool StdinSource::readLine(std::string &line) {
  line.clear();
  int c;
  bool any = false;
  while ((c = std::fgetc(stdin)) != EOF) {
    any = true;
    if (c == '\n') return true;
    line.push_back(static_cast<char>(c));
  }
  return any;
}

} // namespace viper::cli
