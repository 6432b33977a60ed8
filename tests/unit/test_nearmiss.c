/* Unit tests for lib/nearmiss: another letter answered or another contest
 * named makes a mail no reply to ours, unless ours is named too; a plan
 * cited or "Hội thi" in a sentence does not; between campaigns whose forms
 * look alike, the contest named chooses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "nearmiss.h"
#include "fixture_config.h"

static bool
other_of(const char *subject, const char *text)
{
	struct yk_campaign camp = fx_campaigns[0];
	struct yk_config cfg = fx_config;
	const char *texts[1] = { text };

	camp.title = (char *)"Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
	cfg.campaigns = &camp;
	return nearmiss_names_other(&cfg, subject, texts, text ? 1 : 0, NULL);
}

/* Another letter answered, another contest named: not ours, unless ours
 * is named too; a plan or report cited, or "Hội thi" in a sentence, is
 * not another letter or contest. */
static void
test_names_other(void **state)
{
	(void)state;
	assert_true(other_of("Góp ý dự thảo Kế hoạch (CV 95/UBND-KT)", NULL));
	assert_true(other_of("Góp ý dự thảo Kế hoạch 95/UBND-KT", NULL));
	/* the agency's own number in the subject is no letter to answer */
	assert_false(other_of("Công văn số 25/STP-VP", "1. Nhận xét: tốt\n"));
	assert_true(other_of(NULL, "Phúc đáp Công văn số 2045/UBND-NC ngày 05/01/2024, xin gửi phiếu.\n"));
	assert_true(other_of(NULL, "Thuc hien cong van so 2045 /UBND-NC cua UBND tinh\n"));
	assert_true(other_of(NULL, "PHIẾU THAM GIA Ý KIẾN\nVỀ HỘI THI HÒA GIẢI VIÊN GIỎI NĂM 2023\n"));
	assert_true(other_of("Phiếu ý kiến Hội thi Hòa giải viên giỏi", "Gửi phiếu.\n"));
	assert_true(other_of("Re: V/v tham gia y kien ve Hoi thi hoa giai vien gioi", "Gui phieu.\n"));
	/* ours too: ours wins */
	assert_false(other_of(NULL, "Thực hiện Công văn số 118/UBND-TH và Công văn số 2045/UBND-NC\n"));
	assert_false(other_of("Re: Phiếu ý kiến Hội thi CCHC", "Thực hiện Công văn số 2045/UBND-NC\n"));
	assert_false(other_of(NULL, "1. Nhận xét về hiệu quả của Hội thi cải cách hành chính:\n"
	                            "Tốt, như Hội thi Hòa giải viên giỏi.\n"));
	/* not another letter or contest */
	assert_false(other_of(NULL, "Thực hiện Kế hoạch số 45/KH-UBND ngày 02/01/2024 của UBND tỉnh\n"));
	assert_false(other_of(NULL, "Qua xem xét Báo cáo số 02/BC-SNV ngày 09/01/2024\n"));
	assert_false(other_of(NULL, "Hội thi đã giúp công chức tiếp cận quy định mới.\n"
	                            "Đề nghị tiếp tục tổ chức Hội thi.\n"
	                            "Hội thi có ý nghĩa thiết thực, tổ chức Hội thi định kỳ.\n"));
	assert_false(other_of("Re: V/v tham gia ý kiến", "Liên hệ 0299.3822.118, ngày 15/01/2024\n"));
	/* a name is capitalised: these are sentences about a contest */
	assert_false(other_of(NULL, "Hội thi bổ ích cho công chức trẻ.\n"));
	assert_false(other_of(NULL, "Đề nghị tổ chức Hội thi trực tuyến qua mạng.\n"));
	assert_true(other_of(NULL, "Ý kiến về Hội thi Tin học trẻ\n"));
	/* quoted, lower case in a heading, a long name */
	assert_true(other_of(NULL, "Góp ý về Hội thi “Hòa giải viên giỏi”.\n"));
	assert_true(other_of(NULL, "1. Nhận xét về hiệu quả của Hội thi hòa giải viên giỏi:\nTốt.\n"));
	assert_true(other_of(NULL, "Phiếu ý kiến về Hội thi Hòa giải viên giỏi tỉnh Sóc Trăng lần thứ "
	                           "III năm 2023\n"));
	assert_true(other_of(NULL, "Căn cứ Công văn số 2045/UBND-NC của UBND tỉnh\n"));
	/* a heading about our contest without its name, or a place */
	assert_false(other_of(NULL, "1. Nhận xét về hiệu quả của Hội thi trong năm 2023:\n"));
	assert_false(other_of(NULL, "1. Nhận xét về hiệu quả của Hội thi tỉnh Sóc Trăng:\n"));
}

/* Between campaigns whose forms look alike, the contest named chooses. */
static void
test_campaign_by_contest(void **state)
{
	struct yk_campaign camps[2] = { fx_campaigns[0], fx_campaigns[0] };
	struct yk_config cfg = fx_config;
	const struct yk_campaign *c = NULL;
	const char *texts[1];
	(void)state;

	camps[0].title = (char *)"Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023";
	camps[1].id = (char *)"2045-UBND-NC";
	camps[1].reference = (char *)"2045/UBND-NC";
	camps[1].title = (char *)"Phiếu tham gia ý kiến về Hội thi Hòa giải viên giỏi năm 2023";
	cfg.campaigns = camps;
	cfg.n_campaigns = 2;
	texts[0] = "PHIEU THAM GIA Y KIEN VE HOI THI HOA GIAI VIEN GIOI\n";
	assert_false(nearmiss_names_other(&cfg, NULL, texts, 1, &c));
	assert_ptr_equal(c, &camps[1]);
	texts[0] = "Nhận xét về Hội thi CCHC: tốt\n";
	assert_false(nearmiss_names_other(&cfg, NULL, texts, 1, &c));
	assert_ptr_equal(c, &camps[0]);
	/* both named, or neither: no choice */
	texts[0] = "Hội thi CCHC và về Hội thi Hòa giải viên giỏi\n";
	assert_false(nearmiss_names_other(&cfg, NULL, texts, 1, &c));
	assert_null(c);
	texts[0] = "Gửi phiếu.\n";
	assert_false(nearmiss_names_other(&cfg, NULL, texts, 1, &c));
	assert_null(c);
	/* another letter, not configured */
	texts[0] = "Phúc đáp Công văn số 77/UBND-VX\n";
	assert_true(nearmiss_names_other(&cfg, NULL, texts, 1, &c));
	assert_null(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_other),
		cmocka_unit_test(test_campaign_by_contest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
