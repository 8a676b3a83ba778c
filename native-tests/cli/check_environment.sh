#!/usr/bin/env bash
# `viper run FILE -- ARGS` on both engines: the program sees the words after `--` and a
# copy of the CLI's environment, and Viper.System.Environment.Exit sets the exit status.
set -u
viper=$1; dir=$2; fail=0
want=$'host=from-host\nset=changed\nargc=2\nargs=first second arg'
for engine in bc il; do
  out=$(VIPER_CLI_ENV_SAMPLE=from-host "$viper" run --engine=$engine "$dir/host_environment.il" -- first "second arg" </dev/null); rc=$?
  if [ "$out" != "$want" ] || [ "$rc" != 3 ]; then echo "FAIL host_environment.il on $engine (exit $rc, want 3)"; echo "$out"; fail=1; fi
done
exit $fail
