// Native adapters: the runtime's output sink and input source on stdout/stdin.
#pragma once
#include "runtime/context.hpp"
#include <string>

namespace viper::cli {

/// Buffers output and writes it to stdout in large chunks (flushed at exit, before
/// input and before a trap message).
class StdoutSink final : public rt::OutputSink {
public:
  ~StdoutSink() override { flush(); }
  void write(std::string_view bytes) override;
  void flush() override;

private:
  std::string buf_;
};

class StdinSource final : public rt::InputSource {
public:
  bool readLine(std::string &line) override;
};

} // namespace viper::cli
