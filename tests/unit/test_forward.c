/* Unit tests for lib/forward: the markers and header blocks of Gmail,
 * Outlook, Zimbra, Thunderbird and Apple Mail forwards (English and
 * Vietnamese), the forwarded sender, the subject prefix, nesting, and what
 * is not a forward (a quote, a header block inside a quote, prose). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forward.h"

/* fwd_extract() of T: the body (NULL when no forward) and the block. */
static char *
body_of(const char *t, struct fwd_block *b)
{
	char *body = NULL;

	assert_int_equal(fwd_extract(t, strlen(t), b, &body), 0);
	return body;
}

static void
test_gmail_en(void **state)
{
	const char *t = "Kính chuyển phiếu.\n\n"
	                "---------- Forwarded message ---------\n"
	                "From: Nguyễn Thị Lan <Lan.NT@Gmail.example>\n"
	                "Date: Thu, Jan 18, 2024 at 4:12 PM\n"
	                "Subject: Phiếu ý kiến\n"
	                "To: <pnv@x.example>\n\n\n"
	                "1. Nhận xét: tốt.\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_MARKED);
	assert_string_equal(b.from, "lan.nt@gmail.example");
	assert_int_equal(b.at, strlen("Kính chuyển phiếu.\n\n"));
	assert_non_null(strstr(body, "1. Nhận xét: tốt."));
	assert_null(strstr(body, "Subject"));
	free(body);
}

static void
test_gmail_vi_no_cover(void **state)
{
	const char *t = "\n---------- Thư đã chuyển tiếp ---------\n"
	                "Từ: Tran Minh Tuan <tuan@gmail.example>\n"
	                "Date: Th 5, 18 thg 1, 2024 lúc 15:40\n"
	                "Subject: phieu y kien\n"
	                "To: <ubnd@x.example>\n\n"
	                "Noi dung phieu\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_MARKED);
	assert_string_equal(b.from, "tuan@gmail.example");
	assert_string_equal(body, "Noi dung phieu\n");
	free(body);
}

static void
test_outlook_vi_rule_crlf(void **state)
{
	const char *t = "Chuyển tiếp phiếu góp ý.\r\n\r\n"
	                "________________________________\r\n"
	                "Từ: Trần Văn Bình <tvbinh@yahoo.example>\r\n"
	                "Đã gửi: Thứ Năm, 18 tháng 1, 2024 9:05 SA\r\n"
	                "Đến: snv@x.example\r\n"
	                "Chủ đề: RE: V/v tham gia ý kiến\r\n\r\n"
	                "Trả lời của phòng.\r\n\r\n"
	                "-----Original Message-----\r\n"
	                "From: Văn phòng <ubnd@x.example>\r\n"
	                "Sent: Monday, January 15, 2024 3:39 PM\r\n\r\n"
	                "Mẫu trống\r\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_HEADERS);
	assert_string_equal(b.from, "tvbinh@yahoo.example");
	/* the forwarded mail's own quote of the letter is cut */
	assert_non_null(strstr(body, "Trả lời của phòng."));
	assert_null(strstr(body, "Mẫu trống"));
	free(body);
}

static void
test_outlook_original_message(void **state)
{
	const char *t = "-----Original Message-----\n"
	                "From: Ngọc [mailto:Ngoc@Yahoo.example]\n"
	                "Sent: Thursday, January 18, 2024 3:31 PM\n"
	                "To: a@x.example; b@x.example;\n"
	                "    c@x.example\n"
	                "Cc: d@x.example\n"
	                "Subject: phieu\n"
	                "Importance: High\n\n"
	                "Body\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_ORIGINAL);
	assert_string_equal(b.from, "ngoc@yahoo.example");
	assert_string_equal(body, "Body\n");
	free(body);
}

static void
test_zimbra_vi(void **state)
{
	const char *t = "Trân trọng.\n\n----- Thư chuyển tiếp -----\n"
	                "Từ: \"Lê Văn Cường\" <cuong@x.example>\n"
	                "Tới: \"UBND\" <ubnd@x.example>\n"
	                "Đã gửi: Thứ Năm, 18 Tháng Một 2024 10:15:23\n"
	                "Chủ đề: Phiếu góp ý\n\n"
	                "Phiếu\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_MARKED);
	assert_string_equal(b.from, "cuong@x.example");
	assert_string_equal(body, "Phiếu\n");
	free(body);
}

static void
test_thunderbird_table(void **state)
{
	const char *t = "-------- Thư chuyển tiếp --------\n"
	                "Chủ đề: \tPhiếu\n"
	                "Ngày: \tThu, 18 Jan 2024 11:02:45 +0700\n"
	                "Từ: \tĐặng Thị Mai <mai@gmail.example>\n"
	                "Đến: \tx@gmail.example\n\n\n"
	                "Phiếu\n";
	const char *e = "\n\n-------- Forwarded Message --------\n"
	                "Subject: \tX\nDate: \tThu\nFrom: \tVo <nam@yahoo.example>\nTo: \ty@x.example\n\n"
	                "Form\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_string_equal(b.from, "mai@gmail.example");
	assert_string_equal(body, "Phiếu\n");
	free(body);
	body = body_of(e, &b);
	assert_non_null(body);
	assert_int_equal(b.how, FWD_MARKED);
	assert_string_equal(b.from, "nam@yahoo.example");
	assert_string_equal(body, "Form\n");
	free(body);
}

/* a header table rendered with each value on the line below its name */
static void
test_values_below(void **state)
{
	const char *t = "-------- Forwarded Message --------\n"
	                "Subject:\nPhieu\nDate:\nThu\nFrom:\nNam <nam@yahoo.example>\nTo:\ny@x.example\n\n"
	                "Form\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_string_equal(b.from, "nam@yahoo.example");
	assert_string_equal(body, "Form\n");
	free(body);
}

static void
test_apple_begin(void **state)
{
	const char *t = "Sent from my iPhone\n\nBegin forwarded message:\n\n"
	                "From: Hậu <hau@icloud.example>\nDate: January 18, 2024 at 20:14:03 GMT+7\n"
	                "To: u@x.example\nSubject: Phiếu\n\nDạ em gửi.\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_MARKED);
	assert_string_equal(b.from, "hau@icloud.example");
	assert_string_equal(body, "Dạ em gửi.\n");
	free(body);
}

/* Android's and Samsung's "Original message" under a Fwd: subject; Lotus
 * Notes' "Forwarded by" */
static void
test_other_markers(void **state)
{
	const char *t = "-------- Original message --------\nFrom: A <a@x.example>\n"
	                "Date: 18/01/2024 09:12 (GMT+07:00)\nTo: b@x.example\nSubject: P\n\nForm\n";
	const char *l = "----- Forwarded by Nguyen Van A/UBND on 18/01/2024 09:05 AM -----\n\nForm\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_int_equal(b.how, FWD_ORIGINAL);
	assert_string_equal(b.from, "a@x.example");
	assert_string_equal(body, "Form\n");
	free(body);
	assert_true(fwd_find(l, strlen(l), &b));
	assert_int_equal(b.how, FWD_MARKED);
	assert_string_equal(b.from, "");
}

static void
test_nested(void **state)
{
	/* an office forwards what a clerk forwarded from her own mailbox */
	const char *t = "Chuyển phiếu.\n\n---------- Forwarded message ---------\n"
	                "From: Me <me@gmail.example>\nDate: x\nSubject: y\nTo: o@x.example\n\n\n"
	                "---------- Forwarded message ---------\n"
	                "From: Clerk <clerk@x.example>\nDate: x\nSubject: y\nTo: me@gmail.example\n\n"
	                "The form\n";
	struct fwd_block b;
	char *body = body_of(t, &b);
	(void)state;

	assert_non_null(body);
	assert_string_equal(b.from, "clerk@x.example");
	assert_string_equal(body, "The form\n");
	free(body);
}

static void
test_not_forwards(void **state)
{
	struct fwd_block b;
	/* a quote, then a forward block inside it: quoted history */
	const char *q = "Đồng ý.\n\nOn Mon, Jan 15, 2024 at 3:39 PM X <x@x.example> wrote:\n"
	                "> ---------- Forwarded message ---------\n> From: a@b.example\n";
	const char *p = "Phòng đã chuyển tiếp thư cho các đơn vị.\nTừ ngày 15/01 đến nay.\n"
	                "From the office: nothing\n";
	const char *plain = "1. Nhận xét: tốt\n2. Đề nghị tiếp tục tổ chức Hội thi.\n";
	/* header-like lines of an answer, not where quote_cut sees a quote */
	const char *form = "1. Nhận xét:\nTừ: năm 2020\nTới: nay, Hội thi tốt.\n";
	char *body;
	(void)state;

	body = body_of(q, &b);
	assert_null(body);
	assert_int_equal(b.how, FWD_NONE);
	assert_false(fwd_find(p, strlen(p), &b));
	assert_false(fwd_find(plain, strlen(plain), &b));
	assert_false(fwd_find(form, strlen(form), &b));
	assert_false(fwd_find("", 0, &b));
}

static void
test_addr(void **state)
{
	char a[FWD_MAX_ADDR];
	char tiny[8];
	(void)state;

	assert_true(fwd_addr("Lan <Lan@Gmail.Example>", 23, a, sizeof a));
	assert_string_equal(a, "lan@gmail.example");
	assert_true(fwd_addr(" a.b-c@x.example.", 17, a, sizeof a));
	assert_string_equal(a, "a.b-c@x.example");
	/* the address in <> beats one in the display name */
	assert_true(fwd_addr("x@y.example thay mặt <z@w.example>", strlen("x@y.example thay mặt <z@w.example>"),
	                     a, sizeof a));
	assert_string_equal(a, "z@w.example");
	assert_true(fwd_addr("*Ngọc [mailto:N@y.example]*", strlen("*Ngọc [mailto:N@y.example]*"), a,
	                     sizeof a));
	assert_string_equal(a, "n@y.example");
	assert_false(fwd_addr("Văn phòng", strlen("Văn phòng"), a, sizeof a));
	assert_false(fwd_addr("@", 1, a, sizeof a));
	assert_false(fwd_addr("long.name@x.example", 19, tiny, sizeof tiny));
}

static void
test_subject(void **state)
{
	(void)state;
	assert_true(fwd_subject("Fwd: Phiếu"));
	assert_true(fwd_subject("FW: RE: V/v tham gia"));
	assert_true(fwd_subject("RE: Fw: x"));
	assert_true(fwd_subject("TR: x"));
	assert_true(fwd_subject("Chuyển tiếp: Phiếu"));
	assert_true(fwd_subject("[Fwd: x]"));
	assert_false(fwd_subject("RE: V/v tham gia ý kiến"));
	assert_false(fwd_subject("Trả lời phiếu: x"));
	assert_false(fwd_subject("Phiếu ý kiến: chuyển tiếp"));
	assert_false(fwd_subject(NULL));
	assert_false(fwd_subject(""));
}

static void
test_hostile(void **state)
{
	/* a marker then thousands of header lines: the block is bounded */
	size_t n = 200000, k = 0;
	char *t = malloc(n + 1);
	struct fwd_block b;
	char *body;
	(void)state;

	assert_non_null(t);
	k += (size_t)snprintf(t, n, "----- Forwarded Message -----\n");
	while (k + 20 < n)
		k += (size_t)snprintf(t + k, n - k, "To: a%zu@x.example\n", k);
	t[k] = '\0';
	body = body_of(t, &b);
	assert_non_null(body);
	assert_true(b.body < 2000);
	free(body);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gmail_en),
		cmocka_unit_test(test_gmail_vi_no_cover),
		cmocka_unit_test(test_outlook_vi_rule_crlf),
		cmocka_unit_test(test_outlook_original_message),
		cmocka_unit_test(test_zimbra_vi),
		cmocka_unit_test(test_thunderbird_table),
		cmocka_unit_test(test_values_below),
		cmocka_unit_test(test_apple_begin),
		cmocka_unit_test(test_other_markers),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_not_forwards),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
