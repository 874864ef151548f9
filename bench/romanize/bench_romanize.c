/* SPDX-License-Identifier: MIT */
/*
 * bench-romanize CORPUS [ROUNDS]: throughput of konorm_romanize (RR)
 * against ICU's Hangul-Latin transliterator on the same text, in the same
 * run, and the ratio.  The corpus is made by bench/romanize/make_corpus.py.
 *
 * konorm gets the text as the CLI does: UTF-8 pieces of at most 64 KiB
 * ending at a newline.  ICU gets the same text already converted to
 * UTF-16 outside the timed part (its native form), one line at a time as
 * uconv -x does (faster for ICU than whole pieces), so the ratio is, if
 * anything, generous to ICU.  The best of ROUNDS runs (default 3) counts.
 */
#include <konorm.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PIECE (64 * 1024)

struct piece {
	const char *p;
	size_t n;
	UChar *u16;
	int32_t u16_len;
};

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	if (p == NULL || fread(p, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(p);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Cuts the text into pieces of at most PIECE bytes ending at newlines. */
static struct piece *
cut_pieces(const char *text, size_t len, size_t *count)
{
	struct piece *v = calloc(len / (PIECE / 2) + 2, sizeof(*v));
	size_t k = 0, at = 0;
	while (at < len) {
		size_t end = at + PIECE < len ? at + PIECE : len;
		if (end < len) {
			while (end > at + 1 && text[end - 1] != '\n') {
				end--;
			}
		}
		v[k].p = text + at;
		v[k].n = end - at;
		k++;
		at = end;
	}
	*count = k;
	return v;
}

static size_t
count_syllables(const char *p, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		unsigned char b = (unsigned char)p[i];
		if (b >= 0xEA && b <= 0xED) {
			unsigned cp = ((b & 0x0Fu) << 12) |
			              (((unsigned char)p[i + 1] & 0x3Fu) << 6) |
			              ((unsigned char)p[i + 2] & 0x3Fu);
			c += cp >= 0xAC00 && cp <= 0xD7A3;
		}
	}
	return c;
}

static double
time_konorm(struct piece *v, size_t count, size_t *out_bytes)
{
	size_t cap = 8 * PIECE;
	char *out = malloc(cap);
	double t0 = now();
	size_t total = 0;
	for (size_t i = 0; i < count; i++) {
		struct konorm_result r =
		        konorm_romanize(v[i].p, v[i].n, out, cap, 0);
		if (r.status != KONORM_OK) {
			fprintf(stderr, "konorm_romanize: %s\n",
			        konorm_strerror(r.status));
			exit(1);
		}
		total += r.needed;
	}
	double t = now() - t0;
	*out_bytes = total;
	free(out);
	return t;
}

static double
time_icu(UTransliterator *tr, struct piece *v, size_t count)
{
	int32_t cap = 8 * PIECE;
	UChar *buf = malloc((size_t)cap * sizeof(UChar));
	double t0 = now();
	for (size_t i = 0; i < count; i++) {
		/* Line by line, as uconv -x does: ICU's replaceable-text
		 * transform slows down on long strings. */
		const UChar *u = v[i].u16;
		int32_t start = 0, total = v[i].u16_len;
		while (start < total) {
			int32_t end = start;
			while (end < total && u[end] != '\n') {
				end++;
			}
			end += end < total;
			UErrorCode err = U_ZERO_ERROR;
			int32_t len = end - start, limit = len;
			memcpy(buf, u + start, (size_t)len * sizeof(UChar));
			utrans_transUChars(tr, buf, &len, cap, 0, &limit, &err);
			if (U_FAILURE(err)) {
				fprintf(stderr, "utrans: %s\n",
				        u_errorName(err));
				exit(1);
			}
			start = end;
		}
	}
	double t = now() - t0;
	free(buf);
	return t;
}

static void
to_utf16(struct piece *v, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		UErrorCode err = U_ZERO_ERROR;
		v[i].u16 = malloc((v[i].n + 1) * sizeof(UChar));
		u_strFromUTF8(v[i].u16, (int32_t)v[i].n + 1, &v[i].u16_len,
		              v[i].p, (int32_t)v[i].n, &err);
		if (U_FAILURE(err)) {
			fprintf(stderr, "u_strFromUTF8: %s\n",
			        u_errorName(err));
			exit(1);
		}
	}
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-romanize CORPUS [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	size_t len = 0, count = 0, out_bytes = 0;
	char *text = read_all(argv[1], &len);
	if (text == NULL) {
		fprintf(stderr, "bench-romanize: cannot read %s\n", argv[1]);
		return 2;
	}
	struct piece *v = cut_pieces(text, len, &count);
	size_t syl = count_syllables(text, len);
	to_utf16(v, count);
	UErrorCode err = U_ZERO_ERROR;
	UChar id[32];
	u_uastrcpy(id, "Hangul-Latin");
	UTransliterator *tr =
	        utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	if (U_FAILURE(err)) {
		fprintf(stderr, "utrans_openU: %s\n", u_errorName(err));
		return 1;
	}
	double best_k = 1e30, best_i = 1e30;
	for (int r = 0; r < rounds; r++) {
		double k = time_konorm(v, count, &out_bytes);
		double i = time_icu(tr, v, count);
		best_k = k < best_k ? k : best_k;
		best_i = i < best_i ? i : best_i;
	}
	printf("corpus: %s, %zu bytes, %zu Hangul syllables\n", argv[1], len,
	       syl);
	printf("konorm_romanize (RR):  %8.4f s  %7.1f M syllables/s  "
	       "%7.1f MB/s\n",
	       best_k, (double)syl / best_k / 1e6,
	       (double)len / best_k / 1e6);
	printf("ICU Hangul-Latin:      %8.4f s  %7.1f M syllables/s  "
	       "%7.1f MB/s\n",
	       best_i, (double)syl / best_i / 1e6,
	       (double)len / best_i / 1e6);
	printf("ratio konorm/ICU: %.1fx (best of %d rounds; output %zu "
	       "bytes)\n",
	       best_i / best_k, rounds, out_bytes);
	utrans_close(tr);
	for (size_t i = 0; i < count; i++) {
		free(v[i].u16);
	}
	free(v);
	free(text);
	return 0;
}
