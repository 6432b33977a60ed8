/*
 * status_table — what administrators read in a terminal: the status table
 * of a campaign (`ykien status`), per agency: status (replied on time, late,
 * missing), when, the option chosen (a person's correction applied),
 * needs review, unverified, reminders sent, bouncing; then the totals.
 * Built on lib/summary, like `ykien report`, so the two always agree.
 * Output goes into a caller-owned struct buf; nothing is printed here.
 */
#ifndef YK_STATUS_TABLE_H
#define YK_STATUS_TABLE_H

#include <stdbool.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"

struct status_table_opts {
	const struct yk_campaign *campaign;
	bool json;      /* one JSON object per agency, then a totals object */
	bool colour;    /* ANSI colours (the caller says so only for a terminal) */
};

/* Appends the table of O->campaign to OUT.  Returns 0, or the error of
 * reading the store, or YK_ENOMEM/YK_ELIMIT when OUT could not hold it;
 * the message in ERR. */
int status_table(const struct yk_config *cfg, struct store *st, const struct status_table_opts *o,
                 struct buf *out, struct yk_err *err);

#endif
