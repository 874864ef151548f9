#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the labeled pairs of the mojibake-repair benchmark.

Usage: make_pairs.py [--root DIR] [--per-kind N] [--seed S] OUT.jsonl

Clean text comes from the held-out documents (one in ten, never used to
train the character models) of the Debian packages that
tables/textmodel/corpus.py names and unpacks into DIR (default
/tmp/corp/x; each package fetched with `apt-get download PACKAGE` and
unpacked with `dpkg-deb -x`):
  ko       libreoffice-help-ko, firefox-esr-l10n-ko, thunderbird-l10n-ko
  ja, zh   the same packages for ja, zh-cn, zh-tw
  western  libreoffice-help-de/-fr/-es, firefox-esr-l10n-de/-fr/-es-es
  en       libreoffice-help-en-us
and from the sentences written for this benchmark in OWN_CLEAN below
(Russian, symbols, accented names, the examples of the issue).

Each output line is a JSON object {"kind", "garbled", "expected"}:
  - repairable kinds: "expected" is the clean text;
  - irreversible kinds ("replacement-cp949", "replacement-run",
    "question-marks", "c1-stripped"): "expected" is null; the fixer must
    leave the text as it is and report it, except that in UTF-8 read as
    CP949 the words that lost no byte are exact to undo: "partial" is the
    text with those restored, and where no word lost a byte the item is
    a repairable "utf8-as-cp949";
  - "clean": "garbled" is clean text and must come back unchanged.
Garbling is done as the wrong decoder would: Windows-1252 as the WHATWG
Encoding Standard decodes it (the five undefined bytes 81 8D 8F 90 9D
become C1 controls), ISO-8859-1, Mac OS Roman, CP949.  Lengths go from one
word to a page (several lines joined by spaces); a third of the items
garble only part of a line and keep the rest clean.
"""
import argparse
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tables", "textmodel"))
import corpus  # noqa: E402

# Written for this benchmark.
OWN_CLEAN = [
    "naïve café", "Straße", "Français", "¡Olé!", "Brontë", "¼ ℉ £5 ₩ ②",
    "Ärger im Büro", "Ångström", "créée", "«élan»", "“Éric”",
    "SÃO PAULO", "São Paulo", "Smørrebrød", "Œuvre complète", "Ça va?",
    "Zürich–Genève", "½ cup, 2°C, ±5%, §3, ©2024, ®, ™", "Dvořák",
    "Łódź", "Ñandú", "Ísland", "Þórr", "Façade", "Ærø", "àéîõü",
    "Привет, мир! Как дела?", "Москва — столица России.",
    "Съешь же ещё этих мягких французских булок.",
    "Ελληνικά κείμενα", "עברית", "日本語のテキストです。", "中文文本测试",
    "漢字と仮名", "大韓民國", "韓國語 한국어", "한글(Hangeul)", "김정은",
    "서울특별시 종로구", "가나다라마바사", "똠방각하", "뷁", "햏",
    "₩10,000원", "①②③ ㉠㉡", "※ 참고", "「인용」", "100㎏ 20㎝",
    "ㅋㅋㅋ ㅠㅠ", "Ｆｕｌｌｗｉｄｔｈ", "emoji 😀👍", "x² + y² = z²",
    "→ ← ↑ ↓", "• bullet — dash … ellipsis", "don’t “quote”",
    "Õun ja ümbrik", "Ünlü", "ÀÁÂÃÄÅ", "µ-law ª º", "Ç'est Ðe",
]

PACKAGE_LANGS = ["ko", "en", "western", "ja", "zh-Hans", "zh-Hant"]

CP1252_HOLES = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def whatwg_cp1252(b):
    """Decodes bytes as browsers decode windows-1252."""
    return "".join(chr(x) if x in CP1252_HOLES else bytes([x]).decode("cp1252")
                   for x in b)


def utf8_as_cp1252(s):
    return whatwg_cp1252(s.encode("utf-8"))


def utf8_as_latin1(s):
    return s.encode("utf-8").decode("latin-1")


def utf8_as_macroman(s):
    return s.encode("utf-8").decode("mac_roman")


def cp949_as_latin1(s):
    return s.encode("cp949").decode("latin-1")


def cp949_as_cp1252(s):
    return whatwg_cp1252(s.encode("cp949"))


def double_utf8(s):
    return utf8_as_cp1252(utf8_as_cp1252(s))


def double_utf8_latin1(s):
    return utf8_as_latin1(utf8_as_latin1(s))


def replacement_cp949(s):
    """CP949 read as UTF-8 (lossy), saved, then read as CP949: 占쏙옙."""
    lossy = s.encode("cp949").decode("utf-8", "replace")
    return lossy.encode("utf-8").decode("cp949", "replace")


def replacement_run(s):
    """CP949 read as UTF-8 by a lossy decoder: U+FFFD runs."""
    return s.encode("cp949").decode("utf-8", "replace")


def question_marks(s):
    """UTF-8 read as CP949 by a decoder that writes '?' for bad bytes."""
    return s.encode("utf-8").decode("cp949", "replace").replace("\ufffd", "?")


def restore_lossless_words(text, garbled):
    """UTF-8 read as CP949: a stretch that lost no byte is exact to undo,
    so a fixer should restore it.  Stretches are split at ASCII characters
    that cannot be CP949 trail bytes (anything but letters), which the
    garbling keeps; one next to a '?' or U+FFFD shares a lost byte.  A
    stretch whose characters re-encode as CP949 to well-formed UTF-8 is
    the original bytes.  Returns garbled with those restored."""
    parts = re.split(r"([\x00-\x40\x5b-\x60\x7b-\x7f\ufffd])", garbled)
    out = []
    for i, part in enumerate(parts):
        near = (i > 0 and parts[i - 1] in ("?", "\ufffd")) or \
               (i + 1 < len(parts) and parts[i + 1] in ("?", "\ufffd"))
        if i % 2 == 0 and part and not near and not part.isascii():
            try:
                part = part.encode("cp949").decode("utf-8")
            except UnicodeError:
                pass
        out.append(part)
    return "".join(out)


def c1_stripped(s):
    """UTF-8 as Windows-1252, then C1 controls dropped.  None when there
    was none to drop (that would be plain utf8-as-cp1252)."""
    t = utf8_as_cp1252(s)
    u = "".join(c for c in t if not 0x80 <= ord(c) <= 0x9F)
    return u if u != t else None


REPAIRABLE = {
    "utf8-as-cp1252": utf8_as_cp1252,
    "utf8-as-latin1": utf8_as_latin1,
    "utf8-as-macroman": utf8_as_macroman,
    "cp949-as-latin1": cp949_as_latin1,
    "cp949-as-cp1252": cp949_as_cp1252,
    "double-utf8": double_utf8,
    "double-utf8-latin1": double_utf8_latin1,
}
IRREVERSIBLE = {
    "replacement-cp949": replacement_cp949,
    "replacement-run": replacement_run,
    "question-marks": question_marks,
    "c1-stripped": c1_stripped,
}
# Which clean texts a kind applies to: the CP949 kinds only to Korean.
KOREAN_ONLY = {"cp949-as-latin1", "cp949-as-cp1252", "replacement-cp949",
               "replacement-run", "question-marks"}


def has_hangul(s):
    return any(0xAC00 <= ord(c) <= 0xD7A3 for c in s)


def cp949_ok(s):
    try:
        s.encode("cp949")
        return True
    except UnicodeEncodeError:
        return False


def load_lines(root):
    lines = {}
    for lang in PACKAGE_LANGS:
        got = []
        for line in corpus.language_lines(root, lang, True):
            if 1 <= len(line) <= 400 and "\t" not in line:
                got.append(line)
        lines[lang] = got
    return lines


def sample_text(rng, lines, lang):
    """One word, a line, or a page (3-12 lines joined), at random."""
    pool = lines[lang]
    shape = rng.random()
    if shape < 0.25:
        words = rng.choice(pool).split()
        return rng.choice(words) if words else rng.choice(pool)
    if shape < 0.85:
        return rng.choice(pool)
    return " ".join(rng.choice(pool) for _ in range(rng.randint(3, 12)))


def partial(rng, text, garble):
    """Garbles a run of words in the middle of a line, keeps the rest."""
    words = text.split(" ")
    if len(words) < 3:
        return None
    a = rng.randrange(0, len(words) - 1)
    b = rng.randrange(a + 1, min(len(words), a + 4) + 1)
    mid = garble(" ".join(words[a:b]))
    if mid is None:
        return None
    return " ".join(words[:a] + [mid] + words[b:])


def make(rng, lines, per_kind):
    items = []
    kinds = dict(REPAIRABLE)
    kinds.update(IRREVERSIBLE)
    for kind, garble in kinds.items():
        made = tries = 0
        while made < per_kind and tries < per_kind * 50:
            tries += 1
            korean = kind in KOREAN_ONLY or rng.random() < 0.7
            lang = "ko" if korean else rng.choice(["en", "western", "ja",
                                                   "zh-Hans"])
            text = sample_text(rng, lines, lang)
            if kind in KOREAN_ONLY and not (has_hangul(text) and
                                            cp949_ok(text)):
                continue
            if rng.random() < 0.33:
                garbled = partial(rng, text, garble)
                if garbled is None:
                    continue
            else:
                garbled = garble(text)
            if garbled is None or garbled == text:
                continue  # nothing non-ASCII to garble
            if "\n" in garbled or "\r" in garbled:
                continue
            expected = text if kind in REPAIRABLE else None
            item = {"kind": kind.replace("-latin1", "")
                    if kind == "double-utf8-latin1" else kind,
                    "garbled": garbled, "expected": expected}
            if kind == "question-marks":
                restored = restore_lossless_words(text, garbled)
                if restored == text:
                    # Nothing lost anywhere: repairable.
                    item["kind"] = "utf8-as-cp949"
                    item["expected"] = text
                elif restored is not None and restored != garbled:
                    item["partial"] = restored
            items.append(item)
            made += 1
    for text in OWN_CLEAN:
        items.append({"kind": "clean", "garbled": text, "expected": text})
    for lang in PACKAGE_LANGS:
        for _ in range(per_kind):
            text = sample_text(rng, lines, lang)
            items.append({"kind": "clean", "garbled": text,
                          "expected": text})
    return items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default="/tmp/corp/x")
    ap.add_argument("--per-kind", type=int, default=300)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--tsv", action="store_true",
                    help="write KIND<TAB>GARBLED<TAB>EXPECTED lines "
                    "(EXPECTED empty for irreversible kinds), the format "
                    "of tests/fix/pairs.tsv")
    ap.add_argument("out")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    lines = load_lines(args.root)
    for lang, got in lines.items():
        if not got:
            sys.exit(f"make_pairs: no {lang} text under {args.root}")
    items = make(rng, lines, args.per_kind)
    with open(args.out, "w", encoding="utf-8") as f:
        for it in items:
            if args.tsv:
                f.write("\t".join([it["kind"], it["garbled"],
                                   it["expected"] or ""]) + "\n")
            else:
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(f"make_pairs: {len(items)} items -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
