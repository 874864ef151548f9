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

# romanize, fix and scan: --jobs 3 against --jobs 1 on the same inputs
# (several blocks each), output, messages and exit status alike.  scan
# runs in parallel only in field mode (it holds back a paragraph).
jobs_same() { # NAME INPUT KONORM-ARGS...
	name=$1 input=$2
	shift 2
	for jobs in 1 3; do
		set +e
		"$konorm" "$@" --jobs $jobs <"$input" >"$work/$name.$jobs" \
			2>"$work/$name.err.$jobs"
		echo "status $?" >>"$work/$name.err.$jobs"
		set -e
	done
	if cmp -s "$input" "$work/$name.1"; then
		echo "FAIL: $name: the output is the input; the comparison" \
			"would prove nothing"
		failures=$((failures + 1))
	fi
	check "$name: --jobs 3 output" "$work/$name.1" "$work/$name.3"
	check "$name: --jobs 3 messages" "$work/$name.err.1" \
		"$work/$name.err.3"
}
# (romanize leaves conjoining jamo as they are: it gets the text in NFC.)
"$konorm" normalize <"$work/text" >"$work/text.nfc"
jobs_same romanize "$work/text.nfc" romanize
jobs_same romanize-jsonl "$work/records" romanize --jsonl text
jobs_same fix "$work/text" fix --explain --json
jobs_same fix-jsonl "$work/records" fix --jsonl text
jobs_same scan-jsonl "$work/records" scan --jsonl text

# A record over the 16 MiB limit between good ones: refused alike by the
# stream reader and by --jobs (whose blocks may hold it whole), with the
# same output, messages and status under each --on-error mode.
{
	printf '{"text":"e\\u0301"}\n{"text":"'
	head -c 17825792 /dev/zero | tr '\0' x
	printf '"}\n{"text":"e\\u0301"}\n{"text":"last"}'
} >"$work/overlong"
for mode in pass skip fail; do
	for jobs in 1 3; do
		set +e
		"$konorm" normalize --jsonl text --on-error $mode --jobs $jobs \
			<"$work/overlong" >"$work/over.$jobs" 2>"$work/over.err.$jobs"
		echo "status $?" >>"$work/over.err.$jobs"
		set -e
	done
	check "overlong record, --on-error $mode: --jobs 3 output" \
		"$work/over.1" "$work/over.3"
	check "overlong record, --on-error $mode: --jobs 3 messages" \
		"$work/over.err.1" "$work/over.err.3"
	if ! grep -q 'line 2: record longer than 16 MiB at byte 19' \
		"$work/over.err.1" || ! grep -q 'status 1' "$work/over.err.1"
	then
		echo "FAIL: overlong record, --on-error $mode: not reported"
		failures=$((failures + 1))
	fi
done

if [ "$failures" -gt 0 ]; then
	echo "scaleout: $failures check(s) failed"
	exit 1
fi
echo "scaleout: all outputs identical"
