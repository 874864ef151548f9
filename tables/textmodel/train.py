#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Trains the character models of src/textmodel.c.

Usage: train.py ROOT OUTDIR
  ROOT    folder of unpacked corpus packages (see corpus.py for the list
          and how to fetch them)
  OUTDIR  where to write one LANG.tsv per language (tables/textmodel/)

Each model is a unigram distribution over code points with Witten-Bell
interpolated bigrams, pruned to the most frequent entries:
  C  CLASS  COST          cost of a code point of the class not listed
  U  CHAR   COST  BACKOFF unigram cost; BACKOFF is added to the unigram
                          cost of a follower whose bigram is not listed
                          (Katz: the mass the listed bigrams leave)
  B  CHARS  COST          -ln P(second | first), interpolated
  T  G1  G2  BONUS        ln(P(g2 | g1) / P(g2)) for groups of characters
                          (the classes, ASCII letters apart): the back-off
                          from an unlisted bigram is the unigram reweighted
                          by how often its group follows the previous
                          character's group
Costs are natural-log negative log-probabilities (nats), 2 decimals.
The character classes must match char_class() in src/textmodel.c.
"""
import collections
import math
import os
import sys

import corpus

# (unigrams, bigrams) kept per language: the model stays a few hundred KB.
SIZES = {
    "ko": (2000, 5000),
    "ja": (2000, 4000),
    "zh-Hans": (2500, 3000),
    "zh-Hant": (2500, 3000),
    "western": (300, 1500),
    "en": (150, 800),
}

# Class name -> number of code points, in the order of char_class().
CLASSES = [
    ("ascii", 98), ("control", 62), ("latin1", 96), ("latinext", 592),
    ("greekcyr", 448), ("hangul", 11172), ("jamo", 464), ("kana", 266),
    ("han", 28096), ("pua", 6400), ("symbol", 4032), ("invalid", 2049),
    ("other", 50000),
]
# A class never seen in a language still gets this share of the mass.
FLOOR = 1e-7


def char_class(cp):
    if cp in (9, 10, 13) or 0x20 <= cp <= 0x7E:
        return "ascii"
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return "control"
    if cp <= 0xFF:
        return "latin1"
    if 0x100 <= cp <= 0x24F or 0x1E00 <= cp <= 0x1EFF:
        return "latinext"
    if 0x370 <= cp <= 0x52F:
        return "greekcyr"
    if 0xAC00 <= cp <= 0xD7A3:
        return "hangul"
    if (0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F
            or 0xA960 <= cp <= 0xA97F or 0xD7B0 <= cp <= 0xD7FF):
        return "jamo"
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or \
            0xFF66 <= cp <= 0xFF9F:
        return "kana"
    if (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF):
        return "han"
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
        return "pua"
    if (0x2000 <= cp <= 0x2BFF or 0x3000 <= cp <= 0x303F
            or 0x3190 <= cp <= 0x33FF or 0xFE30 <= cp <= 0xFE4F
            or 0xFF00 <= cp <= 0xFFEF):
        return "symbol"
    if 0xD800 <= cp <= 0xDFFF or cp == 0xFFFD:
        return "invalid"
    return "other"


def group(cp):
    """The classes, with ASCII letters as a group of their own."""
    if cp < 0x80 and chr(cp).isalpha():
        return "letter"
    return char_class(cp)


GROUPS = [name for name, _ in CLASSES] + ["letter"]


def count(root, lang):
    uni = collections.Counter()
    bi = collections.Counter()
    for line in corpus.language_lines(root, lang, False):
        # Each line is a unit; a newline ends it, as in real files.
        text = line + "\n"
        uni.update(text)
        bi.update(a + b for a, b in zip(text, text[1:]))
    return uni, bi


# Typographic punctuation of windows-1252 (bytes 80-9F): markup-heavy
# help pages and UI strings use less of it than ordinary Western prose,
# so the Western and English models give each at least a fifth of the
# count of the ASCII double quote.
TYPOGRAPHIC = "\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u20ac\u2022\u2122"


def train(root, lang):
    n_uni, n_bi = SIZES[lang]
    uni, bi = count(root, lang)
    if lang in ("western", "en"):
        for ch in TYPOGRAPHIC:
            uni[ch] = max(uni[ch], uni['"'] // 5)
    total = sum(uni.values())
    kept = dict(uni.most_common(n_uni))
    # Mass left to each class by the characters that were not kept, plus
    # a half-count per class so that rare characters keep some room.
    # Good-Turing: characters seen once estimate the unseen ones' share.
    rest = collections.Counter()
    for ch, c in uni.items():
        if ch not in kept:
            rest[char_class(ord(ch))] += c
        if c == 1:
            rest[char_class(ord(ch))] += 1
    lines = []
    sizes = dict(CLASSES)
    for name, size in CLASSES:
        mass = max((rest[name] + 0.5) / (total + 0.5 * len(CLASSES)),
                   FLOOR)
        lines.append("C\t%s\t%.2f" % (name, -math.log(mass / size)))
    p_uni = {}
    for ch, c in kept.items():
        p_uni[ch] = c / (total + 0.5 * len(CLASSES))

    def uni_p(ch):
        if ch in p_uni:
            return p_uni[ch]
        name = char_class(ord(ch))
        mass = max((rest[name] + 0.5) / (total + 0.5 * len(CLASSES)),
                   FLOOR)
        return mass / sizes[name]

    # Witten-Bell: lambda(a) = c(a) / (c(a) + T(a)), T = distinct followers.
    followers = collections.Counter()
    ctx_count = collections.Counter()
    for ab, c in bi.items():
        followers[ab[0]] += 1
        ctx_count[ab[0]] += c
    chosen = [ab for ab, _ in bi.most_common()
              if ab[0] in kept][:n_bi]
    contexts = {ab[0] for ab in chosen}
    lam = {a: ctx_count[a] / (ctx_count[a] + followers[a]) for a in contexts}
    p_bi = {}
    listed_p = collections.Counter()
    listed_uni = collections.Counter()
    for ab in chosen:
        a, b = ab
        p_bi[ab] = lam[a] * bi[ab] / ctx_count[a] + (1 - lam[a]) * uni_p(b)
        listed_p[a] += p_bi[ab]
        listed_uni[a] += uni_p(b)
    for ch in sorted(kept, key=lambda c: (-kept[c], c)):
        backoff = 0.0
        if ch in contexts:
            beta = (1 - listed_p[ch]) / max(1 - listed_uni[ch], 1e-9)
            backoff = -math.log(max(beta, 1e-6))
        lines.append("U\t%s\t%.2f\t%.2f" % (
            _show(ch), -math.log(p_uni[ch]), backoff))
    for ab in chosen:
        lines.append("B\t%s\t%.2f" % (_show(ab[0]) + " " + _show(ab[1]),
                                      -math.log(p_bi[ab])))
    pair = collections.Counter()
    for ab, c in bi.items():
        pair[(group(ord(ab[0])), group(ord(ab[1])))] += c
    first = collections.Counter()
    second = collections.Counter()
    for (g1, g2), c in pair.items():
        first[g1] += c
        second[g2] += c
    n = sum(pair.values())
    k = len(GROUPS)
    for g1 in GROUPS:
        for g2 in GROUPS:
            p_cond = (pair[(g1, g2)] + 1) / (first[g1] + k)
            p_g2 = (second[g2] + 1) / (n + k)
            lines.append("T\t%s\t%s\t%.2f" % (
                g1, g2, math.log(p_cond / p_g2)))
    return total, lines


def _show(ch):
    """Printable characters as themselves, the rest as U+XXXX."""
    cp = ord(ch)
    if ch.isprintable() and ch not in " \\" and cp not in (0xA0, 0xAD):
        return ch
    return "U+%04X" % cp


def main():
    root, outdir = sys.argv[1], sys.argv[2]
    for lang in SIZES:
        total, lines = train(root, lang)
        path = os.path.join(outdir, lang + ".tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("# konorm character model for %s, made by train.py\n"
                    % lang)
            f.write("# from %d code points of: %s\n"
                    % (total, ", ".join(corpus.PACKAGES[lang])))
            f.write("# (Debian 12; nine documents in ten, see corpus.py)\n")
            f.write("\n".join(lines) + "\n")
        print(lang, total, len(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
