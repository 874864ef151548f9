/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target for the HTML report of `konorm scan --html`
 * (src/cli/html_report.c).  The first input byte is the length of a file
 * label taken from the next bytes; the rest is the text.  The report gets
 * the text up to the first invalid byte with the scanner's findings, plus
 * synthetic findings made from the input bytes (spans anywhere, also
 * inside a character, overlapping and crossing; suggestions with invalid
 * UTF-8), and the label raw.  Properties, each an abort() when violated:
 *  - the page is valid UTF-8;
 *  - no character that is_hidden() names (bidi controls, invisibles,
 *    C0/C1 controls but tab and line feed) appears raw in the page;
 *  - <mark, <span, <div, <section and <a open exactly as often as they
 *    close, and '<' appears only to start one of the page's own tags;
 *  - each finding kept has exactly one link from the summary table and
 *    exactly one focusable mark.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create, memmem */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The report lives in the CLI, which is not a library: compile its files
 * into the target; the page goes to a memory file. */
#include "../../src/cli/html_report.c"
#include "../../src/cli/io.c"

struct collect {
	struct html_report *r;
	size_t findings;
};

static int
collect_finding(void *ctx, const struct konorm_finding *f)
{
	struct collect *c = ctx;
	if (!html_report_add_finding(c->r, f)) {
		abort();
	}
	c->findings++;
	return 0;
}

/* Up to 8 findings from the bytes themselves. */
static size_t
add_synthetic(struct html_report *r, const uint8_t *p, size_t n)
{
	size_t added = 0;
	for (size_t i = 0; i + 3 <= n && added < 8; i += 3, added++) {
		uint64_t start = n ? p[i] % (n + 1) : 0;
		uint64_t end = start + p[i + 1] % 16 + 1;
		struct konorm_finding f = {
		        .kind = (enum konorm_scan_kind)(p[i + 2] % 6),
		        .start = start,
		        .end = end,
		        .line = 1,
		        .column = start + 1,
		        .script = "Common",
		        .reason = "synthetic <b>\"reason\"</b> \xE2\x80\xAE",
		        .suggestion = (const char *)p + i,
		        .suggestion_len = (size_t)(n - i < 5 ? n - i : 5),
		};
		if (!html_report_add_finding(r, &f)) {
			abort();
		}
	}
	return added;
}

static size_t
count(const char *page, size_t n, const char *what)
{
	size_t k = 0, w = strlen(what);
	for (const char *p = page; (p = memmem(p, n - (size_t)(p - page),
	                                       what, w)) != NULL;
	     p += w) {
		k++;
	}
	return k;
}

static const char *const tags[] = {"mark", "span", "div", "section", "a",
                                   "table", "tr", "td", "p", "b"};

static bool
known_tag(const char *p, size_t left)
{
	size_t skip = left > 1 && (p[1] == '/' || p[1] == '!') ? 2 : 1;
	if (left > 1 && p[1] == '!') {
		return left >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0;
	}
	static const char *const more[] = {
	        "html", "head", "meta", "title", "style", "body", "h1", "h2",
	        "caption", "thead", "tbody", "th", "footer", "br"};
	for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++) {
		size_t w = strlen(tags[i]);
		if (left > skip + w && memcmp(p + skip, tags[i], w) == 0 &&
		    (p[skip + w] == ' ' || p[skip + w] == '>')) {
			return true;
		}
	}
	for (size_t i = 0; i < sizeof(more) / sizeof(*more); i++) {
		size_t w = strlen(more[i]);
		if (left > skip + w && memcmp(p + skip, more[i], w) == 0 &&
		    (p[skip + w] == ' ' || p[skip + w] == '>')) {
			return true;
		}
	}
	return false;
}

static void
check_page(const char *page, size_t n, size_t kept)
{
	size_t bad = 0;
	if (konorm_utf8_validate(page, n, &bad) != KONORM_OK) {
		abort();
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = decode((const unsigned char *)page + i, n - i, &cp);
		if (cp != '\n' && is_hidden(cp)) {
			abort();
		}
		if (cp == '<' && !known_tag(page + i, n - i)) {
			abort();
		}
		i += k;
	}
	for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++) {
		char open[16], close[16];
		snprintf(open, sizeof(open), "<%s ", tags[i]);
		snprintf(close, sizeof(close), "</%s>", tags[i]);
		char bare[16];
		snprintf(bare, sizeof(bare), "<%s>", tags[i]);
		if (count(page, n, open) + count(page, n, bare) !=
		    count(page, n, close)) {
			abort();
		}
	}
	if (count(page, n, "<a href=\"#f1-") != kept ||
	    count(page, n, "tabindex=\"0\"") != kept) {
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0) {
		return 0;
	}
	size_t label_len = data[0] % 16;
	if (label_len > size - 1) {
		label_len = size - 1;
	}
	char label[17];
	memcpy(label, data + 1, label_len);
	label[label_len] = '\0';
	const char *text = (const char *)data + 1 + label_len;
	size_t len = size - 1 - label_len;

	int fd = memfd_create("page", 0);
	if (fd < 0) {
		abort();
	}
	output.fd = fd;
	output.len = 0;
	struct html_report *r = html_report_new();
	if (r == NULL) {
		abort();
	}
	html_report_begin(r);
	html_report_file_begin(r, label);
	size_t valid = 0;
	konorm_utf8_validate(text, len, &valid);
	if (!html_report_add_text(r, text, len)) {
		abort();
	}
	struct collect c = {.r = r};
	size_t off = 0;
	konorm_scan(text, valid, 0, collect_finding, &c, &off);
	size_t kept = c.findings + add_synthetic(r, data, size);
	html_report_file_end(r, valid < len ? "invalid \x01 <UTF-8>" : NULL,
	                     valid);
	html_report_end(r);
	html_report_free(r);
	flush_output();

	off_t n = lseek(fd, 0, SEEK_CUR);
	char *page = n > 0 ? mmap(NULL, (size_t)n, PROT_READ, MAP_PRIVATE,
	                          fd, 0)
	                   : MAP_FAILED;
	if (page == MAP_FAILED) {
		abort();
	}
	check_page(page, (size_t)n, kept);
	munmap(page, (size_t)n);
	close(fd);
	output.fd = 1;
	return 0;
}
