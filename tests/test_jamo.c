/* SPDX-License-Identifier: MIT */
/* Compatibility jamo composition (src/jamo.c): the 2-set automaton. */
#include "../src/jamo.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *description;
	const char *input;
	const char *expected;
} compose_cases[] = {
	{"empty", "", ""},
	{"hangeul", "ㅎㅏㄴㄱㅡㄹ", "한글"},
	{"double final", "ㄷㅏㄹㄱ", "닭"},
	{"two open syllables", "ㄱㅏㄱㅏ", "가가"},
	{"compound vowel", "ㅇㅗㅏ", "와"},
	{"compound vowel and double final", "ㅂㅜㅔㄹㄱ", "뷁"},
	{"laughter stays", "ㅋㅋㅋ", "ㅋㅋㅋ"},
	{"crying stays", "ㅠㅠ", "ㅠㅠ"},
	{"consonant pair is not a cluster", "ㄱㅅ", "ㄱㅅ"},
	{"ieung pair stays", "ㅇㅇ", "ㅇㅇ"},
	{"final moves to the next syllable", "ㄱㅏㄴㅏ", "가나"},
	{"double final splits", "ㄷㅏㄹㄱㅣ", "달기"},
	{"all seven compound vowels",
	 "ㄱㅗㅏㄱㅗㅐㄱㅗㅣㄱㅜㅓㄱㅜㅔㄱㅜㅣㄱㅡㅣ", "과괘괴궈궤귀긔"},
	{"yi in a word", "ㅇㅡㅣㅅㅏ", "의사"},
	{"double initial typed twice", "ㄱㄱㅏ", "ㄱ가"},
	{"tense initial letter", "ㅆㅏㄹㅏㅇ", "싸랑"},
	{"tense that is never final", "ㄱㅏㄸㅏ", "가따"},
	{"tense final", "ㄱㅏㅆㄷㅏ", "갔다"},
	{"cluster letter as final", "ㄷㅏㄺ", "닭"},
	{"cluster letter splits", "ㄷㅏㄺㅣ", "달기"},
	{"cluster letter alone stays", "ㄳ", "ㄳ"},
	{"cluster letter after an initial stays", "ㄱㄳ", "ㄱㄳ"},
	{"final cluster from two letters", "ㄱㅏㄱㅅ", "갃"},
	{"final cluster then a vowel", "ㄱㅏㄱㅅㅏ", "각사"},
	{"nieun-hieuh", "ㅇㅏㄴㅎㅇㅏ", "않아"},
	{"pieup-sios", "ㅇㅓㅂㅅㄷㅏ", "없다"},
	{"hieuh final stays before ieung", "ㄴㅏㅎㅇㅏ", "낳아"},
	{"no triple final", "ㄱㅏㄹㄱㄱ", "갉ㄱ"},
	{"vowels with no initial stay", "ㅗㅏ", "ㅗㅏ"},
	{"vowel after a syllable", "ㄱㅏㅏ", "가ㅏ"},
	{"compound vowel letter", "ㄱㅘ", "과"},
	{"compounds do not combine further", "ㄱㅘㅣ", "과ㅣ"},
	{"precomposed syllable untouched", "하ㄴ", "하ㄴ"},
	{"precomposed then a jamo syllable", "하ㄴㅏ", "하나"},
	{"archaic jamo breaks the run", "ㄱㅏㅿㅏ", "가ㅿㅏ"},
	{"archaic jamo is never a final", "ㄱㅏㆁ", "가ㆁ"},
	{"Hangul filler breaks the run", "ㄱ\xE3\x85\xA4ㅏ",
	 "ㄱ\xE3\x85\xA4ㅏ"},
	{"space breaks the run", "ㄱ ㅏ", "ㄱ ㅏ"},
	{"mixed text", "ㅎㅏㄴㄱㅡㄹ (Hangeul)ㄴㅔ", "한글 (Hangeul)네"},
	{"chat abbreviations stay", "ㅇㅋ ㄱㅅ ㅎㅎ ㄴㄴ",
	 "ㅇㅋ ㄱㅅ ㅎㅎ ㄴㄴ"},
	{"halfwidth jamo are not composed", "\xEF\xBE\xA1\xEF\xBF\x82",
	 "\xEF\xBE\xA1\xEF\xBF\x82"},
	{"conjoining jamo are not composed", "\xE1\x84\x80\xE1\x85\xA1",
	 "\xE1\x84\x80\xE1\x85\xA1"},
	{"sentence", "ㄴㅏㄴㅡㄴ ㅎㅏㄱㄱㅛㅇㅔ ㄱㅏㅂㄴㅣㄷㅏ.",
	 "나는 학교에 갑니다."},
};

static void
check_compose_cases(struct kt *t)
{
	char out[256];
	for (size_t i = 0; i < KN_ARRAY_LEN(compose_cases); i++) {
		const char *in = compose_cases[i].input;
		struct konorm_result r = konorm_jamo_compose(
		        in, strlen(in), out, sizeof(out), 0);
		KT_CHECK(t, r.status == KONORM_OK, "%s: status %d",
		         compose_cases[i].description, r.status);
		KT_STR(t, out, r.needed, compose_cases[i].expected,
		       compose_cases[i].description);
	}
}

static void
check_arguments(struct kt *t)
{
	char out[16];
	struct konorm_result r = konorm_jamo_compose(NULL, 0, out, 16, 0);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 0,
	         "NULL with length 0 is the empty string");
	r = konorm_jamo_compose(NULL, 1, out, 16, 0);
	KT_CHECK(t, r.status == KONORM_EINVAL, "NULL with length 1");
	r = konorm_jamo_compose("a", 1, out, 16, KONORM_NFD);
	KT_CHECK(t, r.status == KONORM_EINVAL, "a normalization form flag");
	r = konorm_jamo_compose("a", 1, out, 16,
	                        KONORM_COMPOSE_JAMO | KONORM_REPLACE);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 1,
	         "COMPOSE_JAMO and REPLACE are accepted");
}

static void
check_bad_input(struct kt *t)
{
	char out[64];
	const char *bad = "ㄱㅏ\xFFㄴㅏ";
	struct konorm_result r =
	        konorm_jamo_compose(bad, strlen(bad), out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 6,
	         "invalid byte at 6 (got %d at %zu)", r.status, r.offset);
	KT_STR(t, out, r.needed, "가", "output before an invalid byte");
	r = konorm_jamo_compose(bad, strlen(bad), out, sizeof(out),
	                        KONORM_REPLACE);
	KT_CHECK(t, r.status == KONORM_OK && r.replaced == 1,
	         "REPLACE substitutes one U+FFFD");
	KT_STR(t, out, r.needed, "가\xEF\xBF\xBD나", "replaced output");
	/* Truncated at the end of the buffer: the pending syllable is
	 * still emitted. */
	const char *cut = "ㄱㅏㄴ\xE3\x85";
	r = konorm_jamo_compose(cut, strlen(cut), out, sizeof(out), 0);
	KT_CHECK(t, r.status == KONORM_ETRUNCATED && r.offset == 9,
	         "truncated at 9 (got %d at %zu)", r.status, r.offset);
	KT_STR(t, out, r.needed, "간", "output before a truncated end");
	r = konorm_jamo_compose(cut, strlen(cut), out, sizeof(out),
	                        KONORM_REPLACE);
	KT_STR(t, out, r.needed, "간\xEF\xBF\xBD",
	       "truncated end replaced by one U+FFFD");
	const char *sur = "ㄱ\xED\xA0\x80ㅏ";
	r = konorm_jamo_compose(sur, strlen(sur), out, sizeof(out),
	                        KONORM_REPLACE);
	KT_CHECK(t, r.replaced == 3, "surrogate: three maximal subparts");
	KT_STR(t, out, r.needed, "ㄱ\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDㅏ",
	       "a replacement breaks the run");
}

static void
check_buffers(struct kt *t)
{
	const char *in = "ㅎㅏㄴㄱㅡㄹ";
	char out[8];
	struct konorm_result r =
	        konorm_jamo_compose(in, strlen(in), NULL, 0, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 6,
	         "preflight reports 6 bytes");
	r = konorm_jamo_compose(in, strlen(in), out, 6, 0);
	KT_CHECK(t, r.status == KONORM_OK, "exact fit");
	KT_STR(t, out, 6, "한글", "exact fit output");
	memset(out, 'x', sizeof(out));
	r = konorm_jamo_compose(in, strlen(in), out, 5, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 6,
	         "one byte short");
	KT_STR(t, out, 3, "한", "short buffer holds whole characters");
	KT_CHECK(t, out[3] == 'x' && out[4] == 'x',
	         "nothing written past the last whole character");
}

/* ---- Every syllable, spelled out in jamo, composes back ------------------ */

static size_t
put_cp(char *p, uint32_t cp)
{
	return (size_t)kn_utf8_encode(cp, (uint8_t *)p);
}

/* Spells a jamo as typed: compound vowels and clusters as two letters. */
static size_t
spell_cjamo(char *p, uint32_t cj)
{
	uint32_t a, b;
	if (kn_cjamo_split(cj, &a, &b)) {
		size_t n = put_cp(p, a);
		return n + put_cp(p + n, b);
	}
	return put_cp(p, cj);
}

static size_t
spell_syllable(char *p, uint32_t s)
{
	uint32_t i = s - KN_HANGUL_SBASE;
	size_t n = spell_cjamo(p, kn_cjamo_of_choseong(i / KN_HANGUL_NCOUNT));
	n += spell_cjamo(p + n, kn_cjamo_of_jungseong(
	                                (i % KN_HANGUL_NCOUNT) /
	                                KN_HANGUL_TCOUNT));
	if (i % KN_HANGUL_TCOUNT != 0) {
		n += spell_cjamo(p + n,
		                 kn_cjamo_of_jongseong(i % KN_HANGUL_TCOUNT));
	}
	return n;
}

static void
check_all_syllables(struct kt *t)
{
	unsigned long bad = 0;
	char in[64], out[64], want[8];
	for (uint32_t s = KN_HANGUL_SBASE;
	     s < KN_HANGUL_SBASE + KN_HANGUL_SCOUNT; s++) {
		size_t n = spell_syllable(in, s);
		size_t w = put_cp(want, s);
		struct konorm_result r =
		        konorm_jamo_compose(in, n, out, sizeof(out), 0);
		if (r.status != KONORM_OK || r.needed != w ||
		    memcmp(out, want, w) != 0) {
			if (bad++ == 0) {
				KT_CHECK(t, false,
				         "U+%04X does not compose back",
				         (unsigned)s);
			}
		}
	}
	KT_CHECK(t, bad == 0, "%lu of 11172 syllables fail", bad);
}

/* Two syllables spelled one after the other compose to the same two:
 * the final of the first never sticks to the second (whose initial is a
 * consonant) and a double final never grows.  Pseudo-random pairs from a
 * fixed seed, plus every syllable before 가, 아 and 까. */
static void
check_syllable_pairs(struct kt *t)
{
	unsigned long bad = 0;
	uint32_t seed = 12345;
	char in[64], out[64], want[8];
	for (unsigned long k = 0; k < 150000 + 3 * KN_HANGUL_SCOUNT; k++) {
		uint32_t a, b;
		if (k < 3 * KN_HANGUL_SCOUNT) {
			static const uint32_t second[] = {0xAC00, 0xC544,
			                                  0xAE4C};
			a = KN_HANGUL_SBASE + (uint32_t)(k / 3);
			b = second[k % 3];
		} else {
			seed = seed * 1103515245u + 12345u;
			a = KN_HANGUL_SBASE + (seed >> 8) % KN_HANGUL_SCOUNT;
			seed = seed * 1103515245u + 12345u;
			b = KN_HANGUL_SBASE + (seed >> 8) % KN_HANGUL_SCOUNT;
		}
		size_t n = spell_syllable(in, a);
		n += spell_syllable(in + n, b);
		size_t w = put_cp(want, a);
		w += put_cp(want + w, b);
		struct konorm_result r =
		        konorm_jamo_compose(in, n, out, sizeof(out), 0);
		if (r.needed != w || memcmp(out, want, w) != 0) {
			if (bad++ == 0) {
				KT_CHECK(t, false, "U+%04X U+%04X: wrong",
				         (unsigned)a, (unsigned)b);
			}
		}
	}
	KT_CHECK(t, bad == 0, "%lu syllable pairs fail", bad);
}

/* ---- Streaming: the composer fed code point by code point --------------- */

struct collect {
	char buf[1024];
	size_t len;
};

static void
collect_cp(void *ctx, uint32_t cp)
{
	struct collect *c = ctx;
	if (c->len + 4 <= sizeof(c->buf)) {
		c->len += put_cp(c->buf + c->len, cp);
	}
}

/* Feeds text to the composer in chunks of `size` bytes, carrying a split
 * UTF-8 character to the next chunk, as a streaming normalizer does. */
static void
compose_in_chunks(const char *text, size_t len, size_t size,
                  struct collect *out)
{
	struct kn_jamo_composer c;
	kn_jamo_init(&c);
	uint8_t carry[4];
	size_t carried = 0;
	out->len = 0;
	for (size_t at = 0; at < len; at += size) {
		size_t n = len - at < size ? len - at : size;
		uint8_t chunk[80];
		memcpy(chunk, carry, carried);
		memcpy(chunk + carried, text + at, n);
		size_t have = carried + n, i = 0;
		for (;;) {
			uint32_t cp;
			int r = kn_utf8_decode(chunk + i, have - i, &cp);
			if (r <= 0) {
				break;
			}
			kn_jamo_feed(&c, cp, collect_cp, out);
			i += (size_t)r;
		}
		carried = have - i;
		memcpy(carry, chunk + i, carried);
	}
	kn_jamo_flush(&c, collect_cp, out);
}

static void
check_streaming(struct kt *t)
{
	/* Syllables whose jamo straddle many chunk edges, finals that move,
	 * double finals that split, runs that stay. */
	const char *text = "ㄷㅏㄹㄱㅣ ㅎㅏㄴㄱㅡㄹ ㅋㅋㅋ ㅂㅜㅔㄹㄱ"
	                   " ㅇㅓㅂㅅㄷㅏ ㄱㅏㄴㅏㄷㅏ ㅇㅗㅏ ㅠㅠ"
	                   " ㄱㅏㄱㅅㅏ abc ㄴㅏㅎㅇㅏ";
	size_t len = strlen(text);
	char want[1024];
	struct konorm_result r =
	        konorm_jamo_compose(text, len, want, sizeof(want), 0);
	KT_CHECK(t, r.status == KONORM_OK, "one-shot reference");
	unsigned long bad = 0;
	for (size_t size = 1; size <= 64; size++) {
		struct collect got;
		compose_in_chunks(text, len, size, &got);
		if (got.len != r.needed || memcmp(got.buf, want, got.len)) {
			if (bad++ == 0) {
				KT_BYTES(t, got.buf, got.len, want, r.needed,
				         "chunked composition");
			}
		}
	}
	KT_CHECK(t, bad == 0, "%lu chunk sizes differ from one-shot", bad);
	KT_CHECK(t, sizeof(struct kn_jamo_composer) <= 16,
	         "composer state is a few bytes (%zu)",
	         sizeof(struct kn_jamo_composer));
}

/* ---- The tables against the pinned UnicodeData.txt ----------------------- */

#define NAMES_FIRST 0x1100u
#define NAMES_LAST 0x318Fu

struct names {
	char *name[NAMES_LAST - NAMES_FIRST + 1];
	uint32_t compat[NAMES_LAST - NAMES_FIRST + 1]; /* <compat> target */
};

static void
load_names(struct names *nm, char *text)
{
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		unsigned cp = 0;
		if (sscanf(line, "%X;", &cp) != 1 || cp < NAMES_FIRST ||
		    cp > NAMES_LAST) {
			continue;
		}
		char *name = strchr(line, ';') + 1;
		char *end = strchr(name, ';');
		*end = '\0';
		nm->name[cp - NAMES_FIRST] = name;
		/* Field 5 (after gc, ccc, bidi) holds the decomposition. */
		char *f = end + 1;
		for (int k = 0; k < 3 && f != NULL; k++) {
			f = strchr(f, ';');
			f = f != NULL ? f + 1 : NULL;
		}
		unsigned target = 0;
		if (f != NULL && sscanf(f, "<compat> %X", &target) == 1) {
			nm->compat[cp - NAMES_FIRST] = target;
		}
	}
}

static const char *
name_of(const struct names *nm, uint32_t cp)
{
	const char *n = nm->name[cp - NAMES_FIRST];
	return n != NULL ? n : "";
}

/* "HANGUL LETTER RIEUL-KIYEOK" and "HANGUL JONGSEONG RIEUL-KIYEOK" share
 * the part after their second word. */
static const char *
letter_part(const char *name)
{
	const char *sp = strchr(name, ' ');
	sp = sp != NULL ? strchr(sp + 1, ' ') : NULL;
	return sp != NULL ? sp + 1 : "";
}

static void
check_against_unicode_data(struct kt *t)
{
	char *path = kt_path(kt_source_dir(), "tables/ucd/UnicodeData.txt");
	size_t len;
	char *text = kt_read_file(t, path, &len);
	free(path);
	if (text == NULL) {
		return;
	}
	struct names *nm = calloc(1, sizeof(*nm));
	load_names(nm, text);
	unsigned long bad = 0;
	for (unsigned l = 0; l < KN_HANGUL_LCOUNT; l++) {
		uint32_t cj = kn_cjamo_of_choseong(l);
		bad += cj == 0 || nm->compat[cj - NAMES_FIRST] !=
		                          KN_HANGUL_LBASE + l;
	}
	KT_CHECK(t, bad == 0, "%lu choseong differ from <compat>", bad);
	bad = 0;
	for (unsigned v = 0; v < KN_HANGUL_VCOUNT; v++) {
		uint32_t cj = kn_cjamo_of_jungseong(v);
		bad += nm->compat[cj - NAMES_FIRST] != KN_HANGUL_VBASE + v;
	}
	KT_CHECK(t, bad == 0, "%lu jungseong differ from <compat>", bad);
	bad = 0;
	for (unsigned tt = 1; tt < KN_HANGUL_TCOUNT; tt++) {
		uint32_t cj = kn_cjamo_of_jongseong(tt);
		const char *jong = name_of(nm, KN_HANGUL_TBASE + tt);
		if (cj == 0 || strcmp(letter_part(name_of(nm, cj)),
		                      letter_part(jong)) != 0) {
			KT_CHECK(t, false, "jongseong %u: %s", tt, jong);
			bad++;
		}
	}
	KT_CHECK(t, bad == 0, "%lu jongseong differ by name", bad);
	/* Each cluster splits into the letters its name joins by '-'. */
	bad = 0;
	unsigned clusters = 0;
	for (uint32_t cj = KN_CJAMO_FIRST; cj < KN_CJAMO_VOWEL; cj++) {
		uint32_t a, b;
		if (!kn_cjamo_split(cj, &a, &b)) {
			continue;
		}
		clusters++;
		char joined[128];
		snprintf(joined, sizeof(joined), "%s-%s",
		         letter_part(name_of(nm, a)),
		         letter_part(name_of(nm, b)));
		bad += strcmp(joined, letter_part(name_of(nm, cj))) != 0;
	}
	KT_CHECK(t, bad == 0 && clusters == 11,
	         "%lu of %u clusters differ from their names", bad, clusters);
	free(nm);
	free(text);
}

void
suite_jamo(struct kt *t)
{
	check_compose_cases(t);
	check_arguments(t);
	check_bad_input(t);
	check_buffers(t);
	check_all_syllables(t);
	check_syllable_pairs(t);
	check_streaming(t);
	check_against_unicode_data(t);
}
