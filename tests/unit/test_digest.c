/* Unit tests for lib/digest's text (pure): what is new is what was filed
 * since the last digest, whoever sent it earlier; who has not replied, with
 * a bouncing address said; what needs review, with or without an agency;
 * the deadline told in days; one campaign or several in the subject; a
 * stranger's From with its control characters shown, not passed on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "digest.h"
#include "fixture_config.h"

static struct summary_row rows[4];
static struct summary_review reviews[2];
static struct summary sum;

/* 2024-01-24 01:30 UTC = 08:30 in Viet Nam */
#define UNTIL ((time_t)1706059800)
#define SINCE (UNTIL - 86400)

/* The totals digest_text() reads, as summary_count() makes them (lib/summary
 * is not linked here: it reads the database). */
static void
count(struct summary *s)
{
	memset(&s->t, 0, sizeof s->t);
	s->t.asked = s->n_rows;
	for (size_t i = 0; i < s->n_rows; i++) {
		s->t.replied += s->rows[i].replied;
		s->t.late += s->rows[i].replied && s->rows[i].late;
	}
	s->t.on_time = s->t.replied - s->t.late;
	s->t.missing = s->t.asked - s->t.replied;
	s->t.review = s->n_reviews;
}

static void
setup_summary(void)
{
	memset(rows, 0, sizeof rows);
	for (size_t i = 0; i < 4; i++)
		rows[i].agency = &fx_agencies[i];
	/* SLD: sent on the 20th, filed long ago: replied, not new */
	rows[0].replied = true;
	rows[0].received_at = (char *)"2024-01-20T02:00:00Z";
	rows[0].filed_at = (char *)"2024-01-20T02:01:00Z";
	/* SVH: dated the 19th, delivered late: filed after the last digest: new */
	rows[1].replied = true;
	rows[1].received_at = (char *)"2024-01-19T03:00:00Z";
	rows[1].filed_at = (char *)"2024-01-23T09:00:00Z";
	/* HA: no reply, a bouncing address; STP: no reply */
	rows[2].bouncing = true;
	reviews[0].sha256 = (char *)"0123456789abcdef0123";
	reviews[0].agency = (char *)"SVH";
	reviews[0].reasons = (char *)"scan only: PDF without a text layer";
	reviews[1].sha256 = (char *)"fedcba9876543210fedc";
	reviews[1].from = (char *)"someone@mail.example\x1b[2J";
	reviews[1].reasons = (char *)"agency not identified";
	memset(&sum, 0, sizeof sum);
	sum.cfg = &fx_config;
	sum.cp = &fx_campaigns[0];
	sum.rows = rows;
	sum.n_rows = 4;
	sum.reviews = reviews;
	sum.n_reviews = 2;
	count(&sum);
}

static void
test_one_campaign(void **state)
{
	struct summary *v[1] = { &sum };
	struct buf subject, text;
	struct yk_err err = { 0 };
	(void)state;

	setup_summary();
	fx_campaigns[0].deadline = UNTIL + 7 * 86400 + 8 * 3600 + 1800; /* 31/01 17:00 */
	buf_init(&subject, 0);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_string_equal(subject.data, "Tình hình tiếp nhận Phiếu tính đến 08 giờ 30 ngày "
	                                  "24/01/2024: 2/4 cơ quan, đơn vị đã gửi (Công văn số "
	                                  "118/UBND-TH)");
	assert_string_equal(text.data,
		"Tình hình tiếp nhận Phiếu tính đến 08 giờ 30 ngày 24/01/2024; Phiếu mới là Phiếu "
		"đến từ 08 giờ 30 ngày 23/01/2024.\n\n"
		"Công văn số 118/UBND-TH — Phiếu tham gia ý kiến\n"
		"Hạn gửi: 17 giờ 00 ngày 31/01/2024 (còn 7 ngày)\n"
		"Đã gửi: 2/4 cơ quan, đơn vị; chưa gửi: 2; cần xem lại: 2.\n\n"
		"Phiếu mới từ lần tổng hợp trước (1):\n"
		"  - Sở Văn hóa (SVH), gửi lúc 10 giờ 00 ngày 19/01/2024\n"
		"Chưa gửi (2):\n"
		"  - UBND huyện An Lạc (HA), có địa chỉ thư bị trả lại\n"
		"  - Sở Tư pháp (STP)\n"
		"Cần xem lại (2):\n"
		"  - Sở Văn hóa (SVH): bản scan: tệp PDF không có lớp chữ, không đọc được "
		"[0123456789ab]\n"
		"  - chưa rõ cơ quan, đơn vị; thư của someone@mail.example\\x1b[2J: không xác định "
		"được cơ quan gửi [fedcba987654]\n\n"
		"Xem chi tiết: ykien status; Phiếu cần xem lại: ykien review.\n\n"
		"-- \nThư tự động của ykien; không cần trả lời thư này.\n");
	buf_free(&subject);
	buf_free(&text);
}

/* A reply a person assigned or corrected since the last digest is listed
 * with who (the clerk's name when listed, else the login) and when; one
 * corrected before it is not. */
static void
test_persons_work_named(void **state)
{
	static struct yk_clerk clerk = { .user = (char *)"lan", .name = (char *)"Nguyễn Thị Lan" };
	struct yk_config cfg = fx_config;
	struct summary *v[1] = { &sum };
	struct buf subject, text;
	struct yk_err err = { 0 };
	(void)state;

	setup_summary();
	cfg.clerks = &clerk;
	cfg.n_clerks = 1;
	sum.cfg = &cfg;
	fx_campaigns[0].deadline = UNTIL + 7 * 86400;
	rows[1].corrected_by = (char *)"lan";
	rows[1].corrected_at = (char *)"2024-01-23T10:00:00Z"; /* after SINCE */
	rows[1].assigned = true;
	rows[0].corrected_by = (char *)"minh";
	rows[0].corrected_at = (char *)"2024-01-20T03:00:00Z"; /* before SINCE */
	buf_init(&subject, 0);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_non_null(strstr(text.data, "Người tổng hợp đã gán hoặc sửa (1):\n"
	                                  "  - Sở Văn hóa (SVH): gán hoặc sửa bởi Nguyễn Thị Lan, lúc "
	                                  "17 giờ 00 ngày 23/01/2024\n"));
	assert_null(strstr(text.data, "minh"));
	/* a login not listed is named as it is */
	rows[1].corrected_by = (char *)"tuan";
	rows[1].assigned = false;
	buf_reset(&subject);
	buf_reset(&text);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_non_null(strstr(text.data, "  - Sở Văn hóa (SVH): sửa bởi tuan, lúc "));
	buf_free(&subject);
	buf_free(&text);
	sum.cfg = &fx_config;
}

/* A question an agency asked about the campaign is listed apart, with
 * what it asked and when, and is not counted among the reviews. */
static void
test_questions_listed_apart(void **state)
{
	struct summary_review both[3];
	struct summary *v[1] = { &sum };
	struct buf subject, text;
	struct yk_err err = { 0 };
	(void)state;

	setup_summary();
	fx_campaigns[0].deadline = UNTIL + 7 * 86400 + 8 * 3600 + 1800;
	memcpy(both, reviews, sizeof reviews);
	memset(&both[2], 0, sizeof both[2]);
	both[2].sha256 = (char *)"abcdef0123456789abcd";
	both[2].agency = (char *)"STP";
	both[2].subject = (char *)"Re: V/v tham gia ý kiến\x07";
	both[2].arrived = (char *)"2024-01-23T02:12:00Z";
	both[2].question = true;
	sum.reviews = both;
	sum.n_reviews = 3;
	count(&sum);
	buf_init(&subject, 0);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_non_null(strstr(text.data, "chưa gửi: 2; cần xem lại: 2; câu hỏi cần trả lời: 1.\n"));
	assert_non_null(strstr(text.data, "Cần xem lại (2):\n"));
	assert_non_null(strstr(text.data,
		"quan gửi [fedcba987654]\n"
		"Câu hỏi cần trả lời (1):\n"
		"  - Sở Tư pháp (STP): \"Re: V/v tham gia ý kiến\\x07\", gửi lúc 09 giờ 12 "
		"ngày 23/01/2024 [abcdef012345]\n\n"));
	/* answered: gone, and the line about questions with it */
	sum.n_reviews = 2;
	count(&sum);
	buf_free(&text);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_null(strstr(text.data, "câu hỏi"));
	assert_null(strstr(text.data, "Câu hỏi"));
	sum.reviews = reviews;
	buf_free(&subject);
	buf_free(&text);
}

static void
test_first_digest_and_past_deadline(void **state)
{
	struct summary *v[2] = { &sum, &sum };
	struct buf subject, text;
	struct yk_err err = { 0 };
	(void)state;

	setup_summary();
	rows[1].late = true;
	count(&sum);
	fx_campaigns[0].deadline = UNTIL - 2 * 86400;
	buf_init(&subject, 0);
	buf_init(&text, 0);
	/* the first digest (no SINCE): every reply is new */
	assert_int_equal(digest_text(v, 2, 0, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_string_equal(subject.data, "Tình hình tiếp nhận Phiếu tính đến 08 giờ 30 ngày "
	                                  "24/01/2024: 2 công văn");
	assert_non_null(strstr(text.data, "Tình hình tiếp nhận Phiếu tính đến 08 giờ 30 ngày "
	                                  "24/01/2024.\n"));
	assert_non_null(strstr(text.data, "(đã quá 2 ngày)\n"));
	assert_non_null(strstr(text.data, "Đã gửi: 2/4 cơ quan, đơn vị (1 gửi trễ); chưa gửi: 2"));
	assert_non_null(strstr(text.data, "Phiếu mới từ lần tổng hợp trước (2):\n"
	                                  "  - Sở Lao động (SLD), gửi lúc 09 giờ 00 ngày 20/01/2024\n"
	                                  "  - Sở Văn hóa (SVH), gửi lúc 10 giờ 00 ngày "
	                                  "19/01/2024, "
	                                  "trễ hạn\n"));
	/* a campaign with nothing new and nothing missing says so */
	for (size_t i = 0; i < 4; i++) {
		rows[i].replied = true;
		rows[i].filed_at = (char *)"2024-01-01T00:00:00Z";
	}
	sum.n_reviews = 0;
	count(&sum);
	buf_free(&text);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_non_null(strstr(text.data, "Phiếu mới từ lần tổng hợp trước (0):\n  (không có)\n"
	                                  "Chưa gửi (0):\n  (không có)\n"
	                                  "Cần xem lại (0):\n  (không có)\n"));
	assert_null(strstr(text.data, "Văn bản ghi"));
	/* a deadline moved off a day off (deadline_next_working_day): the
	 * letter's own date is given, and why it moved */
	fx_campaigns[0].deadline_written = fx_campaigns[0].deadline - 3 * 86400;
	buf_free(&text);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, NULL, &subject, &text, &err), 0);
	assert_non_null(strstr(text.data, "(đã quá 2 ngày)\n(Văn bản ghi 08 giờ 30 ngày 19/01/2024, "
	                                  "trùng ngày nghỉ nên chuyển sang ngày làm việc tiếp "
	                                  "theo.)\n"));
	fx_campaigns[0].deadline_written = 0;
	buf_free(&subject);
	buf_free(&text);
}

/* Server actions the server refused: a paragraph, in Vietnamese, before
 * the signature; none when nothing waits. */
static void
test_server_waiting(void **state)
{
	struct summary *v[1] = { &sum };
	struct digest_server srv = { .waiting = 3, .why = "IMAP CREATE \"YKien.SNV\" refused: "
	                                               "Permission denied", .move = true };
	struct buf subject, text;
	struct yk_err err = { 0 };
	(void)state;

	setup_summary();
	buf_init(&subject, 0);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, &srv, NULL, &subject, &text, &err), 0);
	assert_non_null(strstr(text.data,
		"Máy chủ thư: 3 thư đã lưu nhưng chưa chuyển vào thư mục được trên máy chủ; máy chủ "
		"trả lời: IMAP CREATE \"YKien.SNV\" refused: Permission denied. ykien sẽ thử lại sau; "
		"thư mới vẫn được nhận.\n\nXem chi tiết"));
	buf_free(&text);
	buf_init(&text, 0);
	srv.waiting = 0;
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, &srv, NULL, &subject, &text, &err), 0);
	assert_null(strstr(text.data, "Máy chủ thư"));
	buf_free(&subject);
	buf_free(&text);
}

static void
put(int fd, const char *text)
{
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
}

/* An office's own frame (smtp.digest_template): its words and the
 * office's around the lists; an unknown placeholder is refused with the
 * file and line; the shipped file is the built-in text. */
static void
test_digest_template(void **state)
{
	struct summary *v[1] = { &sum };
	char path[] = "/tmp/yk-digest-XXXXXX";
	struct compose_tmpl t;
	struct buf subject, text, file;
	struct yk_err err = { 0 };
	int fd;
	(void)state;

	setup_summary();
	fx_config.office.issuing_body = (char *)"Sở Nội vụ";
	fd = mkstemp(path);
	assert_true(fd >= 0);
	put(fd, "Subject: Báo cáo nhanh {until}\n\n{issuing_body} báo cáo:\n{campaigns}--\n"
	        "{oops}\n");
	assert_int_equal(compose_tmpl_load(&t, path, NULL, &err), 0);
	buf_init(&subject, 0);
	buf_init(&text, 0);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, &t, &subject, &text, &err),
	                 YK_EINVAL);
	/* line 5 of the file: the subject, a blank line, then three */
	assert_non_null(strstr(err.msg, ":5: unknown placeholder {oops}"));
	assert_non_null(strstr(err.msg, path));
	compose_tmpl_free(&t);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	put(fd, "Subject: Báo cáo nhanh {until}\n\n{issuing_body} báo cáo:\n{campaigns}--\n");
	assert_int_equal(compose_tmpl_load(&t, path, NULL, &err), 0);
	buf_reset(&subject);
	buf_reset(&text);
	assert_int_equal(digest_text(v, 1, SINCE, UNTIL, NULL, &t, &subject, &text, &err), 0);
	assert_string_equal(subject.data, "Báo cáo nhanh 08 giờ 30 ngày 24/01/2024");
	assert_non_null(strstr(text.data, "Sở Nội vụ báo cáo:\nCông văn số 118/UBND-TH — "));
	assert_int_equal(strstr(text.data, "Sở Nội vụ báo cáo:") - text.data, 0);
	compose_tmpl_free(&t);
	unlink(path);
	fx_config.office.issuing_body = NULL;

	buf_init(&file, 0);
	file.limit = COMPOSE_TEMPLATE_MAX;
	assert_int_equal(buf_read_file(&file, "conf/templates/tong-hop-ngay.txt", &err), 0);
	assert_string_equal(file.data, digest_default_template);
	buf_free(&file);
	buf_free(&subject);
	buf_free(&text);
}

/* Which campaigns the digest speaks of, and the day it is named by. */
static void
test_speaks_of_and_day(void **state)
{
	struct yk_campaign cp = fx_campaigns[0];
	char day[16];
	(void)state;

	cp.sent = UNTIL - 86400;
	cp.deadline = UNTIL + 86400;
	assert_true(digest_speaks_of(&cp, UNTIL));
	/* a letter not sent yet at UNTIL is not spoken of */
	cp.sent = UNTIL + 1;
	assert_false(digest_speaks_of(&cp, UNTIL));
	cp.sent = 0;
	/* until DIGEST_DAYS_AFTER_DEADLINE days after the deadline, not after */
	cp.deadline = UNTIL - (time_t)DIGEST_DAYS_AFTER_DEADLINE * 86400;
	assert_true(digest_speaks_of(&cp, UNTIL));
	cp.deadline--;
	assert_false(digest_speaks_of(&cp, UNTIL));
	/* the day turns at 17:00 UTC: 16:59 on the 23rd is 23:59 in Viet
	 * Nam, 17:01 is already the 24th */
	digest_day(UNTIL - 30660, true, day);
	assert_string_equal(day, "23/01/2024");
	digest_day(UNTIL - 30540, false, day);
	assert_string_equal(day, "2024-01-24");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_campaign),
		cmocka_unit_test(test_speaks_of_and_day),
		cmocka_unit_test(test_first_digest_and_past_deadline),
		cmocka_unit_test(test_server_waiting),
		cmocka_unit_test(test_digest_template),
		cmocka_unit_test(test_questions_listed_apart),
		cmocka_unit_test(test_persons_work_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
