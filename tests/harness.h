/* SPDX-License-Identifier: MIT */
/*
 * The konorm test harness: suites of table-driven checks.  Every check
 * counts; `konorm-test` ends with "konorm: N passed, N failed".
 */
#ifndef KT_HARNESS_H
#define KT_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kt {
	const char *suite;
	unsigned long passed;
	unsigned long failed;
	bool verbose;
};

/* Records one check; prints file:line and the message when it fails.
 * Returns ok so that callers can stop a loop after a failure. */
bool kt_check_at(struct kt *t, bool ok, const char *file, int line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Compares two byte strings; on failure prints both, as text and hex. */
bool kt_bytes_at(struct kt *t, const void *got, size_t got_len,
                 const void *want, size_t want_len, const char *file,
                 int line, const char *what);

#define KT_CHECK(t, cond, ...) \
	kt_check_at((t), (cond), __FILE__, __LINE__, __VA_ARGS__)
#define KT_BYTES(t, got, got_len, want, want_len, what) \
	kt_bytes_at((t), (got), (got_len), (want), (want_len), __FILE__, \
	            __LINE__, (what))
#define KT_STR(t, got, got_len, want, what) \
	KT_BYTES((t), (got), (got_len), (want), strlen(want), (what))

/* Where the sources and the build tree are (for data files, the CLI). */
const char *kt_source_dir(void);
const char *kt_build_dir(void);
/* Joins a directory and a relative path into a static-lifetime-free
 * malloc'd string; the caller frees. */
char *kt_path(const char *dir, const char *rel);
/* Reads a whole file; NULL (and a failed check) if it cannot. */
char *kt_read_file(struct kt *t, const char *path, size_t *len);

/* Each suite is a function in tests/test_<area>.c. */
void suite_utf8(struct kt *t);
void suite_cli(struct kt *t);
void suite_jamo(struct kt *t);
void suite_keyboard(struct kt *t);
void suite_scan(struct kt *t);
void suite_normalize(struct kt *t);
void suite_romanize(struct kt *t);
void suite_fix(struct kt *t);
void suite_detect(struct kt *t);
void suite_convert(struct kt *t);
void suite_rename(struct kt *t);
void suite_ecosystem(struct kt *t);
/* @@suite-decls@@ */

#endif
