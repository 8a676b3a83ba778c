#!/usr/bin/env bash
# Runs every golden program through the real `viper run` binary, on both engines, and
# compares stdout and exit status with the expected files (the gtest runner checks the
# library path). A program of several files is a directory with main.EXT (rules.json
# multiFile): the CLI runs that file and reads the files it binds.
set -u
viper=$1; dir=$2; fail=0
for f in "$dir"/*.il "$dir"/*.bas "$dir"/*.zia "$dir"/*/main.il "$dir"/*/main.bas "$dir"/*/main.zia; do [ -e "$f" ] || continue; for engine in bc il; do
  n=${f%.*}
  input=/dev/null; [ -f "$n.in" ] && input="$n.in"
  args=(); [ -f "$n.args" ] && mapfile -t args < "$n.args"
  out=$("$viper" run --engine=$engine "$f" -- ${args[@]+"${args[@]}"} < "$input" 2>/dev/null); rc=$?
  want_rc=0; [ -f "$n.exit" ] && want_rc=$(cat "$n.exit")
  want_out=""; [ -f "$n.out" ] && want_out=$(cat "$n.out")
  if [ "$out" != "$want_out" ] || [ "$rc" != "$want_rc" ]; then echo "FAIL $f on $engine (exit $rc, want $want_rc)"; fail=1; fi
done; done
exit $fail
