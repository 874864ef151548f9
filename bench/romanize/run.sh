#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the romanization benchmarks: accuracy of konorm and its peers on
# the lists of tests/romanize, then throughput against ICU Hangul-Latin on
# an 8 MB corpus of the LibreOffice Korean help.
# Usage: bench/romanize/run.sh [BUILD_DIR]   (default: build)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
[ -d "$here/node_modules" ] || "$here/setup.sh" || echo "run.sh: npm peers not installed"
python3 "$here/accuracy.py" --konorm "$build/src/cli/konorm"
corpus=${TMPDIR:-/tmp}/konorm-romanize-corpus.txt
[ -f "$corpus" ] || python3 "$here/make_corpus.py" "$corpus" 8
"$build/bench/bench-romanize" "$corpus" 3
for tool in "$build/src/cli/konorm romanize" "uconv -x Hangul-Latin"; do
	start=$(date +%s.%N)
	$tool < "$corpus" > /dev/null
	end=$(date +%s.%N)
	echo "$tool: $(echo "$end - $start" | bc) s for the corpus"
done
