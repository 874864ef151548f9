/* SPDX-License-Identifier: MIT */
/*
 * The pieces around the tool stay in step with it:
 *  - every command the binary lists, and every option each command's
 *    --help lists, is documented in doc/konorm.1.scd and completed by
 *    completions/konorm.bash and completions/_konorm;
 *  - every function konorm.h declares is in doc/libkonorm.3.scd;
 *  - python/test_konorm.py passes against the built module (when the
 *    build made one), each unittest test counting as one check.
 */
#include "harness.h"

#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs argv (with an optional extra environment entry) and returns its
 * stdout and stderr together; *status gets the exit status. */
static char *
capture(char *const argv[], const char *env, int *status)
{
	int fds[2];
	if (pipe(fds) != 0) {
		return NULL;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		int devnull = open("/dev/null", O_RDONLY);
		dup2(devnull, 0);
		if (env != NULL) {
			putenv((char *)env);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	ssize_t r;
	while ((r = read(fds[0], buf + n, cap - n - 1)) > 0) {
		n += (size_t)r;
		if (cap - n < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	close(fds[0]);
	buf[n] = '\0';
	int st = 0;
	waitpid(pid, &st, 0);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return buf;
}

/* The commands in `konorm --help`: the indented words under
 * "Commands:" up to the blank line. */
static size_t
list_commands(char *help, char **names, size_t cap)
{
	char *p = strstr(help, "Commands:\n");
	size_t n = 0;
	if (p == NULL) {
		return 0;
	}
	p += strlen("Commands:\n");
	while (*p == ' ' && n < cap) {
		while (*p == ' ') {
			p++;
		}
		char *end = p + strcspn(p, " \n");
		names[n++] = strndup(p, (size_t)(end - p));
		p = strchr(end, '\n');
		if (p == NULL) {
			break;
		}
		p++;
	}
	return n;
}

/* Checks each option of a --help text (the words starting with '-' at
 * the start of its option lines) against the man page and completion
 * text. */
static void
check_options(struct kt *t, const char *command, const char *help,
              const char *man, const char *completion, const char *zsh)
{
	const char *p = strstr(help, "Options:\n");
	unsigned found = 0;
	while (p != NULL && (p = strchr(p, '\n')) != NULL) {
		p++;
		const char *q = p;
		while (*q == ' ') {
			q++;
		}
		/* Option lines are indented a little (2 to 6 spaces);
		 * continuation lines, which may start with an option
		 * name, much more. */
		if (q == p || q - p > 8 || *q != '-') {
			continue;
		}
		/* "-f, --form FORM" or "--from=ENC": each option word up to
		 * two spaces. */
		while (*q == '-') {
			size_t len = strcspn(q, " ,=\n");
			char opt[64];
			if (len == 0 || len >= sizeof(opt)) {
				break;
			}
			memcpy(opt, q, len);
			opt[len] = '\0';
			char in_man[80];
			snprintf(in_man, sizeof(in_man), "*%s*", opt);
			KT_CHECK(t, strstr(man, in_man) != NULL,
			         "konorm.1: %s: option %s is not documented",
			         command, opt);
			bool is_help = strcmp(opt, "-h") == 0 ||
			               strcmp(opt, "--help") == 0;
			if (!is_help) {
				KT_CHECK(t, strstr(completion, opt) != NULL,
				         "konorm.bash: %s: option %s is not "
				         "completed",
				         command, opt);
				KT_CHECK(t, strstr(zsh, opt) != NULL,
				         "_konorm: %s: option %s is not "
				         "completed",
				         command, opt);
			}
			found++;
			q += len;
			if (q[0] == ',' && q[1] == ' ') {
				q += 2;
			} else {
				break;
			}
		}
	}
	KT_CHECK(t, found > 0, "%s --help lists no option", command);
}

/* True when word occurs in text between blanks or quotes. */
static bool
has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = strstr(text, word); p != NULL;
	     p = strstr(p + 1, word)) {
		if (p > text && strchr(" \t\n\"", p[-1]) != NULL &&
		    strchr(" \t\n\"", p[n]) != NULL) {
			return true;
		}
	}
	return false;
}

static void
check_docs(struct kt *t)
{
	char *bin = kt_path(kt_build_dir(), "src/cli/konorm");
	char *man_path = kt_path(kt_source_dir(), "doc/konorm.1.scd");
	char *comp_path = kt_path(kt_source_dir(), "completions/konorm.bash");
	char *zsh_path = kt_path(kt_source_dir(), "completions/_konorm");
	size_t len;
	char *man = kt_read_file(t, man_path, &len);
	char *comp = kt_read_file(t, comp_path, &len);
	char *zsh = kt_read_file(t, zsh_path, &len);
	int st = 0;
	char *argv[] = {bin, "--help", NULL};
	char *help = capture(argv, NULL, &st);
	char *names[64];
	size_t n = help ? list_commands(help, names, 64) : 0;
	KT_CHECK(t, n >= 8, "konorm --help lists %zu commands", n);
	bool have = man != NULL && comp != NULL && zsh != NULL;
	for (size_t i = 0; have && i < n; i++) {
		char heading[80];
		snprintf(heading, sizeof(heading), "\n## %s\n", names[i]);
		KT_CHECK(t, strstr(man, heading) != NULL,
		         "konorm.1 has no section for command %s", names[i]);
		KT_CHECK(t, has_word(comp, names[i]),
		         "konorm.bash does not complete command %s", names[i]);
		char zsh_word[80];
		snprintf(zsh_word, sizeof(zsh_word), "'%s:", names[i]);
		KT_CHECK(t, strstr(zsh, zsh_word) != NULL,
		         "_konorm does not complete command %s", names[i]);
		char *cargv[] = {bin, names[i], "--help", NULL};
		char *chelp = capture(cargv, NULL, &st);
		if (KT_CHECK(t, chelp != NULL && st == 0,
		             "konorm %s --help failed", names[i])) {
			check_options(t, names[i], chelp, man, comp, zsh);
		}
		free(chelp);
	}
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
	}
	free(help);
	free(man);
	free(comp);
	free(zsh);
	free(bin);
	free(man_path);
	free(comp_path);
	free(zsh_path);
}

/* Each "konorm_name(" declared in konorm.h appears in libkonorm(3). */
static void
check_api_page(struct kt *t)
{
	char *h_path = kt_path(kt_source_dir(), "include/konorm.h");
	char *page_path = kt_path(kt_source_dir(), "doc/libkonorm.3.scd");
	size_t len;
	char *h = kt_read_file(t, h_path, &len);
	char *page = kt_read_file(t, page_path, &len);
	unsigned functions = 0;
	for (const char *p = h; h != NULL && page != NULL &&
	                        (p = strstr(p, "konorm_")) != NULL;) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
		bool call = p[n] == '(' && (p == h || p[-1] == ' ' ||
		                            p[-1] == '*' || p[-1] == '\n');
		if (call && n < 64) {
			char name[80];
			snprintf(name, sizeof(name), "%.*s(", (int)n, p);
			KT_CHECK(t, strstr(page, name) != NULL,
			         "libkonorm.3 does not describe %.*s", (int)n, p);
			functions++;
		}
		p += n;
	}
	KT_CHECK(t, functions >= 50, "konorm.h declares %u functions",
	         functions);
	free(h);
	free(page);
	free(h_path);
	free(page_path);
}

/* unittest's summary: "Ran N tests" and "OK" or "FAILED (failures=F,
 * errors=E)". */
static void
count_unittest(struct kt *t, const char *out, int status)
{
	const char *ran = strstr(out, "\nRan ");
	unsigned long total = ran ? strtoul(ran + 5, NULL, 10) : 0;
	unsigned long bad = 0;
	const char *f = strstr(out, "failures=");
	const char *e = strstr(out, "errors=");
	bad += f ? strtoul(f + 9, NULL, 10) : 0;
	bad += e ? strtoul(e + 7, NULL, 10) : 0;
	if (!KT_CHECK(t, total > 0, "python: no test ran:\n%s", out)) {
		return;
	}
	KT_CHECK(t, (status == 0) == (bad == 0),
	         "python: exit status %d with %lu failed:\n%s", status, bad,
	         out);
	for (unsigned long i = 0; i < total; i++) {
		KT_CHECK(t, i >= bad, "python: %lu of %lu tests failed:\n%s",
		         bad, total, i == 0 ? out : "(see above)");
	}
}

/* A sanitizer build's module needs the runtime preloaded into the
 * interpreter; the meson test `python` does that, this suite does not. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

static void
check_python(struct kt *t)
{
#ifdef SANITIZED
	printf("ecosystem: sanitizer build; the python tests run as the "
	       "meson test 'python'\n");
	(void)t;
	(void)count_unittest;
	return;
#endif
	char *dir = kt_path(kt_build_dir(), "python");
	char *pattern = kt_path(dir, "konorm*.so");
	glob_t g;
	if (glob(pattern, 0, NULL, &g) != 0) {
		/* The build found no python3 headers: nothing to run. */
		printf("ecosystem: no python module in %s; python tests not "
		       "run\n", dir);
		free(dir);
		free(pattern);
		return;
	}
	globfree(&g);
	char *script = kt_path(kt_source_dir(), "python/test_konorm.py");
	size_t n = strlen(dir) + sizeof("PYTHONPATH=");
	char *env = malloc(n);
	snprintf(env, n, "PYTHONPATH=%s", dir);
	int st = 0;
	char *argv[] = {"python3", script, NULL};
	char *out = capture(argv, env, &st);
	if (KT_CHECK(t, out != NULL, "python: cannot run python3")) {
		count_unittest(t, out, st);
	}
	free(out);
	free(script);
	free(dir);
	free(pattern);
	/* putenv keeps the string in the child only; ours is ours. */
	free(env);
}

void
suite_ecosystem(struct kt *t)
{
	check_docs(t);
	check_api_page(t);
	check_python(t);
}
