/* SPDX-License-Identifier: MIT */
/*
 * Composition of Hangul compatibility jamo (U+3131-3163) into syllables
 * with a 2-set (Dubeolsik, KS X 5002) input automaton.
 *
 * NFC/NFKC do not do this: compatibility jamo have only <compat>
 * decompositions to conjoining jamo, and NFKC of ㅎㅏㄴㄱㅡㄹ gives
 * conjoining L V L L V L sequences that compose only partly.  The
 * automaton here is the one a Korean IME runs on key presses:
 *   - a consonant after a vowel becomes the final (받침) of the pending
 *     syllable, and moves to the next syllable when a vowel follows
 *     (ㄱㅏㄴㅏ -> 가나); a double final splits, its second part moving
 *     (ㄷㅏㄹㄱㅣ -> 달기);
 *   - two vowels combine into the compound vowels ㅘ ㅙ ㅚ ㅝ ㅞ ㅟ ㅢ;
 *   - two finals combine into the eleven clusters ㄳ ㄵ ㄶ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ
 *     ㅀ ㅄ, and only as finals;
 *   - tense initials ㄲ ㄸ ㅃ ㅆ ㅉ come only from their own key (Shift);
 *     typing ㄱ twice gives ㄱ ㄱ (double-stroke tensing is an IME option,
 *     off in the standard layout and in Windows' Microsoft IME).
 * The pairs are those of KS X 5002 (the same as the default combination
 * table shipped in libhangul-data, hangul-combination-default.xml, minus
 * its double-stroke entries).
 *
 * In text (kn_jamo_init), a vowel with no initial before it is left as it
 * was written: ㅠㅠ and ㅗㅏ stay.  A lone consonant or a consonant run
 * with no vowel stays too (ㅋㅋㅋ, ㄱㅅ is not turned into ㄳ), because a
 * consonant becomes a final only after a vowel.
 */
#include "jamo.h"

#include <string.h>

#define NO_CHOSEONG 0xFF

/*
 * What each modern compatibility consonant is in a syllable: choseong
 * index L (U+1100 + L), jongseong index T (U+11A7 + T), and for the
 * eleven clusters their two parts.  From UnicodeData.txt 15.0: the
 * <compat> decomposition of U+3131-314E, and the jamo names (HANGUL
 * LETTER RIEUL-KIYEOK = HANGUL JONGSEONG RIEUL-KIYEOK = ㄹ + ㄱ); the
 * test suite re-derives this table from the pinned UnicodeData.txt.
 */
struct consonant {
	uint8_t cho;      /* choseong index, NO_CHOSEONG if never initial */
	uint8_t jong;     /* jongseong index, 0 if never final */
	uint16_t first;   /* cluster: first part (compat cp), else 0 */
	uint16_t second;  /* cluster: second part, else 0 */
};

#define C(cp) ((cp) - KN_CJAMO_FIRST)

static const struct consonant consonants[C(KN_CJAMO_VOWEL)] = {
	[C(0x3131)] = {0, 1, 0, 0},                   /* ㄱ */
	[C(0x3132)] = {1, 2, 0, 0},                   /* ㄲ */
	[C(0x3133)] = {NO_CHOSEONG, 3, 0x3131, 0x3145}, /* ㄳ */
	[C(0x3134)] = {2, 4, 0, 0},                   /* ㄴ */
	[C(0x3135)] = {NO_CHOSEONG, 5, 0x3134, 0x3148}, /* ㄵ */
	[C(0x3136)] = {NO_CHOSEONG, 6, 0x3134, 0x314E}, /* ㄶ */
	[C(0x3137)] = {3, 7, 0, 0},                   /* ㄷ */
	[C(0x3138)] = {4, 0, 0, 0},                   /* ㄸ */
	[C(0x3139)] = {5, 8, 0, 0},                   /* ㄹ */
	[C(0x313A)] = {NO_CHOSEONG, 9, 0x3139, 0x3131}, /* ㄺ */
	[C(0x313B)] = {NO_CHOSEONG, 10, 0x3139, 0x3141}, /* ㄻ */
	[C(0x313C)] = {NO_CHOSEONG, 11, 0x3139, 0x3142}, /* ㄼ */
	[C(0x313D)] = {NO_CHOSEONG, 12, 0x3139, 0x3145}, /* ㄽ */
	[C(0x313E)] = {NO_CHOSEONG, 13, 0x3139, 0x314C}, /* ㄾ */
	[C(0x313F)] = {NO_CHOSEONG, 14, 0x3139, 0x314D}, /* ㄿ */
	[C(0x3140)] = {NO_CHOSEONG, 15, 0x3139, 0x314E}, /* ㅀ */
	[C(0x3141)] = {6, 16, 0, 0},                  /* ㅁ */
	[C(0x3142)] = {7, 17, 0, 0},                  /* ㅂ */
	[C(0x3143)] = {8, 0, 0, 0},                   /* ㅃ */
	[C(0x3144)] = {NO_CHOSEONG, 18, 0x3142, 0x3145}, /* ㅄ */
	[C(0x3145)] = {9, 19, 0, 0},                  /* ㅅ */
	[C(0x3146)] = {10, 20, 0, 0},                 /* ㅆ */
	[C(0x3147)] = {11, 21, 0, 0},                 /* ㅇ */
	[C(0x3148)] = {12, 22, 0, 0},                 /* ㅈ */
	[C(0x3149)] = {13, 0, 0, 0},                  /* ㅉ */
	[C(0x314A)] = {14, 23, 0, 0},                 /* ㅊ */
	[C(0x314B)] = {15, 24, 0, 0},                 /* ㅋ */
	[C(0x314C)] = {16, 25, 0, 0},                 /* ㅌ */
	[C(0x314D)] = {17, 26, 0, 0},                 /* ㅍ */
	[C(0x314E)] = {18, 27, 0, 0},                 /* ㅎ */
};

/* The compound vowels and the two keys that type each (KS X 5002).  The
 * compatibility vowels U+314F-3163 are in jungseong order, so the
 * jungseong index is cp - U+314F. */
static const struct {
	uint16_t first, second, compound;
} vowel_pairs[] = {
	{0x3157, 0x314F, 0x3158}, /* ㅗ ㅏ ㅘ */
	{0x3157, 0x3150, 0x3159}, /* ㅗ ㅐ ㅙ */
	{0x3157, 0x3163, 0x315A}, /* ㅗ ㅣ ㅚ */
	{0x315C, 0x3153, 0x315D}, /* ㅜ ㅓ ㅝ */
	{0x315C, 0x3154, 0x315E}, /* ㅜ ㅔ ㅞ */
	{0x315C, 0x3163, 0x315F}, /* ㅜ ㅣ ㅟ */
	{0x3161, 0x3163, 0x3162}, /* ㅡ ㅣ ㅢ */
};

static const struct consonant *
consonant_of(uint32_t cp)
{
	return &consonants[C(cp)];
}

static uint32_t
combine_vowels(uint32_t first, uint32_t second)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(vowel_pairs); i++) {
		if (vowel_pairs[i].first == first &&
		    vowel_pairs[i].second == second) {
			return vowel_pairs[i].compound;
		}
	}
	return 0;
}

static uint32_t
combine_finals(uint32_t first, uint32_t second)
{
	for (size_t i = 0; i < KN_ARRAY_LEN(consonants); i++) {
		if (consonants[i].first == first &&
		    consonants[i].second == second) {
			return KN_CJAMO_FIRST + (uint32_t)i;
		}
	}
	return 0;
}

/* The inverse of the table above for the syllable arithmetic, which
 * needs it per syllable (TO_QWERTY); the test suite checks both against
 * UnicodeData.txt. */
static const uint16_t choseong_cjamo[KN_HANGUL_LCOUNT] = {
	0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141,
	0x3142, 0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149,
	0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
};
static const uint16_t jongseong_cjamo[KN_HANGUL_TCOUNT] = {
	0,      0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136,
	0x3137, 0x3139, 0x313A, 0x313B, 0x313C, 0x313D, 0x313E,
	0x313F, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146,
	0x3147, 0x3148, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
};

uint32_t
kn_cjamo_of_choseong(unsigned l)
{
	return l < KN_HANGUL_LCOUNT ? choseong_cjamo[l] : 0;
}

uint32_t
kn_cjamo_of_jungseong(unsigned v)
{
	return v < KN_HANGUL_VCOUNT ? KN_CJAMO_VOWEL + v : 0;
}

uint32_t
kn_cjamo_of_jongseong(unsigned t)
{
	return t < KN_HANGUL_TCOUNT ? jongseong_cjamo[t] : 0;
}

bool
kn_cjamo_split(uint32_t cp, uint32_t *first, uint32_t *second)
{
	if (kn_cjamo_is_consonant(cp) && consonant_of(cp)->first != 0) {
		*first = consonant_of(cp)->first;
		*second = consonant_of(cp)->second;
		return true;
	}
	for (size_t i = 0; i < KN_ARRAY_LEN(vowel_pairs); i++) {
		if (vowel_pairs[i].compound == cp) {
			*first = vowel_pairs[i].first;
			*second = vowel_pairs[i].second;
			return true;
		}
	}
	return false;
}

/* ---- The automaton ------------------------------------------------------ */

void
kn_jamo_init(struct kn_jamo_composer *c)
{
	memset(c, 0, sizeof(*c));
}

void
kn_jamo_init_ime(struct kn_jamo_composer *c)
{
	kn_jamo_init(c);
	c->ime = true;
}

/* The pending final as one compatibility jamo (a cluster if double). */
static uint32_t
pending_final(const struct kn_jamo_composer *c)
{
	if (c->jong2 != 0) {
		return combine_finals(c->jong1, c->jong2);
	}
	return c->jong1;
}

/* Unicode 15.0 §3.12, "Hangul Syllable Composition". */
static uint32_t
syllable(uint32_t cho, uint32_t jung, uint32_t jong)
{
	uint32_t l = consonant_of(cho)->cho;
	uint32_t v = jung - KN_CJAMO_VOWEL;
	uint32_t t = jong != 0 ? consonant_of(jong)->jong : 0;
	return KN_HANGUL_SBASE + (l * KN_HANGUL_VCOUNT + v) * KN_HANGUL_TCOUNT +
	       t;
}

/* Emits the pending syllable (or lone jamo) and empties the state. */
static void
commit(struct kn_jamo_composer *c, kn_emit_fn emit, void *ctx)
{
	if (c->cho != 0 && c->jung != 0) {
		emit(ctx, syllable(c->cho, c->jung, pending_final(c)));
	} else if (c->cho != 0) {
		emit(ctx, c->cho);
	} else if (c->jung != 0) {
		emit(ctx, c->jung);
	}
	c->cho = c->jung = c->jong1 = c->jong2 = 0;
}

/* A consonant that starts a new unit: an initial, or (a cluster, which
 * is never initial) final output as it is. */
static void
start_consonant(struct kn_jamo_composer *c, uint32_t cp, kn_emit_fn emit,
                void *ctx)
{
	if (consonant_of(cp)->cho != NO_CHOSEONG) {
		c->cho = (uint16_t)cp;
	} else {
		emit(ctx, cp);
	}
}

/* Tries to attach a consonant to an open syllable as (part of) its final. */
static bool
attach_final(struct kn_jamo_composer *c, uint32_t cp)
{
	const struct consonant *k = consonant_of(cp);
	if (c->jong1 == 0) {
		if (k->jong == 0) {
			return false; /* ㄸ ㅃ ㅉ are never finals */
		}
		if (k->first != 0) {
			c->jong1 = k->first; /* a cluster letter: both parts */
			c->jong2 = k->second;
		} else {
			c->jong1 = (uint16_t)cp;
		}
		return true;
	}
	if (c->jong2 == 0 && combine_finals(c->jong1, cp) != 0) {
		c->jong2 = (uint16_t)cp;
		return true;
	}
	return false;
}

static void
feed_consonant(struct kn_jamo_composer *c, uint32_t cp, kn_emit_fn emit,
               void *ctx)
{
	if (c->cho != 0 && c->jung != 0 && attach_final(c, cp)) {
		return;
	}
	commit(c, emit, ctx);
	start_consonant(c, cp, emit, ctx);
}

/* A vowel after a final: the final (or the second part of a double
 * final) becomes the next syllable's initial. */
static void
move_final(struct kn_jamo_composer *c, uint32_t vowel, kn_emit_fn emit,
           void *ctx)
{
	uint32_t moving;
	if (c->jong2 != 0) {
		moving = c->jong2;
		c->jong2 = 0;
	} else {
		moving = c->jong1;
		c->jong1 = 0;
	}
	commit(c, emit, ctx);
	c->cho = (uint16_t)moving;
	c->jung = (uint16_t)vowel;
}

static void
start_vowel(struct kn_jamo_composer *c, uint32_t cp, kn_emit_fn emit,
            void *ctx)
{
	if (c->ime) {
		c->jung = (uint16_t)cp;
	} else {
		emit(ctx, cp); /* no initial: nothing can make it a syllable */
	}
}

static void
feed_vowel(struct kn_jamo_composer *c, uint32_t cp, kn_emit_fn emit,
           void *ctx)
{
	if (c->jong1 != 0) {
		move_final(c, cp, emit, ctx);
		return;
	}
	if (c->jung != 0) {
		uint32_t compound = combine_vowels(c->jung, cp);
		if (compound != 0) {
			c->jung = (uint16_t)compound;
			return;
		}
		commit(c, emit, ctx);
		start_vowel(c, cp, emit, ctx);
		return;
	}
	if (c->cho != 0) {
		c->jung = (uint16_t)cp;
		return;
	}
	start_vowel(c, cp, emit, ctx);
}

void
kn_jamo_feed(struct kn_jamo_composer *c, uint32_t cp, kn_emit_fn emit,
             void *ctx)
{
	if (kn_cjamo_is_consonant(cp)) {
		feed_consonant(c, cp, emit, ctx);
	} else if (kn_cjamo_is_vowel(cp)) {
		feed_vowel(c, cp, emit, ctx);
	} else {
		/* Anything else, archaic jamo (U+3164-318E) included, ends
		 * the run. */
		commit(c, emit, ctx);
		emit(ctx, cp);
	}
}

void
kn_jamo_flush(struct kn_jamo_composer *c, kn_emit_fn emit, void *ctx)
{
	commit(c, emit, ctx);
}

/* ---- One-shot entry point ----------------------------------------------- */

struct compose_run {
	struct kn_sink sink;
	struct kn_jamo_composer composer;
	size_t replaced;
};

static void
emit_to_sink(void *ctx, uint32_t cp)
{
	kn_sink_put_cp(ctx, cp);
}

/* Copies an ASCII run: it cannot take part in a syllable, so the pending
 * one is final first. */
static void
copy_ascii(struct compose_run *run, const uint8_t *s, size_t n)
{
	kn_jamo_flush(&run->composer, emit_to_sink, &run->sink);
	kn_sink_put(&run->sink, s, n);
}

/* Handles an ill-formed sequence at s[i]: with KONORM_REPLACE feeds one
 * U+FFFD and returns its length; otherwise returns 0 (stop). */
static size_t
replace_bad_sequence(struct compose_run *run, int r, size_t rest,
                     uint32_t flags)
{
	if (!(flags & KONORM_REPLACE)) {
		return 0;
	}
	kn_jamo_feed(&run->composer, KN_REPLACEMENT_CHAR, emit_to_sink,
	             &run->sink);
	run->replaced++;
	return r < 0 ? (size_t)-r : rest; /* truncated: the rest is one */
}

struct konorm_result
konorm_jamo_compose(const char *src, size_t len, char *dst, size_t cap,
                    uint32_t flags)
{
	struct konorm_result res = {.status = KONORM_EINVAL};
	if ((src == NULL && len > 0) ||
	    (flags & ~(uint32_t)(KONORM_REPLACE | KONORM_COMPOSE_JAMO))) {
		return res;
	}
	const uint8_t *s = (const uint8_t *)src;
	struct compose_run run = {.replaced = 0};
	kn_sink_init(&run.sink, dst, cap);
	kn_jamo_init(&run.composer);
	size_t i = 0;
	enum konorm_status error = KONORM_OK;
	while (i < len) {
		size_t ascii = kn_ascii_prefix(s + i, len - i);
		if (ascii > 0) {
			copy_ascii(&run, s + i, ascii);
			i += ascii;
			continue;
		}
		uint32_t cp;
		int r = kn_utf8_decode(s + i, len - i, &cp);
		if (r > 0) {
			kn_jamo_feed(&run.composer, cp, emit_to_sink,
			             &run.sink);
			i += (size_t)r;
			continue;
		}
		size_t skip = replace_bad_sequence(&run, r, len - i, flags);
		if (skip == 0) {
			error = r == 0 ? KONORM_ETRUNCATED : KONORM_EINVAL_UTF8;
			break;
		}
		i += skip;
	}
	kn_jamo_flush(&run.composer, emit_to_sink, &run.sink);
	res = kn_sink_result(&run.sink, len);
	res.replaced = run.replaced;
	if (error != KONORM_OK) {
		res.status = error;
		res.offset = i;
	}
	return res;
}
