#!/bin/sh
# Screen tests: the real workbench driven by a key script without a terminal; the screens it
# dumps are compared with golden files. Each case is a directory under tests/screens/ with:
#   setup     one line: "demo" (the training scenario) or "init ORGANISATION"
#   keys      the key script (syntax at the top of src/ui/term.c)
#   size      optional, COLUMNSxLINES (default 80x24)
#   args      optional, more arguments of ims2 open (--read-only)
#   import    optional, a YAML file imported after the setup (ims2 import)
#   epoch     optional, the clock of the case (SOURCE_DATE_EPOCH; default 2026-01-01): the
#             demo's own days, when its deadlines and overdue tasks matter
#   expected  the golden screens
# IMS2_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ims2="$top/ims2"
export LC_ALL=C.UTF-8 LANG=C.UTF-8 SOURCE_DATE_EPOCH=1767225600 TERM=xterm
unset NO_COLOR
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$top"/tests/screens/*/; do
	name=$(basename "$dir")
	[ -f "$dir/keys" ] || continue
	work="$tmp/$name"
	mkdir -p "$work"
	setup=$(cat "$dir/setup" 2>/dev/null || echo demo)
	size=$(cat "$dir/size" 2>/dev/null || echo 80x24)
	args=$(cat "$dir/args" 2>/dev/null || true)
	SOURCE_DATE_EPOCH=$(cat "$dir/epoch" 2>/dev/null || echo 1767225600)
	case "$setup" in
	demo) (cd "$work" && "$ims2" demo ws.ims2 --as-of 2027-04-09 >/dev/null) ;;
	init\ *) (cd "$work" && "$ims2" init ws.ims2 --org "${setup#init }" >/dev/null) ;;
	esac || { echo "FAIL $name: setup '$setup' failed"; fail=$((fail + 1)); continue; }
	if [ -f "$dir/import" ] && ! (cd "$work" && "$ims2" import ws.ims2 "$dir/import" >/dev/null); then
		echo "FAIL $name: importing tests/screens/$name/import failed"; fail=$((fail + 1)); continue
	fi
	# shellcheck disable=SC2086 # args: words on purpose
	if ! (cd "$work" && "$ims2" open ws.ims2 $args --script "$dir/keys" --size "$size" >out.txt 2>err.txt); then
		echo "FAIL $name: ims2 exited with an error:"; cat "$work/err.txt"
		fail=$((fail + 1))
		continue
	fi
	if [ "${IMS2_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$work/out.txt" "$dir/expected"
		echo "updated $name"
	fi
	if diff -u "$dir/expected" "$work/out.txt" >"$work/diff.txt" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: the screens differ from tests/screens/$name/expected:"
		head -60 "$work/diff.txt"
		fail=$((fail + 1))
	fi
done
echo "screens: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
