/* Unit tests for lib/json and lib/buf: escaping, invalid UTF-8 replaced,
 * the buffer limit is an error, never a silent truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "err.h"
#include "json.h"
#include "log.h"

static void
test_escaping(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(json_str(&b, "a\"b\\c\nd\te\x01 Sở"), 0);
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\nd\\te\\u0001 Sở\"");
	buf_reset(&b);
	assert_int_equal(json_str(&b, NULL), 0);
	assert_string_equal(b.data, "null");
	buf_reset(&b);
	/* invalid UTF-8, an overlong form, a surrogate: each becomes U+FFFD */
	assert_int_equal(json_str(&b, "x\xff" "y\xc0\xaf" "z\xed\xa0\x80"), 0);
	assert_string_equal(b.data, "\"x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	buf_free(&b);
}

static void
test_buf_limit(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addc(&b, '9'), YK_ELIMIT);
	assert_int_equal(b.len, 8); /* unchanged on failure */
	assert_int_equal(buf_printf(&b, "%d", 1), YK_ELIMIT);
	buf_consume(&b, 3);
	assert_string_equal(b.data, "45678");
	buf_free(&b);
}

static void
test_buf_space_and_reserve(void **state)
{
	struct buf b;
	char *p;
	int rc = -1;
	(void)state;

	buf_init(&b, 16);
	assert_int_equal(buf_reserve(&b, 10), 0);
	assert_true(b.cap >= 11);
	p = buf_space(&b, 4, &rc);
	assert_non_null(p);
	memcpy(p, "abcd", 4);
	buf_commit(&b, 3); /* only three were "received" */
	assert_string_equal(b.data, "abc");
	assert_null(buf_space(&b, 14, &rc)); /* 3 + 14 > 16 */
	assert_int_equal(rc, YK_ELIMIT);
	assert_int_equal(buf_reserve(&b, 17), YK_ELIMIT);
	buf_free(&b);
}

static void
test_log_escape(void **state)
{
	char out[32];
	(void)state;

	assert_string_equal(log_escape("Sở\r\n\x1b[31m", out, sizeof out), "Sở\\x0d\\x0a\\x1b[31m");
	assert_string_equal(log_escape("abc\xff", out, sizeof out), "abc\\xff");
	assert_string_equal(log_escape("0123456789012345678901234567890123456789", out, sizeof out),
	                    "0123456789012345678901234567..."); /* 31 bytes and the NUL */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_buf_limit),
		cmocka_unit_test(test_buf_space_and_reserve),
		cmocka_unit_test(test_log_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
