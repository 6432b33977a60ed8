/*
 * report_csv — the report as one table, one record per agency asked, for
 * Excel: RFC 4180 (CRLF, quoted fields), UTF-8 with a byte order mark,
 * without which Excel reads the Vietnamese as windows-1252.
 */
#include "report.h"

#include "escape.h"

static int
field(struct buf *b, const char *s, bool last)
{
	int rc = esc_csv(b, s ? s : "");

	return rc | buf_adds(b, last ? "\r\n" : ",");
}

int
report_csv(const struct summary *s, const struct report_opts *o, struct buf *b)
{
	const struct report_words *w = report_words(o->lang);
	const struct yk_form *f = s->cp->form;
	struct buf cell;
	int rc = buf_adds(b, "\xEF\xBB\xBF");

	buf_init(&cell, 0);
	rc |= field(b, w->code, false);
	rc |= field(b, w->unit, false);
	rc |= field(b, w->group, false);
	rc |= field(b, w->status, false);
	rc |= field(b, w->replied_at, false);
	for (size_t k = 0; k < f->n_sections; k++) {
		rc |= field(b, f->sections[k].heading, false);
		if (f->sections[k].n_options) {
			buf_reset(&cell);
			rc |= buf_printf(&cell, "%s (%s)", f->sections[k].heading, w->text_col);
			rc |= field(b, cell.data, false);
		}
	}
	rc |= field(b, w->needs_review, false);
	rc |= field(b, w->corrected, false);
	rc |= field(b, w->note_col, true);
	for (size_t i = 0; i < s->n_rows; i++) {
		const struct summary_row *r = &s->rows[i];
		char when[40] = "";
		if (r->replied)
			report_time(w, r->received_at, when);
		rc |= field(b, r->agency->code, false);
		rc |= field(b, r->agency->name, false);
		rc |= field(b, r->agency->group, false);
		rc |= field(b, report_row_status(w, r), false);
		rc |= field(b, when, false);
		for (size_t k = 0; k < f->n_sections; k++) {
			const struct yk_section *sec = &f->sections[k];
			const struct summary_answer *a = r->answers ? &r->answers[k] : NULL;
			bool corrected;
			buf_reset(&cell);
			if (sec->n_options) {
				/* the options in one column, the section's own text in the next */
				for (size_t n = 0; a && n < sec->n_options; n++)
					if (a->choices & ((uint32_t)1 << n))
						rc |= buf_printf(&cell, "%s%s", cell.len ? "; " : "",
						                 sec->options[n].text);
				rc |= field(b, cell.data, false);
				rc |= field(b, a ? a->text : NULL, false);
			} else {
				rc |= report_answer_text(s, r, k, &cell, &corrected);
				rc |= field(b, cell.data, false);
			}
		}
		rc |= field(b, r->needs_review ? w->yes : "", false);
		buf_reset(&cell);
		if (r->corrected_by) {
			char when2[40];
			report_time(w, r->corrected_at, when2);
			rc |= buf_printf(&cell, "%s, %s", r->corrected_by, when2);
		}
		rc |= field(b, cell.data, false);
		buf_reset(&cell);
		rc |= report_row_marks(w, r, &cell);
		rc |= field(b, cell.data, true);
	}
	buf_free(&cell);
	return rc ? YK_ENOMEM : 0;
}
