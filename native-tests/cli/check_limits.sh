#!/usr/bin/env bash
# The CLI's run limits: --max-memory bounds what a program may allocate (an out-of-memory
# trap, exit 1), --max-steps the work it may do (on both engines); bad values are usage
# errors (exit 2); input comes a line at a time when the program asks for it.
set -u
viper=$1; dir=$2; fail=0
check() {  # name, want exit, want stderr substring, command...
  local name=$1 want=$2 pat=$3; shift 3
  err=$("$@" 2>&1 >/dev/null < /dev/null); rc=$?
  if [ "$rc" != "$want" ] || [[ "$err" != *"$pat"* ]]; then echo "FAIL $name: exit $rc (want $want), stderr: $err"; fail=1; fi
}
for e in bc il; do
  check "64M budget ($e)" 1 "the run's memory limit is 67108864 bytes" "$viper" run --engine=$e --max-memory 64M "$dir/allocate.bas"
  check "1G budget ($e)" 0 "" "$viper" run --engine=$e --max-memory 1G "$dir/allocate.bas"
  check "endless loop ($e)" 1 "step limit of 5000 reached" "$viper" run --engine=$e --max-steps 5000 "$dir/endless.bas"
done
check "bad size" 2 "--max-memory needs a size" "$viper" run --max-memory lots "$dir/allocate.bas"
check "zero size" 2 "--max-memory needs a size" "$viper" run --max-memory 0 "$dir/allocate.bas"
out=$(printf 'Ada\nBob\n' | "$viper" run "$dir/greet.bas")
[ "$out" = $'name?\nhi Ada\nhi Bob' ] || { echo "FAIL input: $out"; fail=1; }
exit $fail
