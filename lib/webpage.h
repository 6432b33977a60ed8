/*
 * webpage — every page of the clerks' web desk, as HTML into a struct
 * web_resp (web.h): the login page, the campaigns, a campaign's status, the
 * review list and its actions, one message and its attachments, the
 * reports to download, the reminders, and the error pages.
 *
 * Vietnamese by default, English when REQ->lang says so (both texts are
 * in lib/webtext.c, side by side).  No script anywhere, no inline style
 * (the server's Content-Security-Policy is default-src 'self'): the look is
 * /static/ykien.css, with a print style.  Every value from a message or a
 * person is escaped for its context; a message's own HTML is shown as text.
 * Every <form method="post"> carries <input type="hidden" name="csrf">.
 *
 * The server has checked the session, the CSRF token, the Origin and the
 * role before calling webpage_get() or webpage_post(); the page functions
 * check only what the URL names (an unknown campaign or message is a 404).
 */
#ifndef YK_WEBPAGE_H
#define YK_WEBPAGE_H

#include "err.h"
#include "web.h"

/* A GET of PATH (no query string; percent-decoded by the server).  Fills RS
 * (status 404 for a path it does not serve).  Returns 0, or an error (then
 * the server answers 500 with webpage_error). */
int webpage_get(const struct web_req *rq, const char *path, struct web_resp *rs,
                struct yk_err *err);

/* A POST of the form FORM to PATH (an action of a clerk): performs it,
 * recorded with REQ->user, and answers 303 to the page to show next, with
 * a notice in RS->flash.  A wrong value is a 400 page that says which. */
int webpage_post(const struct web_req *rq, const char *path, const struct web_form *form,
                 struct web_resp *rs, struct yk_err *err);

/* The login page; WHY (plain text, may be NULL) says why the last attempt
 * failed.  REQ->user is NULL; REQ->csrf is the login form's token. */
int webpage_login(const struct web_req *rq, const char *why, struct web_resp *rs);

/* An error page of STATUS (400 403 404 405 413 429 500) with WHY (plain
 * text, may be NULL). */
int webpage_error(const struct web_req *rq, int status, const char *why, struct web_resp *rs);

/* The style sheet served at /static/ykien.css. */
const char *webpage_css(void);

#endif
