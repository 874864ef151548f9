/* SPDX-License-Identifier: MIT */
/*
 * Finding and undoing mojibake: text whose bytes went through the wrong
 * decoder.  A repairable span is one whose characters, encoded back into
 * the wrong charset (Windows-1252 with the C1 controls ISO-8859-1 gives
 * for 80..9F, or Mac OS Roman), give bytes that decode cleanly in the
 * right one (UTF-8 or CP949), possibly more than once (double layers),
 * and whose repaired reading the character models (textmodel.h) rate
 * clearly more plausible than the garbled one.  Irreversible kinds (bytes
 * replaced or dropped by the wrong decoder) are recognised by their
 * traces and only reported.
 */
#include "mojibake.h"

#include "fix_tables.h"
#include "textmodel.h"

#include <string.h>
#include <utf8proc.h>

/* The longest stretch (in input bytes) examined as one group: bounds the
 * work per span and the stack buffers below. */
#define WINDOW_BYTES 4096
/* An ASCII run up to this long (no newline) still joins two garbled
 * pieces into one group, so a garbled sentence is judged as a whole. */
#define ASCII_GAP_MAX 24
#define PIECES_MAX 64
#define LAYERS_MAX 3

/*
 * A repair is taken only when the models prefer the repaired reading by
 * this much (mean log-likelihood per code point, nats): clean text that
 * happens to decode must not change.  UTF-8 of three or four bytes read
 * as single bytes leaves a trace no real text has (a lower-case accented
 * letter and then two or three symbols in a row), so there the structure
 * carries most of the evidence and the models only need not object
 * strongly: the models know little of symbols (†, ✓, emoji) that such
 * sequences often carry.
 */
#define MIN_GAIN 1.0
#define MIN_GAIN_LONG_UTF8 (-10.0)
/* A lone CP949 syllable is two characters: ask for more. */
#define MIN_GAIN_ONE_SYLLABLE 2.0
/* Or: the repaired reading explains the bytes this much better in total
 * (a prior against assuming a wrong decoder, in nats), while not being
 * much worse per code point.  Short Korean words (확률, 패킷) gain little
 * per code point because the models spread Hangul over 2350 syllables. */
#define MIN_TOTAL_GAIN 12.0
#define MIN_GAIN_WITH_TOTAL (-1.0)
/* A Hangul syllable the Korean model never saw costs about this much (its
 * class cost); real text has few of them, random pairs of bytes many. */
#define UNSEEN_SYLLABLE_LOGP (-16.0)
#define UNSEEN_SAMPLE 32

enum charset {
	/* Windows-1252 as browsers decode it, plus the C1 controls that
	 * ISO-8859-1 gives for 80..9F: one inverse for both decoders. */
	CS_WESTERN,
	CS_MACROMAN,
};

enum target {
	T_UTF8,
	T_CP949,
};

struct hypothesis {
	enum charset cs;
	enum target target;
};

/* Tried in this order at each position; the index is kept in spans. */
static const struct hypothesis hypotheses[] = {
	{CS_WESTERN, T_UTF8},
	{CS_MACROMAN, T_UTF8},
	{CS_WESTERN, T_CP949},
};
#define NHYP KN_ARRAY_LEN(hypotheses)
_Static_assert(KN_ARRAY_LEN(hypotheses) ==
                       KN_ARRAY_LEN(((struct kn_mojibake_cursor *)0)->skip),
               "one skip position per hypothesis");
_Static_assert(KN_MOJIBAKE_BATCH_MIN >= 64 + 1,
               "a batch holds the spans of a whole group and one more");

/* ---- Charsets -------------------------------------------------------- */

static int
pair_lookup(const struct kn_fix_pair *t, uint32_t cp)
{
	size_t lo = 0, hi = 128;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t[mid].cp < cp) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < 128 && t[lo].cp == cp ? t[lo].byte : -1;
}

/* The byte cp stands for in charset cs, or -1 if cs cannot encode it. */
static int
charset_byte(enum charset cs, uint32_t cp)
{
	if (cp < 0x80) {
		return (int)cp;
	}
	if (cs == CS_WESTERN) {
		if (cp <= 0xFF) {
			return (int)cp; /* ISO-8859-1, C1 controls included */
		}
		if (cp > 0x2122) {
			return -1; /* beyond every cp1252 special */
		}
		return kn_fix_cp1252_inv[cp] ? kn_fix_cp1252_inv[cp] : -1;
	}
	if (cp < 0xA0 || cp > 0xFB02) {
		return -1;
	}
	return pair_lookup(kn_fix_macroman_rev, cp);
}

/* Reads the character at *pos as a byte of cs and advances *pos; -1 (pos
 * unchanged) at the end or for a character cs cannot encode. */
static int
read_byte(const uint8_t *s, size_t n, enum charset cs, size_t *pos)
{
	/* Fast paths: ASCII, and U+0080..U+00FF (C2/C3 and a trail byte),
	 * which are their own bytes in CS_WESTERN; s is valid UTF-8. */
	if (*pos >= n) {
		return -1;
	}
	uint8_t b0 = s[*pos];
	if (b0 < 0x80) {
		++*pos;
		return b0;
	}
	if (cs == CS_WESTERN && (b0 == 0xC2 || b0 == 0xC3) && *pos + 1 < n) {
		int b = ((b0 & 0x03) << 6) | (s[*pos + 1] & 0x3F);
		*pos += 2;
		return b;
	}
	uint32_t cp;
	int len = kn_utf8_decode(s + *pos, n - *pos, &cp);
	if (len <= 0) {
		return -1;
	}
	int b = charset_byte(cs, cp);
	if (b >= 0) {
		*pos += (size_t)len;
	}
	return b;
}

static uint32_t
cp949_lookup(int lead, int trail)
{
	if (lead < 0x81 || lead > 0xFE || trail < 0x41 || trail > 0xFE) {
		return 0;
	}
	return kn_fix_cp949[(lead - 0x81) * 190 + (trail - 0x41)];
}

static bool
in_ksx1001(uint32_t cp)
{
	if (!kn_is_hangul_syllable(cp)) {
		return false;
	}
	uint32_t i = cp - KN_HANGUL_SBASE;
	return (kn_fix_ksx1001_hangul[i / 8] >> (i % 8)) & 1;
}

/* ---- Units: one character of the right encoding ---------------------- */

enum unit {
	UNIT_NONE,
	UNIT_OK,     /* a well-formed multibyte character */
	UNIT_BROKEN, /* a 3-byte UTF-8 sequence that lost one trail byte */
};

static enum unit
utf8_unit(const uint8_t *s, size_t n, enum charset cs, size_t *pos)
{
	size_t p = *pos;
	int b = read_byte(s, n, cs, &p);
	int len = b >= 0x80 ? kn_utf8_lead_len((uint8_t)b) : 0;
	if (len < 2) {
		return UNIT_NONE;
	}
	uint8_t seq[4] = {(uint8_t)b};
	int got = 1;
	size_t after_trail = 0;
	for (; got < len; got++) {
		size_t q = p;
		int t = read_byte(s, n, cs, &q);
		if (t < 0x80 || t > 0xBF) {
			break;
		}
		seq[got] = (uint8_t)t;
		p = q;
		if (got == 1) {
			after_trail = p;
		}
	}
	uint32_t cp;
	if (got == len && kn_utf8_decode(seq, (size_t)len, &cp) == len) {
		*pos = p;
		return UNIT_OK;
	}
	/* A lead and one trail, then no second trail: what is left of a
	 * 3-byte sequence whose other trail byte (81 8D 8F 90 9D in cp1252,
	 * any of 80..9F in Latin-1) was stripped; the trail left may be the
	 * third byte, so it need not fit the lead's second-byte range. */
	if (len == 3 && got == 2) {
		*pos = after_trail;
		return UNIT_BROKEN;
	}
	return UNIT_NONE;
}

static enum unit
cp949_unit(const uint8_t *s, size_t n, enum charset cs, size_t *pos)
{
	size_t p = *pos;
	int lead = read_byte(s, n, cs, &p);
	if (lead < 0x81) {
		return UNIT_NONE;
	}
	int trail = read_byte(s, n, cs, &p);
	if (cp949_lookup(lead, trail) == 0) {
		return UNIT_NONE;
	}
	*pos = p;
	return UNIT_OK;
}

static enum unit
read_unit(const uint8_t *s, size_t n, const struct hypothesis *h,
          size_t *pos)
{
	return h->target == T_UTF8 ? utf8_unit(s, n, h->cs, pos)
	                           : cp949_unit(s, n, h->cs, pos);
}

/* ---- Groups: garbled pieces joined by short ASCII runs --------------- */

struct piece {
	size_t start, end;
	unsigned broken; /* UNIT_BROKEN count */
};

struct group {
	struct piece piece[PIECES_MAX];
	size_t npieces;
};

/* Parses the group that starts at i under h (empty if no unit starts
 * there). */
static void
parse_group(const uint8_t *s, size_t n, size_t i,
            const struct hypothesis *h, struct group *g)
{
	g->npieces = 0;
	struct piece *cur = NULL;
	size_t pos = i, gap = 0;
	size_t limit = n - i > WINDOW_BYTES ? i + WINDOW_BYTES : n;
	while (pos < limit) {
		size_t p = pos;
		enum unit u = read_unit(s, limit, h, &p);
		if (u != UNIT_NONE) {
			if (cur == NULL) {
				if (g->npieces == PIECES_MAX) {
					break;
				}
				cur = &g->piece[g->npieces++];
				*cur = (struct piece){.start = pos};
			}
			cur->end = p;
			cur->broken += u == UNIT_BROKEN;
			gap = 0;
			pos = p;
			continue;
		}
		if (g->npieces == 0 || s[pos] >= 0x80 || s[pos] == '\n' ||
		    ++gap > ASCII_GAP_MAX) {
			break;
		}
		cur = NULL;
		pos++;
	}
}

/* ---- Conversion ------------------------------------------------------ */

/*
 * Converts s[0..n) whole under h into out (at most cap bytes): each
 * character becomes its byte in h's charset and the bytes are decoded in
 * h's target encoding.  Returns the output length, or 0 if some character
 * is not encodable, the bytes do not decode, or nothing would change.
 */
static size_t
convert_whole(const uint8_t *s, size_t n, const struct hypothesis *h,
              uint8_t *out, size_t cap)
{
	/* First the bytes the characters stand for (one byte each)... */
	uint8_t bytes[WINDOW_BYTES];
	size_t nb = 0, pos = 0;
	while (pos < n) {
		if (nb == sizeof(bytes)) {
			return 0;
		}
		int b = s[pos] < 0x80 ? s[pos++] : read_byte(s, n, h->cs, &pos);
		if (b < 0) {
			return 0;
		}
		bytes[nb++] = (uint8_t)b;
	}
	/* ...then those bytes in the right encoding. */
	size_t len = 0;
	bool changed = false;
	for (size_t i = 0; i < nb;) {
		uint32_t cp = bytes[i];
		int used = 1;
		if (cp >= 0x80) {
			if (h->target == T_UTF8) {
				used = kn_utf8_decode(bytes + i, nb - i, &cp);
			} else {
				cp = i + 1 < nb ? cp949_lookup(bytes[i],
				                               bytes[i + 1])
				                : 0;
				used = cp != 0 ? 2 : 0;
			}
			if (used <= 1) {
				return 0;
			}
			changed = true;
		}
		if (len + 4 > cap) {
			return 0;
		}
		len += (size_t)kn_utf8_encode(cp, out + len);
		i += (size_t)used;
	}
	return changed ? len : 0;
}

/* ---- Plausibility ---------------------------------------------------- */

enum family {
	FAM_NONE,
	FAM_LATIN,
	FAM_GREEK,
	FAM_CYRILLIC,
	FAM_HEBREW,
	FAM_ARABIC,
	FAM_THAI,
	FAM_CJK, /* Hangul, Han, kana */
};

struct tally {
	unsigned nonascii;
	unsigned hangul;      /* KS X 1001 syllables */
	unsigned hangul_rare; /* the other 8822 */
	unsigned hangul_unseen;  /* never seen by the Korean model... */
	unsigned hangul_checked; /* ...among this many looked up */
	unsigned han;
	unsigned symbol;
	unsigned odd; /* assigned but unlikely in any text */
	unsigned bad; /* controls, unassigned, private use */
	unsigned families; /* bit per enum family */
	bool above_ff_below_800; /* 2-byte UTF-8 beyond Latin-1 */
};

static bool
between(uint32_t cp, uint32_t lo, uint32_t hi)
{
	return cp >= lo && cp <= hi;
}

static enum family
letter_family(uint32_t cp)
{
	if (between(cp, 0xC0, 0x24F) || between(cp, 0x1E00, 0x1EFF)) {
		return cp == 0xD7 || cp == 0xF7 ? FAM_NONE : FAM_LATIN;
	}
	if (between(cp, 0x370, 0x3FF)) {
		return FAM_GREEK;
	}
	if (between(cp, 0x400, 0x4FF)) {
		return FAM_CYRILLIC;
	}
	if (between(cp, 0x5D0, 0x5EA)) {
		return FAM_HEBREW;
	}
	if (between(cp, 0x620, 0x64A) || between(cp, 0x671, 0x6D3)) {
		return FAM_ARABIC;
	}
	if (between(cp, 0xE01, 0xE5B)) {
		return FAM_THAI;
	}
	if (kn_is_hangul_syllable(cp) || between(cp, 0x3040, 0x30FF) ||
	    between(cp, 0x3131, 0x318E) || between(cp, 0x3400, 0x4DBF) ||
	    between(cp, 0x4E00, 0x9FFF) || between(cp, 0xF900, 0xFAFF) ||
	    between(cp, 0x20000, 0x2FA1F)) {
		return FAM_CJK;
	}
	return FAM_NONE;
}

/* Symbols and punctuation that real text (and so a repair) carries. */
static bool
is_text_symbol(uint32_t cp)
{
	return between(cp, 0xA0, 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	       between(cp, 0x2010, 0x205E) || between(cp, 0x20A0, 0x20C0) ||
	       between(cp, 0x2100, 0x23FF) || between(cp, 0x2460, 0x27BF) ||
	       between(cp, 0x2B00, 0x2BFF) || between(cp, 0x3000, 0x303F) ||
	       between(cp, 0x3200, 0x33FF) || between(cp, 0xFF01, 0xFF60) ||
	       between(cp, 0xFFE0, 0xFFE6) || cp == KN_REPLACEMENT_CHAR ||
	       between(cp, 0x1F000, 0x1FAFF);
}

static void
tally_add(struct tally *t, uint32_t cp)
{
	if (cp < 0x80) {
		if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
			t->bad++;
		}
		return;
	}
	t->nonascii++;
	if (cp > 0xFF && cp < 0x800) {
		t->above_ff_below_800 = true;
	}
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	if (cp <= 0x9F || c == UTF8PROC_CATEGORY_CN ||
	    c == UTF8PROC_CATEGORY_CO || c == UTF8PROC_CATEGORY_CS ||
	    c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF) {
		t->bad++;
		return;
	}
	if (is_text_symbol(cp)) {
		t->symbol++;
		return;
	}
	enum family f = letter_family(cp);
	if (f == FAM_NONE) {
		t->odd++;
		return;
	}
	t->families |= 1u << f;
	if (kn_is_hangul_syllable(cp)) {
		/* Sampled: the first UNSEEN_SAMPLE syllables tell. */
		if (t->hangul_checked < UNSEEN_SAMPLE) {
			t->hangul_checked++;
			t->hangul_unseen += kn_textmodel_logp(KN_LANG_KO, 0,
			                                      cp) <
			                    UNSEEN_SYLLABLE_LOGP;
		}
		if (in_ksx1001(cp)) {
			t->hangul++;
		} else {
			t->hangul_rare++;
		}
	} else if (f == FAM_CJK && !between(cp, 0x3040, 0x318E)) {
		t->han++;
	}
}

/* The repaired reading looks like text of one script at all (before the
 * models are asked). */
static bool
looks_like_text(const struct tally *t, const struct hypothesis *h,
                bool alone)
{
	if (t->bad > 0 || t->nonascii == 0) {
		return false;
	}
	/* Mojibake of one text gives one script; random bytes give many. */
	if (t->families & (t->families - 1)) {
		return false;
	}
	if (t->odd > 0 && (t->nonascii < 4 || t->odd * 4 > t->nonascii)) {
		return false;
	}
	/* Real Korean stays almost entirely inside KS X 1001, and mostly
	 * among the syllables the model has seen. */
	if (t->hangul_rare * 2 > t->hangul + t->han ||
	    (t->hangul_checked > 0 &&
	     t->hangul_unseen * 2 >= t->hangul_checked + 1)) {
		return false;
	}
	if (h->target == T_CP949) {
		/* CP949 gives Korean: Hangul first, hanja and symbols
		 * beside it (a piece of only symbols, ‘ ’ … ·, passes
		 * within a group that has Hangul). */
		if (!alone) {
			return t->hangul_rare * 2 <= t->hangul + t->symbol;
		}
		return t->hangul > 0 && t->han <= t->hangul &&
		       t->hangul_rare * 2 <= t->hangul;
	}
	/* Mac OS Roman lead bytes C4..DF are punctuation (« … – “ ’) that
	 * real French or German puts before an accented letter, which then
	 * reads as a 2-byte sequence beyond Latin-1 (« é -> ǎ). */
	if (h->cs == CS_MACROMAN && t->above_ff_below_800) {
		return false;
	}
	return true;
}

struct gain {
	double mean;  /* per code point, nats */
	double total; /* over the whole span, nats */
};

/* The models are asked about at most this many code points of each
 * reading: the mean over a long span is well estimated by its start,
 * and the cost of judging stays bounded. */
#define SCORE_SAMPLE 32

/* The best mean score of cps[0..n) among the given models. */
static double
best_of(const uint32_t *cps, size_t n, const enum kn_lang *langs,
        size_t nlangs)
{
	size_t k = n < SCORE_SAMPLE ? n : SCORE_SAMPLE;
	double best = -1e9;
	for (size_t i = 0; i < nlangs; i++) {
		double v = kn_textmodel_score(langs[i], cps, k);
		best = v > best ? v : best;
	}
	return best;
}

/* The models a repaired reading can belong to, by its script. */
static size_t
candidate_langs(const struct tally *t, enum kn_lang *langs)
{
	if (t->hangul + t->hangul_rare > 0) {
		langs[0] = KN_LANG_KO;
		return 1;
	}
	if (t->families & (1u << FAM_CJK)) {
		langs[0] = KN_LANG_JA;
		langs[1] = KN_LANG_ZH_HANS;
		langs[2] = KN_LANG_ZH_HANT;
		langs[3] = KN_LANG_KO;
		return 4;
	}
	langs[0] = KN_LANG_WESTERN;
	langs[1] = KN_LANG_EN;
	return 2;
}

/*
 * How much more plausible the repaired reading is than the garbled one,
 * each under its best model: per code point, and in total (the
 * likelihood ratio of the two explanations of the same bytes).  The
 * garbled reading is Latin-script text with accents and symbols by
 * construction, so only the Western model is asked about it.
 */
static struct gain
model_gain(const uint32_t *garbled, size_t ng, const uint32_t *fixed,
           size_t nf, const struct tally *t)
{
	static const enum kn_lang latin[] = {KN_LANG_WESTERN};
	enum kn_lang langs[4];
	size_t nl = candidate_langs(t, langs);
	double sg = ng > 0 ? best_of(garbled, ng, latin, 1) : 0;
	double sf = nf > 0 ? best_of(fixed, nf, langs, nl) : 0;
	struct gain g = {sf - sg, sf * (double)nf - sg * (double)ng};
	return g;
}

/*
 * Decodes s[0..n) (the lost part of a broken sequence is skipped): keeps
 * the first `keep` code points in cps, tallies every one into t when t is
 * not NULL, and returns how many there are.
 */
static size_t
decode_sample(const uint8_t *s, size_t n, uint32_t *cps, size_t keep,
              struct tally *t)
{
	size_t k = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		int len = kn_utf8_decode(s + i, n - i, &cp);
		if (len <= 0) {
			i++;
			continue;
		}
		if (k < keep) {
			cps[k] = cp;
		}
		if (t != NULL) {
			tally_add(t, cp);
		}
		k++;
		i += (size_t)len;
	}
	return k;
}

static bool
is_ascii_letter(uint8_t b)
{
	return (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
}

/* A single repaired syllable from two letters glued to an ASCII word is a
 * Latin word that happens to decode (Är|ger -> a rare syllable + ger). */
static bool
glued_single_syllable(const uint8_t *s, size_t n, size_t start, size_t end,
                      const struct tally *t)
{
	if (t->nonascii != 1) {
		return false;
	}
	bool before = start > 0 && is_ascii_letter(s[start - 1]);
	bool after = end < n && is_ascii_letter(s[end]);
	return before || after;
}

struct verdict {
	bool ok;
	double score;
};

/* Whether every non-ASCII character of fixed[0..n) (UTF-8) took three or
 * more bytes, and there is at least one. */
static bool
all_long_sequences(const uint8_t *fixed, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (fixed[i] >= 0xC2 && fixed[i] < 0xE0) {
			return false;
		}
		any |= fixed[i] >= 0xE0;
	}
	return any;
}

static bool
gain_enough(const struct hypothesis *h, const uint8_t *fixed, size_t n,
            const struct tally *t, struct gain g)
{
	if (h->target == T_UTF8 && all_long_sequences(fixed, n)) {
		return g.mean >= MIN_GAIN_LONG_UTF8;
	}
	if (h->target == T_CP949 && t->nonascii == 1) {
		return g.mean >= MIN_GAIN_ONE_SYLLABLE;
	}
	return g.mean >= MIN_GAIN ||
	       (g.total >= MIN_TOTAL_GAIN && g.mean >= MIN_GAIN_WITH_TOTAL);
}

/* The character before start or at end is one more stray single-byte
 * character (Latin-1 and the like): a CP949 reading that leaves it out is
 * misaligned or covers only part of a Latin word (ÀÁÂÃÄÅ). */
static bool
stray_neighbour(const uint8_t *s, size_t n, size_t start, size_t end)
{
	uint32_t cp;
	if (end < n && kn_utf8_decode(s + end, n - end, &cp) > 0 &&
	    cp >= 0x80 && charset_byte(CS_WESTERN, cp) >= 0) {
		return true;
	}
	if (start == 0) {
		return false;
	}
	size_t p = start - 1;
	while (p > 0 && (s[p] & 0xC0) == 0x80) {
		p--;
	}
	return kn_utf8_decode(s + p, start - p, &cp) > 0 && cp >= 0x80 &&
	       charset_byte(CS_WESTERN, cp) >= 0;
}

static struct verdict
judge(const uint8_t *s, size_t n, size_t start, size_t end,
      const uint8_t *fixed, size_t nfixed, const struct hypothesis *h)
{
	struct verdict v = {false, 0};
	uint32_t g[SCORE_SAMPLE], f[SCORE_SAMPLE];
	struct tally t = {0};
	size_t ng = decode_sample(s + start, end - start, g, SCORE_SAMPLE,
	                          NULL);
	size_t nf = decode_sample(fixed, nfixed, f, SCORE_SAMPLE, &t);
	if (!looks_like_text(&t, h, true)) {
		return v;
	}
	if (h->target == T_CP949 &&
	    (glued_single_syllable(s, n, start, end, &t) ||
	     stray_neighbour(s, n, start, end))) {
		return v;
	}
	struct gain gain = model_gain(g, ng, f, nf, &t);
	v.ok = gain_enough(h, fixed, nfixed, &t, gain);
	/* Maps a gain in [0, inf) onto [0, 1): 4 nats per code point
	 * is 0.5; structural evidence alone counts as 0.5. */
	v.score = gain.mean > 0 ? gain.mean / (gain.mean + 4.0) : 0.5;
	return v;
}

/* ---- Spans ----------------------------------------------------------- */

struct finder {
	const uint8_t *s;
	size_t n;
	struct kn_mojibake_span *spans;
	size_t max;
	size_t count;
	size_t last_end;
	size_t checked_end; /* end of the last word read as CP949 */
};

static void
emit(struct finder *f, const struct kn_mojibake_span *sp)
{
	if (f->count < f->max) {
		f->spans[f->count] = *sp;
	}
	f->count++;
	f->last_end = sp->end;
}

static bool
has_cp(const uint8_t *s, size_t n, bool (*pred)(uint32_t))
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int len = kn_utf8_decode(s + i, n - i, &cp);
		if (len <= 0) {
			return false;
		}
		if (pred(cp)) {
			return true;
		}
		i += (size_t)len;
	}
	return false;
}

static bool
is_c1_not_cp1252_hole(uint32_t cp)
{
	return between(cp, 0x80, 0x9F) && cp != 0x81 && cp != 0x8D &&
	       cp != 0x8F && cp != 0x90 && cp != 0x9D;
}

static bool
is_cp1252_special(uint32_t cp)
{
	return cp > 0xFF;
}

/* Which decoder made the garbled text: ISO-8859-1 leaves C1 controls
 * where Windows-1252 has punctuation. */
static enum kn_mojibake_kind
kind_of(const uint8_t *s, size_t n, const struct hypothesis *h,
        unsigned layers)
{
	bool latin1 = h->cs == CS_WESTERN &&
	              has_cp(s, n, is_c1_not_cp1252_hole) &&
	              !has_cp(s, n, is_cp1252_special);
	if (h->cs == CS_MACROMAN) {
		return KN_MOJI_UTF8_AS_MACROMAN;
	}
	if (h->target == T_CP949) {
		return latin1 ? KN_MOJI_CP949_AS_LATIN1
		              : KN_MOJI_CP949_AS_CP1252;
	}
	if (layers > 1) {
		return KN_MOJI_DOUBLE_UTF8;
	}
	return latin1 ? KN_MOJI_UTF8_AS_LATIN1 : KN_MOJI_UTF8_AS_CP1252;
}

/*
 * Peels up to LAYERS_MAX wrong decodings off s[start..end), the first
 * under h0, and keeps the deepest reading the judge accepts.  Fills sp
 * and returns true if some layer was accepted.
 */
static bool
peel(const uint8_t *s, size_t n, size_t start, size_t end, size_t h0,
     struct kn_mojibake_span *sp)
{
	uint8_t buf[LAYERS_MAX][WINDOW_BYTES];
	uint8_t hyp[LAYERS_MAX];
	size_t len[LAYERS_MAX];
	const uint8_t *cur = s + start;
	size_t cur_len = end - start;
	unsigned layers = 0;
	for (unsigned k = 0; k < LAYERS_MAX; k++) {
		size_t got = 0, hk;
		for (hk = k == 0 ? h0 : 0; hk < NHYP; hk++) {
			got = convert_whole(cur, cur_len, &hypotheses[hk],
			                    buf[k], WINDOW_BYTES);
			if (got > 0 || k == 0) {
				break;
			}
		}
		if (got == 0) {
			break;
		}
		hyp[k] = (uint8_t)hk;
		len[k] = got;
		layers = k + 1;
		cur = buf[k];
		cur_len = got;
	}
	/* The deepest reading first: a shallower one is only half
	 * repaired. */
	for (unsigned k = layers; k-- > 0;) {
		const struct hypothesis *h = &hypotheses[hyp[k]];
		struct verdict v = judge(s, n, start, end, buf[k], len[k], h);
		if (!v.ok) {
			continue;
		}
		sp->start = start;
		sp->end = end;
		sp->repairable = true;
		sp->score = v.score;
		sp->layers = (uint8_t)(k + 1);
		memcpy(sp->hyp, hyp, k + 1);
		sp->kind = kind_of(s + start, end - start, h, k + 1);
		if (k > 0 && hypotheses[hyp[0]].target == T_UTF8 &&
		    h->target == T_UTF8) {
			sp->kind = KN_MOJI_DOUBLE_UTF8;
		}
		return true;
	}
	return false;
}

/* A group that lost bytes: report it when what is left decodes to
 * plausible text; repair none of it (the lost bytes cannot be guessed). */
static bool
judge_broken(const uint8_t *s, size_t n, size_t start, size_t end,
             const struct hypothesis *h, struct kn_mojibake_span *sp)
{
	uint8_t out[WINDOW_BYTES];
	size_t len = 0, pos = start;
	unsigned ok = 0;
	while (pos < end && len + 4 <= sizeof(out)) {
		size_t q = pos;
		enum unit u = read_unit(s, end, h, &q);
		if (u == UNIT_OK) {
			uint8_t b[4];
			int nb = 0;
			for (size_t r = pos; r < q && nb < 4;) {
				b[nb++] = (uint8_t)read_byte(s, n, h->cs, &r);
			}
			memcpy(out + len, b, (size_t)nb);
			len += (size_t)nb;
			ok++;
		} else if (u == UNIT_NONE && s[pos] < 0x80) {
			out[len++] = s[pos];
			q = pos + 1;
		}
		pos = q > pos ? q : pos + 1;
	}
	if (ok == 0) {
		return false;
	}
	struct verdict v = judge(s, n, start, end, out, len, h);
	if (!v.ok) {
		return false;
	}
	*sp = (struct kn_mojibake_span){
		.start = start,
		.end = end,
		.kind = KN_MOJI_C1_STRIPPED,
		.repairable = false,
		.score = v.score,
	};
	return true;
}

/* Whether some reading of one piece, peeled layer by layer as peel()
 * does, looks like text (judged as part of a group). */
static bool
piece_looks_like_text(const uint8_t *s, size_t start, size_t end,
                      size_t h0)
{
	uint8_t buf[2][WINDOW_BYTES];
	const uint8_t *cur = s + start;
	size_t cur_len = end - start;
	for (unsigned k = 0; k < LAYERS_MAX; k++) {
		uint8_t *out = buf[k % 2];
		size_t got = 0, hk;
		for (hk = k == 0 ? h0 : 0; hk < NHYP; hk++) {
			got = convert_whole(cur, cur_len, &hypotheses[hk], out,
			                    WINDOW_BYTES);
			if (got > 0 || k == 0) {
				break;
			}
		}
		if (got == 0) {
			return false;
		}
		struct tally t = {0};
		decode_sample(out, got, NULL, 0, &t);
		if (looks_like_text(&t, &hypotheses[hk], false)) {
			return true;
		}
		cur = out;
		cur_len = got;
	}
	return false;
}

/* A group is judged as a whole only when each of its pieces, read
 * alone, looks like text: one good piece must not carry a bad one. */
static bool
pieces_look_like_text(const uint8_t *s, const struct group *g, size_t h0)
{
	for (size_t k = 0; k < g->npieces; k++) {
		if (!piece_looks_like_text(s, g->piece[k].start,
		                           g->piece[k].end, h0)) {
			return false;
		}
	}
	return true;
}

/* The spans one hypothesis proposes at one position. */
struct proposal {
	struct kn_mojibake_span span[PIECES_MAX];
	size_t count;
	size_t covered; /* bytes inside the spans */
	size_t next;    /* where the scan goes on if it is taken */
};

static void
propose(struct proposal *pr, const struct kn_mojibake_span *sp)
{
	if (pr->count < PIECES_MAX) {
		pr->span[pr->count++] = *sp;
		pr->covered += sp->end - sp->start;
	}
}

/* Tries hypothesis hi at i: the whole group first, then each piece. */
static void
try_hypothesis(const uint8_t *s, size_t n, size_t i, size_t hi,
               struct proposal *pr)
{
	const struct hypothesis *h = &hypotheses[hi];
	struct group g;
	pr->count = pr->covered = 0;
	pr->next = i;
	parse_group(s, n, i, h, &g);
	if (g.npieces == 0) {
		return;
	}
	size_t gend = g.piece[g.npieces - 1].end;
	pr->next = gend;
	bool any_broken = false;
	for (size_t k = 0; k < g.npieces; k++) {
		any_broken |= g.piece[k].broken > 0;
	}
	struct kn_mojibake_span sp = {0};
	if (any_broken) {
		if (judge_broken(s, n, i, gend, h, &sp)) {
			propose(pr, &sp);
		}
		return;
	}
	if (g.npieces > 1 && pieces_look_like_text(s, &g, hi) &&
	    peel(s, n, i, gend, hi, &sp)) {
		/* Judged as a whole, reported piece by piece: the clean
		 * ASCII between the pieces is no part of any span. */
		for (size_t k = 0; k < g.npieces; k++) {
			sp.start = g.piece[k].start;
			sp.end = g.piece[k].end;
			propose(pr, &sp);
		}
		return;
	}
	for (size_t k = 0; k < g.npieces; k++) {
		memset(&sp, 0, sizeof(sp));
		if (peel(s, n, g.piece[k].start, g.piece[k].end, hi, &sp)) {
			propose(pr, &sp);
		}
	}
	/* Pieces left out may read better under another hypothesis: go on
	 * after the last one taken. */
	if (pr->count > 0) {
		pr->next = pr->span[pr->count - 1].end;
	}
	/* A UTF-8 reading resynchronises at every lead byte, so nothing
	 * inside a rejected group can start a better one; a CP949 reading
	 * may be misaligned by one character, so only that is skipped. */
	if (pr->count == 0 && h->target == T_CP949) {
		size_t p = i;
		read_byte(s, n, h->cs, &p);
		pr->next = p;
	}
}

/* Tries every hypothesis at i and emits the spans of the one that
 * explains the most text (the first on a tie); returns where the scan
 * goes on. */
static size_t
try_all(struct finder *f, size_t i, size_t next, size_t *skip)
{
	struct proposal pr[2];
	int best = -1;
	for (size_t h = 0; h < NHYP; h++) {
		if (i < skip[h]) {
			continue;
		}
		struct proposal *cur = &pr[best == 0 ? 1 : 0];
		try_hypothesis(f->s, f->n, i, h, cur);
		/* Only what a hypothesis rejected is skipped: what it
		 * accepted but lost here may still be its best later. */
		if (cur->count == 0) {
			skip[h] = cur->next;
		}
		if (cur->count > 0 &&
		    (best < 0 || cur->covered > pr[best].covered)) {
			best = cur == &pr[0] ? 0 : 1;
		}
	}
	if (best < 0) {
		return next;
	}
	for (size_t k = 0; k < pr[best].count; k++) {
		emit(f, &pr[best].span[k]);
	}
	return pr[best].next > next ? pr[best].next : next;
}

/* ---- Irreversible kinds ---------------------------------------------- */

static uint32_t
cp_at(const uint8_t *s, size_t n, size_t i, int *len)
{
	uint32_t cp = 0;
	int l = kn_utf8_decode(s + i, n - i, &cp);
	*len = l > 0 ? l : 1;
	return l > 0 ? cp : 0xFFFFFFFFu;
}

/* "占쏙옙": U+FFFD (EF BF BD) twice read as CP949 gives EF BF -> 占,
 * BD EF -> 쏙, BF BD -> 옙; an odd count leaves 占 and a lone byte. */
#define CP_JEOM 0x5360u  /* 占 */
#define CP_SSOK 0xC3D9u  /* 쏙 */
#define CP_YEOP 0xC619u  /* 옙 */

static size_t
replacement_cp949_end(const uint8_t *s, size_t n, size_t i)
{
	size_t pos = i, end = i;
	for (;;) {
		int l1, l2, l3;
		if (pos >= n || cp_at(s, n, pos, &l1) != CP_JEOM) {
			break;
		}
		size_t p2 = pos + (size_t)l1;
		if (p2 < n && s[p2] == '?') {
			end = pos = p2 + 1; /* 占? : an odd U+FFFD */
			continue;
		}
		if (p2 >= n || cp_at(s, n, p2, &l2) != CP_SSOK) {
			break;
		}
		size_t p3 = p2 + (size_t)l2;
		if (p3 >= n || cp_at(s, n, p3, &l3) != CP_YEOP) {
			break;
		}
		end = pos = p3 + (size_t)l3;
	}
	return end;
}

/* The longest run of syllables between 占 and 옙 taken as one trace. */
#define JEOM_YEOP_MAX 12

/*
 * The looser trace: 占 and later 옙 in one run of Hangul, with other
 * syllables between (占싸듸옙, 占십았쏙옙): U+FFFD next to other lost
 * bytes, read as CP949.  Neither letter is common, and 占 (a hanja) is
 * never written glued to Hangul syllables that end in 옙.  Returns the
 * end of the run's last 옙, or i.
 */
static size_t
jeom_yeop_end(const uint8_t *s, size_t n, size_t i)
{
	size_t pos = i, end = i;
	int len;
	for (int k = 0; k <= JEOM_YEOP_MAX && pos < n; k++) {
		uint32_t cp = cp_at(s, n, pos, &len);
		if (k > 0 && cp != CP_JEOM && !kn_is_hangul_syllable(cp)) {
			break;
		}
		pos += (size_t)len;
		if (cp == CP_YEOP) {
			end = pos;
			k = 0; /* 占...옙占...옙 chains */
		}
	}
	return end;
}

static bool
is_cjk_letter(uint32_t cp)
{
	return kn_is_hangul_syllable(cp) || between(cp, 0x4E00, 0x9FFF) ||
	       between(cp, 0x3400, 0x4DBF) || between(cp, 0xF900, 0xFAFF);
}

static bool
in_marker_word(uint32_t cp)
{
	return is_cjk_letter(cp) || cp == '?' || cp == KN_REPLACEMENT_CHAR;
}

/* Start of the character before i (s is valid UTF-8). */
static size_t
prev_char(const uint8_t *s, size_t i)
{
	do {
		i--;
	} while (i > 0 && (s[i] & 0xC0) == 0x80);
	return i;
}

struct marker_counts {
	unsigned markers; /* '?' and U+FFFD */
	unsigned q;       /* '?' */
	unsigned hangul;
	unsigned rare; /* Hangul outside KS X 1001 */
	unsigned han;
};

static void
count_marker(struct marker_counts *c, uint32_t cp)
{
	c->markers += cp == '?' || cp == KN_REPLACEMENT_CHAR;
	c->q += cp == '?';
	if (kn_is_hangul_syllable(cp)) {
		c->hangul++;
		c->rare += !in_ksx1001(cp);
	} else if (cp > 0x7F && cp != KN_REPLACEMENT_CHAR) {
		c->han++;
	}
}

/* Counts the word (run of Hangul, Han and markers) at a; returns its
 * end. */
static size_t
marker_word(const uint8_t *s, size_t n, size_t a, struct marker_counts *c)
{
	int len;
	while (a < n && in_marker_word(cp_at(s, n, a, &len))) {
		count_marker(c, cp_at(s, n, a, &len));
		a += (size_t)len;
	}
	return a;
}

/* A word whose syllables are mostly outside KS X 1001 or hanja, with a
 * marker: what UTF-8 Korean read as CP949 looks like. */
static bool
suspicious_word(const struct marker_counts *c)
{
	return c->markers > 0 && c->rare > 0 &&
	       c->rare * 2 + c->han >= c->hangul + c->han / 2;
}

static unsigned
evidence(const struct marker_counts *c)
{
	return c->rare + c->han + c->markers;
}

/*
 * UTF-8 read as CP949 by a decoder that replaces what does not decode
 * with '?' (or U+FFFD): the bytes of Korean UTF-8 (EA..ED, 80..BF) pair
 * up into syllables outside KS X 1001 and hanja (?덈뀞?섏꽭?? for
 * 안녕하세요).  Chinese or Korean text with a question mark has few such
 * syllables.  Takes the suspicious words around the one at i (joined by
 * single spaces); returns their end and sets *start, and *flagged when
 * together they carry enough evidence.
 */
static size_t
marker_region(struct finder *f, size_t i, size_t *start, bool *flagged,
              bool *has_q)
{
	const uint8_t *s = f->s;
	size_t n = f->n;
	int len;
	size_t a = i;
	while (a > f->last_end &&
	       in_marker_word(cp_at(s, n, prev_char(s, a), &len))) {
		a = prev_char(s, a);
	}
	struct marker_counts c = {0}, total = {0};
	size_t b = marker_word(s, n, a, &c);
	*start = a;
	*flagged = false;
	*has_q = c.q > 0;
	if (!suspicious_word(&c)) {
		return b;
	}
	total = c;
	/* Earlier suspicious words, one space apart. */
	while (*start >= 2 && *start - 2 >= f->last_end &&
	       s[*start - 1] == ' ') {
		size_t p = *start - 1;
		while (p > f->last_end &&
		       in_marker_word(cp_at(s, n, prev_char(s, p), &len))) {
			p = prev_char(s, p);
		}
		struct marker_counts w = {0};
		if (p == *start - 1 || marker_word(s, n, p, &w) != *start - 1 ||
		    !suspicious_word(&w)) {
			break;
		}
		*start = p;
		total.rare += w.rare;
		total.han += w.han;
		total.markers += w.markers;
		total.q += w.q;
	}
	/* Later ones. */
	while (b + 1 < n && s[b] == ' ') {
		struct marker_counts w = {0};
		size_t e = marker_word(s, n, b + 1, &w);
		if (e == b + 1 || !suspicious_word(&w)) {
			break;
		}
		b = e;
		total.rare += w.rare;
		total.han += w.han;
		total.markers += w.markers;
		total.q += w.q;
	}
	*has_q = total.q > 0;
	*flagged = evidence(&total) >= 3;
	return b;
}

/* The CP949 code of cp, or 0 where CP949 has none. */
static unsigned
cp949_code(uint32_t cp)
{
	size_t lo = 0, hi = kn_fix_cp949_rev_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (kn_fix_cp949_rev[mid].cp < cp) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo < kn_fix_cp949_rev_count && kn_fix_cp949_rev[lo].cp == cp
	               ? kn_fix_cp949_rev[lo].code
	               : 0;
}

static bool
is_han(uint32_t cp)
{
	return between(cp, 0x4E00, 0x9FFF) || between(cp, 0x3400, 0x4DBF) ||
	       between(cp, 0xF900, 0xFAFF);
}

/* A character of a word that UTF-8 read as CP949 can leave: what CP949
 * decodes to, and the markers of what it could not. */
static bool
in_cp949_word(uint32_t cp)
{
	if (cp < 0x80) {
		return cp == '?';
	}
	return cp == KN_REPLACEMENT_CHAR || kn_is_hangul_syllable(cp) ||
	       is_han(cp) || (cp < 0xFFE7 && cp949_code(cp) != 0);
}

/* A word that reads as UTF-8 once re-encoded as CP949. */
#define WORD_BYTES_MAX 512
/* Bytes of 3-byte UTF-8 sequences needed, and their share of the word. */
#define UTF8_AS_CP949_MIN_COVERED 6
#define UTF8_AS_CP949_MIN_SHARE 0.8

struct cp949_word {
	size_t start, end;
	bool has_q, has_fffd, has_hangul;
};

/* The word around i: bounded by last_end on the left and by
 * WORD_BYTES_MAX. */
static void
cp949_word_at(const struct finder *f, size_t i, struct cp949_word *w)
{
	const uint8_t *s = f->s;
	size_t n = f->n, a = i, b = i;
	int len;
	while (a > f->last_end && i - a < WORD_BYTES_MAX / 2 &&
	       in_cp949_word(cp_at(s, n, prev_char(s, a), &len))) {
		a = prev_char(s, a);
	}
	*w = (struct cp949_word){.start = a};
	while (b < n && b - a < WORD_BYTES_MAX) {
		uint32_t cp = cp_at(s, n, b, &len);
		if (!in_cp949_word(cp)) {
			break;
		}
		w->has_q |= cp == '?';
		w->has_fffd |= cp == KN_REPLACEMENT_CHAR;
		w->has_hangul |= kn_is_hangul_syllable(cp);
		b += (size_t)len;
	}
	w->end = b > i ? b : i + 1;
}

/*
 * UTF-8 Korean (EA..ED, 80..BF, 80..BF) read as CP949 pairs its bytes
 * into hanja, syllables outside KS X 1001 and symbols, and a decoder
 * writes '?' (or U+FFFD) for a byte it cannot pair.  Re-encoded as CP949,
 * with each marker standing for one unknown byte, such a word is mostly
 * well-formed 3-byte UTF-8 again; real Korean, Chinese or Japanese text
 * re-encoded gives CP949 lead bytes (B0..C8, CA..FD) where UTF-8 needs
 * E0..EF then two trail bytes, and almost never chains into it.
 */
static bool
reads_as_utf8(const uint8_t *s, size_t n, const struct cp949_word *w)
{
	uint8_t bytes[WORD_BYTES_MAX * 2];
	bool wild[WORD_BYTES_MAX * 2];
	size_t nb = 0;
	int len;
	for (size_t p = w->start; p < w->end && nb + 2 <= sizeof(bytes);
	     p += (size_t)len) {
		uint32_t cp = cp_at(s, n, p, &len);
		if (cp == '?' || cp == KN_REPLACEMENT_CHAR) {
			bytes[nb] = 0;
			wild[nb++] = true;
			continue;
		}
		unsigned code = cp949_code(cp);
		if (code == 0) {
			return false;
		}
		bytes[nb] = (uint8_t)(code >> 8);
		wild[nb++] = false;
		bytes[nb] = (uint8_t)code;
		wild[nb++] = false;
	}
	size_t covered = 0;
	for (size_t j = 0; j + 3 <= nb;) {
		unsigned wilds = wild[j] + wild[j + 1] + wild[j + 2];
		bool lead = wild[j] || (bytes[j] >= 0xE0 && bytes[j] <= 0xEF);
		bool trail1 = wild[j + 1] || (bytes[j + 1] & 0xC0) == 0x80;
		bool trail2 = wild[j + 2] || (bytes[j + 2] & 0xC0) == 0x80;
		if (wilds <= 1 && lead && trail1 && trail2) {
			covered += 3;
			j += 3;
		} else {
			j++;
		}
	}
	return covered >= UTF8_AS_CP949_MIN_COVERED &&
	       (double)covered >= UTF8_AS_CP949_MIN_SHARE * (double)nb;
}

/* A word of UTF-8 read as CP949 with nothing lost (no '?', no U+FFFD):
 * its characters re-encoded as CP949 are the original bytes.  Writes them
 * to out (capacity cap) and returns their length when they are wholly
 * well-formed UTF-8 with something beyond ASCII, else 0: only then is
 * the repair exact. */
static size_t
cp949_bytes_as_utf8(const uint8_t *s, size_t start, size_t end, uint8_t *out,
                    size_t cap)
{
	size_t nb = 0;
	bool wide = false;
	int len;
	for (size_t p = start; p < end; p += (size_t)len) {
		uint32_t cp = cp_at(s, end, p, &len);
		if (len <= 0) {
			return 0;
		}
		if (cp < 0x80) {
			if (nb + 1 > cap) {
				return 0;
			}
			out[nb++] = (uint8_t)cp;
			continue;
		}
		unsigned code = cp949_code(cp);
		if (code == 0 || nb + 2 > cap) {
			return 0;
		}
		out[nb++] = (uint8_t)(code >> 8);
		out[nb++] = (uint8_t)code;
		wide = true;
	}
	if (!wide ||
	    konorm_utf8_validate((const char *)out, nb, NULL) != KONORM_OK) {
		return 0;
	}
	/* What comes back must read as Korean: most of its characters
	 * Hangul syllables, none U+FFFD (占썩본 re-encodes to EF BF BD and
	 * more: a replacement character garbled again, not a repair). */
	size_t hangul = 0, other = 0;
	for (size_t i = 0; i < nb;) {
		uint32_t cp = 0;
		int r = kn_utf8_decode(out + i, nb - i, &cp);
		i += r > 0 ? (size_t)r : 1; /* validated above: r > 0 */
		if (cp < 0x80) {
			continue;
		}
		if (cp == KN_REPLACEMENT_CHAR) {
			return 0;
		}
		hangul += kn_is_hangul_syllable(cp);
		other += !kn_is_hangul_syllable(cp);
	}
	return hangul > 0 && hangul >= 2 * other ? nb : 0;
}

/* ---- The scan -------------------------------------------------------- */

static bool
is_hangul_or_han_lead(uint8_t b)
{
	/* Lead bytes of U+3000..U+9FFF and U+AC00..U+D7FF. */
	return b >= 0xE3 && b <= 0xED;
}

/* Skips Hangul and other CJK characters that have no marker ('?')
 * beside them and are not hanja (which may start a trace of UTF-8 read
 * as CP949, 占쏙옙 among them): the common case, kept tight. */
static size_t
skip_plain_cjk(const uint8_t *s, size_t n, size_t i)
{
	while (i + 3 <= n && is_hangul_or_han_lead(s[i])) {
		uint32_t cp;
		if (kn_utf8_decode(s + i, 3, &cp) != 3 || is_han(cp) ||
		    (i > 0 && s[i - 1] == '?') ||
		    (i + 3 < n && s[i + 3] == '?')) {
			break;
		}
		i += 3;
	}
	return i;
}

/* Handles the character at i (Hangul, Han or U+FFFD) for the irreversible
 * kinds; returns where the scan goes on. */
static size_t
scan_irreversible(struct finder *f, size_t i, uint32_t cp, int len)
{
	const uint8_t *s = f->s;
	size_t n = f->n;
	if (cp == CP_JEOM) {
		size_t end = replacement_cp949_end(s, n, i);
		size_t loose = jeom_yeop_end(s, n, i);
		end = loose > end ? loose : end;
		if (end > i) {
			struct kn_mojibake_span sp = {
				.start = i,
				.end = end,
				.kind = KN_MOJI_REPLACEMENT_CP949,
				.score = 1.0,
			};
			emit(f, &sp);
			return end;
		}
	}
	bool near_marker = cp == KN_REPLACEMENT_CHAR ||
	                   (i > 0 && s[i - 1] == '?') ||
	                   (i + (size_t)len < n && s[i + (size_t)len] == '?');
	struct cp949_word w = {0};
	if ((near_marker || is_han(cp)) && i >= f->checked_end) {
		cp949_word_at(f, i, &w);
		f->checked_end = w.end;
		/* Korean bytes read as CP949 always leave syllables (or
		 * markers) beside the hanja: Chinese text is passed by. */
		bool candidate = w.has_hangul || w.has_q || w.has_fffd;
		if (candidate && reads_as_utf8(s, n, &w)) {
			struct kn_mojibake_span sp = {
				.start = w.start,
				.end = w.end,
				.kind = w.has_q      ? KN_MOJI_QUESTION_MARKS
				        : w.has_fffd ? KN_MOJI_REPLACEMENT_RUN
				                     : KN_MOJI_UTF8_AS_CP949,
				.score = 0.9,
			};
			uint8_t bytes[WORD_BYTES_MAX * 2];
			if (sp.kind == KN_MOJI_UTF8_AS_CP949 &&
			    cp949_bytes_as_utf8(s, w.start, w.end, bytes,
			                        sizeof(bytes)) > 0) {
				sp.repairable = true;
				sp.layers = 1;
			}
			emit(f, &sp);
			return w.end;
		}
	}
	if (near_marker) {
		size_t start;
		bool flagged, has_q;
		size_t end = marker_region(f, i, &start, &flagged, &has_q);
		if (flagged) {
			struct kn_mojibake_span sp = {
				.start = start,
				.end = end,
				.kind = has_q ? KN_MOJI_QUESTION_MARKS
				              : KN_MOJI_REPLACEMENT_RUN,
				.score = 0.9,
			};
			emit(f, &sp);
			return end;
		}
	}
	if (cp == KN_REPLACEMENT_CHAR) {
		size_t end = i;
		int l;
		while (end < n && cp_at(s, n, end, &l) == KN_REPLACEMENT_CHAR) {
			end += (size_t)l;
		}
		struct kn_mojibake_span sp = {
			.start = i,
			.end = end,
			.kind = KN_MOJI_REPLACEMENT_RUN,
			.score = 1.0,
		};
		emit(f, &sp);
		return end;
	}
	/* The hanja that follow belong to the word just examined: they are
	 * not examined again one by one (Chinese text is all hanja), save
	 * 占, which has its own trace. */
	size_t next = i + (size_t)len;
	if (is_han(cp) && !near_marker) {
		int l;
		uint32_t c;
		while (next < w.end && (c = cp_at(s, n, next, &l)) != CP_JEOM &&
		       is_han(c)) {
			next += (size_t)l;
		}
	}
	return next;
}

static bool
may_start_garble(uint32_t cp)
{
	return charset_byte(CS_WESTERN, cp) >= 0x80 ||
	       charset_byte(CS_MACROMAN, cp) >= 0x80;
}

/* Scans from the cursor on; with stop_when_full, returns as soon as max
 * spans are found, leaving the cursor where the scan is to go on. */
static size_t
scan(const uint8_t *s, size_t n, struct kn_mojibake_cursor *c,
     struct kn_mojibake_span *spans, size_t max, bool stop_when_full)
{
	struct finder f = {
		.s = s,
		.n = n,
		.spans = spans,
		.max = max,
		.last_end = c->last_end,
	};
	size_t i = c->pos;
	/* One step emits at most a group's PIECES_MAX spans: stop while
	 * there is still room for them, so that none is lost. */
	while (i < n && !(stop_when_full && f.count + PIECES_MAX > max)) {
		i += kn_ascii_prefix(s + i, n - i);
		i = skip_plain_cjk(s, n, i);
		if (i >= n) {
			break;
		}
		uint32_t cp;
		int len = kn_utf8_decode(s + i, n - i, &cp);
		if (len <= 0) {
			i++; /* not UTF-8: the caller broke the contract */
			continue;
		}
		if (cp < 0x80) {
			i++;
			continue;
		}
		if (is_cjk_letter(cp) || cp == KN_REPLACEMENT_CHAR) {
			i = scan_irreversible(&f, i, cp, len);
			continue;
		}
		size_t next = i + (size_t)len;
		if (may_start_garble(cp)) {
			next = try_all(&f, i, next, c->skip);
		}
		i = next;
	}
	c->pos = i < n ? i : n;
	c->last_end = f.last_end;
	return f.count;
}

size_t
kn_mojibake_find(const uint8_t *s, size_t n, struct kn_mojibake_span *spans,
                 size_t max)
{
	struct kn_mojibake_cursor c = {0};
	return scan(s, n, &c, spans, max, false);
}

size_t
kn_mojibake_find_next(const uint8_t *s, size_t n,
                      struct kn_mojibake_cursor *cursor,
                      struct kn_mojibake_span *spans, size_t max)
{
	if (max < KN_MOJIBAKE_BATCH_MIN) {
		cursor->pos = n; /* the caller broke the contract: stop */
		return 0;
	}
	return scan(s, n, cursor, spans, max, true);
}

/* ---- Repair and names ------------------------------------------------ */

bool
kn_mojibake_repair(const uint8_t *s, const struct kn_mojibake_span *span,
                   struct kn_sink *out)
{
	if (span->repairable && span->kind == KN_MOJI_UTF8_AS_CP949) {
		uint8_t bytes[WORD_BYTES_MAX * 2];
		size_t nb = cp949_bytes_as_utf8(s, span->start, span->end, bytes,
		                                sizeof(bytes));
		kn_sink_put(out, bytes, nb);
		return nb > 0;
	}
	if (!span->repairable || span->layers == 0 ||
	    span->layers > LAYERS_MAX || span->end - span->start >
	    WINDOW_BYTES) {
		return false;
	}
	uint8_t buf[2][WINDOW_BYTES];
	const uint8_t *cur = s + span->start;
	size_t len = span->end - span->start;
	for (unsigned k = 0; k < span->layers; k++) {
		if (span->hyp[k] >= NHYP) {
			return false;
		}
		size_t got = convert_whole(cur, len, &hypotheses[span->hyp[k]],
		                           buf[k % 2], WINDOW_BYTES);
		if (got == 0) {
			return false;
		}
		cur = buf[k % 2];
		len = got;
	}
	kn_sink_put(out, cur, len);
	return true;
}

const char *
kn_mojibake_kind_name(enum kn_mojibake_kind k)
{
	static const char *const names[KN_MOJI_KIND_COUNT] = {
		[KN_MOJI_UTF8_AS_CP1252] = "utf8-as-cp1252",
		[KN_MOJI_UTF8_AS_LATIN1] = "utf8-as-latin1",
		[KN_MOJI_UTF8_AS_MACROMAN] = "utf8-as-macroman",
		[KN_MOJI_CP949_AS_LATIN1] = "cp949-as-latin1",
		[KN_MOJI_CP949_AS_CP1252] = "cp949-as-cp1252",
		[KN_MOJI_DOUBLE_UTF8] = "double-utf8",
		[KN_MOJI_REPLACEMENT_CP949] = "replacement-cp949",
		[KN_MOJI_REPLACEMENT_RUN] = "replacement-run",
		[KN_MOJI_QUESTION_MARKS] = "question-marks",
		[KN_MOJI_C1_STRIPPED] = "c1-stripped",
		[KN_MOJI_UTF8_AS_CP949] = "utf8-as-cp949",
	};
	return (unsigned)k < KN_MOJI_KIND_COUNT && names[k] != NULL
	               ? names[k]
	               : "unknown";
}

bool
kn_mojibake_kind_irreversible(enum kn_mojibake_kind k)
{
	return k >= KN_MOJI_REPLACEMENT_CP949 && k < KN_MOJI_KIND_COUNT;
}
