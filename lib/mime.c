/*
 * mime — see mime.h.  References: GMime objects are refcounted; this file
 * holds one reference each to the stream, parser and message it creates
 * and drops them before returning.  Objects reached by walking the tree
 * (parts, headers, content wrappers) are borrowed from the message.
 */
#include "mime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "buf.h"
#include "html.h"
#include "text.h"

struct walk {
	struct mime_msg *m;
	struct buf plain;
	struct buf html;
	struct buf fwd_plain;  /* the attached message's texts (mime.h, fwd_text) */
	struct buf fwd_html;
	bool in_fwd;           /* walking the attached message read as a forward */
	bool fwd_seen;
	size_t parts;
	size_t decoded;
	size_t pictures_kept;
	int rc;
};

static void
problem(struct mime_msg *m, const char *what)
{
	for (size_t i = 0; i < m->n_problems; i++)
		if (!strcmp(m->problems[i], what))
			return;
	if (m->n_problems < MIME_MAX_PROBLEMS) {
		char *p = strdup(what);

		if (p)
			m->problems[m->n_problems++] = p;
	}
}

/* A header value as UTF-8 NFC (GMime decodes RFC 2047; undeclared 8-bit
 * went through the parser's fallback charsets). */
static char *
dup_text(const char *s)
{
	return s ? text_nfc(s, strlen(s)) : NULL;
}

static char *
lower_dup(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	for (char *p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

/* First mailbox of an address list (groups searched one level). */
static InternetAddressMailbox *
first_mailbox(InternetAddressList *list)
{
	int n = list ? internet_address_list_length(list) : 0;

	for (int i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(a))
			return INTERNET_ADDRESS_MAILBOX(a);
		if (INTERNET_ADDRESS_IS_GROUP(a)) {
			InternetAddressList *mem = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a));
			int k = mem ? internet_address_list_length(mem) : 0;

			for (int j = 0; j < k; j++) {
				InternetAddress *b = internet_address_list_get_address(mem, j);

				if (INTERNET_ADDRESS_IS_MAILBOX(b))
					return INTERNET_ADDRESS_MAILBOX(b);
			}
		}
	}
	return NULL;
}

static char *
mailbox_addr(InternetAddressList *list)
{
	InternetAddressMailbox *mb = first_mailbox(list);
	const char *a = mb ? internet_address_mailbox_get_addr(mb) : NULL;

	return a && *a ? dup_text(a) : NULL;
}

static int
read_headers(struct mime_msg *m, GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	int n = hl ? g_mime_header_list_get_count(hl) : 0;
	size_t k = 0;

	if (n < 0)
		n = 0;
	if ((size_t)n > MIME_MAX_HEADERS) {
		problem(m, "too many headers: only the first ones read");
		n = MIME_MAX_HEADERS;
	}
	m->headers = calloc((size_t)n + 1, sizeof *m->headers);
	if (!m->headers)
		return YK_ENOMEM;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = h ? g_mime_header_get_name(h) : NULL;
		const char *value = h ? g_mime_header_get_value(h) : NULL;

		if (!name)
			continue;
		m->headers[k].name = strdup(name);
		m->headers[k].value = dup_text(value ? value : "");
		if (!m->headers[k].name || !m->headers[k].value) {
			free(m->headers[k].name);
			free(m->headers[k].value);
			m->n_headers = k;
			return YK_ENOMEM;
		}
		k++;
	}
	m->n_headers = k;
	return 0;
}

/* The decoded bytes of a leaf part (transfer encoding undone). */
static char *
part_bytes(struct walk *w, GMimePart *part, size_t *len)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *st;
	GByteArray *ba;
	char *res = NULL;

	*len = 0;
	if (!dw)
		return NULL;
	{
		/* Decoding only shrinks (base64, quoted-printable, uuencode)
		 * or keeps the size: a part whose raw bytes are past what is
		 * left of MIME_MAX_DECODED is refused before it is decoded
		 * into memory. */
		GMimeStream *raw = g_mime_data_wrapper_get_stream(dw);
		gint64 rl = raw ? g_mime_stream_length(raw) : -1;

		if (rl > 0 && (guint64)rl > MIME_MAX_DECODED - w->decoded) {
			problem(w->m, "decoded size limit reached: later parts left out");
			w->decoded = MIME_MAX_DECODED;
			return NULL;
		}
	}
	st = g_mime_stream_mem_new();
	if (!st)
		return NULL;
	/* The byte array is taken over below instead of copied: an
	 * attachment of several megabytes is then held once, not twice. */
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);
	if (g_mime_data_wrapper_write_to_stream(dw, st) < 0) {
		problem(w->m, "a part could not be decoded");
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
	g_object_unref(st);
	if (ba && ba->len > MIME_MAX_DECODED - w->decoded) {
		problem(w->m, "decoded size limit reached: later parts left out");
		w->decoded = MIME_MAX_DECODED;
	} else if (ba) {
		gsize n = 0;

		w->decoded += ba->len;
		*len = ba->len;
		g_byte_array_append(ba, (const guint8 *)"", 1);
		/* g_malloc is the C library's malloc since GLib 2.46, so
		 * the caller's free() is right for these bytes. */
		res = (char *)g_byte_array_steal(ba, &n);
	}
	if (ba)
		g_byte_array_unref(ba);
	return res;
}

/* Bytes decoded to recognise a picture by its signature. */
#define MIME_PEEK 16

/*
 * Is this attachment a picture, by its first decoded bytes?  Only those
 * bytes are decoded (a filter over the raw stream), so a 20 MB phone photo
 * costs microseconds here.  Small pictures (logos, signatures) are never
 * read by OCR, so their bytes are not kept: *head gets the first bytes,
 * enough to recognise and count them.  *raw_len: the encoded size.
 */
static bool
peek_picture(GMimePart *part, char head[MIME_PEEK], size_t *n, gint64 *raw_len)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *raw = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
	GMimeStream *fs;
	GMimeContentEncoding enc;
	const unsigned char *d = (const unsigned char *)head;
	ssize_t r;

	*n = 0;
	*raw_len = raw ? g_mime_stream_length(raw) : -1;
	if (!raw)
		return false;
	enc = g_mime_data_wrapper_get_encoding(dw);
	fs = g_mime_stream_filter_new(raw);
	if (enc != GMIME_CONTENT_ENCODING_DEFAULT && enc != GMIME_CONTENT_ENCODING_7BIT &&
	    enc != GMIME_CONTENT_ENCODING_8BIT && enc != GMIME_CONTENT_ENCODING_BINARY) {
		GMimeFilter *f = g_mime_filter_basic_new(enc, FALSE);

		g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), f);
		g_object_unref(f);
	}
	g_mime_stream_reset(raw);
	while (*n < MIME_PEEK && (r = g_mime_stream_read(fs, head + *n, MIME_PEEK - *n)) > 0)
		*n += (size_t)r;
	g_object_unref(fs);
	g_mime_stream_reset(raw);
	return (*n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) ||
	       (*n >= 3 && !memcmp(d, "\xff\xd8\xff", 3)) ||
	       (*n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) ||
	       (*n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4)));
}

/* Could a reader (lib/readers) use this attachment?  By the signatures
 * reader_detect() knows (zip, PDF, OLE2) or by a document's name. */
static bool
maybe_document(const char head[MIME_PEEK], size_t n, const char *fn)
{
	static const char *const ext[] = { ".docx", ".doc", ".odt", ".pdf", ".txt", ".htm", ".html",
		                           ".rtf", NULL };
	size_t fl = fn ? strlen(fn) : 0;

	if ((n >= 4 && !memcmp(head, "PK\x03\x04", 4)) || (n >= 5 && !memcmp(head, "%PDF-", 5)) ||
	    (n >= 8 && !memcmp(head, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)))
		return true;
	for (int i = 0; fn && ext[i]; i++) {
		size_t el = strlen(ext[i]);
		if (fl >= el && !strcasecmp(fn + fl - el, ext[i]))
			return true;
	}
	return false;
}

static void
add_text(struct walk *w, struct buf *b, const char *s)
{
	int rc = 0;

	if (!s || !*s)
		return;
	if (b->len)
		rc = buf_adds(b, "\n\n");
	if (!rc)
		rc = buf_adds(b, s);
	if (rc == YK_ELIMIT)
		problem(w->m, "inline text limit reached: the rest left out");
	else if (rc)
		w->rc = rc;
}

static void
add_attachment(struct walk *w, GMimePart *part, const char *type, char *data, size_t len)
{
	struct mime_msg *m = w->m;
	struct mime_attachment *a;
	const char *fn = g_mime_part_get_filename(part);

	if (m->n_att >= MIME_MAX_ATTACHMENTS) {
		problem(m, "too many attachments: the rest left out");
		free(data);
		return;
	}
	if (!m->att) {
		m->att = calloc(MIME_MAX_ATTACHMENTS, sizeof *m->att);
		if (!m->att) {
			free(data);
			w->rc = YK_ENOMEM;
			return;
		}
	}
	a = &m->att[m->n_att++];
	a->filename = fn ? dup_text(fn) : NULL;
	a->content_type = lower_dup(type);
	a->data = data ? data : calloc(1, 1);
	a->len = data ? len : 0;
	a->forwarded = w->in_fwd;
}

/* An attachment of which only its first bytes (its signature) are kept. */
static void
keep_head(struct walk *w, GMimePart *part, const char *type, const char *head, size_t hn)
{
	char *data = malloc(hn + 1);

	if (!data) {
		w->rc = YK_ENOMEM;
		return;
	}
	memcpy(data, head, hn);
	data[hn] = '\0';
	add_attachment(w, part, type, data, hn);
	if (w->m->n_att > 0 && w->m->att[w->m->n_att - 1].data == data)
		w->m->att[w->m->n_att - 1].head_only = true;
}

static void
keep_raw(struct walk *w, GMimePart *part, const char *type, const char *head, size_t hn,
         gint64 raw_len)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *raw = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
	struct mime_attachment *a;
	char *copy;
	size_t got = 0;
	ssize_t r;

	keep_head(w, part, type, head, hn);
	if (w->rc || !raw || w->m->n_att == 0 || raw_len <= 0)
		return;
	a = &w->m->att[w->m->n_att - 1];
	if (!a->head_only)
		return;
	if ((guint64)raw_len > MIME_MAX_DECODED - w->decoded) {
		problem(w->m, "decode limit reached: a picture was not kept");
		return;
	}
	if (!(copy = malloc((size_t)raw_len + 1))) {
		w->rc = YK_ENOMEM;
		return;
	}
	g_mime_stream_reset(raw);
	while (got < (size_t)raw_len &&
	       (r = g_mime_stream_read(raw, copy + got, (size_t)raw_len - got)) > 0)
		got += (size_t)r;
	g_mime_stream_reset(raw);
	w->decoded += got;
	a->raw = copy;
	a->raw_len = got;
	a->encoding = (int)g_mime_data_wrapper_get_encoding(dw);
}

int
mime_attachment_load(struct mime_attachment *a)
{
	GMimeStream *in, *fs, *out;
	GByteArray *ba;
	char *data;
	size_t len;

	if (!a->raw)
		return 0;
	in = g_mime_stream_mem_new_with_buffer(a->raw, a->raw_len);
	fs = g_mime_stream_filter_new(in);
	if (a->encoding != GMIME_CONTENT_ENCODING_DEFAULT &&
	    a->encoding != GMIME_CONTENT_ENCODING_7BIT && a->encoding != GMIME_CONTENT_ENCODING_8BIT &&
	    a->encoding != GMIME_CONTENT_ENCODING_BINARY) {
		GMimeFilter *f = g_mime_filter_basic_new((GMimeContentEncoding)a->encoding, FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), f);
		g_object_unref(f);
	}
	out = g_mime_stream_mem_new();
	if (g_mime_stream_write_to_stream(fs, out) < 0) {
		g_object_unref(out);
		g_object_unref(fs);
		g_object_unref(in);
		return YK_EINVAL;
	}
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	len = ba->len;
	data = malloc(len + 1);
	if (data) {
		memcpy(data, ba->data, len);
		data[len] = '\0';
	}
	g_object_unref(out);
	g_object_unref(fs);
	g_object_unref(in);
	if (!data)
		return YK_ENOMEM;
	free(a->data);
	free(a->raw);
	a->data = data;
	a->len = len;
	a->raw = NULL;
	a->raw_len = 0;
	a->head_only = false;
	return 0;
}

static void
leaf(struct walk *w, GMimeObject *obj, bool embedded)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *mt = ct ? g_mime_content_type_get_media_type(ct) : "text";
	const char *st = ct ? g_mime_content_type_get_media_subtype(ct) : "plain";
	const char *charset = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
	GMimePart *part = GMIME_PART(obj);
	bool attach = g_mime_part_is_attachment(part) || g_mime_part_get_filename(part);
	bool is_text = mt && !strcasecmp(mt, "text");
	char type[128];
	char *data;
	size_t len;

	snprintf(type, sizeof type, "%s/%s", mt ? mt : "application", st ? st : "octet-stream");
	if (mt && st && !strcasecmp(mt, "message") && !strcasecmp(st, "delivery-status")) {
		data = part_bytes(w, part, &len);
		if (data && !w->m->delivery_status)
			w->m->delivery_status = text_to_utf8(data, len, "utf-8", NULL);
		free(data);
		return;
	}
	if (mt && st && !strcasecmp(mt, "message") && !strcasecmp(st, "disposition-notification")) {
		w->m->disposition_notification = true;
		return;
	}
	if (embedded && !w->in_fwd)
		return; /* a returned message, or a second one attached, is not the answer */
	if (is_text && !attach && st && (!strcasecmp(st, "plain") || !strcasecmp(st, "html"))) {
		char *u;

		bool lossy = false;

		data = part_bytes(w, part, &len);
		if (!data)
			return;
		u = text_to_utf8(data, len, charset, &lossy);
		free(data);
		if (!u) {
			problem(w->m, "a text part could not be converted");
			return;
		}
		/* Replaced bytes may have been letters of the answer: a person
		 * compares with the original. */
		if (lossy)
			problem(w->m, "a text part has bytes invalid in its charset (replaced)");
		if (!strcasecmp(st, "html")) {
			char *t = html_to_text(u, strlen(u));

			if (t)
				add_text(w, w->in_fwd ? &w->fwd_html : &w->html, t);
			else
				problem(w->m, "an HTML part could not be read");
			free(t);
		} else {
			add_text(w, w->in_fwd ? &w->fwd_plain : &w->plain, u);
		}
		free(u);
		return;
	}
	if (!attach && !is_text && !(mt && (!strcasecmp(mt, "application") ||
	                                    !strcasecmp(mt, "image"))))
		return;
	if (!is_text) {
		char head[MIME_PEEK];
		size_t hn;
		gint64 raw_len;

		if (peek_picture(part, head, &hn, &raw_len)) {
			if (raw_len >= (gint64)MIME_PICTURE_KEEP &&
			    w->pictures_kept < MIME_MAX_PICTURES_KEPT) {
				/* Large enough to be a scanned page: kept for
				 * OCR as encoded (a copy, not a decode), within
				 * the decode budget; decoded only if OCR runs. */
				w->pictures_kept++;
				keep_raw(w, part, type, head, hn, raw_len);
				return;
			}
			keep_head(w, part, type, head, hn);
			return;
		}
		if (!maybe_document(head, hn, g_mime_part_get_filename(part))) {
			/* neither a document's signature nor its name: no reader
			 * could use it, so only its first bytes are decoded */
			keep_head(w, part, type, head, hn);
			return;
		}
	}
	data = part_bytes(w, part, &len);
	add_attachment(w, part, type, data, len);
}

static void
walk(struct walk *w, GMimeObject *obj, int depth, bool embedded)
{
	if (!obj || w->rc)
		return;
	if (++w->parts > MIME_MAX_PARTS) {
		problem(w->m, "part count limit reached: later parts left out");
		return;
	}
	if (depth > MIME_MAX_DEPTH) {
		problem(w->m, "MIME nesting limit reached: deeper parts left out");
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		GMimeContentType *ct = g_mime_object_get_content_type(obj);

		if (depth == 0 && ct && g_mime_content_type_is_type(ct, "multipart", "report")) {
			const char *rt = g_mime_content_type_get_parameter(ct, "report-type");

			if (rt && !w->m->report_type)
				w->m->report_type = lower_dup(rt);
		}
		for (int i = 0; i < n && !w->rc; i++)
			walk(w, g_mime_multipart_get_part(mp, i), depth + 1, embedded);
		return;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		GMimeContentType *ct = g_mime_object_get_content_type(obj);
		/* The first message attached to a reply (not a bounce's
		 * returned one) may be the forwarded form: it is read, and
		 * extract decides whether it is the answer. */
		bool fwd = inner && !embedded && !w->fwd_seen && !w->m->report_type &&
		           ct && g_mime_content_type_is_type(ct, "message", "rfc822");

		if (fwd) {
			w->fwd_seen = true;
			w->in_fwd = true;
			free(w->m->fwd_from);
			w->m->fwd_from = mailbox_addr(g_mime_message_get_from(inner));
		}
		if (inner)
			walk(w, g_mime_message_get_mime_part(inner), depth + 1, true);
		if (fwd)
			w->in_fwd = false;
		return;
	}
	if (GMIME_IS_PART(obj))
		leaf(w, obj, embedded);
}

/*
 * When the top-level header block passes MIME_MAX_HEADER_BLOCK or one of
 * its lines passes MIME_MAX_HEADER_LINE: a malloc'd copy of the message
 * with those lines cut and the headers past the block limit dropped (the
 * body kept whole) in *out, *n_out its length; *out NULL when the headers
 * are within the limits (nothing to do).  0 or YK_ENOMEM.
 */
static int
cap_headers(const char *data, size_t len, char **out, size_t *n_out)
{
	size_t i = 0, hend, o = 0;
	bool over = false;
	char *copy;

	*out = NULL;
	/* The header block ends at the first empty line. */
	for (hend = 0; hend < len; hend++) {
		size_t ls = hend;
		const char *nl = memchr(data + hend, '\n', len - hend);
		size_t le = nl ? (size_t)(nl - data) : len;

		if (le - ls > MIME_MAX_HEADER_LINE)
			over = true;
		hend = le;
		if (le == ls || (le == ls + 1 && data[ls] == '\r')) {
			hend = nl ? le + 1 : len;
			break;
		}
	}
	if (hend > len)
		hend = len;
	if (!over && hend <= MIME_MAX_HEADER_BLOCK)
		return 0;
	copy = malloc(len + 1);
	if (!copy)
		return YK_ENOMEM;
	while (i < hend) {
		const char *nl = memchr(data + i, '\n', hend - i);
		size_t le = nl ? (size_t)(nl - data) + 1 : hend, keep = le - i;
		bool last = le >= hend;

		if (keep > MIME_MAX_HEADER_LINE) {
			/* Cut, and end the line as it ended. */
			keep = MIME_MAX_HEADER_LINE;
			memcpy(copy + o, data + i, keep);
			o += keep;
			if (nl)
				copy[o++] = '\n';
		} else if (last || o + keep <= MIME_MAX_HEADER_BLOCK) {
			/* The empty line that ends the block is always kept. */
			memcpy(copy + o, data + i, keep);
			o += keep;
		}
		i = le;
	}
	memcpy(copy + o, data + hend, len - hend);
	o += len - hend;
	copy[o] = '\0';
	*n_out = o;
	*out = copy;
	return 0;
}

/* The borrowing byte array of mime_construct()'s stream: freed, its bytes
 * not (they are the caller's). */
static void
borrowed_release(gpointer ba)
{
	(void)g_byte_array_free(ba, FALSE);
}

int
mime_construct(const char *data, size_t len, GMimeMessage **out, char **keep, unsigned *limits)
{
	static const char *fallback[] = { "utf-8", "windows-1258", NULL };
	GMimeParserOptions *opts;
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;

	*out = NULL;
	*keep = NULL;
	*limits = 0;
	{
		/* See MIME_MAX_DELIMITERS: cut the bytes GMime sees. */
		size_t delims = 0;
		const char *p = data, *end = data + len;

		/* This runs over every byte of every message, attachments
		 * included: it looks for '-', which base64 never holds, so
		 * that an attachment passes in a few long memchr() calls,
		 * not one per line. */
		while (p < end && (p = memchr(p, '-', (size_t)(end - p)))) {
			const char *nl;

			if ((p == data || p[-1] == '\n') && p + 1 < end && p[1] == '-' &&
			    ++delims > MIME_MAX_DELIMITERS) {
				*limits |= MIME_LIMIT_PARTS;
				len = (size_t)(p - data);
				break;
			}
			/* the rest of this line cannot start a delimiter */
			if (!(nl = memchr(p, '\n', (size_t)(end - p))))
				break;
			p = nl + 1;
		}
	}
	{
		size_t cl = 0;
		char *capped;

		if (cap_headers(data, len, &capped, &cl))
			return YK_ENOMEM;
		if (capped) {
			*limits |= MIME_LIMIT_HEADERS;
			*keep = capped;
			data = capped;
			len = cl;
		}
	}
	opts = g_mime_parser_options_new();
	/* Undeclared 8-bit headers: UTF-8 when valid, else Vietnamese
	 * Windows (the usual Outlook default in Vietnam). */
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
	/*
	 * GMime reads the caller's bytes where they are: a GMimeStreamMem on
	 * a byte array that only borrows them (the stream does not own the
	 * array, and the array is freed without its bytes with the stream),
	 * so a message near max_message_size is held once, not twice, and
	 * the parser's reads are one copy each (a stdio memory stream, used
	 * before, made two, through its buffer).  The parser keeps parts as
	 * windows on this stream (persist_stream): nothing is copied until
	 * a part is decoded.  Nothing ever writes to it.
	 */
	if (len > 0 && len <= G_MAXUINT) {
		GByteArray *ba = g_byte_array_new_take((guint8 *)(uintptr_t)data, (gsize)len);

		stream = g_mime_stream_mem_new_with_byte_array(ba);
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
		g_object_set_data_full(G_OBJECT(stream), "ykien-borrowed", ba, borrowed_release);
	} else {
		stream = g_mime_stream_mem_new();
	}
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(stream);
	g_mime_parser_options_free(opts);
	*out = msg;
	return 0;
}

int
mime_parse(const char *data, size_t len, struct mime_msg **out, struct yk_err *err)
{
	struct mime_msg *m = calloc(1, sizeof *m);
	char *capped = NULL;
	GMimeMessage *msg;
	struct walk w = { 0 };
	unsigned limits;

	*out = NULL;
	if (!m)
		return yk_err_set(err, YK_ENOMEM, "mime: out of memory");
	if (mime_construct(data, len, &msg, &capped, &limits)) {
		free(m);
		return yk_err_set(err, YK_ENOMEM, "mime: out of memory");
	}
	if (limits & MIME_LIMIT_PARTS)
		problem(m, "part count limit reached: later parts left out");
	if (limits & MIME_LIMIT_HEADERS)
		problem(m, "header limit reached: long header lines cut");
	if (!msg) {
		problem(m, "not a readable message");
		m->plain = strdup("");
		m->html = strdup("");
		free(capped);
		*out = m;
		return 0;
	}
	w.rc = read_headers(m, msg);
	m->from = mailbox_addr(g_mime_message_get_from(msg));
	{
		InternetAddressMailbox *mb = first_mailbox(g_mime_message_get_from(msg));
		const char *nm = mb ? internet_address_get_name(INTERNET_ADDRESS(mb)) : NULL;

		m->from_name = nm ? dup_text(nm) : NULL;
	}
	m->reply_to = mailbox_addr(g_mime_message_get_reply_to(msg));
	m->sender = mailbox_addr(g_mime_message_get_sender(msg));
	if (g_mime_message_get_message_id(msg))
		m->message_id = dup_text(g_mime_message_get_message_id(msg));
	m->subject = dup_text(g_mime_message_get_subject(msg));
	m->date = dup_text(g_mime_object_get_header(GMIME_OBJECT(msg), "Date"));
	m->in_reply_to = dup_text(g_mime_object_get_header(GMIME_OBJECT(msg), "In-Reply-To"));
	m->references = dup_text(g_mime_object_get_header(GMIME_OBJECT(msg), "References"));
	w.m = m;
	buf_init(&w.plain, MIME_MAX_TEXT);
	buf_init(&w.html, MIME_MAX_TEXT);
	buf_init(&w.fwd_plain, MIME_MAX_TEXT);
	buf_init(&w.fwd_html, MIME_MAX_TEXT);
	if (!w.rc)
		walk(&w, g_mime_message_get_mime_part(msg), 0, false);
	g_object_unref(msg);
	/* Only now: the parts were windows on the stream over it. */
	free(capped);
	m->plain = buf_take(&w.plain);
	m->html = buf_take(&w.html);
	if (w.fwd_plain.len || w.fwd_html.len) {
		m->fwd_text = buf_take(w.fwd_plain.len ? &w.fwd_plain : &w.fwd_html);
		if (!m->fwd_text && !w.rc)
			w.rc = YK_ENOMEM;
	}
	buf_free(&w.fwd_plain);
	buf_free(&w.fwd_html);
	if (w.rc || !m->plain || !m->html) {
		mime_free(m);
		return yk_err_set(err, YK_ENOMEM, "mime: out of memory");
	}
	*out = m;
	return 0;
}

void
mime_free(struct mime_msg *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_headers; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	free(m->headers);
	free(m->from);
	free(m->from_name);
	free(m->reply_to);
	free(m->sender);
	free(m->message_id);
	free(m->subject);
	free(m->date);
	free(m->in_reply_to);
	free(m->references);
	free(m->report_type);
	free(m->delivery_status);
	free(m->plain);
	free(m->html);
	free(m->fwd_text);
	free(m->fwd_from);
	for (size_t i = 0; i < m->n_att; i++) {
		free(m->att[i].filename);
		free(m->att[i].content_type);
		free(m->att[i].data);
		free(m->att[i].raw);
	}
	free(m->att);
	for (size_t i = 0; i < m->n_problems; i++)
		free(m->problems[i]);
	free(m);
}

const char *
mime_header(const struct mime_msg *m, const char *name)
{
	for (size_t i = 0; i < m->n_headers; i++)
		if (!strcasecmp(m->headers[i].name, name))
			return m->headers[i].value;
	return NULL;
}
