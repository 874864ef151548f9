/* SPDX-License-Identifier: MIT */
/*
 * bench-fix FILE...: throughput of mojibake repair beside a plain copy on
 * the same input in the same run.  For each file: memcpy (the limit),
 * konorm_fix one-shot, the streaming fixer in 64 KiB chunks (as the CLI
 * runs it), and konorm_normalize (the NFC pass fix ends with), in MB/s,
 * with the ratio to the copy, per second of this thread's CPU time.
 * Inputs: bench/fix/make_speed_input.py.
 */
#include "konorm.h"
#include "../bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHUNK (64 * 1024)
#define MIN_SECONDS 0.5



struct job {
	const char *text;
	size_t len;
	char *out;
	size_t cap;
	size_t result; /* bytes out, to compare and to keep the work alive */
};

static void
run_copy(struct job *j)
{
	memcpy(j->out, j->text, j->len);
	j->result = j->len;
}

static void
run_fix(struct job *j)
{
	struct konorm_result r = konorm_fix(j->text, j->len, j->out, j->cap, 0);
	j->result = r.status == KONORM_OK ? r.needed : 0;
}

static void
run_stream(struct job *j)
{
	struct konorm_fixer *f = konorm_fixer_new(0);
	struct konorm_out out = {j->out, j->cap, 0};
	for (size_t pos = 0; pos < j->len; pos += CHUNK) {
		size_t k = j->len - pos < CHUNK ? j->len - pos : CHUNK;
		struct konorm_in in = {j->text + pos, k, 0};
		if (konorm_fixer_feed(f, &in, &out) != KONORM_OK) {
			break;
		}
	}
	konorm_fixer_finish(f, &out);
	konorm_fixer_free(f);
	j->result = out.pos;
}

static void
run_nfc(struct job *j)
{
	struct konorm_result r =
	        konorm_normalize(j->text, j->len, j->out, j->cap, KONORM_NFC);
	j->result = r.status == KONORM_OK ? r.needed : 0;
}

/* MB/s of fn over the job, repeated for at least MIN_SECONDS. */
static double
measure(void (*fn)(struct job *), struct job *j)
{
	int reps = 0;
	double t0 = bench_cpu_seconds(), t;
	do {
		fn(j);
		reps++;
		t = bench_cpu_seconds() - t0;
	} while (t < MIN_SECONDS);
	return (double)j->len * reps / t / 1e6;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-fix FILE...\n");
		return 2;
	}
	for (int a = 1; a < argc; a++) {
		struct job j = {0};
		j.text = bench_read_file(argv[a], &j.len);
		if (j.text == NULL) {
			fprintf(stderr, "bench-fix: cannot read %s\n", argv[a]);
			return 2;
		}
		j.cap = 4 * j.len + 64;
		j.out = malloc(j.cap);
		struct konorm_result r = konorm_fix(j.text, j.len, j.out,
		                                    j.cap, 0);
		size_t changed = 0;
		if (r.status == KONORM_OK) {
			changed = r.needed != j.len ||
			          memcmp(j.out, j.text, j.len) != 0;
		}
		double copy = measure(run_copy, &j);
		double fix = measure(run_fix, &j);
		double stream = measure(run_stream, &j);
		double nfc = measure(run_nfc, &j);
		printf("%s: %.1f MB, %s\n", argv[a], (double)j.len / 1e6,
		       changed ? "repairs made" : "unchanged");
		printf("  copy (memcpy)      %9.1f MB/s\n", copy);
		printf("  konorm_fix         %9.1f MB/s  %.3f of copy\n", fix,
		       fix / copy);
		printf("  konorm_fixer 64K   %9.1f MB/s  %.3f of copy\n",
		       stream, stream / copy);
		printf("  konorm_normalize   %9.1f MB/s  %.3f of copy\n", nfc,
		       nfc / copy);
		free((void *)j.text);
		free(j.out);
	}
	return 0;
}
