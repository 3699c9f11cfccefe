#!/bin/sh
# Runs the cmocka test binaries given as arguments; ends with one line: unit: N passed, M failed
# (N and M count test binaries).
set -u
pass=0
fail=0
for t in "$@"; do
	if "$t"; then
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		fail=$((fail + 1))
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
