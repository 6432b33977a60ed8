/* Unit tests for the limits lib/mime applies before and around GMime,
 * found with the hostile messages of issue 9: many delimiters, a 1 MB
 * header line, bytes invalid in their charset, a picture kept only by its
 * signature, a part larger than what may be decoded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "buf.h"
#include "mime.h"

static bool
has_problem(const struct mime_msg *m, const char *what)
{
	for (size_t i = 0; i < m->n_problems; i++)
		if (strstr(m->problems[i], what))
			return true;
	return false;
}

static const char head[] =
	"From: snv@soctrang.example\r\nSubject: t\r\nMIME-Version: 1.0\r\n";

static void
test_many_delimiters(void **state)
{
	struct buf b;
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, head), 0);
	assert_int_equal(buf_adds(&b, "Content-Type: multipart/mixed; boundary=p\r\n\r\n"), 0);
	for (int i = 0; i < MIME_MAX_DELIMITERS * 3; i++)
		assert_int_equal(buf_adds(&b, "--p\r\nContent-Type: text/plain\r\n\r\nx\r\n"), 0);
	assert_int_equal(buf_adds(&b, "--p--\r\n"), 0);
	assert_int_equal(mime_parse(b.data, b.len, &m, &err), 0);
	assert_true(has_problem(m, "part count limit"));
	assert_non_null(m->plain);
	mime_free(m);
	buf_free(&b);
}

/* Only lines that begin with "--" count toward the limit: dashes inside a
 * line, or one dash at its start, are text (the count looks for '-' and
 * skips the rest of the line). */
static void
count_delimiters(int lines, bool dashes_between, bool expect_limit)
{
	struct buf b;
	GMimeMessage *msg = NULL;
	char *keep = NULL;
	unsigned limits = 0;

	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, head), 0);
	assert_int_equal(buf_adds(&b, "Content-Type: multipart/mixed; boundary=p\r\n\r\n"), 0);
	for (int i = 0; i < lines - 1; i++) {
		assert_int_equal(buf_adds(&b, "--p\r\nContent-Type: text/plain\r\n\r\n"), 0);
		if (dashes_between)
			assert_int_equal(buf_adds(&b, "a -- b --\r\n-x\r\n- --\r\n"), 0);
		assert_int_equal(buf_adds(&b, "x\r\n"), 0);
	}
	assert_int_equal(buf_adds(&b, "--p--"), 0); /* the last line, unended */
	assert_int_equal(mime_construct(b.data, b.len, &msg, &keep, &limits), 0);
	assert_non_null(msg);
	assert_int_equal((limits & MIME_LIMIT_PARTS) != 0, expect_limit);
	g_object_unref(msg);
	free(keep);
	buf_free(&b);
}

static void
test_delimiters_at_line_start(void **state)
{
	(void)state;
	count_delimiters(MIME_MAX_DELIMITERS, true, false);
	count_delimiters(MIME_MAX_DELIMITERS + 1, true, true);
	count_delimiters(MIME_MAX_DELIMITERS + 1, false, true);
}

static void
test_long_header_line(void **state)
{
	struct buf b;
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "From: snv@soctrang.example\r\nSubject: "), 0);
	for (int i = 0; i < 1 << 19; i++)
		assert_int_equal(buf_add(&b, "b ", 2), 0);
	assert_int_equal(buf_adds(&b, "\r\nMessage-ID: <a@b>\r\n\r\nthe body\r\n"), 0);
	assert_int_equal(mime_parse(b.data, b.len, &m, &err), 0);
	assert_true(has_problem(m, "header limit"));
	assert_non_null(m->subject);
	assert_true(strlen(m->subject) <= MIME_MAX_HEADER_LINE);
	/* the headers after it and the body are still read */
	assert_string_equal(m->message_id, "a@b");
	assert_non_null(strstr(m->plain, "the body"));
	mime_free(m);
	buf_free(&b);
}

static void
test_invalid_bytes_noted(void **state)
{
	static const char msg[] =
		"From: snv@soctrang.example\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
		"Nh\xe1\xba\xadn x\xc3 t \xff ok\r\n";
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };

	(void)state;
	assert_int_equal(mime_parse(msg, sizeof msg - 1, &m, &err), 0);
	assert_true(has_problem(m, "invalid in its charset"));
	mime_free(m);
}

static void
test_picture_head_only(void **state)
{
	struct buf b;
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, head), 0);
	assert_int_equal(buf_adds(&b, "Content-Type: multipart/mixed; boundary=p\r\n\r\n"
	                              "--p\r\nContent-Type: text/plain\r\n\r\nxin gui\r\n"
	                              "--p\r\nContent-Type: image/jpeg; name=a.jpg\r\n"
	                              "Content-Transfer-Encoding: base64\r\n\r\n"), 0);
	/* JPEG magic ff d8 ff e0, then 300 KB more: a possible scanned page */
	assert_int_equal(buf_adds(&b, "/9j/4A"), 0);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(buf_adds(&b, i % 19 == 18 ? "AAAA\r\n" : "AAAA"), 0);
	/* a 3 KB logo */
	assert_int_equal(buf_adds(&b, "\r\n--p\r\nContent-Type: image/png; name=logo.png\r\n"
	                              "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo"), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_adds(&b, i % 19 == 18 ? "AAAA\r\n" : "AAAA"), 0);
	assert_int_equal(buf_adds(&b, "\r\n--p\r\nContent-Type: application/pdf; name=b.pdf\r\n"
	                              "Content-Transfer-Encoding: base64\r\n\r\n"
	                              "JVBERi0xLjQKJeLjz9M=\r\n--p--\r\n"), 0);
	assert_int_equal(mime_parse(b.data, b.len, &m, &err), 0);
	assert_int_equal(m->n_att, 3);
	/* large enough for OCR: its signature now, its encoded bytes kept,
	 * decoded whole only when OCR asks for it */
	assert_true(m->att[0].head_only);
	assert_non_null(m->att[0].raw);
	assert_memory_equal(m->att[0].data, "\xff\xd8\xff\xe0", 4);
	assert_int_equal(mime_attachment_load(&m->att[0]), 0);
	assert_false(m->att[0].head_only);
	assert_null(m->att[0].raw);
	assert_true(m->att[0].len > 290000);
	assert_memory_equal(m->att[0].data, "\xff\xd8\xff\xe0", 4);
	/* small: only its signature, nothing to load */
	assert_true(m->att[1].head_only);
	assert_null(m->att[1].raw);
	assert_true(m->att[1].len <= 16);
	assert_memory_equal(m->att[1].data, "\x89PNG", 4);
	/* not a picture: decoded whole */
	assert_false(m->att[2].head_only);
	assert_int_equal(m->att[2].len, 14);
	assert_memory_equal(m->att[2].data, "%PDF-1.4\n", 9);
	mime_free(m);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_delimiters),
		cmocka_unit_test(test_delimiters_at_line_start),
		cmocka_unit_test(test_long_header_line),
		cmocka_unit_test(test_invalid_bytes_noted),
		cmocka_unit_test(test_picture_head_only),
	};

	return cmocka_run_group_tests(tests, fx_gmime_setup, fx_gmime_teardown);
}
