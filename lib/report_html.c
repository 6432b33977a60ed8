/*
 * report_html — the report as one self-contained HTML page: inline CSS, the
 * charts as inline SVG, no script and nothing fetched (a Content Security
 * Policy says so to the browser), so it opens the same offline, in a mail
 * client, or printed.  Every string from an agency or the configuration
 * goes through esc_html().
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

#define CHART_WIDTH 720      /* px: the whole chart */
#define CHART_BAR_MAX 440    /* px: the bar of 100 % */
#define CHART_ROW 46         /* px: one option (label above, bar below) */

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

static int
h(struct buf *b, const char *s)
{
	return esc_html(b, s);
}

/* A labelled count with its own row. */
static int
count_row(struct buf *b, const char *label, const char *cls, size_t n)
{
	int rc = buf_adds(b, "<tr><th scope=\"row\">");
	rc |= h(b, label);
	rc |= buf_printf(b, "</th><td class=\"n\" id=\"count-%s\">%zu</td></tr>\n", cls, n);
	return rc;
}

static int
overview(struct buf *b, const struct summary *s, const struct report_words *w)
{
	bool any = false;
	int rc = buf_adds(b, "<h2>");

	rc |= h(b, w->sec_overview);
	rc |= buf_adds(b, "</h2>\n<table class=\"counts\">\n");
	rc |= count_row(b, w->asked, "asked", s->t.asked);
	rc |= count_row(b, w->replied, "replied", s->t.replied);
	rc |= count_row(b, w->on_time, "on-time", s->t.on_time);
	rc |= count_row(b, w->late, "late", s->t.late);
	rc |= count_row(b, w->missing, "missing", s->t.missing);
	if (s->t.unassigned)
		rc |= count_row(b, w->unassigned, "unassigned", s->t.unassigned);
	rc |= buf_adds(b, "</table>\n<p>");
	rc |= h(b, w->missing_list);
	rc |= buf_adds(b, ":</p>\n<ul class=\"missing\">\n");
	for (size_t i = 0; i < s->n_rows; i++) {
		if (s->rows[i].replied)
			continue;
		rc |= buf_adds(b, "<li>");
		rc |= h(b, s->rows[i].agency->name);
		rc |= buf_adds(b, "</li>\n");
		any = true;
	}
	if (!any) {
		rc |= buf_adds(b, "<li>");
		rc |= h(b, w->none_missing);
		rc |= buf_adds(b, "</li>\n");
	}
	return rc | buf_adds(b, "</ul>\n");
}

static int
bar(struct buf *b, const struct report_words *w, int y, const char *label, size_t n, size_t base)
{
	unsigned pm = summary_permille(n, base);
	unsigned width = pm * CHART_BAR_MAX / 1000;
	int rc = buf_printf(b, "<text x=\"0\" y=\"%d\">", y + 14);

	rc |= h(b, label);
	rc |= buf_printf(b, "</text>\n<rect class=\"bar\" x=\"0\" y=\"%d\" width=\"%u\" height=\"20\" "
	                 "fill=\"#1f5fa8\"/>\n<text x=\"%u\" y=\"%d\">%zu (", y + 20,
	                 width ? width : 1, width + 8, y + 35, n);
	rc |= summary_fmt_percent(b, pm, w->decimal);
	return rc | buf_adds(b, ")</text>\n");
}

static int
tally(struct buf *b, const struct summary *s, const struct report_words *w, struct buf *note)
{
	const struct yk_form *f = s->cp->form;
	int rc = buf_adds(b, "<h2>");

	rc |= h(b, w->sec_tally);
	rc |= buf_adds(b, "</h2>\n");
	for (size_t i = 0; i < f->n_sections; i++) {
		const struct yk_section *sec = &f->sections[i];
		size_t counts[CONFIG_MAX_OPTIONS], none, base;
		int height, y = 0;

		if (!sec->n_options)
			continue;
		base = summary_tally(s, i, counts, &none);
		rc |= buf_adds(b, "<h3>");
		rc |= h(b, sec->heading);
		rc |= buf_printf(b, "</h3>\n<table class=\"tally\" id=\"tally-");
		rc |= h(b, sec->id);
		rc |= buf_adds(b, "\">\n<tr><th>");
		rc |= h(b, w->option);
		rc |= buf_adds(b, "</th><th>");
		rc |= h(b, w->count);
		rc |= buf_adds(b, "</th><th>");
		rc |= h(b, w->percent);
		rc |= buf_adds(b, "</th></tr>\n");
		for (size_t k = 0; k <= sec->n_options; k++) {
			size_t n = k < sec->n_options ? counts[k] : none;
			if (k == sec->n_options && !none)
				break;
			rc |= buf_adds(b, "<tr class=\"option\" data-option=\"");
			rc |= h(b, k < sec->n_options ? sec->options[k].id : "none");
			rc |= buf_adds(b, "\"><td>");
			rc |= h(b, k < sec->n_options ? sec->options[k].text : w->no_choice);
			rc |= buf_printf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">", n);
			rc |= summary_fmt_percent(b, summary_permille(n, base), w->decimal);
			rc |= buf_adds(b, "</td></tr>\n");
		}
		rc |= buf_adds(b, "</table>\n<p class=\"note\">");
		buf_reset(note);
		rc |= report_percent_note(w, sec, base, note);
		rc |= h(b, note->data);
		rc |= buf_adds(b, "</p>\n");
		height = (int)(sec->n_options + (none ? 1 : 0)) * CHART_ROW + 8;
		rc |= buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
		                 "role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		                 "aria-label=\"", CHART_WIDTH, height, CHART_WIDTH, height);
		rc |= h(b, w->chart);
		rc |= buf_adds(b, ": ");
		rc |= h(b, sec->heading);
		rc |= buf_adds(b, "\">\n<title>");
		rc |= h(b, sec->heading);
		rc |= buf_adds(b, "</title>\n");
		for (size_t k = 0; k < sec->n_options; k++, y += CHART_ROW)
			rc |= bar(b, w, y, sec->options[k].text, counts[k], base);
		if (none)
			rc |= bar(b, w, y, w->no_choice, none, base);
		rc |= buf_adds(b, "</svg>\n");
	}
	return rc;
}

static int
opinions(struct buf *b, const struct summary *s, const struct report_words *w)
{
	const struct yk_form *f = s->cp->form;
	const char **groups = calloc(s->n_rows + 1, sizeof *groups);
	size_t n_groups;
	struct buf cell;
	int rc = 0;

	if (!groups)
		return YK_ENOMEM;
	buf_init(&cell, 0);
	n_groups = report_groups(s, groups);
	rc |= buf_adds(b, "<h2>");
	rc |= h(b, w->sec_opinions);
	rc |= buf_adds(b, "</h2>\n");
	for (size_t g = 0; g < n_groups; g++) {
		rc |= buf_adds(b, "<h3>");
		rc |= h(b, groups[g] ? groups[g] : w->no_group);
		rc |= buf_adds(b, "</h3>\n<table class=\"opinions\">\n<tr><th>");
		rc |= h(b, w->unit);
		rc |= buf_adds(b, "</th><th>");
		rc |= h(b, w->status);
		rc |= buf_adds(b, "</th>");
		for (size_t k = 0; k < f->n_sections; k++) {
			rc |= buf_adds(b, "<th>");
			rc |= h(b, f->sections[k].heading);
			rc |= buf_adds(b, "</th>");
		}
		rc |= buf_adds(b, "</tr>\n");
		for (size_t i = 0; i < s->n_rows; i++) {
			const struct summary_row *r = &s->rows[i];
			char when[40];
			if (!report_in_group(r, groups[g]))
				continue;
			rc |= buf_adds(b, "<tr class=\"agency\" data-agency=\"");
			rc |= h(b, r->agency->code);
			rc |= buf_adds(b, "\"><td>");
			rc |= h(b, r->agency->name);
			rc |= buf_printf(b, "</td><td class=\"%s\">", !r->replied ? "missing"
			                                               : r->late  ? "late"
			                                                          : "on-time");
			rc |= h(b, report_row_status(w, r));
			if (r->replied) {
				report_time(w, r->received_at, when);
				rc |= buf_adds(b, "<br>");
				rc |= h(b, when);
			}
			if (r->needs_review) {
				rc |= buf_adds(b, "<br><em>");
				rc |= h(b, w->needs_review);
				rc |= buf_adds(b, "</em>");
			}
			buf_reset(&cell);
			rc |= report_row_marks(w, r, &cell);
			if (cell.len) {
				rc |= buf_adds(b, "<br><em class=\"marks\">");
				rc |= h(b, cell.data);
				rc |= buf_adds(b, "</em>");
			}
			rc |= buf_adds(b, "</td>");
			for (size_t k = 0; k < f->n_sections; k++) {
				bool corrected;
				buf_reset(&cell);
				rc |= report_answer_text(s, r, k, &cell, &corrected);
				rc |= buf_adds(b, "<td>");
				rc |= h(b, cell.len ? cell.data : r->replied ? w->no_answer : "");
				if (corrected) {
					rc |= buf_adds(b, " <span class=\"corr\">(*) ");
					rc |= h(b, w->corrected);
					rc |= buf_adds(b, "</span>");
				}
				rc |= buf_adds(b, "</td>");
			}
			rc |= buf_adds(b, "</tr>\n");
		}
		rc |= buf_adds(b, "</table>\n");
	}
	if (s->n_corrections) {
		rc |= buf_adds(b, "<p class=\"note\">");
		rc |= h(b, w->corrected_note);
		rc |= buf_adds(b, "</p>\n");
	}
	if (s->t.awaiting) {
		rc |= buf_adds(b, "<p class=\"note\">");
		rc |= h(b, w->awaiting_note);
		rc |= buf_adds(b, "</p>\n");
	}
	if (s->t.unregistered) {
		rc |= buf_adds(b, "<p class=\"note\">");
		rc |= h(b, w->by_content_note);
		rc |= buf_adds(b, "</p>\n");
	}
	buf_free(&cell);
	free(groups);
	return rc;
}

static int
review(struct buf *b, const struct summary *s, const struct report_words *w)
{
	struct buf tmp; /* the reasons in W's language */
	int rc = buf_adds(b, "<h2>");

	rc |= h(b, w->sec_review);
	rc |= buf_adds(b, "</h2>\n");
	if (!s->n_reviews) {
		rc |= buf_adds(b, "<p>");
		rc |= h(b, w->nothing);
		return rc | buf_adds(b, "</p>\n");
	}
	rc |= buf_adds(b, "<table class=\"review\">\n<tr><th>");
	rc |= h(b, w->unit);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->from);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->reason);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->archive);
	rc |= buf_adds(b, "</th></tr>\n");
	buf_init(&tmp, 0);
	for (size_t i = 0; i < s->n_reviews; i++) {
		const struct summary_review *r = &s->reviews[i];
		rc |= buf_adds(b, "<tr class=\"review-item\"><td>");
		rc |= h(b, r->agency ? report_agency_name(s, r->agency) : w->unidentified);
		rc |= buf_adds(b, "</td><td>");
		rc |= h(b, r->from ? r->from : "");
		if (r->subject) {
			rc |= buf_adds(b, "<br>");
			rc |= h(b, r->subject);
		}
		rc |= buf_adds(b, "</td><td>");
		{
			const char *why = report_reasons(w, r->reasons, &tmp);
			rc |= why ? h(b, why) : YK_ENOMEM;
		}
		rc |= buf_adds(b, "</td><td><code>");
		rc |= h(b, r->archive_path);
		rc |= buf_printf(b, "</code><br><code>%.12s</code></td></tr>\n", r->sha256);
	}
	buf_free(&tmp);
	return rc | buf_adds(b, "</table>\n");
}

static int
corrections(struct buf *b, const struct summary *s, const struct report_words *w)
{
	int rc = 0;

	if (!s->n_corrections)
		return 0;
	rc |= buf_adds(b, "<h2>");
	rc |= h(b, w->sec_corrections);
	rc |= buf_adds(b, "</h2>\n<table class=\"corrections\">\n<tr><th>");
	rc |= h(b, w->unit);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->field);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->value);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->who);
	rc |= buf_adds(b, "</th><th>");
	rc |= h(b, w->at);
	rc |= buf_adds(b, "</th></tr>\n");
	for (size_t i = 0; i < s->n_corrections; i++) {
		const struct summary_correction *c = &s->corrections[i];
		char when[40];
		report_time(w, c->at, when);
		rc |= buf_adds(b, "<tr class=\"correction\"><td>");
		rc |= h(b, c->agency->name);
		rc |= buf_adds(b, "</td><td>");
		rc |= h(b, c->field);
		rc |= buf_adds(b, "</td><td>");
		rc |= h(b, c->value);
		rc |= buf_adds(b, "</td><td>");
		rc |= h(b, c->who);
		rc |= buf_adds(b, "</td><td>");
		rc |= h(b, when);
		rc |= buf_adds(b, "</td></tr>\n");
	}
	return rc | buf_adds(b, "</table>\n");
}

int
report_html(const struct summary *s, const struct report_opts *o, struct buf *b)
{
	const struct report_words *w = report_words(o->lang);
	const struct yk_campaign *cp = s->cp;
	char deadline[40], now[40];
	struct buf note;
	int rc = 0;

	report_deadline(w, cp, deadline);
	report_time_t(w, o->now, now);
	rc |= buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
	                 o->lang == REPORT_EN ? "en" : "vi");
	rc |= buf_adds(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	                  "style-src 'unsafe-inline'; img-src data:\">\n"
	                  "<meta name=\"generator\" content=\"ykien\">\n<title>");
	rc |= h(b, w->title);
	rc |= buf_adds(b, " — ");
	rc |= h(b, cp->reference);
	rc |= buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", CSS);
	rc |= h(b, w->title);
	rc |= buf_adds(b, "</h1>\n<p class=\"meta\"><strong>");
	rc |= h(b, cp->title ? cp->title : cp->id);
	rc |= buf_adds(b, "</strong><br>");
	rc |= h(b, w->reference);
	rc |= buf_adds(b, " ");
	rc |= h(b, cp->reference);
	rc |= buf_adds(b, " · ");
	rc |= h(b, w->deadline);
	rc |= buf_adds(b, ": ");
	rc |= h(b, deadline);
	rc |= buf_adds(b, " · ");
	rc |= h(b, w->generated);
	rc |= buf_adds(b, ": ");
	rc |= h(b, now);
	rc |= buf_adds(b, "</p>\n");
	rc |= overview(b, s, w);
	buf_init(&note, 0);
	rc |= tally(b, s, w, &note);
	buf_free(&note);
	rc |= opinions(b, s, w);
	rc |= review(b, s, w);
	rc |= corrections(b, s, w);
	rc |= buf_adds(b, "</body>\n</html>\n");
	return rc ? YK_ENOMEM : 0;
}
