#!/usr/bin/env bash
# AArch64 cross build and test run: GCC cross compiler (Debian g++-aarch64-linux-gnu), every
# test binary under qemu-aarch64 (qemu-user), GoogleTest built from /usr/src/googletest.
#   scripts/aarch64.sh    configure + build build-aarch64 (default options: computed-goto VM), run the tests
# Environment: VIPER_AARCH64_BUILD_DIR (default build-aarch64), VIPER_AARCH64_JOBS (default 2).
# The valgrind tests are skipped (valgrind is a host tool). Tests that run the viper CLI by its
# path (scripts, cli_demo) get a qemu wrapper in its place: the same command line otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${VIPER_AARCH64_BUILD_DIR:-$root/build-aarch64}
jobs=${VIPER_AARCH64_JOBS:-2}
sysroot=/usr/aarch64-linux-gnu

packages=(cmake ninja-build libgtest-dev python3 g++-aarch64-linux-gnu qemu-user)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "aarch64: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

step() { printf '\n=== %s\n' "$*"; }

step "AArch64 cross build ($out)"
t0=$(date +%s)
cmake -S "$root" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_TOOLCHAIN_FILE="$root/scripts/aarch64-toolchain.cmake" >/dev/null
cmake --build "$out" -j "$jobs"
t1=$(date +%s)

step "Tests under qemu-aarch64"
# Tests whose command is the bare target (the GoogleTest binaries) run through
# CMAKE_CROSSCOMPILING_EMULATOR. The others name $<TARGET_FILE:viper> (directly or as a
# script's argument): they run with ctest's own command lines (from --show-only=json-v1),
# the viper binary replaced by a wrapper that runs it under qemu-aarch64.
wrapper="$out/viper-qemu"
printf '#!/bin/sh\nexec qemu-aarch64 -L %s %s "$@"\n' "$sysroot" "$(readlink -f "$out/vm/viper")" >"$wrapper"
chmod +x "$wrapper"
wrapped() {  # wrapped list|run
  ctest --test-dir "$out" --show-only=json-v1 | python3 -c '
import json, re, subprocess, sys
mode, viper, wrapper = sys.argv[1:4]
passed = failed = 0
names = []
for t in json.load(sys.stdin)["tests"]:
    name, cmd = t["name"], t["command"]
    if name.startswith("valgrind_") or cmd[0].endswith("qemu-aarch64") or viper not in cmd:
        continue
    names.append(name)
    if mode == "list":
        continue
    cmd = [wrapper if a == viper else a for a in cmd]
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    r = subprocess.run(cmd, cwd=props.get("WORKING_DIRECTORY"), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, errors="replace", timeout=1800)
    want = props.get("PASS_REGULAR_EXPRESSION") or []
    want = [want] if isinstance(want, str) else want
    ok = any(re.search(w, r.stdout) for w in want) if want else r.returncode == 0
    if ok:
        passed += 1
        print(f"  passed  {name}")
    else:
        failed += 1
        print(f"  FAILED  {name} (exit {r.returncode})\n{r.stdout}")
if mode == "list":
    print("|".join(names))
else:
    print(f"wrapped tests: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
' "$1" "$(readlink -f "$out/vm/viper")" "$wrapper"
}
status=0
skip=$(wrapped list)
ctest --test-dir "$out" -j "$jobs" --timeout 900 --output-on-failure -E "^valgrind_|^(${skip:-none})\$" || status=1
wrapped run || status=1
t2=$(date +%s)

printf '\naarch64: build %ds, tests %ds\n' $((t1 - t0)) $((t2 - t1))
exit $status
