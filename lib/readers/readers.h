/*
 * readers — attachment bytes to text, one file per format, each with its
 * own limits: docx.c and odt.c (libzip + libxml2), pdf.c (poppler-glib's
 * text layer), doc.c (antiword or catdoc in a child process), txt.c
 * (BOM, UTF-8 or windows-1258/1252), ocr.c (scans: tesseract, and
 * pdftoppm for PDF pages, in child processes).
 *
 * Every reader: 0 and *out (malloc'd UTF-8 NFC, caller frees) on success;
 * YK_EINVAL for a file it cannot read, YK_ELIMIT for one past a limit
 * (zip bomb, too many entries, too many pages), YK_ENOMEM; err says why.
 * No reader writes outside a private temporary file, and none prints.
 */
#ifndef YK_READERS_H
#define YK_READERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alive.h"
#include "err.h"

/* Attachment bytes accepted by any reader. */
#define READER_MAX_INPUT ((size_t)32 << 20)
/* Text produced by any reader. */
#define READER_MAX_TEXT ((size_t)4 << 20)

enum reader_fmt {
	READER_NONE = 0,
	READER_DOCX,
	READER_ODT,
	READER_PDF,
	READER_DOC,
	READER_TXT,
	READER_HTML,
	READER_IMAGE,
};

/* Format from magic bytes, then file name extension, then content type. */
enum reader_fmt reader_detect(const char *filename, const char *content_type,
                              const char *data, size_t len);
/* "docx" "odt" "pdf" "doc" "txt" "html" "image", NULL for none. */
const char *reader_fmt_name(enum reader_fmt f);
/* Dispatches to the reader of f.  *scan_only: a PDF without text. */
int reader_text(enum reader_fmt f, const char *data, size_t len, char **out,
                bool *scan_only, struct yk_err *err);

/* Zip containers (docx, odt): entries in the archive at most, and bytes
 * inflated from one entry at most.  A real form has ~20 entries and a
 * document.xml under 1 MiB; a zip bomb has thousands or inflates 1000x. */
#define READER_ZIP_MAX_ENTRIES 2000
#define READER_ZIP_MAX_ENTRY ((size_t)32 << 20)

/* The inflated bytes of entry NAME of a zip held in memory, reading at
 * most READER_ZIP_MAX_ENTRY (the declared size is not trusted).
 * *out is malloc'd and NUL-terminated.  YK_ENOTFOUND: no such entry. */
int reader_zip_entry(const char *data, size_t len, const char *name, char **out,
                     size_t *out_len, struct yk_err *err);
/* Entry NAME of a zip in memory parsed as XML (libxml2: no DTD, no entity
 * expansion, no network): *doc, which the caller frees with xmlFreeDoc().
 * WHAT ("docx") begins the error messages.  A void * keeps libxml2 out
 * of this header. */
int reader_zip_xml(const char *data, size_t len, const char *name, const char *what,
                   void **doc, struct yk_err *err);

int docx_text(const char *data, size_t len, char **out, struct yk_err *err);
int odt_text(const char *data, size_t len, char **out, struct yk_err *err);
/* poppler-glib opened (dynlib.h) and its global state kept from then on
 * (speed only), at the first call: YK_EINVAL when poppler cannot be
 * loaded.  pdf_text() and the OCR of a PDF call it; pdf_global_shutdown()
 * (from extract_global_shutdown()) lets the state go. */
int pdf_open(struct yk_err *err);
void pdf_global_shutdown(void);
int pdf_text(const char *data, size_t len, char **out, bool *scan_only, struct yk_err *err);
int doc_text(const char *data, size_t len, char **out, struct yk_err *err);
int txt_text(const char *data, size_t len, char **out, struct yk_err *err);

/*
 * OCR (ocr.c).  Only a picture that may be a form page is read: one of at
 * least OCR_MIN_BYTES and OCR_MIN_SIDE pixels each way (smaller ones are
 * logos, signatures, stamps), or the only content of a reply, then at
 * least OCR_MIN_SIDE_ALONE.  Pages read per message at most (pictures and
 * PDF pages together), and pixels of one page at most (40 MP is an A4 page
 * at 600 dpi; decoded it takes 160 MB per copy).
 */
#define OCR_MIN_BYTES ((size_t)50 << 10)
#define OCR_MIN_SIDE 600
#define OCR_MIN_SIDE_ALONE 300
#define OCR_MAX_PAGES 5
#define OCR_MAX_PIXELS ((uint64_t)40000000)

/* Width and height from a PNG, JPEG, GIF or TIFF header, without decoding
 * the picture: 0, or YK_EINVAL when the header is not one of these or is
 * malformed. */
int ocr_image_size(const char *data, size_t len, uint32_t *w, uint32_t *h);
/* The Vietnamese text of one picture ("" when nothing was recognised).
 * YK_ELIMIT: too many pixels, too slow, too much text; YK_EINVAL:
 * malformed, or tesseract missing. */
int ocr_image(const char *data, size_t len, const struct yk_alive *alive, char **out,
              struct yk_err *err);
/* The same for the first max_pages (at most OCR_MAX_PAGES) pages of a
 * PDF, rendered with pdftoppm at 300 dpi (less for pages too large);
 * *pages_read counts the pages read.  ALIVE (may be NULL) is pinged while
 * the converters run (lib/alive.h). */
int ocr_pdf(const char *data, size_t len, size_t max_pages, const struct yk_alive *alive,
            char **out, size_t *pages_read, struct yk_err *err);

#endif
