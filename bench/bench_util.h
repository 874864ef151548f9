/* SPDX-License-Identifier: MIT */
/*
 * What every benchmark driver needs: its input file in memory and a
 * clock.  Header-only, for the bench executables alone (never the
 * library).  A benchmark that cannot read its input has nothing to say:
 * it reports and exits 2.
 */
#ifndef KONORM_BENCH_UTIL_H
#define KONORM_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The whole of path, NUL-terminated (not counted in *len). */
static inline char *
bench_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	size_t cap = 1 << 16, n = 0, r;
	char *p = malloc(cap + 1);
	while (p != NULL && (r = fread(p + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			char *q = realloc(p, cap + 1);
			if (q == NULL) {
				free(p);
			}
			p = q;
		}
	}
	if (p == NULL || ferror(f)) {
		fprintf(stderr, "%s: %s\n", path,
		        p == NULL ? "out of memory" : "read error");
		exit(2);
	}
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

/* Seconds of wall time. */
static inline double
bench_wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds of this thread's CPU time: on a shared, loaded machine wall
 * time measures the neighbours as much as the code. */
static inline double
bench_cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
