/* SPDX-License-Identifier: MIT */
/*
 * scan.h - internals shared by the scanner's files (scan.c: handle and
 * streaming; scan_chars.c: characters, invisibles, bidi, mixed-script
 * words; scan_foreign.c: the foreign-run model; scan_gloss.c: glosses,
 * cues and the spam lexicon).  Never installed.
 */
#ifndef KN_SCAN_H
#define KN_SCAN_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The hold-back cap: the largest paragraph scanned as one unit. */
#define KN_SCAN_CAP (64 * 1024)

/* A coarse character class, enough for the context model. */
enum kn_scan_class {
	KN_SC_SPACE,   /* White_Space, except line breaks */
	KN_SC_BREAK,   /* LF (and CR before it) */
	KN_SC_LETTER,  /* L* and letter-like marks */
	KN_SC_MARK,    /* Mn Mc Me */
	KN_SC_DIGIT,   /* Nd */
	KN_SC_PUNCT,   /* P* */
	KN_SC_SYMBOL,  /* S*, No, Nl, emoji */
	KN_SC_FORMAT,  /* Cf and the other invisibles */
	KN_SC_CONTROL, /* Cc other than line breaks */
};

/* Scripts the model tells apart; everything else is KN_SCR_OTHER with
 * its ICU code kept in kn_scan_char.icu. */
enum kn_script {
	KN_SCR_COMMON,
	KN_SCR_INHERITED,
	KN_SCR_LATIN,
	KN_SCR_HANGUL,
	KN_SCR_HAN,
	KN_SCR_HIRAGANA,
	KN_SCR_KATAKANA,
	KN_SCR_CYRILLIC,
	KN_SCR_GREEK,
	KN_SCR_THAI,
	KN_SCR_ARABIC,
	KN_SCR_HEBREW,
	KN_SCR_OTHER,
	KN_SCR_COUNT
};

struct kn_scan_char {
	uint32_t off; /* byte offset in the unit */
	uint32_t cp;
	uint8_t len;
	uint8_t cls;    /* enum kn_scan_class */
	uint8_t script; /* enum kn_script */
	uint8_t flags;  /* KN_CF_* */
	int16_t icu;    /* UScriptCode */
};

/* kn_scan_char.flags */
#define KN_CF_FULLWIDTH 0x01u  /* U+FF01..FF5E: fullwidth ASCII forms */
#define KN_CF_CJAMO 0x02u      /* Hangul compatibility jamo U+3131..318E */
#define KN_CF_UPPER 0x04u      /* an upper-case letter */
#define KN_CF_PICTO 0x08u      /* Extended_Pictographic (emoji) */
#define KN_CF_RTL 0x10u        /* strong right-to-left (bidi R or AL) */
#define KN_CF_UNBALANCED 0x20u /* bidi pass: a control left unbalanced */

/* A finding before it becomes a konorm_finding: offsets are relative to
 * the unit; text pieces live in the unit's string arena. */
struct kn_scan_hit {
	uint8_t kind;
	uint8_t removable;
	uint8_t script;
	int16_t icu;
	uint32_t start, end;
	uint32_t remove_start, remove_end;
	uint32_t codepoint;
	double score;
	size_t reason;     /* offset into the arena (NUL-terminated) */
	size_t suggestion; /* offset into the arena, or SIZE_MAX */
	size_t suggestion_len;
};

/* One unit (a paragraph, or a piece of one at most KN_SCAN_CAP long)
 * being scanned. */
struct kn_scan_unit {
	const uint8_t *text;
	size_t len;
	struct kn_scan_char *ch; /* decoded characters */
	size_t n;
	size_t ch_cap;
	struct kn_scan_hit *hits;
	size_t nhits;
	size_t hits_cap;
	struct kn_buf arena; /* reasons and suggestions */
	bool oom;
	size_t bad_at;    /* kn_scan_decode: offset of invalid UTF-8 */
	uint32_t scripts; /* bit per enum kn_script with a letter here */
	bool special;     /* a format, filler, selector or bidi character */
	/* Settings from the handle. */
	uint32_t kinds;
	double threshold;
	bool stream_start; /* the unit starts at offset 0 (leading BOM) */
	bool report_bom;
	/* Letters per script seen in earlier units of the document, decayed,
	 * for short paragraphs that do not say much themselves. */
	double *doc_letters;
	/* ICU's spoof checker (USpoofChecker), opened on first use and
	 * kept by the handle. */
	void *spoof;
};

/* scan_chars.c */
KN_HIDDEN bool kn_scan_decode(struct kn_scan_unit *u);
KN_HIDDEN void kn_scan_invisibles(struct kn_scan_unit *u);
KN_HIDDEN void kn_scan_bidi(struct kn_scan_unit *u);
KN_HIDDEN void kn_scan_mixed_words(struct kn_scan_unit *u);
KN_HIDDEN const char *kn_script_name(int script, int icu);
KN_HIDDEN bool kn_is_word_char(const struct kn_scan_char *c);
/* The characters [a, b) as a Latin reader sees them: letters of scripts
 * other than `keep` replaced by their UTS #39 skeletons when those are
 * ASCII.  Returns how many letters were replaced; out is appended to. */
KN_HIDDEN size_t kn_scan_look_alike(struct kn_scan_unit *u, size_t a, size_t b,
                                    int keep, struct kn_buf *out);
KN_HIDDEN void kn_scan_spoof_close(struct kn_scan_unit *u);

/* scan_layout.c */
KN_HIDDEN void kn_scan_mojibake(struct kn_scan_unit *u);
/* Returns the number of ASCII words seen (the fast path counts Latin
 * words for the document prior with it). */
KN_HIDDEN size_t kn_scan_wrong_layout(struct kn_scan_unit *u);

/* scan_foreign.c */
KN_HIDDEN void kn_scan_foreign(struct kn_scan_unit *u);

/* scan_gloss.c */
/* A loose consonant key of Latin, Hangul or Cyrillic letters in
 * s[0..n): classes of consonants, vowels dropped (docs/scan.md). */
KN_HIDDEN size_t kn_gloss_key(const struct kn_scan_char *c, size_t n, char *key,
                              size_t cap);
/* The same key of the text s[0..n) after konorm_romanize (RR). */
KN_HIDDEN size_t kn_gloss_key_romanized(const uint8_t *s, size_t n, char *key,
                                        size_t cap);
KN_HIDDEN bool kn_gloss_keys_match(const char *a, size_t an, const char *b,
                                   size_t bn);
/* How many spam-lexicon phrases occur in the case-folded text of
 * c[0..n) (tables/scan/spam-lexicon.tsv). */
KN_HIDDEN int kn_spam_lexicon_hits(const struct kn_scan_unit *u, size_t a,
                                   size_t b);
/* True when s[0..n) (lower-cased ASCII words) ends with a cue that
 * introduces a foreign word ("the Korean for", "called", "known as"). */
KN_HIDDEN bool kn_cue_before(const uint8_t *text, size_t len);
/* True when text[0..len) begins with a Korean particle or cue that marks
 * the preceding foreign word as quoted ("라는", "이라고", "어로"). */
KN_HIDDEN bool kn_cue_after(const uint8_t *text, size_t len);
KN_HIDDEN bool kn_hanja_has_korean_reading(uint32_t cp);

/* Generated by tables/gen/gen_scan.c (scan_tables.c). */
struct kn_spam_phrase {
	const char *text;
	size_t len;
};
KN_HIDDEN extern const struct kn_spam_phrase kn_spam_phrases[];
KN_HIDDEN extern const size_t kn_spam_phrase_count;
KN_HIDDEN extern const uint8_t kn_khangul_bits[];
KN_HIDDEN extern const uint32_t kn_khangul_astral[];
KN_HIDDEN extern const size_t kn_khangul_astral_count;
KN_HIDDEN extern const char *const kn_english_layout_words[];
KN_HIDDEN extern const size_t kn_english_layout_word_count;
KN_HIDDEN extern const float kn_layout_llr[27 * 27];

/* scan.c: records a finding of the unit. */
KN_HIDDEN void kn_scan_add(struct kn_scan_unit *u, const struct kn_scan_hit *h,
                           const char *reason, const char *suggestion,
                           size_t suggestion_len);

#endif /* KN_SCAN_H */
