/*
 * dispatch — `ykien dispatch --campaign ID --dry-run|--send`: ykien sends
 * the letter itself, one message per expected agency, with the letter
 * (campaign.letter) and the form (campaign.attach) attached.
 *
 * Sent through lib/outbox.h, as the reminders: the row (campaign, agency,
 * its Message-ID and random token, lib/dispatch_id.h) is committed before
 * the message leaves (fault point "dispatch-recorded"), the outcome after.
 * A crash in between leaves the row "pending": the next --send sends that
 * one again with the same Message-ID; an agency whose letter is recorded
 * as sent is never sent it again.  A temporary failure ("retry") or a
 * refusal ("failed") is tried again, with the same Message-ID, by the
 * next --send that a person runs; the daemon never dispatches.
 *
 * The dispatched Message-IDs and reply addresses are what lets a reply
 * from anywhere name its agency (lib/extract.h, agency_by "dispatch"):
 * dispatch_index_load() reads them for the intake.
 *
 * Nothing is printed: what happened is reported through dispatch_event_fn
 * (strings live for the call) or written to the caller's struct buf.
 * Errors via struct yk_err.
 */
#ifndef YK_DISPATCH_H
#define YK_DISPATCH_H

#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "dispatch_id.h"
#include "err.h"
#include "store.h"

#define DISPATCH_MAX_ATTEMPTS 10 /* a 4xx after so many: recorded as failed */

struct dispatch_event {
	const char *agency;
	const char *message_id;
	const char *to;        /* the addresses, ", " between */
	const char *what;      /* "sent" "partial" "retry" "failed" "already sent" "unmailable" */
	const char *detail;    /* the server's words, when, or why; may be NULL */
};
typedef void (*dispatch_event_fn)(void *ctx, const struct dispatch_event *ev);

struct dispatch_stats {
	unsigned sent, already, retry, failed, unmailable;
};

/* What --send would do for CAMPAIGN, as text into OUT; sends and records
 * nothing.  YK_ENOTFOUND for an unknown campaign, YK_ECONFIG when it has
 * no letter or no smtp group, a file to attach is missing. */
int dispatch_dry_run(const struct yk_config *cfg, struct store *st, const char *campaign,
                     struct buf *out, struct yk_err *err);

/* Sends CAMPAIGN's letter to every expected agency not yet sent it. */
int dispatch_send(const struct yk_config *cfg, struct store *st, time_t now,
                  const char *campaign, dispatch_event_fn fn, void *ctx,
                  struct dispatch_stats *stats, struct yk_err *err);

/* The letter to AGENCY as a message (CRLF) onto OUT: exposed for the tests. */
int dispatch_compose(const struct yk_config *cfg, const struct yk_campaign *c,
                     const struct yk_agency *a, const char *const *to, size_t n_to,
                     const char *message_id, const char *reply_to, time_t date,
                     struct buf *out, struct yk_err *err);

/* Every dispatched Message-ID and reply address into X (emptied first). */
int dispatch_index_load(struct store *st, struct dispatch_index *x, struct yk_err *err);

#endif
