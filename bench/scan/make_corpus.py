#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the labeled scan benchmark corpus.

Prose comes from allowed Debian packages, read where they install:
  English, Korean, Chinese, Japanese, Russian: the LibreOffice 7.4 help
    (libreoffice-help-en-us, -ko, -zh-cn, -ja, -ru;
    /usr/share/libreoffice/help/LANG/**/*.html), paragraphs of 80-700
    characters;
  Thai and Arabic: the Firefox ESR language packs (firefox-esr-l10n-th,
    -ar; their .ftl message strings).
Insertions are made by this script: foreign-script phrases cut at random
from the other languages' prose (so most are phrases no lexicon lists),
a few spam phrases written here, homoglyph words, invisible characters,
Hangul fillers, Trojan-Source bidi controls, mojibake made by decoding
Korean UTF-8 as cp1252 and Korean words typed as QWERTY keys (KS X 5002,
tables/dubeolsik.tsv).  Clean texts get legitimate mixed script: glosses
(names and places with their romanization, official RR spellings), quoted
and introduced foreign words, Hanja in Korean, accented Latin names,
typography, emoji, math and currency, symbols and ㅋㅋㅋ.

Output format (read by bench_scan.c), one record per document:
  @@doc ID clean|dirty NBYTES NSPANS
  KIND START END        (NSPANS lines; byte offsets into the text)
  TEXT                  (exactly NBYTES bytes, then a newline)

It also writes OUT.en and OUT.ko, the plain English and Korean paragraphs,
for bench_scan's speed runs.

Usage: make_corpus.py OUT [--docs N] [--seed S]
"""
import glob
import html
import os
import random
import re
import sys
import zipfile

HELP = '/usr/share/libreoffice/help'
XPI = '/usr/lib/firefox-esr/browser/extensions/langpack-%s@firefox-esr.mozilla.org.xpi'
HERE = os.path.dirname(os.path.abspath(__file__))
DUBEOLSIK = os.path.join(HERE, '..', '..', 'tables', 'dubeolsik.tsv')

PARA = re.compile(r'<p [^>]*class="paragraph"[^>]*>(.*?)</p>', re.S)
TAG = re.compile(r'<[^>]+>')


def help_paragraphs(lang, limit=6000):
    out = []
    for path in sorted(glob.glob(os.path.join(HELP, lang, 'text', '**', '*.html'),
                                 recursive=True)):
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
        for m in PARA.finditer(text):
            p = html.unescape(TAG.sub('', m.group(1)))
            p = ' '.join(p.split())
            if 80 <= len(p) <= 700 and not p.startswith('<'):
                out.append(p)
        if len(out) >= limit:
            break
    return out


def ftl_strings(lang, script_re):
    path = XPI % lang
    out = []
    if not os.path.exists(path):
        return out
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith('.ftl'):
                continue
            for line in z.read(name).decode('utf-8', 'replace').splitlines():
                if '=' in line and not line.startswith('#'):
                    v = line.split('=', 1)[1].strip()
                    v = re.sub(r'\{[^}]*\}', ' ', v)
                    if len(script_re.findall(v)) >= 4:
                        out.append(v)
    return out


SCRIPT = {
    'ko': re.compile('[\uac00-\ud7a3]'),
    'zh': re.compile('[\u4e00-\u9fff]'),
    'ja': re.compile('[\u3040-\u30ff]'),
    'ru': re.compile('[\u0400-\u04ff]'),
    'th': re.compile('[\u0e00-\u0e7f]'),
    'ar': re.compile('[\u0600-\u06ff]'),
}
RUN = {
    'ko': re.compile('[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*'),
    'zh': re.compile('[\u4e00-\u9fff]{2,}'),
    'ja': re.compile('[\u3040-\u30ff\u4e00-\u9fff\u30fc]{3,}'),
    'ru': re.compile('[\u0400-\u04ff]+(?: [\u0400-\u04ff]+)*'),
    'th': re.compile('[\u0e00-\u0e7f]{3,}'),
    'ar': re.compile('[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)*'),
}

# Spam phrases written for this benchmark (a minority of insertions; the
# rest are phrases cut from prose, which no lexicon lists).
OWN_SPAM = {
    'ko': ['카지노사이트', '바카라사이트 추천', '안전놀이터 가입', '먹튀검증 커뮤니티',
           '출장안마 후기', '토토사이트 순위', '무료 슬롯머신', '급전 대출 당일'],
    'zh': ['澳门威尼斯人', '网上娱乐平台', '百家乐官网', '线上赌场注册送'],
    'ja': ['オンラインカジノ', '無料で稼げる', 'スーパーコピー激安'],
    'th': ['คาสิโนออนไลน์', 'สล็อตเว็บตรง', 'แทงบอลออนไลน์'],
    'ru': ['онлайн казино', 'ставки на спорт', 'быстрый займ'],
    'ar': ['كازينو اون لاين', 'مراهنات رياضية'],
}

FULLWIDTH_URL = ['ｗｗｗ．ｂｅｔ３６５．ｃｏｍ', 'ｃａｓｉｎｏ７７．ｎｅｔ',
                 'ｗｗｗ．ｔｏｔｏ９．ｋｒ', 'ｓｌｏｔ８８．ｃｏｍ']

# Glosses: (Latin, native) pairs; place and person names in their official
# or customary romanization (Revised Romanization for places, the bearers'
# own spellings for people).
GLOSS_KO = [
    ('Seoul', '서울'), ('Busan', '부산'), ('Incheon', '인천'), ('Daegu', '대구'),
    ('Gwangju', '광주'), ('Daejeon', '대전'), ('Ulsan', '울산'), ('Jeju', '제주'),
    ('Pyongyang', '평양'), ('Gyeongju', '경주'), ('Suwon', '수원'),
    ('Jeonju', '전주'), ('Chuncheon', '춘천'), ('Pohang', '포항'),
    ('Gangneung', '강릉'), ('Mokpo', '목포'), ('Kaesong', '개성'),
    ('Wonsan', '원산'), ('Kim Jong-un', '김정은'), ('Moon Jae-in', '문재인'),
    ('Yoon Suk-yeol', '윤석열'), ('Lee Jae-myung', '이재명'),
    ('Park Geun-hye', '박근혜'), ('Roh Moo-hyun', '노무현'),
    ('Kim Dae-jung', '김대중'), ('Ban Ki-moon', '반기문'),
    ('Son Heung-min', '손흥민'), ('Kim Yuna', '김연아'), ('Bong Joon-ho', '봉준호'),
    ('Han Kang', '한강'), ('Hangeul', '한글'), ('kimchi', '김치'),
    ('bibimbap', '비빔밥'), ('hanbok', '한복'), ('taekwondo', '태권도'),
    ('chaebol', '재벌'), ('Chuseok', '추석'), ('Seollal', '설날'),
    ('soju', '소주'), ('bulgogi', '불고기'), ('makgeolli', '막걸리'),
    ('hallyu', '한류'), ('naengmyeon', '냉면'), ('nunchi', '눈치'),
    ('Arirang', '아리랑'), ('Gyeongbokgung', '경복궁'), ('Joseon', '조선'),
    ('Goryeo', '고려'), ('Silla', '신라'), ('Baekje', '백제'),
]
GLOSS_OTHER = [
    ('Tolstoy', 'Толстой'), ('Dostoevsky', 'Достоевский'), ('Moscow', 'Москва'),
    ('Pushkin', 'Пушкин'), ('Chekhov', 'Чехов'), ('Kremlin', 'Кремль'),
    ('sushi', '寿司'), ('Tokyo', '東京'), ('Beijing', '北京'), ('ramen', 'ラーメン'),
    ('karaoke', 'カラオケ'), ('kanji', '漢字'), ('tofu', '豆腐'), ('Kyoto', '京都'),
]
WORDS_KO = [('thank you', '감사합니다'), ('hello', '안녕하세요'), ('love', '사랑'),
            ('friend', '친구'), ('water', '물'), ('goodbye', '안녕히 가세요'),
            ('sorry', '미안합니다'), ('delicious', '맛있어요')]
ACCENTED = ['Brontë', 'Gdańsk', 'Đặng Thái Sơn', 'Dvořák', 'Škoda', 'São Paulo',
            'Zürich', 'Citroën', 'Łódź', 'Nguyễn', 'Müller', 'Ångström']
EMOJI = ['🎉', '👍🏽', '👨\u200d👩\u200d👧', '❤\ufe0f', '🇰🇷', '1\ufe0f\u20e3',
         '🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f', '🍜']
SYMBOLS = ['α', 'π', 'x²', '₩1,000', '€20', '£5', '¥300', '25°C', '±2', '≤ 3',
           '√2', '①', '※', '「참고」', '3㎏', 'ㅋㅋㅋ', 'ㅠㅠ', '—', '…', '\u00a0']
HANJA = [('대통령', '大統領'), ('한국', '韓國'), ('경제', '經濟'), ('국회', '國會'),
         ('정부', '政府'), ('사회', '社會'), ('문화', '文化'), ('역사', '歷史')]

CONFUSABLE = {'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х',
              'y': 'у', 'i': 'і', 's': 'ѕ', 'j': 'ј', 'h': 'һ'}
GREEK = {'o': 'ο', 'a': 'α', 'v': 'ν', 'i': 'ι', 'u': 'υ', 'k': 'κ'}
BRANDS = ['paypal', 'apple', 'google', 'microsoft', 'amazon', 'netflix',
          'facebook', 'coinbase', 'binance', 'instagram']
INVISIBLE = ['\u200b', '\u2060', '\u00ad', '\ufeff', '\u180e', '\u2062',
             '\u200d', '\u3164', '\uffa0', '\U000e0041']
BIDI = ['\u202e', '\u202d', '\u202a', '\u202b', '\u2066', '\u2067', '\u2068',
        '\u200e', '\u200f']


def load_dubeolsik():
    keys = {}
    with open(DUBEOLSIK, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            key, jamo = line.split('\t')[:2]
            keys.setdefault(jamo, key)
    return keys


CHO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'
JUNG = ['ㅏ', 'ㅐ', 'ㅑ', 'ㅒ', 'ㅓ', 'ㅔ', 'ㅕ', 'ㅖ', 'ㅗ', 'ㅗㅏ', 'ㅗㅐ', 'ㅗㅣ',
        'ㅛ', 'ㅜ', 'ㅜㅓ', 'ㅜㅔ', 'ㅜㅣ', 'ㅠ', 'ㅡ', 'ㅡㅣ', 'ㅣ']
JONG = ['', 'ㄱ', 'ㄲ', 'ㄱㅅ', 'ㄴ', 'ㄴㅈ', 'ㄴㅎ', 'ㄷ', 'ㄹ', 'ㄹㄱ', 'ㄹㅁ',
        'ㄹㅂ', 'ㄹㅅ', 'ㄹㅌ', 'ㄹㅍ', 'ㄹㅎ', 'ㅁ', 'ㅂ', 'ㅂㅅ', 'ㅅ', 'ㅆ', 'ㅇ',
        'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ']


def to_keys(word, keys):
    out = []
    for ch in word:
        s = ord(ch) - 0xAC00
        if not 0 <= s < 11172:
            return None
        parts = CHO[s // 588] + JUNG[(s % 588) // 28] + JONG[s % 28]
        for j in parts:
            if j not in keys:
                return None
            out.append(keys[j])
    return ''.join(out)


class Doc:
    def __init__(self, text):
        self.text = text
        self.spans = []  # (kind, start_char, end_char)

    def insert(self, at, piece, kind=None, sub=None):
        """Inserts piece at character index at; records a span for it (or
        for the sub-range sub=(a, b) of piece)."""
        self.text = self.text[:at] + piece + self.text[at:]
        n = len(piece)
        self.spans = [(k, a + n if a >= at else a, b + n if b > at else b)
                      for k, a, b in self.spans]
        if kind:
            a, b = sub if sub else (0, n)
            self.spans.append((kind, at + a, at + b))

    def encode(self):
        data = self.text.encode('utf-8')
        spans = []
        for k, a, b in sorted(self.spans, key=lambda s: s[1]):
            spans.append((k, len(self.text[:a].encode('utf-8')),
                          len(self.text[:b].encode('utf-8'))))
        return data, spans


def word_gaps(text):
    """Character positions of spaces between two lowercase-ish words."""
    return [m.start() for m in re.finditer(r'(?<=[a-z,]) (?=[a-z])', text)]


def korean_gaps(text):
    return [m.start() for m in re.finditer(r'(?<=[\uac00-\ud7a3]) (?=[\uac00-\ud7a3])', text)]


def pick_phrase(rng, lang, pools):
    if rng.random() < 0.3 or not pools.get(lang):
        return rng.choice(OWN_SPAM[lang])
    src = rng.choice(pools[lang])
    runs = RUN[lang].findall(src)
    runs = [r for r in runs if len(r) >= 2]
    if not runs:
        return rng.choice(OWN_SPAM[lang])
    r = rng.choice(runs)
    if lang in ('ko', 'ru', 'ar'):
        words = r.split()
        k = rng.randint(1, min(3, len(words)))
        i = rng.randint(0, len(words) - k)
        return ' '.join(words[i:i + k])
    k = rng.randint(min(2, len(r)), min(8, len(r)))
    i = rng.randint(0, len(r) - k)
    return r[i:i + k]


# ---- legitimate mixed script ------------------------------------------------

def add_legit_en(doc, rng):
    kind = rng.randrange(9)
    gaps = [m.end() for m in re.finditer(r'[.;] ', doc.text)] or [len(doc.text)]
    at = rng.choice(gaps)
    if kind == 0:
        lat, ko = rng.choice(GLOSS_KO)
        s = rng.choice(['Officials in {l} ({k}) agreed. ', 'The term {l} ({k}) is common. ',
                        'Visitors to {l} ({k}) were surprised. ', '{k} ({l}) was mentioned. ',
                        'A report on {l} ({k}) followed. '])
        piece = s.format(l=lat, k=ko)
        if piece[0].islower():
            piece = piece[0].upper() + piece[1:]
    elif kind == 1:
        lat, other = rng.choice(GLOSS_OTHER)
        piece = rng.choice(['The name {l} ({o}) appears here. ',
                            'Readers of {l} ({o}) will know it. ']).format(l=lat, o=other)
    elif kind == 2:
        en, ko = rng.choice(WORDS_KO)
        piece = rng.choice(['The Korean for "{e}" is {k}. ',
                            'The word \u201c{k}\u201d means {e}. ',
                            'A sign reading \u201c{k}\u201d hung there. ',
                            "In Korean, '{e}' is {k}. "]).format(e=en, k=ko)
    elif kind == 3:
        piece = '%s wrote about it. ' % rng.choice(ACCENTED)
    elif kind == 4:
        piece = 'Results were good %s overall. ' % rng.choice(EMOJI)
    elif kind == 5:
        piece = 'The value was %s in the test. ' % rng.choice(SYMBOLS)
    elif kind == 6:
        piece = '\u201cThat\u2019s it,\u201d she said \u2014 twice. '
    elif kind == 7:
        piece = 'We laughed ㅋㅋㅋ and cried ㅠㅠ. '
    else:
        piece = 'See note ① and ※ below; it weighs 3㎏. '
    doc.insert(at, piece)


def add_legit_ko(doc, rng):
    kind = rng.randrange(6)
    gaps = [m.end() for m in re.finditer(r'[.다] ', doc.text)] or [len(doc.text)]
    at = rng.choice(gaps)
    if kind == 0:
        ko, hj = rng.choice(HANJA)
        piece = rng.choice(['{k}({h})는 중요하다. ', '{h}의 역할이 크다. ']).format(k=ko, h=hj)
    elif kind == 1:
        lat, other = rng.choice(GLOSS_OTHER)
        piece = '이 이름은 %s(%s)로 쓴다. ' % (lat, other)
    elif kind == 2:
        piece = rng.choice(['설정은 --verbose 옵션으로 바꾼다. ', 'CEO는 AI 전략을 발표했다. ',
                            'Galaxy S24를 공개했다. ', 'config.yaml 파일을 연다. '])
    elif kind == 3:
        piece = '그는 웃었다 ㅋㅋㅋ 정말 ㅠㅠ. '
    elif kind == 4:
        piece = '가격은 ₩12,000이고 무게는 3㎏이다 ※ 참고. '
    else:
        piece = '「한글」은 세종대왕이 만들었다 %s. ' % rng.choice(EMOJI)
    doc.insert(at, piece)


# ---- insertions ----------------------------------------------------------------

def add_foreign(doc, rng, base, pools):
    langs = ['ko', 'zh', 'ja', 'th', 'ru', 'ar'] if base == 'en' else ['zh', 'ja', 'th', 'ru', 'ar']
    lang = rng.choice(langs)
    phrase = pick_phrase(rng, lang, pools)
    style = rng.randrange(5)
    if style == 1:
        phrase = phrase + ' ' + pick_phrase(rng, lang, pools)
    elif style == 2:
        phrase = phrase + ' ' + rng.choice(FULLWIDTH_URL)
    gaps = word_gaps(doc.text) if base == 'en' else korean_gaps(doc.text)
    if not gaps:
        gaps = [m.start() for m in re.finditer(' ', doc.text)] or [0]
    at = rng.choice(gaps)
    if style == 3:  # glued to the word before
        doc.insert(at, phrase, 'foreign-run')
    else:
        doc.insert(at + 1, phrase + ' ', 'foreign-run', (0, len(phrase)))


def add_homoglyph(doc, rng):
    if rng.random() < 0.4:
        brand = rng.choice(BRANDS)
        table = GREEK if rng.random() < 0.3 else CONFUSABLE
        idx = [i for i, c in enumerate(brand) if c in table]
        if not idx:
            return
        i = rng.choice(idx)
        word = brand[:i] + table[brand[i]] + brand[i + 1:]
        gaps = [m.start() for m in re.finditer(' ', doc.text)] or [0]
        at = rng.choice(gaps) + 1
        doc.insert(at, word + ' ', 'mixed-script-word', (0, len(word)))
        return
    words = [m for m in re.finditer(r'\b[a-z]{4,}\b', doc.text)]
    rng.shuffle(words)
    for m in words:
        w = m.group(0)
        idx = [i for i, c in enumerate(w) if c in CONFUSABLE]
        if idx:
            i = rng.choice(idx)
            new = w[:i] + CONFUSABLE[w[i]] + w[i + 1:]
            doc.text = doc.text[:m.start()] + new + doc.text[m.end():]
            doc.spans.append(('mixed-script-word', m.start(), m.end()))
            return


def add_invisible(doc, rng):
    ch = rng.choice(INVISIBLE)
    if ch in ('\u3164', '\uffa0'):
        spaces = [m.start() for m in re.finditer(' ', doc.text)]
        if spaces:
            at = rng.choice(spaces)
            doc.text = doc.text[:at] + ch + doc.text[at + 1:]
            doc.spans.append(('invisible', at, at + 1))
        return
    words = [m for m in re.finditer(r'[A-Za-z\uac00-\ud7a3]{4,}', doc.text)]
    if not words:
        return
    m = rng.choice(words)
    at = m.start() + rng.randint(1, len(m.group(0)) - 1)
    doc.insert(at, ch, 'invisible')


def add_bidi(doc, rng):
    words = [m for m in re.finditer(r'\S+', doc.text)]
    if len(words) < 4:
        return
    i = rng.randrange(len(words) - 3)
    opener = rng.choice(BIDI)
    if opener in ('\u200e', '\u200f'):
        doc.insert(words[i].end(), opener, 'bidi-control')
        return
    closer = '\u2069' if opener in ('\u2066', '\u2067', '\u2068') else '\u202c'
    a, b = words[i].start(), words[i + 2].end()
    if rng.random() < 0.7:
        doc.insert(b, closer, 'bidi-control')
    doc.insert(a, opener, 'bidi-control')


def add_mojibake(doc, rng, pools):
    src = rng.choice(pools['ko'])
    runs = RUN['ko'].findall(src)
    if not runs:
        return
    word = rng.choice(runs).split()[0][:4]
    if rng.random() < 0.2:
        garbled = rng.choice(['占쏙옙', '占쏙옙占쏙옙', '\ufffd\ufffd\ufffd'])
    else:
        garbled = word.encode('utf-8').decode('cp1252', errors='replace')
        garbled = ''.join(c for c in garbled if c != '\ufffd')
    spaces = [m.start() for m in re.finditer(' ', doc.text)] or [0]
    at = rng.choice(spaces) + 1
    doc.insert(at, garbled + ' ', 'mojibake', (0, len(garbled)))


def add_wrong_layout(doc, rng, pools, keys):
    for _ in range(20):
        src = rng.choice(pools['ko'])
        words = [w for w in re.findall('[\uac00-\ud7a3]{2,}', src)]
        if not words:
            continue
        typed = to_keys(rng.choice(words), keys)
        if typed and len(typed) >= 4:
            gaps = [m.start() for m in re.finditer(' ', doc.text)] or [0]
            at = rng.choice(gaps) + 1
            doc.insert(at, typed + ' ', 'wrong-layout', (0, len(typed)))
            return


def main():
    out = sys.argv[1]
    ndocs = 2000
    seed = 5
    args = sys.argv[2:]
    while args:
        if args[0] == '--docs':
            ndocs = int(args[1])
        elif args[0] == '--seed':
            seed = int(args[1])
        args = args[2:]
    rng = random.Random(seed)
    hangul = SCRIPT['ko']
    pools = {
        # English prose has no other script; Korean prose is mostly
        # Hangul (the Korean help keeps some English paragraphs, left out).
        'en': [p for p in help_paragraphs('en-US') if p.isascii()],
        'ko': [p for p in help_paragraphs('ko', 60000)
               if len(hangul.findall(p)) * 2 >= len(re.findall(r'\w', p))][:6000],
        'zh': help_paragraphs('zh-CN', 3000), 'ja': help_paragraphs('ja', 3000),
        'ru': help_paragraphs('ru', 3000),
        'th': ftl_strings('th', SCRIPT['th']), 'ar': ftl_strings('ar', SCRIPT['ar']),
    }
    for k, v in pools.items():
        if not v and k in ('en', 'ko'):
            sys.exit('make_corpus: no %s prose: install libreoffice-help-*' % k)
        print('%s: %d paragraphs' % (k, len(v)), file=sys.stderr)
    keys = load_dubeolsik()
    kinds_en = ['foreign-run', 'foreign-run', 'mixed-script-word', 'invisible',
                'bidi-control', 'mojibake', 'wrong-layout']
    kinds_ko = ['foreign-run', 'foreign-run', 'invisible', 'bidi-control',
                'mojibake', 'wrong-layout', 'wrong-layout']
    # Plain prose for the speed runs: the paragraphs as they are.
    for lang in ('en', 'ko'):
        with open(out + '.' + lang, 'w', encoding='utf-8') as f:
            f.write('\n\n'.join(pools[lang]) + '\n')
    with open(out, 'wb') as f:
        for n in range(ndocs):
            base = 'en' if rng.random() < 0.6 else 'ko'
            pool = pools[base]
            # Two to four paragraphs: a page of prose.
            text = '\n\n'.join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
            doc = Doc(text + '\n')
            for _ in range(rng.randint(1, 3)):
                (add_legit_en if base == 'en' else add_legit_ko)(doc, rng)
            if rng.random() < 0.05:
                doc.insert(0, '\ufeff')  # a leading byte order mark is fine
            dirty = n % 2 == 1
            if dirty:
                for _ in range(rng.randint(1, 2)):
                    kind = rng.choice(kinds_en if base == 'en' else kinds_ko)
                    if kind == 'foreign-run':
                        add_foreign(doc, rng, base, pools)
                    elif kind == 'mixed-script-word':
                        add_homoglyph(doc, rng)
                    elif kind == 'invisible':
                        add_invisible(doc, rng)
                    elif kind == 'bidi-control':
                        add_bidi(doc, rng)
                    elif kind == 'mojibake':
                        add_mojibake(doc, rng, pools)
                    else:
                        add_wrong_layout(doc, rng, pools, keys)
            data, spans = doc.encode()
            f.write(('@@doc %d %s %d %d %s\n' % (n, 'dirty' if spans else 'clean',
                                                len(data), len(spans), base)).encode())
            for k, a, b in spans:
                f.write(('%s %d %d\n' % (k, a, b)).encode())
            f.write(data + b'\n')


if __name__ == '__main__':
    main()
