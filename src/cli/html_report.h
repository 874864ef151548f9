/* SPDX-License-Identifier: MIT */
/*
 * The self-contained HTML page of `konorm scan --html`: one section per
 * input with a summary table by kind (linking to each finding), the text
 * in lines with a gutter of line numbers, and each finding highlighted by
 * kind with its reason and suggestion shown on hover and keyboard focus.
 *
 * Memory: a section is written when its input ends, so the report holds
 * the UTF-8 text of the input being scanned (at most
 * HTML_REPORT_MAX_TEXT bytes; html_report_add_text refuses more) and its
 * first HTML_REPORT_MAX_MARKS findings (later ones are only counted).
 * Nothing of an earlier input is kept but its counts.
 */
#ifndef KONORM_CLI_HTML_REPORT_H
#define KONORM_CLI_HTML_REPORT_H

#include "konorm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A browser is slow on much larger pages anyway. */
#define HTML_REPORT_MAX_TEXT ((size_t)64 * 1024 * 1024)
#define HTML_REPORT_MAX_MARKS 100000

struct html_report;

/* NULL when memory runs out.  Writes nothing. */
struct html_report *html_report_new(void);
void html_report_free(struct html_report *r);

/* Writes the head of the page (through cli_write). */
void html_report_begin(struct html_report *r);
/* Starts the section of one input; label is shown as its heading. */
void html_report_file_begin(struct html_report *r, const char *label);
/* Appends UTF-8 text of the current input; false when the text would
 * pass HTML_REPORT_MAX_TEXT or memory runs out (nothing is appended). */
bool html_report_add_text(struct html_report *r, const char *s, size_t n);
/* Records a finding of the current input (its strings are copied);
 * false when memory runs out. */
bool html_report_add_finding(struct html_report *r,
                             const struct konorm_finding *f);
/* Writes the section of the current input.  A non-NULL problem (a
 * sentence) says why the input was not read to its end; the text is
 * then shown up to byte `shown`. */
void html_report_file_end(struct html_report *r, const char *problem,
                          uint64_t shown);
/* Writes the totals of all inputs and the end of the page. */
void html_report_end(struct html_report *r);

#endif
