/*
 * escape — untrusted text (what agencies wrote) made safe for each output:
 * HTML, CSV (RFC 4180), Markdown, a terminal.  Pure; each appends to a
 * caller-owned struct buf and returns buf_status(out): 0, or the first
 * YK_ENOMEM/YK_ELIMIT of that buffer (then what it holds is incomplete).
 */
#ifndef YK_ESCAPE_H
#define YK_ESCAPE_H

#include "buf.h"

/* & < > " ' as entities; control characters other than tab and newline
 * dropped (they have no place in a report, and some are invalid in HTML). */
int esc_html(struct buf *out, const char *s);

/*
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF,
 * quotes doubled, line ends as CRLF inside the quotes.  A field starting
 * with = + - @ or a tab or CR gets a leading apostrophe, so that a
 * spreadsheet never runs an agency's text as a formula.
 */
int esc_csv(struct buf *out, const char *s);

/* S as a quoted libconfig string ("…", \" and \\ escaped; control
 * characters, which it cannot hold, left out); NULL is "". */
int esc_libconfig(struct buf *out, const char *s);

/* A Markdown table cell: \ ` * _ [ ] < > | # escaped with a backslash,
 * line breaks as <br> (a cell is one line). */
int esc_md_cell(struct buf *out, const char *s);

/* For a terminal: control characters (C0 other than tab and newline, DEL,
 * C1) shown as \xNN, so text cannot move the cursor or change colours. */
int esc_term(struct buf *out, const char *s);

#endif
