/* Unit tests for lib/question: does the writer's own text ask something? */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "question.h"

static bool
asks(const char *text)
{
	return question_asks(text, strlen(text));
}

static void
test_question_marks(void **state)
{
	(void)state;
	assert_true(asks("Cho em hỏi phiếu gửi bằng file scan hay file Word? Hạn chót là ngày "
	                 "31/01 phải không ạ?"));
	assert_true(asks("Hạn chót là ngày 31/01 ạ ?"));
	assert_true(asks("Đơn vị đã gửi rồi?"));
	assert_true(asks("Kính gửi anh chị,\n\nPhiếu này gửi cho ai vậy?\n"));
	assert_true(asks("Is the deadline 31 January?"));
	assert_true(asks("Gửi bản scan được chứ?Em cảm ơn."));
	/* a web address, a lost charset: no question */
	assert_false(asks("Mẫu phiếu tải tại https://soctrang.example/vb?id=118 nhé."));
	assert_false(asks("C?ng v?n s? 118 c?a UBND t?nh"));
	assert_false(asks("???"));
	assert_false(asks(""));
}

static void
test_vietnamese_words(void **state)
{
	(void)state;
	assert_true(asks("cho em hoi han chot la ngay nao a"));
	assert_true(asks("Cho mình hỏi hạn nộp"));
	assert_true(asks("Sở muốn hỏi: phiếu có cần ký và đóng dấu, hay chỉ gửi email là được ạ."));
	assert_true(asks("XIN HỎI HẠN NỘP PHIẾU"));
	assert_true(asks("Gui qua email duoc khong a"));
	assert_true(asks("Phiếu gửi bằng bản scan hay bản Word"));
	assert_true(asks("khi nao thi het han"));
	assert_true(asks("Nộp phiếu ở đâu ạ"));
	assert_true(asks("Ở đâu tải mẫu phiếu"));
	assert_true(asks("nop phieu o dau a"));
	assert_false(asks("Phiếu đã ghi ở đầu thư."));
	assert_false(asks("phieu da ghi o dau thu"));
	assert_true(asks("Đơn vị có cần gửi bản giấy không"));
	assert_true(asks("nhu the nao la dung mau"));
	assert_true(asks("Anh chị cho em biết hạn gửi phiếu"));
	/* "hội" (Hội thi) is not "hỏi"; a statement ending in "không" is not
	 * a question once after its colon */
	assert_false(asks("Đơn vị thống nhất tiếp tục tổ chức Hội thi."));
	assert_false(asks("Hoi thi rat thiet thuc"));
	assert_false(asks("De nghi bo tri kinh phi cho Hoi thi nam 2024"));
	assert_false(asks("Đề nghị bố trí kinh phí cho Hội thi năm 2024."));
	assert_false(asks("Ý kiến khác: không"));
	assert_false(asks("Đã nhận. Sở sẽ gửi phiếu trong tháng 01/2024."));
	assert_false(asks("Đã nhận được công văn, cảm ơn ạ."));
	assert_false(asks("Sở Tư pháp gửi phiếu tham gia ý kiến theo file đính kèm."));
}

static void
test_english_words(void **state)
{
	(void)state;
	assert_true(asks("Could you please send the form again"));
	assert_true(asks("Please let me know whether a scan is enough"));
	assert_false(asks("Please find the form attached. Thank you."));
}

/* Only the lines above the signature ask: a question in a signature's
 * slogan or a phone line does not count. */
static void
test_signature_ends_the_text(void **state)
{
	(void)state;
	assert_false(asks("Sở gửi phiếu theo file đính kèm.\n\nTrân trọng,\nVăn phòng Sở\n"
	                  "Bạn đã đăng ký dịch vụ công trực tuyến chưa?\n"));
	assert_false(asks("Gửi anh chị phiếu.\n-- \nCó câu hỏi? Gọi 0299.3821xxx\n"));
	assert_true(asks("Hạn là ngày nào ạ?\n\nTrân trọng,\nVăn phòng Sở\n"));
}

/* A long text is read only QUESTION_MAX_BYTES far, line by line. */
static void
test_bounded(void **state)
{
	size_t n = QUESTION_MAX_BYTES * 4;
	char *big = malloc(n + 64);

	(void)state;
	assert_non_null(big);
	memset(big, 'a', n);
	memcpy(big + n, " phải không ạ?", strlen(" phải không ạ?") + 1);
	assert_false(question_asks(big, strlen(big)));
	for (size_t i = 0; i < n; i += 2)
		big[i] = '\n';
	assert_false(question_asks(big, strlen(big)));
	free(big);
	assert_true(question_line_asks("ạ?", 4));
	assert_false(question_line_asks("?", 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_question_marks),
		cmocka_unit_test(test_vietnamese_words),
		cmocka_unit_test(test_english_words),
		cmocka_unit_test(test_signature_ends_the_text),
		cmocka_unit_test(test_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
