#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the inputs of `bench-detect --speed` (docs/detect.md, "Speed").

Usage: make_speed_inputs.py ROOT OUTDIR [--seed N]
  ROOT    unpacked corpus packages, as for make_corpus.py (the held-out
          documents of the Korean, Japanese and English packages)
  OUTDIR  gets the files the speed table names:
          ko16k.utf8 ko16k.cp949 ko16k.euckr ko16k.utf16le ko64k.utf8
          ko64k.cp949 ko1m.utf8 ko1m.cp949 en16k.ascii ja16k.sjis
Each is held-out lines joined by newlines until the size, cut on a
character boundary at or below it.  The ".cp949" files are Korean text in
CP949 (with no UHC-only code they also read as EUC-KR).
"""
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_corpus  # noqa: E402

FILES = [
    ("ko16k.utf8", "ko-prose", "utf-8", 16384),
    ("ko16k.cp949", "ko-prose", "cp949", 16384),
    ("ko16k.euckr", "ko-prose", "euc_kr", 16384),
    ("ko16k.utf16le", "ko-prose", "utf-16-le", 16384),
    ("ko64k.utf8", "ko-prose", "utf-8", 65536),
    ("ko64k.cp949", "ko-prose", "cp949", 65536),
    ("ko1m.utf8", "ko-prose", "utf-8", 1 << 20),
    ("ko1m.cp949", "ko-prose", "cp949", 1 << 20),
    ("en16k.ascii", "en", "ascii", 16384),
    ("ja16k.sjis", "ja", "cp932", 16384),
]


def build(rng, pool, codec, size):
    """Lines in codec until size bytes, cut on a character boundary."""
    out = bytearray()
    while True:
        try:
            line = (rng.choice(pool) + "\n").encode(codec)
        except UnicodeEncodeError:
            continue
        if len(out) + len(line) > size:
            return bytes(out)
        out += line


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--seed")]
    seed = 1
    for a in sys.argv[1:]:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
    if len(args) != 2:
        sys.exit(__doc__)
    root, outdir = args
    rng = random.Random(seed)
    pools = make_corpus.pools(root)
    os.makedirs(outdir, exist_ok=True)
    for name, pool, codec, size in FILES:
        data = build(rng, pools[pool], codec, size)
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
