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
 * through.  TO_QWERTY then TO_HANGUL gives back any text with no ASCII
 * letters (they would be read as keys) whose Hangul is all precomposed
 * syllables (docs/keyboard.md lists what cannot round trip: lone jamo
 * next to syllables, as on a real keyboard).
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

/* ---------------------------------------------------------------------- */
/* Encoding detection and conversion (src/detect.c, src/convert.c)        */
/* ---------------------------------------------------------------------- */

/* The encodings konorm detects and converts.  UTF-16/32 names are byte
 * order explicit; a BOM, when present, is reported by the detector. */
enum konorm_encoding {
	KONORM_ENC_UNKNOWN = 0,
	KONORM_ENC_ASCII,
	KONORM_ENC_UTF8,
	KONORM_ENC_UTF16LE,
	KONORM_ENC_UTF16BE,
	KONORM_ENC_UTF32LE,
	KONORM_ENC_UTF32BE,
	KONORM_ENC_EUC_KR,      /* KS X 1001 in EUC form (strict) */
	KONORM_ENC_CP949,       /* EUC-KR + the UHC extension */
	KONORM_ENC_ISO_2022_KR, /* RFC 1557 */
	KONORM_ENC_JOHAB,       /* KS X 1001:2004 annex 3 */
	KONORM_ENC_SHIFT_JIS,   /* as Windows code page 932 */
	KONORM_ENC_EUC_JP,
	KONORM_ENC_GB18030,
	KONORM_ENC_BIG5,
	KONORM_ENC_WINDOWS_1252,
	KONORM_ENC_ISO_8859_1,
	KONORM_ENC_COUNT
};

/* Canonical name ("CP949", "UTF-16LE"); "UNKNOWN" for anything else.
 * Static storage, never NULL. */
KONORM_API const char *konorm_encoding_name(enum konorm_encoding enc);
/* Looks up a name or alias, ASCII case-insensitive, '-' '_' and ' '
 * equivalent (UHC, MS949, WINDOWS-949, KS_C_5601-1987, CSKSC56011987 ->
 * CP949; EUC_KR -> EUC-KR; ...).  name[0..len) need not be NUL-terminated.
 * Returns KONORM_ENC_UNKNOWN when the name is not known. */
KONORM_API enum konorm_encoding konorm_encoding_lookup(const char *name,
                                                       size_t len);

/* ---- Detection ---- */

/* Flag: the bytes given are a prefix of a longer input (cut at an
 * arbitrary byte), so a multi-byte sequence cut at the end is not an
 * error. */
#define KONORM_DETECT_PREFIX 0x1u

/* One ranked answer. */
struct konorm_candidate {
	enum konorm_encoding encoding;
	double confidence; /* 0..1; the candidates' confidences sum to 1 */
	size_t bom_len;    /* bytes of the byte order mark, 0 if none */
	const char *language; /* "ko", "ja", "zh-Hans", "zh-Hant",
	                         "western", "en" (static storage) */
};

/*
 * A detector is fed the input in chunks of any size and rates every
 * encoding above: byte order mark, then strict validity of each
 * candidate (byte-level state machines plus a full decode: a candidate
 * that fails to decode any byte fed is dropped), then the log-likelihood
 * of the decoded text under character models of Korean, Japanese,
 * Chinese, Western European and English.  EUC-KR is answered instead of
 * CP949 when no UHC-only code was seen.  Work is bounded: after
 * max_bytes (konorm_detector_set_limit) it ignores further input.
 * Not thread-safe per handle; distinct handles are independent.
 */
struct konorm_detector;

/* flags: 0 or KONORM_DETECT_PREFIX.  NULL on allocation failure. */
KONORM_API struct konorm_detector *konorm_detector_new(uint32_t flags);
KONORM_API void konorm_detector_free(struct konorm_detector *d);
/* Forgets all input; keeps flags, limit and hints. */
KONORM_API void konorm_detector_reset(struct konorm_detector *d);
/* Bytes examined at most (default KONORM_DETECT_DEFAULT_LIMIT; 0 means
 * no limit).  Input beyond it is ignored and the answer treats the input
 * as cut there (a sequence cut at the limit is not an error). */
#define KONORM_DETECT_DEFAULT_LIMIT (64u * 1024u)
KONORM_API void konorm_detector_set_limit(struct konorm_detector *d,
                                          size_t max_bytes);
/* Hints: favour an encoding (a caller's guess, e.g. from a protocol
 * header), or a language ("ko", "ja", "zh", "zh-Hans", "zh-Hant", "en",
 * "de", "fr", "es", ... any Western European code means "western").
 * KONORM_EINVAL for an unknown encoding or language. */
KONORM_API enum konorm_status
konorm_detector_prefer(struct konorm_detector *d, enum konorm_encoding enc);
KONORM_API enum konorm_status
konorm_detector_set_language(struct konorm_detector *d, const char *lang);
/*
 * Feeds src[0..len).  Returns KONORM_MORE while more input could change
 * the answer, KONORM_OK once the detector is certain or has reached its
 * limit (the caller may stop reading), KONORM_EINVAL for NULL src with
 * len > 0, KONORM_ESTATE after finish.
 */
KONORM_API enum konorm_status
konorm_detector_feed(struct konorm_detector *d, const char *src,
                     size_t len);
/* Ends the input: a sequence cut at the end now disqualifies a candidate
 * (unless KONORM_DETECT_PREFIX or the limit was reached). */
KONORM_API enum konorm_status
konorm_detector_finish(struct konorm_detector *d);
/* Ends a prefix: as finish, but the input is taken as cut where the
 * feeding stopped (a sequence cut there is no error).  For callers that
 * stop reading once feed returns KONORM_OK before the end of input. */
KONORM_API enum konorm_status
konorm_detector_finish_cut(struct konorm_detector *d);
/*
 * Writes up to cap candidates, best first, into out (may be NULL with
 * cap 0) and returns how many there are.  0 means no encoding decodes
 * the input (binary data).  Valid after finish; before finish it gives
 * the answer so far.
 */
KONORM_API size_t konorm_detector_result(const struct konorm_detector *d,
                                         struct konorm_candidate *out,
                                         size_t cap);

/* One-shot: the best candidate for src[0..len) (flags as for _new, the
 * default limit).  KONORM_OK; KONORM_EILSEQ when no encoding decodes the
 * input (best->encoding is then KONORM_ENC_UNKNOWN); KONORM_ENOMEM;
 * KONORM_EINVAL for NULL src with len > 0 or NULL best. */
KONORM_API enum konorm_status konorm_detect(const char *src, size_t len,
                                            uint32_t flags,
                                            struct konorm_candidate *best);

/* ---- Conversion ---- */

/* Skip invalid or unmappable input instead of failing (iconv -c). */
#define KONORM_CONVERT_SKIP 0x1u
/* Substitute U+FFFD (or '?' for a legacy target) and count; wins over
 * KONORM_CONVERT_SKIP. */
#define KONORM_CONVERT_REPLACE 0x2u
/* Keep a leading U+FEFF (byte order mark); dropped by default. */
#define KONORM_CONVERT_KEEP_BOM 0x4u
/* JOHAB's 0x5C is the won sign U+20A9 (KS X 1001 annex 3) instead of
 * the backslash it is in ASCII position; also makes U+20A9 encode to
 * 0x5C.  By default 0x5C <-> U+005C. */
#define KONORM_CONVERT_WON_SIGN 0x8u

/*
 * A converter from one encoding to another, on glibc iconv.  Streaming,
 * with bounded memory; the output is byte-identical for every way of
 * cutting the input into chunks, including inside multi-byte sequences
 * and ISO-2022-KR shift states.  Invalid input (a sequence the source
 * encoding does not define) or unmappable input (a character the target
 * cannot represent) stops the conversion with everything before the
 * offending sequence converted, unless SKIP or REPLACE is given.
 * Not thread-safe per handle.
 */
struct konorm_converter;

/* NULL when an encoding is KONORM_ENC_UNKNOWN/out of range, iconv lacks
 * the pair, or on allocation failure. */
KONORM_API struct konorm_converter *
konorm_converter_new(enum konorm_encoding from, enum konorm_encoding to,
                     uint32_t flags);
KONORM_API void konorm_converter_free(struct konorm_converter *c);
/*
 * Converts as much of `in` as it can into `out`.  KONORM_OK: all of `in`
 * consumed (a sequence cut at the end is held back).  KONORM_EBUFSIZE:
 * `out` is full; call again with room.  KONORM_EILSEQ /
 * KONORM_EUNMAPPABLE: the output holds everything before the offending
 * sequence (call with more room while it returns KONORM_EBUFSIZE first);
 * konorm_converter_offset() gives its absolute offset; afterwards only
 * _free is allowed (KONORM_ESTATE otherwise).
 */
KONORM_API enum konorm_status
konorm_converter_feed(struct konorm_converter *c, struct konorm_in *in,
                      struct konorm_out *out);
/* Ends the input: flushes held-back output and returns to the initial
 * shift state.  KONORM_ETRUNCATED when the input ended inside a sequence
 * (without SKIP/REPLACE); KONORM_EBUFSIZE: call again with room. */
KONORM_API enum konorm_status
konorm_converter_finish(struct konorm_converter *c, struct konorm_out *out);
/* Absolute input offset of the error, else bytes consumed so far. */
KONORM_API uint64_t konorm_converter_offset(const struct konorm_converter *c);
/* Up to cap bytes of the offending sequence (for messages); returns how
 * many were written (at most 4). */
KONORM_API size_t konorm_converter_error_bytes(
	const struct konorm_converter *c, unsigned char *buf, size_t cap);
/* Sequences replaced (REPLACE) and skipped (SKIP) so far. */
KONORM_API uint64_t
konorm_converter_replaced(const struct konorm_converter *c);
KONORM_API uint64_t konorm_converter_skipped(const struct konorm_converter *c);

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
 * (Gyeonggi-do) from 독도 (Dokdo); a number before 가 동 리 읍 면 구
 * gets its reading: 종로 2가 Jongno 2(i)-ga, 역삼1동 Yeoksam 1(il)-dong
 * (1 to 9999; see NO_NUMBER_READING). */
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
/* With PLACE: a number before a unit is written as it is (종로 2가
 * Jongno 2-ga) instead of with its Sino-Korean reading, which RR §3.5
 * prints (Jongno 2(i)-ga) and which is the default for RR and MR. */
#define KONORM_ROMAN_NO_NUMBER_READING 0x1000u

/*
 * Romanizes the Hangul (and, through their Korean readings, the Hanja) in
 * src[0..len) into dst[0..cap) with snprintf semantics; everything else
 * (Latin, digits, spaces, punctuation, old Hangul, stray jamo) passes
 * through unchanged.  Input and output are UTF-8.  Sound changes apply
 * within a run of Hangul/Hanja (a word); spaces and other characters end
 * the word.  With KONORM_ROMAN_REVERSE the input is RR_TRANSLIT Latin and
 * the output Hangul.
 * Errors: KONORM_EINVAL_UTF8 / KONORM_ETRUNCATED with the byte offset
 * (dst then holds the output for the text before the bad sequence, as far
 * as it fits, and needed counts it), KONORM_EBUFSIZE, KONORM_EINVAL
 * (unknown system or flag, REVERSE with a system other than RR_TRANSLIT,
 * NULL src with len > 0).  The output needs at most 6 bytes per input
 * byte plus 64 (the most is a number's reading before a unit in MR:
 * " 7777동" is 45 bytes).  Words of any length are written whole (their
 * sound changes hold however long they are).  Conjoining jamo (NFD) are
 * composed first where they spell a modern syllable; old Hangul passes
 * through.  Uses no allocation and a few KiB of stack; thread-safe.
 */
KONORM_API struct konorm_result konorm_romanize(const char *src, size_t len,
                                                char *dst, size_t cap,
                                                uint32_t flags);

/* @@romanize@@ */

/* ---- Scan (src/scan*.c) ------------------------------------------------ */

/*
 * What konorm_scanner reports.  Each kind is a bit of the flags word of
 * konorm_scanner_new (KONORM_SCAN_KIND(k)); no kind bit at all means all
 * kinds.
 *  FOREIGN_RUN        a run of a script that does not belong where it
 *                     stands (Hangul spam in English prose, Thai or
 *                     Cyrillic in Korean prose, Chinese anywhere), judged
 *                     on its context: glosses, quotes and introduced
 *                     foreign words stay unflagged.
 *  MIXED_SCRIPT_WORD  a word that mixes confusable scripts ("pаypal" with
 *                     a Cyrillic а); suggestion is the UTS #39 skeleton.
 *  INVISIBLE          a zero-width or format character where it does not
 *                     belong, or a Hangul filler posing as a blank/letter.
 *  BIDI_CONTROL       a bidi embedding, override, isolate or mark in a
 *                     paragraph with no right-to-left letters, or an
 *                     unbalanced one anywhere (Trojan Source); one finding
 *                     per control character.
 *  MOJIBAKE           text that reads as an encoding mix-up (src/mojibake.c).
 *  WRONG_LAYOUT       Latin letters that are Korean typed with the keyboard
 *                     in English mode; suggestion is the Hangul.
 */
enum konorm_scan_kind {
	KONORM_SCAN_FOREIGN_RUN = 0,
	KONORM_SCAN_MIXED_SCRIPT_WORD = 1,
	KONORM_SCAN_INVISIBLE = 2,
	KONORM_SCAN_BIDI_CONTROL = 3,
	KONORM_SCAN_MOJIBAKE = 4,
	KONORM_SCAN_WRONG_LAYOUT = 5,
};
#define KONORM_SCAN_KIND_COUNT 6
#define KONORM_SCAN_KIND(k) (1u << (k))
#define KONORM_SCAN_ALL_KINDS 0x3Fu
/* Sensitivity 1 (fewest findings, highest precision) to 9 (most findings,
 * highest recall) in bits 8-11; 0 means the default, 5.  Each step moves
 * the score threshold by 0.08 around 0.5 (docs/scan.md). */
#define KONORM_SCAN_SENSITIVITY(n) (((uint32_t)(n) & 0xFu) << 8)
#define KONORM_SCAN_SENSITIVITY_MASK 0xF00u
/* With this flag a leading U+FEFF at offset 0 is reported as well. */
#define KONORM_SCAN_FLAG_BOM 0x1000u

/* Stable lower-case name of a kind ("foreign-run", "mixed-script-word",
 * "invisible", "bidi-control", "mojibake", "wrong-layout"); "unknown" for
 * anything else.  Static storage. */
KONORM_API const char *konorm_scan_kind_name(enum konorm_scan_kind kind);
/* The kind whose name is name[0..len), or -1. */
KONORM_API int konorm_scan_kind_from_name(const char *name, size_t len);

/*
 * One finding.  All offsets are absolute byte offsets of the UTF-8 stream
 * fed so far (the first byte fed is offset 0); spans are on character
 * boundaries, end exclusive.
 *  start, end        the flagged span.
 *  line, column      1-based position of start; the column counts
 *                    characters (code points) from the start of the line.
 *  script            ICU long name of the span's script ("Hangul",
 *                    "Cyrillic", "Common"); static storage.
 *  score             confidence in [0, 1]; findings are reported when it
 *                    reaches the threshold the sensitivity sets.
 *  reason            one English sentence (NUL-terminated).
 *  text, text_len    the span's bytes.
 *  suggestion        mixed-script-word: the skeleton it looks like;
 *                    wrong-layout: the Hangul meant; mojibake: the
 *                    repaired text when repairable; otherwise NULL/0.
 *  codepoint         invisible and bidi-control: the character; else 0.
 *  line_text         the line that holds start (without its line break),
 *                    for display; line_start is its absolute offset.  A
 *                    line longer than the hold-back cap (64 KiB) is cut.
 *  remove_start,
 *  remove_end        what konorm_scanner's clean-up removes for this
 *                    finding: the span plus the whitespace that would
 *                    otherwise be doubled ("regime, X and" -> "regime,
 *                    and").  Equal to start/end for kinds that are only
 *                    reported (mixed-script-word, mojibake, wrong-layout),
 *                    which `removable` tells.
 * Every pointer stays valid until the next konorm_scanner_feed, _finish,
 * _reset or _free on the handle that returned it.
 */
struct konorm_finding {
	enum konorm_scan_kind kind;
	uint64_t start, end;
	uint64_t line, column;
	const char *script;
	double score;
	const char *reason;
	const char *text;
	size_t text_len;
	const char *suggestion;
	size_t suggestion_len;
	uint32_t codepoint;
	const char *line_text;
	size_t line_len;
	uint64_t line_start;
	uint64_t remove_start, remove_end;
	int removable;
};

/*
 * Streaming scanner over UTF-8 text.  It holds back the current paragraph
 * (up to a blank line, at most 64 KiB, cut at a line break or space when
 * longer) so that a finding may span chunk edges; memory stays bounded.
 * Lines end at LF; a CR before it is not part of the line.
 *
 * konorm_scanner_new: flags are kind bits, a sensitivity and
 * KONORM_SCAN_FLAG_BOM.  NULL on allocation failure or unknown flag bits.
 *
 * konorm_scanner_feed consumes in->src[pos..size) and advances in->pos.
 * It stops early, returning KONORM_OK with input left, as soon as findings
 * are pending: take them with konorm_scanner_next until it returns 0, then
 * feed the rest.  Errors: KONORM_EINVAL_UTF8 (konorm_scanner_offset gives
 * the absolute offset of the bad sequence; the handle then only accepts
 * _reset or _free), KONORM_EINVAL (NULL arguments), KONORM_ENOMEM.
 *
 * konorm_scanner_finish scans what is held back at end of input.  It
 * returns KONORM_ETRUNCATED if the stream ends inside a UTF-8 sequence
 * (findings before it are still delivered).  Take the findings with
 * konorm_scanner_next.
 *
 * konorm_scanner_next copies the next pending finding into *f and returns
 * 1, or returns 0 when none is pending.  Findings come in offset order
 * within a paragraph.
 *
 * A handle is used by one thread at a time; different handles are
 * independent.
 */
struct konorm_scanner;

KONORM_API struct konorm_scanner *konorm_scanner_new(uint32_t flags);
KONORM_API void konorm_scanner_free(struct konorm_scanner *s);
KONORM_API enum konorm_status konorm_scanner_feed(struct konorm_scanner *s,
                                                  struct konorm_in *in);
KONORM_API enum konorm_status
konorm_scanner_finish(struct konorm_scanner *s);
KONORM_API int konorm_scanner_next(struct konorm_scanner *s,
                                   struct konorm_finding *f);
/* Absolute offset of the error, or bytes consumed so far. */
KONORM_API uint64_t konorm_scanner_offset(const struct konorm_scanner *s);
/* The stream offset up to which scanning is complete: every finding that
 * starts before it has been queued (a filter may write the text up to
 * here once it has taken the findings). */
KONORM_API uint64_t konorm_scanner_settled(const struct konorm_scanner *s);
/* Forgets everything: a new stream starts at offset 0. */
KONORM_API void konorm_scanner_reset(struct konorm_scanner *s);

/*
 * One-shot convenience: scans src[0..len) and calls cb for each finding
 * in order (the finding is valid during the call; a nonzero return from
 * cb stops the scan).  Returns KONORM_OK, an input error with its offset
 * in *offset (may be NULL), KONORM_EINVAL or KONORM_ENOMEM.
 */
typedef int (*konorm_finding_fn)(void *ctx, const struct konorm_finding *f);
KONORM_API enum konorm_status konorm_scan(const char *src, size_t len,
                                          uint32_t flags,
                                          konorm_finding_fn cb, void *ctx,
                                          size_t *offset);

/*
 * Writes src[0..len) into dst[0..cap) with every removable finding of the
 * given flags removed (foreign runs with the whitespace tidied, invisible
 * and bidi-control characters); every other byte is copied unchanged.
 * snprintf semantics; result.replaced counts the removals.  Output is
 * valid UTF-8 and never longer than the input.  Errors as konorm_scan.
 */
KONORM_API struct konorm_result konorm_scan_clean(const char *src,
                                                  size_t len, char *dst,
                                                  size_t cap,
                                                  uint32_t flags);

/* @@scan@@ */

/* ---------------------------------------------------------------------- */
/* Mojibake repair (src/fix.c, src/mojibake.c)                            */
/* ---------------------------------------------------------------------- */

/*
 * Flags of konorm_fix and konorm_fixer_new: KONORM_REPLACE (ill-formed
 * UTF-8 input becomes U+FFFD instead of an error) and this one.  Any
 * other bit is KONORM_EINVAL.
 */
#define KONORM_FIX_NO_NORMALIZE 0x100u /* skip the final NFC */

/*
 * One garbled span that konorm_fix met, as given to a konorm_repair_fn.
 *  start, end  byte offsets of the span in the input (end exclusive); in
 *              a stream, absolute offsets from the start of the stream.
 *              With KONORM_REPLACE too: a U+FFFD that replaced an
 *              ill-formed sequence stands for its bytes.  Such U+FFFD
 *              are counted in `replaced`, never reported as a span.
 *  kind        a static name: "utf8-as-cp1252", "utf8-as-latin1",
 *              "utf8-as-macroman", "cp949-as-latin1", "cp949-as-cp1252",
 *              "double-utf8" (repairable); "replacement-cp949" (占쏙옙),
 *              "replacement-run" (U+FFFD), "question-marks" (UTF-8 read
 *              as CP949, lost bytes as '?'), "c1-stripped",
 *              "utf8-as-cp949" (UTF-8 read as CP949 with nothing lost;
 *              reported, not repaired in this version) (irreversible).
 *  repaired    1 when the span was replaced by `after`; 0 for the
 *              irreversible kinds, which are left as they are.
 *  layers      wrong decodings undone (2 for double UTF-8); 0 if not
 *              repaired.
 *  before      the garbled text (before_len bytes, not NUL-terminated),
 *              valid UTF-8: with KONORM_REPLACE, invalid input bytes
 *              inside the span appear as the U+FFFD that replaced them,
 *              so before_len may then differ from end - start.
 *  after       the repaired text before normalization, or NULL.
 * The pointers are valid only during the call.
 */
struct konorm_repair {
	uint64_t start;
	uint64_t end;
	const char *kind;
	int repaired;
	unsigned layers;
	const char *before;
	size_t before_len;
	const char *after;
	size_t after_len;
};

/* Called once per garbled span, in input order. */
typedef void (*konorm_repair_fn)(void *ctx, const struct konorm_repair *r);

/*
 * Repairs mojibake in src[0..len) (UTF-8) into dst[0..cap): spans that
 * went through the wrong decoder (UTF-8 read as Windows-1252, Latin-1 or
 * Mac OS Roman; CP949 read as Latin-1 or Windows-1252; two layers of
 * these) are decoded back when the repaired reading is clearly more
 * plausible under the character models; clean text is copied byte for
 * byte; irreversible damage (占쏙옙, U+FFFD runs, '?' from a lossy CP949
 * decode, stripped C1 controls) is left as it is and only reported.  Then
 * NFC, unless KONORM_FIX_NO_NORMALIZE.  Idempotent.
 * Errors: KONORM_EINVAL_UTF8 / KONORM_ETRUNCATED with the offset (dst
 * holds the fixed text of everything before it), KONORM_EBUFSIZE,
 * KONORM_EINVAL (bad flags, NULL src with len > 0), KONORM_ENOMEM.
 * konorm_result.replaced counts U+FFFD substituted under KONORM_REPLACE.
 * Thread-safe; allocates working memory proportional to len.
 */
KONORM_API struct konorm_result konorm_fix(const char *src, size_t len,
                                           char *dst, size_t cap,
                                           uint32_t flags);

/* As konorm_fix, and calls report(ctx, r) for each garbled span found,
 * repaired or not (report may be NULL).  A preflight call reports too. */
KONORM_API struct konorm_result
konorm_fix_report(const char *src, size_t len, char *dst, size_t cap,
                  uint32_t flags, konorm_repair_fn report, void *ctx);

/* The longest line a streaming fixer holds back: a longer one is fixed in
 * pieces cut between two ASCII characters, where no garbled span can
 * continue. */
#define KONORM_FIX_MAX_LINE (64 * 1024)

/* Streaming fixer: line by line in bounded memory (one line, at most
 * KONORM_FIX_MAX_LINE bytes, plus its output). */
struct konorm_fixer;

/* NULL on bad flags or no memory. */
KONORM_API struct konorm_fixer *konorm_fixer_new(uint32_t flags);
KONORM_API void konorm_fixer_free(struct konorm_fixer *f);
/* Sets the callback of konorm_fix_report for the stream (NULL: none). */
KONORM_API void konorm_fixer_set_report(struct konorm_fixer *f,
                                        konorm_repair_fn report, void *ctx);
/*
 * Consumes `in` and writes fixed text to `out`, a whole line at a time.
 * Returns KONORM_OK when all of `in` was consumed and all output written,
 * KONORM_EBUFSIZE when `out` filled up first (call again with more room;
 * an empty `in` is fine), or an input error; after an error,
 * konorm_fixer_offset() gives the absolute offset of the bad sequence and
 * the handle only accepts _free.  Output does not depend on how the
 * input is chunked.
 */
KONORM_API enum konorm_status konorm_fixer_feed(struct konorm_fixer *f,
                                                struct konorm_in *in,
                                                struct konorm_out *out);
/* Fixes and flushes the last line.  KONORM_EBUFSIZE: call again with
 * more room.  KONORM_ETRUNCATED: the stream ended inside a UTF-8
 * sequence (without KONORM_REPLACE). */
KONORM_API enum konorm_status konorm_fixer_finish(struct konorm_fixer *f,
                                                  struct konorm_out *out);
/* Absolute offset of the error, or bytes consumed so far. */
KONORM_API uint64_t konorm_fixer_offset(const struct konorm_fixer *f);
/* U+FFFD substituted so far (KONORM_REPLACE). */
KONORM_API uint64_t konorm_fixer_replaced(const struct konorm_fixer *f);

/* @@fix@@ */

#ifdef __cplusplus
}
#endif

#endif /* KONORM_H */
