#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Trains layout-bigrams.tsv: for each pair of keys (a..z, and ^/$ for the
start and end of a word), log10 P(next | key) in English words minus the
same in Korean words typed on a 2-set keyboard (KS X 5002), add-one
smoothed.  The scanner sums it over a word's keys: positive means the
letters look like Korean typed in English mode.

Corpora (Debian packages; not part of the build):
  English: the words of the LibreOffice 7.4 help, libreoffice-help-en-us
    (/usr/share/libreoffice/help/en-US);
  Korean: the Hangul words of the LibreOffice 7.4 Korean help,
    libreoffice-help-ko (/usr/share/libreoffice/help/ko), turned into
    their keys with tables/dubeolsik.tsv.
Usage: train_layout.py > tables/scan/layout-bigrams.tsv
"""
import glob
import math
import os
import re
import sys

HELP = '/usr/share/libreoffice/help'
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'bench', 'scan'))
from make_corpus import load_dubeolsik, to_keys  # noqa: E402

TAG = re.compile(r'<[^>]+>')


def words(lang, pattern):
    rx = re.compile(pattern)
    for path in sorted(glob.glob(os.path.join(HELP, lang, 'text', '**', '*.html'),
                                 recursive=True)):
        with open(path, encoding='utf-8', errors='replace') as f:
            text = TAG.sub(' ', f.read())
        yield from rx.findall(text)


def counts(seq):
    c = [[0] * 27 for _ in range(27)]
    for w in seq:
        idx = [26] + [ord(ch) - 97 for ch in w.lower()] + [26]
        for a, b in zip(idx, idx[1:]):
            c[a][b] += 1
    return c


def logp(c):
    out = []
    for row in c:
        total = sum(row) + 27
        out.append([math.log10((n + 1) / total) for n in row])
    return out


def main():
    keys = load_dubeolsik()
    en = counts(w for w in words('en-US', r'\b[A-Za-z]{2,}\b'))
    ko = counts(k for k in (to_keys(w, keys) for w in words('ko', '[\uac00-\ud7a3]+'))
                if k)
    pe, pk = logp(en), logp(ko)
    names = 'abcdefghijklmnopqrstuvwxyz'
    print('# Key-bigram log-likelihood ratios, Korean-typed-as-keys vs English')
    print('# (log10 P_ko(b|a) - log10 P_en(b|a)); ^ and $ mark word edges.')
    print('# Made by tables/scan/train_layout.py from the LibreOffice 7.4 help')
    print('# (libreoffice-help-en-us, libreoffice-help-ko); do not edit.')
    for a in range(27):
        for b in range(27):
            if a == 26 and b == 26:
                continue
            na = names[a] if a < 26 else '^'
            nb = names[b] if b < 26 else '$'
            print('%s\t%s\t%.2f' % (na, nb, pk[a][b] - pe[a][b]))


if __name__ == '__main__':
    main()
