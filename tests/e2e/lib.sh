# Helpers of the end-to-end tests: ims2 in a real terminal under tmux, on a private socket.
# A test is a shell function; it calls start, keys, wait_for, and fails with fail.

E2E_SOCKET="ims2-e2e-$$"
T() { tmux -L "$E2E_SOCKET" "$@"; }

# start COLUMNS LINES COMMAND...: a session running COMMAND in the test's directory.
start() {
	cols=$1 lines=$2
	shift 2
	stop
	T -f /dev/null new-session -d -s e2e -x "$cols" -y "$lines" \
		"cd '$work' && env LANG=${E2E_LANG:-C.UTF-8} LC_ALL=${E2E_LANG:-C.UTF-8} TERM=${E2E_TERM:-xterm-256color} $* ; sleep 600"
	T set-option -g window-size manual 2>/dev/null
}
# stop: ends the tmux server of the tests and waits until it is gone.
stop() {
	T kill-server 2>/dev/null
	i=0
	while T has-session 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# keys KEY...: tmux key names (Enter, Escape, Tab, BTab, C-s, F2) or literal text.
keys() { T send-keys -t e2e "$@"; }
# text STRING: types STRING literally.
text() { T send-keys -t e2e -l "$1"; }
screen() { T capture-pane -p -t e2e; }
# wait_for TEXT [SECONDS]: until TEXT is on the screen.
wait_for() {
	i=0
	limit=$(( ${2:-5} * 10 ))
	while [ $i -lt $limit ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "expected on the screen: $1"
	return 1
}
# wait_gone TEXT: until TEXT has left the screen.
wait_gone() {
	i=0
	while [ $i -lt 50 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "still on the screen: $1"
	return 1
}
# until_exit: the ims2 process of the session has ended (the pane's shell sleeps on).
until_exit() {
	i=0
	while [ $i -lt 50 ]; do
		pgrep -f "ims2 open|ims2 ws|/ims2 " -P "$(T list-panes -t e2e -F '#{pane_pid}')" >/dev/null || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "ims2 did not exit"
}
fail() {
	failed=1
	echo "FAIL $current: $*"
	echo "--- screen:"
	screen 2>/dev/null | sed 's/^/  | /'
}
