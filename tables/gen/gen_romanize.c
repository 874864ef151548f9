/* SPDX-License-Identifier: MIT */
/*
 * gen_romanize: builds the tables of src/romanize.c from the curated and
 * pinned files in tables/romanize:
 *   exceptions.tsv  spelling -> pronunciation (standard pronunciation
 *                   rules and RR 2000 examples; sources per entry)
 *   gazetteer.tsv   place names, "|" before the administrative unit
 *   surnames.tsv    surnames and their popular spellings
 *   kHangul.txt     Hanja readings extracted from Unihan 15.0
 *   not-units.tsv   endings that look like a unit but are not
 * Usage: gen_romanize exceptions.tsv gazetteer.tsv surnames.tsv
 *                     kHangul.txt not-units.tsv OUT.c
 * Every entry is checked (Hangul only, lengths in range); a bad line
 * fails the build with its file and line number.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/romanize_sound.h"

#define LEX_MAX 8
#define PLACE_MAX 12
#define MAX_ROWS 16384

struct row {
	uint16_t key[PLACE_MAX];
	int key_len;
	uint16_t val[PLACE_MAX];
	int split;
	char text[64];
	uint32_t cp;
};

static struct row rows[MAX_ROWS];
static int nrows;

static void
die(const char *file, int line, const char *msg)
{
	fprintf(stderr, "gen_romanize: %s:%d: %s\n", file, line, msg);
	exit(1);
}

/* Decodes a 3-byte UTF-8 Hangul syllable at s; -1 if it is not one. */
static int
syllable_at(const unsigned char *s)
{
	if ((s[0] & 0xF0) != 0xE0 || (s[1] & 0xC0) != 0x80 ||
	    (s[2] & 0xC0) != 0x80) {
		return -1;
	}
	uint32_t cp = ((uint32_t)(s[0] & 0x0F) << 12) |
	              ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	if (cp < 0xAC00 || cp > 0xD7A3) {
		return -1;
	}
	return (int)(cp - 0xAC00);
}

/* Parses Hangul syllables (and at most one '|', whose position goes to
 * *split) into out; returns the count. */
static int
parse_hangul(const char *s, uint16_t *out, int max, int *split,
             const char *file, int line)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;
	if (split != NULL) {
		*split = -1;
	}
	while (*p != '\0') {
		if (*p == '|' && split != NULL && *split < 0) {
			*split = n;
			p++;
			continue;
		}
		int syl = syllable_at(p);
		if (syl < 0) {
			die(file, line, "not a Hangul syllable");
		}
		if (n == max) {
			die(file, line, "entry too long");
		}
		out[n++] = (uint16_t)syl;
		p += 3;
	}
	if (n == 0) {
		die(file, line, "empty entry");
	}
	return n;
}

/* Splits a line at tabs into at most n fields (in place). */
static int
split_tabs(char *line, char **fields, int n)
{
	int k = 0;
	line[strcspn(line, "\r\n")] = '\0';
	while (k < n) {
		fields[k++] = line;
		char *tab = strchr(line, '\t');
		if (tab == NULL) {
			break;
		}
		*tab = '\0';
		line = tab + 1;
	}
	return k;
}

static int
by_key(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	for (int i = 0; i < x->key_len && i < y->key_len; i++) {
		if (x->key[i] != y->key[i]) {
			return x->key[i] < y->key[i] ? -1 : 1;
		}
	}
	return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static int
by_cp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return (x->cp > y->cp) - (x->cp < y->cp);
}

static void
check_unique(const char *file)
{
	for (int i = 1; i < nrows; i++) {
		if (by_key(&rows[i - 1], &rows[i]) == 0) {
			die(file, 0, "duplicate entry");
		}
	}
}

static FILE *
open_or_die(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);
	if (f == NULL) {
		die(path, 0, "cannot open");
	}
	return f;
}

/* Reads a TSV: calls add(fields, n, file, line) for each data line. */
static void
read_tsv(const char *path, void (*add)(char **, int, const char *, int))
{
	FILE *f = open_or_die(path, "r");
	char line[1024];
	int lineno = 0;
	nrows = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n') {
			continue;
		}
		if (nrows == MAX_ROWS) {
			die(path, lineno, "too many rows");
		}
		char *fields[5];
		int n = split_tabs(line, fields, 5);
		add(fields, n, path, lineno);
	}
	fclose(f);
}

static void
add_exception(char **fields, int n, const char *file, int line)
{
	struct row *r = &rows[nrows];
	if (n < 3) {
		die(file, line, "want spelling, pronunciation and source");
	}
	r->key_len = parse_hangul(fields[0], r->key, LEX_MAX, NULL, file,
	                          line);
	int m = parse_hangul(fields[1], r->val, LEX_MAX, NULL, file, line);
	if (m != r->key_len) {
		die(file, line, "pronunciation length differs");
	}
	nrows++;
}

static void
add_place(char **fields, int n, const char *file, int line)
{
	struct row *r = &rows[nrows];
	if (n < 2) {
		die(file, line, "want name and official spelling");
	}
	r->key_len = parse_hangul(fields[0], r->key, PLACE_MAX, &r->split,
	                          file, line);
	if (r->split < 0) {
		r->split = r->key_len;
	}
	nrows++;
}

static void
add_surname(char **fields, int n, const char *file, int line)
{
	struct row *r = &rows[nrows];
	if (n < 3 || strlen(fields[2]) >= sizeof(r->text)) {
		die(file, line, "want surname, RR and popular spelling");
	}
	r->key_len = parse_hangul(fields[0], r->key, 2, NULL, file, line);
	strcpy(r->text, fields[2]);
	nrows++;
}

static void
add_reading(char **fields, int n, const char *file, int line)
{
	struct row *r = &rows[nrows];
	if (n < 2) {
		die(file, line, "want code point and reading");
	}
	r->cp = (uint32_t)strtoul(fields[0], NULL, 16);
	uint16_t syl[2];
	if (parse_hangul(fields[1], syl, 1, NULL, file, line) != 1) {
		die(file, line, "reading is not one syllable");
	}
	r->val[0] = syl[0];
	nrows++;
}

static void
write_syllables(FILE *out, const uint16_t *s, int n)
{
	fputc('{', out);
	for (int i = 0; i < n; i++) {
		fprintf(out, "%s%u", i ? ", " : "", s[i]);
	}
	fputc('}', out);
}

/* The bitmaps of write_bitmap, kept for write_syllable_table. */
static unsigned char exception_bits[2][(11172 + 7) / 8];

/* A bitmap over the 11,172 syllables of the syllables found at position
 * pos of the rows (the romanizer's quick rejection test). */
static void
write_bitmap(FILE *out, const char *name, int pos)
{
	unsigned char *bits = exception_bits[pos];
	size_t size = sizeof(exception_bits[pos]);
	for (int i = 0; i < nrows; i++) {
		if (rows[i].key_len <= pos) {
			die(name, i, "entry too short for the bitmap");
		}
		unsigned k = rows[i].key[pos];
		bits[k >> 3] = (unsigned char)(bits[k >> 3] | (1u << (k & 7)));
	}
	fprintf(out, "const uint8_t %s[] = {", name);
	for (size_t i = 0; i < size; i++) {
		fprintf(out, "%s%u,", i % 16 ? " " : "\n\t", bits[i]);
	}
	fputs("\n};\n\n", out);
}

static void
write_exceptions(FILE *out, const char *path)
{
	read_tsv(path, add_exception);
	qsort(rows, (size_t)nrows, sizeof(rows[0]), by_key);
	check_unique(path);
	fprintf(out, "const struct kn_roman_exception kn_roman_exceptions[] "
	             "= {\n");
	for (int i = 0; i < nrows; i++) {
		fputs("\t{", out);
		write_syllables(out, rows[i].key, rows[i].key_len);
		fputs(", ", out);
		write_syllables(out, rows[i].val, rows[i].key_len);
		fprintf(out, ", %d},\n", rows[i].key_len);
	}
	fprintf(out, "};\nconst size_t kn_roman_exceptions_len = %d;\n\n",
	        nrows);
	write_bitmap(out, "kn_roman_exception_starts", 0);
	write_bitmap(out, "kn_roman_exception_seconds", 1);
}

static void
write_places(FILE *out, const char *path)
{
	read_tsv(path, add_place);
	qsort(rows, (size_t)nrows, sizeof(rows[0]), by_key);
	check_unique(path);
	fprintf(out, "const struct kn_roman_place kn_roman_places[] = {\n");
	for (int i = 0; i < nrows; i++) {
		fputs("\t{", out);
		write_syllables(out, rows[i].key, rows[i].key_len);
		fprintf(out, ", %d, %d},\n", rows[i].key_len, rows[i].split);
	}
	fprintf(out, "};\nconst size_t kn_roman_places_len = %d;\n\n", nrows);
}

static void
add_not_unit(char **fields, int n, const char *file, int line)
{
	struct row *r = &rows[nrows];
	if (n < 2) {
		die(file, line, "want ending and example");
	}
	r->key_len = parse_hangul(fields[0], r->key, PLACE_MAX, NULL, file,
	                          line);
	r->split = r->key_len;
	nrows++;
}

static void
write_not_units(FILE *out, const char *path)
{
	read_tsv(path, add_not_unit);
	qsort(rows, (size_t)nrows, sizeof(rows[0]), by_key);
	check_unique(path);
	fprintf(out, "const struct kn_roman_place kn_roman_not_units[] = {\n");
	for (int i = 0; i < nrows; i++) {
		fputs("\t{", out);
		write_syllables(out, rows[i].key, rows[i].key_len);
		fprintf(out, ", %d, %d},\n", rows[i].key_len, rows[i].split);
	}
	fprintf(out, "};\nconst size_t kn_roman_not_units_len = %d;\n\n",
	        nrows);
}

static void
write_surnames(FILE *out, const char *path)
{
	read_tsv(path, add_surname);
	qsort(rows, (size_t)nrows, sizeof(rows[0]), by_key);
	check_unique(path);
	fprintf(out, "const struct kn_roman_surname kn_roman_surnames[] = {\n");
	for (int i = 0; i < nrows; i++) {
		fputs("\t{", out);
		write_syllables(out, rows[i].key, rows[i].key_len);
		fprintf(out, ", %d, \"%s\"},\n", rows[i].key_len,
		        rows[i].text);
	}
	fprintf(out, "};\nconst size_t kn_roman_surnames_len = %d;\n\n",
	        nrows);
}

static void
write_readings(FILE *out, const char *path)
{
	read_tsv(path, add_reading);
	qsort(rows, (size_t)nrows, sizeof(rows[0]), by_cp);
	for (int i = 1; i < nrows; i++) {
		if (rows[i].cp == rows[i - 1].cp) {
			die(path, 0, "duplicate code point");
		}
	}
	fprintf(out, "const struct kn_hanja_reading kn_hanja_readings[] = {\n");
	for (int i = 0; i < nrows; i++) {
		fprintf(out, "\t{0x%X, %u},\n", (unsigned)rows[i].cp,
		        rows[i].val[0]);
	}
	fprintf(out, "};\nconst size_t kn_hanja_readings_len = %d;\n", nrows);
}

/* Final t before initial l (and vowel v): the two syllables' parts
 * after the sound changes of a word's inside, as the romanizer makes
 * them (link, ㅎ before a consonant, neutralization and assimilation). */
static void
change_across(int t, int l, int v, struct syl *a, struct syl *b)
{
	*a = (struct syl){.t = (uint8_t)t};
	*b = (struct syl){.l = (uint8_t)l, .v = (uint8_t)v};
	if (t == T_NONE) {
		return; /* nothing changes */
	}
	if (l == L_NG) {
		link_to_vowel(a, b);
	} else if (is_final_h(a->t)) {
		final_h_before_consonant(a, b);
	} else {
		a->t = neutral[t];
		assimilate(a, b);
	}
}

/* Tabulates the sound change at every (final, initial) pair with the
 * functions of romanize_sound.h, in the order src/romanize.c applies
 * them; pairs whose change depends on more are marked SLOW. */
static void
write_boundary(FILE *out)
{
	(void)aspirate_stay; /* used by the romanizer's slow path only */
	fputs("const uint16_t kn_roman_boundary[] = {", out);
	for (int t = 0; t < 28; t++) {
		for (int l = 0; l < 19; l++) {
			int moved = link_move[t];
			bool slow = t == T_LG || t == T_LB ||
			            (l == L_H && aspirate_initial[t] != NONE) ||
			            (l == L_NG && t != T_NONE &&
			             (moved == L_D || moved == L_T));
			struct syl a, b;
			change_across(t, l, V_A, &a, &b);
			unsigned e = a.t | (unsigned)b.l << 5 |
			             (slow ? KN_ROMAN_BOUNDARY_SLOW : 0);
			fprintf(out, "%s%u,", (t * 19 + l) % 12 ? " " : "\n\t",
			        e);
		}
	}
	fputs("\n};\n\n", out);
}

static void
write_lit(FILE *out, const char *s, bool slow)
{
	fprintf(out, "{\"%s\", %u},", s,
	        slow ? KN_ROMAN_LIT_SLOW : (unsigned)strlen(s));
}

/* The RR letters as fixed 8-byte groups (romanize.h, struct
 * kn_roman_lit), from the single list in romanize_sound.h. */
static void
write_letters(FILE *out)
{
	fputs("const struct kn_roman_lit kn_roman_initial[19] = {\n\t", out);
	for (int l = 0; l < 19; l++) {
		write_lit(out, rr_initial_letters[l], false);
	}
	fputs("\n};\nconst struct kn_roman_lit kn_roman_vowel[21] = {\n\t",
	      out);
	for (int v = 0; v < 21; v++) {
		write_lit(out, rr_vowel_letters[v], false);
	}
	fputs("\n};\nconst struct kn_roman_lit kn_roman_final[28] = {\n\t",
	      out);
	for (int t = 0; t < 28; t++) {
		write_lit(out, rr_final_letters[t], false);
	}
	fputs("\n};\n\n", out);
}

/* The RR letters written between the vowels of two syllables, for every
 * (final, next initial, next vowel is ㅣ): the final after the sound
 * change, then the initial after it (RR 2-2 [붙임 2]: ㄹㄹ is ll).  The
 * same functions and order as kn_roman_boundary; pairs whose change
 * depends on the syllables themselves (ㄺ ㄼ, the verb/noun ㅎ) are SLOW. */
static void
write_junction(FILE *out)
{
	fputs("const struct kn_roman_lit kn_roman_junction[28 * 19 * 2] = {",
	      out);
	for (int t = 0; t < 28; t++) {
		for (int l = 0; l < 19; l++) {
			for (int vi = 0; vi < 2; vi++) {
				bool slow = t == T_LG || t == T_LB ||
				            (l == L_H &&
				             aspirate_initial[t] != NONE);
				struct syl a, b;
				change_across(t, l, vi ? V_I : V_A, &a, &b);
				char s[16];
				snprintf(s, sizeof(s), "%s%s",
				         slow ? "" : rr_final_letters[a.t],
				         slow ? ""
				         : b.l == L_R && a.t == T_L
				                 ? "l"
				                 : rr_initial_letters[b.l]);
				fputs(vi ? " " : "\n\t", out);
				write_lit(out, s, slow);
			}
		}
	}
	fputs("\n};\n\n", out);
}

/* Per syllable what the RR hot path needs, packed as romanize.h
 * describes (KN_ROMAN_SYL_*), so that a syllable costs one load instead
 * of three divisions and two bitmap tests. */
static void
write_syllable_table(FILE *out)
{
	fputs("const uint32_t kn_roman_syllables[11172] = {", out);
	for (unsigned s = 0; s < 11172; s++) {
		unsigned l = s / 588, v = s % 588 / 28, t = s % 28;
		unsigned start = (exception_bits[0][s >> 3] >> (s & 7)) & 1u;
		unsigned second = (exception_bits[1][s >> 3] >> (s & 7)) & 1u;
		unsigned long e = (l * 2 + (v == V_I)) | v << 6 | t << 11 |
		                  (unsigned long)(t * 38) << 16 |
		                  (unsigned long)start << 27 |
		                  (unsigned long)second << 28;
		fprintf(out, "%s%lu,", s % 8 ? " " : "\n\t", e);
	}
	fputs("\n};\n\n", out);
}

int
main(int argc, char **argv)
{
	if (argc != 7) {
		fprintf(stderr, "usage: gen_romanize exceptions.tsv "
		                "gazetteer.tsv surnames.tsv kHangul.txt "
		                "not-units.tsv OUT.c\n");
		return 2;
	}
	FILE *out = open_or_die(argv[6], "w");
	fputs("/* Generated by tables/gen/gen_romanize.c; do not edit. */\n"
	      "#include \"romanize.h\"\n\n",
	      out);
	write_exceptions(out, argv[1]);
	write_places(out, argv[2]);
	write_surnames(out, argv[3]);
	write_readings(out, argv[4]);
	write_not_units(out, argv[5]);
	write_boundary(out);
	write_letters(out);
	write_junction(out);
	write_syllable_table(out);
	if (fclose(out) != 0) {
		die(argv[6], 0, "write error");
	}
	return 0;
}
