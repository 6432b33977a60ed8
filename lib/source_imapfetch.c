/*
 * source_imapfetch — the IMAP source's fetch (source.h, source_imap_p.h).
 *
 * Messages are fetched in jobs of one UID FETCH each and handed to the
 * sink as they stream in: each is written to a spill file as it arrives
 * (spill.h) and mapped back for the sink, one message at a time, so that
 * no connection holds a whole message in memory.  The sink commits
 * a batch at most every SOURCE_BATCH_MAX messages (group commit); the
 * high-water UID recorded with it never passes a message that is not
 * durable, nor one the server still has but did not send.
 *
 * With max_connections > 1 and enough to share, helper connections
 * (lib/fetchpool.h) fetch jobs of SOURCE_JOB_MAX ahead; a job no helper
 * has yet is fetched here.  Over one connection, with keep, nothing else
 * is said to the server between two fetches, so the next job is asked for
 * before this one is committed: the server sends while we sync (on a
 * distant server a round trip per job is otherwise lost).
 */
#include "source_imap_p.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "fetchpool.h"
#include "prof.h"
#include "spill.h"

#define SOURCE_BATCH_BYTES (32LL * 1024 * 1024) /* bytes fetched per batch */
/* with max_connections > 1: what one helper connection fetches at a time,
 * and how many such jobs may be fetched ahead per helper, and in all (what
 * the helpers hold is at most SOURCE_AHEAD_MAX * SOURCE_JOB_BYTES) */
#define SOURCE_JOB_MAX 50
#define SOURCE_JOB_BYTES (8LL * 1024 * 1024)
#define SOURCE_AHEAD 2
#define SOURCE_AHEAD_MAX 6

struct sized {
	uint32_t uid;
	uint64_t size;
	bool present;  /* the server still has it */
};

static int
cmp_sized(const void *a, const void *b)
{
	uint32_t x = ((const struct sized *)a)->uid, y = ((const struct sized *)b)->uid;

	return x < y ? -1 : x > y;
}

struct sizes {
	struct sized *v;   /* ascending by UID */
	size_t n;
};

static void
on_size(void *ctx, uint32_t uid, uint64_t size)
{
	struct sizes *s = ctx;
	struct sized key = { .uid = uid };
	struct sized *hit = bsearch(&key, s->v, s->n, sizeof *s->v, cmp_sized);

	if (hit) {
		hit->size = size;
		hit->present = true;
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* UID of the job in hand was handled (filed, or recognised as filed). */
static void
job_got(struct imap_src *s, uint32_t uid)
{
	const uint32_t *hit;

	s->last_seen = uid;
	if (!s->job_got)
		return;
	hit = bsearch(&uid, s->job_uids, s->job_n, sizeof uid, cmp_u32);
	if (hit)
		s->job_got[hit - s->job_uids] = true;
}

/* Moves the mark to what was handed over (never back: a widened date
 * window files UIDs below it; nor past a message held back) and commits;
 * DONE messages of the list are then done. */
static int
commit(struct imap_src *s, size_t done, struct yk_err *err)
{
	struct store_mailbox *state = s->base.env->state;
	bool moved = s->last_seen > state->last_uid;

	if (moved || s->sink->held(s->sink->ctx)) {
		if (moved)
			state->last_uid = s->last_seen;
		if (s->hold_below && state->last_uid >= s->hold_below)
			state->last_uid = s->hold_below - 1;
	}
	return s->sink->commit(s->sink->ctx, moved, done, err);
}

/* HASHED: the message's hash when a helper made it, else NULL; FD: a
 * file holding it that the archive may adopt, or -1. */
static int
file_body(struct imap_src *s, uint32_t uid, int64_t arrived, const char *data, size_t len,
          const char *hashed, int fd)
{
	const struct source_env *env = s->base.env;
	const struct source_sink *k = s->sink;
	char sha[65];
	bool already = false;
	uint64_t t0;
	int rc;

	if (source_stopped(env))
		return IMAP_BODY_STOP; /* finish here: what is in hand is committed */
	if (uid <= s->last_seen || k->held(k->ctx) >= SOURCE_BATCH_MAX)
		return 0; /* a repeated or unasked-for answer */
	/* a hash that failed must not pass for "filed before": the batch fails */
	if (hashed) {
		snprintf(sha, sizeof sha, "%s", hashed);
		rc = 0;
	} else {
		t0 = prof_start();
		rc = archive_sha256(data, len, sha, s->err);
		prof_add(PROF_HASH, t0);
	}
	if (rc || k->filed_before(k->ctx, sha, &already, s->err))
		return s->err->code;
	if (already) {
		env->stats->already++;
	} else {
		struct source_msg m = { .uid = uid, .arrived = arrived, .data = data, .len = len,
			                .sha = sha, .size = (int64_t)len, .fd = fd,
			                .has_fd = fd >= 0 };
		if (k->take(k->ctx, &m, s->err))
			return s->err->code;
	}
	job_got(s, uid);
	return 0;
}

/* A message handed over during a fetch: its filing is not the fetch's time. */
static int
on_body(void *ctx, uint32_t uid, int64_t arrived, const char *data, size_t len)
{
	uint64_t t0 = prof_start();
	int rc = file_body(ctx, uid, arrived, data, len, NULL, -1);

	prof_sub(PROF_FETCH, t0);
	return rc;
}

/* A message a helper fetched and hashed (fetchpool_each()). */
static int
on_helped(void *ctx, uint32_t uid, int64_t arrived, const char *data, size_t len,
          const char *sha, int fd)
{
	uint64_t t0 = prof_start();
	int rc = file_body(ctx, uid, arrived, data, len, sha, fd);

	prof_sub(PROF_FETCH, t0);
	return rc;
}

/* A message this connection fetched, in its spill: mapped for on_body(),
 * then its room is reused by the next. */
static int
on_spilled(void *ctx, uint32_t uid, int64_t arrived, int fd, int64_t off, size_t len)
{
	struct imap_src *s = ctx;
	struct spill_map m;
	int rc;

	/* no own_file here: FD is the spill's */
	if (spill_map(fd, off, len, &m, s->err))
		return s->err->code;
	rc = on_body(s, uid, arrived, m.data, len);
	spill_unmap(&m);
	/* emptied, not only rewound: its dirty pages are dropped before the
	 * batch's syncfs would write them to disk for nothing */
	if (ftruncate(s->spill->fd, 0) < 0) {
		/* only room not given back early: the file goes at the end */
	}
	s->spill->at = 0;
	s->spill->used = 0;
	return rc;
}

/* A message above max_message_size: only its header is fetched, and it is
 * recorded so that it is never considered again. */
static int
take_too_large(struct imap_src *s, const struct sized *m, struct yk_err *err)
{
	const struct source_env *env = s->base.env;
	const struct source_sink *k = s->sink;
	struct buf hdr;
	char note[160], sha[65];
	bool found = false;
	int64_t arrived = 0;
	int rc;

	buf_init(&hdr, 0);
	snprintf(note, sizeof note, "too large: %llu bytes (max_message_size %lld); only its "
	         "headers were fetched", (unsigned long long)m->size,
	         env->cfg->mailbox.max_message_size);
	if ((rc = imap_fetch_header(s->im, m->uid, &hdr, &found, &arrived, err)))
		goto out;
	if (found) {
		/* its header is what was filed for it (see filed_before) */
		bool already = false;
		if ((rc = archive_sha256(hdr.data ? hdr.data : "", hdr.len, sha, err)) ||
		    (rc = k->filed_before(k->ctx, sha, &already, err)))
			goto out;
		if (already) {
			env->stats->already++;
			found = false;
		}
	}
	if (found) {
		struct source_msg msg = { .uid = m->uid, .arrived = arrived,
			                  .data = hdr.data ? hdr.data : "", .len = hdr.len, .sha = sha,
			                  .size = (int64_t)m->size, .note = note };
		if ((rc = k->take(k->ctx, &msg, err)))
			goto out;
		env->stats->too_large++;
	}
	s->last_seen = m->uid;
	rc = commit(s, 0, err);
out:
	buf_free(&hdr);
	return rc;
}

/* The next batch from MSGS[*I] (present and at most MAX_SIZE bytes): in
 * UID order, at most MAX_COUNT messages and MAX_BYTES bytes (the first
 * message always), up to the next message too large.  Returns how many
 * UIDs went into WANT; *I moves past them. */
static size_t
pick_batch(const struct sized *msgs, size_t n, size_t *i, long long max_size, size_t max_count,
           long long max_bytes, uint32_t *want, long long *total)
{
	size_t k = 0;
	long long bytes = 0;

	while (*i < n && k < max_count &&
	       (!msgs[*i].present || msgs[*i].size <= (uint64_t)max_size) &&
	       (k == 0 || bytes + (long long)msgs[*i].size <= max_bytes)) {
		if (msgs[*i].present) {
			want[k++] = msgs[*i].uid;
			bytes += (long long)msgs[*i].size;
		}
		(*i)++;
	}
	if (total)
		*total = bytes;
	return k;
}

/* Commits what the sink holds; PENDING messages of the list are done. */
static int
flush(struct imap_src *s, size_t *pending, struct yk_err *err)
{
	int rc = commit(s, *pending, err);

	if (!rc)
		*pending = 0;
	return rc;
}

/*
 * Cuts the messages of MSGS still present into jobs in UID order, of at
 * most MAX_COUNT messages and MAX_BYTES bytes each; a message over HOLD
 * bytes is a job alone, marked local (only the daemon's connection takes
 * it: streamed, or only its header when over max_message_size).  The
 * jobs' UIDs go into UIDS.  Returns the number of jobs; *SHARED gets how
 * many of them are not local.
 */
static size_t
plan_jobs(const struct sized *msgs, size_t n, long long hold, size_t max_count,
          long long max_bytes, struct fetchpool_job *jobs, uint32_t *uids, size_t *shared)
{
	size_t njobs = 0, used = 0;

	*shared = 0;
	for (size_t i = 0; i < n;) {
		struct fetchpool_job *jb;
		long long bytes;
		if (!msgs[i].present) {
			i++; /* expunged since the SEARCH */
			continue;
		}
		jb = &jobs[njobs++];
		jb->uids = uids + used;
		if (msgs[i].size > (uint64_t)hold) {
			uids[used++] = msgs[i++].uid;
			jb->n = 1;
			jb->local = true;
			continue;
		}
		jb->n = pick_batch(msgs, n, &i, hold, max_count, max_bytes, uids + used, &bytes);
		jb->bytes = (size_t)bytes;
		jb->local = false;
		used += jb->n;
		(*shared)++;
	}
	return njobs;
}

/*
 * After a job is read: the UIDs asked for that the server did not send.
 * One the server no longer has (not in a fresh UID SEARCH) was expunged
 * meanwhile; one it still has must not be passed over: the mark stays
 * below it (hold_below) and the next cycle asks again.
 */
static int
check_missing(struct imap_src *s, const struct fetchpool_job *jb, struct yk_err *err)
{
	struct intake_stats *st = s->base.env->stats;
	uint32_t *missing, *present = NULL;
	size_t nm = 0, np = 0;
	int rc;

	for (size_t i = 0; i < jb->n; i++)
		nm += !s->job_got[i];
	if (nm == 0)
		return 0;
	if (!(missing = malloc(nm * sizeof *missing)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	nm = 0;
	for (size_t i = 0; i < jb->n; i++)
		if (!s->job_got[i])
			missing[nm++] = jb->uids[i];
	rc = imap_uids_present(s->im, missing, nm, &present, &np, err);
	if (!rc) {
		st->vanished += np < nm ? (unsigned)(nm - np) : 0;
		for (size_t i = 0; i < np; i++) {
			size_t l = strlen(st->not_returned_uids);
			/* one below the cycle's mark (the widened window) cannot
			 * hold the mark back: it is reported, not re-asked */
			if (present[i] > s->mark_start &&
			    (!s->hold_below || present[i] < s->hold_below))
				s->hold_below = present[i];
			if (l + 14 < sizeof st->not_returned_uids)
				snprintf(st->not_returned_uids + l, sizeof st->not_returned_uids - l, "%s%u",
				         l ? ", " : "", present[i]);
		}
		st->not_returned += (unsigned)np;
	}
	free(missing);
	free(present);
	return rc;
}

/* The message of a job too large to fetch (only its header is), or NULL. */
static const struct sized *
too_large(const struct imap_src *s, const struct sized *msgs, size_t n,
          const struct fetchpool_job *jb)
{
	struct sized key = { .uid = jb->uids[0] };
	const struct sized *m;

	if (!jb->local)
		return NULL;
	m = bsearch(&key, msgs, n, sizeof *msgs, cmp_sized);
	return m && m->size > (uint64_t)s->base.env->cfg->mailbox.max_message_size ? m : NULL;
}

/* The jobs for MSGS (N) into JOBS and JUIDS; *HELPERS gets how many
 * helper connections may share them (0: this connection alone). */
static size_t
plan(const struct yk_mailbox *mb, const struct sized *msgs, size_t n, struct fetchpool_job *jobs,
     uint32_t *juids, size_t *helpers)
{
	size_t njobs = 0, shared = 0;

	*helpers = 0;
	if (mb->max_connections > 1) {
		long long hold = mb->max_message_size < SOURCE_JOB_BYTES ? mb->max_message_size
		                                                         : SOURCE_JOB_BYTES;
		njobs = plan_jobs(msgs, n, hold, SOURCE_JOB_MAX, SOURCE_JOB_BYTES, jobs, juids,
		                  &shared);
		/* no more helpers than jobs besides the first, which is ours */
		*helpers = shared < 2 ? 0 : (size_t)mb->max_connections - 1 < shared - 1
		                                    ? (size_t)mb->max_connections - 1 : shared - 1;
	}
	if (*helpers == 0)
		njobs = plan_jobs(msgs, n, mb->max_message_size, SOURCE_BATCH_MAX, SOURCE_BATCH_BYTES,
		                  jobs, juids, &shared);
	return njobs;
}

static void
pool_stop(struct fetchpool *pool, struct intake_stats *st)
{
	struct fetchpool_stats ps;

	if (!pool)
		return;
	fetchpool_stop(pool, &ps);
	st->imap_commands += ps.commands;
	st->helpers_connected += ps.connected;
	st->helpers_failed += ps.failed;
	if (ps.first_error[0] && !st->helper_error[0])
		memcpy(st->helper_error, ps.first_error, sizeof ps.first_error);
}

/*
 * Fetches and files UIDS (ascending): their sizes in one command, then
 * jobs of one UID FETCH each, filed job after job in UID order and
 * committed every SOURCE_BATCH_MAX messages at most.
 */
int
source_imap_take(struct imap_src *s, const uint32_t *uids, size_t n, struct yk_err *err)
{
	const struct source_env *env = s->base.env;
	const struct yk_mailbox *mb = &env->cfg->mailbox;
	struct sized *msgs = calloc(n ? n : 1, sizeof *msgs);
	struct fetchpool_job *jobs = calloc(n ? n : 1, sizeof *jobs);
	uint32_t *juids = calloc(n ? n : 1, sizeof *juids);
	bool *got = calloc(n ? n : 1, sizeof *got);
	struct fetchpool *pool = NULL;
	struct imap_spill sp = { .fd = -1 };
	size_t njobs, helpers, pending = 0;
	bool pipelined, inflight = false;
	char tag[16];
	int rc = 0;

	s->err = err;
	if (!msgs || !jobs || !juids || !got) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		msgs[i].uid = uids[i];
	{
		struct sizes sz = { msgs, n };
		if ((rc = imap_fetch_sizes(s->im, uids, n, on_size, &sz, err)))
			goto out;
	}
	njobs = plan(mb, msgs, n, jobs, juids, &helpers);
	/* what a connection fetches waits on disk, not in memory (spill.h) */
	spill_clean(env->cfg->storage.archive);
	if (njobs && (rc = spill_open(env->cfg->storage.archive, &sp.fd, err)))
		goto out;
	s->spill = &sp;
	if (helpers) {
		size_t ahead = SOURCE_AHEAD * helpers;
		if (ahead > SOURCE_AHEAD_MAX)
			ahead = SOURCE_AHEAD_MAX;
		if ((rc = fetchpool_start(&s->o, env->cfg->storage.archive, s->uidvalidity,
		                          (unsigned)helpers, jobs, njobs, ahead, &pool, err)))
			goto out;
	}
	pipelined = !pool && mb->after_filing == AFTER_KEEP;
	for (size_t j = 0; j < njobs; j++) {
		const struct fetchpool_job *jb = &jobs[j], *next = j + 1 < njobs ? &jobs[j + 1] : NULL;
		const struct sized *m;
		bool stop = source_stopped(env);
		uint64_t t0;

		if (stop && !inflight)
			break; /* what is in hand is committed below */
		if ((m = too_large(s, msgs, n, jb))) {
			/* its header only, committed on its own */
			if (pool)
				(void)fetchpool_take(pool, j);
			if ((rc = flush(s, &pending, err)) || (rc = take_too_large(s, m, err)))
				goto out;
			pending = 1;
			continue;
		}
		s->last_seen = jb->uids[0] - 1;
		s->job_uids = jb->uids;
		s->job_got = got + (jb->uids - juids);
		s->job_n = jb->n;
		t0 = prof_start();
		if (inflight) /* asked for already: read it, if only to drop it */
			rc = imap_fetch_finish_spill(s->im, tag, &sp, on_spilled, s, err);
		else if (pool && fetchpool_take(pool, j))
			rc = fetchpool_each(pool, j, on_helped, s, err);
		else if (source_stopped(env))
			break;
		else if (!(rc = imap_fetch_send(s->im, jb->uids, jb->n, tag, err)))
			rc = imap_fetch_finish_spill(s->im, tag, &sp, on_spilled, s, err);
		prof_add(PROF_FETCH, t0);
		inflight = false;
		/*
		 * IMAP_BODY_STOP: a stop was asked for between two messages;
		 * YK_ESTOPPED: it cut our read short.  Either way what is in hand
		 * is committed: every message taken is whole, and would otherwise
		 * be fetched and filed again.  The one arriving is dropped.
		 */
		if (rc == YK_ESTOPPED)
			yk_err_clear(err);
		else if (rc && rc != IMAP_BODY_STOP)
			goto out; /* err is set */
		rc = 0;
		stop = source_stopped(env);
		if (!stop && (rc = check_missing(s, jb, err)))
			goto out;
		if (!stop && s->last_seen < jb->uids[jb->n - 1])
			s->last_seen = jb->uids[jb->n - 1]; /* the rest vanished meanwhile */
		pending += jb->n;
		if (pipelined && next && !stop && !too_large(s, msgs, n, next)) {
			rc = imap_fetch_send(s->im, next->uids, next->n, tag, err);
			if (rc == YK_ESTOPPED) /* nothing asked for: the loop ends */
				yk_err_clear(err);
			else if (rc)
				goto out;
			inflight = !rc;
			rc = 0;
		}
		if ((!next || too_large(s, msgs, n, next) ||
		     s->sink->held(s->sink->ctx) + next->n > SOURCE_BATCH_MAX) &&
		    (rc = flush(s, &pending, err)))
			goto out;
	}
	rc = flush(s, &pending, err);
out:
	pool_stop(pool, env->stats);
	if (sp.fd >= 0)
		close(sp.fd);
	s->spill = NULL;
	s->job_got = NULL;
	free(got);
	free(msgs);
	free(jobs);
	free(juids);
	return rc;
}
