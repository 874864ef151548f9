/* SPDX-License-Identifier: MIT */
/*
 * gen_scan KHANGUL LEXICON WORDS BIGRAMS OUT: the scanner's tables.
 *  - From tables/scan/unihan-khangul.txt (Unihan 15.0 kHangul code
 *    points): a bitmap of the Han characters Korean has a reading for,
 *    over U+3400..U+9FFF and U+F900..U+FAFF, plus a sorted list of the
 *    few beyond the BMP.
 *  - From tables/scan/spam-lexicon.tsv: the phrases, as C strings.
 *  - From tables/scan/english-layout-words.txt: the English words that a
 *    2-set keyboard reads as whole Hangul syllables, sorted.
 *  - From tables/scan/layout-bigrams.tsv (trained by train_layout.py):
 *    the key-bigram log-likelihood ratios, Korean keys vs English.
 * Fails the build on a malformed line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BMP_FIRST 0x3400u
#define BMP_LAST 0xFAFFu

static unsigned char bits[(BMP_LAST - BMP_FIRST + 1) / 8 + 1];
static unsigned long astral[1024];
static size_t nastral;

static void
die(const char *path, int line, const char *msg)
{
	fprintf(stderr, "gen_scan: %s:%d: %s\n", path, line, msg);
	exit(1);
}

static void
read_khangul(const char *path)
{
	FILE *f = fopen(path, "r");
	char buf[256];
	int line = 0;
	if (f == NULL) {
		die(path, 0, "cannot open");
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		unsigned long cp;
		line++;
		if (buf[0] == '#' || buf[0] == '\n') {
			continue;
		}
		if (sscanf(buf, "U+%lX", &cp) != 1 || cp < BMP_FIRST ||
		    cp > 0x3FFFFul) {
			die(path, line, "want U+XXXX of a Han character");
		}
		if (cp <= BMP_LAST) {
			bits[(cp - BMP_FIRST) / 8] |=
			        (unsigned char)(1u << ((cp - BMP_FIRST) % 8));
		} else if (nastral < sizeof(astral) / sizeof(astral[0])) {
			if (nastral > 0 && astral[nastral - 1] >= cp) {
				die(path, line, "not in code point order");
			}
			astral[nastral++] = cp;
		} else {
			die(path, line, "too many supplementary characters");
		}
	}
	fclose(f);
}

/* Writes one phrase as a C string literal with every byte escaped. */
static void
put_literal(FILE *out, const char *s, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "\\x%02x", (unsigned char)s[i]);
		/* Break the literal so that a following hex digit is never
		 * read as part of the escape. */
		if (i + 1 < n) {
			fputs("\" \"", out);
		}
	}
	fputc('"', out);
}

static void
write_lexicon(const char *path, FILE *out)
{
	FILE *f = fopen(path, "r");
	char buf[512];
	int line = 0, count = 0;
	if (f == NULL) {
		die(path, 0, "cannot open");
	}
	fputs("const struct kn_spam_phrase kn_spam_phrases[] = {\n", out);
	while (fgets(buf, sizeof(buf), f) != NULL) {
		line++;
		if (buf[0] == '#' || buf[0] == '\n') {
			continue;
		}
		char *tab = strchr(buf, '\t');
		if (tab == NULL || tab == buf ||
		    strchr(tab + 1, '\t') == NULL) {
			die(path, line, "want phrase, language, meaning");
		}
		fputs("\t{", out);
		put_literal(out, buf, (size_t)(tab - buf));
		fprintf(out, ", %zu},\n", (size_t)(tab - buf));
		count++;
	}
	fclose(f);
	fputs("};\n", out);
	fprintf(out, "const size_t kn_spam_phrase_count = %d;\n", count);
}

/* One lower-case ASCII word a line, in strcmp order. */
static void
write_words(const char *path, FILE *out)
{
	FILE *f = fopen(path, "r");
	char buf[128], prev[128] = "";
	int line = 0, count = 0;
	if (f == NULL) {
		die(path, 0, "cannot open");
	}
	fputs("const char *const kn_english_layout_words[] = {\n", out);
	while (fgets(buf, sizeof(buf), f) != NULL) {
		line++;
		if (buf[0] == '#' || buf[0] == '\n') {
			continue;
		}
		buf[strcspn(buf, "\n")] = '\0';
		for (char *p = buf; *p != '\0'; p++) {
			if (*p < 'a' || *p > 'z') {
				die(path, line,
				    "want lower-case ASCII letters");
			}
		}
		if (strcmp(prev, buf) >= 0) {
			die(path, line, "not sorted or repeated");
		}
		strcpy(prev, buf);
		fprintf(out, "\t\"%s\",\n", buf);
		count++;
	}
	fclose(f);
	if (count == 0) {
		fputs("\t\"\",\n", out);
	}
	fputs("};\n", out);
	fprintf(out, "const size_t kn_english_layout_word_count = %d;\n",
	        count);
}

/* key a, key b, ratio; a..z, ^ (start) and $ (end) as index 26. */
static void
write_bigrams(const char *path, FILE *out)
{
	FILE *f = fopen(path, "r");
	char buf[128];
	int line = 0, count = 0;
	static float llr[27 * 27];
	if (f == NULL) {
		die(path, 0, "cannot open");
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		char a, b;
		float v;
		line++;
		if (buf[0] == '#' || buf[0] == '\n') {
			continue;
		}
		if (sscanf(buf, "%c\t%c\t%f", &a, &b, &v) != 3 ||
		    !((a >= 'a' && a <= 'z') || a == '^') ||
		    !((b >= 'a' && b <= 'z') || b == '$')) {
			die(path, line, "want key, key, ratio");
		}
		int i = a == '^' ? 26 : a - 'a', j = b == '$' ? 26 : b - 'a';
		llr[i * 27 + j] = v;
		count++;
	}
	fclose(f);
	if (count != 27 * 27 - 1) {
		die(path, line, "want every pair of keys once");
	}
	fputs("const float kn_layout_llr[27 * 27] = {", out);
	for (int i = 0; i < 27 * 27; i++) {
		fprintf(out, "%s%.2ff,", i % 9 ? " " : "\n\t", (double)llr[i]);
	}
	fputs("\n};\n", out);
}

int
main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr,
		        "usage: gen_scan KHANGUL LEXICON WORDS BIGRAMS OUT\n");
		return 2;
	}
	read_khangul(argv[1]);
	FILE *out = fopen(argv[5], "w");
	if (out == NULL) {
		die(argv[5], 0, "cannot create");
	}
	/* Self-contained: the types repeat src/scan.h's (compatible
	 * declarations), as the build dir cannot see src/. */
	fputs("/* Generated by tables/gen/gen_scan.c; do not edit. */\n"
	      "#include <stddef.h>\n#include <stdint.h>\n"
	      "#define H __attribute__((visibility(\"hidden\")))\n"
	      "struct kn_spam_phrase {\n\tconst char *text;\n"
	      "\tsize_t len;\n};\n"
	      "H extern const uint8_t kn_khangul_bits[];\n"
	      "H extern const uint32_t kn_khangul_astral[];\n"
	      "H extern const size_t kn_khangul_astral_count;\n"
	      "H extern const struct kn_spam_phrase kn_spam_phrases[];\n"
	      "H extern const size_t kn_spam_phrase_count;\n"
	      "H extern const char *const kn_english_layout_words[];\n"
	      "H extern const size_t kn_english_layout_word_count;\n"
	      "H extern const float kn_layout_llr[27 * 27];\n\n",
	      out);
	fprintf(out, "const uint8_t kn_khangul_bits[%zu] = {", sizeof(bits));
	for (size_t i = 0; i < sizeof(bits); i++) {
		fprintf(out, "%s0x%02x,", i % 12 ? " " : "\n\t", bits[i]);
	}
	fputs("\n};\n", out);
	fprintf(out, "const uint32_t kn_khangul_astral[%zu] = {",
	        nastral ? nastral : 1);
	for (size_t i = 0; i < nastral; i++) {
		fprintf(out, "%s0x%05lx,", i % 8 ? " " : "\n\t", astral[i]);
	}
	fprintf(out, "\n};\nconst size_t kn_khangul_astral_count = %zu;\n\n",
	        nastral);
	write_lexicon(argv[2], out);
	write_words(argv[3], out);
	write_bigrams(argv[4], out);
	if (fclose(out) != 0) {
		die(argv[5], 0, "write error");
	}
	return 0;
}
