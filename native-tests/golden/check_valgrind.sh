#!/usr/bin/env bash
# Every golden program (IL, BASIC, Zia) on the bytecode VM under valgrind memcheck: no leak (strings are
# reference-counted exactly), no invalid access, no use of uninitialised memory.
#   check_valgrind.sh VIPER DIR [SHARD COUNT]   only every COUNT-th program, from the SHARD-th
# (by hand, to find which program fails: ctest runs the same check through the golden test
# binary, one process per shard, as valgrind_golden_bc_*).
set -u
viper=$1; dir=$2; shard=${3:-0}; count=${4:-1}; fail=0; i=-1
for f in "$dir"/*.il "$dir"/*.bas "$dir"/*.zia "$dir"/*/main.il "$dir"/*/main.bas "$dir"/*/main.zia; do
  [ -e "$f" ] || continue
  i=$((i + 1))
  [ $((i % count)) -eq "$shard" ] || continue
  n=${f%.*}
  input=/dev/null; [ -f "$n.in" ] && input="$n.in"
  args=(); [ -f "$n.args" ] && mapfile -t args < "$n.args"
  valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
    "$viper" run --engine=bc "$f" -- ${args[@]+"${args[@]}"} < "$input" > /dev/null 2> /tmp/viper_vg.$$
  if [ $? -eq 99 ]; then echo "FAIL $f"; grep '^==' /tmp/viper_vg.$$ | head -20; fail=1; fi
done
rm -f /tmp/viper_vg.$$
exit $fail
