/* SPDX-License-Identifier: MIT */
/*
 * The foreign-run model.  Each line gets a main script from its letters
 * (or, when it has few, from its paragraph and the document so far); a
 * run of letters of a script that is not at home there is a candidate;
 * its context then explains it (a gloss, brackets, quotes, a cue that
 * introduces a foreign word, Hanja glued to Korean particles) or
 * incriminates it (it breaks a sentence, it is glued to a word, it holds
 * a fake fullwidth address or spam vocabulary).  The score and its
 * weights are documented in docs/scan.md.
 */
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>

/* Lines with fewer words than this borrow their paragraph's or the
 * document's main script. */
#define FEW_WORDS 6
/* How far (in characters) brackets, quotes and gloss partners are looked
 * for around a run. */
#define REACH 80

struct line_ctx {
	int main;        /* enum kn_script */
	bool han_native; /* Chinese or Japanese prose */
	bool borrowed;   /* main came from the paragraph or the document */
	/* Words per script of the document so far, this paragraph
	 * included (decayed per paragraph), and their total. */
	const double *doc;
	double doc_total;
};

/* A document is bilingual, or written in a run's script, when that
 * script holds this share of its words (and it has this many words):
 * a Korean manual quoting English titles, an English one with Korean
 * sections.  Its runs are at home, not insertions. */
#define HOME_SHARE 0.35
#define HOME_MIN_WORDS 12

/* ---- The main script --------------------------------------------------- */

static bool
counts_letter(const struct kn_scan_char *c)
{
	return c->cls == KN_SC_LETTER && c->script != KN_SCR_COMMON &&
	       c->script != KN_SCR_INHERITED &&
	       !(c->flags & (KN_CF_CJAMO | KN_CF_FULLWIDTH));
}

static double
total(const double *n)
{
	double t = 0;
	for (int s = 0; s < KN_SCR_COUNT; s++) {
		t += n[s];
	}
	return t;
}

static struct line_ctx
main_script(const double *n)
{
	struct line_ctx ctx = {.main = KN_SCR_LATIN};
	double kana = n[KN_SCR_HIRAGANA] + n[KN_SCR_KATAKANA];
	/* Latin wins no tie: it is at home in every prose (code, brands),
	 * so an even count means prose of the other script around it. */
	double best = n[KN_SCR_LATIN];
	for (int s = KN_SCR_LATIN + 1; s < KN_SCR_COUNT; s++) {
		if (n[s] > 0 && n[s] >= best) {
			best = n[s];
			ctx.main = s;
		}
	}
	/* Japanese prose is kana and kanji; Chinese prose is Han alone; a
	 * Korean text heavy in Hanja still has its Hangul endings. */
	if (ctx.main == KN_SCR_HAN || ctx.main == KN_SCR_HIRAGANA ||
	    ctx.main == KN_SCR_KATAKANA) {
		if (n[KN_SCR_HANGUL] > kana &&
		    n[KN_SCR_HANGUL] >= 0.25 * n[KN_SCR_HAN]) {
			ctx.main = KN_SCR_HANGUL;
		} else {
			ctx.han_native = true;
		}
	}
	return ctx;
}

/* ---- Candidates and runs ----------------------------------------------- */

static bool
is_candidate(const struct kn_scan_char *c, const struct line_ctx *ctx)
{
	if (c->cls != KN_SC_LETTER && c->cls != KN_SC_DIGIT) {
		return false;
	}
	if (c->flags & KN_CF_FULLWIDTH) {
		/* Fullwidth ASCII is at home only in CJK typesetting. */
		return !ctx->han_native;
	}
	if (c->cls != KN_SC_LETTER) {
		return false;
	}
	switch (c->script) {
	case KN_SCR_COMMON:
	case KN_SCR_INHERITED:
	case KN_SCR_LATIN:
		/* Latin is at home everywhere: acronyms, brands, options and
		 * code in Korean, Chinese or Russian prose. */
		return false;
	case KN_SCR_HANGUL:
		/* ㅋㅋㅋ and ㅠㅠ are emoticons wherever they stand; the
		 * fillers are the invisible kind's. */
		return ctx->main != KN_SCR_HANGUL &&
		       !(c->flags & KN_CF_CJAMO) && c->cp != 0xFFA0 &&
		       c->cp != 0x115F && c->cp != 0x1160;
	case KN_SCR_HAN:
		return !ctx->han_native;
	case KN_SCR_HIRAGANA:
	case KN_SCR_KATAKANA:
		return !ctx->han_native;
	default:
		return c->script != ctx->main;
	}
}

static bool
is_sentence_end(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 ||
	       cp == 0xFF01 || cp == 0xFF1F;
}

/* Characters a run may span between its letters: spaces, digits and the
 * punctuation of addresses and lists, not brackets, quotes or sentence
 * ends. */
static bool
gap_ok(const struct kn_scan_char *c)
{
	if (c->cls == KN_SC_SPACE || c->cls == KN_SC_DIGIT ||
	    c->cls == KN_SC_MARK || c->script == KN_SCR_INHERITED) {
		return true;
	}
	uint32_t cp = c->cp;
	if (cp == 0x30FC || cp == 0x30FB || cp == 0x3005) {
		return true; /* ー ・ 々: Common letters of kana and Han text */
	}
	if (c->cls == KN_SC_BREAK || c->cls == KN_SC_LETTER) {
		return false;
	}
	if (cp < 0x80) {
		return strchr("-/:_~&,.", (int)cp) != NULL;
	}
	/* Fullwidth punctuation of fake addresses, the middle dot, the
	 * Japanese prolonged sound mark and ideographic comma. */
	return (cp >= 0xFF01 && cp <= 0xFF0F && cp != 0xFF08 && cp != 0xFF09 &&
	        cp != 0xFF02 && cp != 0xFF07) ||
	       cp == 0xFF1A || cp == 0xFF3F || cp == 0x00B7 || cp == 0x30FB ||
	       cp == 0x30FC || cp == 0x3001;
}

/* The end of the run of candidates that starts at i. */
static size_t
run_end(const struct kn_scan_unit *u, size_t i, const struct line_ctx *ctx)
{
	size_t end = i + 1;
	size_t k = end;
	while (k < u->n) {
		const struct kn_scan_char *c = &u->ch[k];
		if (is_candidate(c, ctx) ||
		    (c->cls == KN_SC_MARK && k == end)) {
			k++;
			end = k;
			continue;
		}
		if (c->cls == KN_SC_DIGIT && k == end) {
			/* Digits glued to the run (카지노24) are part of it. */
			k++;
			end = k;
			continue;
		}
		/* A short gap, if candidates follow it. */
		size_t g = k;
		while (g < u->n && g - k < 4 && gap_ok(&u->ch[g]) &&
		       !(is_sentence_end(u->ch[g].cp) && g + 1 < u->n &&
		         u->ch[g + 1].cls == KN_SC_SPACE)) {
			g++;
		}
		if (g > k && g < u->n && is_candidate(&u->ch[g], ctx)) {
			k = g;
			continue;
		}
		break;
	}
	return end;
}

/* ---- Context features -------------------------------------------------- */

struct run {
	size_t a, b; /* characters [a, b) */
	size_t letters;
	size_t han, han_unread, han_function, kana, fullwidth;
	size_t han_word; /* the longest run of Han with no space */
	int script;      /* of the first letter */
	int16_t icu;
	const struct line_ctx *ctx;
};

struct features {
	bool bracketed, in_clause, quoted, cue, gloss, term_paren, own_sentence;
	bool glued, breaks_sentence, url, hanja_glued, hangul_before;
	bool doc_home; /* the run's script is one the document is written in */
	bool label;    /* a numbered caption or a counter: 그림 17.3, 8.1절 */
	int spam;
};

static size_t
prev_sig(const struct kn_scan_unit *u, size_t a)
{
	size_t i = a;
	while (i > 0 && u->ch[i - 1].cls == KN_SC_SPACE) {
		i--;
	}
	return i > 0 ? i - 1 : SIZE_MAX;
}

static size_t
next_sig(const struct kn_scan_unit *u, size_t b)
{
	size_t i = b;
	while (i < u->n && u->ch[i].cls == KN_SC_SPACE) {
		i++;
	}
	return i < u->n ? i : SIZE_MAX;
}

static uint32_t
closer_of(uint32_t cp)
{
	switch (cp) {
	case '(':
		return ')';
	case '[':
		return ']';
	case 0xFF08:
		return 0xFF09;
	case 0xFF3B:
		return 0xFF3D;
	case 0x3014:
		return 0x3015;
	default:
		return 0;
	}
}

/* Inside an unclosed bracket that closes after the run, on one line. */
static bool
inside_brackets(const struct kn_scan_unit *u, const struct run *r,
                size_t *open_at)
{
	size_t depth = 0;
	for (size_t i = r->a; i > 0 && r->a - i < REACH; i--) {
		uint32_t cp = u->ch[i - 1].cp;
		if (u->ch[i - 1].cls == KN_SC_BREAK) {
			break;
		}
		if (cp == ')' || cp == ']' || cp == 0xFF09 || cp == 0xFF3D) {
			depth++;
		} else if (closer_of(cp) != 0) {
			if (depth > 0) {
				depth--;
				continue;
			}
			uint32_t want = closer_of(cp);
			for (size_t k = r->b; k < u->n && k - r->b < REACH;
			     k++) {
				if (u->ch[k].cp == want) {
					*open_at = i - 1;
					return true;
				}
				if (u->ch[k].cls == KN_SC_BREAK ||
				    closer_of(u->ch[k].cp) != 0) {
					break;
				}
			}
			return false;
		}
	}
	return false;
}

static bool
is_open_quote(const struct kn_scan_unit *u, size_t i)
{
	uint32_t cp = u->ch[i].cp;
	if (cp == 0x201C || cp == 0x2018 || cp == 0x00AB || cp == 0x300C ||
	    cp == 0x300E || cp == 0x300A || cp == 0x3008 || cp == 0x201E ||
	    cp == 0xFF02) {
		return true;
	}
	if (cp == '"' || cp == '\'') {
		/* Straight quotes open where no letter precedes them. */
		return i == 0 || u->ch[i - 1].cls != KN_SC_LETTER;
	}
	return false;
}

static bool
is_close_quote(const struct kn_scan_unit *u, size_t i)
{
	uint32_t cp = u->ch[i].cp;
	if (cp == 0x201D || cp == 0x2019 || cp == 0x00BB || cp == 0x300D ||
	    cp == 0x300F || cp == 0x300B || cp == 0x3009 || cp == 0x201C ||
	    cp == 0xFF02) {
		return true;
	}
	if (cp == '"' || cp == '\'') {
		return i + 1 >= u->n || u->ch[i + 1].cls != KN_SC_LETTER;
	}
	return false;
}

static bool
is_quote(uint32_t cp)
{
	return cp == '"' || cp == '\'' || (cp >= 0x2018 && cp <= 0x201F) ||
	       cp == 0x00AB || cp == 0x00BB || (cp >= 0x3008 && cp <= 0x300F) ||
	       cp == 0xFF02;
}

/* The nearest quote before the run opens, the nearest after closes. */
static bool
inside_quotes(const struct kn_scan_unit *u, const struct run *r)
{
	size_t i = r->a;
	while (i > 0 && r->a - i < REACH && u->ch[i - 1].cls != KN_SC_BREAK) {
		i--;
		if (u->ch[i].cp == '\'' && i > 0 &&
		    u->ch[i - 1].cls == KN_SC_LETTER) {
			continue; /* an apostrophe: Korea's */
		}
		if (is_quote(u->ch[i].cp)) {
			if (!is_open_quote(u, i)) {
				return false;
			}
			for (size_t k = r->b; k < u->n && k - r->b < REACH;
			     k++) {
				if (u->ch[k].cls == KN_SC_BREAK) {
					return false;
				}
				if (is_quote(u->ch[k].cp)) {
					return is_close_quote(u, k);
				}
			}
			return false;
		}
	}
	return false;
}

/* Gathers up to `max` Latin words next to the run (dir -1 before, +1
 * after), across spaces, brackets, commas, dashes and colons; returns the
 * character range they cover. */
static bool
latin_words(const struct kn_scan_unit *u, const struct run *r, int dir,
            size_t max, size_t *from, size_t *to)
{
	size_t words = 0;
	size_t i = dir < 0 ? r->a : r->b;
	size_t lo = i, hi = i;
	while (words < max) {
		/* Skip separators. */
		while (dir < 0 ? i > 0 : i < u->n) {
			const struct kn_scan_char *c =
			        &u->ch[dir < 0 ? i - 1 : i];
			bool sep = c->cls == KN_SC_SPACE || c->cp == '(' ||
			           c->cp == ')' || c->cp == ',' ||
			           c->cp == ':' || c->cp == 0x2014 ||
			           c->cp == 0x2013 || c->cp == '-' ||
			           is_quote(c->cp) || c->cp == 0xFF08 ||
			           c->cp == 0xFF09;
			if (!sep) {
				break;
			}
			i = dir < 0 ? i - 1 : i + 1;
		}
		size_t start = i;
		while (dir < 0 ? i > 0 : i < u->n) {
			const struct kn_scan_char *c =
			        &u->ch[dir < 0 ? i - 1 : i];
			bool in_word = (c->cls == KN_SC_LETTER &&
			                c->script == KN_SCR_LATIN) ||
			               c->cp == '-' || c->cp == '\'' ||
			               c->cp == 0x2019;
			if (!in_word) {
				break;
			}
			i = dir < 0 ? i - 1 : i + 1;
		}
		if (i == start) {
			break;
		}
		words++;
		if (dir < 0) {
			lo = i;
		} else {
			hi = i;
		}
	}
	*from = dir < 0 ? lo : r->b;
	*to = dir < 0 ? r->a : hi;
	return words > 0;
}

/* Does the run, or one of its words, spell the Latin words next to it?
 * (Kim Jong-un (김정은), 서울 (Seoul), Tolstoy (Толстой).) */
static bool
gloss_matches(const struct kn_scan_unit *u, const struct run *r)
{
	char rk[64], lk[64], rr[64];
	size_t rn = kn_gloss_key(u->ch + r->a, r->b - r->a, rk, sizeof(rk));
	size_t rrn = 0;
	if (rn == 0) {
		return false;
	}
	if (r->script == KN_SCR_HANGUL) {
		size_t from = u->ch[r->a].off;
		size_t to = u->ch[r->b - 1].off + u->ch[r->b - 1].len;
		rrn = kn_gloss_key_romanized(u->text + from, to - from, rr,
		                             sizeof(rr));
	}
	for (int dir = -1; dir <= 1; dir += 2) {
		for (size_t max = 1; max <= 4; max++) {
			size_t from, to;
			if (!latin_words(u, r, dir, max, &from, &to)) {
				break;
			}
			/* Only the Latin letters of the range count. */
			struct kn_scan_char tmp[96];
			size_t m = 0;
			for (size_t i = from; i < to && m < KN_ARRAY_LEN(tmp);
			     i++) {
				if (u->ch[i].script == KN_SCR_LATIN) {
					tmp[m++] = u->ch[i];
				}
			}
			size_t ln = kn_gloss_key(tmp, m, lk, sizeof(lk));
			if (kn_gloss_keys_match(rk, rn, lk, ln) ||
			    kn_gloss_keys_match(rr, rrn, lk, ln)) {
				return true;
			}
		}
	}
	return false;
}

/* A term with its gloss in brackets: "sushi (寿司)", "서울 (Seoul)",
 * "톨스토이(Толстой)". */
static bool
term_paren(const struct kn_scan_unit *u, const struct run *r, bool bracketed,
           size_t open_at)
{
	if (bracketed) {
		size_t p = prev_sig(u, open_at);
		return p != SIZE_MAX && u->ch[p].cls == KN_SC_LETTER;
	}
	size_t n = next_sig(u, r->b);
	if (n == SIZE_MAX || closer_of(u->ch[n].cp) == 0) {
		return false;
	}
	for (size_t k = n + 1; k < u->n && k - n < REACH; k++) {
		if (u->ch[k].cls == KN_SC_LETTER) {
			return u->ch[k].script == KN_SCR_LATIN ||
			       u->ch[k].script == u->ch[r->a].script ||
			       u->ch[k].script == r->ctx->main;
		}
	}
	return false;
}

static bool
letter_of_main(const struct kn_scan_unit *u, size_t i,
               const struct line_ctx *ctx)
{
	return i < u->n && u->ch[i].cls == KN_SC_LETTER &&
	       !is_candidate(&u->ch[i], ctx) &&
	       u->ch[i].script != KN_SCR_COMMON;
}

/* A dot between letters (．ｃｏｍ, .net) or a "www": an address, often
 * in fullwidth forms to slip past filters. */
static bool
looks_like_address(const struct kn_scan_unit *u, const struct run *r)
{
	for (size_t i = r->a; i + 1 < r->b; i++) {
		uint32_t cp = u->ch[i].cp;
		if ((cp == '.' || cp == 0xFF0E) && i > r->a &&
		    (u->ch[i - 1].cls == KN_SC_LETTER ||
		     u->ch[i - 1].cls == KN_SC_DIGIT) &&
		    (u->ch[i + 1].cls == KN_SC_LETTER ||
		     u->ch[i + 1].cls == KN_SC_DIGIT)) {
			return true;
		}
		bool w = cp == 'w' || cp == 'W' || cp == 0xFF57 || cp == 0xFF37;
		if (w && i + 2 < r->b && u->ch[i + 1].cp == cp &&
		    u->ch[i + 2].cp == cp) {
			return true;
		}
	}
	return false;
}

/* A short run that labels a number: a caption or heading word at the
 * start of a line before its number or letter ("그림 17.351. Example...",
 * "표 3", "부록 C."),
 * or a counter right after a number ("8.1.1절", "3장") — what a
 * partly translated manual is full of.  (Spam glued to digits comes
 * the other way round: 카지노24.) */
static bool
numbered_label(const struct kn_scan_unit *u, const struct run *r, size_t p,
               bool line_start)
{
	if (r->letters > 4) {
		return false;
	}
	bool after_digit = r->a > 0 && u->ch[r->a - 1].cls == KN_SC_DIGIT;
	if (after_digit) {
		return true;
	}
	bool at_line_start = line_start && (p == SIZE_MAX ||
	                                    u->ch[p].cls == KN_SC_BREAK);
	size_t n = r->b;
	if (n < u->n && u->ch[n].cls == KN_SC_SPACE) {
		n++;
	}
	if (!at_line_start || n == r->b || n >= u->n) {
		return false;
	}
	/* 그림 17.3, or an appendix letter: 부록 C. */
	return u->ch[n].cls == KN_SC_DIGIT ||
	       (u->ch[n].cp >= 'A' && u->ch[n].cp <= 'Z' &&
	        (n + 1 == u->n || u->ch[n + 1].cp == '.'));
}

static void
gather(const struct kn_scan_unit *u, const struct run *r, struct features *f)
{
	size_t open_at = 0;
	memset(f, 0, sizeof(*f));
	bool in_brackets = inside_brackets(u, r, &open_at);
	/* A gloss fills its brackets; a run inside a longer parenthetical
	 * clause is only part of that clause. */
	f->bracketed =
	        in_brackets && prev_sig(u, r->a) == open_at &&
	        next_sig(u, r->b) != SIZE_MAX &&
	        closer_of(u->ch[open_at].cp) == u->ch[next_sig(u, r->b)].cp;
	f->in_clause = in_brackets && !f->bracketed;
	f->quoted = inside_quotes(u, r);
	size_t p = prev_sig(u, r->a), n = next_sig(u, r->b);
	size_t line_from = r->a;
	while (line_from > 0 && u->ch[line_from - 1].cls != KN_SC_BREAK) {
		line_from--;
	}
	f->cue =
	        kn_cue_before(u->text + u->ch[line_from].off,
	                      u->ch[r->a].off - u->ch[line_from].off) ||
	        kn_cue_after(u->text + (r->b < u->n ? u->ch[r->b].off : u->len),
	                     u->len - (r->b < u->n ? u->ch[r->b].off : u->len));
	f->gloss = gloss_matches(u, r);
	f->term_paren = term_paren(u, r, f->bracketed, open_at);
	bool starts = p == SIZE_MAX || u->ch[p].cls == KN_SC_BREAK ||
	              is_sentence_end(u->ch[p].cp);
	bool ends = n == SIZE_MAX || u->ch[n].cls == KN_SC_BREAK ||
	            is_sentence_end(u->ch[n].cp);
	f->own_sentence = starts && ends;
	f->glued = (r->a > 0 && letter_of_main(u, r->a - 1, r->ctx)) ||
	           letter_of_main(u, r->b, r->ctx);
	/* Between two words of one sentence of the main script: "regime,
	 * X and supporting". */
	f->breaks_sentence = p != SIZE_MAX && n != SIZE_MAX &&
	                     (letter_of_main(u, p, r->ctx) ||
	                      u->ch[p].cp == ',' || u->ch[p].cp == ';') &&
	                     letter_of_main(u, n, r->ctx);
	f->url = looks_like_address(u, r);
	f->spam = kn_spam_lexicon_hits(u, r->a, r->b);
	f->label = numbered_label(u, r, p, starts);
	if (r->han > 0 && r->ctx->main == KN_SCR_HANGUL) {
		/* Hanja take Korean particles after them (韓國의); Hangul
		 * glued before Han is no Korean spelling. */
		f->hanja_glued =
		        r->b < u->n && u->ch[r->b].script == KN_SCR_HANGUL;
		f->hangul_before =
		        r->a > 0 && u->ch[r->a - 1].script == KN_SCR_HANGUL;
	}
}

/* ---- The score --------------------------------------------------------- */

static double
clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Chinese function words, which Sino-Korean vocabulary does not use:
 * 的 了 们 們 这 這 吗 嗎 么 麼 个 您 你 她 很 就 说 說 没 沒 还 還. */
static bool
chinese_function_char(uint32_t cp)
{
	static const uint16_t chars[] = {
	        0x4E2A, 0x4E48, 0x4E86, 0x4EEC, 0x4F60, 0x5011, 0x5417, 0x55CE,
	        0x5979, 0x5C31, 0x5F88, 0x60A8, 0x6C92, 0x6CA1, 0x7684, 0x8AAA,
	        0x8BF4, 0x8FD8, 0x8FD9, 0x9019, 0x9084, 0x9EBC,
	};
	for (size_t i = 0; i < KN_ARRAY_LEN(chars); i++) {
		if (cp == chars[i]) {
			return true;
		}
	}
	return false;
}

/* Han in Korean prose is Hanja unless it reads as Chinese: long, standing
 * apart from Korean words, made of characters Korean has no reading for
 * (simplified forms), or holding Chinese function words. */
static double
hanja_base(const struct run *r, const struct features *f)
{
	double unread = r->han ? (double)r->han_unread / (double)r->han : 0;
	double s = 0.1 + 0.6 * unread;
	/* Hanja words are one to four characters, and Korean puts spaces
	 * between them (韓國 大統領); Chinese writes a phrase unbroken. */
	if ((!f->hanja_glued && r->han_word >= 4) || r->han_word >= 5) {
		s += 0.25;
	}
	if (r->han_word >= 6) {
		s += 0.15;
	}
	if (f->hangul_before) {
		s += 0.2;
	}
	s += r->han_function >= 2 ? 0.3 : 0.15 * (double)r->han_function;
	if (f->hanja_glued) {
		s -= 0.3;
	}
	return s;
}

static double
score_run(const struct run *r, const struct features *f)
{
	bool hanja = r->ctx->main == KN_SCR_HANGUL && r->han > 0 &&
	             r->kana == 0 && r->han * 2 >= r->letters;
	double s = hanja ? hanja_base(r, f) : 0.75;
	if (r->fullwidth > 0 && r->fullwidth == r->letters &&
	    r->ctx->main != KN_SCR_LATIN && !f->url) {
		s = 0.3; /* fullwidth Latin in Korean typesetting */
	}
	if (r->script == KN_SCR_GREEK && r->letters <= 2) {
		s = 0.1; /* α, π: symbols */
	}
	if (r->letters == 1 && !hanja) {
		s -= 0.25; /* the letter Ж, the syllable 한 */
	}
	if (r->ctx->borrowed) {
		s -= 0.3; /* the line itself is mostly this script */
	}
	if (f->gloss) {
		s -= 0.9;
	}
	if (f->bracketed) {
		s -= 0.6;
	}
	if (f->in_clause) {
		s -= 0.2;
	}
	if (f->quoted) {
		s -= 0.6;
	}
	if (f->cue) {
		s -= 0.6;
	}
	if (f->term_paren) {
		s -= 0.45;
	}
	/* A sentence of its own may be a translation; spam appended to a
	 * paragraph also stands alone, so this only weakens the case. */
	if (f->own_sentence && !f->breaks_sentence) {
		s -= 0.2;
	}
	if (f->breaks_sentence) {
		s += 0.1;
	}
	if (f->glued && !hanja) {
		s += 0.2;
	}
	if (f->url) {
		s += 0.35;
	}
	if (f->spam > 0) {
		s += f->spam >= 2 ? 0.45 : 0.3;
	}
	if (f->doc_home) {
		s -= 0.4;
	}
	if (f->label) {
		s -= 0.5;
	}
	return clamp01(s);
}

/* ---- Reasons and removal ----------------------------------------------- */

static void
append(char *buf, size_t cap, size_t *n, const char *piece)
{
	int k = snprintf(buf + *n, cap - *n, "%s%s", *n ? "; " : "", piece);
	if (k > 0 && (size_t)k < cap - *n) {
		*n += (size_t)k;
	}
}

/* The prose a run stands in, as the reason names it: kana (with or
 * without kanji) is Japanese prose. */
static const char *
prose_name(const struct line_ctx *ctx)
{
	switch (ctx->main) {
	case KN_SCR_HIRAGANA:
	case KN_SCR_KATAKANA:
		return "Japanese";
	case KN_SCR_HANGUL:
		return kn_script_name(ctx->main, USCRIPT_HANGUL);
	case KN_SCR_LATIN:
		return kn_script_name(ctx->main, USCRIPT_LATIN);
	case KN_SCR_CYRILLIC:
		return kn_script_name(ctx->main, USCRIPT_CYRILLIC);
	case KN_SCR_THAI:
		return kn_script_name(ctx->main, USCRIPT_THAI);
	case KN_SCR_HAN:
		return kn_script_name(ctx->main, USCRIPT_HAN);
	case KN_SCR_GREEK:
		return kn_script_name(ctx->main, USCRIPT_GREEK);
	case KN_SCR_ARABIC:
		return kn_script_name(ctx->main, USCRIPT_ARABIC);
	case KN_SCR_HEBREW:
		return kn_script_name(ctx->main, USCRIPT_HEBREW);
	default:
		return "other";
	}
}

static void
explain(const struct run *r, const struct features *f, char *buf, size_t cap)
{
	size_t n = 0;
	char head[160];
	snprintf(head, sizeof(head), "%s text in %s prose",
	         r->fullwidth == r->letters ? "fullwidth Latin"
	                                    : kn_script_name(r->script, r->icu),
	         prose_name(r->ctx));
	append(buf, cap, &n, head);
	if (f->breaks_sentence) {
		append(buf, cap, &n, "it interrupts a sentence");
	} else if (f->glued) {
		append(buf, cap, &n, "it is glued to a word");
	}
	if (!f->gloss && !f->bracketed && !f->quoted && !f->cue) {
		append(buf, cap, &n,
		       "no gloss, quotation or introduction explains it");
	}
	if (r->han > 0 && r->han_unread > 0 && r->ctx->main == KN_SCR_HANGUL) {
		append(buf, cap, &n,
		       "it has Chinese characters with no Korean reading");
	}
	if (f->url) {
		append(buf, cap, &n, "it looks like a disguised web address");
	}
	if (f->spam > 0) {
		append(buf, cap, &n, "it contains spam vocabulary");
	}
}

static bool
is_space_at(const struct kn_scan_unit *u, size_t i)
{
	return i < u->n && u->ch[i].cls == KN_SC_SPACE;
}

/* What removing the run takes with it so that no blank is doubled and
 * no bracket is left empty. */
static void
removal(const struct kn_scan_unit *u, const struct run *r, uint32_t *from,
        uint32_t *to)
{
	size_t a = r->a, b = r->b;
	if (a > 0 && b < u->n && closer_of(u->ch[a - 1].cp) != 0 &&
	    closer_of(u->ch[a - 1].cp) == u->ch[b].cp) {
		a--;
		b++;
	}
	bool space_before = a == 0 || is_space_at(u, a - 1) ||
	                    u->ch[a - 1].cls == KN_SC_BREAK;
	if (space_before && is_space_at(u, b)) {
		while (is_space_at(u, b)) {
			b++;
		}
	} else if (space_before && a > 0 && is_space_at(u, a - 1) &&
	           (b >= u->n || u->ch[b].cls != KN_SC_LETTER)) {
		while (a > 0 && is_space_at(u, a - 1)) {
			a--;
		}
	}
	*from = u->ch[a].off;
	*to = b < u->n ? u->ch[b].off : (uint32_t)u->len;
}

/* ---- The pass ---------------------------------------------------------- */

static void
measure(const struct kn_scan_unit *u, struct run *r)
{
	r->letters = r->han = r->han_unread = r->han_function = r->kana =
	        r->fullwidth = r->han_word = 0;
	size_t han_here = 0;
	r->script = -1;
	for (size_t i = r->a; i < r->b; i++) {
		const struct kn_scan_char *c = &u->ch[i];
		if (c->script != KN_SCR_HAN) {
			han_here = 0;
		}
		if (c->cls != KN_SC_LETTER && !(c->flags & KN_CF_FULLWIDTH)) {
			continue;
		}
		r->letters++;
		if (r->script < 0) {
			r->script = c->script;
			r->icu = c->icu;
		}
		if (c->flags & KN_CF_FULLWIDTH) {
			r->fullwidth++;
		} else if (c->script == KN_SCR_HAN) {
			r->han++;
			han_here++;
			if (han_here > r->han_word) {
				r->han_word = han_here;
			}
			r->han_unread += !kn_hanja_has_korean_reading(c->cp);
			r->han_function += chinese_function_char(c->cp);
		} else if (c->script == KN_SCR_HIRAGANA ||
		           c->script == KN_SCR_KATAKANA) {
			r->kana++;
		}
	}
}

/* A Cyrillic or Greek run glued to Latin letters is a mixed-script word
 * (scan_chars.c reports it); one that stands alone but reads as Latin is
 * a whole-script spoof (UTS #39 §4): its look-alike is the suggestion. */
static bool
part_of_latin_word(struct kn_scan_unit *u, const struct run *r)
{
	if (r->script != KN_SCR_CYRILLIC && r->script != KN_SCR_GREEK) {
		return false;
	}
	bool glued = (r->a > 0 && u->ch[r->a - 1].script == KN_SCR_LATIN &&
	              u->ch[r->a - 1].cls == KN_SC_LETTER) ||
	             (r->b < u->n && u->ch[r->b].script == KN_SCR_LATIN &&
	              u->ch[r->b].cls == KN_SC_LETTER);
	if (!glued) {
		return false;
	}
	/* Look-alike letters in a Latin word spoof it; other letters
	 * (быстрый) are a run glued to it. */
	struct kn_buf look = {0};
	bool alike = kn_scan_look_alike(u, r->a, r->b, USCRIPT_LATIN, &look) ==
	             r->letters;
	kn_buf_release(&look);
	return alike;
}

static void
judge_run(struct kn_scan_unit *u, struct run *r)
{
	measure(u, r);
	if (r->letters == 0 || part_of_latin_word(u, r)) {
		return;
	}
	struct features f;
	gather(u, r, &f);
	const struct line_ctx *ctx = r->ctx;
	f.doc_home = ctx->doc != NULL && ctx->doc_total >= HOME_MIN_WORDS &&
	             ctx->doc[r->script] >= HOME_SHARE * ctx->doc_total;
	double score = score_run(r, &f);
	struct kn_buf look = {0};
	bool spoof = false;
	if ((r->script == KN_SCR_CYRILLIC || r->script == KN_SCR_GREEK) &&
	    r->ctx->main == KN_SCR_LATIN && r->letters >= 2) {
		spoof = kn_scan_look_alike(u, r->a, r->b, USCRIPT_LATIN,
		                           &look) == r->letters;
		score = spoof ? clamp01(score + 0.15) : score;
	}
	if (score >= u->threshold) {
		char reason[400];
		reason[0] = '\0';
		explain(r, &f, reason, sizeof(reason));
		if (spoof) {
			size_t n = strlen(reason);
			snprintf(reason + n, sizeof(reason) - n,
			         "; every letter looks like a Latin one");
		}
		struct kn_scan_hit h = {
		        .kind = KONORM_SCAN_FOREIGN_RUN,
		        .removable = 1,
		        .script = (uint8_t)r->script,
		        .icu = r->icu,
		        .start = u->ch[r->a].off,
		        .end = u->ch[r->b - 1].off + u->ch[r->b - 1].len,
		        .score = score,
		};
		if (r->fullwidth == r->letters) {
			h.icu = USCRIPT_LATIN;
		}
		removal(u, r, &h.remove_start, &h.remove_end);
		kn_scan_add(u, &h, reason, spoof ? (const char *)look.p : NULL,
		            look.len);
	}
	kn_buf_release(&look);
}

/* Korean particles and verb endings (the last syllable of an inflected
 * word: 은 는 이 가 을 를 에 의 도 로 와 과 다 요 고 며 서 지 면 게 나
 * 니 만 께 죠 까 야 한 된 할 된 적 인), the mark of Korean prose as
 * opposed to a bare noun phrase such as a spam keyword. */
static bool
korean_ending(uint32_t cp)
{
	/* In code point order, for a binary search. */
	static const uint16_t endings[] = {
	        0xAC00, 0xAC8C, 0xACE0, 0xACFC, 0xAE4C, 0xAED8, 0xB098, 0xB294,
	        0xB2C8, 0xB2E4, 0xB3C4, 0xB41C, 0xB85C, 0xB97C, 0xB9CC, 0xBA70,
	        0xBA74, 0xC11C, 0xC57C, 0xC5D0, 0xC640, 0xC694, 0xC740, 0xC744,
	        0xC758, 0xC774, 0xC778, 0xC801, 0xC8E0, 0xC9C0, 0xD55C, 0xD560,
	};
	size_t lo = 0, hi = KN_ARRAY_LEN(endings);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (endings[mid] == cp) {
			return true;
		}
		if (endings[mid] < cp) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return false;
}

/* Is the word [a, b) glued to a digit or to code punctuation (A1,
 * data1.ods, FORECAST.ETS, f(x), snake_case)? */
static bool
code_edge(const struct kn_scan_unit *u, size_t a, size_t b)
{
	const struct kn_scan_char *p = a > 0 ? &u->ch[a - 1] : NULL;
	const struct kn_scan_char *n = b < u->n ? &u->ch[b] : NULL;
	/* Glued by a hyphen to a letter: column-count, table-row-group (a
	 * hyphenated English word weighs half as well). */
	bool hyphen_before = a >= 2 && p->cp == '-' &&
	                     u->ch[a - 2].cls == KN_SC_LETTER;
	bool hyphen_after = n != NULL && n->cp == '-' && b + 1 < u->n &&
	                    u->ch[b + 1].cls == KN_SC_LETTER;
	return hyphen_before || hyphen_after ||
	       (p != NULL && (p->cls == KN_SC_DIGIT || p->cp == '_' ||
	                      p->cp == '.' || p->cp == '$' || p->cp == '%' ||
	                      p->cp == '}' || p->cp == '/' || p->cp == '=' ||
	                      p->cp == '?')) ||
	       (n != NULL &&
	        (n->cls == KN_SC_DIGIT || n->cp == '_' || n->cp == '(' ||
	         (n->cp == '.' && b + 1 < u->n &&
	          u->ch[b + 1].cls == KN_SC_LETTER)));
}

/* Ideographic punctuation (、。「」『』) and the fullwidth forms that
 * CJK typesetting uses for ( ) , : ; ! ? — not the fullwidth period or
 * letters, which fake addresses use. */
static bool
cjk_punctuation(uint32_t cp)
{
	return cp == 0x3001 || cp == 0x3002 || (cp >= 0x300C && cp <= 0x300F) ||
	       cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF0C || cp == 0xFF1A ||
	       cp == 0xFF1B || cp == 0xFF01 || cp == 0xFF1F;
}

/* Markup and placeholders: inside an HTML/XML tag (<a href="...">,
 * </b>) or a message placeholder ({ -brand-name }, {0}, ${user}), Latin
 * names code, not prose, so it does not decide the line's script; a
 * translated UI string such as '<a data-l10n-name="terms">이용 약관</a>에
 * 동의' is Korean prose.  Tracks the state one character at a time. */
struct markup {
	bool in_tag;
	int braces;
};

/* Updates m for character i; true when i is inside markup. */
static bool
in_markup(struct markup *m, const struct kn_scan_unit *u, size_t i,
          size_t to)
{
	uint32_t cp = u->ch[i].cp;
	if (m->in_tag) {
		m->in_tag = cp != '>';
		return true;
	}
	if (cp == '<' && i + 1 < to) {
		uint32_t next = u->ch[i + 1].cp;
		if (next == '/' || next == '!' ||
		    (next < 0x80 && u->ch[i + 1].cls == KN_SC_LETTER)) {
			m->in_tag = true;
			return true;
		}
	}
	if (cp == '{') {
		m->braces++;
		return true;
	}
	if (cp == '}' && m->braces > 0) {
		m->braces--;
		return true;
	}
	return m->braces > 0;
}

/* Latin glued by a colon to a letter or a path: display:grid, https://,
 * C:\ — a property, a scheme or a drive, never prose. */
static bool
colon_glued(const struct kn_scan_unit *u, size_t a, size_t b)
{
	if (a >= 2 && u->ch[a - 1].cp == ':' &&
	    u->ch[a - 2].cls == KN_SC_LETTER) {
		return true;
	}
	if (b + 1 < u->n && u->ch[b].cp == ':') {
		uint32_t next = u->ch[b + 1].cp;
		return u->ch[b + 1].cls == KN_SC_LETTER || next == '/' ||
		       next == '\\';
	}
	return false;
}

/* Words per script: a word is a run of letters of one script.  Words,
 * not letters, so that "config.yaml" does not outweigh a Korean clause.
 * A Hangul word with a particle or verb ending, and a kana word, counts
 * double: it carries a clause's grammar, where an English sentence
 * spends several words; a bare Hangul noun phrase counts as plain words. */
static void
count_letters(const struct kn_scan_unit *u, size_t from, size_t to, double *n)
{
	int prev = -1;
	size_t len = 0, upper = 0, start = from;
	struct markup m = {0};
	for (size_t i = from; i <= to; i++) {
		const struct kn_scan_char *c = i < to ? &u->ch[i] : NULL;
		bool code = c != NULL && in_markup(&m, u, i, to);
		bool letter = c != NULL && counts_letter(c) &&
		              !(code && c->script == KN_SCR_LATIN);
		if (c != NULL && !letter && c->cls == KN_SC_MARK) {
			continue;
		}
		if (c != NULL && cjk_punctuation(c->cp)) {
			/* Only Chinese and Japanese prose is set with them. */
			n[KN_SCR_HAN] += 1;
		}
		if (prev >= 0 && (!letter || c->script != prev)) {
			/* The word that ended at i - 1, len letters long. */
			const struct kn_scan_char *last = &u->ch[i - 1];
			double w = 1;
			if (prev == KN_SCR_HANGUL) {
				w += korean_ending(last->cp);
			} else if (prev == KN_SCR_HIRAGANA ||
			           prev == KN_SCR_KATAKANA) {
				w = 2;
			} else if (prev == KN_SCR_HAN && len > 2) {
				/* Chinese writes no spaces: a run is a
				 * clause, about two characters a word. */
				w = (double)len / 2;
			} else if (prev == KN_SCR_THAI && len > 4) {
				w = (double)len / 4; /* nor does Thai */
			} else if (prev == KN_SCR_LATIN &&
			           colon_glued(u, start, i)) {
				w = 0;
			} else if (prev == KN_SCR_LATIN &&
			           ((upper == len && len > 1) ||
			            code_edge(u, start, i))) {
				/* An acronym or a constant (CEO, COLUMNS) or
				 * an identifier (A1, data1.ods, f(x)): Latin
				 * that is not prose. */
				w = 0.5;
			} else if (prev == KN_SCR_LATIN && upper == 1 &&
			           len > 1 && (u->ch[start].flags & KN_CF_UPPER)) {
				/* A capitalized word: a name more often than
				 * prose (Encrypted Client Hello in a Russian
				 * or Thai UI string); English prose is mostly
				 * lower case. */
				w = 0.5;
			}
			n[prev] += w;
			prev = -1;
		}
		if (letter && prev < 0) {
			prev = c->script;
			len = upper = 0;
			start = i;
		}
		len += letter;
		upper += letter && (c->flags & KN_CF_UPPER);
	}
}

/* Scripts (bits of enum kn_script, and FULLWIDTH_BIT) a line holds. */
#define FULLWIDTH_BIT (1u << 31)

static uint32_t
line_mask(const struct kn_scan_unit *u, size_t from, size_t to)
{
	uint32_t m = 0;
	for (size_t i = from; i < to; i++) {
		const struct kn_scan_char *c = &u->ch[i];
		if (c->cls == KN_SC_LETTER || (c->flags & KN_CF_FULLWIDTH)) {
			m |= (c->flags & KN_CF_FULLWIDTH) ? FULLWIDTH_BIT
			                                  : 1u << c->script;
		}
	}
	return m;
}

/* Could any letter of these scripts be a candidate in this context?
 * (The same cases as is_candidate, a script at a time.) */
static bool
may_hold_candidates(uint32_t mask, const struct line_ctx *ctx)
{
	uint32_t home = 1u << KN_SCR_LATIN | 1u << KN_SCR_COMMON |
	                1u << KN_SCR_INHERITED | 1u << ctx->main;
	if (ctx->han_native) {
		home |= 1u << KN_SCR_HAN | 1u << KN_SCR_HIRAGANA |
		        1u << KN_SCR_KATAKANA | FULLWIDTH_BIT;
	}
	return (mask & ~home) != 0 ||
	       (ctx->main == KN_SCR_OTHER && (mask & 1u << KN_SCR_OTHER));
}

/* A line's counts and scripts, gathered before any line is judged so
 * that short lines can ask their paragraph. */
struct line_info {
	size_t from, to;
	uint32_t mask;
	double n[KN_SCR_COUNT];
};

static void
scan_line(struct kn_scan_unit *u, const struct line_info *li,
          const double *unit_n)
{
	const double *n = li->n;
	struct line_ctx ctx = main_script(n);
	double doc[KN_SCR_COUNT];
	double doc_total = 0;
	for (int k = 0; k < KN_SCR_COUNT; k++) {
		doc[k] = u->doc_letters[k] + unit_n[k];
		doc_total += doc[k];
	}
	if (total(n) < FEW_WORDS) {
		/* Too few letters to say: ask the paragraph, then the
		 * document. */
		const double *wider =
		        total(unit_n) >= FEW_WORDS ? unit_n : u->doc_letters;
		if (total(wider) >= FEW_WORDS) {
			struct line_ctx w = main_script(wider);
			w.borrowed = w.main != ctx.main && total(n) > 0;
			ctx = w;
		}
	}
	ctx.doc = doc;
	ctx.doc_total = doc_total;
	if (!may_hold_candidates(li->mask, &ctx)) {
		return;
	}
	size_t i = li->from;
	while (i < li->to) {
		if (!is_candidate(&u->ch[i], &ctx) ||
		    u->ch[i].cls != KN_SC_LETTER) {
			i++;
			continue;
		}
		struct run r = {.a = i, .ctx = &ctx};
		r.b = run_end(u, i, &ctx);
		if (r.b > li->to) {
			r.b = li->to;
		}
		judge_run(u, &r);
		i = r.b;
	}
}

/* Lines of a unit, with room for a few on the stack. */
struct lines {
	struct line_info *p;
	size_t n, cap;
	struct line_info small[16];
};

static struct line_info *
add_line(struct lines *ls)
{
	if (ls->n == ls->cap) {
		size_t cap = ls->cap * 2;
		struct line_info *q =
		        ls->p == ls->small ? malloc(cap * sizeof(*q))
		                           : realloc(ls->p, cap * sizeof(*q));
		if (q == NULL) {
			return NULL;
		}
		if (ls->p == ls->small) {
			memcpy(q, ls->small, sizeof(ls->small));
		}
		ls->p = q;
		ls->cap = cap;
	}
	struct line_info *li = &ls->p[ls->n++];
	memset(li, 0, sizeof(*li));
	return li;
}

void
kn_scan_foreign(struct kn_scan_unit *u)
{
	double unit_n[KN_SCR_COUNT] = {0};
	struct lines ls = {.cap = KN_ARRAY_LEN(ls.small)};
	ls.p = ls.small;
	size_t from = 0;
	for (size_t i = 0; i <= u->n; i++) {
		if (i < u->n && u->ch[i].cp != '\n') {
			continue;
		}
		if (i > from) {
			struct line_info *li = add_line(&ls);
			if (li == NULL) {
				u->oom = true;
				break;
			}
			li->from = from;
			li->to = i;
			li->mask = line_mask(u, from, i);
			/* Latin and Common only: counted, never judged. */
			count_letters(u, from, i, li->n);
			for (int k = 0; k < KN_SCR_COUNT; k++) {
				unit_n[k] += li->n[k];
			}
		}
		from = i + 1;
	}
	{
		/* Judged whatever kinds were asked for: the bidi pass needs
		 * the runs. */
		for (size_t l = 0; l < ls.n; l++) {
			if ((ls.p[l].mask & ~(1u << KN_SCR_LATIN)) != 0) {
				scan_line(u, &ls.p[l], unit_n);
			}
		}
	}
	if (ls.p != ls.small) {
		free(ls.p);
	}
	/* The document's letters, halved each unit so the recent text
	 * weighs most. */
	for (int s = 0; s < KN_SCR_COUNT; s++) {
		u->doc_letters[s] = 0.5 * u->doc_letters[s] + unit_n[s];
	}
}
