/*
 * layout — tables rebuilt from where their text stands, and table rows
 * written so that the section finder (form.h) reads a heading before its
 * answer.
 *
 * A PDF has no table, only glyphs at positions: a form printed as a
 * two-column table (Nội dung | Ý kiến của đơn vị) comes out of a text
 * layer with the cells' lines interleaved or glued ("… hành chínhHội thi
 * …").  layout_page() takes the characters of one page with their boxes
 * (poppler's text and text layout), rebuilds words and lines, finds runs
 * of lines that share a vertical gap wider than any word gap (the
 * columns of a table: its rules are not in the text layer), cuts such a
 * run into rows where every column starts a new paragraph at once, and
 * writes each row cell after cell.  A page without such a run is left to
 * the caller as it was read.
 *
 * layout_row() writes one row of cells (docx, odt, HTML and the PDF
 * tables above): each cell a block of lines of its own, left to right, so
 * a heading cell precedes its answer cell.  A cell holding only a tick or
 * box (☒, ☐, X, [x]) or only a row number goes before the next cell's
 * first line ("☒ Đề nghị tiếp tục tổ chức Hội thi"), a tick in the last
 * cell of a one-line row after its label, so the tick counts for the
 * option on its row; in a one-line row a cell ending in a colon keeps
 * its value on its line ("Cơ quan, đơn vị: Sở Y tế").
 *
 * Pure functions: nothing here reads files or keeps state.
 */
#ifndef YK_LAYOUT_H
#define YK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Characters of one page rebuilt; a page with more is left as it was
 * read (a form page has a few thousand). */
#define LAYOUT_MAX_CHARS 100000
/* Lines of one page rebuilt (a page of text has under a hundred). */
#define LAYOUT_MAX_LINES 2000
/* Columns of one table. */
#define LAYOUT_MAX_COLS 8
/* A character's box on the page, y growing downwards (poppler's text
 * layout); x2 <= x1 or y2 <= y1 for a character without a box (a line
 * end). */
struct layout_box {
	double x1, y1, x2, y2;
};

/*
 * TEXT (UTF-8, LEN bytes) is one page's text; BOX[i] is the box of its
 * i-th character (code point), N boxes.  When the page holds a table,
 * appends the whole page re-read (lines outside the table as they stand,
 * the table row by row and cell after cell) to OUT, sets *table and
 * returns 0.  Otherwise appends nothing and *table is false.  Errors:
 * buf_add's (YK_ENOMEM, YK_ELIMIT).
 */
int layout_page(const char *text, size_t len, const struct layout_box *box, size_t n,
                struct buf *out, bool *table);

/* Appends the row of N cells (CELL[i], LEN[i] bytes, lines separated by
 * '\n') to OUT as described above, ending with a line end; an empty row
 * appends nothing.  Errors: buf_add's. */
int layout_row(struct buf *out, const char *const *cell, const size_t *len, size_t n);

/* The same for a row already written to B from ROW_START on, cell i at
 * bytes [START[i], END[i]) of B: what follows ROW_START is replaced by
 * the row as layout_row() writes it (docx, odt and HTML write each cell
 * as they walk it, then call this at the row's end). */
int layout_row_rewrite(struct buf *b, size_t row_start, const size_t *start, const size_t *end,
                       size_t n);

/* Is S (N bytes, spaces around it ignored) only a tick or box mark, or
 * only a row number ("1", "2.", "II")? */
bool layout_cell_is_mark(const char *s, size_t n);

#endif
