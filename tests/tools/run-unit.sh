#!/bin/sh
# Runs the cmocka test binaries given as arguments, showing their output, and ends with one
# line: `unit: N passed, M failed` (N and M count test binaries by exit status), and how many
# tests inside them cmocka skipped (a test skips when a tool it needs is missing).
# Exits non-zero when any binary failed or none was given.
set -u
pass=0
fail=0
skipped=0
failed=
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
for t in "$@"; do
	echo "== $t"
	if [ -x "$t" ] && "$t" >"$log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
	fi
	cat "$log"
	skipped=$((skipped + $(awk '/^ [0-9]+ SKIPPED TEST/ { n += $1 } END { print n + 0 }' "$log")))
done
[ -n "$failed" ] && echo "failed:$failed"
echo "unit: $pass passed, $fail failed$([ "$skipped" -gt 0 ] && echo ", $skipped tests skipped")"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
