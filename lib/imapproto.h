/*
 * imapproto — pure parsing of IMAP4rev1 server responses (RFC 3501 §7,
 * RFC 9051), no I/O: the part of the IMAP client that sees untrusted bytes,
 * kept apart so it can be unit-tested and fuzzed.
 *
 * A "response" is one line ending in CRLF together with the literals it
 * announces ({n}CRLF followed by n bytes, then the rest of the line).
 * Pointers returned point into the caller's buffer; nothing is allocated
 * except by imapproto_search() (caller frees *uids with free()).
 */
#ifndef YK_IMAPPROTO_H
#define YK_IMAPPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line, outside literals.  A SEARCH answer is one line: 100,000 UIDs
 * are 590 kB of it (the first sync of such a folder failed at 64 kB,
 * from about 12,000 messages on); 16 MB holds two million of 7 digits.
 * The buffer grows to it only when a server sends such a line. */
#define IMAP_MAX_LINE ((size_t)16 << 20)
#define IMAP_MAX_LITERALS 16       /* literals in one response */

enum imap_complete { IMAP_NEED_MORE = 0, IMAP_COMPLETE = 1, IMAP_TOO_LONG = -1 };

/*
 * Is buf[0..len) the start of a complete response?  On IMAP_COMPLETE,
 * *rlen is its length.  max_literal bounds each literal (IMAP_TOO_LONG
 * beyond it, or for a line longer than IMAP_MAX_LINE).
 */
enum imap_complete imapproto_complete(const char *buf, size_t len, size_t max_literal,
                                      size_t *rlen);

/* While a response is incomplete because a literal has not all arrived:
 * the length the buffer must reach for that literal (so the reader can
 * make room once, exactly); 0 when not known. */
size_t imapproto_bytes_wanted(const char *buf, size_t len, size_t max_literal);

/* The literal a response is waiting for (its bytes have not all arrived):
 * buf[open] is its '{', buf[close] its '}', its bytes start at START and
 * are SIZE long; BODY: it is a message's body ("BODY[] {n}"), which the
 * reader may write elsewhere as it arrives (lib/imap.h, imap_spill). */
struct imap_pending {
	size_t open, close, start;
	uint64_t size;
	bool body;
};
/* False when the first response in BUF waits for no literal (it is
 * complete, or its line has not all arrived). */
bool imapproto_pending_literal(const char *buf, size_t len, struct imap_pending *out);

/* The first literal of a complete response: its bytes; false if none. */
bool imapproto_literal(const char *resp, size_t rlen, const char **data, size_t *n);

enum imap_status { IMAP_ST_NONE, IMAP_ST_OK, IMAP_ST_NO, IMAP_ST_BAD, IMAP_ST_BYE,
	           IMAP_ST_PREAUTH };

/*
 * Classifies a response: untagged ("* ..."), continuation ("+ ..."), or
 * tagged with TAG.  *status for tagged and for untagged OK/NO/BAD/BYE.
 * *text: the rest of the line after the status word (up to CRLF, not
 * NUL-terminated; *text_len its length).
 */
struct imap_resp {
	bool untagged;
	bool continuation;
	bool tagged;           /* tag matched the given one */
	enum imap_status status;
	const char *text;
	size_t text_len;
};
void imapproto_classify(const char *resp, size_t rlen, const char *tag, struct imap_resp *out);

/* "[UIDVALIDITY n]" / "[UIDNEXT n]" in an untagged OK: returns true and *v. */
bool imapproto_resp_code_num(const char *resp, size_t rlen, const char *code, uint32_t *v);

/* "* n EXISTS" */
bool imapproto_exists(const char *resp, size_t rlen, uint32_t *n);

/*
 * What an untagged response during IDLE (RFC 2177) says of new mail.
 * *EXISTS is the folder's size as known so far, kept up to date: "* n
 * EXISTS" sets it, "* n EXPUNGE" lowers it by one.  IMAP_IDLE_NEW_MAIL
 * when an EXISTS says the folder grew (RFC 3501 §7.3.1: that is how a new
 * message is announced; RECENT only ever comes with an EXISTS, and a
 * FETCH of flags or an EXPUNGE is no new mail); IMAP_IDLE_BYE for "* BYE"
 * (the server is closing: an idle timeout, a shutdown); else
 * IMAP_IDLE_NOTHING.
 */
enum imap_idle_news { IMAP_IDLE_NOTHING, IMAP_IDLE_NEW_MAIL, IMAP_IDLE_BYE };
enum imap_idle_news imapproto_idle_news(const char *resp, size_t rlen, uint32_t *exists);

/* "* SEARCH 1 2 3": appends the numbers to *uids (grown with realloc,
 * at most max_uids in all); *FOUND (may be NULL) says whether it was a
 * SEARCH response.  Returns 0, YK_ENOMEM, or YK_ELIMIT past max_uids. */
int imapproto_search(const char *resp, size_t rlen, uint32_t **uids, size_t *n, size_t max_uids,
                     bool *found);

/* In "* n FETCH (... UID u ... RFC822.SIZE s ...)": the value of the
 * numeric item NAME (e.g. "UID", "RFC822.SIZE"); false if absent. */
bool imapproto_fetch_num(const char *resp, size_t rlen, const char *name, uint64_t *v);

/* In "* n FETCH (... INTERNALDATE "17-Jul-1996 02:44:25 -0700" ...)" (before
 * the first literal): when the server received the message (RFC 3501
 * §2.3.3), as seconds since the epoch; false if absent or malformed. */
bool imapproto_fetch_internaldate(const char *resp, size_t rlen, int64_t *t);

/* "* NAMESPACE (("INBOX." ".")) NIL NIL" (RFC 2342): the first personal
 * namespace's prefix into PREFIX (size N, NUL-terminated) and its
 * hierarchy delimiter into *SEP ('\0' for NIL).  False when it is not a
 * NAMESPACE response, names no personal namespace, or the prefix does not
 * fit (or is a literal, which no server sends for it). */
bool imapproto_namespace(const char *resp, size_t rlen, char *prefix, size_t n, char *sep);

/* Is it a "* n FETCH" response? */
bool imapproto_is_fetch(const char *resp, size_t rlen);

/* Does an untagged CAPABILITY response or a [CAPABILITY ...] code name CAP? */
bool imapproto_has_capability(const char *resp, size_t rlen, const char *cap);

/*
 * Encodes a UTF-8 folder name in IMAP's modified UTF-7 (RFC 3501 §5.1.3)
 * and quotes it as an IMAP quoted string into out (size outsz).  Returns
 * false when it does not fit or the input is not valid UTF-8 or holds
 * CR, LF or NUL.
 */
bool imapproto_mailbox_name(const char *utf8, char *out, size_t outsz);

/*
 * Writes UIDs (ascending) as an IMAP sequence set ("3:7,9,12:15") into out
 * (size outsz), as many as fit; returns how many UIDs were written (0 if
 * not even one fits).
 */
size_t imapproto_uid_set(const uint32_t *uids, size_t n, char *out, size_t outsz);

#endif
