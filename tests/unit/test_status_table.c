/* Unit tests for the choice column of the status table (lib/status_table):
 * an option is shown by its wording, cut by display width with "…" and
 * never inside a letter; several options drop the words they all begin
 * with.  No catalogue is bound here, so the words are the English ids
 * (tests/integration/i18n.sh runs the Vietnamese). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistr.h>
#include <uniwidth.h>

#include "status_table.h"
#include "fixture_config.h"

static int
width(const char *s)
{
	return u8_strwidth((const uint8_t *)s, "UTF-8");
}

static void
test_one_option_whole(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(status_table_choice(&fx_sections[1], 1u, false, &b), 0);
	assert_string_equal(b.data, "Đề nghị tiếp tục tổ chức Hội thi");
	buf_reset(&b);
	assert_int_equal(status_table_choice(&fx_sections[1], 2u, true, &b), 0);
	assert_string_equal(b.data, "Đề nghị hình thức tuyên truyền khác*");
	buf_reset(&b);
	assert_int_equal(status_table_choice(&fx_sections[1], 0u, false, &b), 0);
	assert_string_equal(b.data, "-");
	buf_reset(&b);
	/* a correction to "none" still says a person set it */
	assert_int_equal(status_table_choice(&fx_sections[1], 0u, true, &b), 0);
	assert_string_equal(b.data, "-*");
	buf_free(&b);
}

static void
test_two_options_drop_shared_words(void **state)
{
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(status_table_choice(&fx_sections[1], 3u, false, &b), 0);
	assert_string_equal(b.data, "tiếp tục tổ chức Hội thi + hình thức tuyên truyền …");
	buf_free(&b);
}

static void
test_long_wording_cut_by_display_width(void **state)
{
	/* decomposed: "ệ" as e + U+0323 + U+0302, the way some mailers send it */
	static struct yk_option opts[] = {
		{ .id = "a", .text = "Kie\xcc\xa3\xcc\x82n nghi\xcc\xa3 ba\xcc\x89o "
		                     "đảm kinh phí và nhân lực cho công tác cải cách hành chính" },
		{ .id = "b", .text = NULL },
	};
	static struct yk_section sec = { .id = "s", .heading = "h", .options = opts,
		                         .n_options = 2 };
	struct buf b;
	size_t len;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(status_table_choice(&sec, 1u, false, &b), 0);
	len = strlen(b.data);
	assert_true(len > 3);
	assert_string_equal(b.data + len - 3, "…");
	assert_int_equal(width(b.data), 36);
	assert_int_equal(strncmp(b.data, "Kie\xcc\xa3\xcc\x82n nghi", 12), 0);
	assert_null(u8_check((const uint8_t *)b.data, len));
	/* an option without a wording is shown by its id; no shared words then */
	buf_reset(&b);
	assert_int_equal(status_table_choice(&sec, 2u, false, &b), 0);
	assert_string_equal(b.data, "b");
	buf_free(&b);
}

/* A cut that falls on a letter's combining marks keeps them with it. */
static void
test_cut_keeps_combining_marks(void **state)
{
	/* 34 ASCII columns, then "ệ" decomposed, then more */
	static struct yk_option opts[] = {
		{ .id = "a", .text = "abcdefghijklmnopqrstuvwxyzabcdefgh"
		                     "e\xcc\xa3\xcc\x82xyz" },
	};
	static struct yk_section sec = { .id = "s", .heading = "h", .options = opts,
		                         .n_options = 1 };
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(status_table_choice(&sec, 1u, false, &b), 0);
	assert_string_equal(b.data, "abcdefghijklmnopqrstuvwxyzabcdefgh"
	                            "e\xcc\xa3\xcc\x82…");
	assert_int_equal(width(b.data), 36);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_option_whole),
		cmocka_unit_test(test_two_options_drop_shared_words),
		cmocka_unit_test(test_long_wording_cut_by_display_width),
		cmocka_unit_test(test_cut_keeps_combining_marks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
