/* SPDX-License-Identifier: MIT */
/*
 * konorm fix [--explain] [--json] [--no-normalize] [--replace]
 *            [--line-buffered] [-o FILE] [FILE...]: repairs mojibake as a
 * streaming filter (konorm_fixer: one line held back at most).
 *
 * The fixed text goes to the output; what was found goes to standard
 * error: every irreversible span always (it is left as it is, and the
 * exit status is 1), every repair too with --explain, as JSON Lines with
 * --json.
 */
#include "cli.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Room for the output of one feed call before it is written. */
#define OUT_CAP (4 * CLI_BLOCK)

struct fix_opts {
	uint32_t flags;
	const char *output;
	bool explain;
	bool json;
	bool line_buffered;
	bool quiet;
};

/* What the report callback needs and counts. */
struct report_ctx {
	const struct fix_opts *o;
	const char *label;
	unsigned long irreversible;
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
	        "      --line-buffered  flush the output after each line\n"
	        "                       read\n"
	        "  -q, --quiet          no progress line on a terminal\n"
	        "  -o, --output=FILE    write to FILE instead of standard\n"
	        "                       output\n"
	        "  -h, --help           show this help and exit\n"
	        "\n"
	        "Exit status: 0 ok, 1 invalid input or irreversible\n"
	        "mojibake found, 2 usage or I/O error.\n");
}

static int
parse_options(int argc, char **argv, struct fix_opts *o)
{
	enum {
		OPT_EXPLAIN = 256,
		OPT_JSON,
		OPT_NO_NORMALIZE,
		OPT_REPLACE,
		OPT_LINE_BUFFERED,
	};
	static const struct option longopts[] = {
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"json", no_argument, NULL, OPT_JSON},
		{"no-normalize", no_argument, NULL, OPT_NO_NORMALIZE},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qo:h", longopts, NULL)) != -1) {
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
		case OPT_LINE_BUFFERED:
			o->line_buffered = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return cli_usage_error("fix", "invalid option");
		}
	}
	return CLI_EXIT_OK;
}

/* Writes s[0..n) (valid UTF-8) to stderr as a JSON string (RFC 8259). */
static void
json_string(const char *s, size_t n)
{
	fputc('"', stderr);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			fputc('\\', stderr);
			fputc(c, stderr);
		} else if (c == '\n') {
			fputs("\\n", stderr);
		} else if (c == '\r') {
			fputs("\\r", stderr);
		} else if (c == '\t') {
			fputs("\\t", stderr);
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(stderr, "\\u%04x", c);
		} else {
			fputc(c, stderr);
		}
	}
	fputc('"', stderr);
}

/* C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) are invisible on a
 * terminal; the human report shows them as <U+0081>. */
static void
human_string(const char *s, size_t n)
{
	fputc('"', stderr);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (c == 0xC2 && d >= 0x80 && d <= 0x9F) {
			fprintf(stderr, "<U+%04X>", d);
			i++;
		} else if (c < 0x20) {
			fprintf(stderr, "<U+%04X>", c);
		} else {
			fputc(c, stderr);
		}
	}
	fputc('"', stderr);
}

static void
report_json(const struct report_ctx *ctx, const struct konorm_repair *r)
{
	fputs("{\"file\":", stderr);
	json_string(ctx->label, strlen(ctx->label));
	fprintf(stderr, ",\"start\":%llu,\"end\":%llu,\"kind\":",
	        (unsigned long long)r->start, (unsigned long long)r->end);
	json_string(r->kind, strlen(r->kind));
	fprintf(stderr, ",\"repaired\":%s,\"layers\":%u,\"before\":",
	        r->repaired ? "true" : "false", r->layers);
	json_string(r->before, r->before_len);
	fputs(",\"after\":", stderr);
	if (r->after != NULL) {
		json_string(r->after, r->after_len);
	} else {
		fputs("null", stderr);
	}
	fputs("}\n", stderr);
}

static void
report_human(const struct report_ctx *ctx, const struct konorm_repair *r)
{
	fprintf(stderr, "konorm: %s: ", ctx->label);
	if (r->repaired) {
		fprintf(stderr, "repaired %s", r->kind);
		if (r->layers > 1) {
			fprintf(stderr, " (%u layers)", r->layers);
		}
		fprintf(stderr, " at byte %llu: ",
		        (unsigned long long)r->start);
		human_string(r->before, r->before_len);
		fputs(" -> ", stderr);
		human_string(r->after, r->after_len);
	} else {
		fprintf(stderr,
		        "irreversible mojibake (%s), left as is at byte %llu: ",
		        r->kind, (unsigned long long)r->start);
		human_string(r->before, r->before_len);
	}
	fputc('\n', stderr);
}

static void
on_repair(void *p, const struct konorm_repair *r)
{
	struct report_ctx *ctx = p;
	cli_progress_clear(); /* the report goes to stderr too */
	if (!r->repaired) {
		ctx->irreversible++;
	} else if (!ctx->o->explain) {
		return;
	}
	if (ctx->o->json) {
		report_json(ctx, r);
	} else {
		report_human(ctx, r);
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
	uint64_t off = konorm_fixer_offset(f);
	if (st == KONORM_EINVAL_UTF8 || st == KONORM_ETRUNCATED) {
		const char *bad = NULL;
		size_t n = 0;
		if (off >= base && off < base + block_len) {
			bad = block + (off - base);
			n = 1;
			while (n < 4 && off + n < base + block_len &&
			       ((unsigned char)bad[n] & 0xC0) == 0x80) {
				n++;
			}
		}
		cli_error_at(label, off, bad, n, "%s", konorm_strerror(st));
	} else {
		cli_error(label, "%s", konorm_strerror(st));
	}
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
run_file(const char *name, const struct fix_opts *o, char *block, char *out)
{
	struct cli_input in;
	if (!cli_input_open(&in, name)) {
		return CLI_EXIT_USAGE;
	}
	struct konorm_fixer *f = konorm_fixer_new(o->flags);
	if (f == NULL) {
		cli_input_close(&in);
		cli_error(name, "out of memory");
		return CLI_EXIT_USAGE;
	}
	struct report_ctx ctx = {.o = o, .label = in.label};
	konorm_fixer_set_report(f, on_repair, &ctx);
	int status = CLI_EXIT_OK;
	uint64_t base = 0;
	cli_progress_start(&in, o->quiet, o->output);
	for (;;) {
		long got = cli_input_read(&in, block, CLI_BLOCK);
		if (got < 0) {
			status = CLI_EXIT_USAGE;
			break;
		}
		cli_progress_update(&in);
		enum konorm_status st =
		        pump(f, block, (size_t)got, out, got == 0);
		if (st != KONORM_OK) {
			cli_progress_clear();
		}
		if (!check_status(f, st, in.label, block, (size_t)got,
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
	cli_progress_stop();
	if (status == CLI_EXIT_OK && ctx.irreversible > 0) {
		status = CLI_EXIT_DATA;
	}
	konorm_fixer_free(f);
	cli_input_close(&in);
	return status;
}

int
cmd_fix(int argc, char **argv)
{
	struct fix_opts o = {0};
	int st = parse_options(argc, argv, &o);
	if (st != CLI_EXIT_OK) {
		return st < 0 ? CLI_EXIT_OK : st;
	}
	if (!cli_output_open(o.output)) {
		return CLI_EXIT_USAGE;
	}
	cli_set_line_buffered(o.line_buffered);
	char *block = malloc(CLI_BLOCK);
	char *out = malloc(OUT_CAP);
	if (block == NULL || out == NULL) {
		free(block);
		free(out);
		cli_error("fix", "out of memory");
		return CLI_EXIT_USAGE;
	}
	int status = CLI_EXIT_OK;
	if (optind >= argc) {
		status = run_file("-", &o, block, out);
	}
	for (int i = optind; i < argc; i++) {
		int file_status = run_file(argv[i], &o, block, out);
		status = file_status > status ? file_status : status;
	}
	free(block);
	free(out);
	return status;
}
