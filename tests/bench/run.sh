#!/bin/sh
# make bench: figures for the speed targets of ARCHITECTURE.md, not pass/fail.
#  1. the core on a workspace of many records (tests/bench/bench.c);
#  2. the real workbench on that workspace, driven by a key script: CPU time, bytes sent to
#     the terminal per keystroke, peak memory (GNU time when installed).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
rows=${BENCH_ROWS:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8
"$top/build/tests/bench" "$tmp" "$rows" || exit 1
cp "$tmp/bench.ims2" "$tmp/ui.ims2"
cd "$tmp" || exit 1

# Bytes and time per keystroke: a script of N keys, minus a script that only opens the table.
run() { # NAME KEYS...
	printf ':1.7<Enter>' >base.keys
	printf ':1.7<Enter>%s' "$2" >"$1.keys"
	IMS2_SCRIPT_OUTPUT=base.out "$top/ims2" open ui.ims2 --script base.keys >/dev/null
	start=$(date +%s%N)
	IMS2_SCRIPT_OUTPUT="$1.out" "$top/ims2" open ui.ims2 --script "$1.keys" >/dev/null
	end=$(date +%s%N)
	base=$(wc -c <base.out)
	bytes=$(wc -c <"$1.out")
	printf '%-28s %6d keys  %8.1f bytes/key  %7.3f ms/key (wall, incl. start)\n' "$1" "$3" \
		"$(echo "($bytes - $base) / $3" | bc -l)" "$(echo "($end - $start) / 1000000 / $3" | bc -l)"
}
keys() { # KEY COUNT
	i=0
	while [ $i -lt "$2" ]; do printf '%s' "$1"; i=$((i + 1)); done
}
run "cursor down (j)" "$(keys j 2000)" 2000
run "page down (PgDn)" "$(keys '<PgDn>' 500)" 500
run "sort (s)" "$(keys s 20)" 20
run "search, then n" "/Risk 00999<Enter>$(keys n 10)" 11
run "filter, then clear" "fRisk 00999<Enter>f<C-u><Enter>" 2
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "workbench peak memory: %M KB" "$top/ims2" open ui.ims2 --script "cursor down (j).keys" >/dev/null
fi
