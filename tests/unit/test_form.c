/* Unit tests for lib/form and lib/quote: headings found however written,
 * every tick style, deleted options, numbered prose, quoted originals and
 * signatures left out, a blank form never read as an answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "quote.h"
#include "fixture_config.h"

#define CONT 1u
#define OTHER 2u

static void
read_form(const char *text, struct form_result *r)
{
	assert_int_equal(form_read(&fx_form, text, strlen(text), r), 0);
}

/* The form answered with mark M1 before option 1 and M2 before option 2. */
static uint32_t
choices_with(const char *m1, const char *m2)
{
	char text[1024];
	struct form_result r;
	uint32_t c;

	snprintf(text, sizeof text,
	         "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\nTốt.\n"
	         "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	         "%s Đề nghị tiếp tục tổ chức Hội thi.\n%s Đề nghị hình thức tuyên truyền khác.\n"
	         "3. Ý kiến khác, đề xuất (nếu có):\nKhông.\n", m1, m2);
	read_form(text, &r);
	assert_int_equal(r.n_found, 3);
	c = r.sec[1].choices;
	form_result_free(&r);
	return c;
}

static void
test_tick_styles_before(void **state)
{
	static const char *const ticks[] = { "☒", "☑", "✓", "✔", "■", "●", "[x]", "[X]",
	                                     "(x)", "(X)", "X", "x", "- [x]" };
	static const char *const boxes[] = { "☐", "[ ]", "[  ]", "( )", "□" };
	(void)state;

	for (size_t i = 0; i < sizeof ticks / sizeof *ticks; i++) {
		for (size_t j = 0; j < sizeof boxes / sizeof *boxes; j++) {
			assert_int_equal(choices_with(ticks[i], boxes[j]), CONT);
			assert_int_equal(choices_with(boxes[j], ticks[i]), OTHER);
		}
		assert_int_equal(choices_with(ticks[i], ticks[i]), CONT | OTHER);
	}
	/* nothing ticked */
	assert_int_equal(choices_with("☐", "☐"), 0);
	assert_int_equal(choices_with("[ ]", "[ ]"), 0);
	/* a tick beside an option with no mark at all (✓ one, nothing other) */
	assert_int_equal(choices_with("", "✓"), OTHER);
}

/* A table's mark column flattened to text: a line holding only a tick
 * right under an option line is that option's tick, not its text; and
 * "[x] A. [ ] B." on one line is two options with their own marks. */
static void
test_lone_tick_and_two_on_a_line(void **state)
{
	static const char *const ticks[] = { "X", "x", "v", "(x)", "[X]", "☒", "✓", "X." };
	struct form_result r;
	char text[1024];
	(void)state;

	for (size_t i = 0; i < sizeof ticks / sizeof *ticks; i++) {
		snprintf(text, sizeof text,
		         "2\nĐề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n\n\n"
		         "Đề nghị tiếp tục tổ chức Hội thi\n\nĐề nghị hình thức tuyên truyền khác\n%s\n\n"
		         "3\nÝ kiến khác, đề xuất (nếu có)\nKhông.\n", ticks[i]);
		read_form(text, &r);
		assert_int_equal(r.sec[1].choices, OTHER);
		assert_null(r.sec[1].text);
		form_result_free(&r);
	}
	/* a word under the option is still its proposal */
	read_form("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	          "Đề nghị tiếp tục tổ chức Hội thi.\nĐề nghị hình thức tuyên truyền khác.\n"
	          "Xe tuyên truyền lưu động.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].text, "Xe tuyên truyền lưu động.");
	form_result_free(&r);
	read_form("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác: "
	          "[x] Đề nghị tiếp tục tổ chức Hội thi. [ ] Đề nghị hình thức tuyên truyền khác.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].text);
	form_result_free(&r);
	read_form("[ ] Đề nghị tiếp tục tổ chức Hội thi. [x] Đề nghị hình thức tuyên truyền khác: tọa đàm.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].text, "tọa đàm.");
	form_result_free(&r);
}

static void
test_tick_after_label(void **state)
{
	struct form_result r;
	(void)state;

	read_form("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	          "- Đề nghị tiếp tục tổ chức Hội thi.\n"
	          "- Đề nghị hình thức tuyên truyền khác. (X)\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_null(r.sec[1].text);
	form_result_free(&r);
	read_form("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	          "Đề nghị tiếp tục tổ chức Hội thi ☒\n"
	          "Đề nghị hình thức tuyên truyền khác ☐\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);
}

static void
test_deleted_option_and_written_proposal(void **state)
{
	struct form_result r;
	(void)state;

	/* the unchosen option deleted, no mark */
	read_form("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n"
	          "Đề nghị tiếp tục tổ chức Hội thi.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);
	/* no tick, but the other form proposed under its option */
	read_form("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n"
	          "☐ Đề nghị tiếp tục tổ chức Hội thi.\n"
	          "☐ Đề nghị hình thức tuyên truyền khác: tọa đàm với người dân.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].text, "tọa đàm với người dân.");
	form_result_free(&r);
}

static void
test_no_diacritics_and_typos(void **state)
{
	struct form_result r;
	(void)state;

	read_form("MAU THAM GIA Y KIEN\nCo quan, don vi: UBND huyen An Lac\n\n"
	          "1. Nhan xet ve tinh thiet thuc va hieu qa cua Hoi thi cai cach hanh chinh\n"
	          "Hoi thi bo ich.\n\n"
	          "2. DE NGHI TIEP TUC TO CHUC HOI THI HOAC HINH THUC TUYEN TRUYEN KHAC:\n"
	          "[x] De nghi tiep tuc to chuc Hoi thi.\n[ ] De nghi hinh thuc tuyen truyen khac.\n\n"
	          "3. Y kien khac, de xuat (neu co):\nKhong.\n", &r);
	assert_int_equal(r.n_found, 3);
	/* the printed heading is longer than the configured one: its tail
	 * ("cai cach hanh chinh") is not part of the answer */
	assert_string_equal(r.sec[0].text, "Hoi thi bo ich.");
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[2].text, "Khong.");
	assert_string_equal(r.unit, "UBND huyen An Lac");
	form_result_free(&r);
}

static void
test_heading_wrapped_and_same_line(void **state)
{
	struct form_result r;
	(void)state;

	read_form("1. Nhận xét về tính thiết thực\nvà hiệu quả của Hội thi\nRất tốt.\n"
	          "3. Ý kiến khác, đề xuất (nếu có): Tăng giải thưởng.\n", &r);
	assert_int_equal(r.sec[0].how, FORM_BY_HEADING);
	assert_string_equal(r.sec[0].text, "Rất tốt.");
	assert_string_equal(r.sec[2].text, "Tăng giải thưởng.");
	assert_int_equal(r.sec[1].how, FORM_NOT_FOUND);
	form_result_free(&r);
}

/* Lines are folded only as far as a heading can reach: a heading followed
 * on its line by a long answer, and one wrapped over three short lines
 * after a long line, are still found, and the answer is kept whole. */
static void
test_long_lines(void **state)
{
	struct form_result r;
	char text[16384], answer[4096];
	size_t n = 0;
	(void)state;

	while (n + 40 < sizeof answer) {
		memcpy(answer + n, "Hội thi rất thiết thực và bổ ích. ", strlen("Hội thi rất thiết thực và bổ ích. "));
		n += strlen("Hội thi rất thiết thực và bổ ích. ");
	}
	answer[n - 1] = '\0';
	snprintf(text, sizeof text,
	         "Nhận xét về tính thiết thực và hiệu quả của Hội thi: %s\n"
	         "%s\nÝ kiến\nkhác, đề\nxuất:\nKhông có.\n", answer, answer);
	read_form(text, &r);
	assert_int_equal(r.sec[0].how, FORM_BY_HEADING);
	assert_non_null(r.sec[0].text);
	assert_int_equal(strncmp(r.sec[0].text, answer, n - 1), 0);
	assert_int_equal(r.sec[2].how, FORM_BY_HEADING);
	assert_string_equal(r.sec[2].text, "Không có.");
	form_result_free(&r);
}

static void
test_numbered_prose_and_short_headings(void **state)
{
	struct form_result r;
	(void)state;

	/* short headings + the chosen option written out */
	read_form("Phòng Nội vụ gửi ý kiến:\n"
	          "1. Nhận xét: hội thi công phu.\n"
	          "2. Đề nghị hình thức tuyên truyền khác: sinh hoạt ấp, khóm.\n"
	          "3. Ý kiến khác: không.\n\nTrân trọng!\nNguyễn Văn A\n", &r);
	assert_string_equal(r.sec[0].text, "hội thi công phu.");
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].text, "sinh hoạt ấp, khóm.");
	assert_string_equal(r.sec[2].text, "không.");
	form_result_free(&r);
	/* numbered prose without any heading: read in the form's order */
	read_form("Ý kiến như sau:\n1. Hội thi hay.\n2. Nên tổ chức tiếp.\n3. Không.\n", &r);
	assert_int_equal(r.n_found, 3);
	assert_int_equal(r.n_anchored, 0);
	assert_int_equal(r.sec[0].how, FORM_BY_NUMBER);
	assert_string_equal(r.sec[0].text, "Hội thi hay.");
	assert_string_equal(r.sec[2].text, "Không.");
	form_result_free(&r);
}

static const char blank_form[] =
	"MẪU THAM GIA Ý KIẾN\nCơ quan, đơn vị: ..............\n\n"
	"1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính\n"
	"......................................\n\n"
	"2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	"☐ Đề nghị tiếp tục tổ chức Hội thi.\n☐ Đề nghị hình thức tuyên truyền khác.\n\n"
	"3. Ý kiến khác, đề xuất (nếu có):\n…………………\n\nTrân trọng./.\n";

static void
test_blank_form(void **state)
{
	struct form_result r;
	(void)state;

	read_form(blank_form, &r);
	assert_int_equal(r.n_found, 3);
	assert_true(r.blank);
	assert_false(form_has_answer(&r));
	assert_null(r.unit);
	form_result_free(&r);
}

/* An answer, then the blank form quoted in STYLE; the answer is read. */
static void
check_quoted(const char *intro, const char *prefix)
{
	char text[4096];
	size_t n;
	char *stripped;
	struct form_result r;
	const char *p = blank_form;

	n = (size_t)snprintf(text, sizeof text,
	                     "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi: Hay.\n"
	                     "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	                     "☒ Đề nghị tiếp tục tổ chức Hội thi.\n"
	                     "☐ Đề nghị hình thức tuyên truyền khác.\n\n%s", intro);
	while (*p && n < sizeof text - 200) {
		const char *eol = strchr(p, '\n');
		size_t l = eol ? (size_t)(eol - p) : strlen(p);

		n += (size_t)snprintf(text + n, sizeof text - n, "%s%.*s\n", prefix, (int)l, p);
		p += l + (eol ? 1 : 0);
	}
	stripped = quote_strip(text, strlen(text));
	assert_non_null(stripped);
	assert_null(strstr(stripped, "....."));
	read_form(stripped, &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[0].text, "Hay.");
	assert_false(r.blank);
	form_result_free(&r);
	free(stripped);
}

static void
test_quoting_styles(void **state)
{
	(void)state;
	check_quoted("", "> ");
	check_quoted("On Mon, Jan 15, 2024 at 3:39 PM Văn phòng <\nubnd@tinh.example> wrote:\n\n", "> ");
	check_quoted("Vào 15 thg 1, 2024, lúc 15:39, Văn phòng <ubnd@tinh.example> đã viết:\n", "");
	check_quoted("-----Original Message-----\nFrom: Văn phòng\nSent: Monday\n", "");
	check_quoted("From: Văn phòng <ubnd@tinh.example>\nSent: Monday, January 15, 2024\n"
	             "To: x@y\nSubject: V/v\n\n", "");
	check_quoted("Từ: Văn phòng <ubnd@tinh.example>\nĐã gửi: Thứ Hai, 15/01/2024\n\n", "");
	check_quoted("________________________________\nFrom: Văn phòng\nSent: Monday\n", "");
}

static void
test_signature_lines(void **state)
{
	static const char *const sig[] = { "-- ", "Trân trọng./.", "Tran trong!", "Nơi nhận:",
	                                   "GIÁM ĐỐC", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN",
	                                   "Sent from my iPhone", "Được gửi từ iPhone của tôi",
	                                   "THỦ TRƯỞNG ĐƠN VỊ", "Thủ trưởng cơ quan, đơn vị",
	                                   "NGƯỜI LẬP PHIẾU", "Lãnh đạo đơn vị" };
	static const char *const not_sig[] = { "Hội thi rất hay.", "Giám đốc Sở đã chỉ đạo",
	                                       "Tm kiếm", "Thủ trưởng đơn vị đã ký duyệt phiếu" };
	struct form_result r;
	(void)state;

	for (size_t i = 0; i < sizeof sig / sizeof *sig; i++)
		assert_true(quote_is_signature_line(sig[i], strlen(sig[i])));
	for (size_t i = 0; i < sizeof not_sig / sizeof *not_sig; i++)
		assert_false(quote_is_signature_line(not_sig[i], strlen(not_sig[i])));
	/* the last section stops at the signing block */
	read_form("3. Ý kiến khác, đề xuất:\nTăng giải.\n\nNơi nhận:\n- Như trên;\nKT. GIÁM ĐỐC\n"
	          "PHÓ GIÁM ĐỐC\nNguyễn Văn B\n", &r);
	assert_string_equal(r.sec[2].text, "Tăng giải.");
	form_result_free(&r);
}

static void
test_table_rows(void **state)
{
	struct form_result r;
	(void)state;

	/* a table flattened with tabs between cells (docx, HTML readers) */
	read_form("TT\tNội dung\tÝ kiến\n"
	          "1\tNhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính\tSân chơi bổ ích.\n"
	          "2\tĐề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\t☒ Đề nghị tiếp tục tổ chức Hội thi.\n"
	          "☐ Đề nghị hình thức tuyên truyền khác.\n"
	          "3\tÝ kiến khác, đề xuất (nếu có)\tBổ sung dự toán.\n", &r);
	assert_string_equal(r.sec[0].text, "Sân chơi bổ ích.");
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[2].text, "Bổ sung dự toán.");
	form_result_free(&r);
}

/* OCR's readings of tick boxes become marks form_read() knows; words,
 * numbers and longer tokens stay as they are. */
static void
test_ocr_marks(void **state)
{
	static const char *const cases[][2] = {
		{ "xi Đề nghị tiếp tục", "☒ Đề nghị tiếp tục" },
		{ "X Đề nghị", "☒ Đề nghị" },
		{ "  Xl Đề nghị", "  ☒ Đề nghị" },
		{ "& Đề nghị", "☒ Đề nghị" },
		{ "® Đề nghị", "☒ Đề nghị" },
		{ "O Đề nghị khác", "☐ Đề nghị khác" },
		{ "0 Đề nghị khác", "☐ Đề nghị khác" },
		{ "[] Đề nghị khác", "☐ Đề nghị khác" },
		{ "LÍ Đề nghị khác", "☐ Đề nghị khác" },
		{ "xin Đề nghị", "xin Đề nghị" },         /* a longer token */
		{ "Xã Đề nghị", "Xã Đề nghị" },           /* a word */
		{ "2. Đề nghị", "2. Đề nghị" },           /* numbering */
		{ "x", "x" },                             /* nothing after it */
		{ "O  ", "O  " },
		{ "Ông Nam", "Ông Nam" },
	};
	char *t;
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		t = form_ocr_marks(cases[i][0], strlen(cases[i][0]));
		assert_non_null(t);
		assert_string_equal(t, cases[i][1]);
		free(t);
	}
	/* what tesseract read off a scanned form (the empty box dropped) */
	{
		const char *ocr = "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n\n"
		                  "xi Đề nghị tiếp tục tổ chức Hội thi.\n\n"
		                  "Đề nghị hình thức tuyên truyền khác.\n";
		struct form_result r;

		read_form(ocr, &r);
		assert_int_equal(r.sec[1].choices, 0); /* as read: no mark */
		form_result_free(&r);
		t = form_ocr_marks(ocr, strlen(ocr));
		read_form(t, &r);
		assert_int_equal(r.sec[1].choices, CONT);
		assert_true(r.sec[1].marks);
		form_result_free(&r);
		free(t);
	}
}

/* A section's text past FORM_MAX_TEXT is cut, and the result says so. */
static void
test_long_section_cut(void **state)
{
	struct buf t;
	struct form_result r;
	(void)state;

	buf_init(&t, 0);
	assert_int_equal(buf_adds(&t, "1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\n"), 0);
	while (t.len < FORM_MAX_TEXT + 4096)
		assert_int_equal(buf_adds(&t, "Hội thi được tổ chức chu đáo, thiết thực, hiệu quả.\n"), 0);
	assert_int_equal(buf_adds(&t, "3. Ý kiến khác, đề xuất (nếu có):\nKhông.\n"), 0);
	read_form(t.data, &r);
	assert_int_equal(r.sec[0].how, FORM_BY_HEADING);
	assert_true(r.sec[0].cut);
	assert_true(strlen(r.sec[0].text) <= FORM_MAX_TEXT);
	assert_false(r.sec[2].cut);
	assert_string_equal(r.sec[2].text, "Không.");
	form_result_free(&r);
	buf_free(&t);

	read_form("1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\nTốt.\n", &r);
	assert_false(r.sec[0].cut);
	form_result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tick_styles_before),
		cmocka_unit_test(test_tick_after_label),
		cmocka_unit_test(test_lone_tick_and_two_on_a_line),
		cmocka_unit_test(test_deleted_option_and_written_proposal),
		cmocka_unit_test(test_no_diacritics_and_typos),
		cmocka_unit_test(test_heading_wrapped_and_same_line),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_ocr_marks),
		cmocka_unit_test(test_numbered_prose_and_short_headings),
		cmocka_unit_test(test_blank_form),
		cmocka_unit_test(test_quoting_styles),
		cmocka_unit_test(test_signature_lines),
		cmocka_unit_test(test_table_rows),
		cmocka_unit_test(test_long_section_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
