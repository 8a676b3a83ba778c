#!/usr/bin/env bash
# Benchmarks: build viper (Release, build-bench/) and, when emscripten is installed and a
# wasm engine is asked for, the WebAssembly module (build-wasm-bench/), install the
# baselines, run the interleaved comparison (scripts/bench.py).
#   scripts/bench.sh [--rounds N] [--only fib,loop] [--engines bc,il,basic,zia,wasm,python3,lua5.4,luajit]
#                    [--no-callgrind] [--no-startup]
# Without emscripten, or with --engines not naming wasm*, the WASM column is left out.
# Environment: VIPER_BENCH_BUILD (default build-bench), VIPER_BENCH_WASM_BUILD (default
# build-wasm-bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${VIPER_BENCH_BUILD:-$root/build-bench}
wbuild=${VIPER_BENCH_WASM_BUILD:-$root/build-wasm-bench}
"$root/scripts/setup.sh" --bench
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target viper >/dev/null

engines=""
prev=""
for arg in "$@"; do
  [[ "$prev" == "--engines" ]] && engines=$arg
  [[ "$arg" == --engines=* ]] && engines=${arg#--engines=}
  prev=$arg
done
if [[ -z "$engines" || "$engines" == *wasm* ]]; then
  if command -v emcmake >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    # Emscripten 3.1.6's JS optimizer needs Debian's acorn (see the toolchain notes).
    export NODE_PATH=/usr/share/nodejs
    # dist/ goes into our own build directory, next to a copy of web/*.mjs (web/viper.mjs
    # imports ./dist/viper.js), so web/dist is never written.
    if [[ ! -f "$wbuild/build.ninja" ]]; then
      emcmake cmake -S "$root" -B "$wbuild" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DVIPER_WEB_DIST="$wbuild/web/dist" >/dev/null
    fi
    cmake --build "$wbuild" --target viper_web >/dev/null
    mkdir -p "$wbuild/web"
    cp "$root"/web/*.mjs "$wbuild/web/"
  else
    echo "bench: emscripten or node is not installed; the wasm engines are left out" >&2
  fi
fi
exec python3 "$root/scripts/bench.py" --viper "$build/vm/viper" --wasm-dir "$wbuild/web" "$@"
