/*
 * outcome — what one SMTP attempt of the outbox (lib/outbox.h) came to,
 * and whether and when to try again.  Pure: no I/O, no clock, no store;
 * the reminders, the receipts and the digest share it, so the three cannot
 * disagree on what counts as delivered.
 *
 * Classes (RFC 5321 §4.2.1, as lib/smtp.h sorts each recipient): 2xx
 * accepted; 4xx, no answer and a dropped connection temporary; 5xx
 * permanent.  A message is retried while a recipient is temporary and the
 * attempts allowed are not used up; it is failed when no recipient took
 * it; else sent, "partial" when some recipient refused it for good.
 *
 * Nothing here allocates or fails, except outcome_failures(), which
 * appends to the caller's struct buf (its buf_status() keeps the first
 * failure; a failed piece is left out, like any text cut at its limit).
 */
#ifndef YK_OUTCOME_H
#define YK_OUTCOME_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "smtp.h"

/* How a kind of mail is retried. */
struct outcome_policy {
	int max_attempts;      /* then a temporary failure is given up */
	time_t retry_first;    /* wait before the first retry; 0: at the next cycle */
	time_t retry_max;      /* the longest wait (the wait doubles up to it) */
};

/* Recipients per class: this attempt's, plus what the kind counts from
 * earlier attempts. */
struct outcome_tally {
	size_t accepted, deferred, rejected;
};

enum outcome_verdict {
	OUTCOME_SENT,      /* every recipient answered for good, none refused it */
	OUTCOME_PARTIAL,   /* taken by some, refused for good by others */
	OUTCOME_RETRY,     /* a temporary failure, attempts left */
	OUTCOME_GAVE_UP,   /* a temporary failure, no attempt left */
	OUTCOME_FAILED,    /* nobody took it */
};

/* Adds the classes of RCPTS[0..N) to T. */
void outcome_count(struct outcome_tally *t, const struct smtp_rcpt *rcpts, size_t n);

/* The verdict on T after ATTEMPTS attempts (this one included). */
enum outcome_verdict outcome_verdict(const struct outcome_policy *p,
                                     const struct outcome_tally *t, int attempts);

/* The wait before the next try after ATTEMPTS attempts (this one
 * included): retry_first, doubling, at most retry_max; 0 when the policy
 * retries at the next cycle. */
time_t outcome_backoff(const struct outcome_policy *p, int attempts);

/* "addr: reply; addr: reply" for each recipient not accepted, appended to
 * OUT ("; " first when OUT is not empty; "no reply" for an empty reply). */
void outcome_failures(const struct smtp_rcpt *rcpts, size_t n, struct buf *out);

#endif
