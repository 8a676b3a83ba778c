#!/usr/bin/env bash
# Installs what the project needs and is missing (idempotent; Debian/apt-get).
#   scripts/setup.sh          build + test tools (compilers, cmake, ninja, GoogleTest, Emscripten,
#                             valgrind, Node.js + npm for the WASM tests and the playground,
#                             Chromium for the playground's browser tests)
#   scripts/setup.sh --bench  also the benchmark baselines (lua5.4, luajit, python3)
set -euo pipefail

packages=(cmake ninja-build g++ clang libgtest-dev emscripten binaryen valgrind chromium)
# Node 18+ is needed (node --test, worker_threads); a newer one installed some other way is kept.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [[ "${1:-}" == "--bench" ]]; then packages+=(lua5.4 luajit python3); fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
