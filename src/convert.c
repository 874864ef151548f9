/* SPDX-License-Identifier: MIT */
/*
 * Conversion between encodings, on glibc iconv.  Two stages: the source
 * is decoded to code points (by iconv into UTF-32LE, or here for the
 * Unicode encodings), then encoded (here for Unicode targets, by iconv
 * from UTF-32LE otherwise).  The split lets every error carry the byte
 * offset of the source sequence at fault, applies one policy to invalid
 * and unmappable input, and checks strictness where glibc is lax (C1
 * bytes in EUC-KR, EUC-JP and Big5; ISO-2022-KR without its designation
 * -- see kn_bytestate_step).  Input is taken in slices of SLICE bytes, so
 * memory is bounded by the handle's size whatever the stream.
 */
#include "encodings.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#define SLICE 4096
/* Output of one slice: 4 bytes per code point is the most any target
 * needs per source byte (UTF-32), plus ISO-2022-KR's shifts (SO/SI per
 * character at worst) and its 4-byte designation. */
#define PEND_CAP (SLICE * 8 + 64)
#define WON_SIGN 0x20A9u

struct konorm_converter {
	enum konorm_encoding from, to;
	const struct kn_encoding_info *fi, *ti;
	uint32_t flags;
	iconv_t dec; /* source -> UTF-32LE, or (iconv_t)-1 */
	iconv_t enc; /* UTF-32LE -> target, or (iconv_t)-1 */
	/* Legacy source straight to UTF-8 (the common case, one iconv
	 * pass; nothing can be unmappable), or (iconv_t)-1. */
	iconv_t direct;
	bool strict_bytes; /* run kn_bytestate_step on the source */
	struct kn_bytestate bs;
	uint8_t carry[8]; /* an incomplete sequence held back */
	size_t ncarry;
	uint64_t consumed; /* input bytes taken, carry included */
	bool at_start;     /* nothing decoded yet (BOM rule) */
	/* Output not yet handed to the caller. */
	uint8_t pend[PEND_CAP];
	size_t pend_pos, pend_len;
	/* A stop: status, offset and bytes of the offending sequence. */
	enum konorm_status error;
	uint64_t err_offset;
	uint8_t err_bytes[4];
	size_t n_err_bytes;
	bool finished;
	uint64_t replaced, skipped;
	/* Work areas of one slice. */
	uint8_t buf[SLICE + 16];
	uint32_t cps[SLICE + 16];
	uint32_t offs[SLICE + 16]; /* buf offset of each code point */
};

static bool
is_unicode(const struct kn_encoding_info *i)
{
	return i->iconv_name == NULL;
}

struct konorm_converter *
konorm_converter_new(enum konorm_encoding from, enum konorm_encoding to,
                     uint32_t flags)
{
	const struct kn_encoding_info *fi = kn_encoding_info(from);
	const struct kn_encoding_info *ti = kn_encoding_info(to);
	if (fi == NULL || ti == NULL) {
		return NULL;
	}
	struct konorm_converter *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		return NULL;
	}
	c->from = from;
	c->to = to;
	c->fi = fi;
	c->ti = ti;
	c->flags = flags;
	c->at_start = true;
	c->dec = c->enc = c->direct = (iconv_t)-1;
	c->strict_bytes = from == KONORM_ENC_EUC_KR ||
	                  from == KONORM_ENC_EUC_JP || from == KONORM_ENC_BIG5 ||
	                  from == KONORM_ENC_ISO_2022_KR;
	if (!is_unicode(fi) && to == KONORM_ENC_UTF8 &&
	    from != KONORM_ENC_JOHAB) {
		c->direct = iconv_open("UTF-8", fi->iconv_name);
	}
	if (!is_unicode(fi)) {
		c->dec = iconv_open("UTF-32LE", fi->iconv_name);
	}
	if (!is_unicode(ti)) {
		c->enc = iconv_open(ti->iconv_name, "UTF-32LE");
	}
	if ((!is_unicode(fi) && c->dec == (iconv_t)-1) ||
	    (!is_unicode(ti) && c->enc == (iconv_t)-1)) {
		konorm_converter_free(c);
		return NULL;
	}
	return c;
}

void
konorm_converter_free(struct konorm_converter *c)
{
	if (c == NULL) {
		return;
	}
	if (c->dec != (iconv_t)-1) {
		iconv_close(c->dec);
	}
	if (c->enc != (iconv_t)-1) {
		iconv_close(c->enc);
	}
	if (c->direct != (iconv_t)-1) {
		iconv_close(c->direct);
	}
	free(c);
}

/* ---- Output ------------------------------------------------------------ */

static void
pend_put(struct konorm_converter *c, const void *p, size_t n)
{
	/* PEND_CAP covers a slice's worst case; never exceeded. */
	memcpy(c->pend + c->pend_len, p, n);
	c->pend_len += n;
}

/* Moves pending output to out; true when nothing is left pending. */
static bool
drain(struct konorm_converter *c, struct konorm_out *out)
{
	size_t have = c->pend_len - c->pend_pos;
	size_t room = out->size - out->pos;
	size_t n = have < room ? have : room;
	if (n > 0) {
		memcpy(out->dst + out->pos, c->pend + c->pend_pos, n);
		out->pos += n;
		c->pend_pos += n;
	}
	if (c->pend_pos == c->pend_len) {
		c->pend_pos = c->pend_len = 0;
		return true;
	}
	return false;
}

static void
encode_unicode(struct konorm_converter *c, uint32_t cp)
{
	uint8_t b[4];
	switch (c->to) {
	case KONORM_ENC_UTF8:
		pend_put(c, b, (size_t)kn_utf8_encode(cp, b));
		return;
	case KONORM_ENC_UTF16LE:
	case KONORM_ENC_UTF16BE: {
		uint16_t u[2];
		size_t n = 1;
		if (cp >= 0x10000) {
			u[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			u[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			n = 2;
		} else {
			u[0] = (uint16_t)cp;
		}
		for (size_t i = 0; i < n; i++) {
			bool be = c->to == KONORM_ENC_UTF16BE;
			b[be ? 0 : 1] = (uint8_t)(u[i] >> 8);
			b[be ? 1 : 0] = (uint8_t)(u[i] & 0xFF);
			pend_put(c, b, 2);
		}
		return;
	}
	default: { /* UTF-32 */
		bool be = c->to == KONORM_ENC_UTF32BE;
		for (int i = 0; i < 4; i++) {
			b[be ? i : 3 - i] = (uint8_t)(cp >> (24 - 8 * i));
		}
		pend_put(c, b, 4);
		return;
	}
	}
}

/* ---- Errors ------------------------------------------------------------ */

static void
stop(struct konorm_converter *c, enum konorm_status st, uint64_t offset,
     const uint8_t *bytes, size_t n)
{
	c->error = st;
	c->err_offset = offset;
	c->n_err_bytes = n < sizeof(c->err_bytes) ? n : sizeof(c->err_bytes);
	memcpy(c->err_bytes, bytes, c->n_err_bytes);
}

/* Replacement for an invalid or unmappable sequence: U+FFFD, or '?'
 * where the target cannot hold U+FFFD (every legacy target). */
static uint32_t
replacement(const struct konorm_converter *c)
{
	return is_unicode(c->ti) && c->to != KONORM_ENC_ASCII
	               ? KN_REPLACEMENT_CHAR
	               : '?';
}

/* ---- Encoding code points ---------------------------------------------- */

/* Marks a code point the target cannot take (glibc rejects it). */
#define UNMAPPABLE 0xFFFFFFFFu

/* JOHAB's 0x5C is a backslash unless KONORM_CONVERT_WON_SIGN (konorm.h);
 * glibc's JOHAB table has the won sign there, so U+005C is handed to it
 * as U+20A9. */
static void
premap_johab(const struct konorm_converter *c, uint32_t *cps, size_t n)
{
	bool won = (c->flags & KONORM_CONVERT_WON_SIGN) != 0;
	for (size_t i = 0; i < n; i++) {
		if (cps[i] == '\\') {
			cps[i] = won ? UNMAPPABLE : WON_SIGN;
		} else if (cps[i] == WON_SIGN && !won) {
			cps[i] = UNMAPPABLE;
		}
	}
}

/* Length of the source sequence of cps[i], for messages. */
static size_t
source_len(const struct konorm_converter *c, const uint32_t *offs,
           size_t i, size_t n)
{
	size_t len = 1;
	if (i + 1 < n) {
		len = offs[i + 1] - offs[i];
	} else if (c->from == KONORM_ENC_UTF8) {
		len = (size_t)kn_utf8_lead_len(c->buf[offs[i]]);
	} else if (c->fi->unit > 1) {
		len = c->fi->unit;
	}
	return len == 0 || len > 4 ? 1 : len;
}

/* cps[i] cannot be written: REPLACE makes it '?', SKIP drops it (both
 * return the index to go on from); otherwise stops and returns n + 1. */
static size_t
unmappable(struct konorm_converter *c, uint32_t *cps, const uint32_t *offs,
           size_t i, size_t n, uint64_t base)
{
	if (c->flags & KONORM_CONVERT_REPLACE) {
		cps[i] = '?'; /* every target has it */
		c->replaced++;
		return i;
	}
	if (c->flags & KONORM_CONVERT_SKIP) {
		c->skipped++;
		return i + 1;
	}
	stop(c, KONORM_EUNMAPPABLE, base + offs[i], c->buf + offs[i],
	     source_len(c, offs, i, n));
	return n + 1;
}

/* Hands cps[i..n) to iconv; returns the index of the first code point it
 * rejects, or n. */
static size_t
iconv_encode(struct konorm_converter *c, const uint32_t *cps, size_t i,
             size_t n)
{
	uint8_t tmp[4 * 64];
	while (i < n) {
		size_t m = n - i < 64 ? n - i : 64;
		for (size_t t = 0; t < m; t++) {
			uint32_t v = cps[i + t];
			tmp[4 * t] = (uint8_t)v;
			tmp[4 * t + 1] = (uint8_t)(v >> 8);
			tmp[4 * t + 2] = (uint8_t)(v >> 16);
			tmp[4 * t + 3] = (uint8_t)(v >> 24);
		}
		char *ip = (char *)tmp;
		size_t il = 4 * m;
		char *op = (char *)c->pend + c->pend_len;
		size_t ol = PEND_CAP - c->pend_len;
		size_t r = iconv(c->enc, &ip, &il, &op, &ol);
		c->pend_len = PEND_CAP - ol;
		i += (4 * m - il) / 4;
		if (r == (size_t)-1) {
			return i;
		}
	}
	return n;
}

/* Encodes cps[0..n) (source offsets offs, relative to buf; base is the
 * stream offset of buf) into the pending output.  False after a stop. */
static bool
encode_cps(struct konorm_converter *c, uint32_t *cps, const uint32_t *offs,
           size_t n, uint64_t base)
{
	if (is_unicode(c->ti) && c->to != KONORM_ENC_ASCII) {
		for (size_t i = 0; i < n; i++) {
			encode_unicode(c, cps[i]);
		}
		return true;
	}
	if (c->to == KONORM_ENC_JOHAB) {
		premap_johab(c, cps, n);
	}
	size_t i = 0;
	while (i < n) {
		if (c->to == KONORM_ENC_ASCII) {
			if (cps[i] < 0x80) {
				uint8_t b = (uint8_t)cps[i++];
				pend_put(c, &b, 1);
				continue;
			}
		} else {
			i = iconv_encode(c, cps, i, n);
			if (i >= n) {
				break;
			}
		}
		i = unmappable(c, cps, offs, i, n, base);
		if (i > n) {
			return false;
		}
	}
	return true;
}

/* ---- Decoding the source ---------------------------------------------- */

/* Own decoders: ASCII, UTF-8, UTF-16, UTF-32.  Decodes buf[0..len) up
 * to the first ill-formed sequence; returns bytes used; *bad_len is the
 * length of the ill-formed sequence at buf[used] (0: none, the rest is
 * an incomplete sequence or nothing). */
static size_t
decode_unicode(struct konorm_converter *c, const uint8_t *s, size_t len,
               size_t *ncp, size_t *bad_len)
{
	size_t i = 0, k = 0;
	unsigned unit = c->fi->unit;
	bool be = c->fi->big_endian;
	*bad_len = 0;
	while (i < len) {
		uint32_t cp;
		size_t step;
		if (c->from == KONORM_ENC_ASCII) {
			if (s[i] >= 0x80) {
				*bad_len = 1;
				break;
			}
			cp = s[i];
			step = 1;
		} else if (unit == 1) {
			int r = kn_utf8_decode(s + i, len - i, &cp);
			if (r == 0) {
				break;
			}
			if (r < 0) {
				*bad_len = (size_t)-r;
				break;
			}
			step = (size_t)r;
		} else if (len - i < unit) {
			break;
		} else if (unit == 4) {
			cp = be ? (uint32_t)s[i] << 24 | (uint32_t)s[i + 1] << 16 |
			                  (uint32_t)s[i + 2] << 8 | s[i + 3]
			        : (uint32_t)s[i + 3] << 24 |
			                  (uint32_t)s[i + 2] << 16 |
			                  (uint32_t)s[i + 1] << 8 | s[i];
			if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
				*bad_len = 4;
				break;
			}
			step = 4;
		} else {
			cp = be ? (uint32_t)s[i] << 8 | s[i + 1]
			        : (uint32_t)s[i + 1] << 8 | s[i];
			step = 2;
			if (cp >= 0xDC00 && cp <= 0xDFFF) {
				*bad_len = 2;
				break;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (len - i < 4) {
					break;
				}
				uint32_t lo = be ? (uint32_t)s[i + 2] << 8 |
				                           s[i + 3]
				                 : (uint32_t)s[i + 3] << 8 |
				                           s[i + 2];
				if (lo < 0xDC00 || lo > 0xDFFF) {
					*bad_len = 2;
					break;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (lo - 0xDC00);
				step = 4;
			}
		}
		c->offs[k] = (uint32_t)i;
		c->cps[k++] = cp;
		i += step;
	}
	*ncp = k;
	return i;
}

/* First position in s[0..len) where the strict byte machine fails, as
 * the start of the failing sequence; len if none. */
static size_t
strict_prefix(const struct konorm_converter *c, const uint8_t *s, size_t len)
{
	struct kn_bytestate st = c->bs;
	size_t seq = 0;
	for (size_t i = 0; i < len; i++) {
		if (st.state == 0) {
			seq = i;
		}
		if (!kn_bytestate_step(&st, c->from, s[i])) {
			return seq;
		}
	}
	return len;
}

static void
advance_bytestate(struct konorm_converter *c, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kn_bytestate_step(&c->bs, c->from, s[i]);
	}
}

/* iconv decoding of s[0..len) into cps; one code point per call when
 * offsets are needed (a legacy target may find one unmappable).
 * Returns bytes used; *ilseq tells that s[used] starts an invalid
 * sequence (else the rest is incomplete). */
static size_t
decode_iconv(struct konorm_converter *c, const uint8_t *s, size_t len,
             size_t *ncp, bool *ilseq)
{
	bool need_offsets = !is_unicode(c->ti) || c->to == KONORM_ENC_ASCII;
	char *ip = (char *)s;
	size_t il = len, k = 0;
	*ilseq = false;
	while (il > 0) {
		char *op = (char *)(c->cps + k);
		size_t room = need_offsets ? 4 : (SLICE + 16 - k) * 4;
		size_t ol = room;
		size_t before = len - il;
		size_t r = iconv(c->dec, &ip, &il, &op, &ol);
		size_t got = (room - ol) / 4;
		for (size_t t = 0; t < got; t++) {
			c->offs[k + t] = (uint32_t)before;
		}
		k += got;
		if (r != (size_t)-1) {
			continue;
		}
		if (errno == E2BIG && need_offsets) {
			continue; /* one code point at a time */
		}
		*ilseq = errno == EILSEQ;
		break;
	}
	/* UTF-32LE to host order. */
	for (size_t t = 0; t < k; t++) {
		const uint8_t *q = (const uint8_t *)&c->cps[t];
		c->cps[t] = (uint32_t)q[0] | (uint32_t)q[1] << 8 |
		            (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
	}
	*ncp = k;
	return len - il;
}

/* The direct path: legacy source to UTF-8 in one iconv pass, into the
 * pending output.  Same contract as decode_iconv. */
static size_t
decode_direct(struct konorm_converter *c, const uint8_t *s, size_t len,
              bool *ilseq)
{
	char *ip = (char *)s;
	size_t il = len;
	char *op = (char *)c->pend + c->pend_len;
	size_t ol = PEND_CAP - c->pend_len;
	size_t r = iconv(c->direct, &ip, &il, &op, &ol);
	c->pend_len = PEND_CAP - ol;
	*ilseq = r == (size_t)-1 && errno == EILSEQ;
	c->at_start = false;
	return len - il;
}

/* Source-side fixes: the BOM rule and JOHAB's 0x5C. */
static size_t
adjust_decoded(struct konorm_converter *c, size_t k)
{
	size_t first = 0;
	if (c->at_start && k > 0) {
		c->at_start = false;
		if (c->cps[0] == 0xFEFF &&
		    !(c->flags & KONORM_CONVERT_KEEP_BOM)) {
			first = 1;
		}
	}
	if (c->from == KONORM_ENC_JOHAB &&
	    !(c->flags & KONORM_CONVERT_WON_SIGN)) {
		/* Only the single byte 0x5C decodes to U+20A9 in JOHAB. */
		for (size_t i = first; i < k; i++) {
			if (c->cps[i] == WON_SIGN) {
				c->cps[i] = '\\';
			}
		}
	}
	return first;
}

/* Handles an invalid sequence of n bytes at buf[at]; false after a stop. */
static bool
invalid_input(struct konorm_converter *c, size_t at, size_t n,
              uint64_t base)
{
	if (c->flags & KONORM_CONVERT_REPLACE) {
		uint32_t r = replacement(c);
		uint32_t off = (uint32_t)at;
		c->replaced++;
		return encode_cps(c, &r, &off, 1, base);
	}
	if (c->flags & KONORM_CONVERT_SKIP) {
		c->skipped++;
		return true;
	}
	stop(c, KONORM_EILSEQ, base + at, c->buf + at, n);
	return false;
}

/*
 * Converts buf[0..len) (carry first); returns the bytes consumed, which
 * leaves an incomplete sequence at the end unconsumed.  Stops early
 * after an error or once the pending output is more than half full.
 */
static size_t
convert_buf(struct konorm_converter *c, size_t len, uint64_t base)
{
	size_t pos = 0;
	while (pos < len && c->error == KONORM_OK) {
		const uint8_t *s = c->buf + pos;
		size_t n = len - pos, ncp = 0, used, bad = 0;
		bool ilseq = false;
		size_t limit = n;
		if (c->strict_bytes) {
			limit = strict_prefix(c, s, n);
		}
		if (c->direct != (iconv_t)-1) {
			used = decode_direct(c, s, limit, &ilseq);
		} else if (is_unicode(c->fi)) {
			used = decode_unicode(c, s, limit, &ncp, &bad);
			ilseq = bad > 0;
		} else {
			used = decode_iconv(c, s, limit, &ncp, &ilseq);
		}
		if (limit < n && !ilseq) {
			/* The strict machine rejected the sequence at limit:
			 * whatever the decoder stopped at (there, or a start
			 * it thinks incomplete) is invalid. */
			ilseq = true;
		}
		for (size_t i = 0; i < ncp; i++) {
			c->offs[i] += (uint32_t)pos;
		}
		size_t first = adjust_decoded(c, ncp);
		if (!encode_cps(c, c->cps + first, c->offs + first,
		                ncp - first, base)) {
			return pos + used;
		}
		if (c->strict_bytes) {
			advance_bytestate(c, s, used);
		}
		pos += used;
		if (!ilseq) {
			break; /* the rest is an incomplete sequence */
		}
		size_t bad_len = bad > 0 ? bad : 1;
		if (!invalid_input(c, pos, bad_len, base)) {
			return pos;
		}
		/* Skip the sequence (one byte for legacy encodings, so that
		 * an ASCII trail byte is read again as itself). */
		pos += bad_len;
		/* The machines resynchronise on the next byte; the
		 * ISO-2022-KR shift state stays, as in iconv. */
		c->bs.state = 0;
	}
	return pos;
}

enum konorm_status
konorm_converter_feed(struct konorm_converter *c, struct konorm_in *in,
                      struct konorm_out *out)
{
	if (c == NULL || in == NULL || out == NULL ||
	    (in->src == NULL && in->size > 0) || in->pos > in->size ||
	    (out->dst == NULL && out->size > 0) || out->pos > out->size) {
		return KONORM_EINVAL;
	}
	if (c->finished) {
		return KONORM_ESTATE;
	}
	for (;;) {
		if (!drain(c, out)) {
			return KONORM_EBUFSIZE;
		}
		if (c->error != KONORM_OK) {
			return c->error;
		}
		if (in->pos >= in->size) {
			return KONORM_OK;
		}
		size_t take = in->size - in->pos;
		take = take < SLICE ? take : SLICE;
		memcpy(c->buf, c->carry, c->ncarry);
		memcpy(c->buf + c->ncarry, in->src + in->pos, take);
		size_t len = c->ncarry + take;
		uint64_t base = c->consumed - c->ncarry;
		size_t used = convert_buf(c, len, base);
		in->pos += take;
		c->consumed += take;
		if (c->error != KONORM_OK) {
			continue; /* drain, then report */
		}
		c->ncarry = len - used;
		if (c->ncarry > sizeof(c->carry)) {
			/* Cannot happen: every incomplete sequence is
			 * shorter than 8 bytes. */
			stop(c, KONORM_EINTERNAL, base + used, c->buf + used, 1);
			continue;
		}
		memmove(c->carry, c->buf + used, c->ncarry);
	}
}

enum konorm_status
konorm_converter_finish(struct konorm_converter *c, struct konorm_out *out)
{
	if (c == NULL || out == NULL || (out->dst == NULL && out->size > 0) ||
	    out->pos > out->size) {
		return KONORM_EINVAL;
	}
	if (!c->finished && c->error == KONORM_OK) {
		c->finished = true;
		if (c->ncarry > 0) {
			uint64_t at = c->consumed - c->ncarry;
			memcpy(c->buf, c->carry, c->ncarry);
			if (c->flags &
			    (KONORM_CONVERT_REPLACE | KONORM_CONVERT_SKIP)) {
				invalid_input(c, 0, c->ncarry, at);
			} else {
				stop(c, KONORM_ETRUNCATED, at, c->carry,
				     c->ncarry);
			}
			c->ncarry = 0;
		}
		if (c->error == KONORM_OK && c->enc != (iconv_t)-1) {
			/* Back to the initial shift state (ISO-2022-KR's
			 * SI). */
			char *op = (char *)c->pend + c->pend_len;
			size_t ol = PEND_CAP - c->pend_len;
			iconv(c->enc, NULL, NULL, &op, &ol);
			c->pend_len = PEND_CAP - ol;
		}
	}
	if (!drain(c, out)) {
		return KONORM_EBUFSIZE;
	}
	return c->error;
}

uint64_t
konorm_converter_offset(const struct konorm_converter *c)
{
	if (c == NULL) {
		return 0;
	}
	return c->error != KONORM_OK ? c->err_offset : c->consumed - c->ncarry;
}

size_t
konorm_converter_error_bytes(const struct konorm_converter *c,
                             unsigned char *buf, size_t cap)
{
	if (c == NULL || buf == NULL || c->error == KONORM_OK) {
		return 0;
	}
	size_t n = c->n_err_bytes < cap ? c->n_err_bytes : cap;
	memcpy(buf, c->err_bytes, n);
	return n;
}

uint64_t
konorm_converter_replaced(const struct konorm_converter *c)
{
	return c != NULL ? c->replaced : 0;
}

uint64_t
konorm_converter_skipped(const struct konorm_converter *c)
{
	return c != NULL ? c->skipped : 0;
}
