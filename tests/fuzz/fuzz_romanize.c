/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for konorm_romanize.  The first input byte picks the
 * system and options; the rest is the text.  Properties, each an abort()
 * when violated:
 *  - the status is OK, or an input error whose offset agrees with
 *    konorm_utf8_validate; never anything else;
 *  - the output (and the prefix written before an error) is valid UTF-8,
 *    and needs at most 4 bytes per input byte plus a constant;
 *  - a preflight (NULL, 0) reports the same length, and a short buffer
 *    gives EBUFSIZE with a prefix of the full output;
 *  - Hangul text with spaces, digits and punctuation comes back unchanged
 *    from RR_TRANSLIT then RR_TRANSLIT | REVERSE.
 */
#include "../../src/internal.h"

#include <stdlib.h>
#include <string.h>

static const uint32_t flag_choices[] = {
	KONORM_ROMAN_RR,
	KONORM_ROMAN_RR | KONORM_ROMAN_PROPER | KONORM_ROMAN_HYPHEN_AMBIGUOUS,
	KONORM_ROMAN_RR | KONORM_ROMAN_PLACE,
	KONORM_ROMAN_RR | KONORM_ROMAN_NAME | KONORM_ROMAN_NAME_HYPHEN,
	KONORM_ROMAN_RR | KONORM_ROMAN_NAME | KONORM_ROMAN_SURNAME_POPULAR,
	KONORM_ROMAN_RR_TRANSLIT,
	KONORM_ROMAN_RR_TRANSLIT | KONORM_ROMAN_REVERSE,
	KONORM_ROMAN_MR | KONORM_ROMAN_PROPER,
	KONORM_ROMAN_MR | KONORM_ROMAN_ASCII | KONORM_ROMAN_PLACE,
	KONORM_ROMAN_YALE,
	KONORM_ROMAN_RR | KONORM_ROMAN_PROPER,
	KONORM_ROMAN_RR | KONORM_ROMAN_PLACE | KONORM_ROMAN_NO_NUMBER_READING,
};

static void
check_utf8(const char *p, size_t n)
{
	size_t off = 0;
	if (konorm_utf8_validate(p, n, &off) != KONORM_OK) {
		abort();
	}
}

static void
check_one(const char *src, size_t len, uint32_t flags)
{
	size_t cap = 6 * len + 64; /* the bound konorm.h states */
	char *out = malloc(cap);
	struct konorm_result r = konorm_romanize(src, len, out, cap, flags);
	size_t bad_at = 0;
	enum konorm_status v = konorm_utf8_validate(src, len, &bad_at);
	if (r.status != v || (v != KONORM_OK && r.offset != bad_at)) {
		abort();
	}
	if (r.needed > cap) {
		abort(); /* the bound itself */
	}
	check_utf8(out, r.needed);
	struct konorm_result pre = konorm_romanize(src, len, NULL, 0, flags);
	if (pre.needed != r.needed) {
		abort();
	}
	if (r.status == KONORM_OK && r.needed > 1) {
		size_t half = r.needed / 2;
		char *shorter = malloc(half);
		struct konorm_result s =
		        konorm_romanize(src, len, shorter, half, flags);
		if (s.status != KONORM_EBUFSIZE || s.needed != r.needed) {
			abort();
		}
		/* 0xFF never appears in UTF-8: what is left of it was not
		 * written.  The written prefix is valid and matches. */
		memset(shorter, 0xFF, half);
		konorm_romanize(src, len, shorter, half, flags);
		size_t written = 0;
		while (written < half && (uint8_t)shorter[written] != 0xFF) {
			written++;
		}
		check_utf8(shorter, written);
		if (memcmp(shorter, out, written) != 0) {
			abort();
		}
		free(shorter);
	}
	free(out);
}

/* Only Hangul syllables, digits, spaces and punctuation: the text the
 * transliteration must restore exactly. */
static bool
restorable(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp = 0;
		int k = kn_utf8_decode(p + i, n - i, &cp);
		if (k <= 0) {
			return false;
		}
		bool ok = kn_is_hangul_syllable(cp) || cp == ' ' ||
		          cp == '\n' || cp == ',' || cp == '.' ||
		          (cp >= '0' && cp <= '9');
		if (!ok) {
			return false;
		}
		i += (size_t)k;
	}
	return true;
}

static void
check_round_trip(const char *src, size_t len)
{
	size_t cap = 6 * len + 64; /* the bound konorm.h states */
	char *latin = malloc(cap), *back = malloc(cap);
	struct konorm_result r = konorm_romanize(src, len, latin, cap,
	                                         KONORM_ROMAN_RR_TRANSLIT);
	struct konorm_result b = konorm_romanize(
	        latin, r.needed, back, cap,
	        KONORM_ROMAN_RR_TRANSLIT | KONORM_ROMAN_REVERSE);
	if (r.status != KONORM_OK || b.status != KONORM_OK ||
	    b.needed != len || memcmp(back, src, len) != 0) {
		abort();
	}
	free(latin);
	free(back);
}

/* The NFD form of src (Hangul syllables decomposed into conjoining jamo,
 * Unicode 15.0 3.12) in a new buffer, or NULL when src is not valid UTF-8
 * or already holds jamo or a tone mark (whose NFD differs in more ways). */
static char *
hangul_nfd(const char *src, size_t len, size_t *out_len)
{
	char *out = malloc(3 * len + 1);
	size_t i = 0, n = 0;
	while (i < len) {
		uint32_t cp = 0;
		int k = kn_utf8_decode((const uint8_t *)src + i, len - i, &cp);
		bool jamo = (cp >= 0x1100 && cp <= 0x11FF) ||
		            (cp >= 0xA960 && cp <= 0xA97F) ||
		            (cp >= 0xD7B0 && cp <= 0xD7FF) || cp == 0x302E ||
		            cp == 0x302F;
		if (k <= 0 || jamo) {
			free(out);
			return NULL;
		}
		if (kn_is_hangul_syllable(cp)) {
			uint32_t s = cp - KN_HANGUL_SBASE;
			uint32_t t = s % KN_HANGUL_TCOUNT;
			n += (size_t)kn_utf8_encode(0x1100 + s / KN_HANGUL_NCOUNT,
			                            (uint8_t *)out + n);
			n += (size_t)kn_utf8_encode(
			        0x1161 + s % KN_HANGUL_NCOUNT / KN_HANGUL_TCOUNT,
			        (uint8_t *)out + n);
			if (t != 0) {
				n += (size_t)kn_utf8_encode(0x11A7 + t,
				                            (uint8_t *)out + n);
			}
		} else {
			memcpy(out + n, src + i, (size_t)k);
			n += (size_t)k;
		}
		i += (size_t)k;
	}
	*out_len = n;
	return out;
}

/* Property: NFD input (as macOS file names) romanizes as its NFC. */
static void
check_nfd(const char *src, size_t len, uint32_t flags)
{
	size_t dlen = 0;
	char *nfd = hangul_nfd(src, len, &dlen);
	if (nfd == NULL || (flags & KONORM_ROMAN_REVERSE)) {
		free(nfd);
		return;
	}
	size_t cap = 6 * dlen + 64;
	char *a = malloc(6 * len + 64), *b = malloc(cap);
	struct konorm_result ra = konorm_romanize(src, len, a, 6 * len + 64,
	                                          flags);
	struct konorm_result rb = konorm_romanize(nfd, dlen, b, cap, flags);
	if (ra.status != rb.status || ra.needed != rb.needed ||
	    memcmp(a, b, ra.needed) != 0) {
		abort();
	}
	free(a);
	free(b);
	free(nfd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	uint32_t flags = flag_choices[data[0] % KN_ARRAY_LEN(flag_choices)];
	const char *src = (const char *)data + 1;
	size_t len = size - 1;
	check_one(src, len, flags);
	check_nfd(src, len, flags);
	if (restorable(data + 1, len)) {
		check_round_trip(src, len);
	}
	return 0;
}
