/* Unit tests for lib/form_prose: the form answered in sentences.  An
 * option's key words in a sentence choose it (sure when all are there and
 * nothing else is said), a negation takes it back, a condition or two
 * options make it unsure, "không có ý kiến khác" is an empty answer, a
 * mail that names no option is no prose answer; and the key words come
 * from the form, so another form works the same way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "form.h"
#include "fixture_config.h"

#define CONT 1u
#define OTHER 2u
#define TITLE "Phiếu tham gia ý kiến về Hội thi cải cách hành chính năm 2023"

/* TEXT read as form_read() and then form_prose_fill() would in extract.c */
static void
read_prose_with(const struct yk_form *f, const char *title, const char *text,
                struct form_result *r)
{
	int rc = form_read(f, text, strlen(text), r);

	/* junk of too many lines is cut by form_read: still read as prose */
	assert_true(rc == 0 || rc == YK_ELIMIT);
	assert_int_equal(form_prose_fill(f, title, text, strlen(text), r), 0);
}

static void
read_prose(const char *text, struct form_result *r)
{
	read_prose_with(&fx_form, TITLE, text, r);
}

static bool
has(const char *text, const char *phrase)
{
	return text && strstr(text, phrase) != NULL;
}

static void
test_sure_choice_and_empty_part3(void **state)
{
	struct form_result r;
	(void)state;

	read_prose("Kính gửi: UBND tỉnh Sóc Trăng\n\n"
	           "UBND huyện Châu Thành thống nhất đề nghị UBND tỉnh tiếp tục tổ chức Hội thi\n"
	           "cải cách hành chính trong năm 2024; không có ý kiến khác.\n\nTrân trọng./.\n",
	           &r);
	assert_int_equal(r.sec[1].how, FORM_BY_PROSE);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].unsure);
	assert_true(has(r.sec[1].text, "tiếp tục tổ chức Hội thi cải cách"));
	assert_int_equal(r.sec[2].how, FORM_BY_PROSE);
	assert_null(r.sec[2].text);
	assert_int_equal(r.sec[0].how, FORM_NOT_FOUND);
	assert_true(form_has_answer(&r));
	form_result_free(&r);

	/* typed without diacritics, "không có ý kiến đề xuất khác" */
	read_prose("UBND huyen Chau Thanh thong nhat de nghi tiep tuc to chuc Hoi thi, "
	           "khong co y kien khac\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);
	read_prose("Sở thống nhất tiếp tục tổ chức Hội thi.\n"
	           "Sở không có ý kiến đề xuất khác.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_int_equal(r.sec[2].how, FORM_BY_PROSE);
	assert_null(r.sec[2].text);
	form_result_free(&r);
}

static void
test_other_form_with_its_proposal(void **state)
{
	struct form_result r;
	(void)state;

	read_prose("Sở Tư pháp đề nghị thay Hội thi bằng hình thức tuyên truyền khác, cụ thể:\n"
	           "- Tổ chức cuộc thi trực tuyến trên Cổng thông tin điện tử tỉnh;\n"
	           "- Sân khấu hóa các quy định về cải cách hành chính.\n\n"
	           "Trân trọng.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_null(r.sec[1].unsure);
	assert_true(has(r.sec[1].text, "cuộc thi trực tuyến"));
	assert_true(has(r.sec[1].text, "Sân khấu hóa"));
	form_result_free(&r);

	/* option 2 named whole outweighs option 1's words in its sentence */
	read_prose("UBND huyện đề nghị thay Hội thi bằng hình thức tuyên truyền khác, cụ thể là "
	           "tổ chức các buổi tuyên truyền lưu động.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);
	/* "đổi mới hình thức tuyên truyền" says the same */
	read_prose("Đơn vị đề nghị đổi mới hình thức tuyên truyền cho phù hợp.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);

	/* a proposal of a contest of another kind is not option 1 */
	read_prose("Đề nghị tổ chức cuộc thi trực tuyến tìm hiểu về cải cách hành chính.\n", &r);
	assert_int_equal(r.n_found, 0);
	form_result_free(&r);
}

static void
test_unsure(void **state)
{
	struct form_result r;
	(void)state;

	/* a paraphrase: not all the key words */
	read_prose("Đề nghị duy trì Hội thi hằng năm.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_UNSURE);
	form_result_free(&r);
	/* both options */
	read_prose("UBND huyện thống nhất với việc tiếp tục tổ chức Hội thi, đồng thời kết hợp hình thức tuyên "
	           "truyền khác như sân khấu hóa.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT | OTHER);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);
	/* both options, one only in part */
	read_prose("UBND huyện đề nghị duy trì Hội thi hằng năm. Đồng thời đề nghị kết hợp hình "
	           "thức tuyên truyền khác như sân khấu hóa.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT | OTHER);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_SEVERAL);
	form_result_free(&r);
	/* half the words with a proposal's verb */
	read_prose("Đề nghị tổ chức Hội thi định kỳ hằng năm.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_UNSURE);
	form_result_free(&r);
	/* "tổ chức lại" is "tiếp tục tổ chức" */
	read_prose("de nghi to chuc lai hoi thi vao nam sau\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);
	/* an option by its number */
	read_prose("Chọn phương án 2: tổ chức cuộc thi trực tuyến.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_UNSURE);
	assert_true(has(r.sec[1].text, "cuộc thi trực tuyến"));
	form_result_free(&r);
	read_prose("Sở thống nhất phương án thứ nhất.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);
	read_prose("Phuong an so 3.\n", &r);
	assert_int_equal(r.n_found, 0);
	form_result_free(&r);
	/* a condition */
	read_prose("Nếu bố trí được kinh phí thì đề nghị tiếp tục tổ chức Hội thi.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_CONDITION);
	form_result_free(&r);
}

static void
test_negation(void **state)
{
	struct form_result r;
	(void)state;

	read_prose("UBND thị xã không đề nghị tiếp tục tổ chức Hội thi.\n", &r);
	assert_int_equal(r.sec[1].how, FORM_BY_PROSE);
	assert_int_equal(r.sec[1].choices, 0);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_NEGATION);
	form_result_free(&r);
	read_prose("Theo chúng tôi không nên tiếp tục tổ chức Hội thi mà chuyển sang hình thức "
	           "tuyên truyền khác.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_NEGATION);
	form_result_free(&r);
	/* a negation before a later key word */
	read_prose("Hội thi không nên tổ chức theo hình thức sân khấu, đề nghị chuyển sang "
	           "hình thức tuyên truyền khác.\n", &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_NEGATION);
	form_result_free(&r);
	/* "không chỉ … mà còn" is no negation */
	read_prose("Hội thi không chỉ thiết thực mà còn hiệu quả.\n"
	           "Đề nghị tiếp tục tổ chức Hội thi.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);
}

static void
test_comment_is_part1(void **state)
{
	struct form_result r;
	(void)state;

	read_prose("Thực hiện Công văn số 118/UBND-TH ngày 15/01/2024 về tính thiết thực và hiệu "
	           "quả của Hội thi, Sở có ý kiến như sau:\n"
	           "Hội thi thiết thực, hiệu quả, góp phần nâng cao nhận thức của cán bộ.\n"
	           "Đề nghị tiếp tục tổ chức Hội thi.\n", &r);
	assert_true(has(r.sec[0].text, "góp phần nâng cao"));
	assert_false(has(r.sec[0].text, "Thực hiện Công văn"));
	assert_false(has(r.sec[1].text, "góp phần"));
	assert_int_equal(r.sec[1].choices, CONT);
	assert_int_equal(r.sec[2].how, FORM_NOT_FOUND);
	form_result_free(&r);

	/* words judging the contest that the heading does not use */
	read_prose("Hội thi đã góp phần nâng cao nhận thức của cán bộ.\n"
	           "Sở thống nhất tiếp tục tổ chức Hội thi.\n", &r);
	assert_true(has(r.sec[0].text, "góp phần"));
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);

	/* a comment's paragraph runs on; so does a proposal's list */
	read_prose("Hội thi thiết thực. Tuy nhiên số người dân tham gia còn ít.\n\n"
	           "UBND huyện thống nhất tiếp tục tổ chức Hội thi.\n"
	           "Sở có đề xuất như sau:\n- Mở rộng đối tượng dự thi đến người dân.\n\n"
	           "Cảm ơn.\n", &r);
	assert_true(has(r.sec[0].text, "còn ít"));
	assert_true(has(r.sec[2].text, "Mở rộng đối tượng"));
	assert_false(has(r.sec[1].text, "Mở rộng"));
	assert_false(has(r.sec[2].text, "Cảm ơn"));
	form_result_free(&r);
}

/* A sentence citing the letter restates its question: it names nothing,
 * what follows its comma may. */
static void
test_citation_restates(void **state)
{
	struct form_result r;
	(void)state;

	read_prose("Thực hiện Công văn số 118/UBND-TH về việc đề nghị tiếp tục tổ chức Hội thi "
	           "hoặc hình thức tuyên truyền khác, UBND huyện thống nhất tiếp tục tổ chức "
	           "Hội thi.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].unsure);
	assert_false(has(r.sec[1].text, "Thực hiện"));
	form_result_free(&r);
	read_prose("Thực hiện Công văn số 118/UBND-TH về việc đề nghị tiếp tục tổ chức Hội thi "
	           "hoặc hình thức tuyên truyền khác, UBND huyện có ý kiến như sau: Hội thi "
	           "thiết thực.\n", &r);
	assert_int_equal(r.n_found, 0);
	form_result_free(&r);
	/* "văn bản" without a number is no citation */
	read_prose("Sở đề nghị tiếp tục tổ chức Hội thi tìm hiểu văn bản pháp luật.\n", &r);
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);
}

static void
test_no_option_no_answer(void **state)
{
	static const char *const texts[] = {
		"Đã nhận Công văn số 118/UBND-TH về Hội thi cải cách hành chính, đơn vị sẽ gửi "
		"ý kiến trước ngày 31/01.\n",
		"Hội thi cải cách hành chính năm 2023 được tổ chức tốt, thiết thực, hiệu quả.\n",
		"Tôi đang nghỉ phép đến hết ngày 26/01, không có ý kiến khác.\n",
		/* questions ask, they answer nothing */
		"Cho em hỏi năm 2024 tỉnh có tiếp tục tổ chức Hội thi không ạ?\n",
		"Năm nay có tiếp tục tổ chức Hội thi không ạ\n",
		"Tinh da quyet dinh tiep tuc to chuc Hoi thi chua\n",
		"",
	};
	struct form_result r;
	(void)state;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		read_prose(texts[i], &r);
		assert_int_equal(r.n_found, 0);
		assert_false(form_has_answer(&r));
		form_result_free(&r);
	}
}

static void
test_form_found_wins(void **state)
{
	struct form_result r;
	(void)state;

	/* the options section found in the form: prose leaves it */
	read_prose("2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	           "☐ Đề nghị tiếp tục tổ chức Hội thi.\n☒ Đề nghị hình thức tuyên truyền khác.\n"
	           "Chúng tôi không đề nghị tiếp tục tổ chức Hội thi.\n", &r);
	assert_int_equal(r.sec[1].how, FORM_BY_HEADING);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_null(r.sec[1].unsure);
	form_result_free(&r);
	/* a heading found, the choice in prose: free-text sections stay as read */
	read_prose("Nhận xét: Hội thi bổ ích.\n"
	           "Ngoài ra, đề nghị UBND tỉnh tiếp tục tổ chức Hội thi hằng năm.\n", &r);
	assert_int_equal(r.sec[0].how, FORM_BY_HEADING);
	assert_int_equal(r.sec[1].how, FORM_BY_PROSE);
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);
}

/* Another letter's form: the key words are that form's. */
static struct yk_option lib_options[] = {
	{ .id = "yearly", .text = "Đề nghị tổ chức Ngày hội đọc sách hằng năm" },
	{ .id = "merge", .text = "Đề nghị lồng ghép vào Ngày sách Việt Nam" },
};
static struct yk_section lib_sections[] = {
	{ .id = "result", .heading = "Đánh giá kết quả, mức độ lan tỏa của Ngày hội đọc sách" },
	{ .id = "proposal", .heading = "Đề xuất hình thức tổ chức",
	  .options = lib_options, .n_options = 2 },
	{ .id = "other", .heading = "Ý kiến khác" },
};
static struct yk_form lib_form = { "ngay-hoi", lib_sections, 3 };

static void
test_another_form(void **state)
{
	struct form_result r;
	(void)state;

	read_prose_with(&lib_form, "Ngày hội đọc sách 2024",
	                "Kính gửi Sở Văn hóa,\n"
	                "Thư viện huyện nhận thấy Ngày hội có sức lan tỏa rộng trong học sinh.\n"
	                "Đơn vị đề nghị lồng ghép hoạt động vào Ngày sách Việt Nam 21/4; "
	                "không có ý kiến khác.\n", &r);
	assert_int_equal(r.sec[1].choices, 2u);
	assert_null(r.sec[1].unsure);
	assert_true(has(r.sec[0].text, "sức lan tỏa"));
	assert_int_equal(r.sec[2].how, FORM_BY_PROSE);
	assert_null(r.sec[2].text);
	form_result_free(&r);
	/* the first form's words mean nothing here */
	read_prose_with(&lib_form, "Ngày hội đọc sách 2024",
	                "Đề nghị tiếp tục tổ chức Hội thi cải cách hành chính.\n", &r);
	assert_int_equal(r.n_found, 0);
	form_result_free(&r);
	read_prose_with(&lib_form, NULL, "Khong nen to chuc Ngay hoi doc sach hang nam nua.\n", &r);
	assert_int_equal(r.sec[1].choices, 0);
	assert_string_equal(r.sec[1].unsure, FORM_PROSE_NEGATION);
	form_result_free(&r);
}

static void
test_hostile(void **state)
{
	static const char pat[] = "tiếp tục tổ chức Hội thi không; đề nghị\n";
	struct form_result r;
	size_t n = (size_t)1 << 20;
	char *junk = malloc(n + 1);
	(void)state;

	assert_non_null(junk);
	for (size_t i = 0; i < n; i++)
		junk[i] = pat[i % (sizeof pat - 1)];
	junk[n] = '\0';
	read_prose(junk, &r);
	form_result_free(&r);
	memset(junk, '.', n);
	read_prose(junk, &r);
	assert_int_equal(r.n_found, 0);
	form_result_free(&r);
	free(junk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sure_choice_and_empty_part3),
		cmocka_unit_test(test_other_form_with_its_proposal),
		cmocka_unit_test(test_unsure),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_comment_is_part1),
		cmocka_unit_test(test_citation_restates),
		cmocka_unit_test(test_no_option_no_answer),
		cmocka_unit_test(test_form_found_wins),
		cmocka_unit_test(test_another_form),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
