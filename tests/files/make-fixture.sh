#!/bin/sh
# Makes tests/files/fixtures/format-N.ims2.gz: the demo workspace as the ims2 of the commit that
# added migration N (src/core/migrate.c) wrote it. Run once per migration; commit the result.
#   sh tests/files/make-fixture.sh N
# The commit is the last one of `git log -- src/core/migrate.c` whose migrations array has N
# entries (migration N as it was released: a change to it before N+1 was added counts), built
# in a temporary directory from `git archive`, so the checkout is not touched.
set -eu
n=${1:?usage: make-fixture.sh FORMAT-NUMBER}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
commit=
for c in $(git log --reverse --format=%H -- src/core/migrate.c); do
	count=$(git show "$c:src/core/migrate.c" | sed -n '/migrations\[\] = {/,/^};/p' | grep -c 'migration_[0-9]')
	if [ "$count" -eq "$n" ]; then commit=$c; fi
done
[ -n "$commit" ] || { echo "no commit of src/core/migrate.c has $n migrations" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git archive "$commit" | tar -x -C "$tmp"
make -C "$tmp" ims2 >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
# The demo's story at its own dates where that ims2 moves it to today's (ims2 demo --as-of).
as_of=$("$tmp/ims2" help demo | grep -q -- --as-of && echo "--as-of 2027-04-09" || true)
SOURCE_DATE_EPOCH=1767225600 "$tmp/ims2" demo "$tmp/format-$n.ims2" $as_of >/dev/null
gzip -9n -c "$tmp/format-$n.ims2" >"tests/files/fixtures/format-$n.ims2.gz"
echo "tests/files/fixtures/format-$n.ims2.gz: the demo as written by $(git log -1 --format='%h (%cs)' "$commit")"
