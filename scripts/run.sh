#!/usr/bin/env bash
# The main command: set up, build, and run the viper CLI.
#   scripts/run.sh                      build, then run the demo program
#   scripts/run.sh run prog.il          build, then `viper run prog.il` (any viper arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target viper
viper="$root/build/vm/viper"
if (($# == 0)); then
  echo "built $viper; running the demo (pass arguments to run your own program):"
  exec "$viper" run "$root/native-tests/golden/il/fib.il"
fi
exec "$viper" "$@"
