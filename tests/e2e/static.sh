# shellcheck shell=sh disable=SC2154,SC2034,SC2015 # ims2, work, current, e2e_env: run.sh, lib.sh; fail exits
# ims2-static as an auditor carries it to a host that has nothing of ims2's: run by
# `make check-static` (sh tests/e2e/run.sh test_static_carried, IMS2_STATIC the binary).
# The host is a root directory ($work/root) holding the binary and the C library it names,
# nothing else: no ncurses, SQLite or libyaml, no terminfo database, no locale; TERMINFO,
# TERMINFO_DIRS and LD_LIBRARY_PATH point nowhere. chroot needs root: without it the test
# says that it skipped.

static_epoch=1767225600

# static_root: $work/root with ims2-static as /ims2 and the libraries ldd lists for it, which
# must be the C library's (libc, libm, the loader; libdl and libpthread before glibc 2.34);
# ./run-static runs ims2 in that root.
static_root() {
	mkdir -p root/tmp root/empty || fail "mkdir failed"
	cp "$IMS2_STATIC" root/ims2 || fail "cannot copy $IMS2_STATIC"
	libs=$(ldd "$IMS2_STATIC" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
	for lib in $libs; do
		case ${lib##*/} in
		libc.so.* | libm.so.* | ld-linux*.so.*) ;;
		libdl.so.* | libpthread.so.*) ;; # glibc before 2.34 (a build host older than Debian 12)
		*) fail "ims2-static needs $lib (only the C library may stay dynamic)" ;;
		esac
		mkdir -p "root${lib%/*}" && cp -L "$lib" "root$lib" || fail "cannot copy $lib"
	done
	printf '#!/bin/sh\nexec chroot "%s" /ims2 "$@"\n' "$work/root" >run-static
	chmod +x run-static
}

test_static_carried() {
	[ -x "${IMS2_STATIC:-}" ] || fail "no static binary (IMS2_STATIC; make static builds it)"
	if [ "$(id -u)" != 0 ] || ! chroot / true 2>/dev/null; then
		echo "SKIP $current: chroot needs root"
		exit 77
	fi
	static_root
	dynamic=$ims2
	ims2=$work/run-static
	nowhere="TERMINFO=/nowhere TERMINFO_DIRS=/nowhere LD_LIBRARY_PATH=/empty"
	# shellcheck disable=SC2086 # word list on purpose
	env $nowhere SOURCE_DATE_EPOCH=$static_epoch "$ims2" demo /demo.ims2 --as-of 2027-04-09 >/dev/null ||
		fail "ims2-static demo failed in the root"

	# The demo in the workbench, the dossier exported from it.
	e2e_env="$nowhere SOURCE_DATE_EPOCH=$static_epoch"
	start 100 24 /demo.ims2
	wait_for "Valecrest Health Logistics"
	wait_for "Plan"
	cmdline ":export /dossier.md"
	wait_for "Wrote the dossier"
	cmdline ":q"
	wait_exit 0
	check "no word of the built-in terminal description" \
		on_screen "no terminfo entry for TERM=xterm-256color here; used the built-in one"
	SOURCE_DATE_EPOCH=$static_epoch "$dynamic" export root/demo.ims2 >dynamic.md ||
		fail "ims2 export of the static build's workspace failed"
	cmp -s root/dossier.md dynamic.md ||
		fail "the dossier of ims2-static differs from ./ims2's: $(diff root/dossier.md dynamic.md | head -5)"
	SOURCE_DATE_EPOCH=$static_epoch "$dynamic" demo dynamic.ims2 --as-of 2027-04-09 >/dev/null &&
		SOURCE_DATE_EPOCH=$static_epoch "$dynamic" export dynamic.ims2 >dynamic-demo.md ||
		fail "ims2 demo and export failed"
	cmp -s root/dossier.md dynamic-demo.md ||
		fail "the static build's demo dossier differs from the dynamic build's"

	# Other built-in terminals: no colour (vt100) and tmux's own.
	for t in vt100 tmux-256color; do
		e2e_env="$nowhere TERM=$t"
		start 80 24 /demo.ims2
		wait_for "Plan"
		cmdline ":q"
		wait_exit 0
		check "TERM=$t: no word of the built-in description" on_screen "TERM=$t here; used the built-in one"
	done

	# A terminal it does not know: refused, with the ones it knows and what to do.
	e2e_env="$nowhere TERM=nosuchterm"
	start 200 24 /demo.ims2
	wait_exit 4
	check "the unknown terminal is not named" on_screen "unknown terminal TERM=nosuchterm"
	check "the known terminals are not listed" \
		on_screen "ims2 knows only xterm, xterm-256color, screen, screen-256color, tmux, tmux-256color, vt100, linux"
	check "no advice to set TERM=xterm" on_screen "set TERM=xterm"
}
