/*
 * classify — what a message is (form reply, auto-reply, bounce, unrelated),
 * which campaign it answers and which agency sent it.  Pure functions over
 * a parsed message (mime.h) and the configuration.
 *
 * Kind: bounce = multipart/report; report-type=delivery-status (RFC 3464)
 * or a message/delivery-status part, or From MAILER-DAEMON/postmaster;
 * auto-reply = Auto-Submitted other than "no" (RFC 3834), X-Autoreply,
 * X-Autorespond, Precedence auto_reply/bulk/junk (without list headers),
 * a read receipt, or an out-of-office subject (vi/en); mail with list
 * headers (List-Id, List-Unsubscribe) is unrelated.
 * Agency: From, then Reply-To, then Sender against the agencies' addresses
 * ("user@host" exact, "@domain" for the host or its subdomains; case and
 * "+tag" ignored); else the agency named in the content.
 *
 * Sender: whether our own server vouches for the From (Authentication-
 * Results, lib/authres.h), the one part that reads the raw bytes.
 *
 * Returned pointers point into cfg.  classify_bounced() allocates.
 */
#ifndef YK_CLASSIFY_H
#define YK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "extract.h"
#include "mime.h"

/* Failed recipients kept from one delivery report. */
#define CLASSIFY_MAX_BOUNCED 100
/* Lines of a text searched for an agency named at its start or end
 * (letterhead, "X tham gia ý kiến như sau", signature). */
#define CLASSIFY_EDGE_LINES 8
/* Lines of a unit line or display name read for an agency's name (more:
 * not a name), and sub-units ("Phòng …", "Văn thư …") looked at in two
 * lines of it. */
#define CLASSIFY_MAX_NAME_LINES 64
#define CLASSIFY_MAX_SUBUNITS 8

/* Bounce or auto-reply from the headers and structure alone;
 * KIND_UNRELATED for list mail; KIND_FORM_REPLY means "could be one". */
enum msg_kind classify_kind(const struct mime_msg *m);

/* Failed recipients of a delivery report (Action: failed), lower case.
 * Returns 0 or YK_ENOMEM (lib/err.h; no message: the caller words it). */
int classify_bounced(const struct mime_msg *m, char ***out, size_t *n);

/* Does the text (subject, body) cite campaign c's reference ("118/UBND-TH",
 * "số 118", "CV 118")? */
bool classify_cites(const struct yk_campaign *c, const char *text);
/* Is M in C's letter's thread (In-Reply-To or References names it)? */
bool classify_in_thread(const struct yk_campaign *c, const struct mime_msg *m);
/* The campaign of a message by reference or by In-Reply-To/References to
 * the letter's Message-ID; NULL if neither.  At most CLASSIFY_MAX_TEXTS
 * texts are looked at. */
#define CLASSIFY_MAX_TEXTS 4
const struct yk_campaign *classify_campaign(const struct yk_config *cfg,
                                            const struct mime_msg *m,
                                            const char *const *texts, size_t n_texts);

/*
 * Is the sender of a message of kind KIND, From address FROM, left
 * unverified by our own server (mailbox.trusted_authserv_id; lib/authres.h)?
 * Only a form reply with a From domain is judged, and only when a server
 * is trusted; DATA (LEN bytes) is the raw message.  When true, WHY (size N)
 * says what was found, for the review reason.  The one verdict behind
 * `ykien parse --json`, `ykien import` and the intake.
 */
bool classify_unverified(const struct yk_config *cfg, enum msg_kind kind, const char *from,
                         const char *data, size_t len, char *why, size_t n);

/* Agency by the address headers; *by = "from", "reply_to" or "sender". */
const struct yk_agency *classify_agency_by_address(const struct yk_config *cfg,
                                                   const struct mime_msg *m,
                                                   const char **by);
/* Does ADDR belong to agency a? */
bool classify_address_matches(const struct yk_agency *a, const char *addr);
/* The one agency named in the unit line or at the edges of the texts
 * (a display name is one more text): by its name or an alias, written in
 * full or abbreviated (lib/orgname.h), or by a sub-unit of it ("Phòng Nội
 * vụ thị xã Ngã Năm", "Văn thư Cục Thuế"); the addressee's line ("Kính
 * gửi: …") does not count.  NULL when none or several. */
const struct yk_agency *classify_agency_by_content(const struct yk_config *cfg,
                                                   const char *unit,
                                                   const char *const *texts,
                                                   size_t n_texts);

#endif
