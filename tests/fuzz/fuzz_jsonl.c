/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the JSON Lines field-mode reader (src/cli/jsonl.c).
 * Properties, checked on every input:
 *  - with an edit that gives the text back and --on-error pass, the
 *    output is the input, byte for byte (records are never rewritten
 *    when their value does not change, refused ones pass unchanged);
 *  - with an edit that changes the text (wraps it in characters that
 *    need escaping, NUL included), every accepted record is accepted
 *    again, and its field then decodes to exactly the edited text;
 *  - with --on-error skip the output has no more lines than the input;
 *  - problem offsets lie inside the input.
 * The first byte picks the field name from a few, so that names with
 * escapes and missing fields are exercised.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The reader lives in the CLI, which is not a library: compile its two
 * files into the target. */
#include "../../src/cli/io.c"
#include "../../src/cli/jsonl.c"

static const char *const fields[] = {"t", "text", "é", "a\"b", ""};

static const char *
identity_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	(void)ctx;
	return jsonl_buf_append(out, text, len) ? NULL : "out of memory";
}

/* Wraps the text: the output needs every kind of escape. */
#define WRAP_HEAD "\"\\\n\x01"
#define WRAP_TAIL "\x00\xed\x95\x9c\t"
#define WRAP_HEAD_LEN 4
#define WRAP_TAIL_LEN 5

static const char *
wrap_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	(void)ctx;
	bool ok = jsonl_buf_append(out, WRAP_HEAD, WRAP_HEAD_LEN) &&
	          jsonl_buf_append(out, text, len) &&
	          jsonl_buf_append(out, WRAP_TAIL, WRAP_TAIL_LEN);
	return ok ? NULL : "out of memory";
}

/* Captures the decoded text of a record's field. */
struct capture {
	struct jsonl_buf text;
	bool seen;
};

static const char *
capture_edit(void *ctx, const char *text, size_t len, struct jsonl_buf *out)
{
	struct capture *c = ctx;
	c->seen = true;
	c->text.len = 0;
	if (!jsonl_buf_append(&c->text, text, len) ||
	    !jsonl_buf_append(out, text, len)) {
		return "out of memory";
	}
	return NULL;
}

static void
check_identity(const char *p, size_t n, const char *field)
{
	struct jsonl_options o = {
	        .field = field,
	        .on_error = JSONL_PASS,
	        .edit = identity_edit,
	        .ctx = NULL,
	};
	struct jsonl_buf out = {0};
	struct jsonl_problems pr = {0};
	if (!jsonl_edit_lines(&o, p, n, true, &out, &pr)) {
		abort();
	}
	if (out.len != n || (n > 0 && memcmp(out.p, p, n) != 0)) {
		abort();
	}
	for (size_t i = 0; i < pr.n; i++) {
		if (pr.v[i].offset > n || pr.v[i].message == NULL) {
			abort();
		}
	}
	jsonl_buf_free(&out);
	jsonl_problems_free(&pr);
}

/* Each record of p[0..n) the reader accepts: edited, re-read. */
static void
check_wrapped_records(const char *p, size_t n, const char *field)
{
	size_t field_len = strlen(field);
	size_t pos = 0;
	while (pos < n) {
		const char *nl = memchr(p + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - p) : n;
		struct jsonl_buf once = {0}, again = {0};
		struct jsonl_error err = {0};
		struct capture before = {0}, after = {0};
		enum jsonl_result r =
			jsonl_edit_record(p + pos, end - pos, field, field_len,
			                  capture_edit, &before, &once, &err);
		if (r == JSONL_REFUSED &&
		    (err.offset > end - pos || err.message == NULL)) {
			abort();
		}
		if (r == JSONL_DONE) {
			once.len = 0;
			if (jsonl_edit_record(p + pos, end - pos, field,
			                      field_len, wrap_edit, NULL, &once,
			                      &err) != JSONL_DONE ||
			    memchr(once.p ? once.p : "", '\n', once.len)) {
				abort();
			}
			if (jsonl_edit_record(once.p ? once.p : "", once.len,
			                      field, field_len, capture_edit,
			                      &after, &again,
			                      &err) != JSONL_DONE) {
				abort();
			}
			if (before.seen != after.seen) {
				abort();
			}
			if (before.seen &&
			    (after.text.len != before.text.len + WRAP_HEAD_LEN +
			                               WRAP_TAIL_LEN ||
			     memcmp(after.text.p, WRAP_HEAD, WRAP_HEAD_LEN) !=
			             0 ||
			     memcmp(after.text.p + WRAP_HEAD_LEN,
			            before.text.p ? before.text.p : "",
			            before.text.len) != 0 ||
			     memcmp(after.text.p + WRAP_HEAD_LEN +
			                    before.text.len,
			            WRAP_TAIL, WRAP_TAIL_LEN) != 0)) {
				abort();
			}
		}
		jsonl_buf_free(&once);
		jsonl_buf_free(&again);
		jsonl_buf_free(&before.text);
		jsonl_buf_free(&after.text);
		pos = nl ? end + 1 : n;
	}
}

static size_t
newline_count(const char *p, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		k += p[i] == '\n';
	}
	return k;
}

static void
check_skip(const char *p, size_t n, const char *field)
{
	struct jsonl_options o = {
	        .field = field,
	        .on_error = JSONL_SKIP,
	        .edit = wrap_edit,
	        .ctx = NULL,
	};
	struct jsonl_buf out = {0};
	struct jsonl_problems pr = {0};
	if (!jsonl_edit_lines(&o, p, n, false, &out, &pr)) {
		abort();
	}
	size_t lines_out = newline_count(out.p ? out.p : "", out.len);
	if (lines_out > newline_count(p, n)) {
		abort();
	}
	jsonl_buf_free(&out);
	jsonl_problems_free(&pr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	const char *field = fields[data[0] % (sizeof(fields) /
	                                      sizeof(fields[0]))];
	const char *p = (const char *)data + 1;
	size_t n = size - 1;
	check_identity(p, n, field);
	check_wrapped_records(p, n, field);
	check_skip(p, n, field);
	return 0;
}
