/* SPDX-License-Identifier: MIT */
/*
 * konorm convert [-f ENC|auto] [-t ENC] [-c] [--replace] [--keep-bom]
 * [--won-sign] [-l] [-o FILE] [FILE...]: convert between encodings.
 *
 * Streams in CLI_BLOCK pieces.  With -f auto (the default) the detector
 * reads a bounded prefix, which is kept and converted first; the rest is
 * never held in memory.
 */
#include "cli.h"
#include "progress.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The encoding schemes UTF-16 and UTF-32 without an order named (Unicode
 * 15.0 §3.10 D98, D101): read, the byte order mark decides and big
 * endian is the default; written, a byte order mark and then little
 * endian, as glibc's iconv and Windows do on this platform. */
enum byte_order_scheme { SCHEME_NONE, SCHEME_UTF16, SCHEME_UTF32 };

struct convert_opts {
	enum konorm_encoding from; /* UNKNOWN: auto (or from_scheme) */
	enum konorm_encoding to;
	enum byte_order_scheme from_scheme;
	enum byte_order_scheme to_scheme;
	uint32_t flags;
	const char *output;
	size_t max_bytes;
	bool quiet;
};

static void
print_help(void)
{
	cli_write_str(
	        "Usage: konorm convert [OPTIONS] [FILE...]\n"
	        "Convert each FILE from one encoding to another (by default\n"
	        "from the detected encoding to UTF-8).  With no FILE, or when\n"
	        "FILE is -, read standard input.\n"
	        "\n"
	        "Options:\n"
	        "  -f, --from=ENC       source encoding, or auto (the default)\n"
	        "  -t, --to=ENC         target encoding (default UTF-8)\n"
	        "                       UTF-16 and UTF-32 without LE/BE:\n"
	        "                       read, the byte order mark decides\n"
	        "                       (big endian without one); written,\n"
	        "                       a byte order mark, little endian\n"
	        "  -c                   skip invalid or unmappable input\n"
	        "      --replace        replace it with U+FFFD (or '?' in a\n"
	        "                       legacy target) and count on stderr\n"
	        "      --keep-bom       keep a byte order mark (dropped by\n"
	        "                       default)\n"
	        "      --won-sign       JOHAB 0x5C is the won sign U+20A9, not\n"
	        "                       a backslash\n"
	        "  -m, --max-bytes=N    with -f auto, detect on at most N bytes\n"
	        "  -l, --list           list the encodings and exit\n"
	        "  -q, --quiet          no progress line on a terminal\n"
	        "  -o, --output=FILE    write to FILE instead of standard output\n"
	        "  -h, --help           show this help and exit\n"
	        "\n"
	        "Invalid input stops the conversion with a message naming its\n"
	        "byte offset; the output before it is written.  Exit status: 0\n"
	        "ok, 1 invalid or unmappable input, 2 usage or I/O error.\n");
}

static void
list_encodings(void)
{
	for (int e = 1; e < KONORM_ENC_COUNT; e++) {
		cli_printf("%s\n",
		           konorm_encoding_name((enum konorm_encoding)e));
	}
	/* One name a line, for scripts and completion; --help says what
	 * these two mean. */
	cli_printf("UTF-16\nUTF-32\n");
}

/* UTF-16, UCS-2, UTF-32 or UCS-4 with no byte order in the name. */
static enum byte_order_scheme
scheme_of(const char *name)
{
	char folded[8];
	size_t n = 0;
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '-' || *p == '_') {
			continue;
		}
		if (n + 1 >= sizeof(folded)) {
			return SCHEME_NONE;
		}
		folded[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	}
	folded[n] = '\0';
	if (strcmp(folded, "UTF16") == 0 || strcmp(folded, "UCS2") == 0) {
		return SCHEME_UTF16;
	}
	if (strcmp(folded, "UTF32") == 0 || strcmp(folded, "UCS4") == 0) {
		return SCHEME_UTF32;
	}
	return SCHEME_NONE;
}

static int
lookup(const char *name, enum konorm_encoding *out,
       enum byte_order_scheme *scheme)
{
	*out = konorm_encoding_lookup(name, strlen(name));
	*scheme = *out == KONORM_ENC_UNKNOWN ? scheme_of(name) : SCHEME_NONE;
	if (*scheme == SCHEME_UTF16) {
		*out = KONORM_ENC_UTF16LE;
	} else if (*scheme == SCHEME_UTF32) {
		*out = KONORM_ENC_UTF32LE;
	}
	if (*out == KONORM_ENC_UNKNOWN) {
		return cli_usage_error("convert",
		                       "unknown encoding '%s' (see -l)",
		                       name);
	}
	return CLI_EXIT_OK;
}

static int
parse_options(int argc, char **argv, struct convert_opts *o)
{
	enum { OPT_REPLACE = 256, OPT_KEEP_BOM, OPT_WON_SIGN };
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"replace", no_argument, NULL, OPT_REPLACE},
		{"keep-bom", no_argument, NULL, OPT_KEEP_BOM},
		{"won-sign", no_argument, NULL, OPT_WON_SIGN},
		{"max-bytes", required_argument, NULL, 'm'},
		{"list", no_argument, NULL, 'l'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, st;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:cm:lqo:h", longopts,
	                        NULL)) != -1) {
		switch (c) {
		case 'f':
			o->from = KONORM_ENC_UNKNOWN;
			o->from_scheme = SCHEME_NONE;
			if (strcmp(optarg, "auto") != 0 &&
			    (st = lookup(optarg, &o->from, &o->from_scheme)) !=
			            CLI_EXIT_OK) {
				return st;
			}
			break;
		case 't':
			if ((st = lookup(optarg, &o->to, &o->to_scheme)) !=
			    CLI_EXIT_OK) {
				return st;
			}
			break;
		case 'c':
			o->flags |= KONORM_CONVERT_SKIP;
			break;
		case OPT_REPLACE:
			o->flags |= KONORM_CONVERT_REPLACE;
			break;
		case OPT_KEEP_BOM:
			o->flags |= KONORM_CONVERT_KEEP_BOM;
			break;
		case OPT_WON_SIGN:
			o->flags |= KONORM_CONVERT_WON_SIGN;
			break;
		case 'm': {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (end == optarg || *end != '\0' || v == 0 ||
			    optarg[0] == '-') {
				return cli_usage_error(
				        "convert",
				        "--max-bytes takes a positive number");
			}
			o->max_bytes = (size_t)v;
			break;
		}
		case 'l':
			list_encodings();
			return -1;
		case 'q':
			o->quiet = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return cli_usage_error("convert", "invalid option");
		}
	}
	return CLI_EXIT_OK;
}

/* Buffers of one run: the detection prefix and the output block. */
struct stream {
	char *prefix;
	size_t prefix_len;
	size_t prefix_cap;
	char *block;
	char *out;
};

/* Reads up to max bytes into s->prefix, feeding the detector, until it
 * is certain; returns the detected encoding or UNKNOWN (reported). */
static int
detect_prefix(struct stream *s, struct cli_input *in, size_t max,
              enum konorm_encoding *from)
{
	struct konorm_detector *d = konorm_detector_new(0);
	if (d == NULL) {
		cli_error(in->label, "out of memory");
		return CLI_EXIT_USAGE;
	}
	konorm_detector_set_limit(d, max);
	s->prefix_len = 0;
	enum konorm_status st = KONORM_MORE;
	while (st == KONORM_MORE && s->prefix_len < s->prefix_cap) {
		size_t room = s->prefix_cap - s->prefix_len;
		long got = cli_input_read(in, s->prefix + s->prefix_len,
		                          room < CLI_BLOCK ? room : CLI_BLOCK);
		if (got < 0) {
			konorm_detector_free(d);
			return CLI_EXIT_USAGE;
		}
		if (got == 0) {
			break;
		}
		st = konorm_detector_feed(d, s->prefix + s->prefix_len,
		                          (size_t)got);
		s->prefix_len += (size_t)got;
	}
	/* Stopped before the end: the prefix is cut, not truncated (the
	 * converter will judge the real end). */
	if (st == KONORM_OK) {
		konorm_detector_finish_cut(d);
	} else {
		konorm_detector_finish(d);
	}
	struct konorm_candidate best;
	size_t n = konorm_detector_result(d, &best, 1);
	konorm_detector_free(d);
	if (n == 0) {
		const char *nul = memchr(s->prefix, 0, s->prefix_len);
		if (nul != NULL) {
			cli_error_at(in->label, (uint64_t)(nul - s->prefix),
			             "\0", 1,
			             "binary data, not text: a NUL byte");
		} else {
			cli_error(in->label, "cannot detect the encoding: no "
			                     "known encoding decodes the input");
		}
		return CLI_EXIT_DATA;
	}
	*from = best.encoding;
	/* EUC-KR means no UHC-only code in the prefix; one may come later,
	 * and CP949 decodes EUC-KR text alike: convert with the superset
	 * (glibc's CP949 lacks one KS X 1001:2002 code, A2E8). */
	if (*from == KONORM_ENC_EUC_KR) {
		*from = KONORM_ENC_CP949;
	}
	return CLI_EXIT_OK;
}

/* -f UTF-16 / UTF-32: reads the first bytes into the prefix and picks
 * the byte order their BOM gives, big endian without one (the BOM itself
 * is then dropped as any leading BOM is, unless --keep-bom). */
static int
read_byte_order(struct stream *s, struct cli_input *in,
                enum byte_order_scheme scheme, enum konorm_encoding *from)
{
	s->prefix_len = 0;
	size_t want = scheme == SCHEME_UTF16 ? 2 : 4;
	while (s->prefix_len < want) {
		long got = cli_input_read(in, s->prefix + s->prefix_len,
		                          want - s->prefix_len);
		if (got < 0) {
			return CLI_EXIT_USAGE;
		}
		if (got == 0) {
			break;
		}
		s->prefix_len += (size_t)got;
	}
	const unsigned char *b = (const unsigned char *)s->prefix;
	bool le = s->prefix_len >= 2 && b[0] == 0xFF && b[1] == 0xFE;
	if (scheme == SCHEME_UTF32) {
		le = le && s->prefix_len == 4 && b[2] == 0 && b[3] == 0;
		*from = le ? KONORM_ENC_UTF32LE : KONORM_ENC_UTF32BE;
	} else {
		*from = le ? KONORM_ENC_UTF16LE : KONORM_ENC_UTF16BE;
	}
	return CLI_EXIT_OK;
}

/* -t UTF-16 / UTF-32: the byte order mark, little endian. */
static void
write_byte_order_mark(enum byte_order_scheme scheme)
{
	static const unsigned char le16[] = {0xFF, 0xFE};
	static const unsigned char le32[] = {0xFF, 0xFE, 0x00, 0x00};
	if (scheme == SCHEME_UTF16) {
		cli_write(le16, sizeof(le16));
	} else if (scheme == SCHEME_UTF32) {
		cli_write(le32, sizeof(le32));
	}
}

static void
report_error(struct konorm_converter *cv, const char *label,
             enum konorm_encoding from, enum konorm_encoding to,
             enum konorm_status st)
{
	unsigned char bytes[4];
	size_t nb = konorm_converter_error_bytes(cv, bytes, sizeof(bytes));
	uint64_t at = konorm_converter_offset(cv);
	if (st == KONORM_EILSEQ) {
		cli_error_at(label, at, bytes, nb, "invalid %s sequence",
		             konorm_encoding_name(from));
	} else if (st == KONORM_ETRUNCATED) {
		cli_error_at(label, at, bytes, nb,
		             "incomplete %s sequence",
		             konorm_encoding_name(from));
	} else if (st == KONORM_EUNMAPPABLE) {
		cli_error_at(label, at, bytes, nb, "character not in %s",
		             konorm_encoding_name(to));
	} else {
		cli_error(label, "%s", konorm_strerror(st));
	}
}

/* Feeds data to the converter, writing what comes out. */
static enum konorm_status
pump(struct konorm_converter *cv, struct stream *s, const char *data,
     size_t n)
{
	struct konorm_in in = {data, n, 0};
	for (;;) {
		struct konorm_out out = {s->out, CLI_BLOCK, 0};
		enum konorm_status st = konorm_converter_feed(cv, &in, &out);
		cli_write(s->out, out.pos);
		if (st != KONORM_EBUFSIZE) {
			return st;
		}
	}
}

static enum konorm_status
finish(struct konorm_converter *cv, struct stream *s)
{
	for (;;) {
		struct konorm_out out = {s->out, CLI_BLOCK, 0};
		enum konorm_status st = konorm_converter_finish(cv, &out);
		cli_write(s->out, out.pos);
		if (st != KONORM_EBUFSIZE) {
			return st;
		}
	}
}

static int
convert_stream(struct konorm_converter *cv, struct stream *s,
               struct cli_input *in, const struct convert_opts *o,
               enum konorm_encoding from)
{
	enum konorm_status st = pump(cv, s, s->prefix, s->prefix_len);
	while (st == KONORM_OK) {
		long got = cli_input_read(in, s->block, CLI_BLOCK);
		if (got < 0) {
			return CLI_EXIT_USAGE;
		}
		cli_progress_update(in);
		if (got == 0) {
			st = finish(cv, s);
			break;
		}
		st = pump(cv, s, s->block, (size_t)got);
	}
	cli_progress_clear();
	if (st != KONORM_OK) {
		report_error(cv, in->label, from, o->to, st);
		return CLI_EXIT_DATA;
	}
	uint64_t r = konorm_converter_replaced(cv);
	uint64_t k = konorm_converter_skipped(cv);
	if (r > 0) {
		cli_error(in->label, "%llu invalid or unmappable sequences "
		                     "replaced",
		          (unsigned long long)r);
	}
	if (k > 0) {
		cli_error(in->label, "%llu invalid or unmappable sequences "
		                     "skipped",
		          (unsigned long long)k);
	}
	return CLI_EXIT_OK;
}

static int
convert_file(struct stream *s, const char *name, const struct convert_opts *o)
{
	struct cli_input in;
	if (!cli_input_open(&in, name)) {
		return CLI_EXIT_USAGE;
	}
	enum konorm_encoding from = o->from;
	s->prefix_len = 0;
	cli_progress_start(&in, o->quiet, o->output);
	int status = CLI_EXIT_OK;
	if (o->from_scheme != SCHEME_NONE) {
		status = read_byte_order(s, &in, o->from_scheme, &from);
	} else if (from == KONORM_ENC_UNKNOWN) {
		status = detect_prefix(s, &in, o->max_bytes, &from);
	}
	if (status == CLI_EXIT_OK) {
		/* -t UTF-16 writes its own mark: one from the input would
		 * make two. */
		uint32_t flags = o->to_scheme != SCHEME_NONE
		                         ? o->flags & ~KONORM_CONVERT_KEEP_BOM
		                         : o->flags;
		struct konorm_converter *cv =
		        konorm_converter_new(from, o->to, flags);
		if (cv == NULL) {
			cli_error(in.label, "cannot convert from %s to %s",
			          konorm_encoding_name(from),
			          konorm_encoding_name(o->to));
			status = CLI_EXIT_USAGE;
		} else {
			write_byte_order_mark(o->to_scheme);
			status = convert_stream(cv, s, &in, o, from);
			konorm_converter_free(cv);
		}
	}
	cli_progress_stop();
	cli_input_close(&in);
	return status;
}

int
cmd_convert(int argc, char **argv)
{
	struct convert_opts o = {
		.from = KONORM_ENC_UNKNOWN,
		.to = KONORM_ENC_UTF8,
		.max_bytes = KONORM_DETECT_DEFAULT_LIMIT,
	};
	int st = parse_options(argc, argv, &o);
	if (st != CLI_EXIT_OK) {
		return st < 0 ? CLI_EXIT_OK : st;
	}
	if (!cli_output_open(o.output)) {
		return CLI_EXIT_USAGE;
	}
	struct stream s = {.prefix_cap = o.max_bytes};
	s.prefix = malloc(o.max_bytes);
	s.block = malloc(CLI_BLOCK);
	s.out = malloc(CLI_BLOCK);
	int status = CLI_EXIT_OK;
	if (s.prefix == NULL || s.block == NULL || s.out == NULL) {
		cli_error("convert", "out of memory");
		free(s.out);
		s.out = NULL;
		status = CLI_EXIT_USAGE;
	}
	if (status == CLI_EXIT_OK && optind >= argc) {
		status = convert_file(&s, "-", &o);
	}
	for (int i = optind; s.out != NULL && i < argc; i++) {
		int r = convert_file(&s, argv[i], &o);
		status = r > status ? r : status;
	}
	free(s.prefix);
	free(s.block);
	free(s.out);
	return status;
}
