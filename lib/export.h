/*
 * export — one filed message as `ykien export --json` prints it: one JSON
 * object on a line.
 *
 * The members of `ykien parse --json` stay, but "agency", "agency_by" and
 * "answers" are the ones that count after a person's work: an assignment
 * makes "agency" the agency assigned and "agency_by" "person"; "answers"
 * has the corrections applied, by the rules the report uses
 * (summary_answer_extracted, summary_answer_correct in lib/summary.h).
 * Beside them:
 *   "extracted":    {"agency", "agency_by", "answers"} as extraction gave
 *                   them, only when a person changed one of them;
 *   "corrected_by": the last person who assigned or corrected the message
 *                   (their name from the configuration's clerks when
 *                   listed, else their login), or null;
 *   "corrected_at": when (ISO 8601 UTC), or null;
 * then "sha256", "filed_at", "archive_path", "status" (not_counted for a
 * message a person said is not a reply), "duplicate_of", "superseded_by".
 *
 * export_format() and export_answers_json() are pure; export_line() reads
 * the corrections and assignments of one message from the store first.
 * Output is appended to a caller-owned struct buf.
 */
#ifndef YK_EXPORT_H
#define YK_EXPORT_H

#include <stdbool.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"
#include "summary.h"

/* A message's line, once what counts is known.  Every pointer is the
 * caller's; NULL strings are written as null. */
struct export_view {
	const struct store_export *e;  /* the row: file, members, extracted values, status */
	const char *agency;            /* the agency that counts */
	const char *agency_by;
	/* the answers that count: FORM's sections, one each; ANSWERS NULL: as
	 * extracted (e->answers_x, written as it is) */
	const struct yk_form *form;
	const struct summary_answer *answers;
	bool changed;                  /* a person changed agency or answers: "extracted" */
	const char *corrected_by;      /* the name shown, or NULL */
	const char *corrected_at;
};

/* The line of V, newline included, appended to OUT; returns buf_status. */
int export_format(const struct export_view *v, struct buf *out);

/* ANSWERS (one per section of FORM) as JSON, in the shape `ykien parse
 * --json` gives them: {"SECTION": "text" | null, "CHOICE_SECTION":
 * {"choices": ["id", ...], "text": "text" | null}, ...}; returns
 * buf_status. */
int export_answers_json(const struct yk_form *form, const struct summary_answer *answers,
                        struct buf *out);

/*
 * A person's work on one message, read from the store: what `ykien export
 * --json` and a page that shows one message both need.  For a reply
 * (IS_REPLY) to CAMPAIGN of the configuration, FORM and ANSWERS (one per
 * section) hold the answers that count, the corrections applied in the
 * order made; else both are NULL.  WHO (a login: config_clerk_name gives
 * the name to show) and AT are the last person who assigned or corrected
 * it and when, NULL when no one did.  Owned by the struct:
 * export_work_free() (also after a failed load).
 */
struct export_work {
	const struct yk_form *form;
	struct summary_answer *answers;
	bool answers_changed;    /* a correction changed an answer */
	bool assigned;           /* a person filed it under an agency */
	size_t n_changes;        /* assignments and corrections that apply */
	char *who;
	char *at;
};
int export_work_load(const struct yk_config *cfg, struct store *st, const char *sha256,
                     const char *campaign, bool is_reply, struct export_work *w,
                     struct yk_err *err);
void export_work_free(struct export_work *w);

/* The line of the message E, with its corrections and assignments from ST
 * applied, appended to OUT. */
int export_line(const struct yk_config *cfg, struct store *st, const struct store_export *e,
                struct buf *out, struct yk_err *err);

#endif
