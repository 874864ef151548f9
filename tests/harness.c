/* SPDX-License-Identifier: MIT */
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
kt_check_at(struct kt *t, bool ok, const char *file, int line,
            const char *fmt, ...)
{
	if (ok) {
		t->passed++;
		return true;
	}
	t->failed++;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s:%d: [%s] FAIL: ", file, line, t->suite);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return false;
}

static void
dump(const char *label, const unsigned char *p, size_t n)
{
	fprintf(stderr, "    %s (%zu bytes): \"", label, n);
	size_t show = n < 200 ? n : 200;
	for (size_t i = 0; i < show; i++) {
		if (p[i] >= 0x20 && p[i] != 0x7F) {
			fputc(p[i], stderr);
		} else {
			fprintf(stderr, "\\x%02x", p[i]);
		}
	}
	fprintf(stderr, "\"%s\n      hex:", show < n ? "..." : "");
	for (size_t i = 0; i < show && i < 64; i++) {
		fprintf(stderr, " %02x", p[i]);
	}
	fputc('\n', stderr);
}

bool
kt_bytes_at(struct kt *t, const void *got, size_t got_len, const void *want,
            size_t want_len, const char *file, int line, const char *what)
{
	bool ok = got_len == want_len &&
	          (want_len == 0 || memcmp(got, want, want_len) == 0);
	if (!kt_check_at(t, ok, file, line, "%s", what)) {
		dump("got ", got, got_len);
		dump("want", want, want_len);
	}
	return ok;
}

const char *
kt_source_dir(void)
{
	const char *d = getenv("KONORM_SOURCE_DIR");
	return d != NULL ? d : KT_SOURCE_DIR;
}

const char *
kt_build_dir(void)
{
	const char *d = getenv("KONORM_BUILD_DIR");
	return d != NULL ? d : KT_BUILD_DIR;
}

char *
kt_path(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);
	if (p != NULL) {
		snprintf(p, n, "%s/%s", dir, rel);
	}
	return p;
}

char *
kt_read_file(struct kt *t, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!KT_CHECK(t, f != NULL, "cannot open %s", path)) {
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *p = malloc(cap + 1);
	size_t r;
	while (p != NULL && (r = fread(p + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *q = realloc(p, cap * 2 + 1);
			if (q == NULL) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
			cap *= 2;
		}
	}
	fclose(f);
	if (p != NULL) {
		p[n] = '\0';
		*len = n;
	}
	return p;
}
