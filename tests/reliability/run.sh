#!/bin/sh
# The reliability suite (make check): what must hold whatever happens to the process or
# whatever a workspace holds.
#   crash           SIGKILL at random moments while a script saves records: the integrity
#                   check passes and every save the workbench confirmed is in the file.
#   terminal_bytes  hostile text planted in a workspace (escape sequences, C1 controls, bidi
#                   overrides): the raw bytes ims2 sends to a terminal (tmux pipe-pane) carry
#                   none of it.
#   stdout_bytes    the same for what export writes to standard output and error.
# Usage: run.sh BUILD_DIR [TEST...]
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
[ $# -gt 0 ] && shift
ims2="$top/ims2"
sqlexec="$top/$build/tests/sqlexec"
tmp=$(mktemp -d)
sock="$tmp/tmux"
trap 'for s in "$tmp"/tmux*; do [ -S "$s" ] && tmux -S "$s" kill-server 2>/dev/null; done; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1780000000

fail() {
	echo "FAIL $current: $*"
	exit 1
}

test_crash() {
	"$ims2" init crash.ims2 --org "Crash Ltd" >/dev/null || fail "ims2 init failed"
	rounds=${CRASH_ROUNDS:-12}
	saves=400
	seed=${CRASH_SEED:-$(date +%s)}
	total=0
	cut=0
	r=1
	while [ $r -le "$rounds" ]; do
		# Step 1.6, its objectives; each record typed, saved, and the screen dumped: a dump
		# after the save is the workbench's confirmation that the record is in the file.
		{
			printf ':1.6<Enter><Tab>\n'
			i=1
			while [ $i -le $saves ]; do
				printf 'aCrash %02d-%04d<C-s><dump>\n' "$r" "$i"
				i=$((i + 1))
			done
		} >keys
		delay=$(awk -v s="$seed" -v r="$r" 'BEGIN { srand(s + r); printf "%.3f", 0.02 + rand() * 0.5 }')
		"$ims2" open crash.ims2 --script keys >out 2>err &
		pid=$!
		sleep "$delay"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		confirmed=$(grep -c '^--- 80x24$' out)
		refused=$(grep -c 'new record' out)
		[ "$refused" -eq 0 ] || fail "round $r: a save was refused: $(head -n 3 err)"
		stored=$("$sqlexec" crash.ims2 "SELECT count(*) FROM security_objective WHERE objective LIKE 'Crash $(printf %02d "$r")-%'") ||
			fail "round $r: the workspace cannot be read after SIGKILL"
		# Every confirmed save is there; at most one more (saved, then killed before its dump).
		[ "$stored" -ge "$confirmed" ] && [ "$stored" -le $((confirmed + 1)) ] ||
			fail "round $r (seed $seed, kill after ${delay}s): $confirmed saves confirmed, $stored in the file"
		last=$(printf 'Crash %02d-%04d' "$r" "$confirmed")
		[ "$confirmed" -eq 0 ] || [ "$("$sqlexec" crash.ims2 "SELECT count(*) FROM security_objective WHERE objective = '$last'")" = 1 ] ||
			fail "round $r: the last confirmed record '$last' is missing"
		[ "$confirmed" -lt "$saves" ] && cut=$((cut + 1))
		total=$((total + confirmed))
		r=$((r + 1))
	done
	[ "$("$sqlexec" crash.ims2 'PRAGMA integrity_check')" = ok ] || fail "the integrity check fails"
	"$ims2" export crash.ims2 >/dev/null || fail "the workspace does not export after the kills"
	[ "$total" -gt 0 ] || fail "no save was confirmed in $rounds rounds: nothing was tested"
	[ "$cut" -gt 0 ] || fail "every round ended before the kill: no save was interrupted"
	echo "ok   crash: $rounds kills (seed $seed), $total confirmed saves all present, $cut rounds cut short, integrity ok"
}

# Hostile text: an OSC title sequence ending in BEL, a bidi override, a C1 CSI, a DCS, an
# isolate; between them letters that show where each was.
hostile="'A' || char(27) || ']0;pwned' || char(7) || 'B' || char(8238) || 'C' || char(155) ||
	'31mD' || char(27) || 'P1\$r' || char(27) || '\\' || char(8294) || 'E' || char(27) || ']52;c;cHduZWQ=' || char(7)"

# hostile_bytes FILE: the hostile sequences found in FILE (none: empty). ncurses itself sends
# CSI sequences (ESC [) for the cursor and colours, so those are not looked for.
hostile_bytes() {
	esc=$(printf '\033')
	for seq in "$esc]" "${esc}P" "${esc}_" "${esc}^" "$(printf '\007')" "$(printf '\302\233')" \
		"$(printf '\302\235')" "$(printf '\342\200\256')" "$(printf '\342\201\246')"; do
		grep -aqF -- "$seq" "$1" && printf '%s ' "$(printf '%s' "$seq" | od -An -c | tr -s ' ')"
	done
}

test_terminal_bytes() {
	command -v tmux >/dev/null 2>&1 || { echo "skip terminal_bytes: tmux is not installed"; return 0; }
	"$ims2" demo tb.ims2 --as-of 2027-04-09 >/dev/null || fail "ims2 demo failed"
	"$sqlexec" tb.ims2 "UPDATE security_objective SET objective = $hostile WHERE id = 1;
		UPDATE meta SET value = 'Org ' || $hostile WHERE key = 'organisation';
		UPDATE scope_statement SET statement = 'Line one' || char(10) || $hostile;" ||
		fail "could not plant the hostile text"
	T() { tmux -S "$sock" "$@" </dev/null; }
	# capture FILE ARG...: ims2 ARG... in a new pane whose output goes to FILE; the workbench
	# starts a little after the pane, so that pipe-pane sees its first byte.
	# Each on a server of its own: one just killed could race with the next on its socket.
	capture() {
		out=$1
		shift
		T kill-server 2>/dev/null
		sock="$tmp/tmux-$out"
		T -f /dev/null new-session -d -s rel -x 80 -y 24 -c "$PWD" \
			env -i HOME="$PWD" PATH="$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
			sh -c 'sleep 0.5; "$0" "$@"; echo "exit status $?"; sleep 3600' "$ims2" "$@" ||
			fail "tmux could not start"
		T pipe-pane -o -t rel "cat >'$PWD/$out'"
	}
	wait_for() {
		i=0
		until T capture-pane -p -t rel | grep -qF -- "$1"; do
			i=$((i + 1))
			[ $i -lt 50 ] || fail "expected on the screen: '$1'"
			sleep 0.1
		done
	}
	capture pane.raw tb.ims2
	wait_for "Plan"
	T send-keys -t rel -l ":1.6"
	T send-keys -t rel Enter Tab
	wait_for "Measurable targets"
	wait_for "pwned" # the hostile record is shown, made harmless
	T send-keys -t rel Enter
	wait_for "edit record"
	T send-keys -t rel Escape
	T send-keys -t rel -l ":1.5"
	T send-keys -t rel Enter
	wait_for "Scope"
	T send-keys -t rel -l ":q"
	T send-keys -t rel Enter
	wait_for "exit status 0"
	T pipe-pane -t rel
	# The start screen lists the workspaces of the directory: a file name is hostile text too.
	cp tb.ims2 "$(printf 'x\033]0;pwned\007\342\200\256y').ims2"
	capture start.raw
	wait_for "pwned"
	T send-keys -t rel j Enter # open it: its name is in the title line
	wait_for "Plan"
	T send-keys -t rel -l ":q"
	T send-keys -t rel Enter
	wait_for "exit status 0"
	T pipe-pane -t rel
	for raw in pane.raw start.raw; do
		[ -s $raw ] || fail "nothing was captured from the pane ($raw)"
		found=$(hostile_bytes $raw)
		[ -z "$found" ] || fail "sent to the terminal ($raw): $found"
	done
	echo "ok   terminal_bytes: $(cat pane.raw start.raw | wc -c) bytes to the pane, no hostile sequence"
}

# The same workspace exported to standard output (Markdown and CSV) and its errors.
test_stdout_bytes() {
	"$ims2" demo tb.ims2 --as-of 2027-04-09 >/dev/null || fail "ims2 demo failed"
	"$sqlexec" tb.ims2 "UPDATE security_objective SET objective = $hostile WHERE id = 1;
		UPDATE meta SET value = 'Org ' || $hostile WHERE key = 'organisation';" ||
		fail "could not plant the hostile text"
	"$ims2" export tb.ims2 >stdout.md 2>stderr.txt || fail "the export failed"
	grep -aqF pwned stdout.md || fail "the hostile text is not in the export"
	found=$(hostile_bytes stdout.md)
	[ -z "$found" ] || fail "written to standard output by export: $found"
	"$ims2" export tb.ims2 --report soa --format csv >stdout.csv 2>>stderr.txt || fail "the CSV export failed"
	found=$(hostile_bytes stdout.csv)$(hostile_bytes stderr.txt)
	[ -z "$found" ] || fail "written to standard output or error by a CSV export: $found"
	echo "ok   stdout_bytes: $(wc -c <stdout.md) bytes of Markdown, no hostile sequence"
}

status=0
for current in ${*:-crash terminal_bytes stdout_bytes}; do
	mkdir "$tmp/$current" || exit 1
	(cd "$tmp/$current" && "test_$current") || status=1
done
exit $status
