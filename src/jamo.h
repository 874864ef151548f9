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
	/* The input spelled jong1+jong2 as one cluster letter (ㄺ); it is
	 * re-emitted as that letter if no syllable forms. */
	uint16_t jong_cluster;
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

/* ---- Small helpers shared with keyboard.c and scan.c ------------------ */

/* U+3131-314E: modern compatibility consonant (including clusters). */
KN_HIDDEN bool kn_cjamo_is_consonant(uint32_t cp);
/* U+314F-3163: modern compatibility vowel. */
KN_HIDDEN bool kn_cjamo_is_vowel(uint32_t cp);

/* True if the ASCII byte is a letter key of the Dubeolsik layout (A-Z,
 * a-z): the scanner's wrong-layout detection starts from runs of these. */
KN_HIDDEN bool kn_keyboard_is_hangul_key(uint8_t ascii);
/* The compatibility jamo the key types in Hangul mode, or 0. */
KN_HIDDEN uint32_t kn_keyboard_key_to_cjamo(uint8_t ascii);

#endif /* KN_JAMO_H */
