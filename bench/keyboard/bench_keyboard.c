/* SPDX-License-Identifier: MIT */
/*
 * bench-keyboard FILE [ROUNDS]: the Dubeolsik keyboard and jamo
 * composition against their peers, on the same text in the same run.
 *
 *  1. Hangul -> keys: konorm_keyboard(TO_QWERTY), and memcpy as the limit.
 *  2. keys -> Hangul: konorm_keyboard(TO_HANGUL) against libhangul's 2-set
 *     input context (hangul_ic_process, the engine of ibus-hangul and
 *     fcitx-hangul) fed the same keys.  Accuracy is the share of lines
 *     that come back equal to the original text.
 *  3. jamo -> syllables: the text spelled in compatibility jamo (ㅎㅏㄴ..)
 *     composed by konorm_jamo_compose against ICU NFKC (what a plain
 *     normalizer does with such text); accuracy as above.
 * Throughput is MB/s of the stage's input (1 MB = 10^6 bytes), best of
 * ROUNDS (default 5).  FILE: bench/keyboard/make-input.py writes one.
 */
#include <hangul.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "konorm.h"

struct text {
	char *p;
	size_t len;
};

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct text
read_file(const char *path)
{
	struct text t = {NULL, 0};
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	t.len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	t.p = malloc(t.len + 1);
	if (fread(t.p, 1, t.len, f) != t.len) {
		perror(path);
		exit(2);
	}
	fclose(f);
	return t;
}

static struct text
alloc_text(size_t cap)
{
	struct text t = {malloc(cap), 0};
	if (t.p == NULL) {
		fprintf(stderr, "bench-keyboard: out of memory\n");
		exit(2);
	}
	return t;
}

/* ---- Peers -------------------------------------------------------------- */

static void
put_utf8(struct text *out, uint32_t cp)
{
	char *p = out->p + out->len;
	if (cp < 0x80) {
		p[0] = (char)cp;
		out->len += 1;
	} else if (cp < 0x800) {
		p[0] = (char)(0xC0 | (cp >> 6));
		p[1] = (char)(0x80 | (cp & 0x3F));
		out->len += 2;
	} else {
		p[0] = (char)(0xE0 | (cp >> 12));
		p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		p[2] = (char)(0x80 | (cp & 0x3F));
		out->len += 3;
	}
}

static void
put_ucs(struct text *out, const ucschar *s)
{
	for (; s != NULL && *s != 0; s++) {
		put_utf8(out, *s);
	}
}

/* libhangul as an application drives it: each key to the input context;
 * a key it does not take ends the syllable and is output as it is.
 * Non-ASCII bytes (never keys) are copied. */
static void
libhangul_keys(HangulInputContext *hic, const struct text *in,
               struct text *out)
{
	out->len = 0;
	for (size_t i = 0; i < in->len; i++) {
		unsigned char c = (unsigned char)in->p[i];
		if (c < 0x80) {
			bool used = hangul_ic_process(hic, c);
			/* The commit string belongs to this call only. */
			put_ucs(out, hangul_ic_get_commit_string(hic));
			if (used) {
				continue;
			}
		}
		put_ucs(out, hangul_ic_flush(hic));
		out->p[out->len++] = (char)c;
	}
	put_ucs(out, hangul_ic_flush(hic));
}

/* ICU NFKC, UTF-8 -> UTF-16 -> NFKC -> UTF-8, conversions counted. */
static void
icu_nfkc(const struct text *in, struct text *out, UChar *u16, UChar *n16,
         int32_t cap16)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0, m = 0, len = 0;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
	u_strFromUTF8(u16, cap16, &n, in->p, (int32_t)in->len, &e);
	m = unorm2_normalize(nfkc, u16, n, n16, cap16, &e);
	u_strToUTF8(out->p, (int32_t)(3 * in->len + 16), &len, n16, m, &e);
	if (U_FAILURE(e)) {
		fprintf(stderr, "bench-keyboard: ICU: %s\n", u_errorName(e));
		exit(2);
	}
	out->len = (size_t)len;
}

/* ---- Making the jamo text ----------------------------------------------- */

/* The jamo spelling of each syllable, as a 2-set user types it: its keys
 * through konorm_keyboard, then each key's jamo (one key at a time, so
 * that nothing composes).  Built from konorm's own layout on purpose:
 * the comparison is about composing, not about the layout. */
static struct text
spell_in_jamo(const struct text *keys)
{
	struct text out = alloc_text(3 * keys->len + 16);
	for (size_t i = 0; i < keys->len; i++) {
		char buf[8];
		if ((unsigned char)keys->p[i] >= 0x80) {
			out.p[out.len++] = keys->p[i]; /* not a key */
			continue;
		}
		struct konorm_result r = konorm_keyboard(
		        keys->p + i, 1, buf, sizeof(buf),
		        KONORM_KEYBOARD_TO_HANGUL);
		memcpy(out.p + out.len, buf, r.needed);
		out.len += r.needed;
	}
	return out;
}

/* ---- Measuring ---------------------------------------------------------- */

typedef void (*stage_fn)(void *ctx, const struct text *in, struct text *out);

static double
best_mbps(stage_fn f, void *ctx, const struct text *in, struct text *out,
          int rounds)
{
	double best = 1e30;
	for (int r = 0; r < rounds; r++) {
		double t0 = now();
		f(ctx, in, out);
		double dt = now() - t0;
		best = dt < best ? dt : best;
	}
	return (double)in->len / best / 1e6;
}

/* Share of lines of `got` equal to the same line of `want`. */
static double
line_accuracy(const struct text *got, const struct text *want,
              size_t *lines)
{
	size_t same = 0, n = 0, g = 0, w = 0;
	while (w < want->len) {
		const char *we = memchr(want->p + w, '\n', want->len - w);
		size_t wl = we ? (size_t)(we - (want->p + w)) : want->len - w;
		const char *ge = NULL;
		if (g < got->len) {
			ge = memchr(got->p + g, '\n', got->len - g);
		}
		size_t gl = ge ? (size_t)(ge - (got->p + g))
		               : (g < got->len ? got->len - g : 0);
		same += gl == wl && memcmp(got->p + g, want->p + w, wl) == 0;
		n++;
		w += wl + 1;
		g += gl + 1;
	}
	*lines = n;
	return n ? (double)same / (double)n : 0;
}

static void
stage_copy(void *ctx, const struct text *in, struct text *out)
{
	memcpy(out->p, in->p, in->len);
	out->len = in->len;
}

static void
stage_konorm(void *ctx, const struct text *in, struct text *out)
{
	uint32_t flags = *(uint32_t *)ctx;
	struct konorm_result r = konorm_keyboard(in->p, in->len, out->p,
	                                         3 * in->len + 16, flags);
	out->len = r.needed;
}

static void
stage_compose(void *ctx, const struct text *in, struct text *out)
{
	struct konorm_result r = konorm_jamo_compose(in->p, in->len, out->p,
	                                             3 * in->len + 16, 0);
	out->len = r.needed;
}

static void
stage_libhangul(void *ctx, const struct text *in, struct text *out)
{
	libhangul_keys(ctx, in, out);
}

struct icu_ctx {
	UChar *u16, *n16;
	int32_t cap16;
};

static void
stage_icu(void *ctx, const struct text *in, struct text *out)
{
	struct icu_ctx *c = ctx;
	icu_nfkc(in, out, c->u16, c->n16, c->cap16);
}

/* $BENCH_KEYBOARD_DUMP=DIR writes a peer's output there, to see where it
 * differs (diff it against the input). */
static void
dump_if_asked(const char *name, const struct text *t)
{
	const char *dir = getenv("BENCH_KEYBOARD_DUMP");
	char path[4096];
	if (dir == NULL) {
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(t->p, 1, t->len, f) != t->len) {
		perror(path);
	}
	if (f != NULL) {
		fclose(f);
	}
}

/* konorm's speed as a multiple of the peer's (x2 = twice as fast). */
static void
report(const char *what, double mbps, double base)
{
	printf("  %-34s %8.1f MB/s", what, mbps);
	if (base > 0) {
		printf("   konorm x%.3g", base / mbps);
	}
	printf("\n");
}

/* Share of space-separated words on which two outputs agree. */
static double
word_agreement(const struct text *a, const struct text *b, size_t *words)
{
	size_t same = 0, n = 0, i = 0, j = 0;
	while (i < a->len && j < b->len) {
		const char *ae = memchr(a->p + i, ' ', a->len - i);
		const char *be = memchr(b->p + j, ' ', b->len - j);
		size_t al = ae ? (size_t)(ae - (a->p + i)) : a->len - i;
		size_t bl = be ? (size_t)(be - (b->p + j)) : b->len - j;
		same += al == bl && memcmp(a->p + i, b->p + j, al) == 0;
		n++;
		i += al + 1;
		j += bl + 1;
	}
	*words = n;
	return n ? (double)same / (double)n : 0;
}

/* Random words of 1-8 lower-case keys (a fixed seed): not text anyone
 * types, but every transition of the automaton, to compare konorm with
 * libhangul key sequence by key sequence. */
static void
compare_on_random_keys(int rounds)
{
	struct text keys = alloc_text(1000000 + 16);
	uint32_t seed = 1;
	while (keys.len < 1000000) {
		seed = seed * 1103515245u + 12345u;
		size_t n = 1 + (seed >> 16) % 8;
		for (size_t k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			keys.p[keys.len++] = (char)('a' + (seed >> 16) % 26);
		}
		keys.p[keys.len++] = ' ';
	}
	struct text ours = alloc_text(3 * keys.len + 16);
	struct text theirs = alloc_text(3 * keys.len + 16);
	uint32_t to_hangul = KONORM_KEYBOARD_TO_HANGUL;
	HangulInputContext *hic = hangul_ic_new("2");
	printf("random key words (%zu bytes of keys)\n", keys.len);
	double k = best_mbps(stage_konorm, &to_hangul, &keys, &ours, rounds);
	double l = best_mbps(stage_libhangul, hic, &keys, &theirs, rounds);
	size_t words = 0;
	double agree = word_agreement(&ours, &theirs, &words);
	report("konorm keyboard", k, 0);
	report("libhangul 2-set input context", l, k);
	printf("  words where konorm and libhangul agree: %.3f%% (of %zu)\n",
	       100 * agree, words);
	dump_if_asked("random-keys.txt", &keys);
	dump_if_asked("random-konorm.out", &ours);
	dump_if_asked("random-libhangul.out", &theirs);
	hangul_ic_delete(hic);
	free(keys.p);
	free(ours.p);
	free(theirs.p);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench-keyboard FILE [ROUNDS]\n");
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	struct text text = read_file(argv[1]);
	struct text keys = alloc_text(3 * text.len + 16);
	struct text back = alloc_text(3 * 3 * text.len + 16);
	struct text peer = alloc_text(3 * 3 * text.len + 16);
	uint32_t to_qwerty = KONORM_KEYBOARD_TO_QWERTY;
	uint32_t to_hangul = KONORM_KEYBOARD_TO_HANGUL;
	size_t lines = 0;

	printf("input: %s, %zu bytes, best of %d\n", argv[1], text.len,
	       rounds);
	printf("Hangul -> keys\n");
	double copy = best_mbps(stage_copy, NULL, &text, &back, rounds);
	double kq = best_mbps(stage_konorm, &to_qwerty, &text, &keys, rounds);
	report("konorm keyboard --to qwerty", kq, 0);
	report("memcpy (the limit)", copy, kq);

	printf("keys -> Hangul (%zu bytes of keys)\n", keys.len);
	double kh = best_mbps(stage_konorm, &to_hangul, &keys, &back, rounds);
	HangulInputContext *hic = hangul_ic_new("2");
	double lh = best_mbps(stage_libhangul, hic, &keys, &peer, rounds);
	double k_acc = line_accuracy(&back, &text, &lines);
	double l_acc = line_accuracy(&peer, &text, &lines);
	dump_if_asked("libhangul.out", &peer);
	report("konorm keyboard", kh, 0);
	report("libhangul 2-set input context", lh, kh);
	printf("  round-trip lines equal to the input: konorm %.2f%%, "
	       "libhangul %.2f%% (of %zu)\n",
	       100 * k_acc, 100 * l_acc, lines);
	hangul_ic_delete(hic);

	compare_on_random_keys(rounds);

	struct text jamo = spell_in_jamo(&keys);
	printf("jamo -> syllables (%zu bytes of jamo)\n", jamo.len);
	struct icu_ctx ic = {malloc(sizeof(UChar) * (2 * jamo.len + 16)),
	                     malloc(sizeof(UChar) * (2 * jamo.len + 16)),
	                     (int32_t)(2 * jamo.len + 16)};
	double kc = best_mbps(stage_compose, NULL, &jamo, &back, rounds);
	double in = best_mbps(stage_icu, &ic, &jamo, &peer, rounds);
	double kc_acc = line_accuracy(&back, &text, &lines);
	double icu_acc = line_accuracy(&peer, &text, &lines);
	dump_if_asked("icu-nfkc.out", &peer);
	report("konorm jamo compose", kc, 0);
	report("ICU NFKC (UTF-8<->16 counted)", in, kc);
	printf("  lines equal to the original text: konorm %.2f%%, "
	       "ICU NFKC %.2f%% (of %zu)\n",
	       100 * kc_acc, 100 * icu_acc, lines);
	free(ic.u16);
	free(ic.n16);
	free(jamo.p);
	free(text.p);
	free(keys.p);
	free(back.p);
	free(peer.p);
	return 0;
}
