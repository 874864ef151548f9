# SPDX-License-Identifier: MIT
"""Text extraction from the allowed Debian corpus packages.

Shared by train.py (the character models) and bench/detect/make_corpus.py
(the labeled accuracy corpus).  Each package is fetched and unpacked with
the ordinary Debian tools, without installing it:

    apt-get download PACKAGE && dpkg-deb -x PACKAGE_*.deb ROOT/PACKAGE

Sources, per language (Debian 12 "bookworm" versions):
  ko       libreoffice-help-ko 4:7.4.7, firefox-esr-l10n-ko 153.8.0esr,
           thunderbird-l10n-ko 1:153.8.0esr
  ja       the same three packages for ja
  zh-Hans  ... for zh-cn
  zh-Hant  ... for zh-tw
  western  libreoffice-help-de/-fr/-es, firefox-esr-l10n-de/-fr/-es-es
  en       libreoffice-help-en-us
Documents are split by a hash of their path: one in ten is held out for
testing and never used for training.
"""
import html
import os
import re
import zipfile
import zlib

PACKAGES = {
    "ko": ["libreoffice-help-ko", "firefox-esr-l10n-ko",
           "thunderbird-l10n-ko"],
    "ja": ["libreoffice-help-ja", "firefox-esr-l10n-ja",
           "thunderbird-l10n-ja"],
    "zh-Hans": ["libreoffice-help-zh-cn", "firefox-esr-l10n-zh-cn",
                "thunderbird-l10n-zh-cn"],
    "zh-Hant": ["libreoffice-help-zh-tw", "firefox-esr-l10n-zh-tw",
                "thunderbird-l10n-zh-tw"],
    "western": ["libreoffice-help-de", "libreoffice-help-fr",
                "libreoffice-help-es", "firefox-esr-l10n-de",
                "firefox-esr-l10n-fr", "firefox-esr-l10n-es-es"],
    "en": ["libreoffice-help-en-us"],
}

# Paragraph-like elements of the LibreOffice help pages carry ids such as
# par_id123 / hd_id456; the rest is navigation, identical in every page.
_PARA = re.compile(r'<(p|h[1-6]|td)\b[^>]*\bid="(?:par|hd)_id[^"]*"[^>]*>'
                   r'(.*?)</\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\n]+")
_FTL_VALUE = re.compile(r"^\s*[-\w.]+\s*=\s*(.*)$")
_PLACEABLE = re.compile(r"\{[^{}]*\}")


def held_out(doc_name):
    """One document in ten, by a stable hash of its name, is test data."""
    return zlib.crc32(doc_name.encode()) % 10 == 0


def _html_lines(text):
    for m in _PARA.finditer(text):
        s = _SPACE.sub(" ", html.unescape(_TAG.sub("", m.group(2)))).strip()
        if s:
            yield s


def _l10n_lines(name, text):
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        if name.endswith(".dtd"):
            m = re.search(r'<!ENTITY\s+\S+\s+"([^"]*)"', line)
            value = m.group(1) if m else ""
        else:
            m = _FTL_VALUE.match(line)
            value = m.group(1) if m else line.strip() if name.endswith(
                ".ftl") and line.startswith(" ") else ""
        value = _PLACEABLE.sub("", value)
        value = value.replace("\\n", " ").strip()
        if value and not value.startswith("."):
            yield value


def documents(root, package):
    """Yields (document name, list of text lines) of one unpacked package."""
    base = os.path.join(root, package)
    for dirpath, _, files in os.walk(base):
        for f in sorted(files):
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)
            if f.endswith(".html"):
                with open(path, encoding="utf-8", errors="replace") as fh:
                    lines = list(_html_lines(fh.read()))
                if lines:
                    yield rel, lines
            elif f.endswith(".xpi") or f.endswith(".ja"):
                with zipfile.ZipFile(path) as z:
                    for n in sorted(z.namelist()):
                        if n.endswith((".ftl", ".properties", ".dtd")):
                            t = z.read(n).decode("utf-8", "replace")
                            lines = list(_l10n_lines(n, t))
                            if lines:
                                yield rel + "!" + n, lines


def language_lines(root, lang, want_held_out):
    """All lines of a language, from training or from held-out documents."""
    for package in PACKAGES[lang]:
        for name, lines in documents(root, package):
            if held_out(name) == want_held_out:
                yield from lines
