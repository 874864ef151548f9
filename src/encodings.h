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

#endif /* KN_ENCODINGS_H */
