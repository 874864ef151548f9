#!/bin/sh
# SPDX-License-Identifier: MIT
# The progress line (src/cli/progress.c): under a pseudo-terminal made by
# util-linux script(1), each streaming command draws "... MB/s" with \r on
# stderr and erases it at the end; in a pipe, and with -q, stderr stays
# empty.  A pause in the input makes the run long enough (progress waits a
# quarter of a second before it draws) whatever the machine's speed.
# Usage: progress.sh KONORM.  Exit 77 (skipped) without script(1).
set -u
konorm=$1
if ! command -v script >/dev/null 2>&1; then
	echo "progress: skipped: no script(1) (util-linux)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
line='Pyongyang (평양) summit; 한국어 문장도 섞여 있습니다. Plain text.'
i=0
while [ $i -lt 2000 ]; do
	echo "$line"
	i=$((i + 1))
done >"$tmp/part.txt"
for i in 1 2 3 4 5 6 7 8; do
	cat "$tmp/part.txt" "$tmp/part.txt" "$tmp/part.txt"
done >"$tmp/in.txt"

# Runs "konorm ARGS" on a slow pipe under a terminal; prints its stderr.
slow_tty() {
	script -qc "{ head -c 100000 '$tmp/in.txt'; sleep 0.6; \
cat '$tmp/in.txt'; } | '$konorm' $* -o '$tmp/out'" /dev/null </dev/null
}

for cmd in normalize scan romanize fix "convert -f utf-8 -t cp949"; do
	err=$(slow_tty "$cmd" | tr '\r' '|')
	case $err in
	*"konorm: (stdin): "*" MB, "*" MB/s|"*) ;;
	*)
		echo "progress: FAIL: $cmd: no progress line on a terminal:" \
			"'$err'"
		fail=1
		continue
		;;
	esac
	# After the last draw: only the erasing blanks between two \r.
	last=${err##*MB/s}
	if [ -n "$(printf '%s' "$last" | tr -d '| ')" ]; then
		echo "progress: FAIL: $cmd: line not erased: '$last'"
		fail=1
	fi
	quiet=$(slow_tty "$cmd -q" | tr -d '\r\n')
	if [ -n "$quiet" ]; then
		echo "progress: FAIL: $cmd -q: stderr not silent: '$quiet'"
		fail=1
	fi
	piped=$({ head -c 100000 "$tmp/in.txt"; sleep 0.6; \
		cat "$tmp/in.txt"; } | "$konorm" $cmd -o "$tmp/out" 2>&1 |
		tr -d '\n')
	if [ -n "$piped" ]; then
		echo "progress: FAIL: $cmd: stderr in a pipe: '$piped'"
		fail=1
	fi
done

# A regular file: the total and the share of it.
big="$tmp/big.txt"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
	cat "$tmp/in.txt"
done >"$big"
err=$(script -qc "'$konorm' scan '$big' -o '$tmp/out'" /dev/null </dev/null |
	tr '\r' '|')
case $err in
*"konorm: $big: "*" of "*" MB ("*"%), "*" MB/s|"*) ;;
"") echo "progress: note: scan was too fast to draw on this machine" ;;
*)
	echo "progress: FAIL: scan FILE: no 'N of M MB (P%)' line: '$err'"
	fail=1
	;;
esac
# The output on the same terminal (no -o): no progress line to interleave
# with it (the text has no finding, so the terminal stays empty).
err=$(script -qc "'$konorm' scan '$big'" /dev/null </dev/null | tr -d '\r\n')
if [ -n "$err" ]; then
	echo "progress: FAIL: progress drawn over the output: '$err'"
	fail=1
fi
[ $fail -eq 0 ] && echo "progress: ok"
exit $fail
