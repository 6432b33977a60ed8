/*
 * store_msg — filing a message, and which replies count: the rule is
 * lib/filing.h; this file fetches an agency's replies for it and writes
 * its decisions back.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "filing.h"

static int
on_found(sqlite3_stmt *s, void *ctx)
{
	(void)s;
	*(bool *)ctx = true;
	return 0;
}

int
store_has_sha(struct store *st, const char *sha256, bool *found, struct yk_err *err)
{
	*found = false;
	return store_run_cached(st, "lookup",
	                        "SELECT 1 FROM messages WHERE " SQL_KEYED("sha256", "?1") " LIMIT 1",
	                        on_found, found, err, "t", sha256);
}

int
store_has_uid(struct store *st, const char *mailbox, uint32_t uidvalidity, uint32_t uid,
              bool *found, struct yk_err *err)
{
	*found = false;
	return store_run_cached(st, "lookup", "SELECT 1 FROM messages WHERE mailbox = ?1 AND "
	                        "uidvalidity = ?2 AND uid = ?3 LIMIT 1", on_found, found, err, "tii",
	                        mailbox, (int64_t)uidvalidity, (int64_t)uid);
}

/* A failed count is an error, never 0. */
int
store_count_messages(struct store *st, int64_t *n, struct yk_err *err)
{
	*n = 0;
	return store_run(st, "count messages", "SELECT count(*) FROM messages", store_row_int64, n,
	                 err, "");
}

int
store_count_unassigned(struct store *st, const char *campaign, int64_t *n, struct yk_err *err)
{
	*n = 0;
	return store_run(st, "count unassigned",
	                 "SELECT count(*) FROM replies WHERE campaign = ?1 AND agency IS NULL",
	                 store_row_int64, n, err, "t", campaign);
}

int
store_count_effective(struct store *st, const char *campaign, int64_t *n, struct yk_err *err)
{
	*n = 0;
	return store_run(st, "count effective",
	                 "SELECT count(*) FROM replies INDEXED BY replies_effective WHERE campaign = ?1 "
	                 "AND status = 'effective' AND agency IS NOT NULL", store_row_int64, n, err,
	                 "t", campaign);
}

/* ---- the replies of one agency, for the rule --------------------------- */

struct replies {
	struct filing_reply *v;
	size_t n, cap;
};

static void
replies_free(struct replies *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free((char *)r->v[i].message_id);
		free((char *)r->v[i].answers);
	}
	free(r->v);
}

/* Appends a reply, copying its strings; ANSWERS NULL is "{}". */
static int
replies_add(struct replies *r, const struct filing_reply *x, const char *mid, const char *answers)
{
	struct filing_reply *p;

	if (r->n == r->cap) {
		size_t c = r->cap ? r->cap * 2 : 16;
		struct filing_reply *nv = realloc(r->v, c * sizeof *nv);
		if (!nv)
			return YK_ENOMEM;
		r->v = nv;
		r->cap = c;
	}
	p = &r->v[r->n++];
	*p = *x;
	p->message_id = mid ? strdup(mid) : NULL;
	p->answers = strdup(answers ? answers : "{}");
	return (mid && !p->message_id) || !p->answers ? YK_ENOMEM : 0;
}

static int
on_reply_row(sqlite3_stmt *s, void *ctx)
{
	struct filing_reply x = {
		.id = sqlite3_column_int64(s, 0),
		.registered = sqlite3_column_int(s, 3) != 0,
		.confirmed = sqlite3_column_int(s, 4) != 0,
		.duplicate_of = sqlite3_column_int64(s, 6),
		.superseded_by = sqlite3_column_int64(s, 7),
	};

	if (!filing_status_parse(store_col_text(s, 5), &x.status))
		return YK_ESTATE;
	return replies_add(ctx, &x, store_col_text(s, 1), store_col_text(s, 2));
}

#define REPLY_COLUMNS                                                           \
	"SELECT r.id, m.message_id, r.answers_json, " SQL_REPLY_REGISTERED ", " \
	"r.confirmed, r.status, r.duplicate_of, r.superseded_by "               \
	"FROM replies r JOIN messages m ON m.id = r.message "

/* Every reply of AGENCY (NULL: unassigned) to CAMPAIGN, in filing order,
 * as it stands. */
static const char SQL_REPLIES[] =
	REPLY_COLUMNS "WHERE r.campaign = ?1 AND r.agency IS ?2 AND NOT " SQL_NOT_REPLY
	" ORDER BY r.id";

/* Of those, only the ones that can bear on a new reply with answers ?3 and
 * Message-ID ?4 (the rule looks at no other, and reading them all would
 * make filing slower the more replies an agency has sent): those that
 * count or are held back (it may supersede them); of those with its
 * answers, and of those with its Message-ID, the first and the first not
 * held back (it is the duplicate of one of them, never of a later one,
 * however often the same reply was sent again); and one from a registered
 * address (it may be held back for it); each through an index on
 * (campaign, agency), but those by Message-ID from its index (CROSS JOIN
 * keeps SQLite from walking the agency's replies instead: it has no
 * statistics to know that one Message-ID names one or two messages).
 * INDEXED BY for the same reason: SQLite would read the statuses, too,
 * from the narrow index on the answers' key, that is all of the agency's
 * replies, not the few that count or are held back. */
static const char SQL_CANDIDATES[] =
	REPLY_COLUMNS "WHERE r.id IN ("
	"SELECT id FROM replies INDEXED BY replies_effective WHERE campaign = ?1 AND agency = ?2 "
	"AND status = 'effective' "
	"UNION ALL SELECT id FROM replies INDEXED BY replies_not_counted WHERE campaign = ?1 "
	"AND agency = ?2 AND status = 'not_counted' "
	"UNION ALL SELECT min(id) FROM replies WHERE campaign = ?1 AND agency = ?2 "
	"AND " SQL_KEYED("answers_json", "?3") " "
	"UNION ALL SELECT min(id) FROM replies WHERE campaign = ?1 AND agency = ?2 "
	"AND " SQL_KEYED("answers_json", "?3") " AND status <> 'not_counted' "
	"UNION ALL SELECT min(r2.id) FROM messages m2 CROSS JOIN replies r2 ON r2.message = m2.id "
	"WHERE m2.message_id = ?4 AND r2.campaign = ?1 AND r2.agency = ?2 "
	"UNION ALL SELECT min(r2.id) FROM messages m2 CROSS JOIN replies r2 ON r2.message = m2.id "
	"WHERE m2.message_id = ?4 AND r2.campaign = ?1 AND r2.agency = ?2 "
	"AND r2.status <> 'not_counted' "
	"UNION ALL SELECT * FROM (SELECT r.id FROM replies r INDEXED BY replies_ca JOIN messages m "
	"ON m.id = r.message WHERE r.campaign = ?1 AND r.agency = ?2 "
	"AND " SQL_REPLY_REGISTERED " LIMIT 1)) AND NOT " SQL_NOT_REPLY " ORDER BY r.id";

/* The replies of CAMPAIGN and AGENCY: all of them, or with NEW (AGENCY
 * then not NULL) the candidates for the decision on NEW. */
static int
replies_load(struct store *st, const char *campaign, const char *agency,
             const struct store_msg *new, struct replies *r, struct yk_err *err)
{
	int rc = new ? store_run_cached(st, "replies", SQL_CANDIDATES, on_reply_row, r, err, "tttt",
	                                campaign, agency,
	                                new->answers_json ? new->answers_json : "{}",
	                                new->message_id)
	             : store_run(st, "replies", SQL_REPLIES, on_reply_row, r, err, "tt", campaign,
	                         agency);

	if (rc == YK_ENOMEM)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (rc == YK_ESTATE)
		return yk_err_set(err, YK_ESTATE, "database: a reply of %s has an unknown status",
		                  campaign);
	return rc;
}

/* Writes reply X's decision, and its message's status. */
static int
reply_write(struct store *st, const struct filing_reply *x, struct yk_err *err)
{
	const char *status = filing_status_name(x->status);

	return store_run_cached(st, "refile", "UPDATE replies SET status = ?2, duplicate_of = ?3, "
	                        "superseded_by = ?4 WHERE id = ?1", NULL, NULL, err, "it?i?i", x->id,
	                        status, x->duplicate_of != 0, x->duplicate_of,
	                        x->superseded_by != 0, x->superseded_by) ||
	       store_run_cached(st, "refile", "UPDATE messages SET status = ?2 WHERE id = "
	                        "(SELECT message FROM replies WHERE id = ?1)", NULL, NULL, err, "it",
	                        x->id, status)
	       ? err->code : 0;
}

int
store_refile(struct store *st, const char *campaign, const char *agency, struct yk_err *err)
{
	struct replies r = { 0 };
	int rc = replies_load(st, campaign, agency, NULL, &r, err);

	if (!rc)
		filing_replay(r.v, r.n, agency != NULL);
	for (size_t i = 0; i < r.n && !rc; i++)
		rc = reply_write(st, &r.v[i], err);
	replies_free(&r);
	return rc;
}

/* ---- filing a message --------------------------------------------------- */

/* Stands for the new reply's id while the rule decides, before its row
 * exists: greater than every earlier id, as the row's will be. */
#define NEW_REPLY INT64_MAX

/* The status of the new reply M (its last row in R), decided against the
 * earlier replies of its agency that bear on it; R's earlier rows get
 * their new standing. */
static int
decide_new(struct store *st, const struct store_msg *m, struct replies *r, struct yk_err *err)
{
	/* a new filing: no person has confirmed it yet */
	struct filing_reply x = { .id = NEW_REPLY, .registered = filing_registered_by(m->agency_by) };
	int rc = 0;

	if (m->agency)
		rc = replies_load(st, m->campaign, m->agency, m, r, err);
	if (!rc && replies_add(r, &x, m->message_id, m->answers_json))
		rc = yk_err_set(err, YK_ENOMEM, "out of memory");
	if (!rc)
		filing_decide(r->v, r->n, m->agency != NULL);
	return rc;
}

/* The earlier replies that the new one, now row REPLY_ID, superseded. */
static int
supersede(struct store *st, struct replies *r, int64_t reply_id, struct yk_err *err)
{
	for (size_t i = 0; i + 1 < r->n; i++) {
		if (r->v[i].superseded_by != NEW_REPLY)
			continue;
		r->v[i].superseded_by = reply_id;
		if (reply_write(st, &r->v[i], err))
			return err->code;
	}
	return 0;
}

static const char SQL_INSERT_MESSAGE[] =
	"INSERT INTO messages (sha256, origin, mailbox, uidvalidity, uid, size, "
	"filed_at, archive_path, file, message_id, from_addr, subject, date, kind, "
	"campaign, agency, agency_by, source, needs_review, parsed_json, status, "
	"received_at, unverified, forwarded_from, sha256_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
	"text_key(?1))";
static const char SQL_INSERT_REPLY[] =
	"INSERT INTO replies (message, campaign, agency, answers_json, choice, "
	"needs_review, status, duplicate_of, answers_json_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	"?8, text_key(?4))";

int
store_file_message(struct store *st, const struct store_msg *m, int64_t *id,
                   const char **status_out, struct yk_err *err)
{
	bool reply = m->campaign && !strcmp(m->kind, "form_reply");
	/* a Maildir has no UIDs: NULL, so UNIQUE does not hold them */
	bool has_uid = m->mailbox && m->uid;
	struct replies r = { 0 };
	const struct filing_reply *x = NULL;
	const char *status = "not_counted";
	int64_t msg_id = 0;
	int rc = 0;

	if (reply) {
		if ((rc = decide_new(st, m, &r, err)))
			goto out;
		x = &r.v[r.n - 1];
		status = filing_status_name(x->status);
	}
	if ((rc = store_run_cached(st, "insert message", SQL_INSERT_MESSAGE, NULL, NULL, err,
	                           "ttt ?i?i i tttttttttttt d ttt d t", m->sha256, m->origin, m->mailbox,
	                           has_uid, (int64_t)m->uidvalidity, has_uid, (int64_t)m->uid,
	                           m->size, m->filed_at, m->archive_path, m->file, m->message_id,
	                           m->from, m->subject, m->date, m->kind, m->campaign, m->agency,
	                           m->agency_by, m->source, (int)m->needs_review, m->parsed_json,
	                           status, m->received_at, (int)m->unverified, m->forwarded_from)))
		goto out;
	msg_id = sqlite3_last_insert_rowid(st->db);
	if (reply) {
		if ((rc = store_run_cached(st, "insert reply", SQL_INSERT_REPLY, NULL, NULL, err,
		                           "ittttdt?i", msg_id, m->campaign, m->agency,
		                           m->answers_json ? m->answers_json : "{}", m->choice,
		                           (int)m->needs_review, status, x->duplicate_of != 0,
		                           x->duplicate_of)))
			goto out;
		if ((rc = supersede(st, &r, sqlite3_last_insert_rowid(st->db), err)))
			goto out;
	}
	if (id)
		*id = msg_id;
	if (status_out)
		*status_out = status;
out:
	replies_free(&r);
	return rc;
}

/* ---- reading what was filed --------------------------------------------- */

static int
on_effective(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_reply r = { 0 };

	store_cols(s, "tttt b tt i", &r.agency, &r.filed_at, &r.received_at, &r.choice,
	           &r.needs_review, &r.sha256, &r.archive_path, &r.n_replies);
	return ((store_reply_fn)f->fn)(f->ctx, &r);
}

int
store_each_effective_reply(struct store *st, const char *campaign, store_reply_fn fn, void *ctx,
                           struct yk_err *err)
{
	return store_each(st, "replies",
	                  "SELECT r.agency, m.filed_at, m.received_at, r.choice, r.needs_review, "
	                  "m.sha256, m.archive_path, (SELECT count(*) FROM replies r2 WHERE "
	                  "r2.campaign = r.campaign AND r2.agency = r.agency) "
	                  "FROM replies r INDEXED BY replies_effective JOIN messages m "
	                  "ON m.id = r.message "
	                  "WHERE r.campaign = ?1 AND r.status = 'effective' AND r.agency IS NOT NULL "
	                  "ORDER BY r.agency",
	                  on_effective, (void (*)(void))fn, ctx, err, "t", campaign);
}

static int
on_export(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_export e = { 0 };

	store_cols(s, "tttttttt t ttt b t ii", &e.sha256, &e.filed_at, &e.archive_path, &e.file,
	           &e.status, &e.duplicate_of, &e.superseded_by, &e.parsed_json, &e.members,
	           &e.agency_x, &e.agency_by_x, &e.answers_x, &e.is_reply, &e.reply_agency,
	           &e.n_corrections, &e.n_assignments);
	e.campaign_id = store_col_text(s, 16);
	return ((store_export_fn)f->fn)(f->ctx, &e);
}

int
store_each_export(struct store *st, const char *campaign, store_export_fn fn, void *ctx,
                  struct yk_err *err)
{
	return store_each(st, "export",
	                  "SELECT m.sha256, m.filed_at, m.archive_path, m.file, m.status, "
	                  "(SELECT m2.sha256 FROM replies r2 JOIN messages m2 ON m2.id = r2.message "
	                  "  WHERE r2.id = r.duplicate_of), "
	                  "(SELECT m3.sha256 FROM replies r3 JOIN messages m3 ON m3.id = r3.message "
	                  "  WHERE r3.id = r.superseded_by), m.parsed_json, "
	                  /* the members other than the three a person may change,
	                   * and those three as extracted (parsed_json holds an
	                   * object's members without its braces) */
	                  "json_remove('{' || m.parsed_json || '}', '$.agency', '$.agency_by', "
	                  "'$.answers'), "
	                  "json_extract('{' || m.parsed_json || '}', '$.agency'), "
	                  "json_extract('{' || m.parsed_json || '}', '$.agency_by'), "
	                  "json('{' || m.parsed_json || '}') -> '$.answers', "
	                  "r.id IS NOT NULL, r.agency, "
	                  "(SELECT count(*) FROM corrections c WHERE c.sha256 = m.sha256), "
	                  "(SELECT count(*) FROM assignments a WHERE a.sha256 = m.sha256), "
	                  "m.campaign "
	                  "FROM messages m LEFT JOIN replies r ON r.message = m.id "
	                  "WHERE ?1 IS NULL OR m.campaign = ?1 ORDER BY m.id",
	                  on_export, (void (*)(void))fn, ctx, err, "t", campaign);
}

/* A (campaign, agency) a reply is filed under. */
struct pair {
	bool found;
	char *campaign;
	char *agency;         /* NULL: unassigned */
};

static int
on_pair(sqlite3_stmt *s, void *ctx)
{
	struct pair *u = ctx;
	const char *agency = store_col_text(s, 1);

	u->found = true;
	u->campaign = strdup(store_col_text(s, 0));
	u->agency = agency ? strdup(agency) : NULL;
	return !u->campaign || (agency && !u->agency) ? YK_ENOMEM : 0;
}

int
store_not_reply(struct store *st, const char *sha256, struct yk_err *err)
{
	struct pair u = { 0 };
	int rc;

	/* it no longer counts and stands for no other reply; the replay of
	 * its agency's others, without it (SQL_NOT_REPLY), undoes what it
	 * superseded or duplicated */
	rc = store_run(st, "not a reply", "UPDATE replies SET status = 'not_counted', "
	               "duplicate_of = NULL, superseded_by = NULL WHERE message IN "
	               SQL_MESSAGES_OF_SHA, NULL, NULL, err, "t", sha256);
	if (!rc)
		rc = store_run(st, "not a reply", "UPDATE messages SET status = 'not_counted' WHERE "
		               SQL_KEYED("sha256", "?1"), NULL, NULL, err, "t", sha256);
	for (int64_t pass = 0; !rc; pass++) {
		/* each (campaign, agency) the same bytes were filed under */
		u.found = false;
		rc = store_run(st, "not a reply", "SELECT r.campaign, r.agency FROM replies r JOIN "
		               "messages m ON m.id = r.message WHERE " SQL_KEYED("m.sha256", "?1")
		               " ORDER BY r.id LIMIT 1 OFFSET ?2", on_pair, &u, err, "ti", sha256, pass);
		if (rc || !u.found)
			break;
		rc = store_refile(st, u.campaign, u.agency, err);
		free(u.campaign);
		free(u.agency);
		u.campaign = u.agency = NULL;
	}
	free(u.campaign);
	free(u.agency);
	return rc == YK_ENOMEM ? yk_err_set(err, YK_ENOMEM, "out of memory") : rc;
}
