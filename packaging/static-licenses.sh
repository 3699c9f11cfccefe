#!/bin/sh
# Writes the licences of the libraries that ims2-static contains (make static):
#   sh packaging/static-licenses.sh OUTPUT
# ncurses and libyaml are under MIT-style licences, which ask that their notices go with every
# copy; SQLite is in the public domain. The texts are the build host's Debian copyright files
# of the static libraries that were linked (found with gcc and dpkg); elsewhere the file says
# where to find them.
set -u
out=$1
{
	echo "ims2-static contains these libraries, linked from the build host's static archives."
	echo "Their licences follow; keep this file with ims2-static."
	seen=" "
	for lib in libncursesw.a libtinfo.a libyaml.a libsqlite3.a; do
		path=$(readlink -f "$(${CC:-cc} -print-file-name="$lib")")
		pkg=$(dpkg -S "$path" 2>/dev/null | sed -n '1s/:.*//p')
		case $seen in *" $pkg "*) continue ;; esac # libtinfo.a comes with libncursesw.a
		seen="$seen$pkg "
		echo
		echo "==== $lib ($path${pkg:+, Debian package $pkg})"
		if [ -n "$pkg" ] && [ -r "/usr/share/doc/$pkg/copyright" ]; then
			cat "/usr/share/doc/$pkg/copyright"
		else
			echo "(not a Debian host: see the licence of the package that installed it)"
		fi
	done
} >"$out.tmp" && mv "$out.tmp" "$out"
