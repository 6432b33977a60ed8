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

static char *
esc(int (*fn)(struct buf *, const char *), const char *s)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(fn(&b, s), 0);
	return buf_take(&b);
}

static void
test_html_escaping(void **state)
{
	char *s = esc(esc_html, "<script>alert('x')</script> & \"q\"\x01\x1b[31m");
	(void)state;

	assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
	                       "[31m");
	free(s);
	s = esc(esc_html, "Sở Nội vụ\nđề nghị");
	assert_string_equal(s, "Sở Nội vụ\nđề nghị");
	free(s);
}

static void
test_csv_escaping(void **state)
{
	char *s;
	(void)state;

	s = esc(esc_csv, "plain");
	assert_string_equal(s, "plain");
	free(s);
	s = esc(esc_csv, "a,b");
	assert_string_equal(s, "\"a,b\"");
	free(s);
	s = esc(esc_csv, "say \"hi\"");
	assert_string_equal(s, "\"say \"\"hi\"\"\"");
	free(s);
	s = esc(esc_csv, "line1\nline2\r\nline3");
	assert_string_equal(s, "\"line1\r\nline2\r\nline3\"");
	free(s);
	/* never a formula in a spreadsheet */
	s = esc(esc_csv, "=HYPERLINK(\"http://x\")");
	assert_string_equal(s, "\"'=HYPERLINK(\"\"http://x\"\")\"");
	free(s);
	s = esc(esc_csv, "@SUM(A1)");
	assert_string_equal(s, "'@SUM(A1)");
	free(s);
	s = esc(esc_csv, "Ý kiến khác");
	assert_string_equal(s, "Ý kiến khác");
	free(s);
}

static void
test_md_and_term_escaping(void **state)
{
	char *s;
	(void)state;

	s = esc(esc_md_cell, "a|b *c* <i>\nd");
	assert_string_equal(s, "a\\|b \\*c\\* \\<i\\><br>d");
	free(s);
	s = esc(esc_term, "ok\x1b[2Jx\xc2\x9b" "1mé");
	assert_string_equal(s, "ok\\x1b[2Jx\\x9b1mé");
	free(s);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escaping),
		cmocka_unit_test(test_csv_escaping),
		cmocka_unit_test(test_md_and_term_escaping),
		cmocka_unit_test(test_full_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
