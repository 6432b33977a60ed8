/*
 * sheet — the first worksheet of a spreadsheet as rows of UTF-8 cells:
 * .xlsx (ECMA-376 SpreadsheetML: xl/workbook.xml, its relationships,
 * sharedStrings.xml, inline strings, cell references with gaps), .ods
 * (OpenDocument content.xml, repeated rows and columns bounded) and .csv
 * (RFC 4180 quotes; UTF-8 with or without BOM, or windows-1258 when not
 * valid UTF-8, composed to NFC; delimiter ',' ';' or tab, from the header).
 *
 * Row numbers are the sheet's own (1-based, as the program showing the
 * file numbers them), so a problem can be reported where a person looks.
 * Empty rows are left out.  A struct sheet and everything in it is owned
 * by the caller: sheet_free().  Errors: YK_EINVAL (unreadable), YK_ELIMIT
 * (past a limit below), YK_ENOMEM.
 */
#ifndef YK_SHEET_H
#define YK_SHEET_H

#include <stddef.h>

#include "err.h"

/* Rows kept (a province has ~120 agencies; a sheet of a whole country's
 * communes has ~10,000). */
#define SHEET_MAX_ROWS 20000
/* Columns of a row. */
#define SHEET_MAX_COLS 64
/* Bytes of one cell (a list of addresses is a few hundred). */
#define SHEET_MAX_CELL 4096
/* Bytes of the file itself. */
#define SHEET_MAX_INPUT ((size_t)32 << 20)
/* Row or column repeats followed in an .ods: a hostile file may declare a
 * million; an empty repeat past the data is what office programs write. */
#define SHEET_MAX_REPEAT 1000

struct sheet_row {
	size_t line;      /* the sheet's row number, 1-based */
	char **cells;     /* n cells, "" for an empty one; never NULL */
	size_t n;
};

struct sheet {
	struct sheet_row *rows;
	size_t n;
};

enum sheet_fmt { SHEET_UNKNOWN = 0, SHEET_CSV, SHEET_XLSX, SHEET_ODS };

/* From the bytes (a zip with xl/workbook.xml or content.xml), then the
 * file name's extension; another zip is SHEET_UNKNOWN, anything else CSV. */
enum sheet_fmt sheet_detect(const char *name, const char *data, size_t len);
int sheet_read(enum sheet_fmt f, const char *data, size_t len, struct sheet **out,
               struct yk_err *err);
int sheet_read_csv(const char *data, size_t len, struct sheet **out, struct yk_err *err);
int sheet_read_xlsx(const char *data, size_t len, struct sheet **out, struct yk_err *err);
int sheet_read_ods(const char *data, size_t len, struct sheet **out, struct yk_err *err);
/* The delimiter of a CSV whose first line is LINE (N bytes): the most
 * frequent of ';' tab ',' outside quotes; ',' when none is there. */
char sheet_csv_delim(const char *line, size_t n);
/* Cell C of row R, "" when the row is shorter. */
const char *sheet_cell(const struct sheet_row *r, size_t c);
void sheet_free(struct sheet *s);

#endif
