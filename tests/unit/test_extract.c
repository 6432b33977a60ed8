/* Unit tests for lib/extract (and the readers it drives): whole messages
 * in, the `ykien parse --json` fields out.  Fixtures: tests/data/extract/
 * (carried), and a .docx generated here with libzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gmime/gmime.h>
#include <zip.h>

#include "buf.h"
#include "extract.h"
#include "form.h"
#include "readers/readers.h"
#include "fixture_config.h"

#define CONT 1u
#define OTHER 2u

static struct extract_result *
extract_bytes(const char *data, size_t len)
{
	struct extract_result *r = NULL;
	struct yk_err err = { 0 };

	assert_int_equal(extract_message(&fx_config, data, len, &r, &err), 0);
	assert_non_null(r);
	return r;
}

static struct extract_result *
extract_file(const char *name)
{
	char path[256], *d;
	size_t n;
	struct extract_result *r;

	snprintf(path, sizeof path, "tests/data/extract/%s", name);
	d = fx_read_file(path, &n);
	r = extract_bytes(d, n);
	free(d);
	return r;
}

static void
test_windows_1258_inline(void **state)
{
	struct extract_result *r = extract_file("cp1258_qp.eml");
	(void)state;

	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_string_equal(r->campaign->id, "118-UBND-TH"); /* by the form's headings */
	assert_string_equal(r->agency->code, "SLD");
	assert_string_equal(r->agency_by, "from");
	assert_string_equal(r->source, "inline");
	assert_int_equal(r->n_answers, 3);
	assert_string_equal(r->answers[0].text, "Hội thi bổ ích cho công chức trẻ.");
	assert_int_equal(r->answers[1].choices, CONT);
	assert_string_equal(r->answers[2].text, "Tổ chức vào quý II.");
	assert_false(r->needs_review);
	extract_free(r);
}

static void
test_nfd_both_ticked(void **state)
{
	struct extract_result *r = extract_file("nfd_base64.eml");
	(void)state;

	assert_string_equal(r->agency->code, "SVH");
	assert_int_equal(r->answers[1].choices, CONT | OTHER);
	assert_string_equal(r->answers[1].text, "biểu diễn lưu động ở xã.");
	assert_string_equal(r->answers[0].text, "Tiểu phẩm hay, dàn dựng công phu.");
	extract_free(r);
}

static void
test_blank_form_quoted_under_answer(void **state)
{
	struct extract_result *r = extract_file("gmail_quoted_blank.eml");
	(void)state;

	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_string_equal(r->agency->code, "HA"); /* "@huyena.tinh.example" */
	assert_int_equal(r->answers[1].choices, OTHER);
	assert_string_equal(r->answers[1].text, "toa dam truc tuyen.");
	assert_string_equal(r->answers[0].text, "Hoi thi thiet thuc voi cap xa.");
	assert_string_equal(r->answers[2].text, "Khong.");
	assert_false(r->needs_review);
	extract_free(r);
}

static void
test_only_a_quoted_blank_form(void **state)
{
	struct extract_result *r = extract_file("outlook_blank_only.eml");
	(void)state;

	/* a reply to the campaign whose only form is the quoted blank one:
	 * nothing read from it, and a person is asked to look */
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_string_equal(r->agency->code, "STP");
	assert_true(r->needs_review);
	for (size_t s = 0; s < r->n_answers; s++) {
		assert_null(r->answers[s].text);
		assert_int_equal(r->answers[s].choices, 0);
	}
	extract_free(r);
}

static void
test_html_only(void **state)
{
	struct extract_result *r = extract_file("html_table.eml");
	(void)state;

	assert_string_equal(r->source, "html");
	assert_string_equal(r->agency->code, "CX");
	assert_int_equal(r->answers[1].choices, CONT); /* not the quoted ☐ */
	assert_string_equal(r->answers[0].text, "Rất\xc2\xa0thiết thực.");
	assert_string_equal(r->answers[2].text, "Tăng giải thưởng.");
	extract_free(r);
}

static void
test_bounce_and_auto_reply(void **state)
{
	struct extract_result *r = extract_file("bounce_dsn.eml");
	struct buf b;
	(void)state;

	assert_int_equal(r->kind, KIND_BOUNCE);
	assert_null(r->campaign);
	assert_int_equal(r->n_bounced, 1);
	assert_string_equal(r->bounced[0], "old.unit@so.tinh.example");
	buf_init(&b, 0);
	assert_int_equal(extract_json_fields(r, &b), 0);
	assert_non_null(strstr(b.data, "\"kind\":\"bounce\""));
	assert_non_null(strstr(b.data, "\"answers\":{}"));
	buf_free(&b);
	extract_free(r);
	r = extract_file("out_of_office.eml");
	assert_int_equal(r->kind, KIND_AUTO_REPLY);
	assert_false(r->needs_review);
	extract_free(r);
}

/* --- attachments ------------------------------------------------------- */

static const char docx_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
	"xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><w:body>"
	"<w:p><w:r><w:t>Cơ quan, đơn vị: Sở Tư pháp</w:t></w:r></w:p>"
	"<w:p><w:r><w:t>1. Nhận xét về tính thiết thực và hiệu quả của Hội thi</w:t></w:r></w:p>"
	"<w:p><w:r><w:t xml:space=\"preserve\">Hội thi </w:t></w:r><w:r><w:t>bổ ích.</w:t></w:r>"
	"<w:del><w:r><w:delText>Xóa đi.</w:delText></w:r></w:del></w:p>"
	"<w:p><w:r><w:t>2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác</w:t></w:r></w:p>"
	"<w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"0\"/></w14:checkbox></w:sdtPr>"
	"<w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt>"
	"<w:r><w:t xml:space=\"preserve\"> Đề nghị tiếp tục tổ chức Hội thi.</w:t></w:r></w:p>"
	"<w:p><w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/></w:r>"
	"<w:r><w:t xml:space=\"preserve\"> Đề nghị hình thức tuyên truyền khác: hội thi trực tuyến.</w:t></w:r></w:p>"
	"<w:p><w:r><w:rPr><w:strike/></w:rPr><w:t>Văn bản gạch bỏ.</w:t></w:r></w:p>"
	"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:t>Ý kiến khác, đề xuất (nếu có)</w:t></w:r></w:p></w:tc>"
	"<w:tc><w:p><w:r><w:t>Phổ biến pháp luật.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
	"</w:body></w:document>";

/* A .docx in memory (malloc'd), made with libzip. */
static char *
make_docx(const char *xml, size_t *len)
{
	char path[] = "/tmp/ykien-test-docx-XXXXXX";
	int fd = mkstemp(path);
	zip_t *z;
	zip_source_t *s;
	char *d;

	assert_true(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, NULL);
	assert_non_null(z);
	s = zip_source_buffer(z, xml, strlen(xml), 0);
	assert_true(zip_file_add(z, "word/document.xml", s, ZIP_FL_ENC_UTF_8) >= 0);
	assert_int_equal(zip_close(z), 0);
	d = fx_read_file(path, len);
	unlink(path);
	return d;
}

static char *
b64(const char *d, size_t n)
{
	gchar *e = g_base64_encode((const guchar *)d, n);
	char *r = strdup(e);

	g_free(e);
	return r;
}

static void
test_docx_beats_inline(void **state)
{
	size_t dl;
	char *docx = make_docx(docx_xml, &dl), *enc = b64(docx, dl);
	struct buf m;
	struct extract_result *r;
	char *text = NULL;
	struct yk_err err = { 0 };
	(void)state;

	/* the reader on its own: deletions and strikes left out */
	assert_int_equal(docx_text(docx, dl, &text, &err), 0);
	assert_null(strstr(text, "Xóa đi"));
	assert_null(strstr(text, "gạch bỏ"));
	assert_non_null(strstr(text, "☐ Đề nghị tiếp tục"));
	assert_non_null(strstr(text, "☑ Đề nghị hình thức"));
	/* a table row: its number before the heading, the answer under it */
	assert_non_null(strstr(text, "3 Ý kiến khác, đề xuất (nếu có)\nPhổ biến pháp luật."));
	free(text);
	buf_init(&m, 0);
	assert_int_equal(buf_printf(&m,
		"From: Clerk <lan@gmail.example>\nReply-To: stp@so.tinh.example\n"
		"Subject: Re: V/v 118/UBND-TH\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"B\"\n\n"
		"--B\nContent-Type: text/plain; charset=utf-8\n\n"
		"2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n"
		"☒ Đề nghị tiếp tục tổ chức Hội thi.\n"
		"--B\nContent-Type: application/octet-stream\n"
		"Content-Disposition: attachment; filename=\"phieu.docx\"\n"
		"Content-Transfer-Encoding: base64\n\n%s\n--B--\n", enc), 0);
	r = extract_bytes(m.data, m.len);
	assert_string_equal(r->source, "docx");
	assert_string_equal(r->agency->code, "STP");
	assert_string_equal(r->agency_by, "reply_to");
	assert_int_equal(r->answers[1].choices, OTHER);
	assert_string_equal(r->answers[1].text, "hội thi trực tuyến.");
	assert_string_equal(r->answers[0].text, "Hội thi bổ ích.");
	assert_string_equal(r->answers[2].text, "Phổ biến pháp luật.");
	extract_free(r);
	buf_free(&m);
	free(enc);
	free(docx);
}

static void
test_zip_bomb_refused(void **state)
{
	/* 40 MiB of one letter deflates to ~40 KiB; the entry limit stops it */
	size_t big = READER_ZIP_MAX_ENTRY + 1024, dl;
	char *xml = malloc(big + 1), *docx, *text = NULL;
	struct yk_err err = { 0 };
	(void)state;

	memset(xml, 'a', big);
	xml[big] = '\0';
	docx = make_docx(xml, &dl);
	assert_true(dl < big / 100);
	assert_int_equal(docx_text(docx, dl, &text, &err), YK_ELIMIT);
	assert_null(text);
	free(docx);
	free(xml);
}

static void
test_image_only_and_content_agency(void **state)
{
	static const char png[] =
		"From: Hung <hung@gmail.example>\nSubject: Re: V/v tham gia y kien\n"
		"In-Reply-To: <letter-118@tinh.example>\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"B\"\n\n"
		"--B\nContent-Type: text/plain; charset=utf-8\n\nGửi phiếu (ảnh chụp).\n"
		"UBND TX. Hòa Khánh\n"
		"--B\nContent-Type: image/png; name=\"scan.png\"\nContent-Transfer-Encoding: base64\n\n"
		"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\n"
		"--B--\n";
	struct extract_result *r = extract_bytes(png, sizeof png - 1);
	struct buf b;
	(void)state;

	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_string_equal(r->source, "image");
	assert_true(r->needs_review);
	assert_string_equal(r->agency->code, "TXHK");
	assert_string_equal(r->agency_by, "content");
	buf_init(&b, 0);
	assert_int_equal(extract_json_fields(r, &b), 0);
	assert_non_null(strstr(b.data, "\"answers\":{\"comments\":null,\"proposal\":{\"choices\":[],\"text\":null},"
	                               "\"other_opinions\":null}"));
	assert_non_null(strstr(b.data, "\"needs_review\":true,\"review_reasons\":[\"scan only"));
	buf_reset(&b);
	assert_int_equal(extract_choice_summary(r, &b), 0);
	assert_string_equal(b.data, "-");
	buf_free(&b);
	extract_free(r);
}

/* A question about the campaign with the blank form quoted is kind
 * "question", its one reason in place of "no answer found"; the same blank
 * form under a mere acknowledgement stays a form reply with no answer. */
#define QUESTION_HEAD \
	"From: stp@so.tinh.example\nSubject: Re: V/v tham gia y kien\n" \
	"In-Reply-To: <letter-118@tinh.example>\n" \
	"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
#define QUESTION_QUOTE \
	"\nVào 15 thg 1, 2024, lúc 15:39, Văn phòng <vp@tinh.example> đã viết:\n" \
	"> 1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính\n" \
	"> ......\n" \
	"> 2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n" \
	"> ☐ Đề nghị tiếp tục tổ chức Hội thi.\n" \
	"> ☐ Đề nghị hình thức tuyên truyền khác.\n" \
	"> 3. Ý kiến khác, đề xuất (nếu có):\n"

/* In our letter's thread, a writer whose own text answers another letter
 * with another contest's form, naming nothing of ours, did not reply to
 * us; one who cites ours, or names nothing, did. */
static void
test_thread_answering_another_letter(void **state)
{
	static const char other[] = QUESTION_HEAD
		"Sở Tư pháp gửi phiếu góp ý Hội thi Hòa giải viên giỏi theo Công văn số "
		"2045/UBND-NC.\n1. Nhận xét: tốt.\n3. Ý kiến khác: Không.\n" QUESTION_QUOTE;
	static const char ours[] = QUESTION_HEAD
		"Thực hiện Công văn số 118/UBND-TH (đã trả lời riêng Công văn số 2045/UBND-NC), "
		"Sở Tư pháp gửi ý kiến.\n1. Nhận xét về tính thiết thực và hiệu quả của Hội thi "
		"cải cách hành chính\nTốt.\n" QUESTION_QUOTE;
	struct extract_result *r = extract_bytes(other, sizeof other - 1);
	(void)state;

	assert_int_equal(r->kind, KIND_UNRELATED);
	assert_null(r->campaign);
	extract_free(r);
	r = extract_bytes(ours, sizeof ours - 1);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_ptr_equal(r->campaign, &fx_campaigns[0]);
	extract_free(r);
}

static void
test_question_with_blank_form_quoted(void **state)
{
	static const char asked[] = QUESTION_HEAD
		"Cho em hỏi phiếu gửi bằng file scan hay file Word? Hạn chót là ngày 31/01 phải "
		"không ạ?\n" QUESTION_QUOTE;
	static const char acked[] = QUESTION_HEAD
		"Đã nhận. Đơn vị sẽ gửi phiếu trong tháng 01/2024.\n" QUESTION_QUOTE;
	struct buf b;
	struct extract_result *r = extract_bytes(asked, sizeof asked - 1);
	(void)state;

	assert_int_equal(r->kind, KIND_QUESTION);
	assert_string_equal(extract_kind_name(r->kind), "question");
	assert_ptr_equal(r->campaign, &fx_campaigns[0]);
	assert_ptr_equal(r->agency, &fx_agencies[3]);
	assert_true(r->needs_review);
	assert_int_equal(r->n_reasons, 1);
	assert_string_equal(r->reasons[0], EXTRACT_QUESTION_REASON);
	buf_init(&b, 0);
	assert_int_equal(extract_json_fields(r, &b), 0);
	assert_non_null(strstr(b.data, "\"kind\":\"question\""));
	buf_free(&b);
	extract_free(r);
	/* "Đã nhận" over the same quote: no question, no answer */
	r = extract_bytes(acked, sizeof acked - 1);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_true(r->needs_review);
	assert_string_equal(r->reasons[0], "no answer found in the message");
	extract_free(r);
}

static void
test_unrelated_and_unknown(void **state)
{
	static const char other[] =
		"From: lao.dong@so.tinh.example\nSubject: Góp ý dự thảo (CV 95/UBND-KT)\n"
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
		"Thực hiện Công văn số 95/UBND-KT:\n1. Thống nhất.\n2. Bổ sung chỉ tiêu.\n3. Không.\n";
	static const char unknown[] =
		"From: someone@mail.example\nSubject: Re: V/v tham gia y kien\n"
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
		"- Nhận xét: hay.\n- Đề nghị hình thức tuyên truyền khác: tọa đàm.\n- Ý kiến khác: không có.\n";
	struct extract_result *r = extract_bytes(other, sizeof other - 1);
	(void)state;

	assert_int_equal(r->kind, KIND_UNRELATED);
	assert_null(r->campaign);
	assert_int_equal(r->n_answers, 0);
	extract_free(r);
	r = extract_bytes(unknown, sizeof unknown - 1);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_null(r->agency);
	assert_null(r->agency_by);
	assert_true(r->needs_review);
	assert_int_equal(r->answers[1].choices, OTHER);
	extract_free(r);
}

/* An answer longer than FORM_MAX_TEXT: kept cut, and a person is told. */
static void
test_long_answer_reviewed(void **state)
{
	struct buf m;
	struct extract_result *r;
	bool said = false;
	(void)state;

	buf_init(&m, 0);
	assert_int_equal(buf_adds(&m, "From: snv@soctrang.example\nSubject: Tra loi 118/UBND-TH\n"
	                          "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
	                          "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\n"), 0);
	while (m.len < FORM_MAX_TEXT + 8192)
		assert_int_equal(buf_adds(&m, "Hội thi được tổ chức chu đáo, thiết thực.\n"), 0);
	assert_int_equal(buf_adds(&m, "3. Ý kiến khác, đề xuất (nếu có):\nKhông.\n"), 0);
	r = extract_bytes(m.data, m.len);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_true(r->needs_review);
	for (size_t i = 0; i < r->n_reasons; i++)
		said |= !strcmp(r->reasons[i], "an answer longer than 256 KB was cut");
	assert_true(said);
	assert_true(strlen(r->answers[0].text) <= FORM_MAX_TEXT);
	extract_free(r);
	buf_free(&m);
}

static int
setup(void **state)
{
	(void)state;
	extract_global_init();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	extract_global_shutdown();
	return 0;
}

/* Pixel counts come from the header alone, before any decoder runs:
 * the OCR limit on pixels rests on these. */
static void
test_ocr_image_size(void **state)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x4e\x20\0\0\x4e\x20\x01\0\0\0\0";
	static const char jpeg[] = "\xff\xd8\xff\xe0\0\x04\0\0\xff\xc0\0\x11\x08\x04\x1c\x02\xe8\x03";
	static const char gif[] = "GIF89a\x58\x02\x20\x03\0\0";
	static const char tiff[] = "II*\0\x08\0\0\0\x02\0"
	                           "\0\x01\x03\0\x01\0\0\0\xb0\x04\0\0"
	                           "\x01\x01\x04\0\x01\0\0\0\xd4\x06\0\0";
	uint32_t w, h;
	(void)state;

	assert_int_equal(ocr_image_size(png, sizeof png - 1, &w, &h), 0);
	assert_int_equal(w, 20000);
	assert_int_equal(h, 20000);
	assert_int_equal(ocr_image_size(jpeg, sizeof jpeg - 1, &w, &h), 0);
	assert_int_equal(w, 744);
	assert_int_equal(h, 1052);
	assert_int_equal(ocr_image_size(gif, sizeof gif - 1, &w, &h), 0);
	assert_int_equal(w, 600);
	assert_int_equal(h, 800);
	assert_int_equal(ocr_image_size(tiff, sizeof tiff - 1, &w, &h), 0);
	assert_int_equal(w, 1200);
	assert_int_equal(h, 1748);
	/* cut short, or not a picture */
	assert_int_equal(ocr_image_size(png, 20, &w, &h), YK_EINVAL);
	assert_int_equal(ocr_image_size(jpeg, 8, &w, &h), YK_EINVAL);
	assert_int_equal(ocr_image_size("%PDF-1.4", 8, &w, &h), YK_EINVAL);
	/* a 20,000 x 20,000 picture is refused before it is decoded */
	{
		struct yk_err e = { 0 };
		char *out = NULL;

		assert_int_equal(ocr_image(png, sizeof png - 1, NULL, &out, &e), YK_ELIMIT);
		assert_null(out);
		assert_non_null(strstr(e.msg, "20000 x 20000"));
	}
}

/* A .txt longer than READER_MAX_TEXT is cut at a character: cut inside
 * one, a UTF-8 text would be read as windows-1258. */
static void
test_txt_cut_at_a_character(void **state)
{
	const char *e = "\xe1\xba\xbf"; /* ế, 3 bytes: 4 MiB falls inside one */
	size_t n = READER_MAX_TEXT + 30, len = 0;
	char *d = malloc(n), *out = NULL;
	struct yk_err err = { 0 };
	(void)state;

	assert_non_null(d);
	for (; len + 3 <= n; len += 3)
		memcpy(d + len, e, 3);
	assert_int_equal(READER_MAX_TEXT % 3, 1);
	assert_int_equal(txt_text(d, len, &out, &err), 0);
	assert_non_null(out);
	assert_int_equal(strncmp(out, e, 3), 0);
	assert_int_equal(strlen(out), READER_MAX_TEXT - 1);
	assert_int_equal(strcmp(out + strlen(out) - 3, e), 0);
	free(out);
	free(d);
}

/* A forward is not a quote: the forwarded form is the reply, the agency
 * the forwarder's, the forwarded sender beside it; a reply quoting the
 * blank letter under the same Outlook block stays a reply; the blank
 * letter forwarded on is not a reply unless its cover may answer. */
#define FX_FORM_FILLED \
	"1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\n" \
	"Hội thi bổ ích.\n" \
	"2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n" \
	"[x] Đề nghị tiếp tục tổ chức Hội thi\n[ ] Đề nghị hình thức tuyên truyền khác\n" \
	"3. Ý kiến khác, đề xuất\nKhông.\n"
#define FX_FORM_BLANK \
	"Công văn số 118/UBND-TH\n" \
	"1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\n......\n" \
	"2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n" \
	"☐ Đề nghị tiếp tục tổ chức Hội thi\n☐ Đề nghị hình thức tuyên truyền khác\n" \
	"3. Ý kiến khác, đề xuất\n......\n"
#define FX_HEAD(subject) \
	"From: So Van hoa <vanhoa@so.tinh.example>\nTo: ubnd@tinh.example\n" \
	"Subject: " subject "\nMessage-ID: <f@x>\nMIME-Version: 1.0\n" \
	"Content-Type: text/plain; charset=utf-8\n\n"

static void
test_forwarded_reply(void **state)
{
	static const char fwd[] = FX_HEAD("FW: Phieu")
		"Chuyển tiếp phiếu.\n\n________________________________\n"
		"From: Clerk <Clerk@Mail.example>\nSent: Thursday, January 18, 2024 9:05 AM\n"
		"To: vanhoa@so.tinh.example\nSubject: Phieu\n\n" FX_FORM_FILLED;
	static const char reply[] = FX_HEAD("RE: Cong van 118/UBND-TH")
		"Sở tham gia ý kiến:\n" FX_FORM_FILLED "\n-----Original Message-----\n"
		"From: ubnd@tinh.example\nSent: Monday, January 15, 2024 3:39 PM\n\n" FX_FORM_BLANK;
	static const char blank[] = FX_HEAD("Fwd: Cong van 118/UBND-TH")
		"Chuyển phòng nghiên cứu, tham mưu.\n\n----- Forwarded Message -----\n"
		"From: ubnd@tinh.example\nTo: vanhoa@so.tinh.example\nSent: Mon\n\n" FX_FORM_BLANK;
	static const char prose[] = FX_HEAD("Fwd: Cong van 118/UBND-TH")
		"Sở thống nhất tiếp tục tổ chức Hội thi.\n\n----- Forwarded Message -----\n"
		"From: ubnd@tinh.example\nTo: vanhoa@so.tinh.example\nSent: Mon\n\n" FX_FORM_BLANK;
	struct extract_result *r;
	(void)state;

	r = extract_bytes(fwd, sizeof fwd - 1);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_string_equal(r->agency->code, "SVH");
	assert_string_equal(r->agency_by, "from");
	assert_string_equal(r->forwarded_from, "clerk@mail.example");
	assert_int_equal(r->answers[1].choices, CONT);
	assert_string_equal(r->answers[0].text, "Hội thi bổ ích.");
	assert_false(r->needs_review);
	extract_free(r);

	r = extract_bytes(reply, sizeof reply - 1);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	assert_null(r->forwarded_from);
	assert_int_equal(r->answers[1].choices, CONT);
	extract_free(r);

	r = extract_bytes(blank, sizeof blank - 1);
	assert_int_equal(r->kind, KIND_UNRELATED);
	assert_null(r->forwarded_from);
	extract_free(r);

	r = extract_bytes(prose, sizeof prose - 1);
	assert_int_equal(r->kind, KIND_FORM_REPLY);
	extract_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows_1258_inline),
		cmocka_unit_test(test_nfd_both_ticked),
		cmocka_unit_test(test_blank_form_quoted_under_answer),
		cmocka_unit_test(test_only_a_quoted_blank_form),
		cmocka_unit_test(test_html_only),
		cmocka_unit_test(test_bounce_and_auto_reply),
		cmocka_unit_test(test_docx_beats_inline),
		cmocka_unit_test(test_zip_bomb_refused),
		cmocka_unit_test(test_image_only_and_content_agency),
		cmocka_unit_test(test_unrelated_and_unknown),
		cmocka_unit_test(test_ocr_image_size),
		cmocka_unit_test(test_txt_cut_at_a_character),
		cmocka_unit_test(test_long_answer_reviewed),
		cmocka_unit_test(test_question_with_blank_form_quoted),
		cmocka_unit_test(test_thread_answering_another_letter),
		cmocka_unit_test(test_forwarded_reply),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
