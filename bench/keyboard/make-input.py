#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the keyboard/jamo benchmark input from real Korean text.

Source: the Debian package libreoffice-help-ko (allowed corpus),
/usr/share/libreoffice/help/ko/text/**/*.html.  The visible text of each
page is split into lines; a line is kept when it has Hangul syllables and
neither ASCII letters (they would be read as keys on the way back) nor
compatibility jamo (a lone jamo next to a syllable joins it when typed).
Lines are kept once each, in file order, until the output reaches the
target size.
Usage: make-input.py OUT [MEGABYTES]   (default 4)
"""
import glob
import html
import re
import sys

ROOT = "/usr/share/libreoffice/help/ko/text"
TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]*>", re.S | re.I)
HANGUL = re.compile("[\uac00-\ud7a3]")
REJECT = re.compile("[A-Za-z\u3131-\u318e]")


def visible_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = html.unescape(TAG.sub("\n", f.read()))
    for line in text.split("\n"):
        line = " ".join(line.split())
        if HANGUL.search(line) and not REJECT.search(line):
            yield line


def main():
    out = sys.argv[1]
    limit = int(float(sys.argv[2]) * 1e6) if len(sys.argv) > 2 else 4_000_000
    seen, size, lines = set(), 0, []
    for path in sorted(glob.glob(ROOT + "/**/*.html", recursive=True)):
        for line in visible_lines(path):
            if line in seen:
                continue
            seen.add(line)
            lines.append(line)
            size += len(line.encode()) + 1
            if size >= limit:
                break
        if size >= limit:
            break
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{out}: {len(lines)} lines, {size} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
