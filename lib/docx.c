/*
 * docx — see docx.h.  The body is written with an xmlTextWriter into a
 * memory buffer as it is built; the fixed parts (content types,
 * relationships, styles, settings, the two headers) are constant text;
 * docx_finish() zips them into a buffer source of libzip.
 */
#include "docx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>
#include <unistr.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

struct docx {
	xmlBufferPtr xb;
	xmlTextWriterPtr w;
	unsigned body_pt;
	int rc;
	char why[160];
	bool in_p;
	size_t depth;              /* tables open */
	bool in_cell[DOCX_MAX_DEPTH];
	bool cell_has_p[DOCX_MAX_DEPTH];
	unsigned widths[DOCX_MAX_DEPTH][DOCX_MAX_COLS]; /* of each open table */
	size_t n_cols[DOCX_MAX_DEPTH];
	size_t col[DOCX_MAX_DEPTH];  /* the next cell's column in its row */
	bool landscape;            /* the current section */
	bool first_section;
};

static void
fail(struct docx *d, int rc, const char *why)
{
	if (!d->rc) {
		d->rc = rc;
		snprintf(d->why, sizeof d->why, "%s", why);
	}
}

/* libxml2's writer returns -1 on failure (out of memory here: it writes to
 * memory); the body's size is checked at the end of each paragraph. */
static void
chk(struct docx *d, int r)
{
	if (r < 0)
		fail(d, YK_ENOMEM, "out of memory writing the document");
}

static void
el(struct docx *d, const char *name)
{
	if (!d->rc)
		chk(d, xmlTextWriterStartElement(d->w, (const xmlChar *)name));
}

static void
end(struct docx *d)
{
	if (!d->rc)
		chk(d, xmlTextWriterEndElement(d->w));
}

static void
attr(struct docx *d, const char *name, const char *val)
{
	if (!d->rc)
		chk(d, xmlTextWriterWriteAttribute(d->w, (const xmlChar *)name,
		                                   (const xmlChar *)val));
}

static void
attr_u(struct docx *d, const char *name, unsigned v)
{
	char s[16];

	snprintf(s, sizeof s, "%u", v);
	attr(d, name, s);
}

/* An empty element with one w:val (NAME="w:b", VAL NULL: none). */
static void
leaf(struct docx *d, const char *name, const char *val)
{
	el(d, name);
	if (val)
		attr(d, "w:val", val);
	end(d);
}

static void
leaf_u(struct docx *d, const char *name, unsigned v)
{
	char s[16];

	snprintf(s, sizeof s, "%u", v);
	leaf(d, name, s);
}

static void
check_size(struct docx *d)
{
	if (d->rc)
		return;
	if (xmlTextWriterFlush(d->w) < 0)
		fail(d, YK_ENOMEM, "out of memory writing the document");
	else if ((size_t)xmlBufferLength(d->xb) > DOCX_MAX_BODY)
		fail(d, YK_ELIMIT, "document larger than DOCX_MAX_BODY");
}

int
docx_new(unsigned body_pt, struct docx **out, struct yk_err *err)
{
	struct docx *d = calloc(1, sizeof *d);

	*out = NULL;
	if (!d || !(d->xb = xmlBufferCreate()) || !(d->w = xmlNewTextWriterMemory(d->xb, 0))) {
		if (d && d->xb)
			xmlBufferFree(d->xb);
		free(d);
		return yk_err_set(err, YK_ENOMEM, "docx: out of memory");
	}
	d->body_pt = body_pt ? body_pt : 14;
	d->first_section = true;
	chk(d, xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", "yes"));
	el(d, "w:document");
	attr(d, "xmlns:w", W_NS);
	attr(d, "xmlns:r", R_NS);
	el(d, "w:body");
	*out = d;
	return 0;
}

void
docx_free(struct docx *d)
{
	if (!d)
		return;
	if (d->w)
		xmlFreeTextWriter(d->w);
	if (d->xb)
		xmlBufferFree(d->xb);
	free(d);
}

/* ---- paragraphs ------------------------------------------------------- */

static const char *const align_val[] = { "left", "center", "right", "both" };

void
docx_p_begin(struct docx *d, const struct docx_para *p)
{
	static const struct docx_para none = { 0 };

	if (d->rc)
		return;
	if (d->in_p)
		return fail(d, YK_EINVAL, "docx: paragraph inside a paragraph");
	if (!p)
		p = &none;
	d->in_p = true;
	if (d->depth)
		d->cell_has_p[d->depth - 1] = true;
	el(d, "w:p");
	el(d, "w:pPr");
	if (p->keep_next)
		leaf(d, "w:keepNext", NULL);
	if (p->rule) {
		el(d, "w:pBdr");
		el(d, "w:bottom");
		attr(d, "w:val", "single");
		attr(d, "w:sz", "6");      /* 3/4 pt */
		attr(d, "w:space", "1");
		attr(d, "w:color", "000000");
		end(d);
		end(d);
	}
	el(d, "w:spacing");
	attr_u(d, "w:before", p->before);
	attr_u(d, "w:after", p->no_after ? 0 : p->after ? p->after : 120);
	if (p->line_pt) {
		attr_u(d, "w:line", p->line_pt * 20);
		attr(d, "w:lineRule", "exact");
	}
	end(d);
	if (p->first_line || p->ind_left || p->ind_right) {
		el(d, "w:ind");
		attr_u(d, "w:left", p->ind_left);
		attr_u(d, "w:right", p->ind_right);
		if (p->first_line)
			attr_u(d, "w:firstLine", p->first_line);
		end(d);
	}
	leaf(d, "w:jc", align_val[p->align <= DOCX_BOTH ? p->align : DOCX_LEFT]);
	end(d); /* pPr */
}

void
docx_p_end(struct docx *d)
{
	if (d->rc)
		return;
	if (!d->in_p)
		return fail(d, YK_EINVAL, "docx: end of a paragraph not begun");
	end(d);
	d->in_p = false;
	check_size(d);
}

static void
rpr(struct docx *d, unsigned flags, unsigned pt)
{
	el(d, "w:rPr");
	if (flags & DOCX_BOLD) {
		leaf(d, "w:b", NULL);
		leaf(d, "w:bCs", NULL);
	}
	if (flags & DOCX_ITALIC) {
		leaf(d, "w:i", NULL);
		leaf(d, "w:iCs", NULL);
	}
	if (pt && pt != d->body_pt) {
		leaf_u(d, "w:sz", pt * 2);
		leaf_u(d, "w:szCs", pt * 2);
	}
	if (flags & DOCX_UNDERLINE)
		leaf(d, "w:u", "single");
	end(d);
}

/* Writes N bytes of text as w:t, sanitised: valid UTF-8 without controls. */
static void
text_piece(struct docx *d, const char *s, size_t n)
{
	char *clean;
	size_t i = 0, o = 0;

	if (!n || d->rc)
		return;
	if (!(clean = malloc(n + 1)))
		return fail(d, YK_ENOMEM, "docx: out of memory");
	while (i < n) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, (const uint8_t *)s + i, n - i);
		if (uc == 0xfffd && !(k == 3 && !memcmp(s + i, "\xef\xbf\xbd", 3))) {
			clean[o++] = '?';   /* invalid sequence */
		} else if (uc < 0x20 || uc == 0x7f || uc == 0xfffe || uc == 0xffff) {
			clean[o++] = '?';
		} else {
			memcpy(clean + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)(k > 0 ? k : 1);
	}
	clean[o] = '\0';
	el(d, "w:t");
	attr(d, "xml:space", "preserve");
	if (!d->rc)
		chk(d, xmlTextWriterWriteString(d->w, (const xmlChar *)clean));
	end(d);
	free(clean);
}

void
docx_run(struct docx *d, const char *text, unsigned flags, unsigned pt)
{
	const char *s = text ? text : "";

	if (d->rc)
		return;
	if (!d->in_p)
		return fail(d, YK_EINVAL, "docx: a run outside a paragraph");
	el(d, "w:r");
	rpr(d, flags, pt);
	for (;;) {
		size_t n = strcspn(s, "\n\t\r");
		text_piece(d, s, n);
		s += n;
		if (!*s)
			break;
		if (*s == '\t')
			leaf(d, "w:tab", NULL);
		else if (*s == '\n')
			leaf(d, "w:br", NULL);
		s++; /* a CR alone is dropped: CRLF is one break */
	}
	end(d);
}

void
docx_para(struct docx *d, const struct docx_para *p, const char *text, unsigned flags,
          unsigned pt)
{
	docx_p_begin(d, p);
	if (text && *text)
		docx_run(d, text, flags, pt);
	docx_p_end(d);
}

/* ---- tables ----------------------------------------------------------- */

static void
border(struct docx *d, const char *side, bool on)
{
	el(d, side);
	attr(d, "w:val", on ? "single" : "nil");
	if (on) {
		attr(d, "w:sz", "4");
		attr(d, "w:space", "0");
		attr(d, "w:color", "000000");
	}
	end(d);
}

void
docx_table_begin(struct docx *d, const unsigned *widths, size_t n, bool borders)
{
	static const char *const sides[] = { "w:top", "w:left", "w:bottom", "w:right",
		                             "w:insideH", "w:insideV" };
	unsigned total = 0;

	if (d->rc)
		return;
	if (d->in_p || d->depth >= DOCX_MAX_DEPTH || !n || n > DOCX_MAX_COLS)
		return fail(d, YK_EINVAL, "docx: a table here, or of so many columns");
	if (d->depth && !d->in_cell[d->depth - 1])
		return fail(d, YK_EINVAL, "docx: a table inside a table but not in a cell");
	if (d->depth)
		d->cell_has_p[d->depth - 1] = false; /* a cell must end with a paragraph */
	for (size_t i = 0; i < n; i++)
		total += widths[i];
	d->depth++;
	d->in_cell[d->depth - 1] = false;
	el(d, "w:tbl");
	el(d, "w:tblPr");
	el(d, "w:tblW");
	attr_u(d, "w:w", total);
	attr(d, "w:type", "dxa");
	end(d);
	el(d, "w:tblBorders");
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++)
		border(d, sides[i], borders);
	end(d);
	el(d, "w:tblLayout");
	attr(d, "w:type", "fixed");
	end(d);
	end(d); /* tblPr */
	el(d, "w:tblGrid");
	for (size_t i = 0; i < n; i++) {
		el(d, "w:gridCol");
		attr_u(d, "w:w", widths[i]);
		end(d);
		d->widths[d->depth - 1][i] = widths[i];
	}
	end(d);
	d->n_cols[d->depth - 1] = n;
}

/* Cells take their width from the grid (tblLayout fixed), which Word,
 * LibreOffice and python-docx all honour. */
void
docx_row_begin(struct docx *d, bool header)
{
	if (d->rc)
		return;
	if (!d->depth || d->in_cell[d->depth - 1] || d->in_p)
		return fail(d, YK_EINVAL, "docx: a row outside a table");
	d->col[d->depth - 1] = 0;
	el(d, "w:tr");
	el(d, "w:trPr");
	leaf(d, "w:cantSplit", NULL);
	if (header)
		leaf(d, "w:tblHeader", NULL);
	end(d);
}

void
docx_cell_begin(struct docx *d)
{
	size_t k;

	if (d->rc)
		return;
	if (!d->depth || d->in_cell[d->depth - 1] || d->in_p ||
	    d->col[d->depth - 1] >= d->n_cols[d->depth - 1])
		return fail(d, YK_EINVAL, "docx: a cell outside a row, or past its columns");
	k = d->depth - 1;
	d->in_cell[k] = true;
	d->cell_has_p[k] = false;
	el(d, "w:tc");
	el(d, "w:tcPr");
	el(d, "w:tcW");
	attr_u(d, "w:w", d->widths[k][d->col[k]++]);
	attr(d, "w:type", "dxa");
	end(d);
	end(d);
}

void
docx_cell_end(struct docx *d)
{
	static const struct docx_para tight = { .no_after = true };

	if (d->rc)
		return;
	if (!d->depth || !d->in_cell[d->depth - 1] || d->in_p)
		return fail(d, YK_EINVAL, "docx: end of a cell not begun");
	if (!d->cell_has_p[d->depth - 1])
		docx_para(d, &tight, NULL, 0, 0);
	end(d);
	d->in_cell[d->depth - 1] = false;
}

void
docx_row_end(struct docx *d)
{
	if (d->rc)
		return;
	if (!d->depth || d->in_cell[d->depth - 1])
		return fail(d, YK_EINVAL, "docx: end of a row inside a cell");
	end(d);
	check_size(d);
}

void
docx_table_end(struct docx *d)
{
	if (d->rc)
		return;
	if (!d->depth || d->in_cell[d->depth - 1])
		return fail(d, YK_EINVAL, "docx: end of a table not begun");
	end(d);
	d->depth--;
}

void
docx_row_texts(struct docx *d, const char *const *texts, size_t n, unsigned flags, unsigned pt,
               bool header)
{
	static const struct docx_para cell = { .after = 60 };

	docx_row_begin(d, header);
	for (size_t i = 0; i < n; i++) {
		docx_cell_begin(d);
		docx_para(d, &cell, texts[i], flags, pt);
		docx_cell_end(d);
	}
	docx_row_end(d);
}

/* ---- sections --------------------------------------------------------- */

static void
sect_pr(struct docx *d)
{
	el(d, "w:sectPr");
	if (d->first_section) {
		/* headers: the page number, none on the first page */
		el(d, "w:headerReference");
		attr(d, "w:type", "default");
		attr(d, "r:id", "rIdHdrPage");
		end(d);
		el(d, "w:headerReference");
		attr(d, "w:type", "first");
		attr(d, "r:id", "rIdHdrFirst");
		end(d);
	}
	el(d, "w:pgSz");
	attr_u(d, "w:w", d->landscape ? DOCX_A4_H : DOCX_A4_W);
	attr_u(d, "w:h", d->landscape ? DOCX_A4_W : DOCX_A4_H);
	if (d->landscape)
		attr(d, "w:orient", "landscape");
	end(d);
	el(d, "w:pgMar");
	attr_u(d, "w:top", DOCX_MARGIN_TOP);
	attr_u(d, "w:right", DOCX_MARGIN_RIGHT);
	attr_u(d, "w:bottom", DOCX_MARGIN_BOTTOM);
	attr_u(d, "w:left", DOCX_MARGIN_LEFT);
	attr(d, "w:header", "567");   /* 10 mm: the page number above the text */
	attr(d, "w:footer", "567");
	attr(d, "w:gutter", "0");
	end(d);
	if (d->first_section)
		leaf(d, "w:titlePg", NULL);
	end(d);
}

void
docx_section(struct docx *d, bool landscape)
{
	if (d->rc)
		return;
	if (d->in_p || d->depth)
		return fail(d, YK_EINVAL, "docx: a section break inside a paragraph or table");
	/* a section's properties end it, in its last paragraph */
	el(d, "w:p");
	el(d, "w:pPr");
	sect_pr(d);
	end(d);
	end(d);
	d->first_section = false;
	d->landscape = landscape;
	check_size(d);
}

void
docx_fail(struct docx *d, int rc, const char *why)
{
	fail(d, rc, why);
}

unsigned
docx_text_width(const struct docx *d)
{
	return d->landscape ? DOCX_TEXT_W_LANDSCAPE : DOCX_TEXT_W;
}

/* ---- the package ------------------------------------------------------ */

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"<Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rIdHdrPage\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
	"<Relationship Id=\"rIdHdrFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>"
	"</Relationships>";

/* Times New Roman for every script (Vietnamese is Latin: ascii and hAnsi;
 * cs and eastAsia so that no fallback font appears); %u the body's size in
 * half-points, twice.  Table Normal: no cell padding beyond Word's. */
static const char styles_fmt[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" W_NS "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/>"
	"<w:sz w:val=\"%u\"/><w:szCs w:val=\"%u\"/><w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/>"
	"</w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
	"</w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
	"<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/></w:rPr></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
	"<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
	"<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
	"</w:tblCellMar></w:tblPr></w:style>"
	"</w:styles>";

static const char settings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:settings xmlns:w=\"" W_NS "\">"
	"<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
	"<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
	"</w:settings>";

/* The page number, centred at the top (Nghị định 30: from page 2; the
 * first page has header2, empty, by w:titlePg). */
static const char header_page[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:hdr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
	"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	"<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	"<w:r><w:t>2</w:t></w:r>"
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

static const char header_first[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:hdr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p></w:hdr>";

static int
zip_put(zip_t *z, const char *name, const void *data, size_t len, struct yk_err *err)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);

	if (!s || zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(s);
		return yk_err_set(err, YK_ENOMEM, "docx: %s: %s", name, zip_strerror(z));
	}
	return 0;
}

/* The zip held by SRC (closed) into a malloc'd buffer. */
static int
source_bytes(zip_source_t *src, char **data, size_t *len, struct yk_err *err)
{
	zip_stat_t st;
	zip_int64_t n;
	char *p;

	zip_stat_init(&st);
	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(src) < 0)
		return yk_err_set(err, YK_ENOMEM, "docx: cannot read the package back");
	if (!(p = malloc(st.size ? (size_t)st.size : 1))) {
		zip_source_close(src);
		return yk_err_set(err, YK_ENOMEM, "docx: out of memory");
	}
	n = zip_source_read(src, p, st.size);
	zip_source_close(src);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		free(p);
		return yk_err_set(err, YK_ENOMEM, "docx: cannot read the package back");
	}
	*data = p;
	*len = (size_t)n;
	return 0;
}

int
docx_finish(struct docx *d, char **data, size_t *len, struct yk_err *err)
{
	char styles[sizeof styles_fmt + 16];
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	int rc = 0;

	*data = NULL;
	*len = 0;
	if (!d->rc && (d->in_p || d->depth))
		fail(d, YK_EINVAL, "docx: a paragraph or table left open");
	if (!d->rc) {
		sect_pr(d);
		end(d); /* body */
		end(d); /* document */
		if (!d->rc)
			chk(d, xmlTextWriterEndDocument(d->w));
		check_size(d);
	}
	if (d->rc)
		return yk_err_set(err, d->rc, "%s", d->why);
	snprintf(styles, sizeof styles, styles_fmt, d->body_pt * 2, d->body_pt * 2);

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
		return yk_err_set(err, YK_ENOMEM, "docx: %s", zip_error_strerror(&ze));
	if (!(z = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		zip_source_free(src);
		rc = yk_err_set(err, YK_ENOMEM, "docx: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_source_keep(src);
	/* [Content_Types].xml first, as Word writes it */
	if (zip_put(z, "[Content_Types].xml", content_types, strlen(content_types), err) ||
	    zip_put(z, "_rels/.rels", package_rels, strlen(package_rels), err) ||
	    zip_put(z, "word/_rels/document.xml.rels", document_rels, strlen(document_rels), err) ||
	    zip_put(z, "word/document.xml", xmlBufferContent(d->xb), (size_t)xmlBufferLength(d->xb),
	            err) ||
	    zip_put(z, "word/styles.xml", styles, strlen(styles), err) ||
	    zip_put(z, "word/settings.xml", settings, strlen(settings), err) ||
	    zip_put(z, "word/header1.xml", header_page, strlen(header_page), err) ||
	    zip_put(z, "word/header2.xml", header_first, strlen(header_first), err)) {
		zip_discard(z);
		zip_source_free(src);
		return err->code;
	}
	if (zip_close(z) < 0) {
		rc = yk_err_set(err, YK_ENOMEM, "docx: %s", zip_strerror(z));
		zip_discard(z);
		zip_source_free(src);
		return rc;
	}
	rc = source_bytes(src, data, len, err);
	zip_source_free(src);
	return rc;
}
