/* SPDX-License-Identifier: MIT */
/*
 * mojibake.h - the shared detector of garbled spans (src/mojibake.c).
 *
 * Used by `fix` (which repairs the repairable spans) and by `scan` (which
 * reports every span as a finding of kind "mojibake").  Internal: never
 * installed.
 */
#ifndef KN_MOJIBAKE_H
#define KN_MOJIBAKE_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Which wrong decoding produced a span.  The first group can be undone
 * (the original bytes survive in the garbled text); the second cannot
 * (bytes were replaced or dropped by the wrong decoder) and is only
 * reported.
 */
enum kn_mojibake_kind {
	/* UTF-8 bytes decoded as Windows-1252 (the five undefined bytes
	 * 81 8D 8F 90 9D kept as C1 controls, as browsers do). */
	KN_MOJI_UTF8_AS_CP1252,
	/* UTF-8 bytes decoded as ISO-8859-1 (C1 controls for 80..9F). */
	KN_MOJI_UTF8_AS_LATIN1,
	/* UTF-8 bytes decoded as Mac OS Roman. */
	KN_MOJI_UTF8_AS_MACROMAN,
	/* CP949 / EUC-KR bytes decoded as ISO-8859-1. */
	KN_MOJI_CP949_AS_LATIN1,
	/* CP949 / EUC-KR bytes decoded as Windows-1252. */
	KN_MOJI_CP949_AS_CP1252,
	/* Two layers of UTF-8-as-Windows-1252/Latin-1. */
	KN_MOJI_DOUBLE_UTF8,
	/* ---- irreversible ---- */
	/* "占쏙옙": U+FFFD's UTF-8 bytes (EF BF BD) read as CP949. */
	KN_MOJI_REPLACEMENT_CP949,
	/* A run of U+FFFD left by a lossy decode. */
	KN_MOJI_REPLACEMENT_RUN,
	/* UTF-8 read as CP949 with undecodable bytes replaced by '?'. */
	KN_MOJI_QUESTION_MARKS,
	/* UTF-8-as-Windows-1252 whose C1 controls were stripped afterwards
	 * (the UTF-8 sequence has lost a byte). */
	KN_MOJI_C1_STRIPPED,
	/* UTF-8 read as CP949 where every byte pair happened to decode (no
	 * '?' left): re-encoded as CP949 it is UTF-8 again.  Repairable (the
	 * span says so) when the whole word re-encodes to well-formed UTF-8;
	 * only reported when part of it does not. */
	KN_MOJI_UTF8_AS_CP949,
	KN_MOJI_KIND_COUNT
};

/*
 * One garbled span of the input.
 *  start, end  byte offsets into the UTF-8 input, end exclusive, both on
 *              character boundaries.
 *  kind        the mistake (see above).
 *  repairable  true when the span can be undone exactly (the first group
 *              of kinds and a plausible repaired reading); false for the
 *              irreversible kinds.
 *  score       confidence in [0, 1]: how much more plausible the repaired
 *              reading is (repairable spans) or how sure the pattern is
 *              (irreversible spans).
 */
struct kn_mojibake_span {
	size_t start, end;
	enum kn_mojibake_kind kind;
	bool repairable;
	double score;
	/* For kn_mojibake_repair: how many wrong decodings to undo (0 for
	 * irreversible spans) and which reading undoes each, outermost
	 * first. */
	uint8_t layers;
	uint8_t hyp[3];
};

/*
 * Finds garbled spans in s[0..n), which must be valid UTF-8.  Writes up
 * to max spans to spans[] in input order (spans may be NULL when max is
 * 0) and returns how many were found in total, so a caller can retry with
 * a bigger array.  Spans never overlap.  Pure function: thread-safe, no
 * allocation.
 */
KN_HIDDEN size_t kn_mojibake_find(const uint8_t *s, size_t n,
                                  struct kn_mojibake_span *spans,
                                  size_t max);

/* Where a scan stands, to go on with kn_mojibake_find_next; zero it to
 * start.  The scan's whole state: the spans found are those of
 * kn_mojibake_find whatever the batch size. */
struct kn_mojibake_cursor {
	size_t pos;      /* next byte to look at */
	size_t last_end; /* end of the last span found */
	size_t skip[3];  /* per reading: no new attempt before this */
};

/*
 * As kn_mojibake_find, going on from *cursor, but stops before the array
 * could overflow and returns how many spans were written (at most max,
 * which must be at least KN_MOJIBAKE_BATCH_MIN); call again with the same
 * cursor until cursor->pos reaches n.  For callers that walk long texts
 * with a fixed array.
 */
#define KN_MOJIBAKE_BATCH_MIN 128
KN_HIDDEN size_t kn_mojibake_find_next(const uint8_t *s, size_t n,
                                       struct kn_mojibake_cursor *cursor,
                                       struct kn_mojibake_span *spans,
                                       size_t max);

/*
 * Writes the repaired text of one repairable span (as found by
 * kn_mojibake_find on the same s) to out.  Returns false, writing
 * nothing, if the span is not repairable.
 */
KN_HIDDEN bool kn_mojibake_repair(const uint8_t *s,
                                  const struct kn_mojibake_span *span,
                                  struct kn_sink *out);

/* Stable lower-case name of a kind for messages and JSON:
 * "utf8-as-cp1252", "utf8-as-latin1", "utf8-as-macroman",
 * "cp949-as-latin1", "cp949-as-cp1252", "double-utf8",
 * "replacement-cp949", "replacement-run", "question-marks",
 * "c1-stripped", "utf8-as-cp949"; "unknown" for anything else. */
KN_HIDDEN const char *kn_mojibake_kind_name(enum kn_mojibake_kind k);

/* True for the kinds whose original bytes are lost. */
KN_HIDDEN bool kn_mojibake_kind_irreversible(enum kn_mojibake_kind k);

#endif /* KN_MOJIBAKE_H */
