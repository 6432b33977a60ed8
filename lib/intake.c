/*
 * intake — the per-message path and the poll cycle, the same for every
 * mailbox source (lib/source.h): prepare -> commit -> act.
 *
 * Each message the source hands over is extracted and written to the
 * archive at once (one message held at a time), without a sync.  At the
 * end of a batch, all its files and directories are synced together (in a
 * thread, while the next batch is filed), and then one transaction records
 * the batch and the source's mark as it was handed over (group commit).
 * The mark never advances past a message that is not durable,
 * and nothing on the server is touched before the commit.  A crash
 * anywhere refetches the batch; the archive recognises a file it already
 * holds with the same bytes.
 */
#include "intake.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "attach.h"
#include "buf.h"
#include "extract.h"
#include "fault.h"
#include "isotime.h"
#include "prof.h"
#include "source.h"

/* An RFC 5322 date as seconds since the epoch; 0 when unreadable. */
static int64_t
header_time(const char *date)
{
	GDateTime *dt = date ? g_mime_utils_header_decode_date(date) : NULL;
	gint64 u = 0;

	if (dt) {
		GDateTime *utc = g_date_time_to_utc(dt);
		u = utc ? g_date_time_to_unix(utc) : 0;
		if (utc)
			g_date_time_unref(utc);
		g_date_time_unref(dt);
	}
	return u > 0 && u < 253402300799 ? (int64_t)u : 0;
}

#define INTAKE_RECEIVED_MAX 2048 /* bytes of a Received: header looked at */

/*
 * A message imported from a file has no arrival time of the mailbox's:
 * the date its first (top) Received: header ends with (RFC 5321 §4.4),
 * stamped by the last server that took it in; 0 when there is none.
 */
static int64_t
received_header_time(const char *data, size_t len)
{
	char h[INTAKE_RECEIVED_MAX];
	size_t k = 0;
	const char *p = data, *end = data + len, *semi;

	while (p < end && *p != '\r' && *p != '\n') {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		if (eol - p > 9 && !strncasecmp(p, "Received:", 9)) {
			/* the header and its folded lines */
			for (const char *q = p + 9; q < end && k + 1 < sizeof h; q++) {
				if (*q == '\n' && (q + 1 >= end || (q[1] != ' ' && q[1] != '\t')))
					break;
				h[k++] = *q == '\r' || *q == '\n' ? ' ' : *q;
			}
			h[k] = '\0';
			if (!(semi = strrchr(h, ';')))
				return 0;
			return header_time(semi + 1);
		}
		p = eol;
	}
	return 0;
}

/* T as a file name stem "20240120T093000" (UTC). */
static void
file_stem(int64_t t, char stem[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(stem, 32, "%Y%m%dT%H%M%S", &tm);
}

/*
 * The folder of a message in the archive: CAMPAIGN/AGENCY, one agency's
 * replies to a bounded round.  What has no such bound is split by the
 * month of its name's time (T), so that no folder grows past what a file
 * manager or a backup walks comfortably: mail of no campaign, as
 * _other/YYYY-MM/AGENCY, and a campaign's replies of no agency (anyone
 * may write about a campaign: citizens, newsletters, forwards), as
 * CAMPAIGN/_unassigned/YYYY-MM.  Before issue 23 they were _other/AGENCY
 * and CAMPAIGN/_unassigned: the rows filed then keep their archive_path,
 * and their files stay.  "_unassigned" stands for no agency.
 */
static void
archive_dir(const struct extract_result *r, int64_t t, char *dir, size_t n)
{
	const char *agency = r->agency ? r->agency->code : "_unassigned";
	time_t tt = (time_t)t;
	struct tm tm;
	char month[16];

	gmtime_r(&tt, &tm);
	strftime(month, sizeof month, "%Y-%m", &tm);
	if (r->campaign && r->agency)
		snprintf(dir, n, "%s/%s", r->campaign->id, agency);
	else if (r->campaign)
		snprintf(dir, n, "%s/_unassigned/%s", r->campaign->id, month);
	else
		snprintf(dir, n, "_other/%s/%s", month, agency);
}

/* A Date header further than this from the arrival is shown to a person:
 * the sender writes the Date, the mailbox's clock writes the arrival. */
#define INTAKE_DATE_SKEW (24 * 3600)
#define INTAKE_DATE_SKEW_REASON "Date header more than a day from the time it arrived"

struct where {
	const char *origin;    /* "imap", "maildir", "import" */
	int64_t arrived;       /* when it reached the mailbox: INTERNALDATE, the
	                        * Maildir file's time; 0: unknown (import) */
	const char *mailbox;
	uint32_t uidvalidity;
	uint32_t uid;
	const char *file;      /* import: the file; maildir: the message's name */
	const char *src;       /* maildir: its path in the folder, for after_filing */
	int fd;                /* when has_fd: a file holding the bytes, to link */
	bool has_fd;           /* into the archive (archive_adopt()) */
};

/* A message extracted and archived, not yet recorded. */
struct prepared {
	struct where w;
	struct extract_result *r;
	struct buf parsed, answers, choice;
	char sha[65];
	char received_at[32];  /* when it reached the mailbox, ISO 8601 UTC */
	char rel[ARCHIVE_MAX_PATH];
	int64_t size;
	char *note;
};

static void
prepared_free(struct prepared *p)
{
	extract_free(p->r);
	buf_free(&p->parsed);
	buf_free(&p->answers);
	buf_free(&p->choice);
	free(p->note);
	memset(p, 0, sizeof *p);
}

/*
 * Extracts and archives one message (SYNC: durably now, else the caller
 * calls archive_sync).  NOTE, when not NULL, is a reason recorded with it
 * (e.g. too large: only its headers were fetched).
 */
static int
prepare(const struct intake *in, const struct where *w, const char *data, size_t len,
        const char *sha, int64_t size, const char *note, bool sync, struct prepared *p,
        struct yk_err *err)
{
	char stem[64], t[32], dir[300];
	int64_t sent, arrived;
	uint64_t t0;
	int rc;

	memset(p, 0, sizeof *p);
	p->w = *w;
	p->size = size;
	buf_init(&p->parsed, 0);
	buf_init(&p->answers, 0);
	buf_init(&p->choice, 0);
	if (sha)
		memcpy(p->sha, sha, sizeof p->sha);
	else if ((rc = archive_sha256(data, len, p->sha, err)))
		return rc;
	yk_alive_ping(in->alive);
	t0 = prof_start();
	rc = extract_message_in(in->cfg, in->dispatched, data, len, in->alive, &p->r, err);
	prof_add(PROF_EXTRACT, t0);
	if (rc)
		return rc;
	/* what could not be read is never guessed: a person looks */
	if (note && (extract_add_review(p->r, note) || !(p->note = strdup(note))))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	/* lateness is judged by the arrival, which the sender does not write;
	 * the file keeps the name of its Date header as before */
	sent = header_time(p->r->date);
	arrived = w->arrived ? w->arrived : received_header_time(data, len);
	if (!arrived)
		arrived = sent ? sent : (int64_t)time(NULL);
	file_stem(sent ? sent : arrived, t);
	archive_dir(p->r, sent ? sent : arrived, dir, sizeof dir);
	isotime_format((time_t)arrived, p->received_at);
	if (p->r->kind == KIND_FORM_REPLY && sent &&
	    (sent - arrived > INTAKE_DATE_SKEW || arrived - sent > INTAKE_DATE_SKEW) &&
	    extract_add_review(p->r, INTAKE_DATE_SKEW_REASON))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (w->uid)
		snprintf(stem, sizeof stem, "%s-%u", t, w->uid);
	else
		snprintf(stem, sizeof stem, "%s-%.12s", t, p->sha);
	t0 = prof_start();
	rc = w->has_fd ? archive_adopt(in->cfg->storage.archive, dir, stem, w->fd, data, len, sync,
	                               p->rel, sizeof p->rel, err)
	               : archive_store(in->cfg->storage.archive, dir, stem, data, len, sync, p->rel,
	                               sizeof p->rel, err);
	p->w.has_fd = false; /* the file is the caller's, and only for this call */
	prof_add(PROF_ARCHIVE, t0);
	if (rc)
		return rc;
	fault_point("archive-written");
	/* a second MIME walk only when the message names a file at all */
	if (p->r->kind == KIND_FORM_REPLY && p->r->campaign && memmem(data, len, "name", 4)) {
		/* the attachments beside the message, in a folder of its name */
		char adir[ARCHIVE_MAX_PATH];
		size_t na;
		snprintf(adir, sizeof adir, "%.*s", (int)(strlen(p->rel) - 4), p->rel);
		t0 = prof_start();
		rc = attach_save(in->cfg->storage.archive, adir, data, len, &na, err);
		prof_add(PROF_ARCHIVE, t0);
		if (rc)
			return rc;
		if (sync && na && (rc = archive_sync(in->cfg->storage.archive, err)))
			return rc;
	}
	if (extract_json_fields(p->r, &p->parsed) || extract_json_answers(p->r, &p->answers) ||
	    extract_choice_summary(p->r, &p->choice))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	return 0;
}

/* Records a prepared message inside the caller's transaction. */
static int
record(const struct intake *in, struct prepared *p, const char **status, struct yk_err *err)
{
	const struct extract_result *r = p->r;
	struct store_msg m = { 0 };
	char now[32];
	int rc;

	isotime_format(time(NULL), now);
	m.sha256 = p->sha;
	m.origin = p->w.origin;
	m.mailbox = p->w.mailbox;
	m.uidvalidity = p->w.uidvalidity;
	m.uid = p->w.uid;
	m.size = p->size;
	m.filed_at = now;
	m.archive_path = p->rel;
	m.file = p->w.file;
	m.message_id = r->message_id;
	m.from = r->from;
	m.subject = r->subject;
	m.date = r->date;
	m.received_at = p->received_at;
	m.kind = extract_kind_name(r->kind);
	m.campaign = r->campaign ? r->campaign->id : NULL;
	m.agency = r->agency ? r->agency->code : NULL;
	m.agency_by = r->agency_by;
	m.forwarded_from = r->forwarded_from;
	m.source = r->source;
	m.needs_review = r->needs_review;
	m.unverified = r->unverified;
	m.parsed_json = p->parsed.data;
	m.answers_json = p->answers.data;
	m.choice = p->choice.data;
	rc = store_file_message(in->st, &m, NULL, status, err);
	/* a delivery report: its failed addresses get no more reminders (lib/plan.h) */
	for (size_t i = 0; !rc && r->kind == KIND_BOUNCE && i < r->n_bounced; i++)
		rc = store_bouncing_add(in->st, r->bounced[i], now, p->sha, err);
	if (!rc && r->dispatch_bounced)
		rc = store_dispatch_bounced(in->st, r->dispatch_bounced, now, p->sha, err);
	return rc;
}

/* Reported only after the commit: a line in the log means it is durable. */
static void
announce(const struct intake *in, const struct prepared *p, const char *status)
{
	struct intake_event ev;

	if (!in->on_event)
		return;
	memset(&ev, 0, sizeof ev);
	ev.uid = p->w.uid;
	ev.file = p->w.file;
	ev.kind = extract_kind_name(p->r->kind);
	ev.campaign = p->r->campaign ? p->r->campaign->id : NULL;
	ev.agency = p->r->agency ? p->r->agency->code : NULL;
	ev.status = status;
	ev.archive_path = p->rel;
	ev.needs_review = p->r->needs_review;
	ev.note = p->note;
	in->on_event(in->event_ctx, &ev);
}

struct import_tx {
	const struct intake *in;
	struct prepared *p;
	const char *status;
};

static int
import_record(struct store *st, void *ctx, struct yk_err *err)
{
	struct import_tx *t = ctx;

	(void)st;
	return record(t->in, t->p, &t->status, err);
}

int
intake_import(const struct intake *in, const char *file, const char *data, size_t len,
              bool *already, struct yk_err *err)
{
	struct where w = { .origin = "import", .file = file };
	struct prepared p = { 0 };
	struct import_tx t = { .in = in, .p = &p };
	char sha[65];

	if (archive_sha256(data, len, sha, err) || store_has_sha(in->st, sha, already, err))
		return err->code;
	if (*already)
		return 0;
	if (prepare(in, &w, data, len, sha, (int64_t)len, NULL, true, &p, err))
		goto fail;
	if (store_tx(in->st, import_record, &t, err))
		goto fail;
	fault_point("committed");
	announce(in, &p, t.status);
	prepared_free(&p);
	return 0;
fail:
	prepared_free(&p);
	return err->code;
}

/* ---- the poll cycle ------------------------------------------------------ */

/*
 * A group commit.  Handed over (sink_commit), its files are synced by a
 * thread of its own while the next batch is filed (the filing thread no
 * longer waits for the disk: a syncfs was a sixth of a first sync); it is
 * recorded, with the mark it was handed over with, when that sync is over,
 * at the next commit or the end of the cycle.  The order stays sync ->
 * record -> act for every batch, and batches are recorded in turn.
 */
struct batch {
	struct prepared items[SOURCE_BATCH_MAX];
	size_t n;
	struct store_mailbox mark; /* the source's mark, as handed over */
	size_t done;               /* messages of the cycle done with it */
	/* its sync (sync_main) */
	const char *root;
	struct store_ckpt *ck;     /* checkpoint the WAL after the sync; or NULL */
	bool syncing;              /* a thread runs it: join before reading on */
	pthread_t syncer;
	int sync_rc;
	struct yk_err sync_err;
};

/* The sink (source.h) a source fetches into. */
struct run {
	const struct intake *in;
	struct source *src;      /* its env holds the mark and the stats */
	struct batch *hand;      /* the batch being filled */
	struct batch *synced;    /* the one handed over, not recorded yet; or NULL */
	struct batch both[2];
	size_t done, total;      /* progress of the cycle, for on_progress */
	struct store_ckpt *ck;   /* the sync thread's checkpoints; or NULL */
	int wal_pages;           /* the WAL's size that has it checkpoint */
	int wal_limit;           /* the store's own, put back at the end */
};

static void
batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		prepared_free(&b->items[i]);
	b->n = 0;
}

static size_t
sink_held(void *ctx)
{
	return ((struct run *)ctx)->hand->n;
}

static bool
batch_has(const struct batch *b, const char *sha)
{
	for (size_t i = 0; b && i < b->n; i++)
		if (!strcmp(b->items[i].sha, sha))
			return true;
	return false;
}

/*
 * Are these bytes filed already (or about to be, in a batch not recorded
 * yet)?  Not only after a UIDVALIDITY change: the same message can come
 * back under a new UID (a person moves it back into the folder; the folder
 * was read under another URL spelling in between), and the same bytes are
 * never filed twice.
 */
static int
sink_filed_before(void *ctx, const char *sha, bool *already, struct yk_err *err)
{
	struct run *r = ctx;
	uint64_t t0;
	int rc;

	if (batch_has(r->hand, sha) || batch_has(r->synced, sha)) {
		*already = true;
		return 0;
	}
	t0 = prof_start();
	rc = store_has_sha(r->in->st, sha, already, err);
	prof_add(PROF_DB, t0);
	return rc;
}

static int
sink_take(void *ctx, const struct source_msg *m, struct yk_err *err)
{
	struct run *r = ctx;
	struct batch *b = r->hand;
	struct where w = { .origin = r->src->ops->origin, .mailbox = r->in->cfg->mailbox.url,
		           .arrived = m->arrived, .uidvalidity = r->src->env->state->uidvalidity,
		           .uid = m->uid, .file = m->file, .src = m->src, .fd = m->fd,
		           .has_fd = m->has_fd };

	if (b->n >= SOURCE_BATCH_MAX)
		return yk_err_set(err, YK_ELIMIT, "intake: more than %d messages in a batch",
		                  SOURCE_BATCH_MAX);
	if (prepare(r->in, &w, m->data, m->len, m->sha, m->size, m->note, false, &b->items[b->n],
	            err)) {
		prepared_free(&b->items[b->n]);
		return err->code;
	}
	b->n++;
	return 0;
}

struct recording {
	const struct intake *in;
	struct batch *b;
	const char *statuses[SOURCE_BATCH_MAX];
};

/* The batch's rows and its mark, in the caller's transaction. */
static int
record_batch(struct store *st, void *ctx, struct yk_err *err)
{
	struct recording *r = ctx;
	struct batch *b = r->b;

	for (size_t i = 0; i < b->n; i++)
		if (record(r->in, &b->items[i], &r->statuses[i], err))
			return err->code;
	return store_mailbox_set(st, r->in->cfg->mailbox.url, &b->mark, err);
}

static void
progress(struct run *r, size_t done)
{
	if (done == 0)
		return;
	r->done += done;
	if (r->in->on_progress)
		r->in->on_progress(r->in->event_ctx, r->done, r->total);
}

/* Records a durable batch with its mark in one transaction, then has the
 * source act on what was filed. */
static int
record_and_act(struct run *r, struct batch *b, struct yk_err *err)
{
	const struct intake *in = r->in;
	struct recording rec = { .in = in, .b = b };
	struct source_filed filed[SOURCE_BATCH_MAX];
	uint64_t t0;
	int rc;

	t0 = prof_start();
	if (store_tx(in->st, record_batch, &rec, err))
		return err->code;
	prof_add(PROF_DB, t0);
	fault_point("committed");
	for (size_t i = 0; i < b->n; i++) {
		const struct extract_result *x = b->items[i].r;
		announce(in, &b->items[i], rec.statuses[i]);
		filed[i].uid = b->items[i].w.uid;
		filed[i].src = b->items[i].w.src;
		filed[i].leaf = source_leaf(source_beside_replies(extract_kind_name(x->kind)),
		                            x->campaign != NULL,
		                            x->agency ? x->agency->code : NULL);
	}
	r->src->env->stats->filed += (unsigned)b->n;
	/* each outcome is recorded; a crash before is healed by the source */
	t0 = prof_start();
	rc = r->src->ops->act(r->src, filed, b->n, err);
	prof_add(PROF_ACT, t0);
	if (!rc)
		progress(r, b->done);
	return rc;
}

static void *
sync_main(void *arg)
{
	struct batch *b = arg;

	b->sync_rc = archive_sync(b->root, &b->sync_err);
	if (!b->sync_rc && b->ck) {
		/* a checkpoint that fails leaves the WAL to the next one (or to
		 * the store's own, at its raised limit): nothing filed depends on it */
		struct yk_err late = { 0 };
		if (!store_ckpt_run(b->ck, &late))
			fault_point("checkpointed");
	}
	return NULL;
}

/* Starts B's sync in a thread (in this one if none can be made). */
static void
sync_start(struct run *r, struct batch *b)
{
	pthread_attr_t a;

	b->root = r->in->cfg->storage.archive;
	/*
	 * Past STORE_WAL_PAGES, the WAL is copied into the database here, not
	 * in the commit that crossed it: that copy writes and syncs thousands
	 * of random pages, and the filing thread would wait for it (0.9 s of
	 * a 100,000-message first sync).
	 */
	b->ck = NULL;
	if (store_wal_pages(r->in->st) >= r->wal_pages) {
		struct yk_err late = { 0 };
		if (r->ck || !store_ckpt_open(r->in->st, &r->ck, &late))
			b->ck = r->ck;
	}
	b->sync_rc = 0;
	yk_err_clear(&b->sync_err);
	b->syncing = !pthread_attr_init(&a);
	if (b->syncing) {
		(void)pthread_attr_setstacksize(&a, 64 * 1024);
		b->syncing = !pthread_create(&b->syncer, &a, sync_main, b);
		pthread_attr_destroy(&a);
	}
	if (!b->syncing)
		sync_main(b);
}

/* Waits for the sync of the batch handed over, then records it and acts. */
static int
finish_synced(struct run *r, struct yk_err *err)
{
	struct batch *b = r->synced;
	uint64_t t0;
	int rc;

	if (!b)
		return 0;
	r->synced = NULL;
	t0 = prof_start();
	if (b->syncing)
		pthread_join(b->syncer, NULL);
	b->syncing = false;
	prof_add(PROF_SYNC, t0);
	if (b->sync_rc) {
		/* a write failed (disk full, I/O error): nothing may be recorded */
		*err = b->sync_err;
		rc = err->code;
	} else {
		fault_point("archive-synced");
		rc = record_and_act(r, b, err);
	}
	batch_clear(b);
	return rc;
}

/* The source is done with the batch in hand (source.h): the one before is
 * recorded, and this one's sync starts. */
static int
sink_commit(void *ctx, bool mark_moved, size_t done, struct yk_err *err)
{
	struct run *r = ctx;
	struct batch *b = r->hand;
	int rc;

	if ((rc = finish_synced(r, err))) {
		batch_clear(b);
		return rc;
	}
	b->mark = *r->src->env->state;
	b->done = done;
	if (b->n == 0) {
		/* nothing to sync: the mark alone, when it moved */
		rc = mark_moved ? record_and_act(r, b, err) : (progress(r, done), 0);
		batch_clear(b);
		return rc;
	}
	sync_start(r, b);
	r->synced = b;
	r->hand = b == &r->both[0] ? &r->both[1] : &r->both[0];
	return 0;
}

int
intake_cycle(const struct intake *in, struct intake_stats *stats, struct yk_err *err)
{
	const struct source_ops *ops = source_for(in->cfg->mailbox.url);
	struct store_mailbox state = { 0 };
	struct source_env env = { .cfg = in->cfg, .st = in->st, .stop = in->stop, .stats = stats,
		                  .state = &state, .dispatched = in->dispatched };
	struct source *src = NULL;
	struct run *r = NULL;
	struct source_sink sink = { .held = sink_held, .filed_before = sink_filed_before,
		                    .take = sink_take, .commit = sink_commit };
	int rc;

	memset(stats, 0, sizeof *stats);
	if (!(r = calloc(1, sizeof *r)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	r->in = in;
	r->hand = &r->both[0];
	/* the sync thread checkpoints (sync_start); the store only past 4 times that */
	r->wal_pages = (int)fault_value("wal_pages", STORE_WAL_PAGES);
	r->wal_limit = store_wal_limit(in->st, r->wal_pages * 4);
	sink.ctx = r;
	if ((rc = ops->open(&env, &src, err)))
		goto out;
	r->src = src;
	if ((rc = ops->select(src, err)) || (rc = ops->list_new(src, &r->total, err)) ||
	    (rc = ops->heal(src, err)) || (rc = ops->fetch(src, &sink, err)) ||
	    (rc = finish_synced(r, err)))
		goto out;
	rc = ops->finish ? ops->finish(src, err) : 0;
out:
	if (r->synced) {
		/* what failed came after the batch was handed over: it is
		 * recorded if it can be (its action, if that fails now, is
		 * healed next cycle), else fetched again */
		struct yk_err late = { 0 };
		(void)finish_synced(r, &late);
	}
	batch_clear(&r->both[0]);
	batch_clear(&r->both[1]);
	store_ckpt_close(r->ck);
	(void)store_wal_limit(in->st, r->wal_limit);
	free(r);
	if (src) /* a failed open() left nothing to close */
		ops->close(src);
	return rc;
}
