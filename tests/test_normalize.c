/* SPDX-License-Identifier: MIT */
/*
 * Normalization: Unicode 15.0 NormalizationTest.txt (every invariant of
 * both parts), Hangul edges, invalid UTF-8, buffers, streaming at every
 * chunk size from 1 to 64, and a differential check against ICU.
 */
#include "../src/internal.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static const uint32_t forms[] = {KONORM_NFC, KONORM_NFD, KONORM_NFKC,
                                 KONORM_NFKD};
static const char *const form_names[] = {"NFC", "NFD", "NFKC", "NFKD"};

/* Normalizes into a malloc'd string (NULL on error). */
static char *
norm(const char *s, size_t len, uint32_t flags, size_t *out_len)
{
	char *out = NULL;
	struct konorm_result r =
	        konorm_normalize_alloc(s, len, &out, out_len, flags);
	return r.status == KONORM_OK ? out : NULL;
}

/* ---- NormalizationTest.txt -------------------------------------------- */

/* Parses "0044 0307" into UTF-8. */
static size_t
parse_hex_field(const char *f, const char *end, char *out)
{
	size_t n = 0;
	while (f < end) {
		char *e;
		unsigned long cp = strtoul(f, &e, 16);
		if (e == f) {
			break;
		}
		n += (size_t)kn_utf8_encode((uint32_t)cp, (uint8_t *)out + n);
		f = e;
		while (f < end && *f == ' ') {
			f++;
		}
	}
	return n;
}

struct conformance {
	unsigned long lines;
	unsigned long failures;
	char *all_c1; /* column 1 of every line, newline-separated */
	size_t all_c1_len;
	char *all_want[4]; /* the expected forms of all_c1 */
	size_t all_want_len[4];
	size_t all_cap;
	size_t want_cap[4];
	bool in_part1;
	uint8_t *listed; /* part 1 code points, a bitmap */
};

static void
append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = realloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/* The invariants of NormalizationTest.txt's header: for each form, which
 * column every column must normalize to (1-based). */
static const int expect_col[4][5] = {
	/* NFC */ {2, 2, 2, 4, 4},
	/* NFD */ {3, 3, 3, 5, 5},
	/* NFKC */ {4, 4, 4, 4, 4},
	/* NFKD */ {5, 5, 5, 5, 5},
};

static void
check_line(struct kt *t, struct conformance *c, char col[5][256],
           size_t len[5], int lineno)
{
	for (int f = 0; f < 4; f++) {
		for (int k = 0; k < 5; k++) {
			size_t got_len = 0;
			char *got = norm(col[k], len[k], forms[f], &got_len);
			int want = expect_col[f][k] - 1;
			bool ok = got != NULL && got_len == len[want] &&
			          memcmp(got, col[want], got_len) == 0;
			if (!ok && c->failures++ < 20) {
				KT_CHECK(t, false,
				         "NormalizationTest line %d: %s(c%d) != "
				         "c%d",
				         lineno, form_names[f], k + 1, want + 1);
			}
			free(got);
		}
	}
}

static void
remember_line(struct conformance *c, char col[5][256], size_t len[5])
{
	append(&c->all_c1, &c->all_c1_len, &c->all_cap, col[0], len[0]);
	append(&c->all_c1, &c->all_c1_len, &c->all_cap, "\n", 1);
	for (int f = 0; f < 4; f++) {
		int k = expect_col[f][0] - 1;
		append(&c->all_want[f], &c->all_want_len[f], &c->want_cap[f],
		       col[k], len[k]);
		append(&c->all_want[f], &c->all_want_len[f], &c->want_cap[f],
		       "\n", 1);
	}
}

static void
check_conformance_file(struct kt *t, struct conformance *c)
{
	char *path = kt_path(kt_build_dir(), "tests/NormalizationTest.txt");
	FILE *f = fopen(path, "r");
	free(path);
	if (!KT_CHECK(t, f != NULL, "NormalizationTest.txt not built")) {
		return;
	}
	char line[2048];
	int lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (strncmp(line, "@Part", 5) == 0) {
			c->in_part1 = strncmp(line, "@Part1", 6) == 0;
			continue;
		}
		if (line[0] == '#' || line[0] == '\n') {
			continue;
		}
		char col[5][256];
		size_t len[5];
		const char *p = line;
		for (int k = 0; k < 5; k++) {
			const char *semi = strchr(p, ';');
			if (semi == NULL) {
				break;
			}
			len[k] = parse_hex_field(p, semi, col[k]);
			p = semi + 1;
		}
		if (c->in_part1) {
			uint32_t cp = 0;
			kn_utf8_decode((const uint8_t *)col[0], len[0], &cp);
			c->listed[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		}
		check_line(t, c, col, len, lineno);
		remember_line(c, col, len);
		c->lines++;
	}
	fclose(f);
	KT_CHECK(t, c->lines > 19000, "NormalizationTest.txt has %lu lines",
	         c->lines);
	KT_CHECK(t, c->failures == 0,
	         "NormalizationTest.txt: %lu failed invariants", c->failures);
}

/* Part 2: every code point not listed in part 1 is unchanged by all
 * four forms (surrogates are not scalar values and cannot be tested). */
static void
check_unlisted_unchanged(struct kt *t, const struct conformance *c)
{
	unsigned long bad = 0, tested = 0;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if ((cp >= 0xD800 && cp <= 0xDFFF) ||
		    (c->listed[cp >> 3] & (1u << (cp & 7)))) {
			continue;
		}
		char in[4], out[64];
		size_t n = (size_t)kn_utf8_encode(cp, (uint8_t *)in);
		for (int f = 0; f < 4; f++) {
			struct konorm_result r =
			        konorm_normalize(in, n, out, sizeof(out), forms[f]);
			if (r.status != KONORM_OK || r.needed != n ||
			    memcmp(in, out, n) != 0) {
				if (bad++ < 5) {
					KT_CHECK(t, false,
					         "part 2: %s changes U+%04X",
					         form_names[f], (unsigned)cp);
				}
			}
		}
		tested++;
	}
	KT_CHECK(t, bad == 0 && tested > 1000000,
	         "part 2: %lu of %lu code points changed", bad, tested);
}

/* Streams `in` through a handle in chunks of `chunk` bytes with an output
 * buffer of `outcap` bytes; returns the output (malloc'd). */
static char *
stream(const char *in, size_t len, uint32_t flags, size_t chunk,
       size_t outcap, size_t *out_len, enum konorm_status *status)
{
	struct konorm_normalizer *n = konorm_normalizer_new(flags);
	size_t cap = len * 4 + 64, total = 0;
	char *out = malloc(cap);
	char *buf = malloc(outcap);
	enum konorm_status st = KONORM_OK;
	for (size_t pos = 0; pos < len && st == KONORM_OK; pos += chunk) {
		size_t k = len - pos < chunk ? len - pos : chunk;
		struct konorm_in ci = {in + pos, k, 0};
		do {
			struct konorm_out co = {buf, outcap, 0};
			st = konorm_normalizer_feed(n, &ci, &co);
			memcpy(out + total, buf, co.pos);
			total += co.pos;
		} while (st == KONORM_EBUFSIZE);
	}
	if (st == KONORM_OK) {
		do {
			struct konorm_out co = {buf, outcap, 0};
			st = konorm_normalizer_finish(n, &co);
			memcpy(out + total, buf, co.pos);
			total += co.pos;
		} while (st == KONORM_EBUFSIZE);
	}
	konorm_normalizer_free(n);
	free(buf);
	*out_len = total;
	*status = st;
	return out;
}

/* The whole column 1, normalized one-shot and streamed at every chunk
 * size 1..64, equals the expected columns joined the same way. */
static void
check_chunked_conformance(struct kt *t, const struct conformance *c)
{
	for (int f = 0; f < 4; f++) {
		size_t len = 0;
		char *one = norm(c->all_c1, c->all_c1_len, forms[f], &len);
		char what[64];
		snprintf(what, sizeof(what), "%s of all of column 1",
		         form_names[f]);
		KT_BYTES(t, one, one ? len : 0, c->all_want[f],
		         c->all_want_len[f], what);
		free(one);
		unsigned long bad = 0;
		for (size_t chunk = 1; chunk <= 64; chunk++) {
			enum konorm_status st;
			size_t outcap = chunk % 7 == 0 ? 4 : 4096;
			char *s = stream(c->all_c1, c->all_c1_len, forms[f],
			                 chunk, outcap, &len, &st);
			if (st != KONORM_OK || len != c->all_want_len[f] ||
			    memcmp(s, c->all_want[f], len) != 0) {
				if (bad++ < 3) {
					KT_CHECK(t, false,
					         "%s streamed in chunks of %zu "
					         "differs",
					         form_names[f], chunk);
				}
			}
			free(s);
		}
		KT_CHECK(t, bad == 0, "%s: %lu chunk sizes differ",
		         form_names[f], bad);
	}
}

/* ---- Hangul and edges -------------------------------------------------- */

static const struct {
	const char *description;
	const char *input;
	uint32_t flags;
	const char *expected;
} cases[] = {
	{"empty", "", KONORM_NFC, ""},
	{"ASCII unchanged", "Hello, world", KONORM_NFC, "Hello, world"},
	{"e + acute composes", "e\xCC\x81", KONORM_NFC, "\xC3\xA9"},
	{"NFD Hangul (macOS file names) composes",
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xB3"
	 "\xE1\x86\xAF",
	 KONORM_NFC, "한글"},
	{"NFD of a syllable", "한", KONORM_NFD,
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"},
	{"LV + T composes to LVT", "가\xE1\x86\xA8", KONORM_NFC, "각"},
	{"LV + U+11A7 stays (utf8proc 2.8 drops it)", "가\xE1\x86\xA7",
	 KONORM_NFC, "가\xE1\x86\xA7"},
	{"LVT + T does not compose", "각\xE1\x86\xA8", KONORM_NFC,
	 "각\xE1\x86\xA8"},
	{"old Hangul L L V stays in order",
	 "\xE1\x84\x80\xE1\x84\x80\xE1\x85\xA1", KONORM_NFC,
	 "\xE1\x84\x80가"},
	{"archaic jamo (U+1113) + V does not compose",
	 "\xE1\x84\x93\xE1\x85\xA1", KONORM_NFC,
	 "\xE1\x84\x93\xE1\x85\xA1"},
	{"halfwidth Hangul under NFKC",
	 "\xEF\xBE\xA1\xEF\xBF\x82", KONORM_NFKC, "가"},
	{"parenthesized Hangul under NFKC", "\xE3\x88\x80", KONORM_NFKC,
	 "(ᄀ)"},
	{"circled Hangul syllable under NFKC", "\xE3\x89\xAE", KONORM_NFKC,
	 "가"},
	{"compatibility jamo are NFC-stable", "ㅎㅏㄴ", KONORM_NFC, "ㅎㅏㄴ"},
	{"compatibility jamo under NFKC (as ICU)", "ㅎㅏㄴ", KONORM_NFKC,
	 "하\xE1\x84\x82"},
	{"compose-jamo: 한글", "ㅎㅏㄴㄱㅡㄹ", KONORM_NFC | KONORM_COMPOSE_JAMO,
	 "한글"},
	{"compose-jamo: 닭", "ㄷㅏㄹㄱ", KONORM_NFC | KONORM_COMPOSE_JAMO,
	 "닭"},
	{"compose-jamo: 가가", "ㄱㅏㄱㅏ", KONORM_NFC | KONORM_COMPOSE_JAMO,
	 "가가"},
	{"compose-jamo: 와", "ㅇㅗㅏ", KONORM_NFC | KONORM_COMPOSE_JAMO, "와"},
	{"compose-jamo: ㅋㅋㅋ stays", "ㅋㅋㅋ",
	 KONORM_NFC | KONORM_COMPOSE_JAMO, "ㅋㅋㅋ"},
	{"compose-jamo: ㅠㅠ stays", "ㅠㅠ", KONORM_NFC | KONORM_COMPOSE_JAMO,
	 "ㅠㅠ"},
	{"compose-jamo: ㄱㅅ stays", "ㄱㅅ", KONORM_NFC | KONORM_COMPOSE_JAMO,
	 "ㄱㅅ"},
	{"compose-jamo in a sentence, then NFKC",
	 "I typed ㅎㅏㄴㄱㅡㄹ ok", KONORM_NFKC | KONORM_COMPOSE_JAMO,
	 "I typed 한글 ok"},
	{"canonical reordering", "a\xCC\x95\xCC\x81", KONORM_NFD,
	 "a\xCC\x81\xCC\x95"},
	{"singleton (Ohm sign)", "\xE2\x84\xA6", KONORM_NFC, "\xCE\xA9"},
	{"NFKC ligature", "\xEF\xAC\x81", KONORM_NFKC, "fi"},
	{"replace: maximal subparts", "a\xF0\x9F\x98" "b\xC0\xAF",
	 KONORM_NFC | KONORM_REPLACE,
	 "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"},
	{"replace: truncated at the end", "a\xE2\x82",
	 KONORM_NFC | KONORM_REPLACE, "a\xEF\xBF\xBD"},
};

static void
check_cases(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(cases); i++) {
		size_t len = 0;
		char *got = norm(cases[i].input, strlen(cases[i].input),
		                 cases[i].flags, &len);
		KT_STR(t, got ? got : "(error)", got ? len : 7,
		       cases[i].expected, cases[i].description);
		/* The same through the stream, one byte at a time. */
		enum konorm_status st;
		char *s = stream(cases[i].input, strlen(cases[i].input),
		                 cases[i].flags, 1, 3, &len, &st);
		KT_STR(t, s, len, cases[i].expected, cases[i].description);
		free(s);
		free(got);
	}
}

static void
check_errors_and_buffers(struct kt *t)
{
	char buf[16];
	struct konorm_result r = konorm_normalize(NULL, 0, buf, sizeof(buf), 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 0, "NULL, 0 is empty");
	r = konorm_normalize(NULL, 3, buf, sizeof(buf), 0);
	KT_CHECK(t, r.status == KONORM_EINVAL, "NULL with length is EINVAL");
	r = konorm_normalize("a", 1, buf, sizeof(buf), 0x8000);
	KT_CHECK(t, r.status == KONORM_EINVAL, "unknown flag is EINVAL");

	const char *bad = "ab\xE1\x84\x92\xFFzz";
	memset(buf, 0, sizeof(buf));
	r = konorm_normalize(bad, strlen(bad), buf, sizeof(buf), KONORM_NFC);
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 5,
	         "invalid byte: status %d offset %zu", r.status, r.offset);
	KT_STR(t, buf, r.needed, "ab\xE1\x84\x92",
	       "everything before the bad byte is written");

	r = konorm_normalize("ab\xED\x95", 4, buf, sizeof(buf), KONORM_NFC);
	KT_CHECK(t, r.status == KONORM_ETRUNCATED && r.offset == 2,
	         "truncated at the end: offset of its start");

	/* Preflight, exact fit, one byte short. */
	const char *in = "e\xCC\x81한";
	r = konorm_normalize(in, strlen(in), NULL, 0, KONORM_NFC);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 5,
	         "preflight reports 5 bytes (got %zu)", r.needed);
	r = konorm_normalize(in, strlen(in), buf, 5, KONORM_NFC);
	KT_CHECK(t, r.status == KONORM_OK, "exact fit");
	KT_STR(t, buf, 5, "é한", "exact fit output");
	memset(buf, 'X', sizeof(buf));
	r = konorm_normalize(in, strlen(in), buf, 4, KONORM_NFC);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 5,
	         "short buffer");
	KT_CHECK(t, memcmp(buf, "é", 2) == 0 && buf[2] == 'X',
	         "short buffer holds a prefix ending on a boundary");

	/* Too many combining marks in a row. */
	size_t n = 1 + 2 * (KONORM_MAX_NONSTARTERS + 2);
	char *marks = malloc(n);
	marks[0] = 'a';
	for (size_t i = 1; i < n; i += 2) {
		marks[i] = '\xCC';
		marks[i + 1] = '\x81';
	}
	r = konorm_normalize(marks, n, NULL, 0, KONORM_NFC);
	KT_CHECK(t, r.status == KONORM_ETOOLONG, "over-long combining run");
	free(marks);

	struct konorm_result q = konorm_normalize_check("한글", 6, KONORM_NFC);
	KT_CHECK(t, q.status == KONORM_OK, "check: NFC text");
	q = konorm_normalize_check("e\xCC\x81", 3, KONORM_NFC);
	KT_CHECK(t, q.status == KONORM_MORE, "check: NFD text is not NFC");
	q = konorm_normalize_check("\xCC\x81", 2, KONORM_NFC);
	KT_CHECK(t, q.status == KONORM_OK, "check: lone mark is NFC");
}

static void
check_stream_errors(struct kt *t)
{
	/* The bad byte sits after a chunk edge; the offset is absolute. */
	const char *bad = "0123456789\xE2\x82X";
	enum konorm_status st;
	size_t len;
	struct konorm_normalizer *n = konorm_normalizer_new(KONORM_NFC);
	char out[64];
	struct konorm_in a = {bad, 11, 0};
	struct konorm_out o = {out, sizeof(out), 0};
	st = konorm_normalizer_feed(n, &a, &o);
	KT_CHECK(t, st == KONORM_OK, "first chunk ends inside a sequence");
	struct konorm_in b = {bad + 11, 2, 0};
	st = konorm_normalizer_feed(n, &b, &o);
	KT_CHECK(t, st == KONORM_EINVAL_UTF8 &&
	                    konorm_normalizer_offset(n) == 10,
	         "error across the chunk edge at absolute offset 10 (%llu)",
	         (unsigned long long)konorm_normalizer_offset(n));
	KT_STR(t, out, o.pos, "0123456789", "text before the error");
	st = konorm_normalizer_feed(n, &b, &o);
	KT_CHECK(t, st == KONORM_EINVAL_UTF8, "error is sticky");
	konorm_normalizer_free(n);

	char *s = stream(bad, strlen(bad), KONORM_NFC | KONORM_REPLACE, 5, 2,
	                 &len, &st);
	KT_STR(t, s, len, "0123456789\xEF\xBF\xBDX",
	       "replacement across a chunk edge");
	free(s);
	KT_CHECK(t, konorm_normalizer_new(0xFFFF) == NULL,
	         "bad flags give no handle");
}

/* ---- Differential check against ICU ------------------------------------ */

static const UNormalizer2 *
icu_normalizer(int f, UErrorCode *e)
{
	switch (f) {
	case 0:
		return unorm2_getNFCInstance(e);
	case 1:
		return unorm2_getNFDInstance(e);
	case 2:
		return unorm2_getNFKCInstance(e);
	default:
		return unorm2_getNFKDInstance(e);
	}
}

/* Random strings drawn from the characters that make normalization hard:
 * conjoining jamo (with U+11A7 and old Hangul), syllables, combining
 * marks in every class, compatibility characters, ASCII. */
static uint32_t
random_interesting(uint64_t *state)
{
	static const uint32_t pool[] = {
		'a', 'e', ' ', 0x1100, 0x1112, 0x1113, 0x115F, 0x1160, 0x1161,
		0x1175, 0x1176, 0x11A7, 0x11A8, 0x11C2, 0x11C3, 0xAC00, 0xAC01,
		0xD7A3, 0xD7B0, 0xD7FB, 0x0300, 0x0301, 0x0315, 0x031B, 0x0323,
		0x0327, 0x0345, 0x05B0, 0x0F71, 0x0F72, 0x0F73, 0x1E0A, 0x1E63,
		0x00C5, 0x212B, 0x2126, 0xFB01, 0x3131, 0x314F, 0xFFA1, 0xFFC2,
		0x3200, 0x3260, 0x326E, 0x0B47, 0x0B3E, 0x0B57, 0x0CC6, 0x0CD5,
		0x1B05, 0x1B35, 0x3099, 0x304B, 0xFF76, 0xFF9E, 0x0344, 0xFDFA,
		0x0958, 0x093C, 0x0915, 0x1D15E, 0x1D165, 0x2ADC, 0x0338,
	};
	*state = *state * 6364136223846793005u + 1442695040888963407u;
	return pool[(*state >> 33) % KN_ARRAY_LEN(pool)];
}

static void
check_against_icu(struct kt *t)
{
	uint64_t seed = 0x6b6f6e6f726d;
	unsigned long bad = 0;
	for (int iter = 0; iter < 20000; iter++) {
		char s[128];
		size_t n = 0;
		int len = 1 + (int)((seed >> 40) % 12);
		for (int k = 0; k < len; k++) {
			n += (size_t)kn_utf8_encode(random_interesting(&seed),
			                            (uint8_t *)s + n);
		}
		UChar u[128], un[512];
		int32_t ulen = 0;
		UErrorCode e = U_ZERO_ERROR;
		u_strFromUTF8(u, 128, &ulen, s, (int32_t)n, &e);
		for (int f = 0; f < 4; f++) {
			e = U_ZERO_ERROR;
			int32_t unl = unorm2_normalize(icu_normalizer(f, &e), u,
			                               ulen, un, 512, &e);
			char want[1024];
			int32_t wl = 0;
			u_strToUTF8(want, sizeof(want), &wl, un, unl, &e);
			size_t gl = 0;
			char *got = norm(s, n, forms[f], &gl);
			bool ok = U_SUCCESS(e) && got != NULL &&
			          gl == (size_t)wl && memcmp(got, want, gl) == 0;
			if (!ok && bad++ < 5) {
				KT_BYTES(t, got, got ? gl : 0, want, (size_t)wl,
				         form_names[f]);
			}
			free(got);
		}
	}
	KT_CHECK(t, bad == 0, "%lu of 80000 random strings differ from ICU",
	         bad);
}

/* The pinned Unicode files are the ones the tables claim to be built
 * from (tables/ucd/SHA256SUMS, checked with coreutils' sha256sum). */
/* The Korean fast path reads sixteen bytes at a time after a syllable:
 * put a syllable,
 * a lead byte without its continuation bytes, a character just outside
 * the syllable block (U+D7A4, U+ABFF) and a syllable followed by a
 * trailing jamo that composes with it at every lane of a block, and
 * compare with a text built piece by piece. */
static void
check_korean_block_edges(struct kt *t)
{
	static const struct {
		const char *piece; /* after the ASCII prefix */
		const char *want;  /* its NFC, with U+FFFD for bad bytes */
	} pieces[] = {
		{"\xEA\xB0\x80\xED\x9E\xA3", "\xEA\xB0\x80\xED\x9E\xA3"},
		{"\xEB\xEB\x09", "\xEF\xBF\xBD\xEF\xBF\xBD\x09"},
		{"\xEB\x80", "\xEF\xBF\xBD"},
		{"\xED\x9E\xA4x", "\xED\x9E\xA4x"},
		{"\xEA\xAF\xBFx", "\xEA\xAF\xBFx"},
		/* 가 + U+11A8 composes to 각 */
		{"\xEA\xB0\x80\xE1\x86\xA8", "\xEA\xB0\x81"},
		{"\xEC\x80\xBC\xBE", "\xEC\x80\xBC\xEF\xBF\xBD"},
	};
	char in[128], want[160], out[256];
	for (size_t k = 0; k < KN_ARRAY_LEN(pieces); k++) {
		for (size_t pre = 0; pre < 40; pre++) {
			/* A syllable first: the fast path starts with one. */
			memcpy(in, "\xEA\xB0\x80", 3);
			memcpy(want, "\xEA\xB0\x80", 3);
			memset(in + 3, 'a', pre);
			memset(want + 3, 'a', pre);
			size_t il = 3 + pre, wl = 3 + pre;
			/* The piece, then a syllable run to fill the block. */
			const char *tail = "\xED\x95\x9C\xEA\xB8\x80 ok";
			il += (size_t)snprintf(in + il, sizeof(in) - il, "%s%s",
			                       pieces[k].piece, tail);
			wl += (size_t)snprintf(want + wl, sizeof(want) - wl,
			                       "%s%s", pieces[k].want, tail);
			struct konorm_result r = konorm_normalize(
			        in, il, out, sizeof(out),
			        KONORM_NFC | KONORM_REPLACE);
			char what[64];
			snprintf(what, sizeof(what), "piece %zu after %zu bytes",
			         k, pre);
			KT_STR(t, out, r.status == KONORM_OK ? r.needed : 0,
			       want, what);
		}
	}
}

static void
check_pinned_sources(struct kt *t)
{
	char cmd[4096];
	snprintf(cmd, sizeof(cmd),
	         "cd '%s/tables/ucd' && sha256sum --check --quiet SHA256SUMS",
	         kt_source_dir());
	KT_CHECK(t, system(cmd) == 0, "pinned UCD files match SHA256SUMS");
}

void
suite_normalize(struct kt *t)
{
	check_pinned_sources(t);
	struct conformance c = {.listed = calloc(0x110000 / 8, 1)};
	check_conformance_file(t, &c);
	check_unlisted_unchanged(t, &c);
	check_chunked_conformance(t, &c);
	check_cases(t);
	check_errors_and_buffers(t);
	check_stream_errors(t);
	check_against_icu(t);
	check_korean_block_edges(t);
	free(c.listed);
	free(c.all_c1);
	for (int f = 0; f < 4; f++) {
		free(c.all_want[f]);
	}
}
