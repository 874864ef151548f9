/* SPDX-License-Identifier: MIT */
/*
 * RR 2000 제3장 제8항: the transliteration "for special fields such as
 * academic papers, where the Hangul must be restorable".  Letters follow
 * RR 제2장 except that ㄱ ㄷ ㅂ ㄹ are always g d b l; a silent ㅇ is
 * written as a hyphen except at the start of a word; and "where other
 * segmentation is needed a hyphen is also used" (없었습니다
 * eobs-eoss-seubnida), which we do exactly where the letters between two
 * vowels could be split into a final and an initial in another way.  That
 * makes the spelling uniquely decodable, and kn_romanize_reverse decodes
 * it.
 */
#include "romanize.h"

#include <string.h>

static const char *const initials[19] = {
	"g", "kk", "n", "d", "tt", "l", "m", "b", "pp", "s",
	"ss", "", "j", "jj", "ch", "k", "t", "p", "h",
};
static const char *const vowels[21] = {
	"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
	"oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
};
static const char *const finals[28] = {
	"", "g", "kk", "gs", "n", "nj", "nh", "d", "l", "lg",
	"lm", "lb", "ls", "lt", "lp", "lh", "m", "b", "bs", "s",
	"ss", "ng", "j", "ch", "k", "t", "p", "h",
};

#define SILENT_INITIAL 11
#define MAX_CLUSTER 8

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Index of s[0..n) (any case) in table[0..count), or -1. */
static int
lookup(const char *const *table, int count, const char *s, size_t n)
{
	for (int i = 0; i < count; i++) {
		const char *e = table[i];
		size_t k = 0;
		while (k < n && e[k] != '\0' && e[k] == lower(s[k])) {
			k++;
		}
		if (k == n && e[k] == '\0') {
			return i;
		}
	}
	return -1;
}

static int
final_index(const char *s, size_t n)
{
	return lookup(finals, 28, s, n);
}

/* A written initial: never empty (the silent ㅇ is a hyphen). */
static int
initial_index(const char *s, size_t n)
{
	if (n == 0) {
		return -1;
	}
	return lookup(initials, 19, s, n);
}

/* True when cluster[0..n) = final + initial splits in more than one
 * way, the split at `at` being one of them. */
static bool
cluster_ambiguous(const char *cluster, size_t n, size_t at)
{
	for (size_t k = 0; k < n; k++) {
		if (k != at && final_index(cluster, k) >= 0 &&
		    initial_index(cluster + k, n - k) >= 0) {
			return true;
		}
	}
	return false;
}

void
kn_roman_translit_word(struct kn_sink *out, const uint16_t *syllables,
                       size_t n, int before)
{
	const char *prev_final =
	        before >= 0 ? finals[before % KN_HANGUL_TCOUNT] : "";
	for (size_t i = 0; i < n; i++) {
		unsigned s = syllables[i];
		unsigned l = s / KN_HANGUL_NCOUNT;
		unsigned v = s % KN_HANGUL_NCOUNT / KN_HANGUL_TCOUNT;
		unsigned t = s % KN_HANGUL_TCOUNT;
		const char *init = initials[l];
		bool word_start = i == 0 && before < 0;
		if (!word_start && l == SILENT_INITIAL) {
			kn_sink_put(out, "-", 1);
		} else if (!word_start) {
			char cluster[MAX_CLUSTER];
			size_t fn = strlen(prev_final), in = strlen(init);
			memcpy(cluster, prev_final, fn);
			memcpy(cluster + fn, init, in);
			if (cluster_ambiguous(cluster, fn + in, fn)) {
				kn_sink_put(out, "-", 1);
			}
		}
		kn_sink_put(out, init, strlen(init));
		kn_sink_put(out, vowels[v], strlen(vowels[v]));
		kn_sink_put(out, finals[t], strlen(finals[t]));
		prev_final = finals[t];
	}
}

/* ---- Reverse ------------------------------------------------------------- */

static bool
is_vowel_letter(char c)
{
	c = lower(c);
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	       c == 'w' || c == 'y';
}

static bool
is_word_char(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* Splits the consonants between two vowels into the final of one
 * syllable and the initial of the next. */
static bool
split_cluster(const char *c, size_t n, int *final, int *initial)
{
	const char *hyphen = memchr(c, '-', n);
	if (hyphen != NULL) {
		size_t h = (size_t)(hyphen - c);
		if (memchr(hyphen + 1, '-', n - h - 1) != NULL) {
			return false;
		}
		*final = final_index(c, h);
		*initial = h + 1 == n ? SILENT_INITIAL
		                      : initial_index(hyphen + 1, n - h - 1);
		return *final >= 0 && *initial >= 0;
	}
	/* Without a hyphen the split is unique (the writer adds one
	 * otherwise); take the longest final for robustness. */
	for (size_t k = n; k-- > 0;) {
		int f = final_index(c, k), i = initial_index(c + k, n - k);
		if (f >= 0 && i >= 0) {
			*final = f;
			*initial = i;
			return true;
		}
	}
	return false;
}

/* Decodes the word w[0..n) (letters of any case and hyphens) into
 * Hangul, written to out when emit is set; false if it is not a
 * transliteration (the caller then copies it unchanged). */
static bool
decode_word(struct kn_sink *out, const char *w, size_t n, bool emit)
{
	size_t i = 0, start = 0;
	while (i < n && !is_vowel_letter(w[i])) {
		i++;
	}
	int initial = i == 0 ? SILENT_INITIAL : initial_index(w, i);
	if (initial < 0 || i == n) {
		return false;
	}
	while (i < n) {
		start = i;
		while (i < n && is_vowel_letter(w[i])) {
			i++;
		}
		int vowel = lookup(vowels, 21, w + start, i - start);
		start = i;
		while (i < n && !is_vowel_letter(w[i])) {
			i++;
		}
		int final = -1, next = -1;
		if (vowel < 0) {
			return false;
		}
		if (i == n) {
			final = final_index(w + start, i - start);
		} else if (!split_cluster(w + start, i - start, &final,
		                          &next)) {
			return false;
		}
		if (final < 0) {
			return false;
		}
		if (emit) {
			int syl = (initial * (int)KN_HANGUL_VCOUNT + vowel) *
			                  (int)KN_HANGUL_TCOUNT +
			          final;
			kn_sink_put_cp(out, KN_HANGUL_SBASE + (uint32_t)syl);
		}
		initial = next;
	}
	return true;
}

static void
reverse_word(struct kn_sink *out, const char *w, size_t n)
{
	if (decode_word(out, w, n, false)) {
		decode_word(out, w, n, true);
	} else {
		kn_sink_put(out, w, n);
	}
}

struct konorm_result
kn_romanize_reverse(const char *src, size_t len, char *dst, size_t cap)
{
	struct kn_sink sink;
	kn_sink_init(&sink, dst, cap);
	const uint8_t *p = (const uint8_t *)src;
	size_t i = 0;
	while (i < len) {
		if (is_word_char(p[i]) && p[i] != '-') {
			size_t start = i;
			while (i < len && is_word_char(p[i])) {
				i++;
			}
			/* A trailing hyphen is punctuation, not a silent ㅇ. */
			size_t end = i;
			while (end > start && p[end - 1] == '-') {
				end--;
			}
			reverse_word(&sink, src + start, end - start);
			kn_sink_put(&sink, src + end, i - end);
			continue;
		}
		uint32_t cp = 0;
		int n = kn_utf8_decode(p + i, len - i, &cp);
		if (n <= 0) {
			struct konorm_result res = kn_sink_result(&sink, i);
			res.status = n == 0 ? KONORM_ETRUNCATED
			                    : KONORM_EINVAL_UTF8;
			res.offset = i;
			return res;
		}
		kn_sink_put(&sink, p + i, (size_t)n);
		i += (size_t)n;
	}
	return kn_sink_result(&sink, len);
}
