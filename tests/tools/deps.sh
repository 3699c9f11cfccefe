#!/bin/sh
# Installs the Debian packages ims2 needs, only when they are missing.
#   deps.sh build   libraries to build ./ims2
#   deps.sh check   the same, plus what the tests use: cmocka, tmux, pandoc, sqlite3, ps
#   deps.sh deb     the build's, plus dpkg-dev and lintian (make deb, make check-deb)
#   deps.sh MODE --verify   installs nothing: fails with the list and `make deps` (make all)
#   deps.sh fuzz    the build's, plus clang with libFuzzer (make fuzz)
# Elsewhere than Debian, or without root, it says exactly what to install and fails.
set -u
mode=${1:-build}
verify=${2:-}
pcs="ncursesw sqlite3 yaml-0.1"
debs="pkg-config libncurses-dev libsqlite3-dev libyaml-dev"
tools=""
if [ "$mode" = check ]; then
	pcs="$pcs cmocka"
	tools="tmux pandoc sqlite3 ps" # ps: the end-to-end tests find ims2's process
	debs="$debs libcmocka-dev locales tmux pandoc sqlite3 procps"
elif [ "$mode" = deb ]; then
	tools="dpkg-shlibdeps lintian"
	debs="$debs dpkg-dev lintian"
elif [ "$mode" = fuzz ]; then
	debs="$debs clang libclang-rt-dev"
fi

# clang links a program with -fsanitize=fuzzer only when libFuzzer is installed.
have_fuzzer() {
	command -v clang >/dev/null 2>&1 || return 1
	dir=$(mktemp -d) || return 1
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
		>"$dir/t.c"
	clang -fsanitize=fuzzer -o "$dir/t" "$dir/t.c" >/dev/null 2>&1
	ok=$?
	rm -rf "$dir"
	return $ok
}

have_all() {
	command -v pkg-config >/dev/null 2>&1 || return 1
	for pc in $pcs; do pkg-config --exists "$pc" || return 1; done
	for tool in $tools; do command -v "$tool" >/dev/null 2>&1 || return 1; done
	if [ "$mode" = fuzz ]; then have_fuzzer || return 1; fi
	return 0
}
have_all && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "ims2: missing build dependencies; install the development packages of:" >&2
	echo "  pkg-config, ncursesw, sqlite3, libyaml$([ "$mode" = check ] && echo ', cmocka, tmux, pandoc')$([ "$mode" = fuzz ] && echo ', clang with libFuzzer')" >&2
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
if [ "$verify" = --verify ]; then
	echo "ims2: missing Debian packages:$missing" >&2
	echo "  make deps installs them (or: sudo apt-get install$missing)" >&2
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
