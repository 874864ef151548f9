/* SPDX-License-Identifier: MIT */
/*
 * Corpus replay: runs a libFuzzer target's LLVMFuzzerTestOneInput over
 * every file in the directories (or files) named on the command line, so
 * that CI exercises the targets, under the sanitizers, without libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return 1;
	}
	size_t cap = 1 << 16, n = 0, r;
	uint8_t *buf = malloc(cap);
	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(f);
	/* An exact-size copy so that ASan sees any read past the input. */
	uint8_t *exact = malloc(n ? n : 1);
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

int
main(int argc, char **argv)
{
	int failures = 0, count = 0;
	for (int a = 1; a < argc; a++) {
		struct stat st;
		if (stat(argv[a], &st) != 0) {
			fprintf(stderr, "replay: no such corpus %s\n", argv[a]);
			failures++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			failures += replay_file(argv[a]);
			count++;
			continue;
		}
		DIR *d = opendir(argv[a]);
		struct dirent *e;
		while (d != NULL && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.') {
				continue;
			}
			size_t n = strlen(argv[a]) + strlen(e->d_name) + 2;
			char *p = malloc(n);
			snprintf(p, n, "%s/%s", argv[a], e->d_name);
			failures += replay_file(p);
			count++;
			free(p);
		}
		if (d != NULL) {
			closedir(d);
		}
	}
	printf("replayed %d inputs\n", count);
	return failures != 0 || count == 0;
}
