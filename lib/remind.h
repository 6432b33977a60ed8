/*
 * remind — one reminder cycle: plan, record, send, mark.  Used by ykiend
 * (every cycle) and by `ykien remind --send` / `--dry-run`.
 *
 * Sent through lib/outbox.h, whose order of durability (STYLE.md habit 1)
 * is this: a reminder's row, with its Message-ID and its recipients, is
 * committed before the message leaves; the outcome is committed after.  A crash in between leaves the row
 * "pending": the next cycle sends it again, with the same Message-ID, to
 * the recipients not yet known to have accepted it.  So at most that one
 * message is sent twice, and no slot is skipped.
 *
 * Temporary failures (4xx, no answer) are retried at later cycles with a
 * growing wait (REMIND_RETRY_FIRST doubling up to REMIND_RETRY_MAX), at
 * most REMIND_MAX_ATTEMPTS times; permanent ones (5xx) are recorded with
 * the server's reply and shown by `ykien status`.
 *
 * Nothing is printed: what happened is reported through remind_event_fn.
 * Strings in an event live only for the duration of the call.
 * Errors via struct yk_err.
 */
#ifndef YK_REMIND_H
#define YK_REMIND_H

#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"

#define REMIND_RETRY_FIRST 300       /* seconds before the first retry */
#define REMIND_RETRY_MAX (4 * 3600)  /* the longest wait between two tries */
#define REMIND_MAX_ATTEMPTS 10       /* then the reminder is recorded as failed */

struct remind_event {
	const char *campaign;
	const char *agency;
	const char *slot;
	const char *message_id;
	const char *what;      /* "sent" "partial" "retry" "failed" "cancelled" "unmailable" */
	const char *detail;    /* per-address outcomes or the reason; may be NULL */
};
typedef void (*remind_event_fn)(void *ctx, const struct remind_event *ev);

struct remind_stats {
	unsigned sent;         /* delivered to at least one address */
	unsigned retry;        /* waiting for a later cycle */
	unsigned failed;       /* permanent failures and unmailable agencies */
	unsigned cancelled;
};

/*
 * The daemon's entry point: one cycle over every campaign at time NOW.
 * Does nothing (returns 0) when no smtp group is configured.  Returns an
 * error only when the cycle could not run or had to stop (database, SMTP
 * server unreachable, TLS, login): the reminders in hand stay recorded and
 * the next cycle resumes them.
 */
int remind_cycle(const struct yk_config *cfg, struct store *st, time_t now, remind_event_fn fn,
                 void *ctx, struct remind_stats *stats, struct yk_err *err);

/* The same for one campaign (CAMPAIGN NULL: all). */
int remind_run(const struct yk_config *cfg, struct store *st, time_t now, const char *campaign,
               remind_event_fn fn, void *ctx, struct remind_stats *stats, struct yk_err *err);

/* The schedule still ahead, as text, into OUT; records nothing. */
int remind_dry_run(const struct yk_config *cfg, struct store *st, time_t now,
                   const char *campaign, struct buf *out, struct yk_err *err);

/* The reminders of CAMPAIGN ahead at NOW, as the planner sees them, for
 * the web desk's read-only page: FN gets each entry of the plan (WHAT
 * PLAN_LATER, PLAN_SEND, …; its strings live for the call).  Records
 * nothing, sends nothing.  A campaign without reminders calls FN never. */
struct plan_entry;
typedef int (*remind_planned_fn)(void *ctx, const struct plan_entry *e);
int remind_each_planned(const struct yk_config *cfg, struct store *st, time_t now,
                        const struct yk_campaign *campaign, remind_planned_fn fn, void *ctx,
                        struct yk_err *err);
/* For `ykien status`: reminders of CAMPAIGN and every failure, as text. */
int remind_status(struct store *st, const char *campaign, struct buf *out,
                  struct yk_err *err);

#endif
