/* SPDX-License-Identifier: MIT */
/*
 * konorm.h - the one public header of libkonorm.
 *
 * libkonorm handles text that mixes Korean and English: encoding detection
 * and conversion, mojibake repair, Unicode normalization with Hangul
 * composition, romanization and anomaly scanning.
 *
 * Conventions that hold for every function below:
 *  - Text is UTF-8 with an explicit byte length; nothing relies on a NUL
 *    terminator, and a NULL pointer with length 0 is the empty string.
 *  - One-shot functions write into a caller's buffer with snprintf
 *    semantics: at most `cap` bytes are written to `dst`, and the full
 *    length the output needs is reported in `konorm_result.needed`, so
 *    `dst = NULL, cap = 0` preflights.  When the output does not fit the
 *    status is KONORM_EBUFSIZE and `dst` holds a prefix of the output that
 *    ends on a character boundary; it is never left undefined.
 *  - Errors are negative `enum konorm_status` values; byte offsets into the
 *    input come back with them.
 *  - State lives in opaque handles (`_new`/`_free`).  Streaming functions
 *    take zstd-style `{ptr, size, pos}` buffers and advance `pos`; partial
 *    sequences are carried inside the handle, so a chunk may end anywhere.
 *  - The library never prints, never exits and keeps no global mutable
 *    state: every function is thread-safe, and a handle may be used by one
 *    thread at a time.
 *  - Memory returned by an allocating function is released with
 *    konorm_free().
 */
#ifndef KONORM_H
#define KONORM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(KONORM_BUILDING)
#define KONORM_API __declspec(dllexport)
#elif defined(KONORM_BUILDING) && defined(__GNUC__)
#define KONORM_API __attribute__((visibility("default")))
#else
#define KONORM_API
#endif

#define KONORM_VERSION_MAJOR 0
#define KONORM_VERSION_MINOR 1
#define KONORM_VERSION_PATCH 0
#define KONORM_VERSION_STRING "0.1.0"
/* The Unicode version of every table the library is built from. */
#define KONORM_UNICODE_VERSION "15.0.0"

/* ---------------------------------------------------------------------- */
/* Status, results, buffers                                               */
/* ---------------------------------------------------------------------- */

enum konorm_status {
	KONORM_OK = 0,
	/* Success, but more input is needed (streaming detection). */
	KONORM_MORE = 1,
	KONORM_EINVAL = -1,          /* bad argument (NULL pointer, flags) */
	KONORM_ENOMEM = -2,          /* allocation failed */
	KONORM_EBUFSIZE = -3,        /* output buffer too small */
	KONORM_EINVAL_UTF8 = -4,     /* input is not valid UTF-8 */
	KONORM_ETRUNCATED = -5,      /* input ends inside a sequence */
	KONORM_ETOOLONG = -6,        /* a combining sequence exceeds the limit */
	KONORM_EENCODING = -7,       /* unknown or unsupported encoding name */
	KONORM_EILSEQ = -8,          /* invalid sequence in the source encoding */
	KONORM_EUNMAPPABLE = -9,     /* character has no mapping in the target */
	KONORM_ESTATE = -10,         /* handle used after finish or an error */
	KONORM_EINTERNAL = -11,      /* a dependency failed unexpectedly */
};

/* A static English message for a status; never NULL. */
KONORM_API const char *konorm_strerror(enum konorm_status status);

/* Library version ("0.1.0") and Unicode version ("15.0.0"). */
KONORM_API const char *konorm_version(void);
KONORM_API const char *konorm_unicode_version(void);

/* Releases memory returned by an allocating konorm function. */
KONORM_API void konorm_free(void *ptr);

/*
 * What a one-shot function reports besides its output.
 *  status   KONORM_OK or an error.
 *  offset   on an input error, the 0-based byte offset of the first byte
 *           of the offending sequence; otherwise the input length.
 *  needed   bytes the complete output needs (not counting any NUL; the
 *           functions never write a NUL terminator).
 *  replaced with KONORM_REPLACE, how many U+FFFD were substituted.
 */
struct konorm_result {
	enum konorm_status status;
	size_t offset;
	size_t needed;
	size_t replaced;
};

/* Streaming buffers, as zstd's: the function reads src[pos..size) and
 * writes dst[pos..size), advancing each pos by what it consumed/wrote. */
struct konorm_in {
	const char *src;
	size_t size;
	size_t pos;
};
struct konorm_out {
	char *dst;
	size_t size;
	size_t pos;
};

/* ---------------------------------------------------------------------- */
/* UTF-8                                                                  */
/* ---------------------------------------------------------------------- */

/*
 * Checks that src[0..len) is well-formed UTF-8 (Unicode 15.0 table 3-7:
 * no overlongs, no surrogates, nothing above U+10FFFF).  Returns KONORM_OK,
 * or KONORM_EINVAL_UTF8 / KONORM_ETRUNCATED with the offset of the first
 * bad sequence in *offset (may be NULL).
 */
KONORM_API enum konorm_status konorm_utf8_validate(const char *src,
                                                   size_t len,
                                                   size_t *offset);

/* ---------------------------------------------------------------------- */
/* Normalization (src/normalize.c, src/jamo.c)                            */
/* ---------------------------------------------------------------------- */

/* Option flags, one word; the form is in the low bits. */
#define KONORM_NFC 0x0u  /* canonical composition (the default) */
#define KONORM_NFD 0x1u  /* canonical decomposition */
#define KONORM_NFKC 0x2u /* compatibility composition */
#define KONORM_NFKD 0x3u /* compatibility decomposition */
#define KONORM_FORM_MASK 0x3u
/* Compose runs of Hangul compatibility jamo (U+3131-318E) that spell
 * syllables, as a 2-set keyboard automaton would (ㅎㅏㄴㄱㅡㄹ -> 한글),
 * after normalization.  Not part of any Unicode form. */
#define KONORM_COMPOSE_JAMO 0x10u
/* Replace each maximal subpart of an ill-formed UTF-8 sequence with
 * U+FFFD (Unicode 15.0 §3.9, "U+FFFD substitution of maximal subparts")
 * instead of failing with KONORM_EINVAL_UTF8. */
#define KONORM_REPLACE 0x20u

/*
 * Normalizes src[0..len) into dst[0..cap) in the form given by flags.
 * Errors: KONORM_EINVAL_UTF8 / KONORM_ETRUNCATED (offset set; dst holds the
 * normalized text of everything before the offending sequence, as far as
 * it fits), KONORM_EBUFSIZE, KONORM_EINVAL (bad flags or NULL src with
 * len > 0), KONORM_ETOOLONG (more than KONORM_MAX_NONSTARTERS combining
 * marks in a row), KONORM_ENOMEM.
 */
KONORM_API struct konorm_result konorm_normalize(const char *src, size_t len,
                                                 char *dst, size_t cap,
                                                 uint32_t flags);

/* As konorm_normalize, but allocates the output (NUL-terminated for
 * convenience; *out_len excludes the NUL).  Free with konorm_free(). */
KONORM_API struct konorm_result konorm_normalize_alloc(const char *src,
                                                       size_t len,
                                                       char **out,
                                                       size_t *out_len,
                                                       uint32_t flags);

/*
 * Quick check: KONORM_OK if src is already in the form (and, with
 * KONORM_COMPOSE_JAMO, has no composable jamo run), KONORM_MORE if it is
 * not, or an input error with the offset.
 */
KONORM_API struct konorm_result konorm_normalize_check(const char *src,
                                                       size_t len,
                                                       uint32_t flags);

/* The longest run of non-starters (combining marks) a stream may carry;
 * far beyond any real text (UAX #15 stream-safe text needs 30). */
#define KONORM_MAX_NONSTARTERS 4096

/* Streaming normalizer.  Memory is bounded whatever the input size. */
struct konorm_normalizer;

KONORM_API struct konorm_normalizer *konorm_normalizer_new(uint32_t flags);
KONORM_API void konorm_normalizer_free(struct konorm_normalizer *n);
/*
 * Consumes as much of `in` as it can and writes normalized output to
 * `out`.  Returns KONORM_OK when all of `in` was consumed, KONORM_EBUFSIZE
 * when `out` filled up first (call again with more room), or an input
 * error; after an error, konorm_normalizer_offset() gives the absolute
 * stream offset of the bad sequence and the handle only accepts _free or
 * _reset.  Output is byte-identical whatever the chunk boundaries.
 */
KONORM_API enum konorm_status
konorm_normalizer_feed(struct konorm_normalizer *n, struct konorm_in *in,
                       struct konorm_out *out);
/* Flushes what is held back at end of input.  KONORM_EBUFSIZE: call again
 * with more room.  KONORM_ETRUNCATED: the stream ended inside a UTF-8
 * sequence (without KONORM_REPLACE). */
KONORM_API enum konorm_status
konorm_normalizer_finish(struct konorm_normalizer *n, struct konorm_out *out);
/* Absolute offset of the error, or bytes consumed so far. */
KONORM_API uint64_t
konorm_normalizer_offset(const struct konorm_normalizer *n);
/* Number of U+FFFD substituted so far (KONORM_REPLACE). */
KONORM_API uint64_t
konorm_normalizer_replaced(const struct konorm_normalizer *n);
KONORM_API void konorm_normalizer_reset(struct konorm_normalizer *n);

/* ---------------------------------------------------------------------- */
/* Hangul jamo and the 2-set keyboard (src/jamo.c, src/keyboard.c)        */
/* ---------------------------------------------------------------------- */

/*
 * Composes runs of Hangul compatibility jamo that spell syllables with a
 * 2-set (Dubeolsik) automaton: ㅎㅏㄴㄱㅡㄹ -> 한글, ㄷㅏㄹㄱ -> 닭,
 * ㅇㅗㅏ -> 와.  Runs that spell no syllable (ㅋㅋㅋ, ㅠㅠ, ㄱㅅ) and all
 * other text are copied unchanged.  Same buffer rules as konorm_normalize.
 * A vowel with no initial before it stays as written (ㅗㅏ is not made
 * ㅘ); a consonant joins a syllable as its final only after a vowel, so
 * ㄱㅅ stays two letters while ㄱㅏㄱㅅ gives 갃; tense initials come only
 * from their own letter (ㄱㄱㅏ -> ㄱ가).  Archaic jamo (U+3164-318E),
 * precomposed syllables and everything else end a run and are copied.
 * flags: 0, KONORM_COMPOSE_JAMO (ignored, implied) and/or KONORM_REPLACE;
 * any other bit is KONORM_EINVAL.  Input errors as konorm_normalize:
 * KONORM_EINVAL_UTF8 / KONORM_ETRUNCATED with the offset, dst holding the
 * output for everything before it.  Thread-safe; no allocation.
 */
KONORM_API struct konorm_result konorm_jamo_compose(const char *src,
                                                    size_t len, char *dst,
                                                    size_t cap,
                                                    uint32_t flags);

#define KONORM_KEYBOARD_TO_HANGUL 0x0u /* QWERTY keys -> Hangul */
#define KONORM_KEYBOARD_TO_QWERTY 0x1u /* Hangul -> QWERTY keys */

/*
 * Dubeolsik (KS X 5002) layout.  TO_HANGUL reads Latin letters as the keys
 * typed with the keyboard in English mode ("gksrmf" -> 한글, Shift gives
 * the tense consonants and ㅒ ㅖ); TO_QWERTY is the inverse.  Characters
 * that are not layout keys pass through.
 * TO_HANGUL: letters run through the same 2-set automaton as
 * konorm_jamo_compose, in the IME's way: "rt" gives ㄱㅅ, "rkrt" 갃, and a
 * vowel typed with no initial is still combined ("hk" -> ㅘ).  Shift on a
 * letter with no Shift-layer jamo types the lower-case jamo; a run of
 * letters all in capitals with at least one such letter was typed with
 * Caps Lock, which Hangul IMEs ignore ("GKSRMF" -> 한글, while "Rk" ->
 * 까 and "QO" -> 뺴).  Hangul and everything else already in the text
 * pass through and end the syllable being typed.
 * TO_QWERTY: each precomposed syllable and modern compatibility jamo
 * becomes its keys (닭 -> "ekfr", 와 -> "dhk", ㄳ -> "rt"); the rest passes
 * through.  TO_QWERTY then TO_HANGUL gives back any text whose Hangul is
 * all precomposed syllables (docs/keyboard.md lists what cannot round
 * trip: lone jamo next to syllables, as on a real keyboard).
 * flags: one direction, optionally | KONORM_REPLACE; other bits are
 * KONORM_EINVAL.  Errors and buffers as konorm_jamo_compose.  The output
 * is never more than 3 bytes per input byte, in either direction.
 * Thread-safe; no allocation.
 */
KONORM_API struct konorm_result konorm_keyboard(const char *src, size_t len,
                                                char *dst, size_t cap,
                                                uint32_t flags);

/*
 * Streaming konorm_keyboard without a handle: returns the largest n <= len
 * such that converting src[0..n) and then src[n..) with more input after
 * it gives exactly the output of converting it all at once, whatever
 * follows src[len).  A stream reader converts src[0..n) and carries the
 * rest in front of the next block: an incomplete UTF-8 character and the
 * last few keys of a syllable in the making, or a run of capitals whole
 * until its Caps Lock reading is settled.  At the end of the stream,
 * convert whatever is carried.  O(len), no allocation.  Same flags as
 * konorm_keyboard (invalid flags or NULL src with len > 0 return 0).
 */
KONORM_API size_t konorm_keyboard_boundary(const char *src, size_t len,
                                           uint32_t flags);

/* ---------------------------------------------------------------------- */
/* Later stages: detect, convert, fix, romanize, scan.                    */
/* Each module adds its declarations in its own section below.            */
/* ---------------------------------------------------------------------- */

/* @@detect-convert@@ */

/* ---- Romanization (src/romanize.c) ------------------------------------ */

/*
 * Flags for konorm_romanize: the system in the low bits, options above.
 *  RR          Revised Romanization of Korean (Ministry of Culture notice
 *              2000-8, revised 2014-2), with the sound changes of the
 *              standard pronunciation (표준 발음법) it follows (RR §3.1).
 *  RR_TRANSLIT the letter-for-letter transliteration of RR §3.8: reversible
 *              with KONORM_ROMAN_REVERSE.
 *  MR          McCune-Reischauer (breves and apostrophes; ASCII drops them).
 *  YALE        linguistic Yale.
 */
#define KONORM_ROMAN_RR 0x0u
#define KONORM_ROMAN_RR_TRANSLIT 0x1u
#define KONORM_ROMAN_MR 0x2u
#define KONORM_ROMAN_YALE 0x3u
#define KONORM_ROMAN_SYSTEM_MASK 0xFu
/* Capitalize the first letter of each romanized word (RR §3.3). */
#define KONORM_ROMAN_PROPER 0x10u
/* The text is a place name or address: capitalized, administrative units
 * (도 시 군 구 읍 면 동 리 가) hyphenated with no sound change across the
 * hyphen (RR §3.5), using the built-in gazetteer to tell 경기도
 * (Gyeonggi-do) from 독도 (Dokdo). */
#define KONORM_ROMAN_PLACE 0x20u
/* The text is a personal name: surname, space, given name written
 * together with no sound change inside it (RR §3.4). */
#define KONORM_ROMAN_NAME 0x40u
/* Hyphen where a syllable boundary could be misread (RR §3.2: 중앙
 * Jung-ang, 해운대 Hae-undae).  Off by default, as in the official place
 * name spellings (Haeundae-gu). */
#define KONORM_ROMAN_HYPHEN_AMBIGUOUS 0x80u
/* With NAME: hyphen between the given-name syllables (Hong Gil-dong). */
#define KONORM_ROMAN_NAME_HYPHEN 0x100u
/* With NAME: the surname spelling most bearers use (김 Kim, 이 Lee,
 * 박 Park) instead of the RR letters (Gim, I, Bak). */
#define KONORM_ROMAN_SURNAME_POPULAR 0x200u
/* MR and Yale: plain ASCII (no breves; MR apostrophes are kept). */
#define KONORM_ROMAN_ASCII 0x400u
/* Latin -> Hangul; only with RR_TRANSLIT (exact inverse of it). */
#define KONORM_ROMAN_REVERSE 0x800u

/*
 * Romanizes the Hangul (and, through their Korean readings, the Hanja) in
 * src[0..len) into dst[0..cap) with snprintf semantics; everything else
 * (Latin, digits, spaces, punctuation, old Hangul, stray jamo) passes
 * through unchanged.  Input and output are UTF-8.  Sound changes apply
 * within a run of Hangul/Hanja (a word); spaces and other characters end
 * the word.  With KONORM_ROMAN_REVERSE the input is RR_TRANSLIT Latin and
 * the output Hangul.
 * Errors: KONORM_EINVAL_UTF8 / KONORM_ETRUNCATED with the byte offset
 * (dst then holds the output for the text before the word that contains
 * the bad sequence, as far as it fits), KONORM_EBUFSIZE, KONORM_EINVAL
 * (unknown system, REVERSE with a system other than RR_TRANSLIT, NULL src
 * with len > 0).  Uses no allocation beyond a bounded stack; thread-safe.
 */
KONORM_API struct konorm_result konorm_romanize(const char *src, size_t len,
                                                char *dst, size_t cap,
                                                uint32_t flags);

/* @@romanize@@ */

/* @@scan@@ */

/* @@fix@@ */

#ifdef __cplusplus
}
#endif

#endif /* KONORM_H */
