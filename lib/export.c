/*
 * export — the wording of the report, and what the formats share.
 * The Vietnamese is the administrative register the Department of Home
 * Affairs writes to the Chairman in.
 */
#include "export.h"
#include "isotime.h"
#include "plan.h"
#include "reasons.h"

#include <stdio.h>
#include <string.h>

static const struct export_words words_vi = {
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

static const struct export_words words_en = {
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
export_format_parse(const char *s, enum export_format *out)
{
	static const char *const names[] = { "html", "xlsx", "csv", "md" };

	for (int i = 0; i < 4; i++) {
		if (!strcmp(s, names[i])) {
			*out = (enum export_format)i;
			return 0;
		}
	}
	return -1;
}

int
export_lang_parse(const char *s, enum export_lang *out)
{
	if (!strcmp(s, "vi"))
		*out = EXPORT_VI;
	else if (!strcmp(s, "en"))
		*out = EXPORT_EN;
	else
		return -1;
	return 0;
}

const struct export_words *
export_words(enum export_lang lang)
{
	return lang == EXPORT_EN ? &words_en : &words_vi;
}

void
export_time_t(const struct export_words *w, time_t t, char out[40])
{
	struct tm tm;

	/* literal formats: -Wformat-nonliteral checks them */
	if (!plan_local_tm(t, &tm) || !(w->day_first ? strftime(out, 40, "%d/%m/%Y %H:%M", &tm)
	                                            : strftime(out, 40, "%Y-%m-%d %H:%M", &tm)))
		out[0] = '\0';
}

void
export_deadline(const struct export_words *w, const struct yk_campaign *cp, char out[40])
{
	struct tm tm;

	if (!cp->deadline_is_day)
		export_time_t(w, cp->deadline, out);
	else if (!plan_local_tm(cp->deadline, &tm) ||
	         !(w->day_first ? strftime(out, 40, "%d/%m/%Y", &tm)
	                        : strftime(out, 40, "%Y-%m-%d", &tm)))
		out[0] = '\0';
}

void
export_time(const struct export_words *w, const char *iso, char out[40])
{
	time_t t;

	if (iso && isotime_parse(iso, &t) == 0)
		export_time_t(w, t, out);
	else
		snprintf(out, 40, "%s", iso ? iso : "");
}

const char *
export_row_status(const struct export_words *w, const struct summary_row *r)
{
	return !r->replied ? w->not_replied : r->late ? w->late : w->on_time;
}

int
export_row_marks(const struct export_words *w, const struct summary_row *r, struct buf *out)
{
	int rc = 0;

	if (r->awaiting)
		rc |= buf_adds(out, w->awaiting);
	if (r->replied && r->unregistered)
		rc |= buf_printf(out, "%s%s", r->awaiting ? "; " : "", w->by_content);
	return rc;
}

int
export_percent_note(const struct export_words *w, const struct yk_section *sec, size_t base,
                    struct buf *out)
{
	int rc = buf_printf(out, "%s (%zu)", w->percent_note, base);

	if (sec->n_options > 1)
		rc |= buf_printf(out, ". %s", w->multi_note);
	return rc | buf_addc(out, '.');
}

int
export_answer_text(const struct summary *s, const struct summary_row *r, size_t section,
                   struct buf *out, bool *corrected)
{
	const struct yk_section *sec = &s->cp->form->sections[section];
	const struct summary_answer *a;
	bool any = false;
	int rc = 0;

	*corrected = false;
	if (!r->answers)
		return 0;
	a = &r->answers[section];
	*corrected = a->text_corrected || a->choices_corrected;
	for (size_t k = 0; k < sec->n_options; k++) {
		if (!(a->choices & ((uint32_t)1 << k)))
			continue;
		rc |= buf_printf(out, "%s%s", any ? "; " : "", sec->options[k].text);
		any = true;
	}
	if (a->text)
		rc |= buf_printf(out, "%s%s", any ? "; " : "", a->text);
	return rc;
}

bool
export_in_group(const struct summary_row *r, const char *group)
{
	const char *g = r->agency->group;

	return group ? g && !strcmp(g, group) : !g;
}

size_t
export_groups(const struct summary *s, const char **groups)
{
	size_t n = 0;
	bool ungrouped = false;

	for (size_t i = 0; i < s->n_rows; i++) {
		const char *g = s->rows[i].agency->group;
		size_t k;
		if (!g) {
			ungrouped = true;
			continue;
		}
		for (k = 0; k < n; k++)
			if (groups[k] && !strcmp(groups[k], g))
				break;
		if (k == n)
			groups[n++] = g;
	}
	if (ungrouped)
		groups[n++] = NULL;
	return n;
}

const char *
export_agency_name(const struct summary *s, const char *code)
{
	const struct yk_agency *a = code ? config_agency(s->cfg, code) : NULL;

	return a ? a->name : code;
}

const char *
export_reasons(const struct export_words *w, const char *reasons, struct buf *tmp)
{
	if (!reasons || !w->reasons_vi)
		return reasons ? reasons : "";
	buf_reset(tmp);
	if (reasons_vi(reasons, tmp))
		return NULL;
	return tmp->data ? tmp->data : "";
}

int
export_text(const struct summary *s, const struct export_opts *o, struct buf *out,
            struct yk_err *err)
{
	int rc;

	switch (o->format) {
	case EXPORT_HTML: rc = export_html(s, o, out); break;
	case EXPORT_CSV: rc = export_csv(s, o, out); break;
	case EXPORT_MD: rc = export_md(s, o, out); break;
	default: return yk_err_set(err, YK_EINVAL, "xlsx is written to a file, not into text");
	}
	return rc ? yk_err_set(err, rc, "report: %s", rc == YK_ELIMIT ? "too large" : "out of memory")
	          : 0;
}
