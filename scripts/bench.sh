#!/usr/bin/env bash
# Benchmarks: build viper (Release), install the baselines, run the interleaved comparison.
#   scripts/bench.sh [--rounds N] [--only fib,loop] [--engines bc,il] [--no-callgrind]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" --bench
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target viper >/dev/null
exec python3 "$root/scripts/bench.py" --viper "$root/build/vm/viper" "$@"
