/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the normalizer: for every form, with and without
 * --replace: the output is valid UTF-8, normalizing it again changes
 * nothing, the stream gives the same bytes as the one-shot call whatever
 * the chunk size, and valid input normalizes exactly as ICU does.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

static const UNormalizer2 *
icu_form(uint32_t form)
{
	UErrorCode e = U_ZERO_ERROR;
	switch (form) {
	case KONORM_NFC:
		return unorm2_getNFCInstance(&e);
	case KONORM_NFD:
		return unorm2_getNFDInstance(&e);
	case KONORM_NFKC:
		return unorm2_getNFKCInstance(&e);
	default:
		return unorm2_getNFKDInstance(&e);
	}
}

static void
check_against_icu(const uint8_t *data, size_t size, uint32_t form,
                  const char *got, size_t got_len)
{
	if (size > 4096) {
		return;
	}
	UErrorCode e = U_ZERO_ERROR;
	UChar *u = malloc((size + 1) * sizeof(UChar));
	UChar *un = malloc((size * 18 + 1) * sizeof(UChar));
	char *want = malloc(size * 18 * 3 + 1);
	int32_t ulen = 0, unl, wl = 0;
	u_strFromUTF8(u, (int32_t)size + 1, &ulen, (const char *)data,
	              (int32_t)size, &e);
	unl = unorm2_normalize(icu_form(form), u, ulen, un,
	                       (int32_t)size * 18 + 1, &e);
	u_strToUTF8(want, (int32_t)size * 54 + 1, &wl, un, unl, &e);
	if (U_SUCCESS(e) &&
	    (got_len != (size_t)wl || memcmp(got, want, got_len) != 0)) {
		abort();
	}
	free(u);
	free(un);
	free(want);
}

static char *
stream(const uint8_t *data, size_t size, uint32_t flags, size_t chunk,
       size_t *len, enum konorm_status *st)
{
	struct konorm_normalizer *n = konorm_normalizer_new(flags);
	size_t cap = size * 54 + 64, total = 0;
	char *out = malloc(cap);
	char buf[7];
	*st = KONORM_OK;
	for (size_t pos = 0; pos < size && *st == KONORM_OK; pos += chunk) {
		struct konorm_in in = {(const char *)data + pos,
		                       size - pos < chunk ? size - pos : chunk, 0};
		do {
			struct konorm_out o = {buf, sizeof(buf), 0};
			*st = konorm_normalizer_feed(n, &in, &o);
			memcpy(out + total, buf, o.pos);
			total += o.pos;
		} while (*st == KONORM_EBUFSIZE);
	}
	if (*st == KONORM_OK) {
		do {
			struct konorm_out o = {buf, sizeof(buf), 0};
			*st = konorm_normalizer_finish(n, &o);
			memcpy(out + total, buf, o.pos);
			total += o.pos;
		} while (*st == KONORM_EBUFSIZE);
	}
	konorm_normalizer_free(n);
	*len = total;
	return out;
}

static void
check_form(const uint8_t *data, size_t size, uint32_t flags)
{
	const char *src = (const char *)data;
	char *out = NULL;
	size_t len = 0;
	struct konorm_result r =
	        konorm_normalize_alloc(src, size, &out, &len, flags);
	if (r.status != KONORM_OK) {
		if (r.offset > size || (flags & KONORM_REPLACE) ||
		    (r.status != KONORM_EINVAL_UTF8 &&
		     r.status != KONORM_ETRUNCATED &&
		     r.status != KONORM_ETOOLONG)) {
			abort();
		}
		return;
	}
	if (konorm_utf8_validate(out, len, NULL) != KONORM_OK) {
		abort();
	}
	char *again = NULL;
	size_t again_len = 0;
	konorm_normalize_alloc(out, len, &again, &again_len, flags);
	if (again == NULL || again_len != len || memcmp(again, out, len)) {
		abort(); /* not idempotent */
	}
	free(again);
	size_t chunk = size > 0 ? 1 + data[0] % 13 : 1;
	enum konorm_status st;
	size_t slen;
	char *s = stream(data, size, flags, chunk, &slen, &st);
	if (st != KONORM_OK || slen != len || memcmp(s, out, len) != 0) {
		abort(); /* the stream differs from the one-shot call */
	}
	free(s);
	if (!(flags & (KONORM_REPLACE | KONORM_COMPOSE_JAMO))) {
		check_against_icu(data, size, flags & KONORM_FORM_MASK, out,
		                  len);
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (uint32_t form = 0; form < 4; form++) {
		check_form(data, size, form);
		check_form(data, size, form | KONORM_REPLACE);
		check_form(data, size, form | KONORM_COMPOSE_JAMO);
	}
	return 0;
}
