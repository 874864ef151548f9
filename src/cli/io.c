/* SPDX-License-Identifier: MIT */
/* Input, output and messages of the konorm tool. */
#include "cli.h"

#include "konorm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
	int fd;
	const char *label;
	bool line_buffered;
	unsigned char buf[CLI_BLOCK];
	size_t len;
} output = {.fd = 1, .label = "(stdout)"};

bool
cli_input_open(struct cli_input *in, const char *name)
{
	memset(in, 0, sizeof(*in));
	in->name = name;
	if (strcmp(name, "-") == 0) {
		in->fd = 0;
		in->label = "(stdin)";
		return true;
	}
	in->label = name;
	in->fd = open(name, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		cli_error(name, "%s", strerror(errno));
		return false;
	}
	return true;
}

long
cli_input_read(struct cli_input *in, void *buf, size_t cap)
{
	if (in->eof) {
		return 0;
	}
	for (;;) {
		ssize_t r = read(in->fd, buf, cap);
		if (r >= 0) {
			in->offset += (uint64_t)r;
			in->eof = r == 0;
			return (long)r;
		}
		if (errno != EINTR) {
			cli_error(in->label, "read error: %s", strerror(errno));
			return -1;
		}
	}
}

void
cli_input_close(struct cli_input *in)
{
	if (in->fd > 0) {
		close(in->fd);
	}
	in->fd = -1;
}

bool
cli_input_slurp(struct cli_input *in, char **data, size_t *len)
{
	size_t cap = CLI_BLOCK, n = 0;
	char *p = malloc(cap);
	if (p == NULL) {
		cli_error(in->label, "out of memory");
		return false;
	}
	for (;;) {
		if (cap - n < CLI_BLOCK) {
			char *q = realloc(p, cap * 2);
			if (q == NULL) {
				free(p);
				cli_error(in->label, "out of memory");
				return false;
			}
			p = q;
			cap *= 2;
		}
		long r = cli_input_read(in, p + n, CLI_BLOCK);
		if (r < 0) {
			free(p);
			return false;
		}
		if (r == 0) {
			break;
		}
		n += (size_t)r;
	}
	*data = p;
	*len = n;
	return true;
}

bool
cli_grow(char **p, size_t *cap, size_t len, size_t extra)
{
	if (*cap - len >= extra) {
		return true;
	}
	size_t c = *cap ? *cap : 4096;
	while (c - len < extra) {
		if (c > SIZE_MAX / 2) {
			return false;
		}
		c *= 2;
	}
	char *q = realloc(*p, c);
	if (q == NULL) {
		return false;
	}
	*p = q;
	*cap = c;
	return true;
}

bool
cli_append(char **p, size_t *cap, size_t *len, const void *src, size_t n)
{
	if (n == 0) {
		return true;
	}
	if (!cli_grow(p, cap, *len, n)) {
		return false;
	}
	memcpy(*p + *len, src, n);
	*len += n;
	return true;
}

bool
cli_output_open(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0) {
		output.fd = 1;
		output.label = "(stdout)";
		return true;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		cli_error(path, "%s", strerror(errno));
		return false;
	}
	output.fd = fd;
	output.label = path;
	return true;
}

static void
write_all_or_exit(const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(output.fd, p, n);
		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			/* EPIPE only reaches here when SIGPIPE is ignored by our
			 * parent: end quietly with the status a signal would
			 * have given. */
			if (errno == EPIPE) {
				_exit(128 + 13);
			}
			/* Report without flushing again: the output is what
			 * failed. */
			output.len = 0;
			fprintf(stderr, "konorm: %s: write error: %s\n",
			        output.label, strerror(errno));
			_exit(CLI_EXIT_USAGE);
		}
		p += w;
		n -= (size_t)w;
	}
}

static void
flush_output(void)
{
	write_all_or_exit(output.buf, output.len);
	output.len = 0;
}

void
cli_write(const void *p, size_t n)
{
	if (n >= sizeof(output.buf)) {
		flush_output();
		write_all_or_exit(p, n);
		return;
	}
	if (sizeof(output.buf) - output.len < n) {
		flush_output();
	}
	memcpy(output.buf + output.len, p, n);
	output.len += n;
}

void
cli_write_str(const char *s)
{
	cli_write(s, strlen(s));
}

void
cli_printf(const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		return;
	}
	if ((size_t)n < sizeof(small)) {
		cli_write(small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (big == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	cli_write(big, (size_t)n);
	free(big);
}

void
cli_set_line_buffered(bool on)
{
	output.line_buffered = on;
}

void
cli_flush_line(void)
{
	if (output.line_buffered) {
		flush_output();
	}
}

bool
cli_output_close(void)
{
	flush_output();
	if (output.fd > 1) {
		if (close(output.fd) != 0) {
			cli_error(output.label, "write error: %s",
			          strerror(errno));
			return false;
		}
		output.fd = 1;
	}
	return true;
}

static void
vmessage(const char *who, const char *fmt, va_list ap)
{
	/* Flush our own output first so messages and text keep their order
	 * when both go to a terminal. */
	flush_output();
	fprintf(stderr, "konorm: %s: ", who);
	vfprintf(stderr, fmt, ap);
}

void
cli_error(const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(file, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_error_at(const char *file, uint64_t offset, const void *bytes, size_t n,
             const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(file, fmt, ap);
	va_end(ap);
	fprintf(stderr, " at byte %llu", (unsigned long long)offset);
	if (n > 0) {
		const unsigned char *b = bytes;
		fputs(" (bytes:", stderr);
		for (size_t i = 0; i < n; i++) {
			fprintf(stderr, " %02x", b[i]);
		}
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

void
cli_report_status(const char *file, enum konorm_status st, uint64_t offset,
                  const char *block, uint64_t block_start, size_t block_len)
{
	bool decoding = st == KONORM_EINVAL_UTF8 || st == KONORM_ETRUNCATED;
	if (!decoding && st != KONORM_ETOOLONG) {
		cli_error(file, "%s", konorm_strerror(st));
		return;
	}
	const char *bytes = NULL;
	size_t n = 0;
	if (decoding && block != NULL && offset >= block_start &&
	    offset - block_start < block_len) {
		bytes = block + (offset - block_start);
		size_t left = block_len - (size_t)(offset - block_start);
		/* The lead byte and the continuation bytes after it. */
		n = 1;
		while (n < 4 && n < left &&
		       ((unsigned char)bytes[n] & 0xC0) == 0x80) {
			n++;
		}
	}
	cli_error_at(file, offset, bytes, n, "%s", konorm_strerror(st));
}

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmessage(command, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'konorm %s --help'.\n", command);
	return CLI_EXIT_USAGE;
}

/* Escapes well-formed UTF-8 per RFC 8259. */
static void
write_json_valid(const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0; /* start of bytes to copy verbatim */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		const char *esc = NULL;
		char u[7] = "\\u00";
		if (c == '"') {
			esc = "\\\"";
		} else if (c == '\\') {
			esc = "\\\\";
		} else if (c == '\n') {
			esc = "\\n";
		} else if (c == '\r') {
			esc = "\\r";
		} else if (c == '\t') {
			esc = "\\t";
		} else if (c < 0x20 || c == 0x7F) {
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		if (esc != NULL) {
			cli_write(p + run, i - run);
			cli_write_str(esc);
			run = i + 1;
		}
	}
	cli_write(p + run, n - run);
}

void
cli_write_json_string(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	cli_write("\"", 1);
	while (n > 0) {
		size_t good = n;
		konorm_utf8_validate((const char *)p, n, &good);
		write_json_valid(p, good);
		if (good == n) {
			break;
		}
		/* JSON text must be UTF-8: a stray byte becomes U+FFFD. */
		cli_write_str("\\ufffd");
		p += good + 1;
		n -= good + 1;
	}
	cli_write("\"", 1);
}
