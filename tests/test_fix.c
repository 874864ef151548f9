/* SPDX-License-Identifier: MIT */
/* Mojibake repair (src/fix.c, src/mojibake.c). */
#include "../src/internal.h"
#include "../src/mojibake.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Garbled inputs written with escapes where the garbling has C1
 * controls, so the file stays readable. */
static const struct {
	const char *description;
	const char *input;
	const char *expected;
} repair_cases[] = {
	{"UTF-8 as cp1252", "ì•ˆë…•í•˜ì„¸ìš”", "안녕하세요"},
	{"UTF-8 as cp1252, sentence", "ì•ˆë…•í•˜ì„¸ìš” ì—¬ëŸ¬ë¶„",
	 "안녕하세요 여러분"},
	{"UTF-8 as cp1252, undefined byte kept as C1 (U+008D)",
	 "í…\xC2\x8DìŠ¤íŠ¸", "텍스트"},
	{"UTF-8 as Latin-1 (C1 controls)",
	 "\xC3\xAD\xC2\x95\xC2\x9C\xC3\xAA\xC2\xB8\xC2\x80", "한글"},
	{"UTF-8 as Mac OS Roman", "ÌïúÍ∏Ä ÌÖçÏä§Ìä∏", "한글 텍스트"},
	{"English punctuation", "donâ€™t stop", "don’t stop"},
	{"English punctuation, Mac OS Roman", "don‚Äôt", "don’t"},
	{"Latin-1 letter", "cafÃ© au lait", "café au lait"},
	{"Latin-1 letter, Mac OS Roman", "caf√©", "café"},
	{"emoji (four bytes)", "ðŸ˜€ ok", "😀 ok"},
	{"CP949 as cp1252", "ÇÑ±Û", "한글"},
	{"CP949 as Latin-1", "¾È³çÇÏ¼¼¿ä", "안녕하세요"},
	{"CP949 with an ASCII trail byte (똠 = 8C 63)", "\xC2\x8C" "c¹æ°¢ÇÏ",
	 "똠방각하"},
	{"CP949 sentence with punctuation",
	 "¾È³çÇÏ¼¼¿ä ¿©·¯ºÐ, ¹Ý°©½À´Ï´Ù.", "안녕하세요 여러분, 반갑습니다."},
	{"double UTF-8", "ÃƒÂ©tÃƒÂ©", "été"},
	{"double UTF-8, Korean", "Ã­â€¢Å“ÃªÂ¸â‚¬", "한글"},
	{"UTF-8 layer over CP949", "Ã‡Ã‘Â±Ã›", "한글"},
	{"garbled and clean on one line", "안녕 ì•ˆë…• hello Ã©tÃ© 한글",
	 "안녕 안녕 hello été 한글"},
	{"garbled word glued to clean text", "WebExtensionsÀÌ ÄíÅ°",
	 "WebExtensions이 쿠키"},
	{"two mistakes on one line", "ì•ˆë…• and ÇÑ±Û", "안녕 and 한글"},
	{"result is NFC", "e\xCC\x81 ì•ˆ", "\xC3\xA9 안"},
};

/* Clean text: must come back byte for byte (already NFC). */
static const char *const clean_cases[] = {
	"", "plain ASCII", "naïve", "Straße", "Français", "¡Olé!", "Brontë",
	"¼ ℉ £5 ₩ ②", "안녕하세요", "한글(Hangeul)", "大韓民國", "日本語です",
	"中文文本", "Привет, мир!", "Ελληνικά", "ÀÁÂÃÄÅ", "Ärger", "Ångström",
	"créée", "«élan»", "“Éric”", "SÃO PAULO", "Smørrebrød", "Œuvre",
	"½ cup, 2°C, ±5%", "don’t “quote” — dash … end", "똠방각하",
	"뭐? 大韓民國? 你好吗?", "😀👍", "x² ≠ y³", "Dvořák", "Łódź",
	"µ-law ª º", "Ç'est", "→ ← ↑ ↓ ※ 「인용」 ㎏",
};

/* Irreversible damage: left unchanged, reported with this kind. */
static const struct {
	const char *description;
	const char *input;
	const char *kind;
} irreversible_cases[] = {
	{"占쏙옙", "이름: 占쏙옙占쏙옙", "replacement-cp949"},
	{"占 ... 옙 with other syllables", "URL 占싸듸옙", "replacement-cp949"},
	{"U+FFFD run", "abc \xEF\xBF\xBD\xEF\xBF\xBD def", "replacement-run"},
	{"UTF-8 as CP949 with '?'", "?덈뀞?섏꽭?? 여러분", "question-marks"},
	{"UTF-8 as CP949, two words", "?걹 ?떆媛?", "question-marks"},
	/* 반환합니다. 표준 분포 곡선: 포 is ED 8F AC, its 8F dropped. */
	{"C1 control stripped after cp1252",
	 "ë°˜í™˜í•©ë‹ˆë‹¤. í‘œì¤€ ë¶„í¬ ê³¡ì„\xC2\xA0", "c1-stripped"},
};

static struct konorm_result
fix_alloc(const char *in, size_t len, uint32_t flags, char **out)
{
	struct konorm_result r = konorm_fix(in, len, NULL, 0, flags);
	*out = malloc(r.needed + 1);
	if (r.status == KONORM_EBUFSIZE || r.status == KONORM_OK) {
		r = konorm_fix(in, len, *out, r.needed + 1, flags);
	}
	return r;
}

static void
check_repairs(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(repair_cases); i++) {
		const char *in = repair_cases[i].input;
		char *out;
		struct konorm_result r = fix_alloc(in, strlen(in), 0, &out);
		KT_CHECK(t, r.status == KONORM_OK, "%s: status %d",
		         repair_cases[i].description, r.status);
		KT_STR(t, out, r.needed, repair_cases[i].expected,
		       repair_cases[i].description);
		/* Idempotent: the repaired text stays as it is. */
		char *again;
		struct konorm_result r2 = fix_alloc(out, r.needed, 0, &again);
		KT_BYTES(t, again, r2.needed, out, r.needed,
		         repair_cases[i].description);
		free(again);
		free(out);
	}
}

static void
check_clean(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(clean_cases); i++) {
		const char *in = clean_cases[i];
		char *out;
		struct konorm_result r = fix_alloc(in, strlen(in), 0, &out);
		KT_CHECK(t, r.status == KONORM_OK, "clean %s: status %d", in,
		         r.status);
		KT_STR(t, out, r.needed, in, in);
		KT_CHECK(t, kn_mojibake_find((const uint8_t *)in, strlen(in),
		                             NULL, 0) == 0,
		         "clean %s: no span", in);
		free(out);
	}
}

struct collected {
	char kinds[8][32];
	uint64_t start[8], end[8];
	int repaired[8];
	size_t n;
};

static void
collect(void *ctx, const struct konorm_repair *r)
{
	struct collected *c = ctx;
	if (c->n < 8) {
		snprintf(c->kinds[c->n], sizeof(c->kinds[0]), "%s", r->kind);
		c->start[c->n] = r->start;
		c->end[c->n] = r->end;
		c->repaired[c->n] = r->repaired;
	}
	c->n++;
}

static void
check_irreversible(struct kt *t)
{
	char out[512];
	for (size_t i = 0; i < KN_ARRAY_LEN(irreversible_cases); i++) {
		const char *in = irreversible_cases[i].input;
		struct collected c = {0};
		struct konorm_result r =
		        konorm_fix_report(in, strlen(in), out, sizeof(out), 0,
		                          collect, &c);
		const char *d = irreversible_cases[i].description;
		KT_CHECK(t, r.status == KONORM_OK, "%s: status %d", d,
		         r.status);
		KT_STR(t, out, r.needed, in, d);
		bool found = false;
		for (size_t k = 0; k < c.n && k < 8; k++) {
			const char *want = irreversible_cases[i].kind;
			found |= !c.repaired[k] &&
			         strcmp(c.kinds[k], want) == 0;
		}
		KT_CHECK(t, found, "%s: reported as %s (got %zu reports)", d,
		         irreversible_cases[i].kind, c.n);
	}
}

static void
check_report_offsets(struct kt *t)
{
	/* "ok " 0..3, ì•ˆ 3..10 (2 + 3 + 2 bytes), " " 10, ÇÑ±Û 11..19 */
	const char *in = "ok ì•ˆ ÇÑ±Û";
	struct collected c = {0};
	char out[64];
	struct konorm_result r = konorm_fix_report(in, strlen(in), out,
	                                           sizeof(out), 0, collect, &c);
	KT_STR(t, out, r.needed, "ok 안 한글", "two repairs");
	KT_CHECK(t, c.n == 2, "two reports, got %zu", c.n);
	KT_CHECK(t, c.n >= 1 && c.start[0] == 3 && c.end[0] == 10 &&
	                    strcmp(c.kinds[0], "utf8-as-cp1252") == 0 &&
	                    c.repaired[0],
	         "first report: %s [%llu, %llu)", c.kinds[0],
	         (unsigned long long)c.start[0], (unsigned long long)c.end[0]);
	KT_CHECK(t, c.n >= 2 && c.start[1] == 11 && c.end[1] == 19 &&
	                    strcmp(c.kinds[1], "cp949-as-cp1252") == 0,
	         "second report: %s [%llu, %llu)", c.kinds[1],
	         (unsigned long long)c.start[1], (unsigned long long)c.end[1]);
}

static void
check_arguments(struct kt *t)
{
	char out[16] = "xxxxxxxxxxxxxxx";
	struct konorm_result r = konorm_fix(NULL, 0, out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 0,
	         "NULL with length 0 is the empty string");
	r = konorm_fix(NULL, 3, out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_EINVAL, "NULL with length 3");
	r = konorm_fix("a", 1, out, sizeof(out), 0x8000u);
	KT_CHECK(t, r.status == KONORM_EINVAL, "unknown flag");
	KT_CHECK(t, konorm_fixer_new(0x8000u) == NULL,
	         "fixer: unknown flag");
	/* Preflight. */
	r = konorm_fix("ì•ˆ", strlen("ì•ˆ"), NULL, 0, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 3,
	         "preflight: status %d needed %zu", r.status, r.needed);
	/* Exact fit versus one byte short: the prefix ends on a character
	 * boundary. */
	r = konorm_fix("aì•ˆ", strlen("aì•ˆ"), out, 4, 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 4 &&
	                    memcmp(out, "a안", 4) == 0,
	         "exact fit");
	memset(out, 'x', sizeof(out));
	r = konorm_fix("aì•ˆ", strlen("aì•ˆ"), out, 3, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 4 &&
	                    out[0] == 'a' && out[1] == 'x',
	         "short buffer keeps a whole-character prefix");
}

static void
check_invalid_input(struct kt *t)
{
	char out[64];
	const char *bad = "ok ì•ˆ \xFF tail";
	struct konorm_result r = konorm_fix(bad, strlen(bad), out,
	                                    sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 11,
	         "invalid byte: status %d offset %zu", r.status, r.offset);
	KT_STR(t, out, r.needed, "ok 안 ", "fixed text before the error");
	const char *cut = "ab\xED\x95";
	r = konorm_fix(cut, 4, out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_ETRUNCATED && r.offset == 2,
	         "truncated at the end: status %d offset %zu", r.status,
	         r.offset);
	r = konorm_fix(bad, strlen(bad), out, sizeof(out), KONORM_REPLACE);
	KT_CHECK(t, r.status == KONORM_OK && r.replaced == 1,
	         "replace: status %d replaced %zu", r.status, r.replaced);
	KT_STR(t, out, r.needed, "ok 안 \xEF\xBF\xBD tail", "replaced");
	r = konorm_fix(cut, 4, out, sizeof(out), KONORM_REPLACE);
	KT_STR(t, out, r.needed, "ab\xEF\xBF\xBD", "truncated, replaced");
}

/* --replace writes U+FFFD for invalid input: those are counted as
 * replacements, not reported as irreversible mojibake; a U+FFFD that came
 * with the text still is, at its offset in the caller's input (the
 * three bytes of an inserted U+FFFD stand for the invalid bytes). */
static void
check_replace_reports(struct kt *t)
{
	char out[128];
	struct collected c = {0};
	const char *bad = "hello \xFF\xFE world";
	struct konorm_result r =
	        konorm_fix_report(bad, strlen(bad), out, sizeof(out),
	                          KONORM_REPLACE, collect, &c);
	KT_CHECK(t, r.status == KONORM_OK && r.replaced == 2,
	         "invalid bytes: status %d replaced %zu", r.status, r.replaced);
	KT_CHECK(t, c.n == 0, "inserted U+FFFD not reported, got %zu", c.n);
	/* "x " 0..2, FF 2, " " 3, U+FFFD 4..7 (in the input), 한 7..10,
	 * U+FFFD 10..13 */
	const char *mixed = "x \xFF \xEF\xBF\xBD\xED\x95\x9C\xEF\xBF\xBD";
	c = (struct collected){0};
	r = konorm_fix_report(mixed, strlen(mixed), out, sizeof(out),
	                      KONORM_REPLACE, collect, &c);
	KT_CHECK(t, r.status == KONORM_OK && r.replaced == 1,
	         "mixed: status %d replaced %zu", r.status, r.replaced);
	KT_CHECK(t, c.n >= 1 && !c.repaired[0] &&
	                    strcmp(c.kinds[0], "replacement-run") == 0 &&
	                    c.start[0] == 4,
	         "U+FFFD of the text reported at input offset 4, got %zu "
	         "reports, first at %llu",
	         c.n, c.n ? (unsigned long long)c.start[0] : 0ULL);
	KT_CHECK(t, c.n >= 1 && c.end[c.n - 1] == 13,
	         "last report ends at input offset 13, got %llu",
	         c.n ? (unsigned long long)c.end[c.n - 1] : 0ULL);
}

/* Feeds text in chunks of `chunk` bytes through an output window of
 * `room` bytes; returns the output (malloc'd) or NULL on an error. */
static char *
stream_fix(const char *text, size_t len, size_t chunk, size_t room,
           uint32_t flags, size_t *out_len, enum konorm_status *st)
{
	struct konorm_fixer *f = konorm_fixer_new(flags);
	size_t cap = 4 * len + 64, n = 0;
	char *out = malloc(cap);
	*st = KONORM_OK;
	for (size_t pos = 0; pos < len && *st == KONORM_OK;) {
		size_t k = len - pos < chunk ? len - pos : chunk;
		struct konorm_in in = {text + pos, k, 0};
		do {
			size_t w = cap - n < room ? cap - n : room;
			struct konorm_out o = {out + n, w, 0};
			*st = konorm_fixer_feed(f, &in, &o);
			n += o.pos;
		} while (*st == KONORM_EBUFSIZE);
		pos += k;
	}
	while (*st == KONORM_OK || *st == KONORM_EBUFSIZE) {
		size_t w = cap - n < room ? cap - n : room;
		struct konorm_out o = {out + n, w, 0};
		*st = konorm_fixer_finish(f, &o);
		n += o.pos;
		if (*st == KONORM_OK) {
			break;
		}
	}
	konorm_fixer_free(f);
	*out_len = n;
	return out;
}

static void
check_streaming(struct kt *t)
{
	const char *text =
	        "first line is clean: naïve 한글\n"
	        "ì•ˆë…•í•˜ì„¸ìš” ì—¬ëŸ¬ë¶„, donâ€™t\n"
	        "¾È³çÇÏ¼¼¿ä ÃƒÂ©tÃƒÂ© 占쏙옙\n"
	        "no newline at the end: Ã©";
	size_t len = strlen(text);
	char *want;
	struct konorm_result r = fix_alloc(text, len, 0, &want);
	KT_CHECK(t, r.status == KONORM_OK, "one-shot status %d", r.status);
	unsigned long bad = 0;
	for (size_t chunk = 1; chunk <= len; chunk++) {
		size_t room = chunk % 7 + 1;
		size_t n;
		enum konorm_status st;
		char *got = stream_fix(text, len, chunk, room, 0, &n, &st);
		if (st != KONORM_OK || n != r.needed ||
		    memcmp(got, want, n) != 0) {
			bad++;
		}
		free(got);
	}
	KT_CHECK(t, bad == 0, "%lu chunkings differ from one-shot", bad);
	free(want);

	/* An invalid byte in the third line: absolute offset. */
	const char *inv = "a\nb\nc\xFF\n";
	size_t n;
	enum konorm_status st;
	struct konorm_fixer *f = konorm_fixer_new(0);
	char out[32];
	struct konorm_in in = {inv, strlen(inv), 0};
	struct konorm_out o = {out, sizeof(out), 0};
	st = konorm_fixer_feed(f, &in, &o);
	KT_CHECK(t, st == KONORM_EINVAL_UTF8 && konorm_fixer_offset(f) == 5,
	         "stream error: status %d offset %llu", st,
	         (unsigned long long)konorm_fixer_offset(f));
	KT_STR(t, out, o.pos, "a\nb\n", "lines before the error");
	KT_CHECK(t, konorm_fixer_feed(f, &in, &o) == KONORM_EINVAL_UTF8,
	         "the handle stays in error");
	konorm_fixer_free(f);

	/* Truncated at the end of the stream. */
	char *got = stream_fix("ok\xED\x95", 4, 2, 8, 0, &n, &st);
	KT_CHECK(t, st == KONORM_ETRUNCATED, "stream truncated: %d", st);
	free(got);
	got = stream_fix("ok\xED\x95", 4, 3, 8, KONORM_REPLACE, &n, &st);
	KT_CHECK(t, st == KONORM_OK, "stream replace: %d", st);
	KT_STR(t, got, n, "ok\xEF\xBF\xBD", "stream replace output");
	free(got);
}

/* A line far longer than KONORM_FIX_MAX_LINE: held back in pieces, and
 * still fixed as the one-shot function fixes it. */
static void
check_long_line(struct kt *t)
{
	const char *unit = "ì•ˆë…•í•˜ì„¸ìš” hello, world. ÇÑ±Û 123 ";
	size_t ul = strlen(unit), reps = 3 * KONORM_FIX_MAX_LINE / ul;
	char *text = malloc(ul * reps + 1);
	for (size_t i = 0; i < reps; i++) {
		memcpy(text + i * ul, unit, ul);
	}
	size_t len = ul * reps;
	char *want;
	struct konorm_result r = fix_alloc(text, len, 0, &want);
	size_t n;
	enum konorm_status st;
	char *got = stream_fix(text, len, 4096, 1 << 16, 0, &n, &st);
	KT_CHECK(t, st == KONORM_OK && r.status == KONORM_OK,
	         "long line: %d %d", st, r.status);
	KT_BYTES(t, got, n, want, r.needed, "long line: stream = one-shot");
	KT_CHECK(t, strstr(want, "ì") == NULL && strstr(want, "안녕") != NULL,
	         "long line: everything repaired");
	free(got);
	free(want);
	free(text);

	/* Korean with no space or ASCII at all, garbled words inside: the
	 * cut falls before a Hangul syllable, never inside a garbled word. */
	const char *ko = "안녕하세요여러분반갑습니다";
	const char *garbled = "ì•ˆë…•í•˜ì„¸ìš”";
	size_t kl = strlen(ko), gl = strlen(garbled);
	size_t per = 7 * kl + gl, units = 3 * KONORM_FIX_MAX_LINE / per;
	text = malloc(units * per + 1);
	for (size_t i = 0; i < units; i++) {
		for (size_t k = 0; k < 7; k++) {
			memcpy(text + i * per + k * kl, ko, kl);
		}
		memcpy(text + i * per + 7 * kl, garbled, gl);
	}
	len = units * per;
	r = fix_alloc(text, len, 0, &want);
	got = stream_fix(text, len, 65536, 1 << 20, 0, &n, &st);
	KT_CHECK(t, st == KONORM_OK && r.status == KONORM_OK,
	         "long Korean line: %d %d", st, r.status);
	KT_BYTES(t, got, n, want, r.needed,
	         "long Korean line: stream = one-shot");
	KT_CHECK(t, strstr(want, "ì") == NULL,
	         "long Korean line: every garbled word repaired");
	free(got);
	free(want);
	free(text);
}

static void
check_find(struct kt *t)
{
	const char *s = "x ì•ˆ y 占쏙옙";
	struct kn_mojibake_span sp[4];
	size_t n = kn_mojibake_find((const uint8_t *)s, strlen(s), sp, 4);
	KT_CHECK(t, n == 2, "two spans, got %zu", n);
	/* "x " 0..2, ì•ˆ 2..9, " y " 9..12, 占쏙옙 12..21 */
	KT_CHECK(t, n >= 2 && sp[0].start == 2 && sp[0].end == 9 &&
	                    sp[0].repairable &&
	                    sp[0].kind == KN_MOJI_UTF8_AS_CP1252,
	         "first span");
	KT_CHECK(t, n >= 2 && sp[1].start == 12 && sp[1].end == 21 &&
	                    !sp[1].repairable &&
	                    sp[1].kind == KN_MOJI_REPLACEMENT_CP949,
	         "second span");
	KT_CHECK(t, kn_mojibake_find((const uint8_t *)s, strlen(s), sp, 1) ==
	                 2,
	         "count is the total even when max is smaller");
	KT_CHECK(t, strcmp(kn_mojibake_kind_name(KN_MOJI_DOUBLE_UTF8),
	                   "double-utf8") == 0 &&
	                 strcmp(kn_mojibake_kind_name(KN_MOJI_KIND_COUNT),
	                        "unknown") == 0,
	         "kind names");
	KT_CHECK(t, kn_mojibake_kind_irreversible(KN_MOJI_QUESTION_MARKS) &&
	                 !kn_mojibake_kind_irreversible(KN_MOJI_UTF8_AS_LATIN1),
	         "irreversible kinds");
	/* Every span lies on character boundaries inside the input. */
	const char *m = "Ã©ì•ˆ¾È?덈뀞?섏꽭??\xEF\xBF\xBDÇÑ";
	size_t len = strlen(m);
	struct kn_mojibake_span many[16];
	size_t k = kn_mojibake_find((const uint8_t *)m, len, many, 16);
	bool ok = k > 0 && k <= 16;
	for (size_t i = 0; ok && i < k; i++) {
		ok = many[i].start < many[i].end && many[i].end <= len &&
		     ((uint8_t)m[many[i].start] & 0xC0) != 0x80 &&
		     (many[i].end == len ||
		      ((uint8_t)m[many[i].end] & 0xC0) != 0x80) &&
		     (i == 0 || many[i - 1].end <= many[i].start);
	}
	KT_CHECK(t, ok, "spans in order, on boundaries (%zu)", k);
}

/*
 * tests/fix/pairs.tsv: KIND TAB GARBLED TAB EXPECTED, built by
 * bench/fix/make_pairs.py from the allowed corpora (tests/fix/README.md).
 * Repairable kinds must give EXPECTED (in NFC), irreversible kinds must be
 * reported and left as they are, clean text must not change.  Lines
 * listed in tests/fix/known-failures.txt must still fail (so that the
 * list stays honest).
 */
static bool
is_known_failure(const char *list, size_t lineno)
{
	char key[32];
	snprintf(key, sizeof(key), "\n%zu\t", lineno);
	return list != NULL && strstr(list, key) != NULL;
}

static bool
check_pair(const char *kind, const char *garbled, const char *expected)
{
	size_t gl = strlen(garbled);
	struct collected c = {0};
	struct konorm_result r = konorm_fix_report(garbled, gl, NULL, 0, 0,
	                                           collect, &c);
	char *out = malloc(r.needed + 1);
	c.n = 0;
	r = konorm_fix_report(garbled, gl, out, r.needed + 1, 0, collect, &c);
	bool ok = r.status == KONORM_OK;
	if (strcmp(kind, "clean") == 0) {
		struct konorm_result nr = konorm_normalize(garbled, gl, NULL,
		                                           0, KONORM_NFC);
		char *nfc = malloc(nr.needed + 1);
		nr = konorm_normalize(garbled, gl, nfc, nr.needed + 1,
		                      KONORM_NFC);
		ok = ok && r.needed == nr.needed &&
		     memcmp(out, nfc, nr.needed) == 0 && c.n == 0;
		free(nfc);
	} else if (*expected == '\0') {
		bool reported = false;
		for (size_t k = 0; k < c.n && k < 8; k++) {
			reported |= !c.repaired[k];
		}
		ok = ok && reported;
	} else {
		size_t el = strlen(expected);
		struct konorm_result nr =
		        konorm_normalize(expected, el, NULL, 0, KONORM_NFC);
		char *nfc = malloc(nr.needed + 1);
		nr = konorm_normalize(expected, el, nfc, nr.needed + 1,
		                      KONORM_NFC);
		ok = ok && r.needed == nr.needed &&
		     memcmp(out, nfc, nr.needed) == 0;
		free(nfc);
	}
	free(out);
	return ok;
}

static void
check_pairs_file(struct kt *t)
{
	char *path = kt_path(kt_source_dir(), "tests/fix/pairs.tsv");
	char *kpath = kt_path(kt_source_dir(), "tests/fix/known-failures.txt");
	size_t len, klen;
	char *text = kt_read_file(t, path, &len);
	char *known_raw = kt_read_file(t, kpath, &klen);
	/* A leading newline lets every entry be found as "\nN\t". */
	char *known = NULL;
	if (known_raw != NULL) {
		known = malloc(klen + 2);
		known[0] = '\n';
		memcpy(known + 1, known_raw, klen);
		known[klen + 1] = '\0';
	}
	size_t lines = 0, failed = 0, fixed_known = 0;
	for (char *line = text, *next; line != NULL && *line; line = next) {
		next = strchr(line, '\n');
		if (next != NULL) {
			*next++ = '\0';
		}
		lines++;
		char *garbled = strchr(line, '\t');
		char *expected = garbled ? strchr(garbled + 1, '\t') : NULL;
		if (!KT_CHECK(t, expected != NULL, "pairs.tsv:%zu: malformed",
		              lines)) {
			continue;
		}
		*garbled++ = '\0';
		*expected++ = '\0';
		bool ok = check_pair(line, garbled, expected);
		bool known_fail = is_known_failure(known, lines);
		if (known_fail) {
			fixed_known += ok;
		} else if (!ok) {
			failed++;
			KT_CHECK(t, false, "pairs.tsv:%zu (%s): %.80s", lines,
			         line, garbled);
		}
	}
	KT_CHECK(t, lines >= 500, "pairs.tsv has %zu lines", lines);
	KT_CHECK(t, failed == 0, "%zu pairs fail", failed);
	KT_CHECK(t, fixed_known == 0,
	         "%zu known failures now pass: update known-failures.txt",
	         fixed_known);
	free(text);
	free(known_raw);
	free(known);
	free(path);
	free(kpath);
}

void
suite_fix(struct kt *t)
{
	check_repairs(t);
	check_clean(t);
	check_irreversible(t);
	check_report_offsets(t);
	check_arguments(t);
	check_invalid_input(t);
	check_replace_reports(t);
	check_streaming(t);
	check_long_line(t);
	check_find(t);
	check_pairs_file(t);
}
