/* SPDX-License-Identifier: MIT */
/*
 * konorm_fix: mojibake repair, one-shot and streaming.  The detection and
 * the undoing of each span are mojibake.c's; this file walks the text,
 * substitutes the repaired spans, reports every span, repeats until
 * nothing more is repairable (idempotence) and normalizes to NFC.
 */
#include "internal.h"
#include "mojibake.h"

#include <stdlib.h>
#include <string.h>

#define FLAGS_ALLOWED (KONORM_REPLACE | KONORM_FIX_NO_NORMALIZE)
/* A repaired text can hide one more layer only so many times. */
#define PASSES_MAX 4
#define SPANS_PER_BATCH KN_MOJIBAKE_BATCH_MIN

/* One U+FFFD written for invalid input (KONORM_REPLACE): where it stands
 * in the text that is fixed, and the bytes of the input it stands for. */
struct replacement {
	size_t text;  /* offset of the U+FFFD in the replaced text */
	size_t input; /* offset of the invalid bytes in the input */
	size_t bad;   /* how many bytes they were */
};

struct replacements {
	struct replacement *v;
	size_t n, cap;
};

struct reporter {
	konorm_repair_fn fn;
	void *ctx;
	uint64_t base; /* absolute offset of the text's first byte */
	/* NULL, or the U+FFFD that --replace wrote into the text. */
	const struct replacements *replaced;
};

/* The replacement at or before text offset x, or NULL. */
static const struct replacement *
replacement_before(const struct replacements *r, size_t x)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->v[mid].text <= x) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo > 0 ? &r->v[lo - 1] : NULL;
}

/* An offset in the replaced text as an offset in the caller's input: the
 * three bytes of an inserted U+FFFD stand for the invalid bytes. */
static size_t
input_offset(const struct replacements *r, size_t x)
{
	const struct replacement *p =
	        r != NULL ? replacement_before(r, x) : NULL;
	if (p == NULL) {
		return x;
	}
	if (x < p->text + 3) {
		return p->input;
	}
	return p->input + p->bad + (x - p->text - 3);
}

/* True when every U+FFFD in s[start..end) was written by --replace: the
 * damage is then invalid input, counted as such, not mojibake that came
 * with the text. */
static bool
only_inserted_fffd(const struct replacements *r, const uint8_t *s,
                   size_t start, size_t end)
{
	if (r == NULL || r->n == 0) {
		return false;
	}
	for (size_t i = start; i + 3 <= end; i++) {
		if (s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD) {
			const struct replacement *p = replacement_before(r, i);
			if (p == NULL || p->text != i) {
				return false;
			}
			i += 2;
		}
	}
	return true;
}

static void
report_span(const struct reporter *rep, const uint8_t *s,
            const struct kn_mojibake_span *sp, const uint8_t *after,
            size_t after_len)
{
	if (rep == NULL || rep->fn == NULL) {
		return;
	}
	if (sp->kind == KN_MOJI_REPLACEMENT_RUN && after == NULL &&
	    only_inserted_fffd(rep->replaced, s, sp->start, sp->end)) {
		return;
	}
	struct konorm_repair r = {
		.start = rep->base + input_offset(rep->replaced, sp->start),
		.end = rep->base + input_offset(rep->replaced, sp->end),
		.kind = kn_mojibake_kind_name(sp->kind),
		.repaired = after != NULL,
		.layers = after != NULL ? sp->layers : 0,
		.before = (const char *)s + sp->start,
		.before_len = sp->end - sp->start,
		.after = (const char *)after,
		.after_len = after_len,
	};
	rep->fn(rep->ctx, &r);
}

/* Copies what precedes one span and its repair (when it has one) to out;
 * reports the span.  False when memory ran out. */
static bool
apply_span(const uint8_t *s, const struct kn_mojibake_span *sp,
           struct kn_buf *out, const struct reporter *rep, size_t *copied,
           size_t *repairs)
{
	uint8_t fixed[4 * 4096];
	struct kn_sink sink;
	kn_sink_init(&sink, (char *)fixed, sizeof(fixed));
	bool repaired = sp->repairable && kn_mojibake_repair(s, sp, &sink) &&
	                !sink.full;
	report_span(rep, s, sp, repaired ? fixed : NULL,
	            repaired ? sink.len : 0);
	if (!repaired) {
		return true;
	}
	bool ok = kn_buf_append(out, s + *copied, sp->start - *copied) &&
	          kn_buf_append(out, fixed, sink.len);
	*copied = sp->end;
	++*repairs;
	return ok;
}

/*
 * One pass: when some span of s[0..n) is repairable, writes the text with
 * each repairable span replaced to out (which must be empty) and sets
 * *repairs; otherwise leaves out empty.  Reports spans when rep is not
 * NULL.  False when memory ran out.
 */
static bool
fix_pass(const uint8_t *s, size_t n, struct kn_buf *out,
         const struct reporter *rep, size_t *repairs)
{
	struct kn_mojibake_span spans[SPANS_PER_BATCH];
	struct kn_mojibake_cursor cursor = {0};
	bool ok = true;
	size_t copied = 0, count;
	*repairs = 0;
	do {
		count = kn_mojibake_find_next(s, n, &cursor, spans,
		                              SPANS_PER_BATCH);
		for (size_t i = 0; ok && i < count; i++) {
			ok = apply_span(s, &spans[i], out, rep, &copied,
			                repairs);
		}
	} while (ok && cursor.pos < n);
	if (ok && *repairs > 0) {
		ok = kn_buf_append(out, s + copied, n - copied);
	}
	return ok;
}

/* Appends the NFC form of s[0..n) to out; text already in NFC (the
 * common case, found by the quick check) is copied as it is. */
static enum konorm_status
append_nfc(const uint8_t *s, size_t n, struct kn_buf *out)
{
	const char *src = (const char *)s;
	if (konorm_normalize_check(src, n, KONORM_NFC).status == KONORM_OK) {
		return kn_buf_append(out, s, n) ? KONORM_OK : KONORM_ENOMEM;
	}
	size_t guess = n + n / 2 + 16;
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!kn_buf_reserve(out, guess)) {
			return KONORM_ENOMEM;
		}
		struct konorm_result r = konorm_normalize(
		        src, n, (char *)out->p + out->len, guess, KONORM_NFC);
		if (r.status == KONORM_OK) {
			out->len += r.needed;
			return KONORM_OK;
		}
		if (r.status != KONORM_EBUFSIZE) {
			return r.status;
		}
		guess = r.needed;
	}
	return KONORM_EINTERNAL;
}

/*
 * Repairs valid UTF-8 s[0..n): repeated passes until none repairs
 * anything (a repair can uncover another layer next to it).  *text and
 * *len give the result: s itself, or the contents of a or b.
 */
static bool
repair_all(const uint8_t *s, size_t n, const struct reporter *rep,
           struct kn_buf *a, struct kn_buf *b, const uint8_t **text,
           size_t *len)
{
	size_t repairs = 0;
	*text = s;
	*len = n;
	a->len = 0;
	if (!fix_pass(s, n, a, rep, &repairs)) {
		return false;
	}
	for (int pass = 1; repairs > 0; pass++) {
		*text = a->p;
		*len = a->len;
		if (pass == PASSES_MAX) {
			break;
		}
		b->len = 0;
		if (!fix_pass(a->p, a->len, b, NULL, &repairs)) {
			return false;
		}
		if (repairs > 0) {
			struct kn_buf t = *a;
			*a = *b;
			*b = t;
		}
	}
	return true;
}

/* Normalizing can make text repairable (U+0387 GREEK ANO TELEIA becomes
 * U+00B7, a Windows-1252 character): repair and normalize again, at most
 * this many times, so that fix(fix(x)) == fix(x). */
#define ROUNDS_MAX 3

/*
 * Fixes valid UTF-8 s[0..n) into out: repairs, then NFC (unless
 * KONORM_FIX_NO_NORMALIZE), until the normalized text has nothing left to
 * repair.  Only the first round reports: later rounds see text that is
 * not the caller's.
 */
static enum konorm_status
fix_valid(const uint8_t *s, size_t n, uint32_t flags,
          const struct reporter *rep, struct kn_buf *out)
{
	struct kn_buf a = {0}, b = {0}, norm = {0};
	enum konorm_status st = KONORM_ENOMEM;
	const uint8_t *text;
	size_t len;
	if (!repair_all(s, n, rep, &a, &b, &text, &len)) {
		goto fail;
	}
	if (flags & KONORM_FIX_NO_NORMALIZE) {
		st = kn_buf_append(out, text, len) ? KONORM_OK : KONORM_ENOMEM;
		goto fail;
	}
	for (int round = 1;; round++) {
		struct konorm_result q = konorm_normalize_check(
		        (const char *)text, len, KONORM_NFC);
		if (q.status == KONORM_OK || round == ROUNDS_MAX) {
			st = append_nfc(text, len, out);
			goto fail;
		}
		norm.len = 0;
		st = append_nfc(text, len, &norm);
		if (st != KONORM_OK) {
			goto fail;
		}
		st = KONORM_ENOMEM;
		/* norm is neither a nor b: repair_all may reuse both. */
		if (!repair_all(norm.p, norm.len, NULL, &a, &b, &text, &len)) {
			goto fail;
		}
		if (text == norm.p) {
			/* Nothing to repair in the normalized text. */
			st = kn_buf_append(out, text, len) ? KONORM_OK
			                                   : KONORM_ENOMEM;
			goto fail;
		}
		/* The repaired text (in a) is normalized next round. */
	}
fail:
	kn_buf_release(&a);
	kn_buf_release(&b);
	kn_buf_release(&norm);
	return st;
}

static bool
note_replacement(struct replacements *r, size_t text, size_t input,
                 size_t bad)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct replacement *v = realloc(r->v, cap * sizeof(*v));
		if (v == NULL) {
			return false;
		}
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = (struct replacement){text, input, bad};
	return true;
}

/* Copies s[0..n) to out with each maximal subpart of an ill-formed
 * sequence replaced by U+FFFD (Unicode 15.0 §3.9), noting each in reps;
 * a sequence cut by the end counts as ill-formed.  Returns the count, or
 * SIZE_MAX on ENOMEM. */
static size_t
replace_invalid(const uint8_t *s, size_t n, struct kn_buf *out,
                struct replacements *reps)
{
	static const uint8_t fffd[3] = {0xEF, 0xBF, 0xBD};
	size_t replaced = 0, i = 0;
	if (!kn_buf_reserve(out, n)) {
		return SIZE_MAX;
	}
	while (i < n) {
		size_t good = n - i;
		konorm_utf8_validate((const char *)s + i, n - i, &good);
		if (!kn_buf_append(out, s + i, good)) {
			return SIZE_MAX;
		}
		i += good;
		if (i >= n) {
			break;
		}
		uint32_t cp;
		int r = kn_utf8_decode(s + i, n - i, &cp);
		size_t bad = r < 0 ? (size_t)-r : n - i;
		if (!note_replacement(reps, out->len, i, bad) ||
		    !kn_buf_append(out, fffd, sizeof(fffd))) {
			return SIZE_MAX;
		}
		replaced++;
		i += bad;
	}
	return replaced;
}

struct konorm_result
konorm_fix_report(const char *src, size_t len, char *dst, size_t cap,
                  uint32_t flags, konorm_repair_fn report, void *ctx)
{
	struct konorm_result res = {.status = KONORM_EINVAL};
	if ((src == NULL && len > 0) || (flags & ~FLAGS_ALLOWED) != 0) {
		return res;
	}
	const uint8_t *s = (const uint8_t *)src;
	struct replacements reps = {0};
	struct reporter rep = {report, ctx, 0, &reps};
	struct kn_buf clean = {0}, out = {0};
	size_t valid = len;
	enum konorm_status input_st =
		konorm_utf8_validate(src, len, &valid);
	size_t replaced = 0;
	if (input_st != KONORM_OK && (flags & KONORM_REPLACE)) {
		replaced = replace_invalid(s, len, &clean, &reps);
		if (replaced == SIZE_MAX) {
			res.status = KONORM_ENOMEM;
			goto done;
		}
		s = clean.p;
		valid = clean.len;
		input_st = KONORM_OK;
	}
	enum konorm_status st = fix_valid(s, valid, flags, &rep, &out);
	if (st != KONORM_OK) {
		res.status = st;
		goto done;
	}
	struct kn_sink sink;
	kn_sink_init(&sink, dst, cap);
	kn_sink_put(&sink, out.p, out.len);
	res = kn_sink_result(&sink, len);
	if (sink.full && dst != NULL && cap > 0) {
		/* Keep the written prefix on a character boundary. */
		size_t keep = cap < out.len ? cap : out.len;
		while (keep > 0 && keep < out.len &&
		       (out.p[keep] & 0xC0) == 0x80) {
			keep--;
		}
		memcpy(dst, out.p, keep);
	}
	res.replaced = replaced;
	if (input_st != KONORM_OK) {
		res.status = input_st;
		res.offset = valid;
	}
done:
	kn_buf_release(&clean);
	kn_buf_release(&out);
	free(reps.v);
	return res;
}

struct konorm_result
konorm_fix(const char *src, size_t len, char *dst, size_t cap,
           uint32_t flags)
{
	return konorm_fix_report(src, len, dst, cap, flags, NULL, NULL);
}

/* ---- Streaming ------------------------------------------------------- */

struct konorm_fixer {
	uint32_t flags;
	struct reporter rep;
	struct kn_buf line;    /* input held back: the current line */
	struct kn_buf pending; /* fixed output not yet delivered */
	size_t pending_pos;
	uint64_t line_start; /* absolute offset of line.p[0] */
	uint64_t replaced;
	uint64_t error_offset;
	enum konorm_status error;
	bool finished;
};

struct konorm_fixer *
konorm_fixer_new(uint32_t flags)
{
	if ((flags & ~FLAGS_ALLOWED) != 0) {
		return NULL;
	}
	struct konorm_fixer *f = calloc(1, sizeof(*f));
	if (f != NULL) {
		f->flags = flags;
	}
	return f;
}

void
konorm_fixer_free(struct konorm_fixer *f)
{
	if (f == NULL) {
		return;
	}
	kn_buf_release(&f->line);
	kn_buf_release(&f->pending);
	free(f);
}

void
konorm_fixer_set_report(struct konorm_fixer *f, konorm_repair_fn report,
                        void *ctx)
{
	if (f != NULL) {
		f->rep.fn = report;
		f->rep.ctx = ctx;
	}
}

uint64_t
konorm_fixer_offset(const struct konorm_fixer *f)
{
	if (f == NULL) {
		return 0;
	}
	return f->error != KONORM_OK ? f->error_offset
	                             : f->line_start + f->line.len;
}

uint64_t
konorm_fixer_replaced(const struct konorm_fixer *f)
{
	return f != NULL ? f->replaced : 0;
}

static void
drain(struct konorm_fixer *f, struct konorm_out *out)
{
	size_t avail = f->pending.len - f->pending_pos;
	size_t room = out->size - out->pos;
	size_t k = avail < room ? avail : room;
	if (k > 0) {
		memcpy(out->dst + out->pos, f->pending.p + f->pending_pos, k);
	}
	out->pos += k;
	f->pending_pos += k;
	if (f->pending_pos == f->pending.len) {
		f->pending.len = f->pending_pos = 0;
	}
}

static bool
pending_empty(const struct konorm_fixer *f)
{
	return f->pending.len == f->pending_pos;
}

/* Fixes line[0..n) into pending and drops it from the line buffer. */
static enum konorm_status
process(struct konorm_fixer *f, size_t n, bool at_end)
{
	const uint8_t *s = f->line.p;
	struct kn_buf clean = {0};
	struct replacements reps = {0};
	size_t valid = n;
	enum konorm_status st = konorm_utf8_validate((const char *)s, n,
	                                             &valid);
	if (st != KONORM_OK && (f->flags & KONORM_REPLACE)) {
		size_t r = replace_invalid(s, n, &clean, &reps);
		if (r == SIZE_MAX) {
			kn_buf_release(&clean);
			free(reps.v);
			return KONORM_ENOMEM;
		}
		f->replaced += r;
		s = clean.p;
		valid = clean.len;
		st = KONORM_OK;
	}
	if (st != KONORM_OK) {
		f->error = st == KONORM_ETRUNCATED && !at_end
		                   ? KONORM_EINVAL_UTF8
		                   : st;
		f->error_offset = f->line_start + valid;
		return f->error;
	}
	f->rep.base = f->line_start;
	f->rep.replaced = &reps;
	st = fix_valid(s, valid, f->flags, &f->rep, &f->pending);
	f->rep.replaced = NULL;
	kn_buf_release(&clean);
	free(reps.v);
	if (st != KONORM_OK) {
		f->error = st;
		f->error_offset = f->line_start;
		return st;
	}
	memmove(f->line.p, f->line.p + n, f->line.len - n);
	f->line.len -= n;
	f->line_start += n;
	return KONORM_OK;
}

/*
 * Where a line longer than KONORM_FIX_MAX_LINE is cut: after an ASCII
 * character followed by an ASCII non-letter, where no UTF-8 sequence,
 * CP949 pair (its trail may be an ASCII letter) or combining sequence
 * continues; failing that, before a Hangul syllable, which no garbled
 * span contains (Korean written without spaces); failing that, at the
 * last character boundary.
 */
static size_t
cut_point(const uint8_t *s, size_t n)
{
	for (size_t i = n - 1; i > n / 2; i--) {
		bool letter = ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z');
		if (s[i] < 0x80 && s[i - 1] < 0x80 && !letter) {
			return i;
		}
	}
	for (size_t i = n - 3; i > n / 2; i--) {
		uint32_t cp;
		if (s[i] >= 0xEA && s[i] <= 0xED &&
		    kn_utf8_decode(s + i, 3, &cp) == 3 &&
		    kn_is_hangul_syllable(cp)) {
			return i;
		}
	}
	size_t i = n;
	while (i > 0 && (s[i - 1] & 0xC0) == 0x80) {
		i--;
	}
	/* i - 1 is now a lead or ASCII byte: cut before it. */
	return i > 1 ? i - 1 : n;
}

enum konorm_status
konorm_fixer_feed(struct konorm_fixer *f, struct konorm_in *in,
                  struct konorm_out *out)
{
	if (f == NULL || in == NULL || out == NULL || in->pos > in->size ||
	    out->pos > out->size || (in->src == NULL && in->size > 0)) {
		return KONORM_EINVAL;
	}
	if (f->error != KONORM_OK) {
		return f->error;
	}
	if (f->finished) {
		return KONORM_ESTATE;
	}
	for (;;) {
		drain(f, out);
		if (!pending_empty(f)) {
			return KONORM_EBUFSIZE;
		}
		if (in->pos == in->size) {
			return KONORM_OK;
		}
		const char *p = in->src + in->pos;
		size_t avail = in->size - in->pos;
		size_t room = KONORM_FIX_MAX_LINE - f->line.len;
		size_t take = avail < room ? avail : room;
		const char *nl = memchr(p, '\n', take);
		if (nl != NULL) {
			take = (size_t)(nl - p) + 1;
		}
		if (!kn_buf_append(&f->line, p, take)) {
			return KONORM_ENOMEM;
		}
		in->pos += take;
		enum konorm_status st = KONORM_OK;
		if (nl != NULL) {
			st = process(f, f->line.len, false);
		} else if (f->line.len == KONORM_FIX_MAX_LINE) {
			st = process(f, cut_point(f->line.p, f->line.len),
			             false);
		}
		if (st != KONORM_OK) {
			return st;
		}
	}
}

enum konorm_status
konorm_fixer_finish(struct konorm_fixer *f, struct konorm_out *out)
{
	if (f == NULL || out == NULL || out->pos > out->size) {
		return KONORM_EINVAL;
	}
	if (f->error != KONORM_OK) {
		return f->error;
	}
	if (!f->finished && f->line.len > 0) {
		enum konorm_status st = process(f, f->line.len, true);
		if (st != KONORM_OK) {
			return st;
		}
	}
	f->finished = true;
	drain(f, out);
	return pending_empty(f) ? KONORM_OK : KONORM_EBUFSIZE;
}
