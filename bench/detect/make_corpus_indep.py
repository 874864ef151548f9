#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds a second, independent labeled corpus for the detection benchmark:
the same labels, lengths and file layout as make_corpus.py, from text the
character models were never trained on (tables/textmodel/corpus.py names
what they were trained on: LibreOffice help in ko/ja/zh-cn/zh-tw/de/fr/es/
en-us and the Firefox/Thunderbird language packs).

Usage: make_corpus_indep.py ROOT OUTDIR CLDR_NAMES [--seed N]
  ROOT        the packages below, unpacked without installing them:
                apt-get download PACKAGE && dpkg-deb -x PACKAGE_*.deb ROOT/PACKAGE
  CLDR_NAMES  the cldr-names program (bench/detect/cldr_names.c; build it
              with cc cldr_names.c $(pkg-config --cflags --libs icu-i18n))

Sources (Debian 12 "bookworm"):
  Korean    gimp-help-ko 2.10.34-2 (paragraphs and headings of the HTML
            manual) and texlive-lang-korean 2022.20230122-1 (lines with
            Hangul of its documentation: lshort-korean sources, kotex,
            cjk-ko, oblivoir, pmhanguljamo .tex files); file names are
            built from the manual's short headings
  English   ASCII lines of the same two packages
  Western   libreoffice-help-it, -pt-br, -nl 4:7.4.7 (Italian, Portuguese,
            Dutch: languages the Western model never saw)
  Japanese  ICU 72 CLDR data for ja (display names of locales, languages
            and countries; month and weekday names) and SENTENCES below
  Chinese   the same for zh_Hans (GB18030) and zh_Hant (BIG5)
CP949 samples carry one of UHC_WORDS near their start.  WINDOWS-1252
samples start a few characters before a typographic
character that the Western pages really have (’ “ ” – — € …), not one
put in; ISO-8859-1 samples are lines without any.
"""
import gzip
import html
import os
import random
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tables", "textmodel"))
import make_corpus as mc  # noqa: E402

# Sentences written for this corpus (our own, no outside source).
SENTENCES = {
    "ja": [
        "明日の会議は午後三時から第二会議室で行います。",
        "この資料は来週までに確認してください。",
        "駅前の新しいパン屋さんはいつも行列ができている。",
        "雨が降りそうなので、傘を持って出かけました。",
        "週末は家族と一緒に温泉旅行に行く予定です。",
        "ファイルの保存先を変更するには設定画面を開きます。",
        "図書館で借りた本を返すのを忘れていた。",
        "今年の夏は例年よりも暑くなるそうです。",
    ],
    "zh-Hans": [
        "明天下午三点在二号会议室开会。",
        "请在下周之前确认这份资料。",
        "车站前面新开的面包店每天都排着长队。",
        "看起来要下雨了，所以我带着伞出门了。",
        "周末我打算和家人一起去温泉旅行。",
        "要更改文件的保存位置，请打开设置页面。",
        "我忘了把从图书馆借来的书还回去。",
        "听说今年夏天会比往年更热。",
    ],
    "zh-Hant": [
        "明天下午三點在二號會議室開會。",
        "請在下週之前確認這份資料。",
        "車站前面新開的麵包店每天都排著長隊。",
        "看起來要下雨了，所以我帶著傘出門了。",
        "週末我打算和家人一起去溫泉旅行。",
        "要更改檔案的儲存位置，請打開設定頁面。",
        "我忘了把從圖書館借來的書還回去。",
        "聽說今年夏天會比往年更熱。",
    ],
}
# Words with a syllable outside KS X 1001 that CP949 (UHC) encodes,
# chosen for this corpus (chat spellings, a misspelling found in the
# texlive-lang-korean documentation); CP949 samples get one, otherwise
# they would be EUC-KR text.
UHC_WORDS = ["먄해요", "쳌", "횽님", "띡", "갘", "켘켘", "윀", "부칮쳤기",
             "롷"]
CLDR_LOCALES = {"ja": "ja", "zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant"}

_PARA = re.compile(r"<(p|h[1-4]|td|li|dt)\b[^>]*>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_TEX = re.compile(r"\\[A-Za-z@]+\*?(\[[^\]]*\])?|[{}%$&~^_\\]")
HANGUL = re.compile("[\uac00-\ud7a3]")
LATIN = re.compile("[A-Za-z]{2,}")
CP1252_ONLY = re.compile("[\u2018\u2019\u201c\u201d\u2013\u2014\u20ac"
                         "\u2026]")


def html_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for m in _PARA.finditer(text):
        s = _SPACE.sub(" ", html.unescape(_TAG.sub("", m.group(2)))).strip()
        if s:
            yield m.group(1), s


def walk(base, suffixes):
    for dirpath, _, files in os.walk(base):
        for f in sorted(files):
            if f.endswith(suffixes):
                yield os.path.join(dirpath, f)


def tex_lines(text):
    for line in text.splitlines():
        if line.lstrip().startswith("%"):
            continue
        s = _SPACE.sub(" ", _TEX.sub(" ", line)).strip()
        if len(s) >= 8:
            yield s


def texlive_lines(root):
    base = os.path.join(root, "texlive-lang-korean", "usr", "share", "doc")
    for path in walk(base, (".tex", ".tex.gz", ".md", "README",
                            ".tar.gz")):
        if path.endswith(".tar.gz"):
            with tarfile.open(path) as t:
                for m in t.getmembers():
                    name = os.path.basename(m.name)
                    if m.isfile() and name.endswith(".tex") and \
                            not name.startswith("._"):
                        data = t.extractfile(m).read()
                        yield from tex_lines(data.decode("utf-8",
                                                         "replace"))
            continue
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as f:
            yield from tex_lines(f.read().decode("utf-8", "replace"))


def korean_sources(root):
    lines, headings = [], []
    base = os.path.join(root, "gimp-help-ko")
    for path in walk(base, (".html",)):
        for tag, s in html_lines(path):
            lines.append(s)
            if tag.startswith("h") and HANGUL.search(s) and len(s) <= 24:
                headings.append(s)
    lines += list(texlive_lines(root))
    return lines, sorted(set(headings))


def western_lines(root):
    out = []
    for pkg in ("libreoffice-help-it", "libreoffice-help-pt-br",
                "libreoffice-help-nl"):
        for path in walk(os.path.join(root, pkg), (".html",)):
            out += [s for _, s in html_lines(path)]
    return out


def cldr_lines(program, locale):
    out = subprocess.run([program, locale], check=True, capture_output=True,
                         text=True).stdout
    return sorted(set(l for l in out.splitlines() if l.strip()))


EXTS = ["txt", "hwp", "docx", "xlsx", "pdf", "jpg", "png", "zip", "csv"]


def file_name(rng, headings):
    name = rng.choice(headings)
    if rng.random() < 0.5:
        name = name.replace(" ", "_")
    if rng.random() < 0.4:
        name = "%d%02d%02d_%s" % (rng.randint(2005, 2024), rng.randint(1, 12),
                                  rng.randint(1, 28), name)
    return "%s.%s" % (name, rng.choice(EXTS))


def pools(root, cldr):
    ko, headings = korean_sources(root)
    p = {}
    p["ko-prose"] = [l for l in ko if len(HANGUL.findall(l)) > len(l) / 3]
    p["ko-mixed"] = [l for l in ko if HANGUL.search(l) and LATIN.search(l)]
    p["en"] = [l for l in ko if all(32 <= ord(c) < 127 for c in l)
               and LATIN.search(l) and len(l) >= 16]
    west = western_lines(root)
    p["western"] = [l for l in west if not CP1252_ONLY.search(l)]
    p["western-1252"] = [l for l in west if CP1252_ONLY.search(l)]
    for lang, loc in CLDR_LOCALES.items():
        p[lang] = cldr_lines(cldr, loc) + SENTENCES[lang] * 20
    return p, headings


def sample(rng, label, genre, length, p, headings):
    n = length // 8 + 2
    if genre == "filename":
        text = "\n".join(file_name(rng, headings) for _ in range(n))
    elif label == "WINDOWS-1252":
        first = rng.choice(p["western-1252"])
        at = CP1252_ONLY.search(first).start()
        first = first[max(0, at - rng.randint(0, 10)):]
        text = " ".join([first] + [rng.choice(p["western"])
                                   for _ in range(n)])
    else:
        pool = p[(label, genre)]
        sep = "\n" if rng.random() < 0.5 else " "
        if genre in CLDR_LOCALES and rng.random() < 0.5:
            sep = "\u3001"  # a list of names
        text = sep.join(rng.choice(pool) for _ in range(n))
    if label == "CP949":
        at = rng.randint(0, min(len(text), max(1, length // 6)))
        text = text[:at] + rng.choice(UHC_WORDS) + " " + text[at:]
    try:
        text = mc.cut(text, label, length)
    except UnicodeEncodeError:
        return None
    if not text or not mc.encodable(text, label):
        return None
    data = mc.LABELS[label][1] + text.encode(mc.LABELS[label][0])
    if len(data) < length * 3 // 4:
        return None
    if label == "CP949" and all(len(c.encode("euc_kr")) <= 2 for c in text):
        return None  # CP949 needs a UHC-only syllable (rare in the manual)
    if label == "WINDOWS-1252" and not any(0x80 <= b <= 0x9f for b in data):
        return None
    if label == "ISO-8859-1" and any(0x80 <= ord(c) <= 0x9f for c in text):
        return None
    return text, data


def main():
    root, out, cldr = sys.argv[1], sys.argv[2], sys.argv[3]
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    rng = random.Random(seed)
    p, headings = pools(root, cldr)
    for k, v in sorted(p.items()):
        print("pool %s: %d lines" % (k, len(v)), file=sys.stderr)
    rows = []
    for label in mc.LABELS:
        os.makedirs(os.path.join(out, label), exist_ok=True)
        gs = mc.genres(label)
        for g in gs:
            if g != "filename":
                key = "ko-" + g if "ko-" + g in p else g
                p[(label, g)] = [l for l in p[key]
                                 if mc.encodable(l, label)]
        for length in mc.LENGTHS:
            rows += mc.fill_bucket(
                out, label, length, gs,
                lambda g: sample(rng, label, g, length, p, headings),
                mc.PER_BUCKET[length] * 400)
    mc.write_labels(out, rows)


if __name__ == "__main__":
    main()
