/* Unit tests for lib/isotime: ISO 8601 times parsed with range checks,
 * deadlines as a day in Viet Nam, and the day count behind them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "err.h"
#include "isotime.h"

static void
test_parse_time(void **state)
{
	time_t t;
	(void)state;

	assert_int_equal(isotime_parse("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(isotime_parse("2024-01-15T08:00:00+07:00", &t), 0);
	assert_int_equal(t, 1705280400);
	assert_int_equal(isotime_parse("2024-02-29T00:00Z", &t), 0);
	assert_int_equal(isotime_parse("2023-02-29T00:00Z", &t), YK_EINVAL);
	assert_int_equal(isotime_parse("2024-01-15 08:00", &t), YK_EINVAL);   /* no offset */
	assert_int_equal(isotime_parse("2024-01-15T08:00:00+7", &t), YK_EINVAL);
	assert_int_equal(isotime_parse("2024-01-15T25:00:00Z", &t), YK_EINVAL);
}


/* "trong tháng 01/2024": a deadline written as a date alone is the end of
 * that day in Viet Nam; a time of day stays possible. */
static void
test_deadline_as_a_date(void **state)
{
	time_t t, last;
	bool day;
	(void)state;

	assert_int_equal(isotime_parse_deadline("2024-01-31", &t, &day), 0);
	assert_true(day);
	assert_int_equal(isotime_parse("2024-01-31T23:59:59+07:00", &last), 0);
	assert_int_equal(t, last);
	assert_int_equal(t, 1706720399); /* 2024-01-31T16:59:59Z */
	assert_int_equal(isotime_parse_deadline("2024-01-31T17:00:00+07:00", &t, &day), 0);
	assert_false(day);
	assert_int_equal(t, 1706695200);
	assert_int_equal(isotime_parse_deadline("2024-02-30", &t, &day), YK_EINVAL);
	assert_int_equal(isotime_parse_deadline("31/01/2024", &t, &day), YK_EINVAL);
	assert_int_equal(isotime_parse_deadline("2024-1-31", &t, &day), YK_EINVAL);
	/* a leap day, and the end of a year */
	assert_int_equal(isotime_parse_deadline("2024-02-29", &t, &day), 0);
	assert_int_equal(isotime_parse("2024-02-29T23:59:59+07:00", &last), 0);
	assert_int_equal(t, last);
	assert_int_equal(isotime_parse_deadline("2023-12-31", &t, &day), 0);
	assert_int_equal(isotime_parse("2024-01-01T00:00:00+07:00", &last), 0);
	assert_int_equal(t, last - 1);
}

static void
test_hhmm_and_day(void **state)
{
	int m = -1;
	(void)state;

	assert_int_equal(isotime_parse_hhmm("07:30", &m), 0);
	assert_int_equal(m, 450);
	assert_int_equal(isotime_parse_hhmm("23:59", &m), 0);
	assert_int_equal(m, 1439);
	assert_int_equal(isotime_parse_hhmm("24:00", &m), YK_EINVAL);
	assert_int_equal(isotime_parse_hhmm("7:30", &m), YK_EINVAL);
	assert_int_equal(isotime_parse_hhmm("07:60", &m), YK_EINVAL);
	assert_int_equal(m, 1439); /* unchanged on failure */
	assert_true(isotime_valid_day("2024-02-29"));
	assert_false(isotime_valid_day("2023-02-29"));
	assert_false(isotime_valid_day("2024-04-31"));
	assert_false(isotime_valid_day("2024-01-31T00:00Z"));
	assert_false(isotime_valid_day(NULL));
}

static void
test_parse_day(void **state)
{
	int y = 0, m = 0, d = 0;
	(void)state;

	assert_int_equal(isotime_parse_day("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_int_equal(isotime_parse_day("2023-02-29", &y, &m, &d), YK_EINVAL);
	assert_int_equal(isotime_parse_day("1969-12-31", &y, &m, &d), YK_EINVAL);
	assert_int_equal(isotime_parse_day("2024-01-08x", &y, &m, &d), YK_EINVAL);
	assert_int_equal(isotime_parse_day(NULL, &y, &m, &d), YK_EINVAL);
	/* unchanged on failure */
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
}

static void
test_days_and_format(void **state)
{
	char out[ISOTIME_LEN];
	(void)state;

	assert_int_equal(isotime_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(isotime_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(isotime_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(isotime_days_from_civil(2024, 1, 31), 19753);
	isotime_format(1706720399, out);
	assert_string_equal(out, "2024-01-31T16:59:59Z");
	isotime_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
}

/* Dates as a Vietnamese office writes them: "31/01/2024", "31/01/2024
 * 17:00" in Viet Nam time, ISO 8601 still. */
static void
test_human_dates(void **state)
{
	time_t t, iso;
	bool is_day = false;
	int y, m, d;
	(void)state;

	/* a deadline day alone: its last second, Viet Nam time, both forms */
	assert_int_equal(isotime_parse_human("31/01/2024", 1, &t, &is_day), 0);
	assert_true(is_day);
	assert_int_equal(isotime_parse("2024-01-31T23:59:59+07:00", &iso), 0);
	assert_int_equal(t, iso);
	assert_int_equal(isotime_parse_human("2024-01-31", 1, &t, &is_day), 0);
	assert_int_equal(t, iso);
	/* the letter's day alone: its first second */
	assert_int_equal(isotime_parse_human("15/01/2024", 0, &t, &is_day), 0);
	assert_int_equal(isotime_parse("2024-01-15T00:00:00+07:00", &iso), 0);
	assert_int_equal(t, iso);
	/* a day alone refused where a time is needed */
	assert_int_equal(isotime_parse_human("15/01/2024", -1, &t, &is_day), YK_EINVAL);
	/* a wall-clock time is Viet Nam's, not UTC */
	assert_int_equal(isotime_parse_human("31/01/2024 17:00", 1, &t, &is_day), 0);
	assert_false(is_day);
	assert_int_equal(isotime_parse("2024-01-31T17:00:00+07:00", &iso), 0);
	assert_int_equal(t, iso);
	assert_int_equal(isotime_parse_human("5/2/2024 08:30:15", -1, &t, NULL), 0);
	assert_int_equal(isotime_parse("2024-02-05T08:30:15+07:00", &iso), 0);
	assert_int_equal(t, iso);
	/* ISO 8601 as before */
	assert_int_equal(isotime_parse_human("2024-01-15T08:00:00+07:00", -1, &t, NULL), 0);
	assert_int_equal(t, 1705280400);
	/* not days, not times */
	assert_int_equal(isotime_parse_human("31/02/2024", 1, &t, NULL), YK_EINVAL);
	assert_int_equal(isotime_parse_human("29/02/2023 10:00", 1, &t, NULL), YK_EINVAL);
	assert_int_equal(isotime_parse_human("31/01/2024 24:00", 1, &t, NULL), YK_EINVAL);
	assert_int_equal(isotime_parse_human("31/01/24", 1, &t, NULL), YK_EINVAL);
	assert_int_equal(isotime_parse_human("31/01/2024 17h", 1, &t, NULL), YK_EINVAL);
	assert_int_equal(isotime_parse_human("31-01-2024", 1, &t, NULL), YK_EINVAL);
	assert_int_equal(isotime_parse_human("13/13/2024", 1, &t, NULL), YK_EINVAL);
	/* a day in either form */
	assert_int_equal(isotime_parse_date("25/1/2025", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20250125);
	assert_int_equal(isotime_parse_date("2025-01-25", &y, &m, &d), 0);
	assert_int_equal(y * 10000 + m * 100 + d, 20250125);
	assert_int_equal(isotime_parse_date("25/01/2025 08:00", &y, &m, &d), YK_EINVAL);
	assert_int_equal(isotime_parse_date("125/01/2025", &y, &m, &d), YK_EINVAL);
}

/* days -> Y-M-D is the inverse of Y-M-D -> days, and a month's length
 * follows the Gregorian leap rule */
static void
test_civil_from_days(void **state)
{
	int y, m, d;

	(void)state;
	for (long long z = -800000; z <= 800000; z += 997) {
		isotime_civil_from_days(z, &y, &m, &d);
		assert_int_equal(isotime_days_from_civil(y, m, d), z);
	}
	isotime_civil_from_days(isotime_days_from_civil(2024, 3, 1) - 1, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	assert_int_equal(isotime_month_days(2024, 2), 29);
	assert_int_equal(isotime_month_days(2100, 2), 28);
	assert_int_equal(isotime_month_days(2000, 2), 29);
	assert_int_equal(isotime_month_days(2023, 12), 31);
	assert_int_equal(isotime_month_days(2024, 4), 30);
}

/* The one style agencies read: Viet Nam's time (UTC+7), two digits each. */
static void
test_format_vi(void **state)
{
	char out[ISOTIME_VI_LEN];
	time_t t;

	(void)state;
	/* 10:00 UTC is 17 giờ 00 in Viet Nam */
	assert_int_equal(isotime_parse("2024-01-31T10:00:00Z", &t), 0);
	isotime_format_vi(t, out);
	assert_string_equal(out, "17 giờ 00 ngày 31/01/2024");
	isotime_format_vi_deadline(t, false, out);
	assert_string_equal(out, "17 giờ 00 ngày 31/01/2024");
	/* 17:30 UTC is already the next day (and month) in Viet Nam */
	assert_int_equal(isotime_parse("2024-01-31T17:30:00Z", &t), 0);
	isotime_format_vi(t, out);
	assert_string_equal(out, "00 giờ 30 ngày 01/02/2024");
	/* a deadline written as a day: its last second, shown as the day */
	assert_int_equal(isotime_parse("2024-01-31T23:59:59+07:00", &t), 0);
	isotime_format_vi_day(t, out);
	assert_string_equal(out, "ngày 31/01/2024");
	isotime_format_vi_deadline(t, true, out);
	assert_string_equal(out, "ngày 31/01/2024");
	isotime_format_vi_date(t, out);
	assert_string_equal(out, "31/01/2024");
	assert_int_equal(isotime_parse("2024-01-16T07:30:00+07:00", &t), 0);
	isotime_format_vi(t, out);
	assert_string_equal(out, "07 giờ 30 ngày 16/01/2024");
	/* a time no one can read is shown as nothing, not as garbage */
	isotime_format_vi((time_t)-86400 * 2, out);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_deadline_as_a_date),
		cmocka_unit_test(test_hhmm_and_day),
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_days_and_format),
		cmocka_unit_test(test_human_dates),
		cmocka_unit_test(test_civil_from_days),
		cmocka_unit_test(test_format_vi),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
