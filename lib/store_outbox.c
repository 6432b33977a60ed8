/*
 * store_outbox — the records of what ykien sends: reminders and their
 * recipients, when a campaign and its agencies were first planned,
 * addresses that bounce, acknowledgments of receipt, the daily digest,
 * the letters `ykien dispatch` sent.
 * Each is recorded (with its Message-ID) before it is sent.
 */
#include "store_int.h"

#include <stdio.h>

/* ---- reminders (lib/remind.c) ------------------------------------------ */

static int
on_reminder(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_reminder r = { 0 };

	store_cols(s, "i tttt i t d i ttt", &r.id, &r.campaign, &r.agency, &r.slot, &r.message_id,
	           &r.due_at, &r.state, &r.attempts, &r.next_attempt, &r.created_at, &r.sent_at,
	           &r.error);
	return ((store_reminder_fn)f->fn)(f->ctx, &r);
}

int
store_reminder_each(struct store *st, const char *campaign, store_reminder_fn fn, void *ctx,
                    struct yk_err *err)
{
	return store_each(st, "reminders",
	                  "SELECT id, campaign, agency, slot, message_id, due_at, state, attempts, "
	                  "next_attempt, created_at, sent_at, error FROM reminders "
	                  "WHERE ?1 IS NULL OR campaign = ?1 ORDER BY campaign, agency, due_at, id",
	                  on_reminder, (void (*)(void))fn, ctx, err, "t", campaign);
}

int
store_reminder_insert(struct store *st, const struct store_reminder *r,
                      const char *const *rcpts, size_t n, int64_t *id, struct yk_err *err)
{
	if (store_run(st, "insert reminder",
	              "INSERT INTO reminders (campaign, agency, slot, message_id, due_at, state, "
	              "attempts, next_attempt, created_at, sent_at, error) "
	              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", NULL, NULL, err,
	              "ttttitdittt", r->campaign, r->agency, r->slot, r->message_id, r->due_at,
	              r->state, r->attempts, r->next_attempt, r->created_at, r->sent_at, r->error))
		return err->code;
	*id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < n; i++)
		if (store_run(st, "insert reminder recipient",
		              "INSERT OR IGNORE INTO reminder_recipients (reminder, address, state) "
		              "VALUES (?1, ?2, 'pending')", NULL, NULL, err, "it", *id, rcpts[i]))
			return err->code;
	return 0;
}

int
store_reminder_update(struct store *st, int64_t id, const char *state, int attempts,
                      int64_t next_attempt, const char *sent_at, const char *error,
                      struct yk_err *err)
{
	return store_run(st, "update reminder",
	                 "UPDATE reminders SET state = ?2, attempts = ?3, next_attempt = ?4, "
	                 "sent_at = coalesce(?5, sent_at), error = ?6 WHERE id = ?1", NULL, NULL, err,
	                 "itditt", id, state, attempts, next_attempt, sent_at, error);
}

static int
on_recipient(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_recipient r = { 0 };

	store_cols(s, "tt d t", &r.address, &r.state, &r.code, &r.reply);
	return ((store_recipient_fn)f->fn)(f->ctx, &r);
}

int
store_recipient_each(struct store *st, int64_t reminder, store_recipient_fn fn, void *ctx,
                     struct yk_err *err)
{
	return store_each(st, "reminder recipients",
	                  "SELECT address, state, code, reply FROM reminder_recipients "
	                  "WHERE reminder = ?1 ORDER BY rowid",
	                  on_recipient, (void (*)(void))fn, ctx, err, "i", reminder);
}

int
store_recipient_set(struct store *st, int64_t reminder, const char *address, const char *state,
                    int code, const char *reply, struct yk_err *err)
{
	return store_run(st, "update reminder recipient",
	                 "UPDATE reminder_recipients SET state = ?3, code = ?4, reply = ?5 "
	                 "WHERE reminder = ?1 AND address = ?2", NULL, NULL, err, "ittdt", reminder,
	                 address, state, code, reply);
}

int
store_first_seen(struct store *st, const char *campaign, const char *agency, int64_t now,
                 bool record, int64_t *first, struct yk_err *err)
{
	*first = now;
	if (record && store_run(st, "remind_seen", "INSERT OR IGNORE INTO remind_seen (campaign, "
	                        "agency, first_seen) VALUES (?1, ?2, ?3)", NULL, NULL, err, "tti",
	                        campaign, agency ? agency : "", now))
		return err->code;
	return store_run(st, "remind_seen",
	                 "SELECT first_seen FROM remind_seen WHERE campaign = ?1 AND agency = ?2",
	                 store_row_int64, first, err, "tt", campaign, agency ? agency : "");
}

int
store_bouncing_add(struct store *st, const char *address, const char *at, const char *sha256,
                   struct yk_err *err)
{
	return store_run(st, "bouncing",
	                 "INSERT INTO bouncing (address, first_seen, last_seen, message_sha256) "
	                 "VALUES (lower(?1), ?2, ?2, ?3) ON CONFLICT(address) DO UPDATE SET "
	                 "last_seen = excluded.last_seen, count = count + 1, "
	                 "message_sha256 = excluded.message_sha256", NULL, NULL, err, "ttt", address,
	                 at, sha256);
}

static int
on_bouncing(sqlite3_stmt *s, const struct store_fwd *f)
{
	return ((store_bouncing_fn)f->fn)(f->ctx, store_col_text(s, 0));
}

int
store_bouncing_each(struct store *st, store_bouncing_fn fn, void *ctx, struct yk_err *err)
{
	return store_each(st, "bouncing", "SELECT address FROM bouncing ORDER BY address",
	                  on_bouncing, (void (*)(void))fn, ctx, err, "");
}

/* ---- acknowledgments of receipt (lib/ack.c) ----------------------------- */

static int
on_ack(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_ack a = { 0 };

	store_cols(s, "ttttttt dt", &a.sha256, &a.reply_message_id, &a.from, &a.campaign,
	           &a.agency, &a.subject, &a.ack_message_id, &a.attempts, &a.received_at);
	return ((store_ack_fn)f->fn)(f->ctx, &a);
}

int
store_each_ack_due(struct store *st, store_ack_fn fn, void *ctx, struct yk_err *err)
{
	/* a form reply of a known agency, by its registered From address, that
	 * counts (not a duplicate), with no acknowledgment recorded, or one
	 * recorded and not sent yet (a crash between record and send) */
	return store_each(st, "acks",
	                  "SELECT m.sha256, m.message_id, m.from_addr, m.campaign, m.agency, "
	                  "m.subject, a.message_id, coalesce(a.attempts, 0), "
	                  "coalesce(m.received_at, m.filed_at) FROM messages m "
	                  "LEFT JOIN acks a ON a.sha256 = m.sha256 "
	                  "WHERE m.kind = 'form_reply' AND m.agency IS NOT NULL "
	                  "AND m.agency_by = 'from' AND m.unverified = 0 "
	                  "AND m.status IN ('effective', 'superseded') "
	                  "AND (a.sha256 IS NULL OR a.state = 'pending') ORDER BY m.id",
	                  on_ack, (void (*)(void))fn, ctx, err, "");
}

int
store_ack_set(struct store *st, const char *sha256, const char *message_id, const char *address,
              const char *state, int attempts, const char *at, const char *error,
              struct yk_err *err)
{
	return store_run(st, "ack",
	                 "INSERT INTO acks (sha256, message_id, address, state, attempts, created_at, "
	                 "sent_at, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	                 "CASE WHEN ?4 = 'sent' THEN ?6 END, ?7) "
	                 "ON CONFLICT(sha256) DO UPDATE SET state = excluded.state, "
	                 "attempts = excluded.attempts, sent_at = excluded.sent_at, "
	                 "error = excluded.error", NULL, NULL, err, "ttttdtt", sha256, message_id,
	                 address, state, attempts, at, error);
}

/* ---- the daily digest (lib/digest_cycle.c) ------------------------------ */

#define DIGEST_COLUMNS "SELECT day, message_id, since, until, state, attempts, done, sent_at, " \
                       "error, refused FROM digests "

static int
on_digest(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_digest d = { 0 };

	store_cols(s, "ttttt d tttt", &d.day, &d.message_id, &d.since, &d.until, &d.state,
	           &d.attempts, &d.done, &d.sent_at, &d.error, &d.refused);
	return ((store_digest_fn)f->fn)(f->ctx, &d);
}

int
store_digest_get(struct store *st, const char *day, store_digest_fn fn, void *ctx,
                 struct yk_err *err)
{
	/* day is the primary key: one row at most */
	return store_each(st, "digests", DIGEST_COLUMNS "WHERE day = ?1", on_digest,
	                  (void (*)(void))fn, ctx, err, "t", day);
}

int
store_digest_newest(struct store *st, store_digest_fn fn, void *ctx, struct yk_err *err)
{
	return store_each(st, "digests", DIGEST_COLUMNS "ORDER BY day DESC LIMIT 1", on_digest,
	                  (void (*)(void))fn, ctx, err, "");
}

static int
on_until(sqlite3_stmt *s, void *ctx)
{
	if (store_col_text(s, 0))
		snprintf(ctx, 32, "%s", store_col_text(s, 0));
	return 0;
}

int
store_digest_last_sent(struct store *st, char until[32], struct yk_err *err)
{
	until[0] = '\0';
	return store_run(st, "digests",
	                 "SELECT until FROM digests WHERE state = 'sent' ORDER BY day DESC LIMIT 1",
	                 on_until, until, err, "");
}

int
store_digest_set(struct store *st, const struct store_digest *d, struct yk_err *err)
{
	return store_run(st, "digest",
	                 "INSERT INTO digests (day, message_id, since, until, state, attempts, done, "
	                 "sent_at, error, refused) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	                 "ON CONFLICT(day) DO UPDATE SET state = excluded.state, "
	                 "attempts = excluded.attempts, done = excluded.done, "
	                 "sent_at = excluded.sent_at, error = excluded.error, "
	                 "refused = excluded.refused", NULL, NULL, err, "tttttdtttt", d->day,
	                 d->message_id, d->since, d->until, d->state, d->attempts, d->done,
	                 d->sent_at, d->error, d->refused);
}

int
store_digest_supersede(struct store *st, const char *day, struct yk_err *err)
{
	return store_run(st, "digests",
	                 "UPDATE digests SET state = 'failed', error = "
	                 "coalesce(error || '; ', '') || 'superseded by the digest of ' || ?1 "
	                 "WHERE state = 'pending' AND day < ?1", NULL, NULL, err, "t", day);
}

/* ---- the dispatched letter (lib/dispatch.c) ----------------------------- */

static int
on_dispatch(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_dispatch d = { 0 };

	store_cols(s, "tttttt t d tttt", &d.campaign, &d.agency, &d.message_id, &d.token,
	           &d.reply_address, &d.recipients, &d.state, &d.attempts, &d.created_at,
	           &d.sent_at, &d.error, &d.bounced_at);
	return ((store_dispatch_fn)f->fn)(f->ctx, &d);
}

int
store_dispatch_each(struct store *st, const char *campaign, store_dispatch_fn fn, void *ctx,
                    struct yk_err *err)
{
	return store_each(st, "dispatches",
	                  "SELECT campaign, agency, message_id, token, reply_address, recipients, "
	                  "state, attempts, created_at, sent_at, error, bounced_at FROM dispatches "
	                  "WHERE ?1 IS NULL OR campaign = ?1 ORDER BY campaign, agency",
	                  on_dispatch, (void (*)(void))fn, ctx, err, "t", campaign);
}

int
store_dispatch_insert(struct store *st, const struct store_dispatch *d, struct yk_err *err)
{
	return store_run(st, "insert dispatch",
	                 "INSERT INTO dispatches (campaign, agency, message_id, token, reply_address, "
	                 "recipients, state, attempts, created_at) "
	                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", NULL, NULL, err,
	                 "tttttttdt", d->campaign, d->agency, d->message_id, d->token,
	                 d->reply_address, d->recipients, d->state, d->attempts, d->created_at);
}

int
store_dispatch_update(struct store *st, const char *campaign, const char *agency,
                      const char *state, int attempts, const char *sent_at, const char *error,
                      struct yk_err *err)
{
	return store_run(st, "update dispatch",
	                 "UPDATE dispatches SET state = ?3, attempts = ?4, "
	                 "sent_at = coalesce(?5, sent_at), error = ?6 "
	                 "WHERE campaign = ?1 AND agency = ?2", NULL, NULL, err, "tttdtt",
	                 campaign, agency, state, attempts, sent_at, error);
}

int
store_dispatch_bounced(struct store *st, const char *message_id, const char *at,
                       const char *sha256, struct yk_err *err)
{
	return store_run(st, "dispatch bounced",
	                 "UPDATE dispatches SET bounced_at = ?2, bounce_sha256 = ?3 "
	                 "WHERE message_id = ?1", NULL, NULL, err, "ttt", message_id, at, sha256);
}
