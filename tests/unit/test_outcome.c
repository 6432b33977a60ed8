/* Unit tests for lib/outcome: the outbox's policy, without a server.
 * Each recipient's class is counted; a temporary failure is retried while
 * attempts are left, then given up; nobody taking it is a failure, some
 * refusing it for good a partial success; the wait doubles up to its
 * ceiling, or is 0 for a kind retried at the next cycle; the failures are
 * listed for the record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "outcome.h"

static const struct outcome_policy reminders = { .max_attempts = 10, .retry_first = 300,
	                                         .retry_max = 4 * 3600 };
static const struct outcome_policy receipts = { .max_attempts = 5 };

static struct smtp_rcpt
rcpt(const char *addr, enum smtp_class cls, const char *reply)
{
	struct smtp_rcpt r = { .addr = addr, .cls = cls };

	snprintf(r.reply, sizeof r.reply, "%s", reply);
	return r;
}

static void
test_count(void **state)
{
	struct smtp_rcpt v[4] = {
		rcpt("a@x.example", SMTP_ACCEPTED, "250 ok"),
		rcpt("b@x.example", SMTP_TEMPORARY, "451 later"),
		rcpt("c@x.example", SMTP_PERMANENT, "550 no such user"),
		rcpt("d@x.example", SMTP_ACCEPTED, "250 ok"),
	};
	struct outcome_tally t = { .accepted = 1, .rejected = 1 }; /* earlier attempts */
	(void)state;

	outcome_count(&t, v, 4);
	assert_int_equal(t.accepted, 3);
	assert_int_equal(t.deferred, 1);
	assert_int_equal(t.rejected, 2);
	outcome_count(&t, v, 0);
	assert_int_equal(t.accepted + t.deferred + t.rejected, 6);
}

static void
test_verdict(void **state)
{
	struct outcome_tally all = { .accepted = 2 }, some = { .accepted = 1, .rejected = 1 },
	                     none = { .rejected = 2 }, later = { .accepted = 1, .deferred = 1 },
	                     nothing = { 0 };
	(void)state;

	assert_int_equal(outcome_verdict(&reminders, &all, 1), OUTCOME_SENT);
	assert_int_equal(outcome_verdict(&reminders, &some, 1), OUTCOME_PARTIAL);
	assert_int_equal(outcome_verdict(&reminders, &none, 1), OUTCOME_FAILED);
	assert_int_equal(outcome_verdict(&reminders, &nothing, 1), OUTCOME_FAILED);
	/* a temporary failure wins over what the others did: the one
	 * deferred is tried again while attempts are left */
	assert_int_equal(outcome_verdict(&reminders, &later, 1), OUTCOME_RETRY);
	assert_int_equal(outcome_verdict(&reminders, &later, 9), OUTCOME_RETRY);
	assert_int_equal(outcome_verdict(&reminders, &later, 10), OUTCOME_GAVE_UP);
	assert_int_equal(outcome_verdict(&receipts, &later, 4), OUTCOME_RETRY);
	assert_int_equal(outcome_verdict(&receipts, &later, 5), OUTCOME_GAVE_UP);
}

static void
test_backoff(void **state)
{
	(void)state;

	assert_int_equal(outcome_backoff(&reminders, 1), 300);
	assert_int_equal(outcome_backoff(&reminders, 2), 600);
	assert_int_equal(outcome_backoff(&reminders, 3), 1200);
	assert_int_equal(outcome_backoff(&reminders, 6), 9600);
	assert_int_equal(outcome_backoff(&reminders, 7), 4 * 3600);
	assert_int_equal(outcome_backoff(&reminders, 100), 4 * 3600);
	/* the receipts and the digest are tried again at the next cycle */
	assert_int_equal(outcome_backoff(&receipts, 1), 0);
	assert_int_equal(outcome_backoff(&receipts, 4), 0);
}

static void
test_failures(void **state)
{
	struct smtp_rcpt v[3] = {
		rcpt("a@x.example", SMTP_ACCEPTED, "250 ok"),
		rcpt("b@x.example", SMTP_TEMPORARY, ""),
		rcpt("c@x.example", SMTP_PERMANENT, "550 no such user"),
	};
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	outcome_failures(v, 3, &b);
	assert_string_equal(b.data, "b@x.example: no reply; c@x.example: 550 no such user");
	/* after what is there already (every attempt's failures, for the record) */
	outcome_failures(v + 2, 1, &b);
	assert_string_equal(b.data, "b@x.example: no reply; c@x.example: 550 no such user; "
	                            "c@x.example: 550 no such user");
	buf_free(&b);
	/* cut at the buffer's limit: a piece that does not fit is left out */
	buf_init(&b, 30);
	outcome_failures(v, 3, &b);
	assert_string_equal(b.data, "b@x.example: no reply");
	assert_int_equal(buf_status(&b), YK_ELIMIT);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_verdict),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
