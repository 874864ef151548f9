/* SPDX-License-Identifier: MIT */
/*
 * Romanization of Korean.
 *
 * RR: the Revised Romanization of Korean (Ministry of Culture and Tourism
 * notice 2000-8, revised 2014-2), which writes the standard pronunciation
 * (표준 발음법, 표준어 규정 제2부) except tensification.  Comments cite
 * "RR 2-1" for 제2장 제1항, "RR 3-1" for 제3장 제1항, "SP 12" for 표준
 * 발음법 제12항.
 * MR: McCune-Reischauer (1939), as the ALA-LC table writes it.
 * Yale: the linguistic Yale romanization (letter for letter).
 * RR_TRANSLIT: RR 3-8, in romanize_translit.c.
 *
 * A word is a run of Hangul syllables and Hanja (read through kHangul);
 * sound changes apply inside a word only.  Everything else is copied.
 */
#include "romanize.h"
#include "romanize_sound.h"

#include <string.h>

#define SYL(cp) ((uint16_t)((cp) - KN_HANGUL_SBASE))

/* Syllables of a word held at once.  A longer word is written in pieces:
 * when the buffer is full, the syllables before a cut near CUT_AT are
 * written and the rest kept, with what the sound changes at the cut need
 * (struct carry), so the output is that of the whole word. */
#define WORD_MAX 64
/* The cut is made where the exception lexicon's left-to-right scan
 * arrives at or after this syllable, so no entry spans it; what is left
 * (17 syllables or more) holds any administrative unit at the word's
 * end, the lexicon's longest entry and the look-ahead of a boundary. */
#define CUT_AT (WORD_MAX - 3 * KN_ROMAN_LEX_MAX)
/* Bytes one syllable can need in any system ("-kkwaen" and the like). */
#define SYL_OUT_MAX 16

struct word {
	uint16_t spelled[WORD_MAX];
	size_t n;
	/* Some pair of syllables may start a lexicon entry (kept without a
	 * branch as the syllables arrive), and the bit of the last one. */
	uint8_t maybe_exception;
	uint8_t last_starts;
};

/* Room a word of n syllables may need, with the slack of the fixed
 * 8-byte letter copies and a number's reading before a unit. */
#define WORD_ROOM(n) ((n) * SYL_OUT_MAX + 64)

/* A word being rendered into a local buffer (then copied to the sink
 * whole, so that dst only ever holds a prefix of the output). */
struct text {
	char *b;
	size_t n;
	size_t cap;
};

/* What a piece of a long word needs from the piece before it. */
struct carry {
	bool on;              /* this piece goes on from a cut */
	struct syl prev;      /* the syllable before, after its sound change */
	uint8_t first_l;      /* the first initial, after the sound change */
	uint16_t spelled_prev; /* the syllable before, as spelled */
};

/* How the next piece of a cut word is written. */
enum going_on {
	NOT_GOING_ON,
	GOING_ON_WORD,  /* a word (or a place name before its unit) */
	GOING_ON_GIVEN, /* a given name (no sound change, RR 3-4) */
};

/* PLACE: what comes after a word, which decides whether a final 로 is
 * the unit of a road name (road_unit_start). */
enum place_follow {
	FOLLOW_NONE,
	FOLLOW_BUILDING, /* a building number: 종로 1, 테헤란로 152-3 */
	FOLLOW_ROAD_NUMBER, /* a numbered road: 세종대로 23길, 중앙로123번길 */
};

struct romanizer {
	struct kn_sink *out;
	uint32_t flags;
	uint32_t system;
	struct word word;
	uint32_t prev_cp; /* the character before the current word */
	/* PLACE: the number that ends the ASCII before the word (1 to
	 * 9999, no leading zero), or 0. */
	uint32_t number;
	struct carry carry;
	enum going_on going_on;
	bool name_start;  /* NAME: the next word starts a name */
	bool expect_given; /* NAME: the last word was a bare surname */
	/* PLACE: what follows the word being written (road_follow). */
	enum place_follow follow;
	/* PLACE: the next U+00B7 joins a list of numbers (1·2가동). */
	bool list_dot;
	/* PLACE: the number before the word is stuck to the word before
	 * it (무룡1로). */
	bool number_attached;
};

/* ---- Letters ------------------------------------------------------------- */

/* The RR letters (romanize.h, generated from romanize_sound.h). */
#define rr_initial kn_roman_initial
#define rr_vowel kn_roman_vowel
#define rr_final kn_roman_final

static const char *const mr_vowel[21] = {
	"a", "ae", "ya", "yae", "\xC5\x8F", "e", "y\xC5\x8F", "ye", "o",
	"wa", "wae", "oe", "yo", "u", "w\xC5\x8F", "we", "wi", "yu",
	"\xC5\xAD", "\xC5\xADi", "i",
};
static const char *const mr_vowel_ascii[21] = {
	"a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
	"oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i",
};

static const char *const yale_initial[19] = {
	"k", "kk", "n", "t", "tt", "l", "m", "p", "pp", "s",
	"ss", "", "c", "cc", "ch", "kh", "th", "ph", "h",
};
static const char *const yale_vowel[21] = {
	"a", "ay", "ya", "yay", "e", "ey", "ye", "yey", "o", "wa", "way",
	"oy", "yo", "wu", "we", "wey", "wi", "yu", "u", "uy", "i",
};
static const char *const yale_final[28] = {
	"", "k", "kk", "ks", "n", "nc", "nh", "t", "l", "lk",
	"lm", "lp", "ls", "lth", "lph", "lh", "m", "p", "ps", "s",
	"ss", "ng", "c", "ch", "kh", "th", "ph", "h",
};

/* ---- Sound tables (표준 발음법) ------------------------------------------ */

static struct syl
decompose(uint16_t s)
{
	struct syl r = {
		.l = (uint8_t)(s / KN_HANGUL_NCOUNT),
		.v = (uint8_t)(s % KN_HANGUL_NCOUNT / KN_HANGUL_TCOUNT),
		.t = (uint8_t)(s % KN_HANGUL_TCOUNT),
	};
	return r;
}

static uint16_t
compose(struct syl s)
{
	return (uint16_t)((s.l * KN_HANGUL_VCOUNT + s.v) * KN_HANGUL_TCOUNT +
	                  s.t);
}

/* ---- Hanja --------------------------------------------------------------- */

int
kn_hanja_reading(uint32_t cp)
{
	size_t lo = 0, hi = kn_hanja_readings_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (kn_hanja_readings[mid].cp < cp) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (lo < kn_hanja_readings_len && kn_hanja_readings[lo].cp == cp) {
		return kn_hanja_readings[lo].syllable;
	}
	return -1;
}

/* 두음 법칙 (한글 맞춤법 제10-12항): at the start of a word a Hanja read
 * 녀 뇨 뉴 니 is read 여 요 유 이, 랴 려 례 료 류 리 as 야 여 예 요 유 이,
 * and 라 래 로 뢰 루 르 as 나 내 노 뇌 누 느 (李 -> 이, 理 stays 리 inside). */
static uint16_t
initial_sound_law(uint16_t syllable)
{
	struct syl s = decompose(syllable);
	bool y_or_i = s.v == V_YA || s.v == V_YAE || s.v == V_YEO ||
	              s.v == V_YE || s.v == V_YO || s.v == V_YU ||
	              s.v == V_I;
	if (s.l == L_N && y_or_i) {
		s.l = L_NG;
	} else if (s.l == L_R) {
		s.l = y_or_i ? L_NG : L_N;
	}
	return compose(s);
}

/* The syllable a character contributes to a word, or -1 if it ends the
 * word.  Hanja outside the Unihan kHangul set pass through unchanged. */
static int
word_syllable(uint32_t cp, bool word_start)
{
	if (kn_is_hangul_syllable(cp)) {
		return (int)(cp - KN_HANGUL_SBASE);
	}
	if (cp < 0x3400) {
		return -1;
	}
	int r = kn_hanja_reading(cp);
	if (r >= 0 && word_start) {
		r = initial_sound_law((uint16_t)r);
	}
	return r;
}

/* ---- Text building ------------------------------------------------------- */

static void
text_put(struct text *t, const char *s)
{
	size_t n = strlen(s);
	memcpy(t->b + t->n, s, n);
	t->n += n;
}

static void
text_put_lit(struct text *t, const struct kn_roman_lit *l)
{
	memcpy(t->b + t->n, l->s, sizeof(l->s));
	t->n += l->n;
}

static void
text_putc(struct text *t, char c)
{
	t->b[t->n++] = c;
}

/* RR 3-3: proper nouns begin with a capital (also Ŏ Ŭ for MR). */
static void
capitalize_at(struct text *t, size_t at)
{
	unsigned char *p = (unsigned char *)t->b + at;
	if (at >= t->n) {
		return;
	}
	if (p[0] >= 'a' && p[0] <= 'z') {
		p[0] = (unsigned char)(p[0] - 'a' + 'A');
	} else if (p[0] == 0xC5 && at + 1 < t->n &&
	           (p[1] == 0x8F || p[1] == 0xAD)) {
		p[1]--; /* ŏ U+014F -> Ŏ U+014E, ŭ U+016D -> Ŭ U+016C */
	}
}

/* ---- Exception lexicon --------------------------------------------------- */

static int
compare_prefix(const uint16_t *a, size_t alen, const uint16_t *b,
               size_t blen)
{
	for (size_t i = 0; i < alen && i < blen; i++) {
		if (a[i] != b[i]) {
			return a[i] < b[i] ? -1 : 1;
		}
	}
	return 0;
}

/* The longest lexicon entry that starts at s[0..n), or NULL. */
static const struct kn_roman_exception *
longest_exception(const uint16_t *s, size_t n)
{
	size_t lo = 0, hi = kn_roman_exceptions_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (kn_roman_exceptions[mid].spelling[0] < s[0]) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	const struct kn_roman_exception *best = NULL;
	for (size_t i = lo; i < kn_roman_exceptions_len &&
	                    kn_roman_exceptions[i].spelling[0] == s[0];
	     i++) {
		const struct kn_roman_exception *e = &kn_roman_exceptions[i];
		if (e->len <= n &&
		    compare_prefix(e->spelling, e->len, s, e->len) == 0 &&
		    (best == NULL || e->len > best->len)) {
			best = e;
		}
	}
	return best;
}

static bool
bit_set(const uint8_t *bits, uint16_t i)
{
	return (bits[i >> 3] >> (i & 7)) & 1u;
}

/* The pronunciation of spelled[0..n) where the lexicon knows one the
 * rules cannot predict (longest match, left to right): spelled itself
 * when no entry applies (the common case), else a copy in buf.  The scan
 * stops after the match tried at the first position at or after limit,
 * which goes to *stop (n if the scan ends first): a word cut there goes
 * on with the matches it would have had whole. */
static const uint16_t *
with_exceptions(const uint16_t *spelled, size_t n, uint16_t *buf,
                size_t limit, size_t *stop)
{
	const uint16_t *pron = spelled;
	size_t i = 0;
	*stop = n;
	while (i + 1 < n) {
		size_t at = i;
		const struct kn_roman_exception *e = NULL;
		if (bit_set(kn_roman_exception_starts, spelled[i]) &&
		    bit_set(kn_roman_exception_seconds, spelled[i + 1])) {
			e = longest_exception(spelled + i, n - i);
		}
		if (e == NULL) {
			i++;
		} else {
			if (pron == spelled) {
				memcpy(buf, spelled, n * sizeof(*buf));
				pron = buf;
			}
			memcpy(buf + i, e->pronunciation,
			       e->len * sizeof(*buf));
			i += e->len;
		}
		if (at >= limit) {
			*stop = at;
			break;
		}
	}
	return pron;
}

/* ---- Sound changes ------------------------------------------------------- */

/* RR 3-1 4 다만: in nouns a ㅎ after ㄱ ㄷ ㅂ is written (묵호 Mukho).
 * The aspiration is written where the ㅎ syllable is a verb suffix: the
 * passive/causative 히 (잡혀, 굳히다) or 하다 conjugated (급해, 급하다). */
static bool
verbal_h_syllable(uint16_t next, bool last)
{
	switch (next + KN_HANGUL_SBASE) {
	case 0xD788: /* 히 */
	case 0xD78C: /* 힌 */
	case 0xD790: /* 힐 */
	case 0xD798: /* 힘 */
	case 0xD600: /* 혀 */
	case 0xD614: /* 혔 */
	case 0xD574: /* 해 */
	case 0xD588: /* 했 */
	case 0xD569: /* 합 */
		return true;
	case 0xD558: /* 하: 급하다, but not the noun 각하 */
		return !last;
	default:
		return false;
	}
}

/* SP 11 다만, 10 다만: ㄺ before ㄱ is ㄹ in verb stems (맑게 [말께]),
 * ㄱ in the nouns; 밟 is always [밥], 넓 in 넓죽하다 and 넓둥글다 [넙]. */
static uint8_t
neutral_final(uint16_t spelled, uint8_t t, uint8_t next_l,
              uint16_t next_spelled)
{
	uint32_t cp = spelled + KN_HANGUL_SBASE;
	uint32_t next = next_spelled + KN_HANGUL_SBASE;
	if (cp == 0xB113 /* 넓 */ &&
	    (next == 0xC8FD /* 죽 */ || next == 0xB465 /* 둥 */)) {
		return T_B;
	}
	if (t == T_LG && next_l == L_G && cp != 0xB2ED /* 닭 */ &&
	    cp != 0xD759 /* 흙 */ && cp != 0xCE61 /* 칡 */ &&
	    cp != 0xC0B5 /* 삵 */) {
		return T_L;
	}
	if (t == T_LB && cp == 0xBC1F /* 밟 */) {
		return T_B;
	}
	return neutral[t];
}

/* Applies the sound changes at the boundary between syllables i (a) and
 * i + 1 (b) of spelled[0..n). */
static void
change_boundary(struct syl *a, struct syl *b, const uint16_t *spelled,
                size_t i, size_t n, bool noun)
{
	/* The common case is one look-up in the table the generator made
	 * with the functions below: no data-dependent branch. */
	uint16_t e = kn_roman_boundary[a->t * KN_HANGUL_LCOUNT + b->l];
	if (!(e & KN_ROMAN_BOUNDARY_SLOW)) {
		a->t = (uint8_t)(e & 0x1F);
		b->l = (uint8_t)((e >> 5) & 0x1F);
		return;
	}
	if (a->t == T_NONE) {
		return;
	}
	if (b->l == L_NG) {
		link_to_vowel(a, b);
		return;
	}
	if (is_final_h(a->t)) {
		final_h_before_consonant(a, b);
		return;
	}
	if (b->l == L_H && aspirate_initial[a->t] != NONE && !noun &&
	    verbal_h_syllable(spelled[i + 1], i + 2 == n)) {
		b->l = aspirate_initial[a->t]; /* SP 12-1 [붙임 1]: 잡혀 */
		a->t = aspirate_stay[a->t];
		if (b->l == L_T && b->v == V_I) {
			b->l = L_CH; /* SP 17 [붙임]: 굳히다 [구치다] */
		}
		return;
	}
	/* Only ㄺ and ㄼ have exceptions (SP 10, 11). */
	a->t = a->t == T_LG || a->t == T_LB
	               ? neutral_final(spelled[i], a->t, b->l, spelled[i + 1])
	               : neutral[a->t];
	assimilate(a, b);
}

/* SP 9-11 at the end of a word (and inside names, RR 3-4 (1)). */
static uint8_t
final_at_end(uint16_t spelled, uint8_t t)
{
	return t == T_LB ? neutral_final(spelled, t, NONE, 0) : neutral[t];
}

/* ---- Rendering ----------------------------------------------------------- */

static bool
ends_with_char(const struct kn_roman_lit *l, char c)
{
	return l->n > 0 && l->s[l->n - 1] == c;
}

/* RR 3-2: where the letters could be split into syllables another way
 * (중앙 Jung-ang, 반구대 Ban-gudae, 세운 Se-un, 해운대 Hae-undae). */
static bool
rr_boundary_ambiguous(struct syl a, struct syl b)
{
	if (b.l == L_NG) {
		if (a.t != T_NONE) {
			return a.t == T_NG || a.t == T_N;
		}
		char c = rr_vowel[b.v].s[0];
		const struct kn_roman_lit *v = &rr_vowel[a.v];
		return (ends_with_char(v, 'a') && c == 'e') ||
		       (ends_with_char(v, 'e') && (c == 'o' || c == 'u')) ||
		       (ends_with_char(v, 'o') && c == 'e') ||
		       (ends_with_char(v, 'u') && c == 'i');
	}
	return (a.t == T_N && b.l == L_G) ||
	       (a.t == T_G && (b.l == L_K || b.l == L_KK)) ||
	       (a.t == T_D && (b.l == L_T || b.l == L_TT)) ||
	       (a.t == T_B && (b.l == L_P || b.l == L_PP));
}

/* Writes a letter group at p as one 8-byte copy; returns the end of the
 * group (the rest is slack that the next group overwrites). */
static char *
put_lit(char *p, const struct kn_roman_lit *l)
{
	memcpy(p, l, sizeof(*l));
	return p + l->n;
}

static const struct kn_roman_lit rr_l = {"l", 1};

/* One syllable of RR; prev is the syllable before it (at the start of a
 * word, a syllable without final, and first is set). */
static void
rr_syllable(struct text *out, const struct syl *prev, bool first,
            struct syl cur, bool hyphens, bool hyphen_every)
{
	/* A local cursor: out->n is stored once, not after every group. */
	char *p = out->b + out->n;
	/* The options first: they are the same for every syllable, so the
	 * branch predicts. */
	if ((hyphen_every || hyphens) && !first &&
	    (hyphen_every || rr_boundary_ambiguous(*prev, cur))) {
		*p++ = '-';
	}
	/* RR 2-2 [붙임 2]: ㄹㄹ is ll.  Chosen without a branch: whether a
	 * syllable starts a word is as unpredictable as word lengths. */
	bool ll = (cur.l == L_R) & (prev->t == T_L);
	p = put_lit(p, ll ? &rr_l : &rr_initial[cur.l]);
	p = put_lit(p, &rr_vowel[cur.v]);
	p = put_lit(p, &rr_final[cur.t]);
	out->n = (size_t)(p - out->b);
}

/* MR: ㄱ ㄷ ㅂ ㅈ are voiced (g d b j) after a vowel or ㄴ ㄹ ㅁ ㅇ, and
 * k t p ch at the start or after k t p. */
static const char *
mr_initial(struct syl s, const struct syl *prev)
{
	bool voiced = prev != NULL &&
	              (prev->t == T_NONE || prev->t == T_N ||
	               prev->t == T_L || prev->t == T_M || prev->t == T_NG);
	switch (s.l) {
	case L_G:
		return voiced ? "g" : "k";
	/* After l, t and ch stay voiceless (they are tense there in
	 * Sino-Korean words, 표준 발음법 제26항): 울진 Ulchin. */
	case L_D:
		return voiced && prev->t != T_L ? "d" : "t";
	case L_B:
		return voiced ? "b" : "p";
	case L_J:
		return voiced && prev->t != T_L ? "j" : "ch";
	case L_JJ:
		return "tch";
	case L_CH:
		return "ch'";
	case L_K:
		return "k'";
	case L_T:
		return "t'";
	case L_P:
		return "p'";
	case L_R:
		return prev != NULL && prev->t == T_L ? "l" : "r";
	case L_S:
		/* sh only before wi (shwi), as the library (ALA-LC) table of
		 * McCune-Reischauer has it: 신의주 Sinŭiju. */
		return s.v == V_WI ? "sh" : "s";
	default:
		return rr_initial[s.l].s;
	}
}

static void
mr_syllable(struct text *out, const struct syl *prev, struct syl cur,
            bool ascii, bool hyphen_every)
{
	const char *init = mr_initial(cur, prev);
	if (hyphen_every && prev != NULL) {
		text_putc(out, '-');
	} else if (prev != NULL && prev->t == T_N && init[0] == 'g') {
		text_putc(out, '\''); /* MR: 한국 Han'guk */
	}
	text_put(out, init);
	bool diaeresis = !ascii && !hyphen_every && prev != NULL &&
	                 prev->t == T_NONE && cur.l == L_NG && cur.v == V_E &&
	                 (prev->v == V_A || prev->v == V_O);
	if (diaeresis) {
		text_put(out, "\xC3\xAB"); /* MR: 아에 aë */
	} else {
		text_put(out, (ascii ? mr_vowel_ascii : mr_vowel)[cur.v]);
	}
	text_put_lit(out, &rr_final[cur.t]);
}

/* Yale: letter for letter; a period separates two vowels.  before is
 * the syllable before a cut (or -1). */
static void
render_yale(struct text *out, const uint16_t *spelled, size_t n, int before)
{
	int prev = before;
	for (size_t i = 0; i < n; i++) {
		struct syl s = decompose(spelled[i]);
		if (prev >= 0 && s.l == L_NG &&
		    decompose((uint16_t)prev).t == T_NONE) {
			text_putc(out, '.');
		}
		text_put(out, yale_initial[s.l]);
		/* Yale writes ㅜ as u after the labials m p pp ph (물 mul),
		 * where it does not contrast with ㅡ in native words. */
		bool labial = s.l == L_M || s.l == L_B || s.l == L_PP ||
		              s.l == L_P;
		text_put(out, labial && s.v == V_U ? "u" : yale_vowel[s.v]);
		text_put(out, yale_final[s.t]);
		prev = spelled[i];
	}
}

/* ---- Words --------------------------------------------------------------- */

static bool
wants_capital(uint32_t flags)
{
	return (flags & (KONORM_ROMAN_PROPER | KONORM_ROMAN_PLACE |
	                 KONORM_ROMAN_NAME)) != 0;
}

/* A word right after a digit (2가, 23길) goes on a token the digit
 * starts: it gets no capital (RR 3-3 capitalizes the start of a proper
 * noun, and 23Gil would put a capital inside a word). */
static bool
is_digit_cp(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* The boundary between pron[i] (s) and pron[i + 1] (next) where the
 * junction table cannot say: the rules themselves (change_boundary).
 * At the end of a piece only the final is written; the next piece
 * starts from the carry. */
static char *
rr_junction_slow(char *p, struct romanizer *r, const uint16_t *spelled,
                 size_t i, size_t n, uint16_t s, uint16_t next, bool noun,
                 bool piece_end)
{
	struct syl a = decompose(s), b = decompose(next);
	change_boundary(&a, &b, spelled, i, n, noun);
	p = put_lit(p, &rr_final[a.t]);
	if (piece_end) {
		r->carry.prev = a;
		r->carry.first_l = b.l;
		return p;
	}
	/* RR 2-2 [붙임 2]: ㄹㄹ is ll. */
	bool ll = b.l == L_R && a.t == T_L;
	return put_lit(p, ll ? &rr_l : &rr_initial[b.l]);
}

/* RR without hyphens, the common case: per syllable its vowel, then the
 * letters between it and the next vowel from kn_roman_junction (the
 * final and the next initial after their sound change, RR 3-1), as fixed
 * 8-byte copies; only the rare pairs marked SLOW go through the rules.
 * Writes syllables [0, upto) of pron[0..n). */
static void
render_rr(struct text *out, struct romanizer *r, const uint16_t *spelled,
          const uint16_t *pron, size_t n, size_t upto, bool noun)
{
	char *p = out->b + out->n;
	uint32_t e = kn_roman_syllables[pron[0]];
	if (r->carry.on) {
		uint8_t l = r->carry.first_l;
		bool ll = l == L_R && r->carry.prev.t == T_L;
		p = put_lit(p, ll ? &rr_l : &rr_initial[l]);
		r->carry.on = false;
	} else {
		p = put_lit(p, &rr_initial[KN_ROMAN_SYL_COLUMN(e) >> 1]);
	}
	size_t last = upto - 1;
	for (size_t i = 0; i < last; i++) {
		p = put_lit(p, &rr_vowel[KN_ROMAN_SYL_VOWEL(e)]);
		uint32_t next = kn_roman_syllables[pron[i + 1]];
		const struct kn_roman_lit *j =
		        &kn_roman_junction[KN_ROMAN_SYL_ROW(e) +
		                           KN_ROMAN_SYL_COLUMN(next)];
		if (j->n & KN_ROMAN_LIT_SLOW) {
			p = rr_junction_slow(p, r, spelled, i, n, pron[i],
			                     pron[i + 1], noun, false);
		} else {
			p = put_lit(p, j);
		}
		e = next;
	}
	p = put_lit(p, &rr_vowel[KN_ROMAN_SYL_VOWEL(e)]);
	if (upto == n) {
		uint8_t t = (uint8_t)KN_ROMAN_SYL_FINAL(e);
		p = put_lit(p, &rr_final[final_at_end(spelled[last], t)]);
	} else {
		p = rr_junction_slow(p, r, spelled, last, n, pron[last],
		                     pron[upto], noun, true);
	}
	out->n = (size_t)(p - out->b);
}

/* RR and MR: writes syllables [0, upto) of spelled[0..n), each as soon
 * as the sound changes at its right edge are known; with upto < n the
 * change at the cut is made and carried to the next piece. */
static void
render_sounds(struct text *out, struct romanizer *r,
              const uint16_t *spelled, size_t n, size_t upto,
              bool separately, bool hyphen_every)
{
	bool noun = (r->flags & (KONORM_ROMAN_PLACE | KONORM_ROMAN_NAME)) != 0;
	bool mr = r->system == KONORM_ROMAN_MR;
	bool ascii = (r->flags & KONORM_ROMAN_ASCII) != 0;
	bool hyphens = (r->flags & KONORM_ROMAN_HYPHEN_AMBIGUOUS) != 0;
	uint16_t buf[WORD_MAX];
	size_t stop;
	const uint16_t *pron =
	        separately || !r->word.maybe_exception
	                ? spelled
	                : with_exceptions(spelled, n, buf, upto, &stop);
	if (!mr && !hyphens && !hyphen_every && !separately) {
		render_rr(out, r, spelled, pron, n, upto, noun);
		return;
	}
	struct syl prev = {0}, cur = decompose(pron[0]);
	const struct syl *before = NULL;
	bool first = true;
	if (r->carry.on) {
		prev = r->carry.prev;
		cur.l = r->carry.first_l;
		before = &prev;
		first = false;
		r->carry.on = false;
	}
	for (size_t i = 0; i < upto; i++) {
		struct syl next = {0};
		if (i + 1 == n) {
			cur.t = final_at_end(spelled[i], cur.t);
		} else if (separately) {
			next = decompose(pron[i + 1]);
			cur.t = final_at_end(spelled[i], cur.t);
		} else {
			next = decompose(pron[i + 1]);
			change_boundary(&cur, &next, spelled, i, n, noun);
		}
		if (mr) {
			mr_syllable(out, before, cur, ascii, hyphen_every);
		} else {
			rr_syllable(out, &prev, first, cur, hyphens,
			            hyphen_every);
		}
		first = false;
		prev = cur;
		before = &prev;
		cur = next;
	}
	r->carry.prev = prev;
	r->carry.first_l = cur.l;
}

/* Renders syllables [0, upto) of spelled[0..n) as one word with the
 * sound changes of the system; the word goes on after upto when
 * upto < n (a long word cut: r->carry takes what the next piece needs).
 * separately: no sound change (names); hyphen_every: a hyphen between
 * the syllables (given names with --hyphen). */
static void
render_word(struct text *out, struct romanizer *r, const uint16_t *spelled,
            size_t n, size_t upto, bool separately, bool hyphen_every)
{
	int before = r->carry.on ? r->carry.spelled_prev : -1;
	switch (r->system) {
	case KONORM_ROMAN_RR_TRANSLIT: {
		struct kn_sink sink;
		kn_sink_init(&sink, out->b + out->n, out->cap - out->n);
		kn_roman_translit_word(&sink, spelled, upto, before);
		out->n += sink.len;
		break;
	}
	case KONORM_ROMAN_YALE:
		render_yale(out, spelled, upto, before);
		break;
	default:
		render_sounds(out, r, spelled, n, upto, separately,
		              hyphen_every);
		break;
	}
	r->carry.on = upto < n;
	r->carry.spelled_prev = spelled[upto - 1];
}

static void
emit_word(struct text *out, struct romanizer *r, const uint16_t *spelled,
          size_t n, size_t upto, bool capital)
{
	size_t at = out->n;
	render_word(out, r, spelled, n, upto, false, false);
	if (capital) {
		capitalize_at(out, at);
	}
}

/* ---- Places (RR 3-5, 3-6) ------------------------------------------------ */

static const struct kn_roman_place *
find_place(const uint16_t *s, size_t n)
{
	size_t lo = 0, hi = kn_roman_places_len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct kn_roman_place *p = &kn_roman_places[mid];
		int c = compare_prefix(p->syllables, p->len, s, n);
		if (c == 0) {
			c = (p->len > n) - (p->len < n);
		}
		if (c == 0) {
			return p;
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

static bool
ends_with(const uint16_t *s, size_t n, const char *suffix_cps)
{
	/* suffix_cps: the suffix as UTF-8 Hangul (3 bytes a syllable). */
	size_t m = strlen(suffix_cps) / 3;
	if (m >= n) {
		return false;
	}
	for (size_t i = 0; i < m; i++) {
		uint32_t cp = 0;
		kn_utf8_decode((const uint8_t *)suffix_cps + 3 * i, 3, &cp);
		if (s[n - m + i] != cp - KN_HANGUL_SBASE) {
			return false;
		}
	}
	return true;
}

/* A common noun at the end (다리 bridge, 입구 entrance): no unit. */
static bool
ends_in_not_unit(const uint16_t *s, size_t n)
{
	for (size_t i = 0; i < kn_roman_not_units_len; i++) {
		const struct kn_roman_place *e = &kn_roman_not_units[i];
		if (e->len > n) {
			continue;
		}
		const uint16_t *end = s + n - e->len;
		if (compare_prefix(e->syllables, e->len, end, e->len) == 0) {
			return true;
		}
	}
	return false;
}

/* Units that follow a number: 봉천 1동 Bongcheon 1-dong, 종로 2가. */
static bool
is_unit_syllable(uint16_t s)
{
	switch (s + KN_HANGUL_SBASE) {
	case 0xB3D9: /* 동 */
	case 0xAC00: /* 가 */
	case 0xB9AC: /* 리 */
	case 0xC74D: /* 읍 */
	case 0xBA74: /* 면 */
	case 0xAD6C: /* 구 */
		return true;
	default:
		return false;
	}
}

/* place_name_length for a name the gazetteer does not hold (the end of
 * a word too long for it, too). */
static size_t
unit_start(const uint16_t *s, size_t n)
{
	static const char *const long_units[] = {
		"특별자치도", "특별자치시", "특별시", "광역시",
	};
	for (size_t i = 0; i < KN_ARRAY_LEN(long_units); i++) {
		if (ends_with(s, n, long_units[i])) {
			return n - strlen(long_units[i]) / 3;
		}
	}
	if (ends_in_not_unit(s, n)) {
		return n;
	}
	/* 시 군 구 end a name of three or more syllables (two-syllable ones
	 * such as 대구 and 중구 are decided by the gazetteer); 읍 면 동 리 a
	 * name of two or more.  도 only through the gazetteer (독도). */
	if (n >= 3 && (ends_with(s, n, "시") || ends_with(s, n, "군") ||
	               ends_with(s, n, "구"))) {
		return n - 1;
	}
	if (n >= 2 && (ends_with(s, n, "읍") || ends_with(s, n, "면") ||
	               ends_with(s, n, "동") || ends_with(s, n, "리"))) {
		return n - 1;
	}
	return n;
}

/* How many syllables of a place name come before its administrative
 * unit (n when it has none).  RR 3-5: 도 시 군 구 읍 면 리 동 가. */
static size_t
place_name_length(const uint16_t *s, size_t n)
{
	const struct kn_roman_place *p = find_place(s, n);
	return p != NULL ? p->name_len : unit_start(s, n);
}

/* The name part, capitalized unless it goes on from a cut, then the
 * unit: RR 3-5, no sound change across the hyphen. */
static void
emit_name_and_unit(struct text *out, struct romanizer *r,
                   const uint16_t *s, size_t n, size_t name, bool capital)
{
	emit_word(out, r, s, name, name, capital);
	if (name < n) {
		text_putc(out, '-');
		emit_word(out, r, s + name, n - name, n - name, false);
	}
}

/* The Sino-Korean reading of 1..9999 as syllables (천 백 십 without a
 * 1 before them: 1 일, 10 십, 12 십이, 110 백십); returns the count. */
static size_t
sino_korean_reading(uint32_t v, uint16_t *out)
{
	static const uint16_t digit[10] = {
		0, 0xC77C /* 일 */, 0xC774 /* 이 */, 0xC0BC /* 삼 */,
		0xC0AC /* 사 */, 0xC624 /* 오 */, 0xC721 /* 육 */,
		0xCE60 /* 칠 */, 0xD314 /* 팔 */, 0xAD6C /* 구 */,
	};
	static const uint16_t power[4] = {
		0xCC9C /* 천 */, 0xBC31 /* 백 */, 0xC2ED /* 십 */, 0,
	};
	static const uint32_t scale[4] = {1000, 100, 10, 1};
	size_t n = 0;
	for (int k = 0; k < 4; k++) {
		uint32_t d = v / scale[k] % 10;
		if (d == 0) {
			continue;
		}
		if (d > 1 || k == 3) {
			out[n++] = (uint16_t)(digit[d] - KN_HANGUL_SBASE);
		}
		if (k < 3) {
			out[n++] = (uint16_t)(power[k] - KN_HANGUL_SBASE);
		}
	}
	return n;
}

/* RR 3-5: a number before a unit is followed by its reading in
 * parentheses, as the rule's own example 종로 2가 Jongno 2(i)-ga and
 * the signs of Seoul's stations (Euljiro 1(il)-ga) write it.  Only for
 * the sound systems (RR, MR); KONORM_ROMAN_NO_NUMBER_READING writes
 * 2-ga. */
static void
emit_number_reading(struct text *out, struct romanizer *r)
{
	bool sounds = r->system == KONORM_ROMAN_RR ||
	              r->system == KONORM_ROMAN_MR;
	if (r->number == 0 || !sounds ||
	    (r->flags & KONORM_ROMAN_NO_NUMBER_READING)) {
		return;
	}
	uint16_t reading[8];
	size_t n = sino_korean_reading(r->number, reading);
	/* The reading is a word of its own: the lexicon applies to it
	 * (십육 [심뉵]) whatever the unit word after it holds. */
	uint8_t maybe_exception = r->word.maybe_exception;
	r->word.maybe_exception = 1;
	text_putc(out, '(');
	emit_word(out, r, reading, n, n, false);
	text_putc(out, ')');
	r->word.maybe_exception = maybe_exception;
}

/* ---- Road names (도로명주소) ---------------------------------------------- */

/* Road names (도로명주소법, in force since 2014) end in a unit that says
 * the road's class: 대로 (8 lanes or more), 로 (2 to 7), 길 (the rest).
 * Their romanization (행정안전부 도로명주소 영문 표기, the road signs;
 * sources in tests/romanize/roads.tsv) writes the unit with a hyphen and
 * no sound change across it, as RR 3-5 writes 도 시 군 구: 세종대로
 * Sejong-daero, 종로 Jong-ro, 흥천사길 Heungcheonsa-gil.  A branch road
 * is named by a number after its main road or area, written after a
 * space with what follows the number: 세종대로23길 Sejong-daero 23-gil,
 * 대영로239번길 Daeyeong-ro 239beon-gil, 보수대로258번가길
 * Bosu-daero 258beonga-gil, 명촌10길 Myeongchon 10-gil, 무룡1로
 * Muryong 1-ro. */
#define SYL_GA 0xAC00u /* 가 */
#define SYL_GIL 0xAE38u /* 길 */
#define SYL_RO 0xB85Cu /* 로 */
#define SYL_DAE 0xB300u /* 대 */
#define SYL_BEON 0xBC88u /* 번 */

static bool
is_syllable(uint16_t s, uint32_t cp)
{
	return s + KN_HANGUL_SBASE == cp;
}

static bool
ends_in_daero(const uint16_t *s, size_t n)
{
	return n >= 2 && is_syllable(s[n - 2], SYL_DAE) &&
	       is_syllable(s[n - 1], SYL_RO);
}

/* A branch of a numbered road between the number and 길: 종로35가길,
 * 보수대로258번가길, 대영로226번안길 (안 "inner"). */
static bool
is_branch_letter(uint16_t s)
{
	switch (s + KN_HANGUL_SBASE) {
	case 0xAC00: /* 가 */
	case 0xB098: /* 나 */
	case 0xB2E4: /* 다 */
	case 0xB77C: /* 라 */
	case 0xB9C8: /* 마 */
	case 0xBC14: /* 바 */
	case 0xC0AC: /* 사 */
	case 0xC544: /* 아 */
	case 0xC790: /* 자 */
	case 0xCC28: /* 차 */
	case 0xCE74: /* 카 */
	case 0xD0C0: /* 타 */
	case 0xD30C: /* 파 */
	case 0xD558: /* 하 */
	case 0xC548: /* 안 */
		return true;
	default:
		return false;
	}
}

/* Whether the word s[0..n) after a number ends a numbered road: 길 with
 * 번 and a branch letter or not before it (23길, 123번길, 35가길,
 * 258번가길), or 로 and 대로 alone after a number stuck to its name
 * (무룡1로; "1로" after a space is the particle, "as 1"). */
static bool
is_numbered_road_suffix(const uint16_t *s, size_t n, bool attached)
{
	if (n == 0 || n > 3) {
		return false;
	}
	if (is_syllable(s[n - 1], SYL_RO)) {
		return attached && (n == 1 || (n == 2 && ends_in_daero(s, n)));
	}
	if (!is_syllable(s[n - 1], SYL_GIL)) {
		return false;
	}
	size_t k = 0;
	if (k + 1 < n && is_syllable(s[k], SYL_BEON)) {
		k++;
	}
	if (k + 1 < n && is_branch_letter(s[k])) {
		k++;
	}
	return k + 1 == n;
}

/* Where the road unit of a place word starts, or n: 대로 after a name of
 * two syllables or more and 길 after one or more are always units (a
 * name of one syllable and 대로, 중대로, is read X대 + 로: Jungdae-ro);
 * 로 only when a building number or a numbered branch follows (종로 1
 * Jong-ro 1, 중앙로123번길), because 종로, 을지로 and 충무로 alone are
 * also the names of areas and 동 (Jongno, 종로 2가 Jongno 2(i)-ga). */
static size_t
road_unit_start(const uint16_t *s, size_t n, enum place_follow follow)
{
	if (n >= 4 && ends_in_daero(s, n)) {
		return n - 2;
	}
	if (n >= 2 && is_syllable(s[n - 1], SYL_GIL)) {
		return n - 1;
	}
	if (n >= 2 && is_syllable(s[n - 1], SYL_RO) && follow != FOLLOW_NONE) {
		return n - 1;
	}
	return n;
}

/* The end of a numbered road after its number: what comes before the
 * unit joins the number, in lower case (123beon-gil, 35ga-gil), as the
 * official English road names write it; numbers of roads get no reading
 * (the reading of RR 3-5 is for units of areas). */
static void
emit_numbered_road_suffix(struct text *out, struct romanizer *r,
                          const uint16_t *s, size_t n)
{
	size_t unit = ends_in_daero(s, n) ? 2 : 1;
	if (unit < n) {
		emit_word(out, r, s, n - unit, n - unit, false);
	}
	text_putc(out, '-');
	emit_word(out, r, s + n - unit, unit, unit, false);
}

/* A word right after a number in a place: a unit (종로 2가, 봉천 1동), a
 * 가동 (the 행정동 종로2가동: Jongno 2(i)-ga-dong, as 종로5·6가동 writes
 * its English name Jongno 5(o).6(yuk)-ga-dong) or the end of a numbered
 * road (23길).  Returns false for any other word. */
static bool
emit_after_number(struct text *out, struct romanizer *r, const uint16_t *s,
                  size_t n)
{
	bool ga_unit = n == 2 && is_syllable(s[0], SYL_GA) &&
	               is_unit_syllable(s[1]);
	if ((n == 1 && is_unit_syllable(s[0])) || ga_unit) {
		emit_number_reading(out, r);
		for (size_t i = 0; i < n; i++) {
			text_putc(out, '-');
			emit_word(out, r, s + i, 1, 1, false);
		}
		return true;
	}
	if (is_numbered_road_suffix(s, n, r->number_attached)) {
		emit_numbered_road_suffix(out, r, s, n);
		return true;
	}
	return false;
}

/* Where the unit of a place word s[0..n) starts: a road's unit, else
 * the name written whole before a numbered branch (곡리5길 Gongni
 * 5-gil, not Gok-ri), else an administrative unit. */
static size_t
place_unit_start(const struct romanizer *r, const uint16_t *s, size_t n,
                 bool gazetteer)
{
	size_t road = road_unit_start(s, n, r->follow);
	if (road < n || r->follow == FOLLOW_ROAD_NUMBER) {
		return road;
	}
	return gazetteer ? place_name_length(s, n) : unit_start(s, n);
}

static void
emit_place(struct text *out, struct romanizer *r, const uint16_t *s,
           size_t n, size_t upto)
{
	if (upto < n) {
		/* The start of a long word: its unit, if any, is in the
		 * last piece (CUT_AT leaves room for it). */
		emit_word(out, r, s, n, upto, true);
		return;
	}
	bool after_digit = is_digit_cp(r->prev_cp);
	if (after_digit && emit_after_number(out, r, s, n)) {
		return;
	}
	/* No capital inside a word: 1번지 is 1beonji. */
	emit_name_and_unit(out, r, s, n, place_unit_start(r, s, n, true),
	                   !after_digit);
}

/* ---- Personal names (RR 3-4) --------------------------------------------- */

static const struct kn_roman_surname *
find_surname(const uint16_t *s, size_t n)
{
	for (size_t i = 0; i < kn_roman_surnames_len; i++) {
		const struct kn_roman_surname *e = &kn_roman_surnames[i];
		if (e->len == n &&
		    compare_prefix(e->syllables, e->len, s, n) == 0) {
			return e;
		}
	}
	return NULL;
}

/* 선우 서문 사공 동방 also begin names of the far more common surnames
 * 선 서 사 동 (선우진 is more often 선 + 우진): before a one-syllable given
 * name they are read that way; 남궁 황보 제갈 독고 are unambiguous. */
static bool
splits_as_common_surname(const uint16_t *s)
{
	uint32_t a = s[0] + KN_HANGUL_SBASE, b = s[1] + KN_HANGUL_SBASE;
	return (a == 0xC120 && b == 0xC6B0) || /* 선우 */
	       (a == 0xC11C && b == 0xBB38) || /* 서문 */
	       (a == 0xC0AC && b == 0xACF5) || /* 사공 */
	       (a == 0xB3D9 && b == 0xBC29);   /* 동방 */
}

static size_t
surname_length(const uint16_t *s, size_t n)
{
	if (n < 2 || find_surname(s, 2) == NULL) {
		return 1;
	}
	return n == 3 && splits_as_common_surname(s) ? 1 : 2;
}

static void
emit_surname(struct text *out, struct romanizer *r, const uint16_t *s,
             size_t n)
{
	const struct kn_roman_surname *e = find_surname(s, n);
	if (e != NULL && (r->flags & KONORM_ROMAN_SURNAME_POPULAR)) {
		text_put(out, e->popular);
		return;
	}
	size_t at = out->n;
	render_word(out, r, s, n, n, true, false);
	capitalize_at(out, at);
}

/* Syllables [0, upto) of a given name s[0..n): no sound change inside
 * it (RR 3-4); capitalized unless it goes on from a cut. */
static void
emit_given_name(struct text *out, struct romanizer *r, const uint16_t *s,
                size_t n, size_t upto, bool capital)
{
	size_t at = out->n;
	render_word(out, r, s, n, upto, true,
	            (r->flags & KONORM_ROMAN_NAME_HYPHEN) != 0);
	if (capital) {
		capitalize_at(out, at);
	}
	if (upto < n) {
		r->going_on = GOING_ON_GIVEN;
	}
}

static void
emit_name(struct text *out, struct romanizer *r, const uint16_t *s,
          size_t n, size_t upto)
{
	if (r->expect_given) {
		r->expect_given = false;
		emit_given_name(out, r, s, n, upto, true);
		return;
	}
	if (!r->name_start) {
		emit_word(out, r, s, n, upto, true);
		return;
	}
	/* A cut word has WORD_MAX syllables: the surname is whole. */
	size_t sn = surname_length(s, n);
	emit_surname(out, r, s, sn);
	if (sn < n) {
		text_putc(out, ' ');
		emit_given_name(out, r, s + sn, n - sn, upto - sn, true);
	} else {
		r->expect_given = true;
	}
}

/* ---- Driver -------------------------------------------------------------- */

/* kn_sink_put for a rendered word: most words are 4-16 bytes, which two
 * overlapping fixed-size copies write exactly, without the size branches
 * of a general memcpy. */
static void
put_word(struct kn_sink *sink, const char *p, size_t n)
{
	if (sink->full || sink->cap - sink->len < n || n < 4 || n > 16) {
		kn_sink_put(sink, p, n);
		return;
	}
	uint8_t *d = sink->dst + sink->len;
	size_t half = n >= 8 ? 8 : 4;
	memcpy(d, p, half == 8 ? 8 : 4);
	memcpy(d + n - half, p + n - half, half == 8 ? 8 : 4);
	sink->len += n;
}

/* Syllables [0, upto) of the word s[0..n) (all of it, or the part of a
 * long word before a cut), as its mode writes them. */
static void
emit_piece(struct text *out, struct romanizer *r, const uint16_t *s,
           size_t n, size_t upto)
{
	enum going_on from = r->going_on;
	r->going_on = upto < n ? GOING_ON_WORD : NOT_GOING_ON;
	if (from == GOING_ON_GIVEN) {
		emit_given_name(out, r, s, n, upto, false);
	} else if (from == GOING_ON_WORD) {
		bool place = (r->flags & (KONORM_ROMAN_PLACE |
		                          KONORM_ROMAN_NAME)) ==
		             KONORM_ROMAN_PLACE;
		if (place && upto == n) {
			/* Too long for the gazetteer. */
			emit_name_and_unit(out, r, s, n,
			                   place_unit_start(r, s, n, false),
			                   false);
		} else {
			emit_word(out, r, s, n, upto, false);
		}
	} else if (r->flags & KONORM_ROMAN_NAME) {
		emit_name(out, r, s, n, upto);
	} else if (r->flags & KONORM_ROMAN_PLACE) {
		emit_place(out, r, s, n, upto);
	} else {
		emit_word(out, r, s, n, upto,
		          wants_capital(r->flags) && !is_digit_cp(r->prev_cp));
	}
}

/* Writes syllables [0, upto) of the word buffer to the sink. */
static void
write_piece(struct romanizer *r, size_t upto)
{
	char local[WORD_ROOM(WORD_MAX)];
	struct text out = {.b = local, .n = 0, .cap = sizeof(local)};
	emit_piece(&out, r, r->word.spelled, r->word.n, upto);
	/* Rendered locally (the fixed-size copies leave slack after the
	 * word), then copied: dst only ever holds a prefix of the output. */
	put_word(r->out, out.b, out.n);
	r->name_start = false;
}

static void
flush_word(struct romanizer *r)
{
	struct word *w = &r->word;
	if (w->n == 0) {
		return;
	}
	write_piece(r, w->n);
	r->follow = FOLLOW_NONE;
	w->n = 0;
	w->maybe_exception = 0;
	w->last_starts = 0;
}

/* The buffer of a word longer than WORD_MAX is full: writes it up to a
 * cut no lexicon entry spans (with_exceptions) and keeps the rest. */
static void
flush_long_word_part(struct romanizer *r)
{
	struct word *w = &r->word;
	uint16_t buf[WORD_MAX];
	size_t cut;
	with_exceptions(w->spelled, w->n, buf, CUT_AT, &cut);
	write_piece(r, cut);
	memmove(w->spelled, w->spelled + cut,
	        (w->n - cut) * sizeof(w->spelled[0]));
	w->n -= cut;
	/* The rest may hold the start of an entry. */
	w->maybe_exception = 1;
}

/* Tracks what --name needs to know about the text between words: a new
 * line or punctuation starts a new name; spaces keep a pending surname. */
static void
note_other_char(struct romanizer *r, uint32_t cp)
{
	r->prev_cp = cp;
	if (cp == ' ' || cp == '\t' || cp == 0x3000) {
		return;
	}
	r->expect_given = false;
	r->name_start = true;
}

/* The number p[0..n) ends with, for a unit after it (봉천 1동): 1 to
 * 9999 without a leading zero, after a space or the word before it;
 * otherwise 0 (2.5가, 007동 and 12345가 get no reading). */
static uint32_t
trailing_number(const uint8_t *p, size_t n)
{
	size_t start = n;
	while (start > 0 && p[start - 1] >= '0' && p[start - 1] <= '9') {
		start--;
	}
	if (start == n || n - start > 4 || p[start] == '0' ||
	    (start > 0 && p[start - 1] != ' ')) {
		return 0;
	}
	uint32_t v = 0;
	for (size_t i = start; i < n; i++) {
		v = v * 10 + (uint32_t)(p[i] - '0');
	}
	return v;
}

static bool is_middle_dot(const uint8_t *p, size_t avail);
static void note_number_in_list(struct romanizer *r, const uint8_t *p,
                                size_t start, size_t end, size_t len);

static void
note_ascii_run(struct romanizer *r, const uint8_t *p, size_t i, size_t end,
               size_t len)
{
	const uint8_t *run = p + i;
	size_t n = end - i;
	if (r->flags & KONORM_ROMAN_NAME) {
		for (size_t k = 0; k < n; k++) {
			note_other_char(r, run[k]);
		}
	} else {
		r->prev_cp = run[n - 1];
	}
	if (r->flags & KONORM_ROMAN_PLACE) {
		r->number = trailing_number(run, n);
		if (is_middle_dot(p + end, len - end)) {
			note_number_in_list(r, p, i, end, len);
		}
	}
}

static bool
valid_flags(uint32_t flags)
{
	const uint32_t known = KONORM_ROMAN_SYSTEM_MASK | KONORM_ROMAN_PROPER |
	                       KONORM_ROMAN_PLACE | KONORM_ROMAN_NAME |
	                       KONORM_ROMAN_HYPHEN_AMBIGUOUS |
	                       KONORM_ROMAN_NAME_HYPHEN |
	                       KONORM_ROMAN_SURNAME_POPULAR |
	                       KONORM_ROMAN_ASCII | KONORM_ROMAN_REVERSE |
	                       KONORM_ROMAN_NO_NUMBER_READING;
	uint32_t system = flags & KONORM_ROMAN_SYSTEM_MASK;
	if ((flags & ~known) != 0 || system > KONORM_ROMAN_YALE) {
		return false;
	}
	return !(flags & KONORM_ROMAN_REVERSE) ||
	       system == KONORM_ROMAN_RR_TRANSLIT;
}

static struct konorm_result
input_error(struct romanizer *r, int decoded, size_t offset)
{
	flush_word(r);
	struct konorm_result res = kn_sink_result(r->out, offset);
	res.status = decoded == 0 ? KONORM_ETRUNCATED : KONORM_EINVAL_UTF8;
	res.offset = offset;
	return res;
}

static void
add_syllable(struct romanizer *r, uint16_t syllable)
{
	if (r->word.n == WORD_MAX) {
		flush_long_word_part(r);
	}
	struct word *w = &r->word;
	w->maybe_exception |= w->last_starts &
	                      bit_set(kn_roman_exception_seconds, syllable);
	w->last_starts = bit_set(kn_roman_exception_starts, syllable);
	w->spelled[w->n++] = syllable;
}

static int hangul_at(const uint8_t *p, size_t n);
static int composed_syllable(const uint8_t *p, size_t n, size_t *used);
static void put_bytes(struct kn_sink *sink, const uint8_t *p, size_t n);

/* p[0..run) is ASCII; true if it is a number directly followed by an
 * administrative unit (the 1 of 역삼1동). */
static bool
number_before_unit(const uint8_t *p, size_t run, size_t avail)
{
	for (size_t k = 0; k < run; k++) {
		if (p[k] < '0' || p[k] > '9') {
			return false;
		}
	}
	int next = hangul_at(p + run, avail - run);
	if (next < 0) {
		size_t used = 0; /* the unit in conjoining jamo (NFD) */
		next = composed_syllable(p + run, avail - run, &used);
	}
	return next >= 0 && is_unit_syllable((uint16_t)next);
}

/* Reads the Hangul word at p[0..avail) (precomposed or NFD) into
 * w[0..max); returns its length, or max + 1 when it is longer. */
static size_t
hangul_word_at(const uint8_t *p, size_t avail, uint16_t *w, size_t max)
{
	size_t n = 0, at = 0;
	while (at < avail) {
		size_t used = 0;
		int s = composed_syllable(p + at, avail - at, &used);
		if (s < 0) {
			s = hangul_at(p + at, avail - at);
			used = 3;
		}
		if (s < 0) {
			break;
		}
		if (n == max) {
			return max + 1;
		}
		w[n++] = (uint16_t)s;
		at += used;
	}
	return n;
}

static bool
is_ascii_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

/* PLACE: what the ASCII run p[0..run) (and the word after it) says about
 * the word before it: a building number (종로 1, 테헤란로 152-3, 세종대로
 * 209 at the end of the line), the number of a branch road (세종대로
 * 23길, 중앙로123번길), or neither (종로 2가, 2.5가, 1·2가동, 12번지). */
static enum place_follow
place_follow(const uint8_t *p, size_t run, size_t avail)
{
	size_t k = 0;
	while (k < run && p[k] == ' ') {
		k++;
	}
	size_t d = k;
	while (d < run && is_ascii_digit(p[d])) {
		d++;
	}
	if (d == k) {
		return FOLLOW_NONE;
	}
	if (d < run) {
		uint8_t c = p[d];
		bool list = (c == '.' || c == ',') && d + 1 < run &&
		            is_ascii_digit(p[d + 1]);
		bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		return list || letter ? FOLLOW_NONE : FOLLOW_BUILDING;
	}
	if (run == avail) {
		return FOLLOW_BUILDING;
	}
	uint16_t w[3];
	size_t n = hangul_word_at(p + run, avail - run, w, 3);
	if (n == 0) {
		/* 1·2가동 (U+00B7 MIDDLE DOT): a list of numbers. */
		bool dot = avail - run >= 2 && p[run] == 0xC2 &&
		           p[run + 1] == 0xB7;
		return dot ? FOLLOW_NONE : FOLLOW_BUILDING;
	}
	return n <= 3 && is_numbered_road_suffix(w, n, k == 0)
	               ? FOLLOW_ROAD_NUMBER
	               : FOLLOW_NONE;
}

static bool
is_middle_dot(const uint8_t *p, size_t avail)
{
	return avail >= 2 && p[0] == 0xC2 && p[1] == 0xB7; /* U+00B7 */
}

/* PLACE: p starts one-digit numbers joined by U+00B7 MIDDLE DOT with a
 * unit after the last (종로1·2·3·4가동, 면목3·8동): a 행정동 that merged
 * several.  Its English name gives each number its reading and joins
 * them with periods (WIKI in tests/romanize/roads.tsv: 종로5·6가동 Jongno
 * 5(o).6(yuk)-ga-dong).  One digit each, as all such names have: it
 * keeps the output within 6 bytes per input byte. */
static bool
number_list_before_unit(const uint8_t *p, size_t avail)
{
	size_t at = 0, dots = 0;
	while (avail - at >= 3 && is_ascii_digit(p[at]) &&
	       is_middle_dot(p + at + 1, avail - at - 1)) {
		at += 3;
		dots++;
	}
	if (dots == 0 || at == avail || !is_ascii_digit(p[at])) {
		return false;
	}
	at++;
	uint16_t w[2];
	size_t n = hangul_word_at(p + at, avail - at, w, 2);
	return (n == 1 && is_unit_syllable(w[0])) ||
	       (n == 2 && is_syllable(w[0], SYL_GA) &&
	        is_unit_syllable(w[1]));
}

/* After a number of such a list: its reading now, and the dot after it
 * written as a period. */
static void
note_number_in_list(struct romanizer *r, const uint8_t *p, size_t start,
                    size_t end, size_t len)
{
	bool last_digit_alone = end - start == 1 ||
	                        !is_ascii_digit(p[end - 2]);
	if (!last_digit_alone || r->number == 0 ||
	    !number_list_before_unit(p + end - 1, len - end + 1)) {
		return;
	}
	char local[WORD_ROOM(8)];
	struct text t = {.b = local, .n = 0, .cap = sizeof(local)};
	emit_number_reading(&t, r);
	put_bytes(r->out, (const uint8_t *)local, t.n);
	r->list_dot = true;
}

/* The syllable index of a well-formed precomposed Hangul syllable at p
 * (U+AC00..U+D7A3 is EA B0 80..ED 9E A3), or -1: the fast path. */
static int
hangul_at(const uint8_t *p, size_t n)
{
	if (n < 3 || p[0] < 0xEA || p[0] > 0xED || (p[1] & 0xC0) != 0x80 ||
	    (p[2] & 0xC0) != 0x80) {
		return -1;
	}
	uint32_t cp = ((uint32_t)(p[0] & 0x0F) << 12) |
	              ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	return kn_is_hangul_syllable(cp) ? (int)(cp - KN_HANGUL_SBASE) : -1;
}

/* kn_sink_put for a run of ASCII: most are one space or one
 * punctuation mark between two words. */
static void
put_bytes(struct kn_sink *sink, const uint8_t *p, size_t n)
{
	if (n == 1 && !sink->full && sink->len < sink->cap) {
		sink->dst[sink->len++] = p[0];
		return;
	}
	put_word(sink, (const char *)p, n);
}

/* PLACE: writes the word before the ASCII run p[i..end), whose start
 * decides the word's road unit (place_follow), and notes whether the run
 * starts with a number stuck to the word.  Such a number before a unit,
 * a numbered branch or a list gets a space before it: 역삼1동 -> Yeoksam 1(il)-dong (as RR 3-5 writes
 * 봉천 1동 Bongcheon 1(il)-dong), 세종대로23길 -> Sejong-daero 23-gil (the
 * English road names). */
static void
place_word_before_ascii(struct romanizer *r, const uint8_t *p, size_t i,
                        size_t end, size_t len)
{
	r->follow = place_follow(p + i, end - i, len - i);
	bool attached = is_ascii_digit(p[i]);
	bool road_number = r->follow == FOLLOW_ROAD_NUMBER && attached;
	bool space = road_number ||
	             number_before_unit(p + i, end - i, len - i) ||
	             number_list_before_unit(p + i, len - i);
	flush_word(r);
	if (space) {
		put_bytes(r->out, (const uint8_t *)" ", 1);
	}
	r->number_attached = attached;
}

/* The ASCII run at p[i..): ends the word before it and is copied.
 * Returns where it ends. */
static size_t
ascii_run(struct romanizer *r, const uint8_t *p, size_t i, size_t len)
{
	size_t end = i + 1;
	while (end < len && p[end] < 0x80) {
		end++;
	}
	if (r->word.n > 0) {
		if (r->flags & KONORM_ROMAN_PLACE) {
			place_word_before_ascii(r, p, i, end, len);
		}
		flush_word(r);
	}
	put_bytes(r->out, p + i, end - i);
	note_ascii_run(r, p, i, end, len);
	return end;
}

static bool
is_conjoining_jamo(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) ||
	       (cp >= 0xA960 && cp <= 0xA97F) ||
	       (cp >= 0xD7B0 && cp <= 0xD7FF);
}

/* Hangul written in conjoining jamo (NFD, as macOS writes file names):
 * a modern choseong and jungseong, with a modern jongseong or not, or a
 * precomposed LV syllable and a modern jongseong, are the syllable they
 * canonically compose to (Unicode 15.0 §3.12, Hangul Syllable
 * Composition).  A cluster with any other jamo before it or a vowel or
 * final jamo after it (old Hangul: ᄀᄀ, U+119E arae-a, the fillers), a
 * lone jamo, or a tone mark after it is not composed: it passes through
 * as it is.  Returns the
 * syllable index and the bytes it takes in *used, or -1. */
static int
composed_syllable(const uint8_t *p, size_t n, size_t *used)
{
	uint32_t cp[4] = {0};
	size_t at = 0, k = 0, count = 0;
	while (count < 4 && at < n) {
		int got = kn_utf8_decode(p + at, n - at, &cp[count]);
		if (got <= 0) {
			break;
		}
		at += (size_t)got;
		count++;
	}
	uint32_t s;
	if (count >= 2 && cp[0] >= 0x1100 && cp[0] <= 0x1112 &&
	    cp[1] >= 0x1161 && cp[1] <= 0x1175) {
		s = ((cp[0] - 0x1100) * KN_HANGUL_VCOUNT + cp[1] - 0x1161) *
		    KN_HANGUL_TCOUNT;
		k = 2;
	} else if (count >= 2 && kn_is_hangul_syllable(cp[0]) &&
	           (cp[0] - KN_HANGUL_SBASE) % KN_HANGUL_TCOUNT == 0 &&
	           cp[1] >= 0x11A8 && cp[1] <= 0x11C2) {
		s = cp[0] - KN_HANGUL_SBASE;
		k = 1;
	} else {
		return -1;
	}
	if (k < count && cp[k] >= 0x11A8 && cp[k] <= 0x11C2) {
		s += cp[k] - 0x11A7;
		k++;
	}
	/* A choseong after it starts the next syllable; a vowel or final
	 * jamo or a tone mark makes it old Hangul. */
	if (k < count && ((cp[k] >= 0x1160 && cp[k] <= 0x11FF) ||
	                  (cp[k] >= 0xD7B0 && cp[k] <= 0xD7FF) ||
	                  cp[k] == 0x302E || cp[k] == 0x302F)) {
		return -1;
	}
	/* Each jamo is three bytes in UTF-8. */
	*used = 3 * k;
	return (int)s;
}

/* One character at p that is not ASCII: a syllable (precomposed, composed
 * from jamo, or a Hanja's reading) joins the word, anything else ends it
 * and is copied.  Returns its length, or 0 (truncated) / -1 (invalid)
 * as kn_utf8_decode. */
static int
non_ascii_char(struct romanizer *r, const uint8_t *p, size_t n)
{
	int syllable = hangul_at(p, n);
	/* U+11A8..U+11FF (jongseong) is E1 86 A8..E1 87 BF. */
	bool jamo_next = n >= 5 && p[3] == 0xE1 &&
	                 (p[4] == 0x86 || p[4] == 0x87);
	if (syllable >= 0 && !jamo_next) {
		add_syllable(r, (uint16_t)syllable);
		return 3;
	}
	/* Not after a jamo that passed through: that is inside an
	 * old-Hangul cluster (ᄀᄀ가). */
	bool in_old_cluster = r->word.n == 0 && is_conjoining_jamo(r->prev_cp);
	if ((syllable >= 0 || p[0] == 0xE1) && !in_old_cluster) {
		size_t used = 0;
		int composed = composed_syllable(p, n, &used);
		if (composed >= 0) {
			add_syllable(r, (uint16_t)composed);
			return (int)used;
		}
	}
	if (syllable >= 0) {
		add_syllable(r, (uint16_t)syllable);
		return 3;
	}
	uint32_t cp = 0;
	int len = kn_utf8_decode(p, n, &cp);
	if (len <= 0) {
		return len;
	}
	syllable = word_syllable(cp, r->word.n == 0);
	if (syllable >= 0) {
		add_syllable(r, (uint16_t)syllable);
	} else {
		flush_word(r);
		if (r->list_dot && cp == 0xB7) {
			put_bytes(r->out, (const uint8_t *)".", 1);
		} else {
			put_word(r->out, (const char *)p, (size_t)len);
		}
		r->list_dot = false;
		r->number_attached = false;
		note_other_char(r, cp);
	}
	return len;
}

/* The syllable index of the precomposed Hangul syllable at p (three
 * bytes available), or -1.  With two continuation bytes, b0 * 4096 +
 * b1 * 64 + b2 is the code point plus a constant (the tag bits) when b0
 * is a three-byte lead, and outside the syllables for any other b0; so
 * one test of the continuation bytes and one range test decide. */
static int
syllable_at(const uint8_t *p)
{
	uint32_t b1 = p[1], b2 = p[2];
	uint32_t s = ((uint32_t)p[0] << 12) + (b1 << 6) + b2 -
	             ((0xE0u << 12) + (0x80u << 6) + 0x80u + KN_HANGUL_SBASE);
	bool continuation = ((b1 & b2) & 0x80u) && !((b1 | b2) & 0x40u);
	return continuation && s < KN_HANGUL_SCOUNT ? (int)s : -1;
}

/* The common case, RR with no option but --proper: a word of Hangul
 * syllables at p, followed by ASCII, the end or a character that is not
 * part of a word.  It is read and written in one pass: each syllable's
 * vowel and the junction letters to the next come from the tables as the
 * next is read.  A word where the lexicon may have an entry is written
 * again by render_rr with the pronunciation (two in a hundred).
 * Returns the bytes used, or 0 to leave the word to the general path
 * (Hanja or jamo in it, WORD_MAX syllables or more, invalid UTF-8 after
 * it). */
static size_t
plain_rr_word(struct romanizer *r, const uint8_t *p, size_t avail)
{
	uint16_t spelled[WORD_MAX];
	char local[WORD_ROOM(WORD_MAX)];
	if (avail < 3) {
		return 0;
	}
	int first = syllable_at(p);
	if (first < 0) {
		return 0;
	}
	uint32_t prev = kn_roman_syllables[first];
	/* redo: set where two syllables may start a lexicon entry. */
	unsigned last_starts = KN_ROMAN_SYL_STARTS(prev), redo = 0;
	char *o = put_lit(local, &rr_initial[KN_ROMAN_SYL_COLUMN(prev) >> 1]);
	spelled[0] = (uint16_t)first;
	size_t n = 1, at = 3;
	while (avail - at >= 3 && n < WORD_MAX) {
		int s = syllable_at(p + at);
		if (s < 0) {
			break;
		}
		uint32_t e = kn_roman_syllables[s];
		o = put_lit(o, &rr_vowel[KN_ROMAN_SYL_VOWEL(prev)]);
		const struct kn_roman_lit *j =
		        &kn_roman_junction[KN_ROMAN_SYL_ROW(prev) +
		                           KN_ROMAN_SYL_COLUMN(e)];
		redo |= (last_starts & KN_ROMAN_SYL_SECOND(e)) << 6;
		last_starts = KN_ROMAN_SYL_STARTS(e);
		spelled[n] = (uint16_t)s;
		if (j->n & KN_ROMAN_LIT_SLOW) {
			/* The rules decide (rr_junction_slow); whether the
			 * ㅎ syllable is the word's last (급하 vs 각하) is
			 * seen ahead in the input. */
			bool last = avail - at < 6 ||
			            syllable_at(p + at + 3) < 0;
			o = rr_junction_slow(o, r, spelled, n - 1,
			                     last ? n + 1 : n + 2,
			                     spelled[n - 1], spelled[n], false,
			                     false);
		} else {
			memcpy(o, j, sizeof(*j));
			o += j->n;
		}
		n++;
		prev = e;
		at += 3;
	}
	if (n == WORD_MAX) {
		return 0;
	}
	if (at < avail && p[at] >= 0x80) {
		uint32_t cp = 0;
		if (kn_utf8_decode(p + at, avail - at, &cp) <= 0 ||
		    word_syllable(cp, false) >= 0 || is_conjoining_jamo(cp)) {
			return 0;
		}
	}
	if (redo) {
		struct text out = {.b = local, .n = 0, .cap = sizeof(local)};
		uint16_t buf[WORD_MAX];
		size_t stop;
		const uint16_t *pron =
		        with_exceptions(spelled, n, buf, n, &stop);
		render_rr(&out, r, spelled, pron, n, n, false);
		o = local + out.n;
	} else {
		uint8_t t = (uint8_t)KN_ROMAN_SYL_FINAL(prev);
		o = put_lit(o, &rr_vowel[KN_ROMAN_SYL_VOWEL(prev)]);
		o = put_lit(o, &rr_final[final_at_end(spelled[n - 1], t)]);
	}
	if ((r->flags & KONORM_ROMAN_PROPER) && !is_digit_cp(r->prev_cp)) {
		/* RR 3-3; the word starts with ASCII letters. */
		if (local[0] >= 'a' && local[0] <= 'z') {
			local[0] = (char)(local[0] - 'a' + 'A');
		}
	}
	r->prev_cp = KN_HANGUL_SBASE + spelled[n - 1];
	if (at < avail && p[at] < 0x80) {
		/* The space (or mark) after the word goes with it: one copy
		 * instead of two (an ASCII run is only copied in this mode). */
		*o++ = (char)p[at];
		r->prev_cp = p[at++];
	}
	put_word(r->out, local, (size_t)(o - local));
	return at;
}

struct konorm_result
konorm_romanize(const char *src, size_t len, char *dst, size_t cap,
                uint32_t flags)
{
	if ((src == NULL && len > 0) || !valid_flags(flags)) {
		struct konorm_result bad = {.status = KONORM_EINVAL};
		return bad;
	}
	if (flags & KONORM_ROMAN_REVERSE) {
		return kn_romanize_reverse(src, len, dst, cap);
	}
	struct kn_sink sink;
	kn_sink_init(&sink, dst, cap);
	struct romanizer r = {
		.out = &sink,
		.flags = flags,
		.system = flags & KONORM_ROMAN_SYSTEM_MASK,
		.name_start = true,
	};
	const uint8_t *p = (const uint8_t *)src;
	bool plain_rr = (flags & ~KONORM_ROMAN_PROPER) == KONORM_ROMAN_RR;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i = ascii_run(&r, p, i, len);
			continue;
		}
		if (plain_rr && p[i] >= 0xEA && p[i] <= 0xED &&
		    r.word.n == 0) {
			size_t used = plain_rr_word(&r, p + i, len - i);
			if (used > 0) {
				i += used;
				continue;
			}
		}
		int n = non_ascii_char(&r, p + i, len - i);
		if (n <= 0) {
			return input_error(&r, n, i);
		}
		i += (size_t)n;
	}
	flush_word(&r);
	return kn_sink_result(&sink, len);
}
