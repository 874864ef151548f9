/* SPDX-License-Identifier: MIT */
/*
 * bench-detect: runs konorm, uchardet and ICU's charset detector (ucsdet)
 * on the same inputs in the same run.
 *
 *   bench-detect --label DIR     for each line "NAME..." of DIR/labels.tsv
 *                                prints NAME, konorm's, uchardet's and
 *                                ICU's answers, tab-separated (run.py
 *                                scores them)
 *   bench-detect --speed FILE... times each detector over the files and
 *                                prints MB/s and the ratio to uchardet
 */
#include "konorm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <uchardet/uchardet.h>
#include <unicode/ucsdet.h>

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *p = malloc(cap);
	size_t r;
	while (p != NULL && (r = fread(p + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			p = realloc(p, cap);
		}
	}
	fclose(f);
	*len = n;
	return p;
}

/* One handle, reset between inputs, as uchardet's and ICU's are. */
static const char *
run_konorm(struct konorm_detector *d, const char *p, size_t n)
{
	struct konorm_candidate c;
	konorm_detector_reset(d);
	konorm_detector_feed(d, p, n);
	konorm_detector_finish(d);
	if (konorm_detector_result(d, &c, 1) == 0) {
		return "none";
	}
	return konorm_encoding_name(c.encoding);
}

static const char *
run_uchardet(uchardet_t ud, const char *p, size_t n)
{
	uchardet_reset(ud);
	uchardet_handle_data(ud, p, n);
	uchardet_data_end(ud);
	const char *cs = uchardet_get_charset(ud);
	return cs != NULL && cs[0] != '\0' ? cs : "none";
}

static const char *
run_icu(UCharsetDetector *csd, const char *p, size_t n)
{
	UErrorCode err = U_ZERO_ERROR;
	ucsdet_setText(csd, p, (int32_t)n, &err);
	const UCharsetMatch *m = ucsdet_detect(csd, &err);
	if (U_FAILURE(err) || m == NULL) {
		return "none";
	}
	const char *name = ucsdet_getName(m, &err);
	return U_SUCCESS(err) && name != NULL ? name : "none";
}

static int
label_mode(const char *dir)
{
	char path[8192];
	snprintf(path, sizeof(path), "%s/labels.tsv", dir);
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		perror(path);
		return 2;
	}
	uchardet_t ud = uchardet_new();
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *csd = ucsdet_open(&err);
	struct konorm_detector *kd = konorm_detector_new(0);
	char line[4096];
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\t\n")] = '\0';
		snprintf(path, sizeof(path), "%s/%s.bin", dir, line);
		size_t n;
		char *p = read_all(path, &n);
		if (p == NULL) {
			perror(path);
			continue;
		}
		printf("%s\t%s\t%s\t%s\n", line, run_konorm(kd, p, n),
		       run_uchardet(ud, p, n), run_icu(csd, p, n));
		free(p);
	}
	fclose(f);
	uchardet_delete(ud);
	ucsdet_close(csd);
	konorm_detector_free(kd);
	return 0;
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
speed_mode(int argc, char **argv)
{
	uchardet_t ud = uchardet_new();
	UErrorCode err = U_ZERO_ERROR;
	UCharsetDetector *csd = ucsdet_open(&err);
	struct konorm_detector *kd = konorm_detector_new(0);
	for (int i = 0; i < argc; i++) {
		size_t n;
		char *p = read_all(argv[i], &n);
		if (p == NULL || n == 0) {
			perror(argv[i]);
			free(p);
			continue;
		}
		/* About 64 MB through each detector, alternating so that the
		 * machine's noise hits all of them alike. */
		int reps = (int)(64e6 / (double)n) + 1;
		double t[3] = {0, 0, 0};
		const char *ans[3] = {"", "", ""};
		for (int r = 0; r < reps; r++) {
			double t0 = now();
			ans[0] = run_konorm(kd, p, n);
			double t1 = now();
			ans[1] = run_uchardet(ud, p, n);
			double t2 = now();
			ans[2] = run_icu(csd, p, n);
			double t3 = now();
			t[0] += t1 - t0;
			t[1] += t2 - t1;
			t[2] += t3 - t2;
		}
		double mb = (double)n * reps / 1e6;
		printf("%s (%zu bytes): konorm %.1f MB/s [%s], uchardet %.1f "
		       "MB/s [%s], icu %.1f MB/s [%s]; konorm/uchardet %.2f\n",
		       argv[i], n, mb / t[0], ans[0], mb / t[1], ans[1],
		       mb / t[2], ans[2], t[1] / t[0]);
		free(p);
	}
	uchardet_delete(ud);
	ucsdet_close(csd);
	konorm_detector_free(kd);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--label") == 0) {
		return label_mode(argv[2]);
	}
	if (argc >= 3 && strcmp(argv[1], "--speed") == 0) {
		return speed_mode(argc - 2, argv + 2);
	}
	fprintf(stderr, "usage: bench-detect --label DIR | --speed FILE...\n");
	return 2;
}
