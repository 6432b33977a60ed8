/*
 * report — the wording of the report, and what the formats share.
 * The Vietnamese is the administrative register the Department of Home
 * Affairs writes to the Chairman in.
 */
#include "report.h"
#include "plan.h"
#include "reasons.h"

#include <stdio.h>
#include <string.h>

static const struct report_words words_vi = {
	.title = "Báo cáo tổng hợp ý kiến",
	.campaign = "Đợt lấy ý kiến",
	.reference = "Văn bản số",
	.deadline = "Hạn gửi ý kiến",
	.generated = "Tổng hợp lúc",
	.sec_overview = "I. Tình hình trả lời",
	.asked = "Số đơn vị được lấy ý kiến",
	.replied = "Đã trả lời",
	.on_time = "Đúng hạn",
	.late = "Trễ hạn",
	.missing = "Chưa trả lời",
	.missing_list = "Các đơn vị chưa trả lời",
	.unassigned = "Văn bản trả lời chưa xác định được đơn vị",
	.none_missing = "Tất cả các đơn vị đã trả lời.",
	.sec_tally = "II. Tổng hợp các phương án lựa chọn",
	.option = "Phương án",
	.count = "Số đơn vị",
	.percent = "Tỷ lệ",
	.no_choice = "Không chọn phương án nào",
	.percent_note = "Tỷ lệ tính trên số đơn vị đã trả lời",
	.chart = "Biểu đồ",
	.sec_opinions = "III. Ý kiến của các đơn vị",
	.unit = "Đơn vị",
	.code = "Mã đơn vị",
	.group = "Khối",
	.no_group = "Đơn vị khác",
	.replied_at = "Ngày trả lời",
	.status = "Tình trạng",
	.no_answer = "—",
	.corrected = "đã hiệu chỉnh",
	.corrected_note = "Nội dung đánh dấu (*) do cán bộ tổng hợp hiệu chỉnh so với nội dung "
	                  "trích xuất tự động từ văn bản trả lời.",
	.not_replied = "Chưa trả lời",
	.text_col = "nội dung",
	.sec_review = "IV. Nội dung cần xem xét",
	.nothing = "Không có.",
	.reason = "Lý do",
	.from = "Người gửi",
	.subject = "Tiêu đề",
	.archive = "Lưu trữ",
	.unidentified = "Chưa xác định đơn vị",
	.sec_corrections = "V. Các nội dung đã hiệu chỉnh",
	.field = "Mục",
	.value = "Giá trị",
	.who = "Người hiệu chỉnh",
	.at = "Thời điểm",
	.needs_review = "Cần xem xét",
	.yes = "Có",
	.no = "Không",
	.multi_note = "Một đơn vị có thể chọn nhiều phương án, nên tổng các tỷ lệ có thể lớn hơn "
	              "100 %",
	.awaiting = "chờ xác nhận",
	.awaiting_note = "Chờ xác nhận: đơn vị có văn bản trả lời khác gửi từ địa chỉ thư chưa đăng "
	                 "ký (nhận diện theo nội dung); văn bản đó chưa được tính, chỉ thay thế văn "
	                 "bản gửi từ địa chỉ đã đăng ký khi cán bộ tổng hợp xác nhận.",
	.by_content = "nhận diện theo nội dung",
	.by_content_note = "Nhận diện theo nội dung: văn bản trả lời không gửi từ địa chỉ thư đã "
	                   "đăng ký của đơn vị; đơn vị được xác định theo tên ghi trong văn bản.",
	.note_col = "Ghi chú",
	.decimal = ',',
	.day_first = true,
	.reasons_vi = true,
	.sheet_summary = "Tổng hợp",
	.sheet_opinions = "Ý kiến",
	.sheet_review = "Cần xem xét",
	.sheet_corrections = "Hiệu chỉnh",
};

static const struct report_words words_en = {
	.title = "Summary report of opinions",
	.campaign = "Campaign",
	.reference = "Letter No.",
	.deadline = "Deadline",
	.generated = "Compiled at",
	.sec_overview = "I. Replies",
	.asked = "Units asked",
	.replied = "Replied",
	.on_time = "On time",
	.late = "Late",
	.missing = "Not replied",
	.missing_list = "Units that have not replied",
	.unassigned = "Replies from a unit not yet identified",
	.none_missing = "Every unit has replied.",
	.sec_tally = "II. Tally of the options",
	.option = "Option",
	.count = "Units",
	.percent = "Share",
	.no_choice = "No option chosen",
	.percent_note = "Shares of the units that replied",
	.chart = "Chart",
	.sec_opinions = "III. Opinions by unit",
	.unit = "Unit",
	.code = "Code",
	.group = "Group",
	.no_group = "Other units",
	.replied_at = "Replied at",
	.status = "Status",
	.no_answer = "—",
	.corrected = "corrected",
	.corrected_note = "Values marked (*) were corrected by a person; they replace what was "
	                  "extracted automatically from the reply.",
	.not_replied = "Not replied",
	.text_col = "text",
	.sec_review = "IV. Still to be reviewed",
	.nothing = "None.",
	.reason = "Reason",
	.from = "From",
	.subject = "Subject",
	.archive = "Archive",
	.unidentified = "Unit not identified",
	.sec_corrections = "V. Corrections",
	.field = "Field",
	.value = "Value",
	.who = "By",
	.at = "At",
	.needs_review = "Needs review",
	.yes = "Yes",
	.no = "No",
	.multi_note = "A unit may choose several options, so the shares may add up to more than "
	              "100%",
	.awaiting = "awaiting review",
	.awaiting_note = "Awaiting review: the unit has another reply, not sent from its registered "
	                 "address (recognised by its content); it is not counted, and replaces the "
	                 "reply from the registered address only once a person confirms it.",
	.by_content = "identified by content",
	.by_content_note = "Identified by content: the reply did not come from the unit's "
	                   "registered address; the unit was recognised by the name written in it.",
	.note_col = "Note",
	.decimal = '.',
	.day_first = false,
	.sheet_summary = "Summary",
	.sheet_opinions = "Opinions",
	.sheet_review = "Review",
	.sheet_corrections = "Corrections",
};

int
report_format_parse(const char *s, enum report_format *out)
{
	static const char *const names[] = { "html", "xlsx", "csv", "md" };

	for (int i = 0; i < 4; i++) {
		if (!strcmp(s, names[i])) {
			*out = (enum report_format)i;
			return 0;
		}
	}
	return YK_EINVAL;
}

int
report_lang_parse(const char *s, enum report_lang *out)
{
	if (!strcmp(s, "vi"))
		*out = REPORT_VI;
	else if (!strcmp(s, "en"))
		*out = REPORT_EN;
	else
		return YK_EINVAL;
	return 0;
}

const struct report_words *
report_words(enum report_lang lang)
{
	return lang == REPORT_EN ? &words_en : &words_vi;
}

void
report_time_t(const struct report_words *w, time_t t, char out[40])
{
	struct tm tm;

	/* literal formats: -Wformat-nonliteral checks them */
	if (!plan_local_tm(t, &tm) || !(w->day_first ? strftime(out, 40, "%d/%m/%Y %H:%M", &tm)
	                                            : strftime(out, 40, "%Y-%m-%d %H:%M", &tm)))
		out[0] = '\0';
}

void
report_deadline(const struct report_words *w, const struct yk_campaign *cp, char out[40])
{
	struct tm tm;

	if (!cp->deadline_is_day)
		report_time_t(w, cp->deadline, out);
	else if (!plan_local_tm(cp->deadline, &tm) ||
	         !(w->day_first ? strftime(out, 40, "%d/%m/%Y", &tm)
	                        : strftime(out, 40, "%Y-%m-%d", &tm)))
		out[0] = '\0';
}

void
report_time(const struct report_words *w, const char *iso, char out[40])
{
	time_t t;

	if (iso && config_parse_time(iso, &t) == 0)
		report_time_t(w, t, out);
	else
		snprintf(out, 40, "%s", iso ? iso : "");
}

const char *
report_row_status(const struct report_words *w, const struct summary_row *r)
{
	return !r->replied ? w->not_replied : r->late ? w->late : w->on_time;
}

int
report_row_marks(const struct report_words *w, const struct summary_row *r, struct buf *out)
{
	if (r->awaiting)
		buf_adds(out, w->awaiting);
	if (r->replied && r->unregistered)
		buf_printf(out, "%s%s", r->awaiting ? "; " : "", w->by_content);
	return buf_status(out);
}

int
report_percent_note(const struct report_words *w, const struct yk_section *sec, size_t base,
                    struct buf *out)
{
	buf_printf(out, "%s (%zu)", w->percent_note, base);
	if (sec->n_options > 1)
		buf_printf(out, ". %s", w->multi_note);
	buf_addc(out, '.');
	return buf_status(out);
}

const char *
report_agency_name(const struct summary *s, const char *code)
{
	const struct yk_agency *a = code ? config_agency(s->cfg, code) : NULL;

	return a ? a->name : code;
}

int
report_reasons(const struct report_words *w, const char *reasons, struct buf *tmp,
               const char **out)
{
	int rc;

	*out = reasons ? reasons : "";
	if (!reasons || !w->reasons_vi)
		return 0;
	buf_reset(tmp);
	if ((rc = reasons_vi(reasons, tmp)))
		return rc;
	*out = tmp->data ? tmp->data : "";
	return 0;
}

int
report_text(const struct summary *s, const struct report_opts *o, struct buf *out,
            struct yk_err *err)
{
	int rc;

	switch (o->format) {
	case REPORT_HTML: rc = report_html(s, o, out); break;
	case REPORT_CSV: rc = report_csv(s, o, out); break;
	case REPORT_MD: rc = report_md(s, o, out); break;
	default: return yk_err_set(err, YK_EINVAL, "xlsx is written to a file, not into text");
	}
	return rc ? yk_err_set(err, rc, "report: %s", rc == YK_ELIMIT ? "too large" : "out of memory")
	          : 0;
}
