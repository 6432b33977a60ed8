/* Unit tests of lib/escape: untrusted text made safe for HTML, CSV,
 * Markdown and a terminal, and a failed append reported, not hidden. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "escape.h"

/* FN applied to IN gives WANT, and no error. */
static void
expect(int (*fn)(struct buf *, const char *), const char *in, const char *want)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(fn(&b, in), 0);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_html_escaping(void **state)
{
	(void)state;

	expect(esc_html, "<script>alert('x')</script> & \"q\"\x01\x1b[31m",
	       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;[31m");
	expect(esc_html, "Sở Nội vụ\nđề nghị", "Sở Nội vụ\nđề nghị");
}

static void
test_csv_escaping(void **state)
{
	(void)state;

	expect(esc_csv, "plain", "plain");
	expect(esc_csv, "a,b", "\"a,b\"");
	expect(esc_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	expect(esc_csv, "line1\nline2\r\nline3", "\"line1\r\nline2\r\nline3\"");
	/* never a formula in a spreadsheet */
	expect(esc_csv, "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	expect(esc_csv, "@SUM(A1)", "'@SUM(A1)");
	expect(esc_csv, "Ý kiến khác", "Ý kiến khác");
}

static void
test_md_and_term_escaping(void **state)
{
	(void)state;

	expect(esc_md_cell, "a|b *c* <i>\nd", "a\\|b \\*c\\* \\<i\\><br>d");
	expect(esc_term, "ok\x1b[2Jx\xc2\x9b" "1mé", "ok\\x1b[2Jx\\x9b1mé");
}

/* A buffer at its limit: every writer says so, with the limit's own code. */
static void
test_full_buffer(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 4);
	assert_int_equal(esc_html(&b, "<<<<"), YK_ELIMIT);
	buf_reset(&b);
	assert_int_equal(esc_csv(&b, "a,b,c"), YK_ELIMIT);
	buf_reset(&b);
	assert_int_equal(esc_md_cell(&b, "a|b|c"), YK_ELIMIT);
	buf_reset(&b);
	assert_int_equal(esc_term(&b, "\x1b\x1b"), YK_ELIMIT);
	buf_reset(&b);
	assert_int_equal(esc_html(&b, "abc"), 0);
	buf_free(&b);
}

/* a libconfig string: quotes and backslashes escaped, control characters
 * (which a libconfig string cannot hold) left out, NULL empty */
static void
test_libconfig_string(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(esc_libconfig(&b, "Sở \"Y\" tế\\\n\tx\x7f"), 0);
	assert_string_equal(b.data, "\"Sở \\\"Y\\\" tế\\\\x\"");
	buf_reset(&b);
	assert_int_equal(esc_libconfig(&b, NULL), 0);
	assert_string_equal(b.data, "\"\"");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_csv_escaping),
		cmocka_unit_test(test_md_and_term_escaping),
		cmocka_unit_test(test_full_buffer),
		cmocka_unit_test(test_libconfig_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
