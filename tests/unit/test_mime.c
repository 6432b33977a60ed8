/* Unit tests for lib/mime and lib/html: charsets to UTF-8 NFC
 * (windows-1258, NFD), RFC 2047 subjects, RFC 2231 file names, HTML to
 * text, delivery reports, and hostile structure within the limits. */
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
#include "html.h"
#include "mime.h"

static char *
slurp(const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof path, "tests/data/extract/%s", name);
	return fx_read_file(path, len);
}

static struct mime_msg *
parse_file(const char *name)
{
	size_t len;
	char *d = slurp(name, &len);
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };

	assert_int_equal(mime_parse(d, len, &m, &err), 0);
	free(d);
	return m;
}

static void
test_windows_1258_qp(void **state)
{
	struct mime_msg *m = parse_file("cp1258_qp.eml");
	(void)state;

	assert_string_equal(m->subject, "Trả lời Hội thi");
	assert_non_null(strstr(m->plain, "Cơ quan, đơn vị: Sở Lao động\n"));
	assert_non_null(strstr(m->plain, "[X] Đề nghị tiếp tục tổ chức Hội thi."));
	assert_string_equal(m->from, "lao.dong@so.tinh.example");
	mime_free(m);
}

static void
test_nfd_base64(void **state)
{
	struct mime_msg *m = parse_file("nfd_base64.eml");
	(void)state;

	/* composed again: "ị" is one code point (U+1ECB) */
	assert_non_null(strstr(m->plain, "☑ Đề nghị hình thức tuyên truyền khác: biểu diễn"));
	mime_free(m);
}

static void
test_html_only(void **state)
{
	struct mime_msg *m = parse_file("html_table.eml");
	(void)state;

	assert_string_equal(m->plain, "");
	/* entities decoded, a row's cells one after the other (its number
	 * before the heading, the answer under it), blockquote quoted */
	assert_non_null(strstr(m->html, "Kính gửi Văn phòng,"));
	assert_non_null(strstr(m->html, "1 Nhận xét về tính thiết thực và hiệu quả của Hội thi\nRất\xc2\xa0thiết thực."));
	assert_non_null(strstr(m->html, "> ☐ Đề nghị tiếp tục tổ chức Hội thi."));
	assert_null(strstr(m->html, "p{}")); /* <style> dropped */
	mime_free(m);
}

static void
test_html_to_text(void **state)
{
	const char *h = "<p>a<br>b</p><ul><li>c &amp; d</li></ul><script>x()</script>"
	                "<table><tr><td>1</td><th>2</th></tr><tr><td>a</td><td>b</td></tr></table>"
	                "<div>&#7889;</div>";
	char *t = html_to_text(h, strlen(h));
	(void)state;

	assert_string_equal(t, "a\nb\nc & d\n1 2\na\nb\nố\n");
	free(t);
	t = html_to_text("<<<>>><p", 8); /* broken markup: recovered, no failure */
	assert_non_null(t);
	free(t);
}

static void
test_bounce(void **state)
{
	struct mime_msg *m = parse_file("bounce_dsn.eml");
	(void)state;

	assert_string_equal(m->report_type, "delivery-status");
	assert_non_null(m->delivery_status);
	assert_non_null(strstr(m->delivery_status, "Action: failed"));
	/* the returned letter is not read as this message's text */
	assert_null(strstr(m->plain, "Nhận xét"));
	mime_free(m);
}

/* A forward "as attachment": the first attached message's text, sender
 * and attachments are read beside the message's own; a second is not. */
static void
test_attached_message(void **state)
{
	static const char msg[] =
		"From: UBND <ubnd@x.example>\nSubject: Fwd: Phieu\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"XX\"\n\n"
		"--XX\nContent-Type: text/plain; charset=utf-8\n\nChuyển phiếu.\n"
		"--XX\nContent-Type: message/rfc822\n\n"
		"From: Clerk <Clerk@Mail.example>\nSubject: Phieu\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"YY\"\n\n"
		"--YY\nContent-Type: text/plain; charset=utf-8\n\nNhận xét: tốt.\n"
		"--YY\nContent-Type: application/octet-stream\n"
		"Content-Disposition: attachment; filename=\"p.docx\"\n"
		"Content-Transfer-Encoding: base64\n\nUEsDBAo=\n--YY--\n"
		"--XX\nContent-Type: message/rfc822\n\n"
		"From: Other <o@mail.example>\nSubject: x\n\nSecond.\n"
		"--XX--\n";
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(mime_parse(msg, sizeof msg - 1, &m, &err), 0);
	assert_non_null(strstr(m->plain, "Chuyển phiếu."));
	assert_null(strstr(m->plain, "Nhận xét"));
	assert_non_null(m->fwd_text);
	assert_non_null(strstr(m->fwd_text, "Nhận xét: tốt."));
	assert_null(strstr(m->fwd_text, "Second."));
	assert_string_equal(m->fwd_from, "Clerk@Mail.example");
	assert_int_equal(m->n_att, 1);
	assert_string_equal(m->att[0].filename, "p.docx");
	assert_true(m->att[0].forwarded);
	mime_free(m);
	/* a delivery report's returned message is not read */
	m = parse_file("bounce_dsn.eml");
	assert_null(m->fwd_text);
	assert_null(m->fwd_from);
	mime_free(m);
}

static void
test_attachment_rfc2231(void **state)
{
	static const char msg[] =
		"From: =?UTF-8?Q?S=E1=BB=9F_T=C6=B0_ph=C3=A1p?= <stp@so.tinh.example>\n"
		"Reply-To: clerk@mail.example\nSender: relay@so.tinh.example\n"
		"Subject: =?UTF-8?B?UGhp4bq/dSDDvSBraeG6v24=?=\n"
		"Message-ID: <abc@x>\nIn-Reply-To: <letter@x>\nAuto-Submitted: no\n"
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n"
		"--XX\nContent-Type: text/plain; charset=utf-8\n\nXem file.\n"
		"--XX\nContent-Type: application/octet-stream\n"
		"Content-Disposition: attachment;\n filename*=UTF-8''Phi%E1%BA%BFu%20%C3%BD%20ki%E1%BA%BFn.docx\n"
		"Content-Transfer-Encoding: base64\n\nUEsDBAo=\n--XX--\n";
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_int_equal(mime_parse(msg, sizeof msg - 1, &m, &err), 0);
	assert_string_equal(m->subject, "Phiếu ý kiến");
	assert_string_equal(m->from_name, "Sở Tư pháp");
	assert_string_equal(m->reply_to, "clerk@mail.example");
	assert_string_equal(m->sender, "relay@so.tinh.example");
	assert_string_equal(m->message_id, "abc@x");
	assert_string_equal(mime_header(m, "auto-submitted"), "no");
	assert_int_equal(m->n_att, 1);
	assert_string_equal(m->att[0].filename, "Phiếu ý kiến.docx");
	assert_string_equal(m->att[0].content_type, "application/octet-stream");
	assert_int_equal(m->att[0].len, 5);
	assert_memory_equal(m->att[0].data, "PK\x03\x04\x0a", 5);
	/* the line break before a boundary belongs to it (RFC 2046) */
	assert_string_equal(m->plain, "Xem file.");
	mime_free(m);
}

static void
test_hostile_nesting(void **state)
{
	struct buf b;
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };
	(void)state;

	/* 300 nested multiparts, deeper than MIME_MAX_DEPTH */
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "From: a@b\nSubject: deep\nMIME-Version: 1.0\n"), 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(buf_printf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i), 0);
	assert_int_equal(buf_adds(&b, "Content-Type: text/plain\n\ndeep text\n"), 0);
	assert_int_equal(mime_parse(b.data, b.len, &m, &err), 0);
	assert_true(m->n_problems > 0);
	assert_null(strstr(m->plain, "deep text"));
	mime_free(m);
	/* 3000 sibling parts: past MIME_MAX_PARTS */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "From: a@b\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"z\"\n\n"), 0);
	for (int i = 0; i < 3000; i++)
		assert_int_equal(buf_adds(&b, "--z\nContent-Type: text/plain\n\nx\n"), 0);
	assert_int_equal(buf_adds(&b, "--z--\n"), 0);
	assert_int_equal(mime_parse(b.data, b.len, &m, &err), 0);
	assert_true(m->n_problems > 0);
	mime_free(m);
	/* not a message at all */
	assert_int_equal(mime_parse("\x00\x01garbage", 9, &m, &err), 0);
	mime_free(m);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_1258_qp),
		cmocka_unit_test(test_nfd_base64),
		cmocka_unit_test(test_html_only),
		cmocka_unit_test(test_html_to_text),
		cmocka_unit_test(test_bounce),
		cmocka_unit_test(test_attachment_rfc2231),
		cmocka_unit_test(test_attached_message),
		cmocka_unit_test(test_hostile_nesting),
	};
	return cmocka_run_group_tests(tests, fx_gmime_setup, fx_gmime_teardown);
}
