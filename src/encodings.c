/* SPDX-License-Identifier: MIT */
/*
 * Encoding names and aliases.  Aliases follow the IANA character set
 * registry and the WHATWG Encoding Standard's labels where they name the
 * same byte sequences (WHATWG's "euc-kr" labels, such as ks_c_5601-1987
 * and windows-949, denote the UHC superset, so they map to CP949 here).
 */
#include "encodings.h"

#include <string.h>

static const struct kn_encoding_info infos[KONORM_ENC_COUNT] = {
	[KONORM_ENC_ASCII] = {"ASCII", NULL, KN_LANG_EN, true, 1, false},
	[KONORM_ENC_UTF8] = {"UTF-8", NULL, KN_LANG_COUNT, true, 1, false},
	[KONORM_ENC_UTF16LE] = {"UTF-16LE", NULL, KN_LANG_COUNT, false, 2,
	                        false},
	[KONORM_ENC_UTF16BE] = {"UTF-16BE", NULL, KN_LANG_COUNT, false, 2,
	                        true},
	[KONORM_ENC_UTF32LE] = {"UTF-32LE", NULL, KN_LANG_COUNT, false, 4,
	                        false},
	[KONORM_ENC_UTF32BE] = {"UTF-32BE", NULL, KN_LANG_COUNT, false, 4,
	                        true},
	[KONORM_ENC_EUC_KR] = {"EUC-KR", "EUC-KR", KN_LANG_KO, true, 1, false},
	[KONORM_ENC_CP949] = {"CP949", "CP949", KN_LANG_KO, true, 1, false},
	/* 7-bit, but SO switches bytes 21-7E to KS X 1001. */
	[KONORM_ENC_ISO_2022_KR] = {"ISO-2022-KR", "ISO-2022-KR", KN_LANG_KO,
	                            false, 1, false},
	[KONORM_ENC_JOHAB] = {"JOHAB", "JOHAB", KN_LANG_KO, true, 1, false},
	/* glibc's SHIFT_JIS maps 5C/7E to YEN SIGN/OVERLINE; CP932 keeps
	 * ASCII, as Windows and the WHATWG standard do. */
	[KONORM_ENC_SHIFT_JIS] = {"SHIFT_JIS", "CP932", KN_LANG_JA, true, 1,
	                          false},
	[KONORM_ENC_EUC_JP] = {"EUC-JP", "EUC-JP", KN_LANG_JA, true, 1, false},
	[KONORM_ENC_GB18030] = {"GB18030", "GB18030", KN_LANG_ZH_HANS, true,
	                        1, false},
	[KONORM_ENC_BIG5] = {"BIG5", "BIG5", KN_LANG_ZH_HANT, true, 1, false},
	[KONORM_ENC_WINDOWS_1252] = {"WINDOWS-1252", "CP1252",
	                             KN_LANG_WESTERN, true, 1, false},
	[KONORM_ENC_ISO_8859_1] = {"ISO-8859-1", "ISO-8859-1",
	                           KN_LANG_WESTERN, true, 1, false},
};

/* Aliases in folded form (upper case, without - _ . and spaces). */
static const struct {
	const char *folded;
	enum konorm_encoding enc;
} aliases[] = {
	{"ASCII", KONORM_ENC_ASCII},
	{"USASCII", KONORM_ENC_ASCII},
	{"ANSIX341968", KONORM_ENC_ASCII},
	{"CP367", KONORM_ENC_ASCII},
	{"UTF8", KONORM_ENC_UTF8},
	{"UTF16LE", KONORM_ENC_UTF16LE},
	{"UTF16BE", KONORM_ENC_UTF16BE},
	{"UTF32LE", KONORM_ENC_UTF32LE},
	{"UTF32BE", KONORM_ENC_UTF32BE},
	{"UCS4LE", KONORM_ENC_UTF32LE},
	{"UCS4BE", KONORM_ENC_UTF32BE},
	{"EUCKR", KONORM_ENC_EUC_KR},
	{"CSEUCKR", KONORM_ENC_EUC_KR},
	{"CP949", KONORM_ENC_CP949},
	{"UHC", KONORM_ENC_CP949},
	{"MS949", KONORM_ENC_CP949},
	{"MSCP949", KONORM_ENC_CP949},
	{"WINDOWS949", KONORM_ENC_CP949},
	{"KSC56011987", KONORM_ENC_CP949},
	{"KSC5601", KONORM_ENC_CP949},
	{"CSKSC56011987", KONORM_ENC_CP949},
	{"ISOIR149", KONORM_ENC_CP949},
	{"KOREAN", KONORM_ENC_CP949},
	{"ISO2022KR", KONORM_ENC_ISO_2022_KR},
	{"CSISO2022KR", KONORM_ENC_ISO_2022_KR},
	{"JOHAB", KONORM_ENC_JOHAB},
	{"CP1361", KONORM_ENC_JOHAB},
	{"SHIFTJIS", KONORM_ENC_SHIFT_JIS},
	{"SJIS", KONORM_ENC_SHIFT_JIS},
	{"CP932", KONORM_ENC_SHIFT_JIS},
	{"MS932", KONORM_ENC_SHIFT_JIS},
	{"WINDOWS31J", KONORM_ENC_SHIFT_JIS},
	{"MSKANJI", KONORM_ENC_SHIFT_JIS},
	{"CSSHIFTJIS", KONORM_ENC_SHIFT_JIS},
	{"EUCJP", KONORM_ENC_EUC_JP},
	{"CSEUCPKDFMTJAPANESE", KONORM_ENC_EUC_JP},
	{"GB18030", KONORM_ENC_GB18030},
	{"BIG5", KONORM_ENC_BIG5},
	{"CNBIG5", KONORM_ENC_BIG5},
	{"CSBIG5", KONORM_ENC_BIG5},
	{"WINDOWS1252", KONORM_ENC_WINDOWS_1252},
	{"CP1252", KONORM_ENC_WINDOWS_1252},
	{"ISO88591", KONORM_ENC_ISO_8859_1},
	{"LATIN1", KONORM_ENC_ISO_8859_1},
	{"L1", KONORM_ENC_ISO_8859_1},
	{"CP819", KONORM_ENC_ISO_8859_1},
	{"IBM819", KONORM_ENC_ISO_8859_1},
	{"CSISOLATIN1", KONORM_ENC_ISO_8859_1},
};

const struct kn_encoding_info *
kn_encoding_info(enum konorm_encoding enc)
{
	if (enc <= KONORM_ENC_UNKNOWN || enc >= KONORM_ENC_COUNT) {
		return NULL;
	}
	return &infos[enc];
}

const char *
konorm_encoding_name(enum konorm_encoding enc)
{
	const struct kn_encoding_info *i = kn_encoding_info(enc);
	return i != NULL ? i->name : "UNKNOWN";
}

enum konorm_encoding
konorm_encoding_lookup(const char *name, size_t len)
{
	char folded[32];
	size_t n = 0;
	if (name == NULL) {
		return KONORM_ENC_UNKNOWN;
	}
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (c == '-' || c == '_' || c == '.' || c == ' ') {
			continue;
		}
		if (n + 1 >= sizeof(folded) || (unsigned char)c >= 0x80 ||
		    c == '\0') {
			return KONORM_ENC_UNKNOWN;
		}
		folded[n++] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
	}
	folded[n] = '\0';
	for (size_t i = 0; i < KN_ARRAY_LEN(aliases); i++) {
		if (strcmp(aliases[i].folded, folded) == 0) {
			return aliases[i].enc;
		}
	}
	return KONORM_ENC_UNKNOWN;
}
