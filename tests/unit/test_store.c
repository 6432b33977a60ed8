/* Unit tests for lib/store: migrations, refusing a newer schema, the
 * high-water mark, and the filing decisions (duplicate, superseded, held
 * back until a person confirms it) as the store makes them, when filing
 * and when filing again; the rule itself is tested in test_filing.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"

static char dir[] = "/tmp/yk-store-XXXXXX";
static char path[300];
static int seq;

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[400];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct store *
fresh(void)
{
	struct store *st = NULL;
	struct yk_err err = { 0 };

	snprintf(path, sizeof path, "%s/db%d", dir, ++seq);
	assert_int_equal(store_open(path, &st, &err), 0);
	return st;
}

static void
test_new_database_is_migrated(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	int v = -1;
	(void)state;

	assert_int_equal(store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	store_close(st);
	/* opening again keeps it as it is */
	assert_int_equal(store_open(path, &st, &err), 0);
	assert_int_equal(store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	store_close(st);
}

static void
test_newer_database_refused(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	sqlite3 *db;
	(void)state;

	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, &err), YK_ESTATE);
	assert_null(st);
	assert_non_null(strstr(err.msg, "schema version 99 is newer"));
}

static void
test_mailbox_state(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_mailbox m, v = { .uidvalidity = 77, .last_uid = 12 };
	(void)state;

	assert_int_equal(store_mailbox_get(st, "imap://x/INBOX", &m, &err), 0);
	assert_false(m.found);
	assert_int_equal(store_mailbox_set(st, "imap://x/INBOX", &v, &err), 0);
	v.last_uid = 13;
	assert_int_equal(store_mailbox_set(st, "imap://x/INBOX", &v, &err), 0);
	assert_int_equal(store_mailbox_get(st, "imap://x/INBOX", &m, &err), 0);
	assert_true(m.found);
	assert_int_equal(m.uidvalidity, 77);
	assert_int_equal(m.last_uid, 13);
	store_close(st);
}

/* ---- checkpoints on another connection ----------------------------------- */

static long
file_size(const char *p)
{
	FILE *f = fopen(p, "rb");
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	fclose(f);
	return n;
}

/* N commits of one mailbox row each, the WAL's size after the last */
static int
commits(struct store *st, int from, int n)
{
	struct yk_err err = { 0 };
	struct store_mailbox v = { .uidvalidity = 1 };
	char url[300];

	for (int i = from; i < from + n; i++) {
		snprintf(url, sizeof url, "imap://x/F%04d-%0200d", i, i);
		v.last_uid = (uint32_t)i;
		assert_int_equal(store_mailbox_set(st, url, &v, &err), 0);
	}
	return store_wal_pages(st);
}

static void
test_checkpoint_elsewhere(void **state)
{
	struct store *st = fresh();
	struct store_ckpt *ck = NULL;
	struct yk_err err = { 0 };
	char db[320];
	long before;
	int grown, n;
	(void)state;

	snprintf(db, sizeof db, "%s", path);
	/* the store's own limit, handed back when replaced */
	assert_int_equal(store_wal_limit(st, 0), STORE_WAL_PAGES);
	/* none: the WAL only grows, the database file stays as migrated */
	assert_int_equal(store_ckpt_open(st, &ck, &err), 0);
	assert_int_equal(store_ckpt_run(ck, &err), 0); /* the schema, copied */
	before = file_size(db);
	grown = commits(st, 0, 300);
	assert_true(grown >= 300);
	assert_int_equal(file_size(db), before);
	/* the second connection copies it into the file; the next commit
	 * starts the WAL over */
	assert_int_equal(store_ckpt_run(ck, &err), 0);
	assert_true(file_size(db) > before);
	n = commits(st, 300, 1);
	assert_true(n > 0 && n < 10);
	store_ckpt_close(ck);
	/* a limit of the store's own checkpoints in the commit that crosses it */
	assert_int_equal(store_wal_limit(st, 50), 0);
	assert_true(commits(st, 400, 60) < 50);
	assert_int_equal(store_wal_limit(st, STORE_WAL_PAGES), 50);
	/* what was committed is all there */
	{
		struct store_mailbox m;
		char url[300];
		snprintf(url, sizeof url, "imap://x/F%04d-%0200d", 299, 299);
		assert_int_equal(store_mailbox_get(st, url, &m, &err), 0);
		assert_true(m.found);
		assert_int_equal(m.last_uid, 299);
	}
	store_close(st);
}

static void
msg(struct store_msg *m, const char *sha, const char *mid, const char *agency, const char *answers,
    uint32_t uid)
{
	memset(m, 0, sizeof *m);
	m->sha256 = sha;
	m->origin = "imap";
	m->mailbox = "imap://x/INBOX";
	m->uidvalidity = 1;
	m->uid = uid;
	m->size = 10;
	m->filed_at = "2024-01-20T00:00:00Z";
	m->archive_path = sha;
	m->message_id = mid;
	m->kind = "form_reply";
	m->campaign = "118";
	m->agency = agency;
	m->parsed_json = "\"kind\":\"form_reply\"";
	m->answers_json = answers;
	m->choice = "a";
}

static const char *
file(struct store *st, const struct store_msg *m)
{
	struct yk_err err = { 0 };
	const char *status = NULL;

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_file_message(st, m, NULL, &status, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	return status;
}

struct seen {
	int n;
	char agency[8][32];
	char sha[8][65];
};

static int
on_reply(void *ctx, const struct store_reply *r)
{
	struct seen *s = ctx;
	snprintf(s->agency[s->n], 32, "%s", r->agency);
	snprintf(s->sha[s->n], 65, "%s", r->sha256);
	s->n++;
	return 0;
}

static void
test_duplicates_and_superseding(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_msg m;
	struct seen s = { 0 };
	bool found;
	(void)state;

	msg(&m, "aa", "<1@x>", "SNV", "{\"p\":1}", 1);
	assert_string_equal(file(st, &m), "effective");
	/* the same Message-ID again, other bytes: a duplicate */
	msg(&m, "bb", "<1@x>", "SNV", "{\"p\":1}", 2);
	assert_string_equal(file(st, &m), "duplicate");
	/* the same answers under another Message-ID: a duplicate too */
	msg(&m, "cc", "<2@x>", "SNV", "{\"p\":1}", 3);
	assert_string_equal(file(st, &m), "duplicate");
	/* different answers: supersedes the first */
	msg(&m, "dd", "<3@x>", "SNV", "{\"p\":2}", 4);
	assert_string_equal(file(st, &m), "effective");
	/* another agency is independent */
	msg(&m, "ee", "<4@x>", "STP", "{\"p\":2}", 5);
	assert_string_equal(file(st, &m), "effective");
	/* not a form reply: not counted */
	msg(&m, "ff", "<5@x>", NULL, NULL, 6);
	m.kind = "auto_reply";
	m.campaign = NULL;
	assert_string_equal(file(st, &m), "not_counted");

	assert_int_equal(store_each_effective_reply(st, "118", on_reply, &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.agency[0], "SNV");
	assert_string_equal(s.sha[0], "dd");
	assert_string_equal(s.agency[1], "STP");
	assert_int_equal(store_has_sha(st, "cc", &found, &err), 0);
	assert_true(found);
	assert_int_equal(store_has_uid(st, "imap://x/INBOX", 1, 4, &found, &err), 0);
	assert_true(found);
	assert_int_equal(store_has_uid(st, "imap://x/INBOX", 2, 4, &found, &err), 0);
	assert_false(found);
	store_close(st);
}

static void
test_same_uid_twice_is_refused(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_msg m;
	(void)state;

	msg(&m, "aa", "<1@x>", "SNV", "{}", 1);
	file(st, &m);
	msg(&m, "a2", "<9@x>", "SNV", "{\"x\":1}", 1);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_file_message(st, &m, NULL, NULL, &err), YK_EDB);
	store_rollback(st);
	store_close(st);
}

/* ---- the filing rule, when filing and when filing again (the rule alone:
 * test_filing.c) ---------------------------------------------------------- */

struct one_msg {
	char status[16];
	char superseded_by[65];
	char duplicate_of[65];
	char reasons[256];
	bool pending, registered, confirmed, found;
};

static int
on_msg(void *ctx, const struct store_msg_info *m)
{
	struct one_msg *o = ctx;
	snprintf(o->status, sizeof o->status, "%s", m->status);
	snprintf(o->superseded_by, sizeof o->superseded_by, "%s",
	         m->superseded_by ? m->superseded_by : "");
	snprintf(o->duplicate_of, sizeof o->duplicate_of, "%s",
	         m->duplicate_of ? m->duplicate_of : "");
	snprintf(o->reasons, sizeof o->reasons, "%s", m->reasons ? m->reasons : "");
	o->pending = m->pending_review;
	o->registered = m->registered;
	o->confirmed = m->confirmed;
	o->found = true;
	return 0;
}

/* The filing status of message SHA (6 hex digits or more) as store_each_message sees it. */
static struct one_msg
status_of(struct store *st, const char *sha)
{
	struct store_msg_filter f = { .sha_prefix = sha };
	struct one_msg o = { 0 };
	struct yk_err err = { 0 };

	assert_int_equal(store_each_message(st, &f, on_msg, &o, &err), 0);
	assert_true(o.found);
	return o;
}

/* The export status (the --json contract) of SHA. */
static int
on_export(void *ctx, const struct store_export *e)
{
	char *want = ctx;
	if (!strcmp(e->sha256, want))
		snprintf(want, 80, "%s", e->status);
	return 0;
}

static void
export_status(struct store *st, const char *sha, char out[80])
{
	struct yk_err err = { 0 };

	snprintf(out, 80, "%s", sha);
	assert_int_equal(store_each_export(st, "118", on_export, out, &err), 0);
}

/* The effective reply of AGENCY, "" when none. */
static void
effective_of(struct store *st, const char *agency, char out[65])
{
	struct seen s = { 0 };
	struct yk_err err = { 0 };

	out[0] = '\0';
	assert_int_equal(store_each_effective_reply(st, "118", on_reply, &s, &err), 0);
	for (int i = 0; i < s.n; i++)
		if (!strcmp(s.agency[i], agency))
			snprintf(out, 65, "%s", s.sha[i]);
}

/* A reply of agency SYT to campaign 118, identified BY ("from", "content"...). */
static const char *
reply(struct store *st, const char *sha, const char *by, const char *answers, uint32_t uid)
{
	struct store_msg m;
	char mid[40];

	snprintf(mid, sizeof mid, "<%s@x>", sha);
	msg(&m, sha, NULL, "SYT", answers, uid);
	m.message_id = strdup(mid);
	m.agency_by = by;
	{
		const char *st_ = file(st, &m);
		free((char *)m.message_id);
		return st_;
	}
}

static void
test_content_after_registered_is_held(void **state)
{
	struct store *st = fresh();
	char eff[65], ex[80];
	struct one_msg o;
	(void)state;

	assert_string_equal(reply(st, "aaaaaa01", "from", "{\"p\":1}", 1), "effective");
	/* a personal mailbox signing "Sở Y tế": filed, not counted */
	assert_string_equal(reply(st, "aaaaaa02", "content", "{\"p\":2}", 2), "not_counted");
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "aaaaaa01");
	o = status_of(st, "aaaaaa02");
	assert_string_equal(o.status, "not_counted");
	assert_true(o.pending);
	assert_false(o.registered);
	assert_string_equal(o.reasons, STORE_HELD_REASON);
	export_status(st, "aaaaaa02", ex);
	assert_string_equal(ex, "not_counted");
	o = status_of(st, "aaaaaa01");
	assert_string_equal(o.status, "effective");
	assert_true(o.registered);
	assert_false(o.pending);
	/* another such reply is held too; resending a held one is its duplicate */
	assert_string_equal(reply(st, "aaaaaa03", "content", "{\"p\":3}", 3), "not_counted");
	assert_string_equal(reply(st, "aaaaaa04", "content", "{\"p\":2}", 4), "duplicate");
	/* a Reply-To or Sender of the agency's registered address counts */
	assert_string_equal(reply(st, "aaaaaa05", "reply_to", "{\"p\":5}", 5), "effective");
	o = status_of(st, "aaaaaa01");
	assert_string_equal(o.status, "superseded");
	assert_string_equal(o.superseded_by, "aaaaaa05");
	/* ... and the held ones before it are moot: superseded by it, no longer to review */
	o = status_of(st, "aaaaaa02");
	assert_string_equal(o.status, "superseded");
	assert_false(o.pending);
	export_status(st, "aaaaaa02", ex);
	assert_string_equal(ex, "superseded");
	assert_string_equal(status_of(st, "aaaaaa03").status, "superseded");
	assert_string_equal(status_of(st, "aaaaaa04").status, "duplicate");
	assert_string_equal(reply(st, "aaaaaa06", "sender", "{\"p\":6}", 6), "effective");
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "aaaaaa06");
	store_close(st);
}

static void
test_registered_after_content_supersedes(void **state)
{
	struct store *st = fresh();
	char eff[65];
	(void)state;

	/* content after content: the agency has no registered reply, the last counts */
	assert_string_equal(reply(st, "bbbbbb01", "content", "{\"p\":1}", 1), "effective");
	assert_string_equal(reply(st, "bbbbbb02", "content", "{\"p\":2}", 2), "effective");
	assert_string_equal(status_of(st, "bbbbbb01").status, "superseded");
	assert_false(status_of(st, "bbbbbb02").pending);
	/* registered after content: supersedes */
	assert_string_equal(reply(st, "bbbbbb03", "from", "{\"p\":3}", 3), "effective");
	assert_string_equal(status_of(st, "bbbbbb02").status, "superseded");
	/* from then on, content waits */
	assert_string_equal(reply(st, "bbbbbb04", "content", "{\"p\":4}", 4), "not_counted");
	/* registered after registered: supersedes, duplicates as before */
	assert_string_equal(reply(st, "bbbbbb05", "from", "{\"p\":5}", 5), "effective");
	assert_string_equal(reply(st, "bbbbbb06", "from", "{\"p\":5}", 6), "duplicate");
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "bbbbbb05");
	store_close(st);
}

static void
test_registered_resend_of_held_counts(void **state)
{
	struct store *st = fresh();
	char eff[65];
	(void)state;

	assert_string_equal(reply(st, "cccccc01", "from", "{\"p\":1}", 1), "effective");
	assert_string_equal(reply(st, "cccccc02", "content", "{\"p\":2}", 2), "not_counted");
	/* the agency sends the same answers again, from its registered address */
	assert_string_equal(reply(st, "cccccc03", "from", "{\"p\":2}", 3), "effective");
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "cccccc03");
	assert_string_equal(status_of(st, "cccccc02").status, "superseded");
	store_close(st);
}

static void
test_confirmed_content_supersedes(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	char eff[65];
	struct one_msg o;
	(void)state;

	assert_string_equal(reply(st, "dddddd01", "from", "{\"p\":1}", 1), "effective");
	assert_string_equal(reply(st, "dddddd02", "content", "{\"p\":2}", 2), "not_counted");
	assert_string_equal(reply(st, "dddddd03", "content", "{\"p\":3}", 3), "not_counted");
	/* a person confirms the first held one (`ykien set`) */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_confirm(st, "dddddd02", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "dddddd02");
	o = status_of(st, "dddddd02");
	assert_true(o.confirmed);
	assert_false(o.pending);
	assert_string_equal(status_of(st, "dddddd01").superseded_by, "dddddd02");
	/* the later one still waits: it would replace a confirmed reply while
	 * the agency has a registered one */
	assert_string_equal(status_of(st, "dddddd03").status, "not_counted");
	assert_true(status_of(st, "dddddd03").pending);
	/* assigning it (to the agency it is filed under) confirms it too */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_assign(st, "dddddd03", "SYT", "tester", "2024-01-25T00:00:00Z", &err),
	                 0);
	assert_int_equal(store_commit(st, &err), 0);
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "dddddd03");
	assert_string_equal(status_of(st, "dddddd02").status, "superseded");
	/* a later registered reply supersedes a confirmed one */
	assert_string_equal(reply(st, "dddddd04", "from", "{\"p\":4}", 4), "effective");
	/* a confirmation of an unknown reply says so */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_confirm(st, "ffffff99", &err), YK_ENOTFOUND);
	store_rollback(st);
	store_close(st);
}

/* What export sees of message SHA: the agency it is filed under now, the
 * extracted members, and the counts of a person's work. */
struct export_seen {
	const char *sha;
	bool found;
	char reply_agency[32], agency_x[32], members[200];
	int64_t n_corrections, n_assignments;
};

static int
on_export_seen(void *ctx, const struct store_export *e)
{
	struct export_seen *x = ctx;

	if (strcmp(e->sha256, x->sha))
		return 0;
	x->found = true;
	snprintf(x->reply_agency, sizeof x->reply_agency, "%s", e->reply_agency ? e->reply_agency : "");
	snprintf(x->agency_x, sizeof x->agency_x, "%s", e->agency_x ? e->agency_x : "");
	snprintf(x->members, sizeof x->members, "%s", e->members ? e->members : "");
	x->n_corrections = e->n_corrections;
	x->n_assignments = e->n_assignments;
	return 0;
}

static int
add_correction(struct store *st, const char *sha, const char *field, const char *value)
{
	struct store_correction c = { .sha256 = sha, .field = field, .value = value, .who = "lan",
		                      .at = "2024-01-26T00:00:00Z" };
	struct yk_err err = { 0 };

	return store_correction_add(st, &c, &err);
}

/* A person says a reply is no reply at all: it counts for nothing, needs
 * no review, and the earlier reply of its agency counts again; a later
 * reply is decided without it. */
static void
test_not_reply(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	char eff[65], ex[80];
	struct one_msg o;
	(void)state;

	assert_string_equal(reply(st, "cccccc01", "from", "{\"p\":1}", 1), "effective");
	assert_string_equal(reply(st, "cccccc02", "from", "{\"p\":2}", 2), "effective");
	assert_string_equal(status_of(st, "cccccc01").status, "superseded");
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(add_correction(st, "cccccc02", "not_reply", "yes"), 0);
	assert_int_equal(store_not_reply(st, "cccccc02", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "cccccc01");
	o = status_of(st, "cccccc02");
	assert_string_equal(o.status, "not_counted");
	assert_false(o.pending);
	assert_string_equal(o.reasons, ""); /* not "held back" */
	assert_string_equal(status_of(st, "cccccc01").superseded_by, "");
	export_status(st, "cccccc02", ex);
	assert_string_equal(ex, "not_counted");
	/* the same answers again are no duplicate of it: they count */
	assert_string_equal(reply(st, "cccccc03", "from", "{\"p\":2}", 3), "effective");
	assert_string_equal(status_of(st, "cccccc01").status, "superseded");
	assert_string_equal(status_of(st, "cccccc02").status, "not_counted");
	/* a later decision on the agency leaves it out too */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_confirm(st, "cccccc03", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_string_equal(status_of(st, "cccccc02").status, "not_counted");
	effective_of(st, "SYT", eff);
	assert_string_equal(eff, "cccccc03");
	store_close(st);
}

static void
test_export_sees_a_persons_work(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_msg m;
	struct export_seen x = { .sha = "eeeeee01" };
	(void)state;

	msg(&m, "eeeeee01", "<e1@x>", NULL, "{\"p\":1}", 1);
	m.parsed_json = "\"kind\":\"form_reply\",\"agency\":null,\"agency_by\":null,"
	                "\"answers\":{\"p\":1},\"ocr\":false";
	assert_string_equal(file(st, &m), "effective");
	assert_int_equal(store_each_export(st, "118", on_export_seen, &x, &err), 0);
	assert_true(x.found);
	assert_string_equal(x.members, "{\"kind\":\"form_reply\",\"ocr\":false}");
	assert_string_equal(x.reply_agency, "");
	assert_int_equal(x.n_assignments, 0);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_assign(st, "eeeeee01", "STP", "lan", "2024-01-25T00:00:00Z", &err), 0);
	assert_int_equal(add_correction(st, "eeeeee01", "p", "2"), 0);
	assert_int_equal(store_commit(st, &err), 0);
	memset(&x, 0, sizeof x);
	x.sha = "eeeeee01";
	assert_int_equal(store_each_export(st, "118", on_export_seen, &x, &err), 0);
	assert_string_equal(x.reply_agency, "STP");
	assert_string_equal(x.agency_x, ""); /* as extracted: none */
	assert_int_equal(x.n_assignments, 1);
	assert_int_equal(x.n_corrections, 1);
	store_close(st);
}

/* Filing again replays the rule: with no person's decision in between,
 * it gives back every status that filing gave. */
static void
test_refile_agrees_with_filing(void **state)
{
	static const struct {
		const char *sha, *by, *answers;
	} steps[] = {
		{ "eeeeee01", "content", "{\"p\":1}" }, { "eeeeee02", "content", "{\"p\":2}" },
		{ "eeeeee03", "from", "{\"p\":3}" },    { "eeeeee04", "content", "{\"p\":4}" },
		{ "eeeeee05", "content", "{\"p\":4}" }, { "eeeeee06", "from", "{\"p\":3}" },
		{ "eeeeee07", "content", "{\"p\":7}" }, { "eeeeee08", "from", "{\"p\":7}" },
		{ "eeeeee09", "content", "{\"p\":9}" }, { "eeeeee10", "sender", "{\"p\":1}" },
	};
	enum { N = sizeof steps / sizeof steps[0] };
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_msg m;
	char before[N][16], by[N][65];
	(void)state;

	for (size_t i = 0; i < N; i++)
		reply(st, steps[i].sha, steps[i].by, steps[i].answers, (uint32_t)i + 1);
	for (size_t i = 0; i < N; i++) {
		struct one_msg o = status_of(st, steps[i].sha);
		snprintf(before[i], sizeof before[i], "%s", o.status);
		snprintf(by[i], sizeof by[i], "%s", o.superseded_by);
	}
	assert_string_equal(before[8], "not_counted");
	/* an assignment elsewhere leaves SYT as it is */
	msg(&m, "ffffff01", "<f1@x>", NULL, "{\"p\":1}", 50);
	file(st, &m);
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_assign(st, "ffffff01", "STP", "t", "2024-01-25T00:00:00Z", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	/* a replay over SYT through a confirmation of a reply that already counts */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_confirm(st, "eeeeee10", &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	for (size_t i = 0; i < N; i++) {
		struct one_msg o = status_of(st, steps[i].sha);
		assert_string_equal(o.status, before[i]);
		assert_string_equal(o.superseded_by, by[i]);
	}
	store_close(st);
}

/* A server action the server refused: not pending again before its wait is
 * over, the wait doubling; counted with the server's words until done. */
static void
test_server_refused_backoff(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_pending p[8];
	struct store_msg m;
	uint32_t u1 = 1, u2 = 2;
	char why[64];
	int64_t n = -1;
	size_t k = 0;
	(void)state;

	msg(&m, "aaaa0001", "<1@x>", "SNV", "{\"p\":1}", 1);
	file(st, &m);
	msg(&m, "aaaa0002", "<2@x>", "STP", "{\"p\":2}", 2);
	file(st, &m);
	assert_int_equal(store_server_pending(st, "imap://x/INBOX", 1, 1000, p, 8, &k, &err), 0);
	assert_int_equal(k, 2);
	assert_int_equal(store_server_waiting(st, "imap://x/INBOX", &n, why, sizeof why, &err), 0);
	assert_int_equal(n, 0);
	assert_string_equal(why, "");
	/* refused at t=1000 with a base of 300 s: not before 1300 */
	assert_int_equal(store_server_refused(st, "imap://x/INBOX", 1, &u1, 1, 1000, 300,
	                                      "NO Permission denied", &err), 0);
	assert_int_equal(store_server_pending(st, "imap://x/INBOX", 1, 1299, p, 8, &k, &err), 0);
	assert_int_equal(k, 1);
	assert_int_equal(p[0].uid, 2);
	assert_int_equal(store_server_pending(st, "imap://x/INBOX", 1, 1300, p, 8, &k, &err), 0);
	assert_int_equal(k, 2);
	assert_int_equal(store_server_waiting(st, "imap://x/INBOX", &n, why, sizeof why, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(why, "NO Permission denied");
	/* refused again at 1300: the wait doubles, 600 s */
	assert_int_equal(store_server_refused(st, "imap://x/INBOX", 1, &u1, 1, 1300, 300,
	                                      "NO Permission denied", &err), 0);
	assert_int_equal(store_server_pending(st, "imap://x/INBOX", 1, 1899, p, 8, &k, &err), 0);
	assert_int_equal(k, 1);
	assert_int_equal(store_server_pending(st, "imap://x/INBOX", 1, 1900, p, 8, &k, &err), 0);
	assert_int_equal(k, 2);
	/* done at last: no longer waiting, nor pending */
	assert_int_equal(store_server_done(st, "imap://x/INBOX", 1, &u1, 1, &err), 0);
	assert_int_equal(store_server_done(st, "imap://x/INBOX", 1, &u2, 1, &err), 0);
	assert_int_equal(store_server_waiting(st, "imap://x/INBOX", &n, NULL, 0, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_server_pending(st, "imap://x/INBOX", 1, 99999, p, 8, &k, &err), 0);
	assert_int_equal(k, 0);
	store_close(st);
}

/* What schema 14 adds to messages, undone: its key of the hash, indexed
 * in place of the hash. */
#define UNDO_14_MESSAGES                                  \
	"DROP INDEX messages_sha_key;"                     \
	"ALTER TABLE messages DROP COLUMN sha256_key;"     \
	"CREATE INDEX messages_sha ON messages(sha256);"

/* A database of schema 8 keeps its replies, with their statuses and
 * references, and gains the held-back status and the confirmation. */
static void
test_migration_to_9(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_msg m;
	sqlite3 *db;
	char eff[65];
	int v;
	(void)state;

	msg(&m, "111111aa", "<1@x>", "SNV", "{\"p\":1}", 1);
	m.agency_by = "from";
	file(st, &m);
	msg(&m, "222222aa", "<2@x>", "SNV", "{\"p\":2}", 2);
	m.agency_by = "from";
	file(st, &m);
	msg(&m, "333333aa", "<2@x>", "SNV", "{\"p\":2}", 3);
	m.agency_by = "from";
	file(st, &m);
	store_close(st);
	/* back to schema 8: the replies table as it was, with its rows */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"PRAGMA foreign_keys = OFF;"
		"CREATE TABLE r8 AS SELECT id, message, campaign, agency, answers_json, choice, "
		"  needs_review, status, duplicate_of, superseded_by FROM replies;"
		"DROP TABLE replies;"
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
		"  superseded_by INTEGER REFERENCES replies(id));"
		"INSERT INTO replies SELECT * FROM r8; DROP TABLE r8;"
		"CREATE INDEX replies_ca ON replies(campaign, agency);"
		"INSERT INTO corrections (sha256, field, value, who, at) "
		"  VALUES ('222222aa', 'reviewed', 'yes', 't', '2024-01-25T00:00:00Z');"
		/* and without what schema 10 adds */
		"ALTER TABLE messages DROP COLUMN server_attempts;"
		"ALTER TABLE messages DROP COLUMN server_next;"
		"ALTER TABLE messages DROP COLUMN server_error;"
		/* and without what schema 11 adds */
		"ALTER TABLE messages DROP COLUMN forwarded_from;"
		/* and without what schema 12 adds */
		"DROP TABLE dispatches;"
		/* and without what schema 14 adds (replies lost its key above) */
		UNDO_14_MESSAGES
		"PRAGMA user_version = 8;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, &err), 0);
	assert_int_equal(store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, STORE_SCHEMA_VERSION);
	assert_string_equal(status_of(st, "111111aa").status, "superseded");
	assert_string_equal(status_of(st, "111111aa").superseded_by, "222222aa");
	assert_string_equal(status_of(st, "333333aa").status, "duplicate");
	assert_true(status_of(st, "222222aa").confirmed);
	assert_false(status_of(st, "111111aa").confirmed);
	effective_of(st, "SNV", eff);
	assert_string_equal(eff, "222222aa");
	/* the new status is accepted */
	msg(&m, "444444aa", "<4@x>", "SNV", "{\"p\":4}", 4);
	m.agency_by = "content";
	assert_string_equal(file(st, &m), "not_counted");
	store_close(st);
}

/* text_key() of "abc": 64-bit FNV-1a, 0xe71fa2190541574b, shifted right
 * by one.  Stored in every database: it must never change. */
#define KEY_OF_ABC 0x738fd10c82a0aba5LL

static int64_t
int_of(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_type(s, 0) == SQLITE_NULL ? -2 : sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Schema 14: the indexes on a message's SHA-256 and on a reply's answers
 * hold a key of the text.  A database of schema 13 gains the keys of the
 * rows it has; lookups by hash and by answers find those rows, and the
 * keys of new rows are written with them. */
static void
test_migration_to_14(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	bool found = false;
	sqlite3 *db;
	char st_out[80];
	int v;
	(void)state;

	assert_string_equal(reply(st, "abc", "from", "{\"p\":1}", 1), "effective");
	assert_string_equal(reply(st, "abd", "from", "{\"p\":2}", 2), "effective");
	store_close(st);
	/* the key is FNV-1a, in the file */
	assert_true(int_of("SELECT sha256_key FROM messages WHERE sha256 = 'abc'") == KEY_OF_ABC);
	/* back to schema 13: the columns and indexes as they were */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		UNDO_14_MESSAGES
		"DROP INDEX replies_answers_key;"
		"ALTER TABLE replies DROP COLUMN answers_json_key;"
		"CREATE INDEX replies_answers ON replies(campaign, agency, answers_json);"
		"PRAGMA user_version = 13;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, &err), 0);
	assert_int_equal(store_schema_version(st, &v, &err), 0);
	assert_int_equal(v, 14);
	store_close(st);
	assert_true(int_of("SELECT sha256_key FROM messages WHERE sha256 = 'abc'") == KEY_OF_ABC);
	assert_true(int_of("SELECT count(*) FROM replies WHERE answers_json_key IS NULL") == 0);
	assert_true(int_of("SELECT count(*) FROM sqlite_schema WHERE name IN "
	                   "('messages_sha', 'replies_answers')") == 0);
	assert_int_equal(store_open(path, &st, &err), 0);
	/* the row filed before is found by its hash ... */
	assert_int_equal(store_has_sha(st, "abc", &found, &err), 0);
	assert_true(found);
	assert_int_equal(store_has_sha(st, "abf", &found, &err), 0);
	assert_false(found);
	/* ... and by its answers, superseded as it is (only that lookup finds
	 * it): the same answers again, under another Message-ID, are its
	 * duplicate, and do not supersede the reply that counts */
	assert_string_equal(reply(st, "abe", "from", "{\"p\":1}", 3), "duplicate");
	assert_string_equal(status_of(st, "abe").duplicate_of, "abc");
	export_status(st, "abd", st_out);
	assert_string_equal(st_out, "effective");
	store_close(st);
	assert_true(int_of("SELECT count(*) FROM messages WHERE sha256_key IS NULL") == 0);
	assert_true(int_of("SELECT count(*) FROM replies WHERE answers_json_key IS NULL") == 0);
}

/* ---- the statement helper's contract ------------------------------------- */

static int
stop_with_42(void *ctx, const struct store_export *e)
{
	(void)e;
	++*(int *)ctx;
	return 42;
}

static void
test_callback_status_passes_through(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	struct store_msg m;
	int calls = 0;
	(void)state;

	msg(&m, "a1", "m1@x", "SNV", "{\"q\":1}", 1);
	file(st, &m);
	msg(&m, "a2", "m2@x", "SNV", "{\"q\":2}", 2);
	file(st, &m);
	/* the first non-zero status stops the walk and comes back as it is,
	 * with no error set: it is the callback's, not the store's */
	assert_int_equal(store_each_export(st, NULL, stop_with_42, &calls, &err), 42);
	assert_int_equal(calls, 1);
	assert_int_equal(err.code, 0);
	store_close(st);
}

static void
test_failed_count_is_an_error(void **state)
{
	struct store *st = fresh();
	struct yk_err err = { 0 };
	sqlite3 *db;
	int64_t n = -1;
	(void)state;

	assert_int_equal(store_count_effective(st, "118", &n, &err), 0);
	assert_int_equal(n, 0);
	/* the table goes away under the store: the count fails, and says so */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "ALTER TABLE replies RENAME TO gone", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_count_effective(st, "118", &n, &err), YK_EDB);
	assert_non_null(strstr(err.msg, "replies"));
	yk_err_clear(&err);
	assert_int_equal(store_count_unassigned(st, "118", &n, &err), YK_EDB);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_is_migrated),
		cmocka_unit_test(test_newer_database_refused),
		cmocka_unit_test(test_mailbox_state),
		cmocka_unit_test(test_checkpoint_elsewhere),
		cmocka_unit_test(test_duplicates_and_superseding),
		cmocka_unit_test(test_same_uid_twice_is_refused),
		cmocka_unit_test(test_content_after_registered_is_held),
		cmocka_unit_test(test_registered_after_content_supersedes),
		cmocka_unit_test(test_registered_resend_of_held_counts),
		cmocka_unit_test(test_confirmed_content_supersedes),
		cmocka_unit_test(test_refile_agrees_with_filing),
		cmocka_unit_test(test_not_reply),
		cmocka_unit_test(test_export_sees_a_persons_work),
		cmocka_unit_test(test_migration_to_9),
		cmocka_unit_test(test_migration_to_14),
		cmocka_unit_test(test_server_refused_backoff),
		cmocka_unit_test(test_callback_status_passes_through),
		cmocka_unit_test(test_failed_count_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
