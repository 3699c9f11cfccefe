#!/bin/sh
# Runs the cmocka test binaries given as arguments, showing their output, and ends with one
# line: `unit: N passed, M failed` (N and M count test binaries by exit status).
# Exits non-zero when any binary failed or none was given.
set -u
pass=0
fail=0
failed=
for t in "$@"; do
	echo "== $t"
	if [ -x "$t" ] && "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
