/* SPDX-License-Identifier: MIT */
/*
 * What explains a foreign run: a gloss that spells its Latin neighbour,
 * a cue that introduces a foreign word, Hanja that Korean reads; and the
 * spam lexicon, which only adds evidence.
 *
 * The gloss key is deliberately loose, because names are spelled many
 * ways (RR 2000, McCune-Reischauer, popular spellings: 김 Kim/Gim, 박
 * Park/Bak, 정 Jeong/Jung/Chung): consonants fall into classes (k/g, t/d,
 * p/b/f, j/ch/z, r/l), vowels, semivowels and h are dropped, and repeats
 * collapse.  김정은 and "Kim Jong-un" both give "KMJNKN".
 */
#include "scan.h"

#include <ctype.h>
#include <string.h>

#include <unicode/uchar.h>

/* ---- Keys -------------------------------------------------------------- */

struct key {
	char *p;
	size_t n;
	size_t cap;
};

static void
key_put(struct key *k, const char *classes)
{
	for (; *classes != '\0'; classes++) {
		/* Repeated classes collapse (Kimm, 안녕 annyeong). */
		if (k->n > 0 && k->p[k->n - 1] == *classes) {
			continue;
		}
		if (k->n < k->cap) {
			k->p[k->n++] = *classes;
		}
	}
}

/* Initial consonants in jamo order (Unicode 15.0 §3.12 L); ㅇ and ㅎ
 * are silent or dropped. */
static const char *const choseong_class[19] = {
        "K", "K", "N", "T", "T", "L", "M", "P", "P", "S",
        "S", "",  "J", "J", "J", "K", "T", "P", "",
};
/* Final consonants in jamo order (T 1..27); a final ㅇ is "ng". */
static const char *const jongseong_class[28] = {
        "",   "K",  "K",  "KS", "N",  "NJ", "N", "T", "L",  "LK",
        "LM", "LP", "LS", "LT", "LP", "L",  "M", "P", "PS", "T",
        "T",  "NK", "T",  "T",  "K",  "T",  "P", "",
};

static void
key_hangul(struct key *k, uint32_t cp)
{
	uint32_t s = cp - KN_HANGUL_SBASE;
	key_put(k, choseong_class[s / KN_HANGUL_NCOUNT]);
	key_put(k, jongseong_class[s % KN_HANGUL_TCOUNT]);
}

/* Russian Cyrillic, lower case, in the classes of its usual Latin
 * transliteration (GOST 7.79 / BGN-PCGN: ж zh, х kh, ц ts, ч ch, ш sh). */
static const char *
cyrillic_class(uint32_t cp)
{
	static const char *const lower[32] = {
	        "",   "P", "P", "K", "T", "",  "J", "J", "", "",  "K",
	        "L",  "M", "N", "",  "P", "L", "S", "T", "", "P", "K",
	        "TS", "J", "S", "S", "",  "",  "",  "",  "", "",
	};
	uint32_t c = (uint32_t)u_tolower((UChar32)cp);
	if (c >= 0x430 && c <= 0x44F) {
		return lower[c - 0x430];
	}
	return "";
}

/* Latin letters, with the digraphs of Korean and Russian romanization
 * (ch, sh, th, ph, kh, gh, ng). */
static size_t
key_latin(struct key *k, const struct kn_scan_char *c, size_t n, size_t i)
{
	char a = (char)tolower((int)c[i].cp);
	char b = i + 1 < n && c[i + 1].cp < 0x80
	                 ? (char)tolower((int)c[i + 1].cp)
	                 : '\0';
	if (b == 'h' && strchr("cskpgtz", a) != NULL) {
		key_put(k, a == 'c' || a == 'z' ? "J"
		           : a == 's'           ? "S"
		           : a == 't'           ? "T"
		           : a == 'p'           ? "P"
		                                : "K");
		return 2;
	}
	switch (a) {
	case 'k':
	case 'g':
	case 'c':
	case 'q':
		key_put(k, "K");
		break;
	case 't':
	case 'd':
		key_put(k, "T");
		break;
	case 'p':
	case 'b':
	case 'f':
	case 'v':
		key_put(k, "P");
		break;
	case 'j':
	case 'z':
		key_put(k, "J");
		break;
	case 's':
		key_put(k, "S");
		break;
	case 'r':
	case 'l':
		key_put(k, "L");
		break;
	case 'm':
		key_put(k, "M");
		break;
	case 'n':
		key_put(k, "N");
		break;
	case 'x':
		key_put(k, "KS");
		break;
	default:
		break; /* vowels, w, y, h */
	}
	return 1;
}

size_t
kn_gloss_key_romanized(const uint8_t *s, size_t n, char *out, size_t cap)
{
	/* konorm's own Revised Romanization of the run (RR 2000, with the
	 * sound changes: 신라 Silla, 종로 Jongno), keyed like any Latin. */
	char rr[256];
	struct konorm_result r = konorm_romanize((const char *)s, n, rr,
	                                         sizeof(rr), KONORM_ROMAN_RR);
	if (r.status != KONORM_OK) {
		return 0;
	}
	struct kn_scan_char c[256];
	size_t m = 0;
	for (size_t i = 0; i < r.needed && m < KN_ARRAY_LEN(c); i++) {
		uint8_t b = (uint8_t)rr[i];
		if (b < 0x80 && isalpha(b)) {
			c[m] = (struct kn_scan_char){.cp = b,
			                             .cls = KN_SC_LETTER,
			                             .script = KN_SCR_LATIN};
			m++;
		}
	}
	return kn_gloss_key(c, m, out, cap);
}

size_t
kn_gloss_key(const struct kn_scan_char *c, size_t n, char *out, size_t cap)
{
	struct key k = {out, 0, cap};
	size_t i = 0;
	while (i < n) {
		if (c[i].cp < 0x80 && c[i].cls == KN_SC_LETTER) {
			i += key_latin(&k, c, n, i);
			continue;
		}
		if (kn_is_hangul_syllable(c[i].cp)) {
			key_hangul(&k, c[i].cp);
		} else if (c[i].script == KN_SCR_CYRILLIC) {
			key_put(&k, cyrillic_class(c[i].cp));
		}
		/* Other letters (accented vowels of MR, Han) add nothing. */
		i++;
	}
	return k.n;
}

/* Levenshtein distance, bounded: keys are short (names, places). */
static size_t
edit_distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t row[65];
	if (an > 64 || bn > 64) {
		return 99;
	}
	for (size_t j = 0; j <= bn; j++) {
		row[j] = j;
	}
	for (size_t i = 1; i <= an; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best) {
				best = up + 1;
			}
			if (row[j - 1] + 1 < best) {
				best = row[j - 1] + 1;
			}
			row[j] = best;
			diag = up;
		}
	}
	return row[bn];
}

bool
kn_gloss_keys_match(const char *a, size_t an, const char *b, size_t bn)
{
	/* One consonant class matches too much (аррӏе and "here"). */
	if (an < 2 || bn < 2) {
		return false;
	}
	size_t longest = an > bn ? an : bn;
	/* Short keys must agree exactly; longer ones may differ by a sound
	 * change or a popular spelling (이 Lee, 노 Roh) per three classes. */
	size_t tolerance = longest <= 2 ? 0 : longest <= 6 ? 1 : 2;
	return edit_distance(a, an, b, bn) <= tolerance;
}

/* ---- Hanja ------------------------------------------------------------- */

bool
kn_hanja_has_korean_reading(uint32_t cp)
{
	if (cp >= 0x3400 && cp <= 0xFAFF) {
		uint32_t i = cp - 0x3400;
		return (kn_khangul_bits[i / 8] >> (i % 8)) & 1u;
	}
	size_t lo = 0, hi = kn_khangul_astral_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (kn_khangul_astral[mid] == cp) {
			return true;
		}
		if (kn_khangul_astral[mid] < cp) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return false;
}

/* ---- Spam lexicon ------------------------------------------------------ */

int
kn_spam_lexicon_hits(const struct kn_scan_unit *u, size_t a, size_t b)
{
	/* Case-fold the run (Cyrillic Казино = казино) into a small buffer;
	 * longer runs are looked at in their first 512 bytes. */
	uint8_t folded[512];
	size_t n = 0;
	for (size_t i = a; i < b; i++) {
		uint32_t cp = (uint32_t)u_foldCase((UChar32)u->ch[i].cp,
		                                   U_FOLD_CASE_DEFAULT);
		if (n + 4 > sizeof(folded)) {
			break;
		}
		n += (size_t)kn_utf8_encode(cp, folded + n);
	}
	int hits = 0;
	for (size_t p = 0; p < kn_spam_phrase_count; p++) {
		const struct kn_spam_phrase *ph = &kn_spam_phrases[p];
		if (ph->len <= n && memmem(folded, n, ph->text, ph->len)) {
			hits++;
		}
	}
	return hits;
}

/* ---- Cues -------------------------------------------------------------- */

/* Words that introduce the foreign word after them on their own. */
static const char *const strong_cues[] = {
        "called",      "named",     "known as", "meaning",    "means",
        "word",        "words",     "term",     "phrase",     "slogan",
        "motto",       "title",     "titled",   "reads",      "read",
        "written",     "spelled",   "spelt",    "pronounced", "character",
        "characters",  "sign",      "banner",   "caption",    "hashtag",
        "greeting",    "literally", "aka",      "a.k.a.",     "i.e.",
        "hangul",      "hangeul",   "hanja",    "kanji",      "hiragana",
        "katakana",    "cyrillic",  "korean",   "chinese",    "japanese",
        "russian",     "thai",      "arabic",   "hebrew",     "greek",
        "mandarin",    "ukrainian", "says",     "said",       "say",
        "saying",      "script",    "label",    "labelled",   "labeled",
        "inscription", "inscribed",
};
/* Words that introduce one only after a language was named ("the
 * Korean for 'thank you' is"). */
static const char *const weak_cues[] = {
        "is", "was", "as", "for", "of", "or", "by", "from", "into", "to",
};
static const char *const languages[] = {
        "korean",    "hangul",   "hangeul", "hanja",   "chinese",  "mandarin",
        "cantonese", "japanese", "kanji",   "russian", "cyrillic", "ukrainian",
        "thai",      "arabic",   "hebrew",  "greek",   "persian",  "hindi",
        "native",    "original", "local",
};

static bool
is_cue_char(uint8_t c)
{
	return isalpha(c) || c == '.' || c == ' ';
}

/* The lower-cased ASCII tail of text[0..len): what stands before the
 * run, without trailing quotes, colons, dashes and spaces. */
static size_t
cue_window(const uint8_t *text, size_t len, char *w, size_t cap)
{
	size_t end = len;
	while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == ':' ||
	                   text[end - 1] == '"' || text[end - 1] == '\'' ||
	                   text[end - 1] == '-' || text[end - 1] == ',' ||
	                   text[end - 1] >= 0x80)) {
		if (text[end - 1] >= 0x80) {
			/* Only curly quotes and dashes (E2 80 xx) may be
			 * skipped among non-ASCII characters. */
			if (end >= 3 && text[end - 3] == 0xE2 &&
			    text[end - 2] == 0x80) {
				end -= 3;
				continue;
			}
			break;
		}
		end--;
	}
	size_t start = end > cap - 1 ? end - (cap - 1) : 0;
	size_t n = 0;
	for (size_t i = start; i < end; i++) {
		w[n++] = (char)tolower(text[i] >= 0x80 ? ' ' : text[i]);
	}
	w[n] = '\0';
	return n;
}

static bool
ends_with_word(const char *w, size_t n, const char *word)
{
	size_t k = strlen(word);
	if (k > n || memcmp(w + n - k, word, k) != 0) {
		return false;
	}
	return k == n || !is_cue_char((uint8_t)w[n - k - 1]) ||
	       w[n - k - 1] == ' ';
}

static bool
contains_word(const char *w, const char *word)
{
	size_t k = strlen(word);
	for (const char *p = strstr(w, word); p != NULL;
	     p = strstr(p + 1, word)) {
		bool left = p == w || !isalpha((unsigned char)p[-1]);
		bool right = !isalpha((unsigned char)p[k]);
		if (left && right) {
			return true;
		}
	}
	return false;
}

bool
kn_cue_before(const uint8_t *text, size_t len)
{
	char w[64];
	size_t n = cue_window(text, len, w, sizeof(w));
	if (n == 0) {
		return false;
	}
	for (size_t i = 0; i < KN_ARRAY_LEN(strong_cues); i++) {
		if (ends_with_word(w, n, strong_cues[i])) {
			return true;
		}
	}
	bool weak = false;
	for (size_t i = 0; i < KN_ARRAY_LEN(weak_cues) && !weak; i++) {
		weak = ends_with_word(w, n, weak_cues[i]);
	}
	if (!weak) {
		return false;
	}
	for (size_t i = 0; i < KN_ARRAY_LEN(languages); i++) {
		if (contains_word(w, languages[i])) {
			return true;
		}
	}
	return false;
}

bool
kn_cue_after(const uint8_t *text, size_t len)
{
	/* Korean quotative particles: X라는 말, X이라고 불리는, X란 (the
	 * Standard Korean Language Dictionary's -(이)라는, -(이)라고, -(이)란),
	 * and the language suffix X어로 is not needed: the run would be
	 * Hangul itself. */
	static const char *const particles[] = {
	        "라는",  "이라는", "라고",    "이라고",  "란 ",   "이란",
	        "라 불", "로 불",  "으로 불", "로 표기", "라 쓰", "로 쓰",
	};
	static const char *const english[] = {
	        "meaning",    "means",     "which means", "translates",
	        "literally",  "in korean", "in chinese",  "in japanese",
	        "in russian", "in thai",   "in arabic",
	};
	for (size_t i = 0; i < KN_ARRAY_LEN(particles); i++) {
		size_t k = strlen(particles[i]);
		if (k <= len && memcmp(text, particles[i], k) == 0) {
			return true;
		}
	}
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == ',' || text[i] == '"' ||
	                   text[i] == '\'')) {
		i++;
	}
	if (i < len && (text[i] == 0xE2) && i + 2 < len &&
	    text[i + 1] == 0x80) {
		i += 3; /* a closing curly quote or a dash */
		while (i < len && (text[i] == ' ' || text[i] == ',')) {
			i++;
		}
	}
	for (size_t e = 0; e < KN_ARRAY_LEN(english); e++) {
		size_t k = strlen(english[e]);
		if (i + k <= len &&
		    strncasecmp((const char *)text + i, english[e], k) == 0) {
			return true;
		}
	}
	return false;
}
