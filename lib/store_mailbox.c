/*
 * store_mailbox — what the store keeps about a folder: its high-water
 * mark, the server action after filing (done, refused and retried with
 * back-off), and the names of a Maildir's messages.
 */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

static int
on_mailbox(sqlite3_stmt *s, void *ctx)
{
	struct store_mailbox *out = ctx;
	const char *day = store_col_text(s, 2);

	out->found = true;
	out->uidvalidity = (uint32_t)sqlite3_column_int64(s, 0);
	out->last_uid = (uint32_t)sqlite3_column_int64(s, 1);
	if (day)
		snprintf(out->since_day, sizeof out->since_day, "%s", day);
	return 0;
}

int
store_mailbox_get(struct store *st, const char *mailbox, struct store_mailbox *out,
                  struct yk_err *err)
{
	memset(out, 0, sizeof *out);
	return store_run(st, "mailbox_state",
	                 "SELECT uidvalidity, last_uid, since_day FROM mailbox_state WHERE mailbox = ?",
	                 on_mailbox, out, err, "t", mailbox);
}

int
store_mailbox_set(struct store *st, const char *mailbox, const struct store_mailbox *v,
                  struct yk_err *err)
{
	return store_run_cached(st, "mailbox_state update",
	                        "INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, since_day) "
	                        "VALUES (?, ?, ?, ?) ON CONFLICT(mailbox) DO UPDATE SET "
	                        "uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, "
	                        "since_day = excluded.since_day", NULL, NULL, err, "tiit", mailbox,
	                        (int64_t)v->uidvalidity, (int64_t)v->last_uid,
	                        v->since_day[0] ? v->since_day : NULL);
}

struct outcome {
	const char *mailbox;
	uint32_t uidvalidity;
	const uint32_t *uids;
	size_t n;
	const char *why;      /* NULL: done */
	int64_t now, base;
};

/* What after_filing became for each UID, one statement per UID. */
static int
outcome_tx(struct store *st, void *ctx, struct yk_err *err)
{
	static const char done_sql[] = "UPDATE messages SET server_done = 1 WHERE mailbox = ?1 AND "
	                               "uidvalidity = ?2 AND uid = ?3";
	/* the wait doubles with each refusal, from BASE up to a day */
	static const char refused_sql[] =
		"UPDATE messages SET server_attempts = server_attempts + 1, "
		"server_next = ?4 + min(?5 * (1 << min(server_attempts, 16)), 86400), "
		"server_error = ?6 WHERE mailbox = ?1 AND uidvalidity = ?2 AND uid = ?3";
	const struct outcome *o = ctx;
	int rc = 0;

	for (size_t i = 0; i < o->n && !rc; i++) {
		if (o->why)
			rc = store_run_cached(st, "server refused", refused_sql, NULL, NULL, err, "tiiiit",
			                      o->mailbox, (int64_t)o->uidvalidity, (int64_t)o->uids[i],
			                      o->now, o->base > 0 ? o->base : (int64_t)1, o->why);
		else
			rc = store_run_cached(st, "server_done", done_sql, NULL, NULL, err, "tii",
			                      o->mailbox, (int64_t)o->uidvalidity, (int64_t)o->uids[i]);
	}
	return rc;
}

int
store_server_done(struct store *st, const char *mailbox, uint32_t uidvalidity,
                  const uint32_t *uids, size_t n, struct yk_err *err)
{
	struct outcome o = { .mailbox = mailbox, .uidvalidity = uidvalidity, .uids = uids, .n = n };

	return store_tx(st, outcome_tx, &o, err);
}

int
store_server_refused(struct store *st, const char *mailbox, uint32_t uidvalidity,
                     const uint32_t *uids, size_t n, int64_t now, int64_t base,
                     const char *why, struct yk_err *err)
{
	struct outcome o = { .mailbox = mailbox, .uidvalidity = uidvalidity, .uids = uids, .n = n,
		             .why = why ? why : "refused", .now = now, .base = base };

	return store_tx(st, outcome_tx, &o, err);
}

struct waiting {
	int64_t *n;
	char *why;
	size_t whysz;
};

static int
on_waiting(sqlite3_stmt *s, void *ctx)
{
	const struct waiting *w = ctx;

	*w->n = sqlite3_column_int64(s, 0);
	if (w->why && w->whysz && store_col_text(s, 1))
		snprintf(w->why, w->whysz, "%s", store_col_text(s, 1));
	return 0;
}

int
store_server_waiting(struct store *st, const char *mailbox, int64_t *n, char *why, size_t whysz,
                     struct yk_err *err)
{
	struct waiting w = { .n = n, .why = why, .whysz = whysz };

	*n = 0;
	if (why && whysz)
		why[0] = '\0';
	return store_run(st, "server waiting",
	                 "SELECT count(*), (SELECT server_error FROM messages WHERE mailbox = ?1 AND "
	                 "server_done = 0 AND server_attempts > 0 ORDER BY id DESC LIMIT 1) "
	                 "FROM messages WHERE mailbox = ?1 AND server_done = 0 AND server_attempts > 0",
	                 on_waiting, &w, err, "t", mailbox);
}

struct pending {
	struct store_pending *out;
	size_t max, *n;
};

static int
on_pending(sqlite3_stmt *s, void *ctx)
{
	const struct pending *pd = ctx;
	struct store_pending *p;
	const char *mid = store_col_text(s, 4);

	if (*pd->n >= pd->max)
		return 0;
	p = &pd->out[(*pd->n)++];
	p->uid = (uint32_t)sqlite3_column_int64(s, 0);
	snprintf(p->kind, sizeof p->kind, "%s", store_col_text(s, 1) ? store_col_text(s, 1) : "");
	p->campaign = sqlite3_column_int(s, 2) != 0;
	snprintf(p->agency, sizeof p->agency, "%s", store_col_text(s, 3) ? store_col_text(s, 3) : "");
	/* a longer Message-ID cannot be the one looked for: none rather than a cut one */
	if (!mid || strlen(mid) >= sizeof p->message_id)
		p->message_id[0] = '\0';
	else
		memcpy(p->message_id, mid, strlen(mid) + 1);
	return 0;
}

int
store_server_pending(struct store *st, const char *mailbox, uint32_t uidvalidity, int64_t now,
                     struct store_pending *out, size_t max, size_t *n, struct yk_err *err)
{
	struct pending pd = { .out = out, .max = max, .n = n };

	*n = 0;
	return store_run(st, "server pending",
	                 "SELECT uid, kind, campaign IS NOT NULL, agency, message_id FROM messages "
	                 "WHERE mailbox = ?1 AND uidvalidity = ?2 AND uid IS NOT NULL "
	                 "AND server_done = 0 AND server_next <= ?4 ORDER BY uid LIMIT ?3",
	                 on_pending, &pd, err, "tiii", mailbox, (int64_t)uidvalidity, (int64_t)max,
	                 now);
}

static int
on_file(sqlite3_stmt *s, const struct store_fwd *f)
{
	return ((store_file_fn)f->fn)(f->ctx, store_col_text(s, 0));
}

int
store_each_file(struct store *st, const char *mailbox, store_file_fn fn, void *ctx,
                struct yk_err *err)
{
	return store_each(st, "files",
	                  "SELECT file FROM messages WHERE mailbox = ?1 AND file IS NOT NULL", on_file,
	                  (void (*)(void))fn, ctx, err, "t", mailbox);
}
