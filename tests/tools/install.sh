#!/bin/sh
# make install and make uninstall into a scratch DESTDIR (make check-install): the binary and
# the man page (with the Makefile's VERSION) are installed, runnable, and removed again.
#   sh tests/tools/install.sh VERSION
set -u
version=$1
dest=$(mktemp -d) || exit 1
trap 'rm -rf "$dest"' EXIT
fail=0
bad() { echo "FAIL install: $*"; fail=$((fail + 1)); }

make --no-print-directory -s install DESTDIR="$dest" PREFIX=/usr >/dev/null || bad "make install failed"
"$dest/usr/bin/ims2" --version | grep -q "^ims2 $version " || bad "the installed ims2 is not $version"
head -n 1 "$dest/usr/share/man/man1/ims2.1" | grep -qF "\"ims2 $version\"" ||
	bad "the man page does not say ims2 $version"
make --no-print-directory -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null || bad "make uninstall failed"
left=$(find "$dest" -type f)
[ -z "$left" ] || bad "left after make uninstall: $left"
echo "install: $([ "$fail" -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed")"
[ "$fail" -eq 0 ]
