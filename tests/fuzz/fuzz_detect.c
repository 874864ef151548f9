/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the detector.  Properties: the answer decodes the
 * input (the rule: never name an encoding that fails to decode
 * it), the answer does not depend on how the input is chunked, the
 * confidences are in [0, 1] and sum to 1, and a prefix answer decodes
 * the input up to a sequence cut at its end.
 */
#include "konorm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static enum konorm_status
decode(enum konorm_encoding enc, const uint8_t *data, size_t size,
       bool prefix)
{
	struct konorm_converter *c =
	        konorm_converter_new(enc, KONORM_ENC_UTF8, 0);
	if (c == NULL) {
		abort();
	}
	char out[4096];
	struct konorm_in in = {(const char *)data, size, 0};
	enum konorm_status st;
	do {
		struct konorm_out o = {out, sizeof(out), 0};
		st = konorm_converter_feed(c, &in, &o);
		if (o.pos > sizeof(out)) {
			abort();
		}
	} while (st == KONORM_EBUFSIZE);
	if (st == KONORM_OK && !prefix) {
		do {
			struct konorm_out o = {out, sizeof(out), 0};
			st = konorm_converter_finish(c, &o);
		} while (st == KONORM_EBUFSIZE);
	}
	konorm_converter_free(c);
	return st;
}

static enum konorm_encoding
detect_in_chunks(const uint8_t *data, size_t size, size_t chunk)
{
	struct konorm_detector *d = konorm_detector_new(0);
	if (d == NULL) {
		abort();
	}
	/* Feeds it all: stopping at KONORM_OK would judge a prefix. */
	for (size_t i = 0; i < size; i += chunk) {
		size_t k = size - i < chunk ? size - i : chunk;
		konorm_detector_feed(d, (const char *)data + i, k);
	}
	konorm_detector_finish(d);
	struct konorm_candidate c[KONORM_ENC_COUNT];
	size_t n = konorm_detector_result(d, c, KONORM_ENC_COUNT);
	double sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(c[i].confidence >= 0 && c[i].confidence <= 1.0000001)) {
			abort();
		}
		sum += c[i].confidence;
	}
	if (n > 0 && (sum < 0.999 || sum > 1.001)) {
		abort();
	}
	konorm_detector_free(d);
	return n > 0 ? c[0].encoding : KONORM_ENC_UNKNOWN;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 16384) {
		return 0; /* below the limit: the whole input is judged */
	}
	struct konorm_candidate best;
	enum konorm_status st =
	        konorm_detect((const char *)data, size, 0, &best);
	if (st == KONORM_OK) {
		if (decode(best.encoding, data, size, false) != KONORM_OK) {
			abort(); /* an answer that fails to decode the input */
		}
	} else if (st != KONORM_EILSEQ) {
		abort();
	}
	/* Chunking does not change the answer. */
	enum konorm_encoding whole = st == KONORM_OK ? best.encoding
	                                             : KONORM_ENC_UNKNOWN;
	if (detect_in_chunks(data, size, 1) != whole ||
	    detect_in_chunks(data, size, 7) != whole) {
		abort();
	}
	/* As a prefix, the answer decodes all but a cut last sequence. */
	if (konorm_detect((const char *)data, size, KONORM_DETECT_PREFIX,
	                  &best) == KONORM_OK &&
	    decode(best.encoding, data, size, true) != KONORM_OK) {
		abort();
	}
	return 0;
}
