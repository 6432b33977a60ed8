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
#include <stdint.h>

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

/* The wording of the options CHOSEN (bit i: SEC's option i) as the text
 * table shows it, appended to OUT: each option's text, cut with "…" to fit
 * a column; several chosen joined by " + ", without the words all of SEC's
 * options begin with; "-" for none; "*" after it when CORRECTED by a person.
 * Returns buf_status(OUT). */
int status_table_choice(const struct yk_section *sec, uint32_t chosen, bool corrected,
                        struct buf *out);

#endif
