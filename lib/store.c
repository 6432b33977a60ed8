/*
 * store — SQLite storage.  Migrations are ordered SQL scripts; the index
 * of the last one applied is PRAGMA user_version.  Never edit a migration
 * that has shipped: add the next one.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_CACHED 16 /* prepared statements kept for the per-message path */

struct store {
	sqlite3 *db;
	/* statements of the per-message path, prepared once: keyed by the
	 * address of their SQL text, which is a string literal */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_CACHED];
};

static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE mailbox_state ("
	"  mailbox TEXT PRIMARY KEY,"
	"  uidvalidity INTEGER NOT NULL,"
	"  last_uid INTEGER NOT NULL,"
	"  rescan_below INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL,"
	"  origin TEXT NOT NULL,"
	"  mailbox TEXT,"
	"  uidvalidity INTEGER,"
	"  uid INTEGER,"
	"  size INTEGER NOT NULL,"
	"  filed_at TEXT NOT NULL,"
	"  archive_path TEXT NOT NULL,"
	"  file TEXT,"
	"  message_id TEXT,"
	"  from_addr TEXT,"
	"  subject TEXT,"
	"  date TEXT,"
	"  received_at TEXT,"
	"  kind TEXT NOT NULL,"
	"  campaign TEXT,"
	"  agency TEXT,"
	"  agency_by TEXT,"
	"  source TEXT,"
	"  needs_review INTEGER NOT NULL DEFAULT 0,"
	"  parsed_json TEXT NOT NULL,"
	"  status TEXT NOT NULL,"
	"  server_done INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (mailbox, uidvalidity, uid)"
	");"
	"CREATE INDEX messages_sha ON messages(sha256);"
	"CREATE INDEX messages_mid ON messages(message_id);"
	"CREATE TABLE replies ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER NOT NULL UNIQUE REFERENCES messages(id),"
	"  campaign TEXT NOT NULL,"
	"  agency TEXT,"
	"  answers_json TEXT NOT NULL,"
	"  choice TEXT,"
	"  needs_review INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL CHECK (status IN ('effective','superseded','duplicate')),"
	"  duplicate_of INTEGER REFERENCES replies(id),"
	"  superseded_by INTEGER REFERENCES replies(id)"
	");"
	"CREATE INDEX replies_ca ON replies(campaign, agency);"
	"CREATE TABLE reminders ("
	"  id INTEGER PRIMARY KEY,"
	"  campaign TEXT NOT NULL,"
	"  agency TEXT NOT NULL,"
	"  slot TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  due_at INTEGER NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending','sent','failed')),"
	"  created_at TEXT NOT NULL,"
	"  sent_at TEXT,"
	"  error TEXT,"
	"  UNIQUE (campaign, agency, slot)"
	");",
	/* 2: reminders that can wait for a retry or be cancelled, their
	 * recipients one by one, addresses that bounce, and when ykien first
	 * planned a campaign and each of its agencies (lib/plan.h) */
	"CREATE TABLE reminders2 ("
	"  id INTEGER PRIMARY KEY,"
	"  campaign TEXT NOT NULL,"
	"  agency TEXT NOT NULL,"
	"  slot TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  due_at INTEGER NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending','retry','sent','failed','cancelled')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL,"
	"  sent_at TEXT,"
	"  error TEXT,"
	"  UNIQUE (campaign, agency, slot)"
	");"
	"INSERT INTO reminders2 (id, campaign, agency, slot, message_id, due_at, state, created_at,"
	"  sent_at, error) SELECT id, campaign, agency, slot, message_id, due_at, state, created_at,"
	"  sent_at, error FROM reminders;"
	"DROP TABLE reminders;"
	"ALTER TABLE reminders2 RENAME TO reminders;"
	"CREATE TABLE reminder_recipients ("
	"  reminder INTEGER NOT NULL REFERENCES reminders(id),"
	"  address TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending','accepted','deferred','rejected')),"
	"  code INTEGER,"
	"  reply TEXT,"
	"  PRIMARY KEY (reminder, address)"
	");"
	"CREATE TABLE bouncing ("
	"  address TEXT PRIMARY KEY,"
	"  first_seen TEXT NOT NULL,"
	"  last_seen TEXT NOT NULL,"
	"  count INTEGER NOT NULL DEFAULT 1,"
	"  message_sha256 TEXT"
	");"
	"CREATE TABLE remind_seen ("
	"  campaign TEXT NOT NULL,"
	"  agency TEXT NOT NULL,"         /* '' for the campaign itself */
	"  first_seen INTEGER NOT NULL,"
	"  PRIMARY KEY (campaign, agency)"
	");",
	/* 3: the filing decision looks up one agency's replies by status and by
	 * answers without scanning them all */
	("CREATE INDEX replies_effective ON replies(campaign, agency) WHERE status = 'effective';"
	 "CREATE INDEX replies_answers ON replies(campaign, agency, answers_json);"),
	/* 4: the first day of the window the first sync of a folder fetched
	 * (mailbox.since_margin_days before the earliest campaign) */
	"ALTER TABLE mailbox_state ADD COLUMN since_day TEXT;",
	/* 5: a person's work on a message, kept beside (never over) what was
	 * extracted: corrections of answers and assignments to an agency.
	 * Keyed by the message's sha256, so they hold for the same bytes
	 * whatever row they are filed under. */
	"CREATE TABLE corrections ("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL,"
	"  field TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  who TEXT NOT NULL,"
	"  at TEXT NOT NULL"
	");"
	"CREATE INDEX corrections_sha ON corrections(sha256, field);"
	"CREATE TABLE assignments ("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL,"
	"  agency TEXT NOT NULL,"
	"  previous TEXT,"
	"  who TEXT NOT NULL,"
	"  at TEXT NOT NULL"
	");"
	"CREATE INDEX assignments_sha ON assignments(sha256);",
	/* 6: acknowledgments of receipt, one per reply, recorded before sent */
	"CREATE TABLE acks ("
	"  sha256 TEXT PRIMARY KEY,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  address TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending','sent','failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL,"
	"  sent_at TEXT,"
	"  error TEXT"
	");",
	/* 7: a reply whose From our own server did not vouch for */
	"ALTER TABLE messages ADD COLUMN unverified INTEGER NOT NULL DEFAULT 0;",
	/* 8: the daily digest to the administrators, one per day */
	"CREATE TABLE digests ("
	"  day TEXT PRIMARY KEY,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  since TEXT,"
	"  until TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending','sent','failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  done TEXT,"
	"  refused TEXT,"
	"  sent_at TEXT,"
	"  error TEXT"
	");",
	/* 9: a reply not from a registered address is held back ('not_counted')
	 * while the agency has one from a registered address, until a person
	 * confirms it (replies.confirmed; an assignment or a correction made
	 * before counts as one).  SQLite cannot change a CHECK: the table is
	 * rebuilt, its references to itself checked at COMMIT (superseded_by
	 * points forward, so rows copied in order refer to ones not there
	 * yet).  Statuses already decided are kept as they were. */
	"PRAGMA defer_foreign_keys = ON;"
	"CREATE TABLE replies9 ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER NOT NULL UNIQUE REFERENCES messages(id),"
	"  campaign TEXT NOT NULL,"
	"  agency TEXT,"
	"  answers_json TEXT NOT NULL,"
	"  choice TEXT,"
	"  needs_review INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('effective','superseded','duplicate','not_counted')),"
	"  duplicate_of INTEGER REFERENCES replies9(id),"
	"  superseded_by INTEGER REFERENCES replies9(id),"
	"  confirmed INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO replies9 (id, message, campaign, agency, answers_json, choice, needs_review,"
	"  status, duplicate_of, superseded_by, confirmed)"
	"  SELECT r.id, r.message, r.campaign, r.agency, r.answers_json, r.choice, r.needs_review,"
	"  r.status, r.duplicate_of, r.superseded_by,"
	"  EXISTS (SELECT 1 FROM assignments a WHERE a.sha256 = m.sha256)"
	"  OR EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = m.sha256)"
	"  FROM replies r JOIN messages m ON m.id = r.message ORDER BY r.id;"
	"DROP TABLE replies;"
	"ALTER TABLE replies9 RENAME TO replies;"
	"CREATE INDEX replies_ca ON replies(campaign, agency);"
	"CREATE INDEX replies_effective ON replies(campaign, agency) WHERE status = 'effective';"
	"CREATE INDEX replies_answers ON replies(campaign, agency, answers_json);",
	/* 10: a server action (flag, move) the server refuses is retried with
	 * back-off and never holds up the intake: its attempts, when it may be
	 * tried again, and the server's last words */
	"ALTER TABLE messages ADD COLUMN server_attempts INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE messages ADD COLUMN server_next INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE messages ADD COLUMN server_error TEXT;",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION, "schema version and migrations agree");

static int
db_err(struct store *st, struct yk_err *err, const char *what)
{
	return yk_err_set(err, YK_EDB, "database: %s: %s", what, sqlite3_errmsg(st->db));
}

static int
exec(struct store *st, const char *sql, struct yk_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		yk_err_set(err, YK_EDB, "database: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return YK_EDB;
	}
	return 0;
}

int
store_schema_version(struct store *st, int *version, struct yk_err *err)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return db_err(st, err, "user_version");
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return db_err(st, err, "user_version");
	}
	*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

static int
migrate(struct store *st, const char *path, struct yk_err *err)
{
	int v;

	if (exec(st, "BEGIN IMMEDIATE", err))
		return err->code;
	if (store_schema_version(st, &v, err))
		goto fail;
	if (v > N_MIGRATIONS) {
		yk_err_set(err, YK_ESTATE,
		           "%s: database schema version %d is newer than this ykien understands (%d); "
		           "use the newer ykien or restore a backup", path, v, N_MIGRATIONS);
		goto fail;
	}
	for (; v < N_MIGRATIONS; v++) {
		char pragma[64];
		if (exec(st, migrations[v], err))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (exec(st, pragma, err))
			goto fail;
	}
	return exec(st, "COMMIT", err);
fail:
	store_rollback(st);
	return err->code;
}

bool
store_registered_by(const char *agency_by)
{
	return agency_by && (!strcmp(agency_by, "from") || !strcmp(agency_by, "sender") ||
	                     !strcmp(agency_by, "reply_to"));
}

static void
sql_registered_by(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, store_registered_by((const char *)sqlite3_value_text(argv[0])));
}

enum store_filing
store_filing_decide(const struct store_filing_case *c, int64_t *dup_of)
{
	int64_t dup = 0;
	enum store_filing f;

	if (!c->has_agency)
		f = STORE_FILING_EFFECTIVE; /* nothing to compare with until a person assigns it */
	else if ((dup = c->trusted ? c->dup_counted : c->dup_any) != 0)
		f = STORE_FILING_DUPLICATE;
	else if (c->trusted || !c->earlier_registered)
		f = STORE_FILING_EFFECTIVE;
	else
		f = STORE_FILING_HELD;
	if (dup_of)
		*dup_of = dup;
	return f;
}

int
store_open(const char *path, struct store **out, struct yk_err *err)
{
	struct store *st;

	*out = NULL;
	st = calloc(1, sizeof *st);
	if (!st)
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		yk_err_set(err, YK_EDB, "%s: cannot open database: %s", path,
		           st->db ? sqlite3_errmsg(st->db) : "out of memory");
		sqlite3_close(st->db);
		free(st);
		return YK_EDB;
	}
	sqlite3_busy_timeout(st->db, 10000);
	/* the filing rule's notion of a registered address, one definition
	 * for C and SQL alike */
	if (sqlite3_create_function_v2(st->db, "registered_by", 1,
	                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                               sql_registered_by, NULL, NULL, NULL) != SQLITE_OK) {
		db_err(st, err, "registered_by");
		sqlite3_close(st->db);
		free(st);
		return YK_EDB;
	}
	if (exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
	             "PRAGMA foreign_keys = ON;", err) ||
	    migrate(st, path, err)) {
		sqlite3_close(st->db);
		free(st);
		return err->code;
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < STORE_CACHED; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st);
}

int
store_begin(struct store *st, struct yk_err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

int
store_commit(struct store *st, struct yk_err *err)
{
	return exec(st, "COMMIT", err);
}

void
store_rollback(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_tx(struct store *st, store_tx_fn fn, void *ctx, struct yk_err *err)
{
	int rc;

	if ((rc = store_begin(st, err)) != 0)
		return rc;
	if ((rc = fn(st, ctx, err)) != 0 || (rc = store_commit(st, err)) != 0)
		store_rollback(st);
	return rc;
}

static int
prep(struct store *st, const char *sql, sqlite3_stmt **s, struct yk_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK)
		return db_err(st, err, "prepare");
	return 0;
}

/*
 * Like prep(), for statements run once per message: prepared the first
 * time, then reset and reused.  Give it back with release(), never
 * sqlite3_finalize(); do not nest two uses of the same SQL.
 */
static int
prep_cached(struct store *st, const char *sql, sqlite3_stmt **s, struct yk_err *err)
{
	int i;

	for (i = 0; i < STORE_CACHED && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			*s = st->cache[i].stmt;
			return 0;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s, NULL) != SQLITE_OK)
		return db_err(st, err, "prepare");
	if (i < STORE_CACHED) {
		st->cache[i].sql = sql;
		st->cache[i].stmt = *s;
	}
	return 0;
}

static void
release(struct store *st, sqlite3_stmt *s)
{
	for (int i = 0; i < STORE_CACHED && st->cache[i].sql; i++) {
		if (st->cache[i].stmt == s) {
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return;
		}
	}
	sqlite3_finalize(s); /* the cache was full */
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static const char *
col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int
store_mailbox_get(struct store *st, const char *mailbox, struct store_mailbox *out,
                  struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if (prep(st, "SELECT uidvalidity, last_uid, since_day FROM mailbox_state "
	             "WHERE mailbox = ?", &s, err))
		return err->code;
	bind_text(s, 1, mailbox);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->found = true;
		out->uidvalidity = (uint32_t)sqlite3_column_int64(s, 0);
		out->last_uid = (uint32_t)sqlite3_column_int64(s, 1);
		if (col_text(s, 2))
			snprintf(out->since_day, sizeof out->since_day, "%s", col_text(s, 2));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "mailbox_state");
}

int
store_mailbox_set(struct store *st, const char *mailbox, const struct store_mailbox *v,
                  struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep_cached(st, "INSERT INTO mailbox_state (mailbox, uidvalidity, last_uid, since_day) "
	             "VALUES (?, ?, ?, ?) ON CONFLICT(mailbox) DO UPDATE SET "
	             "uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, "
	             "since_day = excluded.since_day", &s, err))
		return err->code;
	bind_text(s, 1, mailbox);
	sqlite3_bind_int64(s, 2, v->uidvalidity);
	sqlite3_bind_int64(s, 3, v->last_uid);
	bind_text(s, 4, v->since_day[0] ? v->since_day : NULL);
	rc = sqlite3_step(s);
	release(st, s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "mailbox_state update");
}

/* Runs a query whose parameters are (text, int, int), the ints optional;
 * *found tells whether it returned a row. */
static int
exists_query(struct store *st, const char *sql, const char *text, int64_t x, int64_t y,
             bool *found, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep_cached(st, sql, &s, err))
		return err->code;
	bind_text(s, 1, text);
	if (sqlite3_bind_parameter_count(s) >= 3) {
		sqlite3_bind_int64(s, 2, x);
		sqlite3_bind_int64(s, 3, y);
	}
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	release(st, s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "lookup");
}

int
store_has_sha(struct store *st, const char *sha256, bool *found, struct yk_err *err)
{
	return exists_query(st, "SELECT 1 FROM messages WHERE sha256 = ?1", sha256, 0, 0, found,
	                    err);
}

int
store_has_uid(struct store *st, const char *mailbox, uint32_t uidvalidity, uint32_t uid,
              bool *found, struct yk_err *err)
{
	return exists_query(st, "SELECT 1 FROM messages WHERE mailbox = ?1 AND uidvalidity = ?2 "
	                        "AND uid = ?3", mailbox, uidvalidity, uid, found, err);
}

int
store_count_messages(struct store *st, int64_t *n, struct yk_err *err)
{
	sqlite3_stmt *s;

	if (prep(st, "SELECT count(*) FROM messages", &s, err))
		return err->code;
	*n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

/*
 * The questions store_filing_decide() needs answered about the earlier
 * replies of the same agency to the same campaign, each one indexed
 * lookup whatever the number of replies.  The duplicate lookups give the
 * first match among all replies and among those not held back.
 */
static const char SQL_DUP_MID[] =
	"SELECT min(r.id), min(CASE WHEN r.status <> 'not_counted' THEN r.id END) "
	"FROM messages m JOIN replies r ON r.message = m.id "
	"WHERE m.message_id = ?3 AND r.campaign = ?1 AND r.agency = ?2";
static const char SQL_DUP_ANSWERS[] =
	"SELECT min(id), min(CASE WHEN status <> 'not_counted' THEN id END) FROM replies "
	"WHERE campaign = ?1 AND agency = ?2 AND answers_json = ?3";
static const char SQL_EARLIER_REGISTERED[] =
	"SELECT r.id, NULL FROM replies r JOIN messages m ON m.id = r.message "
	"WHERE r.campaign = ?1 AND r.agency = ?2 AND m.agency IS r.agency "
	"AND registered_by(m.agency_by) LIMIT 1";

/* The two ids SQL (campaign, agency, value) gives, 0 for none or NULL. */
static int
two_ids(struct store *st, const char *sql, const struct store_msg *m, const char *value,
        int64_t *a, int64_t *b, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*a = *b = 0;
	if (prep_cached(st, sql, &s, err))
		return err->code;
	bind_text(s, 1, m->campaign);
	bind_text(s, 2, m->agency);
	if (value)
		bind_text(s, 3, value);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*a = sqlite3_column_int64(s, 0);
		*b = sqlite3_column_int64(s, 1);
	}
	release(st, s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "replies lookup");
}

static int64_t
first_of(int64_t a, int64_t b)
{
	return a && b ? (a < b ? a : b) : (a ? a : b);
}

/* Asks store_filing_decide() about the new reply M. */
static int
decide_reply(struct store *st, const struct store_msg *m, enum store_filing *f, int64_t *dup_of,
             struct yk_err *err)
{
	struct store_filing_case c = {
		.has_agency = m->agency != NULL,
		/* a new filing: no person has confirmed it yet */
		.trusted = store_registered_by(m->agency_by),
	};
	int64_t mid_any = 0, mid_counted = 0, ans_any, ans_counted, reg, unused;

	if (c.has_agency) {
		if ((m->message_id && two_ids(st, SQL_DUP_MID, m, m->message_id, &mid_any,
		                              &mid_counted, err)) ||
		    two_ids(st, SQL_DUP_ANSWERS, m, m->answers_json ? m->answers_json : "{}", &ans_any,
		            &ans_counted, err))
			return err->code;
		c.dup_any = first_of(mid_any, ans_any);
		c.dup_counted = first_of(mid_counted, ans_counted);
		/* only an untrusted reply's standing depends on it */
		if (!c.trusted) {
			if (two_ids(st, SQL_EARLIER_REGISTERED, m, NULL, &reg, &unused, err))
				return err->code;
			c.earlier_registered = reg != 0;
		}
	}
	*f = store_filing_decide(&c, dup_of);
	return 0;
}

/* Runs SQL (the new reply's id, campaign, agency): the reply that counted
 * so far and those held back give way to the new one. */
static int
supersede(struct store *st, const char *sql, int64_t reply_id, const struct store_msg *m,
          struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep_cached(st, sql, &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, reply_id);
	bind_text(s, 2, m->campaign);
	bind_text(s, 3, m->agency);
	rc = sqlite3_step(s);
	release(st, s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "supersede");
}

int
store_file_message(struct store *st, const struct store_msg *m, int64_t *id,
                   const char **status_out, struct yk_err *err)
{
	bool reply = m->campaign && !strcmp(m->kind, "form_reply");
	const char *status = "not_counted";
	enum store_filing f = STORE_FILING_HELD;
	int64_t dup_of = 0, msg_id, reply_id;
	sqlite3_stmt *s;
	int rc;

	if (reply) {
		if (decide_reply(st, m, &f, &dup_of, err))
			return err->code;
		status = f == STORE_FILING_DUPLICATE ? "duplicate"
		         : f == STORE_FILING_HELD    ? "not_counted"
		                                     : "effective";
	}
	if (prep_cached(st, "INSERT INTO messages (sha256, origin, mailbox, uidvalidity, uid, size, "
	             "filed_at, archive_path, file, message_id, from_addr, subject, date, kind, "
	             "campaign, agency, agency_by, source, needs_review, parsed_json, status, "
	             "received_at, unverified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	             "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)", &s, err))
		return err->code;
	bind_text(s, 1, m->sha256);
	bind_text(s, 2, m->origin);
	bind_text(s, 3, m->mailbox);
	if (m->mailbox && m->uid) {
		/* a Maildir has no UIDs: NULL, so UNIQUE does not hold them */
		sqlite3_bind_int64(s, 4, m->uidvalidity);
		sqlite3_bind_int64(s, 5, m->uid);
	}
	sqlite3_bind_int64(s, 6, m->size);
	bind_text(s, 7, m->filed_at);
	bind_text(s, 8, m->archive_path);
	bind_text(s, 9, m->file);
	bind_text(s, 10, m->message_id);
	bind_text(s, 11, m->from);
	bind_text(s, 12, m->subject);
	bind_text(s, 13, m->date);
	bind_text(s, 14, m->kind);
	bind_text(s, 15, m->campaign);
	bind_text(s, 16, m->agency);
	bind_text(s, 17, m->agency_by);
	bind_text(s, 18, m->source);
	sqlite3_bind_int(s, 19, m->needs_review);
	bind_text(s, 20, m->parsed_json);
	bind_text(s, 21, status);
	bind_text(s, 22, m->received_at);
	sqlite3_bind_int(s, 23, m->unverified);
	rc = sqlite3_step(s);
	release(st, s);
	if (rc != SQLITE_DONE)
		return db_err(st, err, "insert message");
	msg_id = sqlite3_last_insert_rowid(st->db);
	if (reply) {
		if (prep_cached(st, "INSERT INTO replies (message, campaign, agency, answers_json, choice, "
		             "needs_review, status, duplicate_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		         &s, err))
			return err->code;
		sqlite3_bind_int64(s, 1, msg_id);
		bind_text(s, 2, m->campaign);
		bind_text(s, 3, m->agency);
		bind_text(s, 4, m->answers_json ? m->answers_json : "{}");
		bind_text(s, 5, m->choice);
		sqlite3_bind_int(s, 6, m->needs_review);
		bind_text(s, 7, status);
		if (dup_of)
			sqlite3_bind_int64(s, 8, dup_of);
		rc = sqlite3_step(s);
		release(st, s);
		if (rc != SQLITE_DONE)
			return db_err(st, err, "insert reply");
		reply_id = sqlite3_last_insert_rowid(st->db);
		if (f == STORE_FILING_EFFECTIVE && m->agency &&
		    (supersede(st, "UPDATE replies SET status = 'superseded', superseded_by = ?1 "
		               "WHERE campaign = ?2 AND agency = ?3 AND id <> ?1 "
		               "AND status IN ('effective', 'not_counted')", reply_id, m, err) ||
		     supersede(st, "UPDATE messages SET status = 'superseded' WHERE id IN "
		               "(SELECT message FROM replies WHERE campaign = ?2 AND agency = ?3 "
		               "AND superseded_by = ?1)", reply_id, m, err)))
			return err->code;
	}
	if (id)
		*id = msg_id;
	if (status_out)
		*status_out = status;
	return 0;
}

int
store_each_effective_reply(struct store *st, const char *campaign, store_reply_fn fn, void *ctx,
                           struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT r.agency, m.filed_at, m.received_at, r.choice, r.needs_review, m.sha256, "
	             "m.archive_path, (SELECT count(*) FROM replies r2 WHERE r2.campaign = r.campaign "
	             "AND r2.agency = r.agency) "
	             "FROM replies r JOIN messages m ON m.id = r.message "
	             "WHERE r.campaign = ?1 AND r.status = 'effective' AND r.agency IS NOT NULL "
	             "ORDER BY r.agency", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_reply r = {
			.agency = col_text(s, 0),
			.filed_at = col_text(s, 1),
			.received_at = col_text(s, 2),
			.choice = col_text(s, 3),
			.needs_review = sqlite3_column_int(s, 4) != 0,
			.sha256 = col_text(s, 5),
			.archive_path = col_text(s, 6),
			.n_replies = sqlite3_column_int64(s, 7),
		};
		if (fn(ctx, &r) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "replies");
}

int
store_count_unassigned(struct store *st, const char *campaign, int64_t *n, struct yk_err *err)
{
	sqlite3_stmt *s;

	if (prep(st, "SELECT count(*) FROM replies WHERE campaign = ?1 AND agency IS NULL", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	*n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

int
store_count_effective(struct store *st, const char *campaign, int64_t *n, struct yk_err *err)
{
	sqlite3_stmt *s;

	if (prep(st, "SELECT count(*) FROM replies WHERE campaign = ?1 AND status = 'effective' "
	             "AND agency IS NOT NULL", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	*n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return 0;
}

int
store_each_export(struct store *st, const char *campaign, store_export_fn fn, void *ctx,
                  struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT m.sha256, m.filed_at, m.archive_path, m.file, m.status, "
	             "(SELECT m2.sha256 FROM replies r2 JOIN messages m2 ON m2.id = r2.message "
	             "  WHERE r2.id = r.duplicate_of), "
	             "(SELECT m3.sha256 FROM replies r3 JOIN messages m3 ON m3.id = r3.message "
	             "  WHERE r3.id = r.superseded_by), m.parsed_json "
	             "FROM messages m LEFT JOIN replies r ON r.message = m.id "
	             "WHERE ?1 IS NULL OR m.campaign = ?1 ORDER BY m.id", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_export e = {
			.sha256 = col_text(s, 0),
			.filed_at = col_text(s, 1),
			.archive_path = col_text(s, 2),
			.file = col_text(s, 3),
			.status = col_text(s, 4),
			.duplicate_of = col_text(s, 5),
			.superseded_by = col_text(s, 6),
			.parsed_json = col_text(s, 7),
		};
		if (fn(ctx, &e) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "export");
}

/* ---- reminders (lib/remind.c) ------------------------------------------ */

int
store_reminder_each(struct store *st, const char *campaign, store_reminder_fn fn, void *ctx,
                    struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT id, campaign, agency, slot, message_id, due_at, state, attempts, "
	             "next_attempt, created_at, sent_at, error FROM reminders "
	             "WHERE ?1 IS NULL OR campaign = ?1 ORDER BY campaign, agency, due_at, id",
	         &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_reminder r = {
			.id = sqlite3_column_int64(s, 0),
			.campaign = col_text(s, 1),
			.agency = col_text(s, 2),
			.slot = col_text(s, 3),
			.message_id = col_text(s, 4),
			.due_at = sqlite3_column_int64(s, 5),
			.state = col_text(s, 6),
			.attempts = sqlite3_column_int(s, 7),
			.next_attempt = sqlite3_column_int64(s, 8),
			.created_at = col_text(s, 9),
			.sent_at = col_text(s, 10),
			.error = col_text(s, 11),
		};
		if (fn(ctx, &r) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "reminders");
}

int
store_reminder_insert(struct store *st, const struct store_reminder *r,
                      const char *const *rcpts, size_t n, int64_t *id, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "INSERT INTO reminders (campaign, agency, slot, message_id, due_at, state, "
	             "attempts, next_attempt, created_at, sent_at, error) "
	             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &s, err))
		return err->code;
	bind_text(s, 1, r->campaign);
	bind_text(s, 2, r->agency);
	bind_text(s, 3, r->slot);
	bind_text(s, 4, r->message_id);
	sqlite3_bind_int64(s, 5, r->due_at);
	bind_text(s, 6, r->state);
	sqlite3_bind_int(s, 7, r->attempts);
	sqlite3_bind_int64(s, 8, r->next_attempt);
	bind_text(s, 9, r->created_at);
	bind_text(s, 10, r->sent_at);
	bind_text(s, 11, r->error);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_err(st, err, "insert reminder");
	*id = sqlite3_last_insert_rowid(st->db);
	for (size_t i = 0; i < n; i++) {
		if (prep(st, "INSERT OR IGNORE INTO reminder_recipients (reminder, address, state) "
		             "VALUES (?1, ?2, 'pending')", &s, err))
			return err->code;
		sqlite3_bind_int64(s, 1, *id);
		bind_text(s, 2, rcpts[i]);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return db_err(st, err, "insert reminder recipient");
	}
	return 0;
}

int
store_reminder_update(struct store *st, int64_t id, const char *state, int attempts,
                      int64_t next_attempt, const char *sent_at, const char *error,
                      struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "UPDATE reminders SET state = ?2, attempts = ?3, next_attempt = ?4, "
	             "sent_at = coalesce(?5, sent_at), error = ?6 WHERE id = ?1", &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, state);
	sqlite3_bind_int(s, 3, attempts);
	sqlite3_bind_int64(s, 4, next_attempt);
	bind_text(s, 5, sent_at);
	bind_text(s, 6, error);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "update reminder");
}

int
store_recipient_each(struct store *st, int64_t reminder, store_recipient_fn fn, void *ctx,
                     struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT address, state, code, reply FROM reminder_recipients "
	             "WHERE reminder = ?1 ORDER BY rowid", &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, reminder);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_recipient r = {
			.address = col_text(s, 0),
			.state = col_text(s, 1),
			.code = sqlite3_column_int(s, 2),
			.reply = col_text(s, 3),
		};
		if (fn(ctx, &r) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "reminder recipients");
}

int
store_recipient_set(struct store *st, int64_t reminder, const char *address, const char *state,
                    int code, const char *reply, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "UPDATE reminder_recipients SET state = ?3, code = ?4, reply = ?5 "
	             "WHERE reminder = ?1 AND address = ?2", &s, err))
		return err->code;
	sqlite3_bind_int64(s, 1, reminder);
	bind_text(s, 2, address);
	bind_text(s, 3, state);
	sqlite3_bind_int(s, 4, code);
	bind_text(s, 5, reply);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "update reminder recipient");
}

int
store_first_seen(struct store *st, const char *campaign, const char *agency, int64_t now,
                 bool record, int64_t *first, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*first = now;
	if (record) {
		if (prep(st, "INSERT OR IGNORE INTO remind_seen (campaign, agency, first_seen) "
		             "VALUES (?1, ?2, ?3)", &s, err))
			return err->code;
		bind_text(s, 1, campaign);
		bind_text(s, 2, agency ? agency : "");
		sqlite3_bind_int64(s, 3, now);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return db_err(st, err, "remind_seen");
	}
	if (prep(st, "SELECT first_seen FROM remind_seen WHERE campaign = ?1 AND agency = ?2", &s,
	         err))
		return err->code;
	bind_text(s, 1, campaign);
	bind_text(s, 2, agency ? agency : "");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*first = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "remind_seen");
}

int
store_bouncing_add(struct store *st, const char *address, const char *at, const char *sha256,
                   struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "INSERT INTO bouncing (address, first_seen, last_seen, message_sha256) "
	             "VALUES (lower(?1), ?2, ?2, ?3) ON CONFLICT(address) DO UPDATE SET "
	             "last_seen = excluded.last_seen, count = count + 1, "
	             "message_sha256 = excluded.message_sha256", &s, err))
		return err->code;
	bind_text(s, 1, address);
	bind_text(s, 2, at);
	bind_text(s, 3, sha256);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "bouncing");
}

int
store_bouncing_each(struct store *st, store_bouncing_fn fn, void *ctx, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT address FROM bouncing ORDER BY address", &s, err))
		return err->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, col_text(s, 0)) != 0)
			break;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "bouncing");
}

/* ---- a person's work: review, corrections, assignments ---------------- */

/* Still needs a person: an effective reply with no agency, or one flagged
 * needs_review that no one has corrected or assigned since; a reply held
 * back until a person confirms it (confirming it makes it count, so a
 * held reply is never a confirmed one); or a form reply whose campaign
 * was not recognised.  One definition, used by `ykien review`, `ykien
 * status` and the report, so they agree. */
#define SQL_PENDING_REVIEW \
	"(CASE WHEN r.id IS NOT NULL THEN r.status = 'not_counted' OR " \
	"  (r.status = 'effective' AND (r.agency IS NULL OR " \
	"  (r.needs_review = 1 AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = m.sha256) " \
	"   AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.sha256 = m.sha256)))) " \
	" ELSE m.kind = 'form_reply' AND m.needs_review = 1 " \
	"  AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.sha256 = m.sha256) END)"

/* Why it needs review, "; "-separated: why a reply is held back, then the
 * extraction's reasons (parsed_json holds the fields of an object, without
 * its braces). */
#define SQL_EXTRACT_REASONS \
	"(SELECT group_concat(value, '; ') FROM json_each('{' || m.parsed_json || '}', " \
	"'$.review_reasons'))"
#define SQL_REASONS \
	"(CASE WHEN r.status = 'not_counted' THEN '" STORE_HELD_REASON "' || " \
	"  coalesce('; ' || " SQL_EXTRACT_REASONS ", '') ELSE " SQL_EXTRACT_REASONS " END)"

int
store_each_message(struct store *st, const struct store_msg_filter *f, store_msg_fn fn,
                   void *ctx, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT m.id, m.sha256, m.message_id, m.from_addr, m.subject, m.date, "
	             "m.received_at, m.filed_at, m.kind, m.campaign, m.agency, m.agency_by, m.source, "
	             "m.archive_path, m.file, coalesce(r.status, m.status), m.parsed_json, "
	             "m.needs_review, r.id IS NOT NULL, r.agency, r.answers_json, r.choice, "
	             "(SELECT m2.sha256 FROM replies r2 JOIN messages m2 ON m2.id = r2.message "
	             "  WHERE r2.id = r.duplicate_of), "
	             "(SELECT m3.sha256 FROM replies r3 JOIN messages m3 ON m3.id = r3.message "
	             "  WHERE r3.id = r.superseded_by), "
	             SQL_PENDING_REVIEW ", "
	             "(SELECT count(*) FROM corrections c WHERE c.sha256 = m.sha256), "
	             SQL_REASONS ", m.unverified, "
	             "r.id IS NOT NULL AND m.agency IS r.agency AND registered_by(m.agency_by), "
	             "coalesce(r.confirmed, 0) "
	             "FROM messages m LEFT JOIN replies r ON r.message = m.id "
	             "WHERE (?1 IS NULL OR m.campaign = ?1) "
	             "AND (?2 IS NULL OR substr(m.sha256, 1, length(?2)) = lower(?2)) "
	             "AND (?3 IS NULL OR m.message_id = ?3) "
	             "AND (?4 IS NULL OR m.archive_path = ?4) "
	             "AND (?5 IS NULL OR (CASE WHEN r.id IS NOT NULL THEN r.agency ELSE m.agency END) = ?5) "
	             "AND (?6 = 0 OR " SQL_PENDING_REVIEW ") "
	             "ORDER BY m.id", &s, err))
		return err->code;
	bind_text(s, 1, f->campaign);
	bind_text(s, 2, f->sha_prefix);
	bind_text(s, 3, f->message_id);
	bind_text(s, 4, f->archive_path);
	bind_text(s, 5, f->agency);
	sqlite3_bind_int(s, 6, f->pending_review);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_msg_info m = {
			.id = sqlite3_column_int64(s, 0),
			.sha256 = col_text(s, 1),
			.message_id = col_text(s, 2),
			.from = col_text(s, 3),
			.subject = col_text(s, 4),
			.date = col_text(s, 5),
			.received_at = col_text(s, 6),
			.filed_at = col_text(s, 7),
			.kind = col_text(s, 8),
			.campaign = col_text(s, 9),
			.agency = col_text(s, 10),
			.agency_by = col_text(s, 11),
			.source = col_text(s, 12),
			.archive_path = col_text(s, 13),
			.file = col_text(s, 14),
			.status = col_text(s, 15),
			.parsed_json = col_text(s, 16),
			.needs_review = sqlite3_column_int(s, 17) != 0,
			.is_reply = sqlite3_column_int(s, 18) != 0,
			.reply_agency = col_text(s, 19),
			.answers_json = col_text(s, 20),
			.choice = col_text(s, 21),
			.duplicate_of = col_text(s, 22),
			.superseded_by = col_text(s, 23),
			.pending_review = sqlite3_column_int(s, 24) != 0,
			.n_corrections = sqlite3_column_int64(s, 25),
			.reasons = col_text(s, 26),
			.unverified = sqlite3_column_int(s, 27) != 0,
			.registered = sqlite3_column_int(s, 28) != 0,
			.confirmed = sqlite3_column_int(s, 29) != 0,
		};
		if (fn(ctx, &m) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "messages");
}

int
store_each_answer(struct store *st, const char *campaign, const char *sha256, store_answer_fn fn,
                  void *ctx, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	/* answers_json is ykien's own output (extract_json_answers): SQLite's
	 * JSON functions take it apart, so no second JSON parser lives here */
	if (prep(st, "SELECT m.sha256, j.key, "
	             "CASE j.type WHEN 'object' THEN json_extract(j.value, '$.text') "
	             "  WHEN 'text' THEN j.value END, "
	             "CASE j.type WHEN 'object' THEN coalesce((SELECT group_concat(c.value, ' ') "
	             "  FROM json_each(j.value, '$.choices') c), '') END "
	             "FROM replies r JOIN messages m ON m.id = r.message, json_each(r.answers_json) j "
	             "WHERE (?1 IS NULL OR r.campaign = ?1) AND (?2 IS NULL OR m.sha256 = ?2) "
	             "AND (?2 IS NOT NULL OR r.status = 'effective') ORDER BY r.id, j.id", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	bind_text(s, 2, sha256);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_answer a = {
			.sha256 = col_text(s, 0),
			.section = col_text(s, 1),
			.text = col_text(s, 2),
			.choices = col_text(s, 3),
		};
		if (fn(ctx, &a) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "answers");
}

int
store_correction_add(struct store *st, const struct store_correction *c, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "INSERT INTO corrections (sha256, field, value, who, at) VALUES (?1, ?2, ?3, ?4, ?5)",
	         &s, err))
		return err->code;
	bind_text(s, 1, c->sha256);
	bind_text(s, 2, c->field);
	bind_text(s, 3, c->value);
	bind_text(s, 4, c->who);
	bind_text(s, 5, c->at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "insert correction");
}

int
store_each_correction(struct store *st, const char *campaign, const char *sha256,
                      store_correction_fn fn, void *ctx, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT sha256, field, value, who, at FROM corrections "
	             "WHERE (?1 IS NULL OR sha256 IN (SELECT sha256 FROM messages WHERE campaign = ?1)) "
	             "AND (?2 IS NULL OR sha256 = ?2) ORDER BY id", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	bind_text(s, 2, sha256);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_correction c = {
			.sha256 = col_text(s, 0),
			.field = col_text(s, 1),
			.value = col_text(s, 2),
			.who = col_text(s, 3),
			.at = col_text(s, 4),
		};
		if (fn(ctx, &c) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "corrections");
}

int
store_each_assignment(struct store *st, const char *sha256, store_correction_fn fn, void *ctx,
                      struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT sha256, coalesce(previous, ''), agency, who, at FROM assignments "
	             "WHERE sha256 = ?1 ORDER BY id", &s, err))
		return err->code;
	bind_text(s, 1, sha256);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		/* field: the agency before, value: the agency after */
		struct store_correction c = {
			.sha256 = col_text(s, 0),
			.field = col_text(s, 1),
			.value = col_text(s, 2),
			.who = col_text(s, 3),
			.at = col_text(s, 4),
		};
		if (fn(ctx, &c) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "assignments");
}

struct refile_row {
	int64_t id;
	char *mid;
	char *answers;
	bool registered, confirmed;
	const char *status;
	int64_t dup_of, superseded_by;
};

/*
 * Replays the filing decision of store_file_message() (store_filing_decide)
 * over every reply of one agency to one campaign, in filing order, after a
 * reply joined or left the agency or a person confirmed one: each reply is
 * decided against the earlier ones as they stood when it came.  Quadratic
 * in the replies of one agency, which are a handful.  AGENCY NULL:
 * unassigned replies, all effective.
 */
static int
refile(struct store *st, const char *campaign, const char *agency, struct yk_err *err)
{
	struct refile_row *v = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *s;
	int rc, status = 0;
	bool earlier_registered = false;

	if (prep(st, "SELECT r.id, m.message_id, r.answers_json, "
	             "m.agency IS r.agency AND registered_by(m.agency_by), r.confirmed FROM replies r "
	             "JOIN messages m ON m.id = r.message WHERE r.campaign = ?1 AND r.agency IS ?2 "
	             "ORDER BY r.id", &s, err))
		return err->code;
	bind_text(s, 1, campaign);
	bind_text(s, 2, agency);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			size_t c = cap ? cap * 2 : 16;
			struct refile_row *nv = realloc(v, c * sizeof *nv);
			if (!nv) {
				status = yk_err_set(err, YK_ENOMEM, "out of memory");
				break;
			}
			v = nv;
			cap = c;
		}
		memset(&v[n], 0, sizeof v[n]);
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].mid = col_text(s, 1) ? strdup(col_text(s, 1)) : NULL;
		v[n].answers = strdup(col_text(s, 2) ? col_text(s, 2) : "{}");
		v[n].registered = sqlite3_column_int(s, 3) != 0;
		v[n].confirmed = sqlite3_column_int(s, 4) != 0;
		n++;
		if ((col_text(s, 1) && !v[n - 1].mid) || !v[n - 1].answers) {
			status = yk_err_set(err, YK_ENOMEM, "out of memory");
			break;
		}
	}
	sqlite3_finalize(s);
	if (!status && rc != SQLITE_DONE)
		status = db_err(st, err, "refile");
	for (size_t i = 0; i < n && !status; i++) {
		struct store_filing_case c = {
			.has_agency = agency != NULL,
			.trusted = v[i].registered || v[i].confirmed,
			.earlier_registered = earlier_registered,
		};

		for (size_t j = 0; j < i && agency; j++) {
			if (!((v[i].mid && v[j].mid && !strcmp(v[i].mid, v[j].mid)) ||
			      !strcmp(v[i].answers, v[j].answers)))
				continue;
			if (!c.dup_any)
				c.dup_any = v[j].id;
			if (!c.dup_counted && strcmp(v[j].status, "not_counted"))
				c.dup_counted = v[j].id;
		}
		switch (store_filing_decide(&c, &v[i].dup_of)) {
		case STORE_FILING_DUPLICATE:
			v[i].status = "duplicate";
			break;
		case STORE_FILING_HELD:
			v[i].status = "not_counted";
			break;
		case STORE_FILING_EFFECTIVE:
			v[i].status = "effective";
			for (size_t j = 0; j < i && agency; j++) {
				if (strcmp(v[j].status, "effective") && strcmp(v[j].status, "not_counted"))
					continue;
				v[j].status = "superseded";
				v[j].superseded_by = v[i].id;
			}
			break;
		}
		earlier_registered |= v[i].registered;
	}
	for (size_t i = 0; i < n && !status; i++) {
		if (prep(st, "UPDATE replies SET status = ?2, duplicate_of = ?3, superseded_by = ?4 "
		             "WHERE id = ?1", &s, err)) {
			status = err->code;
			break;
		}
		sqlite3_bind_int64(s, 1, v[i].id);
		bind_text(s, 2, v[i].status);
		if (v[i].dup_of)
			sqlite3_bind_int64(s, 3, v[i].dup_of);
		if (v[i].superseded_by)
			sqlite3_bind_int64(s, 4, v[i].superseded_by);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			status = db_err(st, err, "refile");
			break;
		}
		if (prep(st, "UPDATE messages SET status = ?2 WHERE id = "
		             "(SELECT message FROM replies WHERE id = ?1)", &s, err)) {
			status = err->code;
			break;
		}
		sqlite3_bind_int64(s, 1, v[i].id);
		bind_text(s, 2, v[i].status);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			status = db_err(st, err, "refile");
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].mid);
		free(v[i].answers);
	}
	free(v);
	return status;
}

int
store_assign(struct store *st, const char *sha256, const char *agency, const char *who,
             const char *at, struct yk_err *err)
{
	sqlite3_stmt *s;
	char *campaign = NULL, *previous = NULL;
	bool had_previous = false;
	int rc, status = 0;

	/* the reply's campaign and the agency it is filed under now */
	if (prep(st, "SELECT r.campaign, r.agency FROM replies r JOIN messages m ON m.id = r.message "
	             "WHERE m.sha256 = ?1 ORDER BY r.id LIMIT 1", &s, err))
		return err->code;
	bind_text(s, 1, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		campaign = strdup(col_text(s, 0));
		had_previous = col_text(s, 1) != NULL;
		previous = had_previous ? strdup(col_text(s, 1)) : NULL;
		if (!campaign || (had_previous && !previous))
			status = yk_err_set(err, YK_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		status = yk_err_set(err, YK_ENOTFOUND, "%.12s is not a form reply to a campaign; "
		                    "only replies are filed under an agency", sha256);
	} else {
		status = db_err(st, err, "assign");
	}
	sqlite3_finalize(s);
	if (status)
		goto out;
	if (prep(st, "INSERT INTO assignments (sha256, agency, previous, who, at) "
	             "VALUES (?1, ?2, ?3, ?4, ?5)", &s, err)) {
		status = err->code;
		goto out;
	}
	bind_text(s, 1, sha256);
	bind_text(s, 2, agency);
	bind_text(s, 3, previous);
	bind_text(s, 4, who);
	bind_text(s, 5, at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		status = db_err(st, err, "insert assignment");
		goto out;
	}
	/* a person filing it under an agency vouches for it */
	if (prep(st, "UPDATE replies SET agency = ?2, confirmed = 1 WHERE message IN "
	             "(SELECT id FROM messages WHERE sha256 = ?1)", &s, err)) {
		status = err->code;
		goto out;
	}
	bind_text(s, 1, sha256);
	bind_text(s, 2, agency);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		status = db_err(st, err, "assign");
		goto out;
	}
	/* both the agency it left and the one it joined may change what counts */
	if (refile(st, campaign, previous, err) || refile(st, campaign, agency, err))
		status = err->code;
out:
	free(campaign);
	free(previous);
	return status;
}

int
store_confirm(struct store *st, const char *sha256, struct yk_err *err)
{
	sqlite3_stmt *s;
	char *campaign = NULL, *agency = NULL;
	int rc, status = 0;

	if (prep(st, "UPDATE replies SET confirmed = 1 WHERE message IN "
	             "(SELECT id FROM messages WHERE sha256 = ?1)", &s, err))
		return err->code;
	bind_text(s, 1, sha256);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_err(st, err, "confirm");
	if (prep(st, "SELECT r.campaign, r.agency FROM replies r JOIN messages m ON m.id = r.message "
	             "WHERE m.sha256 = ?1 ORDER BY r.id LIMIT 1", &s, err))
		return err->code;
	bind_text(s, 1, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		campaign = strdup(col_text(s, 0));
		agency = col_text(s, 1) ? strdup(col_text(s, 1)) : NULL;
		if (!campaign || (col_text(s, 1) && !agency))
			status = yk_err_set(err, YK_ENOMEM, "out of memory");
	} else if (rc == SQLITE_DONE) {
		status = yk_err_set(err, YK_ENOTFOUND, "%.12s is not a form reply to a campaign", sha256);
	} else {
		status = db_err(st, err, "confirm");
	}
	sqlite3_finalize(s);
	if (!status && refile(st, campaign, agency, err))
		status = err->code;
	free(campaign);
	free(agency);
	return status;
}

int
store_each_file(struct store *st, const char *mailbox, store_file_fn fn, void *ctx,
                struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "SELECT file FROM messages WHERE mailbox = ?1 AND file IS NOT NULL", &s, err))
		return err->code;
	bind_text(s, 1, mailbox);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(ctx, col_text(s, 0)) != 0)
			break;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "files");
}

int
store_each_ack_due(struct store *st, store_ack_fn fn, void *ctx, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	/* a form reply of a known agency, by its registered From address, that
	 * counts (not a duplicate), with no acknowledgment recorded, or one
	 * recorded and not sent yet (a crash between record and send) */
	if (prep(st, "SELECT m.sha256, m.message_id, m.from_addr, m.campaign, m.agency, m.subject, "
	             "a.message_id, coalesce(a.attempts, 0) FROM messages m "
	             "LEFT JOIN acks a ON a.sha256 = m.sha256 "
	             "WHERE m.kind = 'form_reply' AND m.agency IS NOT NULL AND m.agency_by = 'from' "
	             "AND m.unverified = 0 "
	             "AND m.status IN ('effective', 'superseded') "
	             "AND (a.sha256 IS NULL OR a.state = 'pending') ORDER BY m.id", &s, err))
		return err->code;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_ack a = {
			.sha256 = col_text(s, 0),
			.reply_message_id = col_text(s, 1),
			.from = col_text(s, 2),
			.campaign = col_text(s, 3),
			.agency = col_text(s, 4),
			.subject = col_text(s, 5),
			.ack_message_id = col_text(s, 6),
			.attempts = sqlite3_column_int(s, 7),
		};
		if (fn(ctx, &a) != 0)
			break;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "acks");
}

int
store_ack_set(struct store *st, const char *sha256, const char *message_id, const char *address,
              const char *state, int attempts, const char *at, const char *error,
              struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "INSERT INTO acks (sha256, message_id, address, state, attempts, created_at, "
	             "sent_at, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	             "CASE WHEN ?4 = 'sent' THEN ?6 END, ?7) "
	             "ON CONFLICT(sha256) DO UPDATE SET state = excluded.state, "
	             "attempts = excluded.attempts, sent_at = excluded.sent_at, error = excluded.error",
	         &s, err))
		return err->code;
	bind_text(s, 1, sha256);
	bind_text(s, 2, message_id);
	bind_text(s, 3, address);
	bind_text(s, 4, state);
	sqlite3_bind_int(s, 5, attempts);
	bind_text(s, 6, at);
	bind_text(s, 7, error);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "ack");
}

/* What after_filing became for UIDS: done, or (WHY) refused at NOW with a
 * wait from BASE; one statement per UID, in one transaction. */
static int
server_outcome(struct store *st, const char *mailbox, uint32_t uidvalidity, const uint32_t *uids,
               size_t n, const char *why, int64_t now, int64_t base, struct yk_err *err)
{
	static const char done_sql[] = "UPDATE messages SET server_done = 1 WHERE mailbox = ?1 AND "
	                               "uidvalidity = ?2 AND uid = ?3";
	/* the wait doubles with each refusal, from BASE up to a day */
	static const char refused_sql[] =
		"UPDATE messages SET server_attempts = server_attempts + 1, "
		"server_next = ?4 + min(?5 * (1 << min(server_attempts, 16)), 86400), "
		"server_error = ?6 WHERE mailbox = ?1 AND uidvalidity = ?2 AND uid = ?3";
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (store_begin(st, err))
		return err->code;
	for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
		if (prep_cached(st, why ? refused_sql : done_sql, &s, err)) {
			store_rollback(st);
			return err->code;
		}
		bind_text(s, 1, mailbox);
		sqlite3_bind_int64(s, 2, uidvalidity);
		sqlite3_bind_int64(s, 3, uids[i]);
		if (why) {
			sqlite3_bind_int64(s, 4, now);
			sqlite3_bind_int64(s, 5, base > 0 ? base : 1);
			bind_text(s, 6, why);
		}
		rc = sqlite3_step(s);
		release(st, s);
	}
	if (rc != SQLITE_DONE) {
		db_err(st, err, why ? "server refused" : "server_done");
		store_rollback(st);
		return err->code;
	}
	return store_commit(st, err);
}

int
store_server_done(struct store *st, const char *mailbox, uint32_t uidvalidity,
                  const uint32_t *uids, size_t n, struct yk_err *err)
{
	return server_outcome(st, mailbox, uidvalidity, uids, n, NULL, 0, 0, err);
}

int
store_server_refused(struct store *st, const char *mailbox, uint32_t uidvalidity,
                     const uint32_t *uids, size_t n, int64_t now, int64_t base,
                     const char *why, struct yk_err *err)
{
	return server_outcome(st, mailbox, uidvalidity, uids, n, why ? why : "refused", now, base,
	                      err);
}

int
store_server_waiting(struct store *st, const char *mailbox, int64_t *n, char *why, size_t whysz,
                     struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if (why && whysz)
		why[0] = '\0';
	if (prep(st, "SELECT count(*), (SELECT server_error FROM messages WHERE mailbox = ?1 AND "
	             "server_done = 0 AND server_attempts > 0 ORDER BY id DESC LIMIT 1) FROM messages "
	             "WHERE mailbox = ?1 AND server_done = 0 AND server_attempts > 0", &s, err))
		return err->code;
	bind_text(s, 1, mailbox);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(s, 0);
		if (why && whysz && col_text(s, 1))
			snprintf(why, whysz, "%s", col_text(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_err(st, err, "server waiting");
}

int
store_server_pending(struct store *st, const char *mailbox, uint32_t uidvalidity, int64_t now,
                     struct store_pending *out, size_t max, size_t *n, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if (prep(st, "SELECT uid, kind, campaign IS NOT NULL, agency, message_id FROM messages "
	             "WHERE mailbox = ?1 "
	             "AND uidvalidity = ?2 AND uid IS NOT NULL AND server_done = 0 "
	             "AND server_next <= ?4 ORDER BY uid LIMIT ?3", &s, err))
		return err->code;
	bind_text(s, 1, mailbox);
	sqlite3_bind_int64(s, 2, uidvalidity);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)max);
	sqlite3_bind_int64(s, 4, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct store_pending *p = &out[(*n)++];
		p->uid = (uint32_t)sqlite3_column_int64(s, 0);
		snprintf(p->kind, sizeof p->kind, "%s", col_text(s, 1) ? col_text(s, 1) : "");
		p->campaign = sqlite3_column_int(s, 2) != 0;
		snprintf(p->agency, sizeof p->agency, "%s", col_text(s, 3) ? col_text(s, 3) : "");
		if (!col_text(s, 4) || strlen(col_text(s, 4)) >= sizeof p->message_id)
			p->message_id[0] = '\0';
		else
			memcpy(p->message_id, col_text(s, 4), strlen(col_text(s, 4)) + 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "server pending");
}

static int
digest_one(struct store *st, const char *sql, const char *day, store_digest_fn fn, void *ctx,
           struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, sql, &s, err))
		return err->code;
	if (day)
		bind_text(s, 1, day);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_digest d = {
			.day = col_text(s, 0), .message_id = col_text(s, 1), .since = col_text(s, 2),
			.until = col_text(s, 3), .state = col_text(s, 4),
			.attempts = sqlite3_column_int(s, 5), .done = col_text(s, 6),
			.sent_at = col_text(s, 7), .error = col_text(s, 8), .refused = col_text(s, 9),
		};
		fn(ctx, &d);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "digests");
}

#define DIGEST_COLUMNS "SELECT day, message_id, since, until, state, attempts, done, sent_at, " \
                       "error, refused FROM digests "

int
store_digest_get(struct store *st, const char *day, store_digest_fn fn, void *ctx,
                 struct yk_err *err)
{
	return digest_one(st, DIGEST_COLUMNS "WHERE day = ?1", day, fn, ctx, err);
}

int
store_digest_newest(struct store *st, store_digest_fn fn, void *ctx, struct yk_err *err)
{
	return digest_one(st, DIGEST_COLUMNS "ORDER BY day DESC LIMIT 1", NULL, fn, ctx, err);
}

int
store_digest_last_sent(struct store *st, char until[32], struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	until[0] = '\0';
	if (prep(st, "SELECT until FROM digests WHERE state = 'sent' ORDER BY day DESC LIMIT 1", &s,
	         err))
		return err->code;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW && col_text(s, 0))
		snprintf(until, 32, "%s", col_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_err(st, err, "digests");
}

int
store_digest_set(struct store *st, const struct store_digest *d, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "INSERT INTO digests (day, message_id, since, until, state, attempts, done, "
	             "sent_at, error, refused) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	             "ON CONFLICT(day) DO UPDATE SET state = excluded.state, "
	             "attempts = excluded.attempts, done = excluded.done, "
	             "sent_at = excluded.sent_at, error = excluded.error, "
	             "refused = excluded.refused", &s, err))
		return err->code;
	bind_text(s, 1, d->day);
	bind_text(s, 2, d->message_id);
	bind_text(s, 3, d->since);
	bind_text(s, 4, d->until);
	bind_text(s, 5, d->state);
	sqlite3_bind_int(s, 6, d->attempts);
	bind_text(s, 7, d->done);
	bind_text(s, 8, d->sent_at);
	bind_text(s, 9, d->error);
	bind_text(s, 10, d->refused);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "digest");
}

int
store_digest_supersede(struct store *st, const char *day, struct yk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prep(st, "UPDATE digests SET state = 'failed', error = "
	             "coalesce(error || '; ', '') || 'superseded by the digest of ' || ?1 "
	             "WHERE state = 'pending' AND day < ?1", &s, err))
		return err->code;
	bind_text(s, 1, day);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_err(st, err, "digests");
}
