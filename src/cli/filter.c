/* SPDX-License-Identifier: MIT */
/* The command-line options and input loop the text filters share. */
#include "filter.h"

#include "parallel.h"
#include "progress.h"

int
cli_filter_option(const char *command, int ch, const char *arg,
                  struct cli_filter *f)
{
	switch (ch) {
	case CLI_OPT_LINE_BUFFERED:
		f->line_buffered = true;
		return -1;
	case CLI_OPT_JSONL:
		f->jsonl_field = arg;
		return -1;
	case CLI_OPT_ON_ERROR:
		if (!jsonl_parse_on_error(arg, &f->on_error)) {
			return cli_usage_error(command,
			                       "unknown --on-error '%s' (pass, "
			                       "skip, fail)",
			                       arg);
		}
		f->on_error_given = true;
		return -1;
	case CLI_OPT_JOBS:
		/* par_parse_jobs turns 0 into the number of processors. */
		if (!par_parse_jobs(arg, &f->jobs)) {
			return cli_usage_error(command,
			                       "--jobs takes a number from 0 to "
			                       "%d, not '%s'",
			                       PAR_MAX_JOBS, arg);
		}
		return -1;
	case 'o':
		f->output = arg;
		return -1;
	case 'q':
		f->quiet = true;
		return -1;
	default:
		return CLI_FILTER_NOT_MINE;
	}
}

int
cli_filter_check(const char *command, const struct cli_filter *f)
{
	if (f->on_error_given && f->jsonl_field == NULL) {
		return cli_usage_error(command, "--on-error needs --jsonl FIELD");
	}
	/* Blocks come back in order but not line by line. */
	if (f->jobs > 1 && f->line_buffered) {
		return cli_usage_error(command, "--line-buffered does not go "
		                                "with --jobs");
	}
	return -1;
}

bool
cli_filter_open_output(const struct cli_filter *f)
{
	cli_set_line_buffered(f->line_buffered);
	return cli_output_open(f->output);
}

int
cli_filter_inputs(char **files, int n, const struct cli_filter *f,
                  cli_filter_fn run, void *ctx)
{
	static char *stdin_only[] = {"-"};
	if (n <= 0) {
		files = stdin_only;
		n = 1;
	}
	int status = CLI_EXIT_OK;
	for (int i = 0; i < n; i++) {
		struct cli_input in;
		if (!cli_input_open(&in, files[i])) {
			status = CLI_EXIT_USAGE;
			continue;
		}
		cli_progress_start(&in, f->quiet, f->output);
		int s = run(&in, ctx);
		cli_progress_stop();
		cli_input_close(&in);
		if (s > status) {
			status = s;
		}
	}
	return status;
}
