/*
 * readers — format detection and dispatch, see readers.h.
 */
#include "readers/readers.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "text.h"

static bool
ext_is(const char *fn, const char *ext)
{
	size_t fl, el = strlen(ext);

	if (!fn)
		return false;
	fl = strlen(fn);
	return fl > el && fn[fl - el - 1] == '.' && !strcasecmp(fn + fl - el, ext);
}

static bool
type_has(const char *ct, const char *s)
{
	return ct && strcasestr(ct, s) != NULL;
}

enum reader_fmt
reader_detect(const char *fn, const char *ct, const char *data, size_t len)
{
	const unsigned char *d = (const unsigned char *)data;

	if (len >= 4 && !memcmp(d, "PK\x03\x04", 4)) {
		/* Both are zip files; the mimetype entry of an ODF file is
		 * stored first, uncompressed, by the standard. */
		if (len > 80 && memmem(data, len < 200 ? len : 200,
		                       "application/vnd.oasis.opendocument.text", 39))
			return READER_ODT;
		if (ext_is(fn, "odt") || type_has(ct, "opendocument"))
			return READER_ODT;
		return READER_DOCX;
	}
	if (len >= 5 && !memcmp(d, "%PDF-", 5))
		return READER_PDF;
	if (len >= 8 && !memcmp(d, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return READER_DOC;
	if ((len >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) ||
	    (len >= 3 && !memcmp(d, "\xff\xd8\xff", 3)) ||
	    (len >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) ||
	    (len >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4))) ||
	    type_has(ct, "image/") || ext_is(fn, "jpg") || ext_is(fn, "jpeg") ||
	    ext_is(fn, "png") || ext_is(fn, "tif") || ext_is(fn, "tiff") || ext_is(fn, "heic"))
		return READER_IMAGE;
	if (ext_is(fn, "html") || ext_is(fn, "htm") || type_has(ct, "text/html"))
		return READER_HTML;
	if (ext_is(fn, "txt") || type_has(ct, "text/plain"))
		return READER_TXT;
	if (ext_is(fn, "docx"))
		return READER_DOCX;
	if (ext_is(fn, "doc"))
		return READER_DOC;
	return READER_NONE;
}

const char *
reader_fmt_name(enum reader_fmt f)
{
	switch (f) {
	case READER_DOCX: return "docx";
	case READER_ODT: return "odt";
	case READER_PDF: return "pdf";
	case READER_DOC: return "doc";
	case READER_TXT: return "txt";
	case READER_HTML: return "html";
	case READER_IMAGE: return "image";
	case READER_NONE: break;
	}
	return NULL;
}

int
reader_text(enum reader_fmt f, const char *data, size_t len, char **out,
            bool *scan_only, struct yk_err *err)
{
	*out = NULL;
	if (scan_only)
		*scan_only = false;
	if (len > READER_MAX_INPUT)
		return yk_err_set(err, YK_ELIMIT, "attachment larger than %zu bytes",
		                  (size_t)READER_MAX_INPUT);
	switch (f) {
	case READER_DOCX: return docx_text(data, len, out, err);
	case READER_ODT: return odt_text(data, len, out, err);
	case READER_PDF: return pdf_text(data, len, out, scan_only, err);
	case READER_DOC: return doc_text(data, len, out, err);
	case READER_TXT: return txt_text(data, len, out, err);
	case READER_HTML: {
		char *u = text_to_utf8(data, len, NULL, NULL);

		if (!u)
			return yk_err_set(err, YK_ENOMEM, "html attachment: out of memory");
		*out = html_to_text(u, strlen(u));
		free(u);
		return *out ? 0 : yk_err_set(err, YK_EINVAL, "html attachment unreadable");
	}
	case READER_IMAGE:
	case READER_NONE:
		break;
	}
	return yk_err_set(err, YK_EINVAL, "no text reader for this attachment");
}
