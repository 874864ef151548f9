/* SPDX-License-Identifier: MIT */
/*
 * Encoding detection.  Every candidate encoding is checked for strict
 * validity (a byte-level state machine per encoding, then a full decode)
 * and the survivors are rated by the log-likelihood of their decoded
 * text under the character models of textmodel.c.  Comparing whole-input
 * log-likelihoods is the likelihood-ratio test between "these bytes are
 * text in encoding A" and "... in B": decoding is a bijection, so
 * P(bytes | A) = P(text_A | language of A).
 */
#include "encodings.h"
#include "textmodel.h"

#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bytes handed to the decoders at a time. */
#ifndef SHARED_ASCII
#define SHARED_ASCII 1
#endif
#define SLICE 4096
/* Log-likelihood lead (nats) over every other reading that makes the
 * detector certain, after at least CERTAIN_BYTES: e^-60 is far below
 * any practical error rate, and covers the one character each candidate
 * may hold back unscored at a chunk boundary. */
#define CERTAIN_MARGIN 60.0
#define CERTAIN_BYTES 64
/* The detector weighs the evidence at fixed stream offsets (every 64
 * bytes up to 256, every 256 up to 4 KiB, then every 4 KiB), so that
 * the answer does not depend on how the caller cuts the input. */
#define CHECK_FIRST 64
#define CHECK_EARLY 256
#define CHECK_LATE SLICE
/* Cost (nats) of a printable ASCII character after another: the same in
 * every reading that has it, so a constant (about the Korean model's
 * mean over ASCII text) serves, and pure-ASCII runs can skip the
 * models. */
#define ASCII_COST 2.5
/* Cost (nats) per byte of an incomplete character at the end of a
 * prefix: a reading must not gain by leaving bytes undecoded. */
#define CARRY_BYTE_COST 6.0
/* Bonus (nats) of a --prefer / --lang hint and of a byte order mark. */
#define PREFER_BONUS 12.0
#define LANG_BONUS 12.0
#define BOM_BONUS 60.0
/* Multibyte characters in a well-formed UTF-8 first checkpoint (64
 * bytes) that make UTF-8 certain without weighing the other readings:
 * legacy text is well-formed UTF-8 only by accident, and all 64 bytes
 * must be; none of 1,068,000 64-byte windows of the models' corpora in
 * the nine legacy encodings passed (bench/detect/utf8_rule.py). */
#define UTF8_CERTAIN_CHARS 8

/*
 * ln P(a run of non-ASCII characters between ASCII ones is one character
 * long) and ln P(it is longer), per language, measured over the training
 * documents of the character models by tables/textmodel/runs.py.  The
 * bigram models see one neighbour at a time; this sees the shape of the
 * text: Western text has lone accented letters and quotes among ASCII
 * (97% of its runs), CJK and Korean words come in runs of several
 * characters (a lone kanji among Latin words is rare: 9% of Japanese
 * runs), and a Western reading of double-byte text is all runs of two.
 */
static const double run_costs[KN_LANG_COUNT][2] = {
	[KN_LANG_KO] = {-2.15, -0.12},      [KN_LANG_JA] = {-2.36, -0.10},
	[KN_LANG_ZH_HANS] = {-2.25, -0.11}, [KN_LANG_ZH_HANT] = {-2.30, -0.11},
	[KN_LANG_WESTERN] = {-0.03, -3.48}, [KN_LANG_EN] = {-0.08, -2.59},
};

/* Log prior (nats) of each encoding: how often Korean/English text
 * comes in it.  BOM-less UTF-16/32 and the decoys need more evidence. */
static const double priors[KONORM_ENC_COUNT] = {
	[KONORM_ENC_ASCII] = 0.0,        [KONORM_ENC_UTF8] = 0.0,
	[KONORM_ENC_UTF16LE] = -3.0,     [KONORM_ENC_UTF16BE] = -4.0,
	[KONORM_ENC_UTF32LE] = -5.0,     [KONORM_ENC_UTF32BE] = -6.0,
	[KONORM_ENC_EUC_KR] = -0.5,      [KONORM_ENC_CP949] = -0.5,
	[KONORM_ENC_ISO_2022_KR] = -1.0, [KONORM_ENC_JOHAB] = -2.5,
	[KONORM_ENC_SHIFT_JIS] = -2.0,   [KONORM_ENC_EUC_JP] = -2.5,
	[KONORM_ENC_GB18030] = -2.0,     [KONORM_ENC_BIG5] = -2.5,
	[KONORM_ENC_WINDOWS_1252] = -2.0, [KONORM_ENC_ISO_8859_1] = -2.0,
};

struct candidate {
	enum konorm_encoding enc;
	const struct kn_encoding_info *info;
	bool alive;
	bool pruned;    /* hopelessly behind: validated, no longer scored */
	bool suspended; /* left behind by an early decision */
	bool unscored;  /* set aside before any scoring: scored on resume */
	uint64_t resume_at; /* stream offset where it was suspended */
	struct kn_bytestate bs; /* byte-level validity */
	/* Decoder. */
	iconv_t cd;
	uint8_t carry[8];
	size_t ncarry;
	size_t bom_len;
	/* Scores: log-likelihood per language model. */
	uint32_t prev;
	unsigned run; /* non-ASCII characters before this one, up to 2 */
	double sum[KN_LANG_COUNT];
	size_t chars;
};

struct konorm_detector {
	uint32_t flags;
	size_t limit;
	enum konorm_encoding prefer;
	int lang_hint; /* enum kn_lang or -1 */
	uint64_t fed;  /* bytes examined */
	bool finished;
	bool decided;
	bool limited; /* input beyond the limit was ignored */
	bool nonascii;
	bool nul; /* a NUL byte was seen */
	int chosen; /* the winner of an early decision */
	struct kn_buf prefix; /* bytes examined, kept for replays */
	struct candidate cand[KONORM_ENC_COUNT];
	uint8_t scratch[SLICE + 16];
	uint32_t cps[SLICE + 16];
};

/* ---- Scoring ----------------------------------------------------------- */

/* Models rating a candidate's text: its language, or all of them. */
static void
lang_span(const struct candidate *c, int *first, int *last)
{
	enum kn_lang l = c->info->lang;
	if (l == KN_LANG_COUNT) {
		*first = 0;
		*last = KN_LANG_COUNT - 1;
	} else if (l == KN_LANG_WESTERN || l == KN_LANG_EN) {
		*first = KN_LANG_WESTERN;
		*last = KN_LANG_EN;
	} else {
		*first = *last = (int)l;
	}
}

static bool
text_ascii(uint32_t cp)
{
	return (cp >= 0x20 && cp < 0x7F) || cp == '\n' || cp == '\r' ||
	       cp == '\t';
}

/*
 * Adds one decoded code point.  Printable ASCII after printable ASCII
 * costs ASCII_COST whatever the candidate: every ASCII-compatible
 * reading has the same ASCII runs, and letting the models' different
 * views of English decide between, say, EUC-KR and GB18030 would let a
 * long English passage outvote the few Korean characters that matter.
 */
static void
score_cp(struct candidate *c, uint32_t cp)
{
	int first, last;
	lang_span(c, &first, &last);
	/* A run's cost when it starts, its correction if it goes on. */
	if (cp < 0x80) {
		c->run = 0;
	} else if (c->run < 2) {
		c->run++;
		for (int l = first; l <= last; l++) {
			c->sum[l] += c->run == 1 ? run_costs[l][0]
			                         : run_costs[l][1] -
			                                   run_costs[l][0];
		}
	}
	if (text_ascii(cp) && text_ascii(c->prev)) {
		for (int l = first; l <= last; l++) {
			c->sum[l] -= ASCII_COST;
		}
	} else {
		for (int l = first; l <= last; l++) {
			c->sum[l] += kn_textmodel_logp((enum kn_lang)l,
			                               c->prev, cp);
		}
	}
	c->prev = cp;
	c->chars++;
}

/* A run of n printable ASCII bytes, for a candidate that reads them as
 * themselves: exactly what score_cp would add, without decoding. */
static void
score_ascii_run(struct candidate *c, const uint8_t *s, size_t n)
{
	int first, last;
	lang_span(c, &first, &last);
	score_cp(c, s[0]);
	for (int l = first; l <= last; l++) {
		c->sum[l] -= ASCII_COST * (double)(n - 1);
	}
	c->prev = s[n - 1];
	c->chars += n - 1;
}

static double
best_sum(const struct konorm_detector *d, const struct candidate *c,
         int *lang)
{
	int first, last;
	lang_span(c, &first, &last);
	double best = -INFINITY;
	for (int l = first; l <= last; l++) {
		double v = c->sum[l] + (d->lang_hint == l ? LANG_BONUS : 0);
		if (v > best) {
			best = v;
			if (lang != NULL) {
				*lang = l;
			}
		}
	}
	return best;
}

static double
total_score(const struct konorm_detector *d, const struct candidate *c,
            int *lang)
{
	double s = priors[c->enc] + best_sum(d, c, lang);
	s -= (double)c->ncarry * CARRY_BYTE_COST;
	if (c->bom_len > 0) {
		s += BOM_BONUS;
	}
	if (d->prefer == c->enc) {
		s += PREFER_BONUS;
	}
	return s;
}

/* ---- Decoding ---------------------------------------------------------- */

static void
kill(struct candidate *c)
{
	c->alive = false;
}

/* UTF-8, UTF-16, UTF-32 and ASCII are decoded here: no iconv call, and
 * exact rules (no surrogates, nothing above U+10FFFF). */
static size_t
decode_unicode(struct candidate *c, const uint8_t *s, size_t n,
               uint32_t *out, size_t *used)
{
	size_t i = 0, k = 0;
	unsigned unit = c->info->unit;
	bool be = c->info->big_endian;
	while (i < n) {
		uint32_t cp;
		if (c->enc == KONORM_ENC_ASCII) {
			if (s[i] >= 0x80) {
				kill(c);
				break;
			}
			out[k++] = s[i++];
			continue;
		}
		if (unit == 1) {
			int r = kn_utf8_decode(s + i, n - i, &cp);
			if (r == 0) {
				break;
			}
			if (r < 0) {
				kill(c);
				break;
			}
			out[k++] = cp;
			i += (size_t)r;
			continue;
		}
		if (n - i < unit) {
			break;
		}
		if (unit == 4) {
			cp = be ? (uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 |
			                  (uint32_t)s[i + 2] << 8 | s[i + 3]
			        : (uint32_t)s[i + 3] << 24 |
			                  (uint32_t)s[i + 2] << 16 |
			                  (uint32_t)s[i + 1] << 8 | s[i];
			if (cp == 0 || cp > 0x10FFFF ||
			    (cp >= 0xD800 && cp <= 0xDFFF)) {
				kill(c); /* U+0000 is not text, see feed_slice */
				break;
			}
			out[k++] = cp;
			i += 4;
			continue;
		}
		cp = be ? (uint32_t)s[i] << 8 | s[i + 1]
		        : (uint32_t)s[i + 1] << 8 | s[i];
		if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) {
			kill(c);
			break;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (n - i < 4) {
				break;
			}
			uint32_t lo = be ? (uint32_t)s[i + 2] << 8 | s[i + 3]
			                 : (uint32_t)s[i + 3] << 8 | s[i + 2];
			if (lo < 0xDC00 || lo > 0xDFFF) {
				kill(c);
				break;
			}
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			out[k++] = cp;
			i += 4;
			continue;
		}
		out[k++] = cp;
		i += 2;
	}
	*used = i;
	return k;
}

/* Validates s[0..n) as UTF-8 from a character boundary, 16 bytes at a
 * time where it can; returns where an incomplete character at the end
 * starts (n if none), or kills the candidate. */
static size_t
validate_utf8_run(struct candidate *c, const uint8_t *s, size_t n)
{
	size_t fast = kn_utf8_valid_prefix(s, n), off = n - fast;
	enum konorm_status st =
	        konorm_utf8_validate((const char *)s + fast, n - fast, &off);
	if (st == KONORM_EINVAL_UTF8) {
		kill(c);
	}
	return st == KONORM_OK ? n : fast + off;
}

/* UTF-8 when nothing is scored: validation only, in place (no copy
 * into the scratch buffer), carrying an incomplete character over. */
static void
validate_utf8(struct candidate *c, const uint8_t *s, size_t n)
{
	size_t pos = 0;
	if (c->ncarry > 0) {
		/* Complete the carried character (at most 3 more bytes). */
		uint8_t tmp[sizeof(c->carry) + 4];
		size_t take = n < 4 ? n : 4, have = c->ncarry;
		memcpy(tmp, c->carry, have);
		memcpy(tmp + have, s, take);
		size_t end = validate_utf8_run(c, tmp, have + take);
		if (!c->alive) {
			return;
		}
		if (end < have) { /* still incomplete: all of s is carried */
			memcpy(c->carry, tmp, have + take);
			c->ncarry = have + take;
			return;
		}
		/* A character begun after the carried one is taken up
		 * again from s. */
		pos = end - have;
		c->ncarry = 0;
	}
	size_t end = pos + validate_utf8_run(c, s + pos, n - pos);
	if (!c->alive) {
		return;
	}
	c->ncarry = n - end;
	memcpy(c->carry, s + end, c->ncarry);
}

/* The codemap of a double-byte encoding whose codes all have trails in
 * 40-FE, or -1 (JOHAB's symbol trails start at 31). */
static int
codemap_of(enum konorm_encoding enc)
{
	switch (enc) {
	case KONORM_ENC_EUC_KR:
		return KN_CODEMAP_EUC_KR;
	case KONORM_ENC_CP949:
		return KN_CODEMAP_CP949;
	case KONORM_ENC_SHIFT_JIS:
		return KN_CODEMAP_CP932;
	case KONORM_ENC_BIG5:
		return KN_CODEMAP_BIG5;
	default:
		return -1;
	}
}

/* Whether some code of the codemap starts with lead byte b. */
static bool
lead_in_map(const uint8_t *bits, uint8_t b)
{
	if (b < 0x81 || b > 0xFE) {
		return false;
	}
	unsigned row = (unsigned)(b - 0x81) * KN_CODEMAP_TRAILS;
	for (unsigned bit = row; bit < row + KN_CODEMAP_TRAILS; bit++) {
		if (bits[bit / 8] & (1u << (bit % 8))) {
			return true;
		}
	}
	return false;
}

/*
 * A decided double-byte reading when nothing is scored: every byte pair
 * checked against the codes glibc decodes, without decoding (the same
 * verdict as decode_iconv plus the byte machine, at a fraction of the
 * cost).  Returns 0 code points; leaves a lone lead byte at the end.
 */
static size_t
validate_codemap(struct candidate *c, int map, const uint8_t *s, size_t n,
                 size_t *used)
{
	const uint8_t *bits = kn_codemaps[map];
	bool sjis = c->enc == KONORM_ENC_SHIFT_JIS;
	size_t i = 0;
	while (i < n) {
		i += kn_ascii_prefix(s + i, n - i);
		if (i >= n) {
			break;
		}
		uint8_t b = s[i];
		if (sjis && b >= 0xA1 && b <= 0xDF) {
			i++; /* halfwidth katakana */
			continue;
		}
		if (i + 1 == n) {
			/* A lead byte whose trail comes next, if some code
			 * starts with it (FD-FF start none in CP932). */
			if (!lead_in_map(bits, b)) {
				kill(c);
			}
			break;
		}
		uint8_t t = s[i + 1];
		if (b < 0x81 || b > 0xFE || t < 0x40 || t > 0xFE) {
			kill(c);
			break;
		}
		unsigned bit = (unsigned)(b - 0x81) * KN_CODEMAP_TRAILS +
		               (unsigned)(t - 0x40);
		if (!(bits[bit / 8] & (1u << (bit % 8)))) {
			kill(c);
			break;
		}
		i += 2;
	}
	*used = i;
	return 0;
}

/* Legacy encodings go through glibc iconv into UTF-32LE. */
static size_t
decode_iconv(struct candidate *c, const uint8_t *s, size_t n, uint32_t *out,
             size_t *used)
{
	char *ip = (char *)s;
	size_t il = n;
	char *op = (char *)out;
	size_t ol = (SLICE + 16) * sizeof(uint32_t);
	size_t r = iconv(c->cd, &ip, &il, &op, &ol);
	if (r == (size_t)-1 && errno == EILSEQ) {
		kill(c);
	}
	/* EINVAL: an incomplete sequence at the end, carried over.  The
	 * code points stay little-endian until scored (see host_cp). */
	*used = n - il;
	return (size_t)(op - (char *)out) / sizeof(uint32_t);
}

/* The byte machines run where glibc is lax (EUC-KR, EUC-JP, Big5,
 * ISO-2022-KR; tests/test_detect.c checks that glibc is as strict as the
 * machines for the others) and where they set a flag (C1 bytes). */
static bool
needs_machine(enum konorm_encoding enc)
{
	switch (enc) {
	case KONORM_ENC_EUC_KR:
	case KONORM_ENC_EUC_JP:
	case KONORM_ENC_BIG5:
	case KONORM_ENC_ISO_2022_KR:
	case KONORM_ENC_WINDOWS_1252:
	case KONORM_ENC_ISO_8859_1:
	case KONORM_ENC_ASCII:
		return true;
	default:
		return false;
	}
}

/* Whether s[0..n) is printable ASCII that the candidate, in its current
 * state, reads as itself. */
static bool
reads_as_ascii(const struct candidate *c, const uint8_t *s, size_t n,
               bool text_only)
{
	if (!text_only || n == 0 || c->ncarry > 0 || c->bs.state != 0 ||
	    c->bs.shifted) {
		return false;
	}
	return c->info->ascii_compatible ||
	       c->enc == KONORM_ENC_ISO_2022_KR;
}

/* The j-th decoded code point: iconv's output is UTF-32LE, the own
 * decoders' is in host order. */
static uint32_t
host_cp(const struct candidate *c, const uint32_t *cps, size_t j)
{
	if (c->info->iconv_name == NULL) {
		return cps[j];
	}
	const uint8_t *q = (const uint8_t *)(cps + j);
	uint32_t cp = (uint32_t)q[0] | (uint32_t)q[1] << 8 |
	              (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
	/* JOHAB's 0x5C reads as a backslash, as the converter reads it by
	 * default (glibc says U+20A9) and as the ASCII fast path sees it. */
	return c->enc == KONORM_ENC_JOHAB && cp == 0x20A9u ? '\\' : cp;
}

/* Runs one candidate over s[0..n): validity, decoding, and scoring when
 * asked (and not pruned).  text_only: s is all printable ASCII. */
static void
run_candidate(struct konorm_detector *d, struct candidate *c,
              const uint8_t *s, size_t n, bool text_only, bool score)
{
	score = score && !c->pruned;
	if (reads_as_ascii(c, s, n, text_only)) {
		if (score) {
			score_ascii_run(c, s, n);
		}
		return;
	}
	/* The decided winner checked against its codemap needs no byte
	 * machine (the codemap holds the same verdict); a lead byte pending
	 * in the machine is in the carry too. */
	bool machine = needs_machine(c->enc);
	if (machine && !score && d->decided && d->chosen == (int)c->enc &&
	    codemap_of(c->enc) >= 0) {
		machine = false;
		c->bs.state = 0;
	}
	if (!score && c->enc == KONORM_ENC_UTF8) {
		validate_utf8(c, s, n);
		return;
	}
	for (size_t i = 0; machine && i < n; i++) {
		if (!kn_bytestate_step(&c->bs, c->enc, s[i])) {
			kill(c);
			return;
		}
	}
	if (c->info->iconv_name != NULL && c->cd == (iconv_t)-1) {
		c->cd = iconv_open("UTF-32LE", c->info->iconv_name);
		if (c->cd == (iconv_t)-1) {
			kill(c); /* this iconv lacks the encoding */
			return;
		}
	}
	/* Decode carry + s in slices no larger than the scratch buffer. */
	size_t pos = 0;
	while (pos < n && c->alive) {
		size_t take = n - pos < SLICE ? n - pos : SLICE;
		memcpy(d->scratch, c->carry, c->ncarry);
		memcpy(d->scratch + c->ncarry, s + pos, take);
		size_t len = c->ncarry + take, used = 0;
		size_t k;
		if (!score && codemap_of(c->enc) >= 0) {
			k = validate_codemap(c, codemap_of(c->enc), d->scratch,
			                     len, &used);
		} else if (c->info->iconv_name != NULL) {
			k = decode_iconv(c, d->scratch, len, d->cps, &used);
		} else {
			k = decode_unicode(c, d->scratch, len, d->cps, &used);
		}
		if (!c->alive) {
			return;
		}
		c->ncarry = len - used;
		if (c->ncarry > sizeof(c->carry)) {
			kill(c); /* cannot happen: sequences are short */
			return;
		}
		memmove(c->carry, d->scratch + used, c->ncarry);
		pos += take;
		size_t j = 0;
		/* A BOM is not text: skip it when the candidate reports it. */
		if (c->bom_len > 0 && c->chars == 0 && c->prev == 0 && k > 0 &&
		    host_cp(c, d->cps, 0) == 0xFEFF) {
			j = 1;
			c->prev = '\n';
		}
		if (score) {
			for (; j < k; j++) {
				score_cp(c, host_cp(c, d->cps, j));
			}
		}
	}
}

/* ---- The handle -------------------------------------------------------- */

static void
close_decoders(struct konorm_detector *d)
{
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		struct candidate *c = &d->cand[e];
		if (c->cd != (iconv_t)-1 && c->cd != NULL) {
			iconv_close(c->cd);
		}
		c->cd = (iconv_t)-1;
	}
}

static void
init_candidates(struct konorm_detector *d)
{
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		struct candidate *c = &d->cand[e];
		iconv_t cd = c->cd;
		memset(c, 0, sizeof(*c));
		c->enc = (enum konorm_encoding)e;
		c->info = kn_encoding_info(c->enc);
		c->alive = true;
		c->cd = cd;
		/* iconv handles are opened when first needed (see
		 * run_candidate) and kept across resets. */
		if (cd != (iconv_t)-1) {
			iconv(cd, NULL, NULL, NULL, NULL);
		}
	}
}

struct konorm_detector *
konorm_detector_new(uint32_t flags)
{
	struct konorm_detector *d = calloc(1, sizeof(*d));
	if (d == NULL) {
		return NULL;
	}
	d->flags = flags;
	d->limit = KONORM_DETECT_DEFAULT_LIMIT;
	d->lang_hint = -1;
	for (int e = 0; e < KONORM_ENC_COUNT; e++) {
		d->cand[e].cd = (iconv_t)-1;
	}
	init_candidates(d);
	return d;
}

void
konorm_detector_free(struct konorm_detector *d)
{
	if (d == NULL) {
		return;
	}
	close_decoders(d);
	kn_buf_release(&d->prefix);
	free(d);
}

void
konorm_detector_reset(struct konorm_detector *d)
{
	if (d == NULL) {
		return;
	}
	d->fed = 0;
	d->finished = d->decided = d->limited = d->nonascii = false;
	d->nul = false;
	d->prefix.len = 0;
	init_candidates(d);
}

void
konorm_detector_set_limit(struct konorm_detector *d, size_t max_bytes)
{
	if (d != NULL) {
		d->limit = max_bytes;
	}
}

enum konorm_status
konorm_detector_prefer(struct konorm_detector *d, enum konorm_encoding enc)
{
	if (d == NULL || kn_encoding_info(enc) == NULL) {
		return KONORM_EINVAL;
	}
	d->prefer = enc;
	return KONORM_OK;
}

enum konorm_status
konorm_detector_set_language(struct konorm_detector *d, const char *lang)
{
	static const struct {
		const char *tag;
		enum kn_lang lang;
	} tags[] = {
		{"ko", KN_LANG_KO},           {"ja", KN_LANG_JA},
		{"zh", KN_LANG_ZH_HANS},      {"zh-hans", KN_LANG_ZH_HANS},
		{"zh-cn", KN_LANG_ZH_HANS},   {"zh-hant", KN_LANG_ZH_HANT},
		{"zh-tw", KN_LANG_ZH_HANT},   {"en", KN_LANG_EN},
		{"western", KN_LANG_WESTERN}, {"de", KN_LANG_WESTERN},
		{"fr", KN_LANG_WESTERN},      {"es", KN_LANG_WESTERN},
		{"it", KN_LANG_WESTERN},      {"pt", KN_LANG_WESTERN},
		{"nl", KN_LANG_WESTERN},      {"sv", KN_LANG_WESTERN},
		{"da", KN_LANG_WESTERN},      {"no", KN_LANG_WESTERN},
		{"fi", KN_LANG_WESTERN},      {"ca", KN_LANG_WESTERN},
	};
	if (d == NULL || lang == NULL) {
		return KONORM_EINVAL;
	}
	for (size_t i = 0; i < KN_ARRAY_LEN(tags); i++) {
		if (strcasecmp(tags[i].tag, lang) == 0) {
			d->lang_hint = (int)tags[i].lang;
			return KONORM_OK;
		}
	}
	return KONORM_EINVAL;
}

/* The BOM of a candidate, checked on the first bytes of the stream. */
static size_t
bom_length(enum konorm_encoding enc, const uint8_t *s, size_t n)
{
	static const struct {
		enum konorm_encoding enc;
		const char *bytes;
		size_t len;
	} boms[] = {
		{KONORM_ENC_UTF8, "\xEF\xBB\xBF", 3},
		{KONORM_ENC_UTF16LE, "\xFF\xFE", 2},
		{KONORM_ENC_UTF16BE, "\xFE\xFF", 2},
		{KONORM_ENC_UTF32LE, "\xFF\xFE\x00\x00", 4},
		{KONORM_ENC_UTF32BE, "\x00\x00\xFE\xFF", 4},
	};
	for (size_t i = 0; i < KN_ARRAY_LEN(boms); i++) {
		if (boms[i].enc == enc && n >= boms[i].len &&
		    memcmp(s, boms[i].bytes, boms[i].len) == 0) {
			return boms[i].len;
		}
	}
	return 0;
}

/*
 * Candidates whose decoding of the bytes so far is identical to a
 * better-named one's are hidden from the answer: EUC-KR's text is
 * CP949's when no UHC-only code occurred (the rule: answer
 * EUC-KR then), ISO-8859-1's is windows-1252's without C1 bytes, and
 * pure ASCII reads the same in every ASCII-compatible encoding.
 */
static bool
hidden(const struct konorm_detector *d, const struct candidate *c)
{
	const struct candidate *cand = d->cand;
	if (c->enc != KONORM_ENC_ASCII && cand[KONORM_ENC_ASCII].alive &&
	    c->info->ascii_compatible) {
		return true;
	}
	if (c->enc == KONORM_ENC_ISO_2022_KR && !c->bs.header_seen) {
		return true; /* without ESC $ ) C it is plain ASCII */
	}
	if (c->enc == KONORM_ENC_CP949 && cand[KONORM_ENC_EUC_KR].alive) {
		return true;
	}
	if (c->enc == KONORM_ENC_WINDOWS_1252 && !c->bs.special &&
	    cand[KONORM_ENC_ISO_8859_1].alive) {
		return true;
	}
	return false;
}

/* Visible live candidates, best first, with their scores. */
static size_t
rank(const struct konorm_detector *d, int *order, double *scores, int *langs)
{
	size_t n = 0;
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		const struct candidate *c = &d->cand[e];
		if (!c->alive || hidden(d, c)) {
			continue;
		}
		int lang = c->info->lang == KN_LANG_COUNT ? KN_LANG_KO
		                                           : (int)c->info->lang;
		double s = total_score(d, c, &lang);
		/* A pruned reading's score stopped; the others' go on
		 * falling: rank it below all of them. */
		if (c->pruned) {
			s -= 1e12;
		}
		size_t i = n++;
		/* Insertion sort; ties keep enum order (Korean first). */
		while (i > 0 && scores[i - 1] < s) {
			order[i] = order[i - 1];
			scores[i] = scores[i - 1];
			langs[i] = langs[i - 1];
			i--;
		}
		order[i] = e;
		scores[i] = s;
		langs[i] = lang;
	}
	return n;
}

static bool
certain(const struct konorm_detector *d)
{
	if (!d->nonascii || d->fed < CERTAIN_BYTES) {
		return false; /* pure ASCII so far: anything may follow */
	}
	int order[KONORM_ENC_COUNT], langs[KONORM_ENC_COUNT];
	double scores[KONORM_ENC_COUNT];
	size_t n = rank(d, order, scores, langs);
	if (n == 0) {
		return false;
	}
	return n == 1 || scores[0] - scores[1] >= CERTAIN_MARGIN;
}

/* The encodings whose text is the winner's until a later byte tells
 * them apart (see hidden()): they go on being decoded with it. */
static bool
same_text_as(int winner, int e)
{
	/* CP949 after EUC-KR, windows-1252 after ISO-8859-1: set aside
	 * too, and resumed over the kept prefix if the winner fails (a
	 * UHC-only code, a C1 byte). */
	return e == winner;
}

/* After a decision only the winner is decoded; if it fails later, the
 * others resume from where they were left, over the kept prefix. */
static void
suspend_losers(struct konorm_detector *d, int winner)
{
	d->chosen = winner;
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		struct candidate *c = &d->cand[e];
		if (!same_text_as(winner, e) && c->alive && !c->suspended) {
			c->suspended = true;
			c->resume_at = d->fed;
		}
	}
}

#if defined(__SSE2__)
/* Sixteen bytes at a time: a block is plain when no byte is below 0x20
 * (bytes 80-FF are negative as signed) and none is 0x7F; line ends and
 * tabs are looked at only in a block that has some. */
static bool
all_text_ascii(const uint8_t *s, size_t n)
{
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		__m128i b =
		        _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		int odd = _mm_movemask_epi8(
		        _mm_or_si128(_mm_cmplt_epi8(b, _mm_set1_epi8(0x20)),
		                     _mm_cmpeq_epi8(b, _mm_set1_epi8(0x7F))));
		if (odd == 0) {
			continue;
		}
		__m128i space = _mm_or_si128(
		        _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\n')),
		                     _mm_cmpeq_epi8(b, _mm_set1_epi8('\r'))),
		        _mm_cmpeq_epi8(b, _mm_set1_epi8('\t')));
		if ((odd & ~_mm_movemask_epi8(space)) != 0) {
			return false;
		}
	}
	for (; i < n; i++) {
		if (!text_ascii(s[i])) {
			return false;
		}
	}
	return true;
}
#else
static bool
all_text_ascii(const uint8_t *s, size_t n)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t highs = UINT64_C(0x8080808080808080);
	size_t i = 0;
	/* Eight bytes at a time: a word is plain when no byte is below
	 * 0x20 and none is 0x7F or above (the classic "has a byte less
	 * than" test on x and on 0x7F - x); a word with a line end or a
	 * tab falls back to the byte test. */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		uint64_t low = (w - ones * 0x20) & ~w & highs;
		uint64_t high = (w | ((w | highs) - ones * 0x7F)) & highs;
		if ((low | high) == 0) {
			continue;
		}
		for (size_t j = i; j < i + 8; j++) {
			if (!text_ascii(s[j])) {
				return false;
			}
		}
	}
	for (; i < n; i++) {
		if (!text_ascii(s[i])) {
			return false;
		}
	}
	return true;
}
#endif

static void
resume_all(struct konorm_detector *d)
{
	d->decided = false;
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		struct candidate *c = &d->cand[e];
		if (c->suspended && c->alive) {
			c->suspended = false;
			const uint8_t *p = d->prefix.p + c->resume_at;
			size_t n = (size_t)(d->fed - c->resume_at);
			/* Validated, not scored: every reading still in the
			 * race then has its evidence from the same bytes
			 * (the winner's scoring stopped at the decision). */
			run_candidate(d, c, p, n, all_text_ascii(p, n),
			              c->unscored);
			c->unscored = false;
		}
	}
}

static int
winner(const struct konorm_detector *d)
{
	int order[KONORM_ENC_COUNT], langs[KONORM_ENC_COUNT];
	double scores[KONORM_ENC_COUNT];
	return rank(d, order, scores, langs) > 0 ? order[0] : 0;
}

/* Whether some reading still being decoded decodes everything so far
 * (after a decision: the winner's group; else the unpruned ones). */
static bool
decision_holds(const struct konorm_detector *d)
{
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		if (d->cand[e].alive && !d->cand[e].suspended) {
			return true;
		}
	}
	return false;
}

static void weigh(struct konorm_detector *d);

/* Distance between checkpoints around stream offset `at`. */
static uint64_t
checkpoint_step(uint64_t at)
{
	return at < CHECK_EARLY ? CHECK_FIRST
	                        : at < CHECK_LATE ? CHECK_EARLY : CHECK_LATE;
}

/* Whether the first checkpoint's bytes are well-formed UTF-8 (a
 * character may be cut at their end) with at least UTF8_CERTAIN_CHARS
 * multibyte characters. */
static bool
clearly_utf8(const uint8_t *s, size_t n)
{
	size_t end = n;
	if (konorm_utf8_validate((const char *)s, n, &end) ==
	    KONORM_EINVAL_UTF8) {
		return false;
	}
	size_t leads = 0;
	for (size_t i = 0; i < end; i++) {
		leads += s[i] >= 0xC2;
	}
	return leads >= UTF8_CERTAIN_CHARS;
}

/*
 * Shortcuts on the first checkpoint's 64 bytes, which every way of
 * chunking the input hands over whole (see konorm_detector_feed).
 * Printable ASCII there rules out BOM-less UTF-16/32 text: each of its
 * 32 (16) code units would need both bytes printable, which only some
 * Han, kana and symbols have, never an ASCII letter, a space or a
 * Hangul syllable; those readings are set aside unscored, as hopeless
 * ones are.  Well-formed UTF-8 with many multibyte characters decides
 * UTF-8 (see UTF8_CERTAIN_CHARS): the other readings are set aside
 * unscored, and scored over the kept prefix if UTF-8 fails later.
 */
static void
first_checkpoint_shortcuts(struct konorm_detector *d, const uint8_t *s,
                           size_t n, bool text_only)
{
	if (text_only) {
		for (int e = KONORM_ENC_UTF16LE; e <= KONORM_ENC_UTF32BE; e++) {
			struct candidate *c = &d->cand[e];
			c->pruned = c->suspended = true;
			c->resume_at = 0;
		}
		return;
	}
	if (!clearly_utf8(s, n)) {
		return;
	}
	d->decided = true;
	d->chosen = KONORM_ENC_UTF8;
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		struct candidate *c = &d->cand[e];
		/* ASCII is left to fail on the first byte above 7F: while it
		 * lives it hides the ASCII-compatible readings. */
		if (e != KONORM_ENC_UTF8 && e != KONORM_ENC_ASCII) {
			c->suspended = c->unscored = true;
			c->resume_at = 0;
		}
	}
}

static void
feed_slice(struct konorm_detector *d, const uint8_t *s, size_t n)
{
	if (d->fed < 4) {
		/* BOMs are at most 4 bytes: decide them on the first slice,
		 * which the caller makes at least that long when it can. */
		for (int e = 1; e < KONORM_ENC_COUNT; e++) {
			d->cand[e].bom_len = d->fed == 0 ? bom_length(
			                                          (enum konorm_encoding)e,
			                                          s, n)
			                                  : d->cand[e].bom_len;
		}
	}
	bool text_only = all_text_ascii(s, n);
	if (!text_only && kn_ascii_prefix(s, n) < n) {
		d->nonascii = true;
	}
	/* Text has no NUL character.  ASCII with a stray NUL is still
	 * ASCII (as uchardet has it), but a NUL byte beside bytes above
	 * 7F rules out every reading of one byte a unit (UTF-16 and UTF-32
	 * may hold the byte; a U+0000 rules them out in decode_unicode):
	 * binary data, an executable or a gettext .mo catalog, is then no
	 * encoding at all. */
	if (!text_only && !d->nul && memchr(s, 0, n) != NULL) {
		d->nul = true;
	}
	if (d->nul && d->nonascii) {
		for (int e = 1; e < KONORM_ENC_COUNT; e++) {
			if (d->cand[e].alive && d->cand[e].info->unit == 1) {
				kill(&d->cand[e]);
			}
		}
	}
	/* A decision on the first checkpoint still scores its winner there,
	 * for the language it reports. */
	bool score = !d->decided;
	if (d->fed == 0 && n == CHECK_FIRST) {
		first_checkpoint_shortcuts(d, s, n, text_only);
	}
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		struct candidate *c = &d->cand[e];
		if (c->alive && !c->suspended) {
			run_candidate(d, c, s, n, text_only, score);
		}
	}
	d->fed += n;
	if (d->fed % checkpoint_step(d->fed - 1) != 0) {
		return; /* the rest happens at checkpoints only */
	}
	/* A C1 byte makes ISO-8859-1 text unlikely (windows-1252 has
	 * letters and punctuation there): weigh the readings again. */
	bool c1 = d->decided && d->chosen == KONORM_ENC_ISO_8859_1 &&
	          d->cand[KONORM_ENC_ISO_8859_1].bs.special;
	if (!decision_holds(d) || c1) {
		resume_all(d);
	}
	if (!d->decided) {
		weigh(d);
	}
}

/* At a checkpoint: decide when certain, else prune hopeless readings. */
static void
weigh(struct konorm_detector *d)
{
	if (certain(d)) {
		d->decided = true;
		suspend_losers(d, winner(d));
		return;
	}
	int order[KONORM_ENC_COUNT], langs[KONORM_ENC_COUNT];
	double scores[KONORM_ENC_COUNT];
	size_t n = rank(d, order, scores, langs);
	for (size_t i = 1; i < n; i++) {
		struct candidate *c = &d->cand[order[i]];
		if (scores[i] < scores[0] - CERTAIN_MARGIN &&
		    d->fed >= CERTAIN_BYTES && !c->pruned) {
			/* Set aside: checked over the kept prefix only if
			 * every better reading fails later. */
			c->pruned = true;
			c->suspended = true;
			c->resume_at = d->fed;
		}
	}
}

enum konorm_status
konorm_detector_feed(struct konorm_detector *d, const char *src, size_t len)
{
	if (d == NULL || (src == NULL && len > 0)) {
		return KONORM_EINVAL;
	}
	if (d->finished) {
		return KONORM_ESTATE;
	}
	const uint8_t *s = (const uint8_t *)src;
	/* The prefix holds every byte taken, examined or held back. */
	if (d->limit > 0 && d->prefix.len + len > d->limit) {
		len = d->limit - d->prefix.len;
		d->limited = true;
	}
	if (!kn_buf_append(&d->prefix, s, len)) {
		return KONORM_ENOMEM;
	}
	/* Decide BOMs, and the shortcuts of the first checkpoint, on the
	 * same bytes however the caller chunks the input: hold the first
	 * ones back until there are CHECK_FIRST. */
	size_t pos = 0;
	if (d->fed == 0 && d->prefix.len < CHECK_FIRST && !d->limited) {
		return KONORM_MORE;
	}
	if (d->fed == 0) {
		s = d->prefix.p;
		len = d->prefix.len;
	}
	while (pos < len) {
		/* Slices end at the checkpoints (see CHECK_EARLY). */
		uint64_t step = checkpoint_step(d->fed);
		size_t to_check = (size_t)(step - d->fed % step);
		size_t take = len - pos < to_check ? len - pos : to_check;
		feed_slice(d, s + pos, take);
		pos += take;
	}
	return d->decided || d->limited ? KONORM_OK : KONORM_MORE;
}

/* A candidate still inside a sequence at the end of a complete input
 * fails to decode it. */
static bool
ends_cleanly(const struct candidate *c)
{
	return c->ncarry == 0 && c->bs.state == 0;
}

enum konorm_status
konorm_detector_finish_cut(struct konorm_detector *d)
{
	if (d == NULL) {
		return KONORM_EINVAL;
	}
	d->limited = true; /* what a cut at the limit means too */
	return konorm_detector_finish(d);
}

enum konorm_status
konorm_detector_finish(struct konorm_detector *d)
{
	if (d == NULL) {
		return KONORM_EINVAL;
	}
	if (d->finished) {
		return KONORM_OK;
	}
	if (d->fed == 0 && d->prefix.len > 0) {
		/* Fewer than CHECK_FIRST bytes in all: feed them now. */
		feed_slice(d, d->prefix.p, d->prefix.len);
	}
	d->finished = true;
	if (d->decided && d->chosen == KONORM_ENC_ISO_8859_1 &&
	    d->cand[KONORM_ENC_ISO_8859_1].bs.special) {
		resume_all(d); /* a C1 byte after the last checkpoint */
	}
	bool cut = d->limited || (d->flags & KONORM_DETECT_PREFIX) != 0;
	for (int pass = 0; pass < 2; pass++) {
		for (int e = 1; e < KONORM_ENC_COUNT; e++) {
			struct candidate *c = &d->cand[e];
			if (c->alive && !c->suspended && !cut &&
			    !ends_cleanly(c)) {
				kill(c);
			}
		}
		if (decision_holds(d)) {
			break;
		}
		resume_all(d);
	}
	return KONORM_OK;
}

/* e^x for x <= 0, without libm (the library links no libm): x = k ln 2
 * + r with |r| <= ln 2 / 2, a Taylor series for e^r, then k halvings. */
static double
exp_nonpositive(double x)
{
	if (x < -700) {
		return 0;
	}
	const double ln2 = 0.69314718055994530942;
	int k = (int)(x / ln2 - 0.5);
	double r = x - k * ln2, term = 1, sum = 1;
	for (int i = 1; i < 14; i++) {
		term *= r / i;
		sum += term;
	}
	for (; k < 0; k++) {
		sum *= 0.5;
	}
	return sum;
}

size_t
konorm_detector_result(const struct konorm_detector *d,
                       struct konorm_candidate *out, size_t cap)
{
	int order[KONORM_ENC_COUNT], langs[KONORM_ENC_COUNT];
	double scores[KONORM_ENC_COUNT];
	if (d == NULL) {
		return 0;
	}
	size_t n = rank(d, order, scores, langs);
	{
		/* Candidates set aside (by a decision or as hopeless) did
		 * not see the rest of the input: list only those that saw
		 * all of it. */
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			const struct candidate *c = &d->cand[order[i]];
			if (!c->suspended || c->resume_at == d->fed) {
				order[k] = order[i];
				scores[k] = scores[i];
				langs[k] = langs[i];
				k++;
			}
		}
		n = k;
	}
	/* Confidence: the posterior of each reading, softmax of the
	 * log-likelihoods. */
	double total = 0;
	for (size_t i = 0; i < n; i++) {
		total += exp_nonpositive(scores[i] - scores[0]);
	}
	for (size_t i = 0; i < n && i < cap; i++) {
		const struct candidate *c = &d->cand[order[i]];
		out[i].encoding = c->enc;
		out[i].confidence =
		        exp_nonpositive(scores[i] - scores[0]) / total;
		out[i].bom_len = c->bom_len;
		out[i].language = kn_lang_tag((enum kn_lang)langs[i]);
	}
	return n;
}

enum konorm_status
konorm_detect(const char *src, size_t len, uint32_t flags,
              struct konorm_candidate *best)
{
	if ((src == NULL && len > 0) || best == NULL) {
		return KONORM_EINVAL;
	}
	memset(best, 0, sizeof(*best));
	best->language = "und";
	struct konorm_detector *d = konorm_detector_new(flags);
	if (d == NULL) {
		return KONORM_ENOMEM;
	}
	enum konorm_status st = konorm_detector_feed(d, src, len);
	if (st >= 0) {
		st = konorm_detector_finish(d);
	}
	if (st >= 0) {
		st = konorm_detector_result(d, best, 1) > 0 ? KONORM_OK
		                                            : KONORM_EILSEQ;
	}
	konorm_detector_free(d);
	return st;
}
