/* SPDX-License-Identifier: MIT */
/* Conversion (src/convert.c): round trips over all of KS X 1001 and the
 * 11,172 syllables, streaming, errors and policies, ICU differential. */
#include "../src/internal.h"
#include "harness.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

/* A string literal and its length (it may hold NUL bytes). */
#define BYTES(s) s, sizeof(s) - 1

struct conv_out {
	char *p;
	size_t len;
	enum konorm_status status;
	uint64_t offset;
	uint64_t replaced, skipped;
};

/* Converts src in chunks of `chunk` bytes with output room of `room`
 * bytes at a time. */
static struct conv_out
convert(enum konorm_encoding from, enum konorm_encoding to, uint32_t flags,
        const char *src, size_t n, size_t chunk, size_t room)
{
	struct conv_out r = {0};
	struct konorm_converter *c = konorm_converter_new(from, to, flags);
	if (c == NULL) {
		r.status = KONORM_EENCODING;
		return r;
	}
	size_t cap = n * 4 + 64;
	r.p = malloc(cap);
	enum konorm_status st = KONORM_OK;
	for (size_t i = 0; i < n && st == KONORM_OK; i += chunk) {
		struct konorm_in in = {src + i, n - i < chunk ? n - i : chunk, 0};
		do {
			size_t w = cap - r.len < room ? cap - r.len : room;
			struct konorm_out out = {r.p + r.len, w, 0};
			st = konorm_converter_feed(c, &in, &out);
			r.len += out.pos;
		} while (st == KONORM_EBUFSIZE);
	}
	while (st == KONORM_OK || st == KONORM_EBUFSIZE) {
		size_t w = cap - r.len < room ? cap - r.len : room;
		struct konorm_out out = {r.p + r.len, w, 0};
		st = konorm_converter_finish(c, &out);
		r.len += out.pos;
		if (st == KONORM_OK) {
			break;
		}
	}
	r.status = st;
	r.offset = konorm_converter_offset(c);
	r.replaced = konorm_converter_replaced(c);
	r.skipped = konorm_converter_skipped(c);
	konorm_converter_free(c);
	return r;
}

static struct conv_out
convert_all(enum konorm_encoding from, enum konorm_encoding to,
            uint32_t flags, const char *src, size_t n)
{
	return convert(from, to, flags, src, n, n > 0 ? n : 1, n * 4 + 64);
}

/* ---- Round trips ------------------------------------------------------- */

static char *
all_syllables(size_t *len)
{
	char *p = malloc(KN_HANGUL_SCOUNT * 3);
	size_t n = 0;
	for (uint32_t cp = KN_HANGUL_SBASE;
	     cp < KN_HANGUL_SBASE + KN_HANGUL_SCOUNT; cp++) {
		n += (size_t)kn_utf8_encode(cp, (uint8_t *)p + n);
	}
	*len = n;
	return p;
}

static void
check_syllable_round_trips(struct kt *t)
{
	static const enum konorm_encoding encs[] = {
		KONORM_ENC_CP949,   KONORM_ENC_JOHAB,   KONORM_ENC_UTF16LE,
		KONORM_ENC_UTF16BE, KONORM_ENC_UTF32LE, KONORM_ENC_UTF32BE,
	};
	size_t n;
	char *u = all_syllables(&n);
	for (size_t i = 0; i < KN_ARRAY_LEN(encs); i++) {
		struct conv_out a = convert_all(KONORM_ENC_UTF8, encs[i], 0, u, n);
		KT_CHECK(t, a.status == KONORM_OK,
		         "all 11,172 syllables into %s: status %d",
		         konorm_encoding_name(encs[i]), (int)a.status);
		struct conv_out b =
		        convert_all(encs[i], KONORM_ENC_UTF8, 0, a.p, a.len);
		char what[96];
		snprintf(what, sizeof(what), "11,172 syllables through %s",
		         konorm_encoding_name(encs[i]));
		KT_BYTES(t, b.p, b.len, u, n, what);
		/* And in small pieces, both ways. */
		struct conv_out c = convert(encs[i], KONORM_ENC_UTF8, 0, a.p,
		                            a.len, 3, 5);
		snprintf(what, sizeof(what), "%s in 3-byte chunks",
		         konorm_encoding_name(encs[i]));
		KT_BYTES(t, c.p, c.len, u, n, what);
		free(a.p);
		free(b.p);
		free(c.p);
	}
	/* EUC-KR holds the 2,350 syllables of KS X 1001 only. */
	struct conv_out e = convert_all(KONORM_ENC_UTF8, KONORM_ENC_EUC_KR,
	                                KONORM_CONVERT_SKIP, u, n);
	KT_CHECK(t, e.status == KONORM_OK && e.skipped == 11172 - 2350 &&
	                    e.len == 2350 * 2,
	         "EUC-KR: 2,350 syllables, %llu skipped",
	         (unsigned long long)e.skipped);
	free(e.p);
	free(u);
}

/* Every code of KS X 1001 (the EUC-KR pairs glibc maps), through every
 * Korean encoding and back. */
static void
check_ksx1001_round_trips(struct kt *t)
{
	iconv_t cd = iconv_open("UTF-8", "EUC-KR");
	char *euc = malloc(94 * 94 * 2);
	size_t n = 0, codes = 0;
	for (int a = 0xA1; a <= 0xFE; a++) {
		for (int b = 0xA1; b <= 0xFE; b++) {
			char s[2] = {(char)a, (char)b}, out[8];
			char *ip = s, *op = out;
			size_t il = 2, ol = sizeof(out);
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) {
				euc[n++] = s[0];
				euc[n++] = s[1];
				codes++;
			}
		}
	}
	iconv_close(cd);
	KT_CHECK(t, codes > 8000, "%zu KS X 1001 codes", codes);
	struct conv_out u = convert_all(KONORM_ENC_EUC_KR, KONORM_ENC_UTF8, 0,
	                                euc, n);
	KT_CHECK(t, u.status == KONORM_OK, "KS X 1001 to UTF-8");
	static const enum konorm_encoding encs[] = {
		KONORM_ENC_EUC_KR, KONORM_ENC_CP949, KONORM_ENC_ISO_2022_KR,
		KONORM_ENC_JOHAB, KONORM_ENC_UTF16BE,
	};
	/* glibc's CP949 lacks one code its EUC-KR has: A2E8, U+327E
	 * (CIRCLED HANGUL IEUNG U, added in KS X 1001:2002). */
	char *no327e = malloc(u.len);
	size_t n2 = 0;
	for (size_t i = 0; i < u.len; i++) {
		if (i + 3 <= u.len && memcmp(u.p + i, "\xE3\x89\xBE", 3) == 0) {
			i += 2;
			continue;
		}
		no327e[n2++] = u.p[i];
	}
	for (size_t i = 0; i < KN_ARRAY_LEN(encs); i++) {
		bool cp949 = encs[i] == KONORM_ENC_CP949;
		struct conv_out a = convert_all(
		        KONORM_ENC_UTF8, encs[i],
		        cp949 ? KONORM_CONVERT_SKIP : 0, u.p, u.len);
		struct conv_out b =
		        convert(encs[i], KONORM_ENC_UTF8, 0, a.p, a.len, 7, 11);
		char what[96];
		snprintf(what, sizeof(what), "KS X 1001 through %s (status %d)",
		         konorm_encoding_name(encs[i]), (int)a.status);
		KT_BYTES(t, b.p, b.len, cp949 ? no327e : u.p,
		         cp949 ? n2 : u.len, what);
		KT_CHECK(t, a.skipped == (cp949 ? 1 : 0),
		         "%s: %llu unmappable", konorm_encoding_name(encs[i]),
		         (unsigned long long)a.skipped);
		free(a.p);
		free(b.p);
	}
	free(no327e);
	struct conv_out back = convert_all(KONORM_ENC_UTF8, KONORM_ENC_EUC_KR,
	                                   0, u.p, u.len);
	KT_BYTES(t, back.p, back.len, euc, n, "EUC-KR bytes back");
	free(back.p);
	free(u.p);
	free(euc);
}

/* ---- Streaming: output independent of chunk and buffer sizes ------------ */

static const struct {
	const char *description;
	enum konorm_encoding from, to;
	const char *input;
	size_t len;
} stream_cases[] = {
	{"ISO-2022-KR shifts to UTF-8", KONORM_ENC_ISO_2022_KR,
	 KONORM_ENC_UTF8,
	 BYTES("\x1B$)C\x0E\x47\x51\x31\x5B\x0F abc\n\x0E\x30\x21\x0F\\x")},
	{"UTF-8 to ISO-2022-KR", KONORM_ENC_UTF8, KONORM_ENC_ISO_2022_KR,
	 BYTES("\xED\x95\x9C\xEA\xB8\x80 ab \xEA\xB0\x80\n")},
	{"CP949 with UHC codes", KONORM_ENC_CP949, KONORM_ENC_UTF16LE,
	 BYTES("\x8C\x63\xB9\xE6\xB0\xA2 x \xC7\xD1")},
	{"UTF-16LE with a surrogate pair", KONORM_ENC_UTF16LE,
	 KONORM_ENC_UTF8, "\x3D\xD8\x00\xDE\x5C\xD5\x41\x00", 8},
	{"GB18030 four-byte codes", KONORM_ENC_GB18030, KONORM_ENC_UTF8,
	 BYTES("\x81\x30\x81\x30\xB0\xA1\x95\x32\x82\x36")},
	{"UTF-8 to JOHAB", KONORM_ENC_UTF8, KONORM_ENC_JOHAB,
	 BYTES("\xED\x95\x9C\xEA\xB8\x80\\")},
};

static void
check_streaming(struct kt *t)
{
	static const size_t chunks[] = {1, 2, 3, 5, 64};
	static const size_t rooms[] = {1, 2, 3, 4096};
	for (size_t i = 0; i < KN_ARRAY_LEN(stream_cases); i++) {
		struct conv_out ref = convert_all(
		        stream_cases[i].from, stream_cases[i].to, 0,
		        stream_cases[i].input, stream_cases[i].len);
		KT_CHECK(t, ref.status == KONORM_OK && ref.len > 0,
		         "%s: status %d", stream_cases[i].description,
		         (int)ref.status);
		for (size_t a = 0; a < KN_ARRAY_LEN(chunks); a++) {
			for (size_t b = 0; b < KN_ARRAY_LEN(rooms); b++) {
				struct conv_out o = convert(
				        stream_cases[i].from, stream_cases[i].to,
				        0, stream_cases[i].input,
				        stream_cases[i].len, chunks[a], rooms[b]);
				char what[160];
				snprintf(what, sizeof(what),
				         "%s: chunks %zu, room %zu",
				         stream_cases[i].description, chunks[a],
				         rooms[b]);
				KT_BYTES(t, o.p, o.len, ref.p, ref.len, what);
				free(o.p);
			}
		}
		free(ref.p);
	}
}

/* ---- Errors and policies ----------------------------------------------- */

static const struct {
	const char *description;
	enum konorm_encoding from, to;
	uint32_t flags;
	const char *input;
	size_t len;
	const char *expected; /* output (UTF-8 unless `to` says otherwise) */
	size_t expected_len;
	enum konorm_status status;
	uint64_t offset; /* checked when status is an error */
	uint64_t count;  /* replaced or skipped */
} error_cases[] = {
	{"empty", KONORM_ENC_CP949, KONORM_ENC_UTF8, 0, BYTES(""), BYTES(""),
	 KONORM_OK, 0, 0},
	{"invalid CP949 stops, output intact", KONORM_ENC_CP949,
	 KONORM_ENC_UTF8, 0, BYTES("\xB0\xA1 \x80 x"), BYTES("\xEA\xB0\x80 "),
	 KONORM_EILSEQ, 3, 0},
	{"invalid CP949 replaced", KONORM_ENC_CP949, KONORM_ENC_UTF8,
	 KONORM_CONVERT_REPLACE, BYTES("\xB0\xA1 \x80 x"),
	 BYTES("\xEA\xB0\x80 \xEF\xBF\xBD x"), KONORM_OK, 0, 1},
	{"invalid CP949 skipped", KONORM_ENC_CP949, KONORM_ENC_UTF8,
	 KONORM_CONVERT_SKIP, BYTES("\xB0\xA1 \x80 x"), BYTES("\xEA\xB0\x80  x"),
	 KONORM_OK, 0, 1},
	{"bad trail: the ASCII byte is read again", KONORM_ENC_CP949,
	 KONORM_ENC_UTF8, KONORM_CONVERT_REPLACE, BYTES("\xB0 a"),
	 BYTES("\xEF\xBF\xBD a"), KONORM_OK, 0, 1},
	{"truncated at the end", KONORM_ENC_CP949, KONORM_ENC_UTF8, 0,
	 BYTES("ab\xB0"), BYTES("ab"), KONORM_ETRUNCATED, 2, 0},
	{"truncated at the end, replaced", KONORM_ENC_CP949, KONORM_ENC_UTF8,
	 KONORM_CONVERT_REPLACE, BYTES("ab\xB0"), BYTES("ab\xEF\xBF\xBD"), KONORM_OK,
	 0, 1},
	{"EUC-KR rejects a C1 byte glibc accepts", KONORM_ENC_EUC_KR,
	 KONORM_ENC_UTF8, 0, BYTES("a\x85"), BYTES("a"), KONORM_EILSEQ, 1, 0},
	{"EUC-KR rejects a UHC code", KONORM_ENC_EUC_KR, KONORM_ENC_UTF8, 0,
	 BYTES("\xB0\xA1\x8C\x63"), BYTES("\xEA\xB0\x80"), KONORM_EILSEQ, 2, 0},
	{"ISO-2022-KR SO without designation", KONORM_ENC_ISO_2022_KR,
	 KONORM_ENC_UTF8, 0, BYTES("ab\x0E\x30\x21\x0F"), BYTES("ab"), KONORM_EILSEQ,
	 2, 0},
	{"unmappable into EUC-KR stops", KONORM_ENC_UTF8, KONORM_ENC_EUC_KR,
	 0, BYTES("a\xF0\x9F\x98\x80 b"), BYTES("a"), KONORM_EUNMAPPABLE, 1, 0},
	{"unmappable into EUC-KR replaced by ?", KONORM_ENC_UTF8,
	 KONORM_ENC_EUC_KR, KONORM_CONVERT_REPLACE, BYTES("a\xF0\x9F\x98\x80 b"),
	 BYTES("a? b"), KONORM_OK, 0, 1},
	{"unmappable into ASCII", KONORM_ENC_UTF8, KONORM_ENC_ASCII, 0,
	 BYTES("ab\xC3\xA9"), BYTES("ab"), KONORM_EUNMAPPABLE, 2, 0},
	{"invalid UTF-8: maximal subpart replaced once", KONORM_ENC_UTF8,
	 KONORM_ENC_UTF16BE, KONORM_CONVERT_REPLACE, BYTES("\xE2\x82X"),
	 BYTES("\xFF\xFD\x00X"), KONORM_OK, 0, 1},
	{"lone UTF-16 surrogate", KONORM_ENC_UTF16LE, KONORM_ENC_UTF8, 0,
	 BYTES("a\x00\x00\xDC"), BYTES("a"), KONORM_EILSEQ, 2, 0},
	{"UTF-8 BOM dropped", KONORM_ENC_UTF8, KONORM_ENC_UTF8, 0,
	 BYTES("\xEF\xBB\xBF" "a"), BYTES("a"), KONORM_OK, 0, 0},
	{"UTF-8 BOM kept", KONORM_ENC_UTF8, KONORM_ENC_UTF8,
	 KONORM_CONVERT_KEEP_BOM, BYTES("\xEF\xBB\xBF" "a"), BYTES("\xEF\xBB\xBF" "a"), KONORM_OK, 0, 0},
	{"UTF-16LE BOM dropped", KONORM_ENC_UTF16LE, KONORM_ENC_UTF8, 0,
	 BYTES("\xFF\xFE\x41\x00"), BYTES("A"), KONORM_OK, 0, 0},
	{"U+FEFF inside is text", KONORM_ENC_UTF8, KONORM_ENC_UTF8, 0,
	 BYTES("a\xEF\xBB\xBF"), BYTES("a\xEF\xBB\xBF"), KONORM_OK, 0, 0},
	{"JOHAB 0x5C is a backslash", KONORM_ENC_JOHAB, KONORM_ENC_UTF8, 0,
	 BYTES("C:\\x"), BYTES("C:\\x"), KONORM_OK, 0, 0},
	{"JOHAB 0x5C with --won-sign", KONORM_ENC_JOHAB, KONORM_ENC_UTF8,
	 KONORM_CONVERT_WON_SIGN, BYTES("\\1"), BYTES("\xE2\x82\xA9" "1"), KONORM_OK,
	 0, 0},
	{"backslash into JOHAB is 0x5C", KONORM_ENC_UTF8, KONORM_ENC_JOHAB, 0,
	 BYTES("\\\xED\x95\x9C"), BYTES("\\\xD0\x65"), KONORM_OK, 0, 0},
	{"won sign into JOHAB needs --won-sign", KONORM_ENC_UTF8,
	 KONORM_ENC_JOHAB, 0, BYTES("\xE2\x82\xA9"), BYTES(""), KONORM_EUNMAPPABLE, 0,
	 0},
	{"won sign into JOHAB with --won-sign", KONORM_ENC_UTF8,
	 KONORM_ENC_JOHAB, KONORM_CONVERT_WON_SIGN, BYTES("\xE2\x82\xA9"), BYTES("\\"),
	 KONORM_OK, 0, 0},
	{"ISO-2022-KR keeps the backslash", KONORM_ENC_UTF8,
	 KONORM_ENC_ISO_2022_KR, 0, BYTES("\\"), BYTES("\x1B$)C\\"), KONORM_OK, 0, 0},
	{"ASCII rejects 8-bit", KONORM_ENC_ASCII, KONORM_ENC_UTF8, 0, BYTES("a\xC3"), BYTES("a"), KONORM_EILSEQ, 1, 0},
	{"UTF-32 above U+10FFFF", KONORM_ENC_UTF32BE, KONORM_ENC_UTF8, 0,
	 BYTES("\x00\x11\x00\x00"), BYTES(""), KONORM_EILSEQ, 0, 0},
};

static void
check_errors(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(error_cases); i++) {
		static const size_t chunks[] = {1, 4096};
		for (size_t k = 0; k < KN_ARRAY_LEN(chunks); k++) {
			struct conv_out o =
			        convert(error_cases[i].from, error_cases[i].to,
			                error_cases[i].flags, error_cases[i].input,
			                error_cases[i].len, chunks[k], 4096);
			char what[160];
			snprintf(what, sizeof(what), "%s (chunks of %zu)",
			         error_cases[i].description, chunks[k]);
			KT_BYTES(t, o.p, o.len, error_cases[i].expected,
			         error_cases[i].expected_len, what);
			KT_CHECK(t, o.status == error_cases[i].status,
			         "%s: status %d", what, (int)o.status);
			if (error_cases[i].status != KONORM_OK) {
				KT_CHECK(t, o.offset == error_cases[i].offset,
				         "%s: offset %llu", what,
				         (unsigned long long)o.offset);
			}
			KT_CHECK(t,
			         o.replaced + o.skipped ==
			                 error_cases[i].count,
			         "%s: %llu replaced, %llu skipped", what,
			         (unsigned long long)o.replaced,
			         (unsigned long long)o.skipped);
			free(o.p);
		}
	}
}

static void
check_api(struct kt *t)
{
	KT_CHECK(t, konorm_converter_new(KONORM_ENC_UNKNOWN, KONORM_ENC_UTF8,
	                                 0) == NULL,
	         "unknown source");
	KT_CHECK(t, konorm_converter_new(KONORM_ENC_UTF8, KONORM_ENC_COUNT,
	                                 0) == NULL,
	         "out of range target");
	struct konorm_converter *c =
	        konorm_converter_new(KONORM_ENC_CP949, KONORM_ENC_UTF8, 0);
	struct konorm_in in = {NULL, 1, 0};
	char buf[8];
	struct konorm_out out = {buf, sizeof(buf), 0};
	KT_CHECK(t, konorm_converter_feed(c, &in, &out) == KONORM_EINVAL,
	         "NULL src with size 1");
	KT_CHECK(t, konorm_converter_feed(NULL, &in, &out) == KONORM_EINVAL,
	         "NULL handle");
	/* Exact fit versus one byte short: 가 is 3 bytes of UTF-8. */
	struct konorm_in in2 = {"\xB0\xA1", 2, 0};
	struct konorm_out small = {buf, 2, 0};
	KT_CHECK(t, konorm_converter_feed(c, &in2, &small) == KONORM_EBUFSIZE,
	         "2 bytes of room for 3: EBUFSIZE");
	struct konorm_out rest = {buf + 2, 1, 0};
	KT_CHECK(t, konorm_converter_feed(c, &in2, &rest) == KONORM_OK,
	         "the last byte fits exactly");
	KT_STR(t, buf, 3, "\xEA\xB0\x80", "output across two calls");
	struct konorm_in bad = {"\x80", 1, 0};
	struct konorm_out o3 = {buf, sizeof(buf), 0};
	KT_CHECK(t, konorm_converter_feed(c, &bad, &o3) == KONORM_EILSEQ,
	         "invalid byte");
	unsigned char eb[4];
	KT_CHECK(t, konorm_converter_error_bytes(c, eb, 4) == 1 &&
	                    eb[0] == 0x80,
	         "error bytes");
	KT_CHECK(t, konorm_converter_offset(c) == 2, "offset 2 in the stream");
	KT_CHECK(t, konorm_converter_feed(c, &bad, &o3) == KONORM_EILSEQ,
	         "the error stays");
	konorm_converter_free(c);
	konorm_converter_free(NULL);
}

/* ---- Differential: konorm against ICU on random valid text --------------- */

static uint32_t
next_random(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static void
check_against_icu(struct kt *t)
{
	static const struct {
		enum konorm_encoding enc;
		const char *icu;
		bool ksx1001_only;
	} pairs[] = {
		{KONORM_ENC_CP949, "windows-949-2000", false},
		{KONORM_ENC_EUC_KR, "EUC-KR", true},
		{KONORM_ENC_UTF16BE, "UTF-16BE", false},
	};
	uint32_t seed = 12345;
	unsigned long mismatches = 0, runs = 0;
	for (int iter = 0; iter < 200; iter++) {
		uint8_t text[600];
		size_t n = 0;
		int len = 1 + (int)(next_random(&seed) % 120);
		for (int i = 0; i < len; i++) {
			uint32_t r = next_random(&seed);
			uint32_t cp = r % 3 == 0
			                      ? 0x20 + (r >> 8) % 0x5F
			                      : KN_HANGUL_SBASE +
			                                (r >> 8) % KN_HANGUL_SCOUNT;
			n += (size_t)kn_utf8_encode(cp, text + n);
		}
		for (size_t p = 0; p < KN_ARRAY_LEN(pairs); p++) {
			struct conv_out k = convert_all(
			        KONORM_ENC_UTF8, pairs[p].enc,
			        KONORM_CONVERT_SKIP, (const char *)text, n);
			/* ICU on exactly the text konorm could map. */
			struct conv_out back = convert_all(
			        pairs[p].enc, KONORM_ENC_UTF8, 0, k.p, k.len);
			char icu[4096];
			UErrorCode err = U_ZERO_ERROR;
			int32_t il = ucnv_convert(pairs[p].icu, "UTF-8", icu,
			                          sizeof(icu), back.p,
			                          (int32_t)back.len, &err);
			runs++;
			if (U_FAILURE(err) || (size_t)il != k.len ||
			    memcmp(icu, k.p, k.len) != 0) {
				mismatches++;
			}
			free(k.p);
			free(back.p);
		}
	}
	KT_CHECK(t, mismatches == 0,
	         "%lu of %lu random texts differ from ICU", mismatches, runs);
}

void
suite_convert(struct kt *t)
{
	check_syllable_round_trips(t);
	check_ksx1001_round_trips(t);
	check_streaming(t);
	check_errors(t);
	check_api(t);
	check_against_icu(t);
}
