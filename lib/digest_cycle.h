/*
 * digest_cycle — sending the daily digest (its text: lib/digest.h) to the
 * administrators (smtp.digest_to), once a day, at smtp.digest_at in Viet
 * Nam's time (07:30 by default) or at the first cycle after it; a day with
 * no campaign to speak of gets none.  It goes through lib/outbox.h.
 *
 * Durability as the reminders' (lib/remind.h): the day's digest is recorded
 * with its Message-ID and the moment it speaks of ("until") before it is
 * sent, and its outcome after.  A crash in between sends it again at the
 * next cycle with the same Message-ID and the same window of new replies
 * (filed since the last digest sent), to the addresses not yet known to
 * have taken it.  A temporary failure is
 * retried at the next cycles (at most DIGEST_MAX_ATTEMPTS times); a day the
 * daemon did not run gets no digest of its own, and the next digest counts
 * every reply since the last digest that was sent.
 *
 * Nothing is printed: what happened is reported through digest_event_fn
 * (its strings live for the duration of the call).  Errors via struct
 * yk_err.
 */
#ifndef YK_DIGEST_CYCLE_H
#define YK_DIGEST_CYCLE_H

#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "digest.h"
#include "err.h"
#include "store.h"

#define DIGEST_MAX_ATTEMPTS 10

struct digest_event {
	const char *day;         /* "2024-01-24", Viet Nam */
	const char *message_id;
	const char *what;        /* "sent" "partial" "retry" "failed" */
	const char *detail;      /* per-address outcomes; may be NULL */
};
typedef void (*digest_event_fn)(void *ctx, const struct digest_event *ev);

/*
 * The digest that would be sent at NOW (since the last one sent), as text
 * for a person: subject line, blank line, text.  Nothing is recorded.
 * *empty is set when no campaign would be in it.
 */
int digest_preview(const struct yk_config *cfg, struct store *st, time_t now, struct buf *out,
                   bool *empty, struct yk_err *err);

/* One line for `ykien status`: where the digest goes, the newest one's
 * state; nothing without smtp.digest_to. */
int digest_status(const struct yk_config *cfg, struct store *st, struct buf *out,
                  struct yk_err *err);

/*
 * The daemon's entry point: at or after today's smtp.digest_at, records
 * and sends today's digest, or sends again the one recorded and not sent.
 * Does nothing without smtp.digest_to.  Returns an error only when the
 * digest could not be handled (database, SMTP server unreachable): what is
 * recorded stays, and the next cycle resumes it.  *sent: 1 when a digest
 * left in this call.
 */
int digest_cycle(const struct yk_config *cfg, struct store *st, time_t now, digest_event_fn fn,
                 void *ctx, unsigned *sent, struct yk_err *err);

#endif
