/* SPDX-License-Identifier: MIT */
/*
 * bench-convert FROM TO FILE...: converts each file with konorm's
 * converter (64 KiB input blocks, 64 KiB output buffer, as the CLI does)
 * and with raw glibc iconv (same blocks), alternating in the same run,
 * and prints MB/s of input and the ratio.  Checks that both outputs are
 * identical.
 */
#include "konorm.h"
#include "../bench_util.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCK (64 * 1024)



/* Returns output bytes; writes them to sink (capacity cap) if given. */
static size_t
run_konorm(enum konorm_encoding from, enum konorm_encoding to,
           const char *p, size_t n, char *sink, size_t cap)
{
	static char out[BLOCK];
	struct konorm_converter *c = konorm_converter_new(from, to, 0);
	size_t total = 0;
	enum konorm_status st = KONORM_OK;
	for (size_t i = 0; i < n; i += BLOCK) {
		struct konorm_in in = {p + i, n - i < BLOCK ? n - i : BLOCK, 0};
		do {
			struct konorm_out o = {out, BLOCK, 0};
			st = konorm_converter_feed(c, &in, &o);
			if (sink != NULL && total + o.pos <= cap) {
				memcpy(sink + total, out, o.pos);
			}
			total += o.pos;
		} while (st == KONORM_EBUFSIZE);
	}
	struct konorm_out o = {out, BLOCK, 0};
	konorm_converter_finish(c, &o);
	total += o.pos;
	konorm_converter_free(c);
	return total;
}

static size_t
run_iconv(const char *from, const char *to, const char *p, size_t n,
          char *sink, size_t cap)
{
	static char out[BLOCK * 4];
	iconv_t cd = iconv_open(to, from);
	size_t total = 0, i = 0;
	/* A block may end inside a character: iconv leaves it unconsumed
	 * (EINVAL) and the next block starts there. */
	while (i < n) {
		char *ip = (char *)p + i;
		size_t il = n - i < BLOCK ? n - i : BLOCK;
		size_t take = il;
		char *op = out;
		size_t ol = sizeof(out);
		iconv(cd, &ip, &il, &op, &ol);
		size_t got = sizeof(out) - ol;
		if (sink != NULL && total + got <= cap) {
			memcpy(sink + total, out, got);
		}
		total += got;
		i += take - il;
		if (take == il) {
			break; /* invalid or incomplete at the end: stop */
		}
	}
	iconv_close(cd);
	return total;
}

int
main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench-convert FROM TO FILE...\n");
		return 2;
	}
	enum konorm_encoding from = konorm_encoding_lookup(argv[1],
	                                                   strlen(argv[1]));
	enum konorm_encoding to = konorm_encoding_lookup(argv[2],
	                                                 strlen(argv[2]));
	for (int f = 3; f < argc; f++) {
		size_t n;
		char *p = bench_read_file(argv[f], &n);
		if (p == NULL || n == 0) {
			perror(argv[f]);
			return 2;
		}
		size_t cap = n * 4 + 16;
		char *a = malloc(cap), *b = malloc(cap);
		size_t la = run_konorm(from, to, p, n, a, cap);
		size_t lb = run_iconv(argv[1], argv[2], p, n, b, cap);
		const char *same = la == lb && memcmp(a, b, la) == 0
		                           ? "identical"
		                           : "DIFFERENT";
		int reps = (int)(200e6 / (double)n) + 1;
		double tk = 0, ti = 0;
		for (int r = 0; r < reps; r++) {
			double t0 = bench_wall_seconds();
			run_konorm(from, to, p, n, NULL, 0);
			double t1 = bench_wall_seconds();
			run_iconv(argv[1], argv[2], p, n, NULL, 0);
			double t2 = bench_wall_seconds();
			tk += t1 - t0;
			ti += t2 - t1;
		}
		double mb = (double)n * reps / 1e6;
		printf("%s %s->%s (%zu bytes): konorm %.0f MB/s, iconv %.0f "
		       "MB/s, konorm/iconv %.2f; outputs %s\n",
		       argv[f], argv[1], argv[2], n, mb / tk, mb / ti, ti / tk,
		       same);
		free(a);
		free(b);
		free(p);
	}
	return 0;
}
