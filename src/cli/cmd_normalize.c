/* SPDX-License-Identifier: MIT */
/* konorm normalize: NFC/NFD/NFKC/NFKD with Hangul jamo composition. */
#include "cli.h"
#include "progress.h"
#include "jsonl.h"
#include "parallel.h"

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
	"      --line-buffered  flush the output after each line\n"
	"      --jsonl FIELD    the input is JSON Lines: normalize only the\n"
	"                       string member FIELD of each record and keep\n"
	"                       every other byte as it is\n"
	"      --on-error MODE  with --jsonl, a malformed record is reported\n"
	"                       and then passed unchanged (pass, default),\n"
	"                       left out (skip) or ends the file (fail)\n"
	"      --jobs N         normalize blocks of whole lines in N threads\n"
	"                       (0: one per processor); the output is the\n"
	"                       same as with --jobs 1\n"
	"  -o, --output FILE    write to FILE instead of standard output\n"
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
	bool line_buffered;
	bool quiet;
	const char *output;
	const char *jsonl_field; /* --jsonl */
	enum jsonl_on_error on_error;
	bool on_error_given;
	unsigned jobs;
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

static bool
parse_on_error(const char *s, enum jsonl_on_error *mode)
{
	static const char *const names[] = {"pass", "skip", "fail"};
	static const enum jsonl_on_error modes[] = {JSONL_PASS, JSONL_SKIP,
	                                            JSONL_FAIL};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*mode = modes[i];
			return true;
		}
	}
	return false;
}

/* Returns -1 to continue, or an exit status. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	enum {
		OPT_REPLACE = 256,
		OPT_LINE_BUFFERED,
		OPT_JSONL,
		OPT_ON_ERROR,
		OPT_JOBS,
	};
	static const struct option longopts[] = {
		{"form", required_argument, NULL, 'f'},
		{"compose-jamo", no_argument, NULL, 'j'},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"check", no_argument, NULL, 'c'},
		{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
		{"jsonl", required_argument, NULL, OPT_JSONL},
		{"on-error", required_argument, NULL, OPT_ON_ERROR},
		{"jobs", required_argument, NULL, OPT_JOBS},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "f:jco:qh", longopts, NULL)) !=
	       -1) {
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
		case OPT_LINE_BUFFERED:
			o->line_buffered = true;
			break;
		case OPT_JSONL:
			o->jsonl_field = optarg;
			break;
		case OPT_ON_ERROR:
			if (!parse_on_error(optarg, &o->on_error)) {
				return cli_usage_error(
				        "normalize",
				        "unknown --on-error '%s' (pass, skip, "
				        "fail)",
				        optarg);
			}
			o->on_error_given = true;
			break;
		case OPT_JOBS:
			if (!par_parse_jobs(optarg, &o->jobs)) {
				return cli_usage_error(
				        "normalize",
				        "--jobs takes a number from 0 to %d, "
				        "not '%s'",
				        PAR_MAX_JOBS, optarg);
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return CLI_EXIT_OK;
		default:
			fputs("Try 'konorm normalize --help'.\n", stderr);
			return CLI_EXIT_USAGE;
		}
	}
	return -1;
}

/* Reports an input error with the offending bytes when they are at hand
 * (the error may lie in a block already gone; then only the offset). */
static void
report_input_error(const struct cli_input *in, enum konorm_status st,
                   uint64_t offset, const char *block, uint64_t block_start,
                   size_t block_len)
{
	const char *what = st == KONORM_ETRUNCATED ? "input ends inside a "
	                                             "UTF-8 sequence"
	                   : st == KONORM_ETOOLONG ? "combining sequence too "
	                                             "long"
	                                           : "invalid UTF-8";
	size_t nbytes = 0;
	const char *bytes = NULL;
	if (st != KONORM_ETOOLONG && offset >= block_start &&
	    offset < block_start + block_len) {
		bytes = block + (offset - block_start);
		size_t left = block_start + block_len - offset;
		/* The lead byte and the continuation bytes after it. */
		nbytes = 1;
		while (nbytes < 4 && nbytes < left &&
		       ((unsigned char)bytes[nbytes] & 0xC0) == 0x80) {
			nbytes++;
		}
	}
	cli_error_at(in->label, offset, bytes, nbytes, "%s", what);
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
		report_input_error(in, st, at, block, block_start, block_len);
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

/* The edit of field mode: the decoded value, normalized. */
static const char *
normalize_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	const uint32_t *flags = ctx;
	for (int round = 0; round < 2; round++) {
		struct konorm_result r =
		        konorm_normalize(text, len,
		                         out->p ? out->p + out->len : NULL,
		                         out->cap - out->len, *flags);
		if (r.status == KONORM_OK) {
			out->len += r.needed;
			return NULL;
		}
		if (r.status != KONORM_EBUFSIZE) {
			return r.status == KONORM_ETOOLONG
			               ? "combining sequence too long"
			               : konorm_strerror(r.status);
		}
		if (!jsonl_buf_reserve(out, r.needed)) {
			return "out of memory";
		}
	}
	return "out of memory";
}

/* ---- --jobs N ------------------------------------------------------------ */

struct par_shared {
	uint32_t flags;
	const struct jsonl_options *jsonl; /* NULL: plain text */
	const struct cli_input *in;
	uint64_t replaced;
	int status;
};

/* What a worker met in a block of plain text. */
struct par_text_result {
	enum konorm_status status;
	uint64_t offset; /* within the block */
	uint64_t replaced;
};

static void *
par_worker_new(void *shared)
{
	struct par_shared *sh = shared;
	if (sh->jsonl != NULL) {
		return sh; /* field mode keeps no per-thread state */
	}
	return konorm_normalizer_new(sh->flags);
}

static void
par_worker_free_text(void *worker)
{
	konorm_normalizer_free(worker);
}

static void
par_worker_free_none(void *worker)
{
	(void)worker; /* the shared state, freed by its owner */
}

/* Plain text: a fresh normalizer per block, which gives the bytes a
 * single stream would, since nothing composes across a line break (and
 * a safe cut, below, is before a character that composes with nothing
 * before it). */
static void
par_work_text(void *worker, struct par_block *b)
{
	struct konorm_normalizer *n = worker;
	struct par_text_result *res = calloc(1, sizeof(*res));
	b->result = res;
	if (res == NULL) {
		return;
	}
	konorm_normalizer_reset(n);
	struct konorm_in in = {b->in, b->in_len, 0};
	enum konorm_status st;
	bool finishing = false;
	for (;;) {
		if (!par_out_reserve(b, b->in_len / 2 + CLI_BLOCK)) {
			st = KONORM_ENOMEM;
			break;
		}
		struct konorm_out o = {b->out, b->out_cap, b->out_len};
		st = finishing ? konorm_normalizer_finish(n, &o)
		               : konorm_normalizer_feed(n, &in, &o);
		b->out_len = o.pos;
		if (st == KONORM_EBUFSIZE) {
			continue;
		}
		if (st != KONORM_OK || finishing) {
			break;
		}
		finishing = true;
	}
	res->status = st;
	res->offset = konorm_normalizer_offset(n);
	res->replaced = konorm_normalizer_replaced(n);
}

static void
par_work_jsonl(void *worker, struct par_block *b)
{
	struct par_shared *sh = worker;
	struct jsonl_problems *pr = calloc(1, sizeof(*pr));
	b->result = pr;
	if (pr == NULL) {
		return;
	}
	struct jsonl_buf out = {b->out, b->out_len, b->out_cap};
	if (!jsonl_edit_lines(sh->jsonl, b->in, b->in_len, b->first, &out,
	                      pr)) {
		free(pr->v);
		free(pr);
		b->result = NULL;
	}
	b->out = out.p;
	b->out_len = out.len;
	b->out_cap = out.cap;
}

static bool
par_emit(void *shared, struct par_block *b)
{
	struct par_shared *sh = shared;
	if (b->result == NULL) {
		cli_error(sh->in->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
		return false;
	}
	if (b->out_len > 0) {
		cli_write(b->out, b->out_len);
	}
	if (sh->jsonl != NULL) {
		struct jsonl_problems *pr = b->result;
		bool stopped = pr->stopped;
		if (jsonl_report(sh->in->label, pr, b->first_line, b->offset) >
		            0 &&
		    sh->status < CLI_EXIT_DATA) {
			sh->status = CLI_EXIT_DATA;
		}
		jsonl_problems_free(pr);
		free(pr);
		return !stopped;
	}
	struct par_text_result *res = b->result;
	enum konorm_status st = res->status;
	sh->replaced += res->replaced;
	if (st == KONORM_ENOMEM) {
		cli_error(sh->in->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
	} else if (st != KONORM_OK) {
		report_input_error(sh->in, st, b->offset + res->offset, b->in,
		                   b->offset, b->in_len);
		sh->status = CLI_EXIT_DATA;
	}
	free(res);
	return st == KONORM_OK;
}

static void
par_discard(void *shared, struct par_block *b)
{
	struct par_shared *sh = shared;
	if (sh->jsonl != NULL && b->result != NULL) {
		jsonl_problems_free(b->result);
	}
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
normalize_parallel(const struct options *o, struct cli_input *in,
                   uint64_t *replaced, const struct jsonl_options *jo)
{
	struct par_shared sh = {.flags = o->flags, .jsonl = jo, .in = in};
	const struct par_ops ops = {
		.worker_new = par_worker_new,
		.worker_free = jo != NULL ? par_worker_free_none
		                          : par_worker_free_text,
		.work = jo != NULL ? par_work_jsonl : par_work_text,
		.emit = par_emit,
		.discard = par_discard,
		.cut = jo != NULL ? NULL : par_text_cut,
	};
	int st = par_run(in, o->jobs, &ops, &sh);
	*replaced += sh.replaced;
	return st > sh.status ? st : sh.status;
}

int
cmd_normalize(int argc, char **argv)
{
	struct options o = {0};
	int st = parse_options(argc, argv, &o);
	if (st >= 0) {
		return st;
	}
	static const char *const form_names[] = {"NFC", "NFD", "NFKC", "NFKD"};
	if (o.check && (o.flags & KONORM_REPLACE)) {
		return cli_usage_error("normalize",
		                       "--check and --replace do not go together");
	}
	if (o.jobs == 0) {
		o.jobs = 1;
	}
	if ((o.jsonl_field != NULL || o.jobs > 1) && o.check) {
		return cli_usage_error("normalize", "--check does not go with "
		                                    "--jsonl or --jobs");
	}
	if (o.jobs > 1 && o.line_buffered) {
		return cli_usage_error("normalize", "--line-buffered does not "
		                                    "go with --jobs");
	}
	if (o.on_error_given && o.jsonl_field == NULL) {
		return cli_usage_error("normalize",
		                       "--on-error needs --jsonl FIELD");
	}
	const struct jsonl_options jo = {
		.field = o.jsonl_field,
		.on_error = o.on_error,
		.edit = normalize_edit,
		.ctx = &o.flags,
	};
	cli_set_line_buffered(o.line_buffered);
	if (!cli_output_open(o.output)) {
		return CLI_EXIT_USAGE;
	}
	struct run r = {
		.n = konorm_normalizer_new(o.flags),
		.out_cap = CLI_BLOCK,
		.write = !o.check,
		.line_buffered = o.line_buffered,
		.form_name = form_names[o.flags & KONORM_FORM_MASK],
	};
	r.out = malloc(r.out_cap);
	if (r.n == NULL || r.out == NULL) {
		cli_error("normalize", "out of memory");
		konorm_normalizer_free(r.n);
		free(r.out);
		return CLI_EXIT_USAGE;
	}
	static char *stdin_only[] = {"-"};
	char **files = optind < argc ? argv + optind : stdin_only;
	int nfiles = optind < argc ? argc - optind : 1;
	int status = CLI_EXIT_OK;
	uint64_t replaced = 0;
	for (int i = 0; i < nfiles; i++) {
		struct cli_input in;
		if (!cli_input_open(&in, files[i])) {
			status = CLI_EXIT_USAGE;
			continue;
		}
		cli_progress_start(&in, o.quiet, o.output);
		int s = o.jobs > 1 ? normalize_parallel(
		                             &o, &in, &replaced,
		                             o.jsonl_field ? &jo : NULL)
		        : o.jsonl_field ? jsonl_filter(&in, &jo)
		                        : normalize_stream(&r, &in, &replaced);
		cli_progress_stop();
		cli_input_close(&in);
		if (s > status) {
			status = s;
		}
	}
	if (replaced > 0 && !o.quiet) {
		fprintf(stderr, "konorm: normalize: replaced %llu invalid "
		                "UTF-8 sequence%s with U+FFFD\n",
		        (unsigned long long)replaced, replaced == 1 ? "" : "s");
	}
	konorm_normalizer_free(r.n);
	free(r.out);
	free(r.unmatched);
	return status;
}
