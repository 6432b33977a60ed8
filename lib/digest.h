/*
 * digest — the text of the daily digest to the administrators: per
 * campaign still running, who replied since the last digest, who has not
 * replied yet, and what still needs a person.  Pure: summaries in, subject
 * and text out; no database, no network.  When and to whom it is sent,
 * and the record of each one, are lib/digest_cycle.h's.
 *
 * Strings are UTF-8; times are shown in Viet Nam's time, in the style of
 * lib/isotime.h ("07 giờ 30 ngày 16/01/2024").
 * Errors via struct yk_err; nothing printed.
 */
#ifndef YK_DIGEST_H
#define YK_DIGEST_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "compose.h"
#include "config.h"
#include "err.h"
#include "summary.h"

/* A campaign is in the digest until this many days after its deadline. */
#define DIGEST_DAYS_AFTER_DEADLINE 30

/*
 * The digest's subject and text for the campaigns' summaries S[0..N),
 * dated UNTIL: a reply ykien filed at or after SINCE (0: any time) is new
 * (by filing time, so that a reply dated earlier but delivered late is not
 * missed; filing times have whole seconds, so one filed in the second the
 * last digest was made is new again: listed twice rather than never); who
 * replied and what needs review are the summaries' own (their totals as
 * summary_count() made them).
 */
struct digest_server {
	int64_t waiting;     /* filed messages whose flag or move the server refused */
	const char *why;     /* its last words */
	bool move;           /* after_filing is "move" (else "seen") */
};
/* SERVER (may be NULL, or waiting 0: nothing said) adds a paragraph on
 * the server actions that wait.  TMPL (NULL: digest_default_template) is
 * the frame, in lib/compose's template syntax; its placeholders:
 *   {until}        "07 giờ 30 ngày 16/01/2024"
 *   {since_note}   "; Phiếu mới là Phiếu đến từ …" (nothing for the first)
 *   {summary}      "2/4 cơ quan, đơn vị đã gửi (Công văn số 118/UBND-TH)",
 *                  or "3 công văn"
 *   {campaigns}    each campaign's lines, a blank line after each
 *   {server_note}  the paragraph on the server, or nothing
 * and the office's but {letter_issuer} (lib/compose.h).  YK_ENOMEM or
 * YK_ELIMIT (SUBJECT's or TEXT's limit) when the text could not be made
 * whole; YK_EINVAL for a placeholder it does not know. */
extern const char digest_default_template[];
int digest_text(struct summary *const *s, size_t n, time_t since, time_t until,
                const struct digest_server *server, const struct compose_tmpl *tmpl,
                struct buf *subject, struct buf *text, struct yk_err *err);

/* Is campaign CP one to speak of at UNTIL: its letter sent, its deadline
 * not more than DIGEST_DAYS_AFTER_DEADLINE days past? */
bool digest_speaks_of(const struct yk_campaign *cp, time_t until);

/* The day of T in Viet Nam: "31/01/2024" (DMY) or "2024-01-31"; "" when
 * T cannot be shown. */
void digest_day(time_t t, bool dmy, char out[16]);

#endif
