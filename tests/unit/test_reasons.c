/* Unit tests for lib/reasons: the review reasons in Vietnamese. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "reasons.h"

static void
check(const char *en, const char *vi)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(reasons_vi(en, &b), 0);
	assert_string_equal(b.data ? b.data : "", vi);
	buf_free(&b);
}

static void
test_known_reasons(void **state)
{
	(void)state;
	check("agency not identified", "không xác định được cơ quan gửi");
	check("a question for the office: needs an answer; agency not identified",
	      "câu hỏi gửi cơ quan tổng hợp: cần trả lời; không xác định được cơ quan gửi");
	check("read by OCR; tick boxes not readable on the scan",
	      "đọc bằng nhận dạng chữ (OCR), cần đối chiếu với ảnh; "
	      "không đọc được ô đánh dấu trên bản scan");
	check("scan only: PDF without a text layer; attachment could not be read",
	      "bản scan: tệp PDF không có lớp chữ, không đọc được; không đọc được tệp đính kèm");
	check("identified by content, would replace a reply from a registered address; read by OCR",
	      "xác định đơn vị theo nội dung, không gửi từ địa chỉ thư đã đăng ký; sẽ thay thế văn "
	      "bản gửi từ địa chỉ đã đăng ký nếu được xác nhận; "
	      "đọc bằng nhận dạng chữ (OCR), cần đối chiếu với ảnh");
	check("choice read from prose: please confirm; choice read from prose: more than one "
	      "option named",
	      "phương án được hiểu từ lời văn (không theo mẫu phiếu): đề nghị xác nhận; "
	      "phương án được hiểu từ lời văn: thư nêu nhiều phương án, đề nghị xác nhận");
	check("choice read from prose: a negation near the option; choice read from prose: "
	      "stated under a condition",
	      "phương án được hiểu từ lời văn: có từ phủ định gần phương án, đề nghị xác nhận; "
	      "phương án được hiểu từ lời văn: nêu kèm điều kiện (\"nếu…\"), đề nghị xác nhận");
}

/* the too-large reason holds "; " itself: it is one reason, not two */
static void
test_too_large_is_one_reason(void **state)
{
	(void)state;
	check("too large: 73400320 bytes (max_message_size 52428800); only its headers were "
	      "fetched; agency not identified",
	      "thư quá lớn (73400320 byte), chỉ lấy phần tiêu đề; xem trên máy chủ thư; "
	      "không xác định được cơ quan gửi");
	check("too large: 9000 bytes (max_message_size 1024); only its headers were read",
	      "thư quá lớn (9000 byte), chỉ lấy phần tiêu đề; xem trên máy chủ thư");
}

static void
test_details_and_unknown_kept(void **state)
{
	(void)state;
	check("unverified sender: no dkim=pass, spf=pass or dmarc=pass for example.org",
	      "người gửi chưa được xác thực: no dkim=pass, spf=pass or dmarc=pass for example.org");
	/* what it does not know stays as it is, also a known phrase followed
	 * by more words */
	check("image: OCR not installed (tesseract, pdftoppm); agency not identified yet",
	      "image: OCR not installed (tesseract, pdftoppm); agency not identified yet");
	check("too large: many bytes", "too large: many bytes");
	check("", "");
	check(NULL, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_reasons),
		cmocka_unit_test(test_too_large_is_one_reason),
		cmocka_unit_test(test_details_and_unknown_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
