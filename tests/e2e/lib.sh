# shellcheck shell=sh disable=SC2154 # ims2, tmp, conf, work and current come from run.sh
# Helpers of the end-to-end tests: ims2 in a real terminal (tmux), driven as a user would.
# Sourced by run.sh, which sets: ims2 (the binary), tmp (the run's directory), conf (tmux.conf).
# A test is a shell function run in a subshell, in its own directory $work, named $current.
# It starts ims2 with start, types with keys/text/cmdline, waits with wait_for and friends, and
# fails with fail, which prints what was expected and the pane and ends the test (exit 1).
#
# Every start makes a new tmux server on its own socket file in $work (tmux -S), never the
# user's server: a server that was just killed cannot race with the next one, and run.sh kills
# every server of a test by its socket when the test ends, passed or failed.

e2e_timeout=${E2E_TIMEOUT:-5}
sock=""
sockets=0

# T ARG...: tmux on the test's current server. stdin is /dev/null: CI runs with stdin closed.
T() { tmux -S "$sock" "$@" </dev/null; }

# start COLUMNS LINES ARG...: ims2 ARG... in a fresh server, at that size, in a clean environment:
# HOME is $work, a UTF-8 locale and xterm-256color unless $e2e_env (VAR=VALUE words) says
# otherwise. A shell waits for ims2 and writes its exit status on a line of the pane (\r\n: the
# terminal may be left raw), then sleeps until the server is killed. Not tmux's remain-on-exit
# and #{pane_dead_status}: tmux 3.3a built with utempter loses the SIGCHLD of a pane's process
# now and then (it resets the handler while its helper runs) and never learns the status.
# $e2e_as, when set, is a command prefix that runs it all as another user (setpriv).
start() {
	cols=$1 lines=$2
	shift 2
	sockets=$((sockets + 1))
	sock="$work/tmux-$sockets"
	# shellcheck disable=SC2086,SC2016 # word lists on purpose; the script's $ are its own
	T -f "$conf" new-session -d -s e2e -x "$cols" -y "$lines" -c "$work" \
		${e2e_as:-} env -i HOME="$work" PATH="$PATH" LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		TERM=xterm-256color ${e2e_env:-} \
		sh -c '"$0" "$@"; printf "\r\nims2-e2e: exit status %s\r\n" $?; exec sleep 3600' \
		"$ims2" "$@" ||
		fail "tmux could not start the session"
}
# kill_terminal: the terminal goes away (its tmux server ends), as when a connection drops.
kill_terminal() { T kill-server 2>/dev/null; }
resize() { T resize-window -t e2e -x "$1" -y "$2" || fail "tmux could not resize to $1x$2"; }
# keys KEY...: tmux key names (Enter, Escape, Tab, BTab, Space, C-s, F2) or single letters.
keys() { T send-keys -t e2e "$@" || fail "tmux send-keys failed"; }
# text STRING: types STRING literally (not ending in ";", which tmux takes as a separator).
text() { T send-keys -t e2e -l -- "$1" || fail "tmux send-keys failed"; }
# cmdline :LINE: types the command line and Enter.
cmdline() { text "$1" && keys Enter; }
screen() { T capture-pane -p -t e2e; }
# screen_colours: the pane with its attributes as escape sequences.
screen_colours() { T capture-pane -p -e -t e2e; }
# ims2_pid: the process id of ims2, the child of the pane's shell.
ims2_pid() {
	ps -e -o pid= -o ppid= | awk -v sh="$(T display-message -p -t e2e '#{pane_pid}')" \
		'$2 == sh { print $1; exit }'
}

# poll CONDITION...: true as soon as CONDITION holds, false after $e2e_timeout seconds.
poll() {
	i=0
	while [ "$i" -lt $((e2e_timeout * 10)) ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	"$@"
}
on_screen() { screen | grep -qF -- "$1"; }
off_screen() { ! on_screen "$1"; }
# on_line A B: one line of the screen holds both A and B.
on_line() { screen | grep -F -- "$1" | grep -qF -- "$2"; }

wait_for() { poll on_screen "$1" || fail "expected on the screen: '$1'"; }
wait_gone() { poll off_screen "$1" || fail "expected to leave the screen: '$1'"; }
wait_line() { poll on_line "$1" "$2" || fail "expected one line with '$1' and '$2'"; }
# absent TEXT: TEXT is not on the screen now (after something else showed that the keys landed).
absent() { off_screen "$1" || fail "not expected on the screen: '$1'"; }

# pane TEXT [BTab]: Tab (or Shift-Tab) from pane to pane, at most 16 times, until TEXT is on the
# screen; after each, waits until the screen changed and then stayed the same for 0.1 s.
pane() {
	tabs=0
	key=${2:-Tab}
	while ! on_screen "$1"; do
		[ "$tabs" -lt 16 ] || fail "no pane shows '$1'"
		before=$(screen)
		keys "$key"
		poll changed_from "$before" || fail "Tab changed nothing on the way to '$1'"
		settle
		tabs=$((tabs + 1))
	done
}
changed_from() { [ "$(screen)" != "$1" ]; }
settle() {
	last=$(screen)
	while sleep 0.1 && now=$(screen) && [ "$now" != "$last" ]; do
		last=$now
	done
}

# rows TEXT: the number of rows of the table whose description line holds TEXT (the M of the
# "N/M" at the end of that line).
rows() { screen | grep -F -- "$1" | sed -n 's|.* [0-9]*/\([0-9]*\)$|\1|p' | head -n 1; }

# wait_exit [STATUS]: ims2 ended, with exit status STATUS (default 0).
wait_exit() {
	poll on_screen "ims2-e2e: exit status" || fail "ims2 did not exit"
	screen | grep -qx "ims2-e2e: exit status ${1:-0}" ||
		fail "ims2 exited with another status than ${1:-0}"
}
# gone PID: no such process, or only a zombie (its parent, the tmux server, may be gone).
gone() {
	state=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	case $state in Z*) return 0 ;; esac
	return 1
}
wait_pid_gone() { poll gone "$1" || fail "ims2 (pid $1) is still running after the hangup"; }

# fail MESSAGE: reports the failure of the current test with the pane, and ends the test.
fail() {
	echo "FAIL $current: $*"
	if [ -n "$sock" ] && T has-session -t e2e 2>/dev/null; then
		echo "--- pane ($(T display-message -p -t e2e '#{pane_width}x#{pane_height}')):"
		# The lines of the pane up to its last non-blank one.
		screen | awk '{ line[NR] = $0 } NF { last = NR }
			END { for (i = 1; i <= last; i++) print "  |" line[i] }'
		echo "---"
	else
		echo "--- (no terminal)"
	fi
	exit 1
}
# check MESSAGE CONDITION...: fails with MESSAGE unless CONDITION holds.
check() {
	msg=$1
	shift
	"$@" || fail "$msg"
}
