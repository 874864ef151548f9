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
#include "filter.h"
#include "parallel.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct romanize_opts {
	uint32_t flags;
	struct cli_filter f;
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
	        "readings) of each line in Latin letters; everything else\n"
	        "passes through.  The default is the Revised Romanization of\n"
	        "Korean (2000, revised 2014) with its sound changes: 신라 ->\n"
	        "silla, 종로 -> jongno.  NFD Hangul is read as its syllables.\n"
	        "With no FILE, or when FILE is -, read standard input.\n"
	        "\n"
	        "Options:\n"
	        "  -s, --system=NAME    rr (the default), rr-translit (the\n"
	        "                       reversible letter-for-letter RR 3-8),\n"
	        "                       mr (McCune-Reischauer) or yale\n"
	        "  -p, --proper         capitalize each word (proper nouns)\n"
	        "      --place          lines are place names or addresses:\n"
	        "                       Gyeonggi-do, Samjuk-myeon, Dokdo; a\n"
	        "                       number before a unit gets its\n"
	        "                       reading: Jongno 2(i)-ga\n"
	        "      --no-number-reading\n"
	        "                       with --place, Jongno 2-ga\n"
	        "  -n, --name           lines are personal names: Hong Gildong\n"
	        "      --hyphen         with --name, hyphenate the given name\n"
	        "                       (Hong Gil-dong)\n"
	        "      --hyphen-ambiguous\n"
	        "                       hyphen where syllables could be\n"
	        "                       misread (jung-ang, hae-undae); off by\n"
	        "                       default\n"
	        "      --surname=WHICH  popular (Kim, Lee, Park) or rr (Gim, I,\n"
	        "                       Bak, the default)\n"
	        "      --ascii          mr without breves (Kaesong)\n"
	        "  -r, --reverse        rr-translit back to Hangul\n"
	        CLI_FILTER_HELP_JSONL_FIELD("romanize only")
	        CLI_FILTER_HELP_JSONL
	        CLI_FILTER_HELP_JOBS
	        CLI_FILTER_HELP_OUTPUT
	        "  -q, --quiet          no progress line on a terminal\n"
	        "  -h, --help           show this help and exit\n"
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

static bool
parse_surname(const char *which, uint32_t *flags)
{
	if (strcmp(which, "popular") == 0) {
		*flags |= KONORM_ROMAN_SURNAME_POPULAR;
	} else if (strcmp(which, "rr") == 0) {
		*flags &= ~KONORM_ROMAN_SURNAME_POPULAR;
	} else {
		return false;
	}
	return true;
}

/* Returns -1 after --help, or an exit status (0: go on). */
static int
parse_options(int argc, char **argv, struct romanize_opts *o)
{
	enum {
		OPT_PLACE = 256,
		OPT_HYPHEN,
		OPT_HYPHEN_AMBIGUOUS,
		OPT_SURNAME,
		OPT_ASCII,
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
		{"no-number-reading", no_argument, NULL,
		 OPT_NO_NUMBER_READING},
		CLI_FILTER_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	/* Flags each option without an argument adds. */
	static const struct {
		int option;
		uint32_t flag;
	} switches[] = {
		{'p', KONORM_ROMAN_PROPER},
		{OPT_PLACE, KONORM_ROMAN_PLACE},
		{'n', KONORM_ROMAN_NAME},
		{OPT_HYPHEN, KONORM_ROMAN_NAME_HYPHEN},
		{OPT_HYPHEN_AMBIGUOUS, KONORM_ROMAN_HYPHEN_AMBIGUOUS},
		{OPT_ASCII, KONORM_ROMAN_ASCII},
		{OPT_NO_NUMBER_READING, KONORM_ROMAN_NO_NUMBER_READING},
		{'r', KONORM_ROMAN_REVERSE},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:pnrh" CLI_FILTER_SHORTOPTS,
	                        longopts, NULL)) != -1) {
		int st = cli_filter_option("romanize", c, optarg, &o->f);
		if (st != CLI_FILTER_NOT_MINE) {
			if (st >= 0) {
				return st;
			}
			continue;
		}
		bool switched = false;
		for (size_t i = 0; i < sizeof(switches) / sizeof(switches[0]); i++) {
			if (c == switches[i].option) {
				o->flags |= switches[i].flag;
				switched = true;
			}
		}
		if (switched) {
			continue;
		}
		switch (c) {
		case 's':
			if (!parse_system(optarg, &o->flags)) {
				return cli_usage_error("romanize",
				                       "unknown system '%s'",
				                       optarg);
			}
			break;
		case OPT_SURNAME:
			if (!parse_surname(optarg, &o->flags)) {
				return cli_usage_error("romanize",
				                       "--surname: popular or "
				                       "rr, not '%s'",
				                       optarg);
			}
			break;
		case 'h':
			print_help();
			return -1;
		default:
			fputs("Try 'konorm romanize --help'.\n", stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if ((o->flags & KONORM_ROMAN_REVERSE) &&
	    (o->flags & KONORM_ROMAN_SYSTEM_MASK) !=
	            KONORM_ROMAN_RR_TRANSLIT) {
		return cli_usage_error("romanize", "--reverse needs "
		                                   "--system rr-translit");
	}
	int st = cli_filter_check("romanize", &o->f);
	return st >= 0 ? st : CLI_EXIT_OK;
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
		/* What was romanized before the bad bytes is kept. */
		size_t kept = r.needed < s->out_cap ? r.needed : s->out_cap;
		cli_write(s->out, kept);
	}
	cli_report_status(in->label, r.status, s->in_offset + r.offset, s->in,
	                  s->in_offset, s->in_len);
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
static struct konorm_result
romanize_call(void *flags, const char *src, size_t len, char *dst, size_t cap)
{
	return konorm_romanize(src, len, dst, cap, *(const uint32_t *)flags);
}

static const char *
romanize_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	return jsonl_append_oneshot(out, romanize_call, ctx, text, len);
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
	if (st != KONORM_OK) {
		cli_report_status(sh->in->label, st, b->offset + res->offset,
		                  b->in, b->offset, b->in_len);
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
	int st = par_run(in, o->f.jobs, &ops, &sh);
	return st > sh.status ? st : sh.status;
}

/* ---- the command --------------------------------------------------------- */

struct input_ctx {
	const struct romanize_opts *o;
	const struct jsonl_options *jo;
	struct stream *s;
};

static int
romanize_file(struct cli_input *in, void *p)
{
	const struct input_ctx *c = p;
	const struct cli_filter *f = &c->o->f;
	if (f->jsonl_field != NULL) {
		return f->jobs > 1 ? jsonl_parallel(in, f->jobs, c->jo)
		                   : jsonl_filter(in, c->jo);
	}
	return f->jobs > 1 ? romanize_parallel(in, c->o)
	                   : romanize_input(in, c->s, c->o->flags);
}

int
cmd_romanize(int argc, char **argv)
{
	struct romanize_opts o = {.f.jobs = 1};
	int status = parse_options(argc, argv, &o);
	if (status != CLI_EXIT_OK) {
		return status < 0 ? CLI_EXIT_OK : status;
	}
	if (!cli_filter_open_output(&o.f)) {
		return CLI_EXIT_USAGE;
	}
	const struct jsonl_options jo = {
		.field = o.f.jsonl_field,
		.on_error = o.f.on_error,
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
	struct input_ctx ctx = {.o = &o, .jo = &jo, .s = &s};
	status = cli_filter_inputs(argv + optind, argc - optind, &o.f,
	                           romanize_file, &ctx);
	free(s.in);
	free(s.out);
	return status;
}
