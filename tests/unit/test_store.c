/* Unit tests for lib/store: migrations, refusing a newer schema, the
 * high-water mark, and the filing decisions (duplicate, superseded). */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_is_migrated),
		cmocka_unit_test(test_newer_database_refused),
		cmocka_unit_test(test_mailbox_state),
		cmocka_unit_test(test_duplicates_and_superseding),
		cmocka_unit_test(test_same_uid_twice_is_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
