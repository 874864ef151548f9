/* SPDX-License-Identifier: MIT */
/*
 * The scanner's character layer: decoding a unit into classified
 * characters, and the kinds decided character by character or word by
 * word: invisible (UTS #39 §3.1 "invisible characters", the Hangul
 * fillers), bidi-control (UAX #9 BD2 balance; Trojan Source,
 * CVE-2021-42574) and mixed-script-word (UTS #39 §5 mixed-script
 * detection with script extensions, and its confusable skeletons).
 */
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

/* ---- Decoding and classification ------------------------------------- */

static enum kn_script
script_of_icu(UScriptCode sc)
{
	switch (sc) {
	case USCRIPT_COMMON:
		return KN_SCR_COMMON;
	case USCRIPT_INHERITED:
		return KN_SCR_INHERITED;
	case USCRIPT_LATIN:
		return KN_SCR_LATIN;
	case USCRIPT_HANGUL:
		return KN_SCR_HANGUL;
	case USCRIPT_HAN:
		return KN_SCR_HAN;
	case USCRIPT_HIRAGANA:
		return KN_SCR_HIRAGANA;
	case USCRIPT_KATAKANA:
		return KN_SCR_KATAKANA;
	case USCRIPT_CYRILLIC:
		return KN_SCR_CYRILLIC;
	case USCRIPT_GREEK:
		return KN_SCR_GREEK;
	case USCRIPT_THAI:
		return KN_SCR_THAI;
	case USCRIPT_ARABIC:
		return KN_SCR_ARABIC;
	case USCRIPT_HEBREW:
		return KN_SCR_HEBREW;
	default:
		return KN_SCR_OTHER;
	}
}

static enum kn_scan_class
class_of_type(int8_t t)
{
	switch (t) {
	case U_UPPERCASE_LETTER:
	case U_LOWERCASE_LETTER:
	case U_TITLECASE_LETTER:
	case U_MODIFIER_LETTER:
	case U_OTHER_LETTER:
		return KN_SC_LETTER;
	case U_NON_SPACING_MARK:
	case U_COMBINING_SPACING_MARK:
	case U_ENCLOSING_MARK:
		return KN_SC_MARK;
	case U_DECIMAL_DIGIT_NUMBER:
		return KN_SC_DIGIT;
	case U_DASH_PUNCTUATION:
	case U_START_PUNCTUATION:
	case U_END_PUNCTUATION:
	case U_CONNECTOR_PUNCTUATION:
	case U_OTHER_PUNCTUATION:
	case U_INITIAL_PUNCTUATION:
	case U_FINAL_PUNCTUATION:
		return KN_SC_PUNCT;
	case U_SPACE_SEPARATOR:
		return KN_SC_SPACE;
	case U_LINE_SEPARATOR:
	case U_PARAGRAPH_SEPARATOR:
		return KN_SC_BREAK;
	case U_FORMAT_CHAR:
		return KN_SC_FORMAT;
	case U_CONTROL_CHAR:
		return KN_SC_CONTROL;
	default:
		return KN_SC_SYMBOL;
	}
}

static void
classify_ascii(struct kn_scan_char *c, uint8_t b)
{
	c->icu = USCRIPT_COMMON;
	c->script = KN_SCR_COMMON;
	c->flags = 0;
	if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') {
		c->cls = KN_SC_LETTER;
		c->script = KN_SCR_LATIN;
		c->icu = USCRIPT_LATIN;
		c->flags = b <= 'Z' ? KN_CF_UPPER : 0;
	} else if (b >= '0' && b <= '9') {
		c->cls = KN_SC_DIGIT;
	} else if (b == ' ' || b == '\t' || b == '\v' || b == '\f') {
		c->cls = KN_SC_SPACE;
	} else if (b == '\n' || b == '\r') {
		c->cls = KN_SC_BREAK;
	} else if (b < 0x20 || b == 0x7F) {
		c->cls = KN_SC_CONTROL;
	} else if (b == '$' || b == '+' || b == '<' || b == '=' || b == '>' ||
	           b == '^' || b == '`' || b == '|' || b == '~') {
		c->cls = KN_SC_SYMBOL;
	} else {
		c->cls = KN_SC_PUNCT;
	}
}

static void
classify_other(struct kn_scan_char *c, uint32_t cp)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc;
	c->flags = 0;
	if (kn_is_hangul_syllable(cp)) {
		/* The bulk of Korean text: skip ICU. */
		c->cls = KN_SC_LETTER;
		c->script = KN_SCR_HANGUL;
		c->icu = USCRIPT_HANGUL;
		return;
	}
	if (cp >= 0x4E00 && cp <= 0x9FFF) {
		c->cls = KN_SC_LETTER;
		c->script = KN_SCR_HAN;
		c->icu = USCRIPT_HAN;
		return;
	}
	sc = uscript_getScript((UChar32)cp, &err);
	if (U_FAILURE(err)) {
		sc = USCRIPT_UNKNOWN;
	}
	c->icu = (int16_t)sc;
	c->script = (uint8_t)script_of_icu(sc);
	int8_t t = u_charType((UChar32)cp);
	c->cls = (uint8_t)class_of_type(t);
	if (cp == 0x85) {
		c->cls = KN_SC_BREAK;
	}
	if (t == U_UPPERCASE_LETTER || t == U_TITLECASE_LETTER) {
		c->flags |= KN_CF_UPPER;
	}
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		c->flags |= KN_CF_FULLWIDTH;
	}
	if (cp >= 0x3131 && cp <= 0x318E) {
		c->flags |= KN_CF_CJAMO;
	}
	if (u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC)) {
		c->flags |= KN_CF_PICTO;
	}
	UCharDirection d = u_charDirection((UChar32)cp);
	/* RLM and ALM are of class R and AL, but they are the controls
	 * being judged, not right-to-left text. */
	if ((d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC) &&
	    c->cls != KN_SC_FORMAT) {
		c->flags |= KN_CF_RTL;
	}
}

static bool
grow_chars(struct kn_scan_unit *u)
{
	if (u->len + 1 <= u->ch_cap) {
		return true;
	}
	/* A unit has at most KN_SCAN_CAP bytes, so at most that many
	 * characters: allocate once, for the whole unit. */
	size_t cap = u->len + 1;
	struct kn_scan_char *p = realloc(u->ch, cap * sizeof(*p));
	if (p == NULL) {
		u->oom = true;
		return false;
	}
	u->ch = p;
	u->ch_cap = cap;
	return true;
}

bool
kn_scan_decode(struct kn_scan_unit *u)
{
	u->n = 0;
	if (u->ch_cap < u->len + 1 && !grow_chars(u)) {
		return false;
	}
	const uint8_t *s = u->text;
	size_t i = 0;
	u->scripts = 0;
	u->special = false;
	while (i < u->len) {
		struct kn_scan_char *c = &u->ch[u->n++];
		c->off = (uint32_t)i;
		if (s[i] < 0x80) {
			c->cp = s[i];
			c->len = 1;
			classify_ascii(c, s[i]);
			u->scripts |= (uint32_t)(c->cls == KN_SC_LETTER)
			              << KN_SCR_LATIN;
			i++;
			continue;
		}
		uint32_t cp = 0;
		int r;
		if (s[i] >= 0xEA && s[i] <= 0xED && i + 2 < u->len &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
		    (s[i] != 0xED || s[i + 1] < 0xA0)) {
			/* Three bytes of U+A000..D7FF, Hangul's block:
			 * decoded here, the common case of Korean text. */
			cp = (uint32_t)(s[i] & 0x0F) << 12 |
			     (uint32_t)(s[i + 1] & 0x3F) << 6 |
			     (s[i + 2] & 0x3F);
			r = 3;
		} else {
			r = kn_utf8_decode(s + i, u->len - i, &cp);
		}
		if (r <= 0) {
			/* Invalid or truncated UTF-8: the unit is refused
			 * with the offset of the bad sequence. */
			u->n--;
			u->bad_at = i;
			return false;
		}
		c->cp = cp;
		c->len = (uint8_t)r;
		classify_other(c, cp);
		if (c->cls == KN_SC_LETTER) {
			u->scripts |= 1u << c->script;
		}
		u->special |= c->cls == KN_SC_FORMAT || c->cls == KN_SC_MARK ||
		              cp == 0x3164 || cp == 0xFFA0 || cp == 0x115F ||
		              cp == 0x1160 || cp == 0x2800;
		i += (size_t)r;
	}
	return true;
}

bool
kn_is_word_char(const struct kn_scan_char *c)
{
	return c->cls == KN_SC_LETTER || c->cls == KN_SC_MARK;
}

const char *
kn_script_name(int script, int icu)
{
	if (script == KN_SCR_HAN && icu == USCRIPT_HAN) {
		return "Han";
	}
	const char *name = uscript_getName((UScriptCode)icu);
	return name != NULL ? name : "Unknown";
}

/* ---- Reasons ----------------------------------------------------------- */

/* "U+200B ZERO WIDTH SPACE" into buf. */
static void
describe_char(uint32_t cp, char *buf, size_t cap)
{
	char name[96];
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, name,
	                       (int32_t)sizeof(name), &err);
	if (U_FAILURE(err) || n <= 0) {
		snprintf(buf, cap, "U+%04X", (unsigned)cp);
		return;
	}
	snprintf(buf, cap, "U+%04X %s", (unsigned)cp, name);
}

static void
add_char_hit(struct kn_scan_unit *u, enum konorm_scan_kind kind, size_t i,
             double score, const char *why)
{
	const struct kn_scan_char *c = &u->ch[i];
	char who[128], reason[320];
	describe_char(c->cp, who, sizeof(who));
	snprintf(reason, sizeof(reason), "%s %s", who, why);
	struct kn_scan_hit h = {
	        .kind = (uint8_t)kind,
	        .removable = 1,
	        .script = c->script,
	        .icu = c->icu,
	        .start = c->off,
	        .end = c->off + c->len,
	        .remove_start = c->off,
	        .remove_end = c->off + c->len,
	        .codepoint = c->cp,
	        .score = score,
	};
	kn_scan_add(u, &h, reason, NULL, 0);
}

/* ---- Invisible characters ---------------------------------------------- */

static const struct kn_scan_char *
neighbour(const struct kn_scan_unit *u, size_t i, int dir)
{
	if (dir < 0) {
		return i > 0 ? &u->ch[i - 1] : NULL;
	}
	return i + 1 < u->n ? &u->ch[i + 1] : NULL;
}

static bool
is_letter(const struct kn_scan_char *c)
{
	return c != NULL && c->cls == KN_SC_LETTER;
}

/* Scripts whose orthography needs ZWJ/ZWNJ (Arabic, Indic, Persian...):
 * every script but the ones konorm's texts mix, which never need them
 * (Unicode 15.0 §23.2). */
static bool
needs_joiners(const struct kn_scan_char *c)
{
	if (c == NULL || c->cls != KN_SC_LETTER) {
		return false;
	}
	switch (c->script) {
	case KN_SCR_LATIN:
	case KN_SCR_HANGUL:
	case KN_SCR_HAN:
	case KN_SCR_HIRAGANA:
	case KN_SCR_KATAKANA:
	case KN_SCR_CYRILLIC:
	case KN_SCR_GREEK:
	case KN_SCR_COMMON:
		return false;
	default:
		return true;
	}
}

/* The letter a joiner at i attaches to in direction dir: past the
 * combining marks of that letter (दिखाएँ ends in U+0901, بِ in a kasra)
 * and past other joiners. */
static const struct kn_scan_char *
joined_letter(const struct kn_scan_unit *u, size_t i, int dir)
{
	const struct kn_scan_char *c = neighbour(u, i, dir);
	while (c != NULL && (c->cls == KN_SC_MARK || c->cp == 0x200C ||
	                     c->cp == 0x200D)) {
		i = (size_t)(c - u->ch);
		c = neighbour(u, i, dir);
	}
	return c;
}

static bool
is_emoji_part(const struct kn_scan_char *c)
{
	if (c == NULL) {
		return false;
	}
	return (c->flags & KN_CF_PICTO) != 0 || c->cp == 0xFE0F ||
	       (c->cp >= 0x1F3FB && c->cp <= 0x1F3FF) || c->cp == 0x20E3;
}

static bool
is_bidi_control(uint32_t cp)
{
	return cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Format characters with a legitimate place in their scripts' text
 * (Arabic number signs, Egyptian and shorthand format controls). */
static bool
is_script_format(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x0605) || cp == 0x06DD || cp == 0x070F ||
	       cp == 0x0890 || cp == 0x0891 || cp == 0x08E2 || cp == 0x110BD ||
	       cp == 0x110CD || (cp >= 0x13430 && cp <= 0x1343F) ||
	       (cp >= 0x1BCA0 && cp <= 0x1BCA3);
}

/* Why the character at i is out of place, or NULL if it is fine. */
static const char *
invisible_reason(const struct kn_scan_unit *u, size_t i, double *score)
{
	const struct kn_scan_char *c = &u->ch[i];
	const struct kn_scan_char *p = neighbour(u, i, -1);
	const struct kn_scan_char *n = neighbour(u, i, +1);
	uint32_t cp = c->cp;
	*score = 0.9;
	switch (cp) {
	case 0x200B:
		/* Thai, Lao, Khmer and Myanmar use ZWSP as a word break. */
		if (needs_joiners(p) && needs_joiners(n)) {
			return NULL;
		}
		return is_letter(p) && is_letter(n)
		               ? "inside a word: invisible, it splits the word "
		                 "for search and matching"
		               : "is invisible and carries no meaning here";
	case 0x2060:
	case 0x180E:
		return "is invisible and carries no meaning here";
	case 0xFEFF:
		if (i == 0 && u->stream_start && !u->report_bom) {
			return NULL; /* a byte order mark where it belongs */
		}
		return i == 0 && u->stream_start
		               ? "at the start: a byte order mark"
		               : "after the start of the text: a byte order "
		                 "mark "
		                 "is only meaningful as the first character";
	case 0x00AD:
		if (!(is_letter(p) && is_letter(n))) {
			return NULL;
		}
		*score = 0.7;
		return "inside a word: invisible, it splits the word for "
		       "search "
		       "and matching";
	case 0x200C:
	case 0x200D:
		if (cp == 0x200D && is_emoji_part(p) && is_emoji_part(n)) {
			return NULL; /* an emoji ZWJ sequence (UTS #51) */
		}
		if (needs_joiners(joined_letter(u, i, -1)) ||
		    needs_joiners(joined_letter(u, i, +1))) {
			return NULL;
		}
		return "between characters of scripts that never join: "
		       "invisible and meaningless here";
	case 0x3164:
	case 0xFFA0:
		*score = 0.95;
		return "posing as a blank or a letter: a Hangul filler is only "
		       "meaningful inside a KS X 1001 jamo sequence";
	case 0x115F:
		if (n != NULL && ((n->cp >= 0x1160 && n->cp <= 0x11A7) ||
		                  (n->cp >= 0xD7B0 && n->cp <= 0xD7C6))) {
			return NULL; /* fills the initial of an L V sequence */
		}
		*score = 0.95;
		return "posing as a blank or a letter: a choseong filler must "
		       "be followed by a vowel jamo";
	case 0x1160:
		if (p != NULL && ((p->cp >= 0x1100 && p->cp <= 0x115F) ||
		                  (p->cp >= 0xA960 && p->cp <= 0xA97C))) {
			return NULL;
		}
		*score = 0.95;
		return "posing as a blank or a letter: a jungseong filler must "
		       "follow an initial jamo";
	case 0x2800:
		if ((p != NULL && p->cp >= 0x2801 && p->cp <= 0x28FF) ||
		    (n != NULL && n->cp >= 0x2801 && n->cp <= 0x28FF)) {
			return NULL;
		}
		*score = 0.8;
		return "posing as a blank outside Braille text";
	default:
		break;
	}
	if (cp >= 0xFE00 && cp <= 0xFE0F) {
		/* Variation selectors belong after emoji, symbols, digits
		 * (keycaps) and the ideographs and scripts with standardized
		 * variants; after Latin, Cyrillic, Greek or Hangul letters, a
		 * space or another selector they only hide (UTS #39 §3.1). */
		if (p != NULL && p->cls != KN_SC_SPACE &&
		    p->cls != KN_SC_BREAK &&
		    !(p->cp >= 0xFE00 && p->cp <= 0xFE0F) &&
		    !(p->cls == KN_SC_LETTER && (p->script == KN_SCR_LATIN ||
		                                 p->script == KN_SCR_CYRILLIC ||
		                                 p->script == KN_SCR_GREEK ||
		                                 p->script == KN_SCR_HANGUL))) {
			return NULL;
		}
		*score = 0.8;
		return "selects no variant of the character before it";
	}
	if (cp >= 0xE0100 && cp <= 0xE01EF) {
		if (p != NULL && p->script == KN_SCR_HAN) {
			return NULL; /* an ideographic variation sequence */
		}
		*score = 0.8;
		return "selects no variant of the character before it";
	}
	if (cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) {
		/* Tags are only valid in emoji tag sequences (UTS #51 §2.8):
		 * after U+1F3F4 or another tag. */
		size_t k = i;
		while (k > 0 && u->ch[k - 1].cp >= 0xE0020 &&
		       u->ch[k - 1].cp <= 0xE007F) {
			k--;
		}
		if (k > 0 && u->ch[k - 1].cp == 0x1F3F4 && cp != 0xE0001) {
			return NULL;
		}
		*score = 0.95;
		return "is an invisible tag character outside an emoji tag "
		       "sequence (it can smuggle hidden ASCII text)";
	}
	if ((cp >= 0x2061 && cp <= 0x2064) || (cp >= 0x206A && cp <= 0x206F) ||
	    (cp >= 0xFFF9 && cp <= 0xFFFB) ||
	    (cp >= 0x1D173 && cp <= 0x1D17A)) {
		return "is an invisible format character with no effect in "
		       "plain text";
	}
	if (c->cls == KN_SC_FORMAT && !is_bidi_control(cp) &&
	    !is_script_format(cp) && cp != 0x034F) {
		*score = 0.75;
		return "is an invisible format character";
	}
	return NULL;
}

void
kn_scan_invisibles(struct kn_scan_unit *u)
{
	if (!u->special) {
		return;
	}
	for (size_t i = 0; i < u->n; i++) {
		const struct kn_scan_char *c = &u->ch[i];
		/* Everything of interest is outside ASCII and is a format
		 * character, a mark, a filler letter or a symbol. */
		if (c->cp < 0xAD || c->cls == KN_SC_DIGIT ||
		    kn_is_hangul_syllable(c->cp)) {
			continue;
		}
		double score;
		const char *why = invisible_reason(u, i, &score);
		if (why != NULL && score >= u->threshold) {
			add_char_hit(u, KONORM_SCAN_INVISIBLE, i, score, why);
		}
	}
}

/* ---- Bidi controls (UAX #9) -------------------------------------------- */

enum bidi_role { BIDI_MARK, BIDI_EMBED, BIDI_ISOLATE, BIDI_PDF, BIDI_PDI };

static enum bidi_role
bidi_role(uint32_t cp)
{
	if (cp >= 0x202A && cp <= 0x202E) {
		return cp == 0x202C ? BIDI_PDF : BIDI_EMBED;
	}
	if (cp >= 0x2066 && cp <= 0x2068) {
		return BIDI_ISOLATE;
	}
	if (cp == 0x2069) {
		return BIDI_PDI;
	}
	return BIDI_MARK;
}

/* The explicit-level stack is bounded by UAX #9 BD2's max_depth, 125;
 * deeper openers overflow and are unbalanced by definition. */
#define BIDI_MAX_DEPTH 125

static void
flag_bidi(struct kn_scan_unit *u, size_t i, bool rtl, bool unbalanced)
{
	uint32_t cp = u->ch[i].cp;
	if (unbalanced && (cp == 0x202C || cp == 0x2069)) {
		/* A pop with nothing to close is ignored by the algorithm
		 * (UAX #9 X6a, X7): no reordering, an invisible leftover. */
		add_char_hit(u, KONORM_SCAN_BIDI_CONTROL, i, 0.6,
		             "closes nothing: the bidi algorithm ignores it, "
		             "an invisible leftover of editing");
	} else if (unbalanced) {
		add_char_hit(
		        u, KONORM_SCAN_BIDI_CONTROL, i, 0.99,
		        "is unbalanced: it reorders the text after it up to "
		        "the end of the paragraph, so what is displayed "
		        "differs from what is stored (Trojan Source, "
		        "CVE-2021-42574)");
	} else if (!rtl) {
		add_char_hit(u, KONORM_SCAN_BIDI_CONTROL, i, 0.9,
		             "in a paragraph with no right-to-left text: it "
		             "has nothing to order and can hide a reordering");
	}
}

/* Right-to-left letters that are themselves a flagged insertion do not
 * make the bidi controls around them legitimate (the foreign-run pass
 * runs first). */
static bool
in_foreign_run(const struct kn_scan_unit *u, uint32_t off)
{
	for (size_t h = 0; h < u->nhits; h++) {
		if (u->hits[h].kind == KONORM_SCAN_FOREIGN_RUN &&
		    u->hits[h].start <= off && off < u->hits[h].end) {
			return true;
		}
	}
	return false;
}

/* A document mostly in a right-to-left script so far (its decayed letter
 * counts, this paragraph included): there a paragraph of placeholders or
 * Latin gets an RLM or an isolate to sit right in the right-to-left UI
 * (an Arabic catalog's "\u200F{ $engineName }"). */
static bool
rtl_document(const struct kn_scan_unit *u)
{
	if (u->doc_letters == NULL) {
		return false;
	}
	double all = 0;
	for (int s = 0; s < KN_SCR_COUNT; s++) {
		all += u->doc_letters[s];
	}
	double rtl = u->doc_letters[KN_SCR_ARABIC] +
	             u->doc_letters[KN_SCR_HEBREW];
	return rtl >= 4 && rtl >= 0.3 * all;
}

/* One paragraph in the UAX #9 sense (ended by a line break). */
static void
scan_bidi_line(struct kn_scan_unit *u, size_t from, size_t to)
{
	bool rtl = rtl_document(u), any = false;
	for (size_t i = from; i < to; i++) {
		rtl |= (u->ch[i].flags & KN_CF_RTL) != 0 &&
		       !in_foreign_run(u, u->ch[i].off);
		any |= u->ch[i].cp >= 0x200E && is_bidi_control(u->ch[i].cp);
		any |= u->ch[i].cp == 0x061C;
	}
	if (!any) {
		return;
	}
	/* A control is unbalanced when it is never closed, or closes
	 * nothing; matched pairs are fine in right-to-left text. */
	size_t stack[BIDI_MAX_DEPTH];
	size_t depth = 0;
	for (size_t i = from; i < to; i++) {
		uint32_t cp = u->ch[i].cp;
		if (!is_bidi_control(cp)) {
			continue;
		}
		enum bidi_role r = bidi_role(cp);
		if (r == BIDI_EMBED || r == BIDI_ISOLATE) {
			if (depth < BIDI_MAX_DEPTH) {
				stack[depth++] = i;
			} else {
				u->ch[i].flags |= KN_CF_UNBALANCED;
			}
		} else if (r == BIDI_PDF) {
			if (depth > 0 &&
			    bidi_role(u->ch[stack[depth - 1]].cp) ==
			            BIDI_EMBED) {
				depth--;
			} else {
				u->ch[i].flags |= KN_CF_UNBALANCED;
			}
		} else if (r == BIDI_PDI) {
			/* Closes the innermost isolate and every embedding
			 * opened inside it (BD9); those embeddings were never
			 * closed themselves. */
			size_t k = depth;
			while (k > 0 && bidi_role(u->ch[stack[k - 1]].cp) !=
			                        BIDI_ISOLATE) {
				k--;
			}
			if (k == 0) {
				u->ch[i].flags |= KN_CF_UNBALANCED;
			} else {
				for (size_t j = k; j < depth; j++) {
					u->ch[stack[j]].flags |=
					        KN_CF_UNBALANCED;
				}
				depth = k - 1;
			}
		}
	}
	for (size_t j = 0; j < depth; j++) {
		/* An embedding (not an override) opened by the paragraph's
		 * first character in right-to-left text sets the direction of
		 * the whole paragraph, which ends it (UAX #9 X8): nothing is
		 * displayed out of the stored order. */
		size_t at = stack[j];
		uint32_t cp = u->ch[at].cp;
		if (at == from && rtl && (cp == 0x202A || cp == 0x202B)) {
			continue;
		}
		u->ch[at].flags |= KN_CF_UNBALANCED;
	}
	for (size_t i = from; i < to; i++) {
		if (is_bidi_control(u->ch[i].cp)) {
			flag_bidi(u, i, rtl,
			          (u->ch[i].flags & KN_CF_UNBALANCED) != 0);
		}
	}
}

void
kn_scan_bidi(struct kn_scan_unit *u)
{
	size_t from = 0;
	if (!u->special) {
		return;
	}
	for (size_t i = 0; i <= u->n; i++) {
		if (i == u->n || u->ch[i].cls == KN_SC_BREAK) {
			if (i > from) {
				scan_bidi_line(u, from, i);
			}
			from = i + 1;
		}
	}
}

/* ---- Mixed-script words (UTS #39 §5.1) --------------------------------- */

/* Scripts with letters confusable with each other's (the Latin, Greek,
 * Cyrillic, Armenian and Cherokee families of confusables.txt). */
static bool
confusable_family(int16_t icu)
{
	return icu == USCRIPT_LATIN || icu == USCRIPT_CYRILLIC ||
	       icu == USCRIPT_GREEK || icu == USCRIPT_ARMENIAN ||
	       icu == USCRIPT_CHEROKEE || icu == USCRIPT_COPTIC;
}

/* The UTS #39 skeleton of one character, when it is plain ASCII (what a
 * reader of Latin text sees); 0 otherwise. */
static size_t
ascii_skeleton(const USpoofChecker *sc, const uint8_t *s, size_t n, char *out,
               size_t cap)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = uspoof_getSkeletonUTF8(sc, 0, (const char *)s, (int32_t)n,
	                                     out, (int32_t)cap, &err);
	if (U_FAILURE(err) || len <= 0 || (size_t)len >= cap) {
		return 0;
	}
	for (int32_t i = 0; i < len; i++) {
		if ((uint8_t)out[i] >= 0x80) {
			return 0;
		}
	}
	return (size_t)len;
}

struct word_scripts {
	int16_t major; /* the script with most letters */
	size_t letters;
	size_t major_letters;
	size_t families; /* distinct confusable-family scripts */
};

static struct word_scripts
count_word_scripts(const struct kn_scan_unit *u, size_t a, size_t b)
{
	int16_t seen[4] = {0};
	size_t count[4] = {0};
	struct word_scripts w = {.major = -1};
	for (size_t i = a; i < b; i++) {
		const struct kn_scan_char *c = &u->ch[i];
		if (c->cls != KN_SC_LETTER) {
			continue;
		}
		w.letters++;
		if (!confusable_family(c->icu)) {
			continue;
		}
		size_t k = 0;
		while (k < w.families && seen[k] != c->icu) {
			k++;
		}
		if (k == w.families && k < 4) {
			seen[k] = c->icu;
			w.families++;
		}
		if (k < 4) {
			count[k]++;
		}
	}
	for (size_t k = 0; k < w.families; k++) {
		if (count[k] > w.major_letters) {
			w.major_letters = count[k];
			w.major = seen[k];
		}
	}
	return w;
}

static const USpoofChecker *
spoof_checker(struct kn_scan_unit *u)
{
	if (u->spoof == NULL) {
		UErrorCode err = U_ZERO_ERROR;
		USpoofChecker *sc = uspoof_open(&err);
		if (U_FAILURE(err)) {
			u->oom = true;
			return NULL;
		}
		u->spoof = sc;
	}
	return u->spoof;
}

void
kn_scan_spoof_close(struct kn_scan_unit *u)
{
	if (u->spoof != NULL) {
		uspoof_close(u->spoof);
		u->spoof = NULL;
	}
}

size_t
kn_scan_look_alike(struct kn_scan_unit *u, size_t a, size_t b, int keep,
                   struct kn_buf *out)
{
	const USpoofChecker *sc = spoof_checker(u);
	size_t confusable = 0;
	for (size_t i = a; i < b && sc != NULL; i++) {
		const struct kn_scan_char *c = &u->ch[i];
		const uint8_t *p = u->text + c->off;
		char sk[32];
		size_t n = 0;
		if (c->cls == KN_SC_LETTER && c->icu != keep &&
		    confusable_family(c->icu)) {
			n = ascii_skeleton(sc, p, c->len, sk, sizeof(sk));
			if (n == c->len && memcmp(sk, p, n) == 0) {
				n = 0; /* its own skeleton: looks like itself */
			}
			confusable += n > 0;
		}
		if (!(n > 0 ? kn_buf_append(out, sk, n)
		            : kn_buf_append(out, p, c->len))) {
			u->oom = true;
			break;
		}
	}
	return confusable;
}

static void
check_word(struct kn_scan_unit *u, size_t a, size_t b)
{
	struct word_scripts w = count_word_scripts(u, a, b);
	/* Two letters (πr) are notation more often than a word. */
	if (w.families < 2 || w.letters < 3 || w.major_letters < 2) {
		return;
	}
	struct kn_buf look = {0};
	size_t confusable = kn_scan_look_alike(u, a, b, w.major, &look);
	if (confusable < w.letters - w.major_letters &&
	    w.letters - w.major_letters >= 3) {
		/* Three or more letters that do not pass for the main
		 * script's: a foreign run glued to a word (scan_foreign.c). */
		kn_buf_release(&look);
		return;
	}
	/* Every foreign letter a look-alike: a spoof.  Letters of two
	 * scripts that do not look alike (a Greek Ω in a Latin word) are
	 * more often notation than deceit. */
	double score = confusable > 0 ? 0.92 : 0.45;
	if (w.major != USCRIPT_LATIN) {
		score -= 0.1;
	}
	if (score >= u->threshold && !u->oom) {
		char reason[200];
		snprintf(reason, sizeof(reason),
		         "word mixes %s letters with %zu letter%s of another "
		         "script%s",
		         kn_script_name(KN_SCR_OTHER, w.major),
		         w.letters - w.major_letters,
		         w.letters - w.major_letters == 1 ? "" : "s",
		         confusable > 0 ? " that look the same" : "");
		const struct kn_scan_char *first = &u->ch[a];
		const struct kn_scan_char *last = &u->ch[b - 1];
		/* The script reported is the intruder's: the first letter
		 * not of the main script. */
		size_t k = a;
		while (k < b && (u->ch[k].cls != KN_SC_LETTER ||
		                 u->ch[k].icu == w.major ||
		                 !confusable_family(u->ch[k].icu))) {
			k++;
		}
		struct kn_scan_hit h = {
		        .kind = KONORM_SCAN_MIXED_SCRIPT_WORD,
		        .removable = 0,
		        .script = k < b ? u->ch[k].script : first->script,
		        .icu = k < b ? u->ch[k].icu : first->icu,
		        .start = first->off,
		        .end = last->off + last->len,
		        .remove_start = first->off,
		        .remove_end = last->off + last->len,
		        .score = score,
		};
		kn_scan_add(u, &h, reason, (const char *)look.p, look.len);
	}
	kn_buf_release(&look);
}

void
kn_scan_mixed_words(struct kn_scan_unit *u)
{
	size_t i = 0;
	/* Only the confusable families can mix (Latin with Cyrillic,
	 * Greek, Armenian, Cherokee...). */
	if (!(u->scripts & (1u << KN_SCR_CYRILLIC | 1u << KN_SCR_GREEK |
	                    1u << KN_SCR_OTHER))) {
		return;
	}
	while (i < u->n) {
		if (!kn_is_word_char(&u->ch[i]) || u->ch[i].cp < 0x80) {
			/* Only words with a non-ASCII letter can mix. */
			i++;
			continue;
		}
		/* Find the whole word around this non-ASCII letter. */
		size_t a = i, b = i;
		while (a > 0 && kn_is_word_char(&u->ch[a - 1])) {
			a--;
		}
		while (b < u->n && kn_is_word_char(&u->ch[b])) {
			b++;
		}
		check_word(u, a, b);
		i = b;
	}
}
