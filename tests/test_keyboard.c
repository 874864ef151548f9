/* SPDX-License-Identifier: MIT */
/* The Dubeolsik keyboard (src/keyboard.c, tables/dubeolsik.tsv). */
#include "../src/jamo.h"
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TO_HANGUL KONORM_KEYBOARD_TO_HANGUL
#define TO_QWERTY KONORM_KEYBOARD_TO_QWERTY

static const struct {
	const char *description;
	uint32_t flags;
	const char *input;
	const char *expected;
} keyboard_cases[] = {
	{"empty", TO_HANGUL, "", ""},
	{"hangeul", TO_HANGUL, "gksrmf", "한글"},
	{"greeting", TO_HANGUL, "dkssudgktpdy", "안녕하세요"},
	{"Shift gives a tense initial", TO_HANGUL, "Tkfkd", "싸랑"},
	{"Caps Lock is ignored", TO_HANGUL, "GKSRMF", "한글"},
	{"Caps Lock, longer", TO_HANGUL, "DKSSUDGKTPDY", "안녕하세요"},
	{"Shift in mixed case", TO_HANGUL, "Rk", "까"},
	{"Shift-layer keys only are Shift", TO_HANGUL, "QO", "뺴"},
	{"Shift on a key with no Shift jamo", TO_HANGUL, "gkS", "한"},
	{"Shift vowels", TO_HANGUL, "dO dP", "얘 예"},
	{"consonants alone stay apart", TO_HANGUL, "rt", "ㄱㅅ"},
	{"cluster as a final", TO_HANGUL, "rkrt", "갃"},
	{"cluster splits", TO_HANGUL, "rkrtk", "각사"},
	{"vowels with no initial combine", TO_HANGUL, "hk", "ㅘ"},
	{"double final", TO_HANGUL, "ekfr", "닭"},
	{"double final splits", TO_HANGUL, "ekfrl", "달기"},
	{"compound vowel", TO_HANGUL, "dhk", "와"},
	{"compound vowel and double final", TO_HANGUL, "qnpfr", "뷁"},
	{"double stroke is not tense", TO_HANGUL, "rrk", "ㄱ가"},
	{"laughter", TO_HANGUL, "zzz", "ㅋㅋㅋ"},
	{"digits and punctuation pass", TO_HANGUL, "r1k, 2!", "ㄱ1ㅏ, 2!"},
	{"Hangul passes through", TO_HANGUL, "한글 gksrmf", "한글 한글"},
	{"jamo present are not composed", TO_HANGUL, "ㅎks", "ㅎㅏㄴ"},
	{"English words are read as keys", TO_HANGUL, "Hello", "ㅗ디ㅣㅐ"},
	{"sentence", TO_HANGUL, "dkssudgktpdy, tptkd! (2024)",
	 "안녕하세요, 세상! (2024)"},
	{"to qwerty: hangeul", TO_QWERTY, "한글", "gksrmf"},
	{"to qwerty: double final", TO_QWERTY, "닭", "ekfr"},
	{"to qwerty: compound vowel", TO_QWERTY, "와", "dhk"},
	{"to qwerty: both", TO_QWERTY, "뷁", "qnpfr"},
	{"to qwerty: Shift", TO_QWERTY, "싸랑 얘 까", "Tkfkd dO Rk"},
	{"to qwerty: lone jamo", TO_QWERTY, "ㄳ ㅘ ㅋㅋ", "rt hk zz"},
	{"to qwerty: archaic jamo pass", TO_QWERTY, "ㅿㆁ", "ㅿㆁ"},
	{"to qwerty: Latin passes", TO_QWERTY, "abc 한 1", "abc gks 1"},
	/* NFD Hangul (macOS names, jamo word lists) types as its syllables;
	 * old Hangul and lone jamo pass through whole. */
	{"to qwerty: conjoining L V", TO_QWERTY, "\xE1\x84\x80\xE1\x85\xA1",
	 "rk"},
	{"to qwerty: NFD 한글", TO_QWERTY,
	 "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xB3"
	 "\xE1\x86\xAF", "gksrmf"},
	{"to qwerty: old Hangul cluster passes whole", TO_QWERTY,
	 "\xE1\x84\x92\xE1\x86\x9E\xE1\x86\xAB글",
	 "\xE1\x84\x92\xE1\x86\x9E\xE1\x86\xABrmf"},
	{"to qwerty: lone conjoining vowel passes", TO_QWERTY,
	 "\xE1\x85\xA1x", "\xE1\x85\xA1x"},
	{"to qwerty: two leading consonants pass", TO_QWERTY,
	 "\xE1\x84\x80\xE1\x84\x80\xE1\x85\xA1",
	 "\xE1\x84\x80\xE1\x84\x80\xE1\x85\xA1"},
};

static void
check_cases(struct kt *t)
{
	char out[256];
	for (size_t i = 0; i < KN_ARRAY_LEN(keyboard_cases); i++) {
		const char *in = keyboard_cases[i].input;
		struct konorm_result r =
		        konorm_keyboard(in, strlen(in), out, sizeof(out),
		                        keyboard_cases[i].flags);
		KT_CHECK(t, r.status == KONORM_OK, "%s: status %d",
		         keyboard_cases[i].description, r.status);
		KT_STR(t, out, r.needed, keyboard_cases[i].expected,
		       keyboard_cases[i].description);
	}
}

static void
check_arguments(struct kt *t)
{
	char out[16];
	struct konorm_result r = konorm_keyboard(NULL, 0, out, 16, TO_QWERTY);
	KT_CHECK(t, r.status == KONORM_OK && r.needed == 0,
	         "NULL with length 0 is the empty string");
	r = konorm_keyboard(NULL, 2, out, 16, TO_HANGUL);
	KT_CHECK(t, r.status == KONORM_EINVAL, "NULL with length 2");
	r = konorm_keyboard("a", 1, out, 16, 0x4);
	KT_CHECK(t, r.status == KONORM_EINVAL, "unknown flag");
	KT_CHECK(t, konorm_keyboard_boundary(NULL, 3, 0) == 0,
	         "boundary of NULL");
	KT_CHECK(t, konorm_keyboard_boundary("a ", 2, 0x8) == 0,
	         "boundary with an unknown flag");
}

static void
check_bad_input(struct kt *t)
{
	char out[64];
	const char *bad = "gks\xC0\xAFrmf";
	struct konorm_result r =
	        konorm_keyboard(bad, strlen(bad), out, sizeof(out), TO_HANGUL);
	KT_CHECK(t, r.status == KONORM_EINVAL_UTF8 && r.offset == 3,
	         "overlong at 3 (got %d at %zu)", r.status, r.offset);
	KT_STR(t, out, r.needed, "한", "output before the bad bytes");
	r = konorm_keyboard(bad, strlen(bad), out, sizeof(out),
	                    TO_HANGUL | KONORM_REPLACE);
	KT_CHECK(t, r.status == KONORM_OK && r.replaced == 2,
	         "two maximal subparts replaced");
	KT_STR(t, out, r.needed, "한\xEF\xBF\xBD\xEF\xBF\xBD글",
	       "replacement ends the syllable");
	const char *cut = "한\xEA\xB8";
	r = konorm_keyboard(cut, strlen(cut), out, sizeof(out), TO_QWERTY);
	KT_CHECK(t, r.status == KONORM_ETRUNCATED && r.offset == 3,
	         "truncated at 3");
	KT_STR(t, out, r.needed, "gks", "output before a truncated end");
	r = konorm_keyboard(cut, strlen(cut), out, sizeof(out),
	                    TO_QWERTY | KONORM_REPLACE);
	KT_STR(t, out, r.needed, "gks\xEF\xBF\xBD",
	       "truncated end is one U+FFFD");
}

static void
check_buffers(struct kt *t)
{
	char out[8];
	struct konorm_result r = konorm_keyboard("gksrmf", 6, NULL, 0, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 6,
	         "preflight");
	r = konorm_keyboard("gksrmf", 6, out, 6, 0);
	KT_CHECK(t, r.status == KONORM_OK, "exact fit");
	KT_STR(t, out, 6, "한글", "exact fit output");
	memset(out, 'x', sizeof(out));
	r = konorm_keyboard("gksrmf", 6, out, 5, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 6,
	         "short by one");
	KT_CHECK(t, memcmp(out, "한xx", 5) == 0,
	         "short buffer holds whole characters only");
	r = konorm_keyboard("닭", 3, out, 3, TO_QWERTY);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 4,
	         "to qwerty, short buffer");
}

/* ---- Round trips ------------------------------------------------------ */

static bool
round_trips(const char *text, size_t len, char *keys, char *back,
            size_t cap)
{
	struct konorm_result q = konorm_keyboard(text, len, keys, cap,
	                                         TO_QWERTY);
	if (q.status != KONORM_OK) {
		return false;
	}
	struct konorm_result h = konorm_keyboard(keys, q.needed, back, cap,
	                                         TO_HANGUL);
	return h.status == KONORM_OK && h.needed == len &&
	       memcmp(back, text, len) == 0;
}

static void
check_every_syllable(struct kt *t)
{
	unsigned long bad = 0;
	char in[8], keys[32], back[32];
	for (uint32_t s = KN_HANGUL_SBASE;
	     s < KN_HANGUL_SBASE + KN_HANGUL_SCOUNT; s++) {
		size_t n = (size_t)kn_utf8_encode(s, (uint8_t *)in);
		if (!round_trips(in, n, keys, back, sizeof(keys)) &&
		    bad++ == 0) {
			KT_CHECK(t, false, "U+%04X does not round trip",
			         (unsigned)s);
		}
	}
	KT_CHECK(t, bad == 0, "%lu of 11172 syllables fail the round trip",
	         bad);
}

/* Syllables typed without a break: every syllable followed by each of a
 * few that start with ㅇ, ㄱ, ㄲ, ㅅ (the initials that can join a final),
 * and pseudo-random runs of five. */
static void
check_syllable_runs(struct kt *t)
{
	static const uint32_t after[] = {0xC544, 0xAC00, 0xAE4C, 0xC0AC,
	                                 0xD6E8};
	unsigned long bad = 0;
	char in[64], keys[128], back[128];
	for (uint32_t s = KN_HANGUL_SBASE;
	     s < KN_HANGUL_SBASE + KN_HANGUL_SCOUNT; s++) {
		for (size_t k = 0; k < KN_ARRAY_LEN(after); k++) {
			size_t n = (size_t)kn_utf8_encode(s, (uint8_t *)in);
			n += (size_t)kn_utf8_encode(after[k],
			                            (uint8_t *)in + n);
			bad += !round_trips(in, n, keys, back, sizeof(keys));
		}
	}
	uint32_t seed = 2024;
	for (int k = 0; k < 100000; k++) {
		size_t n = 0;
		for (int j = 0; j < 5; j++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t s = KN_HANGUL_SBASE +
			             (seed >> 8) % KN_HANGUL_SCOUNT;
			n += (size_t)kn_utf8_encode(s, (uint8_t *)in + n);
		}
		bad += !round_trips(in, n, keys, back, sizeof(keys));
	}
	KT_CHECK(t, bad == 0, "%lu syllable runs fail the round trip", bad);
}

/* Sentences written for this test (no Latin letters: those would be read
 * as keys on the way back). */
static const char *const sentences[] = {
	"안녕하세요. 오늘 날씨가 정말 좋네요!",
	"닭볶음탕을 먹고 싶어요; 값은 12,000원입니다.",
	"읽고, 앉고, 않고, 없고, 밟고, 핥고, 읊고, 싫고, 넋을 잃었다.",
	"꽃잎이 흩날리는 봄날, 우리는 뛰어놀았다.",
	"의사 선생님께서 \"괜찮아요\"라고 말씀하셨어요.",
	"왜 그래? 뭐 해? 웬일이야… 쉬었다 가자.",
	"훨씬 더 빨리 달려야 해 — 쫓아오고 있어!",
	"한글은 1443년에 창제되었고 1446년에 반포되었다.",
};

static void
check_sentences(struct kt *t)
{
	char keys[512], back[512];
	for (size_t i = 0; i < KN_ARRAY_LEN(sentences); i++) {
		KT_CHECK(t,
		         round_trips(sentences[i], strlen(sentences[i]), keys,
		                     back, sizeof(keys)),
		         "sentence %zu does not round trip", i);
	}
}

/* ---- Streaming with konorm_keyboard_boundary --------------------------- */

struct stream_out {
	char buf[4096];
	size_t len;
	size_t max_carry;
	bool failed;
};

/* What the CLI does: read `size` bytes at a time, convert up to the
 * boundary, carry the rest. */
static void
convert_in_chunks(const char *text, size_t len, size_t size, uint32_t flags,
                  struct stream_out *o)
{
	char pending[4096];
	size_t carry = 0;
	o->len = 0;
	o->max_carry = 0;
	o->failed = false;
	for (size_t at = 0; at <= len; at += size) {
		size_t n = len - at < size ? len - at : size;
		memcpy(pending + carry, text + at, n);
		size_t have = carry + n;
		bool last = at + n >= len;
		size_t cut = have;
		if (!last) {
			cut = konorm_keyboard_boundary(pending, have, flags);
		}
		struct konorm_result r =
		        konorm_keyboard(pending, cut, o->buf + o->len,
		                        sizeof(o->buf) - o->len, flags);
		o->failed |= r.status != KONORM_OK || cut > have;
		o->len += r.needed;
		carry = have - cut;
		memmove(pending, pending + cut, carry);
		o->max_carry = carry > o->max_carry ? carry : o->max_carry;
		if (last) {
			break;
		}
	}
}

static void
check_chunks(struct kt *t, const char *what, const char *text,
             uint32_t flags, size_t carry_limit)
{
	size_t len = strlen(text);
	char want[4096];
	struct konorm_result r =
	        konorm_keyboard(text, len, want, sizeof(want), flags);
	KT_CHECK(t, r.status == KONORM_OK, "%s: one-shot", what);
	unsigned long bad = 0;
	size_t max_carry = 0;
	for (size_t size = 1; size <= 64; size++) {
		struct stream_out o;
		convert_in_chunks(text, len, size, flags, &o);
		max_carry = o.max_carry > max_carry ? o.max_carry : max_carry;
		if (o.failed || o.len != r.needed ||
		    memcmp(o.buf, want, o.len) != 0) {
			if (bad++ == 0) {
				KT_BYTES(t, o.buf, o.len, want, r.needed, what);
			}
		}
	}
	KT_CHECK(t, bad == 0, "%s: %lu chunk sizes differ", what, bad);
	KT_CHECK(t, max_carry <= carry_limit, "%s: carried %zu bytes", what,
	         max_carry);
}

static void
check_streaming(struct kt *t)
{
	check_chunks(t, "keys to Hangul",
	             "dkssudgktpdy ekfrl qnpfrrkrtkaltmxpa Tkfkd dhkdhkdhk "
	             "rrrrrkkkkhkhkhknjnjml zzzz gksrmfdmsdkfmaekqtmqslek.\n"
	             "rkskekfkakqktkdkwkc한글kzkxkvkgk 1234 wlrma",
	             TO_HANGUL, 12);
	check_chunks(t, "capitals are carried whole",
	             "GKSRMF QO Rkrk QWERT GKSRMFdl DKSSUDgktpdy tpdy",
	             TO_HANGUL, 24);
	check_chunks(t, "Hangul to keys",
	             "안녕하세요, 세상! 닭볶음탕 뷁 ㄳㅘ ㅿ abc\n한글",
	             TO_QWERTY, 3);
	check_chunks(t, "replacement at chunk edges",
	             "rk\xFFrk\xED\xA0\x80gks\xE2\x82rmf\xF0\x9F\x98",
	             TO_HANGUL | KONORM_REPLACE, 12);
	check_chunks(t, "replacement, to qwerty",
	             "한\xFF글\xE2\x82가\xF0\x9F\x98",
	             TO_QWERTY | KONORM_REPLACE, 3);
}

/* Pseudo-random texts over an alphabet chosen to hit every path: keys of
 * both cases, Shift keys, Hangul, jamo, spaces, bad bytes. */
static void
check_random_streams(struct kt *t)
{
	static const char *const atoms[] = {
		"r", "k", "h", "n", "m", "l", "f", "t", "q", "p", "o", "d",
		"R", "O", "G", "K", "S", " ", ".", "\n", "가", "닭", "ㄳ",
		"ㅘ", "\xFF", "\xED\xA0", "\xE2\x82", "é",
	};
	uint32_t seed = 77;
	unsigned long bad = 0;
	char text[600], want[4096];
	for (int k = 0; k < 400; k++) {
		size_t len = 0;
		seed = seed * 1103515245u + 12345u;
		int atoms_n = 20 + (int)((seed >> 8) % 100);
		for (int j = 0; j < atoms_n; j++) {
			seed = seed * 1103515245u + 12345u;
			size_t pick = (seed >> 8) % KN_ARRAY_LEN(atoms);
			const char *a = atoms[pick];
			memcpy(text + len, a, strlen(a));
			len += strlen(a);
		}
		uint32_t flags = ((k & 1) ? TO_QWERTY : TO_HANGUL) |
		                 KONORM_REPLACE;
		struct konorm_result r =
		        konorm_keyboard(text, len, want, sizeof(want), flags);
		seed = seed * 1103515245u + 12345u;
		size_t size = 1 + (seed >> 8) % 40;
		struct stream_out o;
		convert_in_chunks(text, len, size, flags, &o);
		bad += o.failed || o.len != r.needed ||
		       memcmp(o.buf, want, o.len) != 0;
	}
	KT_CHECK(t, bad == 0, "%lu random streams differ from one-shot", bad);
}

/* ---- The generated table against its TSV --------------------------------- */

static void
check_layout_table(struct kt *t)
{
	char *path = kt_path(kt_source_dir(), "tables/dubeolsik.tsv");
	size_t len;
	char *text = kt_read_file(t, path, &len);
	free(path);
	if (text == NULL) {
		return;
	}
	int rows = 0;
	unsigned long bad = 0;
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		char key;
		unsigned cp;
		if (line[0] == '#' || sscanf(line, "%c\t%*s\tU+%X", &key,
		                              &cp) != 2) {
			continue;
		}
		rows++;
		bad += kn_keyboard_key_to_cjamo((uint8_t)key) != cp;
		bad += kn_dubeolsik_cjamo_key[cp - KN_CJAMO_FIRST] != key;
	}
	free(text);
	KT_CHECK(t, rows == 33 && bad == 0, "%d TSV rows, %lu differ", rows,
	         bad);
	unsigned keys = 0;
	for (unsigned c = 0; c < 256; c++) {
		bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		keys += kn_keyboard_is_hangul_key((uint8_t)c);
		bad += kn_keyboard_is_hangul_key((uint8_t)c) != letter;
	}
	KT_CHECK(t, keys == 52 && bad == 0, "the 52 letters are the keys");
	/* Every modern jamo is typed by one key or by two (a split). */
	bad = 0;
	for (uint32_t cj = KN_CJAMO_FIRST; cj <= KN_CJAMO_LAST; cj++) {
		uint32_t a, b;
		bool one = kn_dubeolsik_cjamo_key[cj - KN_CJAMO_FIRST] != 0;
		bool two = kn_cjamo_split(cj, &a, &b) &&
		           kn_dubeolsik_cjamo_key[a - KN_CJAMO_FIRST] != 0 &&
		           kn_dubeolsik_cjamo_key[b - KN_CJAMO_FIRST] != 0;
		bad += one == two;
	}
	KT_CHECK(t, bad == 0, "%lu jamo have no unique key spelling", bad);
}

void
suite_keyboard(struct kt *t)
{
	check_cases(t);
	check_arguments(t);
	check_bad_input(t);
	check_buffers(t);
	check_every_syllable(t);
	check_syllable_runs(t);
	check_sentences(t);
	check_streaming(t);
	check_random_streams(t);
	check_layout_table(t);
}
