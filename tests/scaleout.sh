#!/bin/sh
# SPDX-License-Identifier: MIT
# Scale-out: `konorm normalize` as the per-record step of GNU parallel
# (parallel --pipe --keep-order) and of a Hadoop-streaming-style job
# (split the input into parts at line boundaries, run each part, join
# the outputs in order) must give exactly the single-process output, for
# plain text and for JSON Lines field mode, and so must --jobs.
#   tests/scaleout.sh KONORM SOURCE_DIR
# Exit 77 (meson's "skipped") when GNU parallel is not installed.
set -eu
konorm=${1:?usage: scaleout.sh KONORM SOURCE_DIR}
src=${2:?usage: scaleout.sh KONORM SOURCE_DIR}

if ! command -v parallel >/dev/null 2>&1 ||
   ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	echo "scaleout: GNU parallel is not installed (Debian: parallel); skipped"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/konorm-scaleout.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
failures=0

# Inputs made at run time: the example article in NFD (Hangul as jamo,
# accents as combining marks) and the example records, repeated so that
# the jobs and parts get several blocks each (about 8 and 4 MiB).
"$konorm" normalize --form nfd "$src/examples/news-article.txt" \
	>"$work/one.txt"
i=0
while [ $i -lt 10 ]; do cat "$work/one.txt"; i=$((i + 1)); done \
	>"$work/ten.txt"
i=0
while [ $i -lt 200 ]; do cat "$work/ten.txt"; i=$((i + 1)); done \
	>"$work/text"
i=0
while [ $i -lt 100 ]; do cat "$src/examples/records.jsonl"; i=$((i + 1)); done \
	>"$work/hundred.jsonl"
i=0
while [ $i -lt 300 ]; do cat "$work/hundred.jsonl"; i=$((i + 1)); done \
	>"$work/records"

check() { # NAME EXPECTED GOT
	if cmp -s "$2" "$3"; then
		echo "ok: $1"
	else
		echo "FAIL: $1 differs from the single-process output"
		cmp "$2" "$3" || true
		failures=$((failures + 1))
	fi
}

run_all() { # NAME INPUT KONORM-ARGS...
	name=$1 input=$2
	shift 2
	"$konorm" normalize "$@" <"$input" >"$work/$name.single"
	if cmp -s "$input" "$work/$name.single"; then
		echo "FAIL: $name: the input needs no normalization; the" \
			"comparisons would prove nothing"
		failures=$((failures + 1))
	fi

	# GNU parallel: records cut at line ends (--pipe splits on \n),
	# outputs kept in input order.
	parallel --pipe --keep-order --block 512k -j 2 \
		"$konorm" normalize "$@" <"$input" >"$work/$name.parallel"
	check "$name: parallel --pipe --keep-order" \
		"$work/$name.single" "$work/$name.parallel"

	# Hadoop streaming: map over line-aligned parts, then concatenate.
	mkdir -p "$work/$name.parts"
	split -l 5000 -d -a 4 "$input" "$work/$name.parts/part-"
	for part in "$work/$name.parts"/part-*; do
		"$konorm" normalize "$@" <"$part" >"$part.out"
	done
	cat "$work/$name.parts"/part-*.out >"$work/$name.streaming"
	check "$name: split, map, concatenate" \
		"$work/$name.single" "$work/$name.streaming"

	"$konorm" normalize --jobs 3 "$@" <"$input" >"$work/$name.jobs"
	check "$name: --jobs 3" "$work/$name.single" "$work/$name.jobs"
}

run_all nfc "$work/text"
run_all nfkc-jamo "$work/text" --form nfkc --compose-jamo
run_all jsonl "$work/records" --jsonl text

if [ "$failures" -gt 0 ]; then
	echo "scaleout: $failures check(s) failed"
	exit 1
fi
echo "scaleout: all outputs identical"
