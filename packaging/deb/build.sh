#!/bin/sh
# Builds the Debian package of the dynamic build with dpkg-deb (make deb).
#   sh packaging/deb/build.sh VERSION BINARY WORKDIR
# WORKDIR receives the tree (WORKDIR/debian/ims2, the layout dpkg-shlibdeps expects); the
# package, ims2_VERSION-1_ARCH.deb, is written to the current directory. Depends comes from
# dpkg-shlibdeps (the libraries the binary links and the versions their symbols need).
# DEB_MAINTAINER names the maintainer; the changelog's date is SOURCE_DATE_EPOCH, else the
# last commit's, so that the same tree gives the same package.
set -eu
version=$1 binary=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
for tool in dpkg-deb dpkg-shlibdeps dpkg-architecture; do
	command -v "$tool" >/dev/null 2>&1 ||
		{ echo "ims2: make deb needs $tool (apt-get install dpkg-dev)" >&2; exit 1; }
done
maintainer=${DEB_MAINTAINER:-ims2 maintainers <ims2@example.org>}
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)}
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
debversion=$version-1
root=$work/debian/ims2
doc=$root/usr/share/doc/ims2

rm -rf "$work/debian"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$doc"
install -m 755 "$binary" "$root/usr/bin/ims2"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/ims2"
# The man page's title line gets the version, as make install does.
sed '1s/"ims2 [^"]*"/"ims2 '"$version"'"/' "$top/man/ims2.1" |
	gzip -9n >"$root/usr/share/man/man1/ims2.1.gz"
gzip -9n <"$top/README.md" >"$doc/README.md.gz"
install -m 644 "$here/copyright" "$doc/copyright"
{
	printf 'ims2 (%s) unstable; urgency=medium\n\n' "$debversion"
	printf '  * ims2 %s, packaged by make deb.\n\n' "$version"
	printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$epoch")"
} | gzip -9n >"$doc/changelog.Debian.gz"
chmod 644 "$root/usr/share/man/man1/ims2.1.gz" "$doc"/*.gz

: >"$work/debian/control" # dpkg-shlibdeps reads it, and needs nothing in it
depends=$(cd "$work" && dpkg-shlibdeps -O debian/ims2/usr/bin/ims2 | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "ims2: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
sed -e "s|@VERSION@|$debversion|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
	-e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" "$here/control.in" >"$root/DEBIAN/control"
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum >DEBIAN/md5sums)
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 755 {} +
find "$root" -exec touch -h -d "@$epoch" {} +
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$root" \
	"ims2_${debversion}_$arch.deb"
