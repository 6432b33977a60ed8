/* Unit tests for lib/filing: the rule alone, over arrays of replies (no
 * database): first reply, superseding, duplicates, the trust rule, the
 * unassigned replies, filing order, and a replay ignoring what stood
 * before.  filing_replay() files the replies one after the other, each
 * decided against the earlier ones as they stand, as store_file_message()
 * does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "filing.h"

/* reply ID, from a registered address (REG) or not, confirmed or not */
static struct filing_reply
reply(int64_t id, const char *mid, const char *answers, bool reg, bool confirmed)
{
	struct filing_reply r = { .id = id, .message_id = mid, .answers = answers,
		                  .registered = reg, .confirmed = confirmed };
	return r;
}

static void
expect(const struct filing_reply *r, enum filing_status status, int64_t dup, int64_t by)
{
	assert_int_equal(r->status, status);
	assert_int_equal(r->duplicate_of, dup);
	assert_int_equal(r->superseded_by, by);
}

static void
test_first_reply_counts(void **state)
{
	struct filing_reply v[1] = { reply(1, "a@x", "{\"q\":1}", true, false) };
	(void)state;

	filing_decide(v, 1, true);
	expect(&v[0], FILING_EFFECTIVE, 0, 0);
	/* the first reply counts whoever sent it */
	v[0] = reply(1, "a@x", "{\"q\":1}", false, false);
	filing_decide(v, 1, true);
	expect(&v[0], FILING_EFFECTIVE, 0, 0);
}

static void
test_later_reply_supersedes(void **state)
{
	struct filing_reply v[3] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "b@x", "{\"q\":2}", true, false),
		reply(5, "c@x", "{\"q\":3}", true, false),
	};
	(void)state;

	filing_replay(v, 3, true);
	expect(&v[0], FILING_SUPERSEDED, 0, 2);
	expect(&v[1], FILING_SUPERSEDED, 0, 5);
	expect(&v[2], FILING_EFFECTIVE, 0, 0);
}

static void
test_duplicates(void **state)
{
	struct filing_reply v[5] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "a@x", "{\"q\":9}", true, false),   /* the same Message-ID */
		reply(3, "c@x", "{\"q\":1}", true, false),   /* the same answers */
		reply(4, NULL, "{\"q\":4}", true, false),    /* no Message-ID: never equal */
		reply(6, NULL, "{\"q\":5}", true, false),
	};
	(void)state;

	filing_replay(v, 5, true);
	expect(&v[0], FILING_SUPERSEDED, 0, 4);
	expect(&v[1], FILING_DUPLICATE, 1, 0);
	expect(&v[2], FILING_DUPLICATE, 1, 0);
	expect(&v[3], FILING_SUPERSEDED, 0, 6);
	expect(&v[4], FILING_EFFECTIVE, 0, 0);
}

static void
test_duplicate_of_the_first_match(void **state)
{
	/* answers match 2, Message-ID matches 3: the first in filing order */
	struct filing_reply v[4] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "b@x", "{\"q\":2}", true, false),
		reply(3, "c@x", "{\"q\":3}", true, false),
		reply(4, "c@x", "{\"q\":2}", true, false),
	};
	(void)state;

	filing_replay(v, 4, true);
	expect(&v[3], FILING_DUPLICATE, 2, 0);
	expect(&v[2], FILING_EFFECTIVE, 0, 0);
}

static void
test_untrusted_held_while_registered_exists(void **state)
{
	struct filing_reply v[3] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "b@x", "{\"q\":2}", false, false),  /* named the agency in the text */
		reply(3, "c@x", "{\"q\":3}", false, false),
	};
	(void)state;

	filing_replay(v, 3, true);
	expect(&v[0], FILING_EFFECTIVE, 0, 0);
	expect(&v[1], FILING_NOT_COUNTED, 0, 0);
	expect(&v[2], FILING_NOT_COUNTED, 0, 0);
}

static void
test_untrusted_counts_without_registered(void **state)
{
	struct filing_reply v[3] = {
		reply(1, "a@x", "{\"q\":1}", false, false),
		reply(2, "b@x", "{\"q\":2}", false, false),
		/* then the registered address: it counts, and the held ones give way */
		reply(3, "c@x", "{\"q\":3}", true, false),
	};
	(void)state;

	filing_replay(v, 2, true);
	expect(&v[0], FILING_SUPERSEDED, 0, 2);
	expect(&v[1], FILING_EFFECTIVE, 0, 0);
	filing_decide(v, 3, true);
	expect(&v[1], FILING_SUPERSEDED, 0, 3);
	expect(&v[2], FILING_EFFECTIVE, 0, 0);
}

static void
test_registered_supersedes_held(void **state)
{
	struct filing_reply v[3] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "b@x", "{\"q\":2}", false, false),
		reply(3, "c@x", "{\"q\":3}", true, false),
	};
	(void)state;

	filing_replay(v, 3, true);
	expect(&v[0], FILING_SUPERSEDED, 0, 3);
	expect(&v[1], FILING_SUPERSEDED, 0, 3);
	expect(&v[2], FILING_EFFECTIVE, 0, 0);
}

static void
test_confirmed_by_a_person(void **state)
{
	/* filed under the agency by `ykien assign` (or corrected with `ykien
	 * set`): trusted though not from a registered address */
	struct filing_reply v[2] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "b@x", "{\"q\":2}", false, true),
	};
	(void)state;

	filing_replay(v, 2, true);
	expect(&v[0], FILING_SUPERSEDED, 0, 2);
	expect(&v[1], FILING_EFFECTIVE, 0, 0);
	/* before the person confirmed it, it was held back */
	v[1].confirmed = false;
	filing_replay(v, 2, true);
	expect(&v[0], FILING_EFFECTIVE, 0, 0);
	expect(&v[1], FILING_NOT_COUNTED, 0, 0);
}

static void
test_same_answers_as_a_held_reply(void **state)
{
	struct filing_reply v[4] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "b@x", "{\"q\":2}", false, false),  /* held */
		reply(3, "c@x", "{\"q\":2}", false, false),  /* untrusted: its duplicate */
		reply(4, "d@x", "{\"q\":2}", true, false),   /* trusted */
	};
	(void)state;

	filing_replay(v, 3, true);
	expect(&v[1], FILING_NOT_COUNTED, 0, 0);
	expect(&v[2], FILING_DUPLICATE, 2, 0);
	/* a trusted reply is never the duplicate of a held one... */
	v[2] = v[3];
	v[2].id = 3;
	filing_decide(v, 3, true);
	expect(&v[2], FILING_EFFECTIVE, 0, 0);
	expect(&v[1], FILING_SUPERSEDED, 0, 3);
	expect(&v[0], FILING_SUPERSEDED, 0, 3);
	/* ...but it is of a duplicate of one, which is not "held" (as the
	 * rule has always been written, in SQL and in C alike) */
	v[0] = reply(1, "a@x", "{\"q\":1}", true, false);
	v[1] = reply(2, "b@x", "{\"q\":2}", false, false);
	v[2] = reply(3, "c@x", "{\"q\":2}", false, false);
	filing_replay(v, 4, true);
	expect(&v[3], FILING_DUPLICATE, 3, 0);
	expect(&v[1], FILING_NOT_COUNTED, 0, 0);
}

static void
test_trusted_duplicate_of_a_counted_reply(void **state)
{
	/* the same answers as a held reply and as one that counted: a trusted
	 * reply is the duplicate of the counted one only */
	struct filing_reply v[4] = {
		reply(1, "a@x", "{\"q\":2}", false, false),  /* counts: no registered yet */
		reply(2, "b@x", "{\"q\":1}", true, false),
		reply(3, "c@x", "{\"q\":3}", false, false),  /* held */
		reply(4, "c@x", "{\"q\":2}", true, false),
	};
	(void)state;

	filing_replay(v, 4, true);
	expect(&v[0], FILING_SUPERSEDED, 0, 2);
	expect(&v[2], FILING_NOT_COUNTED, 0, 0);
	/* Message-ID as the held 3, answers as the superseded 1 */
	expect(&v[3], FILING_DUPLICATE, 1, 0);
	expect(&v[1], FILING_EFFECTIVE, 0, 0);
}

static void
test_unassigned_all_count(void **state)
{
	struct filing_reply v[3] = {
		reply(1, "a@x", "{\"q\":1}", true, false),
		reply(2, "a@x", "{\"q\":1}", false, false),
		reply(3, "c@x", "{\"q\":3}", false, false),
	};
	(void)state;

	filing_replay(v, 3, false);
	for (size_t i = 0; i < 3; i++)
		expect(&v[i], FILING_EFFECTIVE, 0, 0);
}

static void
test_filing_order_decides(void **state)
{
	/* the array is the filing order (row ids); a reply's Date does not
	 * enter the rule: of two with the same answers, the one filed first is
	 * the original, whatever either says about when it was written */
	struct filing_reply v[2] = {
		reply(7, "late@x", "{\"q\":1}", true, false),
		reply(8, "early@x", "{\"q\":1}", true, false),
	};
	(void)state;

	filing_replay(v, 2, true);
	expect(&v[0], FILING_EFFECTIVE, 0, 0);
	expect(&v[1], FILING_DUPLICATE, 7, 0);
}

/* filing_decide() sets all of the reply it decides: what stood before
 * (a stored status, a replay's earlier pass) changes nothing. */
static void
test_replay_ignores_what_stood_before(void **state)
{
	struct filing_reply a[6] = {
		reply(1, "a@x", "{\"q\":1}", false, false),
		reply(2, "b@x", "{\"q\":2}", true, false),
		reply(3, "c@x", "{\"q\":3}", false, false),
		reply(4, "b@x", "{\"q\":4}", true, false),
		reply(5, "e@x", "{\"q\":3}", true, false),
		reply(6, "f@x", "{\"q\":6}", false, true),
	};
	struct filing_reply b[6];
	(void)state;

	memcpy(b, a, sizeof a);
	filing_replay(a, 6, true);
	/* a replay starts from whatever stood before */
	for (size_t i = 0; i < 6; i++) {
		b[i].status = FILING_DUPLICATE;
		b[i].duplicate_of = b[i].superseded_by = 99;
	}
	filing_replay(b, 6, true);
	for (size_t i = 0; i < 6; i++)
		expect(&b[i], a[i].status, a[i].duplicate_of, a[i].superseded_by);
	expect(&a[0], FILING_SUPERSEDED, 0, 2);
	expect(&a[1], FILING_SUPERSEDED, 0, 5);
	expect(&a[2], FILING_SUPERSEDED, 0, 5);
	expect(&a[3], FILING_DUPLICATE, 2, 0);
	expect(&a[4], FILING_SUPERSEDED, 0, 6);
	expect(&a[5], FILING_EFFECTIVE, 0, 0);
}

static void
test_names(void **state)
{
	enum filing_status s;
	(void)state;

	for (int i = FILING_EFFECTIVE; i <= FILING_NOT_COUNTED; i++) {
		assert_true(filing_status_parse(filing_status_name((enum filing_status)i), &s));
		assert_int_equal(s, i);
	}
	assert_string_equal(filing_status_name(FILING_NOT_COUNTED), "not_counted");
	assert_false(filing_status_parse("held", &s));
	assert_false(filing_status_parse(NULL, &s));

	assert_true(filing_registered_by("from"));
	assert_true(filing_registered_by("sender"));
	assert_true(filing_registered_by("reply_to"));
	assert_false(filing_registered_by("content"));
	assert_false(filing_registered_by(NULL));
	assert_false(filing_registered_by(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_reply_counts),
		cmocka_unit_test(test_later_reply_supersedes),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_duplicate_of_the_first_match),
		cmocka_unit_test(test_untrusted_held_while_registered_exists),
		cmocka_unit_test(test_untrusted_counts_without_registered),
		cmocka_unit_test(test_registered_supersedes_held),
		cmocka_unit_test(test_confirmed_by_a_person),
		cmocka_unit_test(test_same_answers_as_a_held_reply),
		cmocka_unit_test(test_trusted_duplicate_of_a_counted_reply),
		cmocka_unit_test(test_unassigned_all_count),
		cmocka_unit_test(test_filing_order_decides),
		cmocka_unit_test(test_replay_ignores_what_stood_before),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
