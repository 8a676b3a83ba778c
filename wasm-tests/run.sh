#!/usr/bin/env bash
# Builds the WebAssembly module (web/dist/viper.{js,wasm}) if it is missing or stale, then
# runs the Node tests in wasm-tests/ (node --test: TAP lines and a "# pass N / # fail N"
# summary). The CLI comparison needs the native CLI: VIPER_NATIVE_CLI, else build/vm/viper
# (built here if missing).
#   wasm-tests/run.sh               build + every test
#   wasm-tests/run.sh --build-only  just the module
#   wasm-tests/run.sh FILE...       build + the named test files
# Environment: VIPER_WASM_BUILD_DIR (default build-wasm), VIPER_CLI_ALL=1 (the whole
# corpus through the CLI on both engines, slow).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${VIPER_WASM_BUILD_DIR:-$root/build-wasm}
jobs=$(nproc)
# Emscripten 3.1.6's JS optimizer needs Debian's acorn (see the toolchain notes).
export NODE_PATH=/usr/share/nodejs

if [[ ! -f "$build/build.ninja" ]]; then
  emcmake cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j "$jobs" --target viper_web
[[ "${1:-}" == "--build-only" ]] && exit 0

if [[ -z "${VIPER_NATIVE_CLI:-}" ]]; then
  export VIPER_NATIVE_CLI=$root/build/vm/viper
  if [[ ! -x "$VIPER_NATIVE_CLI" ]]; then
    cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build" -j "$jobs" --target viper
  fi
fi

cd "$root"
if (($#)); then node --test "$@"; else node --test wasm-tests/; fi
