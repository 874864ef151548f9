/* SPDX-License-Identifier: MIT */
/*
 * bench_scan CORPUS [EN_PROSE KO_PROSE]: accuracy and speed of konorm's scanner
 * against two peers, on the same labeled corpus in the same run (bench/scan/
 * make_corpus.py writes the corpus):
 *  - naive: every run of letters of a script other than the document's
 *    main script is a finding (the "any other script" check);
 *  - icu-spoof: ICU's spoof checker (UTS #39, uspoof_check2UTF8 with its
 *    default checks) on each whitespace-separated word, as a per-word
 *    linter does.
 * Prints span-level precision, recall and F1 per kind (a finding matches
 * a labeled span of its kind that it overlaps), the same over all kinds
 * with the kind ignored, the share of clean documents with any finding,
 * and throughput on the corpus and on English and Korean prose (the
 * plain paragraphs make_corpus.py writes beside the corpus, repeated to
 * 20 MiB; without them, the corpus's clean documents).
 */
#include <konorm.h>
#include "../bench_util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#define NKINDS KONORM_SCAN_KIND_COUNT

struct span {
	int kind;
	size_t start, end;
};

struct doc {
	const char *text;
	size_t len;
	struct span *gold;
	size_t ngold;
	bool korean;
};

struct spans {
	struct span *p;
	size_t n, cap;
};

static void
push(struct spans *s, int kind, size_t a, size_t b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->p = realloc(s->p, s->cap * sizeof(*s->p));
		if (s->p == NULL) {
			perror("bench_scan");
			exit(2);
		}
	}
	s->p[s->n++] = (struct span){kind, a, b};
}

/* ---- Corpus ------------------------------------------------------------ */


static size_t
parse_corpus(char *data, size_t len, struct doc **out)
{
	size_t cap = 1024, n = 0;
	struct doc *docs = malloc(cap * sizeof(*docs));
	char *p = data, *end = data + len;
	while (p < end && strncmp(p, "@@doc ", 6) == 0) {
		unsigned long id, nbytes, nspans;
		char state[16], lang[8] = "en";
		if (sscanf(p, "@@doc %lu %15s %lu %lu %7s", &id, state, &nbytes,
		           &nspans, lang) < 4) {
			fprintf(stderr, "bench_scan: bad record header\n");
			exit(2);
		}
		p = strchr(p, '\n') + 1;
		if (n == cap) {
			cap *= 2;
			docs = realloc(docs, cap * sizeof(*docs));
		}
		struct doc *d = &docs[n++];
		d->gold = calloc(nspans + 1, sizeof(*d->gold));
		d->ngold = nspans;
		d->korean = strcmp(lang, "ko") == 0;
		for (unsigned long i = 0; i < nspans; i++) {
			char kind[32];
			unsigned long a, b;
			if (sscanf(p, "%31s %lu %lu", kind, &a, &b) != 3) {
				fprintf(stderr, "bench_scan: bad span line\n");
				exit(2);
			}
			d->gold[i].kind =
			        konorm_scan_kind_from_name(kind, strlen(kind));
			d->gold[i].start = a;
			d->gold[i].end = b;
			p = strchr(p, '\n') + 1;
		}
		d->text = p;
		d->len = nbytes;
		p += nbytes + 1;
	}
	*out = docs;
	return n;
}

/* ---- The tools --------------------------------------------------------- */

static int
collect(void *ctx, const struct konorm_finding *f)
{
	push(ctx, (int)f->kind, (size_t)f->start, (size_t)f->end);
	return 0;
}

static void
run_konorm(const char *s, size_t n, struct spans *out, void *unused)
{
	(void)unused;
	konorm_scan(s, n, 0, collect, out, NULL);
}

static UChar32
next_cp(const char *s, size_t n, size_t *i)
{
	UChar32 c;
	int32_t k = (int32_t)*i;
	U8_NEXT(s, k, (int32_t)n, c);
	*i = (size_t)k;
	return c;
}

static bool
counts(UScriptCode sc)
{
	return sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED &&
	       sc != USCRIPT_UNKNOWN;
}

/* Every run of letters of another script than the document's main one. */
static void
run_naive(const char *s, size_t n, struct spans *out, void *unused)
{
	(void)unused;
	static size_t count[USCRIPT_CODE_LIMIT];
	memset(count, 0, sizeof(count));
	UErrorCode err = U_ZERO_ERROR;
	for (size_t i = 0; i < n;) {
		UChar32 c = next_cp(s, n, &i);
		if (c >= 0 && u_isalpha(c)) {
			UScriptCode sc = uscript_getScript(c, &err);
			if (counts(sc)) {
				count[sc]++;
			}
		}
	}
	int main_sc = USCRIPT_LATIN;
	for (int k = 0; k < USCRIPT_CODE_LIMIT; k++) {
		if (count[k] > count[main_sc]) {
			main_sc = k;
		}
	}
	size_t run_a = 0, run_b = 0;
	bool in_run = false;
	for (size_t i = 0; i < n;) {
		size_t at = i;
		UChar32 c = next_cp(s, n, &i);
		UScriptCode sc =
		        c >= 0 ? uscript_getScript(c, &err) : USCRIPT_COMMON;
		bool foreign = c >= 0 && u_isalpha(c) && counts(sc) &&
		               (int)sc != main_sc;
		if (foreign) {
			if (!in_run) {
				run_a = at;
				in_run = true;
			}
			run_b = i;
		} else if (in_run && !(c == ' ' || sc == USCRIPT_INHERITED)) {
			push(out, KONORM_SCAN_FOREIGN_RUN, run_a, run_b);
			in_run = false;
		}
	}
	if (in_run) {
		push(out, KONORM_SCAN_FOREIGN_RUN, run_a, run_b);
	}
}

/* ICU's checks say which kind a flagged word would be. */
static int
kind_of_checks(int32_t checks)
{
	if (checks & USPOOF_INVISIBLE) {
		return KONORM_SCAN_INVISIBLE;
	}
	/* uspoof_check2 reports a mixed-script word as a restriction-level
	 * failure (UTS #39 §5.2). */
	if (checks &
	    (USPOOF_MIXED_SCRIPT_CONFUSABLE | USPOOF_WHOLE_SCRIPT_CONFUSABLE |
	     USPOOF_RESTRICTION_LEVEL)) {
		return KONORM_SCAN_MIXED_SCRIPT_WORD;
	}
	return KONORM_SCAN_FOREIGN_RUN;
}

static void
run_spoof(const char *s, size_t n, struct spans *out, void *ctx)
{
	USpoofChecker *sc = ctx;
	USpoofCheckResult *res = NULL;
	UErrorCode err = U_ZERO_ERROR;
	res = uspoof_openCheckResult(&err);
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) {
			i++;
		}
		size_t a = i;
		while (i < n && s[i] != ' ' && s[i] != '\n' && s[i] != '\t') {
			i++;
		}
		if (i == a) {
			continue;
		}
		err = U_ZERO_ERROR;
		int32_t r = uspoof_check2UTF8(sc, s + a, (int32_t)(i - a), res,
		                              &err);
		if (U_SUCCESS(err) && r != 0) {
			push(out, kind_of_checks(r), a, i);
		}
	}
	uspoof_closeCheckResult(res);
}

/* ---- Scoring ----------------------------------------------------------- */

struct score {
	unsigned long tp[NKINDS + 1], fp[NKINDS + 1], fn[NKINDS + 1];
	unsigned long clean_docs, clean_flagged;
	double seconds;
	size_t bytes;
};

static bool
overlaps(const struct span *a, const struct span *b)
{
	return a->start < b->end && b->start < a->end;
}

/* Matches predictions to labels of the same kind (slot k) and, ignoring
 * kinds (slot NKINDS), to any label. */
/* With BENCH_SCAN_VERBOSE set, konorm's misses and false findings are
 * printed (to study errors, not to tune on this corpus alone). */
static bool verbose;

static void
show_span(const char *what, const struct doc *d, const struct span *s)
{
	size_t a = s->start > 40 ? s->start - 40 : 0;
	size_t b = s->end + 40 < d->len ? s->end + 40 : d->len;
	while (a > 0 && ((unsigned char)d->text[a] & 0xC0) == 0x80) {
		a--;
	}
	while (b < d->len && ((unsigned char)d->text[b] & 0xC0) == 0x80) {
		b++;
	}
	printf("%s %s: %.*s[[%.*s]]%.*s\n", what,
	       konorm_scan_kind_name((enum konorm_scan_kind)s->kind),
	       (int)(s->start - a), d->text + a, (int)(s->end - s->start),
	       d->text + s->start, (int)(b - s->end), d->text + s->end);
}

static void
score_doc(const struct doc *d, const struct spans *pred, struct score *sc)
{
	for (int any = 0; any <= 1; any++) {
		bool used[256] = {false};
		for (size_t i = 0; i < pred->n; i++) {
			const struct span *p = &pred->p[i];
			int slot = any ? NKINDS : p->kind;
			bool hit = false;
			for (size_t g = 0; g < d->ngold && g < 256; g++) {
				if ((any || d->gold[g].kind == p->kind) &&
				    overlaps(p, &d->gold[g])) {
					hit = true;
					used[g] = true;
				}
			}
			if (hit) {
				sc->tp[slot]++;
			} else {
				sc->fp[slot]++;
				if (verbose && !any) {
					show_span("FP", d, p);
				}
			}
		}
		for (size_t g = 0; g < d->ngold && g < 256; g++) {
			if (!used[g]) {
				sc->fn[any ? NKINDS : d->gold[g].kind]++;
				if (verbose && !any) {
					show_span("FN", d, &d->gold[g]);
				}
			}
		}
	}
	if (d->ngold == 0) {
		sc->clean_docs++;
		sc->clean_flagged += pred->n > 0;
	}
}


typedef void (*tool_fn)(const char *, size_t, struct spans *, void *);

static void
evaluate(const struct doc *docs, size_t n, tool_fn fn, void *ctx,
         struct score *sc)
{
	struct spans pred = {0};
	memset(sc, 0, sizeof(*sc));
	for (size_t i = 0; i < n; i++) {
		pred.n = 0;
		double t0 = bench_cpu_seconds();
		fn(docs[i].text, docs[i].len, &pred, ctx);
		sc->seconds += bench_cpu_seconds() - t0;
		sc->bytes += docs[i].len;
		score_doc(&docs[i], &pred, sc);
	}
	free(pred.p);
}

static void
print_prf(const char *label, unsigned long tp, unsigned long fp,
          unsigned long fn)
{
	double p = tp + fp ? (double)tp / (double)(tp + fp) : 0;
	double r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
	double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
	printf("  %-18s P %.3f  R %.3f  F1 %.3f  (tp %lu fp %lu fn %lu)\n",
	       label, p, r, f, tp, fp, fn);
}

static void
report(const char *tool, const struct score *sc)
{
	printf("%s\n", tool);
	for (int k = 0; k < NKINDS; k++) {
		if (sc->tp[k] + sc->fp[k] + sc->fn[k] > 0) {
			print_prf(
			        konorm_scan_kind_name((enum konorm_scan_kind)k),
			        sc->tp[k], sc->fp[k], sc->fn[k]);
		}
	}
	print_prf("any kind", sc->tp[NKINDS], sc->fp[NKINDS], sc->fn[NKINDS]);
	printf("  clean texts with a finding: %lu of %lu (%.1f%%)\n",
	       sc->clean_flagged, sc->clean_docs,
	       sc->clean_docs ? 100.0 * (double)sc->clean_flagged /
	                                (double)sc->clean_docs
	                      : 0);
	printf("  corpus throughput: %.1f MB/s\n",
	       (double)sc->bytes / 1e6 / sc->seconds);
}

/* ---- Speed on prose ---------------------------------------------------- */

static char *
prose(const struct doc *docs, size_t n, bool korean, size_t want, size_t *len)
{
	char *p = malloc(want + 4096);
	size_t at = 0;
	while (at < want) {
		for (size_t i = 0; i < n && at < want; i++) {
			if (docs[i].ngold == 0 && docs[i].korean == korean &&
			    at + docs[i].len + 1 <= want + 4096) {
				memcpy(p + at, docs[i].text, docs[i].len);
				at += docs[i].len;
				p[at++] = '\n';
			}
		}
	}
	*len = at;
	return p;
}

/* The scanner as a stream filter would use it: 64 KiB blocks. */
static unsigned long
stream_konorm(const char *s, size_t n)
{
	struct konorm_scanner *sc = konorm_scanner_new(0);
	struct konorm_finding f;
	unsigned long found = 0;
	for (size_t at = 0; at < n; at += 65536) {
		struct konorm_in in = {s + at, n - at < 65536 ? n - at : 65536,
		                       0};
		while (in.pos < in.size &&
		       konorm_scanner_feed(sc, &in) == KONORM_OK) {
			while (konorm_scanner_next(sc, &f)) {
				found++;
			}
		}
	}
	konorm_scanner_finish(sc);
	while (konorm_scanner_next(sc, &f)) {
		found++;
	}
	konorm_scanner_free(sc);
	return found;
}

static char *
repeat_file(const char *path, size_t want, size_t *len)
{
	size_t n;
	char *one = bench_read_file(path, &n);
	char *p = malloc(want + n + 1);
	size_t at = 0;
	while (at < want && n > 0) {
		memcpy(p + at, one, n);
		at += n;
	}
	free(one);
	*len = at;
	return p;
}

static void
speed(const char *label, const char *s, size_t n, USpoofChecker *spoof)
{
	struct spans sink = {0};
	double t0 = bench_cpu_seconds();
	unsigned long found = stream_konorm(s, n);
	double tk = bench_cpu_seconds() - t0;
	t0 = bench_cpu_seconds();
	run_naive(s, n, &sink, NULL);
	double tn = bench_cpu_seconds() - t0;
	sink.n = 0;
	t0 = bench_cpu_seconds();
	run_spoof(s, n, &sink, spoof);
	double ts = bench_cpu_seconds() - t0;
	double mb = (double)n / 1e6;
	printf("%s (%.1f MB): konorm %.1f MB/s (%lu findings), naive %.1f "
	       "MB/s, icu-spoof per word %.1f MB/s; konorm/icu-spoof %.1fx\n",
	       label, mb, mb / tk, found, mb / tn, mb / ts, ts / tk);
	free(sink.p);
}

int
main(int argc, char **argv)
{
	if (argc != 2 && argc != 4) {
		fprintf(stderr,
		        "usage: bench_scan CORPUS [EN_PROSE KO_PROSE]\n");
		return 2;
	}
	size_t len;
	char *data = bench_read_file(argv[1], &len);
	struct doc *docs;
	size_t n = parse_corpus(data, len, &docs);
	UErrorCode err = U_ZERO_ERROR;
	USpoofChecker *spoof = uspoof_open(&err);
	if (U_FAILURE(err)) {
		fprintf(stderr, "bench_scan: uspoof_open: %s\n",
		        u_errorName(err));
		return 2;
	}
	printf("corpus: %zu documents, %.2f MB (%s)\n", n, (double)len / 1e6,
	       argv[1]);
	struct score sc;
	verbose = getenv("BENCH_SCAN_VERBOSE") != NULL;
	evaluate(docs, n, run_konorm, NULL, &sc);
	report("konorm", &sc);
	if (verbose) {
		return 0;
	}
	evaluate(docs, n, run_naive, NULL, &sc);
	report("naive any-other-script", &sc);
	evaluate(docs, n, run_spoof, spoof, &sc);
	report("icu-spoof per word", &sc);
	size_t plen;
	char *en = argc == 4 ? repeat_file(argv[2], 20u << 20, &plen)
	                     : prose(docs, n, false, 20u << 20, &plen);
	speed("English prose", en, plen, spoof);
	free(en);
	char *ko = argc == 4 ? repeat_file(argv[3], 20u << 20, &plen)
	                     : prose(docs, n, true, 20u << 20, &plen);
	speed("Korean prose", ko, plen, spoof);
	free(ko);
	uspoof_close(spoof);
	for (size_t i = 0; i < n; i++) {
		free(docs[i].gold);
	}
	free(docs);
	free(data);
	return 0;
}
