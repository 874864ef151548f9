/* SPDX-License-Identifier: MIT */
/*
 * konorm scan [OPTIONS] [FILE...]: report foreign-script insertions,
 * homoglyph words, invisible and bidi characters, mojibake and
 * wrong-layout typing, like a compiler (FILE:LINE:COL: KIND: reason) or
 * as JSON Lines or as an HTML page (--html); with --fix, write the text
 * with the removable findings removed; with --fix --dry-run, a unified
 * diff of that.
 */
#include "cli.h"
#include "html_report.h"
#include "filter.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The member field mode adds to each record whose FIELD is a string: an
 * array of the findings in that string, as --json prints them without
 * "file", offsets into the field's decoded UTF-8 text. */
#define FINDINGS_KEY "konorm_findings"

struct scan_opts {
	uint32_t flags;
	bool json;
	bool fix;
	bool dry_run;
	struct cli_filter f;
	struct html_report *html; /* --html */
};

/* Bytes read but not yet written (--fix), from stream offset `base`. */
struct pending {
	char *p;
	size_t len, cap;
	uint64_t base;
	uint64_t line;  /* line number of p[0] (--dry-run) */
	uint64_t *cuts; /* removal ranges, pairs */
	size_t ncuts, cuts_cap;
	unsigned long removed;
	bool diff_header;
};

static void
usage(FILE *f)
{
	fputs("Usage: konorm scan [OPTIONS] [FILE...]\n"
	      "Find text that does not belong: foreign-script insertions\n"
	      "(spam phrases), words mixing look-alike scripts, invisible\n"
	      "and bidi control characters, mojibake and Korean typed in\n"
	      "English keyboard mode.  Glosses (Seoul (서울)), quotations,\n"
	      "introduced foreign words, Hanja in Korean and Latin in\n"
	      "Korean prose are left alone.\n"
	      "\nOptions:\n"
	      "      --json           one JSON object per finding (JSON "
	      "Lines)\n"
	      "      --html           write one self-contained HTML page: "
	      "the\n"
	      "                       text with each finding highlighted, "
	      "and\n"
	      "                       a summary (at most 64 MiB of text an\n"
	      "                       input)\n"
	      "      --kinds LIST     comma-separated kinds to report:\n"
	      "                       foreign-run, mixed-script-word,\n"
	      "                       invisible, bidi-control, mojibake,\n"
	      "                       wrong-layout (default: all)\n"
	      "      --sensitivity N  1 (fewest findings) .. 9 (most); "
	      "default 5\n"
	      "      --bom            also report a byte order mark at the\n"
	      "                       start\n"
	      "      --fix            write the text with foreign runs,\n"
	      "                       invisible and bidi characters removed\n"
	      "                       (and the spaces around a removed run\n"
	      "                       tidied); report each finding on\n"
	      "                       standard error\n"
	      "      --dry-run        with --fix: print a unified diff "
	      "instead\n"
	      "      --jsonl FIELD    the input is JSON Lines: scan the "
	      "string\n"
	      "                       member FIELD of each record and write\n"
	      "                       the record back with its findings as "
	      "an\n"
	      "                       array under \"" FINDINGS_KEY "\"\n"
	      CLI_FILTER_HELP_JSONL
	      "      --jobs N         with --jsonl: process blocks of "
	      "records\n"
	      "                       in N threads (0: one per processor);\n"
	      "                       the output is the same as with "
	      "--jobs 1\n"
	      CLI_FILTER_HELP_OUTPUT
	      "  -q, --quiet          print nothing (no progress line "
	      "either);\n"
	      "                       only the exit status\n"
	      "  -h, --help           show this help and exit\n"
	      "\nOffsets in --json are 0-based byte offsets into the UTF-8 "
	      "input,\n"
	      "end exclusive; columns count characters from 1.  Input in "
	      "another\n"
	      "encoding (EUC-KR, CP949, UTF-16...) is detected and converted\n"
	      "first; offsets then refer to the UTF-8 text.\n"
	      "Exit status: 0 no finding, 1 findings, 2 error.\n",
	      f);
}

static bool
parse_kinds(const char *list, uint32_t *flags)
{
	uint32_t kinds = 0;
	const char *p = list;
	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		int k = konorm_scan_kind_from_name(p, n);
		if (k < 0) {
			return false;
		}
		kinds |= KONORM_SCAN_KIND(k);
		p += n;
		if (*p == ',') {
			p++;
		}
	}
	if (kinds == 0) {
		return false;
	}
	*flags = (*flags & ~(uint32_t)KONORM_SCAN_ALL_KINDS) | kinds;
	return true;
}

/* ---- Human output ------------------------------------------------------ */

/* Terminal columns of one character (UAX #11 East Asian Width: the
 * wide and fullwidth blocks konorm's texts use are 2, combining marks and
 * invisibles 0, the rest 1). */
static int
char_width(uint32_t cp)
{
	if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1160 && cp <= 0x11FF) ||
	    (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F)) {
		return 0;
	}
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	    (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x1F900 && cp <= 0x1F9FF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD)) {
		return 2;
	}
	return 1;
}

/* Characters that must not reach a terminal as they are: controls,
 * bidi controls (they would reorder the line), format characters,
 * fillers and selectors (they are invisible). */
static bool
needs_escape(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       cp == 0xAD || cp == 0x061C || cp == 0x180E ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0x3164 || cp == 0xFFA0 ||
	       cp == 0x115F || cp == 0x1160 || cp == 0x2800 ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       (cp >= 0x1D173 && cp <= 0x1D17A) ||
	       (cp >= 0xE0000 && cp <= 0xE01EF);
}

/* Decodes one character of s[0..n) (input the scanner validated);
 * returns its length, 1 for a stray byte (cp = U+FFFD). */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (s[0] >= 0x80 && (s[0] < 0xC2 || s[0] > 0xF4 || len > n)) {
		*cp = 0xFFFD;
		return 1;
	}
	static const unsigned char mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	uint32_t c = s[0] & mask[len];
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Writes s[0..n) for display and returns its width; with `draw` false it
 * only measures. */
static size_t
show(const char *s, size_t n, bool draw)
{
	size_t width = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t r = decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == '\t') {
			if (draw) {
				cli_write(" ", 1);
			}
			width++;
		} else if (needs_escape(cp)) {
			char esc[16];
			int k = snprintf(esc, sizeof(esc), "<U+%04X>",
			                 (unsigned)cp);
			if (draw) {
				cli_write(esc, (size_t)k);
			}
			width += (size_t)k;
		} else {
			if (draw) {
				cli_write(s + i, r);
			}
			width += (size_t)char_width(cp);
		}
		i += r;
	}
	return width;
}

/* Moves back from s+at by at most `chars` characters. */
static size_t
back_chars(const char *s, size_t at, size_t chars)
{
	while (at > 0 && chars > 0) {
		at--;
		while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) {
			at--;
		}
		chars--;
	}
	return at;
}

static size_t
forward_chars(const char *s, size_t n, size_t at, size_t chars)
{
	while (at < n && chars > 0) {
		at++;
		while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80) {
			at++;
		}
		chars--;
	}
	return at;
}

/* The line with the span marked under it, cut to about 40 characters
 * either side so that long paragraphs stay readable. */
static void
print_excerpt(const struct konorm_finding *f)
{
	const char *line = f->line_text;
	size_t n = f->line_len;
	size_t s = f->start > f->line_start ? (size_t)(f->start - f->line_start)
	                                    : 0;
	size_t e =
	        f->end > f->line_start ? (size_t)(f->end - f->line_start) : 0;
	if (s > n) {
		s = n;
	}
	if (e > n) {
		e = n;
	}
	size_t from = back_chars(line, s, 40);
	while (from > 0 && from < s && line[from - 1] != ' ' && s - from > 30) {
		from = forward_chars(line, n, from, 1);
	}
	size_t to = forward_chars(line, n, e, 40);
	/* End the excerpt at a space, not in the middle of a word. */
	size_t cut = to;
	while (cut > e && cut < n && line[cut] != ' ') {
		cut--;
	}
	if (cut > e && cut < n) {
		to = cut;
	}
	char gutter[32];
	int g = snprintf(gutter, sizeof(gutter), "%5llu | ",
	                 (unsigned long long)f->line);
	cli_write(gutter, (size_t)g);
	size_t lead = 0;
	if (from > 0) {
		cli_write_str("...");
		lead = 3;
	}
	lead += show(line + from, s - from, true);
	size_t mark = show(line + s, e - s, true);
	show(line + e, to - e, true);
	if (to < n) {
		cli_write_str("...");
	}
	cli_write_str("\n      | ");
	for (size_t i = 0; i < lead; i++) {
		cli_write(" ", 1);
	}
	cli_write("^", 1);
	for (size_t i = 1; i < mark; i++) {
		cli_write("~", 1);
	}
	cli_write("\n", 1);
}

static void
print_human(const char *label, const struct konorm_finding *f)
{
	cli_printf("%s:%llu:%llu: %s: %s (score %.2f)\n", label,
	           (unsigned long long)f->line, (unsigned long long)f->column,
	           konorm_scan_kind_name(f->kind), f->reason, f->score);
	print_excerpt(f);
	if (f->suggestion != NULL) {
		const char *what =
		        f->kind == KONORM_SCAN_WRONG_LAYOUT ? "did you mean"
		        : f->kind == KONORM_SCAN_MOJIBAKE   ? "repaired"
		                                            : "looks like";
		cli_printf("      = %s: ", what);
		show(f->suggestion, f->suggestion_len, true);
		cli_write("\n", 1);
	}
	cli_flush_line();
}

/* ---- JSON output ------------------------------------------------------- */

static void
json_key(const char *key)
{
	cli_printf(",\"%s\":", key);
}

static void
print_json(const char *label, const struct konorm_finding *f)
{
	const char *kind = konorm_scan_kind_name(f->kind);
	cli_write_str("{\"kind\":");
	cli_write_json_string(kind, strlen(kind));
	cli_printf(",\"start\":%llu,\"end\":%llu,\"line\":%llu,\"column\":%llu",
	           (unsigned long long)f->start, (unsigned long long)f->end,
	           (unsigned long long)f->line, (unsigned long long)f->column);
	json_key("text");
	cli_write_json_string(f->text, f->text_len);
	json_key("script");
	cli_write_json_string(f->script, strlen(f->script));
	cli_printf(",\"score\":%.3f", f->score);
	json_key("reason");
	cli_write_json_string(f->reason, strlen(f->reason));
	if (f->codepoint != 0) {
		cli_printf(",\"codepoint\":\"U+%04X\"", (unsigned)f->codepoint);
	}
	if (f->suggestion != NULL) {
		json_key(f->kind == KONORM_SCAN_MIXED_SCRIPT_WORD ||
		                         f->kind == KONORM_SCAN_FOREIGN_RUN
		                 ? "looks_like"
		                 : "suggestion");
		cli_write_json_string(f->suggestion, f->suggestion_len);
	}
	if (f->removable) {
		cli_printf(",\"remove_start\":%llu,\"remove_end\":%llu",
		           (unsigned long long)f->remove_start,
		           (unsigned long long)f->remove_end);
	}
	json_key("file");
	cli_write_json_string(label, strlen(label));
	cli_write_str("}\n");
	cli_flush_line();
}

/* ---- --fix ------------------------------------------------------------- */

static bool
pending_append(struct pending *p, const char *s, size_t n)
{
	if (p->cap - p->len < n) {
		size_t cap = p->cap ? p->cap : CLI_BLOCK;
		while (cap - p->len < n) {
			cap *= 2;
		}
		char *q = realloc(p->p, cap);
		if (q == NULL) {
			return false;
		}
		p->p = q;
		p->cap = cap;
	}
	memcpy(p->p + p->len, s, n);
	p->len += n;
	return true;
}

static bool
add_cut(struct pending *p, uint64_t a, uint64_t b)
{
	if (p->ncuts == p->cuts_cap) {
		size_t cap = p->cuts_cap ? p->cuts_cap * 2 : 16;
		uint64_t *q = realloc(p->cuts, cap * 2 * sizeof(*q));
		if (q == NULL) {
			return false;
		}
		p->cuts = q;
		p->cuts_cap = cap;
	}
	p->cuts[2 * p->ncuts] = a;
	p->cuts[2 * p->ncuts + 1] = b;
	p->ncuts++;
	return true;
}

static int
by_cut(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Writes text[0..n) (stream offsets base..base+n) without the cuts;
 * returns bytes written (to out when draw). */
static void
write_cut(const struct pending *p, size_t from, size_t to, bool draw_diff)
{
	uint64_t at = p->base + from;
	uint64_t end = p->base + to;
	for (size_t i = 0; i < p->ncuts && at < end; i++) {
		uint64_t a = p->cuts[2 * i], b = p->cuts[2 * i + 1];
		if (b <= at || a >= end) {
			continue;
		}
		if (a > at) {
			cli_write(p->p + (at - p->base), (size_t)(a - at));
		}
		at = b < end ? b : end;
	}
	if (at < end) {
		cli_write(p->p + (at - p->base), (size_t)(end - at));
	}
	(void)draw_diff;
}

static bool
line_has_cut(const struct pending *p, size_t from, size_t to)
{
	for (size_t i = 0; i < p->ncuts; i++) {
		if (p->cuts[2 * i] < p->base + to &&
		    p->cuts[2 * i + 1] > p->base + from) {
			return true;
		}
	}
	return false;
}

/* The diff of the settled lines: one hunk per changed line, no
 * context (valid unified diff; `patch` applies it). */
static void
write_diff(struct pending *p, size_t upto, const char *label)
{
	size_t from = 0;
	while (from < upto) {
		const char *nl = memchr(p->p + from, '\n', upto - from);
		size_t to = nl != NULL ? (size_t)(nl - p->p) + 1 : upto;
		if (line_has_cut(p, from, to)) {
			if (!p->diff_header) {
				cli_printf("--- %s\n+++ %s\n", label, label);
				p->diff_header = true;
			}
			cli_printf("@@ -%llu +%llu @@\n",
			           (unsigned long long)p->line,
			           (unsigned long long)p->line);
			cli_write("-", 1);
			cli_write(p->p + from, to - from);
			if (nl == NULL) {
				cli_write_str(
				        "\n\\ No newline at end of file\n");
			}
			cli_write("+", 1);
			write_cut(p, from, to, true);
			if (nl == NULL) {
				cli_write_str(
				        "\n\\ No newline at end of file\n");
			}
		}
		p->line += nl != NULL;
		from = to;
	}
}

/* Writes (or diffs) what is settled and drops it from the buffer. */
static void
flush_settled(struct pending *p, uint64_t settled, const struct scan_opts *o,
              const char *label)
{
	if (settled <= p->base) {
		return;
	}
	size_t upto = (size_t)(settled - p->base);
	if (upto > p->len) {
		upto = p->len;
	}
	if (p->ncuts > 1) {
		qsort(p->cuts, p->ncuts, 2 * sizeof(uint64_t), by_cut);
	}
	if (o->dry_run) {
		write_diff(p, upto, label);
	} else {
		write_cut(p, 0, upto, false);
	}
	memmove(p->p, p->p + upto, p->len - upto);
	p->len -= upto;
	p->base += upto;
	/* Keep only the cuts that reach past what was written. */
	size_t k = 0;
	for (size_t i = 0; i < p->ncuts; i++) {
		if (p->cuts[2 * i + 1] > p->base) {
			p->cuts[2 * k] = p->cuts[2 * i];
			p->cuts[2 * k + 1] = p->cuts[2 * i + 1];
			k++;
		}
	}
	p->ncuts = k;
}

/* ---- The scan ---------------------------------------------------------- */

static unsigned long
drain(struct konorm_scanner *s, const char *label, const struct scan_opts *o,
      struct pending *p)
{
	struct konorm_finding f;
	unsigned long n = 0;
	while (konorm_scanner_next(s, &f)) {
		n++;
		if (o->html != NULL) {
			if (!html_report_add_finding(o->html, &f)) {
				cli_error(label, "out of memory");
				exit(CLI_EXIT_USAGE);
			}
		} else if (o->fix) {
			if (f.removable &&
			    !add_cut(p, f.remove_start, f.remove_end)) {
				cli_error(label, "out of memory");
				exit(CLI_EXIT_USAGE);
			}
			if (!o->f.quiet) {
				cli_progress_clear();
				fprintf(stderr,
				        "konorm: %s:%llu:%llu: %s %s: %.*s\n",
				        label, (unsigned long long)f.line,
				        (unsigned long long)f.column,
				        f.removable ? "removed" : "kept",
				        konorm_scan_kind_name(f.kind),
				        f.codepoint != 0 ? 0 : (int)f.text_len,
				        f.text);
			}
			p->removed += f.removable != 0;
		} else if (o->f.quiet) {
			continue;
		} else if (o->json) {
			print_json(label, &f);
		} else {
			print_human(label, &f);
		}
	}
	return n;
}

static void
report_error(struct konorm_scanner *s, const struct cli_input *in,
             const char *buf, uint64_t buf_base, size_t buf_len,
             enum konorm_status st)
{
	cli_report_status(in->label, st, konorm_scanner_offset(s), buf, buf_base,
	                  buf_len);
}

/* One input being scanned: the scanner, what --fix holds back, and the
 * converter when the input is not UTF-8. */
struct job {
	struct konorm_scanner *s;
	struct pending p;
	struct konorm_converter *conv;
	unsigned long findings;
	const struct scan_opts *o;
	const char *label;
	bool too_large; /* --html: past HTML_REPORT_MAX_TEXT */
};

/* Feeds UTF-8 text to the scanner, taking the findings as they come. */
static enum konorm_status
feed_utf8(struct job *j, const char *text, size_t n)
{
	struct konorm_in kin = {text, n, 0};
	if (j->o->fix && !pending_append(&j->p, text, n)) {
		return KONORM_ENOMEM;
	}
	if (j->o->html != NULL && !html_report_add_text(j->o->html, text, n)) {
		j->too_large = true;
		return KONORM_ENOMEM;
	}
	while (kin.pos < kin.size) {
		enum konorm_status st = konorm_scanner_feed(j->s, &kin);
		j->findings += drain(j->s, j->label, j->o, &j->p);
		if (st != KONORM_OK) {
			return st;
		}
		if (j->o->fix) {
			flush_settled(&j->p, konorm_scanner_settled(j->s), j->o,
			              j->label);
		}
	}
	return KONORM_OK;
}

/* Converts a block to UTF-8 and feeds it (at the end, flushes the
 * converter: in == NULL). */
static enum konorm_status
feed_converted(struct job *j, const char *block, size_t n)
{
	static char out[4 * CLI_BLOCK];
	struct konorm_in kin = {block, n, 0};
	enum konorm_status st;
	do {
		struct konorm_out kout = {out, sizeof(out), 0};
		st = block != NULL ? konorm_converter_feed(j->conv, &kin, &kout)
		                   : konorm_converter_finish(j->conv, &kout);
		if (st != KONORM_OK && st != KONORM_EBUFSIZE) {
			return st;
		}
		enum konorm_status fs = feed_utf8(j, out, kout.pos);
		if (fs != KONORM_OK) {
			return fs;
		}
	} while (st == KONORM_EBUFSIZE);
	return KONORM_OK;
}

/* Looks at the first block: UTF-8 (or ASCII) is scanned as it is;
 * anything else goes through detect and convert first, and the offsets
 * then refer to the UTF-8 text (said on stderr). */
static bool
start_conversion(struct job *j, const char *block, size_t n)
{
	size_t bad = 0;
	enum konorm_status v = konorm_utf8_validate(block, n, &bad);
	if (v == KONORM_OK || (v == KONORM_ETRUNCATED && n == CLI_BLOCK)) {
		return true;
	}
	/* UTF-8 with a stray error (one bad sequence in many good ones) is
	 * reported, not reinterpreted; text in a legacy encoding fails
	 * UTF-8 all the time. */
	size_t good = 0, errors = 0, at = 0;
	while (at < n) {
		size_t off = 0;
		v = konorm_utf8_validate(block + at, n - at, &off);
		for (size_t i = at; i < at + off; i++) {
			good += ((unsigned char)block[i] & 0xC0) == 0xC0;
		}
		if (v == KONORM_OK || v == KONORM_ETRUNCATED) {
			break;
		}
		errors++;
		at += off + 1;
	}
	if (good >= 2 * errors) {
		return true;
	}
	struct konorm_candidate best;
	if (konorm_detect(block, n, KONORM_DETECT_PREFIX, &best) != KONORM_OK ||
	    best.encoding == KONORM_ENC_UTF8 ||
	    best.encoding == KONORM_ENC_ASCII ||
	    best.encoding == KONORM_ENC_UNKNOWN) {
		return true; /* not another encoding: report the bad byte */
	}
	j->conv = konorm_converter_new(best.encoding, KONORM_ENC_UTF8, 0);
	if (j->conv == NULL) {
		return false;
	}
	fprintf(stderr,
	        "konorm: %s: read as %s (detected); offsets refer to the "
	        "UTF-8 text\n",
	        j->label, konorm_encoding_name(best.encoding));
	return true;
}

/* Scans one input; returns the exit status for it. */
static int
scan_input(struct cli_input *in, const struct scan_opts *o)
{
	static char buf[CLI_BLOCK];
	struct job j = {.s = konorm_scanner_new(o->flags),
	                .p = {.line = 1},
	                .o = o,
	                .label = in->label};
	int status = CLI_EXIT_OK;
	uint64_t buf_base = 0;
	size_t buf_len = 0;
	const char *problem = NULL; /* --html: why the text stops early */
	char why[128];
	uint64_t shown = UINT64_MAX;
	if (j.s == NULL) {
		cli_error(in->label, "out of memory");
		return CLI_EXIT_USAGE;
	}
	if (o->html != NULL) {
		html_report_file_begin(o->html, in->label);
	}
	for (bool first = true;; first = false) {
		long r = cli_input_read(in, buf, sizeof(buf));
		cli_progress_update(in);
		if (r < 0) {
			problem = "read error";
			status = CLI_EXIT_USAGE;
			break;
		}
		if (r > 0) {
			/* The last block read stays in buf at end of input,
			 * for the bytes of an error message. */
			buf_base = in->offset - (uint64_t)r;
			buf_len = (size_t)r;
		}
		if (first && !start_conversion(&j, buf, (size_t)r)) {
			cli_error(in->label, "out of memory");
			status = CLI_EXIT_USAGE;
			break;
		}
		enum konorm_status st = KONORM_OK;
		if (r > 0) {
			st = j.conv != NULL ? feed_converted(&j, buf, (size_t)r)
			                    : feed_utf8(&j, buf, (size_t)r);
		} else {
			if (j.conv != NULL) {
				st = feed_converted(&j, NULL, 0);
			}
			if (st == KONORM_OK) {
				st = konorm_scanner_finish(j.s);
				j.findings += drain(j.s, in->label, o, &j.p);
			}
			if (st == KONORM_OK && o->fix) {
				flush_settled(&j.p, j.p.base + j.p.len, o,
				              in->label);
			}
		}
		if (st != KONORM_OK) {
			cli_progress_clear();
			if (j.too_large) {
				cli_error(in->label,
				          "too large for --html (the report "
				          "holds the text: at most %zu MiB)",
				          HTML_REPORT_MAX_TEXT >> 20);
				problem = "the report holds at most 64 MiB "
				          "of text";
			} else if (j.conv != NULL && st != KONORM_ENOMEM) {
				cli_error_at(in->label,
				             konorm_converter_offset(j.conv),
				             NULL, 0, "%s",
				             konorm_strerror(st));
				problem = konorm_strerror(st);
			} else {
				report_error(j.s, in, buf, buf_base, buf_len,
				             st);
				shown = konorm_scanner_offset(j.s);
				snprintf(why, sizeof(why), "%s at byte %llu",
				         konorm_strerror(st),
				         (unsigned long long)shown);
				problem = why;
			}
			status = CLI_EXIT_USAGE;
			break;
		}
		if (r == 0) {
			break;
		}
	}
	if (status == CLI_EXIT_OK && j.findings > 0) {
		status = CLI_EXIT_DATA;
	}
	if (o->html != NULL) {
		html_report_file_end(o->html, problem, shown);
	}
	free(j.p.p);
	free(j.p.cuts);
	konorm_converter_free(j.conv);
	konorm_scanner_free(j.s);
	return status;
}

/* ---- --jsonl FIELD ------------------------------------------------------ */


/* Field mode: flags and the findings counted from any thread. */
struct jsonl_ctx {
	uint32_t flags;
	atomic_ulong findings;
};

static bool
put_key(struct jsonl_buf *b, const char *key)
{
	return jsonl_buf_append(b, ",\"", 2) &&
	       jsonl_buf_append(b, key, strlen(key)) &&
	       jsonl_buf_append(b, "\":", 2);
}

static bool
put_fmt(struct jsonl_buf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < sizeof(tmp) &&
	       jsonl_buf_append(b, tmp, (size_t)n);
}

/* One finding as a JSON object, keys in print_json's order. */
static bool
put_finding(struct jsonl_buf *b, const struct konorm_finding *f)
{
	const char *kind = konorm_scan_kind_name(f->kind);
	bool ok = jsonl_buf_append(b, "{\"kind\":", 8) &&
	          jsonl_put_string(b, kind, strlen(kind)) &&
	          put_fmt(b,
	                  ",\"start\":%llu,\"end\":%llu,\"line\":%llu,"
	                  "\"column\":%llu",
	                  (unsigned long long)f->start,
	                  (unsigned long long)f->end,
	                  (unsigned long long)f->line,
	                  (unsigned long long)f->column) &&
	          put_key(b, "text") &&
	          jsonl_put_string(b, f->text, f->text_len) &&
	          put_key(b, "script") &&
	          jsonl_put_string(b, f->script, strlen(f->script)) &&
	          put_fmt(b, ",\"score\":%.3f", f->score) &&
	          put_key(b, "reason") &&
	          jsonl_put_string(b, f->reason, strlen(f->reason));
	if (ok && f->codepoint != 0) {
		ok = put_fmt(b, ",\"codepoint\":\"U+%04X\"",
		             (unsigned)f->codepoint);
	}
	if (ok && f->suggestion != NULL) {
		bool looks = f->kind == KONORM_SCAN_MIXED_SCRIPT_WORD ||
		             f->kind == KONORM_SCAN_FOREIGN_RUN;
		ok = put_key(b, looks ? "looks_like" : "suggestion") &&
		     jsonl_put_string(b, f->suggestion, f->suggestion_len);
	}
	if (ok && f->removable) {
		ok = put_fmt(b, ",\"remove_start\":%llu,\"remove_end\":%llu",
		             (unsigned long long)f->remove_start,
		             (unsigned long long)f->remove_end);
	}
	return ok && jsonl_buf_append(b, "}", 1);
}

/* The annotation of field mode: the findings in the decoded value, as a
 * JSON array.  A scanner per record (records are independent, and the
 * workers of --jobs share this context). */
static const char *
scan_annotate(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	struct jsonl_ctx *c = ctx;
	struct konorm_scanner *s = konorm_scanner_new(c->flags);
	if (s == NULL) {
		return "out of memory";
	}
	const char *why = NULL;
	unsigned long n = 0;
	struct konorm_in in = {text, len, 0};
	struct konorm_finding f;
	if (!jsonl_buf_append(out, "[", 1)) {
		why = "out of memory";
		goto done;
	}
	for (bool finishing = false;;) {
		enum konorm_status st = finishing ? konorm_scanner_finish(s)
		                                  : konorm_scanner_feed(s, &in);
		if (st != KONORM_OK) {
			why = konorm_strerror(st);
			goto done;
		}
		while (konorm_scanner_next(s, &f)) {
			if ((n > 0 && !jsonl_buf_append(out, ",", 1)) ||
			    !put_finding(out, &f)) {
				why = "out of memory";
				goto done;
			}
			n++;
		}
		if (finishing) {
			break;
		}
		finishing = in.pos == in.size;
	}
	if (!jsonl_buf_append(out, "]", 1)) {
		why = "out of memory";
	}
done:
	if (why == NULL) {
		atomic_fetch_add(&c->findings, n);
	}
	konorm_scanner_free(s);
	return why;
}

static int
scan_jsonl(struct cli_input *in, const struct scan_opts *o)
{
	const char *field = o->f.jsonl_field;
	enum jsonl_on_error on_error = o->f.on_error;
	unsigned jobs = o->f.jobs;
	struct jsonl_ctx c = {.flags = o->flags};
	atomic_init(&c.findings, 0);
	const struct jsonl_options jo = {
		.field = field,
		.on_error = on_error,
		.edit = scan_annotate,
		.ctx = &c,
		.append_key = FINDINGS_KEY,
	};
	int st = jobs > 1 ? jsonl_parallel(in, jobs, &jo)
	                  : jsonl_filter(in, &jo);
	if (st == CLI_EXIT_OK && atomic_load(&c.findings) > 0) {
		st = CLI_EXIT_DATA;
	}
	return st;
}

static int
parse_options(int argc, char **argv, struct scan_opts *o, bool *html)
{
	enum {
		OPT_JSON = 256,
		OPT_KINDS,
		OPT_SENS,
		OPT_BOM,
		OPT_FIX,
		OPT_DRY,
		OPT_HTML,
	};
	static const struct option longopts[] = {
	        {"json", no_argument, NULL, OPT_JSON},
	        {"kinds", required_argument, NULL, OPT_KINDS},
	        {"sensitivity", required_argument, NULL, OPT_SENS},
	        {"bom", no_argument, NULL, OPT_BOM},
	        {"fix", no_argument, NULL, OPT_FIX},
	        {"dry-run", no_argument, NULL, OPT_DRY},
	        {"html", no_argument, NULL, OPT_HTML},
	        CLI_FILTER_LONGOPTS,
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h" CLI_FILTER_SHORTOPTS, longopts,
	                        NULL)) != -1) {
		int st = cli_filter_option("scan", c, optarg, &o->f);
		if (st != CLI_FILTER_NOT_MINE) {
			if (st >= 0) {
				return st;
			}
			continue;
		}
		switch (c) {
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_KINDS:
			if (!parse_kinds(optarg, &o->flags)) {
				return cli_usage_error(
				        "scan", "bad --kinds '%s'", optarg);
			}
			break;
		case OPT_SENS: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 9) {
				return cli_usage_error(
				        "scan",
				        "--sensitivity wants 1..9, not '%s'",
				        optarg);
			}
			o->flags = (o->flags &
			            ~(uint32_t)KONORM_SCAN_SENSITIVITY_MASK) |
			           KONORM_SCAN_SENSITIVITY(v);
			break;
		}
		case OPT_BOM:
			o->flags |= KONORM_SCAN_FLAG_BOM;
			break;
		case OPT_FIX:
			o->fix = true;
			break;
		case OPT_HTML:
			*html = true;
			break;
		case OPT_DRY:
			o->dry_run = true;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			return cli_usage_error("scan", "unknown option");
		}
	}
	if (o->dry_run && !o->fix) {
		return cli_usage_error("scan", "--dry-run goes with --fix");
	}
	if (*html && (o->json || o->fix)) {
		return cli_usage_error("scan", "--html goes with neither "
		                               "--json nor --fix");
	}
	/* Plain text is not cut into blocks: the scanner holds back a
	 * paragraph for context, and line numbers, --fix and the encoding
	 * detection follow the whole stream. */
	if (o->f.jobs > 1 && o->f.jsonl_field == NULL) {
		return cli_usage_error("scan", "--jobs needs --jsonl FIELD");
	}
	if (o->f.jsonl_field != NULL && (*html || o->json || o->fix)) {
		return cli_usage_error("scan", "--jsonl goes with neither "
		                               "--json, --html nor --fix");
	}
	return cli_filter_check("scan", &o->f);
}

/* A file that cannot be opened still gets its section in the report. */
static bool
open_input(struct cli_input *in, const char *name, const struct scan_opts *o)
{
	if (cli_input_open(in, name)) {
		return true;
	}
	if (o->html != NULL) {
		html_report_file_begin(o->html, name);
		html_report_file_end(o->html, "the file cannot be opened", 0);
	}
	return false;
}

int
cmd_scan(int argc, char **argv)
{
	struct scan_opts o = {.flags = KONORM_SCAN_ALL_KINDS, .f.jobs = 1};
	bool html = false;
	int st = parse_options(argc, argv, &o, &html);
	if (st >= 0) {
		return st;
	}
	if (html && (o.html = html_report_new()) == NULL) {
		cli_error("scan", "out of memory");
		return CLI_EXIT_USAGE;
	}
	if (!cli_filter_open_output(&o.f)) {
		html_report_free(o.html);
		return CLI_EXIT_USAGE;
	}
	if (o.html != NULL) {
		html_report_begin(o.html);
	}
	int status = CLI_EXIT_OK;
	int nfiles = argc - optind;
	for (int i = 0; i < (nfiles > 0 ? nfiles : 1); i++) {
		struct cli_input in;
		if (!open_input(&in, nfiles > 0 ? argv[optind + i] : "-",
		                &o)) {
			status = CLI_EXIT_USAGE;
			continue;
		}
		cli_progress_start(&in, o.f.quiet, o.f.output);
		st = o.f.jsonl_field != NULL ? scan_jsonl(&in, &o)
		                             : scan_input(&in, &o);
		cli_progress_stop();
		cli_input_close(&in);
		if (st > status) {
			status = st;
		}
	}
	if (o.html != NULL) {
		html_report_end(o.html);
		html_report_free(o.html);
	}
	return status;
}
