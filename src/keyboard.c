/* SPDX-License-Identifier: MIT */
/*
 * The Dubeolsik (2-set, KS X 5002) keyboard: text typed on a QWERTY
 * keyboard in English mode read back as the Hangul it was meant to be
 * ("gksrmf" -> 한글), and Hangul turned into the keys that type it.
 *
 * The layout comes from tables/dubeolsik.tsv (generated into
 * kn_dubeolsik_key_cjamo / kn_dubeolsik_cjamo_key); the syllable
 * automaton is jamo.c's, in its IME mode, so that what a user types and
 * what the composer builds agree key for key.
 */
#include "jamo.h"

struct key_run {
	struct kn_sink sink;
	struct kn_jamo_composer composer;
	size_t replaced;
};

static void
emit_to_sink(void *ctx, uint32_t cp)
{
	kn_sink_put_cp(ctx, cp);
}

/* ---- QWERTY -> Hangul --------------------------------------------------- */

/* A letter whose Shift-layer jamo differs from its base jamo (Q W E R T
 * O P on KS X 5002). */
static bool
is_shift_layer_key(uint8_t c)
{
	return c >= 'A' && c <= 'Z' &&
	       kn_dubeolsik_key_cjamo[c] != kn_dubeolsik_key_cjamo[c | 0x20];
}

/*
 * Whether a run of letters was typed with Caps Lock on: all capitals,
 * with at least one letter that Shift does not change (so not a run of
 * deliberate tense consonants like "QO" 뺴).  Hangul IMEs ignore Caps Lock
 * (Windows' IME does, as reported in fcitx/fcitx-hangul#3; fcitx5-hangul
 * changed to match in 2024, fcitx/fcitx5-hangul#9), so "GKSRMF" is 한글,
 * not 한끌.  Keys from TO_QWERTY never form such a run: it writes capitals
 * only for the Shift layer.
 */
static bool
typed_with_caps_lock(const uint8_t *s, size_t n)
{
	bool unshifted_capital = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z') {
			return false;
		}
		unshifted_capital |= !is_shift_layer_key(s[i]);
	}
	return unshifted_capital;
}

static size_t
letter_run_length(const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n && kn_keyboard_is_hangul_key(s[i])) {
		i++;
	}
	return i;
}

static void
feed_letter_run(struct key_run *run, const uint8_t *s, size_t n)
{
	bool caps = typed_with_caps_lock(s, n);
	for (size_t i = 0; i < n; i++) {
		uint8_t key = caps ? (uint8_t)(s[i] | 0x20) : s[i];
		kn_jamo_feed(&run->composer, kn_keyboard_key_to_cjamo(key),
		             emit_to_sink, &run->sink);
	}
}

/*
 * Feeds the ASCII run s[0..n): runs of letter keys go through the
 * automaton, any other byte ends the pending syllable and is copied.
 * Runs of non-keys are copied in one piece (spaces, digits, punctuation).
 */
static void
keys_to_hangul(struct key_run *run, const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t letters = letter_run_length(s + i, n - i);
		if (letters > 0) {
			feed_letter_run(run, s + i, letters);
			i += letters;
			continue;
		}
		size_t j = i + 1;
		while (j < n && !kn_keyboard_is_hangul_key(s[j])) {
			j++;
		}
		kn_jamo_flush(&run->composer, emit_to_sink, &run->sink);
		kn_sink_put(&run->sink, s + i, j - i);
		i = j;
	}
}

/* Anything that is not a key, Hangul already present included, passes
 * through unchanged and ends the pending syllable. */
static void
pass_through(struct key_run *run, uint32_t cp)
{
	kn_jamo_flush(&run->composer, emit_to_sink, &run->sink);
	kn_sink_put_cp(&run->sink, cp);
}

/* ---- Hangul -> QWERTY --------------------------------------------------- */

/* Writes the key(s) typing one modern compatibility jamo to p: one key,
 * or two for a compound vowel or a consonant cluster (ㅘ -> hk, ㄺ -> fr).
 * Returns how many. */
static size_t
cjamo_keys(char *p, uint32_t cj)
{
	char key = kn_dubeolsik_cjamo_key[cj - KN_CJAMO_FIRST];
	if (key != 0) {
		p[0] = key;
		return 1;
	}
	uint32_t first = 0, second = 0;
	if (!kn_cjamo_split(cj, &first, &second)) {
		return 0; /* every modern jamo splits or has a key (tested) */
	}
	p[0] = kn_dubeolsik_cjamo_key[first - KN_CJAMO_FIRST];
	p[1] = kn_dubeolsik_cjamo_key[second - KN_CJAMO_FIRST];
	return 2;
}

/* Unicode 15.0 §3.12, "Hangul Syllable Decomposition"; at most 5 keys. */
static void
put_syllable_keys(struct kn_sink *sink, uint32_t cp)
{
	uint32_t s = cp - KN_HANGUL_SBASE;
	unsigned l = s / KN_HANGUL_NCOUNT;
	unsigned v = (s % KN_HANGUL_NCOUNT) / KN_HANGUL_TCOUNT;
	unsigned t = s % KN_HANGUL_TCOUNT;
	char keys[6];
	size_t n = cjamo_keys(keys, kn_cjamo_of_choseong(l));
	n += cjamo_keys(keys + n, kn_cjamo_of_jungseong(v));
	if (t != 0) {
		n += cjamo_keys(keys + n, kn_cjamo_of_jongseong(t));
	}
	kn_sink_put(sink, keys, n);
}

static void
hangul_to_keys(struct key_run *run, uint32_t cp)
{
	if (kn_is_hangul_syllable(cp)) {
		put_syllable_keys(&run->sink, cp);
	} else if (kn_cjamo_is_consonant(cp) || kn_cjamo_is_vowel(cp)) {
		char keys[2];
		kn_sink_put(&run->sink, keys, cjamo_keys(keys, cp));
	} else {
		kn_sink_put_cp(&run->sink, cp);
	}
}

/* Conjoining jamo (NFD Hangul, as macOS file names and some word lists
 * hold it): leading consonants, vowels and trailing consonants, modern
 * and old (Unicode 15.0 §3.12, blocks 1100-11FF, A960-A97F, D7B0-D7FF). */
enum jamo_role { JAMO_NONE, JAMO_L, JAMO_V, JAMO_T };

static enum jamo_role
jamo_role(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0xA960 && cp <= 0xA97F)) {
		return JAMO_L;
	}
	if ((cp >= 0x1160 && cp <= 0x11A7) || (cp >= 0xD7B0 && cp <= 0xD7C6)) {
		return JAMO_V;
	}
	if ((cp >= 0x11A8 && cp <= 0x11FF) || (cp >= 0xD7CB && cp <= 0xD7FB)) {
		return JAMO_T;
	}
	return JAMO_NONE;
}

/* The jamo cluster at s[0..n) (L+ V+ T*, or a lone V/T run): its length
 * in bytes; *syllable the modern syllable it spells when it is exactly
 * one modern L, one modern V and at most one modern T, else 0. */
static size_t
jamo_cluster(const uint8_t *s, size_t n, uint32_t *syllable)
{
	uint32_t cps[4];
	size_t count = 0, i = 0;
	enum jamo_role last = JAMO_NONE;
	*syllable = 0;
	while (i < n) {
		uint32_t cp;
		int r = kn_utf8_decode(s + i, n - i, &cp);
		enum jamo_role role = r > 0 ? jamo_role(cp) : JAMO_NONE;
		/* L may follow L; V follows L or V; T follows V or T. */
		if (role == JAMO_NONE || role < last ||
		    (i > 0 && role == JAMO_L && last != JAMO_L)) {
			break;
		}
		if (count < 4) {
			cps[count] = cp;
		}
		count++;
		last = role;
		i += (size_t)r;
	}
	bool modern = (count == 2 || count == 3) &&
	              cps[0] - KN_HANGUL_LBASE < KN_HANGUL_LCOUNT &&
	              cps[1] - KN_HANGUL_VBASE < KN_HANGUL_VCOUNT &&
	              (count == 2 || (cps[2] > KN_HANGUL_TBASE &&
	                              cps[2] - KN_HANGUL_TBASE <
	                                      KN_HANGUL_TCOUNT));
	if (modern) {
		*syllable = KN_HANGUL_SBASE +
		            ((cps[0] - KN_HANGUL_LBASE) * KN_HANGUL_VCOUNT +
		             (cps[1] - KN_HANGUL_VBASE)) *
		                    KN_HANGUL_TCOUNT +
		            (count == 3 ? cps[2] - KN_HANGUL_TBASE : 0);
	}
	return i;
}

/* To QWERTY: a cluster of modern conjoining jamo types as its syllable;
 * any other cluster (old Hangul such as ᄒᆞᆫ, a lone vowel) passes
 * through whole rather than half turned into keys.  Returns the bytes
 * taken, 0 when s does not start with a conjoining jamo. */
static size_t
take_jamo_cluster(struct key_run *run, const uint8_t *s, size_t n)
{
	uint32_t cp;
	if (kn_utf8_decode(s, n, &cp) <= 0 || jamo_role(cp) == JAMO_NONE) {
		return 0;
	}
	uint32_t syllable;
	size_t len = jamo_cluster(s, n, &syllable);
	if (syllable != 0) {
		put_syllable_keys(&run->sink, syllable);
	} else {
		kn_sink_put(&run->sink, s, len);
	}
	return len;
}

/* ---- One-shot entry point ----------------------------------------------- */

static void
take_ascii(struct key_run *run, const uint8_t *s, size_t n, bool to_qwerty)
{
	if (to_qwerty) {
		kn_sink_put(&run->sink, s, n); /* ASCII has no Hangul */
	} else {
		keys_to_hangul(run, s, n);
	}
}

static void
take_cp(struct key_run *run, uint32_t cp, bool to_qwerty)
{
	if (to_qwerty) {
		hangul_to_keys(run, cp);
	} else {
		pass_through(run, cp);
	}
}

struct konorm_result
konorm_keyboard(const char *src, size_t len, char *dst, size_t cap,
                uint32_t flags)
{
	struct konorm_result res = {.status = KONORM_EINVAL};
	if ((src == NULL && len > 0) ||
	    (flags & ~(uint32_t)(KONORM_KEYBOARD_TO_QWERTY | KONORM_REPLACE))) {
		return res;
	}
	bool to_qwerty = (flags & KONORM_KEYBOARD_TO_QWERTY) != 0;
	const uint8_t *s = (const uint8_t *)src;
	struct key_run run = {.replaced = 0};
	kn_sink_init(&run.sink, dst, cap);
	kn_jamo_init_ime(&run.composer);
	size_t i = 0;
	enum konorm_status error = KONORM_OK;
	while (i < len) {
		size_t ascii = kn_ascii_prefix(s + i, len - i);
		if (ascii > 0) {
			take_ascii(&run, s + i, ascii, to_qwerty);
			i += ascii;
			continue;
		}
		size_t jamo = to_qwerty ? take_jamo_cluster(&run, s + i, len - i)
		                        : 0;
		if (jamo > 0) {
			i += jamo;
			continue;
		}
		uint32_t cp;
		int r = kn_utf8_decode(s + i, len - i, &cp);
		if (r > 0) {
			take_cp(&run, cp, to_qwerty);
			i += (size_t)r;
			continue;
		}
		if (!(flags & KONORM_REPLACE)) {
			error = r == 0 ? KONORM_ETRUNCATED : KONORM_EINVAL_UTF8;
			break;
		}
		/* Unicode 15.0 §3.9: one U+FFFD per maximal subpart; a
		 * truncated sequence at the end is one subpart. */
		take_cp(&run, KN_REPLACEMENT_CHAR, to_qwerty);
		run.replaced++;
		i += r < 0 ? (size_t)-r : len - i;
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

/* ---- Stream boundaries -------------------------------------------------- */

/* What a unit of input is to the automaton. */
enum unit_class {
	UNIT_NONE,      /* before the start of the text */
	UNIT_OTHER,     /* a non-key character or an ill-formed subpart */
	UNIT_CONSONANT, /* a letter key typing a consonant */
	UNIT_VOWEL,     /* a letter key typing a vowel */
};

struct unit {
	enum unit_class cls;
	bool lower;     /* a lower-case letter */
	uint32_t cjamo; /* for keys, as typed (no Caps Lock reading) */
	size_t start;
};

/* Classifies the unit at s[0..n); its length in *len, or 0 when s ends
 * inside a UTF-8 sequence (undecided until more input comes). */
static struct unit
classify(const uint8_t *s, size_t n, size_t start, size_t *len)
{
	struct unit u = {.cls = UNIT_OTHER, .start = start};
	uint32_t cp;
	int r = kn_utf8_decode(s, n, &cp);
	if (r == 0) {
		*len = 0;
		return u;
	}
	*len = r > 0 ? (size_t)r : (size_t)-r;
	uint32_t cj = kn_keyboard_key_to_cjamo(s[0]);
	if (cj != 0) {
		u.cls = kn_cjamo_is_vowel(cj) ? UNIT_VOWEL : UNIT_CONSONANT;
		u.cjamo = cj;
		u.lower = s[0] >= 'a';
	}
	return u;
}

/*
 * Whether the 2-set automaton can be flushed between `before` and `cur`
 * without changing its output, given the unit before `before` and the one
 * after `cur`.  The automaton is jamo.c's:
 *  - a consonant followed by a vowel always starts a new syllable as its
 *    initial, whatever was pending;
 *  - after two consonants the pending state is a lone initial or a
 *    double final, and a third consonant cannot join either;
 *  - a vowel that cannot combine with the one before it starts anew
 *    (compound vowels never combine further).
 */
static bool
automaton_can_cut(struct unit before2, struct unit before, struct unit cur,
                  struct unit next)
{
	if (cur.cls == UNIT_CONSONANT && next.cls == UNIT_VOWEL) {
		return true;
	}
	if (before2.cls == UNIT_CONSONANT && before.cls == UNIT_CONSONANT &&
	    cur.cls == UNIT_CONSONANT) {
		return true;
	}
	if (before.cls == UNIT_VOWEL && cur.cls == UNIT_VOWEL) {
		uint32_t a, b;
		for (uint32_t v = KN_CJAMO_VOWEL; v <= KN_CJAMO_LAST; v++) {
			if (kn_cjamo_split(v, &a, &b) && a == before.cjamo &&
			    b == cur.cjamo) {
				return false;
			}
		}
		return true;
	}
	return false;
}

/*
 * Cuts inside a run of letters must also keep the Caps Lock reading of
 * the run (typed_with_caps_lock): a cut is taken only once the run has a
 * lower-case letter on each side of it, so neither part nor the whole can
 * read as Caps Lock.  The window w[0..3] slides over the units; the cut
 * before w[2] is judged once w[3] is known.
 */
struct cut_scan {
	struct unit w[4];
	bool lower_through_w1; /* w[1]'s run has a lower-case letter by w[1] */
	size_t candidate;      /* automaton-safe cut awaiting a lower case */
	size_t safe;
};

static void
slide(struct cut_scan *c, struct unit u)
{
	c->w[0] = c->w[1];
	c->w[1] = c->w[2];
	c->w[2] = c->w[3];
	c->w[3] = u;
	if (c->w[1].cls == UNIT_OTHER || c->w[1].cls == UNIT_NONE) {
		c->lower_through_w1 = false;
	} else if (c->w[1].lower) {
		c->lower_through_w1 = true;
	}
}

static void
judge_cut_before_w2(struct cut_scan *c)
{
	const struct unit *w = c->w;
	if (w[1].cls == UNIT_NONE || w[2].cls == UNIT_NONE) {
		return;
	}
	if (w[1].cls == UNIT_OTHER || w[2].cls == UNIT_OTHER) {
		c->safe = w[2].start; /* a non-key ends the syllable anyway */
		c->candidate = 0;
		return;
	}
	if (c->lower_through_w1 && automaton_can_cut(w[0], w[1], w[2], w[3])) {
		c->candidate = w[2].start;
	}
	/* A lower-case letter at or after the candidate confirms it. */
	if (c->candidate > c->safe && (w[2].lower || w[3].lower)) {
		c->safe = c->candidate;
	}
}

/*
 * An ASCII byte is a unit of its own in UTF-8, well-formed or not (a
 * sequence cut short by it ends before it, Unicode 15.0 §3.9), and the
 * cut after one that is not a letter key is always safe.  So the scan can
 * start after the last such byte instead of at the start of the block.
 */
static size_t
after_last_plain_ascii(const uint8_t *s, size_t len, bool letters_too)
{
	for (size_t i = len; i > 0; i--) {
		uint8_t c = s[i - 1];
		bool key = kn_keyboard_is_hangul_key(c);
		if (c < 0x80 && (letters_too || !key)) {
			return i;
		}
	}
	return 0;
}

size_t
konorm_keyboard_boundary(const char *src, size_t len, uint32_t flags)
{
	if ((src == NULL && len > 0) ||
	    (flags & ~(uint32_t)(KONORM_KEYBOARD_TO_QWERTY | KONORM_REPLACE))) {
		return 0;
	}
	const uint8_t *s = (const uint8_t *)src;
	bool to_qwerty = (flags & KONORM_KEYBOARD_TO_QWERTY) != 0;
	struct unit none = {.cls = UNIT_NONE};
	size_t i = after_last_plain_ascii(s, len, to_qwerty);
	struct cut_scan c = {.w = {none, none, none, none}, .safe = i};
	/* To QWERTY, the role of the character before i; the scan starts
	 * after plain ASCII, which is none. */
	enum jamo_role prev_role = JAMO_NONE;
	while (i < len) {
		size_t n = 0;
		struct unit u = classify(s + i, len - i, i, &n);
		if (n == 0) {
			/* The text ends inside a character, a non-key
			 * whatever its last bytes are: cut before it (to
			 * QWERTY, not inside a jamo cluster it may end). */
			return to_qwerty ? c.safe : i;
		}
		if (to_qwerty) {
			/* One character at a time, but not inside a cluster
			 * of conjoining jamo: the cut goes before its L, or
			 * after a character that is none. */
			uint32_t cp = 0;
			kn_utf8_decode(s + i, len - i, &cp);
			enum jamo_role role = jamo_role(cp);
			if (role == JAMO_L && prev_role != JAMO_L) {
				c.safe = i;
			} else if (role == JAMO_NONE) {
				c.safe = i + n;
			}
			prev_role = role;
			i += n;
			continue;
		}
		i += n;
		slide(&c, u);
		judge_cut_before_w2(&c);
	}
	if (to_qwerty || c.w[3].cls == UNIT_NONE) {
		return c.safe;
	}
	/* The last unit has no known successor. */
	if (c.w[3].cls == UNIT_OTHER) {
		return len; /* the end, after a non-key */
	}
	if (c.w[2].cls == UNIT_OTHER) {
		return c.w[3].start;
	}
	return c.safe;
}
