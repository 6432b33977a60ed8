/*
 * fetchpool — helper connections fetching ahead, each message into a
 * file of its own (spill.h; the job's spill file where none can be made),
 * mapped back one message at a time.
 *
 * One mutex guards the job states; one condition variable wakes both
 * sides (a helper waiting for the caller to move on, the caller waiting
 * for a helper's job).  A helper holds no lock while it talks to the
 * server.  Helpers block every signal: a SIGTERM is the main thread's, and
 * it reaches the helpers as the quit flag.
 */
#include "fetchpool.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "spill.h"

enum job_state {
	JOB_FREE,      /* nobody has it yet */
	JOB_FETCHING,  /* a helper is fetching it */
	JOB_READY,     /* fetched, waiting in its spill file */
	JOB_CALLER,    /* the caller's (taken by it, or given back) */
	JOB_DONE,      /* handed over and freed */
};

#define FETCHPOOL_SLACK ((size_t)1 << 20) /* bytes beyond a job's declared size */
/* descriptors the messages' own files leave to the rest of the process
 * (the filing thread's archive writes, SQLite, the connections) */
#define FETCHPOOL_FD_RESERVE 64

struct fetched {
	uint32_t uid;
	int64_t arrived;
	size_t off, len;      /* in the job's spill */
	int fd;               /* a file of its own (off 0), for archive_adopt(); -1: none */
	char sha[65];         /* hashed by the helper, off the filing thread */
};

struct slot {
	enum job_state state;
	int fd;               /* the messages, one after another (spill.h); -1: none */
	struct fetched *msgs; /* job->n entries at most */
	size_t n;
};

struct helper {
	struct fetchpool *pool;
	pthread_t thread;
	bool started;
};

struct fetchpool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_bool quit;
	struct imap_opts o;
	const char *spill_dir;
	int fd_cap;           /* a message's own file only below this descriptor */
	const volatile sig_atomic_t *cancel; /* the caller's: a signal asks it to stop */
	uint32_t uidvalidity;
	const struct fetchpool_job *jobs;
	struct slot *slots;
	size_t njobs, ahead;
	size_t at;            /* the job the caller is at */
	struct helper *helpers;
	unsigned nhelpers;
	struct fetchpool_stats st;
};

/* The first job a helper may take, or njobs when there is none now;
 * *none_left when no job is left for any helper at all. */
static size_t
claimable(const struct fetchpool *p, bool *none_left)
{
	*none_left = true;
	for (size_t j = p->at; j < p->njobs; j++) {
		if (p->slots[j].state != JOB_FREE || p->jobs[j].local)
			continue;
		*none_left = false;
		return j < p->at + p->ahead ? j : p->njobs;
	}
	return p->njobs;
}

struct keep_ctx {
	const struct fetchpool_job *job;
	struct slot *slot;
	struct imap_spill *sp;
	size_t next;          /* index in job->uids of the next UID expected */
};

/* Keeps one message (in a file of its own, or in the spill): only UIDs
 * of the job, ascending, each once, so that a slot never holds more than
 * the job asked for. */
static int
keep_body(void *vctx, uint32_t uid, int64_t arrived, int fd, int64_t off, size_t len)
{
	struct keep_ctx *c = vctx;
	struct slot *s = c->slot;

	while (c->next < c->job->n && c->job->uids[c->next] < uid)
		c->next++;
	if (c->next >= c->job->n || c->job->uids[c->next] != uid) {
		/* unasked for, or repeated: its room is given back */
		if (fd != c->sp->fd)
			close(fd);
		else
			c->sp->at = off;
		c->sp->used -= (int64_t)len;
		return 0;
	}
	c->next++;
	s->msgs[s->n].uid = uid;
	s->msgs[s->n].arrived = arrived;
	s->msgs[s->n].off = (size_t)off;
	s->msgs[s->n].len = len;
	s->msgs[s->n].fd = fd != c->sp->fd ? fd : -1;
	s->n++;
	return 0;
}

/* Each body's own file (imap_spill.own_file): made on the archive's file
 * system, to be linked into the archive (archive_adopt()); -1 (the body
 * waits in the spill) when there is no such file, or when it would take
 * one of the last descriptors: what is fetched ahead may hold hundreds. */
static int
own_file(void *ctx)
{
	const struct fetchpool *p = ctx;
	int fd = spill_open_linkable(p->spill_dir);

	if (fd >= p->fd_cap) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
fetch_job(struct fetchpool *p, struct imap *im, const struct fetchpool_job *job, struct slot *s,
          struct yk_err *err)
{
	/* a bound on the disk a job may take: a server sending much more
	 * than the sizes it gave fails the job */
	struct imap_spill sp = { .fd = -1, .limit = (int64_t)(2 * job->bytes + FETCHPOOL_SLACK),
		                 .own_file = own_file, .own_ctx = p };
	struct keep_ctx c = { .job = job, .slot = s, .sp = &sp };
	char tag[16];
	bool all_own = true;
	int rc;

	s->msgs = calloc(job->n ? job->n : 1, sizeof *s->msgs);
	if (!s->msgs)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if ((rc = spill_open(p->spill_dir, &s->fd, err)))
		return rc;
	sp.fd = s->fd;
	if ((rc = imap_fetch_send(im, job->uids, job->n, tag, err)) ||
	    (rc = imap_fetch_finish_spill(im, tag, &sp, keep_body, &c, err)))
		return rc;
	/* Here, while the caller files the jobs before this one, for each
	 * message: its SHA-256 (on a machine without SHA instructions, a tenth
	 * of the filing thread's time, which bounds the intake).  Each came
	 * into a file of its own on the archive's file system, which the
	 * filing thread links into the archive instead of writing the bytes
	 * again (a third of its time); one that is in the spill (that file
	 * could not be made then) is copied to one now, if it can be.  A
	 * hash or a write that fails fails the job (the caller fetches it
	 * again); no such file (no O_TMPFILE, no descriptor left): the
	 * message is written as before. */
	for (size_t i = 0; i < s->n; i++) {
		struct fetched *m = &s->msgs[i];
		if (m->fd >= 0)
			rc = archive_sha256_fd(m->fd, 0, m->len, -1, m->sha, err);
		else if ((m->fd = own_file(p)) >= 0)
			rc = archive_sha256_fd(s->fd, (int64_t)m->off, m->len, m->fd, m->sha, err);
		else
			rc = archive_sha256_fd(s->fd, (int64_t)m->off, m->len, -1, m->sha, err);
		if (rc)
			return rc;
		all_own &= m->fd >= 0;
	}
	if (all_own && s->fd >= 0) {
		/* the job's spill is not needed any more: its pages go, unwritten */
		close(s->fd);
		s->fd = -1;
	}
	return 0;
}

static void
slot_clear(struct slot *s)
{
	for (size_t i = 0; s->msgs && i < s->n; i++)
		if (s->msgs[i].fd >= 0)
			close(s->msgs[i].fd);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	free(s->msgs);
	s->msgs = NULL;
	s->n = 0;
}

static void
helper_failed(struct fetchpool *p, const struct yk_err *err)
{
	p->st.failed++;
	if (!p->st.first_error[0])
		snprintf(p->st.first_error, sizeof p->st.first_error, "%.199s",
		         err->code ? err->msg : "unknown error");
}

static void *
helper_main(void *arg)
{
	struct helper *h = arg;
	struct fetchpool *p = h->pool;
	struct yk_err err = { 0 };
	struct imap *im = NULL;
	uint32_t uidvalidity = 0, uidnext, exists;
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	if (imap_connect(&p->o, &im, &err) ||
	    imap_select(im, true, &uidvalidity, &uidnext, &exists, &err) ||
	    (uidvalidity != p->uidvalidity &&
	     yk_err_set(&err, YK_EPROTO, "the folder's UIDVALIDITY changed meanwhile"))) {
		pthread_mutex_lock(&p->mu);
		if (!atomic_load(&p->quit))
			helper_failed(p, &err);
		pthread_mutex_unlock(&p->mu);
		goto out;
	}
	pthread_mutex_lock(&p->mu);
	p->st.connected++;
	for (;;) {
		bool none_left = false;
		size_t j = p->njobs;
		int rc;

		while (!atomic_load(&p->quit) && (j = claimable(p, &none_left)) == p->njobs &&
		       !none_left)
			pthread_cond_wait(&p->cv, &p->mu);
		if (atomic_load(&p->quit) || none_left)
			break;
		p->slots[j].state = JOB_FETCHING;
		pthread_mutex_unlock(&p->mu);

		yk_err_clear(&err);
		rc = fetch_job(p, im, &p->jobs[j], &p->slots[j], &err);

		pthread_mutex_lock(&p->mu);
		if (rc) {
			/* the caller fetches it itself; this connection is done */
			slot_clear(&p->slots[j]);
			p->slots[j].state = JOB_CALLER;
			if (!atomic_load(&p->quit))
				helper_failed(p, &err);
			pthread_cond_broadcast(&p->cv);
			break;
		}
		p->slots[j].state = JOB_READY;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
out:
	if (im) {
		unsigned long n = imap_commands(im);
		imap_close(im);
		pthread_mutex_lock(&p->mu);
		p->st.commands += n;
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

int
fetchpool_start(const struct imap_opts *o, const char *spill_dir, uint32_t uidvalidity,
                unsigned helpers, const struct fetchpool_job *jobs, size_t njobs, size_t ahead,
                struct fetchpool **out, struct yk_err *err)
{
	struct fetchpool *p = calloc(1, sizeof *p);

	*out = NULL;
	if (!p)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	atomic_init(&p->quit, false);
	p->o = *o;
	p->cancel = o->cancel;
	p->o.cancel = NULL;
	p->o.quit = &p->quit;
	p->spill_dir = spill_dir;
	{
		struct rlimit rl;
		rlim_t cur = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? rl.rlim_cur : 1024;

		if (cur == RLIM_INFINITY || cur > INT_MAX)
			cur = INT_MAX;
		p->fd_cap = cur > 2 * FETCHPOOL_FD_RESERVE ? (int)(cur - FETCHPOOL_FD_RESERVE)
		                                           : (int)(cur / 2);
	}
	p->uidvalidity = uidvalidity;
	p->jobs = jobs;
	p->njobs = njobs;
	p->ahead = ahead ? ahead : 1;
	p->slots = calloc(njobs ? njobs : 1, sizeof *p->slots);
	p->helpers = calloc(helpers ? helpers : 1, sizeof *p->helpers);
	for (size_t j = 0; p->slots && j < njobs; j++)
		p->slots[j].fd = -1;
	if (!p->slots || !p->helpers)
		goto nomem;
	for (unsigned i = 0; i < helpers; i++) {
		p->helpers[i].pool = p;
		if (pthread_create(&p->helpers[i].thread, NULL, helper_main, &p->helpers[i]))
			break; /* fewer helpers: the caller fetches the rest */
		p->helpers[i].started = true;
		p->nhelpers = i + 1;
	}
	*out = p;
	return 0;
nomem:
	fetchpool_stop(p, NULL);
	return yk_err_set(err, YK_ENOMEM, "out of memory");
}

#define FETCHPOOL_SLICE_NS 100000000L /* how often a waiting caller looks at its signal flag */

bool
fetchpool_take(struct fetchpool *p, size_t j)
{
	bool fetched;

	pthread_mutex_lock(&p->mu);
	p->at = j;
	pthread_cond_broadcast(&p->cv); /* the window moved */
	/* a signal cannot wake a condition variable: wait in slices, so that a
	 * SIGTERM is not held up by a helper's slow or silent server */
	while (p->slots[j].state == JOB_FETCHING && !(p->cancel && *p->cancel)) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += FETCHPOOL_SLICE_NS;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		(void)pthread_cond_timedwait(&p->cv, &p->mu, &until);
	}
	fetched = p->slots[j].state == JOB_READY;
	if (!fetched && p->slots[j].state != JOB_FETCHING)
		p->slots[j].state = JOB_CALLER;
	pthread_mutex_unlock(&p->mu);
	return fetched;
}

int
fetchpool_each(struct fetchpool *p, size_t j, fetchpool_fn fn, void *ctx, struct yk_err *err)
{
	struct slot *s = &p->slots[j];
	int rc = 0;

	/* READY: no helper touches the slot any more; one message mapped at
	 * a time */
	for (size_t i = 0; i < s->n && !rc; i++) {
		const struct fetched *f = &s->msgs[i];
		struct spill_map m;
		if ((rc = f->fd >= 0 ? spill_map(f->fd, 0, f->len, &m, err)
		                     : spill_map(s->fd, (int64_t)f->off, f->len, &m, err)))
			break;
		rc = fn(ctx, f->uid, f->arrived, m.data, f->len, f->sha, f->fd);
		spill_unmap(&m);
	}
	pthread_mutex_lock(&p->mu);
	slot_clear(s);
	s->state = JOB_DONE;
	pthread_mutex_unlock(&p->mu);
	return rc;
}

void
fetchpool_stop(struct fetchpool *p, struct fetchpool_stats *st)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->quit, true);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nhelpers; i++)
		if (p->helpers[i].started)
			pthread_join(p->helpers[i].thread, NULL);
	for (size_t j = 0; p->slots && j < p->njobs; j++)
		slot_clear(&p->slots[j]);
	if (st)
		*st = p->st;
	free(p->slots);
	free(p->helpers);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p);
}
