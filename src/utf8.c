/* SPDX-License-Identifier: MIT */
/* UTF-8 decoding and encoding, output sinks and byte buffers. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

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
	if (n == 0) {
		return; /* dst may be NULL (a preflight) */
	}
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
	if (n == 0) {
		return true;
	}
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
