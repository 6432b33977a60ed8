/*
 * report_table — the opinions of a campaign as one table: which columns
 * each view has, and the text of every cell, decided here once.
 */
#include "report_table.h"

#include <stdlib.h>
#include <string.h>

/* The options of SEC chosen in CHOICES, "; "-separated. */
static void
choices_text(const struct yk_section *sec, uint32_t choices, struct buf *out)
{
	for (size_t k = 0; k < sec->n_options; k++)
		if (choices & ((uint32_t)1 << k))
			buf_printf(out, "%s%s", out->len ? "; " : "", sec->options[k].text);
}

static int
add_col(struct report_table *t, enum report_col_kind kind, unsigned views, size_t section,
        const char *label)
{
	struct report_col *c = &t->cols[t->n_cols];

	c->kind = kind;
	c->views = views;
	c->section = section;
	if (!(c->label = strdup(label)))
		return YK_ENOMEM;
	t->n_cols++;
	return 0;
}

/* Code, unit, group, status, replied at, each section, review, corrected,
 * note: a choice section is one column for a reader, two in a sheet. */
static int
add_cols(struct report_table *t, const struct yk_form *f, bool audit)
{
	const struct report_words *w = t->w;
	const unsigned both = REPORT_SHEET | REPORT_GROUPED;
	struct buf head;
	int rc;

	if (!(t->cols = calloc(11 + 3 * f->n_sections, sizeof *t->cols)))
		return YK_ENOMEM;
	if ((rc = add_col(t, REPORT_COL_CODE, REPORT_SHEET, 0, w->code)) ||
	    (rc = add_col(t, REPORT_COL_UNIT, both, 0, w->unit)) ||
	    (rc = add_col(t, REPORT_COL_GROUP, REPORT_SHEET, 0, w->group)) ||
	    (rc = add_col(t, REPORT_COL_STATUS, both, 0, w->status)) ||
	    (rc = add_col(t, REPORT_COL_REPLIED_AT, REPORT_SHEET, 0, w->replied_at)))
		return rc;
	buf_init(&head, 0);
	for (size_t k = 0; k < f->n_sections && !rc; k++) {
		const struct yk_section *sec = &f->sections[k];
		if (!sec->n_options) {
			rc = add_col(t, REPORT_COL_ANSWER, both, k, sec->heading);
			continue;
		}
		buf_reset(&head);
		buf_printf(&head, "%s (%s)", sec->heading, w->text_col);
		if (!(rc = buf_status(&head)) &&
		    !(rc = add_col(t, REPORT_COL_ANSWER, REPORT_GROUPED, k, sec->heading)) &&
		    !(rc = add_col(t, REPORT_COL_CHOICES, REPORT_SHEET, k, sec->heading)))
			rc = add_col(t, REPORT_COL_CHOICE_TEXT, REPORT_SHEET, k, head.data);
	}
	buf_free(&head);
	if (rc || (rc = add_col(t, REPORT_COL_REVIEW, REPORT_SHEET, 0, w->needs_review)) ||
	    (rc = add_col(t, REPORT_COL_CORRECTED, REPORT_SHEET, 0, w->corrected)) ||
	    (rc = add_col(t, REPORT_COL_NOTE, REPORT_SHEET, 0, w->note_col)) || !audit)
		return rc;
	if ((rc = add_col(t, REPORT_COL_FROM, both, 0, w->from)) ||
	    (rc = add_col(t, REPORT_COL_ARCHIVE, both, 0, w->archive)))
		return rc;
	return add_col(t, REPORT_COL_HASH, both, 0, w->hash);
}

/* The text of the cell of R in column C into OUT (empty); *corrected for
 * an answer a person set. */
static int
cell_text(const struct report_table *t, const struct summary *s, const struct summary_row *r,
          const struct report_col *c, struct buf *out, bool *corrected)
{
	const struct report_words *w = t->w;
	const struct summary_answer *a = r->answers ? &r->answers[c->section] : NULL;
	char when[40] = "";

	*corrected = false;
	switch (c->kind) {
	case REPORT_COL_CODE: return buf_adds(out, r->agency->code);
	case REPORT_COL_UNIT: return buf_adds(out, r->agency->name);
	case REPORT_COL_GROUP: return r->agency->group ? buf_adds(out, r->agency->group) : 0;
	case REPORT_COL_STATUS: return buf_adds(out, report_row_status(w, r));
	case REPORT_COL_REPLIED_AT:
		if (r->replied)
			report_time(w, r->received_at, when);
		return buf_adds(out, when);
	case REPORT_COL_ANSWER:
		if (!a)
			return 0;
		*corrected = a->text_corrected || a->choices_corrected;
		choices_text(&s->cp->form->sections[c->section], a->choices, out);
		if (a->text)
			buf_printf(out, "%s%s", out->len ? "; " : "", a->text);
		return buf_status(out);
	case REPORT_COL_CHOICES:
		if (a)
			choices_text(&s->cp->form->sections[c->section], a->choices, out);
		return buf_status(out);
	case REPORT_COL_CHOICE_TEXT: return a && a->text ? buf_adds(out, a->text) : 0;
	case REPORT_COL_REVIEW: return r->needs_review ? buf_adds(out, w->yes) : 0;
	case REPORT_COL_CORRECTED:
		if (!r->corrected_by)
			return 0;
		report_time(w, r->corrected_at, when);
		return buf_printf(out, "%s, %s", report_who(s, r->corrected_by), when);
	case REPORT_COL_NOTE: return report_row_marks(w, r, out);
	case REPORT_COL_FROM: return r->from ? buf_adds(out, r->from) : 0;
	case REPORT_COL_ARCHIVE: return r->archive_path ? buf_adds(out, r->archive_path) : 0;
	case REPORT_COL_HASH: return r->sha256 ? buf_adds(out, r->sha256) : 0;
	}
	return 0;
}

/* Agency groups in the order they first appear in the configuration; no
 * group last. */
static void
find_groups(struct report_table *t, const struct summary *s)
{
	bool ungrouped = false;

	for (size_t i = 0; i < s->n_rows; i++) {
		const char *g = s->rows[i].agency->group;
		size_t k;
		if (!g) {
			ungrouped = true;
			continue;
		}
		for (k = 0; k < t->n_groups; k++)
			if (t->groups[k] && !strcmp(t->groups[k], g))
				break;
		if (k == t->n_groups)
			t->groups[t->n_groups++] = g;
	}
	if (ungrouped)
		t->groups[t->n_groups++] = NULL;
}

static size_t
group_of(const struct report_table *t, const struct summary_row *r)
{
	const char *g = r->agency->group;

	for (size_t k = 0; k < t->n_groups; k++)
		if (g ? t->groups[k] && !strcmp(t->groups[k], g) : !t->groups[k])
			return k;
	return 0; /* not reached: every row's group was found */
}

static int
add_rows(struct report_table *t, const struct summary *s)
{
	struct buf cell;
	int rc = 0;

	if (!(t->rows = calloc(s->n_rows ? s->n_rows : 1, sizeof *t->rows)))
		return YK_ENOMEM;
	buf_init(&cell, 0);
	for (size_t i = 0; i < s->n_rows && !rc; i++) {
		struct report_table_row *row = &t->rows[t->n_rows++];
		row->r = &s->rows[i];
		row->group = group_of(t, row->r);
		if (!(row->cells = calloc(t->n_cols, sizeof *row->cells)))
			rc = YK_ENOMEM;
		for (size_t c = 0; c < t->n_cols && !rc; c++) {
			buf_reset(&cell);
			if (!(rc = cell_text(t, s, row->r, &t->cols[c], &cell, &row->cells[c].corrected)) &&
			    !(row->cells[c].text = strdup(cell.data ? cell.data : "")))
				rc = YK_ENOMEM;
		}
	}
	buf_free(&cell);
	return rc;
}

static void
add_note(struct report_table *t, bool used, const char *text, unsigned views)
{
	if (used)
		t->notes[t->n_notes++] = (struct report_note){ .text = text, .views = views };
}

int
report_table_new(const struct summary *s, const struct report_words *w, struct report_table **out)
{
	return report_table_new_audit(s, w, false, out);
}

int
report_table_new_audit(const struct summary *s, const struct report_words *w, bool audit,
                       struct report_table **out)
{
	struct report_table *t = calloc(1, sizeof *t);
	int rc;

	*out = NULL;
	if (!t || !(t->groups = calloc(s->n_rows + 1, sizeof *t->groups))) {
		free(t);
		return YK_ENOMEM;
	}
	t->w = w;
	find_groups(t, s);
	if ((rc = add_cols(t, s->cp->form, audit)) || (rc = add_rows(t, s))) {
		report_table_free(t);
		return rc;
	}
	/* the sheet has no room for the corrections' note: its column says who */
	add_note(t, s->n_corrections, w->corrected_note, REPORT_GROUPED);
	add_note(t, s->t.awaiting, w->awaiting_note, REPORT_SHEET | REPORT_GROUPED);
	add_note(t, s->t.unregistered, w->by_content_note, REPORT_SHEET | REPORT_GROUPED);
	*out = t;
	return 0;
}

void
report_table_free(struct report_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_rows; i++) {
		for (size_t c = 0; t->rows[i].cells && c < t->n_cols; c++)
			free(t->rows[i].cells[c].text);
		free(t->rows[i].cells);
	}
	for (size_t c = 0; c < t->n_cols; c++)
		free(t->cols[c].label);
	free(t->rows);
	free(t->cols);
	free(t->groups);
	free(t);
}

const char *
report_table_text(const struct report_table *t, size_t row, enum report_col_kind kind)
{
	for (size_t c = 0; c < t->n_cols; c++)
		if (t->cols[c].kind == kind)
			return t->rows[row].cells[c].text;
	return "";
}

const char *
report_table_answer(const struct report_table *t, size_t row, size_t col)
{
	const char *text = t->rows[row].cells[col].text;

	return *text ? text : t->rows[row].r->replied ? t->w->no_answer : "";
}

void
report_table_status(const struct report_table *t, size_t row, struct report_status *out)
{
	const struct summary_row *r = t->rows[row].r;

	out->label = report_table_text(t, row, REPORT_COL_STATUS);
	out->css = !r->replied ? "missing" : r->late ? "late" : "on-time";
	out->when = r->replied ? report_table_text(t, row, REPORT_COL_REPLIED_AT) : NULL;
	out->review = r->needs_review ? t->w->needs_review : NULL;
	out->marks = report_table_text(t, row, REPORT_COL_NOTE);
}

void
report_table_grouped(const struct report_table *t, const struct report_grouped_fmt *fmt,
                     struct buf *b)
{
	for (size_t g = 0; g < t->n_groups; g++) {
		fmt->group(b, t, t->groups[g] ? t->groups[g] : t->w->no_group);
		for (size_t i = 0; i < t->n_rows; i++)
			if (t->rows[i].group == g)
				fmt->row(b, t, i);
		buf_adds(b, fmt->group_end);
	}
	for (size_t i = 0; i < t->n_notes; i++)
		if (t->notes[i].views & REPORT_GROUPED)
			fmt->note(b, t->notes[i].text);
}
