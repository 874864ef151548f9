/* SPDX-License-Identifier: MIT */
/*
 * --jobs N (see parallel.h).  A ring of 2N slots: the main thread reads
 * blocks into free slots in input order and publishes them; workers take
 * the published blocks in the same order; the main thread waits for the
 * oldest block, emits it and reuses its slot.  Only the main thread
 * reads input or writes output.
 */
#include "parallel.h"
#include "jsonl.h"

#include "cli.h"
#include "konorm.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool
par_out_reserve(struct par_block *b, size_t n)
{
	return cli_grow(&b->out, &b->out_cap, b->out_len, n);
}

bool
par_out_append(struct par_block *b, const void *p, size_t n)
{
	return cli_append(&b->out, &b->out_cap, &b->out_len, p, n);
}

bool
par_parse_jobs(const char *arg, unsigned *jobs)
{
	char *end = NULL;
	long n = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || n < 0 || n > PAR_MAX_JOBS) {
		return false;
	}
	if (n == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		n = cpus < 1 ? 1 : cpus > PAR_MAX_JOBS ? PAR_MAX_JOBS : cpus;
	}
	*jobs = (unsigned)n;
	return true;
}

int
par_pump(struct par_block *b, const struct par_stream *s)
{
	struct konorm_in in = {b->in, b->in_len, 0};
	bool finishing = false;
	for (;;) {
		if (!par_out_reserve(b, b->in_len / 2 + CLI_BLOCK)) {
			return KONORM_ENOMEM;
		}
		struct konorm_out o = {b->out, b->out_cap, b->out_len};
		int st = finishing ? s->finish(s->handle, &o)
		                   : s->feed(s->handle, &in, &o);
		b->out_len = o.pos;
		if (st == KONORM_EBUFSIZE) {
			continue;
		}
		if (st != KONORM_OK || finishing) {
			return st;
		}
		finishing = true;
	}
}

enum slot_state { SLOT_FREE, SLOT_READY, SLOT_BUSY, SLOT_DONE };

struct slot {
	struct par_block b;
	size_t in_cap;
	uint64_t seq;
	enum slot_state state;
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work_cv; /* a block was published, or quit */
	pthread_cond_t done_cv; /* a block was processed */
	struct slot *slots;
	size_t nslots;
	uint64_t next_take; /* the next block a worker takes */
	bool quit;
	const struct par_ops *ops;
	void *shared;
	bool worker_failed;
};

struct worker_arg {
	struct pool *pool;
	void *state;
};

static void *
worker_main(void *arg)
{
	struct worker_arg *wa = arg;
	struct pool *p = wa->pool;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct slot *s = &p->slots[p->next_take % p->nslots];
		while (!p->quit &&
		       !(s->state == SLOT_READY && s->seq == p->next_take)) {
			pthread_cond_wait(&p->work_cv, &p->mu);
			s = &p->slots[p->next_take % p->nslots];
		}
		if (p->quit) {
			break;
		}
		p->next_take++;
		s->state = SLOT_BUSY;
		pthread_mutex_unlock(&p->mu);
		p->ops->work(wa->state, &s->b);
		pthread_mutex_lock(&p->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The reading side of the main thread. */
struct reader {
	struct cli_input *in;
	char *carry; /* input after the last cut */
	size_t carry_len, carry_cap;
	uint64_t offset;
	uint64_t line;
	bool first;
	bool failed;
};

static bool
grow(char **p, size_t *cap, size_t need)
{
	if (*cap >= need) {
		return true;
	}
	size_t c = *cap ? *cap : CLI_BLOCK;
	while (c < need) {
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

static uint64_t
count_lines(const char *p, size_t n)
{
	uint64_t k = 0;
	const char *end = p + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/* Where a block of buf[0..len) may end: after the last line break, at
 * the end of the input, or at the command's safe cut once the block is
 * as large as it may be.  0: read more. */
static size_t
find_cut(const struct par_ops *ops, const char *buf, size_t len, bool eof)
{
	const char *nl = memrchr(buf, '\n', len);
	if (nl != NULL) {
		return (size_t)(nl - buf) + 1;
	}
	if (eof) {
		return len;
	}
	if (len >= PAR_BLOCK && ops->cut != NULL) {
		return ops->cut(buf, len);
	}
	return 0;
}

/* Fills s with the next block; false at the end of input or on error
 * (r->failed). */
static bool
read_block(struct reader *r, const struct par_ops *ops, struct slot *s)
{
	struct par_block *b = &s->b;
	if (!grow(&b->in, &s->in_cap, r->carry_len + CLI_BLOCK)) {
		cli_error(r->in->label, "out of memory");
		r->failed = true;
		return false;
	}
	if (r->carry_len > 0) {
		memcpy(b->in, r->carry, r->carry_len);
	}
	size_t len = r->carry_len, cut = 0;
	for (;;) {
		if (len >= PAR_BLOCK || r->in->eof) {
			cut = find_cut(ops, b->in, len, r->in->eof);
			if (cut > 0 || (r->in->eof && len == 0)) {
				break;
			}
		}
		if (len >= PAR_MAX_BLOCK) {
			cli_error_at(r->in->label, r->offset, NULL, 0,
			             "a line longer than %u MiB; use --jobs 1",
			             PAR_MAX_BLOCK >> 20);
			r->failed = true;
			return false;
		}
		if (!grow(&b->in, &s->in_cap, len + CLI_BLOCK)) {
			cli_error(r->in->label, "out of memory");
			r->failed = true;
			return false;
		}
		long got = cli_input_read(r->in, b->in + len, CLI_BLOCK);
		if (got < 0) {
			r->failed = true;
			return false;
		}
		len += (size_t)got;
	}
	if (len == 0) {
		return false;
	}
	r->carry_len = len - cut;
	if (!grow(&r->carry, &r->carry_cap, r->carry_len)) {
		cli_error(r->in->label, "out of memory");
		r->failed = true;
		return false;
	}
	if (r->carry_len > 0) {
		memcpy(r->carry, b->in + cut, r->carry_len);
	}
	b->in_len = cut;
	b->offset = r->offset;
	b->first_line = r->line;
	b->first = r->first;
	b->out_len = 0;
	b->result = NULL;
	r->offset += cut;
	r->line += count_lines(b->in, cut);
	r->first = false;
	return true;
}

static void
pool_free(struct pool *p)
{
	for (size_t i = 0; i < p->nslots; i++) {
		free(p->slots[i].b.in);
		free(p->slots[i].b.out);
	}
	free(p->slots);
}

static void
wait_done(struct pool *p, struct slot *s)
{
	pthread_mutex_lock(&p->mu);
	while (s->state != SLOT_DONE) {
		pthread_cond_wait(&p->done_cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Main thread: read, publish, emit in order.  Returns the status. */
static int
drive(struct pool *p, struct reader *r)
{
	uint64_t seq_read = 0, seq_emit = 0;
	bool eof = false, stopped = false;
	for (;;) {
		while (!eof && !stopped && seq_read - seq_emit < p->nslots) {
			struct slot *s = &p->slots[seq_read % p->nslots];
			if (!read_block(r, p->ops, s)) {
				eof = true;
				break;
			}
			pthread_mutex_lock(&p->mu);
			s->seq = seq_read++;
			s->state = SLOT_READY;
			pthread_cond_broadcast(&p->work_cv);
			pthread_mutex_unlock(&p->mu);
		}
		if (seq_emit == seq_read) {
			break;
		}
		struct slot *s = &p->slots[seq_emit % p->nslots];
		wait_done(p, s);
		if (stopped) {
			if (p->ops->discard != NULL) {
				p->ops->discard(p->shared, &s->b);
			}
		} else if (!p->ops->emit(p->shared, &s->b)) {
			stopped = true;
		}
		s->state = SLOT_FREE;
		seq_emit++;
	}
	if (r->failed) {
		return CLI_EXIT_USAGE;
	}
	return stopped ? CLI_EXIT_DATA : CLI_EXIT_OK;
}

int
par_run(struct cli_input *in, unsigned jobs, const struct par_ops *ops,
        void *shared)
{
	if (jobs < 1) {
		jobs = 1;
	}
	struct pool p = {
		.nslots = 2 * (size_t)jobs,
		.ops = ops,
		.shared = shared,
	};
	p.slots = calloc(p.nslots, sizeof(*p.slots));
	pthread_t *threads = calloc(jobs, sizeof(*threads));
	struct worker_arg *args = calloc(jobs, sizeof(*args));
	if (p.slots == NULL || threads == NULL || args == NULL) {
		free(p.slots);
		free(threads);
		free(args);
		cli_error(in->label, "out of memory");
		return CLI_EXIT_USAGE;
	}
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work_cv, NULL);
	pthread_cond_init(&p.done_cv, NULL);
	unsigned started = 0;
	int status = CLI_EXIT_OK;
	for (; started < jobs; started++) {
		args[started].pool = &p;
		args[started].state = ops->worker_new(shared);
		if (args[started].state == NULL ||
		    pthread_create(&threads[started], NULL, worker_main,
		                   &args[started]) != 0) {
			if (args[started].state != NULL) {
				ops->worker_free(args[started].state);
			}
			break;
		}
	}
	struct reader r = {.in = in, .line = 1, .first = true};
	if (started == 0) {
		cli_error(in->label, "cannot start a worker thread");
		status = CLI_EXIT_USAGE;
	} else {
		status = drive(&p, &r);
	}
	pthread_mutex_lock(&p.mu);
	p.quit = true;
	pthread_cond_broadcast(&p.work_cv);
	pthread_mutex_unlock(&p.mu);
	for (unsigned i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		ops->worker_free(args[i].state);
	}
	pthread_cond_destroy(&p.work_cv);
	pthread_cond_destroy(&p.done_cv);
	pthread_mutex_destroy(&p.mu);
	pool_free(&p);
	free(r.carry);
	free(threads);
	free(args);
	return status;
}

/* ---- JSON Lines field mode (jsonl.h) ---------------------------------- */

struct par_jsonl {
	const struct jsonl_options *o;
	const char *label;
	int status;
};

static void *
par_jsonl_worker_new(void *shared)
{
	return shared; /* field mode keeps no per-thread state */
}

static void
par_jsonl_worker_free(void *worker)
{
	(void)worker; /* the shared state, freed by its owner */
}

static void
par_jsonl_work(void *worker, struct par_block *b)
{
	struct par_jsonl *sh = worker;
	struct jsonl_problems *pr = calloc(1, sizeof(*pr));
	b->result = pr;
	if (pr == NULL) {
		return;
	}
	struct jsonl_buf out = {b->out, b->out_len, b->out_cap};
	if (!jsonl_edit_lines(sh->o, b->in, b->in_len, b->first, &out, pr)) {
		free(pr->v);
		free(pr);
		b->result = NULL;
	}
	b->out = out.p;
	b->out_len = out.len;
	b->out_cap = out.cap;
}

static bool
par_jsonl_emit(void *shared, struct par_block *b)
{
	struct par_jsonl *sh = shared;
	struct jsonl_problems *pr = b->result;
	if (pr == NULL) {
		cli_error(sh->label, "out of memory");
		sh->status = CLI_EXIT_USAGE;
		return false;
	}
	if (b->out_len > 0) {
		cli_write(b->out, b->out_len);
	}
	bool stopped = pr->stopped;
	if (jsonl_report(sh->label, pr, b->first_line, b->offset) > 0 &&
	    sh->status < CLI_EXIT_DATA) {
		sh->status = CLI_EXIT_DATA;
	}
	jsonl_problems_free(pr);
	free(pr);
	b->result = NULL;
	return !stopped;
}

static void
par_jsonl_discard(void *shared, struct par_block *b)
{
	(void)shared;
	if (b->result != NULL) {
		jsonl_problems_free(b->result);
	}
	free(b->result);
	b->result = NULL;
}

int
jsonl_parallel(struct cli_input *in, unsigned jobs,
               const struct jsonl_options *o)
{
	struct par_jsonl sh = {.o = o, .label = in->label};
	const struct par_ops ops = {
		.worker_new = par_jsonl_worker_new,
		.worker_free = par_jsonl_worker_free,
		.work = par_jsonl_work,
		.emit = par_jsonl_emit,
		.discard = par_jsonl_discard,
	};
	int st = par_run(in, jobs, &ops, &sh);
	return st > sh.status ? st : sh.status;
}
