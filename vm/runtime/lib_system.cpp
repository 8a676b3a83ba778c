// Viper.System.Environment: program arguments, the run's environment variables and Exit
// (upstream docs viperlib/system.md). Arguments and variables live on the Context, never
// in the process: many VMs share a process and the WASM build has no environment.
#include "runtime/lib.hpp"
#include "runtime/rt_string.hpp"

namespace viper::rt::lib {
namespace {

std::string_view V(const Slot *a, int i) { return strView(static_cast<Str>(a[i].p)); }

// Empty names and names or values with a NUL byte trap (upstream: they cannot be C
// environment strings). Returns false after raising.
bool checkName(Context &ctx, std::string_view name, const char *fn) {
  if (name.empty()) {
    ctx.raise(TrapKind::DomainError, std::string("Viper.System.Environment.") + fn + ": empty variable name");
    return false;
  }
  if (name.find('\0') != std::string_view::npos) {
    ctx.raise(TrapKind::DomainError, std::string("Viper.System.Environment.") + fn + ": variable name contains a NUL byte");
    return false;
  }
  return true;
}

} // namespace

RT_IMPL(envArgCount) { r->i = static_cast<int64_t>(ctx.args.size()); }

RT_IMPL(envArg) {
  const int64_t i = a[0].i, n = static_cast<int64_t>(ctx.args.size());
  if (i < 0 || i >= n) {
    ctx.raise(TrapKind::DomainError, "Viper.System.Environment.GetArgument: index " + std::to_string(i) +
                                         " out of range (argument count " + std::to_string(n) + ")");
    return;
  }
  r->p = strNew(ctx, ctx.args[static_cast<size_t>(i)]);
}

// A display form: the arguments joined with one space, no quoting (as upstream).
RT_IMPL(envCommandLine) {
  std::string line;
  for (size_t i = 0; i < ctx.args.size(); ++i) {
    if (i) line += ' ';
    line += ctx.args[i];
  }
  r->p = strNew(ctx, line);
}

RT_IMPL(envGetVar) {
  if (!checkName(ctx, V(a, 0), "GetVariable")) return;
  auto it = ctx.environment.find(std::string(V(a, 0)));
  r->p = strNew(ctx, it == ctx.environment.end() ? std::string_view() : std::string_view(it->second));
}

RT_IMPL(envHasVar) {
  if (!checkName(ctx, V(a, 0), "HasVariable")) return;
  r->i = ctx.environment.count(std::string(V(a, 0))) ? 1 : 0;
}

RT_IMPL(envSetVar) {
  if (!checkName(ctx, V(a, 0), "SetVariable")) return;
  if (V(a, 1).find('\0') != std::string_view::npos) {
    ctx.raise(TrapKind::DomainError, "Viper.System.Environment.SetVariable: value contains a NUL byte");
    return;
  }
  ctx.environment[std::string(V(a, 0))] = std::string(V(a, 1));
}

// Does not return to the program: the engine ends the run with this status (the host's
// exit-status width still applies, like a `ret` from @main).
RT_IMPL(envExit) { ctx.requestExit(a[0].i); }

} // namespace viper::rt::lib
