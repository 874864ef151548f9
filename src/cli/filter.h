/* SPDX-License-Identifier: MIT */
/*
 * What the text filters (normalize, romanize, fix, scan) share on the
 * command line: -o, -q, --line-buffered, --jsonl FIELD, --on-error and
 * --jobs, their checks, their help lines, and the loop over the inputs.
 * One place, so that the options mean the same in every command.
 */
#ifndef KONORM_CLI_FILTER_H
#define KONORM_CLI_FILTER_H

#include "cli.h"
#include "jsonl.h"

#include <getopt.h>

/* getopt codes of the shared long options; above any command's own. */
enum {
	CLI_OPT_LINE_BUFFERED = 1000,
	CLI_OPT_JSONL,
	CLI_OPT_ON_ERROR,
	CLI_OPT_JOBS,
};

/* Entries for a command's getopt_long table (before its terminator). */
#define CLI_FILTER_LONGOPTS                                                \
	{"line-buffered", no_argument, NULL, CLI_OPT_LINE_BUFFERED},       \
	        {"jsonl", required_argument, NULL, CLI_OPT_JSONL},         \
	        {"on-error", required_argument, NULL, CLI_OPT_ON_ERROR},   \
	        {"jobs", required_argument, NULL, CLI_OPT_JOBS},           \
	        {"output", required_argument, NULL, 'o'},                  \
	        {"quiet", no_argument, NULL, 'q'}

/* The short options among them, for the optstring. */
#define CLI_FILTER_SHORTOPTS "o:q"

/* Help lines for --jsonl (VERB: "romanize only"), --on-error and --jobs
 * and for --line-buffered and -o; columns as in every command. */
#define CLI_FILTER_HELP_JSONL_FIELD(verb)                                  \
	"      --jsonl FIELD    the input is JSON Lines: " verb " the\n"    \
	"                       string member FIELD of each record and\n"   \
	"                       keep every other byte as it is\n"
#define CLI_FILTER_HELP_JSONL                                              \
	"      --on-error MODE  with --jsonl, a malformed record is\n"     \
	"                       reported and then passed unchanged (pass,\n" \
	"                       default), left out (skip) or ends the\n"   \
	"                       file (fail)\n"
#define CLI_FILTER_HELP_JOBS                                               \
	"      --jobs N         process blocks of whole lines (records\n"  \
	"                       with --jsonl) in N threads (0: one per\n"  \
	"                       processor); the output is the same as\n"   \
	"                       with --jobs 1\n"
#define CLI_FILTER_HELP_OUTPUT                                             \
	"      --line-buffered  flush the output after each line\n"        \
	"  -o, --output FILE    write to FILE instead of standard output\n"

struct cli_filter {
	const char *output;      /* -o; NULL: standard output */
	bool line_buffered;
	bool quiet;
	const char *jsonl_field; /* --jsonl; NULL: plain text */
	enum jsonl_on_error on_error;
	bool on_error_given;
	unsigned jobs;           /* 1 unless --jobs; never 0 once parsed */
};

/* What cli_filter_option() returns for an option that is not shared. */
#define CLI_FILTER_NOT_MINE (-2)

/* Takes option ch (with its argument) when it is a shared one: -1 when
 * taken, a usage status (2, message printed) when its argument is bad,
 * CLI_FILTER_NOT_MINE otherwise. */
int cli_filter_option(const char *command, int ch, const char *arg,
                      struct cli_filter *f);

/* Checks the shared options against each other (--on-error without
 * --jsonl, --line-buffered with --jobs); -1 when they go together, else
 * the usage status after the message. */
int cli_filter_check(const char *command, const struct cli_filter *f);

/* Opens the output and sets line buffering; false after an error. */
bool cli_filter_open_output(const struct cli_filter *f);

/* Runs `run` on each input named in files[0..n) (standard input when
 * n == 0), with the progress line on; returns the highest status. */
typedef int (*cli_filter_fn)(struct cli_input *in, void *ctx);
int cli_filter_inputs(char **files, int n, const struct cli_filter *f,
                      cli_filter_fn run, void *ctx);

#endif
