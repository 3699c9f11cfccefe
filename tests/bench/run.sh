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

# Pasting 100 KB into a one-line field and into a multi-line field (DESIGN.md §8: under a
# second each, linear): the whole run, from opening the workspace to leaving it.
paste_keys() { # FIELD_TABS NEWLINES
	printf ':1.5<Enter>\na\n%s\n<paste>\n' "$1"
	awk -v nl="$2" 'BEGIN { for (i = 0; i < 1280; i++) { line = sprintf("%079d", i);
		print line (nl ? "<Enter>" : ""); } }'
	printf '</paste>\n<dump><Esc>y:q<Enter>\n'
}
paste_keys "" 0 >paste-line.keys
paste_keys "<Tab><Tab><Tab><Tab>" 1 >paste-lines.keys
for kind in line lines; do
	start=$(date +%s%N)
	"$top/ims2" open ui.ims2 --script "paste-$kind.keys" >"paste-$kind.out"
	end=$(date +%s%N)
	grep -q "0000000000001279" "paste-$kind.out" || echo "bench: the paste into one $kind did not arrive"
	printf 'paste 100 KB into %-12s %7.3f s (wall, incl. start)\n' "$([ $kind = line ] && echo 'one line' || echo 'many lines')" \
		"$(echo "($end - $start) / 1000000000" | bc -l)"
done

# The same through a real terminal: tmux pastes 100 KB into a multi-line field; the time until
# the end of it shows on the screen.
if command -v tmux >/dev/null 2>&1; then
	awk 'BEGIN { for (i = 0; i < 1280; i++) printf "%079d ", i; printf "END-OF-PASTE" }' >paste.txt
	S="$tmp/tmux"
	T() { tmux -S "$S" "$@" </dev/null; }
	shown() { T capture-pane -p | grep -qF -- "$1"; }
	T -f /dev/null new-session -d -x 80 -y 24 "$top/ims2 ui.ims2"
	until shown Plan; do sleep 0.05; done
	T send-keys -l ":1.5" && T send-keys Enter
	until shown "Sites, units"; do sleep 0.05; done
	T send-keys a Tab Tab Tab Tab
	until shown "Description"; do sleep 0.05; done
	sleep 0.2
	T load-buffer paste.txt
	start=$(date +%s%N)
	T paste-buffer
	until shown END-OF-PASTE; do sleep 0.01; done
	end=$(date +%s%N)
	T kill-server
	printf 'paste 100 KB through tmux     %7.3f s (until shown)\n' "$(echo "($end - $start) / 1000000000" | bc -l)"
fi

# A YAML mapping of 100,000 keys (DESIGN.md §8: under a second, linear): read whole, then
# refused for its unknown keys.
awk 'BEGIN { print "records:"; print "  project_member:"; printf "    - {";
	for (i = 0; i < 100000; i++) printf "%sk%06d: v", (i ? ", " : ""), i; print "}" }' >keys.yaml
cp ui.ims2 keys.ims2
start=$(date +%s%N)
"$top/ims2" import keys.ims2 keys.yaml 2>/dev/null
end=$(date +%s%N)
printf 'YAML mapping of 100,000 keys   %7.3f s (wall, incl. start)\n' "$(echo "($end - $start) / 1000000000" | bc -l)"

# ims2 dump of the whole workspace (a window of records at a time, so memory stays flat):
# wall time, size of the YAML, peak memory.
start=$(date +%s%N)
"$top/ims2" dump bench.ims2 -o dump.yaml 2>/dev/null
end=$(date +%s%N)
printf 'dump the workspace to YAML     %7.3f s (wall, incl. start), %s bytes\n' \
	"$(echo "($end - $start) / 1000000000" | bc -l)" "$(wc -c <dump.yaml)"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f "dump peak memory: %M KB" "$top/ims2" dump bench.ims2 -o dump.yaml 2>&1 >/dev/null |
		grep 'peak memory'
fi
