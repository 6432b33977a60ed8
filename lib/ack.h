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
 * The text comes from campaign.receipt_template, else ack_default_template
 * (the same as conf/templates/bien-nhan.txt): it tells the agency when its
 * reply arrived and whether that was within the deadline.
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

/* The receipt without campaign.receipt_template, in lib/compose's
 * template syntax; its placeholders: {agency} {code} {title} {reference}
 * {sent} {about} {deadline} as the reminder's, {received} (when the reply
 * reached the mailbox: "09 giờ 15 ngày 20/01/2024"), {on_time} ("Phiếu
 * được gửi trong thời hạn (hạn gửi: …)." or "… sau thời hạn …"), and the
 * office's (lib/compose.h). */
extern const char ack_default_template[];

/* Composes the receipt of a reply RECEIVED at that time: reads the
 * campaign's receipt_template, if any, else ack_default_template; no
 * other I/O.  REPLY_ID may be NULL. */
int ack_compose(const struct yk_config *cfg, const struct yk_campaign *cp,
                const struct yk_agency *a, const char *to, const char *reply_id,
                const char *message_id, time_t date, time_t received, struct buf *out,
                struct yk_err *err);

/* Sends what is due; does nothing without an smtp group or a campaign
 * that asks for receipts. */
int ack_cycle(const struct yk_config *cfg, struct store *st, time_t now, ack_event_fn fn,
              void *ctx, unsigned *sent, struct yk_err *err);

#endif
