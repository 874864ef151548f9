#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Lengths of non-ASCII runs per language, for src/detect.c's RUN_ONE.

Usage: runs.py ROOT   (the unpacked packages of corpus.py; training
documents only, as train.py uses)

A run is a maximal stretch of code points above U+007F between ASCII
characters (a line end counts as ASCII).  Prints, per language, the
number of runs and the share of them that are one character long, and
the natural log of that share and of its complement: the costs detect.c
gives a one-character run and a longer one.  Western text has lone
accented letters and quotes among ASCII; Japanese and Chinese words are
runs of several characters, so a lone kanji among Latin words is rare.
"""
import math
import sys

import corpus


def run_lengths(lines):
    one = longer = 0
    for line in lines:
        run = 0
        for ch in line + "\n":
            if ord(ch) > 0x7F:
                run += 1
                continue
            if run == 1:
                one += 1
            elif run > 1:
                longer += 1
            run = 0
    return one, longer


def main():
    root = sys.argv[1]
    for lang in corpus.PACKAGES:
        one, longer = run_lengths(corpus.language_lines(root, lang, False))
        n = one + longer
        p = one / n
        print("%-8s runs %8d  one %.4f  ln(one) %6.2f  ln(longer) %6.2f"
              % (lang, n, p, math.log(p), math.log(1 - p)))


if __name__ == "__main__":
    main()
