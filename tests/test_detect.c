/* SPDX-License-Identifier: MIT */
/* Encoding detection (src/detect.c), names (src/encodings.c) and the
 * character models (src/textmodel.c). */
#include "../src/encodings.h"
#include "../src/textmodel.h"
#include "harness.h"

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum konorm_status
detect(const char *s, size_t n, uint32_t flags, struct konorm_candidate *c)
{
	return konorm_detect(s, n, flags, c);
}

/* ---- Names ------------------------------------------------------------- */

static const struct {
	const char *description;
	const char *input;
	enum konorm_encoding expected;
} lookup_cases[] = {
	{"canonical", "CP949", KONORM_ENC_CP949},
	{"UHC", "UHC", KONORM_ENC_CP949},
	{"MS949 lower case", "ms949", KONORM_ENC_CP949},
	{"windows-949", "Windows-949", KONORM_ENC_CP949},
	{"KS_C_5601-1987", "KS_C_5601-1987", KONORM_ENC_CP949},
	{"csKSC56011987", "csKSC56011987", KONORM_ENC_CP949},
	{"EUC_KR", "EUC_KR", KONORM_ENC_EUC_KR},
	{"euckr", "euckr", KONORM_ENC_EUC_KR},
	{"iso-2022-kr", "iso-2022-kr", KONORM_ENC_ISO_2022_KR},
	{"johab", "johab", KONORM_ENC_JOHAB},
	{"utf8", "utf8", KONORM_ENC_UTF8},
	{"UTF-16le", "UTF-16le", KONORM_ENC_UTF16LE},
	{"Shift_JIS", "Shift_JIS", KONORM_ENC_SHIFT_JIS},
	{"cp932", "cp932", KONORM_ENC_SHIFT_JIS},
	{"big5", "big5", KONORM_ENC_BIG5},
	{"latin1", "latin1", KONORM_ENC_ISO_8859_1},
	{"cp1252", "cp1252", KONORM_ENC_WINDOWS_1252},
	{"us-ascii", "US-ASCII", KONORM_ENC_ASCII},
	{"unknown", "KOI8-R", KONORM_ENC_UNKNOWN},
	{"empty", "", KONORM_ENC_UNKNOWN},
	{"too long", "UTF-8UTF-8UTF-8UTF-8UTF-8UTF-8UTF-8", KONORM_ENC_UNKNOWN},
	{"non-ASCII", "\xED\x95\x9C", KONORM_ENC_UNKNOWN},
};

static void
check_lookup(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(lookup_cases); i++) {
		enum konorm_encoding e = konorm_encoding_lookup(
		        lookup_cases[i].input, strlen(lookup_cases[i].input));
		KT_CHECK(t, e == lookup_cases[i].expected, "%s: got %s",
		         lookup_cases[i].description, konorm_encoding_name(e));
	}
	KT_CHECK(t, konorm_encoding_lookup(NULL, 0) == KONORM_ENC_UNKNOWN,
	         "NULL name");
	/* An explicit length: the name need not be NUL-terminated. */
	KT_CHECK(t, konorm_encoding_lookup("UHCxyz", 3) == KONORM_ENC_CP949,
	         "length bounds the name");
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		const char *n = konorm_encoding_name((enum konorm_encoding)e);
		KT_CHECK(t, (int)konorm_encoding_lookup(n, strlen(n)) == e,
		         "canonical name %s looks itself up", n);
	}
	KT_CHECK(t, strcmp(konorm_encoding_name(KONORM_ENC_COUNT),
	                   "UNKNOWN") == 0,
	         "out of range name");
}

/* ---- The data files: tests/detect/LANG/ENCODING[-bom].txt -------------- */

/* Decodes data with enc strictly into UTF-8; NULL if it fails. */
static char *
decode_all(enum konorm_encoding enc, const char *data, size_t n,
           size_t *out_len)
{
	struct konorm_converter *c =
	        konorm_converter_new(enc, KONORM_ENC_UTF8, 0);
	if (c == NULL) {
		return NULL;
	}
	size_t cap = n * 4 + 16;
	char *out = malloc(cap);
	struct konorm_in in = {data, n, 0};
	struct konorm_out o = {out, cap, 0};
	enum konorm_status st = konorm_converter_feed(c, &in, &o);
	if (st == KONORM_OK) {
		st = konorm_converter_finish(c, &o);
	}
	konorm_converter_free(c);
	if (st != KONORM_OK) {
		free(out);
		return NULL;
	}
	*out_len = o.pos;
	return out;
}

/* The detector's answer (UNKNOWN when nothing decodes); frees it. */
static enum konorm_encoding
best_and_free(struct konorm_detector *d)
{
	struct konorm_candidate c;
	enum konorm_encoding e = konorm_detector_result(d, &c, 1) > 0
	                                 ? c.encoding
	                                 : KONORM_ENC_UNKNOWN;
	konorm_detector_free(d);
	return e;
}

/* Feeds data in chunks of `chunk` bytes; the answer must not depend on
 * where the chunks end. */
static enum konorm_encoding
detect_chunked(const char *data, size_t n, size_t chunk)
{
	struct konorm_detector *d = konorm_detector_new(0);
	bool cut = false;
	for (size_t i = 0; i < n && !cut; i += chunk) {
		size_t k = n - i < chunk ? n - i : chunk;
		cut = konorm_detector_feed(d, data + i, k) == KONORM_OK &&
		      i + k < n;
	}
	if (cut) {
		konorm_detector_finish_cut(d);
	} else {
		konorm_detector_finish(d);
	}
	return best_and_free(d);
}

static void
check_file(struct kt *t, const char *dir, const char *lang, const char *file)
{
	char rel[512], want[64];
	snprintf(rel, sizeof(rel), "%s/%s", lang, file);
	char *path = kt_path(dir, rel);
	size_t n;
	char *data = kt_read_file(t, path, &n);
	free(path);
	if (data == NULL) {
		return;
	}
	snprintf(want, sizeof(want), "%.*s", (int)(strlen(file) - 4), file);
	bool want_bom = false;
	size_t wl = strlen(want);
	if (wl > 4 && strcmp(want + wl - 4, "-bom") == 0) {
		want[wl - 4] = '\0';
		want_bom = true;
	}
	struct konorm_candidate c;
	enum konorm_status st = detect(data, n, 0, &c);
	const char *got = konorm_encoding_name(c.encoding);
	KT_CHECK(t, st == KONORM_OK && strcmp(got, want) == 0,
	         "%s: detected %s, want %s", rel, got, want);
	KT_CHECK(t, (c.bom_len > 0) == want_bom, "%s: bom %zu", rel,
	         c.bom_len);
	KT_CHECK(t, c.confidence > 0.5 && c.confidence <= 1.0,
	         "%s: confidence %.3f", rel, c.confidence);
	static const size_t chunks[] = {1, 2, 3, 7, 4096};
	for (size_t i = 0; i < KN_ARRAY_LEN(chunks); i++) {
		enum konorm_encoding e = detect_chunked(data, n, chunks[i]);
		KT_CHECK(t, e == c.encoding, "%s: chunks of %zu give %s", rel,
		         chunks[i], konorm_encoding_name(e));
	}
	/* The answer decodes the file, to the text of UTF-8.txt beside. */
	size_t dl = 0;
	char *dec = decode_all(c.encoding, data, n, &dl);
	KT_CHECK(t, dec != NULL, "%s: the answer %s fails to decode it", rel,
	         got);
	snprintf(rel, sizeof(rel), "%s/UTF-8.txt", lang);
	path = kt_path(dir, rel);
	FILE *f = fopen(path, "rb");
	if (f != NULL && dec != NULL) {
		fclose(f);
		size_t rn;
		char *ref = kt_read_file(t, path, &rn);
		if (ref != NULL) {
			char what[600];
			snprintf(what, sizeof(what), "%s/%s decodes to UTF-8.txt",
			         lang, file);
			KT_BYTES(t, dec, dl, ref, rn, what);
		}
		free(ref);
	}
	free(path);
	free(dec);
	free(data);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory but . files, sorted; NULL-terminated. */
static char **
list_dir(const char *path)
{
	DIR *d = opendir(path);
	if (d == NULL) {
		return NULL;
	}
	size_t n = 0, cap = 16;
	char **names = malloc(cap * sizeof(*names));
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			continue;
		}
		if (n + 2 > cap) {
			cap *= 2;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	names[n] = NULL;
	return names;
}

static void
free_list(char **names)
{
	for (char **p = names; p != NULL && *p != NULL; p++) {
		free(*p);
	}
	free(names);
}

static void
check_data_files(struct kt *t)
{
	char *dir = kt_path(kt_source_dir(), "tests/detect");
	char **langs = list_dir(dir);
	size_t files = 0;
	KT_CHECK(t, langs != NULL, "tests/detect is readable");
	for (char **l = langs; l != NULL && *l != NULL; l++) {
		if (strchr(*l, '.') != NULL) {
			continue; /* a file, not a language folder */
		}
		char *sub = kt_path(dir, *l);
		char **names = list_dir(sub);
		for (char **f = names; f != NULL && *f != NULL; f++) {
			if (strstr(*f, ".txt") != NULL) {
				check_file(t, dir, *l, *f);
				files++;
			}
		}
		free_list(names);
		free(sub);
	}
	KT_CHECK(t, files >= 30, "%zu data files checked", files);
	free_list(langs);
	free(dir);
}

/* ---- The fast UTF-8 validator ------------------------------------------ */

/* Unicode 15.0 Table 3-7 at its edges; each is embedded at every offset
 * around the 16-byte blocks of kn_utf8_valid_prefix, after ASCII and
 * after Hangul, and the verdict must be konorm_utf8_validate's. */
static const struct {
	const char *description;
	const char *input;
	size_t len;
} utf8_edge_cases[] = {
	{"U+0080", "\xC2\x80", 2},
	{"overlong C0 80", "\xC0\x80", 2},
	{"overlong C1 BF", "\xC1\xBF", 2},
	{"U+07FF", "\xDF\xBF", 2},
	{"U+0800", "\xE0\xA0\x80", 3},
	{"overlong E0 9F BF", "\xE0\x9F\xBF", 3},
	{"U+D7FF", "\xED\x9F\xBF", 3},
	{"surrogate ED A0 80", "\xED\xA0\x80", 3},
	{"surrogate ED BF BF", "\xED\xBF\xBF", 3},
	{"U+FFFF", "\xEF\xBF\xBF", 3},
	{"U+10000", "\xF0\x90\x80\x80", 4},
	{"overlong F0 8F BF BF", "\xF0\x8F\xBF\xBF", 4},
	{"U+10FFFF", "\xF4\x8F\xBF\xBF", 4},
	{"above U+10FFFF", "\xF4\x90\x80\x80", 4},
	{"F5 lead", "\xF5\x80\x80\x80", 4},
	{"FF byte", "\xFF", 1},
	{"lone continuation", "\x80", 1},
	{"lead then ASCII", "\xE1\x80" "A", 3},
	{"two leads", "\xC3\xC3\xA9", 3},
	{"extra continuation", "\xC3\xA9\xA9", 3},
	{"truncated at the end", "\xED\x95", 2},
};

/* Same status and offset through the fast prefix then the scalar
 * validator as through the scalar one alone. */
static bool
fast_utf8_agrees(const uint8_t *s, size_t n)
{
	size_t k = kn_utf8_valid_prefix(s, n);
	if (k > n || konorm_utf8_validate((const char *)s, k, NULL) !=
	                     KONORM_OK) {
		return false;
	}
	size_t off_all = 0, off_rest = 0;
	enum konorm_status all =
	        konorm_utf8_validate((const char *)s, n, &off_all);
	enum konorm_status rest =
	        konorm_utf8_validate((const char *)s + k, n - k, &off_rest);
	return all == rest && off_all == k + off_rest;
}

static void
check_fast_utf8(struct kt *t)
{
	static const char *const pads[] = {"abcdefghijklmnop",
	                                   "\xED\x95\x9C\xEA\xB8\x80"};
	uint8_t buf[128];
	for (size_t i = 0; i < KN_ARRAY_LEN(utf8_edge_cases); i++) {
		bool ok = true;
		for (size_t pad = 0; pad < KN_ARRAY_LEN(pads); pad++) {
			for (size_t at = 0; at < 50 && ok; at++) {
				size_t plen = strlen(pads[pad]), n = 0;
				while (n < at) {
					buf[n] = (uint8_t)pads[pad][n % plen];
					n++;
				}
				memcpy(buf + n, utf8_edge_cases[i].input,
				       utf8_edge_cases[i].len);
				n += utf8_edge_cases[i].len;
				/* Then ASCII to a block edge and beyond. */
				for (size_t j = 0; j < 40; j++) {
					ok = ok && fast_utf8_agrees(buf, n);
					buf[n++] = 'x';
				}
			}
		}
		KT_CHECK(t, ok, "fast UTF-8: %s",
		         utf8_edge_cases[i].description);
	}
	/* Random bytes biased towards UTF-8 (xorshift, fixed seed). */
	uint64_t x = 88172645463325252u;
	bool ok = true;
	for (int round = 0; round < 20000 && ok; round++) {
		size_t n = 0;
		while (n + 4 <= sizeof(buf)) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			uint32_t cp = (uint32_t)(x >> 11) % 0x11000;
			if (x % 5 == 0) {
				cp %= 0x80;
			}
			int len = kn_utf8_encode(cp >= 0xD800 && cp <= 0xDFFF
			                                 ? 0xFFFD
			                                 : cp,
			                         buf + n);
			n += (size_t)len;
			if ((x >> 3) % 97 == 0) {
				/* A bad byte. */
				buf[n - 1] ^= (uint8_t)(x >> 40);
			}
		}
		ok = fast_utf8_agrees(buf, n) &&
		     fast_utf8_agrees(buf, n / 2 + 1);
	}
	KT_CHECK(t, ok, "fast UTF-8 agrees on random text (round failed)");
	KT_CHECK(t, kn_utf8_valid_prefix(buf, 0) == 0, "empty input");
}

/* ---- Decisions on the first 64 bytes ----------------------------------- */

/* Repeats s up to n bytes (on whole copies). */
static size_t
repeat(char *dst, size_t n, const char *s)
{
	size_t len = strlen(s), k = 0;
	while (k + len <= n) {
		memcpy(dst + k, s, len);
		k += len;
	}
	return k;
}

/* Feeds all of data in chunks of `chunk` bytes, past a decision. */
static enum konorm_encoding
detect_all_chunked(const char *data, size_t n, size_t chunk)
{
	struct konorm_detector *d = konorm_detector_new(0);
	for (size_t i = 0; i < n; i += chunk) {
		size_t k = n - i < chunk ? n - i : chunk;
		konorm_detector_feed(d, data + i, k);
	}
	konorm_detector_finish(d);
	return best_and_free(d);
}

static void
check_first_checkpoint(struct kt *t)
{
	char buf[4096];
	/* 한국어 문장입니다. in UTF-8: certain once 64 bytes are in. */
	size_t n = repeat(buf, 300, "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 "
	                            "\xEB\xAC\xB8\xEC\x9E\xA5\xEC\x9E\x85"
	                            "\xEB\x8B\x88\xEB\x8B\xA4. ");
	struct konorm_detector *d = konorm_detector_new(0);
	KT_CHECK(t, konorm_detector_feed(d, buf, 63) == KONORM_MORE,
	         "63 bytes of Korean UTF-8: more needed");
	KT_CHECK(t, konorm_detector_feed(d, buf + 63, 1) == KONORM_OK,
	         "64 bytes of Korean UTF-8: certain");
	konorm_detector_feed(d, buf + 64, n - 64);
	konorm_detector_finish(d);
	struct konorm_candidate c[KONORM_ENC_COUNT];
	size_t k = konorm_detector_result(d, c, KONORM_ENC_COUNT);
	KT_CHECK(t, k == 1 && c[0].encoding == KONORM_ENC_UTF8 &&
	                    strcmp(c[0].language, "ko") == 0 &&
	                    c[0].confidence > 0.999,
	         "Korean UTF-8: UTF-8, ko, 1.00 (got %s %s)",
	         k > 0 ? konorm_encoding_name(c[0].encoding) : "none",
	         k > 0 ? c[0].language : "");
	/* The same text then EUC-KR 가나다: UTF-8 fails after its
	 * decision; the others are weighed again over all of it. */
	memcpy(buf + n, "\xB0\xA1\xB3\xAA\xB4\xD9", 6);
	size_t m = n + 6;
	konorm_detector_reset(d);
	konorm_detector_feed(d, buf, m);
	konorm_detector_finish(d);
	k = konorm_detector_result(d, c, KONORM_ENC_COUNT);
	size_t out_len = 0;
	char *text = k > 0 ? decode_all(c[0].encoding, buf, m, &out_len)
	                   : NULL;
	KT_CHECK(t, k > 0 && c[0].encoding != KONORM_ENC_UTF8 && text != NULL,
	         "UTF-8 then EUC-KR: an encoding that decodes it all (got %s)",
	         k > 0 ? konorm_encoding_name(c[0].encoding) : "none");
	free(text);
	KT_CHECK(t, k > 0 && detect_all_chunked(buf, m, 1) == c[0].encoding &&
	                    detect_all_chunked(buf, m, 63) == c[0].encoding,
	         "UTF-8 then EUC-KR: the same answer in any chunks");
	/* English: ASCII; UTF-16 readings of it are set aside unscored. */
	n = repeat(buf, 4000, "The quick brown fox jumps over the lazy dog.\n");
	konorm_detector_reset(d);
	konorm_detector_feed(d, buf, n);
	konorm_detector_finish(d);
	k = konorm_detector_result(d, c, KONORM_ENC_COUNT);
	KT_CHECK(t, k == 1 && c[0].encoding == KONORM_ENC_ASCII,
	         "English: ASCII alone (got %zu candidates)", k);
	/* English then one NUL: no longer ASCII text, still ASCII. */
	buf[n] = '\0';
	KT_CHECK(t, detect_chunked(buf, n + 1, 7) == KONORM_ENC_ASCII,
	         "English then NUL: ASCII");
	konorm_detector_free(d);
	/* Short UTF-8 file names stay certain. */
	static const char *const short_utf8[] = {
	        "\xED\x95\x9C\xEA\xB8\x80 \xED\x8C\x8C\xEC\x9D\xBC.txt",
	        "\xED\x9A\x8C\xEC\x9D\x98\xEB\xA1\x9D.hwp",
	        "Caf\xC3\xA9",
	};
	for (size_t i = 0; i < KN_ARRAY_LEN(short_utf8); i++) {
		struct konorm_candidate one;
		KT_CHECK(t, detect(short_utf8[i], strlen(short_utf8[i]), 0,
		                   &one) == KONORM_OK &&
		                    one.encoding == KONORM_ENC_UTF8 &&
		                    one.confidence > 0.99,
		         "short UTF-8 %zu is UTF-8, certain (got %s %.2f)", i,
		         konorm_encoding_name(one.encoding), one.confidence);
	}
}

/* ---- Edge cases -------------------------------------------------------- */

static const struct {
	const char *description;
	const char *input;
	size_t len;
	uint32_t flags;
	enum konorm_encoding expected;
	bool negated; /* the answer must not be `expected` */
} edge_cases[] = {
	{"empty is ASCII", "", 0, 0, KONORM_ENC_ASCII, false},
	{"plain ASCII", "hello, world\n", 13, 0, KONORM_ENC_ASCII, false},
	{"one Hangul syllable in UTF-8", "\xED\x95\x9C", 3, 0,
	 KONORM_ENC_UTF8, false},
	/* "한글" cut after 4 bytes: not UTF-8 once the input is complete. */
	{"truncated UTF-8 is not UTF-8", "\xED\x95\x9C\xEA\xB8", 5, 0,
	 KONORM_ENC_UTF8, true},
	{"truncated UTF-8 of a prefix is UTF-8", "\xED\x95\x9C\xEA\xB8", 5,
	 KONORM_DETECT_PREFIX, KONORM_ENC_UTF8, false},
	/* EUC-KR 가나 cut inside 나: a prefix. */
	{"EUC-KR cut mid-character, prefix", "\xB0\xA1\xB3", 3,
	 KONORM_DETECT_PREFIX, KONORM_ENC_EUC_KR, false},
	{"UHC-only code makes CP949", "\x8C\x63\xB9\xE6", 4, 0,
	 KONORM_ENC_CP949, false}, /* 똠방 */
	{"KS X 1001 only is EUC-KR", "\xB0\xA1\xB3\xAA\xB4\xD9", 6, 0,
	 KONORM_ENC_EUC_KR, false}, /* 가나다 */
	{"C1 byte rules out EUC-KR (glibc would pass it)",
	 "\xB0\xA1\x85\xB3\xAA", 5, 0, KONORM_ENC_WINDOWS_1252, false},
	{"ISO-2022-KR needs its designation",
	 "file \x0E\x30\x21\x0F.txt", 13, 0, KONORM_ENC_ISO_2022_KR, true},
	{"ISO-2022-KR with designation",
	 "\x1B$)C\x0E\x30\x21\x33\x2B\x0F", 10, 0, KONORM_ENC_ISO_2022_KR, false},
	{"UTF-16LE BOM", "\xFF\xFE\x5C\xD5\x00\xAE", 6, 0,
	 KONORM_ENC_UTF16LE, false},
	{"UTF-16LE without BOM (한글 ab)",
	 "\x5C\xD5\x00\xAE\x20\x00\x61\x00\x62\x00", 10, 0,
	 KONORM_ENC_UTF16LE, false},
	{"UTF-16BE without BOM (한글 ab)",
	 "\xD5\x5C\xAE\x00\x00\x20\x00\x61\x00\x62", 10, 0,
	 KONORM_ENC_UTF16BE, false},
	{"UTF-32LE without BOM", "\x5C\xD5\x00\x00\x00\xAE\x00\x00", 8, 0,
	 KONORM_ENC_UTF32LE, false},
	{"a lone UTF-16LE surrogate is not UTF-16LE",
	 "\x00\xD8\x41\x00", 4, 0, KONORM_ENC_UTF16LE, true},
	{"NUL bytes stay ASCII", "a\0b\0c", 5, 0, KONORM_ENC_ASCII, false},
	/* Typographic quotes around Latin words are the Western pattern;
	 * 93 5A (“Z) would be a lone kanji among Latin words in
	 * Shift_JIS, and 93 7B (“{) too. */
	{"curly quotes around Latin words are windows-1252",
	 "\x93Zum Beispiel\x94 steht hier ein ganz normaler Satz.", 49, 0,
	 KONORM_ENC_WINDOWS_1252, false},
	{"a quote then a brace is windows-1252",
	 "\x93{ $count ->\n=SUMME(A1:A9)", 26, 0,
	 KONORM_ENC_WINDOWS_1252, false},
	{"a Japanese word among Latin ones stays Shift_JIS",
	 "File \x95\xB6\x8F\x91.txt", 13, 0, KONORM_ENC_SHIFT_JIS,
	 false}, /* 文書 */
	{"a Korean word among Latin ones stays EUC-KR",
	 "Report \xBA\xB8\xB0\xED\xBC\xAD v2.txt", 20, 0,
	 KONORM_ENC_EUC_KR, false}, /* 보고서 */
};

/* Binary data (NUL bytes beside bytes above 7F, or U+0000 in every
 * UTF-16/32 reading) is no encoding: a gettext .mo header, an ELF
 * header; ASCII text with a stray NUL stays ASCII. */
static void
check_binary(struct kt *t)
{
	static const struct {
		const char *what;
		const char *data;
		size_t len;
	} binary[] = {
		{"gettext .mo header",
		 "\xde\x12\x04\x95\x00\x00\x00\x00\x05\x00\x00\x00"
		 "\x1c\x00\x00\x00\x44\x00\x00\x00\xed\x95\x9c", 23},
		{"ELF header",
		 "\x7f" "ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00"
		 "\x00\x03\x00\x3e\x00\x01\x00\x00\x00\xb0\x6b", 26},
		{"NUL after Korean EUC-KR",
		 "\xc7\xd1\xb1\xdb\x00\x01\x02", 7},
	};
	for (size_t i = 0; i < KN_ARRAY_LEN(binary); i++) {
		struct konorm_detector *d = konorm_detector_new(0);
		konorm_detector_feed(d, binary[i].data, binary[i].len);
		konorm_detector_finish(d);
		struct konorm_candidate c[KONORM_ENC_COUNT];
		size_t k = konorm_detector_result(d, c, KONORM_ENC_COUNT);
		KT_CHECK(t, k == 0, "%s: no encoding, got %zu (%s)",
		         binary[i].what, k,
		         k ? konorm_encoding_name(c[0].encoding) : "");
		konorm_detector_free(d);
	}
}

static void
check_edges(struct kt *t)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(edge_cases); i++) {
		struct konorm_candidate c;
		enum konorm_status st =
		        detect(edge_cases[i].input, edge_cases[i].len,
		               edge_cases[i].flags, &c);
		KT_CHECK(t,
		         st == KONORM_OK &&
		                 (c.encoding == edge_cases[i].expected) !=
		                         edge_cases[i].negated,
		         "%s: got %s (status %d)", edge_cases[i].description,
		         konorm_encoding_name(c.encoding), (int)st);
	}
	struct konorm_candidate c;
	KT_CHECK(t, detect(NULL, 0, 0, &c) == KONORM_OK &&
	                    c.encoding == KONORM_ENC_ASCII,
	         "NULL with length 0 is empty");
	KT_CHECK(t, detect(NULL, 3, 0, &c) == KONORM_EINVAL,
	         "NULL with length 3");
	KT_CHECK(t, detect("a", 1, 0, NULL) == KONORM_EINVAL, "NULL result");
	KT_CHECK(t, konorm_detector_feed(NULL, "a", 1) == KONORM_EINVAL,
	         "NULL handle");
	KT_CHECK(t, konorm_detector_result(NULL, &c, 1) == 0,
	         "NULL handle result");
}

/* The limit cuts the input: a character cut there is no failure, and
 * bytes after it are not looked at. */
static void
check_limit(struct kt *t)
{
	/* 가나다 in EUC-KR, then a byte that is invalid in EUC-KR. */
	const char *s = "\xB0\xA1\xB3\xAA\xB4\xD9\xFF\xFF";
	struct konorm_detector *d = konorm_detector_new(0);
	konorm_detector_set_limit(d, 5);
	KT_CHECK(t, konorm_detector_feed(d, s, 8) == KONORM_OK,
	         "feed returns OK at the limit");
	konorm_detector_finish(d);
	struct konorm_candidate c[KONORM_ENC_COUNT];
	size_t n = konorm_detector_result(d, c, KONORM_ENC_COUNT);
	KT_CHECK(t, n > 0 && c[0].encoding == KONORM_ENC_EUC_KR,
	         "limit 5 cuts inside 다: EUC-KR (got %s)",
	         n > 0 ? konorm_encoding_name(c[0].encoding) : "none");
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		sum += c[i].confidence;
	}
	KT_CHECK(t, n > 0 && sum > 0.999 && sum < 1.001,
	         "confidences sum to 1 (%f)", sum);
	KT_CHECK(t, konorm_detector_feed(d, s, 1) == KONORM_ESTATE,
	         "feed after finish");
	konorm_detector_reset(d);
	KT_CHECK(t, konorm_detector_feed(d, "\xFF\xFE", 2) == KONORM_MORE,
	         "reset handle takes input again");
	konorm_detector_free(d);
}

/* Hints decide balanced cases: B0A1 is 가 in EUC-KR and 啊 in GB18030. */
static void
check_hints(struct kt *t)
{
	struct konorm_candidate c;
	struct konorm_detector *d = konorm_detector_new(0);
	konorm_detector_feed(d, "\xB0\xA1", 2);
	konorm_detector_finish(d);
	konorm_detector_result(d, &c, 1);
	KT_CHECK(t, c.encoding == KONORM_ENC_EUC_KR,
	         "two bytes, no hint: the Korean prior (got %s)",
	         konorm_encoding_name(c.encoding));
	konorm_detector_reset(d);
	KT_CHECK(t, konorm_detector_prefer(d, KONORM_ENC_GB18030) ==
	                    KONORM_OK,
	         "prefer GB18030");
	konorm_detector_feed(d, "\xB0\xA1", 2);
	konorm_detector_finish(d);
	konorm_detector_result(d, &c, 1);
	KT_CHECK(t, c.encoding == KONORM_ENC_GB18030,
	         "--prefer GB18030 (got %s)",
	         konorm_encoding_name(c.encoding));
	konorm_detector_free(d);
	d = konorm_detector_new(0);
	KT_CHECK(t, konorm_detector_set_language(d, "zh") == KONORM_OK,
	         "language zh");
	KT_CHECK(t, konorm_detector_set_language(d, "xx") == KONORM_EINVAL,
	         "unknown language");
	KT_CHECK(t, konorm_detector_prefer(d, KONORM_ENC_UNKNOWN) ==
	                    KONORM_EINVAL,
	         "prefer UNKNOWN");
	konorm_detector_feed(d, "\xB0\xA1", 2);
	konorm_detector_finish(d);
	konorm_detector_result(d, &c, 1);
	KT_CHECK(t, c.encoding == KONORM_ENC_GB18030,
	         "--lang zh (got %s)", konorm_encoding_name(c.encoding));
	konorm_detector_free(d);
}

/*
 * The converter relies on glibc for the strictness of CP949, JOHAB,
 * Shift_JIS (CP932) and GB18030, and on the byte machines for the rest:
 * check over every one- and two-byte input that glibc never accepts what
 * the machine rejects for the first four, and that the machine rejects
 * EUC-KR's C1 bytes, which glibc lets through.
 */
static void
check_byte_machines(struct kt *t)
{
	static const enum konorm_encoding trusted[] = {
		KONORM_ENC_CP949, KONORM_ENC_JOHAB, KONORM_ENC_SHIFT_JIS,
		KONORM_ENC_GB18030};
	for (size_t k = 0; k < KN_ARRAY_LEN(trusted); k++) {
		enum konorm_encoding e = trusted[k];
		iconv_t cd = iconv_open("UTF-32LE",
		                        kn_encoding_info(e)->iconv_name);
		unsigned long lax = 0;
		for (int a = 0; a < 256; a++) {
			for (int b = -1; b < 256; b++) {
				uint8_t s[2] = {(uint8_t)a, (uint8_t)b};
				size_t n = b < 0 ? 1 : 2;
				struct kn_bytestate st = {0};
				bool ok = true;
				for (size_t i = 0; i < n && ok; i++) {
					ok = kn_bytestate_step(&st, e, s[i]);
				}
				ok = ok && st.state == 0;
				iconv(cd, NULL, NULL, NULL, NULL);
				char *ip = (char *)s, out[64], *op = out;
				size_t il = n, ol = sizeof(out);
				size_t r = iconv(cd, &ip, &il, &op, &ol);
				lax += r != (size_t)-1 && il == 0 && !ok;
			}
		}
		iconv_close(cd);
		KT_CHECK(t, lax == 0, "%s: glibc accepts %lu inputs the "
		                      "machine rejects",
		         konorm_encoding_name(e), lax);
	}
	struct kn_bytestate st = {0};
	KT_CHECK(t, !kn_bytestate_step(&st, KONORM_ENC_EUC_KR, 0x85),
	         "EUC-KR: C1 byte rejected");
	memset(&st, 0, sizeof(st));
	KT_CHECK(t, kn_bytestate_step(&st, KONORM_ENC_CP949, 0x8C) &&
	                    kn_bytestate_step(&st, KONORM_ENC_CP949, 0x63) &&
	                    st.special,
	         "CP949: 8C63 is a UHC-only code");
	memset(&st, 0, sizeof(st));
	KT_CHECK(t, kn_bytestate_step(&st, KONORM_ENC_CP949, 0xC6) &&
	                    !kn_bytestate_step(&st, KONORM_ENC_CP949, 0x53),
	         "CP949: C653 is past the UHC extension");
}

/* The codemaps were made at build time by the build machine's iconv; the
 * detector relies on them agreeing with the iconv it converts with. */
static void
check_codemaps(struct kt *t)
{
	static const char *const names[KN_CODEMAP_COUNT] = {
		"EUC-KR", "CP949", "JOHAB", "CP932", "BIG5"};
	for (int k = 0; k < KN_CODEMAP_COUNT; k++) {
		iconv_t cd = iconv_open("UTF-32LE", names[k]);
		unsigned long differ = 0, codes = 0;
		for (int lead = 0x81; lead <= 0xFE; lead++) {
			for (int trail = 0x40; trail <= 0xFE; trail++) {
				char s[2] = {(char)lead, (char)trail}, o[16];
				char *ip = s, *op = o;
				size_t il = 2, ol = sizeof(o);
				iconv(cd, NULL, NULL, NULL, NULL);
				size_t r = iconv(cd, &ip, &il, &op, &ol);
				bool ok = r != (size_t)-1 && il == 0 &&
				          ol == sizeof(o) - 4;
				unsigned bit = (unsigned)(lead - 0x81) *
				                       KN_CODEMAP_TRAILS +
				               (unsigned)(trail - 0x40);
				bool in = kn_codemaps[k][bit / 8] &
				          (1u << (bit % 8));
				differ += ok != in;
				codes += in;
			}
		}
		iconv_close(cd);
		KT_CHECK(t, differ == 0 && codes > 2000,
		         "%s codemap: %lu codes, %lu differ from iconv",
		         names[k], codes, differ);
	}
}

/* ---- Character models -------------------------------------------------- */

static size_t
to_cps(const char *s, uint32_t *cps, size_t cap)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < cap;) {
		uint32_t cp;
		int r = kn_utf8_decode((const uint8_t *)s + i, len - i, &cp);
		if (r <= 0) {
			break;
		}
		cps[n++] = cp;
		i += (size_t)r;
	}
	return n;
}

static const struct {
	const char *description;
	const char *input;
	enum kn_lang expected;
} model_cases[] = {
	{"Korean", "한국어 텍스트를 처리합니다", KN_LANG_KO},
	{"Korean file name", "회계_보고서_최종.xlsx", KN_LANG_KO},
	{"Japanese", "日本語のテキストです", KN_LANG_JA},
	{"Simplified Chinese", "这是一个简体中文的句子", KN_LANG_ZH_HANS},
	{"Traditional Chinese", "這是一個繁體中文的句子", KN_LANG_ZH_HANT},
	{"German", "Straße und Café, schön", KN_LANG_WESTERN},
};

static void
check_models(struct kt *t)
{
	uint32_t cps[128];
	for (size_t i = 0; i < KN_ARRAY_LEN(model_cases); i++) {
		size_t n = to_cps(model_cases[i].input, cps, 128);
		double score = 0;
		enum kn_lang l = kn_textmodel_best(cps, n, &score);
		KT_CHECK(t, l == model_cases[i].expected && score < 0,
		         "%s: best model %s (%.2f)",
		         model_cases[i].description, kn_lang_tag(l), score);
	}
	size_t n = to_cps("한글", cps, 128);
	/* 한글 read as EUC-KR bytes in Latin-1: "ÇÑ±Û". */
	uint32_t moji[] = {0xC7, 0xD1, 0xB1, 0xDB};
	KT_CHECK(t, kn_textmodel_score(KN_LANG_KO, cps, n) >
	                    kn_textmodel_score(KN_LANG_WESTERN, moji, 4) + 5,
	         "Korean beats its mojibake");
	KT_CHECK(t, kn_textmodel_score(KN_LANG_KO, NULL, 0) == 0,
	         "empty scores 0");
	KT_CHECK(t, strcmp(kn_lang_tag(KN_LANG_COUNT), "und") == 0,
	         "out of range tag");
}

void
suite_detect(struct kt *t)
{
	check_lookup(t);
	check_data_files(t);
	check_edges(t);
	check_binary(t);
	check_fast_utf8(t);
	check_first_checkpoint(t);
	check_limit(t);
	check_hints(t);
	check_byte_machines(t);
	check_codemaps(t);
	check_models(t);
}
