/* SPDX-License-Identifier: MIT */
/*
 * konorm fix [--explain] [--json] [--no-normalize] [--replace]
 *            [--jsonl FIELD] [--jobs N] [-o FILE] [FILE...]: repairs
 * mojibake as a streaming filter (konorm_fixer: one line held back at
 * most).
 *
 * The fixed text goes to the output; what was found goes to standard
 * error: every irreversible span always (it is left as it is, and the
 * exit status is 1), every repair too with --explain, as JSON Lines with
 * --json.
 */
#include "cli.h"
#include "filter.h"
#include "parallel.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Room for the output of one feed call before it is written. */
#define OUT_CAP (4 * CLI_BLOCK)

struct fix_opts {
	uint32_t flags;
	bool explain;
	bool json;
	struct cli_filter f;
	uint64_t *replaced; /* --replace: U+FFFD written, all inputs */
};

/* What the report callback needs and counts. */
struct report_ctx {
	const struct fix_opts *o;
	const char *label;
	unsigned long irreversible;
	FILE *f;       /* where reports go: stderr, or a --jobs block's */
	uint64_t base; /* added to the offsets (--jobs: the block's) */
};

static void
print_help(void)
{
	cli_write_str(
	        "Usage: konorm fix [OPTIONS] [FILE...]\n"
	        "Repair mojibake: text that went through the wrong\n"
	        "decoder, such as UTF-8 read as Windows-1252\n"
	        "(ì•ˆë…• -> 안녕, donâ€™t -> don’t), Latin-1 or Mac OS\n"
	        "Roman, CP949 read as Latin-1 or Windows-1252\n"
	        "(ÇÑ±Û -> 한글), and two layers of these.  A span is\n"
	        "repaired only when the repaired reading is clearly more\n"
	        "plausible; clean text passes through byte for byte.\n"
	        "Damage that cannot be undone (占쏙옙, U+FFFD runs, '?'\n"
	        "from a lossy CP949 decode, stripped C1 controls) is left\n"
	        "as it is and reported on standard error.  The result is\n"
	        "normalized to NFC.  With no FILE, or when FILE is -,\n"
	        "read standard input.\n"
	        "\n"
	        "Options:\n"
	        "      --explain        report each repair on standard\n"
	        "                       error\n"
	        "      --json           report as JSON Lines (with\n"
	        "                       --explain: every span; without:\n"
	        "                       irreversible ones)\n"
	        "      --no-normalize   do not normalize the result to NFC\n"
	        "      --replace        replace invalid UTF-8 with U+FFFD\n"
	        "                       instead of stopping at it\n"
	        CLI_FILTER_HELP_JSONL_FIELD("fix only")
	        CLI_FILTER_HELP_JSONL
	        CLI_FILTER_HELP_JOBS
	        CLI_FILTER_HELP_OUTPUT
	        "  -q, --quiet          no progress line on a terminal\n"
	        "  -h, --help           show this help and exit\n"
	        "\n"
	        "Exit status: 0 ok, 1 invalid input or irreversible\n"
	        "mojibake found, 2 usage or I/O error.\n");
}

/* Returns -1 after --help, or an exit status (0: go on). */
static int
parse_options(int argc, char **argv, struct fix_opts *o)
{
	enum {
		OPT_EXPLAIN = 256,
		OPT_JSON,
		OPT_NO_NORMALIZE,
		OPT_REPLACE,
	};
	static const struct option longopts[] = {
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"json", no_argument, NULL, OPT_JSON},
		{"no-normalize", no_argument, NULL, OPT_NO_NORMALIZE},
		{"replace", no_argument, NULL, OPT_REPLACE},
		CLI_FILTER_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h" CLI_FILTER_SHORTOPTS, longopts,
	                        NULL)) != -1) {
		int st = cli_filter_option("fix", c, optarg, &o->f);
		if (st != CLI_FILTER_NOT_MINE) {
			if (st >= 0) {
				return st;
			}
			continue;
		}
		switch (c) {
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_NO_NORMALIZE:
			o->flags |= KONORM_FIX_NO_NORMALIZE;
			break;
		case OPT_REPLACE:
			o->flags |= KONORM_REPLACE;
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return cli_usage_error("fix", "invalid option");
		}
	}
	if (o->f.jsonl_field != NULL && (o->explain || o->json)) {
		return cli_usage_error("fix", "--explain and --json do not go "
		                              "with --jsonl");
	}
	int st = cli_filter_check("fix", &o->f);
	return st >= 0 ? st : CLI_EXIT_OK;
}

/* Writes s[0..n) (valid UTF-8) to f as a JSON string (RFC 8259). */
static void
json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\r') {
			fputs("\\r", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(f, "\\u%04x", c);
		} else {
			fputc(c, f);
		}
	}
	fputc('"', f);
}

/* C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) are invisible on a
 * terminal; the human report shows them as <U+0081>. */
static void
human_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (c == 0xC2 && d >= 0x80 && d <= 0x9F) {
			fprintf(f, "<U+%04X>", d);
			i++;
		} else if (c < 0x20) {
			fprintf(f, "<U+%04X>", c);
		} else {
			fputc(c, f);
		}
	}
	fputc('"', f);
}

static void
report_json(const struct report_ctx *ctx, const struct konorm_repair *r)
{
	FILE *f = ctx->f;
	fputs("{\"file\":", f);
	json_string(f, ctx->label, strlen(ctx->label));
	fprintf(f, ",\"start\":%llu,\"end\":%llu,\"kind\":",
	        (unsigned long long)r->start, (unsigned long long)r->end);
	json_string(f, r->kind, strlen(r->kind));
	fprintf(f, ",\"repaired\":%s,\"layers\":%u,\"before\":",
	        r->repaired ? "true" : "false", r->layers);
	json_string(f, r->before, r->before_len);
	fputs(",\"after\":", f);
	if (r->after != NULL) {
		json_string(f, r->after, r->after_len);
	} else {
		fputs("null", f);
	}
	fputs("}\n", f);
}

static void
report_human(const struct report_ctx *ctx, const struct konorm_repair *r)
{
	FILE *f = ctx->f;
	fprintf(f, "konorm: %s: ", ctx->label);
	if (r->repaired) {
		fprintf(f, "repaired %s", r->kind);
		if (r->layers > 1) {
			fprintf(f, " (%u layers)", r->layers);
		}
		fprintf(f, " at byte %llu: ",
		        (unsigned long long)r->start);
		human_string(f, r->before, r->before_len);
		fputs(" -> ", f);
		human_string(f, r->after, r->after_len);
	} else {
		fprintf(f,
		        "irreversible mojibake (%s), left as is at byte %llu: ",
		        r->kind, (unsigned long long)r->start);
		human_string(f, r->before, r->before_len);
	}
	fputc('\n', f);
}

static void
on_repair(void *p, const struct konorm_repair *r)
{
	struct report_ctx *ctx = p;
	if (ctx->f == stderr) {
		cli_progress_clear(); /* the report goes to stderr too */
	}
	if (!r->repaired) {
		ctx->irreversible++;
	} else if (!ctx->o->explain) {
		return;
	}
	struct konorm_repair at = *r;
	at.start += ctx->base;
	at.end += ctx->base;
	if (ctx->o->json) {
		report_json(ctx, &at);
	} else {
		report_human(ctx, &at);
	}
}

/* Writes what the fixer produced; false after reporting an input error.
 * block/base locate the block just read, to quote the bad bytes. */
static bool
check_status(struct konorm_fixer *f, enum konorm_status st,
             const char *label, const char *block, size_t block_len,
             uint64_t base)
{
	if (st == KONORM_OK) {
		return true;
	}
	cli_report_status(label, st, konorm_fixer_offset(f), block, base,
	                  block_len);
	return false;
}

/* Feeds in[0..n) (or finishes, when finish) and writes all output. */
static enum konorm_status
pump(struct konorm_fixer *f, const char *in, size_t n, char *out,
     bool finish)
{
	struct konorm_in src = {in, n, 0};
	for (;;) {
		struct konorm_out dst = {out, OUT_CAP, 0};
		enum konorm_status st =
		        finish ? konorm_fixer_finish(f, &dst)
		               : konorm_fixer_feed(f, &src, &dst);
		cli_write(out, dst.pos);
		if (st != KONORM_EBUFSIZE) {
			return st;
		}
	}
}

static int
fix_stream(struct cli_input *in, const struct fix_opts *o, char *block,
           char *out)
{
	struct konorm_fixer *f = konorm_fixer_new(o->flags);
	if (f == NULL) {
		cli_error(in->label, "out of memory");
		return CLI_EXIT_USAGE;
	}
	struct report_ctx ctx = {.o = o, .label = in->label, .f = stderr};
	konorm_fixer_set_report(f, on_repair, &ctx);
	int status = CLI_EXIT_OK;
	uint64_t base = 0;
	for (;;) {
		long got = cli_input_read(in, block, CLI_BLOCK);
		if (got < 0) {
			status = CLI_EXIT_USAGE;
			break;
		}
		cli_progress_update(in);
		enum konorm_status st =
		        pump(f, block, (size_t)got, out, got == 0);
		if (st != KONORM_OK) {
			cli_progress_clear();
		}
		if (!check_status(f, st, in->label, block, (size_t)got,
		                  base)) {
			status = CLI_EXIT_DATA;
			break;
		}
		cli_flush_line();
		base += (uint64_t)got;
		if (got == 0) {
			break;
		}
	}
	if (status == CLI_EXIT_OK && ctx.irreversible > 0) {
		status = CLI_EXIT_DATA;
	}
	*o->replaced += konorm_fixer_replaced(f);
	konorm_fixer_free(f);
	return status;
}

/* ---- --jsonl FIELD ------------------------------------------------------ */

/* Field mode: the records' irreversible spans, counted from any thread. */
struct jsonl_ctx {
	uint32_t flags;
	atomic_ulong irreversible;
};

static void
count_irreversible(void *p, const struct konorm_repair *r)
{
	unsigned long *n = p;
	*n += !r->repaired;
}

/* One konorm_fix_report call, counting the irreversible spans it
 * reports (anew each call: the preflight's count is not kept). */
struct fix_call {
	uint32_t flags;
	unsigned long irreversible;
};

static struct konorm_result
fix_call(void *ctx, const char *src, size_t len, char *dst, size_t cap)
{
	struct fix_call *c = ctx;
	c->irreversible = 0;
	return konorm_fix_report(src, len, dst, cap, c->flags,
	                         count_irreversible, &c->irreversible);
}

/* The edit of field mode: the decoded value, fixed. */
static const char *
fix_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	struct jsonl_ctx *c = ctx;
	struct fix_call call = {.flags = c->flags};
	const char *why = jsonl_append_oneshot(out, fix_call, &call, text, len);
	if (why == NULL) {
		atomic_fetch_add(&c->irreversible, call.irreversible);
	}
	return why;
}

static int
fix_jsonl(struct cli_input *in, const struct fix_opts *o)
{
	struct jsonl_ctx c = {.flags = o->flags};
	atomic_init(&c.irreversible, 0);
	const struct jsonl_options jo = {
		.field = o->f.jsonl_field,
		.on_error = o->f.on_error,
		.edit = fix_edit,
		.ctx = &c,
	};
	int status = o->f.jobs > 1 ? jsonl_parallel(in, o->f.jobs, &jo)
	                           : jsonl_filter(in, &jo);
	unsigned long n = atomic_load(&c.irreversible);
	if (n > 0) {
		cli_error(in->label,
		          "%lu irreversible mojibake span%s in the '%s' "
		          "fields, left as %s",
		          n, n == 1 ? "" : "s", o->f.jsonl_field,
		          n == 1 ? "it is" : "they are");
		status = status > CLI_EXIT_DATA ? status : CLI_EXIT_DATA;
	}
	return status;
}

/* ---- --jobs N ------------------------------------------------------------ */

struct par_shared {
	const struct fix_opts *o;
	const char *label;
	unsigned long irreversible;
	int status;
};

/* What a worker met in its block: the fixer's status and the reports,
 * written to memory (open_memstream) to go to stderr in input order. */
struct par_result {
	enum konorm_status status;
	uint64_t offset; /* of the bad byte, within the block */
	unsigned long irreversible;
	uint64_t replaced;
	char *reports;
	size_t reports_len;
};

static void *
par_worker_new(void *shared)
{
	return shared;
}

static void
par_worker_free(void *worker)
{
	(void)worker;
}

static int
feed_fixer(void *h, struct konorm_in *in, struct konorm_out *out)
{
	return (int)konorm_fixer_feed(h, in, out);
}

static int
finish_fixer(void *h, struct konorm_out *out)
{
	return (int)konorm_fixer_finish(h, out);
}

/* A fresh fixer per block: it holds back one line at most, and a block
 * is whole lines (or cut between two ASCII characters, where no
 * garbled span can continue, as the fixer itself cuts long lines), so
 * the output is what one stream gives. */
static void
par_work(void *worker, struct par_block *b)
{
	const struct par_shared *sh = worker;
	struct par_result *res = calloc(1, sizeof(*res));
	b->result = res;
	if (res == NULL) {
		return;
	}
	struct konorm_fixer *f = konorm_fixer_new(sh->o->flags);
	FILE *mem = open_memstream(&res->reports, &res->reports_len);
	if (f == NULL || mem == NULL) {
		res->status = KONORM_ENOMEM;
		goto done;
	}
	struct report_ctx ctx = {
		.o = sh->o, .label = sh->label, .f = mem, .base = b->offset};
	konorm_fixer_set_report(f, on_repair, &ctx);
	const struct par_stream s = {f, feed_fixer, finish_fixer};
	res->status = (enum konorm_status)par_pump(b, &s);
	res->offset = konorm_fixer_offset(f);
	res->irreversible = ctx.irreversible;
	res->replaced = konorm_fixer_replaced(f);
done:
	if (mem != NULL && fclose(mem) != 0 && res->status == KONORM_OK) {
		res->status = KONORM_ENOMEM;
	}
	konorm_fixer_free(f);
}

static bool
par_emit(void *shared, struct par_block *b)
{
	struct par_shared *sh = shared;
	struct par_result *res = b->result;
	if (res == NULL || res->status == KONORM_ENOMEM) {
		cli_error(sh->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
		if (res != NULL) {
			free(res->reports);
			free(res);
		}
		b->result = NULL;
		return false;
	}
	if (b->out_len > 0) {
		cli_write(b->out, b->out_len);
	}
	if (res->reports_len > 0) {
		cli_progress_clear();
		fwrite(res->reports, 1, res->reports_len, stderr);
	}
	sh->irreversible += res->irreversible;
	*sh->o->replaced += res->replaced;
	enum konorm_status st = res->status;
	if (st != KONORM_OK) {
		cli_report_status(sh->label, st, b->offset + res->offset, b->in,
		                  b->offset, b->in_len);
		sh->status = CLI_EXIT_DATA;
	}
	free(res->reports);
	free(res);
	b->result = NULL;
	return st == KONORM_OK;
}

static void
par_discard(void *shared, struct par_block *b)
{
	(void)shared;
	struct par_result *res = b->result;
	if (res != NULL) {
		free(res->reports);
		free(res);
	}
	b->result = NULL;
}

/* A line with no break in a whole block: cut between two ASCII
 * characters (the fixer's own cut for long lines). */
static size_t
par_cut(const char *p, size_t len)
{
	for (size_t i = len; i-- > 1;) {
		if ((unsigned char)p[i] < 0x80 &&
		    (unsigned char)p[i - 1] < 0x80) {
			return i;
		}
	}
	return 0;
}

static int
fix_parallel(struct cli_input *in, const struct fix_opts *o)
{
	struct par_shared sh = {.o = o, .label = in->label};
	const struct par_ops ops = {
		.worker_new = par_worker_new,
		.worker_free = par_worker_free,
		.work = par_work,
		.emit = par_emit,
		.discard = par_discard,
		.cut = par_cut,
	};
	int st = par_run(in, o->f.jobs, &ops, &sh);
	if (sh.status > st) {
		st = sh.status;
	}
	if (st == CLI_EXIT_OK && sh.irreversible > 0) {
		st = CLI_EXIT_DATA;
	}
	return st;
}

/* ---- the command --------------------------------------------------------- */

struct input_ctx {
	const struct fix_opts *o;
	char *block;
	char *out;
};

static int
fix_input(struct cli_input *in, void *p)
{
	const struct input_ctx *c = p;
	if (c->o->f.jsonl_field != NULL) {
		return fix_jsonl(in, c->o);
	}
	if (c->o->f.jobs > 1) {
		return fix_parallel(in, c->o);
	}
	return fix_stream(in, c->o, c->block, c->out);
}

int
cmd_fix(int argc, char **argv)
{
	struct fix_opts o = {.f.jobs = 1};
	int st = parse_options(argc, argv, &o);
	if (st != CLI_EXIT_OK) {
		return st < 0 ? CLI_EXIT_OK : st;
	}
	if (!cli_filter_open_output(&o.f)) {
		return CLI_EXIT_USAGE;
	}
	struct input_ctx ctx = {
		.o = &o, .block = malloc(CLI_BLOCK), .out = malloc(OUT_CAP)};
	if (ctx.block == NULL || ctx.out == NULL) {
		free(ctx.block);
		free(ctx.out);
		cli_error("fix", "out of memory");
		return CLI_EXIT_USAGE;
	}
	uint64_t replaced = 0;
	o.replaced = &replaced;
	int status = cli_filter_inputs(argv + optind, argc - optind, &o.f,
	                               fix_input, &ctx);
	/* As normalize --replace: the replacements are said, not hidden
	 * (they are not mojibake, and the exit status stays 0). */
	if (replaced > 0 && !o.f.quiet) {
		fprintf(stderr, "konorm: fix: replaced %llu invalid UTF-8 "
		                "sequence%s with U+FFFD\n",
		        (unsigned long long)replaced, replaced == 1 ? "" : "s");
	}
	free(ctx.block);
	free(ctx.out);
	return status;
}
