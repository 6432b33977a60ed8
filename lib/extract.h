/*
 * extract — one message's bytes in, its classification and answers out.
 *
 * Pure: no network, no database, no files written.  This is the function
 * behind `ykien parse --json` and the per-message step of intake.  It ties
 * together mime (decoding), classify (kind, campaign, agency) and form
 * (section finder).  A message it cannot read is never an error: the result
 * says needs_review and why.  extract_message() fails only on resource
 * exhaustion.
 *
 * struct extract_result and everything in it is owned by it (free with
 * extract_free()); the campaign and agency pointers point into the
 * yk_config passed in, which must outlive the result.
 */
#ifndef YK_EXTRACT_H
#define YK_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alive.h"
#include "buf.h"
#include "config.h"
#include "err.h"

/* KIND_QUESTION: a message about a campaign that holds no filled form
 * and asks the office something (lib/question.h); never counted as a
 * reply, listed for a person until marked answered. */
enum msg_kind { KIND_FORM_REPLY, KIND_AUTO_REPLY, KIND_BOUNCE, KIND_UNRELATED, KIND_QUESTION };

/* The review reason of a question (the clerk answers it). */
#define EXTRACT_QUESTION_REASON "a question for the office: needs an answer"

struct extract_answer {
	bool found;          /* the section was found in the answer */
	char *text;          /* free text (UTF-8 NFC), NULL when none */
	uint32_t choices;    /* bit i: option i of the section chosen */
};

struct extract_result {
	char *message_id;    /* without <>, NULL when absent */
	char *from;          /* the From address as written, NULL when absent */
	char *subject;       /* decoded UTF-8 */
	char *date;          /* Date header as written */
	enum msg_kind kind;
	const struct yk_campaign *campaign; /* NULL: none recognised */
	const struct yk_agency *agency;     /* NULL: unassigned */
	const char *agency_by;              /* "from" "reply_to" "sender" "dispatch" "content"
	                                       or NULL ("dispatch": the reply names the
	                                       Message-ID or reply address of the letter
	                                       ykien sent that agency, lib/dispatch_id.h) */
	char *forwarded_from; /* a forwarded reply (lib/forward.h): the forwarded
	                       * sender's address, lower case, else NULL; the
	                       * agency is still the forwarder's */
	const char *source;  /* "inline" "docx" "doc" "odt" "pdf" "txt" "html" "image" or NULL */
	struct extract_answer *answers;     /* one per section of campaign->form */
	size_t n_answers;
	bool ocr;            /* the answers were read by OCR from a scan */
	char *ocr_text;      /* then the OCR text they were read from (UTF-8
	                      * NFC, for `ykien show`), else NULL */
	bool needs_review;
	bool unverified;     /* the From is not vouched for by our server
	                      * (classify_unverified(); a review reason says why) */
	char **reasons;      /* why it needs review, or why it was skipped */
	size_t n_reasons;
	char **bounced;      /* for a bounce: the failed recipients, lower case */
	size_t n_bounced;
	char *dispatch_bounced; /* for a bounce: the dispatched letter it returns
	                         * (its Message-ID), else NULL */
};

/* Once per process, before any other call (GMime's global set-up). */
void extract_global_init(void);
void extract_global_shutdown(void);

int extract_message(const struct yk_config *cfg, const char *data, size_t len,
                    struct extract_result **out, struct yk_err *err);
/* The same, pinging ALIVE (lib/alive.h) during long work (OCR). */
int extract_message_watched(const struct yk_config *cfg, const char *data, size_t len,
                            const struct yk_alive *alive, struct extract_result **out,
                            struct yk_err *err);
/* The same, knowing the letters ykien dispatched (DX, may be NULL;
 * lib/dispatch_id.h): a reply naming one is that campaign's and agency's. */
struct dispatch_index;
int extract_message_in(const struct yk_config *cfg, const struct dispatch_index *dx,
                       const char *data, size_t len, const struct yk_alive *alive,
                       struct extract_result **out, struct yk_err *err);
void extract_free(struct extract_result *r);

/* Marks R for a person, with the reason WHY (kept once; at most
 * EXTRACT_MAX_REASONS reasons).  YK_ENOMEM or 0. */
int extract_add_review(struct extract_result *r, const char *why);

const char *extract_kind_name(enum msg_kind k);

/*
 * Appends the fields of the `ykien parse --json` contract (DESIGN.md) after
 * "file", without the enclosing braces, so that callers can add fields:
 * "message_id":…,"from":…,…,"review_reasons":[…]
 * These three writers return buf_status(out): 0, or the first failed append
 * to OUT (YK_ENOMEM, YK_ELIMIT), when OUT's text is incomplete.
 */
int extract_json_fields(const struct extract_result *r, struct buf *out);

/* Answers alone as a JSON object {"comments": …, "proposal": {…}, …}. */
int extract_json_answers(const struct extract_result *r, struct buf *out);

/* One-line summary of the chosen options of the first choice section,
 * e.g. "continue_contest" or "continue_contest+other_form" or "-" */
int extract_choice_summary(const struct extract_result *r, struct buf *out);

#endif
