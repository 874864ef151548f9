/* SPDX-License-Identifier: MIT */
/*
 * The HTML report of `konorm scan --html` (html_report.h).  The page is
 * self-contained: inline CSS, no script, no external asset.  Everything
 * taken from the input is escaped (& < > " '), and characters that are
 * invisible or would reorder the page (bidi controls, UAX #9; default
 * ignorables, DerivedCoreProperties.txt; C0/C1 controls) are written as
 * visible markers such as <span class="ctl">⟨U+202E RLO⟩</span>, never
 * raw: a Trojan-Source override in the input cannot reorder the report.
 */
#include "html_report.h"

#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* One finding kept for the page; strings live in the report's arena. */
struct mark {
	enum konorm_scan_kind kind;
	uint64_t start, end, line, column;
	double score;
	const char *script; /* static storage (konorm.h) */
	size_t reason, reason_len;
	size_t suggestion, suggestion_len;
	size_t order; /* arrival, for a stable sort */
};

struct html_report {
	unsigned file_no;
	const char *label;
	char *text;
	size_t text_len, text_cap;
	struct mark *marks;
	size_t nmarks, marks_cap;
	char *strs;
	size_t strs_len, strs_cap;
	unsigned long count[KONORM_SCAN_KIND_COUNT]; /* this input */
	unsigned long total[KONORM_SCAN_KIND_COUNT]; /* all inputs */
	unsigned long dropped;                       /* past MAX_MARKS */
	unsigned files;
};

/* ---- Characters -------------------------------------------------------- */

/* Decodes one character of s[0..n), n > 0; a byte that does not start a
 * well-formed sequence (RFC 3629 table) is U+FFFD of length 1. */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char b = s[0];
	size_t len;
	uint32_t c, min;
	if (b < 0x80) {
		*cp = b;
		return 1;
	} else if (b >= 0xC2 && b <= 0xDF) {
		len = 2, c = b & 0x1F, min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3, c = b & 0x0F, min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4, c = b & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return len;
}

/* Short names of the controls a reader meets most (Unicode names, the
 * bidi abbreviations of UAX #9 §2). */
static const char *
control_name(uint32_t cp)
{
	switch (cp) {
	case 0x00AD: return "SHY";
	case 0x061C: return "ALM";
	case 0x115F: return "HANGUL CHOSEONG FILLER";
	case 0x1160: return "HANGUL JUNGSEONG FILLER";
	case 0x200B: return "ZWSP";
	case 0x200C: return "ZWNJ";
	case 0x200D: return "ZWJ";
	case 0x200E: return "LRM";
	case 0x200F: return "RLM";
	case 0x2028: return "LINE SEPARATOR";
	case 0x2029: return "PARAGRAPH SEPARATOR";
	case 0x202A: return "LRE";
	case 0x202B: return "RLE";
	case 0x202C: return "PDF";
	case 0x202D: return "LRO";
	case 0x202E: return "RLO";
	case 0x2060: return "WJ";
	case 0x2066: return "LRI";
	case 0x2067: return "RLI";
	case 0x2068: return "FSI";
	case 0x2069: return "PDI";
	case 0x3164: return "HANGUL FILLER";
	case 0xFEFF: return "ZWNBSP";
	case 0xFFA0: return "HALFWIDTH HANGUL FILLER";
	default: return NULL;
	}
}

/* Characters never written raw: C0 and C1 controls but tab (line feeds
 * are the page's lines), bidi controls (UAX #9), the
 * Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt, Unicode
 * 15.0) that render as nothing, line/paragraph separators, and the
 * noncharacters HTML forbids (WHATWG HTML §13.2.5.80). */
static bool
is_hidden(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp < 0xA0) ||
	       cp == 0x00AD || cp == 0x034F || cp == 0x061C ||
	       cp == 0x115F || cp == 0x1160 || cp == 0x17B4 ||
	       cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
	       (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
	       cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFFB) ||
	       (cp & 0xFFFE) == 0xFFFE || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
	       (cp >= 0x1D173 && cp <= 0x1D17A) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Hangul letters (Hangul Jamo, Compatibility Jamo, Jamo Extended-A/B,
 * Syllables, halfwidth forms): text in them is marked lang="ko" so that
 * the browser picks Korean fonts and glyph forms. */
static bool
is_hangul(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11FF) ||
	       (cp >= 0x3131 && cp <= 0x318F) ||
	       (cp >= 0xA960 && cp <= 0xA97F) ||
	       (cp >= 0xAC00 && cp <= 0xD7FF) ||
	       (cp >= 0xFFA1 && cp <= 0xFFDC);
}

/* Spaces and ASCII punctuation keep a Korean run going when more Hangul
 * follows, so that a sentence is one lang="ko" span rather than one per
 * word. */
static bool
is_neutral(uint32_t cp)
{
	return cp < 0x80 && cp != '\n' && !(cp >= '0' && cp <= '9') &&
	       !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
}

/* Whether Hangul comes next in p[0..n) after neutral characters; looks
 * at most 64 bytes ahead, so the page is written in linear time. */
static bool
korean_ahead(const char *p, size_t n)
{
	size_t limit = n < 64 ? n : 64;
	for (size_t i = 0; i < limit; i++) {
		uint32_t cp;
		decode((const unsigned char *)p + i, n - i, &cp);
		if (!is_neutral(cp)) {
			return is_hangul(cp);
		}
	}
	return false;
}

/* ---- Writing ----------------------------------------------------------- */

/* Where a run of Korean text is open while the text is written. */
struct writer {
	bool in_korean;
};

static void
close_korean(struct writer *w)
{
	if (w->in_korean) {
		cli_write_str("</span>");
		w->in_korean = false;
	}
}

static void
write_control(uint32_t cp)
{
	const char *name = control_name(cp);
	char buf[96];
	int k = name != NULL
	                ? snprintf(buf, sizeof(buf),
	                           "<span class=\"ctl\">\xE2\x9F\xA8"
	                           "U+%04X %s\xE2\x9F\xA9</span>",
	                           (unsigned)cp, name)
	                : snprintf(buf, sizeof(buf),
	                           "<span class=\"ctl\">\xE2\x9F\xA8"
	                           "U+%04X\xE2\x9F\xA9</span>",
	                           (unsigned)cp);
	cli_write(buf, (size_t)k);
}

/* Writes one character of the input (raw bytes s[0..len) decoding to
 * cp), escaped for element content; a neutral character stays in a
 * Korean run when Hangul follows (korean_next). */
static void
write_char(struct writer *w, uint32_t cp, const char *s, size_t len,
           bool korean_next)
{
	if (w != NULL && w->in_korean && !is_hangul(cp) &&
	    !(is_neutral(cp) && korean_next)) {
		close_korean(w);
	} else if (w != NULL && !w->in_korean && is_hangul(cp)) {
		cli_write_str("<span lang=\"ko\">");
		w->in_korean = true;
	}
	switch (cp) {
	case '&': cli_write_str("&amp;"); return;
	case '<': cli_write_str("&lt;"); return;
	case '>': cli_write_str("&gt;"); return;
	case '"': cli_write_str("&quot;"); return;
	case '\'': cli_write_str("&#39;"); return;
	default: break;
	}
	if (cp == 0xFFFD && !(len == 3 && memcmp(s, "\xEF\xBF\xBD", 3) == 0)) {
		cli_write_str("<span class=\"ctl\">\xE2\x9F\xA8"
		              "bad byte\xE2\x9F\xA9</span>");
	} else if (is_hidden(cp)) {
		write_control(cp);
	} else {
		cli_write(s, len);
	}
}

/* Writes s[0..n) escaped, line feeds included (as markers). */
static void
write_escaped(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t r = decode((const unsigned char *)s + i, n - i, &cp);
		write_char(NULL, cp, s + i, r, false);
		i += r;
	}
}

static void
write_page_head(void)
{
	cli_write_str(
	        "<!DOCTYPE html>\n"
	        "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, "
	        "initial-scale=1\">\n"
	        "<meta name=\"generator\" content=\"konorm scan --html\">\n"
	        "<title>konorm scan report</title>\n<style>\n"
	        "body{margin:1em 2em;color:#1a1a1a;background:#fff;"
	        "font-family:system-ui,\"Noto Sans\",\"Noto Sans CJK KR\","
	        "\"Nanum Gothic\",\"NanumGothic\",\"Malgun Gothic\","
	        "\"Apple SD Gothic Neo\",sans-serif}\n"
	        "table{border-collapse:collapse;margin:.5em 0 1em}\n"
	        "th,td{border:1px solid #bbb;padding:.2em .6em;"
	        "text-align:left;vertical-align:top}\n"
	        "td.n{text-align:right}\n"
	        ".text{font-family:\"Noto Sans Mono CJK KR\","
	        "\"Noto Sans Mono\","
	        "\"D2Coding\",\"NanumGothicCoding\",\"Nanum Gothic Coding\","
	        "\"Noto Sans CJK KR\",\"Nanum Gothic\",\"Malgun Gothic\","
	        "monospace;line-height:1.7;border:1px solid #ccc;"
	        "padding:.3em 0}\n"
	        ".l{display:flex;white-space:pre-wrap;"
	        "overflow-wrap:break-word}\n"
	        ".gut{flex:none;width:4.5em;padding-right:.8em;"
	        "text-align:right;color:#666;user-select:none;"
	        "border-right:1px solid #ccc;margin-right:.6em}\n"
	        ".t{flex:1;min-width:0}\n"
	        "mark{position:relative;color:inherit;"
	        "text-decoration-thickness:2px;text-underline-offset:3px}\n"
	        "mark:focus{outline:2px solid #000;outline-offset:1px}\n"
	        ".tip{display:none;position:absolute;left:0;top:100%;"
	        "z-index:10;width:max-content;max-width:36em;"
	        "white-space:normal;font-family:system-ui,\"Noto Sans\","
	        "\"Noto Sans CJK KR\",\"Nanum Gothic\",sans-serif;"
	        "font-size:.9em;line-height:1.4;background:#fffff0;"
	        "color:#000;border:1px solid #555;padding:.3em .5em;"
	        "box-shadow:2px 2px 4px rgba(0,0,0,.3);user-select:none}\n"
	        /* Hover, keyboard focus, or a link from the summary. */
	        "mark:hover>.tip,mark:focus>.tip,mark:target>.tip"
	        "{display:block}\n"
	        ".ctl{font-size:.75em;border:1px solid #888;"
	        "border-radius:3px;padding:0 .15em;background:#f4f4f4;"
	        "color:#333}\n"
	        /* A colour per kind and, for readers who do not see
	         * colour, a line style per kind (WCAG 1.4.1). */
	        ".k-foreign-run{background:#ffd7d7;text-decoration:"
	        "underline wavy #b00000}\n"
	        ".k-mixed-script-word{background:#ffe9b8;text-decoration:"
	        "underline double #8a5200}\n"
	        ".k-invisible{background:#d8eaff;text-decoration:"
	        "underline dotted #0050a0}\n"
	        ".k-bidi-control{background:#eed8ff;text-decoration:"
	        "underline solid #6a00a0;text-decoration-thickness:4px}\n"
	        ".k-mojibake{background:#d6f2d6;text-decoration:"
	        "underline dashed #146c14}\n"
	        ".k-wrong-layout{background:#e4e4e4;text-decoration:"
	        "underline overline #333}\n"
	        ".note{color:#8a0000}\n"
	        "</style>\n</head>\n<body>\n"
	        "<h1>konorm scan report</h1>\n"
	        "<p>Each finding is highlighted in the text: hover over it "
	        "or move to it with the Tab key to read why.  Invisible and "
	        "bidi control characters are shown as "
	        "<span class=\"ctl\">\xE2\x9F\xA8U+XXXX\xE2\x9F\xA9</span> "
	        "markers.</p>\n");
}

/* ---- Findings ---------------------------------------------------------- */

static bool
add_string(struct html_report *r, const char *s, size_t n, size_t *at)
{
	if (!cli_grow(&r->strs, &r->strs_cap, r->strs_len, n + 1)) {
		return false;
	}
	*at = r->strs_len;
	if (n > 0) {
		memcpy(r->strs + r->strs_len, s, n);
	}
	r->strs_len += n;
	r->strs[r->strs_len++] = '\0';
	return true;
}

static int
by_start(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	if (x->start != y->start) {
		return x->start < y->start ? -1 : 1;
	}
	/* The longer span first, so that it encloses the shorter. */
	if (x->end != y->end) {
		return x->end > y->end ? -1 : 1;
	}
	return x->order < y->order ? -1 : x->order > y->order;
}

static const char *
suggestion_label(enum konorm_scan_kind kind)
{
	return kind == KONORM_SCAN_WRONG_LAYOUT ? "did you mean"
	       : kind == KONORM_SCAN_MOJIBAKE   ? "repaired"
	                                        : "looks like";
}

/* <mark ...><span class="tip">...</span>: the tooltip comes first and is
 * absolutely placed, so that a mark broken over lines keeps it at its
 * start. */
static void
open_mark(const struct html_report *r, size_t i, bool continued)
{
	const struct mark *m = &r->marks[i];
	const char *kind = konorm_scan_kind_name(m->kind);
	if (continued) {
		cli_printf("<mark class=\"k-%s cont\">", kind);
		return;
	}
	cli_printf("<mark class=\"k-%s\" id=\"f%u-%zu\" tabindex=\"0\" "
	           "data-kind=\"%s\" aria-describedby=\"f%u-%zu-tip\">"
	           "<span class=\"tip\" role=\"tooltip\" id=\"f%u-%zu-tip\">"
	           "<b>%s</b> (line %llu, column %llu; %s; score %.2f): ",
	           kind, r->file_no, i + 1, kind, r->file_no, i + 1,
	           r->file_no, i + 1, kind, (unsigned long long)m->line,
	           (unsigned long long)m->column, m->script, m->score);
	write_escaped(r->strs + m->reason, m->reason_len);
	if (m->suggestion_len > 0) {
		cli_printf("<br>%s: ", suggestion_label(m->kind));
		write_escaped(r->strs + m->suggestion, m->suggestion_len);
	}
	cli_write_str("</span>");
}

/* ---- The text ---------------------------------------------------------- */

/* The marks open at the current position, outermost first; an inner
 * mark never outlasts the one around it (its end is clipped). */
struct nest {
	size_t *idx;
	uint64_t *end;
	size_t depth, cap;
};

static bool
nest_push(struct nest *n, size_t i, uint64_t end)
{
	if (n->depth == n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 8;
		size_t *a = realloc(n->idx, cap * sizeof(*a));
		if (a == NULL) {
			return false;
		}
		n->idx = a;
		uint64_t *b = realloc(n->end, cap * sizeof(*b));
		if (b == NULL) {
			return false;
		}
		n->end = b;
		n->cap = cap;
	}
	n->idx[n->depth] = i;
	n->end[n->depth] = end;
	n->depth++;
	return true;
}

/* The state of writing one input's lines. */
struct lines {
	struct writer w;
	struct nest nest;
	uint64_t line;
	bool line_open;
};

static void
open_line(const struct html_report *r, struct lines *l)
{
	cli_printf("<div class=\"l\" id=\"f%u-l%llu\"><span class=\"gut\" "
	           "aria-hidden=\"true\">%llu</span><span class=\"t\">",
	           r->file_no, (unsigned long long)l->line,
	           (unsigned long long)l->line);
	l->line_open = true;
	/* Marks that go on past the previous line break reopen here. */
	for (size_t d = 0; d < l->nest.depth; d++) {
		open_mark(r, l->nest.idx[d], true);
	}
}

static void
ensure_line(const struct html_report *r, struct lines *l)
{
	if (!l->line_open) {
		open_line(r, l);
	}
}

static void
close_line(struct lines *l)
{
	close_korean(&l->w);
	for (size_t d = 0; d < l->nest.depth; d++) {
		cli_write_str("</mark>");
	}
	cli_write_str("</span></div>\n");
	l->line_open = false;
}

/* Closes the marks that end at or before pos (between lines they are
 * closed already: they are only dropped). */
static void
close_marks(struct lines *l, uint64_t pos)
{
	while (l->nest.depth > 0 && l->nest.end[l->nest.depth - 1] <= pos) {
		if (l->line_open) {
			close_korean(&l->w);
			cli_write_str("</mark>");
		}
		l->nest.depth--;
	}
}

/* Opens the marks that start at or before pos; returns the next mark
 * not yet opened, or SIZE_MAX when memory ran out. */
static size_t
open_marks(const struct html_report *r, struct lines *l, size_t next,
           uint64_t pos)
{
	while (next < r->nmarks && r->marks[next].start <= pos) {
		const struct mark *m = &r->marks[next];
		uint64_t end = m->end;
		if (l->nest.depth > 0 && l->nest.end[l->nest.depth - 1] < end) {
			end = l->nest.end[l->nest.depth - 1];
		}
		ensure_line(r, l);
		close_korean(&l->w);
		open_mark(r, next, false);
		if (!nest_push(&l->nest, next, end)) {
			return SIZE_MAX;
		}
		next++;
		close_marks(l, pos); /* an empty span closes at once */
	}
	return next;
}

/* Writes text[0..n) as lines with their numbers and the marks. */
static bool
write_lines(const struct html_report *r, size_t n)
{
	struct lines l = {.line = 1};
	size_t next = 0, i = 0;
	bool ok = true;
	cli_write_str("<div class=\"text\">\n");
	while (i < n) {
		close_marks(&l, i);
		next = open_marks(r, &l, next, i);
		if (next == SIZE_MAX) {
			ok = false;
			break;
		}
		const char *s = r->text + i;
		if (*s == '\n' || (*s == '\r' && i + 1 < n && s[1] == '\n')) {
			ensure_line(r, &l);
			close_line(&l);
			l.line++;
			i += *s == '\r' ? 2 : 1;
			continue;
		}
		uint32_t cp;
		size_t k = decode((const unsigned char *)s, n - i, &cp);
		ensure_line(r, &l);
		bool korean_next = l.w.in_korean && is_neutral(cp) &&
		                   korean_ahead(s + k, n - i - k);
		write_char(&l.w, cp, s, k, korean_next);
		i += k;
	}
	close_marks(&l, i);
	/* Findings past the text shown (it stopped at an error) still get
	 * their (empty) mark, so that every link of the summary lands. */
	if (ok && next < r->nmarks &&
	    open_marks(r, &l, next, UINT64_MAX) == SIZE_MAX) {
		ok = false;
	}
	close_marks(&l, UINT64_MAX);
	if (l.line_open) {
		close_line(&l);
	}
	cli_write_str("</div>\n");
	free(l.nest.idx);
	free(l.nest.end);
	return ok;
}

/* ---- The summary ------------------------------------------------------- */

static void
write_kind_cell(enum konorm_scan_kind k)
{
	const char *name = konorm_scan_kind_name(k);
	cli_printf("<td><span class=\"key k-%s\">%s</span></td>", name,
	           name);
}

static void
write_summary(const struct html_report *r)
{
	cli_printf("<table class=\"summary\">\n<caption>Findings by kind in "
	           "this input</caption>\n<thead><tr><th scope=\"col\">Kind"
	           "</th><th scope=\"col\">Count</th><th scope=\"col\">"
	           "Where (line:column)</th></tr></thead>\n<tbody>\n");
	for (int k = 0; k < KONORM_SCAN_KIND_COUNT; k++) {
		cli_write_str("<tr>");
		write_kind_cell((enum konorm_scan_kind)k);
		cli_printf("<td class=\"n\">%lu</td><td>", r->count[k]);
		const char *sep = "";
		for (size_t i = 0; i < r->nmarks; i++) {
			const struct mark *m = &r->marks[i];
			if ((int)m->kind != k) {
				continue;
			}
			cli_printf("%s<a href=\"#f%u-%zu\">%llu:%llu</a>", sep,
			           r->file_no, i + 1,
			           (unsigned long long)m->line,
			           (unsigned long long)m->column);
			sep = " ";
		}
		cli_write_str("</td></tr>\n");
	}
	cli_write_str("</tbody>\n</table>\n");
	if (r->dropped > 0) {
		cli_printf("<p class=\"note\">Only the first %d findings are "
		           "highlighted; %lu more are counted above.</p>\n",
		           HTML_REPORT_MAX_MARKS, r->dropped);
	}
}

/* ---- The interface ----------------------------------------------------- */

struct html_report *
html_report_new(void)
{
	return calloc(1, sizeof(struct html_report));
}

void
html_report_free(struct html_report *r)
{
	if (r == NULL) {
		return;
	}
	free(r->text);
	free(r->marks);
	free(r->strs);
	free(r);
}

void
html_report_begin(struct html_report *r)
{
	(void)r;
	write_page_head();
}

void
html_report_file_begin(struct html_report *r, const char *label)
{
	r->file_no++;
	r->files++;
	r->label = label;
	r->text_len = 0;
	r->nmarks = 0;
	r->strs_len = 0;
	r->dropped = 0;
	memset(r->count, 0, sizeof(r->count));
}

bool
html_report_add_text(struct html_report *r, const char *s, size_t n)
{
	if (n == 0) {
		return true; /* s may be NULL */
	}
	if (n > HTML_REPORT_MAX_TEXT - r->text_len ||
	    !cli_grow(&r->text, &r->text_cap, r->text_len, n)) {
		return false;
	}
	memcpy(r->text + r->text_len, s, n);
	r->text_len += n;
	return true;
}

bool
html_report_add_finding(struct html_report *r,
                        const struct konorm_finding *f)
{
	if ((unsigned)f->kind >= KONORM_SCAN_KIND_COUNT) {
		return true;
	}
	r->count[f->kind]++;
	r->total[f->kind]++;
	if (r->nmarks >= HTML_REPORT_MAX_MARKS) {
		r->dropped++;
		return true;
	}
	if (r->nmarks == r->marks_cap) {
		size_t cap = r->marks_cap ? 2 * r->marks_cap : 64;
		struct mark *m = realloc(r->marks, cap * sizeof(*m));
		if (m == NULL) {
			return false;
		}
		r->marks = m;
		r->marks_cap = cap;
	}
	struct mark m = {
	        .kind = f->kind,
	        .start = f->start,
	        .end = f->end,
	        .line = f->line,
	        .column = f->column,
	        .score = f->score,
	        .script = f->script != NULL ? f->script : "",
	        .order = r->nmarks,
	};
	const char *reason = f->reason != NULL ? f->reason : "";
	m.reason_len = strlen(reason);
	if (!add_string(r, reason, m.reason_len, &m.reason)) {
		return false;
	}
	m.suggestion_len = f->suggestion != NULL ? f->suggestion_len : 0;
	if (!add_string(r, f->suggestion, m.suggestion_len, &m.suggestion)) {
		return false;
	}
	r->marks[r->nmarks++] = m;
	return true;
}

void
html_report_file_end(struct html_report *r, const char *problem,
                     uint64_t shown)
{
	size_t n = r->text_len;
	if (problem != NULL && shown < n) {
		n = (size_t)shown;
	}
	/* Numbered in text order, so that f1-1 is the first on the page. */
	if (r->nmarks > 1) {
		qsort(r->marks, r->nmarks, sizeof(*r->marks), by_start);
	}
	cli_printf("<section id=\"f%u\" aria-labelledby=\"f%u-h\">\n"
	           "<h2 id=\"f%u-h\">",
	           r->file_no, r->file_no, r->file_no);
	write_escaped(r->label, strlen(r->label));
	cli_write_str("</h2>\n");
	if (problem != NULL) {
		cli_write_str("<p class=\"note\">Not read to the end: ");
		write_escaped(problem, strlen(problem));
		cli_write_str(".</p>\n");
	}
	write_summary(r);
	if (!write_lines(r, n)) {
		cli_write_str("<p class=\"note\">Out of memory: the rest of "
		              "this text is not shown.</p>\n");
	}
	cli_write_str("</section>\n");
}

void
html_report_end(struct html_report *r)
{
	unsigned long all = 0;
	for (int k = 0; k < KONORM_SCAN_KIND_COUNT; k++) {
		all += r->total[k];
	}
	cli_printf("<footer>\n<table class=\"totals\">\n<caption>Totals: "
	           "%lu finding%s in %u input%s</caption>\n<thead><tr>"
	           "<th scope=\"col\">Kind</th><th scope=\"col\">Count</th>"
	           "</tr></thead>\n<tbody>\n",
	           all, all == 1 ? "" : "s", r->files,
	           r->files == 1 ? "" : "s");
	for (int k = 0; k < KONORM_SCAN_KIND_COUNT; k++) {
		cli_write_str("<tr>");
		write_kind_cell((enum konorm_scan_kind)k);
		cli_printf("<td class=\"n\">%lu</td></tr>\n", r->total[k]);
	}
	cli_write_str("</tbody>\n</table>\n</footer>\n</body>\n</html>\n");
}
