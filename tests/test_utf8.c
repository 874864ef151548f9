/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding (Unicode 15.0 table 3-7, maximal subparts §3.9). */
#include "../src/internal.h"
#include "harness.h"

#include <string.h>

static const struct {
	const char *description;
	const char *input;
	size_t len;
	int want; /* kn_utf8_decode's return */
	uint32_t cp;
} decode_cases[] = {
	{"empty", "", 0, 0, 0},
	{"ASCII", "A", 1, 1, 'A'},
	{"two bytes", "\xC3\xA9", 2, 2, 0xE9},
	{"Hangul syllable", "\xED\x95\x9C", 3, 3, 0xD55C},
	{"four bytes", "\xF0\x9F\x98\x80", 4, 4, 0x1F600},
	{"U+10FFFF", "\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF},
	{"truncated at a buffer edge", "\xED\x95", 2, 0, 0},
	{"truncated four", "\xF0\x9F\x98", 3, 0, 0},
	{"lone continuation", "\x80", 1, -1, 0},
	{"overlong C0", "\xC0\xAF", 2, -1, 0},
	{"overlong E0", "\xE0\x80\xAF", 3, -1, 0},
	{"surrogate", "\xED\xA0\x80", 3, -1, 0},
	{"above U+10FFFF", "\xF4\x90\x80\x80", 4, -1, 0},
	{"F5 never a lead", "\xF5\x80", 2, -1, 0},
	{"bad second trail: subpart of 2", "\xE2\x82X", 3, -2, 0},
	{"bad third trail: subpart of 3", "\xF0\x9F\x98X", 4, -3, 0},
};

static void
check_decode(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(decode_cases); i++) {
		uint32_t cp = 0;
		int r = kn_utf8_decode((const uint8_t *)decode_cases[i].input,
		                       decode_cases[i].len, &cp);
		KT_CHECK(t, r == decode_cases[i].want, "%s: got %d want %d",
		         decode_cases[i].description, r, decode_cases[i].want);
		if (r > 0) {
			KT_CHECK(t, cp == decode_cases[i].cp,
			         "%s: got U+%04X", decode_cases[i].description,
			         (unsigned)cp);
		}
	}
}

static void
check_encode_round_trip(struct kt *t)
{
	unsigned long bad = 0;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			continue;
		}
		uint8_t b[4];
		uint32_t back = 0;
		int n = kn_utf8_encode(cp, b);
		if (kn_utf8_decode(b, (size_t)n, &back) != n || back != cp) {
			bad++;
		}
	}
	KT_CHECK(t, bad == 0, "%lu scalar values fail encode/decode", bad);
}

static void
check_validate(struct kt *t)
{
	size_t off = 99;
	KT_CHECK(t, konorm_utf8_validate(NULL, 0, &off) == KONORM_OK && off == 0,
	         "NULL with length 0 is the empty string");
	KT_CHECK(t, konorm_utf8_validate(NULL, 1, &off) == KONORM_EINVAL,
	         "NULL with length 1 is an argument error");
	const char *s = "abc\xED\x95\x9C\xFF";
	KT_CHECK(t,
	         konorm_utf8_validate(s, strlen(s), &off) ==
	                         KONORM_EINVAL_UTF8 &&
	                 off == 6,
	         "invalid byte reported at its offset (got %zu)", off);
	KT_CHECK(t,
	         konorm_utf8_validate(s, 5, &off) == KONORM_ETRUNCATED &&
	                 off == 3,
	         "truncated sequence reported at its start");
	/* The ASCII fast path must not skip a bad byte past 8-byte words. */
	const char *w = "abcdefghijklmnop\x80qrst";
	KT_CHECK(t,
	         konorm_utf8_validate(w, strlen(w), &off) ==
	                         KONORM_EINVAL_UTF8 &&
	                 off == 16,
	         "bad byte after two ASCII words (got %zu)", off);
}

static void
check_sink(struct kt *t)
{
	char buf[4];
	struct kn_sink s;
	kn_sink_init(&s, buf, sizeof(buf));
	kn_sink_put_cp(&s, 0xD55C); /* 3 bytes: fits */
	kn_sink_put_cp(&s, 0xAE00); /* 3 more: does not */
	kn_sink_put(&s, "x", 1);    /* would fit, but must not be written */
	struct konorm_result r = kn_sink_result(&s, 0);
	KT_CHECK(t, r.status == KONORM_EBUFSIZE && r.needed == 7,
	         "short buffer: EBUFSIZE and the full length");
	KT_STR(t, buf, 3, "\xED\x95\x9C", "prefix ends on a boundary");
	kn_sink_init(&s, NULL, 0);
	kn_sink_put(&s, "abc", 3);
	r = kn_sink_result(&s, 0);
	KT_CHECK(t, r.needed == 3, "NULL buffer preflights");
	kn_sink_init(&s, buf, 3);
	kn_sink_put(&s, "abc", 3);
	r = kn_sink_result(&s, 0);
	KT_CHECK(t, r.status == KONORM_OK, "exact fit is OK");
}

void
suite_utf8(struct kt *t)
{
	check_decode(t);
	check_encode_round_trip(t);
	check_validate(t);
	check_sink(t);
	KT_CHECK(t, strcmp(konorm_unicode_version(), "15.0.0") == 0,
	         "Unicode version");
	KT_CHECK(t, strcmp(konorm_strerror(KONORM_EINVAL_UTF8),
	                   "invalid UTF-8") == 0,
	         "strerror");
}
