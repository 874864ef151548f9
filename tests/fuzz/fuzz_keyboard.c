/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for konorm_keyboard and konorm_keyboard_boundary.  The
 * first input byte picks the direction (bit 7) and a chunk size; the rest
 * is the text.  Properties, each an abort() when violated:
 *  - with KONORM_REPLACE the status is OK, the output valid UTF-8 and at
 *    most 3 bytes per input byte; without it, status and offset agree
 *    with konorm_utf8_validate;
 *  - converting in chunks cut at konorm_keyboard_boundary (the CLI's
 *    loop) gives the one-shot output, and every boundary is in range;
 *  - valid text with no ASCII letter and no modern compatibility jamo
 *    comes back unchanged from TO_QWERTY then TO_HANGUL.
 */
#include "../../src/jamo.h"

#include <stdlib.h>
#include <string.h>

static void
check_chunked(const char *src, size_t len, size_t chunk, uint32_t flags,
              const char *want, size_t want_len)
{
	size_t cap = 3 * len + 1;
	char *out = malloc(cap);
	size_t done = 0, start = 0, at = 0;
	while (at < len) {
		at = at + chunk < len ? at + chunk : len;
		size_t cut = len;
		if (at < len) {
			cut = start + konorm_keyboard_boundary(
			                      src + start, at - start, flags);
		}
		if (cut > at || cut < start) {
			abort();
		}
		struct konorm_result r =
		        konorm_keyboard(src + start, cut - start, out + done,
		                        cap - done, flags);
		if (r.status != KONORM_OK) {
			abort();
		}
		done += r.needed;
		start = cut;
	}
	if (done != want_len || memcmp(out, want, done) != 0) {
		abort();
	}
	free(out);
}

/* Text whose round trip must be the identity: valid, no ASCII letters
 * (they would be read as keys) and no modern jamo (a lone ㄱ next to a
 * syllable joins it, as on a real keyboard). */
static bool
round_trip_applies(const char *src, size_t len)
{
	if (konorm_utf8_validate(src, len, NULL) != KONORM_OK) {
		return false;
	}
	const uint8_t *s = (const uint8_t *)src;
	for (size_t i = 0; i < len;) {
		uint32_t cp = 0;
		int r = kn_utf8_decode(s + i, len - i, &cp);
		/* Conjoining jamo (NFD) come back precomposed. */
		bool conjoining = (cp >= 0x1100 && cp <= 0x11FF) ||
		                  (cp >= 0xA960 && cp <= 0xA97F) ||
		                  (cp >= 0xD7B0 && cp <= 0xD7FF);
		if (kn_keyboard_is_hangul_key(s[i]) ||
		    kn_cjamo_is_consonant(cp) || kn_cjamo_is_vowel(cp) ||
		    conjoining) {
			return false;
		}
		i += (size_t)r;
	}
	return true;
}

static void
check_round_trip(const char *src, size_t len)
{
	size_t cap = 3 * len + 1;
	char *keys = malloc(cap), *back = malloc(3 * cap);
	struct konorm_result q = konorm_keyboard(src, len, keys, cap,
	                                         KONORM_KEYBOARD_TO_QWERTY);
	struct konorm_result h = konorm_keyboard(keys, q.needed, back,
	                                         3 * cap,
	                                         KONORM_KEYBOARD_TO_HANGUL);
	if (q.status != KONORM_OK || h.status != KONORM_OK ||
	    h.needed != len || memcmp(back, src, len) != 0) {
		abort();
	}
	free(keys);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	uint32_t dir = data[0] & 0x80 ? KONORM_KEYBOARD_TO_QWERTY
	                              : KONORM_KEYBOARD_TO_HANGUL;
	size_t chunk = 1 + data[0] % 64;
	const char *src = (const char *)data + 1;
	size_t len = size - 1;
	size_t cap = 3 * len + 1;
	char *out = malloc(cap);
	uint32_t flags = dir | KONORM_REPLACE;
	struct konorm_result r = konorm_keyboard(src, len, out, cap, flags);
	if (r.status != KONORM_OK || r.needed > 3 * len ||
	    konorm_utf8_validate(out, r.needed, NULL) != KONORM_OK) {
		abort();
	}
	check_chunked(src, len, chunk, flags, out, r.needed);
	size_t bad_at = 0;
	enum konorm_status v = konorm_utf8_validate(src, len, &bad_at);
	struct konorm_result strict = konorm_keyboard(src, len, out, cap, dir);
	if (strict.status != v || (v != KONORM_OK && strict.offset != bad_at)) {
		abort();
	}
	if (round_trip_applies(src, len)) {
		check_round_trip(src, len);
	}
	free(out);
	return 0;
}
