/*
 * report_html — the report as one self-contained HTML page: inline CSS, the
 * charts as inline SVG, no script and nothing fetched (a Content Security
 * Policy says so to the browser), so it opens the same offline, in a mail
 * client, or printed.  Every string from an agency or the configuration
 * goes through esc_html().  Each writer appends all it has and the caller
 * checks buf_status() once.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "report_chart.h"
#include "report_table.h"

static const char CSS[] =
	"body{font-family:'Times New Roman',Times,serif;font-size:14pt;margin:2em auto;"
	"max-width:1100px;color:#000}"
	"h1{text-align:center;font-size:18pt;text-transform:uppercase}"
	"h2{font-size:15pt;margin-top:1.5em}h3{font-size:14pt;font-style:italic}"
	"table{border-collapse:collapse;width:100%;margin:.5em 0}"
	"th,td{border:1px solid #444;padding:4px 6px;vertical-align:top;text-align:left}"
	"th{background:#eee}td.n{text-align:right;white-space:nowrap}"
	".meta{text-align:center}.late{color:#a00}.missing{color:#a00;font-style:italic}"
	".corr{font-size:10pt;color:#05a}.note{font-size:11pt;font-style:italic}"
	"svg text{font-family:Arial,Helvetica,sans-serif;font-size:13px}"
	"@media print{body{margin:0}}";

/* OPEN, S escaped, CLOSE. */
static void
tag(struct buf *b, const char *open, const char *s, const char *close)
{
	buf_adds(b, open);
	esc_html(b, s);
	buf_adds(b, close);
}

/* A row of N cells of TAG ("th" or "td"): <tr...><td>a</td><td>b</td></tr> */
static void
row(struct buf *b, const char *tr, const char *cell, const char *const *s, size_t n)
{
	buf_adds(b, tr);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "<%s>", cell);
		esc_html(b, s[i]);
		buf_printf(b, "</%s>", cell);
	}
	buf_adds(b, "</tr>\n");
}

/* A labelled count with its own row. */
static void
count_row(struct buf *b, const char *label, const char *cls, size_t n)
{
	tag(b, "<tr><th scope=\"row\">", label, "");
	buf_printf(b, "</th><td class=\"n\" id=\"count-%s\">%zu</td></tr>\n", cls, n);
}

static void
overview(struct buf *b, const struct summary *s, const struct report_words *w)
{
	bool any = false;

	tag(b, "<h2>", w->sec_overview, "</h2>\n<table class=\"counts\">\n");
	count_row(b, w->asked, "asked", s->t.asked);
	count_row(b, w->replied, "replied", s->t.replied);
	count_row(b, w->on_time, "on-time", s->t.on_time);
	count_row(b, w->late, "late", s->t.late);
	count_row(b, w->missing, "missing", s->t.missing);
	if (s->t.unassigned)
		count_row(b, w->unassigned, "unassigned", s->t.unassigned);
	tag(b, "</table>\n<p>", w->missing_list, ":</p>\n<ul class=\"missing\">\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		if (s->rows[i].replied)
			continue;
		tag(b, "<li>", s->rows[i].agency->name, "</li>\n");
		any = true;
	}
	if (!any)
		tag(b, "<li>", w->none_missing, "</li>\n");
	buf_adds(b, "</ul>\n");
}

/* 0, or the first failure of writing a percentage note into NOTE (the
 * next section's reset would forget it). */
static int
tally(struct buf *b, const struct summary *s, const struct report_words *w, struct buf *note)
{
	const struct yk_form *f = s->cp->form;
	const char *const head[] = { w->option, w->count, w->percent };
	int rc = 0, st;

	tag(b, "<h2>", w->sec_tally, "</h2>\n");
	for (size_t i = 0; i < f->n_sections; i++) {
		const struct yk_section *sec = &f->sections[i];
		struct report_tally t;

		if (!sec->n_options)
			continue;
		report_tally(s, w, i, &t);
		tag(b, "<h3>", sec->heading, "</h3>\n<table class=\"tally\" id=\"tally-");
		tag(b, "", sec->id, "\">\n");
		row(b, "<tr>", "th", head, 3);
		for (size_t k = 0; k < t.n; k++) {
			tag(b, "<tr class=\"option\" data-option=\"", t.id[k], "\"><td>");
			esc_html(b, t.label[k]);
			buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">", t.count[k]);
			summary_fmt_percent(b, summary_permille(t.count[k], t.base), w->decimal);
			buf_adds(b, "</td></tr>\n");
		}
		buf_reset(note);
		if ((st = report_percent_note(w, sec, t.base, note)) && !rc)
			rc = st;
		tag(b, "</table>\n<p class=\"note\">", note->data, "</p>\n");
		report_chart_svg(b, w, sec, &t);
	}
	return rc;
}

/* One agency's row of the grouped view of the table of opinions. */
static void
opinion_row(struct buf *b, const struct report_table *t, size_t i)
{
	const struct report_cell *cells = t->rows[i].cells;
	struct report_status st;

	report_table_status(t, i, &st);
	tag(b, "<tr class=\"agency\" data-agency=\"", t->rows[i].r->agency->code, "\">");
	for (size_t c = 0; c < t->n_cols; c++) {
		if (!(t->cols[c].views & REPORT_GROUPED))
			continue;
		switch (t->cols[c].kind) {
		case REPORT_COL_STATUS:
			buf_printf(b, "<td class=\"%s\">", st.css);
			esc_html(b, st.label);
			if (st.when)
				tag(b, "<br>", st.when, "");
			if (st.review)
				tag(b, "<br><em>", st.review, "</em>");
			if (*st.marks)
				tag(b, "<br><em class=\"marks\">", st.marks, "</em>");
			buf_adds(b, "</td>");
			break;
		case REPORT_COL_ANSWER:
			tag(b, "<td>", report_table_answer(t, i, c), "");
			if (cells[c].corrected)
				tag(b, " <span class=\"corr\">(*) ", t->w->corrected, "</span>");
			buf_adds(b, "</td>");
			break;
		default:
			tag(b, "<td>", cells[c].text, "</td>");
		}
	}
	buf_adds(b, "</tr>\n");
}

static void
opinion_group(struct buf *b, const struct report_table *t, const char *name)
{
	tag(b, "<h3>", name, "</h3>\n<table class=\"opinions\">\n<tr>");
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].views & REPORT_GROUPED)
			tag(b, "<th>", t->cols[c].label, "</th>");
	buf_adds(b, "</tr>\n");
}

static void
note(struct buf *b, const char *text)
{
	tag(b, "<p class=\"note\">", text, "</p>\n");
}

static const struct report_grouped_fmt opinions = {
	.group = opinion_group, .row = opinion_row, .group_end = "</table>\n", .note = note,
};

/* 0, or the failure of translating the reasons. */
static int
review(struct buf *b, const struct summary *s, const struct report_words *w, bool audit)
{
	const char *head[REPORT_REVIEW_COLS], *cells[REPORT_REVIEW_COLS];
	size_t n = report_review_head(w, audit, head);
	struct buf tmp; /* the reasons in W's language */
	char when[40];
	int rc = 0;

	tag(b, "<h2>", w->sec_review, "</h2>\n");
	if (!s->n_reviews) {
		tag(b, "<p>", w->nothing, "</p>\n");
		return 0;
	}
	buf_adds(b, "<table class=\"review\">\n");
	row(b, "<tr>", "th", head, n);
	buf_init(&tmp, 0);
	for (size_t i = 0; i < s->n_reviews && !rc; i++)
		if (!(rc = report_review_row(w, s, &s->reviews[i], audit, &tmp, when, cells)))
			row(b, "<tr class=\"review-item\">", "td", cells, n);
	buf_free(&tmp);
	buf_adds(b, "</table>\n");
	return rc;
}

/* 0, or the failure of writing a correction's field or value. */
static int
corrections(struct buf *b, const struct summary *s, const struct report_words *w)
{
	const char *const head[] = { w->unit, w->field, w->value, w->who, w->at };
	struct buf field, value;
	int rc = 0;

	if (!s->n_corrections)
		return 0;
	tag(b, "<h2>", w->sec_corrections, "</h2>\n<table class=\"corrections\">\n");
	row(b, "<tr>", "th", head, 5);
	buf_init(&field, 0);
	buf_init(&value, 0);
	for (size_t i = 0; i < s->n_corrections && !rc; i++) {
		const struct summary_correction *c = &s->corrections[i];
		char when[40];
		buf_reset(&field);
		buf_reset(&value);
		report_time(w, c->at, when);
		if (!(rc = report_correction(w, s, c, &field, &value)))
			row(b, "<tr class=\"correction\">", "td",
			    (const char *const[]){ c->agency->name, field.data, value.data,
			                           report_who(s, c->who), when }, 5);
	}
	buf_free(&field);
	buf_free(&value);
	buf_adds(b, "</table>\n");
	return rc;
}

int
report_html(const struct summary *s, const struct report_opts *o, struct buf *b)
{
	const struct report_words *w = report_words(o->lang);
	const struct yk_campaign *cp = s->cp;
	char deadline[REPORT_DEADLINE_LEN], now[40];
	struct report_table *t;
	struct buf tmp; /* the percentage note of a section */
	int rc;

	if ((rc = report_table_new_audit(s, w, o->audit, &t)))
		return rc;
	report_deadline(w, cp, deadline);
	report_time_t(w, o->now, now);
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	           o->lang == REPORT_EN ? "en" : "vi");
	buf_adds(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	            "style-src 'unsafe-inline'; img-src data:\">\n"
	            "<meta name=\"generator\" content=\"ykien\">\n<title>");
	tag(b, "", w->title, " — ");
	esc_html(b, cp->reference);
	buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", CSS);
	tag(b, "", w->title, "</h1>\n<p class=\"meta\"><strong>");
	tag(b, "", cp->title ? cp->title : cp->id, "</strong><br>");
	tag(b, "", w->reference, " ");
	tag(b, "", cp->reference, " · ");
	tag(b, "", w->deadline, ": ");
	tag(b, "", deadline, " · ");
	tag(b, "", w->generated, ": ");
	tag(b, "", now, "</p>\n");
	overview(b, s, w);
	buf_init(&tmp, 0);
	rc = tally(b, s, w, &tmp);
	buf_free(&tmp);
	tag(b, "<h2>", w->sec_opinions, "</h2>\n");
	report_table_grouped(t, &opinions, b);
	rc = rc ? rc : review(b, s, w, o->audit);
	rc = rc ? rc : corrections(b, s, w);
	buf_adds(b, "</body>\n</html>\n");
	report_table_free(t);
	return rc ? rc : buf_status(b);
}
