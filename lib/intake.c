/*
 * intake — the per-message path: extract (pure), archive (durable), then
 * one database transaction that records the message and advances the
 * high-water UID together.
 */
#include "intake.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "archive.h"
#include "buf.h"
#include "extract.h"
#include "imap.h"

#define INTAKE_HEADER_MAX (1024 * 1024) /* headers of a message too large to fetch */

void
intake_now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* When the message was sent, by its Date header, else now: as a file
 * name stem "20240120T093000" and as ISO 8601 UTC. */
static void
sent_time(const char *date, char stem[32], char iso[32])
{
	GDateTime *dt = date ? g_mime_utils_header_decode_date(date) : NULL;
	time_t t;
	struct tm tm;

	if (dt) {
		GDateTime *utc = g_date_time_to_utc(dt);
		gint64 u = utc ? g_date_time_to_unix(utc) : 0;
		if (utc)
			g_date_time_unref(utc);
		g_date_time_unref(dt);
		if (u > 0 && u < 253402300799) {
			t = (time_t)u;
			goto fmt;
		}
	}
	t = time(NULL);
fmt:
	gmtime_r(&t, &tm);
	strftime(stem, 32, "%Y%m%dT%H%M%S", &tm);
	strftime(iso, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct where {
	const char *origin;    /* "imap", "import" */
	const char *mailbox;
	uint32_t uidvalidity;
	uint32_t uid;
	const char *file;
};

/*
 * Extracts, archives and records one message inside the caller's open
 * transaction.  NOTE, when not NULL, is a reason recorded with it (e.g.
 * too large: only its headers were fetched).
 */
static int
file_one(const struct intake *in, const struct where *w, const char *data, size_t len,
         int64_t size, const char *note, struct yk_err *err)
{
	struct extract_result *r = NULL;
	struct buf parsed, answers, choice;
	char sha[65], now[32], stem[64], t[32], sent[32], rel[ARCHIVE_MAX_PATH], dir[300];
	struct store_msg m = { 0 };
	const char *status = NULL;
	int rc;

	buf_init(&parsed, 0);
	buf_init(&answers, 0);
	buf_init(&choice, 0);
	archive_sha256(data, len, sha);
	if ((rc = extract_message(in->cfg, data, len, &r, err)))
		goto out;
	if (note) {
		/* what could not be read is never guessed: a person looks */
		char **reasons = realloc(r->reasons, (r->n_reasons + 1) * sizeof *reasons);
		if (!reasons || !(reasons[r->n_reasons] = strdup(note))) {
			if (reasons)
				r->reasons = reasons;
			rc = yk_err_set(err, YK_ENOMEM, "out of memory");
			goto out;
		}
		r->reasons = reasons;
		r->n_reasons++;
		r->needs_review = true;
	}
	snprintf(dir, sizeof dir, "%s/%s", r->campaign ? r->campaign->id : "_other",
	         r->agency ? r->agency->code : "_unassigned");
	sent_time(r->date, t, sent);
	if (w->uid)
		snprintf(stem, sizeof stem, "%s-%u", t, w->uid);
	else
		snprintf(stem, sizeof stem, "%s-%.12s", t, sha);
	if ((rc = archive_store(in->cfg->storage.archive, dir, stem, data, len, true, rel, sizeof rel,
	                        err)))
		goto out;
	if (extract_json_fields(r, &parsed) || extract_json_answers(r, &answers) ||
	    extract_choice_summary(r, &choice)) {
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		goto out;
	}
	intake_now_iso(now);
	m.sha256 = sha;
	m.origin = w->origin;
	m.mailbox = w->mailbox;
	m.uidvalidity = w->uidvalidity;
	m.uid = w->uid;
	m.size = size;
	m.filed_at = now;
	m.archive_path = rel;
	m.file = w->file;
	m.message_id = r->message_id;
	m.from = r->from;
	m.subject = r->subject;
	m.date = r->date;
	m.received_at = sent;
	m.kind = extract_kind_name(r->kind);
	m.campaign = r->campaign ? r->campaign->id : NULL;
	m.agency = r->agency ? r->agency->code : NULL;
	m.agency_by = r->agency_by;
	m.source = r->source;
	m.needs_review = r->needs_review;
	m.parsed_json = parsed.data;
	m.answers_json = answers.data;
	m.choice = choice.data;
	if ((rc = store_file_message(in->st, &m, NULL, &status, err)))
		goto out;
	if (in->on_event) {
		struct intake_event ev = {
			.uid = w->uid, .file = w->file, .kind = m.kind, .campaign = m.campaign,
			.agency = m.agency, .status = status, .archive_path = rel,
			.needs_review = m.needs_review, .note = note,
		};
		in->on_event(in->event_ctx, &ev);
	}
out:
	extract_free(r);
	buf_free(&parsed);
	buf_free(&answers);
	buf_free(&choice);
	return rc;
}

int
intake_import(const struct intake *in, const char *file, const char *data, size_t len,
              bool *already, struct yk_err *err)
{
	struct where w = { .origin = "import", .file = file };
	char sha[65];

	archive_sha256(data, len, sha);
	if (store_begin(in->st, err))
		return err->code;
	if (store_has_sha(in->st, sha, already, err))
		goto fail;
	if (!*already && file_one(in, &w, data, len, (int64_t)len, NULL, err))
		goto fail;
	return store_commit(in->st, err);
fail:
	store_rollback(in->st);
	return err->code;
}

/* One UID: fetch (or only its size and headers), file, advance, commit. */
static int
take_uid(const struct intake *in, struct imap *im, const struct where *w,
         struct store_mailbox *state, struct buf *msg, struct intake_stats *stats,
         struct yk_err *err)
{
	bool rescan = w->uid < state->rescan_below;
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	char note[128];
	const char *why = NULL;
	uint64_t size = 0;
	bool found = false, already = false;

	if (imap_fetch_size(im, w->uid, &size, &found, err))
		return err->code;
	if (found && size > (uint64_t)mb->max_message_size) {
		/* recorded with its headers only, so it is never fetched again */
		snprintf(note, sizeof note, "too large: %llu bytes (max_message_size %lld); "
		         "only its headers were fetched", (unsigned long long)size, mb->max_message_size);
		why = note;
		if (imap_fetch_header(im, w->uid, msg, &found, err))
			return err->code;
		stats->too_large++;
	} else if (found && imap_fetch(im, w->uid, msg, &found, err)) {
		return err->code;
	}
	if (store_begin(in->st, err))
		return err->code;
	if (found && rescan) {
		char sha[65];
		archive_sha256(msg->data ? msg->data : "", msg->len, sha);
		if (store_has_sha(in->st, sha, &already, err))
			goto fail;
	}
	if (found && !already) {
		if (file_one(in, w, msg->data ? msg->data : "", msg->len, (int64_t)size, why, err))
			goto fail;
		stats->filed++;
	} else if (already) {
		stats->already++;
	}
	/* a UID that vanished between SEARCH and FETCH is passed over: it was expunged */
	state->last_uid = w->uid;
	if (store_mailbox_set(in->st, mb->url, state, err))
		goto fail;
	if (store_commit(in->st, err))
		goto fail;
	if (found && mb->after_filing == AFTER_SEEN && imap_mark_seen(im, w->uid, err))
		return err->code;
	return 0;
fail:
	store_rollback(in->st);
	return err->code;
}

int
intake_cycle(const struct intake *in, struct intake_stats *stats, struct yk_err *err)
{
	const struct yk_mailbox *mb = &in->cfg->mailbox;
	struct imap_opts o = { 0 };
	struct store_mailbox state;
	struct imap *im = NULL;
	uint32_t uidvalidity, uidnext, *uids = NULL;
	size_t n = 0;
	struct buf msg;
	char *password = NULL;
	int rc;

	memset(stats, 0, sizeof *stats);
	if (strncmp(mb->url, "imap", 4))
		return yk_err_set(err, YK_ECONFIG, "mailbox.url %s: only imap:// and imaps:// are "
		                  "supported by this version", mb->url);
	if ((rc = config_read_secret(mb->password_file, "imap.pass", &password, err)))
		return rc;
	o.url = mb->url;
	o.user = mb->user;
	o.password = password;
	o.ca_file = mb->ca_file;
	o.allow_plaintext = mb->allow_plaintext;
	o.timeout = mb->timeout;
	o.max_message = (size_t)mb->max_message_size;
	rc = imap_connect(&o, &im, err);
	config_secret_free(password);
	if (rc)
		return rc;
	buf_init(&msg, 0);
	/* keep: EXAMINE, so not even \Recent changes on the server */
	if ((rc = imap_select(im, mb->after_filing == AFTER_KEEP, &uidvalidity, &uidnext, NULL, err)))
		goto out;
	if ((rc = store_mailbox_get(in->st, mb->url, &state, err)))
		goto out;
	if (state.found && state.uidvalidity != uidvalidity) {
		/* The server renumbered the folder (RFC 3501 §2.3.1.1): every UID
		 * we hold is void.  Everything now in it is checked by content and
		 * only what is not filed yet is filed.  The range to check is
		 * recorded first, so a crash during the re-scan resumes it. */
		stats->uidvalidity_changed = true;
		state.uidvalidity = uidvalidity;
		state.last_uid = 0;
		state.rescan_below = uidnext ? uidnext : UINT32_MAX;
		if ((rc = store_begin(in->st, err)) ||
		    (rc = store_mailbox_set(in->st, mb->url, &state, err)) ||
		    (rc = store_commit(in->st, err))) {
			store_rollback(in->st);
			goto out;
		}
	}
	state.uidvalidity = uidvalidity;
	if ((rc = imap_search_from(im, state.last_uid + 1, &uids, &n, err)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct where w = { .origin = "imap", .mailbox = mb->url, .uidvalidity = uidvalidity,
			           .uid = uids[i] };
		if (in->stop && *in->stop)
			break;
		if ((rc = take_uid(in, im, &w, &state, &msg, stats, err)))
			goto out;
	}
out:
	stats->imap_commands = im ? imap_commands(im) : 0;
	free(uids);
	buf_free(&msg);
	imap_close(im);
	return rc;
}
