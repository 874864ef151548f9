/* SPDX-License-Identifier: MIT */
/*
 * gen_textmodel OUT.c LANG=FILE.tsv...: turns the character models of
 * tables/textmodel/ (made by train.py) into the C arrays textmodel.c
 * reads: hash tables of unigrams (by code point) and bigrams (by their
 * packed key), per-class costs and group transitions.  The languages must come in enum kn_lang order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLASS_COUNT 13
/* The groups of the T records: the classes, then ASCII letters. */
#define GROUP_COUNT (CLASS_COUNT + 1)
static const char *const class_names[GROUP_COUNT] = {
	"ascii", "control", "latin1", "latinext", "greekcyr",
	"hangul", "jamo", "kana", "han", "pua", "symbol", "invalid", "other",
	"letter",
};

/* Index of the name at s (ended by a tab or the end), or -1. */
static int
find_name(const char *s, size_t n)
{
	for (int k = 0; k < GROUP_COUNT; k++) {
		if (strlen(class_names[k]) == n &&
		    strncmp(class_names[k], s, n) == 0) {
			return k;
		}
	}
	return -1;
}

struct uni {
	uint32_t cp;
	double cost, backoff;
};
struct bi {
	uint64_t key;
	double cost;
};

static void
die(const char *what, const char *file, long line)
{
	fprintf(stderr, "gen_textmodel: %s:%ld: %s\n", file, line, what);
	exit(1);
}

/* One character: U+XXXX or its UTF-8; advances *s. */
static uint32_t
parse_char(const char **s, const char *file, long line)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int len;
	if (p[0] == 'U' && p[1] == '+' && p[2] != '\0') {
		char *end;
		cp = (uint32_t)strtoul((const char *)p + 2, &end, 16);
		*s = end;
		return cp;
	}
	if (p[0] < 0x80) {
		cp = p[0];
		len = 1;
	} else if (p[0] >= 0xF0) {
		cp = p[0] & 0x07u;
		len = 4;
	} else if (p[0] >= 0xE0) {
		cp = p[0] & 0x0Fu;
		len = 3;
	} else if (p[0] >= 0xC2) {
		cp = p[0] & 0x1Fu;
		len = 2;
	} else {
		die("bad UTF-8", file, line);
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			die("bad UTF-8", file, line);
		}
		cp = (cp << 6) | (p[i] & 0x3Fu);
	}
	*s = (const char *)p + len;
	return cp;
}

/* Power of two at least twice n (load at most one half). */
static size_t
table_size(size_t n)
{
	size_t size = 16;
	while (size < 2 * n) {
		size *= 2;
	}
	return size;
}

/* Fibonacci hashing; must match textmodel.c. */
static size_t
hash(uint64_t key, size_t size)
{
	uint64_t h = key * UINT64_C(0x9E3779B97F4A7C15);
	size_t bits = 0;
	while (((size_t)1 << bits) < size) {
		bits++;
	}
	return (size_t)(h >> (64 - bits));
}

static int
by_cp(const void *a, const void *b)
{
	uint32_t x = ((const struct uni *)a)->cp;
	uint32_t y = ((const struct uni *)b)->cp;
	return (x > y) - (x < y);
}

static int
by_key(const void *a, const void *b)
{
	uint64_t x = ((const struct bi *)a)->key;
	uint64_t y = ((const struct bi *)b)->key;
	return (x > y) - (x < y);
}

static void
emit_model(FILE *out, int index, const char *file)
{
	FILE *in = fopen(file, "r");
	if (in == NULL) {
		die("cannot open", file, 0);
	}
	static struct uni unis[20000];
	static struct bi bis[40000];
	size_t nu = 0, nb = 0;
	double classes[CLASS_COUNT];
	int have[CLASS_COUNT] = {0};
	static double trans[GROUP_COUNT][GROUP_COUNT];
	int have_trans = 0;
	char buf[512];
	long line = 0;
	while (fgets(buf, sizeof(buf), in) != NULL) {
		line++;
		buf[strcspn(buf, "\n")] = '\0';
		if (buf[0] == '#' || buf[0] == '\0') {
			continue;
		}
		if (buf[1] != '\t') {
			die("bad line", file, line);
		}
		const char *s = buf + 2;
		char *end;
		if (buf[0] == 'C') {
			size_t n = strcspn(s, "\t");
			int k = find_name(s, n);
			if (k < 0 || k >= CLASS_COUNT || s[n] != '\t') {
				die("unknown class", file, line);
			}
			classes[k] = strtod(s + n + 1, NULL);
			have[k] = 1;
		} else if (buf[0] == 'T') {
			size_t n1 = strcspn(s, "\t");
			int g1 = find_name(s, n1);
			if (g1 < 0 || s[n1] != '\t') {
				die("unknown group", file, line);
			}
			const char *t = s + n1 + 1;
			size_t n2 = strcspn(t, "\t");
			int g2 = find_name(t, n2);
			if (g2 < 0 || t[n2] != '\t') {
				die("unknown group", file, line);
			}
			trans[g1][g2] = strtod(t + n2 + 1, NULL);
			have_trans++;
		} else if (buf[0] == 'U') {
			if (nu == sizeof(unis) / sizeof(unis[0])) {
				die("too many unigrams", file, line);
			}
			unis[nu].cp = parse_char(&s, file, line);
			unis[nu].cost = strtod(s, &end);
			unis[nu].backoff = strtod(end, NULL);
			nu++;
		} else if (buf[0] == 'B') {
			if (nb == sizeof(bis) / sizeof(bis[0])) {
				die("too many bigrams", file, line);
			}
			uint32_t a = parse_char(&s, file, line);
			if (*s++ != ' ') {
				die("bigram needs two characters", file, line);
			}
			uint32_t b = parse_char(&s, file, line);
			bis[nb].key = ((uint64_t)a << 21) | b;
			bis[nb].cost = strtod(s, NULL);
			nb++;
		} else {
			die("bad record type", file, line);
		}
	}
	fclose(in);
	for (int k = 0; k < CLASS_COUNT; k++) {
		if (!have[k]) {
			die("missing class cost", file, line);
		}
	}
	if (have_trans != GROUP_COUNT * GROUP_COUNT) {
		die("need one T record per pair of groups", file, line);
	}
	qsort(unis, nu, sizeof(unis[0]), by_cp);
	qsort(bis, nb, sizeof(bis[0]), by_key);
	/* Open-addressing hash tables, at most half full, probed linearly
	 * from hash() (the same function as in textmodel.c). */
	size_t usize = table_size(nu), bsize = table_size(nb);
	static struct uni uslots[1 << 16];
	static struct bi bslots[1 << 17];
	for (size_t i = 0; i < usize; i++) {
		uslots[i].cp = UINT32_MAX;
	}
	for (size_t i = 0; i < bsize; i++) {
		bslots[i].key = UINT64_MAX;
	}
	for (size_t i = 0; i < nu; i++) {
		size_t h = hash(unis[i].cp, usize);
		while (uslots[h].cp != UINT32_MAX) {
			h = (h + 1) & (usize - 1);
		}
		uslots[h] = unis[i];
	}
	for (size_t i = 0; i < nb; i++) {
		size_t h = hash(bis[i].key, bsize);
		while (bslots[h].key != UINT64_MAX) {
			h = (h + 1) & (bsize - 1);
		}
		bslots[h] = bis[i];
	}
	fprintf(out, "static const struct kn_tm_uni uni%d[%zu] = {\n", index,
	        usize);
	for (size_t i = 0; i < usize; i++) {
		fprintf(out, "\t{0x%X, %.2ff, %.2ff},\n",
		        (unsigned)uslots[i].cp, uslots[i].cost,
		        uslots[i].backoff);
	}
	fprintf(out, "};\nstatic const struct kn_tm_bi bi%d[%zu] = {\n", index,
	        bsize);
	for (size_t i = 0; i < bsize; i++) {
		fprintf(out, "\t{0x%llXu, %.2ff},\n",
		        (unsigned long long)bslots[i].key, bslots[i].cost);
	}
	fprintf(out, "};\n");
	fprintf(out, "static const float class%d[] = {", index);
	for (int k = 0; k < CLASS_COUNT; k++) {
		fprintf(out, "%s%.2ff", k ? ", " : "", classes[k]);
	}
	fprintf(out, "};\n");
	fprintf(out, "static const float trans%d[%d][%d] = {\n", index,
	        GROUP_COUNT, GROUP_COUNT);
	for (int a = 0; a < GROUP_COUNT; a++) {
		fprintf(out, "\t{");
		for (int b = 0; b < GROUP_COUNT; b++) {
			fprintf(out, "%s%.2ff", b ? ", " : "", trans[a][b]);
		}
		fprintf(out, "},\n");
	}
	fprintf(out, "};\n\n");
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gen_textmodel OUT.c MODEL.tsv...\n");
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (out == NULL) {
		die("cannot write", argv[1], 0);
	}
	fprintf(out, "/* Generated by tables/gen/gen_textmodel.c from "
	             "the TSV files of tables/textmodel/; do not edit. */\n"
	             "#include \"textmodel.h\"\n\n");
	int n = argc - 2;
	for (int i = 0; i < n; i++) {
		emit_model(out, i, argv[i + 2]);
	}
	fprintf(out, "const struct kn_tm_model kn_tm_models[] = {\n");
	for (int i = 0; i < n; i++) {
		fprintf(out,
		        "\t{uni%d, sizeof(uni%d) / sizeof(uni%d[0]), bi%d,\n"
		        "\t sizeof(bi%d) / sizeof(bi%d[0]), class%d, trans%d},\n",
		        i, i, i, i, i, i, i, i);
	}
	fprintf(out, "};\n");
	if (fclose(out) != 0) {
		die("write error", argv[1], 0);
	}
	return 0;
}
