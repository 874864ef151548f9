/* SPDX-License-Identifier: MIT */
/* Internals of the romanizer (romanize*.c) and its generated tables. */
#ifndef KN_ROMANIZE_H
#define KN_ROMANIZE_H

#include "internal.h"

/* Longest entries the generator accepts (it fails the build otherwise). */
#define KN_ROMAN_LEX_MAX 8
#define KN_ROMAN_PLACE_MAX 12

/* Syllables are stored as their index from U+AC00 (Unicode 15.0 §3.12). */

/* One entry of tables/romanize/exceptions.tsv. */
struct kn_roman_exception {
	uint16_t spelling[KN_ROMAN_LEX_MAX];
	uint16_t pronunciation[KN_ROMAN_LEX_MAX];
	uint8_t len;
};

/* One entry of tables/romanize/gazetteer.tsv: name_len is the number of
 * syllables before the administrative unit (len when there is none). */
struct kn_roman_place {
	uint16_t syllables[KN_ROMAN_PLACE_MAX];
	uint8_t len;
	uint8_t name_len;
};

/* One entry of tables/romanize/surnames.tsv. */
struct kn_roman_surname {
	uint16_t syllables[2];
	uint8_t len;
	const char *popular;
};

/* kHangul (Unihan 15.0): a Hanja and its first Korean reading. */
struct kn_hanja_reading {
	uint32_t cp;
	uint16_t syllable;
};

/* All sorted by their syllables (or code point), for binary search. */
KN_HIDDEN extern const struct kn_roman_exception kn_roman_exceptions[];
KN_HIDDEN extern const size_t kn_roman_exceptions_len;
/* Bit s is set when some exception starts with syllable s, or has it
 * second (every entry has two syllables or more). */
KN_HIDDEN extern const uint8_t kn_roman_exception_starts[];
KN_HIDDEN extern const uint8_t kn_roman_exception_seconds[];
KN_HIDDEN extern const struct kn_roman_place kn_roman_places[];
KN_HIDDEN extern const size_t kn_roman_places_len;
/* The sound change at every (final, next initial) pair, indexed
 * [final * 19 + initial] (romanize_sound.h, tabulated by the generator). */
KN_HIDDEN extern const uint16_t kn_roman_boundary[];
/* A group of RR letters copied as 8 fixed bytes (the hot path writes
 * no strlen and no variable-length memcpy): s is NUL-padded, n its length
 * or KN_ROMAN_LIT_SLOW (romanize_sound.h). */
struct kn_roman_lit {
	char s[7];
	uint8_t n;
};
/* RR 2-1, 2-2: initials, vowels, neutralized finals (from the letters of
 * romanize_sound.h). */
KN_HIDDEN extern const struct kn_roman_lit kn_roman_initial[19];
KN_HIDDEN extern const struct kn_roman_lit kn_roman_vowel[21];
KN_HIDDEN extern const struct kn_roman_lit kn_roman_final[28];
/* The letters RR writes between two vowels, indexed
 * [(final * 19 + next initial) * 2 + (next vowel is ㅣ)]: the final and
 * the next initial after the sound changes of that pair, or SLOW where
 * the change depends on the syllables (tabulated by the generator). */
KN_HIDDEN extern const struct kn_roman_lit kn_roman_junction[28 * 19 * 2];
/* Per syllable: the column of kn_roman_junction (initial * 2 + vowel is
 * ㅣ), the vowel, the final, the final's row of kn_roman_junction (final
 * * 38), and whether the exception lexicon has an entry starting with it
 * or having it second (the bits of kn_roman_exception_starts/seconds). */
KN_HIDDEN extern const uint32_t kn_roman_syllables[11172];
#define KN_ROMAN_SYL_COLUMN(e) ((e)&0x3Fu)
#define KN_ROMAN_SYL_VOWEL(e) (((e) >> 6) & 0x1Fu)
#define KN_ROMAN_SYL_FINAL(e) (((e) >> 11) & 0x1Fu)
#define KN_ROMAN_SYL_ROW(e) (((e) >> 16) & 0x7FFu)
#define KN_ROMAN_SYL_STARTS(e) (((e) >> 27) & 1u)
#define KN_ROMAN_SYL_SECOND(e) (((e) >> 28) & 1u)
/* Endings that look like a unit but are not (not-units.tsv). */
KN_HIDDEN extern const struct kn_roman_place kn_roman_not_units[];
KN_HIDDEN extern const size_t kn_roman_not_units_len;
KN_HIDDEN extern const struct kn_roman_surname kn_roman_surnames[];
KN_HIDDEN extern const size_t kn_roman_surnames_len;
KN_HIDDEN extern const struct kn_hanja_reading kn_hanja_readings[];
KN_HIDDEN extern const size_t kn_hanja_readings_len;

/* The Korean reading of a Hanja as a syllable index, or -1 (kHangul). */
KN_HIDDEN int kn_hanja_reading(uint32_t cp);

/* RR 2000 제3장 제8항 transliteration of one word of syllables
 * (romanize_translit.c); before is the syllable just before them when a
 * long word was cut there, or -1 at the start of a word. */
KN_HIDDEN void kn_roman_translit_word(struct kn_sink *out,
                                      const uint16_t *syllables, size_t n,
                                      int before);
/* Its exact inverse over a whole text: Latin words that parse as a
 * transliteration become Hangul, everything else passes through. */
KN_HIDDEN struct konorm_result kn_romanize_reverse(const char *src,
                                                   size_t len, char *dst,
                                                   size_t cap);

#endif
