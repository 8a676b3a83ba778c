#!/usr/bin/env bash
# The test command: every test, from a clean build directory per configuration.
#   1. GCC Release, VM with computed-goto dispatch: unit, golden (every engine),
#      differential, bad-input and CLI tests
#   2. Clang with AddressSanitizer + UndefinedBehaviorSanitizer, VM with the portable
#      switch dispatch: the same suite, zero reports
#   3. Emscripten: the WASM module (web/dist), then the Node tests in wasm-tests/ (the golden
#      corpus through the JS API and through web/cli.mjs against the native CLI, the API,
#      bad input, the worker protocol)
#   4. The playground: npm ci, Vite build, end-to-end tests in headless Chromium
#   5. libFuzzer (clang, ASan+UBSan): each fuzz target runs briefly (scripts/fuzz.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${VIPER_TEST_BUILD_DIR:-$root/build-test}
"$root/scripts/setup.sh"
jobs=$(nproc)

# Each stage prints the wall time so far: CI on a clean clone has a time limit.
start=$(date +%s)
step() { printf '\n=== [%4ds] %s\n' "$(( $(date +%s) - start ))" "$*"; }

step "GCC Release build (computed-goto VM) + tests"
cmake -S "$root" -B "$out/gcc" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ -DVIPER_COMPUTED_GOTO=ON >/dev/null
cmake --build "$out/gcc" -j "$jobs"
ctest --test-dir "$out/gcc" -j "$jobs" --timeout 300 --output-on-failure

step "Clang + ASan/UBSan build (switch-dispatch VM) + tests"
# -O1: the sanitizers' own advice; at -O0 the suite ran 1,334 s, most of the whole run.
cmake -S "$root" -B "$out/asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" -DCMAKE_CXX_COMPILER=clang++ \
  -DVIPER_SANITIZE=ON -DVIPER_COMPUTED_GOTO=OFF >/dev/null
cmake --build "$out/asan" -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir "$out/asan" -j "$jobs" --timeout 600 --output-on-failure

step "WebAssembly module + Node tests (wasm-tests/)"
VIPER_WASM_BUILD_DIR="$out/wasm" VIPER_NATIVE_CLI="$out/gcc/vm/viper" "$root/wasm-tests/run.sh"

step "Playground: build + browser tests (playground/test.sh)"
VIPER_WASM_BUILD_DIR="$out/wasm" "$root/playground/test.sh"

step "libFuzzer targets (IL, BASIC, Zia: compile-only and run-on-both-engines; bytecode verifier), 20 s each"
VIPER_FUZZ_SEED=1 VIPER_FUZZ_BUILD_DIR="$out/fuzz" "$root/scripts/fuzz.sh" 20 fuzz_il fuzz_basic fuzz_run_il fuzz_run_basic fuzz_zia fuzz_run_zia fuzz_bc

step "all tests passed"
