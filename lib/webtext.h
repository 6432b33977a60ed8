/*
 * webtext — every text of the clerks' web desk (lib/webpage*.c), in
 * Vietnamese and English side by side (lib/webtext.c).  The Vietnamese is
 * what a clerk of a Sở Nội vụ reads in the office: the words of the
 * reports (lib/report.c) for the same things.  Static: nothing to free.
 */
#ifndef YK_WEBTEXT_H
#define YK_WEBTEXT_H

#include "web.h"

struct webtext {
	const char *lang;          /* "vi" "en": <html lang> */
	const char *app;           /* the site's name */
	/* nav and login */
	const char *nav_campaigns, *nav_review, *logout, *login, *login_title, *user, *password,
	           *logged_in_as;
	/* the campaigns */
	const char *campaigns_title, *campaign, *reference, *deadline, *asked, *replied, *on_time,
	           *late, *missing, *review, *no_campaigns;
	/* a campaign's status */
	const char *status_title, *unit, *code, *state, *replied_at, *reminders_sent, *bouncing,
	           *answer, *reports, *reminders_link, *tally, *back_campaigns;
	/* the reminders */
	const char *reminders_title, *reminders_note, *slot, *at, *rm_sent, *rm_planned,
	           *rm_pending, *rm_retry, *rm_failed, *rm_cancelled, *rm_passed, *rm_due,
	           *no_reminders, *detail;
	/* the review list and its actions */
	const char *review_title, *review_nothing, *review_more, *subject, *from, *to, *date, *arrived,
	           *unidentified, *reasons, *open_message, *assign, *assign_button, *correct,
	           *field, *value, *correct_button, *options_help, *text_of, *confirm,
	           *confirm_button, *notreply, *notreply_button, *question, *actions;
	const char *flash_assigned, *flash_corrected, *flash_confirmed, *flash_notreply;
	/* one message */
	const char *message_title, *status, *answers, *extracted, *corrected_by, *assigned_by,
	           *no_answers,
	           *text, *no_text, *attachments, *no_attachments, *too_large, *forwarded,
	           *st_effective, *st_superseded, *st_duplicate, *st_not_counted, *st_review;
	/* errors */
	const char *e400, *e403, *e404, *e405, *e413, *e429, *e500, *e_other, *back_home,
	           *bad_field, *bad_agency, *not_saved;
};

const struct webtext *webtext(enum web_lang lang);

#endif
