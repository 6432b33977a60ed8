/*
 * store_schema — the schema.  Migrations are ordered SQL scripts; the
 * index of the last one applied is PRAGMA user_version.  Never edit a
 * migration that has shipped: add the next one.
 */
#include "store_int.h"

#include <stdio.h>

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
	/* 11: a forwarded reply (lib/forward.h): the forwarded sender beside
	 * the agency that forwarded it */
	"ALTER TABLE messages ADD COLUMN forwarded_from TEXT;",
	/* 12: the letter sent by ykien itself (lib/dispatch.h), one per
	 * campaign and agency, recorded with its Message-ID and random token
	 * before it is sent; a reply naming either is that agency's */
	"CREATE TABLE dispatches ("
	"  campaign TEXT NOT NULL,"
	"  agency TEXT NOT NULL,"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  token TEXT NOT NULL UNIQUE,"
	"  reply_address TEXT,"
	"  recipients TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('pending','sent','retry','failed')),"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  created_at TEXT NOT NULL,"
	"  sent_at TEXT,"
	"  error TEXT,"
	"  bounced_at TEXT,"
	"  bounce_sha256 TEXT,"
	"  PRIMARY KEY (campaign, agency)"
	");",
	/* 13: the replies held back, looked up by the filing decision of every
	 * new reply of their agency: without it, each filing read all of the
	 * agency's replies, and a first sync slowed down as it went on */
	"CREATE INDEX replies_not_counted ON replies(campaign, agency) WHERE status = 'not_counted';",
	/* 14: the two indexes a first sync writes at random places, on the
	 * message's SHA-256 and on a reply's answers, hold a 64-bit key of the
	 * text (text_key(), store.c), not the text: 64 bytes and 150 or more
	 * a row.  A first sync of 100,000 messages changed 239,042 pages in
	 * its commits, now 145,934 */
	"ALTER TABLE messages ADD COLUMN sha256_key INTEGER;"
	"UPDATE messages SET sha256_key = text_key(sha256);"
	"DROP INDEX messages_sha;"
	"CREATE INDEX messages_sha_key ON messages(sha256_key);"
	"ALTER TABLE replies ADD COLUMN answers_json_key INTEGER;"
	"UPDATE replies SET answers_json_key = text_key(answers_json);"
	"DROP INDEX replies_answers;"
	"CREATE INDEX replies_answers_key ON replies(campaign, agency, answers_json_key);",
};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION, "schema version and migrations agree");

static int
on_version(sqlite3_stmt *s, void *ctx)
{
	*(int *)ctx = sqlite3_column_int(s, 0);
	return 0;
}

int
store_schema_version(struct store *st, int *version, struct yk_err *err)
{
	*version = 0;
	return store_run(st, "user_version", "PRAGMA user_version", on_version, version, err, "");
}

struct migration {
	const char *path;
};

/* Every migration not applied yet, in one transaction with the version. */
static int
migrate_tx(struct store *st, void *ctx, struct yk_err *err)
{
	const struct migration *m = ctx;
	int v;

	if (store_schema_version(st, &v, err))
		return err->code;
	if (v > N_MIGRATIONS)
		return yk_err_set(err, YK_ESTATE,
		                  "%s: database schema version %d is newer than this ykien understands "
		                  "(%d); use the newer ykien or restore a backup", m->path, v,
		                  N_MIGRATIONS);
	for (; v < N_MIGRATIONS; v++) {
		char pragma[64];
		if (store_exec(st, migrations[v], err))
			return err->code;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (store_exec(st, pragma, err))
			return err->code;
	}
	return 0;
}

int
store_migrate(struct store *st, const char *path, struct yk_err *err)
{
	struct migration m = { .path = path };

	return store_tx(st, migrate_tx, &m, err);
}
