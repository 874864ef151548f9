/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the scanner.  The first input byte picks the kinds and
 * the sensitivity, the second a chunk size; the rest is the text.
 * Properties, each an abort() when violated:
 *  - the one-shot scan's status agrees with konorm_utf8_validate (an
 *    invalid byte is reported at the offset validation gives);
 *  - every finding lies within the input, is non-empty, starts and ends
 *    on character boundaries, has its text, a reason and a script, a
 *    score in [0, 1], a line and column of at least 1, and a removal
 *    range that contains the span;
 *  - scanning in chunks of any size gives the one-shot findings;
 *  - konorm_scan_clean gives valid UTF-8 never longer than the input,
 *    the same length when preflighted, and the input itself when there
 *    was nothing to remove.
 */
#include "../../src/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trace {
	const uint8_t *src;
	size_t len;
	char *log;
	size_t n, cap;
	size_t removable;
};

static bool
boundary(const uint8_t *s, size_t len, uint64_t off)
{
	return off == len || (off < len && (s[off] & 0xC0) != 0x80);
}

static void
check_finding(const struct trace *t, const struct konorm_finding *f)
{
	if (f->start >= f->end || f->end > t->len ||
	    !boundary(t->src, t->len, f->start) ||
	    !boundary(t->src, t->len, f->end) ||
	    f->text_len != f->end - f->start) {
		abort();
	}
	if (f->text == NULL ||
	    memcmp(f->text, t->src + f->start, f->text_len) != 0) {
		abort();
	}
	if (f->reason == NULL || f->reason[0] == '\0' || f->script == NULL ||
	    !(f->score >= 0 && f->score <= 1) || f->line < 1 || f->column < 1) {
		abort();
	}
	if (f->remove_start > f->start || f->remove_end < f->end ||
	    f->remove_end > t->len ||
	    !boundary(t->src, t->len, f->remove_start) ||
	    !boundary(t->src, t->len, f->remove_end)) {
		abort();
	}
	if (f->line_text == NULL || f->line_start > f->start) {
		abort();
	}
}

static int
record(void *ctx, const struct konorm_finding *f)
{
	struct trace *t = ctx;
	check_finding(t, f);
	char one[96];
	int k = snprintf(
	        one, sizeof(one), "%d:%llu-%llu:%llu:%llu;", f->kind,
	        (unsigned long long)f->start, (unsigned long long)f->end,
	        (unsigned long long)f->line, (unsigned long long)f->column);
	if (t->n + (size_t)k + 1 > t->cap) {
		t->cap = 2 * (t->n + (size_t)k + 1);
		t->log = realloc(t->log, t->cap);
	}
	memcpy(t->log + t->n, one, (size_t)k);
	t->n += (size_t)k;
	t->removable += f->removable != 0;
	return 0;
}

static void
scan_in_chunks(const uint8_t *s, size_t len, uint32_t flags, size_t chunk,
               struct trace *t)
{
	struct konorm_scanner *sc = konorm_scanner_new(flags);
	struct konorm_finding f;
	if (sc == NULL) {
		abort();
	}
	for (size_t at = 0; at < len; at += chunk) {
		struct konorm_in in = {(const char *)s + at,
		                       len - at < chunk ? len - at : chunk, 0};
		while (in.pos < in.size) {
			if (konorm_scanner_feed(sc, &in) != KONORM_OK) {
				abort(); /* called on valid input only */
			}
			while (konorm_scanner_next(sc, &f)) {
				record(t, &f);
			}
		}
	}
	if (konorm_scanner_finish(sc) != KONORM_OK) {
		abort();
	}
	while (konorm_scanner_next(sc, &f)) {
		record(t, &f);
	}
	konorm_scanner_free(sc);
}

static void
check_clean(const uint8_t *s, size_t len, uint32_t flags, size_t removable)
{
	char *out = malloc(len + 1);
	struct konorm_result r =
	        konorm_scan_clean((const char *)s, len, out, len, flags);
	struct konorm_result pre =
	        konorm_scan_clean((const char *)s, len, NULL, 0, flags);
	if (r.status != KONORM_OK || r.needed > len || pre.needed != r.needed ||
	    konorm_utf8_validate(out, r.needed, NULL) != KONORM_OK) {
		abort();
	}
	if (removable == 0 && (r.needed != len || memcmp(out, s, len) != 0)) {
		abort();
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2) {
		return 0;
	}
	uint32_t flags = (data[0] & 0x3Fu) |
	                 KONORM_SCAN_SENSITIVITY((data[0] >> 6) * 3 + 1);
	size_t chunk = (size_t)data[1] % 61 + 1;
	const uint8_t *s = data + 2;
	size_t len = size - 2;
	size_t bad = 0;
	enum konorm_status valid =
	        konorm_utf8_validate((const char *)s, len, &bad);
	struct trace one = {.src = s, .len = len};
	size_t off = 0;
	enum konorm_status st =
	        konorm_scan((const char *)s, len, flags, record, &one, &off);
	if (valid != KONORM_OK) {
		/* An invalid sequence is refused at its offset; one cut
		 * short at the end, as truncated. */
		if (st == KONORM_OK || off != bad) {
			abort();
		}
		free(one.log);
		return 0;
	}
	if (st != KONORM_OK) {
		abort();
	}
	struct trace chunked = {.src = s, .len = len};
	scan_in_chunks(s, len, flags, chunk, &chunked);
	if (one.n != chunked.n ||
	    (one.n > 0 && memcmp(one.log, chunked.log, one.n) != 0)) {
		abort();
	}
	check_clean(s, len, flags, one.removable);
	free(one.log);
	free(chunked.log);
	return 0;
}
