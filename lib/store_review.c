/*
 * store_review — a person's work: the messages as `ykien review`, `show`,
 * `status` and the report see them, the extracted answers, corrections
 * and assignments.  Kept beside what was extracted, never over it.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

/* Still needs a person: an effective reply with no agency, or one flagged
 * needs_review that no one has corrected or assigned since; a reply held
 * back until a person confirms it (confirming it makes it count, so a
 * held reply is never a confirmed one); a form reply whose campaign
 * was not recognised; or a question (kind 'question') that no one has
 * marked answered (`ykien set REF answered=yes`, a row in corrections).
 * One definition, used by `ykien review`, `ykien status` and the report,
 * so they agree. */
#define SQL_PENDING_REVIEW \
	"(CASE WHEN r.id IS NOT NULL THEN NOT " SQL_NOT_REPLY " AND (r.status = 'not_counted' OR " \
	"  (r.status = 'effective' AND (r.agency IS NULL OR " \
	"  (r.needs_review = 1 AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = m.sha256) " \
	"   AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.sha256 = m.sha256))))) " \
	" ELSE (m.kind = 'form_reply' AND m.needs_review = 1 OR m.kind = 'question') " \
	"  AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = m.sha256) END)"

/* Why it needs review, "; "-separated: why a reply is held back, then the
 * extraction's reasons (parsed_json holds the fields of an object, without
 * its braces). */
#define SQL_EXTRACT_REASONS \
	"(SELECT group_concat(value, '; ') FROM json_each('{' || m.parsed_json || '}', " \
	"'$.review_reasons'))"
#define SQL_REASONS \
	"(CASE WHEN r.status = 'not_counted' AND NOT " SQL_NOT_REPLY " THEN '" STORE_HELD_REASON "' || " \
	"  coalesce('; ' || " SQL_EXTRACT_REASONS ", '') ELSE " SQL_EXTRACT_REASONS " END)"

static int
on_message(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_msg_info m = { 0 };

	store_cols(s, "i tttttttttttttttt bb ttttt b i t bbb t b", &m.id, &m.sha256, &m.message_id,
	           &m.from, &m.subject, &m.date, &m.received_at, &m.filed_at, &m.kind, &m.campaign,
	           &m.agency, &m.agency_by, &m.source, &m.archive_path, &m.file, &m.status,
	           &m.parsed_json, &m.needs_review, &m.is_reply, &m.reply_agency, &m.answers_json,
	           &m.choice, &m.duplicate_of, &m.superseded_by, &m.pending_review,
	           &m.n_corrections, &m.reasons, &m.unverified, &m.registered, &m.confirmed,
	           &m.forwarded_from, &m.not_reply);
	return ((store_msg_fn)f->fn)(f->ctx, &m);
}

int
store_each_message(struct store *st, const struct store_msg_filter *f, store_msg_fn fn,
                   void *ctx, struct yk_err *err)
{
	return store_each(st, "messages",
	                  "SELECT m.id, m.sha256, m.message_id, m.from_addr, m.subject, m.date, "
	                  "m.received_at, m.filed_at, m.kind, m.campaign, m.agency, m.agency_by, "
	                  "m.source, m.archive_path, m.file, coalesce(r.status, m.status), "
	                  "m.parsed_json, m.needs_review, r.id IS NOT NULL, r.agency, r.answers_json, "
	                  "r.choice, "
	                  "(SELECT m2.sha256 FROM replies r2 JOIN messages m2 ON m2.id = r2.message "
	                  "  WHERE r2.id = r.duplicate_of), "
	                  "(SELECT m3.sha256 FROM replies r3 JOIN messages m3 ON m3.id = r3.message "
	                  "  WHERE r3.id = r.superseded_by), "
	                  SQL_PENDING_REVIEW ", "
	                  "(SELECT count(*) FROM corrections c WHERE c.sha256 = m.sha256), "
	                  SQL_REASONS ", m.unverified, "
	                  "r.id IS NOT NULL AND " SQL_REPLY_REGISTERED ", "
	                  "coalesce(r.confirmed, 0), m.forwarded_from, " SQL_NOT_REPLY " "
	                  "FROM messages m LEFT JOIN replies r ON r.message = m.id "
	                  "WHERE (?1 IS NULL OR m.campaign = ?1) "
	                  "AND (?2 IS NULL OR substr(m.sha256, 1, length(?2)) = lower(?2)) "
	                  "AND (?3 IS NULL OR m.message_id = ?3) "
	                  "AND (?4 IS NULL OR m.archive_path = ?4) "
	                  "AND (?5 IS NULL OR "
	                  "(CASE WHEN r.id IS NOT NULL THEN r.agency ELSE m.agency END) = ?5) "
	                  "AND (?6 = 0 OR " SQL_PENDING_REVIEW ") "
	                  "ORDER BY m.id",
	                  on_message, (void (*)(void))fn, ctx, err, "tttttd", f->campaign,
	                  f->sha_prefix, f->message_id, f->archive_path, f->agency,
	                  (int)f->pending_review);
}

static int
on_answer(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_answer a = { 0 };

	store_cols(s, "tttt", &a.sha256, &a.section, &a.text, &a.choices);
	return ((store_answer_fn)f->fn)(f->ctx, &a);
}

int
store_each_answer(struct store *st, const char *campaign, const char *sha256, store_answer_fn fn,
                  void *ctx, struct yk_err *err)
{
	/* answers_json is ykien's own output (extract_json_answers): SQLite's
	 * JSON functions take it apart, so no second JSON parser lives here */
	return store_each(st, "answers",
	                  "SELECT m.sha256, j.key, "
	                  "CASE j.type WHEN 'object' THEN json_extract(j.value, '$.text') "
	                  "  WHEN 'text' THEN j.value END, "
	                  "CASE j.type WHEN 'object' THEN coalesce((SELECT group_concat(c.value, ' ') "
	                  "  FROM json_each(j.value, '$.choices') c), '') END "
	                  "FROM replies r JOIN messages m ON m.id = r.message, "
	                  "json_each(r.answers_json) j "
	                  "WHERE (?1 IS NULL OR r.campaign = ?1) AND (?2 IS NULL OR m.sha256 = ?2) "
	                  "AND (?2 IS NOT NULL OR r.status = 'effective') ORDER BY r.id, j.id",
	                  on_answer, (void (*)(void))fn, ctx, err, "tt", campaign, sha256);
}

int
store_correction_add(struct store *st, const struct store_correction *c, struct yk_err *err)
{
	return store_run(st, "insert correction",
	                 "INSERT INTO corrections (sha256, field, value, who, at) "
	                 "VALUES (?1, ?2, ?3, ?4, ?5)", NULL, NULL, err, "ttttt", c->sha256, c->field,
	                 c->value, c->who, c->at);
}

/* A correction, or an assignment: (sha256, field, value, who, at). */
static int
on_correction(sqlite3_stmt *s, const struct store_fwd *f)
{
	struct store_correction c = { 0 };

	store_cols(s, "ttttt", &c.sha256, &c.field, &c.value, &c.who, &c.at);
	return ((store_correction_fn)f->fn)(f->ctx, &c);
}

int
store_each_correction(struct store *st, const char *campaign, const char *sha256,
                      store_correction_fn fn, void *ctx, struct yk_err *err)
{
	return store_each(st, "corrections",
	                  "SELECT sha256, field, value, who, at FROM corrections WHERE (?1 IS NULL OR "
	                  "sha256 IN (SELECT sha256 FROM messages WHERE campaign = ?1)) "
	                  "AND (?2 IS NULL OR sha256 = ?2) ORDER BY id",
	                  on_correction, (void (*)(void))fn, ctx, err, "tt", campaign, sha256);
}

int
store_each_assignment(struct store *st, const char *campaign, const char *sha256,
                      store_correction_fn fn, void *ctx, struct yk_err *err)
{
	/* field: the agency before, value: the agency after */
	return store_each(st, "assignments",
	                  "SELECT sha256, coalesce(previous, ''), agency, who, at FROM assignments "
	                  "WHERE (?1 IS NULL OR sha256 IN (SELECT sha256 FROM messages WHERE "
	                  "campaign = ?1)) AND (?2 IS NULL OR sha256 = ?2) ORDER BY id",
	                  on_correction, (void (*)(void))fn, ctx, err, "tt", campaign, sha256);
}

/* The campaign of a reply and the agency it is filed under now. */
struct filed_under {
	bool found;
	char *campaign;
	char *agency;         /* NULL: unassigned */
};

static int
on_filed_under(sqlite3_stmt *s, void *ctx)
{
	struct filed_under *u = ctx;
	const char *agency = store_col_text(s, 1);

	u->found = true;
	u->campaign = strdup(store_col_text(s, 0));
	u->agency = agency ? strdup(agency) : NULL;
	return !u->campaign || (agency && !u->agency) ? YK_ENOMEM : 0;
}

/* Sets *U for the reply SHA256; not a reply: YK_ENOTFOUND saying "NOT_REPLY". */
static int
filed_under(struct store *st, const char *sha256, const char *what, const char *not_reply,
            struct filed_under *u, struct yk_err *err)
{
	int rc;

	memset(u, 0, sizeof *u);
	rc = store_run(st, what, "SELECT r.campaign, r.agency FROM replies r "
	               "JOIN messages m ON m.id = r.message WHERE " SQL_KEYED("m.sha256", "?1")
	               " ORDER BY r.id LIMIT 1",
	               on_filed_under, u, err, "t", sha256);
	if (rc == YK_ENOMEM)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (!rc && !u->found)
		return yk_err_set(err, YK_ENOTFOUND, "%.12s %s", sha256, not_reply);
	return rc;
}

static void
filed_under_free(struct filed_under *u)
{
	free(u->campaign);
	free(u->agency);
}

int
store_assign(struct store *st, const char *sha256, const char *agency, const char *who,
             const char *at, struct yk_err *err)
{
	struct filed_under u;
	int rc = filed_under(st, sha256, "assign", "is not a form reply to a campaign; only "
	                     "replies are filed under an agency", &u, err);

	if (!rc)
		rc = store_run(st, "insert assignment", "INSERT INTO assignments (sha256, agency, "
		               "previous, who, at) VALUES (?1, ?2, ?3, ?4, ?5)", NULL, NULL, err,
		               "ttttt", sha256, agency, u.agency, who, at);
	/* a person filing it under an agency vouches for it */
	if (!rc)
		rc = store_run(st, "assign", "UPDATE replies SET agency = ?2, confirmed = 1 WHERE "
		               "message IN " SQL_MESSAGES_OF_SHA, NULL, NULL, err, "tt", sha256,
		               agency);
	/* both the agency it left and the one it joined may change what counts */
	if (!rc)
		rc = store_refile(st, u.campaign, u.agency, err);
	if (!rc)
		rc = store_refile(st, u.campaign, agency, err);
	filed_under_free(&u);
	return rc;
}

int
store_confirm(struct store *st, const char *sha256, struct yk_err *err)
{
	struct filed_under u = { 0 };
	int rc = store_run(st, "confirm", "UPDATE replies SET confirmed = 1 WHERE message IN "
	                   SQL_MESSAGES_OF_SHA, NULL, NULL, err, "t", sha256);

	if (!rc)
		rc = filed_under(st, sha256, "confirm", "is not a form reply to a campaign", &u, err);
	if (!rc)
		rc = store_refile(st, u.campaign, u.agency, err);
	filed_under_free(&u);
	return rc;
}
