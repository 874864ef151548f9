/* SPDX-License-Identifier: MIT */
/*
 * Two kinds the scanner takes from other modules: mojibake (the shared
 * detector of src/mojibake.c) and wrong-layout (Korean typed with the
 * keyboard in English mode, read back through konorm_keyboard's 2-set
 * automaton, KS X 5002).
 */
#include "mojibake.h"
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Mojibake ------------------------------------------------------------- */

static void
add_mojibake(struct kn_scan_unit *u, const struct kn_mojibake_span *sp)
{
	char reason[200];
	snprintf(reason, sizeof(reason),
	         "reads as an encoding mix-up (%s)%s",
	         kn_mojibake_kind_name(sp->kind),
	         sp->repairable ? "; konorm fix can undo it"
	                        : "; the original bytes are lost");
	struct kn_scan_hit h = {
		.kind = KONORM_SCAN_MOJIBAKE,
		.removable = 0,
		.script = KN_SCR_COMMON,
		.icu = 0,
		.start = (uint32_t)sp->start,
		.end = (uint32_t)sp->end,
		.remove_start = (uint32_t)sp->start,
		.remove_end = (uint32_t)sp->end,
		.score = sp->score,
	};
	/* The script of the garbled text is that of its first letter. */
	for (size_t i = 0; i < u->n && u->ch[i].off < sp->end; i++) {
		if (u->ch[i].off >= sp->start && u->ch[i].cls == KN_SC_LETTER) {
			h.script = u->ch[i].script;
			h.icu = u->ch[i].icu;
			break;
		}
	}
	struct kn_buf fixed = {0};
	if (sp->repairable) {
		struct kn_sink sink;
		kn_sink_init(&sink, NULL, 0);
		kn_mojibake_repair(u->text, sp, &sink);
		if (sink.len > 0 && kn_buf_reserve(&fixed, sink.len)) {
			kn_sink_init(&sink, (char *)fixed.p, sink.len);
			kn_mojibake_repair(u->text, sp, &sink);
			fixed.len = sink.len;
		}
	}
	kn_scan_add(u, &h, reason,
	            fixed.len > 0 ? (const char *)fixed.p : NULL, fixed.len);
	kn_buf_release(&fixed);
}

void
kn_scan_mojibake(struct kn_scan_unit *u)
{
	struct kn_mojibake_span spans[64];
	size_t total = kn_mojibake_find(u->text, u->len, spans,
	                                KN_ARRAY_LEN(spans));
	if (total > KN_ARRAY_LEN(spans)) {
		total = KN_ARRAY_LEN(spans); /* a garbled unit says enough */
	}
	/* The detector's scores are calibrated for repair, where a wrong
	 * change costs more than a missed report: reporting takes spans a
	 * step below the scan threshold (docs/scan.md). */
	for (size_t i = 0; i < total; i++) {
		if (spans[i].score >= u->threshold - 0.15) {
			add_mojibake(u, &spans[i]);
		}
	}
}

/* ---- Wrong layout --------------------------------------------------------- */

/* Shortest word looked at: two syllables typed take at least four keys. */
#define MIN_KEYS 4
#define MAX_KEYS 48

/* Letters typed with Shift that give a different jamo (ㅃㅉㄸㄲㅆㅒㅖ). */
static bool
shift_key(uint32_t cp)
{
	return cp == 'Q' || cp == 'W' || cp == 'E' || cp == 'R' || cp == 'T' ||
	       cp == 'O' || cp == 'P';
}

/* A word of ASCII letters that stands alone: not part of an identifier,
 * a path, an address or a number (snake_case, a/b, x@y, v2, --opt). */
static bool
stands_alone(const struct kn_scan_unit *u, size_t a, size_t b)
{
	if (a > 0) {
		uint32_t p = u->ch[a - 1].cp;
		if (p == '_' || p == '/' || p == '@' || p == '.' || p == '-' ||
		    p == '\\' || p == '$' || p == '#' || p == '&' || p == '=' ||
		    u->ch[a - 1].cls == KN_SC_DIGIT ||
		    u->ch[a - 1].cls == KN_SC_LETTER) {
			return false;
		}
	}
	if (b < u->n) {
		uint32_t n = u->ch[b].cp;
		bool end_dot = n == '.' && (b + 1 >= u->n ||
		                            u->ch[b + 1].cls != KN_SC_LETTER);
		if ((n == '.' && !end_dot) || n == '_' || n == '/' || n == '@' ||
		    n == '(' || n == '-' || n == '=' || n == '\\' ||
		    u->ch[b].cls == KN_SC_DIGIT ||
		    u->ch[b].cls == KN_SC_LETTER) {
			return false;
		}
	}
	return true;
}

/* Upper case only where Shift means something (or all capitals, Caps
 * Lock): "Hello" and "iPhone" are not keys typed in Korean mode. */
static bool
plausible_case(const struct kn_scan_unit *u, size_t a, size_t b)
{
	size_t upper = 0, shifted = 0;
	for (size_t i = a; i < b; i++) {
		if (u->ch[i].flags & KN_CF_UPPER) {
			upper++;
			shifted += shift_key(u->ch[i].cp);
		}
	}
	return upper == shifted || upper == b - a;
}

/* Keys of a word turned into Hangul: how many syllables, and whether
 * nothing else (a lone jamo, a letter) is left. */
static size_t
syllables_typed(const uint8_t *word, size_t n, char *out, size_t cap,
                size_t *out_len, bool *complete)
{
	struct konorm_result r = konorm_keyboard((const char *)word, n, out,
	                                         cap, KONORM_KEYBOARD_TO_HANGUL);
	*complete = false;
	*out_len = 0;
	if (r.status != KONORM_OK) {
		return 0;
	}
	size_t count = 0, i = 0;
	*complete = true;
	while (i < r.needed) {
		uint32_t cp = 0;
		int k = kn_utf8_decode((const uint8_t *)out + i, r.needed - i, &cp);
		if (k <= 0) {
			*complete = false;
			break;
		}
		if (kn_is_hangul_syllable(cp)) {
			count++;
		} else {
			*complete = false;
		}
		i += (size_t)k;
	}
	*out_len = r.needed;
	return count;
}

static int
compare_word(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* English words that the automaton happens to read as whole syllables
 * (tables/scan/english-layout-words.txt). */
static bool
is_english_word(const uint8_t *w, size_t n)
{
	char low[MAX_KEYS + 1];
	for (size_t i = 0; i < n; i++) {
		low[i] = (char)(w[i] | 0x20);
	}
	low[n] = '\0';
	return bsearch(low, kn_english_layout_words,
	               kn_english_layout_word_count, sizeof(const char *),
	               compare_word) != NULL;
}

/* Vowel keys of the 2-set layout (ㅛㅕㅑㅐㅔㅗㅓㅏㅣㅠㅜㅡ, KS X 5002). */
static bool
vowel_key(uint8_t c)
{
	return strchr("yuiophjklbnm", c | 0x20) != NULL;
}

/* A cheap first look: a syllable starts with one consonant key and a
 * vowel key; no more than two vowel keys (ㅘ = hk) or three consonant
 * keys (final ㄺ + next initial) follow each other. */
static bool
may_be_keys(const uint8_t *w, size_t n)
{
	if (vowel_key(w[0]) || !vowel_key(w[1])) {
		return false;
	}
	size_t vowels = 0, consonants = 0;
	for (size_t i = 0; i < n; i++) {
		if (vowel_key(w[i])) {
			vowels++;
			consonants = 0;
		} else {
			consonants++;
			vowels = 0;
		}
		if (vowels > 2 || consonants > 3) {
			return false;
		}
	}
	return true;
}

/* Mean key-bigram log-likelihood ratio of Korean keys over English
 * (tables/scan/layout-bigrams.tsv): above 0 the letters read more like
 * Korean typed in English mode than like an English word. */
static double
korean_keys_llr(const uint8_t *w, size_t n)
{
	double sum = 0;
	int prev = 26;
	for (size_t i = 0; i <= n; i++) {
		int k = i < n ? (w[i] | 0x20) - 'a' : 26;
		sum += kn_layout_llr[prev * 27 + k];
		prev = k;
	}
	return sum / (double)(n + 1);
}

static void
check_keys(struct kn_scan_unit *u, size_t a, size_t b, bool korean_nearby)
{
	size_t n = b - a;
	const uint8_t *w = u->text + u->ch[a].off;
	if (n < MIN_KEYS || n > MAX_KEYS || !may_be_keys(w, n) ||
	    !stands_alone(u, a, b) || !plausible_case(u, a, b) ||
	    is_english_word(w, n)) {
		return;
	}
	char out[3 * MAX_KEYS];
	size_t out_len;
	bool complete;
	size_t syl = syllables_typed(w, n, out, sizeof(out), &out_len,
	                             &complete);
	if (!complete || syl < 2) {
		return;
	}
	/* Every key made a whole syllable: English rarely does that (its
	 * vowels a, e are consonant keys, and its consonant clusters leave
	 * jamo over).  The key bigrams then weigh Korean against English;
	 * longer words are surer, and Korean around makes it surer still.
	 * All capitals are far more often an acronym (EPSI) than Caps Lock. */
	double llr = korean_keys_llr(w, n);
	if (llr <= 0) {
		return;
	}
	bool caps = plausible_case(u, a, b) && (u->ch[a].flags & KN_CF_UPPER) &&
	            (u->ch[b - 1].flags & KN_CF_UPPER);
	double score = 0.45 + 0.25 * (llr > 1.2 ? 1.2 : llr) +
	               (syl >= 3 ? 0.1 : 0) + (korean_nearby ? 0.15 : 0) -
	               (caps ? 0.2 : 0);
	if (score > 1) {
		score = 1;
	}
	if (score < u->threshold) {
		return;
	}
	char reason[160];
	snprintf(reason, sizeof(reason),
	         "Latin letters that spell %zu Hangul syllables when typed on "
	         "a 2-set Korean keyboard (KS X 5002): Korean typed in "
	         "English mode",
	         syl);
	struct kn_scan_hit h = {
		.kind = KONORM_SCAN_WRONG_LAYOUT,
		.removable = 0,
		.script = KN_SCR_LATIN,
		.icu = u->ch[a].icu,
		.start = u->ch[a].off,
		.end = u->ch[b - 1].off + 1,
		.remove_start = u->ch[a].off,
		.remove_end = u->ch[b - 1].off + 1,
		.score = score,
	};
	kn_scan_add(u, &h, reason, out, out_len);
}

void
kn_scan_wrong_layout(struct kn_scan_unit *u)
{
	bool korean = false;
	for (size_t i = 0; i < u->n && !korean; i++) {
		korean = u->ch[i].script == KN_SCR_HANGUL;
	}
	size_t i = 0;
	while (i < u->n) {
		if (!(u->ch[i].cp < 0x80 && u->ch[i].cls == KN_SC_LETTER)) {
			i++;
			continue;
		}
		size_t b = i;
		while (b < u->n && u->ch[b].cp < 0x80 &&
		       u->ch[b].cls == KN_SC_LETTER) {
			b++;
		}
		check_keys(u, i, b, korean);
		i = b;
	}
}
