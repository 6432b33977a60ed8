/*
 * web — what the clerks' web desk (daemon/ykien-web.c) and its pages
 * (lib/webpage.h) share: one request as a page sees it, one response as
 * the server sends it, and a decoded form.
 *
 * The server (daemon/ykien-web.c over GNU libmicrohttpd) owns sessions,
 * logins, the CSRF token, the Origin check, roles and the security
 * headers: by the time a page function runs, the request is from a
 * logged-in user, and a POST has passed the CSRF, Origin and role checks.
 * Pages own every byte of HTML (the login page and the error pages too)
 * and every escaping of what agencies wrote.
 *
 * struct web_resp is owned by the caller (web_resp_init/web_resp_free);
 * the page fills it.  Strings in struct web_req and struct web_form are
 * borrowed for the duration of the call.
 */
#ifndef YK_WEB_H
#define YK_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "store.h"

enum web_lang { WEB_VI, WEB_EN };   /* Vietnamese is the default */

/* Hard bounds (a request larger than these is refused with 413). */
#define WEB_MAX_FORM_BYTES  (256u * 1024u)   /* a POSTed form, urlencoded */
#define WEB_MAX_FIELDS      64u
#define WEB_MAX_PAGE_BYTES  (64u << 20)      /* a response body */

struct web_field {
	const char *name;
	const char *value;
};

/* A decoded application/x-www-form-urlencoded body. */
struct web_form {
	struct web_field *f;
	size_t n;
	char *mem;                 /* owns the strings f[] points into */
};

/* Parses BODY (LEN bytes; percent-decoding, '+' as space) into FORM:
 * YK_EINVAL for a malformed escape or a name or value that is not UTF-8,
 * YK_ELIMIT beyond WEB_MAX_FIELDS.  web_form_free() releases it. */
int web_form_parse(const char *body, size_t len, struct web_form *form);
void web_form_free(struct web_form *form);
/* The first value of NAME, or NULL. */
const char *web_form_get(const struct web_form *form, const char *name);

struct web_req {
	const struct yk_config *cfg;
	struct store *st;          /* this thread's connection, WAL, busy timeout */
	const char *archive;       /* the archive root (cfg's storage.archive) */
	enum web_lang lang;
	const char *user;          /* the login; NULL on the login page */
	bool can_write;            /* role clerk (a viewer only reads) */
	const char *csrf;          /* the session's token: a hidden field "csrf" in every form */
	const char *flash;         /* a one-line notice after a POST (already plain text), or NULL */
	time_t now;
};

struct web_resp {
	int status;                /* 200, 303, 400, 403, 404, 500 … */
	const char *content_type;  /* a string literal; NULL: "text/html; charset=utf-8" */
	struct buf body;
	char *location;            /* a 303's target (a path), malloc'd, or NULL */
	char *disposition;         /* the whole Content-Disposition value, malloc'd, or NULL:
	                            * always "attachment; filename=…; filename*=UTF-8''…"
	                            * for what comes from a message (web_disposition) */
	char *flash;               /* with a 303: the notice for the next page, malloc'd, or NULL */
};

void web_resp_init(struct web_resp *rs);
void web_resp_free(struct web_resp *rs);

/* "attachment; filename=\"SAFE\"; filename*=UTF-8''PCT": SAFE is NAME with
 * everything but [A-Za-z0-9._-] made '_' (never empty, no leading dot),
 * PCT the RFC 5987 encoding of NAME with control characters, '/' and '\\'
 * dropped.  Returns a malloc'd string or NULL. */
char *web_disposition(const char *name);

#endif
