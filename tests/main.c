/* SPDX-License-Identifier: MIT */
/*
 * konorm-test [SUITE...]: runs the named suites, or all of them, and ends
 * with the line CI reads: "konorm: N passed, N failed".
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	void (*run)(struct kt *t);
} suites[] = {
	{"utf8", suite_utf8},
	{"jamo", suite_jamo},
	{"keyboard", suite_keyboard},
	{"scan", suite_scan},
	{"normalize", suite_normalize},
	{"romanize", suite_romanize},
	{"fix", suite_fix},
	{"detect", suite_detect},
	{"convert", suite_convert},
	{"rename", suite_rename},
	{"ecosystem", suite_ecosystem},
	/* @@suite-table@@ */
	/* cli last: it runs the built binary over golden files. */
	{"cli", suite_cli},
};

int
main(int argc, char **argv)
{
	unsigned long passed = 0, failed = 0;
	int ran = 0;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		bool wanted = argc < 2;
		for (int a = 1; a < argc; a++) {
			wanted |= strcmp(argv[a], suites[i].name) == 0;
		}
		if (!wanted) {
			continue;
		}
		struct kt t = {.suite = suites[i].name};
		suites[i].run(&t);
		printf("%-12s %lu passed, %lu failed\n", suites[i].name,
		       t.passed, t.failed);
		fflush(stdout);
		passed += t.passed;
		failed += t.failed;
		ran++;
	}
	if (ran == 0) {
		fprintf(stderr, "konorm-test: no suite named");
		for (int a = 1; a < argc; a++) {
			fprintf(stderr, " %s", argv[a]);
		}
		fputc('\n', stderr);
		return 2;
	}
	printf("konorm: %lu passed, %lu failed\n", passed, failed);
	return failed == 0 && passed > 0 ? 0 : 1;
}
