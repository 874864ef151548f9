#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Extracts the kHangul readings of Unihan (Unicode 15.0.0) into
tables/romanize/kHangul.txt, the pinned input of tables/gen/gen_romanize.c.

Source: Unihan_Readings.txt from the Unicode Character Database 15.0.0
(Debian package unicode-data 15.0.0, /usr/share/unicode/Unihan_Readings.txt.bz2).
The script checks the SHA-256 of the decompressed file, so that a changed
source is noticed, and keeps only the first reading of each character (the
one Unihan lists first; readings are "syllable:sources").

Usage: extract_khangul.py [Unihan_Readings.txt.bz2] > kHangul.txt
"""
import bz2
import hashlib
import sys

SOURCE = "/usr/share/unicode/Unihan_Readings.txt.bz2"
SHA256 = "7f4b628de153e639e5100fe3aa46e8869e332d6f9ed8acff5f3790642d7046c1"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    data = bz2.open(path, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if SHA256 != "PLACEHOLDER" and digest != SHA256:
        sys.exit("extract_khangul: %s has SHA-256 %s, want %s"
                 % (path, digest, SHA256))
    out = sys.stdout
    out.write("# kHangul readings (first listed) extracted from Unihan_Readings.txt\n")
    out.write("# Unicode 15.0.0; SHA-256 of Unihan_Readings.txt: %s\n" % digest)
    out.write("# Made by tables/romanize/extract_khangul.py; do not edit.\n")
    out.write("# code point<TAB>reading\n")
    for line in data.decode("utf-8").splitlines():
        if line.startswith("#") or "\tkHangul\t" not in line:
            continue
        cp, _, value = line.split("\t")
        first = value.split(" ")[0].split(":")[0]
        out.write("%s\t%s\n" % (cp[2:], first))


if __name__ == "__main__":
    main()
