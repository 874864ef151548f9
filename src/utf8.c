/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding and encoding, output sinks and byte buffers. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

int
kn_utf8_lead_len(uint8_t b)
{
	if (b < 0x80) {
		return 1;
	}
	if (b < 0xC2) {
		return 0; /* continuation byte, or overlong lead C0/C1 */
	}
	if (b < 0xE0) {
		return 2;
	}
	if (b < 0xF0) {
		return 3;
	}
	if (b < 0xF5) {
		return 4;
	}
	return 0;
}

/*
 * Bounds of the second byte, which carry the table 3-7 restrictions
 * (no overlongs, no surrogates, nothing above U+10FFFF); later trail
 * bytes are always 80..BF.
 */
static void
second_byte_range(uint8_t lead, uint8_t *lo, uint8_t *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (lead == 0xE0) {
		*lo = 0xA0;
	} else if (lead == 0xED) {
		*hi = 0x9F;
	} else if (lead == 0xF0) {
		*lo = 0x90;
	} else if (lead == 0xF4) {
		*hi = 0x8F;
	}
}

int
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
	uint8_t lo, hi;
	second_byte_range(b0, &lo, &hi);
	uint32_t c = b0 & (0x7F >> len);
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n) {
			return 0; /* a valid prefix so far: need more bytes */
		}
		uint8_t b = s[i];
		if (i > 1) {
			lo = 0x80;
			hi = 0xBF;
		}
		if (b < lo || b > hi) {
			return -i; /* maximal subpart ends before this byte */
		}
		c = (c << 6) | (b & 0x3F);
	}
	*cp = c;
	return len;
}

int
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

size_t
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

enum konorm_status
konorm_utf8_validate(const char *src, size_t len, size_t *offset)
{
	const uint8_t *s = (const uint8_t *)src;
	if (src == NULL && len > 0) {
		return KONORM_EINVAL;
	}
	size_t i = 0;
	while (i < len) {
		i += kn_ascii_prefix(s + i, len - i);
		if (i >= len) {
			break;
		}
		uint32_t cp;
		int r = kn_utf8_decode(s + i, len - i, &cp);
		if (r <= 0) {
			if (offset != NULL) {
				*offset = i;
			}
			return r == 0 ? KONORM_ETRUNCATED : KONORM_EINVAL_UTF8;
		}
		i += (size_t)r;
	}
	if (offset != NULL) {
		*offset = len;
	}
	return KONORM_OK;
}

void
kn_sink_init(struct kn_sink *s, char *dst, size_t cap)
{
	s->dst = (uint8_t *)dst;
	s->cap = dst == NULL ? 0 : cap;
	s->len = 0;
	s->full = false;
}

void
kn_sink_put(struct kn_sink *s, const void *p, size_t n)
{
	/* Once one piece did not fit, nothing more is written, so the prefix
	 * in dst ends where a whole piece ended (a character boundary when the
	 * callers put whole characters). */
	if (!s->full && s->len + n <= s->cap) {
		memcpy(s->dst + s->len, p, n);
	} else {
		s->full = true;
	}
	s->len += n;
}

void
kn_sink_put_cp(struct kn_sink *s, uint32_t cp)
{
	uint8_t b[4];
	kn_sink_put(s, b, (size_t)kn_utf8_encode(cp, b));
}

struct konorm_result
kn_sink_result(const struct kn_sink *s, size_t input_len)
{
	struct konorm_result r = {
		.status = s->full ? KONORM_EBUFSIZE : KONORM_OK,
		.offset = input_len,
		.needed = s->len,
	};
	return r;
}

bool
kn_buf_reserve(struct kn_buf *b, size_t extra)
{
	if (b->cap - b->len >= extra) {
		return true;
	}
	size_t want = b->len + extra;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < want) {
		cap *= 2;
	}
	uint8_t *p = realloc(b->p, cap);
	if (p == NULL) {
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

bool
kn_buf_append(struct kn_buf *b, const void *p, size_t n)
{
	if (!kn_buf_reserve(b, n)) {
		return false;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return true;
}

void
kn_buf_release(struct kn_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
