/*
 * intake — the per-message path and the poll cycle.
 *
 * Messages are fetched in batches with one UID FETCH each; every message
 * is extracted and written to the archive as it streams in (one message
 * held at a time).  At the end of a batch, all its files and directories
 * are fsynced together, and then one transaction records the batch and the
 * new high-water UID (group commit).  The UID never advances past a
 * message that is not durable, and nothing on the server is touched before
 * the commit.  A crash anywhere refetches the batch; the archive recognises
 * a file it already holds with the same bytes.
 */
#include "intake.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "attach.h"
#include "buf.h"
#include "extract.h"
#include "fault.h"
#include "fetchpool.h"
#include "imap.h"
#include "maildir.h"

#define INTAKE_BATCH_MAX 200                  /* messages in one group commit */
#define INTAKE_BATCH_BYTES (32LL * 1024 * 1024) /* bytes fetched per batch */
/* with max_connections > 1: what one helper connection fetches at a time,
 * and how many such jobs may be fetched ahead per helper, and in all (what
 * the helpers hold is at most INTAKE_AHEAD_MAX * INTAKE_JOB_BYTES) */
#define INTAKE_JOB_MAX 50
#define INTAKE_JOB_BYTES (8LL * 1024 * 1024)
#define INTAKE_AHEAD 2
#define INTAKE_AHEAD_MAX 6
/* Room for the personal namespace's prefix before folder_prefix. */
#define INTAKE_NS_MAX 64
#define INTAKE_FOLDER_MAX (INTAKE_NS_MAX + CONFIG_FOLDER_MAX)

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
	if ((rc = extract_message_watched(in->cfg, data, len, in->alive, &p->r, err)))
		return rc;
	/* what could not be read is never guessed: a person looks */
	if (note && (extract_add_review(p->r, note) || !(p->note = strdup(note))))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	snprintf(dir, sizeof dir, "%s/%s", p->r->campaign ? p->r->campaign->id : "_other",
	         p->r->agency ? p->r->agency->code : "_unassigned");
	/* lateness is judged by the arrival, which the sender does not write;
	 * the file keeps the name of its Date header as before */
	sent = header_time(p->r->date);
	arrived = w->arrived ? w->arrived : received_header_time(data, len);
	if (!arrived)
		arrived = sent ? sent : (int64_t)time(NULL);
	file_stem(sent ? sent : arrived, t);
	config_format_time((time_t)arrived, p->received_at);
	if (p->r->kind == KIND_FORM_REPLY && sent &&
	    (sent - arrived > INTAKE_DATE_SKEW || arrived - sent > INTAKE_DATE_SKEW) &&
	    extract_add_review(p->r, INTAKE_DATE_SKEW_REASON))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (w->uid)
		snprintf(stem, sizeof stem, "%s-%u", t, w->uid);
	else
		snprintf(stem, sizeof stem, "%s-%.12s", t, p->sha);
	if ((rc = archive_store(in->cfg->storage.archive, dir, stem, data, len, sync, p->rel,
	                        sizeof p->rel, err)))
		return rc;
	fault_point("archive-written");
	/* a second MIME walk only when the message names a file at all */
	if (p->r->kind == KIND_FORM_REPLY && p->r->campaign && memmem(data, len, "name", 4)) {
		/* the attachments beside the message, in a folder of its name */
		char adir[ARCHIVE_MAX_PATH];
		size_t na;
		snprintf(adir, sizeof adir, "%.*s", (int)(strlen(p->rel) - 4), p->rel);
		if ((rc = attach_save(in->cfg->storage.archive, adir, data, len, &na, err)))
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

	config_format_time(time(NULL), now);
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

int
intake_import(const struct intake *in, const char *file, const char *data, size_t len,
              bool *already, struct yk_err *err)
{
	struct where w = { .origin = "import", .file = file };
	struct prepared p = { 0 };
	const char *status = NULL;
	char sha[65];

	if (archive_sha256(data, len, sha, err) || store_has_sha(in->st, sha, already, err))
		return err->code;
	if (*already)
		return 0;
	if (prepare(in, &w, data, len, sha, (int64_t)len, NULL, true, &p, err))
		goto fail;
	if (store_begin(in->st, err))
		goto fail;
	if (record(in, &p, &status, err) || store_commit(in->st, err)) {
		store_rollback(in->st);
		goto fail;
	}
	fault_point("committed");
	announce(in, &p, status);
	prepared_free(&p);
	return 0;
fail:
	prepared_free(&p);
	return err->code;
}

/* ---- the poll cycle ------------------------------------------------------ */

struct sized {
	uint32_t uid;
	uint64_t size;
	bool present;  /* the server still has it */
};

struct batch {
	const struct intake *in;
	struct store_mailbox *state;
	const char *mailbox;
	struct prepared items[INTAKE_BATCH_MAX];
	size_t n;
	uint32_t last_seen;      /* highest UID handed over, filed or recognised */
	size_t done, total;      /* progress of the cycle, for on_progress */
	char sep;                /* the server's hierarchy separator */
	char ns[INTAKE_NS_MAX];  /* its personal namespace's prefix (move) */
	const char *maildir;     /* a Maildir source: its root; NULL for IMAP */
	const struct imap_opts *opts; /* IMAP: for the helper connections */
	/* the job being read: which of its UIDs the server did send */
	const uint32_t *job_uids;
	bool *job_got;
	size_t job_n;
	/* a UID asked for, not sent, still on the server: the high-water mark
	 * stays below it, so the next cycle asks again (0: none) */
	uint32_t hold_below;
	uint32_t mark_start;     /* the high-water mark when the cycle began */
	struct intake_stats *stats;
	struct yk_err *err;
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

/*
 * Are these bytes filed already (or about to be, in this batch)?  Not only
 * after a UIDVALIDITY change: the same message can come back under a new
 * UID (a person moves it back into the folder; the folder was read under
 * another URL spelling in between), and the same bytes are never filed
 * twice.
 */
static int
filed_before(struct batch *b, const char *sha, bool *already)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->items[i].sha, sha)) {
			*already = true;
			return 0;
		}
	return store_has_sha(b->in->st, sha, already, b->err);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* UID of the job in hand was handled (filed, or recognised as filed). */
static void
job_got(struct batch *b, uint32_t uid)
{
	const uint32_t *hit;

	if (!b->job_got)
		return;
	hit = bsearch(&uid, b->job_uids, b->job_n, sizeof uid, cmp_u32);
	if (hit)
		b->job_got[hit - b->job_uids] = true;
}

static int
on_body(void *ctx, uint32_t uid, int64_t arrived, const char *data, size_t len)
{
	struct batch *b = ctx;
	const struct intake *in = b->in;
	struct where w = { .origin = "imap", .mailbox = b->mailbox, .arrived = arrived,
		           .uidvalidity = b->state->uidvalidity, .uid = uid };
	char sha[65];
	bool already = false;

	if (in->stop && *in->stop)
		return 1; /* finish here: what is in hand is committed */
	if (uid <= b->last_seen || b->n >= INTAKE_BATCH_MAX)
		return 0; /* a repeated or unasked-for answer */
	/* a hash that failed must not pass for "filed before": the batch fails */
	if (archive_sha256(data, len, sha, b->err) || filed_before(b, sha, &already))
		return -1;
	if (already) {
		b->stats->already++;
		b->last_seen = uid;
		job_got(b, uid);
		return 0;
	}
	if (prepare(in, &w, data, len, sha, (int64_t)len, NULL, false, &b->items[b->n], b->err)) {
		prepared_free(&b->items[b->n]);
		return -1;
	}
	b->n++;
	b->last_seen = uid;
	job_got(b, uid);
	return 0;
}

/* A refusal of the server (NO to a STORE, MOVE or CREATE; a folder name
 * it cannot take) belongs to the action, not to the cycle: recorded and
 * retried later with back-off while new mail goes on being filed.  A
 * broken connection or a database error still fails the cycle. */
static bool
refused(int code)
{
	return code == YK_EPROTO || code == YK_ELIMIT || code == YK_EINVAL;
}

/* UIDS (N) were refused, WHY says how: counted, recorded, not retried
 * before their wait is over (store_server_refused). */
static int
note_refused(const struct intake *in, uint32_t uidvalidity, const uint32_t *uids, size_t n,
             const char *why, struct intake_stats *stats, struct yk_err *err)
{
	if (!stats->action_error[0])
		snprintf(stats->action_error, sizeof stats->action_error, "%s", why);
	stats->actions_refused += (unsigned)n;
	return store_server_refused(in->st, in->cfg->mailbox.url, uidvalidity, uids, n,
	                            (int64_t)time(NULL), in->cfg->mailbox.poll_interval, why, err);
}

/*
 * A move healed on a server without MOVE: a crash between its COPY and
 * its EXPUNGE left a copy in FOLDER already.  The ones FOLDER holds (by
 * Message-ID, MIDS) are only deleted here; the rest are moved.  FOLDER is
 * examined to look, so the intake's folder is selected again after.
 */
static int
heal_copy(struct imap *im, uint32_t uidvalidity, uint32_t *group, size_t k,
          const char *const *mids, const char *folder, struct yk_err *err)
{
	bool found[INTAKE_BATCH_MAX];
	uint32_t held[INTAKE_BATCH_MAX], rest[INTAKE_BATCH_MAX], uv = 0;
	size_t nh = 0, nr = 0;
	int looked = imap_folder_holds(im, folder, mids, k, found, err);
	struct yk_err e2 = { 0 };

	/* the intake's folder again, whatever the look found: the rest of the
	 * cycle reads it (a failure here is the cycle's, not the action's) */
	if (imap_select(im, false, &uv, NULL, NULL, &e2))
		return yk_err_set(err, YK_ESTATE, "%s", e2.msg);
	if (looked)
		return looked;
	if (uv != uidvalidity)
		return yk_err_set(err, YK_ESTATE, "UIDVALIDITY changed while a move was healed");
	for (size_t i = 0; i < k; i++) {
		if (found[i])
			held[nh++] = group[i];
		else
			rest[nr++] = group[i];
	}
	if ((nh && imap_delete(im, held, nh, err)) ||
	    (nr && imap_move(im, rest, nr, folder, err)))
		return err->code;
	return 0;
}

/* after_filing on the server for UIDS (into FOLDERS, with move), each
 * outcome recorded as it comes: done, or refused.  MIDS (the heal's; NULL
 * for a batch just filed) are their Message-IDs. */
static int
server_action(const struct intake *in, struct imap *im, uint32_t uidvalidity, const uint32_t *uids,
              size_t n, const char *const *folders, const char *const *mids,
              struct intake_stats *stats, struct yk_err *err)
{
	const struct yk_mailbox *mb = &in->cfg->mailbox;

	if (n == 0 || mb->after_filing == AFTER_KEEP)
		return 0;
	if (mb->after_filing == AFTER_SEEN) {
		struct yk_err e = { 0 };
		if (imap_store_seen(im, uids, n, &e)) {
			if (!refused(e.code))
				return yk_err_set(err, e.code, "%s", e.msg);
			return note_refused(in, uidvalidity, uids, n, e.msg, stats, err);
		}
		fault_point("stored-seen");
		return store_server_done(in->st, mb->url, uidvalidity, uids, n, err);
	}
	/* move: one UID MOVE per destination folder, in UID order */
	for (size_t i = 0; i < n; i++) {
		uint32_t group[INTAKE_BATCH_MAX];
		const char *gmids[INTAKE_BATCH_MAX];
		struct yk_err e = { 0 };
		size_t k = 0;
		bool done_before = false, look;
		for (size_t j = 0; j < i && !done_before; j++)
			done_before = !strcmp(folders[j], folders[i]);
		if (done_before)
			continue;
		for (size_t j = i; j < n && k < INTAKE_BATCH_MAX; j++)
			if (!strcmp(folders[j], folders[i])) {
				gmids[k] = mids ? mids[j] : NULL;
				group[k++] = uids[j];
			}
		/* only a heal on a server without MOVE can find a copy made */
		look = mids && !imap_can_move(im);
		if (imap_ensure_folder(im, folders[i], &e) ||
		    (look ? heal_copy(im, uidvalidity, group, k, gmids, folders[i], &e)
		          : imap_move(im, group, k, folders[i], &e))) {
			if (!refused(e.code))
				return yk_err_set(err, e.code, "%s", e.msg);
			if (note_refused(in, uidvalidity, group, k, e.msg, stats, err))
				return err->code;
			continue;
		}
		fault_point("moved");
		if (store_server_done(in->st, mb->url, uidvalidity, group, k, err))
			return err->code;
	}
	return 0;
}


/* the folder's leaf: agency code, "_unassigned" or "_other" (for what was
 * just extracted, and for what the database says of a message filed before) */
static const char *
leaf_of(bool form_reply, bool campaign, const char *agency)
{
	return !form_reply || !campaign ? "_other" : agency && *agency ? agency : "_unassigned";
}

static const char *
move_leaf(const struct extract_result *r)
{
	return leaf_of(r->kind == KIND_FORM_REPLY, r->campaign != NULL,
	               r->agency ? r->agency->code : NULL);
}

/* after_filing on a Maildir: seen sets the S flag, move files it into the
 * Maildir++ folder .<prefix>.<leaf> */
/*
 * "YKien/SNV", "INBOX.YKien._unassigned", "YKien._other": the personal
 * namespace's prefix NS (RFC 2342: "" on Dovecot, "INBOX." on Cyrus and
 * Courier, where a top-level CREATE is refused), folder_prefix and the
 * leaf, joined by the hierarchy separator SEP (the server's; '.' in a
 * Maildir).  A folder_prefix that already starts with NS is taken as it
 * is; one written with a leading '/' is absolute (NS left out).
 */
static int
move_folder(const struct yk_config *cfg, const char *ns, char sep, const char *leaf, char *out,
            size_t n, struct yk_err *err)
{
	const char *fp = cfg->mailbox.folder_prefix;
	size_t nl = strlen(ns);
	int len;

	if (fp[0] == '/') {
		fp++;
		ns = "";
	} else if (nl && !strncasecmp(fp, ns, nl)) {
		ns = "";
	}
	len = snprintf(out, n, "%s%s%c%s", ns, fp, sep, leaf);
	/* check-config bounds the configuration's names; a code recorded under
	 * an older configuration may still be longer: never move into a cut name */
	if (len < 0 || (size_t)len >= n)
		return yk_err_set(err, YK_ELIMIT, "folder name \"%s%s%c%s\" longer than %zu bytes",
		                  ns, fp, sep, leaf, n - 1);
	return 0;
}

/* The folders of UIDS for a move; a name that cannot be made is refused
 * for its message (which is left out: *N shrinks), never cut. */
static int
folders_for(const struct intake *in, uint32_t uidvalidity, const char *ns, char sep,
            uint32_t *uids, const char **mids, const char **leaves, size_t *n,
            const char **folders, char (*buf)[INTAKE_FOLDER_MAX + 1], struct intake_stats *stats,
            struct yk_err *err)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++) {
		struct yk_err e = { 0 };
		if (move_folder(in->cfg, ns, sep, leaves[i], buf[k], sizeof buf[k], &e)) {
			if (note_refused(in, uidvalidity, &uids[i], 1, e.msg, stats, err))
				return err->code;
			continue;
		}
		uids[k] = uids[i];
		if (mids)
			mids[k] = mids[i];
		folders[k] = buf[k];
		k++;
	}
	*n = k;
	return 0;
}

static int
maildir_one(const struct intake *in, const char *root, const char *src, const char *leaf,
            struct yk_err *err)
{
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	char folder[INTAKE_FOLDER_MAX + 1];

	if (mb->after_filing == AFTER_SEEN) {
		if (maildir_mark_seen(root, src, err))
			return err->code;
		fault_point("stored-seen");
	} else if (mb->after_filing == AFTER_MOVE) {
		if (move_folder(in->cfg, "", '.', leaf, folder, sizeof folder, err) ||
		    maildir_move(root, src, folder, err))
			return err->code;
		fault_point("moved");
	}
	return 0;
}

static int
maildir_action(const struct intake *in, const char *root, const struct prepared *items, size_t n,
               struct yk_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (maildir_one(in, root, items[i].w.src, move_leaf(items[i].r), err))
			return err->code;
	return 0;
}


/* Makes the batch durable, records it with the new high-water UID in one
 * transaction, then acts on the server. */
static int
commit_batch(struct batch *b, struct imap *im, struct yk_err *err)
{
	const struct intake *in = b->in;
	const char *statuses[INTAKE_BATCH_MAX];
	const char *folders[INTAKE_BATCH_MAX], *leaves[INTAKE_BATCH_MAX];
	char folder_buf[INTAKE_BATCH_MAX][INTAKE_FOLDER_MAX + 1];
	uint32_t uids[INTAKE_BATCH_MAX];
	size_t n;

	if (b->n == 0 && b->last_seen <= b->state->last_uid)
		return 0;
	if (b->n && archive_sync(in->cfg->storage.archive, err))
		return err->code;
	if (b->n)
		fault_point("archive-synced");
	if (store_begin(in->st, err))
		return err->code;
	for (size_t i = 0; i < b->n; i++)
		if (record(in, &b->items[i], &statuses[i], err))
			goto fail;
	/* a widened date window files UIDs below the mark: it never goes back;
	 * nor does it pass a message the server still has but did not send */
	if (b->last_seen > b->state->last_uid)
		b->state->last_uid = b->last_seen;
	if (b->hold_below && b->state->last_uid >= b->hold_below)
		b->state->last_uid = b->hold_below - 1;
	if (store_mailbox_set(in->st, b->mailbox, b->state, err) || store_commit(in->st, err))
		goto fail;
	fault_point("committed");
	for (size_t i = 0; i < b->n; i++)
		announce(in, &b->items[i], statuses[i]);
	b->stats->filed += (unsigned)b->n;
	if (b->maildir)
		return maildir_action(in, b->maildir, b->items, b->n, err);
	if (in->cfg->mailbox.after_filing == AFTER_KEEP || b->n == 0)
		return 0;
	n = b->n;
	for (size_t i = 0; i < n; i++) {
		uids[i] = b->items[i].w.uid;
		leaves[i] = move_leaf(b->items[i].r);
	}
	if (in->cfg->mailbox.after_filing == AFTER_MOVE &&
	    folders_for(in, b->state->uidvalidity, b->ns, b->sep, uids, NULL, leaves, &n, folders,
	                folder_buf, b->stats, err))
		return err->code;
	/* each outcome is recorded; a crash before is healed by heal_server() */
	return server_action(in, im, b->state->uidvalidity, uids, n, folders, NULL, b->stats, err);
fail:
	store_rollback(in->st);
	return err->code;
}

static void
batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		prepared_free(&b->items[i]);
	b->n = 0;
}

/* A message above max_message_size: only its header is fetched, and it is
 * recorded so that it is never considered again. */
static int
take_too_large(struct batch *b, struct imap *im, const struct sized *m, struct yk_err *err)
{
	const struct yk_mailbox *mb = &b->in->cfg->mailbox;
	struct buf hdr;
	char note[160], sha[65];
	bool found = false;
	int64_t arrived = 0;
	int rc;

	buf_init(&hdr, 0);
	snprintf(note, sizeof note, "too large: %llu bytes (max_message_size %lld); only its "
	         "headers were fetched", (unsigned long long)m->size, mb->max_message_size);
	if ((rc = imap_fetch_header(im, m->uid, &hdr, &found, &arrived, err)))
		goto out;
	if (found) {
		/* its header is what was filed for it (see filed_before()) */
		bool already = false;
		if ((rc = archive_sha256(hdr.data ? hdr.data : "", hdr.len, sha, err)) ||
		    (rc = filed_before(b, sha, &already)))
			goto out;
		if (already) {
			b->stats->already++;
			found = false;
		}
	}
	if (found) {
		struct where w = { .origin = "imap", .mailbox = b->mailbox, .arrived = arrived,
			           .uidvalidity = b->state->uidvalidity, .uid = m->uid };
		if ((rc = prepare(b->in, &w, hdr.data ? hdr.data : "", hdr.len, sha, (int64_t)m->size,
		                  note, false, &b->items[0], err))) {
			prepared_free(&b->items[0]);
			goto out;
		}
		b->n = 1;
		b->stats->too_large++;
	}
	b->last_seen = m->uid;
	rc = commit_batch(b, im, err);
	batch_clear(b);
out:
	buf_free(&hdr);
	return rc;
}

#define INTAKE_HEAL_MAX 1000 /* messages whose after_filing is redone per cycle */

/*
 * A crash between the commit of a batch and its seen/move on the server
 * leaves filed messages untouched on the server: do it now (UID STORE and
 * UID MOVE are harmless for a UID already flagged or gone).
 */
static int
heal_server(const struct intake *in, struct imap *im, uint32_t uidvalidity, const char *ns,
            char sep, struct intake_stats *stats, struct yk_err *err)
{
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	struct store_pending *p;
	uint32_t uids[INTAKE_BATCH_MAX];
	const char *folders[INTAKE_BATCH_MAX] = { NULL }, *leaves[INTAKE_BATCH_MAX];
	const char *mids[INTAKE_BATCH_MAX];
	char folder_buf[INTAKE_BATCH_MAX][INTAKE_FOLDER_MAX + 1];
	size_t n = 0;
	int rc;

	if (mb->after_filing == AFTER_KEEP)
		return 0;
	p = calloc(INTAKE_HEAL_MAX, sizeof *p);
	if (!p)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if ((rc = store_server_pending(in->st, mb->url, uidvalidity, (int64_t)time(NULL), p,
	                               INTAKE_HEAL_MAX, &n, err)))
		goto out;
	for (size_t i = 0; i < n && !rc; i += INTAKE_BATCH_MAX) {
		size_t k = n - i < INTAKE_BATCH_MAX ? n - i : INTAKE_BATCH_MAX;
		for (size_t j = 0; j < k; j++) {
			const struct store_pending *q = &p[i + j];
			leaves[j] = leaf_of(!strcmp(q->kind, "form_reply"), q->campaign, q->agency);
			uids[j] = q->uid;
			mids[j] = q->message_id;
		}
		if (mb->after_filing == AFTER_MOVE &&
		    (rc = folders_for(in, uidvalidity, ns, sep, uids, mids, leaves, &k, folders, folder_buf,
		                      stats, err)))
			goto out;
		rc = server_action(in, im, uidvalidity, uids, k, folders, mids, stats, err);
	}
out:
	free(p);
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

/* Commits what the batch holds; PENDING messages of the list are done. */
static int
flush(struct batch *b, struct imap *im, size_t *pending, struct yk_err *err)
{
	int rc = commit_batch(b, im, err);

	batch_clear(b);
	if (rc)
		return rc;
	if (*pending == 0)
		return 0;
	b->done += *pending;
	*pending = 0;
	if (b->in->on_progress)
		b->in->on_progress(b->in->event_ctx, b->done, b->total);
	return 0;
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
 * below it (b->hold_below) and the next cycle asks again.
 */
static int
check_missing(struct batch *b, struct imap *im, const struct fetchpool_job *jb,
              struct yk_err *err)
{
	struct intake_stats *st = b->stats;
	uint32_t *missing, *present = NULL;
	size_t nm = 0, np = 0;
	int rc;

	for (size_t i = 0; i < jb->n; i++)
		nm += !b->job_got[i];
	if (nm == 0)
		return 0;
	if (!(missing = malloc(nm * sizeof *missing)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	nm = 0;
	for (size_t i = 0; i < jb->n; i++)
		if (!b->job_got[i])
			missing[nm++] = jb->uids[i];
	rc = imap_uids_present(im, missing, nm, &present, &np, err);
	if (!rc) {
		st->vanished += np < nm ? (unsigned)(nm - np) : 0;
		for (size_t i = 0; i < np; i++) {
			size_t l = strlen(st->not_returned_uids);
			/* one below the cycle's mark (the widened window) cannot
			 * hold the mark back: it is reported, not re-asked */
			if (present[i] > b->mark_start &&
			    (!b->hold_below || present[i] < b->hold_below))
				b->hold_below = present[i];
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
too_large(const struct batch *b, const struct sized *msgs, size_t n,
          const struct fetchpool_job *jb)
{
	struct sized key = { .uid = jb->uids[0] };
	const struct sized *m;

	if (!jb->local)
		return NULL;
	m = bsearch(&key, msgs, n, sizeof *msgs, cmp_sized);
	return m && m->size > (uint64_t)b->in->cfg->mailbox.max_message_size ? m : NULL;
}

/*
 * Fetches and files UIDS (ascending): their sizes in one command, then
 * jobs of one UID FETCH each, filed job after job in UID order and
 * committed every INTAKE_BATCH_MAX messages at most.
 *
 * With max_connections > 1 and enough to share, helper connections
 * (lib/fetchpool.h) fetch jobs of INTAKE_JOB_MAX ahead; a job no helper
 * has yet is fetched here.  Over one connection, with keep, nothing else
 * is said to the server between two fetches, so the next job is asked for
 * before this one is committed: the server sends while we sync (on a
 * distant server a round trip per job is otherwise lost).
 */
static int
take_list(struct batch *b, struct imap *im, const uint32_t *uids, size_t n, struct yk_err *err)
{
	const struct intake *in = b->in;
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	struct sized *msgs = calloc(n ? n : 1, sizeof *msgs);
	struct fetchpool_job *jobs = calloc(n ? n : 1, sizeof *jobs);
	uint32_t *juids = calloc(n ? n : 1, sizeof *juids);
	bool *got = calloc(n ? n : 1, sizeof *got);
	struct fetchpool *pool = NULL;
	size_t njobs = 0, shared = 0, helpers = 0, pending = 0;
	bool pipelined, inflight = false;
	char tag[16];
	int rc = 0;

	if (!msgs || !jobs || !juids || !got) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		msgs[i].uid = uids[i];
	{
		struct sizes sz = { msgs, n };
		if ((rc = imap_fetch_sizes(im, uids, n, on_size, &sz, err)))
			goto out;
	}
	if (mb->max_connections > 1) {
		long long hold = mb->max_message_size < INTAKE_JOB_BYTES ? mb->max_message_size
		                                                         : INTAKE_JOB_BYTES;
		njobs = plan_jobs(msgs, n, hold, INTAKE_JOB_MAX, INTAKE_JOB_BYTES, jobs, juids,
		                  &shared);
		/* no more helpers than jobs besides the first, which is ours */
		helpers = shared < 2 ? 0 : (size_t)mb->max_connections - 1 < shared - 1
		                                   ? (size_t)mb->max_connections - 1 : shared - 1;
	}
	if (helpers == 0) {
		njobs = plan_jobs(msgs, n, mb->max_message_size, INTAKE_BATCH_MAX, INTAKE_BATCH_BYTES,
		                  jobs, juids, &shared);
	} else {
		size_t ahead = INTAKE_AHEAD * helpers;
		if (ahead > INTAKE_AHEAD_MAX)
			ahead = INTAKE_AHEAD_MAX;
		if ((rc = fetchpool_start(b->opts, b->state->uidvalidity, (unsigned)helpers, jobs,
		                          njobs, ahead, &pool, err)))
			goto out;
	}
	pipelined = !pool && mb->after_filing == AFTER_KEEP;
	for (size_t j = 0; j < njobs; j++) {
		const struct fetchpool_job *jb = &jobs[j], *next = j + 1 < njobs ? &jobs[j + 1] : NULL;
		const struct sized *m;
		bool stop = in->stop && *in->stop;

		if (stop && !inflight)
			break; /* what is in hand is committed below */
		if ((m = too_large(b, msgs, n, jb))) {
			/* its header only, committed on its own */
			if (pool)
				(void)fetchpool_take(pool, j);
			if ((rc = flush(b, im, &pending, err)) || (rc = take_too_large(b, im, m, err)))
				goto out;
			pending = 1;
			continue;
		}
		b->last_seen = jb->uids[0] - 1;
		b->job_uids = jb->uids;
		b->job_got = got + (jb->uids - juids);
		b->job_n = jb->n;
		if (inflight) /* asked for already: read it, if only to drop it */
			rc = imap_fetch_finish(im, tag, on_body, b, err);
		else if (pool && fetchpool_take(pool, j))
			rc = fetchpool_each(pool, j, on_body, b);
		else if (in->stop && *in->stop)
			break;
		else if (!(rc = imap_fetch_send(im, jb->uids, jb->n, tag, err)))
			rc = imap_fetch_finish(im, tag, on_body, b, err);
		inflight = false;
		if (rc < 0 || (rc > 0 && err->code)) {
			rc = err->code ? err->code : YK_EIO;
			goto out;
		}
		/* rc 1: stop requested; what is in hand is committed */
		stop = in->stop && *in->stop;
		if (!stop && (rc = check_missing(b, im, jb, err)))
			goto out;
		if (!stop && b->last_seen < jb->uids[jb->n - 1])
			b->last_seen = jb->uids[jb->n - 1]; /* the rest vanished meanwhile */
		pending += jb->n;
		if (pipelined && next && !stop && !too_large(b, msgs, n, next)) {
			if ((rc = imap_fetch_send(im, next->uids, next->n, tag, err)))
				goto out;
			inflight = true;
		}
		if ((!next || too_large(b, msgs, n, next) || b->n + next->n > INTAKE_BATCH_MAX) &&
		    (rc = flush(b, im, &pending, err)))
			goto out;
	}
	rc = flush(b, im, &pending, err);
out:
	if (pool) {
		struct fetchpool_stats ps;
		fetchpool_stop(pool, &ps);
		b->stats->imap_commands += ps.commands;
		b->stats->helpers_connected += ps.connected;
		b->stats->helpers_failed += ps.failed;
		if (ps.first_error[0] && !b->stats->helper_error[0])
			memcpy(b->stats->helper_error, ps.first_error, sizeof ps.first_error);
	}
	batch_clear(b);
	b->job_got = NULL;
	free(got);
	free(msgs);
	free(jobs);
	free(juids);
	return rc;
}

/* "YYYY-MM-DD" of the earliest campaign's letter, less the margin, in
 * Viet Nam's time (UTC+7); "" when every message is wanted. */
static void
window_day(const struct yk_config *cfg, char out[11])
{
	time_t first = 0;
	struct tm tm;

	out[0] = '\0';
	if (cfg->mailbox.since_margin_days < 0 || cfg->n_campaigns == 0)
		return;
	for (size_t i = 0; i < cfg->n_campaigns; i++)
		if (!first || cfg->campaigns[i].sent < first)
			first = cfg->campaigns[i].sent;
	first += 7 * 3600 - (time_t)cfg->mailbox.since_margin_days * 86400;
	gmtime_r(&first, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* "2024-01-08" as IMAP's date-text "8-Jan-2024" (RFC 3501 §9). */
static void
imap_day(const char *day, char out[16])
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int m = (day[5] - '0') * 10 + (day[6] - '0');

	snprintf(out, 16, "%d-%s-%.4s", (day[8] - '0') * 10 + (day[9] - '0'),
	         mon[m >= 1 && m <= 12 ? m - 1 : 0], day);
}

/*
 * The UIDs to take this cycle.  The first sync of a folder takes only the
 * mail that arrived on or after the window's first day (years of history
 * are never downloaded); later cycles take everything above the mark.  A
 * window that moved earlier (a campaign added with an earlier date) adds,
 * once, the older mail not filed yet; *widened gets those.
 */
static int
choose_uids(const struct intake *in, struct imap *im, struct store_mailbox *state,
            uint32_t exists, uint32_t uidnext, uint32_t **uids, size_t *n, uint32_t **widened,
            size_t *nw, struct intake_stats *stats, struct yk_err *err)
{
	char day[11], d1[16], d2[16], crit[96];

	window_day(in->cfg, day);
	*widened = NULL;
	*nw = 0;
	if (!state->found && state->last_uid == 0 && day[0]) {
		imap_day(day, d1);
		snprintf(crit, sizeof crit, "SINCE %s", d1);
		if (imap_search(im, crit, 1, uids, n, err))
			return err->code;
		stats->passed_over = exists > *n ? exists - (unsigned)*n : 0;
		snprintf(state->since_day, sizeof state->since_day, "%s", day);
		return 0;
	}
	if (state->since_day[0] && strcmp(day, state->since_day) < 0 && state->last_uid > 0) {
		uint32_t *v;
		size_t k = 0;
		imap_day(state->since_day, d2);
		if (day[0]) {
			imap_day(day, d1);
			snprintf(crit, sizeof crit, "SINCE %s BEFORE %s UID 1:%u", d1, d2, state->last_uid);
		} else {
			snprintf(crit, sizeof crit, "BEFORE %s UID 1:%u", d2, state->last_uid);
		}
		if (imap_search(im, crit, 1, &v, nw, err))
			return err->code;
		for (size_t i = 0; i < *nw; i++) {
			bool filed = false;
			if (store_has_uid(in->st, in->cfg->mailbox.url, state->uidvalidity, v[i], &filed,
			                  err)) {
				free(v);
				return err->code;
			}
			if (!filed)
				v[k++] = v[i];
		}
		*widened = v;
		*nw = k;
		stats->widened = (unsigned)k;
		snprintf(state->since_day, sizeof state->since_day, "%s", day);
	}
	if (imap_search_from(im, state->last_uid + 1, uids, n, err))
		return err->code;
	/* UIDNEXT (when the server gives it) says whether mail arrived above
	 * the mark.  If so and the search found none, the folder is listed
	 * without SEARCH: what is there is taken and the log says the search
	 * failed; when nothing is, it was expunged, and the mark moves up to
	 * UIDNEXT - 1 (no UID below UIDNEXT can appear later) */
	if (*n == 0 && uidnext > state->last_uid + 1) {
		free(*uids);
		if (imap_list_range(im, state->last_uid + 1, uidnext - 1, uids, n, err))
			return err->code;
		if (*n)
			stats->search_missed = (unsigned)*n;
		else
			stats->mark_raised_to = uidnext - 1;
	}
	return 0;
}

static int
add_key(void *ctx, const char *file)
{
	g_hash_table_add(ctx, g_strdup(file));
	return 0;
}

/*
 * One cycle over a local Maildir: the messages not filed yet (by name),
 * oldest first, in the same batches and group commits as IMAP.  A message
 * filed before whose after_filing did not happen (a crash after the
 * commit) gets it now.
 */
static int
maildir_cycle(const struct intake *in, struct intake_stats *stats, struct yk_err *err)
{
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	const char *root = mb->url + strlen("maildir://");
	struct maildir_msg *v = NULL;
	GHashTable *filed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	struct store_mailbox state = { .found = true };
	struct batch *b = calloc(1, sizeof *b);
	struct buf msg;
	size_t n = 0;
	int rc;

	buf_init(&msg, 0);
	if (!b) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	b->in = in;
	b->state = &state;
	b->mailbox = mb->url;
	b->stats = stats;
	b->err = err;
	b->maildir = root;
	if ((rc = maildir_list(root, &v, &n, err)) ||
	    (rc = store_each_file(in->st, mb->url, add_key, filed, err)))
		goto out;
	for (size_t i = 0; i < n && !(in->stop && *in->stop); i++) {
		struct where w = { .origin = "maildir", .mailbox = mb->url, .file = v[i].key,
			           .src = v[i].rel, .arrived = (int64_t)v[i].mtime };
		bool large = v[i].size > mb->max_message_size;
		char note[160];

		if (g_hash_table_contains(filed, v[i].key)) {
			/* filed: heal an after_filing a crash interrupted */
			if ((mb->after_filing == AFTER_SEEN && !v[i].seen) ||
			    mb->after_filing == AFTER_MOVE) {
				struct extract_result *r = NULL;
				/* the folder a move goes to depends on what the message is */
				if (mb->after_filing == AFTER_MOVE &&
				    ((rc = maildir_read(root, v[i].rel, (size_t)mb->max_message_size, large,
				                        &msg, err)) ||
				     (rc = extract_message(in->cfg, msg.data ? msg.data : "", msg.len, &r,
				                           err))))
					goto out;
				rc = maildir_one(in, root, v[i].rel, r ? move_leaf(r) : "_other", err);
				extract_free(r);
				if (rc)
					goto out;
			}
			continue;
		}
		if ((rc = maildir_read(root, v[i].rel, (size_t)mb->max_message_size, large, &msg, err))) {
			if (rc == YK_ENOTFOUND) {
				/* a mail reader moved it meanwhile: it is seen again next cycle */
				yk_err_clear(err);
				rc = 0;
				continue;
			}
			goto out;
		}
		if (large)
			snprintf(note, sizeof note, "too large: %lld bytes (max_message_size %lld); only "
			         "its headers were read", v[i].size, mb->max_message_size);
		if ((rc = prepare(in, &w, msg.data ? msg.data : "", msg.len, NULL, v[i].size,
		                  large ? note : NULL, false, &b->items[b->n], err))) {
			prepared_free(&b->items[b->n]);
			goto out;
		}
		if (large)
			stats->too_large++;
		b->n++;
		if (b->n == INTAKE_BATCH_MAX) {
			if ((rc = commit_batch(b, NULL, err)))
				goto out;
			batch_clear(b);
		}
	}
	rc = commit_batch(b, NULL, err);
out:
	if (b)
		batch_clear(b);
	free(b);
	buf_free(&msg);
	maildir_list_free(v, n);
	g_hash_table_destroy(filed);
	return rc;
}

int
intake_cycle(const struct intake *in, struct intake_stats *stats, struct yk_err *err)
{
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	struct imap_opts o = { 0 };
	struct store_mailbox state;
	struct imap *im = NULL;
	uint32_t uidvalidity, uidnext, exists = 0, *uids = NULL, *widened = NULL;
	struct batch *b = NULL;
	size_t n = 0, nw = 0;
	char *password = NULL;
	int64_t filed = 0;
	int rc;

	memset(stats, 0, sizeof *stats);
	if (!strncmp(mb->url, "maildir://", 10))
		return maildir_cycle(in, stats, err);
	if ((rc = config_read_secret(mb->password_file, "imap.pass", &password, err)))
		return rc;
	if (!password)
		return yk_err_set(err, YK_ECONFIG, "there is no IMAP password: the systemd credential "
		                  "imap.pass is empty (create /etc/ykien/imap.pass, mode 0600, or set "
		                  "mailbox.password_file)");
	o.url = mb->url;
	o.user = mb->user;
	o.password = password;
	o.ca_file = mb->ca_file;
	o.auth_mechanisms = mb->auth_mechanisms;
	o.allow_plaintext = mb->allow_plaintext;
	o.timeout = mb->timeout;
	o.max_message = (size_t)mb->max_message_size;
	o.cancel = in->stop;
	/* the password stays for the helper connections (max_connections) */
	if ((rc = imap_connect(&o, &im, err)))
		goto out;
	/* the helper connections log in the way that worked, at once */
	if (!o.auth_mechanisms && imap_mechanism(im))
		o.auth_mechanisms = imap_mechanism(im);
	/* keep: EXAMINE, so not even \Recent changes on the server */
	if ((rc = imap_select(im, mb->after_filing == AFTER_KEEP, &uidvalidity, &uidnext, &exists,
	                      err)))
		goto out;
	if ((rc = store_mailbox_get(in->st, mb->url, &state, err)))
		goto out;
	if (state.found && state.uidvalidity != uidvalidity)
		stats->uidvalidity_changed = true;
	else if (!state.found && (rc = store_count_messages(in->st, &filed, err)))
		goto out;
	if (stats->uidvalidity_changed || filed > 0) {
		/* The server renumbered the folder (RFC 3501 §2.3.1.1), or this
		 * folder is new to us (another URL spelling, messages imported)
		 * while messages are filed: no UID we hold can be trusted.
		 * Everything now in it is checked by content and only what is not
		 * filed yet is filed.  The new UIDVALIDITY and a mark of 0 are
		 * recorded first, so a crash during the re-scan resumes it. */
		state.found = true;
		state.uidvalidity = uidvalidity;
		state.last_uid = 0;
		if ((rc = store_begin(in->st, err)) ||
		    (rc = store_mailbox_set(in->st, mb->url, &state, err)) ||
		    (rc = store_commit(in->st, err))) {
			store_rollback(in->st);
			goto out;
		}
	}
	state.uidvalidity = uidvalidity;
	if ((rc = choose_uids(in, im, &state, exists, uidnext, &uids, &n, &widened, &nw, stats,
	                      err)))
		goto out;
	b = calloc(1, sizeof *b);
	if (!b) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	b->sep = '/';
	if (mb->after_filing == AFTER_MOVE &&
	    (rc = imap_namespace(im, b->ns, sizeof b->ns, &b->sep, err)))
		goto out;
	if ((rc = heal_server(in, im, uidvalidity, b->ns, b->sep, stats, err)))
		goto out;
	b->in = in;
	b->state = &state;
	b->mailbox = mb->url;
	b->opts = &o;
	b->stats = stats;
	b->err = err;
	b->total = n + nw;
	b->mark_start = state.last_uid;
	if ((rc = take_list(b, im, widened, nw, err)) || (rc = take_list(b, im, uids, n, err)))
		goto out;
	if (stats->mark_raised_to > state.last_uid)
		state.last_uid = stats->mark_raised_to;
	if (n == 0 && !(in->stop && *in->stop) &&
	    (stats->passed_over || nw || !state.found || stats->mark_raised_to)) {
		/* nothing new, but the window (and the folder) must be remembered */
		state.found = true;
		if ((rc = store_begin(in->st, err)) ||
		    (rc = store_mailbox_set(in->st, mb->url, &state, err)) ||
		    (rc = store_commit(in->st, err)))
			store_rollback(in->st);
	}
out:
	stats->imap_commands += im ? imap_commands(im) : 0;
	config_secret_free(password);
	free(b);
	free(uids);
	free(widened);
	imap_close(im);
	return rc;
}
