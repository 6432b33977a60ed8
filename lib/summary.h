/*
 * summary — one campaign as the report sees it: per agency asked, the
 * reply that counts (with a person's corrections applied over the
 * extracted answers), on time or late, reminders sent, bouncing; what still
 * needs review; the totals and the tally of each option.
 *
 * summary_load() gathers it from the database; everything after that
 * (totals, tallies, percentages, applying a correction) is pure and is
 * what `ykien status`, `ykien report` in every format and the tests share,
 * so they cannot disagree.  struct summary owns all its strings
 * (summary_free()); cfg and campaign must outlive it.
 */
#ifndef YK_SUMMARY_H
#define YK_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "err.h"
#include "store.h"

/* Longest value a person may record with `ykien set` (a whole comment). */
#define SUMMARY_MAX_CORRECTION 65536

struct summary_answer {
	char *text;              /* free text (or a choice section's own text); NULL: none */
	uint32_t choices;        /* bit i: option i of the section */
	bool text_corrected;     /* a person set the text */
	bool choices_corrected;  /* a person set the choices */
};

struct summary_row {
	const struct yk_agency *agency;
	bool replied;
	bool late;               /* sent after the deadline (by its Date) */
	bool needs_review;       /* still needs a person */
	bool unverified;         /* From not vouched for by our server (lib/authres.h) */
	bool unregistered;       /* the reply that counts did not come from a registered address
	                          * of the agency (it was identified by its content) and no
	                          * person has confirmed it */
	bool awaiting;           /* a later reply not from a registered address is held back
	                          * until a person confirms it (lib/filing.h, the filing rule) */
	char *received_at;       /* ISO 8601 UTC */
	char *filed_at;          /* ISO 8601 UTC: when ykien filed it */
	char *sha256;
	char *archive_path;
	char *message_id;
	char *from;              /* the reply's From, as filed; a report shows it only with --audit */
	struct summary_answer *answers; /* one per section of the form; NULL when no reply */
	char *corrected_by;      /* the login of the last person who corrected or assigned
	                          * the reply (a `clerks` name is the report's to show),
	                          * or NULL */
	char *corrected_at;      /* when, ISO 8601 UTC */
	bool assigned;           /* a person filed the reply under this agency */
	unsigned reminders_sent;
	bool bouncing;           /* an address of the agency bounced */
	int64_t n_replies;       /* every reply, duplicates and superseded included */
};

/* Something that still needs a person. */
struct summary_review {
	char *sha256;
	char *agency;            /* NULL: no agency found */
	char *archive_path;
	char *from;
	char *subject;
	char *reasons;           /* "; "-separated, or NULL */
	bool question;           /* a question about the campaign, not yet answered */
	char *arrived;           /* when it arrived (ISO 8601 UTC), or NULL */
};

/* The field of a summary_correction that stands for an assignment: its
 * value is the agency's code (no section id begins with '@'). */
#define SUMMARY_FIELD_AGENCY "@agency"

/* A correction that the report uses, or an assignment (field
 * SUMMARY_FIELD_AGENCY); in the order made. */
struct summary_correction {
	const struct yk_agency *agency;
	char *field;
	char *value;
	char *who;
	char *at;
};

struct summary_totals {
	size_t asked, replied, on_time, late, missing, review, corrected, unverified;
	size_t unregistered, awaiting; /* rows so marked */
	size_t unassigned;       /* replies no agency was found for */
	size_t questions;        /* of review: questions not yet answered */
};

struct summary {
	const struct yk_config *cfg;
	const struct yk_campaign *cp;
	struct summary_row *rows;        /* the agencies asked, in configuration order */
	size_t n_rows;
	struct summary_review *reviews;
	size_t n_reviews;
	struct summary_correction *corrections;
	size_t n_corrections;
	struct summary_totals t;
};

int summary_load(const struct yk_config *cfg, const struct yk_campaign *cp, struct store *st,
                 struct summary **out, struct yk_err *err);
void summary_free(struct summary *s);

/* ---- pure ------------------------------------------------------------- */

/* Totals from the rows (summary_load calls it; tests call it on rows they
 * build). */
void summary_count(struct summary *s);

/*
 * Tally of choice section SECTION over the agencies that replied: counts[i]
 * (the caller gives n_options slots) agencies chose option i, *none chose
 * nothing.  Returns the base of the percentages: the number that replied.
 */
size_t summary_tally(const struct summary *s, size_t section, size_t *counts, size_t *none);

/* N of TOTAL in tenths of a percent, rounded half up; 0 when TOTAL is 0. */
unsigned summary_permille(size_t n, size_t total);
/* "66,7 %" (DECIMAL ',') or "66.7%" (DECIMAL '.'); 0 or the buf error. */
int summary_fmt_percent(struct buf *out, unsigned permille, char decimal);

/* Was a reply sent at ISO (UTC) after DEADLINE?  Unknown times are not late. */
bool summary_is_late(const char *iso, time_t deadline);

/*
 * A correction "FIELD=VALUE" checked against FORM.  FIELD is a section id
 * (text for a free-text section; option ids for a choice section, joined by
 * '+' or ',' or spaces, or "none"), "SECTION.text" for the text of a choice
 * section, "reviewed" (value "yes": a person looked and confirms it) or
 * "not_reply" (value "yes": it is not a reply to the form at all).  On
 * success *section is the section index (SIZE_MAX for "reviewed" and
 * "not_reply"), *is_choice tells which part is set and
 * *choices the bitmask; else a message in WHY.
 */
int summary_parse_correction(const struct yk_form *form, const char *field, const char *value,
                             size_t *section, bool *is_choice, uint32_t *choices, char *why,
                             size_t why_len);

/*
 * The answers of one reply, as the report counts them: ANSWERS has one
 * slot per section of FORM (zeroed by the caller; their text is the
 * caller's to free, summary_answers_free()).  summary_answer_extracted()
 * puts in what extraction gave for SECTION (TEXT may be NULL; CHOICES
 * option ids separated by spaces, NULL for a free-text section);
 * summary_answer_correct() applies a person's correction FIELD=VALUE over
 * it, by the rules of summary_parse_correction().  Both are what
 * summary_load() does for every reply and what `ykien export --json`
 * (lib/export.h) does for one, so they cannot disagree.
 * summary_answer_correct returns 0 when the correction applies (*changed:
 * an answer changed, false for "reviewed" and "not_reply"), 1 when it no
 * longer does (the form changed since: it is ignored), YK_ENOMEM.
 */
int summary_answer_extracted(const struct yk_form *form, struct summary_answer *answers,
                             const char *section, const char *text, const char *choices);
int summary_answer_correct(const struct yk_form *form, struct summary_answer *answers,
                           const char *field, const char *value, bool *changed);
/* Frees the text of each of the N_SECTIONS answers (not the array). */
void summary_answers_free(struct summary_answer *answers, size_t n_sections);

/* Option ids of the bits of CHOICES as "a+b", or "-" when none; returns
 * buf_status(out). */
int summary_choice_ids(const struct yk_section *sec, uint32_t choices, struct buf *out);

#endif
