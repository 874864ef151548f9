#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Detection accuracy: konorm vs uchardet, ICU ucsdet, python3-chardet and
python3-charset-normalizer, on the corpus of make_corpus.py, all in one run.

Usage: run.py CORPUS_DIR BENCH_DETECT_BINARY [--markdown]

A detection is correct when decoding the bytes with the named encoding
(Python's codec of that name; a leading U+FEFF is dropped) gives exactly
the true text.  Prints accuracy per encoding, per length and overall.
"""
import codecs
import collections
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore")
try:
    import chardet  # noqa: E402
    import charset_normalizer  # noqa: E402
except ImportError:
    # Debian's python3-chardet and python3-charset-normalizer live in the
    # system Python; another python3 first on PATH lacks them.
    if sys.executable != "/usr/bin/python3":
        import os
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

DETECTORS = ["konorm", "uchardet", "icu", "chardet", "charset-normalizer"]
# konorm names whose Python codec differs from the obvious one.
KONORM_CODECS = {"SHIFT_JIS": "cp932", "ASCII": "ascii"}


def codec_for(detector, name):
    if name in (None, "", "none"):
        return None
    if detector == "konorm" and name in KONORM_CODECS:
        return KONORM_CODECS[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def correct(detector, name, data, truth):
    codec = codec_for(detector, name)
    if codec is None:
        return False
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    if text.startswith("\ufeff"):
        text = text[1:]
    return text == truth


def python_peers(data):
    cd = chardet.detect(data)["encoding"]
    best = charset_normalizer.from_bytes(data).best()
    cn = best.encoding if best is not None else None
    return cd, cn


def main():
    corpus, binary = sys.argv[1], sys.argv[2]
    markdown = "--markdown" in sys.argv
    labels = {}
    with open(corpus + "/labels.tsv") as f:
        for line in f:
            name, label, length, genre = line.rstrip("\n").split("\t")
            labels[name] = (label, int(length), genre)
    out = subprocess.run([binary, "--label", corpus], check=True,
                         capture_output=True, text=True).stdout
    by_label = collections.defaultdict(lambda: collections.Counter())
    by_length = collections.defaultdict(lambda: collections.Counter())
    n_label = collections.Counter()
    n_length = collections.Counter()
    total = collections.Counter()
    misses = []
    for row in out.splitlines():
        name, kn, uc, icu = row.split("\t")
        label, length, genre = labels[name]
        with open("%s/%s.bin" % (corpus, name), "rb") as f:
            data = f.read()
        with open("%s/%s.txt" % (corpus, name), encoding="utf-8",
                  newline="") as f:
            truth = f.read()
        cd, cn = python_peers(data)
        answers = dict(zip(DETECTORS, [kn, uc, icu, cd, cn]))
        n_label[label] += 1
        n_length[length] += 1
        for det, ans in answers.items():
            ok = correct(det, ans, data, truth)
            by_label[label][det] += ok
            by_length[length][det] += ok
            total[det] += ok
            if det == "konorm" and not ok:
                misses.append("%s -> %s" % (name, ans))
    n = sum(n_label.values())
    pct = lambda k, m: "%.1f" % (100.0 * k / m) if m else "-"  # noqa
    sep = " | " if markdown else "\t"
    head = ["bucket", "n"] + DETECTORS
    print(sep.join(head))
    if markdown:
        print("|".join(["---"] * len(head)))
    for label in sorted(n_label, key=lambda l: list(n_label).index(l)):
        print(sep.join([label, str(n_label[label])] +
                       [pct(by_label[label][d], n_label[label])
                        for d in DETECTORS]))
    for length in sorted(n_length):
        print(sep.join(["%d B" % length, str(n_length[length])] +
                       [pct(by_length[length][d], n_length[length])
                        for d in DETECTORS]))
    print(sep.join(["overall", str(n)] + [pct(total[d], n)
                                          for d in DETECTORS]))
    with open(corpus + "/konorm-misses.txt", "w") as f:
        f.write("\n".join(misses) + "\n")
    print("konorm misses: %d (listed in %s/konorm-misses.txt)"
          % (len(misses), corpus), file=sys.stderr)


if __name__ == "__main__":
    main()
