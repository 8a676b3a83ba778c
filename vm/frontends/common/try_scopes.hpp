// Structured exits and exception handling, shared by the front ends (spec/il.md §8).
//
// A TRY (BASIC) or try (Zia) statement lowers to: eh.push of a handler block, the body,
// eh.pop and a branch to the finally block on the normal path; the handler block (params
// Error, ResumeTok) pops its handler first, so the catch body runs at the statement's
// outer depth like the normal path, then resumes at the finally block. An early exit
// (EXIT, RETURN, break, continue) that leaves TRY blocks pops their handlers and runs
// their finally bodies on the way out, innermost first.
#pragma once
#include "frontends/common/il_builder.hpp"
#include <functional>
#include <vector>

namespace viper::fe {

/// Body is the front end's statement list; `lower` emits one (a finally body) at the
/// current point and leaves the current block open.
template <class Body> class TryScopes {
public:
  using LowerBody = std::function<void(const Body &)>;
  TryScopes(IRBuilder &b, LowerBody lower) : b_(b), lower_(std::move(lower)) {}

  /// TRY blocks open at this point of the lowering (loops record it to know what an exit
  /// leaves).
  int depth() const { return depth_; }
  void reset() {
    depth_ = 0;
    finallies_.clear();
  }

  /// The blocks of one TRY statement.
  struct Try {
    uint32_t handler = 0, finally = 0, after = 0;
    size_t pending = 0;  ///< finallies_ size before this TRY's own
  };

  /// Starts a TRY: installs its handler; `finallyBody` (null if none) runs on early exits.
  Try begin(const Body *finallyBody) {
    Try t;
    t.handler = b_.newHandlerBlock("catch");
    t.finally = b_.newBlock("finally");
    t.after = b_.newBlock("end_try");
    t.pending = finallies_.size();
    if (finallyBody) finallies_.push_back({finallyBody, depth_});
    b_.ehPush(t.handler);
    ++depth_;
    return t;
  }
  /// The body is lowered: the normal path takes the handler off and goes to finally.
  void endBody(const Try &t) {
    --depth_;
    if (!b_.terminated()) {
      b_.ehPop();
      b_.br(t.finally);
    }
  }
  /// Makes the handler block current, its handler removed; returns (Error, ResumeTok).
  std::pair<il::Value, il::Value> enterHandler(const Try &t) {
    b_.setBlock(t.handler);
    b_.ehPop();  // handlers stay installed while they serve a trap (DEVELOPERS.md)
    return {b_.blockParam(t.handler, 0), b_.blockParam(t.handler, 1)};
  }
  /// The catch body is lowered: the trap is done with and control goes to finally. The
  /// finally block becomes current; the caller lowers the finally body there, then end().
  void endHandler(const Try &t, il::Value resumeTok) {
    if (!b_.terminated()) b_.resumeLabel(resumeTok, t.finally);
    finallies_.resize(t.pending);
    b_.setBlock(t.finally);
  }
  void end(const Try &t) {
    if (!b_.terminated()) b_.br(t.after);
    b_.setBlock(t.after);
  }

  /// An early exit to TRY depth `target`: handlers come off and finally bodies run,
  /// innermost first, each with only the finallies outside it still pending (a finally
  /// body that exits early itself must not rerun its own).
  void leaveTo(int target) {
    const auto saved = finallies_;
    const int savedDepth = depth_;
    while (!finallies_.empty() && finallies_.back().depth >= target) {
      Finally f = finallies_.back();
      finallies_.pop_back();
      popHandlers(f.depth);
      depth_ = f.depth;
      lower_(*f.body);
    }
    popHandlers(target);
    finallies_ = saved;
    depth_ = savedDepth;
  }

private:
  void popHandlers(int downTo) {
    for (int d = depth_; d > downTo; --d) b_.ehPop();
  }

  struct Finally {
    const Body *body;
    int depth;  ///< the TRY depth outside its TRY
  };
  IRBuilder &b_;
  LowerBody lower_;
  int depth_ = 0;
  std::vector<Finally> finallies_;  ///< finally bodies an early exit must run, innermost last
};

} // namespace viper::fe
