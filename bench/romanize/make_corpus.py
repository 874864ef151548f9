#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the Korean corpus of the romanization speed benchmark from the
LibreOffice Korean help (Debian package libreoffice-help-ko): the text of
every page under /usr/share/libreoffice/help/ko/text, tags and entities
removed, one paragraph a line, lines without Hangul dropped, repeated in
file order until SIZE bytes.  The corpus is written to OUT, never
committed.

Usage: make_corpus.py OUT [SIZE_MB]   (default 8)
"""
import html
import os
import re
import sys

ROOT = "/usr/share/libreoffice/help/ko/text"
TAG = re.compile(r"<[^>]*>")
HANGUL = re.compile("[\uac00-\ud7a3]")


def paragraphs():
    for d, _, files in sorted(os.walk(ROOT)):
        for f in sorted(files):
            if not f.endswith(".html"):
                continue
            text = open(os.path.join(d, f), encoding="utf-8",
                        errors="replace").read()
            text = re.sub(r"(?is)<(script|style).*?</\1>", " ", text)
            for part in re.split(r"(?i)</?(?:p|h\d|li|td|div|br)[^>]*>",
                                 text):
                line = " ".join(html.unescape(TAG.sub(" ", part)).split())
                if HANGUL.search(line):
                    yield line


def main():
    out_path = sys.argv[1]
    size = int(float(sys.argv[2]) * 1e6) if len(sys.argv) > 2 else 8000000
    lines = list(paragraphs())
    if not lines:
        sys.exit("make_corpus: no text under %s (install "
                 "libreoffice-help-ko)" % ROOT)
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        while written < size:
            for line in lines:
                out.write(line + "\n")
                written += len(line.encode()) + 1
                if written >= size:
                    break


if __name__ == "__main__":
    main()
