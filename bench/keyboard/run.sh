#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/keyboard/run.sh [BUILDDIR]: makes the input once (from
# libreoffice-help-ko, see make-input.py) and runs bench-keyboard on it.
set -eu
build=${1:-build}
here=$(dirname "$0")
input=${TMPDIR:-/tmp}/konorm-bench-keyboard.txt
if [ ! -s "$input" ]; then
	python3 "$here/make-input.py" "$input"
fi
"$build/bench/bench-keyboard" "$input" 5
