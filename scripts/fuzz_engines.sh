#!/usr/bin/env bash
# Long differential run by hand: random IL programs on the bytecode VM and the reference
# interpreter must agree.  scripts/fuzz_engines.sh [COUNT] [FIRST_SEED]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-100000}; first=${2:-1000}
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target viper_golden_tests >/dev/null
VIPER_RANDOM_SEEDS=$count VIPER_RANDOM_FIRST=$first \
  "$root/build/native-tests/viper_golden_tests" --gtest_filter='RandomPrograms.BothEnginesAgree'
