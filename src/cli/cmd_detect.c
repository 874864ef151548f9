/* SPDX-License-Identifier: MIT */
/*
 * konorm detect [--json] [--all] [--max-bytes N] [--prefer ENC] [--lang L]
 * [FILE...]: name the encoding of each file.
 *
 * Reads each input in CLI_BLOCK pieces only until the detector is certain
 * or has seen --max-bytes, so a large file costs a prefix.
 */
#include "cli.h"

#include "konorm.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct detect_opts {
	bool json;
	bool all;
	size_t max_bytes;
	enum konorm_encoding prefer;
	const char *lang;
};

static void
print_help(void)
{
	cli_write_str(
	        "Usage: konorm detect [OPTIONS] [FILE...]\n"
	        "Name the encoding of each FILE: UTF-8, UTF-16/32 (with or\n"
	        "without a byte order mark), EUC-KR, CP949, ISO-2022-KR, JOHAB,\n"
	        "SHIFT_JIS, EUC-JP, GB18030, BIG5, WINDOWS-1252, ISO-8859-1 or\n"
	        "ASCII.  Prints 'FILE: ENCODING CONFIDENCE', with ' bom' when the\n"
	        "file starts with a byte order mark.  With no FILE, or when FILE\n"
	        "is -, read standard input.\n"
	        "\n"
	        "Options:\n"
	        "      --json           one JSON object per line: file,\n"
	        "                       encoding, confidence, bom, language\n"
	        "  -a, --all            list every candidate, best first\n"
	        "  -m, --max-bytes=N    examine at most N bytes (default 65536)\n"
	        "  -p, --prefer=ENC     favour ENC when the evidence is close\n"
	        "  -L, --lang=LANG      the text's language: ko, ja, zh,\n"
	        "                       zh-Hans, zh-Hant, en, de, fr, es, ...\n"
	        "  -h, --help           show this help and exit\n"
	        "\n"
	        "EUC-KR is answered for Korean text that uses no UHC-only code,\n"
	        "CP949 when it does.  Binary data (NUL bytes beside bytes\n"
	        "above 7F) is no encoding: the byte offset of a NUL is given.\n"
	        "Exit status: 0 ok, 1 when no encoding decodes a file (binary\n"
	        "data included), 2 usage or I/O error.\n");
}

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || *end != '\0' || s[0] == '-') {
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

static int
parse_options(int argc, char **argv, struct detect_opts *o)
{
	enum { OPT_JSON = 256 };
	static const struct option longopts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"all", no_argument, NULL, 'a'},
		{"max-bytes", required_argument, NULL, 'm'},
		{"prefer", required_argument, NULL, 'p'},
		{"lang", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "am:p:L:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case OPT_JSON:
			o->json = true;
			break;
		case 'a':
			o->all = true;
			break;
		case 'm':
			if (parse_size(optarg, &o->max_bytes) != 0 ||
			    o->max_bytes == 0) {
				return cli_usage_error(
				        "detect",
				        "--max-bytes takes a positive number, "
				        "not '%s'",
				        optarg);
			}
			break;
		case 'p':
			o->prefer = konorm_encoding_lookup(optarg,
			                                   strlen(optarg));
			if (o->prefer == KONORM_ENC_UNKNOWN) {
				return cli_usage_error(
				        "detect", "unknown encoding '%s'",
				        optarg);
			}
			break;
		case 'L':
			o->lang = optarg;
			break;
		case 'h':
			print_help();
			return -1;
		default:
			return cli_usage_error("detect", "invalid option");
		}
	}
	return CLI_EXIT_OK;
}

static void
print_candidate(const char *label, const struct konorm_candidate *c,
                bool json)
{
	if (json) {
		cli_write_str("{\"file\":");
		cli_write_json_string(label, strlen(label));
		cli_printf(",\"encoding\":\"%s\",\"confidence\":%.2f,"
		           "\"bom\":%s,\"language\":\"%s\"}\n",
		           konorm_encoding_name(c->encoding), c->confidence,
		           c->bom_len > 0 ? "true" : "false", c->language);
		return;
	}
	cli_printf("%s: %s %.2f%s\n", label, konorm_encoding_name(c->encoding),
	           c->confidence, c->bom_len > 0 ? " bom" : "");
}

/* Feeds the detector until it is certain, at its limit, or at EOF;
 * *nul_at is the offset of the first NUL byte fed (UINT64_MAX: none),
 * to say "binary" when no encoding is left. */
static int
feed_file(struct konorm_detector *d, struct cli_input *in, char *buf,
          uint64_t *nul_at)
{
	*nul_at = UINT64_MAX;
	for (;;) {
		long got = cli_input_read(in, buf, CLI_BLOCK);
		if (got < 0) {
			return CLI_EXIT_USAGE;
		}
		const char *nul = *nul_at == UINT64_MAX && got > 0
		                          ? memchr(buf, 0, (size_t)got)
		                          : NULL;
		if (nul != NULL) {
			*nul_at = in->offset - (uint64_t)got + (uint64_t)(nul - buf);
		}
		if (got == 0) {
			konorm_detector_finish(d);
			return CLI_EXIT_OK;
		}
		enum konorm_status st =
		        konorm_detector_feed(d, buf, (size_t)got);
		if (st < 0) {
			cli_error(in->label, "%s", konorm_strerror(st));
			return CLI_EXIT_USAGE;
		}
		if (st == KONORM_OK) {
			/* Certain, or at --max-bytes: the rest is not read,
			 * and the answer treats the input as cut there. */
			konorm_detector_finish_cut(d);
			return CLI_EXIT_OK;
		}
	}
}

static int
detect_file(struct konorm_detector *d, const char *name,
            const struct detect_opts *o, char *buf)
{
	struct cli_input in;
	if (!cli_input_open(&in, name)) {
		return CLI_EXIT_USAGE;
	}
	konorm_detector_reset(d);
	uint64_t nul_at;
	int status = feed_file(d, &in, buf, &nul_at);
	if (status == CLI_EXIT_OK) {
		struct konorm_candidate cand[KONORM_ENC_COUNT];
		size_t n = konorm_detector_result(d, cand, KONORM_ENC_COUNT);
		if (n == 0 && nul_at != UINT64_MAX) {
			cli_error_at(in.label, nul_at, "\0", 1,
			             "binary data, not text: a NUL byte");
			status = CLI_EXIT_DATA;
		} else if (n == 0) {
			cli_error(in.label,
			          "no known encoding decodes the input");
			status = CLI_EXIT_DATA;
		}
		for (size_t i = 0; i < n && (i == 0 || o->all); i++) {
			print_candidate(in.label, &cand[i], o->json);
		}
	}
	cli_input_close(&in);
	return status;
}

int
cmd_detect(int argc, char **argv)
{
	struct detect_opts o = {.max_bytes = KONORM_DETECT_DEFAULT_LIMIT};
	int st = parse_options(argc, argv, &o);
	if (st != CLI_EXIT_OK) {
		return st < 0 ? CLI_EXIT_OK : st;
	}
	struct konorm_detector *d = konorm_detector_new(0);
	char *buf = malloc(CLI_BLOCK);
	if (d == NULL || buf == NULL) {
		konorm_detector_free(d);
		free(buf);
		cli_error("detect", "out of memory");
		return CLI_EXIT_USAGE;
	}
	konorm_detector_set_limit(d, o.max_bytes);
	if (o.prefer != KONORM_ENC_UNKNOWN) {
		konorm_detector_prefer(d, o.prefer);
	}
	if (o.lang != NULL &&
	    konorm_detector_set_language(d, o.lang) != KONORM_OK) {
		konorm_detector_free(d);
		free(buf);
		return cli_usage_error("detect", "unknown language '%s'",
		                       o.lang);
	}
	int status = CLI_EXIT_OK;
	if (optind >= argc) {
		status = detect_file(d, "-", &o, buf);
	}
	for (int i = optind; i < argc; i++) {
		int s = detect_file(d, argv[i], &o, buf);
		status = s > status ? s : status;
	}
	konorm_detector_free(d);
	free(buf);
	return status;
}
