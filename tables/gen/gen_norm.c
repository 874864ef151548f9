/* SPDX-License-Identifier: MIT */
/*
 * gen_norm: builds the normalization tables of src/normalize.c from the
 * pinned Unicode 15.0 files in tables/ucd:
 *   UnicodeData.txt                 canonical combining class (field 3),
 *                                   decomposition mappings (field 5)
 *   DerivedNormalizationProps.txt   NFD/NFC/NFKD/NFKC_QC,
 *                                   Full_Composition_Exclusion
 * Usage: gen_norm UnicodeData.txt DerivedNormalizationProps.txt OUT.c
 *
 * Output: a two-stage table (256-code-point blocks, identical blocks
 * shared) from code point to a record of properties; full (recursive)
 * canonical and compatibility decompositions; and for each character that
 * starts a primary composite, its list of (second, composite) pairs.
 * Hangul syllables are left to arithmetic (Unicode 15.0 §3.12).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCP 0x110000
#define MAXD 32

/* Record flags; keep in sync with src/normalize.c. */
enum {
	F_NFD_NO = 1 << 0,
	F_NFKD_NO = 1 << 1,
	F_NFC_NO = 1 << 2,
	F_NFC_MAYBE = 1 << 3,
	F_NFKC_NO = 1 << 4,
	F_NFKC_MAYBE = 1 << 5,
};

static uint8_t ccc[NCP];
static uint8_t flags[NCP];
static uint8_t excluded[NCP];
/* Single-level mappings from UnicodeData. */
static uint32_t *map[NCP];
static uint8_t map_len[NCP];
static uint8_t map_compat[NCP];

static void
die(const char *msg, const char *arg)
{
	fprintf(stderr, "gen_norm: %s%s\n", msg, arg ? arg : "");
	exit(1);
}

static FILE *
open_or_die(const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);
	if (f == NULL) {
		die("cannot open ", path);
	}
	return f;
}

/* Splits line at ';' into at most n fields (in place). */
static int
split_fields(char *line, char **field, int n)
{
	int k = 0;
	field[k++] = line;
	for (char *p = line; *p && k < n; p++) {
		if (*p == ';') {
			*p = '\0';
			field[k++] = p + 1;
		}
	}
	return k;
}

static void
read_unicode_data(const char *path)
{
	FILE *f = open_or_die(path, "r");
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *field[15];
		if (split_fields(line, field, 15) < 6) {
			continue;
		}
		uint32_t cp = (uint32_t)strtoul(field[0], NULL, 16);
		ccc[cp] = (uint8_t)atoi(field[3]);
		char *d = field[5];
		if (*d == '\0') {
			continue;
		}
		if (*d == '<') {
			map_compat[cp] = 1;
			d = strchr(d, '>') + 1;
		}
		uint32_t tmp[MAXD];
		int n = 0;
		while (*d) {
			char *end;
			unsigned long v = strtoul(d, &end, 16);
			if (end == d) {
				break;
			}
			tmp[n++] = (uint32_t)v;
			d = end;
		}
		map[cp] = malloc(n * sizeof(uint32_t));
		memcpy(map[cp], tmp, n * sizeof(uint32_t));
		map_len[cp] = (uint8_t)n;
	}
	fclose(f);
}

static void
read_derived(const char *path)
{
	FILE *f = open_or_die(path, "r");
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');
		if (hash) {
			*hash = '\0';
		}
		char *field[4];
		int k = split_fields(line, field, 4);
		if (k < 2) {
			continue;
		}
		unsigned long lo, hi;
		char *dots = strstr(field[0], "..");
		lo = strtoul(field[0], NULL, 16);
		hi = dots ? strtoul(dots + 2, NULL, 16) : lo;
		char prop[64] = "", val[16] = "";
		sscanf(field[1], " %63s", prop);
		if (k > 2) {
			sscanf(field[2], " %15s", val);
		}
		int bit = 0;
		if (strcmp(prop, "Full_Composition_Exclusion") == 0) {
			for (unsigned long c = lo; c <= hi; c++) {
				excluded[c] = 1;
			}
			continue;
		} else if (strcmp(prop, "NFD_QC") == 0) {
			bit = F_NFD_NO;
		} else if (strcmp(prop, "NFKD_QC") == 0) {
			bit = F_NFKD_NO;
		} else if (strcmp(prop, "NFC_QC") == 0) {
			bit = val[0] == 'N' ? F_NFC_NO : F_NFC_MAYBE;
		} else if (strcmp(prop, "NFKC_QC") == 0) {
			bit = val[0] == 'N' ? F_NFKC_NO : F_NFKC_MAYBE;
		} else {
			continue;
		}
		for (unsigned long c = lo; c <= hi; c++) {
			flags[c] |= (uint8_t)bit;
		}
	}
	fclose(f);
}

static int
is_hangul_syllable(uint32_t c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

/* Full decomposition of c into out; compat selects NFKD. */
static int
decompose(uint32_t c, int compat, uint32_t *out)
{
	if (map[c] == NULL || (map_compat[c] && !compat)) {
		out[0] = c;
		return 1;
	}
	int n = 0;
	for (int i = 0; i < map_len[c]; i++) {
		n += decompose(map[c][i], compat, out + n);
	}
	return n;
}

/* The decomposition pool: sequences are shared when identical. */
static uint32_t pool[NCP];
static int pool_len;

static int
pool_add(const uint32_t *d, int n)
{
	for (int i = 0; i + n <= pool_len; i++) {
		if (memcmp(pool + i, d, n * sizeof(uint32_t)) == 0) {
			return i;
		}
	}
	memcpy(pool + pool_len, d, n * sizeof(uint32_t));
	pool_len += n;
	return pool_len - n;
}

struct record {
	uint8_t ccc, flags, canon_len, compat_len, comp_len;
	uint16_t canon_off, compat_off, comp_off;
};

static struct record records[65536];
static int nrecords;
static uint16_t record_of[NCP];

static int
record_index(const struct record *r)
{
	for (int i = 0; i < nrecords; i++) {
		if (memcmp(&records[i], r, sizeof(*r)) == 0) {
			return i;
		}
	}
	records[nrecords] = *r;
	return nrecords++;
}

/* Primary composites grouped by their first character. */
static uint32_t comp_pairs[4096][2];
static int ncomp;

static int
is_primary_composite(uint32_t c)
{
	return map[c] != NULL && !map_compat[c] && map_len[c] == 2 &&
	       !excluded[c];
}

static void
build_compositions(struct record *rec)
{
	/* Count pairs per first character, then lay the lists out in
	 * code point order of their first character. */
	static uint16_t count[NCP];
	for (uint32_t c = 0; c < NCP; c++) {
		if (is_primary_composite(c)) {
			count[map[c][0]]++;
		}
	}
	for (uint32_t first = 0; first < NCP; first++) {
		if (count[first] == 0) {
			continue;
		}
		rec[first].comp_off = (uint16_t)ncomp;
		rec[first].comp_len = (uint8_t)count[first];
		ncomp += count[first];
		count[first] = 0; /* reused as the fill position */
	}
	for (uint32_t c = 0; c < NCP; c++) {
		if (!is_primary_composite(c)) {
			continue;
		}
		uint32_t first = map[c][0];
		int k = rec[first].comp_off + count[first]++;
		comp_pairs[k][0] = map[c][1];
		comp_pairs[k][1] = c;
	}
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		die("usage: gen_norm UnicodeData.txt "
		    "DerivedNormalizationProps.txt OUT.c",
		    NULL);
	}
	memset(ccc, 0, sizeof(ccc));
	read_unicode_data(argv[1]);
	read_derived(argv[2]);

	static struct record rec[NCP];
	pool_len = 1; /* offset 0 means "no decomposition" */
	for (uint32_t c = 0; c < NCP; c++) {
		uint32_t d[MAXD];
		rec[c].ccc = ccc[c];
		rec[c].flags = flags[c];
		if (map[c] == NULL || is_hangul_syllable(c)) {
			continue;
		}
		int n = decompose(c, 1, d);
		rec[c].compat_off = (uint16_t)pool_add(d, n);
		rec[c].compat_len = (uint8_t)n;
		if (!map_compat[c]) {
			n = decompose(c, 0, d);
			rec[c].canon_off = (uint16_t)pool_add(d, n);
			rec[c].canon_len = (uint8_t)n;
		}
	}
	build_compositions(rec);
	if (pool_len > 65535) {
		die("decomposition pool too large", NULL);
	}

	FILE *out = open_or_die(argv[3], "w");
	fprintf(out, "/* Generated by tables/gen/gen_norm.c from the Unicode "
	             "15.0.0 files in tables/ucd; do not edit. */\n"
	             "#include \"norm_tables.h\"\n\n");
	/* Two-stage table. */
	static uint16_t blocks[NCP];
	int nblocks = 0;
	uint16_t stage1[NCP >> 8];
	for (uint32_t b = 0; b < (NCP >> 8); b++) {
		uint16_t blk[256];
		for (int i = 0; i < 256; i++) {
			blk[i] = (uint16_t)record_index(&rec[(b << 8) + i]);
		}
		int found = -1;
		for (int k = 0; k < nblocks; k++) {
			if (memcmp(blocks + k * 256, blk, sizeof(blk)) == 0) {
				found = k;
				break;
			}
		}
		if (found < 0) {
			memcpy(blocks + nblocks * 256, blk, sizeof(blk));
			found = nblocks++;
		}
		stage1[b] = (uint16_t)found;
	}
	(void)record_of;
	fprintf(out, "const uint16_t kn_norm_stage1[%d] = {", NCP >> 8);
	for (int i = 0; i < (NCP >> 8); i++) {
		fprintf(out, "%s%u,", i % 16 ? "" : "\n\t", stage1[i]);
	}
	fprintf(out, "\n};\n\nconst uint16_t kn_norm_stage2[%d] = {",
	        nblocks * 256);
	for (int i = 0; i < nblocks * 256; i++) {
		fprintf(out, "%s%u,", i % 16 ? "" : "\n\t", blocks[i]);
	}
	fprintf(out, "\n};\n\nconst struct kn_norm_record "
	             "kn_norm_records[%d] = {\n",
	        nrecords);
	for (int i = 0; i < nrecords; i++) {
		struct record *r = &records[i];
		fprintf(out,
		        "\t{%u, 0x%02x, %u, %u, %u, %u, %u, %u},\n", r->ccc,
		        r->flags, r->canon_len, r->compat_len, r->comp_len,
		        r->canon_off, r->compat_off, r->comp_off);
	}
	fprintf(out, "};\n\nconst uint32_t kn_norm_decomp[%d] = {",
	        pool_len);
	for (int i = 0; i < pool_len; i++) {
		fprintf(out, "%s0x%X,", i % 8 ? "" : "\n\t", pool[i]);
	}
	fprintf(out, "\n};\n\nconst uint32_t kn_norm_comp[%d][2] = {\n",
	        ncomp ? ncomp : 1);
	for (int i = 0; i < ncomp; i++) {
		fprintf(out, "\t{0x%X, 0x%X},\n", comp_pairs[i][0],
		        comp_pairs[i][1]);
	}
	if (ncomp == 0) {
		fprintf(out, "\t{0, 0},\n");
	}
	fprintf(out, "};\n");
	if (fclose(out) != 0) {
		die("write error on ", argv[3]);
	}
	fprintf(stderr, "gen_norm: %d records, %d blocks, %d decomposition "
	                "code points, %d compositions\n",
	        nrecords, nblocks, pool_len, ncomp);
	return 0;
}
