#!/bin/sh
# SPDX-License-Identifier: MIT
# What the HTML report costs: on the same input, in the same run, times
# `cat` (the limit), `konorm scan` (compiler-style text) and
# `konorm scan --html`, and prints MB/s, peak memory and the ratio.  The
# input is FILE, or, without one, the shipped article (examples/) repeated
# to about 8 MB: English prose with Korean glosses and one spam insertion
# per copy.
#   bench/html/run.sh [BUILD_DIR] [FILE]
set -eu
build=${1:-build}
here=$(dirname "$0")
konorm=$build/src/cli/konorm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -ge 2 ]; then
	input=$2
else
	input=$tmp/input.txt
	i=0
	while [ $i -lt 4400 ]; do
		cat "$here/../../examples/news-article.txt"
		i=$((i + 1))
	done >"$input"
fi
bytes=$(wc -c <"$input")

# Best of three wall-clock runs (the machine may be shared), in seconds,
# and the peak RSS of that run in KB, from GNU time.
measure() {
	best=
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null \
			2>/dev/null || true
		# GNU time puts "Command exited with non-zero status" first.
		read -r t m <<EOT
$(tail -n 1 "$tmp/time")
EOT
		if [ -z "$best" ] ||
			awk "BEGIN { exit !($t < $best) }"; then
			best=$t
			mem=$m
		fi
	done
	echo "$best $mem"
}

printf '%-22s %8s %10s %10s\n' tool seconds 'MB/s' 'peak MB'
base=
for tool in cat scan html; do
	case $tool in
	cat) set -- cat "$input" ;;
	scan) set -- "$konorm" scan "$input" ;;
	html) set -- "$konorm" scan --html -o "$tmp/report.html" "$input" ;;
	esac
	r=$(measure "$@")
	t=${r% *}
	m=${r#* }
	label=$tool
	[ "$tool" = html ] && label='scan --html'
	[ "$tool" = scan ] && label='scan (text)'
	# GNU time counts in hundredths: 0.00 s is faster than 1/0.01 s.
	awk -v l="$label" -v t="$t" -v m="$m" -v b="$bytes" 'BEGIN {
		rate = t > 0 ? sprintf("%.1f", b / t / 1e6) \
		             : sprintf(">%.0f", b / 0.01 / 1e6)
		printf "%-22s %8.2f %10s %10.1f\n", l, t, rate, m / 1024 }'
	[ "$tool" = scan ] && base=$t
	[ "$tool" = html ] && html=$t
done
awk -v b="$base" -v h="$html" 'BEGIN {
	if (b > 0) printf "scan --html / scan time: %.2fx\n", h / b }'
echo "input: $bytes bytes; report: $(wc -c <"$tmp/report.html") bytes"
