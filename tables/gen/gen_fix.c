/* SPDX-License-Identifier: MIT */
/*
 * gen_fix: builds the single-byte charset tables of mojibake repair
 * (src/mojibake.c) from the character maps of the build host's iconv
 * (glibc's WINDOWS-1252, MACINTOSH and EUC-KR, i.e. the vendor mappings
 * Microsoft cp1252, Apple Mac OS Roman and KS X 1001:1998).
 * Usage: gen_fix OUT.c
 *
 * Output:
 *  - kn_fix_cp1252[128], kn_fix_macroman[128]: the code point of each byte
 *    80..FF.  The five bytes Windows-1252 leaves undefined (81 8D 8F 90
 *    9D) map to the C1 control of the same value, as the WHATWG Encoding
 *    Standard's index-windows-1252 decodes them in browsers.
 *  - kn_fix_cp1252_rev[], kn_fix_macroman_rev[]: the same pairs sorted by
 *    code point, for encoding.
 *  - kn_fix_cp1252_inv[0x2123]: byte of each code point up to U+2122 in
 *    cp1252 (0: none), the same pairs as a direct index.
 *  - kn_fix_ksx1001_hangul[]: a bitmap over U+AC00..U+D7A3 of the 2350
 *    syllables KS X 1001 encodes (the ones EUC-KR can carry).
 *  - kn_fix_cp949[126 * 190]: the code point of each CP949 (Unified Hangul
 *    Code) double byte, lead 81..FE by trail 41..FE, 0 where undefined.
 *    Repair reads it on the hot path, where an iconv handle (allocation,
 *    state) would not do; 47 KiB of read-only data.
 *  - kn_fix_cp949_rev[]: (code point, CP949 code) sorted by code point,
 *    to re-encode text that UTF-8 bytes read as CP949 produced (67 KiB).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
die(const char *msg, const char *arg)
{
	fprintf(stderr, "gen_fix: %s%s\n", msg, arg ? arg : "");
	exit(1);
}

/* Decodes one byte of charset; 0 when the charset leaves it undefined. */
static uint32_t
decode_byte(iconv_t cd, unsigned char b)
{
	char in[1] = {(char)b};
	unsigned char out[8];
	char *ip = in, *op = (char *)out;
	size_t il = 1, ol = sizeof(out);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4) {
		return 0;
	}
	return (uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 |
	       (uint32_t)out[2] << 8 | out[3];
}

static void
charset_table(const char *charset, uint32_t table[128], int c1_fallback)
{
	iconv_t cd = iconv_open("UCS-4BE", charset);
	if (cd == (iconv_t)-1) {
		die("iconv cannot decode ", charset);
	}
	for (int b = 0x80; b <= 0xFF; b++) {
		uint32_t cp = decode_byte(cd, (unsigned char)b);
		if (cp == 0) {
			if (!c1_fallback || b > 0x9F) {
				die("undefined byte in ", charset);
			}
			cp = (uint32_t)b; /* WHATWG index-windows-1252 */
		}
		/* Apple's own mapping (Unicode's ROMAN.TXT) puts the Apple
		 * logo, byte F0, at U+F8FF, and byte C6 at U+2206 INCREMENT;
		 * glibc has another private-use code point and U+0394.  Mac
		 * text in the wild (and Python's mac_roman) carries
		 * Apple's. */
		if (c1_fallback == 0 && b == 0xF0 && cp >= 0xE000 &&
		    cp <= 0xF8FF) {
			cp = 0xF8FF;
		}
		if (c1_fallback == 0 && b == 0xC6 && cp == 0x0394) {
			cp = 0x2206;
		}
		table[b - 0x80] = cp;
	}
	iconv_close(cd);
}

struct pair {
	uint32_t cp;
	uint32_t byte;
};

static int
by_cp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static void
emit_charset(FILE *f, const char *name, const uint32_t table[128])
{
	struct pair rev[128];
	fprintf(f, "const uint16_t kn_fix_%s[128] = {\n", name);
	for (int i = 0; i < 128; i++) {
		fprintf(f, "%s0x%04X,%s", i % 8 ? " " : "\t",
		        (unsigned)table[i], i % 8 == 7 ? "\n" : "");
		rev[i].cp = table[i];
		rev[i].byte = (uint32_t)(i + 0x80);
	}
	fprintf(f, "};\n\n");
	qsort(rev, 128, sizeof(rev[0]), by_cp);
	fprintf(f, "const struct kn_fix_pair kn_fix_%s_rev[128] = {\n", name);
	for (int i = 0; i < 128; i++) {
		fprintf(f, "\t{0x%04X, 0x%02X},\n", (unsigned)rev[i].cp,
		        (unsigned)rev[i].byte);
	}
	fprintf(f, "};\n\n");
}

/* Direct inverse of cp1252 up to its highest code point (U+2122), for
 * the hot path; 0 where the charset has no byte. */
static void
emit_cp1252_inverse(FILE *f, const uint32_t table[128])
{
	enum { TOP = 0x2123 };
	static unsigned char inv[TOP];
	for (int i = 0; i < 128; i++) {
		if (table[i] >= TOP) {
			die("cp1252 beyond U+2122", NULL);
		}
		inv[table[i]] = (unsigned char)(i + 0x80);
	}
	fprintf(f, "const uint8_t kn_fix_cp1252_inv[0x2123] = {\n");
	for (int i = 0; i < TOP; i++) {
		fprintf(f, "%s%u,%s", i % 16 ? " " : "\t", inv[i],
		        i % 16 == 15 || i == TOP - 1 ? "\n" : "");
	}
	fprintf(f, "};\n\n");
}

/* Whether EUC-KR (KS X 1001) can encode the syllable cp. */
static int
in_ksx1001(iconv_t cd, uint32_t cp)
{
	unsigned char in[4] = {(unsigned char)(cp >> 24),
	                       (unsigned char)(cp >> 16),
	                       (unsigned char)(cp >> 8), (unsigned char)cp};
	char out[8];
	char *ip = (char *)in, *op = out;
	size_t il = 4, ol = sizeof(out);
	iconv(cd, NULL, NULL, NULL, NULL);
	return iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 &&
	       ol == sizeof(out) - 2;
}

static void
emit_ksx1001(FILE *f)
{
	iconv_t cd = iconv_open("EUC-KR", "UCS-4BE");
	if (cd == (iconv_t)-1) {
		die("iconv cannot encode EUC-KR", NULL);
	}
	enum { NSYL = 11172 };
	unsigned char bits[(NSYL + 7) / 8] = {0};
	int count = 0;
	for (int i = 0; i < NSYL; i++) {
		if (in_ksx1001(cd, 0xAC00u + (uint32_t)i)) {
			bits[i / 8] |= (unsigned char)(1u << (i % 8));
			count++;
		}
	}
	iconv_close(cd);
	if (count != 2350) {
		die("KS X 1001 should have 2350 Hangul syllables", NULL);
	}
	fprintf(f, "/* %d syllables */\n", count);
	fprintf(f, "const uint8_t kn_fix_ksx1001_hangul[%d] = {\n",
	        (int)sizeof(bits));
	for (size_t i = 0; i < sizeof(bits); i++) {
		fprintf(f, "%s0x%02X,%s", i % 12 ? " " : "\t", bits[i],
		        i % 12 == 11 ? "\n" : "");
	}
	fprintf(f, "\n};\n");
}

/* Decodes one CP949 double byte; 0 when undefined. */
static uint32_t
decode_pair(iconv_t cd, unsigned char lead, unsigned char trail)
{
	char in[2] = {(char)lead, (char)trail};
	unsigned char out[8];
	char *ip = in, *op = (char *)out;
	size_t il = 2, ol = sizeof(out);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 4 ||
	    il != 0) {
		return 0;
	}
	return (uint32_t)out[0] << 24 | (uint32_t)out[1] << 16 |
	       (uint32_t)out[2] << 8 | out[3];
}

#define MAX_PAIRS (126 * 190)

/* The CP949 code of each code point CP949 encodes, sorted by code point
 * (the first code wins where two decode to one code point). */
static void
emit_cp949_inverse(FILE *f, struct pair *pairs, int n)
{
	qsort(pairs, (size_t)n, sizeof(pairs[0]), by_cp);
	int kept = 0;
	for (int i = 0; i < n; i++) {
		if (kept == 0 || pairs[kept - 1].cp != pairs[i].cp) {
			pairs[kept++] = pairs[i];
		}
	}
	fprintf(f, "const unsigned kn_fix_cp949_rev_count = %d;\n", kept);
	fprintf(f, "const struct kn_fix_pair16 kn_fix_cp949_rev[%d] = {\n",
	        kept);
	for (int i = 0; i < kept; i++) {
		fprintf(f, "\t{0x%04X, 0x%04X},\n", (unsigned)pairs[i].cp,
		        (unsigned)pairs[i].byte);
	}
	fprintf(f, "};\n\n");
}

static void
emit_cp949(FILE *f)
{
	static struct pair pairs[MAX_PAIRS];
	int npairs = 0;
	iconv_t cd = iconv_open("UCS-4BE", "CP949");
	if (cd == (iconv_t)-1) {
		die("iconv cannot decode CP949", NULL);
	}
	int defined = 0;
	fprintf(f, "const uint16_t kn_fix_cp949[126 * 190] = {\n");
	for (int lead = 0x81; lead <= 0xFE; lead++) {
		fprintf(f, "\t/* lead %02X */\n", lead);
		for (int trail = 0x41; trail <= 0xFE; trail++) {
			uint32_t cp = decode_pair(cd, (unsigned char)lead,
			                          (unsigned char)trail);
			if (cp > 0xFFFF) {
				cp = 0; /* none expected; keep uint16_t */
			}
			defined += cp != 0;
			if (cp != 0 && npairs < MAX_PAIRS) {
				pairs[npairs].cp = cp;
				pairs[npairs].byte =
				        (uint32_t)(lead << 8 | trail);
				npairs++;
			}
			int i = trail - 0x41;
			fprintf(f, "%s0x%04X,%s", i % 8 ? " " : "\t",
			        (unsigned)cp,
			        i % 8 == 7 || trail == 0xFE ? "\n" : "");
		}
	}
	fprintf(f, "};\n/* %d double bytes defined */\n\n", defined);
	iconv_close(cd);
	emit_cp949_inverse(f, pairs, npairs);
	/* 8822 UHC extension syllables + 2350 KS X 1001 syllables and the
	 * rest of KS X 1001 (symbols, hanja): anything far lower means the
	 * host's iconv is not the CP949 we expect. */
	if (defined < 17000) {
		die("CP949 table looks incomplete", NULL);
	}
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		die("usage: gen_fix OUT.c", NULL);
	}
	uint32_t cp1252[128], macroman[128];
	charset_table("WINDOWS-1252", cp1252, 1);
	charset_table("MACINTOSH", macroman, 0);
	FILE *f = fopen(argv[1], "w");
	if (f == NULL) {
		die("cannot write ", argv[1]);
	}
	fprintf(f, "/* Generated by tables/gen/gen_fix.c from iconv's "
	           "WINDOWS-1252, MACINTOSH and EUC-KR; do not edit. */\n"
	           "#include \"fix_tables.h\"\n\n");
	emit_charset(f, "cp1252", cp1252);
	emit_cp1252_inverse(f, cp1252);
	emit_charset(f, "macroman", macroman);
	emit_ksx1001(f);
	emit_cp949(f);
	if (fclose(f) != 0) {
		die("write error on ", argv[1]);
	}
	return 0;
}
