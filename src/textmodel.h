/* SPDX-License-Identifier: MIT */
/*
 * Character models of the languages konorm meets in legacy encodings:
 * unigram and bigram log-probabilities of code points, trained by
 * tables/textmodel/train.py from the corpora its README names.  Used by
 * the encoding detector (detect.c) and by mojibake repair (fix.c) to rate
 * how plausible a decoded text is.  Pure functions over constant tables:
 * thread-safe, no allocation.
 */
#ifndef KN_TEXTMODEL_H
#define KN_TEXTMODEL_H

#include "internal.h"

enum kn_lang {
	KN_LANG_KO,
	KN_LANG_JA,
	KN_LANG_ZH_HANS,
	KN_LANG_ZH_HANT,
	KN_LANG_WESTERN,
	KN_LANG_EN,
	KN_LANG_COUNT
};

/* Mean log-likelihood per code point of cps[0..n) under the language's
 * model (natural log; higher is more plausible).  0 when n == 0. */
KN_HIDDEN double kn_textmodel_score(enum kn_lang lang, const uint32_t *cps,
                                    size_t n);
/* The best language and its score (may be NULL). */
KN_HIDDEN enum kn_lang kn_textmodel_best(const uint32_t *cps, size_t n,
                                         double *score);

/*
 * Incremental scoring: log-likelihood summed over a stream of code points,
 * one model, carrying the previous code point for the bigram.
 */
struct kn_textscore {
	enum kn_lang lang;
	uint32_t prev; /* previous code point, 0 at start */
	double sum;    /* total log-likelihood so far */
	size_t count;  /* code points scored */
};

KN_HIDDEN void kn_textscore_init(struct kn_textscore *s, enum kn_lang lang);
KN_HIDDEN void kn_textscore_add(struct kn_textscore *s, uint32_t cp);
/* log P(cp | prev) under the model, natural log. */
KN_HIDDEN double kn_textmodel_logp(enum kn_lang lang, uint32_t prev,
                                   uint32_t cp);
/* Short tag ("ko", "ja", "zh-Hans", "zh-Hant", "western", "en"). */
KN_HIDDEN const char *kn_lang_tag(enum kn_lang lang);

#endif /* KN_TEXTMODEL_H */
