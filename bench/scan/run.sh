#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the labeled scan corpus (needs the Debian packages named in
# make_corpus.py) and runs bench-scan on it: konorm against a naive
# any-other-script check and ICU's spoof checker, accuracy and speed.
#   bench/scan/run.sh [BUILD_DIR] [SEED]
set -eu
build=${1:-build}
seed=${2:-5}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/make_corpus.py" "$tmp/corpus" --docs 2000 --seed "$seed"
"$build/bench/bench-scan" "$tmp/corpus" "$tmp/corpus.en" "$tmp/corpus.ko"
