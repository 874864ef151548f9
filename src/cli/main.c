/* SPDX-License-Identifier: MIT */
/* konorm COMMAND [OPTIONS] [FILE...]: dispatch to the subcommands. */
#include "cli.h"

#include "konorm.h"

#include <stdio.h>
#include <string.h>

/* Each stage of the flow is a subcommand; the order is the flow's. */
static const struct cli_command commands[] = {
	{"detect", "name the encoding of each file", cmd_detect},
	{"convert", "convert between encodings (iconv-like, strict)",
	 cmd_convert},
	{"fix", "repair mojibake (UTF-8/CP949 read with the wrong decoder)",
	 cmd_fix},
	{"normalize", "normalize to NFC/NFD/NFKC/NFKD, compose Hangul jamo",
	 cmd_normalize},
	{"romanize", "Korean in Latin letters: RR, MR, Yale, reversible RR",
	 cmd_romanize},
	{"scan", "flag spam insertions, homoglyphs, invisibles, bidi controls",
	 cmd_scan},
	{"keyboard", "Dubeolsik keys typed in English mode <-> Hangul",
	 cmd_keyboard},
	{"rename", "rename NFD or CP949 file names to NFC UTF-8",
	 cmd_rename},
	/* @@command-table@@ */
	{NULL, NULL, NULL},
};

static void
print_help(FILE *f)
{
	fputs("Usage: konorm COMMAND [OPTIONS] [FILE...]\n"
	      "Detect, convert, repair, normalize, romanize and scan text that\n"
	      "mixes Korean and English.  With no FILE, or when FILE is -,\n"
	      "read standard input.\n\nCommands:\n",
	      f);
	for (size_t i = 0; commands[i].name != NULL; i++) {
		fprintf(f, "  %-10s %s\n", commands[i].name,
		        commands[i].summary);
	}
	fputs("\nOptions:\n"
	      "  -h, --help     show this help and exit\n"
	      "  -V, --version  show the library and Unicode versions\n"
	      "\n'konorm COMMAND --help' describes a command.\n"
	      "Exit status: 0 ok, 1 data problem, 2 usage or I/O error.\n",
	      f);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		print_help(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
	    strcmp(name, "help") == 0) {
		print_help(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
		printf("konorm %s (Unicode %s)\n", konorm_version(),
		       konorm_unicode_version());
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; commands[i].name != NULL; i++) {
		if (strcmp(name, commands[i].name) == 0) {
			/* The command sees itself as argv[0], as getopt
			 * expects. */
			int status = commands[i].run(argc - 1, argv + 1);
			if (!cli_output_close() && status == CLI_EXIT_OK) {
				status = CLI_EXIT_USAGE;
			}
			return status;
		}
	}
	fprintf(stderr,
	        "konorm: unknown command '%s'\nTry 'konorm --help'.\n", name);
	return CLI_EXIT_USAGE;
}
