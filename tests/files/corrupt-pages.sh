#!/bin/sh
# Every single 4 KiB page of the demo workspace (with a long scope statement, so that records
# have overflow pages too), overwritten in turn with zeros and with
# pseudo-random bytes: an export gives either the undamaged report (the page held nothing the
# report reads, such as free space) or exit 3 with "damaged" and the page or table named.
# Never exit 0 with other content; the damaged file is left as it was, with nothing beside it.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ims2="$top/ims2"
export LC_ALL=C SOURCE_DATE_EPOCH=1767225600
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
"$ims2" demo demo.ims2 --as-of 2027-04-09 >/dev/null || { echo "FAIL: demo"; exit 1; }
# A text long enough for overflow pages of a record, not only of the catalogs' copies.
awk 'BEGIN { printf "records:\n  scope_statement:\n    - {statement: \""
	for (i = 0; i < 1200; i++) printf "Scope text %04d. ", i; print "\"}" }' >long.yaml
"$ims2" import demo.ims2 long.yaml >/dev/null || { echo "FAIL: import of a long text"; exit 1; }
"$ims2" export demo.ims2 >good.md || { echo "FAIL: export of the undamaged demo"; exit 1; }
pages=$(($(wc -c <demo.ims2) / 4096))
same=0 refused=0 fail=0

# page N of FILE overwritten with PATTERN (zeros or random, seeded by N)
corrupt() {
	if [ "$3" = zeros ]; then
		head -c 4096 /dev/zero
	else
		awk -v seed="$2" 'BEGIN { srand(seed); for (i = 0; i < 4096; i++) printf "%c", int(rand() * 256) }'
	fi | dd of="$1" bs=4096 seek=$(($2 - 1)) conv=notrunc status=none
}

page=1
while [ $page -le $pages ]; do
	for pattern in zeros random; do
		cp demo.ims2 bad.ims2
		corrupt bad.ims2 $page $pattern
		cp bad.ims2 bad.copy
		"$ims2" export bad.ims2 >out.md 2>err
		rc=$?
		what="page $page ($pattern)"
		if [ $rc -eq 0 ]; then
			if cmp -s out.md good.md; then same=$((same + 1)); else
				echo "FAIL $what: exit 0 with a report that differs"; fail=$((fail + 1)); fi
		elif [ $rc -eq 3 ] && { [ $page -eq 1 ] || grep -qE 'damaged: .*([Pp]age [0-9]+|reading [a-z_]+|Tree [0-9]+|[a-z_]+\.[a-z_]+ of row [0-9]+)' err; }; then
			refused=$((refused + 1))
		else
			echo "FAIL $what: exit $rc: $(cat err)"; fail=$((fail + 1))
		fi
		cmp -s bad.ims2 bad.copy || { echo "FAIL $what: the file was changed"; fail=$((fail + 1)); }
		for extra in bad.ims2-wal bad.ims2-shm bad.ims2-journal; do
			[ -e $extra ] && { echo "FAIL $what: $extra left behind"; fail=$((fail + 1)); rm -f $extra; }
		done
	done
	page=$((page + 1))
done
echo "corrupt-pages: $pages pages x 2 patterns: $same same report, $refused refused as damaged, $fail failed"
[ $fail -eq 0 ]
