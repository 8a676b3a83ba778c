#!/usr/bin/env bash
# `viper check` on every malformed file: exit status exactly 1 and a file:line:col
# diagnostic on stderr (a crash or abort gives another status and fails this test).
set -u
viper=$1; dir=$2; fail=0
for f in "$dir"/*.il; do
  err=$(timeout 20 "$viper" check "$f" 2>&1 >/dev/null); rc=$?
  if [ $rc -ne 1 ] || ! grep -qE ':[0-9]+:[0-9]+: error: ' <<<"$err"; then echo "FAIL $f (exit $rc)"; fail=1; fi
done
exit $fail
