/* SPDX-License-Identifier: MIT */
/*
 * JSON Lines field mode (see jsonl.h).  The reader validates each record
 * against the RFC 8259 grammar without recursion (nesting depth is
 * capped), decodes the one member it edits (all escapes of §7, UTF-16
 * surrogate pairs; lone surrogates and ill-formed UTF-8 are refused, §8.1)
 * and splices the re-escaped value into the untouched record.
 */
#include "jsonl.h"

#include "cli.h"

#include "konorm.h"

#include <stdlib.h>
#include <string.h>

/* Deeper nesting is refused rather than tracked without bound. */
#define MAX_DEPTH 512

/* The message for a record over JSONL_MAX_RECORD (16 MiB). */
#define OVERLONG "record longer than 16 MiB"

/* ---- Buffers ------------------------------------------------------------- */

bool
jsonl_buf_reserve(struct jsonl_buf *b, size_t extra)
{
	return cli_grow(&b->p, &b->cap, b->len, extra);
}

bool
jsonl_buf_append(struct jsonl_buf *b, const void *p, size_t n)
{
	return cli_append(&b->p, &b->cap, &b->len, p, n);
}

void
jsonl_buf_free(struct jsonl_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* ---- Scanning ------------------------------------------------------------ */

/* The parse position and the first error met. */
struct scan {
	const char *p;
	size_t n;
	size_t i;
	struct jsonl_error *err;
	bool nomem;
};

static bool
fail(struct scan *s, size_t at, const char *message)
{
	s->err->message = message;
	s->err->offset = at;
	return false;
}

/* RFC 8259 §2: insignificant whitespace is space, tab, LF and CR. */
static void
skip_ws(struct scan *s)
{
	while (s->i < s->n && (s->p[s->i] == ' ' || s->p[s->i] == '\t' ||
	                       s->p[s->i] == '\n' || s->p[s->i] == '\r')) {
		s->i++;
	}
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* Reads the four hex digits of a \u escape at p[at..). */
static bool
read_hex4(struct scan *s, size_t at, uint32_t *u)
{
	if (s->n - at < 4) {
		return fail(s, at, "\\u escape cut short");
	}
	*u = 0;
	for (size_t k = 0; k < 4; k++) {
		int h = hex_value(s->p[at + k]);
		if (h < 0) {
			return fail(s, at + k, "\\u escape needs four hex "
			                       "digits");
		}
		*u = (*u << 4) | (uint32_t)h;
	}
	return true;
}

static size_t
encode_utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The code point of a \u escape at p[i] == '\\', joining a surrogate
 * pair (§7: a character outside the BMP is a pair of escapes). */
static bool
read_u_escape(struct scan *s, size_t at, uint32_t *cp, size_t *used)
{
	uint32_t hi;
	if (!read_hex4(s, at + 2, &hi)) {
		return false;
	}
	*used = 6;
	if (hi >= 0xDC00 && hi <= 0xDFFF) {
		return fail(s, at, "lone low surrogate escape");
	}
	if (hi < 0xD800 || hi > 0xDBFF) {
		*cp = hi;
		return true;
	}
	uint32_t lo;
	if (s->n - at < 12 || s->p[at + 6] != '\\' || s->p[at + 7] != 'u' ||
	    !read_hex4(s, at + 8, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
		return fail(s, at, "high surrogate escape without its low "
		                   "half");
	}
	*cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
	*used = 12;
	return true;
}

/* One escape at p[at] == '\\': appends its character to out (if any)
 * and returns its length in the record, 0 on error. */
static size_t
read_escape(struct scan *s, size_t at, struct jsonl_buf *out)
{
	if (at + 1 >= s->n) {
		fail(s, at, "string ends inside an escape");
		return 0;
	}
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *k = memchr(from, s->p[at + 1], sizeof(from) - 1);
	char utf8[4];
	size_t len = 1, used = 2;
	if (k != NULL) {
		utf8[0] = to[k - from];
	} else if (s->p[at + 1] == 'u') {
		uint32_t cp;
		if (!read_u_escape(s, at, &cp, &used)) {
			return 0;
		}
		len = encode_utf8(cp, utf8);
	} else {
		fail(s, at, "unknown escape");
		return 0;
	}
	if (out != NULL && !jsonl_buf_append(out, utf8, len)) {
		s->nomem = true;
		fail(s, at, "out of memory");
		return 0;
	}
	return used;
}

/*
 * A string literal at p[i] == '"': validates it, appends its decoded
 * text to `decoded` when not NULL, and leaves i after the closing quote.
 */
static bool
read_string(struct scan *s, struct jsonl_buf *decoded)
{
	size_t i = s->i + 1;
	for (;;) {
		/* A run of plain characters, checked as UTF-8 at once. */
		size_t run = i;
		while (i < s->n && s->p[i] != '"' && s->p[i] != '\\' &&
		       (unsigned char)s->p[i] >= 0x20) {
			i++;
		}
		size_t bad = 0;
		if (konorm_utf8_validate(s->p + run, i - run, &bad) !=
		    KONORM_OK) {
			return fail(s, run + bad, "invalid UTF-8 in a string");
		}
		if (decoded != NULL &&
		    !jsonl_buf_append(decoded, s->p + run, i - run)) {
			s->nomem = true;
			return fail(s, run, "out of memory");
		}
		if (i >= s->n) {
			return fail(s, s->i, "unterminated string");
		}
		if (s->p[i] == '"') {
			s->i = i + 1;
			return true;
		}
		if (s->p[i] != '\\') {
			return fail(s, i, "control character in a string");
		}
		size_t used = read_escape(s, i, decoded);
		if (used == 0) {
			return false;
		}
		i += used;
	}
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
read_number(struct scan *s)
{
	size_t i = s->i;
	if (i < s->n && s->p[i] == '-') {
		i++;
	}
	if (i >= s->n || !is_digit(s->p[i])) {
		return fail(s, i, "invalid number");
	}
	if (s->p[i] == '0') {
		i++;
	} else {
		while (i < s->n && is_digit(s->p[i])) {
			i++;
		}
	}
	if (i < s->n && s->p[i] == '.') {
		i++;
		if (i >= s->n || !is_digit(s->p[i])) {
			return fail(s, i, "invalid number");
		}
		while (i < s->n && is_digit(s->p[i])) {
			i++;
		}
	}
	if (i < s->n && (s->p[i] == 'e' || s->p[i] == 'E')) {
		i++;
		if (i < s->n && (s->p[i] == '+' || s->p[i] == '-')) {
			i++;
		}
		if (i >= s->n || !is_digit(s->p[i])) {
			return fail(s, i, "invalid number");
		}
		while (i < s->n && is_digit(s->p[i])) {
			i++;
		}
	}
	s->i = i;
	return true;
}

static bool
read_literal(struct scan *s)
{
	static const char *const words[] = {"true", "false", "null"};
	for (size_t k = 0; k < 3; k++) {
		size_t len = strlen(words[k]);
		if (s->n - s->i >= len &&
		    memcmp(s->p + s->i, words[k], len) == 0) {
			s->i += len;
			return true;
		}
	}
	return fail(s, s->i, "unexpected character");
}

/* An object member's name and colon; i is at the name's quote. */
static bool
read_name_colon(struct scan *s, struct jsonl_buf *name)
{
	skip_ws(s);
	if (s->i >= s->n || s->p[s->i] != '"') {
		return fail(s, s->i, "expected a member name");
	}
	if (!read_string(s, name)) {
		return false;
	}
	skip_ws(s);
	if (s->i >= s->n || s->p[s->i] != ':') {
		return fail(s, s->i, "expected ':' after a member name");
	}
	s->i++;
	return true;
}

/* One scalar at i (after whitespace): string, number or literal. */
static bool
read_scalar(struct scan *s)
{
	char c = s->p[s->i];
	if (c == '"') {
		return read_string(s, NULL);
	}
	if (c == '-' || is_digit(c)) {
		return read_number(s);
	}
	return read_literal(s);
}

/* After a value inside containers: ',' and the next member, or the
 * closing brackets.  Returns 1 when another value follows, 0 when the
 * outermost container closed, -1 on error. */
static int
after_value(struct scan *s, char *stack, size_t *depth)
{
	for (;;) {
		if (*depth == 0) {
			return 0;
		}
		skip_ws(s);
		char open = stack[*depth - 1];
		char close = open == '{' ? '}' : ']';
		if (s->i >= s->n) {
			fail(s, s->i,
			     open == '{' ? "record ends inside an object"
			                 : "record ends inside an array");
			return -1;
		}
		if (s->p[s->i] == close) {
			s->i++;
			(*depth)--;
			continue;
		}
		if (s->p[s->i] != ',') {
			fail(s, s->i, open == '{' ? "expected ',' or '}'"
			                         : "expected ',' or ']'");
			return -1;
		}
		s->i++;
		if (open == '{' && !read_name_colon(s, NULL)) {
			return -1;
		}
		return 1;
	}
}

/* Any value at i, nested containers included, without recursion. */
static bool
skip_value(struct scan *s)
{
	char stack[MAX_DEPTH];
	size_t depth = 0;
	for (;;) {
		skip_ws(s);
		if (s->i >= s->n) {
			return fail(s, s->i, "record ends where a value was "
			                     "expected");
		}
		char c = s->p[s->i];
		if (c == '{' || c == '[') {
			if (depth == MAX_DEPTH) {
				return fail(s, s->i, "nested too deeply");
			}
			stack[depth++] = c;
			s->i++;
			skip_ws(s);
			char close = c == '{' ? '}' : ']';
			if (s->i < s->n && s->p[s->i] == close) {
				s->i++;
				depth--;
			} else if (c == '{') {
				if (!read_name_colon(s, NULL)) {
					return false;
				}
				continue;
			} else {
				continue;
			}
		} else if (!read_scalar(s)) {
			return false;
		}
		int more = after_value(s, stack, &depth);
		if (more < 0) {
			return false;
		}
		if (more == 0) {
			return true;
		}
	}
}

/* ---- Records ------------------------------------------------------------- */

/* Where FIELD's value lies in a record. */
struct member {
	bool found;
	size_t start, end; /* the value's bytes */
	size_t last_end;   /* end of the object's last value (0: empty) */
	size_t close;      /* the object's closing brace */
};

/* Validates an object record and finds its top-level member FIELD. */
static bool
find_member(struct scan *s, const char *field, size_t field_len,
            struct member *m)
{
	struct jsonl_buf name = {0};
	memset(m, 0, sizeof(*m));
	skip_ws(s);
	if (s->i >= s->n || s->p[s->i] != '{') {
		return fail(s, s->i, "record is not a JSON object");
	}
	s->i++;
	skip_ws(s);
	bool ok = true;
	if (s->i < s->n && s->p[s->i] == '}') {
		m->close = s->i;
		s->i++;
	} else {
		for (;;) {
			name.len = 0;
			if (!read_name_colon(s, &name)) {
				ok = false;
				break;
			}
			skip_ws(s);
			size_t start = s->i;
			if (!skip_value(s)) {
				ok = false;
				break;
			}
			if (name.len == field_len &&
			    (field_len == 0 ||
			     memcmp(name.p, field, field_len) == 0)) {
				if (m->found) {
					ok = fail(s, start, "the field appears "
					                    "twice");
					break;
				}
				m->found = true;
				m->start = start;
				m->end = s->i;
			}
			m->last_end = s->i;
			skip_ws(s);
			if (s->i < s->n && s->p[s->i] == ',') {
				s->i++;
				continue;
			}
			if (s->i < s->n && s->p[s->i] == '}') {
				m->close = s->i;
				s->i++;
				break;
			}
			ok = fail(s, s->i, s->i < s->n ? "expected ',' or '}'"
			                              : "record ends inside an "
			                                "object");
			break;
		}
	}
	jsonl_buf_free(&name);
	if (!ok) {
		return false;
	}
	skip_ws(s);
	if (s->i < s->n) {
		return fail(s, s->i, "text after the record's object");
	}
	return true;
}

const char *
jsonl_append_oneshot(struct jsonl_buf *out, jsonl_oneshot_fn fn, void *ctx,
                     const char *text, size_t len)
{
	for (int round = 0; round < 2; round++) {
		struct konorm_result r =
		        fn(ctx, text, len, out->p ? out->p + out->len : NULL,
		           out->cap - out->len);
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

bool
jsonl_put_string(struct jsonl_buf *out, const char *text, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	/* At most 6 bytes per input byte, and the quotes. */
	if (len > (SIZE_MAX - 2) / 6 || !jsonl_buf_reserve(out, 6 * len + 2)) {
		return false;
	}
	char *o = out->p + out->len;
	*o++ = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		const char *short_esc = NULL;
		switch (c) {
		case '"': short_esc = "\\\""; break;
		case '\\': short_esc = "\\\\"; break;
		case '\b': short_esc = "\\b"; break;
		case '\f': short_esc = "\\f"; break;
		case '\n': short_esc = "\\n"; break;
		case '\r': short_esc = "\\r"; break;
		case '\t': short_esc = "\\t"; break;
		default: break;
		}
		if (short_esc != NULL) {
			*o++ = short_esc[0];
			*o++ = short_esc[1];
		} else if (c < 0x20) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[c >> 4];
			o[5] = hex[c & 15];
			o += 6;
		} else {
			*o++ = (char)c;
		}
	}
	*o++ = '"';
	out->len = (size_t)(o - out->p);
	return true;
}

static bool
is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') {
			return false;
		}
	}
	return true;
}

/* Decodes the value, edits it and splices it back. */
static enum jsonl_result
edit_member(const char *line, size_t len, const struct member *m,
            jsonl_edit_fn edit, void *ctx, struct jsonl_buf *out,
            struct jsonl_error *err)
{
	struct jsonl_buf text = {0}, edited = {0};
	struct scan s = {line, m->end, m->start, err, false};
	enum jsonl_result r = JSONL_DONE;
	if (!read_string(&s, &text)) {
		r = s.nomem ? JSONL_NOMEM : JSONL_REFUSED;
		goto done;
	}
	const char *why = edit(ctx, text.p ? text.p : "", text.len, &edited);
	if (why != NULL) {
		*err = (struct jsonl_error){why, m->start};
		r = JSONL_REFUSED;
		goto done;
	}
	bool same = edited.len == text.len &&
	            (text.len == 0 || memcmp(edited.p, text.p, text.len) == 0);
	if (same) {
		r = jsonl_buf_append(out, line, len) ? JSONL_DONE : JSONL_NOMEM;
		goto done;
	}
	size_t before = out->len;
	if (!jsonl_buf_append(out, line, m->start) ||
	    !jsonl_put_string(out, edited.p ? edited.p : "", edited.len) ||
	    !jsonl_buf_append(out, line + m->end, len - m->end)) {
		out->len = before;
		r = JSONL_NOMEM;
	}
done:
	jsonl_buf_free(&text);
	jsonl_buf_free(&edited);
	return r;
}

/* The string member FIELD of a record, to work on: true with *m.  False
 * with *r when the record is done without it: blank, without FIELD or
 * with FIELD null (appended unchanged), or refused. */
static bool
string_field(const char *line, size_t len, const char *field,
             size_t field_len, struct jsonl_buf *out, struct jsonl_error *err,
             struct member *m, enum jsonl_result *r)
{
	struct scan s = {line, len, 0, err, false};
	if (!is_blank(line, len) && !find_member(&s, field, field_len, m)) {
		*r = s.nomem ? JSONL_NOMEM : JSONL_REFUSED;
		return false;
	}
	if (is_blank(line, len) || !m->found || line[m->start] == 'n') {
		/* Nothing to edit. */
		*r = jsonl_buf_append(out, line, len) ? JSONL_DONE : JSONL_NOMEM;
		return false;
	}
	if (line[m->start] != '"') {
		*err = (struct jsonl_error){"the field's value is not a string",
		                            m->start};
		*r = JSONL_REFUSED;
		return false;
	}
	return true;
}

enum jsonl_result
jsonl_edit_record(const char *line, size_t len, const char *field,
                  size_t field_len, jsonl_edit_fn edit, void *ctx,
                  struct jsonl_buf *out, struct jsonl_error *err)
{
	struct member m;
	enum jsonl_result r;
	if (!string_field(line, len, field, field_len, out, err, &m, &r)) {
		return r;
	}
	return edit_member(line, len, &m, edit, ctx, out, err);
}

/* ---- Blocks of lines ----------------------------------------------------- */

/* Decodes the string value at m and has fn append a JSON value for it to
 * val.  Returns JSONL_DONE with val filled. */
static enum jsonl_result
annotation_value(const char *line, const struct member *m, jsonl_edit_fn fn,
                 void *ctx, struct jsonl_buf *val, struct jsonl_error *err)
{
	struct jsonl_buf text = {0};
	struct scan s = {line, m->end, m->start, err, false};
	enum jsonl_result r = JSONL_DONE;
	if (!read_string(&s, &text)) {
		r = s.nomem ? JSONL_NOMEM : JSONL_REFUSED;
	} else {
		const char *why = fn(ctx, text.p ? text.p : "", text.len, val);
		if (why != NULL) {
			*err = (struct jsonl_error){why, m->start};
			r = JSONL_REFUSED;
		}
	}
	jsonl_buf_free(&text);
	return r;
}

enum jsonl_result
jsonl_annotate_record(const char *line, size_t len, const char *field,
                      size_t field_len, const char *key, size_t key_len,
                      jsonl_edit_fn fn, void *ctx, struct jsonl_buf *out,
                      struct jsonl_error *err)
{
	struct member m, k;
	enum jsonl_result r;
	if (!string_field(line, len, field, field_len, out, err, &m, &r)) {
		return r;
	}
	struct scan s = {line, len, 0, err, false};
	if (!find_member(&s, key, key_len, &k)) {
		if (k.found) {
			err->message = "the member to add appears twice";
		}
		return s.nomem ? JSONL_NOMEM : JSONL_REFUSED;
	}
	struct jsonl_buf val = {0};
	r = annotation_value(line, &m, fn, ctx, &val, err);
	if (r != JSONL_DONE) {
		jsonl_buf_free(&val);
		return r;
	}
	size_t before = out->len;
	bool ok;
	if (k.found) {
		/* Scanned before: the old value is replaced. */
		ok = jsonl_buf_append(out, line, k.start) &&
		     jsonl_buf_append(out, val.p ? val.p : "", val.len) &&
		     jsonl_buf_append(out, line + k.end, len - k.end);
	} else {
		size_t at = m.last_end > 0 ? m.last_end : m.close;
		ok = jsonl_buf_append(out, line, at) &&
		     (m.last_end == 0 || jsonl_buf_append(out, ",", 1)) &&
		     jsonl_put_string(out, key, key_len) &&
		     jsonl_buf_append(out, ":", 1) &&
		     jsonl_buf_append(out, val.p ? val.p : "", val.len) &&
		     jsonl_buf_append(out, line + at, len - at);
	}
	jsonl_buf_free(&val);
	if (!ok) {
		out->len = before;
		return JSONL_NOMEM;
	}
	return JSONL_DONE;
}

static bool
add_problem(struct jsonl_problems *p, uint64_t line, size_t offset,
            const char *message)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct jsonl_problem *v = realloc(p->v, cap * sizeof(*v));
		if (v == NULL) {
			return false;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = (struct jsonl_problem){line, offset, message};
	return true;
}

void
jsonl_problems_free(struct jsonl_problems *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

bool
jsonl_edit_lines(const struct jsonl_options *o, const char *block,
                 size_t len, bool first_in_file, struct jsonl_buf *out,
                 struct jsonl_problems *problems)
{
	size_t field_len = strlen(o->field);
	size_t pos = 0;
	/* RFC 8259 §8.1: a parser may ignore a byte order mark. */
	if (first_in_file && len >= 3 &&
	    memcmp(block, "\xEF\xBB\xBF", 3) == 0) {
		if (!jsonl_buf_append(out, block, 3)) {
			return false;
		}
		pos = 3;
	}
	for (uint64_t line = 0; pos < len; line++) {
		const char *nl = memchr(block + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - block) : len;
		size_t mark = out->len;
		struct jsonl_error err = {0};
		enum jsonl_result r = JSONL_REFUSED;
		if (end - pos > JSONL_MAX_RECORD) {
			/* As the stream reader refuses it, so that --jobs
			 * (whose blocks may hold it whole) answers alike. */
			err = (struct jsonl_error){OVERLONG, 0};
		} else if (o->append_key != NULL) {
			r = jsonl_annotate_record(
			        block + pos, end - pos, o->field, field_len,
			        o->append_key, strlen(o->append_key), o->edit,
			        o->ctx, out, &err);
		} else {
			r = jsonl_edit_record(block + pos, end - pos, o->field,
			                      field_len, o->edit, o->ctx, out,
			                      &err);
		}
		if (r == JSONL_NOMEM) {
			return false;
		}
		if (r == JSONL_REFUSED) {
			out->len = mark;
			if (!add_problem(problems, line, pos + err.offset,
			                 err.message)) {
				return false;
			}
			if (o->on_error == JSONL_FAIL) {
				problems->stopped = true;
				return true;
			}
			if (o->on_error == JSONL_PASS &&
			    !jsonl_buf_append(out, block + pos, end - pos)) {
				return false;
			}
			if (o->on_error == JSONL_SKIP) {
				pos = nl ? end + 1 : len;
				continue;
			}
		}
		if (nl != NULL && !jsonl_buf_append(out, "\n", 1)) {
			return false;
		}
		pos = nl ? end + 1 : len;
	}
	return true;
}

size_t
jsonl_report(const char *label, const struct jsonl_problems *p,
             uint64_t first_line, uint64_t block_offset)
{
	for (size_t i = 0; i < p->n; i++) {
		cli_error_at(label, block_offset + p->v[i].offset, NULL, 0,
		             "line %llu: %s",
		             (unsigned long long)(first_line + p->v[i].line),
		             p->v[i].message);
	}
	return p->n;
}

/* ---- Streaming ---------------------------------------------------------- */

static uint64_t
count_lines(const char *p, size_t n)
{
	uint64_t k = 0;
	const char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/* The state of jsonl_filter over one input. */
struct stream {
	struct cli_input *in;
	const struct jsonl_options *o;
	struct jsonl_buf pending; /* whole lines, then a partial one */
	struct jsonl_buf out;
	uint64_t line;   /* 1-based number of pending's first line */
	uint64_t offset; /* file offset of pending's first byte */
	bool first;
	int status;
};

/* Edits pending[0..len) (whole lines), writes, reports; false to stop. */
static bool
flush_lines(struct stream *st, size_t len)
{
	struct jsonl_problems problems = {0};
	st->out.len = 0;
	if (!jsonl_edit_lines(st->o, st->pending.p, len, st->first, &st->out,
	                      &problems)) {
		jsonl_problems_free(&problems);
		cli_error(st->in->label, "out of memory");
		st->status = CLI_EXIT_USAGE;
		return false;
	}
	if (st->out.len > 0) {
		cli_write(st->out.p, st->out.len);
		/* --line-buffered: a pipe that delivers a line per read gets
		 * a line per flush. */
		cli_flush_line();
	}
	if (jsonl_report(st->in->label, &problems, st->line, st->offset) > 0 &&
	    st->status < CLI_EXIT_DATA) {
		st->status = CLI_EXIT_DATA;
	}
	bool stopped = problems.stopped;
	jsonl_problems_free(&problems);
	st->first = false;
	st->line += count_lines(st->pending.p, len);
	st->offset += len;
	memmove(st->pending.p, st->pending.p + len, st->pending.len - len);
	st->pending.len -= len;
	return !stopped;
}

/* A record longer than JSONL_MAX_RECORD: reported, then written as it
 * comes (pass), or dropped up to its line break; false to stop. */
static bool
overlong_record(struct stream *st, char *block)
{
	cli_error_at(st->in->label, st->offset, NULL, 0, "line %llu: %s",
	             (unsigned long long)st->line, OVERLONG);
	st->status = st->status < CLI_EXIT_DATA ? CLI_EXIT_DATA : st->status;
	if (st->o->on_error == JSONL_FAIL) {
		return false;
	}
	bool pass = st->o->on_error == JSONL_PASS;
	if (pass) {
		cli_write(st->pending.p, st->pending.len);
	}
	st->offset += st->pending.len;
	st->pending.len = 0;
	for (;;) {
		long got = cli_input_read(st->in, block, CLI_BLOCK);
		if (got <= 0) {
			st->status = got < 0 ? CLI_EXIT_USAGE : st->status;
			return false;
		}
		const char *nl = memchr(block, '\n', (size_t)got);
		size_t k = nl ? (size_t)(nl - block) + 1 : (size_t)got;
		if (pass) {
			cli_write(block, k);
		}
		st->offset += k;
		if (nl != NULL) {
			st->line++;
			st->first = false;
			if (!jsonl_buf_append(&st->pending, block + k,
			                      (size_t)got - k)) {
				cli_error(st->in->label, "out of memory");
				st->status = CLI_EXIT_USAGE;
				return false;
			}
			/* Keep pending free of line breaks, as the reader
			 * expects. */
			const char *last = memrchr(st->pending.p, '\n',
			                           st->pending.len);
			return last == NULL ||
			       flush_lines(st, (size_t)(last - st->pending.p) +
			                               1);
		}
	}
}

int
jsonl_filter(struct cli_input *in, const struct jsonl_options *o)
{
	struct stream st = {.in = in, .o = o, .line = 1, .first = true};
	char *block = malloc(CLI_BLOCK);
	if (block == NULL) {
		cli_error(in->label, "out of memory");
		return CLI_EXIT_USAGE;
	}
	long got;
	bool go = true;
	while (go && (got = cli_input_read(in, block, CLI_BLOCK)) != 0) {
		if (got < 0) {
			st.status = CLI_EXIT_USAGE;
			break;
		}
		/* pending holds no line break: only the new bytes are
		 * searched, so a long record is not rescanned per read. */
		const char *last = memrchr(block, '\n', (size_t)got);
		size_t whole = last ? st.pending.len +
		                              (size_t)(last - block) + 1
		                    : 0;
		if (!jsonl_buf_append(&st.pending, block, (size_t)got)) {
			cli_error(in->label, "out of memory");
			st.status = CLI_EXIT_USAGE;
			break;
		}
		/* Whole lines go; the partial last one waits for more. */
		if (whole > 0) {
			go = flush_lines(&st, whole);
		}
		if (go && st.pending.len > JSONL_MAX_RECORD) {
			go = overlong_record(&st, block);
		}
	}
	if (go && st.status != CLI_EXIT_USAGE && st.pending.len > 0) {
		flush_lines(&st, st.pending.len);
	}
	free(block);
	jsonl_buf_free(&st.pending);
	jsonl_buf_free(&st.out);
	return st.status;
}

/* ---- Options ------------------------------------------------------------ */

bool
jsonl_parse_on_error(const char *s, enum jsonl_on_error *mode)
{
	static const char *const names[] = {"pass", "skip", "fail"};
	static const enum jsonl_on_error modes[] = {JSONL_PASS, JSONL_SKIP,
	                                            JSONL_FAIL};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(s, names[i]) == 0) {
			*mode = modes[i];
			return true;
		}
	}
	return false;
}
