/* SPDX-License-Identifier: MIT */
/*
 * JSON Lines field mode: in each record (one JSON object per line,
 * RFC 8259 + jsonlines.org), the top-level string member FIELD is
 * decoded, handed to an edit callback, and written back re-escaped;
 * every other byte of the record is left as it was.
 *
 * The record-level functions do no I/O (the fuzz target and the --jobs
 * workers use them as they are); jsonl_filter() is the streaming driver
 * for one input.
 */
#ifndef KONORM_CLI_JSONL_H
#define KONORM_CLI_JSONL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cli_input;
struct konorm_result;

/* A growable byte buffer. */
struct jsonl_buf {
	char *p;
	size_t len;
	size_t cap;
};

bool jsonl_buf_reserve(struct jsonl_buf *b, size_t extra);
bool jsonl_buf_append(struct jsonl_buf *b, const void *p, size_t n);
void jsonl_buf_free(struct jsonl_buf *b);

/* What to do with a record that is not valid JSON, is not an object, has
 * FIELD twice or with a value that is not a string (or null), or whose
 * text the edit refuses: it is reported in every case, and then */
enum jsonl_on_error {
	JSONL_PASS, /* written unchanged */
	JSONL_SKIP, /* left out */
	JSONL_FAIL, /* the rest of the input is not processed */
};

/* Longest record held in memory (a longer one is a malformed record,
 * passed through unread with --on-error pass). */
#define JSONL_MAX_RECORD (16u * 1024u * 1024u)

/* Why a record was refused: a static English phrase and the 0-based
 * offset within the record of the byte where it went wrong. */
struct jsonl_error {
	const char *message;
	size_t offset;
};

/*
 * The edit: text[0..len) is the decoded value (well-formed UTF-8, may
 * hold NUL); it appends the new value to `out`.  Returns NULL on
 * success or a static message (the record is then refused).
 */
typedef const char *(*jsonl_edit_fn)(void *ctx, const char *text,
                                     size_t len, struct jsonl_buf *out);

enum jsonl_result {
	JSONL_DONE,    /* the record (edited or unchanged) was appended */
	JSONL_REFUSED, /* *err says why; nothing was appended */
	JSONL_NOMEM,
};

/*
 * Appends record line[0..len) (without its line break) to out with the
 * value of FIELD edited.  A record without FIELD, or with FIELD null,
 * and a blank line are appended unchanged.  When the edit gives back the
 * decoded text unchanged, so is the record (its original escapes stay).
 */
enum jsonl_result jsonl_edit_record(const char *line, size_t len,
                                    const char *field, size_t field_len,
                                    jsonl_edit_fn edit, void *ctx,
                                    struct jsonl_buf *out,
                                    struct jsonl_error *err);

/*
 * Like jsonl_edit_record, but FIELD is left as it is: `fn` appends a JSON
 * value (not a string to escape) computed from FIELD's decoded text, and
 * the record gets it as member KEY, after its last member (or, when the
 * record already has KEY, in place of that member's value).  A record
 * without FIELD, or with FIELD null, is appended unchanged.
 */
enum jsonl_result jsonl_annotate_record(const char *line, size_t len,
                                        const char *field, size_t field_len,
                                        const char *key, size_t key_len,
                                        jsonl_edit_fn fn, void *ctx,
                                        struct jsonl_buf *out,
                                        struct jsonl_error *err);

/* One call of a library function with snprintf-style output (as
 * konorm_normalize), its other arguments in ctx. */
typedef struct konorm_result (*jsonl_oneshot_fn)(void *ctx, const char *src,
                                                 size_t len, char *dst,
                                                 size_t cap);

/* An edit made of one such call: appends fn's output for text to out,
 * growing it once to what fn asks for.  NULL, or konorm_strerror's
 * message.  fn may be called twice (a preflight that did not fit). */
const char *jsonl_append_oneshot(struct jsonl_buf *out, jsonl_oneshot_fn fn,
                                 void *ctx, const char *text, size_t len);

/* Appends text[0..len) (well-formed UTF-8) as a JSON string literal,
 * escaped per RFC 8259 §7: quote, backslash and C0 controls. */
bool jsonl_put_string(struct jsonl_buf *out, const char *text, size_t len);

/* Settings of a field-mode run. */
struct jsonl_options {
	const char *field;
	enum jsonl_on_error on_error;
	jsonl_edit_fn edit;
	void *ctx;
	/* NULL: edit replaces FIELD's value; else jsonl_annotate_record
	 * with this KEY (edit then appends a JSON value). */
	const char *append_key;
};

/* One refused record within a block of lines: its line number and the
 * offset of the offending byte, both relative to the block. */
struct jsonl_problem {
	uint64_t line;   /* 0-based within the block */
	size_t offset;   /* within the block */
	const char *message;
};

struct jsonl_problems {
	struct jsonl_problem *v;
	size_t n, cap;
	bool stopped; /* JSONL_FAIL met a refused record */
};

/*
 * Processes block[0..len), whole lines (the last may lack its line
 * break), appending the output to out and the refused records to
 * problems.  `first_in_file`: the block starts the input (a UTF-8 byte
 * order mark before the first record is then kept and skipped).
 * Returns false only when out of memory.
 */
bool jsonl_edit_lines(const struct jsonl_options *o, const char *block,
                      size_t len, bool first_in_file, struct jsonl_buf *out,
                      struct jsonl_problems *problems);
void jsonl_problems_free(struct jsonl_problems *p);

/* Reports each problem as "konorm: FILE: line N: message at byte K",
 * with the block's first line number (1-based) and file offset.
 * Returns the number reported. */
size_t jsonl_report(const char *label, const struct jsonl_problems *p,
                    uint64_t first_line, uint64_t block_offset);

/*
 * Streams one input through field mode in CLI_BLOCK reads, writing with
 * cli_write.  Memory: one record (at most JSONL_MAX_RECORD) and its
 * output.  Returns the exit status: 0, 1 when a record was refused, 2 on
 * a read error or no memory.
 */
int jsonl_filter(struct cli_input *in, const struct jsonl_options *o);

/* Parses an --on-error argument: pass, skip or fail. */
bool jsonl_parse_on_error(const char *s, enum jsonl_on_error *mode);

/*
 * Field mode with --jobs N: blocks of whole records processed in `jobs`
 * threads (o->edit and o->ctx must then be thread-safe), written in input
 * order, so the output and the reports are those of jsonl_filter().
 * Returns the exit status as jsonl_filter() does.
 */
int jsonl_parallel(struct cli_input *in, unsigned jobs,
                   const struct jsonl_options *o);

#endif
