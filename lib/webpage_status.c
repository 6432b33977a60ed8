/*
 * webpage_status — a campaign on the web desk: its status table (the rows
 * of `ykien status`, lib/summary.h) with the chart of each choice section
 * (lib/report_chart.h, as the HTML report draws it), its reminders sent
 * and planned (read-only: lib/remind.h plans, nothing is recorded or
 * sent), and its reports to download (lib/report.h, as `ykien report`).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"
#include "remind.h"
#include "report_chart.h"
#include "report_docx.h"
#include "summary.h"
#include "webpage_p.h"

/* A row's state as the page's data-state says it (the tests read it). */
static const char *
row_state(const struct summary_row *r)
{
	if (!r->replied)
		return "missing";
	if (r->needs_review)
		return "review";
	return r->late ? "late" : "on_time";
}

static const char *
state_words(const struct webtext *t, const char *state)
{
	if (!strcmp(state, "missing"))
		return t->missing;
	if (!strcmp(state, "review"))
		return t->review;
	return !strcmp(state, "late") ? t->late : t->on_time;
}

static void
campaign_meta(const struct web_req *rq, struct buf *b, const struct yk_campaign *cp)
{
	const struct webtext *t = webtext(rq->lang);
	char deadline[REPORT_DEADLINE_LEN];

	report_deadline(webpage_words(rq), cp, deadline);
	webpage_tag(b, "<p class=\"meta\">", t->reference, " ");
	webpage_tag(b, "<strong>", cp->reference, "</strong> · ");
	webpage_tag(b, "", t->deadline, ": ");
	webpage_tag(b, "<strong>", deadline, "</strong></p>\n");
}

static void
counts(const struct webtext *t, struct buf *b, const struct summary *s)
{
	webpage_tag(b, "<table id=\"counts\" class=\"counts\">\n<tr><th class=\"n\">", t->asked,
	            "</th>");
	webpage_tag(b, "<th class=\"n\">", t->replied, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->on_time, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->late, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->missing, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->review, "</th></tr>\n");
	buf_printf(b, "<tr><td class=\"n\" id=\"count-asked\">%zu</td>"
	           "<td class=\"n\" id=\"count-replied\">%zu</td>"
	           "<td class=\"n\" id=\"count-on-time\">%zu</td>"
	           "<td class=\"n\" id=\"count-late\">%zu</td>"
	           "<td class=\"n\" id=\"count-missing\">%zu</td>"
	           "<td class=\"n\" id=\"count-review\">%zu</td></tr>\n</table>\n",
	           s->t.asked, s->t.replied, s->t.on_time, s->t.late, s->t.missing, s->n_reviews);
}

int
webpage_status(const struct web_req *rq, const struct yk_campaign *cp, struct web_resp *rs,
               struct yk_err *err)
{
	static const char *const fmts[] = { "html", "xlsx", "csv", "md", "docx" };
	const struct webtext *t = webtext(rq->lang);
	const struct report_words *w = webpage_words(rq);
	const struct yk_form *f = cp->form;
	struct buf *b = &rs->body;
	struct summary *s;
	int rc;

	if ((rc = summary_load(rq->cfg, cp, rq->st, &s, err)))
		return rc;
	webpage_head(rq, b, cp->title ? cp->title : cp->id);
	campaign_meta(rq, b, cp);
	counts(t, b, s);
	webpage_tag(b, "<h2>", t->reports, "</h2>\n<ul class=\"reports\">\n");
	for (size_t i = 0; i < 5; i++) {
		buf_adds(b, "<li><a class=\"report\" href=\"/c/");
		webpage_pct(b, cp->id);
		buf_printf(b, "/report.%s\">%s</a></li>\n", fmts[i], fmts[i]);
	}
	buf_adds(b, "</ul>\n<p><a id=\"reminders\" href=\"/c/");
	webpage_pct(b, cp->id);
	webpage_tag(b, "/reminders\">", t->reminders_link, "</a></p>\n");

	webpage_tag(b, "<h2>", t->status_title, "</h2>\n<table id=\"status\">\n<tr>");
	webpage_tag(b, "<th>", t->code, "</th>");
	webpage_tag(b, "<th>", t->unit, "</th>");
	webpage_tag(b, "<th>", t->state, "</th>");
	webpage_tag(b, "<th>", t->replied_at, "</th>");
	for (size_t k = 0; f && k < f->n_sections; k++)
		if (f->sections[k].n_options)
			webpage_tag(b, "<th>", f->sections[k].heading, "</th>");
	webpage_tag(b, "<th class=\"n\">", t->reminders_sent, "</th></tr>\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		const char *state = row_state(r);
		char when[40] = "";

		webpage_tag(b, "<tr class=\"agency\" data-agency=\"", r->agency->code, "\"");
		buf_printf(b, " data-state=\"%s\">", state);
		webpage_tag(b, "<td class=\"code\">", r->agency->code, "</td>");
		webpage_tag(b, "<td class=\"unit\">", r->agency->name, "");
		if (r->bouncing)
			webpage_tag(b, " <span class=\"bouncing\">", t->bouncing, "</span>");
		buf_adds(b, "</td>");
		webpage_tag(b, "<td class=\"state\">", state_words(t, state), "");
		if (r->replied && r->late && r->needs_review)
			webpage_tag(b, " (", t->late, ")");
		{
			/* awaiting review, identified by content: as the reports mark them */
			struct buf marks;
			buf_init(&marks, 0);
			if (!report_row_marks(w, r, &marks) && marks.len)
				webpage_tag(b, "<br><em class=\"marks\">", marks.data, "</em>");
			buf_free(&marks);
		}
		buf_adds(b, "</td><td class=\"when\">");
		if (r->replied && r->received_at) {
			report_time(w, r->received_at, when);
			if (r->sha256 && webpage_is_hex(r->sha256, 64, 64)) {
				webpage_tag(b, "<a href=\"/m/", r->sha256, "\">");
				webpage_tag(b, "", when, "</a>");
			} else {
				webpage_tag(b, "", when, "");
			}
		}
		buf_adds(b, "</td>");
		for (size_t k = 0; f && k < f->n_sections; k++) {
			const struct yk_section *sec = &f->sections[k];
			if (!sec->n_options)
				continue;
			buf_adds(b, "<td class=\"answer\">");
			if (r->replied && r->answers) {
				struct buf words;
				buf_init(&words, 0);
				report_choice_words(sec, r->answers[k].choices, "—", &words);
				webpage_tag(b, "", words.data ? words.data : "", "");
				buf_free(&words);
				if (r->answers[k].choices_corrected)
					webpage_tag(b, " <span class=\"corr\">(*) ", w->corrected, "</span>");
			}
			buf_adds(b, "</td>");
		}
		buf_printf(b, "<td class=\"reminders\">%u</td></tr>\n", r->reminders_sent);
	}
	buf_adds(b, "</table>\n");

	for (size_t k = 0; f && k < f->n_sections; k++) {
		const struct yk_section *sec = &f->sections[k];
		struct report_tally tl;

		if (!sec->n_options)
			continue;
		if (k == 0 || !f->sections[k - 1].n_options)
			webpage_tag(b, "<h2>", t->tally, "</h2>\n");
		report_tally(s, w, k, &tl);
		webpage_tag(b, "<h3>", sec->heading, "</h3>\n");
		report_chart_svg(b, w, sec, &tl);
	}
	webpage_foot(b);
	summary_free(s);
	return buf_status(b) ? yk_err_set(err, buf_status(b), "the page is too large") : 0;
}

/* ---- the reminders ---------------------------------------------------- */

struct rm_ctx {
	const struct web_req *rq;
	const struct webtext *t;
	const struct report_words *w;
	struct buf *b;
	size_t n;
};

static const char *
rm_words(const struct webtext *t, const char *state)
{
	const char *const map[][2] = {
		{ "sent", t->rm_sent }, { "planned", t->rm_planned }, { "pending", t->rm_pending },
		{ "retry", t->rm_retry }, { "failed", t->rm_failed }, { "cancelled", t->rm_cancelled },
		{ "passed", t->rm_passed }, { "due", t->rm_due },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i][0], state))
			return map[i][1];
	return state;
}

static void
rm_row(struct rm_ctx *c, const char *state, const char *agency, const char *slot,
       const char *when, const char *detail)
{
	const struct yk_agency *a = config_agency(c->rq->cfg, agency);
	struct buf *b = c->b;

	webpage_tag(b, "<tr class=\"reminder\" data-state=\"", state, "\" data-agency=\"");
	webpage_tag(b, "", agency, "\">");
	webpage_tag(b, "<td>", agency, "</td>");
	webpage_tag(b, "<td>", a ? a->name : agency, "</td>");
	webpage_tag(b, "<td>", slot, "</td>");
	webpage_tag(b, "<td>", when, "</td>");
	webpage_tag(b, "<td class=\"state\">", rm_words(c->t, state), "</td>");
	webpage_tag(b, "<td>", detail ? detail : "", "</td></tr>\n");
	c->n++;
}

static int
on_reminder(void *ctx, const struct store_reminder *r)
{
	struct rm_ctx *c = ctx;
	char when[40];

	if (r->sent_at)
		report_time(c->w, r->sent_at, when);
	else
		report_time_t(c->w, (time_t)r->due_at, when);
	rm_row(c, r->state, r->agency, r->slot, when, r->error);
	return buf_status(c->b);
}

static int
on_planned(void *ctx, const struct plan_entry *e)
{
	struct rm_ctx *c = ctx;
	const char *state;
	char when[40];

	switch (e->what) {
	case PLAN_LATER: state = "planned"; break;
	case PLAN_SEND: state = "due"; break;
	case PLAN_UNMAILABLE: state = "failed"; break;
	case PLAN_PASSED: state = "passed"; break;
	default: return 0;   /* a record already listed as sent or pending */
	}
	report_time_t(c->w, e->at, when);
	rm_row(c, state, e->agency->code, e->slot_id, when, e->reason);
	return buf_status(c->b);
}

int
webpage_reminders(const struct web_req *rq, const struct yk_campaign *cp, struct web_resp *rs,
                  struct yk_err *err)
{
	const struct webtext *t = webtext(rq->lang);
	struct rm_ctx c = { .rq = rq, .t = t, .w = webpage_words(rq), .b = &rs->body };
	struct buf *b = &rs->body;
	int rc;

	webpage_head(rq, b, t->reminders_title);
	webpage_tag(b, "<p class=\"meta\"><a href=\"/c/", "", "");
	webpage_pct(b, cp->id);
	webpage_tag(b, "\">", cp->title ? cp->title : cp->id, "</a></p>\n");
	campaign_meta(rq, b, cp);
	webpage_tag(b, "<p class=\"note\">", t->reminders_note, "</p>\n");
	webpage_tag(b, "<table id=\"reminders\">\n<tr><th>", t->code, "</th>");
	webpage_tag(b, "<th>", t->unit, "</th>");
	webpage_tag(b, "<th>", t->slot, "</th>");
	webpage_tag(b, "<th>", t->at, "</th>");
	webpage_tag(b, "<th>", t->state, "</th>");
	webpage_tag(b, "<th>", t->detail, "</th></tr>\n");
	rc = store_reminder_each(rq->st, cp->id, on_reminder, &c, err);
	if (!rc)
		rc = remind_each_planned(rq->cfg, rq->st, rq->now, cp, on_planned, &c, err);
	if (rc == YK_ENOMEM || rc == YK_ELIMIT)
		rc = yk_err_set(err, rc, "the page is too large");
	if (rc)
		return rc;
	buf_adds(b, "</table>\n");
	if (!c.n)
		webpage_tag(b, "<p>", t->no_reminders, "</p>\n");
	webpage_foot(b);
	return buf_status(b) ? yk_err_set(err, buf_status(b), "the page is too large") : 0;
}

/* ---- the reports ------------------------------------------------------ */

/* The workbook through a private temporary file (report_xlsx_write()
 * writes to a path), read back into B and removed. */
static int
xlsx(const struct summary *s, const struct report_opts *o, struct buf *b, struct yk_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc;

	if (!dir || !*dir || dir[0] != '/')
		dir = "/tmp";
	if (snprintf(path, sizeof path, "%s/ykien-web-XXXXXX", dir) >= (int)sizeof path)
		return yk_err_set(err, YK_ELIMIT, "TMPDIR is too long");
	if ((fd = mkstemp(path)) < 0)
		return yk_err_set(err, YK_EIO, "%s: %s", path, strerror(errno));
	close(fd);
	rc = report_xlsx_write(s, o, path, err);
	if (!rc)
		rc = buf_read_file(b, path, err);
	unlink(path);
	return rc;
}

int
webpage_report(const struct web_req *rq, const struct yk_campaign *cp, const char *fmt,
               struct web_resp *rs, struct yk_err *err)
{
	struct report_opts o = { .lang = rq->lang == WEB_EN ? REPORT_EN : REPORT_VI,
		                 .now = rq->now };
	struct summary *s;
	char name[300];
	int rc;

	if (report_format_parse(fmt, &o.format))
		return webpage_not_found(rq, rs);
	if ((rc = summary_load(rq->cfg, cp, rq->st, &s, err)))
		return rc;
	switch (o.format) {
	case REPORT_XLSX:
		rs->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		rc = xlsx(s, &o, &rs->body, err);
		break;
	case REPORT_DOCX: {
		char *data = NULL;
		size_t len = 0;

		/* the báo cáo is a Vietnamese official paper whatever the page's language */
		rs->content_type =
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		if (!(rc = report_docx(s, &data, &len, err)) && buf_add(&rs->body, data, len))
			rc = yk_err_set(err, YK_ENOMEM, "out of memory");
		free(data);
		break;
	}
	default:
		rs->content_type = o.format == REPORT_HTML  ? "text/html; charset=utf-8"
		                   : o.format == REPORT_CSV ? "text/csv; charset=utf-8"
		                                            : "text/markdown; charset=utf-8";
		rc = report_text(s, &o, &rs->body, err);
	}
	summary_free(s);
	if (rc)
		return rc;
	snprintf(name, sizeof name, "%s-%s.%s", o.lang == REPORT_EN && o.format != REPORT_DOCX
	                                                ? "report" : "bao-cao", cp->id, fmt);
	if (!(rs->disposition = web_disposition(name)))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	rs->status = 200;
	return 0;
}
