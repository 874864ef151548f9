/* SPDX-License-Identifier: MIT */
/*
 * konorm rename on trees made at run time (NFD and CP949 names are not
 * committed as odd file names): each case creates its entries in a fresh
 * temporary directory, runs the built binary there and checks stdout,
 * the exit status and the names left on disk.
 */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Names in the tests (bytes spelled out, so that no editor or file
 * system renormalizes them). */
#define NFC_HANGEUL "\xed\x95\x9c\xea\xb8\x80"       /* 한글 */
#define NFD_HANGEUL                                          \
	"\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80" \
	"\xe1\x85\xb3\xe1\x86\xaf"                           /* 한글 in NFD */
#define CP949_HANGEUL "\xc7\xd1\xb1\xdb"             /* 한글 in CP949 */
#define JOHAB_HANGEUL "\xd0\x65\x8b\x69"             /* 한글 in JOHAB */
#define NFC_FILE "\xed\x8c\x8c\xec\x9d\xbc"          /* 파일 */
#define NFD_FILE "\xe1\x84\x91\xe1\x85\xa1\xe1\x84\x8b\xe1\x85\xb5\xe1\x86\xaf"
#define CP949_UHC "\x81\x41"                         /* 갂, UHC only */
#define NFC_UHC "\xea\xb0\x82"

struct rename_case {
	const char *description;
	/* Entries to create, "d:" for a directory, "f:" for a file; a
	 * file's parent directories come earlier in the list. */
	const char *create[6];
	const char *args[5];
	/* Expected stdout, with @ standing for the temporary directory. */
	const char *expected;
	int status;
	/* Entries that must exist afterwards (paths under the directory)
	 * and entries that must not. */
	const char *exist[6];
	const char *gone[6];
};

static const struct rename_case cases[] = {
	{
		.description = "dry run shows an NFD name and renames nothing",
		.create = {"f:" NFD_HANGEUL ".txt"},
		.args = {"@/" NFD_HANGEUL ".txt"},
		.expected = "'@/" NFD_HANGEUL ".txt' -> '@/" NFC_HANGEUL
		            ".txt'\n",
		.exist = {NFD_HANGEUL ".txt"},
		.gone = {NFC_HANGEUL ".txt"},
	},
	{
		.description = "--apply renames an NFD name to NFC",
		.create = {"f:" NFD_HANGEUL ".txt"},
		.args = {"--apply", "@/" NFD_HANGEUL ".txt"},
		.expected = "'@/" NFD_HANGEUL ".txt' -> '@/" NFC_HANGEUL
		            ".txt'\n",
		.exist = {NFC_HANGEUL ".txt"},
		.gone = {NFD_HANGEUL ".txt"},
	},
	{
		.description = "a CP949 name is decoded, shown escaped",
		.create = {"f:" CP949_HANGEUL ".txt"},
		.args = {"--apply", "@/" CP949_HANGEUL ".txt"},
		.expected = "'@/\\xc7\\xd1\\xb1\\xdb.txt' -> '@/" NFC_HANGEUL
		            ".txt'\n",
		.exist = {NFC_HANGEUL ".txt"},
		.gone = {CP949_HANGEUL ".txt"},
	},
	{
		.description = "a UHC-only CP949 code (not EUC-KR) decodes",
		.create = {"f:" CP949_UHC},
		.args = {"--apply", "@/" CP949_UHC},
		.expected = "'@/\\x81A' -> '@/" NFC_UHC "'\n",
		.exist = {NFC_UHC},
	},
	{
		.description = "-f JOHAB reads legacy names as JOHAB",
		.create = {"f:" JOHAB_HANGEUL},
		.args = {"--apply", "-f", "johab", "@/" JOHAB_HANGEUL},
		.expected = "'@/\\xd0e\\x8bi' -> '@/" NFC_HANGEUL "'\n",
		.exist = {NFC_HANGEUL},
	},
	{
		.description = "-r renames children before their directory",
		.create = {"d:" NFD_HANGEUL, "f:" NFD_HANGEUL "/" NFD_FILE,
		           "d:" NFD_HANGEUL "/sub",
		           "f:" NFD_HANGEUL "/sub/" CP949_HANGEUL},
		.args = {"-r", "--apply", "@"},
		.expected =
			"'@/" NFD_HANGEUL "/sub/\\xc7\\xd1\\xb1\\xdb' -> '@/"
			NFD_HANGEUL "/sub/" NFC_HANGEUL "'\n"
			"'@/" NFD_HANGEUL "/" NFD_FILE "' -> '@/" NFD_HANGEUL
			"/" NFC_FILE "'\n"
			"'@/" NFD_HANGEUL "' -> '@/" NFC_HANGEUL "'\n",
		.exist = {NFC_HANGEUL "/" NFC_FILE,
		          NFC_HANGEUL "/sub/" NFC_HANGEUL},
		.gone = {NFD_HANGEUL},
	},
	{
		.description = "without -r a directory's entries stay",
		.create = {"d:dir", "f:dir/" NFD_FILE},
		.args = {"--apply", "@/dir"},
		.expected = "",
		.exist = {"dir/" NFD_FILE},
	},
	{
		.description = "an existing name is never overwritten",
		.create = {"f:" NFD_HANGEUL, "f:" NFC_HANGEUL},
		.args = {"-r", "--apply", "@"},
		.expected = "",
		.status = 1,
		.exist = {NFD_HANGEUL, NFC_HANGEUL},
	},
	{
		.description = "two old names for one new name: dry run too",
		.create = {"f:" NFD_HANGEUL, "f:" CP949_HANGEUL},
		.args = {"-r", "@"},
		/* Entries go in byte order: the CP949 name (C7...) first. */
		.expected = "'@/\\xc7\\xd1\\xb1\\xdb' -> '@/" NFC_HANGEUL
		            "'\n",
		.status = 1,
		.exist = {NFD_HANGEUL, CP949_HANGEUL},
	},
	{
		.description = "two old names for one new name: --apply",
		.create = {"f:" NFD_HANGEUL, "f:" CP949_HANGEUL},
		.args = {"-r", "--apply", "@"},
		.expected = "'@/\\xc7\\xd1\\xb1\\xdb' -> '@/" NFC_HANGEUL
		            "'\n",
		.status = 1,
		.exist = {NFC_HANGEUL, NFD_HANGEUL},
		.gone = {CP949_HANGEUL},
	},
	{
		.description = "a name neither UTF-8 nor CP949 is left, exit 1",
		.create = {"f:bad\xff.txt", "f:" NFD_FILE},
		.args = {"-r", "--apply", "@"},
		.expected = "'@/" NFD_FILE "' -> '@/" NFC_FILE "'\n",
		.status = 1,
		.exist = {"bad\xff.txt", NFC_FILE},
	},
	{
		.description = "a CP949 lead byte cut at the end: undecodable",
		.create = {"f:x\xc7"},
		.args = {"-r", "--apply", "@"},
		.expected = "",
		.status = 1,
		.exist = {"x\xc7"},
	},
	{
		.description = "clean names: nothing to do, exit 0",
		.create = {"d:a", "f:a/plain.txt", "f:" NFC_HANGEUL},
		.args = {"-r", "--apply", "@"},
		.expected = "",
		.exist = {"a/plain.txt", NFC_HANGEUL},
	},
	{
		.description = "a second run finds nothing (idempotent)",
		.create = {"f:" NFC_FILE},
		.args = {"-r", "--apply", "@", "@"},
		.expected = "",
		.exist = {NFC_FILE},
	},
	{
		.description = "a missing path is an I/O error, exit 2",
		.create = {"f:x"},
		.args = {"--apply", "@/missing"},
		.expected = "",
		.status = 2,
		.exist = {"x"},
	},
	{
		.description = "quotes and control characters are escaped",
		.create = {"f:it's\x01" NFD_FILE},
		.args = {"@/it's\x01" NFD_FILE},
		.expected = "'@/it\\'s\\x01" NFD_FILE "' -> '@/it\\'s\\x01"
		            NFC_FILE "'\n",
		.exist = {"it's\x01" NFD_FILE},
	},
	{
		.description = "C1 and bidi controls in UTF-8 are escaped",
		/* U+202E RIGHT-TO-LEFT OVERRIDE, U+009B CSI */
		.create = {"f:a\xe2\x80\xae" NFD_FILE "\xc2\x9b"},
		.args = {"@/a\xe2\x80\xae" NFD_FILE "\xc2\x9b"},
		.expected = "'@/a\\xe2\\x80\\xae" NFD_FILE "\\xc2\\x9b' -> "
		            "'@/a\\xe2\\x80\\xae" NFC_FILE "\\xc2\\x9b'\n",
		.exist = {"a\xe2\x80\xae" NFD_FILE "\xc2\x9b"},
	},
	{
		.description = "--quiet lists nothing but renames",
		.create = {"f:" NFD_FILE},
		.args = {"-q", "--apply", "@/" NFD_FILE},
		.expected = "",
		.exist = {NFC_FILE},
	},
};

/* dir + "/" + rel, or the @ expansion of a pattern. */
static char *
expand_at(const char *pattern, const char *dir)
{
	size_t n = strlen(pattern) + 1;
	for (const char *p = pattern; *p != '\0'; p++) {
		n += *p == '@' ? strlen(dir) : 0;
	}
	char *out = malloc(n), *o = out;
	for (const char *p = pattern; *p != '\0'; p++) {
		if (*p == '@') {
			o = stpcpy(o, dir);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static bool
create_entries(const struct rename_case *c, const char *dir)
{
	for (size_t i = 0; i < 6 && c->create[i] != NULL; i++) {
		char *path = kt_path(dir, c->create[i] + 2);
		bool ok;
		if (c->create[i][0] == 'd') {
			ok = mkdir(path, 0700) == 0;
		} else {
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
			ok = fd >= 0 && close(fd) == 0;
		}
		free(path);
		if (!ok) {
			return false;
		}
	}
	return true;
}

/* Removes a tree (children first); best effort. */
static void
remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") != 0 &&
			    strcmp(e->d_name, "..") != 0) {
				char *child = kt_path(path, e->d_name);
				remove_tree(child);
				free(child);
			}
		}
		if (d != NULL) {
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Runs the binary with stdout to a temporary file; stderr is kept out
 * of the way (its wording is checked by the golden cases). */
static char *
run(const char *bin, char **args, int *status, size_t *out_len)
{
	FILE *out = tmpfile();
	if (out == NULL) {
		return NULL;
	}
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		dup2(devnull, 0);
		dup2(fileno(out), 1);
		dup2(devnull, 2);
		execv(bin, args);
		_exit(127);
	}
	int st = 0;
	waitpid(pid, &st, 0);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	size_t cap = 4096, n = 0, r;
	char *buf = malloc(cap);
	rewind(out);
	while ((r = fread(buf + n, 1, cap - n, out)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(out);
	*out_len = n;
	return buf;
}

static void
run_case(struct kt *t, const struct rename_case *c, const char *bin)
{
	char tmpl[] = "/tmp/konorm-rename-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!KT_CHECK(t, dir != NULL, "%s: mkdtemp: %s", c->description,
	              strerror(errno))) {
		return;
	}
	if (KT_CHECK(t, create_entries(c, dir), "%s: cannot create the tree",
	             c->description)) {
		char *argv[8] = {"konorm", "rename"};
		size_t argc = 2;
		for (size_t i = 0; i < 5 && c->args[i] != NULL; i++) {
			argv[argc++] = expand_at(c->args[i], dir);
		}
		argv[argc] = NULL;
		int status = -1;
		size_t len = 0;
		char *out = run(bin, argv, &status, &len);
		char *want = expand_at(c->expected, dir);
		KT_BYTES(t, out, out ? len : 0, want, strlen(want),
		         c->description);
		KT_CHECK(t, status == c->status, "%s: exit status %d, want %d",
		         c->description, status, c->status);
		for (size_t i = 0; i < 6 && c->exist[i] != NULL; i++) {
			char *p = kt_path(dir, c->exist[i]);
			struct stat st;
			KT_CHECK(t, lstat(p, &st) == 0, "%s: %s is missing",
			         c->description, p);
			free(p);
		}
		for (size_t i = 0; i < 6 && c->gone[i] != NULL; i++) {
			char *p = kt_path(dir, c->gone[i]);
			struct stat st;
			KT_CHECK(t, lstat(p, &st) != 0, "%s: %s still exists",
			         c->description, p);
			free(p);
		}
		free(out);
		free(want);
		for (size_t i = 2; i < argc; i++) {
			free(argv[i]);
		}
	}
	remove_tree(dir);
}

void
suite_rename(struct kt *t)
{
	char *bin = kt_path(kt_build_dir(), "src/cli/konorm");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_case(t, &cases[i], bin);
	}
	free(bin);
}
