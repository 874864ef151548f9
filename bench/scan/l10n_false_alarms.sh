#!/bin/sh
# SPDX-License-Identifier: MIT
# False alarms on clean text of many languages: every translated string of
# Firefox ESR's language packs (Debian firefox-esr-l10n-LANG, downloaded
# with apt-get download; Fluent .ftl files, one message value a line) is
# scanned; every finding counts, by kind.  These strings were never used to
# write or tune the scanner's rules before the first run of this script
# (see docs/scan.md for what that run changed).
#   bench/scan/l10n_false_alarms.sh [BUILD_DIR] [LANG...]
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
langs=${*:-"ko ja zh-cn zh-tw ru uk el ar he th hi-in vi de fr"}
konorm=$(cd "$build" && pwd)/src/cli/konorm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf '%-6s %7s  %s\n' lang strings findings
for l in $langs; do
	mkdir -p "$l" && cd "$l"
	if ! apt-get download "firefox-esr-l10n-$l" >/dev/null 2>&1; then
		echo "$l: cannot download firefox-esr-l10n-$l" >&2
		cd ..
		continue
	fi
	dpkg-deb -x ./*.deb pkg
	xpi=$(find pkg -name 'langpack-*.xpi' | head -1)
	unzip -q -o "$xpi" -d xpi
	find xpi -name '*.ftl' -exec cat {} + | grep -v '^#' | grep ' = ' |
		sed 's/^[^=]*= *//' | grep -v '^[[:space:]]*$' >strings.txt || :
	n=$(wc -l <strings.txt)
	counts=$("$konorm" scan --json strings.txt 2>/dev/null |
		python3 -c 'import sys, json, collections
c = collections.Counter(json.loads(x)["kind"] for x in sys.stdin)
print(" ".join(f"{k} {v}" for k, v in sorted(c.items())) or "none")')
	printf '%-6s %7s  %s\n' "$l" "$n" "$counts"
	cd ..
done
