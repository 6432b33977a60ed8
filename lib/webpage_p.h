/*
 * webpage_p — what the pages of the web desk share (lib/webpage*.c): the
 * layout around every page, escaping, URL parts, the action forms.  Every
 * writer appends to RS->body and the caller checks buf_status() once.
 */
#ifndef YK_WEBPAGE_P_H
#define YK_WEBPAGE_P_H

#include <stdbool.h>

#include "mime.h"
#include "report.h"
#include "webpage.h"
#include "webtext.h"

/* A message's bytes read from the archive: the intake keeps none larger. */
#define WEBPAGE_MAX_MESSAGE ((size_t)64 << 20)
/* Items of the review list shown on one page: each carries its forms (an
 * agency list of a hundred options), so a flood of unreadable mail must
 * not make a page of tens of megabytes; the rest waits for these. */
#define WEBPAGE_MAX_REVIEW 200

/* An attachment served whole (encoded bytes): the intake's own bound of
 * one attachment kept (lib/attach.h). */
#define WEBPAGE_MAX_ATTACHMENT ((size_t)25 << 20)

/* The attachments of a message (webpage_att.c), in the order listed. */
struct webpage_att {
	char *name;               /* decoded file name, or "attachment" */
	char *type;               /* "type/subtype" */
	bool too_large;           /* listed, not served (WEBPAGE_MAX_ATTACHMENT) */
};
struct webpage_atts {
	struct webpage_att a[MIME_MAX_ATTACHMENTS];
	size_t n;
	bool got;                 /* the one wanted was decoded into BYTES */
};
/* Lists the attachments of the message DATA into OUT and decodes the one
 * of index WANT (SIZE_MAX: none, BYTES may be NULL) into BYTES.  0 or YK_ENOMEM/YK_ELIMIT;
 * webpage_atts_free() either way. */
int webpage_atts(const char *data, size_t len, size_t want, struct webpage_atts *out,
                 struct buf *bytes);
void webpage_atts_free(struct webpage_atts *a);
/* g_mime_init() once for the process (lib/mime.h needs it). */
void webpage_gmime_init(void);

/* The report's words of the page's language. */
const struct report_words *webpage_words(const struct web_req *rq);

/* <!DOCTYPE>…<body>, the nav (when rq->user), the flash, <main>, <h1>TITLE. */
void webpage_head(const struct web_req *rq, struct buf *b, const char *title);
/* </main></body></html> */
void webpage_foot(struct buf *b);

/* OPEN, S escaped (text and attribute alike: esc_html does & < > " '), CLOSE. */
void webpage_tag(struct buf *b, const char *open, const char *s, const char *close);
/* S percent-encoded for a path segment (only [A-Za-z0-9._~-] kept). */
void webpage_pct(struct buf *b, const char *s);
/* <input type="hidden" name="csrf" value="…"> */
void webpage_csrf(const struct web_req *rq, struct buf *b);

/* A 404 page for what PATH names; 0. */
int webpage_not_found(const struct web_req *rq, struct web_resp *rs);
/* A 303 to TARGET with FLASH (both copied); YK_ENOMEM. */
int webpage_redirect(struct web_resp *rs, const char *target, const char *flash,
                     struct yk_err *err);

/* Is S N lower- or upper-case hex digits, N in [MIN, MAX]? */
bool webpage_is_hex(const char *s, size_t min, size_t max);

/* The pages, each filling RS (0, or an error for a 500). */
int webpage_campaigns(const struct web_req *rq, struct web_resp *rs, struct yk_err *err);
int webpage_status(const struct web_req *rq, const struct yk_campaign *cp, struct web_resp *rs,
                   struct yk_err *err);
int webpage_reminders(const struct web_req *rq, const struct yk_campaign *cp,
                      struct web_resp *rs, struct yk_err *err);
int webpage_report(const struct web_req *rq, const struct yk_campaign *cp, const char *fmt,
                   struct web_resp *rs, struct yk_err *err);
int webpage_review(const struct web_req *rq, struct web_resp *rs, struct yk_err *err);
int webpage_message(const struct web_req *rq, const char *ref, struct web_resp *rs,
                    struct yk_err *err);
int webpage_attachment(const struct web_req *rq, const char *ref, const char *n,
                       struct web_resp *rs, struct yk_err *err);
int webpage_action(const struct web_req *rq, const char *ref, const char *action,
                   const struct web_form *form, struct web_resp *rs, struct yk_err *err);

/* The action forms of a message (assign, correct, confirm, not a reply)
 * for a clerk; nothing for a viewer.  CAMPAIGN may be NULL (then no
 * correction: there is no form to correct against).  BACK_MESSAGE: the
 * actions answer back to /m/SHA instead of /review. */
void webpage_actions(const struct web_req *rq, struct buf *b, const char *sha,
                     const char *campaign, const char *agency, bool back_message);

#endif
