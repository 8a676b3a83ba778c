#!/usr/bin/env bash
# libFuzzer runs (clang, ASan + UBSan): scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   targets: fuzz_il fuzz_basic fuzz_zia (compile only), fuzz_run_il fuzz_run_basic fuzz_run_zia (compile, then
#   run on both engines under a step budget; the engines must agree),
#   fuzz_bc (random words patched into compiled programs: what the bytecode verifier
#   accepts must run without a crash).
# Seeds come from the golden and bad-input programs; a finding is written to
# build-fuzz/findings/ and fails the run. The test command runs each target briefly;
# run it longer by hand (e.g. scripts/fuzz.sh 900). VIPER_FUZZ_SEED fixes libFuzzer's
# random seed (the test command uses 1; 0 means a new one each run).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${VIPER_FUZZ_BUILD_DIR:-$root/build-fuzz}
secs=${1:-30}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(fuzz_il fuzz_basic fuzz_run_il fuzz_run_basic fuzz_zia fuzz_run_zia fuzz_bc)
cmake -S "$root" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DVIPER_FUZZ=ON -DVIPER_BUILD_TESTS=OFF -DVIPER_BUILD_CLI=OFF -DVIPER_COMPUTED_GOTO=OFF >/dev/null
cmake --build "$out" -j "$(nproc)" >/dev/null
mkdir -p "$out/findings"
for t in "${targets[@]}"; do
  case $t in *il) ext=il ;; *zia) ext=zia ;; *bc) ext=bc ;; *) ext=bas ;; esac
  seeds="$out/seeds/$ext"; corpus="$out/corpus/$t"
  mkdir -p "$seeds" "$corpus"
  cp "$root"/native-tests/golden/"${ext/bas/basic}"/*."$ext" "$root"/native-tests/bad/"${ext/bas/basic}"/*."$ext" "$seeds"/ 2>/dev/null || true
  # fuzz_bc patches compiled golden programs: its seeds are a few patch lists.
  [ "$t" = fuzz_bc ] && for k in 0 1 2 3 4 5 6 7; do printf "%066d" "$k" > "$seeds/seed$k"; done
  printf '%-16s %4ss: ' "$t" "$secs"
  # -rss_limit_mb bounds memory; -timeout flags a single input that runs over 10 s.
  if ! ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      "$out/native-tests/fuzz/$t" -seed="${VIPER_FUZZ_SEED:-0}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2560 -max_len=65536 \
      -artifact_prefix="$out/findings/$t-" -print_final_stats=1 "$corpus" "$seeds" >"$out/$t.log" 2>&1; then
    echo "FAILED (see $out/$t.log and $out/findings/)"
    tail -40 "$out/$t.log"
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$out/$t.log" | tr '\n' ' '; echo
done
