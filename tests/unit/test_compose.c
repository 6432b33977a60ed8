/* Unit tests for lib/compose: the reminder message, parsed back with GMime:
 * headers, the Vietnamese subject, body and attachment name round-trip,
 * the Message-ID fixed by (campaign, agency, slot), no CR/LF in headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"

static char dir[] = "/tmp/yk-compose-XXXXXX";
static char tmpl_path[300], attach_path[300], html_path[300];
static const unsigned char attach_bytes[] = { 'P', 'K', 3, 4, 0, 1, 2, 0xff, 0xfe, '\r', '\n',
	                                      '.', '\r', '\n', 0x80 };

static char *em[] = { "snv@soctrang.example", "vanthu.snv@soctrang.example" };
static struct yk_agency agency = { .code = "SNV", .name = "Sở Nội vụ", .emails = em,
	                           .n_emails = 2 };
static char *cc[] = { "luutru@soctrang.example" };
static struct yk_campaign camp = {
	.id = "118-UBND-TH", .reference = "118/UBND-TH",
	.title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023",
	.letter_message_id = "20240115153912.5E2A1C0118@mail.soctrang.example",
	.attach_name = "Phiếu tham gia ý kiến (mẫu).docx",
};
static struct yk_config cfg = {
	.smtp = { .from = "Văn phòng UBND tỉnh Sóc Trăng <tonghop@soctrang.example>", .cc = cc,
	          .n_cc = 1 },
	.agencies = &agency, .n_agencies = 1, .campaigns = &camp, .n_campaigns = 1,
};

static const char tmpl[] =
	"Subject: Nhắc gửi {title} (Công văn số {reference})\n"
	"\n"
	"Kính gửi: {agency}\n"
	"\n"
	"Văn phòng UBND tỉnh trân trọng đề nghị Quý cơ quan gửi phiếu trước {deadline}"
	" (còn {days_left} ngày; công văn ngày {sent}). {{không phải chỗ điền}\n";

static void
write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	g_mime_init();
	snprintf(tmpl_path, sizeof tmpl_path, "%s/nhac-nho.txt", dir);
	snprintf(attach_path, sizeof attach_path, "%s/phieu.docx", dir);
	snprintf(html_path, sizeof html_path, "%s/nhac-nho.html", dir);
	write_file(tmpl_path, tmpl, strlen(tmpl));
	write_file(attach_path, attach_bytes, sizeof attach_bytes);
	write_file(html_path, "<p>Kính gửi: {agency}</p>\n", strlen("<p>Kính gửi: {agency}</p>\n"));
	camp.template_path = tmpl_path;
	camp.attach_path = attach_path;
	camp.sent = 1705280400;      /* 2024-01-15T08:00:00+07:00 */
	camp.deadline = 1706695200;  /* 2024-01-31T17:00:00+07:00 */
	return 0;
}

static int
teardown(void **state)
{
	char cmd[400];
	(void)state;
	g_mime_shutdown();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct compose_reminder
reminder(const char *slot)
{
	struct compose_reminder r = {
		.cfg = &cfg, .campaign = &camp, .agency = &agency, .slot = slot,
		.to = (const char *const *)em, .n_to = 2,
		.date = 1706058000, /* 2024-01-24T08:00:00+07:00 */
	};
	return r;
}

static GMimeMessage *
parse(const struct buf *b)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(b->data, b->len);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);

	g_object_unref(p);
	g_object_unref(s);
	assert_non_null(m);
	return m;
}

static char *
part_text(GMimeObject *o)
{
	GMimeDataWrapper *w = g_mime_part_get_content(GMIME_PART(o));
	GMimeStream *s = g_mime_stream_mem_new();
	GByteArray *a;
	char *t;

	g_mime_data_wrapper_write_to_stream(w, s);
	a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	/* binary-safe: an attachment holds NUL bytes */
	t = g_malloc(a->len + 1);
	memcpy(t, a->data, a->len);
	t[a->len] = '\0';
	g_object_unref(s);
	return t;
}

static void
test_reminder_round_trip(void **state)
{
	struct compose_reminder r = reminder("before-7");
	struct yk_err err = { 0 };
	struct buf b;
	GMimeMessage *m;
	GMimeMultipart *mixed;
	GMimeObject *text, *att;
	char *body, *data;
	const char *v;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(compose_reminder(&r, &b, &err), 0);
	/* CRLF everywhere: what SMTP carries */
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n')
			assert_true(i > 0 && b.data[i - 1] == '\r');
	/* the subject is RFC 2047-encoded, the file name RFC 2231-encoded */
	assert_non_null(strstr(b.data, "=?UTF-8?"));
	assert_non_null(strstr(b.data, "filename*"));
	assert_non_null(strcasestr(b.data, "UTF-8''Phi%E1%BA%BFu"));

	m = parse(&b);
	assert_string_equal(g_mime_message_get_subject(m),
	                    "Nhắc gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023 "
	                    "(Công văn số 118/UBND-TH)");
	v = g_mime_object_get_header(GMIME_OBJECT(m), "Auto-Submitted");
	assert_string_equal(v, "auto-generated");
	v = g_mime_object_get_header(GMIME_OBJECT(m), "X-Auto-Response-Suppress");
	assert_string_equal(v, "All");
	v = g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To");
	assert_string_equal(v, "<20240115153912.5E2A1C0118@mail.soctrang.example>");
	v = g_mime_object_get_header(GMIME_OBJECT(m), "References");
	assert_string_equal(v, "<20240115153912.5E2A1C0118@mail.soctrang.example>");
	v = g_mime_object_get_header(GMIME_OBJECT(m), "Date");
	assert_non_null(strstr(v, "24 Jan 2024 08:00:00 +0700"));
	assert_int_equal(internet_address_list_length(g_mime_message_get_to(m)), 2);
	assert_int_equal(internet_address_list_length(g_mime_message_get_cc(m)), 1);
	assert_string_equal(internet_address_get_name(
		internet_address_list_get_address(g_mime_message_get_to(m), 0)), "Sở Nội vụ");

	mixed = GMIME_MULTIPART(g_mime_message_get_mime_part(m));
	assert_int_equal(g_mime_multipart_get_count(mixed), 2);
	text = g_mime_multipart_get_part(mixed, 0);
	{
		char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(text));
		assert_string_equal(type, "text/plain");
		g_free(type);
	}
	body = part_text(text);
	assert_string_equal(body,
	                    "Kính gửi: Sở Nội vụ\n\nVăn phòng UBND tỉnh trân trọng đề nghị Quý cơ "
	                    "quan gửi phiếu trước 17 giờ 00 ngày 31/01/2024 (còn 7 ngày; công văn "
	                    "ngày 15/01/2024). {không phải chỗ điền}\n");
	g_free(body);
	att = g_mime_multipart_get_part(mixed, 1);
	assert_string_equal(g_mime_part_get_filename(GMIME_PART(att)),
	                    "Phiếu tham gia ý kiến (mẫu).docx");
	data = part_text(att);
	assert_memory_equal(data, attach_bytes, sizeof attach_bytes);
	g_free(data);
	g_object_unref(m);
	buf_free(&b);
}

/* A reminder to an agency sent its letter by ykien dispatch threads under
 * that letter, not under letter_message_id. */
static void
test_reminder_under_the_dispatched_letter(void **state)
{
	struct compose_reminder r = reminder("before-7");
	struct yk_err err = { 0 };
	struct buf b;
	GMimeMessage *m;
	(void)state;

	r.in_reply_to = "ykien.d.118-UBND-TH.SNV.7f3a9c2b0010abff@soctrang.example";
	buf_init(&b, 0);
	assert_int_equal(compose_reminder(&r, &b, &err), 0);
	m = parse(&b);
	assert_string_equal(g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To"),
	                    "<ykien.d.118-UBND-TH.SNV.7f3a9c2b0010abff@soctrang.example>");
	assert_string_equal(g_mime_object_get_header(GMIME_OBJECT(m), "References"),
	                    "<ykien.d.118-UBND-TH.SNV.7f3a9c2b0010abff@soctrang.example>");
	g_object_unref(m);
	buf_free(&b);
}

/* The dispatched letter's form: a note with a Reply-To and files attached
 * after the text, each byte kept, no Auto-Submitted when none is asked. */
static void
test_note_with_files(void **state)
{
	const char *to[] = { "snv@soctrang.example" };
	struct compose_file files[] = { { attach_path, "Công văn 118.pdf" }, { attach_path, NULL } };
	struct compose_note n = {
		.cfg = &cfg, .to = to, .n_to = 1, .to_name = "Sở Nội vụ", .subject = "Công văn số 118",
		.text = "Kính gửi: Sở Nội vụ.\n", .message_id = "ykien.d.1.SNV.00@soctrang.example",
		.date = 1705280400, .reply_to = "tonghop+snv-7f3a9c2b0010abff@soctrang.example",
		.attach = files, .n_attach = 2,
	};
	struct yk_err err = { 0 };
	struct buf b;
	GMimeMessage *m;
	GMimeMultipart *mixed;
	char *data;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(compose_note(&n, &b, &err), 0);
	m = parse(&b);
	assert_null(g_mime_object_get_header(GMIME_OBJECT(m), "Auto-Submitted"));
	assert_string_equal(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(
		internet_address_list_get_address(g_mime_message_get_reply_to(m), 0))),
		"tonghop+snv-7f3a9c2b0010abff@soctrang.example");
	mixed = GMIME_MULTIPART(g_mime_message_get_mime_part(m));
	assert_int_equal(g_mime_multipart_get_count(mixed), 3);
	data = part_text(g_mime_multipart_get_part(mixed, 0));
	assert_string_equal(data, "Kính gửi: Sở Nội vụ.\n");
	g_free(data);
	assert_string_equal(g_mime_part_get_filename(GMIME_PART(g_mime_multipart_get_part(mixed, 1))),
	                    "Công văn 118.pdf");
	assert_string_equal(g_mime_part_get_filename(GMIME_PART(g_mime_multipart_get_part(mixed, 2))),
	                    "phieu.docx");
	data = part_text(g_mime_multipart_get_part(mixed, 2));
	assert_memory_equal(data, attach_bytes, sizeof attach_bytes);
	g_free(data);
	g_object_unref(m);
	buf_free(&b);
	/* a Reply-To that is not one address is refused, never written */
	buf_init(&b, 0);
	n.reply_to = "a@b.example, c@d.example";
	assert_int_equal(compose_note(&n, &b, &err), YK_EINVAL);
	buf_free(&b);
	/* a file that cannot be read stops the message */
	buf_init(&b, 0);
	n.reply_to = NULL;
	files[1].path = "/nonexistent/phieu.docx";
	assert_int_equal(compose_note(&n, &b, &err), YK_ENOTFOUND);
	buf_free(&b);
}

static void
test_message_id_is_fixed_by_campaign_agency_slot(void **state)
{
	char a[COMPOSE_MESSAGE_ID_MAX], b[COMPOSE_MESSAGE_ID_MAX], c[COMPOSE_MESSAGE_ID_MAX];
	struct compose_reminder r = reminder("before-7");
	struct yk_err err = { 0 };
	struct buf m1, m2;
	GMimeMessage *p;
	(void)state;

	assert_int_equal(compose_message_id(&cfg, "118-UBND-TH", "SNV", "before-7", a, sizeof a, &err), 0);
	assert_int_equal(compose_message_id(&cfg, "118-UBND-TH", "SNV", "before-7", b, sizeof b, &err), 0);
	assert_int_equal(compose_message_id(&cfg, "118-UBND-TH", "SNV", "before-3", c, sizeof c, &err), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_non_null(strstr(a, "@soctrang.example"));
	/* a re-send later (after a crash) carries the same id */
	buf_init(&m1, 0);
	buf_init(&m2, 0);
	assert_int_equal(compose_reminder(&r, &m1, &err), 0);
	r.date += 3600;
	assert_int_equal(compose_reminder(&r, &m2, &err), 0);
	p = parse(&m2);
	assert_string_equal(g_mime_message_get_message_id(p), a);
	g_object_unref(p);
	p = parse(&m1);
	assert_string_equal(g_mime_message_get_message_id(p), a);
	g_object_unref(p);
	buf_free(&m1);
	buf_free(&m2);
}

static void
test_html_alternative(void **state)
{
	struct compose_reminder r = reminder("overdue-1");
	struct yk_err err = { 0 };
	struct buf b;
	GMimeMessage *m;
	GMimeMultipart *mixed, *alt;
	char *html;
	(void)state;

	camp.template_html_path = html_path;
	agency.name = "Sở <Nội vụ> & Tư pháp";
	buf_init(&b, 0);
	assert_int_equal(compose_reminder(&r, &b, &err), 0);
	m = parse(&b);
	mixed = GMIME_MULTIPART(g_mime_message_get_mime_part(m));
	alt = GMIME_MULTIPART(g_mime_multipart_get_part(mixed, 0));
	{
		char *type = g_mime_content_type_get_mime_type(
			g_mime_object_get_content_type(GMIME_OBJECT(alt)));
		assert_string_equal(type, "multipart/alternative");
		g_free(type);
	}
	html = part_text(g_mime_multipart_get_part(alt, 1));
	assert_string_equal(html, "<p>Kính gửi: Sở &lt;Nội vụ&gt; &amp; Tư pháp</p>\n");
	g_free(html);
	g_object_unref(m);
	buf_free(&b);
	camp.template_html_path = NULL;
	agency.name = "Sở Nội vụ";
}

static void
test_no_line_break_reaches_a_header(void **state)
{
	struct compose_reminder r = reminder("before-1");
	struct yk_err err = { 0 };
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	camp.title = "Phiếu\r\nBcc: victim@example.com";
	assert_int_equal(compose_reminder(&r, &b, &err), YK_EINVAL);
	assert_int_equal(b.len, 0);
	camp.title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
	yk_err_clear(&err);
	agency.name = "Sở Nội vụ\nBcc: victim@example.com";
	assert_int_equal(compose_reminder(&r, &b, &err), YK_EINVAL);
	assert_int_equal(b.len, 0);
	agency.name = "Sở Nội vụ";
	buf_free(&b);
}

static void
test_unknown_placeholder_is_refused(void **state)
{
	struct compose_reminder r = reminder("before-1");
	struct yk_err err = { 0 };
	struct buf b;
	(void)state;

	buf_init(&b, 0);
	assert_int_equal(compose_fill(&r, "Kính gửi {agnecy}", 0, &b, &err), YK_EINVAL);
	assert_non_null(strstr(err.msg, "{agnecy}"));
	buf_reset(&b);
	yk_err_clear(&err);
	/* after the deadline: overdue wording, days_left 0 */
	r.date = 1706864400; /* 2024-02-02T16:00:00+07:00 */
	assert_int_equal(compose_fill(&r, "{days_left}|{deadline_note}", 0, &b, &err), 0);
	assert_string_equal(b.data, "0|Thời hạn trên đã quá 2 ngày; đề nghị Quý cơ quan gửi Phiếu "
	                            "ngay khi nhận được thư này.");
	buf_free(&b);
	/* a subject past its limit is refused as too long, not as out of memory */
	yk_err_clear(&err);
	buf_init(&b, 16);
	assert_int_equal(compose_fill(&r, "Nhắc gửi {title} {reference}", 0, &b, &err), YK_ELIMIT);
	assert_non_null(strstr(err.msg, "longer than 16 bytes"));
	buf_free(&b);
}

/* A deadline written as a date alone ("trong tháng 01/2024" ->
 * "2024-01-31") reads as that day, not as 23 giờ 59; the 31st is still the
 * last day until its end. */
static void
test_deadline_as_a_date(void **state)
{
	struct compose_reminder r = reminder("before-1");
	struct yk_campaign c = *r.campaign;
	struct yk_err err = { 0 };
	struct buf b;
	(void)state;

	c.deadline = 1706720399; /* 2024-01-31T23:59:59+07:00 */
	c.deadline_is_day = true;
	r.campaign = &c;
	buf_init(&b, 0);
	assert_int_equal(compose_fill(&r, "chậm nhất là {deadline}", 0, &b, &err), 0);
	assert_string_equal(b.data, "chậm nhất là ngày 31/01/2024");
	buf_reset(&b);
	r.date = 1706713200; /* 2024-01-31T22:00:00+07:00 */
	assert_int_equal(compose_fill(&r, "{deadline_note}", 0, &b, &err), 0);
	assert_string_equal(b.data, "Hôm nay là ngày cuối cùng của thời hạn gửi Phiếu.");
	buf_free(&b);
}

/*
 * A campaign with reminders and no template gets the built-in công văn
 * đôn đốc: "V/v đôn đốc gửi …", the letter by number, date, issuer and
 * trích yếu, the request with the deadline, "mẫu phiếu gửi kèm" only with
 * a form attached, the signature from the 'office' group; no "về về", no
 * "xin vui lòng", no "{" left.
 */
static void
test_default_template(void **state)
{
	struct compose_reminder r = reminder("before-7");
	struct yk_err err = { 0 };
	struct buf b;
	GMimeMessage *m;
	GMimeMultipart *mixed;
	char *body;
	(void)state;

	camp.template_path = NULL;
	camp.about = "nâng cao hiệu quả công tác tuyên truyền cải cách hành chính";
	cfg.office = (struct yk_office){
		.parent_body = "UBND tỉnh Sóc Trăng", .issuing_body = "Sở Nội vụ",
		.abbreviation = "SNV", .province = "tỉnh Sóc Trăng",
		.contact = "Phòng CCHC, Sở Nội vụ, điện thoại 0299 3822 000",
	};
	agency.name = "Sở Tư pháp";
	buf_init(&b, 0);
	assert_int_equal(compose_reminder(&r, &b, &err), 0);
	m = parse(&b);
	assert_string_equal(g_mime_message_get_subject(m),
	                    "V/v đôn đốc gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính "
	                    "năm 2023 (Công văn số 118/UBND-TH)");
	mixed = GMIME_MULTIPART(g_mime_message_get_mime_part(m));
	body = part_text(g_mime_multipart_get_part(mixed, 0));
	assert_string_equal(body,
		"Kính gửi: Sở Tư pháp.\n"
		"\n"
		"Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 của UBND tỉnh Sóc Trăng về việc "
		"nâng cao hiệu quả công tác tuyên truyền cải cách hành chính, đề nghị Sở Tư pháp "
		"khẩn trương hoàn thiện và gửi Phiếu tham gia ý kiến về Hội thi cải cách hành chính "
		"năm 2023 trước 17 giờ 00 ngày 31/01/2024. Mẫu phiếu gửi kèm thư này.\n"
		"\n"
		"Thời hạn gửi Phiếu còn 7 ngày.\n"
		"\n"
		"Phiếu gửi về bằng cách trả lời thư này (ghi ý kiến vào nội dung thư hoặc gửi kèm "
		"tệp Phiếu đã điền).\n"
		"\n"
		"Trường hợp Quý cơ quan đã gửi Phiếu, đề nghị bỏ qua thư này.\n"
		"\n"
		"Trân trọng./.\n"
		"\n"
		"UBND TỈNH SÓC TRĂNG\n"
		"SỞ NỘI VỤ\n"
		"Liên hệ: Phòng CCHC, Sở Nội vụ, điện thoại 0299 3822 000\n"
		"\n"
		"--\n"
		"Thư này được gửi tự động từ hệ thống tiếp nhận Phiếu ý kiến.\n");
	assert_null(strstr(body, "vui lòng"));
	assert_null(strstr(body, "về về"));
	g_free(body);
	g_object_unref(m);
	buf_reset(&b);

	/* no form attached, no trích yếu, no title, a Sở's own letter, no
	 * parent body: the sentence still reads, and names no form */
	camp.attach_path = NULL;
	camp.about = NULL;
	camp.title = NULL;
	camp.reference = "45/SNV-CCHC";
	cfg.office.parent_body = NULL;
	cfg.office.contact = NULL;
	assert_int_equal(compose_reminder(&r, &b, &err), 0);
	m = parse(&b);
	assert_string_equal(g_mime_message_get_subject(m),
	                    "V/v đôn đốc gửi Phiếu ý kiến (Công văn số 45/SNV-CCHC)");
	body = part_text(g_mime_message_get_mime_part(m));
	assert_non_null(strstr(body, "Thực hiện Công văn số 45/SNV-CCHC ngày 15/01/2024 của Sở "
	                             "Nội vụ về việc lấy ý kiến các cơ quan, đơn vị, đề nghị Sở Tư "
	                             "pháp khẩn trương hoàn thiện và gửi Phiếu ý kiến trước 17 giờ "
	                             "00 ngày 31/01/2024.\n\n"));
	assert_null(strstr(body, "gửi kèm thư"));
	assert_non_null(strstr(body, "Trân trọng./.\n\nSỞ NỘI VỤ TỈNH SÓC TRĂNG\n\n--\n"));
	g_free(body);
	g_object_unref(m);
	buf_reset(&b);

	/* no 'office' group at all: the letter's issuer left to fill in, the
	 * sender's own name signs */
	memset(&cfg.office, 0, sizeof cfg.office);
	assert_int_equal(compose_reminder(&r, &b, &err), 0);
	m = parse(&b);
	body = part_text(g_mime_message_get_mime_part(m));
	assert_non_null(strstr(body, "ngày 15/01/2024 của …… về việc"));
	assert_non_null(strstr(body, "Trân trọng./.\n\nVĂN PHÒNG UBND TỈNH SÓC TRĂNG\n\n--\n"));
	g_free(body);
	g_object_unref(m);
	buf_free(&b);

	camp.reference = "118/UBND-TH";
	camp.title = "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
	camp.template_path = tmpl_path;
	camp.attach_path = attach_path;
	agency.name = "Sở Nội vụ";
}

/* conf/templates/nhac-nho.txt is the built-in text, for an office to
 * copy; an unknown placeholder in a file is named with its file and line. */
static void
test_template_file(void **state)
{
	struct compose_reminder r = reminder("before-7");
	struct yk_err err = { 0 };
	struct buf file, b;
	char bad[400];
	(void)state;

	buf_init(&file, 0);
	file.limit = COMPOSE_TEMPLATE_MAX;
	assert_int_equal(buf_read_file(&file, "conf/templates/nhac-nho.txt", &err), 0);
	assert_string_equal(file.data, compose_default_template);
	buf_free(&file);

	snprintf(bad, sizeof bad, "%s/bad.txt", dir);
	write_file(bad, "Subject: V/v {title}\r\n\r\nKính gửi: {agency}.\r\n\r\nĐề nghị {agncy}.\r\n",
	           strlen("Subject: V/v {title}\r\n\r\nKính gửi: {agency}.\r\n\r\nĐề nghị "
	                  "{agncy}.\r\n"));
	camp.template_path = bad;
	buf_init(&b, 0);
	assert_int_equal(compose_reminder(&r, &b, &err), YK_EINVAL);
	snprintf(bad + strlen(bad), sizeof bad - strlen(bad), ":5: unknown placeholder {agncy}");
	assert_non_null(strstr(err.msg, bad));
	buf_free(&b);
	camp.template_path = tmpl_path;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reminder_round_trip),
		cmocka_unit_test(test_reminder_under_the_dispatched_letter),
		cmocka_unit_test(test_note_with_files),
		cmocka_unit_test(test_message_id_is_fixed_by_campaign_agency_slot),
		cmocka_unit_test(test_html_alternative),
		cmocka_unit_test(test_no_line_break_reaches_a_header),
		cmocka_unit_test(test_unknown_placeholder_is_refused),
		cmocka_unit_test(test_default_template),
		cmocka_unit_test(test_template_file),
		cmocka_unit_test(test_deadline_as_a_date),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
