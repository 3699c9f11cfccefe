#!/bin/sh
# make check: replays tests/fuzz/corpus/TARGET through each target once (BUILD dir as $1).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
status=0
export TMPDIR=${TMPDIR:-/tmp}
for t in yaml import catalog method; do
	out=$("$top/$build/tests/fuzz/replay_$t" "$top/tests/fuzz/corpus/$t" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL fuzz corpus $t (exit $rc)"
		echo "$out" | tail -n 20
		status=1
	else
		echo "ok   fuzz corpus $t: $(echo "$out" | tail -n 1)"
	fi
done
exit $status
