/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the name logic of `konorm rename` (src/cli/cmd_rename.c)
 * on arbitrary bytes as a file name.  Properties:
 *  - the new name, when there is one, is well-formed UTF-8 in NFC, and
 *    asking again about it says it needs nothing (no name is renamed
 *    twice);
 *  - a name that needs nothing is itself NFC UTF-8;
 *  - an undecodable name's offset lies inside it;
 *  - the shown form of a name has no control characters (C0, DEL, C1,
 *    bidi), is UTF-8, and unescaping it gives back the name byte for
 *    byte.
 * The first byte picks the legacy encoding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The command is not a library: compile it (and the I/O it uses) into
 * the target to reach its static functions. */
#include "../../src/cli/io.c"
#include "../../src/cli/cmd_rename.c"

static bool
is_nfc_utf8(const char *p, size_t n)
{
	struct konorm_result r = konorm_normalize_check(p, n, KONORM_NFC);
	return r.status == KONORM_OK;
}

static int
hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c - 'a' + 10;
}

/* Inverse of escape_into: \xNN, \' and \\. */
static size_t
unescape(const char *s, char *out)
{
	size_t n = 0;
	while (*s != '\0') {
		if (s[0] == '\\' && s[1] == 'x') {
			int hi = hex_digit(s[2]), lo = hex_digit(s[3]);
			out[n++] = (char)(hi * 16 + lo);
			s += 4;
		} else if (s[0] == '\\') {
			out[n++] = s[1];
			s += 2;
		} else {
			out[n++] = *s++;
		}
	}
	return n;
}

static void
check_shown(const char *name, size_t len)
{
	char *shown = shown_path(NULL, name, len);
	if (shown == NULL) {
		abort();
	}
	size_t n = strlen(shown);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)shown[i];
		size_t k;
		if (c < 0x20 || c == 0x7F ||
		    is_hidden_control((const unsigned char *)shown + i, n - i,
		                      &k)) {
			abort();
		}
	}
	if (konorm_utf8_validate(shown, n, NULL) != KONORM_OK) {
		abort();
	}
	char *back = malloc(n + 1);
	size_t m = unescape(shown, back);
	if (m != len || memcmp(back, name, len) != 0) {
		abort();
	}
	free(back);
	free(shown);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum konorm_encoding legacy[] = {
		KONORM_ENC_CP949, KONORM_ENC_EUC_KR, KONORM_ENC_JOHAB};
	if (size == 0 || size > 4096) {
		return 0;
	}
	struct renamer r = {.legacy = legacy[data[0] % 3]};
	/* A file name holds no NUL: cut there, as the kernel would refuse
	 * it anyway. */
	const char *name = (const char *)data + 1;
	size_t len = strnlen(name, size - 1);
	char *copy = malloc(len + 1);
	memcpy(copy, name, len);
	copy[len] = '\0';
	check_shown(copy, len);
	char *to = NULL;
	size_t to_len = 0, bad = 0, bad_len = 0;
	switch (new_name(&r, copy, len, &to, &to_len, &bad, &bad_len)) {
	case NAME_OK:
		if (!is_nfc_utf8(copy, len)) {
			abort();
		}
		break;
	case NAME_NEW: {
		if (!is_nfc_utf8(to, to_len)) {
			abort();
		}
		char *again = NULL;
		size_t again_len = 0;
		if (new_name(&r, to, to_len, &again, &again_len, &bad,
		             &bad_len) != NAME_OK) {
			abort();
		}
		konorm_free(to);
		break;
	}
	case NAME_UNDECODABLE:
		if (bad > len || bad_len > 4) {
			abort();
		}
		break;
	case NAME_NOMEM:
		break;
	}
	free(copy);
	return 0;
}
