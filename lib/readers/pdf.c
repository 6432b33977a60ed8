/*
 * pdf — the text layer of a PDF through poppler-glib.  A PDF whose pages
 * carry (almost) no text is a scan: *scan_only, for a person to read.
 * A page holding a table (a form printed as Nội dung | Ý kiến) is re-read
 * from its characters' positions (layout.h), since poppler's text runs
 * the cells' lines into each other; other pages are read as poppler
 * gives them.
 */
#include "readers/readers.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#define DYNLIB_POPPLER_NAMES
#include "readers/dynlib.h"
#include "buf.h"
#include "layout.h"
#include "text.h"

/* Pages read: a form is one or two pages; a long PDF is a report. */
#define PDF_MAX_PAGES 50
/* Fewer letters than this over all pages: no text layer. */
#define PDF_MIN_LETTERS 20

/*
 * poppler-glib builds its global parameters (font and encoding tables:
 * about a fifth of the time of reading a one-page form) with the first
 * open document and frees them with the last one.  A daemon reading PDFs
 * one at a time would rebuild them for every attachment, so one empty
 * document is held open from the first PDF read (not before: a process
 * that reads none does not pay for them, nor for poppler, see dynlib.h)
 * until pdf_global_shutdown().  A well-formed file, so that poppler has
 * nothing to complain about on stderr.
 */
static const char pdf_keepalive[] =
	"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
	"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n"
	"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000054 00000 n \n"
	"trailer\n<</Size 3/Root 1 0 R>>\nstartxref\n100\n%%EOF\n";
static PopplerDocument *pdf_keep;
static pthread_once_t pdf_keep_once = PTHREAD_ONCE_INIT;

static void
keep_open(void)
{
	GBytes *bytes = g_bytes_new_static(pdf_keepalive, sizeof pdf_keepalive - 1);

	pdf_keep = poppler_document_new_from_bytes(bytes, NULL, NULL);
	g_bytes_unref(bytes);
}

int
pdf_open(struct yk_err *err)
{
	if (!dynlib_poppler(err))
		return err->code;
	pthread_once(&pdf_keep_once, keep_open);
	return 0;
}

void
pdf_global_shutdown(void)
{
	if (pdf_keep)
		g_object_unref(pdf_keep);
	pdf_keep = NULL;
}

/*
 * Word prints a check box typed from the Wingdings font (Insert Symbol,
 * the default check-box glyphs) with the font's own code points, which
 * poppler gives as private-use characters U+F0xx.  The usual ones become
 * the Unicode boxes the section finder knows, in place (both are three
 * bytes of UTF-8, one character: the text layout's boxes still match).
 */
static void
wingdings_marks(char *t)
{
	for (char *p = strchr(t, '\xef'); p; p = strchr(p + 1, '\xef')) {
		unsigned char b1 = (unsigned char)p[1], b2 = b1 ? (unsigned char)p[2] : 0;
		const char *u = NULL;

		if (b1 < 0x80 || b1 > 0x83 || (b2 & 0xc0) != 0x80)
			continue;
		switch (((b1 & 0x03u) << 6) | (b2 & 0x3fu)) { /* U+F0xx: the glyph's byte */
		case 0xfe: u = "\u2611"; break; /* ☑ */
		case 0xfd: case 0x78: u = "\u2612"; break; /* ☒ */
		case 0xa8: case 0x6f: case 0x71: u = "\u2610"; break; /* ☐ */
		case 0xfc: u = "\u2713"; break; /* ✓ */
		case 0xfb: u = "\u2717"; break; /* ✗ */
		default: break;
		}
		if (u)
			memcpy(p, u, 3);
	}
}

/* Appends page's text T re-read by layout_page() when it holds a table
 * (*table); a page whose layout poppler cannot give is left as read. */
static int
page_layout(PopplerPage *page, const char *t, struct buf *b, bool *table)
{
	PopplerRectangle *r = NULL;
	guint n = 0;
	struct layout_box *box;
	size_t len = strlen(t);
	int rc;

	*table = false;
	/* A table needs a few lines; the layout is a second walk over
	 * poppler's words, not worth it for a line or two. */
	if (!memchr(t, '\n', len) || !poppler_page_get_text_layout(page, &r, &n))
		return 0;
	/* One box per character of the text, or the boxes say nothing
	 * about it. */
	if (n == 0 || n > LAYOUT_MAX_CHARS || (glong)n != g_utf8_strlen(t, (gssize)len)) {
		g_free(r);
		return 0;
	}
	box = malloc(n * sizeof *box);
	if (!box) {
		g_free(r);
		return YK_ENOMEM;
	}
	for (guint i = 0; i < n; i++) {
		box[i].x1 = r[i].x1;
		box[i].y1 = r[i].y1;
		box[i].x2 = r[i].x2;
		box[i].y2 = r[i].y2;
	}
	g_free(r);
	rc = layout_page(t, len, box, n, b, table);
	free(box);
	return rc;
}

int
pdf_text(const char *data, size_t len, char **out, bool *scan_only, struct yk_err *err)
{
	GBytes *bytes = g_bytes_new(data, len);
	GError *gerr = NULL;
	PopplerDocument *doc;
	struct buf b;
	int pages, rc = 0;
	size_t letters = 0;

	*out = NULL;
	*scan_only = false;
	if (pdf_open(err)) {
		g_bytes_unref(bytes);
		return err->code;
	}
	doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!doc) {
		if (gerr)
			g_error_free(gerr);
		return yk_err_set(err, YK_EINVAL, "pdf: not a readable PDF");
	}
	pages = poppler_document_get_n_pages(doc);
	if (pages > PDF_MAX_PAGES)
		pages = PDF_MAX_PAGES; /* the form is on the first pages */
	buf_init(&b, READER_MAX_TEXT);
	for (int i = 0; i < pages && !rc; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *t = page ? poppler_page_get_text(page) : NULL;

		if (t) {
			bool table = false;

			for (const char *p = t; *p; p++)
				letters += (*p & 0x80) || (*p >= 'A' && *p <= 'z');
			wingdings_marks(t);
			rc = page_layout(page, t, &b, &table);
			if (!rc && !table)
				rc = buf_adds(&b, t);
			if (!rc)
				rc = buf_addc(&b, '\n');
			g_free(t);
		}
		if (page)
			g_object_unref(page);
	}
	g_object_unref(doc);
	if (rc == YK_ENOMEM) {
		buf_free(&b);
		return yk_err_set(err, YK_ENOMEM, "pdf: out of memory");
	}
	if (letters < PDF_MIN_LETTERS) {
		*scan_only = true;
		buf_free(&b);
		return yk_err_set(err, YK_EINVAL, "pdf: no text layer (scan only)");
	}
	*out = text_nfc(b.data ? b.data : "", b.len);
	buf_free(&b);
	return *out ? 0 : yk_err_set(err, YK_ENOMEM, "pdf: out of memory");
}
