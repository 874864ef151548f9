/* SPDX-License-Identifier: MIT */
/*
 * konorm romanize [OPTIONS] [FILE...]: Korean in Latin letters, line in,
 * line out.
 *
 * Input is read in CLI_BLOCK pieces.  Whole lines go to konorm_romanize()
 * (a line is the unit of --name and --place); a line longer than half a block
 * is cut after its last character that is not part of a word (a space, a
 * punctuation mark), or, for a block that is one unbroken word, at a
 * character boundary.  What follows the cut is carried in front of the
 * next block, so memory stays bounded whatever the line length.
 */
#include "cli.h"
#include "jsonl.h"
#include "parallel.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct romanize_opts {
	uint32_t flags;
	const char *output;
	bool line_buffered;
	bool quiet;
	const char *jsonl_field; /* --jsonl */
	enum jsonl_on_error on_error;
	bool on_error_given;
	unsigned jobs;
};

/* One block of input, the carry in front of it, and the output buffer,
 * which grows to what konorm_romanize() asks for (a constant times a
 * block). */
struct stream {
	char *in;
	size_t in_len;
	char *out;
	size_t out_cap;
	uint64_t in_offset; /* stream offset of in[0] */
};

static void
print_help(void)
{
	cli_write_str(
	        "Usage: konorm romanize [OPTIONS] [FILE...]\n"
	        "Write the Korean (Hangul, and Hanja through their Korean\n"
	        "readings) of each line in Latin letters; everything else "
	        "passes\n"
	        "through.  The default is the Revised Romanization of Korean "
	        "(2000,\n"
	        "revised 2014) with its sound changes: 신라 -> silla, 종로 -> "
	        "jongno.\n"
	        "With no FILE, or when FILE is -, read standard input.\n"
	        "\n"
	        "Options:\n"
	        "  -s, --system=NAME      rr (the default), rr-translit (the\n"
	        "                         reversible letter-for-letter RR "
	        "3-8),\n"
	        "                         mr (McCune-Reischauer) or yale\n"
	        "  -p, --proper           capitalize each word (proper nouns)\n"
	        "      --place            lines are place names or addresses:\n"
	        "                         Gyeonggi-do, Samjuk-myeon, Dokdo;\n"
	        "                         a number before a unit gets its\n"
	        "                         reading: Jongno 2(i)-ga\n"
	        "      --no-number-reading  with --place, Jongno 2-ga\n"
	        "  -n, --name             lines are personal names: Hong "
	        "Gildong\n"
	        "      --hyphen           with --name, hyphenate the given "
	        "name\n"
	        "                         (Hong Gil-dong)\n"
	        "      --hyphen-ambiguous hyphen where syllables could be "
	        "misread\n"
	        "                         (jung-ang, hae-undae); off by "
	        "default\n"
	        "      --surname=WHICH    popular (Kim, Lee, Park) or rr (Gim, "
	        "I,\n"
	        "                         Bak, the default)\n"
	        "      --ascii            mr without breves (Kaesong)\n"
	        "  -r, --reverse          rr-translit back to Hangul\n"
	        "  -q, --quiet            no progress line on a terminal\n"
	        "  -o, --output=FILE      write to FILE instead of standard "
	        "output\n"
	        "      --line-buffered    flush the output after each line "
	        "read\n"
	        "      --jsonl FIELD      the input is JSON Lines: romanize "
	        "only the\n"
	        "                         string member FIELD of each record "
	        "and keep\n"
	        "                         every other byte as it is\n"
	        "      --on-error MODE    with --jsonl, a malformed record is "
	        "reported\n"
	        "                         and then passed unchanged (pass, "
	        "default),\n"
	        "                         left out (skip) or ends the file "
	        "(fail)\n"
	        "      --jobs N           romanize blocks of whole lines in N "
	        "threads\n"
	        "                         (0: one per processor); the output "
	        "is the\n"
	        "                         same as with --jobs 1\n"
	        "  -h, --help             show this help and exit\n"
	        "\n"
	        "Exit status: 0 ok, 1 invalid input, 2 usage or I/O error.\n");
}

static bool
parse_system(const char *name, uint32_t *flags)
{
	static const struct {
		const char *name;
		uint32_t system;
	} systems[] = {
		{"rr", KONORM_ROMAN_RR},
		{"rr-translit", KONORM_ROMAN_RR_TRANSLIT},
		{"mr", KONORM_ROMAN_MR},
		{"yale", KONORM_ROMAN_YALE},
	};
	for (size_t i = 0; i < sizeof(systems) / sizeof(systems[0]); i++) {
		if (strcmp(name, systems[i].name) == 0) {
			*flags = (*flags & ~KONORM_ROMAN_SYSTEM_MASK) |
			         systems[i].system;
			return true;
		}
	}
	return false;
}

static int
parse_options(int argc, char **argv, struct romanize_opts *o)
{
	enum {
		OPT_PLACE = 256,
		OPT_HYPHEN,
		OPT_HYPHEN_AMBIGUOUS,
		OPT_SURNAME,
		OPT_ASCII,
		OPT_LINE_BUFFERED,
		OPT_JSONL,
		OPT_ON_ERROR,
		OPT_JOBS,
		OPT_NO_NUMBER_READING,
	};
	static const struct option longopts[] = {
		{"system", required_argument, NULL, 's'},
		{"proper", no_argument, NULL, 'p'},
		{"place", no_argument, NULL, OPT_PLACE},
		{"name", no_argument, NULL, 'n'},
		{"hyphen", no_argument, NULL, OPT_HYPHEN},
		{"hyphen-ambiguous", no_argument, NULL, OPT_HYPHEN_AMBIGUOUS},
		{"surname", required_argument, NULL, OPT_SURNAME},
		{"ascii", no_argument, NULL, OPT_ASCII},
		{"reverse", no_argument, NULL, 'r'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
		{"jsonl", required_argument, NULL, OPT_JSONL},
		{"on-error", required_argument, NULL, OPT_ON_ERROR},
		{"jobs", required_argument, NULL, OPT_JOBS},
		{"no-number-reading", no_argument, NULL,
		 OPT_NO_NUMBER_READING},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:pnrqo:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 's':
			if (!parse_system(optarg, &o->flags)) {
				return cli_usage_error("romanize",
				                       "unknown system '%s'",
				                       optarg);
			}
			break;
		case 'p':
			o->flags |= KONORM_ROMAN_PROPER;
			break;
		case OPT_PLACE:
			o->flags |= KONORM_ROMAN_PLACE;
			break;
		case 'n':
			o->flags |= KONORM_ROMAN_NAME;
			break;
		case OPT_HYPHEN:
			o->flags |= KONORM_ROMAN_NAME_HYPHEN;
			break;
		case OPT_HYPHEN_AMBIGUOUS:
			o->flags |= KONORM_ROMAN_HYPHEN_AMBIGUOUS;
			break;
		case OPT_SURNAME:
			if (strcmp(optarg, "popular") == 0) {
				o->flags |= KONORM_ROMAN_SURNAME_POPULAR;
			} else if (strcmp(optarg, "rr") == 0) {
				o->flags &= ~KONORM_ROMAN_SURNAME_POPULAR;
			} else {
				return cli_usage_error("romanize",
				                       "--surname: popular or "
				                       "rr, not '%s'",
				                       optarg);
			}
			break;
		case OPT_ASCII:
			o->flags |= KONORM_ROMAN_ASCII;
			break;
		case OPT_NO_NUMBER_READING:
			o->flags |= KONORM_ROMAN_NO_NUMBER_READING;
			break;
		case 'r':
			o->flags |= KONORM_ROMAN_REVERSE;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_LINE_BUFFERED:
			o->line_buffered = true;
			break;
		case OPT_JSONL:
			o->jsonl_field = optarg;
			break;
		case OPT_ON_ERROR:
			if (!jsonl_parse_on_error(optarg, &o->on_error)) {
				return cli_usage_error(
				        "romanize",
				        "unknown --on-error '%s' (pass, skip, "
				        "fail)",
				        optarg);
			}
			o->on_error_given = true;
			break;
		case OPT_JOBS:
			if (!par_parse_jobs(optarg, &o->jobs)) {
				return cli_usage_error(
				        "romanize",
				        "--jobs takes a number from 0 to %d, "
				        "not '%s'",
				        PAR_MAX_JOBS, optarg);
			}
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if ((o->flags & KONORM_ROMAN_REVERSE) &&
	    (o->flags & KONORM_ROMAN_SYSTEM_MASK) !=
	            KONORM_ROMAN_RR_TRANSLIT) {
		return cli_usage_error("romanize", "--reverse needs "
		                                   "--system rr-translit");
	}
	if (o->jobs == 0) {
		o->jobs = 1;
	}
	if (o->jobs > 1 && o->line_buffered) {
		return cli_usage_error("romanize", "--line-buffered does not "
		                                   "go with --jobs");
	}
	if (o->on_error_given && o->jsonl_field == NULL) {
		return cli_usage_error("romanize",
		                       "--on-error needs --jsonl FIELD");
	}
	return CLI_EXIT_OK;
}

/* A byte after which a cut cannot split a word or a character: ASCII
 * that is not part of a word (Hangul and Hanja are never ASCII; the
 * words of --reverse are letters and hyphens). */
static bool
is_break_byte(unsigned char c, bool reverse)
{
	if (c >= 0x80) {
		return false;
	}
	return !reverse || !((c >= 'a' && c <= 'z') ||
	                     (c >= 'A' && c <= 'Z') || c == '-');
}

/* True if a cut before in[i] would split a Hangul syllable written in
 * conjoining jamo (NFD): in[i] starts a jungseong or jongseong, U+1160..
 * U+11FF (E1 85 A0..E1 87 BF), or a character cut short that may be one. */
static bool
splits_jamo_cluster(const char *in, size_t n, size_t i)
{
	const unsigned char *p = (const unsigned char *)in + i;
	if (p[0] != 0xE1 || n - i < 2) {
		return n - i < 2 && p[0] == 0xE1;
	}
	return p[1] == 0x86 || p[1] == 0x87 ||
	       (p[1] == 0x85 && (n - i < 3 || p[2] >= 0xA0));
}

/* The last character boundary in in[low..n), preferring one that does
 * not split a jamo cluster; n if there is none. */
static size_t
last_char_boundary(const char *in, size_t n, size_t low)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = n; i-- > low;) {
			if (((unsigned char)in[i] & 0xC0) != 0x80 &&
			    (pass == 1 || !splits_jamo_cluster(in, n, i))) {
				return i;
			}
		}
	}
	return n;
}

/* How much of in[0..n) can be romanized now: up to the last newline;
 * when the line being read is already half a block long, up to its last
 * byte outside a word, or else (one unbroken word) to a character
 * boundary.  What is left is less than half a block. */
static size_t
safe_cut(const char *in, size_t n, bool eof, bool reverse)
{
	if (eof) {
		return n;
	}
	size_t cut = 0;
	for (size_t i = n; i-- > 0;) {
		if (in[i] == '\n') {
			cut = i + 1;
			break;
		}
	}
	if (n - cut < CLI_BLOCK / 2) {
		return cut;
	}
	size_t low = n - CLI_BLOCK / 2;
	for (size_t i = n; i-- > low;) {
		if (is_break_byte((unsigned char)in[i], reverse)) {
			return i + 1;
		}
	}
	/* Sound changes across this cut are lost, as they may be in a
	 * word of 32 KiB. */
	return last_char_boundary(in, n, low);
}

static void
report_input_error(const struct cli_input *in, const struct stream *s,
                   struct konorm_result r)
{
	const unsigned char *bad = (const unsigned char *)s->in + r.offset;
	size_t avail = s->in_len - r.offset, n = 1;
	while (n < avail && n < 4 && (bad[n] & 0xC0) == 0x80) {
		n++;
	}
	cli_error_at(in->label, s->in_offset + r.offset, bad, n, "%s",
	             r.status == KONORM_ETRUNCATED
	                     ? "truncated UTF-8 sequence"
	                     : "invalid UTF-8");
}

/* Romanizes s->in[0..n) and writes it; false after an input error. */
static bool
romanize_chunk(const struct cli_input *in, struct stream *s, size_t n,
               uint32_t flags)
{
	struct konorm_result r =
	        konorm_romanize(s->in, n, s->out, s->out_cap, flags);
	if (r.status != KONORM_OK) {
		cli_progress_clear(); /* a message may follow */
	}
	if (r.status == KONORM_EBUFSIZE) {
		char *bigger = realloc(s->out, r.needed);
		if (bigger == NULL) {
			cli_error(in->label, "out of memory");
			return false;
		}
		s->out = bigger;
		s->out_cap = r.needed;
		r = konorm_romanize(s->in, n, s->out, s->out_cap, flags);
	}
	if (r.status == KONORM_OK) {
		cli_write(s->out, r.needed);
		cli_flush_line();
		return true;
	}
	if (r.status == KONORM_EINVAL_UTF8 || r.status == KONORM_ETRUNCATED) {
		size_t kept = r.needed < s->out_cap ? r.needed : s->out_cap;
		cli_write(s->out, kept);
		report_input_error(in, s, r);
		return false;
	}
	cli_error(in->label, "%s", konorm_strerror(r.status));
	return false;
}

/* Returns the exit status for this input. */
static int
romanize_input(struct cli_input *in, struct stream *s, uint32_t flags)
{
	bool reverse = (flags & KONORM_ROMAN_REVERSE) != 0;
	s->in_len = 0;
	s->in_offset = 0;
	for (;;) {
		long got = cli_input_read(in, s->in + s->in_len, CLI_BLOCK);
		if (got < 0) {
			return CLI_EXIT_USAGE;
		}
		cli_progress_update(in);
		s->in_len += (size_t)got;
		bool eof = got == 0;
		size_t cut = safe_cut(s->in, s->in_len, eof, reverse);
		if (cut == 0 && s->in_len >= CLI_BLOCK) {
			cut = s->in_len; /* never reached; keeps the bound */
		}
		if (cut > 0 && !romanize_chunk(in, s, cut, flags)) {
			return CLI_EXIT_DATA;
		}
		memmove(s->in, s->in + cut, s->in_len - cut);
		s->in_len -= cut;
		s->in_offset += cut;
		if (eof) {
			return CLI_EXIT_OK;
		}
	}
}

/* ---- --jsonl FIELD ------------------------------------------------------ */

/* The edit of field mode: the decoded value, romanized as one text (its
 * line breaks, if any, end lines as in a file). */
static const char *
romanize_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	const uint32_t *flags = ctx;
	for (int round = 0; round < 2; round++) {
		struct konorm_result r =
		        konorm_romanize(text, len,
		                        out->p ? out->p + out->len : NULL,
		                        out->cap - out->len, *flags);
		if (r.status == KONORM_OK) {
			out->len += r.needed;
			return NULL;
		}
		if (r.status != KONORM_EBUFSIZE) {
			return konorm_strerror(r.status);
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
	const struct cli_input *in;
	int status;
};

/* What a worker met in its block. */
struct par_result {
	enum konorm_status status;
	size_t offset; /* of the bad byte, within the block */
};

static void *
par_worker_new(void *shared)
{
	return shared; /* konorm_romanize() keeps no state */
}

static void
par_worker_free(void *worker)
{
	(void)worker;
}

/* A block is whole lines (or ends at a safe cut), the unit
 * konorm_romanize() works in, so its output is what one stream gives. */
static void
par_work(void *worker, struct par_block *b)
{
	const struct par_shared *sh = worker;
	struct par_result *res = calloc(1, sizeof(*res));
	b->result = res;
	if (res == NULL) {
		return;
	}
	struct konorm_result r = {.status = KONORM_EBUFSIZE};
	for (int round = 0; round < 2 && r.status == KONORM_EBUFSIZE;
	     round++) {
		size_t want = round == 0 ? 2 * b->in_len + 64 : r.needed;
		if (!par_out_reserve(b, want)) {
			res->status = KONORM_ENOMEM;
			return;
		}
		r = konorm_romanize(b->in, b->in_len, b->out, b->out_cap,
		                    sh->flags);
	}
	res->status = r.status;
	res->offset = r.offset;
	/* On invalid input, what was romanized before it is kept. */
	b->out_len = r.status == KONORM_OK || r.status == KONORM_EINVAL_UTF8 ||
	                             r.status == KONORM_ETRUNCATED
	                     ? (r.needed < b->out_cap ? r.needed : b->out_cap)
	                     : 0;
}

static bool
par_emit(void *shared, struct par_block *b)
{
	struct par_shared *sh = shared;
	struct par_result *res = b->result;
	if (res == NULL || res->status == KONORM_ENOMEM) {
		cli_error(sh->in->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
		free(res);
		b->result = NULL;
		return false;
	}
	if (b->out_len > 0) {
		cli_write(b->out, b->out_len);
	}
	enum konorm_status st = res->status;
	if (st == KONORM_EINVAL_UTF8 || st == KONORM_ETRUNCATED) {
		const unsigned char *bad =
		        (const unsigned char *)b->in + res->offset;
		size_t avail = b->in_len - res->offset, n = 1;
		while (n < avail && n < 4 && (bad[n] & 0xC0) == 0x80) {
			n++;
		}
		cli_error_at(sh->in->label, b->offset + res->offset, bad, n,
		             "%s",
		             st == KONORM_ETRUNCATED
		                     ? "truncated UTF-8 sequence"
		                     : "invalid UTF-8");
		sh->status = CLI_EXIT_DATA;
	} else if (st != KONORM_OK) {
		cli_error(sh->in->label, "%s", konorm_strerror(st));
		sh->status = CLI_EXIT_DATA;
	}
	free(res);
	b->result = NULL;
	return st == KONORM_OK;
}

static void
par_discard(void *shared, struct par_block *b)
{
	(void)shared;
	free(b->result);
	b->result = NULL;
}

/* A line with no break in a whole block: cut after its last byte outside
 * a word (a space or punctuation; letters count as word bytes, which is
 * right for --reverse and merely cautious otherwise), as safe_cut does. */
static size_t
par_cut(const char *p, size_t len)
{
	for (size_t i = len; i-- > 0;) {
		if (is_break_byte((unsigned char)p[i], true)) {
			return i + 1;
		}
	}
	size_t cut = last_char_boundary(p, len, 1);
	return cut == len ? 0 : cut;
}

static int
romanize_parallel(struct cli_input *in, const struct romanize_opts *o)
{
	struct par_shared sh = {.flags = o->flags, .in = in};
	const struct par_ops ops = {
		.worker_new = par_worker_new,
		.worker_free = par_worker_free,
		.work = par_work,
		.emit = par_emit,
		.discard = par_discard,
		.cut = par_cut,
	};
	int st = par_run(in, o->jobs, &ops, &sh);
	return st > sh.status ? st : sh.status;
}

static int
worse(int a, int b)
{
	return a > b ? a : b;
}

int
cmd_romanize(int argc, char **argv)
{
	struct romanize_opts o = {0};
	int status = parse_options(argc, argv, &o);
	if (status != CLI_EXIT_OK) {
		return status < 0 ? CLI_EXIT_OK : status;
	}
	if (!cli_output_open(o.output)) {
		return CLI_EXIT_USAGE;
	}
	cli_set_line_buffered(o.line_buffered);
	const struct jsonl_options jo = {
		.field = o.jsonl_field,
		.on_error = o.on_error,
		.edit = romanize_edit,
		.ctx = &o.flags,
	};
	/* The carry is less than half a block (safe_cut), so two blocks
	 * hold it and the next read. */
	struct stream s = {
		.in = malloc(2 * CLI_BLOCK),
		.out = malloc(8 * CLI_BLOCK),
		.out_cap = 8 * CLI_BLOCK,
	};
	if (s.in == NULL || s.out == NULL) {
		free(s.in);
		free(s.out);
		cli_error("romanize", "out of memory");
		return CLI_EXIT_USAGE;
	}
	char *stdin_only[] = {"-", NULL};
	char **files = optind < argc ? argv + optind : stdin_only;
	status = CLI_EXIT_OK;
	for (; *files != NULL; files++) {
		struct cli_input in;
		if (!cli_input_open(&in, *files)) {
			status = worse(status, CLI_EXIT_USAGE);
			continue;
		}
		cli_progress_start(&in, o.quiet, o.output);
		int st;
		if (o.jsonl_field != NULL) {
			st = o.jobs > 1 ? jsonl_parallel(&in, o.jobs, &jo)
			                : jsonl_filter(&in, &jo);
		} else {
			st = o.jobs > 1 ? romanize_parallel(&in, &o)
			                : romanize_input(&in, &s, o.flags);
		}
		status = worse(status, st);
		cli_progress_stop();
		cli_input_close(&in);
	}
	free(s.in);
	free(s.out);
	return status;
}
