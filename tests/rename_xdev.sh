#!/bin/sh
# SPDX-License-Identifier: MIT
# konorm rename -r -x (--one-file-system): a tmpfs mounted inside the tree
# keeps its NFD names, while the same names beside it are renamed; without
# -x both are.  Needs the right to mount (root, as in CI); exit 77
# (skipped) otherwise, saying so.
# Usage: rename_xdev.sh KONORM.
set -u
konorm=$1
tmp=$(mktemp -d)
mnt="$tmp/tree/mnt"
cleanup() {
	umount "$mnt" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -p "$mnt"
if ! mount -t tmpfs konorm-test "$mnt" 2>/dev/null; then
	echo "rename_xdev: skipped: cannot mount a tmpfs (not root?)"
	exit 77
fi
nfd=$(printf '\341\204\222\341\205\241\341\206\253')  # 한 in NFD
nfc=$(printf '\355\225\234')                          # 한 in NFC
fail=0
expect() { # DESCRIPTION PATH: the path must exist
	if [ ! -e "$2" ]; then
		echo "FAIL: $1: $2 missing"
		fail=1
	fi
}
touch "$tmp/tree/$nfd.txt" "$mnt/$nfd.txt"
"$konorm" rename -q -r -x --apply "$tmp/tree" || { echo "FAIL: exit $?"; fail=1; }
expect "-x renames on the same file system" "$tmp/tree/$nfc.txt"
expect "-x leaves the other file system" "$mnt/$nfd.txt"
"$konorm" rename -q -r --apply "$tmp/tree" || { echo "FAIL: exit $?"; fail=1; }
expect "without -x the walk goes into the mount" "$mnt/$nfc.txt"
if "$konorm" rename -x "$tmp/tree" 2>/dev/null; then
	echo "FAIL: -x without -r accepted"
	fail=1
fi
[ $fail -eq 0 ] && echo "rename_xdev: ok"
exit $fail
