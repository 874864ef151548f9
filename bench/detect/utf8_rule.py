#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""How often legacy-encoded text passes detect.c's UTF-8 shortcut.

Usage: utf8_rule.py ROOT   (the unpacked packages of
tables/textmodel/corpus.py)

For every line of every language (training and held-out documents), the
line and the five after it are joined, encoded in each legacy encoding of
that language, and cut to their first 64 bytes: the first checkpoint.
Counts the windows that are well-formed UTF-8 (a character may be cut at
the end) with at least UTF8_CERTAIN_CHARS (8) multibyte characters, the
test that makes the detector decide UTF-8 without weighing the others.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tables", "textmodel"))
import corpus  # noqa: E402

ENCODINGS = {"ko": ["euc_kr", "cp949", "johab"], "ja": ["cp932", "euc_jp"],
             "zh-Hans": ["gb18030"], "zh-Hant": ["big5"],
             "western": ["cp1252", "latin-1"]}
CERTAIN_CHARS = 8


def clearly_utf8(b):
    for cut in range(4):
        try:
            b[:len(b) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return sum(1 for x in b[:len(b) - cut] if x >= 0xC2) >= \
            CERTAIN_CHARS
    return False


def main():
    root = sys.argv[1]
    for lang, encs in ENCODINGS.items():
        lines = []
        for held in (False, True):
            lines += list(corpus.language_lines(root, lang, held))
        for enc in encs:
            n = nonascii = hits = 0
            for i in range(len(lines)):
                b = " ".join(lines[i:i + 6]).encode(enc, "ignore")[:64]
                if len(b) < 64:
                    continue
                n += 1
                nonascii += any(x >= 0x80 for x in b)
                if clearly_utf8(b):
                    hits += 1
                    print("%s %s: %r" % (lang, enc, b))
            print("%-8s %-8s windows %7d  with non-ASCII %7d  pass %d"
                  % (lang, enc, n, nonascii, hits), flush=True)


if __name__ == "__main__":
    main()
