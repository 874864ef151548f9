/* SPDX-License-Identifier: MIT */
/*
 * konorm keyboard [--to hangul|qwerty] [FILE...]: Dubeolsik (KS X 5002)
 * keys to Hangul and back, as a streaming filter.
 *
 * Input is read in CLI_BLOCK pieces.  konorm_keyboard_boundary() says how
 * much of what has been read can be converted without knowing what comes
 * next; the few bytes after that (a syllable still being typed, a split
 * UTF-8 character) are carried in front of the next block, so the output
 * does not depend on where the reads end.
 */
#include "cli.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The carry is a few bytes, except for a run of capital letters, which
 * is carried whole until its Caps Lock reading is settled (konorm.h).  A
 * run longer than this is cut anyway, to keep memory fixed: see
 * cut_long_capitals. */
#define CARRY_MAX 4096

struct keyboard_opts {
	uint32_t flags;
	const char *output;
	bool line_buffered;
};

struct stream {
	char *in;  /* carry + one block */
	char *out; /* 3 output bytes per input byte at most (konorm.h) */
	size_t out_cap;
};

static void
print_help(void)
{
	static const char help[] =
	        "Usage: konorm keyboard [OPTIONS] [FILE...]\n"
	        "Read letters typed on a QWERTY keyboard left in English mode"
	        " as\nthe Hangul they were meant to be, on the Dubeolsik"
	        " (2-set, KS X\n5002) layout: gksrmf -> 한글.  With --to"
	        " qwerty, turn Hangul into\nthe keys that type it: 한글 ->"
	        " gksrmf.  Characters that are not\nkeys pass through.  With"
	        " no FILE, or when FILE is -, read standard\ninput.\n"
	        "\n"
	        "Options:\n"
	        "  -t, --to=WHAT        hangul (the default) or qwerty\n"
	        "  -o, --output=FILE    write to FILE instead of standard"
	        " output\n"
	        "      --replace        replace invalid UTF-8 with U+FFFD"
	        " instead\n"
	        "                       of stopping at it\n"
	        "      --line-buffered  flush the output after each line read\n"
	        "  -h, --help           show this help and exit\n"
	        "\n"
	        "Exit status: 0 ok, 1 invalid input, 2 usage or I/O error.\n";
	cli_write_str(help);
}

static int
parse_options(int argc, char **argv, struct keyboard_opts *o)
{
	enum { OPT_REPLACE = 256, OPT_LINE_BUFFERED };
	static const struct option longopts[] = {
		{"to", required_argument, NULL, 't'},
		{"output", required_argument, NULL, 'o'},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (strcmp(optarg, "hangul") == 0) {
				o->flags &= ~KONORM_KEYBOARD_TO_QWERTY;
			} else if (strcmp(optarg, "qwerty") == 0) {
				o->flags |= KONORM_KEYBOARD_TO_QWERTY;
			} else {
				return cli_usage_error(
				        "keyboard",
				        "--to takes hangul or qwerty, not '%s'",
				        optarg);
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_REPLACE:
			o->flags |= KONORM_REPLACE;
			break;
		case OPT_LINE_BUFFERED:
			o->line_buffered = true;
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return cli_usage_error("keyboard", "invalid option");
		}
	}
	return CLI_EXIT_OK;
}

/* The bytes of a bad sequence for the message: its first byte and the
 * continuation bytes after it, at most 4. */
static size_t
bad_sequence_length(const char *p, size_t n)
{
	size_t k = 1;
	while (k < n && k < 4 && ((unsigned char)p[k] & 0xC0) == 0x80) {
		k++;
	}
	return n == 0 ? 0 : k;
}

/*
 * A carry longer than CARRY_MAX is a run of more than 4 KiB of letters
 * with no lower case, all of it typed with Caps Lock or all with Shift.
 * It is cut where the automaton allows, found on a lower-cased copy
 * (Caps Lock reads the run in lower case; for a Shift run, lower case
 * only makes vowels combine more, so the cut stays safe).  Each part is
 * then read on its own, which can only change the reading of a part
 * left with nothing but Shift-layer letters.
 */
static size_t
cut_long_capitals(struct stream *s, size_t n, size_t have, uint32_t flags)
{
	size_t len = have - n;
	char *lower = s->out; /* free until the next conversion */
	for (size_t i = 0; i < len; i++) {
		char c = s->in[n + i];
		lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c;
	}
	size_t cut = konorm_keyboard_boundary(lower, len, flags);
	return cut > 0 ? n + cut : have;
}

/* Converts s->in[0..n) and writes it; false after reporting an input
 * error (the output before the error is written first). */
static bool
convert_and_write(struct stream *s, size_t n, uint32_t flags,
                  const char *label, uint64_t base)
{
	struct konorm_result r =
	        konorm_keyboard(s->in, n, s->out, s->out_cap, flags);
	if (r.status == KONORM_OK) {
		cli_write(s->out, r.needed);
		return true;
	}
	if (r.status == KONORM_EINVAL_UTF8 || r.status == KONORM_ETRUNCATED) {
		size_t done = r.needed < s->out_cap ? r.needed : s->out_cap;
		cli_write(s->out, done);
		cli_error_at(label, base + r.offset, s->in + r.offset,
		             bad_sequence_length(s->in + r.offset,
		                                 n - r.offset),
		             "%s", konorm_strerror(r.status));
		return false;
	}
	cli_error(label, "%s", konorm_strerror(r.status));
	return false;
}

static int
run_file(struct stream *s, const char *name, const struct keyboard_opts *o)
{
	struct cli_input in;
	if (!cli_input_open(&in, name)) {
		return CLI_EXIT_USAGE;
	}
	int status = CLI_EXIT_OK;
	size_t carry = 0;
	uint64_t base = 0; /* file offset of s->in[0] */
	for (;;) {
		long got = cli_input_read(&in, s->in + carry, CLI_BLOCK);
		if (got < 0) {
			status = CLI_EXIT_USAGE;
			break;
		}
		size_t have = carry + (size_t)got;
		if (got == 0) {
			if (!convert_and_write(s, have, o->flags, in.label,
			                       base)) {
				status = CLI_EXIT_DATA;
			}
			break;
		}
		size_t n = konorm_keyboard_boundary(s->in, have, o->flags);
		if (have - n > CARRY_MAX) {
			n = cut_long_capitals(s, n, have, o->flags);
		}
		if (!convert_and_write(s, n, o->flags, in.label, base)) {
			status = CLI_EXIT_DATA;
			break;
		}
		cli_flush_line();
		memmove(s->in, s->in + n, have - n);
		carry = have - n;
		base += n;
	}
	cli_flush_line();
	cli_input_close(&in);
	return status;
}

int
cmd_keyboard(int argc, char **argv)
{
	struct keyboard_opts o = {.flags = KONORM_KEYBOARD_TO_HANGUL};
	int st = parse_options(argc, argv, &o);
	if (st != CLI_EXIT_OK) {
		return st < 0 ? CLI_EXIT_OK : st;
	}
	if (!cli_output_open(o.output)) {
		return CLI_EXIT_USAGE;
	}
	cli_set_line_buffered(o.line_buffered);
	struct stream s = {.out_cap = 3 * (CLI_BLOCK + CARRY_MAX)};
	s.in = malloc(CLI_BLOCK + CARRY_MAX);
	s.out = malloc(s.out_cap);
	if (s.in == NULL || s.out == NULL) {
		free(s.in);
		free(s.out);
		cli_error("keyboard", "out of memory");
		return CLI_EXIT_USAGE;
	}
	int status = CLI_EXIT_OK;
	if (optind >= argc) {
		status = run_file(&s, "-", &o);
	}
	for (int i = optind; i < argc; i++) {
		int file_status = run_file(&s, argv[i], &o);
		status = file_status > status ? file_status : status;
	}
	free(s.in);
	free(s.out);
	return status;
}
