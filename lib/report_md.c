/*
 * report_md — the report in Markdown, for a wiki or a message: the same
 * sections as the HTML, tables with escaped cells, the chart as text bars.
 */
#include "report.h"

#include <stdlib.h>

#include "escape.h"

#define MD_BAR_MAX 30 /* characters: the bar of 100 % */

static int
cell(struct buf *b, const char *s)
{
	int rc = buf_adds(b, " ");

	rc |= esc_md_cell(b, s ? s : "");
	return rc | buf_adds(b, " |");
}

static int
tally(struct buf *b, const struct summary *s, const struct report_words *w)
{
	const struct yk_form *f = s->cp->form;
	struct buf note;
	int rc = buf_printf(b, "## %s\n\n", w->sec_tally);

	buf_init(&note, 0);
	for (size_t i = 0; i < f->n_sections; i++) {
		const struct yk_section *sec = &f->sections[i];
		size_t counts[CONFIG_MAX_OPTIONS], none, base;
		if (!sec->n_options)
			continue;
		base = summary_tally(s, i, counts, &none);
		rc |= buf_adds(b, "### ");
		rc |= esc_md_cell(b, sec->heading);
		rc |= buf_printf(b, "\n\n| %s | %s | %s | %s |\n|---|---:|---:|---|\n", w->option, w->count,
		                 w->percent, w->chart);
		for (size_t k = 0; k <= sec->n_options; k++) {
			size_t n = k < sec->n_options ? counts[k] : none;
			unsigned pm = summary_permille(n, base);
			if (k == sec->n_options && !none)
				break;
			rc |= buf_adds(b, "|");
			rc |= cell(b, k < sec->n_options ? sec->options[k].text : w->no_choice);
			rc |= buf_printf(b, " %zu | ", n);
			rc |= summary_fmt_percent(b, pm, w->decimal);
			rc |= buf_adds(b, " | ");
			for (unsigned c = 0; c < pm * MD_BAR_MAX / 1000; c++)
				rc |= buf_adds(b, "█");
			rc |= buf_adds(b, " |\n");
		}
		buf_reset(&note);
		rc |= report_percent_note(w, sec, base, &note);
		rc |= buf_adds(b, "\n_");
		rc |= esc_md_cell(b, note.data);
		rc |= buf_adds(b, "_\n\n");
	}
	buf_free(&note);
	return rc;
}

static int
opinions(struct buf *b, const struct summary *s, const struct report_words *w)
{
	const struct yk_form *f = s->cp->form;
	const char **groups = calloc(s->n_rows + 1, sizeof *groups);
	struct buf c;
	size_t n_groups;
	int rc = 0;

	if (!groups)
		return YK_ENOMEM;
	buf_init(&c, 0);
	n_groups = report_groups(s, groups);
	rc |= buf_printf(b, "## %s\n\n", w->sec_opinions);
	for (size_t g = 0; g < n_groups; g++) {
		rc |= buf_adds(b, "### ");
		rc |= esc_md_cell(b, groups[g] ? groups[g] : w->no_group);
		rc |= buf_printf(b, "\n\n| %s | %s |", w->unit, w->status);
		for (size_t k = 0; k < f->n_sections; k++)
			rc |= cell(b, f->sections[k].heading);
		rc |= buf_adds(b, "\n|---|---|");
		for (size_t k = 0; k < f->n_sections; k++)
			rc |= buf_adds(b, "---|");
		rc |= buf_adds(b, "\n");
		for (size_t i = 0; i < s->n_rows; i++) {
			const struct summary_row *r = &s->rows[i];
			char when[40] = "";
			if (!report_in_group(r, groups[g]))
				continue;
			rc |= buf_adds(b, "|");
			rc |= cell(b, r->agency->name);
			buf_reset(&c);
			if (r->replied)
				report_time(w, r->received_at, when);
			rc |= buf_printf(&c, "%s%s%s%s%s", report_row_status(w, r), *when ? ", " : "", when,
			                 r->needs_review ? "; " : "", r->needs_review ? w->needs_review : "");
			if (r->awaiting || (r->replied && r->unregistered)) {
				rc |= buf_adds(&c, "; ");
				rc |= report_row_marks(w, r, &c);
			}
			rc |= cell(b, c.data);
			for (size_t k = 0; k < f->n_sections; k++) {
				bool corrected;
				buf_reset(&c);
				rc |= report_answer_text(s, r, k, &c, &corrected);
				if (!c.len && r->replied)
					rc |= buf_adds(&c, w->no_answer);
				if (corrected)
					rc |= buf_printf(&c, " (*) %s", w->corrected);
				rc |= cell(b, c.data);
			}
			rc |= buf_adds(b, "\n");
		}
		rc |= buf_adds(b, "\n");
	}
	if (s->n_corrections) {
		rc |= buf_adds(b, "_");
		rc |= esc_md_cell(b, w->corrected_note);
		rc |= buf_adds(b, "_\n\n");
	}
	if (s->t.awaiting) {
		rc |= buf_adds(b, "_");
		rc |= esc_md_cell(b, w->awaiting_note);
		rc |= buf_adds(b, "_\n\n");
	}
	if (s->t.unregistered) {
		rc |= buf_adds(b, "_");
		rc |= esc_md_cell(b, w->by_content_note);
		rc |= buf_adds(b, "_\n\n");
	}
	buf_free(&c);
	free(groups);
	return rc;
}

int
report_md(const struct summary *s, const struct report_opts *o, struct buf *b)
{
	const struct report_words *w = report_words(o->lang);
	const struct yk_campaign *cp = s->cp;
	char deadline[40], now[40];
	struct buf tmp; /* the reasons in W's language */
	bool any = false;
	int rc = 0;

	report_deadline(w, cp, deadline);
	report_time_t(w, o->now, now);
	rc |= buf_printf(b, "# %s\n\n**", w->title);
	rc |= esc_md_cell(b, cp->title ? cp->title : cp->id);
	rc |= buf_printf(b, "**  \n%s ", w->reference);
	rc |= esc_md_cell(b, cp->reference);
	rc |= buf_printf(b, " · %s: %s · %s: %s\n\n", w->deadline, deadline, w->generated, now);
	rc |= buf_printf(b, "## %s\n\n| | |\n|---|---:|\n", w->sec_overview);
	rc |= buf_printf(b, "| %s | %zu |\n| %s | %zu |\n| %s | %zu |\n| %s | %zu |\n| %s | %zu |\n",
	                 w->asked, s->t.asked, w->replied, s->t.replied, w->on_time, s->t.on_time,
	                 w->late, s->t.late, w->missing, s->t.missing);
	if (s->t.unassigned)
		rc |= buf_printf(b, "| %s | %zu |\n", w->unassigned, s->t.unassigned);
	rc |= buf_printf(b, "\n%s:\n\n", w->missing_list);
	for (size_t i = 0; i < s->n_rows; i++) {
		if (s->rows[i].replied)
			continue;
		rc |= buf_adds(b, "- ");
		rc |= esc_md_cell(b, s->rows[i].agency->name);
		rc |= buf_adds(b, "\n");
		any = true;
	}
	if (!any)
		rc |= buf_printf(b, "- %s\n", w->none_missing);
	rc |= buf_adds(b, "\n");
	rc |= tally(b, s, w);
	rc |= opinions(b, s, w);
	rc |= buf_printf(b, "## %s\n\n", w->sec_review);
	if (!s->n_reviews)
		rc |= buf_printf(b, "%s\n\n", w->nothing);
	else
		rc |= buf_printf(b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", w->unit, w->from,
		                 w->reason, w->archive);
	buf_init(&tmp, 0);
	for (size_t i = 0; i < s->n_reviews; i++) {
		const struct summary_review *r = &s->reviews[i];
		rc |= buf_adds(b, "|");
		rc |= cell(b, r->agency ? report_agency_name(s, r->agency) : w->unidentified);
		rc |= cell(b, r->from);
		{
			const char *why = report_reasons(w, r->reasons, &tmp);
			rc |= why ? cell(b, why) : YK_ENOMEM;
		}
		rc |= cell(b, r->archive_path);
		rc |= buf_adds(b, "\n");
	}
	buf_free(&tmp);
	if (s->n_reviews)
		rc |= buf_adds(b, "\n");
	if (s->n_corrections)
		rc |= buf_printf(b, "## %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
		                 w->sec_corrections, w->unit, w->field, w->value, w->who, w->at);
	for (size_t i = 0; i < s->n_corrections; i++) {
		const struct summary_correction *c = &s->corrections[i];
		char when[40];
		report_time(w, c->at, when);
		rc |= buf_adds(b, "|");
		rc |= cell(b, c->agency->name);
		rc |= cell(b, c->field);
		rc |= cell(b, c->value);
		rc |= cell(b, c->who);
		rc |= cell(b, when);
		rc |= buf_adds(b, "\n");
	}
	return rc ? YK_ENOMEM : 0;
}
