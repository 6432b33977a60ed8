/* Unit tests for lib/buf: the limit and the first failure kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "err.h"

static void
test_limit_refuses_and_keeps_buffer(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_adds(&b, "abc"), 0);
	assert_int_equal(buf_status(&b), 0);
	assert_int_equal(buf_adds(&b, "de"), YK_ELIMIT);
	assert_string_equal(b.data, "abc");
	assert_int_equal(buf_status(&b), YK_ELIMIT);
	/* a later append that fits succeeds, and the failure is still kept */
	assert_int_equal(buf_addc(&b, 'd'), 0);
	assert_string_equal(b.data, "abcd");
	assert_int_equal(buf_status(&b), YK_ELIMIT);
	assert_int_equal(buf_printf(&b, "%d", 5), YK_ELIMIT);
	buf_consume(&b, 4);
	assert_int_equal(buf_status(&b), YK_ELIMIT);
	buf_reset(&b);
	assert_int_equal(buf_status(&b), 0);
	assert_int_equal(buf_printf(&b, "%s", "xy"), 0);
	assert_string_equal(b.data, "xy");
	buf_free(&b);
}

static void
test_reserve_over_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_reserve(&b, 9), YK_ELIMIT);
	assert_int_equal(buf_status(&b), YK_ELIMIT);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_refuses_and_keeps_buffer),
		cmocka_unit_test(test_reserve_over_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
