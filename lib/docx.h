/*
 * docx — a small WordprocessingML (ECMA-376) writer: paragraphs of runs,
 * tables, portrait and landscape A4 sections, and a page number centred at
 * the top from page 2, in the fonts and sizes Nghị định 30/2020/NĐ-CP
 * asks for (Times New Roman everywhere).  The inverse of what
 * lib/readers/docx.c reads, written with libxml2's xmlTextWriter (escaping)
 * and libzip (the package), so no converter runs at run time.
 *
 * Building: docx_new(), then paragraphs and tables in document order;
 * every call after the first failure does nothing and docx_finish()
 * returns that failure (YK_ENOMEM, YK_ELIMIT past DOCX_MAX_BODY, YK_EINVAL
 * for a call out of order).  struct docx owns everything it holds
 * (docx_free()); docx_finish() hands the zip bytes to the caller (free()).
 * Text is UTF-8; "\n" in a run is a line break, "\t" a tab, other control
 * characters and invalid bytes are written as "?" (an agency's text is
 * untrusted).  Nothing is printed.
 */
#ifndef YK_DOCX_H
#define YK_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Bytes of word/document.xml at most (a báo cáo of 200 agencies quoting a
 * page each is under 2 MiB). */
#define DOCX_MAX_BODY ((size_t)32 << 20)
/* Columns of a table, and table nesting. */
#define DOCX_MAX_COLS 32
#define DOCX_MAX_DEPTH 4

/* A4 in twips (1/20 pt, 1/1440 in), and the margins of Nghị định 30:
 * top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm. */
#define DOCX_A4_W 11906u
#define DOCX_A4_H 16838u
#define DOCX_MARGIN_TOP 1247u    /* 22 mm */
#define DOCX_MARGIN_BOTTOM 1247u /* 22 mm */
#define DOCX_MARGIN_LEFT 1814u   /* 32 mm */
#define DOCX_MARGIN_RIGHT 1020u  /* 18 mm */
/* The width of the text: portrait, landscape. */
#define DOCX_TEXT_W (DOCX_A4_W - DOCX_MARGIN_LEFT - DOCX_MARGIN_RIGHT)
#define DOCX_TEXT_W_LANDSCAPE (DOCX_A4_H - DOCX_MARGIN_LEFT - DOCX_MARGIN_RIGHT)
/* Millimetres to twips, for callers' widths. */
#define DOCX_MM(mm) ((unsigned)((mm) * 567u / 10u))

enum docx_align { DOCX_LEFT, DOCX_CENTER, DOCX_RIGHT, DOCX_BOTH };

/* Run formatting: OR of these, with a size in points (0: the body's). */
enum { DOCX_BOLD = 1, DOCX_ITALIC = 2, DOCX_UNDERLINE = 4 };

/* A paragraph's properties; a zero struct is the body's default (left,
 * no indent, 6 pt after). */
struct docx_para {
	enum docx_align align;
	unsigned first_line;     /* first-line indent, twips */
	unsigned ind_left, ind_right; /* twips */
	unsigned before, after;  /* spacing, twips; after 0 means the default 6 pt */
	bool no_after;           /* really no space after (header lines, tables) */
	bool keep_next;          /* keep with the next paragraph */
	bool rule;               /* a bottom border: the short line under the
	                            issuing body and the Tiêu ngữ, as wide as the
	                            paragraph (use ind_left/ind_right) */
	unsigned line_pt;        /* exact line height in points (0: single); a
	                            rule's own paragraph is made thin with it */
};

struct docx;

/* BODY_PT: the body's size in points (13 or 14). */
int docx_new(unsigned body_pt, struct docx **out, struct yk_err *err);
void docx_free(struct docx *d);

/* A paragraph: begin, runs, end.  docx_para() is all three with one run. */
void docx_p_begin(struct docx *d, const struct docx_para *p);
void docx_run(struct docx *d, const char *text, unsigned flags, unsigned pt);
void docx_p_end(struct docx *d);
void docx_para(struct docx *d, const struct docx_para *p, const char *text, unsigned flags,
               unsigned pt);

/* A table of N columns of WIDTHS twips, with or without borders; cells in
 * row order.  A cell with no paragraph gets an empty one (Word needs it). */
void docx_table_begin(struct docx *d, const unsigned *widths, size_t n, bool borders);
void docx_row_begin(struct docx *d, bool header);  /* header: repeated on each page */
void docx_cell_begin(struct docx *d);
void docx_cell_end(struct docx *d);
void docx_row_end(struct docx *d);
void docx_table_end(struct docx *d);
/* A row of N plain cells (one paragraph each, FLAGS and PT for all). */
void docx_row_texts(struct docx *d, const char *const *texts, size_t n, unsigned flags,
                    unsigned pt, bool header);

/* Ends the current section (on a new page) and begins one in LANDSCAPE or
 * portrait.  The first section has no page number on its first page. */
void docx_section(struct docx *d, bool landscape);
/* Marks the document failed with RC (a caller's own buffer that could not
 * hold a sentence): docx_finish() then returns it with WHY. */
void docx_fail(struct docx *d, int rc, const char *why);

/* The width of the text in the current section, twips. */
unsigned docx_text_width(const struct docx *d);

/* The package: 0 and *DATA (malloc'd, the caller frees) of *LEN bytes, or
 * the first failure of the building with its message in ERR. */
int docx_finish(struct docx *d, char **data, size_t *len, struct yk_err *err);

#endif
