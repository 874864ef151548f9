#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the inputs of bench-fix: OUTDIR/clean.txt and OUTDIR/garbled.txt.

Usage: make_speed_input.py [--root DIR] [--mb N] OUTDIR

clean.txt: lines of the allowed corpora (see make_pairs.py: Korean,
English, German/French/Spanish, Japanese, Chinese), repeated up to N MB.
garbled.txt: the same lines, every one garbled by one of the repairable
mistakes in turn (UTF-8 as cp1252, Latin-1, Mac Roman; CP949 as Latin-1,
cp1252 for Korean lines; double UTF-8).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_pairs  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/tmp/corp/x")
    ap.add_argument("--mb", type=float, default=16)
    ap.add_argument("outdir")
    args = ap.parse_args()
    lines = make_pairs.load_lines(args.root)
    mixed = []
    for lang in make_pairs.PACKAGE_LANGS:
        mixed.extend(lines[lang][:3000])
    clean, garbled = [], []
    size, i = 0, 0
    kinds = list(make_pairs.REPAIRABLE.items())
    while size < args.mb * 1e6:
        line = mixed[i % len(mixed)]
        name, fn = kinds[i % len(kinds)]
        if name.startswith("cp949") and not (make_pairs.has_hangul(line) and
                                             make_pairs.cp949_ok(line)):
            name, fn = kinds[0]
        clean.append(line)
        garbled.append(fn(line))
        size += len(line.encode("utf-8")) + 1
        i += 1
    os.makedirs(args.outdir, exist_ok=True)
    for name, text in (("clean.txt", clean), ("garbled.txt", garbled)):
        with open(os.path.join(args.outdir, name), "w",
                  encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")


if __name__ == "__main__":
    main()
