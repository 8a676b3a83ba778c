#!/usr/bin/env bash
# The main command: set up, build, and run the viper CLI.
#   scripts/run.sh                      build, then run the demo program
#   scripts/run.sh run prog.bas         build, then `viper run prog.bas` (any viper arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target viper
viper="$root/build/vm/viper"
if (($# == 0)); then
  echo "built $viper; running the demo (pass arguments to run your own program):"
  exec "$viper" run "$root/examples/demo.bas"
fi
exec "$viper" "$@"
