#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the detection test data: LANG/ENCODING.txt holds the text of
LANG/UTF-8.txt in ENCODING (the file name is the expected answer, as in
uchardet's test/ folder); a "-bom" suffix means the file starts with a
byte order mark.  LANG-short/ holds inputs of 16 to 24 bytes.  The
sentences are our own (bench/detect/texts.py and below).

Usage: tests/detect/make.py   (rewrites the files beside it)
"""
import codecs
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "detect"))
import texts  # noqa: E402

JA = ("今日は朝から雨が降っていたので、傘を持って出かけました。"
      "駅の近くの本屋で新しい小説を買って、電車の中で読みました。")
ZH_HANS = ("今天早上下雨了，所以我带着雨伞出门。"
           "我在车站附近的书店买了一本新小说，在地铁上读完了。")
ZH_HANT = ("今天早上下雨了，所以我帶著雨傘出門。"
           "我在車站附近的書店買了一本新小說，在捷運上讀完了。")
WESTERN = ("Heute Morgen hat es geregnet, deshalb habe ich meinen "
           "Regenschirm mitgenommen. Später war ich im Café gegenüber "
           "und habe ein Stück Kuchen gegessen. Très bien, señor.")
WESTERN_1252 = ("\u201eHeute Morgen\u201c hat es geregnet \u2013 deshalb "
                "habe ich meinen Regenschirm mitgenommen. C\u2019est "
                "la vie\u2026 Später im Café: 3,50 \u20ac.")
ENGLISH = ("This morning it rained, so I took my umbrella with me. "
           "Later I read a new novel on the subway.")
KO = " ".join(texts.PROSE[:3] + texts.MIXED[:2])
KO_UHC = texts.PROSE[3] + " " + "똠방각하께서 펲시콜라를 드셨다. " + \
    texts.MIXED[2]

# directory -> list of (file name, text, codec, bom)
SETS = {
    "ko": [("UTF-8", KO, "utf-8", b""),
           ("UTF-8-bom", KO, "utf-8", codecs.BOM_UTF8),
           ("UTF-16LE", KO, "utf-16-le", b""),
           ("UTF-16BE", KO, "utf-16-be", b""),
           ("UTF-16LE-bom", KO, "utf-16-le", codecs.BOM_UTF16_LE),
           ("UTF-16BE-bom", KO, "utf-16-be", codecs.BOM_UTF16_BE),
           ("UTF-32LE", KO, "utf-32-le", b""),
           ("UTF-32BE", KO, "utf-32-be", b""),
           ("UTF-32BE-bom", KO, "utf-32-be", codecs.BOM_UTF32_BE),
           ("EUC-KR", KO, "euc_kr", b""),
           ("ISO-2022-KR", KO, "iso2022_kr", b""),
           ("JOHAB", KO, "johab", b"")],
    "ko-uhc": [("UTF-8", KO_UHC, "utf-8", b""),
               ("CP949", KO_UHC, "cp949", b""),
               ("JOHAB", KO_UHC, "johab", b"")],
    "ja": [("UTF-8", JA, "utf-8", b""), ("SHIFT_JIS", JA, "cp932", b""),
           ("EUC-JP", JA, "euc_jp", b"")],
    "zh-Hans": [("UTF-8", ZH_HANS, "utf-8", b""),
                ("GB18030", ZH_HANS, "gb18030", b"")],
    "zh-Hant": [("UTF-8", ZH_HANT, "utf-8", b""),
                ("BIG5", ZH_HANT, "big5", b"")],
    "western": [("UTF-8", WESTERN, "utf-8", b""),
                ("ISO-8859-1", WESTERN, "latin-1", b"")],
    "western-1252": [("UTF-8", WESTERN_1252, "utf-8", b""),
                     ("WINDOWS-1252", WESTERN_1252, "cp1252", b"")],
    "en": [("ASCII", ENGLISH, "ascii", b"")],
}

SHORT = {
    "ko-short": [("EUC-KR", "회계 보고서.hwp", "euc_kr"),
                 ("JOHAB", "회계 보고서.hwp", "johab"),
                 ("ISO-2022-KR", "회계 보고서.hwp", "iso2022_kr"),
                 ("UTF-16LE", "회계 보고서.hwp", "utf-16-le"),
                 ("UTF-16BE", "회계 보고서.hwp", "utf-16-be"),
                 ("UTF-8", "회계 보고서.hwp", "utf-8")],
    "ko-short-uhc": [("CP949", "똠방각하 회의록", "cp949"),
                     ("UTF-8", "똠방각하 회의록", "utf-8")],
}


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    for d, items in SETS.items():
        os.makedirs(os.path.join(HERE, d), exist_ok=True)
        for name, text, codec, bom in items:
            data = bom + text.encode(codec)
            if codec == "euc_kr":
                assert len(data) == len(text.encode("cp949"))
            write(os.path.join(HERE, d, name + ".txt"), data)
    for d, items in SHORT.items():
        os.makedirs(os.path.join(HERE, d), exist_ok=True)
        for name, text, codec in items:
            write(os.path.join(HERE, d, name + ".txt"), text.encode(codec))
        write(os.path.join(HERE, d, "UTF-8.txt"),
              items[-1][1].encode("utf-8"))


if __name__ == "__main__":
    main()
