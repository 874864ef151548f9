/* SPDX-License-Identifier: MIT */
/* What detect.c and convert.c know about each encoding (encodings.c). */
#ifndef KN_ENCODINGS_H
#define KN_ENCODINGS_H

#include "internal.h"
#include "textmodel.h"

struct kn_encoding_info {
	const char *name;       /* canonical, as konorm_encoding_name */
	const char *iconv_name; /* glibc iconv's name; NULL: decoded here */
	/* The language whose model rates decoded text; KN_LANG_COUNT for
	 * the Unicode encodings (every model), KN_LANG_WESTERN for the
	 * Latin code pages (Western and English). */
	enum kn_lang lang;
	bool ascii_compatible; /* bytes 00-7F are always ASCII */
	unsigned unit;         /* code unit of UTF-16/32, else 1 */
	bool big_endian;
};

/* NULL for KONORM_ENC_UNKNOWN or out of range. */
KN_HIDDEN const struct kn_encoding_info *
kn_encoding_info(enum konorm_encoding enc);

/*
 * Strict byte-level validity, one state machine per encoding (glibc's
 * decoders let some ill-formed bytes through, such as C1 bytes in
 * EUC-KR).  Starts zeroed.  Checks structure only: whether a well-formed
 * code is mapped is left to the decoder.  The Unicode encodings are not
 * handled here (always true).
 */
struct kn_bytestate {
	uint8_t state;    /* 0 between characters */
	uint8_t lead;
	bool header_seen; /* ISO-2022-KR: ESC $ ) C seen */
	bool shifted;     /* ISO-2022-KR: between SO and SI */
	bool special;     /* CP949: a UHC-only code; Latin: a C1 byte */
};

/* Steps over one byte; false when it cannot occur there. */
KN_HIDDEN bool kn_bytestate_step(struct kn_bytestate *s,
                                 enum konorm_encoding enc, uint8_t b);

/*
 * The two-byte codes glibc iconv decodes (tables/gen/gen_codemaps.c), one
 * bitmap per encoding over lead 81-FE x trail 40-FE: bit
 * (lead - 0x81) * KN_CODEMAP_TRAILS + (trail - 0x40).
 */
enum { KN_CODEMAP_EUC_KR, KN_CODEMAP_CP949, KN_CODEMAP_JOHAB,
       KN_CODEMAP_CP932, KN_CODEMAP_BIG5, KN_CODEMAP_COUNT };
#define KN_CODEMAP_TRAILS (0xFE - 0x40 + 1)
#define KN_CODEMAP_BYTES (((0xFE - 0x81 + 1) * KN_CODEMAP_TRAILS + 7) / 8)
KN_HIDDEN extern const uint8_t kn_codemaps[KN_CODEMAP_COUNT]
                                          [KN_CODEMAP_BYTES];

/*
 * The length of a prefix of s[0..n) that is well-formed UTF-8 and ends on
 * a character boundary, found 16 bytes at a time (SSE2; 0 elsewhere).  It
 * may stop short of the first error or of the end (at worst at 0): a
 * scalar validator checks the rest.
 */
KN_HIDDEN size_t kn_utf8_valid_prefix(const uint8_t *s, size_t n);

#endif /* KN_ENCODINGS_H */
