/* SPDX-License-Identifier: MIT */
/* Library-wide entry points: versions, error messages, memory. */
#include "internal.h"

#include <stdlib.h>

const char *
konorm_version(void)
{
	return KONORM_VERSION_STRING;
}

const char *
konorm_unicode_version(void)
{
	return KONORM_UNICODE_VERSION;
}

void
konorm_free(void *ptr)
{
	free(ptr);
}

const char *
konorm_strerror(enum konorm_status status)
{
	switch (status) {
	case KONORM_OK:
		return "success";
	case KONORM_MORE:
		return "more input needed";
	case KONORM_EINVAL:
		return "invalid argument";
	case KONORM_ENOMEM:
		return "out of memory";
	case KONORM_EBUFSIZE:
		return "output buffer too small";
	case KONORM_EINVAL_UTF8:
		return "invalid UTF-8";
	case KONORM_ETRUNCATED:
		return "input ends inside a UTF-8 sequence";
	case KONORM_ETOOLONG:
		return "combining sequence longer than the supported limit";
	case KONORM_EENCODING:
		return "unknown or unsupported encoding";
	case KONORM_EILSEQ:
		return "invalid byte sequence for the source encoding";
	case KONORM_EUNMAPPABLE:
		return "character cannot be represented in the target encoding";
	case KONORM_ESTATE:
		return "handle used after an error or after finish";
	case KONORM_EINTERNAL:
		return "internal error in a dependency";
	}
	return "unknown status";
}
