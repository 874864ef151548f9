#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the normalization benchmark inputs from real text.

Sources (Debian packages, allowed for this project):
  libreoffice-help-en-us  /usr/share/libreoffice/help/en-US/text/**.html
  libreoffice-help-ko     /usr/share/libreoffice/help/ko/text/**.html
The visible text of the help pages is extracted (tags, scripts and
entities removed), and repeated until each file reaches the target size:
  english.txt   English prose (NFC)
  korean.txt    Korean prose with its embedded English terms (NFC)
  korean-nfd.txt  the Korean file decomposed (NFD), as macOS file names are
  mixed.txt     Korean and English paragraphs alternating
Usage: make-inputs.py OUTDIR [MEGABYTES]  (default 64)
"""
import html
import os
import re
import sys
import unicodedata

HELP = "/usr/share/libreoffice/help"


def page_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        doc = f.read()
    doc = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", doc)
    doc = re.sub(r"(?s)<[^>]+>", "\n", doc)
    doc = html.unescape(doc)
    lines = [re.sub(r"[ \t]+", " ", l).strip() for l in doc.split("\n")]
    # Prose, not navigation: keep lines of some length.
    return [l for l in lines if len(l) >= 40]


def corpus(lang):
    root = os.path.join(HELP, lang, "text")
    if not os.path.isdir(root):
        sys.exit(f"make-inputs: {root} missing: apt-get install "
                 f"libreoffice-help-{lang.lower()}")
    out = []
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(".html"):
                out.extend(page_text(os.path.join(dirpath, name)))
    return out


def hangul_share(line):
    letters = [c for c in line if not c.isspace()]
    hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7a3")
    return hangul / max(1, len(letters))


def write_repeated(path, lines, size):
    text = "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        written = 0
        while written < size:
            chunk = data[: size - written]
            # Never cut inside a UTF-8 sequence.
            while chunk and (chunk[-1] & 0xC0) == 0x80:
                chunk = chunk[:-1]
            if chunk and chunk[-1] >= 0xC0:
                chunk = chunk[:-1]
            f.write(chunk)
            written += len(chunk)
            if len(chunk) < len(data):
                break


def main():
    outdir = sys.argv[1]
    size = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 \
        else 64 * 1024 * 1024
    os.makedirs(outdir, exist_ok=True)
    en = corpus("en-US")
    # Korean prose: lines mostly in Hangul (the Korean help leaves some
    # pages untranslated).
    ko = [unicodedata.normalize("NFC", l) for l in corpus("ko")
          if hangul_share(l) >= 0.3]
    mixed = [l for pair in zip(ko, en) for l in pair]
    write_repeated(os.path.join(outdir, "english.txt"), en, size)
    write_repeated(os.path.join(outdir, "korean.txt"), ko, size)
    write_repeated(os.path.join(outdir, "korean-nfd.txt"),
                   [unicodedata.normalize("NFD", l) for l in ko], size)
    write_repeated(os.path.join(outdir, "mixed.txt"), mixed, size)


if __name__ == "__main__":
    main()
