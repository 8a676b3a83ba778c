#!/usr/bin/env bash
# The main command: set up, build the CLI, the WebAssembly module and the playground, and
# serve the playground on http://127.0.0.1:8080 (Ctrl+C stops it).
#   scripts/run.sh                      build everything, serve the playground
#   scripts/run.sh --port N             ... on port N
#   scripts/run.sh run prog.zia         build the CLI, then `viper run prog.zia` (any viper arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" --target viper
viper="$root/build/vm/viper"
if (($# > 0)) && [[ "$1" != --port ]]; then exec "$viper" "$@"; fi
port=8080
if (($# == 2)); then port=$2; fi
echo "built $viper (try: $viper run examples/demo.bas)"
"$root/wasm-tests/run.sh" --build-only
(cd "$root/playground" && npm ci --no-audit --no-fund && npm run build)
exec node "$root/playground/serve.mjs" --port "$port"
