/*
 * report — the wording of the report, and what the formats share.
 * The Vietnamese is the administrative register the Department of Home
 * Affairs writes to the Chairman in.
 */
#include "report.h"
#include "isotime.h"
#include "plan.h"
#include "reasons.h"

#include <stdio.h>
#include <string.h>

/* Each phrase of the report beside its translation (its field of struct
 * report_words, the Vietnamese, the English), so a translator reads one
 * list, not two that must be kept in step.  Expanded once per language into
 * constant structs below. */
#define REPORT_PHRASES(P)                                                                          \
	P(title,                                                                                   \
	  "Báo cáo tổng hợp ý kiến",                                                               \
	  "Summary report of opinions")                                                            \
	P(reference,                                                                               \
	  "Văn bản số",                                                                            \
	  "Letter No.")                                                                            \
	P(deadline,                                                                                \
	  "Hạn gửi ý kiến",                                                                        \
	  "Deadline")                                                                              \
	P(deadline_moved_from,                                                                     \
	  "văn bản ghi",                                                                           \
	  "the letter says")                                                                       \
	P(deadline_moved_why,                                                                      \
	  "trùng ngày nghỉ nên chuyển sang ngày làm việc tiếp theo",                               \
	  "a day off: moved to the next working day")                                              \
	P(generated,                                                                               \
	  "Tổng hợp lúc",                                                                          \
	  "Compiled at")                                                                           \
	P(sec_overview,                                                                            \
	  "I. Tình hình trả lời",                                                                  \
	  "I. Replies")                                                                            \
	P(asked,                                                                                   \
	  "Số đơn vị được lấy ý kiến",                                                             \
	  "Units asked")                                                                           \
	P(replied,                                                                                 \
	  "Đã trả lời",                                                                            \
	  "Replied")                                                                               \
	P(on_time,                                                                                 \
	  "Đúng hạn",                                                                              \
	  "On time")                                                                               \
	P(late,                                                                                    \
	  "Trễ hạn",                                                                               \
	  "Late")                                                                                  \
	P(missing,                                                                                 \
	  "Chưa trả lời",                                                                          \
	  "Not replied")                                                                           \
	P(missing_list,                                                                            \
	  "Các đơn vị chưa trả lời",                                                               \
	  "Units that have not replied")                                                           \
	P(unassigned,                                                                              \
	  "Văn bản trả lời chưa xác định được đơn vị",                                             \
	  "Replies from a unit not yet identified")                                                \
	P(none_missing,                                                                            \
	  "Tất cả các đơn vị đã trả lời.",                                                         \
	  "Every unit has replied.")                                                               \
	P(sec_tally,                                                                               \
	  "II. Tổng hợp các phương án lựa chọn",                                                   \
	  "II. Tally of the options")                                                              \
	P(option,                                                                                  \
	  "Phương án",                                                                             \
	  "Option")                                                                                \
	P(count,                                                                                   \
	  "Số đơn vị",                                                                             \
	  "Units")                                                                                 \
	P(percent,                                                                                 \
	  "Tỷ lệ",                                                                                 \
	  "Share")                                                                                 \
	P(no_choice,                                                                               \
	  "Không chọn phương án nào",                                                              \
	  "No option chosen")                                                                      \
	P(percent_note,                                                                            \
	  "Tỷ lệ tính trên số đơn vị đã trả lời",                                                  \
	  "Shares of the units that replied")                                                      \
	P(chart,                                                                                   \
	  "Biểu đồ",                                                                               \
	  "Chart")                                                                                 \
	P(sec_opinions,                                                                            \
	  "III. Ý kiến của các đơn vị",                                                            \
	  "III. Opinions by unit")                                                                 \
	P(unit,                                                                                    \
	  "Đơn vị",                                                                                \
	  "Unit")                                                                                  \
	P(code,                                                                                    \
	  "Mã đơn vị",                                                                             \
	  "Code")                                                                                  \
	P(group,                                                                                   \
	  "Khối",                                                                                  \
	  "Group")                                                                                 \
	P(no_group,                                                                                \
	  "Đơn vị khác",                                                                           \
	  "Other units")                                                                           \
	P(replied_at,                                                                              \
	  "Ngày trả lời",                                                                          \
	  "Replied at")                                                                            \
	P(status,                                                                                  \
	  "Tình trạng",                                                                            \
	  "Status")                                                                                \
	P(no_answer,                                                                               \
	  "—",                                                                                     \
	  "—")                                                                                     \
	P(corrected,                                                                               \
	  "đã hiệu chỉnh",                                                                         \
	  "corrected")                                                                             \
	P(corrected_note,                                                                          \
	  "Nội dung đánh dấu (*) do cán bộ tổng hợp hiệu chỉnh so với nội dung trích xuất tự động từ " \
	  "văn bản trả lời.",                                                                      \
	  "Values marked (*) were corrected by a person; they replace what was extracted "         \
	  "automatically from the reply.")                                                         \
	P(not_replied,                                                                             \
	  "Chưa trả lời",                                                                          \
	  "Not replied")                                                                           \
	P(text_col,                                                                                \
	  "nội dung",                                                                              \
	  "text")                                                                                  \
	P(sec_review,                                                                              \
	  "IV. Nội dung cần xem xét",                                                              \
	  "IV. Still to be reviewed")                                                              \
	P(nothing,                                                                                 \
	  "Không có.",                                                                             \
	  "None.")                                                                                 \
	P(reason,                                                                                  \
	  "Lý do",                                                                                 \
	  "Reason")                                                                                \
	P(from,                                                                                    \
	  "Người gửi",                                                                             \
	  "From")                                                                                  \
	P(archive,                                                                                 \
	  "Lưu trữ",                                                                               \
	  "Archive")                                                                               \
	P(unidentified,                                                                            \
	  "Chưa xác định đơn vị",                                                                  \
	  "Unit not identified")                                                                   \
	P(sec_corrections,                                                                         \
	  "V. Các nội dung đã hiệu chỉnh",                                                         \
	  "V. Corrections")                                                                        \
	P(field,                                                                                   \
	  "Mục",                                                                                   \
	  "Field")                                                                                 \
	P(value,                                                                                   \
	  "Giá trị",                                                                               \
	  "Value")                                                                                 \
	P(who,                                                                                     \
	  "Người hiệu chỉnh",                                                                      \
	  "By")                                                                                    \
	P(at,                                                                                      \
	  "Thời điểm",                                                                             \
	  "At")                                                                                    \
	P(needs_review,                                                                            \
	  "Cần xem xét",                                                                           \
	  "Needs review")                                                                          \
	P(yes,                                                                                     \
	  "Có",                                                                                    \
	  "Yes")                                                                                   \
	P(multi_note,                                                                              \
	  "Một đơn vị có thể chọn nhiều phương án, nên tổng các tỷ lệ có thể lớn hơn 100 %",       \
	  "A unit may choose several options, so the shares may add up to more than 100%")         \
	P(awaiting,                                                                                \
	  "chờ xác nhận",                                                                          \
	  "awaiting review")                                                                       \
	P(awaiting_note,                                                                           \
	  "Chờ xác nhận: đơn vị có văn bản trả lời khác gửi từ địa chỉ thư chưa đăng ký (nhận diện " \
	  "theo nội dung); văn bản đó chưa được tính, chỉ thay thế văn bản gửi từ địa chỉ đã đăng ký " \
	  "khi cán bộ tổng hợp xác nhận.",                                                         \
	  "Awaiting review: the unit has another reply, not sent from its registered address "     \
	  "(recognised by its content); it is not counted, and replaces the reply from the "       \
	  "registered address only once a person confirms it.")                                    \
	P(by_content,                                                                              \
	  "nhận diện theo nội dung",                                                               \
	  "identified by content")                                                                 \
	P(by_content_note,                                                                         \
	  "Nhận diện theo nội dung: văn bản trả lời không gửi từ địa chỉ thư đã đăng ký của đơn vị; " \
	  "đơn vị được xác định theo tên ghi trong văn bản.",                                      \
	  "Identified by content: the reply did not come from the unit's registered address; the " \
	  "unit was recognised by the name written in it.")                                        \
	P(note_col,                                                                                \
	  "Ghi chú",                                                                               \
	  "Note")                                                                                  \
	P(sheet_summary,                                                                           \
	  "Tổng hợp",                                                                              \
	  "Summary")                                                                               \
	P(sheet_opinions,                                                                          \
	  "Ý kiến",                                                                                \
	  "Opinions")                                                                              \
	P(sheet_review,                                                                            \
	  "Cần xem xét",                                                                           \
	  "Review")                                                                                \
	P(sheet_corrections,                                                                       \
	  "Hiệu chỉnh",                                                                            \
	  "Corrections")                                                                           \
	P(subject,                                                                                 \
	  "Tiêu đề thư",                                                                           \
	  "Subject")                                                                               \
	P(arrived,                                                                                 \
	  "Thời điểm nhận",                                                                        \
	  "Received")                                                                              \
	P(hash,                                                                                    \
	  "Mã băm SHA-256",                                                                        \
	  "SHA-256")                                                                               \
	P(reviewed,                                                                                \
	  "Đã xem xét",                                                                            \
	  "Reviewed")

#define VI(field, vi, en) .field = vi,
#define EN(field, vi, en) .field = en,
static const struct report_words words_vi = {
	REPORT_PHRASES(VI) .decimal = ',', .day_first = true, .reasons_vi = true,
};
static const struct report_words words_en = {
	REPORT_PHRASES(EN) .decimal = '.', .day_first = false,
};
#undef VI
#undef EN

int
report_format_parse(const char *s, enum report_format *out)
{
	static const char *const names[] = { "html", "xlsx", "csv", "md", "docx" };

	for (int i = 0; i < 5; i++) {
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

	/* Vietnamese as a công văn writes a time, the one style of every
	 * text ykien writes (lib/isotime.h) */
	if (w->day_first) {
		isotime_format_vi(t, out);
		return;
	}
	if (!plan_local_tm(t, &tm) || !strftime(out, 40, "%Y-%m-%d %H:%M", &tm))
		out[0] = '\0';
}

/* T as the deadline is written: its day alone when DAY, else its time */
static void
deadline_text(const struct report_words *w, time_t t, bool day, char out[40])
{
	struct tm tm;

	if (!day)
		report_time_t(w, t, out);
	else if (w->day_first)
		isotime_format_vi_date(t, out);
	else if (!plan_local_tm(t, &tm) || !strftime(out, 40, "%Y-%m-%d", &tm))
		out[0] = '\0';
}

void
report_deadline(const struct report_words *w, const struct yk_campaign *cp,
                char out[REPORT_DEADLINE_LEN])
{
	char now[40], written[40];

	deadline_text(w, cp->deadline, cp->deadline_is_day, now);
	if (!cp->deadline_written || cp->deadline_written == cp->deadline) {
		snprintf(out, REPORT_DEADLINE_LEN, "%s", now);
		return;
	}
	/* a clerk who reads the letter's date must see why the report's
	 * differs */
	deadline_text(w, cp->deadline_written, cp->deadline_is_day, written);
	snprintf(out, REPORT_DEADLINE_LEN, "%s (%s %s, %s)", now, w->deadline_moved_from, written,
	         w->deadline_moved_why);
}

void
report_time(const struct report_words *w, const char *iso, char out[40])
{
	time_t t;

	if (iso && isotime_parse(iso, &t) == 0)
		report_time_t(w, t, out);
	else
		snprintf(out, 40, "%s", iso ? iso : "");
}

const char *
report_who(const struct summary *s, const char *login)
{
	const char *name = login ? config_clerk_name(s->cfg, login) : NULL;

	return name ? name : login ? login : "";
}

void
report_choice_words(const struct yk_section *sec, uint32_t choices, const char *none,
                    struct buf *out)
{
	bool first = true;

	for (size_t k = 0; k < sec->n_options; k++) {
		if (!(choices & ((uint32_t)1 << k)))
			continue;
		buf_printf(out, "%s%s", first ? "" : "; ", sec->options[k].text);
		first = false;
	}
	if (first)
		buf_adds(out, none);
}

int
report_correction(const struct report_words *w, const struct summary *s,
                  const struct summary_correction *c, struct buf *field, struct buf *value)
{
	const struct yk_form *f = s->cp->form;
	size_t sec;
	bool is_choice;
	uint32_t choices;
	char why[160];

	if (!strcmp(c->field, SUMMARY_FIELD_AGENCY)) {
		/* an assignment: the unit it was filed under */
		const struct yk_agency *a = config_agency(s->cfg, c->value);
		buf_adds(field, w->unit);
		buf_printf(value, "%s (%s)", a ? a->name : c->value, c->value);
	} else if (summary_parse_correction(f, c->field, c->value, &sec, &is_choice, &choices, why,
	                                    sizeof why)) {
		buf_adds(field, c->field);
		buf_adds(value, c->value);
	} else if (sec == SIZE_MAX) {
		buf_adds(field, w->reviewed);
		buf_adds(value, w->yes);
	} else if (is_choice) {
		buf_adds(field, f->sections[sec].heading);
		report_choice_words(&f->sections[sec], choices, w->no_choice, value);
	} else {
		buf_adds(field, f->sections[sec].heading);
		if (f->sections[sec].n_options)
			buf_printf(field, " (%s)", w->text_col);
		buf_adds(value, c->value);
	}
	return buf_status(field) ? buf_status(field) : buf_status(value);
}

size_t
report_review_head(const struct report_words *w, bool audit, const char *out[REPORT_REVIEW_COLS])
{
	out[0] = w->unit;
	out[1] = w->subject;
	out[2] = w->arrived;
	out[3] = w->reason;
	if (!audit)
		return 4;
	out[4] = w->from;
	out[5] = w->archive;
	out[6] = w->hash;
	return 7;
}

int
report_review_row(const struct report_words *w, const struct summary *s,
                  const struct summary_review *r, bool audit, struct buf *tmp, char when[40],
                  const char *out[REPORT_REVIEW_COLS])
{
	int rc = report_reasons(w, r->reasons, tmp, &out[3]);

	report_time(w, r->arrived, when);
	out[0] = r->agency ? report_agency_name(s, r->agency) : w->unidentified;
	out[1] = r->subject ? r->subject : "";
	out[2] = when;
	if (audit) {
		out[4] = r->from ? r->from : "";
		out[5] = r->archive_path ? r->archive_path : "";
		out[6] = r->sha256 ? r->sha256 : "";
	}
	return rc;
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

void
report_tally(const struct summary *s, const struct report_words *w, size_t section,
             struct report_tally *out)
{
	const struct yk_section *sec = &s->cp->form->sections[section];
	size_t none;

	out->base = summary_tally(s, section, out->count, &none);
	for (out->n = 0; out->n < sec->n_options; out->n++) {
		out->id[out->n] = sec->options[out->n].id;
		out->label[out->n] = sec->options[out->n].text;
	}
	if (none) {
		out->id[out->n] = "none";
		out->label[out->n] = w->no_choice;
		out->count[out->n++] = none;
	}
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
	default: return yk_err_set(err, YK_EINVAL, "xlsx and docx are binary, not text");
	}
	return rc ? yk_err_set(err, rc, "report: %s", rc == YK_ELIMIT ? "too large" : "out of memory")
	          : 0;
}
