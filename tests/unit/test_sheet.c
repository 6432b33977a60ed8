/* Unit tests of lib/sheet: CSV in UTF-8 (with or without BOM) or
 * windows-1258 (tone marks as combining characters, composed to NFC), its
 * delimiter found under a title row, RFC 4180 quotes, and the sheet's own
 * row numbers kept for the error messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sheet.h"

static struct sheet *
csv(const char *s, size_t n)
{
	struct sheet *sh = NULL;
	struct yk_err err = { 0 };

	assert_int_equal(sheet_read_csv(s, n, &sh, &err), 0);
	assert_non_null(sh);
	return sh;
}

static void
test_delimiter(void **state)
{
	(void)state;
	assert_int_equal(sheet_csv_delim("Tên;Email;Khối", 16), ';');
	assert_int_equal(sheet_csv_delim("Tên\tEmail\tKhối", 16), '\t');
	assert_int_equal(sheet_csv_delim("Tên,Email,Khối", 16), ',');
	/* commas inside quotes are not delimiters */
	assert_int_equal(sheet_csv_delim("\"Sở Văn hóa, Thể thao, Du lịch\";a@b.vn", 41), ';');
	assert_int_equal(sheet_csv_delim("only", 4), ',');
}

static void
test_utf8_bom_quotes_rows(void **state)
{
	static const char in[] = "\xef\xbb\xbf" "DANH SÁCH\r\n"
	                         "\r\n"
	                         "Mã;Tên cơ quan;Email\r\n"
	                         "SYT;\"Sở Y tế; \"\"cũ\"\"\";\"a@x.vn, b@x.vn\"\r\n"
	                         "\"X\";\"hai\ndòng\";c@x.vn";
	struct sheet *sh = csv(in, sizeof in - 1);

	(void)state;
	assert_int_equal(sh->n, 4);   /* the blank row left out */
	assert_int_equal(sh->rows[0].line, 1);
	assert_string_equal(sh->rows[0].cells[0], "DANH SÁCH");
	assert_int_equal(sh->rows[1].line, 3);
	assert_string_equal(sh->rows[1].cells[1], "Tên cơ quan");
	assert_int_equal(sh->rows[2].line, 4);
	assert_string_equal(sh->rows[2].cells[1], "Sở Y tế; \"cũ\"");
	assert_string_equal(sh->rows[2].cells[2], "a@x.vn, b@x.vn");
	assert_string_equal(sh->rows[3].cells[1], "hai\ndòng");
	assert_string_equal(sheet_cell(&sh->rows[3], 9), "");
	sheet_free(sh);
}

static void
test_cp1258(void **state)
{
	/* "Tên,Email\nSở Y tế,syt@x.vn\nĐài Phát thanh,d@x.vn" in windows-1258:
	 * ơ F5, ê EA, Đ D0, à as a + combining grave CC, ở as ơ + hook D2, ế
	 * as ê + acute EC */
	static const char in[] = "T\xea" "n,Email\n"
	                         "S\xf5\xd2 Y t\xea\xec,syt@x.vn\n"
	                         "\xd0" "a\xcc" "i Ph\xe1t thanh,d@x.vn\n";
	struct sheet *sh = csv(in, sizeof in - 1);

	(void)state;
	assert_int_equal(sh->n, 3);
	assert_string_equal(sh->rows[0].cells[0], "Tên");
	/* precomposed (NFC): the bytes of U+1EDF and U+1EBF */
	assert_string_equal(sh->rows[1].cells[0], "S\xe1\xbb\x9f Y t\xe1\xba\xbf");
	assert_string_equal(sh->rows[2].cells[0], "Đài Phát thanh");
	assert_string_equal(sh->rows[2].cells[1], "d@x.vn");
	sheet_free(sh);
}

static void
test_tab_and_limits(void **state)
{
	struct sheet *sh;
	struct yk_err err = { 0 };
	char *big;

	(void)state;
	sh = csv("Name\tEmail\nA\ta@x.vn\n", 20);
	assert_int_equal(sh->n, 2);
	assert_string_equal(sh->rows[1].cells[1], "a@x.vn");
	sheet_free(sh);
	/* a cell past SHEET_MAX_CELL is refused, not cut */
	big = malloc(SHEET_MAX_CELL + 20);
	assert_non_null(big);
	memset(big, 'a', SHEET_MAX_CELL + 10);
	memcpy(big, "x,", 2);
	sh = NULL;
	assert_int_equal(sheet_read_csv(big, SHEET_MAX_CELL + 10, &sh, &err), YK_ELIMIT);
	assert_null(sh);
	free(big);
}

static void
test_detect(void **state)
{
	(void)state;
	assert_int_equal(sheet_detect("a.XLSX", "", 0), SHEET_XLSX);
	assert_int_equal(sheet_detect("a.ods", "", 0), SHEET_ODS);
	assert_int_equal(sheet_detect("a.csv", "PK\3\4", 4), SHEET_CSV);
	assert_int_equal(sheet_detect("a.xlsx", "PK\3\4....content.xml", 19), SHEET_ODS);
	assert_int_equal(sheet_detect("a.docx", "PK\3\4....word/document.xml", 25), SHEET_UNKNOWN);
	assert_int_equal(sheet_detect("a", "PK\3\4....xl/workbook.xml", 23), SHEET_XLSX);
	assert_int_equal(sheet_detect(NULL, "a;b", 3), SHEET_CSV);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delimiter),
		cmocka_unit_test(test_utf8_bom_quotes_rows),
		cmocka_unit_test(test_cp1258),
		cmocka_unit_test(test_tab_and_limits),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
