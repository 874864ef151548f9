/* SPDX-License-Identifier: MIT */
/*
 * konorm rename [--apply] [-r [-x]] [-f ENC] PATH...: give file names in NFD
 * (as macOS writes them) or in a legacy Korean encoding their NFC UTF-8
 * spelling.  A dry run unless --apply.  Never overwrites a name: the
 * rename is atomic with RENAME_NOREPLACE (Linux renameat2), and where the
 * file system lacks it, link+unlink for files.  With -r, a directory's
 * entries are renamed before the directory itself, so that every path
 * stays valid while the walk goes on; a renamed name is NFC UTF-8 and so
 * never needs renaming again.
 */
#include "cli.h"

#include "konorm.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"Usage: konorm rename [OPTIONS] PATH...\n"
	"Find file names in NFD (as macOS writes them: 한글 as ㅎ+ㅏ+ㄴ...)\n"
	"or in a legacy Korean encoding (CP949 bytes that are not UTF-8)\n"
	"and rename them to NFC UTF-8.  Without --apply nothing is\n"
	"renamed: each rename is only shown, as 'old' -> 'new', with bytes\n"
	"that are not UTF-8 written \\xNN.\n"
	"\n"
	"Options:\n"
	"      --apply          rename (the default is a dry run)\n"
	"  -r, --recursive      also rename everything under each directory\n"
	"                       (entries before their directory; symbolic\n"
	"                       links are renamed, not followed)\n"
	"  -x, --one-file-system\n"
	"                       with -r, do not go into directories on\n"
	"                       other file systems (a mount point may be\n"
	"                       renamed; what it holds is left alone)\n"
	"  -f, --from ENC       the legacy encoding of names that are not\n"
	"                       UTF-8: CP949 (default), EUC-KR or JOHAB\n"
	"  -q, --quiet          do not list the renames\n"
	"  -h, --help           show this help and exit\n"
	"\n"
	"An existing name is never overwritten: the collision is reported\n"
	"and the file keeps its name.  A name that is neither UTF-8 nor\n"
	"ENC is reported with its byte offset and left alone.\n"
	"Exit status: 0 nothing to do or all renamed, 1 a collision or an\n"
	"undecodable name, 2 usage or I/O error.\n"
	"\n"
	"Example:\n"
	"  konorm rename -r ~/Downloads            # show what would change\n"
	"  konorm rename -r --apply ~/Downloads    # rename\n";

struct renamer {
	enum konorm_encoding legacy;
	bool apply;
	bool recursive;
	bool one_file_system;
	dev_t root_dev; /* the file system of the PATH being walked */
	bool quiet;
	int status;
	unsigned long renamed;
};

static void
raise_status(struct renamer *r, int status)
{
	if (status > r->status) {
		r->status = status;
	}
}

/* ---- Showing names ------------------------------------------------------ */

/* True for the characters of a UTF-8 sequence that a terminal could act
 * on or that reorder the text around them: C1 controls (U+0080-009F,
 * such as CSI U+009B) and the bidi controls of UAX #9 (U+061C, U+200E-
 * 200F, U+202A-202E, U+2066-2069), as in Trojan Source names. */
static bool
is_hidden_control(const unsigned char *p, size_t left, size_t *len)
{
	if (p[0] == 0xC2 && left >= 2 && p[1] <= 0x9F) {
		*len = 2;
		return true;
	}
	if (p[0] == 0xD8 && left >= 2 && p[1] == 0x9C) {
		*len = 2;
		return true;
	}
	if (p[0] == 0xE2 && left >= 3 &&
	    ((p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F ||
	                       (p[2] >= 0xAA && p[2] <= 0xAE))) ||
	     (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
		*len = 3;
		return true;
	}
	return false;
}

/* Appends s[0..n) to a growable string, escaping what a terminal or a
 * reader could misread: control characters (C0, DEL, C1, bidi) as \xNN
 * bytes, the quote and the backslash, and, unless s is UTF-8 as a whole,
 * every byte above 0x7F (a CP949 name may hold pieces that happen to be
 * UTF-8).  Each \xNN stands for one byte of the name. */
static bool
escape_into(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	size_t need = *len + 4 * n + 1;
	if (need > *cap) {
		char *q = realloc(*buf, need);
		if (q == NULL) {
			return false;
		}
		*buf = q;
		*cap = need;
	}
	char *o = *buf + *len;
	bool utf8 = konorm_utf8_validate(s, n, NULL) == KONORM_OK;
	size_t hidden = 0; /* bytes left of a control to escape */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (utf8 && hidden == 0 && c >= 0x80) {
			is_hidden_control((const unsigned char *)s + i, n - i,
			                  &hidden);
		}
		if (hidden > 0) {
			hidden--;
			o += sprintf(o, "\\x%02x", c);
		} else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !utf8)) {
			o += sprintf(o, "\\x%02x", c);
		} else if (c == '\'' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
		} else {
			*o++ = (char)c;
		}
	}
	*o = '\0';
	*len = (size_t)(o - *buf);
	return true;
}

/* The path dir/name, escaped, in a malloc'd string. */
static char *
shown_path(const char *dir, const char *name, size_t name_len)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	size_t dir_len = dir != NULL ? strlen(dir) : 0;
	bool slash = dir_len > 0 && dir[dir_len - 1] == '/';
	bool ok = dir == NULL ||
	          (escape_into(&buf, &len, &cap, dir, dir_len) &&
	           (slash || escape_into(&buf, &len, &cap, "/", 1)));
	if (!ok) {
		free(buf);
		return NULL;
	}
	if (!escape_into(&buf, &len, &cap, name, name_len)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- The new name -------------------------------------------------------- */

enum verdict {
	NAME_OK,          /* already NFC UTF-8 */
	NAME_NEW,         /* *out holds the new name */
	NAME_UNDECODABLE, /* neither UTF-8 nor the legacy encoding */
	NAME_NOMEM,
};

/* Decodes a name that is not UTF-8 from the legacy encoding, strictly
 * (the converter refuses bytes the encoding does not define). */
static enum verdict
decode_legacy(const struct renamer *r, const char *name, size_t len,
              char **out, size_t *out_len, size_t *bad, size_t *bad_len)
{
	struct konorm_converter *c =
		konorm_converter_new(r->legacy, KONORM_ENC_UTF8, 0);
	char *buf = malloc(len * 3 + 4);
	if (c == NULL || buf == NULL) {
		konorm_converter_free(c);
		free(buf);
		return NAME_NOMEM;
	}
	struct konorm_in in = {name, len, 0};
	struct konorm_out o = {buf, len * 3 + 4, 0};
	enum konorm_status st = konorm_converter_feed(c, &in, &o);
	if (st == KONORM_OK) {
		st = konorm_converter_finish(c, &o);
	}
	*bad = (size_t)konorm_converter_offset(c);
	unsigned char seq[4];
	*bad_len = konorm_converter_error_bytes(c, seq, sizeof(seq));
	konorm_converter_free(c);
	if (st != KONORM_OK) {
		free(buf);
		return st == KONORM_ENOMEM ? NAME_NOMEM : NAME_UNDECODABLE;
	}
	*out = buf;
	*out_len = o.pos;
	return NAME_NEW;
}

/* What name[0..len) should be called; name[*bad..*bad + *bad_len) is
 * the first sequence that decodes in neither encoding. */
static enum verdict
new_name(const struct renamer *r, const char *name, size_t len, char **out,
         size_t *out_len, size_t *bad, size_t *bad_len)
{
	char *utf8 = NULL;
	size_t utf8_len = 0;
	if (konorm_utf8_validate(name, len, NULL) != KONORM_OK) {
		enum verdict v =
			decode_legacy(r, name, len, &utf8, &utf8_len, bad,
			              bad_len);
		if (v != NAME_NEW) {
			return v;
		}
		name = utf8;
		len = utf8_len;
	}
	char *nfc = NULL;
	size_t nfc_len = 0;
	struct konorm_result res =
		konorm_normalize_alloc(name, len, &nfc, &nfc_len, KONORM_NFC);
	free(utf8);
	if (res.status != KONORM_OK) {
		/* Only ENOMEM or ETOOLONG (thousands of combining marks in a
		 * name): leave such a name alone. */
		*bad = res.offset;
		return res.status == KONORM_ENOMEM ? NAME_NOMEM
		                                   : NAME_UNDECODABLE;
	}
	if (utf8 == NULL && nfc_len == len && memcmp(nfc, name, len) == 0) {
		konorm_free(nfc);
		return NAME_OK;
	}
	*out = nfc;
	*out_len = nfc_len;
	return NAME_NEW;
}

/* ---- Renaming ------------------------------------------------------------ */

static char *
join(const char *dir, const char *name)
{
	if (dir == NULL) {
		return strdup(name);
	}
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p != NULL) {
		/* "dir/" given on the command line: no second slash. */
		bool slash = dir[0] != '\0' && dir[strlen(dir) - 1] == '/';
		snprintf(p, n, "%s%s%s", dir, slash ? "" : "/", name);
	}
	return p;
}

/* Renames without ever replacing `to`.  Returns 0, or an errno value
 * (EEXIST for a collision). */
static int
rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) {
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS) {
		return errno;
	}
	/* The file system cannot do it atomically.  A hard link fails
	 * with EEXIST if `to` exists; directories take a check first. */
	struct stat st;
	if (lstat(from, &st) != 0) {
		return errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (link(from, to) != 0) {
			return errno;
		}
		return unlink(from) == 0 ? 0 : errno;
	}
	if (lstat(to, &st) == 0) {
		return EEXIST;
	}
	return rename(from, to) == 0 ? 0 : errno;
}

/* True when `to` names the very file `from` does: a file system that
 * ignores normalization differences (as macOS's do) finds the old file
 * under its NFC name, and renaming only changes the stored spelling. */
static bool
same_file(const char *from, const char *to)
{
	struct stat a, b;
	return lstat(from, &a) == 0 && lstat(to, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Sibling names given out in this directory during a dry run, so that
 * two old names that become the same new name collide there too. */
struct planned {
	char **names;
	size_t n, cap;
};

static bool
planned_has(const struct planned *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->names[i], name) == 0) {
			return true;
		}
	}
	return false;
}

static void
planned_add(struct planned *p, const char *name)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		char **v = realloc(p->names, cap * sizeof(*v));
		if (v == NULL) {
			return; /* only a dry run's extra check is lost */
		}
		p->names = v;
		p->cap = cap;
	}
	char *copy = strdup(name);
	if (copy != NULL) {
		p->names[p->n++] = copy;
	}
}

static void
planned_free(struct planned *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->names[i]);
	}
	free(p->names);
	memset(p, 0, sizeof(*p));
}

/* The rename of one entry, once the new name is known. */
static void
apply_one(struct renamer *r, const char *dir, const char *name,
          const char *to_name, struct planned *planned)
{
	char *from = join(dir, name), *to = join(dir, to_name);
	char *shown_from = shown_path(dir, name, strlen(name));
	char *shown_to = shown_path(dir, to_name, strlen(to_name));
	if (from == NULL || to == NULL || shown_from == NULL ||
	    shown_to == NULL) {
		cli_error("rename", "out of memory");
		raise_status(r, CLI_EXIT_USAGE);
		goto done;
	}
	struct stat st;
	bool exists = lstat(to, &st) == 0 && !same_file(from, to);
	if (exists || (planned != NULL && planned_has(planned, to_name))) {
		cli_error(shown_from, "not renamed: '%s' exists", shown_to);
		raise_status(r, CLI_EXIT_DATA);
		goto done;
	}
	if (r->apply) {
		int e = same_file(from, to) ? (rename(from, to) ? errno : 0)
		                            : rename_noreplace(from, to);
		if (e == EEXIST || e == ENOTEMPTY) {
			cli_error(shown_from, "not renamed: '%s' exists",
			          shown_to);
			raise_status(r, CLI_EXIT_DATA);
			goto done;
		}
		if (e != 0) {
			cli_error(shown_from, "cannot rename: %s", strerror(e));
			raise_status(r, CLI_EXIT_USAGE);
			goto done;
		}
	} else if (planned != NULL) {
		planned_add(planned, to_name);
	}
	r->renamed++;
	if (!r->quiet) {
		cli_printf("'%s' -> '%s'\n", shown_from, shown_to);
	}
done:
	free(from);
	free(to);
	free(shown_from);
	free(shown_to);
}

/* Renames dir/name if its name needs it. */
static void
consider(struct renamer *r, const char *dir, const char *name,
         struct planned *planned)
{
	size_t len = strlen(name);
	char *to = NULL;
	size_t to_len = 0, bad = 0, bad_len = 0;
	switch (new_name(r, name, len, &to, &to_len, &bad, &bad_len)) {
	case NAME_OK:
		return;
	case NAME_NOMEM:
		cli_error("rename", "out of memory");
		raise_status(r, CLI_EXIT_USAGE);
		return;
	case NAME_UNDECODABLE: {
		char *shown = shown_path(dir, name, len);
		if (bad_len > len - bad) {
			bad_len = bad < len ? len - bad : 0;
		}
		cli_error_at(shown ? shown : name, bad, name + bad, bad_len,
		             "name is neither UTF-8 nor %s",
		             konorm_encoding_name(r->legacy));
		free(shown);
		raise_status(r, CLI_EXIT_DATA);
		return;
	}
	case NAME_NEW:
		break;
	}
	/* A NUL or '/' can only come from a decoder gone wrong; an empty,
	 * "." or ".." name would not be a rename at all. */
	if (to_len == 0 || memchr(to, '\0', to_len) != NULL ||
	    memchr(to, '/', to_len) != NULL || strcmp(to, ".") == 0 ||
	    strcmp(to, "..") == 0) {
		char *shown = shown_path(dir, name, len);
		cli_error(shown ? shown : name,
		          "not renamed: the new name would not be a name");
		free(shown);
		raise_status(r, CLI_EXIT_DATA);
	} else {
		apply_one(r, dir, name, to, planned);
	}
	konorm_free(to);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted so that the output is stable; read
 * whole before any rename, since a directory changed while it is read
 * may list an entry twice or not at all (POSIX readdir). */
static char **
list_dir(struct renamer *r, const char *path, size_t *count)
{
	DIR *d = opendir(path);
	if (d == NULL) {
		char *shown = shown_path(NULL, path, strlen(path));
		cli_error(shown ? shown : path, "%s", strerror(errno));
		free(shown);
		raise_status(r, CLI_EXIT_USAGE);
		return NULL;
	}
	size_t n = 0, cap = 16;
	char **names = malloc(cap * sizeof(*names));
	struct dirent *e;
	while (names != NULL && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0) {
			continue;
		}
		if (n == cap) {
			char **v = realloc(names, cap * 2 * sizeof(*v));
			if (v == NULL) {
				break;
			}
			names = v;
			cap *= 2;
		}
		names[n] = strdup(e->d_name);
		if (names[n] != NULL) {
			n++;
		}
	}
	closedir(d);
	if (names == NULL) {
		cli_error("rename", "out of memory");
		raise_status(r, CLI_EXIT_USAGE);
		return NULL;
	}
	qsort(names, n, sizeof(*names), compare_names);
	*count = n;
	return names;
}

/* Depth first: everything below an entry is renamed before the entry,
 * so the paths in hand stay valid. */
static void
walk_dir(struct renamer *r, const char *path)
{
	size_t n = 0;
	char **names = list_dir(r, path, &n);
	if (names == NULL) {
		return;
	}
	struct planned planned = {0};
	for (size_t i = 0; i < n; i++) {
		char *child = join(path, names[i]);
		struct stat st;
		if (child != NULL && lstat(child, &st) == 0 &&
		    S_ISDIR(st.st_mode) &&
		    (!r->one_file_system || st.st_dev == r->root_dev)) {
			walk_dir(r, child);
		}
		free(child);
		consider(r, path, names[i], &planned);
		free(names[i]);
	}
	planned_free(&planned);
	free(names);
}

/* One PATH argument: its entries (with -r), then its own last
 * component.  "dir/", "." and "/" name no entry to rename. */
static void
rename_path(struct renamer *r, const char *arg)
{
	struct stat st;
	if (lstat(arg, &st) != 0) {
		char *shown = shown_path(NULL, arg, strlen(arg));
		cli_error(shown ? shown : arg, "%s", strerror(errno));
		free(shown);
		raise_status(r, CLI_EXIT_USAGE);
		return;
	}
	if (S_ISDIR(st.st_mode) && r->recursive) {
		r->root_dev = st.st_dev;
		walk_dir(r, arg);
	}
	char *copy = strdup(arg);
	if (copy == NULL) {
		cli_error("rename", "out of memory");
		raise_status(r, CLI_EXIT_USAGE);
		return;
	}
	size_t len = strlen(copy);
	if (len > 0 && copy[len - 1] == '/') {
		free(copy); /* "dir/": the user named the contents */
		return;
	}
	char *slash = strrchr(copy, '/');
	const char *base = slash ? slash + 1 : copy;
	const char *dir = NULL;
	if (slash == copy) {
		dir = "";
	} else if (slash != NULL) {
		*slash = '\0';
		dir = copy;
	}
	if (strcmp(base, ".") != 0 && strcmp(base, "..") != 0) {
		consider(r, dir, base, NULL);
	}
	free(copy);
}

/* Returns -1 to continue, or an exit status. */
static int
parse_options(int argc, char **argv, struct renamer *r)
{
	enum { OPT_APPLY = 256 };
	static const struct option longopts[] = {
		{"apply", no_argument, NULL, OPT_APPLY},
		{"recursive", no_argument, NULL, 'r'},
		{"one-file-system", no_argument, NULL, 'x'},
		{"from", required_argument, NULL, 'f'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "rxf:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_APPLY:
			r->apply = true;
			break;
		case 'r':
			r->recursive = true;
			break;
		case 'x':
			r->one_file_system = true;
			break;
		case 'f':
			r->legacy = konorm_encoding_lookup(optarg,
			                                   strlen(optarg));
			if (r->legacy != KONORM_ENC_CP949 &&
			    r->legacy != KONORM_ENC_EUC_KR &&
			    r->legacy != KONORM_ENC_JOHAB) {
				return cli_usage_error(
					"rename",
					"unknown legacy encoding '%s' (CP949, "
					"EUC-KR, JOHAB)",
					optarg);
			}
			break;
		case 'q':
			r->quiet = true;
			break;
		case 'h':
			cli_write_str(usage);
			return CLI_EXIT_OK;
		default:
			fputs("Try 'konorm rename --help'.\n", stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (r->one_file_system && !r->recursive) {
		return cli_usage_error("rename", "--one-file-system goes with "
		                                 "-r");
	}
	if (optind >= argc) {
		return cli_usage_error("rename", "no PATH given");
	}
	return -1;
}

int
cmd_rename(int argc, char **argv)
{
	struct renamer r = {.legacy = KONORM_ENC_CP949};
	int st = parse_options(argc, argv, &r);
	if (st >= 0) {
		return st;
	}
	for (int i = optind; i < argc; i++) {
		rename_path(&r, argv[i]);
	}
	if (!r.apply && r.renamed > 0 && !r.quiet) {
		/* Through the output buffer: the note follows the list. */
		cli_output_close();
		fprintf(stderr,
		        "konorm: rename: dry run, %lu name%s to change; "
		        "rename with --apply\n",
		        r.renamed, r.renamed == 1 ? "" : "s");
	}
	return r.status;
}
