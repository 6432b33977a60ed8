/*
 * ack — acknowledgments of receipt: a short Vietnamese note to the agency
 * that its reply arrived, for campaigns with `acknowledge = true`.
 *
 * Only to a form reply that counts (not a duplicate), from an agency
 * recognised by its registered From address: never to an auto-reply, a
 * bounce, an unassigned sender or one recognised only by the text.  The
 * note says Auto-Submitted: auto-replied and refers to the reply
 * (In-Reply-To, References; RFC 3834), so the agency's own auto-responder
 * does not answer it, and an answer to it is an auto_reply that ykien never
 * acknowledges.  Each is recorded with its Message-ID before it is sent:
 * at most one per reply, even across restarts (a crash re-sends the one in
 * flight with the same Message-ID).  Sent through lib/outbox.h; a
 * temporary failure is tried again at the next cycle, at most
 * ACK_MAX_ATTEMPTS times; a connection lost mid-send is not counted.
 */
#ifndef YK_ACK_H
#define YK_ACK_H

#include <time.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"

#define ACK_MAX_ATTEMPTS 5   /* then recorded as failed */
#define ACK_MAX_PER_CYCLE 500

struct ack_event {
	const char *agency;
	const char *address;
	const char *message_id;
	const char *what;       /* "sent", "retry", "failed" */
	const char *detail;
};
typedef void (*ack_event_fn)(void *ctx, const struct ack_event *ev);

/* Composes the receipt (pure: no I/O).  REPLY_ID may be NULL. */
int ack_compose(const struct yk_config *cfg, const struct yk_campaign *cp,
                const struct yk_agency *a, const char *to, const char *reply_id,
                const char *message_id, time_t date, struct buf *out, struct yk_err *err);

/* Sends what is due; does nothing without an smtp group or a campaign
 * that asks for receipts. */
int ack_cycle(const struct yk_config *cfg, struct store *st, time_t now, ack_event_fn fn,
              void *ctx, unsigned *sent, struct yk_err *err);

#endif
