/* SPDX-License-Identifier: MIT */
/*
 * Hangul compatibility jamo composition (a 2-set input automaton) and the
 * Dubeolsik (KS X 5002) keyboard helpers; internal to the library.
 */
#ifndef KN_JAMO_H
#define KN_JAMO_H

#include "internal.h"

/*
 * Streaming composer for runs of compatibility jamo (U+3131-3163).
 * Fixed-size state, no allocation: at most one syllable is pending
 * (choseong, jungseong, up to two jongseong parts).  All fields are
 * private to jamo.c; callers only init, feed and flush.
 */
struct kn_jamo_composer {
	uint16_t cho;   /* pending initial (compat cp) or 0 */
	uint16_t jung;  /* pending medial, possibly compound, or 0 */
	uint16_t jong1; /* first (or only) final part, or 0 */
	uint16_t jong2; /* second part of a double final, or 0 */
	/* true: behave as an IME (keyboard.c): vowels typed with no
	 * initial combine into compound compatibility vowels (h k -> ㅘ).
	 * false (kn_jamo_init): text composition, such vowels stay as they
	 * were written. */
	bool ime;
};

KN_HIDDEN void kn_jamo_init(struct kn_jamo_composer *c);
/* As kn_jamo_init, with the IME behaviour for vowels without initial. */
KN_HIDDEN void kn_jamo_init_ime(struct kn_jamo_composer *c);
/* Feeds one code point; calls emit(ctx, cp) for every code point that is
 * final.  Any code point that is not a modern compatibility jamo ends the
 * pending syllable and is emitted unchanged. */
KN_HIDDEN void kn_jamo_feed(struct kn_jamo_composer *c, uint32_t cp,
                            kn_emit_fn emit, void *ctx);
/* End of input: emits what is held. */
KN_HIDDEN void kn_jamo_flush(struct kn_jamo_composer *c, kn_emit_fn emit,
                             void *ctx);

/* ---- Compatibility jamo (Unicode 15.0 §3.12, UnicodeData.txt) -------- */

#define KN_CJAMO_FIRST 0x3131u /* HANGUL LETTER KIYEOK */
#define KN_CJAMO_VOWEL 0x314Fu /* HANGUL LETTER A, first vowel */
#define KN_CJAMO_LAST 0x3163u  /* HANGUL LETTER I, last modern letter */
#define KN_CJAMO_COUNT (KN_CJAMO_LAST - KN_CJAMO_FIRST + 1)

/* U+3131-314E: modern compatibility consonant (including clusters). */
static inline bool
kn_cjamo_is_consonant(uint32_t cp)
{
	return cp - KN_CJAMO_FIRST < KN_CJAMO_VOWEL - KN_CJAMO_FIRST;
}

/* U+314F-3163: modern compatibility vowel (including compounds). */
static inline bool
kn_cjamo_is_vowel(uint32_t cp)
{
	return cp - KN_CJAMO_VOWEL <= KN_CJAMO_LAST - KN_CJAMO_VOWEL;
}

/* The compatibility jamo of choseong index 0-18 / jungseong 0-20 /
 * jongseong 1-27 (the §3.12 syllable arithmetic's L, V, T indexes). */
KN_HIDDEN uint32_t kn_cjamo_of_choseong(unsigned l);
KN_HIDDEN uint32_t kn_cjamo_of_jungseong(unsigned v);
KN_HIDDEN uint32_t kn_cjamo_of_jongseong(unsigned t);
/* Splits a compound vowel (ㅘ -> ㅗ ㅏ) or a consonant cluster (ㄺ -> ㄹ ㄱ)
 * into the two jamo a 2-set keyboard types for it; false for any other
 * code point. */
KN_HIDDEN bool kn_cjamo_split(uint32_t cp, uint32_t *first,
                              uint32_t *second);

/* ---- Dubeolsik layout (keyboard.c; scan.c) ------------------------------ */

/* Generated from tables/dubeolsik.tsv by tables/gen/gen_dubeolsik.c:
 * the jamo each ASCII key types (0: not a key), and the key typing each
 * single-key jamo (0: typed as two keys, see kn_cjamo_split). */
KN_HIDDEN extern const uint16_t kn_dubeolsik_key_cjamo[128];
KN_HIDDEN extern const char kn_dubeolsik_cjamo_key[KN_CJAMO_COUNT];

/* The jamo the key types in Hangul mode, or 0 if the byte is not a key. */
static inline uint32_t
kn_keyboard_key_to_cjamo(uint8_t ascii)
{
	return ascii < 128 ? kn_dubeolsik_key_cjamo[ascii] : 0;
}

/* True if the byte is a letter key of the layout (A-Z, a-z): the
 * scanner's wrong-layout detection starts from runs of these. */
static inline bool
kn_keyboard_is_hangul_key(uint8_t ascii)
{
	return kn_keyboard_key_to_cjamo(ascii) != 0;
}

#endif /* KN_JAMO_H */
