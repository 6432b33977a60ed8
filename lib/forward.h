/*
 * forward — a forwarded message inside an inline text.
 *
 * A district's office forwards the form its clerk sent from a personal
 * mailbox: the forwarded form is the reply, not a quote of it.  This
 * module finds the forward's marker and header block as mail programs
 * write them, in English and Vietnamese:
 *   Gmail        "---------- Forwarded message ---------" /
 *                "---------- Thư đã chuyển tiếp ---------", From/Từ, Date/Ngày, …
 *   Outlook      "-----Original Message-----", or a rule of underscores,
 *                then From/Từ, Sent/Đã gửi/Gửi lúc, To/Đến, Subject/Chủ đề
 *   Zimbra, Yahoo "----- Forwarded Message -----" / "----- Thư chuyển tiếp -----"
 *   Thunderbird  "-------- Forwarded Message --------" / "-------- Thư chuyển
 *                tiếp --------", then a Subject/Date/From/To table
 *   Apple Mail   "Begin forwarded message:" / "Bắt đầu thư được chuyển tiếp:"
 *   Android, Samsung "-------- Original message --------" / "Thư gốc"
 *   Lotus Notes  "----- Forwarded by … -----"
 * and gives the forwarded body (header block skipped, its own quoted
 * original cut with quote_strip()) and the forwarded sender's address.
 *
 * Whether the forward is the reply is the caller's decision: Outlook
 * writes the same "-----Original Message-----" block under a plain reply
 * that quotes the letter (fwd_block.how says which marker was seen; a
 * subject prefix, fwd_subject(), is supporting evidence).
 *
 * Pure: no I/O, no global state; allocation only for fwd_extract()'s body.
 */
#ifndef YK_FORWARD_H
#define YK_FORWARD_H

#include <stdbool.h>
#include <stddef.h>

/* Lines scanned for a marker (a body has far fewer; past it: none). */
#define FWD_MAX_LINES 200000
/* Header lines of one forwarded block (Outlook's has five or six, with
 * Cc and Importance; a wrapped To list a few more). */
#define FWD_MAX_HEADER_LINES 24
/* Blank lines allowed between a marker and its header block. */
#define FWD_MAX_GAP 2
/* Forwards of forwards followed (clerk → personal mailbox → office). */
#define FWD_MAX_NESTING 4
/* Bytes of the forwarded sender's address kept (RFC 5321: 254). */
#define FWD_MAX_ADDR 256

enum fwd_how {
	FWD_NONE,
	FWD_MARKED,     /* a forward's own marker ("Forwarded message", "chuyển tiếp") */
	FWD_ORIGINAL,   /* "-----Original Message-----", "Thư gốc": reply or forward */
	FWD_HEADERS,    /* a bare From/Sent header block (Outlook): reply or forward */
};

struct fwd_block {
	enum fwd_how how;
	size_t at;           /* first byte of the marker: the cover is text[0, at) */
	size_t body;         /* first byte of the forwarded body */
	char from[FWD_MAX_ADDR]; /* the forwarded From's address, lower case; "" none */
};

/* Does the subject start with a forward prefix ("Fwd:", "FW:", "TR:",
 * "Chuyển tiếp:", after any "RE:"/"Trả lời:")? */
bool fwd_subject(const char *subject);

/*
 * The first forward block of TEXT that is not itself inside an earlier
 * quote (a '>' line, "On … wrote:" before it).  false when none.
 */
bool fwd_find(const char *text, size_t len, struct fwd_block *out);

/*
 * The forwarded body of TEXT (a forward's own forward followed when the
 * cover above it is empty, FWD_MAX_NESTING deep), with its quoted
 * original cut (quote_strip()).  *body is malloc'd, NULL when TEXT has no
 * forward; *out describes the innermost block read.  0 or YK_ENOMEM.
 */
int fwd_extract(const char *text, size_t len, struct fwd_block *out, char **body);

/* The address in a header value ("Tên <a@b.vn>", "a@b.vn", "Tên
 * [mailto:a@b.vn]"), lower case, into OUT (CAP bytes).  false when none
 * or when it does not fit. */
bool fwd_addr(const char *val, size_t n, char *out, size_t cap);

#endif
