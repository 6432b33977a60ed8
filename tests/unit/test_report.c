/* Unit tests for the pure parts of the report: totals, tallies and
 * percentages (lib/summary), the table of opinions (lib/report_table) and
 * the text formats over a summary built in memory (lib/report).  The
 * escaping has its own test (test_escape.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_table.h"
#include "fixture_config.h"
#include "isotime.h"
#include "summary.h"

static void
test_percentages(void **state)
{
	struct buf b;
	(void)state;

	assert_int_equal(summary_permille(0, 0), 0);
	assert_int_equal(summary_permille(1, 3), 333);
	assert_int_equal(summary_permille(2, 3), 667);  /* 66.66… rounds up */
	assert_int_equal(summary_permille(1, 8), 125);
	assert_int_equal(summary_permille(1, 16), 63); /* 6.25 rounds half up */
	assert_int_equal(summary_permille(5, 5), 1000);
	buf_init(&b, 0);
	assert_int_equal(summary_fmt_percent(&b, 667, ','), 0);
	assert_string_equal(b.data, "66,7 %");
	buf_reset(&b);
	assert_int_equal(summary_fmt_percent(&b, 1000, '.'), 0);
	assert_string_equal(b.data, "100.0%");
	buf_free(&b);
}

/* Every phrase is set in both languages: a field added to struct
 * report_words but not to the list in report.c would print "(null)". */
static void
test_words_complete(void **state)
{
	const enum report_lang langs[] = { REPORT_VI, REPORT_EN };
	(void)state;

	for (size_t i = 0; i < 2; i++) {
		const struct report_words *w = report_words(langs[i]);
		for (size_t off = 0; off < offsetof(struct report_words, decimal);
		     off += sizeof(const char *)) {
			const char *s;
			memcpy(&s, (const char *)w + off, sizeof s);
			assert_non_null(s);
		}
	}
}

static void
test_late(void **state)
{
	time_t deadline;
	(void)state;

	assert_int_equal(isotime_parse("2024-01-31T17:00:00+07:00", &deadline), 0);
	assert_false(summary_is_late("2024-01-31T10:00:00Z", deadline));
	assert_true(summary_is_late("2024-01-31T10:00:01Z", deadline));
	assert_false(summary_is_late(NULL, deadline));
	assert_false(summary_is_late("garbage", deadline));
	/* a date alone: late is after the end of that day, Viet Nam time */
	{
		bool day;
		assert_int_equal(isotime_parse_deadline("2024-01-31", &deadline, &day), 0);
		assert_false(summary_is_late("2024-01-31T10:00:01Z", deadline));
		assert_false(summary_is_late("2024-01-31T16:59:59Z", deadline));
		assert_true(summary_is_late("2024-01-31T17:00:00Z", deadline));
	}
}

static void
test_parse_correction(void **state)
{
	size_t sec;
	bool choice;
	uint32_t c;
	char why[300];
	(void)state;

	assert_int_equal(summary_parse_correction(&fx_form, "proposal", "other_form", &sec, &choice,
	                                          &c, why, sizeof why), 0);
	assert_int_equal(sec, 1);
	assert_true(choice);
	assert_int_equal(c, 2);
	assert_int_equal(summary_parse_correction(&fx_form, "proposal", "other_form+continue_contest",
	                                          &sec, &choice, &c, why, sizeof why), 0);
	assert_int_equal(c, 3);
	assert_int_equal(summary_parse_correction(&fx_form, "proposal", "none", &sec, &choice, &c, why,
	                                          sizeof why), 0);
	assert_int_equal(c, 0);
	assert_int_equal(summary_parse_correction(&fx_form, "comments", "Tốt", &sec, &choice, &c, why,
	                                          sizeof why), 0);
	assert_int_equal(sec, 0);
	assert_false(choice);
	assert_int_equal(summary_parse_correction(&fx_form, "proposal.text", "Khác", &sec, &choice,
	                                          &c, why, sizeof why), 0);
	assert_false(choice);
	assert_int_equal(summary_parse_correction(&fx_form, "reviewed", "yes", &sec, &choice, &c, why,
	                                          sizeof why), 0);
	assert_int_equal(sec, SIZE_MAX);
	assert_int_not_equal(summary_parse_correction(&fx_form, "proposal", "bogus", &sec, &choice,
	                                              &c, why, sizeof why), 0);
	assert_non_null(strstr(why, "other_form"));
	assert_int_not_equal(summary_parse_correction(&fx_form, "nosuch", "x", &sec, &choice, &c, why,
	                                              sizeof why), 0);
	assert_int_not_equal(summary_parse_correction(&fx_form, "comments.text", "x", &sec, &choice,
	                                              &c, why, sizeof why), 0);
}

/* Six agencies: three replied (one late, one both options), three did not. */
static struct summary_answer ans[3][3];
static struct summary_row rows[6];
static struct summary_review reviews[1];
static struct summary sum;

static void
build(void)
{
	memset(ans, 0, sizeof ans);
	memset(rows, 0, sizeof rows);
	memset(&sum, 0, sizeof sum);
	for (size_t i = 0; i < 6; i++)
		rows[i].agency = &fx_agencies[i];
	for (size_t i = 0; i < 3; i++) {
		rows[i].replied = true;
		rows[i].answers = ans[i];
		rows[i].received_at = (char *)"2024-01-20T02:00:00Z";
	}
	rows[1].late = true;
	ans[0][1].choices = 1;
	ans[1][1].choices = 2;
	ans[2][1].choices = 3;
	ans[0][0].text = (char *)"<b>Tốt</b>, \"rất\" tốt";
	ans[1][1].choices_corrected = true;
	rows[1].corrected_by = (char *)"lan";
	rows[1].corrected_at = (char *)"2024-02-01T01:00:00Z";
	memset(reviews, 0, sizeof reviews);
	reviews[0].sha256 = (char *)"0123456789abcdef";
	reviews[0].archive_path = (char *)"118/_unassigned/x.eml";
	reviews[0].reasons = (char *)"read by OCR; agency not identified; an unknown reason";
	sum.reviews = reviews;
	sum.n_reviews = 1;
	sum.cfg = &fx_config;
	sum.cp = &fx_campaigns[0];
	sum.rows = rows;
	sum.n_rows = 6;
	summary_count(&sum);
}

static void
test_totals_and_tally(void **state)
{
	size_t counts[2], none, base;
	(void)state;

	build();
	assert_int_equal(sum.t.asked, 6);
	assert_int_equal(sum.t.replied, 3);
	assert_int_equal(sum.t.late, 1);
	assert_int_equal(sum.t.on_time, 2);
	assert_int_equal(sum.t.missing, 3);
	assert_int_equal(sum.t.corrected, 1);
	base = summary_tally(&sum, 1, counts, &none);
	assert_int_equal(base, 3);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 2);
	assert_int_equal(none, 0);
	ans[2][1].choices = 0;
	base = summary_tally(&sum, 1, counts, &none);
	assert_int_equal(counts[0], 1);
	assert_int_equal(none, 1);
}

static void
test_formats(void **state)
{
	struct report_opts o = { .format = REPORT_HTML, .lang = REPORT_VI, .now = 1706720400 };
	struct yk_err err = { 0 };
	struct buf b;
	size_t n = 0;
	(void)state;

	build();
	buf_init(&b, 0);
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "Báo cáo tổng hợp ý kiến"));
	assert_non_null(strstr(b.data, "<svg"));
	assert_null(strstr(b.data, "<script"));
	assert_null(strstr(b.data, "<b>Tốt"));  /* agency text escaped */
	assert_non_null(strstr(b.data, "&lt;b&gt;Tốt&lt;/b&gt;, &quot;rất&quot; tốt"));
	assert_non_null(strstr(b.data, "66,7 %"));
	for (const char *p = b.data; (p = strstr(p, "<tr class=\"agency\"")); p++)
		n++;
	assert_int_equal(n, 6);
	assert_non_null(strstr(b.data, "đã hiệu chỉnh"));
	/* the review reasons in Vietnamese too, an unknown one as it is */
	assert_non_null(strstr(b.data, "<td>đọc bằng nhận dạng chữ (OCR), cần đối chiếu với ảnh; "
	                               "không xác định được cơ quan gửi; an unknown reason</td>"));

	buf_reset(&b);
	o.format = REPORT_CSV;
	o.lang = REPORT_EN;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_memory_equal(b.data, "\xEF\xBB\xBF", 3);
	n = 0;
	for (const char *p = b.data; (p = strstr(p, "\r\n")); p++)
		n++;
	assert_int_equal(n, 7); /* header + one record per agency */
	assert_non_null(strstr(b.data, "\"<b>Tốt</b>, \"\"rất\"\" tốt\""));
	assert_non_null(strstr(b.data, "Not replied"));

	buf_reset(&b);
	o.format = REPORT_MD;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "| Units asked | 6 |"));
	assert_non_null(strstr(b.data, "66.7%"));
	assert_non_null(strstr(b.data, "| read by OCR; agency not identified; an unknown reason |"));
	buf_reset(&b);
	o.lang = REPORT_VI;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "| đọc bằng nhận dạng chữ (OCR), cần đối chiếu với ảnh; "
	                               "không xác định được cơ quan gửi; an unknown reason |"));
	buf_free(&b);
}

/* Both options of section 2 ticked by one unit: the shares add up to more
 * than 100 %, and every report says that shares are of units. */
static void
test_shares_may_exceed_100(void **state)
{
	struct report_opts o = { .format = REPORT_HTML, .lang = REPORT_VI, .now = 1706720400 };
	struct yk_err err = { 0 };
	struct buf b;
	(void)state;

	build(); /* rows 0, 1, 2 chose a, b, a+b: 66.7 % + 66.7 % */
	buf_init(&b, 0);
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "Tỷ lệ tính trên số đơn vị đã trả lời (3). Một đơn vị có thể "
	                               "chọn nhiều phương án, nên tổng các tỷ lệ có thể lớn hơn "
	                               "100 %."));
	buf_reset(&b);
	o.lang = REPORT_EN;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "Shares of the units that replied (3). A unit may choose "
	                               "several options, so the shares may add up to more than "
	                               "100%."));
	buf_reset(&b);
	o.format = REPORT_MD;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "_Shares of the units that replied (3). A unit may choose "
	                               "several options, so the shares may add up to more than "
	                               "100%._"));
	buf_reset(&b);
	o.lang = REPORT_VI;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "nên tổng các tỷ lệ có thể lớn hơn 100 %._"));
	/* the note itself: a section of one option has no sum to exceed */
	{
		const struct yk_section one = { .id = "x", .n_options = 1 };
		buf_reset(&b);
		assert_int_equal(report_percent_note(report_words(REPORT_EN), &one, 4, &b), 0);
		assert_string_equal(b.data, "Shares of the units that replied (4).");
	}
	buf_free(&b);
}

/* A unit whose counted reply was identified by content, and one with a
 * reply held back until a person confirms it, are marked in every format
 * and the marks explained. */
static void
test_marks_of_replies_not_from_registered_address(void **state)
{
	struct report_opts o = { .format = REPORT_HTML, .lang = REPORT_VI, .now = 1706720400 };
	struct yk_err err = { 0 };
	struct buf b;
	(void)state;

	build();
	rows[0].awaiting = true;
	rows[2].unregistered = true;
	summary_count(&sum);
	assert_int_equal(sum.t.awaiting, 1);
	assert_int_equal(sum.t.unregistered, 1);
	buf_init(&b, 0);
	assert_int_equal(report_row_marks(report_words(REPORT_EN), &rows[0], &b), 0);
	assert_string_equal(b.data, "awaiting review");
	buf_reset(&b);
	assert_int_equal(report_row_marks(report_words(REPORT_VI), &rows[2], &b), 0);
	assert_string_equal(b.data, "nhận diện theo nội dung");
	buf_reset(&b);
	assert_int_equal(report_row_marks(report_words(REPORT_EN), &rows[1], &b), 0);
	assert_int_equal(b.len, 0);

	buf_reset(&b);
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "<em class=\"marks\">chờ xác nhận</em>"));
	assert_non_null(strstr(b.data, "<em class=\"marks\">nhận diện theo nội dung</em>"));
	assert_non_null(strstr(b.data, "Chờ xác nhận: đơn vị có văn bản trả lời khác"));
	assert_non_null(strstr(b.data, "Nhận diện theo nội dung: văn bản trả lời không gửi"));
	buf_reset(&b);
	o.format = REPORT_MD;
	o.lang = REPORT_EN;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "; awaiting review |"));
	assert_non_null(strstr(b.data, "; identified by content |"));
	assert_non_null(strstr(b.data, "_Awaiting review: the unit has another reply"));
	buf_reset(&b);
	o.format = REPORT_CSV;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, ",Note\r\n"));
	assert_non_null(strstr(b.data, ",awaiting review\r\n"));
	assert_non_null(strstr(b.data, ",identified by content\r\n"));
	buf_free(&b);
	/* without them, no note */
	build();
	buf_init(&b, 0);
	o.format = REPORT_HTML;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_null(strstr(b.data, "Awaiting review:"));
	assert_null(strstr(b.data, "class=\"marks\""));
	buf_free(&b);
}

/* A deadline written as a date shows as that day, not as 23:59. */
static void
test_deadline_as_a_date_in_reports(void **state)
{
	struct report_opts o = { .format = REPORT_MD, .lang = REPORT_VI, .now = 1706720400 };
	struct yk_campaign c;
	struct yk_err err = { 0 };
	struct buf b;
	bool day;
	(void)state;

	build();
	c = *sum.cp;
	assert_int_equal(isotime_parse_deadline("2024-01-31", &c.deadline, &day), 0);
	c.deadline_is_day = day;
	sum.cp = &c;
	buf_init(&b, 0);
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, " · Hạn gửi ý kiến: 31/01/2024 · "));
	buf_reset(&b);
	o.lang = REPORT_EN;
	o.format = REPORT_HTML;
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "Deadline: 2024-01-31 · "));
	buf_free(&b);
}

/* The labels of the columns of VIEW, "|"-separated. */
static char *
labels(const struct report_table *t, unsigned view)
{
	struct buf b;

	buf_init(&b, 0);
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].views & view)
			buf_printf(&b, "%s%s", b.len ? "|" : "", t->cols[c].label);
	assert_int_equal(buf_status(&b), 0);
	return buf_take(&b);
}

/* The first column of KIND for SECTION. */
static size_t
col_of(const struct report_table *t, enum report_col_kind kind, size_t section)
{
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].kind == kind && t->cols[c].section == section)
			return c;
	fail();
	return 0;
}

static void
test_table(void **state)
{
	struct yk_agency ag[6];
	struct report_table *t;
	struct report_status st;
	char *l;
	size_t c;
	(void)state;

	build();
	memcpy(ag, fx_agencies, sizeof ag);
	ag[1].group = (char *)"Sở";
	ag[2].group = (char *)"Huyện";
	ag[3].group = (char *)"Sở";
	for (size_t i = 0; i < 6; i++)
		rows[i].agency = &ag[i];
	rows[0].awaiting = true;
	summary_count(&sum);
	assert_int_equal(report_table_new(&sum, report_words(REPORT_EN), &t), 0);

	/* a sheet splits a choice section into its options and its text */
	l = labels(t, REPORT_SHEET);
	assert_string_equal(l, "Code|Unit|Group|Status|Replied at|"
	                       "Nhận xét về tính thiết thực và hiệu quả của Hội thi|"
	                       "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác|"
	                       "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác (text)|"
	                       "Ý kiến khác, đề xuất|Needs review|corrected|Note");
	free(l);
	l = labels(t, REPORT_GROUPED);
	assert_string_equal(l, "Unit|Status|Nhận xét về tính thiết thực và hiệu quả của Hội thi|"
	                       "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác|"
	                       "Ý kiến khác, đề xuất");
	free(l);

	/* groups in the order they first appear, no group last */
	assert_int_equal(t->n_groups, 3);
	assert_string_equal(t->groups[0], "Sở");
	assert_string_equal(t->groups[1], "Huyện");
	assert_null(t->groups[2]);
	assert_int_equal(t->rows[0].group, 2);
	assert_int_equal(t->rows[1].group, 0);
	assert_int_equal(t->rows[2].group, 1);
	assert_int_equal(t->rows[3].group, 0);

	/* the cells */
	assert_string_equal(report_table_text(t, 1, REPORT_COL_STATUS), "Late");
	assert_string_equal(report_table_text(t, 1, REPORT_COL_CORRECTED), "lan, 2024-02-01 08:00");
	assert_string_equal(report_table_text(t, 0, REPORT_COL_NOTE), "awaiting review");
	assert_string_equal(report_table_text(t, 4, REPORT_COL_REPLIED_AT), "");
	assert_string_equal(report_table_text(t, 0, REPORT_COL_GROUP), "");
	c = col_of(t, REPORT_COL_CHOICES, 1);
	assert_string_equal(t->rows[2].cells[c].text,
	                    "Đề nghị tiếp tục tổ chức Hội thi; Đề nghị hình thức tuyên truyền khác");
	c = col_of(t, REPORT_COL_ANSWER, 1);
	assert_true(t->rows[1].cells[c].corrected);
	assert_false(t->rows[0].cells[c].corrected);
	assert_string_equal(t->rows[1].cells[c].text, "Đề nghị hình thức tuyên truyền khác");
	/* an agency that replied without an answer shows a dash; one that
	 * did not reply, nothing */
	c = col_of(t, REPORT_COL_ANSWER, 2);
	assert_string_equal(t->rows[0].cells[c].text, "");
	assert_string_equal(report_table_answer(t, 0, c), "—");
	assert_string_equal(report_table_answer(t, 4, c), "");

	report_table_status(t, 0, &st);
	assert_string_equal(st.css, "on-time");
	assert_non_null(st.when);
	assert_null(st.review);
	assert_string_equal(st.marks, "awaiting review");
	report_table_status(t, 5, &st);
	assert_string_equal(st.css, "missing");
	assert_null(st.when);

	/* the awaiting note is for both views; no correction note without
	 * corrections in the summary */
	assert_int_equal(t->n_notes, 1);
	assert_int_equal(t->notes[0].views, REPORT_SHEET | REPORT_GROUPED);
	report_table_free(t);
}

static void
test_table_of_no_rows(void **state)
{
	struct report_table *t;
	(void)state;

	build();
	sum.n_rows = 0;
	summary_count(&sum);
	assert_int_equal(report_table_new(&sum, report_words(REPORT_VI), &t), 0);
	assert_int_equal(t->n_rows, 0);
	assert_int_equal(t->n_groups, 0);
	assert_int_equal(t->n_notes, 0);
	report_table_free(t);
}

/* A time in Vietnamese as a công văn writes it; English keeps ISO order. */
static void
test_time_style(void **state)
{
	char out[40];
	(void)state;

	/* 10:00 UTC is 17 giờ in Viet Nam */
	report_time(report_words(REPORT_VI), "2024-01-31T10:00:00Z", out);
	assert_string_equal(out, "17 giờ 00 ngày 31/01/2024");
	report_time(report_words(REPORT_EN), "2024-01-31T10:00:00Z", out);
	assert_string_equal(out, "2024-01-31 17:00");
	report_time_t(report_words(REPORT_VI), 1706720400, out); /* 2024-01-31T17:00:00Z */
	assert_string_equal(out, "00 giờ 00 ngày 01/02/2024");
}

/* Who corrected: the clerk's name from `clerks`, else the login. */
static void
test_who_by_clerk_name(void **state)
{
	struct yk_clerk clerks[] = { { .user = (char *)"lan", .name = (char *)"Nguyễn Thị Lan" } };
	struct yk_config cfg;
	struct report_table *t;
	(void)state;

	build();
	cfg = fx_config;
	cfg.clerks = clerks;
	cfg.n_clerks = 1;
	sum.cfg = &cfg;
	assert_string_equal(report_who(&sum, "lan"), "Nguyễn Thị Lan");
	assert_string_equal(report_who(&sum, "minh"), "minh");
	assert_string_equal(report_who(&sum, NULL), "");
	assert_int_equal(report_table_new(&sum, report_words(REPORT_VI), &t), 0);
	assert_string_equal(report_table_text(t, 1, REPORT_COL_CORRECTED),
	                    "Nguyễn Thị Lan, 08 giờ 00 ngày 01/02/2024");
	report_table_free(t);
	sum.cfg = &fx_config;
	assert_string_equal(report_who(&sum, "lan"), "lan");
}

/* A correction in the reader's words: the section's heading, the options'
 * wording, never their ids. */
static void
test_correction_in_words(void **state)
{
	const struct report_words *vi = report_words(REPORT_VI);
	struct summary_correction c = { .agency = &fx_agencies[0] };
	struct buf f, v;
	(void)state;

	build();
	buf_init(&f, 0);
	buf_init(&v, 0);
	c.field = (char *)"proposal";
	c.value = (char *)"other_form+continue_contest";
	assert_int_equal(report_correction(vi, &sum, &c, &f, &v), 0);
	assert_string_equal(f.data, "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác");
	assert_string_equal(v.data, "Đề nghị tiếp tục tổ chức Hội thi; Đề nghị hình thức tuyên truyền khác");
	buf_reset(&f);
	buf_reset(&v);
	c.value = (char *)"none";
	assert_int_equal(report_correction(vi, &sum, &c, &f, &v), 0);
	assert_string_equal(v.data, "Không chọn phương án nào");
	buf_reset(&f);
	buf_reset(&v);
	c.field = (char *)"proposal.text";
	c.value = (char *)"Qua Zalo";
	assert_int_equal(report_correction(vi, &sum, &c, &f, &v), 0);
	assert_string_equal(f.data,
	                    "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác (nội dung)");
	assert_string_equal(v.data, "Qua Zalo");
	buf_reset(&f);
	buf_reset(&v);
	c.field = (char *)"reviewed";
	c.value = (char *)"yes";
	assert_int_equal(report_correction(report_words(REPORT_EN), &sum, &c, &f, &v), 0);
	assert_string_equal(f.data, "Reviewed");
	assert_string_equal(v.data, "Yes");
	/* an option the form no longer has: shown as recorded */
	buf_reset(&f);
	buf_reset(&v);
	c.field = (char *)"proposal";
	c.value = (char *)"gone_option";
	assert_int_equal(report_correction(vi, &sum, &c, &f, &v), 0);
	assert_string_equal(f.data, "proposal");
	assert_string_equal(v.data, "gone_option");
	buf_free(&f);
	buf_free(&v);
}

/* Senders, archive paths and hashes: in no format without --audit, in
 * every text format with it. */
static void
test_audit_only(void **state)
{
	const enum report_format fmts[] = { REPORT_HTML, REPORT_MD, REPORT_CSV };
	struct report_opts o = { .lang = REPORT_VI, .now = 1706720400 };
	struct yk_err err = { 0 };
	struct buf b;
	(void)state;

	build();
	rows[0].from = (char *)"snv@soctrang.example";
	rows[0].archive_path = (char *)"118/SNV/20240120T020000-feedc0ffee12.eml";
	rows[0].sha256 = (char *)"feedc0ffee12feedc0ffee12feedc0ffee12feedc0ffee12feedc0ffee12abcd";
	reviews[0].from = (char *)"ai.do@mail.example";
	reviews[0].subject = (char *)"Re: 118/UBND-TH";
	buf_init(&b, 0);
	for (size_t i = 0; i < 3; i++) {
		o.format = fmts[i];
		o.audit = false;
		buf_reset(&b);
		assert_int_equal(report_text(&sum, &o, &b, &err), 0);
		assert_null(strstr(b.data, "@soctrang"));
		assert_null(strstr(b.data, "ai.do@"));
		assert_null(strstr(b.data, "feedc0ffee12"));
		assert_null(strstr(b.data, "0123456789ab"));
		assert_null(strstr(b.data, ".eml"));
		assert_null(strstr(b.data, "Mã băm"));
		o.audit = true;
		buf_reset(&b);
		assert_int_equal(report_text(&sum, &o, &b, &err), 0);
		assert_non_null(strstr(b.data, "snv@soctrang.example"));
		assert_non_null(strstr(b.data, "118/SNV/20240120T020000-feedc0ffee12.eml"));
		assert_non_null(strstr(b.data, rows[0].sha256));
		if (fmts[i] != REPORT_CSV) { /* the CSV is the table of opinions alone */
			assert_non_null(strstr(b.data, "ai.do@mail.example"));
			assert_non_null(strstr(b.data, "0123456789abcdef"));
			assert_non_null(strstr(b.data, "unassigned/x.eml")); /* md escapes the _ */
		}
	}
	/* without --audit, the review list still says what and when */
	o.format = REPORT_MD;
	o.audit = false;
	buf_reset(&b);
	assert_int_equal(report_text(&sum, &o, &b, &err), 0);
	assert_non_null(strstr(b.data, "| Đơn vị | Tiêu đề thư | Thời điểm nhận | Lý do |\n"));
	assert_non_null(strstr(b.data, "| Chưa xác định đơn vị | Re: 118/UBND-TH |"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentages),
		cmocka_unit_test(test_words_complete),
		cmocka_unit_test(test_late),
		cmocka_unit_test(test_parse_correction),
		cmocka_unit_test(test_totals_and_tally),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_shares_may_exceed_100),
		cmocka_unit_test(test_marks_of_replies_not_from_registered_address),
		cmocka_unit_test(test_deadline_as_a_date_in_reports),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_of_no_rows),
		cmocka_unit_test(test_time_style),
		cmocka_unit_test(test_who_by_clerk_name),
		cmocka_unit_test(test_correction_in_words),
		cmocka_unit_test(test_audit_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
