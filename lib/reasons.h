/*
 * reasons — the review reasons of extraction, in Vietnamese for the
 * people who read the digest and the Vietnamese reports.
 *
 * Extraction words its reasons in English (they are also a stable
 * vocabulary for `ykien export --json` and the guides' tables); this
 * module only renders them.  Pure: no I/O.
 */
#ifndef YK_REASONS_H
#define YK_REASONS_H

#include "buf.h"

/* Appends REASONS ("; "-separated, as stored) to OUT in Vietnamese: each
 * reason it knows translated, any other one as it is, joined by "; ".
 * NULL or "" appends nothing.  Returns buf_status(out): 0, YK_ENOMEM or
 * YK_ELIMIT. */
int reasons_vi(const char *reasons, struct buf *out);

#endif
