/*
 * mime — one message's bytes to what the rest of ykien reads: decoded
 * headers, the inline text (text/plain, else HTML made text), attachments
 * with decoded file names and bytes.  RFC 5322, RFC 2045-2049 (MIME),
 * RFC 2047 (encoded words), RFC 2231 (parameter values), RFC 3464
 * (delivery-status), RFC 3462/6522 (multipart/report).  GMime 3 does the
 * parsing: extract_global_init() must have run g_mime_init().
 *
 * Never fails on broken input: what cannot be read is left out and noted
 * in problems[].  mime_parse() fails only on resource exhaustion.
 * struct mime_msg and everything in it is owned by it; mime_free().
 * All text is UTF-8 NFC.
 */
#ifndef YK_MIME_H
#define YK_MIME_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Parts walked: real replies have fewer than 20; thousands of empty parts
 * are a way to burn CPU and memory. */
#define MIME_MAX_PARTS 1000
/* Nesting followed: real mail needs 5 (mixed > alternative > related >
 * rfc822 > mixed); deeper is built to overflow recursive readers. */
#define MIME_MAX_DEPTH 16
/* Decoded bytes kept over all parts: base64 and QP only shrink, so this
 * bounds what a message under the intake size limit can expand to. */
#define MIME_MAX_DECODED ((size_t)64 << 20)
/* Top-level headers kept (a few dozen in real mail, Received lines
 * included). */
#define MIME_MAX_HEADERS 1000
/* Attachments kept. */
#define MIME_MAX_ATTACHMENTS 64
/* Inline text kept over all text parts. */
#define MIME_MAX_TEXT ((size_t)8 << 20)
/* Lines starting with "--" (MIME delimiters, in the main) handed to GMime:
 * GMime builds its whole tree before we walk it (about 2 KiB per part),
 * so 100,000 empty parts would cost 200 MB although only MIME_MAX_PARTS
 * are walked.  The message is cut before the delimiter past this count;
 * a real reply has a few dozen such lines. */
#define MIME_MAX_DELIMITERS 4000
/* Top-level header block handed to GMime, and bytes of one header line
 * kept.  GMime decodes a header word by word into small blocks (~80 bytes
 * a word): one unfolded 1 MB Subject of short words costs 40 MB.  Real
 * headers, Received lines included, are a few KiB; past these limits the
 * long lines are cut and the last headers dropped (a problem is noted). */
#define MIME_MAX_HEADER_BLOCK ((size_t)256 << 10)
#define MIME_MAX_HEADER_LINE ((size_t)16 << 10)
/* Pictures whose bytes are kept, for OCR (readers.h): those of at least
 * MIME_PICTURE_KEEP encoded bytes (a legible page is larger; logos and
 * signatures are smaller), the first MIME_MAX_PICTURES_KEPT of them (more
 * than the pages OCR reads in one message).  Other pictures keep only
 * their first bytes (head_only). */
#define MIME_PICTURE_KEEP ((size_t)8 << 10)
#define MIME_MAX_PICTURES_KEPT 8
/* Problems noted. */
#define MIME_MAX_PROBLEMS 16

struct mime_header {
	char *name;
	char *value;         /* unfolded, RFC 2047 decoded */
};

struct mime_attachment {
	char *filename;      /* decoded (RFC 2231/2047), NULL when none */
	char *content_type;  /* "type/subtype", lower case */
	char *data;          /* decoded bytes (+ a NUL not counted) */
	size_t len;
	bool head_only;      /* a small picture: data holds only its first
	                      * bytes (its signature), see MIME_PICTURE_KEEP */
	char *raw;           /* a large picture: its bytes as encoded in the
	                      * message, decoded by mime_attachment_load() only
	                      * when OCR wants them (most replies answer in text) */
	size_t raw_len;
	int encoding;        /* GMimeContentEncoding of raw */
	bool forwarded;      /* an attachment of the attached message (fwd_*) */
};

/* Decodes a large picture's raw bytes into data (head_only false after);
 * 0 when there was nothing to do.  YK_ENOMEM or YK_EINVAL. */
int mime_attachment_load(struct mime_attachment *a);

struct mime_msg {
	struct mime_header *headers;
	size_t n_headers;
	char *from;          /* first From mailbox address, as written */
	char *from_name;     /* its display name, decoded */
	char *reply_to;      /* first Reply-To mailbox address */
	char *sender;        /* Sender address */
	char *message_id;    /* without <> */
	char *subject;
	char *date;
	char *in_reply_to;
	char *references;
	char *report_type;   /* multipart/report report-type, lower case */
	char *delivery_status; /* text of the message/delivery-status part */
	bool disposition_notification;
	char *plain;         /* inline text/plain parts joined */
	char *html;          /* inline text/html parts as text */
	/* The first attached message (message/rfc822, a forward "as
	 * attachment") outside a delivery report: its inline text (plain,
	 * else HTML as text; NULL when there is none) and its From address
	 * as written (NULL when none); its attachments are in att[], marked
	 * forwarded.  Later attached messages are not read. */
	char *fwd_text;
	char *fwd_from;
	struct mime_attachment *att;
	size_t n_att;
	char *problems[MIME_MAX_PROBLEMS];
	size_t n_problems;
};

int mime_parse(const char *data, size_t len, struct mime_msg **out, struct yk_err *err);

/*
 * GMime's parse of DATA within the limits above, for other walks over the
 * same message (lib/attach.c).  *out is a new reference the caller
 * unrefs, NULL when DATA is not a message; *keep, when set, holds the
 * bytes the parts point into: free() it only after the message is
 * unreferenced.  *limits tells which limit cut the input.  0 or YK_ENOMEM
 * (then *out and *keep are NULL).
 */
#define MIME_LIMIT_PARTS 1u
#define MIME_LIMIT_HEADERS 2u
struct _GMimeMessage;
int mime_construct(const char *data, size_t len, struct _GMimeMessage **out, char **keep,
                   unsigned *limits);
void mime_free(struct mime_msg *m);
/* First top-level header NAME (case-insensitive), or NULL. */
const char *mime_header(const struct mime_msg *m, const char *name);

#endif
