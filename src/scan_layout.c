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

#include <unicode/uscript.h>

/* ---- Mojibake ---------------------------------------------------------- */

static void
add_mojibake(struct kn_scan_unit *u, const struct kn_mojibake_span *sp)
{
	char reason[200];
	snprintf(reason, sizeof(reason), "reads as an encoding mix-up (%s)%s",
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
	kn_scan_add(u, &h, reason, fixed.len > 0 ? (const char *)fixed.p : NULL,
	            fixed.len);
	kn_buf_release(&fixed);
}

void
kn_scan_mojibake(struct kn_scan_unit *u)
{
	struct kn_mojibake_span spans[64];
	size_t total =
	        kn_mojibake_find(u->text, u->len, spans, KN_ARRAY_LEN(spans));
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

/* ---- Wrong layout ------------------------------------------------------ */

/* Shortest word looked at: two syllables typed take at least four keys. */
#define MIN_KEYS 4
#define MAX_KEYS 48

/* Letters typed with Shift that give a different jamo (ㅃㅉㄸㄲㅆㅒㅖ). */
static bool
shift_key(uint8_t c)
{
	return c == 'Q' || c == 'W' || c == 'E' || c == 'R' || c == 'T' ||
	       c == 'O' || c == 'P';
}

static bool
ascii_letter(uint8_t c)
{
	return (uint8_t)((c | 0x20) - 'a') < 26;
}

/* Does a letter or digit (of any script) touch s[at]?  Non-ASCII
 * neighbours are decoded backwards or forwards as needed. */
static bool
word_char_at(const uint8_t *s, size_t n, size_t at, bool before)
{
	if (before) {
		size_t i = at;
		while (i > 0 && (s[i - 1] & 0xC0) == 0x80 && at - i < 3) {
			i--;
		}
		if (i == 0) {
			return false;
		}
		i--;
		at = i;
	}
	if (at >= n) {
		return false;
	}
	if (s[at] < 0x80) {
		return ascii_letter(s[at]) || (s[at] >= '0' && s[at] <= '9');
	}
	uint32_t cp;
	if (kn_utf8_decode(s + at, n - at, &cp) <= 0) {
		return false;
	}
	/* An invisible inside a word (no\u00ADrmal) joins it as well. */
	if (cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
	    cp == 0xFEFF) {
		return true;
	}
	/* Hangul glued to the keys, or any letter: part of a larger word. */
	return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 &&
	       !(cp >= 0x2000 && cp <= 0x2BFF) &&
	       !(cp >= 0x3000 && cp <= 0x303F);
}

/* A word of ASCII letters that stands alone: not part of an identifier,
 * a path, an address or a number (snake_case, a/b, x@y, v2, --opt). */
static bool
stands_alone(const uint8_t *s, size_t n, size_t a, size_t b)
{
	if (a > 0) {
		uint8_t p = s[a - 1];
		if (p == '_' || p == '/' || p == '@' || p == '.' || p == '-' ||
		    p == '\\' || p == '$' || p == '#' || p == '&' || p == '=' ||
		    word_char_at(s, n, a, true)) {
			return false;
		}
	}
	if (b < n) {
		uint8_t c = s[b];
		bool end_dot =
		        c == '.' && (b + 1 >= n || !ascii_letter(s[b + 1]));
		if ((c == '.' && !end_dot) || c == '_' || c == '/' ||
		    c == '@' || c == '(' || c == '-' || c == '=' || c == '\\' ||
		    word_char_at(s, n, b, false)) {
			return false;
		}
	}
	return true;
}

/* Upper case only where Shift means something (or all capitals, Caps
 * Lock): "Hello" and "iPhone" are not keys typed in Korean mode. */
static bool
plausible_case(const uint8_t *w, size_t n)
{
	size_t upper = 0, shifted = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] < 'a') {
			upper++;
			shifted += shift_key(w[i]);
		}
	}
	return upper == shifted || upper == n;
}

static bool
all_capitals(const uint8_t *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i] >= 'a') {
			return false;
		}
	}
	return true;
}

/* Keys of a word turned into Hangul: how many syllables, and whether
 * nothing else (a lone jamo, a letter) is left. */
static size_t
syllables_typed(const uint8_t *word, size_t n, char *out, size_t cap,
                size_t *out_len, bool *complete)
{
	struct konorm_result r = konorm_keyboard(
	        (const char *)word, n, out, cap, KONORM_KEYBOARD_TO_HANGUL);
	*complete = false;
	*out_len = 0;
	if (r.status != KONORM_OK) {
		return 0;
	}
	size_t count = 0, i = 0;
	*complete = true;
	while (i < r.needed) {
		uint32_t cp = 0;
		int k = kn_utf8_decode((const uint8_t *)out + i, r.needed - i,
		                       &cp);
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

/* Vowel keys of the 2-set layout (ㅛㅕㅑㅐㅔㅗㅓㅏㅣㅠㅜㅡ, KS X 5002):
 * y u i o p h j k l b n m, as a bit per letter. */
static bool
vowel_key(uint8_t c)
{
	static const uint32_t vowels =
	        1u << ('y' - 'a') | 1u << ('u' - 'a') | 1u << ('i' - 'a') |
	        1u << ('o' - 'a') | 1u << ('p' - 'a') | 1u << ('h' - 'a') |
	        1u << ('j' - 'a') | 1u << ('k' - 'a') | 1u << ('l' - 'a') |
	        1u << ('b' - 'a') | 1u << ('n' - 'a') | 1u << ('m' - 'a');
	return (vowels >> (((c | 0x20) - 'a') & 31)) & 1u;
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

/* What other Latin-script prose takes off a score: its words are not
 * English, which the key bigrams weigh Korean keys against, so a German
 * or Vietnamese word may pass for keys ("aufrufen", "giao"); only a
 * strong reading (a long, clearly Korean key run) is still reported. */
#define OTHER_LATIN_PENALTY 0.25

static void
check_keys(struct kn_scan_unit *u, size_t a, size_t b, bool korean_nearby,
           bool other_latin)
{
	size_t n = b - a;
	const uint8_t *w = u->text + a;
	/* Cheapest tests first: most English words fail the key bigrams. */
	double llr = n >= MIN_KEYS && n <= MAX_KEYS && may_be_keys(w, n)
	                     ? korean_keys_llr(w, n)
	                     : 0;
	if (llr <= 0 || !plausible_case(w, n) ||
	    !stands_alone(u->text, u->len, a, b) || is_english_word(w, n)) {
		return;
	}
	char out[3 * MAX_KEYS];
	size_t out_len;
	bool complete;
	size_t syl =
	        syllables_typed(w, n, out, sizeof(out), &out_len, &complete);
	if (!complete || syl < 2) {
		return;
	}
	/* Every key made a whole syllable: English rarely does that (its
	 * vowels a, e are consonant keys, and its consonant clusters leave
	 * jamo over).  The key bigrams then weigh Korean against English;
	 * longer words are surer, and Korean around makes it surer still.
	 * All capitals are far more often an acronym (EPSI) than Caps Lock. */
	double score = 0.45 + 0.25 * (llr > 1.2 ? 1.2 : llr) +
	               (syl >= 3 ? 0.1 : 0) + (korean_nearby ? 0.15 : 0) -
	               (all_capitals(w, n) ? 0.2 : 0) -
	               (other_latin ? OTHER_LATIN_PENALTY : 0);
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
	        .icu = USCRIPT_LATIN,
	        .start = (uint32_t)a,
	        .end = (uint32_t)b,
	        .remove_start = (uint32_t)a,
	        .remove_end = (uint32_t)b,
	        .score = score,
	};
	kn_scan_add(u, &h, reason, out, out_len);
}

/* Hangul syllables anywhere in the unit (their UTF-8 leads EA-ED,
 * U+A000-DFFF, are close enough for a hint). */
static bool
has_hangul_bytes(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 0xEA && s[i] <= 0xED) {
			return true;
		}
	}
	return false;
}

/* A Latin letter with diacritics at s[i] (UTF-8 leads C3-C9: U+00C0-
 * 024F; E1 B8-BB: U+1E00-1EFF, Vietnamese). */
static bool
accented_latin_at(const uint8_t *s, size_t n, size_t i)
{
	return i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF &&
	       ((s[i] >= 0xC3 && s[i] <= 0xC9) ||
	        (s[i] == 0xE1 && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB));
}

/* Frequent function words of German, French, Spanish, Italian,
 * Portuguese and Dutch that are not English words, and of English. */
static const char *const other_latin_words[] = {
	"avec", "dans", "das",  "del",  "dem",  "der",  "des",    "di",
	"ein",  "eine", "est",  "et",   "het",  "ist",  "les",    "los",
	"las",  "mit",  "nicht", "niet", "para", "pas", "por",    "pour",
	"que",  "qui",  "sie",  "sono", "sur",  "una",  "und",    "une",
	"voor", "vous", "werden", "wird", "zijn", "zu",
};
static const char *const english_words[] = {
	"the", "and", "of", "to", "is", "in", "for", "with", "that", "this",
	"you", "are", "on", "be", "it", "or", "not", "can", "from", "an",
};

static bool
word_in(const char *const *list, size_t count, const uint8_t *w, size_t n)
{
	char low[8];
	if (n < 2 || n >= sizeof(low)) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		low[i] = (char)(w[i] | 0x20);
	}
	low[n] = '\0';
	for (size_t i = 0; i < count; i++) {
		if (strcmp(low, list[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* Latin prose of another language than English: its words are not
 * English, so the key bigrams (Korean keys against English words) would
 * take too many of them for Korean typed in English mode ("aufrufen",
 * "giao").  Its words with diacritics and its function words outnumber
 * the English function words (a café or a résumé in English prose does
 * not make it French). */
static bool
other_latin_prose(const uint8_t *s, size_t n)
{
	size_t other = 0, english = 0;
	size_t i = 0;
	while (i < n) {
		bool accented = accented_latin_at(s, n, i);
		if (!ascii_letter(s[i]) && !accented) {
			i++;
			continue;
		}
		size_t b = i;
		while (b < n) {
			if (ascii_letter(s[b])) {
				b++;
			} else if (accented_latin_at(s, n, b)) {
				accented = true;
				b += 2;
			} else {
				break;
			}
		}
		if (accented ||
		    word_in(other_latin_words, KN_ARRAY_LEN(other_latin_words),
		            s + i, b - i)) {
			other++;
		} else if (word_in(english_words, KN_ARRAY_LEN(english_words),
		                   s + i, b - i)) {
			english++;
		}
		i = b;
	}
	return other >= 2 && other > english;
}

size_t
kn_scan_wrong_layout(struct kn_scan_unit *u)
{
	const uint8_t *s = u->text;
	size_t n = u->len, words = 0;
	bool korean = u->n > 0 ? (u->scripts & (1u << KN_SCR_HANGUL)) != 0
	                       : has_hangul_bytes(s, n);
	bool other_latin = !korean && other_latin_prose(s, n);
	size_t i = 0;
	while (i < n) {
		if (!ascii_letter(s[i])) {
			i++;
			continue;
		}
		size_t b = i + 1;
		while (b < n && ascii_letter(s[b])) {
			b++;
		}
		words++;
		/* Most English words end here: a syllable starts with one
		 * consonant key and a vowel key. */
		if (b - i >= MIN_KEYS && !vowel_key(s[i]) &&
		    vowel_key(s[i + 1])) {
			check_keys(u, i, b, korean, other_latin);
		}
		i = b;
	}
	return words;
}
