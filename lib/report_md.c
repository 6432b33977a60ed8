/*
 * report_md — the report in Markdown, for a wiki or a message: the same
 * sections as the HTML, tables with escaped cells, the chart as text bars.
 * Each writer appends all it has and the caller checks buf_status() once.
 */
#include "report.h"

#include "escape.h"
#include "report_table.h"

#define MD_BAR_MAX 30 /* characters: the bar of 100 % */

static void
cell(struct buf *b, const char *s)
{
	buf_adds(b, " ");
	esc_md_cell(b, s ? s : "");
	buf_adds(b, " |");
}

/* A table row of N cells. */
static void
row(struct buf *b, const char *const *s, size_t n)
{
	buf_adds(b, "|");
	for (size_t i = 0; i < n; i++)
		cell(b, s[i]);
	buf_adds(b, "\n");
}

/* OPEN, S escaped, CLOSE. */
static void
text(struct buf *b, const char *open, const char *s, const char *close)
{
	buf_adds(b, open);
	esc_md_cell(b, s);
	buf_adds(b, close);
}

/* 0, or the first failure of writing a percentage note into NOTE (the
 * next section's reset would forget it). */
static int
tally(struct buf *b, const struct summary *s, const struct report_words *w, struct buf *note)
{
	const struct yk_form *f = s->cp->form;
	int rc = 0, st;

	buf_printf(b, "## %s\n\n", w->sec_tally);
	for (size_t i = 0; i < f->n_sections; i++) {
		const struct yk_section *sec = &f->sections[i];
		struct report_tally t;
		if (!sec->n_options)
			continue;
		report_tally(s, w, i, &t);
		text(b, "### ", sec->heading, "");
		buf_printf(b, "\n\n| %s | %s | %s | %s |\n|---|---:|---:|---|\n", w->option, w->count,
		           w->percent, w->chart);
		for (size_t k = 0; k < t.n; k++) {
			unsigned pm = summary_permille(t.count[k], t.base);
			buf_adds(b, "|");
			cell(b, t.label[k]);
			buf_printf(b, " %zu | ", t.count[k]);
			summary_fmt_percent(b, pm, w->decimal);
			buf_adds(b, " | ");
			for (unsigned c = 0; c < pm * MD_BAR_MAX / 1000; c++)
				buf_adds(b, "█");
			buf_adds(b, " |\n");
		}
		buf_reset(note);
		if ((st = report_percent_note(w, sec, t.base, note)) && !rc)
			rc = st;
		text(b, "\n_", note->data, "_\n\n");
	}
	return rc;
}

/* One agency's row of the grouped view, each cell escaped piece by piece
 * straight into B: escaping goes character by character, and no piece after
 * the first starts with the \n of a CRLF, so the bytes are those of the
 * cell escaped whole. */
static void
opinion_row(struct buf *b, const struct report_table *t, size_t i)
{
	struct report_status st;

	report_table_status(t, i, &st);
	buf_adds(b, "|");
	for (size_t k = 0; k < t->n_cols; k++) {
		if (!(t->cols[k].views & REPORT_GROUPED))
			continue;
		buf_adds(b, " ");
		switch (t->cols[k].kind) {
		case REPORT_COL_STATUS:
			esc_md_cell(b, st.label);
			if (st.when && *st.when)
				text(b, ", ", st.when, "");
			if (st.review)
				text(b, "; ", st.review, "");
			if (*st.marks)
				text(b, "; ", st.marks, "");
			break;
		case REPORT_COL_ANSWER:
			esc_md_cell(b, report_table_answer(t, i, k));
			if (t->rows[i].cells[k].corrected) {
				esc_md_cell(b, " (*) ");
				esc_md_cell(b, t->w->corrected);
			}
			break;
		default:
			esc_md_cell(b, t->rows[i].cells[k].text);
		}
		buf_adds(b, " |");
	}
	buf_adds(b, "\n");
}

static void
opinion_group(struct buf *b, const struct report_table *t, const char *name)
{
	text(b, "### ", name, "\n\n|");
	for (size_t k = 0; k < t->n_cols; k++)
		if (t->cols[k].views & REPORT_GROUPED)
			cell(b, t->cols[k].label);
	buf_adds(b, "\n|");
	for (size_t k = 0; k < t->n_cols; k++)
		if (t->cols[k].views & REPORT_GROUPED)
			buf_adds(b, "---|");
	buf_adds(b, "\n");
}

static void
note(struct buf *b, const char *s)
{
	text(b, "_", s, "_\n\n");
}

static const struct report_grouped_fmt opinions = {
	.group = opinion_group, .row = opinion_row, .group_end = "\n", .note = note,
};

static void
overview(struct buf *b, const struct summary *s, const struct report_words *w)
{
	bool any = false;

	buf_printf(b, "## %s\n\n| | |\n|---|---:|\n", w->sec_overview);
	buf_printf(b, "| %s | %zu |\n| %s | %zu |\n| %s | %zu |\n| %s | %zu |\n| %s | %zu |\n",
	           w->asked, s->t.asked, w->replied, s->t.replied, w->on_time, s->t.on_time,
	           w->late, s->t.late, w->missing, s->t.missing);
	if (s->t.unassigned)
		buf_printf(b, "| %s | %zu |\n", w->unassigned, s->t.unassigned);
	buf_printf(b, "\n%s:\n\n", w->missing_list);
	for (size_t i = 0; i < s->n_rows; i++) {
		if (s->rows[i].replied)
			continue;
		text(b, "- ", s->rows[i].agency->name, "\n");
		any = true;
	}
	if (!any)
		buf_printf(b, "- %s\n", w->none_missing);
	buf_adds(b, "\n");
}

/* 0, or the failure of translating the reasons. */
static int
review(struct buf *b, const struct summary *s, const struct report_words *w, bool audit,
       struct buf *tmp)
{
	const char *head[REPORT_REVIEW_COLS], *cells[REPORT_REVIEW_COLS];
	size_t n = report_review_head(w, audit, head);
	char when[40];
	int rc = 0;

	buf_printf(b, "## %s\n\n", w->sec_review);
	if (!s->n_reviews) {
		buf_printf(b, "%s\n\n", w->nothing);
		return 0;
	}
	row(b, head, n);
	buf_adds(b, "|");
	for (size_t k = 0; k < n; k++)
		buf_adds(b, "---|");
	buf_adds(b, "\n");
	for (size_t i = 0; i < s->n_reviews && !rc; i++)
		if (!(rc = report_review_row(w, s, &s->reviews[i], audit, tmp, when, cells)))
			row(b, cells, n);
	buf_adds(b, "\n");
	return rc;
}

/* 0, or the failure of writing a correction's field or value. */
static int
corrections(struct buf *b, const struct summary *s, const struct report_words *w)
{
	struct buf field, value;
	int rc = 0;

	if (!s->n_corrections)
		return 0;
	buf_printf(b, "## %s\n\n| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n",
	           w->sec_corrections, w->unit, w->field, w->value, w->who, w->at);
	buf_init(&field, 0);
	buf_init(&value, 0);
	for (size_t i = 0; i < s->n_corrections && !rc; i++) {
		const struct summary_correction *c = &s->corrections[i];
		char when[40];
		buf_reset(&field);
		buf_reset(&value);
		report_time(w, c->at, when);
		if (!(rc = report_correction(w, s, c, &field, &value)))
			row(b, (const char *const[]){ c->agency->name, field.data, value.data,
			                              report_who(s, c->who), when }, 5);
	}
	buf_free(&field);
	buf_free(&value);
	return rc;
}

int
report_md(const struct summary *s, const struct report_opts *o, struct buf *b)
{
	const struct report_words *w = report_words(o->lang);
	const struct yk_campaign *cp = s->cp;
	char deadline[REPORT_DEADLINE_LEN], now[40];
	struct report_table *t;
	struct buf tmp; /* scratch: a note, the reasons in W's language */
	int rc;

	if ((rc = report_table_new_audit(s, w, o->audit, &t)))
		return rc;
	report_deadline(w, cp, deadline);
	report_time_t(w, o->now, now);
	buf_printf(b, "# %s\n\n", w->title);
	text(b, "**", cp->title ? cp->title : cp->id, "**  \n");
	buf_printf(b, "%s ", w->reference);
	esc_md_cell(b, cp->reference);
	buf_printf(b, " · %s: %s · %s: %s\n\n", w->deadline, deadline, w->generated, now);
	overview(b, s, w);
	buf_init(&tmp, 0);
	rc = tally(b, s, w, &tmp);
	buf_printf(b, "## %s\n\n", w->sec_opinions);
	report_table_grouped(t, &opinions, b);
	buf_reset(&tmp);
	if (!rc)
		rc = review(b, s, w, o->audit, &tmp);
	if (!rc)
		rc = corrections(b, s, w);
	buf_free(&tmp);
	report_table_free(t);
	return rc ? rc : buf_status(b);
}
