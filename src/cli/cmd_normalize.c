/* SPDX-License-Identifier: MIT */
/* konorm normalize: NFC/NFD/NFKC/NFKD with Hangul jamo composition. */
#include "cli.h"
#include "filter.h"
#include "parallel.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"Usage: konorm normalize [OPTIONS] [FILE...]\n"
	"Normalize UTF-8 text to a Unicode normalization form (UAX #15,\n"
	"Unicode 15.0) and write it to standard output.  Hangul in NFD (as\n"
	"macOS writes file names) composes to syllables under NFC.\n"
	"\n"
	"Options:\n"
	"  -f, --form FORM      nfc (default), nfd, nfkc or nfkd\n"
	"  -j, --compose-jamo   also compose runs of compatibility jamo that\n"
	"                       spell syllables (ㅎㅏㄴㄱㅡㄹ -> 한글); runs\n"
	"                       like ㅋㅋㅋ or ㅠㅠ stay as they are\n"
	"      --replace        replace invalid UTF-8 with U+FFFD (one per\n"
	"                       maximal subpart) and report the count,\n"
	"                       instead of stopping at the first bad byte\n"
	"  -c, --check          write no text; list the files that are not\n"
	"                       in the form and exit 1 if there are any\n"
	CLI_FILTER_HELP_JSONL_FIELD("normalize only")
	CLI_FILTER_HELP_JSONL
	CLI_FILTER_HELP_JOBS
	CLI_FILTER_HELP_OUTPUT
	"  -q, --quiet          no summary of replacements and no progress\n"
	"                       line on stderr\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"Invalid UTF-8 stops the file with an error naming the byte offset;\n"
	"everything before it is written, normalized.\n"
	"Exit status: 0 ok, 1 invalid input (or not normalized with\n"
	"--check), 2 usage or I/O error.\n"
	"\n"
	"Example:\n"
	"  printf 'e\\xcc\\x81' | konorm normalize     # -> é (U+00E9)\n"
	"  konorm normalize --jsonl text --jobs 4 < records.jsonl\n";

struct options {
	uint32_t flags;
	bool check;
	struct cli_filter f;
};

static bool
parse_form(const char *s, uint32_t *flags)
{
	static const struct {
		const char *name;
		uint32_t form;
	} forms[] = {
		{"nfc", KONORM_NFC},
		{"nfd", KONORM_NFD},
		{"nfkc", KONORM_NFKC},
		{"nfkd", KONORM_NFKD},
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (strcasecmp(s, forms[i].name) == 0) {
			*flags = (*flags & ~KONORM_FORM_MASK) | forms[i].form;
			return true;
		}
	}
	return false;
}

/* Returns -1 to continue, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_REPLACE = 256 };
	static const struct option longopts[] = {
		{"form", required_argument, NULL, 'f'},
		{"compose-jamo", no_argument, NULL, 'j'},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"check", no_argument, NULL, 'c'},
		CLI_FILTER_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:jch" CLI_FILTER_SHORTOPTS,
	                         longopts, NULL)) != -1) {
		int st = cli_filter_option("normalize", ch, optarg, &o->f);
		if (st != CLI_FILTER_NOT_MINE) {
			if (st >= 0) {
				return st;
			}
			continue;
		}
		switch (ch) {
		case 'f':
			if (!parse_form(optarg, &o->flags)) {
				return cli_usage_error(
				        "normalize",
				        "unknown form '%s' (nfc, nfd, nfkc, "
				        "nfkd)",
				        optarg);
			}
			break;
		case 'j':
			o->flags |= KONORM_COMPOSE_JAMO;
			break;
		case OPT_REPLACE:
			o->flags |= KONORM_REPLACE;
			break;
		case 'c':
			o->check = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return CLI_EXIT_OK;
		default:
			fputs("Try 'konorm normalize --help'.\n", stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (o->check && (o->flags & KONORM_REPLACE)) {
		return cli_usage_error("normalize",
		                       "--check and --replace do not go together");
	}
	if ((o->f.jsonl_field != NULL || o->f.jobs > 1) && o->check) {
		return cli_usage_error("normalize", "--check does not go with "
		                                    "--jsonl or --jobs");
	}
	return cli_filter_check("normalize", &o->f);
}

struct run {
	struct konorm_normalizer *n;
	char *out;
	size_t out_cap;
	bool write;
	bool line_buffered;
	const char *form_name;
	/* For --check: input bytes not yet matched by output bytes.  The
	 * output lags the input only by what the normalizer holds back, so
	 * this stays small; once they differ it is dropped. */
	char *unmatched;
	size_t unmatched_len;
	size_t unmatched_cap;
	bool differs;
	uint64_t line_base; /* stream offset where the handle was reset */
};

/* Hands normalized bytes on: written, or compared for --check. */
static void
deliver(struct run *r, const struct konorm_out *o)
{
	if (r->write) {
		cli_write(o->dst, o->pos);
		return;
	}
	if (r->differs || o->pos == 0) {
		return;
	}
	if (o->pos > r->unmatched_len ||
	    memcmp(o->dst, r->unmatched, o->pos) != 0) {
		r->differs = true;
		return;
	}
	memmove(r->unmatched, r->unmatched + o->pos, r->unmatched_len - o->pos);
	r->unmatched_len -= o->pos;
}

/* --check: remembers input until the output catches up with it. */
static bool
remember_input(struct run *r, const char *p, size_t len)
{
	if (r->write || r->differs) {
		return true;
	}
	if (r->unmatched_cap - r->unmatched_len < len) {
		size_t cap = r->unmatched_len + len + CLI_BLOCK;
		char *q = realloc(r->unmatched, cap);
		if (q == NULL) {
			return false;
		}
		r->unmatched = q;
		r->unmatched_cap = cap;
	}
	memcpy(r->unmatched + r->unmatched_len, p, len);
	r->unmatched_len += len;
	return true;
}

/* Feeds in[0..len) through the normalizer. */
static enum konorm_status
feed_all(struct run *r, const char *p, size_t len)
{
	struct konorm_in in = {p, len, 0};
	enum konorm_status st;
	do {
		struct konorm_out o = {r->out, r->out_cap, 0};
		st = konorm_normalizer_feed(r->n, &in, &o);
		deliver(r, &o);
	} while (st == KONORM_EBUFSIZE);
	return st;
}

static enum konorm_status
finish_all(struct run *r)
{
	enum konorm_status st;
	do {
		struct konorm_out o = {r->out, r->out_cap, 0};
		st = konorm_normalizer_finish(r->n, &o);
		deliver(r, &o);
	} while (st == KONORM_EBUFSIZE);
	return st;
}

/* --line-buffered: a newline is a hard boundary (nothing composes across
 * it), so each line is normalized on its own and flushed. */
static enum konorm_status
feed_lines(struct run *r, const char *p, size_t len)
{
	while (len > 0) {
		const char *nl = memchr(p, '\n', len);
		size_t k = nl != NULL ? (size_t)(nl - p) + 1 : len;
		enum konorm_status st = feed_all(r, p, k);
		if (st != KONORM_OK) {
			return st;
		}
		if (nl != NULL) {
			st = finish_all(r);
			if (st != KONORM_OK) {
				return st;
			}
			r->line_base += konorm_normalizer_offset(r->n);
			konorm_normalizer_reset(r->n);
			cli_flush_line();
		}
		p += k;
		len -= k;
	}
	return KONORM_OK;
}

static int
normalize_stream(struct run *r, struct cli_input *in, uint64_t *replaced)
{
	char *block = malloc(CLI_BLOCK);
	if (block == NULL) {
		cli_error(in->label, "out of memory");
		return CLI_EXIT_USAGE;
	}
	konorm_normalizer_reset(r->n);
	r->line_base = 0;
	r->unmatched_len = 0;
	r->differs = false;
	int status = CLI_EXIT_OK;
	enum konorm_status st = KONORM_OK;
	uint64_t block_start = 0;
	size_t block_len = 0; /* of the last block read */
	long got = 0;
	while ((got = cli_input_read(in, block, CLI_BLOCK)) > 0) {
		cli_progress_update(in);
		block_len = (size_t)got;
		block_start = in->offset - block_len;
		if (!remember_input(r, block, (size_t)got)) {
			st = KONORM_ENOMEM;
			break;
		}
		st = r->line_buffered ? feed_lines(r, block, (size_t)got)
		                      : feed_all(r, block, (size_t)got);
		if (st != KONORM_OK) {
			break;
		}
	}
	if (got < 0) {
		status = CLI_EXIT_USAGE;
	} else if (st == KONORM_OK) {
		st = finish_all(r);
	}
	cli_progress_clear();
	if (st != KONORM_OK && status == CLI_EXIT_OK) {
		uint64_t at = r->line_base + konorm_normalizer_offset(r->n);
		cli_report_status(in->label, st, at, block, block_start, block_len);
		status = CLI_EXIT_DATA;
	}
	*replaced += konorm_normalizer_replaced(r->n);
	free(block);
	if (!r->write && status == CLI_EXIT_OK &&
	    (r->differs || r->unmatched_len > 0)) {
		cli_printf("%s: not in %s\n", in->label, r->form_name);
		status = CLI_EXIT_DATA;
	}
	return status;
}

/* ---- --jsonl FIELD ------------------------------------------------------ */

static struct konorm_result
normalize_call(void *flags, const char *src, size_t len, char *dst, size_t cap)
{
	return konorm_normalize(src, len, dst, cap, *(const uint32_t *)flags);
}

/* The edit of field mode: the decoded value, normalized. */
static const char *
normalize_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	return jsonl_append_oneshot(out, normalize_call, ctx, text, len);
}

/* ---- --jobs N ------------------------------------------------------------ */

/* Plain text with --jobs (field mode goes through jsonl_parallel). */
struct par_shared {
	uint32_t flags;
	const struct cli_input *in;
	uint64_t replaced;
	int status;
};

/* What a worker met in a block. */
struct par_text_result {
	enum konorm_status status;
	uint64_t offset; /* within the block */
	uint64_t replaced;
};

static void *
par_worker_new(void *shared)
{
	struct par_shared *sh = shared;
	return konorm_normalizer_new(sh->flags);
}

static void
par_worker_free(void *worker)
{
	konorm_normalizer_free(worker);
}

static int
feed_normalizer(void *h, struct konorm_in *in, struct konorm_out *out)
{
	return (int)konorm_normalizer_feed(h, in, out);
}

static int
finish_normalizer(void *h, struct konorm_out *out)
{
	return (int)konorm_normalizer_finish(h, out);
}

/* A fresh normalizer per block, which gives the bytes a single stream
 * would, since nothing composes across a line break (and a safe cut,
 * below, is before a character that composes with nothing before it). */
static void
par_work(void *worker, struct par_block *b)
{
	struct konorm_normalizer *n = worker;
	struct par_text_result *res = calloc(1, sizeof(*res));
	b->result = res;
	if (res == NULL) {
		return;
	}
	konorm_normalizer_reset(n);
	const struct par_stream s = {n, feed_normalizer, finish_normalizer};
	res->status = (enum konorm_status)par_pump(b, &s);
	res->offset = konorm_normalizer_offset(n);
	res->replaced = konorm_normalizer_replaced(n);
}

static bool
par_emit(void *shared, struct par_block *b)
{
	struct par_shared *sh = shared;
	struct par_text_result *res = b->result;
	if (res == NULL) {
		cli_error(sh->in->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
		return false;
	}
	if (b->out_len > 0) {
		cli_write(b->out, b->out_len);
	}
	enum konorm_status st = res->status;
	sh->replaced += res->replaced;
	if (st == KONORM_ENOMEM) {
		cli_error(sh->in->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
	} else if (st != KONORM_OK) {
		cli_report_status(sh->in->label, st, b->offset + res->offset,
		                  b->in, b->offset, b->in_len);
		sh->status = CLI_EXIT_DATA;
	}
	free(res);
	return st == KONORM_OK;
}

static void
par_discard(void *shared, struct par_block *b)
{
	(void)shared;
	free(b->result);
	b->result = NULL;
}

/* A block with no line break in PAR_BLOCK bytes may end before an ASCII
 * character: no character before it can compose with it (no canonical
 * composition has an ASCII second character, UAX #15), and it ends any
 * jamo run. */
static size_t
par_text_cut(const char *p, size_t len)
{
	for (size_t i = len; i > 1; i--) {
		if ((unsigned char)p[i - 1] < 0x80) {
			return i - 1;
		}
	}
	return 0;
}

static int
normalize_parallel(uint32_t flags, unsigned jobs, struct cli_input *in,
                   uint64_t *replaced)
{
	struct par_shared sh = {.flags = flags, .in = in};
	const struct par_ops ops = {
		.worker_new = par_worker_new,
		.worker_free = par_worker_free,
		.work = par_work,
		.emit = par_emit,
		.discard = par_discard,
		.cut = par_text_cut,
	};
	int st = par_run(in, jobs, &ops, &sh);
	*replaced += sh.replaced;
	return st > sh.status ? st : sh.status;
}

/* ---- the command --------------------------------------------------------- */

struct input_ctx {
	const struct options *o;
	struct run *r;
	const struct jsonl_options *jo;
	uint64_t replaced;
};

static int
normalize_input(struct cli_input *in, void *p)
{
	struct input_ctx *c = p;
	const struct cli_filter *f = &c->o->f;
	if (f->jsonl_field != NULL) {
		return f->jobs > 1 ? jsonl_parallel(in, f->jobs, c->jo)
		                   : jsonl_filter(in, c->jo);
	}
	return f->jobs > 1 ? normalize_parallel(c->o->flags, f->jobs, in,
	                                        &c->replaced)
	                   : normalize_stream(c->r, in, &c->replaced);
}

int
cmd_normalize(int argc, char **argv)
{
	struct options o = {.f.jobs = 1};
	int st = parse_options(argc, argv, &o);
	if (st >= 0) {
		return st;
	}
	static const char *const form_names[] = {"NFC", "NFD", "NFKC", "NFKD"};
	const struct jsonl_options jo = {
		.field = o.f.jsonl_field,
		.on_error = o.f.on_error,
		.edit = normalize_edit,
		.ctx = &o.flags,
	};
	if (!cli_filter_open_output(&o.f)) {
		return CLI_EXIT_USAGE;
	}
	struct run r = {
		.n = konorm_normalizer_new(o.flags),
		.out_cap = CLI_BLOCK,
		.write = !o.check,
		.line_buffered = o.f.line_buffered,
		.form_name = form_names[o.flags & KONORM_FORM_MASK],
	};
	r.out = malloc(r.out_cap);
	if (r.n == NULL || r.out == NULL) {
		cli_error("normalize", "out of memory");
		konorm_normalizer_free(r.n);
		free(r.out);
		return CLI_EXIT_USAGE;
	}
	struct input_ctx ctx = {.o = &o, .r = &r, .jo = &jo};
	int status = cli_filter_inputs(argv + optind, argc - optind, &o.f,
	                               normalize_input, &ctx);
	if (ctx.replaced > 0 && !o.f.quiet) {
		fprintf(stderr, "konorm: normalize: replaced %llu invalid "
		                "UTF-8 sequence%s with U+FFFD\n",
		        (unsigned long long)ctx.replaced,
		        ctx.replaced == 1 ? "" : "s");
	}
	konorm_normalizer_free(r.n);
	free(r.out);
	free(r.unmatched);
	return status;
}
