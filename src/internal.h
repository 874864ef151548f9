/* SPDX-License-Identifier: MIT */
/* Declarations shared between library modules; never installed. */
#ifndef KN_INTERNAL_H
#define KN_INTERNAL_H

#define KONORM_BUILDING 1
#include "konorm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define KN_HIDDEN __attribute__((visibility("hidden")))
#define KN_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UTF-8 (utf8.c) ---------------------------------------------------- */

/*
 * Decodes one scalar value from s[0..n).
 *  > 0  length of a well-formed sequence; *cp is set.
 *  < 0  -(length of the maximal subpart) of an ill-formed sequence, the
 *       bytes to replace by one U+FFFD (Unicode 15.0 §3.9 D93b).
 *  = 0  n == 0, or s[0..n) is a proper prefix of a well-formed sequence
 *       (more input is needed to decide).
 */
static inline int kn_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp);
/* Encodes cp (a scalar value) into out[0..4); returns the length. */
static inline int kn_utf8_encode(uint32_t cp, uint8_t *out);
/* Length of the sequence a lead byte announces (1-4), 0 if never a lead. */
static inline int kn_utf8_lead_len(uint8_t b);
/* Offset of the first non-ASCII byte in s[0..n), or n. */
static inline size_t kn_ascii_prefix(const uint8_t *s, size_t n);

#define KN_REPLACEMENT_CHAR 0xFFFDu

/* Inline: every stage decodes in its inner loop. */
static inline int
kn_utf8_lead_len(uint8_t b)
{
	if (b < 0x80) {
		return 1;
	}
	if (b < 0xC2) {
		return 0; /* continuation byte, or overlong lead C0/C1 */
	}
	return b < 0xE0 ? 2 : b < 0xF0 ? 3 : b < 0xF5 ? 4 : 0;
}

static inline int
kn_utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	if (n == 0) {
		return 0;
	}
	uint8_t b0 = s[0];
	if (b0 < 0x80) {
		*cp = b0;
		return 1;
	}
	int len = kn_utf8_lead_len(b0);
	if (len == 0) {
		return -1;
	}
	/* The second byte carries the table 3-7 restrictions: no
	 * overlongs (E0, F0), no surrogates (ED), nothing above U+10FFFF
	 * (F4); later trail bytes are always 80..BF. */
	uint8_t lo = b0 == 0xE0 ? 0xA0 : b0 == 0xF0 ? 0x90 : 0x80;
	uint8_t hi = b0 == 0xED ? 0x9F : b0 == 0xF4 ? 0x8F : 0xBF;
	uint32_t c = b0 & (0x7Fu >> len);
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n) {
			return 0; /* a valid prefix so far: need more bytes */
		}
		uint8_t b = s[i];
		if (b < lo || b > hi) {
			return -i; /* maximal subpart ends before this byte */
		}
		lo = 0x80;
		hi = 0xBF;
		c = (c << 6) | (b & 0x3Fu);
	}
	*cp = c;
	return len;
}

static inline int
kn_utf8_encode(uint32_t cp, uint8_t *out)
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xC0 | (cp >> 6));
		out[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xE0 | (cp >> 12));
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | (cp >> 18));
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

static inline size_t
kn_ascii_prefix(const uint8_t *s, size_t n)
{
	size_t i = 0;
	/* Eight bytes at a time: most text is mostly ASCII. */
	while (i + 8 <= n) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & UINT64_C(0x8080808080808080)) {
			break;
		}
		i += 8;
	}
	while (i < n && s[i] < 0x80) {
		i++;
	}
	return i;
}



/* ---- Output sink with snprintf semantics (utf8.c) ---------------------- */

/* Writes while there is room, counts everything; `full` remembers that a
 * write did not fit so that the written prefix ends on a boundary. */
struct kn_sink {
	uint8_t *dst;
	size_t cap;
	size_t len; /* bytes the output needs so far */
	bool full;
};

KN_HIDDEN void kn_sink_init(struct kn_sink *s, char *dst, size_t cap);
KN_HIDDEN void kn_sink_put(struct kn_sink *s, const void *p, size_t n);
KN_HIDDEN void kn_sink_put_cp(struct kn_sink *s, uint32_t cp);
/* Turns a finished sink into a result: EBUFSIZE when it overflowed. */
KN_HIDDEN struct konorm_result kn_sink_result(const struct kn_sink *s,
                                              size_t input_len);

/* ---- Growable byte buffer (utf8.c) -------------------------------------- */

struct kn_buf {
	uint8_t *p;
	size_t len;
	size_t cap;
};

KN_HIDDEN bool kn_buf_reserve(struct kn_buf *b, size_t extra);
KN_HIDDEN bool kn_buf_append(struct kn_buf *b, const void *p, size_t n);
KN_HIDDEN void kn_buf_release(struct kn_buf *b);

/* ---- Hangul arithmetic (Unicode 15.0 §3.12) ---------------------------- */

#define KN_HANGUL_SBASE 0xAC00u
#define KN_HANGUL_LBASE 0x1100u
#define KN_HANGUL_VBASE 0x1161u
#define KN_HANGUL_TBASE 0x11A7u
#define KN_HANGUL_LCOUNT 19u
#define KN_HANGUL_VCOUNT 21u
#define KN_HANGUL_TCOUNT 28u
#define KN_HANGUL_NCOUNT (KN_HANGUL_VCOUNT * KN_HANGUL_TCOUNT)
#define KN_HANGUL_SCOUNT (KN_HANGUL_LCOUNT * KN_HANGUL_NCOUNT)

static inline bool
kn_is_hangul_syllable(uint32_t cp)
{
	return cp - KN_HANGUL_SBASE < KN_HANGUL_SCOUNT;
}

/* ---- Code point sinks ---------------------------------------------------- */

/* Stages that run code point by code point hand their output to an emit
 * callback, so that one-shot and streaming callers share one automaton. */
typedef void (*kn_emit_fn)(void *ctx, uint32_t cp);

#endif /* KN_INTERNAL_H */
