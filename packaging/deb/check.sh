#!/bin/sh
# Checks the Debian package as an administrator would meet it (make check-deb, as root; it
# installs and removes the package on this system):
#   sh packaging/deb/check.sh PACKAGE.deb
# lintian reports no error; apt installs it with its dependencies; the installed ims2 runs and
# its man page is found; apt removes it (purge) and no file of it is left.
set -u
deb=$1
case $deb in /*) ;; *) deb=$(pwd)/$deb ;; esac
fail=0
bad() { echo "FAIL deb: $*"; fail=$((fail + 1)); }

if [ "$(id -u)" != 0 ]; then
	echo "SKIP deb: installing a package needs root"
	exit 0
fi
lintian --fail-on error --tag-display-limit 0 "$deb" || bad "lintian reports errors (above)"
if dpkg-query -W -f='${Status}' ims2 2>/dev/null | grep -q "install ok installed"; then
	echo "FAIL deb: a package ims2 is installed already; remove it first (apt-get purge ims2)"
	exit 1
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >apt.log 2>&1 ||
	{ cat apt.log; bad "apt-get install failed"; exit 1; }
files=$(dpkg -L ims2)
/usr/bin/ims2 --version | grep -q "^ims2 " || bad "/usr/bin/ims2 --version"
if command -v man >/dev/null 2>&1; then
	man -w ims2 >/dev/null 2>&1 || bad "man -w ims2 finds no page"
fi
[ -f /usr/share/doc/ims2/copyright ] || bad "no /usr/share/doc/ims2/copyright"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq ims2 >apt.log 2>&1 ||
	{ cat apt.log; bad "apt-get purge failed"; }
rm -f apt.log
for f in $files; do
	case $f in # directories of the system, not of the package
	/. | /usr | /usr/bin | /usr/share | /usr/share/doc | /usr/share/man | /usr/share/man/man1) continue ;;
	esac
	[ -e "$f" ] && bad "left after removal: $f"
done
dpkg-query -W ims2 >/dev/null 2>&1 && bad "dpkg still knows ims2"
echo "deb: $([ "$fail" -eq 0 ] && echo passed || echo "$fail failed")"
[ "$fail" -eq 0 ]
