/* Unit tests for lib/plan: the reminder planner, with a fixed clock.
 * Campaign: letter Mon 2024-01-15, deadline Wed 2024-01-31 17:00 +07:00,
 * reminders 7, 3 and 1 day before at 08:00, then every 2 days, at most 3,
 * working days only, Fri 2024-01-26 a holiday.  Slots:
 *   before-7  Wed 01-24          before-3  Sun 01-28 -> Fri 01-26 (holiday) -> Thu 01-25
 *   before-1  Tue 01-30          overdue-1 Fri 02-02
 *   overdue-2 Sun 02-04 -> Mon 02-05         overdue-3 Tue 02-06 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"
#include "plan.h"

static char *em_a[] = { "a@so.example" };
static char *em_b[] = { "b1@so.example", "b2@so.example" };
static char *em_c[] = { "@huyen.example" };
static struct yk_agency agencies[] = {
	{ .code = "A", .name = "Sở A", .emails = em_a, .n_emails = 1 },
	{ .code = "B", .name = "Sở B", .emails = em_b, .n_emails = 2 },
	{ .code = "C", .name = "UBND huyện C", .emails = em_c, .n_emails = 1 },
};
static int before[] = { 7, 3, 1 };
static char *holidays[] = { "2024-01-26" };
static struct yk_campaign camp = {
	.id = "118-UBND-TH", .reference = "118/UBND-TH", .all_agencies = true,
	.reminders = { .before_days = before, .n_before_days = 3, .overdue_every_days = 2,
	               .overdue_max = 3, .send_at_minutes = 8 * 60, .working_days_only = true,
	               .holidays = holidays, .n_holidays = 1 },
};
static struct yk_config cfg = { .agencies = agencies, .n_agencies = 3, .campaigns = &camp,
	                        .n_campaigns = 1 };

static time_t
T(const char *iso)
{
	time_t t = 0;
	char s[40];

	snprintf(s, sizeof s, "%s+07:00", iso);
	assert_int_equal(isotime_parse(s, &t), 0);
	return t;
}

static int
setup(void **state)
{
	(void)state;
	camp.sent = T("2024-01-15T08:00:00");
	camp.deadline = T("2024-01-31T17:00:00");
	return 0;
}

struct world {
	struct plan_agency ag[3];
	const char *bouncing[4];
	size_t n_bouncing;
	struct plan *p;
};

static void
world_init(struct world *w)
{
	memset(w, 0, sizeof *w);
	for (size_t i = 0; i < 3; i++)
		w->ag[i].agency_idx = i;
}

static struct plan *
run(struct world *w, const char *now)
{
	struct plan_input in = { .cfg = &cfg, .campaign = &camp, .agencies = w->ag, .n_agencies = 3,
		                 .bouncing = w->bouncing, .n_bouncing = w->n_bouncing,
		                 .now = T(now) };
	struct yk_err err = { 0 };

	plan_free(w->p);
	w->p = NULL;
	assert_int_equal(plan_make(&in, &w->p, &err), 0);
	return w->p;
}

/* The entries of agency CODE with action WHAT, their slot ids joined by ",". */
static const char *
ids(const struct plan *p, const char *code, enum plan_what what)
{
	static char out[256];
	size_t off = 0;

	out[0] = '\0';
	for (size_t i = 0; i < p->n_entries; i++) {
		const struct plan_entry *e = &p->entries[i];
		if (strcmp(e->agency->code, code) || e->what != what)
			continue;
		off += (size_t)snprintf(out + off, sizeof out - off, "%s%s", off ? "," : "", e->slot_id);
	}
	return out;
}

static const struct plan_entry *
find(const struct plan *p, const char *code, enum plan_what what)
{
	for (size_t i = 0; i < p->n_entries; i++)
		if (!strcmp(p->entries[i].agency->code, code) && p->entries[i].what == what)
			return &p->entries[i];
	return NULL;
}

static void
test_schedule_weekend_and_holiday(void **state)
{
	struct plan_slot *s;
	struct yk_err err = { 0 };
	size_t n;
	(void)state;

	assert_int_equal(plan_slots(&camp, &s, &n, &err), 0);
	assert_int_equal(n, 6);
	assert_string_equal(s[0].id, "before-7");
	assert_true(s[0].at == T("2024-01-24T08:00:00"));
	assert_string_equal(s[1].id, "before-3");  /* Sunday -> Friday holiday -> Thursday */
	assert_true(s[1].at == T("2024-01-25T08:00:00"));
	assert_string_equal(s[2].id, "before-1");
	assert_true(s[2].at == T("2024-01-30T08:00:00"));
	assert_string_equal(s[3].id, "overdue-1");
	assert_true(s[3].at == T("2024-02-02T08:00:00"));
	assert_string_equal(s[4].id, "overdue-2"); /* Sunday -> Monday */
	assert_true(s[4].at == T("2024-02-05T08:00:00"));
	assert_string_equal(s[5].id, "overdue-3");
	assert_true(s[5].at == T("2024-02-06T08:00:00"));
	free(s);
}

/* "trong tháng 01/2024": deadline = "2024-01-31", the end of that day.
 * before_days still count from the 31st (the same days as with 17:00), a
 * before-0 slot on the 31st is before the deadline, and the 31st is the
 * last day until its end. */
static void
test_deadline_as_a_date(void **state)
{
	int b[] = { 7, 3, 1, 0 };
	struct yk_campaign c = camp;
	struct plan_slot *s;
	struct yk_err err = { 0 };
	size_t n;
	(void)state;

	c.deadline = T("2024-01-31T23:59:59");
	c.deadline_is_day = true;
	c.reminders.before_days = b;
	c.reminders.n_before_days = 4;
	assert_int_equal(plan_slots(&c, &s, &n, &err), 0);
	assert_int_equal(n, 7);
	assert_string_equal(s[0].id, "before-7");
	assert_true(s[0].at == T("2024-01-24T08:00:00"));
	assert_string_equal(s[1].id, "before-3");
	assert_true(s[1].at == T("2024-01-25T08:00:00"));
	assert_string_equal(s[2].id, "before-1");
	assert_true(s[2].at == T("2024-01-30T08:00:00"));
	assert_string_equal(s[3].id, "before-0");
	assert_true(s[3].at == T("2024-01-31T08:00:00"));
	assert_string_equal(s[4].id, "overdue-1");
	assert_true(s[4].at == T("2024-02-02T08:00:00"));
	free(s);
	assert_int_equal(plan_days_left(&c, T("2024-01-24T08:00:00")), 7);
	assert_int_equal(plan_days_left(&c, T("2024-01-31T22:00:00")), 0);
	assert_int_equal(plan_days_left(&c, T("2024-02-01T00:00:00")), -1);
}

static void
test_neighbours_keep_their_own_day(void **state)
{
	int b[] = { 1, 0 };
	struct yk_campaign c = camp;
	struct plan_slot *s;
	struct yk_err err = { 0 };
	size_t n;
	(void)state;

	/* deadline Monday 2024-02-05 17:00: before-0 is Monday, before-1
	 * (Sunday) moves to Friday; every=1 overdue slots on Sat/Sun/Mon
	 * become Tue, Wed, and Thursday 8/2 is the first day of Tết Giáp
	 * Thìn (off to Wednesday 14/2): the third is Thursday 15/2 */
	c.deadline = T("2024-02-05T17:00:00");
	c.reminders.before_days = b;
	c.reminders.n_before_days = 2;
	c.reminders.overdue_every_days = 1;
	assert_int_equal(plan_slots(&c, &s, &n, &err), 0);
	assert_int_equal(n, 5);
	assert_string_equal(s[0].id, "before-1");
	assert_true(s[0].at == T("2024-02-02T08:00:00"));
	assert_string_equal(s[1].id, "before-0");
	assert_true(s[1].at == T("2024-02-05T08:00:00"));
	assert_true(s[2].at == T("2024-02-06T08:00:00"));
	assert_true(s[3].at == T("2024-02-07T08:00:00"));
	assert_true(s[4].at == T("2024-02-15T08:00:00"));
	free(s);
}

/* Tết Ất Tỵ (off Sat 25/1 to Sun 2/2/2025, Mon 27/1 made up on Sat
 * 8/2): no slot on a day off, even when working_days_only is false; the
 * make-up Saturday is a working day. */
static void
test_no_slot_on_a_day_off(void **state)
{
	int b[] = { 3 };
	struct yk_campaign c = camp;
	struct plan_slot *s;
	struct yk_err err = { 0 };
	size_t n;
	(void)state;

	/* before-3 of a deadline Thu 30/1 would be Mon 27/1, a day off: it
	 * moves to Friday 24/1, as the weekend 25-26/1 is part of the Tết
	 * break even without working_days_only; the overdue slots every 2
	 * days from it: Sat 1/2 (mùng 4 Tết) moves past Sunday 2/2 to Mon
	 * 3/2, then Tue 4/2 (past its neighbour's day), Wed 5/2 */
	c.sent = T("2025-01-10T08:00:00");
	c.deadline = T("2025-01-30T17:00:00");
	c.reminders.before_days = b;
	c.reminders.n_before_days = 1;
	c.reminders.working_days_only = false;
	c.reminders.n_holidays = 0;
	assert_int_equal(plan_slots(&c, &s, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_true(s[0].at == T("2025-01-24T08:00:00"));
	assert_true(s[1].at == T("2025-02-03T08:00:00"));
	assert_true(s[2].at == T("2025-02-04T08:00:00"));
	assert_true(s[3].at == T("2025-02-05T08:00:00"));
	free(s);
	/* with working_days_only the make-up Saturday 8/2 is a working day,
	 * Sunday 9/2 is not */
	c.reminders.working_days_only = true;
	assert_true(plan_in_window(&c.reminders, T("2025-02-08T09:00:00")));
	assert_false(plan_in_window(&c.reminders, T("2025-02-09T09:00:00")));
	assert_false(plan_in_window(&c.reminders, T("2025-01-31T09:00:00")));
	assert_true(plan_next_window(&c.reminders, T("2025-01-25T09:00:00")) ==
	            T("2025-02-03T08:00:00"));
	/* and a day off whatever working_days_only says */
	c.reminders.working_days_only = false;
	assert_false(plan_in_window(&c.reminders, T("2025-01-29T09:00:00")));
	assert_true(plan_in_window(&c.reminders, T("2025-02-09T09:00:00")));
}

static void
test_due_inside_the_window_only(void **state)
{
	struct world w;
	const struct plan_entry *e;
	(void)state;

	world_init(&w);
	run(&w, "2024-01-24T07:59:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	run(&w, "2024-01-24T08:00:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "before-7");
	assert_string_equal(ids(w.p, "B", PLAN_SEND), "before-7");
	e = find(w.p, "B", PLAN_SEND);
	assert_int_equal(e->n_to, 2);
	/* a whole domain is not a mailbox */
	assert_string_equal(ids(w.p, "C", PLAN_UNMAILABLE), "before-7");
	/* after the window closes: waits for the next working morning */
	run(&w, "2024-01-24T18:00:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	e = find(w.p, "A", PLAN_LATER);
	assert_string_equal(e->slot_id, "before-7");
	assert_true(e->at == T("2024-01-25T08:00:00"));
	/* the whole schedule ahead is listed */
	assert_string_equal(ids(w.p, "A", PLAN_LATER),
	                    "before-7,before-3,before-1,overdue-1,overdue-2,overdue-3");
	plan_free(w.p);
}

static void
test_reply_between_two_reminders(void **state)
{
	struct world w;
	struct plan_record ra[] = { { 1, "before-7", PLAN_REC_SENT, 0 } };
	struct plan_record rb[] = { { 2, "before-7", PLAN_REC_RETRY, 0 } };
	const struct plan_entry *e;
	(void)state;

	world_init(&w);
	w.ag[0].records = ra;
	w.ag[0].n_records = 1;
	w.ag[1].records = rb;
	w.ag[1].n_records = 1;
	/* before-3 is due for A; B's retry is superseded by it */
	run(&w, "2024-01-25T08:10:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "before-3");
	assert_string_equal(ids(w.p, "B", PLAN_SEND), "before-3");
	e = find(w.p, "B", PLAN_CANCEL);
	assert_non_null(e);
	assert_int_equal(e->record_id, 2);
	/* both reply (one awaiting review counts as replied): nothing more */
	w.ag[0].replied = true;
	w.ag[1].replied = true;
	run(&w, "2024-01-25T08:10:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	assert_string_equal(ids(w.p, "A", PLAN_LATER), "");
	assert_string_equal(ids(w.p, "B", PLAN_SEND), "");
	/* the retry still waiting is cancelled, not sent */
	e = find(w.p, "B", PLAN_CANCEL);
	assert_non_null(e);
	assert_string_equal(e->reason, "the agency has replied");
	run(&w, "2024-02-06T09:00:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	plan_free(w.p);
}

static void
test_overdue_cap(void **state)
{
	struct world w;
	struct plan_record r[] = {
		{ 1, "before-7", PLAN_REC_SENT, 0 }, { 2, "before-3", PLAN_REC_SENT, 0 },
		{ 3, "before-1", PLAN_REC_SENT, 0 }, { 4, "overdue-1", PLAN_REC_SENT, 0 },
		{ 5, "overdue-2", PLAN_REC_SENT, 0 },
	};
	(void)state;

	world_init(&w);
	w.ag[0].records = r;
	w.ag[0].n_records = 5;
	run(&w, "2024-02-06T08:30:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "overdue-3");
	w.ag[0].n_records = 5;
	{
		struct plan_record r6[6];
		memcpy(r6, r, sizeof r);
		r6[5] = (struct plan_record){ 6, "overdue-3", PLAN_REC_SENT, 0 };
		w.ag[0].records = r6;
		w.ag[0].n_records = 6;
		/* after the third overdue reminder: silence, on every later day */
		run(&w, "2024-02-08T08:30:00");
		assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
		assert_string_equal(ids(w.p, "A", PLAN_LATER), "");
		run(&w, "2024-03-15T08:30:00");
		assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
		plan_free(w.p);
	}
}

static void
test_agency_added_mid_campaign(void **state)
{
	struct world w;
	(void)state;

	world_init(&w);
	/* B joined on Saturday 01-27, after before-7 and before-3 */
	w.ag[1].joined_late = true;
	w.ag[1].joined_at = T("2024-01-27T10:00:00");
	run(&w, "2024-01-29T08:30:00");
	/* A, there from the start and never reminded: only the latest missed slot */
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "before-3");
	assert_string_equal(ids(w.p, "A", PLAN_PASSED), "before-7");
	/* B gets only the slots ahead of it */
	assert_string_equal(ids(w.p, "B", PLAN_SEND), "");
	assert_string_equal(ids(w.p, "B", PLAN_PASSED), "");
	assert_string_equal(ids(w.p, "B", PLAN_LATER), "before-1,overdue-1,overdue-2,overdue-3");
	run(&w, "2024-01-30T08:30:00");
	assert_string_equal(ids(w.p, "B", PLAN_SEND), "before-1");
	plan_free(w.p);
}

static void
test_bouncing_address(void **state)
{
	struct world w;
	const struct plan_entry *e;
	(void)state;

	world_init(&w);
	w.bouncing[0] = "b2@so.example";
	w.n_bouncing = 1;
	run(&w, "2024-01-24T08:30:00");
	e = find(w.p, "B", PLAN_SEND);
	assert_non_null(e);
	assert_int_equal(e->n_to, 1);
	assert_string_equal(e->to[0], "b1@so.example");
	assert_int_equal(e->n_bouncing, 1);
	assert_string_equal(e->bouncing[0], "b2@so.example");
	/* every address bounces: reported, not mailed */
	w.bouncing[1] = "a@so.example";
	w.n_bouncing = 2;
	run(&w, "2024-01-24T08:30:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	e = find(w.p, "A", PLAN_UNMAILABLE);
	assert_non_null(e);
	assert_int_equal(e->n_to, 0);
	assert_int_equal(e->n_bouncing, 1);
	plan_free(w.p);
}

static void
test_deadline_past_when_campaign_added(void **state)
{
	struct world w;
	const struct plan_entry *e;
	(void)state;

	world_init(&w);
	/* first planned Friday 02-02 10:00: one reminder, the latest missed slot */
	run(&w, "2024-02-02T10:00:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "overdue-1");
	assert_string_equal(ids(w.p, "A", PLAN_PASSED), "before-7,before-3,before-1");
	assert_string_equal(ids(w.p, "A", PLAN_LATER), "overdue-2,overdue-3");
	/* first planned on Saturday 02-03: waits for Monday's window, and then
	 * overdue-2 has come: still only one */
	run(&w, "2024-02-03T10:00:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	e = find(w.p, "A", PLAN_LATER);
	assert_true(e->at == T("2024-02-05T08:00:00"));
	run(&w, "2024-02-05T08:05:00");
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "overdue-2");
	plan_free(w.p);
}

static void
test_crash_and_retry(void **state)
{
	struct world w;
	struct plan_record pending[] = { { 7, "before-7", PLAN_REC_PENDING,
		                           0 } };
	struct plan_record retry[] = { { 8, "before-7", PLAN_REC_RETRY, 0 } };
	const struct plan_entry *e;
	(void)state;

	world_init(&w);
	pending[0].next_attempt = T("2024-01-24T08:00:00");
	retry[0].next_attempt = T("2024-01-24T09:00:00");
	w.ag[0].records = pending;
	w.ag[0].n_records = 1;
	w.ag[1].records = retry;
	w.ag[1].n_records = 1;
	run(&w, "2024-01-24T08:30:00");
	/* in flight at a crash: sent again, the same record; never a new slot */
	e = find(w.p, "A", PLAN_RESEND);
	assert_non_null(e);
	assert_int_equal(e->record_id, 7);
	assert_string_equal(ids(w.p, "A", PLAN_SEND), "");
	/* a retry waits for its time */
	assert_null(find(w.p, "B", PLAN_RESEND));
	e = find(w.p, "B", PLAN_LATER);
	assert_int_equal(e->record_id, 8);
	assert_true(e->at == T("2024-01-24T09:00:00"));
	run(&w, "2024-01-24T09:00:00");
	assert_non_null(find(w.p, "B", PLAN_RESEND));
	plan_free(w.p);
}

static void
test_all_days_when_not_working_days_only(void **state)
{
	struct yk_campaign c = camp;
	struct plan_slot *s;
	struct yk_err err = { 0 };
	size_t n;
	(void)state;

	c.reminders.working_days_only = false;
	assert_int_equal(plan_slots(&c, &s, &n, &err), 0);
	assert_true(s[1].at == T("2024-01-28T08:00:00")); /* Sunday stays */
	assert_true(s[4].at == T("2024-02-04T08:00:00"));
	assert_true(plan_in_window(&c.reminders, T("2024-01-28T09:00:00")));
	assert_false(plan_in_window(&camp.reminders, T("2024-01-28T09:00:00")));
	assert_int_equal(plan_days_left(&c, T("2024-01-28T09:00:00")), 3);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_weekend_and_holiday),
		cmocka_unit_test(test_neighbours_keep_their_own_day),
		cmocka_unit_test(test_no_slot_on_a_day_off),
		cmocka_unit_test(test_due_inside_the_window_only),
		cmocka_unit_test(test_reply_between_two_reminders),
		cmocka_unit_test(test_overdue_cap),
		cmocka_unit_test(test_agency_added_mid_campaign),
		cmocka_unit_test(test_bouncing_address),
		cmocka_unit_test(test_deadline_past_when_campaign_added),
		cmocka_unit_test(test_deadline_as_a_date),
		cmocka_unit_test(test_crash_and_retry),
		cmocka_unit_test(test_all_days_when_not_working_days_only),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
