/*
 * attach — decode each attachment of a message and store it in the archive.
 */
#include "attach.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "mime.h"

struct saver {
	const char *root, *dir;
	size_t n;
	size_t total;  /* encoded bytes decoded so far */
	struct yk_err *err;
	int rc;
};

/*
 * What staff open: documents, spreadsheets, pictures and archives of them.
 * Anything else (programs, unknown binaries) stays inside the archived
 * message: nothing executable is ever unpacked onto the server's disk.
 */
static bool
wanted(const char *name)
{
	static const char *const ext[] = { "doc", "docx", "odt", "rtf", "txt", "pdf", "xls", "xlsx",
		                           "ods", "csv", "ppt", "pptx", "odp", "png", "jpg", "jpeg",
		                           "gif", "tif", "tiff", "bmp", "heic", "zip", "rar", "7z",
		                           "xml", "htm", "html", "eml", NULL };
	const char *dot = name ? strrchr(name, '.') : NULL;

	if (!dot)
		return false;
	for (int i = 0; ext[i]; i++)
		if (!g_ascii_strcasecmp(dot + 1, ext[i]))
			return true;
	return false;
}

static void
save_part(struct saver *s, GMimePart *part)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	const char *name = g_mime_part_get_filename(part);
	GMimeStream *mem;
	GByteArray *bytes;
	char one[ARCHIVE_MAX_PATH];

	if (!dw || (!name && !g_mime_part_is_attachment(part)))
		return; /* a body part, not an attachment */
	if (!wanted(name))
		return;
	if (s->n >= ATTACH_MAX_FILES)
		return;
	{
		/* decoded in memory: only what stays within the budget */
		GMimeStream *raw = g_mime_data_wrapper_get_stream(dw);
		gint64 enc = raw ? g_mime_stream_length(raw) : -1;
		if (enc < 0 || (size_t)enc > ATTACH_MAX_BYTES || s->total + (size_t)enc > ATTACH_MAX_TOTAL)
			return; /* it stays inside the archived message */
		s->total += (size_t)enc;
	}
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) < 0) {
		g_object_unref(mem);
		return; /* undecodable: the message itself is archived whole */
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	s->rc = archive_store_attachment(s->root, s->dir, name ? name : "attachment",
	                                 (const char *)bytes->data, bytes->len, one, sizeof one,
	                                 s->err);
	g_object_unref(mem);
	if (s->rc)
		return;
	s->n++;
}

static void
walk(struct saver *s, GMimeObject *o, int depth)
{
	if (!o || depth > ATTACH_MAX_DEPTH || s->rc)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n && !s->rc; i++)
			walk(s, g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_PART(o)) {
		save_part(s, GMIME_PART(o));
	}
	/* an attached message (message/rfc822) stays inside the archived one */
}

int
attach_save(const char *root, const char *dir, const char *data, size_t len, size_t *n,
            struct yk_err *err)
{
	struct saver s = { .root = root, .dir = dir, .err = err };
	char *keep = NULL;
	unsigned limits = 0;
	GMimeMessage *m;

	*n = 0;
	if (mime_construct(data, len, &m, &keep, &limits))
		return yk_err_set(err, YK_ENOMEM, "out of memory");
	/* a message that hit a MIME limit is for a person to look at: its
	 * parts are not unpacked, it is archived whole */
	if (m && !limits)
		walk(&s, g_mime_message_get_mime_part(m), 0);
	if (m)
		g_object_unref(m);
	free(keep);
	*n = s.n;
	return s.rc;
}
