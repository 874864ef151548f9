/* SPDX-License-Identifier: MIT */
/* The progress line of long inputs (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Seconds between redraws, and before the first one. */
#define INTERVAL 0.25

static struct {
	bool on;
	const char *label;
	uint64_t total; /* 0: unknown (a pipe or a terminal) */
	double start, last;
	size_t drawn; /* characters on the line now */
} progress;

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The size of a regular file, 0 for anything else. */
static uint64_t
input_size(const struct cli_input *in)
{
	struct stat st;
	if (fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		return 0;
	}
	return (uint64_t)st.st_size;
}

static bool
output_is_terminal(const char *output)
{
	return (output == NULL || strcmp(output, "-") == 0) && isatty(1);
}

void
cli_progress_start(const struct cli_input *in, bool quiet,
                   const char *output)
{
	cli_progress_stop();
	progress.on = !quiet && isatty(2) && !output_is_terminal(output);
	if (!progress.on) {
		return;
	}
	progress.label = in->label;
	progress.total = input_size(in);
	progress.start = now();
	progress.last = progress.start;
}

static void
erase(void)
{
	if (progress.drawn > 0) {
		fprintf(stderr, "\r%*s\r", (int)progress.drawn, "");
		fflush(stderr);
		progress.drawn = 0;
	}
}

/* The label cut to fit, with control bytes shown as '?' (a file name
 * could hold an escape sequence for the terminal). */
static void
printable_label(char *dst, size_t cap)
{
	size_t i = 0;
	for (const char *p = progress.label; *p != '\0' && i + 1 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		dst[i++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	dst[i] = '\0';
}

/* "konorm: big.txt: 12.3 of 45.6 MB (27%), 85.2 MB/s"; MB = 10^6 bytes
 * (SI, as dd and pv print them). */
static void
draw(uint64_t done, double t)
{
	double elapsed = t - progress.start;
	double rate = elapsed > 0 ? (double)done / elapsed / 1e6 : 0;
	char line[160], label[64];
	int n;
	printable_label(label, sizeof(label));
	if (progress.total > 0) {
		uint64_t pct = done >= progress.total
		                       ? 100
		                       : done * 100 / progress.total;
		n = snprintf(line, sizeof(line),
		             "konorm: %s: %.1f of %.1f MB (%llu%%), "
		             "%.1f MB/s",
		             label, (double)done / 1e6,
		             (double)progress.total / 1e6,
		             (unsigned long long)pct, rate);
	} else {
		n = snprintf(line, sizeof(line),
		             "konorm: %s: %.1f MB, %.1f MB/s", label,
		             (double)done / 1e6, rate);
	}
	if (n < 0) {
		return;
	}
	size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	/* Pad over what a longer previous line left. */
	int pad = progress.drawn > len ? (int)(progress.drawn - len) : 0;
	fprintf(stderr, "\r%s%*s", line, pad, "");
	fflush(stderr);
	progress.drawn = len + (size_t)pad;
}

void
cli_progress_update(const struct cli_input *in)
{
	if (!progress.on) {
		return;
	}
	double t = now();
	if (t - progress.last < INTERVAL) {
		return;
	}
	progress.last = t;
	draw(in->offset, t);
}

void
cli_progress_clear(void)
{
	erase();
}

void
cli_progress_stop(void)
{
	erase();
	progress.on = false;
}
