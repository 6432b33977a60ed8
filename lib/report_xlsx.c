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

static void
summary_sheet(struct book *k, const struct summary *s, const struct report_words *w,
              const struct report_opts *o)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, w->sheet_summary);
	const struct yk_form *f = s->cp->form;
	const char *labels[] = { w->asked, w->replied, w->on_time, w->late, w->missing, w->unassigned };
	const size_t values[] = { s->t.asked, s->t.replied, s->t.on_time, s->t.late, s->t.missing,
		                  s->t.unassigned };
	char deadline[40], now[40], line[300];
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
	for (size_t i = 0; i < f->n_sections; i++) {
		const struct yk_section *sec = &f->sections[i];
		size_t counts[CONFIG_MAX_OPTIONS], none, base;
		lxw_row_t first;
		size_t n_bars;
		lxw_chart *chart;
		lxw_chart_series *series;

		if (!sec->n_options)
			continue;
		base = summary_tally(s, i, counts, &none);
		str(k, ws, row++, 0, sec->heading, k->bold);
		str(k, ws, row, 0, w->option, k->head);
		str(k, ws, row, 1, w->count, k->head);
		str(k, ws, row++, 2, w->percent, k->head);
		first = row;
		n_bars = sec->n_options + (none ? 1 : 0);
		for (size_t n = 0; n < n_bars; n++, row++) {
			size_t v = n < sec->n_options ? counts[n] : none;
			str(k, ws, row, 0, n < sec->n_options ? sec->options[n].text : w->no_choice, k->wrap);
			num(k, ws, row, 1, (double)v, NULL);
			num(k, ws, row, 2, base ? (double)v / (double)base : 0.0, k->pct);
		}
		{
			struct buf note;
			buf_init(&note, 0);
			if (report_percent_note(w, sec, base, &note))
				keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
			str(k, ws, row++, 0, note.data, k->note);
			buf_free(&note);
		}
		/* a native chart over the cells just written, beside them */
		if (!(chart = workbook_add_chart(k->wb, LXW_CHART_BAR)) ||
		    !(series = chart_add_series(chart, NULL, NULL))) {
			keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return;
		}
		chart_series_set_categories(series, w->sheet_summary, first, 0,
		                            (lxw_row_t)(first + n_bars - 1), 0);
		chart_series_set_values(series, w->sheet_summary, first, 1,
		                        (lxw_row_t)(first + n_bars - 1), 1);
		chart_series_set_labels(series);
		chart_title_set_name(chart, sec->heading);
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		keep(k, worksheet_insert_chart(ws, first - 2, 4, chart));
		row += 12; /* room for the chart before the next section */
	}
}

static void
opinions_sheet(struct book *k, const struct summary *s, const struct report_words *w)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, w->sheet_opinions);
	const struct yk_form *f = s->cp->form;
	struct buf cell;
	lxw_col_t c = 0;
	char head[600];

	if (!ws) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	buf_init(&cell, 0);
	str(k, ws, 0, c++, w->code, k->head);
	str(k, ws, 0, c++, w->unit, k->head);
	str(k, ws, 0, c++, w->group, k->head);
	str(k, ws, 0, c++, w->status, k->head);
	str(k, ws, 0, c++, w->replied_at, k->head);
	worksheet_set_column(ws, 0, 0, 16, NULL);
	worksheet_set_column(ws, 1, 2, 26, k->wrap);
	worksheet_set_column(ws, 3, 4, 16, NULL);
	for (size_t n = 0; n < f->n_sections; n++) {
		worksheet_set_column(ws, c, c, 40, k->wrap);
		str(k, ws, 0, c++, f->sections[n].heading, k->head);
		if (f->sections[n].n_options) {
			snprintf(head, sizeof head, "%s (%s)", f->sections[n].heading, w->text_col);
			worksheet_set_column(ws, c, c, 30, k->wrap);
			str(k, ws, 0, c++, head, k->head);
		}
	}
	str(k, ws, 0, c++, w->needs_review, k->head);
	worksheet_set_column(ws, c, c, 28, NULL);
	str(k, ws, 0, c++, w->corrected, k->head);
	worksheet_set_column(ws, c, c, 28, k->wrap);
	str(k, ws, 0, c, w->note_col, k->head);
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		char when[40] = "";
		c = 0;
		if (r->replied)
			report_time(w, r->received_at, when);
		str(k, ws, row, c++, r->agency->code, NULL);
		str(k, ws, row, c++, r->agency->name, NULL);
		str(k, ws, row, c++, r->agency->group, NULL);
		str(k, ws, row, c++, report_row_status(w, r), NULL);
		str(k, ws, row, c++, when, NULL);
		for (size_t n = 0; n < f->n_sections; n++) {
			const struct yk_section *sec = &f->sections[n];
			const struct summary_answer *a = r->answers ? &r->answers[n] : NULL;
			bool corrected;
			buf_reset(&cell);
			if (sec->n_options) {
				for (size_t o = 0; a && o < sec->n_options; o++)
					if (a->choices & ((uint32_t)1 << o))
						keep(k, buf_printf(&cell, "%s%s", cell.len ? "; " : "",
						                   sec->options[o].text) ? LXW_ERROR_MEMORY_MALLOC_FAILED
						                                         : LXW_NO_ERROR);
				str(k, ws, row, c++, cell.data, NULL);
				str(k, ws, row, c++, a ? a->text : NULL, NULL);
			} else {
				if (report_answer_text(s, r, n, &cell, &corrected))
					keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
				str(k, ws, row, c++, cell.data, NULL);
			}
		}
		str(k, ws, row, c++, r->needs_review ? w->yes : NULL, NULL);
		if (r->corrected_by) {
			char at[40];
			report_time(w, r->corrected_at, at);
			snprintf(head, sizeof head, "%s, %s", r->corrected_by, at);
			str(k, ws, row, c, head, NULL);
		}
		c++;
		buf_reset(&cell);
		if (report_row_marks(w, r, &cell))
			keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		if (cell.len)
			str(k, ws, row, c, cell.data, NULL);
	}
	worksheet_autofilter(ws, 0, 0, (lxw_row_t)s->n_rows, c);
	{
		/* what the marks of the note column mean, under the table */
		lxw_row_t row = (lxw_row_t)s->n_rows + 2;
		if (s->t.awaiting)
			str(k, ws, row++, 0, w->awaiting_note, k->note);
		if (s->t.unregistered)
			str(k, ws, row, 0, w->by_content_note, k->note);
	}
	worksheet_freeze_panes(ws, 1, 2);
	buf_free(&cell);
}

static void
review_sheet(struct book *k, const struct summary *s, const struct report_words *w)
{
	lxw_worksheet *ws = workbook_add_worksheet(k->wb, w->sheet_review);
	struct buf tmp; /* the reasons in W's language */

	if (!ws) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, 3, 36, k->wrap);
	str(k, ws, 0, 0, w->unit, k->head);
	str(k, ws, 0, 1, w->from, k->head);
	str(k, ws, 0, 2, w->reason, k->head);
	str(k, ws, 0, 3, w->archive, k->head);
	buf_init(&tmp, 0);
	for (size_t i = 0; i < s->n_reviews; i++) {
		const struct summary_review *r = &s->reviews[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		const char *why = report_reasons(w, r->reasons, &tmp);
		str(k, ws, row, 0, r->agency ? report_agency_name(s, r->agency) : w->unidentified, NULL);
		str(k, ws, row, 1, r->from, NULL);
		if (!why) {
			keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
			break;
		}
		str(k, ws, row, 2, why, NULL);
		str(k, ws, row, 3, r->archive_path, NULL);
	}
	buf_free(&tmp);
	if (!s->n_reviews)
		str(k, ws, 1, 0, w->nothing, NULL);
}

static void
corrections_sheet(struct book *k, const struct summary *s, const struct report_words *w)
{
	lxw_worksheet *ws;

	if (!s->n_corrections)
		return;
	if (!(ws = workbook_add_worksheet(k->wb, w->sheet_corrections))) {
		keep(k, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	worksheet_set_column(ws, 0, 4, 28, k->wrap);
	str(k, ws, 0, 0, w->unit, k->head);
	str(k, ws, 0, 1, w->field, k->head);
	str(k, ws, 0, 2, w->value, k->head);
	str(k, ws, 0, 3, w->who, k->head);
	str(k, ws, 0, 4, w->at, k->head);
	for (size_t i = 0; i < s->n_corrections; i++) {
		const struct summary_correction *c = &s->corrections[i];
		lxw_row_t row = (lxw_row_t)(i + 1);
		char when[40];
		report_time(w, c->at, when);
		str(k, ws, row, 0, c->agency->name, NULL);
		str(k, ws, row, 1, c->field, NULL);
		str(k, ws, row, 2, c->value, NULL);
		str(k, ws, row, 3, c->who, NULL);
		str(k, ws, row, 4, when, NULL);
	}
}

int
report_xlsx_write(const struct summary *s, const struct report_opts *o, const char *path,
            struct yk_err *err)
{
	const struct report_words *w = report_words(o->lang);
	struct book k = { 0 };
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
	opinions_sheet(&k, s, w);
	review_sheet(&k, s, w);
	corrections_sheet(&k, s, w);
	e = workbook_close(k.wb); /* writes the file; frees the workbook */
	if (k.rc != LXW_NO_ERROR)
		return yk_err_set(err, YK_EIO, "%s: %s", path, lxw_strerror(k.rc));
	if (e != LXW_NO_ERROR)
		return yk_err_set(err, YK_EIO, "%s: %s", path, lxw_strerror(e));
	return 0;
}
