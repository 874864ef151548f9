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

/*
 * Feeds the ASCII run s[0..n): letter keys go through the automaton, any
 * other byte ends the pending syllable and is copied.  Runs of non-keys
 * are copied in one piece (spaces, digits, punctuation).
 */
static void
keys_to_hangul(struct key_run *run, const uint8_t *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cj = kn_keyboard_key_to_cjamo(s[i]);
		if (cj != 0) {
			kn_jamo_feed(&run->composer, cj, emit_to_sink,
			             &run->sink);
			i++;
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

/* Puts the key(s) typing one modern compatibility jamo: one key, or two
 * for a compound vowel or a consonant cluster (ㅘ -> hk, ㄺ -> fr). */
static void
put_cjamo_keys(struct kn_sink *sink, uint32_t cj)
{
	char key = kn_dubeolsik_cjamo_key[cj - KN_CJAMO_FIRST];
	if (key != 0) {
		kn_sink_put(sink, &key, 1);
		return;
	}
	uint32_t first = 0, second = 0;
	if (kn_cjamo_split(cj, &first, &second)) {
		char pair[2] = {kn_dubeolsik_cjamo_key[first - KN_CJAMO_FIRST],
		                kn_dubeolsik_cjamo_key[second - KN_CJAMO_FIRST]};
		kn_sink_put(sink, pair, 2);
	}
}

/* Unicode 15.0 §3.12, "Hangul Syllable Decomposition". */
static void
put_syllable_keys(struct kn_sink *sink, uint32_t cp)
{
	uint32_t s = cp - KN_HANGUL_SBASE;
	unsigned l = s / KN_HANGUL_NCOUNT;
	unsigned v = (s % KN_HANGUL_NCOUNT) / KN_HANGUL_TCOUNT;
	unsigned t = s % KN_HANGUL_TCOUNT;
	put_cjamo_keys(sink, kn_cjamo_of_choseong(l));
	put_cjamo_keys(sink, kn_cjamo_of_jungseong(v));
	if (t != 0) {
		put_cjamo_keys(sink, kn_cjamo_of_jongseong(t));
	}
}

static void
hangul_to_keys(struct key_run *run, uint32_t cp)
{
	if (kn_is_hangul_syllable(cp)) {
		put_syllable_keys(&run->sink, cp);
	} else if (kn_cjamo_is_consonant(cp) || kn_cjamo_is_vowel(cp)) {
		put_cjamo_keys(&run->sink, cp);
	} else {
		kn_sink_put_cp(&run->sink, cp);
	}
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
