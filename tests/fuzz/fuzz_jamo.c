/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for konorm_jamo_compose and the streaming composer.  The
 * first input byte picks a chunk size; the rest is the text.  Properties,
 * each an abort() when violated:
 *  - with KONORM_REPLACE the status is OK, the output is valid UTF-8 and
 *    at most 3 bytes per input byte, and a preflight gives the same size;
 *  - without it, the status and offset agree with konorm_utf8_validate;
 *  - composing twice changes nothing (the output has no composable run);
 *  - the composer fed code point by code point over chunks of the chosen
 *    size (a split character carried over) gives the one-shot output.
 */
#include "../../src/jamo.h"

#include <stdlib.h>
#include <string.h>

struct collect {
	uint8_t *p;
	size_t len, cap;
};

static void
collect_cp(void *ctx, uint32_t cp)
{
	struct collect *c = ctx;
	uint8_t b[4];
	int n = kn_utf8_encode(cp, b);
	if (c->len + (size_t)n > c->cap) {
		abort(); /* more output than the one-shot needed */
	}
	memcpy(c->p + c->len, b, (size_t)n);
	c->len += (size_t)n;
}

static void
compose_in_chunks(const uint8_t *s, size_t len, size_t size,
                  struct collect *out)
{
	struct kn_jamo_composer c;
	kn_jamo_init(&c);
	size_t i = 0, chunk_end = 0;
	while (i < len) {
		chunk_end = chunk_end + size < len ? chunk_end + size : len;
		while (i < chunk_end) {
			uint32_t cp;
			/* A character may run past the chunk end: the bytes
			 * after it are what the next chunk would carry in. */
			int r = kn_utf8_decode(s + i, len - i, &cp);
			if (r <= 0) {
				cp = KN_REPLACEMENT_CHAR;
				r = r < 0 ? -r : (int)(len - i);
			}
			kn_jamo_feed(&c, cp, collect_cp, out);
			i += (size_t)r;
		}
	}
	kn_jamo_flush(&c, collect_cp, out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	size_t chunk = 1 + data[0] % 64;
	const char *src = (const char *)data + 1;
	size_t len = size - 1;
	size_t cap = 3 * len + 1;
	char *out = malloc(cap), *again = malloc(cap);
	struct konorm_result r =
	        konorm_jamo_compose(src, len, out, cap, KONORM_REPLACE);
	struct konorm_result pre =
	        konorm_jamo_compose(src, len, NULL, 0, KONORM_REPLACE);
	if (r.status != KONORM_OK || r.needed > 3 * len ||
	    pre.needed != r.needed ||
	    (len > 0 && pre.status != KONORM_EBUFSIZE && r.needed > 0) ||
	    konorm_utf8_validate(out, r.needed, NULL) != KONORM_OK) {
		abort();
	}
	struct konorm_result twice =
	        konorm_jamo_compose(out, r.needed, again, cap, 0);
	if (twice.status != KONORM_OK || twice.needed != r.needed ||
	    memcmp(again, out, r.needed) != 0) {
		abort();
	}
	size_t bad_at = 0;
	enum konorm_status v = konorm_utf8_validate(src, len, &bad_at);
	struct konorm_result strict = konorm_jamo_compose(src, len, again,
	                                                  cap, 0);
	if (strict.status != v || (v != KONORM_OK && strict.offset != bad_at)) {
		abort();
	}
	struct collect c = {(uint8_t *)again, 0, r.needed};
	compose_in_chunks((const uint8_t *)src, len, chunk, &c);
	if (c.len != r.needed || memcmp(again, out, c.len) != 0) {
		abort();
	}
	free(out);
	free(again);
	return 0;
}
