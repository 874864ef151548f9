/* SPDX-License-Identifier: MIT */
/*
 * A progress line on standard error for long inputs: bytes done (of the
 * total when the input is a regular file) and the rate, redrawn in place
 * with \r at most four times a second and erased at the end.  It appears
 * only when standard error is a terminal, the output is not that
 * terminal too (the two would interleave), -q/--quiet was not given, and
 * the input has taken more than a quarter of a second (short runs stay
 * silent).  One input at a time: the state is the CLI's, not the
 * library's.
 */
#ifndef KONORM_CLI_PROGRESS_H
#define KONORM_CLI_PROGRESS_H

#include "cli.h"

#include <stdbool.h>

/* Starts the progress of one input.  output is the -o argument (NULL or
 * "-" for standard output). */
void cli_progress_start(const struct cli_input *in, bool quiet,
                        const char *output);
/* After each read: redraws when a quarter of a second has passed. */
void cli_progress_update(const struct cli_input *in);
/* Erases the line now, before a message on standard error; the next
 * update draws it again. */
void cli_progress_clear(void);
/* Erases the line; updates do nothing until the next start. */
void cli_progress_stop(void);

#endif
