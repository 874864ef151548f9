/* SPDX-License-Identifier: MIT */
/* Shared pieces of the konorm command-line tool. */
#ifndef KONORM_CLI_H
#define KONORM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "konorm.h"

/* Exit statuses, as grep and iconv use them. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_DATA = 1,  /* a data problem (invalid input, findings) */
	CLI_EXIT_USAGE = 2, /* a usage or I/O error */
};

/* Size of every read: memory stays bounded whatever the input. */
#define CLI_BLOCK (64 * 1024)

struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

/* One subcommand per cmd_<name>.c. */
int cmd_normalize(int argc, char **argv);
int cmd_keyboard(int argc, char **argv);
int cmd_detect(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_romanize(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_rename(int argc, char **argv);
/* @@commands@@ */

/* ---- io.c --------------------------------------------------------------- */

/* An input file; "-" (or no file at all) is standard input. */
struct cli_input {
	const char *name; /* as given, "-" for stdin */
	const char *label; /* for messages: "(stdin)" or the name */
	int fd;
	uint64_t offset; /* bytes read so far */
	bool eof;
};

/* Opens name ("-" is stdin).  Reports the error itself; false on failure. */
bool cli_input_open(struct cli_input *in, const char *name);
/* Reads up to cap bytes (retrying EINTR); 0 at end of file, -1 on error
 * (reported). */
long cli_input_read(struct cli_input *in, void *buf, size_t cap);
void cli_input_close(struct cli_input *in);
/* Reads a whole input into memory (for one-shot commands on small input);
 * false after reporting an error. Caller frees *data. */
bool cli_input_slurp(struct cli_input *in, char **data, size_t *len);

/* The output: stdout unless -o FILE was given. */
bool cli_output_open(const char *path); /* NULL or "-" is stdout */
/* Writes n bytes; on a write error (full disk) reports it and exits 2.  A
 * closed pipe ends the process by SIGPIPE, quietly, as cat does. */
void cli_write(const void *p, size_t n);
void cli_write_str(const char *s);
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Flushes after each line when --line-buffered was given. */
void cli_set_line_buffered(bool on);
void cli_flush_line(void);
/* Flushes and closes; reports errors; returns false on failure. */
bool cli_output_close(void);

/* Grows the buffer *p of capacity *cap (doubling) so that len + extra
 * bytes fit; false on overflow or when memory runs out. */
bool cli_grow(char **p, size_t *cap, size_t len, size_t extra);
/* Appends src[0..n) to the growable buffer (*p, *cap, *len). */
bool cli_append(char **p, size_t *cap, size_t *len, const void *src,
                size_t n);

/* "konorm: FILE: message" on stderr. */
void cli_error(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "konorm: FILE: message at byte N (bytes: ff fe)" on stderr; the bytes
 * part is left out when n == 0. */
void cli_error_at(const char *file, uint64_t offset, const void *bytes,
                  size_t n, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Reports a library status met in an input, in konorm_strerror's words:
 * an input error (invalid or truncated UTF-8, a combining sequence too
 * long) with its stream offset, quoting the sequence there (its lead byte
 * and the continuation bytes after it) when it lies in block[0..block_len)
 * read at block_start; any other status (out of memory) without one. */
void cli_report_status(const char *file, enum konorm_status st,
                       uint64_t offset, const char *block,
                       uint64_t block_start, size_t block_len);
/* "konorm: COMMAND: message" and a hint to --help; returns 2. */
int cli_usage_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends a JSON string literal for s[0..n) (RFC 8259 escaping; invalid
 * UTF-8 bytes become \ufffd) to the output. */
void cli_write_json_string(const char *s, size_t n);

#endif
