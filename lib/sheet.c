/*
 * sheet — see sheet.h.  The zip entries are read by lib/readers (bounded
 * inflate, no DTD, no entities, no network); this file only walks the XML.
 */
#include "sheet.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "readers/readers.h"
#include "readers/xmlnode.h"
#include "text.h"

/* Element nesting followed in a cell's text (text:span in text:span). */
#define SHEET_MAX_DEPTH 32
/* An .ods repeat count believed at most (then only moving the row or
 * column number). */
#define SHEET_MAX_REPEAT_COUNT ((size_t)1 << 24)
/* Spaces one text:s may stand for. */
#define SHEET_MAX_SPACES 64

/* Rows being built: the current row's cells, by column. */
struct build {
	struct sheet *s;
	char *cells[SHEET_MAX_COLS];
	size_t ncells;       /* columns up to the last non-empty one */
	size_t line;         /* the sheet's number of the row being built */
	int rc;
	struct yk_err *err;
};

static void
row_clear(struct build *b)
{
	for (size_t i = 0; i < SHEET_MAX_COLS; i++) {
		free(b->cells[i]);
		b->cells[i] = NULL;
	}
	b->ncells = 0;
}

/* Sets column COL of the current row to a copy of TEXT (trimmed). */
static void
cell_set(struct build *b, size_t col, const char *text, size_t n)
{
	char *c;

	if (b->rc)
		return;
	while (n && (unsigned char)text[0] <= ' ')
		text++, n--;
	while (n && (unsigned char)text[n - 1] <= ' ')
		n--;
	if (!n)
		return;
	if (col >= SHEET_MAX_COLS) {
		b->rc = yk_err_set(b->err, YK_ELIMIT, "row %zu: a cell past column %d", b->line,
		                   SHEET_MAX_COLS);
		return;
	}
	if (n > SHEET_MAX_CELL) {
		b->rc = yk_err_set(b->err, YK_ELIMIT, "row %zu: a cell of more than %d bytes", b->line,
		                   SHEET_MAX_CELL);
		return;
	}
	c = malloc(n + 1);
	if (!c) {
		b->rc = yk_err_set(b->err, YK_ENOMEM, "sheet: out of memory");
		return;
	}
	memcpy(c, text, n);
	c[n] = '\0';
	free(b->cells[col]);
	b->cells[col] = c;
	if (col + 1 > b->ncells)
		b->ncells = col + 1;
}

/* Ends the current row as row number LINE; an empty one is left out. */
static void
row_end(struct build *b, size_t line)
{
	struct sheet_row *r, *nr;

	if (b->rc || !b->ncells) {
		row_clear(b);
		return;
	}
	if (b->s->n >= SHEET_MAX_ROWS) {
		b->rc = yk_err_set(b->err, YK_ELIMIT, "more than %d rows", SHEET_MAX_ROWS);
		row_clear(b);
		return;
	}
	nr = realloc(b->s->rows, (b->s->n + 1) * sizeof *nr);
	if (!nr) {
		b->rc = yk_err_set(b->err, YK_ENOMEM, "sheet: out of memory");
		row_clear(b);
		return;
	}
	b->s->rows = nr;
	r = &nr[b->s->n];
	r->line = line;
	r->n = b->ncells;
	r->cells = calloc(b->ncells, sizeof *r->cells);
	if (!r->cells) {
		b->rc = yk_err_set(b->err, YK_ENOMEM, "sheet: out of memory");
		row_clear(b);
		return;
	}
	for (size_t i = 0; i < b->ncells; i++) {
		r->cells[i] = b->cells[i] ? b->cells[i] : strdup("");
		b->cells[i] = NULL;
		if (!r->cells[i])
			b->rc = yk_err_set(b->err, YK_ENOMEM, "sheet: out of memory");
	}
	b->s->n++;
	row_clear(b);
}

static int
build_begin(struct build *b, struct yk_err *err)
{
	memset(b, 0, sizeof *b);
	b->err = err;
	b->s = calloc(1, sizeof *b->s);
	return b->s ? 0 : yk_err_set(err, YK_ENOMEM, "sheet: out of memory");
}

static int
build_end(struct build *b, struct sheet **out)
{
	row_clear(b);
	if (b->rc) {
		sheet_free(b->s);
		return b->rc;
	}
	*out = b->s;
	return 0;
}

void
sheet_free(struct sheet *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->rows[i].n; j++)
			free(s->rows[i].cells[j]);
		free(s->rows[i].cells);
	}
	free(s->rows);
	free(s);
}

const char *
sheet_cell(const struct sheet_row *r, size_t c)
{
	return c < r->n ? r->cells[c] : "";
}

/* ---- CSV (RFC 4180) ---------------------------------------------------- */

char
sheet_csv_delim(const char *line, size_t n)
{
	static const char cand[] = { ';', '\t', ',' };
	size_t cnt[3] = { 0 }, best = 2;
	bool q = false;

	for (size_t i = 0; i < n; i++) {
		if (line[i] == '"')
			q = !q;
		else if (!q)
			for (size_t k = 0; k < 3; k++)
				cnt[k] += line[i] == cand[k];
	}
	for (size_t k = 0; k < 3; k++)
		if (cnt[k] > cnt[best])
			best = k;
	return cand[best];
}

int
sheet_read_csv(const char *data, size_t len, struct sheet **out, struct yk_err *err)
{
	struct build b;
	struct buf cell;
	char *t, d;
	size_t n, col = 0, line = 1, head = 0, nl = 0;
	bool q = false;
	int rc;

	*out = NULL;
	if (len > SHEET_MAX_INPUT)
		return yk_err_set(err, YK_ELIMIT, "csv: more than %zu bytes", SHEET_MAX_INPUT);
	/* UTF-8 (BOM dropped) or, when not valid UTF-8, windows-1258, whose
	 * combining tone marks are composed to NFC */
	t = text_to_utf8(data, len, NULL, NULL);
	if (!t)
		return yk_err_set(err, YK_ENOMEM, "csv: out of memory");
	n = strlen(t);
	/* the header may sit below a title row: look at the first lines */
	while (head < n && nl < 8)
		nl += t[head++] == '\n';
	d = sheet_csv_delim(t, head);
	if ((rc = build_begin(&b, err))) {
		free(t);
		return rc;
	}
	buf_init(&cell, SHEET_MAX_CELL);
	for (size_t i = 0; i <= n && !b.rc; i++) {
		char c = i < n ? t[i] : '\n';

		if (q) {
			if (c == '"' && i + 1 < n && t[i + 1] == '"') {
				(void)buf_addc(&cell, '"');
				i++;
			} else if (c == '"') {
				q = false;
			} else if (i == n) {
				/* an unclosed quote ends with the file */
				q = false;
				i--;
			} else {
				(void)buf_addc(&cell, c);
			}
			continue;
		}
		if (c == '"' && cell.len == 0) {
			q = true;
		} else if (c == d || c == '\n') {
			b.line = line;
			if (buf_status(&cell)) {
				b.rc = yk_err_set(err, YK_ELIMIT, "csv: row %zu: a cell of more than %d bytes",
				                  line, SHEET_MAX_CELL);
				break;
			}
			cell_set(&b, col, cell.data ? cell.data : "", cell.len);
			buf_reset(&cell);
			col++;
			if (c == '\n') {
				/* an empty row is left out, its number counted */
				row_end(&b, line);
				line++;
				col = 0;
			}
		} else if (c != '\r') {
			(void)buf_addc(&cell, c);
		}
	}
	buf_free(&cell);
	free(t);
	return build_end(&b, out);
}

/* ---- common XML -------------------------------------------------------- */

/* Text of N's descendants (text nodes; text:s spaces, tabs and line breaks
 * of .ods; not the phonetic runs, rPh, of .xlsx) appended to OUT. */
static void
xml_text(const xmlNode *n, struct buf *out, int depth)
{
	if (depth > SHEET_MAX_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				(void)buf_adds(out, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || xmlnode_is(n, "rPh") ||
		    xmlnode_is(n, "annotation"))
			continue;
		if (xmlnode_is(n, "s")) {
			const char *c = xmlnode_attr(n, "c");
			long k = c ? strtol(c, NULL, 10) : 1;

			for (long i = 0; i < k && i < SHEET_MAX_SPACES; i++)
				(void)buf_addc(out, ' ');
			continue;
		}
		if (xmlnode_is(n, "tab")) {
			(void)buf_addc(out, '\t');
			continue;
		}
		if (xmlnode_is(n, "line-break")) {
			(void)buf_addc(out, '\n');
			continue;
		}
		if (xmlnode_is(n, "p") && out->len)
			(void)buf_addc(out, '\n');
		xml_text(n->children, out, depth + 1);
	}
}

static const xmlNode *
find(const xmlNode *n, const char *name, int depth)
{
	if (depth > SHEET_MAX_DEPTH)
		return NULL;
	for (; n; n = n->next) {
		const xmlNode *f;

		if (xmlnode_is(n, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && (f = find(n->children, name, depth + 1)))
			return f;
	}
	return NULL;
}

/* ---- .xlsx ------------------------------------------------------------- */

struct sst {
	char **s;
	size_t n;
};

static void
sst_free(struct sst *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
}

static int
sst_load(const char *data, size_t len, struct sst *t, struct yk_err *err)
{
	void *v;
	xmlDocPtr doc;
	size_t cap = 0;
	int rc = reader_zip_xml(data, len, "xl/sharedStrings.xml", "xlsx", &v, err);

	memset(t, 0, sizeof *t);
	if (rc == YK_ENOTFOUND) {
		/* a workbook of numbers and inline strings has none */
		yk_err_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	doc = v;
	for (const xmlNode *si = xmlDocGetRootElement(doc)->children; si && !rc; si = si->next) {
		struct buf b;

		if (!xmlnode_is(si, "si"))
			continue;
		if (t->n == cap) {
			char **ns;

			if (cap >= (size_t)SHEET_MAX_ROWS * SHEET_MAX_COLS) {
				rc = yk_err_set(err, YK_ELIMIT, "xlsx: too many shared strings");
				break;
			}
			cap = cap ? cap * 2 : 256;
			ns = realloc(t->s, cap * sizeof *ns);
			if (!ns) {
				rc = yk_err_set(err, YK_ENOMEM, "xlsx: out of memory");
				break;
			}
			t->s = ns;
		}
		buf_init(&b, SHEET_MAX_CELL);
		xml_text(si->children, &b, 0);
		if (buf_status(&b) == YK_ELIMIT) {
			/* kept cut: refused only if a cell uses it */
			buf_reset(&b);
			(void)buf_adds(&b, "\x01");
		}
		t->s[t->n] = buf_take(&b);
		if (!t->s[t->n])
			t->s[t->n] = strdup("");
		if (!t->s[t->n++])
			rc = yk_err_set(err, YK_ENOMEM, "xlsx: out of memory");
	}
	xmlFreeDoc(doc);
	if (rc)
		sst_free(t);
	return rc;
}

/* The zip path of the workbook's first sheet, into OUT (cap bytes). */
static int
xlsx_first_sheet(const char *data, size_t len, char *out, size_t cap, struct yk_err *err)
{
	void *v;
	xmlDocPtr doc;
	const xmlNode *sh;
	char rid[128] = "";
	int rc;

	snprintf(out, cap, "xl/worksheets/sheet1.xml");
	if ((rc = reader_zip_xml(data, len, "xl/workbook.xml", "xlsx", &v, err)))
		return rc;
	doc = v;
	sh = find(xmlDocGetRootElement(doc), "sheet", 0);
	if (sh && xmlnode_attr(sh, "id"))
		snprintf(rid, sizeof rid, "%s", xmlnode_attr(sh, "id"));
	xmlFreeDoc(doc);
	if (!*rid)
		return 0;
	if ((rc = reader_zip_xml(data, len, "xl/_rels/workbook.xml.rels", "xlsx", &v, err))) {
		yk_err_clear(err);
		return 0;
	}
	doc = v;
	for (const xmlNode *r = xmlDocGetRootElement(doc)->children; r; r = r->next) {
		const char *id = xmlnode_is(r, "Relationship") ? xmlnode_attr(r, "Id") : NULL;
		const char *tg = id && !strcmp(id, rid) ? xmlnode_attr(r, "Target") : NULL;

		if (!tg)
			continue;
		if (tg[0] == '/')
			snprintf(out, cap, "%s", tg + 1);
		else
			snprintf(out, cap, "xl/%s", tg);
		break;
	}
	xmlFreeDoc(doc);
	return 0;
}

/* "C5" → column 2 (0-based); SIZE_MAX when not a reference. */
static size_t
ref_col(const char *r)
{
	size_t c = 0;
	bool any = false;

	for (; r && *r >= 'A' && *r <= 'Z'; r++) {
		any = true;
		c = c * 26 + (size_t)(*r - 'A' + 1);
		if (c > 20000)
			return SIZE_MAX;
	}
	return any ? c - 1 : SIZE_MAX;
}

/* A number cell as a person sees it: "12", not "12.0". */
static void
number_text(const char *v, char *out, size_t cap)
{
	char *end;
	double d = strtod(v, &end);

	if (*v && !*end && d == (double)(long long)d && d > -1e15 && d < 1e15)
		snprintf(out, cap, "%lld", (long long)d);
	else
		snprintf(out, cap, "%s", v);
}

int
sheet_read_xlsx(const char *data, size_t len, struct sheet **out, struct yk_err *err)
{
	char path[512];
	struct sst sst;
	struct build b;
	void *v;
	xmlDocPtr doc;
	const xmlNode *sd;
	size_t line = 0;
	int rc;

	*out = NULL;
	if ((rc = xlsx_first_sheet(data, len, path, sizeof path, err)))
		return rc;
	if ((rc = sst_load(data, len, &sst, err)))
		return rc;
	if ((rc = reader_zip_xml(data, len, path, "xlsx", &v, err))) {
		sst_free(&sst);
		return rc;
	}
	doc = v;
	if ((rc = build_begin(&b, err))) {
		xmlFreeDoc(doc);
		sst_free(&sst);
		return rc;
	}
	sd = find(xmlDocGetRootElement(doc), "sheetData", 0);
	for (const xmlNode *row = sd ? sd->children : NULL; row && !b.rc; row = row->next) {
		const char *ra;
		size_t col = 0;

		if (!xmlnode_is(row, "row"))
			continue;
		ra = xmlnode_attr(row, "r");
		line = ra ? strtoul(ra, NULL, 10) : line + 1;
		b.line = line;
		for (const xmlNode *c = row->children; c && !b.rc; c = c->next) {
			const char *t, *r;
			const xmlNode *vn;
			struct buf cb;
			char num[64];

			if (!xmlnode_is(c, "c"))
				continue;
			r = xmlnode_attr(c, "r");
			if (r && ref_col(r) != SIZE_MAX)
				col = ref_col(r);
			t = xmlnode_attr(c, "t");
			buf_init(&cb, SHEET_MAX_CELL);
			if (t && !strcmp(t, "inlineStr")) {
				vn = find(c->children, "is", 0);
				if (vn)
					xml_text(vn->children, &cb, 0);
			} else if ((vn = find(c->children, "v", 0))) {
				xmlChar *x = xmlNodeGetContent(vn);
				const char *xs = x ? (const char *)x : "";

				if (t && !strcmp(t, "s")) {
					char *e;
					unsigned long k = strtoul(xs, &e, 10);

					if (*xs && !*e && k < sst.n)
						(void)buf_adds(&cb, sst.s[k]);
					if (*xs && !*e && k < sst.n && !strcmp(sst.s[k], "\x01"))
						b.rc = yk_err_set(err, YK_ELIMIT,
						                  "xlsx: row %zu: a cell of more than %d bytes",
						                  line, SHEET_MAX_CELL);
				} else if (!t || !strcmp(t, "n")) {
					number_text(xs, num, sizeof num);
					(void)buf_adds(&cb, num);
				} else {
					(void)buf_adds(&cb, xs);
				}
				xmlFree(x);
			}
			if (buf_status(&cb) == YK_ELIMIT && !b.rc)
				b.rc = yk_err_set(err, YK_ELIMIT, "xlsx: row %zu: a cell of more than %d bytes",
				                  line, SHEET_MAX_CELL);
			else if (buf_status(&cb) && !b.rc)
				b.rc = yk_err_set(err, YK_ENOMEM, "xlsx: out of memory");
			if (cb.len)
				cell_set(&b, col, cb.data, cb.len);
			buf_free(&cb);
			col++;
		}
		row_end(&b, line);
	}
	xmlFreeDoc(doc);
	sst_free(&sst);
	return build_end(&b, out);
}

/* ---- .ods -------------------------------------------------------------- */

static size_t
repeat(const xmlNode *n, const char *attr)
{
	const char *a = xmlnode_attr(n, attr);
	char *e;
	unsigned long k = a ? strtoul(a, &e, 10) : 1;

	if (!a || *e || k == 0)
		return 1;
	/* past any office program's sheet (1,048,576 rows, 16,384 columns):
	 * a count that could only overflow the row numbers */
	return k > SHEET_MAX_REPEAT_COUNT ? SHEET_MAX_REPEAT_COUNT : (size_t)k;
}

struct ods {
	struct build *b;
	size_t line;
};

static void
ods_row(struct ods *o, const xmlNode *row)
{
	struct build *b = o->b;
	size_t rep = repeat(row, "number-rows-repeated"), col = 0;

	b->line = o->line + 1;

	for (const xmlNode *c = row->children; c && !b->rc; c = c->next) {
		size_t crep;
		struct buf cb;

		if (!xmlnode_is(c, "table-cell") && !xmlnode_is(c, "covered-table-cell"))
			continue;
		crep = repeat(c, "number-columns-repeated");
		buf_init(&cb, SHEET_MAX_CELL);
		xml_text(c->children, &cb, 0);
		if (buf_status(&cb)) {
			b->rc = yk_err_set(b->err, buf_status(&cb),
			                   "ods: row %zu: a cell of more than %d bytes", o->line + 1,
			                   SHEET_MAX_CELL);
		} else if (cb.len) {
			/* a repeated cell with text is copied, within the columns kept */
			for (size_t k = 0; k < crep && !b->rc; k++)
				cell_set(b, col + k, cb.data, cb.len);
		}
		buf_free(&cb);
		/* an empty repeat (office programs write one to column 1024) only
		 * moves the column */
		col = crep >= SHEET_MAX_COLS * 2 - col ? SHEET_MAX_COLS * 2 : col + crep;
	}
	if (!b->ncells) {
		/* empty rows repeated a million times cost nothing */
		o->line += rep;
		row_clear(b);
		return;
	}
	if (rep > SHEET_MAX_REPEAT) {
		b->rc = yk_err_set(b->err, YK_ELIMIT, "ods: row %zu repeated %zu times (at most %d)",
		                   o->line + 1, rep, SHEET_MAX_REPEAT);
		return;
	}
	for (size_t k = 0; k < rep && !b->rc; k++) {
		char *keep[SHEET_MAX_COLS];
		size_t nc = b->ncells;

		/* row_end() takes the cells: copy them first for the next repeat */
		for (size_t i = 0; i < nc; i++)
			keep[i] = k + 1 < rep && b->cells[i] ? strdup(b->cells[i]) : NULL;
		row_end(b, ++o->line);
		for (size_t i = 0; i < nc; i++)
			b->cells[i] = keep[i];
		b->ncells = k + 1 < rep ? nc : 0;
	}
}

static void
ods_rows(struct ods *o, const xmlNode *n, int depth)
{
	if (depth > SHEET_MAX_DEPTH)
		return;
	for (; n && !o->b->rc; n = n->next) {
		if (xmlnode_is(n, "table-row"))
			ods_row(o, n);
		else if (xmlnode_is(n, "table-header-rows") || xmlnode_is(n, "table-row-group") ||
		         xmlnode_is(n, "table-rows"))
			ods_rows(o, n->children, depth + 1);
	}
}

int
sheet_read_ods(const char *data, size_t len, struct sheet **out, struct yk_err *err)
{
	struct build b;
	struct ods o;
	void *v;
	xmlDocPtr doc;
	const xmlNode *tb;
	int rc;

	*out = NULL;
	if ((rc = reader_zip_xml(data, len, "content.xml", "ods", &v, err)))
		return rc;
	doc = v;
	if ((rc = build_begin(&b, err))) {
		xmlFreeDoc(doc);
		return rc;
	}
	tb = find(xmlDocGetRootElement(doc), "table", 0);
	o.b = &b;
	o.line = 0;
	if (tb)
		ods_rows(&o, tb->children, 0);
	xmlFreeDoc(doc);
	return build_end(&b, out);
}

/* ---- dispatch ---------------------------------------------------------- */

static bool
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcasecmp(s + a - b, suf);
}

enum sheet_fmt
sheet_detect(const char *name, const char *data, size_t len)
{
	/* a zip says what it holds (the names of its entries are stored
	 * uncompressed), whatever its file is called */
	if (len > 4 && !memcmp(data, "PK\3\4", 4)) {
		if (memmem(data, len, "xl/workbook.xml", 15))
			return SHEET_XLSX;
		if (memmem(data, len, "content.xml", 11))
			return SHEET_ODS;
	}
	if (name && ends_with(name, ".xlsx"))
		return SHEET_XLSX;
	if (name && ends_with(name, ".ods"))
		return SHEET_ODS;
	if (len > 4 && !memcmp(data, "PK\3\4", 4))
		return SHEET_UNKNOWN;
	return SHEET_CSV;
}

int
sheet_read(enum sheet_fmt f, const char *data, size_t len, struct sheet **out,
           struct yk_err *err)
{
	*out = NULL;
	if (len > SHEET_MAX_INPUT)
		return yk_err_set(err, YK_ELIMIT, "a spreadsheet of more than %zu bytes",
		                  SHEET_MAX_INPUT);
	switch (f) {
	case SHEET_CSV: return sheet_read_csv(data, len, out, err);
	case SHEET_XLSX: return sheet_read_xlsx(data, len, out, err);
	case SHEET_ODS: return sheet_read_ods(data, len, out, err);
	default: break;
	}
	return yk_err_set(err, YK_EINVAL, "not a spreadsheet ykien reads (.xlsx, .ods, .csv)");
}
