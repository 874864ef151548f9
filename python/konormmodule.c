/* SPDX-License-Identifier: MIT */
/*
 * The `konorm` Python module: libkonorm's one-shot functions for str and
 * bytes.  A str argument gives a str result, bytes (or any buffer) gives
 * bytes.  Offsets are byte offsets into the UTF-8 form of the input, as
 * in the C library.  Errors raise konorm.Error (a ValueError) carrying
 * .status (the negative enum konorm_status) and .offset.  The GIL is
 * released around every call into the library, so threads run in
 * parallel.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "konorm.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Module state: the exception class (no C globals; PEP 489/573). */
struct module_state {
	PyObject *error;
};

static struct module_state *
state_of(PyObject *module)
{
	return PyModule_GetState(module);
}

/* ---- Text in, text out ------------------------------------------------- */

/* The input of a call: UTF-8 bytes and whether the caller gave a str. */
struct text_arg {
	const char *p;
	size_t len;
	bool is_str;
	Py_buffer view; /* held for bytes-like input, released by text_done */
	bool has_view;
};

/* str -> its UTF-8 (cached by the str, alive while the str is); any
 * buffer -> its bytes, held (a bytearray cannot resize while exported). */
static bool
text_get(PyObject *obj, struct text_arg *t)
{
	memset(t, 0, sizeof(*t));
	if (PyUnicode_Check(obj)) {
		Py_ssize_t n = 0;
		const char *p = PyUnicode_AsUTF8AndSize(obj, &n);
		if (p == NULL) {
			return false; /* lone surrogates: UnicodeEncodeError */
		}
		t->p = p;
		t->len = (size_t)n;
		t->is_str = true;
		return true;
	}
	if (PyObject_GetBuffer(obj, &t->view, PyBUF_SIMPLE) != 0) {
		PyErr_Format(PyExc_TypeError,
		             "expected str or a bytes-like object, not %.100s",
		             Py_TYPE(obj)->tp_name);
		return false;
	}
	t->has_view = true;
	t->p = t->view.buf;
	t->len = (size_t)t->view.len;
	return true;
}

static void
text_done(struct text_arg *t)
{
	if (t->has_view) {
		PyBuffer_Release(&t->view);
		t->has_view = false;
	}
}

/* Result in the caller's type.  str results decode strictly: the
 * library only writes well-formed UTF-8. */
static PyObject *
text_result(const struct text_arg *t, const char *p, size_t len)
{
	if (t->is_str) {
		return PyUnicode_DecodeUTF8(p, (Py_ssize_t)len, "strict");
	}
	return PyBytes_FromStringAndSize(p, (Py_ssize_t)len);
}

/* Raises konorm.Error(message, status, offset). */
static PyObject *
raise_status(PyObject *module, enum konorm_status st, size_t offset,
             bool has_offset)
{
	PyObject *err = state_of(module)->error;
	PyObject *exc = NULL;
	if (has_offset) {
		exc = PyObject_CallFunction(err, "sin", konorm_strerror(st),
		                            (int)st, (Py_ssize_t)offset);
	} else {
		exc = PyObject_CallFunction(err, "siO", konorm_strerror(st),
		                            (int)st, Py_None);
	}
	if (exc != NULL) {
		PyErr_SetObject(err, exc);
		Py_DECREF(exc);
	}
	return NULL;
}

static bool
is_input_error(enum konorm_status st)
{
	return st == KONORM_EINVAL_UTF8 || st == KONORM_ETRUNCATED ||
	       st == KONORM_ETOOLONG || st == KONORM_EILSEQ ||
	       st == KONORM_EUNMAPPABLE;
}

/* Every snprintf-style function of the library has this shape. */
typedef struct konorm_result (*oneshot_fn)(const char *src, size_t len,
                                           char *dst, size_t cap,
                                           uint32_t flags);

/*
 * Runs fn without the GIL: first into a buffer sized by a guess, then,
 * when the output did not fit, once more with exactly what it needs.
 */
static PyObject *
run_oneshot(PyObject *module, oneshot_fn fn, PyObject *obj, uint32_t flags)
{
	struct text_arg t;
	if (!text_get(obj, &t)) {
		return NULL;
	}
	size_t cap = t.len + t.len / 2 + 16;
	char *buf = NULL;
	struct konorm_result r = {0};
	for (int round = 0; round < 2; round++) {
		char *q = realloc(buf, cap);
		if (q == NULL) {
			free(buf);
			text_done(&t);
			return PyErr_NoMemory();
		}
		buf = q;
		Py_BEGIN_ALLOW_THREADS
		r = fn(t.p, t.len, buf, cap, flags);
		Py_END_ALLOW_THREADS
		if (r.status != KONORM_EBUFSIZE) {
			break;
		}
		cap = r.needed > 0 ? r.needed : 1;
	}
	PyObject *res = NULL;
	if (r.status == KONORM_OK) {
		res = text_result(&t, buf, r.needed);
	} else {
		raise_status(module, r.status, r.offset,
		             is_input_error(r.status));
	}
	free(buf);
	text_done(&t);
	return res;
}

/* ---- normalize, jamo_compose, keyboard --------------------------------- */

/* A keyword argument's allowed names and the flag bits each stands for. */
struct name_bits {
	const char *name;
	uint32_t bits;
};

/* Adds the bits of `name` (ASCII case-insensitive) to *flags; otherwise
 * raises ValueError(error) and returns false. */
static bool
lookup_name(const struct name_bits *table, size_t count, const char *name,
            uint32_t *flags, const char *error)
{
	for (size_t i = 0; name != NULL && i < count; i++) {
		if (strcasecmp(name, table[i].name) == 0) {
			*flags |= table[i].bits;
			return true;
		}
	}
	PyErr_SetString(PyExc_ValueError, error);
	return false;
}

static bool
parse_form(PyObject *form, uint32_t *flags)
{
	static const struct name_bits forms[] = {
		{"NFC", KONORM_NFC},
		{"NFD", KONORM_NFD},
		{"NFKC", KONORM_NFKC},
		{"NFKD", KONORM_NFKD},
	};
	const char *s = PyUnicode_Check(form) ? PyUnicode_AsUTF8(form) : NULL;
	return lookup_name(forms, sizeof(forms) / sizeof(forms[0]), s, flags,
	                   "form must be 'NFC', 'NFD', 'NFKC' or 'NFKD'");
}

static PyObject *
py_normalize(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "form", "compose_jamo", "replace",
	                        NULL};
	PyObject *text = NULL, *form = NULL;
	int compose_jamo = 0, replace = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|U$pp", names, &text,
	                                 &form, &compose_jamo, &replace)) {
		return NULL;
	}
	uint32_t flags = 0;
	if (form != NULL && !parse_form(form, &flags)) {
		return NULL;
	}
	flags |= compose_jamo ? KONORM_COMPOSE_JAMO : 0;
	flags |= replace ? KONORM_REPLACE : 0;
	return run_oneshot(module, konorm_normalize, text, flags);
}

static PyObject *
py_is_normalized(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "form", "compose_jamo", NULL};
	PyObject *text = NULL, *form = NULL;
	int compose_jamo = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|U$p", names, &text,
	                                 &form, &compose_jamo)) {
		return NULL;
	}
	uint32_t flags = compose_jamo ? KONORM_COMPOSE_JAMO : 0;
	if (form != NULL && !parse_form(form, &flags)) {
		return NULL;
	}
	struct text_arg t;
	if (!text_get(text, &t)) {
		return NULL;
	}
	struct konorm_result r;
	Py_BEGIN_ALLOW_THREADS
	r = konorm_normalize_check(t.p, t.len, flags);
	Py_END_ALLOW_THREADS
	text_done(&t);
	if (r.status == KONORM_OK || r.status == KONORM_MORE) {
		return PyBool_FromLong(r.status == KONORM_OK);
	}
	return raise_status(module, r.status, r.offset,
	                    is_input_error(r.status));
}

static PyObject *
py_jamo_compose(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "replace", NULL};
	PyObject *text = NULL;
	int replace = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$p", names, &text,
	                                 &replace)) {
		return NULL;
	}
	return run_oneshot(module, konorm_jamo_compose, text,
	                   replace ? KONORM_REPLACE : 0);
}

static PyObject *
py_keyboard(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "to", "replace", NULL};
	PyObject *text = NULL;
	const char *to = "hangul";
	int replace = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$sp", names, &text, &to,
	                                 &replace)) {
		return NULL;
	}
	uint32_t flags = 0;
	if (strcmp(to, "hangul") == 0) {
		flags = KONORM_KEYBOARD_TO_HANGUL;
	} else if (strcmp(to, "qwerty") == 0) {
		flags = KONORM_KEYBOARD_TO_QWERTY;
	} else {
		PyErr_SetString(PyExc_ValueError,
		                "to must be 'hangul' or 'qwerty'");
		return NULL;
	}
	flags |= replace ? KONORM_REPLACE : 0;
	return run_oneshot(module, konorm_keyboard, text, flags);
}

/* ---- romanize ------------------------------------------------------------ */

static PyObject *
py_romanize(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "system", "proper", "place", "name",
	                        "hyphen", "name_hyphen", "popular_surname",
	                        "ascii", "reverse", "number_reading", NULL};
	static const struct name_bits systems[] = {
		{"rr", KONORM_ROMAN_RR},
		{"rr-translit", KONORM_ROMAN_RR_TRANSLIT},
		{"mr", KONORM_ROMAN_MR},
		{"yale", KONORM_ROMAN_YALE},
	};
	PyObject *text = NULL;
	const char *system = "rr";
	int proper = 0, place = 0, name = 0, hyphen = 0, name_hyphen = 0;
	int popular = 0, ascii = 0, reverse = 0, number_reading = 1;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|s$ppppppppp", names,
	                                 &text, &system, &proper, &place,
	                                 &name, &hyphen, &name_hyphen,
	                                 &popular, &ascii, &reverse,
	                                 &number_reading)) {
		return NULL;
	}
	uint32_t flags = 0;
	if (!lookup_name(systems, sizeof(systems) / sizeof(systems[0]), system,
	                 &flags,
	                 "system must be 'rr', 'rr-translit', 'mr' or 'yale'")) {
		return NULL;
	}
	flags |= proper ? KONORM_ROMAN_PROPER : 0;
	flags |= place ? KONORM_ROMAN_PLACE : 0;
	flags |= name ? KONORM_ROMAN_NAME : 0;
	flags |= hyphen ? KONORM_ROMAN_HYPHEN_AMBIGUOUS : 0;
	flags |= name_hyphen ? KONORM_ROMAN_NAME_HYPHEN : 0;
	flags |= popular ? KONORM_ROMAN_SURNAME_POPULAR : 0;
	flags |= ascii ? KONORM_ROMAN_ASCII : 0;
	flags |= reverse ? KONORM_ROMAN_REVERSE : 0;
	flags |= number_reading ? 0 : KONORM_ROMAN_NO_NUMBER_READING;
	return run_oneshot(module, konorm_romanize, text, flags);
}

/* ---- fix ----------------------------------------------------------------- */

/* A repair or finding copied out of the library while the GIL is
 * released; turned into a dict afterwards. */
struct record {
	uint64_t start, end;
	const char *kind; /* static in the library */
	int flag;         /* repaired / removable */
	unsigned layers;
	char *text; /* before (repair) or span (finding) */
	size_t text_len;
	char *alt; /* after (repair) or suggestion (finding), may be NULL */
	size_t alt_len;
	/* findings only */
	uint64_t line, column, remove_start, remove_end;
	const char *script;
	double score;
	char *reason;
	uint32_t codepoint;
};

struct records {
	struct record *v;
	size_t n, cap;
	bool oom;
};

static char *
copy_bytes(const char *p, size_t n, bool *oom)
{
	if (p == NULL) {
		return NULL;
	}
	char *q = malloc(n + 1);
	if (q == NULL) {
		*oom = true;
		return NULL;
	}
	memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

static struct record *
records_add(struct records *rs)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		struct record *v = realloc(rs->v, cap * sizeof(*v));
		if (v == NULL) {
			rs->oom = true;
			return NULL;
		}
		rs->v = v;
		rs->cap = cap;
	}
	struct record *r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void
records_free(struct records *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].text);
		free(rs->v[i].alt);
		free(rs->v[i].reason);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

static void
collect_repair(void *ctx, const struct konorm_repair *rp)
{
	struct records *rs = ctx;
	struct record *r = records_add(rs);
	if (r == NULL) {
		return;
	}
	r->start = rp->start;
	r->end = rp->end;
	r->kind = rp->kind;
	r->flag = rp->repaired;
	r->layers = rp->layers;
	r->text = copy_bytes(rp->before, rp->before_len, &rs->oom);
	r->text_len = rp->before_len;
	r->alt = copy_bytes(rp->after, rp->after_len, &rs->oom);
	r->alt_len = rp->after_len;
}

/* Builds a dict from "key", object pairs, stealing the references; NULL
 * (with the exception set) if any value is NULL. */
static PyObject *
dict_steal(size_t n, const char *const *keys, PyObject **values)
{
	PyObject *d = PyDict_New();
	bool ok = d != NULL;
	for (size_t i = 0; i < n; i++) {
		ok = ok && values[i] != NULL &&
		     PyDict_SetItemString(d, keys[i], values[i]) == 0;
		Py_XDECREF(values[i]);
	}
	if (!ok) {
		Py_XDECREF(d);
		return NULL;
	}
	return d;
}

/* Text pieces of a record in the caller's type; None for NULL. */
static PyObject *
piece(const struct text_arg *t, const char *p, size_t n)
{
	if (p == NULL) {
		Py_RETURN_NONE;
	}
	return text_result(t, p, n);
}

static PyObject *
repair_dict(const struct text_arg *t, const struct record *r)
{
	static const char *const keys[] = {"start",    "end",    "kind",
	                                   "repaired", "layers", "before",
	                                   "after"};
	PyObject *v[] = {
		PyLong_FromUnsignedLongLong(r->start),
		PyLong_FromUnsignedLongLong(r->end),
		PyUnicode_FromString(r->kind),
		PyBool_FromLong(r->flag),
		PyLong_FromUnsignedLong(r->layers),
		piece(t, r->text, r->text_len),
		piece(t, r->alt, r->alt_len),
	};
	return dict_steal(sizeof(v) / sizeof(v[0]), keys, v);
}

/* A list of dicts made by make() from the records. */
static PyObject *
records_list(const struct text_arg *t, const struct records *rs,
             PyObject *(*make)(const struct text_arg *,
                               const struct record *))
{
	PyObject *list = PyList_New((Py_ssize_t)rs->n);
	if (list == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < rs->n; i++) {
		PyObject *d = make(t, &rs->v[i]);
		if (d == NULL) {
			Py_DECREF(list);
			return NULL;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, d);
	}
	return list;
}

static PyObject *
py_fix(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "normalize", "replace", "report",
	                        NULL};
	PyObject *text = NULL;
	int normalize = 1, replace = 0, report = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$ppp", names, &text,
	                                 &normalize, &replace, &report)) {
		return NULL;
	}
	uint32_t flags = (normalize ? 0 : KONORM_FIX_NO_NORMALIZE) |
	                 (replace ? KONORM_REPLACE : 0);
	if (!report) {
		return run_oneshot(module, konorm_fix, text, flags);
	}
	struct text_arg t;
	if (!text_get(text, &t)) {
		return NULL;
	}
	struct records rs = {0};
	struct konorm_result r;
	size_t cap = t.len + t.len / 2 + 16;
	char *buf = malloc(cap);
	if (buf == NULL) {
		text_done(&t);
		return PyErr_NoMemory();
	}
	Py_BEGIN_ALLOW_THREADS
	r = konorm_fix_report(t.p, t.len, buf, cap, flags, collect_repair,
	                      &rs);
	if (r.status == KONORM_EBUFSIZE) {
		char *q = realloc(buf, r.needed);
		if (q != NULL) {
			buf = q;
			cap = r.needed;
			/* The repairs come again with the full run. */
			records_free(&rs);
			r = konorm_fix_report(t.p, t.len, buf, cap, flags,
			                      collect_repair, &rs);
		} else {
			r.status = KONORM_ENOMEM;
		}
	}
	Py_END_ALLOW_THREADS
	PyObject *res = NULL;
	if (rs.oom || r.status == KONORM_ENOMEM) {
		PyErr_NoMemory();
	} else if (r.status != KONORM_OK) {
		raise_status(module, r.status, r.offset,
		             is_input_error(r.status));
	} else {
		PyObject *out = text_result(&t, buf, r.needed);
		PyObject *list = out ? records_list(&t, &rs, repair_dict)
		                     : NULL;
		if (list != NULL) {
			res = PyTuple_Pack(2, out, list);
		}
		Py_XDECREF(out);
		Py_XDECREF(list);
	}
	records_free(&rs);
	free(buf);
	text_done(&t);
	return res;
}

/* ---- scan ---------------------------------------------------------------- */

static int
collect_finding(void *ctx, const struct konorm_finding *f)
{
	struct records *rs = ctx;
	struct record *r = records_add(rs);
	if (r == NULL) {
		return 1; /* stop: out of memory */
	}
	r->start = f->start;
	r->end = f->end;
	r->kind = konorm_scan_kind_name(f->kind);
	r->flag = f->removable;
	r->text = copy_bytes(f->text, f->text_len, &rs->oom);
	r->text_len = f->text_len;
	r->alt = copy_bytes(f->suggestion, f->suggestion_len, &rs->oom);
	r->alt_len = f->suggestion_len;
	r->line = f->line;
	r->column = f->column;
	r->remove_start = f->remove_start;
	r->remove_end = f->remove_end;
	r->script = f->script;
	r->score = f->score;
	r->reason = copy_bytes(f->reason,
	                       f->reason ? strlen(f->reason) : 0, &rs->oom);
	r->codepoint = f->codepoint;
	return rs->oom;
}

static PyObject *
finding_dict(const struct text_arg *t, const struct record *r)
{
	static const char *const keys[] = {
		"kind",   "start",     "end",        "line",
		"column", "script",    "score",      "reason",
		"text",   "suggestion", "codepoint", "removable",
		"remove_start", "remove_end"};
	PyObject *cp = NULL;
	if (r->codepoint != 0) {
		cp = PyUnicode_FromFormat("U+%04X", (unsigned)r->codepoint);
	} else {
		cp = Py_NewRef(Py_None);
	}
	PyObject *v[] = {
		PyUnicode_FromString(r->kind),
		PyLong_FromUnsignedLongLong(r->start),
		PyLong_FromUnsignedLongLong(r->end),
		PyLong_FromUnsignedLongLong(r->line),
		PyLong_FromUnsignedLongLong(r->column),
		PyUnicode_FromString(r->script ? r->script : "Unknown"),
		PyFloat_FromDouble(r->score),
		PyUnicode_FromString(r->reason ? r->reason : ""),
		piece(t, r->text, r->text_len),
		piece(t, r->alt, r->alt_len),
		cp,
		PyBool_FromLong(r->flag),
		PyLong_FromUnsignedLongLong(r->remove_start),
		PyLong_FromUnsignedLongLong(r->remove_end),
	};
	return dict_steal(sizeof(v) / sizeof(v[0]), keys, v);
}

/* kinds: None (all) or an iterable of kind names; sensitivity 0-9. */
static bool
scan_flags(PyObject *kinds, int sensitivity, int bom, uint32_t *flags)
{
	*flags = 0;
	if (sensitivity < 0 || sensitivity > 9) {
		PyErr_SetString(PyExc_ValueError,
		                "sensitivity must be 1-9 (0: the default)");
		return false;
	}
	*flags |= KONORM_SCAN_SENSITIVITY((unsigned)sensitivity);
	*flags |= bom ? KONORM_SCAN_FLAG_BOM : 0;
	if (kinds == NULL || kinds == Py_None) {
		return true;
	}
	if (PyUnicode_Check(kinds)) {
		PyErr_SetString(PyExc_TypeError,
		                "kinds must be a list of names, not a str");
		return false;
	}
	PyObject *it = PyObject_GetIter(kinds);
	if (it == NULL) {
		return false;
	}
	PyObject *item;
	bool ok = true;
	while (ok && (item = PyIter_Next(it)) != NULL) {
		Py_ssize_t n = 0;
		const char *s = PyUnicode_Check(item)
		                        ? PyUnicode_AsUTF8AndSize(item, &n)
		                        : NULL;
		int k = s ? konorm_scan_kind_from_name(s, (size_t)n) : -1;
		if (k < 0) {
			PyErr_Format(PyExc_ValueError,
			             "unknown scan kind %R", item);
			ok = false;
		} else {
			*flags |= KONORM_SCAN_KIND((unsigned)k);
		}
		Py_DECREF(item);
	}
	Py_DECREF(it);
	return ok && !PyErr_Occurred();
}

static PyObject *
py_scan(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "kinds", "sensitivity", "bom", NULL};
	PyObject *text = NULL, *kinds = NULL;
	int sensitivity = 0, bom = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$Oip", names, &text,
	                                 &kinds, &sensitivity, &bom)) {
		return NULL;
	}
	uint32_t flags;
	if (!scan_flags(kinds, sensitivity, bom, &flags)) {
		return NULL;
	}
	struct text_arg t;
	if (!text_get(text, &t)) {
		return NULL;
	}
	struct records rs = {0};
	enum konorm_status st;
	size_t offset = 0;
	Py_BEGIN_ALLOW_THREADS
	st = konorm_scan(t.p, t.len, flags, collect_finding, &rs, &offset);
	Py_END_ALLOW_THREADS
	PyObject *res = NULL;
	if (rs.oom || st == KONORM_ENOMEM) {
		PyErr_NoMemory();
	} else if (st != KONORM_OK) {
		raise_status(module, st, offset, is_input_error(st));
	} else {
		res = records_list(&t, &rs, finding_dict);
	}
	records_free(&rs);
	text_done(&t);
	return res;
}

static PyObject *
py_scan_clean(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"text", "kinds", "sensitivity", NULL};
	PyObject *text = NULL, *kinds = NULL;
	int sensitivity = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$Oi", names, &text,
	                                 &kinds, &sensitivity)) {
		return NULL;
	}
	uint32_t flags;
	if (!scan_flags(kinds, sensitivity, 0, &flags)) {
		return NULL;
	}
	return run_oneshot(module, konorm_scan_clean, text, flags);
}

/* ---- detect, convert, decode --------------------------------------------- */

static PyObject *
candidate_dict(const struct konorm_candidate *c)
{
	static const char *const keys[] = {"encoding", "confidence",
	                                   "bom_len", "language"};
	PyObject *v[] = {
		PyUnicode_FromString(konorm_encoding_name(c->encoding)),
		PyFloat_FromDouble(c->confidence),
		PyLong_FromSize_t(c->bom_len),
		PyUnicode_FromString(c->language ? c->language : ""),
	};
	return dict_steal(sizeof(v) / sizeof(v[0]), keys, v);
}

static bool
lookup_encoding(const char *name, enum konorm_encoding *enc)
{
	*enc = konorm_encoding_lookup(name, strlen(name));
	if (*enc == KONORM_ENC_UNKNOWN) {
		PyErr_Format(PyExc_LookupError, "unknown encoding: %s", name);
		return false;
	}
	return true;
}

/* Runs a detector over the bytes; the caller frees it. */
static struct konorm_detector *
detect_bytes(PyObject *module, const struct text_arg *t, int prefix,
             const char *language, const char *prefer)
{
	struct konorm_detector *d =
		konorm_detector_new(prefix ? KONORM_DETECT_PREFIX : 0);
	if (d == NULL) {
		PyErr_NoMemory();
		return NULL;
	}
	enum konorm_encoding enc;
	if (prefer != NULL && (!lookup_encoding(prefer, &enc) ||
	                       konorm_detector_prefer(d, enc) != KONORM_OK)) {
		konorm_detector_free(d);
		return NULL;
	}
	if (language != NULL &&
	    konorm_detector_set_language(d, language) != KONORM_OK) {
		konorm_detector_free(d);
		PyErr_Format(PyExc_ValueError, "unknown language: %s",
		             language);
		return NULL;
	}
	enum konorm_status st;
	Py_BEGIN_ALLOW_THREADS
	st = konorm_detector_feed(d, t->p, t->len);
	if (st >= 0) {
		st = konorm_detector_finish(d);
	}
	Py_END_ALLOW_THREADS
	if (st < 0) {
		konorm_detector_free(d);
		raise_status(module, st, 0, false);
		return NULL;
	}
	return d;
}

static PyObject *
py_detect(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"data", "all", "prefix", "language", "prefer",
	                        NULL};
	PyObject *data = NULL;
	int all = 0, prefix = 0;
	const char *language = NULL, *prefer = NULL;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$ppzz", names, &data,
	                                 &all, &prefix, &language, &prefer)) {
		return NULL;
	}
	if (PyUnicode_Check(data)) {
		PyErr_SetString(PyExc_TypeError,
		                "detect() takes bytes, not str");
		return NULL;
	}
	struct text_arg t;
	if (!text_get(data, &t)) {
		return NULL;
	}
	struct konorm_detector *d =
		detect_bytes(module, &t, prefix, language, prefer);
	text_done(&t);
	if (d == NULL) {
		return NULL;
	}
	struct konorm_candidate c[KONORM_ENC_COUNT];
	size_t n = konorm_detector_result(d, c, KONORM_ENC_COUNT);
	konorm_detector_free(d);
	if (!all) {
		if (n == 0) {
			Py_RETURN_NONE;
		}
		return candidate_dict(&c[0]);
	}
	PyObject *list = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; list != NULL && i < n; i++) {
		PyObject *item = candidate_dict(&c[i]);
		if (item == NULL) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, item);
	}
	return list;
}

/* Converts all of t with a converter, the GIL released; NULL with an
 * exception set on failure. */
static PyObject *
convert_all(PyObject *module, struct konorm_converter *c,
            const struct text_arg *t)
{
	size_t cap = t->len * 2 + 64, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		return PyErr_NoMemory();
	}
	struct konorm_in in = {t->p, t->len, 0};
	enum konorm_status st = KONORM_OK;
	bool finishing = false;
	Py_BEGIN_ALLOW_THREADS
	for (;;) {
		struct konorm_out out = {buf, cap, len};
		st = finishing ? konorm_converter_finish(c, &out)
		               : konorm_converter_feed(c, &in, &out);
		len = out.pos;
		if (st == KONORM_EBUFSIZE) {
			char *q = realloc(buf, cap * 2);
			if (q == NULL) {
				st = KONORM_ENOMEM;
				break;
			}
			buf = q;
			cap *= 2;
			continue;
		}
		if (st != KONORM_OK || finishing) {
			break;
		}
		finishing = true;
	}
	Py_END_ALLOW_THREADS
	PyObject *res = NULL;
	if (st == KONORM_OK) {
		res = PyBytes_FromStringAndSize(buf, (Py_ssize_t)len);
	} else if (st == KONORM_ENOMEM) {
		PyErr_NoMemory();
	} else {
		raise_status(module, st, (size_t)konorm_converter_offset(c),
		             is_input_error(st));
	}
	free(buf);
	return res;
}

static bool
parse_errors(const char *errors, uint32_t *flags)
{
	static const struct name_bits modes[] = {
		{"strict", 0},
		{"skip", KONORM_CONVERT_SKIP},
		{"ignore", KONORM_CONVERT_SKIP},
		{"replace", KONORM_CONVERT_REPLACE},
	};
	return lookup_name(modes, sizeof(modes) / sizeof(modes[0]), errors,
	                   flags,
	                   "errors must be 'strict', 'skip' or 'replace'");
}

static PyObject *
py_convert(PyObject *module, PyObject *args, PyObject *kw)
{
	static char *names[] = {"data", "source", "target", "errors",
	                        "keep_bom", "won_sign", NULL};
	PyObject *data = NULL;
	const char *source = NULL, *target = "UTF-8", *errors = "strict";
	int keep_bom = 0, won_sign = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "Oz|s$spp", names, &data,
	                                 &source, &target, &errors, &keep_bom,
	                                 &won_sign)) {
		return NULL;
	}
	if (PyUnicode_Check(data)) {
		PyErr_SetString(PyExc_TypeError,
		                "convert() takes bytes, not str");
		return NULL;
	}
	uint32_t flags = (keep_bom ? KONORM_CONVERT_KEEP_BOM : 0) |
	                 (won_sign ? KONORM_CONVERT_WON_SIGN : 0);
	enum konorm_encoding to;
	if (!parse_errors(errors, &flags) || !lookup_encoding(target, &to)) {
		return NULL;
	}
	struct text_arg t;
	if (!text_get(data, &t)) {
		return NULL;
	}
	enum konorm_encoding from = KONORM_ENC_UNKNOWN;
	if (source != NULL) {
		if (!lookup_encoding(source, &from)) {
			text_done(&t);
			return NULL;
		}
	} else {
		/* None: the detected encoding, as `konorm convert` does. */
		struct konorm_detector *d =
			detect_bytes(module, &t, 0, NULL, NULL);
		struct konorm_candidate best;
		if (d == NULL) {
			text_done(&t);
			return NULL;
		}
		if (konorm_detector_result(d, &best, 1) >= 1) {
			from = best.encoding;
		}
		konorm_detector_free(d);
		if (from == KONORM_ENC_UNKNOWN) {
			text_done(&t);
			return raise_status(module, KONORM_EILSEQ, 0, false);
		}
	}
	struct konorm_converter *c = konorm_converter_new(from, to, flags);
	PyObject *res = NULL;
	if (c == NULL) {
		PyErr_Format(PyExc_LookupError, "cannot convert %s to %s",
		             konorm_encoding_name(from),
		             konorm_encoding_name(to));
	} else {
		res = convert_all(module, c, &t);
	}
	konorm_converter_free(c);
	text_done(&t);
	return res;
}

/* ---- Normalizer: the streaming handle ----------------------------------- */

/* konorm.Normalizer(form='NFC', *, compose_jamo=False, replace=False):
 * feed(bytes) -> bytes and finish() -> bytes, in bounded memory.  The
 * lock keeps two threads from using the handle at once while the GIL is
 * released (the library allows one thread per handle). */
struct normalizer_object {
	PyObject_HEAD
	struct konorm_normalizer *n;
	PyThread_type_lock lock;
	bool finished;
};

static PyObject *
normalizer_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
	static char *names[] = {"form", "compose_jamo", "replace", NULL};
	PyObject *form = NULL;
	int compose_jamo = 0, replace = 0;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "|U$pp", names, &form,
	                                 &compose_jamo, &replace)) {
		return NULL;
	}
	uint32_t flags = (compose_jamo ? KONORM_COMPOSE_JAMO : 0) |
	                 (replace ? KONORM_REPLACE : 0);
	if (form != NULL && !parse_form(form, &flags)) {
		return NULL;
	}
	struct normalizer_object *self =
		(struct normalizer_object *)type->tp_alloc(type, 0);
	if (self == NULL) {
		return NULL;
	}
	self->n = konorm_normalizer_new(flags);
	self->lock = PyThread_allocate_lock();
	if (self->n == NULL || self->lock == NULL) {
		Py_DECREF(self);
		return PyErr_NoMemory();
	}
	return (PyObject *)self;
}

static void
normalizer_dealloc(struct normalizer_object *self)
{
	PyTypeObject *type = Py_TYPE(self);
	konorm_normalizer_free(self->n);
	if (self->lock != NULL) {
		PyThread_free_lock(self->lock);
	}
	type->tp_free((PyObject *)self);
	Py_DECREF(type);
}

/* Feeds in (or finishes, when in is NULL) without the GIL, growing the
 * output until the handle has written everything. */
static PyObject *
normalizer_run(struct normalizer_object *self, const Py_buffer *view)
{
	if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
		PyErr_SetString(PyExc_RuntimeError,
		                "Normalizer used by two threads at once");
		return NULL;
	}
	struct konorm_in in = {view ? view->buf : NULL,
	                       view ? (size_t)view->len : 0, 0};
	size_t cap = in.size + in.size / 2 + 64, len = 0;
	char *buf = malloc(cap);
	enum konorm_status st = buf ? KONORM_OK : KONORM_ENOMEM;
	Py_BEGIN_ALLOW_THREADS
	while (buf != NULL) {
		struct konorm_out out = {buf, cap, len};
		st = view ? konorm_normalizer_feed(self->n, &in, &out)
		          : konorm_normalizer_finish(self->n, &out);
		len = out.pos;
		if (st != KONORM_EBUFSIZE) {
			break;
		}
		char *q = realloc(buf, cap * 2);
		if (q == NULL) {
			st = KONORM_ENOMEM;
			break;
		}
		buf = q;
		cap *= 2;
	}
	Py_END_ALLOW_THREADS
	PyThread_release_lock(self->lock);
	PyObject *res = NULL;
	if (st == KONORM_OK) {
		res = PyBytes_FromStringAndSize(buf, (Py_ssize_t)len);
	} else if (st == KONORM_ENOMEM) {
		PyErr_NoMemory();
	} else {
		/* The type was made from the module (PEP 573). */
		PyObject *module = PyType_GetModule(Py_TYPE(self));
		if (module != NULL) {
			raise_status(module, st,
			             (size_t)konorm_normalizer_offset(self->n),
			             is_input_error(st));
		}
	}
	free(buf);
	return res;
}

static PyObject *
normalizer_feed(struct normalizer_object *self, PyObject *data)
{
	if (self->finished) {
		PyErr_SetString(PyExc_ValueError,
		                "feed() after finish(); call reset()");
		return NULL;
	}
	Py_buffer view;
	if (PyUnicode_Check(data) ||
	    PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) != 0) {
		PyErr_Clear();
		PyErr_SetString(PyExc_TypeError,
		                "feed() takes a bytes-like object");
		return NULL;
	}
	PyObject *res = normalizer_run(self, &view);
	PyBuffer_Release(&view);
	return res;
}

static PyObject *
normalizer_finish(struct normalizer_object *self, PyObject *unused)
{
	(void)unused;
	if (self->finished) {
		return PyBytes_FromStringAndSize("", 0);
	}
	self->finished = true;
	return normalizer_run(self, NULL);
}

static PyObject *
normalizer_reset(struct normalizer_object *self, PyObject *unused)
{
	(void)unused;
	if (!PyThread_acquire_lock(self->lock, NOWAIT_LOCK)) {
		PyErr_SetString(PyExc_RuntimeError,
		                "Normalizer used by two threads at once");
		return NULL;
	}
	konorm_normalizer_reset(self->n);
	self->finished = false;
	PyThread_release_lock(self->lock);
	Py_RETURN_NONE;
}

static PyObject *
normalizer_get_offset(struct normalizer_object *self, void *closure)
{
	(void)closure;
	return PyLong_FromUnsignedLongLong(
		konorm_normalizer_offset(self->n));
}

static PyObject *
normalizer_get_replaced(struct normalizer_object *self, void *closure)
{
	(void)closure;
	return PyLong_FromUnsignedLongLong(
		konorm_normalizer_replaced(self->n));
}

static PyMethodDef normalizer_methods[] = {
	{"feed", (PyCFunction)(void (*)(void))normalizer_feed, METH_O,
	 "feed(data) -> bytes: normalizes what it can of the bytes; a\n"
	 "sequence cut at the end is held back for the next call."},
	{"finish", (PyCFunction)(void (*)(void))normalizer_finish,
	 METH_NOARGS, "finish() -> bytes: flushes what is held back."},
	{"reset", (PyCFunction)(void (*)(void))normalizer_reset, METH_NOARGS,
	 "reset(): forgets the stream; the next byte is offset 0."},
	{NULL, NULL, 0, NULL},
};

static PyGetSetDef normalizer_getset[] = {
	{"offset", (getter)(void (*)(void))normalizer_get_offset, NULL,
	 "bytes consumed so far, or the offset of the error", NULL},
	{"replaced", (getter)(void (*)(void))normalizer_get_replaced, NULL,
	 "U+FFFD substituted so far (replace=True)", NULL},
	{NULL, NULL, NULL, NULL, NULL},
};

/* Slots store functions as void * (PEP 384): see the note at `slots`. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
static PyType_Slot normalizer_slots[] = {
	{Py_tp_new, (void *)normalizer_new},
	{Py_tp_dealloc, (void *)normalizer_dealloc},
	{Py_tp_methods, normalizer_methods},
	{Py_tp_getset, normalizer_getset},
	{Py_tp_doc,
	 "Normalizer(form='NFC', *, compose_jamo=False, replace=False)\n"
	 "--\n\n"
	 "Streaming normalization of UTF-8 bytes in bounded memory: the\n"
	 "output is the same however the input is cut into chunks.  Errors\n"
	 "raise konorm.Error with the absolute stream offset."},
	{0, NULL},
};
#pragma GCC diagnostic pop

static PyType_Spec normalizer_spec = {
	.name = "konorm.Normalizer",
	.basicsize = sizeof(struct normalizer_object),
	.flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
	.slots = normalizer_slots,
};

/* ---- Module -------------------------------------------------------------- */

static PyMethodDef methods[] = {
	{"normalize", (PyCFunction)(void (*)(void))py_normalize,
	 METH_VARARGS | METH_KEYWORDS,
	 "normalize(text, form='NFC', *, compose_jamo=False, replace=False)\n"
	 "--\n\n"
	 "Unicode normalization (UAX #15, Unicode 15.0); compose_jamo also\n"
	 "composes compatibility-jamo runs that spell syllables; replace\n"
	 "turns ill-formed UTF-8 bytes into U+FFFD."},
	{"is_normalized", (PyCFunction)(void (*)(void))py_is_normalized,
	 METH_VARARGS | METH_KEYWORDS,
	 "is_normalized(text, form='NFC', *, compose_jamo=False)\n--\n\n"
	 "True when text is already in the form."},
	{"jamo_compose", (PyCFunction)(void (*)(void))py_jamo_compose,
	 METH_VARARGS | METH_KEYWORDS,
	 "jamo_compose(text, *, replace=False)\n--\n\n"
	 "Composes runs of compatibility jamo that spell syllables."},
	{"keyboard", (PyCFunction)(void (*)(void))py_keyboard,
	 METH_VARARGS | METH_KEYWORDS,
	 "keyboard(text, *, to='hangul', replace=False)\n--\n\n"
	 "Dubeolsik keys typed in English mode <-> Hangul\n"
	 "(to='hangul' or 'qwerty')."},
	{"romanize", (PyCFunction)(void (*)(void))py_romanize,
	 METH_VARARGS | METH_KEYWORDS,
	 "romanize(text, system='rr', *, proper=False, place=False,\n"
	 "         name=False, hyphen=False, name_hyphen=False,\n"
	 "         popular_surname=False, ascii=False, reverse=False,\n"
	 "         number_reading=True)\n--\n\n"
	 "Korean in Latin letters; system is 'rr', 'rr-translit', 'mr' or\n"
	 "'yale'; reverse (with 'rr-translit') gives the Hangul back;\n"
	 "with place, number_reading writes 2(i)-ga for 2가."},
	{"fix", (PyCFunction)(void (*)(void))py_fix,
	 METH_VARARGS | METH_KEYWORDS,
	 "fix(text, *, normalize=True, replace=False, report=False)\n--\n\n"
	 "Repairs mojibake.  With report=True returns (text, repairs), each\n"
	 "repair a dict: start, end (byte offsets), kind, repaired, layers,\n"
	 "before, after."},
	{"scan", (PyCFunction)(void (*)(void))py_scan,
	 METH_VARARGS | METH_KEYWORDS,
	 "scan(text, *, kinds=None, sensitivity=0, bom=False)\n--\n\n"
	 "Findings as a list of dicts: kind, start, end (UTF-8 byte\n"
	 "offsets), line, column, script, score, reason, text, suggestion,\n"
	 "codepoint, removable, remove_start, remove_end."},
	{"scan_clean", (PyCFunction)(void (*)(void))py_scan_clean,
	 METH_VARARGS | METH_KEYWORDS,
	 "scan_clean(text, *, kinds=None, sensitivity=0)\n--\n\n"
	 "text with every removable finding removed."},
	{"detect", (PyCFunction)(void (*)(void))py_detect,
	 METH_VARARGS | METH_KEYWORDS,
	 "detect(data, *, all=False, prefix=False, language=None,\n"
	 "       prefer=None)\n--\n\n"
	 "The encoding of bytes: a dict (encoding, confidence, bom_len,\n"
	 "language) or None when nothing decodes them; all=True gives every\n"
	 "candidate, best first."},
	{"convert", (PyCFunction)(void (*)(void))py_convert,
	 METH_VARARGS | METH_KEYWORDS,
	 "convert(data, source, target='UTF-8', *, errors='strict',\n"
	 "        keep_bom=False, won_sign=False)\n--\n\n"
	 "Converts bytes between encodings (source None: detected); errors\n"
	 "is 'strict', 'skip' or 'replace'."},
	{NULL, NULL, 0, NULL},
};

static int
module_exec(PyObject *module)
{
	struct module_state *st = state_of(module);
	/* Error(message, status, offset): a ValueError whose attributes
	 * come from its arguments, defined in Python for a plain repr. */
	static const char code[] =
		"class Error(ValueError):\n"
		"    '''A konorm error: .status is the (negative) status\n"
		"    code, .offset the byte offset into the UTF-8 input or\n"
		"    None.'''\n"
		"    def __init__(self, message, status, offset=None):\n"
		"        super().__init__(message, status, offset)\n"
		"        self.message = message\n"
		"        self.status = status\n"
		"        self.offset = offset\n"
		"    def __str__(self):\n"
		"        if self.offset is None:\n"
		"            return self.message\n"
		"        return '%s at byte %d' % (self.message,\n"
		"                                    self.offset)\n";
	PyObject *globals = PyDict_New();
	if (globals == NULL) {
		return -1;
	}
	PyObject *name = PyUnicode_FromString("konorm");
	bool ok = name != NULL &&
	          PyDict_SetItemString(globals, "__builtins__",
	                               PyEval_GetBuiltins()) == 0 &&
	          PyDict_SetItemString(globals, "__name__", name) == 0;
	Py_XDECREF(name);
	if (!ok) {
		Py_DECREF(globals);
		return -1;
	}
	PyObject *r = PyRun_String(code, Py_file_input, globals, globals);
	Py_XDECREF(r);
	st->error = r ? PyDict_GetItemString(globals, "Error") : NULL;
	Py_XINCREF(st->error);
	Py_DECREF(globals);
	if (st->error == NULL || PyModule_AddObjectRef(module, "Error",
	                                               st->error) != 0) {
		return -1;
	}
	PyObject *type = PyType_FromModuleAndSpec(module, &normalizer_spec,
	                                          NULL);
	int added = type ? PyModule_AddObjectRef(module, "Normalizer", type)
	                 : -1;
	Py_XDECREF(type);
	if (added != 0) {
		return -1;
	}
	static const struct {
		const char *name;
		int value;
	} statuses[] = {
		{"EINVAL", KONORM_EINVAL},
		{"ENOMEM", KONORM_ENOMEM},
		{"EBUFSIZE", KONORM_EBUFSIZE},
		{"EINVAL_UTF8", KONORM_EINVAL_UTF8},
		{"ETRUNCATED", KONORM_ETRUNCATED},
		{"ETOOLONG", KONORM_ETOOLONG},
		{"EENCODING", KONORM_EENCODING},
		{"EILSEQ", KONORM_EILSEQ},
		{"EUNMAPPABLE", KONORM_EUNMAPPABLE},
		{"ESTATE", KONORM_ESTATE},
		{"EINTERNAL", KONORM_EINTERNAL},
	};
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (PyModule_AddIntConstant(module, statuses[i].name,
		                            statuses[i].value) != 0) {
			return -1;
		}
	}
	if (PyModule_AddStringConstant(module, "__version__",
	                               konorm_version()) != 0 ||
	    PyModule_AddStringConstant(module, "unicode_version",
	                               konorm_unicode_version()) != 0) {
		return -1;
	}
	return 0;
}

static int
module_traverse(PyObject *module, visitproc visit, void *arg)
{
	Py_VISIT(state_of(module)->error);
	return 0;
}

static int
module_clear(PyObject *module)
{
	Py_CLEAR(state_of(module)->error);
	return 0;
}

/* PEP 489 stores the exec function as a void *: ISO C has no such
 * conversion, but every platform CPython runs on does. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
static PyModuleDef_Slot slots[] = {
	{Py_mod_exec, (void *)module_exec},
	{0, NULL},
};
#pragma GCC diagnostic pop

static struct PyModuleDef moduledef = {
	PyModuleDef_HEAD_INIT,
	.m_name = "konorm",
	.m_doc = "Korean/English text: normalize, jamo and keyboard, detect,\n"
	         "convert, fix mojibake, romanize and scan (libkonorm).",
	.m_size = sizeof(struct module_state),
	.m_methods = methods,
	.m_slots = slots,
	.m_traverse = module_traverse,
	.m_clear = module_clear,
};

PyMODINIT_FUNC
PyInit_konorm(void)
{
	return PyModuleDef_Init(&moduledef);
}
