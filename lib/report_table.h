/*
 * report_table — the table of opinions that every format of `ykien report`
 * writes, built once: its columns with their header labels in the
 * report's language, one row per agency asked with its cells, and the
 * grouping of the rows by the agency's group.  The formats only write it.
 *
 * Two views of the same table:
 * - REPORT_SHEET, one record per agency in configuration order and a
 *   choice section split into its options and its own text, for a
 *   spreadsheet (CSV, the XLSX opinions sheet);
 * - REPORT_GROUPED, the agencies under their group, a section's options
 *   and text in one cell, the status with its marks in one cell, for a
 *   reader (HTML, Markdown).
 *
 * A cell that names who corrected a reply gives the person's name
 * (report_who()), not the login.  Nothing that is only for the office's
 * own checking (an address, a path, a hash) is in a cell unless the
 * table is made for --audit.
 *
 * report_table_new() returns 0 or YK_ENOMEM/YK_ELIMIT; the table owns its
 * labels and cells (report_table_free()), the summary and the words must
 * outlive it.  Cells hold what agencies wrote, untrusted: each format
 * escapes them.
 */
#ifndef YK_REPORT_TABLE_H
#define YK_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"
#include "summary.h"

enum report_view { REPORT_SHEET = 1, REPORT_GROUPED = 2 };

enum report_col_kind {
	REPORT_COL_CODE,
	REPORT_COL_UNIT,
	REPORT_COL_GROUP,
	REPORT_COL_STATUS,       /* on time, late, not replied */
	REPORT_COL_REPLIED_AT,   /* local time; "" when not replied */
	REPORT_COL_ANSWER,       /* a section's answer: the options chosen, then its text */
	REPORT_COL_CHOICES,      /* a choice section's options chosen */
	REPORT_COL_CHOICE_TEXT,  /* a choice section's own text */
	REPORT_COL_REVIEW,       /* "yes" when the reply needs review */
	REPORT_COL_CORRECTED,    /* who corrected the reply, and when */
	REPORT_COL_NOTE,         /* the marks: awaiting review, identified by content */
	/* only with --audit (struct report_opts): where the reply came from
	 * and where it is kept */
	REPORT_COL_FROM,         /* the reply's From */
	REPORT_COL_ARCHIVE,      /* its archive path */
	REPORT_COL_HASH,         /* its SHA-256 */
};

struct report_col {
	enum report_col_kind kind;
	unsigned views;          /* the views it is in: REPORT_SHEET | REPORT_GROUPED */
	size_t section;          /* ANSWER, CHOICES, CHOICE_TEXT: the section of the form */
	char *label;
};

struct report_cell {
	char *text;              /* never NULL; "" when empty */
	bool corrected;          /* REPORT_COL_ANSWER: a person set some of it */
};

struct report_table_row {
	const struct summary_row *r;
	size_t group;            /* index into groups[] */
	struct report_cell *cells; /* one per column */
};

/* A note that explains a mark used in the table, in the views it is for. */
struct report_note {
	const char *text;
	unsigned views;
};

struct report_table {
	const struct report_words *w;
	struct report_col *cols;
	size_t n_cols;
	struct report_table_row *rows;
	size_t n_rows;
	const char **groups;     /* in order of first appearance; a NULL entry (no group) last */
	size_t n_groups;
	struct report_note notes[3];
	size_t n_notes;
};

int report_table_new(const struct summary *s, const struct report_words *w,
                     struct report_table **out);
/* The same, with the audit columns (FROM, ARCHIVE, HASH, in both views)
 * when AUDIT; report_table_new() is this without them. */
int report_table_new_audit(const struct summary *s, const struct report_words *w, bool audit,
                           struct report_table **out);
void report_table_free(struct report_table *t);

/* The cell of ROW in the first column of KIND ("" when there is none). */
const char *report_table_text(const struct report_table *t, size_t row, enum report_col_kind kind);

/* A REPORT_COL_ANSWER cell as a reader sees it: the answer, or a dash for
 * an agency that replied without one. */
const char *report_table_answer(const struct report_table *t, size_t row, size_t col);

/* What the grouped view shows in a row's status cell: the status, its
 * CSS class ("on-time" "late" "missing"), the time of the reply (NULL when
 * not replied), "needs review" (NULL when not) and the marks ("" none). */
struct report_status {
	const char *label, *css, *when, *review, *marks;
};
void report_table_status(const struct report_table *t, size_t row, struct report_status *out);

/* How a format writes the grouped view: a group's heading and column
 * labels (NAME is already in the report's language), one row, what ends a
 * group, a note under the tables.  Each writes straight into B. */
struct report_grouped_fmt {
	void (*group)(struct buf *b, const struct report_table *t, const char *name);
	void (*row)(struct buf *b, const struct report_table *t, size_t row);
	const char *group_end;
	void (*note)(struct buf *b, const char *text);
};

/* The grouped view with FMT into B: each group with its rows in
 * configuration order, then the notes of the grouped view.  The caller
 * checks buf_status() of B. */
void report_table_grouped(const struct report_table *t, const struct report_grouped_fmt *fmt,
                          struct buf *b);

#endif
