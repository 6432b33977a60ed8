/* Unit tests for lib/interleave: the text rebuilt from answers typed
 * between the quoted lines of the letter's form, read with the form reader;
 * and the replies it must leave to quote_strip() (a blank form quoted under
 * an answer or alone, a thank-you below the quote, a wrapped quoted line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "form.h"
#include "html.h"
#include "interleave.h"
#include "quote.h"
#include "fixture_config.h"

#define CONT 1u
#define OTHER 2u

#define Q_HEAD "> Kính gửi: Các sở, ban ngành tỉnh;\n>\n" \
               "> Đề nghị các cơ quan, đơn vị tham gia ý kiến theo Mẫu dưới đây.\n>\n" \
               "> MẪU THAM GIA Ý KIẾN VỀ HỘI THI CẢI CÁCH HÀNH CHÍNH\n>\n" \
               "> Cơ quan, đơn vị: ..........\n>\n"
#define Q_1 "> 1. Nhận xét về tính thiết thực và hiệu quả của Hội thi cải cách hành chính\n" \
            "> .......................................\n"
#define Q_2 "> 2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
#define Q_A "> ☐ Đề nghị tiếp tục tổ chức Hội thi.\n"
#define Q_B "> ☐ Đề nghị hình thức tuyên truyền khác.\n"
#define Q_3 "> 3. Ý kiến khác, đề xuất (nếu có):\n> .......................................\n"
#define Q_END ">\n> Trân trọng./.\n> --\n> Phòng Tổng hợp - Văn phòng UBND tỉnh\n"
#define ATTR "Vào Th 2, 15 thg 1, 2024 lúc 15:39 Văn phòng <ubnd@tinh.example> đã viết:\n"
#define BLANK_FORM Q_HEAD Q_1 ">\n" Q_2 Q_A Q_B ">\n" Q_3 Q_END

/* The rebuilt text of T (NULL: not of this kind). */
static char *
rebuild(const char *t)
{
	char *out = (char *)1;

	assert_int_equal(interleave_text(t, strlen(t), &out), 0);
	return out;
}

/* T rebuilt and read with the form; the rebuild must have happened. */
static void
read_rebuilt(const char *t, struct form_result *r)
{
	char *x = rebuild(t);

	assert_non_null(x);
	assert_int_equal(form_read(&fx_form, x, strlen(x), r), 0);
	free(x);
}

static void
test_not_this_kind(void **state)
{
	static const char *const texts[] = {
		"",
		"Kính gửi Văn phòng,\nSở gửi ý kiến trong file đính kèm.\n",
		/* the blank form quoted alone, and under an answer */
		ATTR BLANK_FORM,
		"1. Nhận xét: Tốt.\n2. ... ☒ Đề nghị tiếp tục tổ chức Hội thi.\n\n" ATTR BLANK_FORM,
		/* below the whole quote: a thank-you, a signature */
		ATTR BLANK_FORM "\nĐã nhận, cảm ơn.\n",
		ATTR BLANK_FORM "\n--\nNguyễn Văn A\nSở Xây dựng\n",
		/* inside the quote: only a question, a signature, dots */
		ATTR Q_HEAD Q_1 "Câu này ghi vào đâu ạ?\n" Q_2 Q_A Q_B Q_3 Q_END,
		ATTR Q_HEAD Q_1 Q_2 "Cho em hỏi mục này được chọn cả hai phương án ạ\n" Q_A Q_B Q_3 Q_END,
		ATTR Q_HEAD Q_1 "Trân trọng,\n" Q_2 Q_A Q_B Q_3 Q_END,
		/* a signature block between two quotes of a thread */
		ATTR Q_HEAD Q_1 Q_2 Q_A Q_B Q_3 "\nTrân trọng,\nNguyễn Văn A\nChuyên viên Sở Xây dựng\n\n"
		     "> On Mon, Jan 15 wrote:\n> earlier mail\n",
		ATTR Q_HEAD Q_1 "......\n" Q_2 Q_A Q_B Q_3 Q_END,
		/* a long quoted line the mail program wrapped without its '>' */
		ATTR "> Đề nghị các cơ quan, đơn vị, địa phương tham gia ý kiến theo Mẫu dưới\n"
		     "đây (hoặc file Mẫu đính kèm).\n" Q_1 Q_2 Q_A Q_B Q_3 Q_END,
	};
	(void)state;

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char *x = rebuild(texts[i]);

		if (x)
			fail_msg("text %zu rebuilt:\n%s", i, x);
	}
}

static void
test_x_under_option(void **state)
{
	struct form_result r;
	/* the one line typed in the quote begins like a question ("Hội" and
	 * "hỏi" fold alike) */
	char *x = rebuild("Sở trả lời trực tiếp vào mẫu bên dưới.\n\n" ATTR Q_HEAD Q_1
	                  "Hội thi thiết thực.\n" Q_2 Q_A Q_B Q_3 Q_END);

	assert_non_null(x);
	free(x);
	x = rebuild("Sở trả lời trực tiếp vào mẫu bên dưới.\n\n" ATTR Q_HEAD Q_1
	            "Hội thi thiết thực.\n" Q_2 Q_A "X\n" Q_B Q_3 "Không\n" Q_END);
	(void)state;

	assert_non_null(x);
	/* the headings are there, the blank's boxes are not, the X moved */
	assert_non_null(strstr(x, "1. Nhận xét về tính thiết thực"));
	assert_non_null(strstr(x, "☒ Đề nghị tiếp tục tổ chức Hội thi."));
	assert_null(strstr(x, "☐"));
	assert_null(strstr(x, "\nX\n"));
	assert_null(strstr(x, "> "));
	assert_int_equal(form_read(&fx_form, x, strlen(x), &r), 0);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[0].text, "Hội thi thiết thực.");
	assert_string_equal(r.sec[2].text, "Không");
	form_result_free(&r);
	free(x);
}

/* A writer's line that names an option after words of its own ticks that
 * option, wherever it stands among the options; one that says no does
 * not; "=>" before an answer is a leader, not its text. */
static void
test_option_named_in_line(void **state)
{
	struct form_result r;
	(void)state;

	/* under the other option: by its wording, not its place */
	read_rebuilt(ATTR Q_HEAD Q_1 "Sở A: Hội thi thiết thực.\n" Q_2 Q_A Q_B
	             "Sở A: thống nhất đề nghị tiếp tục tổ chức Hội thi.\n" Q_3 Q_END, &r);
	assert_int_equal(r.sec[1].choices, CONT);
	assert_null(r.sec[1].text);
	form_result_free(&r);
	/* leaders, no diacritics, the proposal after the option named */
	read_rebuilt(ATTR Q_HEAD Q_1 "=> Hoi thi bo ich.\n" Q_2
	             "-> So Xay dung de nghi hinh thuc tuyen truyen khac: dang tai infographic.\n"
	             Q_A Q_B Q_3 "→ Khong co.\n" Q_END, &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[0].text, "Hoi thi bo ich.");
	assert_string_equal(r.sec[1].text, "dang tai infographic.");
	assert_string_equal(r.sec[2].text, "Khong co.");
	form_result_free(&r);
	/* a no before the option: not ticked by its wording */
	{
		char *x = rebuild(ATTR Q_HEAD Q_1 "Tốt.\n" Q_2 Q_A Q_B
		                  "Sở A không đề nghị tiếp tục tổ chức Hội thi.\n" Q_3 Q_END);

		assert_non_null(x);
		assert_null(strstr(x, "☒"));
		free(x);
	}
}

/* Each way of marking an option, typed by the writer. */
static void
test_marks(void **state)
{
	static const struct { const char *between; uint32_t want; } c[] = {
		{ Q_A "X\n" Q_B, CONT },
		{ Q_A "(x)\n" Q_B, CONT },
		{ Q_A Q_B "[X]\n", OTHER },
		{ Q_A Q_B "☒\n", OTHER },
		{ Q_A "Chọn\n" Q_B, CONT },
		{ Q_A Q_B "Đồng ý\n", OTHER },
		{ Q_A Q_B "Chon phuong an nay\n", OTHER },
		{ Q_A "<-- X\n" Q_B, CONT },
		/* next to the option below it, when the line above is no option */
		{ "X\n" Q_A Q_B, CONT },
		/* "Không" next to one, "Có" next to the other */
		{ Q_A "Không\n" Q_B "Có\n", OTHER },
		/* the option by its number, wherever it is typed */
		{ Q_A Q_B "Chọn phương án 1\n", CONT },
		{ Q_A "Phuong an 2\n" Q_B, OTHER },
		{ "Chọn 2\n" Q_A Q_B, OTHER },
		{ Q_A "=> Chon phuong an 2: to chuc toa dam\n" Q_B, OTHER },
		/* the option retyped, alone or after "Chọn:" */
		{ "Đề nghị tiếp tục tổ chức Hội thi\n" Q_A Q_B, CONT },
		{ Q_A Q_B "Chọn: Đề nghị hình thức tuyên truyền khác\n", OTHER },
		{ Q_A Q_B "DE NGHI HINH THUC TUYEN TRUYEN KHAC: toa dam\n", OTHER },
		/* ... or without its first words */
		{ "Tiếp tục tổ chức Hội thi.\n" Q_A Q_B, CONT },
		{ Q_A Q_B "Hình thức tuyên truyền khác: thi trực tuyến.\n", OTHER },
		/* the option copied with a mark or a "no" after it */
		{ Q_A Q_B "Đề nghị hình thức tuyên truyền khác. X\n", OTHER },
		{ Q_A Q_B "Đề nghị tiếp tục tổ chức Hội thi: Không\nĐề nghị hình thức tuyên truyền khác: Có\n",
		  OTHER },
		{ Q_A Q_B "=> Đề nghị tiếp tục tổ chức Hội thi\n", CONT },
		/* the heading retyped is no option */
		{ Q_A Q_B "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác\n", 0 },
		/* the one not chosen deleted from the quote */
		{ Q_A, CONT },
		{ Q_B, OTHER },
		/* a proposal written under the other option */
		{ Q_A Q_B "Tổ chức tọa đàm trực tuyến.\n", OTHER },
		/* a blank form whose boxes come after the labels */
		{ "> Đề nghị tiếp tục tổ chức Hội thi. (  )\nX\n> Đề nghị hình thức tuyên truyền khác. ( )\n",
		  CONT },
		{ "> Đề nghị tiếp tục tổ chức Hội thi. ☐\n> Đề nghị hình thức tuyên truyền khác. ☐\nX\n",
		  OTHER },
		/* nothing typed in part 2: nothing chosen */
		{ Q_A Q_B, 0 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		char t[4096];
		struct form_result r;

		snprintf(t, sizeof t, "%s%s%s%s%s%s", ATTR Q_HEAD, Q_1, "Tốt.\n", Q_2, c[i].between,
		         Q_3 Q_END);
		read_rebuilt(t, &r);
		if (r.sec[1].choices != c[i].want)
			fail_msg("case %zu: choices %u, want %u", i, r.sec[1].choices, c[i].want);
		assert_string_equal(r.sec[0].text, "Tốt.");
		form_result_free(&r);
	}
}

/* A form printed without boxes: its options are the short lines under the
 * heading that ends with ':'. */
static void
test_form_without_boxes(void **state)
{
	static const struct { const char *between; uint32_t want; } c[] = {
		{ "> Đề nghị tiếp tục tổ chức Hội thi.\nX\n> Đề nghị hình thức tuyên truyền khác.\n", CONT },
		{ "> Đề nghị tiếp tục tổ chức Hội thi.\nKhông\n> Đề nghị hình thức tuyên truyền khác.\n"
		  "Có\n", OTHER },
		{ "> Đề nghị tiếp tục tổ chức Hội thi.\n> Đề nghị hình thức tuyên truyền khác.\n"
		  "Đề nghị tiếp tục tổ chức Hội thi\n", CONT },
		{ "> Đề nghị tiếp tục tổ chức Hội thi.\n> Đề nghị hình thức tuyên truyền khác.\n", 0 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
		char t[4096];
		struct form_result r;

		snprintf(t, sizeof t, "%s%s%s%s%s", ATTR Q_1, "Tốt.\n", Q_2, c[i].between, Q_3 Q_END);
		read_rebuilt(t, &r);
		if (r.sec[1].choices != c[i].want)
			fail_msg("case %zu: choices %u, want %u", i, r.sec[1].choices, c[i].want);
		form_result_free(&r);
	}
}

/* "Ý kiến:", "Trả lời:", "Nhận xét:" before an answer are dropped; the
 * unit's line is kept. */
static void
test_labels(void **state)
{
	struct form_result r;
	(void)state;

	read_rebuilt(ATTR "> Cơ quan, đơn vị: ..........\nCơ quan, đơn vị: Sở Y tế\n" Q_1
	             "Nhận xét: Rất thiết thực.\n" Q_2 Q_A "X\n" Q_B Q_3
	             "Ý kiến khác: Tăng giải thưởng.\n" Q_END, &r);
	assert_string_equal(r.sec[0].text, "Rất thiết thực.");
	assert_string_equal(r.sec[2].text, "Tăng giải thưởng.");
	assert_int_equal(r.sec[1].choices, CONT);
	assert_non_null(r.unit);
	assert_string_equal(r.unit, "Sở Y tế");
	form_result_free(&r);
	/* the unit typed under the quoted "Cơ quan, đơn vị: ……" */
	read_rebuilt(ATTR "> Cơ quan, đơn vị: ..........\n\nSở Tư pháp\n\n" Q_1 "Tốt.\n" Q_2 Q_A Q_B Q_3
	             Q_END, &r);
	assert_non_null(r.unit);
	assert_string_equal(r.unit, "Sở Tư pháp");
	form_result_free(&r);
	/* the writer took the '>' off a heading and answered after it */
	read_rebuilt(ATTR Q_1 "Tốt.\n" "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền "
	             "khác: Đề nghị hình thức tuyên truyền khác\n" Q_A Q_B Q_3 Q_END, &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	form_result_free(&r);
	/* an option's words in part 3 are part 3's text, not a choice */
	read_rebuilt(ATTR Q_1 "Tốt.\n" Q_2 Q_A Q_B ">\n" Q_3
	             "Tiếp tục tổ chức Hội thi vào quý III.\n" Q_END, &r);
	assert_int_equal(r.sec[1].choices, 0);
	assert_non_null(r.sec[2].text);
	assert_string_equal(r.sec[2].text, "Tiếp tục tổ chức Hội thi vào quý III.");
	form_result_free(&r);
	read_rebuilt(ATTR Q_1 "Trả lời: Tốt.\n" Q_2 Q_A Q_B "TL: x\n" Q_3 Q_END, &r);
	assert_string_equal(r.sec[0].text, "Tốt.");
	assert_int_equal(r.sec[1].choices, OTHER);
	form_result_free(&r);
}

/* The answer above the quote stands; the quoted letter is no answer. */
static void
test_answer_above_stands(void **state)
{
	struct form_result r;
	(void)state;

	read_rebuilt("1. Nhận xét về tính thiết thực và hiệu quả của Hội thi: Tốt.\n"
	             "2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\n"
	             "☐ Đề nghị tiếp tục tổ chức Hội thi.\n☒ Đề nghị hình thức tuyên truyền khác.\n"
	             "3. Ý kiến khác, đề xuất (nếu có): Không.\n\n" ATTR
	             "> Kính gửi: Các sở, ban ngành tỉnh;\nĐã nhận.\n" BLANK_FORM, &r);
	assert_int_equal(r.sec[1].choices, OTHER);
	assert_string_equal(r.sec[0].text, "Tốt.");
	assert_string_equal(r.sec[2].text, "Không.");
	form_result_free(&r);
}

/* Answers below the last quoted heading and after the whole quote; Outlook's
 * ">" without a space and CRLF; the letter's closing is left out. */
static void
test_after_the_quote_and_crlf(void **state)
{
	const char *t = "Ý kiến của đơn vị ở các dòng không có dấu >.\r\n\r\n"
	                "-----Original Message-----\r\nFrom: Văn phòng\r\nSent: Monday\r\n\r\n"
	                ">1. Nhận xét về tính thiết thực và hiệu quả của Hội thi\r\n"
	                "HỘI THI THIẾT THỰC.\r\n"
	                ">2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:\r\n"
	                ">☐ Đề nghị tiếp tục tổ chức Hội thi.\r\n(X)\r\n"
	                ">☐ Đề nghị hình thức tuyên truyền khác.\r\n"
	                ">3. Ý kiến khác, đề xuất (nếu có):\r\n"
	                "Đề nghị tăng kinh phí.\r\n\r\nTrân trọng,\r\nNguyễn Văn A\r\n";
	struct form_result r;
	char *x = rebuild(t);
	(void)state;

	assert_non_null(x);
	assert_null(strchr(x, '\r'));
	assert_int_equal(form_read(&fx_form, x, strlen(x), &r), 0);
	assert_string_equal(r.sec[0].text, "HỘI THI THIẾT THỰC.");
	assert_int_equal(r.sec[1].choices, CONT);
	assert_string_equal(r.sec[2].text, "Đề nghị tăng kinh phí.");
	form_result_free(&r);
	free(x);
	/* the quoted letter's footer after the last answer is left out */
	x = rebuild(ATTR Q_1 "Tốt.\n" Q_2 Q_A Q_B Q_3 Q_END);
	assert_non_null(x);
	assert_null(strstr(x, "Phòng Tổng hợp"));
	free(x);
}

/* Outlook's HTML reply: the original under its header block comes out
 * quoted, the lines typed in red do not (lib/html.c), and are read. */
static void
test_outlook_html_colour(void **state)
{
	const char *h =
		"<div><p>Sở trả lời bên dưới (chữ đỏ).</p>"
		"<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p><b>From:</b> Văn phòng<br>"
		"<b>Sent:</b> Monday</p></div>"
		"<p style='color:black'>1. Nhận xét về tính thiết thực và hiệu quả của Hội thi</p>"
		"<p><span style=\"font-size:11pt;color:red\">Rất thiết thực.</span></p>"
		"<p>2. Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác:</p>"
		"<p>☐ Đề nghị tiếp tục tổ chức Hội thi.</p><p><font color=\"#C00000\">X</font></p>"
		"<p>☐ Đề nghị hình thức tuyên truyền khác.</p>"
		"<p><a href='mailto:a@b'><span style='color:#0563C1'>a@b</span></a></p>"
		"<p style='background-color:yellow'>3. Ý kiến khác, đề xuất (nếu có):</p>"
		"<p>......</p></div>";
	char *t = html_to_text(h, strlen(h));
	struct form_result r;
	(void)state;

	assert_non_null(t);
	assert_non_null(strstr(t, "\nFrom: Văn phòng"));
	assert_non_null(strstr(t, "\n> 1. Nhận xét"));
	assert_non_null(strstr(t, "\nRất thiết thực.\n"));
	assert_non_null(strstr(t, "\nX\n"));
	assert_non_null(strstr(t, "\n> a@b\n"));      /* a link's colour is not the writer's */
	assert_non_null(strstr(t, "\n> 3. Ý kiến khác")); /* nor a background */
	read_rebuilt(t, &r);
	assert_string_equal(r.sec[0].text, "Rất thiết thực.");
	assert_int_equal(r.sec[1].choices, CONT);
	form_result_free(&r);
	free(t);
	/* a header block and no colour in the original: left as it was */
	h = "<p>Tốt.</p><div id=divRplyFwdMsg><b>Từ:</b> Văn phòng<br><b>Đã gửi:</b> Thứ Hai</div>"
	    "<p>1. Nhận xét</p><p style='color:#000000'>a</p>";
	t = html_to_text(h, strlen(h));
	assert_non_null(t);
	assert_null(strchr(t, '>'));
	free(t);
	/* no header block: nothing is quoted, whatever the colours */
	h = "<p>a</p><p style='color:red'>b</p>";
	t = html_to_text(h, strlen(h));
	assert_non_null(t);
	assert_string_equal(t, "a\nb\n");
	free(t);
}

/* Hostile input: a long run of quoted and unquoted lines ends, bounded. */
static void
test_many_lines(void **state)
{
	static const char *const pair[] = { "> ☐ Đề nghị tiếp tục tổ chức\n",
	                                    "Đề nghị tiếp tục tổ chức Hội thi\n" };
	size_t n = 150000, len = 0, cap = n * 64;
	char *t = malloc(cap), *x = NULL;
	(void)state;

	assert_non_null(t);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(pair[i % 2]);

		memcpy(t + len, pair[i % 2], l);
		len += l;
	}
	t[len] = '\0';
	assert_int_equal(interleave_text(t, len, &x), 0);
	assert_non_null(x);
	free(x);
	/* past QUOTE_MAX_LINES: left to quote_strip() */
	len = 0;
	for (size_t i = 0; i < QUOTE_MAX_LINES + 2; i++) {
		memcpy(t + len, i % 2 ? ">\n" : "X\n", 2);
		len += 2;
	}
	t[len] = '\0';
	assert_int_equal(interleave_text(t, len, &x), 0);
	assert_null(x);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_this_kind),
		cmocka_unit_test(test_x_under_option),
		cmocka_unit_test(test_option_named_in_line),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_form_without_boxes),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_answer_above_stands),
		cmocka_unit_test(test_after_the_quote_and_crlf),
		cmocka_unit_test(test_outlook_html_colour),
		cmocka_unit_test(test_many_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
