#!/bin/sh
# The playground's build and end-to-end tests: npm ci, the WASM module if it is missing,
# the static build, then the browser tests (headless /usr/bin/chromium via playwright-core).
#   playground/test.sh            everything
# Needs Node >= 20, npm, /usr/bin/chromium (Debian's `chromium`), and for a missing module
# Emscripten (Debian's `emscripten`).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$here"

npm ci --no-audit --no-fund

if [ ! -f "$repo/web/dist/viper.wasm" ] || [ ! -f "$repo/web/dist/viper.js" ]; then
  echo "playground/test.sh: building the WASM module (web/dist/)"
  if pgrep -f "ninja.*build-wasm" >/dev/null 2>&1; then
    echo "playground/test.sh: another build is running in build-wasm; waiting for it"
    while pgrep -f "ninja.*build-wasm" >/dev/null 2>&1; do sleep 5; done
  fi
  if [ ! -f "$repo/web/dist/viper.wasm" ]; then
    NODE_PATH=/usr/share/nodejs emcmake cmake -S "$repo" -B "$repo/build-wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release
    NODE_PATH=/usr/share/nodejs ninja -C "$repo/build-wasm" viper_web
  fi
fi

npm run build
if [ ! -x /usr/bin/chromium ]; then
  echo "playground/test.sh: /usr/bin/chromium is missing (apt-get install -y chromium)" >&2
  exit 1
fi
node --test --test-concurrency=1 tests/
