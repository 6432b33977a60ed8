/*
 * authres — is the From of a message vouched for by our own mail server?
 * Reads the Authentication-Results header fields (RFC 8601) that the server
 * named by mailbox.trusted_authserv_id added, and nothing else: such fields
 * from any other server, or written by the sender, are ignored.  Pure: the
 * message's bytes in, a verdict out.
 *
 * The verdict is "verified" when that server reports dkim=pass for the
 * From domain (header.d, or header.i's domain), spf=pass for an envelope
 * sender in the From domain (smtp.mailfrom), or dmarc=pass for it;
 * alignment is relaxed (a subdomain of either side counts).  The server is
 * trusted to strip fields carrying its own name from incoming mail (RFC
 * 8601 §5); only the top-most such field is read.
 */
#ifndef YK_AUTHRES_H
#define YK_AUTHRES_H

#include <stdbool.h>
#include <stddef.h>

#define AUTHRES_MAX_HEADER 65536   /* bytes of one unfolded header field read */

/* TRUSTED: the authserv-id; FROM_DOMAIN: the From address's domain.
 * WHY (size N) says what was found, for the review reason. */
bool authres_verified(const char *msg, size_t len, const char *trusted, const char *from_domain,
                   char *why, size_t n);

#endif
