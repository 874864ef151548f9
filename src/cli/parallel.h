/* SPDX-License-Identifier: MIT */
/*
 * --jobs N for line-oriented commands: the input is cut into blocks at
 * line boundaries (or wherever the command says a cut is safe), N
 * threads process the blocks, and the main thread writes their outputs
 * in input order, so the output is byte-identical to --jobs 1.  At most
 * 2N blocks are in flight: memory stays bounded whatever the input.
 */
#ifndef KONORM_CLI_PARALLEL_H
#define KONORM_CLI_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cli_input;

/* The most threads --jobs accepts. */
#define PAR_MAX_JOBS 256

/* One block of input and what a worker made of it. */
struct par_block {
	char *in;
	size_t in_len;
	uint64_t offset;     /* file offset of in[0] */
	uint64_t first_line; /* 1-based line number of in[0] */
	bool first;          /* the block starts the input */
	char *out;           /* output; owned by the block */
	size_t out_len;
	size_t out_cap;
	void *result; /* the command's own per-block result */
};

/* Appends to a block's output; false when out of memory. */
bool par_out_append(struct par_block *b, const void *p, size_t n);
/* Makes room for n more bytes; false when out of memory. */
bool par_out_reserve(struct par_block *b, size_t n);

/* A streaming handle's feed and finish (konorm_normalizer_feed's shape). */
struct konorm_in;
struct konorm_out;
struct par_stream {
	void *handle;
	int (*feed)(void *handle, struct konorm_in *in, struct konorm_out *out);
	int (*finish)(void *handle, struct konorm_out *out);
};

/* Runs all of b->in through a freshly reset streaming handle into
 * b->out, growing it as needed; returns the handle's last status
 * (KONORM_OK, an input error) or KONORM_ENOMEM. */
int par_pump(struct par_block *b, const struct par_stream *s);

struct par_ops {
	/* Per-thread state (a handle, scratch buffers); NULL on failure. */
	void *(*worker_new)(void *shared);
	void (*worker_free)(void *worker);
	/* In a worker thread: processes b->in into b->out, setting
	 * b->result.  Must not write or print. */
	void (*work)(void *worker, struct par_block *b);
	/* In the main thread, in input order: writes b->out, reports what
	 * b->result holds, frees b->result.  Returns false to stop (the
	 * blocks after it are then released unseen through discard). */
	bool (*emit)(void *shared, struct par_block *b);
	/* Frees b->result of a block that will not be emitted; may be
	 * NULL when work never sets it. */
	void (*discard)(void *shared, struct par_block *b);
	/* Optional: the length of the longest prefix of p[0..len) that can
	 * be processed on its own when no line break is found in a block
	 * of the maximal size (0: none; the line must then fit). */
	size_t (*cut)(const char *p, size_t len);
};

/* Default block size; a line longer than PAR_MAX_BLOCK with no safe cut
 * is an error. */
#define PAR_BLOCK (256u * 1024u)
#define PAR_MAX_BLOCK (64u * 1024u * 1024u)

/*
 * Runs the input through ops with `jobs` threads.  Returns CLI_EXIT_OK
 * when everything was emitted, CLI_EXIT_DATA when emit stopped early,
 * CLI_EXIT_USAGE on a read error, no memory or an overlong line (the
 * error is reported).
 */
int par_run(struct cli_input *in, unsigned jobs, const struct par_ops *ops,
            void *shared);

/* Parses a --jobs argument: 1..PAR_MAX_JOBS, or 0 for the number of
 * processors online.  False on anything else. */
bool par_parse_jobs(const char *arg, unsigned *jobs);

#endif
