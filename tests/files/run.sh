#!/bin/sh
# Workspace files from elsewhere: hostile, damaged, tampered, read-only and older ones.
# Each case checks the exit code, the message, that the file is byte for byte as it was
# (sha256) and that no -wal, -shm or -journal was left beside it that was not there before.
# Then the fixture workspaces of every format version (tests/files/fixtures) are exported,
# and every page of the demo is corrupted in turn (corrupt-pages.sh).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
ims2="$top/ims2"
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -s err ] && sed 's/^/  stderr: /' err; fail=$((fail + 1)); }
has_sqlite3=$(command -v sqlite3 >/dev/null 2>&1 && echo yes)
[ -n "$has_sqlite3" ] || echo "SKIP the cases made with the sqlite3 command: it is missing"

# What lies at and beside FILE: names, types and sha256 of the regular ones (of the -shm, a
# shared-memory index every reader writes to, only whether it is there).
state() {
	for f in "$1" "$1-wal" "$1-shm" "$1-journal"; do
		if [ -L "$f" ]; then echo "$f symlink $(readlink "$f")"
		elif [ -f "$f" ] && [ "$f" = "$1-shm" ]; then echo "$f"
		elif [ -f "$f" ]; then echo "$f $(sha256sum <"$f")"
		elif [ -e "$f" ]; then echo "$f $(stat -c %F "$f")"
		fi
	done
}

# refuse NAME FILE CODE PATTERN [AS]: export, import and open (the workbench, from a key
# script) of FILE all exit CODE with stderr matching PATTERN; FILE and what is beside it
# unchanged. AS runs ims2 as another user.
refuse() {
	name=$1 file=$2 code=$3 pattern=$4 as=${5:-}
	before=$(state "$file")
	for cmd in export import open; do
		# shellcheck disable=SC2086
		case $cmd in
		export) $as "$ims2" export "$file" >out 2>err </dev/null ;;
		import) $as "$ims2" import "$file" "$tmp/empty.yaml" >out 2>err </dev/null ;;
		open) $as "$ims2" open "$file" --script "$tmp/quit.keys" >out 2>err </dev/null ;;
		esac
		rc=$?
		if [ $rc -ne "$code" ]; then bad "$name ($cmd): exit $rc, expected $code"
		elif ! grep -qE -- "$pattern" err; then bad "$name ($cmd): stderr lacks /$pattern/"
		else ok; fi
		[ "$(state "$file")" = "$before" ] && ok || bad "$name ($cmd): the file or what is beside it changed"
	done
}

printf '{}\n' >empty.yaml
printf ':q<Enter>' >quit.keys
"$ims2" demo demo.ims2 --as-of 2027-04-09 >/dev/null || { echo "FAIL: demo"; exit 1; }
# The format this build writes: user_version, bytes 60-63 of the header.
current=$(od -An -j60 -N4 -tu1 demo.ims2 | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')

# Not workspaces at all.
: >empty.ims2
refuse empty empty.ims2 3 'not an ims2 workspace'
head -c 65536 /dev/urandom >random.ims2
refuse random random.ims2 3 'not an ims2 workspace'
printf 'SQLite format 3\000' >magic-only.ims2
refuse magic-only magic-only.ims2 3 'not an ims2 workspace'
mkdir dir.ims2
refuse directory dir.ims2 3 'is a directory'
mkfifo fifo.ims2 && refuse fifo fifo.ims2 3 'not a regular file'
ln -s /etc/passwd link-passwd.ims2
refuse symlink-foreign link-passwd.ims2 3 'not an ims2 workspace'
ln -s nowhere.ims2 dangling.ims2
refuse symlink-dangling dangling.ims2 3 'No such file'
refuse missing missing.ims2 3 'No such file'
size=$(wc -c <demo.ims2)
head -c $((size / 2)) demo.ims2 >half.ims2
refuse truncated half.ims2 3 'damaged: the file is shorter'
head -c $((size - 4096)) demo.ims2 >short.ims2
refuse truncated-page short.ims2 3 'damaged'

# A symbolic link to a workspace reads the workspace, and leaves nothing beside either.
ln -s demo.ims2 link.ims2
before=$(state demo.ims2)
"$ims2" export link.ims2 >link.md 2>err && "$ims2" export demo.ims2 | cmp -s - link.md && ok || bad "symlink to a workspace"
[ "$(state demo.ims2)" = "$before" ] && [ ! -e link.ims2-wal ] && ok || bad "symlink: files changed"

# Beside the file: a rollback journal SQLite would play back, a -wal that is a symlink.
cp demo.ims2 journal.ims2
head -c 8192 /dev/urandom >journal.ims2-journal
refuse hot-journal journal.ims2 3 'rollback journal'
cp demo.ims2 wallink.ims2
ln -s /etc/passwd wallink.ims2-wal
refuse wal-symlink wallink.ims2 3 'not a regular file'

if [ -n "$has_sqlite3" ]; then
	sqlite3 foreign.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
	refuse foreign-sqlite foreign.db 3 'an SQLite database, but not an ims2 workspace'
	# Tampered schemas: names that look like SQLite's own are compared whole.
	for name in sqliteXevil SQLITE1evil; do
		cp demo.ims2 $name.ims2
		sqlite3 $name.ims2 "CREATE TRIGGER $name AFTER INSERT ON changelog BEGIN DELETE FROM changelog; END;"
		refuse "tampered-$name" $name.ims2 3 'schema was changed outside ims2'
	done
	cp demo.ims2 view.ims2
	sqlite3 view.ims2 'CREATE VIEW sqlite_evil AS SELECT 1' 2>/dev/null ||
		sqlite3 view.ims2 'CREATE VIEW sqlitEevil AS SELECT 1'
	refuse tampered-view view.ims2 3 'schema was changed outside ims2'
	# A format 2 file with an extra trigger is refused before it is migrated.
	gzip -dc "$top/tests/files/fixtures/format-2.ims2.gz" >v2evil.ims2
	sqlite3 v2evil.ims2 'CREATE TRIGGER evil AFTER INSERT ON meta BEGIN SELECT 1; END;'
	refuse tampered-older v2evil.ims2 3 'schema was changed outside ims2'
	# A format number lower than the schema the file holds.
	cp demo.ims2 lower.ims2
	sqlite3 lower.ims2 'PRAGMA user_version = 2'
	refuse lower-version lower.ims2 3 "format number \(2\) does not match the schema it holds \(format $current\)"
	cp demo.ims2 newer.ims2
	sqlite3 newer.ims2 'PRAGMA user_version = 99'
	refuse newer newer.ims2 3 'made by a newer ims2'
	# Changes that live only in the write-ahead log: seen, and the log is not checkpointed.
	cp demo.ims2 walnewer.ims2
	sqlite3 walnewer.ims2 '.dbconfig no_ckpt_on_close on' 'PRAGMA user_version = 99' >/dev/null
	[ -s walnewer.ims2-wal ] && ok || bad "walnewer: sqlite3 left no WAL"
	refuse newer-in-wal walnewer.ims2 3 'made by a newer ims2'
	cp demo.ims2 walschema.ims2
	sqlite3 walschema.ims2 '.dbconfig no_ckpt_on_close on' 'CREATE TABLE sqliteXevil (x)' >/dev/null
	refuse schema-in-wal walschema.ims2 3 'schema was changed outside ims2'
	# Records committed to a log nobody checkpointed are exported; the log stays as it was.
	cp demo.ims2 walrec.ims2
	sqlite3 walrec.ims2 '.dbconfig no_ckpt_on_close on' \
		"INSERT INTO project_objective (objective) VALUES ('Committed to the log only')" >/dev/null
	before=$(state walrec.ims2)
	"$ims2" export walrec.ims2 --step 1.1 >out 2>err && grep -q 'Committed to the log only' out && ok ||
		bad "wal-record: the committed record is not exported"
	[ "$(state walrec.ims2)" = "$before" ] && ok || bad "wal-record: the export changed the files"
fi

# Read-only by permissions, as an unprivileged user: nothing created beside the file (that
# would block the owner's next save), committed log records visible, unreadable refused.
as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
mkdir shared
chmod 755 "$tmp"
chmod 1777 shared
can_nobody=
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
	$as_nobody "$ims2" --version >/dev/null 2>&1 && can_nobody=yes
if [ -n "$can_nobody" ]; then
	cp demo.ims2 shared/ro.ims2
	chmod 644 shared/ro.ims2
	before=$(state shared/ro.ims2)
	$as_nobody "$ims2" export shared/ro.ims2 >out 2>err && ok || bad "read-only export as nobody"
	[ "$(state shared/ro.ims2)" = "$before" ] && ok || bad "read-only export as nobody left files: $(ls shared)"
	"$ims2" export demo.ims2 | cmp -s - out && ok || bad "read-only export as nobody differs"
	$as_nobody "$ims2" import shared/ro.ims2 "$tmp/empty.yaml" >out 2>err
	[ $? -eq 3 ] && grep -q 'read-only' err && ok || bad "import into a read-only file as nobody"
	[ "$(state shared/ro.ims2)" = "$before" ] && ok || bad "refused import as nobody left files"
	if [ -n "$has_sqlite3" ]; then
		sqlite3 shared/ro.ims2 '.dbconfig no_ckpt_on_close on' \
			"INSERT INTO project_objective (objective) VALUES ('Seen by nobody')" >/dev/null
		before=$(state shared/ro.ims2)
		$as_nobody "$ims2" export shared/ro.ims2 --step 1.1 >out 2>err && grep -q 'Seen by nobody' out &&
			ok || bad "read-only as nobody: a record in the log is not exported"
		[ "$(state shared/ro.ims2)" = "$before" ] && ok || bad "read-only as nobody with a log: files changed"
		# A log without its index cannot be read without creating one: refused, said why.
		rm shared/ro.ims2-shm
		refuse log-without-index shared/ro.ims2 3 'no index beside it' "$as_nobody"
	fi
	cp demo.ims2 shared/secret.ims2
	chmod 600 shared/secret.ims2
	refuse unreadable shared/secret.ims2 3 'Permission denied' "$as_nobody"
else
	echo "SKIP the cases run as an unprivileged user: they need root and setpriv"
fi

# Every format version ims2 has had: exported read-only without a change to the file, and the
# same report as after the file is brought up to date in place.
for fixture in "$top"/tests/files/fixtures/format-*.ims2.gz; do
	n=$(basename "$fixture" .ims2.gz)
	gzip -dc "$fixture" >"$n.ims2"
	before=$(state "$n.ims2")
	"$ims2" export "$n.ims2" >"$n.ro.md" 2>err && ok || bad "$n: export"
	"$ims2" export "$n.ims2" --report risks --format csv >"$n.ro.csv" 2>err && ok || bad "$n: CSV export"
	IMS2_SCRIPT_OUTPUT="$n.screen" "$ims2" open "$n.ims2" --read-only --script quit.keys >/dev/null 2>err &&
		ok || bad "$n: read-only open in the workbench"
	grep -q 'read-only: older format' "$n.screen" || [ "$n" = "format-$current" ] &&
		ok || bad "$n: the workbench does not say why it is read-only"
	[ "$(state "$n.ims2")" = "$before" ] && ok || bad "$n: the export or the workbench changed the file"
	grep -q 'Valecrest Health Logistics' "$n.ro.md" && ok || bad "$n: the organisation is missing"
	cp "$n.ims2" "$n.rw.ims2"
	"$ims2" import "$n.rw.ims2" empty.yaml >/dev/null 2>err && ok || bad "$n: opening for writing"
	"$ims2" export "$n.rw.ims2" >"$n.rw.md" 2>err && cmp -s "$n.ro.md" "$n.rw.md" && ok ||
		bad "$n: the read-only export differs from the one after migration"
done
# Every migration adds its fixture (src/core/migrate.c says how).
v=1
while [ $v -le "$current" ]; do
	[ -e format-$v.ims2 ] && ok || bad "no fixture of format $v: run sh tests/files/make-fixture.sh $v"
	v=$((v + 1))
done

# Import reads exactly the file named, with the system's reason when it cannot.
# expect NAME CODE PATTERN -- COMMAND...
expect() {
	name=$1 code=$2 pattern=$3
	shift 4
	"$@" >out 2>err </dev/null
	rc=$?
	if [ $rc -ne "$code" ]; then bad "$name: exit $rc, expected $code"
	elif ! grep -qE -- "$pattern" err out; then bad "$name: output lacks /$pattern/"
	else ok; fi
}
"$ims2" init imp.ims2 --org "Import Ltd" >/dev/null
mkdir sub
printf 'records:\n  person:\n    - {name: Absolute Person}\n  project_member:\n    - {name: Absolute Person, project_role: member}\n' >sub/abs.yaml
expect import-absolute 0 'Imported' -- "$ims2" import imp.ims2 "$tmp/sub/abs.yaml"
"$ims2" export imp.ims2 --step 1.1 | grep -q 'Absolute Person' && ok || bad "import-absolute: record missing"
# A file of the user's named like a built-in one is the user's file (or its absence).
expect import-builtin-name 4 'cannot read method.yaml: No such file' -- "$ims2" import imp.ims2 method.yaml
printf 'records:\n  person:\n    - {name: From My Method}\n  project_member:\n    - {name: From My Method, project_role: member}\n' >method.yaml
expect import-user-file 0 'Imported' -- "$ims2" import imp.ims2 method.yaml
expect import-directory 4 'is a directory' -- "$ims2" import imp.ims2 sub
mkfifo pipe.yaml && expect import-fifo 4 'not a regular file' -- "$ims2" import imp.ims2 pipe.yaml
cp sub/abs.yaml secret.yaml
chmod 000 secret.yaml
if [ "$(id -u)" != 0 ]; then
	expect import-unreadable 4 'secret.yaml: Permission denied' -- "$ims2" import imp.ims2 secret.yaml
elif [ -n "$can_nobody" ]; then
	# shellcheck disable=SC2086
	expect import-unreadable 4 'secret.yaml: Permission denied' -- $as_nobody "$ims2" import "$tmp/imp.ims2" "$tmp/secret.yaml"
else
	echo "SKIP import-unreadable: root reads every file, and nobody cannot run ims2 here"
fi
# A form imported twice: the second import sets its fields again, no UNIQUE error.
printf 'records:\n  scope_statement:\n    - {statement: Our scope}\n' >form.yaml
expect import-form 0 'Imported' -- "$ims2" import imp.ims2 form.yaml
expect import-form-again 0 'Imported form.yaml into imp.ims2: 0 records added, 1 updated' -- "$ims2" import imp.ims2 form.yaml
[ "$("$ims2" export imp.ims2 --step 1.5 | grep -c 'Our scope')" -eq 1 ] && ok || bad "import-form-again: not one record"
# Declared ranges; nulls are empty values, a quoted "~" is text.
for v in -5 101 1e23 100000000000000000000000; do
	printf 'records:\n  person:\n    - {name: Ranged}\n  project_member:\n    - {name: Ranged, project_role: member, availability: %s}\n' "$v" >range.yaml
	expect "import-range $v" 2 'range.yaml:5:7: Avail % must be (between 0 and 100|a number)' -- "$ims2" import imp.ims2 range.yaml
done
printf 'records:\n  project_member:\n    - {name: ~, project_role: member}\n' >null.yaml
expect import-null-required 2 'null.yaml:3:7: Name is required' -- "$ims2" import imp.ims2 null.yaml
printf 'records:\n  person:\n    - {name: Nulls}\n    - {name: "~"}\n  project_member:\n    - {name: Nulls, project_role: member, job_title: ~, contact: null}\n    - {name: "~", project_role: member, job_title: "null"}\n' >null.yaml
expect import-nulls 0 'Imported' -- "$ims2" import imp.ims2 null.yaml
"$ims2" export imp.ims2 --step 1.1 >out
grep -q '^| Nulls | member |  |' out && grep -q '^| \\~ | member | null |' out && ok || bad "import-nulls: $(grep -E 'Nulls|~' out)"
# Catalogs of the wrong shape and a method file cut short: file:line:column.
mkdir shape cut
printf 'catalog: annexa\ncontrols:\n  a: b\n' >shape/annexa.yaml
expect catalog-shape-themes 2 "shape/annexa.yaml:1:1: 'themes' must be a non-empty list" -- "$ims2" --data shape init shape.ims2 --org X
sed -n '1,/^controls:/p' "$top/data/annexa.yaml" >shape/annexa.yaml
printf '  a: b\n' >>shape/annexa.yaml
expect catalog-shape 2 "shape/annexa.yaml:[0-9]+:3: 'controls' must be a non-empty list" -- "$ims2" --data shape init shape.ims2 --org X
head -n 26 "$top/data/method.yaml" >cut/method.yaml
expect method-cut 2 'cut/method.yaml:26:[0-9]+: the method ends before step 2.8' -- "$ims2" --data cut init cut.ims2 --org X
head -c 1500 "$top/data/method.yaml" >cut/method.yaml
expect method-cut-mid-line 2 'cut/method.yaml:[0-9]+:[0-9]+: ' -- "$ims2" --data cut init cut.ims2 --org X
[ ! -e shape.ims2 ] && [ ! -e cut.ims2 ] && ok || bad "a refused catalog left a workspace"

echo "files: $pass passed, $fail failed"
sh "$top/tests/files/corrupt-pages.sh" || fail=$((fail + 1))
[ "$fail" -eq 0 ]
