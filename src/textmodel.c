/* SPDX-License-Identifier: MIT */
/*
 * Character models: unigram costs with Katz back-off from listed bigrams
 * to unigrams, and per-class costs for characters the model does not
 * list.  The tables come from the TSV files in tables/textmodel/ (see
 * train.py there for the corpora and the estimates).
 */
#include "textmodel.h"

/* Must match char_class() in tables/textmodel/train.py. */
enum char_class {
	CLASS_ASCII,
	CLASS_CONTROL,
	CLASS_LATIN1,
	CLASS_LATINEXT,
	CLASS_GREEKCYR,
	CLASS_HANGUL,
	CLASS_JAMO,
	CLASS_KANA,
	CLASS_HAN,
	CLASS_PUA,
	CLASS_SYMBOL,
	CLASS_INVALID,
	CLASS_OTHER,
};

static bool
in(uint32_t cp, uint32_t lo, uint32_t hi)
{
	return cp >= lo && cp <= hi;
}

static enum char_class
char_class(uint32_t cp)
{
	if (cp == 9 || cp == 10 || cp == 13 || in(cp, 0x20, 0x7E)) {
		return CLASS_ASCII;
	}
	if (cp < 0x20 || in(cp, 0x7F, 0x9F)) {
		return CLASS_CONTROL;
	}
	if (cp <= 0xFF) {
		return CLASS_LATIN1;
	}
	if (in(cp, 0x100, 0x24F) || in(cp, 0x1E00, 0x1EFF)) {
		return CLASS_LATINEXT;
	}
	if (in(cp, 0x370, 0x52F)) {
		return CLASS_GREEKCYR;
	}
	if (kn_is_hangul_syllable(cp)) {
		return CLASS_HANGUL;
	}
	if (in(cp, 0x1100, 0x11FF) || in(cp, 0x3130, 0x318F) ||
	    in(cp, 0xA960, 0xA97F) || in(cp, 0xD7B0, 0xD7FF)) {
		return CLASS_JAMO;
	}
	if (in(cp, 0x3040, 0x30FF) || in(cp, 0x31F0, 0x31FF) ||
	    in(cp, 0xFF66, 0xFF9F)) {
		return CLASS_KANA;
	}
	if (in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) ||
	    in(cp, 0xF900, 0xFAFF) || in(cp, 0x20000, 0x3FFFF)) {
		return CLASS_HAN;
	}
	if (in(cp, 0xE000, 0xF8FF) || cp >= 0xF0000) {
		return CLASS_PUA;
	}
	if (in(cp, 0x2000, 0x2BFF) || in(cp, 0x3000, 0x303F) ||
	    in(cp, 0x3190, 0x33FF) || in(cp, 0xFE30, 0xFE4F) ||
	    in(cp, 0xFF00, 0xFFEF)) {
		return CLASS_SYMBOL;
	}
	if (in(cp, 0xD800, 0xDFFF) || cp == KN_REPLACEMENT_CHAR) {
		return CLASS_INVALID;
	}
	return CLASS_OTHER;
}

/* The class, with ASCII letters apart (the T records of train.py). */
static int
group(uint32_t cp)
{
	if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') {
		return KN_TM_GROUP_COUNT - 1;
	}
	return (int)char_class(cp);
}

/* Fibonacci hashing into a power-of-two table; must match
 * tables/gen/gen_textmodel.c. */
static size_t
slot(uint64_t key, size_t size)
{
	uint64_t h = key * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h >> (64 - __builtin_ctzll((unsigned long long)size)));
}

static const struct kn_tm_uni *
find_uni(const struct kn_tm_model *m, uint32_t cp)
{
	size_t mask = m->n_uni - 1;
	for (size_t h = slot(cp, m->n_uni);; h = (h + 1) & mask) {
		if (m->uni[h].cp == cp) {
			return &m->uni[h];
		}
		if (m->uni[h].cp == UINT32_MAX) {
			return NULL;
		}
	}
}

static const struct kn_tm_bi *
find_bi(const struct kn_tm_model *m, uint32_t a, uint32_t b)
{
	uint64_t key = ((uint64_t)a << 21) | b;
	size_t mask = m->n_bi - 1;
	for (size_t h = slot(key, m->n_bi);; h = (h + 1) & mask) {
		if (m->bi[h].key == key) {
			return &m->bi[h];
		}
		if (m->bi[h].key == UINT64_MAX) {
			return NULL;
		}
	}
}

static double
unigram_cost(const struct kn_tm_model *m, uint32_t cp)
{
	const struct kn_tm_uni *u = find_uni(m, cp);
	return u != NULL ? u->cost : m->class_cost[char_class(cp)];
}

double
kn_textmodel_logp(enum kn_lang lang, uint32_t prev, uint32_t cp)
{
	if ((unsigned)lang >= KN_LANG_COUNT) {
		return -100.0;
	}
	const struct kn_tm_model *m = &kn_tm_models[lang];
	const struct kn_tm_uni *ctx = prev != 0 ? find_uni(m, prev) : NULL;
	double backoff = 0;
	if (ctx != NULL && ctx->backoff > 0) {
		const struct kn_tm_bi *b = find_bi(m, prev, cp);
		if (b != NULL) {
			return -b->cost;
		}
		backoff = ctx->backoff;
	}
	/* Katz back-off to the unigram, reweighted by how likely this kind
	 * of character is after the previous kind (a kanji glued to Latin
	 * letters is rare in Japanese, common in mis-decoded Latin text). */
	double shift = prev != 0 ? m->trans[group(prev)][group(cp)] : 0;
	return -(unigram_cost(m, cp) + backoff) + shift;
}

void
kn_textscore_init(struct kn_textscore *s, enum kn_lang lang)
{
	s->lang = lang;
	s->prev = 0;
	s->sum = 0;
	s->count = 0;
}

void
kn_textscore_add(struct kn_textscore *s, uint32_t cp)
{
	s->sum += kn_textmodel_logp(s->lang, s->prev, cp);
	s->prev = cp;
	s->count++;
}

double
kn_textmodel_score(enum kn_lang lang, const uint32_t *cps, size_t n)
{
	if (cps == NULL || n == 0) {
		return 0;
	}
	struct kn_textscore s;
	kn_textscore_init(&s, lang);
	for (size_t i = 0; i < n; i++) {
		kn_textscore_add(&s, cps[i]);
	}
	return s.sum / (double)n;
}

enum kn_lang
kn_textmodel_best(const uint32_t *cps, size_t n, double *score)
{
	enum kn_lang best = KN_LANG_KO;
	double best_score = kn_textmodel_score(KN_LANG_KO, cps, n);
	for (int l = 1; l < KN_LANG_COUNT; l++) {
		double v = kn_textmodel_score((enum kn_lang)l, cps, n);
		/* Strictly better only: Korean wins ties (the Korean prior). */
		if (v > best_score) {
			best = (enum kn_lang)l;
			best_score = v;
		}
	}
	if (score != NULL) {
		*score = best_score;
	}
	return best;
}

const char *
kn_lang_tag(enum kn_lang lang)
{
	static const char *const tags[KN_LANG_COUNT] = {
		[KN_LANG_KO] = "ko",
		[KN_LANG_JA] = "ja",
		[KN_LANG_ZH_HANS] = "zh-Hans",
		[KN_LANG_ZH_HANT] = "zh-Hant",
		[KN_LANG_WESTERN] = "western",
		[KN_LANG_EN] = "en",
	};
	return (unsigned)lang < KN_LANG_COUNT ? tags[lang] : "und";
}
