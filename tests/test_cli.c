/* SPDX-License-Identifier: MIT */
/*
 * Golden-file tests of the konorm binary (the PCRE2 testdata idea).  Each
 * case in tests/cli is a set of files sharing a name:
 *   NAME.args    the arguments, one per line (a line may hold spaces)
 *   NAME.in      standard input (optional; empty when absent)
 *   NAME.out     expected standard output
 *   NAME.err     expected standard error (optional; checked when present)
 *   NAME.status  expected exit status (optional; 0 when absent)
 * Arguments may name files as @SRC@/path, replaced by the source dir.
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

struct run {
	char *out;
	size_t out_len;
	char *err;
	size_t err_len;
	int status;
};

static char *
expand(const char *arg)
{
	const char *at = strstr(arg, "@SRC@");
	if (at == NULL) {
		return strdup(arg);
	}
	const char *src = kt_source_dir();
	size_t n = strlen(arg) + strlen(src) + 1;
	char *p = malloc(n);
	snprintf(p, n, "%.*s%s%s", (int)(at - arg), arg, src, at + 5);
	return p;
}

/* Splits the .args file into argv (argv[0] is the binary). */
static char **
read_args(struct kt *t, const char *path, const char *binary)
{
	size_t len = 0;
	char *text = kt_read_file(t, path, &len);
	if (text == NULL) {
		return NULL;
	}
	size_t cap = 8, n = 0;
	char **argv = malloc(cap * sizeof(*argv));
	argv[n++] = strdup(binary);
	for (char *line = strtok(text, "\n"); line != NULL;
	     line = strtok(NULL, "\n")) {
		if (n + 2 > cap) {
			cap *= 2;
			argv = realloc(argv, cap * sizeof(*argv));
		}
		argv[n++] = expand(line);
	}
	argv[n] = NULL;
	free(text);
	return argv;
}

static void
drain(int fd, char **buf, size_t *len)
{
	size_t cap = 4096;
	*buf = malloc(cap);
	*len = 0;
	for (;;) {
		if (*len == cap) {
			cap *= 2;
			*buf = realloc(*buf, cap);
		}
		ssize_t r = read(fd, *buf + *len, cap - *len);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			break;
		}
		*len += (size_t)r;
	}
}

/* Runs argv with stdin from in_path (or /dev/null); stdout and stderr go
 * to temporary files so that neither pipe can block the other. */
static bool
run_binary(char **argv, const char *in_path, struct run *r)
{
	FILE *out = tmpfile(), *err = tmpfile();
	if (out == NULL || err == NULL) {
		return false;
	}
	pid_t pid = fork();
	if (pid == 0) {
		int in = open(in_path != NULL ? in_path : "/dev/null",
		              O_RDONLY);
		if (in < 0) {
			in = open("/dev/null", O_RDONLY);
		}
		dup2(in, 0);
		dup2(fileno(out), 1);
		dup2(fileno(err), 2);
		execv(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	rewind(out);
	rewind(err);
	drain(fileno(out), &r->out, &r->out_len);
	drain(fileno(err), &r->err, &r->err_len);
	fclose(out);
	fclose(err);
	return true;
}

static char *
case_file(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + strlen(name) + strlen(ext) + 3;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s.%s", dir, name, ext);
	return p;
}

static void
run_case(struct kt *t, const char *dir, const char *name, const char *bin)
{
	char *args = case_file(dir, name, "args");
	char *in = case_file(dir, name, "in");
	char *out = case_file(dir, name, "out");
	char *err = case_file(dir, name, "err");
	char *status = case_file(dir, name, "status");
	char **argv = read_args(t, args, bin);
	struct run r = {0};
	if (argv != NULL && KT_CHECK(t, run_binary(argv, in, &r),
	                             "%s: cannot run %s", name, bin)) {
		int want_status = 0;
		if (access(status, R_OK) == 0) {
			size_t n;
			char *s = kt_read_file(t, status, &n);
			want_status = s != NULL ? atoi(s) : -1;
			free(s);
		}
		KT_CHECK(t, r.status == want_status,
		         "%s: exit status %d, want %d (stderr: %.*s)", name,
		         r.status, want_status, (int)r.err_len, r.err);
		size_t n;
		char *want = kt_read_file(t, out, &n);
		if (want != NULL) {
			char what[300];
			snprintf(what, sizeof(what), "%s: stdout", name);
			KT_BYTES(t, r.out, r.out_len, want, n, what);
			free(want);
		}
		if (access(err, R_OK) == 0) {
			want = kt_read_file(t, err, &n);
			char what[300];
			snprintf(what, sizeof(what), "%s: stderr", name);
			KT_BYTES(t, r.err, r.err_len, want, n, what);
			free(want);
		}
	}
	if (argv != NULL) {
		for (char **a = argv; *a != NULL; a++) {
			free(*a);
		}
		free(argv);
	}
	free(r.out);
	free(r.err);
	free(args);
	free(in);
	free(out);
	free(err);
	free(status);
}

/*
 * Streams `bytes` bytes of realistic mixed text through `konorm ARGS` and
 * returns the child's peak resident set in KiB (-1 on failure).
 */
static long
peak_rss_kib(char **argv, uint64_t bytes)
{
	int pipefd[2];
	if (pipe(pipefd) != 0) {
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(pipefd[1]);
		dup2(pipefd[0], 0);
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pipefd[0]);
	static const char text[] =
	        "The minister said \xed\x95\x9c\xea\xb8\x80 (Hangeul) is "
	        "taught; \xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab "
	        "cafe\xcc\x81 \xef\xac\x81 dkssudgktpdy "
	        "\xec\x84\x9c\xec\x9a\xb8 \xe3\x85\x8b\xe3\x85\x8b\n";
	char block[65536];
	size_t fill = 0;
	while (fill + sizeof(text) - 1 <= sizeof(block)) {
		memcpy(block + fill, text, sizeof(text) - 1);
		fill += sizeof(text) - 1;
	}
	for (uint64_t sent = 0; sent < bytes; sent += fill) {
		if (write(pipefd[1], block, fill) != (ssize_t)fill) {
			break;
		}
	}
	close(pipefd[1]);
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st)) {
		return -1;
	}
	return ru.ru_maxrss;
}

/* Memory is bounded on streams: 16 times more input must not grow the
 * process (compared with itself, so that sanitizer builds pass too). */
static void
check_stream_memory(struct kt *t, const char *bin)
{
	static const char *const commands[][4] = {
		{"normalize", NULL},
		{"normalize", "--form", "nfkc", NULL},
		{"normalize", "--compose-jamo", NULL},
		{"keyboard", NULL},
		{"normalize", "--jobs", "2", NULL},
		/* @@stream-memory@@ */
	};
	uint64_t small = 8u << 20, large = 128u << 20;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		char *argv[6] = {(char *)bin};
		for (int k = 0; k < 4 && commands[i][k] != NULL; k++) {
			argv[k + 1] = (char *)commands[i][k];
		}
		long a = peak_rss_kib(argv, small);
		long b = peak_rss_kib(argv, large);
		KT_CHECK(t, a > 0 && b > 0 && b - a < 4096,
		         "%s %s: peak RSS %ld KiB on 8 MiB, %ld KiB on 128 MiB",
		         commands[i][0], commands[i][1] ? commands[i][1] : "",
		         a, b);
	}
}

/* A reader that goes away (konorm ... | head -1) ends konorm quietly by
 * SIGPIPE, as cat ends; nothing is printed on stderr. */
static void
check_closed_pipe(struct kt *t, const char *bin)
{
	int out[2], err[2], in[2];
	if (pipe(out) != 0 || pipe(err) != 0 || pipe(in) != 0) {
		KT_CHECK(t, false, "pipe");
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		execl(bin, bin, "normalize", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	close(out[0]); /* the reader is gone before anything is written */
	static char block[65536];
	memset(block, 'a', sizeof(block));
	signal(SIGPIPE, SIG_IGN);
	for (int i = 0; i < 64; i++) {
		if (write(in[1], block, sizeof(block)) < 0) {
			break;
		}
	}
	close(in[1]);
	char msg[256];
	ssize_t n = read(err[0], msg, sizeof(msg));
	close(err[0]);
	int st;
	waitpid(pid, &st, 0);
	KT_CHECK(t, WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
	         "closed pipe: ended by SIGPIPE");
	KT_CHECK(t, n == 0, "closed pipe: nothing on stderr");
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
suite_cli(struct kt *t)
{
	char *dir = kt_path(kt_source_dir(), "tests/cli");
	char *bin = getenv("KONORM_CLI") != NULL
	                    ? strdup(getenv("KONORM_CLI"))
	                    : kt_path(kt_build_dir(), "src/cli/konorm");
	DIR *d = opendir(dir);
	if (KT_CHECK(t, d != NULL, "cannot open %s", dir)) {
		char *names[4096];
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL && n < 4096) {
			size_t len = strlen(e->d_name);
			if (len > 5 && strcmp(e->d_name + len - 5, ".args") == 0) {
				names[n++] = strndup(e->d_name, len - 5);
			}
		}
		closedir(d);
		qsort(names, n, sizeof(names[0]), by_name);
		KT_CHECK(t, n > 0, "no golden cases in %s", dir);
		for (size_t i = 0; i < n; i++) {
			run_case(t, dir, names[i], bin);
			free(names[i]);
		}
		check_stream_memory(t, bin);
		check_closed_pipe(t, bin);
	}
	free(dir);
	free(bin);
}
