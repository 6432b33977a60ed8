/*
 * webpage_stub — stand-in pages (lib/webpage.h) for building and testing
 * ykien-web before the real lib/webpage.c exists.  The Makefile links it
 * only when lib/webpage.c is absent; it is not the desk's pages.
 */
#include <stdio.h>
#include <string.h>

#include "webpage.h"

static void
page(struct web_resp *rs, const char *title, const char *csrf)
{
	buf_printf(&rs->body, "<!DOCTYPE html><html lang=\"vi\"><head><title>%s</title>"
	           "<link rel=\"stylesheet\" href=\"/static/ykien.css\"></head><body><h1>%s</h1>",
	           title, title);
	if (csrf)
		buf_printf(&rs->body, "<nav id=\"nav\"><form id=\"logout\" method=\"post\" "
		           "action=\"/logout\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		           "<button id=\"logout-submit\">logout</button></form></nav>", csrf);
	buf_adds(&rs->body, "</body></html>\n");
}

int
webpage_get(const struct web_req *rq, const char *path, struct web_resp *rs,
            struct yk_err *err)
{
	(void)err;
	if (strcmp(path, "/") && strcmp(path, "/review")) {
		rs->status = 404;
		page(rs, "404", NULL);
		return 0;
	}
	page(rs, rq->user, rq->csrf);
	return 0;
}

int
webpage_post(const struct web_req *rq, const char *path, const struct web_form *form,
             struct web_resp *rs, struct yk_err *err)
{
	(void)rq;
	(void)path;
	(void)form;
	(void)err;
	rs->status = 303;
	rs->location = strdup("/review");
	rs->flash = strdup("done");
	return 0;
}

int
webpage_login(const struct web_req *rq, const char *why, struct web_resp *rs)
{
	buf_printf(&rs->body, "<!DOCTYPE html><html lang=\"vi\"><body>"
	           "<form id=\"login\" method=\"post\" action=\"/login\">"
	           "<input name=\"user\"><input type=\"password\" name=\"password\">"
	           "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	           "<button type=\"submit\" id=\"login-submit\">ok</button></form>", rq->csrf);
	if (why)
		buf_printf(&rs->body, "<p class=\"error\" id=\"login-error\">%s</p>", why);
	buf_adds(&rs->body, "</body></html>\n");
	return 0;
}

int
webpage_error(const struct web_req *rq, int status, const char *why, struct web_resp *rs)
{
	(void)rq;
	rs->status = status;
	buf_printf(&rs->body, "<!DOCTYPE html><html><body><h1>%d</h1><p>%s</p></body></html>\n",
	           status, why ? why : "");
	return 0;
}

const char *
webpage_css(void)
{
	return "body { font-family: sans-serif; }\n";
}
