/* SPDX-License-Identifier: MIT */
/*
 * The scanner handle: splitting a UTF-8 stream into units (paragraphs,
 * bounded by KN_SCAN_CAP), running the passes of scan_chars.c and
 * scan_foreign.c over each unit, and handing out findings with absolute
 * offsets, lines and columns.  Also the one-shot konorm_scan and
 * konorm_scan_clean.
 */
#include "scan.h"

#include <stdlib.h>
#include <string.h>

#define KNOWN_FLAGS                                                            \
	(KONORM_SCAN_ALL_KINDS | KONORM_SCAN_SENSITIVITY_MASK |                \
	 KONORM_SCAN_FLAG_BOM)

struct konorm_scanner {
	uint32_t flags;
	struct kn_buf hold;  /* the unit being gathered */
	uint64_t hold_start; /* absolute offset of hold.p[0] */
	size_t line_from;    /* where the line being gathered starts */
	uint64_t consumed;   /* bytes fed so far */
	uint64_t error_at;
	bool failed;
	bool finished;
	/* Position of the start of the held unit. */
	uint64_t line;       /* 1-based */
	uint64_t column;     /* characters before it on its line */
	uint64_t line_start; /* absolute offset where that line starts */
	/* The unit whose findings are being handed out. */
	struct kn_scan_unit unit;
	struct kn_buf unit_text;
	uint64_t unit_start;
	size_t next_hit;
	/* Cursor (a byte offset) for line and column, moving forward
	 * through the unit. */
	size_t cur_ch;
	uint64_t cur_line;
	uint64_t cur_col;
	uint64_t cur_line_start;
	uint64_t settled;
	double doc_letters[KN_SCR_COUNT];
};

static const char *const kind_names[KONORM_SCAN_KIND_COUNT] = {
        "foreign-run",  "mixed-script-word", "invisible",
        "bidi-control", "mojibake",          "wrong-layout",
};

const char *
konorm_scan_kind_name(enum konorm_scan_kind kind)
{
	if ((unsigned)kind >= KONORM_SCAN_KIND_COUNT) {
		return "unknown";
	}
	return kind_names[kind];
}

int
konorm_scan_kind_from_name(const char *name, size_t len)
{
	for (int k = 0; k < KONORM_SCAN_KIND_COUNT; k++) {
		if (name != NULL && strlen(kind_names[k]) == len &&
		    memcmp(kind_names[k], name, len) == 0) {
			return k;
		}
	}
	return -1;
}

/* Sensitivity 1..9 moves the threshold 0.08 a step around 0.5 (5). */
static double
threshold_of(uint32_t flags)
{
	unsigned s = (flags & KONORM_SCAN_SENSITIVITY_MASK) >> 8;
	if (s == 0) {
		s = 5;
	}
	if (s > 9) {
		s = 9;
	}
	return 0.5 + 0.08 * (5.0 - (double)s);
}

struct konorm_scanner *
konorm_scanner_new(uint32_t flags)
{
	if ((flags & ~(uint32_t)KNOWN_FLAGS) != 0) {
		return NULL;
	}
	struct konorm_scanner *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		return NULL;
	}
	if ((flags & KONORM_SCAN_ALL_KINDS) == 0) {
		flags |= KONORM_SCAN_ALL_KINDS;
	}
	s->flags = flags;
	konorm_scanner_reset(s);
	return s;
}

static void
release_unit(struct kn_scan_unit *u)
{
	kn_scan_spoof_close(u);
	free(u->ch);
	free(u->hits);
	kn_buf_release(&u->arena);
	memset(u, 0, sizeof(*u));
}

void
konorm_scanner_free(struct konorm_scanner *s)
{
	if (s == NULL) {
		return;
	}
	kn_buf_release(&s->hold);
	kn_buf_release(&s->unit_text);
	release_unit(&s->unit);
	free(s);
}

void
konorm_scanner_reset(struct konorm_scanner *s)
{
	if (s == NULL) {
		return;
	}
	s->hold.len = 0;
	s->hold_start = 0;
	s->line_from = 0;
	s->consumed = 0;
	s->error_at = 0;
	s->failed = false;
	s->finished = false;
	s->line = 1;
	s->column = 0;
	s->line_start = 0;
	s->unit.nhits = 0;
	s->unit.n = 0;
	s->next_hit = 0;
	s->settled = 0;
	memset(s->doc_letters, 0, sizeof(s->doc_letters));
}

uint64_t
konorm_scanner_offset(const struct konorm_scanner *s)
{
	if (s == NULL) {
		return 0;
	}
	return s->failed ? s->error_at : s->consumed;
}

uint64_t
konorm_scanner_settled(const struct konorm_scanner *s)
{
	return s != NULL ? s->settled : 0;
}

/* ---- Findings ---------------------------------------------------------- */

void
kn_scan_add(struct kn_scan_unit *u, const struct kn_scan_hit *h,
            const char *reason, const char *suggestion, size_t suggestion_len)
{
	/* Every kind is found and kept until the unit is done, so that the
	 * kinds asked for do not change each other's findings (the bidi
	 * pass looks at the foreign runs, mojibake covers runs); the kinds
	 * not asked for are dropped then. */
	if (u->oom) {
		return;
	}
	if (u->nhits == u->hits_cap) {
		size_t cap = u->hits_cap ? u->hits_cap * 2 : 16;
		struct kn_scan_hit *p = realloc(u->hits, cap * sizeof(*p));
		if (p == NULL) {
			u->oom = true;
			return;
		}
		u->hits = p;
		u->hits_cap = cap;
	}
	struct kn_scan_hit *dst = &u->hits[u->nhits];
	*dst = *h;
	dst->reason = u->arena.len;
	if (!kn_buf_append(&u->arena, reason, strlen(reason) + 1)) {
		u->oom = true;
		return;
	}
	dst->suggestion = SIZE_MAX;
	dst->suggestion_len = 0;
	if (suggestion != NULL) {
		dst->suggestion = u->arena.len;
		dst->suggestion_len = suggestion_len;
		if (!kn_buf_append(&u->arena, suggestion, suggestion_len) ||
		    !kn_buf_append(&u->arena, "", 1)) {
			u->oom = true;
			return;
		}
	}
	u->nhits++;
}

/* Drops the findings of kinds not asked for, and a foreign run inside
 * mojibake, which is the garbling itself (占쏙옙 is Han in English prose):
 * the mojibake finding explains it. */
static void
drop_runs_in_mojibake(struct kn_scan_unit *u)
{
	size_t k = 0;
	for (size_t i = 0; i < u->nhits; i++) {
		const struct kn_scan_hit *h = &u->hits[i];
		bool covered = (u->kinds & KONORM_SCAN_KIND(h->kind)) == 0;
		for (size_t j = 0;
		     j < u->nhits && h->kind == KONORM_SCAN_FOREIGN_RUN; j++) {
			const struct kn_scan_hit *m = &u->hits[j];
			covered |= m->kind == KONORM_SCAN_MOJIBAKE &&
			           m->start < h->end && h->start < m->end;
		}
		if (!covered) {
			u->hits[k++] = *h;
		}
	}
	u->nhits = k;
}

static int
by_start(const void *a, const void *b)
{
	const struct kn_scan_hit *x = a, *y = b;
	if (x->start != y->start) {
		return x->start < y->start ? -1 : 1;
	}
	if (x->kind != y->kind) {
		return x->kind < y->kind ? -1 : 1;
	}
	return 0;
}

/* ---- Units ------------------------------------------------------------- */

/* Characters of Latin text that no kind but mojibake and wrong-layout
 * can concern: Latin-1 and Latin Extended letters (not the soft hyphen),
 * combining diacritics, Vietnamese, general punctuation (not the
 * zero-width and bidi characters) and currency signs. */
static bool
plain_char(uint32_t cp)
{
	return (cp >= 0xA0 && cp <= 0x24F && cp != 0xAD) ||
	       (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
	       (cp >= 0x2010 && cp <= 0x2027) ||
	       (cp >= 0x2030 && cp <= 0x205E) ||
	       (cp >= 0x20A0 && cp <= 0x20C0) || cp == 0x2122;
}

static bool
plain_latin(const uint8_t *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		i += kn_ascii_prefix(s + i, n - i);
		if (i >= n) {
			return true;
		}
		uint32_t cp;
		int r = kn_utf8_decode(s + i, n - i, &cp);
		if (r <= 0 || !plain_char(cp)) {
			return false;
		}
		i += (size_t)r;
	}
}

/* Scans hold[0..len) as one unit; findings become pending. */
static enum konorm_status
scan_unit(struct konorm_scanner *s, size_t len)
{
	struct kn_scan_unit *u = &s->unit;
	s->unit_text.len = 0;
	if (!kn_buf_append(&s->unit_text, s->hold.p, len)) {
		return KONORM_ENOMEM;
	}
	u->text = s->unit_text.p;
	u->len = len;
	u->nhits = 0;
	u->arena.len = 0;
	u->oom = false;
	u->kinds = s->flags & KONORM_SCAN_ALL_KINDS;
	u->threshold = threshold_of(s->flags);
	u->stream_start = s->hold_start == 0;
	u->report_bom = (s->flags & KONORM_SCAN_FLAG_BOM) != 0;
	u->doc_letters = s->doc_letters;
	s->unit_start = s->hold_start;
	s->next_hit = 0;
	s->cur_ch = 0;
	s->cur_line = s->line;
	s->cur_col = s->column;
	s->cur_line_start = s->line_start;
	u->n = 0;
	u->scripts = 0;
	u->special = false;
	if (plain_latin(u->text, u->len)) {
		/* The fast path (most English text): ASCII, Latin letters
		 * and typography hold no foreign run, mixed word, invisible
		 * or bidi control; only mojibake and typing slips remain,
		 * and both work on the bytes. */
		size_t words = kn_scan_wrong_layout(u);
		kn_scan_mojibake(u);
		for (int k = 0; k < KN_SCR_COUNT; k++) {
			s->doc_letters[k] *= 0.5;
		}
		s->doc_letters[KN_SCR_LATIN] += (double)words;
	} else {
		if (!kn_scan_decode(u)) {
			if (u->oom) {
				return KONORM_ENOMEM;
			}
			s->error_at = s->hold_start + u->bad_at;
			return KONORM_EINVAL_UTF8;
		}
		kn_scan_invisibles(u);
		kn_scan_mixed_words(u);
		kn_scan_foreign(u);
		kn_scan_bidi(u); /* after foreign: see in_foreign_run */
		kn_scan_mojibake(u);
		kn_scan_wrong_layout(u);
	}
	if (u->oom) {
		return KONORM_ENOMEM;
	}
	drop_runs_in_mojibake(u);
	if (u->nhits > 1) {
		qsort(u->hits, u->nhits, sizeof(*u->hits), by_start);
	}
	/* Advance the position of the next unit past this one: count the
	 * line breaks, then the characters after the last one. */
	const uint8_t *h = s->hold.p;
	size_t last = SIZE_MAX;
	for (const uint8_t *nl = memchr(h, '\n', len); nl != NULL;
	     nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - h))) {
		s->line++;
		last = (size_t)(nl - h);
	}
	if (last != SIZE_MAX) {
		s->column = 0;
		s->line_start = s->hold_start + last + 1;
	}
	for (size_t i = last == SIZE_MAX ? 0 : last + 1; i < len; i++) {
		s->column += (h[i] & 0xC0) != 0x80; /* a character starts */
	}
	s->settled = s->hold_start + len;
	/* Keep the rest of the hold for the next unit. */
	memmove(s->hold.p, s->hold.p + len, s->hold.len - len);
	s->hold.len -= len;
	s->hold_start += len;
	s->line_from = s->line_from > len ? s->line_from - len : 0;
	return KONORM_OK;
}

/* Where a full hold is cut: after its last line break, else after its
 * last space, else at its last character boundary. */
static size_t
cut_point(const uint8_t *p, size_t n)
{
	for (size_t i = n; i > n / 2; i--) {
		if (p[i - 1] == '\n') {
			return i;
		}
	}
	for (size_t i = n; i > n / 2; i--) {
		if (p[i - 1] == ' ') {
			return i;
		}
	}
	size_t i = n;
	while (i > 0 && n - i < 4 && (p[i - 1] & 0xC0) == 0x80) {
		i--;
	}
	if (i > 0 && n - i < 4 &&
	    kn_utf8_lead_len(p[i - 1]) > (int)(n - i + 1)) {
		return i - 1; /* the last sequence is incomplete */
	}
	return n;
}

/* True when hold[from..to) is a line of nothing but blanks. */
static bool
blank_line(const uint8_t *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n') {
			return false;
		}
	}
	return true;
}

/* Where an incomplete last sequence of p[0..n) starts, or n. */
static size_t
complete_prefix(const uint8_t *p, size_t n)
{
	size_t i = n;
	while (i > 0 && n - i < 3 && (p[i - 1] & 0xC0) == 0x80) {
		i--;
	}
	if (i > 0) {
		uint32_t cp;
		if (kn_utf8_decode(p + i - 1, n - i + 1, &cp) == 0) {
			return i - 1; /* a proper prefix: more input needed */
		}
	}
	return n;
}

enum konorm_status
konorm_scanner_feed(struct konorm_scanner *s, struct konorm_in *in)
{
	if (s == NULL || in == NULL || (in->src == NULL && in->size > 0)) {
		return KONORM_EINVAL;
	}
	if (s->failed || s->finished) {
		return KONORM_ESTATE;
	}
	s->unit.nhits = 0; /* earlier findings are no longer valid */
	s->next_hit = 0;
	while (in->pos < in->size) {
		const uint8_t *p = (const uint8_t *)in->src + in->pos;
		size_t avail = in->size - in->pos;
		size_t room = KN_SCAN_CAP - s->hold.len;
		const uint8_t *nl =
		        memchr(p, '\n', avail < room ? avail : room);
		size_t take = nl != NULL ? (size_t)(nl - p) + 1
		                         : (avail < room ? avail : room);
		if (!kn_buf_append(&s->hold, p, take)) {
			return KONORM_ENOMEM;
		}
		in->pos += take;
		s->consumed += take;
		size_t unit_len = 0;
		if (nl != NULL) {
			/* A paragraph ends with a blank line (the line may
			 * have come in several chunks: it starts at
			 * line_from). */
			if (blank_line(s->hold.p, s->line_from, s->hold.len)) {
				unit_len = s->hold.len;
			}
			s->line_from = s->hold.len;
		} else if (s->hold.len == KN_SCAN_CAP) {
			unit_len = cut_point(s->hold.p, s->hold.len);
		}
		if (unit_len == 0) {
			continue;
		}
		/* scan_unit validates as it decodes. */
		s->error_at = s->consumed;
		enum konorm_status st = scan_unit(s, unit_len);
		if (st != KONORM_OK) {
			s->failed = true;
			return st;
		}
		if (s->unit.nhits > 0) {
			return KONORM_OK; /* the caller takes them first */
		}
	}
	return KONORM_OK;
}

enum konorm_status
konorm_scanner_finish(struct konorm_scanner *s)
{
	if (s == NULL) {
		return KONORM_EINVAL;
	}
	if (s->failed || s->finished) {
		return KONORM_ESTATE;
	}
	s->finished = true;
	s->unit.nhits = 0;
	s->next_hit = 0;
	if (s->hold.len == 0) {
		return KONORM_OK;
	}
	/* Scan what came before an incomplete last sequence, then report
	 * it. */
	size_t len = complete_prefix(s->hold.p, s->hold.len);
	enum konorm_status truncated =
	        len < s->hold.len ? KONORM_ETRUNCATED : KONORM_OK;
	uint64_t cut_at = s->hold_start + len;
	if (len > 0) {
		enum konorm_status st = scan_unit(s, len);
		if (st != KONORM_OK) {
			s->failed = true;
			return st;
		}
	}
	s->error_at = cut_at;
	if (truncated != KONORM_OK) {
		s->failed = true;
	}
	return truncated;
}

/* Moves the line/column cursor to the character at byte offset `off` of
 * the unit (offsets only grow between calls). */
static void
advance_cursor(struct konorm_scanner *s, uint32_t off)
{
	const struct kn_scan_unit *u = &s->unit;
	/* cur_ch is a byte offset into the unit. */
	while (s->cur_ch < u->len && s->cur_ch < off) {
		uint8_t b = u->text[s->cur_ch];
		if (b == '\n') {
			s->cur_line++;
			s->cur_col = 0;
			s->cur_line_start = s->unit_start + s->cur_ch + 1;
		} else if ((b & 0xC0) != 0x80) {
			s->cur_col++;
		}
		s->cur_ch++;
	}
}

/* The bytes of the line around the cursor that lie in the unit. */
static void
line_text(const struct konorm_scanner *s, struct konorm_finding *f)
{
	const struct kn_scan_unit *u = &s->unit;
	size_t from = s->cur_line_start > s->unit_start
	                      ? (size_t)(s->cur_line_start - s->unit_start)
	                      : 0;
	const uint8_t *nl = memchr(u->text + from, '\n', u->len - from);
	size_t to = nl != NULL ? (size_t)(nl - u->text) : u->len;
	if (to > from && u->text[to - 1] == '\r') {
		to--;
	}
	f->line_text = (const char *)u->text + from;
	f->line_len = to - from;
	f->line_start = s->unit_start + from;
}

int
konorm_scanner_next(struct konorm_scanner *s, struct konorm_finding *f)
{
	if (s == NULL || f == NULL || s->next_hit >= s->unit.nhits) {
		return 0;
	}
	const struct kn_scan_unit *u = &s->unit;
	const struct kn_scan_hit *h = &u->hits[s->next_hit++];
	advance_cursor(s, h->start);
	memset(f, 0, sizeof(*f));
	f->kind = (enum konorm_scan_kind)h->kind;
	f->start = s->unit_start + h->start;
	f->end = s->unit_start + h->end;
	f->line = s->cur_line;
	f->column = s->cur_col + 1;
	f->script = kn_script_name(h->script, h->icu);
	f->score = h->score;
	f->reason = (const char *)u->arena.p + h->reason;
	f->text = (const char *)u->text + h->start;
	f->text_len = h->end - h->start;
	if (h->suggestion != SIZE_MAX) {
		f->suggestion = (const char *)u->arena.p + h->suggestion;
		f->suggestion_len = h->suggestion_len;
	}
	f->codepoint = h->codepoint;
	f->removable = h->removable;
	f->remove_start = s->unit_start + h->remove_start;
	f->remove_end = s->unit_start + h->remove_end;
	line_text(s, f);
	return 1;
}

/* ---- One-shot ---------------------------------------------------------- */

enum konorm_status
konorm_scan(const char *src, size_t len, uint32_t flags, konorm_finding_fn cb,
            void *ctx, size_t *offset)
{
	if ((src == NULL && len > 0) || cb == NULL) {
		return KONORM_EINVAL;
	}
	struct konorm_scanner *s = konorm_scanner_new(flags);
	if (s == NULL) {
		return (flags & ~(uint32_t)KNOWN_FLAGS) ? KONORM_EINVAL
		                                        : KONORM_ENOMEM;
	}
	struct konorm_in in = {src, len, 0};
	struct konorm_finding f;
	enum konorm_status st = KONORM_OK;
	bool stop = false;
	while (!stop && in.pos < in.size) {
		st = konorm_scanner_feed(s, &in);
		if (st != KONORM_OK) {
			break;
		}
		while (!stop && konorm_scanner_next(s, &f)) {
			stop = cb(ctx, &f) != 0;
		}
	}
	if (st == KONORM_OK && !stop) {
		st = konorm_scanner_finish(s);
		while (!stop && konorm_scanner_next(s, &f)) {
			stop = cb(ctx, &f) != 0;
		}
	}
	if (offset != NULL) {
		*offset = st == KONORM_OK ? len
		                          : (size_t)konorm_scanner_offset(s);
	}
	konorm_scanner_free(s);
	return st;
}

struct removals {
	struct kn_buf ranges; /* pairs of uint64_t */
	bool oom;
};

static int
collect_removal(void *ctx, const struct konorm_finding *f)
{
	struct removals *r = ctx;
	if (!f->removable) {
		return 0;
	}
	uint64_t pair[2] = {f->remove_start, f->remove_end};
	if (!kn_buf_append(&r->ranges, pair, sizeof(pair))) {
		r->oom = true;
		return 1;
	}
	return 0;
}

static int
by_range(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	return x[0] < y[0] ? -1 : x[0] > y[0];
}

struct konorm_result
konorm_scan_clean(const char *src, size_t len, char *dst, size_t cap,
                  uint32_t flags)
{
	struct konorm_result res = {.status = KONORM_EINVAL};
	if (src == NULL && len > 0) {
		return res;
	}
	struct removals r = {0};
	size_t off = 0;
	enum konorm_status st =
	        konorm_scan(src, len, flags, collect_removal, &r, &off);
	if (st == KONORM_OK && r.oom) {
		st = KONORM_ENOMEM;
	}
	if (st != KONORM_OK) {
		kn_buf_release(&r.ranges);
		res.status = st;
		res.offset = off;
		return res;
	}
	uint64_t *pairs = (uint64_t *)(void *)r.ranges.p;
	size_t n = r.ranges.len / (2 * sizeof(uint64_t));
	if (n > 1) {
		qsort(pairs, n, 2 * sizeof(uint64_t), by_range);
	}
	struct kn_sink sink;
	kn_sink_init(&sink, dst, cap);
	size_t at = 0, removed = 0;
	for (size_t i = 0; i < n; i++) {
		size_t a = (size_t)pairs[2 * i], b = (size_t)pairs[2 * i + 1];
		if (b <= at) {
			continue; /* inside a removal already made */
		}
		if (a > at) {
			kn_sink_put(&sink, src + at, a - at);
		} else {
			a = at;
		}
		at = b;
		removed++;
	}
	if (len > at) {
		kn_sink_put(&sink, src + at, len - at);
	}
	kn_buf_release(&r.ranges);
	res = kn_sink_result(&sink, len);
	res.replaced = removed;
	return res;
}
