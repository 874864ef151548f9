/* SPDX-License-Identifier: MIT */
/*
 * The scanner: what it flags, what it leaves alone (legitimate mixed
 * script is most of what real text holds), streaming, buffers and bad
 * input.
 */
#include "../src/internal.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The findings of one scan, as "kind@start-end" joined by spaces. */
struct collected {
	char text[1024];
	size_t n;
	size_t count;
	bool bad_offsets;
	const char *src;
	size_t len;
};

static bool
on_boundary(const char *s, size_t len, uint64_t off)
{
	return off == len ||
	       (off < len && ((unsigned char)s[off] & 0xC0) != 0x80);
}

static int
collect(void *ctx, const struct konorm_finding *f)
{
	struct collected *c = ctx;
	int k = snprintf(
	        c->text + c->n, sizeof(c->text) - c->n, "%s%s@%llu-%llu",
	        c->n ? " " : "", konorm_scan_kind_name(f->kind),
	        (unsigned long long)f->start, (unsigned long long)f->end);
	if (k > 0 && (size_t)k < sizeof(c->text) - c->n) {
		c->n += (size_t)k;
	}
	c->count++;
	c->bad_offsets |= f->start >= f->end || f->end > c->len ||
	                  !on_boundary(c->src, c->len, f->start) ||
	                  !on_boundary(c->src, c->len, f->end) ||
	                  (size_t)(f->end - f->start) != f->text_len;
	return 0;
}

static enum konorm_status
scan_text(const char *s, size_t len, uint32_t flags, struct collected *c)
{
	memset(c, 0, sizeof(*c));
	c->src = s;
	c->len = len;
	return konorm_scan(s, len, flags, collect, c, NULL);
}

/* Text konorm must leave alone: every case is one a naive "other script"
 * check flags. */
static const struct {
	const char *description;
	const char *input;
} clean_cases[] = {
        {"empty", ""},
        {"plain English",
         "The committee met on Tuesday to discuss the budget."},
        {"Hangul gloss after a term", "The alphabet is called Hangeul (한글)."},
        {"place gloss", "Officials in Seoul (서울) said nothing."},
        {"gloss before its term", "서울 (Seoul) is the capital."},
        {"name gloss", "Former president Moon Jae-in (문재인) declined."},
        {"name gloss, RR vs popular", "Park Geun-hye (박근혜) was impeached."},
        {"Lee", "Lee Jae-myung (이재명) spoke."},
        {"leader gloss", "He met Kim Jong-un (김정은) in Pyongyang (평양)."},
        {"Cyrillic gloss", "Putin quoted Tolstoy (Толстой) at dinner."},
        {"Han gloss", "We ate sushi (寿司) and ramen."},
        {"introduced word", "The Korean for 'thank you' is 감사합니다."},
        {"quoted word", "The word \xE2\x80\x9C\xEC\xA0\x95\xE2\x80\x9D has no "
                        "English equivalent."},
        {"quoted speech", "She said \xE2\x80\x9C사랑해\xE2\x80\x9D and left."},
        {"introduced slogan", "The slogan read 우리민족끼리 on every banner."},
        {"introduced characters", "The Chinese characters 北京 mean north."},
        {"corner brackets", "He wrote 「こんにちは」 on the board."},
        {"accented Latin names", "Brontë, Gdańsk and Đặng Thái Sơn."},
        {"typography", "Prices rose \xE2\x80\x94 about \xE2\x82\xA9"
                       "5,000 or "
                       "\xE2\x82\xAC"
                       "3.40\xC2\xA0today."},
        {"math symbols", "The area is \xCF\x80r\xC2\xB2 and the angle is "
                         "\xCE\xB1."},
        {"laughter jamo", "I laughed so hard ㅋㅋㅋ and then cried ㅠㅠ."},
        {"emoji ZWJ and VS16",
         "Great news \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
         "\xF0\x9F\x91\xA7 and \xE2\x9D\xA4\xEF\xB8\x8F."},
        {"leading BOM", "\xEF\xBB\xBFHello world."},
        {"symbols", "See note ① and ※ below; it weighs 3㎏."},
        {"Hanja in Korean", "대통령(大統領)은 오늘 기자회견을 열었다."},
        {"Hanja glued to particles", "韓國의 經濟는 빠르게 성장했다."},
        {"English in Korean",
         "삼성전자는 Galaxy S24를 공개했고 CEO는 AI 전략을 "
         "발표했다."},
        {"options and code in Korean",
         "설정은 --verbose 옵션과 config.yaml 파일로 바꿀 수 있다."},
        {"Cyrillic gloss in Korean", "톨스토이(Толстой)의 소설을 읽었다."},
        {"kana gloss in Korean", "라멘(ラーメン)을 먹었다."},
        {"Korean fullwidth punctuation", "「한글」은 세종대왕이 만들었다."},
        {"Arabic with its marks",
         "\xD8\xA7\xD9\x84\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xE2\x80\x8F"
         "\xD8\xB9\xD9\x84\xD9\x8A\xD9\x83\xD9\x85"},
        {"balanced isolate in RTL text",
         "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE2\x81\xA6"
         "abc\xE2\x81\xA9 "
         "\xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D"},
        {"emoji flag tag sequence",
         "Go \xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xB3"
         "\xF3\xA0\x81\xA3\xF3\xA0\x81\xB4\xF3\xA0\x81\xBF Scotland"},
        {"Persian ZWNJ", "\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7"
                         "\xD9\x87\xD9\x85"},
        {"Japanese prose", "東京で会議が開かれた。参加者は満足した。"},
        {"Russian prose with a brand",
         "Компания Apple представила новый iPhone в Москве."},
        {"an own translation line", "Thank you.\n감사합니다.\n"},
        {"McCune-Reischauer gloss", "the Chosŏn dynasty (조선) ruled."},
        {"a Hanja headline with spaces", "韓國 大統領, 訪美 일정 발표"},
        {"a gloss introduced after it", "Kim Jong-un, or 김정은 in Korean, "
                                        "spoke."},
        {"quoted fullwidth text", "=JIS(\"LibreOffice\") returns the string "
                                  "\"ＬｉｂｒｅＯｆｆｉｃｅ\"."},
        {"labelled bilingual line", "Korean: 안녕하세요 / English: Hello"},
        {"English words a 2-set keyboard reads as Hangul",
         "Check the world with their shortcut sign."},
        {"identifiers are not typing slips",
         "Use dkssud_var, /usr/rkatk or v2rkatk here."},
        /* Translated UI strings: the Latin of markup and placeholders is
         * code, so the line is Korean prose (a Firefox-style catalog
         * line, written for this test). */
        {"Korean UI string with links",
         "계속하면 <a data-l10n-name=\"terms-of-service\">이용 약관</a> 및 "
         "<a data-l10n-name=\"privacy-notice\">개인정보 처리방침</a>에 "
         "동의합니다."},
        {"Korean UI string with placeholders",
         "{ -brand-short-name } { $version } 업데이트를 설치하는 중입니다"},
        {"Korean printf message", "%s 파일을 %d번째 줄에서 열 수 없습니다"},
        /* German and Vietnamese words the 2-set automaton reads as whole
         * syllables (aufrufen, giao): not Korean typed in English mode. */
        /* Right-to-left and Indic catalogs (written for this test, in
         * the style of the Firefox language packs). */
        {"RLM before a placeholder in an Arabic document",
         "ابحث في الويب عن الكلمات التي تريدها الآن\n\n"
         "\xE2\x80\x8F{ $engineName } \xE2\x80\x8F({ $alias })\n"},
        {"RLE opening a Hebrew paragraph",
         "\xE2\x80\xABמחפש את \xE2\x80\xAA{ $host }\xE2\x80\xAC…"},
        {"ZWNJ after a Devanagari vowel sign",
         "सभी बुकमार्क फ़ोल्डर दिखाएँ\xE2\x80\x8C"},
        {"ZWNJ after an Arabic kasra",
         "أعِد الاتصال بِ\xE2\x80\x8D الآن"},
        {"Russian UI string with an English product name",
         "Отключает использование функции TLS Encrypted Client Hello "
         "(ECH)."},
        {"Chinese UI string with an English name in quotes",
         "禁用 TLS 功能“Encrypted Client Hello”（ECH）。"},
        {"CSS names in markup in Russian",
         "Попробуйте добавить <strong>display:grid</strong> или "
         "<strong>display:flex</strong>."},
        /* A partly translated manual: numbered captions and counters
         * (as in gimp-help-ko), and a Korean document quoting English. */
        {"Korean caption before its number",
         "그림 17.351. Example for the Checkerboard filter"},
        {"Korean counter after a number",
         "You can find its description in 8.1.1절 of this manual."},
        {"appendix letter", "부록 C. How to Contribute to the project"},
        {"English line in a Korean document",
         "이 문서는 김프 사용자를 위한 안내서입니다. 여러 장으로 나뉘어 "
         "있으며 각 장은 하나의 주제를 다룹니다.\n\n"
         "새 버전에서 바뀐 점을 먼저 읽어 보세요.\n\n"
         "Release notes 요약 for the new version of the editor."},
        {"German prose", "Die Seite wird aus der Zwischenablage aufrufen "
                         "und dann mit einem Klick geladen."},
        {"Vietnamese prose",
         "Sử dụng giao diện đầy màu sắc cho các nút và menu."},
};

/* Text with something to find: the kinds expected, in order. */
static const struct {
	const char *description;
	const char *input;
	const char *expected; /* "kind@start-end ..." */
} dirty_cases[] = {
        {"spam mid-sentence",
         "upholding the regime, 카지노사이트 and supporting Ukraine",
         "foreign-run@22-40"},
        {"spam glued to a word", "growth to slow next year카지노 as exports",
         "foreign-run@24-33"},
        {"Korean typed in English mode in English prose with a café",
         "The café owner wrote dkssudgktpdy to the customers.",
         "wrong-layout@22-34"},
        {"a stray pop closes nothing",
         "Stray \xE2\x80\xAC pop in English", "bidi-control@6-9"},
        {"an RLM with no right-to-left text about",
         "Hello\xE2\x80\x8F world", "bidi-control@5-8"},
        {"spam with a number in an English paragraph",
         "The city council met on Monday. Open 24 hours 카지노사이트 for "
         "all players in the city.", "foreign-run@46-64"},
        {"Korean typed in English mode in German prose",
         "Die Seite wird aus der Zwischenablage dkssudgktpdy geladen und "
         "mit einem Klick gespeichert.",
         "wrong-layout@38-50"},
        {"spam in an English line with markup",
         "Read <b>the report</b> on growth 카지노사이트 and exports.",
         "foreign-run@33-51"},
        {"unknown phrase mid-sentence",
         "The festival draws crowds 오늘의 추천 상품 every summer.",
         "foreign-run@26-49"},
        {"Chinese spam in English",
         "Rates were unchanged 澳门赌场 on Thursday.", "foreign-run@21-33"},
        {"Thai spam in English", "The region คาสิโนออนไลน์ this weekend.",
         "foreign-run@11-50"},
        {"Cyrillic spam in Korean",
         "정책을 발표했다 Казино онлайн 관계자는 말했다.", "foreign-run@23-48"},
        {"Chinese spam in Korean",
         "관계자들은 澳门威尼斯人娱乐场 금리를 예상했다.", "foreign-run@16-43"},
        {"Japanese spam in Korean",
         "전문가들은 オンラインカジノ 경제를 전망했다.", "foreign-run@16-40"},
        {"Cyrillic а in a Latin word", "Log in to your p\xD0\xB0ypal account.",
         "mixed-script-word@15-22"},
        {"Greek ο in a Latin word", "Search on g\xCE\xBFogle now.",
         "mixed-script-word@10-17"},
        {"zero width space in a word", "hello\xE2\x80\x8Bworld",
         "invisible@5-8"},
        {"BOM after the start",
         "abc\xEF\xBB\xBF"
         "def",
         "invisible@3-6"},
        {"Hangul filler as a blank",
         "Name:\xE3\x85\xA4"
         "Admin",
         "invisible@5-8"},
        {"tag characters", "ok\xF3\xA0\x81\x81\xF3\xA0\x81\x82",
         "invisible@2-6 invisible@6-10"},
        {"ZWJ between Latin letters",
         "ab\xE2\x80\x8D"
         "cd",
         "invisible@2-5"},
        {"Trojan Source RLO", "x = \"user\xE2\x80\xAE // admin\"",
         "bidi-control@9-12"},
        {"LRM in LTR text",
         "abc\xE2\x80\x8E"
         "def",
         "bidi-control@3-6"},
        {"Korean typed in English mode", "오늘 dkssudgktpdy 반가워요",
         "wrong-layout@7-19"},
        {"UTF-8 read as cp1252",
         "Title: \xC3\xAC\xE2\x80\xA2\xCB\x86\xC3\xAB\xE2\x80\xA6\xE2\x80\xA2"
         "\xC3\xAD\xE2\x80\xA2\xCB\x9C\xC3\xAC\xE2\x80\x9E\xC2\xB8\xC3\xAC"
         "\xC5\xA1\xE2\x80\x9D here",
         "mojibake@7-43"},
        {"U+FFFD run", "Lost \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD bytes",
         "mojibake@5-14"},
        {"a soft hyphen splits no word into typing slips",
         "The value in a no\xC2\xADrmal distribution.", "invisible@17-19"},
        {"Chinese sentence in Korean (function words)",
         "관계자는 這是我們的網站 라고 말했다.", "foreign-run@13-34"},
        {"fullwidth address in Korean",
         "회원가입은 ｃａｓｉｎｏ７７．ｎｅｔ 에서 가능합니다.",
         "foreign-run@16-52"},
        {"fullwidth address in English",
         "Visit ｗｗｗ．ｃａｓｉｎｏ．ｃｏｍ today for more.",
         "foreign-run@6-48"},
        {"a keyword phrase after a sentence",
         "The market rose today. 바카라 추천 주소", "foreign-run@23-46"},
        {"a spam line between English paragraphs",
         "The market rose today in Seoul.\n\n카지노사이트 바로가기\n\n"
         "Shares of exporters led the gains.",
         "foreign-run@33-64"},
        {"unbalanced PDF in RTL text",
         "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE2\x80\xAC", "bidi-control@9-12"},
};

static void
check_clean(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(clean_cases); i++) {
		struct collected c;
		const char *in = clean_cases[i].input;
		enum konorm_status st = scan_text(in, strlen(in), 0, &c);
		KT_CHECK(t, st == KONORM_OK && c.count == 0,
		         "clean: %s: status %d, findings: %s",
		         clean_cases[i].description, st, c.text);
	}
}

static void
check_dirty(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(dirty_cases); i++) {
		struct collected c;
		const char *in = dirty_cases[i].input;
		enum konorm_status st = scan_text(in, strlen(in), 0, &c);
		KT_CHECK(t, st == KONORM_OK, "%s: status %d",
		         dirty_cases[i].description, st);
		KT_CHECK(t, strcmp(c.text, dirty_cases[i].expected) == 0,
		         "%s: got '%s', want '%s'", dirty_cases[i].description,
		         c.text, dirty_cases[i].expected);
		KT_CHECK(t, !c.bad_offsets, "%s: offsets off a boundary",
		         dirty_cases[i].description);
	}
}

static const struct {
	const char *description;
	const char *input;
	const char *expected;
} clean_up_cases[] = {
        {"run between spaces", "regime, 카지노사이트 and supporting",
         "regime, and supporting"},
        {"run before a comma", "the regime 카지노사이트, and",
         "the regime, and"},
        {"glued run", "next year카지노 as exports", "next year as exports"},
        {"run at the start", "카지노사이트 The market rose.",
         "The market rose."},
        {"invisibles and bidi", "hel\xE2\x80\x8Blo x\xE2\x80\xAEy", "hello xy"},
        {"homoglyphs are only reported", "your p\xD0\xB0ypal account",
         "your p\xD0\xB0ypal account"},
        {"clean text unchanged", "Seoul (서울) is calm.",
         "Seoul (서울) is calm."},
};

static void
check_clean_up(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(clean_up_cases); i++) {
		const char *in = clean_up_cases[i].input;
		char out[256];
		struct konorm_result r =
		        konorm_scan_clean(in, strlen(in), out, sizeof(out), 0);
		KT_CHECK(t, r.status == KONORM_OK, "%s: status %d",
		         clean_up_cases[i].description, r.status);
		KT_STR(t, out, r.needed, clean_up_cases[i].expected,
		       clean_up_cases[i].description);
	}
	/* Exact fit versus a buffer one byte short. */
	const char *in = "regime, 카지노사이트 and supporting";
	const char *want = "regime, and supporting";
	char out[64];
	struct konorm_result r =
	        konorm_scan_clean(in, strlen(in), out, strlen(want), 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == strlen(want),
	         "exact fit is OK");
	r = konorm_scan_clean(in, strlen(in), out, strlen(want) - 1, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == strlen(want),
	         "one byte short: EBUFSIZE with the full length");
	r = konorm_scan_clean(in, strlen(in), NULL, 0, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == strlen(want),
	         "NULL buffer preflights");
	r = konorm_scan_clean(NULL, 0, NULL, 0, 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 0,
	         "NULL with length 0 is the empty string");
	KT_CHECK(t,
	         konorm_scan_clean(NULL, 3, out, 4, 0).status == KONORM_EINVAL,
	         "NULL with a length is an argument error");
}

static void
check_bad_input(struct kt *t)
{
	struct collected c;
	size_t off = 0;
	const char *bad = "abc \xFF def";
	KT_CHECK(t,
	         konorm_scan(bad, strlen(bad), 0, collect, &c, &off) ==
	                         KONORM_EINVAL_UTF8 &&
	                 off == 4,
	         "invalid byte reported at its offset (got %zu)", off);
	const char *cut = "abc \xED\x95";
	KT_CHECK(t,
	         konorm_scan(cut, strlen(cut), 0, collect, &c, &off) ==
	                         KONORM_ETRUNCATED &&
	                 off == 4,
	         "truncated sequence at the end reported (got %zu)", off);
	KT_CHECK(t, konorm_scan(NULL, 0, 0, collect, &c, NULL) == KONORM_OK,
	         "NULL with length 0 scans nothing");
	KT_CHECK(t, konorm_scan("x", 1, 0, NULL, NULL, NULL) == KONORM_EINVAL,
	         "no callback is an argument error");
	KT_CHECK(t, konorm_scanner_new(0x80000000u) == NULL,
	         "unknown flags are refused");
	struct konorm_scanner *s = konorm_scanner_new(0);
	struct konorm_in in = {bad, strlen(bad), 0};
	/* Invalid bytes are found when their paragraph is scanned. */
	enum konorm_status st = konorm_scanner_feed(s, &in);
	if (st == KONORM_OK) {
		st = konorm_scanner_finish(s);
	}
	KT_CHECK(t, st == KONORM_EINVAL_UTF8 && konorm_scanner_offset(s) == 4,
	         "streaming: invalid byte at its absolute offset");
	KT_CHECK(t, konorm_scanner_feed(s, &in) == KONORM_ESTATE,
	         "a failed handle refuses input until reset");
	konorm_scanner_reset(s);
	in.pos = 0;
	in.size = 3;
	KT_CHECK(t, konorm_scanner_feed(s, &in) == KONORM_OK,
	         "reset handle accepts input");
	konorm_scanner_free(s);
	konorm_scanner_free(NULL);
}

/* Scans text in chunks of `step` bytes and returns the findings. */
static void
scan_chunked(const char *s, size_t len, size_t step, struct collected *c)
{
	memset(c, 0, sizeof(*c));
	c->src = s;
	c->len = len;
	struct konorm_scanner *sc = konorm_scanner_new(0);
	struct konorm_finding f;
	for (size_t at = 0; at < len; at += step) {
		size_t n = len - at < step ? len - at : step;
		struct konorm_in in = {s + at, n, 0};
		while (in.pos < in.size) {
			if (konorm_scanner_feed(sc, &in) != KONORM_OK) {
				break;
			}
			while (konorm_scanner_next(sc, &f)) {
				collect(c, &f);
			}
		}
	}
	konorm_scanner_finish(sc);
	while (konorm_scanner_next(sc, &f)) {
		collect(c, &f);
	}
	konorm_scanner_free(sc);
}

static void
check_streaming(struct kt *t)
{
	const char *text =
	        "Officials in Seoul (서울) spoke.\n\n"
	        "upholding the regime, 카지노사이트 and supporting\n\n"
	        "a p\xD0\xB0ypal hel\xE2\x80\x8Blo\n";
	struct collected whole, part;
	scan_text(text, strlen(text), 0, &whole);
	KT_CHECK(t, whole.count == 3, "three findings (got %s)", whole.text);
	for (size_t step = 1; step <= 7; step++) {
		scan_chunked(text, strlen(text), step, &part);
		KT_CHECK(t, strcmp(whole.text, part.text) == 0,
		         "chunks of %zu: '%s' vs one-shot '%s'", step,
		         part.text, whole.text);
	}
	/* Lines and columns: the third paragraph, column in characters. */
	struct konorm_scanner *s =
	        konorm_scanner_new(KONORM_SCAN_KIND(KONORM_SCAN_INVISIBLE));
	struct konorm_in in = {text, strlen(text), 0};
	struct konorm_finding f = {0};
	int got = 0;
	while (in.pos < in.size && konorm_scanner_feed(s, &in) == KONORM_OK) {
		got += konorm_scanner_next(s, &f);
	}
	konorm_scanner_finish(s);
	got += konorm_scanner_next(s, &f);
	KT_CHECK(t,
	         got == 1 && f.line == 5 && f.column == 13 &&
	                 f.codepoint == 0x200B,
	         "invisible at 5:13 (got %d at %llu:%llu)", got,
	         (unsigned long long)f.line, (unsigned long long)f.column);
	konorm_scanner_free(s);
	/* Lines and columns count through paragraphs of plain Latin text
	 * (the fast path) too. */
	const char *plain =
	        "Plain text, café.\n\nSecond line\nx hel\xE2\x80\x8Blo\n";
	s = konorm_scanner_new(0);
	in = (struct konorm_in){plain, strlen(plain), 0};
	got = 0;
	while (in.pos < in.size && konorm_scanner_feed(s, &in) == KONORM_OK) {
		got += konorm_scanner_next(s, &f);
	}
	konorm_scanner_finish(s);
	got += konorm_scanner_next(s, &f);
	KT_CHECK(t, got == 1 && f.line == 4 && f.column == 6,
	         "after a plain paragraph: 4:6 (got %llu:%llu)",
	         (unsigned long long)f.line, (unsigned long long)f.column);
	konorm_scanner_free(s);
}

/* A paragraph longer than the hold-back cap is cut, not lost: a run
 * just past the first 64 KiB is still found at its absolute offset. */
static void
check_long_paragraph(struct kt *t)
{
	size_t fill = 70000;
	const char *tail = " regime, 카지노사이트 and more.";
	size_t len = fill + strlen(tail);
	char *text = malloc(len);
	for (size_t i = 0; i < fill; i++) {
		text[i] = i % 6 == 5 ? ' ' : "words"[i % 6];
	}
	memcpy(text + fill, tail, strlen(tail));
	struct collected c;
	scan_chunked(text, len, 4096, &c);
	char want[64];
	snprintf(want, sizeof(want), "foreign-run@%zu-%zu", fill + 9,
	         fill + 27);
	KT_CHECK(t, strcmp(c.text, want) == 0,
	         "long paragraph: got '%s' want "
	         "'%s'",
	         c.text, want);
	free(text);
}

static void
check_flags(struct kt *t)
{
	const char *in = "your p\xD0\xB0ypal hel\xE2\x80\x8Blo";
	struct collected c;
	scan_text(in, strlen(in), KONORM_SCAN_KIND(KONORM_SCAN_INVISIBLE), &c);
	KT_CHECK(t, strcmp(c.text, "invisible@16-19") == 0,
	         "--kinds selects (got %s)", c.text);
	/* A weakly suspicious single letter: only high sensitivity. */
	const char *weak = "The letter \xD0\x96 is Cyrillic zhe.";
	scan_text(weak, strlen(weak), KONORM_SCAN_SENSITIVITY(1), &c);
	KT_CHECK(t, c.count == 0, "sensitivity 1 stays quiet (got %s)", c.text);
	/* Selecting a kind does not change its findings: bidi controls
	 * around an Arabic spam run in English are flagged either way. */
	const char *rtl_spam =
	        "The deal \xE2\x80\xAE\xD9\x83\xD8\xA7\xD8\xB2"
	        "\xD9\x8A\xD9\x86\xD9\x88 \xE2\x80\xAC was signed.";
	struct collected all;
	scan_text(rtl_spam, strlen(rtl_spam), 0, &all);
	scan_text(rtl_spam, strlen(rtl_spam),
	          KONORM_SCAN_KIND(KONORM_SCAN_BIDI_CONTROL), &c);
	KT_CHECK(t,
	         strcmp(all.text, "bidi-control@9-12 foreign-run@12-24 "
	                          "bidi-control@25-28") == 0 &&
	                 strcmp(c.text,
	                        "bidi-control@9-12 bidi-control@25-28") == 0,
	         "bidi kinds alone (got '%s' and '%s')", all.text, c.text);
	const char *bom = "\xEF\xBB\xBFHi";
	scan_text(bom, strlen(bom), KONORM_SCAN_FLAG_BOM, &c);
	KT_CHECK(t, strcmp(c.text, "invisible@0-3") == 0,
	         "KONORM_SCAN_FLAG_BOM reports a leading BOM (got %s)", c.text);
	KT_CHECK(t,
	         konorm_scan_kind_from_name("wrong-layout", 12) ==
	                         KONORM_SCAN_WRONG_LAYOUT &&
	                 konorm_scan_kind_from_name("nope", 4) == -1 &&
	                 strcmp(konorm_scan_kind_name(99), "unknown") == 0,
	         "kind names");
}

void
suite_scan(struct kt *t)
{
	check_clean(t);
	check_dirty(t);
	check_clean_up(t);
	check_bad_input(t);
	check_streaming(t);
	check_long_paragraph(t);
	check_flags(t);
}
