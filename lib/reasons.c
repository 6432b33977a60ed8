/*
 * reasons — Vietnamese for the review reasons.
 *
 * A reason may itself hold "; " (the too-large one does), so the text is
 * not split blindly: at each reason, the known wordings are tried first,
 * and only an unknown reason runs to the next "; ".
 */
#include "reasons.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "extract.h"
#include "store.h"

struct wording {
	const char *en, *vi;
};

/* as extract.c and intake.c word them */
static const struct wording whole[] = {
	{ "agency not identified", "không xác định được cơ quan gửi" },
	{ "scan only: the answer is in a picture",
	  "bản scan: câu trả lời nằm trong ảnh, không đọc được" },
	{ "scan only: PDF without a text layer",
	  "bản scan: tệp PDF không có lớp chữ, không đọc được" },
	{ "attachment could not be read", "không đọc được tệp đính kèm" },
	{ "no answer found in the message", "không tìm thấy câu trả lời trong thư" },
	{ EXTRACT_QUESTION_REASON, "câu hỏi gửi cơ quan tổng hợp: cần trả lời" },
	{ "text written after an option that is not ticked",
	  "có ghi chữ cạnh phương án không được đánh dấu" },
	{ "read by OCR", "đọc bằng nhận dạng chữ (OCR), cần đối chiếu với ảnh" },
	{ "tick boxes not readable on the scan", "không đọc được ô đánh dấu trên bản scan" },
	{ "a text too long to be read as the form", "nội dung quá dài, không đọc được như phiếu" },
	{ "Date header more than a day from the time it arrived",
	  "ngày giờ ghi trong thư (Date) lệch hơn một ngày so với lúc thư đến hộp thư" },
	{ "an answer longer than 256 KB was cut",
	  "một câu trả lời dài quá 256 KB, phần sau đã bị cắt" },
	/* a choice read from prose (lib/form.h FORM_PROSE_*) */
	{ "choice read from prose: please confirm",
	  "phương án được hiểu từ lời văn (không theo mẫu phiếu): đề nghị xác nhận" },
	{ "choice read from prose: more than one option named",
	  "phương án được hiểu từ lời văn: thư nêu nhiều phương án, đề nghị xác nhận" },
	{ "choice read from prose: a negation near the option",
	  "phương án được hiểu từ lời văn: có từ phủ định gần phương án, đề nghị xác nhận" },
	{ "choice read from prose: stated under a condition",
	  "phương án được hiểu từ lời văn: nêu kèm điều kiện (\"nếu…\"), đề nghị xác nhận" },
	/* as the store words a reply held back (the filing rule) */
	{ STORE_HELD_REASON, "xác định đơn vị theo nội dung, không gửi từ địa chỉ thư đã đăng ký; "
	                     "sẽ thay thế văn bản gửi từ địa chỉ đã đăng ký nếu được xác nhận" },
};

/* a fixed beginning, then the details as they are */
static const struct wording lead[] = {
	{ "unverified sender: ", "người gửi chưa được xác thực: " },
};

/* "too large: N bytes (max_message_size M); only its headers were fetched"
 * (or "... were read", from a Maildir): returns its length, 0 if not one */
static size_t
too_large(const char *p, unsigned long long *bytes)
{
	static const char *const tails[] = { "; only its headers were fetched",
		                             "; only its headers were read" };
	unsigned long long limit;
	int n = 0;

	if (sscanf(p, "too large: %llu bytes (max_message_size %llu)%n", bytes, &limit, &n) < 2 ||
	    n == 0)
		return 0;
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
		if (!strncmp(p + n, tails[i], strlen(tails[i])))
			return (size_t)n + strlen(tails[i]);
	return 0;
}

/* Does P begin with S followed by the end or the next reason? */
static bool
is_whole(const char *p, const char *s)
{
	size_t n = strlen(s);

	return !strncmp(p, s, n) && (p[n] == '\0' || !strncmp(p + n, "; ", 2));
}

int
reasons_vi(const char *reasons, struct buf *out)
{
	const char *p = reasons;

	while (p && *p && !buf_status(out)) {
		unsigned long long bytes;
		size_t used = 0;

		if (p != reasons)
			buf_adds(out, "; ");
		for (size_t i = 0; !used && i < sizeof whole / sizeof *whole; i++)
			if (is_whole(p, whole[i].en)) {
				buf_adds(out, whole[i].vi);
				used = strlen(whole[i].en);
			}
		if (!used && (used = too_large(p, &bytes)))
			buf_printf(out, "thư quá lớn (%llu byte), chỉ lấy phần tiêu đề; xem trên "
			           "máy chủ thư", bytes);
		if (!used) {
			const char *end = strstr(p, "; ");
			size_t len = end ? (size_t)(end - p) : strlen(p), skip = 0;
			for (size_t i = 0; !skip && i < sizeof lead / sizeof *lead; i++)
				if (!strncmp(p, lead[i].en, strlen(lead[i].en))) {
					buf_adds(out, lead[i].vi);
					skip = strlen(lead[i].en);
				}
			buf_add(out, p + skip, len - skip);
			used = len;
		}
		p += used;
		if (!strncmp(p, "; ", 2))
			p += 2;
	}
	return buf_status(out);
}
