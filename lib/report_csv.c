/*
 * report_csv — the report as one table, one record per agency asked, for
 * Excel: RFC 4180 (CRLF, quoted fields), UTF-8 with a byte order mark,
 * without which Excel reads the Vietnamese as windows-1252.  The table is
 * the sheet view of lib/report_table.h, the same as the XLSX opinions,
 * with the sender, archive path and hash of each reply only for --audit.
 */
#include "report.h"

#include "escape.h"
#include "report_table.h"

/* One record: the labels (ROW SIZE_MAX) or the cells of ROW. */
static void
record(struct buf *b, const struct report_table *t, size_t row)
{
	bool first = true;

	for (size_t c = 0; c < t->n_cols; c++) {
		if (!(t->cols[c].views & REPORT_SHEET))
			continue;
		if (!first)
			buf_addc(b, ',');
		esc_csv(b, row == SIZE_MAX ? t->cols[c].label : t->rows[row].cells[c].text);
		first = false;
	}
	buf_adds(b, "\r\n");
}

int
report_csv(const struct summary *s, const struct report_opts *o, struct buf *b)
{
	struct report_table *t;
	int rc = report_table_new_audit(s, report_words(o->lang), o->audit, &t);

	if (rc)
		return rc;
	buf_adds(b, "\xEF\xBB\xBF");
	record(b, t, SIZE_MAX);
	for (size_t i = 0; i < t->n_rows; i++)
		record(b, t, i);
	report_table_free(t);
	return buf_status(b);
}
