/* Unit tests of lib/docx: a document written and read back through the
 * project's own .docx reader (lib/readers/docx.c) and its parts looked at;
 * misuse and untrusted text reported or cleaned, never a broken package. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "docx.h"
#include "err.h"
#include "readers/readers.h"

/* The text of D as the reader sees it; D is freed. */
static char *
finish_and_read(struct docx *d, char **xml)
{
	struct yk_err err = { 0 };
	char *data = NULL, *text = NULL;
	size_t len = 0, xlen = 0;

	assert_int_equal(docx_finish(d, &data, &len, &err), 0);
	docx_free(d);
	assert_true(len > 100);
	assert_int_equal(docx_text(data, len, &text, &err), 0);
	if (xml)
		assert_int_equal(reader_zip_entry(data, len, "word/document.xml", xml, &xlen, &err), 0);
	free(data);
	return text;
}

static void
test_round_trip(void **state)
{
	static const unsigned w[] = { 4000, 5072 };
	static const struct docx_para centre = { .align = DOCX_CENTER, .no_after = true };
	static const struct docx_para rule = { .align = DOCX_CENTER, .rule = true, .ind_left = 1500,
		                               .ind_right = 1500, .line_pt = 2 };
	static const struct docx_para body = { .align = DOCX_BOTH, .first_line = 720 };
	const char *row[] = { "Sở Y tế", "Đã trả lời" };
	struct yk_err err = { 0 };
	struct docx *d = NULL;
	char *text, *xml = NULL;

	(void)state;
	assert_int_equal(docx_new(14, &d, &err), 0);
	docx_table_begin(d, w, 2, false);
	docx_row_begin(d, false);
	docx_cell_begin(d);
	docx_para(d, &centre, "SỞ NỘI VỤ", DOCX_BOLD, 13);
	docx_para(d, &rule, NULL, 0, 0);
	docx_cell_end(d);
	docx_cell_begin(d);
	docx_para(d, &centre, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOCX_BOLD, 13);
	docx_cell_end(d);
	docx_row_end(d);
	docx_table_end(d);
	docx_p_begin(d, &body);
	docx_run(d, "Kính gửi: ", DOCX_ITALIC, 0);
	docx_run(d, "Chủ tịch UBND tỉnh", DOCX_BOLD | DOCX_UNDERLINE, 0);
	docx_p_end(d);
	docx_para(d, &body, "dòng một\ndòng hai", 0, 0);
	docx_section(d, true);
	assert_int_equal(docx_text_width(d), DOCX_TEXT_W_LANDSCAPE);
	docx_table_begin(d, w, 2, true);
	docx_row_texts(d, row, 2, 0, 12, true);
	docx_table_end(d);
	text = finish_and_read(d, &xml);
	assert_non_null(strstr(text, "SỞ NỘI VỤ"));
	assert_non_null(strstr(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(text, "Kính gửi: Chủ tịch UBND tỉnh"));
	assert_non_null(strstr(text, "dòng một\ndòng hai"));
	assert_non_null(strstr(text, "Sở Y tế"));
	assert_non_null(strstr(text, "Đã trả lời"));
	/* A4 portrait then landscape, the margins, the page number from page 2 */
	assert_non_null(strstr(xml, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(xml, "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"));
	assert_non_null(strstr(xml, "w:left=\"1814\""));
	assert_non_null(strstr(xml, "<w:titlePg/>"));
	assert_non_null(strstr(xml, "<w:pBdr><w:bottom w:val=\"single\""));
	assert_non_null(strstr(xml, "w:firstLine=\"720\""));
	assert_non_null(strstr(xml, "<w:tblHeader/>"));
	assert_non_null(strstr(xml, "<w:b/>"));
	free(text);
	free(xml);
}

static void
test_untrusted_text(void **state)
{
	static const struct docx_para p = { 0 };
	struct yk_err err = { 0 };
	struct docx *d = NULL;
	char *text, *xml = NULL;

	(void)state;
	assert_int_equal(docx_new(13, &d, &err), 0);
	/* markup, a control character, an invalid byte, a CRLF */
	docx_para(d, &p, "<w:p>&amp; \x01x\xff y\r\nz", 0, 0);
	text = finish_and_read(d, &xml);
	assert_non_null(strstr(text, "<w:p>&amp; ?x? y\nz"));
	assert_non_null(strstr(xml, "&lt;w:p&gt;&amp;amp;"));
	free(text);
	free(xml);
}

static void
test_misuse_reported(void **state)
{
	static const unsigned w[] = { 1000 };
	struct yk_err err = { 0 };
	struct docx *d = NULL;
	char *data = NULL;
	size_t len = 0;

	(void)state;
	/* a run outside a paragraph */
	assert_int_equal(docx_new(14, &d, &err), 0);
	docx_run(d, "x", 0, 0);
	docx_para(d, NULL, "after", 0, 0);
	assert_int_equal(docx_finish(d, &data, &len, &err), YK_EINVAL);
	assert_null(data);
	assert_non_null(strstr(err.msg, "outside a paragraph"));
	docx_free(d);
	/* a table left open; a cell past the columns */
	yk_err_clear(&err);
	assert_int_equal(docx_new(14, &d, &err), 0);
	docx_table_begin(d, w, 1, true);
	assert_int_equal(docx_finish(d, &data, &len, &err), YK_EINVAL);
	docx_free(d);
	yk_err_clear(&err);
	assert_int_equal(docx_new(14, &d, &err), 0);
	docx_table_begin(d, w, 1, true);
	docx_row_begin(d, false);
	docx_cell_begin(d);
	docx_cell_end(d);
	docx_cell_begin(d);
	assert_int_equal(docx_finish(d, &data, &len, &err), YK_EINVAL);
	assert_non_null(strstr(err.msg, "past its columns"));
	docx_free(d);
}

static void
test_body_limit(void **state)
{
	static const struct docx_para p = { 0 };
	struct yk_err err = { 0 };
	struct docx *d = NULL;
	char *big, *data = NULL;
	size_t len = 0, n = (size_t)1 << 20;

	(void)state;
	big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'a', n);
	big[n] = '\0';
	assert_int_equal(docx_new(14, &d, &err), 0);
	for (size_t i = 0; i < DOCX_MAX_BODY / n + 2; i++)
		docx_para(d, &p, big, 0, 0);
	assert_int_equal(docx_finish(d, &data, &len, &err), YK_ELIMIT);
	assert_null(data);
	docx_free(d);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_untrusted_text),
		cmocka_unit_test(test_misuse_reported),
		cmocka_unit_test(test_body_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
