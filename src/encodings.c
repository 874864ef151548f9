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

/* ---- Strict byte-level validity (one state machine per encoding) ----- */

static bool
in_range(uint8_t b, uint8_t lo, uint8_t hi)
{
	return b >= lo && b <= hi;
}

/* KS X 1001 in EUC form: G1 bytes A1-FE in pairs, nothing else above
 * 7F (glibc's EUC-KR lets C1 bytes through as controls; EUC-KR text
 * never has them, so they disqualify it here). */
static bool
step_euc_kr(struct kn_bytestate *c, uint8_t b)
{
	if (c->state == 0) {
		if (b < 0x80) {
			return true;
		}
		c->state = 1;
		return in_range(b, 0xA1, 0xFE);
	}
	c->state = 0;
	return in_range(b, 0xA1, 0xFE);
}

/* CP949 (Unified Hangul Code): leads 81-FE; trails 41-5A, 61-7A, 81-FE
 * for leads up to C6 (C6 only to 52 below A1), A1-FE above.  A lead
 * below A1 or a trail below A1 is a UHC-only code. */
static bool
step_cp949(struct kn_bytestate *c, uint8_t b)
{
	if (c->state == 0) {
		if (b < 0x80) {
			return true;
		}
		c->state = 1;
		c->lead = b;
		return in_range(b, 0x81, 0xFE);
	}
	c->state = 0;
	uint8_t l = c->lead;
	if (in_range(b, 0xA1, 0xFE) && l >= 0xA1) {
		return true;
	}
	bool uhc_trail = in_range(b, 0x41, 0x5A) || in_range(b, 0x61, 0x7A) ||
	                 in_range(b, 0x81, 0xFE);
	if (!uhc_trail || l > 0xC6 || (l == 0xC6 && b > 0x52)) {
		return false;
	}
	c->special = true;
	return true;
}

/* ISO-2022-KR (RFC 1557): 7-bit; "ESC $ ) C" designates KS X 1001 to
 * G1 before any SO; SO shifts to it (bytes 21-7E in pairs), SI back. */
static bool
step_iso2022kr(struct kn_bytestate *c, uint8_t b)
{
	static const uint8_t designation[] = {0x1B, '$', ')', 'C'};
	if (b >= 0x80) {
		return false;
	}
	if (c->state >= 1 && c->state <= 3) { /* inside ESC $ ) C */
		if (b != designation[c->state]) {
			return false;
		}
		c->state = (uint8_t)((c->state + 1) & 3);
		c->header_seen |= c->state == 0;
		return true;
	}
	if (c->state == 4) { /* second byte of a pair */
		c->state = 0;
		return in_range(b, 0x21, 0x7E);
	}
	if (b == 0x1B) {
		c->state = 1;
		return !c->shifted;
	}
	if (b == 0x0E) {
		c->shifted = true;
		return c->header_seen;
	}
	if (b == 0x0F) {
		c->shifted = false;
		return true;
	}
	if (c->shifted) {
		/* RFC 1557: SI comes before a space or a line end. */
		c->state = 4;
		return in_range(b, 0x21, 0x7E);
	}
	return true;
}

/* JOHAB (KS X 1001:2004 annex 3): Hangul leads 84-D3 with trails 41-7E,
 * 81-FE; symbol and Hanja leads D8-DE, E0-F9 with trails 31-7E, 91-FE. */
static bool
step_johab(struct kn_bytestate *c, uint8_t b)
{
	if (c->state == 0) {
		if (b < 0x80) {
			return true;
		}
		c->lead = b;
		c->state = 1;
		return in_range(b, 0x84, 0xD3) || in_range(b, 0xD8, 0xDE) ||
		       in_range(b, 0xE0, 0xF9);
	}
	c->state = 0;
	if (c->lead <= 0xD3) {
		return in_range(b, 0x41, 0x7E) || in_range(b, 0x81, 0xFE);
	}
	return in_range(b, 0x31, 0x7E) || in_range(b, 0x91, 0xFE);
}

/* Shift_JIS as code page 932: singles 00-7F, A1-DF; leads 81-9F, E0-FC;
 * trails 40-7E, 80-FC. */
static bool
step_shift_jis(struct kn_bytestate *c, uint8_t b)
{
	if (c->state == 0) {
		if (b < 0x80 || in_range(b, 0xA1, 0xDF)) {
			return true;
		}
		c->state = 1;
		return in_range(b, 0x81, 0x9F) || in_range(b, 0xE0, 0xFC);
	}
	c->state = 0;
	return in_range(b, 0x40, 0x7E) || in_range(b, 0x80, 0xFC);
}

/* EUC-JP: A1-FE pairs, SS2 (8E) + A1-DF, SS3 (8F) + two A1-FE. */
static bool
step_euc_jp(struct kn_bytestate *c, uint8_t b)
{
	switch (c->state) {
	case 0:
		if (b < 0x80) {
			return true;
		}
		if (b == 0x8E) {
			c->state = 2;
			return true;
		}
		if (b == 0x8F) {
			c->state = 3;
			return true;
		}
		c->state = 1;
		return in_range(b, 0xA1, 0xFE);
	case 2:
		c->state = 0;
		return in_range(b, 0xA1, 0xDF);
	case 3:
		c->state = 1;
		return in_range(b, 0xA1, 0xFE);
	default:
		c->state = 0;
		return in_range(b, 0xA1, 0xFE);
	}
}

/* GB18030: leads 81-FE; trails 40-7E, 80-FE; or four bytes
 * 81-FE 30-39 81-FE 30-39. */
static bool
step_gb18030(struct kn_bytestate *c, uint8_t b)
{
	switch (c->state) {
	case 0:
		if (b < 0x80) {
			return true;
		}
		c->state = 1;
		return in_range(b, 0x81, 0xFE);
	case 1:
		if (in_range(b, 0x30, 0x39)) {
			c->state = 2;
			return true;
		}
		c->state = 0;
		return in_range(b, 0x40, 0x7E) || in_range(b, 0x80, 0xFE);
	case 2:
		c->state = 3;
		return in_range(b, 0x81, 0xFE);
	default:
		c->state = 0;
		return in_range(b, 0x30, 0x39);
	}
}

/* Big5: leads 81-FE; trails 40-7E, A1-FE. */
static bool
step_big5(struct kn_bytestate *c, uint8_t b)
{
	if (c->state == 0) {
		if (b < 0x80) {
			return true;
		}
		c->state = 1;
		return in_range(b, 0x81, 0xFE);
	}
	c->state = 0;
	return in_range(b, 0x40, 0x7E) || in_range(b, 0xA1, 0xFE);
}

/* windows-1252 leaves 81, 8D, 8F, 90 and 9D undefined. */
static bool
step_latin(struct kn_bytestate *c, enum konorm_encoding enc, uint8_t b)
{
	if (in_range(b, 0x80, 0x9F)) {
		c->special = true;
		if (enc == KONORM_ENC_WINDOWS_1252) {
			return b != 0x81 && b != 0x8D && b != 0x8F &&
			       b != 0x90 && b != 0x9D;
		}
	}
	return true;
}

bool
kn_bytestate_step(struct kn_bytestate *c, enum konorm_encoding enc,
                  uint8_t b)
{
	switch (enc) {
	case KONORM_ENC_ASCII:
		return b < 0x80;
	case KONORM_ENC_EUC_KR:
		return step_euc_kr(c, b);
	case KONORM_ENC_CP949:
		return step_cp949(c, b);
	case KONORM_ENC_ISO_2022_KR:
		return step_iso2022kr(c, b);
	case KONORM_ENC_JOHAB:
		return step_johab(c, b);
	case KONORM_ENC_SHIFT_JIS:
		return step_shift_jis(c, b);
	case KONORM_ENC_EUC_JP:
		return step_euc_jp(c, b);
	case KONORM_ENC_GB18030:
		return step_gb18030(c, b);
	case KONORM_ENC_BIG5:
		return step_big5(c, b);
	case KONORM_ENC_WINDOWS_1252:
	case KONORM_ENC_ISO_8859_1:
		return step_latin(c, enc, b);
	default:
		return true;
	}
}

/* ---- Fast UTF-8 validation ------------------------------------------- */

#if defined(__SSE2__)
#include <emmintrin.h>

/* Whether b continues a UTF-8 sequence (10xxxxxx). */
static bool
utf8_cont(uint8_t b)
{
	return (b & 0xC0) == 0x80;
}

/*
 * The end of the last whole character at or before s + j, where s[0..j)
 * is well-formed except that the sequence of a lead among the last three
 * bytes may reach past j.
 */
static size_t
utf8_boundary(const uint8_t *s, size_t j)
{
	size_t k = j;
	while (k > 0 && j - k < 3 && utf8_cont(s[k - 1])) {
		k--;
	}
	if (k == 0 || s[k - 1] < 0xC0) {
		return j;
	}
	size_t len = s[k - 1] >= 0xF0 ? 4 : s[k - 1] >= 0xE0 ? 3 : 2;
	return k - 1 + len > j ? k - 1 : j;
}

static __m128i
load16(const uint8_t *p)
{
	return _mm_loadu_si128((const __m128i *)(const void *)p);
}

/* Bytes of x at or above k (unsigned), as 0xFF lanes. */
static __m128i
bytes_at_least(__m128i x, uint8_t k)
{
	return _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8((char)k)), x);
}

/*
 * The error lanes of the 16 bytes b, given p1, p2, p3: the bytes one,
 * two and three before each.  Unicode 15.0 Table 3-7 (well-formed UTF-8
 * byte sequences): a byte is a continuation (80-BF) exactly when a lead
 * before it announces one there (C0-FF one, E0-FF two, F0-FF three);
 * C0, C1 and F5-FF are never leads; after E0 the second byte is A0-BF,
 * after ED 80-9F (no surrogates), after F0 90-BF, after F4 80-8F (no
 * code point above U+10FFFF).
 */
static __m128i
utf8_block_errors(__m128i b, __m128i p1, __m128i p2, __m128i p3)
{
	/* Signed compares: 80-BF are the bytes below (int8)0xC0. */
	__m128i cont = _mm_cmplt_epi8(b, _mm_set1_epi8((char)0xC0));
	__m128i need = _mm_or_si128(
	        _mm_or_si128(_mm_subs_epu8(p1, _mm_set1_epi8((char)0xBF)),
	                     _mm_subs_epu8(p2, _mm_set1_epi8((char)0xDF))),
	        _mm_subs_epu8(p3, _mm_set1_epi8((char)0xEF)));
	/* No continuation needed and none present, or both: fine. */
	__m128i err = _mm_cmpeq_epi8(
	        _mm_cmpeq_epi8(need, _mm_setzero_si128()), cont);
	__m128i c0c1 = _mm_cmpeq_epi8(_mm_and_si128(b, _mm_set1_epi8(
	                                                      (char)0xFE)),
	                              _mm_set1_epi8((char)0xC0));
	err = _mm_or_si128(err, _mm_or_si128(c0c1, bytes_at_least(b, 0xF5)));
	__m128i below_a0 = _mm_cmplt_epi8(b, _mm_set1_epi8((char)0xA0));
	__m128i below_90 = _mm_cmplt_epi8(b, _mm_set1_epi8((char)0x90));
	__m128i e0 = _mm_and_si128(
	        _mm_cmpeq_epi8(p1, _mm_set1_epi8((char)0xE0)), below_a0);
	__m128i ed = _mm_andnot_si128(
	        below_a0, _mm_cmpeq_epi8(p1, _mm_set1_epi8((char)0xED)));
	__m128i f0 = _mm_and_si128(
	        _mm_cmpeq_epi8(p1, _mm_set1_epi8((char)0xF0)), below_90);
	__m128i f4 = _mm_andnot_si128(
	        below_90, _mm_cmpeq_epi8(p1, _mm_set1_epi8((char)0xF4)));
	return _mm_or_si128(err, _mm_or_si128(_mm_or_si128(e0, ed),
	                                      _mm_or_si128(f0, f4)));
}

size_t
kn_utf8_valid_prefix(const uint8_t *s, size_t n)
{
	if (n < 16) {
		return 0;
	}
	/* The first block's predecessors are three ASCII bytes. */
	uint8_t head[19] = {0};
	memcpy(head + 3, s, 16);
	__m128i b = load16(head + 3);
	__m128i e = utf8_block_errors(b, load16(head + 2), load16(head + 1),
	                              load16(head));
	if (_mm_movemask_epi8(e) != 0) {
		return 0;
	}
	bool tail_ascii = _mm_movemask_epi8(b) == 0;
	size_t i = 16;
	for (; i + 16 <= n; i += 16) {
		const uint8_t *p = s + i;
		b = load16(p);
		bool ascii = _mm_movemask_epi8(b) == 0;
		if (ascii && tail_ascii) {
			continue; /* ASCII after ASCII */
		}
		tail_ascii = ascii;
		e = utf8_block_errors(b, load16(p - 1), load16(p - 2),
		                      load16(p - 3));
		if (_mm_movemask_epi8(e) != 0) {
			break;
		}
	}
	return utf8_boundary(s, i);
}
#else
size_t
kn_utf8_valid_prefix(const uint8_t *s, size_t n)
{
	(void)s;
	(void)n;
	return 0; /* the scalar validator does it all */
}
#endif
