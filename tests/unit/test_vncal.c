/* Unit tests for lib/vncal: the lunar new year and Giỗ Tổ computed for
 * UTC+7, the public holidays of the Labour Code 2019 with their
 * compensatory days, the Government's announced days off and make-up
 * working days, and what the configuration adds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "isotime.h"
#include "vncal.h"

static long long
day(int y, int m, int d)
{
	return isotime_days_from_civil(y, m, d);
}

static void
test_tet_2020_2030(void **state)
{
	static const int known[][3] = {
		{ 2020, 1, 25 }, { 2021, 2, 12 }, { 2022, 2, 1 }, { 2023, 1, 22 },
		{ 2024, 2, 10 }, { 2025, 1, 29 }, { 2026, 2, 17 }, { 2027, 2, 6 },
		{ 2028, 1, 26 }, { 2029, 2, 13 },
		/* 2030: the new moon is at 16:07 UTC on 2 February, 23:07 in
		 * Viet Nam but 00:07 on the 3rd in China: Tết Canh Tuất is on
		 * 2/2/2030 in Viet Nam, 3/2 in the Chinese calendar (UTC+8).
		 * The lists of "lunar new year" dates are usually China's. */
		{ 2030, 2, 2 },
		/* and the years Viet Nam and China differed before */
		{ 1985, 1, 21 }, { 2007, 2, 17 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		assert_int_equal(vncal_tet(known[i][0]), day(known[i][0], known[i][1], known[i][2]));
	assert_int_not_equal(vncal_tet(2030), day(2030, 2, 3));
}

static void
test_gio_to(void **state)
{
	(void)state;
	/* 10/3 âm lịch */
	assert_int_equal(vncal_lunar_to_day(10, 3, 2022, false), day(2022, 4, 10));
	assert_int_equal(vncal_lunar_to_day(10, 3, 2023, false), day(2023, 4, 29));
	assert_int_equal(vncal_lunar_to_day(10, 3, 2024, false), day(2024, 4, 18));
	assert_int_equal(vncal_lunar_to_day(10, 3, 2025, false), day(2025, 4, 7));
	assert_int_equal(vncal_lunar_to_day(10, 3, 2026, false), day(2026, 4, 26));
	/* 2023 had a leap second month (nhuận tháng 2): month 3 comes after
	 * it, and there is no leap month 3 */
	assert_int_equal(vncal_lunar_to_day(1, 2, 2023, true), day(2023, 3, 22));
	assert_int_equal(vncal_lunar_to_day(1, 3, 2023, true), -1);
	/* 2025 had a leap sixth month: 1/6 nhuận is 25/7/2025 */
	assert_int_equal(vncal_lunar_to_day(1, 6, 2025, true), day(2025, 7, 25));
}

static void
test_holidays_by_the_rule(void **state)
{
	(void)state;
	/* 2022, no announcement needed: Tết 31/1-4/2 (Mon-Fri) */
	assert_false(vncal_day_off(NULL, day(2022, 1, 28)));
	for (int d = 31; d <= 35; d++)
		assert_true(vncal_day_off(NULL, day(2022, 1, 1) + d - 1));
	assert_true(vncal_working(NULL, day(2022, 2, 7)));
	/* 1/1/2022 a Saturday: Monday 3/1 off (Art. 112(3)) */
	assert_true(vncal_day_off(NULL, day(2022, 1, 3)));
	/* 2023: Giỗ Tổ Sat 29/4 and 30/4 Sun: Tue 2/5 and Wed 3/5 off */
	assert_true(vncal_day_off(NULL, day(2023, 5, 1)));
	assert_true(vncal_day_off(NULL, day(2023, 5, 2)));
	assert_true(vncal_day_off(NULL, day(2023, 5, 3)));
	assert_true(vncal_working(NULL, day(2023, 5, 4)));
	/* Quốc khánh: two days from 2021 */
	assert_true(vncal_day_off(NULL, day(2024, 9, 2)));
	assert_true(vncal_day_off(NULL, day(2024, 9, 3)));
	assert_true(vncal_day_off(NULL, day(2025, 9, 1)));
	assert_true(vncal_working(NULL, day(2025, 9, 3)));
	/* a plain weekday and a plain weekend */
	assert_true(vncal_working(NULL, day(2024, 3, 12)));
	assert_false(vncal_day_off(NULL, day(2024, 3, 16)));
	assert_false(vncal_working(NULL, day(2024, 3, 16)));
}

static void
test_announced(void **state)
{
	(void)state;
	/* Tết Giáp Thìn: off Thu 8/2 to Wed 14/2/2024, back Thu 15/2 */
	assert_true(vncal_working(NULL, day(2024, 2, 7)));
	for (int d = 8; d <= 14; d++)
		assert_false(vncal_working(NULL, day(2024, 2, d)));
	assert_true(vncal_working(NULL, day(2024, 2, 15)));
	/* Tết Ất Tỵ: off Sat 25/1 to Sun 2/2/2025, Mon 27/1 made up on Sat 8/2 */
	assert_true(vncal_working(NULL, day(2025, 1, 24)));
	for (int d = 25; d <= 33; d++)
		assert_false(vncal_working(NULL, day(2025, 1, 1) + d - 1));
	assert_true(vncal_working(NULL, day(2025, 2, 3)));
	assert_true(vncal_working(NULL, day(2025, 2, 8)));
	assert_false(vncal_day_off(NULL, day(2025, 2, 8)));
	/* the weekends inside the break are days off too, the weekend after
	 * the make-up Saturday is a plain one */
	assert_true(vncal_day_off(NULL, day(2025, 1, 25)));
	assert_true(vncal_day_off(NULL, day(2025, 1, 26)));
	assert_true(vncal_day_off(NULL, day(2025, 2, 2)));
	assert_false(vncal_day_off(NULL, day(2025, 2, 9)));
	assert_false(vncal_day_off(NULL, day(2025, 1, 19)));
	/* 30/4-1/5/2025: Fri 2/5 off, made up on Sat 26/4 */
	assert_true(vncal_day_off(NULL, day(2025, 5, 2)));
	assert_true(vncal_working(NULL, day(2025, 4, 26)));
}

static void
test_configured(void **state)
{
	long long off[] = { day(2027, 2, 5), day(2027, 2, 12) };
	long long work[] = { day(2027, 2, 20), day(2027, 2, 8) };
	struct vncal_extra x = { off, 2, work, 2 };
	(void)state;

	/* Tết 2027 is Sat 6/2: the rule gives Fri 5/2 and 6-9/2 with
	 * compensatory days 10/2 and 11/2 */
	assert_true(vncal_day_off(NULL, day(2027, 2, 5)));
	assert_true(vncal_day_off(NULL, day(2027, 2, 11)));
	assert_false(vncal_day_off(NULL, day(2027, 2, 12)));
	/* the configuration adds Fri 12/2, makes Mon 8/2 a working day and
	 * Sat 20/2 a make-up working day */
	assert_true(vncal_day_off(&x, day(2027, 2, 12)));
	assert_false(vncal_working(&x, day(2027, 2, 12)));
	assert_true(vncal_working(&x, day(2027, 2, 8)));
	assert_true(vncal_working(&x, day(2027, 2, 20)));
	assert_false(vncal_working(NULL, day(2027, 2, 20)));
	/* a day the configuration takes off is off even if the shipped table
	 * made it a working day */
	{
		long long off2[] = { day(2025, 2, 8) };
		struct vncal_extra y = { off2, 1, NULL, 0 };
		assert_false(vncal_working(&y, day(2025, 2, 8)));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tet_2020_2030),
		cmocka_unit_test(test_gio_to),
		cmocka_unit_test(test_holidays_by_the_rule),
		cmocka_unit_test(test_announced),
		cmocka_unit_test(test_configured),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
