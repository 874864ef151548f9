/* SPDX-License-Identifier: MIT */
/*
 * Unicode normalization (UAX #15, Unicode 15.0): NFC, NFD, NFKC, NFKD.
 *
 * Text is mostly already normalized, so the work is split in two:
 *  - the fast path walks bytes and copies runs of characters that are
 *    boundaries for the form (canonical combining class 0 and quick check
 *    Yes): ASCII eight bytes at a time, precomposed Hangul by a range test,
 *    everything else by one two-stage table look-up;
 *  - the slow path takes one code point at a time: it decomposes (tables
 *    made by tables/gen/gen_norm.c, Hangul by arithmetic, §3.12), keeps
 *    the characters since the last starter pending, orders them canonically
 *    (§3.11 D108) and composes them (§3.11 D117) when a new starter
 *    arrives.
 * The fast path always hands the last character of a run to the slow path,
 * because it may compose with what follows (e + U+0301, LV + T).
 *
 * One core serves the one-shot functions and the streaming handle: the
 * state (pending code points, an incomplete UTF-8 sequence, the jamo
 * automaton) lives in `struct core`, so a chunk may end anywhere.
 */
#include "internal.h"
#include "jamo.h"
#include "norm_tables.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <stdlib.h>
#include <string.h>

/* ---- Output ------------------------------------------------------------ */

/*
 * Where the core writes.  One-shot calls write into the caller's buffer
 * with snprintf semantics; the streaming handle writes into a private
 * queue that grows when needed, and feed() drains it into the caller's
 * konorm_out.
 */
struct emitter {
	uint8_t *p;
	size_t len; /* bytes the output needs so far */
	size_t cap;
	bool full;
	struct kn_buf *grow; /* streaming queue, or NULL */
	bool nomem;
};

static void
emit_slow(struct emitter *e, const uint8_t *src, size_t n)
{
	if (e->grow != NULL && !e->nomem) {
		e->grow->len = e->len;
		if (kn_buf_reserve(e->grow, n + 4096)) {
			e->p = e->grow->p;
			e->cap = e->grow->cap;
			memcpy(e->p + e->len, src, n);
			e->len += n;
			return;
		}
		e->nomem = true;
	}
	/* Once one piece did not fit, nothing more is written, so the
	 * prefix in the buffer ends on a character boundary. */
	e->full = true;
	e->len += n;
}

static inline void
emit_bytes(struct emitter *e, const uint8_t *src, size_t n)
{
	if (n == 0) {
		return; /* e->p may be NULL (a preflight) */
	}
	if (e->len + n <= e->cap && !e->full) {
		memcpy(e->p + e->len, src, n);
		e->len += n;
		return;
	}
	emit_slow(e, src, n);
}

static inline void
emit_cp(struct emitter *e, uint32_t cp)
{
	uint8_t b[4];
	emit_bytes(e, b, (size_t)kn_utf8_encode(cp, b));
}

/* ---- Properties -------------------------------------------------------- */

enum form { FORM_NFC, FORM_NFD, FORM_NFKC, FORM_NFKD };

static bool
form_composes(enum form f)
{
	return f == FORM_NFC || f == FORM_NFKC;
}

static bool
form_compat(enum form f)
{
	return f == FORM_NFKC || f == FORM_NFKD;
}

/* Flags that make a character not a boundary for the form. */
static uint8_t
form_not_yes(enum form f)
{
	switch (f) {
	case FORM_NFC:
		return KN_NORM_NFC_NO | KN_NORM_NFC_MAYBE;
	case FORM_NFD:
		return KN_NORM_NFD_NO;
	case FORM_NFKC:
		return KN_NORM_NFKC_NO | KN_NORM_NFKC_MAYBE;
	case FORM_NFKD:
		return KN_NORM_NFKD_NO;
	}
	return 0xFF;
}

static uint8_t
ccc_of(uint32_t cp)
{
	return kn_norm_lookup(cp)->ccc;
}

static bool
is_jamo_l(uint32_t cp)
{
	return cp - KN_HANGUL_LBASE < KN_HANGUL_LCOUNT;
}

static bool
is_jamo_v(uint32_t cp)
{
	return cp - KN_HANGUL_VBASE < KN_HANGUL_VCOUNT;
}

/* U+11A8-11C2: a trailing consonant that composes.  U+11A7 is TBase
 * itself and never composes (§3.12: TIndex must be > 0). */
static bool
is_jamo_t(uint32_t cp)
{
	return cp - (KN_HANGUL_TBASE + 1) < KN_HANGUL_TCOUNT - 1;
}

/* The primary composite of (a, b), or 0 (§3.11 D114, §3.12). */
static uint32_t
compose_pair(uint32_t a, uint32_t b)
{
	if (is_jamo_l(a) && is_jamo_v(b)) {
		return KN_HANGUL_SBASE +
		       ((a - KN_HANGUL_LBASE) * KN_HANGUL_VCOUNT +
		        (b - KN_HANGUL_VBASE)) *
		               KN_HANGUL_TCOUNT;
	}
	if (kn_is_hangul_syllable(a) && is_jamo_t(b) &&
	    (a - KN_HANGUL_SBASE) % KN_HANGUL_TCOUNT == 0) {
		return a + (b - KN_HANGUL_TBASE);
	}
	const struct kn_norm_record *r = kn_norm_lookup(a);
	for (unsigned i = 0; i < r->comp_len; i++) {
		if (kn_norm_comp[r->comp_off + i][0] == b) {
			return kn_norm_comp[r->comp_off + i][1];
		}
	}
	return 0;
}

/* ---- The core ---------------------------------------------------------- */

struct core {
	enum form form;
	uint8_t not_yes; /* form_not_yes(form) */
	bool compose_jamo;
	bool replace;
	struct kn_jamo_composer jamo;
	/* The last starter and the non-starters after it, decomposed. */
	uint32_t pending[KONORM_MAX_NONSTARTERS + 1];
	size_t npending;
	bool too_long;
	/* An incomplete UTF-8 sequence at the end of the last chunk. */
	uint8_t tail[4];
	size_t ntail;
	uint64_t consumed; /* bytes of input taken so far */
	uint64_t replaced;
	struct emitter *out;
};

static void
core_init(struct core *c, uint32_t flags)
{
	memset(c, 0, offsetof(struct core, pending));
	c->npending = 0;
	c->too_long = false;
	c->ntail = 0;
	c->consumed = 0;
	c->replaced = 0;
	c->form = (enum form)(flags & KONORM_FORM_MASK);
	c->not_yes = form_not_yes(c->form);
	c->compose_jamo = (flags & KONORM_COMPOSE_JAMO) != 0;
	c->replace = (flags & KONORM_REPLACE) != 0;
	kn_jamo_init(&c->jamo);
}

/* Canonical ordering (D108): a stable insertion sort of the non-starters
 * after pending[0]; runs are short, so this beats anything cleverer. */
static void
order_pending(struct core *c)
{
	for (size_t i = 1; i < c->npending; i++) {
		uint32_t x = c->pending[i];
		uint8_t cc = ccc_of(x);
		size_t j = i;
		while (j > 0 && ccc_of(c->pending[j - 1]) > cc) {
			c->pending[j] = c->pending[j - 1];
			j--;
		}
		c->pending[j] = x;
	}
}

/* Canonical composition (D117) of the pending characters, in place. */
static void
compose_pending(struct core *c)
{
	if (c->npending < 2 || ccc_of(c->pending[0]) != 0) {
		return;
	}
	size_t out = 1;
	int last_cc = -1; /* ccc of the last character kept after pending[0] */
	for (size_t i = 1; i < c->npending; i++) {
		uint32_t x = c->pending[i];
		int cc = ccc_of(x);
		bool blocked = last_cc != -1 && (last_cc == 0 || last_cc >= cc);
		if (!blocked) {
			uint32_t comp = compose_pair(c->pending[0], x);
			if (comp != 0) {
				c->pending[0] = comp;
				continue;
			}
		}
		last_cc = cc;
		c->pending[out++] = x;
	}
	c->npending = out;
}

static void
emit_pending(struct core *c)
{
	for (size_t i = 0; i < c->npending; i++) {
		emit_cp(c->out, c->pending[i]);
	}
	c->npending = 0;
}

/* Writes out everything pending: the next character is a boundary. */
static void
finish_pending(struct core *c)
{
	if (c->npending <= 1) {
		emit_pending(c);
		return;
	}
	order_pending(c);
	if (form_composes(c->form)) {
		compose_pending(c);
	}
	emit_pending(c);
}

/* Takes one decomposed code point into the pending segment. */
static void
push_decomposed(struct core *c, uint32_t x)
{
	uint8_t cc = ccc_of(x);
	if (cc != 0) {
		if (c->npending > KONORM_MAX_NONSTARTERS) {
			c->too_long = true;
			return;
		}
		c->pending[c->npending++] = x;
		return;
	}
	/* A starter: it may compose with a lone pending starter (L + V,
	 * LV + T, and the few starter pairs such as U+0B47 U+0B3E); anything
	 * between them blocks it. */
	if (form_composes(c->form) && c->npending > 0) {
		order_pending(c);
		compose_pending(c);
		if (c->npending == 1 && ccc_of(c->pending[0]) == 0) {
			uint32_t comp = compose_pair(c->pending[0], x);
			if (comp != 0) {
				c->pending[0] = comp;
				return;
			}
		}
		emit_pending(c);
	} else {
		finish_pending(c);
	}
	c->pending[0] = x;
	c->npending = 1;
}

static void
push_hangul_syllable(struct core *c, uint32_t s)
{
	if (form_composes(c->form)) {
		/* Composing LV or LVT back from its jamo gives itself. */
		push_decomposed(c, s);
		return;
	}
	uint32_t i = s - KN_HANGUL_SBASE;
	push_decomposed(c, KN_HANGUL_LBASE + i / KN_HANGUL_NCOUNT);
	push_decomposed(c, KN_HANGUL_VBASE +
	                           (i % KN_HANGUL_NCOUNT) / KN_HANGUL_TCOUNT);
	if (i % KN_HANGUL_TCOUNT != 0) {
		push_decomposed(c, KN_HANGUL_TBASE + i % KN_HANGUL_TCOUNT);
	}
}

/* The slow path for one code point (after the jamo automaton). */
static void
push_code_point(struct core *c, uint32_t cp)
{
	if (kn_is_hangul_syllable(cp)) {
		push_hangul_syllable(c, cp);
		return;
	}
	const struct kn_norm_record *r = kn_norm_lookup(cp);
	unsigned len = form_compat(c->form) ? r->compat_len : r->canon_len;
	if (len == 0) {
		push_decomposed(c, cp);
		return;
	}
	unsigned off = form_compat(c->form) ? r->compat_off : r->canon_off;
	for (unsigned i = 0; i < len; i++) {
		uint32_t d = kn_norm_decomp[off + i];
		if (kn_is_hangul_syllable(d)) {
			push_hangul_syllable(c, d); /* U+3200 block etc. */
		} else {
			push_decomposed(c, d);
		}
	}
}

static void
jamo_emitted(void *ctx, uint32_t cp)
{
	push_code_point(ctx, cp);
}

static void
take_code_point(struct core *c, uint32_t cp)
{
	if (c->compose_jamo) {
		kn_jamo_feed(&c->jamo, cp, jamo_emitted, c);
	} else {
		push_code_point(c, cp);
	}
}

/* Ends every held state before bytes are copied verbatim. */
static void
flush_held(struct core *c)
{
	if (c->compose_jamo) {
		kn_jamo_flush(&c->jamo, jamo_emitted, c);
	}
	finish_pending(c);
}

/* Is cp a boundary that the fast path may copy? */
static inline bool
is_fast(const struct core *c, uint32_t cp)
{
	const struct kn_norm_record *rec = kn_norm_lookup(cp);
	return rec->ccc == 0 && (rec->flags & c->not_yes) == 0 &&
	       !(c->compose_jamo && cp >= 0x3131 && cp <= 0x318E) &&
	       !(form_composes(c->form) && is_jamo_l(cp));
}

/*
 * Is the three-byte sequence b0 b1 b2 a precomposed Hangul syllable?
 * U+AC00-D7A3 is EA B0 80 .. ED 9E A3 in UTF-8: every EB and EC sequence
 * is a syllable, EA needs a second byte from B0, ED stops at 9E A3.
 * Tested on the bytes, without decoding: this is Korean's hot loop.
 */
static inline bool
is_syllable_bytes(uint8_t b0, uint8_t b1, uint8_t b2)
{
	/* Bitwise, not short-circuit: one hard-to-predict branch instead of
	 * several (Korean text alternates syllables and ASCII). */
	unsigned trails = ((b1 & 0xC0u) == 0x80u) & ((b2 & 0xC0u) == 0x80u);
	unsigned mid = (uint8_t)(b0 - 0xEB) <= 1;
	unsigned ea = (b0 == 0xEA) & (b1 >= 0xB0);
	unsigned ed = (b0 == 0xED) & ((b1 < 0x9E) | ((b1 == 0x9E) & (b2 <= 0xA3)));
	return trails & (mid | ea | ed);
}

#if defined(__SSE2__)
/*
 * Sixteen bytes at a time: how far from s (a character boundary) the
 * bytes are ASCII and whole precomposed syllables, judged on the bytes
 * alone.  A syllable is a lead EA..ED then two continuation bytes; EA
 * needs a second byte from B0 (below it are Yi and Hangul Jamo Extended)
 * and ED one below 9E (from ED 9E, the scalar loop checks the end at
 * U+D7A3).  A lead in the last two lanes ends the block early: its
 * continuation bytes are in the next one.  Returns a multiple of whole
 * characters, 0 when the first block does not pass.
 */
static inline size_t
korean_run_sse2(const uint8_t *s, size_t n)
{
	const __m128i bias = _mm_set1_epi8((char)0x80);
	size_t i = 0;
	while (i + 17 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i next = _mm_loadu_si128((const __m128i *)(s + i + 1));
		/* Bytes as signed values offset by 0x80: x = b - 0x80. */
		__m128i x = _mm_xor_si128(v, bias);
		__m128i y = _mm_xor_si128(next, bias);
		unsigned ascii = (unsigned)_mm_movemask_epi8(v) ^ 0xFFFFu;
		/* continuation 80..BF: x in [0, 63], not ASCII (x < 0) */
		unsigned cont = (unsigned)_mm_movemask_epi8(
		                        _mm_cmplt_epi8(x, _mm_set1_epi8(64))) &
		                ~ascii;
		/* lead EA..ED: x in [0x6A, 0x6D] */
		unsigned lead = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		        _mm_cmpgt_epi8(x, _mm_set1_epi8(0x69)),
		        _mm_cmplt_epi8(x, _mm_set1_epi8(0x6E))));
		/* EA with a second byte below B0, or ED with one from 9E */
		unsigned ea = (unsigned)_mm_movemask_epi8(
		        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEA)));
		unsigned ed = (unsigned)_mm_movemask_epi8(
		        _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)));
		/* the next byte below B0 (y < 0x30), from 9E (y > 0x1D) */
		unsigned low_b0 = (unsigned)_mm_movemask_epi8(
		        _mm_cmplt_epi8(y, _mm_set1_epi8(0x30)));
		unsigned from_9e = (unsigned)_mm_movemask_epi8(
		        _mm_cmpgt_epi8(y, _mm_set1_epi8(0x1D)));
		unsigned bad = (ea & low_b0) | (ed & from_9e);
		/* Leads whose two continuation bytes are in this block. */
		unsigned whole = lead & 0x3FFFu;
		unsigned want = ((whole << 1) | (whole << 2)) & 0xFFFFu;
		unsigned cut = lead & ~whole; /* a lead in lane 14 or 15 */
		unsigned covered = ascii | lead | cont;
		/* Lanes up to the first cut lead must be right, and so must
		 * the continuation bytes the whole leads call for (a lead in
		 * lane 13 wants lanes 14 and 15, even when 14 is a lead). */
		unsigned span = cut ? (cut & -cut) - 1u : 0xFFFFu;
		if ((covered & span) != span ||
		    ((cont ^ want) & (span | want)) != 0 || (bad & whole) != 0) {
			return i;
		}
		/* Up to the cut lead, or the whole block. */
		i += cut != 0 ? (size_t)__builtin_ctz(cut) : 16;
	}
	return i;
}
#endif

/* Korean text: precomposed syllables and ASCII, in one tight loop (the
 * branch between them is taken every few characters). */
static inline size_t
korean_run(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i + 2 < n) {
#if defined(__SSE2__)
		size_t k = korean_run_sse2(s + i, n - i);
		if (k > 0) {
			i += k;
			continue;
		}
#endif
		uint8_t b0 = s[i];
		if (b0 < 0x80) {
			i++;
			continue;
		}
		if (!is_syllable_bytes(b0, s[i + 1], s[i + 2])) {
			break;
		}
		i += 3;
	}
	return i;
}

/*
 * Length of the prefix of s[0..n) made of boundary characters that can be
 * copied as they are, and the offset of the last such character.  Stops
 * before anything that needs the slow path, an ill-formed or incomplete
 * sequence, (with --compose-jamo) a compatibility jamo, and (composing) a
 * leading jamo, which the Hangul path takes with its vowel.
 */
static size_t
fast_prefix(const struct core *c, const uint8_t *s, size_t n, size_t *last)
{
	size_t i = 0;
	bool composes = form_composes(c->form);
	while (i < n) {
		uint8_t b0 = s[i];
		if (b0 < 0x80) {
			i++;
			/* Long ASCII runs go eight bytes at a time. */
			if (i + 8 <= n && s[i] < 0x80) {
				i += kn_ascii_prefix(s + i, n - i);
			}
			continue;
		}
		if (i + 2 < n && b0 >= 0xE0 && b0 <= 0xEF) {
			/* Precomposed Hangul is stable under composition. */
			if (composes && is_syllable_bytes(b0, s[i + 1], s[i + 2])) {
				i += 3 + korean_run(s + i + 3, n - i - 3);
				continue;
			}
			if ((s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) {
				break;
			}
			uint32_t cp = ((uint32_t)(b0 & 0x0F) << 12) |
			              ((uint32_t)(s[i + 1] & 0x3F) << 6) |
			              (s[i + 2] & 0x3Fu);
			/* Excludes overlongs and surrogates. */
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) ||
			    !is_fast(c, cp)) {
				break;
			}
			i += 3;
			continue;
		}
		uint32_t cp = 0;
		int r = kn_utf8_decode(s + i, n - i, &cp);
		if (r <= 0 || !is_fast(c, cp)) {
			break;
		}
		i += (size_t)r;
	}
	/* The prefix is well-formed: its last character starts at its last
	 * byte that is not a continuation byte. */
	size_t j = i > 0 ? i - 1 : 0;
	while (j > 0 && (s[j] & 0xC0) == 0x80) {
		j--;
	}
	*last = j;
	return i;
}

/* The syllable spelled by L V [T] at s, and its length; 0 if s does not
 * start with L V.  L: E1 84 80..92, V: E1 85 A1..B5, T: E1 86 A8..BF or
 * E1 87 80..82 (U+11A7 is not a T that composes). */
static size_t
jamo_syllable_at(const uint8_t *s, size_t n, uint32_t *syl)
{
	if (n < 6 || s[0] != 0xE1 || s[1] != 0x84 || s[2] < 0x80 ||
	    s[2] > 0x92 || s[3] != 0xE1 || s[4] != 0x85 || s[5] < 0xA1 ||
	    s[5] > 0xB5) {
		return 0;
	}
	*syl = KN_HANGUL_SBASE + ((uint32_t)(s[2] - 0x80) * KN_HANGUL_VCOUNT +
	                          (uint32_t)(s[5] - 0xA1)) *
	                                 KN_HANGUL_TCOUNT;
	if (n >= 9 && s[6] == 0xE1 &&
	    ((s[7] == 0x86 && s[8] >= 0xA8 && s[8] <= 0xBF) ||
	     (s[7] == 0x87 && s[8] >= 0x80 && s[8] <= 0x82))) {
		uint32_t t = 0x1000u | (uint32_t)(s[7] & 0x3F) << 6 |
		             (s[8] & 0x3Fu);
		*syl += t - KN_HANGUL_TBASE;
		return 9;
	}
	return 6;
}

/* U+1100-113F, the leading consonants (E1 84 80..BF). */
static inline bool
starts_with_leading_jamo(const uint8_t *s, size_t n)
{
	return n >= 3 && s[0] == 0xE1 && s[1] == 0x84 && (s[2] & 0xC0) == 0x80;
}

/*
 * Composing forms: NFD Hangul, as macOS writes file names.  Each L V [T]
 * becomes its syllable by arithmetic (§3.12).  A syllable followed by
 * ASCII or another leading jamo is final and written at once (neither
 * composes with what precedes it); otherwise it is held as the pending
 * starter, since a further T or a combining mark may follow.  Returns the
 * bytes taken, 0 if s does not start with L V.
 */
static size_t
take_jamo_syllables(struct core *c, const uint8_t *s, size_t n)
{
	size_t i = 0, used;
	uint32_t syl;
	while ((used = jamo_syllable_at(s + i, n - i, &syl)) > 0) {
		if (i == 0) {
			flush_held(c);
		}
		i += used;
		c->consumed += used;
		bool final = i < n && (s[i] < 0x80 ||
		                       (s[i] == 0xE1 && i + 1 < n &&
		                        s[i + 1] == 0x84));
		if (!final) {
			c->pending[0] = syl;
			c->npending = 1;
			break;
		}
		emit_cp(c->out, syl);
	}
	return i;
}

/* Handles an ill-formed sequence of `len` bytes at stream offset `at`.
 * Returns false when it is an error (no --replace). */
static bool
take_invalid(struct core *c, size_t len)
{
	if (!c->replace) {
		return false;
	}
	take_code_point(c, KN_REPLACEMENT_CHAR);
	c->replaced++;
	c->consumed += len;
	return true;
}

/*
 * Completes a UTF-8 sequence split by the previous chunk with the first
 * bytes of s.  Returns bytes of s used; sets *status on an ill-formed
 * sequence.
 */
static size_t
complete_tail(struct core *c, const uint8_t *s, size_t n,
              enum konorm_status *status)
{
	size_t used = 0;
	while (c->ntail > 0 && used < n) {
		c->tail[c->ntail++] = s[used++];
		uint32_t cp;
		int r = kn_utf8_decode(c->tail, c->ntail, &cp);
		if (r > 0) {
			take_code_point(c, cp);
			c->consumed += (uint64_t)r;
			c->ntail = 0;
		} else if (r < 0) {
			/* The maximal subpart ends inside the tail (bytes
			 * before this chunk) or at the new byte: give the
			 * bytes after it back to the main loop. */
			size_t bad = (size_t)-r;
			if (!take_invalid(c, bad)) {
				*status = KONORM_EINVAL_UTF8;
				return used;
			}
			size_t back = c->ntail - bad;
			c->ntail = 0;
			return used - back;
		}
	}
	return used;
}

/*
 * Normalizes s[0..n), the next bytes of the stream.  An incomplete
 * sequence at the end is kept in the tail for the next call or for
 * core_finish.  Returns
 * KONORM_OK or an input error; c->consumed tells where.
 */
static enum konorm_status
core_run(struct core *c, const uint8_t *s, size_t n)
{
	enum konorm_status status = KONORM_OK;
	size_t i = complete_tail(c, s, n, &status);
	if (status != KONORM_OK) {
		return status;
	}
	if (c->ntail > 0) {
		/* Still incomplete: the chunk was shorter than the sequence. */
		i = n;
	}
	while (i < n) {
		size_t last;
		size_t fast = fast_prefix(c, s + i, n - i, &last);
		if (fast > 0 && starts_with_leading_jamo(s + i + fast,
		                                         n - i - fast)) {
			/* A leading jamo never composes with what precedes
			 * it (NFC_QC=Yes): the whole run is final (NFD
			 * Hangul between words). */
			flush_held(c);
			emit_bytes(c->out, s + i, fast);
			c->consumed += fast;
			i += fast;
			continue;
		}
		if (fast > 0) {
			/* Hold back the run's last character: it may compose
			 * with what follows. */
			flush_held(c);
			emit_bytes(c->out, s + i, last);
			c->consumed += last;
			i += last;
			fast -= last;
			uint32_t cp = 0;
			int r = kn_utf8_decode(s + i, fast, &cp);
			take_code_point(c, cp);
			c->consumed += (uint64_t)r;
			i += (size_t)r;
			if (c->too_long) {
				return KONORM_ETOOLONG;
			}
			continue;
		}
		if (form_composes(c->form) && s[i] == 0xE1) {
			size_t used = take_jamo_syllables(c, s + i, n - i);
			if (used > 0) {
				i += used;
				continue;
			}
		}
		uint32_t cp = 0;
		int r = kn_utf8_decode(s + i, n - i, &cp);
		if (r > 0) {
			take_code_point(c, cp);
			c->consumed += (uint64_t)r;
			i += (size_t)r;
		} else if (r < 0) {
			if (!take_invalid(c, (size_t)-r)) {
				return KONORM_EINVAL_UTF8;
			}
			i += (size_t)-r;
		} else {
			/* Incomplete at the end of the chunk. */
			memcpy(c->tail, s + i, n - i);
			c->ntail = n - i;
			i = n;
		}
		if (c->too_long) {
			return KONORM_ETOOLONG;
		}
	}
	if (c->too_long) {
		return KONORM_ETOOLONG;
	}
	return KONORM_OK;
}

/* End of input: an incomplete sequence is an error or one U+FFFD. */
static enum konorm_status
core_finish(struct core *c)
{
	enum konorm_status status = KONORM_OK;
	if (c->ntail > 0) {
		if (take_invalid(c, c->ntail)) {
			c->ntail = 0;
		} else {
			status = KONORM_ETRUNCATED;
		}
	}
	flush_held(c);
	return c->too_long ? KONORM_ETOOLONG : status;
}

/* ---- One-shot API ------------------------------------------------------ */

static bool
flags_valid(uint32_t flags)
{
	return (flags & ~(uint32_t)(KONORM_FORM_MASK | KONORM_COMPOSE_JAMO |
	                            KONORM_REPLACE)) == 0;
}

struct konorm_result
konorm_normalize(const char *src, size_t len, char *dst, size_t cap,
                 uint32_t flags)
{
	struct konorm_result res = {.status = KONORM_EINVAL};
	if ((src == NULL && len > 0) || !flags_valid(flags)) {
		return res;
	}
	struct core *c = malloc(sizeof(*c));
	if (c == NULL) {
		res.status = KONORM_ENOMEM;
		return res;
	}
	core_init(c, flags);
	struct emitter e = {.p = (uint8_t *)dst, .cap = dst ? cap : 0};
	c->out = &e;
	enum konorm_status st = core_run(c, (const uint8_t *)src, len);
	if (st == KONORM_OK) {
		st = core_finish(c);
	} else {
		/* Everything before the bad sequence, normalized. */
		flush_held(c);
	}
	res.status = st != KONORM_OK ? st
	             : e.full        ? KONORM_EBUFSIZE
	                             : KONORM_OK;
	res.offset = st == KONORM_OK ? len : (size_t)c->consumed;
	res.needed = e.len;
	res.replaced = (size_t)c->replaced;
	free(c);
	return res;
}

struct konorm_result
konorm_normalize_alloc(const char *src, size_t len, char **out,
                       size_t *out_len, uint32_t flags)
{
	struct konorm_result r = {.status = KONORM_EINVAL};
	if (out == NULL) {
		return r;
	}
	*out = NULL;
	/* Most text changes little: try the input size plus a margin, and
	 * run again with the exact size only when that was short. */
	size_t cap = len + len / 4 + 16;
	for (int attempt = 0; attempt < 2; attempt++) {
		char *buf = malloc(cap + 1);
		if (buf == NULL) {
			r.status = KONORM_ENOMEM;
			return r;
		}
		r = konorm_normalize(src, len, buf, cap, flags);
		if (r.status != KONORM_EBUFSIZE) {
			if (r.status == KONORM_OK) {
				buf[r.needed] = '\0';
				*out = buf;
				if (out_len != NULL) {
					*out_len = r.needed;
				}
			} else {
				free(buf);
			}
			return r;
		}
		free(buf);
		cap = r.needed;
	}
	return r;
}

struct konorm_result
konorm_normalize_check(const char *src, size_t len, uint32_t flags)
{
	struct konorm_result r = {.status = KONORM_EINVAL};
	if ((src == NULL && len > 0) || !flags_valid(flags)) {
		return r;
	}
	flags &= ~(uint32_t)KONORM_REPLACE;
	struct core probe;
	core_init(&probe, flags);
	size_t last;
	if (fast_prefix(&probe, (const uint8_t *)src, len, &last) == len) {
		r.status = KONORM_OK;
		r.offset = r.needed = len;
		return r;
	}
	/* Not all boundaries: compare with the normalized text. */
	char *norm = NULL;
	size_t nlen = 0;
	r = konorm_normalize_alloc(src, len, &norm, &nlen, flags);
	if (r.status == KONORM_OK) {
		bool same = nlen == len && memcmp(norm, src, len) == 0;
		r.status = same ? KONORM_OK : KONORM_MORE;
	}
	free(norm);
	return r;
}

/* ---- Streaming API ----------------------------------------------------- */

/* Input is normalized in pieces of this size so that the output queue
 * stays bounded (the largest expansion, NFKD of U+FDFA, is 11 bytes out
 * per byte in). */
#define PIECE 16384

struct konorm_normalizer {
	struct core core;
	uint32_t flags;
	struct kn_buf queue; /* storage of e: output not yet handed out */
	size_t queue_pos;
	struct emitter e;
	enum konorm_status error; /* sticky */
	bool finished;
};

struct konorm_normalizer *
konorm_normalizer_new(uint32_t flags)
{
	if (!flags_valid(flags)) {
		return NULL;
	}
	struct konorm_normalizer *n = calloc(1, sizeof(*n));
	if (n == NULL) {
		return NULL;
	}
	n->flags = flags;
	konorm_normalizer_reset(n);
	return n;
}

void
konorm_normalizer_reset(struct konorm_normalizer *n)
{
	if (n == NULL) {
		return;
	}
	core_init(&n->core, n->flags);
	n->queue_pos = 0;
	n->error = KONORM_OK;
	n->finished = false;
	/* The emitter writes into the queue's storage and owns its length. */
	n->e = (struct emitter){
		.grow = &n->queue,
		.p = n->queue.p,
		.cap = n->queue.cap,
	};
	n->core.out = &n->e;
}

void
konorm_normalizer_free(struct konorm_normalizer *n)
{
	if (n != NULL) {
		kn_buf_release(&n->queue);
		free(n);
	}
}

/* Hands queued output to the caller; true when the queue is empty. */
static bool
drain_queue(struct konorm_normalizer *n, struct konorm_out *out)
{
	size_t have = n->e.len - n->queue_pos;
	size_t room = out->size - out->pos;
	size_t k = have < room ? have : room;
	if (k > 0) {
		memcpy(out->dst + out->pos, n->e.p + n->queue_pos, k);
	}
	out->pos += k;
	n->queue_pos += k;
	if (n->queue_pos == n->e.len) {
		n->e.len = 0;
		n->queue_pos = 0;
		return true;
	}
	return false;
}

enum konorm_status
konorm_normalizer_feed(struct konorm_normalizer *n, struct konorm_in *in,
                       struct konorm_out *out)
{
	if (n == NULL || in == NULL || out == NULL ||
	    (in->src == NULL && in->size > in->pos) || in->pos > in->size ||
	    (out->dst == NULL && out->size > 0) || out->pos > out->size) {
		return KONORM_EINVAL;
	}
	if (n->error != KONORM_OK) {
		/* Hand out what was normalized before the error first. */
		return drain_queue(n, out) ? n->error : KONORM_EBUFSIZE;
	}
	if (n->finished) {
		return KONORM_ESTATE;
	}
	while (drain_queue(n, out)) {
		if (in->pos == in->size) {
			return KONORM_OK;
		}
		size_t k = in->size - in->pos;
		k = k < PIECE ? k : PIECE;
		/* Stream offset of in->src[in->pos]. */
		uint64_t base = n->core.consumed + n->core.ntail;
		enum konorm_status st = core_run(
		        &n->core, (const uint8_t *)in->src + in->pos, k);
		if (n->e.nomem) {
			st = KONORM_ENOMEM;
		}
		if (st != KONORM_OK) {
			flush_held(&n->core);
			n->error = st;
			/* Consume up to the bad sequence (it may have begun
			 * in an earlier chunk). */
			if (n->core.consumed > base) {
				in->pos += (size_t)(n->core.consumed - base);
			}
			drain_queue(n, out);
			return st;
		}
		in->pos += k;
	}
	return KONORM_EBUFSIZE;
}

enum konorm_status
konorm_normalizer_finish(struct konorm_normalizer *n, struct konorm_out *out)
{
	if (n == NULL || out == NULL || (out->dst == NULL && out->size > 0) ||
	    out->pos > out->size) {
		return KONORM_EINVAL;
	}
	if (!n->finished && n->error == KONORM_OK) {
		n->finished = true;
		enum konorm_status st = core_finish(&n->core);
		if (n->e.nomem) {
			st = KONORM_ENOMEM;
		}
		n->error = st;
	}
	if (!drain_queue(n, out)) {
		return KONORM_EBUFSIZE;
	}
	return n->error;
}

uint64_t
konorm_normalizer_offset(const struct konorm_normalizer *n)
{
	return n != NULL ? n->core.consumed : 0;
}

uint64_t
konorm_normalizer_replaced(const struct konorm_normalizer *n)
{
	return n != NULL ? n->core.replaced : 0;
}
