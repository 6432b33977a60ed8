/*
 * outbox — the one loop that sends ykien's own mail: the reminders
 * (lib/remind.h), the receipts (lib/ack.h), the daily digest
 * (lib/digest_cycle.h) and the letter itself (lib/dispatch.h).  Each kind only says what to send, through a
 * struct outbox_kind; the order of durability is the outbox's:
 *
 *   1. record the intent (the row, with its Message-ID) and commit;
 *      then the kind's fault point (lib/fault.h) — a crash there, or
 *      anywhere before the outcome is committed, leaves the row pending,
 *      and the next cycle sends it again with the same Message-ID to the
 *      recipients not yet known to have taken it: at most that one message
 *      twice, never a slot skipped (STYLE.md habit 1);
 *   2. build the message and the recipients still open;
 *   3. send it over SMTP (one connection for all the messages of a cycle);
 *   4. classify the outcome (lib/outcome.h: 2xx, 4xx or no answer, 5xx)
 *      and commit it, with the verdict and, for a retry, when.
 *
 * A connection the server drops or refuses (smtp_send() failing) stops
 * the cycle: the kind says whether that attempt counts (its outcome, every
 * recipient temporary or permanent as lib/smtp.h marks them, is then
 * recorded first) or leaves the row as it was.
 *
 * struct outbox is the caller's (outbox_init() ... outbox_close()); it
 * borrows cfg and st.  Nothing is printed.  Errors via struct yk_err: an
 * error means the cycle must stop; what is recorded stays, and the next
 * cycle resumes it.
 */
#ifndef YK_OUTBOX_H
#define YK_OUTBOX_H

#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "outcome.h"
#include "smtp.h"
#include "store.h"

struct outbox {
	const struct yk_config *cfg;
	struct store *st;
	time_t now;
	struct smtp *smtp;            /* opened for the first message sent */
	char from[SMTP_ADDR_MAX];
};

/* One message, as the kind's build() fills it. */
struct outbox_msg {
	struct smtp_rcpt *rcpts;      /* the recipients still open; owned by the kind */
	size_t n;                     /* 0: nothing to send: the outcome is recorded unsent */
	struct buf text;              /* the message, CRLF; owned by the outbox */
	struct outcome_tally earlier; /* what the kind counts from earlier attempts */
};

/* What an attempt came to, for the kind's outcome() and done(). */
struct outbox_result {
	bool tried;                   /* the message went to the server */
	const struct smtp_rcpt *rcpts;/* this attempt's recipients (when tried) */
	size_t n;
	int attempts;                 /* this one included */
	enum outcome_verdict verdict;
	time_t next_attempt;          /* OUTCOME_RETRY: when; 0: at the next cycle */
};

struct outbox_kind {
	const struct outcome_policy *policy;
	const char *recorded;         /* fault point once the intent is committed; NULL: none */
	bool count_dropped;           /* a connection lost mid-send is an attempt */
	/* Records the intent (in a transaction). */
	store_tx_fn record;
	/* Fills M; an error stops the cycle with the row left as it was. */
	int (*build)(void *ctx, struct outbox_msg *m, struct yk_err *err);
	/* Records R (in a transaction). */
	int (*outcome)(struct store *st, void *ctx, const struct outbox_result *r,
	               struct yk_err *err);
	/* Told once the outcome is committed; may be NULL. */
	void (*done)(void *ctx, const struct outbox_result *r);
};

void outbox_init(struct outbox *ob, const struct yk_config *cfg, struct store *st, time_t now);
void outbox_close(struct outbox *ob);

/*
 * One message of kind K (its state in CTX): recorded first when FRESH
 * (else it was recorded by an earlier cycle, with ATTEMPTS tries so far),
 * then built, sent and its outcome recorded.
 */
int outbox_send(struct outbox *ob, const struct outbox_kind *k, void *ctx, bool fresh,
                int attempts, struct yk_err *err);

#endif
