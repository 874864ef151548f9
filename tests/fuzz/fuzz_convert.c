/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the converter, from every source encoding.  The first
 * two bytes choose the source and target encodings and the flags; the
 * rest is the input.  Properties: the output does not depend on the
 * chunk and buffer sizes; error offsets lie inside the input; UTF-8
 * output is valid UTF-8; text converted to UTF-8 and back to the source
 * encoding converts to UTF-8 again unchanged.
 */
#include "konorm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct result {
	char *p;
	size_t len;
	enum konorm_status st;
	uint64_t offset;
};

static struct result
run(enum konorm_encoding from, enum konorm_encoding to, uint32_t flags,
    const uint8_t *src, size_t n, size_t chunk, size_t room)
{
	struct result r = {NULL, 0, KONORM_OK, 0};
	struct konorm_converter *c = konorm_converter_new(from, to, flags);
	if (c == NULL) {
		abort();
	}
	size_t cap = n * 8 + 64;
	r.p = malloc(cap);
	enum konorm_status st = KONORM_OK;
	for (size_t i = 0; i < n && st == KONORM_OK; i += chunk) {
		struct konorm_in in = {(const char *)src + i,
		                       n - i < chunk ? n - i : chunk, 0};
		do {
			struct konorm_out o = {r.p + r.len, room, 0};
			if (r.len + room > cap) {
				abort();
			}
			st = konorm_converter_feed(c, &in, &o);
			r.len += o.pos;
		} while (st == KONORM_EBUFSIZE);
		if (st == KONORM_OK && in.pos != in.size) {
			abort();
		}
	}
	while (st == KONORM_OK || st == KONORM_EBUFSIZE) {
		struct konorm_out o = {r.p + r.len, room, 0};
		st = konorm_converter_finish(c, &o);
		r.len += o.pos;
		if (st == KONORM_OK) {
			break;
		}
	}
	r.st = st;
	r.offset = konorm_converter_offset(c);
	konorm_converter_free(c);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || size > 8192) {
		return 0;
	}
	int count = KONORM_ENC_COUNT - 1;
	enum konorm_encoding from = (enum konorm_encoding)(1 + data[0] % count);
	enum konorm_encoding to =
	        data[1] & 0x80 ? KONORM_ENC_UTF8
	                       : (enum konorm_encoding)(1 + data[1] % count);
	uint32_t flags = (uint32_t)(data[1] >> 4) & 0x7u;
	const uint8_t *src = data + 2;
	size_t n = size - 2;
	struct result a = run(from, to, flags, src, n, n > 0 ? n : 1, 64 + n * 8);
	struct result b = run(from, to, flags, src, n, 1 + data[0] % 5, 1);
	if (a.st != b.st || a.len != b.len || memcmp(a.p, b.p, a.len) != 0) {
		abort(); /* chunking changed the result */
	}
	if (a.st != KONORM_OK && a.offset > n) {
		abort();
	}
	if (to == KONORM_ENC_UTF8 &&
	    konorm_utf8_validate(a.p, a.len, NULL) != KONORM_OK) {
		abort();
	}
	if (to == KONORM_ENC_UTF8 && a.st == KONORM_OK && flags == 0 &&
	    !(a.len >= 3 && memcmp(a.p, "\xEF\xBB\xBF", 3) == 0)) {
		/* UTF-8 -> source -> UTF-8 is the identity on what the
		 * source produced (a BOM was dropped: keep none). */
		struct result c = run(KONORM_ENC_UTF8, from, 0,
		                      (const uint8_t *)a.p, a.len, a.len + 1,
		                      64 + a.len * 8);
		if (c.st == KONORM_OK) {
			struct result d = run(from, KONORM_ENC_UTF8, 0,
			                      (const uint8_t *)c.p, c.len,
			                      c.len + 1, 64 + c.len * 8);
			if (d.st != KONORM_OK || d.len != a.len ||
			    memcmp(d.p, a.p, a.len) != 0) {
				abort();
			}
			free(d.p);
		}
		free(c.p);
	}
	free(a.p);
	free(b.p);
	return 0;
}
