/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target of konorm_fix and the streaming fixer.  The first byte picks
 * the flags and a chunk size; the rest is the text.  Properties (abort on
 * violation): the output is valid UTF-8; a preflight and a real call agree;
 * fix(fix(x)) == fix(x); an input error comes with the offset
 * konorm_utf8_validate gives; the stream, in any chunking, gives the
 * one-shot output; every span of kn_mojibake_find lies in order on
 * character boundaries; every report lies inside the text.
 */
#include "../../src/internal.h"
#include "../../src/mojibake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts, naming the property that failed. */
static void
check_at(bool ok, int line)
{
	if (!ok) {
		fprintf(stderr, "fuzz_fix: property at line %d failed\n",
		        line);
		abort();
	}
}
#define check(ok) check_at((ok), __LINE__)

static size_t report_limit;
static bool replacing;

static void
on_report(void *ctx, const struct konorm_repair *r)
{
	(void)ctx;
	check(r->start < r->end && r->end <= report_limit);
	/* Equal unless U+FFFD stand for invalid bytes (KONORM_REPLACE). */
	check(r->before_len == r->end - r->start || replacing);
	check(konorm_utf8_validate(r->before, r->before_len, NULL) ==
	      KONORM_OK);
	check(r->repaired ? r->after != NULL : r->after == NULL);
}

/* One-shot fix into a malloc'd buffer (preflight first). */
static char *
fix_once(const char *s, size_t n, uint32_t flags, struct konorm_result *res)
{
	report_limit = n; /* offsets are offsets into the input */
	replacing = (flags & KONORM_REPLACE) != 0;
	struct konorm_result pre =
	        konorm_fix_report(s, n, NULL, 0, flags, on_report, NULL);
	char *out = malloc(pre.needed + 1);
	*res = konorm_fix_report(s, n, out, pre.needed + 1, flags, on_report,
	                         NULL);
	check(res->needed == pre.needed);
	check(res->status == pre.status ||
	      (pre.status == KONORM_EBUFSIZE && res->status == KONORM_OK));
	return out;
}

static char *
fix_stream(const char *s, size_t n, uint32_t flags, size_t chunk,
           size_t *out_len, enum konorm_status *st)
{
	struct konorm_fixer *f = konorm_fixer_new(flags);
	check(f != NULL);
	size_t cap = 4 * n + 64, len = 0;
	char *out = malloc(cap);
	*st = KONORM_OK;
	for (size_t pos = 0; pos < n && *st == KONORM_OK; pos += chunk) {
		size_t k = n - pos < chunk ? n - pos : chunk;
		struct konorm_in in = {s + pos, k, 0};
		do {
			struct konorm_out o = {out + len, cap - len, 0};
			*st = konorm_fixer_feed(f, &in, &o);
			len += o.pos;
		} while (*st == KONORM_EBUFSIZE && len < cap);
	}
	if (*st == KONORM_OK) {
		struct konorm_out o = {out + len, cap - len, 0};
		*st = konorm_fixer_finish(f, &o);
		len += o.pos;
	}
	konorm_fixer_free(f);
	*out_len = len;
	return out;
}

static void
check_spans(const uint8_t *s, size_t n)
{
	struct kn_mojibake_span sp[64];
	size_t k = kn_mojibake_find(s, n, sp, 64);
	size_t prev_end = 0;
	for (size_t i = 0; i < k && i < 64; i++) {
		check(sp[i].start < sp[i].end && sp[i].end <= n);
		check(sp[i].start >= prev_end);
		check((s[sp[i].start] & 0xC0) != 0x80);
		check(sp[i].end == n || (s[sp[i].end] & 0xC0) != 0x80);
		/* utf8-as-cp949 is repairable when nothing was lost. */
		check(sp[i].repairable ==
		              !kn_mojibake_kind_irreversible(sp[i].kind) ||
		      sp[i].kind == KN_MOJI_UTF8_AS_CP949);
		prev_end = sp[i].end;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	uint32_t flags = (data[0] & 1 ? KONORM_REPLACE : 0) |
	                 (data[0] & 2 ? KONORM_FIX_NO_NORMALIZE : 0);
	size_t chunk = (size_t)(data[0] >> 2) + 1;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;

	struct konorm_result r;
	char *out = fix_once(s, n, flags, &r);
	size_t bad = n;
	enum konorm_status valid = konorm_utf8_validate(s, n, &bad);
	if (valid != KONORM_OK && !(flags & KONORM_REPLACE)) {
		check(r.status == valid && r.offset == bad);
	} else {
		check(r.status == KONORM_OK);
		check(konorm_utf8_validate(out, r.needed, NULL) == KONORM_OK);
		check_spans((const uint8_t *)out, r.needed);
		struct konorm_result r2;
		char *again = fix_once(out, r.needed, flags, &r2);
		check(r2.status == KONORM_OK && r2.needed == r.needed &&
		      memcmp(again, out, r.needed) == 0);
		free(again);
		size_t sl;
		enum konorm_status st;
		char *streamed = fix_stream(s, n, flags, chunk, &sl, &st);
		check(st == KONORM_OK && sl == r.needed &&
		      memcmp(streamed, out, sl) == 0);
		free(streamed);
	}
	if (valid == KONORM_OK) {
		check_spans((const uint8_t *)s, n);
	}
	free(out);
	return 0;
}
