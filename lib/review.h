/*
 * review — a person's work on what was filed: `ykien review` (what needs
 * a person), `ykien show REF`, `ykien assign REF AGENCY`, `ykien set REF
 * FIELD=VALUE…`.
 *
 * A REF names a message by its Message-ID (with or without <>), a prefix
 * of its sha256 (at least REVIEW_MIN_SHA_PREFIX hex digits), or its archive
 * path (relative to the archive root, or absolute under it); or, for show,
 * an agency code: that agency's history of replies.
 *
 * Corrections and assignments are recorded beside the extracted values,
 * never over them, with who and when, keyed by the message's sha256.
 * Output goes into a caller-owned struct buf; untrusted text (what agencies
 * wrote) is escaped for a terminal.
 */
#ifndef YK_REVIEW_H
#define YK_REVIEW_H

#include <stdbool.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"

#define REVIEW_MIN_SHA_PREFIX 6   /* shorter hex strings are too likely to be ambiguous */
#define REVIEW_MAX_FIELDS 32      /* FIELD=VALUE pairs in one `ykien set` */

/* Everything that still needs a person (CAMPAIGN NULL: all), as text. */
int review_list(const struct yk_config *cfg, struct store *st, const char *campaign,
                struct buf *out, size_t *n, struct yk_err *err);

/* A message in full (classification, extracted answers, corrections,
 * archive path), or an agency's history of replies. */
int review_show(const struct yk_config *cfg, struct store *st, const char *ref, struct buf *out,
                struct yk_err *err);

/* Files the reply REF under AGENCY; filing decisions are taken again. */
int review_assign(const struct yk_config *cfg, struct store *st, const char *ref,
                  const char *agency, const char *who, const char *at, struct buf *out,
                  struct yk_err *err);

/* Records the corrections "FIELD=VALUE" (see summary_parse_correction) of
 * the reply REF, all or none; of a question (kind "question"), the one
 * setting "answered=yes", which takes it off the review list.  Of any
 * message, "not_reply=yes" alone: it is not a reply to the form, counts
 * for nothing (status not_counted), leaves the review list, and its
 * agency's replies are decided again without it (an earlier one counts
 * again).  "reviewed=yes" alone also takes a message that is no reply to
 * a campaign of the configuration off the review list.  Each is recorded
 * with WHO (a login; the report shows the clerk's name) and AT. */
int review_set(const struct yk_config *cfg, struct store *st, const char *ref,
               char *const *pairs, size_t n_pairs, const char *who, const char *at,
               struct buf *out, struct yk_err *err);

#endif
