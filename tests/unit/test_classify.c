/* Unit tests for lib/classify: kinds (RFC 3834 auto-replies, RFC 3464
 * bounces, list mail), campaign by reference and In-Reply-To, agency by
 * From / Reply-To / Sender / domain and by content; the sender's verdict
 * (Authentication-Results of the trusted server). */
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

#include "classify.h"
#include "fixture_config.h"

static struct mime_msg *
msg(const char *headers, const char *body)
{
	char text[4096];
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };
	int n = snprintf(text, sizeof text, "%sMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s",
	                 headers, body);

	assert_true(n > 0 && (size_t)n < sizeof text);
	assert_int_equal(mime_parse(text, (size_t)n, &m, &err), 0);
	return m;
}

static enum msg_kind
kind_of(const char *headers)
{
	struct mime_msg *m = msg(headers, "text\n");
	enum msg_kind k = classify_kind(m);

	mime_free(m);
	return k;
}

static void
test_kinds(void **state)
{
	(void)state;
	assert_int_equal(kind_of("From: a@b\nSubject: Re: V/v\n"), KIND_FORM_REPLY);
	assert_int_equal(kind_of("From: a@b\nAuto-Submitted: no\n"), KIND_FORM_REPLY);
	assert_int_equal(kind_of("From: a@b\nAuto-Submitted: auto-replied (vacation)\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nAuto-Submitted: auto-generated\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nX-Autoreply: yes\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nX-Autorespond: 1\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nPrecedence: auto_reply\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nPrecedence: junk\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nSubject: Trả lời tự động: V/v\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nSubject: Automatic reply: V/v\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nSubject: Out of Office\n"), KIND_AUTO_REPLY);
	assert_int_equal(kind_of("From: a@b\nSubject: Vắng mặt: đi công tác đến 22/01\n"),
	                 KIND_AUTO_REPLY);
	/* a read receipt (RFC 8098) is automatic, never an answer */
	assert_int_equal(kind_of("From: a@b\nSubject: Read: V/v 118/UBND-TH\nMIME-Version: 1.0\n"
	                         "Content-Type: multipart/report; report-type=disposition-notification;"
	                         " boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\nĐã đọc.\n"
	                         "--r\nContent-Type: message/disposition-notification\n\n"
	                         "Disposition: manual-action/MDN-sent-manually; displayed\n--r--\n"),
	                 KIND_AUTO_REPLY);
	/* a newsletter: list headers win over Precedence: bulk */
	assert_int_equal(kind_of("From: a@b\nPrecedence: bulk\nList-Unsubscribe: <https://x>\n"),
	                 KIND_UNRELATED);
	assert_int_equal(kind_of("From: MAILER-DAEMON@mx.example\nSubject: Undelivered\n"), KIND_BOUNCE);
	assert_int_equal(kind_of("From: postmaster@mx.example\n"), KIND_BOUNCE);
}

static void
test_bounce_recipients(void **state)
{
	FILE *f = fopen("tests/data/extract/bounce_dsn.eml", "rb");
	char data[8192];
	size_t n;
	struct mime_msg *m = NULL;
	struct yk_err err = { 0 };
	char **v = NULL;
	size_t k = 0;
	(void)state;

	assert_non_null(f);
	n = fread(data, 1, sizeof data, f);
	fclose(f);
	assert_int_equal(mime_parse(data, n, &m, &err), 0);
	assert_int_equal(classify_kind(m), KIND_BOUNCE);
	assert_int_equal(classify_bounced(m, &v, &k), 0);
	/* only the failed one (the other was delayed), lower case */
	assert_int_equal(k, 1);
	assert_string_equal(v[0], "old.unit@so.tinh.example");
	free(v[0]);
	free(v);
	mime_free(m);
}

static void
test_campaign(void **state)
{
	const struct yk_campaign *c = &fx_campaigns[0];
	struct mime_msg *m;
	const char *texts[1];
	(void)state;

	assert_true(classify_cites(c, "Công văn số 118/UBND-TH ngày 15/01/2024"));
	assert_true(classify_cites(c, "theo CV 118 cua UBND tinh"));
	assert_true(classify_cites(c, "Thuc hien Cong van so 118 ngay 15/01"));
	assert_false(classify_cites(c, "Quyết định số 118/QĐ-UBND"));
	assert_false(classify_cites(c, "Công văn số 95/UBND-KT"));
	assert_false(classify_cites(c, "Công văn số 1180/UBND-TH"));
	m = msg("From: a@b\nIn-Reply-To: <letter-118@tinh.example>\n", "ok\n");
	texts[0] = m->plain;
	assert_ptr_equal(classify_campaign(&fx_config, m, texts, 1), c);
	mime_free(m);
	m = msg("From: a@b\nReferences: <x@y> <letter-118@tinh.example>\n", "ok\n");
	assert_ptr_equal(classify_campaign(&fx_config, m, texts, 0), c);
	mime_free(m);
	m = msg("From: a@b\nSubject: Góp ý CV 95/UBND-KT\nIn-Reply-To: <other@tinh.example>\n",
	        "Thực hiện Công văn số 95/UBND-KT ...\n");
	texts[0] = m->plain;
	assert_null(classify_campaign(&fx_config, m, texts, 1));
	mime_free(m);
}

static const char *
agency_code(const char *headers, const char **by)
{
	struct mime_msg *m = msg(headers, "x\n");
	const struct yk_agency *a = classify_agency_by_address(&fx_config, m, by);

	mime_free(m);
	return a ? a->code : NULL;
}

static void
test_agency_by_address(void **state)
{
	const char *by = NULL;
	(void)state;

	assert_string_equal(agency_code("From: Sở LĐ <Lao.Dong@SO.tinh.example>\n", &by), "SLD");
	assert_string_equal(by, "from");
	assert_string_equal(agency_code("From: lao.dong+ykien@so.tinh.example\n", &by), "SLD");
	/* "@domain" covers the domain and its subdomains */
	assert_string_equal(agency_code("From: vanthu@huyena.tinh.example\n", &by), "HA");
	assert_string_equal(agency_code("From: x@mail.huyena.tinh.example\n", &by), "HA");
	assert_null(agency_code("From: x@nothuyena.tinh.example\n", &by));
	/* a registered From is not changed by a personal Reply-To */
	assert_string_equal(agency_code("From: stp@so.tinh.example\nReply-To: lan@gmail.example\n", &by), "STP");
	assert_string_equal(by, "from");
	assert_string_equal(agency_code("From: lan@gmail.example\nReply-To: so.tuphap@so.tinh.example\n", &by), "STP");
	assert_string_equal(by, "reply_to");
	assert_string_equal(agency_code("From: lan@gmail.example\nSender: vanhoa@so.tinh.example\n", &by), "SVH");
	assert_string_equal(by, "sender");
	assert_null(agency_code("From: lan@gmail.example\n", &by));
	assert_null(by);
}

static void
test_agency_by_content(void **state)
{
	const char *texts[1];
	const struct yk_agency *a;
	(void)state;

	a = classify_agency_by_content(&fx_config, "UBND TX. Hòa Khánh", NULL, 0);
	assert_non_null(a);
	assert_string_equal(a->code, "TXHK");
	a = classify_agency_by_content(&fx_config, "Ủy ban nhân dân thị xã Hòa Khánh", NULL, 0);
	assert_string_equal(a->code, "TXHK");
	/* no diacritics, "huyện" left out, in a signature */
	texts[0] = "Kinh gui Van phong\n\n1. ...\n2. ...\n\nTran trong.\nVan phong HDND va UBND An Lac\n";
	a = classify_agency_by_content(&fx_config, NULL, texts, 1);
	assert_non_null(a);
	assert_string_equal(a->code, "HA");
	/* "Phòng Nội vụ" is no "Sở": nobody */
	texts[0] = "Phong Lao dong xin gui y kien.\n";
	assert_null(classify_agency_by_content(&fx_config, NULL, texts, 1));
	/* two agencies named: not a guess */
	texts[0] = "Sở Lao động và Sở Văn hóa cùng gửi.\n";
	assert_null(classify_agency_by_content(&fx_config, NULL, texts, 1));
}

static const char *
content_code(const char *unit, const char *text)
{
	const char *texts[1] = { text };
	const struct yk_agency *a = classify_agency_by_content(&fx_config, unit, texts, text ? 1 : 0);

	return a ? a->code : NULL;
}

/* A department or office signs for its agency; the place after a
 * district's department names the district, not the Sở of that name. */
static void
test_agency_by_subunit(void **state)
{
	(void)state;
	assert_string_equal(content_code(NULL, "Trân trọng.\nNguyễn Văn A\nPhòng Nội vụ thị xã Hòa Khánh\n"),
	                    "TXHK");
	assert_string_equal(content_code(NULL, "Tran trong\n--\nPhong Noi vu TX Hoa Khanh\n"), "TXHK");
	assert_string_equal(content_code("Phòng Lao động huyện An Lạc", NULL), "HA");
	assert_string_equal(content_code(NULL, "Kính gửi: Sở Lao động\n\nTrân trọng.\n"
	                                       "Phòng Văn hóa - Thông tin\nhuyện An Lạc\n"), "HA");
	assert_string_equal(content_code(NULL, "Trân trọng.\nVăn thư Cục X\n"), "CX");
	assert_string_equal(content_code("Bộ phận một cửa Sở Tư pháp", NULL), "STP");
	assert_string_equal(content_code("Văn phòng HĐND và UBND TX. Hòa Khánh", NULL), "TXHK");
	/* the bare place when only one agency bears it */
	assert_string_equal(content_code(NULL, "Trân trọng.\nPhòng Tư pháp Hòa Khánh\n"), "TXHK");
	/* no place, a room number, two agencies, the addressee alone */
	assert_null(content_code(NULL, "Trân trọng.\nPhòng Nội vụ\n"));
	assert_null(content_code(NULL, "Phòng 302, số 5 Hùng Vương, thị xã Hòa Khánh\n"));
	assert_null(content_code(NULL, "Trân trọng.\nTổ công tác Phòng Tư pháp huyện An Lạc "
	                               "- Phòng Nội vụ thị xã Hòa Khánh\n"));
	assert_null(content_code(NULL, "Kính gửi: Sở Tư pháp\n\nXin gửi ý kiến.\n"));
	assert_null(content_code(NULL, "Trân trọng.\nPhòng chúng tôi ở huyện An Lạc\n"));
	/* the addressees listed under "Kính gửi:" and "Nơi nhận:" */
	assert_string_equal(content_code(NULL, "Kính gửi:\n- Sở Lao động;\n- Sở Văn hóa.\n"
	                                       "Phòng Tư pháp Hòa Khánh gửi ý kiến.\n"
	                                       "Nơi nhận:\n- Như trên;\n– Sở Tư pháp;\n• Lưu: VT.\n"),
	                    "TXHK");
}

/* An agency a sentence sends a request or a letter to, or whose paper it
 * cites, is a third party; "ý kiến của Sở …" is the writer. */
static void
test_agency_third_party(void **state)
{
	(void)state;
	assert_null(content_code(NULL, "Căn cứ Báo cáo số 02/BC-SLĐ của Sở Lao động, "
	                               "Phòng Lao động gửi ý kiến.\n\nĐề nghị Sở Lao động "
	                               "hướng dẫn thêm.\n\nPhòng Lao động\n"));
	assert_null(content_code(NULL, "Xin gui So Tu phap de tong hop.\n"));
	assert_string_equal(content_code(NULL, "Ý kiến của Sở Lao động như sau:\n1. Tốt.\n"), "SLD");
	assert_string_equal(content_code(NULL, "Phiếu góp ý của Sở Tư pháp\n1. Tốt.\n"), "STP");
	assert_string_equal(content_code(NULL, "Đề nghị Sở Lao động hướng dẫn.\n"
	                                       "Trân trọng.\nSở Tư pháp\n"), "STP");
}

/* The sender's verdict: judged only for a form reply with a From domain,
 * and only when a server is trusted; the same for every caller. */
static void
test_sender_verdict(void **state)
{
	static const char spoofed[] = "From: snv@soctrang.example\r\nSubject: x\r\n\r\nbody\r\n";
	static const char vouched[] =
		"Authentication-Results: mx.soctrang.example; dkim=pass header.d=soctrang.example\r\n"
		"From: snv@soctrang.example\r\nSubject: x\r\n\r\nbody\r\n";
	struct yk_config cfg = fx_config;
	char why[160] = "";
	(void)state;

	cfg.mailbox.trusted_authserv_id = NULL;
	assert_false(classify_unverified(&cfg, KIND_FORM_REPLY, "snv@soctrang.example", spoofed,
	                                 strlen(spoofed), why, sizeof why));
	cfg.mailbox.trusted_authserv_id = (char *)"mx.soctrang.example";
	assert_true(classify_unverified(&cfg, KIND_FORM_REPLY, "snv@soctrang.example", spoofed,
	                                strlen(spoofed), why, sizeof why));
	assert_non_null(strstr(why, "no Authentication-Results"));
	assert_false(classify_unverified(&cfg, KIND_FORM_REPLY, "snv@soctrang.example", vouched,
	                                 strlen(vouched), why, sizeof why));
	/* an auto-reply or a From without a domain is not judged */
	assert_false(classify_unverified(&cfg, KIND_AUTO_REPLY, "snv@soctrang.example", spoofed,
	                                 strlen(spoofed), why, sizeof why));
	assert_false(classify_unverified(&cfg, KIND_FORM_REPLY, "snv", spoofed, strlen(spoofed), why,
	                                 sizeof why));
	assert_false(classify_unverified(&cfg, KIND_FORM_REPLY, NULL, spoofed, strlen(spoofed), why,
	                                 sizeof why));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_bounce_recipients),
		cmocka_unit_test(test_campaign),
		cmocka_unit_test(test_agency_by_address),
		cmocka_unit_test(test_agency_by_content),
		cmocka_unit_test(test_agency_third_party),
		cmocka_unit_test(test_agency_by_subunit),
		cmocka_unit_test(test_sender_verdict),
	};
	return cmocka_run_group_tests(tests, fx_gmime_setup, fx_gmime_teardown);
}
