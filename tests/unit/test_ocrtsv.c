/* Unit tests for lib/readers/ocrtsv: Tesseract's TSV to text, and the
 * tick boxes found on the picture put beside the lines they belong to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "readers/ocrtsv.h"

#define HEAD "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"

/* A form's part 2 as Tesseract gives it: the heading (a paragraph), then
 * two options in a second paragraph, the first preceded by what it read
 * of the box ("X"); a word at the far right of the second line; and the
 * rows of the other levels, which carry no text. */
static const char tsv[] =
	HEAD
	"1\t1\t0\t0\t0\t0\t0\t0\t1920\t2700\t-1\t\n"
	"2\t1\t1\t0\t0\t0\t200\t900\t1500\t60\t-1\t\n"
	"4\t1\t1\t1\t1\t0\t200\t900\t800\t50\t-1\t\n"
	"5\t1\t1\t1\t1\t1\t200\t900\t60\t50\t95.1\t2.\n"
	"5\t1\t1\t1\t1\t2\t280\t900\t200\t50\t94.0\tĐề\n"
	"5\t1\t1\t1\t1\t3\t500\t900\t200\t50\t93.0\tnghị\n"
	"5\t1\t2\t1\t1\t1\t212\t1004\t40\t44\t40.0\tX\n"
	"5\t1\t2\t1\t1\t2\t300\t1000\t150\t50\t90.0\tTiếp\n"
	"5\t1\t2\t1\t1\t3\t470\t1000\t100\t50\t90.0\ttục\n"
	"5\t1\t2\t1\t2\t1\t300\t1100\t150\t50\t90.0\tHình\n"
	"5\t1\t2\t1\t2\t2\t470\t1100\t100\t50\t90.0\tthức\n"
	"5\t1\t2\t1\t2\t3\t1400\t1100\t100\t50\t90.0\tkhác\n"
	"5\t1\t2\t1\t2\t4\t1600\t1100\t10\t50\t10.0\t \n";

static void
test_words(void **state)
{
	struct ocrtsv_word *w;
	size_t n;

	(void)state;
	assert_int_equal(ocrtsv_words(tsv, strlen(tsv), &w, &n), 0);
	assert_int_equal(n, 9); /* the blank word is no word */
	assert_int_equal(w[0].line, 0);
	assert_int_equal(w[2].line, 0);
	assert_true(w[2].par_end);
	assert_false(w[1].par_end);
	assert_int_equal(w[3].line, 1);
	assert_int_equal(w[6].line, 2);
	assert_true(w[8].par_end);
	assert_int_equal(w[4].x, 300);
	assert_int_equal(w[4].h, 50);
	assert_int_equal(w[4].len, strlen("Tiếp"));
	assert_memory_equal(w[4].text, "Tiếp", w[4].len);
	free(w);

	/* not Tesseract's: a level-5 row with a word and a page of "x" */
	{
		const char bad[] = "5\t1\tx\t1\t1\t1\t1\t1\t1\t1\t9\tw\n";

		assert_int_equal(ocrtsv_words(bad, strlen(bad), &w, &n), YK_EINVAL);
	}
	assert_null(w);
	/* nothing at all */
	assert_int_equal(ocrtsv_words("", 0, &w, &n), 0);
	assert_int_equal(n, 0);
	free(w);
}

static void
test_place_boxes(void **state)
{
	/* box 0 left of "Tiếp tục", where Tesseract read "X"; box 1 left of
	 * "Hình thức"; box 2 at the end of the second line, after "khác";
	 * box 3 far from any line */
	const struct imageprep_box boxes[] = {
		{ 205, 998, 52, 52, true },
		{ 205, 1098, 52, 52, false },
		{ 1540, 1100, 50, 50, true },
		{ 205, 2000, 52, 52, true },
	};
	struct ocrtsv_place pl[4];
	struct ocrtsv_word *w;
	bool drop[9];
	size_t n;

	(void)state;
	assert_int_equal(ocrtsv_words(tsv, strlen(tsv), &w, &n), 0);
	ocrtsv_place_boxes(w, n, boxes, 4, pl, drop);
	assert_int_equal(pl[0].word, 4);
	assert_false(pl[0].after);
	assert_true(drop[3]); /* "X", the box read as a letter */
	assert_int_equal(pl[1].word, 6);
	assert_false(pl[1].after);
	assert_int_equal(pl[2].word, 8);
	assert_true(pl[2].after);
	assert_int_equal(pl[3].word, (size_t)-1);
	for (size_t i = 0; i < n; i++)
		if (i != 3)
			assert_false(drop[i]);
	free(w);
}

static void
test_text(void **state)
{
	const struct imageprep_box boxes[] = {
		{ 205, 998, 52, 52, true },
		{ 205, 1098, 52, 52, false },
	};
	char *out;

	(void)state;
	assert_int_equal(ocrtsv_text(tsv, strlen(tsv), boxes, 2, 1 << 16, &out), 0);
	assert_string_equal(out, "2. Đề nghị\n\n"
	                         "\u2612 Tiếp tục\n"
	                         "\u2610 Hình thức khác\n\n");
	free(out);
	/* without boxes: Tesseract's own text */
	assert_int_equal(ocrtsv_text(tsv, strlen(tsv), NULL, 0, 1 << 16, &out), 0);
	assert_string_equal(out, "2. Đề nghị\n\nX Tiếp tục\nHình thức khác\n\n");
	free(out);
	/* over the limit: an error, not a cut text */
	assert_int_equal(ocrtsv_text(tsv, strlen(tsv), NULL, 0, 10, &out), YK_ELIMIT);
	assert_null(out);
	/* CRLF rows read the same */
	{
		const char crlf[] = HEAD "5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tKhông.\r\n";

		assert_int_equal(ocrtsv_text(crlf, strlen(crlf), NULL, 0, 100, &out), 0);
		assert_string_equal(out, "Không.\n\n");
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_place_boxes),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
