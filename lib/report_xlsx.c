/*
 * report_xlsx — the report as an Excel workbook (libxlsxwriter): a summary
 * sheet with the counts, the tally of each option and a native bar chart
 * of it; one row per agency with its answers; what needs review; the
 * corrections.  Counts are numbers and shares are numbers formatted as
 * percentages, so the staff can go on computing with them.
 * libxlsxwriter escapes the XML itself; strings go in as they are.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include "report_table.h"

struct book {
	lxw_workbook *wb;
	lxw_format *bold, *title, *head, *wrap, *pct, *note;
	lxw_error rc;        /* the first error */
};

static void
keep(struct book *k, lxw_error e)
{
	if (e != LXW_NO_ERROR && k->rc == LXW_NO_ERROR)
		k->rc = e;
}

static void
str(struct book *k, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s && *s)
		keep(k, worksheet_write_string(ws, r, c, s, f));
}

static void
num(struct book *k, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
	keep(k, worksheet_write_number(ws, r, c, v, f));
}

/* The tally of choice section I from *ROW on, and a native chart over
 * its cells, beside them. */
static void
tally(struct book *k, lxw_worksheet *ws, const struct summary *s, const struct report_words *w,
      size_t i, lxw_row_t *row)
{
	const struct yk_section *sec = &s->cp->form->sections[i];
	struct report_tally t;
	lxw_row_t first;
	lxw_chart *chart;
	lxw_chart_series *series;
	struct buf note;

	report_tally(s, w, i, &t);
	str(k, ws, (*row)++, 0, sec->heading, k->bold);
	str(k, ws, *row, 0, w->option, k->head);
	str(k, ws, *row, 1, w->count, k->head);
	str(k, ws, (*row)++, 2, w->percent, k->head);
	first = *row;
	for (size_t n = 0; n < t.n; n++, (*row)++) {
		str(k, ws, *row, 0, t.label[n], k->wrap);
		num(k, ws, *row, 1, (double)t.count[n], NULL);
		num(k, ws, *row, 2, t.base ? (double)t.count[n] / (double)t.base : 0.0, k->pct);
	}
	buf_init(&note, 0);
	if (report_percent_note(w, sec, t.base, &note))
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
	str(k, ws, (*row)++, 0, note.data, k->note);
	buf_free(&note);
	if (!(chart = workbook_add_chart(k->wb, LXW_CHART_BAR)) ||
	    !(series = chart_add_series(chart, NULL, NULL))) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	chart_series_set_categories(series, w->sheet_summary, first, 0,
	                            (lxw_row_t)(first + t.n - 1), 0);
	chart_series_set_values(series, w->sheet_summary, first, 1, (lxw_row_t)(first + t.n - 1), 1);
	chart_series_set_labels(series);
	chart_title_set_name(chart, sec->heading);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	keep(k, worksheet_insert_chart(ws, first - 2, 4, chart));
	*row += 12; /* room for the chart before the next section */
}

static void
summary_sheet(struct book *k, const struct summary *s, const struct report_words *w,
              const struct report_opts *o)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, w->sheet_summary);
	const struct yk_form *f = s->cp->form;
	const char *labels[] = { w->asked, w->replied, w->on_time, w->late, w->missing, w->unassigned };
	const size_t values[] = { s->t.asked, s->t.replied, s->t.on_time, s->t.late, s->t.missing,
		                  s->t.unassigned };
	char deadline[REPORT_DEADLINE_LEN], now[40], line[300];
	lxw_row_t row = 0;

	if (!ws) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	report_deadline(w, s->cp, deadline);
	report_time_t(w, o->now, now);
	worksheet_set_column(ws, 0, 0, 48, NULL);
	worksheet_set_column(ws, 1, 2, 12, NULL);
	str(k, ws, row++, 0, w->title, k->title);
	str(k, ws, row++, 0, s->cp->title ? s->cp->title : s->cp->id, k->bold);
	snprintf(line, sizeof line, "%s %s · %s: %s · %s: %s", w->reference, s->cp->reference,
	         w->deadline, deadline, w->generated, now);
	str(k, ws, row++, 0, line, NULL);
	row++;
	str(k, ws, row++, 0, w->sec_overview, k->bold);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++, row++) {
		str(k, ws, row, 0, labels[i], NULL);
		num(k, ws, row, 1, (double)values[i], NULL);
	}
	str(k, ws, row++, 0, w->missing_list, k->bold);
	for (size_t i = 0; i < s->n_rows; i++)
		if (!s->rows[i].replied)
			str(k, ws, row++, 0, s->rows[i].agency->name, NULL);
	row++;
	str(k, ws, row++, 0, w->sec_tally, k->bold);
	for (size_t i = 0; i < f->n_sections; i++)
		if (f->sections[i].n_options)
			tally(k, ws, s, w, i, &row);
}

/* Strings S[0..N-1] into row ROW from column 0, in format F. */
static void
strs(struct book *k, lxw_worksheet *ws, lxw_row_t row, const char *const *s, size_t n,
     lxw_format *f)
{
	for (size_t c = 0; c < n; c++)
		str(k, ws, row, (lxw_col_t)c, s[c], f);
}

/* Width and wrapping of each kind of column of the opinions; a column that
 * joins shares one range with the one before it. */
static const struct {
	double width;            /* 0: the default */
	bool wrap, joins;
} look[] = {
	[REPORT_COL_CODE] = { 16, false, false },
	[REPORT_COL_UNIT] = { 26, true, false },
	[REPORT_COL_GROUP] = { 26, true, true },
	[REPORT_COL_STATUS] = { 16, false, false },
	[REPORT_COL_REPLIED_AT] = { 16, false, true },
	[REPORT_COL_ANSWER] = { 40, true, false },
	[REPORT_COL_CHOICES] = { 40, true, false },
	[REPORT_COL_CHOICE_TEXT] = { 30, true, false },
	[REPORT_COL_REVIEW] = { 0, false, false },
	[REPORT_COL_CORRECTED] = { 28, false, false },
	[REPORT_COL_NOTE] = { 28, true, false },
	[REPORT_COL_FROM] = { 30, false, false },
	[REPORT_COL_ARCHIVE] = { 40, false, false },
	[REPORT_COL_HASH] = { 20, false, false },
};

/* The column of the sheet view after table column C, or t->n_cols. */
static size_t
next_col(const struct report_table *t, size_t c)
{
	while (++c < t->n_cols && !(t->cols[c].views & REPORT_SHEET))
		;
	return c;
}

/* The sheet view of the table of opinions (lib/report_table.h), as the
 * CSV has it; written row by row, the order of the shared strings. */
static void
opinions_sheet(struct book *k, const struct report_table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, t->w->sheet_opinions);
	lxw_col_t n = 0; /* columns in the sheet */
	lxw_row_t row;

	if (!ws) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (size_t c = 0; c < t->n_cols; c++) {
		enum report_col_kind kind = t->cols[c].kind;
		size_t next = next_col(t, c);
		if (!(t->cols[c].views & REPORT_SHEET))
			continue;
		if (look[kind].width > 0 && !look[kind].joins)
			keep(k, worksheet_set_column(ws, n, (lxw_col_t)(n + (next < t->n_cols &&
			                                                    look[t->cols[next].kind].joins)),
			                             look[kind].width, look[kind].wrap ? k->wrap : NULL));
		str(k, ws, 0, n++, t->cols[c].label, k->head);
	}
	for (size_t i = 0; i < t->n_rows; i++) {
		lxw_col_t x = 0;
		for (size_t c = 0; c < t->n_cols; c++)
			if (t->cols[c].views & REPORT_SHEET)
				str(k, ws, (lxw_row_t)(i + 1), x++, t->rows[i].cells[c].text, NULL);
	}
	keep(k, worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->n_rows, (lxw_col_t)(n - 1)));
	/* what the marks of the note column mean, under the table */
	row = (lxw_row_t)t->n_rows + 2;
	for (size_t i = 0; i < t->n_notes; i++)
		if (t->notes[i].views & REPORT_SHEET)
			str(k, ws, row++, 0, t->notes[i].text, k->note);
	worksheet_freeze_panes(ws, 1, 2);
}

static void
review_sheet(struct book *k, const struct summary *s, const struct report_words *w, bool audit)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, w->sheet_review);
	const char *head[REPORT_REVIEW_COLS], *cells[REPORT_REVIEW_COLS];
	size_t n = report_review_head(w, audit, head);
	struct buf tmp; /* the reasons in W's language */
	char when[40];

	if (!ws) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, (lxw_col_t)(n - 1), 36, k->wrap);
	strs(k, ws, 0, head, n, k->head);
	buf_init(&tmp, 0);
	for (size_t i = 0; i < s->n_reviews; i++) {
		if (report_review_row(w, s, &s->reviews[i], audit, &tmp, when, cells)) {
			keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
			break;
		}
		strs(k, ws, (lxw_row_t)(i + 1), cells, n, NULL);
	}
	buf_free(&tmp);
	if (!s->n_reviews)
		str(k, ws, 1, 0, w->nothing, NULL);
}

static void
corrections_sheet(struct book *k, const struct summary *s, const struct report_words *w)
{
	lxw_worksheet *ws;
	struct buf field, value;

	if (!s->n_corrections)
		return;
	if (!(ws = workbook_add_worksheet(k->wb, w->sheet_corrections))) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, 4, 28, k->wrap);
	strs(k, ws, 0, (const char *const[]){ w->unit, w->field, w->value, w->who, w->at }, 5,
	     k->head);
	buf_init(&field, 0);
	buf_init(&value, 0);
	for (size_t i = 0; i < s->n_corrections; i++) {
		const struct summary_correction *c = &s->corrections[i];
		char when[40];
		buf_reset(&field);
		buf_reset(&value);
		report_time(w, c->at, when);
		if (report_correction(w, s, c, &field, &value)) {
			keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
			break;
		}
		strs(k, ws, (lxw_row_t)(i + 1),
		     (const char *const[]){ c->agency->name, field.data, value.data,
		                            report_who(s, c->who), when }, 5, NULL);
	}
	buf_free(&field);
	buf_free(&value);
}

int
report_xlsx_write(const struct summary *s, const struct report_opts *o, const char *path,
                  struct yk_err *err)
{
	const struct report_words *w = report_words(o->lang);
	struct book k = { 0 };
	struct report_table *t;
	/* libxlsxwriter's struct has plain char *: it only reads them */
	lxw_doc_properties props = { .title = (char *)w->title, .subject = s->cp->reference,
		                     .author = (char *)"ykien" };
	lxw_error e;

	if (!(k.wb = workbook_new(path)))
		return yk_err_set(err, YK_EIO, "%s: cannot create the workbook", path);
	k.bold = workbook_add_format(k.wb);
	k.title = workbook_add_format(k.wb);
	k.head = workbook_add_format(k.wb);
	k.wrap = workbook_add_format(k.wb);
	k.pct = workbook_add_format(k.wb);
	k.note = workbook_add_format(k.wb);
	if (!k.bold || !k.title || !k.head || !k.wrap || !k.pct || !k.note) {
		workbook_close(k.wb);
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	}
	format_set_bold(k.bold);
	format_set_bold(k.title);
	format_set_font_size(k.title, 14);
	format_set_bold(k.head);
	format_set_bg_color(k.head, 0xDDDDDD);
	format_set_border(k.head, LXW_BORDER_THIN);
	format_set_text_wrap(k.head);
	format_set_text_wrap(k.wrap);
	format_set_align(k.wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(k.pct, "0.0%");
	format_set_italic(k.note);
	keep(&k, workbook_set_properties(k.wb, &props));
	summary_sheet(&k, s, w, o);
	if (report_table_new_audit(s, w, o->audit, &t))
		keep(&k, LXW_ERROR_MEMORY_MALLOC_FAILED);
	else
		opinions_sheet(&k, t);
	report_table_free(t);
	review_sheet(&k, s, w, o->audit);
	corrections_sheet(&k, s, w);
	e = workbook_close(k.wb); /* writes the file; frees the workbook */
	/* the library's allocation failures are ours, not the disk's */
	if (k.rc != LXW_NO_ERROR)
		return yk_err_set(err, k.rc == LXW_ERROR_MEMORY_MALLOC_FAILED ? YK_ENOMEM : YK_EIO,
		                  "%s: %s", path, lxw_strerror(k.rc));
	if (e != LXW_NO_ERROR)
		return yk_err_set(err, YK_EIO, "%s: %s", path, lxw_strerror(e));
	return 0;
}
