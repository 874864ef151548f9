#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the labeled corpus of the detection accuracy benchmark.

Usage: make_corpus.py ROOT OUTDIR [--seed N]
  ROOT    unpacked corpus packages (tables/textmodel/corpus.py says which
          and how); only their held-out documents (one in ten, never
          used for training) are used here
  OUTDIR  gets LABEL/GENRE-LENGTH-N.bin (the bytes), .txt (the true text
          in UTF-8) and labels.tsv

Every encoding the detector knows, at 16, 64, 256, 1024 and 16384 bytes
(cut on a character boundary at or below the length).  Korean-capable
encodings get three genres: prose (held-out LibreOffice/Firefox/
Thunderbird Korean lines and texts.py), mixed (Korean with English
terms) and file names (texts.py).  CP949 samples carry a UHC-only word
(texts.UHC_WORDS), since otherwise they are EUC-KR text; WINDOWS-1252
samples carry typographic quotes or dashes (bytes 80-9F); ISO-8859-1
samples have none.  Decoys: Japanese (SHIFT_JIS, EUC-JP), Simplified
(GB18030) and Traditional Chinese (BIG5) held-out lines.
"""
import codecs
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tables", "textmodel"))
sys.path.insert(0, HERE)
import corpus  # noqa: E402
import texts  # noqa: E402

LENGTHS = [16, 64, 256, 1024, 16384]
PER_BUCKET = {16: 40, 64: 40, 256: 40, 1024: 30, 16384: 8}

# label -> (python codec, BOM bytes, language pool)
LABELS = {
    "ASCII": ("ascii", b"", "en"),
    "UTF-8": ("utf-8", b"", "ko"),
    "UTF-8-BOM": ("utf-8", codecs.BOM_UTF8, "ko"),
    "UTF-16LE": ("utf-16-le", b"", "ko"),
    "UTF-16BE": ("utf-16-be", b"", "ko"),
    "UTF-16LE-BOM": ("utf-16-le", codecs.BOM_UTF16_LE, "ko"),
    "UTF-16BE-BOM": ("utf-16-be", codecs.BOM_UTF16_BE, "ko"),
    "UTF-32LE": ("utf-32-le", b"", "ko"),
    "UTF-32BE": ("utf-32-be", b"", "ko"),
    "UTF-32LE-BOM": ("utf-32-le", codecs.BOM_UTF32_LE, "ko"),
    "EUC-KR": ("euc_kr", b"", "ko"),
    "CP949": ("cp949", b"", "ko"),
    "ISO-2022-KR": ("iso2022_kr", b"", "ko"),
    "JOHAB": ("johab", b"", "ko"),
    "SHIFT_JIS": ("cp932", b"", "ja"),
    "EUC-JP": ("euc_jp", b"", "ja"),
    "GB18030": ("gb18030", b"", "zh-Hans"),
    "BIG5": ("big5", b"", "zh-Hant"),
    "WINDOWS-1252": ("cp1252", b"", "western"),
    "ISO-8859-1": ("latin-1", b"", "western"),
}


def encodable(text, label):
    codec = LABELS[label][0]
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return False
    if label == "EUC-KR":
        # Python's euc_kr writes syllables outside KS X 1001 as 8-byte
        # make-up sequences (KS X 1001:1998 annex 3), which no other
        # decoder reads: keep to the 2-byte repertoire.
        return all(len(ch.encode("euc_kr")) <= 2 for ch in text)
    if label == "ISO-2022-KR":
        return all(len(ch.encode("euc_kr")) <= 2 for ch in text)
    if label == "JOHAB":
        # JOHAB's 0x5C is also read as the won sign; keep it out.
        return "\\" not in text
    if label in ("SHIFT_JIS", "EUC-JP"):
        return "\\" not in text and "~" not in text
    return data is not None


def pools(root):
    p = {}
    for lang in corpus.PACKAGES:
        lines = [l for l in corpus.language_lines(root, lang, True)
                 if len(l) >= 8]
        p[lang] = lines
    ko = p["ko"]
    hangul = re.compile("[\uac00-\ud7a3]")
    latin = re.compile("[A-Za-z]{2,}")
    p["ko-prose"] = [l for l in ko if len(hangul.findall(l)) > len(l) / 3]
    p["ko-prose"] += texts.PROSE * 20
    p["ko-mixed"] = [l for l in ko if hangul.search(l) and latin.search(l)]
    p["ko-mixed"] += texts.MIXED * 20
    p["en"] = [l for l in p["en"] if all(ord(c) < 128 for c in l)]
    return p


def cut(text, label, length):
    """The longest prefix whose encoding (with BOM) is <= length bytes."""
    codec, bom, _ = LABELS[label]
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(bom) + len(text[:mid].encode(codec)) <= length:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def sample(rng, label, genre, length, pool):
    if genre == "filename":
        lines = [texts.file_name(rng) for _ in range(length // 8 + 2)]
        sep = "\n"
    else:
        lines = [rng.choice(pool) for _ in range(length // 16 + 2)]
        sep = "\n" if rng.random() < 0.5 else " "
    text = sep.join(lines)
    if label == "CP949":
        text = texts.with_uhc(rng, text)
    if label == "WINDOWS-1252":
        text = text.replace("'", "\u2019").replace(" - ", " \u2013 ")
        text = "\u201c" + text if "\u2019" not in text[:length // 2] \
            else text
    if label == "ISO-8859-1":
        if any(0x80 <= ord(c) <= 0x9f for c in text):
            return None
    try:
        text = cut(text, label, length)
    except UnicodeEncodeError:
        return None
    if not text or not encodable(text, label):
        return None
    data = LABELS[label][1] + text.encode(LABELS[label][0])
    if len(data) < length * 3 // 4:
        return None
    if label == "CP949" and all(
            len(c.encode("euc_kr")) <= 2 for c in text):
        return None  # the UHC word was cut off: that is EUC-KR text
    if label == "WINDOWS-1252" and not any(
            0x80 <= b <= 0x9f for b in data):
        return None
    return text, data


def genres(label):
    lang = LABELS[label][2]
    if lang == "ko":
        return ["prose", "mixed", "filename"]
    return [lang]


def fill_bucket(out, label, length, gs, draw, max_tries):
    """Writes PER_BUCKET[length] samples of label at length into out,
    genres in turn; draw(genre) gives (text, bytes) or None.  Returns the
    rows of labels.tsv."""
    want = PER_BUCKET[length]
    rows = []
    tries = 0
    while len(rows) < want and tries < max_tries:
        tries += 1
        genre = gs[len(rows) % len(gs)]
        s = draw(genre)
        if s is None:
            continue
        text, data = s
        name = "%s/%s-%d-%d" % (label, genre, length, len(rows))
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)
        with open(os.path.join(out, name + ".txt"), "w",
                  encoding="utf-8", newline="") as f:
            f.write(text)
        rows.append((name, label, length, genre))
    if len(rows) < want:
        print("warning: %s %d: only %d samples" %
              (label, length, len(rows)), file=sys.stderr)
    return rows


def write_labels(out, rows):
    with open(os.path.join(out, "labels.tsv"), "w") as f:
        for r in rows:
            f.write("%s\t%s\t%d\t%s\n" % r)
    print("%d samples in %s" % (len(rows), out), file=sys.stderr)


def main():
    root, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = random.Random(seed)
    p = pools(root)
    rows = []
    for label in LABELS:
        os.makedirs(os.path.join(out, label), exist_ok=True)
        filtered = {}
        for g in genres(label):
            pool = p.get("ko-" + g, p.get(g))
            if g != "filename":
                pool = [l for l in pool if encodable(l, label)]
            filtered[g] = pool
        for length in LENGTHS:
            rows += fill_bucket(
                out, label, length, genres(label),
                lambda g: sample(rng, label, g, length, filtered[g]),
                PER_BUCKET[length] * 200)
    write_labels(out, rows)


if __name__ == "__main__":
    main()
