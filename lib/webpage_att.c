/*
 * webpage_att — the attachments of a message as the web desk lists and
 * serves them: every part with a file name or marked as an attachment,
 * and every attached message (as a .eml), decoded whole on demand.
 * lib/mime.h keeps only the first bytes of small pictures and unknown
 * binaries (extraction has no use for them); a clerk wants the file, so
 * the parts are walked here again, as lib/attach.c does, within the same
 * limits: MIME_MAX_ATTACHMENTS listed, MIME_MAX_DEPTH levels, and
 * WEBPAGE_MAX_ATTACHMENT encoded bytes for one served (a larger one is
 * listed, not served).
 */
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "mime.h"
#include "webpage_p.h"

struct walker {
	struct webpage_atts *out;
	size_t want;              /* the index to decode, or SIZE_MAX */
	struct buf *bytes;
	int rc;
};

static char *
dup_or(const char *s, const char *dflt)
{
	return strdup(s && *s ? s : dflt);
}

/* Appends the next attachment; true when it is the one wanted. */
static bool
add(struct walker *w, const char *name, const char *type, bool too_large)
{
	struct webpage_att *a;

	if (w->out->n >= MIME_MAX_ATTACHMENTS)
		return false;
	a = &w->out->a[w->out->n];
	a->name = dup_or(name, "attachment");
	a->type = dup_or(type, "application/octet-stream");
	a->too_large = too_large;
	if (!a->name || !a->type) {
		free(a->name);
		free(a->type);
		w->rc = YK_ENOMEM;
		return false;
	}
	return w->out->n++ == w->want;
}

static void
take(struct walker *w, GMimeStream *mem)
{
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));

	if (buf_add(w->bytes, bytes->data, bytes->len))
		w->rc = buf_status(w->bytes);
	else
		w->out->got = true;
}

static void
part(struct walker *w, GMimePart *p)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(p);
	const char *name = g_mime_part_get_filename(p);
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(p));
	GMimeStream *raw = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
	gint64 enc = raw ? g_mime_stream_length(raw) : -1;
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	bool too_large = enc < 0 || (guint64)enc > WEBPAGE_MAX_ATTACHMENT;
	GMimeStream *mem;

	if (!dw || (!name && !g_mime_part_is_attachment(p))) {
		g_free(type);
		return; /* a body part: the page shows it as the text */
	}
	if (!add(w, name, type, too_large) || too_large) {
		g_free(type);
		return;
	}
	g_free(type);
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) >= 0)
		take(w, mem);
	g_object_unref(mem);
}

static void
walk(struct walker *w, GMimeObject *o, int depth)
{
	if (!o || depth > MIME_MAX_DEPTH || w->rc)
		return;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n && !w->rc; i++)
			walk(w, g_mime_multipart_get_part(mp, i), depth + 1);
	} else if (GMIME_IS_MESSAGE_PART(o)) {
		/* an attached message (a forward "as attachment", a bounce's
		 * returned mail): served whole, as the .eml it is */
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		const char *name = g_mime_object_get_content_disposition_parameter(o, "filename");
		GMimeStream *mem;

		if (!inner || !add(w, name && *name ? name : "message.eml", "message/rfc822", false))
			return;
		mem = g_mime_stream_mem_new();
		if (g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem) >= 0)
			take(w, mem);
		g_object_unref(mem);
	} else if (GMIME_IS_PART(o)) {
		part(w, GMIME_PART(o));
	}
}

int
webpage_atts(const char *data, size_t len, size_t want, struct webpage_atts *out,
             struct buf *bytes)
{
	struct walker w = { .out = out, .want = want, .bytes = bytes };
	GMimeMessage *m = NULL;
	char *keep = NULL;
	unsigned limits = 0;

	memset(out, 0, sizeof *out);
	webpage_gmime_init();
	if (mime_construct(data, len, &m, &keep, &limits))
		return YK_ENOMEM;
	if (m)
		walk(&w, g_mime_message_get_mime_part(m), 0);
	if (m)
		g_object_unref(m);
	free(keep);
	return w.rc;
}

void
webpage_atts_free(struct webpage_atts *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->a[i].name);
		free(a->a[i].type);
	}
	a->n = 0;
}
