/* Unit tests of lib/official and lib/report_docx over a summary built in
 * memory: the báo cáo and the đôn đốc read back through the project's own
 * .docx reader; the office's words from the configuration, dots without
 * them; the units written to are exactly those not replied; a section of
 * proposals goes to part III. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fixture_config.h"
#include "official.h"
#include "readers/readers.h"
#include "report_docx.h"
#include "summary.h"

#define N_AG (sizeof fx_agencies / sizeof fx_agencies[0])

static struct summary_answer ans_sld[3] = {
	{ .text = "Hội thi bổ ích." }, { .choices = 1 }, { .text = "Tổ chức vào quý II." },
};
static struct summary_answer ans_ha[3] = {
	{ .text = "Không." }, { .choices = 3, .text = "Thêm video" }, { .text = NULL },
};

/* SLD replied on time, HA late, the others not. */
static void
build(struct summary *s, struct summary_row *rows, const struct yk_config *cfg)
{
	memset(s, 0, sizeof *s);
	memset(rows, 0, N_AG * sizeof *rows);
	for (size_t i = 0; i < N_AG; i++)
		rows[i].agency = &cfg->agencies[i];
	rows[0].replied = true;
	rows[0].received_at = "2024-01-20T02:00:00Z";
	rows[0].answers = ans_sld;
	rows[2].replied = true;
	rows[2].late = true;
	rows[2].received_at = "2024-02-02T02:00:00Z";
	rows[2].answers = ans_ha;
	s->cfg = cfg;
	s->cp = &cfg->campaigns[0];
	s->rows = rows;
	s->n_rows = N_AG;
	summary_count(s);
}

static char *
text_of(int (*make)(const struct summary *, char **, size_t *, struct yk_err *),
        const struct summary *s)
{
	struct yk_err err = { 0 };
	char *data = NULL, *text = NULL;
	size_t len = 0;

	assert_int_equal(make(s, &data, &len, &err), 0);
	assert_int_equal(docx_text(data, len, &text, &err), 0);
	free(data);
	return text;
}

static void
test_upper(void **state)
{
	char out[64], small[5];

	(void)state;
	official_upper("Sở Nội vụ tỉnh Đồng Tháp", out, sizeof out);
	assert_string_equal(out, "SỞ NỘI VỤ TỈNH ĐỒNG THÁP");
	/* cut at a character boundary, never inside "Ở" */
	official_upper("sởx", small, sizeof small);
	assert_string_equal(small, "SỞ");
	assert_string_equal(official_or_dots(NULL), "……");
	assert_string_equal(official_or_dots(""), "……");
	assert_string_equal(official_or_dots("x"), "x");
}

static void
test_report_without_office(void **state)
{
	struct summary_row rows[N_AG];
	struct summary s;
	char *t, *p2, *p3;

	(void)state;
	build(&s, rows, &fx_config);
	t = text_of(report_docx, &s);
	assert_non_null(strstr(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	assert_non_null(strstr(t, "BÁO CÁO"));
	/* no office configured: dots, and no name invented */
	assert_non_null(strstr(t, "/BC-……"));
	assert_non_null(strstr(t, "……, ngày"));
	assert_non_null(strstr(t, "Kính gửi: ……."));
	assert_non_null(strstr(t, "theo Công văn số 118/UBND-TH"));
	assert_non_null(strstr(t, "về việc Phiếu tham gia ý kiến"));
	assert_non_null(strstr(t, "đã gửi ý kiến: 2/6 (đạt 33,3 %), trong đó đúng hạn: 1, trễ hạn: 1."));
	assert_non_null(strstr(t, "chưa gửi ý kiến: 4, gồm: Sở Văn hóa, Sở Tư pháp, Cục X, UBND thị xã Hòa Khánh."));
	/* the tally of the choice section, in the options' words (the reader
	 * writes a table's cells one a line) */
	assert_non_null(strstr(t, "Đề nghị tiếp tục tổ chức Hội thi\n2/2\n100,0 %"));
	assert_non_null(strstr(t, "Đề nghị hình thức tuyên truyền khác\n1/2\n50,0 %"));
	/* quotes with names; "Không." says nothing and is not quoted */
	assert_non_null(strstr(t, "Sở Lao động: “Hội thi bổ ích.”"));
	assert_null(strstr(t, "“Không.”"));
	assert_non_null(strstr(t, "UBND huyện An Lạc: “Thêm video”."));
	/* "Ý kiến khác, đề xuất" is a section of proposals: part III */
	p2 = strstr(t, "II. KẾT QUẢ");
	p3 = strstr(t, "III. ĐỀ XUẤT, KIẾN NGHỊ");
	assert_non_null(p2);
	assert_non_null(p3);
	assert_true(strstr(t, "Tổ chức vào quý II.") > p3);
	assert_non_null(strstr(p3, "……"));
	assert_non_null(strstr(t, "Nơi nhận:\n- Như trên;\n- Lưu: VT, …….") );
	/* the Phụ lục: every agency, its status, its choice in words */
	assert_non_null(strstr(t, "Phụ lục"));
	assert_non_null(strstr(t, "Cục X\nChưa gửi"));
	assert_non_null(strstr(t, "UBND huyện An Lạc\nTrễ hạn"));
	assert_non_null(strstr(t, "Đề nghị tiếp tục tổ chức Hội thi; Đề nghị hình thức tuyên truyền khác"));
	assert_null(strstr(t, "@"));
	free(t);
}

static void
test_overdue_with_office(void **state)
{
	static char *report_to[] = { "Chủ tịch UBND tỉnh" };
	static char *recipients[] = { "Như trên", "Lưu: VT, CCHC." };
	struct yk_config cfg = fx_config;
	struct summary_row rows[N_AG];
	struct summary s;
	struct buf b;
	char *t;

	(void)state;
	cfg.office = (struct yk_office){ .parent_body = "UBND tỉnh Bến Tre",
		.issuing_body = "Sở Nội vụ", .abbreviation = "SNV-CCHC", .place = "Bến Tre",
		.report_to = report_to, .n_report_to = 1, .signer_authority = "KT. Giám đốc",
		.signer_title = "Phó Giám đốc", .signer_name = "Lê Văn C",
		.recipients = recipients, .n_recipients = 2 };
	build(&s, rows, &cfg);
	t = text_of(report_docx_overdue, &s);
	assert_non_null(strstr(t, "UBND TỈNH BẾN TRE"));
	assert_non_null(strstr(t, "SỞ NỘI VỤ"));
	assert_non_null(strstr(t, "Số:        /SNV-CCHC"));
	assert_non_null(strstr(t, "V/v đôn đốc gửi Phiếu tham gia ý kiến"));
	assert_non_null(strstr(t, "Bến Tre, ngày"));
	/* the units not replied, and only they */
	assert_non_null(strstr(t, "Kính gửi:\n- Sở Văn hóa;\n- Sở Tư pháp;\n- Cục X;\n- UBND thị xã Hòa Khánh.\n"));
	assert_non_null(strstr(t, "của UBND tỉnh Bến Tre về việc Phiếu tham gia ý kiến"));
	assert_non_null(strstr(t, "(4/6 đơn vị) chưa gửi ý kiến về Sở Nội vụ."));
	/* Nơi nhận: the units, then the office's, "Như trên" not repeated */
	assert_non_null(strstr(t, "Nơi nhận:\n- Sở Văn hóa;\n- Sở Tư pháp;\n- Cục X;\n"
	                          "- UBND thị xã Hòa Khánh;\n- Như trên;\n- Lưu: VT, CCHC."));
	assert_non_null(strstr(t, "KT. GIÁM ĐỐC"));
	assert_non_null(strstr(t, "PHÓ GIÁM ĐỐC"));
	assert_non_null(strstr(t, "Lê Văn C"));
	free(t);
	/* the same units as JSON */
	buf_init(&b, 0);
	assert_int_equal(report_docx_missing_json(&s, &b), 0);
	assert_string_equal(b.data, "[{\"agency\":\"SVH\",\"name\":\"Sở Văn hóa\"},"
	                            "{\"agency\":\"STP\",\"name\":\"Sở Tư pháp\"},"
	                            "{\"agency\":\"CX\",\"name\":\"Cục X\"},"
	                            "{\"agency\":\"TXHK\",\"name\":\"UBND thị xã Hòa Khánh\"}]\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upper),
		cmocka_unit_test(test_report_without_office),
		cmocka_unit_test(test_overdue_with_office),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
