#!/bin/sh
# Installs the Debian packages ims2 needs, only when they are missing.
#   deps.sh build   libraries to build ./ims2
#   deps.sh check   the same, plus cmocka and tmux for the tests
# Elsewhere than Debian, or without root, it says exactly what to install and fails.
set -u
mode=${1:-build}
pcs="ncursesw sqlite3 yaml-0.1"
debs="pkg-config libncurses-dev libsqlite3-dev libyaml-dev"
if [ "$mode" = check ]; then
	pcs="$pcs cmocka"
	debs="$debs libcmocka-dev tmux locales"
fi

have_all() {
	command -v pkg-config >/dev/null 2>&1 || return 1
	for pc in $pcs; do pkg-config --exists "$pc" || return 1; done
	if [ "$mode" = check ]; then command -v tmux >/dev/null 2>&1 || return 1; fi
	return 0
}
have_all && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ims2: missing build dependencies; install the development packages of:" >&2
	echo "  pkg-config, ncursesw, sqlite3, libyaml$([ "$mode" = check ] && echo ', cmocka, tmux')" >&2
	exit 1
fi
missing=""
for d in $debs; do
	dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $d"
done
[ -z "$missing" ] && have_all && exit 0
if [ -z "$missing" ]; then
	echo "ims2: the packages are installed but pkg-config does not find them" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "ims2: missing Debian packages:$missing" >&2
	echo "  install them with: sudo apt-get update && sudo apt-get install$missing" >&2
	exit 1
fi
echo "ims2: installing missing Debian packages:$missing"
$sudo apt-get update -qq >/dev/null || { echo "ims2: apt-get update failed" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "ims2: apt-get install$missing failed" >&2; exit 1; }
have_all || { echo "ims2: still missing after install:$missing" >&2; exit 1; }
