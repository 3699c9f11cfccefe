#!/bin/sh
# make fuzz: each libFuzzer target for FUZZ_SECONDS (default 60) seconds, starting from the
# corpus in tests/fuzz/corpus/TARGET. New inputs go to build-fuzz/corpus/TARGET, crashes to
# build-fuzz/crashes/TARGET (add a crash's input to tests/fuzz/corpus/TARGET once fixed).
# FUZZ_TARGETS="yaml method" picks targets; FUZZ_JOBS runs that many processes per target.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"yaml import catalog method"}
status=0
export TMPDIR=${TMPDIR:-/tmp}
for t in $targets; do
	bin="$top/build-fuzz/tests/fuzz/fuzz_$t"
	work="$top/build-fuzz/corpus/$t"
	crashes="$top/build-fuzz/crashes/$t"
	mkdir -p "$work" "$crashes"
	log="$top/build-fuzz/fuzz_$t.log"
	echo "fuzz $t: ${seconds}s (log: $log)"
	"$bin" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$crashes/" -print_final_stats=1 \
		"$work" "$top/tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	found=$(find "$crashes" -type f | wc -l)
	echo "fuzz $t: ${runs:-?} executions, $found crash, leak or timeout inputs in $crashes"
	if [ $rc -ne 0 ] || [ "$found" -ne 0 ]; then
		status=1
		grep -m 3 -E 'ERROR|SUMMARY' "$log"
	fi
done
exit $status
