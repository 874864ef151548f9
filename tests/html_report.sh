#!/bin/sh
# SPDX-License-Identifier: MIT
# `konorm scan --html` in a real browser: headless Chromium loads the report
# of tests/html/report.txt (English prose with Hangul spam, a homoglyph word,
# a ZWSP, bidi controls, Korean glosses), --dump-dom gives the DOM it built,
# and the checks below run on that DOM; --screenshot renders the page to
# BUILDDIR/html_report.png for a person to look at (Korean glyphs, not tofu).
# Usage: html_report.sh KONORM SOURCE_ROOT BUILDDIR.  Exit 77 (skipped)
# without chromium.
set -u
konorm=$1
src=$2
out=${3:-.}

browser=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "html_report: skipped: no chromium (apt-get install chromium)"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "html_report: skipped: no python3 to read the DOM"
	exit 77
fi
if command -v fc-list >/dev/null 2>&1 &&
	[ -z "$(fc-list :lang=ko family)" ]; then
	echo "html_report: FAIL: no Korean font, Hangul would render as" \
		"tofu (apt-get install fonts-noto-cjk)"
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$konorm" scan --html -o "$tmp/report.html" "$src/tests/html/report.txt" \
	"$src/tests/cli/scan-clean.in"
status=$?
if [ "$status" -ne 1 ]; then
	echo "html_report: FAIL: konorm scan --html exited $status, not 1"
	exit 1
fi

# The flags that keep a headless run quiet and local (no network, no
# profile of the user's).
run_browser() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile" --window-size=1100,900 "$@" \
		2>"$tmp/browser.err"
}

if ! run_browser --dump-dom "file://$tmp/report.html" >"$tmp/dom.html" ||
	[ ! -s "$tmp/dom.html" ]; then
	echo "html_report: FAIL: chromium --dump-dom failed:"
	tail -5 "$tmp/browser.err"
	exit 1
fi

python3 - "$tmp/dom.html" <<'EOF' || exit 1
import html.parser
import sys

dom = open(sys.argv[1], encoding="utf-8").read()
failures = []

def check(ok, what):
    if not ok:
        failures.append(what)

# Characters that must never reach the page raw: bidi controls (UAX #9)
# and the invisible ones the scanner reports.
hidden = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | \
    set(range(0x2066, 0x206A)) | {0x061C, 0x2060, 0xFEFF, 0x3164, 0xFFA0,
                                  0x115F, 0x1160, 0x00AD}
raw = sorted({"U+%04X" % ord(c) for c in dom if ord(c) in hidden})
check(not raw, "raw invisible/bidi characters in the DOM: %s" % raw)

class Marks(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks = []      # (id, kind, tabindex, text)
        self.stack = []      # open marks with an id
        self.in_tip = 0
        self.hrefs = []
        self.ids = set()
        self.sections = 0
        self.lines = []
        self.depth_tag = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "section":
            self.sections += 1
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "span" and a.get("class") == "gut":
            self.lines.append(a)
        if tag == "mark" and "id" in a:
            self.stack.append([a["id"], a.get("data-kind"),
                               a.get("tabindex"), a.get("class"), ""])
            self.depth_tag.append("mark")
        elif tag == "mark":
            self.depth_tag.append("cont")
        if tag == "span" and a.get("class") == "tip":
            self.in_tip += 1
            self.depth_tag.append("tip")
        elif tag == "span":
            self.depth_tag.append("span")
    def handle_endtag(self, tag):
        if tag not in ("mark", "span") or not self.depth_tag:
            return
        what = self.depth_tag.pop()
        if what == "tip":
            self.in_tip -= 1
        elif what == "mark":
            self.marks.append(tuple(self.stack.pop()))
    def handle_data(self, data):
        if not self.in_tip:
            for m in self.stack:
                m[4] += data

p = Marks()
p.feed(dom)
by_kind = {}
for mid, kind, tab, cls, text in p.marks:
    by_kind.setdefault(kind, []).append(text)
    check(tab == "0", "%s is not focusable (tabindex=%r)" % (mid, tab))
    check(cls == "k-" + kind, "%s has class %r for kind %s" % (mid, cls, kind))

check(by_kind.get("foreign-run") == ["카지노사이트 바카라사이트"],
      "foreign-run marks: %r" % by_kind.get("foreign-run"))
check(by_kind.get("mixed-script-word") == ["p\u0430ypal"],
      "mixed-script-word marks: %r" % by_kind.get("mixed-script-word"))
check(by_kind.get("invisible") == ["⟨U+200B ZWSP⟩"],
      "invisible marks: %r" % by_kind.get("invisible"))
check(by_kind.get("bidi-control") == ["⟨U+202E RLO⟩", "⟨U+2066 LRI⟩",
                                      "⟨U+2069 PDI⟩", "⟨U+202C PDF⟩"],
      "bidi-control marks: %r" % by_kind.get("bidi-control"))
# The glosses stay unmarked.
for gloss in ("한글", "서울"):
    check(not any(gloss in t for _, _, _, _, t in p.marks),
          "the gloss %s is marked" % gloss)
    check(gloss in dom, "the gloss %s is missing" % gloss)
# Every finding has a link from its summary table, every link a target.
finding_ids = {m[0] for m in p.marks}
links = {h[1:] for h in p.hrefs if h.startswith("#")}
check(finding_ids == links,
      "anchors: marks %s, links %s" % (sorted(finding_ids), sorted(links)))
check(p.sections == 2, "%d sections for 2 inputs" % p.sections)
check(len(p.lines) >= 12, "%d numbered lines" % len(p.lines))
check("<meta charset=\"utf-8\">" in dom, "no charset declaration")
check("&lt;tags&gt; \"quotes\"" in dom, "markup in the input not escaped")

for f in failures:
    print("html_report: FAIL:", f)
if failures:
    sys.exit(1)
print("html_report: %d marks, %d links, %d lines checked in the DOM"
      % (len(p.marks), len(links), len(p.lines)))
EOF

# #f1-1 opens the first finding's tooltip (:target), for the picture.
rm -f "$out/html_report.png"
if ! run_browser --screenshot="$out/html_report.png" \
	"file://$tmp/report.html#f1-1" >/dev/null ||
	[ ! -s "$out/html_report.png" ]; then
	echo "html_report: FAIL: chromium --screenshot failed:"
	tail -5 "$tmp/browser.err"
	exit 1
fi
echo "html_report: screenshot in $out/html_report.png"
exit 0
