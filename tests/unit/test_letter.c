/* Unit tests for lib/letter: the number, date, trích yếu, deadline phrases,
 * the "Kính gửi" list and its groups, the form's sections and options, and
 * the "# KIỂM TRA:" lines of the draft. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letter.h"

static const char *const groups[] = { "Sở, ban ngành", "Cơ quan Trung ương", "Đơn vị sự nghiệp",
	                              "UBND cấp huyện" };
#define N_GROUPS (sizeof groups / sizeof *groups)
/* four agencies of the example: one without a group */
static const char *const ag[] = {
	"SNV", "STP", "UBND_MYTU", "TTPVHCC",                                 /* codes */
	"Sở Nội vụ", "Sở Tư pháp", "UBND huyện Mỹ Tú", "Trung tâm Phục vụ hành chính công",
	"Sở, ban ngành", "Sở, ban ngành", "UBND cấp huyện", NULL,             /* groups */
};
static const struct letter_who who = { .groups = groups, .n_groups = N_GROUPS, .codes = ag,
	                               .names = ag + 4, .agency_group = ag + 8, .n_agencies = 4 };

static void
parse(const char *text, const char *form, struct letter *lt)
{
	struct yk_err err = { 0 };

	assert_int_equal(letter_parse(text, strlen(text), form, form ? strlen(form) : 0, lt, &err), 0);
}

/* The draft of TEXT, malloc'd. */
static char *
draft(const char *text, const char *form)
{
	struct letter lt;
	struct yk_err err = { 0 };
	struct buf b;

	parse(text, form, &lt);
	buf_init(&b, 0);
	assert_int_equal(letter_write(&lt, &who, "x.txt", &b, &err), 0);
	letter_free(&lt);
	buf_addc(&b, '\0');
	return buf_take(&b);
}

/* The deadline read from a body saying PHRASE, in a letter of 15/01/2024. */
static void
deadline_is(const char *phrase, const char *want, bool strict, bool working)
{
	char text[1024];
	struct letter lt;

	snprintf(text, sizeof text, "Số: 5/UBND-VX\nSóc Trăng, ngày 15 tháng 01 năm 2024\n"
	         "Kính gửi: Các sở, ban ngành.\n\nĐề nghị các cơ quan gửi ý kiến về UBND tỉnh %s.\n",
	         phrase);
	parse(text, NULL, &lt);
	assert_string_equal(lt.deadline, want);
	assert_int_equal(lt.deadline_strict, strict);
	assert_int_equal(lt.deadline_working_days, working);
	letter_free(&lt);
}

static void
test_header(void **state)
{
	struct letter lt;
	(void)state;

	parse("ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\n\nSố: 118 /UBND-TH\n\n"
	      "V/v nâng cao hiệu quả công tác  \ntuyên truyền cải cách hành chính\n\n"
	      "**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n\n"
	      "Sóc Trăng, ngày 15 tháng 01 năm 2024\n\nKính gửi: Sở Nội vụ.\n", NULL, &lt);
	assert_string_equal(lt.reference, "118/UBND-TH");
	assert_string_equal(lt.id, "118-UBND-TH");
	assert_int_equal(lt.sent_y, 2024);
	assert_int_equal(lt.sent_m, 1);
	assert_int_equal(lt.sent_d, 15);
	assert_string_equal(lt.subject,
	                    "nâng cao hiệu quả công tác tuyên truyền cải cách hành chính");
	letter_free(&lt);

	/* a date as digits, a symbol with Đ, the report cited in the body
	 * ("Báo cáo số 02/BC-SNV ngày 09/01/2024") not taken for the letter's */
	parse("SỐ: 2045/QĐ-UBND\nV/v tổ chức Hội thi\nSóc Trăng, 20/02/2024\n"
	      "Kính gửi: Các sở, ban ngành.\n\nQua Báo cáo số 02/BC-SNV ngày 09/01/2024;\n",
	      NULL, &lt);
	assert_string_equal(lt.reference, "2045/QĐ-UBND");
	assert_string_equal(lt.id, "2045-QD-UBND");
	assert_int_equal(lt.sent_d, 20);
	assert_int_equal(lt.sent_m, 2);
	assert_string_equal(lt.subject, "tổ chức Hội thi");
	letter_free(&lt);

	parse("So: 3/UBND\nVe viec: lay y kien ve Hoi thi\nKinh gui: Cac so.\n", NULL, &lt);
	assert_string_equal(lt.subject, "lay y kien ve Hoi thi");
	letter_free(&lt);
}

static void
test_deadlines(void **state)
{
	(void)state;
	deadline_is("trong tháng 01/2024", "2024-01-31", false, false);
	deadline_is("trong tháng 02 năm 2024", "2024-02-29", false, false); /* a leap year */
	deadline_is("trong tháng 12", "2024-12-31", false, false);          /* the letter's year */
	/* "trước ngày 25/01": the 25th is late (see letter.c) */
	deadline_is("trước ngày 25/01/2024", "2024-01-24", true, false);
	deadline_is("trước ngày 01/02/2024", "2024-01-31", true, false);
	deadline_is("chậm nhất ngày 25/01/2024", "2024-01-25", false, false);
	deadline_is("chậm nhất là ngày 25 tháng 01 năm 2024", "2024-01-25", false, false);
	deadline_is("trước 17 giờ 00 ngày 25/01/2024", "2024-01-25T17:00:00+07:00", false, false);
	deadline_is("trước 16h30 ngày 25/01/2024", "2024-01-25T16:30:00+07:00", false, false);
	/* 15/01/2024 is a Monday: five working days is Monday 22/01 */
	deadline_is("trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản", "2024-01-22", false,
	            true);
	deadline_is("chậm nhất ngày 25/01/2024 (tính theo ngày làm việc)", "2024-01-25", false, true);
	deadline_is("trong 10 ngày", "2024-01-25", false, false);
	deadline_is("(hạn cuối: ngày 26/01/2024)", "2024-01-26", false, false);
	deadline_is("- thời hạn: ngày 26/01/2024", "2024-01-26", false, false);
	/* without diacritics */
	deadline_is("cham nhat ngay 25/01/2024", "2024-01-25", false, false);
	deadline_is("truoc 17 gio ngay 26/01/2024", "2024-01-26T17:00:00+07:00", false, false);
	deadline_is("trong thang 01/2024", "2024-01-31", false, false);
	/* no phrase: none */
	deadline_is("sớm", "", false, false);
}

static void
test_recipients(void **state)
{
	struct letter lt;
	unsigned long long m;
	char *d;
	(void)state;

	/* a bulleted list, an item wrapped over two lines */
	parse("Số: 1/UBND\nKính gửi:\n\n- Các sở, ban ngành;\n- Các đơn vị sự nghiệp công lập;\n"
	      "- Các cơ quan Trung ương trên địa bàn;\n"
	      "- Ủy ban nhân dân các huyện, thị xã, thành phố,  \ntỉnh Sóc Trăng.\n\n"
	      "Qua xem xét Báo cáo;\n", NULL, &lt);
	assert_int_equal(lt.n_recipients, 4);
	assert_string_equal(lt.recipients[0], "Các sở, ban ngành");
	assert_string_equal(lt.recipients[3],
	                    "Ủy ban nhân dân các huyện, thị xã, thành phố, tỉnh Sóc Trăng");
	letter_free(&lt);

	/* a list whose last item ends with ';' does not swallow the body */
	parse("Số: 1/UBND\nKính gửi:\n- Các sở, ban ngành;\n- UBND các huyện;\n\n"
	      "Ủy ban nhân dân tỉnh đề nghị gửi trước ngày 20/01/2024.\n", NULL, &lt);
	assert_int_equal(lt.n_recipients, 2);
	letter_free(&lt);

	/* on one line */
	parse("Số: 1/UBND\nKính gửi: Các sở, ban ngành tỉnh; UBND các huyện, thị xã, thành phố.\n"
	      "Nội dung.\n", NULL, &lt);
	assert_int_equal(lt.n_recipients, 2);
	assert_string_equal(lt.recipients[1], "UBND các huyện, thị xã, thành phố");
	letter_free(&lt);

	/* the groups each names, abbreviations and diacritics aside */
	letter_match_groups("Các sở, ban ngành", groups, N_GROUPS, &m);
	assert_int_equal(m, 1);
	letter_match_groups("Cac so, ban nganh tinh", groups, N_GROUPS, &m);
	assert_int_equal(m, 1);
	letter_match_groups("Các cơ quan Trung ương trên địa bàn", groups, N_GROUPS, &m);
	assert_int_equal(m, 2);
	letter_match_groups("Các đơn vị sự nghiệp công lập", groups, N_GROUPS, &m);
	assert_int_equal(m, 4);
	letter_match_groups("Ủy ban nhân dân các huyện, thị xã, thành phố, tỉnh Sóc Trăng", groups,
	                    N_GROUPS, &m);
	assert_int_equal(m, 8);
	{
		static const char *const g2[] = { "UBND huyện, thị xã, thành phố", "UBND cấp xã" };
		letter_match_groups("UBND các huyện, thị xã, thành phố", g2, 2, &m);
		assert_int_equal(m, 1);
		letter_match_groups("Ủy ban nhân dân các xã, phường, thị trấn", g2, 2, &m);
		assert_int_equal(m, 2);
	}
	letter_match_groups("Ngân hàng Nhà nước chi nhánh tỉnh", groups, N_GROUPS, &m);
	assert_int_equal(m, 0);

	/* two groups named: groups = [ ... ], an item of none: KIỂM TRA */
	d = draft("Số: 1/UBND\nKính gửi:\n- Các sở, ban ngành;\n- UBND các huyện, thị xã;\n"
	          "- Ngân hàng Nhà nước chi nhánh tỉnh.\n\nĐề nghị gửi trong tháng 01/2024.\n", NULL);
	assert_non_null(strstr(d, "    groups = [ \"Sở, ban ngành\", \"UBND cấp huyện\" ];\n"));
	assert_non_null(strstr(d, "# KIỂM TRA: matches no group or agency: Ngân hàng Nhà nước"));
	assert_null(strstr(d, "agencies = \"all\""));
	free(d);

	/* agencies named alone: their codes; "UBND huyện Mỹ Tú" is that
	 * district, not the group of every district */
	assert_int_equal(letter_match_agency("Sở Tư pháp tỉnh Sóc Trăng", &who), 1);
	assert_int_equal(letter_match_agency("So Noi vu", &who), 0);
	assert_int_equal(letter_match_agency("Sở Nội vụ và Sở Tư pháp", &who), -1);
	d = draft("Số: 1/UBND\nKính gửi:\n- Sở Nội vụ;\n- UBND huyện Mỹ Tú;\n"
	          "- Trung tâm Phục vụ hành chính công.\n\nĐề nghị gửi trong tháng 01/2024.\n", NULL);
	assert_non_null(strstr(d, "    agencies = [ \"SNV\", \"UBND_MYTU\", \"TTPVHCC\" ];\n"));
	free(d);
	/* a group and an agency outside it: the list of both */
	d = draft("Số: 1/UBND\nKính gửi:\n- Các sở, ban ngành;\n"
	          "- Trung tâm Phục vụ hành chính công.\n\nĐề nghị gửi trong tháng 01/2024.\n", NULL);
	assert_non_null(strstr(d, "    agencies = [ \"SNV\", \"STP\", \"TTPVHCC\" ];\n"));
	free(d);
}

static const char seed_form[] =
	"**MÃU THAM GIA Ý KIẾN**  \n**VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH**\n\n"
	"(Kèm theo Công văn số 118 /UBND-TH ngày 15 /01/2024  \ncủa Ủy ban nhân dân tỉnh Sóc Trăng)\n\n"
	"1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính\n\n"
	".....  \n.....  \n\n"
	"2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n\n"
	"Đề nghị tiếp tục tổ chức Hội thi.\n\nĐề nghị hình thức tuyên truyền khác.\n\n"
	"3. Ý kiến khác, đề xuất (nếu có):\n";

static void
test_form(void **state)
{
	struct letter lt;
	char text[4096];
	(void)state;

	/* the seed's form: plain lines as options, "(nếu có)" and ':' left out */
	snprintf(text, sizeof text, "Số: 118/UBND-TH\nKính gửi: Các sở, ban ngành.\n\n"
	         "Có ý kiến về Hội thi cải cách hành chính; gửi trong tháng 01/2024.\n\n%s",
	         seed_form);
	parse(text, NULL, &lt);
	assert_true(lt.has_form);
	assert_string_equal(lt.form_id, "hoi-thi-cchc");
	assert_string_equal(lt.title, "Phiếu tham gia ý kiến về Hội thi cải cách hành chính");
	assert_int_equal(lt.n_sec, 3);
	assert_string_equal(lt.sec[0].id, "comments");
	assert_string_equal(lt.sec[0].heading,
	                    "Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính");
	assert_int_equal(lt.sec[0].n_opt, 0);
	assert_string_equal(lt.sec[1].id, "proposal");
	assert_string_equal(lt.sec[1].heading,
	                    "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác");
	assert_int_equal(lt.sec[1].n_opt, 2);
	assert_string_equal(lt.sec[1].opt[0].text, "Đề nghị tiếp tục tổ chức Hội thi");
	assert_string_equal(lt.sec[1].opt[1].text, "Đề nghị hình thức tuyên truyền khác");
	assert_string_not_equal(lt.sec[1].opt[0].id, lt.sec[1].opt[1].id);
	assert_string_equal(lt.sec[2].id, "other_opinions");
	assert_string_equal(lt.sec[2].heading, "Ý kiến khác, đề xuất");
	assert_int_equal(lt.deadline[0] != '\0', 1);
	letter_free(&lt);

	/* tick boxes, given apart with --form, a signing block after it */
	parse("Số: 7/SNV-XDCQ\nKính gửi: Các sở, ban ngành.\n",
	      "PHIẾU KHẢO SÁT\nVỀ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH\n"
	      "1. Đánh giá chung:\n☐ Tốt\n☐ Khá\n□ Trung bình\n"
	      "2. Đề xuất, kiến nghị (nếu có):\n......\n"
	      "THỦ TRƯỞNG ĐƠN VỊ\n(Ký tên, đóng dấu)\n", &lt);
	assert_int_equal(lt.n_sec, 2);
	assert_string_equal(lt.sec[0].id, "assessment");
	assert_string_equal(lt.sec[0].heading, "Đánh giá chung");
	assert_int_equal(lt.sec[0].n_opt, 3);
	assert_string_equal(lt.sec[0].opt[2].text, "Trung bình");
	assert_string_equal(lt.sec[0].opt[2].id, "trung_binh");
	assert_string_equal(lt.sec[1].heading, "Đề xuất, kiến nghị");
	assert_int_equal(lt.sec[1].n_opt, 0);
	assert_string_equal(lt.title, "Phiếu khảo sát về chỉ số cải cách hành chính");
	letter_free(&lt);
}

static void
test_no_form_no_diacritics(void **state)
{
	char *d;
	(void)state;

	/* typed without diacritics, no form, no Kính gửi groups known */
	d = draft("So: 12/UBND-TH\nV/v lay y kien\nSoc Trang, ngay 03 thang 04 nam 2024\n"
	          "Kinh gui: Cac so, ban nganh.\n\nDe nghi gui y kien truoc ngay 20/04/2024.\n", NULL);
	assert_non_null(strstr(d, "  { id = \"12-UBND-TH\";\n    reference = \"12/UBND-TH\";\n"));
	assert_non_null(strstr(d, "sent = \"2024-04-03T08:00:00+07:00\";"));
	assert_non_null(strstr(d, "deadline = \"2024-04-19\";"));
	assert_non_null(strstr(d, "# KIỂM TRA: the deadline is read from \"truoc ngay 20/04/2024\""));
	assert_non_null(strstr(d, "# KIỂM TRA: no form was found"));
	assert_non_null(strstr(d, "    groups = [ \"Sở, ban ngành\" ];"));
	assert_non_null(strstr(d, "# KIỂM TRA: the letter's Message-ID is not known"));
	assert_null(strstr(d, "deadline_next_working_day"));
	free(d);

	/* nothing recognisable: every field says so, and the draft is
	 * still text an administrator can fill in */
	d = draft("Xin chào.\n", NULL);
	assert_non_null(strstr(d, "# KIỂM TRA: no number"));
	assert_non_null(strstr(d, "# KIỂM TRA: no deadline phrase was found"));
	assert_non_null(strstr(d, "# KIỂM TRA: no \"Kính gửi\" list was found"));
	assert_non_null(strstr(d, "# KIỂM TRA: the letter's date was not found"));
	free(d);

	/* working days: the key another part of ykien reads */
	d = draft("Số: 3/UBND\nNgày 15/01/2024\nKính gửi: Các sở, ban ngành.\n\n"
	          "Gửi trong vòng 05 ngày làm việc.\n", NULL);
	assert_non_null(strstr(d, "deadline_next_working_day = true;"));
	free(d);
}

static void
test_escaping(void **state)
{
	char *d;
	(void)state;

	/* a quote or backslash in a heading cannot break out of the string */
	d = draft("Số: 1/UBND\nKính gửi: Các sở, ban ngành.\n\nPHIẾU Ý KIẾN\n"
	          "1. Nhận xét về \"Hội thi\" \\ năm nay\n", NULL);
	assert_non_null(strstr(d, "heading = \"Nhận xét về \\\"Hội thi\\\" \\\\ năm nay\";"));
	free(d);

	/* past the limits: said, not silently cut */
	{
		struct buf t;
		buf_init(&t, 0);
		buf_adds(&t, "Số: 1/UBND\nKính gửi:\n");
		for (int i = 0; i < LETTER_MAX_RECIPIENTS + 5; i++)
			buf_printf(&t, "- Nhóm %d;\n", i);
		buf_adds(&t, "\nNội dung.\n");
		buf_addc(&t, '\0');
		d = draft(t.data, NULL);
		buf_free(&t);
		assert_non_null(strstr(d, "# KIỂM TRA: the letter has more than 64"));
		free(d);
	}
	/* a paragraph under a section is no option: a KIỂM TRA line says so */
	d = draft("Số: 1/UBND\nKính gửi: Các sở, ban ngành.\n\nPHIẾU Ý KIẾN\n"
	          "1. Nhận xét\nCác cơ quan nêu rõ những mặt được và chưa được của Hội thi trong năm "
	          "qua, kèm theo số liệu cụ thể về số lượng cán bộ, công chức tham gia và kết quả đạt "
	          "được ở từng vòng thi của đơn vị mình.\n", NULL);
	assert_non_null(strstr(d, "# KIỂM TRA: section \"Nhận xét\": a line under it was left out"));
	assert_null(strstr(d, "options ="));
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_recipients),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_no_form_no_diacritics),
		cmocka_unit_test(test_escaping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
